"""The API of deliveries, inspection, agencies' invoices and refunds (api/v1/procurement_deliveries.py): each
side finds only its own rows, refusals come in the one error shape with their codes, lists cost a fixed number
of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.payments.models import SettlementEntry
from market.procurement.models import AgencyInvoice, AgencyRefund, InvoiceStatus
from tests.conftest import client_for
from tests.factories import OperatorFactory, SellerFactory
from tests.procurement.factories import agency_member, ordered_purchase
from tests.procurement.test_deliveries import LINES, TODAY

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def deal():
    purchase = ordered_purchase(lines=LINES)
    lines = list(purchase.lines.order_by("pk"))
    return {
        "purchase": purchase,
        "lines": lines,
        "seller": client_for(SellerFactory(firm=purchase.firm)),
        "inspector": client_for(agency_member(purchase.agency, "inspector").user),
        "requester": client_for(agency_member(purchase.agency, "requester").user),
        "operator": client_for(OperatorFactory()),
    }


def deliver(deal, *quantities):
    body = {
        "delivered_on": TODAY.isoformat(),
        "lines": [
            {"purchase_line_id": line.pk, "quantity": q}
            for line, q in zip(deal["lines"], quantities, strict=False)
            if q
        ],
        "note": "1차 납품",
    }
    response = deal["seller"].post(f"{API}seller/agency-orders/{deal['purchase'].pk}/deliveries/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def inspect(deal, delivery, results, client="inspector"):
    return deal[client].post(f"{API}agency/deliveries/{delivery['id']}/inspect/", {"results": results}, format="json")


def test_deliver_inspect_invoice_and_confirm_the_transfer_through_the_api(deal, django_capture_on_commit_callbacks):
    delivery = deliver(deal, 4, 4)
    assert (delivery["status"], delivery["can_invoice"], delivery["invoice"]) == ("awaiting_inspection", False, None)
    assert [(line["quantity"], line["amount"], line["supply_value"], line["vat"]) for line in delivery["lines"]] == [
        (4, 44_000, 40_000, 4_000),
        (4, 20_000, 20_000, 0),
    ]
    seen = deal["inspector"].get(f"{API}agency/deliveries/{delivery['id']}/").json()
    assert seen["can_inspect"] is True
    assert deal["requester"].get(f"{API}agency/deliveries/{delivery['id']}/").json()["can_inspect"] is False

    a, b = (line["purchase_line_id"] for line in delivery["lines"])
    response = inspect(
        deal,
        delivery,
        [
            {"purchase_line_id": a, "result": "accepted"},
            {"purchase_line_id": b, "result": "rejected", "reason": "파손"},
        ],
    )
    assert response.status_code == 200, response.content
    inspected = response.json()
    assert (inspected["status"], inspected["accepted_on"], inspected["accepted_total"]) == (
        "inspected",
        TODAY.isoformat(),
        44_000,
    )
    assert inspected["can_inspect"] is False and inspected["can_invoice"] is True

    with django_capture_on_commit_callbacks(execute=False):  # the gateway is another test's business
        response = deal["seller"].post(f"{API}seller/agency-deliveries/{delivery['id']}/invoice/")
    assert response.status_code == 201, response.content
    invoice = response.json()
    assert (invoice["total"], invoice["supply_total"], invoice["vat_total"], invoice["status"]) == (
        44_000,
        40_000,
        4_000,
        "open",
    )
    assert [line["purchase_line_id"] for line in invoice["lines"]] == [a]  # the rejected line is not invoiced
    assert (invoice["sent"], invoice["can_mark_paid"], invoice["can_pay_by_card"]) == (False, True, True)
    assert deal["inspector"].get(f"{API}agency/invoices/{invoice['id']}/").json()["number"] == invoice["number"]

    with django_capture_on_commit_callbacks(execute=False):
        response = deal["seller"].post(
            f"{API}seller/agency-invoices/{invoice['id']}/mark-paid/", {"reference": "신한 0412"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["paid_by_method"]) == ("paid", "bank_transfer")
    again = deal["operator"].post(
        f"{API}operator/agency-invoices/{invoice['id']}/mark-paid/", {"reference": "다시"}, format="json"
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "invoice_not_open"
    assert SettlementEntry.objects.count() == 2

    refund = deal["operator"].post(
        f"{API}operator/agency-refunds/",
        {"delivery_line_id": delivery["lines"][0]["id"], "amount": 11_000, "reason": "1개 불량"},
        format="json",
    )
    assert refund.status_code == 201, refund.content
    assert AgencyRefund.objects.get().amount == 11_000
    shown = deal["operator"].get(f"{API}operator/agency-invoices/").json()["results"][0]
    assert (shown["refunded_total"], shown["lines"][0]["refunded_amount"]) == (11_000, 11_000)


def test_refusals_come_in_the_error_shape_with_their_codes(deal):
    delivery = deliver(deal, 10)
    over = deal["seller"].post(
        f"{API}seller/agency-orders/{deal['purchase'].pk}/deliveries/",
        {"delivered_on": TODAY.isoformat(), "lines": [{"purchase_line_id": deal["lines"][0].pk, "quantity": 1}]},
        format="json",
    )
    assert over.status_code == 409 and over.json()["error"]["code"] == "over_delivery"

    early = deal["seller"].post(f"{API}seller/agency-deliveries/{delivery['id']}/invoice/")
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_inspected"

    undelivered = inspect(deal, delivery, [{"purchase_line_id": deal["lines"][1].pk, "result": "accepted"}])
    assert undelivered.status_code == 409
    assert undelivered.json()["error"]["code"] == "line_not_delivered"
    assert undelivered.json()["error"]["field"] == "results[0].purchase_line_id"

    no_role = inspect(deal, delivery, [{"purchase_line_id": deal["lines"][0].pk, "result": "accepted"}], "requester")
    assert no_role.status_code == 403 and no_role.json()["error"]["code"] == "role_required"

    no_reason = inspect(deal, delivery, [{"purchase_line_id": deal["lines"][0].pk, "result": "rejected"}])
    assert no_reason.status_code == 400 and no_reason.json()["error"]["code"] == "rejection_reason_required"

    bad = inspect(deal, delivery, [{"purchase_line_id": "하나", "result": "maybe"}])
    assert bad.status_code == 400 and bad.json()["error"]["details"]


def test_another_agency_or_firm_finds_nothing(deal):
    delivery = deliver(deal, 2)
    other = ordered_purchase(lines=LINES)
    other_inspector = client_for(agency_member(other.agency, "inspector").user)
    other_seller = client_for(SellerFactory(firm=other.firm))
    results = {"results": [{"purchase_line_id": deal["lines"][0].pk, "result": "accepted"}]}
    assert other_inspector.get(f"{API}agency/deliveries/{delivery['id']}/").status_code == 404
    assert (
        other_inspector.post(f"{API}agency/deliveries/{delivery['id']}/inspect/", results, format="json").status_code
        == 404
    )
    assert other_inspector.get(f"{API}agency/deliveries/").json()["results"] == []
    assert other_seller.post(f"{API}seller/agency-deliveries/{delivery['id']}/invoice/").status_code == 404
    assert other_seller.get(f"{API}seller/agency-orders/{deal['purchase'].pk}/deliveries/").status_code == 404
    assert (
        other_seller.post(
            f"{API}seller/agency-orders/{deal['purchase'].pk}/deliveries/",
            {"delivered_on": TODAY.isoformat(), "lines": [{"purchase_line_id": deal["lines"][0].pk, "quantity": 1}]},
            format="json",
        ).status_code
        == 404
    )
    assert deal["seller"].get(f"{API}seller/agency-deliveries/").json()["results"][0]["id"] == delivery["id"]
    assert other_seller.get(f"{API}seller/agency-deliveries/").json()["results"] == []


def test_lists_cost_the_same_queries_for_one_row_or_several(deal):
    def count(client, path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    first = deliver(deal, 1, 1)
    inspect(deal, first, [{"purchase_line_id": line.pk, "result": "accepted"} for line in deal["lines"]])
    deal["seller"].post(f"{API}seller/agency-deliveries/{first['id']}/invoice/")
    paths = [
        (deal["inspector"], f"{API}agency/deliveries/"),
        (deal["inspector"], f"{API}agency/invoices/"),
        (deal["seller"], f"{API}seller/agency-deliveries/"),
        (deal["seller"], f"{API}seller/agency-invoices/"),
        (deal["operator"], f"{API}operator/agency-invoices/"),
    ]
    one = [count(client, path) for client, path in paths]
    for _ in range(3):
        delivery = deliver(deal, 1, 1)
        inspect(deal, delivery, [{"purchase_line_id": line.pk, "result": "accepted"} for line in deal["lines"]])
        deal["seller"].post(f"{API}seller/agency-deliveries/{delivery['id']}/invoice/")
    assert AgencyInvoice.objects.filter(status=InvoiceStatus.OPEN).count() == 4
    assert [count(client, path) for client, path in paths] == one


def test_an_approver_pays_a_small_invoice_by_card_and_a_declined_card_answers_402(
    settings, deal, django_capture_on_commit_callbacks
):
    from tests.payments.localstripe import localstripe_url, require_server

    require_server(localstripe_url(), "localstripe")
    settings.STRIPE_API_BASE = localstripe_url()
    delivery = deliver(deal, 1)
    inspect(deal, delivery, [{"purchase_line_id": deal["lines"][0].pk, "result": "accepted"}])
    with django_capture_on_commit_callbacks(execute=False):
        invoice = deal["seller"].post(f"{API}seller/agency-deliveries/{delivery['id']}/invoice/").json()
    approver = client_for(agency_member(deal["purchase"].agency, "approver").user)
    path = f"{API}agency/invoices/{invoice['id']}/pay-by-card/"

    declined = approver.post(path, {"payment_method": "pm_card_chargeCustomerFail"}, format="json")
    assert declined.status_code == 402 and declined.json()["error"]["message"]
    no_role = deal["inspector"].post(path, {"payment_method": "pm_card_visa"}, format="json")
    assert no_role.status_code == 403 and no_role.json()["error"]["code"] == "role_required"
    with django_capture_on_commit_callbacks(execute=False):
        paid = approver.post(path, {"payment_method": "pm_card_visa"}, format="json")
    assert paid.status_code == 200, paid.content
    body = paid.json()
    assert (body["payment"]["status"], body["invoice"]["status"], body["invoice"]["paid_by_method"]) == (
        "succeeded",
        "paid",
        "card",
    )
    assert body["invoice"]["can_pay_by_card"] is False
