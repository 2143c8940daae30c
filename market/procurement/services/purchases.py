"""Writes of agencies' purchases through internal approval.

A requester submits a purchase, either by selecting a quotation (견적) or straight from the catalogue (바로구매,
for small amounts of one firm's products); an approver of the same agency, never the requester, approves it,
which orders it from the firm, or returns it with a comment for the requester to submit again. At submission
and again at approval the firm's eligibility and the need for a tender are checked for that day
(market/procurement/rules.py purchase_eligibility): an ineligible firm is refused; a purchase that needs a tender
is written down with its reasons but cannot be approved here. Every step is recorded as a PurchaseEvent.

Buy-now takes the products of one firm only: a purchase is an order to one firm, approved and delivered as one
(an agency buying from two firms submits two purchases). It reserves no stock: agencies order for a delivery
date, which the firm produces or procures for.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from market.catalog.models import Product
from market.catalog.pricing import minimum_quantity_refusal, unit_price_for, with_price_tiers
from market.core.errors import ApplicationError, NotFound
from market.core.limits import check_length
from market.core.tax import split_vat
from market.procurement.models import (
    AgencyMember,
    AgencyRole,
    Purchase,
    PurchaseChannel,
    PurchaseEvent,
    PurchaseLine,
    PurchaseStatus,
    Quotation,
    QuotationStatus,
    QuoteRequestStatus,
)
from market.procurement.numbers import new_number
from market.procurement.rules import (
    approval_refusal,
    purchase_cancel_refusal,
    purchase_eligibility,
    quotation_selection_refusal,
    resubmit_refusal,
    return_refusal,
)
from market.procurement.services.agencies import require_role
from market.procurement.services.quotations import (
    MAX_ITEMS,
    check_amount,
    check_delivery,
    locked_quote_request,
)


class EventKind:
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"
    RETURNED = "returned"
    APPROVED = "approved"
    TENDER_REQUIRED = "tender_required"  # found at approval: the purchase stays waiting, flagged
    CANCELLED = "cancelled"


def _event(purchase: Purchase, kind: str, actor, comment: str = "", at: datetime.datetime | None = None) -> None:
    PurchaseEvent.objects.create(
        purchase=purchase, actor=actor, kind=kind, comment=comment[:1000], created_at=at or timezone.now()
    )


def _refuse_ineligible(eligibility) -> None:
    if eligibility.refusals:
        raise eligibility.refusals[0]


def _submit(
    *,
    member: AgencyMember,
    firm,
    channel: str,
    quotation: Quotation | None,
    title: str,
    delivery_place: str,
    delivery_date: datetime.date,
    lines: list[PurchaseLine],
    now: datetime.datetime,
    comment: str,
) -> Purchase:
    supply_total = sum(line.supply_value for line in lines)
    vat_total = sum(line.vat for line in lines)
    total = check_amount(supply_total + vat_total, field="items")
    eligibility = purchase_eligibility(firm, total, timezone.localdate(now))
    _refuse_ineligible(eligibility)
    purchase = Purchase.objects.create(
        number=new_number("purchase"),
        agency=member.agency,
        requester=member.user,
        firm=firm,
        channel=channel,
        quotation=quotation,
        status=PurchaseStatus.SUBMITTED,
        title=title,
        delivery_place=delivery_place,
        delivery_date=delivery_date,
        supply_total=supply_total,
        vat_total=vat_total,
        total=total,
        tender_required=eligibility.tender_required,
        tender_reasons=list(eligibility.tender_reasons),
        agency_district_id=member.agency.district_id,
        firm_district_id=firm.district_id,
        created_at=now,
        submitted_at=now,
    )
    for line in lines:
        line.purchase = purchase
    PurchaseLine.objects.bulk_create(lines)
    _event(purchase, EventKind.SUBMITTED, member.user, comment, now)
    return purchase


def _line(*, product, title: str, unit: str, quantity: int, unit_price: int, vat_exempt: bool) -> PurchaseLine:
    line_total = check_amount(unit_price * quantity, field="items")
    supply, vat = split_vat(line_total, exempt=vat_exempt)
    return PurchaseLine(
        product=product,
        title=title,
        unit=unit,
        quantity=quantity,
        unit_price=unit_price,
        vat_exempt=vat_exempt,
        line_total=line_total,
        supply_value=supply,
        vat=vat,
    )


# --- submission ------------------------------------------------------------------------------------------------
@transaction.atomic
def purchase_from_quotation(
    *,
    member: AgencyMember,
    quote_request_id: int,
    quotation_id: int,
    delivery_place: str | None = None,
    delivery_date: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Purchase:
    """A requester selects a live, still valid quotation of their agency's open request: a purchase of its lines
    is submitted for approval, the request closes and the other quotations are not selected. The delivery place
    and date are the request's unless given (a date that has passed meanwhile must be given anew)."""
    require_role(member, AgencyRole.REQUESTER)
    now = now or timezone.now()
    today = timezone.localdate(now)
    quote_request = locked_quote_request(agency=member.agency, quote_request_id=quote_request_id)
    quotation = (
        Quotation.objects.select_for_update(of=("self",))
        .select_related("firm")
        .filter(pk=quotation_id, quote_request=quote_request)
        .first()
    )
    if quotation is None:
        raise NotFound(_("No such quotation on this request."), code="not_found", field="quotation")
    quotation.quote_request = quote_request
    if refusal := quotation_selection_refusal(quotation, today=today):
        raise refusal
    delivery_place = quote_request.delivery_place if delivery_place is None else delivery_place.strip()
    delivery_date = delivery_date or quote_request.delivery_date
    check_delivery(delivery_place=delivery_place, delivery_date=delivery_date, today=today)
    lines = [
        PurchaseLine(
            product=line.product,
            title=line.title,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_exempt=line.vat_exempt,
            line_total=line.line_total,
            supply_value=line.supply_value,
            vat=line.vat,
        )
        for line in quotation.lines.order_by("item__position", "item_id")
    ]
    with translation.override("ko"):  # the approval trail is a record: in Korean
        comment = _("Quotation %(number)s selected.") % {"number": quotation.number}
    purchase = _submit(
        member=member,
        firm=quotation.firm,
        channel=PurchaseChannel.QUOTATION,
        quotation=quotation,
        title=quote_request.title,
        delivery_place=delivery_place,
        delivery_date=delivery_date,
        lines=lines,
        now=now,
        comment=comment,
    )
    quotation.status = QuotationStatus.SELECTED
    quotation.save(update_fields=["status"])
    quote_request.quotations.filter(status=QuotationStatus.SUBMITTED).update(status=QuotationStatus.NOT_SELECTED)
    quote_request.status = QuoteRequestStatus.CLOSED
    quote_request.save(update_fields=["status"])
    return purchase


