"""The dashboard page, its exports and the coordinators' "recompute now", on hand-made data.

2026: the jobcenter's slips, six of July started within 8 weeks, five of June later. 2025: six of the jobcenter and
two of the ABH, all in time; the ABH's two are hidden, and with them the jobcenter's six (their total would give them
away).
"""

import csv
import io
import re
from datetime import date
from html import escape
from itertools import count

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from agencies.models import Agency
from cases.models import Person
from goals.models import Indicator
from reports import exports, periods
from reports.aggregation import figures_compute
from reports.charts import render_bar_chart
from reports.dashboard import EXPORTABLE, HIDDEN_TEXT
from reports.models import FigureRun
from reports.views.dashboard import FORMATS
from tests.queries import assert_constant_queries, assert_num_queries

pytestmark = pytest.mark.django_db

# Session, user and membership; the agencies offered, the agencies' names, the run, its cells, the goals by status
# (three), the 8-weeks target; saving the session (savepoint, update, release: SESSION_SAVE_EVERY_REQUEST).
DASHBOARD_QUERIES = 14


@pytest.fixture
def eager():
    """Tasks run in this process, as ewg.settings_test says, whatever an earlier test left in the Celery app."""
    from ewg.celery import app

    before, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def slips(personas, make_case, make_course, make_entitlement, make_enrolment):
    """slips(issuer, number, issued_on, starts_on) -> that many persons, each with a slip and a course start."""
    numbers = count(1)
    courses = {}

    def make(issuer: str, number: int, issued_on: date, starts_on: date) -> None:
        course = courses.get(starts_on) or courses.setdefault(
            starts_on, make_course(starts_on=starts_on, capacity=25, title=f"Integrationskurs {starts_on:%m/%Y}")
        )
        for _number in range(number):
            person = make_case("beratung", family_name=f"Testperson {next(numbers)}").person
            slip = make_entitlement(person, issuer=issuer, issued_on=issued_on)
            make_enrolment(person, course, entitlement=slip, registered_on=min(starts_on, date(2026, 8, 17)))

    return make


@pytest.fixture
def world(personas, slips):
    slips("jobcenter", 6, date(2026, 7, 27), date(2026, 9, 7))  # 42 days: in time
    slips("jobcenter", 5, date(2026, 6, 30), date(2026, 9, 7))  # 69 days: late
    slips("jobcenter", 6, date(2025, 7, 28), date(2025, 9, 1))
    slips("abh", 2, date(2025, 7, 28), date(2025, 9, 1))
    return figures_compute(today=timezone.localdate())


def page(client, **params):
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return response


def panel(response, name: str):
    return next(panel for panel in response.context["panels"] if panel.table.name == name)


def rows(response, name: str) -> dict[str, list]:
    return dict(panel(response, name).table.rows)


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("persona", ["lenkung", "koordination"])
def test_the_page_answers_the_headline_question(personas, login, world, result, persona):
    Indicator.objects.filter(pk=result.indicator_id).update(kind="computed", function="course_start_within_8_weeks")
    response = page(login(personas.users[persona]), period="2026")
    headline = response.context["headline"]
    assert (headline["issued"].text, headline["in_time"].text, headline["late"].text) == ("11", "6", "5")
    assert headline["share"].text == "55 %"  # 6 of 11
    assert headline["median"].number == 42
    body = html(response)
    assert re.search(r'data-testid="headline-share">55 %<', body)
    assert "Stand: " in body
    assert 'role="img" aria-labelledby="chart-share-by-agency-title chart-share-by-agency-desc"' in body
    assert "<svg" in body.split('id="table-slips_by_agency"')[0]  # the line chart and the bar chart, above the tables
    assert body.count("<svg") == 2
    assert body.count("Zielwert 80 %") == 2  # the target of the goal measured by the 8-weeks indicator, in both
    assert ("Recompute" in body or 'action="/reports/refresh/"' in body) is (persona == "koordination")


