"""One contract, both backends: what buyers type must find what they mean.

Every case runs on both backends; where only Elasticsearch can do a thing (fuzzy matching), the case asserts
what the database backend does instead.
"""

import datetime

import pytest
from django.utils import timezone

from market.firms.models import District, FirmKind
from search.backends.base import SearchRequest
from tests.factories import FirmFactory, ProductFactory, category
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db


def ids(backend, q="", **kwargs):
    return backend.search(SearchRequest(q=q, **kwargs)).ids


@pytest.fixture
def catalogue(backend):
    """A small catalogue, indexed into the backend under test."""
    coffee_firm = FirmFactory(
        name="햇살 커피 협동조합",
        district=District.objects.get(code="11680"),
        designation={"kind": FirmKind.COOPERATIVE},
        svi_grade="excellent",
    )
    products = {
        "cookie": ProductFactory(
            title="우리밀 수제쿠키 선물세트",
            description="버터를 듬뿍 넣은 쿠키",
            price=12000,
            category=category("bakery"),
            tags=["handmade"],
        ),
        "spaced_cookie": ProductFactory(
            title="수제 쿠키 박스", description="아이들 간식", price=9000, category=category("bakery")
        ),
        "soap": ProductFactory(
            title="천연 비누 3개입",
            description="피부에 순한 비누",
            price=8000,
            category=category("soap-care"),
            tags=["eco-friendly"],
        ),
        "bag": ProductFactory(
            title="업사이클 장바구니",
            description="현수막을 되살린 가방",
            price=15000,
            category=category("eco-bags"),
            tags=["upcycling", "eco-friendly"],
        ),
        "coffee": ProductFactory(
            firm=coffee_firm,
            title="공정무역 드립백 커피",
            description="산미가 좋은 원두",
            price=20000,
            category=category("coffee-tea"),
            tags=["fair-trade"],
        ),
        "tea": ProductFactory(
            firm=coffee_firm,
            title="유기농 녹차 티백",
            description="제주에서 기른 녹차",
            price=7000,
            stock=0,
            category=category("coffee-tea"),
        ),
        "mug": ProductFactory(
            title="도자기 머그컵", description="coffee 한 잔에 어울리는 컵", price=25000, category=category("ceramics")
        ),
    }
    index_everything(backend)
    return products


def test_compound_words_match_with_or_without_spaces(backend, catalogue):
    assert catalogue["cookie"].id in ids(backend, "수제 쿠키")
    assert catalogue["spaced_cookie"].id in ids(backend, "수제쿠키")


def test_particles_attached_to_the_noun_are_ignored(backend, catalogue):
    assert ids(backend, "비누를") == [catalogue["soap"].id]


def test_synonyms_are_applied(backend, catalogue):
    assert catalogue["bag"].id in ids(backend, "에코백")


def test_initial_consonants_find_the_word(backend, catalogue):
    assert catalogue["coffee"].id in ids(backend, "ㅋㅍ")
    assert catalogue["coffee"].id in ids(backend, "ㄷㄹㅂ ㅋㅍ")


def test_english_query_finds_korean_products_that_say_so(backend, catalogue):
    found = ids(backend, "coffee")
    assert catalogue["coffee"].id in found  # its category is 'Coffee & tea'
    assert catalogue["mug"].id in found  # its description says coffee
    assert catalogue["soap"].id not in found


def test_unrelated_query_finds_nothing(backend, catalogue):
    assert ids(backend, "자동차 타이어") == []


def test_typo_tolerance(backend, catalogue):
    if backend.name == "database":
        # Fuzzy matching is Elasticsearch's; the database backend finds nothing, and the search API answers
        # with a did-you-mean instead (tests/search/test_query_understanding_api.py).
        assert ids(backend, "수제쿠기") == [] and ids(backend, "cofee") == []
        return
    assert catalogue["cookie"].id in ids(backend, "수제쿠기")
    assert catalogue["coffee"].id in ids(backend, "cofee")


def test_title_outranks_description(backend, catalogue):
    found = ids(backend, "쿠키")
    assert found[:2] == [catalogue["cookie"].id, catalogue["spaced_cookie"].id] or set(found[:2]) == {
        catalogue["cookie"].id,
        catalogue["spaced_cookie"].id,
    }
    assert catalogue["coffee"].id in ids(backend, "커피")
    assert ids(backend, "커피").index(catalogue["coffee"].id) == 0


def test_in_stock_first_among_equals(backend, catalogue):
    found = ids(backend, "녹차 티백")
    assert found[0] == catalogue["tea"].id  # only match, even out of stock
    both = ids(backend, "", category_id=category("coffee-tea").pk, sort="relevance")
    assert set(both) == {catalogue["coffee"].id, catalogue["tea"].id}


