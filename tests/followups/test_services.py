"""Setting, closing and moving follow-ups: who may, for whom, and the refusals, each naming its field."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Person, PlanStep
from cases.services.cases import case_close
from followups.models import FollowUp
from followups.services import followup_done, followup_reschedule, followup_set
from tests.races import at_once

pytestmark = pytest.mark.django_db


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value


def test_a_caseworker_sets_a_follow_up_for_herself_with_history(personas, cm_case, today):
    step = PlanStep.objects.filter(goal__plan__case=cm_case).order_by("due_on").first()
    followup = followup_set(
        actor=personas.beratung, membership=personas.membership("beratung"), case=cm_case,
        due_on=today + timedelta(days=3), text="  Nachfragen, ob der Schein eingelöst wurde  ", plan_step=step,
    )  # fmt: skip
    assert (followup.assigned_to, followup.created_by, followup.agency) == (
        personas.beratung, personas.beratung, personas.agency("team-beratung"),
    )  # fmt: skip
    assert followup.text == "Nachfragen, ob der Schein eingelöst wurde"
    assert followup.plan_step == step
    [row] = followup.history.all()
    assert (row.history_type, row.history_user) == ("+", personas.beratung)


def test_for_a_colleague_of_the_own_agency(personas, cm_case, colleague, set_followup):
    followup = set_followup(cm_case, assigned_to=colleague.user)
    assert followup.assigned_to == colleague.user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": -1}, "due_on"),
        ({"due_on": None}, "due_on"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 301}, "text"),
    ],
)
def test_refusals_name_their_field(personas, cm_case, today, change, field):
    values = {"due_on": today, "text": "Rückruf"}
    if "days" in change:
        values["due_on"] = today + timedelta(days=change.pop("days"))
    values.update(change)
    error = refusal(
        lambda: followup_set(actor=personas.beratung, membership=personas.membership("beratung"), case=cm_case,
                             **values)
    )  # fmt: skip
    assert set(error.message_dict) == {field}
    assert not FollowUp.objects.exists()


def test_a_past_day_is_refused_in_german(personas, cm_case, today):
    error = refusal(
        lambda: followup_set(
            actor=personas.beratung, membership=personas.membership("beratung"), case=cm_case,
            due_on=today - timedelta(days=1), text="Rückruf",
        )
    )  # fmt: skip
    assert error.message_dict["due_on"] == ["Der Tag der Wiedervorlage liegt in der Vergangenheit."]


def test_not_for_a_caseworker_of_another_agency_nor_an_inactive_colleague(personas, cm_case, colleague, set_followup):
    for other in (personas.jobcenter, personas.asyl):  # asyl works on the case, but in another team
        error = refusal(lambda other=other: set_followup(cm_case, assigned_to=other))
        assert set(error.message_dict) == {"assigned_to"}
    colleague.user.is_active = False
    colleague.user.save()
    assert set(refusal(lambda: set_followup(cm_case, assigned_to=colleague.user)).message_dict) == {"assigned_to"}
    assert not FollowUp.objects.exists()


def test_not_for_a_colleague_who_does_not_see_the_case(personas, cm_case, colleague, set_followup):
    """The person is restricted (Art. 18 DSGVO) with Anna Becker named: her colleague no longer sees the case."""
    Person.objects.filter(pk=cm_case.person_id).update(
        restricted_at=timezone.now(), restriction_reader=personas.beratung
    )
    assert set(refusal(lambda: set_followup(cm_case, assigned_to=colleague.user)).message_dict) == {"assigned_to"}


def test_a_co_worker_sets_follow_ups_for_himself_only(personas, cm_case, set_followup):
    followup = set_followup(cm_case, by="asyl")
    assert (followup.assigned_to, followup.agency) == (personas.asyl, personas.agency("team-asyl"))
    assert set(refusal(lambda: set_followup(cm_case, by="asyl", assigned_to=personas.beratung)).message_dict) == {
        "assigned_to"
    }


def test_a_plan_step_of_another_case_is_refused(personas, cm_case, make_case, set_followup):
    from cases.services.cases import personal_goal_add, plan_step_add

    other = make_case("beratung", family_name="Zilpzalp", kind="case_management")
    goal = personal_goal_add(
        actor=personas.beratung, membership=personas.membership("beratung"), plan=other.support_plan, title="Ziel"
    )
    step = plan_step_add(
        actor=personas.beratung, membership=personas.membership("beratung"), goal=goal, title="S", responsible="R"
    )
    assert set(refusal(lambda: set_followup(cm_case, plan_step=step)).message_dict) == {"plan_step"}


@pytest.mark.parametrize("persona", ["jobcenter", "vhs", "koordination", "abh", "ehrenamt"])
def test_who_does_not_work_on_the_case_sets_none(personas, cm_case, share_by_consent, set_followup, persona):
    share_by_consent(cm_case, "jobcenter")
    error = refusal(lambda: set_followup(cm_case, by=persona))
    assert error.messages
    assert not FollowUp.objects.exists()


def test_a_closed_case_takes_no_new_follow_ups(personas, make_case, set_followup, today):
    case = make_case("beratung")
    case_close(actor=personas.beratung, membership=personas.membership("beratung"), case=case, closed_on=today)
    case.refresh_from_db()
    assert "geschlossen" in " ".join(refusal(lambda: set_followup(case)).messages)


def test_done_by_the_assignee_and_refused_the_second_time(personas, cm_case, set_followup, today):
    followup = set_followup(cm_case)
    done = followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=followup)
    assert (done.done_on, done.done_by) == (today, personas.beratung)
    assert done.history.first().history_user == personas.beratung
    again = refusal(
        lambda: followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=followup)
    )
    assert again.messages == ["Diese Wiedervorlage wurde bereits am 25.11.2026 als erledigt markiert."]
    assert followup.history.count() == 2


def test_done_by_a_colleague_of_the_setting_agency(personas, cm_case, colleague, set_followup):
    followup = set_followup(cm_case)
    done = followup_done(actor=colleague.user, membership=colleague, followup=followup)
    assert done.done_by == colleague.user


def test_the_co_worker_of_another_agency_does_not_close_the_leads_follow_up(personas, cm_case, set_followup):
    followup = set_followup(cm_case)
    error = refusal(lambda: followup_done(actor=personas.asyl, membership=personas.membership("asyl"),
                                          followup=followup))  # fmt: skip
    assert error.messages
    followup.refresh_from_db()
    assert followup.done_on is None


def test_the_lead_closes_what_she_set_for_the_co_worker_agency_only_if_set_by_her_agency(personas, cm_case,
                                                                                         set_followup):  # fmt: skip
    followup = set_followup(cm_case, by="asyl")  # set by team-asyl for Jonas Schulte
    refusal(lambda: followup_done(actor=personas.beratung, membership=personas.membership("beratung"),
                                  followup=followup))  # fmt: skip
    assert followup_done(actor=personas.asyl, membership=personas.membership("asyl"), followup=followup).done_on


def test_an_outsider_closes_nothing(personas, cm_case, set_followup):
    followup = set_followup(cm_case)
    for persona in ("jobcenter", "vhs", "abh"):
        refusal(
            lambda persona=persona: followup_done(
                actor=personas.users[persona], membership=personas.membership(persona), followup=followup
            )
        )
    followup.refresh_from_db()
    assert followup.done_on is None


def test_reschedule(personas, cm_case, set_followup, today):
    followup = set_followup(cm_case)
    acting = {"actor": personas.beratung, "membership": personas.membership("beratung"), "followup": followup}
    moved = followup_reschedule(**acting, due_on=today + timedelta(days=7))
    assert moved.due_on == today + timedelta(days=7)
    assert moved.history.first().history_change_reason == "verschoben"
    assert set(refusal(lambda: followup_reschedule(**acting, due_on=today - timedelta(days=1))).message_dict) == {
        "due_on"
    }
    followup_reschedule(**acting, due_on=today + timedelta(days=7))  # the same day: no history row
    assert moved.history.count() == 2
    followup_done(**acting)
    assert "bereits erledigt" in refusal(lambda: followup_reschedule(**acting, due_on=today)).messages[0]


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_mark_it_done_once(personas, cm_case, colleague, set_followup):
    followup = set_followup(cm_case)
    outcomes = at_once(
        lambda: followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=followup),
        lambda: followup_done(actor=colleague.user, membership=colleague, followup=followup),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["FollowUp", "ValidationError"]
    assert FollowUp.history.filter(id=followup.pk, done_on__isnull=False).count() == 1
