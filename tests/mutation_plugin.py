"""pytest plugin for scripts/mutation.sh (loaded with -p through pyproject's [tool.mutmut]).

mutmut runs each mutant's tests in a new pytest session, in a process forked from its own:
- the test database is copied from a migrated template (MUTATION_DB_TEMPLATE, made by scripts/mutation.sh)
  instead of being migrated from nothing for every mutant, which took most of each run;
- Celery believes it runs inside a worker process and refuses `.get()` on an eager task's result, which a few
  tests call: each session starts as a plain process again.
"""

import os


def pytest_sessionstart(session):
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)

    template = os.environ.get("MUTATION_DB_TEMPLATE")
    if template:
        from django.db import connections

        connections.settings["default"].setdefault("TEST", {})["TEMPLATE"] = template
