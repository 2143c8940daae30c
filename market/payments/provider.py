"""The payment gateway as the rest of the code sees it: plain data, three kinds of failure, one interface.

Nothing here knows Stripe. `stripe_gateway.py` implements `PaymentProvider` for Stripe (and for the
Stripe-API test servers); another gateway, a Korean one for example, would be a second implementation
named by the PAYMENT_PROVIDER setting. Statuses and webhook events are told in our own words (IntentStatus,
RefundStatus, InvoiceStatus, GatewayEventKind): each implementation translates its gateway's, and the rest of
the code compares ours only.

Amounts are integers of the currency's smallest unit as the gateway counts it. KRW has no minor unit:
15,000 KRW is `15000`, never multiplied by 100.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, ServiceUnavailable


# --- our vocabulary ---------------------------------------------------------------------------------------------
# A gateway translates its own words into these; nothing outside its module compares the gateway's strings.
class IntentStatus(StrEnum):
    """Where a payment intent stands."""

    AWAITING_PAYMENT_METHOD = "awaiting_payment_method"  # nothing paid yet: a (new) card is needed or not confirmed
    REQUIRES_ACTION = "requires_action"  # the buyer must authenticate (3-D Secure)
    PROCESSING = "processing"  # the gateway is working on it: neither paid nor failed yet
    SUCCEEDED = "succeeded"
    CANCELLED = "cancelled"


class RefundStatus(StrEnum):
    PENDING = "pending"
    REQUIRES_ACTION = "requires_action"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"  # being put together; not yet owed
    OPEN = "open"  # finalized and sent: owed until paid or voided
    PAID = "paid"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"


class GatewayEventKind(StrEnum):
    """What a webhook event tells us, whatever the gateway calls it."""

    PAYMENT_CREATED = "payment_created"
    PAYMENT_SUCCEEDED = "payment_succeeded"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_CANCELLED = "payment_cancelled"
    PAYMENT_REQUIRES_ACTION = "payment_requires_action"
    PAYMENT_PROCESSING = "payment_processing"
    INVOICE_PAID = "invoice_paid"  # object_id is the invoice's id (paid by card or marked paid out of band)
    INVOICE_VOIDED = "invoice_voided"
    INVOICE_UNCOLLECTIBLE = "invoice_uncollectible"
    OTHER = "other"  # anything we do not act on


PAYMENT_EVENT_KINDS = frozenset(
    {
        GatewayEventKind.PAYMENT_CREATED,
        GatewayEventKind.PAYMENT_SUCCEEDED,
        GatewayEventKind.PAYMENT_FAILED,
        GatewayEventKind.PAYMENT_CANCELLED,
        GatewayEventKind.PAYMENT_REQUIRES_ACTION,
        GatewayEventKind.PAYMENT_PROCESSING,
    }
)
INVOICE_EVENT_KINDS = frozenset(
    {GatewayEventKind.INVOICE_PAID, GatewayEventKind.INVOICE_VOIDED, GatewayEventKind.INVOICE_UNCOLLECTIBLE}
)


# --- plain data ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentIntentData:
    id: str
    status: IntentStatus
    amount: int
    currency: str
    client_secret: str | None
    metadata: dict = field(default_factory=dict)
    last_error: str | None = None  # why the last attempt failed, for people
    requires_action: bool = False  # the buyer must authenticate (3-D Secure) before it can succeed
    created: int = 0  # Unix time


@dataclass(frozen=True)
class RefundData:
    id: str
    payment_intent_id: str
    amount: int
    status: RefundStatus


@dataclass(frozen=True)
class TransferData:
    id: str
    amount: int
    currency: str
    destination: str
    transfer_group: str | None


@dataclass(frozen=True)
class InvoiceLineInput:
    description: str
    amount: int  # whole won, VAT included: the line's total


@dataclass(frozen=True)
class InvoiceData:
    id: str
    status: InvoiceStatus
    number: str | None  # given by the gateway when the invoice is finalized
    amount_due: int
    currency: str
    hosted_invoice_url: str | None  # the page where the payer sees (and may pay) it, once finalized
    due_date: int | None  # Unix time
    customer_id: str


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str  # the gateway's own name for it, kept for the record
    kind: GatewayEventKind  # what it means to us: dispatch on this
    object_id: str | None  # id of the object the event is about (the PaymentIntent, the invoice)
    created: int
    data: dict  # the whole event, as decoded from the verified JSON body


# --- failures --------------------------------------------------------------------------------------------------
class PaymentDeclined(ApplicationError):
    """The buyer's payment was refused (card declined, insufficient funds, failed authentication…).

    Shown to the buyer, who may try another card. `code` is the gateway's decline code.
    """

    status = 402
    default_code = "card_declined"


class PaymentMethodInvalid(ApplicationError):
    """The payment method the buyer sent does not exist or cannot pay this intent: the buyer's error, not ours."""

    status = 400
    default_code = "payment_method_invalid"


class GatewayError(Exception):
    """The gateway failed or could not be reached: not the buyer's fault; safe to retry with the same key.

    Its message is for our logs. The API answers it as GatewayUnavailable (api/errors.py)."""


class GatewayUnavailable(ServiceUnavailable):
    """What the payer is told when the gateway is away: 503, `gateway_unavailable`, try again shortly. A service
    raises it itself only to say more (what it undid); a bare GatewayError becomes one with a general message."""

    default_code = "gateway_unavailable"


