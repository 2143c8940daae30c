"""Bad input gets a clear 400 in the one error shape: whole numbers are ASCII digits that fit their column."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from market.catalog.models import Product
from market.core.parsing import BIGINT_MAX, BIGINT_MIN, INT_MAX, IntegerParseError, column_bounds, parse_int
from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.procurement.factories import agency_member

pytestmark = pytest.mark.django_db

# Other scripts' digits and digit-like characters: int() takes the first three kinds; str.isdigit() all of them.
NOT_ASCII_NUMBERS = [
    "١٢٣",
    "１２",
    "۱۲",
    "१२",
    "²",
    "1²",
    "¹²³",
    "①",
    "٣",
    "1_000",
    "0x10",
    "1e3",
    "12.5",
    " ",
    "",
    "--1",
    "+-1",
    "1,2",
    "12,000",
]


@pytest.mark.parametrize("text", NOT_ASCII_NUMBERS)
def test_parser_refuses_anything_but_ascii_digits(text):
    with pytest.raises(IntegerParseError) as caught:
        parse_int(text, field="n")
    assert caught.value.code == "not_an_integer" and caught.value.field == "n"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("007", 7),
        ("-12", -12),
        ("+5", 5),
        (" 42\n", 42),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MIN), BIGINT_MIN),
    ],
)
def test_parser_reads_ascii_digits(text, number):
    assert parse_int(text) == number


def test_thousands_separators_only_where_asked_and_only_in_threes():
    assert parse_int("12,000", thousands=True) == 12000
    assert parse_int("1,234,567", thousands=True) == 1234567
    for text in ("12,00", "1,2345", ",100", "١٢,٠٠٠"):
        with pytest.raises(IntegerParseError):
            parse_int(text, thousands=True)


@given(st.integers())
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_integer_in_ascii_round_trips_or_is_out_of_range(number):
    if BIGINT_MIN <= number <= BIGINT_MAX:
        assert parse_int(str(number)) == number
    else:
        with pytest.raises(IntegerParseError) as caught:
            parse_int(str(number))
        assert caught.value.code == "out_of_range"


@given(st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=30))
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_number_with_any_non_ascii_digit_is_refused(text):
    if text.isascii():
        return  # plain 0-9 are numbers; every other Nd/No/Nl character must be refused
    with pytest.raises(IntegerParseError):
        parse_int(text)


def test_a_thousand_digit_number_is_refused_without_converting_it():
    with pytest.raises(IntegerParseError) as caught:
        parse_int("9" * 100_000)  # int() would refuse past 4,300 digits with a ValueError
    assert caught.value.code == "out_of_range"


def test_column_bounds_follow_the_column_type():
    assert column_bounds(Product, "price") == (0, BIGINT_MAX)
    assert column_bounds(Product, "stock") == (0, INT_MAX)
    assert column_bounds(Product, "firm_id") == (BIGINT_MIN, BIGINT_MAX)


def assert_400(response, field, codes=("not_an_integer", "out_of_range")):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["field"] == field and error["message"]
    assert error["details"][0]["code"] in codes


BAD_NUMBERS = ["١٢٣", "１２", "²", "99999999999999999999999999", "-1", "1e3"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("name", ["page", "page_size", "price_min", "price_max", "firm"])
def test_product_list_parameters(api_client, name, value):
    if name in ("price_min", "price_max", "firm") and value == "-1":
        value = "-99999999999999999999"  # -1 is a number the column could hold in these
    assert_400(api_client.get("/api/v1/products/", {name: value}), name)


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("name", ["page", "page_size", "price_min", "price_max"])
def test_search_parameters(api_client, name, value):
    assert_400(api_client.get("/api/v1/search/products", {name: value}), name)


@pytest.mark.parametrize("value", ["١٢٣", "99999999999999999999999"])
def test_suggest_limit(api_client, value):
    assert_400(api_client.get("/api/v1/search/suggest", {"q": "쿠키", "limit": value}), "limit")


@pytest.mark.parametrize("value", ["١", "99999999999999999999999", "²"])
def test_category_parameter_that_is_no_id_is_an_unknown_category(api_client, value):
    response = api_client.get("/api/v1/products/", {"category": value})
    assert response.status_code == 400 and response.json()["error"]["field"] == "category"
    response = api_client.get("/api/v1/search/products", {"category": value})
    assert response.status_code == 400 and response.json()["error"]["field"] == "category"


def test_ascii_numbers_still_filter(api_client):
    cheap = ProductFactory(price=1000)
    ProductFactory(price=50_000)
    body = api_client.get("/api/v1/products/", {"price_max": "2000", "page": "1", "page_size": "5"}).json()
    assert [item["id"] for item in body["results"]] == [cheap.id]


def test_a_huge_id_in_a_path_is_a_404(api_client):
    response = api_client.get("/api/v1/products/99999999999999999999999999/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("value", ["١٢٣", "１２", 10**30, -(10**30), "²", True, 12.5])
@pytest.mark.parametrize("name", ["price", "stock", "min_order_quantity"])
def test_product_body_numbers(seller_client, name, value):
    payload = {"category": "bakery", "title": "쿠키", "price": 12000, name: value}
    response = seller_client.post("/api/v1/seller/products/", payload, format="json")
    assert_400(response, name)
    assert not Product.objects.exists()


@pytest.mark.parametrize("body", [{"stock": "١٢"}, {"delta": 10**40}, {"stock": "²"}])
def test_stock_body_numbers(seller_client, firm, body):
    product = ProductFactory(firm=firm, stock=5)
    response = seller_client.post(f"/api/v1/seller/products/{product.id}/stock/", body, format="json")
    assert_400(response, next(iter(body)))
    product.refresh_from_db()
    assert product.stock == 5


@pytest.mark.parametrize("value", ["٣", 10**12, "²"])
def test_cart_quantity(buyer_client, value):
    product = ProductFactory(stock=50)
    response = buyer_client.put(f"/api/v1/cart/items/{product.id}/", {"quantity": value}, format="json")
    assert_400(response, "quantity")


def test_every_integer_query_parameter_in_the_schema_refuses_unicode_digits(
    api_client, buyer_client, seller_client, operator_client
):
    """Generated from the OpenAPI schema, so a new endpoint's integer parameters are covered the day they land."""
    import yaml

    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    agency_client = client_for(agency_member().user)  # an approved agency's member in every role
    checked = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] != "query" or parameter["schema"].get("type") != "integer":
                continue
            client = (
                seller_client
                if path.startswith("/api/v1/seller/")
                else operator_client
                if path.startswith("/api/v1/operator/")
                else agency_client
                if path.startswith("/api/v1/agency/")
                else buyer_client
            )
            params = {"q": "쿠키"} if "suggest" in path else {}
            for value in ("١٢", "99999999999999999999999"):
                response = client.get(path, {**params, parameter["name"]: value})
                assert response.status_code == 400, (path, parameter["name"], value, response.content)
                assert response.json()["error"]["field"] == parameter["name"]
            checked.append((path, parameter["name"]))
    assert len(checked) >= 10, checked  # the product list, search, suggest and every paged list


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/seller/products/{digits}/",
        "/api/v1/seller/fulfilments/{digits}/",
        "/api/v1/seller/products/{id}/images/{digits}/",
    ],
)
def test_ids_in_paths_are_ascii_digits(seller_client, firm, path):
    """Django's path converters take [0-9]; a router's default lookup and a \\d pattern took '١' as 1."""
    product = ProductFactory(firm=firm)
    digits = "".join(chr(0x0660 + int(d)) for d in str(product.id))  # the id in Arabic-Indic digits
    method = seller_client.delete if "images" in path else seller_client.get
    response = method(path.format(id=product.id, digits=digits))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert seller_client.get(f"/api/v1/seller/products/{product.id}/").status_code == 200


