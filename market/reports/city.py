"""Reports for the city and its districts: marketplace sales by seller district and by buyer district, the share that
circulates locally, month-by-month growth, public purchasing through the marketplace against the city's published
figures, and firms, listings, active sellers, new designations and lapses by district and kind.

Sales figures read the pre-aggregated `SalesDay` (what counts as a sale and a refund, and on which day, is decided
in reports/sales.py; show `computed_at` with them). Firm figures read the firm and catalogue tables as they are
now. Every figure is summed by the database (ORM aggregates, on PostgreSQL and SQLite): the sales tables come from
one aggregate of SalesDay by seller district, buyer district, month and channel (a cube of at most a few thousand
groups whatever the number of sales, read once), which Python only adds up into the tables.

Scope: the city (operators), or one district (a district officer's own, or the district an operator filters by):
- "seller district" figures are sales *by firms of* the district, to buyers anywhere;
- "buyer district" figures are purchases *by buyers of* the district (citizens at checkout, agencies), from firms
  anywhere;
- local circulation, the month series, public purchasing and firm figures are those of the district's firms.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When

from market.catalog.models import Product
from market.core.spreadsheet import csv_writer, xlsx_bytes
from market.firms.models import Designation, DesignationStatus, District, Firm, FirmKind
from market.firms.selectors import FIRM_KIND_ORDER
from market.procurement.selectors.performance import KIND_LABELS, NO_KIND, PRE_SOCIAL, REPORTED_KINDS, share_of
from market.reports.filters import MONTH, ReportFilters, firm_kind_q, period_start, periods, truncate
from market.reports.models import CityFigureKind, CityPurchasingFigure, SalesChannel, SalesDay
from market.reports.sales import sales_days_computed_at

_PRE_SOCIAL_KINDS = (FirmKind.PRE_SOCIAL_REGIONAL.value, FirmKind.PRE_SOCIAL_MINISTRY.value)


# --- results --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Money:
    """Won, VAT included: sales, refunds booked in the period, and sales net of them."""

    gross: int
    refunds: int

    @property
    def net(self) -> int:
        return self.gross - self.refunds


@dataclass(frozen=True)
class DistrictSales:
    district: District | None  # None: buyers of no known district (only in the buyer table)
    sales: Money
    local_net: int  # net sales where buyer and seller are in the same district
    local_share: Decimal | None  # local_net / sales.net (seller table); None in the buyer table or when 0


@dataclass(frozen=True)
class LocalCirculation:
    total_net: int  # net sales of the scope's firms
    same_district_net: int  # … to buyers of the firm's own district
    same_district_share: Decimal | None
    seoul_net: int  # … to buyers of a known (Seoul) district
    seoul_share: Decimal | None


@dataclass(frozen=True)
class MonthSales:
    month: datetime.date  # the first day of the month
    sales: Money
    local_net: int
    growth: Decimal | None  # (net − previous month's net) / previous month's net; None when that was 0


@dataclass(frozen=True)
class YearPurchasing:
    year: int
    sales: Money  # accepted agency deliveries (and agency refunds) through the marketplace, by booking day
    goal_share: Decimal | None  # net / the city's goal amount


@dataclass(frozen=True)
class CityFigure:
    kind: str
    year: int | None
    amount: int
    share: Decimal | None
    source: str


@dataclass(frozen=True)
class DistrictFirms:
    district: District
    firms: int  # verified firms of the district (of the kind, when filtered)
    by_kind: dict[str, int]  # verified firms by the kind they are reported under on the period's last day
    listings: int  # public listings (what citizens see and buy now)
    active_sellers: int  # firms with a sale in the period
    new_designations: int  # designations that came into force in the period
    lapses: int  # designations that stopped being in force in the period (expired or revoked)


@dataclass(frozen=True)
class CityReport:
    filters: ReportFilters
    computed_at: datetime.datetime | None  # when SalesDay was rebuilt: the sales figures are as of then
    totals: Money
    by_seller_district: list[DistrictSales]
    by_buyer_district: list[DistrictSales]
    local: LocalCirculation
    months: list[MonthSales]
    purchasing: list[YearPurchasing]
    city_figures: list[CityFigure]
    firms: list[DistrictFirms]


# --- queries ----------------------------------------------------------------------------------------------------------
def _sales_days(filters: ReportFilters):
    """SalesDay rows of the period and firm kind (not yet of a district: each table scopes by its own side)."""
    rows = SalesDay.objects.filter(day__gte=filters.date_from, day__lte=filters.date_to)
    if filters.firm_kind:
        rows = rows.filter(firm_kind_q(filters.firm_kind))
    return rows


def _districts(filters: ReportFilters) -> list[District]:
    districts = District.objects.order_by("code")
    if filters.district:
        districts = districts.filter(code=filters.district)
    return list(districts)


@dataclass(frozen=True)
class _Cell:
    """One group of the sales cube: SalesDay summed by seller district, buyer district, month, channel and whether
    the days are inside the period (the month series also reads the month before it and the first month whole)."""

    seller: str
    buyer: str | None
    month: datetime.date
    channel: str
    in_period: bool
    gross: int
    refunds: int

    @property
    def net(self) -> int:
        return self.gross - self.refunds

    @property
    def local(self) -> bool:
        return self.buyer == self.seller


def _months_from(filters: ReportFilters) -> datetime.date:
    """The first day of the month before the period's first month: the first month's growth compares with it."""
    first = period_start(filters.date_from, MONTH)
    return period_start(first - datetime.timedelta(days=1), MONTH)


def _sales_cube(filters: ReportFilters) -> list[_Cell]:
    """Every sales figure of the report from one aggregate over SalesDay: at most 25 × 26 × 14 × 2 × 2 groups
    whatever the number of sales, which the tables below only add up (one scan instead of one per table)."""
    rows = SalesDay.objects.filter(day__gte=_months_from(filters), day__lte=filters.date_to)
    if filters.firm_kind:
        rows = rows.filter(firm_kind_q(filters.firm_kind))
    if filters.district:
        rows = rows.filter(Q(firm_district_id=filters.district) | Q(buyer_district_id=filters.district))
    grouped = (
        rows.annotate(
            month=truncate("day", MONTH),
            in_period=Case(
                When(day__gte=filters.date_from, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .values("firm_district_id", "buyer_district_id", "month", "channel", "in_period")
        .annotate(sold=Sum("gross", default=0), refunded=Sum("refunds", default=0))
        .order_by()
    )
    return [
        _Cell(
            seller=row["firm_district_id"],
            buyer=row["buyer_district_id"],
            month=row["month"],
            channel=row["channel"],
            in_period=bool(row["in_period"]),
            gross=row["sold"],
            refunds=row["refunded"],
        )
        for row in grouped
    ]


def _sellers_in_scope(cells: list[_Cell], filters: ReportFilters) -> list[_Cell]:
    return [cell for cell in cells if not filters.district or cell.seller == filters.district]


def _in_period(cells: list[_Cell]) -> list[_Cell]:
    return [cell for cell in cells if cell.in_period]


def _add(totals: dict, key, cell: _Cell) -> None:
    gross, refunds, local = totals.get(key, (0, 0, 0))
    totals[key] = (gross + cell.gross, refunds + cell.refunds, local + (cell.net if cell.local else 0))


def sales_by_seller_district(filters: ReportFilters, cells: list[_Cell]) -> list[DistrictSales]:
    """Sales by the firms of each district (every district, or the filtered one), with the part sold to buyers of
    the same district."""
    totals: dict = {}
    for cell in _sellers_in_scope(_in_period(cells), filters):
        _add(totals, cell.seller, cell)
    result = []
    for district in _districts(filters):
        gross, refunds, local = totals.get(district.code, (0, 0, 0))
        money = Money(gross=gross, refunds=refunds)
        result.append(DistrictSales(district, money, local, share_of(local, money.net)))
    return result


def sales_by_buyer_district(filters: ReportFilters, cells: list[_Cell]) -> list[DistrictSales]:
    """Purchases by the buyers of each district (every district and, for the city, buyers of no known district
    last; or the filtered district), from firms anywhere."""
    totals: dict = {}
    for cell in _in_period(cells):
        if not filters.district or cell.buyer == filters.district:
            _add(totals, cell.buyer, cell)
    result = []
    for district in _districts(filters):
        gross, refunds, local = totals.get(district.code, (0, 0, 0))
        result.append(DistrictSales(district, Money(gross, refunds), local, None))
    if not filters.district:
        gross, refunds, _local = totals.get(None, (0, 0, 0))
        result.append(DistrictSales(None, Money(gross, refunds), 0, None))
    return result


def local_circulation(filters: ReportFilters, cells: list[_Cell]) -> LocalCirculation:
    """How much of the scope's firms' net sales stayed in the firm's own district, and in Seoul (buyers of any
    known district: every buyer district we record is one of Seoul's)."""
    scoped = _sellers_in_scope(_in_period(cells), filters)
    total = sum(cell.net for cell in scoped)
    local = sum(cell.net for cell in scoped if cell.local)
    seoul = sum(cell.net for cell in scoped if cell.buyer is not None)
    return LocalCirculation(
        total_net=total,
        same_district_net=local,
        same_district_share=share_of(local, total),
        seoul_net=seoul,
        seoul_share=share_of(seoul, total),
    )


