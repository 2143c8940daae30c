"""The one home of report filters: what a report's query parameters may say (period, granularity, district, firm
kind, channel), checked with clear errors naming the parameter at fault, and the periods a filtered range covers.

Every report parses its query parameters here (`parse_report_filters(request.query_params, allow=...)`), so the
same word means the same thing and fails the same way everywhere:

- `from`, `to`: ISO dates (YYYY-MM-DD, ASCII digits), both included, `from` not after `to`, within
  MAX_SPAN[granularity] of each other. A missing one is derived: `to` defaults to today (Seoul), `from` to
  DEFAULT_SPAN[granularity] before `to`.
- `granularity`: day, week (weeks start on Monday) or month.
- `district`: one of Seoul's district codes (firms.District).
- `firm_kind`: a reported kind (procurement.selectors.performance.REPORTED_KINDS: both pre-social kinds as one,
  "none" for a firm holding no listed kind); `firm_kind_q` turns it into a filter on a stored (raw) kind.
- `channel`: citizen or agency (reports.SalesChannel).

Parameters a report does not `allow` are ignored, so a shared link with extra parameters still opens.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import DateField, Q
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError
from market.firms.models import District, FirmKind
from market.procurement.selectors.performance import NO_KIND, PRE_SOCIAL, REPORTED_KINDS
from market.reports.models import SalesChannel

DAY, WEEK, MONTH = "day", "week", "month"
GRANULARITIES = (DAY, WEEK, MONTH)

# The longest range a report covers at each granularity (about 1,100 days, 520 weeks or 240 months on a chart).
MAX_SPAN = {DAY: datetime.timedelta(days=3 * 366), WEEK: datetime.timedelta(days=10 * 366), MONTH: None}
MAX_MONTHS = 20 * 12
# The range shown when neither end is given.
DEFAULT_SPAN = {DAY: datetime.timedelta(days=29), WEEK: datetime.timedelta(weeks=12) - datetime.timedelta(days=1)}
DEFAULT_MONTHS = 12

# Dates outside these years are typing mistakes, and date arithmetic near year 1 or 9999 would overflow.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)

FILTER_NAMES = ("from", "to", "granularity", "district", "firm_kind", "channel")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class ReportFilterError(ApplicationError):
    default_code = "invalid_filter"


@dataclass(frozen=True)
class ReportFilters:
    """A report's validated filters. `date_from`/`date_to` are set when the report allows a period (both ends
    included); the others are None when not given (or not allowed)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    granularity: str = MONTH
    district: str | None = None
    firm_kind: str | None = None
    channel: str | None = None

    def period_start(self, day: datetime.date) -> datetime.date:
        """The first day of the period (of this granularity) holding `day`."""
        return period_start(day, self.granularity)

    def periods(self) -> list[datetime.date]:
        """Every period's first day from the one holding `date_from` to the one holding `date_to`, in order: the
        x-axis of a chart, continuous whether or not anything was sold (the first and last may be partial)."""
        return periods(self.date_from, self.date_to, self.granularity)

    def truncate(self, field: str):
        """The ORM expression of the first day of `field`'s period (a DateField), for values().annotate()."""
        return truncate(field, self.granularity)


def period_start(day: datetime.date, granularity: str) -> datetime.date:
    if granularity == WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if granularity == MONTH:
        return day.replace(day=1)
    return day


def _next_period(start: datetime.date, granularity: str) -> datetime.date:
    if granularity == WEEK:
        return start + datetime.timedelta(weeks=1)
    if granularity == MONTH:
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start + datetime.timedelta(days=1)


def periods(date_from: datetime.date, date_to: datetime.date, granularity: str) -> list[datetime.date]:
    starts, current = [], period_start(date_from, granularity)
    while current <= date_to:
        starts.append(current)
        current = _next_period(current, granularity)
    return starts


def truncate(field: str, granularity: str):
    trunc = {DAY: TruncDay, WEEK: TruncWeek, MONTH: TruncMonth}[granularity]
    return trunc(field, output_field=DateField())


