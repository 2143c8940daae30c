"""A deploy's start builds the search index only when it is missing or its mapping changed, and once."""

import os
import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connections

from search.backends import elasticsearch as es_module
from search.backends.base import SearchRequest
from search.backends.elasticsearch import MAPPING_VERSION_KEY
from search.locks import postgresql_lock, redis_lock
from search.models import ProductSearchEntry
from search.services import database_backend, elasticsearch_backend, index_ensure
from tests.factories import ProductFactory
from tests.service_check import require_postgresql, require_service

pytestmark = pytest.mark.django_db


def live_index(backend) -> tuple[str, str, str]:
    """(name, uuid, creation date) of the concrete index behind the alias."""
    [(name, info)] = backend.client.indices.get_settings(index=backend.alias).items()
    return name, info["settings"]["index"]["uuid"], info["settings"]["index"]["creation_date"]


def live_version(backend) -> str | None:
    [mapping] = backend.client.indices.get_mapping(index=backend.alias).values()
    return mapping["mappings"].get("_meta", {}).get(MAPPING_VERSION_KEY)


def es_ids(backend, q: str) -> list[int]:
    backend.refresh()
    return backend.search(SearchRequest(q=q)).ids


def test_a_missing_elasticsearch_index_is_created_and_filled(es_backend):
    product = ProductFactory(title="들기름 한 병")
    assert es_backend.index_state() == "missing"

    assert index_ensure(backends=[es_backend]) == {"elasticsearch": "created"}

    assert es_ids(es_backend, "들기름") == [product.id]
    assert live_version(es_backend) == es_backend.mapping_version()
    assert es_backend.index_state() == "current"


def test_a_current_elasticsearch_index_is_left_alone(es_backend):
    product = ProductFactory(title="들기름 한 병")
    index_ensure(backends=[es_backend])
    before = live_index(es_backend)

    assert index_ensure(backends=[es_backend]) == {"elasticsearch": "current"}
    call_command("search_ensure_index", stdout=open(os.devnull, "w"))

    assert live_index(es_backend) == before  # same index, same uuid, same creation time: nothing rebuilt
    assert es_ids(es_backend, "들기름") == [product.id]


def test_an_index_of_another_mapping_version_is_rebuilt(es_backend):
    product = ProductFactory(title="들기름 한 병")
    index_ensure(backends=[es_backend])
    before = live_index(es_backend)
    # As if built by the code before a mapping change.
    es_backend.client.indices.put_mapping(index=es_backend.alias, meta={MAPPING_VERSION_KEY: "an-older-version"})
    assert es_backend.index_state() == "stale"

    assert index_ensure(backends=[es_backend]) == {"elasticsearch": "rebuilt"}

    after = live_index(es_backend)
    assert after[0] != before[0] and after[1] != before[1]
    assert not es_backend.client.indices.exists(index=before[0])  # the old index went with the alias swap
    assert live_version(es_backend) == es_backend.mapping_version()
    assert es_ids(es_backend, "들기름") == [product.id]


def test_an_index_from_before_mapping_versions_is_rebuilt(es_backend):
    ProductFactory(title="들기름 한 병")
    index_ensure(backends=[es_backend])
    es_backend.client.indices.put_mapping(index=es_backend.alias, meta={})  # no version at all
    assert index_ensure(backends=[es_backend]) == {"elasticsearch": "rebuilt"}


def test_the_mapping_version_follows_the_mapping_and_nothing_else(es_backend, monkeypatch):
    version = es_backend.mapping_version()
    assert es_backend.mapping_version() == version  # stable between calls
    assert len(version) == 16

    # A change the index must be rebuilt for (here the user dictionary, part of the analysis settings) ...
    rules = es_module.user_dictionary_rules()
    monkeypatch.setattr(es_module, "user_dictionary_rules", lambda: [*rules, "새단어"])
    assert es_backend.mapping_version() != version
    monkeypatch.undo()

    # ... but not the replica count, which changes on a live index.
    original = es_backend._index_definition

    def more_replicas(name):
        index = original(name)
        index.settings(number_of_replicas=2)
        return index

    monkeypatch.setattr(es_backend, "_index_definition", more_replicas)
    assert es_backend.mapping_version() == version


def test_the_database_backend_is_filled_when_empty_and_left_alone_after():
    backend = database_backend()
    assert backend.index_state() == "current"  # nothing to find: nothing missing
    product = ProductFactory(title="들기름 한 병")
    ProductSearchEntry.objects.all().delete()
    assert backend.index_state() == "missing"

    assert index_ensure(backends=[backend]) == {"database": "created"}
    entry = ProductSearchEntry.objects.get()
    assert entry.product_id == product.id

    assert index_ensure(backends=[backend]) == {"database": "current"}
    assert ProductSearchEntry.objects.get().updated_at == entry.updated_at  # not written again


def test_an_unreachable_elasticsearch_does_not_fail_the_start(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    product = ProductFactory(title="들기름 한 병")
    # The database backend is still built, and search answers from it meanwhile.
    assert index_ensure() == {"database": "created", "elasticsearch": "unavailable"}
    assert list(ProductSearchEntry.objects.values_list("product_id", flat=True)) == [product.id]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_replicas_starting_together_build_each_index_once(es_settings):
    require_postgresql("advisory locks")
    product = ProductFactory(title="들기름 한 병")
    ProductSearchEntry.objects.all().delete()
    replicas = 3
    barrier = threading.Barrier(replicas)
    outcomes = []

    def start():  # a replica's start-up, on a database connection of its own
        try:
            barrier.wait()
            outcomes.append(index_ensure())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(outcomes) == replicas
    for name in ("database", "elasticsearch"):
        assert sorted(outcome[name] for outcome in outcomes) == ["created"] + ["current"] * (replicas - 1)
    backend = elasticsearch_backend()
    assert len(backend.client.indices.get(index=f"{backend.alias}-*")) == 1  # no second index was ever left
    assert es_ids(backend, "들기름") == [product.id]
    assert list(ProductSearchEntry.objects.values_list("product_id", flat=True)) == [product.id]


def _second_holder_waits(lock, name) -> list[str]:
    """Hold the lock in one thread, try it from another: the events in the order they happened."""
    events = []
    held = threading.Event()

    def first():
        try:
            with lock(name):
                events.append("first holds")
                held.set()
                time.sleep(0.5)
                events.append("first frees")
        finally:
            connections.close_all()

    def second():
        try:
            held.wait(10)
            with lock(name):
                events.append("second holds")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return events


def test_the_postgresql_lock_makes_the_second_holder_wait():
    require_postgresql("advisory locks")
    events = _second_holder_waits(postgresql_lock, f"test-{uuid.uuid4().hex}")
    assert events == ["first holds", "first frees", "second holds"]


def test_the_redis_lock_makes_the_second_holder_wait():
    url = os.environ.get("REDIS_URL", "")
    require_service(bool(url), "needs REDIS_URL (Redis)")
    events = _second_holder_waits(lambda name: redis_lock(url, name), f"test-{uuid.uuid4().hex}")
    assert events == ["first holds", "first frees", "second holds"]
