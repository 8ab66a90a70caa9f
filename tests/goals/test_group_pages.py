"""Groups, members, meetings, decisions, typical cases and action fields: the services' rules, who may write (only
the coordinators; everyone else gets 404 and nothing changes), who reads (every member), and constant queries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Obstacle
from goals.models import ActionField, CaseVignette, Decision, GroupMember, Meeting, WorkingGroup
from goals.models.choices import DecisionKind, GroupKind, GroupRole
from goals.services.groups import (
    action_field_create,
    action_field_update,
    decision_record,
    group_create,
    group_member_add,
    group_member_remove,
    meeting_create,
    vignette_create,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def today() -> date:
    """Asked at each use, not at import: a run that passes midnight must not date anything in the future."""
    return timezone.localdate()


READERS = [
    "beratung", "asyl", "abh", "jobcenter", "vhs", "sprachinstitut", "ehrenamt", "lenkung", "jobcenter-admin",
    "datenschutz",
]  # fmt: skip
# session, user, memberships, groups with member counts, their action fields, session save (3)
GROUP_LIST_QUERIES = 8
# session, user, memberships, group, members, goals, status (2), action fields, project groups, meetings, their
# decisions, decisions outside meetings, typical cases, their themes, session save (3); for a coordinator also the
# choices of the member form (accounts, agencies)
GROUP_DETAIL_QUERIES = {"ehrenamt": 18, "koordination": 20}


@pytest.fixture
def coordination(personas):
    """The keyword arguments that name the acting coordinator."""
    return {"actor": personas.koordination, "membership": personas.membership("koordination")}


@pytest.fixture
def working_group(coordination, action_field) -> WorkingGroup:
    return group_create(**coordination, name="AG Sprache", kind=GroupKind.WORKING, action_fields=[action_field])


@pytest.fixture
def world(personas, coordination, working_group, steering_group, result):
    """The working group with a project group, a member, a meeting with a decision, a typical case and a goal."""
    project = group_create(**coordination, name="PG Berechtigungsschein", kind=GroupKind.PROJECT, parent=working_group)
    member = group_member_add(
        **coordination,
        group=working_group,
        user=personas.beratung,
        agency=personas.agency("fb-soziales"),
        joined_on=today() - timedelta(days=30),
    )
    meeting = meeting_create(
        **coordination,
        group=working_group,
        held_on=today() - timedelta(days=7),
        agenda="1. Berechtigungsschein\n2. Ablaufdiagramm",
        minutes="Die Zuständigkeit wird verbindlich geregelt.",
        attendees=[personas.beratung, personas.vhs],
    )
    decision = decision_record(
        **coordination,
        group=working_group,
        meeting=meeting,
        decided_on=meeting.held_on,
        text="Der Schein wird von der leistungsgewährenden Stelle ausgestellt.",
        goal=result,
    )
    vignette = vignette_create(
        **coordination,
        group=working_group,
        title="Familie A., seit 2016 in Rheine",
        narrative="Ein Vater wartet sechs Wochen auf die Kostenzusage.",
        obstacles=[Obstacle.objects.get(name="Sprachvermögen")],
    )
    result.responsible_group = working_group
    result.save()
    return {
        "group": working_group, "project": project, "member": member, "meeting": meeting, "decision": decision,
        "vignette": vignette, "field": working_group.action_fields.get(),
    }  # fmt: skip


def state() -> tuple:
    return (
        WorkingGroup.objects.count(),
        GroupMember.objects.filter(left_on=None).count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        CaseVignette.objects.count(),
        list(ActionField.objects.values_list("name", "position", "is_active")),
    )


def write_requests(world, personas) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every write URL, with data a coordinator's request would succeed with."""
    group, meeting = world["group"], world["meeting"]
    field = world["field"]
    return [
        ("get", reverse("goals:group_create"), {}),
        ("post", reverse("goals:group_create"), {"name": "AG Arbeit", "kind": "working"}),
        (
            "post",
            reverse("goals:group_member_add", args=[group.pk]),
            {
                "user": personas.vhs.pk,
                "agency": personas.agency("vhs").pk,
                "role": "member",
                "joined_on": today(),
            },
        ),
        ("post", reverse("goals:group_member_remove", args=[world["member"].pk]), {}),
        ("get", reverse("goals:meeting_create", args=[group.pk]), {}),
        (
            "post",
            reverse("goals:meeting_create", args=[group.pk]),
            {"held_on": today(), "agenda": "Kurse"},
        ),
        ("post", reverse("goals:decision_add", args=[meeting.pk]), {"text": "Beschlossen."}),
        ("get", reverse("goals:vignette_create", args=[group.pk]), {}),
        ("post", reverse("goals:vignette_create", args=[group.pk]), {"title": "Fall B", "narrative": "Ein Fall."}),
        ("post", reverse("goals:action_field_list"), {"key": "arbeit", "name": "Arbeit", "position": 2}),
        (
            "post",
            reverse("goals:action_field_update", args=[field.pk]),
            {f"field{field.pk}-name": "Spracherwerb", f"field{field.pk}-position": 5},
        ),
    ]


