"""What may happen to a request for quotation, a quotation or a purchase now, and whether a firm may be bought
from by direct contract (수의계약): each condition written once.

The services refuse with these (they raise the refusal, keeping its stable code and message), and the API shows
the same answers as flags (can_cancel, can_quote, can_select, can_approve...), so a client offers exactly what
the services accept. Each `*_refusal` returns the error a service would raise, or None when the step is allowed.
Roles are not checked here (the services call agencies.require_role first; the flags ask member.has_role).

They read only the rows given: a firm's designations through `firm.designations.all()` when a list prefetched
them, a purchase's deliveries through `purchase.deliveries.all()`, so a list pays no query per row.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict, PermissionDenied
from market.firms.models import Designation, Firm, FirmKind, SviGrade
from market.procurement.models import (
    ContractThreshold,
    Purchase,
    PurchaseStatus,
    Quotation,
    QuotationStatus,
    QuoteRequest,
    QuoteRequestStatus,
)

# A social economy firm qualifies for a direct contract with a local government when at least this share of its
# employees are vulnerable workers (취약계층); an undeclared share does not qualify.
MIN_VULNERABLE_SHARE = Decimal("30")
# Certified social enterprises graded this low in the social value index (SVI) are excluded from public
# purchasing from the year PROCUREMENT_SVI_EXCLUSION_FROM_YEAR on.
EXCLUDED_SVI_GRADES = (SviGrade.INSUFFICIENT, SviGrade.WEAK)
# Sanity bound on one quotation's or purchase's amount (1 trillion won): keeps products of prices and quantities
# far inside the database's integers.
MAX_AMOUNT = 10**12

_LOOKUP = object()


# --- eligibility and tender ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Eligibility:
    """Whether an agency may buy `amount` from a firm on a day, and whether it must go to tender.

    `refusals` are errors that forbid the purchase here at all (no valid designation, an SVI exclusion);
    `tender_reasons` ({code, message} in Korean, as stored on the purchase) mean the purchase may be written
    down but must go through a tender on the national system (나라장터) rather than be approved here."""

    refusals: tuple[ApplicationError, ...] = ()
    tender_reasons: tuple[dict, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        return not self.refusals

    @property
    def tender_required(self) -> bool:
        return bool(self.tender_reasons)


def contract_threshold(on: datetime.date) -> int | None:
    """The direct-contract limit on a day: the row with the latest valid_from not after it (None without one)."""
    return (
        ContractThreshold.objects.filter(valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("amount", flat=True)
        .first()
    )


def _valid_designation_kinds(firm: Firm, on: datetime.date) -> set[str]:
    prefetched = getattr(firm, "_prefetched_objects_cache", {}).get("designations")
    if prefetched is not None:
        # Designation.is_valid_on is the same rule as Designation.objects.valid (tests/firms check they agree).
        return {d.kind for d in prefetched if d.is_valid_on(on)}
    return set(Designation.objects.valid(on).filter(firm=firm).values_list("kind", flat=True))


def _won(amount: int) -> str:
    return f"{amount:,}"


def purchase_eligibility(firm: Firm, amount: int, on: datetime.date, *, threshold=_LOOKUP) -> Eligibility:
    """The rules of public purchasing for buying `amount` won (VAT included) from `firm` on day `on`:

    (a) the firm holds a valid designation that day, else refusal `firm_not_eligible`;
    (b) a certified social enterprise graded SVI 미흡 or 취약 is excluded from the year the setting names on,
        refusal `firm_excluded_svi`;
    (c) an amount strictly above the direct-contract threshold of the day needs a tender;
    (d) a firm without at least 30% vulnerable employees (or not declaring it) does not qualify for the social
        economy direct contract, so it needs a tender too.

    `threshold` may be given (a list computes it once for all rows); by default it is read for `on`.
    """
    kinds = _valid_designation_kinds(firm, on)
    refusals: list[ApplicationError] = []
    if not kinds:
        refusals.append(
            Conflict(
                _("%(firm)s holds no valid social economy designation on %(day)s; an agency cannot buy from it.")
                % {"firm": firm.name, "day": on.isoformat()},
                code="firm_not_eligible",
                field="firm",
            )
        )
    if (
        FirmKind.SOCIAL_ENTERPRISE in kinds
        and firm.svi_grade in EXCLUDED_SVI_GRADES
        and on.year >= settings.PROCUREMENT_SVI_EXCLUSION_FROM_YEAR
    ):
        refusals.append(
            Conflict(
                _(
                    "%(firm)s is a certified social enterprise graded %(grade)s in the social value index (SVI); "
                    "from %(year)s such firms are excluded from public purchasing."
                )
                % {
                    "firm": firm.name,
                    "grade": SviGrade(firm.svi_grade).label,
                    "year": settings.PROCUREMENT_SVI_EXCLUSION_FROM_YEAR,
                },
                code="firm_excluded_svi",
                field="firm",
            )
        )
    if threshold is _LOOKUP:
        threshold = contract_threshold(on)
    reasons = []
    # The reasons are stored on the purchase and shown on its documents: always in Korean.
    with translation.override("ko"):
        if threshold is not None and amount > threshold:
            reasons.append(
                {
                    "code": "above_threshold",
                    "message": _(
                        "The amount of %(amount)s won is above the direct-contract (수의계약) limit of "
                        "%(threshold)s won."
                    )
                    % {"amount": _won(amount), "threshold": _won(threshold)},
                }
            )
        share = firm.vulnerable_employee_share
        if share is None:
            reasons.append(
                {
                    "code": "vulnerable_share_undeclared",
                    "message": _(
                        "%(firm)s has not declared its share of vulnerable employees; a direct contract with a "
                        "social economy firm needs at least %(minimum)s%%."
                    )
                    % {"firm": firm.name, "minimum": MIN_VULNERABLE_SHARE},
                }
            )
        elif share < MIN_VULNERABLE_SHARE:
            reasons.append(
                {
                    "code": "vulnerable_share_low",
                    "message": _(
                        "%(firm)s employs %(share)s%% vulnerable workers; a direct contract with a social economy "
                        "firm needs at least %(minimum)s%%."
                    )
                    % {"firm": firm.name, "share": share, "minimum": MIN_VULNERABLE_SHARE},
                }
            )
    return Eligibility(refusals=tuple(refusals), tender_reasons=tuple(reasons))


def tender_refusal(tender_reasons) -> Conflict:
    """The refusal to approve a purchase that needs a tender, pointing to the national system."""
    return Conflict(
        _(
            "This purchase needs a tender: %(reasons)s Buy it through the national procurement system "
            "(나라장터): %(url)s"
        )
        % {
            "reasons": " ".join(reason["message"] for reason in tender_reasons),
            "url": settings.NATIONAL_PROCUREMENT_URL,
        },
        code="tender_required",
        details=[{"field": None, "code": reason["code"], "message": reason["message"]} for reason in tender_reasons],
    )


# --- requests for quotation and quotations ---------------------------------------------------------------------
def _request_not_open(quote_request: QuoteRequest) -> Conflict | None:
    if quote_request.status != QuoteRequestStatus.OPEN:
        return Conflict(
            _("This request for quotation is %(status)s; it is no longer open.") % {"status": quote_request.status},
            code="request_not_open",
            field="status",
        )
    return None


def quote_request_cancel_refusal(quote_request: QuoteRequest, member) -> ApplicationError | None:
    """Why `member` may not cancel the request: only its requester or an agency admin cancels, while it is open."""
    if quote_request.requester_id != member.user_id and not member.has_role("admin"):
        return PermissionDenied(
            _("Only the request's requester or an agency admin may cancel it."), code="not_your_request"
        )
    return _request_not_open(quote_request)


def quotation_submit_refusal(quote_request: QuoteRequest, firm: Firm, *, now: datetime.datetime):
    """Why `firm` may not quote on the request at `now`: it is not open, its reply deadline has passed, or the
    firm has a live quotation on it already (withdraw that one first). The request's recipients are checked
    by the caller's query (a firm not asked does not find the request)."""
    if refusal := _request_not_open(quote_request):
        return refusal
    if now >= quote_request.reply_deadline:
        return Conflict(
            _("The reply deadline of this request passed at %(deadline)s.")
            % {"deadline": quote_request.reply_deadline.isoformat(timespec="minutes")},
            code="deadline_passed",
            field="reply_deadline",
        )
    if any(q.firm_id == firm.pk and q.status != QuotationStatus.WITHDRAWN for q in quote_request.quotations.all()):
        return Conflict(
            _("Your firm has already quoted on this request; withdraw that quotation to send a new one."),
            code="quotation_exists",
        )
    return None


