"""Reads of the documents app: the rows a caller may have a document of (scoped: another agency's or firm's row is
simply not found), and the records behind verification codes."""

import hashlib

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from market.core.errors import NotFound
from market.documents.models import DocumentRecord
from market.documents.services import normalize_code
from market.firms.models import Firm
from market.procurement.models import AgencyInvoice, Delivery, DeliveryLine, InvoiceStatus, Quotation


def _get(queryset, pk, message: str):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise NotFound(message) from None


def _quotations():
    return Quotation.objects.select_related("firm", "quote_request__agency").prefetch_related("lines")


def quotation_of_agency(*, agency, pk: int) -> Quotation:
    """A quotation sent to the agency (an answer to one of its requests)."""
    return _get(_quotations().filter(quote_request__agency=agency), pk, _("No such quotation."))


def quotation_of_firm(*, firm, pk: int) -> Quotation:
    return _get(_quotations().filter(firm=firm), pk, _("No such quotation."))


def _deliveries():
    return Delivery.objects.select_related("purchase__firm", "purchase__agency").prefetch_related(
        Prefetch("lines", queryset=DeliveryLine.objects.select_related("purchase_line"))
    )


def delivery_of_agency(*, agency, pk: int) -> Delivery:
    return _get(_deliveries().filter(purchase__agency=agency), pk, _("No such delivery."))


def delivery_of_firm(*, firm, pk: int) -> Delivery:
    return _get(_deliveries().filter(purchase__firm=firm), pk, _("No such delivery."))


def firm_for_designation_summary(*, pk: int) -> Firm:
    """Any verified firm: designations are public facts an agency checks before buying."""
    return _get(Firm.objects.verified().select_related("district"), pk, _("No such firm."))


def invoice_of_firm(*, firm, pk: int) -> AgencyInvoice:
    return _get(paid_invoices(all_states=True).filter(firm=firm), pk, _("No such invoice."))


def paid_invoices(*, paid_from=None, paid_to=None, all_states=False):
    """Paid agency invoices, by the day they were paid (Seoul time), oldest first, with what the tax invoice reads
    (every state with all_states: the caller says why it may not be exported)."""
    invoices = AgencyInvoice.objects.all() if all_states else AgencyInvoice.objects.filter(status=InvoiceStatus.PAID)
    if paid_from:
        invoices = invoices.filter(paid_at__date__gte=paid_from)
    if paid_to:
        invoices = invoices.filter(paid_at__date__lte=paid_to)
    return (
        invoices.select_related("firm", "agency", "delivery")
        .prefetch_related(
            Prefetch("delivery__lines", queryset=DeliveryLine.objects.select_related("purchase_line").order_by("id"))
        )
        .order_by("paid_at", "id")
    )


def document_by_code(code: str) -> DocumentRecord:
    normalized = normalize_code(code)
    record = DocumentRecord.objects.filter(code=normalized).first() if normalized else None
    if record is None:
        raise NotFound(_("No document has this verification code."), code="document_not_found")
    return record


def document_file_matches(*, code: str, content: bytes) -> tuple[DocumentRecord, bool]:
    """Whether a file is byte for byte a PDF issued under `code` (its SHA-256 is one the record served)."""
    record = document_by_code(code)
    return record, hashlib.sha256(content).hexdigest() in record.pdf_hashes()
