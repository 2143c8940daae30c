"""What a buyer pays per unit for a quantity, and the least quantity a buyer may order: each rule written once.

Every place that prices or checks a quantity uses these: the citizens' cart and checkout, and agencies'
quotations and orders (which start from unit_price_for and may offer better). Tiers are read through
`product.price_tiers.all()`, so a caller pricing many products prefetches them (`with_price_tiers`) and pays
one query for all of them instead of one per line.
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from market.catalog.models import PriceTier, Product
from market.core.errors import ApplicationError


def with_price_tiers(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """The products with their tiers prefetched in quantity order (one query for the whole list)."""
    return queryset.prefetch_related(price_tiers_prefetch())


def price_tiers_prefetch(lookup: str = "price_tiers") -> Prefetch:
    """The tiers' prefetch, for a query that reaches products through a relation (e.g. "product__price_tiers")."""
    return Prefetch(lookup, queryset=PriceTier.objects.order_by("min_quantity"))


def price_tiers_exist() -> Exists:
    """Whether a product has tiers, as an annotation (`has_price_tiers`) for prefetch_price_tiers."""
    return Exists(PriceTier.objects.filter(product=OuterRef("pk")))


def prefetch_price_tiers(products: list[Product]) -> None:
    """with_price_tiers for products already read with a `has_price_tiers` annotation (price_tiers_exist): the
    tiers of those that have some in one query, none at all when no product has tiers (most carts), so that
    unit_price_for reads no row."""
    tiered = [p for p in products if p.has_price_tiers]
    prefetch_related_objects(tiered, price_tiers_prefetch())
    for product in products:
        if not product.has_price_tiers:
            # What prefetch_related_objects records for a product without tiers, minus the query.
            product.__dict__.setdefault("_prefetched_objects_cache", {})["price_tiers"] = PriceTier.objects.none()


def unit_price_for(product: Product, quantity: int) -> int:
    """The unit price in whole won for buying `quantity` units of `product` in one line.

    It is the price of the tier with the largest min_quantity not above `quantity`, or the product's own price
    when no tier applies (every quantity below the first tier). With the tiers prefetched this reads no row;
    without, it costs one query. `quantity` must be at least 1; whether it may be ordered at all (the minimum
    order, the stock) is checked elsewhere (minimum_quantity_refusal, the order's stock check).
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValueError(f"quantity must be a whole number of at least 1, not {quantity!r}")
    best = None
    for tier in product.price_tiers.all():
        if tier.min_quantity <= quantity and (best is None or tier.min_quantity > best.min_quantity):
            best = tier
    return best.unit_price if best is not None else product.price


def minimum_quantity_refusal(product: Product, quantity: int, *, field: str = "quantity") -> ApplicationError | None:
    """The error for ordering fewer than the product's minimum order quantity, or None when `quantity` is enough.

    Its code is below_minimum_quantity; its details name the field and the product, so a list's caller can tell
    which line is at fault.
    """
    if quantity >= product.min_order_quantity:
        return None
    message = _("%(title)s: order at least %(minimum)s%(unit)s.") % {
        "title": product.title,
        "minimum": product.min_order_quantity,
        "unit": product.unit,
    }
    return ApplicationError(
        message,
        code="below_minimum_quantity",
        field=field,
        details=[{"field": field, "product_id": product.pk, "code": "below_minimum_quantity", "message": message}],
    )
