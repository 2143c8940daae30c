"""The database search backend (PostgreSQL tsvector / SQLite FTS5): matching, filters, facets, sorting,
highlights and index upkeep. Runs on whichever database the settings point at; both must pass."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from market.catalog.models import Product, ProductStatus
from market.firms.models import DesignationStatus, District, FirmKind
from search.backends.base import PRICE_RANGES, SearchRequest
from search.backends.database import (
    DatabaseBackend,
    build_text_query,
    entry_fields,
    fts5_phrase,
    render_fts5,
    render_tsquery,
    tsquery_lexeme,
)
from search.documents import build_documents
from search.models import ProductSearchEntry
from tests.factories import DesignationFactory, FirmFactory, ProductFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return DatabaseBackend()


def index(backend, *products):
    documents, _ = build_documents([p.pk for p in products])
    backend.index(documents)


def ids(backend, q="", **kwargs):
    return backend.search(SearchRequest(q=q, **kwargs)).ids


def titles(suggestions):
    return [s.text for s in suggestions]


@pytest.fixture
def plain_firm(db):
    """A firm whose name and district add no words the tests search for."""
    return FirmFactory(name="한빛", district=District.objects.get(code="11110"))


def make(firm, title, description="", **kwargs):
    kwargs.setdefault("category", category("stationery"))
    return ProductFactory(firm=firm, title=title, description=description, **kwargs)


# --- matching ----------------------------------------------------------------------------------------------
HOSTILE = [
    "'",
    "''",
    '"',
    '"""',
    "it's",
    'say "hi"',
    "(",
    ")",
    "(수제",
    "쿠키)",
    "((()))",
    "AND",
    "OR",
    "NOT",
    "수제 AND 쿠키",
    "수제 OR 쿠키",
    "NEAR(수제 쿠키)",
    "NEAR/2",
    "title_grams:수제",
    "chosung:ㅋ",
    "{title_grams}:x",
    ":",
    "a:b:c",
    "\\",
    "a\\b",
    "\\'",
    "*",
    "**",
    "쿠*",
    "*쿠",
    "^수제",
    "-쿠키",
    "+쿠키",
    "!",
    "&",
    "|",
    "<->",
    "'수제':*A",
    "수제 & !쿠키",
    "🍪",
    "🍪 쿠키",
    "쿠키🍪",
    "\x00",
    "쿠\x00키",
    "%",
    "_",
    "'); DROP TABLE x; --",
    "ㅋ'ㅍ",
    "ㅋㅍ*",
    '"ㅋㅍ"',
    "ｑｕｏｔｅ＂",
    "a" * 300,
    "수제 " * 60,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_never_errors(backend, plain_firm, q):
    product = make(plain_firm, "수제 쿠키")
    index(backend, product)
    result = backend.search(SearchRequest(q=q))
    assert result.total == len(result.ids)
    backend.autocomplete(q)


def test_quoting_keeps_operators_as_text(backend, plain_firm):
    product = make(plain_firm, "수제 쿠키")
    index(backend, product)
    assert ids(backend, "🍪 쿠키!") == [product.pk]  # the emoji and '!' are not words
    # OR is a word to match, not an operator (strictly; relaxed, 쿠키 alone is a close match)
    assert ids(backend, '"쿠키" OR 자동차', relax=False) == []
    assert ids(backend, "(쿠키)") == [product.pk]
    assert tsquery_lexeme("it's a\\b") == "'it''s a\\\\b'"
    assert fts5_phrase('say "hi"') == '"say ""hi"""'