def test_a_registration_number_in_other_digits_is_refused():
    from market.firms.validators import registration_number_is_valid
    from tests.factories import valid_registration_number

    number = valid_registration_number()
    assert registration_number_is_valid(number)
    assert not registration_number_is_valid("".join(chr(0xFF10 + int(d)) for d in number))  # full-width


def test_every_number_a_client_sends_is_read_by_our_fields(api_client):
    """Request bodies (the schema's *Request components) and query-parameter serializers: no DRF IntegerField or
    DecimalField of their own (they take '١٢' and numbers past the column)."""
    import inspect

    import yaml
    from rest_framework import serializers

    import api.v1.auth
    import api.v1.operator
    import api.v1.orders
    import api.v1.search
    import api.v1.seller
    import api.v1.serializers
    from api import fields

    requests = {
        name.removeprefix("Patched")
        for name in yaml.safe_load(api_client.get("/api/schema/").content)["components"]["schemas"]
        if name.endswith("Request")
    }
    classes = {
        cls
        for module in (api.v1.auth, api.v1.operator, api.v1.orders, api.v1.search, api.v1.seller, api.v1.serializers)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, serializers.Serializer) and cls.__module__.startswith("api.")
    }
    inputs = [
        cls
        for cls in classes
        if f"{cls.__name__.removesuffix('Serializer')}Request" in requests or cls.__name__.endswith("Params")
    ]
    assert len(inputs) >= 20, sorted(cls.__name__ for cls in inputs)

    def loose(serializer, path):
        for name, field in serializer.fields.items():
            child = getattr(field, "child", None) or getattr(field, "child_relation", None)
            for candidate in (field, child):
                if isinstance(candidate, serializers.Serializer):
                    yield from loose(candidate, f"{path}.{name}")
                elif (
                    isinstance(candidate, (serializers.IntegerField, serializers.DecimalField))
                    and not isinstance(candidate, (fields.IntegerField, fields.DecimalField))
                    and not field.read_only
                ):
                    yield f"{path}.{name}"

    found = [hit for cls in inputs for hit in loose(cls(), cls.__name__)]
    assert not found, f"use api.fields.IntegerField / DecimalField for: {found}"


@pytest.mark.parametrize("value", ["٥٠", "５０", "1e1"])
def test_a_decimal_in_other_digits_is_refused(seller_client, value):
    response = seller_client.patch("/api/v1/seller/firm/", {"vulnerable_employee_share": value}, format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "vulnerable_employee_share"
