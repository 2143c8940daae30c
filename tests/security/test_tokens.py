"""API tokens: one per client (knox), hashed at rest, each with an expiry; logout ends only the caller's."""

import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token_login(email="a@b.kr", password="pass-word-123"):
    response = APIClient().post("/api/v1/auth/token/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def me(token):
    return APIClient().get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {token}")


def post(path, token):
    return APIClient().post(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_each_login_is_its_own_client_and_logout_ends_only_that_one():
    UserFactory(email="a@b.kr")
    phone, laptop = token_login()["token"], token_login()["token"]
    assert phone != laptop
    assert me(phone).status_code == 200 and me(laptop).status_code == 200
    assert post("/api/v1/auth/logout/", phone).status_code == 204
    assert me(phone).status_code == 401
    assert me(laptop).status_code == 200 and me(laptop).json()["email"] == "a@b.kr"


def test_logoutall_ends_every_token_of_the_user_only():
    user = UserFactory(email="a@b.kr")
    UserFactory(email="c@d.kr")
    tokens = [token_login()["token"] for _ in range(3)]
    other = token_login("c@d.kr")["token"]
    assert post("/api/v1/auth/logoutall/", tokens[0]).status_code == 204
    assert all(me(token).status_code == 401 for token in tokens)
    assert not AuthToken.objects.filter(user=user).exists()
    assert me(other).status_code == 200


def test_a_token_has_an_expiry_and_stops_working_after_it(settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=2)}
    UserFactory(email="a@b.kr")
    before = timezone.now()
    body = token_login()
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    assert before + datetime.timedelta(hours=2) <= expiry <= timezone.now() + datetime.timedelta(hours=2)
    assert me(body["token"]).status_code == 200
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    refused = me(body["token"])
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    assert refused.json()["error"]["code"] == "authentication_failed"


def test_tokens_are_stored_hashed():
    UserFactory(email="a@b.kr")
    token = token_login()["token"]
    stored = AuthToken.objects.get()
    assert token not in (stored.digest, stored.token_key) and stored.token_key == token[: len(stored.token_key)]
    assert len(stored.digest) == 128  # sha512


def test_registration_returns_a_working_token_with_its_expiry():
    response = APIClient().post(
        "/api/v1/auth/register/", {"email": "new@b.kr", "password": "a-long-pass-phrase"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["expiry"] and me(body["token"]).json()["email"] == "new@b.kr"


def test_a_session_logout_leaves_the_users_tokens_alone():
    UserFactory(email="a@b.kr")
    token = token_login()["token"]
    browser = APIClient()
    assert (
        browser.post("/api/v1/auth/login/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json").status_code
        == 200
    )
    assert browser.post("/api/v1/auth/logout/").status_code == 204
    assert browser.get("/api/v1/auth/me/").status_code == 401
    assert me(token).status_code == 200


def test_a_stale_token_does_not_stand_in_the_way_of_signing_in_again():
    UserFactory(email="a@b.kr")
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "a@b.kr", "password": "pass-word-123"},
        format="json",
        HTTP_AUTHORIZATION="Token expired-or-revoked",
    )
    assert response.status_code == 200 and me(response.json()["token"]).status_code == 200


def test_a_password_change_ends_every_other_sign_in_but_this_one():
    UserFactory(email="a@b.kr")
    this, other = token_login()["token"], token_login()["token"]
    elsewhere = APIClient()
    elsewhere.post("/api/v1/auth/login/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json")
    assert elsewhere.get("/api/v1/auth/me/").status_code == 200

    response = APIClient().post(
        "/api/v1/auth/password/",
        {"current_password": "pass-word-123", "new_password": "a-new-long-phrase"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {this}",
    )
    assert response.status_code == 204, response.content
    assert me(this).status_code == 200
    assert me(other).status_code == 401
    assert elsewhere.get("/api/v1/auth/me/").status_code == 401  # the session was tied to the old password
    assert (
        APIClient()
        .post("/api/v1/auth/token/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json")
        .status_code
        == 400
    )
    assert token_login(password="a-new-long-phrase")["token"]


def test_a_session_changing_its_password_stays_signed_in():
    UserFactory(email="a@b.kr")
    browser = APIClient()
    browser.post("/api/v1/auth/login/", {"email": "a@b.kr", "password": "pass-word-123"}, format="json")
    response = browser.post(
        "/api/v1/auth/password/",
        {"current_password": "pass-word-123", "new_password": "a-new-long-phrase"},
        format="json",
    )
    assert response.status_code == 204
    assert browser.get("/api/v1/auth/me/").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"current_password": "wrong", "new_password": "a-new-long-phrase"}, "current_password", "wrong_password"),
        ({"current_password": "pass-word-123", "new_password": "123"}, "new_password", "weak_password"),
        ({"new_password": "a-new-long-phrase"}, "current_password", "required"),
    ],
)
def test_a_bad_password_change_changes_nothing(payload, field, code):
    user = UserFactory(email="a@b.kr")
    token = token_login()["token"]
    response = APIClient().post("/api/v1/auth/password/", payload, format="json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400
    assert (response.json()["error"]["field"], response.json()["error"]["code"]) == (field, code)
    user.refresh_from_db()
    assert user.check_password("pass-word-123") and me(token).status_code == 200


def test_password_changes_are_throttled_per_account(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth_address": "1000/min", "auth_account": "2/min", "register_address": "1000/min"},
    }
    UserFactory(email="a@b.kr")
    token = token_login()["token"]  # one request on the account's budget
    guess = {"current_password": "guess", "new_password": "a-new-long-phrase"}
    client = APIClient(REMOTE_ADDR="198.51.100.20")
    assert (
        client.post("/api/v1/auth/password/", guess, format="json", HTTP_AUTHORIZATION=f"Token {token}").status_code
        == 400
    )
    refused = client.post("/api/v1/auth/password/", guess, format="json", HTTP_AUTHORIZATION=f"Token {token}")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
