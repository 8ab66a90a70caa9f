"""Rectification (Art. 16 DSGVO, § 84 Abs. 1 SGB X): the lead caseworker corrects a person's master data with a
reason, hands the case to a colleague, and opens a new case for a person already registered instead of registering
them twice."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Membership, Role
from cases.models import Case, Person
from cases.names import fold
from cases.services.cases import case_manager_set
from cases.services.persons import person_correct
from ewg.concurrent_edits import EditConflict, version_of
from tests.factories import UserFactory
from tests.races import at_once

pytestmark = pytest.mark.django_db


def correct(personas, person, username="beratung", **fields):
    values = {"reason": "Schreibweise laut Reisepass", **fields}
    return person_correct(
        actor=personas.users[username], membership=personas.membership(username), person=person, **values
    )


def test_art_16_the_lead_corrects_the_name_with_a_reason_kept_in_the_history(personas, make_case):
    person = make_case("beratung", family_name="Hadad").person
    correct(personas, person, family_name=" Haddad ", aliases=["Hadad", " "], birth_date=date(1990, 5, 18))
    person.refresh_from_db()
    assert (person.family_name, person.aliases, person.birth_date) == ("Haddad", ["Hadad"], date(1990, 5, 18))
    latest = person.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (personas.beratung, "Schreibweise laut Reisepass")
    assert latest.prev_record.family_name == "Hadad"  # the former value stays in the protocol
    assert fold("Haddad") in person.search_names
    assert fold("Hadad") in person.search_names


def test_the_name_search_follows_the_correction(personas, make_case, login):
    case = make_case("beratung", family_name="Schmidtke")
    correct(personas, case.person, family_name="Abdulrahman", aliases=[])
    client = login(personas.beratung)
    found = client.post(reverse("cases:case_list"), {"q": "ABDULRAHMAN"}, follow=True).content.decode()
    assert reverse("cases:case_detail", args=[case.pk]) in found
    gone = client.post(reverse("cases:case_list"), {"q": "SCHMIDTKE"}, follow=True).content.decode()
    assert reverse("cases:case_detail", args=[case.pk]) not in gone


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"reason": "x" * 101}, "reason"),
        ({"family_name": "  "}, "family_name"),
        ({"birth_date": date(2999, 1, 1)}, "birth_date"),
    ],
)
def test_a_correction_without_reason_or_with_bad_values_is_refused(personas, make_case, fields, field):
    person = make_case().person
    with pytest.raises(ValidationError) as refused:
        correct(personas, person, **{"given_names": "Amaal", **fields})
    assert field in refused.value.message_dict
    person.refresh_from_db()
    assert person.given_names == "Amal"


def test_a_correction_that_changes_nothing_writes_no_history(personas, make_case):
    person = make_case().person
    rows = person.history.count()
    with pytest.raises(ValidationError):
        correct(personas, person, given_names="Amal")
    assert person.history.count() == rows


def test_only_an_agency_that_leads_a_case_of_the_person_corrects(personas, make_case, share_by_consent):
    case = make_case("beratung", family_name="Stieglitz")
    share_by_consent(case, "jobcenter")
    with pytest.raises(ValidationError):
        correct(personas, case.person, username="jobcenter", family_name="Anders")
    case.person.refresh_from_db()
    assert case.person.family_name == "Stieglitz"


def test_a_stale_correction_is_refused_naming_who_saved(personas, make_case):
    person = make_case().person
    loaded = version_of(person)
    correct(personas, person, family_name="Haddad-Ali")
    with pytest.raises(EditConflict) as conflict:
        correct(personas, person, family_name="Al-Haddad", loaded_version=loaded)
    assert "Haddad-Ali" in str(conflict.value.theirs)
    person.refresh_from_db()
    assert person.family_name == "Haddad-Ali"


def test_the_correction_page(personas, login, make_case):
    case = make_case("beratung", family_name="Hadad", aliases=["هداد"], languages=["Arabisch"])
    client = login(personas.beratung)
    url = reverse("cases:person_correct", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "هداد" in page.content.decode()
    data = {
        "given_names": "Amal", "family_name": "Haddad", "aliases": "هداد\nHadad", "birth_date": "1990-05-17",
        "gender": "female", "nationality": "Syrien", "languages": "Arabisch, Englisch", "arrival_date": "",
        "phone": "", "email": "", "address": "", "district": "", "reason": "",
        "loaded_version": page.context["form"].initial["loaded_version"],
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    saved = client.post(url, {**data, "reason": "Schreibweise laut Reisepass"})
    assert saved.status_code == 302
    case.person.refresh_from_db()
    assert (case.person.family_name, case.person.languages) == ("Haddad", ["Arabisch", "Englisch"])
    assert reverse("cases:person_correct", args=[case.pk]) in client.get(saved["Location"]).content.decode()


def colleague(personas, agency="team-beratung"):
    user = UserFactory(first_name="Jana", last_name="Kolle")
    Membership.objects.create(user=user, agency=personas.agency(agency), role=Role.CASEWORKER)
    return user


def test_the_lead_hands_the_case_to_a_colleague_of_the_agency(personas, make_case, login):
    case = make_case("beratung")
    jana = colleague(personas)
    client = login(personas.beratung)
    url = reverse("cases:case_manager_change", args=[case.pk])
    assert url in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Jana Kolle" in client.get(url).content.decode()
    refused = client.post(url, {"case_manager": personas.beratung.pk})
    assert refused.status_code == 200
    assert "case_manager" in refused.context["form"].errors
    response = client.post(url, {"case_manager": jana.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.case_manager == jana
    assert case.history.latest().history_user == personas.beratung


def test_a_case_goes_only_to_an_active_caseworker_of_the_lead_agency(personas, make_case):
    case = make_case("beratung")
    acting = {"actor": personas.beratung, "membership": personas.membership("beratung"), "case": case}
    for outsider in (personas.jobcenter, colleague(personas, agency="jobcenter"), personas.beratung):
        with pytest.raises(ValidationError) as refused:
            case_manager_set(**acting, case_manager=outsider)
        assert "case_manager" in refused.value.message_dict
    case.refresh_from_db()
    assert case.case_manager == personas.beratung


def intake_data(**overrides):
    return {
        "given_names": "Amal", "family_name": "Haddad", "birth_date": "1990-05-17", "gender": "female",
        "kind": "counselling", "aliases": "", "nationality": "", "languages": "", "district": "", "arrival_date": "",
        "residence": "", "benefit_system": "", **overrides,
    }  # fmt: skip


def test_a_likely_duplicate_offers_a_new_case_for_the_person_already_registered(personas, login, make_case):
    existing = make_case("beratung").person
    client = login(personas.beratung)
    warned = client.post(reverse("cases:intake"), intake_data())
    body = warned.content.decode()
    assert f'name="existing_person" value="{existing.pk}"' in body
    Case.objects.filter(person=existing).update(status="closed", closed_on=date(2026, 6, 1))
    opened = client.post(reverse("cases:intake"), intake_data(existing_person=existing.pk))
    assert opened.status_code == 302
    assert Person.objects.count() == 1
    assert Case.objects.filter(person=existing, status="open").count() == 1
    again = client.post(reverse("cases:intake"), intake_data(existing_person=existing.pk))
    assert "continue it" in str(again.context["form"].non_field_errors()) or "fortsetzen" in again.content.decode()
    assert Case.objects.filter(person=existing, status="open").count() == 1


def test_a_person_the_caseworker_may_not_see_cannot_be_chosen(personas, login, make_case):
    hidden = make_case("jobcenter", family_name="Zaunkoenig").person
    response = login(personas.beratung).post(reverse("cases:intake"), intake_data(existing_person=hidden.pk))
    assert response.context["form"].non_field_errors()
    assert not Case.objects.filter(person=hidden, lead_agency=personas.agency("team-beratung")).exists()


@pytest.mark.django_db(transaction=True)
def test_of_two_corrections_at_the_same_instant_one_is_refused(personas, make_case):
    """Two caseworkers of the leading team correct the same person from the same loaded form, on two connections."""
    person = make_case("beratung").person
    loaded = version_of(person)
    jana = colleague(personas)

    def correction(actor, family_name):
        membership = Membership.objects.get(user=actor, agency__short_name="team-beratung")
        return lambda: person_correct(
            actor=actor, membership=membership, person=person, family_name=family_name,
            reason="Schreibweise laut Reisepass", loaded_version=loaded,
        )  # fmt: skip

    outcomes = at_once(correction(personas.beratung, "Haddad-Ali"), correction(jana, "Al-Haddad"))
    saved = [outcome.family_name for outcome in outcomes if isinstance(outcome, Person)]
    assert len(saved) == 1
    assert sum(isinstance(outcome, EditConflict) for outcome in outcomes) == 1
    assert Person.objects.get(pk=person.pk).family_name == saved[0]