def read_urls(world) -> list[str]:
    return [
        reverse("goals:group_list"),
        reverse("goals:group_detail", args=[world["group"].pk]),
        reverse("goals:group_detail", args=[world["project"].pk]),
        reverse("goals:meeting_detail", args=[world["meeting"].pk]),
        reverse("goals:vignette_detail", args=[world["vignette"].pk]),
        reverse("goals:action_field_list"),
    ]


# --- rights ---


@pytest.mark.parametrize("username", [*READERS, "admin"])
def test_only_coordinators_write_everyone_else_gets_404(personas, login, world, username):
    client = login(personas.users[username])
    before = state()
    for method, url, data in write_requests(world, personas):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{username}: {method.upper()} {url} answered {response.status_code}"
    assert state() == before


def test_the_coordinator_passes_every_write_url(personas, login, world):
    client = login(personas.koordination)
    before = state()
    for method, url, data in write_requests(world, personas):
        response = getattr(client, method)(url, data)
        assert response.status_code == (200 if method == "get" else 302), f"{method.upper()} {url}"
    groups, members, meetings, decisions, vignettes, fields = state()
    assert (groups, members, meetings, decisions, vignettes) == (
        before[0] + 1,
        before[1],
        before[2] + 1,
        before[3] + 1,
        before[4] + 1,
    )  # fmt: skip  (one member added, one removed)
    assert ("Spracherwerb", 5, False) in fields  # the unticked box retires the field
    assert ("Arbeit", 2, True) in fields
    assert GroupMember.objects.get(user=personas.vhs).history.latest().history_user == personas.koordination
    world["member"].refresh_from_db()
    assert world["member"].left_on == today()


@pytest.mark.parametrize("username", [*READERS, "koordination"])
def test_every_member_reads_the_pages(personas, login, world, username):
    client = login(personas.users[username])
    for url in read_urls(world):
        assert client.get(url).status_code == 200, url


def test_an_account_without_membership_reads_nothing(personas, login, world):
    client = login(personas.admin)
    for url in read_urls(world):
        assert client.get(url).status_code == 404, url


def test_objects_that_do_not_exist_are_404(personas, login, world):
    client = login(personas.koordination)
    assert client.get(reverse("goals:group_detail", args=[999999])).status_code == 404
    assert client.get(reverse("goals:meeting_detail", args=[999999])).status_code == 404
    assert client.get(reverse("goals:vignette_detail", args=[999999])).status_code == 404
    assert client.post(reverse("goals:group_member_remove", args=[999999])).status_code == 404
    assert client.post(reverse("goals:action_field_update", args=[999999]), {}).status_code == 404


def test_the_detail_page_shows_members_meetings_cases_and_goals(personas, login, world, result):
    response = login(personas.ehrenamt).get(reverse("goals:group_detail", args=[world["group"].pk]))
    context = response.context
    assert [m.user for m in context["members"]] == [personas.beratung]
    assert [m.agency.short_name for m in context["members"]] == ["fb-soziales"]
    assert context["project_groups"] == [world["project"]]
    assert context["meetings"] == [world["meeting"]]
    assert list(context["meetings"][0].decisions.all()) == [world["decision"]]
    assert context["vignettes"] == [world["vignette"]]
    assert [goal.pk for goal in context["goals"]] == [result.pk]
    assert context["member_form"] is None
    page = response.content.decode()
    assert "Familie A., seit 2016 in Rheine" in page
    assert result.statement in page


def test_the_vignette_form_warns_to_anonymise(personas, login, world):
    response = login(personas.koordination).get(reverse("goals:vignette_create", args=[world["group"].pk]))
    help_text = response.context["form"].fields["narrative"].help_text
    assert "anonymisiert" in str(help_text)
    assert str(help_text) in response.content.decode()


def test_a_refused_form_shows_the_reason_at_its_field(personas, login, world):
    client = login(personas.koordination)
    response = client.post(reverse("goals:group_create"), {"name": "PG ohne AG", "kind": "project"})
    assert response.status_code == 400
    assert response.context["form"].errors["parent"]
    assert not WorkingGroup.objects.filter(name="PG ohne AG").exists()


# --- the services' rules ---


def test_only_coordinators_may_use_the_services(personas, world, action_field):
    for username in READERS:
        acting = {"actor": personas.users[username], "membership": personas.membership(username)}
        with pytest.raises(ValidationError):
            group_create(**acting, name=f"AG {username}", kind=GroupKind.WORKING)
        with pytest.raises(ValidationError):
            action_field_update(**acting, field=action_field, name="x", position=1, is_active=True)
        with pytest.raises(ValidationError):
            meeting_create(**acting, group=world["group"], held_on=today())
    with pytest.raises(ValidationError):
        action_field_create(actor=personas.admin, membership=None, key="x", name="X")
    assert not WorkingGroup.objects.filter(name__startswith="AG b").exists()


