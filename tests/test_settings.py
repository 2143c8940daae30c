import os
import subprocess
import sys

import pytest

from market.settings.env import env

BOOT = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "market.settings.production",
    "DJANGO_SECRET_KEY": "s3cret",
    "DJANGO_ALLOWED_HOSTS": "market.example",
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "STRIPE_SECRET_KEY": "sk_test_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
}


def boot_env() -> dict:
    """This process's environment without anything that would pick a service or a production value."""
    return {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in ("CELERY_TASK_ALWAYS_EAGER", "STRIPE_API_BASE")
    }


def boot(extra_env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BOOT], env={**boot_env(), **extra_env}, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "DJANGO_ALLOWED_HOSTS",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "STRIPE_PUBLISHABLE_KEY",
    ],
)
def test_production_refuses_to_boot_without_a_required_value(missing):
    result = boot({k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_production_boots_with_everything_set():
    result = boot(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_production_loads_stripe_js_from_stripe_only():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; print(s.STRIPE_JS_URL, d['script-src'], d['frame-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env={**boot_env(), **PRODUCTION_ENV}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 1) == [
        "https://js.stripe.com/v3/",
        "[\"'self'\", 'https://js.stripe.com'] ['https://js.stripe.com', 'https://hooks.stripe.com']\n",
    ]


def test_embedded_defaults_need_no_environment(tmp_path):
    fresh = tmp_path / "fresh-clone-var"  # a clone has no var/ folder yet
    result = boot({"DJANGO_SETTINGS_MODULE": "market.settings.base", "GACHI_VAR_DIR": str(fresh)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**boot_env(), "DJANGO_SETTINGS_MODULE": "market.settings.base", "GACHI_VAR_DIR": str(fresh)},
    )
    assert migrate.returncode == 0, migrate.stderr
    assert (fresh / "gachi.sqlite3").exists()


def test_env_helper_casts(monkeypatch):
    monkeypatch.setenv("GACHI_TEST_FLAG", "yes")
    monkeypatch.setenv("GACHI_TEST_LIST", "a, b,,c")
    assert env("GACHI_TEST_FLAG", False, cast=bool) is True
    assert env("GACHI_TEST_LIST", cast=list) == ["a", "b", "c"]
    assert env("GACHI_TEST_MISSING", 7, cast=int) == 7
