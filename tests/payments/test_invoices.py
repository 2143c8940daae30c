"""Invoices for public agencies through the Stripe gateway, against stripe-mock (Stripe's OpenAPI spec).

stripe-mock refuses a request whose shape the spec does not allow (a wrong parameter, type or value, or
another API version: it runs with -strict-version-check), and answers with canned objects. So these tests
read what was sent on the way (tests/payments/recording_proxy.py) and check our translation of the answer;
they do not expect stripe-mock to remember anything. localstripe cannot stand in here: its invoices are
charge_automatically only (collection_method is refused), with no finalize, send or paid_out_of_band.
"""

import urllib.error
import urllib.request

import pytest

from market.core.errors import ApplicationError
from market.payments.provider import (
    GatewayError,
    InvoiceData,
    InvoiceLineInput,
    InvoiceStatus,
    get_payment_provider,
)
from market.payments.stripe_gateway import STRIPE_API_VERSION, StripeGateway, _stripe_errors
from tests.payments.localstripe import TEST_SECRET_KEY, require_server, stripe_mock_url
from tests.payments.recording_proxy import RecordingProxy

LINES = [
    InvoiceLineInput(description="친환경 복사용지 A4 (박스) × 20", amount=550_000),
    InvoiceLineInput(description="재생 토너 × 3", amount=165_000),
]


@pytest.fixture
def stripe_mock():
    url = stripe_mock_url()
    require_server(url, "stripe-mock")
    with RecordingProxy(url) as proxy:
        yield proxy


@pytest.fixture
def gateway(stripe_mock):
    # Payment intents would go to a closed port: invoices must not go there.
    return StripeGateway(
        secret_key=TEST_SECRET_KEY,
        webhook_secret="whsec_unused",
        api_base="http://127.0.0.1:9",
        invoice_api_base=stripe_mock.url,
        max_network_retries=0,
    )


def _sent(stripe_mock):
    return [(r.method, r.path, r.status) for r in stripe_mock.requests]


# --- customers ---------------------------------------------------------------------------------------------
def test_a_customer_is_created_once_per_key_with_its_name_email_and_korean_locale(gateway, stripe_mock):
    customer_id = gateway.ensure_customer(
        name="서울특별시 마포구청",
        email="billing@mapo.example.kr",
        idempotency_key="gachi-agency-7-customer",
        metadata={"agency_id": 7},
    )

    assert customer_id.startswith("cus_")
    [request] = stripe_mock.requests
    assert (request.method, request.path, request.status) == ("POST", "/v1/customers", 200)
    assert request.form == {
        "name": "서울특별시 마포구청",
        "email": "billing@mapo.example.kr",
        "preferred_locales[0]": "ko",
        "metadata[agency_id]": "7",
    }
    assert (request.idempotency_key, request.stripe_version) == ("gachi-agency-7-customer", STRIPE_API_VERSION)


def test_a_customer_without_an_email_sends_none(gateway, stripe_mock):
    gateway.ensure_customer(
        name="  서울시립 도서관 ", email=None, idempotency_key="gachi-agency-8-customer", metadata={}
    )

    assert stripe_mock.requests[0].form == {"name": "서울시립 도서관", "preferred_locales[0]": "ko"}


def test_a_customer_without_a_name_is_refused_before_anything_is_sent(gateway, stripe_mock):
    with pytest.raises(ApplicationError) as refused:
        gateway.ensure_customer(name=" ", email=None, idempotency_key="gachi-agency-9-customer", metadata={})
    assert (refused.value.code, refused.value.field) == ("invalid_customer", "name")
    assert stripe_mock.requests == []


