"""Card payment from the browser against localstripe as our launcher runs it (scripts/localstripe_server.py).

The web UI calls Stripe.js as for Stripe itself: `confirmCardPayment(clientSecret, {payment_method: {card}})`.
localstripe's stand-in script ignores the card; the launcher serves it with scripts/localstripe_stripe_js.js
appended, which confirms the intent the way Stripe.js does (publishable key, client secret, the card in
`payment_method_data`), and accepts that request. These tests make the script's requests over HTTP, then have
our API check the payment with the gateway (payment/sync/). The browser half runs in the Playwright journey.

They start a localstripe of their own from the launcher in this checkout: the shared one may have been started
from an older launcher, and other tests reset its data whenever they like.
"""

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from market.orders.models import Order, OrderStatus
from market.payments.models import LedgerKind, PaymentLedgerEntry
from tests.payments.conftest import WEBHOOK_SECRET
from tests.payments.localstripe import (
    CARD_3DS_REQUIRED,
    CARD_DECLINED_ON_CHARGE,
    CARD_SUCCEEDS,
    TEST_SECRET_KEY,
    localstripe_get,
    reachable,
)
from tests.service_check import require_service

ROOT = Path(__file__).resolve().parents[2]
PUBLISHABLE_KEY = "pk_test_gachilocal"
CARD_DECLINED_GENERIC = "4000000000000002"  # Stripe's generic decline; localstripe declined it only on attach
SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def launcher_url(tmp_path_factory):
    python = ROOT / "var" / "localstripe-venv" / "bin" / "python"
    require_service(python.exists(), "needs var/localstripe-venv (scripts/services.sh start localstripe)")
    port = _free_port()
    log = open(tmp_path_factory.mktemp("localstripe") / "localstripe.log", "ab")
    process = subprocess.Popen(
        [str(python), str(ROOT / "scripts" / "localstripe_server.py"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not reachable(url):
            assert process.poll() is None and time.monotonic() < deadline, "the launcher did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def gateway(settings, launcher_url):
    settings.STRIPE_API_BASE = launcher_url
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return launcher_url


def _post(url: str, body: dict, *, secret_key: str | None = None) -> tuple[int, dict]:
    """A POST as the stand-in script sends it: JSON in a text/plain body (no CORS preflight), no secret key."""
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "http://127.0.0.1:8000"}
    if secret_key:
        headers["Authorization"] = f"Bearer {secret_key}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _new_intent(url: str) -> dict:
    status, intent = _post(
        f"{url}/v1/payment_intents", {"amount": 15000, "currency": "krw"}, secret_key=TEST_SECRET_KEY
    )
    assert status == 200, intent
    return intent


def _card(number: str) -> dict:
    return {"type": "card", "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}}


def confirm_in_browser(url: str, intent_id: str, client_secret: str, number: str, key=PUBLISHABLE_KEY):
    """What the appended script sends for confirmCardPayment(clientSecret, {payment_method: {card}})."""
    body = {"key": key, "client_secret": client_secret, "payment_method_data": _card(number)}
    return _post(f"{url}/v1/payment_intents/{intent_id}/confirm", body)


def authenticate_3ds(url: str, intent_id: str, client_secret: str, *, success: bool):
    """The stand-in's own 3-D Secure dialog, answered."""
    return _post(
        f"{url}/v1/payment_intents/{intent_id}/_authenticate?success={'true' if success else 'false'}",
        {"key": PUBLISHABLE_KEY, "client_secret": client_secret},
    )


def test_the_served_stand_in_is_localstripes_script_with_ours_appended(launcher_url):
    with urllib.request.urlopen(f"{launcher_url}/js.stripe.com/v3/", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("application/javascript")
        served = response.read().decode()
    ours = (ROOT / "scripts" / "localstripe_stripe_js.js").read_text()
    (original,) = (ROOT / "var" / "localstripe-venv").glob("lib/python*/site-packages/localstripe/localstripe-v3.js")
    assert served == original.read_text() + "\n" + ours
    assert "stripe.confirmCardPayment = async" in ours


def test_the_card_pays_an_intent_that_waits_for_a_payment_method(launcher_url):
    intent = _new_intent(launcher_url)
    assert intent["status"] == "requires_payment_method"
    status, paid = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], CARD_SUCCEEDS)
    assert status == 200 and paid["status"] == "succeeded", paid
    method = localstripe_get(f"/v1/payment_methods/{paid['payment_method']}", api_base=launcher_url)
    assert method["card"]["last4"] == "4242"


@pytest.mark.parametrize(
    ("key", "secret_of"),
    [
        (PUBLISHABLE_KEY, lambda intent, other: other["client_secret"]),  # another intent's secret
        (PUBLISHABLE_KEY, lambda intent, other: intent["id"] + "_secret_guessed"),
        ("", lambda intent, other: intent["client_secret"]),  # no key
        ("sk_test_gachilocal", lambda intent, other: intent["client_secret"]),  # a secret key is not sent as `key`
    ],
    ids=["other-intents-secret", "guessed-secret", "no-key", "secret-key-in-body"],
)
def test_only_the_intents_own_client_secret_with_a_publishable_key_confirms(launcher_url, key, secret_of):
    intent, other = _new_intent(launcher_url), _new_intent(launcher_url)
    status, body = confirm_in_browser(launcher_url, intent["id"], secret_of(intent, other), CARD_SUCCEEDS, key=key)
    assert status == 401, body
    stored = localstripe_get(f"/v1/payment_intents/{intent['id']}", api_base=launcher_url)
    assert stored["status"] == "requires_payment_method" and stored["payment_method"] is None


@pytest.mark.parametrize("declined", [CARD_DECLINED_GENERIC, CARD_DECLINED_ON_CHARGE])
def test_a_declined_card_leaves_the_intent_open_for_another_card(launcher_url, declined):
    intent = _new_intent(launcher_url)
    status, body = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], declined)
    assert status == 402 and body["error"]["code"] == "card_declined", body
    stored = localstripe_get(f"/v1/payment_intents/{intent['id']}", api_base=launcher_url)
    assert stored["status"] == "requires_payment_method"
    assert stored["last_payment_error"]["code"] == "card_declined"

    status, paid = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], CARD_SUCCEEDS)
    assert status == 200 and paid["status"] == "succeeded", paid


