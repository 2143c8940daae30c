"""A seller's sales report: one firm's sales over a period from the pre-aggregated `SalesDay` (what counts as a
sale or a refund, and on which day, is decided in `market/reports/sales.py`), with the time it was computed.

- Sales by period (day, week or month; every period of the range, zeros where nothing was sold, so a chart's axis
  is continuous): gross (won sold, VAT included), refunds (won given back that period), net (gross − refunds),
  quantity (units) and lines.
- By product: a product's gross and quantity, largest first. A refund is booked against a firm's part of an order
  or a delivery line, not a product, so it has no product: refunds are shown on their own, never spread over the
  products. Sales without a product (an agency's free-text line, a product since removed) are one row, product None.
- By channel (citizens, agencies) and by the buyer's district (at the sale; None when unknown), each with gross,
  refunds and net; and how much went to buyers in the firm's own district (both districts as kept at the sale).
- The firm's settlement balance (market/payments/settlement.py, live, not pre-aggregated).

Every figure is summed by the database (grouped values().annotate()), on PostgreSQL and SQLite alike; the only
Python loops are over the generated periods, the two channels and the few grouped rows that come back. The tables
come back from one statement (a UNION ALL of the grouped queries, `_report_rows`), compiled once and kept
(market/core/compiled.py): a small firm's report reads a few hundred rows, so building the query was most of its
time.
"""

import datetime
import io
from dataclasses import dataclass

from django.db import router
from django.db.models import BigIntegerField, CharField, DateField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from market.catalog.models import Product
from market.core.compiled import Param, compiled_rows
from market.core.errors import ApplicationError
from market.core.spreadsheet import csv_writer, xlsx_bytes
from market.firms.models import Firm
from market.payments.settlement import firm_balances
from market.reports.filters import ReportFilters, truncate
from market.reports.models import SalesChannel, SalesDay
from market.reports.sales import sales_days_computed_at
from market.reports.union import Null, union_all

TOP_PRODUCTS = 10


@dataclass(frozen=True)
class Figures:
    gross: int = 0
    refunds: int = 0
    quantity: int = 0
    lines: int = 0

    @property
    def net(self) -> int:
        return self.gross - self.refunds


@dataclass(frozen=True)
class PeriodFigures:
    period: datetime.date  # the period's first day
    figures: Figures


@dataclass(frozen=True)
class ProductFigures:
    product_id: int | None  # None: sales with no product (an agency's free-text line, a removed product)
    title: str
    figures: Figures


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class DistrictFigures:
    district: str | None  # the buyer's district code at the sale; None when unknown
    name_ko: str
    name_en: str
    own: bool  # the firm's own (current) district
    figures: Figures


@dataclass(frozen=True)
class SellerSalesReport:
    firm: Firm
    filters: ReportFilters
    computed_at: datetime.datetime | None  # when SalesDay was last rebuilt (None: never)
    totals: Figures
    local_gross: int  # sold to buyers in the firm's own district (both as kept at the sale)
    local_refunds: int
    series: list[PeriodFigures]
    top_products: list[ProductFigures]
    other_products: Figures  # every product after the top ones (gross, quantity, lines), so the rows add up
    product_count: int
    by_channel: list[ChannelFigures]
    by_district: list[DistrictFigures]
    balances: dict  # market.payments.settlement.firm_balances

    @property
    def local_net(self) -> int:
        return self.local_gross - self.local_refunds


# Summed under names of their own (an aggregate may not take a column's name).
_MEASURES = {
    "sum_gross": Sum("gross", default=0),
    "sum_refunds": Sum("refunds", default=0),
    "sum_quantity": Sum("quantity", default=0),
    "sum_lines": Sum("lines", default=0),
}


def _figures(row: dict) -> Figures:
    return Figures(
        gross=row["sum_gross"], refunds=row["sum_refunds"], quantity=row["sum_quantity"], lines=row["sum_lines"]
    )


