"""A revocation takes effect on a day: the designation was in force before it and not from it, in the query
and in the Python check alike; and the kind a firm's sales are reported under follows the public-purchasing
order (social enterprise first, then pre-social, cooperative, social cooperative, village, self-sufficiency,
social venture)."""

import datetime

import pytest
from django.utils import timezone

from market.core.errors import ApplicationError
from market.firms.models import Designation, DesignationStatus, FirmKind
from market.firms.selectors import firm_reported_kinds
from market.firms.services import designation_set_status
from tests.factories import DesignationFactory, FirmFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_revoked_designation_was_in_force_until_the_day_before_its_revocation():
    designation = DesignationFactory(start_date=datetime.date(2025, 1, 1))
    revoked_on = timezone.localdate() - 10 * DAY
    designation_set_status(
        designation=designation, status=DesignationStatus.REVOKED, reason="취소", effective_on=revoked_on
    )
    designation.refresh_from_db()
    assert designation.revoked_on == revoked_on
    for day, expected in [(revoked_on - DAY, True), (revoked_on, False), (timezone.localdate(), False)]:
        assert designation.is_valid_on(day) is expected
        assert Designation.objects.valid(day).filter(pk=designation.pk).exists() is expected
    designation.firm.refresh_from_db()
    assert designation.firm.listings_hidden_reason  # hidden today


def test_a_revocation_cannot_take_effect_in_the_future_and_reactivating_clears_it():
    designation = DesignationFactory()
    with pytest.raises(ApplicationError) as error:
        designation_set_status(
            designation=designation,
            status=DesignationStatus.REVOKED,
            reason="x",
            effective_on=timezone.localdate() + DAY,
        )
    assert error.value.field == "effective_on"
    designation_set_status(designation=designation, status=DesignationStatus.REVOKED, reason="x")
    assert designation.revoked_on == timezone.localdate()
    designation_set_status(designation=designation, status=DesignationStatus.ACTIVE)
    designation.refresh_from_db()
    assert designation.revoked_on is None and designation.is_valid_on()


def test_a_firm_with_several_designations_is_reported_under_the_first_in_the_public_order():
    cooperative_and_social = FirmFactory(designation={"kind": FirmKind.SOCIAL_COOPERATIVE})
    DesignationFactory(firm=cooperative_and_social, kind=FirmKind.COOPERATIVE)
    pre_and_venture = FirmFactory(designation={"kind": FirmKind.SOCIAL_VENTURE})
    DesignationFactory(firm=pre_and_venture, kind=FirmKind.PRE_SOCIAL_MINISTRY)
    lapsed = FirmFactory(designation={"end_date": timezone.localdate() - DAY})
    kinds = firm_reported_kinds([cooperative_and_social.pk, pre_and_venture.pk, lapsed.pk])
    assert kinds == {cooperative_and_social.pk: FirmKind.COOPERATIVE, pre_and_venture.pk: FirmKind.PRE_SOCIAL_MINISTRY}
    # On a day the lapsed firm's designation was in force it counts again.
    assert firm_reported_kinds([lapsed.pk], on=timezone.localdate() - 2 * DAY) == {
        lapsed.pk: FirmKind.SOCIAL_ENTERPRISE
    }
