from django.contrib import admin

from market.core.admin import ReadOnlyAdminMixin

from market.orders.models import Fulfilment, Order, OrderEvent, OrderLine


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class FulfilmentInline(ReadOnlyInline):
    model = Fulfilment
    fields = ["firm", "status", "items_total", "refunded_amount", "carrier", "tracking_number"]
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
