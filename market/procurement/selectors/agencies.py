"""Reads about agencies and their people."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from market.procurement.models import Agency, AgencyInvitation, AgencyMember, AgencyRole
from market.procurement.services.agencies import require_role


def agency_member_list(*, agency: Agency) -> QuerySet[AgencyMember]:
    """Every member of `agency` with their account, oldest first (any member may see who does what)."""
    return AgencyMember.objects.filter(agency=agency).select_related("user").order_by("created_at", "id")


def agency_invitation_list(*, membership: AgencyMember, live_only: bool = False) -> QuerySet[AgencyInvitation]:
    """The invitations of the caller's agency, newest first; only its admins see them (they hold e-mail
    addresses of people who are not members yet)."""
    require_role(membership, AgencyRole.ADMIN)
    invitations = AgencyInvitation.objects.filter(agency_id=membership.agency_id).select_related(
        "invited_by", "accepted_by"
    )
    if live_only:
        invitations = invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
    return invitations


def agency_list_for_operators() -> QuerySet[Agency]:
    """Every agency, newest application first, with what an operator deciding on it wants at hand: its
    district, applicant and number of members."""
    return (
        Agency.objects.select_related("district", "created_by", "approved_by")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-created_at", "-id")  # explicit: a grouped query drops Meta.ordering
    )
