"""Two people editing the same text (a report section, a report's header and proposal, a goal): the later save from
a form loaded before the earlier save is refused in German, with both texts on the page, and goes through once the
user saves again from the form shown; two saves at the same instant: one is refused (ewg.concurrent_edits).

Case notes are not here: they are only ever added, never edited. A meeting's record (agenda, minutes, attendees),
editable until its minutes are approved, has its own tests in tests/goals/test_meeting_editing.py."""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Membership, Role
from ewg.concurrent_edits import EditConflict, version_of
from goals.models import ActionField, Goal
from goals.models.choices import GoalLevel
from goals.services import goals as goal_services
from reports import services as report_services
from tests.factories import UserFactory

TODAY = timezone.localdate()
LOADED = re.compile(r'name="loaded_version" value="(\d*)"')


@dataclass(frozen=True)
class Kind:
    """How one kind of edited text is loaded, posted, saved by its service and read back."""

    make: Callable  # (personas, goal) -> the edited object
    url: Callable
    data: Callable  # (obj, text) -> the posted form
    save: Callable  # (actor, membership, obj, text, loaded_version) -> None, through the service
    text: Callable


def _report(personas):
    return report_services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=TODAY,
        subject="Sachstand", number="322/18", kind="decision", committee="Sozialausschuss", period=str(TODAY.year),
    )  # fmt: skip


HEADER = {"subject": "Sachstand", "number": "322/18", "file_number": "", "kind": "decision",
          "committee": "Sozialausschuss", "meeting_date": None, "period": str(TODAY.year)}  # fmt: skip

KINDS = {
    "section": Kind(
        make=lambda personas, goal: _report(personas).sections.get(position=1),
        url=lambda section: reverse("reports:section_edit", args=[section.report_id, section.position]),
        data=lambda section, text: {"title": section.title, "body": text},
        save=lambda actor, membership, section, text, loaded: report_services.section_update(
            actor=actor,
            membership=membership,
            section=section,
            title=section.title,
            body=text,
            loaded_version=loaded,
        ),
        text=lambda section: type(section).objects.get(pk=section.pk).body,
    ),
    "header": Kind(
        make=lambda personas, goal: _report(personas),
        url=lambda report: reverse("reports:report_edit", args=[report.pk]),
        data=lambda report, text: {**HEADER, "meeting_date": "", "proposal": text},
        save=lambda actor, membership, report, text, loaded: report_services.report_update(
            actor=actor, membership=membership, report=report, proposal=text, loaded_version=loaded, **HEADER
        ),
        text=lambda report: type(report).objects.get(pk=report.pk).proposal,
    ),
    "goal": Kind(
        make=lambda personas, goal: goal,
        url=lambda goal: reverse("goals:goal_update", args=[goal.pk]),
        data=lambda goal, text: {"number": goal.number, "statement": text},
        save=lambda actor, membership, goal, text, loaded: goal_services.goal_update(
            actor=actor, membership=membership, goal=goal, statement=text, loaded_version=loaded
        ),
        text=lambda goal: type(goal).objects.get(pk=goal.pk).statement,
    ),
}


@pytest.fixture
def colleague(personas):
    """A second coordinator, of the same department as `koordination`."""
    user = UserFactory(first_name="Jana", last_name="Wiegand")
    Membership.objects.create(user=user, agency=Agency.objects.get(short_name="fb-soziales"), role=Role.COORDINATOR)
    return user


@pytest.fixture
def goal(db) -> Goal:
    field = ActionField.objects.create(key="sprache", name="Sprache", position=1)
    return Goal.objects.create(
        level=GoalLevel.PRINCIPLE, action_field=field, number="1", statement="Jeder Berechtigte belegt einen Kurs."
    )


def loaded_version(response) -> str:
    assert response.status_code == 200
    return LOADED.search(response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_a_save_from_a_stale_form_is_refused_with_both_texts(personas, login, colleague, goal, kind):
    edited = kind.make(personas, goal)
    url = kind.url(edited)
    mine, theirs = login(personas.koordination), login(colleague)
    my_version, their_version = loaded_version(mine.get(url)), loaded_version(theirs.get(url))
    assert my_version == their_version != ""

    response = theirs.post(url, {**kind.data(edited, "Die Fassung von Jana."), "loaded_version": their_version})
    assert response.status_code == 302
    response = mine.post(url, {**kind.data(edited, "Die Fassung von Miriam."), "loaded_version": my_version})

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(
        r"Dieser Text wurde inzwischen von Jana Wiegand geändert \(25\.11\.2026, \d\d:\d\d\)\. Ihre Fassung wurde "
        r"nicht gespeichert: bitte beide Fassungen zusammenführen und erneut speichern\.",
        page,
    )
    assert re.search(r'id="edit-conflict-1"[^>]*readonly>Die Fassung von Jana\.</textarea>', page)  # theirs
    assert re.search(r'name="[a-z]+"[^>]*>\s*Die Fassung von Miriam\.</textarea>', page)  # mine, in the form
    assert kind.text(edited) == "Die Fassung von Jana."

    # Merged, and saved from the form as shown: it carries the version now saved, so it goes through.
    fresh = loaded_version(response)
    assert fresh not in ("", my_version)
    merged = "Die Fassung von Jana, ergänzt von Miriam."
    assert mine.post(url, {**kind.data(edited, merged), "loaded_version": fresh}).status_code == 302
    assert kind.text(edited) == merged


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_saves_one_after_the_other_each_from_a_fresh_form_go_through(personas, login, colleague, goal, kind):
    edited = kind.make(personas, goal)
    url = kind.url(edited)
    for client, text in ((login(personas.koordination), "Erste Fassung."), (login(colleague), "Zweite Fassung.")):
        version = loaded_version(client.get(url))
        assert client.post(url, {**kind.data(edited, text), "loaded_version": version}).status_code == 302
        assert kind.text(edited) == text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_of_two_saves_at_the_same_instant_one_is_refused(personas, colleague, goal, kind):
    edited = kind.make(personas, goal)
    loaded = version_of(edited)
    editors = [
        (personas.koordination, personas.membership("koordination"), "Die Fassung von Miriam."),
        (colleague, Membership.objects.get(user=colleague), "Die Fassung von Jana."),
    ]
    start = threading.Barrier(len(editors))
    outcomes: dict[str, object] = {}

    def save(actor, membership, text):
        try:
            start.wait()
            kind.save(actor, membership, edited, text, loaded)
            outcomes[text] = "saved"
        except EditConflict as conflict:
            outcomes[text] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=editor) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [text for text, outcome in outcomes.items() if outcome == "saved"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, EditConflict)]
    assert len(saved) == 1
    assert len(refused) == 1
    assert kind.text(edited) == saved[0]
    assert [text for _label, text in refused[0].theirs.values()] == [saved[0]]
