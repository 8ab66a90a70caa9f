"""The rules of the goal system: levels and parents, adoption by the steering group in order, adopted goals change
only by amendment, and every change leaves a history row naming the actor (and the reason, where one is given)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goals.models import ActionField, Activity, Decision, Goal, Indicator, Measurement, Meeting
from goals.models.choices import ActivityStatus, DecisionKind, GoalLevel, IndicatorKind, MeasurementSource
from goals.services import goals as services

ADOPTED_ON = date(2018, 3, 1)


@pytest.fixture
def as_(personas):
    """as_("koordination") -> the keyword arguments actor and membership of that demo account."""
    return lambda name: {"actor": personas.users[name], "membership": personas.membership(name)}


def adopt(as_, goal: Goal, on: date = ADOPTED_ON) -> Decision:
    return services.goal_adopt(**as_("lenkung"), goal=goal, decided_on=on)


# --- levels and parents ---------------------------------------------------------------------------------------


def test_a_coordinator_builds_the_three_levels(as_, action_field):
    principle = services.goal_create(
        **as_("koordination"), level=GoalLevel.PRINCIPLE, action_field=action_field, statement="Alle lernen Deutsch."
    )
    framework = services.goal_create(
        **as_("koordination"), level=GoalLevel.FRAMEWORK, action_field=action_field, parent=principle, statement="R"
    )
    result = services.goal_create(
        **as_("koordination"), level=GoalLevel.RESULT, action_field=action_field, parent=framework, statement="E"
    )
    assert [result.parent, framework.parent, principle.parent] == [framework, principle, None]
    assert not result.is_adopted
    assert result.history.get().history_user.username == "koordination"


@pytest.mark.parametrize(
    ("level", "parent_name", "field"),
    [
        (GoalLevel.PRINCIPLE, "principle", "parent"),  # a Grundsatzziel has no parent
        (GoalLevel.FRAMEWORK, None, "parent"),  # a Rahmenziel needs one
        (GoalLevel.FRAMEWORK, "framework", "parent"),  # ... and it is a Grundsatzziel
        (GoalLevel.RESULT, "principle", "parent"),  # an Ergebnisziel derives from a Rahmenziel
        (GoalLevel.RESULT, "result", "parent"),
        ("nonsense", None, "level"),
    ],
)
def test_wrong_level_or_parent_is_refused(as_, action_field, result, level, parent_name, field):
    parents = {"principle": result.parent.parent, "framework": result.parent, "result": result, None: None}
    before = Goal.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.goal_create(
            **as_("koordination"), level=level, action_field=action_field, parent=parents[parent_name], statement="x"
        )
    assert field in refused.value.message_dict
    assert Goal.objects.count() == before


def test_a_derived_goal_stays_in_its_parents_action_field(as_, principle):
    arbeit = ActionField.objects.create(key="arbeit", name="Arbeit", position=2)
    with pytest.raises(ValidationError) as refused:
        services.goal_create(
            **as_("koordination"), level=GoalLevel.FRAMEWORK, action_field=arbeit, parent=principle, statement="x"
        )
    assert "action_field" in refused.value.message_dict
    assert not principle.children.exists()


def test_an_empty_statement_is_refused(as_, action_field):
    with pytest.raises(ValidationError) as refused:
        services.goal_create(**as_("koordination"), level=GoalLevel.PRINCIPLE, action_field=action_field, statement=" ")
    assert "statement" in refused.value.message_dict


@pytest.mark.parametrize("who", ["lenkung", "beratung", "ehrenamt"])
def test_only_coordinators_create_and_edit_goals(as_, action_field, principle, who):
    with pytest.raises(ValidationError):
        services.goal_create(**as_(who), level=GoalLevel.PRINCIPLE, action_field=action_field, statement="x")
    with pytest.raises(ValidationError):
        services.goal_update(**as_(who), goal=principle, number="9")
    assert Goal.objects.count() == 1
    principle.refresh_from_db()
    assert principle.number == "1"


def test_goal_update_knows_its_fields(as_, principle):
    with pytest.raises(TypeError):
        services.goal_update(**as_("koordination"), goal=principle, level=GoalLevel.RESULT)


def test_goal_update_writes_history_only_for_a_change(as_, principle):
    services.goal_update(**as_("koordination"), goal=principle, number="1", statement=principle.statement)
    assert principle.history.count() == 1
    services.goal_update(**as_("koordination"), goal=principle, number="2")
    latest = principle.history.latest()
    assert (latest.number, latest.history_user.username) == ("2", "koordination")


# --- adoption -------------------------------------------------------------------------------------------------


def test_the_steering_group_adopts_a_goal(as_, principle, steering_group):
    decision = adopt(as_, principle)
    principle.refresh_from_db()
    assert (principle.adopted_by, principle.adopted_on) == (steering_group, ADOPTED_ON)
    assert (decision.kind, decision.group, decision.goal, decision.decided_on) == (
        DecisionKind.GOAL_ADOPTED,
        steering_group,
        principle,
        ADOPTED_ON,
    )
    assert decision.text  # the statement adopted, when no wording was given
    latest = principle.history.latest()
    assert latest.history_user.username == "lenkung"
    assert latest.history_change_reason


def test_a_goal_is_adopted_once(as_, principle, steering_group):
    adopt(as_, principle)
    with pytest.raises(ValidationError):
        adopt(as_, principle, on=ADOPTED_ON + timedelta(days=1))
    assert Decision.objects.count() == 1


def test_a_derived_goal_is_adopted_after_its_parent(as_, result, steering_group):
    framework, principle = result.parent, result.parent.parent
    with pytest.raises(ValidationError):
        adopt(as_, framework)
    adopt(as_, principle)
    with pytest.raises(ValidationError):
        adopt(as_, result)  # its parent, the framework goal, is still a draft
    with pytest.raises(ValidationError) as refused:
        adopt(as_, framework, on=ADOPTED_ON - timedelta(days=1))  # before the principal goal was adopted
    assert "decided_on" in refused.value.message_dict
    adopt(as_, framework)
    adopt(as_, result)
    assert Goal.objects.filter(adopted_on__isnull=False).count() == 3


def test_adoption_needs_the_steering_group_to_exist(as_, principle):
    with pytest.raises(ValidationError):
        adopt(as_, principle)
    principle.refresh_from_db()
    assert not principle.is_adopted


@pytest.mark.parametrize("who", ["koordination", "beratung"])
def test_only_the_steering_role_adopts(as_, principle, steering_group, who):
    with pytest.raises(ValidationError):
        services.goal_adopt(**as_(who), goal=principle, decided_on=ADOPTED_ON)
    assert not Decision.objects.exists()


def test_adoption_in_a_meeting_of_another_group_is_refused(as_, principle, steering_group):
    from goals.models import WorkingGroup
    from goals.models.choices import GroupKind

    other = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    meeting = Meeting.objects.create(group=other, held_on=ADOPTED_ON)
    with pytest.raises(ValidationError) as refused:
        services.goal_adopt(**as_("lenkung"), goal=principle, decided_on=ADOPTED_ON, meeting=meeting)
    assert "meeting" in refused.value.message_dict


def test_adoption_in_the_future_is_refused(as_, principle, steering_group):
    with pytest.raises(ValidationError):
        adopt(as_, principle, on=timezone.localdate() + timedelta(days=1))


# --- adopted goals change only by amendment --------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"statement": "Anders."}, {"target_value": Decimal("70")}, {"deadline": date(2031, 6, 30)}],
)
def test_an_adopted_goals_decided_parts_are_refused_in_an_update(as_, result, steering_group, change):
    adopt(as_, result.parent.parent)
    adopt(as_, result.parent)
    adopt(as_, result)
    before = result.history.count()
    with pytest.raises(ValidationError):
        services.goal_update(**as_("koordination"), goal=result, **change)
    result.refresh_from_db()
    assert (result.statement.startswith("80 %"), result.target_value, result.deadline) == (
        True,
        Decimal("80"),
        date(2030, 12, 31),
    )
    assert result.history.count() == before


def test_an_adopted_goals_other_parts_still_change_and_unchanged_decided_parts_pass(as_, principle, steering_group):
    adopt(as_, principle)
    services.goal_update(
        **as_("koordination"), goal=principle, statement=principle.statement, number="I", responsible_group=None
    )
    principle.refresh_from_db()
    assert principle.number == "I"
    with pytest.raises(ValidationError):  # the baseline moves the status line: a decision of the steering group
        services.goal_update(**as_("koordination"), goal=principle, baseline=Decimal("3"))


def test_an_amendment_changes_indicator_and_baseline_with_a_reason(as_, principle, steering_group):
    adopt(as_, principle)
    indicator = Indicator.objects.create(name="Anteil Kursbeginne nach Zuständigkeitsregelung", unit="%")
    decision = services.goal_amend(
        **as_("lenkung"), goal=principle, decided_on=date(2019, 1, 15), reason="Neue Datengrundlage",
        indicator=indicator, baseline=Decimal("35"),
    )  # fmt: skip
    principle.refresh_from_db()
    assert (principle.indicator, principle.baseline) == (indicator, Decimal("35"))
    assert "35" in decision.text
    assert principle.history.first().history_change_reason == "Neue Datengrundlage"


def test_the_steering_group_amends_an_adopted_goal_with_a_reason(as_, principle, steering_group):
    adopt(as_, principle)
    reason = "Die Kursplätze reichen 2019 nicht aus; der Zielwert wird angepasst."
    decision = services.goal_amend(
        **as_("lenkung"),
        goal=principle,
        decided_on=date(2019, 1, 15),
        reason=reason,
        target_value=Decimal("70"),
        deadline=date(2020, 12, 31),
    )
    principle.refresh_from_db()
    assert (principle.target_value, principle.deadline) == (Decimal("70"), date(2020, 12, 31))
    assert decision.kind == DecisionKind.GOAL_AMENDED
    assert decision.goal == principle
    assert reason in decision.text
    latest = principle.history.latest()
    assert (latest.history_user.username, latest.history_change_reason) == ("lenkung", reason)
    assert principle.adopted_on == ADOPTED_ON  # amended, not adopted anew


def test_the_reason_in_the_history_is_cut_to_its_column(as_, principle, steering_group):
    adopt(as_, principle)
    reason = "Begründung " * 30
    decision = services.goal_amend(
        **as_("lenkung"), goal=principle, decided_on=date(2019, 1, 15), reason=reason, statement="Neu."
    )
    assert reason.strip() in decision.text
    assert len(principle.history.latest().history_change_reason) <= 100


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"reason": "", "target_value": Decimal("70")}, "reason"),
        ({"reason": "Nichts"}, None),  # changes nothing
        ({"reason": "Gleich", "statement": "PLACEHOLDER"}, None),  # the same statement changes nothing
        ({"reason": "Zu früh", "target_value": Decimal("70"), "decided_on": date(2018, 2, 1)}, "decided_on"),
    ],
)
def test_an_amendment_that_says_nothing_new_is_refused(as_, principle, steering_group, arguments, field):
    adopt(as_, principle)
    arguments = {"decided_on": date(2019, 1, 15), **arguments}
    if arguments.get("statement") == "PLACEHOLDER":
        arguments["statement"] = principle.statement
    with pytest.raises(ValidationError) as refused:
        services.goal_amend(**as_("lenkung"), goal=principle, **arguments)
    if field:
        assert field in refused.value.message_dict
    assert not Decision.objects.filter(kind=DecisionKind.GOAL_AMENDED).exists()


def test_a_draft_is_not_amended_and_coordinators_do_not_amend(as_, principle, steering_group):
    with pytest.raises(ValidationError):
        services.goal_amend(**as_("lenkung"), goal=principle, decided_on=ADOPTED_ON, reason="x", statement="Neu.")
    adopt(as_, principle)
    with pytest.raises(ValidationError):
        services.goal_amend(**as_("koordination"), goal=principle, decided_on=ADOPTED_ON, reason="x", statement="Neu.")
    principle.refresh_from_db()
    assert principle.statement.startswith("Jeder")


# --- activities, indicators, measurements ----------------------------------------------------------------------


def test_activities_belong_to_result_goals(as_, result):
    with pytest.raises(ValidationError):
        services.activity_propose(**as_("koordination"), goal=result.parent, title="Ablaufdiagramm")
    activity = services.activity_propose(**as_("koordination"), goal=result, title="Ablaufdiagramm")
    assert (activity.status, activity.proposed_by.username) == (ActivityStatus.PROPOSED, "koordination")


def test_a_caseworker_outside_the_groups_does_not_propose(as_, result):
    with pytest.raises(ValidationError):
        services.activity_propose(**as_("jobcenter"), goal=result, title="x")
    assert not Activity.objects.exists()


def test_coordinators_update_activities(as_, personas, result):
    activity = services.activity_propose(**as_("koordination"), goal=result, title="Ablaufdiagramm")
    vhs = personas.agency("vhs")
    done = {"status": ActivityStatus.DONE, "result": "Vereinbart.", "responsible_agency": vhs}
    services.activity_update(**as_("koordination"), activity=activity, **done)
    activity.refresh_from_db()
    assert (activity.status, activity.result, activity.responsible_agency) == (ActivityStatus.DONE, "Vereinbart.", vhs)
    assert activity.history.latest().history_user.username == "koordination"
    with pytest.raises(ValidationError):
        services.activity_update(**as_("lenkung"), activity=activity, status=ActivityStatus.DROPPED)
    with pytest.raises(ValidationError):
        services.activity_update(**as_("koordination"), activity=activity, status="unknown")


def test_a_second_value_on_the_same_day_replaces_the_first(as_, result):
    day = date(2019, 6, 30)
    services.measurement_record(**as_("koordination"), goal=result, measured_on=day, value=Decimal("50"))
    services.measurement_record(**as_("koordination"), goal=result, measured_on=day, value=Decimal("55.5"))
    measurement = Measurement.objects.get(goal=result)
    assert (measurement.value, measurement.source) == (Decimal("55.50"), MeasurementSource.ENTERED)
    assert measurement.history.count() == 2
    assert measurement.history.latest().history_change_reason


def test_measurements_in_the_future_or_by_others_are_refused(as_, result):
    with pytest.raises(ValidationError):
        services.measurement_record(
            **as_("koordination"), goal=result, measured_on=timezone.localdate() + timedelta(days=1), value=1
        )
    with pytest.raises(ValidationError):
        services.measurement_record(**as_("lenkung"), goal=result, measured_on=date(2019, 1, 1), value=1)
    assert not Measurement.objects.exists()


def test_indicators(as_):
    indicator = services.indicator_create(**as_("koordination"), name="Wartezeit", unit="Tage", higher_is_better=False)
    assert (indicator.kind, indicator.function, indicator.higher_is_better) == (IndicatorKind.MANUAL, "", False)
    for arguments in (
        {"name": "wartezeit"},  # the same name
        {"name": "Berechnet", "kind": IndicatorKind.COMPUTED, "function": "no_such_function"},
        {"name": "Von Hand", "function": "course_start_within_8_weeks"},
        {"name": ""},
    ):
        with pytest.raises(ValidationError):
            services.indicator_create(**as_("koordination"), **arguments)
    with pytest.raises(ValidationError):
        services.indicator_create(**as_("lenkung"), name="Anderes")
