"""What cannot be undone is confirmed first: a GET on the action's URL says what will happen (computed from the data)
and changes nothing; the POST does it through the service, with history naming the actor. The revocation of a
consent is dated the day the person withdrew it; a closed case can be reopened by its lead, with a reason."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, PlanStep
from cases.models.choices import AccessAction, CaseKind, CasePhase, CaseStatus, DataCategory
from cases.services.cases import (
    case_close,
    case_open,
    case_reopen,
    case_set_phase,
    personal_goal_add,
    plan_step_add,
)
from cases.services.sharing import case_share_grant, consent_revoke
from privacy.retention import persons_due
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db

OUTSIDERS = ["jobcenter", "asyl", "ehrenamt", "vhs", "datenschutz", "lenkung"]
# session, user, memberships, the view's savepoint (2), case with person, agency and manager, the consent, the shares
# on it with their agencies, the open referrals on it, the consent's receiving agency, access log, the navigation's
# count, session save (3)
REVOCATION_PAGE_QUERIES = 15
# the same without the consent and its agency: the case's shares with their agencies
CLOSING_PAGE_QUERIES = 12


def today():
    return timezone.localdate()


@pytest.fixture
def lead(personas):
    return {"actor": personas.beratung, "membership": personas.membership("beratung")}


@pytest.fixture
def shared(make_case, share_by_consent):
    """A case shared with the jobcenter on the person's consent: master data and courses."""
    case = make_case("beratung")
    consent, share = share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    return case, consent, share


@pytest.fixture
def closed(make_case, lead):
    case = make_case("beratung")
    return case_close(**lead, case=case, closed_on=today() - timedelta(days=10))


@pytest.fixture
def step(make_case, lead):
    case = make_case("beratung", kind=CaseKind.CASE_MANAGEMENT)
    goal = personal_goal_add(**lead, plan=case.support_plan, title="Arbeitsaufnahme im Handwerk")
    return plan_step_add(**lead, goal=goal, title="Praktikum suchen", responsible="Herr Yılmaz (Jobcenter)")


def confirmation_urls(shared, closed, step) -> dict[str, str]:
    case, consent, share = shared
    return {
        "consent_revoke": reverse("cases:consent_revoke", args=[case.pk, consent.pk]),
        "share_revoke": reverse("cases:share_revoke", args=[case.pk, share.pk]),
        "case_close": reverse("cases:case_close", args=[case.pk]),
        "case_reopen": reverse("cases:case_reopen", args=[closed.pk]),
        "step_done": reverse("cases:step_done", args=[step.goal.plan.case_id, step.pk]),
    }


# --- the pages ---


def test_each_confirmation_page_says_what_will_happen_and_changes_nothing(personas, login, shared, closed, step):
    case, consent, share = shared
    jobcenter = personas.agency("jobcenter").name
    client = login(personas.beratung)
    expected = {
        "consent_revoke": [
            "Widerruf der Einwilligung von Amal Haddad für",
            f"Der Widerruf beendet 1 Freigabe: {jobcenter} (Stammdaten, Kurse).",
            "Die Freigabe endet im Moment Ihrer Bestätigung",
            "Widerrufen am",
            "Das lässt sich nicht rückgängig machen.",
        ],
        "share_revoke": [
            f"Freigabe des Falls von Amal Haddad an {jobcenter} beenden",
            f"{jobcenter} verliert sofort den Zugriff auf den Fall: Stammdaten, Kurse.",
        ],
        "case_close": [
            "Fall von Amal Haddad abschließen",
            f"1 Freigabe bleibt bestehen, bis Sie sie beenden: {jobcenter} (Stammdaten, Kurse).",
            "Abgeschlossen am",
            "mit Begründung wiedereröffnen",
        ],
        "case_reopen": ["Fall von Amal Haddad wiedereröffnen", "Grund der Wiedereröffnung", "nicht mehr zur Löschung"],
        "step_done": [
            "Schritt „Praktikum suchen“ als erledigt markieren",
            "Arbeitsaufnahme im Handwerk",
            "Erledigt am",
        ],
    }
    for name, url in confirmation_urls(shared, closed, step).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        for text in [*expected[name], "Bestätigen", "Abbrechen", 'name="submission"']:
            assert text in page, f"{name}: {text}"
    consent.refresh_from_db()
    share.refresh_from_db()
    case.refresh_from_db()
    closed.refresh_from_db()
    assert (consent.revoked_on, share.revoked_at, case.status, closed.status) == (None, None, "open", "closed")
    assert not PlanStep.objects.filter(done_on__isnull=False).exists()
    # Each page names the person: a read, logged like the case page.
    assert AccessLog.objects.filter(action=AccessAction.DETAIL, purpose="confirmation").count() == 5


