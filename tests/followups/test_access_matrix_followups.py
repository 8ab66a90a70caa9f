"""Who reaches which page of the follow-ups. The case's follow-ups are seen by those who work on the case: the lead
agency's caseworkers and its named co-worker; an agency the case is shared with, course staff, the coordination and
everyone else get 404, as for a case that does not exist. "Meine Aufgaben" is every caseworker's own page. Every URL
of the app is in a table below."""

import pytest
from django.urls import get_resolver, reverse

from cases.models.choices import DataCategory
from followups.models import FollowUp

pytestmark = pytest.mark.django_db

PERSONAS = ("beratung", "asyl", "abh", "jobcenter", "vhs", "vhs-lehrkraft", "sprachinstitut", "ehrenamt",
            "koordination", "lenkung", "jobcenter-admin", "datenschutz", "admin")  # fmt: skip
CASEWORKERS = ("beratung", "asyl", "abh", "jobcenter")
NAME = "Rotkehlchen"  # the case's person: led by team-beratung, co-worked by asyl, shared with the jobcenter


def only(*personas: str) -> dict[str, int]:
    return {persona: 200 if persona in personas else 404 for persona in PERSONAS}


PAGES = {
    "case_followups": only("beratung", "asyl"),
    "my_tasks": only(*CASEWORKERS),
}
# POST actions: who reaches them (everyone else gets 404 and nothing changes). The co-worker reaches the lead's
# follow-up, and the service refuses to close it: it is neither his nor his agency's.
POSTS = {
    "case_followups": {"beratung", "asyl"},
    "followup_done": {"beratung", "asyl"},
    "followup_reschedule": {"beratung", "asyl"},
}


def test_every_url_of_the_app_is_in_a_table():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "followups")
    assert {pattern.name for pattern in resolver.url_patterns} == set(PAGES) | set(POSTS)


@pytest.fixture
def world(personas, cm_case, share_by_consent, set_followup):
    share_by_consent(cm_case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.NOTES])
    return {"case": cm_case, "followup": set_followup(cm_case, text="Rückruf Familienzentrum")}


def url(name: str, world) -> str:
    case, followup = world["case"], world["followup"]
    if name == "my_tasks":
        return reverse("followups:my_tasks")
    if name == "case_followups":
        return reverse("followups:case_followups", args=[case.pk])
    return reverse(f"followups:{name}", args=[case.pk, followup.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(personas, login, world, persona):
    client = login(personas.users[persona])
    failures = []
    for name, expected in PAGES.items():
        response = client.get(url(name, world))
        if response.status_code != expected[persona]:
            failures.append(f"{name}: {response.status_code}, expected {expected[persona]}")
        elif response.status_code == 200 and name == "my_tasks":
            shown = NAME in response.content.decode()
            if shown != (persona in ("beratung", "asyl")):  # her follow-up and the steps; the co-worker's steps
                failures.append(f"{name} shows the person: {shown}")
    assert not failures, failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_posts(personas, login, world, persona):
    client = login(personas.users[persona])
    data = {"followup-due_on": "2026-12-01", "followup-text": "Fremder Eintrag", "due_on": "2026-12-24",
            "followup-assigned_to": personas.users[persona].pk}  # fmt: skip
    for name, reaching in POSTS.items():
        status = client.post(url(name, world), data).status_code
        expected = 404 if persona not in reaching else (302 if name != "case_followups" else status)
        assert status == expected, f"{name}: {status}"
    followup = FollowUp.objects.get(pk=world["followup"].pk)
    if persona != "beratung":
        assert (followup.done_on, followup.due_on.isoformat()) == (None, "2026-11-25"), persona
    if persona not in POSTS["case_followups"]:
        assert not FollowUp.objects.filter(text="Fremder Eintrag").exists()


def test_the_shared_agency_does_not_read_the_follow_ups_through_the_case_page(personas, login, world):
    html = login(personas.jobcenter).get(reverse("cases:case_detail", args=[world["case"].pk])).content.decode()
    assert NAME in html  # the case is shared with the jobcenter ...
    assert "Rückruf Familienzentrum" not in html  # ... its follow-ups are not
    assert reverse("followups:case_followups", args=[world["case"].pk]) not in html
