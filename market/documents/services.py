"""Issuing documents: each download renders the document from its facts and hands back the PDF with the
verification code of its version.

The same facts are the same version: a re-download finds the version's record and renders it again from the
facts stored there (same code, same issue time, same bytes). Changed facts (a delivery inspected since, another
period) are a new version with a new code; the old code still verifies the old file.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from market.core.errors import Conflict
from market.documents.facts import delivery_note_facts, designation_facts, purchase_record_facts, quotation_facts
from market.documents.models import DocumentKind, DocumentRecord
from market.documents.rendering import render_pdf
from market.procurement.models import QuotationStatus

# Codes people type from paper: no 0/O, 1/I/L look-alikes. 16 symbols of 31 are about 79 bits: not guessable, even
# at the throttled rate the public check allows.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16


@dataclass(frozen=True)
class IssuedDocument:
    record: DocumentRecord
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.record.kind.replace('_', '-')}-{self.record.subject_number}.pdf"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """What a person typed (any case, with or without the dashes and spaces of 4×4 groups) as a stored code;
    None when it cannot be one."""
    code = "".join(ch for ch in str(text).upper() if ch not in "- \t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def canonical_facts(facts: dict) -> tuple[dict, str]:
    """The facts as they will come back from the database (a JSON round trip) and their SHA-256."""
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return json.loads(text), hashlib.sha256(text.encode()).hexdigest()


def _party(party: dict | None) -> dict | None:
    return {"name": party["name"], "business_number": party["business_number"]} if party else None


def document_summary(kind: str, facts: dict) -> dict:
    """What the public verification page says about a document: its parties, totals and period, never its lines."""
    if kind in (DocumentKind.QUOTATION, DocumentKind.DELIVERY_NOTE):
        totals = facts["totals"]
        summary = {
            "supplier": _party(facts["supplier"]),
            "buyer": _party(facts["buyer"]),
            "supply_value": totals["supply_value"],
            "vat": totals["vat"],
            "total": totals["total"],
            "line_count": len(facts["lines"]),
            "date": facts.get("date") or facts.get("delivered_on"),
        }
        if kind == DocumentKind.DELIVERY_NOTE and facts["accepted_totals"]:
            summary["accepted_total"] = facts["accepted_totals"]["total"]
        return summary
    if kind == DocumentKind.DESIGNATIONS:
        return {
            "firm": _party(facts["firm"]),
            "requested_by": _party(facts["requested_by"]),
            "as_of": facts["as_of"],
            "valid_kinds": facts["valid_kinds"],
        }
    if kind == DocumentKind.PURCHASE_RECORD:
        totals = facts["totals"]
        return {
            "agency": _party(facts["agency"]),
            "period": facts["period"],
            "supply_value": totals["supply_value"],
            "vat": totals["vat"],
            "total": totals["total"],
            "firm_count": len({row["firm"]["business_number"] for row in facts["firms"]}),
            "regimes": [{"name": r["name"], "counted": r["counted"]} for r in facts["regimes"]],
        }
    raise ValueError(f"unknown document kind {kind!r}")


def _served(record: DocumentRecord, pdf: bytes) -> IssuedDocument:
    """Remember the hash of bytes served under an existing code if they differ from every earlier rendering (a
    newer renderer or font), so that this file verifies too."""
    digest = hashlib.sha256(pdf).hexdigest()
    if digest not in record.pdf_hashes():
        with transaction.atomic():
            locked = DocumentRecord.objects.select_for_update().get(pk=record.pk)
            if digest not in locked.pdf_hashes():
                locked.other_pdf_sha256s = [*locked.other_pdf_sha256s, digest]
                locked.save(update_fields=["other_pdf_sha256s"])
            record = locked
    return IssuedDocument(record=record, pdf=pdf)


def document_issue(*, kind: str, facts: dict, subject_number: str, agency=None, firm=None, user=None) -> IssuedDocument:
    """The PDF of a document and its record: the existing record of these exact facts, or a new one with a new
    code. Rendering happens outside any transaction (it takes a while and locks nothing)."""
    facts, digest = canonical_facts(facts)
    existing = DocumentRecord.objects.filter(kind=kind, facts_sha256=digest).first()
    if existing is not None:
        return _served(existing, render_pdf(existing))
    summary = {"kind": kind, "number": subject_number, **document_summary(kind, facts)}
    for _attempt in range(3):
        record = DocumentRecord(
            code=new_code(),
            kind=kind,
            subject_number=subject_number,
            agency=agency,
            firm=firm,
            facts=facts,
            facts_sha256=digest,
            summary=summary,
            issued_to=user,
        )
        pdf = render_pdf(record)
        record.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        try:
            with transaction.atomic():
                record.save()
            return IssuedDocument(record=record, pdf=pdf)
        except IntegrityError:
            # Someone issued this version at the same moment (use theirs), or, astronomically rarely, the code
            # was taken (draw again).
            existing = DocumentRecord.objects.filter(kind=kind, facts_sha256=digest).first()
            if existing is not None:
                return _served(existing, render_pdf(existing))
    raise RuntimeError("could not store a document record with a fresh code")


# --- one per document ---------------------------------------------------------------------------------------------
def quotation_document(*, quotation, user=None) -> IssuedDocument:
    if quotation.status == QuotationStatus.WITHDRAWN:
        raise Conflict(_("This quotation was withdrawn by the firm."), code="quotation_withdrawn")
    return document_issue(
        kind=DocumentKind.QUOTATION,
        facts=quotation_facts(quotation),
        subject_number=quotation.number,
        agency=quotation.quote_request.agency,
        firm=quotation.firm,
        user=user,
    )


def delivery_note_document(*, delivery, user=None) -> IssuedDocument:
    return document_issue(
        kind=DocumentKind.DELIVERY_NOTE,
        facts=delivery_note_facts(delivery),
        subject_number=delivery.number,
        agency=delivery.purchase.agency,
        firm=delivery.purchase.firm,
        user=user,
    )


def designations_document(*, firm, on, agency=None, user=None) -> IssuedDocument:
    return document_issue(
        kind=DocumentKind.DESIGNATIONS,
        facts=designation_facts(firm, on=on, requested_by=agency),
        subject_number=f"{firm.registration_number}-{on:%Y%m%d}",
        agency=agency,
        firm=firm,
        user=user,
    )


def purchase_record_document(*, agency, date_from, date_to, user=None) -> IssuedDocument:
    return document_issue(
        kind=DocumentKind.PURCHASE_RECORD,
        facts=purchase_record_facts(agency, date_from=date_from, date_to=date_to),
        subject_number=f"{agency.pk}-{date_from:%Y%m%d}-{date_to:%Y%m%d}",
        agency=agency,
        user=user,
    )
