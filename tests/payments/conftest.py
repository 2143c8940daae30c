import pytest

from tests.factories import ProductFactory, SellerFactory
from tests.payments.localstripe import TEST_SECRET_KEY, localstripe_reset, localstripe_url, require_server

WEBHOOK_SECRET = "whsec_gachi_flow_tests"


@pytest.fixture
def stripe_server(settings):
    """The real localstripe, emptied, with the service pointed at it."""
    url = localstripe_url()
    require_server(url, "localstripe")
    localstripe_reset(url)
    settings.STRIPE_API_BASE = url
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return url


@pytest.fixture
def shop(db):
    """Two firms, each with a seller and a product."""
    sellers = [SellerFactory(), SellerFactory()]
    products = [
        ProductFactory(firm=sellers[0].firm_membership.firm, price=12000, stock=5),
        ProductFactory(firm=sellers[1].firm_membership.firm, price=8000, stock=3),
    ]
    return sellers, products
