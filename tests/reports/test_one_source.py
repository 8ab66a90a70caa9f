"""One source per figure: the share of slips started within 8 weeks, the non-attendance alerts and the attendance
figures are defined in courses.figures alone, and the dashboard, the goal indicator and the committee report show what
that definition counts: the report's key figures agree with its annex and with the figures module.

Every date is passed as `today`; nothing here reads the clock."""

import ast
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from courses import figures
from courses.models import Alert, AttendanceRecord
from goals.indicators import compute, indicators_record
from goals.models import Indicator
from reports import dashboard, periods, prefill
from reports.aggregation import figures_compute
from reports.content import freeze
from reports.models import CommitteeReport, ReportKind, SectionContent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)  # 56 days before: 29.09.2026; the year's slips are all within the indicator's 365 days
YEAR = periods.parse("2026")
INDICATOR = "course_start_within_8_weeks"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(make_case):
    """people(n) -> n new persons, each with a case."""
    numbers = count(1)

    def make(number: int) -> list:
        return [make_case("beratung", family_name=f"Testperson {next(numbers)}").person for _ in range(number)]

    return make


@pytest.fixture
def measured(result):
    """The Ergebnisziel of the goal matrix Sprache, measured by the 8-weeks indicator: its annex shows the value."""
    Indicator.objects.filter(pk=result.indicator_id).update(kind="computed", function=INDICATOR)
    return result


@pytest.fixture
def report(measured, personas) -> CommitteeReport:
    return CommitteeReport.objects.create(
        subject="Sachstandbericht", number="322/18", kind=ReportKind.DECISION, committee="Sozialausschuss",
        period=YEAR.key, created_by=personas.koordination,
    )  # fmt: skip


@pytest.fixture
def pipeline(personas, people, make_course, make_entitlement, make_enrolment):
    """21 of 27 decided slips started within 8 weeks (77.78 %), every cell at least five persons so that nothing is
    hidden; six of the starters with ten recorded course days each (48 of 60 present) and a resolved non-attendance
    alert each (median 7 hours to resolution)."""
    course = make_course(starts_on=date(2026, 9, 14))
    starters = people(21)
    for person in starters:  # 49 days from slip to start
        make_enrolment(person, course, entitlement=make_entitlement(person, issued_on=date(2026, 7, 27)))
    for person in people(6):  # 8 weeks over without a start
        make_entitlement(person, issued_on=date(2026, 7, 15))
    raised = timezone.make_aware(datetime(2026, 10, 5, 10, 0))
    for number, person in enumerate(starters[:6]):
        enrolment = person.enrolments.get()
        statuses = ["present"] * 8 + ["excused", "unexcused"]
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(enrolment=enrolment, day=date(2026, 10, 5) + timedelta(days=offset), status=status,
                             recorded_by=personas.vhs, recorded_at=raised)
            for offset, status in enumerate(statuses)
        )  # fmt: skip
        Alert.objects.create(
            kind="non_attendance", enrolment=enrolment, window_start=date(2026, 9, 14), window_end=date(2026, 10, 5),
            agency=personas.agency("jobcenter"), raised_at=raised, acknowledged_at=raised + timedelta(hours=1),
            resolved_at=raised + timedelta(hours=2 + 2 * number),
        )  # fmt: skip


def key_figures(draft_body: str) -> dict[str, str]:
    """The key-figure text's table "| Kennzahl | Wert |" as a dict."""
    return dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", draft_body, flags=re.MULTILINE))


