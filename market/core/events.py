"""Enqueue side effects only after the surrounding transaction commits."""
from functools import partial

from django.db import transaction
from django.dispatch import Signal


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send `task` to Celery once the current transaction commits (at once when none is open)."""
    transaction.on_commit(partial(task.delay, *args, **kwargs))


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
