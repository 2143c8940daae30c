"""구매확정: a delivered part waits for the buyer's confirmation, or is confirmed automatically after a set
number of days unless the buyer claimed it; the firm's own moves never confirm it.
(Money: tests/payments/test_payable_rules.py.)"""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.orders.models import ClaimStatus, Fulfilment, FulfilmentClaim, FulfilmentStatus, Order, OrderStatus
from market.orders.services import (
    claim_open,
    claim_reject,
    fulfilment_auto_confirm,
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_ship,
    order_mark_paid,
    order_place,
    purchases_auto_confirm,
)
from market.orders.tasks import auto_confirm_purchases
from market.payments.services import claim_accept_and_refund
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.service_check import require_postgresql

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def paid_part(buyer, seller) -> Fulfilment:
    product = ProductFactory(firm=seller.firm_membership.firm, price=12000, stock=10)
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (product, 2)), shipping=SHIPPING)
    order_mark_paid(order_id=order.pk)
    return order.fulfilments.get()


def delivered_part(buyer, seller) -> Fulfilment:
    part = paid_part(buyer, seller)
    fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="CJ대한통운", tracking_number="6012-3456")
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    return Fulfilment.objects.select_related("order").get(pk=part.pk)


def purchase_events(part) -> list:
    return list(part.order.events.filter(kind="purchase_confirmed").values_list("fulfilment_id", "actor_id"))


def test_the_firm_alone_takes_its_part_to_delivered_and_no_further(
    buyer, seller, settings, django_capture_on_commit_callbacks
):
    settings.ORDER_AUTO_CONFIRM_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        part = delivered_part(buyer, seller)
    assert part.status == FulfilmentStatus.DELIVERED and part.purchase_confirmed_at is None
    assert part.auto_confirm_at == part.delivered_at + datetime.timedelta(days=7)
    assert part.order.status == OrderStatus.PAID  # not closed while the buyer may still return it
    seller_api = client_for(seller)
    for move in ("confirm", "deliver", "cancel"):  # nothing the seller can send moves a delivered part
        response = seller_api.post(f"/api/v1/seller/fulfilments/{part.pk}/{move}/", {"reason": "x"}, format="json")
        assert response.status_code == 409, (move, response.content)
    # The buyer's endpoints are the buyer's: the seller does not find the order.
    url = f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/confirm-purchase/"
    assert seller_api.post(url).status_code == 404
    with pytest.raises(NotFound):
        fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=seller)
    assert purchases_auto_confirm() == 0  # the window has only started
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.DELIVERED
    assert (
        "구매확정" in mail.outbox[-1].body
        and f"{timezone.localtime(part.auto_confirm_at):%Y-%m-%d %H:%M}" in mail.outbox[-1].body
    )


def test_the_buyer_confirms_a_delivered_part_once(buyer, seller, buyer_client):
    part = paid_part(buyer, seller)
    url = f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/confirm-purchase/"
    for move in (None, "confirm", "ship"):  # pending, confirmed by the firm, shipped: not yet delivered
        if move == "confirm":
            fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
        elif move == "ship":
            fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="우체국", tracking_number="1")
        refused = buyer_client.post(url)
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_delivered"
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
    assert client_for(UserFactory()).post(url).status_code == 404  # another buyer
    response = buyer_client.post(url)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == OrderStatus.CLOSED
    assert body["fulfilments"][0]["status"] == "purchase_confirmed" and body["fulfilments"][0]["payable"] is True
    again = buyer_client.post(url)  # a second click changes nothing
    assert (
        again.status_code == 200
        and again.json()["fulfilments"][0]["purchase_confirmed_at"] == body["fulfilments"][0]["purchase_confirmed_at"]
    )
    part.refresh_from_db()
    assert purchase_events(part) == [(part.pk, buyer.pk)]
    assert list(part.order.events.values_list("kind", flat=True))[-2:] == ["purchase_confirmed", "closed"]


