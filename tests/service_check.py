"""May a test skip when the real service it needs is missing? Not under the test command.

scripts/test.sh (and CI) export GACHI_REQUIRE_SERVICES=1: there a missing service fails the test, so a broken
service set-up cannot pass as a green run. A bare local `pytest` (say on SQLite, without Elasticsearch) skips.
"""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("GACHI_REQUIRE_SERVICES") == "1" or bool(os.environ.get("CI"))


def require_service(available: bool, message: str) -> None:
    """Return when the service is there; otherwise fail under the test command, skip outside it."""
    if available:
        return
    if services_required():
        pytest.fail(f"{message} (required under scripts/test.sh: GACHI_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


def require_postgresql(what: str = "row locks") -> None:
    from django.db import connection

    require_service(connection.vendor == "postgresql", f"{what} need PostgreSQL (DATABASE_URL)")
