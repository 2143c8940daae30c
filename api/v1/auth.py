"""Registration, session login for the web, token login for API clients."""
from django.contrib.auth import authenticate, login, logout
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.serializers import (
    BuyerRegistrationSerializer,
    FirmApplicationSerializer,
    FirmPrivateSerializer,
    LoginSerializer,
    SellerRegistrationSerializer,
    TokenSerializer,
    UserSerializer,
)
from market.accounts.services import user_register_buyer, user_register_seller
from market.core.errors import ApplicationError
from market.orders.services import cart_for, cart_merge


def _authenticate(request, data):
    user = authenticate(request, email=data["email"].lower(), password=data["password"])
    if user is None:
        raise ApplicationError("The e-mail address or password is wrong.", code="invalid_credentials")
    return user


class RegisterBuyer(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=BuyerRegistrationSerializer, responses={201: TokenSerializer})
    def post(self, request):
        serializer = BuyerRegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = user_register_buyer(email=data["email"], password=data["password"],
                                   display_name=data["display_name"], district_code=data["district"] or None)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": UserSerializer(user).data}, status=status.HTTP_201_CREATED)


class RegisterSeller(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=SellerRegistrationSerializer, responses={201: TokenSerializer})
    def post(self, request):
        serializer = SellerRegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        firm_input = FirmApplicationSerializer.service_kwargs(data["firm"])
        user, firm = user_register_seller(email=data["email"], password=data["password"],
                                          display_name=data["display_name"], firm=firm_input)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(
            {"token": token.key, "user": UserSerializer(user).data, "firm": FirmPrivateSerializer(firm).data},
            status=status.HTTP_201_CREATED,
        )


class Login(APIView):
    """Session login for the web UI (sets the session cookie)."""

    permission_classes = [permissions.AllowAny]

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
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.auth is not None:  # a token client logs out by dropping its token
            Token.objects.filter(user=request.user).delete()
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObtainToken(APIView):
    """Token login for API clients: send `Authorization: Token <key>` afterwards."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=LoginSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _authenticate(request, serializer.validated_data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": UserSerializer(user).data})


class Me(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def get(self, request):
        return Response(UserSerializer(request.user).data)
