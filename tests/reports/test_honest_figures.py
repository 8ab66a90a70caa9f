"""Honest, consistent figures: one symbol ("x") for every hidden cell, never a range such as "< 5" that a cell hidden
for its neighbour's sake does not fall in, with its footnote wherever it appears (dashboard, exports, report); the
report's key figure of a goal is the value of the goal's row in its annex; a PDF version computes figures newer than
its request and says when; Anlage 1 lists every active agency and the bodies of the project."""

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from agencies.models import Agency
from cases.models import Case
from cases.models.choices import CaseStatus
from courses.models import Alert
from goals.models import Indicator, Measurement, WorkingGroup
from goals.models.choices import GroupKind
from reports import dashboard, periods, prefill, services, version_figures
from reports.aggregation import figures_compute, latest_run
from reports.content import freeze
from reports.models import CommitteeReport, FigureCell, FigureRun, ReportKind, VersionStatus
from reports.rendering import render_html
from reports.suppression import footnote
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)
YEAR = periods.parse("2026")
RANGES = ("< 5", "&lt; 5", "<5", "&lt;5")  # what a hidden cell must never read
FOOTNOTE = "x = weniger als 5 Personen oder daraus errechenbar"


@pytest.fixture
def report(personas) -> CommitteeReport:
    return CommitteeReport.objects.create(
        subject="Sachstandbericht", number="322/18", kind=ReportKind.DECISION, committee="Sozialausschuss",
        period=YEAR.key, created_by=personas.koordination,
    )  # fmt: skip


@pytest.fixture
def cases(make_case):
    """Seven cases the counselling team opened in 2026, six open and one closed: the closed one is hidden (one
    person), the six open ones only because the total of seven would give the closed one away."""
    made = [make_case("beratung", family_name=f"Testperson {number}") for number in range(7)]
    Case.objects.filter(pk=made[0].pk).update(status=CaseStatus.CLOSED, closed_on=date(2026, 6, 1))
    return made


def german(function, *args, **kwargs):
    with translation.override("de"):
        return function(*args, **kwargs)


def test_the_footnote_reads_as_the_german_statistics_write_it():
    assert german(footnote) == FOOTNOTE
    assert german(dashboard.dash_legend) == "– = nichts vorhanden"


def test_a_cell_hidden_for_its_neighbours_sake_reads_x_not_fewer_than_five(cases, personas):
    run = figures_compute(today=TODAY)
    opened = FigureCell.objects.get(run=run, figure="case_statuses", period=YEAR.key, agency=None, key="open")
    assert (opened.persons, opened.hidden) == (6, True)  # not small: hidden for the closed one's sake

    board = german(dashboard.build, run, YEAR, None, {agency.pk: agency for agency in Agency.objects.all()})
    with translation.override("de"):
        open_label, closed_label, total = str(CaseStatus.OPEN.label), str(CaseStatus.CLOSED.label), gettext("Total")
    rows = {label: [shown.text for shown in values] for label, values in board.table("cases_by_status").rows}
    assert rows == {open_label: ["x", "x"], closed_label: ["x", "x"], total: ["7", "7"]}


def test_a_derived_value_on_a_hidden_or_small_base_is_hidden_too_and_a_dash_means_nothing():
    shown, hidden = dashboard.Cell(6, 6, None, 40.0, False), dashboard.Cell(3, 3, None, None, True)
    assert dashboard.share(6, 9, parts=[shown, hidden]) == dashboard.HIDDEN
    assert dashboard.share(3, 4, parts=[shown]) == dashboard.HIDDEN  # on fewer than five
    assert dashboard.share(40, 60, parts=[shown], persons_behind=4) == dashboard.HIDDEN
    assert dashboard.share(0, 0, parts=[hidden]).text == "–"  # nothing to divide by: its parts are zeros
    assert german(dashboard.share, 3, 6, parts=[shown]).text == "50 %"
    assert dashboard.median(shown, parts=[hidden], persons_behind=6, unit="Tage") == dashboard.HIDDEN
    assert dashboard.median(dashboard.Cell(6, 6, None, None, False), parts=[], persons_behind=0, unit="h").text == "–"


