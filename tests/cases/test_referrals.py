"""Referrals (Überleitung): the lead refers a case on a lawful basis, the receiver accepts or declines, either side
closes it with a result; revoking the consent ends it; outsiders get 404 everywhere."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import OutboundEmail, Role
from cases.models import AccessLog, Case, CaseShare, Referral, ReferralStatus
from cases.models.choices import AccessAction, CaseKind, CaseStatus, DataCategory, Statute
from cases.services.cases import case_close, case_open
from cases.services.referrals import (
    referral_accept,
    referral_close,
    referral_decline,
    referral_send,
    referral_withdraw,
)
from cases.services.sharing import consent_record, consent_revoke
from privacy.erasure import erase_person
from tests.factories import MembershipFactory
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db

MASTER_AND_COURSES = [DataCategory.MASTER_DATA, DataCategory.COURSES]


@pytest.fixture
def consent_for(personas):
    def record(case, agency="jobcenter", categories=MASTER_AND_COURSES):
        return consent_record(
            actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
            receiving_agency=personas.agency(agency), purpose="Vermittlung in Arbeit", categories=categories,
            given_on=date(2026, 3, 2), form_version="Einwilligung EWG v1",
        )  # fmt: skip

    return record


@pytest.fixture
def refer(personas, consent_for):
    """refer(case, "jobcenter", ...) -> a referral sent by beratung, on a fresh consent unless a statute is named."""

    def send(case, agency="jobcenter", *, statute="", categories=MASTER_AND_COURSES, to_user=None):
        consent = None if statute else consent_for(case, agency, categories)
        return referral_send(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case,
            to_agency=personas.agency(agency), purpose="Vermittlung in Arbeit und Sprachkurs", categories=categories,
            consent=consent, statute=statute, to_user=to_user,
        )  # fmt: skip

    return send


def accept(personas, referral, username="jobcenter"):
    return referral_accept(
        actor=personas.users[username], membership=personas.membership(username), referral=referral,
        kind=CaseKind.CASE_MANAGEMENT,
    )  # fmt: skip


def test_a_referral_on_consent_is_sent_with_history_and_a_mail_without_the_name(personas, make_case, refer):
    case = make_case(family_name="Haddad")
    referral = refer(case)
    assert referral.status == ReferralStatus.SENT
    assert referral.history.get().history_user == personas.beratung
    mail = OutboundEmail.objects.get(purpose="referral")
    assert mail.to == personas.agency("jobcenter").alert_email
    assert "Haddad" not in mail.subject + mail.body
    assert "Amal" not in mail.body
    assert reverse("cases:referral_detail", args=[referral.pk]) in mail.body


def test_a_statute_carries_a_referral_only_to_whom_it_names(personas, make_case, refer):
    case = make_case()
    assert refer(case, statute=Statute.SGB_X_69).statute == Statute.SGB_X_69  # § 69 Abs. 1 Nr. 1 SGB X: jobcenter
    with pytest.raises(ValidationError) as refused:
        refer(case, "abh", statute=Statute.SGB_X_69)
    assert "§ 69 Abs. 1 Nr. 1 SGB X" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        refer(case, "abh", statute=Statute.SGB_X_71, categories=[DataCategory.MASTER_DATA, DataCategory.BENEFITS])
    assert "§ 71 Abs. 2 SGB X" in str(refused.value)
    assert Referral.objects.count() == 1


def test_a_referral_discloses_master_data_and_only_what_the_consent_covers(personas, make_case, refer, consent_for):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        refer(case, categories=[DataCategory.COURSES])
    assert "categories" in refused.value.error_dict
    consent = consent_for(case, "jobcenter", [DataCategory.MASTER_DATA])
    with pytest.raises(ValidationError) as refused:
        referral_send(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case,
            to_agency=personas.agency("jobcenter"), purpose="Arbeit", categories=MASTER_AND_COURSES, consent=consent,
        )  # fmt: skip
    assert "categories" in refused.value.error_dict


def test_a_case_is_referred_to_an_agency_once_while_the_answer_is_pending(personas, make_case, refer):
    case = make_case()
    refer(case)
    with pytest.raises(ValidationError) as refused:
        refer(case)
    assert "to_agency" in refused.value.error_dict
    assert Referral.objects.filter(case=case).count() == 1


def test_a_closed_case_and_an_agency_without_caseworkers_are_refused(personas, make_case, refer):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        refer(case, "caritas")
    assert "to_agency" in refused.value.error_dict
    case_close(actor=personas.beratung, membership=personas.membership("beratung"), case=case, closed_on=date.today())
    with pytest.raises(ValidationError):
        refer(case)


def test_accepting_opens_the_receivers_case_and_starts_the_share(personas, make_case, refer):
    case = make_case()
    referral = accept(personas, refer(case))
    assert referral.status == ReferralStatus.ACCEPTED
    received = referral.received_case
    assert (received.lead_agency, received.person, received.kind) == (
        personas.agency("jobcenter"), case.person, CaseKind.CASE_MANAGEMENT,
    )  # fmt: skip
    share = CaseShare.objects.get(case=case, agency=personas.agency("jobcenter"), revoked_at__isnull=True)
    assert (share, share.categories, share.consent) == (referral.share, MASTER_AND_COURSES, referral.consent)
    mail = OutboundEmail.objects.filter(purpose="referral", to=personas.beratung.email).get()
    assert "Haddad" not in mail.body
    assert referral.history.latest().history_user == personas.jobcenter


def test_accepting_uses_the_receivers_open_case_of_the_person(personas, make_case, refer):
    case = make_case()
    own = case_open(
        actor=personas.jobcenter, membership=personas.membership("jobcenter"), person=case.person,
        kind=CaseKind.COUNSELLING, opened_on=date(2026, 3, 3),
    )  # fmt: skip
    assert accept(personas, refer(case)).received_case == own
    assert Case.objects.filter(person=case.person, lead_agency=personas.agency("jobcenter")).count() == 1


def test_declining_needs_a_reason_the_sender_reads(personas, login, make_case, refer):
    case = make_case()
    referral = refer(case)
    jobcenter = personas.membership("jobcenter")
    with pytest.raises(ValidationError) as refused:
        referral_decline(actor=personas.jobcenter, membership=jobcenter, referral=referral, reason=" ")
    assert "reason" in refused.value.error_dict
    referral_decline(
        actor=personas.jobcenter, membership=jobcenter, referral=referral, reason="Nicht zuständig: SGB III"
    )
    page = login(personas.beratung).get(reverse("cases:case_sharing", args=[case.pk])).content.decode()
    assert "Nicht zuständig: SGB III" in page
    assert "abgelehnt" in page
    assert not CaseShare.objects.filter(case=case, agency=personas.agency("jobcenter")).exists()
    with pytest.raises(ValidationError):
        accept(personas, referral)


def test_only_the_named_case_manager_sees_a_referral_addressed_to_them(personas, login, make_case, refer):
    colleague = MembershipFactory(agency=personas.agency("jobcenter"), role=Role.CASEWORKER).user
    case = make_case()
    referral = refer(case, to_user=colleague)
    assert login(personas.jobcenter).get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 404
    assert login(colleague).get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 200
    with pytest.raises(ValidationError) as refused:
        refer(make_case(family_name="Other"), to_user=personas.abh)
    assert "to_user" in refused.value.error_dict


def test_closing_takes_a_result_and_a_reason_when_it_failed(personas, make_case, refer):
    referral = refer(make_case())
    sender = personas.membership("beratung")
    with pytest.raises(ValidationError):  # not accepted yet
        referral_close(actor=personas.beratung, membership=sender, referral=referral, outcome="successful")
    accept(personas, referral)
    with pytest.raises(ValidationError) as refused:
        referral_close(actor=personas.beratung, membership=sender, referral=referral, outcome="unsuccessful")
    assert "note" in refused.value.error_dict
    closed = referral_close(
        actor=personas.jobcenter, membership=personas.membership("jobcenter"), referral=referral,
        outcome="unsuccessful", note="Person ist verzogen",
    )  # fmt: skip
    assert (closed.status, closed.outcome, closed.ended_by) == ("closed", "unsuccessful", personas.jobcenter)
    assert CaseShare.objects.filter(pk=closed.share_id, revoked_at__isnull=True).exists()  # the lead ends it


def test_the_sender_withdraws_a_pending_referral(personas, make_case, refer):
    referral = refer(make_case())
    with pytest.raises(ValidationError):  # the receiver cannot withdraw it
        referral_withdraw(actor=personas.jobcenter, membership=personas.membership("jobcenter"), referral=referral)
    withdrawn = referral_withdraw(
        actor=personas.beratung, membership=personas.membership("beratung"), referral=referral
    )
    assert withdrawn.status == ReferralStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        accept(personas, referral)


@pytest.mark.parametrize("answered", [False, True])
def test_revoking_the_consent_ends_the_open_referral(personas, make_case, refer, answered):
    referral = refer(make_case())
    if answered:
        accept(personas, referral)
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=referral.consent)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert "widerrufen" in referral.end_note or "withdrew" in referral.end_note
    assert not CaseShare.objects.filter(case=referral.case, revoked_at__isnull=True).exists()


def test_the_receiver_reads_the_referral_and_the_read_is_logged(personas, login, make_case, refer):
    case = make_case(family_name="Haddad")
    referral = refer(case)
    client = login(personas.jobcenter)
    inbox = client.get(reverse("cases:referral_inbox")).content.decode()
    assert "Haddad" in inbox
    assert AccessLog.objects.filter(user=personas.jobcenter, persons__contains=[case.person_id]).exists()
    page = client.get(reverse("cases:referral_detail", args=[referral.pk])).content.decode()
    assert "Haddad" in page
    assert "Vermittlung in Arbeit und Sprachkurs" in page
    assert "Erstgespräch" not in page  # the notes are not disclosed
    assert AccessLog.objects.filter(
        user=personas.jobcenter, person=case.person, action=AccessAction.DETAIL, purpose="referral"
    ).exists()
    # Before the answer the receiver cannot open the sender's case.
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_the_journey_through_the_pages(personas, login, make_case, consent_for):
    case = make_case()
    consent = consent_for(case)
    sender = login(personas.beratung)
    form = sender.get(reverse("cases:referral_create", args=[case.pk]))
    assert form.status_code == 200
    data = {
        "referral-to_agency": personas.agency("jobcenter").pk, "referral-purpose": "Vermittlung in Arbeit",
        "referral-basis": f"consent:{consent.pk}", "referral-categories": MASTER_AND_COURSES,
    }  # fmt: skip
    assert sender.post(reverse("cases:referral_create", args=[case.pk]), data).status_code == 302
    referral = Referral.objects.get()
    receiver = login(personas.jobcenter)
    answered = receiver.post(reverse("cases:referral_accept", args=[referral.pk]), {"kind": CaseKind.COUNSELLING})
    assert answered.status_code == 302
    assert receiver.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200  # the share started
    referral.refresh_from_db()
    own_tab = receiver.get(reverse("cases:case_sharing", args=[referral.received_case_id])).content.decode()
    assert reverse("cases:referral_detail", args=[referral.pk]) in own_tab
    assert "angenommen" in sender.get(reverse("cases:referral_inbox") + "?box=sent&state=accepted").content.decode()


def test_a_refused_referral_form_names_the_field(personas, login, make_case):
    case = make_case()
    data = {
        "referral-to_agency": personas.agency("abh").pk, "referral-purpose": "Aufenthalt klären",
        "referral-basis": f"statute:{Statute.SGB_X_69}", "referral-categories": [DataCategory.MASTER_DATA],
    }  # fmt: skip
    response = login(personas.beratung).post(reverse("cases:referral_create", args=[case.pk]), data)
    assert response.status_code == 400
    assert "§ 69 Abs. 1 Nr. 1 SGB X" in response.content.decode()
    assert not Referral.objects.exists()


# Who gets what on the referral pages: a referral from beratung to the jobcenter, pending.
PAGES = ("inbox", "detail", "accept", "decline", "withdraw", "close")
SENDER = {"inbox": 200, "detail": 200, "accept": 404, "decline": 404, "withdraw": 302, "close": 400}
RECEIVER = {"inbox": 200, "detail": 200, "accept": 302, "decline": 400, "withdraw": 404, "close": 400}
OUTSIDER = dict.fromkeys(PAGES, 404)
CASEWORKER_ELSEWHERE = {**OUTSIDER, "inbox": 200}
REFERRAL_MATRIX = {
    "beratung": SENDER,
    "jobcenter": RECEIVER,
    "asyl": CASEWORKER_ELSEWHERE,
    "abh": CASEWORKER_ELSEWHERE,
    "ehrenamt": OUTSIDER,
    "vhs": OUTSIDER,
    "vhs-lehrkraft": OUTSIDER,
    "koordination": OUTSIDER,
    "lenkung": OUTSIDER,
    "jobcenter-admin": OUTSIDER,
    "datenschutz": OUTSIDER,
    "admin": OUTSIDER,
}


@pytest.mark.parametrize("persona", list(REFERRAL_MATRIX))
def test_referral_pages_by_persona(personas, login, make_case, refer, persona):
    referral = refer(make_case(family_name="Quetzal"))
    client = login(personas.users[persona])
    expected = REFERRAL_MATRIX[persona]
    got = {}
    for page in PAGES:
        if page == "inbox":
            response = client.get(reverse("cases:referral_inbox"))
        elif page == "detail":
            response = client.get(reverse("cases:referral_detail", args=[referral.pk]))
        else:
            response = client.post(reverse(f"cases:referral_{page}", args=[referral.pk]), {"kind": "counselling"})
            referral.refresh_from_db()
            if referral.status != ReferralStatus.SENT:  # the next answer starts from a pending referral again
                Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.SENT)
        got[page] = response.status_code
        if response.status_code == 200 and page == "inbox" and expected["detail"] == 404:
            assert "Quetzal" not in response.content.decode()
    assert got == expected


def test_the_inbox_costs_the_same_queries_whatever_it_holds(personas, login, make_case, refer):
    refer(make_case(family_name="Eins"))
    client = login(personas.jobcenter)

    def grow():
        for name in ("Zwei", "Drei", "Vier", "Fuenf"):
            referral = refer(make_case(family_name=name))
        accept(personas, referral)

    assert_constant_queries(lambda: client.get(reverse("cases:referral_inbox") + "?state=open"), grow)
    assert_constant_queries(
        lambda: client.get(reverse("cases:referral_inbox") + "?state=accepted"),
        lambda: accept(personas, refer(make_case(family_name="Sieben"))),
    )
    assert_constant_queries(
        lambda: login(personas.beratung).get(reverse("cases:referral_inbox") + "?box=sent"),
        lambda: refer(make_case(family_name="Sechs")),
    )


def test_a_restricted_persons_referral_vanishes_from_the_inbox(personas, login, make_case, refer):
    case = make_case(family_name="Verborgen")
    referral = refer(case)
    type(case.person).objects.filter(pk=case.person_id).update(
        restricted_at="2026-12-01T10:00Z", restriction_reason="x"
    )
    client = login(personas.jobcenter)
    assert "Verborgen" not in client.get(reverse("cases:referral_inbox")).content.decode()
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 404


def test_erasure_takes_the_referrals_with_it(personas, make_case, refer):
    case = make_case()
    referral = accept(personas, refer(case))
    case_close(actor=personas.jobcenter, membership=personas.membership("jobcenter"), case=referral.received_case,
               closed_on=date.today())  # fmt: skip
    case_close(actor=personas.beratung, membership=personas.membership("beratung"), case=case, closed_on=date.today())
    erase_person(case.person_id, reason="Test")
    assert not Referral.objects.exists()
    assert not Referral.history.exists()
    assert not Case.objects.filter(person_id=case.person_id).exists()


@pytest.mark.django_db(transaction=True)
def test_accepting_and_revoking_at_once_leave_no_share_on_a_revoked_consent(personas, make_case, refer):
    referral = refer(make_case())

    def revoke():
        return consent_revoke(
            actor=personas.beratung, membership=personas.membership("beratung"), consent=referral.consent
        )

    at_once(lambda: accept(personas, referral), revoke)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert not CaseShare.objects.filter(case=referral.case, revoked_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_accepting_at_once_open_one_case(personas, make_case, refer):
    colleague = MembershipFactory(agency=personas.agency("jobcenter"), role=Role.CASEWORKER)
    referral = refer(make_case())

    def by_colleague():
        return referral_accept(actor=colleague.user, membership=colleague, referral=referral, kind=CaseKind.COUNSELLING)

    outcomes = at_once(lambda: accept(personas, referral), by_colleague)
    assert sum(isinstance(outcome, Referral) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    assert Case.objects.filter(lead_agency=personas.agency("jobcenter"), status=CaseStatus.OPEN).count() == 1
    assert CaseShare.objects.filter(agency=personas.agency("jobcenter")).count() == 1


def test_the_navigation_counts_every_number_in_one_query(personas, login, make_case, share_by_consent):
    case = make_case()
    consent, _share = share_by_consent(case, "jobcenter")
    referral_send(
        actor=personas.beratung, membership=personas.membership("beratung"), case=case,
        to_agency=personas.agency("jobcenter"), purpose="Arbeit", categories=["master_data"], consent=consent,
    )  # fmt: skip
    client = login(personas.jobcenter)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home"))
    nav = {item.url_name: count for item, count in page.context["nav_items"]}
    assert nav["cases:referral_inbox"] == 1
    assert nav["courses:alert_inbox"] == 0
    counting = [query for query in queries.captured_queries if query["sql"].startswith("SELECT (SELECT count(*)")]
    assert len(counting) == 1


def test_the_revocation_page_says_which_referrals_end(personas, login, make_case, refer):
    referral = refer(make_case())
    url = reverse("cases:consent_revoke", args=[referral.case_id, referral.consent_id])
    page = login(personas.beratung).get(url).content.decode()
    assert "1 offene Überleitung" in page
    assert personas.agency("jobcenter").name in page
