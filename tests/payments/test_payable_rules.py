"""Money an insider cannot shortcut: a sale is paid out only after the buyer's 구매확정 (or the automatic one),
a returned part is refunded and never paid, and a refund after payout is netted off the firm's next payout.

End to end through the API, paid and refunded at the real localstripe; amounts are exact won.
"""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from market.orders.models import ClaimStatus, Fulfilment, FulfilmentClaim, FulfilmentStatus, Order
from market.orders.services import order_mark_paid, order_place, purchases_auto_confirm
from market.payments.models import LedgerKind, PaymentLedgerEntry, Payout, PayoutBatch, SettlementEntry
from market.payments.services import claim_refund
from market.payments.settlement import firm_balances, payout_batch_create
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.payments.localstripe import localstripe_get
from tests.payments.test_checkout_flow import checkout, confirm
from tests.service_check import require_postgresql

pytestmark = pytest.mark.django_db
BATCHES = "/api/v1/operator/payout-batches/"


@pytest.fixture
def seller_a(shop):
    sellers, products = shop
    return sellers[0]


def paid_order(buyer_client, products, quantities=(2, 1)) -> dict:
    order = checkout(buyer_client, products, quantities)
    assert confirm(buyer_client, order["id"]).json()["status"] == "paid"
    return order


def part_of(order, seller) -> Fulfilment:
    return Order.objects.get(pk=order["id"]).fulfilments.get(firm=seller.firm_membership.firm)


def seller_delivers(seller, part_id) -> dict:
    """Everything a seller can do on its own, in a second: confirm, ship, deliver."""
    api = client_for(seller)
    assert api.post(f"/api/v1/seller/fulfilments/{part_id}/confirm/").status_code == 200
    assert (
        api.post(
            f"/api/v1/seller/fulfilments/{part_id}/ship/",
            {"carrier": "CJ대한통운", "tracking_number": "1"},
            format="json",
        ).status_code
        == 200
    )
    response = api.post(f"/api/v1/seller/fulfilments/{part_id}/deliver/")
    assert response.status_code == 200
    return response.json()


def payouts_of(batch: dict) -> dict:
    return {p["firm_id"]: p["amount"] for p in batch["payouts"]}


def gateway_refunds(order) -> list[int]:
    intent_id = order["payment"]["intent_id"]
    return sorted(r["amount"] for r in localstripe_get("/v1/refunds")["data"] if r["payment_intent"] == intent_id)


def test_a_seller_alone_never_makes_a_sale_payable(stripe_server, buyer_client, shop, seller_a, operator_client):
    _, products = shop
    order = paid_order(buyer_client, products)
    shown = seller_delivers(seller_a, part_of(order, seller_a).pk)
    assert shown["status"] == "delivered" and shown["payable"] is False and shown["auto_confirm_at"]
    firm = seller_a.firm_membership.firm
    assert firm_balances(firm=firm) == {
        "sales": 24000,
        "fees": 1200,
        "refunds": 0,
        "paid_out": 0,
        "balance": 22800,
        "payable": 0,
        "awaiting_confirmation": 22800,
    }
    batch = operator_client.post(BATCHES).json()
    assert batch["total"] == 0 and batch["payouts"] == []
    assert not Payout.objects.exists()


def test_the_buyers_confirmation_makes_the_sale_payable(stripe_server, buyer_client, shop, seller_a, operator_client):
    _, products = shop
    order = paid_order(buyer_client, products)
    part = part_of(order, seller_a)
    seller_delivers(seller_a, part.pk)
    response = buyer_client.post(f"/api/v1/orders/{order['id']}/fulfilments/{part.pk}/confirm-purchase/")
    assert response.status_code == 200
    seen = client_for(seller_a).get("/api/v1/seller/settlement/").json()["balances"]
    assert (seen["payable"], seen["awaiting_confirmation"]) == (22800, 0)
    assert client_for(seller_a).get(f"/api/v1/seller/fulfilments/{part.pk}/").json()["payable"] is True
    batch = operator_client.post(BATCHES).json()
    assert payouts_of(batch) == {seller_a.firm_membership.firm_id: 22800} and batch["total"] == 22800
    assert operator_client.post(BATCHES).json()["payouts"] == []  # paid once