def test_quoted_lexemes_are_valid_in_the_database(backend):
    """Even text the word splitter would never produce is a single quoted lexeme to the database."""
    from search.backends.database import Term

    query = [[[Term("it's"), Term("a\\b", prefix=True), Term("AND"), Term('"x"'), Term("NEAR(y)")]]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT numnode(%s::tsquery)", [render_tsquery(query)])
            assert cursor.fetchone()[0] == 9  # five lexemes, four &
        else:
            cursor.execute(
                "SELECT count(*) FROM search_productsearchentry_fts WHERE search_productsearchentry_fts MATCH %s",
                [render_fts5(query)],
            )
            assert cursor.fetchone()[0] == 0


def test_partial_words_with_or_without_spaces(backend, plain_firm):
    joined = make(plain_firm, "수제쿠키 선물세트")
    spaced = make(plain_firm, "수제 쿠키 박스")
    index(backend, joined, spaced)
    assert set(ids(backend, "수제쿠키")) == {joined.pk, spaced.pk}
    assert set(ids(backend, "수제 쿠키")) == {joined.pk, spaced.pk}
    assert set(ids(backend, "쿠키")) == {joined.pk, spaced.pk}
    assert ids(backend, "선물세트") == [joined.pk]
    assert ids(backend, "물세") == [joined.pk]  # any two syllables inside a word
    assert ids(backend, "수제 자동차", relax=False) == []  # every word must match
    # ... and when none holds them all, the products that hold some are shown, saying so
    relaxed = backend.search(SearchRequest(q="수제 자동차"))
    assert set(relaxed.ids) == {joined.pk, spaced.pk} and relaxed.relaxation == "any"
    assert backend.search(SearchRequest(q="수제 쿠키")).relaxation == "all"


def test_particles_are_stripped(backend, plain_firm):
    soap = make(plain_firm, "천연 비누 3개입")
    coffee = make(plain_firm, "드립 커피")
    index(backend, soap, coffee)
    assert ids(backend, "비누를") == [soap.pk]
    assert ids(backend, "커피에서") == [coffee.pk]


def test_synonyms_find_products_that_use_another_word(backend, plain_firm):
    bag = make(plain_firm, "면 장바구니", category=category("kitchen"))
    other = make(plain_firm, "면 행주", category=category("kitchen"))
    index(backend, bag, other)
    assert ids(backend, "에코백") == [bag.pk]
    assert ids(backend, "에코백을") == [bag.pk]
    assert ids(backend, "ecobag") == [bag.pk]
    assert ids(backend, "장가방") == [bag.pk]
    assert ids(backend, "면 에코백", relax=False) == [bag.pk]
    assert ids(backend, "면 에코백") == [bag.pk, other.pk]  # the one holding both words first


def test_initial_consonants(backend, plain_firm):
    coffee = make(plain_firm, "드립백 커피")
    cookie = make(plain_firm, "수제 쿠키")
    index(backend, coffee, cookie)
    assert ids(backend, "ㅋㅍ") == [coffee.pk]
    assert ids(backend, "ㄷㄹㅂㅋㅍ") == [coffee.pk]
    assert ids(backend, "ㄷㄹㅂ ㅋㅍ") == [coffee.pk]
    assert ids(backend, "ㄷㄹ") == [coffee.pk]  # a prefix of a word
    assert set(ids(backend, "ㅋ")) == {coffee.pk, cookie.pk}
    assert ids(backend, "ㅂㄴ") == []
    assert entry_fields({"title": "드립백 커피 2인분"})["chosung"] == "ㄷㄹㅂ ㅋㅍ ㅇㅂ ㄷㄹㅂㅋㅍㅇㅂ"


def test_last_word_matches_as_a_prefix(backend, plain_firm):
    coffee = make(plain_firm, "드립 커피")
    cookie = make(plain_firm, "수제 쿠키")
    beans = make(plain_firm, "원두", description="Colombian beans")
    index(backend, coffee, cookie, beans)
    assert ids(backend, "커") == [coffee.pk]
    assert ids(backend, "드립 커") == [coffee.pk]
    assert ids(backend, "수제쿠") == [cookie.pk]
    assert ids(backend, "colom") == [beans.pk]
    assert ids(backend, "커 드립", relax=False) == []  # only the last word is completed


def test_english_words_in_description_and_category(backend, plain_firm):
    tea = make(plain_firm, "녹차 티백", category=category("coffee-tea"))  # 'Coffee & tea'
    mug = make(plain_firm, "도자기 머그컵", description="A mug for your morning Coffee")
    soap = make(plain_firm, "천연 비누", category=category("soap-care"))
    index(backend, tea, mug, soap)
    assert set(ids(backend, "coffee")) == {tea.pk, mug.pk}
    assert set(ids(backend, "COFFEE")) == {tea.pk, mug.pk}
    assert ids(backend, "morning") == [mug.pk]
    assert ids(backend, "cleaning") == [soap.pk]  # category 'Soap & cleaning'


def test_firm_tag_and_district_names_are_searchable(backend):
    firm = FirmFactory(name="햇살공방", district=District.objects.get(code="11680"))
    product = ProductFactory(
        firm=firm, title="머그컵", description="", category=category("ceramics"), tags=["upcycling"]
    )
    index(backend, product)
    assert ids(backend, "햇살") == [product.pk]
    assert ids(backend, "업사이클링") == [product.pk]
    assert ids(backend, "강남구") == [product.pk]
    assert ids(backend, "gangnam") == [product.pk]


def test_empty_query_browses_newest_first(backend, plain_firm):
    now = timezone.now()
    old = make(plain_firm, "오래된 상품", published_at=now - datetime.timedelta(days=2))
    new = make(plain_firm, "새 상품", published_at=now)
    index(backend, old, new)
    assert ids(backend, "") == [new.pk, old.pk]
    assert ids(backend, "   ") == [new.pk, old.pk]
    assert ids(backend, "", sort="price") == [old.pk, new.pk]  # same price: by id
    assert ids(backend, "!!!") == []  # text without words matches nothing


# --- visibility and upkeep ---------------------------------------------------------------------------------
def test_stale_entry_of_a_hidden_product_is_not_returned(backend, plain_firm):
    shown = make(plain_firm, "수제 쿠키 A")
    hidden = make(plain_firm, "수제 쿠키 B")
    index(backend, shown, hidden)
    Product.objects.filter(pk=hidden.pk).update(status=ProductStatus.HIDDEN)  # entry not yet removed
    assert ProductSearchEntry.objects.filter(pk=hidden.pk).exists()
    result = backend.search(SearchRequest(q="쿠키"))
    assert result.ids == [shown.pk] and result.total == 1
    assert result.facet_counts["category"] == {category("crafts").pk: 1, category("stationery").pk: 1}
    assert ids(backend, "") == [shown.pk]
    assert [s.product_id for s in backend.autocomplete("수제")] == [shown.pk]


def test_unindexed_products_are_not_found(backend, plain_firm):
    indexed = make(plain_firm, "수제 쿠키")
    make(plain_firm, "수제 쿠키 미색인")
    index(backend, indexed)
    assert ids(backend, "") == [indexed.pk]


def test_reindexing_replaces_the_entry(backend, plain_firm):
    product = make(plain_firm, "수제 쿠키")
    index(backend, product)
    product.title = "드립 커피"
    product.save()
    index(backend, product)
    assert ProductSearchEntry.objects.count() == 1
    assert ids(backend, "쿠키") == []
    assert ids(backend, "커피") == [product.pk]
    assert ids(backend, "ㅋㅍ") == [product.pk]


def test_delete_removes_entries_and_ignores_unknown_ids(backend, plain_firm):
    a, b = make(plain_firm, "수제 쿠키"), make(plain_firm, "수제 잼")
    index(backend, a, b)
    backend.delete([a.pk, 999_999])
    assert ids(backend, "수제") == [b.pk]
    backend.delete([])
    b.delete()  # the entry goes with the product (cascade), and the full-text index with it
    assert ids(backend, "수제") == [] and not ProductSearchEntry.objects.exists()


def test_index_skips_documents_of_deleted_products(backend, plain_firm):
    a, b = make(plain_firm, "수제 쿠키"), make(plain_firm, "수제 잼")
    documents, _ = build_documents([a.pk, b.pk])
    b.delete()
    backend.index(documents)
    assert list(ProductSearchEntry.objects.values_list("pk", flat=True)) == [a.pk]


def test_a_huge_description_still_indexes(backend, plain_firm):
    syllables = "".join(chr(0xAC00 + (n * 7919) % 11172) for n in range(300_000))
    product = make(plain_firm, "수제 쿠키", description=" ".join(syllables[i : i + 5] for i in range(0, 300_000, 5)))
    index(backend, product)
    assert ids(backend, "쿠키") == [product.pk]


def test_rebuild_replaces_everything(backend, plain_firm):
    old = make(plain_firm, "수제 쿠키")
    index(backend, old)
    new = [make(plain_firm, f"드립 커피 {n}") for n in range(3)]
    batches = [build_documents([new[0].pk, new[1].pk])[0], build_documents([new[2].pk])[0]]
    seen = []
    assert backend.rebuild(iter(batches), progress=seen.append) == 3
    assert seen == [2, 1]
    assert ids(backend, "쿠키") == []
    assert set(ids(backend, "커피")) == {p.pk for p in new}
    assert set(ProductSearchEntry.objects.values_list("pk", flat=True)) == {p.pk for p in new}
    assert backend.rebuild([]) == 0 and ids(backend, "") == []


def test_failed_rebuild_keeps_the_old_entries(backend, plain_firm):
    old = make(plain_firm, "수제 쿠키")
    index(backend, old)

    def batches():
        yield build_documents([make(plain_firm, "드립 커피").pk])[0]
        raise RuntimeError("the database went away mid-rebuild")

    with pytest.raises(RuntimeError):
        backend.rebuild(batches())
    assert ids(backend, "쿠키") == [old.pk] and ids(backend, "커피") == []


def test_the_vendor_full_text_index_is_used_and_kept_in_sync(backend, plain_firm):
    """PostgreSQL: the query uses the GIN index. SQLite: the FTS5 table follows the entry rows."""
    if connection.vendor == "postgresql":
        index(backend, make(plain_firm, "수제 쿠키"))
        query, _ = build_text_query("수제쿠", [])
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = backend._match_ids(query).sql, backend._match_ids(query).params
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "search_entry_fulltext_idx" in plan
        return
    product = make(plain_firm, "수제 쿠키")
    index(backend, product)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_productsearchentry_fts(search_productsearchentry_fts, rank) "
            "VALUES ('integrity-check', 1)"
        )
        ProductSearchEntry.objects.filter(pk=product.pk).update(title_grams="커피")
        cursor.execute(
            "SELECT rowid FROM search_productsearchentry_fts WHERE search_productsearchentry_fts MATCH '\"커피\"'"
        )
        assert cursor.fetchall() == [(product.pk,)]
        cursor.execute(
            "INSERT INTO search_productsearchentry_fts(search_productsearchentry_fts, rank) "
            "VALUES ('integrity-check', 1)"
        )


