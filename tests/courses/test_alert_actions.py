"""Alerts that lead to the next step: the person's case for whoever sees it, the registration for a course where a
slip waits for one, and the steps taken in answer, each recorded on the alert (AlertAction) with who took it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models.choices import DataCategory
from cases.services.cases import case_open
from courses.models import Alert, AlertAction
from courses.models.choices import AlertActionKind, AlertKind, EntitlementKind
from courses.services.alerts import alert_action_record, alert_resolve
from courses.services.slip_attempts import slip_attempts_forget
from courses.services.slip_registration import enrolment_register_from_slip
from privacy.retention import apply_retention
from privacy.timeline import CHANGE, Filters, events
from tests.queries import assert_constant_queries, assert_num_queries

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture
def registered(personas, make_case, make_entitlement, make_course):
    """register(lead=...) -> the alert to the jobcenter about an obliged person the VHS registered from the slip;
    the person's case is led by `lead`."""

    def register(lead: str = "jobcenter", family_name: str = "Zilpzalp") -> Alert:
        slip_attempts_forget(personas.vhs)
        slip = make_entitlement(make_case(lead, family_name=family_name).person, issuer="jobcenter")
        enrolment = enrolment_register_from_slip(
            actor=personas.vhs, membership=personas.membership("vhs"), course=make_course(), slip_number=slip.pk,
            birth_date=date(1990, 5, 17), registered_on=TODAY,
        )  # fmt: skip
        return enrolment.alerts.get()

    return register


@pytest.fixture
def waiting_slip(personas, make_case, make_entitlement):
    """waiting_slip(kind, lead=...) -> an alert to the jobcenter about its slip that has no course yet."""

    def make(kind: str = AlertKind.NO_COURSE, *, lead: str = "jobcenter", case=None) -> Alert:
        case = case or make_case(lead, family_name="Bergfink")
        slip = make_entitlement(case.person, kind=EntitlementKind.ENTITLEMENT, issuer="jobcenter")
        return Alert.objects.create(
            kind=kind, entitlement=slip, agency=personas.agency("jobcenter"), window_start=date(2026, 9, 28),
            window_end=date(2026, 9, 28), raised_at=timezone.now(),
        )  # fmt: skip

    return make


def detail(client, alert):
    return client.get(reverse("courses:alert_detail", args=[alert.pk]))


# The way to the case


def test_the_lead_agencys_caseworker_finds_the_link_to_the_case(personas, login, registered):
    alert = registered("jobcenter")
    case = alert.enrolment.person.cases.get()
    page = detail(login(personas.jobcenter), alert)
    assert page.context["case"] == case
    content = page.content.decode()
    assert reverse("cases:case_detail", args=[case.pk]) in content
    assert "Zum Fall der Person" in content
    assert "Zu einem Kurs anmelden" not in content  # a registration alert: the person has a course
    assert login(personas.jobcenter).get(reverse("cases:case_detail", args=[case.pk])).status_code == 200


def test_no_link_for_a_caseworker_who_does_not_see_the_case(personas, login, registered):
    alert = registered("beratung")  # led by the counselling team, shared with no one
    case = alert.enrolment.person.cases.get()
    page = detail(login(personas.jobcenter), alert)
    assert page.status_code == 200
    assert page.context["case"] is None
    assert reverse("cases:case_detail", args=[case.pk]) not in page.content.decode()
    assert "Nächste Schritte" not in page.content.decode()


def test_a_shared_case_is_linked_and_the_own_case_comes_first(personas, login, registered, share_by_consent):
    alert = registered("beratung")
    person = alert.enrolment.person
    counselling = person.cases.get()
    share_by_consent(counselling, "jobcenter")
    page = detail(login(personas.jobcenter), alert)
    assert page.context["case"] == counselling
    assert "federführend bei einer anderen Stelle" in page.content.decode()

    own = case_open(actor=personas.jobcenter, membership=personas.membership("jobcenter"), person=person,
                    kind="counselling", opened_on=date(2026, 3, 2))  # fmt: skip
    page = detail(login(personas.jobcenter), alert)
    assert page.context["case"] == own
    assert reverse("cases:case_detail", args=[own.pk]) in page.content.decode()
    assert "federführend bei einer anderen Stelle" not in page.content.decode()


