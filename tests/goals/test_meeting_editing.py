"""A recorded meeting's record stays editable until its minutes are approved: coordinators complete agenda, minutes and
attendees (with history naming them; a save from a stale form is refused, naming who saved), and approve the minutes
(confirmed first; afterwards the record and its decisions are read-only). A decision taken in a meeting, a goal's
adoption included, carries the meeting's date, however long ago the meeting was; a future date is still refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Membership, Role
from ewg.concurrent_edits import EditConflict, version_of
from goals.models import Decision, Goal, Meeting
from goals.models.choices import DecisionKind, GroupKind
from goals.services import goals as goal_services
from goals.services.groups import decision_record, group_create, meeting_create
from goals.services.meetings import meeting_minutes_approve, meeting_update
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db

LAST_MONTH = date(2026, 10, 14)  # the test clock stands at 25.11.2026 (tests/conftest.py)
NEW_URLS = ("meeting_update", "minutes_approve", "meeting_goal_adopt")
# session, user, memberships, meeting (with group and approver), attendees, decisions with goals, session save (3);
# for a coordinator also the choices of the decision form (goals); for the steering group whether a goal is left to
# adopt and the choices of the adoption form
MEETING_DETAIL_QUERIES = {"ehrenamt": 9, "koordination": 10, "lenkung": 11}


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def coordination(personas):
    return {"actor": personas.koordination, "membership": personas.membership("koordination")}


@pytest.fixture
def steering(personas):
    return {"actor": personas.lenkung, "membership": personas.membership("lenkung")}


@pytest.fixture
def colleague(personas):
    """A second coordinator, of the same department as `koordination`."""
    user = UserFactory(first_name="Jana", last_name="Wiegand")
    Membership.objects.create(user=user, agency=Agency.objects.get(short_name="fb-soziales"), role=Role.COORDINATOR)
    return {"actor": user, "membership": Membership.objects.get(user=user)}


@pytest.fixture
def meeting(personas, coordination, action_field) -> Meeting:
    group = group_create(**coordination, name="AG Sprache", kind=GroupKind.WORKING, action_fields=[action_field])
    return meeting_create(
        **coordination,
        group=group,
        held_on=today() - timedelta(days=7),
        agenda="1. Berechtigungsschein",
        minutes="Entwurf.",
        attendees=[personas.beratung],
    )


@pytest.fixture
def steering_meeting(coordination, steering_group) -> Meeting:
    return meeting_create(**coordination, group=steering_group, held_on=LAST_MONTH, agenda="Zielsystem Sprache")


def record(meeting: Meeting, **changes) -> dict:
    """The keyword arguments of meeting_update that keep the meeting as it is, with `changes`."""
    current = {
        "held_on": meeting.held_on,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "attendees": list(meeting.attendees.all()),
    }
    return current | changes


def posted(meeting: Meeting, version: str, **changes) -> dict:
    data = {
        "held_on": meeting.held_on.isoformat(),
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "attendees": [user.pk for user in meeting.attendees.all()],
        "loaded_version": version,
    }
    return data | changes


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"goals:{name}", args=[meeting.pk])


# --- editing ------------------------------------------------------------------------------------------------------


def test_a_coordinator_completes_agenda_minutes_and_attendees_with_history(personas, coordination, meeting):
    rows = meeting.history.count()
    meeting_update(
        **coordination,
        meeting=meeting,
        **record(
            meeting,
            agenda="1. Berechtigungsschein\n2. Ablaufdiagramm",
            minutes="  Die Zuständigkeit wird verbindlich geregelt.  ",
            attendees=[personas.beratung, personas.vhs],
        ),
    )
    meeting.refresh_from_db()
    assert meeting.agenda == "1. Berechtigungsschein\n2. Ablaufdiagramm"
    assert meeting.minutes == "Die Zuständigkeit wird verbindlich geregelt."
    assert set(meeting.attendees.all()) == {personas.beratung, personas.vhs}
    new_rows = meeting.history.order_by("history_id")[rows:]
    assert new_rows
    assert all(row.history_user == personas.koordination for row in new_rows)
    assert new_rows[0].minutes == "Die Zuständigkeit wird verbindlich geregelt."


def test_saving_the_record_unchanged_writes_no_history(coordination, meeting):
    rows = meeting.history.count()
    meeting_update(**coordination, meeting=meeting, loaded_version=version_of(meeting), **record(meeting))
    assert meeting.history.count() == rows


def test_the_edit_page_saves_the_record(personas, login, meeting):
    client = login(personas.koordination)
    page = client.get(url("meeting_update", meeting))
    assert page.status_code == 200
    version = page.context["form"].initial["loaded_version"]
    assert version == version_of(meeting) != ""
    response = client.post(url("meeting_update", meeting), posted(meeting, version, minutes="Beschlossen wurde …"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Beschlossen wurde …"
    assert meeting.history.latest().history_user == personas.koordination
    detail = client.get(url("meeting_detail", meeting)).content.decode()
    assert "Beschlossen wurde …" in detail
    assert url("meeting_update", meeting) in detail
    assert "noch nicht genehmigt" in detail


def test_a_stale_save_is_refused_naming_who_saved(personas, login, coordination, colleague, meeting):
    loaded = version_of(meeting)
    meeting_update(**colleague, meeting=meeting, **record(meeting, minutes="Die Fassung von Jana."))
    with pytest.raises(EditConflict) as conflict:
        meeting_update(
            **coordination, meeting=meeting, loaded_version=loaded, **record(meeting, minutes="Die Fassung von Miriam.")
        )
    assert conflict.value.by == "Jana Wiegand"
    assert "Jana Wiegand" in conflict.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.minutes == "Die Fassung von Jana."

    # On the page: the refusal in German, naming her, with her text beside mine; saved again, it goes through.
    client = login(personas.koordination)
    response = client.post(url("meeting_update", meeting), posted(meeting, loaded, minutes="Die Fassung von Miriam."))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dieser Text wurde inzwischen von Jana Wiegand geändert" in page
    assert "Die Fassung von Jana." in page
    assert "Die Fassung von Miriam." in page
    fresh = response.context["form"].data["loaded_version"]
    merged = "Die Fassung von Jana, ergänzt von Miriam."
    assert client.post(url("meeting_update", meeting), posted(meeting, fresh, minutes=merged)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == merged


def test_an_attendee_whose_account_was_closed_since_stays_recorded(personas, login, coordination, meeting):
    guest, closed = UserFactory(first_name="Karl", last_name="Gast"), UserFactory(first_name="Otto", last_name="Zu")
    for user in (guest, closed):
        Membership.objects.create(user=user, agency=Agency.objects.get(short_name="vhs"), role=Role.CASEWORKER)
    meeting_update(**coordination, meeting=meeting, **record(meeting, attendees=[personas.beratung, guest]))
    for user in (guest, closed):
        user.is_active = False
        user.save()
    client = login(personas.koordination)
    page = client.get(url("meeting_update", meeting))
    assert set(page.context["form"].initial["attendees"]) == {personas.beratung, guest}
    version = page.context["form"].initial["loaded_version"]
    response = client.post(url("meeting_update", meeting), posted(meeting, version, minutes="Ergänzt."))
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == {personas.beratung, guest}
    with pytest.raises(ValidationError) as refused:
        meeting_update(**coordination, meeting=meeting, **record(meeting, attendees=[guest, closed]))
    assert "attendees" in refused.value.message_dict


def test_the_date_stays_once_a_decision_was_taken(coordination, meeting):
    meeting_update(**coordination, meeting=meeting, **record(meeting, held_on=meeting.held_on - timedelta(days=1)))
    meeting.refresh_from_db()
    decision_record(**coordination, group=meeting.group, meeting=meeting, text="Beschlossen.")
    with pytest.raises(ValidationError) as refused:
        meeting_update(**coordination, meeting=meeting, **record(meeting, held_on=meeting.held_on - timedelta(days=1)))
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        meeting_update(**coordination, meeting=meeting, **record(meeting, held_on=today() + timedelta(days=1)))
    assert "held_on" in refused.value.message_dict


def test_only_coordinators_edit_and_approve(personas, meeting):
    for username in ("lenkung", "beratung", "ehrenamt"):
        acting = {"actor": personas.users[username], "membership": personas.membership(username)}
        with pytest.raises(ValidationError):
            meeting_update(**acting, meeting=meeting, **record(meeting, minutes="Anders."))
        with pytest.raises(ValidationError):
            meeting_minutes_approve(**acting, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_approved_on) == ("Entwurf.", None)


# --- approving the minutes -----------------------------------------------------------------------------------------


def test_approving_the_minutes_after_confirmation(personas, login, meeting):
    client = login(personas.koordination)
    page = client.get(url("minutes_approve", meeting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Protokoll der Sitzung von AG Sprache" in text
    assert "Bestätigen" in text
    version = page.context["form"].initial["loaded_version"]
    meeting.refresh_from_db()
    assert meeting.minutes_approved_on is None  # the GET changed nothing

    assert client.post(url("minutes_approve", meeting), {"loaded_version": version}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.minutes_approved_on, meeting.minutes_approved_by) == (today(), personas.koordination)
    latest = meeting.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (personas.koordination, "Protokoll genehmigt")

    detail = client.get(url("meeting_detail", meeting))
    text = detail.content.decode()
    assert "Protokoll genehmigt, nur lesbar" in text
    assert f"Das Protokoll wurde am {today():%d.%m.%Y} von" in text
    assert url("meeting_update", meeting) not in text
    assert url("minutes_approve", meeting) not in text
    assert detail.context["decision_form"] is None


def test_after_approval_the_record_and_its_decisions_are_read_only(personas, login, coordination, meeting):
    meeting_minutes_approve(**coordination, meeting=meeting)
    with pytest.raises(ValidationError) as refused:
        meeting_update(**coordination, meeting=meeting, **record(meeting, minutes="Nachträglich geändert."))
    assert "genehmigt" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        decision_record(**coordination, group=meeting.group, meeting=meeting, text="Nachgetragen.")
    with pytest.raises(ValidationError):
        meeting_minutes_approve(**coordination, meeting=meeting)

    client = login(personas.koordination)
    assert client.get(url("meeting_update", meeting)).status_code == 302
    response = client.post(url("meeting_update", meeting), posted(meeting, "", minutes="Nachträglich."), follow=True)
    assert "Das Protokoll wurde am" in response.content.decode()
    response = client.post(url("decision_add", meeting), {"text": "Nachgetragen."}, follow=True)
    assert "Das Protokoll wurde am" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Entwurf."
    assert not meeting.decisions.exists()


def test_an_approval_after_a_change_to_the_record_is_refused(coordination, colleague, meeting):
    read = version_of(meeting)
    meeting_update(**colleague, meeting=meeting, **record(meeting, minutes="Ergänzt von Jana."))
    with pytest.raises(ValidationError) as refused:
        meeting_minutes_approve(**coordination, meeting=meeting, loaded_version=read)
    assert "Jana Wiegand" in refused.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.minutes_approved_on is None
    meeting_minutes_approve(**coordination, meeting=meeting, loaded_version=version_of(meeting))


def test_minutes_are_written_before_they_are_approved(coordination, meeting):
    meeting_update(**coordination, meeting=meeting, **record(meeting, minutes=""))
    with pytest.raises(ValidationError) as refused:
        meeting_minutes_approve(**coordination, meeting=meeting)
    assert "minutes" in refused.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_once(personas, colleague, meeting):
    coordination = {"actor": personas.koordination, "membership": personas.membership("koordination")}
    outcomes = at_once(
        lambda: meeting_minutes_approve(**coordination, meeting=meeting),
        lambda: meeting_minutes_approve(**colleague, meeting=meeting),
    )
    assert sum(isinstance(outcome, Meeting) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    assert meeting.history.filter(minutes_approved_on__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_edit_at_the_instant_of_the_approval_lands_before_it_or_not_at_all(personas, colleague, meeting):
    coordination = {"actor": personas.koordination, "membership": personas.membership("koordination")}
    edit = record(meeting, minutes="Im letzten Moment ergänzt.")
    outcomes = at_once(
        lambda: meeting_minutes_approve(**coordination, meeting=meeting),
        lambda: meeting_update(**colleague, meeting=meeting, **edit),
    )
    meeting.refresh_from_db()
    approval = meeting.history.get(minutes_approved_on__isnull=False)
    assert meeting.history.filter(history_id__gt=approval.history_id).count() == 0  # nothing changed after it
    if isinstance(outcomes[1], ValidationError):
        assert meeting.minutes == "Entwurf."
    else:
        assert meeting.minutes == approval.minutes == "Im letzten Moment ergänzt."


# --- who reaches the new pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin", "beratung", "ehrenamt", "lenkung", "datenschutz"])
def test_others_get_404_on_editing_and_approving(personas, login, meeting, username):
    client = login(personas.users[username])
    for name in ("meeting_update", "minutes_approve"):
        assert client.get(url(name, meeting)).status_code == 404
        assert client.post(url(name, meeting), posted(meeting, version_of(meeting), minutes="x")).status_code == 404
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_approved_on) == ("Entwurf.", None)


@pytest.mark.parametrize("username", ["admin", "beratung", "ehrenamt", "koordination", "datenschutz"])
def test_only_the_steering_group_adopts_in_a_meeting(personas, login, steering_meeting, principle, username):
    client = login(personas.users[username])
    assert client.post(url("meeting_goal_adopt", steering_meeting), {"goal": principle.pk}).status_code == 404
    principle.refresh_from_db()
    assert not principle.is_adopted


def test_an_outsider_gets_404_for_a_missing_meeting(personas, login):
    client = login(personas.koordination)
    for name in NEW_URLS:
        assert client.post(reverse(f"goals:{name}", args=[999999])).status_code == 404


# --- a decision in a meeting carries the meeting's date -------------------------------------------------------------


def test_a_decision_in_a_meeting_takes_the_meeting_s_date(personas, login, coordination, meeting):
    decision = decision_record(**coordination, group=meeting.group, meeting=meeting, text="Ohne Datum.")
    assert decision.decided_on == meeting.held_on
    login(personas.koordination).post(url("decision_add", meeting), {"text": "Auf der Seite der Sitzung."})
    assert meeting.decisions.get(text="Auf der Seite der Sitzung.").decided_on == meeting.held_on


def test_adopting_a_goal_in_a_meeting_of_last_month_on_the_goal_page(personas, login, steering_meeting, principle):
    """The adoption form shows today's date; with the meeting chosen, the meeting's date is taken."""
    client = login(personas.lenkung)
    form = client.get(reverse("goals:goal_detail", args=[principle.pk])).context["adopt_form"]
    assert form["decided_on"].value() == today()
    data = {"decided_on": today().isoformat(), "meeting": steering_meeting.pk, "text": ""}
    response = client.post(reverse("goals:goal_adopt", args=[principle.pk]), data)
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.adopted_on == LAST_MONTH
    decision = principle.decisions.get()
    assert (decision.kind, decision.decided_on, decision.meeting) == (
        DecisionKind.GOAL_ADOPTED,
        LAST_MONTH,
        steering_meeting,
    )


def test_adopting_a_goal_on_the_meeting_s_page(personas, login, steering_meeting, principle, framework):
    client = login(personas.lenkung)
    page = client.get(url("meeting_detail", steering_meeting))
    choices = list(page.context["adopt_form"].fields["goal"].queryset)
    assert choices == [principle]  # the framework goal waits for its principal goal
    assert "14.10.2026" in page.content.decode()
    response = client.post(url("meeting_goal_adopt", steering_meeting), {"goal": principle.pk, "text": ""})
    assert response.status_code == 302
    principle.refresh_from_db()
    assert (principle.adopted_on, principle.decisions.get().meeting) == (LAST_MONTH, steering_meeting)
    assert list(client.get(url("meeting_detail", steering_meeting)).context["decisions"]) == [principle.decisions.get()]


def test_adoption_in_a_past_meeting_keeps_the_goal_system_s_rules(
    coordination, steering, steering_meeting, principle, framework
):
    # By the service, without a date: the meeting's.
    goal_services.goal_adopt(**steering, goal=principle, meeting=steering_meeting)
    principle.refresh_from_db()
    assert principle.adopted_on == LAST_MONTH
    # A derived goal is not adopted before the goal it is derived from.
    earlier = meeting_create(**coordination, group=steering_meeting.group, held_on=LAST_MONTH - timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        goal_services.goal_adopt(**steering, goal=framework, meeting=earlier)
    assert "decided_on" in refused.value.message_dict
    # Not on a day that is not the meeting's, and never in the future.
    with pytest.raises(ValidationError) as refused:
        goal_services.goal_adopt(**steering, goal=framework, meeting=steering_meeting, decided_on=today())
    assert "decided_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        goal_services.goal_adopt(**steering, goal=framework, decided_on=today() + timedelta(days=1))
    assert "decided_on" in refused.value.message_dict
    framework.refresh_from_db()
    assert not framework.is_adopted


def test_no_goal_is_adopted_in_a_meeting_whose_minutes_are_approved(
    personas, login, coordination, steering, steering_meeting, principle
):
    meeting_update(**coordination, meeting=steering_meeting, **record(steering_meeting, minutes="Protokoll."))
    meeting_minutes_approve(**coordination, meeting=steering_meeting)
    with pytest.raises(ValidationError) as refused:
        goal_services.goal_adopt(**steering, goal=principle, meeting=steering_meeting)
    assert "meeting" in refused.value.message_dict
    client = login(personas.lenkung)
    assert client.get(url("meeting_detail", steering_meeting)).context["adopt_form"] is None
    form = client.get(reverse("goals:goal_detail", args=[principle.pk])).context["adopt_form"]
    assert steering_meeting not in form.fields["meeting"].queryset
    principle.refresh_from_db()
    assert not principle.is_adopted


def test_an_amendment_in_a_meeting_takes_the_meeting_s_date(personas, login, steering_meeting, principle):
    Goal.objects.filter(pk=principle.pk).update(adopted_on=date(2018, 3, 1), adopted_by=steering_meeting.group)
    data = {"decided_on": today().isoformat(), "meeting": steering_meeting.pk, "reason": "Neue Lage."}
    response = login(personas.lenkung).post(
        reverse("goals:goal_amend", args=[principle.pk]), data | {"statement": "Ein neuer Wortlaut."}
    )
    assert response.status_code == 302
    amendment = Decision.objects.get(goal=principle, kind=DecisionKind.GOAL_AMENDED)
    assert (amendment.decided_on, amendment.meeting) == (LAST_MONTH, steering_meeting)


# --- query counts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(MEETING_DETAIL_QUERIES))
def test_the_meeting_page_costs_the_same_queries_however_full(
    personas, login, coordination, steering_meeting, framework, username
):
    client = login(personas.users[username])

    def page():
        assert client.get(url("meeting_detail", steering_meeting)).status_code == 200

    def grow():
        names = ["vhs", "sprachinstitut", "asyl", "abh", "jobcenter"]
        meeting_update(
            **coordination,
            meeting=steering_meeting,
            **record(steering_meeting, attendees=[personas.users[name] for name in names]),
        )
        for i in range(5):
            decision_record(**coordination, group=steering_meeting.group, meeting=steering_meeting, text=f"B {i}")
            Goal.objects.create(
                level="principle", action_field=framework.action_field, number=f"{i + 2}", statement=f"Ziel {i}"
            )

    assert assert_constant_queries(page, grow) == MEETING_DETAIL_QUERIES[username]
