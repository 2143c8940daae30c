import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import OperatorFactory, SellerFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Korean): a request's Accept-Language stays active on the thread
    after it, and would otherwise leak into the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_joins_allowed():
    """An in-process test worker (celery.contrib.testing) marks the process as one where joining a result would
    block, and sets that again whenever its consumer restarts (a broker that went away): reset it so that a later
    test's `task.apply().get()` is not refused as "within a task"."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters (and anything else cached) start empty in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_intent_model():
    """The query classifier is cached per process (search.intent): a model built from an earlier test's
    catalogue must not rank this test's."""
    from search.intent import intent_model_reset

    intent_model_reset()


@pytest.fixture(autouse=True)
def _fresh_search_reference():
    """Search's copy of categories, districts and tags is kept per process (search.reference): one from an
    earlier test's (rolled back) data must not answer this test."""
    from search.reference import reference_reset

    reference_reset()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def operator(db):
    return OperatorFactory()


@pytest.fixture
def seller(db):
    return SellerFactory()


@pytest.fixture
def firm(seller):
    return seller.firm_membership.firm


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def seller_client(seller):
    return client_for(seller)


@pytest.fixture
def operator_client(operator):
    return client_for(operator)


@pytest.fixture
def buyer_client(buyer):
    return client_for(buyer)