# --- filters -----------------------------------------------------------------------------------------------
@pytest.fixture
def shelf(backend):
    """Products across firms, kinds, districts, tags, grades, prices and stock, all indexed."""
    today = timezone.localdate()
    coop = FirmFactory(
        name="한빛",
        district=District.objects.get(code="11680"),
        svi_grade="excellent",
        designation={"kind": FirmKind.COOPERATIVE},
    )
    # Also a social enterprise until last month: that designation no longer counts.
    DesignationFactory(
        firm=coop,
        kind=FirmKind.SOCIAL_ENTERPRISE,
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=30),
    )
    DesignationFactory(firm=coop, kind=FirmKind.VILLAGE_ENTERPRISE, status=DesignationStatus.REVOKED)
    social = FirmFactory(name="두리", district=District.objects.get(code="11440"), svi_grade="")
    both = FirmFactory(name="세움", district=District.objects.get(code="11440"), svi_grade="good")
    DesignationFactory(firm=both, kind=FirmKind.COOPERATIVE)
    products = {
        "cookie": ProductFactory(
            firm=social, title="수제 쿠키", description="", price=10_000, category=category("bakery"), tags=["handmade"]
        ),
        "cake": ProductFactory(
            firm=social,
            title="수제 케이크",
            description="",
            price=30_000,
            stock=0,
            category=category("bakery"),
            tags=["handmade", "local-farms"],
        ),
        "beans": ProductFactory(
            firm=coop,
            title="원두 1kg",
            description="",
            price=29_999,
            category=category("coffee-tea"),
            tags=["fair-trade"],
        ),
        "soap": ProductFactory(
            firm=coop,
            title="천연 비누",
            description="",
            price=9_999,
            stock=3,
            min_order_quantity=5,
            category=category("soap-care"),
        ),
        "bag": ProductFactory(
            firm=both,
            title="장바구니",
            description="",
            price=100_000,
            category=category("eco-bags"),
            tags=["upcycling"],
        ),
    }
    index(backend, *products.values())
    return products


