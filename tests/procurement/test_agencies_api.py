"""The agencies API (api/v1/procurement_agencies.py) end to end: apply, an operator decides, the admin invites,
the invited person accepts from the e-mail's code, roles change, members go; every refusal in the one error
shape with its code and field; auth/me/ names the caller's agency. The admin pages act through the services."""

import pytest
from django.contrib.admin import helpers
from django.core import mail
from django.urls import reverse

from market.procurement.models import Agency, AgencyInvitation, AgencyMember, AgencyStatus
from tests.conftest import client_for
from tests.factories import OperatorFactory, SellerFactory, UserFactory
from tests.procurement.factories import AgencyFactory, agency_member

pytestmark = pytest.mark.django_db
API = "/api/v1/"
APPLICATION = {
    "name": "서울특별시 마포구청",
    "kind": "district_office",
    "district": "11440",
    "address": "서울특별시 마포구 월드컵로 212",
    "billing_email": "budget@mapo.go.kr",
}


def _error(response, status, code, field=None):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["code"] == code, error
    if field is not None:
        assert error["field"] == field, error
    return error


def test_the_whole_way_from_application_to_a_team(django_capture_on_commit_callbacks):
    applicant, operator = UserFactory(), OperatorFactory()
    clerk = UserFactory(email="clerk@mapo.go.kr")
    me = client_for(applicant)
    assert me.get(f"{API}auth/me/").json()["agency"] is None

    with django_capture_on_commit_callbacks(execute=True):
        created = me.post(f"{API}agencies/", APPLICATION, format="json")
    assert created.status_code == 201, created.content
    agency = created.json()
    assert agency["status"] == "pending" and agency["district"]["code"] == "11440"
    assert agency["roles"] == ["requester", "approver", "inspector", "admin"]
    assert me.get(f"{API}agency/").json()["status"] == "pending"
    assert me.get(f"{API}auth/me/").json()["agency"] == {
        "id": agency["id"],
        "name": APPLICATION["name"],
        "status": "pending",
        "member_id": agency["member_id"],
        "roles": ["requester", "approver", "inspector", "admin"],
    }
    # Pending: the agency's working endpoints are closed.
    _error(me.get(f"{API}agency/members/"), 403, "permission_denied")

    operators = client_for(operator)
    listed = operators.get(f"{API}operator/agencies/", {"status": "pending"}).json()["results"]
    assert [(a["id"], a["member_count"], a["created_by_email"]) for a in listed] == [(agency["id"], 1, applicant.email)]
    with django_capture_on_commit_callbacks(execute=True):
        approved = operators.post(f"{API}operator/agencies/{agency['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert mail.outbox[-1].to == [applicant.email]
    assert operators.get(f"{API}operator/agencies/", {"status": "pending"}).json()["results"] == []
    me = client_for(type(applicant).objects.get(pk=applicant.pk))  # as the next request loads the account

    with django_capture_on_commit_callbacks(execute=True):
        invited = me.post(
            f"{API}agency/invitations/", {"email": "Clerk@Mapo.go.kr", "roles": ["requester"]}, format="json"
        )
    assert invited.status_code == 201, invited.content
    assert invited.json()["status"] == "open" and "token" not in invited.json()
    token = AgencyInvitation.objects.get(pk=invited.json()["id"]).token
    assert token in mail.outbox[-1].body and mail.outbox[-1].to == ["clerk@mapo.go.kr"]

    _error(
        client_for(UserFactory()).post(f"{API}agency/invitations/accept/", {"token": token}, format="json"),
        403,
        "invitation_email_mismatch",
        "token",
    )
    joined = client_for(clerk).post(f"{API}agency/invitations/accept/", {"token": token}, format="json")
    assert joined.status_code == 200, joined.content
    assert joined.json()["id"] == agency["id"] and joined.json()["roles"] == ["requester"]
    assert me.get(f"{API}agency/invitations/").json()["results"][0]["status"] == "accepted"

    members = me.get(f"{API}agency/members/").json()["results"]
    assert [m["email"] for m in members] == [applicant.email, "clerk@mapo.go.kr"]
    clerk_id = members[1]["id"]
    changed = me.patch(f"{API}agency/members/{clerk_id}/", {"roles": ["approver", "inspector"]}, format="json")
    assert changed.status_code == 200 and changed.json()["roles"] == ["approver", "inspector"]
    assert client_for(clerk).get(f"{API}auth/me/").json()["agency"]["roles"] == ["approver", "inspector"]

    # The clerk is not an admin: may not change roles or remove anyone, but may leave.
    error = _error(
        client_for(clerk).patch(f"{API}agency/members/{clerk_id}/", {"roles": ["admin"]}, format="json"),
        403,
        "role_required",
    )
    assert "(admin)" in error["message"]
    _error(client_for(clerk).delete(f"{API}agency/members/{agency['member_id']}/"), 403, "role_required")
    assert client_for(clerk).delete(f"{API}agency/members/{clerk_id}/").status_code == 204
    assert client_for(clerk).get(f"{API}auth/me/").json()["agency"] is None
    # The applicant is the last admin.
    _error(me.delete(f"{API}agency/members/{agency['member_id']}/"), 409, "last_admin")
    _error(
        me.patch(f"{API}agency/members/{agency['member_id']}/", {"roles": ["requester"]}, format="json"),
        409,
        "last_admin",
        "roles",
    )


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"name": ""}, 400, "validation_error", "name"),
        ({"kind": "ministry"}, 400, "invalid_choice", "kind"),
        ({"district": "99999"}, 400, "unknown_district", "district"),
        ({"business_number": "123-45-67890"}, 400, "registration_number_checksum", "business_number"),
        ({"billing_email": "not-an-address"}, 400, "validation_error", "billing_email"),
    ],
)
def test_a_bad_application_is_a_400_naming_the_field(changes, status, code, field):
    response = client_for(UserFactory()).post(f"{API}agencies/", {**APPLICATION, **changes}, format="json")
    _error(response, status, code, field)
    assert not Agency.objects.exists()


