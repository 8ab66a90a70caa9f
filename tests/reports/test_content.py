"""The frozen content of a report version: everything the PDF shows, as JSON data, read in a bounded number of
queries, and never changed by later data."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from agencies.models import Agency
from goals.models import Activity, Goal, GroupMember, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind
from reports.content import CITY_NAME, MARK, freeze
from reports.dashboard import HIDDEN_TEXT
from reports.models import CommitteeReport, FigureCell, FigureRun, ReportKind, ReportSection, ReportVersion
from tests.conftest import PERSONA_AGENCIES
from tests.factories import AgencyFactory, UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)
# Agencies, sections, principal goals, groups, group members, the earlier reports referred to, the latest run, the
# goals measured from the data (the key figures read their rows in the annexes), its cells.
BASE_QUERIES = 9
PER_PRINCIPLE = 5  # the matrix (goals, their children, the activities) and the statuses (two) of one principal goal


def roundtrip(content: dict) -> dict:
    return json.loads(json.dumps(content))


@pytest.fixture
def author():
    return UserFactory()


@pytest.fixture
def report(author) -> CommitteeReport:
    report = CommitteeReport.objects.create(
        subject="Modellprojekt Einwanderung gestalten - NRW, Sachstandbericht",
        number="322/18",
        file_number="FB 8 - hf",
        kind=ReportKind.DECISION,
        committee="Sozialausschuss",
        meeting_date=date(2026, 5, 26),
        period="2026",
        proposal="Der Sozialausschuss nimmt die Ausführungen zur Kenntnis.",
        proposal_html="<p>Der Sozialausschuss nimmt die Ausführungen zur Kenntnis.</p>",
        created_by=author,
    )
    # Stored out of order: the numbers follow the positions.
    ReportSection.objects.create(
        report=report, position=20, title="Ziele und Ergebnisse", body="x", body_html="<p>Themenfeld Sprache</p>"
    )
    ReportSection.objects.create(report=report, position=10, title="Zielgruppe", body="x", body_html="<p>Seit 2015</p>")
    return report


@pytest.fixture
def bodies(steering_group, author):
    """The city with a department and its team, a volunteer association, one not taking part and one inactive; the
    steering group, a working group and its project group; members as of TODAY (one who left, one not yet joined)."""
    city = AgencyFactory(name="Stadt Rheine")
    department = AgencyFactory(name="Fachbereich Soziales", parent=city)
    team = AgencyFactory(name="Team Beratung", parent=department)
    volunteers = AgencyFactory(name="Flüchtlingshilfe Rheine e.V.")
    AgencyFactory(name="Caritas")  # no member anywhere
    closed = AgencyFactory(name="Aufgelöstes Amt", is_active=False)
    working = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    project = WorkingGroup.objects.create(name="PG Berechtigungsschein", kind=GroupKind.PROJECT, parent=working)
    joined = TODAY - timedelta(days=300)

    def seat(group, agency, **dates):
        GroupMember.objects.create(group=group, user=UserFactory(), agency=agency, **({"joined_on": joined} | dates))

    seat(steering_group, department)
    seat(steering_group, volunteers)
    seat(working, team)
    seat(project, team)
    seat(working, volunteers, left_on=TODAY - timedelta(days=1))  # left: no mark
    seat(project, volunteers, joined_on=TODAY + timedelta(days=1))  # not yet: no mark
    seat(working, closed)  # an inactive agency takes no part
    return {"city": city, "department": department, "team": team, "volunteers": volunteers}


def figure_run(bodies, *, issued: int, today: date = TODAY) -> FigureRun:
    """A finished run with slips for the year: the team issued `issued`, the volunteers a hidden few."""
    run = FigureRun.objects.create(today=today, finished_at=timezone.now())
    team, volunteers = bodies["team"], bodies["volunteers"]
    for agency, count, hidden in ((team, issued, False), (volunteers, 3, True), (None, issued + 3, False)):
        FigureCell.objects.create(
            run=run, figure="slips", period="2026", agency=agency, persons=count, count=count, hidden=hidden
        )
    return run


def chain(principle: Goal, **result_fields) -> Goal:
    """A Rahmenziel and an Ergebnisziel below `principle`; returns the Rahmenziel."""
    number, field = principle.number, principle.action_field
    framework = Goal.objects.create(
        level=GoalLevel.FRAMEWORK, parent=principle, action_field=field, number=f"{number}.1", statement="Rahmen"
    )
    Goal.objects.create(
        level=GoalLevel.RESULT, parent=framework, action_field=field, number=f"{number}.1.1", statement="Ergebnis",
        **result_fields,
    )  # fmt: skip
    return framework


@pytest.fixture
def goals(principle, framework, result, author, bodies):
    """Grundsatzziel 1 of the goals fixtures (with an activity) and a Grundsatzziel 2 with its own chain."""
    Activity.objects.create(goal=result, title="Ablaufplan abstimmen", proposed_by=author)
    second = Goal.objects.create(
        level=GoalLevel.PRINCIPLE,
        action_field=principle.action_field,
        number="2",
        statement="Alle Zuwanderer können sich über freiwillige Sprachangebote informieren.",
    )
    chain(second)
    return principle, second


def test_the_content_holds_header_sections_figures_and_annexes(report, goals, bodies):
    Agency.objects.filter(short_name__in=PERSONA_AGENCIES).update(is_active=False)  # only this test's agencies
    figure_run(bodies, issued=12)
    content = freeze(report, version_number=3, today=TODAY)

    assert roundtrip(content) == content, "the content must be JSON as it is"
    assert (content["city"], content["version"], content["language"]) == (CITY_NAME, 3, "de")
    assert (content["printed_on"], content["printed_on_text"]) == ("2026-05-12", "12.05.2026")
    with translation.override("de"):
        kind = str(ReportKind.DECISION.label)
    assert content["header"] == {
        "subject": "Modellprojekt Einwanderung gestalten - NRW, Sachstandbericht",
        "number": "322/18",
        "file_number": "FB 8 - hf",
        "kind": "decision",
        "kind_label": kind,
        "committee": "Sozialausschuss",
        "meeting_date": "26.05.2026",
        "period": "2026",
        "period_label": "2026",
    }
    assert content["proposal_html"] == "<p>Der Sozialausschuss nimmt die Ausführungen zur Kenntnis.</p>"
    assert content["sections"] == [
        {"number": 1, "title": "Zielgruppe", "html": "<p>Seit 2015</p>"},
        {"number": 2, "title": "Ziele und Ergebnisse", "html": "<p>Themenfeld Sprache</p>"},
    ]

    figures = content["figures"]
    assert figures["available"]
    assert figures["as_of"] == "12.05.2026"
    slips = {table["name"]: table for table in figures["tables"]}["slips_by_agency"]
    rows = {row[0]: row[1:] for row in slips["rows"]}
    assert len(slips["columns"]) == len(slips["rows"][0])
    assert rows["Team Beratung"][0] == "12"
    assert rows["Flüchtlingshilfe Rheine e.V."][0] == HIDDEN_TEXT  # hidden stays hidden
    assert "3" not in rows["Flüchtlingshilfe Rheine e.V."]

    principle, second = goals
    with translation.override("de"):
        structure_title = "Anlage 1 " + gettext("Project structure")
    assert content["annex_titles"] == [
        structure_title,
        "Anlage 2 – Zielmatrix Sprache – Grundsatzziel 1",
        "Anlage 3 – Zielmatrix Sprache – Grundsatzziel 2",
    ]
    structure, first_matrix, second_matrix = content["annexes"]
    assert [annex["number"] for annex in content["annexes"]] == [1, 2, 3]
    assert structure["kind"] == "structure"
    assert structure["columns"] == ["Lenkungsgruppe", "AG Sprache", "PG Berechtigungsschein"]
    # Every active agency (the personas' are set aside above), a member or not; the inactive one is left out.
    assert [(row["name"], row["depth"], row["takes_part"], row["marks"]) for row in structure["rows"]] == [
        ("Caritas", 0, False, ["", "", ""]),
        ("Flüchtlingshilfe Rheine e.V.", 0, True, [MARK, "", ""]),
        ("Stadt Rheine", 0, False, ["", "", ""]),
        ("Fachbereich Soziales", 1, True, [MARK, "", ""]),
        ("Team Beratung", 2, True, ["", MARK, MARK]),
    ]

    assert first_matrix["kind"] == "goal_matrix"
    assert first_matrix["statement"] == principle.statement
    assert [row["level"] for row in first_matrix["rows"]] == ["principle", "framework", "result", "activity"]
    assert first_matrix["rows"][0]["cells"][2]["text"] == principle.statement
    assert len(first_matrix["header"]) == len(first_matrix["rows"][0]["cells"])
    result_row = first_matrix["rows"][2]["cells"]
    assert (result_row[4]["text"], result_row[4]["is_number"]) == ("40", True)  # baseline
    assert result_row[6]["text"] == "31.12.2030"  # deadline, German date
    assert second_matrix["rows"][0]["cells"][2]["text"] == second.statement


def test_without_a_figure_run_the_content_says_so(report, goals):
    figures = freeze(report, version_number=1, today=TODAY)["figures"]
    assert figures["available"] is False
    assert figures["tables"] == []
    assert figures["note"]


def test_a_running_or_failed_run_is_not_read(report, goals, bodies):
    FigureRun.objects.create(today=TODAY)  # still computing, or failed: not finished
    assert freeze(report, version_number=1, today=TODAY)["figures"]["available"] is False


def test_the_language_of_the_requester_does_not_change_the_document(report, goals, bodies):
    figure_run(bodies, issued=1234)
    german = freeze(report, version_number=1, today=TODAY)
    with translation.override("en"):
        english_user = freeze(report, version_number=1, today=TODAY)
    assert english_user == german
    assert german["header"]["meeting_date"] == "26.05.2026"


def test_the_queries_are_bounded(report, goals, bodies, author):
    figure_run(bodies, issued=12)
    _principle, second = goals

    def action():
        return freeze(report, version_number=1, today=TODAY)

    before, listing = count_queries(action)

    # More of everything but principal goals: the same queries.
    framework = second.children.get()
    for number in range(2, 7):
        result = Goal.objects.create(
            level=GoalLevel.RESULT, parent=framework, action_field=second.action_field, number=f"2.1.{number}",
            statement=f"E {number}", responsible_agency=bodies["team"],
        )  # fmt: skip
        for _ in range(3):
            Activity.objects.create(goal=result, title="A", proposed_by=author, responsible_agency=bodies["team"])
    for position in range(30, 40):
        ReportSection.objects.create(report=report, position=position, title=f"T {position}", body_html="<p>x</p>")
    group = WorkingGroup.objects.create(name="AG Arbeit", kind=GroupKind.WORKING)
    for _ in range(4):
        GroupMember.objects.create(group=group, user=UserFactory(), agency=AgencyFactory(), joined_on=TODAY)
    figure_run(bodies, issued=20)
    same, listing_same = count_queries(action)
    assert same == before, f"{before} -> {same}\n{listing}\n---\n{listing_same}"

    # A principal goal more: a fixed number more.
    third = Goal.objects.create(
        level=GoalLevel.PRINCIPLE, action_field=second.action_field, number="3", statement="Grundsatzziel 3"
    )
    chain(third)
    more, listing_more = count_queries(action)
    assert more == before + PER_PRINCIPLE, listing_more
    assert before == BASE_QUERIES + 2 * PER_PRINCIPLE, listing


def test_a_frozen_version_does_not_change_with_later_data(report, goals, bodies, author):
    """The version-freeze property: the content stored with a version stays as it was when the data changes."""
    figure_run(bodies, issued=12)
    principle, _second = goals
    content = freeze(report, version_number=1, today=TODAY)
    version = ReportVersion.objects.create(report=report, number=1, content=content, requested_by=author)
    expected = roundtrip(content)

    # Later: a changed goal statement, a new principal goal, a new figure run, a renamed agency, a new section.
    principle.statement = "Ein geänderter Zielsatz nach Version 1."
    principle.save()
    Goal.objects.create(
        level=GoalLevel.PRINCIPLE, action_field=principle.action_field, number="3", statement="Ein neues Ziel."
    )
    figure_run(bodies, issued=99)
    bodies["team"].name = "Team Beratung (neu)"
    bodies["team"].save()
    ReportSection.objects.create(report=report, position=99, title="Nachtrag", body_html="<p>später</p>")

    version.refresh_from_db()
    assert version.content == expected
    assert content == expected  # the dict handed out is not tied to the data either

    later = freeze(report, version_number=2, today=TODAY + timedelta(days=1))
    assert later != expected  # the data did change: a new freeze sees it
    later_text = json.dumps(later, ensure_ascii=False)
    for new in ("Ein geänderter Zielsatz nach Version 1.", "Ein neues Ziel.", "Team Beratung (neu)", "Nachtrag"):
        assert new in later_text
        assert new not in json.dumps(version.content, ensure_ascii=False)
    later_slips = {table["name"]: table for table in later["figures"]["tables"]}["slips_by_agency"]
    assert {row[0]: row[1] for row in later_slips["rows"]}["Team Beratung (neu)"] == "99"
