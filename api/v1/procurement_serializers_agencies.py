"""Shapes of agencies, their members and invitations. The rules live in market/procurement/services/agencies.py."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.serializers import DistrictSerializer
from market.procurement.models import Agency, AgencyInvitation, AgencyKind, AgencyMember, AgencyRole

ROLES_HELP = "the member's roles, each one of requester, approver, inspector, admin (at least one)"


class RolesField(serializers.ListField):
    child = serializers.ChoiceField(choices=AgencyRole.choices)

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", ROLES_HELP)
        kwargs.setdefault("max_length", len(AgencyRole.values) * 2)  # room for a repeat; more is not a list of roles
        super().__init__(**kwargs)


# --- output -------------------------------------------------------------------------------------------------------
class AgencySerializer(serializers.ModelSerializer):
    """An agency as its members and operators see it."""

    district = DistrictSerializer()

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kind",
            "district",
            "business_number",
            "address",
            "billing_email",
            "status",
            "rejection_reason",
            "created_at",
            "approved_at",
        ]


class MyAgencySerializer(AgencySerializer):
    """The caller's agency with their own membership: which member they are and their roles."""

    member_id = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "member_id", "roles"]

    def get_member_id(self, agency) -> int:
        return self.context["membership"].pk

    def get_roles(self, agency) -> list[AgencyRole]:
        return self.context["membership"].roles


def my_agency_data(membership: AgencyMember) -> dict:
    return MyAgencySerializer(membership.agency, context={"membership": membership}).data


class AgencyMembershipBriefSerializer(serializers.ModelSerializer):
    """The caller's agency in auth/me/: enough for a client to know what to offer."""

    id = serializers.IntegerField(source="agency.id", read_only=True)
    name = serializers.CharField(source="agency.name", read_only=True)
    status = serializers.ChoiceField(source="agency.status", choices=Agency._meta.get_field("status").choices)
    member_id = serializers.IntegerField(source="pk", read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=AgencyRole.choices), read_only=True)

    class Meta:
        model = AgencyMember
        fields = ["id", "name", "status", "member_id", "roles"]


class OperatorAgencySerializer(AgencySerializer):
    member_count = serializers.IntegerField(read_only=True)
    created_by_email = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True, default=None)

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "member_count", "created_by_email"]


class AgencyMemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=AgencyRole.choices), read_only=True)

    class Meta:
        model = AgencyMember
        fields = ["id", "user_id", "email", "display_name", "roles", "created_at"]


class AgencyInvitationSerializer(serializers.ModelSerializer):
    """An invitation without its code: the code travels only in the e-mail to the invited address."""

    roles = serializers.ListField(child=serializers.ChoiceField(choices=AgencyRole.choices), read_only=True)
    status = serializers.SerializerMethodField()
    invited_by_email = serializers.EmailField(source="invited_by.email", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AgencyInvitation
        fields = ["id", "email", "roles", "status", "invited_by_email", "created_at", "expires_at", "accepted_at"]

    @extend_schema_field(serializers.ChoiceField(choices=["open", "accepted", "expired"]))
    def get_status(self, invitation) -> str:
        if invitation.accepted_at is not None:
            return "accepted"
        return "open" if invitation.expires_at > timezone.now() else "expired"


# --- input --------------------------------------------------------------------------------------------------------
class AgencyApplicationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    district = serializers.CharField(max_length=5, help_text="Seoul district code, e.g. 11440 for 마포구")
    business_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="사업자등록번호 or 고유번호, optional"
    )
    address = serializers.CharField(max_length=300)
    billing_email = serializers.EmailField(max_length=254, help_text="where the agency's invoices are sent")

    @staticmethod
    def service_kwargs(validated: dict) -> dict:
        data = dict(validated)
        data["district_code"] = data.pop("district")
        return data


class AgencyCreateSerializer(AgencyApplicationSerializer):
    admin_email = serializers.EmailField(
        max_length=254, help_text="the e-mail address of an existing account: the agency's first admin"
    )


class AgencyRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AgencyMemberRolesSerializer(serializers.Serializer):
    roles = RolesField()


class AgencyInvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    roles = RolesField()


class AgencyInvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64, help_text="the invitation code from the e-mail")
