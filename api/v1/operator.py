"""Operators (city staff): verify firms, confirm or revoke designations, import registry files."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsOperator
from api.v1.serializers import (
    DesignationSerializer,
    DesignationStatusSerializer,
    FirmPrivateSerializer,
    FirmRejectSerializer,
    RegistryImportInputSerializer,
    RegistryImportSerializer,
)
from market.firms.models import Designation, Firm, RegistryImport
from market.firms.registry import registry_import
from market.firms.selectors import firm_list_for_operators
from market.firms.services import designation_set_status, firm_reject, firm_verify


class OperatorFirmList(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = FirmPrivateSerializer
    filterset_fields = {"verification_status": ["exact"], "district": ["exact"]}

    def get_queryset(self):
        return firm_list_for_operators()


class OperatorFirmVerify(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=None, responses=FirmPrivateSerializer)
    def post(self, request, pk):
        firm = firm_verify(firm=get_object_or_404(Firm, pk=pk), operator=request.user)
        return Response(FirmPrivateSerializer(firm).data)


class OperatorFirmReject(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=FirmRejectSerializer, responses=FirmPrivateSerializer)
    def post(self, request, pk):
        firm = get_object_or_404(Firm, pk=pk)
        serializer = FirmRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        firm = firm_reject(firm=firm, operator=request.user, reason=serializer.validated_data["reason"])
        return Response(FirmPrivateSerializer(firm).data)


class OperatorDesignationStatus(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=DesignationStatusSerializer, responses=DesignationSerializer)
    def post(self, request, pk):
        designation = get_object_or_404(Designation.objects.select_related("firm"), pk=pk)
        serializer = DesignationStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        designation = designation_set_status(designation=designation, **serializer.validated_data)
        return Response(DesignationSerializer(designation).data)


class OperatorRegistryImports(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = RegistryImportSerializer
    queryset = RegistryImport.objects.all()
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=RegistryImportInputSerializer, responses={201: RegistryImportSerializer})
    def post(self, request):
        serializer = RegistryImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = registry_import(
            file=upload, kind=serializer.validated_data["kind"], operator=request.user, filename=upload.name
        )
        return Response(RegistryImportSerializer(result).data, status=status.HTTP_201_CREATED)