def test_automatic_confirmation_after_the_set_days_and_not_before(buyer, seller, settings):
    settings.ORDER_AUTO_CONFIRM_DAYS = 3
    part = delivered_part(buyer, seller)
    due = part.delivered_at + datetime.timedelta(days=3)
    assert part.auto_confirm_at == due
    assert purchases_auto_confirm(now=due - SECOND) == 0
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.DELIVERED
    assert purchases_auto_confirm(now=due) == 1
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.PURCHASE_CONFIRMED and part.purchase_confirmed_at == due
    assert purchase_events(part) == [(part.pk, None)]  # the system, not a person
    assert "자동" in part.order.events.get(kind="purchase_confirmed").note  # and the audit trail says so
    # Idempotent: the sweep again, and the one part again, change nothing.
    assert purchases_auto_confirm(now=due + datetime.timedelta(days=1)) == 0
    assert fulfilment_auto_confirm(fulfilment_id=part.pk, now=due + datetime.timedelta(days=1)) is False
    assert purchase_events(part) == [(part.pk, None)]
    assert Order.objects.get(pk=part.order_id).status == OrderStatus.CLOSED


def test_the_beat_task_confirms_due_parts_only(buyer, seller, settings):
    assert settings.CELERY_BEAT_SCHEDULE["orders-auto-confirm-purchases"]["task"] == auto_confirm_purchases.name
    due, not_due = delivered_part(buyer, seller), delivered_part(buyer, SellerFactory())
    Fulfilment.objects.filter(pk=due.pk).update(auto_confirm_at=due.auto_confirm_at - datetime.timedelta(days=8))
    assert auto_confirm_purchases.delay().get() == 1
    assert auto_confirm_purchases.delay().get() == 0
    statuses = dict(Fulfilment.objects.values_list("pk", "status"))
    assert statuses == {due.pk: FulfilmentStatus.PURCHASE_CONFIRMED, not_due.pk: FulfilmentStatus.DELIVERED}


def test_an_open_claim_stops_the_automatic_confirmation(buyer, seller, buyer_client):
    part = delivered_part(buyer, seller)
    response = buyer_client.post(
        f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/claim/",
        {"kind": "return", "reason": "포장이 찢어져 왔어요"},
        format="json",
    )
    assert response.status_code == 201
    shown = response.json()["fulfilments"][0]
    assert shown["status"] == "claimed" and shown["payable"] is False
    assert [(c["kind"], c["status"], c["reason"]) for c in shown["claims"]] == [
        ("return", "open", "포장이 찢어져 왔어요")
    ]
    long_after = part.auto_confirm_at + datetime.timedelta(days=30)
    assert purchases_auto_confirm(now=long_after) == 0
    assert fulfilment_auto_confirm(fulfilment_id=part.pk, now=long_after) is False
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.CLAIMED and part.purchase_confirmed_at is None
    with pytest.raises(Conflict) as confirm:
        fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=buyer)
    assert confirm.value.code == "claim_open"


def test_claim_rules(buyer, seller):
    part = paid_part(buyer, seller)
    with pytest.raises(Conflict) as early:
        claim_open(fulfilment_id=part.pk, buyer=buyer, kind="return", reason="안 왔어요")
    assert early.value.code == "not_delivered"
    part = delivered_part(buyer, SellerFactory())
    for kind, reason, code in (("return", "  ", "reason_required"), ("refund", "x", "invalid_choice")):
        with pytest.raises(ApplicationError) as bad:
            claim_open(fulfilment_id=part.pk, buyer=buyer, kind=kind, reason=reason)
        assert bad.value.code == code
    with pytest.raises(NotFound):
        claim_open(fulfilment_id=part.pk, buyer=UserFactory(), kind="return", reason="not mine")
    claim_open(fulfilment_id=part.pk, buyer=buyer, kind="complaint", reason="맛이 이상해요")
    with pytest.raises(Conflict) as twice:
        claim_open(fulfilment_id=part.pk, buyer=buyer, kind="return", reason="again")
    assert twice.value.code == "claim_exists"
    late = delivered_part(buyer, SellerFactory())
    Fulfilment.objects.filter(pk=late.pk).update(auto_confirm_at=late.auto_confirm_at - datetime.timedelta(days=7))
    with pytest.raises(Conflict) as window:  # the deadline decides, even before the sweep has run
        claim_open(fulfilment_id=late.pk, buyer=buyer, kind="return", reason="too late")
    assert window.value.code == "claim_window_closed"
    confirmed = delivered_part(buyer, SellerFactory())
    fulfilment_confirm_purchase(fulfilment_id=confirmed.pk, buyer=buyer)
    with pytest.raises(Conflict) as after:
        claim_open(fulfilment_id=confirmed.pk, buyer=buyer, kind="return", reason="changed my mind")
    assert after.value.code == "already_confirmed"
    assert FulfilmentClaim.objects.count() == 1


