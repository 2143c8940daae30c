"""Writes of orders: carts, placement with stock reservation, state changes of orders and fulfilments.

States only move forward, through these functions; each change is recorded as an OrderEvent with who and when.
Prices always come from the server.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.crypto import get_random_string

from market.catalog.models import Product
from market.core.errors import ApplicationError, Conflict, NotFound
from market.core.events import announce_products_changed, enqueue_on_commit
from market.firms.models import Designation, FirmKind
from market.payments.provider import check_krw_amount
from market.orders.models import (
    BuyerKind,
    Cart,
    CartItem,
    Fulfilment,
    FulfilmentStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ReservationStatus,
    StockReservation,
)

MAX_CART_LINES = 100
# When a firm holds several designations, the one a sale is reported under (the strongest first).
FIRM_KIND_PRIORITY = [FirmKind.SOCIAL_ENTERPRISE, FirmKind.SOCIAL_COOPERATIVE, FirmKind.PRE_SOCIAL_REGIONAL,
                      FirmKind.PRE_SOCIAL_MINISTRY, FirmKind.VILLAGE_ENTERPRISE, FirmKind.SELF_SUFFICIENCY,
                      FirmKind.COOPERATIVE, FirmKind.SOCIAL_VENTURE]
# Allowed moves of a fulfilment; anything else is refused.
FULFILMENT_MOVES = {
    FulfilmentStatus.PENDING: {FulfilmentStatus.CONFIRMED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.CONFIRMED: {FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.SHIPPED: {FulfilmentStatus.DELIVERED},
    FulfilmentStatus.DELIVERED: set(),
    FulfilmentStatus.CANCELLED: set(),
}


def record_event(*, order, kind, actor=None, fulfilment=None, from_status="", to_status="", note="") -> OrderEvent:
    return OrderEvent.objects.create(order=order, fulfilment=fulfilment, actor=actor, kind=kind,
                                     from_status=from_status, to_status=to_status, note=note[:500])


# --- carts -----------------------------------------------------------------------------------------------
def cart_for(*, user=None, session_key: str | None = None, create: bool = True) -> Cart | None:
    if user is not None and user.is_authenticated:
        return Cart.objects.get_or_create(user=user)[0] if create else Cart.objects.filter(user=user).first()
    if not session_key:
        return None
    if create:
        return Cart.objects.get_or_create(session_key=session_key)[0]
    return Cart.objects.filter(session_key=session_key).first()


def _sellable_product(product_id: int) -> Product:
    product = Product.objects.public().select_related("firm").filter(pk=product_id).first()
    if product is None:
        raise NotFound(f"Product {product_id} is not on sale.", code="product_not_available", field="product")
    return product


def _check_quantity(product: Product, quantity: int, *, field: str = "quantity") -> None:
    problem = {"field": field, "product_id": product.pk}
    if quantity < product.min_order_quantity:
        message = f"{product.title}: order at least {product.min_order_quantity}{product.unit}."
        raise ApplicationError(message, code="below_minimum_quantity", field=field,
                               details=[{**problem, "code": "below_minimum_quantity", "message": message}])
    if quantity > product.stock:
        message = f"{product.title}: only {product.stock}{product.unit} left."
        raise Conflict(message, code="insufficient_stock", field=field,
                       details=[{**problem, "code": "insufficient_stock", "message": message}])


@transaction.atomic
def cart_set_item(*, cart: Cart, product_id: int, quantity: int) -> Cart:
    """Put `quantity` of a product in the cart (0 removes it)."""
    if quantity < 0:
        raise ApplicationError("quantity must not be negative.", code="out_of_range", field="quantity")
    if quantity == 0:
        CartItem.objects.filter(cart=cart, product_id=product_id).delete()
        return cart
    product = _sellable_product(product_id)
    _check_quantity(product, quantity)
    if not CartItem.objects.filter(cart=cart, product=product).exists() and cart.items.count() >= MAX_CART_LINES:
        raise ApplicationError(f"A cart holds at most {MAX_CART_LINES} products.", code="cart_full",
                               field="product")
    CartItem.objects.update_or_create(cart=cart, product=product, defaults={"quantity": quantity})
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return cart


@transaction.atomic
def cart_merge(*, guest_cart: Cart, user) -> Cart:
    """On sign-in the guest's items join the buyer's cart; for a product in both, the larger quantity wins."""
    cart = Cart.objects.get_or_create(user=user)[0]
    if guest_cart.pk == cart.pk:
        return cart
    for item in guest_cart.items.all():
        existing = CartItem.objects.filter(cart=cart, product_id=item.product_id).first()
        if existing is None:
            CartItem.objects.create(cart=cart, product_id=item.product_id, quantity=item.quantity)
        elif item.quantity > existing.quantity:
            existing.quantity = item.quantity
            existing.save(update_fields=["quantity"])
    guest_cart.delete()
    return cart


# --- placement -------------------------------------------------------------------------------------------
def _order_number() -> str:
    return f"GM{timezone.localdate():%y%m%d}-{get_random_string(8, '23456789ABCDEFGHJKLMNPQRSTUVWXYZ')}"


def _reported_kinds(firm_ids) -> dict[int, str]:
    """The kind each firm's sales are reported under: its strongest valid designation, in one query."""
    held = {}
    for firm_id, kind in Designation.objects.valid().filter(firm_id__in=list(firm_ids)).values_list("firm_id", "kind"):
        held.setdefault(firm_id, set()).add(kind)
    return {firm_id: next((k for k in FIRM_KIND_PRIORITY if k in kinds), "") for firm_id, kinds in held.items()}


