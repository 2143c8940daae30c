"""Compare our payments with the gateway's PaymentIntents and report every difference."""

import datetime
import logging

from django.utils import timezone

from market.payments.models import LedgerKind, Payment, PaymentStatus
from market.payments.provider import IntentStatus, get_payment_provider

logger = logging.getLogger(__name__)
# The payment status each intent status should leave us in; any other is still pending.
GATEWAY_STATUS = {
    IntentStatus.SUCCEEDED: PaymentStatus.SUCCEEDED,
    IntentStatus.CANCELLED: PaymentStatus.CANCELLED,
    IntentStatus.REQUIRES_ACTION: PaymentStatus.REQUIRES_ACTION,
}


def payments_reconcile(*, days: int = 3) -> dict:
    since = timezone.now() - datetime.timedelta(days=days)
    intents = {i.id: i for i in get_payment_provider().list_payment_intents(created_gte=int(since.timestamp()))}
    ours = {p.intent_id: p for p in Payment.objects.filter(created_at__gte=since).prefetch_related("ledger")}
    mismatches = []
    for intent_id, payment in ours.items():
        intent = intents.get(intent_id)
        if intent is None:
            mismatches.append({"intent_id": intent_id, "problem": "missing_at_gateway", "order_id": payment.order_id})
            continue
        expected = GATEWAY_STATUS.get(intent.status, PaymentStatus.PENDING)
        if expected != payment.status:
            mismatches.append(
                {
                    "intent_id": intent_id,
                    "problem": "status_differs",
                    "ours": payment.status,
                    "gateway": intent.status.value,
                    "order_id": payment.order_id,
                }
            )
        if intent.amount != payment.amount:
            mismatches.append(
                {
                    "intent_id": intent_id,
                    "problem": "amount_differs",
                    "ours": payment.amount,
                    "gateway": intent.amount,
                    "order_id": payment.order_id,
                }
            )
        charged = sum(e.amount for e in payment.ledger.all() if e.kind == LedgerKind.CHARGE)
        if intent.status == IntentStatus.SUCCEEDED and charged != intent.amount:
            mismatches.append(
                {
                    "intent_id": intent_id,
                    "problem": "ledger_differs",
                    "ledger": charged,
                    "gateway": intent.amount,
                    "order_id": payment.order_id,
                }
            )
    for intent_id, intent in intents.items():
        if intent_id not in ours and intent.metadata.get("order_id"):
            mismatches.append({"intent_id": intent_id, "problem": "unknown_to_us", "gateway": intent.status.value})
    for mismatch in mismatches:
        logger.warning("payment reconciliation: %s", mismatch)
    return {"checked": len(ours), "mismatches": mismatches}