def monthly_sales(filters: ReportFilters, cells: list[_Cell]) -> list[MonthSales]:
    """The scope's firms' sales month by month over the period (every month, 0 where nothing was sold), each with
    its growth over the month before (the first month's against the month before the period). Whole months, also
    where the period starts mid-month: a month's growth compares whole months."""
    totals: dict = {}
    for cell in _sellers_in_scope(cells, filters):
        _add(totals, cell.month, cell)
    gross, refunds, _local = totals.get(_months_from(filters), (0, 0, 0))
    last_net = gross - refunds
    result = []
    for month in periods(filters.date_from, filters.date_to, MONTH):
        gross, refunds, local = totals.get(month, (0, 0, 0))
        money = Money(gross, refunds)
        result.append(MonthSales(month, money, local, share_of(money.net - last_net, last_net)))
        last_net = money.net
    return result


def _city_goal() -> CityPurchasingFigure | None:
    return CityPurchasingFigure.objects.filter(kind=CityFigureKind.GOAL).first()


def public_purchasing(filters: ReportFilters, cells: list[_Cell]) -> list[YearPurchasing]:
    """Agencies' purchases through the marketplace (the agency channel: accepted deliveries on their acceptance
    day, refunds on their day) by year over the period's years, each against the city's goal amount."""
    totals: dict = {}
    for cell in _sellers_in_scope(_in_period(cells), filters):
        if cell.channel == SalesChannel.AGENCY:
            _add(totals, cell.month.year, cell)
    goal = _city_goal()
    result = []
    for year in range(filters.date_from.year, filters.date_to.year + 1):
        gross, refunds, _local = totals.get(year, (0, 0, 0))
        money = Money(gross, refunds)
        result.append(YearPurchasing(year, money, share_of(money.net, goal.amount) if goal else None))
    return result


