"""Agencies and their people (market/procurement/services/agencies.py): applications and operators' decisions,
members' roles, invitations, and require_role, against PostgreSQL."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.firms.models import Firm
from market.procurement.models import Agency, AgencyInvitation, AgencyMember, AgencyStatus
from market.procurement.selectors.agencies import (
    agency_invitation_list,
    agency_list_for_operators,
    agency_member_list,
)
from market.procurement.services.agencies import (
    agency_approve,
    agency_create,
    agency_invitation_accept,
    agency_invitation_revoke,
    agency_invite,
    agency_member_leave,
    agency_member_remove,
    agency_member_set_roles,
    agency_register,
    agency_reject,
    require_role,
)
from market.procurement.tasks import send_agency_email
from tests.factories import OperatorFactory, SellerFactory, UserFactory, valid_registration_number
from tests.procurement.factories import AgencyFactory, agency_member

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "마포구청",
    "kind": "district_office",
    "district_code": "11440",
    "address": "서울특별시 마포구 월드컵로 212",
    "billing_email": "Budget@Mapo.go.kr",
}


def _error(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


# --- require_role ------------------------------------------------------------------------------------------------
def test_require_role_returns_the_membership_holding_the_role():
    member = agency_member(None, "approver")
    assert require_role(member, "approver") is member


def test_require_role_names_the_missing_role():
    member = agency_member(None, "requester", "inspector")
    error = _error(require_role, membership=member, role="approver")
    assert isinstance(error, PermissionDenied) and error.status == 403
    assert error.code == "role_required"
    assert "승인자(approver) 역할이 필요합니다" in error.message
    with translation.override("en"):
        error = _error(require_role, membership=member, role="approver")
    assert "needs the approver role (승인자)" in error.message


def test_require_role_refuses_someone_in_no_agency():
    error = _error(require_role, membership=None, role="inspector")
    assert isinstance(error, PermissionDenied) and error.code == "not_agency_member"
    assert "inspector" in error.message


def test_require_role_of_an_unknown_role_is_a_programming_error():
    with pytest.raises(ValueError):
        require_role(agency_member(), "boss")


# --- applying, approving, rejecting --------------------------------------------------------------------------
def test_an_application_is_pending_with_the_applicant_in_every_role():
    user = UserFactory()
    agency = agency_register(user=user, business_number="", **DETAILS)
    assert agency.status == AgencyStatus.PENDING and agency.created_by == user
    assert agency.district.code == "11440" and agency.billing_email == "budget@mapo.go.kr"
    member = AgencyMember.objects.get(user=user)
    assert member.agency == agency
    assert member.roles == ["requester", "approver", "inspector", "admin"]


def test_a_business_number_is_optional_and_checked_when_given():
    number = valid_registration_number()
    written = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    assert agency_register(user=UserFactory(), business_number=written, **DETAILS).business_number == number
    wrong_check_digit = number[:9] + str((int(number[9]) + 1) % 10)
    error = _error(agency_register, user=UserFactory(), business_number=wrong_check_digit, **DETAILS)
    assert (error.code, error.field) == ("registration_number_checksum", "business_number")
    error = _error(agency_register, user=UserFactory(), business_number="12345", **DETAILS)
    assert (error.code, error.field) == ("registration_number_format", "business_number")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"name": "  "}, "required", "name"),
        ({"name": "가" * 201}, "too_long", "name"),
        ({"kind": ""}, "required", "kind"),
        ({"kind": "ministry"}, "invalid_choice", "kind"),
        ({"district_code": ""}, "required", "district"),
        ({"district_code": "26110"}, "unknown_district", "district"),
        ({"address": ""}, "required", "address"),
        ({"billing_email": ""}, "required", "billing_email"),
    ],
)
def test_a_bad_application_names_its_field_and_writes_nothing(changes, code, field):
    error = _error(agency_register, user=UserFactory(), **{**DETAILS, **changes})
    assert (error.code, error.field, error.status) == (code, field, 400)
    assert not Agency.objects.exists() and not AgencyMember.objects.exists()


def test_a_seller_cannot_apply_for_an_agency():
    error = _error(agency_register, user=SellerFactory(), **DETAILS)
    assert isinstance(error, Conflict) and error.code == "seller_account"
    assert not Agency.objects.exists()


def test_a_member_of_an_agency_cannot_apply_for_another():
    member = agency_member()
    error = _error(agency_register, user=member.user, **DETAILS)
    assert isinstance(error, Conflict) and error.code == "already_in_agency"
    pending = agency_register(user=UserFactory(), **DETAILS)
    error = _error(agency_register, user=pending.created_by, **DETAILS)
    assert error.code == "already_in_agency"


def test_a_rejected_applicant_may_apply_again_and_the_rejected_agency_stays_on_record():
    user = UserFactory()
    first = agency_register(user=user, **DETAILS)
    agency_reject(agency=first, operator=OperatorFactory(), reason="공문을 첨부해 주세요")
    second = agency_register(user=user, **{**DETAILS, "name": "마포구청 총무과"})
    assert AgencyMember.objects.get(user=user).agency == second
    first.refresh_from_db()
    assert first.status == AgencyStatus.REJECTED and first.rejection_reason == "공문을 첨부해 주세요"


def test_approval_lets_the_agency_act_and_tells_the_applicant_after_commit(django_capture_on_commit_callbacks):
    operator = OperatorFactory()
    agency = agency_register(user=UserFactory(), **DETAILS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        agency_approve(agency=agency, operator=operator)
        assert not mail.outbox  # nothing leaves before the commit
    assert len(callbacks) == 1
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.APPROVED and agency.approved_by == operator and agency.approved_at
    assert mail.outbox[-1].to == [agency.created_by.email] and "승인" in mail.outbox[-1].subject


def test_only_a_pending_agency_is_decided_on():
    agency = AgencyFactory()  # approved
    for call, kwargs in ((agency_approve, {}), (agency_reject, {"reason": "중복 신청"})):
        error = _error(call, agency=agency, operator=OperatorFactory(), **kwargs)
        assert isinstance(error, Conflict) and error.code == "agency_not_pending"


def test_a_rejection_says_why(django_capture_on_commit_callbacks):
    agency = agency_register(user=UserFactory(), **DETAILS)
    error = _error(agency_reject, agency=agency, operator=OperatorFactory(), reason="  ")
    assert (error.code, error.field) == ("reason_required", "reason")
    error = _error(agency_reject, agency=agency, operator=OperatorFactory(), reason="가" * 501)
    assert (error.code, error.field) == ("too_long", "reason")
    with django_capture_on_commit_callbacks(execute=True):
        agency_reject(agency=agency, operator=OperatorFactory(), reason="기관 확인 공문이 필요합니다")
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.REJECTED and agency.rejection_reason == "기관 확인 공문이 필요합니다"
    assert "기관 확인 공문이 필요합니다" in mail.outbox[-1].body


def test_an_operator_creates_an_approved_agency_naming_an_existing_account_its_admin():
    operator, admin = OperatorFactory(), UserFactory(email="clerk@seoul.go.kr")
    agency = agency_create(operator=operator, admin_email=" Clerk@Seoul.go.kr ", **DETAILS)
    assert agency.status == AgencyStatus.APPROVED and agency.approved_by == operator and agency.created_by == operator
    member = AgencyMember.objects.get(user=admin)
    assert (
        member.agency == agency
        and member.is_admin
        and member.roles
        == [
            "requester",
            "approver",
            "inspector",
            "admin",
        ]
    )


@pytest.mark.parametrize(
    ("who", "code"),
    [("nobody", "unknown_user"), ("seller", "seller_account"), ("member", "already_in_agency"), ("", "required")],
)
def test_an_agency_is_not_created_for_an_account_that_cannot_be_its_admin(who, code):
    email = {
        "nobody": "nobody@example.kr",
        "seller": lambda: SellerFactory().email,
        "member": lambda: agency_member().user.email,
        "": "",
    }[who]
    email = email() if callable(email) else email
    before = Agency.objects.count()
    error = _error(agency_create, operator=OperatorFactory(), admin_email=email, **DETAILS)
    assert (error.code, error.field) == (code, "admin_email")
    assert Agency.objects.count() == before


# --- invitations ----------------------------------------------------------------------------------------------
@override_settings(AGENCY_INVITATION_DAYS=3)
def test_an_admin_invites_by_email_and_the_email_goes_after_commit(django_capture_on_commit_callbacks):
    admin = agency_member(None, "admin")
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = agency_invite(actor=admin, email=" Kim@Agency.go.kr ", roles=["requester", "inspector"])
        assert not mail.outbox
    assert len(callbacks) == 1
    assert invitation.email == "kim@agency.go.kr" and invitation.roles == ["requester", "inspector"]
    assert invitation.invited_by == admin.user and len(invitation.token) >= 40
    assert before + datetime.timedelta(days=3) <= invitation.expires_at <= timezone.now() + datetime.timedelta(days=3)
    message = mail.outbox[-1]
    assert message.to == ["kim@agency.go.kr"] and admin.agency.name in message.subject
    assert invitation.token in message.body and "요청자, 검수자" in message.body


def test_inviting_needs_the_admin_role():
    requester = agency_member(None, "requester", "approver", "inspector")
    error = _error(agency_invite, actor=requester, email="kim@agency.go.kr", roles=["requester"])
    assert isinstance(error, PermissionDenied) and error.code == "role_required" and "(admin) 역할" in error.message
    assert not AgencyInvitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "roles", "code", "field"),
    [
        ("", ["requester"], "required", "email"),
        ("kim@agency.go.kr", [], "roles_required", "roles"),
        ("kim@agency.go.kr", ["requester", "mayor"], "invalid_choice", "roles"),
    ],
)
def test_a_bad_invitation_names_its_field(email, roles, code, field):
    error = _error(agency_invite, actor=agency_member(None, "admin"), email=email, roles=roles)
    assert (error.code, error.field) == (code, field)
    assert not AgencyInvitation.objects.exists()


def test_a_second_live_invitation_to_the_same_address_replaces_the_first():
    admin = agency_member(None, "admin")
    first = agency_invite(actor=admin, email="kim@agency.go.kr", roles=["requester"])
    second = agency_invite(actor=admin, email="KIM@agency.go.kr", roles=["approver"])
    assert list(AgencyInvitation.objects.values_list("pk", flat=True)) == [second.pk]
    user = UserFactory(email="kim@agency.go.kr")
    error = _error(agency_invitation_accept, user=user, token=first.token)
    assert isinstance(error, NotFound) and error.code == "invitation_not_found"
    assert agency_invitation_accept(user=user, token=second.token).roles == ["approver"]


def test_an_expired_or_used_invitation_is_not_replaced_but_kept():
    admin = agency_member(None, "admin")
    old = agency_invite(actor=admin, email="kim@agency.go.kr", roles=["requester"])
    AgencyInvitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    agency_invite(actor=admin, email="kim@agency.go.kr", roles=["requester"])
    assert AgencyInvitation.objects.filter(email="kim@agency.go.kr").count() == 2


def test_another_agency_may_invite_the_same_address():
    first = agency_invite(actor=agency_member(None, "admin"), email="kim@agency.go.kr", roles=["requester"])
    agency_invite(actor=agency_member(None, "admin"), email="kim@agency.go.kr", roles=["requester"])
    assert AgencyInvitation.objects.filter(pk=first.pk).exists()


def test_a_member_is_not_invited_again():
    admin = agency_member(None, "admin")
    colleague = agency_member(admin.agency, "requester")
    error = _error(agency_invite, actor=admin, email=colleague.user.email.upper(), roles=["approver"])
    assert isinstance(error, Conflict) and error.code == "already_member"


def test_a_pending_agency_cannot_invite():
    agency = agency_register(user=UserFactory(), **DETAILS)
    error = _error(agency_invite, actor=agency.members.get(), email="kim@agency.go.kr", roles=["requester"])
    assert isinstance(error, Conflict) and error.code == "agency_not_approved"


def test_accepting_joins_the_agency_in_the_invitations_roles():
    admin = agency_member(None, "admin")
    invitation = agency_invite(actor=admin, email="kim@agency.go.kr", roles=["approver", "inspector"])
    user = UserFactory(email="kim@agency.go.kr")
    member = agency_invitation_accept(user=user, token=f" {invitation.token} ")
    assert member.agency == admin.agency and member.user == user and member.roles == ["approver", "inspector"]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    error = _error(agency_invitation_accept, user=user, token=invitation.token)
    assert isinstance(error, Conflict) and error.code == "invitation_used"


def test_an_invitation_is_only_for_its_own_address():
    invitation = agency_invite(actor=agency_member(None, "admin"), email="kim@agency.go.kr", roles=["requester"])
    error = _error(agency_invitation_accept, user=UserFactory(email="lee@agency.go.kr"), token=invitation.token)
    assert isinstance(error, PermissionDenied) and error.code == "invitation_email_mismatch"
    assert not AgencyMember.objects.filter(user__email="lee@agency.go.kr").exists()


def test_an_expired_invitation_cannot_be_accepted():
    invitation = agency_invite(actor=agency_member(None, "admin"), email="kim@agency.go.kr", roles=["requester"])
    AgencyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    error = _error(agency_invitation_accept, user=UserFactory(email="kim@agency.go.kr"), token=invitation.token)
    assert isinstance(error, Conflict) and error.code == "invitation_expired"


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_or_missing_code_is_refused(token):
    error = _error(agency_invitation_accept, user=UserFactory(), token=token)
    assert error.field == "token" and error.code in ("required", "invitation_not_found")


@pytest.mark.parametrize("who", ["seller", "member"])
def test_a_seller_or_another_agencys_member_cannot_accept(who):
    user = SellerFactory() if who == "seller" else agency_member().user
    invitation = agency_invite(actor=agency_member(None, "admin"), email=user.email, roles=["requester"])
    error = _error(agency_invitation_accept, user=user, token=invitation.token)
    assert isinstance(error, Conflict) and error.code == ("seller_account" if who == "seller" else "already_in_agency")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_admin_revokes_an_open_invitation_but_not_an_accepted_one_nor_another_agencys():
    admin = agency_member(None, "admin")
    open_one = agency_invite(actor=admin, email="kim@agency.go.kr", roles=["requester"])
    used = agency_invite(actor=admin, email="lee@agency.go.kr", roles=["requester"])
    agency_invitation_accept(user=UserFactory(email="lee@agency.go.kr"), token=used.token)
    foreign = agency_invite(actor=agency_member(None, "admin"), email="park@agency.go.kr", roles=["requester"])

    error = _error(agency_invitation_revoke, actor=agency_member(admin.agency, "approver"), invitation_id=open_one.pk)
    assert error.code == "role_required"
    error = _error(agency_invitation_revoke, actor=admin, invitation_id=used.pk)
    assert isinstance(error, Conflict) and error.code == "invitation_accepted"
    error = _error(agency_invitation_revoke, actor=admin, invitation_id=foreign.pk)
    assert isinstance(error, NotFound)
    agency_invitation_revoke(actor=admin, invitation_id=open_one.pk)
    assert set(AgencyInvitation.objects.values_list("pk", flat=True)) == {used.pk, foreign.pk}


def test_no_email_goes_for_an_invitation_taken_back_before_the_worker_ran():
    admin = agency_member(None, "admin")
    invitation = agency_invite(actor=admin, email="kim@agency.go.kr", roles=["requester"])
    agency_invitation_revoke(actor=admin, invitation_id=invitation.pk)
    mail.outbox.clear()
    assert send_agency_email.apply(args=("invitation", invitation.pk)).get() is False
    assert not mail.outbox


# --- members' roles, removal, leaving ------------------------------------------------------------------------
def test_an_admin_sets_a_members_roles():
    admin = agency_member(None, "admin")
    clerk = agency_member(admin.agency, "requester")
    member = agency_member_set_roles(actor=admin, member_id=clerk.pk, roles=["approver", "inspector"])
    clerk.refresh_from_db()
    assert member.roles == clerk.roles == ["approver", "inspector"]


def test_setting_roles_needs_the_admin_role_and_at_least_one_role():
    admin = agency_member(None, "admin")
    clerk = agency_member(admin.agency, "requester", "approver", "inspector")
    error = _error(agency_member_set_roles, actor=clerk, member_id=clerk.pk, roles=["admin"])
    assert isinstance(error, PermissionDenied) and error.code == "role_required" and "admin" in error.message
    error = _error(agency_member_set_roles, actor=admin, member_id=clerk.pk, roles=[])
    assert (error.code, error.field) == ("roles_required", "roles")
    clerk.refresh_from_db()
    assert clerk.roles == ["requester", "approver", "inspector"]


def test_the_last_admin_keeps_the_admin_role():
    admin = agency_member(None, "admin", "requester")
    error = _error(agency_member_set_roles, actor=admin, member_id=admin.pk, roles=["requester"])
    assert isinstance(error, Conflict) and (error.code, error.field) == ("last_admin", "roles")
    second = agency_member(admin.agency, "admin")
    agency_member_set_roles(actor=admin, member_id=admin.pk, roles=["requester"])
    admin.refresh_from_db()
    assert admin.roles == ["requester"]
    error = _error(agency_member_set_roles, actor=second, member_id=second.pk, roles=["approver"])
    assert error.code == "last_admin"


def test_an_admin_copy_read_before_a_demotion_no_longer_acts():
    """The caller's membership may be stale (read at the start of the request): the services read it again
    under the agency's lock."""
    admin = agency_member(None, "admin")
    agency_member(admin.agency, "admin")
    clerk = agency_member(admin.agency, "requester")
    AgencyMember.objects.filter(pk=admin.pk).update(is_admin=False, is_requester=True)
    assert admin.is_admin  # the stale copy
    error = _error(agency_member_set_roles, actor=admin, member_id=clerk.pk, roles=["admin"])
    assert error.code == "role_required"
    error = _error(agency_invite, actor=admin, email="kim@agency.go.kr", roles=["requester"])
    assert error.code == "role_required"


