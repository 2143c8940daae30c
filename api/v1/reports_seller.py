"""A seller's sales report (market/reports/seller.py): the firm's sales by period, product, channel and buyer
district, refunds, settlement balance and when the figures were computed; the same tables as CSV and XLSX. Every
view inherits SellerScopedMixin: a seller reads their own firm's figures only."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import SellerScopedMixin
from api.v1.orders import SettlementBalancesSerializer
from market.reports.filters import GRANULARITIES, parse_report_filters
from market.reports.models import SalesChannel
from market.reports.sales import refresh_period_seconds
from market.reports.seller import (
    TABLES,
    Figures,
    SellerSalesReport,
    check_table,
    report_csv,
    report_xlsx,
    seller_sales_report,
)

FILTERS = ("from", "to", "granularity", "channel")
PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD); by default as far back as fits"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (YYYY-MM-DD); today by default"),
    OpenApiParameter("granularity", str, enum=list(GRANULARITIES), description="day, week (from Monday) or month"),
    OpenApiParameter("channel", str, enum=list(SalesChannel.values), description="Only citizens' or agencies' sales"),
]
TABLE = OpenApiParameter("table", str, enum=list(TABLES), description="Which table (series by default)")
CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte-order mark.")}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="An XLSX workbook, one sheet per table.")}


class SellerSalesFiguresSerializer(serializers.Serializer):
    gross = serializers.IntegerField(help_text="Won sold, VAT included")
    refunds = serializers.IntegerField(help_text="Won given back (booked in the period)")
    net = serializers.IntegerField(help_text="gross - refunds")
    quantity = serializers.IntegerField(help_text="Units sold")
    lines = serializers.IntegerField(help_text="Sale lines")


class SellerSalesPeriodSerializer(SellerSalesFiguresSerializer):
    period = serializers.DateField(help_text="The period's first day")


class SellerSalesProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(allow_null=True, help_text="null: sales with no product (free-text, removed)")
    title = serializers.CharField(allow_blank=True)
    gross = serializers.IntegerField()
    quantity = serializers.IntegerField()
    lines = serializers.IntegerField()


class SellerSalesChannelSerializer(SellerSalesFiguresSerializer):
    channel = serializers.CharField(help_text="citizen or agency")
    label = serializers.CharField()


class SellerSalesDistrictSerializer(SellerSalesFiguresSerializer):
    district = serializers.CharField(allow_null=True, help_text="The buyer's district code at the sale; null: unknown")
    name_ko = serializers.CharField(allow_blank=True)
    name_en = serializers.CharField(allow_blank=True)
    own = serializers.BooleanField(help_text="The firm's own district")


class SellerSalesLocalSerializer(serializers.Serializer):
    gross = serializers.IntegerField()
    refunds = serializers.IntegerField()
    net = serializers.IntegerField()


class SellerSalesReportSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    granularity = serializers.ChoiceField(choices=list(GRANULARITIES))
    channel = serializers.CharField(allow_null=True, help_text="The channel asked for (citizen or agency); null: both")
    computed_at = serializers.DateTimeField(allow_null=True, help_text="When the figures were computed; null: never")
    refresh_seconds = serializers.IntegerField(help_text="How often they are recomputed")
    totals = SellerSalesFiguresSerializer()
    local = SellerSalesLocalSerializer(help_text="Sold to buyers in the firm's own district (as kept at the sale)")
    series = SellerSalesPeriodSerializer(many=True, help_text="Every period of the range, zeros included")
    top_products = SellerSalesProductSerializer(many=True, help_text="By gross; refunds have no product (see totals)")
    other_products = SellerSalesProductSerializer(help_text="Every product after the top ones, summed")
    product_count = serializers.IntegerField()
    by_channel = SellerSalesChannelSerializer(many=True)
    by_district = SellerSalesDistrictSerializer(many=True, help_text="Buyer districts with sales or refunds, by net")
    balances = SettlementBalancesSerializer(help_text="The firm's settlement balance now (not pre-aggregated)")


def _figures(figures: Figures) -> dict:
    return {
        "gross": figures.gross,
        "refunds": figures.refunds,
        "net": figures.net,
        "quantity": figures.quantity,
        "lines": figures.lines,
    }


def _product(product_id, title, figures: Figures) -> dict:
    return {
        "product_id": product_id,
        "title": title,
        "gross": figures.gross,
        "quantity": figures.quantity,
        "lines": figures.lines,
    }


def report_data(report: SellerSalesReport) -> dict:
    filters = report.filters
    return SellerSalesReportSerializer(
        {
            "date_from": filters.date_from,
            "date_to": filters.date_to,
            "granularity": filters.granularity,
            "channel": filters.channel,
            "computed_at": report.computed_at,
            "refresh_seconds": refresh_period_seconds(),
            "totals": _figures(report.totals),
            "local": {"gross": report.local_gross, "refunds": report.local_refunds, "net": report.local_net},
            "series": [{"period": entry.period, **_figures(entry.figures)} for entry in report.series],
            "top_products": [_product(p.product_id, p.title, p.figures) for p in report.top_products],
            "other_products": _product(None, "", report.other_products),
            "product_count": report.product_count,
            "by_channel": [{"channel": c.channel, "label": c.label, **_figures(c.figures)} for c in report.by_channel],
            "by_district": [
                {
                    "district": d.district,
                    "name_ko": d.name_ko,
                    "name_en": d.name_en,
                    "own": d.own,
                    **_figures(d.figures),
                }
                for d in report.by_district
            ],
            "balances": report.balances,
        }
    ).data


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _SellerReportView(SellerScopedMixin, APIView):
    def report(self) -> SellerSalesReport:
        filters = parse_report_filters(self.request.query_params, allow=FILTERS)
        return seller_sales_report(firm=self.get_firm(), filters=filters)

    @staticmethod
    def filename(report: SellerSalesReport, suffix: str) -> str:
        f = report.filters
        return f"sales-{f.granularity}-{f.date_from.isoformat()}-{f.date_to.isoformat()}{suffix}"


class SellerSalesReportView(_SellerReportView):
    """Your firm's sales over a period (by day, week or month): gross, refunds and net by period, product, channel
    and buyer district; the settlement balance; when the figures were computed."""

    @extend_schema(parameters=PARAMETERS, responses=SellerSalesReportSerializer, operation_id="seller_reports_sales")
    def get(self, request):
        return Response(report_data(self.report()))


class SellerSalesReportCsv(_SellerReportView):
    """One table of your firm's sales report (series, products, channels or districts) as CSV."""

    @extend_schema(parameters=[*PARAMETERS, TABLE], responses=CSV, summary="One table of the sales report as CSV")
    def get(self, request):
        table = check_table(request.query_params.get("table"))
        report = self.report()
        return _download(report_csv(report, table), "text/csv; charset=utf-8", self.filename(report, f"-{table}.csv"))


class SellerSalesReportXlsx(_SellerReportView):
    """Your firm's sales report as an XLSX workbook, one sheet per table."""

    @extend_schema(parameters=PARAMETERS, responses=XLSX, summary="The sales report as XLSX (one sheet per table)")
    def get(self, request):
        report = self.report()
        return _download(report_xlsx(report), XLSX_TYPE, self.filename(report, ".xlsx"))
