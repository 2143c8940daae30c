"""Factories for public procurement tests. They write rows directly (facts for a test to start from); the
flows under test go through the services."""

import datetime

import factory
from django.utils import timezone

from market.core.tax import split_vat
from market.firms.models import District
from market.procurement.models import (
    Agency,
    AgencyKind,
    AgencyMember,
    AgencyStatus,
    Purchase,
    PurchaseChannel,
    PurchaseLine,
    PurchaseStatus,
)
from market.procurement.numbers import new_number
from tests.factories import FirmFactory, UserFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    """An approved agency in Mapo-gu."""

    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"서울시 공공기관 {n}")
    kind = AgencyKind.PUBLIC_INSTITUTION
    district = factory.LazyFunction(lambda: District.objects.get(code="11440"))
    business_number = ""
    status = AgencyStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


ALL_ROLES = ("requester", "approver", "inspector", "admin")


def agency_member(agency=None, *roles: str, user=None) -> AgencyMember:
    """A user acting for `agency` (a new approved one by default) in `roles` (every role when none given)."""
    agency = agency or AgencyFactory()
    roles = roles or ALL_ROLES
    return AgencyMember.objects.create(
        agency=agency, user=user or UserFactory(), **{f"is_{role}": True for role in roles}
    )


def ordered_purchase(
    *, agency=None, firm=None, lines=((10, 11_000, False),), requester=None, approved_on: datetime.date | None = None
) -> Purchase:
    """A purchase already approved (ordered from the firm): `lines` are (quantity, unit price VAT included,
    VAT-exempt). For tests of delivery, inspection, invoices and performance."""
    agency = agency or AgencyFactory()
    firm = firm or FirmFactory()
    requester = requester or agency_member(agency, "requester").user
    approved_at = (
        timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(10)))
        if approved_on
        else timezone.now()
    )
    purchase = Purchase.objects.create(
        number=new_number("purchase"),
        agency=agency,
        requester=requester,
        firm=firm,
        channel=PurchaseChannel.BUY_NOW,
        status=PurchaseStatus.ORDERED,
        title="사무용품",
        delivery_place="서울특별시 중구 세종대로 110",
        delivery_date=(approved_at + datetime.timedelta(days=14)).date(),
        agency_district=agency.district,
        firm_district=firm.district,
        submitted_at=approved_at,
        approved_at=approved_at,
        created_at=approved_at,
    )
    supply_total = vat_total = 0
    for n, (quantity, unit_price, exempt) in enumerate(lines):
        supply, vat = split_vat(unit_price * quantity, exempt=exempt)
        PurchaseLine.objects.create(
            purchase=purchase,
            title=f"품목 {n + 1}",
            unit="개",
            quantity=quantity,
            unit_price=unit_price,
            vat_exempt=exempt,
            line_total=unit_price * quantity,
            supply_value=supply,
            vat=vat,
        )
        supply_total += supply
        vat_total += vat
    purchase.supply_total, purchase.vat_total, purchase.total = supply_total, vat_total, supply_total + vat_total
    purchase.save(update_fields=["supply_total", "vat_total", "total"])
    return purchase
