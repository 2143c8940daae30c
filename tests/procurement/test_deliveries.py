"""Delivery, inspection, invoice, payment and refunds of agencies' purchases (market/procurement/services/
deliveries.py) against PostgreSQL; the gateway's calls against stripe-mock, read on the way by the recording
forwarder (tests/payments/recording_proxy.py), as the payments tests do."""

import datetime
import json

import pytest
from django.utils import timezone

from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.payments.models import SettlementEntry, SettlementKind
from market.payments.provider import GatewayError, IntentStatus, PaymentDeclined
from market.payments.services import platform_fee
from market.payments.settlement import firm_balances
from market.procurement.models import (
    AgencyInvoice,
    AgencyRefund,
    DeliveryStatus,
    InspectionResult,
    InvoiceStatus,
    PaymentMethod,
    PurchaseEvent,
    PurchaseStatus,
)
from market.procurement.services.deliveries import (
    agency_invoice_push,
    agency_refund,
    delivery_inspect,
    delivery_record,
    invoice_issue,
    invoice_mark_paid,
    invoice_pay_by_card,
)
from tests.factories import DesignationFactory, FirmFactory, OperatorFactory, SellerFactory, UserFactory
from tests.faults.conftest import free_port
from tests.payments.localstripe import localstripe_url, require_server, sign_webhook, stripe_mock_url
from tests.payments.recording_proxy import RecordingProxy
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# Two lines: 10 taxed units at 11,000 won, 4 VAT-exempt (면세) units at 5,000 won.
LINES = ((10, 11_000, False), (4, 5_000, True))


@pytest.fixture
def stripe_mock(settings):
    """Agencies' invoices go to stripe-mock through the recording forwarder; payment intents nowhere."""
    url = stripe_mock_url()
    require_server(url, "stripe-mock")
    with RecordingProxy(url) as proxy:
        settings.STRIPE_INVOICE_API_BASE = proxy.url
        yield proxy


class Deal:
    """An ordered purchase with the firm's seller, the agency's inspector and an operator."""

    def __init__(self, lines=LINES):
        self.purchase = ordered_purchase(lines=lines, approved_on=TODAY - 10 * DAY)
        self.lines = list(self.purchase.lines.order_by("pk"))
        self.seller = SellerFactory(firm=self.purchase.firm)
        self.inspector = agency_member(self.purchase.agency, "inspector")
        self.operator = OperatorFactory()

    def deliver(self, *quantities, on=None):
        """Deliver quantities[i] of line i (0 or None: not in this delivery)."""
        return delivery_record(
            purchase_id=self.purchase.pk,
            actor=self.seller,
            lines=[
                {"purchase_line_id": line.pk, "quantity": q}
                for line, q in zip(self.lines, quantities, strict=False)
                if q
            ],
            delivered_on=on or TODAY - 2 * DAY,
        )

    def inspect(self, delivery, *results, on=None):
        """results[i] is 'accepted' or a rejection reason, for the delivery's lines in purchase line order."""
        lines = list(delivery.lines.order_by("purchase_line_id"))
        return delivery_inspect(
            delivery_id=delivery.pk,
            member=self.inspector,
            results=[
                {"purchase_line_id": line.purchase_line_id, "result": "accepted"}
                if result == "accepted"
                else {"purchase_line_id": line.purchase_line_id, "result": "rejected", "reason": result}
                for line, result in zip(lines, results, strict=True)
            ],
            accepted_on=on,
        )

    def refresh(self):
        self.purchase.refresh_from_db()
        for line in self.lines:
            line.refresh_from_db()


def entries(firm):
    return sorted(SettlementEntry.objects.filter(firm=firm).values_list("kind", "amount", "key"))


# --- delivery ----------------------------------------------------------------------------------------------------
def test_a_partial_delivery_is_priced_at_the_purchase_prices_with_vat_split_per_line():
    deal = Deal()
    delivery = deal.deliver(3, 4)

    assert delivery.status == DeliveryStatus.AWAITING_INSPECTION and delivery.number.startswith("DL")
    assert [(line.quantity, line.amount, line.supply_value, line.vat) for line in delivery.lines.order_by("pk")] == [
        (3, 33_000, 30_000, 3_000),
        (4, 20_000, 20_000, 0),  # 면세: no VAT
    ]
    deal.refresh()
    assert [(line.delivered_quantity, line.left_to_deliver) for line in deal.lines] == [(3, 7), (4, 0)]
    assert deal.purchase.status == PurchaseStatus.ORDERED
    assert PurchaseEvent.objects.filter(purchase=deal.purchase, kind="delivered", comment=delivery.number).exists()


