"""A firm sells only while it holds a valid designation; the daily job keeps that true as dates pass."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from market.catalog.models import Product
from market.firms.models import DesignationStatus, FirmKind
from market.firms.services import designation_add, firms_refresh_listing_visibility
from market.firms.tasks import sync_listing_visibility
from tests.factories import DesignationFactory, FirmFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def public_ids():
    return set(Product.objects.public().values_list("id", flat=True))


def test_the_daily_job_hides_listings_when_the_last_designation_lapses_and_says_why():
    firm = FirmFactory(
        designation={"kind": FirmKind.PRE_SOCIAL_REGIONAL, "end_date": TODAY + datetime.timedelta(days=3)}
    )
    product = ProductFactory(firm=firm)
    assert public_ids() == {product.id}

    assert firms_refresh_listing_visibility(today=TODAY + datetime.timedelta(days=4)) == {"hidden": 1, "shown": 0}
    firm.refresh_from_db()
    product.refresh_from_db()
    assert public_ids() == set()
    expiry = (TODAY + datetime.timedelta(days=3)).isoformat()
    assert expiry in firm.listings_hidden_reason and expiry in product.hidden_reason

    # Running it again changes nothing.
    assert firms_refresh_listing_visibility(today=TODAY + datetime.timedelta(days=4)) == {"hidden": 0, "shown": 0}


def test_a_new_valid_designation_shows_the_listings_again():
    firm = FirmFactory(designation={"end_date": TODAY - datetime.timedelta(days=1)})
    firms_refresh_listing_visibility()
    product = ProductFactory(firm=firm)
    assert public_ids() == set()
    designation_add(firm=firm, kind=FirmKind.COOPERATIVE, start_date=TODAY, status=DesignationStatus.ACTIVE)
    firm.refresh_from_db()
    assert firm.listings_hidden_reason == "" and public_ids() == {product.id}


def test_one_valid_designation_among_lapsed_ones_keeps_the_firm_selling():
    firm = FirmFactory(designation={"end_date": TODAY - datetime.timedelta(days=10)})
    DesignationFactory(firm=firm, kind=FirmKind.SOCIAL_VENTURE)
    product = ProductFactory(firm=firm)
    firms_refresh_listing_visibility()
    assert public_ids() == {product.id}


def test_future_designation_does_not_count_yet():
    firm = FirmFactory(designation={"start_date": TODAY + datetime.timedelta(days=5)})
    ProductFactory(firm=firm)
    assert firms_refresh_listing_visibility() == {"hidden": 1, "shown": 0}
    assert firms_refresh_listing_visibility(today=TODAY + datetime.timedelta(days=5)) == {"hidden": 0, "shown": 1}


def test_the_job_is_scheduled_daily_and_runs_as_a_celery_task():
    schedule = settings.CELERY_BEAT_SCHEDULE["firms-sync-listing-visibility"]
    assert schedule["task"] == sync_listing_visibility.name
    firm = FirmFactory(designation={"end_date": TODAY - datetime.timedelta(days=1)})
    result = sync_listing_visibility.delay()
    assert result.get() == {"hidden": 1, "shown": 0}
    firm.refresh_from_db()
    assert firm.listings_hidden_reason