def quotation_withdraw_refusal(quotation: Quotation) -> Conflict | None:
    """A quotation is withdrawn while it is submitted and the request still open (before any selection)."""
    if quotation.status != QuotationStatus.SUBMITTED:
        return Conflict(
            _("This quotation is %(status)s; only a submitted one can be withdrawn.") % {"status": quotation.status},
            code="quotation_not_withdrawable",
            field="status",
        )
    return _request_not_open(quotation.quote_request)


def quotation_selection_refusal(quotation: Quotation, *, today: datetime.date) -> Conflict | None:
    """Why the agency may not make a purchase of this quotation today: the request is not open, the quotation
    is not live (withdrawn, or already decided), or it is no longer valid."""
    if refusal := _request_not_open(quotation.quote_request):
        return refusal
    if quotation.status != QuotationStatus.SUBMITTED:
        return Conflict(
            _("This quotation is %(status)s; only a submitted one can be selected.") % {"status": quotation.status},
            code="quotation_not_live",
            field="quotation",
        )
    if quotation.valid_until < today:
        return Conflict(
            _("This quotation was valid until %(day)s.") % {"day": quotation.valid_until.isoformat()},
            code="quotation_expired",
            field="quotation",
        )
    return None


# --- purchases -------------------------------------------------------------------------------------------------
def _status_is(purchase: Purchase, *statuses: str) -> Conflict | None:
    if purchase.status not in statuses:
        return Conflict(
            _("This purchase is %(status)s; this needs it to be %(allowed)s.")
            % {"status": purchase.status, "allowed": " or ".join(statuses)},
            code="invalid_status",
            field="status",
        )
    return None


