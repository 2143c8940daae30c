"""A Celery worker is killed with SIGKILL in the middle of a refund: the task runs again and refunds once.

A real worker process on a real Redis (our own), on the test's database; the refund's request to the
Stripe-API server (localstripe) goes through a proxy that keeps the answer back, so the kill lands after
the gateway made the refund and before our database recorded it: the hardest moment.
"""

import contextlib
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
    products = [
        ProductFactory(firm=sellers[0].firm_membership.firm, price=12000, stock=5),
        ProductFactory(firm=sellers[1].firm_membership.firm, price=8000, stock=5),
    ]
    buyer = UserFactory()
    cart = cart_for(user=buyer)
    for product in products:
        cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    payment = payment_confirm(payment=payment_start(order=order), payment_method="pm_card_visa")
    order.refresh_from_db()
    assert order.status == "paid"
    return sellers[0], order.fulfilments.get(firm=sellers[0].firm_membership.firm), payment


def kill_pool_process(worker, start_worker):
    """SIGKILL the pool process running the task (out of memory, a crash): the worker sees it die and puts
    the message back (task_reject_on_worker_lost), and another pool process runs it."""
    [child] = worker_children(worker.pid)
    os.kill(child, signal.SIGKILL)
    return contextlib.nullcontext()


def kill_whole_worker(worker, start_worker):
    """SIGKILL the worker and its pool (a container or machine gone): nobody acknowledged the message, so
    Redis still holds it and a new worker takes it back once the visibility timeout has passed."""
    children = worker_children(worker.pid)
    worker.kill()
    for child in children:
        os.kill(child, signal.SIGKILL)
    worker.wait(timeout=10)
    return start_worker(log_path="worker-2.log", visibility_timeout=2)


def run_refund_and_kill(kill, worker, start_worker, proxy, seller, part):
    proxy.hold_responses()
    fulfilment_cancel_and_refund(fulfilment_id=part.pk, actor=seller, reason="품절")  # the refund task → Redis
    assert proxy.held.wait(timeout=30), "the refund request never reached the Stripe-API server"
    # The gateway has refunded; our database has not recorded it. Kill the process running the task.
    with kill(worker, start_worker):
        proxy.release_responses()
        wait_for(
            lambda: PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND).exists(),
            timeout=60,
            what="the refund to be recorded by the task's second run",
        )
    assert proxy.accepted >= 2  # the second run called the gateway again (with the same idempotency key)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kill", [kill_pool_process, kill_whole_worker], ids=["pool process", "whole worker"])
def test_worker_killed_mid_refund(kill, own_redis, own_localstripe, tmp_path):
    seller, part, payment = paid_order_with_two_firms()
    stripe = urlsplit(own_localstripe)
    with FaultProxy(stripe.hostname, stripe.port) as proxy, celery_broker(own_redis.url):

        def start_worker(*, log_path: str, visibility_timeout: int = 3600):
            return celery_worker_process(
                broker_url=own_redis.url,
                log_path=tmp_path / log_path,
                env={"STRIPE_API_BASE": proxy.url, "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout)},
            )

        with start_worker(log_path="worker.log") as worker:
            wait_for(
                lambda: b" ready." in (tmp_path / "worker.log").read_bytes(), timeout=60, what="the worker to start"
            )
            run_refund_and_kill(kill, worker, start_worker, proxy, seller, part)

    part.refresh_from_db()
    assert part.status == FulfilmentStatus.CANCELLED and part.refunded_amount == part.items_total == 12000
    refunds = PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND)
    assert [entry.amount for entry in refunds] == [12000]
    assert SettlementEntry.objects.filter(fulfilment=part, kind="refund").count() == 1
    # Once at the gateway too: the replayed request got the first refund back.
    intent = localstripe_get(f"/v1/payment_intents/{payment.intent_id}", api_base=own_localstripe)
    charge = localstripe_get(f"/v1/charges/{intent['charges']['data'][0]['id']}", api_base=own_localstripe)
    assert charge["amount_refunded"] == 12000