@transaction.atomic
def purchase_buy_now(
    *,
    member: AgencyMember,
    items: list[dict],
    delivery_place: str,
    delivery_date: datetime.date,
    title: str = "",
    now: datetime.datetime | None = None,
) -> Purchase:
    """바로구매: a requester submits a purchase of catalogue products of one firm (`items`: {product_id,
    quantity}), each at its volume price for the quantity and at least its minimum order, for an amount (VAT
    included) of at most AGENCY_BUY_NOW_LIMIT; a larger purchase goes through a request for quotation."""
    require_role(member, AgencyRole.REQUESTER)
    now = now or timezone.now()
    check_delivery(delivery_place=delivery_place, delivery_date=delivery_date, today=timezone.localdate(now))
    check_length(title, model=Purchase, field="title")
    if not items:
        raise ApplicationError(_("Choose at least one product."), code="no_items", field="items")
    if len(items) > MAX_ITEMS:
        raise ApplicationError(
            _("A purchase holds at most %(limit)s products.") % {"limit": MAX_ITEMS},
            code="too_many_items",
            field="items",
        )
    ids = [item["product_id"] for item in items]
    products = {p.pk: p for p in with_price_tiers(Product.objects.public().select_related("firm").filter(pk__in=ids))}
    lines, firms, seen = [], set(), set()
    for index, item in enumerate(items):
        field = f"items[{index}]"
        product = products.get(item["product_id"])
        if product is None:
            raise NotFound(
                _("Product %(product_id)s is not on sale.") % {"product_id": item["product_id"]},
                code="product_not_available",
                field=f"{field}.product_id",
            )
        if product.pk in seen:
            raise ApplicationError(
                _("%(title)s is asked for twice; give it once with the whole quantity.") % {"title": product.title},
                code="duplicate_item",
                field=f"{field}.product_id",
            )
        seen.add(product.pk)
        firms.add(product.firm_id)
        if len(firms) > 1:
            raise ApplicationError(
                _(
                    "A purchase is made from one firm; %(title)s is another firm's product. Buy each firm's "
                    "products in a purchase of their own."
                )
                % {"title": product.title},
                code="several_firms",
                field=f"{field}.product_id",
            )
        if item["quantity"] < 1:
            raise ApplicationError(_("A quantity is at least 1."), code="out_of_range", field=f"{field}.quantity")
        if refusal := minimum_quantity_refusal(product, item["quantity"], field=f"{field}.quantity"):
            raise refusal
        lines.append(
            _line(
                product=product,
                title=product.title,
                unit=product.unit,
                quantity=item["quantity"],
                unit_price=unit_price_for(product, item["quantity"]),
                vat_exempt=product.vat_exempt,
            )
        )
    total = sum(line.line_total for line in lines)
    limit = settings.AGENCY_BUY_NOW_LIMIT
    if total > limit:
        raise ApplicationError(
            _(
                "Buy-now (바로구매) is for purchases up to %(limit)s won; this one comes to %(total)s won. "
                "Send a request for quotation (견적 요청) to the firm instead."
            )
            % {"limit": f"{limit:,}", "total": f"{total:,}"},
            code="buy_now_limit_exceeded",
            field="items",
        )
    firm = products[ids[0]].firm
    first = lines[0].title
    if not title.strip() and len(lines) > 1:
        with translation.override("ko"):  # stored, and shown on the documents: in Korean
            title = _("%(title)s and %(count)s more") % {"title": first, "count": len(lines) - 1}
    title = title.strip() or first
    return _submit(
        member=member,
        firm=firm,
        channel=PurchaseChannel.BUY_NOW,
        quotation=None,
        title=title[:200],
        delivery_place=delivery_place.strip(),
        delivery_date=delivery_date,
        lines=lines,
        now=now,
        comment="",
    )