@pytest.mark.parametrize("kind", [AlertKind.NO_COURSE, AlertKind.SLIP_EXPIRING])
def test_a_slip_without_course_leads_to_the_registration(personas, login, waiting_slip, kind):
    alert = waiting_slip(kind)
    case = alert.entitlement.person.cases.get()
    client = login(personas.jobcenter)
    page = detail(client, alert)
    url = reverse("courses:enrolment_create", args=[case.pk])
    assert page.context["enrol_case"] == case
    assert url in page.content.decode()
    assert "Zu einem Kurs anmelden" in page.content.decode()
    assert client.get(url).status_code == 200


def test_no_registration_link_where_the_case_shows_no_courses(
    personas, login, waiting_slip, make_case, share_by_consent
):
    case = make_case("beratung", family_name="Bergfink")
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA])
    alert = waiting_slip(case=case)
    page = detail(login(personas.jobcenter), alert)
    assert page.context["case"] == case
    assert page.context["enrol_case"] is None
    assert reverse("courses:enrolment_create", args=[case.pk]) not in page.content.decode()


# Recording the steps


def test_a_step_is_recorded_acknowledges_the_alert_and_is_listed(personas, login, registered):
    alert = registered()
    client = login(personas.jobcenter)
    url = reverse("courses:alert_action_create", args=[alert.pk])
    response = client.post(url, {"kind": AlertActionKind.CONTACT_NOTED, "acted_on": "2026-11-25",
                                 "note": "Telefonisch erreicht"}, follow=True)  # fmt: skip
    assert response.redirect_chain == [(reverse("courses:alert_detail", args=[alert.pk]), 302)]
    assert "Die Maßnahme wurde erfasst." in response.content.decode()
    action = AlertAction.objects.get()
    assert (action.alert, action.kind, action.note, action.acted_on) == (
        alert, AlertActionKind.CONTACT_NOTED, "Telefonisch erreicht", TODAY,
    )  # fmt: skip
    assert (action.actor, action.agency) == (personas.jobcenter, personas.agency("jobcenter"))
    history = action.history.get()
    assert (history.history_user, history.history_type) == (personas.jobcenter, "+")
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.resolved_at) == (personas.jobcenter, None)
    assert alert.history.order_by("-history_id").first().history_user == personas.jobcenter

    client.post(url, {"kind": AlertActionKind.OBLIGATION_REVIEWED, "acted_on": "2026-11-20", "note": ""})
    page = detail(client, alert)
    assert [a.kind for a in page.context["actions"]] == ["obligation_reviewed", "contact_noted"]  # by day
    content = page.content.decode()
    assert content.index("Verpflichtung überprüft") < content.index("Kontakt aufgenommen")
    assert content.count('id="id_note"') == 1  # the resolve form's note; the step's has an id of its own
    assert "Telefonisch erreicht" in content


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "other", "acted_on": "2026-11-25", "note": "  "}, "note"),  # "other" says what
        ({"kind": "contact_noted", "acted_on": "2026-11-26", "note": ""}, "acted_on"),  # not in the future
        ({"kind": "contact_noted", "acted_on": "2026-11-25", "note": "x" * 501}, "note"),
        ({"kind": "called", "acted_on": "2026-11-25", "note": ""}, "kind"),
    ],
)
def test_a_bad_step_is_refused_at_its_field_and_nothing_saved(personas, login, registered, data, field):
    alert = registered()
    response = login(personas.jobcenter).post(reverse("courses:alert_action_create", args=[alert.pk]), data)
    assert response.status_code in (200, 400)
    assert field in response.context["action_form"].errors
    assert not AlertAction.objects.exists()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


