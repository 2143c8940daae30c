"""Under the test command a missing service fails the test; outside it (a bare local run) it skips."""

import pytest

from tests.payments.localstripe import require_server
from tests.search.conftest import _elasticsearch_url
from tests.service_check import require_postgresql

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard: nothing answers there


@pytest.fixture
def under_test_command(monkeypatch):
    monkeypatch.setenv("GACHI_REQUIRE_SERVICES", "1")


@pytest.fixture
def bare_local_run(monkeypatch):
    monkeypatch.delenv("GACHI_REQUIRE_SERVICES", raising=False)
    monkeypatch.delenv("CI", raising=False)


def test_scripts_test_sh_requires_the_services():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[1] / "scripts" / "test.sh").read_text()
    assert "export GACHI_REQUIRE_SERVICES=1" in script


def test_elasticsearch_missing_fails_under_the_test_command(settings, under_test_command):
    settings.TEST_ELASTICSEARCH_URL = ""
    with pytest.raises(pytest.fail.Exception, match="ELASTICSEARCH_URL"):
        _elasticsearch_url(settings)


def test_elasticsearch_missing_skips_a_bare_local_run(settings, bare_local_run):
    settings.TEST_ELASTICSEARCH_URL = ""
    with pytest.raises(pytest.skip.Exception):
        _elasticsearch_url(settings)


def test_a_stripe_api_server_missing_fails_under_the_test_command(under_test_command):
    with pytest.raises(pytest.fail.Exception, match="not answering"):
        require_server(CLOSED_PORT_URL, "localstripe")


def test_a_stripe_api_server_missing_skips_a_bare_local_run(bare_local_run):
    with pytest.raises(pytest.skip.Exception):
        require_server(CLOSED_PORT_URL, "localstripe")


def test_postgresql_missing_fails_under_the_test_command(under_test_command, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL"):
        require_postgresql()
