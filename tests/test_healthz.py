"""/healthz: public, ok, degraded or failing only, and an answer within 3 s whatever PostgreSQL or Redis does."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from agencies.outbox import email_resend
from ewg import health
from tests.factories import OutboundEmailFactory
from tests.faults import HungServer, TcpProxy

pytestmark = pytest.mark.django_db

ANSWER_WITHIN = 3.0  # seconds: what a load balancer or orchestrator may wait for


def timed_get() -> tuple[object, float]:
    started = time.monotonic()
    response = Client().get("/healthz")
    return response, time.monotonic() - started


def test_healthy_with_database_and_redis():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_failing_when_redis_is_unreachable(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}  # no details for the public


def test_failing_within_3_seconds_when_redis_hangs(settings):
    with HungServer() as redis:
        settings.REDIS_URL = redis.url()
        response, seconds = timed_get()
        assert redis.accepted >= 1
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}
    assert seconds < ANSWER_WITHIN


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # only the check's own connection follows it
def test_failing_within_3_seconds_when_the_database_hangs(settings):
    """The check reaches the configured database through a proxy; the test's own connection stays as it is."""
    db = connection.settings_dict
    with TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))) as proxy:
        settings.DATABASES = {**settings.DATABASES, "default": {**db, "HOST": proxy.host, "PORT": proxy.port}}
        response, _ = timed_get()
        assert response.status_code == 200  # through the proxy while it forwards
        assert proxy.accepted == 1

        proxy.hang()
        response, seconds = timed_get()
        assert response.status_code == 503
        assert response.json() == {"status": "failing"}
        assert seconds < ANSWER_WITHIN


def test_a_hung_check_runs_once_at_a_time():
    """A check that never returns is not started again by every later request: they wait for the same run."""
    release, runs = threading.Event(), []
    check = health.Check("hung", lambda: runs.append(1) or release.wait(30))
    try:
        assert health.failing([check], deadline=0.2) == ["hung"]
        assert health.failing([check], deadline=0.2) == ["hung"]
        assert len(runs) == 1
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while health.failing([check], deadline=1.0) and time.monotonic() < deadline:
        pass  # the hung run has ended; a new one passes
    assert health.failing([check], deadline=1.0) == []
    assert len(runs) >= 2


def test_degraded_while_abandoned_mail_waits_to_be_sent_again(personas):
    OutboundEmailFactory(agency=personas.agency("jobcenter"))  # pending: still being tried
    assert Client().get("/healthz").json() == {"status": "ok"}
    abandoned = OutboundEmailFactory(agency=personas.agency("jobcenter"), abandoned=True)
    response = Client().get("/healthz")
    assert response.status_code == 200  # the application serves; some mail does not arrive
    assert response.json() == {"status": "degraded"}

    email_resend(actor=personas.jobcenter_admin, acting=personas.membership("jobcenter-admin"), email=abandoned)
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_failing_comes_before_degraded(settings):
    OutboundEmailFactory(abandoned=True)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}