def _csv(client, name: str) -> list[list[str]]:
    response = client.get(reverse("reports:dashboard_export", args=[name, "csv"]), {"period": YEAR.key})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(client, name: str) -> list[list]:
    response = client.get(reverse("reports:dashboard_export", args=[name, "xlsx"]), {"period": YEAR.key})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_no_hidden_cell_claims_a_range_and_every_symbol_has_its_footnote(cases, personas, login, report):
    figures_compute(today=TODAY)
    client = login(personas.lenkung)

    # The dashboard: each table with an "x" says what it means, below it.
    body = client.get(reverse("reports:dashboard"), {"period": YEAR.key}).content.decode()
    assert not [mark for mark in RANGES if mark in body]
    sections = {part.split('"')[0]: part.split("</section>")[0] for part in body.split('data-testid="table-')[1:]}
    marked = [name for name, section in sections.items() if ">x</td>" in section]
    assert "cases_by_status" in marked
    for name in marked:
        assert f'data-testid="footnote-{name}">{escape(FOOTNOTE)}</p>' in sections[name], name
    for name in set(sections) - set(marked):
        assert FOOTNOTE not in sections[name], name

    # The exports: the symbol in the cell, the footnote as the CSV's last line and as a note row of the XLSX.
    for name in dashboard.TABLE_NAMES:
        lines = _csv(client, name)
        text = "\n".join(";".join(line) for line in lines)
        assert not [mark for mark in RANGES if mark in text], name
        data = lines[1:-1] if lines[-1][0] == FOOTNOTE else lines[1:]
        has_symbol = any(value == "x" for line in data for value in line[1:])
        assert (lines[-1] == [FOOTNOTE] + [""] * (len(lines[0]) - 1)) is has_symbol, name
        assert all(len(line) == len(lines[0]) for line in lines), name  # machine-readable: one width throughout
        rows = _xlsx(client, name)
        cells = [value for row in rows for value in row if value is not None]
        assert not [mark for mark in RANGES for value in cells if mark in str(value)], name
        assert ("x" in cells) is has_symbol is (FOOTNOTE in cells), name

    # The report: the frozen content and its print document.
    content = freeze(report, version_number=1, today=TODAY)
    frozen = json.dumps(content, ensure_ascii=False)
    assert not [mark for mark in RANGES if mark in frozen]
    figures = content["figures"]
    statuses = next(table for table in figures["tables"] if table["name"] == "cases_by_status")
    assert [row[1:] for row in statuses["rows"]] == [["x", "x"], ["x", "x"], ["7", "7"]]
    assert figures["note"] == FOOTNOTE
    html = render_html(content)
    assert not [mark for mark in RANGES if mark in html]
    assert escape(FOOTNOTE) in html


def test_the_key_figure_of_a_goal_is_the_value_of_its_row_in_the_annex(report, result):
    """As in the demo: the period's share is not shown (no slips counted), yet Anlage 2 has a measured value; the key
    figure is that value, not a dash."""
    Indicator.objects.filter(pk=result.indicator_id).update(kind="computed", function="course_start_within_8_weeks")
    Measurement.objects.create(goal=result, measured_on=date(2026, 11, 1), value=Decimal("77.78"), source="computed")
    figures_compute(today=TODAY)

    content = freeze(report, version_number=1, today=TODAY)
    (annex,) = [annex for annex in content["annexes"] if annex["kind"] == "goal_matrix"]
    assert annex["title"].startswith("Anlage 2 ")
    with translation.override("de"):
        value_at = annex["header"].index(gettext("Current value"))
    (row,) = [row for row in annex["rows"] if row["level"] == "result"]
    figures = content["figures"]
    assert figures["tables"][0] == figures["measures"]  # the first table of the key figures
    (key_figure,) = figures["measures"]["rows"]
    assert key_figure == [
        "Anteil der Kursbeginne innerhalb von 8 Wochen (%)", "77,78", "01.11.2026", "Ergebnisziel 1.1.1 (Anlage 2)",
    ]  # fmt: skip
    assert key_figure[1] == row["cells"][value_at]["text"]
    assert "<td>77,78</td>" in render_html(content)

    # The report's text, written before any version: the same row.
    text = prefill.generate("key_figures", period=YEAR, today=TODAY)
    row = "| Anteil der Kursbeginne innerhalb von 8 Wochen (%) – Ergebnisziel 1.1.1 (Anlage 2), gemessen am 01.11.2026"
    assert f"{row} | 77,78 |" in text
    assert "| – |" not in text.split("Median")[0]  # no dash for the share


