"""The checks behind /healthz, answered within a deadline whatever a dependency does.

Each check runs in a thread of its own; one that has not answered by the deadline counts as failing and is left to
end by its own timeouts. While it runs, later requests wait for that same run instead of starting another, so a hung
dependency holds at most one thread per check and process.
"""

import logging
import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from ewg.statement_timeout import with_statement_timeout

log = logging.getLogger(__name__)

DEADLINE = 2.5  # seconds for all checks together, so that /healthz answers within 3 s
STEP = 2  # seconds: connect and statement timeouts of a check's own connections (libpq's shortest connect timeout)


def database_answers() -> None:
    """On a connection of its own with short timeouts: the request's persistent connection may be the one that
    hangs. Opened plainly, without Django's set-up queries and signals (the check needs only an answer)."""
    db = connections.configure_settings({DEFAULT_DB_ALIAS: {**settings.DATABASES[DEFAULT_DB_ALIAS]}})[DEFAULT_DB_ALIAS]
    options = {key: value for key, value in db["OPTIONS"].items() if key != "pool"}
    options = with_statement_timeout({**options, "connect_timeout": STEP}, STEP)
    wrapper = load_backend(db["ENGINE"]).DatabaseWrapper({**db, "OPTIONS": options}, "health")
    connection = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        connection.execute("SELECT 1")
    finally:
        connection.close()


def redis_answers() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=STEP, socket_connect_timeout=STEP)
    try:
        client.ping()
    finally:
        client.close()


class Check:
    """A named check that raises when its dependency fails; at most one run at a time in this process."""

    def __init__(self, name: str, run: Callable[[], None]):
        self.name = name
        self._run = run
        self._lock = threading.Lock()
        self._current: tuple[threading.Event, list[bool]] | None = None

    def start(self) -> tuple[threading.Event, list[bool]]:
        """The run in progress, or a new one: (set when done, [whether it passed])."""
        with self._lock:
            if self._current is None:
                self._current = (threading.Event(), [])
                thread = threading.Thread(target=self._attempt, args=self._current, name=f"health {self.name}")
                thread.daemon = True  # a run still hung must not keep the process from ending
                thread.start()
            return self._current

    def _attempt(self, done: threading.Event, outcome: list[bool]) -> None:
        try:
            self._run()
            outcome.append(True)
        except Exception:
            log.exception("health check: %s failed", self.name)
            outcome.append(False)
        finally:
            with self._lock:
                self._current = None
            done.set()


DATABASE = Check("database", database_answers)
REDIS = Check("Redis", redis_answers)


def failing(checks: list[Check], *, deadline: float = DEADLINE) -> list[str]:
    """The names of the checks that failed, or did not answer within `deadline` seconds; all run at once."""
    end = time.monotonic() + deadline
    runs = [(check, check.start()) for check in checks]
    failed = []
    for check, (done, outcome) in runs:
        if not done.wait(max(0.0, end - time.monotonic())):
            log.error("health check: %s did not answer within %s s", check.name, deadline)
            failed.append(check.name)
        elif not outcome[0]:
            failed.append(check.name)
    return failed
