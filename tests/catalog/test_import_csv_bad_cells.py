"""Every bad cell of a product CSV is a row error with its line and field; nothing crashes, nothing is written."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from market.catalog.import_csv import products_import_csv
from market.catalog.models import Product
from market.core.errors import ApplicationError
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("products.csv", text.encode("utf-8"), content_type="text/csv")


def row_errors(text: str) -> list[dict]:
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=FirmFactory(), file=csv_file(text))
    assert caught.value.code == "import_rows_invalid"
    assert not Product.objects.exists()
    return caught.value.details


@pytest.mark.parametrize("cell", ["١٢٣٠٠", "１２０００", "5000²", "²", "12,00", "99999999999999999999999999", "5e3"])
@pytest.mark.parametrize("column", ["price", "stock", "min_order_quantity"])
def test_numbers_in_other_digits_or_too_large_are_row_errors(column, cell):
    values = {"price": "5000", "stock": "3", "min_order_quantity": "1", column: cell}
    text = (
        "title,category,price,stock,min_order_quantity\n좋은 상품,bakery,5000,1,1\n"
        f'나쁜 상품,bakery,"{values["price"]}","{values["stock"]}","{values["min_order_quantity"]}"\n'
    )
    errors = row_errors(text)
    assert [(e["line"], e["field"]) for e in errors] == [(3, column)]
    assert errors[0]["code"] in ("not_an_integer", "out_of_range")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
@pytest.mark.parametrize("column", ["title", "description", "sku", "unit", "category", "tags"])
def test_control_characters_are_row_errors(column, char):
    values = {
        "title": "상품",
        "description": "",
        "sku": "",
        "unit": "",
        "category": "bakery",
        "tags": "",
        column: f"a{char}b",
    }
    text = (
        "title,category,price,sku,unit,description,tags\n"
        + ",".join(
            [
                values["title"],
                values["category"],
                "5000",
                values["sku"],
                values["unit"],
                values["description"],
                values["tags"],
            ]
        )
        + "\n"
    )
    errors = row_errors(text)
    assert [(e["line"], e["field"], e["code"]) for e in errors] == [(2, column, "control_character")]


def test_tabs_and_line_breaks_in_a_description_are_text():
    firm = FirmFactory()
    products_import_csv(
        firm=firm, file=csv_file('title,category,price,description\n상품,bakery,5000,"첫 줄\r\n\t둘째"\n')
    )
    assert Product.objects.get().description == "첫 줄\r\n\t둘째"


def test_a_cell_past_the_field_size_limit_is_a_row_error_and_the_next_rows_are_still_read():
    huge = "가" * (csv.field_size_limit() + 1)
    text = f'title,category,price\n상품,bakery,5000\n"{huge}",bakery,5000\n상품2,bakery,오천\n상품3,bakery,5000\n'
    errors = row_errors(text)
    assert [(e["line"], e["code"]) for e in errors] == [(3, "cell_too_large"), (4, "not_an_integer")]


def test_cells_past_the_header_are_a_row_error_but_trailing_empty_ones_are_not():
    errors = row_errors("title,category,price\n상품,bakery,5000,,\n상품2,bakery,5000,덤\n")
    assert [(e["line"], e["code"]) for e in errors] == [(3, "too_many_cells")]


def test_a_control_character_in_the_header_is_a_file_error():
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=FirmFactory(), file=csv_file("title,category,price\x00\n상품,bakery,5000\n"))
    assert caught.value.code == "control_character" and caught.value.field == "file"


def test_the_json_api_refuses_the_same_control_characters(seller_client):
    for char in ("\\u0000", "\\u0007", "\\ud800"):  # as JSON escapes: a lone surrogate has no UTF-8
        body = '{"category": "bakery", "price": 5000, "title": "a' + char + 'b"}'
        response = seller_client.generic("POST", "/api/v1/seller/products/", body, content_type="application/json")
        assert response.status_code == 400 and response.json()["error"]["field"] == "title", char
    assert not Product.objects.exists()


def test_csv_upload_with_bad_cells_answers_in_the_error_shape(seller_client):
    upload = csv_file("title,category,price\n좋은\x00상품,bakery,١٢٠٠٠\n")
    response = seller_client.post("/api/v1/seller/products/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_rows_invalid"
    assert [(d["line"], d["field"]) for d in error["details"]] == [(2, "title")]
