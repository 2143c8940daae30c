"""The webhook inbox under concurrency: Stripe retries a delivery while the first is still being handled, and
several web workers may receive the same event at once. Each has its own database connection here (threads on
PostgreSQL), so the unique event id and the row lock, not the order of requests, are what keep it to one effect.
"""

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from market.orders.models import Order, OrderStatus
from market.payments.models import LedgerKind, PaymentLedgerEntry, SettlementEntry, WebhookEvent
from market.payments.provider import get_payment_provider
from market.payments.services import webhook_process
from tests.payments.conftest import WEBHOOK_SECRET
from tests.payments.localstripe import sign_webhook
from tests.payments.test_checkout_flow import WEBHOOK, _event, checkout
from tests.service_check import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SENDERS = 6


def _all_at_once(work, count=SENDERS) -> list:
    """Run `work(i)` in `count` threads released together; returns what each returned (or raised)."""
    require_postgresql("concurrent writers")
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _paid_with_stripe_js(buyer_client, products) -> dict:
    """An order whose intent succeeded at the gateway; we learn it only from the event."""
    order = checkout(buyer_client, products)
    intent_id = order["payment"]["intent_id"]
    get_payment_provider().confirm_payment_intent(
        intent_id=intent_id, payment_method="pm_card_visa", idempotency_key=f"stripe-js-{intent_id}"
    )
    return order


def _assert_paid_once(order):
    db_order = Order.objects.get(pk=order["id"])
    assert db_order.status == OrderStatus.PAID
    assert db_order.events.filter(kind="paid").count() == 1
    assert PaymentLedgerEntry.objects.filter(payment__order=db_order, kind=LedgerKind.CHARGE).count() == 1
    assert SettlementEntry.objects.filter(order=db_order).count() == 4  # sale and fee for each of two firms


def test_one_event_delivered_by_several_connections_at_once_is_stored_and_applied_once(
    stripe_server, buyer_client, shop
):
    _, products = shop
    order = _paid_with_stripe_js(buyer_client, products)
    body = _event("evt_concurrent", "payment_intent.succeeded", order["payment"]["intent_id"])
    signature = sign_webhook(body, WEBHOOK_SECRET)

    def deliver(_):
        response = Client().generic(
            "POST", WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )
        return response.status_code

    statuses = _all_at_once(deliver)

    assert statuses == [200] * SENDERS  # every delivery acknowledged, none a server error
    event = WebhookEvent.objects.get(event_id="evt_concurrent")
    assert event.processed_at is not None
    assert event.attempts == 1  # processed by one delivery only, not once per delivery
    _assert_paid_once(order)


def test_one_stored_event_processed_by_several_workers_at_once_is_applied_once(stripe_server, buyer_client, shop):
    _, products = shop
    order = _paid_with_stripe_js(buyer_client, products)
    intent_id = order["payment"]["intent_id"]
    # Stored by the inbox, its processing not run yet.
    event = WebhookEvent.objects.create(
        event_id="evt_twice_queued",
        type="payment_intent.succeeded",
        object_id=intent_id,
        payload=json.loads(_event("evt_twice_queued", "payment_intent.succeeded", intent_id)),
    )

    # The task redelivered (acks_late after a worker died) while the first run is still going: each run may
    # re-read the intent, but applying it is idempotent under the payment's and the order's row locks.
    outcomes = _all_at_once(lambda _: webhook_process(event_pk=event.pk))

    assert all(isinstance(outcome, bool) for outcome in outcomes), outcomes  # no run failed
    assert True in outcomes
    event.refresh_from_db()
    assert event.processed_at is not None
    _assert_paid_once(order)
