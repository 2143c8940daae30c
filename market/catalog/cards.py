"""What a product card shows beyond the product's own id, title, description, price, stock and published_at, as
stored values (file names, not URLs): one shape, stored in the search index with each product (the result page
is answered from it) and made from the database for the product list and page. The API writes the public
product from it (api.v1.serializers.public_product)."""

from market.catalog.models import Product


def product_card(product: Product, tags, firm_kinds: list[str]) -> dict:
    """The card of a product (relations prefetched): `tags` in order, `firm_kinds` the firm's valid kinds, sorted.
    Every change to what it holds announces the product (market.core.events), so the index's copy follows."""
    firm, category, district = product.firm, product.category, product.firm.district
    return {
        "unit": product.unit,
        "in_stock": product.in_stock,
        "min_order_quantity": product.min_order_quantity,
        "price_tiers": [
            {"min_quantity": tier.min_quantity, "unit_price": tier.unit_price} for tier in product.price_tiers.all()
        ],
        "vat_exempt": product.vat_exempt,
        "category": {
            "id": category.id,
            "slug": category.slug,
            "name_ko": category.name_ko,
            "name_en": category.name_en,
            "parent": category.parent_id,
        },
        "firm": {
            "id": firm.id,
            "name": firm.name,
            "district": {"code": district.code, "name_ko": district.name_ko, "name_en": district.name_en},
            "svi_grade": firm.svi_grade,
            "kinds": firm_kinds,
        },
        "tags": [{"slug": tag.slug, "name_ko": tag.name_ko, "name_en": tag.name_en, "area": tag.area} for tag in tags],
        "images": [
            {
                "id": image.id,
                "original": image.original.name or "",
                "width": image.width,
                "height": image.height,
                "format": image.format,
                "alt_text": image.alt_text,
                "position": image.position,
                "renditions": image.renditions or {},
                "processing_error": image.processing_error,
            }
            for image in product.images.all()
        ],
    }


def product_card_of_row(row: dict) -> dict:
    """The card of a row of market.catalog.selectors.product_public_rows() (its tags, images and price tiers are
    already in the card's shape)."""
    return {
        "unit": row["unit"],
        "in_stock": row["in_stock"],
        "min_order_quantity": row["min_order_quantity"],
        "price_tiers": row["price_tiers"],
        "vat_exempt": row["vat_exempt"],
        "category": {
            "id": row["category_id"],
            "slug": row["category__slug"],
            "name_ko": row["category__name_ko"],
            "name_en": row["category__name_en"],
            "parent": row["category__parent_id"],
        },
        "firm": {
            "id": row["firm_id"],
            "name": row["firm__name"],
            "district": {
                "code": row["firm__district_id"],
                "name_ko": row["firm__district__name_ko"],
                "name_en": row["firm__district__name_en"],
            },
            "svi_grade": row["firm__svi_grade"],
            "kinds": row["firm_kinds"],
        },
        "tags": row["tags"],
        "images": row["images"],
    }
