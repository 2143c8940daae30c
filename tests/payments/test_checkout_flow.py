"""Citizens' orders paid by card, end to end through the API, against the real localstripe server."""

import datetime
import json
import random

import pytest
from django.core import mail
from django.utils import timezone

from market.catalog.models import Product
from market.orders.models import Order, OrderStatus, ReservationStatus
from market.payments.models import LedgerKind, Payment, PaymentLedgerEntry, PaymentStatus, SettlementEntry, WebhookEvent
from market.payments.provider import get_payment_provider
from market.payments.reconciliation import payments_reconcile
from market.payments.services import platform_fee
from market.payments.tasks import expire_unpaid_orders
from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.payments.conftest import WEBHOOK_SECRET
from tests.payments.localstripe import CARD_3DS_REQUIRED, localstripe_create_card, localstripe_get, sign_webhook

pytestmark = pytest.mark.django_db
SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}
WEBHOOK = "/api/v1/payments/stripe/webhook/"


def checkout(client, products, quantities=(2, 1)):
    for product, quantity in zip(products, quantities, strict=True):
        response = client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": quantity}, format="json")
        assert response.status_code == 200, response.content
    response = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def confirm(client, order_id, payment_method="pm_card_visa"):
    return client.post(f"/api/v1/orders/{order_id}/payment/confirm/", {"payment_method": payment_method}, format="json")


def test_happy_path_pays_once_in_krw_and_settles_per_firm(
    stripe_server, buyer_client, shop, django_capture_on_commit_callbacks
):
    sellers, products = shop
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout(buyer_client, products)
    assert order["total"] == 2 * 12000 + 8000 and len(order["fulfilments"]) == 2
    payment = order["payment"]
    stored = localstripe_get(f"/v1/payment_intents/{payment['intent_id']}")
    assert stored["amount"] == 32000 and stored["currency"] == "krw"  # whole won, never × 100

    with django_capture_on_commit_callbacks(execute=True):
        paid = confirm(buyer_client, order["id"])
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert list(PaymentLedgerEntry.objects.values_list("kind", "amount")) == [(LedgerKind.CHARGE, 32000)]
    db_order = Order.objects.get(pk=order["id"])
    assert {r.status for r in db_order.reservations.all()} == {ReservationStatus.COMMITTED}
    for seller, amount in zip(sellers, (24000, 8000), strict=True):
        entries = dict(SettlementEntry.objects.filter(firm=seller.firm_membership.firm).values_list("kind", "amount"))
        assert entries == {"sale": amount, "fee": -platform_fee(amount)}
    assert [m.subject.split(" ")[1] for m in mail.outbox] == ["주문이", "결제가"]

    # Each firm sees and moves only its own part; the buyer sees every part's state.
    seller_client = client_for(sellers[0])
    part = seller_client.get("/api/v1/seller/fulfilments/").json()["results"]
    assert len(part) == 1 and part[0]["items_total"] == 24000
    part_id = part[0]["id"]
    assert seller_client.post(f"/api/v1/seller/fulfilments/{part_id}/confirm/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        shipped = seller_client.post(
            f"/api/v1/seller/fulfilments/{part_id}/ship/",
            {"carrier": "CJ대한통운", "tracking_number": "6012-3456-7890"},
            format="json",
        )
    assert shipped.json()["status"] == "shipped"
    assert "발송" in mail.outbox[-1].subject and "6012-3456-7890" in mail.outbox[-1].body
    other_part = db_order.fulfilments.exclude(pk=part_id).get()
    assert seller_client.post(f"/api/v1/seller/fulfilments/{other_part.pk}/confirm/").status_code == 404
    states = {
        f["firm_id"]: f["status"] for f in buyer_client.get(f"/api/v1/orders/{order['id']}/").json()["fulfilments"]
    }
    assert sorted(states.values()) == ["pending", "shipped"]
    assert payments_reconcile()["mismatches"] == []


