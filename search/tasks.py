from celery import shared_task

from search.services import SearchUnavailable, index_flush_pending, synonyms_publish


@shared_task(bind=True, max_retries=None, acks_late=True)
def flush_pending_index_updates(self) -> dict:
    """Bring pending products' index entries up to date; while Elasticsearch is down, retry with backoff.

    Nothing is lost while it retries: the pending rows stay in the database, and the beat schedule runs
    this task every minute as well.
    """
    try:
        return index_flush_pending()
    except SearchUnavailable as exc:
        if self.request.is_eager:  # in-process (demo, tests): leave the rows for the next run
            return {"postponed": str(exc)}
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc


@shared_task(bind=True, max_retries=None, acks_late=True)
def publish_search_synonyms(self) -> None:
    """Send the whole synonym table to Elasticsearch (safe to run twice: it replaces the set)."""
    try:
        synonyms_publish()
    except SearchUnavailable as exc:
        if self.request.is_eager:  # in-process: the next index creation or publish sends the table anyway
            return
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc


@shared_task
def rebuild_search_index() -> dict:
    """Rebuild every index from the database (after user dictionary changes, or to repair)."""
    from search.services import index_rebuild

    return index_rebuild()
