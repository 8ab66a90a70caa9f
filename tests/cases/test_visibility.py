"""Who sees which case, and which of its data: the rules of cases.selectors, checked case by case."""

from datetime import date

import pytest
from django.http import Http404

from cases.models import CaseShare
from cases.models.choices import DataCategory, Statute
from cases.selectors import cases_visible_to, get_case_for_user
from cases.services.sharing import case_share_grant, case_share_revoke, consent_revoke

pytestmark = pytest.mark.django_db


def visible(personas, username):
    return set(cases_visible_to(personas.users[username], personas.membership(username)))


def test_caseworkers_see_their_own_agencys_cases_only(personas, make_case):
    own = make_case("beratung")
    other = make_case("jobcenter", family_name="Rahimi")
    assert visible(personas, "beratung") == {own}
    assert visible(personas, "jobcenter") == {other}
    assert visible(personas, "asyl") == set()  # another team of the same department


@pytest.mark.parametrize("username", ["lenkung", "jobcenter-admin", "datenschutz", "vhs", "koordination", "ehrenamt"])
def test_roles_without_a_share_see_no_case(personas, make_case, username):
    make_case("beratung")
    make_case("jobcenter", family_name="Rahimi")
    assert visible(personas, username) == set()


def test_share_by_consent_shows_only_the_shared_categories(personas, make_case, share_by_consent):
    case = make_case("beratung")
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    access = get_case_for_user(personas.jobcenter, personas.membership("jobcenter"), case.pk)
    assert access.categories == {DataCategory.MASTER_DATA, DataCategory.COURSES}
    assert not access.may_see(DataCategory.NOTES)
    assert not access.is_lead
    lead = get_case_for_user(personas.beratung, personas.membership("beratung"), case.pk)
    assert lead.is_lead
    assert lead.may_see(DataCategory.NOTES)
    assert lead.may_see(DataCategory.HEALTH)


def test_revoking_the_consent_ends_access_at_once(personas, make_case, share_by_consent):
    case = make_case("beratung")
    consent, share = share_by_consent(case, "jobcenter")
    assert case in visible(personas, "jobcenter")
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert case not in visible(personas, "jobcenter")
    with pytest.raises(Http404):
        get_case_for_user(personas.jobcenter, personas.membership("jobcenter"), case.pk)


def test_revoking_the_share_ends_access_but_keeps_the_consent(personas, make_case, share_by_consent):
    case = make_case("beratung")
    consent, share = share_by_consent(case, "jobcenter")
    case_share_revoke(actor=personas.beratung, membership=personas.membership("beratung"), share=share)
    consent.refresh_from_db()
    assert consent.revoked_on is None
    assert case not in visible(personas, "jobcenter")


def test_volunteers_see_only_consented_shares(personas, make_case, share_by_consent):
    by_consent = make_case("beratung")
    by_statute = make_case("beratung", family_name="Nasser")
    share_by_consent(by_consent, "fluechtlingshilfe", categories=[DataCategory.MASTER_DATA])
    # No statute carries a share to a volunteer association (cases.transfers); a row from before those rules:
    CaseShare.objects.create(
        case=by_statute, agency=personas.agency("fluechtlingshilfe"), categories=[DataCategory.MASTER_DATA],
        statute=Statute.SGB_X_69, granted_by=personas.beratung,
    )  # fmt: skip
    assert visible(personas, "ehrenamt") == {by_consent}


def test_expired_share_gives_no_access(personas, make_case, share_by_consent):
    case = make_case("beratung")
    _, share = share_by_consent(case, "jobcenter")
    share.valid_until = date(2026, 1, 1)
    share.save()
    assert case not in visible(personas, "jobcenter")


def test_the_foreigners_authority_sees_what_the_statute_share_names(personas, make_case):
    case = make_case("beratung")
    case_share_grant(
        actor=personas.beratung, membership=personas.membership("beratung"), case=case, agency=personas.agency("abh"),
        categories=[DataCategory.MASTER_DATA, DataCategory.RESIDENCE], statute=Statute.SGB_X_71,
    )  # fmt: skip
    access = get_case_for_user(personas.abh, personas.membership("abh"), case.pk)
    assert access.categories == {DataCategory.MASTER_DATA, DataCategory.RESIDENCE}


def test_a_membership_of_someone_else_grants_nothing(personas, make_case):
    case = make_case("beratung")
    assert set(cases_visible_to(personas.jobcenter, personas.membership("beratung"))) == set()
    with pytest.raises(Http404):
        get_case_for_user(personas.jobcenter, personas.membership("beratung"), case.pk)


def test_deactivated_membership_sees_nothing(personas, make_case):
    case = make_case("beratung")
    membership = personas.membership("beratung")
    membership.is_active = False
    membership.save()
    assert case not in set(cases_visible_to(personas.beratung, membership))
