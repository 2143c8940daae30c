import datetime

from celery import shared_task

from market.core.events import enqueue_on_commit
from market.reports.monthly import (
    monthly_summaries_due,
    monthly_summary_claim,
    monthly_summary_deliver,
    monthly_summary_release,
    previous_month,
)
from market.reports.sales import refresh_sales_days


@shared_task(ignore_result=True)
def refresh_sales_reports():
    """Beat: rebuild the pre-aggregated sales table (idempotent: a rebuild from the rows)."""
    refresh_sales_days()


@shared_task(ignore_result=True)
def send_monthly_summaries(month: str | None = None) -> int:
    """Beat, on the 1st: queue each subscriber's e-mail of the month before (or of `month`, YYYY-MM-01); a second
    run queues only those not yet sent. Returns how many were queued."""
    first_day = datetime.date.fromisoformat(month) if month else previous_month()
    due = monthly_summaries_due(month=first_day)
    for subscription_id in due:
        enqueue_on_commit(send_monthly_summary, subscription_id, first_day.isoformat())
    return len(due)


@shared_task(bind=True, max_retries=5, default_retry_delay=300, ignore_result=True)
def send_monthly_summary(self, subscription_id: int, month: str) -> bool:
    """One subscriber's e-mail of one month, at most once: the month is claimed first, given back if the mail
    server refuses, and the task retried."""
    first_day = datetime.date.fromisoformat(month)
    claim = monthly_summary_claim(subscription_id=subscription_id, month=first_day)
    if claim is None:
        return False  # sent already, or no longer subscribed
    try:
        return monthly_summary_deliver(subscription_id=subscription_id, month=first_day)
    except OSError as exc:
        monthly_summary_release(subscription_id=subscription_id, month=first_day, claim=claim)
        raise self.retry(exc=exc) from exc
