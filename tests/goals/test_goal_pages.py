"""The goal pages by role: coordinators write goals, measurements and activities, the steering group adopts and
amends, members of a group working on a goal propose activities, every member reads, anyone else gets 404. Lists and
the detail page run a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from ewg.concurrent_edits import version_of
from goals.models import Activity, Decision, Goal, GroupMember, Measurement, WorkingGroup
from goals.models.choices import ActivityStatus, DecisionKind, GoalLevel, GroupKind, MeasurementSource
from tests.queries import assert_constant_queries

READERS = [
    "beratung",
    "asyl",
    "abh",
    "jobcenter",
    "vhs",
    "sprachinstitut",
    "ehrenamt",
    "koordination",
    "lenkung",
    "jobcenter-admin",
    "datenschutz",
]


@pytest.fixture
def working_group(personas, action_field):
    """AG Sprache with the course staff of the VHS as its member."""
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.set([action_field])
    GroupMember.objects.create(
        group=group, user=personas.vhs, agency=personas.agency("vhs"), joined_on=date(2018, 1, 1)
    )
    return group


@pytest.fixture
def adopted(result, steering_group):
    """The chain principle → framework → result, all adopted on 01.03.2018."""
    for goal in (result.parent.parent, result.parent, result):
        Goal.objects.filter(pk=goal.pk).update(adopted_on=date(2018, 3, 1), adopted_by=steering_group)
    result.refresh_from_db()
    return result


def url(name: str, *args) -> str:
    return reverse(f"goals:{name}", args=args)


# --- reading --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_every_member_reads_the_goal_pages(personas, login, result, who):
    client = login(personas.users[who])
    for page in (url("goal_list"), url("goal_detail", result.pk), url("goal_detail", result.parent.parent.pk)):
        assert client.get(page).status_code == 200
    assert client.get(url("indicator_list")).status_code == 200


def test_an_account_without_membership_gets_404(personas, login, result):
    client = login(personas.admin)
    for page in (url("goal_list"), url("goal_detail", result.pk), url("indicator_list"), url("goal_create")):
        assert client.get(page).status_code == 404


def test_a_missing_goal_is_404(personas, login, result):
    assert login(personas.koordination).get(url("goal_detail", result.pk + 100)).status_code == 404


def test_the_list_shows_the_tree_and_filters_by_action_field(personas, login, result):
    from goals.models import ActionField

    arbeit = ActionField.objects.create(key="arbeit", name="Arbeit", position=2)
    other = Goal.objects.create(level=GoalLevel.PRINCIPLE, action_field=arbeit, number="1", statement="Arbeitsmarkt")
    client = login(personas.beratung)
    response = client.get(url("goal_list"))
    fields = response.context["fields"]
    assert [field.key for field, _principles in fields] == ["sprache", "arbeit"]
    principle = fields[0][1][0]
    assert principle.subgoals[0].subgoals == [result]
    assert principle.status == "draft"
    filtered = client.get(url("goal_list"), {"field": "arbeit"}).context["fields"]
    assert [[goal.pk for goal in principles] for _field, principles in filtered] == [[other.pk]]


def test_the_detail_page_shows_the_goal_with_its_parts(personas, login, adopted, steering_group):
    Measurement.objects.create(goal=adopted, measured_on=date(2019, 1, 1), value=Decimal("55"), source="entered")
    Decision.objects.create(
        group=steering_group,
        kind=DecisionKind.GOAL_ADOPTED,
        decided_on=date(2018, 3, 1),
        text="Beschlossen.",
        goal=adopted,
        recorded_by=personas.lenkung,
    )
    response = login(personas.ehrenamt).get(url("goal_detail", adopted.pk))
    context = response.context
    assert context["adoption"].text == "Beschlossen."
    assert [m.value for m in context["measurements"]] == [Decimal("55")]
    assert b'role="img"' in response.content
    assert context["goal"].status in {"on_track", "at_risk", "missed"}
    # reading rights only: no forms
    assert not any(context[name] for name in ("may_edit", "adopt_form", "may_amend", "measurement_form"))


# --- coordinators write goals ---------------------------------------------------------------------------------


def test_coordinators_create_a_goal_prefilled_from_its_parent(personas, login, framework):
    client = login(personas.koordination)
    form = client.get(url("goal_create"), {"parent": framework.pk}).context["form"]
    assert (form.initial["parent"], form.initial["level"], form.initial["action_field"]) == (
        framework.pk,
        GoalLevel.RESULT,
        framework.action_field_id,
    )
    response = client.post(
        url("goal_create"),
        {
            "level": GoalLevel.RESULT,
            "action_field": framework.action_field_id,
            "parent": framework.pk,
            "number": "1.1.2",
            "statement": "Die ABH stellt keine Berechtigungsscheine mehr für Leistungsbeziehende aus.",
            "deadline": "2030-06-30",
        },
    )
    goal = Goal.objects.get(number="1.1.2")
    assert response.status_code == 302
    assert response["Location"] == url("goal_detail", goal.pk)
    assert (goal.parent, goal.deadline) == (framework, date(2030, 6, 30))
    assert goal.history.get().history_user == personas.koordination


def test_a_refused_goal_re_renders_and_saves_nothing(personas, login, principle):
    before = Goal.objects.count()
    response = login(personas.koordination).post(
        url("goal_create"),
        {"level": "result", "action_field": principle.action_field_id, "parent": principle.pk, "statement": "x"},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Goal.objects.count() == before


def test_coordinators_edit_a_goal(personas, login, principle):
    client = login(personas.koordination)
    assert client.get(url("goal_update", principle.pk)).status_code == 200
    response = client.post(
        url("goal_update", principle.pk),
        {"number": "I", "statement": "Neu formuliert.", "target_value": "90", "loaded_version": version_of(principle)},
    )
    assert response.status_code == 302
    principle.refresh_from_db()
    assert (principle.number, principle.statement, principle.target_value) == ("I", "Neu formuliert.", Decimal("90"))


def test_an_adopted_goal_is_not_changed_by_editing(personas, login, adopted):
    client = login(personas.koordination)
    form = client.get(url("goal_update", adopted.pk)).context["form"]
    assert form.fields["target_value"].disabled
    # Disabled fields are not taken from the post: the posted target is ignored, the number is saved.
    response = client.post(
        url("goal_update", adopted.pk),
        {"number": "1.1.9", "statement": "Anders.", "target_value": "10", "loaded_version": version_of(adopted)},
    )
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert (adopted.number, adopted.target_value) == ("1.1.9", Decimal("80"))
    assert adopted.statement.startswith("80 %")


@pytest.mark.parametrize("who", ["lenkung", "beratung", "vhs"])
def test_others_do_not_write_goals(personas, login, result, working_group, who):
    client = login(personas.users[who])
    assert client.get(url("goal_create")).status_code == 404
    assert client.get(url("goal_update", result.pk)).status_code == 404
    assert client.post(url("goal_update", result.pk), {"statement": "x"}).status_code == 404
    posted = {"measurement-measured_on": "2019-01-01", "measurement-value": "1"}
    assert client.post(url("measurement_add", result.pk), posted).status_code == 404
    assert client.post(url("indicator_list"), {"name": "x", "kind": "manual"}).status_code == 404
    result.refresh_from_db()
    assert not Measurement.objects.exists()
    assert result.statement.startswith("80 %")


def test_coordinators_record_a_measurement(personas, login, result):
    response = login(personas.koordination).post(
        url("measurement_add", result.pk),
        {"measurement-measured_on": "2019-01-01", "measurement-value": "55.5", "measurement-comment": "Erhebung"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(goal=result)
    assert (measurement.value, measurement.recorded_by, measurement.source) == (
        Decimal("55.5"),
        personas.koordination,
        MeasurementSource.ENTERED,
    )


def test_coordinators_create_indicators(personas, login):
    client = login(personas.koordination)
    assert client.get(url("indicator_list")).context["form"] is not None
    response = client.post(url("indicator_list"), {"name": "Wartezeit", "unit": "Tage", "kind": "manual"})
    assert response.status_code == 302
    response = client.post(url("indicator_list"), {"name": "wartezeit", "kind": "manual"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    from goals.models import Indicator

    assert list(Indicator.objects.values_list("name", "higher_is_better")) == [("Wartezeit", False)]


# --- the steering group decides -------------------------------------------------------------------------------


def test_the_steering_group_adopts(personas, login, principle, steering_group):
    client = login(personas.lenkung)
    assert client.get(url("goal_detail", principle.pk)).context["adopt_form"] is not None
    response = client.post(url("goal_adopt", principle.pk), {"decided_on": "2018-03-01", "text": ""})
    assert response.status_code == 302
    principle.refresh_from_db()
    assert (principle.adopted_on, principle.adopted_by) == (date(2018, 3, 1), steering_group)
    assert principle.decisions.get().kind == DecisionKind.GOAL_ADOPTED


def test_a_refused_adoption_is_reported_and_saves_nothing(personas, login, framework, steering_group):
    assert login(personas.lenkung).get(url("goal_detail", framework.pk)).context["parent_pending"]
    response = login(personas.lenkung).post(url("goal_adopt", framework.pk), {"decided_on": "2018-03-01"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    framework.refresh_from_db()
    assert not framework.is_adopted


def test_the_steering_group_amends(personas, login, adopted):
    client = login(personas.lenkung)
    assert client.get(url("goal_detail", adopted.pk)).context["may_amend"]
    assert client.get(url("goal_amend", adopted.pk)).status_code == 200
    posted = {"decided_on": "2019-01-15", "reason": "Zu wenige Kursplätze.", "statement": adopted.statement}
    response = client.post(url("goal_amend", adopted.pk), {**posted, "target_value": "70", "deadline": "2030-12-31"})
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert adopted.target_value == Decimal("70")
    assert adopted.history.latest().history_change_reason == "Zu wenige Kursplätze."
    latest = client.get(url("goal_detail", adopted.pk)).context["history"][0]
    assert (latest.who, latest.reason) == (personas.lenkung.get_full_name(), "Zu wenige Kursplätze.")
    assert any(change.endswith("80 → 70") for change in latest.changes)
    # Changing nothing is refused on the page, and nothing is saved.
    response = client.post(url("goal_amend", adopted.pk), {**posted, "target_value": "70", "deadline": "2030-12-31"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert adopted.decisions.filter(kind=DecisionKind.GOAL_AMENDED).count() == 1


@pytest.mark.parametrize("who", ["koordination", "beratung"])
def test_only_the_steering_group_adopts_and_amends(personas, login, principle, steering_group, who):
    client = login(personas.users[who])
    assert client.post(url("goal_adopt", principle.pk), {"decided_on": "2018-03-01"}).status_code == 404
    assert client.get(url("goal_amend", principle.pk)).status_code == 404
    principle.refresh_from_db()
    assert not principle.is_adopted


# --- activities -----------------------------------------------------------------------------------------------


def test_a_group_member_proposes_an_activity(personas, login, result, working_group):
    client = login(personas.vhs)
    assert client.get(url("goal_detail", result.pk)).context["propose_form"] is not None
    response = client.post(
        url("activity_propose", result.pk),
        {"activity-title": "Ablaufdiagramm mit den Kursträgern vereinbaren", "activity-due_on": "2019-06-30"},
    )
    assert response.status_code == 302
    activity = Activity.objects.get(goal=result)
    assert (activity.proposed_by, activity.status, activity.due_on) == (
        personas.vhs,
        ActivityStatus.PROPOSED,
        date(2019, 6, 30),
    )


def test_a_caseworker_outside_the_groups_cannot_propose(personas, login, result, working_group):
    client = login(personas.jobcenter)
    assert client.get(url("goal_detail", result.pk)).context["propose_form"] is None
    response = client.post(url("activity_propose", result.pk), {"activity-title": "x"})
    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_activities_only_under_result_goals(personas, login, result, working_group):
    for who in ("vhs", "koordination"):
        response = login(personas.users[who]).post(
            url("activity_propose", result.parent.pk), {"activity-title": "x"}, follow=True
        )
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Activity.objects.exists()


def test_coordinators_update_an_activity(personas, login, result):
    activity = Activity.objects.create(goal=result, title="Ablaufdiagramm", proposed_by=personas.vhs)
    vhs = personas.agency("vhs")
    posted = {
        f"activity{activity.pk}-status": ActivityStatus.DONE,
        f"activity{activity.pk}-responsible_agency": str(vhs.pk),
        f"activity{activity.pk}-result": "Mit allen Kursträgern vereinbart.",
    }
    assert login(personas.lenkung).post(url("activity_update", activity.pk), posted).status_code == 404
    response = login(personas.koordination).post(url("activity_update", activity.pk), posted)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.responsible_agency) == (ActivityStatus.DONE, vhs)
    assert activity.history.latest().history_user == personas.koordination


# --- query counts ---------------------------------------------------------------------------------------------


def _grow_goal_system(result, personas, steering_group):
    """More of everything the list shows: principal goals with framework and result goals, measured."""
    field = result.action_field
    for n in range(2, 6):
        principle = Goal.objects.create(level=GoalLevel.PRINCIPLE, action_field=field, number=str(n), statement="G")
        for m in range(1, 3):
            framework = Goal.objects.create(
                level=GoalLevel.FRAMEWORK, parent=principle, action_field=field, number=f"{n}.{m}", statement="R"
            )
            goal = Goal.objects.create(
                level=GoalLevel.RESULT,
                parent=framework,
                action_field=field,
                number=f"{n}.{m}.1",
                statement="E",
                indicator=result.indicator,
                target_value=Decimal("10"),
                responsible_agency=personas.agency("vhs"),
                responsible_group=steering_group,
                adopted_on=date(2018, 1, 1),
                adopted_by=steering_group,
            )
            Measurement.objects.create(goal=goal, measured_on=date(2019, 1, 1), value=Decimal("5"), source="entered")


@pytest.mark.parametrize("who", ["koordination", "ehrenamt"])
def test_the_goal_list_runs_constant_queries(personas, login, result, steering_group, who):
    client = login(personas.users[who])
    count = assert_constant_queries(
        lambda: client.get(url("goal_list")), lambda: _grow_goal_system(result, personas, steering_group)
    )
    assert count <= 10


def _grow_goal(goal, personas, steering_group):
    """More of everything the detail page shows: derived goals, activities, measurements, decisions, history."""
    from goals.services import goals as services

    koordination = {"actor": personas.koordination, "membership": personas.membership("koordination")}
    framework = goal.parent
    for n in range(3):
        Goal.objects.create(
            level=GoalLevel.RESULT, parent=framework, action_field=goal.action_field, number=f"1.2.{n}", statement="E"
        )
    vhs = personas.agency("vhs")
    for n in range(4):
        services.activity_propose(**koordination, goal=goal, title=f"Aktivität {n}", responsible_agency=vhs)
        services.measurement_record(
            **koordination, goal=goal, measured_on=date(2019, 1, 1) + timedelta(days=30 * n), value=Decimal(50 + n)
        )
        services.goal_update(**koordination, goal=goal, number=f"1.1.{n}")
    for n in range(3):
        Decision.objects.create(
            group=steering_group, decided_on=date(2019, 1, 1), text=f"B{n}", goal=goal, recorded_by=personas.lenkung
        )


@pytest.mark.parametrize("who", ["koordination", "lenkung", "vhs", "ehrenamt"])
def test_the_goal_detail_runs_constant_queries(personas, login, result, steering_group, working_group, who):
    client = login(personas.users[who])
    for page in (result, result.parent):  # a result goal with activities; a framework goal with derived goals
        count = assert_constant_queries(
            lambda page=page: client.get(url("goal_detail", page.pk)),
            lambda: _grow_goal(result, personas, steering_group),
        )
        assert count <= 20  # with the stewardship check of those who are not coordinators (guardian's grant)
