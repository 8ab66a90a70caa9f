"""A limit on failed registrations from a slip, per user: whoever tries slip numbers against dates of birth is
stopped after a few misses. Counted in the cache (a miss writes nothing to the database; its transaction is rolled
back with the refusal), in a fixed window that starts with the first miss. Without a cache (Redis down) the limit is
not applied and a warning is logged: the course staff's work goes on, and the misses of that time are not counted.
"""

import logging

from django.core.cache import cache

from agencies.models import User

log = logging.getLogger(__name__)

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


def _key(user: User) -> str:
    return f"courses:slip-registration-failures:{user.pk}"


def slip_attempts_exhausted(user: User) -> bool:
    try:
        return (cache.get(_key(user)) or 0) >= MAX_FAILURES
    except Exception:  # any failure of the cache backend: the limit is not applied
        log.warning("slip registration: the cache is unavailable; the limit of failed attempts is not applied")
        return False


def slip_attempt_failed(user: User) -> None:
    key = _key(user)
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS)  # the window starts with the first miss; incr keeps its expiry
        cache.incr(key)
    except ValueError:  # expired between add and incr: this miss opens a new window
        cache.set(key, 1, timeout=WINDOW_SECONDS)
    except Exception:  # any failure of the cache backend: the miss is not counted
        log.warning("slip registration: the cache is unavailable; a failed attempt was not counted")


def slip_attempts_forget(user: User) -> None:
    """For the tests and an administrator's shell: the user's misses are forgotten."""
    cache.delete(_key(user))
