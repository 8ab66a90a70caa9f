"""Break-the-glass: a caseworker opens a case they cannot see for an emergency from a short list with an
explanation; it is read-only, lasts the working day, is logged, and waits on the officer's review queue."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, EmergencyAccess
from cases.models.choices import AccessAction
from privacy.services import restriction_place
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

OPEN = reverse("cases:emergency_open")
QUEUE = reverse("privacy:emergency_queue")


def emergency(case, explanation="Anruf der Polizei, Frau H. ist in Gefahr"):
    return {"case_number": case.pk, "reason": "danger", "explanation": explanation}


def test_the_case_opens_for_reading_with_a_banner_and_a_logged_reason(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    client = login(personas.abh)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    response = client.post(OPEN, emergency(case), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    assert "Notfallzugriff bis" in page
    assert "Anruf der Polizei" in page
    entry = AccessLog.objects.get(action=AccessAction.EMERGENCY)
    assert (entry.user, entry.case, entry.purpose) == (
        personas.abh,
        case,
        "Gefahr für Leib, Leben oder Kindeswohl: Anruf der Polizei, Frau H. ist in Gefahr",
    )
    note = client.post(
        reverse("cases:case_notes", args=[case.pk]), {"kind": "conversation", "occurred_on": "25.11.2026", "text": "x"}
    )
    assert note.status_code == 404  # reading only
    assert case.notes.count() == 1


def test_the_access_ends_with_the_day(personas, login, make_case):
    case = make_case("beratung")
    client = login(personas.abh)
    client.post(OPEN, emergency(case))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    access = EmergencyAccess.objects.get()
    midnight = timezone.localtime(access.granted_at).replace(hour=0, minute=0, second=0, microsecond=0)
    assert access.expires_at == midnight + timedelta(days=1)
    with time_machine.travel(access.expires_at + timedelta(seconds=1), tick=False):
        assert not EmergencyAccess.objects.filter(expires_at__gt=timezone.now()).exists()
    EmergencyAccess.objects.update(expires_at=timezone.now())  # the day is over, the session still open
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "", "explanation": "x"}, "reason", "Dieses Feld ist zwingend erforderlich."),
        ({"reason": "danger", "explanation": " "}, "explanation", "Dieses Feld ist zwingend erforderlich."),
        ({"case_number": 999999}, "case_number", "Es gibt keinen Fall mit dieser Nummer."),
    ],
)
def test_refusals_name_their_field(personas, login, make_case, data, field, message):
    case = make_case("beratung")
    response = login(personas.abh).post(OPEN, {**emergency(case), **data})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not EmergencyAccess.objects.exists()


def test_a_restricted_person_is_as_missing_as_no_case(personas, login, make_case):
    case = make_case("beratung")
    restriction_place(
        actor=personas.datenschutz, membership=personas.membership("datenschutz"), person=case.person,
        reason="Widerspruch (Art. 21 DSGVO)",
    )  # fmt: skip
    response = login(personas.abh).post(OPEN, emergency(case))
    assert "Es gibt keinen Fall mit dieser Nummer." in response.context["form"].errors["case_number"]


def test_a_visible_case_needs_no_emergency_and_a_second_submission_opens_nothing_twice(personas, login, make_case):
    case = make_case("beratung")
    own = login(personas.beratung).post(OPEN, emergency(case))
    assert "Sie sehen diesen Fall bereits" in own.content.decode()
    client = login(personas.abh)
    client.post(OPEN, emergency(case))
    client.post(OPEN, emergency(case))
    assert EmergencyAccess.objects.count() == 1


def test_the_officer_reviews_it_and_it_leaves_the_queue(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    login(personas.abh).post(OPEN, emergency(case))
    officer = login(personas.datenschutz)
    assert "Anruf der Polizei" in officer.get(QUEUE).content.decode()
    access = EmergencyAccess.objects.get()
    officer.post(reverse("privacy:emergency_review", args=[access.pk]), {"note": "Rückfrage bei der ABH: begründet"})
    access.refresh_from_db()
    assert (access.reviewed_by, access.review_note) == (personas.datenschutz, "Rückfrage bei der ABH: begründet")
    assert access.history.first().history_user == personas.datenschutz
    assert "Anruf der Polizei" not in officer.get(QUEUE).content.decode()


def test_the_queue_costs_the_same_queries_for_one_and_for_many(personas, login, make_case):
    officer = login(personas.datenschutz)
    login(personas.abh).post(OPEN, emergency(make_case("beratung", family_name="Haddad")))

    def grow():
        for name in ("Weldu", "Demir"):
            login(personas.jobcenter).post(OPEN, emergency(make_case("beratung", family_name=name)))

    assert_constant_queries(lambda: officer.get(QUEUE), grow)


def test_outsiders_get_404(personas, login, make_case):
    case = make_case("beratung")
    login(personas.abh).post(OPEN, emergency(case))
    access = EmergencyAccess.objects.get()
    for persona in ("vhs", "vhs-lehrkraft", "ehrenamt", "koordination", "lenkung", "jobcenter-admin", "admin"):
        assert login(personas.users[persona]).get(OPEN).status_code == 404, persona
    for persona in ("beratung", "abh", "koordination", "lenkung", "admin"):
        client = login(personas.users[persona])
        assert client.get(QUEUE).status_code == 404, persona
        assert client.post(reverse("privacy:emergency_review", args=[access.pk])).status_code == 404, persona
    access.refresh_from_db()
    assert access.reviewed_at is None
