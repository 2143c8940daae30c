"""Writes about the catalogue: categories, social value tags, products, stock."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from market.catalog.models import Category, PriceTier, Product, ProductStatus, SocialValueArea, SocialValueTag
from market.core.errors import ApplicationError, Conflict
from market.core.events import announce_products_changed
from market.core.limits import check_lengths
from market.core.parsing import IntegerParseError, check_text, parse_int

MAX_PRICE = 100_000_000  # 1억 won per unit; larger amounts are procurement contracts, not listings
MAX_QUANTITY = 1_000_000  # the largest minimum order or tier quantity a listing may name
MAX_PRICE_TIERS = 10
PRODUCT_FIELDS = (
    "category",
    "sku",
    "title",
    "description",
    "price",
    "stock",
    "unit",
    "min_order_quantity",
    "vat_exempt",
    "status",
    "tags",
    "price_tiers",
)
# What an operator may change on a category: moving one (its parent) would orphan its subtree's paths.
CATEGORY_FIELDS = ("slug", "name_ko", "name_en", "position")
TAG_FIELDS = ("slug", "name_ko", "name_en", "area")


def _whole_number(value, *, field: str, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(
            _("%(field)s must be a whole number.") % {"field": field}, code="not_an_integer", field=field
        )
    if maximum is not None and not minimum <= value <= maximum:
        raise ApplicationError(
            _("%(field)s must be at least %(minimum)s and at most %(maximum)s.")
            % {"field": field, "minimum": f"{minimum:,}", "maximum": f"{maximum:,}"},
            code="out_of_range",
            field=field,
        )
    if value < minimum:
        raise ApplicationError(
            _("%(field)s must be at least %(minimum)s.") % {"field": field, "minimum": f"{minimum:,}"},
            code="out_of_range",
            field=field,
        )
    return value


def clean_product_fields(firm, changes: dict, *, product: Product | None = None) -> dict:
    """Check each given field against the catalogue's rules; return the values to store."""
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise ApplicationError(
            _("Unknown product fields: %(items)s.") % {"items": ", ".join(sorted(unknown))},
            code="unknown_field",
            field=sorted(unknown)[0],
        )
    cleaned = dict(changes)
    for name in ("sku", "title", "description", "unit"):
        if isinstance(cleaned.get(name), str):
            check_text(cleaned[name], field=name)
    if "category" in cleaned and not isinstance(cleaned["category"], Category):
        cleaned["category"] = category_get_by_ref(cleaned["category"])
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            raise ApplicationError(_("A product needs a title."), code="required", field="title")
        if len(cleaned["title"]) > 200:
            raise ApplicationError(_("A title has at most 200 characters."), code="too_long", field="title")
    if "price" in cleaned:
        _whole_number(cleaned["price"], field="price", minimum=1, maximum=MAX_PRICE)
    if "stock" in cleaned:
        _whole_number(cleaned["stock"], field="stock", minimum=0, maximum=10_000_000)
    if "min_order_quantity" in cleaned:
        _whole_number(cleaned["min_order_quantity"], field="min_order_quantity", minimum=1, maximum=MAX_QUANTITY)
    if "vat_exempt" in cleaned and not isinstance(cleaned["vat_exempt"], bool):
        raise ApplicationError(_("vat_exempt must be true or false."), code="not_a_boolean", field="vat_exempt")
    if "status" in cleaned and cleaned["status"] not in ProductStatus.values:
        raise ApplicationError(
            _("status must be one of %(items)s.") % {"items": ", ".join(ProductStatus.values)},
            code="invalid_choice",
            field="status",
        )
    if "unit" in cleaned:
        cleaned["unit"] = (cleaned["unit"] or "").strip() or "개"
    if "sku" in cleaned:
        cleaned["sku"] = (cleaned["sku"] or "").strip()
        clash = Product.objects.filter(firm=firm, sku=cleaned["sku"])
        if product is not None:
            clash = clash.exclude(pk=product.pk)
        if cleaned["sku"] and clash.exists():
            raise ApplicationError(
                _("Another of your products already uses the code %(sku)r.") % {"sku": cleaned["sku"]},
                code="duplicate_sku",
                field="sku",
            )
    if "tags" in cleaned:
        cleaned["tags"] = tags_get_by_ref(cleaned["tags"])
    problems = []
    if "price_tiers" in cleaned:
        cleaned["price_tiers"], problems = _clean_price_tiers(cleaned["price_tiers"])
    price = cleaned["price"] if "price" in cleaned else getattr(product, "price", None)
    if ("price" in cleaned or "price_tiers" in cleaned) and price is not None:
        tiers = cleaned["price_tiers"] if "price_tiers" in cleaned else _stored_tiers(product)
        problems += _tiers_not_below_price(price, tiers, changed="price_tiers" if "price_tiers" in cleaned else "price")
    _raise_tier_errors(problems)
    check_lengths(cleaned, model=Product)
    return cleaned