def city_figures() -> list[CityFigure]:
    """The city's published actuals and its goal, as kept in CityPurchasingFigure (actuals by year, then the goal)."""
    return [
        CityFigure(kind=f.kind, year=f.year, amount=f.amount, share=f.share, source=f.source)
        for f in CityPurchasingFigure.objects.order_by(
            Case(When(kind=CityFigureKind.GOAL, then=Value(1)), default=Value(0)), "year"
        )
    ]


def reported_kind_on(on: datetime.date, *, firm: str = "pk"):
    """The kind a firm (reached by `firm` from the row) is reported under on a day, as an SQL expression: the first
    kind of FIRM_KIND_ORDER it holds a valid designation of (firms.selectors.firm_reported_kinds' rule), both
    pre-social kinds as one, NO_KIND when it holds none."""
    whens = [
        When(
            Exists(Designation.objects.valid(on).filter(firm_id=OuterRef(firm), kind=kind)),
            then=Value(PRE_SOCIAL if kind in _PRE_SOCIAL_KINDS else kind.value),
        )
        for kind in FIRM_KIND_ORDER
    ]
    return Case(*whens, default=Value(NO_KIND), output_field=CharField())


def _count_by_district(queryset, district_path: str) -> dict[str, int]:
    return dict(
        queryset.values(district_path).annotate(n=Count("pk", distinct=True)).values_list(district_path, "n").order_by()
    )


