"""Reads of orders, with the prefetches their views need (a fixed number of queries per page)."""

from django.db.models import Prefetch, QuerySet

from market.catalog.models import Product
from market.orders.models import Cart, Fulfilment, Order, OrderLine


def cart_detail(cart: Cart | None) -> dict:
    """The cart as the buyer sees it: current prices, and a problem per line that cannot be bought now."""
    if cart is None:
        return {"lines": [], "items_total": 0, "firms": 0}
    items = list(cart.items.select_related("product__firm"))
    public = set(Product.objects.public().filter(pk__in=[i.product_id for i in items]).values_list("pk", flat=True))
    lines, firms = [], set()
    for item in items:
        product = item.product
        problem = ""
        if product.pk not in public:
            problem = "판매가 중단된 상품입니다."
        elif item.quantity > product.stock:
            problem = f"재고가 {product.stock}{product.unit} 남았습니다."
        elif item.quantity < product.min_order_quantity:
            problem = f"최소 주문 수량은 {product.min_order_quantity}{product.unit}입니다."
        lines.append(
            {
                "product_id": product.pk,
                "title": product.title,
                "firm_id": product.firm_id,
                "firm_name": product.firm.name,
                "unit_price": product.price,
                "unit": product.unit,
                "min_order_quantity": product.min_order_quantity,
                "stock": product.stock,
                "quantity": item.quantity,
                "line_total": product.price * item.quantity,
                "available": not problem,
                "problem": problem,
            }
        )
        firms.add(product.firm_id)
    return {
        "lines": lines,
        "items_total": sum(line["line_total"] for line in lines if line["available"]),
        "firms": len(firms),
    }


def order_list_for_buyer(*, buyer) -> QuerySet[Order]:
    return (
        Order.objects.filter(buyer=buyer)
        .select_related("payment")
        .prefetch_related(
            Prefetch(
                "fulfilments",
                queryset=Fulfilment.objects.select_related("firm").prefetch_related(
                    Prefetch("lines", queryset=OrderLine.objects.order_by("id")), "claims"
                ),
            ),
            "events",
        )
    )


def fulfilment_list_for_firm(*, firm) -> QuerySet[Fulfilment]:
    return (
        Fulfilment.objects.filter(firm=firm)
        .filter(order__status__in=["paid", "closed"])  # a firm sees its part once the order is paid
        .select_related("order", "firm")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")), "claims")
        .order_by("-order__placed_at", "-id")
    )
