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
def test_a_payment_made_with_stripe_js_is_applied_from_the_delivered_webhook(stripe_server, live_server,
                                                                             buyer_client, shop):
    _, products = shop
    localstripe_register_webhook(f"{live_server.url}/api/v1/payments/stripe/webhook/", WEBHOOK_SECRET,
                                 api_base=stripe_server, events=["payment_intent.succeeded"])
    order = checkout(buyer_client, products)
    get_payment_provider().confirm_payment_intent(intent_id=order["payment"]["intent_id"],
                                                  payment_method="pm_card_visa", idempotency_key="stripe-js")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Order.objects.get(pk=order["id"]).status != OrderStatus.PAID:
        time.sleep(0.2)
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PAID
    event = WebhookEvent.objects.get(type="payment_intent.succeeded")
    assert event.object_id == order["payment"]["intent_id"] and event.processed_at is not None
