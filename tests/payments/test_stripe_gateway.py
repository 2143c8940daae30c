"""The Stripe gateway against real Stripe-API servers: localstripe (stateful) and stripe-mock (Connect).

Start them with `scripts/services.sh start localstripe stripe_mock`; without them these tests are skipped,
except in CI (CI set), where they fail.
"""

import json
import pathlib
import queue
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from market.core.errors import ApplicationError
from market.payments.provider import (
    GatewayError,
    GatewayEventKind,
    IntentStatus,
    PaymentDeclined,
    PaymentIntentData,
    PaymentProvider,
    RefundData,
    RefundStatus,
    TransferData,
    WebhookSignatureError,
    check_krw_amount,
    get_connect_provider,
    get_payment_provider,
)
from market.payments.stripe_gateway import StripeGateway
from tests.payments.localstripe import (
    CARD_3DS_REQUIRED,
    CARD_DECLINED_ON_CHARGE,
    CARD_SUCCEEDS,
    TEST_SECRET_KEY,
    localstripe_create_card,
    localstripe_get,
    localstripe_register_webhook,
    localstripe_reset,
    localstripe_url,
    require_server,
    sign_webhook,
    stripe_mock_url,
)

WEBHOOK_SECRET = "whsec_gachi_gateway_tests"


@pytest.fixture
def gateway():
    url = localstripe_url()
    require_server(url, "localstripe")
    localstripe_reset(url)
    return StripeGateway(secret_key=TEST_SECRET_KEY, webhook_secret=WEBHOOK_SECRET, api_base=url)


def _intent(gateway, key="order-1", amount=15000, **kwargs) -> PaymentIntentData:
    return gateway.create_payment_intent(
        amount=amount, currency="krw", idempotency_key=f"gachi-{key}-intent", metadata={"order_id": key}, **kwargs
    )


def _paid_intent(gateway, key="order-1", amount=15000) -> PaymentIntentData:
    intent = _intent(gateway, key, amount)
    paid = gateway.confirm_payment_intent(
        intent_id=intent.id, payment_method="pm_card_visa", idempotency_key=f"gachi-{intent.id}-confirm-1"
    )
    assert paid.status == IntentStatus.SUCCEEDED
    return paid


# --- PaymentIntents -------------------------------------------------------------------------------------------
def test_the_gateway_is_a_payment_provider(gateway):
    assert isinstance(gateway, PaymentProvider)


def test_krw_is_sent_as_whole_won(gateway):
    intent = _intent(gateway, "order-7", 15000)

    assert isinstance(intent, PaymentIntentData)
    assert (intent.amount, intent.currency, intent.status) == (15000, "krw", IntentStatus.AWAITING_PAYMENT_METHOD)
    assert intent.metadata == {"order_id": "order-7"}
    assert intent.client_secret.startswith(intent.id)
    assert intent.created > 0 and not intent.requires_action and intent.last_error is None
    stored = localstripe_get(f"/v1/payment_intents/{intent.id}")
    assert (stored["amount"], stored["currency"]) == (15000, "krw")  # not 1500000


def test_optional_parameters_are_accepted_when_set(gateway):
    intent = _intent(gateway, "order-8", receipt_email="buyer@example.com")

    assert localstripe_get(f"/v1/payment_intents/{intent.id}")["receipt_email"] == "buyer@example.com"


@pytest.mark.parametrize("payment_method", ["pm_card_visa", "card"])
def test_a_good_card_succeeds(gateway, payment_method):
    if payment_method == "card":
        payment_method = localstripe_create_card(CARD_SUCCEEDS)
    intent = _intent(gateway)

    paid = gateway.confirm_payment_intent(
        intent_id=intent.id, payment_method=payment_method, idempotency_key="gachi-confirm-1"
    )

    assert (paid.id, paid.status, paid.amount, paid.requires_action) == (
        intent.id,
        IntentStatus.SUCCEEDED,
        15000,
        False,
    )
    assert gateway.retrieve_payment_intent(intent.id).status == IntentStatus.SUCCEEDED


