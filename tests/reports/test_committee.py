"""Committee reports: created from the template with what the data knows, edited with sanitised text, and turned
into numbered PDF versions whose content is frozen."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies import demo
from ewg.concurrent_edits import version_of
from goals.models import Goal
from goals.models.choices import GoalLevel
from reports import outline, services
from reports.aggregation import figures_compute
from reports.models import CommitteeReport, ReportSection, ReportVersion, VersionStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def seeded(db):
    demo.seed()
    figures_compute(today=TODAY)


def create(personas, **overrides) -> CommitteeReport:
    values = {
        "subject": "Modellprojekt Einwanderung gestalten – Sachstandbericht",
        "number": "322/18",
        "file_number": "FB 8 - hf",
        "kind": "decision",
        "committee": "Sozialausschuss",
        "meeting_date": None,
        "period": str(TODAY.year),
    }
    values.update(overrides)
    return services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=TODAY, **values
    )


def test_the_template_is_filled_from_the_data(seeded, personas):
    report = create(personas)
    sections = {section.title: section.body for section in report.sections.all()}
    assert list(sections)[:2] == ["Zielgruppe", "Schwerpunktthemen"]
    structure = sections["Beteiligte Akteure, Aufbau und Projektstruktur (siehe beiliegende Matrix – Anlage 1)"]
    assert "Volkshochschule" in structure
    assert "Lenkungsgruppe" in structure
    principles = Goal.objects.filter(level=GoalLevel.PRINCIPLE)
    assert principles.count() == 3
    for goal in principles:
        assert goal.statement in sections["Ziele und Ergebnisse"]
    assert "Der Sozialausschuss nimmt" in report.proposal_html
    assert report.history.get().history_user == personas.koordination
    assert ReportSection.history.filter(history_user=personas.koordination).count() == report.sections.count()


def test_a_second_report_refers_to_the_first(seeded, personas):
    first = create(personas)
    second = create(personas, number="067/19", earlier_reports=[first], earlier_numbers="199/17")
    assert outline.reference_for(second) == (
        "Auf die bisherigen Vorlagen zum Sachstand des Projektes „Einwanderung gestalten“ Nr. 199/17 und 322/18 "
        "wird verwiesen."
    )
    assert outline.reference_for(first) == ""


def test_a_submission_number_is_unique_and_nothing_is_half_saved(personas):
    create(personas)
    with pytest.raises(ValidationError) as refused:
        create(personas)
    assert "existiert bereits" in " ".join(refused.value.messages)
    assert CommitteeReport.objects.count() == 1
    assert ReportSection.objects.filter(report__number="322/18").exists()


@pytest.mark.parametrize("persona", ["lenkung", "beratung", "jobcenter-admin"])
def test_only_coordinators_write(personas, persona):
    with pytest.raises(ValidationError):
        services.report_create(
            actor=personas.users[persona], membership=personas.membership(persona), today=TODAY,
            subject="S", number="1/26", kind="decision", committee="Sozialausschuss", period=str(TODAY.year),
        )  # fmt: skip
    assert not CommitteeReport.objects.exists()


def test_section_text_is_sanitised_on_save(personas, login):
    report = create(personas)
    section = report.sections.first()
    body = 'Erreicht: **8 Wochen**\n\n<img src="file:///etc/passwd"><script>alert(1)</script> [Link](javascript:x)'
    response = login(personas.koordination).post(
        reverse("reports:section_edit", args=[report.pk, section.position]),
        {"title": "Überblick", "body": body, "loaded_version": version_of(section)},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == body  # kept as written
    assert "<strong>8 Wochen</strong>" in section.body_html
    for dangerous in ("<img", "file:", "<script", "javascript:"):
        assert dangerous not in section.body_html
    page = login(personas.lenkung).get(report.get_absolute_url()).content.decode()
    assert "<strong>8 Wochen</strong>" in page
    assert "file:///etc/passwd" not in page


def test_bad_input_is_refused_in_german_and_changes_nothing(personas, login):
    report = create(personas)
    response = login(personas.koordination).post(
        reverse("reports:report_edit", args=[report.pk]),
        {"subject": " ", "number": "322/18", "kind": "decision", "committee": "Sozialausschuss", "period": "1999-Q7"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich" in text or "Betreff" in text
    report.refresh_from_db()
    assert report.subject.startswith("Modellprojekt")
    assert report.period == str(TODAY.year)


def test_versions_are_numbered_and_frozen(seeded, personas, login, django_capture_on_commit_callbacks):
    report = create(personas)
    client = login(personas.koordination)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:version_create", args=[report.pk])).status_code == 302
    first = ReportVersion.objects.get(report=report, number=1)
    assert first.status == VersionStatus.DONE  # tasks run eagerly in this process
    pdf = client.get(reverse("reports:version_pdf", args=[report.pk, 1]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    frozen, frozen_pdf = first.content, bytes(first.pdf)

    # New data and new text after version 1: version 2 shows them, version 1 stays as it was.
    goal = Goal.objects.filter(level=GoalLevel.PRINCIPLE).first()
    goal.statement = "Ein geänderter Zielsatz nach Version 1"
    goal.save()
    section = report.sections.get(position=1)
    services.section_update(
        actor=personas.koordination, membership=personas.membership("koordination"), section=section,
        title=section.title, body="Neuer Text nach Version 1",
    )  # fmt: skip
    figures_compute(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:version_create", args=[report.pk]))
    second = ReportVersion.objects.get(report=report, number=2)
    assert "Ein geänderter Zielsatz nach Version 1" in str(second.content)
    first.refresh_from_db()
    assert first.content == frozen
    assert bytes(first.pdf) == frozen_pdf
    assert "Ein geänderter Zielsatz nach Version 1" not in str(first.content)
    assert client.get(reverse("reports:version_pdf", args=[report.pk, 1])).content == frozen_pdf


def test_a_version_requested_while_the_broker_is_down_is_rendered_by_the_sweep(
    personas, django_capture_on_commit_callbacks
):
    from ewg.celery import app

    names = ("task_always_eager", "broker_url", "broker_connection_retry", "broker_connection_max_retries")
    saved = {name: app.conf[name] for name in names}
    # Nothing listens on port 1: the hand-over after commit fails, as when Redis is down.
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0", broker_connection_retry=False,
                    broker_connection_max_retries=0)  # fmt: skip
    try:
        report = create(personas)
        with django_capture_on_commit_callbacks(execute=True):
            version = services.version_request(
                actor=personas.koordination, membership=personas.membership("koordination"), report=report,
                today=TODAY,
            )  # fmt: skip
    finally:
        app.conf.update(saved)
    version.refresh_from_db()
    assert version.status == VersionStatus.QUEUED  # saved, though no task reached a broker
    ReportVersion.objects.filter(pk=version.pk).update(requested_at=timezone.now() - timezone.timedelta(minutes=5))
    from reports.tasks import report_versions_resume

    assert report_versions_resume() == 1
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE
    assert version.pages >= 1
    assert report_versions_resume() == 0  # rendered once only
    assert services.version_render(version_id=version.pk) is False
