"""Public disclosure (공시): an agency's plan and results of a year, published by its agency admin, shown to anyone
with the city's total against its goal, and the same figures as open data (CSV, JSON).

The figures are never stored here: a published year is computed when asked, by the purchase-performance selector
(market/procurement/selectors/performance.py, the one home of the counting rules), so the public page always shows
what the agency's own performance page shows. Publishing says the agency stands behind that year's figures.

Rules of publishing:
- only an agency admin of an approved agency publishes or withdraws its own agency's years;
- a year can be published once it has begun and its total purchasing (the denominator of every share) is recorded:
  without it there is no share to disclose;
- publishing a published year, or withdrawing one that is not published, is refused (409), so a double click
  says what happened instead of silently moving the publication date.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict
from market.core.spreadsheet import csv_writer
from market.procurement.models import Agency, AgencyMember, AgencyRole, AgencyStatus, AgencyYear
from market.procurement.selectors.performance import PerformanceReport, agency_performance, result_cells, share_of
from market.procurement.services.agencies import require_role
from market.procurement.services.performance import check_year
from market.reports.models import AgencyDisclosure, CityFigureKind, CityPurchasingFigure

# The regime whose counted amount the city's goal is about (social economy products, ../DOMAIN); while an operator
# has it switched off, the city's figure is every purchase through the marketplace.
SOCIAL_ECONOMY_REGIME = "social_economy"


# --- who may publish, and what --------------------------------------------------------------------------------------
def _publishable_year(agency_id: int, year) -> int:
    year = check_year(year)
    if year > timezone.localdate().year:
        raise ApplicationError(
            _("The year %(year)s has not begun: its results cannot be published yet.") % {"year": year},
            code="year_not_started",
            field="year",
        )
    if not AgencyYear.objects.filter(agency_id=agency_id, year=year).exists():
        raise ApplicationError(
            _(
                "Record the agency's total purchasing of %(year)s before publishing it: every share is counted "
                "against it."
            )
            % {"year": year},
            code="total_not_recorded",
            field="year",
        )
    return year


def disclosure_publish(*, actor: AgencyMember, year) -> AgencyDisclosure:
    """An agency admin publishes the agency's plan and results of `year` on the public page (again, if withdrawn)."""
    require_role(actor, AgencyRole.ADMIN)
    year = _publishable_year(actor.agency_id, year)
    with transaction.atomic():
        disclosure, created = AgencyDisclosure.objects.select_for_update().get_or_create(
            agency_id=actor.agency_id, year=year, defaults={"published_by": actor.user}
        )
        if not created:
            if disclosure.unpublished_at is None:
                raise Conflict(
                    _("%(year)s is already published (since %(day)s).")
                    % {"year": year, "day": timezone.localdate(disclosure.published_at).isoformat()},
                    code="already_published",
                    field="year",
                )
            disclosure.published_at = timezone.now()
            disclosure.published_by = actor.user
            disclosure.unpublished_at = None
            disclosure.save(update_fields=["published_at", "published_by", "unpublished_at"])
    return disclosure


def disclosure_unpublish(*, actor: AgencyMember, year) -> AgencyDisclosure:
    """An agency admin withdraws a published year from the public page (the row stays, with when)."""
    require_role(actor, AgencyRole.ADMIN)
    year = check_year(year)
    with transaction.atomic():
        disclosure = AgencyDisclosure.objects.select_for_update().filter(agency_id=actor.agency_id, year=year).first()
        if disclosure is None or disclosure.unpublished_at is not None:
            raise Conflict(_("%(year)s is not published.") % {"year": year}, code="not_published", field="year")
        disclosure.unpublished_at = timezone.now()
        disclosure.save(update_fields=["unpublished_at"])
    return disclosure


# --- the agency's own view ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DisclosureYear:
    """A year the agency recorded or published, and whether the public sees it."""

    year: int
    total_purchasing: int | None  # None: not recorded (a year published before its record was removed)
    published: bool
    published_at: datetime.datetime | None
    unpublished_at: datetime.datetime | None
    can_publish: bool


def agency_disclosure_years(*, agency: Agency) -> list[DisclosureYear]:
    """Every year the agency recorded a total for or ever published, newest first (two queries)."""
    totals = dict(AgencyYear.objects.filter(agency=agency).values_list("year", "total_purchasing"))
    disclosures = {d.year: d for d in AgencyDisclosure.objects.filter(agency=agency)}
    this_year = timezone.localdate().year
    years = []
    for year in sorted(set(totals) | set(disclosures), reverse=True):
        disclosure = disclosures.get(year)
        published = disclosure is not None and disclosure.unpublished_at is None
        years.append(
            DisclosureYear(
                year=year,
                total_purchasing=totals.get(year),
                published=published,
                published_at=disclosure.published_at if disclosure else None,
                unpublished_at=disclosure.unpublished_at if disclosure else None,
                can_publish=not published and year in totals and year <= this_year,
            )
        )
    return years


