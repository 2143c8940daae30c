"""The production compose file's Redis keeps queued Celery tasks across a restart (and a crash).

The Redis here runs with the options read from docker-compose.yml, so the file and the test cannot drift.
"""

import json
import time
from pathlib import Path

import yaml

from market.orders.tasks import send_order_email
from tests.faults.conftest import celery_broker

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def compose_redis_options() -> list[str]:
    command = yaml.safe_load(COMPOSE.read_text())["services"]["redis"]["command"]
    assert isinstance(command, list) and command[0] == "redis-server", command
    return command[1:]


def queued_task_ids(redis) -> list[str]:
    """The ids of the task messages waiting in Celery's queue (a Redis list of JSON messages, one a line)."""
    lines = redis.command("LRANGE", "celery", "0", "-1").splitlines()
    return sorted(json.loads(line)["headers"]["id"] for line in lines)


def enqueue(redis, count: int) -> list[str]:
    with celery_broker(redis.url):
        return [send_order_email.apply_async(args=[1000 + n, "placed", {}]).id for n in range(count)]


def wait_for_aof_written(redis, timeout: float = 5.0) -> None:
    """With `appendfsync everysec` Redis may answer a write before handing it to the file: while a background
    fsync is running it holds the append-only buffer back for up to two seconds (the "one second of data" its
    docs say a crash can lose). Once the buffer is empty the writes are in the file, where a SIGKILL cannot
    reach them."""
    deadline = time.monotonic() + timeout
    while True:
        info = dict(line.split(":", 1) for line in redis.command("INFO", "persistence").splitlines() if ":" in line)
        if info["aof_buffer_length"].strip() == "0" and info["aof_pending_bio_fsync"].strip() == "0":
            return
        assert time.monotonic() < deadline, f"Redis kept its append-only buffer for {timeout} s: {info}"
        time.sleep(0.05)


def test_the_compose_redis_keeps_queued_tasks(redis_factory):
    options = compose_redis_options()
    assert options[options.index("--appendonly") + 1] == "yes"
    redis = redis_factory(options).start()
    ids = enqueue(redis, 5)
    assert queued_task_ids(redis) == sorted(ids)

    redis.stop()  # a restart (docker compose restart: SIGTERM)
    redis.start()
    assert queued_task_ids(redis) == sorted(ids)

    ids += enqueue(redis, 3)
    wait_for_aof_written(redis)
    redis.kill()  # a crash (SIGKILL): what reached the append-only file survives it
    redis.start()
    assert queued_task_ids(redis) == sorted(ids)


def test_without_persistence_a_restart_drops_them(redis_factory):
    """What the compose file did before: the same restart empties the queue (so the test above can fail)."""
    redis = redis_factory(["--save", "", "--appendonly", "no"]).start()
    ids = enqueue(redis, 5)
    assert queued_task_ids(redis) == sorted(ids)
    redis.stop()
    redis.start()
    assert queued_task_ids(redis) == []
