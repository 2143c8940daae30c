"""Payment writes: start and confirm a payment, apply the gateway's state, refunds, the webhook inbox.

Gateway calls happen outside database transactions, each with an idempotency key derived from our own
operation; what they return is applied under a row lock, and re-applying the same state changes nothing.
"""

import logging
from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict
from market.core.events import enqueue_on_commit
from market.orders.models import ClaimStatus, Fulfilment, FulfilmentClaim, FulfilmentStatus, Order, OrderStatus
from market.orders.rules import claim_acceptance_refusal, open_claim
from market.orders.services import (
    _send_email,
    cart_refill,
    claim_mark_accepted,
    claim_record_refund,
    fulfilment_mark_cancelled,
    lock_fulfilment,
    order_end_unpaid,
    order_mark_paid,
    order_notify_placed,
    order_place,
    record_event,
)
from market.payments.models import (
    LedgerKind,
    Payment,
    PaymentLedgerEntry,
    PaymentStatus,
    SettlementEntry,
    SettlementKind,
    WebhookEvent,
)
from market.payments.provider import (
    INVOICE_EVENT_KINDS,
    PAYMENT_EVENT_KINDS,
    GatewayError,
    GatewayUnavailable,
    IntentStatus,
    PaymentIntentData,
    check_krw_amount,
    get_payment_provider,
)

logger = logging.getLogger(__name__)

# The webhook inbox acts on these kinds of event; it stores the others and answers 200.
HANDLED_EVENT_KINDS = PAYMENT_EVENT_KINDS | INVOICE_EVENT_KINDS

# Sent (outside any transaction) when the gateway tells us an invoice was paid, voided or written off; the
# app that issued the invoice listens, re-reads it with retrieve_invoice and applies it (safe to repeat: the
# same event may come twice, and an invoice we marked paid ourselves is announced too). A receiver that raises
# leaves the event unprocessed: GatewayError retries it.
# kwargs: kind (GatewayEventKind), invoice_id (str), event_id (str, the gateway's).
gateway_invoice_event = Signal()


def platform_fee(amount: int) -> int:
    """The platform's fee on an amount of won, rounded half up to a whole won."""
    return int((Decimal(amount) * Decimal(settings.PLATFORM_FEE_RATE)).quantize(Decimal(1), ROUND_HALF_UP))


# --- starting and confirming ---------------------------------------------------------------------------------
def order_checkout(*, buyer, cart, shipping: dict) -> Order:
    """Place the order from the cart and start its payment.

    When the gateway cannot be reached the buyer is told so (GatewayUnavailable) and nothing is left holding
    stock: the order is cancelled at once, its stock released and its items put back in the cart. No Payment
    is recorded, so nothing can be charged for it; had the request reached the gateway unanswered, the
    intent it made (one, by the order's idempotency key) has no client secret anyone knows and is never
    confirmed (reconciliation lists it as unknown_to_us).
    """
    # The "order placed" e-mail waits for the payment to start: an order cancelled because the gateway is away
    # must not have told the buyer it was placed.
    order = order_place(buyer=buyer, cart=cart, shipping=shipping, notify=False)
    try:
        payment_start(order=order, placed_now=True)
    except GatewayError as exc:
        logger.warning("checkout of order %s cancelled: the payment gateway is unavailable: %s", order.pk, exc)
        with transaction.atomic():
            order_end_unpaid(
                order_id=order.pk,
                status=OrderStatus.CANCELLED,
                note="결제 서비스가 응답하지 않아 주문이 취소되었습니다.",
            )
            cart_refill(cart=cart, order=order)
        raise GatewayUnavailable(
            _(
                "The payment service did not answer, so the order was cancelled and your cart kept "
                "as it was; nothing was charged. Try again shortly."
            )
        ) from exc
    order_notify_placed(order)
    return order


