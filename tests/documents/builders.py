"""Rows for document tests, written directly as the procurement services would leave them (the flows themselves
are other modules' tests): a quotation with lines, a delivery inspected line by line, a paid invoice."""

import datetime

from django.utils import timezone

from market.core.tax import split_vat
from market.procurement.models import (
    AgencyInvoice,
    AgencyRefund,
    Delivery,
    DeliveryLine,
    DeliveryStatus,
    InspectionResult,
    InvoiceStatus,
    PaymentMethod,
    Quotation,
    QuotationLine,
    QuoteRequest,
    QuoteRequestFirm,
    QuoteRequestItem,
)
from market.procurement.numbers import new_number
from tests.factories import FirmFactory
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase


def quotation(
    *, agency=None, firm=None, lines=(("친환경 복사용지 A4", "박스", 10, 27_500, False),), requester=None, **fields
):
    """A submitted quotation answering a new request of `agency`: `lines` are (title, unit, quantity, unit price
    VAT included, VAT-exempt)."""
    agency = agency or AgencyFactory()
    firm = firm or FirmFactory()
    requester = requester or agency_member(agency, "requester").user
    request = QuoteRequest.objects.create(
        number=new_number("quote_request"),
        agency=agency,
        requester=requester,
        title="사무용품 구매",
        delivery_place="서울특별시 마포구 월드컵로 212",
        delivery_date=datetime.date(2025, 4, 30),
        reply_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    QuoteRequestFirm.objects.create(quote_request=request, firm=firm)
    seller = firm.members.first().user if firm.members.exists() else requester
    q = Quotation.objects.create(
        number=new_number("quotation"),
        quote_request=request,
        firm=firm,
        submitted_by=seller,
        valid_until=datetime.date(2025, 4, 15),
        delivery_terms="발주 후 7일 이내 납품",
        submitted_at=timezone.make_aware(datetime.datetime(2025, 4, 1, 10, 0)),
        **fields,
    )
    supply_total = vat_total = 0
    for n, (title, unit, quantity, unit_price, exempt) in enumerate(lines):
        item = QuoteRequestItem.objects.create(
            quote_request=request, description=title, quantity=quantity, unit=unit, position=n
        )
        supply, vat = split_vat(unit_price * quantity, exempt=exempt)
        QuotationLine.objects.create(
            quotation=q,
            item=item,
            title=title,
            unit=unit,
            quantity=quantity,
            unit_price=unit_price,
            vat_exempt=exempt,
            line_total=unit_price * quantity,
            supply_value=supply,
            vat=vat,
        )
        supply_total += supply
        vat_total += vat
    q.supply_total, q.vat_total, q.total = supply_total, vat_total, supply_total + vat_total
    q.save(update_fields=["supply_total", "vat_total", "total"])
    return q


def delivery(purchase, *, results=None, delivered_on=datetime.date(2025, 4, 10), accepted_on=None, quantities=None):
    """A delivery of every line of `purchase` (or `quantities`, one per line). `results`, one per line, are
    "accepted", "rejected" or None (not inspected yet); given any, the delivery is inspected on `accepted_on`."""
    lines = list(purchase.lines.all())
    quantities = quantities or [line.quantity for line in lines]
    inspected = results is not None
    d = Delivery.objects.create(
        number=new_number("delivery"),
        purchase=purchase,
        delivered_on=delivered_on,
        created_by=purchase.requester,
        status=DeliveryStatus.INSPECTED if inspected else DeliveryStatus.AWAITING_INSPECTION,
        inspected_at=timezone.now() if inspected else None,
        accepted_on=(accepted_on or delivered_on) if inspected else None,
        firm_kind="social_enterprise" if inspected else "",
    )
    for n, (line, quantity) in enumerate(zip(lines, quantities, strict=True)):
        result = results[n] if inspected else InspectionResult.PENDING
        supply, vat = split_vat(line.unit_price * quantity, exempt=line.vat_exempt)
        DeliveryLine.objects.create(
            delivery=d,
            purchase_line=line,
            quantity=quantity,
            result=result,
            rejection_reason="파손" if result == InspectionResult.REJECTED else "",
            amount=line.unit_price * quantity,
            supply_value=supply,
            vat=vat,
        )
        line.delivered_quantity += quantity
        if result == InspectionResult.ACCEPTED:
            line.accepted_quantity += quantity
        elif result == InspectionResult.REJECTED:
            line.rejected_quantity += quantity
        line.save(update_fields=["delivered_quantity", "accepted_quantity", "rejected_quantity"])
    return d


def paid_invoice(d, *, paid_on=datetime.date(2025, 4, 20)) -> AgencyInvoice:
    accepted = list(d.lines.filter(result=InspectionResult.ACCEPTED))
    supply = sum(line.supply_value for line in accepted)
    vat = sum(line.vat for line in accepted)
    return AgencyInvoice.objects.create(
        number=new_number("invoice"),
        delivery=d,
        purchase=d.purchase,
        agency=d.purchase.agency,
        firm=d.purchase.firm,
        status=InvoiceStatus.PAID,
        supply_total=supply,
        vat_total=vat,
        total=supply + vat,
        issued_on=d.accepted_on,
        due_on=d.accepted_on + datetime.timedelta(days=30),
        paid_at=timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(15))),
        paid_by_method=PaymentMethod.BANK_TRANSFER,
    )


def refund(invoice, line, amount, *, refunded_on=datetime.date(2025, 6, 1)) -> AgencyRefund:
    return AgencyRefund.objects.create(
        invoice=invoice, delivery_line=line, amount=amount, reason="불량 교환 불가", refunded_on=refunded_on
    )


def document_objects(*, agencies, firms) -> dict:
    """For the security tests: for each (agency, firm) pair, a quotation the firm sent the agency, a delivery of a
    purchase inspected with one line rejected, its paid invoice, and one issued document; by kind."""
    from market.documents.services import quotation_document

    found = {"quotations": [], "deliveries": [], "agency_invoices": [], "document_codes": []}
    for agency, firm in zip(agencies, firms, strict=True):
        # Requested by a member the agency has already (the security tests count each agency's members).
        requester = agency.members.order_by("id").first().user
        lines = (("장바구니", "개", 10, 3_300, False), ("쌀", "kg", 5, 4_000, True))
        q = quotation(agency=agency, firm=firm, lines=lines, requester=requester)
        purchase = ordered_purchase(
            agency=agency, firm=firm, lines=((4, 11_000, False), (2, 5_000, True)), requester=requester
        )
        d = delivery(purchase, results=["accepted", "rejected"], accepted_on=datetime.date(2025, 4, 11))
        found["quotations"].append(q)
        found["deliveries"].append(d)
        found["agency_invoices"].append(paid_invoice(d))
        found["document_codes"].append(quotation_document(quotation=q).record)
    return found