class WebhookSignatureError(Exception):
    """A webhook's body does not carry a valid signature (or is not an event at all)."""


# --- the interface ---------------------------------------------------------------------------------------------
@runtime_checkable
class PaymentProvider(Protocol):
    """Every mutating call takes an idempotency key derived from our own operation (for example
    `gachi-order-42-intent`): repeating a call with the same key and arguments returns the first result."""

    def create_payment_intent(
        self,
        *,
        amount: int,
        currency: str = "krw",
        idempotency_key: str,
        metadata: dict,
        receipt_email: str | None = None,
        transfer_group: str | None = None,
    ) -> PaymentIntentData: ...

    def confirm_payment_intent(
        self, *, intent_id: str, payment_method: str, idempotency_key: str, return_url: str | None = None
    ) -> PaymentIntentData:
        """Confirm on the server with a payment method id. Raises PaymentDeclined when refused."""
        ...

    def retrieve_payment_intent(self, intent_id: str) -> PaymentIntentData: ...

    def cancel_payment_intent(self, *, intent_id: str, idempotency_key: str) -> PaymentIntentData: ...

    def refund(self, *, intent_id: str, amount: int, idempotency_key: str, metadata: dict) -> RefundData: ...

    def list_payment_intents(self, *, created_gte: int | None = None, limit: int = 100) -> list[PaymentIntentData]:
        """Every PaymentIntent (created at or after `created_gte`, Unix time), all pages; `limit` is the page size."""
        ...

    def create_transfer(
        self, *, amount: int, destination: str, transfer_group: str, idempotency_key: str
    ) -> TransferData:
        """Pay a connected account (a firm) out of the platform's balance."""
        ...

    # Invoices: public agencies pay after delivery and inspection, usually by bank transfer.
    def ensure_customer(self, *, name: str, email: str | None, idempotency_key: str, metadata: dict) -> str:
        """Create the payer at the gateway (once per key) and return its id, for the caller to keep."""
        ...

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
        """Create a KRW invoice to be paid by transfer within `days_until_due` days, one item per line, then
        finalize and send it. Every step is keyed from `idempotency_key`, so a call cut short can be repeated
        with the same arguments and finishes what is missing."""
        ...

    def retrieve_invoice(self, invoice_id: str) -> InvoiceData: ...

    def mark_invoice_paid_out_of_band(self, *, invoice_id: str, idempotency_key: str) -> InvoiceData:
        """Record that the invoice was paid outside the gateway (a bank transfer someone confirmed)."""
        ...

    def void_invoice(self, *, invoice_id: str, idempotency_key: str) -> InvoiceData: ...

    # Webhooks.
    def parse_webhook(self, *, payload: bytes, signature_header: str) -> WebhookEvent:
        """Verify the signature on the raw body, then decode it. Raises WebhookSignatureError."""
        ...

    def event_kind(self, event_type: str) -> GatewayEventKind:
        """What an event of this gateway's type means to us (OTHER for types we do not act on)."""
        ...


# --- amount rules ----------------------------------------------------------------------------------------------
def check_krw_amount(amount) -> None:
    """Refuse a KRW charge the gateway would refuse: below STRIPE_MIN_CHARGE_KRW or above
    STRIPE_MAX_CHARGE_KRW (Stripe takes at most eight digits per amount: 99,999,999)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ApplicationError(_("An amount is a whole number of won."), code="invalid_amount", field="amount")
    minimum, maximum = settings.STRIPE_MIN_CHARGE_KRW, settings.STRIPE_MAX_CHARGE_KRW
    if amount < minimum:
        raise ApplicationError(
            _("A card payment must be at least %(minimum)s KRW; this one is %(amount)s KRW.")
            % {"minimum": f"{minimum:,}", "amount": f"{amount:,}"},
            code="amount_too_small",
            field="amount",
        )
    if amount > maximum:
        raise ApplicationError(
            _(
                "A card payment can be at most %(maximum)s KRW; this one is %(amount)s KRW. Split "
                "the order, or for public purchasing use a quotation."
            )
            % {"maximum": f"{maximum:,}", "amount": f"{amount:,}"},
            code="amount_too_large",
            field="amount",
        )


# --- the configured provider -----------------------------------------------------------------------------------
@functools.cache
def get_payment_provider() -> PaymentProvider:
    """The provider named by PAYMENT_PROVIDER (a dotted path to a class with `from_settings()`), made once."""
    return import_string(settings.PAYMENT_PROVIDER).from_settings()


def get_connect_provider() -> PaymentProvider:
    """The provider for payouts to firms (transfers); refuses while STRIPE_CONNECT_ENABLED is off."""
    if not settings.STRIPE_CONNECT_ENABLED:
        raise ApplicationError(
            _("Payouts through Stripe Connect are switched off (STRIPE_CONNECT_ENABLED)."), code="connect_disabled"
        )
    return get_payment_provider()


@receiver(setting_changed)
def _forget_provider(*, setting, **kwargs):
    # Tests that override a payment setting get a provider made from the new value.
    if setting.startswith("STRIPE_") or setting == "PAYMENT_PROVIDER":
        get_payment_provider.cache_clear()
