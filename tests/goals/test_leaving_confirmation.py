"""Leaving a group is confirmed first: the page says what ends (and which stewardships stay), only coordinators reach
it, and the POST still records the leaving with the coordinator in the history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import GroupMember
from goals.models.choices import GroupKind
from goals.services.groups import group_create, group_member_add
from goals.services.stewards import goal_steward_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(personas):
    return {"actor": personas.koordination, "membership": personas.membership("koordination")}


@pytest.fixture
def member(personas, coordination, action_field) -> GroupMember:
    group = group_create(**coordination, name="AG Sprache", kind=GroupKind.WORKING, action_fields=[action_field])
    return group_member_add(
        **coordination, group=group, user=personas.beratung, agency=personas.agency("fb-soziales"),
        joined_on=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip


def test_the_page_says_what_ends_and_which_stewardship_stays(personas, login, coordination, member, principle):
    goal_steward_add(**coordination, goal=principle, steward=personas.beratung)
    url = reverse("goals:group_member_remove", args=[member.pk])
    response = login(personas.koordination).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate().strftime("%d.%m.%Y")
    for text in (
        "Anna Becker verlässt die Gruppe AG Sprache",
        f"Anna Becker ist bis heute, {today}, Mitglied",
        "über die Gruppe als Zielverantwortliche benannt werden",
        "Anna Becker bleibt zielverantwortlich für 1 Grundsatzziel: 1 Jeder berechtigte Zuwanderer",
        "Bestätigen",
        "Abbrechen",
    ):
        assert text in page, text
    member.refresh_from_db()
    assert member.left_on is None  # the page changes nothing


def test_the_group_page_links_to_the_confirmation(personas, login, member):
    page = login(personas.koordination).get(reverse("goals:group_detail", args=[member.group_id])).content.decode()
    assert f'href="{reverse("goals:group_member_remove", args=[member.pk])}"' in page


@pytest.mark.parametrize("persona", ["beratung", "jobcenter", "lenkung", "ehrenamt", "admin"])
def test_anyone_but_a_coordinator_gets_404(personas, login, member, persona):
    assert login(personas.users[persona]).get(reverse("goals:group_member_remove", args=[member.pk])).status_code == 404


def test_confirming_records_the_leaving_with_the_coordinator(personas, login, member):
    client = login(personas.koordination)
    url = reverse("goals:group_member_remove", args=[member.pk])
    assert client.post(url).status_code == 302
    member.refresh_from_db()
    assert member.left_on == timezone.localdate()
    assert member.history.latest().history_user == personas.koordination
    again = client.get(url, follow=True)
    assert "bereits verlassen" in again.content.decode()
