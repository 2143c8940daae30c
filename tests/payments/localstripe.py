"""Test support for the Stripe-API servers the suite runs against (scripts/services.sh):
localstripe (stateful, our default) and stripe-mock (request shapes, Connect transfers).

Plain urllib on purpose: only market/payments/stripe_gateway.py imports `stripe`.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from tests.service_check import require_service

# Both servers take any key shaped sk_test_<no underscores>; the gateway's default key is one.
TEST_SECRET_KEY = "sk_test_gachilocal"
DEFAULT_LOCALSTRIPE_URL = "http://127.0.0.1:8420"
DEFAULT_STRIPE_MOCK_URL = "http://127.0.0.1:12111"

# Card numbers localstripe 1.15 understands (it keys its behaviour on the number):
CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED_ON_CHARGE = "4000000000000341"  # also the test id pm_card_chargeCustomerFail
CARD_3DS_REQUIRED = "4000002760003184"  # confirm → requires_action (3-D Secure); 4000002500003155 too


def localstripe_url() -> str:
    return os.environ.get("STRIPE_API_BASE") or DEFAULT_LOCALSTRIPE_URL


def stripe_mock_url() -> str:
    return os.environ.get("STRIPE_CONNECT_API_BASE") or DEFAULT_STRIPE_MOCK_URL


def _request(
    method: str, url: str, *, data: dict | list | None = None, key: str | None = None, timeout: float = 5.0
) -> tuple[int, bytes]:
    body = None
    headers = {}
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if key:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def reachable(url: str) -> bool:
    try:
        _request("GET", url.rstrip("/") + "/v1/balance", key=TEST_SECRET_KEY, timeout=2.0)
    except OSError:
        return False
    return True


def require_server(url: str, what: str) -> None:
    """Skip when the server is not running here; under the test command it must be: fail instead."""
    require_service(
        reachable(url), f"{what} is not answering on {url} (scripts/services.sh start localstripe stripe_mock)"
    )


def localstripe_reset(url: str) -> None:
    """Forget every object (and, with our launcher, every saved idempotent response)."""
    status, body = _request("DELETE", url.rstrip("/") + "/_config/data")
    assert status == 200, body


def localstripe_register_webhook(
    url: str, secret: str, *, api_base: str | None = None, name: str = "gachi", events: list[str] | None = None
) -> None:
    """Have localstripe POST every event (or only `events`) to `url`, signed with `secret` like Stripe.

    Registering again under the same name replaces the endpoint. Registrations outlive a data reset.
    """
    data: list[tuple[str, str]] = [("url", url), ("secret", secret)]
    for event_type in events or []:
        data.append(("events[]", event_type))
    status, body = _request(
        "POST", (api_base or localstripe_url()).rstrip("/") + f"/_config/webhooks/{name}", data=data
    )
    assert status == 200, body


def localstripe_create_card(number: str, *, api_base: str | None = None) -> str:
    """A card PaymentMethod from a raw test number (only test servers take raw numbers); returns its id."""
    status, body = _request(
        "POST",
        (api_base or localstripe_url()).rstrip("/") + "/v1/payment_methods",
        key=TEST_SECRET_KEY,
        data={
            "type": "card",
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2034",
            "card[cvc]": "123",
        },
    )
    assert status == 200, body
    return json.loads(body)["id"]


def localstripe_get(path: str, *, api_base: str | None = None) -> dict:
    """An object exactly as the server stores it, e.g. localstripe_get('/v1/payment_intents/pi_…')."""
    status, body = _request("GET", (api_base or localstripe_url()).rstrip("/") + path, key=TEST_SECRET_KEY)
    assert status == 200, body
    return json.loads(body)


def sign_webhook(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for `payload`, as Stripe computes it (HMAC-SHA256 of 't.payload')."""
    import hashlib
    import hmac
    import time

    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"
