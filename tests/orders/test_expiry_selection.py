"""Which unpaid orders the expiry job ends, and what ending one leaves behind (mutation testing found both
unpinned: dropping the time condition expired every unpaid order, and no test read the release time)."""

import datetime

import pytest
from django.utils import timezone

from market.orders.models import Order, OrderStatus, ReservationStatus
from market.orders.services import order_end_unpaid, order_place, orders_due_to_expire
from tests.factories import ProductFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db


def _order(expires_in_minutes: int, status=OrderStatus.PENDING_PAYMENT) -> Order:
    buyer = UserFactory()
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (ProductFactory(), 1)), shipping=SHIPPING)
    Order.objects.filter(pk=order.pk).update(
        status=status, reservation_expires_at=timezone.now() + datetime.timedelta(minutes=expires_in_minutes)
    )
    return order


def test_only_unpaid_orders_past_their_reservation_are_due():
    due = _order(-1)
    not_yet = _order(+5)  # still within its reservation
    _order(-1, status=OrderStatus.PAID)  # paid in time: never expires
    _order(-1, status=OrderStatus.CANCELLED)

    assert list(orders_due_to_expire()) == [due.pk]
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert sorted(orders_due_to_expire(now=later)) == sorted([due.pk, not_yet.pk])


def test_a_released_reservation_records_when():
    order = _order(-1)
    before = timezone.now()
    order_end_unpaid(order_id=order.pk, status=OrderStatus.EXPIRED)
    [reservation] = order.reservations.all()
    assert reservation.status == ReservationStatus.RELEASED
    assert reservation.settled_at is not None and reservation.settled_at >= before
