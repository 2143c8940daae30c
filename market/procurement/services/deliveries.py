"""Writes after an agency's purchase is ordered: delivery (납품), inspection (검수), the invoice, its payment and
refunds, and what each books into the firm's settlement ledger.

- The firm records what it delivered (partial deliveries allowed, never more than is left to deliver); the
  agency's inspector accepts or rejects every line of that delivery (a rejection with its reason). A rejected
  unit is owed again: it goes back to what is left to deliver, so the firm may redeliver it in a later delivery
  (PurchaseLine.left_to_deliver). The purchase is completed once every unit is accepted.
- The inspection day (`accepted_on`) is the agency's confirmation of receipt: the day the accepted amount
  counts toward its purchase performance, and the firm's kind is fixed as it was on that day.
- The firm (or an operator) invoices an inspected delivery once, for its accepted lines only: a rejected line
  is never invoiced. Our invoice exists (OPEN) as soon as the API answers; a task then sends it through the
  payment gateway (collection_method send_invoice, due in AGENCY_INVOICE_DAYS_UNTIL_DUE days), retrying while
  the gateway is away, so `provider_invoice_id` stays blank until the gateway has it.
- The agency pays by bank transfer, which an operator or the firm's seller confirms (marked paid here, then at
  the gateway out of band); the gateway's own "invoice paid" event does the same, and a small invoice may be
  paid by card. A paid invoice books the sale (and the platform's fee) into the firm's settlement ledger at
  once: payable without waiting, since inspection already confirmed receipt. Each entry is keyed by the
  invoice's number, so a second confirmation or a replayed event books nothing more.
- An operator records a refund of (part of) an accepted line of a paid invoice; the firm's ledger gives the
  money back less the fee refunded, as for citizens' refunds.

Locks, always in this order so two writers cannot deadlock: the purchase, then its delivery, then the
delivery's invoice. A purchase's lines (their delivered, accepted and rejected quantities) are written only
under the purchase's row lock.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.core.events import enqueue_on_commit
from market.core.limits import check_length
from market.core.tax import split_vat
from market.firms.models import FirmMember
from market.firms.selectors import firm_reported_kinds
from market.payments.models import SettlementKind
from market.payments.provider import (
    GatewayEventKind,
    IntentStatus,
    InvoiceLineInput,
    PaymentIntentData,
    check_krw_amount,
    get_payment_provider,
)
from market.payments.provider import InvoiceStatus as GatewayInvoiceStatus
from market.payments.services import _settle, platform_fee
from market.procurement.models import (
    AgencyInvoice,
    AgencyMember,
    AgencyRefund,
    AgencyRole,
    Delivery,
    DeliveryLine,
    DeliveryStatus,
    InspectionResult,
    InvoiceStatus,
    PaymentMethod,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    PurchaseStatus,
)
from market.procurement.numbers import new_number
from market.procurement.services.agencies import require_role

logger = logging.getLogger(__name__)

MAX_DELIVERY_LINES = 200


# --- who may act ------------------------------------------------------------------------------------------------
def _is_seller_of(user, firm_id: int) -> bool:
    # One query whether or not the user belongs to a firm (a missing reverse one-to-one is not cached).
    return FirmMember.objects.filter(user_id=user.pk, firm_id=firm_id).exists()


def _require_seller(user, firm_id: int, *, or_operator: bool = False) -> None:
    if or_operator and user.is_staff:
        return
    if not _is_seller_of(user, firm_id):
        message = (
            _("Only a seller of the firm this purchase was ordered from, or an operator, may do this.")
            if or_operator
            else _("Only a seller of the firm this purchase was ordered from may do this.")
        )
        raise PermissionDenied(message, code="not_the_firms_seller")


def _require_operator(user) -> None:
    if not user.is_staff:
        raise PermissionDenied(_("Only operators (city staff) may do this."), code="operator_only")


def _record(purchase_id: int, kind: str, actor=None, comment: str = "") -> None:
    PurchaseEvent.objects.create(purchase_id=purchase_id, actor=actor, kind=kind, comment=comment[:1000])


def _check_day(day: datetime.date, *, field: str, today: datetime.date) -> None:
    if day > today:
        raise ApplicationError(
            _("%(day)s is in the future.") % {"day": day.isoformat()}, code="date_in_future", field=field
        )


def _lock_purchase(purchase_id: int) -> Purchase:
    purchase = Purchase.objects.select_for_update().filter(pk=purchase_id).first()
    if purchase is None:
        raise NotFound(_("No such purchase."), code="not_found")
    return purchase


# --- what may happen now (the services refuse with these; the API shows them as can_* flags) ---------------------
def inspection_refusal(delivery: Delivery) -> Conflict | None:
    """A delivery is inspected once, while it awaits inspection."""
    if delivery.status != DeliveryStatus.AWAITING_INSPECTION:
        return Conflict(
            _("Delivery %(number)s was inspected on %(day)s; a delivery is inspected once.")
            % {"number": delivery.number, "day": delivery.accepted_on.isoformat()},
            code="already_inspected",
            field="status",
        )
    return None


def invoicing_refusal(delivery: Delivery) -> Conflict | None:
    """Only an inspected delivery with an accepted line is invoiced, once. Reads `delivery.lines.all()` and
    `delivery.invoice` (a list prefetches and selects them)."""
    if delivery.status != DeliveryStatus.INSPECTED:
        return Conflict(
            _("Delivery %(number)s has not been inspected yet; only what the agency accepted is invoiced.")
            % {"number": delivery.number},
            code="not_inspected",
            field="status",
        )
    if (invoice := delivery_invoice(delivery)) is not None:
        return Conflict(
            _("Delivery %(number)s is invoiced already (%(invoice)s).")
            % {"number": delivery.number, "invoice": invoice.number},
            code="already_invoiced",
        )
    if not any(line.result == InspectionResult.ACCEPTED for line in delivery.lines.all()):
        return Conflict(
            _("Every line of delivery %(number)s was rejected; there is nothing to invoice.")
            % {"number": delivery.number},
            code="nothing_accepted",
        )
    return None


def delivery_invoice(delivery: Delivery) -> AgencyInvoice | None:
    """The delivery's invoice, or None (the reverse one-to-one raises when there is none)."""
    try:
        return delivery.invoice
    except AgencyInvoice.DoesNotExist:
        return None


