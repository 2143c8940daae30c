"""Purchase performance: an agency's figures per procurement regime for a year and its annual plan/results table
(CSV, XLSX); its total purchasing per year (entered or imported) and plan targets; operators' regimes, firms'
qualifications and the city's figures. Agency endpoints inherit AgencyScopedMixin (another agency's rows are never
read); roles are checked by the services (market/procurement/services/performance.py): any member reads, admins
write."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin, IsOperator
from market.firms.models import Firm
from market.procurement.models import (
    Agency,
    AgencyPlanTarget,
    AgencyStatus,
    AgencyYear,
    FirmQualification,
    ProcurementRegime,
    QualificationKind,
)
from market.procurement.selectors.performance import (
    KIND_LABELS,
    PerformanceReport,
    agency_performance,
    results_csv,
    results_xlsx,
)
from market.procurement.services.performance import (
    agency_plan_target_set,
    agency_year_set,
    agency_years_import,
    check_year,
    firm_qualification_add,
    firm_qualification_end,
    firm_qualification_revoke,
    regime_update,
)

YEAR = OpenApiParameter("year", int, required=True, description="The year (acceptances from 1 January to 31 December).")
CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte-order mark.")}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="An XLSX workbook of one sheet.")}


# --- the report -------------------------------------------------------------------------------------------------------
class MonthAmountSerializer(serializers.Serializer):
    month = serializers.IntegerField(min_value=1, max_value=12)
    amount = serializers.IntegerField()


class KindAmountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="social_enterprise, pre_social, cooperative, …, or none")
    label = serializers.CharField()
    amount = serializers.IntegerField()


class DistrictAmountSerializer(serializers.Serializer):
    district = serializers.CharField(help_text="The firm's district code")
    amount = serializers.IntegerField()


class BreakdownSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Won, VAT included, net of refunds")
    by_month = MonthAmountSerializer(many=True, help_text="By acceptance month, all 12")
    by_kind = KindAmountSerializer(many=True, help_text="By the firm's reported kind at acceptance")
    by_district = DistrictAmountSerializer(many=True, help_text="By the firm's district, all 25")


class RegimeResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    target_rate = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="0.0500 for 5%")
    counted = serializers.IntegerField(help_text="Won bought from firms that qualified on the acceptance day")
    share = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="counted / total purchasing, 4 places, halves up"
    )
    target_amount = serializers.IntegerField(help_text="ceil(target rate x total purchasing), won")
    gap = serializers.IntegerField(help_text="max(0, target_amount - counted), won")
    planned = serializers.IntegerField(allow_null=True, help_text="The agency's plan target for the year, won")
    breakdown = BreakdownSerializer()


class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PerformanceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    agency = AgencyBriefSerializer(allow_null=True, help_text="null: every agency (the city)")
    total_purchasing = serializers.IntegerField()
    total_recorded = serializers.BooleanField(help_text="Whether the year's total purchasing was entered")
    marketplace = BreakdownSerializer(help_text="Every accepted purchase through the marketplace, whatever regime")
    regimes = RegimeResultSerializer(many=True)


def _breakdown(breakdown) -> dict:
    return {
        "total": breakdown.total,
        "by_month": [{"month": month, "amount": amount} for month, amount in breakdown.by_month.items()],
        "by_kind": [
            {"kind": kind, "label": KIND_LABELS[kind], "amount": amount} for kind, amount in breakdown.by_kind.items()
        ],
        "by_district": [{"district": district, "amount": amount} for district, amount in breakdown.by_district.items()],
    }


def performance_data(report: PerformanceReport) -> dict:
    return PerformanceSerializer(
        {
            "year": report.year,
            "agency": {"id": report.agency.pk, "name": report.agency.name} if report.agency else None,
            "total_purchasing": report.total_purchasing,
            "total_recorded": report.total_recorded,
            "marketplace": _breakdown(report.marketplace),
            "regimes": [
                {
                    "code": result.regime.code,
                    "name": result.regime.name,
                    "target_rate": result.target_rate,
                    "counted": result.counted,
                    "share": result.share,
                    "target_amount": result.target_amount,
                    "gap": result.gap,
                    "planned": result.planned,
                    "breakdown": _breakdown(result.breakdown),
                }
                for result in report.regimes
            ],
        }
    ).data


def _year(request) -> int:
    return check_year(request.query_params.get("year"))


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class AgencyPerformance(AgencyScopedMixin, APIView):
    """Your agency's purchase performance in a year, per procurement regime: counted, share of total purchasing,
    target, gap, plan; month by month, by firm kind and by district (any member)."""

    @extend_schema(parameters=[YEAR], responses=PerformanceSerializer)
    def get(self, request):
        year = _year(request)
        return Response(performance_data(agency_performance(self.get_agency(), year)))


class AgencyPerformanceCsv(AgencyScopedMixin, APIView):
    @extend_schema(parameters=[YEAR], responses=CSV, summary="The annual plan/results table as CSV")
    def get(self, request):
        year = _year(request)
        report = agency_performance(self.get_agency(), year)
        return _download(results_csv(report), "text/csv; charset=utf-8", f"purchase-performance-{year}.csv")


class AgencyPerformanceXlsx(AgencyScopedMixin, APIView):
    @extend_schema(parameters=[YEAR], responses=XLSX, summary="The annual plan/results table as XLSX")
    def get(self, request):
        year = _year(request)
        report = agency_performance(self.get_agency(), year)
        return _download(results_xlsx(report), XLSX_TYPE, f"purchase-performance-{year}.xlsx")


# --- an agency's years and plans --------------------------------------------------------------------------------------
class AgencyYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyYear
        fields = ["id", "year", "total_purchasing", "updated_at"]
        read_only_fields = fields


class AgencyYearInputSerializer(serializers.Serializer):
    # Ranges are the service's (check_year, whole won within the column), each with its own message.
    year = serializers.IntegerField(help_text="The year, e.g. 2025")
    total_purchasing = serializers.IntegerField(help_text="Won, VAT included, every supplier")


class AgencyYearsImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV (UTF-8 or CP949) or XLSX: columns year (연도), total_purchasing (총구매액)"
    )


class AgencyYears(AgencyScopedMixin, generics.ListAPIView):
    """Your agency's total purchasing per year (any member reads; admins record a year, which replaces it)."""

    serializer_class = AgencyYearSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgencyYear.objects.none()
        return AgencyYear.objects.filter(agency=self.get_agency()).order_by("-year")

    @extend_schema(request=AgencyYearInputSerializer, responses=AgencyYearSerializer)
    def post(self, request):
        serializer = AgencyYearInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = agency_year_set(actor=self.get_membership(), **serializer.validated_data)
        return Response(AgencyYearSerializer(record).data)


