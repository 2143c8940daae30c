"""Volume price tiers and the VAT-exempt flag through the API: the seller writes them, buyers read them on the
product and in the cart (each line priced for its quantity), and a quantity below the minimum is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.catalog.models import PriceTier
from market.catalog.services import product_set_price_tiers
from tests.api.test_seller import BASE, new_product_payload
from tests.factories import FirmFactory, ProductFactory

pytestmark = pytest.mark.django_db
CART = "/api/v1/cart/"

TIERS = [{"min_quantity": 10, "unit_price": 9_000}, {"min_quantity": 50, "unit_price": 8_500}]


def put_item(client, product, quantity):
    return client.put(f"{CART}items/{product.pk}/", {"quantity": quantity}, format="json")


def test_seller_writes_and_reads_tiers_and_vat_exempt(seller_client):
    created = seller_client.post(
        BASE, new_product_payload(price=10_000, vat_exempt=True, price_tiers=list(reversed(TIERS))), format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["price_tiers"] == TIERS and body["vat_exempt"] is True

    url = f"{BASE}{body['id']}/"
    unchanged = seller_client.patch(url, {"title": "새 이름"}, format="json")
    assert unchanged.json()["price_tiers"] == TIERS  # not sent: kept
    replaced = seller_client.patch(url, {"price_tiers": [{"min_quantity": 3, "unit_price": "9,500"}]}, format="json")
    assert replaced.status_code == 400  # the API takes ASCII digits only, no thousands commas
    assert replaced.json()["error"]["field"] == "price_tiers[0].unit_price"
    replaced = seller_client.patch(
        url, {"price_tiers": [{"min_quantity": 3, "unit_price": 9_500}], "vat_exempt": False}, format="json"
    )
    assert replaced.status_code == 200
    assert replaced.json()["price_tiers"] == [{"min_quantity": 3, "unit_price": 9_500}]
    assert replaced.json()["vat_exempt"] is False
    assert seller_client.get(url).json()["price_tiers"] == [{"min_quantity": 3, "unit_price": 9_500}]
    cleared = seller_client.patch(url, {"price_tiers": []}, format="json")
    assert cleared.json()["price_tiers"] == [] and not PriceTier.objects.exists()


def test_bad_tiers_are_refused_row_by_row_in_the_one_error_shape(seller_client):
    product_id = seller_client.post(BASE, new_product_payload(price=10_000), format="json").json()["id"]
    response = seller_client.patch(
        f"{BASE}{product_id}/",
        {
            "price_tiers": [
                {"min_quantity": 10, "unit_price": 9_000},
                {"min_quantity": 1, "unit_price": 5_000},
                {"min_quantity": 20, "unit_price": 9_000},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert [(d["field"], d["code"]) for d in error["details"]] == [
        ("price_tiers[1].min_quantity", "out_of_range"),
        ("price_tiers[2].unit_price", "tier_price_not_lower"),
    ]
    assert error["field"] == "price_tiers[1].min_quantity"
    assert "9,000" in error["details"][1]["message"]  # Korean by default, with the price it must go below
    assert not PriceTier.objects.exists()

    lower_price = seller_client.patch(f"{BASE}{product_id}/", {"price_tiers": TIERS[:1]}, format="json")
    assert lower_price.status_code == 200
    refused = seller_client.patch(f"{BASE}{product_id}/", {"price": 8_000}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "price"
    for body in ({"price_tiers": "10:9000"}, {"price_tiers": [{"min_quantity": 10}]}, {"vat_exempt": "maybe"}):
        response = seller_client.patch(f"{BASE}{product_id}/", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["error"]["field"].startswith(next(iter(body)))


def test_a_seller_cannot_set_another_firms_tiers(seller_client):
    other = ProductFactory(firm=FirmFactory(), price=10_000)
    response = seller_client.patch(f"{BASE}{other.pk}/", {"price_tiers": TIERS}, format="json")
    assert response.status_code == 404 and not PriceTier.objects.exists()


def test_buyers_see_tiers_and_vat_exempt_on_the_product_and_in_lists(api_client):
    product = ProductFactory(price=10_000, vat_exempt=True, min_order_quantity=2)
    product_set_price_tiers(product=product, tiers=TIERS)
    detail = api_client.get(f"/api/v1/products/{product.pk}/").json()
    assert detail["price_tiers"] == TIERS and detail["vat_exempt"] is True and detail["price"] == 10_000
    assert detail["min_order_quantity"] == 2
    listed = api_client.get("/api/v1/products/").json()["results"]
    assert listed[0]["price_tiers"] == TIERS


def test_the_product_list_costs_one_query_for_every_products_tiers(api_client):
    def count(page_size):
        with CaptureQueriesContext(connection) as captured:
            assert len(api_client.get("/api/v1/products/", {"page_size": page_size}).json()["results"]) == page_size
        return len(captured)

    for _ in range(2):
        product_set_price_tiers(product=ProductFactory(price=10_000), tiers=TIERS)
    few = count(2)
    for _ in range(5):
        product_set_price_tiers(product=ProductFactory(firm=FirmFactory(), price=10_000), tiers=TIERS)
    assert count(7) == few


def test_the_cart_prices_each_line_for_its_quantity(buyer_client):
    product = ProductFactory(price=10_000, stock=100)
    plain = ProductFactory(price=3_000, stock=100)
    product_set_price_tiers(product=product, tiers=TIERS)
    for quantity, unit_price in ((9, 10_000), (10, 9_000), (49, 9_000), (50, 8_500)):
        response = put_item(buyer_client, product, quantity)
        assert response.status_code == 200, response.content
        line = response.json()["lines"][0]
        assert (line["unit_price"], line["base_price"], line["line_total"]) == (
            unit_price,
            10_000,
            unit_price * quantity,
        )
        assert line["price_tiers"] == TIERS
    cart = put_item(buyer_client, plain, 4).json()
    assert cart["items_total"] == 50 * 8_500 + 4 * 3_000
    assert [line["price_tiers"] for line in cart["lines"]] == [TIERS, []]


def test_the_cart_costs_the_same_queries_for_one_line_or_many(buyer_client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert buyer_client.get(CART).status_code == 200
        return len(captured)

    first = ProductFactory(price=10_000)
    product_set_price_tiers(product=first, tiers=TIERS)
    put_item(buyer_client, first, 10)
    one = count()
    for _ in range(4):
        product = ProductFactory(firm=FirmFactory(), price=10_000)
        product_set_price_tiers(product=product, tiers=TIERS)
        put_item(buyer_client, product, 50)
    assert count() == one


def test_below_the_minimum_is_refused_and_a_line_that_fell_below_it_says_so(buyer_client):
    product = ProductFactory(price=10_000, min_order_quantity=10)
    product_set_price_tiers(product=product, tiers=TIERS)
    refused = put_item(buyer_client, product, 9)
    assert refused.status_code == 400
    assert (refused.json()["error"]["code"], refused.json()["error"]["field"]) == ("below_minimum_quantity", "quantity")
    assert put_item(buyer_client, product, 10).json()["lines"][0]["unit_price"] == 9_000

    product.min_order_quantity = 20  # the seller raised the minimum after it went into the cart
    product.save()
    line = buyer_client.get(CART).json()["lines"][0]
    assert line["available"] is False and "20" in line["problem"]
    checkout = buyer_client.post(
        "/api/v1/checkout/",
        {"shipping": {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 1"}},
        format="json",
    )
    assert checkout.status_code == 400
    error = checkout.json()["error"]
    assert (error["code"], error["field"]) == ("below_minimum_quantity", "items")
    assert error["details"][0]["product_id"] == product.pk