def payment_refusal(invoice: AgencyInvoice) -> Conflict | None:
    """Only an open invoice is paid (a transfer confirmed, a card payment)."""
    if invoice.status != InvoiceStatus.OPEN:
        return Conflict(
            _("Invoice %(number)s is %(status)s; only an open invoice can be paid.")
            % {"number": invoice.number, "status": InvoiceStatus(invoice.status).label},
            code="invoice_not_open",
            field="status",
        )
    return None


# --- delivery --------------------------------------------------------------------------------------------------
def _delivery_lines(purchase: Purchase, lines: list[dict]) -> list[tuple[PurchaseLine, int]]:
    """Each input line's purchase line (of this purchase) and quantity, checked against what is left."""
    if not lines:
        raise ApplicationError(_("Say what was delivered: at least one line."), code="required", field="lines")
    if len(lines) > MAX_DELIVERY_LINES:
        raise ApplicationError(
            _("A delivery has at most %(n)s lines.") % {"n": MAX_DELIVERY_LINES}, code="too_many_lines", field="lines"
        )
    own = {line.pk: line for line in purchase.lines.all()}
    chosen: list[tuple[PurchaseLine, int]] = []
    seen = set()
    over = []
    for n, item in enumerate(lines):
        line_id, quantity = item["purchase_line_id"], item["quantity"]
        field = f"lines[{n}]"
        if line_id not in own:
            raise ApplicationError(
                _("Line %(id)s is not a line of this purchase.") % {"id": line_id},
                code="unknown_line",
                field=f"{field}.purchase_line_id",
            )
        if line_id in seen:
            raise ApplicationError(
                _("Line %(id)s is given twice; give each line once with its whole quantity.") % {"id": line_id},
                code="duplicate_line",
                field=f"{field}.purchase_line_id",
            )
        seen.add(line_id)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ApplicationError(
                _("A delivered quantity is a whole number of at least 1."),
                code="invalid_quantity",
                field=f"{field}.quantity",
            )
        line = own[line_id]
        if quantity > line.left_to_deliver:
            over.append(
                {
                    "field": f"{field}.quantity",
                    "code": "over_delivery",
                    "purchase_line_id": line_id,
                    "left_to_deliver": line.left_to_deliver,
                    "message": _("%(title)s: %(left)s%(unit)s left to deliver, not %(quantity)s.")
                    % {"title": line.title, "left": line.left_to_deliver, "unit": line.unit, "quantity": quantity},
                }
            )
        chosen.append((line, quantity))
    if over:
        raise Conflict(over[0]["message"], code="over_delivery", field=over[0]["field"], details=over)
    return chosen


