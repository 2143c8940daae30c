"""Public disclosure (공시): an agency's years, published or withdrawn by its agency admin (agency/disclosures/,
AgencyScopedMixin: only the caller's own agency), and the public page's figures as JSON and as open-data CSV
(public/disclosures/, anyone, throttled per client address, cacheable). Rules: market/reports/disclosure.py."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin
from api.throttling import PublicReportAddressThrottle
from market.procurement.models import AgencyKind
from market.procurement.services.performance import check_year
from market.reports.disclosure import (
    agency_disclosure_years,
    city_progress,
    default_year,
    disclosure_csv,
    disclosure_publish,
    disclosure_unpublish,
    public_years,
    published_disclosures,
)

# Anyone may keep the public figures for a while (they are computed when asked, and change with acceptances).
PUBLIC_CACHE = "public, max-age=300"
PUBLIC_YEAR = OpenApiParameter(
    "year", int, required=False, description="The year; by default the newest year any agency published."
)


# --- an agency's own years ------------------------------------------------------------------------------------------
class DisclosureYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total_purchasing = serializers.IntegerField(allow_null=True, help_text="Won; null: not recorded")
    published = serializers.BooleanField(help_text="Shown on the public page now")
    published_at = serializers.DateTimeField(allow_null=True)
    unpublished_at = serializers.DateTimeField(allow_null=True, help_text="When it was last withdrawn")
    can_publish = serializers.BooleanField(help_text="Not published, begun, and its total purchasing recorded")


class DisclosurePublishSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The year to publish (its total purchasing must be recorded)")


def _year_data(agency, year: int) -> dict:
    row = next(row for row in agency_disclosure_years(agency=agency) if row.year == year)
    return DisclosureYearSerializer(row).data


class AgencyDisclosures(AgencyScopedMixin, APIView):
    """Your agency's years and whether each is on the public page (any member); an agency admin publishes one."""

    @extend_schema(responses=DisclosureYearSerializer(many=True))
    def get(self, request):
        return Response(DisclosureYearSerializer(agency_disclosure_years(agency=self.get_agency()), many=True).data)

    @extend_schema(request=DisclosurePublishSerializer, responses={201: DisclosureYearSerializer})
    def post(self, request):
        serializer = DisclosurePublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disclosure = disclosure_publish(actor=self.get_membership(), year=serializer.validated_data["year"])
        return Response(_year_data(self.get_agency(), disclosure.year), status=status.HTTP_201_CREATED)


class AgencyDisclosureWithdraw(AgencyScopedMixin, APIView):
    @extend_schema(request=DisclosurePublishSerializer, responses=DisclosureYearSerializer)
    def post(self, request):
        """Withdraw a published year from the public page (agency admins)."""
        serializer = DisclosurePublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disclosure = disclosure_unpublish(actor=self.get_membership(), year=serializer.validated_data["year"])
        return Response(_year_data(self.get_agency(), disclosure.year))


# --- the public page ------------------------------------------------------------------------------------------------
class PublicAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    district = serializers.CharField(source="district_id", help_text="District code")
    district_name = serializers.CharField(source="district.name_ko")


class PublicRegimeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    planned = serializers.IntegerField(allow_null=True, help_text="The agency's plan target, won")
    counted = serializers.IntegerField(help_text="Won bought through the marketplace, net of refunds")
    share = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    target_rate = serializers.DecimalField(max_digits=6, decimal_places=4)
    target_amount = serializers.IntegerField()
    gap = serializers.IntegerField()


class PublicDisclosureSerializer(serializers.Serializer):
    agency = PublicAgencySerializer()
    published_at = serializers.DateTimeField()
    total_purchasing = serializers.IntegerField(help_text="Every supplier, VAT included, as the agency recorded it")
    marketplace_total = serializers.IntegerField(help_text="Every accepted purchase through the marketplace")
    regimes = PublicRegimeSerializer(many=True)


class CityFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.IntegerField()


class CityProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    counted_as = serializers.ChoiceField(
        choices=["social_economy", "marketplace"],
        help_text="What `counted` is: the social-economy regime's purchases, or (while that regime is off) all",
    )
    counted = serializers.IntegerField(help_text="Every agency's purchases through the marketplace, won")
    marketplace_total = serializers.IntegerField()
    total_purchasing = serializers.IntegerField(help_text="The agencies' recorded totals, summed")
    share = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    goal_amount = serializers.IntegerField(allow_null=True)
    goal_share = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    goal_progress = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="counted / goal_amount"
    )
    actuals = CityFigureSerializer(many=True, help_text="The city's published actual years, for context")


class PublicDisclosuresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField(), help_text="Years anyone published, newest first")
    city = CityProgressSerializer()
    agencies = PublicDisclosureSerializer(many=True)


def _disclosure(disclosure) -> dict:
    report = disclosure.report
    return {
        "agency": disclosure.agency,
        "published_at": disclosure.published_at,
        "total_purchasing": report.total_purchasing,
        "marketplace_total": report.marketplace.total,
        "regimes": [
            {
                "code": result.regime.code,
                "name": result.regime.name,
                "planned": result.planned,
                "counted": result.counted,
                "share": result.share,
                "target_rate": result.target_rate,
                "target_amount": result.target_amount,
                "gap": result.gap,
            }
            for result in report.regimes
        ],
    }


def _public_year(request) -> int:
    value = request.query_params.get("year")
    return default_year() if value in (None, "") else check_year(value)


class PublicViewMixin:
    permission_classes = [AllowAny]
    throttle_classes = [PublicReportAddressThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if 200 <= response.status_code < 300:
            response["Cache-Control"] = PUBLIC_CACHE
        return response


class PublicDisclosures(PublicViewMixin, APIView):
    """Published agencies' plans and results of a year, and every agency's total against the city's goal."""

    @extend_schema(parameters=[PUBLIC_YEAR], responses=PublicDisclosuresSerializer)
    def get(self, request):
        year = _public_year(request)
        data = {
            "year": year,
            "years": public_years(),
            "city": city_progress(year=year),
            "agencies": [_disclosure(d) for d in published_disclosures(year=year)],
        }
        return Response(PublicDisclosuresSerializer(data).data)


class PublicDisclosuresCsv(PublicViewMixin, APIView):
    @extend_schema(
        parameters=[PUBLIC_YEAR],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte-order mark")
        },
        summary="Published agencies' plans and results of a year as open data (CSV): one row per agency and regime",
    )
    def get(self, request):
        year = _public_year(request)
        response = HttpResponse(
            disclosure_csv(published_disclosures(year=year)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="disclosures-{year}.csv"'
        return response
