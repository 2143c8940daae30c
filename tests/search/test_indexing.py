"""Index updates travel after commit through the outbox; an Elasticsearch outage loses nothing."""

import pytest
from django.core.management import call_command

from market.catalog.models import Product
from market.catalog.services import product_create, product_update
from market.firms.services import designation_set_status
from search.backends.base import SearchRequest
from search.documents import build_documents
from search.models import PendingIndexUpdate, ProductSearchEntry
from search.services import database_backend, elasticsearch_backend, index_flush_pending, index_mark_products_dirty
from search.tasks import flush_pending_index_updates
from tests.factories import FirmFactory, ProductFactory, category

pytestmark = pytest.mark.django_db


def es_ids(q):
    backend = elasticsearch_backend()
    backend.refresh()
    return backend.search(SearchRequest(q=q)).ids


def create_product(title="햇살 수제 그래놀라", **kwargs):
    return product_create(
        firm=kwargs.pop("firm", None) or FirmFactory(),
        category=category("processed-food"),
        title=title,
        price=9000,
        stock=5,
        status="published",
        **kwargs,
    )


def test_a_new_product_reaches_both_indexes_after_commit(es_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = create_product()
    assert len(callbacks) == 1  # one flush, however many rows the write touched
    assert es_ids("그래놀라") == [product.id]
    assert ProductSearchEntry.objects.filter(product=product).exists()
    assert not PendingIndexUpdate.objects.exists()


def test_edits_and_unpublishing_follow(es_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = create_product()
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, title="햇살 수제 뮤즐리")
    assert es_ids("뮤즐리") == [product.id] and es_ids("그래놀라") == []
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, status="hidden")
    assert es_ids("뮤즐리") == []
    assert not ProductSearchEntry.objects.filter(product=product).exists()


def test_a_firm_losing_its_designation_leaves_the_results(es_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = create_product()
    assert es_ids("그래놀라") == [product.id]
    with django_capture_on_commit_callbacks(execute=True):
        designation_set_status(designation=product.firm.designations.get(), status="revoked", reason="취소")
    assert es_ids("그래놀라") == []
    assert database_backend().search(SearchRequest(q="그래놀라")).ids == []


def test_outage_keeps_writes_and_updates_then_catches_up(es_settings, api_client, django_capture_on_commit_callbacks):
    live_url = es_settings.ELASTICSEARCH_URL
    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: Elasticsearch is "down"
    with django_capture_on_commit_callbacks(execute=True):
        product = create_product()
    assert Product.objects.filter(pk=product.pk).exists()  # the write succeeded
    pending = PendingIndexUpdate.objects.get(product_id=product.pk)
    assert pending.attempts == 1 and "did not answer" in pending.last_error

    response = api_client.get("/api/v1/search/products", {"q": "그래놀라"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True and body["backend"] == "database"
    assert [hit["id"] for hit in body["results"]] == [product.id]
    suggest = api_client.get("/api/v1/search/suggest", {"q": "그래"}).json()
    assert suggest["degraded"] is True and suggest["suggestions"][0]["product_id"] == product.id

    es_settings.ELASTICSEARCH_URL = live_url  # back up: the retry lands what was kept
    assert flush_pending_index_updates.delay().get() == {"indexed": 1, "deleted": 0}
    assert not PendingIndexUpdate.objects.exists()
    assert es_ids("그래놀라") == [product.id]
    assert api_client.get("/api/v1/search/products", {"q": "그래놀라"}).json()["degraded"] is False


def test_marking_twice_keeps_one_row_and_a_mark_during_a_flush_survives_it(monkeypatch):
    product = ProductFactory()
    index_mark_products_dirty(product_ids=[product.pk, product.pk])
    index_mark_products_dirty(product_ids=[product.pk])
    assert PendingIndexUpdate.objects.count() == 1
    first = PendingIndexUpdate.objects.get()

    original_build = build_documents

    def build_and_mark_again(ids):
        index_mark_products_dirty(product_ids=[product.pk])  # a write lands while the flush works
        return original_build(ids)

    monkeypatch.setattr("search.services.build_documents", build_and_mark_again)
    index_flush_pending(max_batches=1)
    monkeypatch.undo()
    assert PendingIndexUpdate.objects.get().created_at > first.created_at
    index_flush_pending()
    assert not PendingIndexUpdate.objects.exists()


def test_the_flush_runs_every_minute_from_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["search-flush-pending-index-updates"]
    assert schedule["task"] == flush_pending_index_updates.name and schedule["schedule"] <= 60


def test_rebuild_swaps_the_alias_and_keeps_live_writes(es_settings):
    first = ProductFactory(title="들기름 한 병")
    backend = elasticsearch_backend()
    call_command("search_rebuild", stdout=open("/dev/null", "w"))
    old_indexes = set(backend.client.indices.get_alias(name=backend.alias))
    assert es_ids("들기름") == [first.id]

    late = ProductFactory(title="참기름 한 병")
    documents, _ = build_documents([late.pk])

    def batches_with_a_live_write():
        yield from build_documents([first.pk])[0:1]
        backend.index(documents)  # a live update arrives while the new index is being filled

    count = backend.rebuild(batches_with_a_live_write())
    assert count == 1
    new_indexes = set(backend.client.indices.get_alias(name=backend.alias))
    assert len(new_indexes) == 1 and not new_indexes & old_indexes
    assert not backend.client.indices.exists(index=list(old_indexes))
    assert not backend.client.indices.exists_alias(name=backend.building_alias)
    assert es_ids("참기름") == [late.id] and es_ids("들기름") == [first.id]


def test_rebuild_command_reports_each_backend(es_settings, capsys):
    ProductFactory(title="들기름 한 병")
    call_command("search_rebuild")
    out = capsys.readouterr().out
    assert "database: 1 documents" in out and "elasticsearch: 1 documents" in out


def test_search_recovers_when_the_index_was_deleted_by_hand(es_settings):
    ProductFactory(title="들기름 한 병")
    call_command("search_rebuild", stdout=open("/dev/null", "w"))
    assert es_ids("들기름")
    backend = elasticsearch_backend()
    for name in list(backend.client.indices.get_alias(name=backend.alias)):
        backend.client.indices.delete(index=name)
    assert backend.search(SearchRequest(q="들기름")).ids == []  # an empty index again, not an error