@transaction.atomic
def delivery_record(
    *, purchase_id: int, actor, lines: list[dict], delivered_on: datetime.date, note: str = ""
) -> Delivery:
    """The firm's seller records a delivery (납품) of an ordered purchase: `lines` are {purchase_line_id,
    quantity}, each at most what is left to deliver of that line (a delivery may be partial). The delivery
    waits for the agency's inspection; its lines are priced at the purchase's unit prices, VAT split per line."""
    today = timezone.localdate()
    _check_day(delivered_on, field="delivered_on", today=today)
    check_length(note, model=Delivery, field="note")
    purchase = _lock_purchase(purchase_id)
    _require_seller(actor, purchase.firm_id)
    if purchase.status != PurchaseStatus.ORDERED:
        raise Conflict(
            _("This purchase is %(status)s; only an ordered purchase can be delivered.")
            % {"status": PurchaseStatus(purchase.status).label},
            code="purchase_not_ordered",
            field="status",
        )
    if purchase.approved_at and delivered_on < timezone.localdate(purchase.approved_at):
        raise ApplicationError(
            _("The purchase was ordered on %(day)s; a delivery cannot be earlier.")
            % {"day": timezone.localdate(purchase.approved_at).isoformat()},
            code="delivered_before_order",
            field="delivered_on",
        )
    chosen = _delivery_lines(purchase, lines)
    delivery = Delivery.objects.create(
        number=new_number("delivery"),
        purchase=purchase,
        delivered_on=delivered_on,
        note=note.strip(),
        created_by=actor,
    )
    for line, quantity in chosen:
        amount = line.unit_price * quantity
        supply, vat = split_vat(amount, exempt=line.vat_exempt)
        DeliveryLine.objects.create(
            delivery=delivery, purchase_line=line, quantity=quantity, amount=amount, supply_value=supply, vat=vat
        )
        PurchaseLine.objects.filter(pk=line.pk).update(delivered_quantity=F("delivered_quantity") + quantity)
    _record(purchase.pk, "delivered", actor, delivery.number)
    return delivery