def test_the_key_figure_and_the_annex_show_the_same_share(report, measured, pipeline):
    run = figures_compute(today=TODAY)
    indicators_record(today=TODAY)

    # The figures module, the goal's measurement and the dashboard's number: 21 of 27.
    assert figures.share_started_within_target(start=YEAR.start, end=YEAR.end, today=TODAY) == pytest.approx(21 / 27)
    measurement = measured.measurements.get(measured_on=TODAY)
    assert measurement.value == Decimal("77.78")
    headline = dashboard.build(run, YEAR, None, {}).headline
    assert Decimal(str(headline[5].number)) * 100 == measurement.value

    # The report: the key-figure text, the frozen key-figure tables and the goal matrix of Anlage 2.
    prefilled = key_figures(prefill.generate(SectionContent.KEY_FIGURES, period=YEAR, today=TODAY))
    content = freeze(report, version_number=1, today=TODAY)
    tables = {table["name"]: table for table in content["figures"]["tables"]}
    with translation.override("de"):
        share_column = tables["slips_by_agency"]["columns"].index(gettext("Share started within 8 weeks"))
    frozen_share = tables["slips_by_agency"]["rows"][-1][share_column]  # all agencies
    (annex,) = [annex for annex in content["annexes"] if annex["kind"] == "goal_matrix"]
    assert annex["title"].startswith("Anlage 2")
    (row,) = [row for row in annex["rows"] if row["cells"][1]["text"] == measured.number]
    annex_value = row["cells"][8]["text"]  # the current value

    assert annex_value == "77,78"
    # The goal's key figure is the annex's value, in the text and in the frozen key figures alike.
    label = "Anteil der Kursbeginne innerhalb von 8 Wochen (%) – Ergebnisziel 1.1.1 (Anlage 2), gemessen am 24.11.2026"
    assert prefilled[label] == annex_value
    (measure,) = content["figures"]["measures"]["rows"]
    assert measure == [label.split(" – ")[0], annex_value, "24.11.2026", "Ergebnisziel 1.1.1 (Anlage 2)"]
    # The period's share (here the same slips as the indicator's twelve months) agrees, in whole percent.
    whole = Decimal(annex_value.replace(",", ".")).quantize(Decimal(1))
    assert frozen_share == f"{whole} %" == "78 %"


def test_the_reports_alert_and_attendance_figures_are_the_figures_modules(report, pipeline):
    figures_compute(today=TODAY)

    (alerts,) = figures.alerts_by_agency(start=YEAR.start, end=YEAR.end)
    assert (alerts.raised, alerts.open, alerts.acknowledged, alerts.resolved) == (6, 0, 0, 6)
    assert alerts.median_hours_to_resolution == pytest.approx(7)
    (days,) = figures.attendance_by_course_kind(start=YEAR.start, end=YEAR.end)
    assert (days.days, days.present, days.excused, days.unexcused) == (60, 48, 6, 6)
    assert days.attendance_rate == pytest.approx(0.8)

    prefilled = key_figures(prefill.generate(SectionContent.KEY_FIGURES, period=YEAR, today=TODAY))
    assert prefilled["Meldungen wegen Nichtteilnahme"] == str(alerts.raised)
    assert prefilled["Davon erledigt"] == str(alerts.resolved)
    assert prefilled["Median der Stunden bis zur Erledigung"] == "7 Std."
    assert prefilled["Anwesenheitsquote"] == "80,0 %"
    enrolments = {table["name"]: table for table in freeze(report, version_number=1, today=TODAY)["figures"]["tables"]}
    total = enrolments["enrolments_by_kind"]["rows"][-1]
    assert total[3:] == [str(days.days), "80,0 %"]  # course days recorded and the attendance rate


def test_the_eight_weeks_are_read_from_the_figures_module_everywhere(
    monkeypatch, measured, people, make_course, make_entitlement, make_enrolment
):
    """Five slips 35 days and five 49 days before the start: all in time at 8 weeks, half of them at 6. Every reader
    follows a change of the one definition; a reader with a target of its own would still say 100 %."""
    course = make_course(starts_on=date(2026, 9, 14))
    for issued_on in (date(2026, 8, 10), date(2026, 7, 27)):
        for person in people(5):
            make_enrolment(person, course, entitlement=make_entitlement(person, issued_on=issued_on))

    def shares() -> tuple:
        run = figures_compute(today=TODAY)
        return (
            figures.share_started_within_target(start=YEAR.start, end=YEAR.end, today=TODAY),
            compute(INDICATOR, today=TODAY),
            dashboard.build(run, YEAR, None, {}).headline[5].text,
        )

    assert shares() == (1.0, Decimal("100.00"), "100 %")
    monkeypatch.setattr(figures, "TARGET_DAYS", 42)
    assert shares() == (0.5, Decimal("50.00"), "50 %")


def test_no_other_module_reads_slips_alerts_or_course_days_for_a_figure():
    """The dashboard, the goal indicators and the committee report read the course pipeline's figures from
    courses.figures; SQL or ORM reads of their own over the slips, the alerts or the course days would be a second
    definition."""
    tables = re.compile(r"\b(cases_entitlement|cases_alert|cases_attendancerecord)\b")
    models = {"Entitlement", "Alert", "AttendanceRecord"}
    readers = []
    for app in ("reports", "goals"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                sql = isinstance(node, ast.Constant) and isinstance(node.value, str) and tables.search(node.value)
                imported = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cases.models")
                if sql or (imported and models & {alias.name for alias in node.names}):
                    readers.append(str(path.relative_to(ROOT)))
    assert not readers
