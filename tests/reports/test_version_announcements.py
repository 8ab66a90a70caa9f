"""The version row of a committee report, polled every second while the PDF is generated, is no live region: it
carries a short text of its state, with the progress in quarters, for the page's status region."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportVersion, VersionStatus

pytestmark = pytest.mark.django_db

ANNOUNCE = re.compile(r'data-announce="([^"]*)" data-announce-in="version-status"')


@pytest.fixture
def version(personas, monkeypatch):
    """A version of a report, queued; no worker takes it: the test moves it on as a worker would."""
    monkeypatch.setattr(services, "_hand_over", lambda version_id: None)  # stays queued: the test moves it on
    coordinator, membership, today = personas.koordination, personas.membership("koordination"), timezone.localdate()
    report = services.report_create(
        actor=coordinator, membership=membership, today=today, subject="Sachstandbericht", number="322/18",
        file_number="", kind="decision", committee="Sozialausschuss", meeting_date=None, period=str(today.year),
    )  # fmt: skip
    return services.version_request(actor=coordinator, membership=membership, report=report, today=today)


def test_the_row_says_its_state_and_its_progress_in_quarters(personas, login, version):
    client = login(personas.koordination)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    row = reverse("reports:version_status", args=[version.report.pk, version.number])

    def announced(**state) -> str:
        ReportVersion.objects.filter(pk=version.pk).update(**state)
        (text,) = ANNOUNCE.findall(client.get(row).content.decode())
        return text

    assert announced() == "Version 1: queued"
    assert announced(status=VersionStatus.RENDERING, progress=5) == "Version 1: being generated"
    assert announced(progress=24) == "Version 1: being generated"
    assert announced(progress=25) == "Version 1: being generated, 25 % done"
    assert announced(progress=49) == "Version 1: being generated, 25 % done"
    assert announced(progress=99) == "Version 1: being generated, 75 % done"
    assert announced(status=VersionStatus.FAILED) == "Version 1: failed"
    assert announced(status=VersionStatus.DONE, progress=100, pages=2) == "Version 1: ready"


def test_the_report_page_has_a_status_region_and_no_live_table(personas, login, version):
    page = login(personas.koordination).get(version.report.get_absolute_url()).content.decode()
    assert '<p id="version-status" class="kern-sr-only" role="status"></p>' in page
    assert "aria-live" not in page
