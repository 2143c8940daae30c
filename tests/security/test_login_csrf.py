"""Login CSRF: a cross-site page cannot sign a visitor's browser in, nor register from it; API clients can.

APIClient(enforce_csrf_checks=True) checks CSRF as a browser request would be checked (the test client
skips the check otherwise).
"""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CREDENTIALS = {"email": "a@b.kr", "password": "pass-word-123"}
NEW_ACCOUNT = {"email": "new@b.kr", "password": "a-long-pass-phrase"}


@pytest.fixture
def browser():
    return APIClient(enforce_csrf_checks=True)


def assert_csrf_refused(response):
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "csrf_failed"


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_session_login_without_the_csrf_token_is_refused_and_signs_nobody_in(browser, fmt):
    UserFactory(email="a@b.kr")
    assert_csrf_refused(browser.post("/api/v1/auth/login/", CREDENTIALS, format=fmt))
    assert "sessionid" not in browser.cookies
    assert browser.get("/api/v1/auth/me/").status_code == 401


def test_a_cross_site_form_post_is_refused_even_with_a_token_from_elsewhere(browser):
    UserFactory(email="a@b.kr")
    token = browser.get("/api/v1/auth/login/").json()["csrf_token"]
    response = browser.post(
        "/api/v1/auth/login/", {**CREDENTIALS, "csrfmiddlewaretoken": token}, HTTP_ORIGIN="https://evil.example"
    )
    assert_csrf_refused(response)
    assert "Origin" in response.json()["error"]["message"]


def test_the_web_ui_gets_a_token_and_signs_in(browser):
    UserFactory(email="a@b.kr")
    handshake = browser.get("/api/v1/auth/login/")
    assert handshake.status_code == 200 and "csrftoken" in handshake.cookies
    token = handshake.json()["csrf_token"]
    response = browser.post(
        "/api/v1/auth/login/", CREDENTIALS, format="json", HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 200, response.content
    assert browser.get("/api/v1/auth/me/").json()["email"] == "a@b.kr"
    # Signed in by session, later writes need the token too (DRF's SessionAuthentication).
    assert browser.post("/api/v1/auth/logout/").status_code == 403
    token = browser.cookies["csrftoken"].value  # login rotates it
    assert browser.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204


def test_an_api_client_registers_with_json_and_no_cookies(browser):
    response = browser.post("/api/v1/auth/register/", NEW_ACCOUNT, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("path", ["/api/v1/auth/register/", "/api/v1/auth/register/seller/"])
def test_a_cross_site_form_cannot_register(browser, path):
    assert_csrf_refused(browser.post(path, NEW_ACCOUNT, format="multipart"))
    assert_csrf_refused(
        browser.post(
            path, "email=new%40b.kr&password=a-long-pass-phrase", content_type="application/x-www-form-urlencoded"
        )
    )


def test_a_browser_with_our_cookies_registers_only_with_the_token(browser):
    token = browser.get("/api/v1/auth/login/").json()["csrf_token"]
    assert_csrf_refused(browser.post("/api/v1/auth/register/", NEW_ACCOUNT, format="json"))
    response = browser.post("/api/v1/auth/register/", NEW_ACCOUNT, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content


def test_token_login_needs_no_csrf_token(browser):
    UserFactory(email="a@b.kr")
    response = browser.post("/api/v1/auth/token/", CREDENTIALS, format="json")
    assert response.status_code == 200 and response.json()["token"]


def test_the_admin_login_refuses_cross_site_posts_too():
    UserFactory(email="a@b.kr", is_staff=True)
    admin = APIClient(enforce_csrf_checks=True)
    response = admin.post("/admin/login/", {"username": "a@b.kr", "password": "pass-word-123"}, format="multipart")
    assert response.status_code == 403