def parse_price_tiers(text: str) -> list[dict]:
    """Tiers written as one cell of text, for the CSV import and the admin: "10:9000;50:8500" (or | between
    tiers, 9,000 with thousands commas). An empty text means no tiers."""
    tiers = []
    for part in (p.strip() for p in text.replace("|", ";").split(";")):
        if not part:
            continue
        quantity, colon, price = part.partition(":")
        if not colon:
            raise ApplicationError(
                _("Write each price tier as quantity:unit price, e.g. 10:9000;50:8500 (not %(part)r).")
                % {"part": part},
                code="invalid",
                field="price_tiers",
            )
        tiers.append(
            {
                "min_quantity": parse_int(quantity.strip(), field="price_tiers", thousands=True),
                "unit_price": parse_int(price.strip(), field="price_tiers", thousands=True),
            }
        )
    return tiers


def format_price_tiers(tiers) -> str:
    """The notation parse_price_tiers reads, from tiers (PriceTier rows or dicts)."""
    rows = [
        (t["min_quantity"], t["unit_price"]) if isinstance(t, dict) else (t.min_quantity, t.unit_price) for t in tiers
    ]
    return ";".join(f"{quantity}:{price}" for quantity, price in sorted(rows))


def _tier_error(index: int, part: str, code: str, message: str) -> dict:
    return {"field": f"price_tiers[{index}].{part}", "code": code, "message": message}


def _raise_tier_errors(problems: list[dict]) -> None:
    """One error naming every bad row, in the rows' order."""
    if problems:
        problems = sorted(problems, key=lambda p: int(p["field"].split("[")[1].split("]")[0]))
        first = problems[0]
        raise ApplicationError(first["message"], code=first["code"], field=first["field"], details=problems)


def _stored_tiers(product: Product | None) -> list[dict]:
    if product is None or product.pk is None:
        return []
    return [
        {"min_quantity": t.min_quantity, "unit_price": t.unit_price, "index": i}
        for i, t in enumerate(product.price_tiers.order_by("min_quantity"))
    ]


def _clean_price_tiers(tiers) -> tuple[list[dict], list[dict]]:
    """The tiers' shape, each number's range and distinct quantities: (the good rows sorted by min_quantity, each
    with the `index` of its row; a problem per bad row under its own field, e.g. price_tiers[2].unit_price, so a
    form can show it beside its row). An empty list removes every tier."""
    if tiers is None:
        tiers = []
    if not isinstance(tiers, list | tuple):
        raise ApplicationError(
            _("price_tiers must be a list of {min_quantity, unit_price}."), code="invalid", field="price_tiers"
        )
    if len(tiers) > MAX_PRICE_TIERS:
        raise ApplicationError(
            _("A product has at most %(limit)s price tiers.") % {"limit": MAX_PRICE_TIERS},
            code="too_many_tiers",
            field="price_tiers",
        )
    problems, cleaned, first_row = [], [], {}
    for index, tier in enumerate(tiers):
        if not isinstance(tier, dict) or set(tier) - {"min_quantity", "unit_price"}:
            problems.append(
                _tier_error(index, "min_quantity", "invalid", _("A price tier has min_quantity and unit_price."))
            )
            continue
        values = {}
        for part, minimum, maximum in (("min_quantity", 2, MAX_QUANTITY), ("unit_price", 1, MAX_PRICE)):
            try:
                values[part] = _whole_number(tier.get(part), field=part, minimum=minimum, maximum=maximum)
            except ApplicationError as error:
                problems.append(_tier_error(index, part, error.code, error.message))
        if len(values) < 2:
            continue
        quantity = values["min_quantity"]
        if quantity in first_row:
            problems.append(
                _tier_error(
                    index,
                    "min_quantity",
                    "duplicate_tier",
                    _("Another price tier already starts at %(quantity)s.") % {"quantity": f"{quantity:,}"},
                )
            )
            continue
        first_row[quantity] = index
        cleaned.append({**values, "index": index})
    return sorted(cleaned, key=lambda tier: tier["min_quantity"]), problems


