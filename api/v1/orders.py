"""Cart, checkout, orders and payments for buyers; fulfilment and settlement for sellers; the webhook."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, inline_serializer
from rest_framework import generics, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import IntegerField
from api.permissions import IsOperator, SellerScopedMixin
from api.v1.serializers import PriceTierSerializer
from market.core.errors import ApplicationError
from market.orders.models import CartItem, ClaimKind, Fulfilment, FulfilmentClaim, FulfilmentStatus, Order
from market.orders.rules import may_accept_claim, may_cancel, may_claim, may_confirm_purchase, may_move
from market.orders.selectors import cart_detail, fulfilment_list_for_firm, order_list_for_buyer
from market.orders.services import (
    SHIPPING_FIELDS,
    cart_for,
    cart_set_item,
    claim_open,
    claim_reject,
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_ship,
    order_cancel,
)
from market.payments.models import PayoutBatch, SettlementEntry
from market.payments.provider import WebhookSignatureError
from market.payments.services import (
    claim_accept_and_refund,
    fulfilment_cancel_and_refund,
    fulfilment_claim_accept_and_refund,
    fulfilment_refund_after_confirmation,
    order_checkout,
    payment_confirm,
    payment_start,
    payment_sync,
    webhook_receive,
)
from market.payments.settlement import firm_balances, payout_batch_create, payout_batch_csv


# --- serializers -------------------------------------------------------------------------------------------
def shipping_of(order) -> dict:
    return {name: getattr(order, f"shipping_{name}") for name in SHIPPING_FIELDS}


class CartLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    title = serializers.CharField()
    firm_id = serializers.IntegerField()
    firm_name = serializers.CharField()
    unit_price = serializers.IntegerField(help_text="for this line's quantity: its volume price tier, else base_price")
    base_price = serializers.IntegerField(help_text="the product's price for fewer units than its first tier")
    price_tiers = PriceTierSerializer(many=True)
    unit = serializers.CharField()
    min_order_quantity = serializers.IntegerField()
    stock = serializers.IntegerField(help_text="what can be bought now; the cart reserves nothing")
    quantity = serializers.IntegerField()
    line_total = serializers.IntegerField()
    available = serializers.BooleanField()
    problem = serializers.CharField(allow_blank=True)


class CartSerializer(serializers.Serializer):
    lines = CartLineSerializer(many=True)
    items_total = serializers.IntegerField()
    firms = serializers.IntegerField()


class CartItemInputSerializer(serializers.Serializer):
    quantity = IntegerField(column=(CartItem, "quantity"))


class ShippingSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=30)
    postal_code = serializers.CharField(max_length=10)
    address1 = serializers.CharField(max_length=200)
    address2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CheckoutSerializer(serializers.Serializer):
    shipping = ShippingSerializer()


class PaymentSerializer(serializers.Serializer):
    intent_id = serializers.CharField()
    client_secret = serializers.CharField()
    amount = serializers.IntegerField()
    currency = serializers.CharField()
    status = serializers.CharField()
    last_error = serializers.CharField()


class PaymentConfigSerializer(serializers.Serializer):
    stripe_js_url = serializers.URLField(help_text="Stripe.js (the only third-party script the CSP allows)")
    publishable_key = serializers.CharField(help_text="for Stripe(...) in the browser")


class ConfirmSerializer(serializers.Serializer):
    payment_method = serializers.CharField(max_length=100, help_text="a payment method id, e.g. pm_card_visa")
    return_url = serializers.URLField(required=False)


class OrderLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    unit = serializers.CharField()
    unit_price = serializers.IntegerField()
    quantity = serializers.IntegerField()
    line_total = serializers.IntegerField()


class OrderEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    fulfilment_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fulfilment_id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    opened_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_note = serializers.CharField()
    refund_amount = serializers.IntegerField()


class _FulfilmentFieldsSerializer(serializers.Serializer):
    # A firm's part as both its buyer and its firm see it (a comment: a docstring would describe the seller's too).
    id = serializers.IntegerField()
    firm_id = serializers.IntegerField()
    firm_name = serializers.CharField(source="firm.name")
    status = serializers.CharField()
    items_total = serializers.IntegerField()
    refunded_amount = serializers.IntegerField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    cancel_reason = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    auto_confirm_at = serializers.DateTimeField(
        allow_null=True, help_text="when a delivered part the buyer has not confirmed or claimed is confirmed"
    )
    purchase_confirmed_at = serializers.DateTimeField(allow_null=True, help_text="구매확정: the sale is the firm's")
    payable = serializers.BooleanField(
        source="is_payable", help_text="the firm's money for this part is final (counts in payouts)"
    )
    claims = ClaimSerializer(many=True)
    lines = OrderLineSerializer(many=True)


class FulfilmentSerializer(_FulfilmentFieldsSerializer):
    """A firm's part of the buyer's order, with what the buyer may do with it now."""

    # Computed by market.orders.rules, the checks the services refuse with: the UI shows a button only when true.

    can_confirm_purchase = serializers.SerializerMethodField(help_text="구매확정 would be accepted now")
    can_claim = serializers.SerializerMethodField(help_text="a return request or complaint would be accepted now")

    def get_can_confirm_purchase(self, fulfilment) -> bool:
        return may_confirm_purchase(fulfilment)

    def get_can_claim(self, fulfilment) -> bool:
        return may_claim(fulfilment, now=timezone.now())


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    items_total = serializers.IntegerField()
    shipping_total = serializers.IntegerField()
    total = serializers.IntegerField()
    placed_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    reservation_expires_at = serializers.DateTimeField()
    shipping = serializers.SerializerMethodField()
    fulfilments = FulfilmentSerializer(many=True)
    payment = serializers.SerializerMethodField()
    events = OrderEventSerializer(many=True)
    can_cancel = serializers.SerializerMethodField(help_text="the buyer may cancel the order now (it is unpaid)")

    @extend_schema_field(ShippingSerializer)
    def get_shipping(self, order) -> dict:
        return shipping_of(order)

    def get_can_cancel(self, order) -> bool:
        return may_cancel(order)

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, order) -> dict | None:
        payment = getattr(order, "payment", None)
        return PaymentSerializer(payment).data if payment else None


class SellerFulfilmentSerializer(_FulfilmentFieldsSerializer):
    """The firm's part of a paid order, with the moves the firm may make on it now."""

    order_number = serializers.CharField(source="order.number")
    order_status = serializers.CharField(source="order.status")
    placed_at = serializers.DateTimeField(source="order.placed_at")
    shipping = serializers.SerializerMethodField()
    # Computed by market.orders.rules, the checks the services refuse with: the portal shows a button only when true.
    can_confirm = serializers.SerializerMethodField(help_text="confirm would be accepted now")
    can_ship = serializers.SerializerMethodField(help_text="ship would be accepted now (with a carrier and number)")
    can_deliver = serializers.SerializerMethodField(help_text="deliver would be accepted now")
    can_cancel = serializers.SerializerMethodField(
        help_text="cancel (and refund) would be accepted now (with a reason)"
    )
    can_accept_claim = serializers.SerializerMethodField(help_text="accept-claim would be accepted now")

    @extend_schema_field(ShippingSerializer)
    def get_shipping(self, fulfilment) -> dict:
        return shipping_of(fulfilment.order)

    def get_can_confirm(self, fulfilment) -> bool:
        return may_move(fulfilment, FulfilmentStatus.CONFIRMED)

    def get_can_ship(self, fulfilment) -> bool:
        return may_move(fulfilment, FulfilmentStatus.SHIPPED)

    def get_can_deliver(self, fulfilment) -> bool:
        return may_move(fulfilment, FulfilmentStatus.DELIVERED)

    def get_can_cancel(self, fulfilment) -> bool:
        return may_move(fulfilment, FulfilmentStatus.CANCELLED)

    def get_can_accept_claim(self, fulfilment) -> bool:
        return may_accept_claim(fulfilment)


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=50)
    tracking_number = serializers.CharField(max_length=60)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ClaimInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[ClaimKind.RETURN, ClaimKind.COMPLAINT])
    reason = serializers.CharField(max_length=500)


class ClaimResolutionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RefundAfterConfirmationSerializer(serializers.Serializer):
    amount = IntegerField(column=(FulfilmentClaim, "refund_amount"), help_text="whole KRW")
    reason = serializers.CharField(max_length=500)


class SettlementEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = SettlementEntry
        fields = ["id", "kind", "amount", "order", "fulfilment", "payout", "created_at"]


class SettlementBalancesSerializer(serializers.Serializer):
    """market.payments.settlement.firm_balances, in whole KRW."""

    sales = serializers.IntegerField()
    fees = serializers.IntegerField()
    refunds = serializers.IntegerField()
    paid_out = serializers.IntegerField()
    balance = serializers.IntegerField()
    payable = serializers.IntegerField(help_text="final money not yet paid out; below zero after a late refund")
    awaiting_confirmation = serializers.IntegerField(help_text="sales not yet purchase-confirmed")


@extend_schema_serializer(many=False)  # the page itself, not a list to be paginated again
class SettlementPageSerializer(serializers.Serializer):
    """One page of the ledger, as the paginator writes it, with the firm's balances."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SettlementEntrySerializer(many=True)
    balances = SettlementBalancesSerializer()


class PayoutBatchSerializer(serializers.ModelSerializer):
    payouts = serializers.SerializerMethodField()

    class Meta:
        model = PayoutBatch
        fields = ["id", "created_at", "total", "payouts"]

    def get_payouts(self, batch) -> list[dict]:
        return [
            {"firm_id": p.firm_id, "amount": p.amount, "status": p.status, "transfer_id": p.transfer_id}
            for p in batch.payouts.all()
        ]


# --- buyers ------------------------------------------------------------------------------------------------
def _session_key(request, *, create: bool) -> str | None:
    if request.session.session_key is None and create:
        request.session.save()
    return request.session.session_key


class CartView(APIView):
    """The signed-in buyer's cart, or a guest's (kept with the session; merged on sign-in)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=CartSerializer)
    def get(self, request):
        cart = cart_for(user=request.user, session_key=_session_key(request, create=False), create=False)
        return Response(cart_detail(cart))


