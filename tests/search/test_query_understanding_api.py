"""What the search API understands of a query, on both backends: district and price phrases as removable filters,
predicates dropped, relaxation said out loud, the category a query names ranked first, firm missions, scores,
did-you-mean, and suggestions that start at word starts and survive a typo."""

import pytest

from market.firms.models import District, FirmKind, PurposeType
from search.intent import guess_categories, intent_model_reset
from search.services import database_backend
from tests.factories import FirmFactory, ProductFactory, category
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/products"
SUGGEST = "/api/v1/search/suggest"


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    if request.param == "database":
        return database_backend()
    return request.getfixturevalue("es_backend")


def firm(code, name, **kwargs):
    return FirmFactory(
        name=name, district=District.objects.get(code=code), designation={"kind": FirmKind.SOCIAL_ENTERPRISE}, **kwargs
    )


@pytest.fixture
def shop(backend):
    seongdong = firm("11200", "한마음 협동조합")
    mapo = firm("11440", "두레 밥상")
    nowon = firm("11350", "달빛 공방")
    mission = firm(
        "11680",
        "나무 이야기",
        purpose_type=PurposeType.JOBS,
        description="발달장애인을 고용해 원목 생활용품을 만듭니다",
    )
    p = {
        "seongdong_banchan": ProductFactory(
            firm=seongdong, title="어르신 손맛 반찬", price=12000, category=category("processed-food")
        ),
        "seongdong_tofu": ProductFactory(
            firm=seongdong, title="우리콩 두부 반찬 세트", price=28000, category=category("processed-food")
        ),
        "mapo_banchan": ProductFactory(
            firm=mapo, title="집밥 반찬 세트", price=15000, category=category("processed-food")
        ),
        "green_tea": ProductFactory(firm=nowon, title="유기농 녹차", price=9000, category=category("coffee-tea")),
        "tea_bags": ProductFactory(firm=nowon, title="제주 녹차 티백", price=7000, category=category("coffee-tea")),
        "tea_soap": ProductFactory(firm=nowon, title="녹차 비누", price=6000, category=category("soap-care")),
        "rice_cake": ProductFactory(firm=nowon, title="수제 쌀떡", price=8000, category=category("bakery")),
        "corn": ProductFactory(firm=nowon, title="찰옥수수", price=10000, category=category("produce")),
        "dripbag": ProductFactory(firm=nowon, title="커피드립백", price=11000, category=category("coffee-tea")),
        "dripset": ProductFactory(firm=nowon, title="드립백 세트", price=13000, category=category("coffee-tea")),
        "board": ProductFactory(firm=mission, title="원목 도마", price=30000, category=category("kitchen")),
    }
    index_everything(backend)
    intent_model_reset()
    return {key: product.pk for key, product in p.items()}


def search(api_client, q, **params):
    response = api_client.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def ids(body):
    return [hit["id"] for hit in body["results"]]


def test_district_words_filter_and_can_be_removed(api_client, shop):
    body = search(api_client, "성동구 반찬")
    assert set(ids(body)) == {shop["seongdong_banchan"], shop["seongdong_tofu"]}
    assert body["query_text"] == "반찬"
    [applied] = body["applied_filters"]
    assert applied == {
        "field": "district",
        "phrase": "성동구",
        "label": "성동구",
        "value": "11200",
        "query_without": "반찬",
    }
    assert shop["mapo_banchan"] in ids(search(api_client, applied["query_without"]))
    assert set(ids(search(api_client, "성동 반찬"))) == {shop["seongdong_banchan"], shop["seongdong_tofu"]}


def test_price_phrases_filter_and_combine_with_districts(api_client, shop):
    body = search(api_client, "반찬 2만원 이하")
    assert set(ids(body)) == {shop["seongdong_banchan"], shop["mapo_banchan"]}
    [applied] = body["applied_filters"]
    assert applied["field"] == "price" and applied["value"] == {"min": None, "max": 20000}
    assert applied["label"] == "20,000원 이하"
    assert ids(search(api_client, "성동 1만원대 반찬")) == [shop["seongdong_banchan"]]
    # an explicit parameter and the phrase narrow each other
    assert ids(search(api_client, "반찬 2만원 이하", price_min=13000)) == [shop["mapo_banchan"]]


def test_predicates_are_dropped_and_relaxation_is_said(api_client, shop):
    body = search(api_client, "선물하기 좋은 녹차")
    assert body["dropped_words"] == ["좋은"] and body["query_text"] == "선물 녹차"
    # no product holds 선물 and 녹차: the 녹차 products are shown as close matches, and the response says so
    assert {shop["green_tea"], shop["tea_bags"]} <= set(ids(body))
    assert body["relaxation"]["relaxed"] is True and body["relaxation"]["level"] == "any"
    assert body["relaxation"]["message"]
    # with few products holding every word, those holding some follow them, and the response says so
    filled = search(api_client, "녹차 티백")
    assert ids(filled)[0] == shop["tea_bags"] and shop["green_tea"] in ids(filled)
    assert filled["relaxation"]["exact_total"] == 1 and filled["relaxation"]["level"] == "any"
    assert "다음에" in filled["relaxation"]["message"]
    assert search(api_client, "반찬")["relaxation"] == {
        "level": "all",
        "relaxed": False,
        "exact_total": 3,
        "message": None,
    }