# --- creating, finalizing and sending ----------------------------------------------------------------------
def test_an_invoice_is_created_with_one_item_per_line_then_finalized_and_sent(gateway, stripe_mock):
    invoice = gateway.create_invoice(
        customer_id="cus_GachiAgency7",
        lines=LINES,
        days_until_due=30,
        idempotency_key="gachi-agency-invoice-12",
        metadata={"agency_invoice_id": 12},
        description="납품 검수분 청구 (주문 A-0012)",
    )

    create, *items, finalize, send = stripe_mock.requests
    invoice_id = invoice.id
    assert invoice_id.startswith("in_")
    assert (create.method, create.path) == ("POST", "/v1/invoices")
    assert create.form == {
        "customer": "cus_GachiAgency7",
        "collection_method": "send_invoice",
        "days_until_due": "30",
        "currency": "krw",
        "auto_advance": "false",
        "pending_invoice_items_behavior": "exclude",
        "metadata[agency_invoice_id]": "12",
        "description": "납품 검수분 청구 (주문 A-0012)",
    }
    assert [(i.method, i.path) for i in items] == [("POST", "/v1/invoiceitems")] * 2
    assert [i.form for i in items] == [
        {
            "customer": "cus_GachiAgency7",
            "invoice": invoice_id,
            "amount": "550000",  # whole won, not multiplied by 100
            "currency": "krw",
            "description": "친환경 복사용지 A4 (박스) × 20",
        },
        {
            "customer": "cus_GachiAgency7",
            "invoice": invoice_id,
            "amount": "165000",
            "currency": "krw",
            "description": "재생 토너 × 3",
        },
    ]
    assert (finalize.method, finalize.path, finalize.form) == (
        "POST",
        f"/v1/invoices/{invoice_id}/finalize",
        {"auto_advance": "false"},
    )
    assert (send.method, send.path, send.form) == ("POST", f"/v1/invoices/{invoice_id}/send", {})
    assert [r.idempotency_key for r in stripe_mock.requests] == [
        "gachi-agency-invoice-12-create",
        "gachi-agency-invoice-12-item-1",
        "gachi-agency-invoice-12-item-2",
        "gachi-agency-invoice-12-finalize",
        "gachi-agency-invoice-12-send",
    ]
    assert {r.stripe_version for r in stripe_mock.requests} == {STRIPE_API_VERSION}
    assert {r.status for r in stripe_mock.requests} == {200}  # every shape passed stripe-mock's checks
    assert isinstance(invoice, InvoiceData) and isinstance(invoice.status, InvoiceStatus)


def test_an_invoice_without_a_description_sends_none(gateway, stripe_mock):
    gateway.create_invoice(
        customer_id="cus_GachiAgency7", lines=LINES[:1], days_until_due=0, idempotency_key="k", metadata={}
    )
    create = stripe_mock.requests[0]
    assert "description" not in create.form and not any(name.startswith("metadata") for name in create.form)
    assert create.form["days_until_due"] == "0"


@pytest.mark.parametrize(
    "lines, days, field, code",
    [
        ([], 30, "lines", "invoice_without_lines"),
        ([InvoiceLineInput("토너", 0)], 30, "lines[0].amount", "invalid_amount"),
        ([LINES[0], InvoiceLineInput("토너", -5000)], 30, "lines[1].amount", "invalid_amount"),
        ([InvoiceLineInput("토너", 1500.0)], 30, "lines[0].amount", "invalid_amount"),
        ([InvoiceLineInput("토너", True)], 30, "lines[0].amount", "invalid_amount"),
        ([InvoiceLineInput(" ", 5000)], 30, "lines[0].description", "invalid_invoice_line"),
        (LINES, -1, "days_until_due", "invalid_days_until_due"),
        (LINES, 30.0, "days_until_due", "invalid_days_until_due"),
    ],
)
def test_a_wrong_invoice_is_refused_before_anything_is_created(gateway, stripe_mock, lines, days, field, code):
    with pytest.raises(ApplicationError) as refused:
        gateway.create_invoice(
            customer_id="cus_GachiAgency7", lines=lines, days_until_due=days, idempotency_key="k", metadata={}
        )
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message
    assert stripe_mock.requests == []


def test_an_invoice_needs_an_idempotency_key(gateway, stripe_mock):
    with pytest.raises(ValueError, match="idempotency key"):
        gateway.create_invoice(
            customer_id="cus_GachiAgency7", lines=LINES, days_until_due=30, idempotency_key="", metadata={}
        )
    assert stripe_mock.requests == []


