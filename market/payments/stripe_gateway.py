"""Stripe, behind `PaymentProvider`. The only module that imports `stripe`.

It pins the API version, sends an idempotency key with every call that changes something, sends
optional parameters only when they are set, and hands back plain dataclasses: no Stripe object
leaves this file. Stripe's failures become ours: a refused card is `PaymentDeclined` (for the buyer),
everything else `GatewayError` (for us; retry with the same key).

Where the calls go (see the Payments block of the settings):

* STRIPE_API_BASE empty: Stripe itself, with STRIPE_SECRET_KEY (a test-mode key in development).
* STRIPE_API_BASE set: a Stripe-API server on this machine, by default localstripe on 127.0.0.1:8420
  (`scripts/services.sh start localstripe`), which takes any `sk_test_…` key and keeps state; the
  launcher `scripts/localstripe_server.py` adds idempotency keys and a few parameters it lacks.
* STRIPE_CONNECT_API_BASE set: Connect transfers go there instead (the tests use stripe-mock, which
  checks request shapes against Stripe's OpenAPI spec; localstripe has no transfers).
* STRIPE_INVOICE_API_BASE set: customers and invoices go there instead (the tests use stripe-mock:
  localstripe's invoices are charge_automatically only, with no finalize, send or paid_out_of_band).

Stripe's statuses and event types are translated here into ours (provider.py: IntentStatus, RefundStatus,
InvoiceStatus, GatewayEventKind); nothing else reads Stripe's words.

localstripe delivers signed webhooks to URLs registered with it, not configured in a dashboard:

    POST {STRIPE_API_BASE}/_config/webhooks/<any name>
         url=<our webhook endpoint, e.g. http://127.0.0.1:8000/api/v1/payments/stripe/webhook/>
         secret=<STRIPE_WEBHOOK_SECRET>  [events[]=payment_intent.succeeded ...]

(`tests/payments/localstripe.py: localstripe_register_webhook` does this.) It signs each event like
Stripe (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`) about a second after the change.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError
from market.payments.provider import (
    GatewayError,
    GatewayEventKind,
    IntentStatus,
    InvoiceData,
    InvoiceLineInput,
    InvoiceStatus,
    PaymentDeclined,
    PaymentIntentData,
    PaymentMethodInvalid,
    RefundData,
    RefundStatus,
    TransferData,
    WebhookEvent,
    WebhookSignatureError,
    check_krw_amount,
)

logger = logging.getLogger(__name__)

# The API version every request asks for, whatever the SDK's default. Chosen as the version of
# stripe-mock v0.197.0's OpenAPI spec (the tests run it with -strict-version-check, so a request with
# any other version fails there); localstripe ignores the header. Requests and responses we use
# (PaymentIntents, Refunds, Transfers, Events) are the same in newer versions; change it together
# with stripe-mock's version.
STRIPE_API_VERSION = "2025-09-30.clover"

# How old a webhook's signed timestamp may be (seconds), as in Stripe's own libraries.
WEBHOOK_TOLERANCE = 300

# Stripe's words → ours. Only this module reads Stripe's statuses and event types.
INTENT_STATUSES = {
    "requires_payment_method": IntentStatus.AWAITING_PAYMENT_METHOD,
    "requires_confirmation": IntentStatus.AWAITING_PAYMENT_METHOD,  # a method attached, not yet confirmed
    "requires_action": IntentStatus.REQUIRES_ACTION,
    "processing": IntentStatus.PROCESSING,
    "requires_capture": IntentStatus.PROCESSING,  # authorised, not captured (we never ask for manual capture)
    "succeeded": IntentStatus.SUCCEEDED,
    "canceled": IntentStatus.CANCELLED,
}
REFUND_STATUSES = {
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.REQUIRES_ACTION,
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.CANCELLED,
}
INVOICE_STATUSES = {
    "draft": InvoiceStatus.DRAFT,
    "open": InvoiceStatus.OPEN,
    "paid": InvoiceStatus.PAID,
    "void": InvoiceStatus.VOID,
    "uncollectible": InvoiceStatus.UNCOLLECTIBLE,
}
EVENT_KINDS = {
    "payment_intent.created": GatewayEventKind.PAYMENT_CREATED,
    "payment_intent.succeeded": GatewayEventKind.PAYMENT_SUCCEEDED,
    "payment_intent.payment_failed": GatewayEventKind.PAYMENT_FAILED,
    "payment_intent.canceled": GatewayEventKind.PAYMENT_CANCELLED,
    "payment_intent.requires_action": GatewayEventKind.PAYMENT_REQUIRES_ACTION,
    "payment_intent.processing": GatewayEventKind.PAYMENT_PROCESSING,
    "invoice.paid": GatewayEventKind.INVOICE_PAID,
    "invoice.voided": GatewayEventKind.INVOICE_VOIDED,
    "invoice.marked_uncollectible": GatewayEventKind.INVOICE_UNCOLLECTIBLE,
}


class StripeGateway:
    """`PaymentProvider` for Stripe's API (Stripe itself, localstripe or stripe-mock)."""

    name = "stripe"

    def __init__(
        self,
        *,
        secret_key: str,
        webhook_secret: str,
        api_base: str = "",
        connect_api_base: str = "",
        invoice_api_base: str = "",
        payment_method_types: list[str] | tuple[str, ...] = ("card",),
        timeout: float = 20.0,
        max_network_retries: int = 2,
    ):
        self._webhook_secret = webhook_secret
        self._payment_method_types = list(payment_method_types)
        self._client = self._make_client(secret_key, api_base, timeout, max_network_retries)
        self._connect_client = self._other_client(secret_key, api_base, connect_api_base, timeout, max_network_retries)
        self._invoice_client = self._other_client(secret_key, api_base, invoice_api_base, timeout, max_network_retries)

    @classmethod
    def from_settings(cls) -> StripeGateway:
        return cls(
            secret_key=settings.STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE,
            connect_api_base=settings.STRIPE_CONNECT_API_BASE,
            invoice_api_base=settings.STRIPE_INVOICE_API_BASE,
            payment_method_types=settings.STRIPE_PAYMENT_METHOD_TYPES,
            timeout=settings.STRIPE_TIMEOUT_SECONDS,
        )

    def _other_client(self, secret_key, api_base, other_base, timeout, retries) -> stripe.StripeClient:
        if other_base and other_base != api_base:
            return self._make_client(secret_key, other_base, timeout, retries)
        return self._client

    @staticmethod
    def _make_client(secret_key: str, api_base: str, timeout: float, retries: int) -> stripe.StripeClient:
        kwargs = {}
        if api_base:
            kwargs["base_addresses"] = {"api": api_base.rstrip("/")}
        return stripe.StripeClient(
            secret_key,
            stripe_version=STRIPE_API_VERSION,
            max_network_retries=retries,  # retries resend the same idempotency key
            http_client=stripe.RequestsClient(timeout=timeout),
            **kwargs,
        )

    # --- PaymentIntents ----------------------------------------------------------------------------------------
    def create_payment_intent(
        self,
        *,
        amount: int,
        currency: str = "krw",
        idempotency_key: str,
        metadata: dict,
        receipt_email: str | None = None,
        transfer_group: str | None = None,
    ) -> PaymentIntentData:
        currency = currency.lower()
        if currency == "krw":
            check_krw_amount(amount)  # KRW is zero-decimal: `amount` is whole won, sent as it is
        params: dict = {"amount": amount, "currency": currency}
        if self._payment_method_types:
            params["payment_method_types"] = self._payment_method_types
        if metadata:
            params["metadata"] = _metadata(metadata)
        if receipt_email:
            params["receipt_email"] = receipt_email
        if transfer_group:
            params["transfer_group"] = transfer_group
        with _stripe_errors():
            intent = self._client.v1.payment_intents.create(params=params, options=_key(idempotency_key))
        return _intent(intent)

    def confirm_payment_intent(
        self, *, intent_id: str, payment_method: str, idempotency_key: str, return_url: str | None = None
    ) -> PaymentIntentData:
        params = {"payment_method": payment_method}
        if return_url:
            params["return_url"] = return_url
        with _stripe_errors():
            try:
                intent = self._client.v1.payment_intents.confirm(
                    intent_id, params=params, options=_key(idempotency_key)
                )
            except stripe.InvalidRequestError as exc:
                # Stripe names the parameter (resource_missing on payment_method); localstripe answers a bare
                # 404. The intent is ours, so when it is still there, the missing object is the payment method.
                if exc.http_status == 404 and not exc.param:
                    self._client.v1.payment_intents.retrieve(intent_id)
                    raise _payment_method_invalid() from exc
                raise
        return _intent(intent)

    def retrieve_payment_intent(self, intent_id: str) -> PaymentIntentData:
        with _stripe_errors():
            return _intent(self._client.v1.payment_intents.retrieve(intent_id))

    def cancel_payment_intent(self, *, intent_id: str, idempotency_key: str) -> PaymentIntentData:
        with _stripe_errors():
            return _intent(self._client.v1.payment_intents.cancel(intent_id, options=_key(idempotency_key)))

    def list_payment_intents(self, *, created_gte: int | None = None, limit: int = 100) -> list[PaymentIntentData]:
        params: dict = {"limit": max(1, min(int(limit), 100))}
        if created_gte is not None:
            params["created"] = {"gte": int(created_gte)}
        with _stripe_errors():
            page = self._client.v1.payment_intents.list(params=params)
            return [_intent(intent) for intent in page.auto_paging_iter()]

    # --- refunds and transfers ---------------------------------------------------------------------------------
    def refund(self, *, intent_id: str, amount: int, idempotency_key: str, metadata: dict) -> RefundData:
        params: dict = {"payment_intent": intent_id, "amount": amount}
        if metadata:
            params["metadata"] = _metadata(metadata)
        with _stripe_errors():
            refund = self._client.v1.refunds.create(params=params, options=_key(idempotency_key)).to_dict()
        return RefundData(
            id=refund["id"],
            payment_intent_id=refund.get("payment_intent") or intent_id,
            amount=int(refund["amount"]),
            status=REFUND_STATUSES.get(refund.get("status") or "pending", RefundStatus.PENDING),
        )

    def create_transfer(
        self, *, amount: int, destination: str, transfer_group: str, idempotency_key: str, currency: str = "krw"
    ) -> TransferData:
        params = {"amount": amount, "currency": currency.lower(), "destination": destination}
        if transfer_group:
            params["transfer_group"] = transfer_group
        with _stripe_errors():
            transfer = self._connect_client.v1.transfers.create(params=params, options=_key(idempotency_key)).to_dict()
        destination_id = transfer.get("destination")
        if isinstance(destination_id, dict):
            destination_id = destination_id.get("id")
        return TransferData(
            id=transfer["id"],
            amount=int(transfer["amount"]),
            currency=transfer["currency"],
            destination=destination_id or destination,
            transfer_group=transfer.get("transfer_group"),
        )

    # --- invoices (customers and invoices go to STRIPE_INVOICE_API_BASE when set) ----------------------------
    def ensure_customer(self, *, name: str, email: str | None, idempotency_key: str, metadata: dict) -> str:
        if not isinstance(name, str) or not name.strip():
            raise ApplicationError(_("A customer needs a name."), code="invalid_customer", field="name")
        params: dict = {"name": name.strip(), "preferred_locales": ["ko"]}  # Stripe's e-mails and pages in Korean
        if email:
            params["email"] = email
        if metadata:
            params["metadata"] = _metadata(metadata)
        with _stripe_errors():
            customer = self._invoice_client.v1.customers.create(params=params, options=_key(idempotency_key))
        return customer.id

    def create_invoice(
        self,
        *,
        customer_id: str,
        lines: list[InvoiceLineInput],
        days_until_due: int,
        idempotency_key: str,
        metadata: dict,
        description: str | None = None,
    ) -> InvoiceData:
        _check_invoice(lines, days_until_due)
        _key(idempotency_key)  # refuse a missing key before anything is created
        params: dict = {
            "customer": customer_id,
            "collection_method": "send_invoice",
            "days_until_due": days_until_due,
            "currency": "krw",
            # We finalize it ourselves once every line is on: Stripe must not finalize a half-made invoice.
            "auto_advance": False,
            # Only the lines given here, never other items pending for this customer.
            "pending_invoice_items_behavior": "exclude",
        }
        if metadata:
            params["metadata"] = _metadata(metadata)
        if description:
            params["description"] = description
        client = self._invoice_client.v1
        with _stripe_errors():
            invoice = client.invoices.create(params=params, options=_key(f"{idempotency_key}-create"))
            for n, line in enumerate(lines, start=1):
                client.invoice_items.create(
                    params={
                        "customer": customer_id,
                        "invoice": invoice.id,
                        "amount": line.amount,  # KRW is zero-decimal: whole won, sent as it is
                        "currency": "krw",
                        "description": line.description,
                    },
                    options=_key(f"{idempotency_key}-item-{n}"),
                )
            client.invoices.finalize_invoice(
                invoice.id, params={"auto_advance": False}, options=_key(f"{idempotency_key}-finalize")
            )
            sent = client.invoices.send_invoice(invoice.id, options=_key(f"{idempotency_key}-send"))
        return _invoice(sent)

    def retrieve_invoice(self, invoice_id: str) -> InvoiceData:
        with _stripe_errors():
            return _invoice(self._invoice_client.v1.invoices.retrieve(invoice_id))

    def mark_invoice_paid_out_of_band(self, *, invoice_id: str, idempotency_key: str) -> InvoiceData:
        with _stripe_errors():
            invoice = self._invoice_client.v1.invoices.pay(
                invoice_id, params={"paid_out_of_band": True}, options=_key(idempotency_key)
            )
        return _invoice(invoice)

    def void_invoice(self, *, invoice_id: str, idempotency_key: str) -> InvoiceData:
        with _stripe_errors():
            return _invoice(self._invoice_client.v1.invoices.void_invoice(invoice_id, options=_key(idempotency_key)))

    # --- webhooks ----------------------------------------------------------------------------------------------
    def parse_webhook(self, *, payload: bytes, signature_header: str) -> WebhookEvent:
        """Check `Stripe-Signature` against the raw body (bytes exactly as received), then decode it."""
        if not signature_header:
            raise WebhookSignatureError("No Stripe-Signature header.")
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        try:
            stripe.WebhookSignature.verify_header(
                payload, signature_header, self._webhook_secret, tolerance=WEBHOOK_TOLERANCE
            )
        except stripe.SignatureVerificationError as exc:
            raise WebhookSignatureError(exc.user_message or "The signature does not match.") from exc
        except (ValueError, TypeError) as exc:
            raise WebhookSignatureError("The Stripe-Signature header is malformed.") from exc
        try:
            event = json.loads(payload)
            obj = (event.get("data") or {}).get("object") or {}
            return WebhookEvent(
                id=str(event["id"]),
                type=str(event["type"]),
                kind=self.event_kind(str(event["type"])),
                object_id=obj.get("id") if isinstance(obj, dict) else None,
                created=int(event.get("created") or 0),
                data=event,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookSignatureError("The signed body is not a Stripe event.") from exc

    def event_kind(self, event_type: str) -> GatewayEventKind:
        return EVENT_KINDS.get(event_type, GatewayEventKind.OTHER)


# --- helpers --------------------------------------------------------------------------------------------------
def _key(idempotency_key: str) -> dict:
    if not idempotency_key:
        raise ValueError("Every mutating Stripe call needs an idempotency key.")
    return {"idempotency_key": idempotency_key}


def _metadata(metadata: dict) -> dict:
    # Stripe keeps metadata as strings (keys up to 40 characters, values up to 500).
    return {str(k): "" if v is None else str(v) for k, v in metadata.items()}


def _intent(intent) -> PaymentIntentData:
    data = intent.to_dict()
    error = data.get("last_payment_error") or None
    last_error = (error.get("message") or error.get("decline_code") or error.get("code")) if error else None
    status = _intent_status(data["status"])
    return PaymentIntentData(
        id=data["id"],
        status=status,
        amount=int(data["amount"]),
        currency=data["currency"],
        client_secret=data.get("client_secret"),
        metadata=dict(data.get("metadata") or {}),
        last_error=last_error,
        requires_action=status == IntentStatus.REQUIRES_ACTION,
        created=int(data.get("created") or 0),
    )


def _invoice(invoice) -> InvoiceData:
    data = invoice.to_dict()
    customer = data.get("customer")
    if isinstance(customer, dict):  # expanded
        customer = customer.get("id")
    status = data.get("status")
    if status not in INVOICE_STATUSES:
        raise GatewayError(f"Stripe sent invoice {data.get('id')} with a status we do not know: {status!r}")
    due_date = data.get("due_date")
    return InvoiceData(
        id=data["id"],
        status=INVOICE_STATUSES[status],
        number=data.get("number") or None,
        amount_due=int(data["amount_due"]),
        currency=data["currency"],
        hosted_invoice_url=data.get("hosted_invoice_url") or None,
        due_date=int(due_date) if due_date is not None else None,
        customer_id=customer or "",
    )


def _check_invoice(lines: list[InvoiceLineInput], days_until_due: int) -> None:
    """Refuse what Stripe would refuse, or what would make a wrong invoice, before anything is created."""
    if isinstance(days_until_due, bool) or not isinstance(days_until_due, int) or days_until_due < 0:
        raise ApplicationError(
            _("The days until an invoice is due are a whole number, zero or more."),
            code="invalid_days_until_due",
            field="days_until_due",
        )
    if not lines:
        raise ApplicationError(_("An invoice needs at least one line."), code="invoice_without_lines", field="lines")
    for n, line in enumerate(lines):
        if not isinstance(line.description, str) or not line.description.strip():
            raise ApplicationError(
                _("Every invoice line needs a description."),
                code="invalid_invoice_line",
                field=f"lines[{n}].description",
            )
        amount = line.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ApplicationError(
                _("An invoice line's amount is a whole number of won above zero."),
                code="invalid_amount",
                field=f"lines[{n}].amount",
            )


def _intent_status(stripe_status: str) -> IntentStatus:
    try:
        return INTENT_STATUSES[stripe_status]
    except KeyError:
        # A status newer than this code: taken as neither paid nor ended, so nothing acts on it (an expiry
        # does not cancel it) until this table learns it.
        logger.warning("unknown PaymentIntent status %r, taken as processing", stripe_status)
        return IntentStatus.PROCESSING


def _payment_method_invalid() -> PaymentMethodInvalid:
    return PaymentMethodInvalid(
        _("This payment method is unknown or cannot be used here; check it or use another card."),
        field="payment_method",
    )


@contextmanager
def _stripe_errors() -> Iterator[None]:
    try:
        yield
    except stripe.CardError as exc:
        error = exc.error
        code = getattr(error, "decline_code", None) or exc.code or PaymentDeclined.default_code
        raise PaymentDeclined(exc.user_message or "The card was declined.", code=code) from exc
    except stripe.InvalidRequestError as exc:
        if exc.param == "payment_method":
            raise _payment_method_invalid() from exc
        if exc.code in ("amount_too_small", "amount_too_large"):
            raise ApplicationError(
                exc.user_message or "The amount is out of range.", code=exc.code, field="amount"
            ) from exc
        raise GatewayError(f"Stripe refused the request: {exc.user_message}") from exc
    except stripe.StripeError as exc:  # connection, authentication, rate limit, API, idempotency errors
        raise GatewayError(f"Stripe failed: {type(exc).__name__}: {exc.user_message}") from exc
