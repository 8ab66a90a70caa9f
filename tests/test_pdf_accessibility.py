"""The PDFs handed to people or read on screen are accessible documents: the companion booklet, the entitlement slip,
the goal matrix and the subject-access report are tagged PDF/UA-1 (ISO 14289-1), with a title shown in place of the
file name, the document's language, the language of every part in another language, and header cells that say what
they head.

Each PDF is obtained as the product makes it (the booklet from its content, the others through their views) and read
back with pypdf: the catalog, the XMP metadata, the structure tree, and the text of each marked-content sequence of
the pages, so that a test can say which language a screen reader is told for each piece of text.
"""

import subprocess
import unicodedata
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from booklets import rendering
from courses.models.choices import EntitlementKind
from ewg import pdf
from tests.booklets.test_booklet_pdf import content_in
from tests.cases.conftest import make_case, share_by_consent  # noqa: F401
from tests.courses.test_entitlements import issue, receiving, rules, shared_asylum_case, today  # noqa: F401
from tests.goals.conftest import action_field, framework, principle, result, steering_group  # noqa: F401
from tests.goals.test_matrix import matrix_goals, the_table  # noqa: F401
from tests.privacy.test_subject_access import produce

PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

DOCUMENTS = ("booklet", "slip", "matrix", "subject_access")


# Reading a PDF back


@dataclass
class Node:
    """A structure element, with the language that applies to it (its own /Lang or the nearest one above, else the
    catalog's) and the text of the marked content it holds itself."""

    role: str
    lang: str
    own_lang: str | None
    attributes: dict
    id: str | None
    alt: str | None
    text: str


def _marked_texts(page) -> dict[int, str]:
    """MCID -> the text drawn inside that marked-content sequence of the page."""
    stack: list[int | None] = []
    texts: dict[int, str] = {}

    def before(operator, operands, _cm, _tm):
        if operator == b"BDC":
            properties = operands[1].get_object() if len(operands) > 1 else {}
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value, *_):
        mcid = next((mcid for mcid in reversed(stack) if mcid is not None), None)
        if mcid is not None:
            texts[mcid] = texts.get(mcid, "") + value

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def structure(content: bytes) -> list[Node]:
    """Every structure element below the StructTreeRoot, in the order of the tree."""
    reader = PdfReader(BytesIO(content))
    pages = {page.indirect_reference.idnum: _marked_texts(page) for page in reader.pages}
    catalog = reader.trailer["/Root"]
    nodes: list[Node] = []

    def visit(reference, lang: str, page: int | None):
        element = reference.get_object()
        own_lang = str(element["/Lang"]) if "/Lang" in element else None
        lang = own_lang or lang
        if (own_page := element.raw_get("/Pg") if "/Pg" in element else None) is not None:
            page = own_page.idnum
        attributes = element.get("/A", {})
        node = Node(
            role=str(element["/S"]),
            lang=lang,
            own_lang=own_lang,
            attributes=dict(attributes) if hasattr(attributes, "keys") else {},
            id=str(element["/ID"]) if "/ID" in element else None,
            alt=str(element["/Alt"]) if "/Alt" in element else None,
            text="",
        )
        nodes.append(node)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                node.text += pages[page].get(kid, "")
                continue
            kid_object = kid.get_object()
            if kid_object.get("/Type") == "/MCR":
                node.text += pages[kid_object.raw_get("/Pg").idnum if "/Pg" in kid_object else page].get(
                    kid_object["/MCID"], ""
                )
            elif kid_object.get("/Type") != "/OBJR":  # an annotation (a link) holds no text of its own
                visit(kid, lang, page)

    for kid in catalog["/StructTreeRoot"]["/K"]:
        visit(kid, str(catalog["/Lang"]), None)
    return nodes


def arabic(text: str) -> str:
    return "".join(char for char in text if unicodedata.bidirectional(char) == "AL")


def pdfinfo(content: bytes, tmp_path) -> dict[str, str]:
    """What poppler's pdfinfo reports, as a reader of the file sees it."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    report = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key: value.strip() for key, value in (line.split(":", 1) for line in report.splitlines() if ":" in line)}


# The four PDFs, as the product makes them


@pytest.fixture(scope="module")
def booklet_pdf() -> bytes:
    """An Arabic booklet: every phrase in German and in Arabic."""
    return rendering.render(content_in("ar"))


@pytest.fixture
def made(request):
    """made(name) -> (the PDF's bytes, the title it should show)."""

    def slip():
        personas, login = request.getfixturevalue("personas"), request.getfixturevalue("login")
        case = request.getfixturevalue("shared_asylum_case")
        slip = request.getfixturevalue("issue")("asyl", case.person, kind=EntitlementKind.OBLIGATION)
        response = login(personas.asyl).get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk]))
        assert response.status_code == 200
        return response.content, f"Berechtigungsschein Nr. {slip.pk}"

    def matrix():
        personas, login = request.getfixturevalue("personas"), request.getfixturevalue("login")
        principal = request.getfixturevalue("matrix_goals")
        response = login(personas.lenkung).get(reverse("goals:goal_matrix_pdf", args=[principal.pk]))
        assert response.status_code == 200
        return response.content, the_table(principal)[0].title

    def subject_access():
        personas, login = request.getfixturevalue("personas"), request.getfixturevalue("login")
        case = request.getfixturevalue("make_case")("beratung", family_name="Haddad", languages=["Arabisch"])
        return produce(login(personas.beratung), case), "Auskunft nach Art. 15 DSGVO vom 25.11.2026"

    def make(name: str) -> tuple[bytes, str]:
        if name == "booklet":
            return request.getfixturevalue("booklet_pdf"), "Mein Begleitheft vom 25.11.2026"
        return {"slip": slip, "matrix": matrix, "subject_access": subject_access}[name]()

    return make