def seller_sales_days(*, firm: Firm, filters: ReportFilters):
    """The firm's SalesDay rows in the filters' period (and channel, when given)."""
    return _sales_days(
        firm=firm.pk, date_from=filters.date_from, date_to=filters.date_to, channel=filters.channel or None
    )


def _sales_days(*, firm, date_from, date_to, channel=None):
    """A firm's SalesDay rows from `date_from` to `date_to` (in `channel`): values, or `Param`s."""
    rows = SalesDay.objects.filter(firm_id=firm, day__gte=date_from, day__lte=date_to)
    if channel is not None:
        rows = rows.filter(channel=channel)
    return rows


def sales_series(rows, filters: ReportFilters) -> list[PeriodFigures]:
    """Every period of the range in order, with its figures (zeros where nothing was sold)."""
    grouped = rows.annotate(period=filters.truncate("day")).values("period").annotate(**_MEASURES).order_by()
    found = {row["period"]: _figures(row) for row in grouped}  # at most one row per period
    return [PeriodFigures(period=start, figures=found.get(start, Figures())) for start in filters.periods()]


def sales_by_product(rows, *, limit: int | None = TOP_PRODUCTS) -> list[ProductFigures]:
    """Products by gross, largest first (ties by title); refund rows (which have no product) left out."""
    grouped = (
        rows.filter(lines__gt=0)  # a sale row, not a refund (refund rows count no lines)
        .values("product_id", "product__title")
        .annotate(**_MEASURES)
        .order_by("-sum_gross", "product__title", "product_id")
    )
    if limit is not None:
        grouped = grouped[:limit]
    return [
        ProductFigures(product_id=row["product_id"], title=row["product__title"] or "", figures=_figures(row))
        for row in grouped
    ]


def sales_by_channel(rows) -> list[ChannelFigures]:
    found = {row["channel"]: _figures(row) for row in rows.values("channel").annotate(**_MEASURES).order_by()}
    return [
        ChannelFigures(channel=channel.value, label=channel.label, figures=found.get(channel.value, Figures()))
        for channel in SalesChannel
    ]


# The report's tables in one statement: each grouped query below is an arm of one UNION ALL, tagged with the table
# it answers and padded to the same columns (typed NULLs where an arm has no such key), so a small firm's report is
# one round trip instead of one per table. Every column is named in every arm, in this order.
_COLUMNS = ("table", "period", "channel_code", "district_code", "name_ko", "name_en", "product_key", "title")
_TEXT, _DATE, _KEY = CharField(), DateField(), BigIntegerField()
_NONE = {
    "period": Null(_DATE),
    "channel_code": Null(_TEXT),
    "district_code": Null(_TEXT),
    "name_ko": Null(_TEXT),
    "name_en": Null(_TEXT),
    "product_key": Null(_KEY),
    "title": Null(_TEXT),
}
_LOCAL = Q(buyer_district_id=F("firm_district_id"))


def _arm(rows, table: str, **keys):
    """One table of the report as a grouped query with the union's columns: grouped by `keys`, NULL elsewhere."""
    grouped = rows.order_by().values(**{"table": Value(table, output_field=_TEXT), **_NONE, **keys})
    return grouped.annotate(
        **_MEASURES,
        local_gross=Sum("gross", default=0, filter=_LOCAL),
        local_refunds=Sum("refunds", default=0, filter=_LOCAL),
    ).values(*_COLUMNS, *_MEASURES, "local_gross", "local_refunds")


# The statement is built once per granularity (and with or without a channel) and kept compiled
# (market/core/compiled.py): building and compiling its five arms took the ORM about 15 ms a call, several times
# what a small firm's rows take to sum. Not prepared: the best plan differs between a small firm and a busy one.
_FIRM, _CHANNEL = Param("firm", BigIntegerField()), Param("channel", CharField())
_FROM, _TO = Param("date_from", DateField()), Param("date_to", DateField())


