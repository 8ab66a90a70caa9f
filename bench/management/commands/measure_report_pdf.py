"""Measure how fast a committee report's PDF renders, on synthetic content of about 10 and 30 pages.

    manage.py measure_report_pdf [--runs 5] [--size 10 --size 30]

No database needed: the content dict (the shape reports.content.freeze returns) is made up here, with long section
texts, the key-figure tables and goal matrices with many rows. After one warm-up render (fonts, templates), each size
is rendered `--runs` times with reports.rendering.render; printed per size: median, min and max seconds, pages, pages
per second (at the median), and the share of the time spent laying out (the rest writes the PDF: fonts, tags).
The budget: a 30-page report in under 5 s on a 2-core machine. The last line is the report as one JSON line.
"""

import json
import logging
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from reports.content import CITY_NAME, DOCUMENT_LANGUAGE, SCHEMA

# Sections, paragraphs per section, goal matrices, and result goals per framework goal (three framework goals per
# matrix, two activities per result goal) of each preset: the document comes out at the named number of pages.
PRESETS = {10: (5, 4, 2, 3), 30: (10, 9, 4, 5)}

PARAGRAPH = (
    "Zwischen den Sprachkursträgern und den zum Integrationskurs verpflichtenden Behörden erfolgte im Rahmen des "
    "Projektes eine Vereinbarung zu dem neu entstandenen verbindlichen Ablaufdiagramm zum Informationsaustausch. "
    "Durch diese verbindliche Vereinbarung soll sichergestellt werden, dass sich die Zuwanderer für den "
    "Integrationskurs verbindlich anmelden und regelmäßig an ihm teilnehmen. Bei Nichteinhaltung der im Rahmen einer "
    "Zielvereinbarung verabredeten Teilnahme werden die beteiligten Behörden umgehend informiert und erhalten "
    "dadurch die Möglichkeit, zeitnah mit dem Nutzer die Integrationshemmnisse zu klären."
)
HEADER = [
    *("Ebene", "Nr.", "Ziel / Aktivität", "Indikator", "Ausgangswert", "Zielwert", "Frist", "Verantwortlich"),
    *("Aktueller Wert", "Gemessen am", "Status"),
]
AGENCIES = [
    "Fachbereich Soziales, Migration und Integration",
    "Team Beratung und Begleitung von Zuwanderern",
    "Team Asylbewerberleistungsgewährung",
    "Ausländerbehörde",
    "Volkshochschule der Stadt Rheine",
    "jobcenter Kreis Steinfurt AöR – Regionalbereich Rheine",
    "Flüchtlingshilfe Rheine e.V.",
]
GROUPS = ["Lenkungsgruppe", "AG Sprache", "AG Arbeit", "PG Berechtigungsschein", "PG Ausbildung"]
PRINCIPLE = "Jeder berechtigte Zuwanderer belegt innerhalb von 8 Wochen einen Integrationskurs."
FRAMEWORK = "Der Berechtigungsschein wird von der leistungsgewährenden Stelle ausgestellt."
RESULT = "80 % der Berechtigten beginnen den Kurs innerhalb von 8 Wochen nach Ausstellung des Scheins."
INDICATOR = "Anteil der Kursbeginne innerhalb von 8 Wochen (%)"


def _text(paragraphs: int, number: int) -> str:
    items = "".join(f"<li>Aktivität {number}.{i}: Abstimmung der Zuständigkeiten und Fristen</li>" for i in (1, 2, 3))
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))
    return f"{body}<p><strong>Ergebnis:</strong> <em>verbindlich vereinbart</em></p><ul>{items}</ul>"


def _row(level: str, status: str, *texts: str) -> dict:
    numbers = {4, 5, 8}  # baseline, target, current value
    return {
        "level": level,
        "status": status,
        "cells": [{"text": text, "is_number": index in numbers and bool(text)} for index, text in enumerate(texts)],
    }


def _matrix(field: str, number: int, results: int) -> dict:
    rows = [_row("principle", "on_track", "Grundsatzziel", str(number), PRINCIPLE, *[""] * 3, "31.12.2026",
                 "Lenkungsgruppe", "", "", "auf Kurs")]  # fmt: skip
    for framework in range(1, 4):
        rows.append(_row("framework", "adopted", "Rahmenziel", f"{number}.{framework}", FRAMEWORK, *[""] * 3,
                         "30.06.2026", "AG Sprache", "", "", "beschlossen"))  # fmt: skip
        for result in range(1, results + 1):
            rows.append(_row("result", "at_risk", "Ergebnisziel", f"{number}.{framework}.{result}", RESULT, INDICATOR,
                             "40", "80", "31.12.2026", AGENCIES[2], "62", "01.05.2026", "gefährdet"))  # fmt: skip
            for activity in (1, 2):
                title = f"Abstimmung {activity} mit den Kursträgern über den Informationsaustausch"
                rows.append(_row("activity", "in_progress", "Aktivität", "", title, *[""] * 3, "15.09.2026",
                                 AGENCIES[4], "", "", "in Arbeit"))  # fmt: skip
    title = f"Zielmatrix {field} – Grundsatzziel {number}"
    return {
        "kind": "goal_matrix",
        "matrix_title": title,
        "action_field": field,
        "principle_number": str(number),
        "statement": PRINCIPLE,
        "header": HEADER,
        "rows": rows,
    }


