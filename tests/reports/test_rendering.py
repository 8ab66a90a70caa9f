"""The PDF of a report version, rendered from the frozen content of a report over the seeded demo: the city's form,
the goal matrices of the demo as annexes, PDF/A-3b and tagged, and nothing fetched that a user could have typed."""

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import pytest
from django.db import transaction
from pypdf import PdfReader

from agencies import demo
from agencies.models import User
from ewg import pdf as ewg_pdf
from goals.models import Goal
from goals.models.choices import GoalLevel
from reports.content import freeze
from reports.models import CommitteeReport, ReportSection
from reports.rendering import render

# The module's fixture seeds the database; the mark makes the run set up the test database at all.
pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
PASSWD = "file:///etc/passwd"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@dataclass(frozen=True)
class Rendered:
    content: dict
    pdf: bytes
    pages: int
    steps: list[tuple[int, str]]
    principles: list[str]  # the statements of the seeded Grundsatzziele

    @property
    def reader(self) -> PdfReader:
        return PdfReader(BytesIO(self.pdf))

    @property
    def text(self) -> str:
        """All pages' text, whitespace collapsed: a table cell's text wraps at other places than the source."""
        return " ".join("\n".join(page.extract_text() for page in self.reader.pages).split())


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    """The demo seeded, a report frozen over it, the seed rolled back; then the PDF rendered once for all tests here
    (rendering needs no database)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed()
        report = CommitteeReport.objects.create(
            subject="Modellprojekt Einwanderung gestalten - NRW, Sachstandbericht",
            number="322/18",
            file_number="FB 8 - hf",
            kind="decision",
            committee="Sozialausschuss",
            meeting_date=date(2026, 12, 3),
            period=str(TODAY.year),
            proposal_html="<p>Der Sozialausschuss nimmt die Ausführungen zum Sachstand zur Kenntnis.</p>",
            created_by=User.objects.get(username="koordination"),
        )
        ReportSection.objects.create(
            report=report, position=1, title="Zielgruppe", body_html="<p>Zuwanderer seit 2015.</p>"
        )
        ReportSection.objects.create(
            report=report, position=2, title="Ziele und Ergebnisse", body_html="<ul><li>Sprache</li></ul>"
        )
        content = freeze(report, version_number=2, today=TODAY)
        principles = list(Goal.objects.filter(level=GoalLevel.PRINCIPLE).values_list("statement", flat=True))
        transaction.set_rollback(True)
    steps = []
    pdf, pages = render(content, progress=lambda percent, step: steps.append((percent, step)))
    return Rendered(content, pdf, pages, steps, principles)


def test_the_pdf_holds_the_form_the_reasons_and_the_annexes(rendered):
    assert rendered.pdf.startswith(b"%PDF-")
    text = rendered.text
    header = rendered.content["header"]
    for label, value in (
        ("Betreff", header["subject"]),
        ("Vorlage", "322/18"),
        ("Aktenzeichen", "FB 8 - hf"),
        ("Art", header["kind_label"]),
    ):
        assert f"{label} {value}" in text
    assert "Stadt Rheine" in text
    assert "Vorlage Nr. 322/18" in text
    assert "Beschlussvorschlag/Empfehlung:" in text
    assert "Der Sozialausschuss nimmt die Ausführungen zum Sachstand zur Kenntnis." in text
    assert "Begründung:" in text
    assert "1. Zielgruppe" in text
    assert "2. Ziele und Ergebnisse" in text
    assert "Anlagen:" in text
    titles = rendered.content["annex_titles"]
    assert titles[1:] == [
        "Anlage 2 – Zielmatrix Sprache – Grundsatzziel 1",
        "Anlage 3 – Zielmatrix Sprache – Grundsatzziel 2",
        "Anlage 4 – Zielmatrix Arbeit – Grundsatzziel 1",
    ]
    for title in titles:
        assert text.count(title) == 2, f"{title!r}: once in the list of annexes, once as the annex's heading"
    assert len(rendered.principles) == 3
    for statement in rendered.principles:
        assert " ".join(statement.split()) in text


def test_the_key_figures_of_the_demo_run_are_printed(rendered):
    figures = rendered.content["figures"]
    assert figures["available"]
    assert figures["tables"]
    for table in figures["tables"]:
        assert " ".join(table["title"].split()) in rendered.text


def test_every_page_says_which_page_of_how_many(rendered):
    reader = rendered.reader
    assert len(reader.pages) == rendered.pages
    assert rendered.pages >= 5  # the text, then four annexes each on a new page
    for number, page in enumerate(reader.pages, start=1):
        assert f"Seite {number} von {rendered.pages}" in page.extract_text()


def test_the_annexes_start_on_landscape_pages(rendered):
    reader = rendered.reader
    first = reader.pages[0].mediabox
    assert float(first.width) < float(first.height)  # A4 portrait
    headings = [
        number
        for number, page in enumerate(reader.pages)
        if page.extract_text().lstrip().startswith(tuple(rendered.content["annex_titles"]))
    ]
    assert len(headings) == len(rendered.content["annex_titles"])  # each annex begins a page
    for number in headings:
        box = reader.pages[number].mediabox
        assert float(box.width) > float(box.height)


def test_the_pdf_is_pdf_a_3b_tagged_and_german(rendered):
    root = rendered.reader.trailer["/Root"]
    packet = root["/Metadata"].get_object().get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
    xmp = ET.fromstring(packet)  # noqa: S314 - the XMP packet of the PDF this test just made
    identification = [
        element.attrib for element in xmp.iter() if f"{PDFAID}part" in element.attrib
    ]  # <rdf:Description pdfaid:part="3" pdfaid:conformance="B"/>
    assert identification == [{**identification[0], f"{PDFAID}part": "3", f"{PDFAID}conformance": "B"}]
    assert "/OutputIntents" in root  # PDF/A: the sRGB profile the colours refer to
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert (
        rendered.reader.metadata.title
        == "Vorlage Nr. 322/18 – Modellprojekt Einwanderung gestalten - NRW, Sachstandbericht"
    )


def test_the_fonts_are_embedded(rendered):
    fonts = {}
    for page in rendered.reader.pages[:1]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts
    assert all(fonts.values()), fonts
    assert all("Fira" in name for name in fonts)


def test_progress_is_reported_up_to_done(rendered):
    percents = [percent for percent, _step in rendered.steps]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(percents) >= 3
    assert all(step for _percent, step in rendered.steps)


def test_the_first_page_is_not_blank(rendered, tmp_path):
    from PIL import Image

    source = tmp_path / "report.pdf"
    source.write_bytes(rendered.pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", source, tmp_path / "page"],
        check=True,
        timeout=60,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.01 * image.width * image.height


def test_a_url_in_a_users_text_is_never_fetched(rendered, monkeypatch):
    """Sanitising on save strips images; should a text reach the PDF unsanitised, the fetcher still refuses it."""
    asked = []
    decide = ewg_pdf.static_file_for

    def spy(url, **kwargs):
        answer = decide(url, **kwargs)
        asked.append((url, answer))
        return answer

    monkeypatch.setattr(ewg_pdf, "static_file_for", spy)
    content = {
        **rendered.content,
        "sections": [
            {
                "number": 1,
                "title": "Eingeschleust",
                "html": f'<p>Text bleibt</p><img src="{PASSWD}"><img src="http://169.254.169.254/latest/">'
                '<link rel="stylesheet" href="https://example.org/x.css">',
            }
        ],
        "annexes": [],
        "annex_titles": [],
    }
    pdf, _pages = render(content)
    answers = dict(asked)
    assert answers[PASSWD] is None, "the fetcher was asked and refused"
    assert answers["http://169.254.169.254/latest/"] is None
    assert all("static" in path.parts for path in answers.values() if path is not None)  # the fonts only
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Text bleibt" in text
    assert "root:x:0:0" not in text
    assert b"root:x:0:0" not in pdf
