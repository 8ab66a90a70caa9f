"""Who reaches which page of the reports. The steering group and the coordinators read the dashboard and the
committee reports; coordinators write the reports and recompute the figures. Anyone else gets 404 and changes
nothing. Every URL of the app is in a table."""

import pytest
from django.test import TestCase
from django.urls import get_resolver, reverse
from django.utils import timezone

from agencies.models import Membership, User
from reports import services
from reports.aggregation import figures_compute
from reports.models import CommitteeReport, FigureRun, ReportSection, ReportTemplateSection, ReportVersion

pytestmark = pytest.mark.django_db

PERSONAS = ("beratung", "asyl", "abh", "jobcenter", "vhs", "vhs-lehrkraft", "sprachinstitut", "ehrenamt",
            "koordination", "lenkung", "jobcenter-admin", "datenschutz", "admin")  # fmt: skip
READERS = {"koordination", "lenkung"}
WRITERS = {"koordination"}

# GET pages: url name -> who gets 200 (everyone else 404).
PAGES = {
    "dashboard": READERS, "dashboard_export": READERS, "report_list": READERS, "report_detail": READERS,
    "version_status": READERS, "version_pdf": READERS, "version_docx": READERS,
    "report_create": WRITERS, "report_edit": WRITERS, "section_edit": WRITERS,
    "section_add": WRITERS, "section_remove": WRITERS, "section_regenerate": WRITERS, "template_list": WRITERS,
    "template_section_edit": WRITERS,
}  # fmt: skip
# POST actions: url name -> who reaches them.
POSTS = {
    "figures_refresh": WRITERS, "report_create": WRITERS, "report_edit": WRITERS, "section_edit": WRITERS,
    "version_create": WRITERS, "section_add": WRITERS, "section_remove": WRITERS, "section_move": WRITERS,
    "section_regenerate": WRITERS, "template_section_edit": WRITERS,
}  # fmt: skip
GET_ONLY = {"dashboard", "dashboard_export", "report_list", "report_detail", "version_status", "version_pdf",
            "version_docx", "template_list"}  # fmt: skip


@pytest.fixture(scope="module")
def world(module_transaction, django_db_blocker):
    """A report with one rendered version over computed figures, built once for the module's tests (what a test
    changes is rolled back after it)."""
    with django_db_blocker.unblock():
        koordination = User.objects.get(username="koordination")
        membership = Membership.objects.select_related("agency").get(user=koordination)
        figures_compute(today=timezone.localdate())
        report = services.report_create(
            actor=koordination, membership=membership, today=timezone.localdate(),
            subject="Sachstand", number="322/18", kind="decision", committee="Sozialausschuss",
            period=str(timezone.localdate().year),
        )  # fmt: skip
        with TestCase.captureOnCommitCallbacks(execute=True):  # the PDF is rendered (eagerly) after commit
            services.version_request(
                actor=koordination, membership=membership, report=report, today=timezone.localdate()
            )
    return report


def url(name: str, report: CommitteeReport) -> str:
    kwargs = {
        "dashboard_export": {"name": "slips_by_agency", "fmt": "csv"},
        "report_detail": {"pk": report.pk}, "report_edit": {"pk": report.pk}, "version_create": {"pk": report.pk},
        "section_edit": {"pk": report.pk, "position": 1}, "section_add": {"pk": report.pk},
        "section_remove": {"pk": report.pk, "position": 1}, "section_move": {"pk": report.pk, "position": 1},
        "section_regenerate": {"pk": report.pk, "position": 1}, "template_section_edit": {"position": 1},
        "version_status": {"pk": report.pk, "number": 1}, "version_pdf": {"pk": report.pk, "number": 1},
        "version_docx": {"pk": report.pk, "number": 1},
    }.get(name, {})  # fmt: skip
    return reverse(f"reports:{name}", kwargs=kwargs)


def counts() -> tuple[int, ...]:
    return (
        CommitteeReport.objects.count(),
        ReportVersion.objects.count(),
        FigureRun.objects.count(),
        CommitteeReport.history.count(),
        ReportSection.history.count(),
        ReportTemplateSection.history.count(),
    )


def test_every_url_of_the_app_is_in_a_table():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "reports")
    assert {pattern.name for pattern in resolver.url_patterns} == set(PAGES) | set(POSTS)
    assert set(PAGES) - set(POSTS) == GET_ONLY


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(personas, login, world, persona):
    client = login(personas.users[persona])
    failures = []
    for name, allowed in PAGES.items():
        expected = 200 if persona in allowed else 404
        got = client.get(url(name, world)).status_code
        if got != expected:
            failures.append(f"{persona} GET {name}: {got}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - WRITERS))
def test_posts_of_others_change_nothing(personas, login, world, persona):
    client = login(personas.users[persona])
    before = counts()
    data = {"subject": "x", "number": "999/26", "kind": "decision", "committee": "x", "period": "2026",
            "title": "x", "body": "x", "proposal": "x", "direction": "down", "default_text": "x",
            "overwrite_edits": "True"}  # fmt: skip
    failures = []
    for name in POSTS:
        got = client.post(url(name, world), data).status_code
        if got != 404:
            failures.append(f"{persona} POST {name}: {got}, expected 404")
    assert not failures, "\n".join(failures)
    assert counts() == before
    world.refresh_from_db()
    assert world.subject == "Sachstand"


def test_a_missing_version_or_section_is_404_for_a_reader(personas, login, world):
    client = login(personas.koordination)
    assert client.get(reverse("reports:version_pdf", kwargs={"pk": world.pk, "number": 9})).status_code == 404
    assert client.get(reverse("reports:version_docx", kwargs={"pk": world.pk, "number": 9})).status_code == 404
    assert client.get(reverse("reports:section_edit", kwargs={"pk": world.pk, "position": 99})).status_code == 404
    for name in ("section_remove", "section_regenerate"):
        assert client.get(reverse(f"reports:{name}", kwargs={"pk": world.pk, "position": 99})).status_code == 404
    assert client.get(reverse("reports:template_section_edit", kwargs={"position": 99})).status_code == 404
    assert client.get(reverse("reports:report_detail", kwargs={"pk": world.pk + 1000})).status_code == 404
