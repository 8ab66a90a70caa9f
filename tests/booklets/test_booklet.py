"""The companion booklet: only what the person consented to, printed editions kept as frozen content, every print
and download in the access log, and nobody but the lead agency's caseworkers reaches it."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from booklets.content import BAMF
from booklets.models import BookletEdition, BookletSection, CompanionBooklet
from booklets.sections import allowed_sections, consented_categories, section_choices
from booklets.services import booklet_print, booklet_save, edition_read
from cases.models import AccessLog
from cases.models.choices import AccessAction, CaseKind, ConsentUse, DataCategory
from cases.selectors import get_case_for_user
from cases.services.cases import personal_goal_add, plan_step_add, plan_step_done
from cases.services.sharing import case_share_grant, consent_record, consent_revoke
from courses.models.choices import EntitlementKind

pytestmark = pytest.mark.django_db

M, N, C = DataCategory.MASTER_DATA, DataCategory.NOTES, DataCategory.COURSES
ALL_SECTIONS = list(BookletSection.values)
BOOKLET_URL_NAMES = {"case_booklet", "booklet_consent", "booklet_edit", "booklet_download"}


def test_every_url_of_the_app_is_in_a_table():
    """The booklet tab (case_booklet) is a column of the case matrix; the other pages are tested below."""
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "booklets")
    assert {pattern.name for pattern in resolver.url_patterns} == BOOKLET_URL_NAMES


@pytest.fixture
def case(make_case, personas):
    case = make_case("beratung", family_name="Haddad", kind=CaseKind.CASE_MANAGEMENT)
    user, membership = personas.beratung, personas.membership("beratung")
    goal = personal_goal_add(actor=user, membership=membership, plan=case.support_plan, title="Deutsch auf B1 lernen")
    done = plan_step_add(
        actor=user, membership=membership, goal=goal, title="Beratung zum Kurs", responsible="Team Beratung"
    )
    plan_step_done(actor=user, membership=membership, step=done, done_on=timezone.localdate() - timedelta(days=3))
    plan_step_add(
        actor=user, membership=membership, goal=goal, title="Termin bei der VHS", responsible="VHS Rheine",
        due_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    return case


def consent(personas, case, categories, *, given_on=date(2026, 3, 2)):
    return consent_record(
        actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
        receiving_agency=personas.agency("team-beratung"), purpose="Begleitheft", categories=categories,
        given_on=given_on, form_version="Einwilligung Begleitheft v1", use=ConsentUse.BOOKLET,
    )  # fmt: skip


def access_of(personas, case, username="beratung"):
    return get_case_for_user(personas.users[username], personas.membership(username), case.pk)


def test_sections_follow_the_categories_of_the_consent():
    assert allowed_sections(frozenset()) == []
    assert allowed_sections(frozenset({M})) == ["contacts"]
    assert allowed_sections(frozenset({M, N})) == ["contacts", "goals", "appointments"]
    # Steps reached come from the plan and the enrolments: both categories.
    assert allowed_sections(frozenset({N, C})) == ["goals", "steps", "courses", "appointments", "entitlement"]
    choices = {choice.section: choice for choice in section_choices(frozenset({M, N}))}
    assert choices["courses"].missing == ("Kurse",)
    assert choices["steps"].missing == ("Kurse",)
    assert choices["contacts"].allowed


def test_only_active_booklet_consents_to_the_issuing_agency_count(personas, case, share_by_consent):
    today = timezone.localdate()
    share_by_consent(case, "jobcenter", categories=[M, N, C])  # a transfer consent is no consent to the booklet
    assert consented_categories(case.person, personas.agency("team-beratung"), today) == frozenset()
    given = consent(personas, case, [M, N])
    assert consented_categories(case.person, personas.agency("team-beratung"), today) == {M, N}
    assert consented_categories(case.person, personas.agency("jobcenter"), today) == frozenset()
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=given)
    assert consented_categories(case.person, personas.agency("team-beratung"), today) == frozenset()


def test_a_booklet_consent_is_given_to_the_printing_agency_and_cannot_carry_a_share(personas, case):
    with pytest.raises(ValidationError) as refused:
        consent_record(
            actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
            receiving_agency=personas.agency("jobcenter"), purpose="Begleitheft", categories=[M],
            given_on=date(2026, 3, 2), form_version="v1", use=ConsentUse.BOOKLET,
        )  # fmt: skip
    assert "Stelle, die es druckt" in str(refused.value)
    given = consent(personas, case, [M, N, C])
    with pytest.raises(ValidationError) as refused:
        case_share_grant(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case,
            agency=personas.agency("team-beratung"), categories=[M], consent=given,
        )  # fmt: skip
    assert case.shares.count() == 0


def test_a_section_without_consent_cannot_be_chosen_and_nothing_is_saved(personas, case):
    consent(personas, case, [M, N])
    with pytest.raises(ValidationError) as refused:
        booklet_save(
            actor=personas.beratung, membership=personas.membership("beratung"), access=access_of(personas, case),
            language="ar", sections=["contacts", "courses"],
        )  # fmt: skip
    assert "„Kurse und Zertifikate“ braucht die Einwilligung" in " ".join(refused.value.messages)
    assert "Kurse" in " ".join(refused.value.messages)
    assert not CompanionBooklet.objects.exists()


def test_saving_keeps_the_choice_with_history_and_the_acting_user(personas, case):
    consent(personas, case, [M, N, C])
    access = access_of(personas, case)
    booklet = booklet_save(
        actor=personas.beratung, membership=personas.membership("beratung"), access=access, language="ar",
        sections=["steps", "contacts"],
    )  # fmt: skip
    assert booklet.sections == ["contacts", "steps"]  # in the booklet's order
    assert booklet.issuing_agency == personas.agency("team-beratung")
    booklet_save(
        actor=personas.beratung, membership=personas.membership("beratung"), access=access, language="fa",
        sections=["contacts"],
    )  # fmt: skip
    history = list(booklet.history.order_by("history_id"))
    assert [row.language for row in history] == ["ar", "fa"]
    assert {row.history_user for row in history} == {personas.beratung}


def test_print_freezes_only_chosen_and_consented_sections_and_logs_it(personas, case):
    consent(personas, case, [M, N])
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="ar",
                 sections=["contacts", "goals", "appointments"])  # fmt: skip
    printed = booklet_print(actor=personas.beratung, membership=membership, access=access)
    edition = printed.edition
    content = edition.content
    assert edition.number == 1
    assert content["sections"] == ["contacts", "goals", "appointments"]
    for absent in ("steps", "courses", "entitlement"):
        assert absent not in content
    assert [goal["title"] for goal in content["goals"]] == ["Deutsch auf B1 lernen"]
    assert [step["title"] for step in content["goals"][0]["next_steps"]] == ["Termin bei der VHS"]
    assert content["appointments"][0]["title"] == "Termin bei der VHS"
    assert content["contacts"][0]["agency"] == personas.agency("team-beratung").name
    assert printed.pdf.startswith(b"%PDF")
    assert edition.pdf_sha256 == hashlib.sha256(printed.pdf).hexdigest()
    assert edition.pages >= 1
    assert edition.history.get().history_user == personas.beratung
    log = AccessLog.objects.get(action=AccessAction.BOOKLET)
    assert (log.user, log.person, log.case) == (personas.beratung, case.person, case)
    assert "gedruckt" in log.purpose


def test_44_abs_4_a_bamf_admission_letter_names_the_bamf_as_its_issuer(personas, case, make_entitlement):
    """The agency only recorded the letter: the booklet must not tell the person the agency admitted them."""
    consent(personas, case, [M, C])
    make_entitlement(case.person, kind=EntitlementKind.ADMISSION, admission_reference="5123456-439")
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="de",
                 sections=["entitlement"])  # fmt: skip
    slips = booklet_print(actor=personas.beratung, membership=membership, access=access).edition.content["entitlement"]
    assert [(slip["kind"], slip["issuer"]) for slip in slips] == [("admission", BAMF)]


def test_a_revoked_consent_stops_the_next_print(personas, case):
    given = consent(personas, case, [M, N])
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="en", sections=["goals"])
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=given)
    with pytest.raises(ValidationError):
        booklet_print(actor=personas.beratung, membership=membership, access=access)
    assert not BookletEdition.objects.exists()
    assert not AccessLog.objects.filter(action=AccessAction.BOOKLET).exists()


def test_an_edition_is_rebuilt_from_its_frozen_content_and_the_read_is_logged(personas, case):
    consent(personas, case, [M, N, C])
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="uk", sections=ALL_SECTIONS)
    first = booklet_print(actor=personas.beratung, membership=membership, access=access)
    # The plan changes after the print: the first edition still shows what it showed.
    goal = case.support_plan.goals.get()
    goal.title = "Arbeit als Pflegehelferin finden"
    goal.save()
    read = edition_read(actor=personas.beratung, membership=membership, access=access, number=1)
    assert read.pdf == first.pdf
    assert hashlib.sha256(read.pdf).hexdigest() == first.edition.pdf_sha256
    second = booklet_print(actor=personas.beratung, membership=membership, access=access)
    assert second.edition.number == 2
    assert second.edition.content["goals"][0]["title"] == "Arbeit als Pflegehelferin finden"
    assert first.edition.content["goals"][0]["title"] == "Deutsch auf B1 lernen"
    purposes = sorted(AccessLog.objects.filter(action=AccessAction.BOOKLET).values_list("purpose", flat=True))
    assert purposes == [
        "Begleitheft Ausgabe 1 gedruckt",
        "Begleitheft Ausgabe 1 gelesen",
        "Begleitheft Ausgabe 2 gedruckt",
    ]


def test_page_shows_why_a_section_cannot_be_chosen(personas, login, case):
    consent(personas, case, [M, N])
    page = login(personas.beratung).get(reverse("booklets:case_booklet", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="courses" id="section-courses" disabled' in html
    assert 'value="contacts" id="section-contacts" checked' in html
    assert "fehlt die Einwilligung der Person in das Begleitheft: Kurse" in html


def test_posting_a_refused_section_answers_400_with_the_reason(personas, login, case):
    consent(personas, case, [M])
    response = login(personas.beratung).post(
        reverse("booklets:booklet_edit", args=[case.pk]), {"language": "ar", "sections": ["contacts", "goals"]}
    )
    assert response.status_code == 400
    assert "braucht die Einwilligung" in response.content.decode()
    assert not CompanionBooklet.objects.exists()


def test_consent_print_and_download_through_the_pages(personas, login, case):
    client = login(personas.beratung)
    recorded = client.post(
        reverse("booklets:booklet_consent", args=[case.pk]),
        {"consent-categories": [M, N, C], "consent-given_on": "2026-03-02", "consent-form_version": "v1",
         "consent-in_presence": "on"},
    )  # fmt: skip
    assert recorded.status_code == 302
    printed = client.post(
        reverse("booklets:booklet_edit", args=[case.pk]), {"language": "ar", "sections": ALL_SECTIONS, "print": "1"}
    )
    assert printed.status_code == 302
    page = client.get(reverse("booklets:case_booklet", args=[case.pk])).content.decode()
    assert "Ausgabe 1 des Begleithefts wurde gedruckt" in page
    download = client.get(reverse("booklets:booklet_download", args=[case.pk, 1]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "ausgabe-1-ar.pdf" in download["Content-Disposition"]
    assert client.get(reverse("booklets:booklet_download", args=[case.pk, 2])).status_code == 404


@pytest.mark.parametrize(
    "persona", ["jobcenter", "asyl", "abh", "ehrenamt", "vhs", "koordination", "lenkung", "jobcenter-admin",
                "datenschutz", "admin"],
)  # fmt: skip
def test_outsiders_get_404_everywhere(personas, login, case, share_by_consent, persona):
    share_by_consent(case, "jobcenter", categories=[M, N, C])
    share_by_consent(case, "fluechtlingshilfe", categories=[M, N])
    consent(personas, case, [M, N, C])
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="en", sections=["goals"])
    booklet_print(actor=personas.beratung, membership=membership, access=access)
    client = login(personas.users[persona])
    assert client.get(reverse("booklets:case_booklet", args=[case.pk])).status_code == 404
    assert client.get(reverse("booklets:booklet_download", args=[case.pk, 1])).status_code == 404
    posted = {"language": "de", "sections": ["goals"], "print": "1", "consent-categories": [M]}
    assert client.post(reverse("booklets:booklet_edit", args=[case.pk]), posted).status_code == 404
    assert client.post(reverse("booklets:booklet_consent", args=[case.pk]), posted).status_code == 404
    assert BookletEdition.objects.count() == 1
    assert AccessLog.objects.filter(action=AccessAction.BOOKLET).count() == 1  # the print, no read


def test_booklet_page_runs_a_constant_number_of_queries(personas, login, case):
    consent(personas, case, [M, N, C])
    access = access_of(personas, case)
    membership = personas.membership("beratung")
    booklet_save(actor=personas.beratung, membership=membership, access=access, language="en", sections=ALL_SECTIONS)
    client = login(personas.beratung)
    url = reverse("booklets:case_booklet", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        booklet_print(actor=personas.beratung, membership=membership, access=access)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
