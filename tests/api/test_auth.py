import pytest

from market.accounts.models import User
from market.firms.models import Designation, Firm, FirmMember
from tests.factories import UserFactory, valid_registration_number

pytestmark = pytest.mark.django_db


def seller_payload(**firm_overrides):
    return {
        "email": "Owner@Dure.kr",
        "password": "a-long-pass-phrase",
        "display_name": "두레 대표",
        "firm": {
            "name": "두레 사회적협동조합",
            "registration_number": valid_registration_number(),
            "district": "11440",
            "address": "서울특별시 마포구 성미산로 1",
            "purpose_type": "jobs",
            "vulnerable_employee_share": "45.50",
            "designations": [
                {
                    "kind": "social_cooperative",
                    "issuer": "기획재정부",
                    "number": "SC-2019-1",
                    "start_date": "2019-03-01",
                }
            ],
            **firm_overrides,
        },
    }


def test_buyer_registers_and_gets_a_token(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "a@b.kr", "password": "a-long-pass-phrase", "district": "11110"},
        format="json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    me = api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["email"] == "a@b.kr" and me.json()["kind"] == "buyer" and me.json()["district"] == "11110"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"email": "not-an-email", "password": "a-long-pass-phrase"}, "email", "invalid"),
        ({"email": "a@b.kr", "password": "123"}, "password", "weak_password"),
        ({"email": "a@b.kr", "password": "a-long-pass-phrase", "district": "1"}, "district", "unknown_district"),
    ],
)
def test_bad_buyer_registration(api_client, payload, field, code):
    response = api_client.post("/api/v1/auth/register/", payload, format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == field
    if code != "invalid":
        assert response.json()["error"]["code"] == code
    assert not User.objects.exists()


def test_duplicate_email_is_a_conflict(api_client):
    UserFactory(email="a@b.kr")
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "A@b.kr", "password": "a-long-pass-phrase"}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "email_taken"


def test_seller_registers_with_a_firm_application(api_client):
    response = api_client.post("/api/v1/auth/register/seller/", seller_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["kind"] == "seller" and body["user"]["email"] == "owner@dure.kr"
    assert body["firm"]["verification_status"] == "pending" and body["firm"]["is_selling"] is False
    firm = Firm.objects.get()
    assert FirmMember.objects.get().role == "owner"
    assert firm.designations.get().status == "pending"


@pytest.mark.parametrize(
    ("firm_overrides", "field", "code"),
    [
        ({"registration_number": "220-81-62518"}, "registration_number", "registration_number_checksum"),
        ({"registration_number": "12345"}, "registration_number", "registration_number_format"),
        ({"district": "26110"}, "district", "unknown_district"),
        ({"vulnerable_employee_share": "120"}, "vulnerable_employee_share", "out_of_range"),
        ({"designations": [{"kind": "bank", "start_date": "2020-01-01"}]}, "firm.designations[0].kind", "invalid"),
        (
            {"designations": [{"kind": "village_enterprise", "start_date": "2020-01-01", "end_date": "2019-01-01"}]},
            "end_date",
            "end_before_start",
        ),
    ],
)
def test_bad_seller_registration_leaves_nothing_half_written(api_client, firm_overrides, field, code):
    response = api_client.post("/api/v1/auth/register/seller/", seller_payload(**firm_overrides), format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field
    if code != "invalid":
        assert error["code"] == code
    assert not User.objects.exists() and not Firm.objects.exists() and not Designation.objects.exists()


def test_registering_an_already_registered_firm_is_a_conflict(api_client):
    payload = seller_payload()
    assert api_client.post("/api/v1/auth/register/seller/", payload, format="json").status_code == 201
    payload["email"] = "other@dure.kr"
    payload["firm"]["designations"] = []
    response = api_client.post("/api/v1/auth/register/seller/", payload, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "firm_exists"
    assert User.objects.count() == 1


def test_session_login_and_logout(api_client):
    UserFactory(email="a@b.kr")
    bad = api_client.post("/api/v1/auth/login/", {"email": "a@b.kr", "password": "wrong"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_credentials"
    assert (
        api_client.post(
            "/api/v1/auth/login/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json"
        ).status_code
        == 200
    )
    assert api_client.get("/api/v1/auth/me/").json()["email"] == "a@b.kr"
    assert api_client.post("/api/v1/auth/logout/").status_code == 204
    assert api_client.get("/api/v1/auth/me/").status_code in (401, 403)


def test_token_login(api_client):
    UserFactory(email="a@b.kr")
    response = api_client.post("/api/v1/auth/token/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json")
    token = response.json()["token"]
    assert api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION="Token nope").status_code == 401
    assert api_client.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 204
    assert api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