def test_only_an_operator_rejects_a_claim_and_that_confirms_the_purchase(buyer, seller, operator):
    part = delivered_part(buyer, seller)
    claim = claim_open(fulfilment_id=part.pk, buyer=buyer, kind="complaint", reason="설명과 달라요")
    with pytest.raises(PermissionDenied) as own_firm:
        claim_reject(claim_id=claim.pk, actor=seller, note="정상 상품입니다")
    assert own_firm.value.code == "operators_only"
    for outsider in (SellerFactory(), buyer):
        with pytest.raises(NotFound):
            claim_reject(claim_id=claim.pk, actor=outsider, note="no")
        with pytest.raises(NotFound):
            claim_accept_and_refund(claim_id=claim.pk, actor=outsider)
    with pytest.raises(ApplicationError) as no_note:
        claim_reject(claim_id=claim.pk, actor=operator, note=" ")
    assert no_note.value.field == "note"
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.CLAIMED
    claim_reject(claim_id=claim.pk, actor=operator, note="사진으로 보아 설명과 같습니다")
    part.refresh_from_db()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.refund_amount == 0
    assert part.status == FulfilmentStatus.PURCHASE_CONFIRMED and part.purchase_confirmed_at == claim.resolved_at
    assert purchase_events(part) == [(part.pk, operator.pk)]
    with pytest.raises(Conflict) as resolved:
        claim_reject(claim_id=claim.pk, actor=operator, note="again")
    assert resolved.value.code == "claim_resolved"