def test_no_answer_stays_empty_even_relaxed(api_client, shop):
    body = search(api_client, "자동차 타이어")
    assert body["count"] == 0 and body["results"] == [] and body["relaxation"]["message"] is None


def test_the_kind_of_thing_named_ranks_first(api_client, shop):
    guesses = guess_categories(["녹차"])
    assert guesses and guesses[0].category_id == category("coffee-tea").pk
    body = search(api_client, "녹차")
    assert set(ids(body)[:2]) == {shop["green_tea"], shop["tea_bags"]} and ids(body)[2] == shop["tea_soap"]
    # the head of the query decides: 녹차 비누 is a soap
    assert ids(search(api_client, "녹차 비누"))[0] == shop["tea_soap"]


def test_firm_mission_is_searchable(api_client, shop):
    assert ids(search(api_client, "발달장애인 고용")) == [shop["board"]]


def test_scores_come_with_hits_best_first(api_client, shop):
    body = search(api_client, "반찬")
    scores = [hit["score"] for hit in body["results"]]
    assert len(scores) == 3 and all(isinstance(s, float) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert all(hit["score"] is None for hit in search(api_client, "반찬", sort="price")["results"])


def test_did_you_mean_when_nothing_is_found(api_client, shop, backend):
    body = search(api_client, "반찹 세투")
    assert body["did_you_mean"] == "반찬 세트"
    if backend.name == "database":
        assert body["count"] == 0
    else:  # Elasticsearch forgives the typos, shows the products, and says what it read
        assert shop["seongdong_tofu"] in ids(body) and body["relaxation"]["level"] == "typos"
        assert body["relaxation"]["message"]
    assert search(api_client, "반찬")["did_you_mean"] is None
    assert search(api_client, "자동차 타이어")["did_you_mean"] is None


def test_chosung_matches_inside_compounds_after_whole_words(api_client, shop):
    body = search(api_client, "ㄷㄹㅂ")
    assert ids(body) == [shop["dripset"], shop["dripbag"]]


def test_suggest_matches_word_starts_and_forgives_one_typo(api_client, shop):
    texts = [s["text"] for s in api_client.get(SUGGEST, {"q": "수"}).json()["suggestions"]]
    assert texts == ["수제 쌀떡"]  # never 찰옥수수
    texts = [s["text"] for s in api_client.get(SUGGEST, {"q": "수재 쌀"}).json()["suggestions"]]
    assert texts == ["수제 쌀떡"]


def test_a_typo_is_forgiven_only_toward_a_word_the_catalogue_knows(api_client, backend):
    calendar = ProductFactory(title="시각장애인 점자 달력", category=category("stationery"))
    index_everything(backend)
    intent_model_reset()
    # 와인 is one letter from the 애인 inside 시각장애인, but no catalogue word is one edit from 와인: no typo
    assert search(api_client, "와인")["count"] == 0
    body = search(api_client, "점자 달룍")
    if backend.name == "elasticsearch":
        assert ids(body) == [calendar.pk] and body["did_you_mean"] == "점자 달력"


def test_recent_sales_rank_a_product_higher(api_client, backend, buyer, django_capture_on_commit_callbacks):
    from market.orders.services import cart_for, cart_set_item, order_mark_paid, order_place
    from search.documents import build_documents
    from search.services import index_flush_pending

    quiet, popular = (
        ProductFactory(title="유기농 현미", price=20000, stock=50, category=category("produce")) for _ in range(2)
    )
    index_everything(backend)
    assert ids(search(api_client, "현미")) == [quiet.pk, popular.pk] or backend.name == "elasticsearch"
    cart = cart_for(user=buyer)
    cart_set_item(cart=cart, product_id=popular.pk, quantity=5)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(
            order_id=order_place(
                buyer=buyer,
                cart=cart,
                shipping={
                    "name": "김시민",
                    "phone": "010-1234-5678",
                    "postal_code": "04001",
                    "address1": "서울 마포구 1",
                },
            ).pk
        )
    assert {d["id"]: d["recent_sales"] for d in build_documents([quiet.pk, popular.pk])[0]} == {
        quiet.pk: 0,
        popular.pk: 5,
    }
    index_flush_pending()  # payment marked the sold product for indexing
    if backend.name == "elasticsearch":
        backend.refresh()
    assert ids(search(api_client, "현미")) == [popular.pk, quiet.pk]


def test_suggest_puts_titles_starting_with_the_query_first(api_client, backend):
    inside = ProductFactory(title="국산 수제 딸기잼", category=category("processed-food"))
    starting = ProductFactory(title="수제 딸기청", category=category("processed-food"))
    index_everything(backend)
    suggestions = api_client.get(SUGGEST, {"q": "수제 딸"}).json()["suggestions"]
    assert [s["product_id"] for s in suggestions] == [starting.pk, inside.pk]


def test_elasticsearch_ranks_what_the_title_names_above_what_shares_its_word(api_client, es_backend):
    """Same category, same words: the product the query names (its head word) comes before the one that only
    carries the word as a modifier (꽃 -> 꽃다발 before 꽃무늬 파우치)."""
    maker = firm("11350", "들꽃 공방")
    pouch = ProductFactory(firm=maker, title="꽃무늬 파우치", price=9000, category=category("accessories"))
    bouquet = ProductFactory(firm=maker, title="계절 꽃다발", price=9000, category=category("accessories"))
    index_everything(es_backend)
    intent_model_reset()
    assert ids(search(api_client, "꽃")) == [bouquet.pk, pouch.pk]