# --- inspection ------------------------------------------------------------------------------------------------
def _inspection_results(delivery: Delivery, results: list[dict]) -> dict[int, tuple[str, str]]:
    """{delivery line id: (result, reason)} for every line of the delivery, from results naming purchase lines."""
    by_purchase_line = {line.purchase_line_id: line for line in delivery.lines.all()}
    chosen: dict[int, tuple[str, str]] = {}
    for n, item in enumerate(results):
        field = f"results[{n}]"
        purchase_line_id, result = item["purchase_line_id"], item["result"]
        reason = (item.get("reason") or "").strip()
        line = by_purchase_line.get(purchase_line_id)
        if line is None:
            other = (
                Delivery.objects.filter(purchase_id=delivery.purchase_id, lines__purchase_line_id=purchase_line_id)
                .values_list("number", flat=True)
                .first()
            )
            if other:
                raise Conflict(
                    _("Line %(id)s was delivered in delivery %(other)s, not in this one; inspect it there.")
                    % {"id": purchase_line_id, "other": other},
                    code="line_of_another_delivery",
                    field=f"{field}.purchase_line_id",
                )
            raise Conflict(
                _("Nothing of line %(id)s was delivered in this delivery; only delivered lines are inspected.")
                % {"id": purchase_line_id},
                code="line_not_delivered",
                field=f"{field}.purchase_line_id",
            )
        if line.pk in chosen:
            raise ApplicationError(
                _("Line %(id)s is given twice.") % {"id": purchase_line_id},
                code="duplicate_line",
                field=f"{field}.purchase_line_id",
            )
        if result not in (InspectionResult.ACCEPTED, InspectionResult.REJECTED):
            raise ApplicationError(
                _("A line's result is accepted or rejected."), code="invalid_result", field=f"{field}.result"
            )
        if result == InspectionResult.REJECTED and not reason:
            raise ApplicationError(
                _("Say why line %(id)s is rejected.") % {"id": purchase_line_id},
                code="rejection_reason_required",
                field=f"{field}.reason",
            )
        check_length(reason, model=DeliveryLine, field="rejection_reason", input_field=f"{field}.reason")
        chosen[line.pk] = (result, reason if result == InspectionResult.REJECTED else "")
    missing = [line for line in by_purchase_line.values() if line.pk not in chosen]
    if missing:
        raise ApplicationError(
            _("Every delivered line needs a result; missing: %(lines)s.")
            % {"lines": ", ".join(str(line.purchase_line_id) for line in missing)},
            code="inspection_incomplete",
            field="results",
            details=[
                {
                    "field": "results",
                    "code": "inspection_incomplete",
                    "purchase_line_id": line.purchase_line_id,
                    "message": _("Line %(id)s has no result.") % {"id": line.purchase_line_id},
                }
                for line in missing
            ],
        )
    return chosen


@transaction.atomic
def delivery_inspect(
    *, delivery_id: int, member: AgencyMember, results: list[dict], accepted_on: datetime.date | None = None
) -> Delivery:
    """The agency's inspector inspects (검수) a delivery: `results` give every delivered line ({purchase_line_id,
    result: accepted|rejected, reason}) a result, a rejection with its reason. `accepted_on` (today by default,
    neither in the future nor before the delivery) is the day the accepted amount counts toward the agency's
    purchase performance. Rejected units go back to what the firm has left to deliver. The purchase is completed
    when every unit of it is accepted."""
    require_role(member, AgencyRole.INSPECTOR)
    today = timezone.localdate()
    accepted_on = accepted_on or today
    _check_day(accepted_on, field="accepted_on", today=today)
    purchase_id = (
        Delivery.objects.filter(pk=delivery_id, purchase__agency_id=member.agency_id)
        .values_list("purchase_id", flat=True)
        .first()
    )
    if purchase_id is None:
        raise NotFound(_("No such delivery."), code="not_found")
    purchase = _lock_purchase(purchase_id)
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if refusal := inspection_refusal(delivery):
        raise refusal
    if accepted_on < delivery.delivered_on:
        raise ApplicationError(
            _("The inspection day cannot be before the delivery day (%(day)s).")
            % {"day": delivery.delivered_on.isoformat()},
            code="accepted_before_delivery",
            field="accepted_on",
        )
    chosen = _inspection_results(delivery, results)
    for line in delivery.lines.all():
        result, reason = chosen[line.pk]
        DeliveryLine.objects.filter(pk=line.pk).update(result=result, rejection_reason=reason)
        counter = "accepted_quantity" if result == InspectionResult.ACCEPTED else "rejected_quantity"
        PurchaseLine.objects.filter(pk=line.purchase_line_id).update(**{counter: F(counter) + line.quantity})
    delivery.status = DeliveryStatus.INSPECTED
    delivery.inspected_by = member.user
    delivery.inspected_at = timezone.now()
    delivery.accepted_on = accepted_on
    delivery.firm_kind = firm_reported_kinds([purchase.firm_id], on=accepted_on).get(purchase.firm_id, "")
    delivery.save(update_fields=["status", "inspected_by", "inspected_at", "accepted_on", "firm_kind"])
    rejected = sum(1 for result, _reason in chosen.values() if result == InspectionResult.REJECTED)
    _record(
        purchase.pk,
        "inspected",
        member.user,
        f"{delivery.number}: {len(chosen) - rejected} accepted, {rejected} rejected",
    )
    if not purchase.lines.exclude(accepted_quantity=F("quantity")).exists():
        purchase.status = PurchaseStatus.COMPLETED
        purchase.completed_at = timezone.now()
        purchase.save(update_fields=["status", "completed_at"])
        _record(purchase.pk, "completed", member.user)
    return delivery