def firm_kind_q(kind: str, *, field: str = "firm_kind") -> Q:
    """A filter on a stored (raw) firm kind at `field` matching the reported kind `kind` (see REPORTED_KINDS)."""
    listed = [k for k in REPORTED_KINDS if k not in (PRE_SOCIAL, NO_KIND)]
    pre_social = [FirmKind.PRE_SOCIAL_REGIONAL.value, FirmKind.PRE_SOCIAL_MINISTRY.value]
    if kind == PRE_SOCIAL:
        return Q(**{f"{field}__in": pre_social})
    if kind == NO_KIND:
        return ~Q(**{f"{field}__in": [*listed, *pre_social]})
    return Q(**{field: kind})


# --- parsing --------------------------------------------------------------------------------------------------------
def _single(query_params: Mapping, name: str) -> str | None:
    value = query_params.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _parse_date(value: str, name: str) -> datetime.date:
    error = ReportFilterError(
        _("Enter a date as YYYY-MM-DD between %(earliest)s and %(latest)s.")
        % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        code="invalid_date",
        field=name,
    )
    if not _ISO_DATE.fullmatch(value):
        raise error
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise error from None
    if not EARLIEST <= day <= LATEST:
        raise error
    return day


def _months_back(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _check_span(date_from: datetime.date, date_to: datetime.date, granularity: str) -> None:
    if date_from > date_to:
        raise ReportFilterError(_("The start date must not be after the end date."), code="invalid_range", field="from")
    if granularity == MONTH:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        too_long = months > MAX_MONTHS
        limit = _("%(count)s months") % {"count": MAX_MONTHS}
    else:
        too_long = date_to - date_from >= MAX_SPAN[granularity]
        limit = _("%(count)s days") % {"count": MAX_SPAN[granularity].days}
    if too_long:
        raise ReportFilterError(
            _("The period is too long for %(granularity)s figures: at most %(limit)s; choose a coarser granularity.")
            % {"granularity": granularity, "limit": limit},
            code="period_too_long",
            field="from",
        )


def _choice(value: str, choices: Iterable[str], name: str, what: str) -> str:
    choices = list(choices)
    if value not in choices:
        raise ReportFilterError(
            _("Unknown %(what)s %(value)r: use one of %(choices)s.")
            % {"what": what, "value": value[:50], "choices": ", ".join(choices)},
            code="invalid_choice",
            field=name,
        )
    return value


def parse_report_filters(
    query_params: Mapping,
    *,
    allow: Iterable[str] = ("from", "to", "granularity"),
    default_granularity: str = MONTH,
    today: datetime.date | None = None,
) -> ReportFilters:
    """`query_params` (a request's query parameters) as ReportFilters, reading only the names in `allow` (a
    subset of FILTER_NAMES). Raises ReportFilterError (400, with the parameter's name as its field)."""
    allow = set(allow)
    unknown = allow - set(FILTER_NAMES)
    if unknown:
        raise ValueError(f"Not a report filter: {sorted(unknown)}")

    def given(name):
        return _single(query_params, name) if name in allow else None

    granularity = default_granularity
    if given("granularity") is not None:
        granularity = _choice(given("granularity"), GRANULARITIES, "granularity", _("granularity"))

    date_from = date_to = None
    if {"from", "to"} & allow:
        raw_from, raw_to = given("from"), given("to")
        date_to = _parse_date(raw_to, "to") if raw_to else None
        date_from = _parse_date(raw_from, "from") if raw_from else None
        if date_to is None:
            date_to = today or timezone.localdate()
            if date_from is not None and date_from > date_to:
                date_to = date_from  # a start in the future alone: that one day, not an error
        if date_from is None:
            if granularity == MONTH:
                date_from = _months_back(date_to, DEFAULT_MONTHS - 1)
            else:
                date_from = date_to - DEFAULT_SPAN[granularity]
            date_from = max(date_from, EARLIEST)
        _check_span(date_from, date_to, granularity)

    district = given("district")
    if district is not None and not District.objects.filter(code=district).exists():
        raise ReportFilterError(
            _("Unknown district code %(code)r.") % {"code": district[:20]}, code="invalid_choice", field="district"
        )
    firm_kind = given("firm_kind")
    if firm_kind is not None:
        _choice(firm_kind, REPORTED_KINDS, "firm_kind", _("firm kind"))
    channel = given("channel")
    if channel is not None:
        _choice(channel, SalesChannel.values, "channel", _("channel"))

    return ReportFilters(
        date_from=date_from,
        date_to=date_to,
        granularity=granularity,
        district=district,
        firm_kind=firm_kind,
        channel=channel,
    )
