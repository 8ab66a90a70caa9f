"""A real Celery worker process against the real Redis and the test database, shared by the tests that need one."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(directory: Path, **environment: str) -> tuple[subprocess.Popen, str, list[str]]:
    """A worker process on a queue of its own, once it is ready: the process, the queue and its log lines so far
    (the list grows while it runs). `environment` adds to the settings' environment."""
    queue = f"ewg-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ewg.settings",
        "DATABASE_URL": database_url(),  # the test database, where this test commits its rows
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "EWG_VAR_DIR": str(directory),
        **environment,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ewg", "worker", "--pool", "solo", "--loglevel", "INFO",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    deadline = time.monotonic() + 60
    while not any(" ready." in line for line in lines):
        assert process.poll() is None, "worker exited:\n" + "".join(lines)
        assert time.monotonic() < deadline, "worker did not start:\n" + "".join(lines)
        time.sleep(0.2)
    return process, queue, lines


def stop_worker(process: subprocess.Popen) -> None:
    """Ends a worker, also one that was stopped (SIGSTOP) or already killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """The worker reaches the test database, so that must exist first (even if this is the run's first test)."""
    process, queue, lines = start_worker(tmp_path_factory.mktemp("worker"))
    yield queue, lines
    stop_worker(process)


def wait_for(predicate, *, seconds: float, lines: list[str]):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out; worker log:\n" + "".join(lines)
        time.sleep(0.2)
