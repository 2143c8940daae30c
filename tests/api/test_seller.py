import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from market.catalog.images import product_image_add
from market.catalog.models import Product, ProductImage
from tests.conftest import client_for
from tests.factories import FirmFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/seller/products/"


def jpeg(name="photo.jpg", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def new_product_payload(**overrides):
    return {
        "category": "bakery",
        "title": "우리밀 수제쿠키",
        "price": 12000,
        "stock": 30,
        "unit": "세트",
        "min_order_quantity": 2,
        "status": "published",
        "tags": ["handmade"],
        **overrides,
    }


def test_seller_creates_reads_updates_and_deletes_a_product(seller_client, firm):
    created = seller_client.post(BASE, new_product_payload(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["price"] == 12000 and body["tags"] == ["handmade"] and body["is_public"] is True
    product = Product.objects.get(pk=body["id"])
    assert product.firm == firm and product.published_at is not None

    updated = seller_client.patch(f"{BASE}{product.id}/", {"price": 13000, "status": "hidden"}, format="json")
    assert updated.status_code == 200
    assert updated.json()["price"] == 13000
    assert updated.json()["is_public"] is False and "숨긴" in updated.json()["hidden_reason"]

    listing = seller_client.get(BASE).json()
    assert [item["id"] for item in listing["results"]] == [product.id]
    assert seller_client.delete(f"{BASE}{product.id}/").status_code == 204
    assert not Product.objects.filter(pk=product.id).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"price": 0}, "price", "out_of_range"),
        ({"price": 12.5}, "price", "invalid"),
        ({"price": "만원"}, "price", "invalid"),
        ({"stock": -1}, "stock", "out_of_range"),
        ({"min_order_quantity": 0}, "min_order_quantity", "out_of_range"),
        ({"category": "nope"}, "category", "unknown_category"),
        ({"tags": ["not-a-tag"]}, "tags", "unknown_tag"),
        ({"status": "sold"}, "status", "invalid_choice"),
        ({"title": "   "}, "title", "invalid"),
    ],
)
def test_bad_product_input_gets_a_clear_400_and_writes_nothing(seller_client, overrides, field, code):
    response = seller_client.post(BASE, new_product_payload(**overrides), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field and error["message"]
    if code != "invalid":
        assert error["code"] == code
    assert Product.objects.count() == 0


def test_duplicate_sku_is_rejected(seller_client, firm):
    ProductFactory(firm=firm, sku="A-1")
    response = seller_client.post(BASE, new_product_payload(sku="A-1"), format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "duplicate_sku"


def test_stock_set_and_delta(seller_client, firm):
    product = ProductFactory(firm=firm, stock=10)
    assert seller_client.post(f"{BASE}{product.id}/stock/", {"delta": -4}, format="json").json()["stock"] == 6
    assert seller_client.post(f"{BASE}{product.id}/stock/", {"stock": 40}, format="json").json()["stock"] == 40
    too_low = seller_client.post(f"{BASE}{product.id}/stock/", {"delta": -41}, format="json")
    assert too_low.status_code == 400 and too_low.json()["error"]["code"] == "stock_negative"
    neither = seller_client.post(f"{BASE}{product.id}/stock/", {}, format="json")
    assert neither.status_code == 400 and neither.json()["error"]["code"] == "stock_or_delta"
    product.refresh_from_db()
    assert product.stock == 40


def test_images_upload_reorder_and_delete(seller_client, firm, django_capture_on_commit_callbacks):
    product = ProductFactory(firm=firm)
    with django_capture_on_commit_callbacks(execute=True):
        first = seller_client.post(f"{BASE}{product.id}/images/", {"image": jpeg()}, format="multipart")
    second = seller_client.post(f"{BASE}{product.id}/images/", {"image": jpeg("b.jpg")}, format="multipart")
    assert first.status_code == 201 and second.status_code == 201
    assert set(ProductImage.objects.get(pk=first.json()["id"]).renditions) >= {"thumbnail", "card"}
    order = [second.json()["id"], first.json()["id"]]
    reordered = seller_client.post(f"{BASE}{product.id}/images/reorder/", {"image_ids": order}, format="json")
    assert [image["id"] for image in reordered.json()] == order
    bad = seller_client.post(f"{BASE}{product.id}/images/reorder/", {"image_ids": [order[0]]}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "image_ids"
    assert seller_client.delete(f"{BASE}{product.id}/images/{order[0]}/").status_code == 204
    assert list(product.images.values_list("id", flat=True)) == [order[1]]


def test_svg_upload_is_rejected_with_nothing_stored(seller_client, firm):
    product = ProductFactory(firm=firm)
    svg = SimpleUploadedFile("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', content_type="image/png")
    response = seller_client.post(f"{BASE}{product.id}/images/", {"image": svg}, format="multipart")
    assert response.status_code == 400 and response.json()["error"]["field"] == "image"
    assert not product.images.exists()


def test_my_firm_read_and_update(seller_client, firm):
    body = seller_client.get("/api/v1/seller/firm/").json()
    assert body["registration_number"] == firm.registration_number and body["is_selling"] is True
    updated = seller_client.patch(
        "/api/v1/seller/firm/", {"description": "함께 굽는 빵", "district": "11110"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["district"]["code"] == "11110"
    bad = seller_client.patch("/api/v1/seller/firm/", {"district": "00000"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_district"


def test_declared_designation_is_pending_until_an_operator_confirms_it(seller_client, firm):
    response = seller_client.post(
        "/api/v1/seller/firm/designations/",
        {"kind": "village_enterprise", "start_date": "2025-01-01", "number": "M-1"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert response.json()["is_valid"] is False
    backwards = seller_client.post(
        "/api/v1/seller/firm/designations/",
        {"kind": "village_enterprise", "start_date": "2025-01-01", "end_date": "2024-01-01"},
        format="json",
    )
    assert backwards.status_code == 400 and backwards.json()["error"]["field"] == "end_date"


def test_seller_sees_why_a_listing_is_hidden_when_the_firm_lost_its_designation(seller_client, firm):
    product = ProductFactory(firm=firm)
    designation = firm.designations.get()
    from market.firms.services import designation_set_status

    designation_set_status(designation=designation, status="revoked", reason="인증 취소")
    body = seller_client.get(f"{BASE}{product.id}/").json()
    assert body["is_public"] is False and "인증 취소" in body["hidden_reason"]


# --- isolation: a seller never reaches another firm's private data ------------------------------------------
def other_firm_targets():
    other_firm = FirmFactory()
    product = ProductFactory(firm=other_firm, status="draft")
    return product, product_image_add(product=product, upload=jpeg())


SELLER_ENDPOINTS = [
    ("get", "{base}{product}/", None),
    ("patch", "{base}{product}/", {"price": 1}),
    ("delete", "{base}{product}/", None),
    ("post", "{base}{product}/stock/", {"stock": 0}),
    ("post", "{base}{product}/images/", "image"),
    ("post", "{base}{product}/images/reorder/", {"image_ids": ["{image}"]}),
    ("delete", "{base}{product}/images/{image}/", None),
]


@pytest.mark.parametrize(("method", "url", "payload"), SELLER_ENDPOINTS)
def test_a_seller_cannot_read_or_change_another_firms_product(seller_client, method, url, payload):
    product, image = other_firm_targets()
    before = Product.objects.values().get(pk=product.pk)
    url = url.format(base=BASE, product=product.pk, image=image.pk)
    if payload == "image":
        response = seller_client.post(url, {"image": jpeg()}, format="multipart")
    elif isinstance(payload, dict) and "image_ids" in payload:
        response = seller_client.post(url, {"image_ids": [image.pk]}, format="json")
    else:
        response = getattr(seller_client, method)(url, payload, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Product.objects.values().get(pk=product.pk) == before
    assert ProductImage.objects.filter(product=product).count() == 1


def test_seller_lists_and_firm_endpoints_show_only_their_own_firm(seller, seller_client, firm):
    mine = ProductFactory(firm=firm)
    theirs = ProductFactory(status="draft")
    assert [item["id"] for item in seller_client.get(BASE).json()["results"]] == [mine.id]
    assert seller_client.get("/api/v1/seller/firm/").json()["id"] == firm.id
    designations = seller_client.get("/api/v1/seller/firm/designations/").json()
    assert {d["id"] for d in designations} == set(firm.designations.values_list("id", flat=True))
    assert theirs.firm.designations.exists()


def test_seller_import_touches_only_their_own_products(seller_client, firm):
    theirs = ProductFactory(sku="SAME", price=1000)
    csv_file = SimpleUploadedFile("p.csv", "sku,title,category,price\nSAME,내 상품,bakery,5000\n".encode())
    response = seller_client.post(f"{BASE}import/", {"file": csv_file}, format="multipart")
    assert response.status_code == 201 and response.json() == {"created": 1, "updated": 0, "rows": 1}
    theirs.refresh_from_db()
    assert theirs.price == 1000 and firm.products.get().sku == "SAME"


@pytest.mark.parametrize(
    "url",
    [BASE, "/api/v1/seller/firm/", "/api/v1/seller/firm/designations/"],
)
def test_seller_endpoints_refuse_buyers_and_anonymous(api_client, buyer_client, url):
    assert api_client.get(url).status_code in (401, 403)
    response = buyer_client.get(url)
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_staff_member_of_a_firm_acts_for_it(firm):
    staff = SellerFactory(firm=firm, firm__role="staff")
    assert client_for(staff).get("/api/v1/seller/firm/").json()["id"] == firm.id


def test_an_upload_says_its_renditions_are_pending_until_the_task_has_made_them(
    seller_client, firm, django_capture_on_commit_callbacks
):
    product = ProductFactory(firm=firm)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        uploaded = seller_client.post(f"{BASE}{product.id}/images/", {"image": jpeg()}, format="multipart")
    assert uploaded.status_code == 201
    assert uploaded.json()["renditions"] == {} and uploaded.json()["renditions_status"] == "pending"
    for callback in callbacks:
        callback()
    image = seller_client.get(f"{BASE}{product.id}/").json()["images"][0]
    assert image["renditions_status"] == "ready" and {"thumbnail", "card"} <= set(image["renditions"])


# --- what the seller portal reads to say why a listing is not bought ---------------------------------------
def test_a_listing_says_whether_its_minimum_order_is_in_stock(seller_client, firm):
    short = ProductFactory(firm=firm, stock=2, min_order_quantity=3, status="published")
    exact = ProductFactory(firm=firm, stock=3, min_order_quantity=3, status="published")
    assert seller_client.get(f"{BASE}{short.id}/").json()["in_stock"] is False
    body = seller_client.get(f"{BASE}{exact.id}/").json()
    assert body["in_stock"] is True and body["is_public"] is True
    # The storefront shows the same rule for the same product.
    assert APIClient().get(f"/api/v1/products/{short.id}/").json()["in_stock"] is False
    listed = {item["id"]: item["in_stock"] for item in seller_client.get(BASE).json()["results"]}
    assert listed == {short.id: False, exact.id: True}


def test_the_schema_documents_every_settlement_balance(api_client, seller_client, firm):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    documented = schema["components"]["schemas"]["SettlementBalances"]["properties"]
    page = schema["paths"]["/api/v1/seller/settlement/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert page["schema"]["$ref"].endswith("/SettlementPage")
    assert set(documented) == set(seller_client.get("/api/v1/seller/settlement/").json()["balances"])
