"""The subject-access report (Art. 15 DSGVO) as a PDF: what is stored about a person, who recorded it on which basis,
to whom it was transferred and when, and how long it is kept; German, and headed in the person's language too. Read
back from the PDF as its reader gets it. Produced by the lead caseworker or the data protection officer only, logged
once, at a cost that does not grow with the person's records."""

import re
import string
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from booklets.models import BookletEdition, CompanionBooklet
from booklets.phrases import LANGUAGES
from cases.models import AccessLog
from cases.models.choices import AccessAction, CaseKind, Statute
from cases.services.cases import case_close, case_note_add, case_open, personal_goal_add, plan_step_add
from cases.services.referrals import referral_send
from cases.services.sharing import case_share_grant, consent_record
from courses.models import Alert, AttendanceRecord
from courses.models.choices import AlertKind
from followups.services import followup_set
from privacy.subject_access import subject_access_report, subject_access_scope
from privacy.subject_access_pdf import render_html, report_language
from privacy.subject_access_phrases import PHRASES, text
from tests.booklets.test_booklet_pdf import pdf_text, reading
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

NOTE = "Erstgespräch: Anliegen Sprachkurs und Arbeit."  # the note make_case writes


def report_url(case) -> str:
    return reverse("privacy:subject_access_pdf", args=[case.person_id])


