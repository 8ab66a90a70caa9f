"""Who reaches which page of the goal system. Every member of the project reads; coordinators change goals, groups,
meetings, typical cases, indicators and measurements; the steering group adopts and amends goals; members of a
group propose activities. Anything else answers 404 and changes nothing. Every URL of the app is in a table."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse

from goals.models import (
    Activity,
    CaseVignette,
    Decision,
    GroupMember,
    Measurement,
    Meeting,
    WorkingGroup,
)
from goals.models.choices import GroupKind
from goals.services.stewards import goal_steward_add

pytestmark = pytest.mark.django_db

PERSONAS = ("beratung", "asyl", "abh", "jobcenter", "vhs", "vhs-lehrkraft", "sprachinstitut", "ehrenamt",
            "koordination", "lenkung", "jobcenter-admin", "datenschutz", "admin")  # fmt: skip
MEMBERS = set(PERSONAS) - {"admin"}  # admin has no membership in an agency


def only(*personas: str) -> set[str]:
    return set(personas)


# GET pages: url name -> who gets 200 (everyone else 404).
PAGES = {
    "goal_list": MEMBERS, "goal_detail": MEMBERS, "indicator_list": MEMBERS, "group_list": MEMBERS,
    "group_detail": MEMBERS, "meeting_detail": MEMBERS, "vignette_detail": MEMBERS, "action_field_list": MEMBERS,
    "goal_matrix": MEMBERS, "goal_matrix_xlsx": MEMBERS, "goal_matrix_pdf": MEMBERS,
    # beratung stewards the Grundsatzziel of `world` (a guardian grant): drafts and edits the goals below it.
    "goal_create": only("koordination", "beratung"), "goal_update": only("koordination", "beratung"),
    "group_create": only("koordination"),
    "meeting_create": only("koordination"), "vignette_create": only("koordination"), "goal_amend": only("lenkung"),
    "meeting_update": only("koordination"), "minutes_approve": only("koordination"),
}  # fmt: skip
# POST actions: url name -> who reaches them (a permitted change; their own tests cover what it does).
POSTS = {
    "goal_adopt": only("lenkung"),
    "activity_propose": only("koordination", "beratung"),  # beratung is a member of the AG Sprache below
    "activity_update": only("koordination"),
    "measurement_add": only("koordination"),
    "group_member_add": only("koordination"),
    "group_member_remove": only("koordination"),
    "decision_add": only("koordination"),
    "action_field_update": only("koordination"),
    "indicator_list": only("koordination"),
    "action_field_list": only("koordination"),
    "goal_create": only("koordination", "beratung"),
    "goal_update": only("koordination", "beratung"),
    "steward_add": only("koordination"),
    "steward_remove": only("koordination"),
    "goal_amend": only("lenkung"),
    "group_create": only("koordination"),
    "meeting_create": only("koordination"),
    "vignette_create": only("koordination"),
    "meeting_update": only("koordination"),
    "minutes_approve": only("koordination"),
    "meeting_goal_adopt": only("lenkung"),
}
SLOW = {"goal_matrix_pdf"}
COUNTED = ("Goal", "Activity", "Measurement", "Decision", "GroupMember", "Meeting", "CaseVignette", "WorkingGroup",
           "ActionField", "Indicator", "GoalUserObjectPermission")  # fmt: skip


@pytest.fixture
def world(personas, action_field, steering_group, principle, framework, result):
    principle.adopted_by, principle.adopted_on = steering_group, date(2018, 3, 1)
    principle.save()
    group = WorkingGroup.objects.create(name="AG Sprache", kind=GroupKind.WORKING)
    group.action_fields.add(action_field)
    member = GroupMember.objects.create(
        group=group, user=personas.beratung, agency=personas.agency("team-beratung"), joined_on=date(2018, 1, 1)
    )
    meeting = Meeting.objects.create(group=group, held_on=date(2018, 2, 1), agenda="Fallrekonstruktion")
    vignette = CaseVignette.objects.create(group=group, title="Familie mit drei Kindern", narrative="…")
    activity = Activity.objects.create(goal=result, title="Ablaufplan abstimmen", proposed_by=personas.koordination)
    Measurement.objects.create(goal=result, measured_on=date(2026, 1, 15), value=Decimal("55"), source="entered")
    Decision.objects.create(group=group, meeting=meeting, decided_on=meeting.held_on, text="Themen gesammelt",
                            recorded_by=personas.koordination)  # fmt: skip
    steward = goal_steward_add(
        actor=personas.koordination, membership=personas.membership("koordination"), goal=principle,
        steward=personas.beratung,
    )  # fmt: skip
    return {
        "principle": principle, "framework": framework, "result": result, "group": group, "member": member,
        "meeting": meeting, "vignette": vignette, "activity": activity, "field": action_field, "steward": steward,
    }  # fmt: skip


def url(name: str, world) -> str:
    if name == "steward_remove":
        return reverse("goals:steward_remove", args=[world["principle"].pk, world["steward"].pk])
    arg = {
        "goal_detail": "result", "goal_update": "result", "goal_adopt": "result", "goal_amend": "principle",
        "activity_propose": "result", "measurement_add": "result", "activity_update": "activity",
        "goal_matrix": "principle", "goal_matrix_xlsx": "principle", "goal_matrix_pdf": "principle",
        "group_detail": "group", "group_member_add": "group", "group_member_remove": "member",
        "meeting_create": "group", "vignette_create": "group", "meeting_detail": "meeting", "decision_add": "meeting",
        "vignette_detail": "vignette", "action_field_update": "field", "steward_add": "principle",
        "meeting_update": "meeting", "minutes_approve": "meeting", "meeting_goal_adopt": "meeting",
    }.get(name)  # fmt: skip
    return reverse(f"goals:{name}", args=[world[arg].pk] if arg else [])


def counts() -> dict[str, int]:
    return {name: apps.get_model("goals", name).objects.count() for name in COUNTED}


def test_every_url_of_the_app_is_in_a_table():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "goals")
    assert {pattern.name for pattern in resolver.url_patterns} == set(PAGES) | set(POSTS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(personas, login, world, persona):
    client = login(personas.users[persona])
    failures = []
    for name, allowed in PAGES.items():
        if name in SLOW and persona not in ("lenkung", "ehrenamt", "admin"):
            continue  # the same selector as the web matrix, which every persona runs; the PDF takes a second each
        expected = 200 if persona in allowed else 404
        got = client.get(url(name, world)).status_code
        if got != expected:
            failures.append(f"{persona} GET {name}: {got}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_posts_of_others_change_nothing(personas, login, world, persona):
    client = login(personas.users[persona])
    before = counts()
    data = {"title": "x", "status": "done", "value": "1", "measured_on": "2026-01-01", "text": "x", "name": "x",
            "key": "x", "statement": "x", "reason": "x", "decided_on": "2026-01-01", "kind": "working",
            "level": "principle", "user": personas.vhs.pk, "agency": personas.agency("vhs").pk,
            "joined_on": "2026-01-01", "left_on": "2026-01-01", "held_on": "2026-01-01", "narrative": "x",
            "position": "1", "agenda": "x", "minutes": "x", "goal": world["principle"].pk}  # fmt: skip
    failures = []
    for name, allowed in POSTS.items():
        if persona in allowed:
            continue
        got = client.post(url(name, world), data).status_code
        if got != 404:
            failures.append(f"{persona} POST {name}: {got}, expected 404")
    assert not failures, "\n".join(failures)
    assert counts() == before
    world["result"].refresh_from_db()
    assert world["result"].adopted_on is None
    world["principle"].refresh_from_db()
    assert world["principle"].decisions.count() == 0
    world["meeting"].refresh_from_db()
    assert (world["meeting"].agenda, world["meeting"].minutes_approved_on) == ("Fallrekonstruktion", None)
