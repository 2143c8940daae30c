"""Reports for the city and its districts (market/reports/city.py), and the operators' list of district officers.

- `operator/reports/city/` (operators): the whole city, or one district with `district=`;
- `reports/districts/<code>/` (operators, and the officers of that district): one district's figures;
- `reports/access/`: what the caller may open (operators: every district; an officer: their own);
- exports of the report's tables as CSV and XLSX next to each;
- `operator/reports/district-officers/`: appoint (POST) and list officers; DELETE one to remove it.
Filters (from, to, district, firm_kind) are parsed by market/reports/filters.py: a bad one is a 400 naming it.
"""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsOperator
from market.core.errors import ApplicationError, NotFound, PermissionDenied
from market.firms.models import District
from market.procurement.selectors.performance import KIND_LABELS, REPORTED_KINDS
from market.reports.city import TABLES, CityReport, city_report, report_csv, report_xlsx
from market.reports.filters import ReportFilters, parse_report_filters
from market.reports.models import DistrictOfficer
from market.reports.services import officer_appoint, officer_district, officer_remove

FILTERS = ("from", "to", "district", "firm_kind")
PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD); 11 months before `to` by default"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (YYYY-MM-DD); today by default"),
    OpenApiParameter("firm_kind", str, description="A reported firm kind: " + ", ".join(REPORTED_KINDS)),
]
DISTRICT = OpenApiParameter("district", str, description="A district code: that district's figures only")
TABLE = OpenApiParameter("table", str, required=True, enum=list(TABLES), description="Which table to export")
CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte-order mark.")}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="An XLSX workbook of one sheet.")}


class IsOperatorOrDistrictOfficer(BasePermission):
    """Operators see every district; a district officer only the district in the path (`code`)."""

    message = "Only operators and this district's officers may see its figures."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_staff or officer_district(user) == view.kwargs.get("code")


# --- serializers ------------------------------------------------------------------------------------------------------
class CityDistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()


class CityMoneySerializer(serializers.Serializer):
    gross = serializers.IntegerField(help_text="Won sold, VAT included")
    refunds = serializers.IntegerField(help_text="Won refunded in the period (booked then)")
    net = serializers.IntegerField(help_text="gross - refunds")


class CitySellerDistrictSerializer(serializers.Serializer):
    district = CityDistrictSerializer()
    sales = CityMoneySerializer(help_text="Sales by the firms of this district, to buyers anywhere")
    local_net = serializers.IntegerField(help_text="Net sales to buyers of the same district")
    local_share = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="local_net / net, 4 places, halves up"
    )


class CityBuyerDistrictSerializer(serializers.Serializer):
    district = CityDistrictSerializer(allow_null=True, help_text="null: buyers of no known district")
    sales = CityMoneySerializer(help_text="Purchases by the buyers of this district, from firms anywhere")
    local_net = serializers.IntegerField(help_text="Net purchases from firms of the same district")


class CityLocalCirculationSerializer(serializers.Serializer):
    total_net = serializers.IntegerField(help_text="Net sales of the scope's firms")
    same_district_net = serializers.IntegerField(help_text="… to buyers of the firm's own district")
    same_district_share = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    seoul_net = serializers.IntegerField(help_text="… to buyers of any known (Seoul) district")
    seoul_share = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)


class CityMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    sales = CityMoneySerializer()
    local_net = serializers.IntegerField()
    growth = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="Net over the previous month's net, minus 1"
    )


class CityYearPurchasingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    sales = CityMoneySerializer(help_text="Agencies' accepted deliveries through the marketplace (and their refunds)")
    goal_share = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="net / the city's goal amount"
    )


class CityPublishedFigureSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["actual", "goal"])
    year = serializers.IntegerField(allow_null=True)
    amount = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    source = serializers.CharField()


class CityKindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class CityDistrictFirmsSerializer(serializers.Serializer):
    district = CityDistrictSerializer()
    firms = serializers.IntegerField(help_text="Verified firms")
    by_kind = CityKindCountSerializer(many=True, help_text="By the kind reported on the period's last day")
    listings = serializers.IntegerField(help_text="Public listings now")
    active_sellers = serializers.IntegerField(help_text="Firms with a sale in the period")
    new_designations = serializers.IntegerField()
    lapses = serializers.IntegerField(help_text="Designations expired or revoked in the period")


class CityFiltersSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    district = serializers.CharField(allow_null=True)
    firm_kind = serializers.CharField(allow_null=True)


