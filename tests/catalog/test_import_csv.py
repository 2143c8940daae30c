import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from market.catalog.import_csv import products_import_csv
from market.catalog.models import Product
from market.core.errors import ApplicationError
from tests.factories import FirmFactory, ProductFactory

pytestmark = pytest.mark.django_db
HEADER = "sku,title,category,price,stock,unit,min_order_quantity,status,tags,description\n"


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("products.csv", text.encode(encoding), content_type="text/csv")


def test_import_creates_and_updates_by_sku():
    firm = FirmFactory()
    existing = ProductFactory(firm=firm, sku="C-1", price=1000)
    result = products_import_csv(
        firm=firm,
        file=csv_file(
            HEADER
            + 'C-1,우리밀 쿠키,bakery,"12,000",30,세트,2,published,handmade|local-farms,바삭한 쿠키\n'
            + "S-9,천연 비누,soap-care,6500,100,개,1,draft,eco-friendly;zero-waste,\n"
        ),
    )
    assert result == {"created": 1, "updated": 1, "rows": 2}
    existing.refresh_from_db()
    assert existing.price == 12000 and existing.min_order_quantity == 2
    assert set(existing.tags.values_list("slug", flat=True)) == {"handmade", "local-farms"}
    soap = Product.objects.get(sku="S-9")
    assert soap.firm == firm and soap.status == "draft" and soap.category.slug == "soap-care"


def test_cp949_file_with_bom_less_header_is_read():
    firm = FirmFactory()
    result = products_import_csv(
        firm=firm, file=csv_file("title,category,price\n녹차 티백,coffee-tea,8000\n", encoding="cp949")
    )
    assert result["created"] == 1 and Product.objects.get().title == "녹차 티백"


def test_a_bad_row_is_reported_with_line_and_field_and_nothing_is_written():
    firm = FirmFactory()
    text = (
        HEADER
        + "A,좋은 상품,bakery,5000,1,개,1,published,,\n"
        + "B,가격 틀림,bakery,오천원,1,개,1,published,,\n"
        + "C,,bakery,5000,1,개,1,published,,\n"
        + "D,분류 틀림,nope,5000,1,개,1,published,,\n"
        + "A,중복,bakery,5000,1,개,1,published,,\n"
    )
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=firm, file=csv_file(text))
    error = caught.value
    assert error.code == "import_rows_invalid"
    assert [(d["line"], d["field"]) for d in error.details] == [(3, "price"), (4, "title"), (5, "category"), (6, "sku")]
    assert "3행, price" in error.message  # Korean by default (LANGUAGE_CODE)
    assert not Product.objects.exists()


def test_a_quoted_multiline_description_keeps_line_numbers_right():
    firm = FirmFactory()
    text = 'title,category,price,description\n상품,bakery,5000,"첫 줄\n둘째 줄"\n상품2,bakery,-1,\n'
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=firm, file=csv_file(text))
    assert caught.value.details[0]["line"] == 4 and caught.value.details[0]["field"] == "price"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("title,price\n상품,5000\n", "missing_columns"),
        ("title,category,price,colour\n상품,bakery,5000,red\n", "unknown_columns"),
        ("title,category,price\n", "empty_file"),
    ],
)
def test_file_level_errors(text, code):
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=FirmFactory(), file=csv_file(text))
    assert caught.value.code == code and caught.value.field == "file"


def test_binary_garbage_is_refused():
    upload = SimpleUploadedFile("x.csv", bytes(range(256)) * 4)
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=FirmFactory(), file=upload)
    assert caught.value.field == "file"


def test_row_limit(settings):
    settings.PRODUCT_IMPORT_MAX_ROWS = 2
    text = "title,category,price\n" + "".join(f"상품{i},bakery,1000\n" for i in range(3))
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=FirmFactory(), file=csv_file(text))
    assert caught.value.code == "too_many_rows" and not Product.objects.exists()


def test_import_api_reports_rows_in_the_error_shape(seller_client):
    upload = csv_file("title,category,price\n좋은 상품,bakery,5000\n나쁜 상품,bakery,0\n")
    response = seller_client.post(
        "/api/v1/seller/products/import/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_rows_invalid" and error["field"] == "price"
    assert error["details"] == [
        {
            "line": 3,
            "field": "price",
            "code": "out_of_range",
            "message": "price must be at least 1 and at most 100,000,000.",
        }
    ]
    assert not Product.objects.exists()
