from datetime import date

import pytest

from cases.models.choices import CaseKind, DataCategory
from cases.services.cases import case_note_add, case_open
from cases.services.persons import person_register
from cases.services.sharing import case_share_grant, consent_record
from courses.models import AttendanceAgreement, Course, Enrolment, Entitlement
from courses.models.choices import CourseKind, EntitlementKind


@pytest.fixture
def make_case(personas):
    """make_case("beratung", family_name=...) -> a case led by that caseworker's agency, with one note."""

    def make(username: str = "beratung", *, family_name: str = "Haddad", kind: str = CaseKind.COUNSELLING, **person):
        user = personas.users[username]
        membership = personas.membership(username)
        registered = person_register(
            actor=user,
            membership=membership,
            given_names=person.pop("given_names", "Amal"),
            family_name=family_name,
            birth_date=person.pop("birth_date", date(1990, 5, 17)),
            **person,
        )
        case = case_open(actor=user, membership=membership, person=registered, kind=kind, opened_on=date(2026, 3, 2))
        case_note_add(
            actor=user, membership=membership, case=case, kind="conversation", occurred_on=date(2026, 3, 2),
            text="Erstgespräch: Anliegen Sprachkurs und Arbeit.",
        )  # fmt: skip
        return case

    return make


@pytest.fixture
def share_by_consent(personas):
    """share_by_consent(case, "jobcenter", categories=[...]) -> (consent, share), granted by the lead caseworker."""

    def share(case, agency: str, *, categories=None, by: str = "beratung"):
        user, membership = personas.users[by], personas.membership(by)
        categories = categories or [DataCategory.MASTER_DATA, DataCategory.COURSES, DataCategory.NOTES]
        consent = consent_record(
            actor=user, membership=membership, person=case.person, receiving_agency=personas.agency(agency),
            purpose="Vermittlung in Sprachkurs und Arbeit", categories=categories, given_on=date(2026, 3, 2),
            form_version="Einwilligung EWG v1",
        )  # fmt: skip
        granted = case_share_grant(
            actor=user, membership=membership, case=case, agency=personas.agency(agency), categories=categories,
            consent=consent,
        )  # fmt: skip
        return consent, granted

    return share


@pytest.fixture
def make_course(personas):
    """make_course(kind=..., provider="vhs") -> a course, built with the ORM (the course services test themselves)."""

    def make(*, provider: str = "vhs", kind: str = CourseKind.GENERAL, title: str = "Integrationskurs A", **extra):
        values = {
            "starts_on": date(2026, 9, 7), "ends_on": date(2027, 6, 25), "weekdays": [1, 2, 3, 4, 5],
            "place": "VHS-Haus, Raum 3", "capacity": 25, "teaching_units": 700, **extra,
        }  # fmt: skip
        return Course.objects.create(provider=personas.agency(provider), kind=kind, title=title, **values)

    return make


@pytest.fixture
def make_entitlement(personas):
    """make_entitlement(person, kind=..., issuer="jobcenter") -> a slip; an obligation names the issuer as obliging."""

    def make(person, *, kind: str = EntitlementKind.OBLIGATION, issuer: str = "jobcenter", **extra):
        issued_on = extra.pop("issued_on", date(2026, 8, 3))
        values = {
            "legal_basis": "§ 44a Abs. 1 Nr. 2 AufenthG", "benefit_system": "sgb2", "course_kind": "general",
            "teaching_units": 700, "valid_until": issued_on.replace(year=issued_on.year + 1),
            "obliging_agency": personas.agency(issuer) if kind == EntitlementKind.OBLIGATION else None, **extra,
        }  # fmt: skip
        return Entitlement.objects.create(
            person=person, kind=kind, issuing_agency=personas.agency(issuer), issued_on=issued_on,
            issued_by=personas.users[issuer], **values,
        )  # fmt: skip

    return make


@pytest.fixture
def make_enrolment(personas):
    """make_enrolment(person, course, entitlement=...) -> an enrolment; with an obligation or a § 5a admission also
    its agreement."""

    def make(person, course, *, entitlement=None, status: str = "attending", **extra):
        values = {"registered_on": date(2026, 8, 17), "started_on": course.starts_on, **extra}
        enrolment = Enrolment.objects.create(
            person=person, course=course, entitlement=entitlement, status=status,
            registered_by=personas.users["vhs"], **values,
        )  # fmt: skip
        if entitlement is not None and entitlement.informed_agency_id:  # as enrolment_register does
            AttendanceAgreement.objects.create(enrolment=enrolment, informed_agency_id=entitlement.informed_agency_id)
        return enrolment

    return make
