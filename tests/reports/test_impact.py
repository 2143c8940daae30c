"""A citizen's value consumption (market/reports/impact.py) against the hand-built ledger of impact_ledger.py,
worked out by hand: sales of paid and closed orders in the year they were paid (Seoul), refunds in the year they
were booked, each figure net of refunds, in won."""

import io

import pytest
from PIL import Image

from market.catalog.models import SocialValueTag
from market.core.errors import ApplicationError, NotFound
from market.reports.impact import ELSEWHERE, LOCAL, UNKNOWN, buyer_years, impact_for_buyer, impact_for_order
from market.reports.impact_card import (
    CARD_SIZE,
    card_font,
    impact_card_create,
    impact_card_revoke,
    impact_card_shared,
    render_card_png,
    shared_figures,
)
from tests.reports.impact_ledger import GANGNAM, MAPO, SEOCHO, Ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    return Ledger()


def kinds(**amounts):
    every = dict.fromkeys(
        [
            "social_enterprise",
            "pre_social",
            "cooperative",
            "social_cooperative",
            "village_enterprise",
            "self_sufficiency",
            "social_venture",
            "none",
        ],
        0,
    )
    every.update(amounts)
    return every


def test_a_year_of_one_buyer(ledger):
    impact = impact_for_buyer(buyer=ledger.buyer, year=2025)
    # Sold: 20,000 + 5,000 + 21,000 (o1) + 30,000 + 10,000 (o2); refunded: 21,000 + 7,001 + 2,000 (o3's, booked 2025).
    assert (impact.gross, impact.refunds, impact.total) == (86_000, 30_001, 55_999)
    assert (impact.orders, impact.firms) == (2, 3)
    assert impact.by_kind == kinds(social_enterprise=35_000 - 7_001, pre_social=0, cooperative=30_000, none=-2_000)
    assert sum(impact.by_kind.values()) == impact.total
    # The buyer (마포구) and F1 (마포구): local; o3 kept no buyer district: unknown.
    assert impact.circulation == {LOCAL: 27_999, ELSEWHERE: 30_000, UNKNOWN: -2_000}
    assert [(d.code, d.amount) for d in impact.by_district] == [(GANGNAM, 30_000), (MAPO, 27_999), (SEOCHO, -2_000)]
    # Declared shares: F1 40 %, F2 33.33 % (its sale refunded in full), F4 12.5 %; F3 declared none.
    # 27,999 × 0.40 + 0 − 2,000 × 0.125 = 10,949.6 → 10,950.
    assert impact.vulnerable_weighted == 10_950
    assert (impact.vulnerable_declared, impact.vulnerable_undeclared) == (25_999, 30_000)
    # Tags: p1's two tags count o1's 20,000 and o2's 10,000 in full each, less o1's refund spread over its lines
    # (7,001 × 20,000 / 25,000 → 5,600; × 5,000 / 25,000 → 1,400); local-farms nets to 0 and is left out.
    assert [(t.slug, t.amount) for t in impact.by_tag] == [
        ("eco-friendly", 24_400),
        ("handmade", 24_400),
        ("disability-employment", 3_600),
    ]
    assert impact.series == {
        1: -2_000,
        2: 0,
        3: 25_000,
        4: -7_001,
        5: 0,
        6: 0,
        7: 0,
        8: 0,
        9: 0,
        10: 0,
        11: 40_000,
        12: 0,
    }


def test_the_sale_of_new_years_eve_belongs_to_its_seoul_year(ledger):
    impact = impact_for_buyer(buyer=ledger.buyer, year=2024)
    assert (impact.gross, impact.refunds, impact.total, impact.orders) == (4_000, 0, 4_000, 1)
    assert impact.by_kind == kinds(none=4_000)
    assert impact.circulation == {LOCAL: 0, ELSEWHERE: 0, UNKNOWN: 4_000}
    assert impact.vulnerable_weighted == 500
    assert impact.series[12] == 4_000


def test_all_time_is_the_years_together_with_a_series_by_year(ledger):
    impact = impact_for_buyer(buyer=ledger.buyer)
    assert (impact.gross, impact.refunds, impact.total, impact.orders, impact.firms) == (90_000, 30_001, 59_999, 3, 4)
    assert impact.series == {2024: 4_000, 2025: 55_999}
    assert impact.by_kind["none"] == 2_000
    assert buyer_years(buyer=ledger.buyer) == [2025, 2024]


def test_another_buyer_and_an_empty_year_count_nothing_of_this_buyer(ledger):
    other = impact_for_buyer(buyer=ledger.other, year=2025)
    assert (other.gross, other.total, other.orders) == (90_000, 90_000, 1)
    empty = impact_for_buyer(buyer=ledger.buyer, year=2023)
    assert (empty.total, empty.by_tag, empty.by_district) == (0, [], [])
    assert empty.vulnerable_weighted == 0


