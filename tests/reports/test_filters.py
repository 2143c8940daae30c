"""The report filters: every parameter checked with its own field name, defaults derived, periods continuous."""

import datetime

import pytest

from market.reports.filters import (
    DAY,
    MONTH,
    WEEK,
    ReportFilterError,
    ReportFilters,
    firm_kind_q,
    parse_report_filters,
    periods,
)

TODAY = datetime.date(2026, 3, 18)  # a Wednesday
ALL = ("from", "to", "granularity", "district", "firm_kind", "channel")


def parse(params, **kwargs):
    kwargs.setdefault("today", TODAY)
    return parse_report_filters(params, **kwargs)


def test_defaults_per_granularity():
    assert parse({}) == ReportFilters(date_from=datetime.date(2025, 4, 1), date_to=TODAY, granularity=MONTH)
    day = parse({"granularity": "day"})
    assert (day.date_from, day.date_to) == (datetime.date(2026, 2, 17), TODAY)
    week = parse({"granularity": "week"})
    assert (week.date_to - week.date_from).days == 83
    only_from = parse({"from": "2026-01-05", "granularity": "day"})
    assert (only_from.date_from, only_from.date_to) == (datetime.date(2026, 1, 5), TODAY)


def test_a_future_start_alone_is_that_day():
    f = parse({"from": "2026-04-01", "granularity": "day"})
    assert (f.date_from, f.date_to) == (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1))


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"from": "2026-13-01"}, "from", "invalid_date"),
        ({"to": "20260101"}, "to", "invalid_date"),
        ({"to": "２０２６-01-01"}, "to", "invalid_date"),
        ({"from": "1999-12-31"}, "from", "invalid_date"),
        ({"from": "2026-02-02", "to": "2026-02-01"}, "from", "invalid_range"),
        ({"granularity": "year"}, "granularity", "invalid_choice"),
        ({"firm_kind": "pre_social_regional"}, "firm_kind", "invalid_choice"),
        ({"channel": "shop"}, "channel", "invalid_choice"),
        ({"from": "2020-01-01", "to": "2026-01-01", "granularity": "day"}, "from", "period_too_long"),
        ({"from": "2010-01-01", "to": "2026-01-01", "granularity": "week"}, "from", "period_too_long"),
        ({"from": "2000-01-01", "to": "2026-01-01", "granularity": "month"}, "from", "period_too_long"),
    ],
)
def test_bad_filters_name_their_field(params, field, code):
    with pytest.raises(ReportFilterError) as caught:
        parse(params, allow=ALL)
    assert (caught.value.field, caught.value.code, caught.value.status) == (field, code, 400)
    assert caught.value.message


@pytest.mark.django_db
def test_district_must_exist():
    assert parse({"district": "11440"}, allow=ALL).district == "11440"
    with pytest.raises(ReportFilterError) as caught:
        parse({"district": "99999"}, allow=ALL)
    assert caught.value.field == "district"


def test_limits_hold_at_their_edge():
    assert parse({"from": "2023-03-18", "to": "2026-03-18", "granularity": "day"}).date_from == datetime.date(
        2023, 3, 18
    )
    months = parse({"from": "2006-04-01", "to": "2026-03-31", "granularity": "month"})
    assert len(months.periods()) == 240


def test_filters_not_allowed_are_ignored():
    f = parse({"channel": "nonsense", "granularity": "day"}, allow=("granularity",))
    assert f.channel is None and f.date_from is None and f.granularity == DAY


def test_periods_are_continuous_and_start_on_the_period():
    assert periods(datetime.date(2026, 1, 30), datetime.date(2026, 2, 2), DAY) == [
        datetime.date(2026, 1, 30),
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 2),
    ]
    assert periods(datetime.date(2026, 3, 18), datetime.date(2026, 3, 30), WEEK) == [
        datetime.date(2026, 3, 16),
        datetime.date(2026, 3, 23),
        datetime.date(2026, 3, 30),
    ]
    assert periods(datetime.date(2025, 11, 30), datetime.date(2026, 2, 1), MONTH) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]


def test_firm_kind_q_maps_reported_kinds_to_stored_kinds():
    assert "pre_social_regional" in str(firm_kind_q("pre_social"))
    assert str(firm_kind_q("cooperative")) == str(firm_kind_q("cooperative", field="firm_kind"))
    assert "NOT" in str(firm_kind_q("none"))
