"""Writes of search: mark products dirty (in the writer's transaction), flush them to the indexes, rebuild."""

import logging
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from market.catalog.models import Product
from search.backends.base import SearchBackend, SearchUnavailable
from search.documents import build_documents, iter_public_documents
from search.intent import intent_model_reset
from search.locks import index_build_lock
from search.models import PendingIndexUpdate, SearchSynonym
from search.synonyms import synonym_groups

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def database_backend() -> SearchBackend:
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


@lru_cache(maxsize=4)
def _elasticsearch_backend(url: str, index_prefix: str, timeout: float, shards: int, replicas: int) -> SearchBackend:
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url=url, index_prefix=index_prefix, timeout=timeout, shards=shards, replicas=replicas)


def elasticsearch_backend() -> SearchBackend | None:
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None (the embedded default)."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _elasticsearch_backend(
        settings.ELASTICSEARCH_URL,
        settings.SEARCH_INDEX_PREFIX,
        settings.ELASTICSEARCH_TIMEOUT,
        settings.SEARCH_INDEX_SHARDS,
        settings.SEARCH_INDEX_REPLICAS,
    )


def primary_backend() -> SearchBackend:
    return elasticsearch_backend() or database_backend()


def all_backends() -> list[SearchBackend]:
    """The database backend is always kept current, so it can answer while Elasticsearch is down."""
    return [b for b in (database_backend(), elasticsearch_backend()) if b is not None]


# --- marking ---------------------------------------------------------------------------------------------
def _schedule_flush() -> None:
    """Enqueue one flush after the current transaction commits, however many changes it makes.

    The flag is cleared when the flush is enqueued; a rolled-back transaction drops its callback, which the
    second check notices.
    """
    if getattr(connection, "_search_flush_scheduled", False) and any(
        callback is _enqueue_flush for _, callback, _ in connection.run_on_commit
    ):
        return
    connection._search_flush_scheduled = True
    transaction.on_commit(_enqueue_flush)


def _enqueue_flush() -> None:
    from market.core.events import enqueue
    from search.tasks import flush_pending_index_updates

    connection._search_flush_scheduled = False
    enqueue(flush_pending_index_updates)  # with the broker away the rows wait for beat's flush


def index_mark_products_dirty(*, product_ids) -> None:
    """Record, in the caller's transaction, that these products' index entries must be brought up to date."""
    now = timezone.now()
    # In id order: the upsert locks these rows, and writers that lock in one order cannot deadlock.
    rows = [PendingIndexUpdate(product_id=pk, created_at=now) for pk in sorted(set(product_ids))]
    if not rows:
        return
    # A product marked again while a flush runs gets a newer created_at, so that flush will not clear it.
    PendingIndexUpdate.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["product_id"], update_fields=["created_at"]
    )
    _schedule_flush()


def index_mark_firms_dirty(*, firm_ids) -> None:
    index_mark_products_dirty(product_ids=Product.objects.filter(firm_id__in=firm_ids).values_list("pk", flat=True))


# --- flushing --------------------------------------------------------------------------------------------
def index_flush_pending(*, batch_size: int = 500, max_batches: int | None = None) -> dict:
    """Bring every pending product's entries up to date in all backends.

    Each batch is read, written to the indexes outside any transaction, then cleared only where it was not
    marked again meanwhile. When Elasticsearch fails the rows stay, with the error, and SearchUnavailable is
    raised for the task to retry; the database backend is updated either way.
    """
    indexed = deleted = batches = 0
    while max_batches is None or batches < max_batches:
        pending = list(PendingIndexUpdate.objects.order_by("created_at", "id")[:batch_size])
        if not pending:
            break
        batches += 1
        documents, gone = build_documents([row.product_id for row in pending])
        failure = None
        for backend in all_backends():
            try:
                if documents:
                    backend.index(documents)
                if gone:
                    backend.delete(gone)
            except SearchUnavailable as exc:
                failure = exc
        if failure is not None:
            PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in pending]).update(
                attempts=F("attempts") + 1, last_error=str(failure)[:1000]
            )
            logger.warning("search index update postponed for %d products: %s", len(pending), failure)
            raise failure
        for row in pending:
            PendingIndexUpdate.objects.filter(pk=row.pk, created_at=row.created_at).delete()
        indexed += len(documents)
        deleted += len(gone)
    if batches:
        intent_model_reset()  # this process's query classifier learns the change at once; others by its TTL
    return {"indexed": indexed, "deleted": deleted}


def index_rebuild(*, backends=None, progress=None) -> dict:
    """Rebuild the backends' indexes from the database (Elasticsearch: new index, then an alias swap)."""
    counts = {}
    with index_build_lock():  # not alongside a starting replica's index_ensure
        for backend in backends or all_backends():
            counts[backend.name] = backend.rebuild(iter_public_documents(), progress=progress)
    intent_model_reset()
    return counts


def index_ensure(*, backends=None, progress=None) -> dict[str, str]:
    """What a deploy runs at start instead of a rebuild: each backend's index is built when it is missing or was
    built by code with another mapping version, and left alone when current. Under one lock, checked again
    once held, so replicas starting together build it once and the others find it current.

    Returns {backend name: 'created' | 'rebuilt' | 'current' | 'unavailable'}."""
    outcomes = {}
    with index_build_lock():
        for backend in backends or all_backends():
            try:
                state = backend.index_state()
                if state != "current":
                    logger.info("search index of %s is %s: building it", backend.name, state)
                    backend.rebuild(iter_public_documents(), progress=progress)
                else:
                    backend.apply_replica_count()  # a live setting: no rebuild
            except SearchUnavailable as exc:
                # A start-up must not fail on it: search falls back to the database backend meanwhile, and the
                # next start (or search_ensure_index by hand) builds what is missing.
                logger.warning("search index of %s not checked or built: %s", backend.name, exc)
                outcomes[backend.name] = "unavailable"
                continue
            outcomes[backend.name] = {"current": "current", "missing": "created"}.get(state, "rebuilt")
        if any(outcome in ("created", "rebuilt") for outcome in outcomes.values()):
            intent_model_reset()
    return outcomes


# --- synonyms ----------------------------------------------------------------------------------------------
def synonyms_publish() -> None:
    """Send the synonym table to Elasticsearch's synonym set (search-time: no reindex). The database backend
    reads the table at every query and needs nothing."""
    backend = elasticsearch_backend()
    if backend is not None:
        backend.publish_synonyms(synonym_groups())


def _publish_synonyms_after_commit() -> None:
    from market.core.events import enqueue_on_commit
    from search.tasks import publish_search_synonyms

    enqueue_on_commit(publish_search_synonyms)


@transaction.atomic
def synonym_save(*, synonym: SearchSynonym) -> SearchSynonym:
    """Create or change one synonym group (operators, in the admin); Elasticsearch hears of it after commit."""
    synonym.terms = ", ".join(dict.fromkeys(w for w in (part.strip() for part in synonym.terms.split(",")) if w))
    synonym.save()
    _publish_synonyms_after_commit()
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: SearchSynonym) -> None:
    synonym.delete()
    _publish_synonyms_after_commit()
