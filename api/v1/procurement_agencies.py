"""Public agencies and their people: applying, the caller's agency, members and roles, invitations; operators'
decisions. Endpoints under agency/ inherit AgencyScopedMixin (another agency's rows are 404); roles are checked
by the services (market/procurement/services/agencies.py), which name the role an action needs."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin, IsOperator
from api.v1.procurement_serializers_agencies import (
    AgencyApplicationSerializer,
    AgencyCreateSerializer,
    AgencyInvitationAcceptSerializer,
    AgencyInvitationInputSerializer,
    AgencyInvitationSerializer,
    AgencyMemberRolesSerializer,
    AgencyMemberSerializer,
    AgencyRejectSerializer,
    MyAgencySerializer,
    OperatorAgencySerializer,
    my_agency_data,
)
from market.core.errors import NotFound, PermissionDenied
from market.procurement.models import Agency, AgencyInvitation, AgencyMember
from market.procurement.selectors.agencies import (
    agency_invitation_list,
    agency_list_for_operators,
    agency_member_list,
)
from market.procurement.services.agencies import (
    agency_approve,
    agency_create,
    agency_invitation_accept,
    agency_invitation_revoke,
    agency_invite,
    agency_member_remove,
    agency_member_set_roles,
    agency_register,
    agency_reject,
)


class AgencyRegister(APIView):
    """Apply for your agency: it waits for an operator's approval, with you as its member in every role."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AgencyApplicationSerializer, responses={201: MyAgencySerializer})
    def post(self, request):
        serializer = AgencyApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = agency_register(
            user=request.user, **AgencyApplicationSerializer.service_kwargs(serializer.validated_data)
        )
        membership = AgencyMember.objects.select_related("agency__district").get(agency=agency, user=request.user)
        return Response(my_agency_data(membership), status=status.HTTP_201_CREATED)


class MyAgency(APIView):
    """The caller's agency and their roles in it, whatever its status (an applicant follows their application
    here: pending, or rejected with the reason)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MyAgencySerializer)
    def get(self, request):
        membership = AgencyMember.objects.select_related("agency__district").filter(user=request.user).first()
        if membership is None:
            raise PermissionDenied(_("You are not a member of a public agency."), code="not_agency_member")
        return Response(my_agency_data(membership))


class AgencyMembers(AgencyScopedMixin, generics.ListAPIView):
    """Your agency's members and their roles."""

    serializer_class = AgencyMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no agency
            return AgencyMember.objects.none()
        return agency_member_list(agency=self.get_agency())


class AgencyMemberDetail(AgencyScopedMixin, APIView):
    """One member of your agency: an admin changes their roles or removes them; you may remove yourself
    (leave). An agency keeps at least one admin."""

    def _member(self, pk) -> AgencyMember:
        member = agency_member_list(agency=self.get_agency()).filter(pk=pk).first()
        if member is None:
            raise NotFound(_("No member of your agency has this id."), code="member_not_found")
        return member

    @extend_schema(responses=AgencyMemberSerializer)
    def get(self, request, pk):
        return Response(AgencyMemberSerializer(self._member(pk)).data)

    @extend_schema(request=AgencyMemberRolesSerializer, responses=AgencyMemberSerializer)
    def patch(self, request, pk):
        serializer = AgencyMemberRolesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = agency_member_set_roles(
            actor=self.get_membership(), member_id=pk, roles=serializer.validated_data["roles"]
        )
        return Response(AgencyMemberSerializer(member).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        agency_member_remove(actor=self.get_membership(), member_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgencyInvitations(AgencyScopedMixin, generics.ListAPIView):
    """Invitations of your agency (admins): list them, or invite someone by e-mail in some roles. The code to
    accept goes only in the e-mail."""

    serializer_class = AgencyInvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgencyInvitation.objects.none()
        return agency_invitation_list(membership=self.get_membership())

    @extend_schema(request=AgencyInvitationInputSerializer, responses={201: AgencyInvitationSerializer})
    def post(self, request):
        serializer = AgencyInvitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = agency_invite(actor=self.get_membership(), **serializer.validated_data)
        return Response(AgencyInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class AgencyInvitationDetail(AgencyScopedMixin, APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        """Take back an invitation not yet accepted (admins)."""
        agency_invitation_revoke(actor=self.get_membership(), invitation_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgencyInvitationAccept(APIView):
    """Join the agency that invited you, with the code from the e-mail, signed in with the invited address."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AgencyInvitationAcceptSerializer, responses=MyAgencySerializer)
    def post(self, request):
        serializer = AgencyInvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = agency_invitation_accept(user=request.user, token=serializer.validated_data["token"])
        return Response(my_agency_data(membership))


# --- operators ----------------------------------------------------------------------------------------------------
class OperatorAgencies(generics.ListAPIView):
    """Every agency (filter by status: pending ones wait for a decision); create an approved agency directly."""

    permission_classes = [IsOperator]
    serializer_class = OperatorAgencySerializer
    filterset_fields = {"status": ["exact"], "kind": ["exact"]}

    def get_queryset(self):
        return agency_list_for_operators()

    @extend_schema(request=AgencyCreateSerializer, responses={201: OperatorAgencySerializer})
    def post(self, request):
        serializer = AgencyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = agency_create(
            operator=request.user, **AgencyCreateSerializer.service_kwargs(serializer.validated_data)
        )
        return Response(
            OperatorAgencySerializer(agency_list_for_operators().get(pk=agency.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class OperatorAgencyApprove(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=None, responses=OperatorAgencySerializer)
    def post(self, request, pk):
        agency_approve(agency=get_object_or_404(Agency, pk=pk), operator=request.user)
        return Response(OperatorAgencySerializer(agency_list_for_operators().get(pk=pk)).data)


class OperatorAgencyReject(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=AgencyRejectSerializer, responses=OperatorAgencySerializer)
    def post(self, request, pk):
        agency = get_object_or_404(Agency, pk=pk)
        serializer = AgencyRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency_reject(agency=agency, operator=request.user, reason=serializer.validated_data["reason"])
        return Response(OperatorAgencySerializer(agency_list_for_operators().get(pk=pk)).data)
