"""Reads of the catalogue. Lists prefetch what their serializers show, so a page costs a fixed number of queries."""

from django.db.models import Aggregate, CharField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.query import ModelIterable

from market.catalog.models import Category, Product, ProductImage
from market.catalog.pricing import price_tiers_prefetch
from market.firms.models import Designation


class _CommaJoined(Aggregate):
    """Values joined with commas, on SQLite (GROUP_CONCAT) and PostgreSQL (STRING_AGG) alike."""

    function = "GROUP_CONCAT"
    allow_distinct = True
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s%(expressions)s, ',')",
            **extra_context,
        )


class _WithFirmKinds(ModelIterable):
    """Gives each product's (select_related) firm the kinds annotated on the product, as `valid_kinds`."""

    def __iter__(self):
        for product in super().__iter__():
            product.firm.valid_kinds = sorted(product.firm_valid_kinds.split(",")) if product.firm_valid_kinds else []
            yield product


def product_list_public() -> QuerySet[Product]:
    """Public products with what a card or a product page shows: a page costs the count and four queries.

    The firm's valid designation kinds come with the product row (a correlated subquery) instead of one more
    prefetch of designations, so a page of any size is the count, the products, tags, images and price tiers."""
    firm_kinds = (
        Designation.objects.valid()
        .filter(firm=OuterRef("firm_id"))
        .values("firm")
        .annotate(kinds=_CommaJoined("kind", distinct=True))
        .values("kinds")
    )
    queryset = (
        Product.objects.public()
        .order_by("-published_at", "-id")
        .select_related("firm", "firm__district", "category")
        .annotate(firm_valid_kinds=Subquery(firm_kinds))
        .prefetch_related(
            "tags",
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            price_tiers_prefetch(),
        )
    )
    queryset._iterable_class = _WithFirmKinds
    return queryset


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