def latin_text(pdf: bytes) -> str:
    """The PDF's text as pypdf reads it: each table cell whole, in the order the cells are drawn; one space for any
    whitespace, so that a cell's wrapped lines read as one."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


def produce(client, case) -> bytes:
    response = client.get(report_url(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def grant_by_consent(personas, case, agency: str, *, given_on: date, valid_until: date | None = None, by="beratung"):
    user, membership = personas.users[by], personas.membership(by)
    consent = consent_record(
        actor=user, membership=membership, person=case.person, receiving_agency=personas.agency(agency),
        purpose=f"Vermittlung ({agency})", categories=["master_data", "courses"], given_on=given_on,
        form_version="Einwilligung EWG v1",
    )  # fmt: skip
    return case_share_grant(
        actor=user, membership=membership, case=case, agency=personas.agency(agency),
        categories=["master_data", "courses"], consent=consent, valid_until=valid_until,
    )  # fmt: skip


def test_the_lead_caseworker_gets_what_is_stored_who_received_it_on_which_basis_and_until_when(
    personas, login, make_case
):
    case = make_case("beratung", family_name="Haddad")
    grant_by_consent(personas, case, "jobcenter", given_on=date(2026, 4, 14), valid_until=date(2027, 3, 31))
    case_share_grant(
        actor=personas.beratung, membership=personas.membership("beratung"), case=case, agency=personas.agency("abh"),
        categories=["master_data"], statute=Statute.SGB_X_71,
    )  # fmt: skip
    response = login(personas.beratung).get(report_url(case))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="auskunft-art15-person-{case.person_id}.pdf"'
    read = latin_text(response.content)
    assert "Auskunft über Ihre Daten" in read
    assert "Amal Haddad, geboren am 17.05.1990" in read
    assert "Erstellt von Anna Becker, Team Beratung und Begleitung von Zuwanderern" in read
    assert "Fallführende Stelle Team Beratung und Begleitung von Zuwanderern" in read
    assert f"02.03.2026 Gespräch {NOTE} Anna Becker" in read  # the note as a copy: date, kind, text, author
    # The transfers, row by row: recipient, case, categories, basis, since, until, granted by.
    assert (
        f"jobcenter Kreis Steinfurt AöR – Regionalbereich Rheine {case.pk} Stammdaten, Kurse "
        "Ihre Einwilligung vom 14.04.2026 (§ 67b SGB X) 25.11.2026 bis 31.03.2027 Anna Becker"
    ) in read
    assert (
        f"Ausländerbehörde {case.pk} Stammdaten § 71 Abs. 2 SGB X (Ausländerbehörde) 25.11.2026 ohne Enddatum" in read
    )
    # The consent behind the first, with who recorded it.
    assert "Vermittlung (jobcenter)" in read
    assert "14.04.2026 – Anna Becker, Team Beratung und Begleitung von Zuwanderern Einwilligung EWG v1" in read
    # How long: the schedule's rule with its reason; no day yet while the case is open.
    assert "60 Monate ab Abschluss des letzten Falls der Person" in read
    assert "fünf Jahre nach Abschluss nach dem Aktenplan der Stadt" in read
    assert "Solange ein Fall offen ist, steht der Tag der Löschung noch nicht fest." in read
    assert "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen" in read


def refer_and_follow_up(personas, case):
    beratung, membership = personas.beratung, personas.membership("beratung")
    referral_send(
        actor=beratung, membership=membership, case=case, to_agency=personas.agency("abh"),
        purpose="Verlängerung des Aufenthaltstitels", categories=["master_data"], statute=Statute.SGB_X_71,
    )  # fmt: skip
    followup_set(
        actor=beratung, membership=membership, case=case, due_on=timezone.localdate(),
        text="Rückruf wegen des Termins bei der Ausländerbehörde", assigned_to=beratung,
    )  # fmt: skip


def test_referrals_are_listed_among_the_transfers_and_follow_ups_among_the_notes(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    refer_and_follow_up(personas, case)
    read = latin_text(login(personas.beratung).get(report_url(case)).content)
    assert (
        f"Ausländerbehörde {case.pk} Stammdaten (Überleitung: Verlängerung des Aufenthaltstitels) § 71 Abs. 2 SGB X"
    ) in read
    assert "Wiedervorlage Rückruf wegen des Termins bei der Ausländerbehörde Anna Becker" in read


def test_once_the_cases_are_closed_the_report_names_the_day_of_erasure(personas, login, make_case):
    case = make_case("beratung")
    case_close(
        actor=personas.beratung, membership=personas.membership("beratung"), case=case, closed_on=date(2026, 11, 20)
    )
    read = latin_text(produce(login(personas.beratung), case))
    assert "Abgeschlossen am 20.11.2026" in read
    assert "mit der Akte der Person löschen 20.11.2031" in read
    assert "Solange ein Fall offen ist" not in read


def test_slips_courses_attendance_alerts_plan_and_booklet_editions_are_listed(
    personas, login, make_case, make_course, make_entitlement, make_enrolment
):
    case = make_case("beratung", kind=CaseKind.CASE_MANAGEMENT)
    beratung, membership = personas.beratung, personas.membership("beratung")
    goal = personal_goal_add(
        actor=beratung,
        membership=membership,
        plan=case.support_plan,
        title="B1 erreichen",
        target_date=date(2027, 6, 30),
    )
    plan_step_add(actor=beratung, membership=membership, goal=goal, title="Kurs suchen", responsible="Frau Becker")
    slip = make_entitlement(case.person)
    enrolment = make_enrolment(case.person, make_course(), entitlement=slip)
    for day, status in ((date(2026, 9, 7), "present"), (date(2026, 9, 8), "present"), (date(2026, 9, 9), "unexcused")):
        AttendanceRecord.objects.create(
            enrolment=enrolment, day=day, status=status, recorded_by=personas.vhs, recorded_at=timezone.now()
        )
    add_alert(personas, enrolment)
    add_edition(personas, case)
    read = latin_text(produce(login(beratung), case))
    assert "B1 erreichen (Ziel bis 30.06.2027 · erreicht am –)" in read
    assert "Kurs suchen Frau Becker" in read
    assert "§ 44a Abs. 1 Nr. 2 AufenthG jobcenter Kreis Steinfurt AöR – Regionalbereich Rheine (Murat Yılmaz)" in read
    assert "Integrationskurs A Volkshochschule der Stadt Rheine" in read
    assert "2 anwesend, 0 entschuldigt, 1 unentschuldigt" in read
    assert "Team Beratung und Begleitung von Zuwanderern 25.11.2026" in read  # the alert: addressed to, raised
    assert "1 Arabisch" in read  # the booklet edition and its language


def add_alert(personas, enrolment, *, agency="team-beratung") -> Alert:
    start = date(2026, 9, 7) + timedelta(days=Alert.objects.count())  # one alert per window
    return Alert.objects.create(
        kind=AlertKind.NOT_STARTED, enrolment=enrolment, window_start=start, window_end=start + timedelta(days=27),
        agency=personas.agency(agency), raised_at=timezone.now(),
    )  # fmt: skip


def add_edition(personas, case) -> BookletEdition:
    booklet, _ = CompanionBooklet.objects.get_or_create(
        person=case.person, case=case, issuing_agency=case.lead_agency,
        defaults={"language": "ar", "sections": ["goals"], "created_by": personas.beratung},
    )  # fmt: skip
    return BookletEdition.objects.create(
        booklet=booklet, number=booklet.editions.count() + 1, language="ar", sections=["goals"], content={},
        pages=4, pdf_sha256="0" * 64, printed_by=personas.beratung,
    )  # fmt: skip


ARABIC_HEADINGS = ("title", "section_cases", "section_consents", "section_transfers", "section_rights")


def test_a_person_speaking_arabic_gets_every_heading_in_arabic_too(personas, login, make_case):
    case = make_case("beratung", languages=["Arabisch", "Deutsch"], aliases=["أمل حداد"])
    read = reading(pdf_text(produce(login(personas.beratung), case)))
    for key in ARABIC_HEADINGS:
        assert reading(text(key, "de")) in read, key
        assert reading(text(key, "ar")) in read, key
    assert reading("أمل حداد") in read  # a name in Arabic script is printed as it is


def test_a_person_speaking_turkish_gets_the_headings_in_turkish(personas, login, make_case):
    case = make_case("beratung", languages=["Türkisch"])
    read = latin_text(produce(login(personas.beratung), case))
    for key in ("title", "section_cases", "section_transfers", "section_retention", "section_rights"):
        assert text(key, "de") in read, key
        assert text(key, "tr") in read, key


@pytest.mark.parametrize(
    ("languages", "marked"), [(["Arabisch"], ("ar", "rtl")), (["Deutsch", "Türkisch"], ("tr", "ltr"))]
)
def test_every_translated_line_carries_its_language_and_direction(personas, make_case, languages, marked):
    case = make_case("beratung", languages=languages)
    html = render_report(personas, case)
    assert '<html lang="de">' in html
    translated = re.findall(r'<span class="tl" lang="([a-z]+)" dir="([a-z]+)">', html)
    assert len(translated) > 30
    assert set(translated) == {marked}
    headings = re.findall(r"<h[1-4]>(.*?)</h[1-4]>", html, re.DOTALL)
    assert headings
    assert all(f'lang="{marked[0]}"' in heading for heading in headings)


def test_a_person_speaking_no_language_of_the_booklet_gets_german_only(personas, make_case):
    case = make_case("beratung", languages=["Kurmandschi", "Deutsch"])
    html = render_report(personas, case)
    assert 'class="tl"' not in html
    assert "Ihre Fälle" in html


def render_report(personas, case) -> str:
    membership = personas.membership("beratung")
    scope = subject_access_scope(personas.beratung, membership)
    report = subject_access_report(case.person, scope, producer=membership.agency, today=timezone.localdate())
    return render_html(report, producer=personas.beratung, producer_agency=membership.agency)


@pytest.mark.parametrize(
    ("spoken", "language"),
    [
        (["Arabisch", "Englisch"], "ar"),
        (["Deutsch", "Türkisch"], "tr"),
        (["Dari", "Paschtu"], "fa"),
        (["Tigrinya"], "ti"),
        (["ukrainisch"], "uk"),
        (["ar-SY"], "ar"),
        (["Englisch"], "en"),
        (["Kurmandschi", "Sorani"], "de"),
        ([], "de"),
    ],
)
def test_the_report_speaks_the_first_language_of_the_person_the_booklet_has(spoken, language):
    assert report_language(spoken) == language


def test_producing_it_writes_exactly_one_access_log_row(personas, login, make_case):
    case = make_case("beratung")
    before = AccessLog.objects.count()
    produce(login(personas.datenschutz), case)
    assert AccessLog.objects.count() == before + 1
    entry = AccessLog.objects.latest("pk")
    assert (entry.action, entry.person_id, entry.user, entry.role) == (
        AccessAction.SUBJECT_ACCESS, case.person_id, personas.datenschutz, "data_protection_officer",
    )  # fmt: skip


def test_the_data_protection_officer_gets_the_notes_of_the_cases_below_the_city(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    read = latin_text(produce(login(personas.datenschutz), case))
    assert "Erstellt von Stefan Mersch, Stadt Rheine" in read
    assert NOTE in read
    assert "Team Beratung und Begleitung von Zuwanderern" in read


def test_another_agencys_case_of_the_person_is_not_named(personas, login, make_case):
    """The jobcenter is a controller of its own: its case, notes and consents stay out of the city's report, and
    the city's out of the jobcenter's."""
    case = make_case("beratung", family_name="Haddad")
    jobcenter, membership = personas.jobcenter, personas.membership("jobcenter")
    theirs = case_open(
        actor=jobcenter, membership=membership, person=case.person, kind="counselling", opened_on=date(2026, 5, 4)
    )
    case_note_add(
        actor=jobcenter, membership=membership, case=theirs, kind="conversation", occurred_on=date(2026, 5, 4),
        text="Vermittlungsgespräch beim Jobcenter.",
    )  # fmt: skip
    grant_by_consent(personas, theirs, "vhs", given_on=date(2026, 5, 4), by="jobcenter")
    ours = latin_text(produce(login(personas.beratung), case))
    assert NOTE in ours
    assert "Vermittlungsgespräch beim Jobcenter." not in ours
    assert "Vermittlung (vhs)" not in ours
    assert "jobcenter Kreis Steinfurt" not in ours
    assert f"Fall Nr. {theirs.pk}" not in ours
    officers = latin_text(produce(login(personas.datenschutz), case))
    assert NOTE in officers
    assert "Vermittlungsgespräch beim Jobcenter." not in officers
    theirs_read = latin_text(produce(login(jobcenter), theirs))
    assert "Vermittlungsgespräch beim Jobcenter." in theirs_read
    assert "Vermittlung (vhs)" in theirs_read
    assert NOTE not in theirs_read


OUTSIDERS = ["jobcenter", "asyl", "abh", "vhs", "ehrenamt", "koordination", "lenkung", "jobcenter-admin", "admin"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_anyone_but_the_lead_and_the_officer_gets_404_and_nothing_is_logged(personas, login, make_case, username):
    case = make_case("beratung")
    response = login(personas.users[username]).get(report_url(case))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.SUBJECT_ACCESS).exists()


def test_a_share_does_not_make_its_recipient_the_lead(personas, login, make_case, share_by_consent):
    case = make_case("beratung")
    share_by_consent(case, "jobcenter")
    assert login(personas.jobcenter).get(report_url(case)).status_code == 404


def test_the_officer_gets_404_for_a_person_whose_case_another_agency_tree_leads(personas, login, make_case):
    case = make_case("jobcenter")
    assert login(personas.datenschutz).get(report_url(case)).status_code == 404
    assert login(personas.jobcenter).get(report_url(case)).status_code == 200


def test_the_officers_protocol_page_links_to_the_report(personas, login, make_case):
    case = make_case("beratung")
    page = login(personas.datenschutz).get(reverse("privacy:person_protocol", args=[case.person_id]))
    assert f'href="{report_url(case)}"' in page.content.decode()


QUERIES = 27  # 25, and the cases' referrals and follow-ups


def test_the_query_count_does_not_grow_with_cases_notes_consents_and_courses(
    personas, login, make_case, make_course, make_entitlement, make_enrolment
):
    # One of each kind of parent row first: a prefetch runs only once there is something to prefetch for.
    case = make_case("beratung", kind=CaseKind.CASE_MANAGEMENT)
    beratung, membership = personas.beratung, personas.membership("beratung")
    goal = personal_goal_add(actor=beratung, membership=membership, plan=case.support_plan, title="Arbeit finden")
    add_edition(personas, case)
    client = login(beratung)
    client.get(report_url(case))  # the retention schedule is read once per process

    def grow():
        for number in range(3):
            other = case_open(
                actor=beratung, membership=membership, person=case.person, kind=CaseKind.CASE_MANAGEMENT,
                opened_on=date(2026, 4, 1 + number),
            )  # fmt: skip
            for day in (1, 2):
                case_note_add(
                    actor=beratung, membership=membership, case=other, kind="phone",
                    occurred_on=date(2026, 5, day), text=f"Telefonat {number}/{day}",
                )  # fmt: skip
            new_goal = personal_goal_add(actor=beratung, membership=membership, plan=other.support_plan, title="Kita")
            plan_step_add(actor=beratung, membership=membership, goal=new_goal, title="Anmelden", responsible="Familie")
            add_edition(personas, other)
        plan_step_add(actor=beratung, membership=membership, goal=goal, title="Bewerbung", responsible="Frau Becker")
        grant_by_consent(personas, case, "jobcenter", given_on=date(2026, 4, 14))
        grant_by_consent(personas, other, "caritas", given_on=date(2026, 4, 15))
        slip = make_entitlement(case.person)
        enrolment = make_enrolment(case.person, make_course(), entitlement=slip)
        AttendanceRecord.objects.create(
            enrolment=enrolment, day=date(2026, 9, 7), status="present", recorded_by=personas.vhs,
            recorded_at=timezone.now(),
        )  # fmt: skip
        add_alert(personas, enrolment)
        add_alert(personas, enrolment)
        for target in (case, other):
            refer_and_follow_up(personas, target)

    def produce_once():
        assert client.get(report_url(case)).status_code == 200

    count = assert_constant_queries(produce_once, grow)
    assert count == QUERIES


# The phrase table


def placeholders(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None}


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_is_written_in_every_language_with_the_same_placeholders(key):
    assert set(PHRASES[key]) == set(LANGUAGES)
    german = placeholders(PHRASES[key]["de"])
    for language in LANGUAGES:
        assert PHRASES[key][language].strip(), language
        assert placeholders(PHRASES[key][language]) == german, language


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"de", "en", "tr"}))
def test_every_phrase_is_in_its_languages_script(language):
    script = {"ar": r"[\u0600-\u06FF]", "fa": r"[\u0600-\u06FF]", "uk": r"[\u0400-\u04FF]", "ti": r"[\u1200-\u137F]"}
    for key, phrase in PHRASES.items():
        assert re.search(script[language], phrase[language]), key
    if language == "fa":  # Farsi writes ی ک, never the Arabic ي ك
        assert not [key for key, phrase in PHRASES.items() if re.search(r"[\u064A\u0643]", phrase["fa"])]
    if language == "ar":
        assert not [
            key for key, phrase in PHRASES.items() if re.search(r"[\u06CC\u06A9\u06AF\u067E\u0686]", phrase["ar"])
        ]
    if language == "uk":  # no letters of Russian only
        assert not [key for key, phrase in PHRASES.items() if re.search(r"[ыэъёЫЭЪЁ]", phrase["uk"])]
