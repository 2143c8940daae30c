"""pytest plugin for scripts/mutation.sh (loaded with -p through pyproject's [tool.mutmut]).

mutmut runs each mutant's tests in a process forked from its own; Celery then believes it runs inside a worker
process and refuses `.get()` on an eager task's result, which a few tests call. Each test session starts as a
plain process again.
"""


def pytest_sessionstart(session):
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