def test_the_pages_listing_shares_cost_the_same_however_many(personas, login, lead, shared, share_by_consent):
    case, consent, _share = shared
    client = login(personas.beratung)

    def page(url):
        def get():
            assert client.get(url).status_code == 200, url

        return get

    def more_shares_on_the_consent():  # of other cases of the person, led by the same agency
        for _ in range(3):
            other = case_open(**lead, person=case.person, kind=CaseKind.COUNSELLING, opened_on=today())
            case_share_grant(
                **lead, case=other, agency=personas.agency("jobcenter"), categories=[DataCategory.MASTER_DATA],
                consent=consent,
            )  # fmt: skip

    def more_shares_of_the_case():
        for agency in ("vhs", "caritas", "fluechtlingshilfe"):
            share_by_consent(case, agency, categories=[DataCategory.MASTER_DATA])

    revocation = reverse("cases:consent_revoke", args=[case.pk, consent.pk])
    assert assert_constant_queries(page(revocation), more_shares_on_the_consent) == REVOCATION_PAGE_QUERIES
    closing = reverse("cases:case_close", args=[case.pk])
    assert assert_constant_queries(page(closing), more_shares_of_the_case) == CLOSING_PAGE_QUERIES


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_confirmation_page(personas, login, shared, closed, step, persona):
    client = login(personas.users[persona])
    for name, url in confirmation_urls(shared, closed, step).items():
        assert client.get(url).status_code == 404, name


def test_the_buttons_on_the_pages_lead_to_the_confirmation(personas, login, shared, closed, step):
    case, consent, share = shared
    client = login(personas.beratung)
    sharing = client.get(reverse("cases:case_sharing", args=[case.pk])).content.decode()
    assert f'href="{reverse("cases:consent_revoke", args=[case.pk, consent.pk])}"' in sharing
    assert f'href="{reverse("cases:share_revoke", args=[case.pk, share.pk])}"' in sharing
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("cases:case_close", args=[case.pk])}"' in detail
    assert "Fall wiedereröffnen" not in detail
    plan = client.get(reverse("cases:case_detail", args=[step.goal.plan.case_id])).content.decode()
    assert f'href="{reverse("cases:step_done", args=[step.goal.plan.case_id, step.pk])}"' in plan


