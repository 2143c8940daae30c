"""Reads of orders, with the prefetches their views need (a fixed number of queries per page)."""

from django.db.models import Prefetch, QuerySet

from market.catalog.models import Product
from market.catalog.pricing import minimum_quantity_refusal, price_tiers_prefetch, unit_price_for
from market.orders.models import Cart, Fulfilment, Order, OrderLine


def cart_detail(cart: Cart | None) -> dict:
    """The cart as the buyer sees it: current prices (each line's unit price for its quantity, volume tiers
    applied, as checkout charges it), and a problem per line that cannot be bought now."""
    if cart is None:
        return {"lines": [], "items_total": 0, "firms": 0}
    items = list(
        cart.items.select_related("product__firm").prefetch_related(price_tiers_prefetch("product__price_tiers"))
    )
    public = set(Product.objects.public().filter(pk__in=[i.product_id for i in items]).values_list("pk", flat=True))
    lines, firms = [], set()
    for item in items:
        product = item.product
        problem = ""
        if product.pk not in public:
            problem = "판매가 중단된 상품입니다."
        elif item.quantity > product.stock:
            problem = f"재고가 {product.stock}{product.unit} 남았습니다."
        elif (refusal := minimum_quantity_refusal(product, item.quantity)) is not None:
            problem = refusal.message
        unit_price = unit_price_for(product, item.quantity)
        lines.append(
            {
                "product_id": product.pk,
                "title": product.title,
                "firm_id": product.firm_id,
                "firm_name": product.firm.name,
                "unit_price": unit_price,
                "base_price": product.price,
                "price_tiers": [
                    {"min_quantity": t.min_quantity, "unit_price": t.unit_price} for t in product.price_tiers.all()
                ],
                "unit": product.unit,
                "min_order_quantity": product.min_order_quantity,
                "stock": product.stock,
                "quantity": item.quantity,
                "line_total": unit_price * item.quantity,
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
