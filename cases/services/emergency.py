"""Break-the-glass: a caseworker opens a case they cannot see, for an emergency named from a short list and
explained; reading only, until the end of the day; logged, and reviewed by the data protection officer."""

import logging
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import CASE_LEAD, require
from cases.models import Case, EmergencyAccess, EmergencyReason
from cases.models.choices import AccessAction
from cases.models.persons import unrestricted_for
from cases.selectors import cases_visible_to
from cases.services.access import access_record
from ewg.history import save_with_history

audit = logging.getLogger("ewg.audit")
EXPLANATION_LENGTH = 300


def end_of_day(moment: datetime) -> datetime:
    """Midnight after the moment, local time: an emergency access lasts the working day it was opened on."""
    day = timezone.localtime(moment).date() + timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def emergency_open(
    *, actor: User, membership: Membership, case_number: int, reason: str, explanation: str
) -> EmergencyAccess:
    require(membership, CASE_LEAD, user=actor)
    if reason not in EmergencyReason.values:
        raise ValidationError({"reason": _("Choose the emergency from the list.")})
    explanation = explanation.strip()
    if not explanation:
        raise ValidationError({"explanation": _("Explain the emergency: the data protection officer reviews it.")})
    if len(explanation) > EXPLANATION_LENGTH:
        raise ValidationError({"explanation": _("Please shorten the explanation to 300 characters.")})
    # A restricted person's case is missing here too (Art. 18 DSGVO): the same answer as for no case at all.
    case = Case.objects.select_for_update().filter(unrestricted_for(actor), pk=case_number).first()
    if case is None:
        raise ValidationError({"case_number": _("There is no case with this number.")})
    if cases_visible_to(actor, membership).filter(pk=case.pk).exists():
        active = EmergencyAccess.objects.filter(user=actor, case=case, expires_at__gt=timezone.now()).first()
        if active is not None:  # a second submission of the same form: the access already open
            return active
        raise ValidationError({"case_number": _("You see this case already; no emergency access is needed.")})
    now = timezone.now()
    access = EmergencyAccess(
        user=actor, agency=membership.agency, case=case, reason=reason, explanation=explanation,
        expires_at=end_of_day(now),
    )  # fmt: skip
    save_with_history(access, actor=actor)
    access_record(
        user=actor, membership=membership, person=case.person, case=case, action=AccessAction.EMERGENCY,
        purpose=f"{EmergencyReason(reason).label}: {explanation}",
    )  # fmt: skip
    audit.warning("emergency access: user %s opened case %s (%s)", actor.pk, case.pk, reason)
    return access