class CartItemView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=CartItemInputSerializer, responses=CartSerializer)
    def put(self, request, product_id):
        serializer = CartItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart = cart_for(user=request.user, session_key=_session_key(request, create=True))
        cart_set_item(cart=cart, product_id=product_id, quantity=serializer.validated_data["quantity"])
        return Response(cart_detail(cart))

    @extend_schema(request=None, responses={200: CartSerializer})  # the cart after the removal, not a 204
    def delete(self, request, product_id):
        cart = cart_for(user=request.user, session_key=_session_key(request, create=True))
        cart_set_item(cart=cart, product_id=product_id, quantity=0)
        return Response(cart_detail(cart))


class Checkout(APIView):
    """Place the order from the cart and start its payment. Prices come from the server."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CheckoutSerializer, responses={201: OrderSerializer})
    def post(self, request):
        serializer = CheckoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = order_checkout(
            buyer=request.user, cart=cart_for(user=request.user), shipping=serializer.validated_data["shipping"]
        )
        return Response(
            OrderSerializer(order_list_for_buyer(buyer=request.user).get(pk=order.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class BuyerOrderMixin:
    permission_classes = [permissions.IsAuthenticated]

    def get_order(self, pk) -> Order:
        return get_object_or_404(order_list_for_buyer(buyer=self.request.user), pk=pk)


class OrderList(BuyerOrderMixin, generics.ListAPIView):
    serializer_class = OrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return order_list_for_buyer(buyer=self.request.user)


class OrderDetail(BuyerOrderMixin, APIView):
    @extend_schema(responses=OrderSerializer)
    def get(self, request, pk):
        return Response(OrderSerializer(self.get_order(pk)).data)


class OrderPayment(BuyerOrderMixin, APIView):
    @extend_schema(request=None, responses=PaymentSerializer)
    def post(self, request, pk):
        """Start the order's payment (or get it again): the client secret for Stripe.js."""
        payment = payment_start(order=self.get_order(pk))  # the gateway away: 503 (api/errors.py)
        return Response(PaymentSerializer(payment).data)


class OrderPaymentConfirm(BuyerOrderMixin, APIView):
    @extend_schema(request=ConfirmSerializer, responses=OrderSerializer)
    def post(self, request, pk):
        """Confirm the payment on the server with a payment method (test cards in the demo)."""
        order = self.get_order(pk)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = getattr(order, "payment", None) or payment_start(order=order)
        payment_confirm(payment=payment, **serializer.validated_data)  # the gateway away: 503 (api/errors.py)
        return Response(OrderSerializer(self.get_order(pk)).data)