def payment_start(*, order: Order, placed_now: bool = False) -> Payment:
    """Create (once) the PaymentIntent for an order and remember it.

    placed_now: the order was placed by this request a moment ago, so it has no Payment yet to look for (a
    concurrent start, which would need its id, still ends in the one Payment below).
    """
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict(_("This order is not waiting for payment."), code="order_not_payable")
    if not placed_now:
        existing = Payment.objects.filter(order=order).first()
        if existing is not None:
            return existing
    check_krw_amount(order.total)
    # Keyed by the order's number (unique and random), not its id: ids repeat after a database reset, and
    # Stripe remembers keys for a day, so a key made of ids alone could replay another order's intent.
    intent = get_payment_provider().create_payment_intent(
        amount=order.total,
        currency="krw",
        idempotency_key=f"gachi-order-{order.number}-intent",
        metadata={"order_id": str(order.pk), "order_number": order.number},
        receipt_email=order.buyer.email or None,
    )
    fields = {"intent_id": intent.id, "client_secret": intent.client_secret or "", "amount": order.total}
    try:
        if placed_now:
            # One INSERT; a savepoint only when a transaction is open, which the failed INSERT would spoil.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                payment = Payment.objects.create(order=order, **fields)
        else:
            payment, _created = Payment.objects.get_or_create(order=order, defaults=fields)
    except IntegrityError:  # a concurrent start won the race with the same intent
        payment = Payment.objects.get(order=order)
    return payment


def payment_confirm(*, payment: Payment, payment_method: str, return_url: str | None = None) -> Payment:
    """Confirm on the server with a payment method (the demo's test cards, API clients without Stripe.js)."""
    if payment.order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict(_("This order is not waiting for payment."), code="order_not_payable")
    Payment.objects.filter(pk=payment.pk).update(confirm_attempts=F("confirm_attempts") + 1)
    payment.refresh_from_db()
    provider = get_payment_provider()
    try:
        intent = provider.confirm_payment_intent(
            intent_id=payment.intent_id,
            payment_method=payment_method,
            return_url=return_url,
            idempotency_key=f"gachi-{payment.intent_id}-confirm-{payment.confirm_attempts}",
        )
    except ApplicationError as declined:  # PaymentDeclined: the buyer may try another card
        with transaction.atomic():
            Payment.objects.filter(pk=payment.pk).update(last_error=declined.message[:300])
            record_event(order=payment.order, kind="payment_failed", note=f"{declined.code}: {declined.message}")
        raise
    return payment_apply_intent(intent=intent)


def payment_sync(*, payment: Payment) -> Payment:
    """Re-read the PaymentIntent from the gateway and apply it, as the webhook does.

    The web UI asks for this once Stripe.js says the buyer's card paid: the server checks with the gateway
    rather than believing the browser, and need not wait for the webhook (which may come later, or in the demo
    not at all). Safe to repeat, and in any order with the webhook.
    """
    intent = get_payment_provider().retrieve_payment_intent(payment.intent_id)
    return payment_apply_intent(intent=intent)


