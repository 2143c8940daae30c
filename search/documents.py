"""What the search indexes know of a product: one plain dict, built the same way for both backends."""

import datetime
import re

from django.db.models import Prefetch, Sum
from django.utils import timezone

from market.catalog.cards import product_card
from market.catalog.models import Category, Product, ProductImage
from market.catalog.pricing import price_tiers_prefetch
from market.firms.models import Designation, PurposeType
from market.orders.models import OrderLine
from search import korean

# Raise when a document's content changes in a way old documents lack (a new field of the card, say): the
# Elasticsearch mapping version includes it, so a deploy rebuilds the index (search_ensure_index).
DOCUMENT_VERSION = 2

# Sales in this many days make a product rank a little higher (a quiet signal, see the backends).
RECENT_SALES_DAYS = 30

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'&-]*")


def _categories_by_id() -> dict[int, Category]:
    return {c.pk: c for c in Category.objects.all()}


def _ancestor_ids(category: Category) -> list[int]:
    return [int(part) for part in category.path.strip("/").split("/") if part]


def products_for_indexing():
    """Products with everything a document shows, in a fixed number of queries."""
    return Product.objects.select_related("firm", "firm__district", "category").prefetch_related(
        "tags",
        Prefetch("firm__designations", queryset=Designation.objects.valid(), to_attr="valid_designations"),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
        price_tiers_prefetch(),
    )


def public_product_ids(product_ids) -> set[int]:
    return set(Product.objects.public().filter(pk__in=product_ids).values_list("pk", flat=True))


def recent_sales(product_ids) -> dict[int, int]:
    """Units of each product paid for in the last RECENT_SALES_DAYS days, in one query."""
    since = timezone.now() - datetime.timedelta(days=RECENT_SALES_DAYS)
    rows = (
        OrderLine.objects.filter(product_id__in=list(product_ids), order__paid_at__gte=since)
        .values_list("product_id")
        .annotate(units=Sum("quantity"))
    )
    return {pk: units for pk, units in rows}


def firm_mission(firm) -> str:
    """What the firm says it exists for: its purpose type and its description (e.g. 발달장애인 고용)."""
    purpose = PurposeType(firm.purpose_type).label if firm.purpose_type else ""
    return " ".join(part for part in (purpose, firm.description) if part)


def product_document(product: Product, categories: dict[int, Category], sales: dict[int, int] | None = None) -> dict:
    firm = product.firm
    ancestors = [categories[i] for i in _ancestor_ids(product.category) if i in categories]
    tags = list(product.tags.all())
    firm_kinds = sorted({d.kind for d in firm.valid_designations})
    english = " ".join(
        [c.name_en for c in ancestors]
        + [t.name_en for t in tags]
        + _LATIN.findall(product.title)
        + _LATIN.findall(product.description)
    )
    return {
        "id": product.pk,
        "title": product.title,
        "description": product.description,
        "price": product.price,
        "stock": product.stock,
        "in_stock": product.stock >= product.min_order_quantity and product.stock > 0,
        "category_id": product.category_id,
        "category_ids": [c.pk for c in ancestors],
        "category_names": " ".join(c.name_ko for c in ancestors),
        "firm_id": firm.pk,
        "firm_name": firm.name,
        "firm_mission": firm_mission(firm),
        "firm_kinds": firm_kinds,
        "district": firm.district_id,
        "district_name": f"{firm.district.name_ko} {firm.district.name_en}",
        "tags": [t.slug for t in tags],
        "tag_names": " ".join(t.name_ko for t in tags),
        "svi_grade": firm.svi_grade or None,
        "published_at": product.published_at.isoformat() if product.published_at else None,
        "recent_sales": (sales or {}).get(product.pk, 0),
        "english": english.lower(),
        "chosung": korean.chosung(product.title),
        "jamo": korean.jamo_terms(product.title),
        "card": product_card(product, tags, firm_kinds),
    }


def build_documents(product_ids) -> tuple[list[dict], list[int]]:
    """Documents for the public products among `product_ids`, and the ids that must leave the index."""
    product_ids = list(product_ids)
    public = public_product_ids(product_ids)
    categories = _categories_by_id()
    sales = recent_sales(public)
    documents = [product_document(p, categories, sales) for p in products_for_indexing().filter(pk__in=public)]
    return documents, [pk for pk in product_ids if pk not in public]


def iter_public_documents(batch_size: int = 1000):
    """Every public product's document, in batches (for rebuilds)."""
    categories = _categories_by_id()
    ids = list(Product.objects.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        sales = recent_sales(chunk)
        yield [
            product_document(p, categories, sales) for p in products_for_indexing().filter(pk__in=chunk).order_by("pk")
        ]