def test_automatic_confirmation_makes_it_payable_after_the_days_not_before(
    stripe_server, buyer_client, shop, seller_a, operator_client, settings
):
    settings.ORDER_AUTO_CONFIRM_DAYS = 7
    _, products = shop
    order = paid_order(buyer_client, products)
    part = part_of(order, seller_a)
    seller_delivers(seller_a, part.pk)
    part.refresh_from_db()
    firm = seller_a.firm_membership.firm
    due = part.delivered_at + datetime.timedelta(days=7)
    assert purchases_auto_confirm(now=due - datetime.timedelta(seconds=1)) == 0
    assert firm_balances(firm=firm)["payable"] == 0
    assert operator_client.post(BATCHES).json()["payouts"] == []
    assert purchases_auto_confirm(now=due) == 1
    assert firm_balances(firm=firm)["payable"] == 22800
    assert payouts_of(operator_client.post(BATCHES).json()) == {firm.pk: 22800}


def test_a_return_accepted_by_the_seller_is_refunded_and_never_payable(
    stripe_server, buyer_client, shop, seller_a, operator_client, django_capture_on_commit_callbacks
):
    _, products = shop
    order = paid_order(buyer_client, products)
    part = part_of(order, seller_a)
    seller_delivers(seller_a, part.pk)
    claimed = buyer_client.post(
        f"/api/v1/orders/{order['id']}/fulfilments/{part.pk}/claim/",
        {"kind": "return", "reason": "유통기한이 지났어요"},
        format="json",
    )
    assert claimed.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client_for(seller_a).post(
            f"/api/v1/seller/fulfilments/{part.pk}/accept-claim/", {"note": "반품 받겠습니다"}, format="json"
        )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "returned"
    part.refresh_from_db()
    assert part.refunded_amount == 24000
    assert gateway_refunds(order) == [24000]  # what the gateway itself refunded
    assert list(
        PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND, fulfilment=part).values_list("amount", flat=True)
    ) == [24000]
    firm = seller_a.firm_membership.firm
    assert firm_balances(firm=firm) == {
        "sales": 24000,
        "fees": 0,
        "refunds": 24000,
        "paid_out": 0,
        "balance": 0,
        "payable": 0,
        "awaiting_confirmation": 0,
    }
    assert purchases_auto_confirm(now=timezone.now() + datetime.timedelta(days=60)) == 0
    assert firm.pk not in payouts_of(operator_client.post(BATCHES).json())
    # Replaying the refund task refunds nothing more.
    claim = FulfilmentClaim.objects.get(fulfilment=part)
    assert claim.status == ClaimStatus.ACCEPTED and claim.refund_id
    assert claim_refund(claim_id=claim.pk) == 0
    assert gateway_refunds(order) == [24000]


