"""Writes about the catalogue: categories, products, stock."""
from django.db import transaction
from django.utils import timezone

from market.catalog.models import Category, Product, ProductStatus, SocialValueTag
from market.core.errors import ApplicationError, Conflict
from market.core.events import announce_products_changed

MAX_PRICE = 100_000_000  # 1억 won per unit; larger amounts are procurement contracts, not listings
PRODUCT_FIELDS = ("category", "sku", "title", "description", "price", "stock", "unit", "min_order_quantity", "status",
                  "tags")


def _whole_number(value, *, field: str, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(f"{field} must be a whole number.", code="not_an_integer", field=field)
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum:,}" if maximum is not None else ""
        raise ApplicationError(f"{field} must be at least {minimum}{upper}.", code="out_of_range", field=field)
    return value


def clean_product_fields(firm, changes: dict, *, product: Product | None = None) -> dict:
    """Check each given field against the catalogue's rules; return the values to store."""
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown product fields: {', '.join(sorted(unknown))}.", code="unknown_field",
                               field=sorted(unknown)[0])
    cleaned = dict(changes)
    if "category" in cleaned and not isinstance(cleaned["category"], Category):
        cleaned["category"] = category_get_by_ref(cleaned["category"])
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            raise ApplicationError("A product needs a title.", code="required", field="title")
        if len(cleaned["title"]) > 200:
            raise ApplicationError("A title has at most 200 characters.", code="too_long", field="title")
    if "price" in cleaned:
        _whole_number(cleaned["price"], field="price", minimum=1, maximum=MAX_PRICE)
    if "stock" in cleaned:
        _whole_number(cleaned["stock"], field="stock", minimum=0, maximum=10_000_000)
    if "min_order_quantity" in cleaned:
        _whole_number(cleaned["min_order_quantity"], field="min_order_quantity", minimum=1, maximum=1_000_000)
    if "status" in cleaned and cleaned["status"] not in ProductStatus.values:
        raise ApplicationError(f"status must be one of {', '.join(ProductStatus.values)}.", code="invalid_choice",
                               field="status")
    if "unit" in cleaned:
        cleaned["unit"] = (cleaned["unit"] or "").strip() or "개"
    if "sku" in cleaned:
        cleaned["sku"] = (cleaned["sku"] or "").strip()
        clash = Product.objects.filter(firm=firm, sku=cleaned["sku"])
        if product is not None:
            clash = clash.exclude(pk=product.pk)
        if cleaned["sku"] and clash.exists():
            raise ApplicationError(f"Another of your products already uses the code {cleaned['sku']!r}.",
                                   code="duplicate_sku", field="sku")
    if "tags" in cleaned:
        cleaned["tags"] = tags_get_by_slug(cleaned["tags"])
    return cleaned


def category_get_by_ref(ref) -> Category:
    """A category by id or slug, with a clear error when there is none."""
    lookup = {"pk": int(ref)} if str(ref).isdigit() else {"slug": str(ref)}
    try:
        return Category.objects.get(**lookup)
    except Category.DoesNotExist:
        raise ApplicationError(f"Unknown category {ref!r}.", code="unknown_category", field="category") from None


def tags_get_by_slug(slugs) -> list[SocialValueTag]:
    slugs = [s for s in dict.fromkeys(slugs or []) if s]
    tags = list(SocialValueTag.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in tags})
    if missing:
        raise ApplicationError(f"Unknown social value tags: {', '.join(missing)}.", code="unknown_tag", field="tags")
    return tags


@transaction.atomic
def category_create(*, slug: str, name_ko: str, name_en: str, parent: Category | None = None,
                    position: int = 0) -> Category:
    category = Category.objects.create(slug=slug, name_ko=name_ko, name_en=name_en, parent=parent, position=position)
    category.path = f"{parent.path if parent else '/'}{category.pk}/"
    category.save(update_fields=["path"])
    return category


def apply_product_fields(product: Product, cleaned: dict) -> Product:
    tags = cleaned.pop("tags", None)
    for key, value in cleaned.items():
        setattr(product, key, value)
    if product.status == ProductStatus.PUBLISHED and product.published_at is None:
        product.published_at = timezone.now()
    product.save()
    if tags is not None:
        product.tags.set(tags)
    announce_products_changed(product.pk)
    return product


@transaction.atomic
def product_create(*, firm, category, title: str, price: int, **fields) -> Product:
    cleaned = clean_product_fields(firm, {"category": category, "title": title, "price": price, **fields})
    return apply_product_fields(Product(firm=firm), cleaned)


@transaction.atomic
def product_update(*, product: Product, **changes) -> Product:
    cleaned = clean_product_fields(product.firm, changes, product=product)
    return apply_product_fields(product, cleaned)


@transaction.atomic
def product_set_stock(*, product: Product, stock: int | None = None, delta: int | None = None) -> Product:
    """Set stock to a number, or move it by a delta, under a row lock so concurrent updates add up."""
    if (stock is None) == (delta is None):
        raise ApplicationError("Give either stock or delta.", code="stock_or_delta", field="stock")
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if delta is not None:
        _whole_number(delta, field="delta", minimum=-10_000_000, maximum=10_000_000)
        new_stock = locked.stock + delta
        if new_stock < 0:
            raise ApplicationError(f"Stock would fall below zero ({locked.stock} + {delta}).",
                                   code="stock_negative", field="delta")
    else:
        new_stock = _whole_number(stock, field="stock", minimum=0, maximum=10_000_000)
    locked.stock = new_stock
    locked.save(update_fields=["stock", "updated_at"])
    announce_products_changed(locked.pk)
    return locked


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Delete a product nobody has ordered; an ordered one stays for its orders' sake and can be hidden."""
    from market.catalog.images import product_image_delete

    if product.order_lines.exists():
        raise Conflict("This product has orders; hide it instead of deleting it.", code="product_has_orders")

    for image in list(product.images.all()):
        product_image_delete(image=image)
    announce_products_changed(product.pk)
    product.delete()
