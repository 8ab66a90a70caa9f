"""Co-workers of a Case-Management case: a named colleague of another team of the lead's department works on the
case beside the lead. The grant is a django-guardian object permission (cases.CaseUserObjectPermission) with history;
granting and withdrawing lock the case, so the two never interleave."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import CASE_LEAD, require
from cases.models import Case, CaseUserObjectPermission
from cases.models.choices import CaseKind, CaseStatus
from cases.models.grants import WORK_ON_CASE
from cases.selectors import coworker_candidates
from ewg.grants import grant_once, withdraw


def _lead_case(membership: Membership, case: Case) -> Case:
    case = Case.objects.select_for_update().select_related("lead_agency").get(pk=case.pk)
    require(
        membership, CASE_LEAD, case, message=_("Only the caseworkers of the lead agency decide who works on the case.")
    )
    return case


@transaction.atomic
def case_coworker_add(
    *, actor: User, membership: Membership, case: Case, colleague: User, reason: str
) -> CaseUserObjectPermission:
    """Idempotent: naming a colleague who already works on the case changes nothing (a second submission)."""
    case = _lead_case(membership, case)
    if case.kind != CaseKind.CASE_MANAGEMENT:
        raise ValidationError(_("Co-workers of other teams work on Case-Management cases only."))
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason the colleague needs the case.")})
    if not coworker_candidates(case).filter(user=colleague).exists():
        raise ValidationError({"colleague": _("Choose a caseworker of another team of your department.")})
    return grant_once(
        CaseUserObjectPermission, obj=case, user=colleague, codename=WORK_ON_CASE, actor=actor,
        history_reason=reason, reason=reason,
    )  # fmt: skip


@transaction.atomic
def case_coworker_remove(*, actor: User, membership: Membership, case: Case, grant_pk: int) -> None:
    """Idempotent: a grant already withdrawn (a second click) is left as it is."""
    case = _lead_case(membership, case)
    withdraw(CaseUserObjectPermission, obj=case, pk=grant_pk, actor=actor)