def test_a_3ds_card_waits_for_authentication_and_a_failed_one_takes_another_card(launcher_url):
    intent = _new_intent(launcher_url)
    status, body = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], CARD_3DS_REQUIRED)
    assert status == 200 and body["status"] == "requires_action", body

    status, failed = authenticate_3ds(launcher_url, intent["id"], intent["client_secret"], success=False)
    assert status == 200 and failed["status"] == "requires_payment_method"
    assert failed["last_payment_error"]["code"] == "payment_intent_authentication_failure"

    status, body = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], CARD_3DS_REQUIRED)
    assert status == 200 and body["status"] == "requires_action", body
    status, paid = authenticate_3ds(launcher_url, intent["id"], intent["client_secret"], success=True)
    assert status == 200 and paid["status"] == "succeeded", paid


def test_a_malformed_card_is_refused_and_changes_nothing(launcher_url):
    intent = _new_intent(launcher_url)
    status, body = confirm_in_browser(launcher_url, intent["id"], intent["client_secret"], "4242")
    assert status == 400, body
    stored = localstripe_get(f"/v1/payment_intents/{intent['id']}", api_base=launcher_url)
    assert stored["status"] == "requires_payment_method" and stored["payment_method"] is None


# --- with our API: checkout, the browser pays, payment/sync/ makes the order paid ------------------------------
def _checkout(client, products) -> dict:
    for product in products:
        assert client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": 1}, format="json").status_code == 200
    response = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_after_a_decline_and_3ds_the_sync_makes_the_order_paid_once(gateway, buyer_client, shop):
    _, products = shop
    order = _checkout(buyer_client, products)
    payment = order["payment"]
    secret = payment["client_secret"]
    sync = f"/api/v1/orders/{order['id']}/payment/sync/"

    status, _ = confirm_in_browser(gateway, payment["intent_id"], secret, CARD_DECLINED_GENERIC)
    assert status == 402
    synced = buyer_client.post(sync)
    assert synced.status_code == 200 and synced.json()["status"] == "pending_payment"
    assert "declined" in synced.json()["payment"]["last_error"]

    status, body = confirm_in_browser(gateway, payment["intent_id"], secret, CARD_3DS_REQUIRED)
    assert body["status"] == "requires_action"
    assert buyer_client.post(sync).json()["payment"]["status"] == "requires_action"
    authenticate_3ds(gateway, payment["intent_id"], secret, success=True)

    for _ in range(2):  # a repeated sync (or the webhook after it) changes nothing more
        synced = buyer_client.post(sync)
        assert synced.status_code == 200 and synced.json()["status"] == "paid"
        assert synced.json()["payment"]["status"] == "succeeded"
    assert Order.objects.get(pk=order["id"]).status == OrderStatus.PAID
    assert list(PaymentLedgerEntry.objects.values_list("kind", "amount")) == [(LedgerKind.CHARGE, order["total"])]


@pytest.mark.django_db
def test_the_sync_of_an_unpaid_intent_leaves_the_order_waiting(gateway, buyer_client, shop):
    _, products = shop
    order = _checkout(buyer_client, products)
    synced = buyer_client.post(f"/api/v1/orders/{order['id']}/payment/sync/")
    assert synced.status_code == 200
    assert synced.json()["status"] == "pending_payment" and synced.json()["payment"]["status"] == "pending"


@pytest.mark.django_db
def test_the_sync_of_a_cancelled_order_keeps_it_cancelled(gateway, buyer_client, shop):
    _, products = shop
    order = _checkout(buyer_client, products)
    assert buyer_client.post(f"/api/v1/orders/{order['id']}/cancel/").json()["status"] == "cancelled"
    synced = buyer_client.post(f"/api/v1/orders/{order['id']}/payment/sync/")
    assert synced.status_code == 200 and synced.json()["status"] == "cancelled"