@pytest.mark.parametrize("persona", ["asyl", "abh", "beratung", "vhs", "koordination", "datenschutz"])
def test_another_agency_cannot_record_a_step(personas, login, registered, persona):
    alert = registered()
    url = reverse("courses:alert_action_create", args=[alert.pk])
    data = {"kind": "contact_noted", "acted_on": "2026-11-25", "note": "x"}
    assert login(personas.users[persona]).post(url, data).status_code == 404
    with pytest.raises(ValidationError):
        alert_action_record(
            actor=personas.users[persona], membership=personas.membership(persona), alert=alert,
            kind="contact_noted", acted_on=TODAY,
        )  # fmt: skip
    assert not AlertAction.objects.exists()


def test_a_resolved_alert_takes_no_more_steps(personas, login, registered):
    alert = registered()
    jobcenter, membership = personas.jobcenter, personas.membership("jobcenter")
    alert_action_record(actor=jobcenter, membership=membership, alert=alert, kind="contact_noted", acted_on=TODAY)
    alert_resolve(actor=jobcenter, membership=membership, alert=alert, note="Kurs begonnen")
    page = detail(login(jobcenter), alert)
    assert page.context["action_form"] is None
    assert len(page.context["actions"]) == 1  # the steps stay listed
    with pytest.raises(ValidationError) as refused:
        alert_action_record(actor=jobcenter, membership=membership, alert=alert, kind="other", acted_on=TODAY,
                            note="noch ein Anruf")  # fmt: skip
    assert refused.value.code == "resolved"


def test_the_detail_costs_the_same_for_one_step_and_for_many(personas, login, registered):
    alert = registered()
    jobcenter, membership = personas.jobcenter, personas.membership("jobcenter")
    client = login(jobcenter)

    def record(kind="contact_noted"):
        alert_action_record(actor=jobcenter, membership=membership, alert=alert, kind=kind, acted_on=TODAY, note="x")

    record()
    queries = assert_constant_queries(lambda: detail(client, alert), lambda: [record() for _ in range(9)])
    assert queries == ALERT_DETAIL_QUERIES


def test_the_detail_of_a_waiting_slip_asks_once_more_for_the_case_to_register_from(personas, login, waiting_slip):
    alert = waiting_slip()
    client = login(personas.jobcenter)
    with assert_num_queries(WAITING_SLIP_DETAIL_QUERIES):
        detail(client, alert)


# The session and its update, the user, the membership, the alert with its subject, the access-log row, the steps,
# the person's case, the navigation's counts; with an enrolment its attendance summary and unexcused days (2); for a
# slip waiting for a course the case to register from (1).
ALERT_DETAIL_QUERIES = 15
WAITING_SLIP_DETAIL_QUERIES = ALERT_DETAIL_QUERIES - 2 + 1


# Data protection


def test_the_steps_are_in_the_officers_protocol_of_the_person(personas, registered):
    alert = registered()
    alert_action_record(actor=personas.jobcenter, membership=personas.membership("jobcenter"), alert=alert,
                        kind="contact_noted", acted_on=TODAY)  # fmt: skip
    changes = events(alert.enrolment.person, {personas.agency("jobcenter").pk}, Filters(kind=CHANGE))
    steps = [event for event in changes if event.what.startswith("Maßnahme zu einer Meldung")]
    assert [(event.user, event.what) for event in steps] == [
        (personas.jobcenter, "Maßnahme zu einer Meldung: Erstellt")
    ]


def test_the_retention_job_deletes_a_resolved_alert_with_its_steps(personas, registered):
    alert = registered()
    jobcenter, membership = personas.jobcenter, personas.membership("jobcenter")
    alert_action_record(actor=jobcenter, membership=membership, alert=alert, kind="contact_noted", acted_on=TODAY)
    alert_resolve(actor=jobcenter, membership=membership, alert=alert, note="Kurs begonnen")
    done = apply_retention(today=TODAY + timedelta(days=11 * 366))
    assert done["alert"] == 1
    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert not AlertAction.objects.exists()
    assert not AlertAction.history.exists()
