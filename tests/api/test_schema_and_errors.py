import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_and_valid(api_client):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    for path in (
        "/api/v1/products/",
        "/api/v1/seller/products/{id}/images/",
        "/api/v1/auth/register/seller/",
        "/api/v1/operator/registry-imports/",
    ):
        assert path in schema["paths"], path


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/checkout/" in (tmp_path / "schema.yml").read_text()


def test_docs_ui_is_served_without_outside_assets(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content and b"cdn.jsdelivr" not in response.content


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/products/999999/", 404, "not_found"),
        ("delete", "/api/v1/products/", 405, "method_not_allowed"),
        ("get", "/api/v1/seller/firm/", 401, "not_authenticated"),
        ("post", "/api/v1/auth/token/", 400, "validation_error"),
    ],
)
def test_every_error_has_the_one_shape(api_client, method, url, status, code):
    response = getattr(api_client, method)(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["code"] == code and error["message"]


def test_malformed_json_is_a_400_in_the_same_shape(buyer_client):
    response = buyer_client.generic("POST", "/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
