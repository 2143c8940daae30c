"""Purchase performance: what an agency bought through the marketplace in a year, counted per procurement regime
against its total purchasing and its targets.

The counting rules (issue 10, ../DOMAIN):
- a purchase counts toward the year its delivery was accepted at inspection (`Delivery.accepted_on`), at the
  accepted amount (VAT included) of its accepted lines; a rejected or uninspected line never counts;
- a refund lowers the year, month, kind, district and regimes of the acceptance it refunds, whatever day it
  is paid;
- a firm counts toward a regime if it qualified on the acceptance day: a valid designation of one of the
  regime's kinds, or a valid qualification of its kind (`Designation.objects.valid`, `FirmQualification
  .objects.valid`: a revoked one counts before its revocation day), tested in SQL with EXISTS on that day;
- a share is the ratio counted / total purchasing rounded to 4 decimal places, halves up (None while the
  total is 0); the gap to a target is max(0, ceil(target rate × total) − counted) won, in integers;
- by kind, a purchase goes to the one kind its firm was reported under when the delivery was accepted
  (`Delivery.firm_kind`, kept by the inspection service from firms.selectors.firm_reported_kinds).

Every figure is summed by the database, exactly (integers of won). One statement takes the year's accepted
deliveries, each with the sum of its accepted lines (joined and summed per delivery, read from the index
dline_accepted_amount) and, tested once per delivery, whether its firm qualified for each regime; it sums them in
total, by month, by reported kind and by firm district, each regime a filtered sum. Refunds, which are few, are
summed by a second statement of the same shape and subtracted.
"""

import datetime
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Sum, Value, When
from django.db.models.functions import ExtractMonth

from market.core.spreadsheet import csv_writer, xlsx_bytes
from market.firms.models import Designation, District, FirmKind
from market.procurement.models import (
    Agency,
    AgencyPlanTarget,
    AgencyRefund,
    AgencyYear,
    Delivery,
    FirmQualification,
    InspectionResult,
    ProcurementRegime,
    RegimeBasis,
)

MONTHS = tuple(range(1, 13))
# The kinds a sale is reported under (Delivery.firm_kind, set at acceptance by firms.selectors.firm_reported_kinds),
# in the public-purchasing order; both kinds of pre-social enterprise count as one, and a firm holding no valid
# designation on the day (or a kind outside this list) is "none".
PRE_SOCIAL = "pre_social"
NO_KIND = "none"
REPORTED_KINDS = (
    FirmKind.SOCIAL_ENTERPRISE.value,
    PRE_SOCIAL,
    FirmKind.COOPERATIVE.value,
    FirmKind.SOCIAL_COOPERATIVE.value,
    FirmKind.VILLAGE_ENTERPRISE.value,
    FirmKind.SELF_SUFFICIENCY.value,
    FirmKind.SOCIAL_VENTURE.value,
    NO_KIND,
)
KIND_LABELS = {
    FirmKind.SOCIAL_ENTERPRISE.value: FirmKind.SOCIAL_ENTERPRISE.label,
    PRE_SOCIAL: "예비사회적기업",
    FirmKind.COOPERATIVE.value: FirmKind.COOPERATIVE.label,
    FirmKind.SOCIAL_COOPERATIVE.value: FirmKind.SOCIAL_COOPERATIVE.label,
    FirmKind.VILLAGE_ENTERPRISE.value: FirmKind.VILLAGE_ENTERPRISE.label,
    FirmKind.SELF_SUFFICIENCY.value: FirmKind.SELF_SUFFICIENCY.label,
    FirmKind.SOCIAL_VENTURE.value: FirmKind.SOCIAL_VENTURE.label,
    NO_KIND: "해당 없음",
}
ALL = "all"  # the measure of every accepted purchase, whatever regime its firm counts toward


# --- exact arithmetic ---------------------------------------------------------------------------------------------
def share_of(counted: int, total: int) -> Decimal | None:
    """counted / total rounded to 4 decimal places, halves up (away from zero), exactly: in integers, so no
    binary or 28-digit decimal rounding happens before the one rounding asked for. None when total is 0."""
    if total == 0:
        return None
    sign = -1 if (counted < 0) != (total < 0) else 1
    quotient, remainder = divmod(abs(counted) * 10_000, abs(total))
    if 2 * remainder >= abs(total):
        quotient += 1
    return Decimal(sign * quotient).scaleb(-4)


