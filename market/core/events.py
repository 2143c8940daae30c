"""Enqueue side effects only after the surrounding transaction commits; never lose one to a broker outage."""

import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.dispatch import Signal
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send `task` to Celery once the current transaction commits (at once when none is open)."""
    transaction.on_commit(partial(enqueue, task, args, kwargs))


def enqueue(task, args=(), kwargs=None) -> None:
    """Send `task` now. When the broker cannot take it, record it (DeferredTask) for `deferred_tasks_resend`
    instead of failing the request whose transaction has already committed."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BrokerUnavailable as exc:
        from market.core.models import DeferredTask

        logger.warning("broker unavailable, %s deferred: %s", task.name, exc)
        DeferredTask.objects.create(
            task_name=task.name, args=list(args), kwargs=kwargs or {}, last_error=str(exc)[:1000]
        )


def deferred_tasks_resend(*, limit: int = 500) -> int:
    """Send the tasks recorded while the broker was away; returns how many went. Rows are locked (skipping
    rows another resender holds) and deleted once sent; a crash between the two sends one twice, which the
    tasks tolerate (every task is safe to run twice)."""
    from market.core.models import DeferredTask

    sent = 0
    with transaction.atomic():
        for row in DeferredTask.objects.select_for_update(skip_locked=True)[:limit]:
            try:
                current_app.send_task(row.task_name, args=row.args, kwargs=row.kwargs)
            except BrokerUnavailable as exc:
                DeferredTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:1000])
                break  # still away: the next run tries again
            row.delete()
            sent += 1
    return sent


# --- domain events ---------------------------------------------------------------------------------------
# market/ announces what changed; other parts (search/) subscribe without market/ importing them. The
# signals are sent inside the writing transaction, so a subscriber can record its own follow-up work in
# the same transaction (nothing is lost if the process dies after commit).

products_changed = Signal()  # kwargs: product_ids: list[int]
firms_changed = Signal()  # kwargs: firm_ids: list[int] — everything shown of their products may have changed


def announce_products_changed(*product_ids: int) -> None:
    if product_ids:
        products_changed.send(sender=None, product_ids=list(product_ids))


def announce_firms_changed(*firm_ids: int) -> None:
    if firm_ids:
        firms_changed.send(sender=None, firm_ids=list(firm_ids))