# --- invoice ---------------------------------------------------------------------------------------------------
@transaction.atomic
def invoice_issue(*, delivery_id: int, actor, issued_on: datetime.date | None = None) -> AgencyInvoice:
    """The firm's seller (or an operator) invoices an inspected delivery, once, for its accepted lines only. The
    invoice is ours at once (OPEN, due AGENCY_INVOICE_DAYS_UNTIL_DUE days after it is issued); after the commit
    a task sends it through the payment gateway to the agency."""
    from market.procurement.tasks import push_agency_invoice

    today = timezone.localdate()
    issued_on = issued_on or today
    _check_day(issued_on, field="issued_on", today=today)
    delivery = Delivery.objects.select_for_update().select_related("purchase").filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound(_("No such delivery."), code="not_found")
    purchase = delivery.purchase
    _require_seller(actor, purchase.firm_id, or_operator=True)
    if refusal := invoicing_refusal(delivery):
        raise refusal
    accepted = delivery.lines.filter(result=InspectionResult.ACCEPTED).aggregate(
        supply=Sum("supply_value"), vat=Sum("vat")
    )
    if issued_on < delivery.accepted_on:
        raise ApplicationError(
            _("An invoice cannot be issued before the inspection (%(day)s).")
            % {"day": delivery.accepted_on.isoformat()},
            code="issued_before_inspection",
            field="issued_on",
        )
    invoice = AgencyInvoice.objects.create(
        number=new_number("invoice"),
        delivery=delivery,
        purchase=purchase,
        agency_id=purchase.agency_id,
        firm_id=purchase.firm_id,
        supply_total=accepted["supply"],
        vat_total=accepted["vat"],
        total=accepted["supply"] + accepted["vat"],
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=settings.AGENCY_INVOICE_DAYS_UNTIL_DUE),
        created_by=actor,
    )
    _record(purchase.pk, "invoiced", actor, f"{invoice.number}: {invoice.total}원")
    enqueue_on_commit(push_agency_invoice, invoice.pk)
    return invoice


def _lock_invoice(invoice_id: int) -> AgencyInvoice:
    invoice = AgencyInvoice.objects.select_for_update().filter(pk=invoice_id).first()
    if invoice is None:
        raise NotFound(_("No such invoice."), code="not_found")
    return invoice


def _book_paid(invoice: AgencyInvoice, *, method: str, reference: str, confirmed_by=None) -> None:
    """Under the invoice's lock: mark it paid and book the sale and the platform's fee into the firm's ledger,
    keyed by the invoice's number (booked once, however often this runs)."""
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = timezone.now()
    invoice.paid_by_method = method
    invoice.payment_reference = reference[:100]
    invoice.payment_confirmed_by = confirmed_by
    invoice.save(update_fields=["status", "paid_at", "paid_by_method", "payment_reference", "payment_confirmed_by"])
    # No order or part: an agency's sale is payable at once (settlement.PAYABLE), inspection having confirmed
    # receipt. The same two entries, with the same fee, as a citizen's sale (payments.services._apply_success).
    key = f"agency-invoice-{invoice.number}"
    _settle(invoice.firm_id, SettlementKind.SALE, invoice.total, f"{key}-sale")
    _settle(invoice.firm_id, SettlementKind.FEE, -platform_fee(invoice.total), f"{key}-fee")
    _record(invoice.purchase_id, "invoice_paid", confirmed_by, f"{invoice.number}: {method or 'gateway'} {reference}")


