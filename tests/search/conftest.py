import uuid

import pytest

from search.documents import iter_public_documents
from search.services import database_backend, elasticsearch_backend
from tests.service_check import require_service


def _elasticsearch_url(settings) -> str:
    url = settings.TEST_ELASTICSEARCH_URL
    require_service(bool(url), "needs ELASTICSEARCH_URL (scripts/test.sh starts a node)")
    return url


@pytest.fixture
def es_settings(settings):
    """Point the service at the test node, under an index prefix of this test's own."""
    settings.ELASTICSEARCH_URL = _elasticsearch_url(settings)
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield settings
    backend = elasticsearch_backend()
    if backend is not None:
        backend.drop()


@pytest.fixture
def es_backend(es_settings):
    return elasticsearch_backend()


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    if request.param == "database":
        return database_backend()
    return request.getfixturevalue("es_backend")


def index_everything(backend) -> None:
    backend.rebuild(iter_public_documents())
    if hasattr(backend, "refresh"):
        backend.refresh()
