"""A quantity the rules refuse is refused in the one error shape, naming the field and the product (mutation
testing found the field and the details unpinned in the service's own tests)."""

import pytest

from market.core.errors import ApplicationError, Conflict
from market.orders.models import OrderEvent
from market.orders.services import cart_for, cart_set_item, order_place, record_event
from tests.factories import ProductFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db


def test_below_the_minimum_and_above_the_stock_name_the_field_and_the_product(buyer):
    product = ProductFactory(stock=3, min_order_quantity=2)
    cart = cart_for(user=buyer)
    with pytest.raises(ApplicationError) as below:
        cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    with pytest.raises(Conflict) as above:
        cart_set_item(cart=cart, product_id=product.pk, quantity=4)
    for refusal, code in ((below.value, "below_minimum_quantity"), (above.value, "insufficient_stock")):
        assert (refusal.code, refusal.field) == (code, "quantity")
        assert refusal.details == [
            {"field": "quantity", "product_id": product.pk, "code": code, "message": refusal.message}
        ]
        assert product.title in refusal.message


def test_at_checkout_the_field_is_the_cart_items(buyer):
    product = ProductFactory(stock=5)
    cart = filled_cart(buyer, (product, 5))
    product.stock = 2
    product.save()
    with pytest.raises(Conflict) as refused:
        order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    assert (refused.value.code, refused.value.field) == ("insufficient_stock", "items")
    assert refused.value.details[0]["field"] == "items" and refused.value.details[0]["product_id"] == product.pk


def test_an_event_note_is_cut_to_what_the_column_holds(buyer):
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (ProductFactory(), 1)), shipping=SHIPPING)
    event = record_event(order=order, kind="note", note="가" * 600)
    assert len(OrderEvent.objects.get(pk=event.pk).note) == 500
    assert (event.from_status, event.to_status) == ("", "")
    assert record_event(order=order, kind="note").note == ""
