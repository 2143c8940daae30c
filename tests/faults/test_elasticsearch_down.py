"""Elasticsearch goes away mid-run: writes succeed, search answers from the database, nothing is lost."""

from urllib.parse import urlsplit

import pytest

from search.backends.base import SearchRequest
from search.models import PendingIndexUpdate
from search.services import elasticsearch_backend, index_rebuild
from search.tasks import flush_pending_index_updates
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory
from tests.faults.proxy import FaultProxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def es_through_proxy(es_settings):
    """The service talks to the shared node through a proxy the test can cut."""
    live_url = es_settings.ELASTICSEARCH_URL
    target = urlsplit(live_url)
    with FaultProxy(target.hostname, target.port) as proxy:
        es_settings.ELASTICSEARCH_URL = proxy.url
        es_settings.ELASTICSEARCH_TIMEOUT = 1.0
        yield proxy
        es_settings.ELASTICSEARCH_URL = live_url  # the fixture drops the test's index through the live node


def search(client, q):
    response = client.get("/api/v1/search/products", {"q": q})
    assert response.status_code == 200, response.content
    body = response.json()
    return body["backend"], body["degraded"], [hit["id"] for hit in body["results"]]


def test_node_cut_mid_run(es_through_proxy, api_client, django_capture_on_commit_callbacks):
    seller = SellerFactory()
    firm = seller.firm_membership.firm
    old = ProductFactory(firm=firm, title="햇살 들기름 한 병")
    index_rebuild()
    elasticsearch_backend().refresh()
    assert search(api_client, "들기름") == ("elasticsearch", False, [old.pk])  # live, pooled connections open

    es_through_proxy.cut()  # the node is gone; open connections are reset
    with django_capture_on_commit_callbacks(execute=True):
        created = client_for(seller).post(
            "/api/v1/seller/products/",
            {
                "title": "햇살 참기름 한 병",
                "category": "processed-food",
                "price": 9000,
                "stock": 5,
                "status": "published",
            },
            format="json",
        )
    assert created.status_code == 201, created.content  # the write does not wait on search
    new_id = created.json()["id"]
    pending = PendingIndexUpdate.objects.get(product_id=new_id)  # kept in the outbox, with why
    assert pending.attempts == 1 and pending.last_error

    # Search and suggestions degrade to the database backend, which is current (it has the new product).
    assert search(api_client, "참기름") == ("database", True, [new_id])
    suggest = api_client.get("/api/v1/search/suggest", {"q": "참기"})
    assert suggest.status_code == 200 and suggest.json()["degraded"] is True
    # A flush while the node is down keeps every row (the worker retries it; beat runs it every minute).
    assert flush_pending_index_updates.apply().get()["postponed"]
    assert PendingIndexUpdate.objects.filter(product_id=new_id).exists()

    es_through_proxy.restore()
    assert flush_pending_index_updates.apply().get() == {"indexed": 1, "deleted": 0}
    assert not PendingIndexUpdate.objects.exists()
    elasticsearch_backend().refresh()
    assert search(api_client, "참기름") == ("elasticsearch", False, [new_id])  # nothing lost
    assert search(api_client, "들기름") == ("elasticsearch", False, [old.pk])


def test_a_silent_node_times_out_into_the_database_backend(es_through_proxy, api_client):
    product = ProductFactory(title="햇살 들기름 한 병")
    index_rebuild()
    elasticsearch_backend().refresh()
    es_through_proxy.hold_responses()  # the node takes requests and never answers
    assert search(api_client, "들기름") == ("database", True, [product.pk])
    assert es_through_proxy.held.is_set()  # the request did reach the node: a timeout, not a refusal
    es_through_proxy.release_responses()
    assert elasticsearch_backend().search(SearchRequest(q="들기름")).ids == [product.pk]
