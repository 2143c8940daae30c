"""Writes about public agencies and their people: applications and operators' decisions, members' roles,
invitations. Also `require_role`, the one check every procurement service makes before acting for an agency.

An account acts for at most one agency (AgencyMember.user is one-to-one) and never for an agency and a seller
firm at once (an agency buying from its own member's firm is exactly what public purchasing must rule out).
Every change to an agency's members locks the agency's row first, so two admins demoting each other at once
cannot leave it without an admin.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from market.accounts.models import User
from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.core.events import enqueue_on_commit
from market.core.limits import check_length, check_lengths
from market.firms.models import FirmMember
from market.firms.services import _check_choice, _district
from market.firms.validators import clean_registration_number
from market.procurement.models import (
    Agency,
    AgencyInvitation,
    AgencyKind,
    AgencyMember,
    AgencyRole,
    AgencyStatus,
)

ROLE_FLAGS = {role: f"is_{role}" for role in AgencyRole.values}


# --- roles ------------------------------------------------------------------------------------------------------
def require_role(membership: AgencyMember | None, role: str) -> AgencyMember:
    """`membership` when it holds `role` (an AgencyRole value), else PermissionDenied (code role_required) naming
    the role, so the person knows whom to ask. Every service acting for an agency calls this first."""
    if role not in ROLE_FLAGS:
        raise ValueError(f"unknown agency role {role!r}")  # a programming error, not the caller's
    label = AgencyRole(role).label
    if membership is None:
        raise PermissionDenied(
            _("Only a member of a public agency with the %(role)s role (%(label)s) may do this.")
            % {"role": role, "label": label},
            code="not_agency_member",
        )
    if not membership.has_role(role):
        raise PermissionDenied(
            _("This needs the %(role)s role (%(label)s) in your agency; ask your agency admin for it.")
            % {"role": role, "label": label},
            code="role_required",
        )
    return membership


def _clean_roles(roles: Iterable[str], *, field: str = "roles") -> dict[str, bool]:
    """The model's is_<role> flags from a list of role names: at least one, each a known role."""
    if isinstance(roles, str):  # one name where a list belongs: say so rather than read it letter by letter
        roles = [roles]
    chosen = set()
    for role in roles or ():
        if role not in ROLE_FLAGS:
            raise ApplicationError(
                _("%(value)r is not an agency role; use %(items)s.")
                % {"value": role, "items": ", ".join(AgencyRole.values)},
                code="invalid_choice",
                field=field,
            )
        chosen.add(role)
    if not chosen:
        raise ApplicationError(
            _("Give at least one role: %(items)s.") % {"items": ", ".join(AgencyRole.values)},
            code="roles_required",
            field=field,
        )
    return {flag: role in chosen for role, flag in ROLE_FLAGS.items()}


ALL_ROLES = {flag: True for flag in ROLE_FLAGS.values()}


# --- who may join an agency ---------------------------------------------------------------------------------------
def _lock_user(user) -> User:
    """The user's row, locked: joining an agency is decided under it, so two acceptances at once cannot both
    pass the checks (the second would otherwise hit the one-to-one constraint as a server error)."""
    return User.objects.select_for_update().get(pk=user.pk)


def _check_may_join(user, *, field: str | None = None, ignore_rejected: bool = False) -> None:
    if FirmMember.objects.filter(user=user).exists():
        raise Conflict(
            _("This account belongs to a seller firm; an agency's people use accounts of their own."),
            code="seller_account",
            field=field,
        )
    current = AgencyMember.objects.filter(user=user).select_related("agency").first()
    if current is None:
        return
    if ignore_rejected and current.agency.status == AgencyStatus.REJECTED:
        return
    raise Conflict(
        _("This account already acts for an agency (%(name)s); leave it first.") % {"name": current.agency.name},
        code="already_in_agency",
        field=field,
    )