def test_a_member_of_another_agency_is_not_found():
    admin = agency_member(None, "admin")
    stranger = agency_member(None, "requester")
    for call, kwargs in ((agency_member_set_roles, {"roles": ["approver"]}), (agency_member_remove, {})):
        error = _error(call, actor=admin, member_id=stranger.pk, **kwargs)
        assert isinstance(error, NotFound) and error.code == "member_not_found"
    stranger.refresh_from_db()
    assert stranger.roles == ["requester"]


def test_an_admin_removes_a_member_and_others_cannot():
    admin = agency_member(None, "admin")
    clerk = agency_member(admin.agency, "requester")
    other = agency_member(admin.agency, "approver")
    error = _error(agency_member_remove, actor=clerk, member_id=other.pk)
    assert isinstance(error, PermissionDenied) and error.code == "role_required"
    agency_member_remove(actor=admin, member_id=other.pk)
    assert not AgencyMember.objects.filter(pk=other.pk).exists()
    assert other.user.__class__.objects.filter(pk=other.user.pk).exists()  # the account stays


def test_the_last_admin_is_neither_removed_nor_leaves():
    admin = agency_member(None, "admin")
    error = _error(agency_member_remove, actor=admin, member_id=admin.pk)
    assert isinstance(error, Conflict) and error.code == "last_admin"
    error = _error(agency_member_leave, membership=admin)
    assert error.code == "last_admin"
    second = agency_member(admin.agency, "admin")
    agency_member_remove(actor=second, member_id=admin.pk)  # two admins: one may go
    assert list(AgencyMember.objects.filter(agency=admin.agency)) == [second]


