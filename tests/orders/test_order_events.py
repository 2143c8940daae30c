"""The order history records each move from one status to the next (mutation testing found the from/to of the
purchase confirmation and of the order's closing unpinned: the flow tests compare only kinds and actors)."""

import pytest

from market.orders.models import FulfilmentStatus, OrderStatus
from market.orders.services import (
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_ship,
    order_mark_paid,
    order_place,
)
from tests.factories import ProductFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db


def test_purchase_confirmation_and_closing_record_where_they_moved_from_and_to(buyer, seller):
    order = order_place(
        buyer=buyer, cart=filled_cart(buyer, (ProductFactory(firm=seller.firm_membership.firm), 1)), shipping=SHIPPING
    )
    order_mark_paid(order_id=order.pk)
    part = order.fulfilments.get()
    fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="CJ대한통운", tracking_number="6012-3456")
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=buyer)

    moves = {e.kind: (e.from_status, e.to_status) for e in order.events.all()}
    assert moves["purchase_confirmed"] == (FulfilmentStatus.DELIVERED, FulfilmentStatus.PURCHASE_CONFIRMED)
    assert moves["closed"] == (OrderStatus.PAID, OrderStatus.CLOSED)
    assert {e.note for e in order.events.filter(kind__in=["purchase_confirmed", "closed"])} == {""}  # none given