def alerts(personas, make_case, make_course, make_enrolment, *, number: int, raised: datetime) -> None:
    course = make_course(starts_on=date(2026, 9, 14))
    for person_number in range(number):
        person = make_case("beratung", family_name=f"Gemeldet {person_number}").person
        Alert.objects.create(
            kind="non_attendance", enrolment=make_enrolment(person, course), window_start=date(2026, 9, 14),
            window_end=date(2026, 10, 5), agency=personas.agency("jobcenter"), raised_at=raised,
        )  # fmt: skip


def raised_in(figures: dict) -> str:
    table = next(table for table in figures["tables"] if table["name"] == "alerts_by_agency")
    return table["rows"][-1][1]  # all agencies, raised


@pytest.fixture
def afternoon(time_machine):
    zone = ZoneInfo(settings.TIME_ZONE)
    time_machine.move_to(datetime(2026, 11, 24, 14, 3, tzinfo=zone), tick=True)
    return zone


def test_a_pdf_after_new_data_computes_the_figures_first_and_says_when(
    afternoon, report, personas, make_case, make_course, make_enrolment, django_capture_on_commit_callbacks
):
    before = figures_compute(today=TODAY)  # the morning's figures: no alert yet
    alerts(
        personas, make_case, make_course, make_enrolment, number=5, raised=datetime(2026, 11, 24, 11, tzinfo=afternoon)
    )
    assert raised_in(freeze(report, version_number=1, today=TODAY)["figures"]) == "0"  # what the old run says

    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_request(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report, today=TODAY
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE
    figures = version.content["figures"]
    assert raised_in(figures) == "5"  # the new alerts are in
    run = latest_run()
    assert run != before
    assert (run.requested_by, run.started_at >= version.requested_at) == (personas.koordination, True)
    assert not version_figures.awaiting_run(version.content)
    assert re.fullmatch(r"Zahlen berechnet am 24\.11\.2026 um 14:0\d Uhr", figures["computed_text"])
    assert figures["computed_text"] in render_html(version.content)


def test_a_run_started_after_the_request_is_used_as_it_is(
    afternoon, report, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet
        version = services.version_request(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report, today=TODAY
        )
    assert version_figures.awaiting_run(version.content)
    run = figures_compute(today=TODAY)  # the nightly run, say, between the request and the rendering
    runs = FigureRun.objects.count()

    assert services.version_render(version_id=version.pk) is True
    version.refresh_from_db()
    assert FigureRun.objects.count() == runs
    assert version.content["figures"]["computed_text"] == german(version_figures.computed_text, run)


def test_a_failed_computation_fails_the_version_instead_of_printing_old_figures(
    afternoon, report, personas, monkeypatch, django_capture_on_commit_callbacks
):
    figures_compute(today=TODAY)

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "figures_compute", broken)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_request(
            actor=personas.koordination, membership=personas.membership("koordination"), report=report, today=TODAY
        )
    version.refresh_from_db()
    assert (version.status, version.pdf) == (VersionStatus.FAILED, None)
    assert "database gone" in version.error


def test_anlage_1_lists_every_active_agency_and_every_body(report, personas, steering_group):
    AgencyFactory(name="Entwicklungs- und Wirtschaftsförderungsgesellschaft für Rheine mbH")  # no member anywhere
    AgencyFactory(name="Aufgelöstes Amt", is_active=False)
    WorkingGroup.objects.create(name="AG Arbeit", kind=GroupKind.WORKING)
    WorkingGroup.objects.create(name="AG Ruhend", kind=GroupKind.WORKING, is_active=False)

    structure = freeze(report, version_number=1, today=TODAY)["annexes"][0]
    assert structure["title"].startswith("Anlage 1 ")
    names = [row["name"] for row in structure["rows"]]
    assert sorted(names) == sorted(Agency.objects.filter(is_active=True).values_list("name", flat=True))
    assert "Entwicklungs- und Wirtschaftsförderungsgesellschaft für Rheine mbH" in names
    assert "Aufgelöstes Amt" not in names
    groups = list(WorkingGroup.objects.filter(is_active=True).values_list("name", flat=True))
    assert sorted(structure["columns"]) == sorted(groups)
    assert structure["columns"][0] == "Lenkungsgruppe"
    assert "AG Ruhend" not in structure["columns"]
    assert all(len(row["marks"]) == len(structure["columns"]) for row in structure["rows"])
