import pytest

from market.firms.services import designation_set_status
from search.services import database_backend
from tests.factories import ProductFactory, category
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/products"


@pytest.fixture
def indexed(backend):
    products = [
        ProductFactory(title="공정무역 드립백 커피", price=20000, category=category("coffee-tea"), tags=["fair-trade"]),
        ProductFactory(title="유기농 녹차 티백", price=7000, category=category("coffee-tea")),
        ProductFactory(title="천연 비누 3개입", price=8000, category=category("soap-care")),
    ]
    index_everything(backend)
    return products


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings):
    if request.param == "database":
        return database_backend()
    return request.getfixturevalue("es_backend")


def test_search_response_with_hits_facets_and_highlights(api_client, indexed, backend):
    response = api_client.get(URL, {"q": "드립백"})
    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == backend.name and body["degraded"] is False
    assert body["count"] == 1 and body["results"][0]["id"] == indexed[0].id
    hit = body["results"][0]
    assert hit["price"] == 20000 and hit["firm"]["name"] and "<em>" in hit["highlight"]["title"][0]
    food = body["facets"]["category"][0]
    assert food["slug"] == "food" and food["count"] == 1 and food["children"][0]["slug"] == "coffee-tea"
    assert body["facets"]["tags"] == [{"value": "fair-trade", "label": "공정무역", "count": 1}]
    assert {bucket["key"]: bucket["count"] for bucket in body["facets"]["price"]}["10000-30000"] == 1


def test_browse_with_filters_and_sort(api_client, indexed, backend):
    body = api_client.get(URL, {"category": "food", "sort": "price", "facets": "firm_kind,in_stock"}).json()
    assert [hit["id"] for hit in body["results"]] == [indexed[1].id, indexed[0].id]
    assert set(body["facets"]) == {"firm_kind", "in_stock"}
    assert body["facets"]["firm_kind"][0] == {"value": "social_enterprise", "label": "사회적기업", "count": 2}


def test_suggest(api_client, indexed, backend):
    body = api_client.get("/api/v1/search/suggest", {"q": "ㄴㅊ"}).json()
    assert body["suggestions"] == [{"text": "유기농 녹차 티백", "product_id": indexed[1].id}]
    assert body["degraded"] is False


def test_stale_hits_are_dropped_never_shown_wrong(api_client, indexed, backend):
    designation_set_status(designation=indexed[2].firm.designations.get(), status="revoked", reason="취소")
    # The index still has the product (its update has not been flushed): the hit is dropped on hydration.
    body = api_client.get(URL, {"q": "비누"}).json()
    assert body["results"] == []


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"facets": "colour"}, "facets", "unknown_value"),
        ({"price_min": 5000, "price_max": 100}, "price_min", "bad_price_range"),
        ({"price_min": "싸게"}, "price_min", "not_an_integer"),
        ({"page": 500, "page_size": 50}, "page", "page_out_of_range"),
        ({"page": 0}, "page", "out_of_range"),
        ({"q": "가" * 101}, "q", "too_long"),
        ({"sort": "popular"}, "sort", "invalid_choice"),
        ({"category": "nope"}, "category", "unknown_category"),
        ({"district": "11440,99999"}, "district", "unknown_value"),
        ({"firm_kind": "bank"}, "firm_kind", "unknown_value"),
    ],
)
def test_bad_parameters_get_the_standard_error(api_client, params, field, code):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field and error["message"]
    assert error["details"][0]["code"] == code


def test_suggest_needs_a_query(api_client):
    response = api_client.get("/api/v1/search/suggest")
    assert response.status_code == 400 and response.json()["error"]["field"] == "q"


def test_search_is_in_the_openapi_schema(api_client):
    import yaml

    paths = yaml.safe_load(api_client.get("/api/schema/").content)["paths"]
    assert any(path.startswith("/api/v1/search/products") for path in paths)
    assert any(path.startswith("/api/v1/search/suggest") for path in paths)