class CityReportSerializer(serializers.Serializer):
    filters = CityFiltersSerializer()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the sales figures were computed (null: not yet)"
    )
    totals = CityMoneySerializer(help_text="Sales of the scope's firms")
    by_seller_district = CitySellerDistrictSerializer(many=True)
    by_buyer_district = CityBuyerDistrictSerializer(many=True)
    local = CityLocalCirculationSerializer()
    months = CityMonthSerializer(many=True)
    purchasing = CityYearPurchasingSerializer(many=True)
    city_figures = CityPublishedFigureSerializer(many=True)
    firms = CityDistrictFirmsSerializer(many=True)


def _district(district):
    if district is None:
        return None
    return {"code": district.code, "name_ko": district.name_ko, "name_en": district.name_en}


def _money(money):
    return {"gross": money.gross, "refunds": money.refunds, "net": money.net}


def report_data(report: CityReport) -> dict:
    return CityReportSerializer(
        {
            "filters": {
                "date_from": report.filters.date_from,
                "date_to": report.filters.date_to,
                "district": report.filters.district,
                "firm_kind": report.filters.firm_kind,
            },
            "computed_at": report.computed_at,
            "totals": _money(report.totals),
            "by_seller_district": [
                {
                    "district": _district(row.district),
                    "sales": _money(row.sales),
                    "local_net": row.local_net,
                    "local_share": row.local_share,
                }
                for row in report.by_seller_district
            ],
            "by_buyer_district": [
                {"district": _district(row.district), "sales": _money(row.sales), "local_net": row.local_net}
                for row in report.by_buyer_district
            ],
            "local": vars(report.local),
            "months": [
                {
                    "month": row.month.strftime("%Y-%m"),
                    "sales": _money(row.sales),
                    "local_net": row.local_net,
                    "growth": row.growth,
                }
                for row in report.months
            ],
            "purchasing": [
                {"year": row.year, "sales": _money(row.sales), "goal_share": row.goal_share}
                for row in report.purchasing
            ],
            "city_figures": [vars(figure) for figure in report.city_figures],
            "firms": [
                {
                    "district": _district(row.district),
                    "firms": row.firms,
                    "by_kind": [
                        {"kind": kind, "label": KIND_LABELS[kind], "count": count}
                        for kind, count in row.by_kind.items()
                    ],
                    "listings": row.listings,
                    "active_sellers": row.active_sellers,
                    "new_designations": row.new_designations,
                    "lapses": row.lapses,
                }
                for row in report.firms
            ],
        }
    ).data


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _table(request) -> str:
    table = request.query_params.get("table", "")
    if table not in TABLES:
        raise ApplicationError(
            _("Choose a table to export: %(tables)s.") % {"tables": ", ".join(TABLES)},
            code="invalid_choice",
            field="table",
        )
    return table


# --- views ------------------------------------------------------------------------------------------------------------
class _CityReportBase(APIView):
    """The city's report (operators) or one district's (the `code` in the path): the filters, then the figures."""

    def filters(self, request) -> ReportFilters:
        code = self.kwargs.get("code")
        if code is None:
            return parse_report_filters(request.query_params, allow=FILTERS)
        if not District.objects.filter(code=code).exists():
            raise NotFound(_("Unknown district code %(code)r.") % {"code": code})
        # The district is the path's, whatever the query says: an officer's view never widens.
        parsed = parse_report_filters(request.query_params, allow=("from", "to", "firm_kind"))
        return ReportFilters(
            date_from=parsed.date_from,
            date_to=parsed.date_to,
            granularity=parsed.granularity,
            district=code,
            firm_kind=parsed.firm_kind,
        )

    def report(self, request) -> CityReport:
        return city_report(self.filters(request))

    def filename(self, table: str, extension: str) -> str:
        report_filters = self.filters(self.request)
        scope = report_filters.district or "seoul"
        return f"city-report-{scope}-{table}-{report_filters.date_from}-{report_filters.date_to}.{extension}"


class OperatorCityReport(_CityReportBase):
    """The city's marketplace figures for a period: sales by seller and buyer district, local circulation, months,
    public purchasing against the city's goal, and firms by district and kind (operators)."""

    permission_classes = [IsOperator]

    @extend_schema(parameters=[*PARAMETERS, DISTRICT], responses=CityReportSerializer)
    def get(self, request):
        return Response(report_data(self.report(request)))


