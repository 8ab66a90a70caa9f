"""The companion booklet's PDF in all seven languages: the person's own texts and the translated phrases are in it,
right-to-left text reads back in logical order, every character has a glyph in the booklet's own fonts (no system
fallback), the bytes are the same on every rebuild, and only the chosen sections are printed.

Each language is rendered once per module (a few tenths of a second each once WeasyPrint is loaded); the tests read
the cached PDFs back with poppler (`pdftotext`, `pdffonts`), as a reader of the file would see them."""

import copy
import hashlib
import html
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from booklets import phrases, rendering

GOAL_TITLES = ("Deutsch auf B1 lernen", "Eine Arbeit in der Pflege finden")
SLIP_ISSUER = "Ausländerbehörde Kreis Steinfurt"

CONTENT = {
    "schema": 1,
    "language": "de",
    "edition": 3,
    "issued_on": "2026-11-25",
    "person": {"name": "Amira Haddad", "date_of_birth": "1991-04-02"},
    "issuer": {"agency": "Stadt Rheine – Team Beratung und Begleitung von Zuwanderern", "staff": "Petra Sommer"},
    "sections": ["contacts", "goals", "steps", "courses", "appointments", "entitlement"],
    "contacts": [
        {
            "agency": "Stadt Rheine – Team Beratung und Begleitung von Zuwanderern",
            "address": "Klosterstraße 14\n48431 Rheine",
            "phone": "05971 939-0",
            "email": "beratung@rheine.de",
            "hours": "Mo–Fr 8–12 Uhr",
        },
        {
            "agency": "Jobcenter Kreis Steinfurt",
            "address": "Lindenstraße 3\n48431 Rheine",
            "phone": "05971 9184-0",
            "email": "",
            "hours": "Di und Do 9–15 Uhr · nach Terminabsprache",
        },
    ],
    "goals": [
        {
            "title": GOAL_TITLES[0],
            "target_date": "2027-06-30",
            "reached_on": None,
            "next_steps": [
                {"title": "Zum Kurs anmelden", "due_on": "2026-12-01", "who": "VHS Rheine"},
                {"title": "Kinderbetreuung für die Kurszeit klären", "due_on": None, "who": "Familienbüro Rheine"},
            ],
        },
        {"title": GOAL_TITLES[1], "target_date": None, "reached_on": "2026-10-15", "next_steps": []},
    ],
    "steps": [
        {"on": "2026-03-02", "key": "course_started", "params": {"course": "Integrationskurs – VHS Rheine"}},
        {"on": "2026-06-20", "key": "dtz_result", "params": {"level": "b1"}},
        {"on": "2026-07-01", "key": "lid_passed", "params": {}},
        {"on": "2026-10-15", "key": "step_done", "params": {"title": "Bewerbung bei der Caritas geschrieben"}},
    ],
    "courses": [
        {
            "kind": "general",
            "title": "IK 2026/14",
            "provider": "VHS Rheine",
            "starts_on": "2026-03-02",
            "ends_on": "2026-09-30",
            "status": "completed",
            "certificate": {"level": "b1", "lid_passed": True},
        }
    ],
    "appointments": [{"on": "2026-12-03", "title": "Termin im Jobcenter", "who": "Jobcenter Kreis Steinfurt"}],
    "entitlement": [
        {
            "kind": "obligation",
            "course_kind": "general",
            "issued_on": "2026-01-12",
            "valid_until": "2027-01-12",
            "issuer": SLIP_ISSUER,
            "teaching_units": 700,
            "obliged": True,
        }
    ],
}

LANGUAGES = phrases.LANGUAGES


def content_in(language: str, **changes) -> dict:
    content = copy.deepcopy(CONTENT)
    content["language"] = language
    content.update(changes)
    return content


