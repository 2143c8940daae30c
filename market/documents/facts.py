"""What each document says, read from the database as plain JSON-able facts (ints of won, ISO dates, strings).

A document is rendered from these facts only, and the same facts are the same document version: their
SHA-256 decides whether a download is a re-download (same verification code) or a new version (new code).
So nothing that changes without changing the document goes in (a quotation's selection status, a row's
update time), and everything the PDF shows does.

Amounts are whole won, VAT included unless named supply (공급가액) or vat (세액); per line they are the line's
stored split (market/core/tax.py split_vat, made when the line was written), and totals are the sums of the
lines, so a document always adds up.
"""

import datetime

from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError
from market.core.tax import split_vat
from market.firms.models import Designation, DesignationStatus, Firm, FirmKind
from market.procurement.models import (
    Agency,
    AgencyRefund,
    Delivery,
    DeliveryLine,
    DeliveryStatus,
    FirmQualification,
    InspectionResult,
    ProcurementRegime,
    QualificationKind,
    Quotation,
    RegimeBasis,
)

# The longest period a purchase-record certificate covers (a results filing covers one year; a little over
# three leaves room for a multi-year contract without letting one request walk the whole ledger).
PURCHASE_RECORD_MAX_DAYS = 3 * 366


def _party_firm(firm: Firm) -> dict:
    return {"name": firm.name, "business_number": firm.registration_number, "address": firm.address}


def _party_agency(agency: Agency) -> dict:
    return {"name": agency.name, "business_number": agency.business_number, "address": agency.address}


def _totals(lines: list[dict]) -> dict:
    supply = sum(line["supply_value"] for line in lines)
    vat = sum(line["vat"] for line in lines)
    return {
        "supply_value": supply,
        "vat": vat,
        "total": supply + vat,
        "exempt_amount": sum(line["amount"] for line in lines if line["vat_exempt"]),
    }


def _local_day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


# --- 견적서 -----------------------------------------------------------------------------------------------------------
def quotation_facts(quotation: Quotation) -> dict:
    request = quotation.quote_request
    lines = [
        {
            "title": line.title,
            "unit": line.unit,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "vat_exempt": line.vat_exempt,
            "supply_value": line.supply_value,
            "vat": line.vat,
            "amount": line.line_total,
        }
        for line in quotation.lines.all()
    ]
    return {
        "kind": "quotation",
        "number": quotation.number,
        "date": _local_day(quotation.submitted_at),
        "valid_until": quotation.valid_until.isoformat(),
        "delivery_terms": quotation.delivery_terms,
        "note": quotation.note,
        "supplier": _party_firm(quotation.firm),
        "buyer": _party_agency(request.agency),
        "request": {
            "number": request.number,
            "title": request.title,
            "delivery_place": request.delivery_place,
            "delivery_date": request.delivery_date.isoformat(),
        },
        "lines": lines,
        "totals": _totals(lines),
    }


# --- 납품서 -----------------------------------------------------------------------------------------------------------
def delivery_note_facts(delivery: Delivery) -> dict:
    purchase = delivery.purchase
    lines = []
    for line in delivery.lines.all():
        ordered = line.purchase_line
        lines.append(
            {
                "title": ordered.title,
                "unit": ordered.unit,
                "quantity": line.quantity,
                "unit_price": ordered.unit_price,
                "vat_exempt": ordered.vat_exempt,
                "supply_value": line.supply_value,
                "vat": line.vat,
                "amount": line.amount,
                "result": line.result,
                "result_label": InspectionResult(line.result).label,
                "rejection_reason": line.rejection_reason,
            }
        )
    inspected = delivery.status == DeliveryStatus.INSPECTED
    accepted = [line for line in lines if line["result"] == InspectionResult.ACCEPTED]
    return {
        "kind": "delivery_note",
        "number": delivery.number,
        "delivered_on": delivery.delivered_on.isoformat(),
        "note": delivery.note,
        "inspected": inspected,
        "accepted_on": delivery.accepted_on.isoformat() if delivery.accepted_on else "",
        "supplier": _party_firm(purchase.firm),
        "buyer": _party_agency(purchase.agency),
        "purchase": {
            "number": purchase.number,
            "title": purchase.title,
            "delivery_place": purchase.delivery_place,
        },
        "lines": lines,
        "totals": _totals(lines),
        # What the agency accepted at inspection (what is invoiced); none before inspection.
        "accepted_totals": _totals(accepted) if inspected else None,
    }


