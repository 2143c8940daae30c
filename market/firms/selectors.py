"""Reads about firms."""

import datetime

from django.db.models import Case, OuterRef, Prefetch, QuerySet, Subquery, Value, When

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
    return dict(
        Firm.objects.filter(pk__in=list(firm_ids))
        .annotate(reported_kind=firm_reported_kind(OuterRef("pk"), on=on))
        .exclude(reported_kind=None)
        .values_list("pk", "reported_kind")
    )


def firm_reported_kind(firm_id, *, on: datetime.date | None = None) -> Subquery:
    """The rule of firm_reported_kinds as an expression (for a query that reads firms' rows anyway, such as
    checkout's): the first kind of FIRM_KIND_ORDER among the firm's designations valid on the day, else NULL.
    `firm_id` is an expression, e.g. OuterRef("firm_id")."""
    rank = Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(FIRM_KIND_ORDER)])
    return Subquery(
        Designation.objects.valid(on)
        .filter(firm_id=firm_id, kind__in=FIRM_KIND_ORDER)
        .order_by(rank)
        .values("kind")[:1]
    )


def firm_list_public() -> QuerySet[Firm]:
    """Firms citizens may see: verified and selling, with their valid designations as `valid_designations`."""
    return (
        Firm.objects.selling()
        .select_related("district")
        .prefetch_related(Prefetch("designations", queryset=Designation.objects.valid(), to_attr="valid_designations"))
    )


def firm_list_for_operators() -> QuerySet[Firm]:
    return Firm.objects.select_related("district").prefetch_related("designations")