@transaction.atomic
def invoice_mark_paid(*, invoice_id: int, actor, reference: str) -> AgencyInvoice:
    """An operator or the firm's seller confirms the agency's bank transfer (`reference`: the transfer's
    reference, as on the bank statement). The sale is booked at once; after the commit the invoice is marked
    paid out of band at the gateway too (so it stops asking the agency)."""
    from market.procurement.tasks import push_agency_invoice

    reference = check_length(
        (reference or "").strip(), model=AgencyInvoice, field="payment_reference", input_field="reference"
    )
    if not reference:
        raise ApplicationError(
            _("Give the bank transfer's reference, as on the statement."), code="required", field="reference"
        )
    invoice = _lock_invoice(invoice_id)
    _require_seller(actor, invoice.firm_id, or_operator=True)
    if refusal := payment_refusal(invoice):
        raise refusal
    _book_paid(invoice, method=PaymentMethod.BANK_TRANSFER, reference=reference, confirmed_by=actor)
    enqueue_on_commit(push_agency_invoice, invoice.pk)
    return invoice


def invoice_apply_gateway_paid(*, provider_invoice_id: str, event_id: str) -> AgencyInvoice | None:
    """The gateway says an invoice was paid (its webhook, verified and stored once by the payments inbox). Ours
    is marked paid and its sale booked, unless that was done already (we marked it ourselves, or the event came
    twice). Paid is final at the gateway, so the signed event is enough: nothing to read back."""
    with transaction.atomic():
        invoice = AgencyInvoice.objects.select_for_update().filter(provider_invoice_id=provider_invoice_id).first()
        if invoice is None or invoice.status != InvoiceStatus.OPEN:
            return invoice  # not one of ours, or nothing left to do
        # How it was paid the event does not say (a card on the gateway's page, or marked there by hand).
        _book_paid(invoice, method="", reference=f"gateway event {event_id}")
    return invoice


def on_gateway_invoice_event(sender, *, kind, invoice_id: str, event_id: str, **kwargs) -> None:
    """Receiver of payments.services.gateway_invoice_event (connected in apps.py)."""
    if kind == GatewayEventKind.INVOICE_PAID:
        invoice_apply_gateway_paid(provider_invoice_id=invoice_id, event_id=event_id)


# --- card payment of a small invoice ---------------------------------------------------------------------------
def card_payment_refusal(invoice: AgencyInvoice) -> Conflict | None:
    """A card pays an open invoice of at most AGENCY_CARD_PAYMENT_LIMIT won; larger ones go by bank transfer."""
    if refusal := payment_refusal(invoice):
        return refusal
    if invoice.total > settings.AGENCY_CARD_PAYMENT_LIMIT:
        return Conflict(
            _("Invoice %(number)s comes to %(total)s won; a card pays at most %(limit)s won. Pay it by bank transfer.")
            % {
                "number": invoice.number,
                "total": f"{invoice.total:,}",
                "limit": f"{settings.AGENCY_CARD_PAYMENT_LIMIT:,}",
            },
            code="card_limit_exceeded",
        )
    return None


def invoice_pay_by_card(
    *, invoice_id: int, member: AgencyMember, payment_method: str = "", return_url: str | None = None
) -> tuple[AgencyInvoice, PaymentIntentData]:
    """An approver of the agency pays a small open invoice by card, through the payment provider as citizens pay
    (one payment intent per invoice, keyed by its number, confirmed on the server with `payment_method`).
    Without `payment_method` the intent is read back and applied (after the card's own authentication in the
    browser, 3-D Secure). A succeeded intent marks the invoice paid by card and books the sale as a confirmed
    transfer does; a declined card raises PaymentDeclined (the agency may try another)."""
    require_role(member, AgencyRole.APPROVER)
    invoice = AgencyInvoice.objects.select_related("agency").filter(pk=invoice_id, agency_id=member.agency_id).first()
    if invoice is None:
        raise NotFound(_("No such invoice."), code="not_found")
    provider = get_payment_provider()
    if not payment_method:
        if not invoice.card_intent_id:
            raise ApplicationError(
                _("Give the card (payment method) to pay with."), code="required", field="payment_method"
            )
        intent = provider.retrieve_payment_intent(invoice.card_intent_id)
        return invoice_apply_card_intent(intent=intent), intent
    if refusal := card_payment_refusal(invoice):
        raise refusal
    if not invoice.card_intent_id:
        check_krw_amount(invoice.total)
        intent = provider.create_payment_intent(
            amount=invoice.total,
            currency="krw",
            idempotency_key=f"gachi-agency-invoice-{invoice.number}-intent",
            metadata={"agency_invoice_number": invoice.number, "agency_id": str(invoice.agency_id)},
            receipt_email=invoice.agency.billing_email or None,
        )
        AgencyInvoice.objects.filter(pk=invoice.pk, card_intent_id="").update(card_intent_id=intent.id)
        invoice.refresh_from_db(fields=["card_intent_id"])
    # Each attempt its own key: a new card is a new attempt (the gateway refuses to confirm a paid intent again).
    intent = provider.confirm_payment_intent(
        intent_id=invoice.card_intent_id,
        payment_method=payment_method,
        return_url=return_url,
        idempotency_key=f"gachi-{invoice.card_intent_id}-confirm-{get_random_string(12)}",
    )
    return invoice_apply_card_intent(intent=intent), intent