def _tiers_not_below_price(price: int, tiers: list[dict], *, changed: str) -> list[dict]:
    """A larger quantity never costs more per unit: each tier's price is strictly below the product's price and
    below every tier for fewer units. `tiers` are sorted by min_quantity, each with the row `index` it came from;
    returns a problem per row that breaks the rule. When the product's price changed (changed="price") and no
    longer stays above a stored tier, the price is at fault: that is raised at once."""
    problems, lowest, lowest_from = [], price, None
    for tier in tiers:
        if tier["unit_price"] >= lowest:
            if lowest_from is None:
                message = _(
                    "The price for %(quantity)s or more (%(tier_price)s won) must be lower than the product's "
                    "price (%(price)s won)."
                )
            else:
                message = _(
                    "The price for %(quantity)s or more (%(tier_price)s won) must be lower than the price for "
                    "%(smaller)s or more (%(price)s won)."
                )
            message %= {
                "quantity": f"{tier['min_quantity']:,}",
                "tier_price": f"{tier['unit_price']:,}",
                "price": f"{lowest:,}",
                "smaller": f"{lowest_from:,}" if lowest_from is not None else "",
            }
            if changed == "price":
                raise ApplicationError(
                    message + " " + _("Change the price tiers with the price, or remove them."),
                    code="tier_price_not_lower",
                    field="price",
                )
            problems.append(_tier_error(tier["index"], "unit_price", "tier_price_not_lower", message))
        else:
            lowest, lowest_from = tier["unit_price"], tier["min_quantity"]
    return problems


def _category_paths(categories) -> dict[int, str]:
    """'식품 > 제과·제빵' for each category, from its ancestors' Korean names (one query)."""
    ids = {int(part) for c in categories for part in c.path.strip("/").split("/") if part}
    names = dict(Category.objects.filter(pk__in=ids).values_list("pk", "name_ko"))
    return {
        c.pk: " > ".join(names.get(int(part), "?") for part in c.path.strip("/").split("/") if part) for c in categories
    }


def category_get_by_ref(ref) -> Category:
    """A category by id, slug or name (Korean or English, in any case), with a clear error when there is none
    or when a name fits several categories (the error names each: id, slug, path)."""
    if isinstance(ref, Category):
        return ref
    text = str(ref).strip()
    try:
        pk = parse_int(text, minimum=1)
    except IntegerParseError:
        pk = None
    if pk is not None:
        matches = list(Category.objects.filter(pk=pk))
    else:
        matches = list(Category.objects.filter(slug=text)) or list(
            Category.objects.filter(Q(name_ko__iexact=text) | Q(name_en__iexact=text)).order_by("path")
        )
    if not matches:
        raise ApplicationError(
            _("Unknown category %(text)r.") % {"text": text}, code="unknown_category", field="category"
        )
    if len(matches) > 1:
        paths = _category_paths(matches)
        candidates = [{"id": c.pk, "slug": c.slug, "path": paths[c.pk]} for c in matches]
        listed = ", ".join(f"{c['slug']} ({c['path']})" for c in candidates)
        raise ApplicationError(
            _("Category %(text)r fits %(count)s categories: %(listed)s; give the slug or id.")
            % {"text": text, "count": len(matches), "listed": listed},
            code="ambiguous_category",
            field="category",
            details=candidates,
        )
    return matches[0]


