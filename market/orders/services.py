"""Writes of orders: carts, placement with stock reservation, state changes of orders and fulfilments.

States only move forward, through these functions; each change is recorded as an OrderEvent with who and when.
Prices always come from the server.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
)
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from market.catalog.models import Product, on_sale_condition
from market.catalog.pricing import minimum_quantity_refusal, prefetch_price_tiers, price_tiers_exist, unit_price_for
from market.core.compiled import Param, compiled_rows
from market.core.db import retry_on_deadlock
from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.core.events import announce_products_changed, enqueue_on_commit
from market.core.limits import check_length
from market.firms.models import FirmMember
from market.firms.selectors import firm_reported_kind
from market.orders.models import (
    BuyerKind,
    Cart,
    CartItem,
    ClaimKind,
    ClaimStatus,
    Fulfilment,
    FulfilmentClaim,
    FulfilmentStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ReservationStatus,
    StockReservation,
)
from market.orders.placement import Placement, StockChanged, write_placement
from market.orders.rules import cancel_refusal, claim_refusal, move_refusal, purchase_confirmation_refusal
from market.payments.provider import check_krw_amount

MAX_CART_LINES = 100
# Where a part stops; its order closes when every part is in one of these.
FULFILMENT_FINAL = [FulfilmentStatus.PURCHASE_CONFIRMED, FulfilmentStatus.RETURNED, FulfilmentStatus.CANCELLED]


def record_event(*, order, kind, actor=None, fulfilment=None, from_status="", to_status="", note="") -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        fulfilment=fulfilment,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note[:500],
    )


# --- carts -----------------------------------------------------------------------------------------------
def cart_for(*, user=None, session_key: str | None = None, create: bool = True) -> Cart | None:
    if user is not None and user.is_authenticated:
        return Cart.objects.get_or_create(user=user)[0] if create else Cart.objects.filter(user=user).first()
    if not session_key:
        return None
    if create:
        return Cart.objects.get_or_create(session_key=session_key)[0]
    return Cart.objects.filter(session_key=session_key).first()


def _not_on_sale(product_id) -> NotFound:
    return NotFound(
        _("Product %(product_id)s is not on sale.") % {"product_id": product_id},
        code="product_not_available",
        field="product",
    )


def _check_quantity(product: Product, quantity: int, *, field: str = "quantity") -> None:
    problem = {"field": field, "product_id": product.pk}
    refusal = minimum_quantity_refusal(product, quantity, field=field)
    if refusal is not None:
        raise refusal
    if quantity > product.stock:
        message = _("%(title)s: only %(stock)s%(unit)s left.") % {
            "title": product.title,
            "stock": product.stock,
            "unit": product.unit,
        }
        raise Conflict(
            message,
            code="insufficient_stock",
            field=field,
            details=[{**problem, "code": "insufficient_stock", "message": message}],
        )


def _check_not_own_firm(products) -> None:
    """A firm's members do not buy from their own firm: the sale would be revenue the firm pays itself, and would
    lift its sales figures and its search ranking (recent sales) with nothing sold. `products` carry the
    `own_firm` annotation (_buyers_own_firm)."""
    own = [p for p in products if p.own_firm]
    if own:
        message = _("%(title)s is your own firm's product; a firm's members cannot buy from it.") % {
            "title": own[0].title
        }
        raise ApplicationError(
            message,
            code="own_firm_product",
            field="items",
            details=[
                {"field": "items", "product_id": p.pk, "code": "own_firm_product", "message": message} for p in own
            ],
        )


def _buyers_own_firm(buyer_id) -> Exists:
    """Whether the product's firm is one the buyer is a member of, as an annotation."""
    return Exists(FirmMember.objects.filter(user_id=buyer_id, firm_id=OuterRef("firm_id")))


_CART_READS = ("id", "title", "stock", "unit", "min_order_quantity")