def test_the_receipt_of_one_order(ledger):
    receipt = impact_for_order(order=ledger.o1)
    assert (receipt.gross, receipt.refunds, receipt.total, receipt.orders, receipt.firms) == (
        46_000,
        28_001,
        17_999,
        1,
        2,
    )
    assert receipt.circulation == {LOCAL: 17_999, ELSEWHERE: 0, UNKNOWN: 0}
    assert receipt.by_kind == kinds(social_enterprise=17_999)
    # 17,999 × 0.40 = 7,199.6 → 7,200; F2's 21,000 × 33.33 % added and taken back.
    assert receipt.vulnerable_weighted == 7_200
    assert [(t.slug, t.amount) for t in receipt.by_tag] == [
        ("eco-friendly", 14_400),
        ("handmade", 14_400),
        ("disability-employment", 3_600),
    ]
    unpaid = impact_for_order(order=ledger.unpaid)
    assert (unpaid.gross, unpaid.total) == (0, 0)


def test_the_report_is_one_statement_names_included(ledger, django_assert_max_num_queries):
    """Every table (totals, kinds, districts, tags, the series) and the names of districts and tags come from one
    statement: a citizen's report is round trips, not work. So is a year with nothing, and an order's receipt."""
    with django_assert_max_num_queries(1):
        year = impact_for_buyer(buyer=ledger.buyer, year=2025)
    with django_assert_max_num_queries(1):
        every = impact_for_buyer(buyer=ledger.buyer)
    with django_assert_max_num_queries(1):
        empty = impact_for_buyer(buyer=ledger.buyer, year=2023)
    with django_assert_max_num_queries(1):
        receipt = impact_for_order(order=ledger.o1)
    # A district only a refund reached (o3, paid in 2024, refunded in 2025) is named too.
    assert [(d.code, d.name_ko, d.name_en) for d in year.by_district][2] == (SEOCHO, "서초구", "Seocho-gu")
    tags = SocialValueTag.objects.filter(slug__in=["eco-friendly", "handmade", "disability-employment"])
    named = {tag.slug: (tag.name_ko, tag.name_en, tag.area) for tag in tags}
    assert {t.slug: (t.name_ko, t.name_en, t.area) for t in year.by_tag} == named
    assert {t.slug: (t.name_ko, t.name_en, t.area) for t in receipt.by_tag} == named
    assert (every.total, list(every.series), empty.series, empty.by_kind) == (
        59_999,
        [2024, 2025],
        dict.fromkeys(range(1, 13), 0),
        kinds(),
    )


def test_a_full_refund_of_a_part_with_several_tags_takes_back_exactly_what_it_added(ledger):
    from tests.reports.impact_ledger import at, refund

    refund(ledger.o1, ledger.f1, 25_000 - 7_001, at(2025, 4, 2))
    receipt = impact_for_order(order=ledger.o1)
    assert receipt.total == 0
    assert receipt.by_tag == []
    assert receipt.vulnerable_weighted == 0


def test_share_card_create_show_and_revoke(ledger):
    card = impact_card_create(user=ledger.buyer, year=2025, show_vulnerable=True, show_tags=False)
    assert len(card.token) >= 32
    assert impact_card_shared(card.token) == card
    figures = shared_figures(card)
    assert (figures.total, figures.local, figures.vulnerable_weighted, figures.by_tag) == (55_999, 27_999, 10_950, None)
    assert figures.by_kind == {"cooperative": 30_000, "social_enterprise": 27_999}  # positive kinds, largest first
    assert str(figures.local_share) == "0.5000"  # 27,999 / 55,999 = 0.49999… → 0.5000
    # A second card of the year replaces the first.
    again = impact_card_create(user=ledger.buyer, year=2025, show_total=False)
    with pytest.raises(NotFound):
        impact_card_shared(card.token)
    assert shared_figures(again).total is None
    with pytest.raises(NotFound):
        impact_card_revoke(user=ledger.other, token=again.token)
    impact_card_revoke(user=ledger.buyer, token=again.token)
    with pytest.raises(NotFound):
        impact_card_shared(again.token)


@pytest.mark.parametrize(
    ("year", "shown", "code"),
    [
        (1999, {}, "invalid_year"),
        (2999, {}, "invalid_year"),
        (
            2025,
            dict(show_total=False, show_kinds=False, show_local=False, show_vulnerable=False, show_tags=False),
            "nothing_shown",
        ),
    ],
)
def test_bad_cards_are_refused(ledger, year, shown, code):
    with pytest.raises(ApplicationError) as caught:
        impact_card_create(user=ledger.buyer, year=year, **shown)
    assert caught.value.code == code


def test_the_card_image_is_a_png_of_the_open_graph_size_in_the_korean_font(ledger):
    card = impact_card_create(user=ledger.buyer, year=2025, show_vulnerable=True)
    png = render_card_png(shared_figures(card))
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", CARD_SIZE)
    # The figures are drawn: the accent colour of the total and the bars covers a real part of the card.
    colours = image.convert("RGB").getcolors(maxcolors=CARD_SIZE[0] * CARD_SIZE[1])
    accent = sum(count for count, rgb in colours if rgb == (31, 122, 84))
    assert accent > 5_000
    font = card_font(20)
    assert "Nanum" in font.getname()[0]
    assert font.getbbox("가")[2] > 0
