"""A designation valid until D is valid on D itself and not on D+1 (and valid from its first day, not the day
before): in the query (Designation.objects.valid, which listings and order reports use), in the Python check
(is_valid_on, which the daily visibility job uses) and in what they decide."""

import datetime

import pytest
from django.utils import timezone

from market.catalog.models import Product
from market.firms.models import Designation, DesignationStatus, Firm, FirmKind
from market.firms.services import firm_refresh_listing_visibility
from market.orders.services import order_place
from tests.factories import DesignationFactory, FirmFactory, ProductFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LAST_DAY = datetime.date(2027, 3, 31)
FIRST_DAY = datetime.date(2024, 4, 1)


@pytest.fixture
def designation():
    firm = FirmFactory(designation=False)
    return DesignationFactory(firm=firm, kind=FirmKind.SOCIAL_COOPERATIVE, start_date=FIRST_DAY, end_date=LAST_DAY)


def test_the_query_counts_the_first_and_the_last_day_and_nothing_outside(designation):
    def valid_on(day):
        return list(Designation.objects.valid(day).values_list("pk", flat=True))

    assert valid_on(LAST_DAY) == [designation.pk]
    assert valid_on(LAST_DAY + DAY) == []
    assert valid_on(FIRST_DAY) == [designation.pk]
    assert valid_on(FIRST_DAY - DAY) == []
    assert list(Firm.objects.with_valid_designation(LAST_DAY)) == [designation.firm]
    assert list(Firm.objects.with_valid_designation(LAST_DAY + DAY)) == []


def test_the_python_check_agrees_with_the_query(designation):
    assert designation.is_valid_on(LAST_DAY) and designation.is_valid_on(FIRST_DAY)
    assert not designation.is_valid_on(LAST_DAY + DAY)
    assert not designation.is_valid_on(FIRST_DAY - DAY)


def test_listings_stay_up_through_the_last_day_and_come_down_the_day_after(designation):
    firm = designation.firm
    product = ProductFactory(firm=firm)

    firm_refresh_listing_visibility(firm=firm, today=LAST_DAY)
    assert Product.objects.public().filter(pk=product.pk).exists()

    firm_refresh_listing_visibility(firm=firm, today=LAST_DAY + DAY)
    firm.refresh_from_db()
    assert not Product.objects.public().filter(pk=product.pk).exists()
    assert LAST_DAY.isoformat() in firm.listings_hidden_reason  # "expired on the last day", not before


def test_a_sale_on_the_last_day_is_reported_under_the_designation():
    today = timezone.localdate()
    firm = FirmFactory(designation={"kind": FirmKind.SOCIAL_COOPERATIVE, "end_date": today})
    buyer = UserFactory()
    order = order_place(buyer=buyer, cart=filled_cart(buyer, (ProductFactory(firm=firm), 1)), shipping=SHIPPING)
    assert order.lines.get().firm_kind == FirmKind.SOCIAL_COOPERATIVE


@pytest.mark.parametrize("status", [DesignationStatus.PENDING, DesignationStatus.REVOKED])
def test_only_an_active_designation_is_valid_inside_its_dates(designation, status):
    Designation.objects.filter(pk=designation.pk).update(status=status)
    designation.refresh_from_db()
    assert list(Designation.objects.valid(LAST_DAY)) == []
    assert list(Firm.objects.with_valid_designation(LAST_DAY)) == []
    assert not designation.is_valid_on(LAST_DAY)
