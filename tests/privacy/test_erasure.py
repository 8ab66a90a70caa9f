"""Erasure that reaches everything (Art. 17 DSGVO, § 84 Abs. 2 SGB X): a distinctive name is planted in every
place the product keeps a person, the person is erased by the retention job, and then every table, every stored
file and every session is searched for the name."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from agencies.outbox import email_enqueue
from booklets.services import booklet_print, booklet_save
from cases.models import AccessLog, Case, Person
from cases.models.choices import CaseKind, ConsentUse, DataCategory
from cases.selectors import get_case_for_user
from cases.services.cases import case_close, case_note_add, personal_goal_add, plan_step_add
from cases.services.emergency import emergency_open
from cases.services.persons import person_correct
from cases.services.sharing import consent_record
from courses.models import Alert, AttendanceRecord
from courses.services.alerts import alert_action_record
from privacy.erasure import erase_person, pseudonym_of
from privacy.models import ErasureRecord, LegalHold
from privacy.retention import apply_retention, persons_due

pytestmark = pytest.mark.django_db

FAMILY, GIVEN, ALIAS, FORMER = "Quendolyn", "Wibbelsturz", "Kwendolin", "Quendolin"
SPELLINGS = (FAMILY, GIVEN, ALIAS, FORMER)


def tables_naming(spelling: str) -> list[str]:
    """Every table of the schema with a row whose text (or whose bytes, for binary columns) holds the spelling."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        for (table,) in cursor.fetchall():
            query = sql.SQL("SELECT count(*) FROM {} AS row WHERE lower(row::text) LIKE %s").format(
                sql.Identifier(table)
            )
            cursor.execute(query, [f"%{spelling.lower()}%"])
            if cursor.fetchone()[0]:
                found.append(table)
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = 'bytea'"
        )
        for table, column in cursor.fetchall():
            query = sql.SQL("SELECT count(*) FROM {} WHERE position(convert_to(%s, 'UTF8') in {}) > 0").format(
                sql.Identifier(table), sql.Identifier(column)
            )
            cursor.execute(query, [spelling])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def sessions_naming(spelling: str) -> list[str]:
    return [session.pk for session in Session.objects.all() if spelling.lower() in str(session.get_decoded()).lower()]


