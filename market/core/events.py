"""Enqueue side effects only after the surrounding transaction commits."""
from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send `task` to Celery once the current transaction commits (at once when none is open)."""
    transaction.on_commit(partial(task.delay, *args, **kwargs))