SHIPPING_FIELDS = ("name", "phone", "postal_code", "address1", "address2")


def order_place(*, buyer, cart: Cart, shipping: dict) -> Order:
    """Turn the cart into an order: reserve stock (never more than there is), split by firm, empty the cart.

    Products are locked in id order, so concurrent orders for the same products queue instead of deadlocking.
    """
    missing = [name for name in SHIPPING_FIELDS[:4] if not (shipping.get(name) or "").strip()]
    if missing:
        raise ApplicationError(f"The shipping address needs: {', '.join(missing)}.", code="required",
                               field=f"shipping.{missing[0]}")
    with transaction.atomic():
        items = list(cart.items.order_by("product_id"))
        if not items:
            raise ApplicationError("The cart is empty.", code="cart_empty", field="cart")
        # FOR NO KEY UPDATE: it still queues concurrent buyers of the same product, but it does not block the
        # key-share locks that foreign-key checks on other rows (cart items, lines) take at commit.
        locked = {
            p.pk: p for p in Product.objects.public().select_for_update(of=("self",), no_key=True)
            .select_related("firm").filter(pk__in=[i.product_id for i in items]).order_by("pk")
        }
        for item in items:
            product = locked.get(item.product_id)
            if product is None:
                message = f"A product in your cart is no longer on sale (id {item.product_id})."
                raise Conflict(message, code="product_not_available", field="items",
                               details=[{"field": "items", "product_id": item.product_id,
                                         "code": "product_not_available", "message": message}])
            _check_quantity(product, item.quantity, field="items")

        now = timezone.now()
        items_total = sum(locked[i.product_id].price * i.quantity for i in items)
        check_krw_amount(items_total)  # the card gateway's limits, before anything is reserved
        order = Order.objects.create(
            number=_order_number(), buyer=buyer, buyer_kind=BuyerKind.CITIZEN, buyer_district=buyer.district,
            items_total=items_total, total=items_total, placed_at=now,
            reservation_expires_at=now + datetime.timedelta(minutes=settings.STOCK_RESERVATION_MINUTES),
            **{f"shipping_{name}": (shipping.get(name) or "").strip() for name in SHIPPING_FIELDS},
        )
        firm_totals = {}
        for item in items:
            product = locked[item.product_id]
            firm_totals[product.firm_id] = firm_totals.get(product.firm_id, 0) + product.price * item.quantity
        fulfilments = {f.firm_id: f for f in Fulfilment.objects.bulk_create(
            [Fulfilment(order=order, firm_id=firm_id, items_total=total) for firm_id, total in firm_totals.items()])}
        kinds = _reported_kinds(firm_totals)
        OrderLine.objects.bulk_create([
            OrderLine(order=order, fulfilment=fulfilments[p.firm_id], product=p, firm_id=p.firm_id, title=p.title,
                      sku=p.sku, unit=p.unit, unit_price=p.price, quantity=item.quantity,
                      line_total=p.price * item.quantity, firm_kind=kinds.get(p.firm_id, ""),
                      firm_district_id=p.firm.district_id)
            for item in items for p in [locked[item.product_id]]
        ])
        StockReservation.objects.bulk_create(
            [StockReservation(order=order, product_id=item.product_id, quantity=item.quantity) for item in items])
        Product.objects.filter(pk__in=[i.product_id for i in items]).update(
            stock=Case(*[When(pk=i.product_id, then=F("stock") - i.quantity) for i in items]))
        cart.items.all().delete()
        record_event(order=order, kind="placed", actor=buyer, to_status=order.status)
        announce_products_changed(*locked)
        _send_email(order, "placed")
    return order