def test_the_claim_endpoints_are_scoped(buyer, seller, buyer_client, operator_client):
    part = delivered_part(buyer, seller)
    url = f"/api/v1/orders/{part.order_id}/fulfilments/{part.pk}/claim/"
    bad = buyer_client.post(url, {"kind": "return"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "reason"
    assert client_for(UserFactory()).post(url, {"kind": "return", "reason": "x"}, format="json").status_code == 404
    other_part = delivered_part(UserFactory(), SellerFactory())  # a real part, of someone else's order
    assert (
        buyer_client.post(
            f"/api/v1/orders/{part.order_id}/fulfilments/{other_part.pk}/claim/",
            {"kind": "return", "reason": "x"},
            format="json",
        ).status_code
        == 404
    )
    assert buyer_client.post(url, {"kind": "return", "reason": "깨졌어요"}, format="json").status_code == 201
    claim = FulfilmentClaim.objects.get()
    for client in (buyer_client, client_for(seller)):
        assert client.get("/api/v1/operator/claims/").status_code == 403
        assert (
            client.post(f"/api/v1/operator/claims/{claim.pk}/reject/", {"note": "x"}, format="json").status_code == 403
        )
    listed = operator_client.get("/api/v1/operator/claims/?status=open").json()["results"]
    assert [(c["id"], c["fulfilment_id"], c["reason"]) for c in listed] == [(claim.pk, part.pk, "깨졌어요")]
    # The seller sees the claim on its part; a seller of another firm does not find the part.
    seen = client_for(seller).get(f"/api/v1/seller/fulfilments/{part.pk}/").json()
    assert seen["status"] == "claimed" and seen["claims"][0]["kind"] == "return"
    outsider = client_for(SellerFactory())
    assert outsider.post(f"/api/v1/seller/fulfilments/{part.pk}/accept-claim/").status_code == 404
    no_claim = client_for(other_part.firm.members.get().user).post(
        f"/api/v1/seller/fulfilments/{other_part.pk}/accept-claim/"
    )
    assert no_claim.status_code == 409 and no_claim.json()["error"]["code"] == "no_open_claim"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_buyer_and_the_sweep_at_the_same_moment_confirm_once():
    require_postgresql()
    buyer, seller = UserFactory(), SellerFactory()
    parts = [delivered_part(buyer, seller) for _ in range(6)]
    due = max(p.auto_confirm_at for p in parts)
    outcomes = []
    barrier = threading.Barrier(2 * len(parts))

    def run(work):
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:  # noqa: BLE001 - any error is a failure of the test, recorded
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = []
    for part in parts:
        threads.append(
            threading.Thread(
                target=run, args=(lambda pk=part.pk: fulfilment_confirm_purchase(fulfilment_id=pk, buyer=buyer).status,)
            )
        )
        threads.append(
            threading.Thread(target=run, args=(lambda pk=part.pk: fulfilment_auto_confirm(fulfilment_id=pk, now=due),))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert len(outcomes) == 2 * len(parts)
    for part in parts:
        part.refresh_from_db()
        assert part.status == FulfilmentStatus.PURCHASE_CONFIRMED
        assert part.order.events.filter(kind="purchase_confirmed").count() == 1


def test_parts_delivered_before_the_rule_get_their_window_and_their_orders_reopen(buyer, seller, settings):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("market.orders.migrations.0002_purchase_confirmation_and_claims")
    settings.ORDER_AUTO_CONFIRM_DAYS = 7
    part = delivered_part(buyer, seller)
    delivered_at = part.delivered_at - datetime.timedelta(days=30)
    Fulfilment.objects.filter(pk=part.pk).update(auto_confirm_at=None, delivered_at=delivered_at)
    Order.objects.filter(pk=part.order_id).update(status=OrderStatus.CLOSED)  # as the old rule closed it
    migration.delivered_parts_wait_for_confirmation(apps, None)
    part.refresh_from_db()
    assert part.auto_confirm_at == delivered_at + datetime.timedelta(days=7)
    assert Order.objects.get(pk=part.order_id).status == OrderStatus.PAID
    assert purchases_auto_confirm() == 1  # its window passed long ago: the first sweep confirms it
    assert Order.objects.get(pk=part.order_id).status == OrderStatus.CLOSED


def test_the_admin_resolves_claims_through_the_services(buyer, seller, django_capture_on_commit_callbacks):
    from django.contrib.admin import helpers
    from django.test import Client
    from django.urls import reverse

    from tests.factories import OperatorFactory

    admin = Client()
    admin.force_login(OperatorFactory(is_superuser=True))
    claims = [
        claim_open(
            fulfilment_id=delivered_part(buyer, SellerFactory()).pk, buyer=buyer, kind="return", reason="깨졌어요"
        )
        for _ in range(2)
    ]
    url = reverse("admin:orders_fulfilmentclaim_changelist")
    assert admin.get(url).status_code == 200
    admin.post(url, {"action": "reject", helpers.ACTION_CHECKBOX_NAME: [claims[0].pk]})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url, {"action": "accept_and_refund", helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims]})
    statuses = {c.pk: (c.status, c.fulfilment.status) for c in FulfilmentClaim.objects.select_related("fulfilment")}
    assert statuses == {claims[0].pk: ("rejected", "purchase_confirmed"), claims[1].pk: ("accepted", "returned")}
    assert [e.actor.is_superuser for e in claims[0].fulfilment.events.filter(kind="purchase_confirmed")] == [True]


def test_too_long_a_reason_or_note_is_refused_not_cut(buyer, seller, operator):
    """Text people write about money (a claim's reason, the operator's resolution) is kept whole or refused."""
    part = delivered_part(buyer, seller)
    with pytest.raises(ApplicationError) as long_reason:
        claim_open(fulfilment_id=part.pk, buyer=buyer, kind="return", reason="가" * 501)
    assert long_reason.value.code == "too_long" and long_reason.value.field == "reason"
    assert not FulfilmentClaim.objects.exists()
    claim = claim_open(fulfilment_id=part.pk, buyer=buyer, kind="return", reason="가" * 500)
    with pytest.raises(ApplicationError) as long_note:
        claim_reject(claim_id=claim.pk, actor=operator, note="나" * 501)
    assert long_note.value.code == "too_long" and long_note.value.field == "note"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.OPEN and len(claim.reason) == 500
    claim_reject(claim_id=claim.pk, actor=operator, note="나" * 500)
    claim.refresh_from_db()
    assert claim.resolution_note == "나" * 500