# What every one of them declares


@pytest.mark.django_db
@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_pdf_is_tagged_pdf_ua_1_with_its_title_and_language(made, name, tmp_path):
    """PDF/UA-1 (ISO 14289-1) 5 and 7.1: a tagged PDF (/MarkInfo /Marked true, a structure tree) that identifies
    itself as PDF/UA-1 in its XMP metadata (pdfuaid:part 1), with a title (dc:title) that the viewer shows instead of
    the file name (/DisplayDocTitle); 7.2 and WCAG 2.1 SC 3.1.1: the document's language in the catalog (/Lang);
    7.3 and WCAG 2.1 SC 1.1.1: no figure without alternative text (the booklet's pictograms are decoration, drawn
    as artifacts)."""
    content, title = made(name)
    reader = PdfReader(BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    nodes = structure(content)
    assert any(node.text.strip() for node in nodes), "an empty structure tree"
    assert [node for node in nodes if node.role == "/Figure" and not node.alt] == []
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True

    metadata = reader.xmp_metadata
    parts = [
        node.getAttributeNS(PDFUAID, "part") for node in metadata.rdf_root.getElementsByTagNameNS(RDF, "Description")
    ]
    assert "1" in parts, "no pdfuaid:part in the XMP metadata"
    assert metadata.dc_title == {"x-default": title}

    # As a reader sees it: poppler finds the title and the tags.
    info = pdfinfo(content, tmp_path)
    assert info["Title"] == title
    assert info["Tagged"] == "yes"


# The language of each part


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["booklet", "subject_access"])
def test_every_arabic_line_is_tagged_arabic_and_the_german_stays_german(made, name):
    """WCAG 2.1 SC 3.1.2 (Language of Parts) and PDF/UA-1 (ISO 14289-1) 7.2: every piece of text in Arabic sits in
    a structure element whose /Lang (its own or the nearest above) is "ar", so that a screen reader reads it with an
    Arabic voice; the German lines beside it stay "de". The Arabic is printed in the booklet, and in the
    subject-access report of a person who speaks Arabic."""
    content, _title = made(name)
    nodes = structure(content)
    in_arabic = [node for node in nodes if arabic(node.text)]
    assert len(arabic("".join(node.text for node in in_arabic))) > 300
    assert {node.lang for node in in_arabic} == {"ar"}
    german = [node for node in nodes if node.text.strip() and not arabic(node.text)]
    assert german
    assert {node.lang for node in german if any(letter in node.text for letter in "äöüßÄÖÜ")} == {"de"}


def test_the_language_is_set_where_it_changes_and_once_for_an_element():
    """WCAG 2.1 SC 3.1.2 and PDF/UA-1 (ISO 14289-1) 7.2, in every tagged PDF: an element with a lang of its own
    (a block, a span inside a sentence, German again inside Arabic) gives its structure element /Lang; the anonymous
    block WeasyPrint wraps around text beside a child block does not repeat it."""
    html = """<html lang="de"><head><title>Sprachen</title></head><body>
      <p>Ein Satz auf Deutsch.</p>
      <div lang="ar" dir="rtl">مرحبا بكم<p>أهلا وسهلا</p><p lang="de" dir="ltr">Wieder auf Deutsch.</p></div>
      <p>Ein Wort auf <span lang="en">English</span> im Satz.</p>
    </body></html>"""
    for options in ({"pdf_variant": "pdf/ua-1"}, {"pdf_variant": "pdf/a-3b", "pdf_tags": True}):
        content = pdf.render_pdf(html, **options)
        nodes = structure(content)
        language_of = {node.text.strip(): node.lang for node in nodes if node.text.strip()}
        assert language_of["مرحبا بكم"] == "ar", options
        assert language_of["أهلا وسهلا"] == "ar", options
        assert language_of["Wieder auf Deutsch."] == "de", options
        assert language_of["English"] == "en", options
        assert language_of["Ein Satz auf Deutsch."] == "de", options
        assert [node.role for node in nodes if node.own_lang == "ar"] == ["/Div"], options


# Table headers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "scopes"),
    [("slip", {"/Row"}), ("matrix", {"/Column"}), ("subject_access", {"/Row", "/Column"})],
)
def test_every_header_cell_says_what_it_heads_and_every_data_cell_names_its_headers(made, name, scopes):
    """PDF/UA-1 (ISO 14289-1) 7.5 and WCAG 2.1 SC 1.3.1 (Info and Relationships): every TH carries /Scope (/Row for
    the labels beside a value, /Column for a header row), from the template's scope; and every TD lists its headers
    (/Headers, which WeasyPrint derives from the same scope), so that a screen reader announces a value with its
    label."""
    content, _title = made(name)
    nodes = structure(content)
    headers = [node for node in nodes if node.role == "/TH"]
    cells = [node for node in nodes if node.role == "/TD"]
    assert headers
    assert cells
    assert {node.attributes.get("/Scope") for node in headers} == scopes
    header_ids = {node.id for node in headers}
    for cell in cells:
        named = [str(header) for header in cell.attributes.get("/Headers", [])]
        assert named, "a data cell without headers"
        assert set(named) <= header_ids
