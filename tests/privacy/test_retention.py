"""The retention schedule on the officer's pages: what falls due (§ 84 Abs. 2 SGB X, Art. 17 DSGVO), legal holds that
keep a record, the date on the case page, and who may see any of it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Person
from cases.models.choices import CaseStatus
from courses.models import Alert
from privacy.models import LegalHold
from privacy.retention import apply_retention
from privacy.services import hold_place
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db

RETENTION = reverse("privacy:retention")


def closed_long_ago(case: Case, closed_on: date) -> Case:
    """Test data from before the programme's records had history: set directly."""
    Case.objects.filter(pk=case.pk).update(
        opened_on=closed_on - timedelta(days=400), closed_on=closed_on, status=CaseStatus.CLOSED
    )
    case.refresh_from_db()
    return case


def five_years_before(day: date) -> date:
    return day.replace(year=day.year - 5)


def test_the_officer_sees_the_schedule_and_who_falls_due(personas, login, make_case):
    today = timezone.localdate()
    due = closed_long_ago(make_case("beratung", family_name="Haddad"), five_years_before(today) + timedelta(days=30))
    closed_late = make_case("beratung", family_name="Weldu")
    closed_long_ago(closed_late, five_years_before(today) + timedelta(days=200))  # due in 200 days: not listed
    page = login(personas.datenschutz).get(RETENTION).content.decode()
    assert "§ 84 Abs. 2 SGB X" in page
    assert "Eintrag im Zugriffsprotokoll" in page
    listed = page.split("Zur Löschung fällig in den nächsten 90 Tagen", 1)[1].split("Aufbewahrungspflichten</h2>")[0]
    assert "Haddad" in listed
    assert "Weldu" not in listed
    assert (due.closed_on.replace(year=due.closed_on.year + 5)).strftime("%d.%m.%Y") in listed


def test_a_hold_keeps_the_record_until_it_is_released(personas, login, make_case):
    case = closed_long_ago(make_case("beratung", family_name="Haddad"), date(2020, 1, 15))
    officer = login(personas.datenschutz)
    response = officer.post(
        reverse("privacy:hold_place", args=[case.person_id]), {"reason": "Klage vor dem SG Münster"}, follow=True
    )
    assert "Klage vor dem SG Münster" in response.content.decode()
    assert apply_retention(today=timezone.localdate()).get("closed_case", 0) == 0
    assert Person.objects.filter(pk=case.person_id).exists()
    hold = LegalHold.objects.get()
    assert hold.history.get().history_user == personas.datenschutz
    officer.post(reverse("privacy:hold_release", args=[hold.pk]))
    assert apply_retention(today=timezone.localdate())["closed_case"] == 1
    assert not Person.objects.filter(pk=case.person_id).exists()


def test_a_hold_needs_a_reason_named_at_its_field(personas, login, make_case):
    case = make_case("beratung")
    response = login(personas.datenschutz).post(
        reverse("privacy:hold_place", args=[case.person_id]), {"reason": "  "}, follow=True
    )
    assert "Grund für die Aufbewahrung: Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not LegalHold.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_officers_placing_a_hold_at_once_make_one(personas, make_case):
    case = make_case("beratung")
    membership = personas.membership("datenschutz")

    def place():
        return hold_place(actor=personas.datenschutz, membership=membership, person=case.person, reason="Prüfung")

    outcomes = at_once(place, place)
    assert LegalHold.objects.count() == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1


def test_the_case_page_names_the_erasure_date_of_a_closed_case(personas, login, make_case):
    case = closed_long_ago(make_case("beratung"), date(2025, 6, 30))
    page = login(personas.beratung).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Zur Löschung vorgesehen am" in page
    assert "30.06.2030" in page


def test_the_retention_page_costs_the_same_queries_for_one_and_for_many(personas, login, make_case):
    client = login(personas.datenschutz)
    closed_long_ago(make_case("beratung", family_name="Haddad"), date(2021, 1, 4))

    def grow():
        for name in ("Weldu", "Arslan", "Demir"):
            case = closed_long_ago(make_case("beratung", family_name=name), date(2021, 2, 1))
            LegalHold.objects.create(person=case.person, reason="Prüfung", placed_by=personas.datenschutz)

    assert_constant_queries(lambda: client.get(RETENTION), grow)


def test_only_the_officer_reaches_the_retention_pages(personas, login, make_case):
    case = make_case("beratung")
    hold = LegalHold.objects.create(person=case.person, reason="Prüfung", placed_by=personas.datenschutz)
    for persona in ("beratung", "jobcenter", "koordination", "lenkung", "admin", "vhs"):
        client = login(personas.users[persona])
        assert client.get(RETENTION).status_code == 404, persona
        assert client.post(reverse("privacy:hold_place", args=[case.person_id]), {"reason": "x"}).status_code == 404
        assert client.post(reverse("privacy:hold_release", args=[hold.pk])).status_code == 404
    hold.refresh_from_db()
    assert hold.released_at is None
    assert LegalHold.objects.count() == 1


def test_access_log_rows_alerts_and_accounts_go_on_their_own_day(personas, make_case, make_course, make_enrolment):
    """Art. 5 Abs. 1 e DSGVO: the access log after 24 months, resolved alerts after 24, deactivated accounts
    anonymised 12 months after their last sign-in; a day earlier, each stays."""
    from dateutil.relativedelta import relativedelta

    from agencies.models import User
    from cases.models import AccessLog
    from cases.models.choices import AccessAction
    from cases.services.access import access_record

    today = timezone.localdate()
    now = timezone.now()
    case = make_case("beratung")
    reader = {"user": personas.beratung, "membership": personas.membership("beratung"), "person": case.person}
    old, recent = (access_record(**reader, case=case, action=AccessAction.DETAIL) for _ in range(2))
    AccessLog.objects.filter(pk=old.pk).update(at=now - relativedelta(months=24, days=1))
    AccessLog.objects.filter(pk=recent.pk).update(at=now - relativedelta(months=24) + timedelta(days=1))
    enrolment = make_enrolment(case.person, make_course())
    alert = Alert.objects.create(
        kind="non_attendance", enrolment=enrolment, agency=personas.agency("jobcenter"),
        window_start=date(2024, 1, 8), window_end=date(2024, 1, 12), raised_at=now - relativedelta(months=26),
        acknowledged_at=now - relativedelta(months=26), acknowledged_by=personas.jobcenter,
        resolved_at=now - relativedelta(months=25), resolved_by=personas.jobcenter, resolution_note="erledigt",
    )  # fmt: skip
    gone = User.objects.create(username="frueher", first_name="Frieda", last_name="Früher", is_active=False)
    User.objects.filter(pk=gone.pk).update(last_login=now - relativedelta(months=13))
    kept = User.objects.create(username="neulich", first_name="Nora", last_name="Neulich", is_active=False)
    User.objects.filter(pk=kept.pk).update(last_login=now - relativedelta(months=11))

    done = apply_retention(today=today)
    assert (done["access_log"], done["alert"], done["account"]) == (1, 1, 1)
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Alert.objects.filter(pk=alert.pk).exists()
    gone.refresh_from_db()
    assert (gone.username, gone.first_name, gone.last_name) == (f"geloescht-{gone.pk}", "", "")
    assert not User.history.filter(id=gone.pk, last_name="Früher").exists()
    assert User.objects.get(pk=kept.pk).last_name == "Neulich"
    assert apply_retention(today=today) == {}
