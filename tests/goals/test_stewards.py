"""Stewards of a Grundsatzziel (a django-guardian object permission): the coordination names a member of a working
group of the goal's action field, who then drafts and edits the goals below it; adoption stays with the steering
group, and the Grundsatzziel itself with the coordination."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goals.models import Goal, GoalUserObjectPermission, GroupMember, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind
from goals.services import goals as services
from goals.services.stewards import goal_steward_add, goal_steward_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(personas, action_field):
    """Anna Becker of the counselling team, a member of the AG Sprache (the action field of the goals)."""
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.set([action_field])
    GroupMember.objects.create(
        group=group, user=personas.beratung, agency=personas.agency("team-beratung"), joined_on=date(2018, 1, 1)
    )
    return personas.beratung


def name(personas, principle, steward):
    return goal_steward_add(
        actor=personas.koordination, membership=personas.membership("koordination"), goal=principle, steward=steward
    )


def test_a_steward_drafts_and_edits_below_the_principal_goal_only(personas, login, principle, framework, member):
    as_steward = {"actor": personas.beratung, "membership": personas.membership("beratung")}
    with pytest.raises(ValidationError):
        services.goal_update(**as_steward, goal=framework, number="1.9")
    grant = name(personas, principle, member)
    services.goal_update(**as_steward, goal=framework, number="1.9")
    draft = services.goal_create(
        **as_steward, level=GoalLevel.RESULT, parent=framework, action_field=framework.action_field,
        statement="Alle Teilnehmenden erhalten binnen 8 Wochen einen Kursplatz.",
    )  # fmt: skip
    assert draft.history.get().history_user == personas.beratung
    assert not draft.is_adopted  # adoption stays with the steering group
    with pytest.raises(ValidationError):
        services.goal_update(**as_steward, goal=principle, number="9")  # not the Grundsatzziel itself
    with pytest.raises(ValidationError):
        services.goal_create(**as_steward, level=GoalLevel.PRINCIPLE, action_field=principle.action_field,
                             statement="Ein neues Grundsatzziel")  # fmt: skip
    client = login(personas.beratung)
    assert client.get(reverse("goals:goal_update", args=[framework.pk])).status_code == 200
    assert client.get(reverse("goals:goal_update", args=[principle.pk])).status_code == 404

    assert (grant.history.get().history_type, grant.history.get().history_user) == ("+", personas.koordination)
    goal_steward_remove(
        actor=personas.koordination, membership=personas.membership("koordination"), goal=principle, grant_pk=grant.pk
    )
    assert client.get(reverse("goals:goal_update", args=[framework.pk])).status_code == 404
    removal = GoalUserObjectPermission.history.filter(id=grant.pk).latest("history_id")
    assert (removal.history_type, removal.history_user) == ("-", personas.koordination)


def test_only_working_group_members_of_the_field_and_only_for_a_principal_goal(personas, principle, framework, member):
    with pytest.raises(ValidationError) as refusal:
        name(personas, principle, personas.vhs)  # in no working group
    assert "Arbeitsgruppe" in str(refusal.value)
    with pytest.raises(ValidationError):
        name(personas, framework, member)  # a Rahmenziel
    with pytest.raises(ValidationError):
        goal_steward_add(actor=personas.lenkung, membership=personas.membership("lenkung"), goal=principle,
                         steward=member)  # fmt: skip
    name(personas, principle, member)
    name(personas, principle, member)  # a second submission
    assert GoalUserObjectPermission.objects.filter(content_object=principle).count() == 1


def test_the_coordination_names_stewards_on_the_principal_goal(personas, login, principle, member):
    client = login(personas.koordination)
    page = client.get(reverse("goals:goal_detail", args=[principle.pk])).content.decode()
    assert "Anna Becker" in page
    response = client.post(reverse("goals:steward_add", args=[principle.pk]), {"steward-steward": member.pk})
    assert response.status_code == 302
    assert Goal.objects.get(pk=principle.pk).steward_grants.get().user == member