@pytest.mark.parametrize("payment_method", ["pm_card_chargeCustomerFail", "card"])
def test_a_declined_card_is_the_buyers_error_and_another_card_may_follow(gateway, payment_method):
    if payment_method == "card":
        payment_method = localstripe_create_card(CARD_DECLINED_ON_CHARGE)
    intent = _intent(gateway)

    with pytest.raises(PaymentDeclined) as declined:
        gateway.confirm_payment_intent(
            intent_id=intent.id, payment_method=payment_method, idempotency_key="gachi-confirm-1"
        )

    assert isinstance(declined.value, ApplicationError)
    assert (declined.value.code, declined.value.status) == ("card_declined", 402)
    assert declined.value.message
    failed = gateway.retrieve_payment_intent(intent.id)
    assert failed.status == IntentStatus.AWAITING_PAYMENT_METHOD
    assert failed.last_error == "Your card was declined."

    # The same attempt again (a retry with the same key) is answered the same way…
    with pytest.raises(PaymentDeclined):
        gateway.confirm_payment_intent(
            intent_id=intent.id, payment_method=payment_method, idempotency_key="gachi-confirm-1"
        )
    # …and a new attempt with another card can succeed.
    paid = gateway.confirm_payment_intent(
        intent_id=intent.id, payment_method="pm_card_visa", idempotency_key="gachi-confirm-2"
    )
    assert paid.status == IntentStatus.SUCCEEDED


def test_a_3ds_card_requires_action_and_an_abandoned_payment_is_cancelled(gateway):
    intent = _intent(gateway)

    pending = gateway.confirm_payment_intent(
        intent_id=intent.id,
        payment_method=localstripe_create_card(CARD_3DS_REQUIRED),
        idempotency_key="gachi-confirm-1",
    )

    assert (pending.status, pending.requires_action) == (IntentStatus.REQUIRES_ACTION, True)
    assert gateway.retrieve_payment_intent(intent.id).status == IntentStatus.REQUIRES_ACTION  # the buyer walked away
    cancelled = gateway.cancel_payment_intent(intent_id=intent.id, idempotency_key="gachi-expire")
    assert (cancelled.status, cancelled.requires_action) == (IntentStatus.CANCELLED, False)
    # The same cancellation again is answered from the first, not refused as a second one.
    again = gateway.cancel_payment_intent(intent_id=intent.id, idempotency_key="gachi-expire")
    assert again.status == IntentStatus.CANCELLED


def test_the_same_key_creates_one_intent(gateway):
    first = _intent(gateway, "order-1")
    again = _intent(gateway, "order-1")
    other = _intent(gateway, "order-2")

    assert again.id == first.id
    assert other.id != first.id
    assert {i.id for i in gateway.list_payment_intents()} == {first.id, other.id}


def test_the_same_key_with_other_arguments_is_refused(gateway):
    _intent(gateway, "order-1", 15000)

    with pytest.raises(GatewayError, match="[Ii]dempot"):
        _intent(gateway, "order-1", 16000)


def test_listing_reads_every_page_and_filters_by_creation_time(gateway):
    created = {_intent(gateway, f"order-{n}").id for n in range(5)}

    listed = gateway.list_payment_intents(limit=2)

    assert {i.id for i in listed} == created
    assert all(isinstance(i, PaymentIntentData) and i.amount == 15000 for i in listed)
    assert {i.id for i in gateway.list_payment_intents(created_gte=0)} == created
    assert gateway.list_payment_intents(created_gte=int(time.time()) + 3600) == []


# --- refunds --------------------------------------------------------------------------------------------------
def test_partial_then_full_refund(gateway):
    paid = _paid_intent(gateway)

    part = gateway.refund(
        intent_id=paid.id, amount=5000, idempotency_key="gachi-fulfilment-1-refund", metadata={"fulfilment_id": 1}
    )
    again = gateway.refund(
        intent_id=paid.id, amount=5000, idempotency_key="gachi-fulfilment-1-refund", metadata={"fulfilment_id": 1}
    )
    rest = gateway.refund(intent_id=paid.id, amount=10000, idempotency_key="gachi-payment-1-full-refund", metadata={})

    assert isinstance(part, RefundData)
    assert (part.payment_intent_id, part.amount, part.status) == (paid.id, 5000, RefundStatus.SUCCEEDED)
    assert again.id == part.id  # one refund, not two
    assert (rest.amount, rest.status) == (10000, RefundStatus.SUCCEEDED) and rest.id != part.id
    assert localstripe_get(f"/v1/refunds/{part.id}")["metadata"] == {"fulfilment_id": "1"}


def test_an_unpaid_intent_cannot_be_refunded(gateway):
    intent = _intent(gateway)
    gateway.confirm_payment_intent(
        intent_id=intent.id,
        payment_method=localstripe_create_card(CARD_3DS_REQUIRED),
        idempotency_key="gachi-confirm-1",
    )
    gateway.cancel_payment_intent(intent_id=intent.id, idempotency_key="gachi-cancel")

    with pytest.raises(GatewayError):
        gateway.refund(intent_id=intent.id, amount=15000, idempotency_key="gachi-refund", metadata={})


# --- amount limits ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", [1000, 15000, 99_999_999])
def test_amounts_within_stripes_limits_pass(amount):
    check_krw_amount(amount)