def _cart_product_query():
    """The product if it is on sale (public()), with whether the cart holds it already and
    how many lines the cart has."""
    in_cart = CartItem.objects.filter(cart_id=Param("cart", BigIntegerField()))
    return (
        Product.objects.public()
        .filter(pk=Param("product", BigIntegerField()))
        .annotate(
            already_in_cart=Exists(in_cart.filter(product_id=OuterRef("pk"))),
            cart_lines=Subquery(in_cart.order_by().values("cart_id").annotate(n=Count("pk")).values("n")[:1]),
        )
        .values(*_CART_READS, "already_in_cart", "cart_lines")
    )


@transaction.atomic
def cart_set_item(*, cart: Cart, product_id: int, quantity: int) -> Cart:
    """Put `quantity` of a product in the cart (0 removes it)."""
    if quantity < 0:
        raise ApplicationError(_("quantity must not be negative."), code="out_of_range", field="quantity")
    if quantity == 0:
        CartItem.objects.filter(cart=cart, product_id=product_id).delete()
        return cart
    # Three statements (a checkout puts every product in the cart this way): the product with what the limit
    # needs to know of the cart, the upsert of the line, the cart's time. The first is compiled once per process
    # (market/core/compiled.py): building it cost more Python than the rest of the call.
    # An id past a database integer names no product (the ORM's filter says so itself; a kept query's value is
    # sent as it is, which SQLite refuses).
    in_range = 0 < product_id < 2**63
    rows = in_range and compiled_rows(
        ("orders", "cart_set_item"), _cart_product_query, cart=cart.pk, product=product_id
    )
    if not rows:
        raise _not_on_sale(product_id)
    product = Product(**{name: rows[0][name] for name in _CART_READS})
    product.already_in_cart, product.cart_lines = rows[0]["already_in_cart"], rows[0]["cart_lines"]
    _check_quantity(product, quantity)
    if not product.already_in_cart and (product.cart_lines or 0) >= MAX_CART_LINES:
        raise ApplicationError(
            _("A cart holds at most %(limit)s products.") % {"limit": MAX_CART_LINES}, code="cart_full", field="product"
        )
    CartItem.objects.bulk_create(
        [CartItem(cart=cart, product=product, quantity=quantity)],
        update_conflicts=True,
        unique_fields=["cart", "product"],
        update_fields=["quantity"],
    )
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


def cart_refill(*, cart: Cart, order: Order) -> None:
    """Put an order's lines back in the cart (its payment could not even start), so the buyer can try again."""
    for line in order.lines.exclude(product=None).order_by("product_id"):
        CartItem.objects.get_or_create(cart=cart, product_id=line.product_id, defaults={"quantity": line.quantity})


# --- placement -------------------------------------------------------------------------------------------
def _order_number() -> str:
    return f"GM{timezone.localdate():%y%m%d}-{get_random_string(8, '23456789ABCDEFGHJKLMNPQRSTUVWXYZ')}"


SHIPPING_FIELDS = ("name", "phone", "postal_code", "address1", "address2")


# What placing reads of each product in the cart (the row itself, beside the annotations below).
_PLACING_READS = ("id", "firm_id", "title", "sku", "unit", "price", "stock", "min_order_quantity")
_PLACING_ANNOTATIONS = ("cart_quantity", "on_sale", "own_firm", "has_price_tiers", "firm_district_id", "firm_kind")


