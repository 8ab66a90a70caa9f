from collections.abc import Iterable

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
    if action not in AccessAction.values or action == AccessAction.LIST:
        raise ValueError(f"unknown access action {action!r}")
    return AccessLog.objects.create(
        user=user,
        agency_id=membership.agency_id if membership else None,
        role=membership.role if membership else "",
        person=person,
        case=case,
        action=action,
        purpose=purpose[:200],
    )


def list_read_record(
    *, user: User, membership: Membership | None, person_ids: Iterable[int], purpose: str = ""
) -> AccessLog:
    """One row for a page of a list or of search results, naming every person it showed. An empty page writes its
    row too (naming nobody): the page costs the same queries whatever it finds."""
    shown = sorted(set(person_ids))
    return AccessLog.objects.create(
        user=user,
        agency_id=membership.agency_id if membership else None,
        role=membership.role if membership else "",
        persons=shown,
        action=AccessAction.LIST,
        purpose=purpose[:200],
    )
