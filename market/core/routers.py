"""Reports read their pre-aggregated tables from a read replica of the database when one is configured.

`DATABASE_REPLICA_URL` adds the `replica` alias and sets `REPORTS_READ_DATABASE` to it (market/settings/base.py).
Only the tables a request never writes and that are stale by design go there (SalesDay and the time it was
computed: rebuilt every REPORTS_REFRESH_SECONDS, so a replica's lag of seconds changes nothing a seller or the city
sees); everything else, and every write, stays on the primary. A read inside a transaction on the primary stays on
the primary too, so the refresh job reads back what it has just written.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# (app label, model name) of the tables read from the replica.
REPLICA_READ_MODELS = {("reports", "salesday"), ("reports", "reportrefresh")}


def replica_alias() -> str | None:
    """The alias reports read from, or None when there is no replica (the embedded default, one machine)."""
    alias = getattr(settings, "REPORTS_READ_DATABASE", DEFAULT_DB_ALIAS)
    return None if alias == DEFAULT_DB_ALIAS else alias


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None or (model._meta.app_label, model._meta.model_name) not in REPLICA_READ_MODELS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # read what this transaction wrote
        return alias

    def db_for_write(self, model, **hints):
        # Always the primary: a row read from the replica and saved again must not be sent there (Django would
        # otherwise write to the database the instance came from).
        return DEFAULT_DB_ALIAS if replica_alias() else None

    def allow_relation(self, obj1, obj2, **hints):
        alias = replica_alias()
        if alias and {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, alias}:
            return True  # the same data, one copy behind
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication; never migrate it directly.
        return False if db == "replica" else None
