"""Error messages in one language: Korean by default, English when Accept-Language asks for it; never mixed."""

import re

import pytest

from market.core.errors import Conflict
from market.orders.models import FulfilmentStatus
from market.orders.services import _move
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
HANGUL = re.compile(r"[가-힣]")


def message(response):
    return response.json()["error"]["message"]


# (method, path, body) that fail in each layer: our filters and parser, the services, DRF itself, Django's 404.
FAILING = [
    ("get", "/api/v1/products/?category=no-such-thing", None),
    ("get", "/api/v1/products/?page_size=١٢", None),
    ("get", "/api/v1/search/products?price_min=²", None),
    ("get", "/api/v1/seller/firm/", None),  # DRF's not_authenticated
    ("get", "/api/v1/nothing-here/", None),  # Django's 404
    (
        "post",
        "/api/v1/auth/register/",
        {"email": "a@example.com", "password": "x", "display_name": "a", "district": "99999"},
    ),
]


@pytest.mark.parametrize(("method", "path", "body"), FAILING)
def test_korean_by_default_and_english_when_asked(api_client, method, path, body):
    kwargs = {"format": "json"} if body is not None else {}
    korean = getattr(api_client, method)(path, body, **kwargs) if body else getattr(api_client, method)(path)
    english = (
        getattr(api_client, method)(path, body, HTTP_ACCEPT_LANGUAGE="en", **kwargs)
        if body
        else getattr(api_client, method)(path, HTTP_ACCEPT_LANGUAGE="en")
    )
    assert korean.status_code == english.status_code >= 400
    assert korean.json()["error"]["code"] == english.json()["error"]["code"]
    assert HANGUL.search(message(korean)), message(korean)
    assert not HANGUL.search(message(english)), message(english)
    asked_korean = (
        getattr(api_client, method)(path, body, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5", **kwargs)
        if body
        else getattr(api_client, method)(path, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    )
    assert message(asked_korean) == message(korean)


def test_a_service_error_in_both_languages(buyer_client):
    product = ProductFactory(stock=2, title="우리밀 쿠키", unit="개")
    url = f"/api/v1/cart/items/{product.id}/"
    korean = buyer_client.put(url, {"quantity": 5}, format="json")
    english = buyer_client.put(url, {"quantity": 5}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert korean.status_code == english.status_code == 409
    assert message(korean) == "우리밀 쿠키: 2개만 남았습니다."
    assert message(english) == "우리밀 쿠키: only 2개 left."  # the product's own words stay as the seller wrote them
    assert english.json()["error"]["details"][0]["message"] == message(english)


def test_shipping_before_confirming_says_the_order_of_steps_in_one_language(settings):
    from django.utils import translation

    from tests.factories import UserFactory

    class Part:  # _move reads only these
        status = FulfilmentStatus.PENDING

        class order:
            status = "paid"

    for language, check in (("ko", lambda text: "순서는" in text), ("en", lambda text: not HANGUL.search(text))):
        with translation.override(language), pytest.raises(Conflict) as caught:
            _move(Part(), FulfilmentStatus.SHIPPED, UserFactory.build())
        text = caught.value.message
        assert caught.value.code == "invalid_transition" and check(text), text
        assert "pending" in text and "confirmed" in text and "shipped" in text
