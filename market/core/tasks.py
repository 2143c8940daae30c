from celery import shared_task

from market.core.events import deferred_tasks_resend


@shared_task
def resend_deferred_tasks() -> int:
    """Beat, every minute: send the tasks recorded while the broker was away."""
    return deferred_tasks_resend()
