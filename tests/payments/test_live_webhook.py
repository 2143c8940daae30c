"""localstripe itself delivers the signed event to our running server, which applies it."""

import time

import pytest

from market.orders.models import Order, OrderStatus
from market.payments.models import WebhookEvent
from market.payments.provider import get_payment_provider
from tests.payments.conftest import WEBHOOK_SECRET
from tests.payments.localstripe import localstripe_register_webhook
from tests.payments.test_checkout_flow import checkout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_payment_made_with_stripe_js_is_applied_from_the_delivered_webhook(
    stripe_server, live_server, buyer_client, shop
):
    _, products = shop
    localstripe_register_webhook(
        f"{live_server.url}/api/v1/payments/stripe/webhook/",
        WEBHOOK_SECRET,
        api_base=stripe_server,
        events=["payment_intent.succeeded"],
    )
    order = checkout(buyer_client, products)
    intent_id = order["payment"]["intent_id"]
    get_payment_provider().confirm_payment_intent(
        intent_id=intent_id, payment_method="pm_card_visa", idempotency_key=f"stripe-js-{intent_id}"
    )
    # Only this order's event counts: localstripe also delivers, a moment late, events of intents that earlier
    # tests made. Wait for it to be processed (the order turns paid a moment before processed_at is written).
    this_event = WebhookEvent.objects.filter(type="payment_intent.succeeded", object_id=intent_id)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not this_event.filter(processed_at__isnull=False).exists():
        time.sleep(0.2)
    assert this_event.filter(processed_at__isnull=False).count() == 1
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PAID
