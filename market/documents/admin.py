"""Operators' pages for issued documents and tax invoice exports: read only (documents are issued by
market/documents/services.py when someone downloads them; exports by tax_invoice.py)."""

from django.contrib import admin

from market.core.admin import ReadOnlyAdminMixin
from market.documents.models import DocumentRecord, TaxInvoiceExport


@admin.register(DocumentRecord)
class DocumentRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["display_code", "kind", "subject_number", "agency", "firm", "issued_at"]
    list_filter = ["kind"]
    search_fields = ["code", "subject_number", "agency__name", "firm__name"]


@admin.register(TaxInvoiceExport)
class TaxInvoiceExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invoice", "issuer", "issued", "provider_reference", "exported_at", "exported_by"]
    list_filter = ["issued"]
    search_fields = ["invoice__number", "provider_reference"]
