"""Demo follow-ups of the counselling team in Rheine: Anna Becker (`beratung`) has one overdue, one due today and
a few in the coming days on her Case-Management cases, one of them tied to a step of the support plan; Jonas
Schulte (`asyl`) has one on the case he co-works. "Meine Aufgaben" and the morning digest have something to show.

Dates count from the day of seeding, like the course pipeline's: follow-ups are about the current days. The
services set them; the overdue one is written as if set a week ago (the service refuses a day in the past).
Idempotent: if any follow-up exists, the seeder does nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agencies.models import Membership
from cases.models import Case, PlanStep
from cases.models.choices import CaseKind, CaseStatus
from ewg.history import save_with_history
from followups.models import FollowUp
from followups.services import followup_set

# (caseworker, family name of the case's person, days from today, text, tied to the first open plan step)
FOLLOWUPS = [
    ("beratung", "Al-Hassan", -3, "Bei der VHS nachfragen, ob der Berechtigungsschein eingelöst wurde.", False),
    ("beratung", "Haddad", 0, "Rückruf wegen des Kita-Platzes (Familienzentrum hat Rückmeldung zugesagt).", False),
    ("beratung", "Kovalenko", 3, "Stand der Anmeldung prüfen und Termin für das nächste Gespräch vereinbaren.", True),
    ("beratung", "Jasim", 10, "Rückmeldung der VHS zum Modultest einholen.", False),
    ("asyl", "Haddad", 2, "Rückmeldung zur Wohnungsbesichtigung einholen.", False),
]


def _case(family_name: str) -> Case | None:
    return (
        Case.objects.filter(
            person__family_name=family_name, kind=CaseKind.CASE_MANAGEMENT, status=CaseStatus.OPEN,
        )
        .select_related("lead_agency")
        .order_by("pk")
        .first()
    )  # fmt: skip


@transaction.atomic
def seed_followups() -> None:
    if FollowUp.objects.exists():
        return
    memberships = {
        membership.user.username: membership
        for membership in Membership.objects.select_related("user", "agency").filter(
            user__username__in=["beratung", "asyl"], is_active=True
        )
    }
    today = timezone.localdate()
    for username, family_name, days, text, tied in FOLLOWUPS:
        membership = memberships.get(username)
        case = _case(family_name) if membership else None
        if case is None:  # the cases' demo was not seeded
            continue
        step = PlanStep.objects.filter(goal__plan__case=case, done_on__isnull=True).order_by("due_on", "pk").first()
        values = {"case": case, "text": text, "plan_step": step if tied else None}
        if days >= 0:
            followup_set(actor=membership.user, membership=membership, due_on=today + timedelta(days=days), **values)
            continue
        overdue = FollowUp(
            due_on=today + timedelta(days=days), assigned_to=membership.user, agency=membership.agency,
            created_by=membership.user, **values,
        )  # fmt: skip
        save_with_history(overdue, actor=membership.user, reason="demo data")
