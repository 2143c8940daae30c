"""Bulk import of a seller's products from CSV.

Columns (header row required, UTF-8 with or without BOM, or CP949):
    title*, category* (id, slug, or Korean or English name), price* (whole KRW), sku, description, stock, unit,
    min_order_quantity, status (draft/published/hidden; default draft),
    tags (slugs or Korean or English names, separated by | or ;),
    vat_exempt (면세: 1/true/yes/면세, or 0/false/no/과세),
    price_tiers (volume prices as quantity:unit price separated by ; or |, e.g. 10:9000;50:8500; they replace the
    product's tiers; "-" removes them)
An empty cell leaves that field as it is (or at its default for a new product).
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
from django.utils.translation import gettext as _

from market.catalog.models import Product
from market.catalog.services import apply_product_fields, clean_product_fields, parse_price_tiers
from market.core.errors import ApplicationError
from market.core.parsing import check_text, parse_int

REQUIRED_COLUMNS = ("title", "category", "price")
OPTIONAL_COLUMNS = (
    "sku",
    "description",
    "stock",
    "unit",
    "min_order_quantity",
    "status",
    "tags",
    "vat_exempt",
    "price_tiers",
)
INTEGER_COLUMNS = ("price", "stock", "min_order_quantity")
BOOLEAN_CELLS = {
    **dict.fromkeys(("1", "true", "yes", "y", "면세"), True),
    **dict.fromkeys(("0", "false", "no", "n", "과세"), False),
}
MAX_REPORTED_ERRORS = 100


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("The file is neither UTF-8 nor CP949 text."), code="file_encoding", field="file")


def _parse_row(row: dict) -> dict:
    if any(cell.strip() for cell in row.get(None, ())):  # csv puts the cells past the header under None
        raise ApplicationError(
            _("The row has more cells than the header has columns."), code="too_many_cells", field=None
        )
    values = {}
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        raw = check_text((row.get(column) or "").strip(), field=column)
        if column in REQUIRED_COLUMNS and not raw:
            raise ApplicationError(_("%(column)s is required.") % {"column": column}, code="required", field=column)
        if not raw:
            continue
        if column in INTEGER_COLUMNS:
            # Only a cell's digits are read here; the catalogue's own ranges are checked by clean_product_fields.
            values[column] = parse_int(raw, field=column, thousands=True)
        elif column == "tags":
            values["tags"] = [t.strip() for t in raw.replace(";", "|").split("|") if t.strip()]
        elif column == "vat_exempt":
            if raw.casefold() not in BOOLEAN_CELLS:
                raise ApplicationError(
                    _("vat_exempt is 1, true, yes or 면세, or 0, false, no or 과세 (not %(value)r).") % {"value": raw},
                    code="not_a_boolean",
                    field=column,
                )
            values[column] = BOOLEAN_CELLS[raw.casefold()]
        elif column == "price_tiers":
            values[column] = [] if raw == "-" else parse_price_tiers(raw)
        else:
            values[column] = raw
    return values


class _CountedLines:
    """The text's lines, counting how many the csv reader has taken: where a row that fails to parse began."""

    def __init__(self, text: str):
        self.lines = iter(io.StringIO(text))
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.lines)
        self.count += 1
        return line


def _rows(reader, lines: _CountedLines):
    """(line, row or None, csv error or None) for each row; a row the csv module cannot read is one bad row,
    and reading goes on after it."""
    while True:
        start = lines.count + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, exc
            continue
        yield reader.line_num, row, None


def _csv_error_row(line: int, error: csv.Error) -> dict:
    if "field larger than field limit" in str(error):
        return {
            "line": line,
            "field": None,
            "code": "cell_too_large",
            "message": _("A cell holds more than %(limit)s characters.") % {"limit": f"{csv.field_size_limit():,}"},
        }
    return {
        "line": line,
        "field": None,
        "code": "row_unreadable",
        "message": _("The row cannot be read as CSV (%(reason)s).") % {"reason": error},
    }


def products_import_csv(*, firm, file) -> dict:
    text = _decode(file.read())
    lines = _CountedLines(text)
    reader = csv.DictReader(lines)
    try:
        header = [check_text(name.strip(), field="file") for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ApplicationError(
            _("The header row cannot be read as CSV: %(reason)s.") % {"reason": exc},
            code="file_unreadable",
            field="file",
        ) from exc
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ApplicationError(
            _("The header lacks the columns: %(items)s.") % {"items": ", ".join(missing)},
            code="missing_columns",
            field="file",
        )
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ApplicationError(
            _("Unknown columns: %(items)s.") % {"items": ", ".join(unknown)}, code="unknown_columns", field="file"
        )

    existing = {p.sku: p for p in Product.objects.filter(firm=firm).exclude(sku="")}
    planned, errors, seen_skus = [], [], {}
    for line, row, csv_error in _rows(reader, lines):
        if len(planned) + len(errors) >= settings.PRODUCT_IMPORT_MAX_ROWS:
            raise ApplicationError(
                _("A file holds at most %(limit)s rows.") % {"limit": settings.PRODUCT_IMPORT_MAX_ROWS},
                code="too_many_rows",
                field="file",
            )
        if csv_error is not None:
            errors.append(_csv_error_row(line, csv_error))
            continue
        try:
            values = _parse_row(row)
            sku = values.get("sku", "")
            if sku and sku in seen_skus:
                raise ApplicationError(
                    _("sku %(sku)r appears again (first on line %(line)s).") % {"sku": sku, "line": seen_skus[sku]},
                    code="duplicate_sku",
                    field="sku",
                )
            if sku:
                seen_skus[sku] = line
            product = existing.get(sku) if sku else None
            cleaned = clean_product_fields(firm, values, product=product)
            planned.append((product, cleaned))
        except ApplicationError as exc:
            errors.append(
                {
                    "line": line,
                    "field": exc.field,
                    "code": exc.code,
                    "message": exc.message,
                    **({"candidates": exc.details} if exc.code == "ambiguous_category" else {}),
                }
            )
    if errors:
        first = errors[0]
        raise ApplicationError(
            _("%(count)s row(s) are wrong; nothing was imported. Line %(line)s, %(field)s: %(message)s")
            % {"count": len(errors), "line": first["line"], "field": first["field"], "message": first["message"]},
            code="import_rows_invalid",
            field=first["field"],
            details=errors[:MAX_REPORTED_ERRORS],
        )
    if not planned:
        raise ApplicationError(_("The file has no product rows."), code="empty_file", field="file")

    created = updated = 0
    with transaction.atomic():
        # Existing products in id order (the order checkout locks them in, so the two cannot deadlock), then
        # the new ones in the file's order.
        for product, cleaned in sorted(planned, key=lambda row: (row[0] is None, row[0].pk if row[0] else 0)):
            if product is None:
                apply_product_fields(Product(firm=firm), cleaned)
                created += 1
            else:
                apply_product_fields(product, cleaned)
                updated += 1
    return {"created": created, "updated": updated, "rows": len(planned)}
