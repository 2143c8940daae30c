"""A citizen's value consumption: where the money of one buyer's own orders went (an impact receipt per order, and
the sum over all time or one year), read live from the order rows, not from SalesDay (which holds no buyer).

What counts is what `market/reports/sales.py` says: each line of the buyer's paid or closed orders, counted in the
year it was paid (Seoul time), at its line total; a refund of a part (the payment ledger's refund entries of it)
is taken back in the year it was booked. Every figure is net of refunds, in whole won, summed by the database.

How the figures are cut:
- by reported kind (`REPORTED_KINDS`: both pre-social kinds as one, "none"), the kind kept on the line at the sale;
- local circulation: lines whose firm's district (kept on the line) is the buyer's district at checkout
  (`Order.buyer_district`), elsewhere in Seoul, or unknown when the order kept no buyer district;
- by the firm's district (kept on the line);
- vulnerable-group employment: each won weighted by the firm's declared share of vulnerable employees
  (`Firm.vulnerable_employee_share`, as the firm declares it today: a declared value, labelled as such). The
  weighted sum is exact (shares have two decimals: won × share in hundredths of a percent) and rounded once, to
  the nearest won (halves up). Money to firms that declared no share is shown apart, never weighted as 0 %;
- by social-value tag, the catalogue tags of the line's product (today's tags; a deleted product has none). A
  line with two tags counts in full under each, so the tags do not add up to the total.

Refunds: a part's lines share their firm, its kind and district (kept at checkout), so a refund of a part is taken
from that firm's kind, district, local/elsewhere and weighted share exactly. A part may hold several products with
different tags: its refunds are spread over its lines in proportion to their line totals, rounded down to the won
on the running total (the refunds of a part, however many, take floor(refunded × line total / part total) from
each line, each refund in its own year), and each line's share goes to that line's tags. A part refunded in full
thus takes back exactly what it added; a partial refund may leave a tag up to one won per line higher than a
perfect split would.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.compiled import Param, compiled_rows
from market.core.errors import ApplicationError
from market.core.parsing import parse_int
from market.firms.models import FirmKind
from market.orders.models import Order, OrderLine, OrderStatus
from market.payments.models import LedgerKind, PaymentLedgerEntry
from market.procurement.selectors.performance import NO_KIND, PRE_SOCIAL, REPORTED_KINDS
from market.reports.union import Null, union_all

# What makes an order's lines sales (market/reports/sales.py citizen_sales).
SOLD = (OrderStatus.PAID, OrderStatus.CLOSED)
# The first year the marketplace could have sold anything; a year outside this range is a typing mistake.
FIRST_YEAR = 2000
# A share in hundredths of a percent (two decimals): won × this / WEIGHT is the weighted won.
WEIGHT = 100 * 100

LOCAL, ELSEWHERE, UNKNOWN = "local", "elsewhere", "unknown"


@dataclass(frozen=True)
class TagAmount:
    slug: str
    name_ko: str
    name_en: str
    area: str
    amount: int


@dataclass(frozen=True)
class DistrictAmount:
    code: str
    name_ko: str
    name_en: str
    amount: int


@dataclass(frozen=True)
class Impact:
    """A buyer's value consumption over some orders: won, net of refunds (gross − refunds = total)."""

    gross: int
    refunds: int
    total: int
    orders: int  # orders paid in the period
    firms: int  # distinct firms bought from in the period
    by_kind: dict[str, int]  # every kind of REPORTED_KINDS, in that order
    circulation: dict[str, int]  # LOCAL, ELSEWHERE, UNKNOWN
    by_district: list[DistrictAmount]  # firms' districts with anything bought, largest first
    vulnerable_weighted: int  # Σ won × declared share, rounded once (derived from declared values)
    vulnerable_declared: int  # won to firms that declared a share (the base of the weighted figure)
    vulnerable_undeclared: int  # won to firms that declared none
    by_tag: list[TagAmount]  # tags with anything bought, largest first
    series: dict[int, int] = field(default_factory=dict)  # month 1–12 of a year, or year → won (all time)


# --- expressions ----------------------------------------------------------------------------------------------------
def _reported_kind(path: str):
    """The kind kept on the row (raw), as reported: both pre-social kinds as one, anything else unlisted as none."""
    listed = [kind for kind in REPORTED_KINDS if kind not in (PRE_SOCIAL, NO_KIND)]
    return Case(
        When(**{f"{path}__in": [FirmKind.PRE_SOCIAL_REGIONAL, FirmKind.PRE_SOCIAL_MINISTRY]}, then=Value(PRE_SOCIAL)),
        When(**{f"{path}__in": listed}, then=F(path)),
        default=Value(NO_KIND),
        output_field=CharField(),
    )