def test_an_action_already_done_leads_back_with_a_note(personas, login, shared, lead):
    case, consent, _share = shared
    consent_revoke(**lead, consent=consent)
    response = login(personas.beratung).get(reverse("cases:consent_revoke", args=[case.pk, consent.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:case_sharing", args=[case.pk])
    assert "bereits widerrufen" in response.content.decode()


# --- consent revocation: dated truthfully ---


def test_a_revocation_of_last_week_is_recorded_as_such_and_the_shares_end_now(personas, login, shared):
    case, consent, share = shared
    last_week = today() - timedelta(days=7)
    response = login(personas.beratung).post(
        reverse("cases:consent_revoke", args=[case.pk, consent.pk]), {"revoked_on": last_week.isoformat()}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    share.refresh_from_db()
    assert consent.revoked_on == last_week
    assert timezone.localtime(share.revoked_at).date() == today()  # ended when recorded, not back-dated
    assert consent.history.latest().history_user == personas.beratung
    assert share.history.latest().history_user == personas.beratung


def test_a_revocation_in_the_future_is_refused_at_its_field(personas, login, shared, lead, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)
    case, consent, share = shared
    tomorrow = "2026-11-26"
    response = login(personas.beratung).post(
        reverse("cases:consent_revoke", args=[case.pk, consent.pk]), {"revoked_on": tomorrow}
    )
    assert response.status_code == 400
    assert "Das Datum liegt in der Zukunft." in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        consent_revoke(**lead, consent=consent, revoked_on=today() + timedelta(days=1))
    assert refused.value.message_dict == {"revoked_on": ["Das Datum des Widerrufs darf nicht in der Zukunft liegen."]}
    consent.refresh_from_db()
    share.refresh_from_db()
    assert (consent.revoked_on, share.revoked_at) == (None, None)


def test_a_revocation_before_the_consent_was_given_is_refused_on_the_page(personas, login, shared):
    case, consent, _share = shared
    before = (consent.given_on - timedelta(days=1)).isoformat()
    response = login(personas.beratung).post(
        reverse("cases:consent_revoke", args=[case.pk, consent.pk]), {"revoked_on": before}
    )
    assert response.status_code == 400
    assert "Der Widerruf kann nicht vor der Erteilung der Einwilligung liegen." in response.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_on is None


def test_a_revocation_without_a_date_is_refused(personas, login, shared):
    case, consent, _share = shared
    response = login(personas.beratung).post(reverse("cases:consent_revoke", args=[case.pk, consent.pk]))
    assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.revoked_on is None


# --- ending a share, closing, marking a step done ---


def test_ending_a_share_still_works_and_names_the_actor(personas, login, shared):
    case, _consent, share = shared
    response = login(personas.beratung).post(reverse("cases:share_revoke", args=[case.pk, share.pk]))
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert share.history.latest().history_user == personas.beratung


def test_closing_through_the_confirmation_keeps_the_shares(personas, login, shared):
    case, _consent, share = shared
    closed_on = today() - timedelta(days=2)
    login(personas.beratung).post(reverse("cases:case_close", args=[case.pk]), {"closed_on": closed_on.isoformat()})
    case.refresh_from_db()
    share.refresh_from_db()
    assert (case.status, case.closed_on, share.revoked_at) == (CaseStatus.CLOSED, closed_on, None)
    assert case.history.latest().history_user == personas.beratung


def test_a_step_done_last_week_is_recorded_so(personas, login, step):
    last_week = today() - timedelta(days=7)
    url = reverse("cases:step_done", args=[step.goal.plan.case_id, step.pk])
    assert login(personas.beratung).post(url, {"done_on": last_week.isoformat()}).status_code == 302
    step.refresh_from_db()
    assert step.done_on == last_week
    assert step.history.latest().history_user == personas.beratung


# --- reopening a closed case ---


def test_the_lead_reopens_a_closed_case_with_a_reason(personas, login, closed):
    client = login(personas.beratung)
    detail_url = reverse("cases:case_detail", args=[closed.pk])
    page = client.get(detail_url).content.decode()
    assert "Zur Löschung vorgesehen am" in page
    assert f'href="{reverse("cases:case_reopen", args=[closed.pk])}"' in page
    reason = "Die Person ist mit einem neuen Anliegen zurückgekommen."
    response = client.post(reverse("cases:case_reopen", args=[closed.pk]), {"reason": reason})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert (closed.status, closed.closed_on) == (CaseStatus.OPEN, None)
    row = closed.history.latest()
    assert (row.history_user, row.history_change_reason) == (personas.beratung, reason)
    page = client.get(detail_url).content.decode()
    assert "Zur Löschung vorgesehen am" not in page
    assert "Fall wiedereröffnen" not in page
    assert not persons_due(today() + timedelta(days=365 * 30)).filter(pk=closed.person_id).exists()


def test_reopening_needs_a_reason(personas, login, closed):
    response = login(personas.beratung).post(reverse("cases:case_reopen", args=[closed.pk]), {"reason": "  "})
    assert response.status_code == 400
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


def test_a_case_management_case_returns_to_its_phase_before_closing(make_case, lead):
    case = make_case("beratung", kind=CaseKind.CASE_MANAGEMENT)
    case_set_phase(**lead, case=case, phase=CasePhase.PLANNING)
    case = case_close(**lead, case=case, closed_on=today())
    assert case.phase == CasePhase.CLOSURE
    case = case_reopen(**lead, case=case, reason="Irrtümlich abgeschlossen")
    assert (case.status, case.phase) == (CaseStatus.OPEN, CasePhase.PLANNING)


@pytest.mark.parametrize("persona", ["jobcenter", "asyl"])
def test_only_the_lead_reopens(personas, login, closed, share_by_consent, persona):
    share_by_consent(closed, "jobcenter")  # the jobcenter sees the case, but does not lead it
    response = login(personas.users[persona]).post(reverse("cases:case_reopen", args=[closed.pk]), {"reason": "x"})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        case_reopen(actor=personas.users[persona], membership=personas.membership(persona), case=closed, reason="x")
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


def test_an_open_case_is_not_reopened(personas, login, make_case, lead):
    case = make_case("beratung")
    with pytest.raises(ValidationError) as refused:
        case_reopen(**lead, case=case, reason="Versehen")
    assert refused.value.messages == ["Der Fall ist offen; nur ein abgeschlossener Fall kann wiedereröffnet werden."]
    response = login(personas.beratung).get(reverse("cases:case_reopen", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    assert "nur ein abgeschlossener Fall" in response.content.decode()
    assert case.history.count() == 1


def test_no_second_open_case_of_the_person_at_the_agency(closed, lead):
    case_open(**lead, person=closed.person, kind=CaseKind.COUNSELLING, opened_on=today())
    with pytest.raises(ValidationError) as refused:
        case_reopen(**lead, case=closed, reason="Neues Anliegen")
    assert "bereits einen offenen Fall" in refused.value.messages[0]
    assert Case.objects.get(pk=closed.pk).status == CaseStatus.CLOSED


@pytest.mark.django_db(transaction=True)
def test_two_reopenings_of_one_persons_cases_at_once_leave_one_open(make_case, lead):
    """Both lock the person before they look for an open case: the second sees the first one's and is refused."""
    first = make_case("beratung")
    second = case_open(**lead, person=first.person, kind=CaseKind.COUNSELLING, opened_on=today() - timedelta(days=3))
    for case in (first, second):
        case_close(**lead, case=case, closed_on=today())
    outcomes = at_once(
        lambda: case_reopen(**lead, case=first, reason="Neues Anliegen"),
        lambda: case_reopen(**lead, case=second, reason="Neues Anliegen"),
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(refused) == 1, outcomes
    assert "bereits einen offenen Fall" in refused[0].messages[0]
    assert Case.objects.filter(person=first.person, status=CaseStatus.OPEN).count() == 1
