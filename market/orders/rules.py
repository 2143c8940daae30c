"""What may happen to an order or a part now: each condition written once.

The services refuse with these (they raise the refusal, keeping its stable code and message), and the API shows
the same answers as flags, the buyer's (can_cancel, can_confirm_purchase, can_claim) and the firm's on its part
(can_confirm, can_ship, can_deliver, can_cancel, can_accept_claim), so the web UI offers exactly what the
services accept. Each `*_refusal` returns the error a service would raise, or None when the move is
allowed. They read only the rows given: a part's order through `fulfilment.order` and its claims through
`claims.all()`, so a list that prefetches them costs no query per part.
"""

import datetime

from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict
from market.orders.models import (
    ClaimKind,
    ClaimStatus,
    Fulfilment,
    FulfilmentClaim,
    FulfilmentStatus,
    Order,
    OrderStatus,
)

# Allowed moves of a fulfilment; anything else is refused. The firm moves its part as far as DELIVERED; only
# the buyer's 구매확정, the automatic one or a decision on the buyer's claim moves it further.
FULFILMENT_MOVES = {
    FulfilmentStatus.PENDING: {FulfilmentStatus.CONFIRMED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.CONFIRMED: {FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.SHIPPED: {FulfilmentStatus.DELIVERED},
    FulfilmentStatus.DELIVERED: {FulfilmentStatus.PURCHASE_CONFIRMED, FulfilmentStatus.CLAIMED},
    FulfilmentStatus.CLAIMED: {FulfilmentStatus.PURCHASE_CONFIRMED, FulfilmentStatus.RETURNED},
    FulfilmentStatus.PURCHASE_CONFIRMED: set(),
    FulfilmentStatus.RETURNED: set(),
    FulfilmentStatus.CANCELLED: set(),
}
NOT_YET_DELIVERED = (FulfilmentStatus.PENDING, FulfilmentStatus.CONFIRMED, FulfilmentStatus.SHIPPED)


def move_refusal(fulfilment: Fulfilment, to_status: str) -> Conflict | None:
    """Why the part cannot move to `to_status` (its order is not paid, or the move is not in FULFILMENT_MOVES)."""
    if fulfilment.order.status != OrderStatus.PAID:
        return Conflict(_("This order is not paid (or is closed); its parts cannot move."), code="order_not_paid")
    if to_status not in FULFILMENT_MOVES[fulfilment.status]:
        # Status values, not labels: the same words in every language, and the ones the API shows.
        return Conflict(
            _(
                "This part is %(status)s and cannot become %(to)s; from %(status)s it can become: "
                "%(allowed)s. A part goes pending → confirmed → shipped → delivered."
            )
            % {
                "status": fulfilment.status,
                "to": to_status,
                "allowed": ", ".join(sorted(FULFILMENT_MOVES[fulfilment.status])) or "-",
            },
            code="invalid_transition",
            field="status",
        )
    return None


def _not_delivered(fulfilment: Fulfilment) -> Conflict | None:
    if fulfilment.status in NOT_YET_DELIVERED:
        return Conflict(_("This part is not delivered yet."), code="not_delivered", field="status")
    return None


def purchase_confirmation_refusal(fulfilment: Fulfilment) -> Conflict | None:
    """Why the buyer may not confirm the purchase (구매확정) of this part now: it is not delivered, a claim of
    theirs is open (its resolution settles the part), or it is past delivered (confirmed, returned, cancelled).
    The window after delivery does not matter: until the sweep confirms the part, the buyer may do it first."""
    if refusal := _not_delivered(fulfilment):
        return refusal
    if fulfilment.status == FulfilmentStatus.CLAIMED:
        return Conflict(
            _("A return or complaint is open on this part; it is settled by its resolution."),
            code="claim_open",
            field="status",
        )
    return move_refusal(fulfilment, FulfilmentStatus.PURCHASE_CONFIRMED)


def has_buyer_claim(fulfilment: Fulfilment) -> bool:
    """The buyer claims a part once; an operator's refund after confirmation is not the buyer's claim."""
    return any(claim.kind != ClaimKind.REFUND for claim in fulfilment.claims.all())


def claim_refusal(fulfilment: Fulfilment, *, now: datetime.datetime) -> Conflict | None:
    """Why the buyer may not open a return request or complaint on this part at `now`: it is not delivered,
    they claimed it already, the purchase is confirmed, or the window after delivery has ended."""
    if refusal := _not_delivered(fulfilment):
        return refusal
    if has_buyer_claim(fulfilment):
        return Conflict(_("This part already has a return request or complaint."), code="claim_exists")
    if fulfilment.status == FulfilmentStatus.PURCHASE_CONFIRMED:
        return Conflict(_("The purchase is confirmed; ask the operators for help."), code="already_confirmed")
    if (
        fulfilment.status == FulfilmentStatus.DELIVERED
        and fulfilment.auto_confirm_at is not None
        and fulfilment.auto_confirm_at <= now
    ):
        # The deadline decides, not when the sweep happens to run.
        return Conflict(_("The time to return or complain about this part has ended."), code="claim_window_closed")
    return move_refusal(fulfilment, FulfilmentStatus.CLAIMED)


def cancel_refusal(order: Order) -> ApplicationError | None:
    """Why the buyer may not cancel the order: only an unpaid one is cancelled whole (a paid part is cancelled,
    and refunded, by its firm)."""
    if order.status != OrderStatus.PENDING_PAYMENT:
        return ApplicationError(_("Only an unpaid order can be cancelled here."), code="order_not_cancellable")
    return None


def open_claim(fulfilment: Fulfilment) -> FulfilmentClaim | None:
    """The buyer's claim on the part that waits for a decision (one at most: the buyer claims a part once)."""
    return next((claim for claim in fulfilment.claims.all() if claim.status == ClaimStatus.OPEN), None)


def claim_acceptance_refusal(fulfilment: Fulfilment) -> Conflict | None:
    """Why the part's firm may not accept a claim on it now: no claim is open, or the part cannot be returned."""
    if open_claim(fulfilment) is None:
        return Conflict(_("This part has no open return request or complaint."), code="no_open_claim")
    return move_refusal(fulfilment, FulfilmentStatus.RETURNED)


# The same answers as yes or no, for the API's flags.
def may_confirm_purchase(fulfilment: Fulfilment) -> bool:
    return purchase_confirmation_refusal(fulfilment) is None


def may_claim(fulfilment: Fulfilment, *, now: datetime.datetime) -> bool:
    return claim_refusal(fulfilment, now=now) is None


def may_cancel(order: Order) -> bool:
    return cancel_refusal(order) is None


# The firm's moves on its part (the seller portal): each is one of FULFILMENT_MOVES, while the order is paid.
def may_move(fulfilment: Fulfilment, to_status: str) -> bool:
    return move_refusal(fulfilment, to_status) is None


def may_accept_claim(fulfilment: Fulfilment) -> bool:
    return claim_acceptance_refusal(fulfilment) is None