def test_more_than_is_left_to_deliver_is_refused_and_nothing_is_written():
    deal = Deal()
    deal.deliver(8)
    with pytest.raises(Conflict) as refused:
        deal.deliver(3, 1)  # 2 left of the first line
    assert (refused.value.code, refused.value.field) == ("over_delivery", "lines[0].quantity")
    assert refused.value.details[0]["left_to_deliver"] == 2
    deal.refresh()
    assert [line.delivered_quantity for line in deal.lines] == [8, 0]
    assert deal.purchase.deliveries.count() == 1


@pytest.mark.parametrize(
    "case, code, field",
    [
        ("none", "required", "lines"),
        ("unknown", "unknown_line", "lines[0].purchase_line_id"),
        ("twice", "duplicate_line", "lines[1].purchase_line_id"),
        ("zero", "invalid_quantity", "lines[0].quantity"),
    ],
)
def test_wrong_delivery_lines_are_refused(case, code, field):
    deal = Deal()
    first = deal.lines[0].pk
    lines = {
        "none": [],
        "unknown": [{"purchase_line_id": 0, "quantity": 1}],
        "twice": [{"purchase_line_id": first, "quantity": 1}, {"purchase_line_id": first, "quantity": 1}],
        "zero": [{"purchase_line_id": first, "quantity": 0}],
    }[case]
    with pytest.raises(ApplicationError) as refused:
        delivery_record(purchase_id=deal.purchase.pk, actor=deal.seller, lines=lines, delivered_on=TODAY)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_line_of_another_purchase_is_not_delivered_here():
    deal, other = Deal(), Deal()
    with pytest.raises(ApplicationError) as refused:
        delivery_record(
            purchase_id=deal.purchase.pk,
            actor=deal.seller,
            lines=[{"purchase_line_id": other.lines[0].pk, "quantity": 1}],
            delivered_on=TODAY,
        )
    assert refused.value.code == "unknown_line"


def test_the_delivery_day_is_neither_in_the_future_nor_before_the_order():
    deal = Deal()
    with pytest.raises(ApplicationError) as future:
        deal.deliver(1, on=TODAY + DAY)
    with pytest.raises(ApplicationError) as early:
        deal.deliver(1, on=TODAY - 11 * DAY)
    assert (future.value.code, future.value.field) == ("date_in_future", "delivered_on")
    assert (early.value.code, early.value.field) == ("delivered_before_order", "delivered_on")
    assert deal.deliver(1, on=TODAY).delivered_on == TODAY


def test_only_a_seller_of_the_firm_delivers_and_only_an_ordered_purchase():
    deal = Deal()
    for stranger in (SellerFactory(), UserFactory(), OperatorFactory(), deal.inspector.user):
        with pytest.raises(PermissionDenied) as refused:
            delivery_record(
                purchase_id=deal.purchase.pk,
                actor=stranger,
                lines=[{"purchase_line_id": deal.lines[0].pk, "quantity": 1}],
                delivered_on=TODAY,
            )
        assert refused.value.code == "not_the_firms_seller"
    deal.purchase.status = PurchaseStatus.SUBMITTED
    deal.purchase.save(update_fields=["status"])
    with pytest.raises(Conflict) as refused:
        deal.deliver(1)
    assert refused.value.code == "purchase_not_ordered"


