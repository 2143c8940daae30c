"""Public catalogue: anyone may read what is on sale."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api.renderers import FAST_JSON_RENDERERS
from api.v1.filters import ProductFilter
from api.v1.serializers import (
    CategoryTreeSerializer,
    DistrictSerializer,
    FirmPublicSerializer,
    ProductPublicSerializer,
    TagSerializer,
)
from market.catalog.models import SocialValueTag
from market.catalog.selectors import category_tree, product_list_public
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


class ProductList(PublicReadMixin, generics.ListAPIView):
    serializer_class = ProductPublicSerializer
    renderer_classes = FAST_JSON_RENDERERS
    filterset_class = ProductFilter

    def get_queryset(self):
        return product_list_public()


class ProductDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = ProductPublicSerializer
    renderer_classes = FAST_JSON_RENDERERS

    def get_queryset(self):
        return product_list_public()
