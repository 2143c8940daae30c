"""The Stripe-API server cannot be reached: a clear 503 gateway_unavailable with Retry-After on every payment path
the buyer waits on (checkout with the stock back and no payment left over, starting, confirming and checking a
payment); a refund is the worker's, which retries."""

import threading
import time
from urllib.parse import urlsplit

import pytest
from celery.exceptions import Retry

from market.catalog.models import Product
from market.orders.models import Fulfilment, Order, OrderStatus, ReservationStatus
from market.orders.services import cart_for, cart_set_item, order_place
from market.payments.models import LedgerKind, Payment, PaymentLedgerEntry
from market.payments.provider import GatewayError, IntentStatus, get_payment_provider
from market.payments.tasks import refund_fulfilment
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.faults.conftest import celery_broker, free_port
from tests.faults.proxy import FaultProxy

pytestmark = pytest.mark.django_db
SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


@pytest.fixture
def buyer_with_cart():
    products = [ProductFactory(price=12000, stock=5), ProductFactory(price=8000, stock=3)]
    client = client_for(UserFactory())
    for product, quantity in zip(products, (2, 1), strict=True):
        assert client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": quantity}, format="json").status_code == 200
    return client, products


def assert_nothing_left_behind(client, products, response):
    assert response.status_code == 503, response.content
    error = response.json()["error"]
    assert error["code"] == "gateway_unavailable" and error["message"] and response["Retry-After"]
    order = Order.objects.get()  # the attempt is kept, cancelled, for the record
    assert order.status == OrderStatus.CANCELLED
    assert {r.status for r in order.reservations.all()} == {ReservationStatus.RELEASED}
    assert [p.stock for p in Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk")] == [5, 3]
    assert not Payment.objects.exists()  # nothing anyone could pay
    cart = client.get("/api/v1/cart/").json()  # the buyer can try again as they were
    assert sorted((line["product_id"], line["quantity"]) for line in cart["lines"]) == sorted(
        [(products[0].pk, 2), (products[1].pk, 1)]
    )
    return order


def test_gateway_refuses_connections(settings, buyer_with_cart, django_capture_on_commit_callbacks, mailoutbox):
    client, products = buyer_with_cart
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    order = assert_nothing_left_behind(client, products, response)
    # the buyer was never told the order was placed (only, at most, that it was cancelled)
    assert not [m for m in mailoutbox if order.number in m.subject and "접수" in m.subject]


def test_gateway_takes_the_request_and_the_answer_is_lost(settings, own_localstripe, buyer_with_cart):
    """The intent is made at the gateway but its answer never arrives: the order still ends, and the intent
    nobody heard of is never confirmed (no client secret left our server)."""
    client, products = buyer_with_cart
    stripe = urlsplit(own_localstripe)
    started = int(time.time()) - 1
    with FaultProxy(stripe.hostname, stripe.port) as proxy:
        settings.STRIPE_API_BASE = proxy.url
        proxy.hold_responses()
        # Once the gateway has answered, the connection drops before the answer gets through, and the gateway
        # stays unreachable for the client's retries.
        cutter = threading.Thread(target=lambda: proxy.held.wait(30) and proxy.cut())
        cutter.start()
        response = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
        cutter.join()
        assert proxy.held.is_set()  # it did reach the gateway
    order = assert_nothing_left_behind(client, products, response)
    settings.STRIPE_API_BASE = own_localstripe
    made = [
        i
        for i in get_payment_provider().list_payment_intents(created_gte=started)
        if i.metadata.get("order_number") == order.number
    ]
    assert len(made) == 1 and made[0].status in (
        IntentStatus.AWAITING_PAYMENT_METHOD,
        IntentStatus.CANCELLED,
    )  # one, and never paid

    # The gateway is back: the same cart checks out.
    retried = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert retried.status_code == 201, retried.content
    assert retried.json()["payment"]["client_secret"]


def test_gateway_away_when_paying_an_order(settings, own_localstripe, buyer_with_cart):
    """Confirming the payment of a placed order while the gateway is away: 503, the order still waits for
    payment with its stock held; once back, the same request pays it."""
    client, products = buyer_with_cart
    placed = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert placed.status_code == 201, placed.content
    order_id = placed.json()["id"]

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    response = client.post(
        f"/api/v1/orders/{order_id}/payment/confirm/", {"payment_method": "pm_card_visa"}, format="json"
    )
    assert response.status_code == 503, response.content
    assert response.json()["error"]["code"] == "gateway_unavailable" and response["Retry-After"]
    assert Order.objects.get(pk=order_id).status == OrderStatus.PENDING_PAYMENT
    assert [p.stock for p in Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk")] == [3, 2]

    settings.STRIPE_API_BASE = own_localstripe
    paid = client.post(f"/api/v1/orders/{order_id}/payment/confirm/", {"payment_method": "pm_card_visa"}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"


def assert_gateway_unavailable(response):
    """The one answer to the gateway being away, on every path: 503, the retryable code, when to try again."""
    assert response.status_code == 503, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("gateway_unavailable", None) and error["message"]
    assert int(response["Retry-After"]) > 0


def test_gateway_away_when_starting_a_payment(settings, own_localstripe):
    """An order placed without its payment (the start asked again): 503, the order still waiting with its stock;
    once the gateway is back the same request starts it."""
    buyer, products = UserFactory(), [ProductFactory(price=12000, stock=5), ProductFactory(price=8000, stock=3)]
    client, cart = client_for(buyer), cart_for(user=buyer)
    for product, quantity in zip(products, (2, 1), strict=True):
        cart_set_item(cart=cart, product_id=product.pk, quantity=quantity)
    order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING, notify=False)

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    assert_gateway_unavailable(client.post(f"/api/v1/orders/{order.pk}/payment/"))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT and not Payment.objects.exists()
    assert [p.stock for p in Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk")] == [3, 2]

    settings.STRIPE_API_BASE = own_localstripe
    started = client.post(f"/api/v1/orders/{order.pk}/payment/")
    assert started.status_code == 200 and started.json()["client_secret"], started.content


def test_gateway_away_when_checking_a_payment(settings, own_localstripe, buyer_with_cart):
    """The buyer paid in the browser (Stripe.js) and the page asks the server to check, while the gateway is away:
    503, the order still waiting; once back, the same request finds it paid."""
    client, _ = buyer_with_cart
    placed = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert placed.status_code == 201, placed.content
    order = placed.json()
    get_payment_provider().confirm_payment_intent(
        intent_id=order["payment"]["intent_id"], payment_method="pm_card_visa", idempotency_key="stripe-js-confirm"
    )

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    assert_gateway_unavailable(client.post(f"/api/v1/orders/{order['id']}/payment/sync/"))
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PENDING_PAYMENT

    settings.STRIPE_API_BASE = own_localstripe
    synced = client.post(f"/api/v1/orders/{order['id']}/payment/sync/")
    assert synced.status_code == 200 and synced.json()["status"] == "paid", synced.content


def test_gateway_away_when_a_firm_cancels_a_paid_part(settings, own_localstripe, django_capture_on_commit_callbacks):
    """The refund is the worker's, not the request's: the firm's cancellation answers 200 while the gateway is
    away, the refund task asks Celery to try again later, and the retry refunds once the gateway is back."""
    seller = SellerFactory()
    product = ProductFactory(firm=seller.firm_membership.firm, price=12000, stock=5)
    client = client_for(UserFactory())
    client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": 1}, format="json")
    order = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json").json()
    paid = client.post(f"/api/v1/orders/{order['id']}/payment/confirm/", {"payment_method": "pm_card_visa"})
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.content
    part = Fulfilment.objects.get(order_id=order["id"])

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    with celery_broker("memory://"), django_capture_on_commit_callbacks(execute=True):  # sent, not run here
        cancelled = client_for(seller).post(
            f"/api/v1/seller/fulfilments/{part.pk}/cancel/", {"reason": "재고 파손"}, format="json"
        )
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.content

        # The task as a worker runs it (not in-process): the gateway is away, so it schedules its own retry.
        refund_fulfilment.push_request(
            id="refund-1", args=[part.pk], kwargs={}, retries=0, is_eager=False, called_directly=False
        )
        try:
            with pytest.raises(Retry) as retry:
                refund_fulfilment.run(part.pk)
        finally:
            refund_fulfilment.pop_request()
    assert isinstance(retry.value.exc, GatewayError) and retry.value.when == 10
    part.refresh_from_db()
    assert part.refunded_amount == 0 and not PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND).exists()

    settings.STRIPE_API_BASE = own_localstripe
    assert refund_fulfilment.apply(args=[part.pk]).get() == 12000  # the retry
    part.refresh_from_db()
    assert part.refunded_amount == 12000