def _share_hundredths(path: str):
    """A firm's declared share at `path` (a percentage with two decimals) as an integer of hundredths of a percent.
    Rounded, not truncated: SQLite keeps decimals as floating point (33.33 × 100 = 3332.99…)."""
    scaled = ExpressionWrapper(F(path) * Value(100), output_field=DecimalField(max_digits=9, decimal_places=2))
    return Cast(Round(scaled), output_field=BigIntegerField())


def _weighted(amount, path: str):
    return ExpressionWrapper(amount * _share_hundredths(path), output_field=BigIntegerField())


def _sum(expression, *, condition: Q | None = None):
    return Coalesce(Sum(expression, filter=condition), Value(0), output_field=BigIntegerField())


def _round_weighted(hundredths: int) -> int:
    """won × hundredths-of-a-percent summed → won, to the nearest, halves up (amounts are never negative in sum
    except by refunds beyond purchases; floor division keeps the rule the same for those)."""
    return (2 * hundredths + WEIGHT) // (2 * WEIGHT)


# --- the period ----------------------------------------------------------------------------------------------------
def parse_year(value, *, field: str = "year") -> int | None:
    """A year as typed (a query parameter, a JSON number) from FIRST_YEAR to this year (Seoul); empty: None (all
    time). Anything else is a clear error naming `field`."""
    if value is None or value == "":
        return None
    year = parse_int(value, field=field)
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ApplicationError(
            _("The year must be from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last},
            code="invalid_year",
            field=field,
        )
    return year


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """A calendar year in Seoul time (the project's time zone), as aware datetimes [start, end)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _sold_lines(*, buyer, bounds: tuple | None = None, order=None):
    """The buyer's sold lines (paid in [start, end) when `bounds` are given, of `order` when given); the buyer, the
    bounds and the order may be values or `Param`s."""
    lines = OrderLine.objects.filter(order__buyer_id=buyer, order__status__in=SOLD)
    if order is not None:
        lines = lines.filter(order_id=order)
    if bounds is not None:
        lines = lines.filter(order__paid_at__gte=bounds[0], order__paid_at__lt=bounds[1])
    return lines


def _part_line(field: str):
    """`field` of the first line of the refunded part: a part's lines all carry the firm's kind and district as
    they were at checkout, so any one of them says it."""
    line = OrderLine.objects.filter(fulfilment_id=OuterRef("fulfilment_id")).order_by("pk")
    return Subquery(line.values(field)[:1])


def _refund_entries(*, buyer, bounds: tuple | None = None, order=None):
    """The refund entries of the buyer's parts (booked in [start, end), of `order`), as `_sold_lines`."""
    entries = PaymentLedgerEntry.objects.filter(
        kind=LedgerKind.REFUND, fulfilment__isnull=False, fulfilment__order__buyer_id=buyer
    )
    if order is not None:
        entries = entries.filter(fulfilment__order_id=order)
    if bounds is not None:
        entries = entries.filter(created_at__gte=bounds[0], created_at__lt=bounds[1])
    return entries.annotate(part_kind=_part_line("firm_kind"), part_district=_part_line("firm_district_id"))


# --- the report -----------------------------------------------------------------------------------------------------
# Every table of the report in one statement: the grouped queries over the buyer's lines (what was sold) and over
# the refund entries (what was taken back) are the arms of one UNION ALL, each tagged "sold …" or "refunded …" and
# padded to the same columns, names joined in (one statement per table, and the names, were 11 round trips).
_TEXT, _BIG = CharField(), BigIntegerField()
_KEYS = {"code": _TEXT, "number": _BIG, "slug": _TEXT, "name_ko": _TEXT, "name_en": _TEXT, "area": _TEXT}
_TOTALS = ("orders", "firms", "local", "unknown", "declared", "weighted")
_COLUMNS = ("table", *_KEYS, "won", *_TOTALS)


def _arm(rows, table: str, amount, *, totals: dict | None = None, **keys):
    """One table as a grouped query with the union's columns: grouped by `keys` (typed NULL for the others),
    `amount` summed as `won`, and the totals' other sums (0 in the arms that are not totals)."""
    grouped = rows.order_by().values(
        table=Value(table, output_field=_TEXT), **{key: Null(kind) for key, kind in _KEYS.items()} | keys
    )
    zeros = {name: Value(0, output_field=_BIG) for name in _TOTALS}
    return grouped.annotate(won=_sum(amount), **zeros | (totals or {})).values(*_COLUMNS)


# The statement is built once per shape (a year or all time, an order's receipt or not) with the buyer, the year's
# bounds and the order as parameters, and kept compiled (market/core/compiled.py): building and compiling its ten
# arms took the ORM about 20 ms a call, and PostgreSQL 5 ms to plan them, against 1 ms to run; it is prepared on
# PostgreSQL (a buyer's few rows by index: the plan does not depend on the buyer).
_BUYER, _ORDER = Param("buyer", BigIntegerField()), Param("order", BigIntegerField())
_START, _END = Param("start", DateTimeField()), Param("end", DateTimeField())


def _impact_union(*, in_year: bool, of_order: bool):
    """The report's UNION ALL with the buyer (and the year's bounds, the order) as parameters."""
    lines = _sold_lines(buyer=_BUYER, bounds=(_START, _END) if in_year else None, order=_ORDER if of_order else None)
    refunds = _refund_entries(
        buyer=_BUYER, bounds=(_START, _END) if in_year else None, order=_ORDER if of_order else None
    )
    # 12 months of a year, else the years.
    extract = ExtractMonth if in_year else ExtractYear

    local = Q(firm_district=F("order__buyer_district"))
    unknown = Q(order__buyer_district__isnull=True)
    declared = Q(firm__vulnerable_employee_share__isnull=False)
    sold_arms = [
        _arm(
            lines,
            "sold totals",
            "line_total",
            totals={
                "orders": Count("order", distinct=True),
                "firms": Count("firm", distinct=True),
                "local": _sum("line_total", condition=local),
                "unknown": _sum("line_total", condition=unknown),
                "declared": _sum("line_total", condition=declared),
                "weighted": _sum(_weighted(F("line_total"), "firm__vulnerable_employee_share"), condition=declared),
            },
        ),
        _arm(lines, "sold kind", "line_total", code=_reported_kind("firm_kind")),
        _arm(
            lines,
            "sold district",
            "line_total",
            code=F("firm_district_id"),
            name_ko=F("firm_district__name_ko"),
            name_en=F("firm_district__name_en"),
        ),
        _arm(
            lines.filter(product__tags__isnull=False),
            "sold tag",
            "line_total",
            number=F("product__tags"),
            slug=F("product__tags__slug"),
            name_ko=F("product__tags__name_ko"),
            name_en=F("product__tags__name_en"),
            area=F("product__tags__area"),
        ),
        # Cast: PostgreSQL's EXTRACT is a numeric, which the union would hand back as a Decimal.
        _arm(lines, "sold series", "line_total", number=Cast(extract("order__paid_at"), _BIG)),
    ]

    r_local = Q(part_district=F("fulfilment__order__buyer_district"))
    r_unknown = Q(fulfilment__order__buyer_district__isnull=True)
    r_declared = Q(fulfilment__firm__vulnerable_employee_share__isnull=False)
    # Each refund takes from a line what it adds to the part's running refunded total's share of the line, rounded
    # down: a part's refunds together take floor(refunded × line / part) from each line, whatever their number.
    through = PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND, fulfilment_id=OuterRef("fulfilment_id")).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
    )
    through = through.order_by().values("fulfilment_id").annotate(amount=Sum("amount")).values("amount")
    line, part = F("fulfilment__lines__line_total"), F("fulfilment__items_total")
    spread = ExpressionWrapper(
        F("through") * line / part - (F("through") - F("amount")) * line / part, output_field=BigIntegerField()
    )
    refunded_arms = [
        _arm(
            refunds,
            "refunded totals",
            "amount",
            totals={
                "local": _sum("amount", condition=r_local),
                "unknown": _sum("amount", condition=r_unknown),
                "declared": _sum("amount", condition=r_declared),
                "weighted": _sum(
                    _weighted(F("amount"), "fulfilment__firm__vulnerable_employee_share"), condition=r_declared
                ),
            },
        ),
        _arm(refunds, "refunded kind", "amount", code=_reported_kind("part_kind")),
        _arm(
            refunds,
            "refunded district",
            "amount",
            code=F("part_district"),
            name_ko=_part_line("firm_district__name_ko"),
            name_en=_part_line("firm_district__name_en"),
        ),
        _arm(
            refunds.filter(fulfilment__lines__product__tags__isnull=False).annotate(
                through=Subquery(through, output_field=BigIntegerField())
            ),
            "refunded tag",
            spread,
            number=F("fulfilment__lines__product__tags"),
            slug=F("fulfilment__lines__product__tags__slug"),
            name_ko=F("fulfilment__lines__product__tags__name_ko"),
            name_en=F("fulfilment__lines__product__tags__name_en"),
            area=F("fulfilment__lines__product__tags__area"),
        ),
        _arm(refunds, "refunded series", "amount", number=Cast(extract("created_at"), _BIG)),
    ]

    return union_all(sold_arms + refunded_arms)