def test_a_seller_or_a_member_cannot_apply():
    _error(client_for(SellerFactory()).post(f"{API}agencies/", APPLICATION, format="json"), 409, "seller_account")
    member = agency_member()
    _error(client_for(member.user).post(f"{API}agencies/", APPLICATION, format="json"), 409, "already_in_agency")


def test_my_agency_is_refused_to_someone_in_none():
    _error(client_for(UserFactory()).get(f"{API}agency/"), 403, "not_agency_member")
    assert client_for(None).get(f"{API}agency/").status_code == 401


def test_operators_create_reject_and_filter_agencies():
    operators = client_for(OperatorFactory())
    UserFactory(email="head@school.sen.go.kr")
    body = {**APPLICATION, "name": "서울숲초등학교", "kind": "school", "admin_email": "HEAD@school.sen.go.kr"}
    created = operators.post(f"{API}operator/agencies/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "approved" and created.json()["member_count"] == 1
    _error(
        operators.post(f"{API}operator/agencies/", {**body, "admin_email": "ghost@example.kr"}, format="json"),
        400,
        "unknown_user",
        "admin_email",
    )
    pending = client_for(UserFactory()).post(f"{API}agencies/", APPLICATION, format="json").json()
    _error(
        operators.post(f"{API}operator/agencies/{pending['id']}/reject/", {"reason": ""}, format="json"),
        400,
        "validation_error",
        "reason",
    )
    rejected = operators.post(f"{API}operator/agencies/{pending['id']}/reject/", {"reason": "공문 필요"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["rejection_reason"] == "공문 필요"
    _error(operators.post(f"{API}operator/agencies/{pending['id']}/approve/"), 409, "agency_not_pending", "status")
    assert operators.post(f"{API}operator/agencies/999999999/approve/").status_code == 404
    statuses = {a["name"]: a["status"] for a in operators.get(f"{API}operator/agencies/").json()["results"]}
    assert statuses == {"서울숲초등학교": "approved", APPLICATION["name"]: "rejected"}
    schools = operators.get(f"{API}operator/agencies/", {"kind": "school"}).json()["results"]
    assert [a["name"] for a in schools] == ["서울숲초등학교"]
    _error(operators.get(f"{API}operator/agencies/", {"status": "sleeping"}), 400, "invalid_choice", "status")


def test_invitation_refusals_in_the_one_shape():
    admin = agency_member(None, "admin")
    client = client_for(admin.user)
    _error(
        client.post(f"{API}agency/invitations/", {"email": "a@b.kr", "roles": []}, format="json"),
        400,
        "roles_required",
        "roles",
    )
    _error(
        client.post(f"{API}agency/invitations/", {"email": "a@b.kr", "roles": ["mayor"]}, format="json"),
        400,
        "invalid_choice",
        "roles[0]",
    )
    _error(
        client.post(f"{API}agency/invitations/accept/", {"token": "nope"}, format="json"),
        404,
        "invitation_not_found",
        "token",
    )
    invitation = client.post(f"{API}agency/invitations/", {"email": "a@b.kr", "roles": ["inspector"]}, format="json")
    clerk = agency_member(admin.agency, "requester")
    _error(client_for(clerk.user).get(f"{API}agency/invitations/"), 403, "role_required")
    _error(client_for(clerk.user).delete(f"{API}agency/invitations/{invitation.json()['id']}/"), 403, "role_required")
    assert client.delete(f"{API}agency/invitations/{invitation.json()['id']}/").status_code == 204
    assert client.get(f"{API}agency/invitations/").json()["results"] == []


def test_lists_pay_a_fixed_number_of_queries(django_assert_max_num_queries):
    admin = agency_member(None, "admin")
    client = client_for(admin.user)
    for n in range(5):
        agency_member(admin.agency, "requester")
        client.post(f"{API}agency/invitations/", {"email": f"p{n}@b.kr", "roles": ["inspector"]}, format="json")
        agency_member(AgencyFactory(), "admin")
    operators = client_for(OperatorFactory())
    for path, page in (("agency/members/", client), ("agency/invitations/", client), ("operator/agencies/", operators)):
        with django_assert_max_num_queries(6):  # auth, membership and agency, count, page
            assert len(page.get(API + path).json()["results"]) >= 5


# --- the admin ------------------------------------------------------------------------------------------------------
@pytest.fixture
def admin_site_client():
    from django.test import Client

    client = Client()
    client.force_login(OperatorFactory(is_superuser=True))
    return client


def test_admin_pages_load_and_hide_the_invitation_code(admin_site_client):
    admin = agency_member(None, "admin")
    invitation_id = (
        client_for(admin.user)
        .post(f"{API}agency/invitations/", {"email": "a@b.kr", "roles": ["inspector"]}, format="json")
        .json()["id"]
    )
    token = AgencyInvitation.objects.get(pk=invitation_id).token
    for url in (
        reverse("admin:procurement_agency_changelist"),
        reverse("admin:procurement_agency_change", args=[admin.agency.pk]),
        reverse("admin:procurement_agencymember_changelist"),
        reverse("admin:procurement_agencyinvitation_changelist"),
        reverse("admin:procurement_agencyinvitation_change", args=[invitation_id]),
    ):
        response = admin_site_client.get(url)
        assert response.status_code == 200, url
        assert token not in response.content.decode(), url


def test_admin_actions_approve_and_reject_through_the_services(admin_site_client):
    first = client_for(UserFactory()).post(f"{API}agencies/", APPLICATION, format="json").json()
    second = client_for(UserFactory()).post(f"{API}agencies/", APPLICATION, format="json").json()
    url = reverse("admin:procurement_agency_changelist")
    response = admin_site_client.post(
        url, {"action": "approve_selected", helpers.ACTION_CHECKBOX_NAME: [first["id"]], "index": 0}
    )
    assert response.status_code == 302
    assert Agency.objects.get(pk=first["id"]).status == AgencyStatus.APPROVED

    selection = {"action": "reject_selected", helpers.ACTION_CHECKBOX_NAME: [second["id"]]}
    assert 'name="reason"' in admin_site_client.post(url, {**selection, "index": 0}).content.decode()
    done = admin_site_client.post(url, {**selection, "apply": "1", "reason": "기관 확인 공문이 필요합니다"})
    assert done.status_code == 302
    rejected = Agency.objects.get(pk=second["id"])
    assert rejected.status == AgencyStatus.REJECTED and rejected.rejection_reason == "기관 확인 공문이 필요합니다"
    # Approving a decided one again is refused by the service and said so; nothing changes.
    again = admin_site_client.post(
        url, {"action": "approve_selected", helpers.ACTION_CHECKBOX_NAME: [second["id"]], "index": 0}, follow=True
    )
    assert "승인 대기 중이 아닙니다" in again.content.decode()
    assert Agency.objects.get(pk=second["id"]).status == AgencyStatus.REJECTED
    assert AgencyMember.objects.filter(agency_id=second["id"]).count() == 1