def _own_request(purchase: Purchase, user) -> PermissionDenied | None:
    if purchase.requester_id == user.pk:
        return PermissionDenied(
            _("You requested this purchase; another approver of your agency must decide on it."), code="own_request"
        )
    return None


def approval_refusal(
    purchase: Purchase, user, *, on: datetime.date, threshold=_LOOKUP, eligibility: Eligibility | None = None
) -> ApplicationError | None:
    """Why `user` (an approver) may not approve the purchase on day `on`: it is not waiting for approval, it is
    their own request, the firm is not eligible that day, or it needs a tender (checked again on the day).
    `eligibility` may be given when the caller computed it for that day already."""
    if refusal := _status_is(purchase, PurchaseStatus.SUBMITTED):
        return refusal
    if refusal := _own_request(purchase, user):
        return refusal
    if eligibility is None:
        eligibility = purchase_eligibility(purchase.firm, purchase.total, on, threshold=threshold)
    if eligibility.refusals:
        return eligibility.refusals[0]
    if eligibility.tender_required:
        return tender_refusal(eligibility.tender_reasons)
    return None


def return_refusal(purchase: Purchase, user) -> ApplicationError | None:
    """An approver returns a purchase waiting for approval, not one they requested themselves."""
    return _status_is(purchase, PurchaseStatus.SUBMITTED) or _own_request(purchase, user)


def resubmit_refusal(purchase: Purchase, user) -> ApplicationError | None:
    """Only the purchase's requester submits it again, after an approver returned it."""
    if purchase.requester_id != user.pk:
        return PermissionDenied(_("Only the requester of this purchase may submit it again."), code="not_your_purchase")
    return _status_is(purchase, PurchaseStatus.RETURNED)


def purchase_cancel_refusal(purchase: Purchase, member) -> ApplicationError | None:
    """Its requester or an agency admin cancels a purchase until the firm has delivered any of it."""
    if purchase.requester_id != member.user_id and not member.has_role("admin"):
        return PermissionDenied(
            _("Only the purchase's requester or an agency admin may cancel it."), code="not_your_purchase"
        )
    if refusal := _status_is(purchase, PurchaseStatus.SUBMITTED, PurchaseStatus.RETURNED, PurchaseStatus.ORDERED):
        return refusal
    if purchase.deliveries.all():
        return Conflict(
            _("The firm has delivered part of this purchase; it can no longer be cancelled."),
            code="already_delivered",
            field="status",
        )
    return None
