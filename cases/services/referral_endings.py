"""What a revoked consent does to the referrals built on it: they end, as its shares do (§ 67b Abs. 2 SGB X)."""

from datetime import datetime

from django.utils.translation import gettext as _

from agencies.models import User
from cases.models import Consent, ReferralStatus
from cases.models.referrals import OPEN_REFERRAL
from cases.services._common import save


def referrals_end_on_revocation(*, actor: User, consent: Consent, at: datetime) -> int:
    """End every open referral on the consent, in the revocation's transaction. Runs with the consent row locked,
    which is also what accepting such a referral locks first."""
    ended = 0
    for referral in consent.referrals.select_for_update().filter(status__in=OPEN_REFERRAL):
        referral.status = ReferralStatus.WITHDRAWN
        referral.ended_at, referral.ended_by = at, actor
        referral.end_note = _("The person withdrew the consent (revoked on %(day)s).") % {
            "day": consent.revoked_on.strftime("%d.%m.%Y")
        }
        save(referral, actor=actor, update_fields=["status", "ended_at", "ended_by", "end_note"])
        ended += 1
    return ended