def target_amount(rate: Decimal, total: int) -> int:
    """ceil(rate × total) won in integers: the rate as its exact fraction (0.0110 = 11/1000)."""
    numerator, denominator = Decimal(rate).as_integer_ratio()
    return -((-numerator * total) // denominator)


def gap_to_target(rate: Decimal, total: int, counted: int) -> int:
    """max(0, ceil(rate × total) − counted): the won still to buy to reach the target."""
    return max(0, target_amount(rate, total) - counted)


# --- results --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Breakdown:
    """One measure's amounts (won, net of refunds): in total, by acceptance month (1–12), by reported kind (every
    kind of REPORTED_KINDS) and by firm district (every district code)."""

    total: int
    by_month: dict[int, int]
    by_kind: dict[str, int]
    by_district: dict[str, int]


@dataclass(frozen=True)
class RegimeResult:
    regime: ProcurementRegime
    counted: int
    share: Decimal | None
    target_rate: Decimal
    target_amount: int  # ceil(target rate × total purchasing)
    gap: int
    planned: int | None  # the agency's plan target for the regime and year, when filed
    breakdown: Breakdown


@dataclass(frozen=True)
class PerformanceReport:
    year: int
    agency: Agency | None  # None: every agency (the city)
    total_purchasing: int
    total_recorded: bool  # whether the total purchasing was entered (else 0 and no shares)
    marketplace: Breakdown  # every accepted purchase, whatever regime
    regimes: list[RegimeResult] = field(default_factory=list)


# --- the SQL --------------------------------------------------------------------------------------------------------
def _flag(regime: ProcurementRegime) -> str:
    return f"q_{regime.pk}"


class _PerDelivery:
    """An expression of one delivery's own columns that a query grouped per delivery computes once per group: it is
    grouped by the columns it reads (which the delivery's primary key already fixes) instead of by itself. For an
    EXISTS that means it is tested after the delivery's lines are summed, not on each line joined in; and the
    grouping stays on the delivery's key, so the database needs no sort of its own for it."""

    def get_group_by_cols(self):
        if isinstance(self, Exists):
            return self.get_external_cols()
        return [col for source in self.get_source_expressions() for col in source.get_group_by_cols()]


class _ExistsPerDelivery(_PerDelivery, Exists):
    pass


class _MonthPerDelivery(_PerDelivery, ExtractMonth):
    pass


class _CasePerDelivery(_PerDelivery, Case):
    pass


def _qualified(regime: ProcurementRegime, *, firm: str, day: str):
    """EXISTS: the firm at `firm` (a path from the outer row) qualified for `regime` on the day at `day`."""
    if regime.basis == RegimeBasis.DESIGNATION and regime.designation_kinds:
        held = Designation.objects.valid(OuterRef(day)).filter(kind__in=regime.designation_kinds)
    elif regime.basis == RegimeBasis.QUALIFICATION and regime.qualification_kind:
        held = FirmQualification.objects.valid(OuterRef(day)).filter(kind=regime.qualification_kind)
    else:
        return Value(False)  # a regime naming no kind counts no firm
    return _ExistsPerDelivery(held.filter(firm_id=OuterRef(firm)))


def _reported_kind(path: str):
    """The stored kind as reported: both pre-social kinds as one, anything else outside the list as none."""
    kinds = [kind for kind in REPORTED_KINDS if kind not in (PRE_SOCIAL, NO_KIND)]
    return _CasePerDelivery(
        When(**{f"{path}__in": [FirmKind.PRE_SOCIAL_REGIONAL, FirmKind.PRE_SOCIAL_MINISTRY]}, then=Value(PRE_SOCIAL)),
        When(**{f"{path}__in": kinds}, then=F(path)),
        default=Value(NO_KIND),
        output_field=CharField(),
    )


def _with_facts(queryset, *, delivery: str, regimes):
    """`queryset` (rows that each belong to one accepted delivery, reached by the path `delivery`, and carry an
    `amount`) with what the report groups by: acceptance month, reported kind, firm district, and whether the firm
    qualified for each regime on the acceptance day."""
    return queryset.annotate(
        month=_MonthPerDelivery(f"{delivery}accepted_on", output_field=IntegerField()),
        kind=_reported_kind(f"{delivery}firm_kind"),
        district=F(f"{delivery}purchase__firm_district_id"),
        **{
            _flag(regime): _qualified(regime, firm=f"{delivery}purchase__firm_id", day=f"{delivery}accepted_on")
            for regime in regimes
        },
    )


def _summed(rows, *, regimes, districts: list[str]) -> dict[str, int]:
    """Every figure of every measure from `rows` (see _with_facts), in one statement: `<measure>|<dimension>|<key>`
    → won (0 where nothing was bought).

    The rows are the ORM's query: the counting rules (which deliveries, which amounts, who qualified) stay in its
    expressions. Written out here is only what is done with them: the rows once (a common table expression), then
    summed in total, by month, by kind and by district, each measure a filtered sum; at most 46 rows come back.
    (Django's aggregate() over a grouped queryset could pivot them, but building a few hundred filtered aggregates
    took it 0.5–1.5 s of Python, and the sort the regrouping needed cost the database as much again.)"""
    quote = connection.ops.quote_name
    inner_sql, inner_params = rows.query.sql_with_params()
    flags = [None, *(quote(_flag(regime)) for regime in regimes)]
    measures = [ALL, *(str(regime.pk) for regime in regimes)]
    amount = quote("amount")
    sums = ", ".join(f"COALESCE(SUM({amount}){f' FILTER (WHERE {flag})' if flag else ''}, 0)" for flag in flags)
    month, kind, district = quote("month"), quote("kind"), quote("district")
    sql = (
        f"WITH facts AS ({inner_sql}) "
        f"SELECT 'total', NULL, NULL, NULL, {sums} FROM facts "
        f"UNION ALL SELECT 'month', CAST({month} AS INTEGER), NULL, NULL, {sums} FROM facts GROUP BY {month} "
        f"UNION ALL SELECT 'kind', NULL, {kind}, NULL, {sums} FROM facts GROUP BY {kind} "
        f"UNION ALL SELECT 'district', NULL, NULL, {district}, {sums} FROM facts GROUP BY {district}"
    )
    figures = {}
    for measure in measures:
        figures[f"{measure}|total|"] = 0
        figures.update({f"{measure}|month|{m}": 0 for m in MONTHS})
        figures.update({f"{measure}|kind|{k}": 0 for k in REPORTED_KINDS})
        figures.update({f"{measure}|district|{d}": 0 for d in districts})
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params)
        grouped = cursor.fetchall()
    for dimension, month_value, kind_value, district_value, *amounts in grouped:  # at most 1 + 12 + 8 + 25 rows
        key = {"total": "", "month": month_value, "kind": kind_value, "district": district_value}[dimension]
        for measure, value in zip(measures, amounts, strict=True):
            figures[f"{measure}|{dimension}|{key}"] = int(value)
    return figures


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


