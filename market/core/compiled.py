"""An ORM query compiled once per process and database, then run again with new values (the reports', the
settlement balance beside them).

A small report (a citizen's value consumption, a small firm's sales) reads a few dozen rows in about a millisecond,
yet Django spent some 20 ms building and compiling its UNION ALL of grouped querysets on every call, and
PostgreSQL 5 ms planning it: most of its time. So such a query is built once with `Param` placeholders where the
caller's values go (the buyer, the firm, the period's bounds), compiled by the ORM for the connection's database
(the SQL stays the ORM's, on PostgreSQL and SQLite alike), and kept; each call then sends the kept SQL with the
values, adapted as the ORM adapts a lookup's value, and converts the rows as the ORM would (`from_db_value` and the
backend's converters). Whatever decides the SQL's shape (which filters apply, the granularity, the time zone the
dates are cut in) is part of the cache key the caller gives.

`prepared=True` (PostgreSQL only) also keeps the plan: the statement is PREPAREd on each connection the first time
it runs there (in the same round trip as its first EXECUTE, so a call is still one statement), with the
connection's plan_cache_mode set to force_generic_plan — it governs prepared statements only, and on our
connections these are the only ones (Django binds parameters client-side) — so PostgreSQL plans it once per
connection, not at each of the first five executions. Connections live for CONN_MAX_AGE, so the plan is reused.
Meant for queries whose best plan does not depend on the values (one buyer's few rows by index).
"""

import re
import threading
import weakref
from dataclasses import dataclass

from django.db import connections
from django.db.models import Expression, Field, QuerySet
from django.utils import timezone


class Param(Expression):
    """Where a caller's value goes in a compiled query: `name` is the keyword it is given by, `output_field` the
    field whose adaptation it gets (a key, a datetime, a date)."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [_Slot(self.name, self.output_field)]


@dataclass(frozen=True, eq=False)
class _Slot:
    name: str
    field: Field


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple  # constants, and _Slot where a caller's value goes
    names: tuple[str, ...]  # the values() columns, in the rows' order
    converters: tuple  # (position, converters, expression) as the ORM's compiler would apply them
    prepared_as: str | None  # the prepared statement's name (PostgreSQL; an attempt number is added), else None
    prepare_sql: str | None  # the SQL with the constants inlined and $n where the values go
    slots: tuple[_Slot, ...]  # the values of $1, $2, … in order


_compiled: dict[tuple, _Compiled] = {}
# The raw connections (psycopg's) on which each statement has been PREPAREd: a new connection prepares again.
# name → (attempt, prepared).
_prepared_on: "weakref.WeakKeyDictionary[object, dict[str, tuple[int, bool]]]" = weakref.WeakKeyDictionary()
_prepared_lock = threading.Lock()
_PLACEHOLDER = re.compile(r"%%|%s")


def compiled_rows(key: tuple, build, *, using: str = "default", prepared: bool = False, **values) -> list[dict]:
    """The rows of the values() queryset `build()` makes (with `Param`s), as dicts, for these `values` of its
    params. `key` names the query's shape: the same key must always build the same query."""
    connection = connections[using]
    cache_key = (key, using, connection.vendor, timezone.get_current_timezone_name(), prepared)
    compiled = _compiled.get(cache_key)
    if compiled is None:
        compiled = _compiled[cache_key] = _compile(build(), connection, key=key, prepared=prepared)

    def value(param):
        """A constant as compiled, a slot's value adapted as the ORM adapts a lookup's."""
        if not isinstance(param, _Slot):
            return param
        return param.field.get_db_prep_value(values[param.name], connection, prepared=False)

    with connection.cursor() as cursor:
        if compiled.prepared_as is None:
            cursor.execute(compiled.sql, [value(param) for param in compiled.params])
        else:
            _execute_prepared(cursor, connection, compiled, [value(slot) for slot in compiled.slots])
        rows = cursor.fetchall()

    out = []
    for row in rows:
        row = list(row)
        for position, converters, expression in compiled.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        out.append(dict(zip(compiled.names, row, strict=True)))
    return out


def _execute_prepared(cursor, connection, compiled: _Compiled, values: list) -> None:
    """EXECUTE the statement, PREPAREd first (in the same round trip) if this connection has not got it yet. A
    failed first run leaves the name unusable (a PREPARE outlives an error after it): the next try takes a new one."""
    with _prepared_lock:
        state = _prepared_on.setdefault(connection.connection, {})
        attempt, ready = state.get(compiled.prepared_as, (0, False))
    name = f"{compiled.prepared_as}_{attempt}"
    execute = connection.ops.compose_sql(f"EXECUTE {name} ({', '.join(['%s'] * len(values))})", values)
    if ready:
        cursor.execute(execute)
        return
    try:
        cursor.execute(f"SET plan_cache_mode = force_generic_plan; PREPARE {name} AS {compiled.prepare_sql}; {execute}")
        cursor.cursor.nextset()  # past the SET's and the PREPARE's results to the EXECUTE's rows
        cursor.cursor.nextset()
    except Exception:
        with _prepared_lock:
            state[compiled.prepared_as] = (attempt + 1, False)
        raise
    with _prepared_lock:
        state[compiled.prepared_as] = (attempt, True)


def _compile(queryset: QuerySet, connection, *, key: tuple, prepared: bool) -> _Compiled:
    query = queryset.query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    # As ValuesIterable names and converts the rows.
    names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = tuple(
        (position, tuple(convs), expression)
        for position, (convs, expression) in compiler.get_converters(fields).items()
    )
    prepared_as = prepare_sql = None
    slots: list[_Slot] = []
    if prepared and connection.vendor == "postgresql":
        prepared_as = "gachi_" + re.sub(r"\W", "_", "_".join(str(part) for part in key)).lower()
        prepare_sql = _inline(sql, params, slots, connection)
    return _Compiled(
        sql=sql,
        params=tuple(params),
        names=names,
        converters=converters,
        prepared_as=prepared_as,
        prepare_sql=prepare_sql,
        slots=tuple(slots),
    )


def _inline(sql: str, params, slots: list, connection) -> str:
    """`sql` with each constant parameter written in as a literal and each slot as $n of its database type (the
    same name, the same $n); `slots` gets the slots in $n order."""
    params = iter(params)
    numbers: dict[str, int] = {}

    def place(match) -> str:
        if match.group() == "%%":
            return "%"
        param = next(params)
        if not isinstance(param, _Slot):
            return connection.ops.compose_sql("%s", [param])
        if param.name not in numbers:
            slots.append(param)
            numbers[param.name] = len(slots)
        return f"${numbers[param.name]}::{param.field.db_type(connection)}"

    return _PLACEHOLDER.sub(place, sql)
