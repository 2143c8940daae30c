import threading

import pytest
from django.core import mail
from django.db import connection, connections

from market.catalog.models import Product
from market.core.errors import ApplicationError, Conflict, NotFound
from market.orders.models import Cart, FulfilmentStatus, Order, OrderStatus, ReservationStatus
from market.orders.services import (
    cart_for,
    cart_merge,
    cart_set_item,
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_ship,
    order_end_unpaid,
    order_mark_paid,
    order_place,
)
from tests.conftest import client_for
from tests.factories import FirmFactory, ProductFactory, UserFactory
from tests.service_check import require_postgresql

pytestmark = pytest.mark.django_db
SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 1"}


def filled_cart(buyer, *items):
    cart = cart_for(user=buyer)
    for product, quantity in items:
        cart_set_item(cart=cart, product_id=product.pk, quantity=quantity)
    return cart


def test_cart_rules(buyer):
    product = ProductFactory(stock=5, min_order_quantity=2)
    cart = cart_for(user=buyer)
    with pytest.raises(ApplicationError) as below:
        cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    assert below.value.code == "below_minimum_quantity"
    with pytest.raises(Conflict) as above:
        cart_set_item(cart=cart, product_id=product.pk, quantity=6)
    assert above.value.code == "insufficient_stock"
    with pytest.raises(NotFound):
        cart_set_item(cart=cart, product_id=ProductFactory(status="draft").pk, quantity=1)
    cart_set_item(cart=cart, product_id=product.pk, quantity=3)
    cart_set_item(cart=cart, product_id=product.pk, quantity=4)
    assert list(cart.items.values_list("quantity", flat=True)) == [4]
    cart_set_item(cart=cart, product_id=product.pk, quantity=0)
    assert not cart.items.exists()


def test_guest_cart_merges_on_sign_in(buyer):
    a, b = ProductFactory(), ProductFactory()
    guest = cart_for(session_key="guest-session")
    cart_set_item(cart=guest, product_id=a.pk, quantity=3)
    cart_set_item(cart=guest, product_id=b.pk, quantity=1)
    mine = filled_cart(buyer, (a, 1))
    merged = cart_merge(guest_cart=guest, user=buyer)
    assert merged.pk == mine.pk
    assert dict(merged.items.values_list("product_id", "quantity")) == {a.pk: 3, b.pk: 1}
    assert not Cart.objects.filter(session_key="guest-session").exists()


def test_placing_an_order_splits_it_by_firm_and_reserves_stock(buyer, django_capture_on_commit_callbacks):
    firm_a, firm_b = FirmFactory(), FirmFactory()
    cookie = ProductFactory(firm=firm_a, price=12000, stock=10)
    soap = ProductFactory(firm=firm_a, price=5000, stock=3)
    bag = ProductFactory(firm=firm_b, price=15000, stock=1)
    cart = filled_cart(buyer, (cookie, 2), (soap, 3), (bag, 1))
    cookie.price = 13000  # the price changed after it went into the cart: the server's price counts
    cookie.save()
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.total == 2 * 13000 + 3 * 5000 + 15000
    parts = {f.firm_id: f for f in order.fulfilments.all()}
    assert parts[firm_a.pk].items_total == 2 * 13000 + 15000 and parts[firm_b.pk].items_total == 15000
    assert {(p.pk, p.stock) for p in Product.objects.filter(pk__in=[cookie.pk, soap.pk, bag.pk])} == {
        (cookie.pk, 8),
        (soap.pk, 0),
        (bag.pk, 0),
    }
    assert order.reservations.filter(status=ReservationStatus.ACTIVE).count() == 3
    line = order.lines.get(product=cookie)
    assert (line.unit_price, line.firm_kind, line.firm_district_id) == (13000, "social_enterprise", "11440")
    assert not cart.items.exists()
    assert order.events.get().kind == "placed"
    assert len(mail.outbox) == 1 and order.number in mail.outbox[0].subject


def test_an_order_that_cannot_be_filled_writes_nothing(buyer):
    product = ProductFactory(stock=2)
    other = ProductFactory(stock=5)
    cart = filled_cart(buyer, (other, 1), (product, 2))
    Product.objects.filter(pk=product.pk).update(stock=1)  # someone else bought one meanwhile
    with pytest.raises(Conflict) as caught:
        order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    assert caught.value.code == "insufficient_stock" and caught.value.details[0]["product_id"] == product.pk
    assert not Order.objects.exists() and cart.items.count() == 2
    assert Product.objects.get(pk=other.pk).stock == 5


