"""A Celery worker is killed with SIGKILL in the middle of a refund: the task runs again and refunds once.

A real worker process on a real Redis (our own), on the test's database; the refund's request to the
Stripe-API server (localstripe) goes through a proxy that keeps the answer back, so the kill lands after
the gateway made the refund and before our database recorded it: the hardest moment.
"""
import os
import signal
from urllib.parse import urlsplit

import pytest

from market.orders.models import FulfilmentStatus
from market.orders.services import cart_for, cart_set_item, order_place
from market.payments.models import LedgerKind, PaymentLedgerEntry, SettlementEntry
from market.payments.services import fulfilment_cancel_and_refund, payment_confirm, payment_start
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.faults.conftest import celery_broker, celery_worker_process, wait_for, worker_children
from tests.faults.proxy import FaultProxy
from tests.payments.localstripe import localstripe_get

SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


def paid_order_with_two_firms():
    sellers = [SellerFactory(), SellerFactory()]
    products = [ProductFactory(firm=sellers[0].firm_membership.firm, price=12000, stock=5),
                ProductFactory(firm=sellers[1].firm_membership.firm, price=8000, stock=5)]
    buyer = UserFactory()
    cart = cart_for(user=buyer)
    for product in products:
        cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    payment = payment_confirm(payment=payment_start(order=order), payment_method="pm_card_visa")
    order.refresh_from_db()
    assert order.status == "paid"
    return sellers[0], order.fulfilments.get(firm=sellers[0].firm_membership.firm), payment


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_mid_refund(own_redis, own_localstripe, tmp_path):
    seller, part, payment = paid_order_with_two_firms()
    stripe = urlsplit(own_localstripe)
    log_path = tmp_path / "worker.log"
    with FaultProxy(stripe.hostname, stripe.port) as proxy, celery_broker(own_redis.url), \
            celery_worker_process(broker_url=own_redis.url, env={"STRIPE_API_BASE": proxy.url},
                                  log_path=log_path) as worker:
        wait_for(lambda: b" ready." in log_path.read_bytes(), timeout=60, what="the worker to start")
        proxy.hold_responses()
        fulfilment_cancel_and_refund(fulfilment_id=part.pk, actor=seller, reason="품절")  # refund task → Redis
        assert proxy.held.wait(timeout=30), "the refund request never reached the Stripe-API server"
        # The gateway has refunded; our database has not recorded it. Kill the process running the task.
        [child] = worker_children(worker.pid)
        os.kill(child, signal.SIGKILL)
        proxy.release_responses()

        wait_for(lambda: PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND).exists(), timeout=60,
                 what="the refund to be recorded by the task's second run")
        log = log_path.read_text(errors="replace")
        assert "WorkerLostError" in log or "signal 9" in log  # it was the first run that died
        assert proxy.accepted >= 2  # and the second run called the gateway again (same idempotency key)

    part.refresh_from_db()
    assert part.status == FulfilmentStatus.CANCELLED and part.refunded_amount == part.items_total == 12000
    refunds = PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND)
    assert [entry.amount for entry in refunds] == [12000]
    assert SettlementEntry.objects.filter(fulfilment=part, kind="refund").count() == 1
    # Once at the gateway too: the replayed request got the first refund back.
    intent = localstripe_get(f"/v1/payment_intents/{payment.intent_id}", api_base=own_localstripe)
    charge = localstripe_get(f"/v1/charges/{intent['charges']['data'][0]['id']}", api_base=own_localstripe)
    assert charge["amount_refunded"] == 12000