def _report_union(granularity: str, *, by_channel: bool):
    """The report's UNION ALL over one firm's SalesDay rows, with the firm, the period's ends (and the channel) as
    parameters; products come largest gross first (ties by title)."""
    rows = _sales_days(firm=_FIRM, date_from=_FROM, date_to=_TO, channel=_CHANNEL if by_channel else None)
    arms = [
        _arm(rows, "totals"),  # no key: one row, zeros when nothing was sold
        # Cast: PostgreSQL truncates a date to a timestamp, which the union would hand back as such.
        _arm(rows, "series", period=Cast(truncate("day", granularity), _DATE)),
        _arm(rows, "channels", channel_code=F("channel")),
        _arm(
            rows,
            "districts",
            district_code=F("buyer_district_id"),
            name_ko=F("buyer_district__name_ko"),
            name_en=F("buyer_district__name_en"),
        ),
        # Sale rows only: refund rows count no lines and name no product. The title by the product's key, not a
        # join: joined, PostgreSQL hashed the whole catalogue for a firm's few hundred rows (twice the time).
        _arm(
            rows.filter(lines__gt=0),
            "products",
            product_key=F("product_id"),
            title=Subquery(Product.objects.filter(pk=OuterRef("product_id")).values("title")[:1]),
        ),
    ]
    return union_all(arms).order_by("table", "-sum_gross", "title", "product_key")


def _report_rows(*, firm: Firm, filters: ReportFilters) -> dict[str, list[dict]]:
    """Every table's grouped rows over the firm's SalesDay rows in the filters' period (and channel), by table, in
    one statement (the rows of `seller_sales_days`)."""
    tables = {"totals": [], "series": [], "channels": [], "districts": [], "products": []}
    rows = compiled_rows(
        ("seller", filters.granularity, bool(filters.channel)),
        lambda: _report_union(filters.granularity, by_channel=bool(filters.channel)),
        using=router.db_for_read(SalesDay),  # the read replica when there is one (market/core/routers.py)
        firm=firm.pk,
        date_from=filters.date_from,
        date_to=filters.date_to,
        channel=filters.channel,
    )
    for row in rows:
        tables[row["table"]].append(row)
    return tables


def seller_sales_report(*, firm: Firm, filters: ReportFilters, top: int = TOP_PRODUCTS) -> SellerSalesReport:
    """The firm's sales report over the filters' period (both ends included) at their granularity: its tables in one
    statement (`_report_rows`), then the time SalesDay was computed and the settlement balance (one each)."""
    tables = _report_rows(firm=firm, filters=filters)
    (totals,) = tables["totals"]
    periods = {row["period"]: _figures(row) for row in tables["series"]}
    channels = {row["channel_code"]: _figures(row) for row in tables["channels"]}
    # How many product rows the full list has (sales without a product are one of them); the top ones are shown.
    top_products = [
        ProductFigures(product_id=row["product_key"], title=row["title"] or "", figures=_figures(row))
        for row in tables["products"][:top]
    ]
    shown = Figures(
        gross=sum(p.figures.gross for p in top_products),
        quantity=sum(p.figures.quantity for p in top_products),
        lines=sum(p.figures.lines for p in top_products),
    )
    # Largest net first, ties by code, unknown last (codes are digits: Python's order is the database's).
    districts = sorted(
        tables["districts"],
        key=lambda row: (-(row["sum_gross"] - row["sum_refunds"]), row["district_code"] is None, row["district_code"]),
    )
    return SellerSalesReport(
        firm=firm,
        filters=filters,
        computed_at=sales_days_computed_at(),
        totals=_figures(totals),
        local_gross=totals["local_gross"],
        local_refunds=totals["local_refunds"],
        series=[PeriodFigures(period=start, figures=periods.get(start, Figures())) for start in filters.periods()],
        top_products=top_products,
        other_products=Figures(
            gross=totals["sum_gross"] - shown.gross,
            quantity=totals["sum_quantity"] - shown.quantity,
            lines=totals["sum_lines"] - shown.lines,
        ),
        product_count=len(tables["products"]),
        by_channel=[
            ChannelFigures(channel=channel.value, label=channel.label, figures=channels.get(channel.value, Figures()))
            for channel in SalesChannel
        ],
        by_district=[
            DistrictFigures(
                district=row["district_code"],
                name_ko=row["name_ko"] or "",
                name_en=row["name_en"] or "",
                own=row["district_code"] == firm.district_id,
                figures=_figures(row),
            )
            for row in districts
        ],
        balances=firm_balances(firm=firm),
    )


