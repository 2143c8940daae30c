"""Reads about firms."""

import datetime

from django.db.models import Prefetch, QuerySet

from market.firms.models import Designation, Firm, FirmKind

# The one kind a sale is reported under when its firm holds several valid designations: the first held in this
# order (the order the public-purchasing results use). Pre-social enterprises count as one kind, regional first.
FIRM_KIND_ORDER = [
    FirmKind.SOCIAL_ENTERPRISE,
    FirmKind.PRE_SOCIAL_REGIONAL,
    FirmKind.PRE_SOCIAL_MINISTRY,
    FirmKind.COOPERATIVE,
    FirmKind.SOCIAL_COOPERATIVE,
    FirmKind.VILLAGE_ENTERPRISE,
    FirmKind.SELF_SUFFICIENCY,
    FirmKind.SOCIAL_VENTURE,
]


def firm_reported_kinds(firm_ids, *, on: datetime.date | None = None) -> dict[int, str]:
    """The kind each firm's sales are reported under on a day (today by default), in one query; firms holding
    no valid designation then are left out (their sales belong to no kind)."""
    held: dict[int, set[str]] = {}
    for firm_id, kind in (
        Designation.objects.valid(on).filter(firm_id__in=list(firm_ids)).values_list("firm_id", "kind")
    ):
        held.setdefault(firm_id, set()).add(kind)
    return {firm_id: next(k for k in FIRM_KIND_ORDER if k in kinds) for firm_id, kinds in held.items()}


def firm_list_public() -> QuerySet[Firm]:
    """Firms citizens may see: verified and selling, with their valid designations as `valid_designations`."""
    return (
        Firm.objects.selling()
        .select_related("district")
        .prefetch_related(Prefetch("designations", queryset=Designation.objects.valid(), to_attr="valid_designations"))
    )


def firm_list_for_operators() -> QuerySet[Firm]:
    return Firm.objects.select_related("district").prefetch_related("designations")
