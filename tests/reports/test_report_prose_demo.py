"""The prose written from the demo data, seeded once for the module: per Themenfeld the goals with status and
latest measurement, the results of the period numbered as the source numbers them, the deficit themes in the
source's two groups, the groups and their meetings, the case-management figures; every block says its data's day."""

from datetime import date

import pytest

from agencies import demo
from goals.matrix import Cell
from goals.models import Decision, Goal, Measurement, Meeting
from goals.models.choices import DecisionKind, GroupKind
from reports import periods, prefill
from reports.aggregation import figures_compute
from reports.models import SectionContent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # the tests' frozen day
YEAR = periods.parse("2026")
AS_OF = f"Stand der Daten: {TODAY:%d.%m.%Y}"


def write(content: str) -> str:
    return prefill.generate(content, period=YEAR, today=TODAY)


@pytest.fixture(scope="module")
def seeded(module_transaction, django_db_blocker):
    """The demo and its figures, built once for the module's tests (each test's changes are rolled back)."""
    with django_db_blocker.unblock():
        demo.seed()
        figures_compute(today=TODAY)


def test_the_goals_section_names_every_goal_with_status_and_latest_measurement(seeded):
    text = write(SectionContent.GOALS)
    for goal in Goal.objects.filter(action_field__is_active=True):
        assert goal.statement in text, goal.number
    assert "### Themenfeld Sprache" in text
    assert "### Themenfeld Arbeit" in text
    assert text.index("### Themenfeld Sprache") < text.index("### Themenfeld Arbeit")
    assert "**Grundsatzziel 1 „Sprache“:**" in text
    assert "(siehe Anlage 2)" in text
    assert "(siehe Anlage 4)" in text
    latest = Measurement.objects.filter(goal__number="1.1.1", goal__action_field__key="work").first()
    assert f"zuletzt gemessen: {Cell(latest.value).text} % am {latest.measured_on:%d.%m.%Y}" in text
    assert text.count(AS_OF) == 3  # the steering group's decisions and one per Themenfeld


def test_the_results_of_the_period_are_numbered_as_the_source_numbers_them(seeded):
    text = write(SectionContent.GOALS)
    work = text[text.index("### Themenfeld Arbeit") :]
    assert "Ergebnisse im Berichtszeitraum 2026:" in work
    assert "(1) Die Lenkungsgruppe hat am" in work
    assert "das Ergebnisziel 1.1.1 verabschiedet" in work
    assert "Erledigt (" in work
    assert "Gemeinsamen Profilingbogen der Rechtskreise abstimmen" in work
    # Decisions of 2017 and 2018 are not of this period.
    assert "21.11.2017" not in text.split("Ergebnisse im Berichtszeitraum", 1)[1].split("Stand der Daten")[0]
    other = Decision.objects.filter(kind=DecisionKind.OTHER, decided_on__year=2026, group__kind=GroupKind.STEERING)
    for decision in other:
        assert decision.text in text


def test_the_deficit_themes_come_in_the_sources_two_groups(seeded):
    text = write(SectionContent.GOALS)
    work = text[text.index("### Themenfeld Arbeit") :]
    steerable = work.index("sind von dort steuerbar:")
    personal = work.index("liegen eher in der Person des Nutzers begründet")
    assert steerable < personal
    for name in ("Kompetenzfeststellung/Profiling", "Anerkennung der Berufsabschlüsse"):
        assert steerable < work.index(name) < personal
    for name in ("Lernverhalten", "Akzeptanz des dualen Systems", "Anspruch: Arbeit ohne Sprache"):
        assert work.index(name) > personal
    assert "„Herr M. bricht die Ausbildung ab“" in work


def test_the_structure_names_agencies_groups_and_the_meetings_of_the_period(seeded):
    text = write(SectionContent.STRUCTURE)
    assert "- Stadt Rheine" in text
    assert "    - Fachbereich Soziales, Migration und Integration" in text
    assert "Die Lenkungsgruppe ist das Entscheidungsorgan des Projektes und tagt vierteljährlich." in text
    assert "AG Sprache" in text
    assert "PG Berechtigungsschein (zur AG Sprache)" in text
    recent = Meeting.objects.get(group__name="Lenkungsgruppe", held_on__year=2026)
    assert f"- Lenkungsgruppe, {recent.held_on:%d.%m.%Y}: Verstetigung der Netzwerke Sprache und Arbeit" in text
    assert "16.05.2017" not in text  # a meeting of another period
    assert text.endswith(f"*{AS_OF}*")


def test_target_group_focus_and_outlook(seeded):
    target = write(SectionContent.TARGET_GROUP)
    assert "Im Berichtszeitraum 2026 wurden" in target
    assert "Nach dem Leistungssystem der Personen heute" in target
    assert AS_OF in target  # the figures were computed today
    assert write(SectionContent.FOCUS).startswith("Schwerpunktthemen sind die Handlungsfelder „Sprache“ und „Arbeit“.")
    outlook = write(SectionContent.OUTLOOK)
    assert "**Case Management**" in outlook
    assert "**Anstehende Aktivitäten**" in outlook
    assert "Ansprechpartner für Betriebe mit Auszubildenden benennen" in outlook
    assert "< 5" not in target + outlook


def test_figures_older_than_today_carry_their_own_day(seeded):
    figures_compute(today=date(2026, 11, 20))
    assert "Stand der Daten: 20.11.2026" in write(SectionContent.TARGET_GROUP)


def test_the_default_text_takes_the_data_at_its_marker(seeded):
    (section,) = [draft for draft in prefill.sections(period=YEAR, today=TODAY) if draft.content == "structure"]
    assert section.body.startswith("Im Projekt „Einwanderung gestalten“ sind folgende Behörden")
    assert "[[Daten]]" not in section.body
    assert section.body.index("- Stadt Rheine") < section.body.index("Erläuterung zum Zielsystem")
