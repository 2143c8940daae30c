"""What a payout sends to Stripe Connect, and the payout file's columns (mutation testing found both unpinned:
stripe-mock answers every transfer with the same canned object, so the suite could not see the amount, the
destination or the group, nor a transfer attempted for a firm without an account).

The gateway is stubbed at its one wrapper (market.payments.provider), which is what these tests are about: the
call our code makes. The real request shapes are checked against stripe-mock in tests/payments/test_stripe_gateway.py.
"""

import csv
import io

import pytest

from market.payments import provider
from market.payments.models import Payout, PayoutBatch, PayoutStatus
from market.payments.provider import TransferData
from market.payments.settlement import payout_batch_csv, payout_transfer
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


class RecordingConnect:
    def __init__(self):
        self.calls = []

    def create_transfer(self, **kwargs):
        self.calls.append(kwargs)
        return TransferData(
            id=f"tr_test{len(self.calls)}",
            amount=kwargs["amount"],
            currency="krw",
            destination=kwargs["destination"],
            transfer_group=kwargs["transfer_group"],
        )


@pytest.fixture
def connect(monkeypatch):
    recorder = RecordingConnect()
    monkeypatch.setattr(provider, "get_connect_provider", lambda: recorder)
    return recorder


def _payout(*, account: str, amount: int = 22800, status=PayoutStatus.PENDING) -> Payout:
    firm = FirmFactory(stripe_account_id=account)
    return Payout.objects.create(batch=PayoutBatch.objects.create(), firm=firm, amount=amount, status=status)


def test_a_payout_transfers_its_amount_to_its_firm_in_its_batch_group(connect):
    payout = _payout(account="acct_1032D82eZvKYlo2C")
    paid = payout_transfer(payout_id=payout.pk)
    assert connect.calls == [
        {
            "amount": 22800,
            "destination": "acct_1032D82eZvKYlo2C",
            "transfer_group": f"gachi-payout-batch-{payout.batch_id}",
            "idempotency_key": f"gachi-payout-{payout.pk}-transfer",
        }
    ]
    assert (paid.status, paid.transfer_id) == (PayoutStatus.TRANSFERRED, "tr_test1")


def test_no_transfer_for_a_firm_without_an_account_nor_for_a_payout_already_transferred(connect):
    by_bank = _payout(account="")
    done = _payout(account="acct_1032D82eZvKYlo2C", status=PayoutStatus.TRANSFERRED)
    assert payout_transfer(payout_id=by_bank.pk).status == PayoutStatus.PENDING  # paid from the CSV instead
    assert payout_transfer(payout_id=done.pk).status == PayoutStatus.TRANSFERRED
    assert connect.calls == []


def test_the_payout_file_has_the_columns_the_bank_transfer_sheet_expects():
    payout = _payout(account="")
    rows = list(csv.reader(io.StringIO(payout_batch_csv(batch=payout.batch))))
    assert rows[0] == ["batch", "firm_id", "firm_name", "registration_number", "amount_krw", "status", "transfer_id"]
    assert rows[1][:2] == [str(payout.batch_id), str(payout.firm_id)] and rows[1][4] == "22800"