def tags_get_by_ref(refs) -> list[SocialValueTag]:
    """Social value tags by slug or name (Korean or English, in any case); tags given as objects pass through.

    A slug wins over a name; a name that fits several tags is an error naming their slugs.
    """
    refs = list(dict.fromkeys(r.strip() if isinstance(r, str) else r for r in refs or []))
    texts = [r for r in refs if isinstance(r, str) and r]
    found = [r for r in refs if isinstance(r, SocialValueTag)]
    query = Q(slug__in=texts)
    for text in texts:
        query |= Q(name_ko__iexact=text) | Q(name_en__iexact=text)
    known = list(SocialValueTag.objects.filter(query)) if texts else []
    missing, ambiguous = [], []
    for text in texts:
        matches = [t for t in known if t.slug == text] or [
            t for t in known if text.casefold() in (t.name_ko.casefold(), t.name_en.casefold())
        ]
        if not matches:
            missing.append(text)
        elif len(matches) > 1:
            ambiguous.append(f"{text!r} fits {', '.join(sorted(t.slug for t in matches))}")
        else:
            found.append(matches[0])
    if missing:
        raise ApplicationError(
            _("Unknown social value tags: %(items)s.") % {"items": ", ".join(missing)}, code="unknown_tag", field="tags"
        )
    if ambiguous:
        raise ApplicationError(
            _("Ambiguous social value tags: %(items)s; give their slugs.") % {"items": "; ".join(ambiguous)},
            code="ambiguous_tag",
            field="tags",
        )
    return list({t.pk: t for t in found}.values())


def _required_text(value, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("%(field)s is required.") % {"field": field}, code="required", field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(field)s has at most %(max_length)s characters.") % {"field": field, "max_length": max_length},
            code="too_long",
            field=field,
        )
    return value


def _check_fields(changes: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(items)s.") % {"items": ", ".join(sorted(unknown))},
            code="not_editable",
            field=sorted(unknown)[0],
        )


def _check_unique_slug(model, slug: str, *, instance=None) -> None:
    clash = model.objects.filter(slug=slug)
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise Conflict(_("The slug %(slug)r is already taken.") % {"slug": slug}, code="duplicate_slug", field="slug")


@transaction.atomic
def category_create(
    *, slug: str, name_ko: str, name_en: str, parent: Category | None = None, position: int = 0
) -> Category:
    category = Category.objects.create(slug=slug, name_ko=name_ko, name_en=name_en, parent=parent, position=position)
    category.path = f"{parent.path if parent else '/'}{category.pk}/"
    category.save(update_fields=["path"])
    return category


@transaction.atomic
def category_update(*, category: Category, **changes) -> Category:
    """Rename or reorder a category; a new name re-indexes every product in its subtree (names are searched)."""
    _check_fields(changes, CATEGORY_FIELDS)
    stored = Category.objects.select_for_update().get(pk=category.pk)
    for field in ("name_ko", "name_en"):
        if field in changes:
            changes[field] = _required_text(changes[field], field=field, max_length=80)
    if "slug" in changes:
        changes["slug"] = _required_text(changes["slug"], field="slug", max_length=80)
        _check_unique_slug(Category, changes["slug"], instance=category)
    for key, value in changes.items():
        setattr(category, key, value)
    category.save(update_fields=[*changes])
    # Names are searched (the subtree's documents hold them) and, with the slug, shown on its products' cards.
    if any(getattr(stored, field) != getattr(category, field) for field in ("name_ko", "name_en", "slug")):
        announce_products_changed(*Product.objects.in_category_tree(category).values_list("pk", flat=True))
    return category


def _clean_tag_fields(changes: dict, *, tag: SocialValueTag | None = None) -> dict:
    cleaned = dict(changes)
    for field in ("slug", "name_ko", "name_en"):
        if field in cleaned:
            cleaned[field] = _required_text(cleaned[field], field=field, max_length=60)
    if "slug" in cleaned:
        _check_unique_slug(SocialValueTag, cleaned["slug"], instance=tag)
    if "area" in cleaned and cleaned["area"] not in SocialValueArea.values:
        raise ApplicationError(
            _("area must be one of %(items)s.") % {"items": ", ".join(SocialValueArea.values)},
            code="invalid_choice",
            field="area",
        )
    return cleaned


