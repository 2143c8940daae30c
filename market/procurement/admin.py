"""Operators' pages for public procurement. Every change goes through the services (market/procurement/services)."""

from django.contrib import admin, messages

from market.core.admin import ReadOnlyAdminMixin
from market.core.errors import ApplicationError
from market.firms.admin import _reason_action
from market.procurement.models import (
    Agency,
    AgencyInvitation,
    AgencyInvoice,
    AgencyMember,
    AgencyPlanTarget,
    AgencyRefund,
    AgencyYear,
    ContractThreshold,
    Delivery,
    DeliveryLine,
    FirmQualification,
    ProcurementRegime,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    Quotation,
    QuotationLine,
    QuoteRequest,
    QuoteRequestItem,
)
from market.procurement.services.agencies import agency_approve, agency_reject


# --- agencies and people --------------------------------------------------------------------------------------
class AgencyMemberInline(admin.TabularInline):
    """Shown for reference; the agency's admins manage members (or operators through the API)."""

    model = AgencyMember
    fields = ("user", "is_requester", "is_approver", "is_inspector", "is_admin", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AgencyInvitationInline(admin.TabularInline):
    model = AgencyInvitation
    fields = ("email", "roles", "invited_by", "created_at", "expires_at", "accepted_at")  # never the token
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Applications are decided with the actions (agency_approve, agency_reject); agencies are created through
    the operators' API (agency_create), which names the first admin."""

    list_display = ("name", "kind", "district", "status", "created_by", "created_at", "approved_at")
    list_filter = ("status", "kind", "district")
    search_fields = ("name", "business_number", "billing_email")
    list_select_related = ("district", "created_by")
    inlines = (AgencyMemberInline, AgencyInvitationInline)
    actions = ("approve_selected", "reject_selected")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Agency._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # purchases and invoices refer to it; a rejected application stays on record

    @admin.action(description="선택한 기관 승인 (approve selected agencies)", permissions=["change"])
    def approve_selected(self, request, queryset):
        count = 0
        for agency in queryset:
            try:
                agency_approve(agency=agency, operator=request.user)
                count += 1
            except ApplicationError as error:
                self.message_user(request, f"{agency}: {error.message}", messages.ERROR)
        self.message_user(request, f"{count}개 기관을 승인했습니다 (approved {count}).", messages.SUCCESS)

    @admin.action(description="선택한 기관 반려 (reject selected agencies)", permissions=["change"])
    def reject_selected(self, request, queryset):
        return _reason_action(
            self,
            request,
            queryset,
            title="기관 반려 사유 (why are these agencies rejected?)",
            apply=lambda agency, reason: agency_reject(agency=agency, operator=request.user, reason=reason),
            done="{count}개 기관을 반려했습니다 (rejected {count}).",
        )


@admin.register(AgencyMember)
class AgencyMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "agency", "roles", "created_at")
    list_filter = ("is_admin", "is_approver", "is_inspector", "is_requester")
    search_fields = ("user__email", "agency__name")
    list_select_related = ("user", "agency")


@admin.register(AgencyInvitation)
class AgencyInvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("email", "agency", "roles", "invited_by", "created_at", "expires_at", "accepted_at")
    search_fields = ("email", "agency__name")
    list_select_related = ("agency", "invited_by")
    exclude = ("token",)  # the code belongs to the invited person's e-mail


