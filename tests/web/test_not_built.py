"""Before the web UI is built (a fresh clone), / and the app routes say how to build it; the API works."""

import pytest
from django.test import Client

from tests.factories import ProductFactory
from tests.web.fake_build import write_fake_build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unbuilt_ui")]


@pytest.mark.parametrize("path", ["/", "/seller/listings/3"])
def test_before_the_build_the_page_says_how_to_build(path):
    response = Client().get(path)
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "npm ci &amp;&amp; npm run build" in text and "scripts/demo.sh" in text and 'id="root"' not in text
    assert Client().get("/api/v1/products/").status_code == 200  # the API works meanwhile


def test_a_build_made_after_the_server_started_asks_for_a_restart(unbuilt_ui):
    product = ProductFactory()
    client = Client()
    assert "npm run build" in client.get("/").content.decode()  # django-vite has now read (no) manifest
    write_fake_build(unbuilt_ui.parent.parent)
    response = client.get(f"/products/{product.pk}")
    assert response.status_code == 503 and "Restart the server" in response.content.decode()
