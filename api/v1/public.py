"""Public catalogue: anyone may read what is on sale."""

from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import PageNumberPagination
from api.renderers import FAST_JSON_RENDERERS
from api.v1.filters import ProductFilter
from api.v1.serializers import (
    CategoryTreeSerializer,
    DistrictSerializer,
    FirmPublicSerializer,
    ProductPublicSerializer,
    TagSerializer,
    product_public_row_data,
)
from market.catalog.models import Product, SocialValueTag
from market.catalog.selectors import category_tree, product_public_ordered, product_public_page, product_public_row
from market.firms.models import District
from market.firms.selectors import firm_list_public


class PublicReadMixin:
    permission_classes = [permissions.AllowAny]


class DistrictList(PublicReadMixin, generics.ListAPIView):
    serializer_class = DistrictSerializer
    queryset = District.objects.all()
    pagination_class = None


class TagList(PublicReadMixin, generics.ListAPIView):
    serializer_class = TagSerializer
    queryset = SocialValueTag.objects.all()
    pagination_class = None


class CategoryTree(PublicReadMixin, APIView):
    @extend_schema(responses=CategoryTreeSerializer(many=True))
    def get(self, request):
        return Response(CategoryTreeSerializer(category_tree(), many=True).data)


class FirmList(PublicReadMixin, generics.ListAPIView):
    serializer_class = FirmPublicSerializer
    filterset_fields = {"district": ["exact"]}

    def get_queryset(self):
        return firm_list_public()


class FirmDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = FirmPublicSerializer

    def get_queryset(self):
        return firm_list_public()


class _ProductRowsPaginator(Paginator):
    """A page of public products as product_public_page() reads it: the page's ids are chosen first."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = product_public_page(self.object_list, bottom, top) if top > bottom else []
        return self._get_page(rows, number, self)


class ProductPagination(PageNumberPagination):
    django_paginator_class = _ProductRowsPaginator


# The product list and page answer from plain rows (product_public_rows) written out by product_public_row_data,
# the same JSON as ProductPublicSerializer's (which stays for the schema): model instances, prefetching and DRF's
# fields cost more than the queries (bench/pages.py).
class ProductList(PublicReadMixin, generics.ListAPIView):
    serializer_class = ProductPublicSerializer
    renderer_classes = FAST_JSON_RENDERERS
    pagination_class = ProductPagination
    filterset_class = ProductFilter

    def get_queryset(self):
        return product_public_ordered()

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([product_public_row_data(row) for row in rows])


class ProductDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = ProductPublicSerializer
    renderer_classes = FAST_JSON_RENDERERS

    def get_queryset(self):
        return product_public_ordered()

    def retrieve(self, request, *args, **kwargs):
        row = product_public_row(kwargs["pk"])
        if row is None:
            # What get_object() raises (DRF answers its message).
            raise Http404(f"No {Product._meta.object_name} matches the given query.")
        return Response(product_public_row_data(row))
