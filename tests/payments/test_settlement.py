"""The settlement ledger: what the platform owes each firm, payout batches as CSV or Connect transfers."""

import csv
import io

import pytest

from market.orders.models import Order
from market.payments.models import Payout, PayoutStatus, SettlementEntry
from market.payments.settlement import firm_balances
from tests.conftest import client_for
from tests.payments.localstripe import require_server, stripe_mock_url
from tests.payments.test_checkout_flow import checkout, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered_order(stripe_server, buyer_client, shop, django_capture_on_commit_callbacks):
    """Firm 0's part delivered and its purchase confirmed by the buyer, firm 1's part cancelled and refunded."""
    sellers, products = shop
    order = checkout(buyer_client, products)
    confirm(buyer_client, order["id"])
    parts = {f.firm_id: f for f in Order.objects.get(pk=order["id"]).fulfilments.all()}
    first, second = (client_for(s) for s in sellers)
    part = parts[sellers[0].firm_membership.firm_id].pk
    first.post(f"/api/v1/seller/fulfilments/{part}/confirm/")
    first.post(f"/api/v1/seller/fulfilments/{part}/ship/", {"carrier": "우체국", "tracking_number": "1"}, format="json")
    first.post(f"/api/v1/seller/fulfilments/{part}/deliver/")
    confirmed = buyer_client.post(f"/api/v1/orders/{order['id']}/fulfilments/{part}/confirm-purchase/")
    assert confirmed.status_code == 200, confirmed.content
    with django_capture_on_commit_callbacks(execute=True):
        second.post(
            f"/api/v1/seller/fulfilments/{parts[sellers[1].firm_membership.firm_id].pk}/cancel/",
            {"reason": "품절"},
            format="json",
        )
    return order, sellers


def test_seller_sees_balances_and_entries(delivered_order):
    order, sellers = delivered_order
    body = client_for(sellers[0]).get("/api/v1/seller/settlement/").json()
    assert body["balances"] == {
        "sales": 24000,
        "fees": 1200,
        "refunds": 0,
        "paid_out": 0,
        "balance": 22800,
        "payable": 22800,
        "awaiting_confirmation": 0,
    }
    assert sorted(entry["kind"] for entry in body["results"]) == ["fee", "sale"]
    other = client_for(sellers[1]).get("/api/v1/seller/settlement/").json()
    assert other["balances"]["balance"] == 0 and other["balances"]["refunds"] == 8000
    assert other["balances"]["payable"] == 0 and other["balances"]["awaiting_confirmation"] == 0
    assert Order.objects.get(pk=order["id"]).status == "closed"


def test_undelivered_sales_are_not_yet_payable(stripe_server, buyer_client, shop):
    sellers, products = shop
    order = checkout(buyer_client, products)
    confirm(buyer_client, order["id"])
    balances = firm_balances(firm=sellers[0].firm_membership.firm)
    assert balances["balance"] == 22800 and balances["payable"] == 0
    assert balances["awaiting_confirmation"] == 22800


def test_a_payout_batch_pays_each_payable_balance_once_and_exports_csv(delivered_order, operator_client):
    _, sellers = delivered_order
    response = operator_client.post("/api/v1/operator/payout-batches/")
    assert response.status_code == 201
    batch = response.json()
    assert batch["total"] == 22800
    assert batch["payouts"] == [
        {"firm_id": sellers[0].firm_membership.firm_id, "amount": 22800, "status": "pending", "transfer_id": ""}
    ]
    exported = operator_client.get(f"/api/v1/operator/payout-batches/{batch['id']}/csv/")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert exported["Content-Type"].startswith("text/csv")
    assert [(r["firm_id"], r["amount_krw"]) for r in rows] == [(str(sellers[0].firm_membership.firm_id), "22800")]
    assert firm_balances(firm=sellers[0].firm_membership.firm)["payable"] == 0
    again = operator_client.post("/api/v1/operator/payout-batches/").json()
    assert again["total"] == 0 and again["payouts"] == []


def test_payouts_are_for_operators_only(seller_client, buyer_client):
    for client in (seller_client, buyer_client):
        assert client.post("/api/v1/operator/payout-batches/").status_code == 403
        assert client.get("/api/v1/operator/payout-batches/1/csv/").status_code == 403


def test_connect_transfers_a_payout_when_enabled(
    delivered_order, operator_client, settings, django_capture_on_commit_callbacks
):
    require_server(stripe_mock_url(), "stripe-mock")
    _, sellers = delivered_order
    firm = sellers[0].firm_membership.firm
    firm.stripe_account_id = "acct_1032D82eZvKYlo2C"
    firm.save()
    settings.STRIPE_CONNECT_ENABLED = True
    settings.STRIPE_CONNECT_API_BASE = stripe_mock_url()
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post("/api/v1/operator/payout-batches/")
    payout = Payout.objects.get()
    assert payout.status == PayoutStatus.TRANSFERRED and payout.transfer_id.startswith("tr_")
    assert SettlementEntry.objects.filter(firm=firm, kind="payout").get().amount == -22800
