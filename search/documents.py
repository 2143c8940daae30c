"""What the search indexes know of a product: one plain dict, built the same way for both backends."""
import re

from django.db.models import Prefetch

from market.catalog.models import Category, Product
from market.firms.models import Designation
from search import korean

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'&-]*")


def _categories_by_id() -> dict[int, Category]:
    return {c.pk: c for c in Category.objects.all()}


def _ancestor_ids(category: Category) -> list[int]:
    return [int(part) for part in category.path.strip("/").split("/") if part]


def products_for_indexing():
    """Products with everything a document shows, in a fixed number of queries."""
    return (
        Product.objects.select_related("firm", "firm__district", "category")
        .prefetch_related(
            "tags", Prefetch("firm__designations", queryset=Designation.objects.valid(), to_attr="valid_designations")
        )
    )


def public_product_ids(product_ids) -> set[int]:
    return set(Product.objects.public().filter(pk__in=product_ids).values_list("pk", flat=True))


def product_document(product: Product, categories: dict[int, Category]) -> dict:
    firm = product.firm
    ancestors = [categories[i] for i in _ancestor_ids(product.category) if i in categories]
    tags = list(product.tags.all())
    english = " ".join(
        [c.name_en for c in ancestors] + [t.name_en for t in tags]
        + _LATIN.findall(product.title) + _LATIN.findall(product.description)
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
        "firm_kinds": sorted({d.kind for d in firm.valid_designations}),
        "district": firm.district_id,
        "district_name": f"{firm.district.name_ko} {firm.district.name_en}",
        "tags": [t.slug for t in tags],
        "tag_names": " ".join(t.name_ko for t in tags),
        "svi_grade": firm.svi_grade or None,
        "published_at": product.published_at.isoformat() if product.published_at else None,
        "english": english.lower(),
        "chosung": korean.chosung(product.title),
        "jamo": korean.jamo_terms(product.title),
    }


def build_documents(product_ids) -> tuple[list[dict], list[int]]:
    """Documents for the public products among `product_ids`, and the ids that must leave the index."""
    product_ids = list(product_ids)
    public = public_product_ids(product_ids)
    categories = _categories_by_id()
    documents = [product_document(p, categories) for p in products_for_indexing().filter(pk__in=public)]
    return documents, [pk for pk in product_ids if pk not in public]


def iter_public_documents(batch_size: int = 1000):
    """Every public product's document, in batches (for rebuilds)."""
    categories = _categories_by_id()
    ids = list(Product.objects.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start: start + batch_size]
        yield [product_document(p, categories) for p in products_for_indexing().filter(pk__in=chunk).order_by("pk")]