def test_every_table_is_a_table_with_caption_headers_and_exports(personas, login, world, principle):
    body = html(page(login(personas.lenkung), period="2026"))
    for name in EXPORTABLE:
        section = body.split(f'data-testid="table-{name}"')[1].split("</section>")[0]
        if name == "voluntary":  # nobody in a voluntary offer: no table, a sentence
            assert "<table" not in section
            continue
        assert "<caption" in section, name
        assert '<th scope="col"' in section, name
        assert '<th scope="row"' in section, name
        for fmt in ("csv", "xlsx"):
            assert f'href="/reports/tables/{name}.{fmt}?period=2026"' in section, (name, fmt)
    assert "hx-" not in body.split("<main")[1]  # plain links and a plain form


def test_a_small_cell_is_hidden_with_its_complement_and_explained(personas, login, world):
    response = page(login(personas.lenkung), period="2025")
    table = rows(response, "slips_by_agency")
    abh, jobcenter = personas.agency("abh").name, personas.agency("jobcenter").name
    assert (table[abh][0].text, table[abh][0].hidden) == (HIDDEN_TEXT, True)
    assert table[jobcenter][0].hidden  # six slips, but the total of eight would give the two away
    assert [cell.text for cell in table[jobcenter][:2]] == [HIDDEN_TEXT, HIDDEN_TEXT]
    _label, all_agencies = panel(response, "slips_by_agency").table.rows[-1]
    assert [cell.text for cell in all_agencies[:2]] == ["8", "8"]
    body = html(response)
    section = body.split('data-testid="table-slips_by_agency"')[1].split("</section>")[0]
    assert ">x</td>" in section  # the symbol of every hidden cell, the one hidden for its neighbour's sake too
    assert 'aria-describedby="footnote-slips_by_agency"' in section
    with translation.override("de"):
        assert escape(exports.footnote()) in section
    assert ">6<" not in section.split(jobcenter)[1].split("</tr>")[0]


def test_the_footnote_reads_as_written(personas, login, world):
    client = login(personas.lenkung)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = html(page(client, period="2025"))
    assert "x = fewer than 5 persons or calculable from such a value" in body


def test_the_period_filter(personas, login, world):
    client = login(personas.lenkung)
    response = page(client, period="2026-Q3")
    assert response.context["selection"].period.key == "2026-Q3"
    assert list(rows(response, "slips_by_month")) == ["07/2026", "08/2026", "09/2026"]
    assert [cells[0].text for cells in rows(response, "slips_by_month").values()] == ["6", "0", "0"]
    assert '<option value="2026-Q3" selected>' in html(response)


@pytest.mark.parametrize("value", ["2026-Q9", "1999", "2026-13", "abc", "", "2026' OR 1=1"])
def test_an_invalid_period_falls_back_to_the_current_year(personas, login, world, value):
    response = page(login(personas.lenkung), period=value)
    assert response.context["selection"].period == periods.choices(timezone.localdate())[0]


def test_the_default_period_is_the_current_year(personas, login, world):
    response = page(login(personas.lenkung))
    assert response.context["selection"].period.key == str(timezone.localdate().year)


def test_the_agency_filter(personas, login, world):
    jobcenter = personas.agency("jobcenter")
    response = page(login(personas.lenkung), period="2026", agency=jobcenter.pk)
    assert response.context["selection"].agency == jobcenter
    assert list(rows(response, "slips_by_agency")) == [jobcenter.name]
    assert response.context["headline"]["issued"].text == "11"
    assert f'<option value="{jobcenter.pk}" selected>' in html(response)
    assert f"period=2026&amp;agency={jobcenter.pk}" in html(response)  # the export links keep the filters


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1.5", "inactive"])
def test_an_invalid_agency_falls_back_to_all(personas, login, world, value):
    if value == "inactive":
        closed = personas.agency("wirtschaftsfoerderung")
        Agency.objects.filter(pk=closed.pk).update(is_active=False)
        value = str(closed.pk)
    response = page(login(personas.lenkung), period="2026", agency=value)
    assert response.context["selection"].agency is None


def test_without_a_run_the_page_says_so(personas, login):
    client = login(personas.lenkung)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = page(client)
    assert response.context["board"].run is None
    body = html(response)
    assert "The figures have not been computed yet." in body
    assert "as of" not in body
    assert 'data-testid="table-goals_by_status"' in body  # goals are read live


