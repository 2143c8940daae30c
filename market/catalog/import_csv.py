"""Bulk import of a seller's products from CSV.

Columns (header row required, UTF-8 with or without BOM, or CP949):
    title*, category* (id, slug, or Korean or English name), price* (whole KRW), sku, description, stock, unit,
    min_order_quantity, status (draft/published/hidden; default draft),
    tags (slugs or Korean or English names, separated by | or ;)
Names are matched by category_get_by_ref / tags_get_by_ref (English in any case); a name that fits several
categories is a row error listing them (slug and path) as "candidates".
A row whose sku matches one of the firm's products updates it; other rows create products.
All rows are checked first; when any row is bad nothing is written and every bad row is reported with its
line number (the header is line 1) and the field at fault.
"""
import csv
import io

from django.conf import settings
from django.db import transaction

from market.catalog.models import Product
from market.catalog.services import clean_product_fields, apply_product_fields
from market.core.errors import ApplicationError

REQUIRED_COLUMNS = ("title", "category", "price")
OPTIONAL_COLUMNS = ("sku", "description", "stock", "unit", "min_order_quantity", "status", "tags")
INTEGER_COLUMNS = ("price", "stock", "min_order_quantity")
MAX_REPORTED_ERRORS = 100


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError("The file is neither UTF-8 nor CP949 text.", code="file_encoding", field="file")


def _parse_row(row: dict) -> dict:
    values = {}
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        raw = (row.get(column) or "").strip()
        if column in REQUIRED_COLUMNS and not raw:
            raise ApplicationError(f"{column} is required.", code="required", field=column)
        if not raw:
            continue
        if column in INTEGER_COLUMNS:
            cleaned = raw.replace(",", "")
            if not cleaned.lstrip("-").isdigit():
                raise ApplicationError(f"{column} must be a whole number, not {raw!r}.", code="not_an_integer",
                                       field=column)
            values[column] = int(cleaned)
        elif column == "tags":
            values["tags"] = [t.strip() for t in raw.replace(";", "|").split("|") if t.strip()]
        else:
            values[column] = raw
    return values


def products_import_csv(*, firm, file) -> dict:
    text = _decode(file.read())
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ApplicationError(f"The header lacks the columns: {', '.join(missing)}.", code="missing_columns",
                               field="file")
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ApplicationError(f"Unknown columns: {', '.join(unknown)}.", code="unknown_columns", field="file")

    existing = {p.sku: p for p in Product.objects.filter(firm=firm).exclude(sku="")}
    planned, errors, seen_skus = [], [], {}
    for row in reader:
        line = reader.line_num
        if len(planned) + len(errors) >= settings.PRODUCT_IMPORT_MAX_ROWS:
            raise ApplicationError(f"A file holds at most {settings.PRODUCT_IMPORT_MAX_ROWS} rows.",
                                   code="too_many_rows", field="file")
        try:
            values = _parse_row(row)
            sku = values.get("sku", "")
            if sku and sku in seen_skus:
                raise ApplicationError(f"sku {sku!r} appears again (first on line {seen_skus[sku]}).",
                                       code="duplicate_sku", field="sku")
            if sku:
                seen_skus[sku] = line
            product = existing.get(sku) if sku else None
            cleaned = clean_product_fields(firm, values, product=product)
            planned.append((product, cleaned))
        except ApplicationError as exc:
            errors.append({"line": line, "field": exc.field, "code": exc.code, "message": exc.message,
                           **({"candidates": exc.details} if exc.code == "ambiguous_category" else {})})
    if errors:
        first = errors[0]
        raise ApplicationError(
            f"{len(errors)} row(s) are wrong; nothing was imported. Line {first['line']}, {first['field']}: "
            f"{first['message']}",
            code="import_rows_invalid", field=first["field"], details=errors[:MAX_REPORTED_ERRORS],
        )
    if not planned:
        raise ApplicationError("The file has no product rows.", code="empty_file", field="file")

    created = updated = 0
    with transaction.atomic():
        for product, cleaned in planned:
            if product is None:
                apply_product_fields(Product(firm=firm), cleaned)
                created += 1
            else:
                apply_product_fields(product, cleaned)
                updated += 1
    return {"created": created, "updated": updated, "rows": len(planned)}
