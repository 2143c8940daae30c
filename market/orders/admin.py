from django.contrib import admin, messages

from market.core.admin import ReadOnlyAdminMixin
from market.core.errors import ApplicationError
from market.orders.models import ClaimStatus, Fulfilment, FulfilmentClaim, Order, OrderEvent, OrderLine


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class FulfilmentInline(ReadOnlyInline):
    model = Fulfilment
    fields = [
        "firm",
        "status",
        "items_total",
        "refunded_amount",
        "carrier",
        "tracking_number",
        "auto_confirm_at",
        "purchase_confirmed_at",
    ]
    readonly_fields = fields


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["title", "firm", "unit_price", "quantity", "line_total", "firm_kind", "firm_district"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "kind", "from_status", "to_status", "actor", "fulfilment", "note"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Orders change only through their services; the admin shows them."""

    list_display = ["number", "buyer", "status", "total", "placed_at", "paid_at"]
    list_filter = ["status", "buyer_kind"]
    search_fields = ["number", "buyer__email"]
    inlines = [FulfilmentInline, LineInline, EventInline]


@admin.register(FulfilmentClaim)
class FulfilmentClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Buyers' returns and complaints. Resolved through the same services as the API (accepting refunds)."""

    list_display = ["id", "fulfilment", "kind", "status", "reason", "opened_at", "resolved_at", "refund_amount"]
    list_filter = ["status", "kind"]
    search_fields = ["fulfilment__order__number", "reason"]
    actions = ["accept_and_refund", "reject"]

    def _resolve(self, request, queryset, resolve, done: str):
        count = 0
        for claim in queryset.filter(status=ClaimStatus.OPEN).order_by("pk"):
            try:
                resolve(claim_id=claim.pk, actor=request.user, note=f"관리자 화면에서 처리 (admin, {request.user})")
                count += 1
            except ApplicationError as exc:
                self.message_user(request, f"#{claim.pk}: {exc.message}", messages.ERROR)
        self.message_user(request, f"{count}건 {done}.", messages.SUCCESS)

    @admin.action(description="수락하고 환불 (accept and refund in full)")
    def accept_and_refund(self, request, queryset):
        from market.payments.services import claim_accept_and_refund

        self._resolve(request, queryset, claim_accept_and_refund, "수락 (accepted)")

    @admin.action(description="거절: 구매확정 처리 (reject: the purchase is confirmed)")
    def reject(self, request, queryset):
        from market.orders.services import claim_reject

        self._resolve(request, queryset, claim_reject, "거절 (rejected)")
