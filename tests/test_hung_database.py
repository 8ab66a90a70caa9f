"""PostgreSQL hangs or is slow: connecting gives up after the connect timeout, and a web request's statement is
cancelled by the server after the statement timeout, while workers and management commands run unbounded."""

import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import load_backend

from tests.celery_worker import ROOT, database_url
from tests.faults import TcpProxy

pytestmark = pytest.mark.django_db


def test_connecting_gives_up_on_a_server_that_never_answers():
    """A connection configured as the product's (its OPTIONS) to a server that takes the TCP connection and then
    answers nothing."""
    db = connection.settings_dict
    with TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))) as proxy:
        proxy.hang()
        wrapper = load_backend(db["ENGINE"]).DatabaseWrapper({**db, "HOST": proxy.host, "PORT": proxy.port}, "hung")
        started = time.monotonic()
        with pytest.raises(wrapper.Database.OperationalError, match="timeout"):
            wrapper.get_new_connection(wrapper.get_connection_params())
        seconds = time.monotonic() - started
        assert proxy.accepted == 1
    assert seconds < settings.DATABASE_CONNECT_TIMEOUT + 2


WEB_AND_OTHER_PROCESSES = textwrap.dedent("""
    import time
    import django
    from django.db import OperationalError, connection

    django.setup()  # as manage.py and the Celery worker do
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        print("other process:", cursor.fetchone()[0])
    connection.close()

    import ewg.wsgi  # the web process: gunicorn, runserver

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        print("web process:", cursor.fetchone()[0])
        started = time.monotonic()
        try:
            cursor.execute("SELECT pg_sleep(5)")
        except OperationalError as error:
            print("cancelled after", round(time.monotonic() - started), "s:", error)
""")


def test_only_the_web_process_bounds_its_statements():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ewg.settings",
        "DATABASE_URL": database_url(),
        "DATABASE_STATEMENT_TIMEOUT_SECONDS": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", WEB_AND_OTHER_PROCESSES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "other process: 0"
    assert lines[1] == "web process: 1s"
    assert lines[2].startswith("cancelled after 1 s: canceling statement due to statement timeout")
