from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from cases.models import Case, Person
from cases.models.choices import CaseStatus
from cases.names import fold
from cases.selectors import likely_duplicates, persons_visible_to
from cases.services.cases import case_open
from cases.services.persons import benefit_period_record, person_register, residence_status_record


class LikelyDuplicate(ValidationError):
    """Persons the caseworker may see who may be the one about to be registered."""

    def __init__(self, persons: list[Person]):
        super().__init__(_("There are already persons with a similar name and the same date of birth."))
        self.persons = persons


def _lock_registration(*, family_name: str, birth_date: date | None) -> None:
    """Registrations of the same family name and birth date one at a time, until the transaction ends: the second
    one sees the person the first one registered, however close together they were sent."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('person-registration'), hashtext(%s))",
            [f"{fold(family_name)}|{birth_date}"],
        )


@transaction.atomic
def intake_register(
    *,
    actor: User,
    membership: Membership,
    person: dict,
    kind: str,
    action_fields: list[str],
    residence: str = "",
    benefit_system: str = "",
    opened_on: date | None = None,
    confirmed_other_person: bool = False,
) -> Case:
    """Register a person and open their case: all of it, or nothing. A likely duplicate among the persons the
    caseworker may see is refused (LikelyDuplicate) unless they confirmed that this is someone else."""
    opened_on = opened_on or timezone.localdate()
    _lock_registration(family_name=person["family_name"], birth_date=person.get("birth_date"))
    if not confirmed_other_person:
        duplicates = likely_duplicates(
            actor,
            membership,
            given_names=person["given_names"],
            family_name=person["family_name"],
            birth_date=person.get("birth_date"),
        )
        if duplicates:
            raise LikelyDuplicate(duplicates)
    registered = person_register(actor=actor, membership=membership, **person)
    case = case_open(
        actor=actor,
        membership=membership,
        person=registered,
        kind=kind,
        opened_on=opened_on,
        action_fields=action_fields,
    )
    acting = {"actor": actor, "membership": membership, "person": registered}
    if residence:
        residence_status_record(**acting, kind=residence, valid_from=opened_on)
    if benefit_system:
        benefit_period_record(**acting, system=benefit_system, valid_from=opened_on)
    return case


@transaction.atomic
def intake_existing(
    *,
    actor: User,
    membership: Membership,
    person_id: int,
    kind: str,
    action_fields: list[str],
    opened_on: date | None = None,
) -> Case:
    """Open a new case for a person already registered, chosen from the likely duplicates: only a person the
    caseworker may see (any other answers as if it did not exist), and not a second open case of their agency."""
    person = persons_visible_to(actor, membership).select_for_update(of=("self",)).filter(pk=person_id).first()
    if person is None:
        raise ValidationError(_("Choose one of the persons listed."))
    if Case.objects.filter(person=person, lead_agency=membership.agency, status=CaseStatus.OPEN).exists():
        raise ValidationError(_("Your agency already leads an open case of this person: continue it instead."))
    return case_open(
        actor=actor, membership=membership, person=person, kind=kind, opened_on=opened_on or timezone.localdate(),
        action_fields=action_fields,
    )  # fmt: skip