def test_a_firms_member_cannot_buy_from_their_own_firm(seller):
    own = ProductFactory(firm=seller.firm_membership.firm, stock=5)
    elsewhere = ProductFactory(stock=5)
    cart = filled_cart(seller, (elsewhere, 1), (own, 2))
    with pytest.raises(ApplicationError) as caught:
        order_place(buyer=seller, cart=cart, shipping=SHIPPING)
    assert caught.value.code == "own_firm_product" and [d["product_id"] for d in caught.value.details] == [own.pk]
    assert not Order.objects.exists() and Product.objects.get(pk=own.pk).stock == 5
    cart_set_item(cart=cart, product_id=own.pk, quantity=0)
    assert order_place(buyer=seller, cart=cart, shipping=SHIPPING).lines.get().product_id == elsewhere.pk


def test_shipping_address_and_empty_cart_are_checked(buyer):
    with pytest.raises(ApplicationError) as empty:
        order_place(buyer=buyer, cart=cart_for(user=buyer), shipping=SHIPPING)
    assert empty.value.code == "cart_empty"
    cart = filled_cart(buyer, (ProductFactory(), 1))
    with pytest.raises(ApplicationError) as address:
        order_place(buyer=buyer, cart=cart, shipping={**SHIPPING, "address1": " "})
    assert address.value.field == "shipping.address1"


def test_unpaid_end_returns_stock_once(buyer):
    product = ProductFactory(stock=4)
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (product, 3)), shipping=SHIPPING)
    order_end_unpaid(order_id=order.pk, status=OrderStatus.EXPIRED, note="기한 만료")
    order_end_unpaid(order_id=order.pk, status=OrderStatus.EXPIRED, note="again")
    product.refresh_from_db()
    order.refresh_from_db()
    assert product.stock == 4 and order.status == OrderStatus.EXPIRED
    assert order.reservations.get().status == ReservationStatus.RELEASED
    assert order.fulfilments.get().status == FulfilmentStatus.CANCELLED
    assert [e.kind for e in order.events.all()] == ["placed", "expired"]


def test_fulfilment_moves_only_forward_and_the_order_closes(buyer, seller):
    product = ProductFactory(firm=seller.firm_membership.firm)
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (product, 1)), shipping=SHIPPING)
    part = order.fulfilments.get()
    with pytest.raises(Conflict) as unpaid:
        fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    assert unpaid.value.code == "order_not_paid"
    order_mark_paid(order_id=order.pk)
    assert order.reservations.get().status == ReservationStatus.COMMITTED
    with pytest.raises(Conflict) as skip:
        fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    assert skip.value.code == "invalid_transition"
    fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    with pytest.raises(ApplicationError):
        fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="CJ대한통운", tracking_number=" ")
    fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="CJ대한통운", tracking_number="6012-3456")
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # delivered is not the end: the buyer still confirms or claims
    fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=buyer)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert [(e.kind, e.actor_id) for e in order.events.all()] == [
        ("placed", buyer.pk),
        ("paid", None),
        ("confirmed", seller.pk),
        ("shipped", seller.pk),
        ("delivered", seller.pk),
        ("purchase_confirmed", buyer.pk),
        ("closed", None),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_orders_for_the_last_units_never_oversell():
    require_postgresql()
    product = ProductFactory(stock=5)
    buyers = [UserFactory() for _ in range(12)]
    carts = [filled_cart(b, (product, 1)) for b in buyers]
    barrier = threading.Barrier(len(buyers))
    outcomes = []

    def place(buyer, cart):
        try:
            barrier.wait()
            order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=pair) for pair in zip(buyers, carts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    product.refresh_from_db()
    assert outcomes.count("ok") == 5 and outcomes.count("insufficient_stock") == 7
    assert product.stock == 0
    assert sum(o.lines.get().quantity for o in Order.objects.all()) == 5


def test_an_ordered_product_cannot_be_deleted_only_hidden(buyer, seller):
    product = ProductFactory(firm=seller.firm_membership.firm)
    order_place(buyer=buyer, cart=filled_cart(buyer, (product, 1)), shipping=SHIPPING)
    response = client_for(seller).delete(f"/api/v1/seller/products/{product.pk}/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "product_has_orders"
    assert Product.objects.filter(pk=product.pk).exists()


def test_placing_an_order_costs_the_same_queries_for_one_line_or_many(buyer):
    from django.test.utils import CaptureQueriesContext

    def queries_for(products):
        cart = filled_cart(buyer, *[(p, 1) for p in products])
        with CaptureQueriesContext(connection) as captured:
            order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
        return len(captured)

    one = queries_for([ProductFactory()])
    many = queries_for([ProductFactory(firm=FirmFactory()) for _ in range(4)])
    assert many == one
    assert Product.objects.filter(stock=49).count() == 5
