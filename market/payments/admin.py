from django.contrib import admin

from market.core.admin import ReadOnlyAdminMixin
from market.payments.models import Payment, PaymentLedgerEntry, PayoutBatch, SettlementEntry, WebhookEvent


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Money rows are written by services only (the ledgers are append-only)."""


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["intent_id", "order", "amount", "status", "last_error", "created_at"]
    list_filter = ["status"]
    search_fields = ["intent_id", "order__number"]


@admin.register(PaymentLedgerEntry)
class PaymentLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "payment", "kind", "amount", "external_id", "fulfilment"]
    list_filter = ["kind"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "object_id", "received_at", "processed_at", "attempts"]
    list_filter = ["type"]
    search_fields = ["event_id", "object_id"]


@admin.register(SettlementEntry)
class SettlementEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "firm", "kind", "amount", "order", "fulfilment", "payout"]
    list_filter = ["kind"]
    search_fields = ["firm__name", "key"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "created_by", "total"]
