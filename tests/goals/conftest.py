"""Generic fixtures of the goal system, built with the ORM (drafts, no history user): the action field Sprache, the
steering group, and a chain of goals Grundsatzziel 1 → Rahmenziel 1.1 → Ergebnisziel 1.1.1 as in the goal matrix
"Sprache" of the project's status report."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import ActionField, Goal, Indicator, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind


@pytest.fixture
def action_field(db) -> ActionField:
    return ActionField.objects.create(key="sprache", name="Sprache", position=1)


@pytest.fixture
def steering_group(db) -> WorkingGroup:
    return WorkingGroup.objects.create(name="Lenkungsgruppe", kind=GroupKind.STEERING, meets="vierteljährlich")


@pytest.fixture
def principle(action_field) -> Goal:
    """Grundsatzziel 1 of the field Sprache, a draft."""
    return Goal.objects.create(
        level=GoalLevel.PRINCIPLE,
        action_field=action_field,
        number="1",
        statement="Jeder berechtigte Zuwanderer belegt innerhalb von 8 Wochen einen Integrationskurs.",
    )


@pytest.fixture
def framework(principle) -> Goal:
    """Rahmenziel 1.1, derived from `principle`, a draft."""
    return Goal.objects.create(
        level=GoalLevel.FRAMEWORK,
        parent=principle,
        action_field=principle.action_field,
        number="1.1",
        statement="Der Berechtigungsschein wird von der leistungsgewährenden Stelle ausgestellt.",
    )


@pytest.fixture
def result(framework) -> Goal:
    """Ergebnisziel 1.1.1, derived from `framework`, a draft with a manual indicator (higher is better), baseline 40,
    target 80 and deadline 31.12.2030."""
    indicator = Indicator.objects.create(name="Anteil der Kursbeginne innerhalb von 8 Wochen", unit="%")
    return Goal.objects.create(
        level=GoalLevel.RESULT,
        parent=framework,
        action_field=framework.action_field,
        number="1.1.1",
        statement="80 % der Berechtigten beginnen den Kurs innerhalb von 8 Wochen nach Ausstellung des Scheins.",
        indicator=indicator,
        baseline=Decimal("40"),
        target_value=Decimal("80"),
        deadline=date(2030, 12, 31),
    )
