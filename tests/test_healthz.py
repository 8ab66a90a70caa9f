import pytest
from django.test import Client

from agencies.outbox import email_resend
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


def test_healthy_with_database_and_redis():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_failing_when_redis_is_unreachable(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}  # no details for the public


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