def test_steering_has_no_path_to_a_person_or_case(personas, login, world):
    body = html(page(login(personas.lenkung), period="2025"))
    targets = set(re.findall(r'(?:href|action)="([^"#][^"]*)"', body))
    assert targets
    allowed = ("/reports/", "/goals/", "/auth/logout/", "/auth/second-factor/", "/i18n/", "/static/")
    assert all(target == "/" or target.startswith(allowed) for target in targets), targets
    assert "Testperson" not in body


# Exports


def export(client, name: str, fmt: str, **params):
    return client.get(reverse("reports:dashboard_export", args=[name, fmt]), params)


def test_csv_export(personas, login, world):
    response = export(login(personas.lenkung), "slips_by_agency", "csv", period="2025")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ewg-slips_by_agency-2025.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert (lines[0][0], len(lines[0])) == ("Ausstellende Stelle", 8)  # a header row: the label, seven figures
    with translation.override("de"):
        assert lines[-1] == [exports.footnote(), *[""] * 7]  # the footnote last, as wide as the table
    by_label = {line[0]: line[1:] for line in lines[1:-1]}
    abh, jobcenter = personas.agency("abh").name, personas.agency("jobcenter").name
    assert by_label[abh][:2] == [HIDDEN_TEXT, HIDDEN_TEXT]
    assert by_label[jobcenter][:2] == [HIDDEN_TEXT, HIDDEN_TEXT]
    (total,) = [cells for label, cells in by_label.items() if label not in (abh, jobcenter)]
    assert total == ["8", "8", "0", "0", "0", "1,0", "35,0"]  # numbers plain, a decimal comma, nothing hidden


def test_xlsx_export(personas, login, world):
    response = export(login(personas.lenkung), "slips_by_agency", "xlsx", period="2025")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ewg-slips_by_agency-2025.xlsx"'
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=exports.HEADER_ROW)]
    assert len(values[0]) == 8
    by_label = {row[0]: row[1:] for row in values[1:] if row[0]}
    abh = personas.agency("abh").name
    assert by_label[abh][0] == HIDDEN_TEXT
    total = next(cells for label, cells in by_label.items() if cells[0] == 8)
    assert total[:5] == [8, 8, 0, 0, 0]
    assert total[5] == 1.0
    assert sheet.cell(row=exports.HEADER_ROW + 3, column=7).number_format == "0.0%"
    with translation.override("de"):
        assert values[-1][0] == exports.footnote() == "x = weniger als 5 Personen oder daraus errechenbar"


