"""Elasticsearch-only ranking (issue 7, tuned on the judged set's tuning half): a typo nori cuts into fragments,
the words as typed before their synonyms, a 초성 query's likeliest word with its synonyms, a firm named in a
relaxed query."""

import pytest

from market.firms.models import District, FirmKind
from search.intent import intent_model_reset
from tests.factories import FirmFactory, ProductFactory, category
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/products"


def firm(name):
    return FirmFactory(
        name=name, district=District.objects.get(code="11440"), designation={"kind": FirmKind.SOCIAL_ENTERPRISE}
    )


@pytest.fixture
def shop(es_backend):
    soap_studio, other_studio, printer = firm("초록비누공방"), firm("달빛공방"), firm("두레인쇄")
    products = {
        "soap_candle": ProductFactory(firm=soap_studio, title="소이캔들", category=category("soap-care")),
        "soap": ProductFactory(firm=soap_studio, title="수제비누", category=category("soap-care")),
        "other_candle": ProductFactory(firm=other_studio, title="소이 캔들", category=category("soap-care")),
        "aroma_candle": ProductFactory(firm=other_studio, title="아로마 캔들", category=category("soap-care")),
        "brownie": ProductFactory(firm=other_studio, title="꾸덕 브라우니", category=category("bakery")),
        "mug_cup": ProductFactory(firm=other_studio, title="머그컵", category=category("ceramics")),
        "mug_cup_2": ProductFactory(firm=other_studio, title="커플 머그컵", category=category("ceramics")),
        "mug": ProductFactory(firm=other_studio, title="분청 머그잔", category=category("ceramics")),
        "eco_bag": ProductFactory(
            firm=other_studio, title="튼튼한 캔버스 에코백 대용량", category=category("eco-bags")
        ),
        "market_bag": ProductFactory(firm=other_studio, title="장바구니", category=category("eco-bags")),
    }
    for number in range(3):  # '500부': nori reads 부라우니 as 부 and fragments it drops
        products[f"leaflet_{number}"] = ProductFactory(
            firm=printer, title=f"3단 리플렛 인쇄 500부 {number + 1}호", category=category("printing")
        )
    index_everything(es_backend)
    intent_model_reset()
    return {key: product.pk for key, product in products.items()}


def search(api_client, q):
    response = api_client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    body = response.json()
    return body, [hit["id"] for hit in body["results"]]


def test_a_typo_nori_cuts_into_fragments_finds_the_word_first(api_client, shop):
    body, found = search(api_client, "부라우니")

    assert found[0] == shop["brownie"]
    assert body["relaxation"]["level"] == "typos"
    assert body["did_you_mean"] == "브라우니"


def test_the_word_as_typed_ranks_above_its_synonym(api_client, shop):
    _, found = search(api_client, "에코백")

    assert found.index(shop["eco_bag"]) < found.index(shop["market_bag"])


def test_a_chosung_query_also_finds_the_synonyms_of_its_likeliest_word(api_client, shop):
    _, found = search(api_client, "ㅁㄱㅋ")

    assert set(found[:2]) == {shop["mug_cup"], shop["mug_cup_2"]}  # the titles whose initials match come first
    assert shop["mug"] in found  # 머그잔: a synonym of 머그컵


def test_a_firm_named_in_a_relaxed_query_puts_its_products_first(api_client, shop):
    body, found = search(api_client, "초록비누공방 캔들")

    assert body["relaxation"]["level"] == "any"
    assert found[:2] == [shop["soap_candle"], shop["soap"]]
    assert {shop["other_candle"], shop["aroma_candle"]} <= set(found[2:])
