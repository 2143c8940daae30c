"""One lock around index builds, so replicas starting together build the index once."""

import hashlib
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# A Redis lock expires after this many seconds even if its holder died mid-build (a PostgreSQL lock ends with
# its session instead); a full rebuild of 100,000 products takes about a minute.
REDIS_LOCK_SECONDS = 3600


@contextmanager
def index_build_lock():
    """Hold the index-build lock, waiting for it: a PostgreSQL advisory lock on the database connection, else a
    Redis lock when REDIS_URL is set, else none (the embedded SQLite default is one process, and SQLite
    serialises writers anyway)."""
    name = f"{settings.SEARCH_INDEX_PREFIX}:search-index-build"
    if connection.vendor == "postgresql":
        with postgresql_lock(name):
            yield
    elif settings.REDIS_URL:
        with redis_lock(settings.REDIS_URL, name):
            yield
    else:
        yield


@contextmanager
def postgresql_lock(name: str):
    """A session-level advisory lock (a transaction-level one would end with the database backend's rebuild,
    which commits inside); freed with the session if the process dies. Advisory locks are per database. A
    transaction-mode pooler in front of PostgreSQL would break it: connect the start-up command directly."""
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def redis_lock(url: str, name: str):
    import redis

    lock = redis.Redis.from_url(url).lock(name, timeout=REDIS_LOCK_SECONDS)
    lock.acquire(blocking=True)
    try:
        yield
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:  # expired meanwhile: nothing left to free
            logger.warning("the search index build lock %s expired before the build ended", name)
