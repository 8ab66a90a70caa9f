"""The German prose the report starts with, written from the data: per Themenfeld the goals with status and latest
measurement, the results of the period numbered as the source numbers them, the deficit themes in the source's two
groups with how often each was recorded on cases (small counts hidden), the groups and their meetings, the
case-management figures; every block says the day of its data."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Obstacle
from goals.models import CaseVignette, Goal, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind
from reports import periods, prefill
from reports.dashboard import HIDDEN_TEXT
from reports.models import SectionContent
from reports.suppression import footnote

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # the tests' frozen day
YEAR = periods.parse("2026")
AS_OF = f"Stand der Daten: {TODAY:%d.%m.%Y}"


def write(content: str) -> str:
    return prefill.generate(content, period=YEAR, today=TODAY)


def test_how_often_a_theme_was_recorded_on_cases_and_small_counts_hidden(make_case, action_field, steering_group):
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.add(action_field)
    vignette = CaseVignette.objects.create(group=group, title="Herr A. wartet", narrative="…")
    many, few, none = (Obstacle.objects.get(name=name) for name in (
        "Sprachvermögen", "Lernverhalten", "Anerkennung der Berufsabschlüsse"))  # fmt: skip
    vignette.obstacles.add(many, few, none)
    for number in range(6):
        case = make_case(family_name=f"Testperson {number}")
        case.obstacles.add(many)
        if number < 3:
            case.obstacles.add(few)

    text = write(SectionContent.GOALS)
    assert "Sprachvermögen (6)" in text
    assert f"Lernverhalten ({HIDDEN_TEXT})" in text  # three persons: hidden
    assert "Anerkennung der Berufsabschlüsse (0)" in text  # nobody: shown
    assert footnote() in text
    assert "„Herr A. wartet“" in text


def test_a_case_closed_before_the_period_is_not_counted(make_case, action_field):
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.add(action_field)
    CaseVignette.objects.create(group=group, title="T", narrative="…").obstacles.add(
        Obstacle.objects.get(name="Sprachvermögen")
    )
    for number in range(5):
        make_case(family_name=f"Testperson {number}").obstacles.add(Obstacle.objects.get(name="Sprachvermögen"))
    assert "Sprachvermögen (5)" in prefill.generate(SectionContent.GOALS, period=YEAR, today=TODAY)
    assert "Sprachvermögen (0)" in prefill.generate(
        SectionContent.GOALS, period=periods.parse("2025"), today=TODAY
    )  # opened in March 2026


def test_a_field_without_goals_says_so(action_field):
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.add(action_field)
    text = write(SectionContent.GOALS)
    assert "Für dieses Themenfeld ist noch kein Grundsatzziel erfasst." in text
    Goal.objects.create(level=GoalLevel.PRINCIPLE, action_field=action_field, number="1", statement="Ziel",
                        target_value=Decimal("1"))  # fmt: skip
    assert "**Grundsatzziel 1 „Sprache“:** Ziel" in write(SectionContent.GOALS)
