"""Content-Security-Policy on every response, pages that work under it, and `check --deploy` clean.

No browser runs here: the tests read the header and check that the pages we serve carry no inline script
(every <script> has a src, no on*= handlers), which is what the policy would block.
"""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import OperatorFactory, ProductFactory
from tests.web.fake_build import built_ui, write_fake_build  # noqa: F401 (built_ui: a fixture)

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def stripe_js_origin() -> str:
    from django.conf import settings

    return "/".join(settings.STRIPE_JS_URL.split("/")[:3])


def assert_strict(directives: dict, *, inline_styles=False):
    assert directives["default-src"] == ["'self'"]
    # The Stripe.js URL (Stripe's own in production, localstripe's stand-in here) is the only third-party script.
    assert directives["script-src"] == ["'self'", stripe_js_origin()]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["form-action"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert stripe_js_origin() in directives["frame-src"]
    assert not any("unsafe" in value for name, values in directives.items() if name != "style-src" for value in values)
    assert ("'unsafe-inline'" in directives["style-src"]) is inline_styles


class _Scripts(HTMLParser):
    """Every <script> and whether it has a src; every inline event handler attribute."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self._in_script, self.inline_code = [], [], False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attrs.get("src"))
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_code.append(data.strip())


def scripts_of(response) -> _Scripts:
    parser = _Scripts()
    parser.feed(response.content.decode())
    return parser


def assert_no_inline_script(response):
    found = scripts_of(response)
    assert found.scripts, "expected the page to load scripts"
    assert all(found.scripts) and not found.inline_code and not found.handlers, (found.inline_code, found.handlers)


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/products/", "/api/schema/", "/api/v1/nowhere/"])
def test_every_response_carries_the_strict_policy(path):
    response = Client().get(path)
    assert response.status_code in (200, 404)
    assert_strict(policy(response))


def test_admin_pages_run_under_the_policy(client):
    client.force_login(OperatorFactory(is_superuser=True))
    for path in ["/admin/login/", "/admin/", "/admin/firms/firm/", "/admin/catalog/product/add/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert_strict(policy(response))
        if b"<script" in response.content:
            assert_no_inline_script(response)


def test_swagger_ui_loads_its_init_script_as_a_file():
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_strict(policy(page), inline_styles=True)
    found = scripts_of(page)
    assert_no_inline_script(page)
    init = [src for src in found.scripts if "script=" in src]
    assert len(init) == 1
    script = client.get(init[0])
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content and b"/api/schema/" in script.content


@pytest.mark.usefixtures("built_ui")
def test_the_web_ui_runs_under_the_strict_policy():
    """The app's page: its scripts and styles are files of our own (no 'unsafe-inline' for either), the Stripe.js
    origin is the only other script source, images are our own (media is 'self'), on 404 pages too."""
    product = ProductFactory()
    hidden = ProductFactory(status="hidden")
    client = Client()
    for path, status in [
        ("/", 200),
        (f"/products/{product.pk}", 200),
        ("/seller/listings/3", 200),
        (f"/products/{hidden.pk}", 404),
    ]:
        response = client.get(path)
        assert response.status_code == status and b'id="root"' in response.content, path
        assert_strict(policy(response), inline_styles=False)
        assert_no_inline_script(response)
        assert b"<style" not in response.content and b"style=" not in response.content


def test_redoc_has_no_inline_script():
    page = Client().get("/api/redoc/")
    assert page.status_code == 200
    directives = policy(page)
    assert_strict(directives, inline_styles=True)
    assert "blob:" in directives["worker-src"]
    assert_no_inline_script(page)


# --- production settings -------------------------------------------------------------------------------


def deploy_check(**overrides) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STRIPE_", "CELERY_"))}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "market.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),  # a made-up one, long and random as check wants
        "DJANGO_ALLOWED_HOSTS": "market.example",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "STRIPE_SECRET_KEY": "sk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def built_dist(tmp_path) -> str:
    write_fake_build(tmp_path / "dist")
    return str(tmp_path / "dist")


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = deploy_check(FRONTEND_DIST_DIR=built_dist(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "warning"),
    [
        ({"DJANGO_SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"DJANGO_SECURE_SSL_REDIRECT": "false"}, "security.W008"),
    ],
)
def test_the_deploy_check_would_catch_a_weakened_setting(tmp_path, override, warning):
    result = deploy_check(FRONTEND_DIST_DIR=built_dist(tmp_path), **override)
    assert result.returncode != 0 and re.search(re.escape(warning), result.stdout + result.stderr)


def test_the_deploy_check_catches_a_missing_web_ui_build(tmp_path):
    result = deploy_check(FRONTEND_DIST_DIR=str(tmp_path / "not-built"))
    assert result.returncode != 0 and "django_vite.W001" in result.stdout + result.stderr