def _agency_fields(
    *, name: str, kind: str, district_code: str, business_number: str, address: str, billing_email: str
) -> dict:
    """An agency's details, checked: every field at fault is named."""
    name, address, billing_email = (name or "").strip(), (address or "").strip(), (billing_email or "").strip()
    check_lengths({"name": name, "address": address, "billing_email": billing_email}, model=Agency)
    if not name:
        raise ApplicationError(_("An agency needs a name."), code="required", field="name")
    if not kind:
        raise ApplicationError(
            _("Say what kind of agency it is: %(items)s.") % {"items": ", ".join(AgencyKind.values)},
            code="required",
            field="kind",
        )
    _check_choice(kind, AgencyKind, "kind")
    if not district_code:
        raise ApplicationError(
            _("Give the agency's district (one of Seoul's 25 자치구 codes)."), code="required", field="district"
        )
    district = _district(district_code)
    if not address:
        raise ApplicationError(_("Give the agency's address."), code="required", field="address")
    if not billing_email:
        raise ApplicationError(
            _("Give the e-mail address invoices are sent to."), code="required", field="billing_email"
        )
    return {
        "name": name,
        "kind": kind,
        "district": district,
        # 사업자등록번호 or 고유번호: the same 10 digits with the same check digit; optional.
        "business_number": clean_registration_number(business_number, field="business_number")
        if (business_number or "").strip()
        else "",
        "address": address,
        "billing_email": User.objects.normalize_email(billing_email).lower(),
    }


# --- agencies -----------------------------------------------------------------------------------------------------
@transaction.atomic
def agency_register(
    *,
    user,
    name: str,
    kind: str,
    district_code: str,
    address: str,
    billing_email: str,
    business_number: str = "",
) -> Agency:
    """A signed-in person applies for their agency: it waits for an operator (pending), with the applicant as its
    member in every role (a small agency's one clerk does it all; the admin hands roles out later).

    Someone whose earlier application was rejected may apply again: they leave the rejected agency (kept, with
    its reason, for the record)."""
    fields = _agency_fields(
        name=name,
        kind=kind,
        district_code=district_code,
        business_number=business_number,
        address=address,
        billing_email=billing_email,
    )
    user = _lock_user(user)
    _check_may_join(user, ignore_rejected=True)
    AgencyMember.objects.filter(user=user).delete()  # only ever a membership of a rejected agency here
    agency = Agency.objects.create(**fields, status=AgencyStatus.PENDING, created_by=user)
    AgencyMember.objects.create(agency=agency, user=user, **ALL_ROLES)
    return agency


@transaction.atomic
def agency_create(
    *,
    operator,
    admin_email: str,
    name: str,
    kind: str,
    district_code: str,
    address: str,
    billing_email: str,
    business_number: str = "",
) -> Agency:
    """An operator enters an agency directly, approved at once, naming its first admin by the e-mail address of
    an existing account (who gets every role, as an applicant does)."""
    fields = _agency_fields(
        name=name,
        kind=kind,
        district_code=district_code,
        business_number=business_number,
        address=address,
        billing_email=billing_email,
    )
    email = User.objects.normalize_email((admin_email or "").strip()).lower()
    if not email:
        raise ApplicationError(
            _("Name the agency's first admin by their account's e-mail address."),
            code="required",
            field="admin_email",
        )
    admin = User.objects.select_for_update().filter(email=email).first()
    if admin is None:
        raise ApplicationError(
            _("No account has the e-mail address %(email)s; ask the person to sign up first.") % {"email": email},
            code="unknown_user",
            field="admin_email",
        )
    _check_may_join(admin, field="admin_email")
    now = timezone.now()
    agency = Agency.objects.create(
        **fields, status=AgencyStatus.APPROVED, created_by=operator, approved_by=operator, approved_at=now
    )
    AgencyMember.objects.create(agency=agency, user=admin, **ALL_ROLES)
    return agency


def _lock_agency(agency: Agency) -> Agency:
    return Agency.objects.select_for_update().get(pk=agency.pk)


def _acting(actor: AgencyMember, role: str | None) -> AgencyMember:
    """The actor's membership read again under its agency's lock (the caller's copy may predate a change of
    roles or a removal), holding `role` when one is named."""
    if role:
        require_role(actor, role)  # refuse before taking a lock when the caller's copy already says no
    agency = _lock_agency(actor.agency)
    fresh = AgencyMember.objects.select_related("user").filter(pk=actor.pk, agency=agency).first()
    if fresh is None:
        raise PermissionDenied(_("You are no longer a member of this agency."), code="not_agency_member")
    fresh.agency = agency
    return require_role(fresh, role) if role else fresh