def invoice_apply_card_intent(*, intent: PaymentIntentData) -> AgencyInvoice:
    """Apply a card payment intent's state to its invoice (safe to repeat): succeeded marks it paid by card and
    books the sale; then (after commit) the gateway's invoice is marked paid out of band."""
    from market.procurement.tasks import push_agency_invoice

    with transaction.atomic():
        invoice = AgencyInvoice.objects.select_for_update().get(card_intent_id=intent.id)
        if intent.status == IntentStatus.SUCCEEDED and invoice.status == InvoiceStatus.OPEN:
            if intent.amount != invoice.total:
                logger.error("invoice %s: card paid %s, invoice total %s", invoice.number, intent.amount, invoice.total)
            _book_paid(invoice, method=PaymentMethod.CARD, reference=intent.id)
            enqueue_on_commit(push_agency_invoice, invoice.pk)
    return invoice


# --- the gateway's copy (run by market.procurement.tasks.push_agency_invoice) -----------------------------------
def _customer_for(invoice: AgencyInvoice) -> str:
    """The agency's customer at the gateway, made once and kept on the agency. Keyed by the agency's id and the
    second it was created, so two invoices sent at once make the same customer, and a database reset (ids
    start over) does not meet an old key."""
    agency = invoice.agency
    if agency.stripe_customer_id:
        return agency.stripe_customer_id
    customer_id = get_payment_provider().ensure_customer(
        name=agency.name,
        email=agency.billing_email or None,
        idempotency_key=f"gachi-agency-{agency.pk}-{int(agency.created_at.timestamp())}-customer",
        metadata={"agency_id": agency.pk},
    )
    type(agency).objects.filter(pk=agency.pk, stripe_customer_id="").update(stripe_customer_id=customer_id)
    agency.refresh_from_db(fields=["stripe_customer_id"])
    return agency.stripe_customer_id


def agency_invoice_push(*, invoice_id: int) -> AgencyInvoice:
    """Bring the gateway's copy of an invoice in line with ours, doing only what is missing (safe to run twice):
    send it if the gateway has none yet, then, once ours is paid, mark it paid out of band there (unless the
    gateway has it paid already). Gateway calls are made outside any transaction, each keyed by our invoice's
    number; a GatewayError goes up for the task to retry."""
    provider = get_payment_provider()
    invoice = AgencyInvoice.objects.select_related("agency", "purchase", "delivery").get(pk=invoice_id)
    if invoice.status == InvoiceStatus.VOID:
        return invoice
    key = f"gachi-agency-invoice-{invoice.number}"
    if not invoice.provider_invoice_id:
        lines = [
            InvoiceLineInput(
                description=f"{line.purchase_line.title} × {line.quantity}{line.purchase_line.unit}",
                amount=line.amount,
            )
            for line in invoice.delivery.lines.filter(result=InspectionResult.ACCEPTED).select_related("purchase_line")
        ]
        sent = provider.create_invoice(
            customer_id=_customer_for(invoice),
            lines=lines,
            # Counted from the issue day, so a retry sends the same request as the first attempt.
            days_until_due=(invoice.due_on - invoice.issued_on).days,
            idempotency_key=key,
            metadata={
                "agency_invoice_number": invoice.number,
                "purchase_number": invoice.purchase.number,
                "delivery_number": invoice.delivery.number,
            },
            description=f"{invoice.purchase.title} — 발주 {invoice.purchase.number}, 납품 {invoice.delivery.number}",
        )
        AgencyInvoice.objects.filter(pk=invoice.pk, provider_invoice_id="").update(
            provider_invoice_id=sent.id, hosted_invoice_url=sent.hosted_invoice_url or ""
        )
        invoice.refresh_from_db()
    if invoice.status == InvoiceStatus.PAID:
        if provider.retrieve_invoice(invoice.provider_invoice_id).status != GatewayInvoiceStatus.PAID:
            provider.mark_invoice_paid_out_of_band(
                invoice_id=invoice.provider_invoice_id, idempotency_key=f"{key}-paid"
            )
    return invoice


