"""Test settings: the real services (PostgreSQL, Redis), fast hashing, mail kept in memory."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ewg")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CELERY_QUEUE", "ewg-test")
# The shortest waits the settings allow: the tests against a hung Redis or PostgreSQL wait them out.
os.environ.setdefault("REDIS_TIMEOUT_SECONDS", "1")
os.environ.setdefault("DATABASE_CONNECT_TIMEOUT_SECONDS", "2")

from ewg.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405 - the generators and measurements are tested too

DEBUG = False
# Tests may run in parallel processes (pytest-xdist), each with its own database: their cache keys stay apart too.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Requests of the tests do not enqueue into Redis; the worker test enqueues there explicitly.
CELERY_TASK_ALWAYS_EAGER = True
# WhiteNoise looks for collected files there, and warns on every start while the folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Every test client builds the middleware anew: look static files up when asked for, instead of listing all of
# them on each start (40 ms a client).
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
