"""Edges found in review: free-text goal numbers, odd query values, values measured before the adoption, the date of
a decision taken in a meeting, and the members of a dissolved group."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goals.models import GroupMember, Measurement, Meeting, WorkingGroup
from goals.models.choices import GoalStatus, GroupKind
from goals.selectors import may_propose_activity
from goals.services import goals as services
from goals.status_of import with_status

pytestmark = pytest.mark.django_db


def test_goal_numbers_mixing_digits_and_words_sort(personas, login, principle, framework, result):
    principle.number, framework.number, result.number = "A", "1.a", "1.1"
    for goal in (principle, framework, result):
        goal.save()
    assert login(personas.beratung).get(reverse("goals:goal_list")).status_code == 200
    assert login(personas.beratung).get(reverse("goals:goal_detail", args=[principle.pk])).status_code == 200


def test_a_parent_given_as_unicode_digits_is_ignored(personas, login):
    response = login(personas.koordination).get(reverse("goals:goal_create"), {"parent": "²"})
    assert response.status_code == 200


def test_a_value_measured_before_the_adoption_does_not_achieve_the_goal(personas, steering_group, result):
    result.adopted_by, result.adopted_on = steering_group, date(2026, 1, 1)
    result.save()
    for day, value in ((date(2025, 6, 1), "90"), (date(2026, 3, 1), "45")):
        Measurement.objects.create(goal=result, measured_on=day, value=Decimal(value), source="entered")
    (goal,) = with_status([result], today=date(2026, 6, 1))
    assert goal.status != GoalStatus.ACHIEVED


def test_a_decision_in_a_meeting_carries_the_meetings_date(personas, steering_group, principle):
    meeting = Meeting.objects.create(group=steering_group, held_on=date(2026, 3, 4))
    as_lenkung = {"actor": personas.lenkung, "membership": personas.membership("lenkung")}
    with pytest.raises(ValidationError):
        services.goal_adopt(**as_lenkung, goal=principle, decided_on=date(2026, 3, 5), meeting=meeting)
    services.goal_adopt(**as_lenkung, goal=principle, decided_on=date(2026, 3, 4), meeting=meeting)
    principle.refresh_from_db()
    assert principle.adopted_on == date(2026, 3, 4)


def test_members_of_a_dissolved_group_or_of_the_steering_group_propose_nothing(
    personas, action_field, steering_group, result
):
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.add(action_field)
    GroupMember.objects.create(
        group=group, user=personas.vhs, agency=personas.agency("vhs"), joined_on=date(2018, 1, 1)
    )
    vhs = (personas.vhs, personas.membership("vhs"))
    assert may_propose_activity(*vhs, result)
    group.is_active = False
    group.save()
    assert not may_propose_activity(*vhs, result)
    steering_group.action_fields.add(action_field)
    GroupMember.objects.create(
        group=steering_group, user=personas.abh, agency=personas.agency("abh"), joined_on=timezone.localdate()
    )
    assert not may_propose_activity(personas.abh, personas.membership("abh"), result)