# --- inspection --------------------------------------------------------------------------------------------------
def test_inspection_accepts_and_rejects_lines_and_a_rejected_unit_is_owed_again():
    deal = Deal()
    delivery = deal.deliver(6, 4)
    deal.inspect(delivery, "accepted", "포장 훼손 (4개 모두)", on=TODAY - DAY)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.accepted_on, delivery.inspected_by) == (
        DeliveryStatus.INSPECTED,
        TODAY - DAY,
        deal.inspector.user,
    )
    assert delivery.firm_kind == "social_enterprise"  # the firm's designation on the inspection day
    assert [(line.result, line.rejection_reason) for line in delivery.lines.order_by("purchase_line_id")] == [
        (InspectionResult.ACCEPTED, ""),
        (InspectionResult.REJECTED, "포장 훼손 (4개 모두)"),
    ]
    deal.refresh()
    assert [
        (line.delivered_quantity, line.accepted_quantity, line.rejected_quantity, line.left_to_deliver)
        for line in deal.lines
    ] == [(6, 6, 0, 4), (4, 0, 4, 4)]
    assert deal.purchase.status == PurchaseStatus.ORDERED

    # The firm redelivers the rejected units with the rest; once every unit is accepted the purchase completes.
    second = deal.deliver(4, 4, on=TODAY)
    deal.inspect(second, "accepted", "accepted")
    deal.refresh()
    assert [(line.delivered_quantity, line.accepted_quantity, line.left_to_deliver) for line in deal.lines] == [
        (10, 10, 0),
        (8, 4, 0),
    ]
    assert deal.purchase.status == PurchaseStatus.COMPLETED and deal.purchase.completed_at is not None
    with pytest.raises(Conflict) as refused:
        deal.deliver(1)
    assert refused.value.code == "purchase_not_ordered"


def test_the_firm_kind_is_the_one_held_on_the_inspection_day():
    firm = FirmFactory(designation={"kind": "cooperative", "start_date": TODAY - 400 * DAY})
    DesignationFactory(firm=firm, kind="social_enterprise", start_date=TODAY)  # from today only
    deal = Deal.__new__(Deal)
    deal.purchase = ordered_purchase(firm=firm, lines=LINES, approved_on=TODAY - 10 * DAY)
    deal.lines = list(deal.purchase.lines.order_by("pk"))
    deal.seller, deal.inspector = SellerFactory(firm=firm), agency_member(deal.purchase.agency, "inspector")
    yesterday, today = deal.deliver(1, on=TODAY - 3 * DAY), deal.deliver(1, on=TODAY - 3 * DAY)
    assert deal.inspect(yesterday, "accepted", on=TODAY - DAY).firm_kind == "cooperative"
    assert deal.inspect(today, "accepted", on=TODAY).firm_kind == "social_enterprise"


def test_inspecting_an_undelivered_line_or_a_line_of_another_delivery_is_refused():
    deal = Deal(lines=((5, 11_000, False), (5, 11_000, False), (5, 11_000, False)))
    first = deal.deliver(1, 0, 0)
    second = deal.deliver(0, 1, 0)
    accepted = {"result": "accepted"}
    cases = [
        (deal.lines[1].pk, "line_of_another_delivery"),  # delivered, in the second delivery
        (deal.lines[2].pk, "line_not_delivered"),  # never delivered
        (Deal().lines[0].pk, "line_not_delivered"),  # another purchase's line
    ]
    for purchase_line_id, code in cases:
        with pytest.raises(Conflict) as refused:
            delivery_inspect(
                delivery_id=first.pk,
                member=deal.inspector,
                results=[
                    {"purchase_line_id": deal.lines[0].pk, **accepted},
                    {"purchase_line_id": purchase_line_id, **accepted},
                ],
            )
        assert (refused.value.code, refused.value.field) == (code, "results[1].purchase_line_id")
        assert refused.value.message
    with pytest.raises(Conflict) as refused:
        delivery_inspect(
            delivery_id=first.pk, member=deal.inspector, results=[{"purchase_line_id": deal.lines[1].pk, **accepted}]
        )
    assert second.number in refused.value.message  # where to inspect it
    first.refresh_from_db()
    assert first.status == DeliveryStatus.AWAITING_INSPECTION


def test_a_delivery_is_inspected_once():
    deal = Deal()
    delivery = deal.deliver(2)
    deal.inspect(delivery, "accepted")
    with pytest.raises(Conflict) as refused:
        deal.inspect(delivery, "accepted")
    assert refused.value.code == "already_inspected"
    deal.refresh()
    assert deal.lines[0].accepted_quantity == 2  # not counted twice


