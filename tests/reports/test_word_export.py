"""The Word export of a report version: built from the same frozen content as its PDF, read back here with
python-docx — the header block, the headings as Word headings in the content's order, the annex tables as Word
tables with their header rows, the goal statements, the notes under the tables."""

from io import BytesIO

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from agencies import demo
from goals.models import Goal
from goals.models.choices import GoalLevel
from reports import services, word
from reports.aggregation import figures_compute
from reports.content import freeze
from reports.models import CommitteeReport, ReportVersion, VersionStatus
from reports.text import to_html
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def create_report(personas) -> CommitteeReport:
    return services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=TODAY,
        subject="Modellprojekt Einwanderung gestalten – Sachstandbericht", number="322/18", file_number="FB 8 - hf",
        kind="decision", committee="Sozialausschuss", meeting_date=TODAY, period=str(TODAY.year),
    )  # fmt: skip


def version_of(report: CommitteeReport, personas, *, status=VersionStatus.DONE) -> ReportVersion:
    """A version with its content frozen as `version_request` freezes it, written directly (no PDF is needed to
    read the .docx; the full path through "PDF erzeugen" is tested once below)."""
    return ReportVersion.objects.create(
        report=report, number=1, status=status, content=freeze(report, version_number=1, today=TODAY),
        requested_by=personas.koordination,
    )  # fmt: skip


def download(client, version: ReportVersion):
    return client.get(reverse("reports:version_docx", args=[version.report_id, version.number]))


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def first_row(table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def table_headed(document, header: list[str]):
    return next(table for table in document.tables if first_row(table) == header)


def expected_outline(content: dict) -> list[tuple[str, str]]:
    """The PDF's outline: the parts as Heading 1, the numbered sections as Heading 2, the annexes as Heading 1."""
    sections = [("Heading 2", f"{section['number']}. {section['title']}") for section in content["sections"]]
    return [
        ("Heading 1", "Beschlussvorschlag/Empfehlung:"),
        ("Heading 1", "Begründung:"),
        *sections,
        ("Heading 1", "Kennzahlen"),
        ("Heading 1", "Anlagen:"),
        *(("Heading 1", annex["title"]) for annex in content["annexes"]),
    ]


@pytest.fixture
def seeded(db):
    demo.seed()
    figures_compute(today=TODAY)


def test_the_docx_of_a_generated_version_carries_its_frozen_content(seeded, personas, login):
    report = create_report(personas)
    client = login(personas.koordination)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("reports:version_create", args=[report.pk])).status_code == 302
    version = ReportVersion.objects.get(report=report, number=1)
    assert version.status == VersionStatus.DONE
    content = version.content

    response = download(client, version)
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="vorlage-322-18-v1.docx"'
    document = Document(BytesIO(response.content))

    # The city's header block, as the PDF's.
    assert [p.text for p in document.paragraphs[:2]] == ["Stadt Rheine", "Vorlage Nr. 322/18"]
    assert document.paragraphs[1].style.name == "Title"
    block = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert block["Betreff"] == "Modellprojekt Einwanderung gestalten – Sachstandbericht"
    assert block["Vorlage"] == "322/18"
    assert block["Aktenzeichen"] == "FB 8 - hf"
    assert block["Art"] == content["header"]["kind_label"]
    assert block["Ausschuss"] == "Sozialausschuss"
    assert block["Sitzungstermin"] == TODAY.strftime("%d.%m.%Y")
    assert document.core_properties.title.startswith("Vorlage Nr. 322/18")

    # Headings: the content's sections and annexes in their order, as Word headings.
    outline = [entry for entry in headings(document) if entry[0] in ("Heading 1", "Heading 2")]
    assert outline == expected_outline(content)
    assert len(content["sections"]) >= 5

    # The annexes: real tables with a header row that repeats on every page.
    structure, *matrices = content["annexes"]
    structure_table, *matrix_tables = document.tables[-len(content["annexes"]) :]  # one table per annex, last
    assert first_row(structure_table) == [structure["corner"], *structure["columns"]]
    assert [row.cells[0].text for row in structure_table.rows[1:]] == [row["name"] for row in structure["rows"]]
    assert structure_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(matrices) == Goal.objects.filter(level=GoalLevel.PRINCIPLE).count() == 3
    words = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for matrix, table in zip(matrices, matrix_tables, strict=True):
        assert first_row(table) == matrix["header"]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
            [cell["text"] or "–" for cell in row["cells"]] for row in matrix["rows"]
        ]
        assert matrix["statement"] in words
        # Each number column's header is aligned as its numbers, so that a value stands under its own header.
        for index, header in enumerate(table.rows[0].cells):
            body = [row.cells[index].paragraphs[0].alignment for row in table.rows[1:] if row.cells[index].text != "–"]
            if WD_ALIGN_PARAGRAPH.RIGHT in body:
                assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT, matrix["header"][index]
    for goal in Goal.objects.filter(level=GoalLevel.PRINCIPLE):
        assert goal.statement in words

    # The key figures' tables and the note the PDF prints under them.
    for figures in content["figures"]["tables"]:
        assert first_row(table_headed(document, figures["columns"])) == figures["columns"]
    texts = [p.text for p in document.paragraphs]
    assert content["figures"]["note"] in texts
    assert content["annex_titles"] == texts[texts.index("Anlagen:") + 1 : texts.index("Anlagen:") + 1 + 4]

    # The report page offers both formats of the version.
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:version_pdf", args=[report.pk, 1]) in page
    assert reverse("reports:version_docx", args=[report.pk, 1]) in page
    assert "Word (.docx, Version 1)" in page


