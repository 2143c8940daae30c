import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from market.catalog.models import ProductStatus
from market.firms.models import District, FirmKind, VerificationStatus
from market.firms.services import firm_refresh_listing_visibility
from tests.factories import DesignationFactory, FirmFactory, ProductFactory, category

pytestmark = pytest.mark.django_db
PRODUCTS = "/api/v1/products/"


def ids(response):
    return {item["id"] for item in response.json()["results"]}


def test_only_sellable_products_of_verified_firms_with_valid_designation_are_public(api_client):
    visible = ProductFactory()
    draft = ProductFactory(status=ProductStatus.DRAFT)
    hidden = ProductFactory(status=ProductStatus.HIDDEN)
    pending_firm = ProductFactory(firm=FirmFactory(verification_status=VerificationStatus.PENDING))
    lapsed_firm = FirmFactory(designation={"end_date": timezone.localdate() - datetime.timedelta(days=1)})
    firm_refresh_listing_visibility(firm=lapsed_firm)
    lapsed = ProductFactory(firm=lapsed_firm)

    response = api_client.get(PRODUCTS)
    assert response.status_code == 200
    assert ids(response) == {visible.id}
    for product in (draft, hidden, pending_firm, lapsed):
        assert api_client.get(f"{PRODUCTS}{product.id}/").status_code == 404
    detail = api_client.get(f"{PRODUCTS}{visible.id}/").json()
    assert detail["price"] == 15000 and detail["firm"]["kinds"] == ["social_enterprise"]


def test_category_filter_includes_subcategories(api_client):
    bakery = ProductFactory(category=category("bakery"))
    coffee = ProductFactory(category=category("coffee-tea"))
    soap = ProductFactory(category=category("soap-care"))
    assert ids(api_client.get(PRODUCTS, {"category": "food"})) == {bakery.id, coffee.id}
    assert ids(api_client.get(PRODUCTS, {"category": category("soap-care").id})) == {soap.id}


def test_filters_district_kind_price_and_tags(api_client):
    gangnam = District.objects.get(code="11680")
    coop_firm = FirmFactory(district=gangnam, designation={"kind": FirmKind.COOPERATIVE})
    coop = ProductFactory(firm=coop_firm, price=30000, tags=["eco-friendly"])
    plain = ProductFactory(price=5000, tags=["handmade"])
    assert ids(api_client.get(PRODUCTS, {"district": "11680"})) == {coop.id}
    assert ids(api_client.get(PRODUCTS, {"firm_kind": "cooperative"})) == {coop.id}
    assert ids(api_client.get(PRODUCTS, {"price_min": 10000})) == {coop.id}
    assert ids(api_client.get(PRODUCTS, {"price_max": 10000})) == {plain.id}
    assert ids(api_client.get(PRODUCTS, {"tags": "handmade,fair-trade"})) == {plain.id}


def test_ordering_by_price_name_and_newest(api_client):
    cheap = ProductFactory(price=1000, title="나 상품")
    dear = ProductFactory(price=9000, title="가 상품")
    cheap.published_at = timezone.now() - datetime.timedelta(days=2)
    cheap.save()

    def order(key):
        return [item["id"] for item in api_client.get(PRODUCTS, {"ordering": key}).json()["results"]]

    assert order("price") == [cheap.id, dear.id]
    assert order("-price") == [dear.id, cheap.id]
    assert order("name") == [dear.id, cheap.id]
    assert order("newest") == [dear.id, cheap.id]
    assert order("-newest") == [cheap.id, dear.id]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "no-such-category"}, "category"),
        ({"district": "99999"}, "district"),
        ({"firm_kind": "bank"}, "firm_kind"),
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": 5000, "price_max": 100}, "price_min"),
        ({"price_min": -5}, "price_min"),
        ({"ordering": "popularity"}, "ordering"),
        ({"page": 99}, "page"),
        ({"page_size": 1000}, "page_size"),
    ],
)
def test_bad_list_parameters_get_a_400_naming_the_field(api_client, params, field):
    ProductFactory()
    response = api_client.get(PRODUCTS, params)
    assert response.status_code in (400, 404)
    error = response.json()["error"]
    assert error["field"] == field and error["message"] and error["code"]


def test_product_list_runs_a_constant_number_of_queries(api_client):
    def count_queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get(PRODUCTS, {"page_size": page_size})
        assert response.status_code == 200 and len(response.json()["results"]) == page_size
        return len(captured)

    for _ in range(3):
        ProductFactory(tags=["eco-friendly", "handmade"])
    few = count_queries(3)
    for _ in range(12):
        ProductFactory(firm=FirmFactory(), tags=["fair-trade"])
    assert count_queries(15) == few


def test_firms_list_shows_only_selling_firms_with_their_valid_designations(api_client):
    selling = FirmFactory()
    DesignationFactory(firm=selling, kind=FirmKind.SOCIAL_COOPERATIVE, status="revoked", status_reason="x")
    FirmFactory(verification_status=VerificationStatus.PENDING)
    response = api_client.get("/api/v1/firms/")
    assert [firm["id"] for firm in response.json()["results"]] == [selling.id]
    detail = api_client.get(f"/api/v1/firms/{selling.id}/").json()
    assert [d["kind"] for d in detail["designations"]] == ["social_enterprise"]
    assert "registration_number" not in detail


def test_reference_data(api_client):
    assert len(api_client.get("/api/v1/districts/").json()) == 25
    tree = api_client.get("/api/v1/categories/").json()
    food = next(node for node in tree if node["slug"] == "food")
    assert {child["slug"] for child in food["children"]} >= {"bakery", "coffee-tea"}
    assert any(tag["slug"] == "eco-friendly" for tag in api_client.get("/api/v1/tags/").json())
