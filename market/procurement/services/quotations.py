"""Writes of requests for quotation (견적 요청) and quotations (견적서).

An agency's requester asks one or several firms for prices on items (catalogue products or needs in free text),
with a delivery place and date and a reply deadline. Each firm asked answers once (it may withdraw and answer
again until the deadline) with a line per item: a catalogue item of its own is priced by default at the
product's volume price for the quantity (market/catalog/pricing.py), and the firm may offer any positive price
(one above the catalogue price is flagged to the agency, not refused); VAT is split per line (면세 products and
lines carry none). The agency then makes a purchase of one quotation (services/purchases.py).

A catalogue item's firm is added to the recipients automatically: it is the one firm that surely sells it. The
other recipients may quote the item as an equivalent of their own (their line has no product; they give its
price and whether it is VAT-exempt, by default as the catalogue product is).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from market.catalog.models import Product
from market.catalog.pricing import minimum_quantity_refusal, price_tiers_prefetch, unit_price_for, with_price_tiers
from market.core.errors import ApplicationError, NotFound, PermissionDenied
from market.core.limits import check_length
from market.core.tax import split_vat
from market.firms.models import Firm
from market.procurement.models import (
    AgencyMember,
    AgencyRole,
    Quotation,
    QuotationLine,
    QuotationStatus,
    QuoteRequest,
    QuoteRequestFirm,
    QuoteRequestItem,
    QuoteRequestStatus,
)
from market.procurement.numbers import new_number
from market.procurement.rules import (
    MAX_AMOUNT,
    quotation_submit_refusal,
    quotation_withdraw_refusal,
    quote_request_cancel_refusal,
)
from market.procurement.services.agencies import require_role

MAX_ITEMS = 100
MAX_RECIPIENTS = 20


def _firm_of(seller) -> Firm:
    membership = getattr(seller, "firm_membership", None)
    if membership is None:
        raise PermissionDenied(_("Only members of a seller firm may do this."))
    return membership.firm


def check_amount(amount: int, *, field: str) -> int:
    if amount > MAX_AMOUNT:
        raise ApplicationError(
            _("%(amount)s won is more than one purchase may amount to (%(limit)s won).")
            % {"amount": f"{amount:,}", "limit": f"{MAX_AMOUNT:,}"},
            code="amount_too_large",
            field=field,
        )
    return amount


def check_delivery(*, delivery_place: str, delivery_date: datetime.date, today: datetime.date) -> None:
    check_length(delivery_place, model=QuoteRequest, field="delivery_place")
    if not delivery_place.strip():
        raise ApplicationError(_("Say where the goods are to be delivered."), code="required", field="delivery_place")
    if delivery_date < today:
        raise ApplicationError(
            _("The delivery date %(day)s is in the past.") % {"day": delivery_date.isoformat()},
            code="delivery_date_past",
            field="delivery_date",
        )


# --- requests for quotation ----------------------------------------------------------------------------------
def _request_items(items: list[dict]) -> list[tuple[dict, Product | None]]:
    """Each item with its catalogue product (public, MOQ honoured), or None for a need in free text."""
    if not items:
        raise ApplicationError(_("A request for quotation needs at least one item."), code="no_items", field="items")
    if len(items) > MAX_ITEMS:
        raise ApplicationError(
            _("A request for quotation holds at most %(limit)s items.") % {"limit": MAX_ITEMS},
            code="too_many_items",
            field="items",
        )
    product_ids = [item["product_id"] for item in items if item.get("product_id") is not None]
    products = {
        p.pk: p for p in with_price_tiers(Product.objects.public().select_related("firm").filter(pk__in=product_ids))
    }
    seen: set[int] = set()
    checked = []
    for index, item in enumerate(items):
        field = f"items[{index}]"
        quantity = item["quantity"]
        if quantity < 1:
            raise ApplicationError(_("A quantity is at least 1."), code="out_of_range", field=f"{field}.quantity")
        check_length(item.get("unit") or "", model=QuoteRequestItem, field="unit", input_field=f"{field}.unit")
        check_length(
            item.get("description") or "",
            model=QuoteRequestItem,
            field="description",
            input_field=f"{field}.description",
        )
        product_id = item.get("product_id")
        if product_id is None:
            if not (item.get("description") or "").strip():
                raise ApplicationError(
                    _("Describe what you need, or choose a product from the catalogue."),
                    code="description_required",
                    field=f"{field}.description",
                )
            checked.append((item, None))
            continue
        product = products.get(product_id)
        if product is None:
            raise NotFound(
                _("Product %(product_id)s is not on sale.") % {"product_id": product_id},
                code="product_not_available",
                field=f"{field}.product_id",
            )
        if product_id in seen:
            raise ApplicationError(
                _("%(title)s is asked for twice; give it once with the whole quantity.") % {"title": product.title},
                code="duplicate_item",
                field=f"{field}.product_id",
            )
        seen.add(product_id)
        if refusal := minimum_quantity_refusal(product, quantity, field=f"{field}.quantity"):
            raise refusal
        checked.append((item, product))
    return checked


def _recipients(firm_ids, products) -> list[Firm]:
    wanted = set(firm_ids)
    firms = {f.pk: f for f in Firm.objects.selling().filter(pk__in=wanted)}
    missing = sorted(wanted - firms.keys())
    if missing:
        raise NotFound(
            _("Firm %(firm_id)s does not sell on the marketplace now.") % {"firm_id": missing[0]},
            code="firm_not_available",
            field="firms",
        )
    for product in products:
        firms.setdefault(product.firm_id, product.firm)  # the catalogue item's own firm, added
    if not firms:
        raise ApplicationError(
            _("Choose at least one firm to ask, or a product from the catalogue."), code="no_recipients", field="firms"
        )
    if len(firms) > MAX_RECIPIENTS:
        raise ApplicationError(
            _("A request for quotation goes to at most %(limit)s firms.") % {"limit": MAX_RECIPIENTS},
            code="too_many_recipients",
            field="firms",
        )
    return [firms[pk] for pk in sorted(firms)]


@transaction.atomic
def quote_request_create(
    *,
    member: AgencyMember,
    title: str,
    items: list[dict],
    firm_ids: list[int],
    delivery_place: str,
    delivery_date: datetime.date,
    reply_deadline: datetime.datetime,
    note: str = "",
    now: datetime.datetime | None = None,
) -> QuoteRequest:
    """A requester's request for quotation. `items`: dicts with `quantity` and either `product_id` (a published
    catalogue product; at least its minimum order quantity) or `description` (a need in free text), and an
    optional `unit`. `firm_ids`: the selling firms asked; each catalogue item's firm is added. The reply deadline
    is in the future and before the delivery date, which is not in the past."""
    require_role(member, AgencyRole.REQUESTER)
    now = now or timezone.now()
    today = timezone.localdate(now)
    check_length(title, model=QuoteRequest, field="title")
    check_length(note, model=QuoteRequest, field="note")
    if not title.strip():
        raise ApplicationError(_("Give the request a title."), code="required", field="title")
    check_delivery(delivery_place=delivery_place, delivery_date=delivery_date, today=today)
    if reply_deadline <= now:
        raise ApplicationError(
            _("The reply deadline must be in the future."), code="deadline_past", field="reply_deadline"
        )
    if timezone.localdate(reply_deadline) >= delivery_date:
        raise ApplicationError(
            _("The reply deadline must come before the delivery date."),
            code="deadline_after_delivery",
            field="reply_deadline",
        )
    checked = _request_items(items)
    recipients = _recipients(firm_ids, [product for _item, product in checked if product is not None])

    quote_request = QuoteRequest.objects.create(
        number=new_number("quote_request"),
        agency=member.agency,
        requester=member.user,
        title=title.strip(),
        delivery_place=delivery_place.strip(),
        delivery_date=delivery_date,
        reply_deadline=reply_deadline,
        note=note,
        created_at=now,
    )
    QuoteRequestItem.objects.bulk_create(
        QuoteRequestItem(
            quote_request=quote_request,
            product=product,
            description=(item.get("description") or "").strip() or (product.title if product else ""),
            quantity=item["quantity"],
            unit=(item.get("unit") or "").strip() or (product.unit if product else "개"),
            position=position,
        )
        for position, (item, product) in enumerate(checked)
    )
    QuoteRequestFirm.objects.bulk_create(QuoteRequestFirm(quote_request=quote_request, firm=f) for f in recipients)
    return quote_request


def locked_quote_request(*, agency, quote_request_id: int) -> QuoteRequest:
    quote_request = QuoteRequest.objects.select_for_update().filter(agency=agency, pk=quote_request_id).first()
    if quote_request is None:
        raise NotFound(_("No such request for quotation."), code="not_found")
    return quote_request


@transaction.atomic
def quote_request_cancel(*, member: AgencyMember, quote_request_id: int) -> QuoteRequest:
    """Its requester or an agency admin cancels an open request; the quotations received are not selected."""
    quote_request = locked_quote_request(agency=member.agency, quote_request_id=quote_request_id)
    if refusal := quote_request_cancel_refusal(quote_request, member):
        raise refusal
    quote_request.status = QuoteRequestStatus.CANCELLED
    quote_request.save(update_fields=["status"])
    quote_request.quotations.filter(status=QuotationStatus.SUBMITTED).update(status=QuotationStatus.NOT_SELECTED)
    return quote_request


# --- quotations --------------------------------------------------------------------------------------------------
def _quotation_lines(quote_request: QuoteRequest, firm: Firm, lines: list[dict]) -> list[QuotationLine]:
    """One priced line per item of the request, in the items' order (unsaved)."""
    items = list(
        quote_request.items.select_related("product")
        .prefetch_related(price_tiers_prefetch("product__price_tiers"))
        .order_by("position", "id")
    )
    by_item: dict[int, dict] = {}
    for index, line in enumerate(lines):
        item_id = line["item_id"]
        if item_id in by_item:
            raise ApplicationError(
                _("Item %(item_id)s is priced twice.") % {"item_id": item_id},
                code="duplicate_line",
                field=f"lines[{index}].item_id",
            )
        by_item[item_id] = {**line, "_index": index}
    unknown = sorted(by_item.keys() - {item.pk for item in items})
    if unknown:
        raise ApplicationError(
            _("Item %(item_id)s is not in this request.") % {"item_id": unknown[0]},
            code="unknown_item",
            field=f"lines[{by_item[unknown[0]]['_index']}].item_id",
        )
    result = []
    for item in items:
        line = by_item.get(item.pk)
        if line is None:
            raise ApplicationError(
                _("Price every item of the request: %(title)s has no line.") % {"title": item.description},
                code="line_missing",
                field="lines",
            )
        field = f"lines[{line['_index']}]"
        product = item.product
        own_product = product is not None and product.firm_id == firm.pk
        unit_price = line.get("unit_price")
        if unit_price is None:
            if not own_product:
                raise ApplicationError(
                    _("Give a unit price for %(title)s.") % {"title": item.description},
                    code="unit_price_required",
                    field=f"{field}.unit_price",
                )
            unit_price = unit_price_for(product, item.quantity)
        if unit_price < 1:
            raise ApplicationError(
                _("A unit price is at least 1 won."), code="out_of_range", field=f"{field}.unit_price"
            )
        if own_product:
            vat_exempt = product.vat_exempt  # a product attribute, not the firm's choice per quotation
        elif line.get("vat_exempt") is not None:
            vat_exempt = bool(line["vat_exempt"])
        else:
            vat_exempt = bool(product and product.vat_exempt)
        line_total = check_amount(unit_price * item.quantity, field=f"{field}.unit_price")
        supply, vat = split_vat(line_total, exempt=vat_exempt)
        result.append(
            QuotationLine(
                item=item,
                product=product if own_product else None,
                title=product.title if own_product else item.description,
                unit=item.unit,
                quantity=item.quantity,
                unit_price=unit_price,
                vat_exempt=vat_exempt,
                line_total=line_total,
                supply_value=supply,
                vat=vat,
            )
        )
    return result