# --- 지정 현황 --------------------------------------------------------------------------------------------------------
def _standing(*, start, end, revoked_on, status, on: datetime.date) -> str:
    if status == DesignationStatus.REVOKED and (revoked_on is None or revoked_on <= on):
        return "revoked"
    if start > on:
        return "not_yet"
    if end is not None and end < on:
        return "expired"
    return "valid"


STANDING_LABELS = {"valid": "유효", "expired": "만료", "revoked": "취소", "not_yet": "개시 전"}


def designation_facts(firm: Firm, *, on: datetime.date, requested_by: Agency | None = None) -> dict:
    """A firm's social economy designations and other procurement certifications, each with its standing on
    `on`. Designations an operator has not confirmed yet (pending) are not attested."""
    designations = [
        {
            "kind": d.kind,
            "kind_label": FirmKind(d.kind).label,
            "number": d.number,
            "issuer": d.issuer,
            "start_date": d.start_date.isoformat(),
            "end_date": d.end_date.isoformat() if d.end_date else "",
            "revoked_on": d.revoked_on.isoformat() if d.revoked_on else "",
            "standing": (
                standing := _standing(
                    start=d.start_date, end=d.end_date, revoked_on=d.revoked_on, status=d.status, on=on
                )
            ),
            "standing_label": STANDING_LABELS[standing],
        }
        for d in Designation.objects.filter(firm=firm)
        .exclude(status=DesignationStatus.PENDING)
        .order_by("kind", "start_date", "id")
    ]
    qualifications = [
        {
            "kind": q.kind,
            "kind_label": QualificationKind(q.kind).label,
            "number": q.number,
            "issuer": q.issuer,
            "start_date": q.start_date.isoformat(),
            "end_date": q.end_date.isoformat() if q.end_date else "",
            "revoked_on": q.revoked_on.isoformat() if q.revoked_on else "",
            "standing": (
                standing := _standing(
                    start=q.start_date,
                    end=q.end_date,
                    revoked_on=q.revoked_on,
                    status=DesignationStatus.REVOKED if q.revoked_on else DesignationStatus.ACTIVE,
                    on=on,
                )
            ),
            "standing_label": STANDING_LABELS[standing],
        }
        for q in FirmQualification.objects.filter(firm=firm).order_by("kind", "start_date", "id")
    ]
    return {
        "kind": "designations",
        "as_of": on.isoformat(),
        "firm": {**_party_firm(firm), "district": firm.district.name_ko},
        "requested_by": _party_agency(requested_by) if requested_by else None,
        "designations": designations,
        "qualifications": qualifications,
        "valid_kinds": sorted({d["kind_label"] for d in designations if d["standing"] == "valid"}),
    }


# --- 구매실적 증명 ----------------------------------------------------------------------------------------------------
def purchase_record_period(date_from: datetime.date, date_to: datetime.date) -> None:
    if date_from > date_to:
        raise ApplicationError(_("The period's start is after its end."), code="invalid_period", field="from")
    if (date_to - date_from).days >= PURCHASE_RECORD_MAX_DAYS:
        raise ApplicationError(
            _("A purchase record covers at most %(days)s days.") % {"days": PURCHASE_RECORD_MAX_DAYS},
            code="period_too_long",
            field="to",
        )