class OperatorCityReportCsv(_CityReportBase):
    permission_classes = [IsOperator]

    @extend_schema(parameters=[*PARAMETERS, DISTRICT, TABLE], responses=CSV, summary="A table of the report as CSV")
    def get(self, request):
        table = _table(request)
        return _download(
            report_csv(self.report(request), table), "text/csv; charset=utf-8", self.filename(table, "csv")
        )


class OperatorCityReportXlsx(_CityReportBase):
    permission_classes = [IsOperator]

    @extend_schema(parameters=[*PARAMETERS, DISTRICT, TABLE], responses=XLSX, summary="A table of the report as XLSX")
    def get(self, request):
        table = _table(request)
        return _download(report_xlsx(self.report(request), table), XLSX_TYPE, self.filename(table, "xlsx"))


class DistrictReport(_CityReportBase):
    """One district's figures: for operators and for that district's officers (another district's officer: 403)."""

    permission_classes = [IsOperatorOrDistrictOfficer]

    @extend_schema(parameters=PARAMETERS, responses=CityReportSerializer)
    def get(self, request, code):
        return Response(report_data(self.report(request)))


class DistrictReportCsv(_CityReportBase):
    permission_classes = [IsOperatorOrDistrictOfficer]

    @extend_schema(parameters=[*PARAMETERS, TABLE], responses=CSV, summary="A table of the report as CSV")
    def get(self, request, code):
        table = _table(request)
        return _download(
            report_csv(self.report(request), table), "text/csv; charset=utf-8", self.filename(table, "csv")
        )


class DistrictReportXlsx(_CityReportBase):
    permission_classes = [IsOperatorOrDistrictOfficer]

    @extend_schema(parameters=[*PARAMETERS, TABLE], responses=XLSX, summary="A table of the report as XLSX")
    def get(self, request, code):
        table = _table(request)
        return _download(report_xlsx(self.report(request), table), XLSX_TYPE, self.filename(table, "xlsx"))


class ReportAccessSerializer(serializers.Serializer):
    operator = serializers.BooleanField(help_text="Sees every district")
    district = CityDistrictSerializer(allow_null=True, help_text="The district an officer sees (null: operators)")


class ReportAccess(APIView):
    """Which city and district reports the caller may open: operators every district, an officer their own;
    anyone else 403."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ReportAccessSerializer)
    def get(self, request):
        user = request.user
        if user.is_staff:
            return Response(ReportAccessSerializer({"operator": True, "district": None}).data)
        code = officer_district(user)
        if code is None:
            raise PermissionDenied(_("Only operators and district officers may see the city's reports."))
        district = District.objects.get(code=code)
        return Response(ReportAccessSerializer({"operator": False, "district": _district(district)}).data)


# --- district officers (operators) ------------------------------------------------------------------------------------
class DistrictOfficerSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = DistrictOfficer
        fields = ["id", "user", "email", "district", "created_at"]
        read_only_fields = fields


class DistrictOfficerInputSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The account to appoint (it must exist)")
    district = serializers.CharField(help_text="A district code")


class OperatorDistrictOfficers(generics.ListAPIView):
    """District officers (support-centre staff who see their own district's figures); appoint one (an officer of
    another district moves to this one)."""

    permission_classes = [IsOperator]
    serializer_class = DistrictOfficerSerializer
    queryset = DistrictOfficer.objects.select_related("user").order_by("district_id", "user__email")
    filterset_fields = {"district": ["exact"]}

    @extend_schema(request=DistrictOfficerInputSerializer, responses={201: DistrictOfficerSerializer})
    def post(self, request):
        serializer = DistrictOfficerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = get_user_model().objects.filter(email__iexact=data["email"]).first()
        if user is None:
            raise ApplicationError(_("No account has this e-mail address."), code="unknown_user", field="email")
        district = District.objects.filter(code=data["district"]).first()
        if district is None:
            raise ApplicationError(
                _("Unknown district code %(code)r.") % {"code": data["district"][:20]},
                code="invalid_choice",
                field="district",
            )
        officer = officer_appoint(actor=request.user, user=user, district=district)
        return Response(DistrictOfficerSerializer(officer).data, status=status.HTTP_201_CREATED)


class OperatorDistrictOfficerDetail(APIView):
    permission_classes = [IsOperator]

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        officer = get_object_or_404(DistrictOfficer, pk=pk)
        officer_remove(actor=request.user, officer=officer)
        return Response(status=status.HTTP_204_NO_CONTENT)