def _lock_cart_products(cart: Cart, buyer) -> list[Product]:
    """The products in the cart, locked, in id order, in one statement: each with the quantity in the cart and
    everything placing needs to check and price it (on sale?, the buyer's own firm?, tiers?, the firm's
    district and the kind its sales are reported under).

    FOR NO KEY UPDATE: it still queues concurrent buyers of the same product, but it does not block the key-share
    locks that foreign-key checks on other rows (cart items, lines) take at commit. Every product in the cart is
    locked, also one no longer on sale, which is then refused. The tiers are read after the rows are locked: a
    seller replaces them under the product's lock, so the prices charged are the ones in force while the stock
    is reserved. The query is compiled once per process (market/core/compiled.py): building it was half of
    order_place's Python time, spent while holding the locks.
    """

    def build():
        in_cart = CartItem.objects.filter(cart_id=Param("cart", BigIntegerField()))
        return (
            Product.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in=in_cart.values("product_id"))
            .annotate(
                cart_quantity=Subquery(in_cart.filter(product_id=OuterRef("pk")).values("quantity")[:1]),
                on_sale=ExpressionWrapper(on_sale_condition(), output_field=BooleanField()),
                own_firm=_buyers_own_firm(Param("buyer", BigIntegerField())),
                has_price_tiers=price_tiers_exist(),
                firm_district_id=F("firm__district_id"),
                firm_kind=firm_reported_kind(OuterRef("firm_id"), on=Param("today", DateField())),
            )
            .order_by("pk")
            .values(*_PLACING_READS, *_PLACING_ANNOTATIONS)
        )

    rows = compiled_rows(
        ("orders", "lock_cart_products"), build, cart=cart.pk, buyer=buyer.pk, today=timezone.localdate()
    )
    products = []
    for row in rows:
        product = Product(**{name: row[name] for name in _PLACING_READS})
        for name in _PLACING_ANNOTATIONS:
            setattr(product, name, row[name])
        products.append(product)
    prefetch_price_tiers(products)
    return products


@retry_on_deadlock
def order_place(*, buyer, cart: Cart, shipping: dict, notify: bool = True) -> Order:
    """Turn the cart into an order: reserve stock (never more than there is), split by firm, empty the cart.
    notify=False leaves the "order placed" e-mail to the caller (checkout sends it once the payment has started).

    Products are locked in id order, so concurrent orders for the same products queue instead of deadlocking.
    While they are locked, every round trip holds up the other buyers of the same products: reading and
    locking is one statement (two when a product has price tiers) and writing is one more (placement.py).
    """
    missing = [name for name in SHIPPING_FIELDS[:4] if not (shipping.get(name) or "").strip()]
    if missing:
        raise ApplicationError(
            _("The shipping address needs: %(items)s.") % {"items": ", ".join(missing)},
            code="required",
            field=f"shipping.{missing[0]}",
        )
    with transaction.atomic():
        products = _lock_cart_products(cart, buyer)
        if not products:
            raise ApplicationError(_("The cart is empty."), code="cart_empty", field="cart")
        for product in products:
            if not product.on_sale:
                message = _("A product in your cart is no longer on sale (id %(id)s).") % {"id": product.pk}
                raise Conflict(
                    message,
                    code="product_not_available",
                    field="items",
                    details=[
                        {
                            "field": "items",
                            "product_id": product.pk,
                            "code": "product_not_available",
                            "message": message,
                        }
                    ],
                )
            _check_quantity(product, product.cart_quantity, field="items")
        _check_not_own_firm(products)

        now = timezone.now()
        unit_prices = {p.pk: unit_price_for(p, p.cart_quantity) for p in products}
        items_total = sum(unit_prices[p.pk] * p.cart_quantity for p in products)
        check_krw_amount(items_total)  # the card gateway's limits, before anything is reserved
        order = Order(
            number=_order_number(),
            buyer=buyer,
            buyer_kind=BuyerKind.CITIZEN,
            buyer_district_id=buyer.district_id,
            items_total=items_total,
            total=items_total,
            placed_at=now,
            reservation_expires_at=now + datetime.timedelta(minutes=settings.STOCK_RESERVATION_MINUTES),
            **{f"shipping_{name}": (shipping.get(name) or "").strip() for name in SHIPPING_FIELDS},
        )
        firm_totals = {}
        for p in products:
            firm_totals[p.firm_id] = firm_totals.get(p.firm_id, 0) + unit_prices[p.pk] * p.cart_quantity
        placement = Placement(
            order=order,
            fulfilments=[Fulfilment(firm_id=firm_id, items_total=total) for firm_id, total in firm_totals.items()],
            lines=[
                OrderLine(
                    product=p,
                    firm_id=p.firm_id,
                    title=p.title,
                    sku=p.sku,
                    unit=p.unit,
                    unit_price=unit_prices[p.pk],
                    quantity=p.cart_quantity,
                    line_total=unit_prices[p.pk] * p.cart_quantity,
                    firm_kind=p.firm_kind or "",
                    firm_district_id=p.firm_district_id,
                )
                for p in products
            ],
            reservations=[StockReservation(product=p, quantity=p.cart_quantity) for p in products],
            event=OrderEvent(actor=buyer, kind="placed", to_status=order.status),
            cart_id=cart.pk,
            taken={p.pk: p.cart_quantity for p in products},
        )
        try:
            write_placement(placement)
        except StockChanged:
            # Not reachable while the rows are locked; should it be, nothing of the order is kept.
            raise Conflict(
                _("The stock changed while the order was being placed; please try again."), code="insufficient_stock"
            ) from None
        announce_products_changed(*[p.pk for p in products])
        if notify:
            order_notify_placed(order)
    return order