def _send_email(order: Order, kind: str, **context) -> None:
    from market.orders.tasks import send_order_email

    enqueue_on_commit(send_order_email, order.pk, kind, context)


def _release_reservations(order: Order) -> list[int]:
    """Give the order's active reservations back to stock; returns the products touched."""
    touched = []
    for reservation in order.reservations.select_for_update().filter(status=ReservationStatus.ACTIVE):
        Product.objects.filter(pk=reservation.product_id).update(stock=F("stock") + reservation.quantity)
        reservation.status = ReservationStatus.RELEASED
        reservation.settled_at = timezone.now()
        reservation.save(update_fields=["status", "settled_at"])
        touched.append(reservation.product_id)
    announce_products_changed(*touched)
    return touched


def lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)


@transaction.atomic
def order_mark_paid(*, order_id: int) -> Order:
    """Payment succeeded: commit the reservations and open the fulfilments to their firms."""
    order = lock_order(order_id)
    if order.status != OrderStatus.PENDING_PAYMENT:
        return order  # already done (a replayed or late event)
    order.reservations.filter(status=ReservationStatus.ACTIVE).update(
        status=ReservationStatus.COMMITTED, settled_at=timezone.now())
    order.status = OrderStatus.PAID
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "paid_at"])
    record_event(order=order, kind="paid", from_status=OrderStatus.PENDING_PAYMENT, to_status=OrderStatus.PAID)
    # Search ranks by recent sales: the products sold are indexed again.
    announce_products_changed(*order.lines.exclude(product=None).values_list("product_id", flat=True))
    _send_email(order, "paid")
    return order


@transaction.atomic
def order_end_unpaid(*, order_id: int, status: str, actor=None, note: str = "") -> Order:
    """Cancel (buyer or payment cancelled) or expire an unpaid order, returning its stock."""
    order = lock_order(order_id)
    if order.status != OrderStatus.PENDING_PAYMENT:
        return order
    _release_reservations(order)
    previous, order.status = order.status, status
    order.save(update_fields=["status"])
    order.fulfilments.update(status=FulfilmentStatus.CANCELLED, cancelled_at=timezone.now(),
                             cancel_reason=note[:300])
    record_event(order=order, kind=status, actor=actor, from_status=previous, to_status=status, note=note)
    return order


def orders_due_to_expire(*, now=None):
    return Order.objects.filter(status=OrderStatus.PENDING_PAYMENT,
                                reservation_expires_at__lt=now or timezone.now()).values_list("pk", flat=True)