def test_the_goals_table_exports_too(personas, login, world, principle):
    response = export(login(personas.koordination), "goals_by_status", "csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1][0] == principle.action_field.name


def test_text_that_looks_like_a_formula_stays_text(personas, login, world):
    Agency.objects.filter(pk=personas.agency("abh").pk).update(name='=HYPERLINK("http://x";"y")')
    client = login(personas.lenkung)
    lines = export(client, "slips_by_agency", "csv", period="2025").content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("\"'=HYPERLINK(") for line in lines), lines
    sheet = load_workbook(io.BytesIO(export(client, "slips_by_agency", "xlsx", period="2025").content)).active
    cell = next(c for c in sheet["A"] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x";"y")', "s")


@pytest.mark.parametrize(
    ("name", "fmt"), [("unknown", "csv"), ("slips_by_agency", "pdf"), ("slips_by_agency", "CSV"), ("run", "xlsx")]
)
def test_an_unknown_table_or_format_is_not_found(personas, login, world, name, fmt):
    assert export(login(personas.lenkung), name, fmt).status_code == 404


def test_an_export_without_a_run_is_not_found(personas, login):
    assert export(login(personas.lenkung), "slips_by_agency", "csv").status_code == 404


# Recompute now


def test_a_coordinator_recomputes_the_figures(personas, login, world, eager, django_capture_on_commit_callbacks):
    client = login(personas.koordination)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:figures_refresh"), {"period": "2025"})
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard") + "?period=2025"
    newest = FigureRun.objects.order_by("-pk").first()
    assert newest != world
    assert newest.requested_by == personas.koordination
    assert newest.finished_at is not None
    follow = client.get(response["Location"])
    assert follow.context["board"].run == newest
    assert len(list(follow.context["messages"])) == 1


def test_recomputing_is_a_post(personas, login, world):
    assert login(personas.koordination).get(reverse("reports:figures_refresh")).status_code == 405


# Queries


def test_the_page_runs_a_fixed_number_of_queries(personas, login, world, slips, principle):
    client = login(personas.lenkung)
    url = reverse("reports:dashboard")

    def grow():
        slips("abh", 7, date(2026, 8, 3), date(2026, 9, 7))
        slips("jobcenter", 3, date(2026, 10, 5), date(2026, 11, 2))
        figures_compute(today=timezone.localdate())

    assert assert_constant_queries(lambda: client.get(url, {"period": "2026"}), grow) == DASHBOARD_QUERIES
    with assert_num_queries(DASHBOARD_QUERIES):
        page(client, period="2026-Q3", agency=personas.agency("abh").pk)


# Canary: the demo's persons, and what a steering user gets from the dashboard


def without_csrf_tokens(text: str) -> str:
    """The page less its CSRF tokens: 64 random letters and digits hold a short name such as "Ali" now and then."""
    return CSRF_TOKEN.sub(r"\1", text)


CSRF_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+')


def test_the_canary_ignores_csrf_tokens_but_nothing_else():
    page = '<body hx-headers=\'{"X-CSRFToken": "xyzAli0"}\'><input name="csrfmiddlewaretoken" value="Ali9">Ali'
    assert without_csrf_tokens(page).count("Ali") == 1


def test_no_demo_person_is_named_anywhere_on_the_dashboard(personas, login):
    call_command("seed_demo", stdout=io.StringIO())  # the demo computes the figures too
    names = {name for pair in Person.objects.values_list("given_names", "family_name") for name in pair}
    assert len(names) > 50
    client = login(personas.lenkung)
    choices = periods.choices(timezone.localdate())
    agencies = [""] + [str(pk) for pk in Agency.objects.filter(is_active=True).values_list("pk", flat=True)]
    # Every period for all agencies, every agency for the default period: each figure's code path and each filter
    # once, without the product of both (the figures of one agency do not depend on the period's length).
    responses = [page(client, period=period.key, agency="") for period in choices]
    responses += [page(client, period=choices[0].key, agency=agency) for agency in agencies[1:]]
    pages = list(responses)
    for name in EXPORTABLE:
        for period in choices:
            responses += [export(client, name, fmt, period=period.key) for fmt in ("csv", "xlsx")]
        responses += [export(client, name, "csv", agency=agency) for agency in agencies[1:]]
    assert any(">x</td>" in html(response) for response in pages)  # the demo's figures are there, small cells too
    assert not any("&lt; 5" in html(response) for response in pages)
    leaks = []
    for response in responses:
        assert response.status_code == 200
        content = response.content
        if response["Content-Type"].startswith(FORMATS["xlsx"]):
            sheet = load_workbook(io.BytesIO(content)).active
            text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
        else:
            text = without_csrf_tokens(content.decode("utf-8-sig"))
        leaks += [(response.request["PATH_INFO"], name) for name in names if name in text]
    assert not leaks, leaks[:10]


def test_the_canary_check_finds_demo_names_where_they_are_shown(personas, login):
    """The check above can fail: the lead caseworker's case list names the demo persons."""
    call_command("seed_demo", stdout=io.StringIO())
    body = html(login(personas.beratung).get(reverse("cases:case_list")))
    assert any(name in body for name in Person.objects.values_list("family_name", flat=True))


# The bar chart


def test_the_bar_chart_is_an_accessible_svg():
    svg = render_bar_chart(
        chart_id="c",
        title="Anteil <b>",
        bars=[("Stelle <script>", 50, "50 %"), ("Ohne Wert", None, "nicht ausgewiesen")],
        target=80,
        unit="%",
    )
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Anteil &lt;b&gt;</title>' in svg
    assert "<script>" not in svg
    assert "Stelle &lt;script&gt;: 50 %; Ohne Wert: nicht ausgewiesen." in svg  # the description names every bar
    widths = re.findall(r'<rect class="app-chart__bar"[^>]* width="([^"]+)"', svg)
    assert widths == ["280.0", "0.0"]  # half of the 560 wide plot; no bar without a value
    assert "Zielwert 80 %" in svg
    assert render_bar_chart(chart_id="c", title="x", bars=[]) == ""
