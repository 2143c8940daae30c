"""Volume price tiers: the seller's service refuses bad tiers row by row, unit_price_for picks the tier for a
quantity at its boundaries, the minimum order has one home, and the VAT-exempt flag is a product field."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from market.catalog.models import PriceTier, Product
from market.catalog.pricing import minimum_quantity_refusal, unit_price_for, with_price_tiers
from market.catalog.services import (
    MAX_PRICE_TIERS,
    format_price_tiers,
    parse_price_tiers,
    product_create,
    product_set_price_tiers,
    product_update,
)
from market.core.errors import ApplicationError
from tests.factories import FirmFactory, ProductFactory, category

pytestmark = pytest.mark.django_db


def tiers_of(product) -> list[tuple[int, int]]:
    return list(PriceTier.objects.filter(product=product).values_list("min_quantity", "unit_price"))


def refusal(product, tiers) -> ApplicationError:
    with pytest.raises(ApplicationError) as raised:
        product_set_price_tiers(product=product, tiers=tiers)
    return raised.value


# --- the service --------------------------------------------------------------------------------------------
def test_tiers_are_stored_in_quantity_order_and_replaced_as_a_whole():
    product = ProductFactory(price=10_000)
    product_set_price_tiers(
        product=product, tiers=[{"min_quantity": 50, "unit_price": 8_500}, {"min_quantity": 10, "unit_price": 9_000}]
    )
    assert tiers_of(product) == [(10, 9_000), (50, 8_500)]
    product_set_price_tiers(product=product, tiers=[{"min_quantity": 5, "unit_price": 9_900}])
    assert tiers_of(product) == [(5, 9_900)]
    product_set_price_tiers(product=product, tiers=[])
    assert tiers_of(product) == []


def test_a_tier_must_be_strictly_below_the_price_and_every_smaller_tier():
    product = ProductFactory(price=10_000)
    equal = refusal(product, [{"min_quantity": 10, "unit_price": 10_000}])
    assert (equal.code, equal.field) == ("tier_price_not_lower", "price_tiers[0].unit_price")
    assert "10,000" in equal.message

    # Row 0 (50+) is fine; row 1 (100+) costs the same as 50+; row 2 (10+) is fine below the price.
    rising = refusal(
        product,
        [
            {"min_quantity": 50, "unit_price": 8_000},
            {"min_quantity": 100, "unit_price": 8_000},
            {"min_quantity": 10, "unit_price": 9_000},
        ],
    )
    assert [d["field"] for d in rising.details] == ["price_tiers[1].unit_price"]
    assert rising.details[0]["code"] == "tier_price_not_lower"
    assert tiers_of(product) == []  # nothing half-written


def test_every_bad_row_is_named_at_once():
    product = ProductFactory(price=10_000)
    error = refusal(
        product,
        [
            {"min_quantity": 1, "unit_price": 9_000},  # below 2
            {"min_quantity": 10, "unit_price": 0},  # below 1 won
            {"min_quantity": 20, "unit_price": 8_000},
            {"min_quantity": 20, "unit_price": 7_000},  # the same quantity again
            {"min_quantity": "30", "unit_price": 6_000},  # not a number (the API's serializer parses text)
            {"min_quantity": 40},  # no price
        ],
    )
    assert [(d["field"], d["code"]) for d in error.details] == [
        ("price_tiers[0].min_quantity", "out_of_range"),
        ("price_tiers[1].unit_price", "out_of_range"),
        ("price_tiers[3].min_quantity", "duplicate_tier"),
        ("price_tiers[4].min_quantity", "not_an_integer"),
        ("price_tiers[5].unit_price", "not_an_integer"),
    ]
    assert (error.field, error.code) == ("price_tiers[0].min_quantity", "out_of_range")


def test_the_list_itself_is_checked():
    product = ProductFactory(price=10_000)
    too_many = [{"min_quantity": 2 + i, "unit_price": 9_000 - i} for i in range(MAX_PRICE_TIERS + 1)]
    assert refusal(product, too_many).code == "too_many_tiers"
    assert refusal(product, "10:9000").field == "price_tiers"
    assert refusal(product, [{"min_quantity": 10, "unit_price": 9_000, "note": "x"}]).code == "invalid"
    product_set_price_tiers(product=product, tiers=too_many[:MAX_PRICE_TIERS])
    assert len(tiers_of(product)) == MAX_PRICE_TIERS


def test_a_new_price_must_stay_above_the_stored_tiers():
    product = ProductFactory(price=10_000)
    product_set_price_tiers(product=product, tiers=[{"min_quantity": 10, "unit_price": 9_000}])
    with pytest.raises(ApplicationError) as raised:
        product_update(product=product, price=9_000)
    assert (raised.value.code, raised.value.field) == ("tier_price_not_lower", "price")
    assert Product.objects.get(pk=product.pk).price == 10_000
    # Price and tiers changed together are checked against each other.
    product_update(product=product, price=9_000, price_tiers=[{"min_quantity": 10, "unit_price": 8_000}])
    assert Product.objects.get(pk=product.pk).price == 9_000 and tiers_of(product) == [(10, 8_000)]
    product_update(product=product, price=20_000)  # a higher price leaves the tiers below it
    assert tiers_of(product) == [(10, 8_000)]


def test_a_stale_copy_is_checked_against_what_is_stored():
    """Another writer changed the price after this copy was read: the check under the row's lock sees it."""
    product = ProductFactory(price=10_000)
    stale = Product.objects.get(pk=product.pk)
    product_update(product=product, price=8_000)
    error = refusal(stale, [{"min_quantity": 10, "unit_price": 9_000}])
    assert error.code == "tier_price_not_lower" and "8,000" in error.message
    assert tiers_of(product) == []


