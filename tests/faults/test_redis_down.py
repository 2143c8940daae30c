"""Redis (the Celery broker) stops: requests that need no broker work; tasks they make are recorded, then sent."""

import io

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from market.core.models import DeferredTask
from market.core.tasks import resend_deferred_tasks
from market.orders.models import Order, OrderStatus
from market.settings.base import redis_cache
from tests.conftest import client_for
from tests.factories import ProductFactory, UserFactory
from tests.faults.conftest import celery_broker, wait_for
from tests.faults.proxy import FaultProxy
from tests.payments.localstripe import localstripe_url, require_server

SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broker_down_then_back(own_redis, settings):
    require_server(localstripe_url(), "localstripe")
    settings.STRIPE_API_BASE = localstripe_url()
    # Production keeps the cache (throttle counters) on the same Redis.
    settings.CACHES = {"default": redis_cache(own_redis.url)}
    product = ProductFactory(title="햇살 들기름 한 병", price=12000, stock=5)
    buyer = UserFactory()
    buyer.set_password("a-long-password-1234")
    buyer.save()
    client = client_for(buyer)

    with celery_broker(own_redis.url):
        own_redis.kill()
        # Sign-in (throttled through the cache), reads and writes that send no task answer as usual.
        signed_in = APIClient().post(
            "/api/v1/auth/token/", {"email": buyer.email, "password": "a-long-password-1234"}, format="json"
        )
        assert signed_in.status_code == 200, signed_in.content
        assert client.get("/api/v1/products/").status_code == 200
        assert client.get(f"/api/v1/products/{product.pk}/").status_code == 200
        assert client.get("/api/v1/search/products", {"q": "들기름"}).status_code == 200
        assert client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": 2}, format="json").status_code == 200

        # Checkout commits, then cannot send its e-mail or its search update: both are recorded, not lost.
        response = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
        assert response.status_code == 201, response.content
        order = Order.objects.get(pk=response.json()["id"])
        assert order.status == OrderStatus.PENDING_PAYMENT
        deferred = {row.task_name: row for row in DeferredTask.objects.all()}
        assert set(deferred) == {"market.orders.tasks.send_order_email", "search.tasks.flush_pending_index_updates"}
        assert deferred["market.orders.tasks.send_order_email"].args == [order.pk, "placed", {}]
        assert all(row.last_error for row in deferred.values())

        # Still down: the resend keeps every row for the next run.
        assert resend_deferred_tasks.apply().get() == 0
        assert DeferredTask.objects.count() == 2

        own_redis.start()  # back, on the same port
        out = io.StringIO()
        call_command("resend_deferred_tasks", stdout=out)  # what beat runs every minute, by hand
        assert out.getvalue().strip() == "2 deferred tasks sent"
        assert not DeferredTask.objects.exists()
        assert own_redis.command("LLEN", "celery") == "2"  # queued on the broker

        mail.outbox.clear()
        with start_worker(app_for_worker(), pool="solo", perform_ping_check=False, shutdown_timeout=10):
            wait_for(lambda: mail.outbox, timeout=30, what="the order e-mail")
        assert [m.to for m in mail.outbox] == [[buyer.email]] and order.number in mail.outbox[0].subject


def app_for_worker():
    from market.celery import app

    return app


def test_beat_resends_deferred_tasks_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["core-resend-deferred-tasks"]
    assert schedule["task"] == resend_deferred_tasks.name and schedule["schedule"] <= 60


@pytest.mark.django_db
def test_a_hung_broker_does_not_hang_the_request(own_redis, seller_client, firm, django_capture_on_commit_callbacks):
    """Redis takes the connection and never answers: the send gives up within the broker's socket timeout
    (CELERY_BROKER_TRANSPORT_OPTIONS) and the task is recorded; the seller's change is saved."""
    product = ProductFactory(firm=firm, stock=5)
    with FaultProxy("127.0.0.1", own_redis.port) as proxy, celery_broker(f"redis://127.0.0.1:{proxy.port}/0"):
        proxy.hold_responses()
        with django_capture_on_commit_callbacks(execute=True):
            response = seller_client.post(f"/api/v1/seller/products/{product.pk}/stock/", {"stock": 9}, format="json")
        assert proxy.held.is_set()  # the send did reach Redis, which kept its answer
        proxy.release_responses()
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.stock == 9
    assert list(DeferredTask.objects.values_list("task_name", flat=True)) == [
        "search.tasks.flush_pending_index_updates"
    ]