def _figures() -> dict:
    slips = ["Ausgestellt", "In 8 Wochen", "Später", "Wartend", "Überfällig", "Anteil in 8 Wochen", "Median Tage"]
    tables = [
        {
            "name": "slips_by_agency",
            "title": "Berechtigungsscheine bis zum Kursbeginn nach ausstellender Stelle",
            "columns": ["Ausstellende Stelle", *slips],
            "rows": [[name, "124", "87", "12", "x", "x", "71 %", "38 Tage"] for name in AGENCIES],
        },
        {
            "name": "slips_by_month",
            "title": "Berechtigungsscheine nach Monat der Ausstellung",
            "columns": ["Monat", *slips],
            "rows": [[f"{month:02d}/2026", "31", "22", "x", "x", "5", "73 %", "36 Tage"] for month in range(1, 13)],
        },
    ]
    return {
        "available": True,
        "as_of": "11.05.2026",
        "computed_text": "Zahlen berechnet am 11.05.2026 um 02:31 Uhr",
        "note": "x = weniger als 5 Personen oder daraus errechenbar",
        "tables": tables,
    }


def _structure() -> dict:
    rows = [
        {
            "name": name,
            "depth": 1 if 0 < index < 4 else 0,
            "takes_part": True,
            "marks": ["X" if (index + column) % 3 else "" for column in range(len(GROUPS))],
        }
        for index, name in enumerate(AGENCIES)
    ]
    caption = "Beteiligte Behörden und Teams (Zeilen) mit Mitgliedern in den Gremien des Projekts (Spalten)"
    return {"kind": "structure", "caption": caption, "corner": "Behörde/Institution oder Team", "columns": GROUPS,
            "rows": rows}  # fmt: skip


def synthetic_content(pages: int) -> dict:
    """A frozen content of about `pages` pages (a key of PRESETS), in the shape reports.content.freeze returns."""
    sections, paragraphs, matrices, results = PRESETS[pages]
    annexes = [{"number": 1, "title": "Anlage 1 Projektstruktur", **_structure()}]
    for index in range(matrices):
        field, number = ("Sprache", index + 1) if index % 2 == 0 else ("Arbeit", index)
        matrix = _matrix(field, number, results)
        annexes.append({"number": index + 2, "title": f"Anlage {index + 2} – {matrix['matrix_title']}", **matrix})
    return {
        "schema": SCHEMA,
        "language": DOCUMENT_LANGUAGE,
        "city": CITY_NAME,
        "version": 1,
        "printed_on": "2026-05-12",
        "printed_on_text": "12.05.2026",
        "header": {
            "subject": "Modellprojekt Einwanderung gestalten - NRW, Sachstandbericht",
            "number": "322/18",
            "file_number": "FB 8 - hf",
            "kind": "decision",
            "kind_label": "Beschlussvorlage",
            "committee": "Sozialausschuss",
            "meeting_date": "26.05.2026",
            "period": "2026",
            "period_label": "2026",
        },
        "proposal_html": "<p>Der Sozialausschuss nimmt die Ausführungen zum Sachstand des „Modellprojektes "
        "Einwanderung gestalten – NRW“ zur Kenntnis.</p>",
        "sections": [
            {"number": n, "title": f"Ziele und Ergebnisse, Teil {n}", "html": _text(paragraphs, n)}
            for n in range(1, sections + 1)
        ],
        "figures": _figures(),
        "annex_titles": [annex["title"] for annex in annexes],
        "annexes": annexes,
    }


class Command(BaseCommand):
    help = "Measures the committee report PDF: synthetic content of about 10 and 30 pages, median seconds and pages/s."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="measured renders of each size (after one warm-up)")
        parser.add_argument(
            "--size", type=int, action="append", choices=sorted(PRESETS), help="pages (default: all presets)"
        )

    def handle(self, *args, runs: int, size: list[int] | None, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        from ewg.pdf import ARCHIVAL, layout
        from reports.rendering import render, render_html

        # One warning per font and render ("fontTools instead of HarfBuzz-Subset" where libharfbuzz-subset0 is
        # missing) would bury the figures.
        for name in ("weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.ERROR)
        sizes = size or sorted(PRESETS)
        render(synthetic_content(sizes[0]))  # warm-up: imports, fonts, templates
        report = {}
        for pages_wanted in sizes:
            content = synthetic_content(pages_wanted)
            seconds, layout_seconds, pages = [], [], 0
            for _ in range(runs):
                started = time.perf_counter()
                _pdf, pages = render(content)
                seconds.append(time.perf_counter() - started)
                html = render_html(content)
                started = time.perf_counter()
                layout(html, **ARCHIVAL)
                layout_seconds.append(time.perf_counter() - started)
            median = statistics.median(seconds)
            figures = {
                "pages": pages,
                "median_s": round(median, 3),
                "min_s": round(min(seconds), 3),
                "max_s": round(max(seconds), 3),
                "pages_per_s": round(pages / median, 2),
                "layout_share": round(statistics.median(layout_seconds) / median, 2),
            }
            report[f"{pages_wanted}_pages"] = figures
            self.stdout.write(
                f"~{pages_wanted} pages: {pages} pages, median {figures['median_s']:.2f} s "
                f"(min {figures['min_s']:.2f} s, max {figures['max_s']:.2f} s), {figures['pages_per_s']:.1f} pages/s, "
                f"layout {figures['layout_share']:.0%} of the time"
            )
        self.stdout.write(json.dumps({"runs": runs, **report}))
