"""What the buyer may do now (market.orders.rules): the flags the buyer's API shows (can_cancel,
can_confirm_purchase, can_claim) agree with what the services accept, state by state, so the web UI offers a
button exactly when pressing it works."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from market.core.errors import ApplicationError, NotFound
from market.orders.models import Fulfilment, FulfilmentClaim, Order, OrderStatus
from market.orders.rules import claim_refusal, may_claim
from market.orders.services import (
    claim_mark_accepted,
    claim_open,
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_mark_cancelled,
    fulfilment_ship,
    order_cancel,
    order_end_unpaid,
    order_mark_paid,
    order_place,
)
from tests.conftest import client_for
from tests.factories import OperatorFactory, ProductFactory, SellerFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db


def _order(buyer, *sellers) -> Order:
    products = [ProductFactory(firm=s.firm_membership.firm, price=9000, stock=10) for s in sellers]
    return order_place(buyer=buyer, cart=filled_cart(buyer, *[(p, 1) for p in products]), shipping=SHIPPING)


def part_in_state(buyer, state: str) -> Fulfilment:
    """A new order of the buyer's whose (first) part is in `state`; a second firm's part keeps the order paid
    where the state ends the first part."""
    seller, other = SellerFactory(), SellerFactory()
    order = _order(buyer, seller, other)
    part = order.fulfilments.get(firm=seller.firm_membership.firm)
    if state == "pending_payment":
        return part
    order_mark_paid(order_id=order.pk)
    if state == "paid":
        return part
    if state == "part_cancelled":
        fulfilment_mark_cancelled(fulfilment_id=part.pk, actor=seller, reason="재고가 없습니다")
        return part
    fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="우체국", tracking_number="1")
    if state == "shipped":
        return part
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    if state == "delivered":
        return part
    if state == "window_passed":  # the deadline passed, before the sweep has confirmed it
        Fulfilment.objects.filter(pk=part.pk).update(auto_confirm_at=timezone.now() - datetime.timedelta(seconds=1))
        return part
    if state == "purchase_confirmed":
        fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=buyer)
        return part
    claim = claim_open(fulfilment_id=part.pk, buyer=buyer, kind="return", reason="깨져서 왔어요")
    if state == "claimed":
        return part
    assert state == "returned"
    claim_mark_accepted(claim_id=claim.pk, actor=OperatorFactory())
    return part


def shown_part(client, part) -> dict:
    body = client.get(f"/api/v1/orders/{part.order_id}/").json()
    return next(p for p in body["fulfilments"] if p["id"] == part.pk)


def events(part) -> int:
    return part.order.events.count()


# state: (can_confirm_purchase, the refusal's code), (can_claim, the refusal's code)
PART_STATES = {
    "pending_payment": ((False, "not_delivered"), (False, "not_delivered")),
    "paid": ((False, "not_delivered"), (False, "not_delivered")),
    "shipped": ((False, "not_delivered"), (False, "not_delivered")),
    "delivered": ((True, None), (True, None)),
    "window_passed": ((True, None), (False, "claim_window_closed")),
    "claimed": ((False, "claim_open"), (False, "claim_exists")),
    "purchase_confirmed": ((False, None), (False, "already_confirmed")),  # confirming again changes nothing
    "returned": ((False, "invalid_transition"), (False, "claim_exists")),
    "part_cancelled": ((False, "invalid_transition"), (False, "invalid_transition")),
}


@pytest.mark.parametrize("state", PART_STATES)
def test_confirm_purchase_flag_is_what_the_service_accepts(buyer, buyer_client, state):
    (expected, code), _claim = PART_STATES[state]
    part = part_in_state(buyer, state)
    flag = shown_part(buyer_client, part)["can_confirm_purchase"]
    assert flag is expected
    url = f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/confirm-purchase/"
    before = events(part)
    response = buyer_client.post(url)
    if flag:
        assert response.status_code == 200, response.content
        assert Fulfilment.objects.get(pk=part.pk).status == "purchase_confirmed" and events(part) > before
        assert shown_part(buyer_client, part)["can_confirm_purchase"] is False
    elif code is None:  # a repeated 구매확정: accepted, and nothing happens
        assert response.status_code == 200 and events(part) == before
    else:
        assert response.status_code == 409 and response.json()["error"]["code"] == code, response.content
        assert events(part) == before


@pytest.mark.parametrize("state", PART_STATES)
def test_claim_flag_is_what_the_service_accepts(buyer, buyer_client, state):
    _confirm, (expected, code) = PART_STATES[state]
    part = part_in_state(buyer, state)
    flag = shown_part(buyer_client, part)["can_claim"]
    assert flag is expected
    claims = FulfilmentClaim.objects.filter(fulfilment=part).count()
    response = buyer_client.post(
        f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/claim/",
        {"kind": "complaint", "reason": "설명과 달라요"},
        format="json",
    )
    if flag:
        assert response.status_code == 201, response.content
        assert FulfilmentClaim.objects.filter(fulfilment=part).count() == claims + 1
        after = shown_part(buyer_client, part)
        assert after["can_claim"] is False and after["can_confirm_purchase"] is False
    else:
        assert response.status_code == 409 and response.json()["error"]["code"] == code, response.content
        assert FulfilmentClaim.objects.filter(fulfilment=part).count() == claims


def _order_in_state(buyer, state: str) -> Order:
    order = _order(buyer, SellerFactory())
    if state == "paid":
        order_mark_paid(order_id=order.pk)
    elif state in ("cancelled", "expired"):
        order_end_unpaid(order_id=order.pk, status=state)
    elif state == "closed":
        order_mark_paid(order_id=order.pk)
        part = order.fulfilments.get()
        fulfilment_mark_cancelled(fulfilment_id=part.pk, actor=part.firm.members.get().user, reason="품절")
    order.refresh_from_db()
    assert order.status == state
    return order


@pytest.mark.parametrize(
    "state, expected",
    [("pending_payment", True), ("paid", False), ("cancelled", False), ("expired", False), ("closed", False)],
)
def test_cancel_flag_is_what_the_service_accepts(buyer, buyer_client, state, expected):
    order = _order_in_state(buyer, state)
    url = f"/api/v1/orders/{order.pk}/"
    flag = buyer_client.get(url).json()["can_cancel"]
    assert flag is expected
    response = buyer_client.post(f"{url}cancel/")
    order.refresh_from_db()
    if flag:
        assert response.status_code == 200 and response.json()["status"] == "cancelled"
        assert response.json()["can_cancel"] is False
        assert order.events.filter(kind="cancelled", actor=buyer).count() == 1
    else:
        assert response.status_code == 400 and response.json()["error"]["code"] == "order_not_cancellable"
        assert order.status == state


def test_the_claim_window_ends_at_the_automatic_confirmation_time(buyer):
    part = Fulfilment.objects.select_related("order").get(pk=part_in_state(buyer, "delivered").pk)
    due = part.auto_confirm_at
    assert may_claim(part, now=due - datetime.timedelta(microseconds=1))
    assert not may_claim(part, now=due)
    assert claim_refusal(part, now=due).code == "claim_window_closed"


def test_the_flags_are_the_buyers_only(buyer, seller):
    order = _order(buyer, seller)
    order_mark_paid(order_id=order.pk)
    part = order.fulfilments.get()
    seen = client_for(seller).get(f"/api/v1/seller/fulfilments/{part.pk}/").json()
    assert seen["id"] == part.pk and "can_confirm_purchase" not in seen and "can_claim" not in seen


def test_the_order_list_with_its_flags_costs_the_same_queries_for_one_order_or_many(buyer, buyer_client):
    def listed():
        with CaptureQueriesContext(connection) as captured:
            response = buyer_client.get("/api/v1/orders/")
        assert response.status_code == 200
        return response.json()["results"], len(captured)

    part_in_state(buyer, "claimed")
    one, queries = listed()
    assert [p["can_claim"] for p in one[0]["fulfilments"]] == [False, False]
    for state in ("delivered", "window_passed", "purchase_confirmed", "pending_payment"):
        part_in_state(buyer, state)
    many, more_queries = listed()
    assert len(many) == 5 and more_queries == queries
    flags = {
        (o["status"], p["status"], p["can_confirm_purchase"], p["can_claim"], o["can_cancel"])
        for o in many
        for p in o["fulfilments"]
    }
    assert ("paid", "delivered", True, True, False) in flags
    assert ("pending_payment", "pending", False, False, True) in flags
    assert ("paid", "claimed", False, False, False) in flags


def test_order_cancel_checks_the_buyer_and_the_status_under_the_lock(buyer):
    order = _order(buyer, SellerFactory())
    with pytest.raises(NotFound):
        order_cancel(order_id=order.pk, buyer=UserFactory())
    order_mark_paid(order_id=order.pk)  # a payment that lands before the cancel is refused, not ignored
    with pytest.raises(ApplicationError) as refused:
        order_cancel(order_id=order.pk, buyer=buyer)
    assert refused.value.code == "order_not_cancellable"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