def _require_pending(agency: Agency) -> None:
    if agency.status != AgencyStatus.PENDING:
        raise Conflict(
            _("This agency is %(status)s, not waiting for a decision.") % {"status": agency.get_status_display()},
            code="agency_not_pending",
            field="status",
        )


@transaction.atomic
def agency_approve(*, agency: Agency, operator) -> Agency:
    """An operator approves a pending application; its members can start buying. The applicant is told."""
    agency = _lock_agency(agency)
    _require_pending(agency)
    agency.status = AgencyStatus.APPROVED
    agency.rejection_reason = ""
    agency.approved_by = operator
    agency.approved_at = timezone.now()
    agency.save(update_fields=["status", "rejection_reason", "approved_by", "approved_at"])
    _send_email("approved", agency.pk)
    return agency


@transaction.atomic
def agency_reject(*, agency: Agency, operator, reason: str) -> Agency:
    """An operator rejects a pending application, saying why (the applicant reads it and may apply again)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the agency is rejected; the applicant will read it."), code="reason_required", field="reason"
        )
    check_length(reason, model=Agency, field="rejection_reason", input_field="reason")
    agency = _lock_agency(agency)
    _require_pending(agency)
    agency.status = AgencyStatus.REJECTED
    agency.rejection_reason = reason
    agency.approved_by = operator  # who decided (the one field the model keeps for the decision)
    agency.approved_at = None
    agency.save(update_fields=["status", "rejection_reason", "approved_by", "approved_at"])
    _send_email("rejected", agency.pk)
    return agency


# --- members ------------------------------------------------------------------------------------------------------
def _member_of(agency: Agency, member_id: int) -> AgencyMember:
    """The member of `agency` with this id, locked; another agency's member is not found (its existence is not
    ours to reveal)."""
    member = AgencyMember.objects.select_for_update().select_related("user").filter(pk=member_id, agency=agency).first()
    if member is None:
        raise NotFound(_("No member of your agency has this id."), code="member_not_found")
    return member


def _other_admins(agency: Agency, member: AgencyMember) -> bool:
    return AgencyMember.objects.filter(agency=agency, is_admin=True).exclude(pk=member.pk).exists()


def _refuse_last_admin(agency: Agency, member: AgencyMember, *, leaving: bool) -> None:
    if member.is_admin and not _other_admins(agency, member):
        message = (
            _("You are your agency's only admin: make another member admin before you leave.")
            if leaving
            else _("An agency keeps at least one admin: make another member admin first.")
        )
        raise Conflict(message, code="last_admin", field=None if leaving else "roles")


@transaction.atomic
def agency_member_set_roles(*, actor: AgencyMember, member_id: int, roles: Iterable[str]) -> AgencyMember:
    """An agency admin gives a member (themselves included) these roles, at least one; the last admin keeps
    the admin role."""
    require_role(actor, AgencyRole.ADMIN)
    flags = _clean_roles(roles)
    actor = _acting(actor, AgencyRole.ADMIN)
    agency = actor.agency
    member = _member_of(agency, member_id)
    if member.is_admin and not flags["is_admin"]:
        _refuse_last_admin(agency, member, leaving=False)
    for flag, value in flags.items():
        setattr(member, flag, value)
    member.save(update_fields=list(flags))
    return member


@transaction.atomic
def agency_member_remove(*, actor: AgencyMember, member_id: int) -> None:
    """An agency admin removes a member; any member may remove themselves (leave). Never the last admin."""
    leaving = member_id == actor.pk
    actor = _acting(actor, None if leaving else AgencyRole.ADMIN)
    agency = actor.agency
    member = _member_of(agency, member_id)
    _refuse_last_admin(agency, member, leaving=leaving)
    member.delete()


def agency_member_leave(*, membership: AgencyMember) -> None:
    """A member leaves their agency (not its last admin)."""
    agency_member_remove(actor=membership, member_id=membership.pk)


# --- invitations --------------------------------------------------------------------------------------------------
def invitation_is_live(invitation: AgencyInvitation, now: datetime.datetime | None = None) -> bool:
    return invitation.accepted_at is None and invitation.expires_at > (now or timezone.now())


@transaction.atomic
def agency_invite(*, actor: AgencyMember, email: str, roles: Iterable[str]) -> AgencyInvitation:
    """An agency admin invites a person by e-mail to join in `roles`. The e-mail (with the code to accept) goes
    after commit; the invitation lasts AGENCY_INVITATION_DAYS. A newer invitation to the same address replaces a
    live one (so only the latest roles and code count)."""
    require_role(actor, AgencyRole.ADMIN)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ApplicationError(_("Give the e-mail address to invite."), code="required", field="email")
    check_lengths({"email": email}, model=AgencyInvitation)
    flags = _clean_roles(roles)
    actor = _acting(actor, AgencyRole.ADMIN)
    agency = actor.agency
    if agency.status != AgencyStatus.APPROVED:
        raise Conflict(_("Your agency can invite people once an operator has approved it."), code="agency_not_approved")
    if AgencyMember.objects.filter(agency=agency, user__email=email).exists():
        raise Conflict(_("%(email)s is already a member of your agency.") % {"email": email}, code="already_member")
    now = timezone.now()
    AgencyInvitation.objects.filter(agency=agency, email=email, accepted_at__isnull=True, expires_at__gt=now).delete()
    invitation = AgencyInvitation.objects.create(
        agency=agency,
        email=email,
        token=secrets.token_urlsafe(32),  # 43 characters, 256 bits
        invited_by=actor.user,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.AGENCY_INVITATION_DAYS),
        **flags,
    )
    _send_email("invitation", invitation.pk)
    return invitation


@transaction.atomic
def agency_invitation_revoke(*, actor: AgencyMember, invitation_id: int) -> None:
    """An agency admin takes back an invitation not yet accepted (an expired one may be tidied away too)."""
    actor = _acting(actor, AgencyRole.ADMIN)
    invitation = (
        AgencyInvitation.objects.select_for_update().filter(pk=invitation_id, agency_id=actor.agency_id).first()
    )
    if invitation is None:
        raise NotFound(_("Your agency has no invitation with this id."), code="invitation_not_found")
    if invitation.accepted_at is not None:
        raise Conflict(
            _("This invitation was accepted; remove the member instead."), code="invitation_accepted", field="status"
        )
    invitation.delete()


@transaction.atomic
def agency_invitation_accept(*, user, token: str) -> AgencyMember:
    """The signed-in person takes up an invitation: its address must be their account's, and they may act for
    no seller firm and no other agency. They join in the invitation's roles."""
    token = (token or "").strip()
    if not token:
        raise ApplicationError(_("Give the invitation code from the e-mail."), code="required", field="token")
    user = _lock_user(user)
    # Locks in the order every agency write takes them: the agency, then its rows.
    agency_id = AgencyInvitation.objects.filter(token=token).values_list("agency_id", flat=True).first()
    if agency_id is not None:
        Agency.objects.select_for_update().filter(pk=agency_id).first()
    invitation = AgencyInvitation.objects.select_for_update().select_related("agency").filter(token=token).first()
    if invitation is None:
        raise NotFound(
            _("No invitation has this code; ask your agency admin to invite you again."),
            code="invitation_not_found",
            field="token",
        )
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has been used already."), code="invitation_used", field="token")
    if invitation.expires_at <= timezone.now():
        raise Conflict(
            _("This invitation expired on %(day)s; ask your agency admin to invite you again.")
            % {"day": f"{timezone.localtime(invitation.expires_at):%Y-%m-%d}"},
            code="invitation_expired",
            field="token",
        )
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation is for another e-mail address; sign in with the account it was sent to."),
            code="invitation_email_mismatch",
            field="token",
        )
    if invitation.agency.status != AgencyStatus.APPROVED:
        raise Conflict(_("This agency is not approved."), code="agency_not_approved", field="token")
    _check_may_join(user)
    member = AgencyMember.objects.create(
        agency=invitation.agency, user=user, **{flag: getattr(invitation, flag) for flag in ROLE_FLAGS.values()}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


def _send_email(kind: str, object_id: int) -> None:
    from market.procurement.tasks import send_agency_email

    enqueue_on_commit(send_agency_email, kind, object_id)