def test_filters(backend, catalogue):
    food = category("food").pk
    assert set(ids(backend, category_id=food)) == {
        catalogue[k].id for k in ("cookie", "spaced_cookie", "coffee", "tea")
    }
    assert set(ids(backend, firm_kinds=("cooperative",))) == {catalogue["coffee"].id, catalogue["tea"].id}
    assert set(ids(backend, districts=("11680",))) == {catalogue["coffee"].id, catalogue["tea"].id}
    assert set(ids(backend, tags=("eco-friendly",))) == {catalogue["soap"].id, catalogue["bag"].id}
    assert set(ids(backend, svi_grades=("excellent",))) == {catalogue["coffee"].id, catalogue["tea"].id}
    assert set(ids(backend, price_min=15000, price_max=20000)) == {catalogue["bag"].id, catalogue["coffee"].id}
    assert catalogue["tea"].id not in ids(backend, in_stock=True)
    assert ids(backend, in_stock=False) == [catalogue["tea"].id]
    assert set(ids(backend, "쿠키", price_max=10000)) == {catalogue["spaced_cookie"].id}


def test_facet_counts(backend, catalogue):
    result = backend.search(SearchRequest())
    counts = result.facet_counts
    assert result.total == 7
    assert counts["category"][category("food").pk] == 4
    assert counts["category"][category("bakery").pk] == 2
    assert counts["firm_kind"]["cooperative"] == 2 and counts["firm_kind"]["social_enterprise"] == 5
    assert counts["district"] == {"11440": 5, "11680": 2}
    assert counts["price"]["0-10000"] == 3 and counts["price"]["10000-30000"] == 4
    assert counts["tags"]["eco-friendly"] == 2
    assert counts["svi_grade"] == {"excellent": 2}
    assert counts["in_stock"] == {True: 6, False: 1}
    narrowed = backend.search(SearchRequest(q="쿠키", facets=("category",))).facet_counts
    assert set(narrowed) == {"category"} and narrowed["category"][category("bakery").pk] == 2


def test_sorting_and_pagination(backend, catalogue):
    by_price = ids(backend, sort="price")
    prices = [p.price for p in sorted(catalogue.values(), key=lambda p: p.id)]
    assert len(by_price) == 7 and by_price[0] == catalogue["tea"].id and by_price[-1] == catalogue["mug"].id
    assert ids(backend, sort="-price")[0] == catalogue["mug"].id
    assert sorted(prices) == sorted(p.price for p in catalogue.values())
    page_two = backend.search(SearchRequest(sort="price", page=2, page_size=3))
    assert page_two.total == 7 and page_two.ids == by_price[3:6]
    newest = catalogue["soap"]
    newest.published_at = timezone.now() + datetime.timedelta(minutes=5)
    newest.save()
    index_everything(backend)
    assert ids(backend, sort="newest")[0] == newest.id


def test_highlights_mark_the_match_and_escape_html(backend, catalogue):
    catalogue["soap"].description = "<b>피부에</b> 순한 비누"
    catalogue["soap"].save()
    index_everything(backend)
    highlight = backend.search(SearchRequest(q="비누")).highlights[catalogue["soap"].id]
    assert "<em>" in highlight["title"][0] and "비누" in highlight["title"][0]
    assert "<b>" not in "".join(highlight.get("description", []))


def test_autocomplete_after_one_syllable_and_for_initial_consonants(backend, catalogue):
    assert "공정무역 드립백 커피" in [s.text for s in backend.autocomplete("커")]
    assert "공정무역 드립백 커피" in [s.text for s in backend.autocomplete("ㅋㅍ")]
    assert "우리밀 수제쿠키 선물세트" in [s.text for s in backend.autocomplete("수제")]
    assert len(backend.autocomplete("수", limit=1)) == 1


def test_delete_and_reindex(backend, catalogue):
    backend.delete([catalogue["soap"].id])
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert ids(backend, "비누") == []
    backend.delete([999_999])  # unknown ids are ignored
    index_everything(backend)
    assert ids(backend, "비누") == [catalogue["soap"].id]


def test_every_word_of_a_short_query_must_match(backend, catalogue):
    chocolate = ProductFactory(title="초코칩 쿠키", description="달콤한 간식", category=category("bakery"))
    index_everything(backend)
    assert chocolate.id in ids(backend, "쿠키")
    assert chocolate.id not in ids(backend, "수제 쿠키", relax=False)
    # With few products holding both words, those holding one follow them, and the result says how many held all
    relaxed = backend.search(SearchRequest(q="수제 쿠키"))
    exact = {catalogue["cookie"].id, catalogue["spaced_cookie"].id}
    assert set(relaxed.ids[:2]) == exact and chocolate.id in relaxed.ids[2:]
    assert relaxed.exact_total == 2 and relaxed.relaxation == "any"
