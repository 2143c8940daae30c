"""Sign-in abuse limits: request-rate throttles per address and per account, and failed-login lockout (axes).

Rates come from settings, so each test sets small ones and runs the limit without waiting; the cache the
counters live in is emptied before every test (tests/conftest.py).
"""

import os
import uuid

import pytest
import redis
from django.test import Client
from rest_framework.test import APIClient

from market.settings.base import redis_cache
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_ENDPOINTS = ["/api/v1/auth/token/", "/api/v1/auth/login/"]
HIGH = "1000/min"


def set_rates(settings, **rates):
    base = {"auth_address": HIGH, "auth_account": HIGH, "register_address": HIGH}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**base, **rates}}


def login(path, email, password="wrong-password", *, address="203.0.113.7", **headers):
    return APIClient(REMOTE_ADDR=address).post(path, {"email": email, "password": password}, format="json", **headers)


def assert_refused(response, code):
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    assert int(response["Retry-After"]) > 0
    return int(response["Retry-After"])


@pytest.mark.parametrize("path", LOGIN_ENDPOINTS)
def test_one_address_is_throttled_whatever_account_it_names(settings, path):
    set_rates(settings, auth_address="3/min")
    for n in range(3):
        assert login(path, f"guess{n}@example.kr").status_code == 400
    wait = assert_refused(login(path, "guess9@example.kr"), "throttled")
    assert wait <= 60
    # Another address is not affected.
    assert login(path, "guess9@example.kr", address="198.51.100.1").status_code == 400


@pytest.mark.parametrize("path", LOGIN_ENDPOINTS)
def test_one_account_is_throttled_from_any_address(settings, path):
    set_rates(settings, auth_account="2/min")
    UserFactory(email="target@example.kr")
    assert login(path, "target@example.kr", address="198.51.100.1").status_code == 400
    assert login(path, "TARGET@example.kr", address="198.51.100.2").status_code == 400
    assert_refused(login(path, " Target@Example.kr", address="198.51.100.3"), "throttled")
    # Even the right password waits: the limit is on requests, not on failures.
    assert_refused(login(path, "target@example.kr", "pass-word-123", address="198.51.100.4"), "throttled")
    assert login(path, "other@example.kr", address="198.51.100.5").status_code == 400


def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(settings):
    set_rates(settings, auth_address="2/min")
    for n in range(2):
        assert login("/api/v1/auth/token/", f"a{n}@example.kr", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 400
    assert_refused(login("/api/v1/auth/token/", "a9@example.kr", HTTP_X_FORWARDED_FOR="10.0.0.9"), "throttled")


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts(settings):
    set_rates(settings, auth_address="2/min")
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.1.1.1"
    # The client may prepend anything; the proxy appends the address it saw, which is the one counted.
    for n in range(2):
        assert (
            login(
                "/api/v1/auth/token/",
                f"a{n}@example.kr",
                address=proxy,
                HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.50",
            ).status_code
            == 400
        )
    assert_refused(
        login("/api/v1/auth/token/", "a9@example.kr", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50"), "throttled"
    )
    assert (
        login("/api/v1/auth/token/", "a9@example.kr", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.51").status_code
        == 400
    )


def test_registration_is_throttled_per_address(settings):
    set_rates(settings, register_address="2/min")
    client = APIClient(REMOTE_ADDR="203.0.113.8")
    for n in range(2):
        response = client.post(
            "/api/v1/auth/register/", {"email": f"new{n}@example.kr", "password": "a-long-pass-phrase"}, format="json"
        )
        assert response.status_code == 201
    refused = client.post(
        "/api/v1/auth/register/", {"email": "new9@example.kr", "password": "a-long-pass-phrase"}, format="json"
    )
    assert_refused(refused, "throttled")
    seller = client.post("/api/v1/auth/register/seller/", {"email": "s@example.kr"}, format="json")
    assert_refused(seller, "throttled")


# --- failed-login lockout (django-axes) ------------------------------------------------------------------


@pytest.fixture
def lockout(settings):
    set_rates(settings)  # the throttles out of the way: these tests are about failures, not rates
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.mark.parametrize("path", LOGIN_ENDPOINTS)
def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(lockout, path):
    UserFactory(email="victim@example.kr")
    for n in range(2):
        response = login(path, "victim@example.kr", address=f"198.51.100.{n}")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_credentials"
    wait = assert_refused(login(path, "victim@example.kr", address="198.51.100.2"), "locked_out")
    assert wait == 15 * 60 == lockout.AXES_COOLOFF_TIME.total_seconds()
    assert_refused(login(path, "victim@example.kr", "pass-word-123", address="198.51.100.3"), "locked_out")
    # Other accounts still sign in from elsewhere.
    UserFactory(email="other@example.kr")
    assert login(path, "other@example.kr", "pass-word-123", address="198.51.100.9").status_code == 200


def test_one_address_guessing_many_accounts_is_locked_out(lockout):
    UserFactory(email="mine@example.kr")
    for n in range(2):
        assert login("/api/v1/auth/token/", f"someone{n}@example.kr").status_code == 400
    assert_refused(login("/api/v1/auth/token/", "someone9@example.kr"), "locked_out")
    # Its own correct password does not unlock the address either.
    assert_refused(login("/api/v1/auth/token/", "mine@example.kr", "pass-word-123"), "locked_out")
    assert login("/api/v1/auth/token/", "mine@example.kr", "pass-word-123", address="198.51.100.77").status_code == 200


def test_the_lockout_ends_after_the_cool_off(lockout):
    from axes.models import AccessAttempt
    from django.utils import timezone

    UserFactory(email="victim@example.kr")
    for _ in range(3):
        login("/api/v1/auth/token/", "victim@example.kr")
    assert login("/api/v1/auth/token/", "victim@example.kr", "pass-word-123").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - lockout.AXES_COOLOFF_TIME)
    assert login("/api/v1/auth/token/", "victim@example.kr", "pass-word-123").status_code == 200


def test_the_admin_login_is_locked_out_too(lockout):
    OperatorFactory(email="staff@example.kr")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        page = client.post("/admin/login/", {"username": "staff@example.kr", "password": "wrong"})
        assert page.status_code == 200 and b"errornote" in page.content  # the form again, with its error
    locked = client.post("/admin/login/", {"username": "staff@example.kr", "password": "wrong"})
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 15 * 60
    # Per account: the right password from another address is refused as well.
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post("/admin/login/", {"username": "Staff@example.kr", "password": "pass-word-123"}).status_code == 429
    # An API login for the same account shares the lockout.
    assert_refused(
        login("/api/v1/auth/token/", "staff@example.kr", "pass-word-123", address="203.0.113.11"), "locked_out"
    )


def test_the_throttle_works_on_redis_the_cache_production_uses(settings):
    """Production keeps counters in Redis so every worker shares them; run the limit there once."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: this test needs the real Redis (scripts/services.sh)")
    prefix = f"gachi-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": redis_cache(url, key_prefix=prefix)}
    set_rates(settings, auth_address="2/min")
    try:
        for n in range(2):
            assert login("/api/v1/auth/token/", f"r{n}@example.kr").status_code == 400
        assert_refused(login("/api/v1/auth/token/", "r9@example.kr"), "throttled")
        keys = redis.Redis.from_url(url).keys(f"{prefix}:*")
        assert keys, "the throttle's counter should be in Redis"
    finally:
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{prefix}:*"):  # only our keys: the broker shares this Redis
            client.delete(key)
