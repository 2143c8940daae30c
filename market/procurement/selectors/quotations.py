"""Reads of requests for quotation and quotations: the agency's requests, the requests a firm was asked on (with
its own quotation), and the side-by-side comparison of a request's quotations."""

import datetime

from django.db.models import Prefetch, QuerySet

from market.catalog.pricing import price_tiers_prefetch, unit_price_for
from market.firms.models import Firm
from market.procurement.models import (
    Agency,
    Quotation,
    QuotationLine,
    QuotationStatus,
    QuoteRequest,
    QuoteRequestFirm,
    QuoteRequestItem,
)


def _lines():
    return Prefetch(
        "lines",
        queryset=QuotationLine.objects.select_related("product")
        .prefetch_related(price_tiers_prefetch("product__price_tiers"))
        .order_by("item__position", "item_id"),
    )


def _items():
    return Prefetch(
        "items",
        queryset=QuoteRequestItem.objects.select_related("product").prefetch_related(
            price_tiers_prefetch("product__price_tiers")
        ),
    )


def quote_request_list_for_agency(*, agency: Agency) -> QuerySet[QuoteRequest]:
    """The agency's requests, newest first, each with its items, the firms asked and the quotations received."""
    return (
        QuoteRequest.objects.filter(agency=agency)
        .select_related("requester")
        .prefetch_related(
            _items(),
            Prefetch("recipients", queryset=QuoteRequestFirm.objects.select_related("firm").order_by("firm_id")),
            Prefetch("quotations", queryset=Quotation.objects.select_related("firm").prefetch_related(_lines())),
        )
    )


def quote_request_list_for_firm(*, firm: Firm) -> QuerySet[QuoteRequest]:
    """The requests `firm` was asked on, newest first. `quotations` holds only the firm's own (never another
    firm's prices)."""
    return (
        QuoteRequest.objects.filter(recipients__firm=firm)
        .select_related("agency")
        .prefetch_related(
            _items(),
            Prefetch(
                "quotations",
                queryset=Quotation.objects.filter(firm=firm).select_related("firm").prefetch_related(_lines()),
            ),
        )
    )


def own_quotation(quote_request: QuoteRequest, firm_id: int) -> Quotation | None:
    """The firm's quotation on the request as it stands: the live one, else the latest withdrawn."""
    own = [q for q in quote_request.quotations.all() if q.firm_id == firm_id]
    live = [q for q in own if q.status != QuotationStatus.WITHDRAWN]
    if live:
        return live[0]
    return max(own, key=lambda q: (q.submitted_at, q.pk), default=None)


def catalogue_unit_price(item: QuoteRequestItem) -> int | None:
    """The catalogue's volume price of an item's product for its quantity (None for a need in free text)."""
    return unit_price_for(item.product, item.quantity) if item.product is not None else None


def above_catalogue_price(line: QuotationLine) -> bool:
    """A firm may quote its catalogue product above the catalogue's volume price for the quantity; the agency
    is shown it (today's catalogue price)."""
    return line.product is not None and line.unit_price > unit_price_for(line.product, line.quantity)


def quote_request_comparison(quote_request: QuoteRequest, *, today: datetime.date) -> dict:
    """The request's quotations side by side (from a quote_request_list_for_agency row).

    Withdrawn quotations are left out. For each item, each quotation's unit price and line total; for each
    quotation, its totals (supply value, VAT, total) and validity. `cheapest` marks, among the quotations still
    valid today, the lowest line total of each item and the lowest total overall (ties all marked).
    """
    quotations = [q for q in quote_request.quotations.all() if q.status != QuotationStatus.WITHDRAWN]
    quotations.sort(key=lambda q: (q.total, q.pk))
    comparable = [q for q in quotations if q.valid_until >= today]
    lines = {(q.pk, line.item_id): line for q in quotations for line in q.lines.all()}

    items = []
    for item in quote_request.items.all():
        cheapest = min((lines[q.pk, item.pk].line_total for q in comparable if (q.pk, item.pk) in lines), default=None)
        offers = []
        for quotation in quotations:
            line = lines.get((quotation.pk, item.pk))
            if line is None:
                continue
            offers.append(
                {
                    "quotation_id": quotation.pk,
                    "firm_id": quotation.firm_id,
                    "firm_name": quotation.firm.name,
                    "unit_price": line.unit_price,
                    "line_total": line.line_total,
                    "supply_value": line.supply_value,
                    "vat": line.vat,
                    "vat_exempt": line.vat_exempt,
                    "above_catalogue_price": above_catalogue_price(line),
                    "cheapest": quotation in comparable and line.line_total == cheapest,
                }
            )
        items.append(
            {
                "id": item.pk,
                "product_id": item.product_id,
                "description": item.description,
                "quantity": item.quantity,
                "unit": item.unit,
                "catalogue_unit_price": catalogue_unit_price(item),
                "offers": offers,
            }
        )
    cheapest_total = min((q.total for q in comparable), default=None)
    return {
        "id": quote_request.pk,
        "number": quote_request.number,
        "title": quote_request.title,
        "status": quote_request.status,
        "items": items,
        "quotations": [
            {
                "id": q.pk,
                "number": q.number,
                "firm_id": q.firm_id,
                "firm_name": q.firm.name,
                "status": q.status,
                "valid_until": q.valid_until,
                "valid": q.valid_until >= today,
                "delivery_terms": q.delivery_terms,
                "supply_total": q.supply_total,
                "vat_total": q.vat_total,
                "total": q.total,
                "cheapest": q in comparable and q.total == cheapest_total,
            }
            for q in quotations
        ],
    }
