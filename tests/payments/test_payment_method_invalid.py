"""An unknown payment method is the buyer's error (400 payment_method_invalid), not a gateway fault; the order
stays open for a good card. Against the real localstripe."""

import pytest
import stripe

from market.orders.models import Order, OrderStatus
from market.payments.provider import PaymentMethodInvalid, get_payment_provider
from market.payments.stripe_gateway import _stripe_errors
from tests.payments.test_checkout_flow import checkout, confirm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payment_method", ["pm_card_doesnotexist", "garbage", "pm_" + "x" * 90])
def test_an_unknown_payment_method_is_a_400_for_the_buyer(stripe_server, buyer_client, shop, payment_method):
    _, products = shop
    order = checkout(buyer_client, products)
    response = confirm(buyer_client, order["id"], payment_method)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "payment_method_invalid" and error["field"] == "payment_method" and error["message"]
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PENDING_PAYMENT
    assert confirm(buyer_client, order["id"]).json()["status"] == "paid"


def test_a_missing_intent_is_still_a_gateway_fault(stripe_server):
    from market.payments.provider import GatewayError

    with pytest.raises(GatewayError):
        get_payment_provider().confirm_payment_intent(
            intent_id="pi_missing", payment_method="pm_card_visa", idempotency_key="gachi-test-missing-intent"
        )


def test_stripes_own_answer_naming_the_payment_method_is_mapped():
    """Stripe itself answers resource_missing on param payment_method (localstripe answers a bare 404)."""
    with pytest.raises(PaymentMethodInvalid):
        with _stripe_errors():
            raise stripe.InvalidRequestError(
                "No such PaymentMethod: 'pm_x'", "payment_method", code="resource_missing", http_status=400
            )
