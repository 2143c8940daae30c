"""A seller never reaches another firm's orders: every fulfilment endpoint answers 404 and changes nothing."""

import pytest

from market.orders.models import Fulfilment, Order
from tests.conftest import client_for
from tests.factories import SellerFactory
from tests.payments.test_checkout_flow import checkout, confirm

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/seller/fulfilments/{id}/", None),
    ("post", "/api/v1/seller/fulfilments/{id}/confirm/", None),
    ("post", "/api/v1/seller/fulfilments/{id}/ship/", {"carrier": "x", "tracking_number": "1"}),
    ("post", "/api/v1/seller/fulfilments/{id}/deliver/", None),
    ("post", "/api/v1/seller/fulfilments/{id}/cancel/", {"reason": "x"}),
]


@pytest.mark.parametrize(("method", "url", "payload"), ENDPOINTS)
def test_other_firms_fulfilments_are_not_found(stripe_server, buyer_client, shop, method, url, payload):
    _, products = shop
    order = checkout(buyer_client, products)
    confirm(buyer_client, order["id"])
    outsider = client_for(SellerFactory())
    before = list(Fulfilment.objects.order_by("pk").values())
    for part in Order.objects.get(pk=order["id"]).fulfilments.all():
        response = getattr(outsider, method)(url.format(id=part.pk), payload, format="json")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert list(Fulfilment.objects.order_by("pk").values()) == before
    assert outsider.get("/api/v1/seller/fulfilments/").json()["results"] == []
    assert outsider.get("/api/v1/seller/settlement/").json()["results"] == []


def test_buyers_see_only_their_own_orders(stripe_server, buyer_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    stranger = client_for(SellerFactory())
    assert stranger.get(f"/api/v1/orders/{order['id']}/").status_code == 404
    assert (
        stranger.post(
            f"/api/v1/orders/{order['id']}/payment/confirm/", {"payment_method": "pm_card_visa"}, format="json"
        ).status_code
        == 404
    )
    assert stranger.post(f"/api/v1/orders/{order['id']}/cancel/").status_code == 404
    assert stranger.get("/api/v1/orders/").json()["results"] == []
    assert buyer_client.get("/api/v1/orders/").json()["results"][0]["id"] == order["id"]


def test_buyer_cancels_an_unpaid_order_and_stock_returns(stripe_server, buyer_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    response = buyer_client.post(f"/api/v1/orders/{order['id']}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    products[0].refresh_from_db()
    assert products[0].stock == 5
    again = buyer_client.post(f"/api/v1/orders/{order['id']}/cancel/")
    assert again.status_code == 400 and again.json()["error"]["code"] == "order_not_cancellable"
