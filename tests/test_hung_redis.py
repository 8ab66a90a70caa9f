"""Redis accepts connections and answers nothing: what a request commits is reported to the user as done or queued,
and the request does not wait on Redis for long. Sign-in does not touch Redis at all.

The requests run on a transactional database, so that the hand-over to the broker runs on commit inside the request,
as in production, and publishes (not eagerly) to the hung server.
"""

import time

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.demo import DEMO_PASSWORD
from agencies.models import Membership, OutboundEmail, Role
from reports import services as report_services
from reports.models import ReportVersion, VersionStatus
from tests.faults import HungServer, broker_at

# Only a detector of a hang (gunicorn kills a worker after 60 s), not a speed claim: a publish gives up after about
# twice REDIS_TIMEOUT, and the hung server itself gives up after 20 s.
BOUND = 15.0


@pytest.fixture
def hung_redis():
    """The broker and the cache at a Redis that accepts connections and never answers."""
    with HungServer() as redis, broker_at(redis.url()):
        yield redis


def timed(request):
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


transactional = pytest.mark.django_db(transaction=True)


@transactional
def test_an_account_is_created_and_its_invitation_queued(personas, login, hung_redis):
    form = {"first_name": "Leyla", "last_name": "Demir", "email": "l.demir@jobcenter.example", "username": "ldemir",
            "agency": personas.agency("jobcenter").pk, "role": Role.CASEWORKER}  # fmt: skip
    response, seconds = timed(lambda: login(personas.jobcenter_admin).post(reverse("agencies:account_create"), form))
    assert hung_redis.accepted >= 1  # the request did try to hand the invitation to the (hung) broker
    membership = Membership.objects.get(user__username="ldemir")
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:account_detail", args=[membership.pk])
    assert "ldemir" in said(response)
    assert seconds < BOUND
    invitation = OutboundEmail.objects.get(to="l.demir@jobcenter.example")
    assert invitation.sent_at is None  # committed, waiting for the periodic relay


@transactional
def test_a_password_reset_is_answered_and_its_mail_queued(personas, hung_redis):
    response, seconds = timed(lambda: Client().post(reverse("password_reset"), {"email": "beratung@rheine.example"}))
    assert hung_redis.accepted >= 1
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert seconds < BOUND
    assert OutboundEmail.objects.filter(to="beratung@rheine.example", sent_at__isnull=True).count() == 1


@transactional
def test_a_report_pdf_is_requested_and_its_version_queued(personas, login, hung_redis):
    report = report_services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=timezone.localdate(),
        subject="Sachstandbericht", number="322/18", file_number="FB 8 - hf", kind="decision",
        committee="Sozialausschuss", meeting_date=None, period=str(timezone.localdate().year),
    )  # fmt: skip
    client = login(personas.koordination)
    response, seconds = timed(lambda: client.post(reverse("reports:version_create", args=[report.pk])))
    assert hung_redis.accepted >= 1
    assert response.status_code == 302
    assert "Version 1 wird erzeugt" in said(response)
    assert seconds < BOUND
    version = ReportVersion.objects.get(report=report)
    assert version.status == VersionStatus.QUEUED  # report_versions_resume hands it over later


@transactional
def test_a_recomputation_of_the_figures_is_answered(personas, login, hung_redis):
    client = login(personas.koordination)
    response, seconds = timed(lambda: client.post(reverse("reports:figures_refresh")))
    assert hung_redis.accepted >= 1
    assert response.status_code == 302
    assert "werden neu berechnet" in said(response)  # the nightly run computes them anyway
    assert seconds < BOUND


@pytest.fixture
def cache_at_hung_redis(settings):
    with HungServer() as redis:
        options = settings.CACHES["default"].get("OPTIONS", {})  # the product's, with its timeouts
        backend = "django.core.cache.backends.redis.RedisCache"
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": redis.url(), "OPTIONS": options}}
        yield redis


@pytest.mark.django_db
def test_the_cache_gives_up_on_a_hung_redis(cache_at_hung_redis):
    started = time.monotonic()
    with pytest.raises(Exception, match="Timeout"):
        caches["default"].get("anything")
    assert time.monotonic() - started < settings.REDIS_TIMEOUT + 1
    assert cache_at_hung_redis.accepted == 1


@pytest.mark.django_db
def test_signing_in_does_not_touch_redis(personas, cache_at_hung_redis):
    """Sessions and the failed-login count (django-axes) are kept in PostgreSQL, so a hung Redis cannot hold up
    signing in."""
    with broker_at(cache_at_hung_redis.url()):
        refused = Client().post(reverse("login"), {"username": "beratung", "password": "falsch"})
        signed_in = Client().post(reverse("login"), {"username": "beratung", "password": DEMO_PASSWORD})
    assert refused.status_code == 200
    assert signed_in.status_code == 302
    assert cache_at_hung_redis.accepted == 0
