"""Every form is submitted once (agencies.submissions): a second submission of the same form, whether a double
click 50 ms later, a reload or the back button, is answered with the first result and writes nothing."""

import re
import threading
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from agencies.models import FormSubmission
from agencies.submissions import KEPT_FOR, SUBMISSION_FIELD, submissions_expire
from cases.models import Person
from courses.models import Course
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SAVED_FORMS = re.compile(r'<meta name="ewg-saved-forms" content="([^"]*)">')
NOTE = {"kind": "conversation", "occurred_on": "02.03.2026", "text": "Termin im Sozialamt vereinbart."}
COURSE = {
    "title": "Alphabetisierungskurs", "kind": "literacy", "starts_on": "2027-01-11", "ends_on": "2027-12-17",
    "weekdays": ["1", "2", "3", "4", "5"], "place": "VHS-Haus", "capacity": "25",
}  # fmt: skip


def token_of_form(html: str, action: str) -> str:
    """The one-time token of the form on the page that posts to `action` (a form without one posts to the page)."""
    for attributes, content in re.findall(r'<form([^>]*method="post"[^>]*)>(.*?)</form>', html, re.S):
        posts_to = re.search(r'action="([^"]*)"', attributes)
        if (posts_to.group(1) if posts_to else action) == action:
            return re.search(rf'name="{SUBMISSION_FIELD}" value="([0-9a-f-]+)"', content).group(1)
    raise AssertionError(f"no form posting to {action}")


def test_every_post_form_of_every_template_carries_its_one_time_token():
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        for form in re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', path.read_text(), re.S | re.I):
            if "{% submit_once %}" not in form:
                missing.append(str(path.relative_to(TEMPLATES)))
    assert not missing, missing


def test_a_note_sent_twice_is_written_once_and_the_second_answer_is_the_first_result(personas, make_case):
    case = make_case()
    client = client_for(personas.beratung)
    url = reverse("cases:case_notes", args=[case.pk])
    token = token_of_form(client.get(url).content.decode(), url)
    before = case.notes.count()
    first = client.post(url, {**NOTE, SUBMISSION_FIELD: token})
    second = client.post(url, {**NOTE, SUBMISSION_FIELD: token}, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "bereits abgeschickt" in second.content.decode()
    assert case.notes.count() == before + 1


def test_each_page_view_gives_a_fresh_token_so_a_second_note_on_purpose_is_written(personas, make_case):
    case = make_case()
    client = client_for(personas.beratung)
    url = reverse("cases:case_notes", args=[case.pk])
    before = case.notes.count()
    for _ in range(2):
        client.post(url, {**NOTE, SUBMISSION_FIELD: token_of_form(client.get(url).content.decode(), url)})
    assert case.notes.count() == before + 2


def test_a_refused_submission_gives_its_token_back_for_the_corrected_form(personas):
    client = client_for(personas.vhs)
    url = reverse("courses:course_create")
    token = token_of_form(client.get(url).content.decode(), url)
    refused = client.post(url, {**COURSE, "capacity": "26", SUBMISSION_FIELD: token})  # § 14 Abs. 1 IntV: at most 25
    assert refused.status_code == 400
    created = client.post(url, {**COURSE, SUBMISSION_FIELD: token})
    assert created.status_code == 302
    assert Course.objects.filter(title="Alphabetisierungskurs").count() == 1


def test_another_user_with_the_same_token_is_not_sent_to_the_first_users_result(personas, make_case):
    case = make_case()
    url = reverse("cases:case_notes", args=[case.pk])
    token = str(uuid4())
    client_for(personas.beratung).post(url, {**NOTE, SUBMISSION_FIELD: token})
    answer = client_for(personas.asyl).post(url, {**NOTE, SUBMISSION_FIELD: token})
    assert answer.status_code == 404  # not the first user's case, not the first user's result


def test_spent_tokens_are_forgotten_after_two_days(personas):
    old = FormSubmission.objects.create(user=personas.beratung, token=uuid4(), result_url="/cases/1/")
    FormSubmission.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - KEPT_FOR - timedelta(minutes=1))
    fresh = FormSubmission.objects.create(user=personas.beratung, token=uuid4(), result_url="/cases/2/")
    assert submissions_expire() == 1
    assert list(FormSubmission.objects.all()) == [fresh]


def _post_together(posts):
    """Send the posts from threads at the same instant, each on its own database connection."""
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)

    def send(index, user, url, data):
        try:
            client = client_for(user)
            barrier.wait()
            answers[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_a_double_click_creates_one_course_whichever_request_arrives_first(personas):
    url = reverse("courses:course_create")
    data = {**COURSE, SUBMISSION_FIELD: str(uuid4())}
    answers = _post_together([(personas.vhs, url, data), (personas.vhs, url, data)])
    assert [answer.status_code for answer in answers] == [302, 302]
    course = Course.objects.get(title="Alphabetisierungskurs")
    assert {answer["Location"] for answer in answers} == {reverse("courses:course_detail", args=[course.pk])}


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_the_same_person_at_the_same_instant_register_one(personas):
    """Two tabs, two tokens: the lock on name and birth date lets the second see the first one's person."""
    url = reverse("cases:intake")
    person = {
        "given_names": "Samir", "family_name": "Nasser", "birth_date": "1988-04-02", "gender": "male",
        "kind": "counselling",
    }  # fmt: skip
    answers = _post_together([(personas.beratung, url, {**person, SUBMISSION_FIELD: str(uuid4())}) for _ in range(2)])
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    assert Person.objects.filter(family_name="Nasser").count() == 1
    warned = next(answer for answer in answers if answer.status_code == 200).content.decode()
    assert "Möglicherweise bereits erfasst" in warned
    assert "Nasser, Samir" in warned


def test_the_page_after_a_saved_form_names_its_token_once(personas, login, make_case):
    """For the browser to delete the draft it kept of the form (static/js/drafts.js): on the server's word only."""
    case = make_case()
    client = login(personas.beratung)
    url = reverse("cases:case_notes", args=[case.pk])
    token = token_of_form(client.get(url).content.decode(), url)
    saved = client.post(url, {**NOTE, SUBMISSION_FIELD: token})
    assert saved.status_code == 302
    assert SAVED_FORMS.findall(client.get(saved["Location"]).content.decode()) == [token]
    assert SAVED_FORMS.search(client.get(saved["Location"]).content.decode()) is None  # once


def test_a_form_that_was_not_saved_is_not_named(personas, login, make_case):
    case = make_case()
    client = login(personas.beratung)
    url = reverse("cases:case_notes", args=[case.pk])
    token = token_of_form(client.get(url).content.decode(), url)
    refused = client.post(url, {**NOTE, "text": "", SUBMISSION_FIELD: token})
    assert refused.status_code == 400
    assert SAVED_FORMS.search(refused.content.decode()) is None
    assert SAVED_FORMS.search(client.get(url).content.decode()) is None
    # Nor does a part of a page that htmx asks for take the word away from the next whole page.
    client.post(url, {**NOTE, SUBMISSION_FIELD: token_of_form(client.get(url).content.decode(), url)})
    partial = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert "ewg-session-idle-seconds" in partial.content.decode()  # rendered with the page's head all the same
    assert SAVED_FORMS.search(client.get(url).content.decode()) is not None
