"""Reads about firms."""

from django.db.models import Prefetch, QuerySet

from market.firms.models import Designation, Firm


def firm_list_public() -> QuerySet[Firm]:
    """Firms citizens may see: verified and selling, with their valid designations as `valid_designations`."""
    return (
        Firm.objects.selling()
        .select_related("district")
        .prefetch_related(Prefetch("designations", queryset=Designation.objects.valid(), to_attr="valid_designations"))
    )


def firm_list_for_operators() -> QuerySet[Firm]:
    return Firm.objects.select_related("district").prefetch_related("designations")
