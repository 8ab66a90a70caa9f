"""The writes of the cases app: one history row per changed object with the acting user; bad input refused whole."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case, CaseShare, Consent, Person
from cases.models.choices import CaseKind, DataCategory, Statute
from cases.services.cases import case_close, case_open
from cases.services.persons import benefit_period_record, person_register, residence_status_record
from cases.services.sharing import case_share_grant, case_share_revoke, consent_record, consent_revoke

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_register_writes_one_history_row_with_the_actor(personas):
    person = person_register(
        actor=personas.beratung, membership=personas.membership("beratung"), given_names="Amal", family_name="Haddad",
        birth_date=date(1990, 5, 17), aliases=["أمل حداد", "Amal Hadad"],
    )  # fmt: skip
    assert person.history.count() == 1
    assert person.history.get().history_user == personas.beratung
    assert "amal hadad" in person.search_names


def test_birth_date_in_the_future_is_refused_in_german(personas):
    with pytest.raises(ValidationError) as error:
        person_register(
            actor=personas.beratung, membership=personas.membership("beratung"), given_names="A", family_name="B",
            birth_date=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip
    assert "Geburtsdatum liegt in der Zukunft" in messages(error.value)
    assert not Person.objects.exists()


def test_closing_before_opening_is_refused(personas, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as error:
        case_close(
            actor=personas.beratung,
            membership=personas.membership("beratung"),
            case=case,
            closed_on=case.opened_on - timedelta(days=1),
        )
    assert "vor dem Eröffnungsdatum" in messages(error.value)
    case.refresh_from_db()
    assert case.status == "open"
    assert case.history.count() == 1


def test_case_management_opens_with_a_support_plan(personas, make_case):
    case = make_case(kind=CaseKind.CASE_MANAGEMENT)
    assert case.phase == "intake"
    assert case.support_plan.history.get().history_user == personas.beratung


def test_only_caseworkers_register_persons_and_open_cases(personas):
    with pytest.raises(ValidationError, match="Nur Fallbearbeiterinnen"):
        person_register(actor=personas.vhs, membership=personas.membership("vhs"), given_names="A", family_name="B",
                        birth_date=date(1990, 1, 1))  # fmt: skip
    person = person_register(actor=personas.beratung, membership=personas.membership("beratung"), given_names="A",
                             family_name="B", birth_date=date(1990, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        case_open(
            actor=personas.vhs, membership=personas.membership("vhs"), person=person, kind="counselling",
            opened_on=date(2026, 1, 1),
        )  # fmt: skip
    assert not Case.objects.exists()


def test_only_the_lead_of_a_case_of_the_person_records_statuses(personas, make_case):
    """§ 67a SGB X: data of a person are recorded by the agency whose task needs them, here the one leading a case."""
    person = make_case("beratung").person
    for username in ("jobcenter", "vhs"):
        with pytest.raises(ValidationError):
            residence_status_record(actor=personas.users[username], membership=personas.membership(username),
                                    person=person, kind="gestattung", valid_from=date(2026, 1, 1))  # fmt: skip
        with pytest.raises(ValidationError):
            benefit_period_record(actor=personas.users[username], membership=personas.membership(username),
                                  person=person, system="asylblg", valid_from=date(2026, 1, 1))  # fmt: skip
    assert not person.residence_statuses.exists()
    assert not person.benefit_periods.exists()


def test_share_without_legal_basis_is_refused(personas, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as error:
        case_share_grant(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case,
            agency=personas.agency("jobcenter"), categories=[DataCategory.MASTER_DATA],
        )  # fmt: skip
    assert "Rechtsgrundlage" in messages(error.value)
    assert not CaseShare.objects.exists()


def test_share_beyond_the_consent_is_refused(personas, make_case):
    case = make_case()
    consent = consent_record(
        actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
        receiving_agency=personas.agency("jobcenter"), purpose="Arbeit", categories=[DataCategory.MASTER_DATA],
        given_on=date(2026, 3, 1), form_version="v1",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        case_share_grant(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case,
            agency=personas.agency("jobcenter"), categories=[DataCategory.MASTER_DATA, DataCategory.NOTES],
            consent=consent,
        )  # fmt: skip
    assert "nicht alle" in messages(error.value)


def test_only_the_lead_agency_shares(personas, make_case):
    case = make_case("beratung")
    with pytest.raises(ValidationError):
        case_share_grant(
            actor=personas.asyl, membership=personas.membership("asyl"), case=case, agency=personas.agency("abh"),
            categories=[DataCategory.MASTER_DATA], statute=Statute.SGB_X_69,
        )  # fmt: skip


def test_revoking_a_consent_ends_its_shares_with_history(personas, make_case, share_by_consent):
    first = make_case()
    consent, share = share_by_consent(first, "jobcenter")
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
    share.refresh_from_db()
    consent.refresh_from_db()
    assert consent.revoked_on == timezone.localdate()
    assert share.history.count() == 2
    assert share.history.latest().history_user == personas.beratung
    assert consent.history.count() == 2


def test_revoking_twice_is_refused(personas, make_case, share_by_consent):
    consent, share = share_by_consent(make_case(), "jobcenter")
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
    with pytest.raises(ValidationError) as error:
        consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
    assert "bereits widerrufen" in messages(error.value)
    with pytest.raises(ValidationError):
        case_share_revoke(actor=personas.beratung, membership=personas.membership("beratung"), share=share)
    assert Consent.objects.get().history.count() == 2


def test_consent_dated_in_the_future_is_refused(personas, make_case):
    case = make_case()
    with pytest.raises(ValidationError):
        consent_record(
            actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
            receiving_agency=personas.agency("jobcenter"), purpose="Arbeit", categories=["master_data"],
            given_on=timezone.localdate() + timedelta(days=1), form_version="v1",
        )  # fmt: skip
    assert not Consent.objects.exists()


def test_a_new_benefit_period_ends_the_open_one(personas, make_case):
    person = make_case().person
    first = benefit_period_record(
        actor=personas.beratung,
        membership=personas.membership("beratung"),
        person=person,
        system="asylblg",
        valid_from=date(2024, 1, 1),
    )
    benefit_period_record(
        actor=personas.beratung,
        membership=personas.membership("beratung"),
        person=person,
        system="sgb2",
        valid_from=date(2025, 7, 1),
    )
    first.refresh_from_db()
    assert first.valid_until == date(2025, 6, 30)
    assert list(person.benefit_periods.filter(valid_until__isnull=True).values_list("system", flat=True)) == ["sgb2"]


def test_lead_caseworker_steers_and_closes_through_the_page(personas, login, make_case):
    from django.urls import reverse

    case = make_case(kind=CaseKind.CASE_MANAGEMENT)
    client = login(personas.beratung)
    client.post(reverse("cases:case_phase", args=[case.pk]), {"phase": "assessment"})
    case.refresh_from_db()
    assert case.phase == "assessment"
    response = client.post(reverse("cases:case_close", args=[case.pk]), {"closed_on": "2026-01-01"}, follow=True)
    assert "vor dem Eröffnungsdatum" in response.content.decode()  # opened 2.3.2026
    client.post(reverse("cases:case_close", args=[case.pk]), {"closed_on": "2026-03-20"})
    case.refresh_from_db()
    assert (case.status, case.phase, str(case.closed_on)) == ("closed", "closure", "2026-03-20")
    assert case.history.latest().history_user == personas.beratung