def test_product_create_takes_tiers_and_vat_exempt():
    firm = FirmFactory()
    product = product_create(
        firm=firm,
        category=category(),
        title="유기농 쌀 10kg",
        price=40_000,
        vat_exempt=True,
        price_tiers=[{"min_quantity": 20, "unit_price": 37_000}],
    )
    assert Product.objects.get(pk=product.pk).vat_exempt is True
    assert tiers_of(product) == [(20, 37_000)]
    assert ProductFactory().vat_exempt is False
    with pytest.raises(ApplicationError) as raised:
        product_update(product=product, vat_exempt="yes")
    assert (raised.value.code, raised.value.field) == ("not_a_boolean", "vat_exempt")


def test_the_database_refuses_what_the_service_would():
    product = ProductFactory()
    PriceTier.objects.create(product=product, min_quantity=10, unit_price=9_000)
    for row in ({"min_quantity": 10, "unit_price": 8_000}, {"min_quantity": 1, "unit_price": 1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PriceTier.objects.create(product=product, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        PriceTier.objects.create(product=product, min_quantity=20, unit_price=0)


# --- the notation of the CSV column and the admin ---------------------------------------------------------------
def test_the_text_notation_reads_and_writes():
    assert parse_price_tiers("10:9000; 50:8,500|100 : 8000") == [
        {"min_quantity": 10, "unit_price": 9_000},
        {"min_quantity": 50, "unit_price": 8_500},
        {"min_quantity": 100, "unit_price": 8_000},
    ]
    assert parse_price_tiers(" ; ") == []
    for bad in ("10=9000", "10:", "ten:9000", "10:9000:1"):
        with pytest.raises(ApplicationError) as raised:
            parse_price_tiers(bad)
        assert raised.value.field == "price_tiers"
    product = ProductFactory(price=10_000)
    product_set_price_tiers(product=product, tiers=parse_price_tiers("50:8500;10:9000"))
    assert format_price_tiers(product.price_tiers.all()) == "10:9000;50:8500"


# --- the price for a quantity -------------------------------------------------------------------------------
def test_unit_price_for_takes_the_largest_tier_not_above_the_quantity():
    product = ProductFactory(price=10_000)
    product_set_price_tiers(
        product=product, tiers=[{"min_quantity": 10, "unit_price": 9_000}, {"min_quantity": 50, "unit_price": 8_500}]
    )
    product = with_price_tiers(Product.objects.filter(pk=product.pk)).get()
    expected = {1: 10_000, 9: 10_000, 10: 9_000, 11: 9_000, 49: 9_000, 50: 8_500, 51: 8_500, 10_000: 8_500}
    with CaptureQueriesContext(connection) as captured:
        assert {q: unit_price_for(product, q) for q in expected} == expected
    assert len(captured) == 0  # prefetched: no query per line
    assert unit_price_for(ProductFactory(price=7_000), 1_000) == 7_000  # no tiers: the product's price
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            unit_price_for(product, bad)


def test_a_list_of_products_prices_in_one_query_for_the_tiers():
    products = [ProductFactory(price=10_000) for _ in range(4)]
    for i, product in enumerate(products):
        product_set_price_tiers(product=product, tiers=[{"min_quantity": 2 + i, "unit_price": 9_000 - i}])
    with CaptureQueriesContext(connection) as captured:
        prices = [
            unit_price_for(p, 5) for p in with_price_tiers(Product.objects.filter(pk__in=[p.pk for p in products]))
        ]
    assert sorted(prices) == [8_997, 8_998, 8_999, 9_000] and len(captured) == 2


def test_minimum_quantity_refusal_is_none_from_the_minimum_up():
    product = ProductFactory(min_order_quantity=5, unit="개")
    assert minimum_quantity_refusal(product, 5) is None and minimum_quantity_refusal(product, 6) is None
    error = minimum_quantity_refusal(product, 4, field="items")
    assert (error.code, error.field, error.status) == ("below_minimum_quantity", "items", 400)
    assert error.details == [
        {"field": "items", "product_id": product.pk, "code": "below_minimum_quantity", "message": error.message}
    ]
    assert "5개" in error.message and product.title in error.message


# --- the CSV import --------------------------------------------------------------------------------------------
def test_the_csv_import_sets_tiers_and_vat_exempt_and_reports_a_bad_row():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from market.catalog.import_csv import products_import_csv

    def csv_file(text):
        return SimpleUploadedFile("products.csv", text.encode("utf-8"), content_type="text/csv")

    firm = FirmFactory()
    existing = ProductFactory(firm=firm, sku="R-1", price=40_000)
    product_set_price_tiers(product=existing, tiers=[{"min_quantity": 5, "unit_price": 39_000}])
    header = "sku,title,category,price,vat_exempt,price_tiers\n"
    result = products_import_csv(
        firm=firm,
        file=csv_file(
            header
            + 'R-1,유기농 쌀,bakery,40000,면세,"10:38,000;50:36000"\n'
            + "C-2,쿠키,bakery,12000,0,\n"
            + "C-3,비누,bakery,5000,,-\n"
        ),
    )
    assert result == {"created": 2, "updated": 1, "rows": 3}
    existing.refresh_from_db()
    assert existing.vat_exempt is True and tiers_of(existing) == [(10, 38_000), (50, 36_000)]
    assert Product.objects.get(sku="C-2").vat_exempt is False and tiers_of(Product.objects.get(sku="C-2")) == []

    with pytest.raises(ApplicationError) as raised:
        products_import_csv(
            firm=firm,
            file=csv_file(header + "R-1,유기농 쌀,bakery,40000,maybe,\nC-2,쿠키,bakery,12000,,10:13000\n"),
        )
    assert [(d["line"], d["field"], d["code"]) for d in raised.value.details] == [
        (2, "vat_exempt", "not_a_boolean"),
        (3, "price_tiers[0].unit_price", "tier_price_not_lower"),
    ]
    # A lower price in the file than a stored tier is the price's fault; "-" then clears the tiers.
    with pytest.raises(ApplicationError) as raised:
        products_import_csv(firm=firm, file=csv_file(header + "R-1,유기농 쌀,bakery,30000,,\n"))
    assert raised.value.details[0]["field"] == "price"
    products_import_csv(firm=firm, file=csv_file(header + "R-1,유기농 쌀,bakery,30000,,-\n"))
    assert tiers_of(existing) == [] and Product.objects.get(pk=existing.pk).price == 30_000


# --- the admin --------------------------------------------------------------------------------------------------
def test_the_admin_edits_tiers_through_the_service():
    from django.test import Client
    from django.urls import reverse

    from tests.catalog.test_admin_search_sync import form_data
    from tests.factories import OperatorFactory

    client = Client()
    client.force_login(OperatorFactory(is_superuser=True))
    product = ProductFactory(price=10_000)
    product_set_price_tiers(product=product, tiers=[{"min_quantity": 10, "unit_price": 9_000}])
    url = reverse("admin:catalog_product_change", args=[product.pk])
    page = client.get(url)
    assert page.context["adminform"].form["price_tiers"].value() == "10:9000"

    refused = client.post(url, {**form_data(page), "price_tiers": "10:9000;50:9500"})
    assert refused.status_code == 200
    assert "50" in " ".join(refused.context["adminform"].form.errors["price_tiers"])
    unreadable = client.post(url, {**form_data(page), "price_tiers": "10=9000"})
    assert "price_tiers" in unreadable.context["adminform"].form.errors
    assert tiers_of(product) == [(10, 9_000)]

    saved = client.post(url, {**form_data(page), "price_tiers": "20:8000; 5:9500", "vat_exempt": "on"})
    assert saved.status_code == 302
    assert tiers_of(product) == [(5, 9_500), (20, 8_000)] and Product.objects.get(pk=product.pk).vat_exempt is True