# --- exports --------------------------------------------------------------------------------------------------------
TABLES = ("series", "products", "channels", "districts")
_MEASURE_HEADERS = ["판매액 (gross)", "환불액 (refunds)", "순매출 (net)", "수량 (quantity)", "판매 건수 (lines)"]


def _measures(figures: Figures) -> list[int]:
    return [figures.gross, figures.refunds, figures.net, figures.quantity, figures.lines]


def check_table(value: str | None) -> str:
    """The export's `table` parameter (series by default)."""
    if value in (None, ""):
        return "series"
    if value not in TABLES:
        raise ApplicationError(
            _("Unknown table %(value)r: use one of %(choices)s.") % {"value": value[:50], "choices": ", ".join(TABLES)},
            code="invalid_choice",
            field="table",
        )
    return value


def export_table(report: SellerSalesReport, table: str) -> list[list]:
    """One table of the report for a spreadsheet: a header row, then rows of numbers (whole won, units); the series
    and the channels end with a total row. Products are every product, not only the top ones."""
    if table == "series":
        rows = [["기간 시작 (period start)", *_MEASURE_HEADERS]]
        rows += [[entry.period, *_measures(entry.figures)] for entry in report.series]
        rows.append(["합계 (total)", *_measures(report.totals)])
    elif table == "products":
        rows = [["상품 ID (product id)", "상품명 (title)", "판매액 (gross)", "수량 (quantity)", "판매 건수 (lines)"]]
        for product in sales_by_product(seller_sales_days(firm=report.firm, filters=report.filters), limit=None):
            figures = product.figures
            rows.append(
                ["" if product.product_id is None else product.product_id, product.title, figures.gross]
                + [figures.quantity, figures.lines]
            )
        rows.append(["", "환불 (refunds, by no product)", -report.totals.refunds, "", ""])
    elif table == "channels":
        rows = [["경로 (channel)", *_MEASURE_HEADERS]]
        rows += [[f"{c.label} ({c.channel})", *_measures(c.figures)] for c in report.by_channel]
        rows.append(["합계 (total)", *_measures(report.totals)])
    elif table == "districts":
        rows = [["자치구 코드 (district code)", "자치구 (district)", *_MEASURE_HEADERS]]
        rows += [
            [d.district or "", d.name_ko or "알 수 없음 (unknown)", *_measures(d.figures)] for d in report.by_district
        ]
    else:
        raise ValueError(f"Unknown table {table!r}")
    return rows


SHEET_TITLES = {"series": "기간별", "products": "상품별", "channels": "경로별", "districts": "구매자 자치구별"}


def report_csv(report: SellerSalesReport, table: str = "series") -> str:
    """One table as UTF-8 CSV with a byte-order mark (so spreadsheets read the Korean), text formula-safe."""
    out = io.StringIO()
    out.write("\ufeff")
    csv_writer(out).writerows(
        [
            [cell.isoformat() if isinstance(cell, datetime.date) else cell for cell in row]
            for row in export_table(report, table)
        ]
    )
    return out.getvalue()


def report_xlsx(report: SellerSalesReport) -> bytes:
    """Every table, one sheet each."""
    return xlsx_bytes(sheets=[(SHEET_TITLES[table], export_table(report, table)) for table in TABLES])