def pks(shelf, *names):
    return {shelf[name].pk for name in names}


def test_filter_category_includes_subcategories(backend, shelf):
    assert set(ids(backend, category_id=category("food").pk)) == pks(shelf, "cookie", "cake", "beans")
    assert set(ids(backend, category_id=category("bakery").pk)) == pks(shelf, "cookie", "cake")
    assert ids(backend, category_id=category("crafts").pk) == []
    assert ids(backend, category_id=987_654) == []


def test_filter_firm_kinds_counts_only_valid_designations(backend, shelf):
    assert set(ids(backend, firm_kinds=("cooperative",))) == pks(shelf, "beans", "soap", "bag")
    assert set(ids(backend, firm_kinds=("social_enterprise",))) == pks(shelf, "cookie", "cake", "bag")
    assert ids(backend, firm_kinds=("village_enterprise",)) == []
    assert len(ids(backend, firm_kinds=("cooperative", "social_enterprise"))) == 5


def test_filter_districts_tags_grades(backend, shelf):
    assert set(ids(backend, districts=("11680",))) == pks(shelf, "beans", "soap")
    assert set(ids(backend, districts=("11680", "11440"))) == set(pks(shelf, *shelf))
    assert set(ids(backend, tags=("handmade",))) == pks(shelf, "cookie", "cake")
    assert set(ids(backend, tags=("fair-trade", "upcycling"))) == pks(shelf, "beans", "bag")  # any of
    assert set(ids(backend, svi_grades=("excellent", "good"))) == pks(shelf, "beans", "soap", "bag")