def order_notify_placed(order: Order) -> None:
    _send_email(order, "placed")


def _send_email(order: Order, kind: str, **context) -> None:
    from market.orders.tasks import send_order_email

    enqueue_on_commit(send_order_email, order.pk, kind, context)


def _release_reservations(order: Order) -> list[int]:
    """Give the order's active reservations back to stock; returns the products touched."""
    touched = []
    # In product order, as placement locks them, so the two cannot deadlock.
    for reservation in (
        order.reservations.select_for_update().filter(status=ReservationStatus.ACTIVE).order_by("product_id")
    ):
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
        status=ReservationStatus.COMMITTED, settled_at=timezone.now()
    )
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
    order.fulfilments.update(status=FulfilmentStatus.CANCELLED, cancelled_at=timezone.now(), cancel_reason=note[:300])
    record_event(order=order, kind=status, actor=actor, from_status=previous, to_status=status, note=note)
    return order


@transaction.atomic
def order_cancel(*, order_id: int, buyer) -> Order:
    """The buyer cancels their unpaid order; its stock goes back. Checked under the order's lock, so a payment
    that lands first is refused here rather than silently ignored."""
    order = lock_order(order_id)
    if order.buyer_id != buyer.pk:
        raise NotFound(_("No such order."), code="not_found")
    if refusal := cancel_refusal(order):
        raise refusal
    return order_end_unpaid(order_id=order.pk, status=OrderStatus.CANCELLED, actor=buyer, note="구매자가 취소했습니다.")


def orders_due_to_expire(*, now=None):
    return Order.objects.filter(
        status=OrderStatus.PENDING_PAYMENT, reservation_expires_at__lt=now or timezone.now()
    ).values_list("pk", flat=True)


# --- fulfilments ------------------------------------------------------------------------------------------
def _move(fulfilment: Fulfilment, to_status: str, actor) -> str:
    if refusal := move_refusal(fulfilment, to_status):
        raise refusal
    previous = fulfilment.status
    fulfilment.status = to_status
    return previous


def lock_fulfilment(fulfilment_id: int) -> Fulfilment:
    return Fulfilment.objects.select_for_update().select_related("order").get(pk=fulfilment_id)


def _close_order_if_done(order: Order) -> None:
    if order.status != OrderStatus.PAID:
        return
    open_parts = order.fulfilments.exclude(status__in=FULFILMENT_FINAL)
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
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="confirmed",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
    )
    return fulfilment


@transaction.atomic
def fulfilment_ship(*, fulfilment_id: int, actor, carrier: str, tracking_number: str) -> Fulfilment:
    if not carrier.strip() or not tracking_number.strip():
        raise ApplicationError(
            _("Give the carrier and the tracking number."),
            code="required",
            field="carrier" if not carrier.strip() else "tracking_number",
        )
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.SHIPPED, actor)
    fulfilment.carrier, fulfilment.tracking_number = carrier.strip(), tracking_number.strip()
    fulfilment.shipped_at = timezone.now()
    fulfilment.save(update_fields=["status", "carrier", "tracking_number", "shipped_at"])
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="shipped",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
        note=f"{fulfilment.carrier} {fulfilment.tracking_number}",
    )
    _send_email(fulfilment.order, "shipped", fulfilment_id=fulfilment.pk)
    return fulfilment


