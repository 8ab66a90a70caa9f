from agencies.models import Membership, User
from cases.models import AccessLog, Case, Person
from cases.models.choices import AccessAction


def access_record(
    *,
    user: User,
    membership: Membership | None,
    person: Person,
    action: str,
    case: Case | None = None,
    purpose: str = "",
) -> AccessLog:
    """One row per read of a person's data. Call it inside the transaction of the read it records."""
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    return AccessLog.objects.create(
        user=user,
        agency_id=membership.agency_id if membership else None,
        person=person,
        case=case,
        action=action,
        purpose=purpose[:200],
    )
