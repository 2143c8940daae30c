"""Registration, session login for the web, token login for API clients.

Abuse limits: every sign-in endpoint is throttled per client address and per account (api/throttling.py), and
django-axes locks an account or an address out after repeated wrong passwords (market/accounts/lockout.py).
Tokens are django-rest-knox tokens: one per client, hashed at rest, each with an expiry; logout ends the
caller's token only, logoutall every token of the user.

Login CSRF: a cross-site page must not be able to sign a visitor's browser in (to an account the attacker
controls) or register from it. The session login always checks CSRF, as Django's admin login does: the web
UI first GETs auth/login/ for the token (cookie and body) and sends it back in X-CSRFToken. Registration
checks CSRF when the request could come from a browser, i.e. it carries cookies or a form body; an API
client posting JSON without cookies cannot be a cross-site form (a cross-site JSON post needs CORS, which
we do not grant) and needs no token. Token login sets nothing in the browser, so it needs no CSRF check.
"""

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash, user_logged_in
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authentication import CSRFCheck
from rest_framework.response import Response
from rest_framework.views import APIView

from api.throttling import RegistrationAddressThrottle, SignInAccountThrottle, SignInAddressThrottle
from api.v1.procurement_serializers_agencies import AgencyMembershipBriefSerializer
from api.v1.serializers import (
    BuyerRegistrationSerializer,
    FirmApplicationSerializer,
    FirmPrivateSerializer,
    LoginSerializer,
    SellerRegistrationSerializer,
    TokenSerializer,
    UserSerializer,
)
from market.accounts.lockout import lockout_retry_after
from market.accounts.services import (
    user_password_change,
    user_register_buyer,
    user_register_seller,
    user_token_issue,
    user_token_revoke,
    user_tokens_revoke_all,
)
from market.core.errors import ApplicationError, PermissionDenied
from market.orders.services import cart_for, cart_merge
from market.procurement.models import AgencyMember
from market.reports.services import officer_district

# Bodies a cross-site HTML form can send without a CORS preflight.
_FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


def _may_come_from_a_browser(request) -> bool:
    content_type = (request.content_type or "").split(";")[0].strip().lower()
    return bool(request.COOKIES) or content_type in _FORM_CONTENT_TYPES


class CsrfChecked(permissions.BasePermission):
    """Django's CSRF check (Origin, Referer on HTTPS, token) on a view DRF would otherwise exempt.

    A view sets `csrf_only_from_browsers = True` to skip the check for cookie-less, non-form requests.
    """

    def has_permission(self, request, view):
        if getattr(view, "csrf_only_from_browsers", False) and not _may_come_from_a_browser(request):
            return True
        check = CSRFCheck(lambda _request: None)
        check.process_request(request._request)  # reads the CSRF cookie into request.META
        reason = check.process_view(request._request, None, (), {})
        if reason:
            raise PermissionDenied(
                _(
                    "CSRF check failed (%(reason)s). Get a token with GET /api/v1/auth/login/ and send it in the "
                    "X-CSRFToken header."
                )
                % {"reason": reason},
                code="csrf_failed",
            )
        return True


def _authenticate(request, data):
    user = authenticate(request, email=data["email"].lower(), password=data["password"])
    if user is None:
        if getattr(request, "axes_locked_out", False):
            wait = lockout_retry_after()
            raise exceptions.Throttled(
                wait=wait,
                detail="Too many failed sign-in attempts for this account or from this address.",
                code="locked_out",
            )
        raise ApplicationError(_("The e-mail address or password is wrong."), code="invalid_credentials")
    return user


def _token_body(user, **extra):
    key, expiry = user_token_issue(user=user)
    return {"token": key, "expiry": expiry, "user": UserSerializer(user).data, **extra}


