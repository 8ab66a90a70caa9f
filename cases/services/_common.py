from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.models import Membership, Role
from ewg.history import save_with_history as save  # noqa: F401 - the services of this package import it from here


def require_caseworker(membership: Membership | None) -> Membership:
    if membership is None or membership.role != Role.CASEWORKER or not membership.is_active:
        raise ValidationError(_("Only caseworkers may do this."))
    return membership
