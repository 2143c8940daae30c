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

localstripe delivers signed webhooks to URLs registered with it, not configured in a dashboard:

    POST {STRIPE_API_BASE}/_config/webhooks/<any name>
         url=<our webhook endpoint, e.g. http://127.0.0.1:8000/api/v1/payments/stripe/webhook/>
         secret=<STRIPE_WEBHOOK_SECRET>  [events[]=payment_intent.succeeded ...]

(`tests/payments/localstripe.py: localstripe_register_webhook` does this.) It signs each event like
Stripe (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`) about a second after the change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError
from market.payments.provider import (
    GatewayError,
    PaymentDeclined,
    PaymentIntentData,
    PaymentMethodInvalid,
    RefundData,
    TransferData,
    WebhookEvent,
    WebhookSignatureError,
    check_krw_amount,
)

# The API version every request asks for, whatever the SDK's default. Chosen as the version of
# stripe-mock v0.197.0's OpenAPI spec (the tests run it with -strict-version-check, so a request with
# any other version fails there); localstripe ignores the header. Requests and responses we use
# (PaymentIntents, Refunds, Transfers, Events) are the same in newer versions; change it together
# with stripe-mock's version.
STRIPE_API_VERSION = "2025-09-30.clover"

# How old a webhook's signed timestamp may be (seconds), as in Stripe's own libraries.
WEBHOOK_TOLERANCE = 300


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
        payment_method_types: list[str] | tuple[str, ...] = ("card",),
        timeout: float = 20.0,
        max_network_retries: int = 2,
    ):
        self._webhook_secret = webhook_secret
        self._payment_method_types = list(payment_method_types)
        self._client = self._make_client(secret_key, api_base, timeout, max_network_retries)
        if connect_api_base and connect_api_base != api_base:
            self._connect_client = self._make_client(secret_key, connect_api_base, timeout, max_network_retries)
        else:
            self._connect_client = self._client

    @classmethod
    def from_settings(cls) -> StripeGateway:
        return cls(
            secret_key=settings.STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE,
            connect_api_base=settings.STRIPE_CONNECT_API_BASE,
            payment_method_types=settings.STRIPE_PAYMENT_METHOD_TYPES,
            timeout=settings.STRIPE_TIMEOUT_SECONDS,
        )

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
            status=refund.get("status") or "pending",
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
                object_id=obj.get("id") if isinstance(obj, dict) else None,
                created=int(event.get("created") or 0),
                data=event,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookSignatureError("The signed body is not a Stripe event.") from exc


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
    return PaymentIntentData(
        id=data["id"],
        status=data["status"],
        amount=int(data["amount"]),
        currency=data["currency"],
        client_secret=data.get("client_secret"),
        metadata=dict(data.get("metadata") or {}),
        last_error=last_error,
        requires_action=data["status"] == "requires_action",
        created=int(data.get("created") or 0),
    )


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