# --- applying the gateway's state ---------------------------------------------------------------------------
def payment_apply_intent(*, intent: PaymentIntentData) -> Payment:
    """Bring our payment and order in line with the PaymentIntent's current state (safe to repeat)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(intent_id=intent.id)
        if intent.status == IntentStatus.SUCCEEDED:
            _apply_success(payment, intent)
        elif intent.status == IntentStatus.CANCELLED:
            if payment.status != PaymentStatus.SUCCEEDED:
                payment.status = PaymentStatus.CANCELLED
                payment.save(update_fields=["status", "updated_at"])
                order_end_unpaid(order_id=payment.order_id, status=OrderStatus.CANCELLED, note="결제가 취소되었습니다.")
        elif intent.status == IntentStatus.REQUIRES_ACTION:
            if payment.status == PaymentStatus.PENDING:
                payment.status = PaymentStatus.REQUIRES_ACTION
                payment.save(update_fields=["status", "updated_at"])
        elif intent.last_error and payment.last_error != intent.last_error[:300]:
            payment.last_error = intent.last_error[:300]
            payment.save(update_fields=["last_error", "updated_at"])
            record_event(order=payment.order, kind="payment_failed", note=intent.last_error)
    return payment


def _apply_success(payment: Payment, intent: PaymentIntentData) -> None:
    if intent.amount != payment.amount:
        logger.error("payment %s: gateway amount %s differs from ours %s", payment.pk, intent.amount, payment.amount)
    if payment.status != PaymentStatus.SUCCEEDED:
        payment.status = PaymentStatus.SUCCEEDED
        payment.last_error = ""
        payment.save(update_fields=["status", "last_error", "updated_at"])
    PaymentLedgerEntry.objects.get_or_create(
        external_id=intent.id, defaults={"payment": payment, "kind": LedgerKind.CHARGE, "amount": intent.amount}
    )
    order = order_mark_paid(order_id=payment.order_id)
    if order.status in (OrderStatus.EXPIRED, OrderStatus.CANCELLED):
        # Paid after the reservation ended: the stock is gone, so the money goes back in full.
        from market.payments.tasks import refund_unfulfillable_payment

        enqueue_on_commit(refund_unfulfillable_payment, payment.pk)
        return
    for fulfilment in order.fulfilments.all():
        _settle(
            fulfilment.firm_id,
            SettlementKind.SALE,
            fulfilment.items_total,
            f"sale:{fulfilment.pk}",
            order=order,
            fulfilment=fulfilment,
        )
        _settle(
            fulfilment.firm_id,
            SettlementKind.FEE,
            -platform_fee(fulfilment.items_total),
            f"fee:{fulfilment.pk}",
            order=order,
            fulfilment=fulfilment,
        )


def _settle(firm_id, kind, amount, key, **links) -> None:
    if amount:
        SettlementEntry.objects.get_or_create(
            key=key, defaults={"firm_id": firm_id, "kind": kind, "amount": amount, **links}
        )


# --- refunds ------------------------------------------------------------------------------------------------
def fulfilment_cancel_and_refund(*, fulfilment_id: int, actor, reason: str) -> Fulfilment:
    """A firm cancels its part: stock goes back and that part's money is refunded (after the commit)."""
    from market.payments.tasks import refund_fulfilment

    with transaction.atomic():
        fulfilment = fulfilment_mark_cancelled(fulfilment_id=fulfilment_id, actor=actor, reason=reason)
        enqueue_on_commit(refund_fulfilment, fulfilment.pk)
    fulfilment.refresh_from_db()
    return fulfilment


def fulfilment_refund(*, fulfilment_id: int) -> int:
    """Refund what a cancelled part has not had back yet; returns the amount refunded now (0 if none)."""
    fulfilment = Fulfilment.objects.select_related("order__payment").get(pk=fulfilment_id)
    if fulfilment.status != FulfilmentStatus.CANCELLED:
        return 0
    amount = fulfilment.items_total - fulfilment.refunded_amount
    payment = getattr(fulfilment.order, "payment", None)
    if amount <= 0 or payment is None or payment.status != PaymentStatus.SUCCEEDED:
        return 0
    refund = get_payment_provider().refund(
        intent_id=payment.intent_id,
        amount=amount,
        idempotency_key=f"gachi-{payment.intent_id}-fulfilment-{fulfilment.pk}-refund",
        metadata={"order_id": str(fulfilment.order_id), "fulfilment_id": str(fulfilment.pk)},
    )
    with transaction.atomic():
        locked = Fulfilment.objects.select_for_update().select_related("order").get(pk=fulfilment.pk)
        return _book_refund(locked, payment, refund, reason=locked.cancel_reason)


