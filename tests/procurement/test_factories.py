import pytest

from tests.procurement.factories import agency_member, ordered_purchase

pytestmark = pytest.mark.django_db


def test_an_ordered_purchase_adds_up_its_lines_with_vat_split():
    purchase = ordered_purchase(lines=((10, 11_000, False), (3, 5_000, True)))
    assert [(line.supply_value, line.vat) for line in purchase.lines.all()] == [(100_000, 10_000), (15_000, 0)]
    assert (purchase.supply_total, purchase.vat_total, purchase.total) == (115_000, 10_000, 125_000)


def test_a_member_has_the_roles_asked_for():
    member = agency_member(None, "approver")
    assert member.roles == ["approver"] and member.has_role("approver") and not member.has_role("requester")