@transaction.atomic
def quotation_submit(
    *,
    seller,
    quote_request_id: int,
    lines: list[dict],
    valid_until: datetime.date,
    delivery_terms: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
) -> Quotation:
    """A seller's quotation for their firm, on a request sent to it, before the reply deadline (else 409
    deadline_passed). `lines`: one per item, {item_id, unit_price?, vat_exempt?}; a catalogue item of the firm's
    own defaults to its volume price for the quantity and its VAT exemption."""
    firm = _firm_of(seller)
    now = now or timezone.now()
    # The request's row lock orders a firm's submissions, withdrawals and the agency's selection.
    quote_request = QuoteRequest.objects.select_for_update().filter(pk=quote_request_id, recipients__firm=firm).first()
    if quote_request is None:
        raise NotFound(_("No such request for quotation."), code="not_found")
    if refusal := quotation_submit_refusal(quote_request, firm, now=now):
        raise refusal
    if valid_until < timezone.localdate(now):
        raise ApplicationError(
            _("A quotation must be valid until today or later."), code="valid_until_past", field="valid_until"
        )
    check_length(delivery_terms, model=Quotation, field="delivery_terms")
    check_length(note, model=Quotation, field="note")
    priced = _quotation_lines(quote_request, firm, lines)
    supply_total = sum(line.supply_value for line in priced)
    vat_total = sum(line.vat for line in priced)
    check_amount(supply_total + vat_total, field="lines")
    quotation = Quotation.objects.create(
        number=new_number("quotation"),
        quote_request=quote_request,
        firm=firm,
        submitted_by=seller,
        valid_until=valid_until,
        delivery_terms=delivery_terms,
        note=note,
        supply_total=supply_total,
        vat_total=vat_total,
        total=supply_total + vat_total,
        submitted_at=now,
    )
    for line in priced:
        line.quotation = quotation
    QuotationLine.objects.bulk_create(priced)
    return quotation


@transaction.atomic
def quotation_withdraw(*, seller, quotation_id: int) -> Quotation:
    """The firm takes back its quotation before the agency decides; it may then send another before the
    deadline."""
    firm = _firm_of(seller)
    found = Quotation.objects.filter(pk=quotation_id, firm=firm).values_list("quote_request_id", flat=True).first()
    if found is None:
        raise NotFound(_("No such quotation."), code="not_found")
    QuoteRequest.objects.select_for_update().filter(
        pk=found
    ).first()  # the request first: the order every writer locks in
    quotation = Quotation.objects.select_for_update().select_related("quote_request").get(pk=quotation_id)
    if refusal := quotation_withdraw_refusal(quotation):
        raise refusal
    quotation.status = QuotationStatus.WITHDRAWN
    quotation.save(update_fields=["status"])
    return quotation