def _book_refund(locked: Fulfilment, payment: Payment, refund, *, reason: str) -> int:
    """Record a refund the gateway made for a part (under the part's lock): the payment ledger, the part's
    refunded amount and the firm's settlement entries (the refund less the fee refunded). Returns the amount,
    or 0 when this refund was booked before. Booked against a confirmed part that was paid out, the negative
    entry is netted by the firm's next payout batch (a balance may go below zero and carries over)."""
    _, created = PaymentLedgerEntry.objects.get_or_create(
        external_id=refund.id,
        defaults={
            "payment": payment,
            "fulfilment": locked,
            "kind": LedgerKind.REFUND,
            "amount": refund.amount,
            "note": reason[:300],
        },
    )
    if not created:
        return 0
    locked.refunded_amount = F("refunded_amount") + refund.amount
    locked.save(update_fields=["refunded_amount"])
    _settle(
        locked.firm_id,
        SettlementKind.REFUND,
        -refund.amount,
        f"refund:{refund.id}",
        order_id=locked.order_id,
        fulfilment=locked,
    )
    _settle(
        locked.firm_id,
        SettlementKind.FEE_REFUND,
        platform_fee(refund.amount),
        f"fee_refund:{refund.id}",
        order_id=locked.order_id,
        fulfilment=locked,
    )
    record_event(order=locked.order, fulfilment=locked, kind="refunded", note=f"{refund.amount}원")
    _send_email(locked.order, "refunded", amount=refund.amount, reason=reason)
    return refund.amount


def claim_accept_and_refund(*, claim_id: int, actor, note: str = "") -> FulfilmentClaim:
    """An operator, or the part's own firm, accepts a buyer's return or complaint: the part is returned and its
    money refunded in full (after the commit); it never becomes payable to the firm."""
    from market.payments.tasks import refund_claim

    with transaction.atomic():
        claim = claim_mark_accepted(claim_id=claim_id, actor=actor, note=note)
        enqueue_on_commit(refund_claim, claim.pk)
    claim.refresh_from_db()
    return claim


def fulfilment_claim_accept_and_refund(*, fulfilment_id: int, actor, note: str = "") -> FulfilmentClaim:
    """The part's firm accepts the buyer's open claim on it (the seller portal names the part, not the claim):
    claim_accept_and_refund, after the check the part's can_accept_claim shows."""
    with transaction.atomic():
        fulfilment = lock_fulfilment(fulfilment_id)
        if refusal := claim_acceptance_refusal(fulfilment):
            raise refusal
        return claim_accept_and_refund(claim_id=open_claim(fulfilment).pk, actor=actor, note=note)


def fulfilment_refund_after_confirmation(*, fulfilment_id: int, actor, amount: int, reason: str) -> FulfilmentClaim:
    """An operator refunds (part of) a confirmed purchase; the firm's next payout nets it off."""
    from market.payments.tasks import refund_claim

    with transaction.atomic():
        claim = claim_record_refund(fulfilment_id=fulfilment_id, actor=actor, amount=amount, reason=reason)
        enqueue_on_commit(refund_claim, claim.pk)
    claim.refresh_from_db()
    return claim


def claim_refund(*, claim_id: int) -> int:
    """Refund what an accepted claim grants, once: the gateway key is the claim's, and the claim keeps the id of
    the refund it booked (so a replay after the gateway forgot the key refunds nothing more)."""
    claim = FulfilmentClaim.objects.select_related("fulfilment__order__payment").get(pk=claim_id)
    payment = getattr(claim.fulfilment.order, "payment", None)
    if (
        claim.status != ClaimStatus.ACCEPTED
        or claim.refund_id
        or claim.refund_amount <= 0
        or payment is None
        or payment.status != PaymentStatus.SUCCEEDED
    ):
        return 0
    refund = get_payment_provider().refund(
        intent_id=payment.intent_id,
        amount=claim.refund_amount,
        idempotency_key=f"gachi-{payment.intent_id}-claim-{claim.pk}-refund",
        metadata={
            "order_id": str(claim.fulfilment.order_id),
            "fulfilment_id": str(claim.fulfilment_id),
            "claim_id": str(claim.pk),
        },
    )
    with transaction.atomic():
        locked = Fulfilment.objects.select_for_update().select_related("order").get(pk=claim.fulfilment_id)
        if not FulfilmentClaim.objects.filter(pk=claim.pk, refund_id="").update(refund_id=refund.id):
            return 0
        return _book_refund(locked, payment, refund, reason=claim.reason)