class OrderPaymentSync(BuyerOrderMixin, APIView):
    @extend_schema(request=None, responses=OrderSerializer)
    def post(self, request, pk):
        """Check the payment with the gateway now, after Stripe.js confirmed it in the browser, rather than wait
        for the webhook; the order is paid once the gateway says so. Safe to repeat."""
        order = self.get_order(pk)
        payment = getattr(order, "payment", None) or payment_start(order=order)
        payment_sync(payment=payment)  # the gateway away: 503 (api/errors.py)
        return Response(OrderSerializer(self.get_order(pk)).data)


class BuyerFulfilmentMixin(BuyerOrderMixin):
    def get_fulfilment(self, pk, fulfilment_id) -> Fulfilment:
        return get_object_or_404(self.get_order(pk).fulfilments.all(), pk=fulfilment_id)


class OrderFulfilmentConfirmPurchase(BuyerFulfilmentMixin, APIView):
    @extend_schema(request=None, responses=OrderSerializer)
    def post(self, request, pk, fulfilment_id):
        """구매확정: the part arrived as ordered, so its sale becomes payable to the firm (409 before delivery)."""
        fulfilment_confirm_purchase(fulfilment_id=self.get_fulfilment(pk, fulfilment_id).pk, buyer=request.user)
        return Response(OrderSerializer(self.get_order(pk)).data)


class OrderFulfilmentClaim(BuyerFulfilmentMixin, APIView):
    @extend_schema(request=ClaimInputSerializer, responses={201: OrderSerializer})
    def post(self, request, pk, fulfilment_id):
        """Ask to return a delivered part, or complain about it, before confirming the purchase.

        The part is then not confirmed automatically; its firm or an operator resolves the claim.
        """
        fulfilment = self.get_fulfilment(pk, fulfilment_id)
        serializer = ClaimInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_open(fulfilment_id=fulfilment.pk, buyer=request.user, **serializer.validated_data)
        return Response(OrderSerializer(self.get_order(pk)).data, status=status.HTTP_201_CREATED)


class OrderCancel(BuyerOrderMixin, APIView):
    @extend_schema(request=None, responses=OrderSerializer)
    def post(self, request, pk):
        """Cancel an unpaid order (400 order_not_cancellable once paid or ended); its stock goes back."""
        order_cancel(order_id=self.get_order(pk).pk, buyer=request.user)
        return Response(OrderSerializer(self.get_order(pk)).data)


