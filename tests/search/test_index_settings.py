"""The product index's shards and replicas come from settings; a replica change reaches a live index at the next
start without a rebuild, a shard change rebuilds it (it is part of the mapping version)."""

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.services import elasticsearch_backend, index_ensure
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def live_settings(backend) -> tuple[str, int, int]:
    """(uuid, primary shards, replicas) of the concrete index behind the alias."""
    [info] = backend.client.indices.get_settings(index=backend.alias).values()
    index = info["settings"]["index"]
    return index["uuid"], int(index["number_of_shards"]), int(index["number_of_replicas"])


def test_the_index_is_built_with_the_configured_shards_and_replicas(es_settings):
    es_settings.SEARCH_INDEX_SHARDS, es_settings.SEARCH_INDEX_REPLICAS = 2, 1
    ProductFactory(title="들기름 한 병")
    backend = elasticsearch_backend()

    assert index_ensure(backends=[backend]) == {"elasticsearch": "created"}

    assert live_settings(backend)[1:] == (2, 1)


def test_a_new_replica_count_reaches_the_live_index_without_a_rebuild(es_settings):
    ProductFactory(title="들기름 한 병")
    index_ensure(backends=[elasticsearch_backend()])
    uuid, shards, replicas = live_settings(elasticsearch_backend())
    assert (shards, replicas) == (1, 0)  # the defaults: one node

    es_settings.SEARCH_INDEX_REPLICAS = 1  # the cluster grew: the next deploy's start
    backend = elasticsearch_backend()
    assert index_ensure(backends=[backend]) == {"elasticsearch": "current"}

    assert live_settings(backend) == (uuid, 1, 1)  # the same index, now with a replica
    assert backend.apply_replica_count() is False  # nothing left to change


def test_shards_are_part_of_the_mapping_version_and_replicas_are_not():
    def version(**counts):
        return ElasticsearchBackend(url="http://127.0.0.1:9", **counts).mapping_version()

    assert version(shards=1, replicas=0) == version(shards=1, replicas=2)
    assert version(shards=1, replicas=0) != version(shards=3, replicas=0)
