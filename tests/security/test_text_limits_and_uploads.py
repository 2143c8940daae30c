"""Free text has a size limit answered with a clear 400; uploads are not decoded on the request thread."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from market.catalog.models import Product, ProductImage
from market.firms.models import Firm
from tests.factories import FirmFactory, ProductFactory

pytestmark = pytest.mark.django_db
PRODUCTS = "/api/v1/seller/products/"


def limit(model, field) -> int:
    return model._meta.get_field(field).max_length


def assert_too_long(response, field):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "too_long" and error["field"] == field
    assert f"{limit_for[field]:,}" in error["message"]


limit_for = {"description": 5000}


def test_the_limits_are_what_the_docs_say():
    assert limit(Product, "description") == 5000
    assert limit(Firm, "description") == 2000
    assert limit(Firm, "rejection_reason") == 2000


def test_a_product_description_over_the_limit_is_refused(seller_client, firm):
    payload = {"category": "bakery", "title": "쿠키", "price": 12000, "stock": 3, "description": "가" * 5001}
    assert_too_long(seller_client.post(PRODUCTS, payload, format="json"), "description")
    assert not Product.objects.exists()
    payload["description"] = "가" * 5000
    assert seller_client.post(PRODUCTS, payload, format="json").status_code == 201
    product = Product.objects.get()
    assert_too_long(
        seller_client.patch(f"{PRODUCTS}{product.pk}/", {"description": "x" * 5001}, format="json"), "description"
    )
    product.refresh_from_db()
    assert len(product.description) == 5000


def test_a_firm_description_over_the_limit_is_refused(seller_client, firm):
    response = seller_client.patch("/api/v1/seller/firm/", {"description": "나" * 2001}, format="json")
    assert response.status_code == 400
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == ("too_long", "description")
    firm.refresh_from_db()
    assert len(firm.description) < 2001


def test_a_seller_application_with_oversized_text_writes_nothing(api_client):
    from tests.api.test_auth import seller_payload

    payload = seller_payload(description="다" * 2001)
    response = api_client.post("/api/v1/auth/register/seller/", payload, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "too_long"
    assert not Firm.objects.exists()
    payload = seller_payload()
    payload["firm"]["designations"][0]["issuer"] = "라" * 101
    response = api_client.post("/api/v1/auth/register/seller/", payload, format="json")
    # The serializer knows this limit too (DRF's max_length); either way a 400 naming the field.
    assert response.status_code == 400 and response.json()["error"]["field"].endswith("issuer")
    assert not Firm.objects.exists()


def test_a_rejection_reason_over_the_limit_is_refused(operator_client):
    firm = FirmFactory(verification_status="pending", designation=False)
    response = operator_client.post(f"/api/v1/operator/firms/{firm.pk}/reject/", {"reason": "마" * 2001}, format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "reason"
    firm.refresh_from_db()
    assert firm.verification_status == "pending"


def test_an_upload_is_answered_before_its_pixels_are_decoded(
    seller_client, firm, monkeypatch, django_capture_on_commit_callbacks
):
    product = ProductFactory(firm=firm)
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or real_load(self))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = seller_client.post(f"{PRODUCTS}{product.pk}/images/", {"image": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert decoded == []  # the request read the header only
    body = response.json()
    assert body["url"] is None and body["renditions"] == {} and (body["width"], body["height"]) == (1200, 900)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the worker's share: decode, clean, renditions
            callback()
    assert decoded
    image = ProductImage.objects.get(pk=body["id"])
    assert image.original and not image.pending_upload and set(image.renditions) == set(ProductImage.RENDITIONS)
    listed = seller_client.get(f"{PRODUCTS}{product.pk}/").json()["images"][0]
    assert listed["url"].endswith(image.original.name) and set(listed["renditions"]) == set(ProductImage.RENDITIONS)
