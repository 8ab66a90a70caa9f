"""The outline of the city's status report (Vorlage 322/18) that new reports start from, and the small rules of its
text: where the data's text goes into a section's default text, the reference to the earlier submissions, and how
a section tells that it was edited since it was last written from the data.

The outline itself (sections 1–7 with their default texts) is data the coordinators edit (ReportTemplateSection,
seeded by reports/migrations/0004_template_outline.py); the annexes follow from the data (reports.content).
"""

import hashlib
import re

# Where a section's default text takes the text written from the data; without it, the data's text follows.
MARKER = "[[Daten]]"
# The line between the reference and section 1, as the source has it ("Kurzer Überblick über das Modellprojekt …:").
INTRODUCTION = "Kurzer Überblick über das Projekt „Einwanderung gestalten“:"
PROJECT = "des Projektes „Einwanderung gestalten“"

_NUMBER = re.compile(r"^[\w./-]{1,30}$")


def compose(template_text: str, generated: str) -> str:
    """A section's text: the default text with the data's text at the marker (or after it)."""
    template_text, generated = (template_text or "").strip(), (generated or "").strip()
    if MARKER in template_text:
        return template_text.replace(MARKER, generated).strip()
    return "\n\n".join(part for part in (template_text, generated) if part)


def text_hash(body: str) -> str:
    """The fingerprint of a text as written from the data; line endings as a browser sends them do not count."""
    return hashlib.sha256((body or "").replace("\r\n", "\n").strip().encode()).hexdigest()


def split_numbers(text: str) -> list[str]:
    """Submission numbers typed as "199/17, 067/18" (commas, semicolons or "und" between them)."""
    parts = re.split(r"\s*(?:[,;]|\bund\b)\s*", (text or "").strip())
    return [part for part in (part.strip() for part in parts) if part]


def invalid_numbers(text: str) -> list[str]:
    return [number for number in split_numbers(text) if not _NUMBER.match(number)]


def joined(numbers: list[str]) -> str:
    """ "199/17", "199/17 und 067/18", "101/16, 199/17 und 067/18"."""
    if len(numbers) < 2:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " und " + numbers[-1]


def reference(numbers: list[str]) -> str:
    """The reasons' first sentence, as the source opens them; "" when there is nothing to refer to."""
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"Auf die bisherige Vorlage zum Sachstand {PROJECT} Nr. {numbers[0]} wird verwiesen."
    return f"Auf die bisherigen Vorlagen zum Sachstand {PROJECT} Nr. {joined(numbers)} wird verwiesen."


def reference_for(report) -> str:
    """The reference of a report (a CommitteeReport): the numbers typed first (submissions from before the product
    kept its reports), then the chosen reports, oldest first."""
    chosen = list(report.earlier_reports.order_by("created_at", "pk").values_list("number", flat=True))
    return reference([*split_numbers(report.earlier_numbers), *chosen])
