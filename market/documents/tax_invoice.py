"""Electronic tax invoice (전자세금계산서) data for paid agency invoices, and issuing it through a provider.

A firm selling to a public agency issues an electronic tax invoice to the National Tax Service (국세청), usually
through an accredited provider (ASP). The marketplace prepares the data of each paid AgencyInvoice; issuing
goes through a `TaxInvoiceIssuer` named by the TAX_INVOICE_ISSUER setting. The default, `ExportOnlyIssuer`,
issues nothing: it records that the data was exported, and the firm issues it with its own provider (or
HomeTax). No issuer here pretends to issue.

One AgencyInvoice gives one document per tax treatment, since one tax invoice cannot mix them: the taxable
lines make a 세금계산서 (tax invoice, with VAT), the VAT-exempt (면세) lines a 계산서 (invoice without VAT).

The fields, with their names on the national form, are documented in docs/tax-invoices.md: per document its
type (세금계산서 / 계산서), 영수/청구 구분 (always 청구), 작성일자 (the day the delivery was accepted at
inspection: goods supplied on condition of inspection are supplied then), 공급자 and 공급받는자 (사업자등록번호,
상호, address; the agency's e-mail), 공급가액, 세액, 합계금액, the 품목 lines (월일, 품목, 규격, 수량, 단가,
공급가액, 세액, 비고) and our invoice number as 비고.

A refund after the sale calls for a 수정세금계산서 (amended tax invoice), which the firm issues with its
provider; the export shows the sale as invoiced.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from market.core.errors import Conflict
from market.core.spreadsheet import csv_writer
from market.documents.models import TaxInvoiceExport
from market.procurement.models import AgencyInvoice, InspectionResult, InvoiceStatus

PURPOSE_BILLED = "청구"
TYPE_LABELS = {"tax_invoice": "세금계산서", "invoice": "계산서"}


def _unit_supply_price(supply_value: int, quantity: int) -> int:
    return (supply_value * 2 + quantity) // (quantity * 2)


def tax_invoice_data(invoice: AgencyInvoice) -> dict:
    """The electronic tax invoice data of a paid invoice (see the module's docstring for the fields)."""
    if invoice.status != InvoiceStatus.PAID:
        raise Conflict(_("Only a paid invoice has tax invoice data."), code="invoice_not_paid")
    delivery = invoice.delivery
    written_on: datetime.date = delivery.accepted_on or invoice.issued_on
    supplier = {
        "business_number": invoice.firm.registration_number,
        "name": invoice.firm.name,
        "address": invoice.firm.address,
    }
    buyer = {
        "business_number": invoice.agency.business_number,
        "name": invoice.agency.name,
        "address": invoice.agency.address,
        "email": invoice.agency.billing_email,
    }
    by_type: dict[str, list[dict]] = {}
    for line in delivery.lines.all():
        if line.result != InspectionResult.ACCEPTED:
            continue  # a rejected line is never invoiced
        ordered = line.purchase_line
        by_type.setdefault("invoice" if ordered.vat_exempt else "tax_invoice", []).append(
            {
                "month_day": f"{written_on:%m-%d}",
                "item": ordered.title,
                "unit": ordered.unit,
                "quantity": line.quantity,
                "unit_supply_price": _unit_supply_price(line.supply_value, line.quantity),
                "supply_value": line.supply_value,
                "vat": line.vat,
                "note": delivery.number,
            }
        )
    documents = []
    for document_type in ("tax_invoice", "invoice"):
        lines = by_type.get(document_type)
        if not lines:
            continue
        supply = sum(line["supply_value"] for line in lines)
        vat = sum(line["vat"] for line in lines)
        documents.append(
            {
                "document_type": document_type,
                "document_type_label": TYPE_LABELS[document_type],
                "purpose": PURPOSE_BILLED,
                "written_on": written_on.isoformat(),
                "supplier": supplier,
                "buyer": buyer,
                "supply_value": supply,
                "vat": vat,
                "total": supply + vat,
                "lines": lines,
                "reference": invoice.number,
            }
        )
    return {
        "invoice_number": invoice.number,
        "paid_on": timezone.localtime(invoice.paid_at).date().isoformat() if invoice.paid_at else "",
        "supply_value": invoice.supply_total,
        "vat": invoice.vat_total,
        "total": invoice.total,
        "documents": documents,
    }


CSV_COLUMNS = [
    "invoice_number",
    "document_type",
    "document_type_label",
    "purpose",
    "written_on",
    "supplier_business_number",
    "supplier_name",
    "buyer_business_number",
    "buyer_name",
    "buyer_email",
    "supply_value",
    "vat",
    "total",
    "item_summary",
    "line_count",
]


def tax_invoice_csv(invoices) -> str:
    """One row per tax invoice document of each paid invoice (the operator's bulk export)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for invoice in invoices:
        for document in tax_invoice_data(invoice)["documents"]:
            lines = document["lines"]
            summary = lines[0]["item"] + (f" 외 {len(lines) - 1}건" if len(lines) > 1 else "")
            writer.writerow(
                [
                    invoice.number,
                    document["document_type"],
                    document["document_type_label"],
                    document["purpose"],
                    document["written_on"],
                    document["supplier"]["business_number"],
                    document["supplier"]["name"],
                    document["buyer"]["business_number"],
                    document["buyer"]["name"],
                    document["buyer"]["email"],
                    document["supply_value"],
                    document["vat"],
                    document["total"],
                    summary,
                    len(lines),
                ]
            )
    return out.getvalue()


# --- issuing ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueResult:
    issued: bool  # true only when a provider issued it with the National Tax Service
    reference: str = ""  # the provider's approval number (승인번호) when issued
    message: str = ""


class TaxInvoiceIssuer(Protocol):
    def issue(self, data: dict) -> IssueResult: ...


class ExportOnlyIssuer:
    """Issues nothing: the data is exported for the firm to issue with its own accredited provider or HomeTax."""

    def issue(self, data: dict) -> IssueResult:
        return IssueResult(
            issued=False,
            message=_("Exported only: issue it through your accredited e-tax-invoice provider or HomeTax."),
        )


def tax_invoice_issuer() -> TaxInvoiceIssuer:
    return import_string(settings.TAX_INVOICE_ISSUER)()


def tax_invoice_issue(*, invoice: AgencyInvoice, user=None) -> TaxInvoiceExport:
    """Hand a paid invoice's data to the configured issuer and record what it did. One already issued is not
    issued again (an amendment is the provider's 수정세금계산서, not a second issue)."""
    data = tax_invoice_data(invoice)
    if invoice.tax_invoice_exports.filter(issued=True).exists():
        raise Conflict(_("This invoice's tax invoice was issued already."), code="tax_invoice_already_issued")
    # The provider is called outside any transaction: a slow provider holds no lock.
    result = tax_invoice_issuer().issue(data)
    with transaction.atomic():
        return TaxInvoiceExport.objects.create(
            invoice=invoice,
            issuer=settings.TAX_INVOICE_ISSUER,
            data=data,
            issued=result.issued,
            provider_reference=result.reference,
            message=result.message[:500],
            exported_by=user,
        )
