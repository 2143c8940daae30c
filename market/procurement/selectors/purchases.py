"""Reads of agencies' purchases: the agency's, those waiting for an approver, and a firm's agency orders. Each
prefetches what the API's flags read (the firm's designations, the deliveries), so a page costs a fixed number of
queries."""

from django.db.models import Prefetch, QuerySet

from market.firms.models import Designation, Firm
from market.procurement.models import (
    Agency,
    AgencyMember,
    AgencyRole,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    PurchaseStatus,
)


def _purchases() -> QuerySet[Purchase]:
    return Purchase.objects.select_related("firm", "agency", "requester", "approver", "quotation").prefetch_related(
        Prefetch("lines", queryset=PurchaseLine.objects.order_by("id")),
        Prefetch("firm__designations", queryset=Designation.objects.order_by("id")),
        "deliveries",
    )


def purchase_list_for_agency(*, agency: Agency) -> QuerySet[Purchase]:
    """The agency's purchases, newest first, with their approval trail."""
    return (
        _purchases()
        .filter(agency=agency)
        .prefetch_related(Prefetch("events", queryset=PurchaseEvent.objects.select_related("actor")))
    )


def purchase_approvals_for(*, member: AgencyMember) -> QuerySet[Purchase]:
    """The purchases waiting for `member`'s decision: submitted in their agency by someone else (none unless
    they are an approver)."""
    if not member.has_role(AgencyRole.APPROVER):
        return Purchase.objects.none()
    return (
        purchase_list_for_agency(agency=member.agency)
        .filter(status=PurchaseStatus.SUBMITTED)
        .exclude(requester=member.user)
        .order_by("submitted_at", "id")
    )


def purchase_list_for_firm(*, firm: Firm) -> QuerySet[Purchase]:
    """The firm's agency orders: purchases approved (ordered from it), including those later completed or
    cancelled. A purchase still in the agency's approval is not the firm's business yet."""
    return _purchases().filter(firm=firm, approved_at__isnull=False)