# --- deliveries, invoices, refunds (written by services/deliveries.py: operators use the API) -------------------
class DeliveryLineInline(admin.TabularInline):
    model = DeliveryLine
    fields = ("purchase_line", "quantity", "amount", "supply_value", "vat", "result", "rejection_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "purchase", "status", "delivered_on", "accepted_on", "firm_kind")
    list_filter = ("status",)
    search_fields = ("number", "purchase__number", "purchase__agency__name", "purchase__firm__name")
    list_select_related = ("purchase",)
    inlines = (DeliveryLineInline,)


class AgencyRefundInline(admin.TabularInline):
    model = AgencyRefund
    fields = ("delivery_line", "amount", "reason", "refunded_on", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgencyInvoice)
class AgencyInvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Transfers are confirmed and refunds recorded through the operators' API (invoice_mark_paid,
    agency_refund), which book the firm's settlement entries."""

    list_display = ("number", "agency", "firm", "status", "total", "issued_on", "due_on", "paid_at", "paid_by_method")
    list_filter = ("status", "paid_by_method")
    search_fields = ("number", "agency__name", "firm__name", "provider_invoice_id", "payment_reference")
    list_select_related = ("agency", "firm")
    inlines = (AgencyRefundInline,)


# --- purchase performance: shown here, changed through the operators' and agencies' API (services/performance.py) ---
@admin.register(ProcurementRegime)
class ProcurementRegimeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Edited through PATCH /api/v1/operator/regimes/{id}/ (regime_update checks the rate and the kinds)."""

    list_display = ("position", "code", "name", "target_rate", "basis", "qualification_kind", "active")


@admin.register(FirmQualification)
class FirmQualificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded, ended and revoked through /api/v1/operator/firm-qualifications/."""

    list_display = ("firm", "kind", "number", "start_date", "end_date", "revoked_on")
    list_filter = ("kind",)
    search_fields = ("firm__name", "number")
    list_select_related = ("firm",)


@admin.register(AgencyYear)
class AgencyYearAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("agency", "year", "total_purchasing", "updated_at")
    list_filter = ("year",)
    list_select_related = ("agency",)


@admin.register(AgencyPlanTarget)
class AgencyPlanTargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("agency", "year", "regime", "target_amount")
    list_filter = ("year", "regime")
    list_select_related = ("agency", "regime")


# --- requests for quotation, quotations, purchases (read-only: they change through the services) ------------------
class QuoteRequestItemInline(admin.TabularInline):
    model = QuoteRequestItem
    fields = ("position", "product", "description", "quantity", "unit")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuoteRequest)
class QuoteRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "agency", "title", "status", "reply_deadline", "delivery_date", "created_at")
    list_filter = ("status",)
    search_fields = ("number", "title", "agency__name")
    list_select_related = ("agency",)
    inlines = (QuoteRequestItemInline,)


class QuotationLineInline(admin.TabularInline):
    model = QuotationLine
    fields = ("title", "quantity", "unit", "unit_price", "vat_exempt", "line_total", "supply_value", "vat")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quotation)
class QuotationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "quote_request", "firm", "status", "total", "valid_until", "submitted_at")
    list_filter = ("status",)
    search_fields = ("number", "firm__name", "quote_request__number")
    list_select_related = ("quote_request", "firm")
    inlines = (QuotationLineInline,)


class PurchaseLineInline(admin.TabularInline):
    model = PurchaseLine
    fields = (
        "title",
        "quantity",
        "unit_price",
        "vat_exempt",
        "line_total",
        "supply_value",
        "vat",
        "delivered_quantity",
        "accepted_quantity",
        "rejected_quantity",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PurchaseEventInline(admin.TabularInline):
    model = PurchaseEvent
    fields = ("created_at", "kind", "actor", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "agency", "firm", "channel", "status", "total", "tender_required", "created_at")
    list_filter = ("status", "channel", "tender_required")
    search_fields = ("number", "title", "agency__name", "firm__name")
    list_select_related = ("agency", "firm")
    inlines = (PurchaseLineInline, PurchaseEventInline)


@admin.register(ContractThreshold)
class ContractThresholdAdmin(admin.ModelAdmin):
    """The direct-contract (수의계약) limit as data: add a row with the day a new limit takes effect; the row with
    the latest valid_from not after a day applies (market/procurement/rules.py contract_threshold). Purchases keep
    the reasons they were checked with; approval checks again on its day."""

    list_display = ("valid_from", "amount", "note")

    def has_delete_permission(self, request, obj=None):
        return False  # a past limit explains past purchases