@pytest.mark.parametrize(
    "amount, code",
    [
        (999, "amount_too_small"),
        (0, "amount_too_small"),
        (-15000, "amount_too_small"),
        (100_000_000, "amount_too_large"),  # nine digits
        (15000.0, "invalid_amount"),
        (True, "invalid_amount"),
        ("15000", "invalid_amount"),
    ],
)
def test_amounts_outside_stripes_limits_are_refused(amount, code):
    with pytest.raises(ApplicationError) as refused:
        check_krw_amount(amount)
    assert (refused.value.code, refused.value.field) == (code, "amount")
    assert refused.value.message


def test_the_minimum_is_a_setting(settings):
    settings.STRIPE_MIN_CHARGE_KRW = 700
    check_krw_amount(700)
    with pytest.raises(ApplicationError, match="700"):
        check_krw_amount(699)


def test_the_gateway_refuses_an_amount_before_calling_stripe(gateway):
    with pytest.raises(ApplicationError) as refused:
        _intent(gateway, amount=500)

    assert refused.value.code == "amount_too_small"
    assert gateway.list_payment_intents() == []


# --- webhooks -----------------------------------------------------------------------------------------------------
def _sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    return sign_webhook(payload, secret, timestamp)


def _event_body(intent_id="pi_123", event_type="payment_intent.succeeded") -> bytes:
    return json.dumps(
        {
            "id": "evt_123",
            "object": "event",
            "type": event_type,
            "created": 1700000000,
            "data": {"object": {"id": intent_id, "object": "payment_intent", "amount": 15000}},
        },
        indent=2,
    ).encode()


def _offline_gateway() -> StripeGateway:
    # Webhook parsing makes no request.
    return StripeGateway(secret_key=TEST_SECRET_KEY, webhook_secret=WEBHOOK_SECRET, api_base="http://127.0.0.1:9")


def test_a_signed_webhook_parses():
    body = _event_body()

    event = _offline_gateway().parse_webhook(payload=body, signature_header=_sign(body))

    assert (event.id, event.type, event.kind, event.object_id, event.created) == (
        "evt_123",
        "payment_intent.succeeded",
        GatewayEventKind.PAYMENT_SUCCEEDED,
        "pi_123",
        1700000000,
    )
    assert event.data["data"]["object"]["amount"] == 15000


@pytest.mark.parametrize(
    "event_type, kind",
    [
        ("payment_intent.created", GatewayEventKind.PAYMENT_CREATED),
        ("payment_intent.succeeded", GatewayEventKind.PAYMENT_SUCCEEDED),
        ("payment_intent.payment_failed", GatewayEventKind.PAYMENT_FAILED),
        ("payment_intent.canceled", GatewayEventKind.PAYMENT_CANCELLED),
        ("payment_intent.requires_action", GatewayEventKind.PAYMENT_REQUIRES_ACTION),
        ("payment_intent.processing", GatewayEventKind.PAYMENT_PROCESSING),
        ("invoice.paid", GatewayEventKind.INVOICE_PAID),
        ("invoice.voided", GatewayEventKind.INVOICE_VOIDED),
        ("invoice.marked_uncollectible", GatewayEventKind.INVOICE_UNCOLLECTIBLE),
        ("invoice.payment_succeeded", GatewayEventKind.OTHER),  # invoice.paid says it (also out of band)
        ("charge.succeeded", GatewayEventKind.OTHER),
        ("customer.created", GatewayEventKind.OTHER),
    ],
)
def test_an_event_is_told_in_our_words_and_keeps_its_own_type(event_type, kind):
    body = _event_body("in_1GachiInvoice", event_type)

    event = _offline_gateway().parse_webhook(payload=body, signature_header=_sign(body))

    assert (event.type, event.kind, event.object_id) == (event_type, kind, "in_1GachiInvoice")
    assert _offline_gateway().event_kind(event_type) == kind


@pytest.mark.parametrize("tamper", ["body", "secret", "old", "missing", "garbage"])
def test_a_webhook_that_does_not_verify_is_refused(tamper):
    body = _event_body()
    header = _sign(body)
    if tamper == "body":
        body = body.replace(b"15000", b"15001")
    elif tamper == "secret":
        header = _sign(body, secret="whsec_someone_else")
    elif tamper == "old":
        header = _sign(body, timestamp=int(time.time()) - 3600)
    elif tamper == "missing":
        header = ""
    elif tamper == "garbage":
        header = "not a signature"

    with pytest.raises(WebhookSignatureError):
        _offline_gateway().parse_webhook(payload=body, signature_header=header)