# --- refunds -----------------------------------------------------------------------------------------------------
@transaction.atomic
def agency_refund(
    *, delivery_line_id: int, actor, amount: int, reason: str, refunded_on: datetime.date | None = None
) -> AgencyRefund:
    """An operator records money given back to the agency for an accepted, paid line (a defect found later, a
    unit returned): at most the line's amount less earlier refunds of it. The firm's ledger gives the amount
    back less the fee refunded on it (as for citizens' refunds); the refund lowers the agency's performance in
    the year and regimes of the acceptance it refunds."""
    _require_operator(actor)
    today = timezone.localdate()
    refunded_on = refunded_on or today
    _check_day(refunded_on, field="refunded_on", today=today)
    reason = check_length((reason or "").strip(), model=AgencyRefund, field="reason")
    if not reason:
        raise ApplicationError(_("Say why the money is given back."), code="required", field="reason")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ApplicationError(
            _("A refund is a whole number of won above zero."), code="invalid_amount", field="amount"
        )
    line = DeliveryLine.objects.select_related("delivery", "purchase_line").filter(pk=delivery_line_id).first()
    if line is None:
        raise NotFound(_("No such delivery line."), code="not_found", field="delivery_line_id")
    invoice_id = AgencyInvoice.objects.filter(delivery_id=line.delivery_id).values_list("pk", flat=True).first()
    if invoice_id is None:
        raise Conflict(
            _("This line's delivery has not been invoiced; nothing was paid to give back."),
            code="not_invoiced",
            field="delivery_line_id",
        )
    invoice = _lock_invoice(invoice_id)  # refunds of one invoice queue here, so two cannot both take the rest
    if line.result != InspectionResult.ACCEPTED:
        raise Conflict(
            _("This line was not accepted at inspection, so it was never invoiced."),
            code="line_not_accepted",
            field="delivery_line_id",
        )
    if invoice.status != InvoiceStatus.PAID:
        raise Conflict(
            _("Invoice %(number)s has not been paid; nothing was paid to give back.") % {"number": invoice.number},
            code="invoice_not_paid",
            field="delivery_line_id",
        )
    if refunded_on < line.delivery.accepted_on:
        raise ApplicationError(
            _("A refund cannot be before the acceptance it refunds (%(day)s).")
            % {"day": line.delivery.accepted_on.isoformat()},
            code="refunded_before_acceptance",
            field="refunded_on",
        )
    refunded = line.refunds.aggregate(total=Sum("amount"))["total"] or 0
    left = line.amount - refunded
    if amount > left:
        raise Conflict(
            _("At most %(left)s won of this line can be given back (accepted %(amount)s, refunded %(refunded)s).")
            % {"left": f"{left:,}", "amount": f"{line.amount:,}", "refunded": f"{refunded:,}"},
            code="refund_exceeds_accepted",
            field="amount",
        )
    refund = AgencyRefund.objects.create(
        invoice=invoice,
        delivery_line=line,
        amount=amount,
        reason=reason,
        refunded_on=refunded_on,
        created_by=actor,
    )
    # The same two entries as a citizen's refund (payments.services._book_refund).
    key = f"agency-refund-{invoice.number}-{refund.pk}"
    _settle(invoice.firm_id, SettlementKind.REFUND, -amount, f"{key}-refund")
    _settle(invoice.firm_id, SettlementKind.FEE_REFUND, platform_fee(amount), f"{key}-fee-refund")
    _record(invoice.purchase_id, "refunded", actor, f"{invoice.number}: {amount}원 {reason}")
    return refund
