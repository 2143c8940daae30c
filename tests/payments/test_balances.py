"""A firm's balances with nothing, or only some kinds of entries, booked: every figure is a number, zero where
nothing was booked (mutation testing found the defaults unpinned)."""

import pytest

from market.payments.models import SettlementEntry, SettlementKind
from market.payments.settlement import firm_balances
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


def test_a_firm_with_no_entries_has_all_zero_balances():
    balances = firm_balances(firm=FirmFactory())
    assert balances == {key: 0 for key in balances}
    assert {"sales", "fees", "refunds", "paid_out", "balance", "payable"} <= set(balances)


def test_each_figure_counts_only_its_own_kind():
    firm = FirmFactory()
    SettlementEntry.objects.create(firm=firm, kind=SettlementKind.PAYOUT, amount=-5000, key="payout:test")
    balances = firm_balances(firm=firm)
    assert (balances["sales"], balances["fees"], balances["refunds"], balances["paid_out"]) == (0, 0, 0, 5000)
    assert balances["balance"] == balances["payable"] == -5000  # an entry of no part always counts