def test_filter_price_is_inclusive(backend, shelf):
    assert set(ids(backend, price_min=10_000, price_max=30_000)) == pks(shelf, "cookie", "cake", "beans")
    assert set(ids(backend, price_min=100_000)) == pks(shelf, "bag")
    assert set(ids(backend, price_max=9_999)) == pks(shelf, "soap")


def test_filter_in_stock_needs_the_minimum_order(backend, shelf):
    assert set(ids(backend, in_stock=True)) == pks(shelf, "cookie", "beans", "bag")
    assert set(ids(backend, in_stock=False)) == pks(shelf, "cake", "soap")


def test_filters_combine_with_text(backend, shelf):
    assert ids(backend, "수제", in_stock=True) == [shelf["cookie"].pk]
    assert ids(backend, "수제", tags=("local-farms",)) == [shelf["cake"].pk]


# --- facets ------------------------------------------------------------------------------------------------
def test_facet_counts(backend, shelf):
    result = backend.search(SearchRequest())
    counts = result.facet_counts
    assert result.total == 5
    assert set(counts) == {"category", "firm_kind", "district", "price", "tags", "svi_grade", "in_stock"}
    assert counts["category"] == {
        category("food").pk: 3,
        category("bakery").pk: 2,
        category("coffee-tea").pk: 1,
        category("living").pk: 2,
        category("soap-care").pk: 1,
        category("eco-bags").pk: 1,
    }
    assert counts["firm_kind"] == {"cooperative": 3, "social_enterprise": 3}
    assert counts["district"] == {"11680": 2, "11440": 3}
    assert counts["price"] == {"0-10000": 1, "10000-30000": 2, "30000-50000": 1, "50000-100000": 0, "100000-": 1}
    assert list(counts["price"]) == [key for key, _, _ in PRICE_RANGES]
    assert counts["tags"] == {"handmade": 2, "local-farms": 1, "fair-trade": 1, "upcycling": 1}
    assert counts["svi_grade"] == {"excellent": 2, "good": 1}
    assert counts["in_stock"] == {True: 3, False: 2}


def test_facets_follow_query_and_filters(backend, shelf):
    result = backend.search(SearchRequest(q="수제", in_stock=True, facets=("category", "in_stock", "tags")))
    assert set(result.facet_counts) == {"category", "in_stock", "tags"}
    assert result.facet_counts["category"] == {category("food").pk: 1, category("bakery").pk: 1}
    assert result.facet_counts["in_stock"] == {True: 1}
    assert result.facet_counts["tags"] == {"handmade": 1}
    assert backend.search(SearchRequest(facets=())).facet_counts == {}


def test_facets_of_no_matches(backend, shelf):
    result = backend.search(SearchRequest(q="자동차"))
    assert result.ids == [] and result.total == 0
    assert result.facet_counts["price"] == dict.fromkeys([key for key, _, _ in PRICE_RANGES], 0)
    assert result.facet_counts["category"] == {} and result.facet_counts["in_stock"] == {}


# --- sorting, pagination ---------------------------------------------------------------------------------
def test_sort_orders(backend, shelf):
    by_price = [shelf[k].pk for k in ("soap", "cookie", "beans", "cake", "bag")]
    assert ids(backend, sort="price") == by_price
    assert ids(backend, sort="-price") == by_price[::-1]
    now = timezone.now()
    for offset, name in enumerate(("bag", "soap", "cookie", "beans", "cake")):
        Product.objects.filter(pk=shelf[name].pk).update(published_at=now - datetime.timedelta(hours=offset))
    assert ids(backend, sort="newest") == [shelf[k].pk for k in ("bag", "soap", "cookie", "beans", "cake")]
    assert ids(backend, "수제", sort="price") == [shelf["cookie"].pk, shelf["cake"].pk]