@pytest.mark.parametrize(
    "results, code, field",
    [
        ([], "inspection_incomplete", "results"),
        ([{"result": "accepted"}], "inspection_incomplete", "results"),  # one of two lines
        (
            [{"result": "rejected", "reason": " "}, {"result": "accepted"}],
            "rejection_reason_required",
            "results[0].reason",
        ),
        ([{"result": "pending"}, {"result": "accepted"}], "invalid_result", "results[0].result"),
        (
            [{"result": "accepted"}, {"result": "accepted"}, {"result": "accepted", "line": 0}],
            "duplicate_line",
            "results[2].purchase_line_id",
        ),
    ],
)
def test_every_line_needs_one_result_and_a_rejection_its_reason(results, code, field):
    deal = Deal()
    delivery = deal.deliver(2, 2)
    named = [{"purchase_line_id": deal.lines[r.pop("line", n)].pk, **r} for n, r in enumerate(results)]
    with pytest.raises(ApplicationError) as refused:
        delivery_inspect(delivery_id=delivery.pk, member=deal.inspector, results=named)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_the_inspection_day_is_neither_in_the_future_nor_before_the_delivery():
    deal = Deal()
    delivery = deal.deliver(2, on=TODAY - 2 * DAY)
    with pytest.raises(ApplicationError) as future:
        deal.inspect(delivery, "accepted", on=TODAY + DAY)
    with pytest.raises(ApplicationError) as early:
        deal.inspect(delivery, "accepted", on=TODAY - 3 * DAY)
    assert (future.value.code, early.value.code) == ("date_in_future", "accepted_before_delivery")
    assert deal.inspect(delivery, "accepted").accepted_on == TODAY  # today by default


def test_only_an_inspector_of_the_agency_inspects():
    deal = Deal()
    delivery = deal.deliver(2)
    results = [{"purchase_line_id": deal.lines[0].pk, "result": "accepted"}]
    not_inspector = agency_member(deal.purchase.agency, "requester", "approver", "admin")
    with pytest.raises(PermissionDenied) as refused:
        delivery_inspect(delivery_id=delivery.pk, member=not_inspector, results=results)
    assert refused.value.code == "role_required"
    with pytest.raises(NotFound):  # another agency's inspector does not find it
        delivery_inspect(delivery_id=delivery.pk, member=agency_member(AgencyFactory(), "inspector"), results=results)


# --- invoice -----------------------------------------------------------------------------------------------------
def test_an_invoice_holds_the_accepted_lines_only_and_is_sent_to_the_gateway_after_commit(
    stripe_mock, django_capture_on_commit_callbacks
):
    deal = Deal()
    deal.purchase.agency.billing_email = "billing@agency.example.kr"
    deal.purchase.agency.save(update_fields=["billing_email"])
    delivery = deal.deliver(5, 3)
    deal.inspect(delivery, "accepted", "유통기한 경과")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoice = invoice_issue(delivery_id=delivery.pk, actor=deal.seller)
    assert stripe_mock.requests == []  # nothing is sent inside the transaction
    assert (invoice.supply_total, invoice.vat_total, invoice.total) == (
        50_000,
        5_000,
        55_000,
    )  # the rejected 15,000 is not
    assert (invoice.status, invoice.issued_on, invoice.due_on) == (InvoiceStatus.OPEN, TODAY, TODAY + 30 * DAY)
    assert invoice.provider_invoice_id == ""
    assert len(callbacks) == 1

    callbacks[0]()  # the task, in-process
    customer, create, item, finalize, send = stripe_mock.requests
    assert (customer.path, customer.form["name"], customer.form["email"]) == (
        "/v1/customers",
        deal.purchase.agency.name,
        "billing@agency.example.kr",
    )
    assert create.path == "/v1/invoices"
    assert {k: create.form[k] for k in ("collection_method", "days_until_due", "currency")} == {
        "collection_method": "send_invoice",
        "days_until_due": "30",
        "currency": "krw",
    }
    assert create.form["metadata[agency_invoice_number]"] == invoice.number
    assert (item.path, item.form["amount"], item.form["description"]) == ("/v1/invoiceitems", "55000", "품목 1 × 5개")
    assert finalize.path.endswith("/finalize") and send.path.endswith("/send")
    assert create.idempotency_key == f"gachi-agency-invoice-{invoice.number}-create"
    assert {r.status for r in stripe_mock.requests} == {200}
    invoice.refresh_from_db()
    deal.purchase.agency.refresh_from_db()
    assert invoice.provider_invoice_id.startswith("in_")
    assert deal.purchase.agency.stripe_customer_id.startswith("cus_")

    # Run again (a redelivered task): nothing more is sent.
    agency_invoice_push(invoice_id=invoice.pk)
    assert len(stripe_mock.requests) == 5