def _impact(*, buyer, year: int | None = None, order: Order | None = None) -> Impact:
    start, end = year_bounds(year) if year is not None else (None, None)
    rows = compiled_rows(
        ("impact", year is not None, order is not None),
        lambda: _impact_union(in_year=year is not None, of_order=order is not None),
        prepared=True,
        buyer=getattr(buyer, "pk", buyer),
        start=start,
        end=end,
        order=getattr(order, "pk", order),
    )
    tables = defaultdict(list)
    for row in rows:
        tables[row["table"]].append(row)
    (sold,), (back,) = tables["sold totals"], tables["refunded totals"]

    # What was sold, less what was taken back, per key; the names come with the rows.
    def net(table: str, key: str, start: dict | None = None) -> dict:
        amounts = dict(start or {})
        for side, sign in (("sold", 1), ("refunded", -1)):
            for row in tables[f"{side} {table}"]:
                amounts[row[key]] = amounts.get(row[key], 0) + sign * row["won"]
        return amounts

    def names(table: str, key: str) -> dict:
        return {row[key]: row for side in ("sold", "refunded") for row in tables[f"{side} {table}"]}

    series = net("series", "number", {month: 0 for month in range(1, 13)} if year is not None else None)
    districts, tags = names("district", "code"), names("tag", "number")
    by_district = [
        DistrictAmount(code=code, name_ko=districts[code]["name_ko"], name_en=districts[code]["name_en"], amount=amount)
        for code, amount in net("district", "code").items()
        if amount and code is not None  # None: a refunded part with no line left (no district to name)
    ]
    by_tag = [
        TagAmount(slug=tag["slug"], name_ko=tag["name_ko"], name_en=tag["name_en"], area=tag["area"], amount=amount)
        for tag, amount in ((tags[pk], amount) for pk, amount in net("tag", "number").items())
        if amount
    ]

    total = sold["won"] - back["won"]
    local_total = sold["local"] - back["local"]
    unknown_total = sold["unknown"] - back["unknown"]
    declared_total = sold["declared"] - back["declared"]
    return Impact(
        gross=sold["won"],
        refunds=back["won"],
        total=total,
        orders=sold["orders"],
        firms=sold["firms"],
        by_kind=net("kind", "code", dict.fromkeys(REPORTED_KINDS, 0)),
        circulation={
            LOCAL: local_total,
            ELSEWHERE: total - local_total - unknown_total,
            UNKNOWN: unknown_total,
        },
        by_district=sorted(by_district, key=lambda d: (-d.amount, d.code)),
        vulnerable_weighted=_round_weighted(sold["weighted"] - back["weighted"]),
        vulnerable_declared=declared_total,
        vulnerable_undeclared=total - declared_total,
        by_tag=sorted(by_tag, key=lambda t: (-t.amount, t.slug)),
        series=dict(sorted(series.items())),
    )