def test_relevance_puts_in_stock_first_then_title_matches(backend, plain_firm):
    out_of_stock = make(plain_firm, "수제 쿠키 세트", stock=0)
    title = make(plain_firm, "수제 쿠키 상자")
    body = make(plain_firm, "선물 상자", description="수제 쿠키가 들어 있어요")
    index(backend, out_of_stock, title, body)
    assert ids(backend, "수제 쿠키") == [title.pk, body.pk, out_of_stock.pk]


def test_pagination_and_total(backend, plain_firm):
    products = [make(plain_firm, f"수제 쿠키 {n}", price=1000 + n) for n in range(7)]
    index(backend, *products)
    everything = [p.pk for p in products]
    pages = [backend.search(SearchRequest(q="쿠키", sort="price", page=page, page_size=3)) for page in (1, 2, 3, 4)]
    assert [page.total for page in pages] == [7, 7, 7, 7]
    assert [page.ids for page in pages] == [everything[0:3], everything[3:6], everything[6:7], []]


# --- highlights --------------------------------------------------------------------------------------------
def test_highlights_escape_html_and_mark_every_alternative(backend, plain_firm):
    product = make(
        plain_firm,
        "<b>수제</b> 쿠키 & 잼",
        description="가" * 100 + " 오늘 구운 <i>쿠키</i>와 Cookie 상자 " + "나" * 100,
    )
    index(backend, product)
    highlight = backend.search(SearchRequest(q="쿠키")).highlights[product.pk]
    assert highlight["title"] == ["&lt;b&gt;수제&lt;/b&gt; <em>쿠키</em> &amp; 잼"]
    [snippet] = highlight["description"]
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "&lt;i&gt;<em>쿠키</em>&lt;/i&gt;" in snippet and "<em>Cookie</em>" in snippet  # a synonym
    assert "<i>" not in snippet and len(snippet) < 200


def test_highlights_never_break_entities_and_can_be_turned_off(backend, plain_firm):
    product = make(plain_firm, "Tom & Jerry amp lt", description="없음")
    index(backend, product)
    highlight = backend.search(SearchRequest(q="amp lt")).highlights[product.pk]
    assert highlight == {"title": ["Tom &amp; Jerry <em>amp</em> <em>lt</em>"]}
    assert backend.search(SearchRequest(q="amp", highlight=False)).highlights == {}
    assert backend.search(SearchRequest(q="")).highlights == {}


def test_highlight_of_a_particle_query_and_a_prefix(backend, plain_firm):
    product = make(plain_firm, "천연 비누", description="손에 순한 비누예요")
    index(backend, product)
    highlight = backend.search(SearchRequest(q="비누를")).highlights[product.pk]
    assert highlight["title"] == ["천연 <em>비누</em>"]
    assert highlight["description"] == ["손에 순한 <em>비누</em>예요"]
    assert backend.search(SearchRequest(q="천")).highlights[product.pk]["title"] == ["<em>천</em>연 비누"]


# --- autocomplete ------------------------------------------------------------------------------------------
def test_autocomplete(backend, plain_firm):
    sold_out = make(plain_firm, "커피 원두", stock=0)
    drip = make(plain_firm, "드립백 커피")
    twin = make(plain_firm, "드립백 커피")  # same title: one suggestion
    mug = make(plain_firm, "머그컵", description="커피 한 잔")  # description only: not a title match
    index(backend, sold_out, drip, twin, mug)
    assert titles(backend.autocomplete("커")) == ["드립백 커피", "커피 원두"]
    assert backend.autocomplete("커")[0].product_id == drip.pk
    assert titles(backend.autocomplete("ㅋㅍ")) == ["드립백 커피", "커피 원두"]
    assert titles(backend.autocomplete("ㄷㄹㅂㅋ")) == ["드립백 커피"]
    assert titles(backend.autocomplete("드 커")) == ["드립백 커피"]
    assert titles(backend.autocomplete("커", limit=1)) == ["드립백 커피"]
    assert backend.autocomplete("") == [] and backend.autocomplete("!!") == []
    assert backend.autocomplete("자동차") == []


def test_autocomplete_limit_with_many_duplicate_titles(backend, plain_firm):
    products = [make(plain_firm, "수제 쿠키") for _ in range(30)] + [make(plain_firm, "수제 잼")]
    index(backend, *products)
    assert sorted(titles(backend.autocomplete("수제"))) == ["수제 잼", "수제 쿠키"]