def test_a_project_group_needs_a_working_group(coordination, working_group, steering_group):
    with pytest.raises(ValidationError) as refused:
        group_create(**coordination, name="PG 1", kind=GroupKind.PROJECT)
    assert "parent" in refused.value.message_dict
    with pytest.raises(ValidationError):
        group_create(**coordination, name="PG 2", kind=GroupKind.PROJECT, parent=steering_group)
    with pytest.raises(ValidationError):
        group_create(**coordination, name="AG 2", kind=GroupKind.WORKING, parent=working_group)
    with pytest.raises(ValidationError):
        group_create(**coordination, name="Zweite Lenkungsgruppe", kind=GroupKind.STEERING)
    with pytest.raises(ValidationError):
        group_create(**coordination, name="ag sprache", kind=GroupKind.WORKING)
    project = group_create(**coordination, name="PG 3", kind=GroupKind.PROJECT, parent=working_group)
    assert project.parent == working_group
    assert project.history.latest().history_user == coordination["actor"]


def test_a_member_is_added_once_while_active(personas, coordination, working_group):
    add = {
        "group": working_group,
        "user": personas.vhs,
        "agency": personas.agency("vhs"),
        "joined_on": today(),
    }
    member = group_member_add(**coordination, **add, role=GroupRole.CHAIR)
    with pytest.raises(ValidationError) as refused:
        group_member_add(**coordination, **add)
    assert "user" in refused.value.message_dict
    group_member_remove(**coordination, member=member, left_on=today())
    with pytest.raises(ValidationError):
        group_member_remove(**coordination, member=member, left_on=today())
    again = group_member_add(**coordination, **add)
    assert GroupMember.objects.filter(group=working_group, user=personas.vhs).count() == 2
    assert again.history.latest().history_user == coordination["actor"]


def test_a_member_speaks_for_an_agency_they_work_for(personas, coordination, working_group):
    # beratung works in the counselling team; the team belongs to the department fb-soziales
    add = {"group": working_group, "user": personas.beratung, "joined_on": today()}
    with pytest.raises(ValidationError) as refused:
        group_member_add(**coordination, **add, agency=personas.agency("jobcenter"))
    assert "agency" in refused.value.message_dict
    with pytest.raises(ValidationError):
        group_member_add(**coordination, **add | {"user": personas.admin}, agency=personas.agency("fb-soziales"))
    assert group_member_add(**coordination, **add, agency=personas.agency("fb-soziales")).pk


def test_leaving_is_dated_after_joining_and_not_ahead(personas, coordination, working_group):
    member = group_member_add(
        **coordination,
        group=working_group,
        user=personas.vhs,
        agency=personas.agency("vhs"),
        joined_on=today(),
    )
    with pytest.raises(ValidationError):
        group_member_remove(**coordination, member=member, left_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError):
        group_member_remove(**coordination, member=member, left_on=today() + timedelta(days=1))
    member.refresh_from_db()
    assert member.left_on is None


def test_attendees_may_be_guests_but_must_be_accounts_of_the_project(personas, coordination, working_group):
    # vhs is no member of the group: a guest
    meeting = meeting_create(**coordination, group=working_group, held_on=today(), attendees=[personas.vhs])
    assert list(meeting.attendees.all()) == [personas.vhs]
    assert meeting.history.latest().history_user == coordination["actor"]
    with pytest.raises(ValidationError):
        meeting_create(**coordination, group=working_group, held_on=today(), attendees=[personas.admin])
    with pytest.raises(ValidationError):
        meeting_create(**coordination, group=working_group, held_on=today() + timedelta(days=1))


def test_a_decision_in_a_meeting_belongs_to_the_meeting_s_group(coordination, working_group, steering_group):
    meeting = meeting_create(**coordination, group=steering_group, held_on=date(2025, 3, 12))
    decide = {"decided_on": meeting.held_on, "text": "Beschluss."}
    with pytest.raises(ValidationError) as refused:
        decision_record(**coordination, group=working_group, meeting=meeting, **decide)
    assert "meeting" in refused.value.message_dict
    with pytest.raises(ValidationError):
        decision_record(**coordination, group=steering_group, meeting=meeting, **decide | {"decided_on": today()})
    with pytest.raises(ValidationError):  # adoption goes through goal_adopt, which also marks the goal adopted
        decision_record(**coordination, group=steering_group, meeting=meeting, kind=DecisionKind.GOAL_ADOPTED, **decide)
    with pytest.raises(ValidationError):
        decision_record(**coordination, group=steering_group, decided_on=today(), text="  ")
    decision = decision_record(**coordination, group=steering_group, meeting=meeting, **decide)
    assert decision.recorded_by == coordination["actor"]
    written = decision_record(**coordination, group=working_group, decided_on=today(), text="Im Umlaufverfahren.")
    assert written.meeting is None