def test_markdown_becomes_word_paragraphs_lists_and_tables():
    text = (
        "Erreicht: **8 Wochen** und *kursiv*\n\n"
        "- Jobcenter\n- Stadt\n    - Ausländerbehörde\n\n"
        "1. Berechtigungsschein\n2. Ablaufdiagramm\n\n"
        "### Themenfeld Sprache\n\n"
        "| Kennzahl | Wert |\n|---|--:|\n| Berechtigungsscheine | 26 |\n\n"
        "Erste Zeile  \nzweite Zeile"
    )
    content = {
        "language": "de",
        "header": {"number": "1/26"},
        "introduction_html": to_html("Auf die bisherigen Vorlagen Nr. 199/17 und 067/18 wird verwiesen."),
        "sections": [{"number": 1, "title": "Ziele und Ergebnisse", "html": to_html(text)}],
    }
    document = Document(BytesIO(word.build(content)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    reasons = paragraphs.index(("Heading 1", "Begründung:"))
    assert paragraphs[reasons + 1] == ("Normal", "Auf die bisherigen Vorlagen Nr. 199/17 und 067/18 wird verwiesen.")
    assert ("Heading 2", "1. Ziele und Ergebnisse") in paragraphs
    assert ("Heading 3", "Themenfeld Sprache") in paragraphs
    assert ("List Bullet", "Jobcenter") in paragraphs
    assert ("List Bullet 2", "Ausländerbehörde") in paragraphs
    assert ("List Continue", "2. Ablaufdiagramm") in paragraphs
    lead = next(p for p in document.paragraphs if p.text.startswith("Erreicht"))
    assert [(run.text, run.bold, run.italic) for run in lead.runs] == [
        ("Erreicht: ", None, None),
        ("8 Wochen", True, None),
        (" und ", None, None),
        ("kursiv", None, True),
    ]
    assert any(p.text == "Erste Zeile\nzweite Zeile" for p in document.paragraphs)
    table = table_headed(document, ["Kennzahl", "Wert"])
    assert [cell.text for cell in table.rows[1].cells] == ["Berechtigungsscheine", "26"]


def test_a_content_without_optional_parts_still_builds():
    """Older or newer shapes of the frozen content: missing keys are left out, an unknown annex shows its table."""
    content = {
        "sections": [{"title": "Fazit", "html": "<p>Text</p>"}, "not a section"],
        "figures": {"available": False, "note": "Es wurden noch keine Kennzahlen berechnet."},
        "annexes": [{"title": "Anlage 5 – Sitzungen", "kind": "meetings", "header": ["Gremium", "Datum"],
                     "rows": [["Lenkungsgruppe", "01.03.2026"]], "footnote": "Stand der Protokolle"}],
    }  # fmt: skip
    document = Document(BytesIO(word.build(content)))
    assert ("Heading 2", "Fazit") in headings(document)
    assert ("Heading 1", "Anlage 5 – Sitzungen") in headings(document)
    assert [cell.text for cell in table_headed(document, ["Gremium", "Datum"]).rows[1].cells] == [
        "Lenkungsgruppe",
        "01.03.2026",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Stand der Protokolle" in texts
    assert "Es wurden noch keine Kennzahlen berechnet." in texts


@pytest.mark.parametrize("persona", ["beratung", "jobcenter", "vhs", "ehrenamt", "datenschutz", "admin"])
def test_outsiders_get_404(personas, login, persona):
    version = version_of(create_report(personas), personas)
    assert download(login(personas.users[persona]), version).status_code == 404
    assert download(login(personas.lenkung), version).status_code == 200


@pytest.mark.parametrize("status", [VersionStatus.QUEUED, VersionStatus.RENDERING, VersionStatus.FAILED])
def test_a_version_not_finished_is_404_as_its_pdf(personas, login, status):
    version = version_of(create_report(personas), personas, status=status)
    client = login(personas.koordination)
    assert download(client, version).status_code == 404
    assert client.get(reverse("reports:version_pdf", args=[version.report_id, 1])).status_code == 404
    page = client.get(version.report.get_absolute_url()).content.decode()
    assert reverse("reports:version_docx", args=[version.report_id, 1]) not in page


def test_the_download_costs_the_same_queries_however_long_the_report(personas, login):
    version = version_of(create_report(personas), personas)
    client = login(personas.lenkung)

    def action():
        response = download(client, version)
        assert response.status_code == 200

    def grow():
        content = dict(version.content)
        content["sections"] = [
            {"number": n, "title": f"Abschnitt {n}", "html": "<p>Text</p><ul><li>a</li></ul>"} for n in range(1, 40)
        ]
        content["annexes"] = [*content["annexes"], *content["annexes"]]
        ReportVersion.objects.filter(pk=version.pk).update(content=content)

    # Session, user, membership, the version, its content, and the session saved (every request).
    assert assert_constant_queries(action, grow) == 8
