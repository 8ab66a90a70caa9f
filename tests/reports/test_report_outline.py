"""The generated report has the outline of the city's status report, Vorlage 322/18 (the source document in
../shared/domain): the reasons open with the reference to the earlier submissions, sections 1–7 follow with the
source's titles in the source's order, and the annexes carry the source's titles. The outline is the template the
coordinators keep; they edit its texts, and new reports copy them."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from agencies import demo
from ewg.concurrent_edits import version_of
from reports import outline, services
from reports.aggregation import figures_compute
from reports.models import CommitteeReport, ReportTemplateSection

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOURCE = Path(__file__).resolve().parents[3] / "shared" / "domain" / "vorlage-322-18-sachstandbericht.txt"
# The same headings, pinned, should the source file not be at hand (a checkout of the repository alone). The source
# numbers them 1–7 in its text ("wie oben unter Punkt 4 – Ziele und Ergebnisse"), though its list markup lost the
# numbers after 2; its last annex line is cut off after "Grundsatzziel".
PINNED_SECTIONS = [
    "Zielgruppe",
    "Schwerpunktthemen",
    "Beteiligte Akteure, Aufbau und Projektstruktur (siehe beiliegende Matrix – Anlage 1)",
    "Ziele und Ergebnisse",
    "Aussichten / Weitere Schritte",
    "Vorläufiges Fazit der Projektkoordinatorinnen zum Modellprojekt",
    "Verstetigung des Projektes",
]
PINNED_ANNEXES = [
    "Anlage 1 Projektstruktur",
    "Anlage 2 – Zielmatrix Sprache – Grundsatzziel 1",
    "Anlage 3 – Zielmatrix Sprache – Grundsatzziel 2",
    "Anlage 4 – Zielmatrix Arbeit - Grundsatzziel",
]


def source_outline() -> tuple[list[str], list[str]]:
    """The section headings of the Begründung (indented "  1. Title:" lines) and the annex lines after "Anlagen:"."""
    if not SOURCE.exists():
        return PINNED_SECTIONS, PINNED_ANNEXES
    text = SOURCE.read_text(encoding="utf-8")
    reasons, annexes = text.split("Begründung:", 1)[1].split("Anlagen:", 1)
    sections = [match.rstrip(":").strip() for match in re.findall(r"^ {2}\d+\.\s+(.+)$", reasons, re.MULTILINE)]
    annex_titles = [line.strip() for line in annexes.splitlines() if line.strip().startswith("Anlage")]
    return sections, annex_titles


def dashes(title: str) -> str:
    """The source writes a hyphen where the product writes an en dash between the parts of an annex title."""
    return title.replace(" - ", " – ").strip()


@pytest.fixture
def seeded(db):
    demo.seed()
    figures_compute(today=TODAY)


def create(personas, **overrides) -> CommitteeReport:
    values = {
        "subject": "Modellprojekt Einwanderung gestalten – NRW, Sachstandbericht",
        "number": "322/18",
        "file_number": "FB 8 - hf",
        "kind": "decision",
        "committee": "Sozialausschuss",
        "period": str(TODAY.year),
        "earlier_numbers": "199/17, 067/18",
    }
    values.update(overrides)
    return services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=TODAY, **values
    )


def test_the_source_is_read_as_seven_sections_and_four_annexes():
    sections, annexes = source_outline()
    assert sections == PINNED_SECTIONS
    assert annexes == PINNED_ANNEXES


def test_a_new_report_and_its_frozen_version_have_the_sources_outline(seeded, personas):
    sections, annexes = source_outline()
    report = create(personas)
    assert [(s.position, s.title) for s in report.sections.all()] == list(enumerate(sections, start=1))

    with TestCase.captureOnCommitCallbacks(execute=True):
        version = services.version_request(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report, today=TODAY
        )
    content = version.content
    assert [(s["number"], s["title"]) for s in content["sections"]] == list(enumerate(sections, start=1))
    assert len(content["annex_titles"]) == len(annexes)
    for generated, source in zip(content["annex_titles"], annexes, strict=True):
        assert dashes(generated).startswith(dashes(source))  # the source's last line is cut after "Grundsatzziel"
    # The reasons open as the source's do.
    assert (
        "Auf die bisherigen Vorlagen zum Sachstand des Projektes „Einwanderung gestalten“ Nr. 199/17 und 067/18 "
        "wird verwiesen." in content["introduction_html"]
    )
    assert "Kurzer Überblick über das Projekt" in content["introduction_html"]


def test_the_pdf_shows_the_reference_and_the_seven_sections(seeded, personas):
    from reports.rendering import render_html

    report = create(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        version = services.version_request(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report, today=TODAY
        )
    html = render_html(version.content)
    assert "Nr. 199/17 und 067/18 wird verwiesen." in html
    positions = [html.index(f"{number}. {title}") for number, title in enumerate(PINNED_SECTIONS, start=1)]
    assert positions == sorted(positions)
    assert html.index("wird verwiesen") < positions[0]


def test_earlier_reports_are_chosen_or_typed(personas, login):
    first = create(personas, number="199/17", earlier_numbers="")
    client = login(personas.koordination)
    response = client.post(
        reverse("reports:report_create"),
        {
            "subject": "Sachstand", "number": "067/19", "kind": "decision", "committee": "Sozialausschuss",
            "period": str(TODAY.year), "earlier_reports": [first.pk], "earlier_numbers": "101/16; 150/16",
        },
    )  # fmt: skip
    assert response.status_code == 302
    second = CommitteeReport.objects.get(number="067/19")
    assert second.earlier_numbers == "101/16, 150/16"
    assert list(second.earlier_reports.all()) == [first]
    assert outline.reference_for(second).endswith("Nr. 101/16, 150/16 und 199/17 wird verwiesen.")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Nr. 101/16, 150/16 und 199/17 wird verwiesen." in page

    # Changed on the header's page; history names who.
    edit = client.get(reverse("reports:report_edit", args=[second.pk]))
    assert edit.status_code == 200
    response = client.post(
        reverse("reports:report_edit", args=[second.pk]),
        {
            "subject": "Sachstand", "number": "067/19", "kind": "decision", "committee": "Sozialausschuss",
            "period": str(TODAY.year), "earlier_numbers": "", "proposal": "Kenntnisnahme",
            "introduction": "Kurzer Überblick:", "loaded_version": version_of(second),
        },
    )  # fmt: skip
    assert response.status_code == 302
    second.refresh_from_db()
    assert outline.reference_for(second) == ""
    assert second.introduction_html == "<p>Kurzer Überblick:</p>"
    assert second.history.first().history_user == personas.koordination


def test_a_typed_number_that_is_none_is_refused_and_a_report_cannot_refer_to_itself(personas):
    with pytest.raises(ValidationError) as refused:
        create(personas, earlier_numbers="199/17, <script>")
    assert "earlier_numbers" in refused.value.error_dict
    report = create(personas)
    with pytest.raises(ValidationError) as refused:
        services.report_update(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report,
            proposal="x", earlier_reports=[report],
        )  # fmt: skip
    assert "earlier_reports" in refused.value.error_dict


def test_every_section_of_a_new_report_opens_for_editing(seeded, personas, login):
    report = create(personas)
    client = login(personas.koordination)
    for section in report.sections.all():
        response = client.get(reverse("reports:section_edit", args=[report.pk, section.position]))
        assert response.status_code == 200, section.position
        assert section.title in response.content.decode()
    assert report.sections.count() == 7
    assert client.get(reverse("reports:section_edit", args=[report.pk, 8])).status_code == 404


def test_coordinators_edit_the_template_and_new_reports_copy_it(personas, login):
    before = create(personas, number="1/26")
    client = login(personas.koordination)
    assert "Verstetigung des Projektes" in client.get(reverse("reports:template_list")).content.decode()
    row = ReportTemplateSection.objects.get(position=7)
    url = reverse("reports:template_section_edit", args=[7])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Verstetigung",
            "default_text": "Die Netzwerke werden verstetigt.",
            "loaded_version": version_of(row),
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.title, row.default_text) == ("Verstetigung", "Die Netzwerke werden verstetigt.")
    assert row.history.first().history_user == personas.koordination

    after = create(personas, number="2/26")
    assert after.sections.get(position=7).title == "Verstetigung"
    assert after.sections.get(position=7).body == "Die Netzwerke werden verstetigt."
    assert before.sections.get(position=7).title == "Verstetigung des Projektes"  # made before: unchanged


def test_a_stale_template_edit_is_refused(personas, login):
    row = ReportTemplateSection.objects.get(position=6)
    loaded = version_of(row)
    services.template_section_update(
        actor=personas.koordination, membership=personas.membership("koordination"), template_section=row,
        title=row.title, default_text="Erste Fassung",
    )  # fmt: skip
    response = login(personas.koordination).post(
        reverse("reports:template_section_edit", args=[6]),
        {"title": row.title, "default_text": "Zweite Fassung", "loaded_version": loaded},
    )
    assert response.status_code == 200
    assert "inzwischen" in response.content.decode()
    row.refresh_from_db()
    assert row.default_text == "Erste Fassung"


def test_only_coordinators_edit_the_template(personas):
    row = ReportTemplateSection.objects.get(position=1)
    with pytest.raises(ValidationError):
        services.template_section_update(
            actor=personas.lenkung, membership=personas.membership("lenkung"), template_section=row,
            title="X", default_text="Y",
        )  # fmt: skip
    row.refresh_from_db()
    assert row.title == "Zielgruppe"
