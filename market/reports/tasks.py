from celery import shared_task

from market.reports.sales import refresh_sales_days


@shared_task(ignore_result=True)
def refresh_sales_reports():
    """Beat: rebuild the pre-aggregated sales table (idempotent: a rebuild from the rows)."""
    refresh_sales_days()