def firm_figures(filters: ReportFilters) -> list[DistrictFirms]:
    """Verified firms by district and by the kind they are reported under on the period's last day; public
    listings now; firms with a sale in the period; designations that came into force and that lapsed in it."""
    start, end = filters.date_from, filters.date_to
    kind = filters.firm_kind

    firms = Firm.objects.verified().annotate(reported=reported_kind_on(end))
    listings = Product.objects.public().annotate(reported=reported_kind_on(end, firm="firm_id"))
    if kind:
        firms = firms.filter(reported=kind)
        listings = listings.filter(reported=kind)
    active = _sales_days(filters).filter(lines__gt=0)

    # A designation came into force in the period: it starts in it and was in force on its first day (a row revoked
    # before it counted never was).
    designations = Designation.objects.all()
    if kind:
        designations = designations.filter(firm_kind_q(kind, field="kind"))
    new = designations.valid(F("start_date")).filter(start_date__gte=start, start_date__lte=end)
    # It lapsed in the period: its first day out of force falls in it — the day after its end date (if it was in
    # force on that end date), or its revocation day (if it was in force the day before: started earlier and not
    # ended before).
    expired = Q(end_date__gte=start - datetime.timedelta(days=1), end_date__lt=end) & (
        Q(status=DesignationStatus.ACTIVE) | Q(status=DesignationStatus.REVOKED, revoked_on__gt=F("end_date"))
    )
    revoked = Q(
        status=DesignationStatus.REVOKED,
        revoked_on__gte=start,
        revoked_on__lte=end,
        start_date__lt=F("revoked_on"),
    ) & (Q(end_date__isnull=True) | Q(end_date__gte=F("revoked_on")))
    lapsed = designations.filter(expired | revoked)

    if filters.district:
        firms = firms.filter(district_id=filters.district)
        listings = listings.filter(firm__district_id=filters.district)
        active = active.filter(firm_district_id=filters.district)
        new = new.filter(firm__district_id=filters.district)
        lapsed = lapsed.filter(firm__district_id=filters.district)

    by_kind: dict[str, dict[str, int]] = {}
    for district_id, reported, n in (
        firms.values("district_id", "reported").annotate(n=Count("pk")).values_list("district_id", "reported", "n")
    ).order_by():
        by_kind.setdefault(district_id, {})[reported] = n
    listing_counts = _count_by_district(listings, "firm__district_id")
    active_counts = dict(
        active.values("firm_district_id")
        .annotate(n=Count("firm_id", distinct=True))
        .values_list("firm_district_id", "n")
        .order_by()
    )
    new_counts = _count_by_district(new, "firm__district_id")
    lapsed_counts = _count_by_district(lapsed, "firm__district_id")

    result = []
    for district in _districts(filters):
        kinds = by_kind.get(district.code, {})
        result.append(
            DistrictFirms(
                district=district,
                firms=sum(kinds.values()),
                by_kind={k: kinds.get(k, 0) for k in REPORTED_KINDS},
                listings=listing_counts.get(district.code, 0),
                active_sellers=active_counts.get(district.code, 0),
                new_designations=new_counts.get(district.code, 0),
                lapses=lapsed_counts.get(district.code, 0),
            )
        )
    return result