def test_a_typical_case_names_active_deficit_themes(coordination, working_group):
    retired = Obstacle.objects.create(name="Alt", category="structural", is_active=False)
    with pytest.raises(ValidationError):
        vignette_create(**coordination, group=working_group, title="Fall", narrative="Text", obstacles=[retired])
    with pytest.raises(ValidationError):
        vignette_create(**coordination, group=working_group, title="Fall", narrative=" ")
    theme = Obstacle.objects.get(name="Sprachvermögen")
    vignette = vignette_create(**coordination, group=working_group, title="Fall", narrative="Text", obstacles=[theme])
    assert list(vignette.obstacles.all()) == [theme]
    assert vignette.history.latest().history_user == coordination["actor"]


def test_action_fields_have_unique_keys_and_can_be_retired(coordination, action_field):
    with pytest.raises(ValidationError):
        action_field_create(**coordination, key=action_field.key, name="Nochmal")
    work = action_field_create(**coordination, key="arbeit", name="Arbeit", position=2)
    action_field_update(**coordination, field=work, name="Arbeit und Ausbildung", position=3, is_active=False)
    work.refresh_from_db()
    assert (work.name, work.position, work.is_active) == ("Arbeit und Ausbildung", 3, False)
    assert work.history.latest().history_user == coordination["actor"]
    with pytest.raises(ValidationError):
        group_create(**coordination, name="AG Arbeit", kind=GroupKind.WORKING, action_fields=[work])


# --- queries ---


def test_the_group_list_costs_the_same_queries_for_one_and_many_groups(personas, login, coordination, world):
    client = login(personas.koordination)

    def page():
        assert client.get(reverse("goals:group_list")).status_code == 200

    def grow():
        for i in range(12):
            group = group_create(**coordination, name=f"AG {i}", kind=GroupKind.WORKING, action_fields=[world["field"]])
            group_create(**coordination, name=f"PG {i}", kind=GroupKind.PROJECT, parent=group)
            group_member_add(
                **coordination,
                group=group,
                user=personas.vhs,
                agency=personas.agency("vhs"),
                joined_on=today(),
            )

    assert assert_constant_queries(page, grow) == GROUP_LIST_QUERIES
    listed = client.get(reverse("goals:group_list")).context["sections"]
    working = dict(listed)[GroupKind.WORKING.label]
    assert {group.name: group.member_count for group in working}["AG 3"] == 1


@pytest.mark.parametrize("username", ["ehrenamt", "koordination"])
def test_the_group_detail_costs_the_same_queries_however_full(
    personas, login, coordination, world, framework, username
):
    from goals.models import Goal

    client = login(personas.users[username])
    group = world["group"]

    def page():
        assert client.get(reverse("goals:group_detail", args=[group.pk])).status_code == 200

    def grow():
        theme = Obstacle.objects.get(name="Sprachvermögen")
        for i, name in enumerate(["vhs", "sprachinstitut", "asyl", "abh", "jobcenter"]):
            member = group_member_add(
                **coordination, group=group, user=personas.users[name],
                agency=personas.membership(name).agency, joined_on=today() - timedelta(days=10),
            )  # fmt: skip
            if i % 2:
                group_member_remove(**coordination, member=member, left_on=today())
            meeting = meeting_create(
                **coordination,
                group=group,
                held_on=today() - timedelta(days=i),
                attendees=[personas.users[name]],
            )
            decision_record(**coordination, group=group, meeting=meeting, decided_on=meeting.held_on, text=f"B {i}")
            decision_record(**coordination, group=group, decided_on=today(), text=f"Umlauf {i}")
            vignette_create(**coordination, group=group, title=f"Fall {i}", narrative="Text", obstacles=[theme])
            group_create(**coordination, name=f"PG {i}", kind=GroupKind.PROJECT, parent=group)
            Goal.objects.create(
                level="result", parent=framework, action_field=framework.action_field, number=f"1.1.{i + 2}",
                statement=f"Ziel {i}", responsible_group=group,
            )  # fmt: skip

    assert assert_constant_queries(page, grow) == GROUP_DETAIL_QUERIES[username]


def test_the_action_field_list_costs_the_same_queries(personas, login, coordination, world):
    client = login(personas.koordination)

    def page():
        assert client.get(reverse("goals:action_field_list")).status_code == 200

    def grow():
        for i in range(8):
            action_field_create(**coordination, key=f"feld-{i}", name=f"Feld {i}", position=i + 2)

    assert_constant_queries(page, grow)