def reading(text: str) -> str:
    """Text as compared with what poppler reads back. pdftotext brackets right-to-left runs in embedding marks and
    places Arabic vowel marks (tanwin, damma, the Persian hamza above) apart from their letters, and it writes the two
    letters of a lam-alef ligature in reverse although the PDF maps the glyph to them in logical order. So format
    characters and combining marks are dropped, lam-alef is read one way on both sides, and whitespace is one space;
    the order of the letters and words is compared as it is."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cf", "Mn"))
    text = re.sub("\u0644([\u0627\u0623\u0625\u0622])", "\\1\u0644", text)  # lam before an alef
    return " ".join(text.split())


def pdf_text(pdf: bytes, *options: str) -> str:
    result = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode()


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    header, _rule, *lines = result.stdout.splitlines()
    # Columns by position: a font name has no spaces, but a type ("CID TrueType") has.
    type_at, emb_at = header.index("type"), header.index("emb")
    return [{"name": line[:type_at].strip(), "emb": line[emb_at:].split()[0]} for line in lines]


@pytest.fixture(scope="module")
def booklets():
    """language -> (html, pdf, pages), each rendered once for the module."""
    cache: dict[str, tuple[str, bytes, int]] = {}

    def booklet(language: str) -> tuple[str, bytes, int]:
        if language not in cache:
            content = content_in(language)
            cache[language] = (rendering.render_html(content), *rendering.render_with_pages(content))
        return cache[language]

    return booklet


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_persons_goals_and_the_translated_section_titles_are_in_the_pdf(booklets, language):
    text = reading(pdf_text(booklets(language)[1]))
    for title in GOAL_TITLES:
        assert title in text
    # Typed by staff, so printed once, untranslated (the second goal is in no step sentence).
    assert text.count(GOAL_TITLES[1]) == 1
    assert "Klosterstraße 14" in text
    assert SLIP_ISSUER in text
    for code in rendering.SECTIONS:
        assert reading(phrases.text(f"section_{code}", language)) in text
        assert reading(phrases.text(f"section_{code}", "de")) in text
    assert "25.11.2026" in text
    assert "Amira Haddad" in text


# One sentence each, several words, no punctuation inside: pdftotext orders the pieces of a right-to-left line that
# a full stop splits as they stand on the page, so a sentence is only compared up to its final full stop.
RTL_SENTENCES = ("section_contacts", "section_entitlement", "intro_contacts", "intro_entitlement", "obliged")


@pytest.mark.parametrize("language", sorted(phrases.RTL))
def test_right_to_left_sentences_read_back_in_logical_order(booklets, language):
    raw = pdf_text(booklets(language)[1])
    # The letters come back as letters (the ToUnicode map names base letters, not presentation forms) ...
    assert not [char for char in raw if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"]
    assert sum(unicodedata.bidirectional(char) == "AL" for char in raw) > 500
    # ... and in the order they are written.
    text = reading(raw)
    for key in RTL_SENTENCES:
        sentence = reading(phrases.text(key, language)).removesuffix(".")
        assert len(sentence.split()) >= 3, key
        assert sentence in text, key
        assert sentence[::-1] not in text, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_html_marks_every_translated_line_with_its_language_and_direction(booklets, language):
    markup = booklets(language)[0]
    assert '<html lang="de">' in markup
    translated = re.findall(r'<span class="tl" lang="([a-z]+)" dir="([a-z]+)">', markup)
    if language == "de":
        assert translated == []
    else:
        assert len(translated) > 40
        assert set(translated) == {(language, phrases.direction(language))}


def _cmap(static_name: str) -> set[int]:
    return set(TTFont(finders.find(static_name)).getBestCmap())


def _printed_characters(markup: str) -> set[str]:
    """The characters of the text the template prints: the body without its tags, entities resolved."""
    body = markup.split("<body", 1)[1]
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    return {char for char in html.unescape(re.sub(r"<[^>]+>", " ", body)) if not char.isspace()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_has_a_glyph_in_the_booklets_own_fonts(booklets, language):
    covered = set().union(*(_cmap(name) for name in rendering.FONT_FILES[language]))
    printed = _printed_characters(booklets(language)[0])
    assert len(printed) > 30
    missing = sorted(char for char in printed if ord(char) not in covered)
    assert not missing, [f"U+{ord(char):04X} {char}" for char in missing]


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_booklets_fonts_are_used_and_all_are_embedded(booklets, language, tmp_path):
    fonts = pdf_fonts(booklets(language)[1], tmp_path)
    families = {face.family.replace(" ", "-") for face in rendering.FONT_FACES[language]}
    used = set()
    for font in fonts:
        assert font["emb"] == "yes", font
        name = font["name"].split("+", 1)[-1]  # drop the subset tag
        family = next((family for family in families if name.startswith(family)), None)
        assert family, f"{font['name']} is not one of the booklet's fonts (a system fallback?)"
        used.add(family)
    assert "Fira-Sans" in used
    script = {"ar": "Vazirmatn", "fa": "Vazirmatn", "ti": "Noto-Sans-Ethiopic"}.get(language)
    if script:
        assert script in used


def test_the_pages_are_a5_and_numbered(booklets):
    _html, pdf, pages = booklets("en")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    assert pages >= 8  # cover, about, one page at least per section
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)
    last = reader.pages[-1].extract_text()
    assert str(len(reader.pages)) in last.split()


def test_a_rebuild_gives_the_same_bytes(booklets):
    for language in ("ar", "ti"):
        first = booklets(language)[1]
        assert rendering.render(content_in(language)) == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata["/CreationDate"].startswith("D:20261125")
    assert reader.metadata["/ModDate"].startswith("D:20261125")
    # The /ID follows the content: another edition is another document.
    other = rendering.render(content_in("ti", edition=4))
    assert re.search(rb"/ID \[\((\w+)\)", other).group(1) != re.search(rb"/ID \[\((\w+)\)", first).group(1)


REBUILD = """
import hashlib, json, sys
import django
django.setup()
from booklets import rendering
print(hashlib.sha256(rendering.render(json.load(sys.stdin))).hexdigest())
"""


def test_another_process_builds_the_same_bytes(booklets):
    """An earlier edition is rebuilt later, by another worker: its fonts, caches and temporary files are its own."""
    result = subprocess.run(
        [sys.executable, "-c", REBUILD],
        input=json.dumps(content_in("fa")),
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "ewg.settings_test")},
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == hashlib.sha256(booklets("fa")[1]).hexdigest()


def test_a_section_not_chosen_is_left_out_and_an_empty_one_says_so():
    chosen = [code for code in rendering.SECTIONS if code != "entitlement"]
    content = content_in("fa", sections=chosen, appointments=[])
    text = reading(pdf_text(rendering.render(content)))
    for language in ("de", "fa"):
        assert reading(phrases.text("section_entitlement", language)) not in text
        assert reading(phrases.text("section_appointments", language)) in text
        assert reading(phrases.text("nothing_yet", language)) in text
    assert SLIP_ISSUER not in text
    assert text.count(reading(phrases.text("nothing_yet", "de"))) == 1  # only the empty section


@pytest.mark.parametrize("language", ["de", "ar", "ti"])
def test_a_test_result_below_a2_is_said_in_words(language):
    content = content_in(language, steps=[{"on": "2026-06-20", "key": "dtz_result", "params": {"level": "below_a2"}}])
    markup = html.unescape(rendering.render_html(content))
    for said_in in {"de", language}:
        assert phrases.text("dtz_result", said_in, level=phrases.text("level_below_a2", said_in)) in markup
    assert "BELOW_A2" not in markup
