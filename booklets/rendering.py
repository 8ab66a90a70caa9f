"""The companion booklet (Begleitheft) as a PDF, laid out from its frozen content (booklets.content) only.

Bilingual: every printed phrase in German, then in the person's language on a line of its own that carries its own
`lang` and `dir` (right to left, right-aligned, for Arabic and Persian). For German only the German line. Names,
addresses, agency names and texts typed by staff (goal, step and course titles) are printed once, as they are.

The phrases are put together here, not in the template, so that the template only places them: `Bilingual` renders
itself as the pair of lines. Every resource comes through ewg.pdf's fetcher (static files only). The same content
gives the same bytes: the PDF's dates are the issue date and its /ID is derived from the content.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.html import format_html

from booklets import phrases

TEMPLATE = "booklets/pdf.html"
STYLESHEET = "css/booklet-pdf.css"

# The booklet's sections, in the order they are printed.
SECTIONS = ("contacts", "goals", "steps", "courses", "appointments", "entitlement")


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: str  # static name


# Fira Sans (the app's font) covers Latin with Turkish and German letters, Cyrillic, digits and the punctuation of all
# languages; Vazirmatn (Arabic, Persian) and Noto Sans Ethiopic (Tigrinya) add the scripts it lacks. Regular and bold
# only: WeasyPrint loads every @font-face it is given. Not Noto Sans Arabic: it builds letters from dotless bodies and
# separate dots, and as WeasyPrint maps each glyph to the first letter drawn with it, the PDF's text (copy, search,
# screen readers) would come back with the wrong letters; Vazirmatn has a glyph of its own for each letter form.
_LATIN = (
    FontFace("Fira Sans", 400, "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2"),
    FontFace("Fira Sans", 700, "vendor/kern/fonts/fira-sans/FiraSans-Bold.woff2"),
)
_ARABIC = (
    FontFace("Vazirmatn", 400, "vendor/fonts/vazirmatn/vazirmatn-arabic-400-normal.woff2"),
    FontFace("Vazirmatn", 700, "vendor/fonts/vazirmatn/vazirmatn-arabic-700-normal.woff2"),
)
_ETHIOPIC = (
    FontFace("Noto Sans Ethiopic", 400, "vendor/fonts/noto-sans-ethiopic/noto-sans-ethiopic-ethiopic-400-normal.woff2"),
    FontFace("Noto Sans Ethiopic", 700, "vendor/fonts/noto-sans-ethiopic/noto-sans-ethiopic-ethiopic-700-normal.woff2"),
)
FONT_FACES: dict[str, tuple[FontFace, ...]] = {
    language: _LATIN + (_ARABIC if language in phrases.RTL else _ETHIOPIC if language == "ti" else ())
    for language in phrases.LANGUAGES
}
FONT_FILES: dict[str, list[str]] = {language: [face.path for face in faces] for language, faces in FONT_FACES.items()}


@dataclass(frozen=True)
class Bilingual:
    """A phrase as printed: the German line, and the translation on its own line (None for a German booklet, or where
    the translation is spelt exactly like the German)."""

    german: str
    translation: str | None
    language: str

    def __html__(self) -> str:
        if self.translation is None:
            return format_html('<span class="de">{}</span>', self.german)
        return format_html(
            '<span class="de">{}</span><span class="tl" lang="{}" dir="{}">{}</span>',
            self.german,
            self.language,
            phrases.direction(self.language),
            self.translation,
        )

    def __str__(self) -> str:
        return self.__html__()


class _Phrases(dict):
    """The parameterless phrases for the template, `{{ t.section_goals }}`, made when first asked for."""

    def __init__(self, say):
        super().__init__()
        self._say = say

    def __missing__(self, key: str) -> Bilingual:
        self[key] = value = self._say(key)
        return value


def _date(value: str | None) -> str:
    """An ISO date as 25.11.2026: digits, read the same way in every language of the booklet."""
    return date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def _period(starts_on: str | None, ends_on: str | None) -> str:
    return " – ".join(part for part in (_date(starts_on), _date(ends_on)) if part)


def _context(content: dict) -> dict:
    language = content["language"]
    bilingual = language != "de"

    def say(key: str, **params) -> Bilingual:
        german = phrases.text(key, "de", **params)
        translation = phrases.text(key, language, **params) if bilingual else None
        return Bilingual(german, None if translation == german else translation, language)

    def level(code: str, in_language: str) -> str:
        return phrases.text("level_below_a2", in_language) if code == "below_a2" else code.upper()

    def step_sentence(step: dict) -> Bilingual:
        params = dict(step.get("params") or {})
        if step["key"] != "dtz_result":
            return say(step["key"], **params)
        # The one parameter that is a code: the level, in words where it is "below A2".
        code = params.pop("level")
        german = phrases.text("dtz_result", "de", level=level(code, "de"), **params)
        translation = phrases.text("dtz_result", language, level=level(code, language), **params) if bilingual else None
        return Bilingual(german, None if translation == german else translation, language)

    def field(label: str, value) -> dict | None:
        return {"label": say(label), "value": value} if value else None

    def fields(*pairs) -> list[dict]:
        return [item for item in (field(label, value) for label, value in pairs) if item]

    def contact(item: dict) -> dict:
        return {
            "agency": item.get("agency", ""),
            "fields": fields(
                ("address", item.get("address")),
                ("phone", item.get("phone")),
                ("email", item.get("email")),
                ("hours", item.get("hours")),
            ),
        }

    def goal(item: dict) -> dict:
        return {
            "title": item["title"],
            "fields": fields(
                ("target_date", _date(item.get("target_date"))),
                ("reached_on", _date(item.get("reached_on"))),
            ),
            "not_reached": not item.get("reached_on"),
            "next_steps": [
                {
                    "title": step["title"],
                    "fields": fields(("date", _date(step.get("due_on"))), ("who_helps", step.get("who"))),
                }
                for step in item.get("next_steps") or []
            ],
        }

    def course(item: dict) -> dict:
        certificate = item.get("certificate") or {}
        grade = certificate.get("level")
        shown_level = say("level_below_a2") if grade == "below_a2" else (grade or "").upper()
        return {
            "kind": say(f"kind_{item['kind']}"),
            "title": item.get("title", ""),
            "fields": fields(
                ("provider", item.get("provider")),
                ("course_time", _period(item.get("starts_on"), item.get("ends_on"))),
                ("status", say(f"enrolment_{item['status']}") if item.get("status") else ""),
                ("certificate", shown_level),
            ),
            "lid_passed": say("lid_passed") if certificate.get("lid_passed") else None,
        }

    def appointment(item: dict) -> dict:
        return {
            "on": _date(item["on"]),
            "title": item.get("title", ""),
            "fields": fields(("who_helps", item.get("who"))),
        }

    def slip(item: dict) -> dict:
        return {
            "duty": say("obliged" if item.get("obliged") else "entitled"),
            "kind": say(f"kind_{item['course_kind']}") if item.get("course_kind") else None,
            "fields": fields(
                ("issued_on", _date(item.get("issued_on"))),
                ("slip_issuer", item.get("issuer")),
                ("valid_until", _date(item.get("valid_until"))),
                ("teaching_units", str(item["teaching_units"]) if item.get("teaching_units") else ""),
            ),
        }

    build = {
        "contacts": contact,
        "goals": goal,
        "steps": lambda item: {"on": _date(item["on"]), "sentence": step_sentence(item)},
        "courses": course,
        "appointments": appointment,
        "entitlement": slip,
    }
    chosen = set(content.get("sections") or ())
    sections = [
        {
            "code": code,
            "title": say(f"section_{code}"),
            "intro": say(f"intro_{code}"),
            "items": [build[code](item) for item in content.get(code) or []],
            # Texts typed by staff stay German; in a bilingual booklet a small note says so where they occur.
            "staff_note": bilingual and code in ("goals", "steps", "courses", "appointments"),
        }
        for code in SECTIONS
        if code in chosen
    ]
    person = content["person"]
    return {
        "language": language,
        "direction": phrases.direction(language),
        "bilingual": bilingual,
        "t": _Phrases(say),
        "faces": FONT_FACES[language],
        "stylesheet": STYLESHEET,
        "person": {"name": person["name"], "born_on": _date(person.get("date_of_birth"))},
        "issuer": content["issuer"],
        "issued_on": _date(content["issued_on"]),
        "issued_on_iso": content["issued_on"],
        "edition": say("edition", number=content["edition"]),
        "sections": sections,
    }


def render_html(content: dict) -> str:
    """The HTML handed to WeasyPrint."""
    return render_to_string(TEMPLATE, _context(content))


def identifier(content: dict) -> bytes:
    """The PDF's /ID, from the content: WeasyPrint writes none by default, and a random one would change the bytes of
    every rebuild."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32].encode()


def render_with_pages(content: dict) -> tuple[bytes, int]:
    """The booklet as PDF bytes and its number of pages; the same content gives the same bytes."""
    from ewg.pdf import ACCESSIBLE, layout  # WeasyPrint takes over a second to import: only renders pay for it

    options = {**ACCESSIBLE, "pdf_identifier": identifier(content)}
    document = layout(render_html(content), **options)
    return document.write_pdf(**options), len(document.pages)


def render(content: dict) -> bytes:
    """The booklet as PDF bytes; the same content gives the same bytes."""
    return render_with_pages(content)[0]
