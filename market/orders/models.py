"""Carts, orders split into one fulfilment per firm, stock reservations and the order's history.

Rows keep the facts reports group by (firm kind and district, buyer kind and district) as they were at the
sale, so a sales report is one SQL aggregate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from market.catalog.models import Product
from market.firms.models import District, Firm


class Cart(models.Model):
    """A signed-in buyer's cart, or a guest's (by session key) that merges into the buyer's on sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    session_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(session_key__isnull=False), name="cart_has_owner"
            )
        ]


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_item_unique_product"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]


class BuyerKind(models.TextChoices):
    CITIZEN = "citizen", "시민"
    AGENCY = "agency", "공공기관"  # invoices, later


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "결제 대기"
    PAID = "paid", "결제 완료"
    CLOSED = "closed", "종료"  # every fulfilment purchase-confirmed, cancelled or returned
    CANCELLED = "cancelled", "취소"  # before payment
    EXPIRED = "expired", "기한 만료"  # reservation ran out before payment


class Order(models.Model):
    number = models.CharField(max_length=32, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    buyer_kind = models.CharField(max_length=10, choices=BuyerKind.choices, default=BuyerKind.CITIZEN)
    buyer_district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )
    currency = models.CharField(max_length=3, default="KRW")
    items_total = models.PositiveBigIntegerField()
    shipping_total = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField()
    shipping_name = models.CharField(max_length=100)
    shipping_phone = models.CharField(max_length=30)
    shipping_postal_code = models.CharField(max_length=10)
    shipping_address1 = models.CharField(max_length=200)
    shipping_address2 = models.CharField(max_length=200, blank=True)
    reservation_expires_at = models.DateTimeField(db_index=True)
    placed_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("items_total") + models.F("shipping_total")), name="order_total_adds_up"
            )
        ]

    def __str__(self):
        return self.number


class FulfilmentStatus(models.TextChoices):
    PENDING = "pending", "확인 대기"  # waiting for payment, then for the firm
    CONFIRMED = "confirmed", "주문 확인"  # the firm accepted the order (not the buyer's purchase confirmation)
    SHIPPED = "shipped", "배송 중"
    DELIVERED = "delivered", "배송 완료"  # waiting for the buyer's 구매확정 (or the automatic one)
    CLAIMED = "claimed", "반품·불만 접수"  # the buyer opened a return or a complaint: nothing auto-confirms
    PURCHASE_CONFIRMED = "purchase_confirmed", "구매확정"  # the sale is the firm's: payable
    RETURNED = "returned", "반품 완료"  # the claim was accepted and the part refunded
    CANCELLED = "cancelled", "취소"


def payable_parts(prefix: str = "") -> Q:
    """Parts whose money is final for their firm, the one home of "payable": the buyer confirmed the purchase
    (or it was confirmed automatically), or the part was cancelled or returned and refunded in full (its
    settlement entries then net to zero). `prefix` reaches the part from another model ("fulfilment__")."""
    return Q(**{f"{prefix}status": FulfilmentStatus.PURCHASE_CONFIRMED}) | Q(
        **{
            f"{prefix}status__in": [FulfilmentStatus.CANCELLED, FulfilmentStatus.RETURNED],
            f"{prefix}refunded_amount": models.F(f"{prefix}items_total"),
        }
    )


class Fulfilment(models.Model):
    """One firm's part of an order: it confirms, ships, delivers or cancels it (with a refund) on its own.

    Its sale becomes payable to the firm only on the buyer's purchase confirmation (구매확정), or automatically
    at `auto_confirm_at` (set on delivery) while no claim is open; the firm's own moves never make it payable.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfilments")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="fulfilments")
    status = models.CharField(
        max_length=20, choices=FulfilmentStatus.choices, default=FulfilmentStatus.PENDING, db_index=True
    )
    items_total = models.PositiveBigIntegerField()
    refunded_amount = models.PositiveBigIntegerField(default=0)
    carrier = models.CharField(max_length=50, blank=True)
    tracking_number = models.CharField(max_length=60, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    auto_confirm_at = models.DateTimeField(null=True, blank=True, db_index=True)
    purchase_confirmed_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "firm"], name="fulfilment_one_per_firm"),
            models.CheckConstraint(
                condition=Q(purchase_confirmed_at__isnull=True) | Q(status=FulfilmentStatus.PURCHASE_CONFIRMED),
                name="fulfilment_purchase_confirmed_at_only_when_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("items_total")), name="fulfilment_refund_at_most_total"
            ),
        ]

    @property
    def is_payable(self) -> bool:
        """payable_parts() for one loaded row."""
        if self.status == FulfilmentStatus.PURCHASE_CONFIRMED:
            return True
        return (
            self.status in (FulfilmentStatus.CANCELLED, FulfilmentStatus.RETURNED)
            and self.refunded_amount == self.items_total
        )


class ClaimKind(models.TextChoices):
    RETURN = "return", "반품 요청"
    COMPLAINT = "complaint", "불만·문의"
    REFUND = "refund", "구매확정 후 환불"  # an operator's refund of a confirmed part (e.g. a chargeback)


class ClaimStatus(models.TextChoices):
    OPEN = "open", "접수"
    ACCEPTED = "accepted", "수락 (환불)"
    REJECTED = "rejected", "거절"


class FulfilmentClaim(models.Model):
    """A buyer's return request or complaint on a delivered part, or an operator's refund after confirmation.

    While one is open the part cannot be confirmed automatically. Accepted: `refund_amount` goes back to the
    buyer (and is booked against the firm's balance). Rejected (operators only): the part is confirmed.
    """

    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=ClaimKind.choices)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    reason = models.CharField(max_length=500)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)
    refund_amount = models.PositiveBigIntegerField(default=0)
    refund_id = models.CharField(max_length=100, blank=True)  # the gateway's refund, once it is booked

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            # A buyer claims a part once; an operator's refunds after confirmation may be several.
            models.UniqueConstraint(
                fields=["fulfilment"], condition=~Q(kind="refund"), name="claim_one_buyer_claim_per_part"
            ),
            models.CheckConstraint(
                condition=Q(refund_amount=0) | Q(status="accepted"), name="claim_refund_only_when_accepted"
            ),
        ]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, null=True, on_delete=models.SET_NULL, related_name="order_lines")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="order_lines")
    # Facts at the time of sale, for reports: a later change to the product or firm does not rewrite them.
    title = models.CharField(max_length=200)
    sku = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=20)
    unit_price = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    line_total = models.PositiveBigIntegerField()
    firm_kind = models.CharField(max_length=30)
    firm_district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(line_total=models.F("unit_price") * models.F("quantity")), name="order_line_total_adds_up"
            )
        ]


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", "예약"
    COMMITTED = "committed", "확정"
    RELEASED = "released", "해제"


class StockReservation(models.Model):
    """Stock taken from a product when the order was placed: committed by payment, returned on release."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="reservations")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=ReservationStatus.choices, default=ReservationStatus.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "product"], name="reservation_one_per_line")]


class OrderEvent(models.Model):
    """Every change of an order or fulfilment: what, who (None for the system or the gateway), when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    fulfilment = models.ForeignKey(Fulfilment, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
