"""Payments (one per order), the append-only payment ledger, the webhook inbox and the settlement ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from market.firms.models import Firm
from market.orders.models import Fulfilment, Order


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "결제 대기"
    REQUIRES_ACTION = "requires_action", "추가 인증 필요"
    SUCCEEDED = "succeeded", "결제 완료"
    CANCELLED = "cancelled", "취소"


class Payment(models.Model):
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payment")
    provider = models.CharField(max_length=20, default="stripe")
    intent_id = models.CharField(max_length=100, unique=True)
    client_secret = models.CharField(max_length=200, blank=True)
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="KRW")
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    last_error = models.CharField(max_length=300, blank=True)
    # Each server-side confirmation attempt gets its own idempotency key: a retry of the same attempt is
    # answered from the gateway's cache, a new card is a new attempt.
    confirm_attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)


class LedgerKind(models.TextChoices):
    CHARGE = "charge", "결제"
    REFUND = "refund", "환불"


class PaymentLedgerEntry(models.Model):
    """Money that moved at the gateway. Rows are only ever added; `external_id` makes each movement count once."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="ledger")
    fulfilment = models.ForeignKey(Fulfilment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount = models.PositiveBigIntegerField()
    external_id = models.CharField(max_length=100, unique=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class WebhookEvent(models.Model):
    """The inbox: each gateway event stored once by its id, then processed by a task."""

    provider = models.CharField(max_length=20, default="stripe")
    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100, blank=True, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at", "id"]


class SettlementKind(models.TextChoices):
    SALE = "sale", "판매"
    FEE = "fee", "플랫폼 수수료"
    REFUND = "refund", "환불"
    FEE_REFUND = "fee_refund", "수수료 환급"
    PAYOUT = "payout", "정산 지급"


class SettlementEntry(models.Model):
    """What the platform owes a firm, as signed amounts (a sale adds; fees, refunds and payouts subtract).

    `key` names the operation that made the row, so replaying an event cannot add it twice.
    """

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="settlement_entries")
    kind = models.CharField(max_length=12, choices=SettlementKind.choices)
    amount = models.BigIntegerField()
    key = models.CharField(max_length=120, unique=True)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fulfilment = models.ForeignKey(Fulfilment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payout = models.ForeignKey("Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["firm", "created_at"])]


class PayoutBatch(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    total = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class PayoutStatus(models.TextChoices):
    PENDING = "pending", "지급 대기"  # to be paid by bank transfer from the exported CSV
    TRANSFERRED = "transferred", "송금 완료"  # paid through Stripe Connect


class Payout(models.Model):
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="payouts")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="payouts")
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=12, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    transfer_id = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "firm"], name="payout_one_per_firm_per_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_positive"),
        ]
