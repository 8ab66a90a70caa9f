from datetime import date

import pytest

from cases.models.choices import CaseKind, DataCategory
from cases.services.cases import case_note_add, case_open
from cases.services.persons import person_register
from cases.services.sharing import case_share_grant, consent_record


@pytest.fixture
def make_case(personas):
    """make_case("beratung", family_name=...) -> a case led by that caseworker's agency, with one note."""

    def make(username: str = "beratung", *, family_name: str = "Haddad", kind: str = CaseKind.COUNSELLING, **person):
        user = personas.users[username]
        membership = personas.membership(username)
        registered = person_register(
            actor=user,
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