# --- approval --------------------------------------------------------------------------------------------------
def _locked_purchase(*, agency, purchase_id: int) -> Purchase:
    purchase = (
        Purchase.objects.select_for_update(of=("self",))
        .select_related("firm")
        .filter(agency=agency, pk=purchase_id)
        .first()
    )
    if purchase is None:
        raise NotFound(_("No such purchase."), code="not_found")
    return purchase


@transaction.atomic
def purchase_resubmit(
    *, member: AgencyMember, purchase_id: int, comment: str = "", now: datetime.datetime | None = None
) -> Purchase:
    """The requester submits a returned purchase again (with an answer to the approver's comment); the firm's
    eligibility and the tender are checked again for the day."""
    require_role(member, AgencyRole.REQUESTER)
    now = now or timezone.now()
    check_length(comment, model=PurchaseEvent, field="comment")
    purchase = _locked_purchase(agency=member.agency, purchase_id=purchase_id)
    if refusal := resubmit_refusal(purchase, member.user):
        raise refusal
    eligibility = purchase_eligibility(purchase.firm, purchase.total, timezone.localdate(now))
    _refuse_ineligible(eligibility)
    purchase.status = PurchaseStatus.SUBMITTED
    purchase.submitted_at = now
    purchase.tender_required = eligibility.tender_required
    purchase.tender_reasons = list(eligibility.tender_reasons)
    purchase.save(update_fields=["status", "submitted_at", "tender_required", "tender_reasons"])
    _event(purchase, EventKind.RESUBMITTED, member.user, comment, now)
    return purchase


