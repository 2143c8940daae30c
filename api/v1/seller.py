"""Seller portal: a firm's members manage their firm, listings, images and stock.

Every view inherits SellerScopedMixin, so a seller only ever finds its own firm's rows.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import SellerScopedMixin
from api.v1.serializers import (
    DesignationInputSerializer,
    DesignationSerializer,
    FirmPrivateSerializer,
    FirmUpdateSerializer,
    ImageReorderSerializer,
    ImageUploadSerializer,
    ProductImageSerializer,
    ProductImportInputSerializer,
    ProductImportResultSerializer,
    ProductInputSerializer,
    SellerProductSerializer,
    StockInputSerializer,
)
from market.catalog.images import product_image_add, product_image_delete, product_images_reorder
from market.catalog.import_csv import products_import_csv
from market.catalog.models import Product, ProductImage
from market.catalog.selectors import product_list_for_firm
from market.catalog.services import product_create, product_delete, product_set_stock, product_update
from market.firms.services import designation_add, firm_update


class MyFirm(SellerScopedMixin, APIView):
    @extend_schema(responses=FirmPrivateSerializer)
    def get(self, request):
        return Response(FirmPrivateSerializer(self.get_firm()).data)

    @extend_schema(request=FirmUpdateSerializer, responses=FirmPrivateSerializer)
    def patch(self, request):
        serializer = FirmUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        firm = firm_update(firm=self.get_firm(), **serializer.validated_data)
        return Response(FirmPrivateSerializer(firm).data)


class MyDesignations(SellerScopedMixin, APIView):
    @extend_schema(responses=DesignationSerializer(many=True))
    def get(self, request):
        return Response(DesignationSerializer(self.get_firm().designations.all(), many=True).data)

    @extend_schema(request=DesignationInputSerializer, responses={201: DesignationSerializer})
    def post(self, request):
        """Declare a designation; it counts once an operator confirms it."""
        serializer = DesignationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        designation = designation_add(firm=self.get_firm(), **serializer.validated_data)
        return Response(DesignationSerializer(designation).data, status=status.HTTP_201_CREATED)


class MyProducts(SellerScopedMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"  # ASCII digits: the router's default also takes other scripts' digits
    serializer_class = SellerProductSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no seller
            return Product.objects.none()
        return product_list_for_firm(firm=self.get_firm())

    def _output(self, product, status_code=status.HTTP_200_OK):
        product = self.get_queryset().get(pk=product.pk)
        return Response(SellerProductSerializer(product).data, status=status_code)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SellerProductSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(SellerProductSerializer(self.get_object()).data)

    @extend_schema(request=ProductInputSerializer, responses={201: SellerProductSerializer})
    def create(self, request):
        serializer = ProductInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = product_create(firm=self.get_firm(), **serializer.validated_data)
        return self._output(product, status.HTTP_201_CREATED)

    @extend_schema(request=ProductInputSerializer(partial=True), responses=SellerProductSerializer)
    def partial_update(self, request, pk=None):
        product = self.get_object()
        serializer = ProductInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        product_update(product=product, **serializer.validated_data)
        return self._output(product)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        product_delete(product=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StockInputSerializer, responses=SellerProductSerializer)
    @action(detail=True, methods=["post"])
    def stock(self, request, pk=None):
        product = self.get_object()
        serializer = StockInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product_set_stock(product=product, **serializer.validated_data)
        return self._output(product)

    @extend_schema(request=ImageUploadSerializer, responses={201: ProductImageSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def images(self, request, pk=None):
        product = self.get_object()
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        image = product_image_add(
            product=product, upload=serializer.validated_data["image"], alt_text=serializer.validated_data["alt_text"]
        )
        return Response(ProductImageSerializer(image).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImageReorderSerializer, responses=ProductImageSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="images/reorder", pagination_class=None, filter_backends=[])
    def reorder_images(self, request, pk=None):
        product = self.get_object()
        serializer = ImageReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        images = product_images_reorder(product=product, image_ids=serializer.validated_data["image_ids"])
        return Response(ProductImageSerializer(images, many=True).data)

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"images/(?P<image_id>[0-9]+)")
    def delete_image(self, request, pk=None, image_id=None):
        product = self.get_object()
        image = get_object_or_404(ProductImage, pk=image_id, product=product)
        product_image_delete(image=image)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ProductImportInputSerializer, responses={201: ProductImportResultSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request):
        """Create or update many products from a CSV; a bad row fails the whole file, naming line and field."""
        serializer = ProductImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = products_import_csv(firm=self.get_firm(), file=serializer.validated_data["file"])
        return Response(ProductImportResultSerializer(result).data, status=status.HTTP_201_CREATED)