def files_naming(spelling: str) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    files = [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
    return [str(path) for path in files if spelling.encode() in path.read_bytes()]


@pytest.fixture
def planted(personas, login, make_case, share_by_consent, make_course, make_entitlement, make_enrolment):
    """A person whose name lies in every place the product keeps one."""
    user, membership = personas.beratung, personas.membership("beratung")
    case = make_case("beratung", family_name=FORMER, given_names=GIVEN, aliases=[ALIAS], kind=CaseKind.CASE_MANAGEMENT)
    person = person_correct(actor=user, membership=membership, person=case.person, reason="Pass", family_name=FAMILY)
    case_note_add(
        actor=user, membership=membership, case=case, kind="conversation", occurred_on=date(2026, 3, 3),
        text=f"Frau {FAMILY} bringt den Pass mit.",
    )  # fmt: skip
    goal = personal_goal_add(actor=user, membership=membership, plan=case.support_plan, title=f"Ziel von {FAMILY}")
    plan_step_add(actor=user, membership=membership, goal=goal, title="Termin", responsible=FAMILY)
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    consent_record(
        actor=user, membership=membership, person=person, receiving_agency=personas.agency("team-beratung"),
        purpose="Begleitheft", categories=[DataCategory.MASTER_DATA], given_on=date(2026, 3, 2),
        form_version="Einwilligung Begleitheft v1", use=ConsentUse.BOOKLET,
    )  # fmt: skip
    access = get_case_for_user(user, membership, case.pk)
    booklet_save(actor=user, membership=membership, access=access, language="de", sections=["contacts"])
    booklet_print(actor=user, membership=membership, access=access)
    booklet_print(actor=user, membership=membership, access=get_case_for_user(user, membership, case.pk))
    slip = make_entitlement(person)
    enrolment = make_enrolment(person, make_course(), entitlement=slip)
    AttendanceRecord.objects.create(
        enrolment=enrolment,
        day=date(2026, 9, 8),
        status="unexcused",
        recorded_by=personas.vhs,
        recorded_at=timezone.now(),
    )
    alert = Alert.objects.create(
        kind="non_attendance", enrolment=enrolment, agency=personas.agency("jobcenter"),
        window_start=date(2026, 9, 7), window_end=date(2026, 9, 11), raised_at=timezone.now(),
    )  # fmt: skip
    alert_action_record(
        actor=personas.jobcenter, membership=personas.membership("jobcenter"), alert=alert, kind="contact_noted",
        acted_on=date(2026, 9, 14), note=f"Rückruf bei {FAMILY}",
    )  # fmt: skip
    email_enqueue(to="team@example.org", subject=f"Termin {FAMILY}", body=f"{GIVEN} {FAMILY}", agency=None)
    emergency_open(
        actor=personas.abh, membership=personas.membership("abh"), case_number=case.pk, reason="danger",
        explanation=f"Polizei sucht {FAMILY}",
    )  # fmt: skip
    client = login(user)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    client.post(reverse("cases:case_list"), {"q": FAMILY})  # the search is kept in the session
    client.get(reverse("cases:case_list"))
    case_close(actor=user, membership=membership, case=case, closed_on=timezone.localdate())
    return Person.objects.get(pk=person.pk)


def test_the_planted_name_is_nowhere_after_erasure(planted):
    assert all(tables_naming(spelling) for spelling in SPELLINGS), "the fixture plants every spelling"
    assert sessions_naming(FAMILY)
    five_years_on = timezone.localdate() + timedelta(days=5 * 366)
    done = apply_retention(today=five_years_on)
    assert done["closed_case"] == 1
    for spelling in SPELLINGS:
        assert tables_naming(spelling) == [], spelling
        assert sessions_naming(spelling) == [], spelling
        assert files_naming(spelling) == [], spelling
    # The record of the erasure names numbers, never the person.
    erasure = ErasureRecord.objects.get(kind="closed_case")
    assert erasure.subject.startswith(f"Person {planted.pk}, Fälle ")


def test_the_reads_stay_countable_under_a_pseudonym(planted):
    reads = AccessLog.objects.filter(person=planted).count()
    listed = AccessLog.objects.filter(persons__contains=[planted.pk]).count()
    assert reads
    assert listed
    erase_person(planted.pk, reason="Antrag auf Löschung (Art. 17 DSGVO)")
    assert AccessLog.objects.filter(pseudonym=pseudonym_of(planted.pk), person=None, case=None).count() == reads
    assert not AccessLog.objects.filter(persons__contains=[planted.pk]).exists()
    assert AccessLog.objects.count() >= reads + listed


def test_the_job_is_idempotent_and_keeps_what_is_not_due(planted, make_case):
    make_case("beratung", family_name="Haddad")  # open: kept
    day = timezone.localdate() + timedelta(days=5 * 366)
    assert apply_retention(today=day)["closed_case"] == 1
    assert apply_retention(today=day) == {}
    assert list(Person.objects.values_list("family_name", flat=True)) == ["Haddad"]


def test_the_rule_counts_five_years_from_the_last_closing(planted):
    """§ 84 Abs. 2 SGB X with the schedule's 60 months: due on the day five years after closing, not before."""
    closed = Case.objects.get(person=planted).closed_on
    assert not persons_due(closed.replace(year=closed.year + 5) - timedelta(days=1)).exists()
    assert persons_due(closed.replace(year=closed.year + 5)).filter(pk=planted.pk).exists()


def test_a_legal_hold_keeps_the_person(planted, personas):
    LegalHold.objects.create(person=planted, reason="Klageverfahren SG Münster", placed_by=personas.datenschutz)
    day = timezone.localdate() + timedelta(days=5 * 366)
    assert apply_retention(today=day).get("closed_case", 0) == 0
    with pytest.raises(ValidationError, match="Aufbewahrungspflicht"):
        erase_person(planted.pk, reason="Antrag")
    assert Person.objects.filter(pk=planted.pk).exists()


def test_a_search_for_the_person_in_a_session_that_ran_out_goes_too(personas, login, make_case):
    """A session that ran out keeps its row until the nightly job; erasing the person does not wait for it."""
    case = make_case("beratung", family_name=FAMILY)
    ran_out, running = login(personas.beratung), login(personas.asyl)
    for client in (ran_out, running):
        client.post(reverse("cases:case_list"), {"q": FAMILY})  # the search is kept in the session
    Session.objects.filter(session_key=ran_out.session.session_key).update(expire_date=timezone.now())
    assert len(sessions_naming(FAMILY)) == 2
    erase_person(case.person_id, reason="Antrag auf Löschung (Art. 17 DSGVO)")
    assert sessions_naming(FAMILY) == []
    assert Session.objects.filter(session_key=running.session.session_key).exists()  # only its search went