@transaction.atomic
def _approve(*, member: AgencyMember, purchase_id: int, now: datetime.datetime):
    purchase = _locked_purchase(agency=member.agency, purchase_id=purchase_id)
    today = timezone.localdate(now)
    eligibility = purchase_eligibility(purchase.firm, purchase.total, today)
    refusal = approval_refusal(purchase, member.user, on=today, eligibility=eligibility)
    if refusal is None:
        purchase.status = PurchaseStatus.ORDERED
        purchase.approver = member.user
        purchase.approved_at = now
        purchase.tender_required, purchase.tender_reasons = False, []
        purchase.save(update_fields=["status", "approver", "approved_at", "tender_required", "tender_reasons"])
        _event(purchase, EventKind.APPROVED, member.user, "", now)
    elif refusal.code == "tender_required" and purchase.tender_reasons != list(eligibility.tender_reasons):
        # Found on the day of approval: the purchase keeps waiting, flagged with its reasons for all to see.
        purchase.tender_required = True
        purchase.tender_reasons = list(eligibility.tender_reasons)
        purchase.save(update_fields=["tender_required", "tender_reasons"])
        _event(purchase, EventKind.TENDER_REQUIRED, member.user, refusal.message, now)
    return purchase, refusal


def purchase_approve(*, member: AgencyMember, purchase_id: int, now: datetime.datetime | None = None) -> Purchase:
    """An approver (never the requester: 403 own_request) approves a submitted purchase, which orders it from the
    firm. Refused when the firm is not eligible on the day or the purchase needs a tender (409 tender_required,
    pointing to 나라장터); a tender found only now is recorded on the purchase before the refusal."""
    require_role(member, AgencyRole.APPROVER)
    purchase, refusal = _approve(member=member, purchase_id=purchase_id, now=now or timezone.now())
    if refusal is not None:
        raise refusal
    return purchase


@transaction.atomic
def purchase_return(
    *, member: AgencyMember, purchase_id: int, comment: str, now: datetime.datetime | None = None
) -> Purchase:
    """An approver returns a submitted purchase to its requester with a comment saying what to change."""
    require_role(member, AgencyRole.APPROVER)
    if not comment.strip():
        raise ApplicationError(
            _("Say why the purchase is returned, so the requester can answer."),
            code="comment_required",
            field="comment",
        )
    check_length(comment, model=PurchaseEvent, field="comment")
    now = now or timezone.now()
    purchase = _locked_purchase(agency=member.agency, purchase_id=purchase_id)
    if refusal := return_refusal(purchase, member.user):
        raise refusal
    purchase.status = PurchaseStatus.RETURNED
    purchase.save(update_fields=["status"])
    _event(purchase, EventKind.RETURNED, member.user, comment.strip(), now)
    return purchase


@transaction.atomic
def purchase_cancel(
    *, member: AgencyMember, purchase_id: int, reason: str, now: datetime.datetime | None = None
) -> Purchase:
    """Its requester or an agency admin cancels a purchase, with a reason, until the firm has delivered any of
    it."""
    if not reason.strip():
        raise ApplicationError(_("Say why the purchase is cancelled."), code="reason_required", field="reason")
    check_length(reason, model=PurchaseEvent, field="comment", input_field="reason")
    now = now or timezone.now()
    purchase = _locked_purchase(agency=member.agency, purchase_id=purchase_id)
    if refusal := purchase_cancel_refusal(purchase, member):
        raise refusal
    purchase.status = PurchaseStatus.CANCELLED
    purchase.cancelled_at = now
    purchase.save(update_fields=["status", "cancelled_at"])
    _event(purchase, EventKind.CANCELLED, member.user, reason.strip(), now)
    return purchase
