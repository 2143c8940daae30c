"""Operators see regimes, qualifications, agencies' years and plans in the admin, and change none of them there:
changes go through the API's services, which check them."""

import datetime

import pytest

from market.procurement.models import AgencyPlanTarget, AgencyYear, FirmQualification, ProcurementRegime
from tests.factories import FirmFactory
from tests.procurement.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_the_lists_show_the_rows_and_offer_no_change(admin_client):
    agency = AgencyFactory(name="성북구청")
    regime = ProcurementRegime.objects.get(code="women_owned")
    FirmQualification.objects.create(
        firm=FirmFactory(name="여성기업 다온"), kind="women_owned", start_date=datetime.date(2024, 1, 1)
    )
    AgencyYear.objects.create(agency=agency, year=2024, total_purchasing=1_000_000)
    AgencyPlanTarget.objects.create(agency=agency, year=2024, regime=regime, target_amount=50_000)
    for model, shown in [
        ("procurementregime", "여성기업 제품"),
        ("firmqualification", "여성기업 다온"),
        ("agencyyear", "성북구청"),
        ("agencyplantarget", "성북구청"),
    ]:
        page = admin_client.get(f"/admin/procurement/{model}/")
        assert page.status_code == 200 and shown in page.content.decode(), model
        assert admin_client.get(f"/admin/procurement/{model}/add/").status_code == 403, model
    assert (
        admin_client.post(f"/admin/procurement/procurementregime/{regime.pk}/change/", {"name": "x"}).status_code == 403
    )
    assert ProcurementRegime.objects.get(pk=regime.pk).name == "여성기업 제품"
