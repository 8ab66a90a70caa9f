from datetime import date

from django.db import transaction
from django.utils import timezone

from agencies.models import Membership, User
from cases.models import Case
from cases.services.cases import case_open
from cases.services.persons import benefit_period_record, person_register, residence_status_record


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
) -> Case:
    """Register a person and open their case: all of it, or nothing."""
    opened_on = opened_on or timezone.localdate()
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