def _qualified(regime: ProcurementRegime):
    """EXISTS: the line's firm qualified for `regime` on its delivery's acceptance day (the designation and
    qualification querysets' own validity rules, evaluated on that day by the database)."""
    if regime.basis == RegimeBasis.DESIGNATION and regime.designation_kinds:
        held = Designation.objects.valid(OuterRef("delivery__accepted_on")).filter(kind__in=regime.designation_kinds)
    elif regime.basis == RegimeBasis.QUALIFICATION and regime.qualification_kind:
        held = FirmQualification.objects.valid(OuterRef("delivery__accepted_on")).filter(kind=regime.qualification_kind)
    else:
        return Value(False)  # a regime naming no kind counts no firm
    return Exists(held.filter(firm_id=OuterRef("delivery__purchase__firm_id")))


# The refunds of a line, whatever day they were paid.
_refunded = Subquery(
    AgencyRefund.objects.filter(delivery_line=OuterRef("pk"))
    .order_by()
    .values("delivery_line")
    .annotate(total=Sum("amount"))
    .values("total")[:1],
    output_field=IntegerField(),
)


def purchase_record_facts(agency: Agency, *, date_from: datetime.date, date_to: datetime.date) -> dict:
    """What an agency bought through the marketplace in a period, by firm: deliveries accepted at inspection
    (검수) in the period, at the accepted amount net of refunds (a refund reduces the acceptance it refunds,
    whatever day it was paid), VAT included and split; and what of it counts toward each active procurement
    regime (the firm qualified on the acceptance day)."""
    purchase_record_period(date_from, date_to)
    regimes = list(ProcurementRegime.objects.filter(active=True))
    flags = {f"qualifies_{regime.pk}": _qualified(regime) for regime in regimes}
    lines = list(
        DeliveryLine.objects.filter(
            delivery__purchase__agency=agency,
            delivery__accepted_on__range=(date_from, date_to),
            result=InspectionResult.ACCEPTED,
        )
        .annotate(refunded=Coalesce(_refunded, 0), **flags)
        .select_related("delivery__purchase__firm", "purchase_line")
        .order_by("delivery__accepted_on", "id")
    )

    rows: dict[tuple[int, str], dict] = {}
    counted = {regime.code: 0 for regime in regimes}
    for line in lines:
        delivery, firm = line.delivery, line.delivery.purchase.firm
        exempt = line.purchase_line.vat_exempt
        refund_supply, refund_vat = split_vat(line.refunded or 0, exempt=exempt)
        supply, vat = line.supply_value - refund_supply, line.vat - refund_vat
        row = rows.setdefault(
            (firm.pk, delivery.firm_kind),
            {
                "firm": _party_firm(firm),
                "firm_kind": delivery.firm_kind,
                "firm_kind_label": FirmKind(delivery.firm_kind).label if delivery.firm_kind else "",
                "deliveries": set(),
                "supply_value": 0,
                "vat": 0,
                "total": 0,
                "exempt_amount": 0,
            },
        )
        row["deliveries"].add(delivery.number)
        row["supply_value"] += supply
        row["vat"] += vat
        row["total"] += supply + vat
        if exempt:
            row["exempt_amount"] += supply + vat
        for regime in regimes:
            if getattr(line, f"qualifies_{regime.pk}"):
                counted[regime.code] += supply + vat
    firm_rows = sorted(
        ({**row, "deliveries": len(row["deliveries"])} for row in rows.values()),
        key=lambda row: (-row["total"], row["firm"]["name"], row["firm_kind"]),
    )
    totals = {key: sum(row[key] for row in firm_rows) for key in ("supply_value", "vat", "total", "exempt_amount")}
    return {
        "kind": "purchase_record",
        "agency": {**_party_agency(agency), "district": agency.district.name_ko},
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "firms": firm_rows,
        "totals": {**totals, "deliveries": sum(row["deliveries"] for row in firm_rows)},
        "regimes": [
            {
                "code": regime.code,
                "name": regime.name,
                "target_rate": str(regime.target_rate),
                "counted": counted[regime.code],
            }
            for regime in regimes
        ],
    }