def test_a_declined_card_keeps_the_order_open_for_another_card(stripe_server, buyer_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    declined = confirm(buyer_client, order["id"], "pm_card_chargeCustomerFail")
    assert declined.status_code == 402
    assert declined.json()["error"]["code"] == "card_declined" and declined.json()["error"]["message"]
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PENDING_PAYMENT
    assert confirm(buyer_client, order["id"]).json()["status"] == "paid"


def test_3ds_abandoned_then_the_reservation_expires(stripe_server, buyer_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    card = localstripe_create_card(CARD_3DS_REQUIRED, api_base=stripe_server)
    response = confirm(buyer_client, order["id"], card)
    assert response.status_code == 200 and response.json()["payment"]["status"] == "requires_action"
    assert Product.objects.get(pk=products[0].pk).stock == 3  # still reserved

    Order.objects.filter(pk=order["id"]).update(reservation_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert expire_unpaid_orders.delay().get() == 1
    db_order = Order.objects.get(pk=order["id"])
    assert db_order.status == OrderStatus.EXPIRED
    assert {p.pk: p.stock for p in Product.objects.all()} == {products[0].pk: 5, products[1].pk: 3}
    intent_id = db_order.payment.intent_id
    assert localstripe_get(f"/v1/payment_intents/{intent_id}")["status"] == "canceled"
    assert expire_unpaid_orders.delay().get() == 0


def _event(event_id, event_type, intent_id):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": 1764500000,
            "data": {"object": {"id": intent_id, "object": "payment_intent"}},
        }
    ).encode()


def test_webhooks_replayed_three_times_and_shuffled_have_one_effect(
    stripe_server, buyer_client, api_client, shop, django_capture_on_commit_callbacks
):
    _, products = shop
    order = checkout(buyer_client, products)
    intent_id = order["payment"]["intent_id"]
    # The buyer paid with Stripe.js: the gateway knows, we learn it only from the events.
    get_payment_provider().confirm_payment_intent(
        intent_id=intent_id, payment_method="pm_card_visa", idempotency_key="stripe-js-confirm"
    )
    events = [
        _event("evt_1", "payment_intent.created", intent_id),
        _event("evt_2", "payment_intent.requires_action", intent_id),
        _event("evt_3", "payment_intent.succeeded", intent_id),
        _event("evt_4", "charge.succeeded", intent_id),
    ] * 3
    random.Random(7).shuffle(events)
    for body in events:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.generic(
                "POST",
                WEBHOOK,
                body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign_webhook(body, WEBHOOK_SECRET),
            )
        assert response.status_code == 200
    assert WebhookEvent.objects.count() == 4
    db_order = Order.objects.get(pk=order["id"])
    assert db_order.status == OrderStatus.PAID
    assert PaymentLedgerEntry.objects.filter(kind=LedgerKind.CHARGE).count() == 1
    assert SettlementEntry.objects.count() == 4  # sale and fee for each of the two firms
    assert db_order.events.filter(kind="paid").count() == 1


def test_a_bad_signature_is_refused_and_changes_nothing(stripe_server, buyer_client, api_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    body = _event("evt_9", "payment_intent.succeeded", order["payment"]["intent_id"])
    for header in (sign_webhook(body, "whsec_wrong"), "", sign_webhook(body + b" ", WEBHOOK_SECRET)[:-1] + "0"):
        response = api_client.generic(
            "POST", WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code == 400 and response.json()["error"]["code"] == "bad_signature"
    assert not WebhookEvent.objects.exists()
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PENDING_PAYMENT


def test_one_firm_cancels_its_part_and_only_that_part_is_refunded(
    stripe_server, buyer_client, shop, django_capture_on_commit_callbacks
):
    sellers, products = shop
    order = checkout(buyer_client, products)
    confirm(buyer_client, order["id"])
    part = Order.objects.get(pk=order["id"]).fulfilments.get(firm=sellers[1].firm_membership.firm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sellers[1]).post(
            f"/api/v1/seller/fulfilments/{part.pk}/cancel/", {"reason": "재고 파손"}, format="json"
        )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    part.refresh_from_db()
    assert part.refunded_amount == 8000  # refunded by the task queued after the cancellation committed
    refunds = localstripe_get("/v1/refunds")["data"]  # what the gateway itself refunded
    assert [r["amount"] for r in refunds] == [8000]
    assert list(PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND).values_list("amount", flat=True)) == [8000]
    firm_entries = dict(
        SettlementEntry.objects.filter(firm=sellers[1].firm_membership.firm).values_list("kind", "amount")
    )
    assert firm_entries == {"sale": 8000, "fee": -400, "refund": -8000, "fee_refund": 400}
    assert Product.objects.get(pk=products[1].pk).stock == 3  # back on the shelf
    assert "환불" in mail.outbox[-1].subject
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PAID
    other = Order.objects.get(pk=order["id"]).fulfilments.get(firm=sellers[0].firm_membership.firm)
    no_reason = client_for(sellers[0]).post(f"/api/v1/seller/fulfilments/{other.pk}/cancel/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["error"]["field"] == "reason"


def test_payment_after_the_reservation_expired_is_refunded_in_full(
    stripe_server, buyer_client, shop, django_capture_on_commit_callbacks
):
    _, products = shop
    order = checkout(buyer_client, products)
    Order.objects.filter(pk=order["id"]).update(reservation_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    from market.orders.services import order_end_unpaid

    order_end_unpaid(order_id=order["id"], status=OrderStatus.EXPIRED, note="expired")
    intent_id = order["payment"]["intent_id"]
    get_payment_provider().confirm_payment_intent(
        intent_id=intent_id, payment_method="pm_card_visa", idempotency_key="late-confirm"
    )
    body = _event("evt_late", "payment_intent.succeeded", intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.generic(
            "POST",
            WEBHOOK,
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign_webhook(body, WEBHOOK_SECRET),
        )
    ledger = dict(PaymentLedgerEntry.objects.values_list("kind", "amount"))
    assert ledger == {"charge": 32000, "refund": 32000}
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.EXPIRED
    assert not SettlementEntry.objects.exists()


def test_reconciliation_reports_a_difference(stripe_server, buyer_client, shop):
    _, products = shop
    order = checkout(buyer_client, products)
    confirm(buyer_client, order["id"])
    Payment.objects.update(status=PaymentStatus.PENDING)
    problems = payments_reconcile()["mismatches"]
    assert [(p["problem"], p["ours"], p["gateway"]) for p in problems] == [("status_differs", "pending", "succeeded")]

    # An intent cancelled at the gateway while we still wait for it: told in our words, not the gateway's.
    other = checkout(buyer_client, products[:1], quantities=(1,))
    get_payment_provider().cancel_payment_intent(intent_id=other["payment"]["intent_id"], idempotency_key="cancel")
    problems = {p["intent_id"]: p for p in payments_reconcile()["mismatches"]}
    assert problems[other["payment"]["intent_id"]]["gateway"] == "cancelled"


def test_amount_limits_are_checked_before_anything_is_reserved(stripe_server, buyer_client):
    cheap = ProductFactory(price=500, stock=5)
    buyer_client.put(f"/api/v1/cart/items/{cheap.pk}/", {"quantity": 1}, format="json")
    response = buyer_client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "amount_too_small"
    assert not Order.objects.exists() and Product.objects.get(pk=cheap.pk).stock == 5


def test_guest_cart_joins_the_buyer_on_login(api_client, buyer, shop):
    _, products = shop
    assert api_client.put(f"/api/v1/cart/items/{products[0].pk}/", {"quantity": 2}, format="json").status_code == 200
    assert api_client.get("/api/v1/cart/").json()["items_total"] == 24000
    api_client.post("/api/v1/auth/login/", {"email": buyer.email, "password": "pass-word-123"}, format="json")
    cart = api_client.get("/api/v1/cart/").json()
    assert [(line["product_id"], line["quantity"]) for line in cart["lines"]] == [(products[0].pk, 2)]
    assert api_client.post("/api/v1/checkout/", {"shipping": {}}, format="json").status_code == 400