def _grouped(queryset, measure) -> list[tuple]:
    """(key, summed measure) per distinct `key` annotation of `queryset`, summed by the database."""
    return list(queryset.order_by().values("key").annotate(amount=_sum(measure)).values_list("key", "amount"))


def impact_for_buyer(*, buyer, year: int | None = None) -> Impact:
    """The buyer's value consumption over all time (year None: series by year) or one calendar year (by month)."""
    return _impact(buyer=buyer, year=year)


def impact_for_order(*, order: Order) -> Impact:
    """An order's impact receipt: its lines if it was paid, less every refund of its parts so far (series: by
    year of the sale and of each refund)."""
    return _impact(buyer=order.buyer_id, order=order)


def impact_by_kind_between(*, buyer, start: datetime.datetime, end: datetime.datetime) -> tuple[int, int, dict]:
    """The buyer's purchases paid in [start, end) and refunds booked in it, by the reported kind kept at the sale:
    (gross, refunds, {kind: net} for every kind of REPORTED_KINDS) — a month's part of the report (the e-mail)."""
    lines = _sold_lines(buyer=getattr(buyer, "pk", buyer), bounds=(start, end))
    refunds = _refund_entries(buyer=getattr(buyer, "pk", buyer), bounds=(start, end))
    by_kind = dict.fromkeys(REPORTED_KINDS, 0)
    gross = back = 0
    for kind, amount in _grouped(lines.annotate(key=_reported_kind("firm_kind")), "line_total"):
        by_kind[kind] += amount
        gross += amount
    for kind, amount in _grouped(refunds.annotate(key=_reported_kind("part_kind")), "amount"):
        by_kind[kind] -= amount
        back += amount
    return gross, back, by_kind


def buyer_years(*, buyer) -> list[int]:
    """The years in which the buyer paid for an order, newest first (the year picker's choices)."""
    return sorted(
        set(
            Order.objects.filter(buyer=buyer, status__in=SOLD, paid_at__isnull=False)
            .annotate(year=ExtractYear("paid_at"))
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