def payment_refund_in_full(*, payment_id: int) -> int:
    """Refund everything not refunded yet (a payment that arrived after its order ended)."""
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    refunded = sum(e.amount for e in payment.ledger.filter(kind=LedgerKind.REFUND))
    amount = payment.amount - refunded
    if payment.status != PaymentStatus.SUCCEEDED or amount <= 0:
        return 0
    refund = get_payment_provider().refund(
        intent_id=payment.intent_id,
        amount=amount,
        idempotency_key=f"gachi-{payment.intent_id}-full-refund",
        metadata={"order_id": str(payment.order_id)},
    )
    with transaction.atomic():
        _, created = PaymentLedgerEntry.objects.get_or_create(
            external_id=refund.id,
            defaults={
                "payment": payment,
                "kind": LedgerKind.REFUND,
                "amount": refund.amount,
                "note": "주문 기한이 지난 뒤 결제되어 전액 환불",
            },
        )
        if created:
            record_event(order=payment.order, kind="refunded", note=f"{refund.amount}원 (late payment)")
            _send_email(payment.order, "refunded", amount=refund.amount, reason="결제 기한이 지났습니다.")
    return refund.amount if created else 0


# --- expiry -------------------------------------------------------------------------------------------------
def order_expire(*, order_id: int) -> Order:
    """End an unpaid order whose reservation ran out: cancel its PaymentIntent, then return the stock.

    If the gateway says it was paid meanwhile, the payment is applied instead.
    """
    order = Order.objects.get(pk=order_id)
    payment = Payment.objects.filter(order=order).first()
    if payment is not None:
        provider = get_payment_provider()
        intent = provider.retrieve_payment_intent(payment.intent_id)
        if intent.status not in (IntentStatus.SUCCEEDED, IntentStatus.CANCELLED, IntentStatus.PROCESSING):
            intent = provider.cancel_payment_intent(
                intent_id=payment.intent_id, idempotency_key=f"gachi-{payment.intent_id}-expire"
            )
        if intent.status == IntentStatus.SUCCEEDED:
            payment_apply_intent(intent=intent)
            return Order.objects.get(pk=order_id)
    return order_end_unpaid(
        order_id=order_id, status=OrderStatus.EXPIRED, note="결제 기한이 지나 재고 예약이 풀렸습니다."
    )


# --- webhooks -----------------------------------------------------------------------------------------------
def webhook_receive(*, payload: bytes, signature_header: str) -> WebhookEvent | None:
    """Verify and store an event once (by its id). Returns None for a replay of a stored event."""
    event = get_payment_provider().parse_webhook(payload=payload, signature_header=signature_header)
    from market.payments.tasks import process_webhook_event

    with transaction.atomic():
        stored, created = WebhookEvent.objects.get_or_create(
            event_id=event.id, defaults={"type": event.type, "object_id": event.object_id or "", "payload": event.data}
        )
        if created and event.kind in HANDLED_EVENT_KINDS:
            enqueue_on_commit(process_webhook_event, stored.pk)
        elif created:
            stored.processed_at = timezone.now()  # a type we do not act on: stored, answered 200
            stored.save(update_fields=["processed_at"])
    return stored if created else None


def webhook_process(*, event_pk: int) -> bool:
    """Apply one stored event: re-read the object it is about, so the order of events does not matter."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if event.processed_at is not None:
            return False
        WebhookEvent.objects.filter(pk=event.pk).update(attempts=F("attempts") + 1)
    provider = get_payment_provider()
    kind = provider.event_kind(event.type)  # the inbox keeps the gateway's own type
    if kind in PAYMENT_EVENT_KINDS:
        if event.object_id and Payment.objects.filter(intent_id=event.object_id).exists():
            payment_apply_intent(intent=provider.retrieve_payment_intent(event.object_id))
    elif kind in INVOICE_EVENT_KINDS and event.object_id:
        gateway_invoice_event.send(sender=None, kind=kind, invoice_id=event.object_id, event_id=event.event_id)
    WebhookEvent.objects.filter(pk=event.pk, processed_at=None).update(processed_at=timezone.now(), last_error="")
    return True