@transaction.atomic
def fulfilment_deliver(*, fulfilment_id: int, actor) -> Fulfilment:
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.DELIVERED, actor)
    fulfilment.delivered_at = timezone.now()
    # The buyer's window to confirm or claim; the sale is not the firm's before it ends (or the buyer confirms).
    fulfilment.auto_confirm_at = fulfilment.delivered_at + datetime.timedelta(days=settings.ORDER_AUTO_CONFIRM_DAYS)
    fulfilment.save(update_fields=["status", "delivered_at", "auto_confirm_at"])
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="delivered",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
    )
    _send_email(fulfilment.order, "delivered", fulfilment_id=fulfilment.pk)
    return fulfilment


@transaction.atomic
def fulfilment_mark_cancelled(*, fulfilment_id: int, actor, reason: str) -> Fulfilment:
    """Cancel a firm's part and return its stock. The refund of that part is the payments app's job
    (market.payments.services.fulfilment_cancel_and_refund calls this first)."""
    if not reason.strip():
        raise ApplicationError(
            _("Say why the part is cancelled; the buyer will read it."), code="reason_required", field="reason"
        )
    fulfilment = lock_fulfilment(fulfilment_id)
    previous = _move(fulfilment, FulfilmentStatus.CANCELLED, actor)
    fulfilment.cancelled_at = timezone.now()
    fulfilment.cancel_reason = check_length(
        reason.strip(), model=Fulfilment, field="cancel_reason", input_field="reason"
    )
    fulfilment.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    touched = []
    for line in fulfilment.lines.exclude(product=None).order_by("product_id"):  # placement's lock order
        Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.quantity)
        touched.append(line.product_id)
    announce_products_changed(*touched)
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="cancelled",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
        note=reason,
    )
    _close_order_if_done(fulfilment.order)
    return fulfilment


# --- purchase confirmation (구매확정) and claims -------------------------------------------------------------
# A delivered part's sale becomes the firm's (payable) only through these: the buyer's confirmation, the
# automatic one when the window after delivery ends with no claim open, or an operator's decision on a claim.
def _lock_buyers_part(fulfilment_id: int, buyer) -> Fulfilment:
    """Lock a part of the buyer's own order; any other part is simply not found."""
    fulfilment = Fulfilment.objects.select_for_update().select_related("order").filter(pk=fulfilment_id).first()
    if fulfilment is None or fulfilment.order.buyer_id != buyer.pk:
        raise NotFound(_("No such part in your orders."), code="not_found")
    return fulfilment


def _purchase_confirm(fulfilment: Fulfilment, *, actor, at, note: str = "") -> None:
    previous = _move(fulfilment, FulfilmentStatus.PURCHASE_CONFIRMED, actor)
    fulfilment.purchase_confirmed_at = at
    fulfilment.save(update_fields=["status", "purchase_confirmed_at"])
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="purchase_confirmed",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
        note=note,
    )
    _close_order_if_done(fulfilment.order)


@transaction.atomic
def fulfilment_confirm_purchase(*, fulfilment_id: int, buyer) -> Fulfilment:
    """The buyer's 구매확정: the part arrived as ordered, so its sale becomes payable to the firm.

    Confirming again changes nothing (a repeated click); with a claim open the claim must be resolved first.
    """
    fulfilment = _lock_buyers_part(fulfilment_id, buyer)
    if fulfilment.status == FulfilmentStatus.PURCHASE_CONFIRMED:
        return fulfilment
    if refusal := purchase_confirmation_refusal(fulfilment):
        raise refusal
    _purchase_confirm(fulfilment, actor=buyer, at=timezone.now())
    return fulfilment


