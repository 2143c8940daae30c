"""Reads of the catalogue. Lists prefetch what their serializers show, so a page costs a fixed number of queries."""

import datetime
from types import SimpleNamespace

from django.db.models import Aggregate, BigIntegerField, CharField, DateField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.query import ModelIterable
from django.utils import timezone

from market.catalog.models import Category, PriceTier, Product, ProductImage, SocialValueTag
from market.catalog.pricing import price_tiers_prefetch
from market.core.compiled import Param, compiled_rows
from market.core.parsing import column_bounds
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
            product.firm.valid_kinds = _kinds_list(product.firm_valid_kinds)
            yield product


def _firm_valid_kinds(on: datetime.date | Param | None = None) -> Subquery:
    """The product's firm's designation kinds valid on a day (today by default), comma-joined, as a correlated
    subquery on the product row."""
    return Subquery(
        Designation.objects.valid(on)
        .filter(firm=OuterRef("firm_id"))
        .values("firm")
        .annotate(kinds=_CommaJoined("kind", distinct=True))
        .values("kinds")
    )


def _kinds_list(joined: str | None) -> list[str]:
    return sorted(joined.split(",")) if joined else []


def product_public_ordered() -> QuerySet[Product]:
    """Public products in the catalogue's order (newest first) with nothing else read: filter, count and page
    this, then read a page's rows with product_public_rows()."""
    return Product.objects.public().order_by("-published_at", "-id")


def product_list_public() -> QuerySet[Product]:
    """Public products with what a card or a product page shows: a page costs the count and four queries.

    The firm's valid designation kinds come with the product row (a correlated subquery) instead of one more
    prefetch of designations, so a page of any size is the count, the products, tags, images and price tiers."""
    queryset = (
        product_public_ordered()
        .select_related("firm", "firm__district", "category")
        .annotate(firm_valid_kinds=_firm_valid_kinds())
        .prefetch_related(
            "tags",
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            price_tiers_prefetch(),
        )
    )
    queryset._iterable_class = _WithFirmKinds
    return queryset


# What a public card or product page shows, read as plain values (product_public_rows).
PUBLIC_ROW_FIELDS = (
    "id",
    "title",
    "description",
    "price",
    "unit",
    "stock",
    "min_order_quantity",
    "vat_exempt",
    "published_at",
    "category_id",
    "category__slug",
    "category__name_ko",
    "category__name_en",
    "category__parent_id",
    "firm_id",
    "firm__name",
    "firm__district_id",
    "firm__district__name_ko",
    "firm__district__name_en",
    "firm__svi_grade",
)
_in_stock = Product.in_stock.fget  # the model's rule, applied to a row's values
PUBLIC_IMAGE_FIELDS = ("id", "original", "width", "height", "format", "alt_text", "position", "renditions")


def product_public_rows(products: QuerySet[Product]) -> list[dict]:
    """The rows of `products` (public products, filtered and ordered; not sliced) with what product_list_public()
    would load, as plain values instead of model instances: four queries, whatever the number of products.

    Each row has PUBLIC_ROW_FIELDS, `in_stock` (Product.in_stock), `firm_kinds` (the valid designation kinds,
    sorted), `tags` (slug, name_ko, name_en, area; in the tags' order), `images` (PUBLIC_IMAGE_FIELDS and
    processing_error; by position) and `price_tiers` (min_quantity, unit_price; by quantity). A page of a long
    list: product_public_page()."""
    rows = products.annotate(firm_valid_kinds=_firm_valid_kinds()).values(*PUBLIC_ROW_FIELDS, "firm_valid_kinds")
    return _with_relations(list(rows))


def _tag_rows(**products) -> QuerySet:
    return (
        Product.tags.through.objects.filter(**products)
        .order_by(*(f"socialvaluetag__{name}" for name in SocialValueTag._meta.ordering), "socialvaluetag_id")
        .values(
            "product_id",
            "socialvaluetag__slug",
            "socialvaluetag__name_ko",
            "socialvaluetag__name_en",
            "socialvaluetag__area",
        )
    )


def _image_rows(**products) -> QuerySet:
    return (
        ProductImage.objects.filter(**products)
        .order_by("position", "id")
        .values("product_id", *PUBLIC_IMAGE_FIELDS, "processing_error")
    )


def _tier_rows(**products) -> QuerySet:
    return (
        PriceTier.objects.filter(**products).order_by("min_quantity").values("product_id", "min_quantity", "unit_price")
    )


def _with_relations(rows: list[dict], tags=None, images=None, tiers=None) -> list[dict]:
    """product_public_rows()'s rows completed: kinds listed, in_stock, tags, images and price tiers (read here for
    the rows' products unless given)."""
    if not rows:
        return rows
    by_id = {}
    for row in rows:
        row["firm_kinds"] = _kinds_list(row.pop("firm_valid_kinds"))
        row["in_stock"] = _in_stock(SimpleNamespace(stock=row["stock"], min_order_quantity=row["min_order_quantity"]))
        row["tags"], row["images"], row["price_tiers"] = [], [], []
        by_id[row["id"]] = row
    ids = list(by_id)
    for tag in _tag_rows(product_id__in=ids) if tags is None else tags:
        by_id[tag["product_id"]]["tags"].append(
            {
                "slug": tag["socialvaluetag__slug"],
                "name_ko": tag["socialvaluetag__name_ko"],
                "name_en": tag["socialvaluetag__name_en"],
                "area": tag["socialvaluetag__area"],
            }
        )
    for image in _image_rows(product_id__in=ids) if images is None else images:
        by_id[image.pop("product_id")]["images"].append(image)
    for tier in _tier_rows(product_id__in=ids) if tiers is None else tiers:
        by_id[tier["product_id"]]["price_tiers"].append(
            {"min_quantity": tier["min_quantity"], "unit_price": tier["unit_price"]}
        )
    return rows


# The product page's four statements, each built and compiled by the ORM once per process and run again with the
# product and the day (market/core/compiled.py): building and compiling them cost several times running them.
_PRODUCT = Param("product", BigIntegerField())
_TODAY = Param("today", DateField())
_PAGE_QUERIES = {
    "row": lambda: (
        product_public_ordered()
        .order_by()
        .filter(pk=_PRODUCT)
        .annotate(firm_valid_kinds=_firm_valid_kinds(_TODAY))
        .values(*PUBLIC_ROW_FIELDS, "firm_valid_kinds")
    ),
    "tags": lambda: _tag_rows(product_id=_PRODUCT),
    "images": lambda: _image_rows(product_id=_PRODUCT),
    "tiers": lambda: _tier_rows(product_id=_PRODUCT),
}


def product_public_row(pk: int) -> dict | None:
    """The row of product_public_rows() of the public product `pk` (None when there is none): four statements."""
    low, high = column_bounds(Product, "id")
    if not low <= pk <= high:  # no such key (and no value the column could not hold sent to the database)
        return None

    def run(name: str, **values) -> list[dict]:
        return compiled_rows(("catalog_public_page", name), _PAGE_QUERIES[name], prepared=True, product=pk, **values)

    rows = run("row", today=timezone.localdate())
    if not rows:
        return None
    return _with_relations(rows, run("tags"), run("images"), run("tiers"))[0]


def product_public_page(products: QuerySet[Product], start: int, stop: int) -> list[dict]:
    """product_public_rows() of products[start:stop]: the ids of the page are chosen first (sorting only the
    narrow id rows), then the page's rows are read with their relations."""
    return product_public_rows(products.filter(pk__in=products.values("pk")[start:stop]))


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
