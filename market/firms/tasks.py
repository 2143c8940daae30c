from celery import shared_task

from market.firms.services import firms_refresh_listing_visibility


@shared_task
def sync_listing_visibility() -> dict:
    """Daily (Celery beat): hide listings of firms whose last valid designation lapsed; show restored ones."""
    return firms_refresh_listing_visibility()