def test_the_agencys_customer_is_made_once(stripe_mock, django_capture_on_commit_callbacks):
    deal = Deal()
    for quantity in (1, 2):
        delivery = deal.deliver(quantity)
        deal.inspect(delivery, "accepted")
        with django_capture_on_commit_callbacks(execute=True):
            invoice_issue(delivery_id=delivery.pk, actor=deal.operator)
    assert [r.path for r in stripe_mock.requests].count("/v1/customers") == 1
    assert AgencyInvoice.objects.filter(agency=deal.purchase.agency).exclude(provider_invoice_id="").count() == 2


def test_only_an_inspected_delivery_with_an_accepted_line_is_invoiced_once():
    deal = Deal()
    awaiting = deal.deliver(1)
    with pytest.raises(Conflict) as refused:
        invoice_issue(delivery_id=awaiting.pk, actor=deal.seller)
    assert refused.value.code == "not_inspected"

    deal.inspect(awaiting, "불량")
    with pytest.raises(Conflict) as refused:
        invoice_issue(delivery_id=awaiting.pk, actor=deal.seller)
    assert refused.value.code == "nothing_accepted"

    accepted = deal.deliver(2)
    deal.inspect(accepted, "accepted")
    invoice_issue(delivery_id=accepted.pk, actor=deal.seller)
    with pytest.raises(Conflict) as refused:
        invoice_issue(delivery_id=accepted.pk, actor=deal.operator)
    assert refused.value.code == "already_invoiced"
    assert AgencyInvoice.objects.count() == 1


def test_only_the_firms_seller_or_an_operator_invoices():
    deal = Deal()
    delivery = deal.deliver(1)
    deal.inspect(delivery, "accepted")
    for stranger in (SellerFactory(), deal.inspector.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            invoice_issue(delivery_id=delivery.pk, actor=stranger)
    assert invoice_issue(delivery_id=delivery.pk, actor=deal.operator).created_by == deal.operator


def test_with_the_gateway_away_the_invoice_is_ours_at_once_and_the_task_retries(
    settings, stripe_mock, django_capture_on_commit_callbacks
):
    deal = Deal()
    delivery = deal.deliver(1)
    deal.inspect(delivery, "accepted")
    settings.STRIPE_INVOICE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoice = invoice_issue(delivery_id=delivery.pk, actor=deal.seller)
    with pytest.raises(GatewayError):  # in-process runs let the error through; a worker retries (payments.tasks)
        callbacks[0]()
    invoice.refresh_from_db()
    assert (invoice.status, invoice.provider_invoice_id) == (InvoiceStatus.OPEN, "")

    settings.STRIPE_INVOICE_API_BASE = stripe_mock.url  # back
    agency_invoice_push(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert invoice.provider_invoice_id.startswith("in_")


def test_the_push_task_reports_the_gateway_error_for_its_retry(settings):
    from market.procurement.tasks import push_agency_invoice

    deal = Deal()
    delivery = deal.deliver(1)
    deal.inspect(delivery, "accepted")
    invoice = invoice_issue(delivery_id=delivery.pk, actor=deal.seller)
    settings.STRIPE_INVOICE_API_BASE = f"http://127.0.0.1:{free_port()}"
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    result = push_agency_invoice.apply(args=(invoice.pk,), throw=False)
    # An eager run cannot wait for a retry: it reports the gateway's error instead of swallowing it.
    assert isinstance(result.result, GatewayError)


# --- payment -----------------------------------------------------------------------------------------------------
def invoiced(stripe_mock=None, capture=None, lines=LINES):
    deal = Deal(lines)
    delivery = deal.deliver(*[q for q, _p, _e in lines])
    deal.inspect(delivery, *["accepted"] * len(lines))
    if capture is None:
        return deal, invoice_issue(delivery_id=delivery.pk, actor=deal.seller)
    with capture(execute=True):
        return deal, invoice_issue(delivery_id=delivery.pk, actor=deal.seller)


def test_a_confirmed_transfer_books_the_sale_payable_at_once_and_marks_it_paid_at_the_gateway(
    stripe_mock, django_capture_on_commit_callbacks
):
    deal, invoice = invoiced(stripe_mock, django_capture_on_commit_callbacks)
    sent = len(stripe_mock.requests)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_mark_paid(invoice_id=invoice.pk, actor=deal.seller, reference="신한 2025-0412")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_by_method, invoice.payment_reference, invoice.payment_confirmed_by) == (
        InvoiceStatus.PAID,
        PaymentMethod.BANK_TRANSFER,
        "신한 2025-0412",
        deal.seller,
    )
    assert invoice.paid_at is not None
    total = 130_000  # 10 × 11,000 + 4 × 5,000
    assert invoice.total == total
    key = f"agency-invoice-{invoice.number}"
    assert entries(deal.purchase.firm) == sorted(
        [(SettlementKind.SALE, total, f"{key}-sale"), (SettlementKind.FEE, -platform_fee(total), f"{key}-fee")]
    )
    balances = firm_balances(firm=deal.purchase.firm)
    assert balances["payable"] == total - platform_fee(total) == 123_500  # no purchase confirmation to wait for
    read, pay = stripe_mock.requests[sent:]
    assert (read.method, read.path) == ("GET", f"/v1/invoices/{invoice.provider_invoice_id}")
    assert (pay.method, pay.path, pay.form) == (
        "POST",
        f"/v1/invoices/{invoice.provider_invoice_id}/pay",
        {"paid_out_of_band": "true"},
    )
    assert pay.idempotency_key == f"gachi-agency-invoice-{invoice.number}-paid"

    # Confirmed a second time (by an operator): refused, and nothing more is booked or sent.
    with pytest.raises(Conflict) as refused, django_capture_on_commit_callbacks(execute=True):
        invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="again")
    assert refused.value.code == "invoice_not_open"
    assert len(entries(deal.purchase.firm)) == 2 and len(stripe_mock.requests) == sent + 2


