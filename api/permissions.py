from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from market.core.errors import PermissionDenied


class IsOperator(BasePermission):
    message = "Only operators (city staff) may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class IsSeller(BasePermission):
    message = "Only members of a seller firm may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and hasattr(user, "firm_membership"))


class SellerScopedMixin:
    """Every seller endpoint inherits this: it knows the caller's firm and scopes every query to it.

    Rows of other firms are simply not found (404), so their existence does not leak.
    """

    permission_classes = [IsSeller]

    def get_firm(self):
        membership = getattr(self.request.user, "firm_membership", None)
        if membership is None:
            raise PermissionDenied(_("Only members of a seller firm may do this."))
        return membership.firm


class IsAgencyMember(BasePermission):
    message = "Only members of an approved public agency may do this."

    def has_permission(self, request, view):
        user = request.user
        membership = getattr(user, "agency_membership", None) if user and user.is_authenticated else None
        return bool(membership is not None and membership.agency.status == "approved")


class AgencyScopedMixin:
    """Every agency endpoint inherits this: it knows the caller's membership and agency, and every query it
    makes is scoped to that agency, so another agency's rows are simply not found (404). Roles are checked
    by the services (market/procurement), which say which role an action needs."""

    permission_classes = [IsAgencyMember]

    def get_membership(self):
        membership = getattr(self.request.user, "agency_membership", None)
        if membership is None or membership.agency.status != "approved":
            raise PermissionDenied(_("Only members of an approved public agency may do this."))
        return membership

    def get_agency(self):
        return self.get_membership().agency
