"""Reads of the catalogue. Lists prefetch what their serializers show, so a page costs a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from market.catalog.models import Category, Product, ProductImage
from market.catalog.pricing import price_tiers_prefetch
from market.firms.models import Designation


def product_list_public() -> QuerySet[Product]:
    return (
        Product.objects.public()
        .order_by("-published_at", "-id")
        .select_related("firm", "firm__district", "category")
        .prefetch_related(
            "tags",
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("firm__designations", queryset=Designation.objects.valid(), to_attr="valid_designations"),
            price_tiers_prefetch(),
        )
    )


def product_list_for_firm(*, firm) -> QuerySet[Product]:
    return (
        Product.objects.filter(firm=firm)
        .select_related("firm", "firm__district", "category")
        .prefetch_related(
            "tags", Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")), price_tiers_prefetch()
        )
    )


def category_tree() -> list[dict]:
    """The whole tree in one query, as nested dicts."""
    nodes = {}
    roots = []
    for category in Category.objects.order_by("path"):
        node = {"category": category, "children": []}
        nodes[category.pk] = node
        (nodes[category.parent_id]["children"] if category.parent_id else roots).append(node)
    for node in nodes.values():
        node["children"].sort(key=lambda child: (child["category"].position, child["category"].pk))
    roots.sort(key=lambda root: (root["category"].position, root["category"].pk))
    return roots
