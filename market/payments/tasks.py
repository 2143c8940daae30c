from celery import shared_task

from market.payments.provider import GatewayError


def _with_retries(task, work, *, base_delay: int = 10):
    """Run `work()`; when the gateway is away, retry with backoff (in-process runs let the error through)."""
    try:
        return work()
    except GatewayError as exc:
        if task.request.is_eager:
            raise
        raise task.retry(exc=exc, countdown=min(600, base_delay * 2**task.request.retries)) from exc


@shared_task(bind=True, max_retries=8, acks_late=True)
def process_webhook_event(self, event_pk: int) -> bool:
    from market.payments.services import webhook_process

    return _with_retries(self, lambda: webhook_process(event_pk=event_pk))


@shared_task(bind=True, max_retries=8, acks_late=True)
def refund_fulfilment(self, fulfilment_id: int) -> int:
    from market.payments.services import fulfilment_refund

    return _with_retries(self, lambda: fulfilment_refund(fulfilment_id=fulfilment_id))


@shared_task(bind=True, max_retries=8, acks_late=True)
def refund_unfulfillable_payment(self, payment_id: int) -> int:
    from market.payments.services import payment_refund_in_full

    return _with_retries(self, lambda: payment_refund_in_full(payment_id=payment_id))


@shared_task
def expire_unpaid_orders() -> int:
    """Beat, every minute: end unpaid orders whose stock reservation ran out."""
    from market.orders.services import orders_due_to_expire
    from market.payments.services import order_expire

    expired = 0
    for order_id in list(orders_due_to_expire()):
        try:
            order_expire(order_id=order_id)
            expired += 1
        except GatewayError:
            continue  # the gateway is away; the next sweep tries again
    return expired


@shared_task
def reconcile_payments(days: int = 3) -> dict:
    from market.payments.reconciliation import payments_reconcile

    return payments_reconcile(days=days)


@shared_task(bind=True, max_retries=8, acks_late=True)
def transfer_payout(self, payout_id: int) -> str:
    from market.payments.settlement import payout_transfer

    return _with_retries(self, lambda: payout_transfer(payout_id=payout_id).transfer_id, base_delay=30)


@shared_task(bind=True, max_retries=8, acks_late=True)
def refund_claim(self, claim_id: int) -> int:
    from market.payments.services import claim_refund

    return _with_retries(self, lambda: claim_refund(claim_id=claim_id))