@transaction.atomic
def social_value_tag_create(*, slug: str, name_ko: str, name_en: str, area: str) -> SocialValueTag:
    cleaned = _clean_tag_fields({"slug": slug, "name_ko": name_ko, "name_en": name_en, "area": area})
    return SocialValueTag.objects.create(**cleaned)


@transaction.atomic
def social_value_tag_update(*, tag: SocialValueTag, **changes) -> SocialValueTag:
    """Edit a tag; the products carrying it are re-indexed (the tag is in their documents)."""
    _check_fields(changes, TAG_FIELDS)
    cleaned = _clean_tag_fields(changes, tag=tag)
    for key, value in cleaned.items():
        setattr(tag, key, value)
    tag.save(update_fields=[*cleaned])
    if {"slug", "name_ko", "name_en", "area"} & set(cleaned):  # all shown on the products' cards
        announce_products_changed(*tag.products.values_list("pk", flat=True))
    return tag


@transaction.atomic
def social_value_tag_delete(*, tag: SocialValueTag) -> None:
    """Delete a tag; the products that carried it are re-indexed without it."""
    announce_products_changed(*tag.products.values_list("pk", flat=True))
    tag.delete()


def apply_product_fields(product: Product, cleaned: dict) -> Product:
    """Store fields checked by clean_product_fields; the caller holds the transaction."""
    cleaned = dict(cleaned)
    tags = cleaned.pop("tags", None)
    tiers = cleaned.pop("price_tiers", None)
    if product.pk is not None and ("price" in cleaned or tiers is not None):
        # The price and the tiers were checked against each other as read before; under the row's lock, check
        # them again against what another writer may have stored since (a new price, or new tiers).
        stored_price = Product.objects.select_for_update().values_list("price", flat=True).get(pk=product.pk)
        price = cleaned.get("price", stored_price)
        _raise_tier_errors(
            _tiers_not_below_price(
                price,
                tiers if tiers is not None else _stored_tiers(product),
                changed="price_tiers" if tiers is not None else "price",
            )
        )
    for key, value in cleaned.items():
        setattr(product, key, value)
    if product.status == ProductStatus.PUBLISHED and product.published_at is None:
        product.published_at = timezone.now()
    product.save()
    if tags is not None:
        product.tags.set(tags)
    if tiers is not None:
        product.price_tiers.all().delete()
        PriceTier.objects.bulk_create(
            [PriceTier(product=product, min_quantity=t["min_quantity"], unit_price=t["unit_price"]) for t in tiers]
        )
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
def product_set_price_tiers(*, product: Product, tiers: list[dict]) -> Product:
    """Replace all the product's volume price tiers with `tiers` ([{min_quantity, unit_price}], any order; [] removes
    them). Refused as a whole, naming each bad row, when a quantity is below 2 or repeated, or a tier's price is
    not strictly below the product's price and every tier for fewer units."""
    return product_update(product=product, price_tiers=tiers)


@transaction.atomic
def product_set_stock(*, product: Product, stock: int | None = None, delta: int | None = None) -> Product:
    """Set stock to a number, or move it by a delta, under a row lock so concurrent updates add up."""
    if (stock is None) == (delta is None):
        raise ApplicationError(_("Give either stock or delta."), code="stock_or_delta", field="stock")
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if delta is not None:
        _whole_number(delta, field="delta", minimum=-10_000_000, maximum=10_000_000)
        new_stock = locked.stock + delta
        if new_stock < 0:
            raise ApplicationError(
                _("Stock would fall below zero (%(stock)s + %(delta)s).") % {"stock": locked.stock, "delta": delta},
                code="stock_negative",
                field="delta",
            )
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
        raise Conflict(_("This product has orders; hide it instead of deleting it."), code="product_has_orders")

    for image in list(product.images.all()):
        product_image_delete(image=image)
    announce_products_changed(product.pk)
    product.delete()