class AgencyYearsImport(AgencyScopedMixin, APIView):
    """Import total purchasing per year from a file (admins); all rows or none, every bad row named."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=AgencyYearsImportSerializer, responses=AgencyYearSerializer(many=True))
    def post(self, request):
        serializer = AgencyYearsImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        records = agency_years_import(actor=self.get_membership(), file=upload, filename=upload.name)
        return Response(AgencyYearSerializer(records, many=True).data)


class AgencyPlanTargetSerializer(serializers.ModelSerializer):
    regime = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AgencyPlanTarget
        fields = ["id", "year", "regime", "target_amount"]
        read_only_fields = fields


class AgencyPlanTargetInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The year, e.g. 2025")
    regime = serializers.SlugRelatedField(slug_field="code", queryset=ProcurementRegime.objects.all())
    target_amount = serializers.IntegerField(help_text="Won the agency plans to buy under the regime")


class AgencyPlanTargets(AgencyScopedMixin, generics.ListAPIView):
    """Your agency's plan targets per regime (filter by year); admins file one (it replaces the year's)."""

    serializer_class = AgencyPlanTargetSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgencyPlanTarget.objects.none()
        targets = AgencyPlanTarget.objects.filter(agency=self.get_agency()).select_related("regime")
        if self.request.query_params.get("year") not in (None, ""):
            targets = targets.filter(year=check_year(self.request.query_params["year"]))
        return targets.order_by("-year", "regime__position")

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)], responses=AgencyPlanTargetSerializer(many=True)
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AgencyPlanTargetInputSerializer, responses=AgencyPlanTargetSerializer)
    def post(self, request):
        serializer = AgencyPlanTargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = agency_plan_target_set(actor=self.get_membership(), **serializer.validated_data)
        return Response(AgencyPlanTargetSerializer(target).data)


# --- operators: regimes, qualifications, the city ---------------------------------------------------------------------
class RegimeSerializer(serializers.ModelSerializer):
    designation_kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    qualification_kind = serializers.CharField(read_only=True, help_text="Blank for a regime of designations")

    class Meta:
        model = ProcurementRegime
        fields = ["id", "code", "name", "target_rate", "basis", "designation_kinds", "qualification_kind", "active"]
        read_only_fields = fields


class RegimeUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=100)
    target_rate = serializers.CharField(required=False, help_text="A share from 0 to 1, 4 places at most: 0.05")
    designation_kinds = serializers.ListField(child=serializers.CharField(), required=False)
    qualification_kind = serializers.CharField(required=False)
    active = serializers.BooleanField(required=False)


class OperatorRegimes(generics.ListAPIView):
    """The procurement regimes: which firms count and the target share of an agency's purchasing."""

    permission_classes = [IsOperator]
    serializer_class = RegimeSerializer
    pagination_class = None
    queryset = ProcurementRegime.objects.order_by("position", "id")


