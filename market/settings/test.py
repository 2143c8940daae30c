"""Test settings: base, with fast hashing and media in a throwaway folder.

The README's test command sets DATABASE_URL to the PostgreSQL it starts; CI never runs on SQLite.
"""

import tempfile

from market.settings.base import *  # noqa: F401,F403
from market.settings.env import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="gachi-test-media-")
# An empty one of the tests' own (WhiteNoise warns of a missing one; tests/web collect into their own).
STATIC_ROOT = tempfile.mkdtemp(prefix="gachi-test-static-")
# Tests assert on-commit work explicitly; tasks themselves run in-process.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A cache of this process only, emptied before each test (tests/conftest.py): throttle counts never leak
# between tests or between parallel runs. tests/security/test_throttling.py also runs them on Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A `replica` alias that is the test database itself (a second connection to it), so tests/core/test_replica_router.py
# can send reports' reads there; every other test reads from the default, as with no replica configured.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPORTS_READ_DATABASE = "default"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": env("LOG_LEVEL", "WARNING")}}

# Search tests that need Elasticsearch point at it themselves (tests/search/conftest.py), with an index prefix
# of their own; every other test uses the database backend, so product writes never wait on the node.
TEST_ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
ELASTICSEARCH_URL = ""
