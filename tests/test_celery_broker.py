"""With REDIS_URL set, side effects travel through a real Redis broker to a real Celery worker."""

import io
import os
import time

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from market.catalog.images import product_image_add
from market.catalog.models import ProductImage
from market.celery import app
from tests.factories import ProductFactory
from tests.service_check import require_service

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def _needs_redis():
    # The test command always starts Redis (a missing one fails there); a bare local `pytest` may not have it.
    require_service(bool(REDIS_URL), "needs REDIS_URL (Redis)")


def _drop_broker_connections():
    """Forget pooled connections, so the next send opens one to the broker configured now. kombu keeps its
    pools in a process-wide registry: reset it too, or a later test's send (even an eager one) acquires
    from the closed pool ("Acquire on closed pool")."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_worker():
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _drop_broker_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _drop_broker_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_renditions_are_made_by_a_worker_fed_through_redis(redis_worker):
    assert REDIS_URL, "CI must run this test against Redis"
    with app.connection_for_write() as connection:
        assert connection.transport.driver_type == "redis"
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (10, 120, 80)).save(buffer, "JPEG")
    product = ProductFactory()
    image = product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", buffer.getvalue()))

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        image = ProductImage.objects.get(pk=image.pk)
        if image.renditions:
            break
        time.sleep(0.2)
    assert set(image.renditions) == {"thumbnail", "card", "large", "webp"}