def test_any_member_may_leave():
    admin = agency_member(None, "admin")
    clerk = agency_member(admin.agency, "inspector")
    agency_member_leave(membership=clerk)
    assert list(AgencyMember.objects.filter(agency=admin.agency)) == [admin]
    # Free again: they may join another agency by invitation.
    invitation = agency_invite(actor=agency_member(None, "admin"), email=clerk.user.email, roles=["inspector"])
    assert agency_invitation_accept(user=clerk.user, token=invitation.token).roles == ["inspector"]


# --- selectors ----------------------------------------------------------------------------------------------------
def test_member_list_holds_only_the_agencys_own_members(django_assert_num_queries):
    admin = agency_member(None, "admin")
    colleagues = [agency_member(admin.agency, "requester") for _ in range(3)]
    agency_member(None, "admin")  # another agency's
    with django_assert_num_queries(1):
        members = list(agency_member_list(agency=admin.agency))
        emails = [m.user.email for m in members]
    assert [m.pk for m in members] == [admin.pk] + [c.pk for c in colleagues]
    assert emails[0] == admin.user.email


def test_invitation_list_is_the_admins_and_holds_only_their_agencys(django_assert_num_queries):
    admin = agency_member(None, "admin")
    own = [agency_invite(actor=admin, email=f"p{n}@agency.go.kr", roles=["requester"]) for n in range(3)]
    agency_invite(actor=agency_member(None, "admin"), email="p0@agency.go.kr", roles=["requester"])
    with django_assert_num_queries(1):
        listed = [(i.pk, i.invited_by.email) for i in agency_invitation_list(membership=admin)]
    assert [pk for pk, _ in listed] == [i.pk for i in reversed(own)]
    error = _error(agency_invitation_list, membership=agency_member(admin.agency, "requester"))
    assert error.code == "role_required"


def test_the_operators_list_counts_members_in_one_query(django_assert_num_queries):
    for _ in range(3):
        agency = AgencyFactory()
        agency_member(agency, "admin")
        agency_member(agency, "requester")
    with django_assert_num_queries(1):
        rows = [(a.name, a.district.code, a.member_count) for a in agency_list_for_operators()]
    assert [count for *_, count in rows] == [2, 2, 2]


def test_an_agency_member_cannot_apply_for_a_seller_firm_with_the_same_account():
    from market.firms.services import firm_apply

    member = agency_member(None, "requester")
    error = _error(
        firm_apply,
        user=member.user,
        name="같이협동조합",
        registration_number=valid_registration_number(),
        district_code="11440",
        address="서울특별시 마포구 월드컵로 1",
    )
    assert isinstance(error, Conflict) and error.code == "agency_member"
    assert not Firm.objects.filter(name="같이협동조합").exists()