# --- fulfilments ------------------------------------------------------------------------------------------
def _move(fulfilment: Fulfilment, to_status: str, actor) -> str:
    if fulfilment.order.status != OrderStatus.PAID:
        raise Conflict("This order is not paid (or is closed); its parts cannot move.", code="order_not_paid")
    if to_status not in FULFILMENT_MOVES[fulfilment.status]:
        raise Conflict(f"A {fulfilment.get_status_display()} fulfilment cannot become {to_status}.",
                       code="invalid_transition", field="status")
    previous = fulfilment.status
    fulfilment.status = to_status
    return previous


def lock_fulfilment(fulfilment_id: int) -> Fulfilment:
    return Fulfilment.objects.select_for_update().select_related("order").get(pk=fulfilment_id)


def _close_order_if_done(order: Order) -> None:
    open_parts = order.fulfilments.exclude(status__in=[FulfilmentStatus.DELIVERED, FulfilmentStatus.CANCELLED])
    if not open_parts.exists():
        order.status = OrderStatus.CLOSED
        order.save(update_fields=["status"])
        record_event(order=order, kind="closed", from_status=OrderStatus.PAID, to_status=OrderStatus.CLOSED)


@transaction.atomic
def fulfilment_confirm(*, fulfilment_id: int, actor) -> Fulfilment:
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.CONFIRMED, actor)
    fulfilment.confirmed_at = timezone.now()
    fulfilment.save(update_fields=["status", "confirmed_at"])
    record_event(order=fulfilment.order, fulfilment=fulfilment, kind="confirmed", actor=actor,
                 from_status=previous, to_status=fulfilment.status)
    return fulfilment


@transaction.atomic
def fulfilment_ship(*, fulfilment_id: int, actor, carrier: str, tracking_number: str) -> Fulfilment:
    if not carrier.strip() or not tracking_number.strip():
        raise ApplicationError("Give the carrier and the tracking number.", code="required",
                               field="carrier" if not carrier.strip() else "tracking_number")
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.SHIPPED, actor)
    fulfilment.carrier, fulfilment.tracking_number = carrier.strip(), tracking_number.strip()
    fulfilment.shipped_at = timezone.now()
    fulfilment.save(update_fields=["status", "carrier", "tracking_number", "shipped_at"])
    record_event(order=fulfilment.order, fulfilment=fulfilment, kind="shipped", actor=actor, from_status=previous,
                 to_status=fulfilment.status, note=f"{fulfilment.carrier} {fulfilment.tracking_number}")
    _send_email(fulfilment.order, "shipped", fulfilment_id=fulfilment.pk)
    return fulfilment


@transaction.atomic
def fulfilment_deliver(*, fulfilment_id: int, actor) -> Fulfilment:
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.DELIVERED, actor)
    fulfilment.delivered_at = timezone.now()
    fulfilment.save(update_fields=["status", "delivered_at"])
    record_event(order=fulfilment.order, fulfilment=fulfilment, kind="delivered", actor=actor,
                 from_status=previous, to_status=fulfilment.status)
    _close_order_if_done(fulfilment.order)
    return fulfilment


@transaction.atomic
def fulfilment_mark_cancelled(*, fulfilment_id: int, actor, reason: str) -> Fulfilment:
    """Cancel a firm's part and return its stock. The refund of that part is the payments app's job
    (market.payments.services.fulfilment_cancel_and_refund calls this first)."""
    if not reason.strip():
        raise ApplicationError("Say why the part is cancelled; the buyer will read it.", code="reason_required",
                               field="reason")
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.CANCELLED, actor)
    fulfilment.cancelled_at = timezone.now()
    fulfilment.cancel_reason = reason.strip()[:300]
    fulfilment.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    touched = []
    for line in fulfilment.lines.exclude(product=None):
        Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.quantity)
        touched.append(line.product_id)
    announce_products_changed(*touched)
    record_event(order=fulfilment.order, fulfilment=fulfilment, kind="cancelled", actor=actor,
                 from_status=previous, to_status=fulfilment.status, note=reason)
    _close_order_if_done(fulfilment.order)
    return fulfilment
