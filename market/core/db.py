"""Database helpers shared by the services."""

import functools
import logging

from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for a transaction it rolled back to let another go on: deadlock_detected and
# serialization_failure. Running the whole transaction again is the documented remedy.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def retry_on_deadlock(func=None, *, attempts: int = 3):
    """Run a service's transaction again when the database chose it as a deadlock's victim.

    Only an outermost transaction can be run again (inside another, the error goes up to the one that owns
    it); after `attempts` the error goes up, and the API answers 503 with nothing written.
    """
    if func is None:
        return functools.partial(retry_on_deadlock, attempts=attempts)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt in range(1, attempts + 1):
            try:
                return func(*args, **kwargs)
            except OperationalError as exc:
                sqlstate = getattr(exc.__cause__, "sqlstate", None)
                if sqlstate not in RETRYABLE_SQLSTATES or connection.in_atomic_block or attempt == attempts:
                    raise
                logger.warning(
                    "%s: transaction rolled back (%s), attempt %d of %d", func.__name__, sqlstate, attempt, attempts
                )

    return wrapper
