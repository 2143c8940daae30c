"""What the platform owes each firm, and payout batches (CSV for bank transfer, or Stripe Connect transfers)."""

import io

from django.conf import settings
from django.db import transaction
from django.db.models import BigIntegerField, Q, Sum

from market.core.compiled import Param, compiled_rows
from market.core.spreadsheet import csv_writer
from market.firms.models import Firm
from market.orders.models import payable_parts
from market.payments.models import Payout, PayoutBatch, PayoutStatus, SettlementEntry, SettlementKind

# A sale becomes payable on the buyer's purchase confirmation (구매확정: by the buyer, automatically after the
# window that follows delivery, or by an operator rejecting the buyer's claim); nothing the firm does alone
# makes it payable. A cancelled or returned part counts once refunded in full, so it nets to zero. Entries of
# no part (payouts) always count, and so does a refund after confirmation: a payout batch nets it off.
PAYABLE = Q(fulfilment__isnull=True) | payable_parts(prefix="fulfilment__")


# The firm as a parameter: the statement is compiled once and kept (market/core/compiled.py). Building it took the
# ORM 3-4 ms a call, ten times what it takes to run: most of it beside a small firm's sales report.
_FIRM = Param("firm", BigIntegerField())


def _balances_query():
    return (
        SettlementEntry.objects.filter(firm_id=_FIRM)
        .order_by()
        .values("firm_id")
        .annotate(
            balance=Sum("amount", default=0),
            payable=Sum("amount", default=0, filter=PAYABLE),
            **{f"kind_{kind}": Sum("amount", default=0, filter=Q(kind=kind)) for kind in SettlementKind},
        )
    )


def firm_balances(*, firm: Firm) -> dict:
    """The firm's settlement figures, in one statement (conditional sums: the seller's dashboard and sales report
    show it beside their own figures, where each round trip counts)."""
    rows = compiled_rows(("firm balances",), _balances_query, firm=firm.pk)
    # Grouped by the firm: no row when it has no entries yet.
    totals = rows[0] if rows else {"balance": 0, "payable": 0} | {f"kind_{kind}": 0 for kind in SettlementKind}
    balance, payable = totals["balance"], totals["payable"]
    return {
        "sales": totals[f"kind_{SettlementKind.SALE}"],
        "fees": -totals[f"kind_{SettlementKind.FEE}"] - totals[f"kind_{SettlementKind.FEE_REFUND}"],
        "refunds": -totals[f"kind_{SettlementKind.REFUND}"],
        "paid_out": -totals[f"kind_{SettlementKind.PAYOUT}"],
        "balance": balance,
        # May be below zero after a refund of a sale already paid out: the next payouts net it off.
        "payable": payable,
        "awaiting_confirmation": balance - payable,
    }


@transaction.atomic
def payout_batch_create(*, operator) -> PayoutBatch:
    """One payout per firm with a positive payable balance; each payout books a matching negative entry.

    A firm whose payable balance is below zero (a refund after its sale was paid out) gets nothing, and the
    negative balance carries over into the next batch. The firms are locked in id order and their balances
    read after the lock, so two batches made at once cannot pay the same money twice.
    """
    positive = (
        SettlementEntry.objects.filter(PAYABLE).values("firm_id").annotate(total=Sum("amount")).filter(total__gt=0)
    )
    locked = list(
        Firm.objects.select_for_update(no_key=True)
        .filter(pk__in=[row["firm_id"] for row in positive])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batch = PayoutBatch.objects.create(created_by=operator)
    payable = positive.filter(firm_id__in=locked).order_by("firm_id")
    total = 0
    for row in payable:
        payout = Payout.objects.create(batch=batch, firm_id=row["firm_id"], amount=row["total"])
        SettlementEntry.objects.create(
            firm_id=row["firm_id"],
            kind=SettlementKind.PAYOUT,
            amount=-row["total"],
            key=f"payout:{payout.pk}",
            payout=payout,
        )
        total += row["total"]
    batch.total = total
    batch.save(update_fields=["total"])
    if settings.STRIPE_CONNECT_ENABLED:
        from market.core.events import enqueue_on_commit
        from market.payments.tasks import transfer_payout

        for payout in batch.payouts.select_related("firm").exclude(firm__stripe_account_id=""):
            enqueue_on_commit(transfer_payout, payout.pk)
    return batch


def payout_batch_csv(*, batch: PayoutBatch) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # firm names are seller input: no formulas in the operator's spreadsheet
    writer.writerow(["batch", "firm_id", "firm_name", "registration_number", "amount_krw", "status", "transfer_id"])
    for payout in batch.payouts.select_related("firm").order_by("firm_id"):
        writer.writerow(
            [
                batch.pk,
                payout.firm_id,
                payout.firm.name,
                payout.firm.registration_number,
                payout.amount,
                payout.status,
                payout.transfer_id,
            ]
        )
    return out.getvalue()


def payout_transfer(*, payout_id: int) -> Payout:
    """Pay one payout through Stripe Connect (separate charges and transfers, grouped by batch)."""
    from market.payments.provider import get_connect_provider

    payout = Payout.objects.select_related("firm").get(pk=payout_id)
    if payout.status == PayoutStatus.TRANSFERRED or not payout.firm.stripe_account_id:
        return payout
    transfer = get_connect_provider().create_transfer(
        amount=payout.amount,
        destination=payout.firm.stripe_account_id,
        transfer_group=f"gachi-payout-batch-{payout.batch_id}",
        idempotency_key=f"gachi-payout-{payout.pk}-transfer",
    )
    Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.TRANSFERRED, transfer_id=transfer.id)
    payout.refresh_from_db()
    return payout
