from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.models import Membership, Role, User


def save(instance, *, actor: User, update_fields: list[str] | None = None) -> None:
    instance._history_user = actor
    instance.save(update_fields=update_fields)


def require_caseworker(membership: Membership | None) -> Membership:
    if membership is None or membership.role != Role.CASEWORKER or not membership.is_active:
        raise ValidationError(_("Only caseworkers may do this."))
    return membership