def city_report(filters: ReportFilters) -> CityReport:
    """Every figure of the city's (or one district's) report for the filters' period and firm kind."""
    cells = _sales_cube(filters)
    sellers = sales_by_seller_district(filters, cells)
    return CityReport(
        filters=filters,
        computed_at=sales_days_computed_at(),
        totals=Money(sum(row.sales.gross for row in sellers), sum(row.sales.refunds for row in sellers)),
        by_seller_district=sellers,
        by_buyer_district=sales_by_buyer_district(filters, cells),
        local=local_circulation(filters, cells),
        months=monthly_sales(filters, cells),
        purchasing=public_purchasing(filters, cells),
        city_figures=city_figures(),
        firms=firm_figures(filters),
    )


# --- tables (exports) -------------------------------------------------------------------------------------------------
TABLES = ("districts", "months", "purchasing")

DISTRICT_COLUMNS = [
    "구 코드 (district code)",
    "자치구 (district)",
    "판매액 (sales by the district's firms)",
    "환불액 (refunds)",
    "순판매액 (net)",
    "같은 구 구매 (net to buyers of the same district)",
    "지역순환 비율 (local share)",
    "구민 구매액 (purchases by the district's buyers)",
    "구민 환불액 (their refunds)",
    "구민 순구매액 (their net)",
    "기업 수 (verified firms)",
    *(f"{KIND_LABELS[kind]} ({kind})" for kind in REPORTED_KINDS),
    "공개 상품 (public listings)",
    "판매 기업 (active sellers)",
    "신규 지정 (new designations)",
    "지정 만료·취소 (lapses)",
]
MONTH_COLUMNS = [
    "월 (month)",
    "판매액 (sales)",
    "환불액 (refunds)",
    "순판매액 (net)",
    "같은 구 구매 (net to buyers of the same district)",
    "전월 대비 (growth)",
]
PURCHASING_COLUMNS = [
    "연도 (year)",
    "공공구매액 (agency purchases)",
    "환불액 (refunds)",
    "순구매액 (net)",
    "목표 대비 (of goal)",
]


def _blank(value):
    return "" if value is None else value


def report_table(report: CityReport, table: str) -> list[list]:
    """One of the report's tables (TABLES) as rows: a header, then the rows. Amounts in whole won and shares as
    ratios (0.0500 for 5%), as numbers; a missing share is blank."""
    if table == "districts":
        buyers = {row.district.code: row for row in report.by_buyer_district if row.district is not None}
        firms = {row.district.code: row for row in report.firms}
        rows = [list(DISTRICT_COLUMNS)]
        for seller in report.by_seller_district:
            code = seller.district.code
            buyer, firm = buyers[code], firms[code]
            rows.append(
                [
                    code,
                    seller.district.name_ko,
                    seller.sales.gross,
                    seller.sales.refunds,
                    seller.sales.net,
                    seller.local_net,
                    _blank(seller.local_share),
                    buyer.sales.gross,
                    buyer.sales.refunds,
                    buyer.sales.net,
                    firm.firms,
                    *(firm.by_kind[kind] for kind in REPORTED_KINDS),
                    firm.listings,
                    firm.active_sellers,
                    firm.new_designations,
                    firm.lapses,
                ]
            )
        return rows
    if table == "months":
        return [list(MONTH_COLUMNS)] + [
            [
                row.month.strftime("%Y-%m"),
                row.sales.gross,
                row.sales.refunds,
                row.sales.net,
                row.local_net,
                _blank(row.growth),
            ]
            for row in report.months
        ]
    if table == "purchasing":
        return [list(PURCHASING_COLUMNS)] + [
            [row.year, row.sales.gross, row.sales.refunds, row.sales.net, _blank(row.goal_share)]
            for row in report.purchasing
        ]
    raise ValueError(f"Not a table of the city report: {table}")


def report_csv(report: CityReport, table: str) -> str:
    """A table as UTF-8 CSV with a byte-order mark (so spreadsheets read the Korean), text formula-safe."""
    out = io.StringIO()
    out.write("\ufeff")
    csv_writer(out).writerows(report_table(report, table))
    return out.getvalue()


def report_xlsx(report: CityReport, table: str) -> bytes:
    return xlsx_bytes(report_table(report, table), title=f"city-{table}")