def test_an_operator_resolves_claims_accepting_refunds_rejecting_pays(
    stripe_server, buyer_client, shop, operator_client, django_capture_on_commit_callbacks
):
    sellers, products = shop
    order = paid_order(buyer_client, products)
    parts = [part_of(order, seller) for seller in sellers]
    for seller, part, kind in zip(sellers, parts, ("return", "complaint"), strict=True):
        seller_delivers(seller, part.pk)
        assert (
            buyer_client.post(
                f"/api/v1/orders/{order['id']}/fulfilments/{part.pk}/claim/",
                {"kind": kind, "reason": "문제가 있어요"},
                format="json",
            ).status_code
            == 201
        )
    claims = [FulfilmentClaim.objects.get(fulfilment=part) for part in parts]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = operator_client.post(f"/api/v1/operator/claims/{claims[0].pk}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["refund_amount"] == 24000
    no_note = operator_client.post(f"/api/v1/operator/claims/{claims[1].pk}/reject/", {}, format="json")
    assert no_note.status_code == 400 and no_note.json()["error"]["field"] == "note"
    rejected = operator_client.post(
        f"/api/v1/operator/claims/{claims[1].pk}/reject/", {"note": "상품에 이상이 없습니다"}, format="json"
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    again = operator_client.post(f"/api/v1/operator/claims/{claims[0].pk}/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "claim_resolved"
    assert gateway_refunds(order) == [24000]
    assert [Fulfilment.objects.get(pk=p.pk).status for p in parts] == ["returned", "purchase_confirmed"]
    assert Order.objects.get(pk=order["id"]).status == "closed"
    batch = operator_client.post(BATCHES).json()
    assert payouts_of(batch) == {sellers[1].firm_membership.firm_id: 7600}  # 8000 less the 5% fee


def test_a_refund_after_payout_is_netted_off_the_next_payouts(
    stripe_server, buyer_client, shop, seller_a, operator_client, django_capture_on_commit_callbacks
):
    _, products = shop
    firm = seller_a.firm_membership.firm
    products[0].stock = 10
    products[0].save()
    first = paid_order(buyer_client, products[:1], (2,))  # 24,000 won
    part = part_of(first, seller_a)
    seller_delivers(seller_a, part.pk)
    buyer_client.post(f"/api/v1/orders/{first['id']}/fulfilments/{part.pk}/confirm-purchase/")
    assert payouts_of(operator_client.post(BATCHES).json()) == {firm.pk: 22800}

    # A defect found after the purchase was confirmed and paid out: the operator refunds 10,000 won.
    url = f"/api/v1/operator/fulfilments/{part.pk}/refund/"
    too_much = operator_client.post(url, {"amount": 24001, "reason": "불량"}, format="json")
    assert too_much.status_code == 400 and too_much.json()["error"]["code"] == "out_of_range"
    assert client_for(seller_a).post(url, {"amount": 1000, "reason": "x"}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        refunded = operator_client.post(url, {"amount": 10000, "reason": "불량: 일부 환불"}, format="json")
    assert refunded.status_code == 201 and refunded.json()["kind"] == "refund"
    assert gateway_refunds(first) == [10000]
    balances = firm_balances(firm=firm)
    # -10,000 refunded + 500 fee given back: the firm owes 9,500, carried over.
    assert (balances["payable"], balances["balance"], balances["paid_out"]) == (-9500, -9500, 22800)
    nothing = operator_client.post(BATCHES).json()
    assert firm.pk not in payouts_of(nothing)
    assert SettlementEntry.objects.filter(firm=firm, kind="payout").count() == 1

    # The next sale the buyer confirms pays out less the debt: 2 × 12,000 − 5% fee − 9,500.
    second = paid_order(buyer_client, products[:1], (2,))
    part2 = part_of(second, seller_a)
    seller_delivers(seller_a, part2.pk)
    assert payouts_of(operator_client.post(BATCHES).json()) == {}  # not before 구매확정
    buyer_client.post(f"/api/v1/orders/{second['id']}/fulfilments/{part2.pk}/confirm-purchase/")
    assert payouts_of(operator_client.post(BATCHES).json()) == {firm.pk: 22800 - 9500}
    assert firm_balances(firm=firm)["payable"] == 0 and firm_balances(firm=firm)["balance"] == 0
    # At most what is left of the part can still be refunded; an unconfirmed part is refunded by a claim instead.
    rest = operator_client.post(url, {"amount": 14001, "reason": "x"}, format="json")
    assert rest.status_code == 400 and rest.json()["error"]["code"] == "out_of_range"
    third = paid_order(buyer_client, products[:1], (2,))
    unconfirmed = operator_client.post(
        f"/api/v1/operator/fulfilments/{part_of(third, seller_a).pk}/refund/",
        {"amount": 100, "reason": "x"},
        format="json",
    )
    assert unconfirmed.status_code == 409 and unconfirmed.json()["error"]["code"] == "not_purchase_confirmed"


def confirmed_sale(firm, amount) -> None:
    """A paid, purchase-confirmed part with its sale booked (no gateway: for the concurrency test)."""
    buyer = UserFactory()
    product = ProductFactory(firm=firm, price=amount, stock=5)
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (product, 1)), shipping=SHIPPING)
    order_mark_paid(order_id=order.pk)
    part = order.fulfilments.get()
    Fulfilment.objects.filter(pk=part.pk).update(
        status=FulfilmentStatus.PURCHASE_CONFIRMED, purchase_confirmed_at=timezone.now()
    )
    SettlementEntry.objects.create(
        firm=firm, kind="sale", amount=amount, key=f"sale:{part.pk}", order=order, fulfilment=part
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_payout_batches_at_once_pay_each_balance_once():
    require_postgresql()
    firms = [SellerFactory().firm_membership.firm for _ in range(3)]
    for firm, amount in zip(firms, (10000, 20000, 30000), strict=True):
        confirmed_sale(firm, amount)
    operator = UserFactory(is_staff=True)
    barrier = threading.Barrier(4)
    errors = []

    def make_batch():
        try:
            barrier.wait()
            payout_batch_create(operator=operator)
        except Exception as exc:  # noqa: BLE001 - recorded, fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=make_batch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and PayoutBatch.objects.count() == 4
    assert sorted(Payout.objects.values_list("firm_id", "amount")) == [
        (firms[0].pk, 10000),
        (firms[1].pk, 20000),
        (firms[2].pk, 30000),
    ]
    assert all(firm_balances(firm=firm)["payable"] == 0 for firm in firms)
