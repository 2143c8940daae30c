"""GET payments/config/: what the web UI's card form needs, from the settings (the CSP allows that script only)."""

import pytest

pytestmark = pytest.mark.django_db


def test_anyone_gets_the_stripe_js_url_and_publishable_key_of_the_settings(api_client, settings):
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_gachi"
    response = api_client.get("/api/v1/payments/config/")
    assert response.status_code == 200
    assert response.json() == {"stripe_js_url": "https://js.stripe.com/v3/", "publishable_key": "pk_live_gachi"}


def test_the_secret_key_is_never_in_it(api_client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_neverShown"
    assert "sk_test_neverShown" not in api_client.get("/api/v1/payments/config/").content.decode()
