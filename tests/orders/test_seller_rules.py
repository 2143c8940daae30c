"""What the firm may do with its part now (market.orders.rules): the flags the seller's API shows (can_confirm,
can_ship, can_deliver, can_cancel, can_accept_claim) agree with what its endpoints accept, state by state, so the
seller portal offers a button exactly when pressing it works."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.core.errors import Conflict
from market.orders.models import Fulfilment, FulfilmentClaim, Order, OrderStatus
from market.orders.services import fulfilment_confirm, fulfilment_mark_cancelled
from market.payments.services import fulfilment_claim_accept_and_refund
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.test_buyer_rules import part_in_state

pytestmark = pytest.mark.django_db

# action: (the flag, the request body, the part's status after it)
ACTIONS = {
    "confirm": ("can_confirm", None, "confirmed"),
    "ship": ("can_ship", {"carrier": "우체국택배", "tracking_number": "6012-3456"}, "shipped"),
    "deliver": ("can_deliver", None, "delivered"),
    "cancel": ("can_cancel", {"reason": "재고가 없습니다"}, "cancelled"),
    "accept-claim": ("can_accept_claim", {"note": "반품 받겠습니다"}, "returned"),
}
MOVE = "invalid_transition"
# state: the actions the firm may take; every other action is refused with the code given (or MOVE).
PART_STATES = {
    "paid": ({"confirm", "cancel"}, {"accept-claim": "no_open_claim"}),
    "confirmed": ({"ship", "cancel"}, {"accept-claim": "no_open_claim"}),
    "shipped": ({"deliver"}, {"accept-claim": "no_open_claim"}),
    "delivered": (set(), {"accept-claim": "no_open_claim"}),
    "window_passed": (set(), {"accept-claim": "no_open_claim"}),
    "claimed": ({"accept-claim"}, {}),
    "purchase_confirmed": (set(), {"accept-claim": "no_open_claim"}),
    "returned": (set(), {"accept-claim": "no_open_claim"}),
    "part_cancelled": (set(), {"accept-claim": "no_open_claim"}),
    # Every part final: the order is closed and nothing moves, whatever the part's own status would allow.
    "order_closed": (
        set(),
        {"accept-claim": "no_open_claim"}
        | {move: "order_not_paid" for move in ("confirm", "ship", "deliver", "cancel")},
    ),
}
CASES = [(state, action) for state in PART_STATES for action in ACTIONS]


def sellers_part_in_state(buyer, state: str) -> Fulfilment:
    if state == "confirmed":
        part = part_in_state(buyer, "paid")
        fulfilment_confirm(fulfilment_id=part.pk, actor=part.firm.members.get().user)
        return part
    if state == "order_closed":  # the part is cancelled, then the other firm's part too
        part = part_in_state(buyer, "part_cancelled")
        other = part.order.fulfilments.exclude(pk=part.pk).get()
        fulfilment_mark_cancelled(fulfilment_id=other.pk, actor=other.firm.members.get().user, reason="품절")
        assert Order.objects.get(pk=part.order_id).status == OrderStatus.CLOSED
        return part
    return part_in_state(buyer, state)


def events(part) -> int:
    return part.order.events.count()


@pytest.mark.parametrize("state, action", CASES)
def test_each_flag_is_what_the_sellers_endpoint_accepts(state, action):
    allowed, codes = PART_STATES[state]
    flag_name, body, moved_to = ACTIONS[action]
    part = sellers_part_in_state(UserFactory(), state)
    seller = client_for(part.firm.members.get().user)
    url = f"/api/v1/seller/fulfilments/{part.pk}/"
    shown = seller.get(url).json()
    flag = shown[flag_name]
    assert flag is (action in allowed), shown
    before_status, before_events = shown["status"], events(part)
    response = seller.post(f"{url}{action}/", body, format="json")
    if flag:
        assert response.status_code == 200, response.content
        after = response.json()
        assert after["status"] == moved_to and Fulfilment.objects.get(pk=part.pk).status == moved_to
        assert after[flag_name] is False and events(part) > before_events
    else:
        assert response.status_code == 409, response.content
        assert response.json()["error"]["code"] == codes.get(action, MOVE), response.content
        assert Fulfilment.objects.get(pk=part.pk).status == before_status and events(part) == before_events


def test_the_flags_follow_the_part_through_its_moves():
    part = sellers_part_in_state(UserFactory(), "paid")
    seller = client_for(part.firm.members.get().user)
    url = f"/api/v1/seller/fulfilments/{part.pk}/"

    def flags(body: dict) -> set[str]:
        return {action for action, (flag, _body, _to) in ACTIONS.items() if body[flag]}

    seen = [flags(seller.get(url).json())]
    for action in ("confirm", "ship", "deliver"):
        seen.append(flags(seller.post(f"{url}{action}/", ACTIONS[action][1], format="json").json()))
    assert seen == [{"confirm", "cancel"}, {"ship", "cancel"}, {"deliver"}, set()]


def test_accepting_a_claim_is_refused_under_the_parts_lock_when_none_is_open():
    part = sellers_part_in_state(UserFactory(), "delivered")
    with pytest.raises(Conflict) as refused:
        fulfilment_claim_accept_and_refund(fulfilment_id=part.pk, actor=part.firm.members.get().user)
    assert refused.value.code == "no_open_claim"
    assert not FulfilmentClaim.objects.filter(fulfilment=part).exists()


def test_the_sellers_part_has_the_firms_flags_and_not_the_buyers():
    part = sellers_part_in_state(UserFactory(), "paid")
    seen = client_for(part.firm.members.get().user).get(f"/api/v1/seller/fulfilments/{part.pk}/").json()
    assert {key for key in seen if key.startswith("can_")} == {flag for flag, _body, _to in ACTIONS.values()}


def test_the_sellers_list_with_its_flags_costs_the_same_queries_for_one_part_or_many(seller):
    buyer = UserFactory()

    def place(state: str) -> None:
        # Each state's part moved to the one seller's firm, so its list holds every state.
        part = sellers_part_in_state(buyer, state)
        Fulfilment.objects.filter(pk=part.pk).update(firm=seller.firm_membership.firm)

    def listed():
        with CaptureQueriesContext(connection) as captured:
            response = client_for(seller).get("/api/v1/seller/fulfilments/")
        assert response.status_code == 200
        return response.json()["results"], len(captured)

    place("claimed")
    one, queries = listed()
    assert [(p["status"], p["can_accept_claim"], p["can_cancel"]) for p in one] == [("claimed", True, False)]
    for state in ("paid", "confirmed", "shipped", "returned", "order_closed"):
        place(state)
    many, more_queries = listed()
    assert len(many) == 6 and more_queries == queries
    flags = {
        (p["order_status"], p["status"], p["can_confirm"], p["can_ship"], p["can_deliver"], p["can_cancel"])
        for p in many
    }
    assert ("paid", "pending", True, False, False, True) in flags
    assert ("paid", "confirmed", False, True, False, True) in flags
    assert ("paid", "shipped", False, False, True, False) in flags
    assert ("closed", "cancelled", False, False, False, False) in flags