def fulfilments_due_for_auto_confirm(*, now=None):
    """Delivered parts whose window ended with no claim open (a claim moves the part to CLAIMED)."""
    return (
        Fulfilment.objects.filter(status=FulfilmentStatus.DELIVERED, auto_confirm_at__lte=now or timezone.now())
        .order_by("auto_confirm_at", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def fulfilment_auto_confirm(*, fulfilment_id: int, now=None) -> bool:
    """Confirm one due part, under its row lock; False when it was confirmed, claimed or not due meanwhile."""
    now = now or timezone.now()
    fulfilment = lock_fulfilment(fulfilment_id)
    if (
        fulfilment.status != FulfilmentStatus.DELIVERED
        or fulfilment.auto_confirm_at is None
        or fulfilment.auto_confirm_at > now
    ):
        return False
    _purchase_confirm(fulfilment, actor=None, at=now, note="배송 완료 후 기한이 지나 자동 구매확정")
    return True


def purchases_auto_confirm(*, now=None) -> int:
    """The beat's sweep: every due part in its own transaction; returns how many were confirmed now."""
    return sum(
        fulfilment_auto_confirm(fulfilment_id=pk, now=now) for pk in list(fulfilments_due_for_auto_confirm(now=now))
    )


@transaction.atomic
def claim_open(*, fulfilment_id: int, buyer, kind: str, reason: str) -> FulfilmentClaim:
    """The buyer asks to return a delivered part, or complains about it, before confirming the purchase.

    The part stops waiting for automatic confirmation until the claim is resolved. One claim per part.
    """
    if kind not in (ClaimKind.RETURN, ClaimKind.COMPLAINT):
        raise ApplicationError(
            _("kind must be %(return)s or %(complaint)s.")
            % {"return": ClaimKind.RETURN, "complaint": ClaimKind.COMPLAINT},
            code="invalid_choice",
            field="kind",
        )
    if not reason.strip():
        raise ApplicationError(
            _("Say what is wrong; the seller and the operators will read it."), code="reason_required", field="reason"
        )
    fulfilment = _lock_buyers_part(fulfilment_id, buyer)
    now = timezone.now()
    if refusal := claim_refusal(fulfilment, now=now):
        raise refusal
    previous = _move(fulfilment, FulfilmentStatus.CLAIMED, buyer)
    fulfilment.save(update_fields=["status"])
    reason = check_length(reason.strip(), model=FulfilmentClaim, field="reason")
    claim = FulfilmentClaim.objects.create(
        fulfilment=fulfilment, kind=kind, reason=reason, opened_by=buyer, opened_at=now
    )
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="claim_opened",
        actor=buyer,
        from_status=previous,
        to_status=fulfilment.status,
        note=f"{kind}: {claim.reason}",
    )
    return claim


def _lock_open_claim(claim_id: int, actor, *, rejecting: bool) -> FulfilmentClaim:
    """Lock the claim's part, then the claim (parts are always locked first); check who may resolve it.

    Operators resolve any claim; the part's own firm may accept one (a return it takes back) but not reject it,
    so a seller can never turn a buyer's claim into a payable sale.
    """
    fulfilment_id = FulfilmentClaim.objects.filter(pk=claim_id).values_list("fulfilment_id", flat=True).first()
    fulfilment = lock_fulfilment(fulfilment_id) if fulfilment_id else None
    membership = getattr(actor, "firm_membership", None)
    own_firm = fulfilment is not None and membership is not None and membership.firm_id == fulfilment.firm_id
    if fulfilment is None or not (actor.is_staff or own_firm):
        raise NotFound(_("No such claim."), code="not_found")
    if rejecting and not actor.is_staff:
        raise PermissionDenied(_("Only an operator can reject a claim."), code="operators_only")
    claim = FulfilmentClaim.objects.select_for_update().get(pk=claim_id)
    if claim.status != ClaimStatus.OPEN:
        raise Conflict(_("This claim is already resolved."), code="claim_resolved")
    claim.fulfilment = fulfilment
    return claim


def _resolve(claim: FulfilmentClaim, *, actor, status: str, note: str, refund_amount: int = 0) -> None:
    claim.status, claim.resolved_by, claim.resolved_at = status, actor, timezone.now()
    claim.resolution_note = check_length(
        note.strip(), model=FulfilmentClaim, field="resolution_note", input_field="note"
    )
    claim.refund_amount = refund_amount
    claim.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note", "refund_amount"])


@transaction.atomic
def claim_mark_accepted(*, claim_id: int, actor, note: str = "") -> FulfilmentClaim:
    """Accept a claim: the part is returned and its whole amount is due back to the buyer. The refund itself is
    the payments app's job (market.payments.services.claim_accept_and_refund calls this first)."""
    claim = _lock_open_claim(claim_id, actor, rejecting=False)
    fulfilment = claim.fulfilment
    previous = _move(fulfilment, FulfilmentStatus.RETURNED, actor)
    fulfilment.returned_at = timezone.now()
    fulfilment.save(update_fields=["status", "returned_at"])
    _resolve(
        claim,
        actor=actor,
        status=ClaimStatus.ACCEPTED,
        note=note,
        refund_amount=fulfilment.items_total - fulfilment.refunded_amount,
    )
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="claim_accepted",
        actor=actor,
        from_status=previous,
        to_status=fulfilment.status,
        note=note or claim.reason,
    )
    _close_order_if_done(fulfilment.order)
    return claim