# --- sellers -----------------------------------------------------------------------------------------------
class SellerFulfilments(SellerScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The firm's parts of paid orders, and the moves it makes on them."""

    lookup_value_regex = "[0-9]+"  # ASCII digits: the router's default also takes other scripts' digits
    serializer_class = SellerFulfilmentSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Fulfilment.objects.none()
        return fulfilment_list_for_firm(firm=self.get_firm())

    def _moved(self, move, serializer_class=None, **kwargs):
        fulfilment = self.get_object()
        if serializer_class is not None:
            serializer = serializer_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            kwargs.update(serializer.validated_data)
        move(fulfilment_id=fulfilment.pk, actor=self.request.user, **kwargs)
        return Response(SellerFulfilmentSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=SellerFulfilmentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._moved(fulfilment_confirm)

    @extend_schema(request=ShipSerializer, responses=SellerFulfilmentSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request, pk=None):
        return self._moved(fulfilment_ship, ShipSerializer)

    @extend_schema(request=None, responses=SellerFulfilmentSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        return self._moved(fulfilment_deliver)

    @extend_schema(request=CancelSerializer, responses=SellerFulfilmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel this firm's part; its money is refunded to the buyer."""
        return self._moved(fulfilment_cancel_and_refund, CancelSerializer)

    @extend_schema(request=ClaimResolutionSerializer, responses=SellerFulfilmentSerializer)
    @action(detail=True, methods=["post"], url_path="accept-claim")
    def accept_claim(self, request, pk=None):
        """Accept the buyer's open return request or complaint: the part is refunded in full. (Only an
        operator can reject a claim.)"""
        return self._moved(fulfilment_claim_accept_and_refund, ClaimResolutionSerializer)


class SellerSettlement(SellerScopedMixin, generics.ListAPIView):
    """The firm's settlement ledger (newest first) with its balances."""

    serializer_class = SettlementEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SettlementEntry.objects.none()
        return SettlementEntry.objects.filter(firm=self.get_firm()).order_by("-created_at", "-id")

    @extend_schema(responses=SettlementPageSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["balances"] = firm_balances(firm=self.get_firm())
        return response


# --- operators ---------------------------------------------------------------------------------------------
class PayoutBatches(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = PayoutBatchSerializer
    queryset = PayoutBatch.objects.prefetch_related("payouts")

    @extend_schema(request=None, responses={201: PayoutBatchSerializer})
    def post(self, request):
        """Pay out every firm's payable balance: one batch, exported as CSV (or transferred by Connect)."""
        batch = payout_batch_create(operator=request.user)
        return Response(PayoutBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class OperatorClaims(generics.ListAPIView):
    """Buyers' return requests and complaints, and refunds made after confirmation, newest first
    (`?status=open` is the queue to work through)."""

    permission_classes = [IsOperator]
    serializer_class = ClaimSerializer
    queryset = FulfilmentClaim.objects.order_by("-opened_at", "-id")
    filterset_fields = {"status": ["exact"], "kind": ["exact"]}


class _OperatorClaimResolution(APIView):
    permission_classes = [IsOperator]

    def resolve(self, request, pk, service):
        serializer = ClaimResolutionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = service(
            claim_id=get_object_or_404(FulfilmentClaim, pk=pk).pk, actor=request.user, **serializer.validated_data
        )
        return Response(ClaimSerializer(claim).data)


class OperatorClaimAccept(_OperatorClaimResolution):
    @extend_schema(request=ClaimResolutionSerializer, responses=ClaimSerializer)
    def post(self, request, pk):
        """Accept the claim: the part is returned and refunded in full; it is never paid to the firm."""
        return self.resolve(request, pk, claim_accept_and_refund)


class OperatorClaimReject(_OperatorClaimResolution):
    @extend_schema(request=ClaimResolutionSerializer, responses=ClaimSerializer)
    def post(self, request, pk):
        """Reject the claim (say why in `note`): final, and it confirms the purchase, so the sale is payable."""
        return self.resolve(request, pk, claim_reject)


class OperatorFulfilmentRefund(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=RefundAfterConfirmationSerializer, responses={201: ClaimSerializer})
    def post(self, request, pk):
        """Refund (part of) a confirmed purchase; the firm's next payout batch nets the refund off."""
        serializer = RefundAfterConfirmationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = fulfilment_refund_after_confirmation(
            fulfilment_id=get_object_or_404(Fulfilment, pk=pk).pk, actor=request.user, **serializer.validated_data
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class PayoutBatchCsv(APIView):
    permission_classes = [IsOperator]

    @extend_schema(responses={(200, "text/csv"): str})
    def get(self, request, pk):
        batch = get_object_or_404(PayoutBatch, pk=pk)
        response = HttpResponse(payout_batch_csv(batch=batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gachi-payouts-{batch.pk}.csv"'
        return response


class PaymentConfig(APIView):
    """What the web UI's card form needs: the Stripe.js URL and the publishable key (both meant for browsers)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=PaymentConfigSerializer)
    def get(self, request):
        return Response(
            PaymentConfigSerializer(
                {"stripe_js_url": settings.STRIPE_JS_URL, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY}
            ).data
        )


# --- the gateway -------------------------------------------------------------------------------------------
@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhook(APIView):
    """Stripe's events: verified on the raw body, stored once, processed by a task."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        request=None, responses={200: inline_serializer("WebhookReceived", {"received": serializers.BooleanField()})}
    )
    def post(self, request):
        try:
            webhook_receive(payload=request.body, signature_header=request.headers.get("Stripe-Signature", ""))
        except WebhookSignatureError as exc:
            raise ApplicationError(
                _("The webhook signature does not verify: %(exc)s") % {"exc": exc}, code="bad_signature"
            ) from exc
        return Response({"received": True})
