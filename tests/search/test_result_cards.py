"""A search page drawn from the index alone: each hit's document carries everything its result card shows, so the
Elasticsearch backend's answer costs one query (which hits changed since they were indexed), whatever the page
size; what the API returns equals the product as the database gives it. Every change to what a card shows
re-indexes the product, and facet labels come from a per-process copy that a change refreshes."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.v1.serializers import product_public_data
from market.catalog.images import product_image_delete, product_image_make_renditions, product_images_reorder
from market.catalog.models import ProductImage, SocialValueTag
from market.catalog.selectors import product_list_public
from market.catalog.services import (
    category_update,
    product_set_price_tiers,
    product_set_stock,
    product_update,
    social_value_tag_update,
)
from market.firms.models import FirmKind
from market.firms.services import designation_set_status, firm_update, firms_refresh_listing_visibility
from search import reference as search_reference
from search.models import PendingIndexUpdate
from search.services import index_flush_pending
from tests.factories import DesignationFactory, FirmFactory, ProductFactory, category, firm_with_mixed_designations
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/products"
TIERS = [{"min_quantity": 10, "unit_price": 9_000}, {"min_quantity": 50, "unit_price": 8_500}]


def loaded_product(n: int, title: str = "햇살 그래놀라"):
    """A product with everything a card can show: designations (one lapsed, one revoked, one kind twice), tags,
    tiers, a unit, a minimum order, VAT exemption, and images that are ready, pending and failed."""
    firm = firm_with_mixed_designations()
    product = ProductFactory(
        firm=firm,
        title=f"{title} {n}",
        price=10_000 + n,
        unit="봉",
        min_order_quantity=2,
        vat_exempt=bool(n % 2),
        category=category("coffee-tea" if n % 2 else "bakery"),
        tags=["eco-friendly", "handmade"],
    )
    product_set_price_tiers(product=product, tiers=TIERS)
    ProductImage.objects.create(
        product=product,
        format="JPEG",
        position=1,
        original=f"products/{product.pk}/original/a.jpg",
        width=800,
        height=600,
        alt_text="사진 1",
        renditions={"card": f"products/{product.pk}/renditions/1-card.jpg", "thumbnail": "t.webp"},
    )
    ProductImage.objects.create(product=product, format="PNG", position=0, alt_text="사진 0")  # pending
    ProductImage.objects.create(product=product, format="PNG", position=2, processing_error="image_invalid")
    return product


def index_all(backend) -> None:
    """Index everything and clear the outbox, as the flush after the commits would have (tests do not commit)."""
    index_everything(backend)
    PendingIndexUpdate.objects.all().delete()


def search(api_client, params):
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json(), captured.captured_queries


def as_in_the_database(pk: int) -> dict:
    return product_public_data(product_list_public().get(pk=pk))


def without_ranking(hit: dict) -> dict:
    assert set(hit) - set(as_in_the_database(hit["id"])) == {"highlight", "score"}
    return {key: value for key, value in hit.items() if key not in ("highlight", "score")}


def test_hits_drawn_from_the_index_equal_the_products_read_from_the_database(api_client, es_backend):
    products = [loaded_product(n) for n in range(3)]
    index_all(es_backend)
    search(api_client, {"q": "그래놀라"})  # this process reads the categories, districts and tags once
    body, queries = search(api_client, {"q": "그래놀라", "sort": "price"})
    assert body["backend"] == "elasticsearch" and [hit["id"] for hit in body["results"]] == [p.pk for p in products]
    for hit in body["results"]:
        # The same values and the same key order (json.dumps keeps the order), images' URLs made by the storage.
        assert json.dumps(without_ranking(hit)) == json.dumps(as_in_the_database(hit["id"]))
        assert hit["images"][1]["renditions"]["card"] == f"/media/products/{hit['id']}/renditions/1-card.jpg"
        assert [image["renditions_status"] for image in hit["images"]] == ["pending", "ready", "failed"]
    # Only the outbox is asked which hits changed since indexing; nothing per hit, no facet labels.
    assert len(queries) == 1 and "search_pendingindexupdate" in queries[0]["sql"]


def test_the_page_costs_one_query_whatever_its_size(api_client, es_backend):
    for n in range(20):
        loaded_product(n)
    index_all(es_backend)
    search(api_client, {"q": "그래놀라"})
    small, few = search(api_client, {"q": "그래놀라", "page_size": 2, "category": "food", "district": "11440"})
    large, many = search(api_client, {"q": "그래놀라", "page_size": 20, "category": "food", "district": "11440"})
    assert len(small["results"]) == 2 and len(large["results"]) == 20
    assert large["facets"]["tags"][0]["label"] and large["facets"]["category"][0]["slug"] == "food"
    assert len(few) == len(many) == 1


def test_a_changed_product_is_read_from_the_database_until_it_is_indexed_again(api_client, es_backend):
    products = [loaded_product(n) for n in range(2)]
    index_all(es_backend)
    search(api_client, {"q": "그래놀라"})
    # The change is committed but not yet flushed to the index (tests do not commit: its flush never runs). The
    # index still sorts by the old price; the card shows the new one.
    product_update(product=products[0], price=12_345)
    body, queries = search(api_client, {"q": "그래놀라", "sort": "price"})
    assert [(hit["id"], hit["price"]) for hit in body["results"]] == [
        (products[0].pk, 12_345),
        (products[1].pk, 10_001),
    ]
    assert without_ranking(body["results"][0]) == as_in_the_database(products[0].pk)
    assert len(queries) > 1  # that one hit was hydrated

    index_flush_pending()
    es_backend.refresh()
    search(api_client, {"q": "그래놀라"})  # the flush made this process rebuild its query classifier (search.intent)
    body, queries = search(api_client, {"q": "그래놀라", "sort": "price"})
    assert [(hit["id"], hit["price"]) for hit in body["results"]] == [
        (products[1].pk, 10_001),
        (products[0].pk, 12_345),
    ]
    assert len(queries) == 1


def test_the_database_backend_answers_the_same(api_client, backend):
    products = [loaded_product(n) for n in range(2)]
    index_all(backend)
    body, _ = search(api_client, {"q": "그래놀라", "sort": "price"})
    assert body["backend"] == backend.name
    assert [without_ranking(hit) for hit in body["results"]] == [as_in_the_database(p.pk) for p in products]


def marked(action) -> set[int]:
    PendingIndexUpdate.objects.all().delete()
    action()
    return set(PendingIndexUpdate.objects.values_list("product_id", flat=True))


def test_every_change_to_what_a_card_shows_reindexes_the_product():
    product = loaded_product(0)
    ProductFactory(category=category("coffee-tea"))  # concerned by none of the changes below: never marked
    pk = product.pk
    images = list(product.images.order_by("position"))
    handmade = SocialValueTag.objects.get(slug="handmade")
    changes = {
        "price": lambda: product_update(product=product, price=11_000),
        "unit": lambda: product_update(product=product, unit="상자"),
        "tiers": lambda: product_set_price_tiers(product=product, tiers=[]),
        "stock": lambda: product_set_stock(product=product, stock=0),
        "firm name": lambda: firm_update(firm=product.firm, editable=("name",), name="새 이름 협동조합"),
        "designation": lambda: designation_set_status(
            designation=product.firm.designations.filter(kind=FirmKind.SOCIAL_COOPERATIVE).get(),
            status="revoked",
            reason="취소",
        ),
        "category slug": lambda: category_update(category=category("bakery"), slug="bakery-2"),
        "category name": lambda: category_update(category=category("bakery-2"), name_ko="제과"),
        "tag area": lambda: social_value_tag_update(tag=handmade, area="environment"),
        "image order": lambda: product_images_reorder(product=product, image_ids=[i.pk for i in reversed(images)]),
        "image gone": lambda: product_image_delete(image=images[2]),
    }
    for name, change in changes.items():
        assert marked(change) == {pk}, name


def test_renditions_made_and_a_failed_upload_reindex_the_product(monkeypatch):
    product = ProductFactory()
    image = ProductImage.objects.create(product=product, format="PNG", position=0, pending_upload="missing.png")

    def damaged(content):
        from market.core.errors import ApplicationError

        raise ApplicationError("damaged", code="image_invalid")

    monkeypatch.setattr("market.catalog.images._decode_clean", damaged)
    monkeypatch.setattr("django.core.files.storage.default_storage.open", lambda *a, **k: __import__("io").BytesIO())
    assert marked(lambda: product_image_make_renditions(image_id=image.pk)) == {product.pk}
    image.refresh_from_db()
    assert image.processing_error == "image_invalid"


def test_a_designation_lapsing_overnight_reindexes_its_firms_products():
    firm = FirmFactory()  # an open-ended social enterprise designation
    today = timezone.localdate()
    DesignationFactory(firm=firm, kind=FirmKind.COOPERATIVE, end_date=today - datetime.timedelta(1))
    product = ProductFactory(firm=firm)
    quiet = ProductFactory()  # its firm's kinds did not change
    assert marked(lambda: firms_refresh_listing_visibility(today=today)) == {product.pk}
    assert marked(lambda: firms_refresh_listing_visibility(today=today + datetime.timedelta(1))) == set()
    assert quiet.pk not in marked(lambda: firms_refresh_listing_visibility(today=today))


def test_facet_labels_and_the_category_tree_follow_a_rename(api_client, backend):
    loaded_product(0)
    index_all(backend)
    params = {"q": "그래놀라", "facets": "category,tags"}
    body, _ = search(api_client, params)
    assert body["facets"]["category"][0]["name_ko"] == category("food").name_ko
    label = SocialValueTag.objects.get(slug="handmade").name_ko
    assert {"value": "handmade", "label": label, "count": 1} in body["facets"]["tags"]
    category_update(category=category("food"), name_ko="먹거리")
    social_value_tag_update(tag=SocialValueTag.objects.get(slug="handmade"), name_ko="손으로 만든")
    body, _ = search(api_client, params)
    assert body["facets"]["category"][0]["name_ko"] == "먹거리"
    assert {"value": "handmade", "label": "손으로 만든", "count": 1} in body["facets"]["tags"]


def test_another_process_reloads_its_copy_once_the_shared_version_changes(monkeypatch):
    from django.core.cache import cache

    first = search_reference.reference()
    assert search_reference.reference() is first  # kept
    # Another process renamed a category: written without this process's signal, the version bumped in the cache.
    category("food").__class__.objects.filter(slug="food").update(name_ko="먹거리")
    monkeypatch.setattr(search_reference, "CHECK_SECONDS", 0.0)
    assert search_reference.reference() is first  # the version did not change: no reload
    cache.set(search_reference.VERSION_KEY, "bumped elsewhere", timeout=None)
    fresh = search_reference.reference()
    assert fresh is not first
    assert fresh.categories[category("food").pk].name_ko == "먹거리"