@contextmanager
def _without_jit():
    """PostgreSQL's JIT (on by default) spends longer compiling these statements' expressions than it saves:
    off for the report's statements (SET LOCAL ends with the transaction)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def performance_figures(*, year: int, agency_id: int | None, regimes, districts: list[str]) -> dict[str, int]:
    """The figures (see _summed) of one agency's year, or every agency's when agency_id is None: accepted
    amounts less the refunds of those lines.

    Two statements of the same shape: one row per accepted delivery with the sum of its accepted lines (the lines
    joined and summed per delivery, each regime's EXISTS tested once per delivery), and one row per refund of an
    accepted line of those deliveries (few), which the second subtracts."""
    start, end = _year_range(year)
    deliveries = Delivery.objects.filter(accepted_on__gte=start, accepted_on__lt=end)
    refunds = AgencyRefund.objects.filter(
        delivery_line__delivery__accepted_on__gte=start,
        delivery_line__delivery__accepted_on__lt=end,
        delivery_line__result=InspectionResult.ACCEPTED,
    )
    if agency_id is not None:
        deliveries = deliveries.filter(purchase__agency_id=agency_id)
        refunds = refunds.filter(delivery_line__delivery__purchase__agency_id=agency_id)
    # Filtered before it is summed: the sum is over the accepted lines joined (not over every line with a filter).
    deliveries = (
        deliveries.filter(lines__result=InspectionResult.ACCEPTED).only("pk").annotate(amount=Sum("lines__amount"))
    )
    with _without_jit():
        bought = _summed(_with_facts(deliveries, delivery="", regimes=regimes), regimes=regimes, districts=districts)
        given_back = _summed(
            _with_facts(refunds.only("pk", "amount"), delivery="delivery_line__delivery__", regimes=regimes),
            regimes=regimes,
            districts=districts,
        )
    return {key: bought[key] - given_back[key] for key in bought}


def _breakdown(figures: dict[str, int], measure: str, districts: list[str]) -> Breakdown:
    return Breakdown(
        total=figures[f"{measure}|total|"],
        by_month={month: figures[f"{measure}|month|{month}"] for month in MONTHS},
        by_kind={kind: figures[f"{measure}|kind|{kind}"] for kind in REPORTED_KINDS},
        by_district={district: figures[f"{measure}|district|{district}"] for district in districts},
    )


def active_regimes() -> list[ProcurementRegime]:
    return list(ProcurementRegime.objects.filter(active=True).order_by("position", "id"))


def district_codes() -> list[str]:
    return list(District.objects.order_by("code").values_list("code", flat=True))


def agency_performance(agency: Agency | None, year: int) -> PerformanceReport:
    """Purchase performance of `agency` in `year` (of every agency together when None), per active regime."""
    regimes = active_regimes()
    districts = district_codes()
    figures = performance_figures(
        year=year, agency_id=agency.pk if agency else None, regimes=regimes, districts=districts
    )
    years = AgencyYear.objects.filter(year=year)
    plans = AgencyPlanTarget.objects.filter(year=year, regime__in=regimes)
    if agency is not None:
        years = years.filter(agency=agency)
        plans = plans.filter(agency=agency)
    totals = years.aggregate(total=Sum("total_purchasing", default=0), recorded=Count("pk"))
    planned = dict(
        plans.order_by().values("regime").annotate(amount=Sum("target_amount")).values_list("regime", "amount")
    )
    total = totals["total"]
    results = []
    for regime in regimes:
        counted = figures[f"{regime.pk}|total|"]
        results.append(
            RegimeResult(
                regime=regime,
                counted=counted,
                share=share_of(counted, total),
                target_rate=regime.target_rate,
                target_amount=target_amount(regime.target_rate, total),
                gap=gap_to_target(regime.target_rate, total, counted),
                planned=planned.get(regime.pk),
                breakdown=_breakdown(figures, str(regime.pk), districts),
            )
        )
    return PerformanceReport(
        year=year,
        agency=agency,
        total_purchasing=total,
        total_recorded=totals["recorded"] > 0,
        marketplace=_breakdown(figures, ALL, districts),
        regimes=results,
    )


# --- the annual plan/results table (exports) -------------------------------------------------------------------------
RESULTS_COLUMNS = [
    "구분 (regime)",
    "총구매액 (total purchasing)",
    "계획 목표액 (plan target)",
    "구매실적 (counted)",
    "구매비율 (share)",
    "법정 목표비율 (target rate)",
    "목표액 (target amount)",
    "부족액 (gap)",
]


def results_table(report: PerformanceReport) -> list[list]:
    """The annual plan/results table (연간 구매계획·실적): a header row, then one row per regime. Amounts are whole
    won and rates ratios (0.0500 for 5%), as numbers; a missing plan or share is blank."""
    rows = [list(RESULTS_COLUMNS)]
    for result in report.regimes:
        rows.append([result.regime.name, report.total_purchasing, *result_cells(result)])
    return rows


def result_cells(result: RegimeResult) -> list:
    """A regime's plan and results as table cells (after its name and the total purchasing): plan target, counted,
    share, target rate, target amount, gap; a missing plan or share blank (also the public disclosure's data)."""
    return [
        "" if result.planned is None else result.planned,
        result.counted,
        "" if result.share is None else result.share,
        result.target_rate,
        result.target_amount,
        result.gap,
    ]


def results_csv(report: PerformanceReport) -> str:
    """The table as UTF-8 CSV with a byte-order mark (so spreadsheets read the Korean), text formula-safe."""
    out = io.StringIO()
    out.write("\ufeff")
    csv_writer(out).writerows(results_table(report))
    return out.getvalue()


def results_xlsx(report: PerformanceReport) -> bytes:
    return xlsx_bytes(results_table(report), title=f"{report.year} 구매실적")