# --- reading, paying out of band, voiding -------------------------------------------------------------------
def test_an_invoice_is_read_into_our_data(gateway, stripe_mock):
    invoice = gateway.retrieve_invoice("in_1GachiInvoice12")

    assert _sent(stripe_mock) == [("GET", "/v1/invoices/in_1GachiInvoice12", 200)]
    # stripe-mock's canned invoice (its id taken from the path), in our words and types.
    assert invoice == InvoiceData(
        id="in_1GachiInvoice12",
        status=InvoiceStatus.DRAFT,
        number=None,
        amount_due=1000,
        currency="usd",
        hosted_invoice_url=None,
        due_date=1234567890,
        customer_id=invoice.customer_id,
    )
    assert invoice.customer_id.startswith("cus_")


def test_an_invoice_is_marked_paid_out_of_band(gateway, stripe_mock):
    invoice = gateway.mark_invoice_paid_out_of_band(
        invoice_id="in_1GachiInvoice12", idempotency_key="gachi-agency-invoice-12-paid"
    )

    [request] = stripe_mock.requests
    assert (request.method, request.path, request.form, request.status) == (
        "POST",
        "/v1/invoices/in_1GachiInvoice12/pay",
        {"paid_out_of_band": "true"},
        200,
    )
    assert request.idempotency_key == "gachi-agency-invoice-12-paid"
    assert invoice.id == "in_1GachiInvoice12" and isinstance(invoice.status, InvoiceStatus)


def test_an_invoice_is_voided(gateway, stripe_mock):
    invoice = gateway.void_invoice(invoice_id="in_1GachiInvoice12", idempotency_key="gachi-agency-invoice-12-void")

    [request] = stripe_mock.requests
    assert (request.method, request.path, request.status) == ("POST", "/v1/invoices/in_1GachiInvoice12/void", 200)
    assert request.idempotency_key == "gachi-agency-invoice-12-void"
    assert invoice.id == "in_1GachiInvoice12"


# --- what stripe-mock refuses -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"customer": "cus_1", "collection_method": "send_invoices"},  # not one of the values
        {"customer": "cus_1", "collection_method": "send_invoice", "days_until_due": "thirty"},  # not a number
        {"customer": "cus_1", "paid_out_of_bands": True},  # no such parameter
    ],
)
def test_stripe_mock_refuses_a_wrong_shape_and_the_gateway_reports_it(gateway, stripe_mock, params):
    """The checks the tests above rely on are real: a wrong parameter is refused, and that refusal is ours to
    fix (GatewayError: an error in our request, never the payer's)."""
    with pytest.raises(GatewayError, match="validation"), _stripe_errors():
        gateway._invoice_client.v1.invoices.create(params=params, options={"idempotency_key": "k"})
    assert [r.status for r in stripe_mock.requests] == [400]


def test_stripe_mock_refuses_another_api_version():
    """What makes the pinned STRIPE_API_VERSION checked: the server runs with -strict-version-check."""
    url = stripe_mock_url()
    require_server(url, "stripe-mock")
    request = urllib.request.Request(
        url + "/v1/invoices/in_1",
        headers={"Authorization": f"Bearer {TEST_SECRET_KEY}", "Stripe-Version": "2024-06-20"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 400 and b"Stripe-Version" in refused.value.read()


# --- where invoices go ---------------------------------------------------------------------------------------
def test_the_setting_sends_invoices_to_their_own_server(settings, stripe_mock):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # payment intents: nothing listens
    settings.STRIPE_INVOICE_API_BASE = stripe_mock.url

    assert get_payment_provider().retrieve_invoice("in_1GachiInvoice3").id == "in_1GachiInvoice3"
    assert _sent(stripe_mock) == [("GET", "/v1/invoices/in_1GachiInvoice3", 200)]


def test_without_the_setting_invoices_go_where_the_other_calls_go(settings, stripe_mock):
    settings.STRIPE_API_BASE = stripe_mock.url
    settings.STRIPE_INVOICE_API_BASE = ""

    assert get_payment_provider().retrieve_invoice("in_1GachiInvoice4").id == "in_1GachiInvoice4"
    assert _sent(stripe_mock) == [("GET", "/v1/invoices/in_1GachiInvoice4", 200)]
