"""Writes of the reports app: operators appoint and remove district officers (the support-centre staff who see their
own district's figures). Used by the admin and the operator API alike."""

from django.db import transaction
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, NotFound, PermissionDenied
from market.firms.models import District
from market.reports.models import DistrictOfficer


def _require_operator(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only operators (city staff) may do this."))


def officer_appoint(*, actor, user, district: District) -> DistrictOfficer:
    """Make `user` an officer of `district` (an officer of another district moves to this one: one district each).
    Operators see every district already and a deactivated account cannot sign in, so neither is appointed."""
    _require_operator(actor)
    officer_check(user=user)
    with transaction.atomic():
        officer, created = DistrictOfficer.objects.select_for_update().get_or_create(
            user=user, defaults={"district": district}
        )
        if not created and officer.district_id != district.pk:
            officer.district = district
            officer.save(update_fields=["district"])
    return officer


def officer_check(*, user) -> None:
    """Whether `user` may be appointed (raises ApplicationError naming `user` if not); the admin's form asks first."""
    if not user.is_active:
        raise ApplicationError(_("This account is deactivated."), code="inactive_user", field="user")
    if user.is_staff:
        raise ApplicationError(
            _("Operators already see every district; appoint a non-operator account."), code="is_operator", field="user"
        )


def officer_remove(*, actor, officer: DistrictOfficer) -> None:
    """Take `officer`'s district figures away from them (their account stays)."""
    _require_operator(actor)
    deleted, _rows = DistrictOfficer.objects.filter(pk=officer.pk).delete()
    if not deleted:
        raise NotFound(_("This district officer was already removed."))


def officer_district(user) -> str | None:
    """The district code whose figures `user` may see as its officer (None: not an officer)."""
    if not (user and user.is_authenticated):
        return None
    return DistrictOfficer.objects.filter(user_id=user.pk).values_list("district_id", flat=True).first()
