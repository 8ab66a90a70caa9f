"""Merging two records of one person (Art. 16 DSGVO): a lead caseworker applies it, the coordination or the data
protection officer confirms it, anyone of them undoes it exactly until then; on confirmation every history row and
read follows the kept record."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Consent, Person
from cases.models.choices import DataCategory
from cases.services.cases import case_close
from courses.models import Enrolment, Entitlement
from privacy.merges import merge_confirm, merge_propose, merge_undo
from privacy.models import MergeStatus, PersonMerge
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas, login, make_case, share_by_consent, make_course, make_entitlement, make_enrolment):
    """The kept record (an open case) and a duplicate registered later under another spelling (closed case with a
    consent, a slip and an enrolment)."""
    kept = make_case("beratung", family_name="Haddad", given_names="Amal")
    duplicate = make_case("beratung", family_name="Hadad", given_names="Amala", birth_date=date(1990, 5, 17))
    share_by_consent(duplicate, "jobcenter", categories=[DataCategory.MASTER_DATA])
    make_enrolment(duplicate.person, make_course(), entitlement=make_entitlement(duplicate.person))
    login(personas.beratung).get(reverse("cases:case_detail", args=[duplicate.pk]))
    case_close(
        actor=personas.beratung, membership=personas.membership("beratung"), case=duplicate,
        closed_on=timezone.localdate(),
    )  # fmt: skip
    return kept, duplicate


def propose(personas, kept, duplicate, reason="Pass vorgelegt"):
    return merge_propose(
        actor=personas.beratung, membership=personas.membership("beratung"), survivor=kept.person,
        duplicate=duplicate.person, reason=reason,
    )  # fmt: skip


def test_the_caseworker_merges_and_everything_follows_the_kept_record(personas, login, pair):
    kept, duplicate = pair
    response = login(personas.beratung).post(
        reverse("privacy:merge_propose", args=[kept.pk]), {"other_case": duplicate.pk, "reason": "Pass vorgelegt"}
    )
    assert response.status_code == 302
    assert set(Case.objects.filter(person=kept.person).values_list("pk", flat=True)) == {kept.pk, duplicate.pk}
    assert Consent.objects.filter(person=kept.person).count() == 1
    assert Entitlement.objects.filter(person=kept.person).count() == 1
    assert Enrolment.objects.filter(person=kept.person).count() == 1
    kept.person.refresh_from_db()
    assert "Amala Hadad" in kept.person.aliases
    found = login(personas.beratung).post(reverse("cases:case_list"), {"q": "AMALA"}, follow=True)
    assert found.context["page"].rows[0].person_id == kept.person_id
    assert len({case.person_id for case in found.context["page"].rows}) == 1
    reason = kept.person.history.first().history_change_reason
    assert reason == f"Zusammengeführt mit Datensatz {duplicate.person_id}"
    moved = Case.history.filter(id=duplicate.pk).first()  # every moved row has its history row, naming who
    assert (moved.person_id, moved.history_user, moved.history_change_reason) == (
        kept.person_id,
        personas.beratung,
        reason,
    )


def test_undo_restores_both_records_exactly(personas, pair):
    kept, duplicate = pair
    aliases = list(Person.objects.get(pk=kept.person_id).aliases)
    merge = propose(personas, kept, duplicate)
    merge_undo(actor=personas.beratung, membership=personas.membership("beratung"), merge=merge)
    assert list(Case.objects.filter(person=duplicate.person).values_list("pk", flat=True)) == [duplicate.pk]
    assert Entitlement.objects.filter(person=duplicate.person).count() == 1
    assert Consent.objects.filter(person=kept.person).count() == 0
    assert Person.objects.get(pk=kept.person_id).aliases == aliases
    merge.refresh_from_db()
    assert (merge.status, merge.decided_by) == (MergeStatus.UNDONE, personas.beratung)


@pytest.mark.parametrize("confirmer", ["datenschutz", "koordination"])
def test_confirmation_moves_the_history_and_the_reads_and_removes_the_duplicate(personas, login, pair, confirmer):
    kept, duplicate = pair
    reads = AccessLog.objects.filter(person=duplicate.person).count()
    merge = propose(personas, kept, duplicate)
    client = login(personas.users[confirmer])
    assert "Pass vorgelegt" in client.get(reverse("privacy:merges")).content.decode()
    client.post(reverse("privacy:merge_confirm", args=[merge.pk]))
    merge.refresh_from_db()
    assert (merge.status, merge.decided_by, merge.duplicate) == (MergeStatus.CONFIRMED, personas.users[confirmer], None)
    assert not Person.objects.filter(pk=duplicate.person_id).exists()
    assert not Person.history.filter(id=duplicate.person_id).exists()
    assert Person.history.filter(id=kept.person_id, family_name="Hadad").exists()  # the duplicate's registration
    assert set(Case.history.filter(id=duplicate.pk).values_list("person_id", flat=True)) == {kept.person_id}
    assert AccessLog.objects.filter(person=kept.person).count() >= reads
    assert not AccessLog.objects.filter(person_id=duplicate.person_id).exists()


def test_the_proposer_does_not_confirm_their_own_merge(personas, pair):
    merge = propose(personas, *pair)
    with pytest.raises(ValidationError):
        merge_confirm(actor=personas.beratung, membership=personas.membership("beratung"), merge=merge)


def test_two_open_cases_at_one_agency_are_refused_naming_the_agency(personas, make_case):
    kept, duplicate = make_case("beratung", family_name="Haddad"), make_case("beratung", family_name="Hadad")
    with pytest.raises(ValidationError, match="Team Beratung und Begleitung von Zuwanderern"):
        propose(personas, kept, duplicate)
    assert not PersonMerge.objects.exists()


def test_a_case_the_caseworker_cannot_see_is_refused_at_its_field(personas, login, make_case):
    kept, other = make_case("beratung"), make_case("jobcenter", family_name="Arslan")
    response = login(personas.beratung).post(
        reverse("privacy:merge_propose", args=[kept.pk]), {"other_case": other.pk, "reason": "Pass"}
    )
    assert response.status_code == 400
    assert "Es gibt keinen Fall mit dieser Nummer, den Sie sehen dürfen." in response.content.decode()
    assert Case.objects.get(pk=other.pk).person_id == other.person_id


@pytest.mark.django_db(transaction=True)
def test_two_merges_of_the_same_duplicate_at_once_make_one(personas, make_case):
    first, second = make_case("beratung", family_name="Haddad"), make_case("asyl", family_name="Haddad")
    duplicate = make_case("beratung", family_name="Hadad")
    case_close(
        actor=personas.beratung, membership=personas.membership("beratung"), case=duplicate,
        closed_on=timezone.localdate(),
    )  # fmt: skip
    outcomes = at_once(lambda: propose(personas, first, duplicate), lambda: propose(personas, second, duplicate))
    assert PersonMerge.objects.filter(status=MergeStatus.PROPOSED).count() == 1
    assert sum(isinstance(outcome, Exception) for outcome in outcomes) == 1


def test_the_list_costs_the_same_queries_for_one_merge_and_for_many(personas, login, make_case):
    client = login(personas.datenschutz)

    def merge_one(name):
        kept, duplicate = make_case("beratung", family_name=name), make_case("beratung", family_name=name + "e")
        case_close(
            actor=personas.beratung, membership=personas.membership("beratung"), case=duplicate,
            closed_on=timezone.localdate(),
        )  # fmt: skip
        propose(personas, kept, duplicate)

    merge_one("Haddad")
    assert_constant_queries(
        lambda: client.get(reverse("privacy:merges")), lambda: [merge_one(n) for n in ("Demir", "Weldu")]
    )


def test_outsiders_get_404(personas, login, pair, share_by_consent):
    kept, duplicate = pair
    merge = propose(personas, kept, duplicate)
    share_by_consent(kept, "jobcenter", categories=[DataCategory.MASTER_DATA])
    for persona in ("jobcenter", "asyl", "lenkung", "admin", "vhs", "ehrenamt"):
        client = login(personas.users[persona])
        assert client.get(reverse("privacy:merge_propose", args=[kept.pk])).status_code == 404, persona
        assert client.get(reverse("privacy:merges")).status_code == 404, persona
        assert client.post(reverse("privacy:merge_confirm", args=[merge.pk])).status_code == 404, persona
        assert client.post(reverse("privacy:merge_undo", args=[merge.pk])).status_code == 404, persona
    merge.refresh_from_db()
    assert merge.status == MergeStatus.PROPOSED
