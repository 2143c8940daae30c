"""The webhook inbox tells the app that issued an invoice that the gateway saw it paid (or voided), in our words:
gateway_invoice_event with kind INVOICE_PAID and the invoice's id, once per event however often it comes."""

import json

import pytest

from market.payments.models import WebhookEvent
from market.payments.provider import GatewayError, GatewayEventKind
from market.payments.services import gateway_invoice_event, webhook_process
from tests.payments.localstripe import sign_webhook

pytestmark = pytest.mark.django_db
WEBHOOK = "/api/v1/payments/stripe/webhook/"
SECRET = "whsec_gachi_invoice_webhooks"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, *, signal, **kwargs):
        calls.append(kwargs)

    gateway_invoice_event.connect(receiver, weak=False)
    yield calls
    gateway_invoice_event.disconnect(receiver)


def _event(event_id: str, event_type: str, object_id: str, obj: str = "invoice") -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": 1764500000,
            "data": {"object": {"id": object_id, "object": obj, "status": "paid", "paid_out_of_band": True}},
        }
    ).encode()


def _post(api_client, body: bytes):
    return api_client.generic(
        "POST", WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign_webhook(body, SECRET)
    )


def test_an_invoice_paid_event_is_announced_once_in_our_words(api_client, heard, django_capture_on_commit_callbacks):
    body = _event("evt_invoice_paid_1", "invoice.paid", "in_1GachiInvoice12")
    for _ in range(3):  # the gateway may send it again
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(api_client, body).status_code == 200

    assert heard == [
        {"kind": GatewayEventKind.INVOICE_PAID, "invoice_id": "in_1GachiInvoice12", "event_id": "evt_invoice_paid_1"}
    ]
    stored = WebhookEvent.objects.get()
    # The inbox keeps the gateway's own type, for the record.
    assert (stored.type, stored.object_id, stored.attempts) == ("invoice.paid", "in_1GachiInvoice12", 1)
    assert stored.processed_at is not None


def test_a_voided_invoice_is_announced_and_types_we_do_not_act_on_are_stored_only(
    api_client, heard, django_capture_on_commit_callbacks
):
    events = [
        _event("evt_void", "invoice.voided", "in_1GachiInvoice13"),
        _event("evt_sent", "invoice.sent", "in_1GachiInvoice13"),
        _event("evt_charge", "charge.succeeded", "ch_1", obj="charge"),
    ]
    for body in events:
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(api_client, body).status_code == 200

    assert heard == [
        {"kind": GatewayEventKind.INVOICE_VOIDED, "invoice_id": "in_1GachiInvoice13", "event_id": "evt_void"}
    ]
    stored = dict(WebhookEvent.objects.values_list("event_id", "attempts"))
    assert stored == {"evt_void": 1, "evt_sent": 0, "evt_charge": 0}  # the last two never went to the task
    assert not WebhookEvent.objects.filter(processed_at=None).exists()


def test_a_receiver_that_fails_leaves_the_event_to_be_tried_again(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the task is not run here: we run it below
        assert _post(api_client, _event("evt_invoice_paid_2", "invoice.paid", "in_1GachiInvoice14")).status_code == 200
    event = WebhookEvent.objects.get()
    outcomes = iter([GatewayError("the gateway is away"), None])
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs["invoice_id"])
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    gateway_invoice_event.connect(receiver, weak=False)
    try:
        with pytest.raises(GatewayError):
            webhook_process(event_pk=event.pk)
        event.refresh_from_db()
        assert event.processed_at is None and event.attempts == 1

        assert webhook_process(event_pk=event.pk) is True  # the task's retry
        assert webhook_process(event_pk=event.pk) is False  # done: a third run changes nothing
    finally:
        gateway_invoice_event.disconnect(receiver)
    event.refresh_from_db()
    assert event.processed_at is not None and event.attempts == 2
    assert calls == ["in_1GachiInvoice14", "in_1GachiInvoice14"]