def test_a_transfer_confirmed_before_the_gateway_had_the_invoice_is_marked_there_once_sent(
    settings, stripe_mock, django_capture_on_commit_callbacks
):
    away = f"http://127.0.0.1:{free_port()}"
    settings.STRIPE_INVOICE_API_BASE = away
    deal, invoice = invoiced()
    invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="국민 77")
    settings.STRIPE_INVOICE_API_BASE = stripe_mock.url
    agency_invoice_push(invoice_id=invoice.pk)
    paths = [r.path for r in stripe_mock.requests]
    assert paths[0] == "/v1/customers" and paths[-1].endswith("/pay")


def test_who_confirms_a_transfer_and_with_what():
    deal, invoice = invoiced()
    for stranger in (SellerFactory(), deal.inspector.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            invoice_mark_paid(invoice_id=invoice.pk, actor=stranger, reference="x")
    with pytest.raises(ApplicationError) as refused:
        invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="  ")
    assert (refused.value.code, refused.value.field) == ("required", "reference")
    with pytest.raises(ApplicationError) as refused:
        invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="x" * 101)
    assert refused.value.code == "too_long"
    assert not SettlementEntry.objects.exists()


WEBHOOK = "/api/v1/payments/stripe/webhook/"


def _invoice_paid_event(event_id, provider_invoice_id):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "invoice.paid",
            "created": 1764500000,
            "data": {"object": {"id": provider_invoice_id, "object": "invoice", "status": "paid"}},
        }
    ).encode()


def test_the_gateways_invoice_paid_event_books_the_sale_once_however_often_it_comes(
    settings, api_client, stripe_mock, django_capture_on_commit_callbacks
):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_procurement_test"
    deal, invoice = invoiced(stripe_mock, django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    sent = len(stripe_mock.requests)
    for event_id in ("evt_agency_paid_1", "evt_agency_paid_1", "evt_agency_paid_2"):  # a replay, then another event
        body = _invoice_paid_event(event_id, invoice.provider_invoice_id)
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.generic(
                "POST",
                WEBHOOK,
                body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign_webhook(body, "whsec_procurement_test"),
            )
        assert response.status_code == 200
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_by_method) == (InvoiceStatus.PAID, "")
    assert invoice.payment_reference == "gateway event evt_agency_paid_1"
    assert [kind for kind, _a, _k in entries(deal.purchase.firm)] == [SettlementKind.FEE, SettlementKind.SALE]
    assert len(stripe_mock.requests) == sent  # paid there already: nothing to mark

    # A transfer confirmed afterwards is refused: the invoice is paid.
    with pytest.raises(Conflict):
        invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="late")


