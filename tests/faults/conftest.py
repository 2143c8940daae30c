"""Fault tests: each breaks one real service on purpose and checks what the code promises.

The shared services (scripts/services.sh) are never stopped here: a test that kills a service runs its
own instance (a redis-server on a free port) or breaks the path to the shared one (tests/faults/proxy.py).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
import pytest
from django.db import connection

from market.celery import app
from tests.search.conftest import es_settings  # noqa: F401  (a fixture, shared with the search tests)
from tests.service_check import require_service

ROOT = Path(__file__).resolve().parents[2]


def require(condition: bool, message: str) -> None:
    """Under the test command a missing service fails the test; a bare local run skips it (one rule:
    tests/service_check.py)."""
    require_service(condition, message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- Redis -------------------------------------------------------------------------------------------------
class RedisServer:
    """A redis-server of the test's own, in the foreground as our child, on a free port and a data folder of
    its own. `args` are redis-server options (the persistence settings under test)."""

    def __init__(self, directory: Path, args: list[str]):
        self.directory = directory
        self.args = args
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                "redis-server",
                *self.args,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--daemonize",
                "no",
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=15, what="redis-server to answer")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *words: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *words], capture_output=True, text=True, check=True
        ).stdout.strip()

    def kill(self) -> None:
        """SIGKILL: the harshest stop (no shutdown save, no final fsync by Redis)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def redis_factory(tmp_path):
    require(
        shutil.which("redis-server") is not None and shutil.which("redis-cli") is not None,
        "needs redis-server (scripts/services.sh installs it)",
    )
    servers = []

    def make(args=("--save", "", "--appendonly", "no"), directory: Path | None = None) -> RedisServer:
        folder = directory or tmp_path / f"redis-{len(servers)}"
        folder.mkdir(exist_ok=True)
        server = RedisServer(folder, list(args))
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.kill()


@pytest.fixture
def own_redis(redis_factory):
    """A Redis of this test's own, configured as scripts/services.sh starts the shared one."""
    return redis_factory().start()


def drop_broker_connections() -> None:
    """Forget pooled connections, so the next send opens one to the broker configured now. kombu keeps its
    pools in a process-wide registry: reset it too, or a later send (even an eager one) acquires from a
    closed pool."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """Send tasks to a real broker at `url` instead of running them in-process (the test settings' default)."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    drop_broker_connections()
    try:
        yield app
    finally:
        app.conf.update(saved)
        drop_broker_connections()


# --- a Stripe-API server of the test's own ----------------------------------------------------------------
@pytest.fixture
def own_localstripe(settings, tmp_path):
    """localstripe (the same launcher and install as scripts/services.sh) on a free port, for this test
    alone: other tests reset the shared one's data whenever they like."""
    python = ROOT / "var" / "localstripe-venv" / "bin" / "python"
    require(python.exists(), "needs var/localstripe-venv (scripts/services.sh start localstripe installs it)")
    port = free_port()
    log = open(tmp_path / "localstripe.log", "ab")
    process = subprocess.Popen(
        [str(python), str(ROOT / "scripts" / "localstripe_server.py"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        from tests.payments.localstripe import reachable

        wait_for(lambda: reachable(url), timeout=30, what="localstripe to answer")
        settings.STRIPE_API_BASE = url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# --- a real worker process ------------------------------------------------------------------------------
def test_database_url() -> str:
    """The URL of the test database (pytest-django's test_<name>), for processes outside this one."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def worker_children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@contextmanager
def celery_worker_process(*, broker_url: str, env: dict, log_path: Path):
    """`celery -A market worker` as a separate process (prefork, one child), on the test's database."""
    require(connection.vendor == "postgresql", "the worker shares the test database: needs PostgreSQL")
    process_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "market.settings.base",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "ELASTICSEARCH_URL": "",
        "DATABASE_CONN_MAX_AGE": "0",
        "LOG_LEVEL": "INFO",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **env,
    }
    log = open(log_path, "ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "market",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
            "--hostname",
            f"faults-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=process_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        children = worker_children(process.pid)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
            except OSError:
                pass
        log.close()
