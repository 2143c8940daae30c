"""The public product list and page answer from plain rows (product_public_rows, product_public_row_data) with the
very bytes the generic DRF views over product_list_public() and ProductPublicSerializer answer: same products, same
order, same fields, same page links and counts, same 404s."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from rest_framework import generics, permissions
from rest_framework.test import APIRequestFactory

from api.pagination import PageNumberPagination
from api.v1.filters import ProductFilter
from api.v1.serializers import ProductPublicSerializer, media_url
from market.catalog.models import ProductImage, ProductStatus
from market.catalog.selectors import product_list_public
from tests.api.test_product_page_queries import loaded_product
from tests.factories import FirmFactory, ProductFactory, category

pytestmark = pytest.mark.django_db
PRODUCTS = "/api/v1/products/"


class GenericList(generics.ListAPIView):
    """The product list as it was before the rows: DRF's generic view, serializer and renderer."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ProductPublicSerializer
    filterset_class = ProductFilter
    pagination_class = PageNumberPagination

    def get_queryset(self):
        return product_list_public()


class GenericDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ProductPublicSerializer

    def get_queryset(self):
        return product_list_public()


def generic_answer(view, path: str, query: dict | None = None, **kwargs):
    request = APIRequestFactory().get(path, query or {})
    response = view.as_view()(request, **kwargs)
    response.render()
    return response


@pytest.fixture
def catalogue():
    """Loaded products (designations, tags, images, tiers), a failed and a pending image, a product without a
    publication time, an image whose stored names need quoting, a firm with no valid kind left, a draft."""
    loaded = [loaded_product(n) for n in range(5)]
    ProductImage.objects.create(product=loaded[0], format="PNG", position=5, processing_error="image_invalid")
    ProductImage.objects.create(product=loaded[0], format="PNG", position=6)  # pending
    ProductImage.objects.create(
        product=loaded[1],
        format="JPEG",
        position=2,
        width=800,  # a stored original carries its size (else the model would open the file to read it)
        height=600,
        original=f"products/{loaded[1].pk}/사진 원본 (1).jpg",
        renditions={"card": f"products/{loaded[1].pk}/renditions/사진#1?.jpg", "thumbnail": "./a/../b.jpg"},
        alt_text='따옴표 " 와 \u2028 줄',
    )
    ProductFactory(firm=FirmFactory(svi_grade="excellent"), description="", published_at=None, price=1, stock=0)
    lapsed = FirmFactory(designation={"end_date": timezone.localdate() - datetime.timedelta(days=1)})
    ProductFactory(firm=lapsed, category=category("coffee-tea"), tags=["handmade"])
    ProductFactory(status=ProductStatus.DRAFT)
    return loaded


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"page_size": 3},
        {"page_size": 3, "page": 2},
        {"page_size": 3, "page": "last"},
        {"page_size": 100, "ordering": "price"},
        {"page_size": 2, "page": 2, "ordering": "-newest"},
        {"tags": "handmade", "ordering": "name"},
        {"category": "coffee-tea", "page_size": 1, "page": 2},
        {"firm_kind": "social_cooperative", "price_min": 1},
        {"district": "11440", "ordering": "-price"},
    ],
    ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()) or "default",
)
def test_the_list_answers_the_bytes_of_the_generic_view(api_client, catalogue, query):
    ours = api_client.get(PRODUCTS, query)
    generic = generic_answer(GenericList, PRODUCTS, query)
    assert ours.status_code == generic.status_code == 200
    assert ours.json()["count"] > 0 and ours.json()["results"]
    assert ours.content == generic.content


@pytest.mark.parametrize(
    "query",
    [{"page": 99}, {"page": "x"}, {"page_size": 0}, {"category": "nowhere"}, {"tags": "nothing-like-it"}],
    ids=["past the end", "not a number", "page size 0", "unknown category", "no match"],
)
def test_the_list_refuses_and_answers_empty_pages_as_the_generic_view(api_client, catalogue, query):
    ours = api_client.get(PRODUCTS, query)
    generic = generic_answer(GenericList, PRODUCTS, query)
    assert ours.status_code == generic.status_code
    assert ours.content == generic.content


def test_the_product_page_answers_the_bytes_of_the_generic_view(api_client, catalogue):
    from market.catalog.models import Product

    for product in Product.objects.all():
        path = f"{PRODUCTS}{product.pk}/"
        ours = api_client.get(path)
        generic = generic_answer(GenericDetail, path, pk=product.pk)
        assert ours.status_code == generic.status_code == (404 if product.status == ProductStatus.DRAFT else 200)
        assert ours.content == generic.content
    for pk in (999_999_999, 0, 2**63 - 1, 2**63, 10**30):  # none, and past what the key's column holds
        missing = f"{PRODUCTS}{pk}/"
        ours, generic = api_client.get(missing), generic_answer(GenericDetail, missing, pk=pk)
        assert ours.status_code == generic.status_code == 404
        assert ours.content == generic.content


@pytest.mark.parametrize("base", ["/media/", "https://cdn.example.org/m/", "/media/x;y/"])
def test_media_url_is_the_storages_url(settings, base):
    settings.MEDIA_URL = base
    for name in [
        "products/1/renditions/5-thumbnail.jpg",
        "products/12/a.b.c.webp",
        "products/1/사진 원본 (1).jpg",
        "products/1/#a?.jpg",
        "./a/../b.jpg",
        "a/./b.jpg",
        "/abs/path.jpg",
        "a//b.jpg",
        ".hidden/x.jpg",
    ]:
        assert media_url(name) == default_storage.url(name), (base, name)
