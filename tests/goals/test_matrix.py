"""The goal matrix: the web page, the workbook and the print layout show the same rows and cells (one MatrixTable),
a text that looks like a formula stays text, the page costs the same queries for a small and a large matrix, and
only a Grundsatzziel visible to a member has a matrix."""

import re
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from goals.matrix import ACTIVITY, matrix_rows, sheet_name
from goals.models import Activity, Goal, Measurement
from goals.models.choices import ActivityStatus, GoalLevel, MeasurementSource
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

FORMULA = "=SUMME(A1:A9) Kurse werden doppelt gezählt, wenn niemand abgleicht"
# session, user, memberships, the goal, selectors.matrix (Rahmenziele, their measurements, Ergebnisziele, activities,
# their measurements), the status (latest and first met measurement), the caseworker's open-alert count in the
# navigation, session save (3)
MATRIX_QUERIES = 13


class TableCells(HTMLParser):
    """The text of every header and body cell of the page's goal matrix table, row by row."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "app-matrix" in (dict(attrs).get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif self._cell is not None and tag in ("td", "th"):
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_cells(html: str) -> list[list[str]]:
    parser = TableCells()
    parser.feed(html)
    return parser.rows


def same_value(sheet_value, value) -> bool:
    if value is None:
        return sheet_value is None
    if isinstance(value, Decimal):
        return isinstance(sheet_value, int | float) and Decimal(str(sheet_value)) == value
    if isinstance(value, date):
        return isinstance(sheet_value, datetime) and sheet_value.date() == value
    return sheet_value == value


def add_activity(goal: Goal, title: str, *, user, agency=None, due_on=None, status=ActivityStatus.PLANNED):
    return Activity.objects.create(
        goal=goal, title=title, responsible_agency=agency, due_on=due_on, status=status, proposed_by=user
    )


def measure(goal: Goal, value: str, days_ago: int = 10) -> Measurement:
    return Measurement.objects.create(
        goal=goal,
        measured_on=timezone.localdate() - timedelta(days=days_ago),
        value=Decimal(value),
        source=MeasurementSource.ENTERED,
    )


def grow(principle: Goal, *, user, agency, frameworks: int = 4, results: int = 3, activities: int = 2) -> None:
    """More Rahmenziele, each with Ergebnisziele with activities and measurements."""
    for f in range(2, 2 + frameworks):
        framework = Goal.objects.create(
            level=GoalLevel.FRAMEWORK,
            parent=principle,
            action_field=principle.action_field,
            number=f"1.{f}",
            statement=f"Rahmenziel 1.{f}: Informationswege zwischen Behörde und Kursträger sind vereinbart.",
        )
        for r in range(1, 1 + results):
            result = Goal.objects.create(
                level=GoalLevel.RESULT,
                parent=framework,
                action_field=principle.action_field,
                number=f"1.{f}.{r}",
                statement=f"Ergebnisziel 1.{f}.{r}: Abmeldungen werden binnen einer Woche gemeldet.",
                baseline=Decimal("12.5"),
                target_value=Decimal("2"),
                deadline=timezone.localdate() + timedelta(days=200),
                responsible_agency=agency,
            )
            measure(result, "7.25")
            measure(result, "9", days_ago=40)
            for a in range(activities):
                add_activity(result, f"Aktivität {f}.{r}.{a}", user=user, agency=agency)


@pytest.fixture
def matrix_goals(personas, steering_group, principle, framework, result):
    """Grundsatzziel 1 (adopted), Rahmenziel 1.1, Ergebnisziel 1.1.1 with a measurement and two activities, and
    Ergebnisziel 1.1.2 whose statement looks like a spreadsheet formula."""
    result.responsible_group = steering_group
    result.responsible_agency = personas.agency("vhs")
    result.save()
    adopted_on = timezone.localdate() - timedelta(days=100)
    Goal.objects.filter(pk__in=[principle.pk, framework.pk, result.pk]).update(
        adopted_on=adopted_on, adopted_by=steering_group
    )
    measure(result, "55.5")
    user = personas.koordination
    add_activity(result, "Ablaufdiagramm mit den Kursträgern vereinbaren", user=user, agency=personas.agency("vhs"))
    add_activity(result, "-Abmeldungen melden", user=user, due_on=date(2030, 6, 30), status=ActivityStatus.IN_PROGRESS)
    Goal.objects.create(
        level=GoalLevel.RESULT, parent=framework, action_field=principle.action_field, number="1.1.2", statement=FORMULA
    )
    return principle


def the_table(principle: Goal):
    with translation.override("de"):
        principle = Goal.objects.select_related("action_field").get(pk=principle.pk)
        table = matrix_rows(principle, today=timezone.localdate())
        texts = [[cell.text or "–" for cell in row.cells] for row in table.rows]
    return table, texts


def test_the_page_and_the_workbook_show_the_rows_and_cells_of_the_one_table(personas, login, matrix_goals):
    client = login(personas.ehrenamt)
    table, texts = the_table(matrix_goals)
    assert [row.level for row in table.rows] == [
        GoalLevel.PRINCIPLE, GoalLevel.FRAMEWORK, GoalLevel.RESULT, ACTIVITY, ACTIVITY, GoalLevel.RESULT,
    ]  # fmt: skip
    assert len(table.header) == len(table.rows[0].cells)

    page = client.get(reverse("goals:goal_matrix", args=[matrix_goals.pk]))
    assert page.status_code == 200
    cells = page_cells(page.content.decode())
    assert cells[0] == list(table.header)
    assert cells[1:] == texts

    response = client.get(reverse("goals:goal_matrix_xlsx", args=[matrix_goals.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'filename="zielmatrix-1.xlsx"' in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [sheet_name(matrix_goals)] == ["1"]
    sheet = book["1"]
    assert sheet["A1"].value == table.title
    assert sheet.freeze_panes == "A3"
    header = [cell.value for cell in sheet[2]]
    assert header == list(table.header)
    assert all(cell.font.bold for cell in sheet[2])
    assert all(cell.alignment.wrap_text for cell in sheet[3])
    assert sheet.column_dimensions["C"].width == table.widths[2]
    assert sheet.max_row == 2 + len(table.rows)
    for number, row in enumerate(table.rows, start=3):
        read = [cell.value for cell in sheet[number]]
        assert len(read) == len(row.cells)
        mismatched = [(i, read[i], c.value) for i, c in enumerate(row.cells) if not same_value(read[i], c.value)]
        assert not mismatched, f"row {number}: {mismatched}"


def test_a_text_that_looks_like_a_formula_stays_text(personas, login, matrix_goals):
    response = login(personas.koordination).get(reverse("goals:goal_matrix_xlsx", args=[matrix_goals.pk]))
    sheet = load_workbook(BytesIO(response.content))["1"]
    statements = {sheet.cell(row=row, column=3).value: sheet.cell(row=row, column=3) for row in range(3, 10)}
    assert statements[FORMULA].data_type == "s"
    assert statements["-Abmeldungen melden"].data_type == "s"
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml, "a cell was written as a formula"
    assert "<f " not in xml, "a cell was written as a formula"


def test_the_print_layout_holds_the_goals_and_repeats_the_header(personas, login, matrix_goals):
    grow(matrix_goals, user=personas.koordination, agency=personas.agency("vhs"), frameworks=6, results=4)
    table, _texts = the_table(matrix_goals)
    response = login(personas.lenkung).get(reverse("goals:goal_matrix_pdf", args=[matrix_goals.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages), "A4 landscape"
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    tree = Q(pk=matrix_goals.pk) | Q(parent=matrix_goals) | Q(parent__parent=matrix_goals)
    for goal in Goal.objects.filter(tree):
        assert " ".join(goal.statement.split()) in text, goal.number
    assert len(pages) > 1
    column = table.header[2]
    assert all(column in page for page in pages), "the table header is not repeated on every page"
    assert all(re.search(rf"\b{i} \S+ {len(pages)}\b", page) for i, page in enumerate(pages, start=1))


def test_the_matrix_costs_the_same_queries_small_and_large(personas, login, matrix_goals):
    client = login(personas.beratung)
    url = reverse("goals:goal_matrix", args=[matrix_goals.pk])

    def page():
        assert client.get(url).status_code == 200

    queries = assert_constant_queries(
        page, lambda: grow(matrix_goals, user=personas.koordination, agency=personas.agency("vhs"))
    )
    assert queries == MATRIX_QUERIES
    assert len(page_cells(client.get(url).content.decode())) > 40


def test_the_workbook_costs_the_same_queries_small_and_large(personas, login, matrix_goals):
    client = login(personas.koordination)
    url = reverse("goals:goal_matrix_xlsx", args=[matrix_goals.pk])
    assert_constant_queries(
        lambda: client.get(url), lambda: grow(matrix_goals, user=personas.koordination, agency=personas.agency("vhs"))
    )


@pytest.mark.parametrize("name", ["goals:goal_matrix", "goals:goal_matrix_xlsx", "goals:goal_matrix_pdf"])
def test_only_a_principal_goal_has_a_matrix(personas, login, matrix_goals, framework, result, name):
    client = login(personas.koordination)
    assert client.get(reverse(name, args=[framework.pk])).status_code == 404
    assert client.get(reverse(name, args=[result.pk])).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["goals:goal_matrix", "goals:goal_matrix_xlsx", "goals:goal_matrix_pdf"])
def test_an_account_without_membership_gets_404(personas, login, matrix_goals, name):
    assert login(personas.admin).get(reverse(name, args=[matrix_goals.pk])).status_code == 404