class OperatorRegimeDetail(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=RegimeUpdateSerializer, responses=RegimeSerializer)
    def patch(self, request, pk):
        regime = get_object_or_404(ProcurementRegime, pk=pk)
        serializer = RegimeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        regime = regime_update(operator=request.user, regime=regime, **serializer.validated_data)
        return Response(RegimeSerializer(regime).data)


KINDS_HELP = "One of " + ", ".join(QualificationKind.values)


class FirmQualificationSerializer(serializers.ModelSerializer):
    firm_name = serializers.CharField(source="firm.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KINDS_HELP)

    class Meta:
        model = FirmQualification
        fields = [
            "id",
            "firm",
            "firm_name",
            "kind",
            "number",
            "issuer",
            "start_date",
            "end_date",
            "revoked_on",
            "revoked_reason",
        ]
        read_only_fields = fields


class FirmQualificationInputSerializer(serializers.Serializer):
    firm = serializers.PrimaryKeyRelatedField(queryset=Firm.objects.all())
    kind = serializers.CharField(help_text=KINDS_HELP)  # checked by the service, with its own message
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=100)


class FirmQualificationRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    effective_on = serializers.DateField(required=False, help_text="From this day it no longer counts (today)")


class FirmQualificationEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(help_text="The certificate's last day")


class OperatorFirmQualifications(generics.ListAPIView):
    """Firms' certifications other than designations (women-owned, disabled-owned, …); record one."""

    permission_classes = [IsOperator]
    serializer_class = FirmQualificationSerializer
    filterset_fields = {"firm": ["exact"], "kind": ["exact"]}
    queryset = FirmQualification.objects.select_related("firm").order_by("firm_id", "kind", "start_date", "id")

    @extend_schema(request=FirmQualificationInputSerializer, responses={201: FirmQualificationSerializer})
    def post(self, request):
        serializer = FirmQualificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        qualification = firm_qualification_add(operator=request.user, **serializer.validated_data)
        return Response(FirmQualificationSerializer(qualification).data, status=status.HTTP_201_CREATED)


class OperatorFirmQualificationRevoke(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=FirmQualificationRevokeSerializer, responses=FirmQualificationSerializer)
    def post(self, request, pk):
        qualification = get_object_or_404(FirmQualification.objects.select_related("firm"), pk=pk)
        serializer = FirmQualificationRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        qualification = firm_qualification_revoke(
            operator=request.user, qualification=qualification, **serializer.validated_data
        )
        return Response(FirmQualificationSerializer(qualification).data)


class OperatorFirmQualificationEnd(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=FirmQualificationEndSerializer, responses=FirmQualificationSerializer)
    def post(self, request, pk):
        qualification = get_object_or_404(FirmQualification.objects.select_related("firm"), pk=pk)
        serializer = FirmQualificationEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        qualification = firm_qualification_end(
            operator=request.user, qualification=qualification, end_date=serializer.validated_data["end_date"]
        )
        return Response(FirmQualificationSerializer(qualification).data)


class OperatorPerformance(APIView):
    """Every agency's purchases together in a year (the city's figures, against the totals agencies recorded)."""

    permission_classes = [IsOperator]

    @extend_schema(parameters=[YEAR], responses=PerformanceSerializer)
    def get(self, request):
        return Response(performance_data(agency_performance(None, _year(request))))


class OperatorAgencyPerformance(APIView):
    """One agency's figures in a year, as the agency sees them."""

    permission_classes = [IsOperator]

    @extend_schema(parameters=[YEAR], responses=PerformanceSerializer)
    def get(self, request, pk):
        agency = get_object_or_404(Agency, pk=pk, status=AgencyStatus.APPROVED)
        return Response(performance_data(agency_performance(agency, _year(request))))
