"""Putting a product in the cart: the line limit, and what it costs (a checkout starts with it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.core.errors import ApplicationError, NotFound
from market.orders import services
from market.orders.services import cart_for, cart_set_item
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_a_full_cart_refuses_a_new_product_but_changes_one_it_holds(buyer, monkeypatch):
    monkeypatch.setattr(services, "MAX_CART_LINES", 2)
    a, b, c = ProductFactory(), ProductFactory(), ProductFactory()
    cart = cart_for(user=buyer)
    cart_set_item(cart=cart, product_id=a.pk, quantity=1)
    cart_set_item(cart=cart, product_id=b.pk, quantity=1)

    with pytest.raises(ApplicationError) as full:
        cart_set_item(cart=cart, product_id=c.pk, quantity=1)
    assert (full.value.code, full.value.field) == ("cart_full", "product")

    cart_set_item(cart=cart, product_id=b.pk, quantity=3)  # already in the cart: not a new line
    assert dict(cart.items.values_list("product_id", "quantity")) == {a.pk: 1, b.pk: 3}


def test_putting_a_product_in_the_cart_sends_five_statements_counting_the_savepoint(buyer):
    product = ProductFactory()
    cart = cart_for(user=buyer)
    for quantity in (2, 5):  # a new line, then the same line changed
        with CaptureQueriesContext(connection) as captured:
            cart_set_item(cart=cart, product_id=product.pk, quantity=quantity)
        # SAVEPOINT (BEGIN outside a test, not recorded), the product with the cart's figures, the upsert, the
        # cart's time, RELEASE (COMMIT).
        assert len(captured.captured_queries) <= 5, [q["sql"][:80] for q in captured.captured_queries]
    assert list(cart.items.values_list("quantity", flat=True)) == [5]


@pytest.mark.parametrize("product_id", [0, 2**63, 10**30])
def test_an_id_that_names_no_product_is_not_on_sale_on_any_database(buyer, product_id):
    with pytest.raises(NotFound) as missing:
        cart_set_item(cart=cart_for(user=buyer), product_id=product_id, quantity=1)
    assert missing.value.code == "product_not_available"