def test_an_invoice_paid_event_for_an_invoice_not_ours_changes_nothing(
    settings, api_client, django_capture_on_commit_callbacks
):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_procurement_test"
    deal, invoice = invoiced()
    body = _invoice_paid_event("evt_other", "in_NotOurs")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.generic(
            "POST",
            WEBHOOK,
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign_webhook(body, "whsec_procurement_test"),
        )
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN and not SettlementEntry.objects.exists()


# --- refunds -----------------------------------------------------------------------------------------------------
def paid_deal():
    deal, invoice = invoiced()
    invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="국민 1")
    line = invoice.delivery.lines.order_by("purchase_line_id").first()  # 10 × 11,000 = 110,000
    return deal, invoice, line


def test_refunds_of_an_accepted_line_up_to_its_amount_book_the_refund_less_the_fee():
    deal, invoice, line = paid_deal()
    first = agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=33_000, reason="3개 불량 (사후 발견)")
    with pytest.raises(ApplicationError) as refused:  # accepted today
        agency_refund(
            delivery_line_id=line.pk, actor=deal.operator, amount=77_000, reason="나머지 반품", refunded_on=TODAY - DAY
        )
    assert (refused.value.code, refused.value.field) == ("refunded_before_acceptance", "refunded_on")
    agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=77_000, reason="나머지 반품")
    with pytest.raises(Conflict) as refused:
        agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=1, reason="더")
    assert (refused.value.code, refused.value.field) == ("refund_exceeds_accepted", "amount")

    assert (first.invoice, first.amount, first.refunded_on) == (invoice, 33_000, TODAY)
    refunds = [
        (k, a) for k, a, _key in entries(deal.purchase.firm) if k in (SettlementKind.REFUND, SettlementKind.FEE_REFUND)
    ]
    assert sorted(refunds) == sorted(
        [
            (SettlementKind.REFUND, -33_000),
            (SettlementKind.FEE_REFUND, platform_fee(33_000)),
            (SettlementKind.REFUND, -77_000),
            (SettlementKind.FEE_REFUND, platform_fee(77_000)),
        ]
    )
    assert firm_balances(firm=deal.purchase.firm)["payable"] == (130_000 - 6_500) - (110_000 - 5_500)


def test_a_refund_needs_an_operator_a_paid_invoice_an_accepted_line_and_a_reason():
    deal, invoice = invoiced(lines=((2, 11_000, False), (1, 5_000, True)))
    line = invoice.delivery.lines.order_by("purchase_line_id").first()
    with pytest.raises(Conflict) as refused:
        agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=1_000, reason="불량")
    assert refused.value.code == "invoice_not_paid"
    invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="국민 2")
    with pytest.raises(PermissionDenied):
        agency_refund(delivery_line_id=line.pk, actor=deal.seller, amount=1_000, reason="불량")
    for amount, reason, code in ((0, "불량", "invalid_amount"), (1_000, " ", "required")):
        with pytest.raises(ApplicationError) as refused:
            agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=amount, reason=reason)
        assert refused.value.code == code
    with pytest.raises(ApplicationError) as refused:
        agency_refund(
            delivery_line_id=line.pk, actor=deal.operator, amount=1_000, reason="불량", refunded_on=TODAY + DAY
        )
    assert refused.value.code == "date_in_future"

    # A rejected line was never invoiced, so nothing of it can be refunded.
    other = Deal()
    delivery = other.deliver(1, 1)
    other.inspect(delivery, "accepted", "파손")
    other_invoice = invoice_issue(delivery_id=delivery.pk, actor=other.seller)
    invoice_mark_paid(invoice_id=other_invoice.pk, actor=other.operator, reference="국민 3")
    rejected = delivery.lines.get(result=InspectionResult.REJECTED)
    with pytest.raises(Conflict) as refused:
        agency_refund(delivery_line_id=rejected.pk, actor=other.operator, amount=1_000, reason="x")
    assert refused.value.code == "line_not_accepted"
    assert not AgencyRefund.objects.exists()


