"""A real Celery worker process against the real Redis and the test database, shared by the tests that need one."""

import os
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


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """The worker reaches the test database, so that must exist first (even if this is the run's first test)."""
    queue = f"ewg-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ewg.settings",
        "DATABASE_URL": database_url(),  # the test database, where this test commits its rows
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "EWG_VAR_DIR": str(tmp_path_factory.mktemp("worker")),
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
    yield queue, lines
    process.terminate()
    process.wait(timeout=30)


def wait_for(predicate, *, seconds: float, lines: list[str]):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out; worker log:\n" + "".join(lines)
        time.sleep(0.2)
