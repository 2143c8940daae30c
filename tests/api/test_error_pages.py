"""Django's own errors (404, 400, 413, 500) leave in the one JSON error shape, with DEBUG on and off; a 500
carries a request id (echoed or made), is logged with its traceback, and shows no traceback."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

pytestmark = pytest.mark.django_db
SECRET_MARK = "trace-me-not-1b7f"


def boom(request):
    raise RuntimeError(SECRET_MARK)


def not_json(request):
    return HttpResponse("<h1>teapot</h1>", status=418, content_type="text/html")


class BoomMiddleware:
    """A middleware that fails: Django answers it outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/middleware-boom/":
            raise RuntimeError(SECRET_MARK)
        return self.get_response(request)


# A test-only URLconf: the real one plus a view that raises. The handlers are the real ones.
urlpatterns = [
    path("boom/", boom),
    path("teapot/", not_json),
    path("", include("api.urls")),
]
handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"


def assert_shape(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["code"] == code and error["message"]
    assert SECRET_MARK not in response.content.decode() and "Traceback" not in response.content.decode()
    return error


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True])
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_raises_is_a_json_500_with_a_request_id_logged_with_the_traceback(client, settings, caplog, debug):
    settings.DEBUG = debug
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = client.get("/boom/")
    error = assert_shape(response, 500, "server_error")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and request_id in error["message"]
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged and logged[0].exc_info and SECRET_MARK in str(logged[0].exc_info[1])


@pytest.mark.parametrize("debug", [False, True])
def test_a_middleware_that_raises_is_a_json_500(client, settings, debug):
    settings.DEBUG = debug
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BoomMiddleware"]
    assert_shape(client.get("/middleware-boom/"), 500, "server_error")


@override_settings(ROOT_URLCONF=__name__)
def test_the_callers_request_id_is_echoed_when_it_is_a_plain_token(client):
    response = client.get("/boom/", HTTP_X_REQUEST_ID="abc-123.XYZ")
    assert response["X-Request-ID"] == "abc-123.XYZ" and "abc-123.XYZ" in response.json()["error"]["message"]
    forged = client.get("/api/v1/products/", HTTP_X_REQUEST_ID="evil\nline" + "x" * 100)
    assert forged.status_code == 200 and forged["X-Request-ID"] != "evil\nline" and len(forged["X-Request-ID"]) == 32


@pytest.mark.parametrize("debug", [False, True])
# Any other path is a web UI route (the app answers it: tests/web); a file that is not there is still a 404.
@pytest.mark.parametrize("url", ["/api/v1/nothing-here/", "/nothing.txt", "/api/v1/products/abc/", "/media/x.jpg"])
def test_unknown_urls_are_a_json_404_without_the_url_list(client, settings, url, debug):
    settings.DEBUG = debug
    error = assert_shape(client.get(url), 404, "not_found")
    assert "api/v1/" not in error["message"]


def test_the_admin_keeps_its_html_404(client):
    response = client.get("/admin/nothing-here/")
    assert response.status_code in (302, 404) and not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("debug", [False, True])
@override_settings(ROOT_URLCONF=__name__)
def test_any_non_json_error_outside_the_admin_is_reshaped(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/teapot/")
    assert response.status_code == 418 and response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("debug", [False, True])
def test_a_bad_host_is_a_json_400(client, settings, debug):
    settings.DEBUG = debug
    assert_shape(client.get("/api/v1/products/", HTTP_HOST="evil.example"), 400, "bad_request")


def test_a_json_body_past_the_limit_is_a_json_413_before_it_is_read(api_client, buyer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"email": "a@example.com", "password": "x" * 2000})
    response = buyer_client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    error = assert_shape(response, 413, "request_too_large")
    assert "1,000" in error["message"]


def test_an_upload_past_its_limit_is_a_json_413(seller_client, firm, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.REQUEST_MAX_UPLOAD_BYTES = 10_000
    upload = SimpleUploadedFile("p.csv", b"title,category,price\n" + b"a,bakery,1\n" * 2000, content_type="text/csv")
    response = seller_client.post("/api/v1/seller/products/import/", {"file": upload}, format="multipart")
    assert_shape(response, 413, "request_too_large")


def test_form_fields_past_djangos_limit_are_a_json_413(seller_client, firm, settings):
    """Inside the upload limit, but the non-file fields pass DATA_UPLOAD_MAX_MEMORY_SIZE: Django raises
    RequestDataTooBig while DRF parses; it is the same 413."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = seller_client.post("/api/v1/seller/products/import/", {"note": "x" * 5000}, format="multipart")
    assert_shape(response, 413, "request_too_large")


@pytest.mark.parametrize("depth", [33, 5000, 200_000])
def test_deeply_nested_json_is_a_400(buyer_client, depth):
    body = "[" * depth + "]" * depth
    response = buyer_client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert_shape(response, 400, "json_too_deep")
    nested = '{"a":' * depth + "1" + "}" * depth
    response = buyer_client.generic("PUT", "/api/v1/cart/items/1/", nested, content_type="application/json")
    assert_shape(response, 400, "json_too_deep")


def test_json_nested_within_the_limit_is_read(buyer_client):
    body = json.dumps({"quantity": 1, "extra": [[[{"a": [1]}]]]})
    response = buyer_client.generic("PUT", "/api/v1/cart/items/999999/", body, content_type="application/json")
    assert response.status_code == 404  # parsed, then the product is unknown