class _SignIn(APIView):
    """No authentication: a stale or foreign token or session must not stand in the way of signing in."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SignInAddressThrottle, SignInAccountThrottle]


class RegisterBuyer(_SignIn):
    permission_classes = [permissions.AllowAny, CsrfChecked]
    throttle_classes = [RegistrationAddressThrottle, SignInAccountThrottle]
    csrf_only_from_browsers = True

    @extend_schema(request=BuyerRegistrationSerializer, responses={201: TokenSerializer})
    def post(self, request):
        serializer = BuyerRegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = user_register_buyer(
            email=data["email"],
            password=data["password"],
            display_name=data["display_name"],
            district_code=data["district"] or None,
        )
        return Response(_token_body(user), status=status.HTTP_201_CREATED)


class RegisterSeller(_SignIn):
    permission_classes = [permissions.AllowAny, CsrfChecked]
    throttle_classes = [RegistrationAddressThrottle, SignInAccountThrottle]
    csrf_only_from_browsers = True

    @extend_schema(request=SellerRegistrationSerializer, responses={201: TokenSerializer})
    def post(self, request):
        serializer = SellerRegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        firm_input = FirmApplicationSerializer.service_kwargs(data["firm"])
        user, firm = user_register_seller(
            email=data["email"], password=data["password"], display_name=data["display_name"], firm=firm_input
        )
        return Response(_token_body(user, firm=FirmPrivateSerializer(firm).data), status=status.HTTP_201_CREATED)


class Login(_SignIn):
    """Session login for the web UI (sets the session cookie). GET first for the CSRF token."""

    permission_classes = [permissions.AllowAny, CsrfChecked]

    def get_permissions(self):
        if self.request.method == "GET":
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        return [] if self.request.method == "GET" else super().get_throttles()

    @extend_schema(responses=inline_serializer("CsrfToken", {"csrf_token": serializers.CharField()}))
    def get(self, request):
        # get_token marks the cookie for the CSRF middleware to set on this response.
        return Response({"csrf_token": get_token(request._request)})

    @extend_schema(request=LoginSerializer, responses=UserSerializer)
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _authenticate(request, serializer.validated_data)
        guest_session = request.session.session_key  # login() rotates the key: read it first
        login(request, user)
        guest_cart = cart_for(session_key=guest_session, create=False) if guest_session else None
        if guest_cart is not None:
            cart_merge(guest_cart=guest_cart, user=user)
        return Response(UserSerializer(user).data)


class Logout(APIView):
    """Ends this client's sign-in only: its token, or its session. Other devices stay signed in."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.auth is not None:
            user_token_revoke(token=request.auth)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAll(APIView):
    """Ends every token of the user and this session (signed out everywhere, e.g. after a lost phone)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        user_tokens_revoke_all(user=request.user)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObtainToken(_SignIn):
    """Token login for API clients: send `Authorization: Token <key>` afterwards, until `expiry`.

    Each call issues a new token for a new client; the user's other tokens are left alone.
    """

    @extend_schema(request=LoginSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _authenticate(request, serializer.validated_data)
        # As login() does for sessions: last_login, and the success in the lockout log.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response(_token_body(user))


class PasswordChange(APIView):
    """Change one's password: the current one is checked (and counts toward the lockout like a login), and
    every other sign-in ends: the user's other tokens, and sessions elsewhere. This client stays signed in."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [SignInAddressThrottle, SignInAccountThrottle]

    @extend_schema(
        request=inline_serializer(
            "PasswordChange",
            {
                "current_password": serializers.CharField(write_only=True, style={"input_type": "password"}),
                "new_password": serializers.CharField(write_only=True, style={"input_type": "password"}),
            },
        ),
        responses={204: None},
    )
    def post(self, request):
        current = request.data.get("current_password") if hasattr(request.data, "get") else None
        new = request.data.get("new_password") if hasattr(request.data, "get") else None
        if not isinstance(current, str) or not current:
            raise ApplicationError(_("Give your current password."), code="required", field="current_password")
        if not isinstance(new, str) or not new:
            raise ApplicationError(_("Give the new password."), code="required", field="new_password")
        try:
            _authenticate(request, {"email": request.user.email, "password": current})
        except ApplicationError:
            raise ApplicationError(
                _("The current password is wrong."), code="wrong_password", field="current_password"
            ) from None
        user_password_change(user=request.user, new_password=new, keep_token=request.auth)
        if request.auth is None:  # a session: keep this one open under the new password
            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(UserSerializer):
    """The signed-in user, with the agency they act for (null when none), whatever its status."""

    agency = serializers.SerializerMethodField()
    officer_district = serializers.SerializerMethodField(
        help_text="The district whose reports the user sees as its support-centre officer (null: none)."
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "agency", "officer_district"]

    @extend_schema_field(AgencyMembershipBriefSerializer(allow_null=True))
    def get_agency(self, user):
        membership = AgencyMember.objects.select_related("agency").filter(user=user).first()
        return AgencyMembershipBriefSerializer(membership).data if membership else None

    def get_officer_district(self, user) -> str | None:
        return officer_district(user)


class Me(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