def test_a_signed_body_that_is_not_an_event_is_refused():
    body = b"[1, 2, 3]"
    with pytest.raises(WebhookSignatureError):
        _offline_gateway().parse_webhook(payload=body, signature_header=_sign(body))


class _Inbox(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.received: queue.Queue = queue.Queue()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):  # noqa: N805
                body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                self.received.put((body, handler.headers.get("Stripe-Signature", "")))
                handler.send_response(200)
                handler.end_headers()

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_localstripe_delivers_a_signed_succeeded_event(gateway):
    inbox = _Inbox()
    thread = threading.Thread(target=inbox.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = inbox.server_address
        localstripe_register_webhook(
            f"http://{host}:{port}/webhook", WEBHOOK_SECRET, name="gateway-tests", events=["payment_intent.succeeded"]
        )
        paid = _paid_intent(gateway)

        # localstripe waits about a second before sending, and may first send events of intents that earlier
        # tests made: wait for this intent's.
        deadline = time.monotonic() + 15
        while True:
            body, signature = inbox.received.get(timeout=max(deadline - time.monotonic(), 0.01))
            event = gateway.parse_webhook(payload=body, signature_header=signature)
            if event.object_id == paid.id:
                break

        assert (event.type, event.kind, event.object_id) == (
            "payment_intent.succeeded",
            GatewayEventKind.PAYMENT_SUCCEEDED,
            paid.id,
        )
        assert event.id.startswith("evt_")
        assert event.data["data"]["object"]["amount"] == 15000
        with pytest.raises(WebhookSignatureError):
            gateway.parse_webhook(payload=body.replace(b"15000", b"1"), signature_header=signature)
    finally:
        # Point the registration at a closed port, so later events of this server go nowhere.
        localstripe_register_webhook(
            "http://127.0.0.1:9/closed", WEBHOOK_SECRET, name="gateway-tests", events=["payment_intent.succeeded"]
        )
        inbox.shutdown()
        inbox.server_close()


# --- Connect transfers (stripe-mock) ------------------------------------------------------------------------------
def test_a_transfer_pays_a_firm_out_with_its_transfer_group():
    url = stripe_mock_url()
    require_server(url, "stripe-mock")
    gateway = StripeGateway(
        secret_key=TEST_SECRET_KEY, webhook_secret=WEBHOOK_SECRET, api_base=localstripe_url(), connect_api_base=url
    )

    transfer = gateway.create_transfer(
        amount=142500,
        destination="acct_1GachiFirm0001",
        transfer_group="gachi-payout-batch-3",
        idempotency_key="gachi-payout-9-transfer",
    )

    assert isinstance(transfer, TransferData)
    assert transfer.id.startswith("tr_")
    assert (transfer.amount, transfer.currency, transfer.destination, transfer.transfer_group) == (
        142500,
        "krw",
        "acct_1GachiFirm0001",
        "gachi-payout-batch-3",
    )


def test_connect_is_off_unless_switched_on(settings):
    settings.STRIPE_CONNECT_ENABLED = False
    with pytest.raises(ApplicationError) as refused:
        get_connect_provider()
    assert refused.value.code == "connect_disabled"

    settings.STRIPE_CONNECT_ENABLED = True
    assert isinstance(get_connect_provider(), StripeGateway)


# --- faults and configuration ---------------------------------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_gateway_is_a_gateway_error_not_the_buyers():
    gateway = StripeGateway(
        secret_key=TEST_SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        api_base=f"http://127.0.0.1:{_closed_port()}",
        max_network_retries=0,
        timeout=2,
    )

    with pytest.raises(GatewayError) as failed:
        gateway.retrieve_payment_intent("pi_123")
    assert not isinstance(failed.value, ApplicationError)


def test_a_missing_intent_is_a_gateway_error(gateway):
    with pytest.raises(GatewayError):
        gateway.retrieve_payment_intent("pi_doesnotexist")


def test_the_provider_comes_from_settings_and_is_made_once(settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    provider = get_payment_provider()

    assert isinstance(provider, StripeGateway)
    assert get_payment_provider() is provider
    settings.STRIPE_API_BASE = "http://127.0.0.1:8421"
    assert get_payment_provider() is not provider


def test_only_the_gateway_imports_stripe():
    root = pathlib.Path(__file__).resolve().parents[2]
    importers = {
        path.relative_to(root).as_posix()
        for folder in ("market", "api", "search")
        for path in (root / folder).rglob("*.py")
        if re.search(r"^\s*(import stripe\b|from stripe\b)", path.read_text(encoding="utf-8"), re.M)
    }
    assert importers == {"market/payments/stripe_gateway.py"}