def test_a_line_of_a_delivery_not_invoiced_cannot_be_refunded():
    deal = Deal()
    delivery = deal.deliver(1)
    deal.inspect(delivery, "accepted")
    with pytest.raises(Conflict) as refused:
        agency_refund(delivery_line_id=delivery.lines.get().pk, actor=deal.operator, amount=1_000, reason="x")
    assert refused.value.code == "not_invoiced"


# --- card payment of a small invoice -----------------------------------------------------------------------------
@pytest.fixture
def localstripe(settings):
    """Card payments go to the shared localstripe (not emptied: other runs use it; our keys are unique)."""
    url = localstripe_url()
    require_server(url, "localstripe")
    settings.STRIPE_API_BASE = url
    return url


def test_a_small_invoice_is_paid_by_card_and_the_sale_booked_once(
    localstripe, stripe_mock, django_capture_on_commit_callbacks
):
    deal, invoice = invoiced(lines=((2, 11_000, False),))
    approver = agency_member(deal.purchase.agency, "approver")
    with django_capture_on_commit_callbacks(execute=True):
        paid, intent = invoice_pay_by_card(invoice_id=invoice.pk, member=approver, payment_method="pm_card_visa")
    assert (intent.status, intent.amount) == (IntentStatus.SUCCEEDED, 22_000)
    paid.refresh_from_db()
    assert (paid.status, paid.paid_by_method, paid.payment_reference) == (
        InvoiceStatus.PAID,
        PaymentMethod.CARD,
        intent.id,
    )
    assert paid.card_intent_id == intent.id
    assert sorted(kind for kind, _a, _k in entries(deal.purchase.firm)) == [SettlementKind.FEE, SettlementKind.SALE]
    # After the commit the gateway's invoice is sent (it had not been) and marked paid out of band there.
    assert stripe_mock.requests[-1].path.endswith("/pay")

    # Read back again (as after 3-D Secure in the browser): nothing more is booked; paying again is refused.
    again, _intent = invoice_pay_by_card(invoice_id=invoice.pk, member=approver)
    assert len(entries(deal.purchase.firm)) == 2
    with pytest.raises(Conflict) as refused:
        invoice_pay_by_card(invoice_id=invoice.pk, member=approver, payment_method="pm_card_visa")
    assert refused.value.code == "invoice_not_open"


def test_a_declined_card_leaves_the_invoice_open(localstripe):
    deal, invoice = invoiced(lines=((1, 11_000, False),))
    approver = agency_member(deal.purchase.agency, "approver")
    with pytest.raises(PaymentDeclined):
        invoice_pay_by_card(invoice_id=invoice.pk, member=approver, payment_method="pm_card_chargeCustomerFail")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN and not SettlementEntry.objects.exists()
    # Another card then pays the same intent.
    paid, _intent = invoice_pay_by_card(invoice_id=invoice.pk, member=approver, payment_method="pm_card_visa")
    paid.refresh_from_db()
    assert paid.status == InvoiceStatus.PAID


def test_card_payment_needs_an_approver_and_a_small_invoice(settings, localstripe):
    deal, invoice = invoiced(lines=((2, 11_000, False),))
    with pytest.raises(PermissionDenied) as refused:
        invoice_pay_by_card(invoice_id=invoice.pk, member=deal.inspector, payment_method="pm_card_visa")
    assert refused.value.code == "role_required"
    with pytest.raises(NotFound):
        invoice_pay_by_card(
            invoice_id=invoice.pk, member=agency_member(AgencyFactory(), "approver"), payment_method="pm_card_visa"
        )
    settings.AGENCY_CARD_PAYMENT_LIMIT = 21_999
    approver = agency_member(deal.purchase.agency, "approver")
    with pytest.raises(Conflict) as refused:
        invoice_pay_by_card(invoice_id=invoice.pk, member=approver, payment_method="pm_card_visa")
    assert refused.value.code == "card_limit_exceeded"
    invoice.refresh_from_db()
    assert invoice.card_intent_id == ""  # refused before anything was asked of the gateway
    with pytest.raises(ApplicationError) as refused:
        invoice_pay_by_card(invoice_id=invoice.pk, member=approver)
    assert (refused.value.code, refused.value.field) == ("required", "payment_method")
