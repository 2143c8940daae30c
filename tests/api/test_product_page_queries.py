"""The public product list and product page cost a fixed number of SQL queries (at most 5: the count, the
products with their firm, district, category and the firm's valid designation kinds, then tags, images and price
tiers), whatever the page size and whatever each product carries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from market.catalog.models import ProductImage
from market.catalog.services import product_set_price_tiers
from market.firms.models import FirmKind
from tests.factories import FirmFactory, ProductFactory, category, firm_with_mixed_designations

pytestmark = pytest.mark.django_db
PRODUCTS = "/api/v1/products/"
MAX_QUERIES = 5
TIERS = [{"min_quantity": 10, "unit_price": 9_000}, {"min_quantity": 50, "unit_price": 8_500}]


def loaded_product(n: int):
    """A product of its own firm with everything a card shows: several designations (one lapsed, one revoked),
    two tags, two images with renditions, two price tiers, a category."""
    firm = firm_with_mixed_designations()
    product = ProductFactory(
        firm=firm,
        price=10_000,
        category=category("coffee-tea" if n % 2 else "bakery"),
        tags=["eco-friendly", "handmade"],
    )
    product_set_price_tiers(product=product, tiers=TIERS)
    for position in (1, 0):
        ProductImage.objects.create(
            product=product,
            format="JPEG",
            position=position,
            alt_text=f"사진 {position}",
            renditions={"card": f"products/{product.pk}/renditions/{position}-card.jpg"},
        )
    return product


def count_list_queries(api_client, page_size: int) -> tuple[int, list[dict]]:
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(PRODUCTS, {"page_size": page_size})
    assert response.status_code == 200, response.content
    return len(captured), response.json()["results"]


def check_card(item: dict) -> None:
    assert item["firm"]["kinds"] == sorted([FirmKind.SOCIAL_COOPERATIVE, FirmKind.SOCIAL_ENTERPRISE])
    assert sorted(tag["slug"] for tag in item["tags"]) == ["eco-friendly", "handmade"]
    assert [image["alt_text"] for image in item["images"]] == ["사진 0", "사진 1"]
    assert item["images"][0]["renditions"]["card"].endswith("0-card.jpg")
    assert item["price_tiers"] == TIERS
    assert item["category"]["slug"] in {"bakery", "coffee-tea"} and item["firm"]["district"]["code"] == "11440"


def test_the_product_list_costs_the_same_few_queries_for_2_and_20_products(api_client):
    for n in range(2):
        loaded_product(n)
    few, results = count_list_queries(api_client, 2)
    assert len(results) == 2
    for item in results:
        check_card(item)

    for n in range(2, 20):
        loaded_product(n)
    many, results = count_list_queries(api_client, 20)
    assert len(results) == 20
    for item in results:
        check_card(item)
    assert many == few <= MAX_QUERIES


def test_a_firm_without_a_valid_designation_kind_left_shows_none(api_client):
    # Listings stay public until the visibility refresh hides them; the card must not invent a kind meanwhile.
    firm = FirmFactory(designation={"end_date": timezone.localdate() - datetime.timedelta(days=1)})
    ProductFactory(firm=firm)
    [item] = api_client.get(PRODUCTS).json()["results"]
    assert item["firm"]["kinds"] == []


def test_the_product_page_costs_the_same_few_queries_whatever_it_carries(api_client):
    def count_detail_queries(product) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get(f"{PRODUCTS}{product.pk}/")
        assert response.status_code == 200, response.content
        check_card(response.json())
        return len(captured)

    plain = ProductFactory()
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get(f"{PRODUCTS}{plain.pk}/").json()["firm"]["kinds"] == [FirmKind.SOCIAL_ENTERPRISE]
    loaded = [loaded_product(n) for n in range(3)]
    assert len(captured) == count_detail_queries(loaded[0]) == count_detail_queries(loaded[2])
    assert len(captured) <= MAX_QUERIES - 1  # no count on a single product


def test_the_hand_written_representation_equals_drfs_field_by_field_one():
    from rest_framework import serializers

    from api.v1.serializers import ProductPublicSerializer
    from market.catalog.selectors import product_list_public

    loaded = loaded_product(1)
    ProductImage.objects.create(product=loaded, format="PNG", position=5, processing_error="image_invalid")
    ProductImage.objects.create(product=loaded, format="PNG", position=6)  # pending
    plain = ProductFactory(firm=FirmFactory(svi_grade="excellent"), description="", published_at=None)
    serializer = ProductPublicSerializer()
    shown = {}
    for product in product_list_public().filter(pk__in=[loaded.pk, plain.pk]):
        fast = serializer.to_representation(product)
        generic = serializers.ModelSerializer.to_representation(serializer, product)
        assert fast == generic
        assert list(fast) == list(generic) == ProductPublicSerializer.Meta.fields
        assert list(fast["firm"]) == list(generic["firm"]) == ["id", "name", "district", "svi_grade", "kinds"]
        shown[product.pk] = fast
    assert [image["renditions_status"] for image in shown[loaded.pk]["images"]] == [
        "ready",
        "ready",
        "failed",
        "pending",
    ]
    assert shown[plain.pk]["published_at"] is None and shown[plain.pk]["firm"]["svi_grade"] == "excellent"
    assert shown[loaded.pk]["published_at"].endswith("+09:00")  # Seoul time, as DRF writes it