@transaction.atomic
def claim_reject(*, claim_id: int, actor, note: str) -> FulfilmentClaim:
    """An operator rejects a claim. The decision is final and counts as the purchase confirmation: the sale
    becomes payable at once (waiting again would only delay the firm, as the buyer cannot claim twice)."""
    if not note.strip():
        raise ApplicationError(
            _("Say why the claim is rejected; the buyer will read it."), code="reason_required", field="note"
        )
    claim = _lock_open_claim(claim_id, actor, rejecting=True)
    _resolve(claim, actor=actor, status=ClaimStatus.REJECTED, note=note)
    _purchase_confirm(claim.fulfilment, actor=actor, at=claim.resolved_at, note=f"claim rejected: {note.strip()}")
    return claim


@transaction.atomic
def claim_record_refund(*, fulfilment_id: int, actor, amount: int, reason: str) -> FulfilmentClaim:
    """An operator refunds (part of) a part after its purchase was confirmed, e.g. a chargeback or a defect found
    late. The refund is booked against the firm's next payout (market.payments.services makes it)."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only an operator can refund a confirmed purchase."), code="operators_only")
    if not reason.strip():
        raise ApplicationError(
            _("Say why the money goes back; the buyer and the firm will read it."),
            code="reason_required",
            field="reason",
        )
    fulfilment = Fulfilment.objects.select_for_update().select_related("order").filter(pk=fulfilment_id).first()
    if fulfilment is None:
        raise NotFound(_("No such part."), code="not_found")
    if fulfilment.status != FulfilmentStatus.PURCHASE_CONFIRMED:
        raise Conflict(
            _("Only a confirmed purchase is refunded this way; before that the buyer's claim is the way."),
            code="not_purchase_confirmed",
            field="status",
        )
    granted = sum(fulfilment.claims.filter(status=ClaimStatus.ACCEPTED).values_list("refund_amount", flat=True))
    refundable = fulfilment.items_total - max(granted, fulfilment.refunded_amount)
    if not 1 <= amount <= refundable:
        raise ApplicationError(
            _("The amount must be between 1 and %(refundable)s won.") % {"refundable": refundable},
            code="out_of_range",
            field="amount",
        )
    now = timezone.now()
    claim = FulfilmentClaim.objects.create(
        fulfilment=fulfilment,
        kind=ClaimKind.REFUND,
        status=ClaimStatus.ACCEPTED,
        reason=check_length(reason.strip(), model=FulfilmentClaim, field="reason"),
        opened_by=actor,
        opened_at=now,
        resolved_by=actor,
        resolved_at=now,
        refund_amount=amount,
    )
    record_event(
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind="refund_after_confirmation",
        actor=actor,
        note=f"{amount}원: {claim.reason}",
    )
    return claim