# --- the public page ------------------------------------------------------------------------------------------------
def published(year: int | None = None):
    """Disclosures the public sees: published, not withdrawn, of an agency still approved."""
    rows = AgencyDisclosure.objects.filter(unpublished_at__isnull=True, agency__status=AgencyStatus.APPROVED)
    return rows if year is None else rows.filter(year=year)


def public_years() -> list[int]:
    """Years with at least one published disclosure, newest first."""
    return list(published().order_by("-year").values_list("year", flat=True).distinct())


def default_year() -> int:
    """The newest year anyone published, else this year."""
    latest = published().aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year


@dataclass(frozen=True)
class PublishedDisclosure:
    agency: Agency
    published_at: datetime.datetime
    report: PerformanceReport  # the agency's year as its performance page shows it


def published_disclosures(*, year: int) -> list[PublishedDisclosure]:
    """Each published agency's plan and results of `year`, by agency name: the performance selector's report of
    each (its two statements per agency; the page lists the agencies that chose to publish)."""
    rows = published(year).select_related("agency__district").order_by("agency__name", "agency_id")
    return [
        PublishedDisclosure(
            agency=row.agency, published_at=row.published_at, report=agency_performance(row.agency, year)
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CityFigure:
    year: int
    amount: int


@dataclass(frozen=True)
class CityProgress:
    """Every agency's purchasing through the marketplace in a year against the city's goal."""

    year: int
    counted_as: str  # SOCIAL_ECONOMY_REGIME, or "marketplace" while that regime is off
    counted: int  # won, net of refunds
    marketplace_total: int  # every accepted purchase through the marketplace, whatever regime
    total_purchasing: int  # the agencies' recorded totals, summed
    share: Decimal | None  # counted / total_purchasing, as the performance selector rounds
    goal_amount: int | None
    goal_share: Decimal | None
    goal_progress: Decimal | None  # counted / goal_amount
    actuals: list[CityFigure]  # the city's published actual years (2012, 2017), for context


def city_progress(*, year: int) -> CityProgress:
    """The city's total of `year` (every agency, published or not: a sum names no agency) against its goal."""
    report = agency_performance(None, year)
    regime = next((r for r in report.regimes if r.regime.code == SOCIAL_ECONOMY_REGIME), None)
    counted = regime.counted if regime else report.marketplace.total
    figures = list(CityPurchasingFigure.objects.order_by("year"))
    goal = next((f for f in figures if f.kind == CityFigureKind.GOAL), None)
    return CityProgress(
        year=year,
        counted_as=SOCIAL_ECONOMY_REGIME if regime else "marketplace",
        counted=counted,
        marketplace_total=report.marketplace.total,
        total_purchasing=report.total_purchasing,
        share=regime.share if regime else share_of(counted, report.total_purchasing),
        goal_amount=goal.amount if goal else None,
        goal_share=goal.share if goal else None,
        goal_progress=share_of(counted, goal.amount) if goal and goal.amount else None,
        actuals=[CityFigure(year=f.year, amount=f.amount) for f in figures if f.kind == CityFigureKind.ACTUAL],
    )


# --- open data ------------------------------------------------------------------------------------------------------
CSV_COLUMNS = [
    "연도 (year)",
    "기관 ID (agency_id)",
    "기관 (agency)",
    "기관 유형 (agency_kind)",
    "자치구 (district)",
    "공시일 (published_on)",
    "총구매액 (total_purchasing)",
    "구분 코드 (regime_code)",
    "구분 (regime)",
    "계획 목표액 (planned)",
    "구매실적 (counted)",
    "구매비율 (share)",
    "법정 목표비율 (target_rate)",
    "목표액 (target_amount)",
    "부족액 (gap)",
]


def disclosure_rows(disclosures: list[PublishedDisclosure]) -> list[list]:
    """One row per published agency and regime, after a header row: whole won and ratios (0.0500 for 5%) as
    numbers, a missing plan or share blank."""
    rows = [list(CSV_COLUMNS)]
    for disclosure in disclosures:
        report, agency = disclosure.report, disclosure.agency
        for result in report.regimes:
            rows.append(
                [
                    report.year,
                    agency.pk,
                    agency.name,
                    agency.kind,
                    agency.district_id,
                    timezone.localdate(disclosure.published_at).isoformat(),
                    report.total_purchasing,
                    result.regime.code,
                    result.regime.name,
                    *result_cells(result),
                ]
            )
    return rows


def disclosure_csv(disclosures: list[PublishedDisclosure]) -> str:
    """UTF-8 CSV with a byte-order mark (spreadsheets read the Korean), text formula-safe."""
    out = io.StringIO()
    out.write("\ufeff")
    csv_writer(out).writerows(disclosure_rows(disclosures))
    return out.getvalue()
