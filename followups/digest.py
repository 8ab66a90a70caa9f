"""The morning digest: on working days, each caseworker with follow-ups or plan steps due today or overdue gets one
e-mail through the outbox, saying how many and linking to "Meine Aufgaben".

The mail carries no personal data: no name of a person, no text of a follow-up, not even the caseworker's own
name; the reader signs in to see what is due, where their access is checked. A `DigestSent` row per user and day,
under a unique constraint, is written in the same transaction as the mail: a second run of the day (a retry, a
second beat, `run_schedule`) finds it and sends nothing twice, and two runs at once wait on the index and decide
once.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from agencies.models import Agency, User
from agencies.outbox import emails_enqueue
from followups import selectors
from followups.models import DigestSent

log = logging.getLogger(__name__)

WEEKEND = (5, 6)  # Saturday, Sunday: the beat schedule runs Monday to Friday, this holds for a manual run too
KEPT_FOR = timedelta(days=30)  # the records of sent digests are needed for the day only


def digest_mail(count: int) -> tuple[str, str]:
    """Subject and body, in German, with the number and the link and nothing else."""
    with translation.override("de"):
        subject = ngettext(
            "My tasks: %(count)d item due today or overdue", "My tasks: %(count)d items due today or overdue", count
        ) % {"count": count}
        body = ngettext(
            "Good morning,\n\n%(count)d of your follow-ups and plan steps is due today or overdue.\n\n"
            "You find it under “My tasks”:\n%(link)s\n\n"
            "This e-mail deliberately contains no personal data.",
            "Good morning,\n\n%(count)d of your follow-ups and plan steps are due today or overdue.\n\n"
            "You find them under “My tasks”:\n%(link)s\n\n"
            "This e-mail deliberately contains no personal data.",
            count,
        ) % {"count": count, "link": settings.SITE_URL + reverse("followups:my_tasks")}
    return str(subject), str(body)


def _due_for(user: User, today: date) -> tuple[int, Agency | None]:
    """The number of the user's due items over their memberships (an item seen in two counts once), and the agency
    whose administrators see the mail if it cannot be delivered."""
    memberships = selectors.task_memberships(user)
    keys: set[tuple[str, int]] = set()
    for membership in memberships:
        keys |= selectors.due_item_keys(user, membership, today=today)
    return len(keys), (memberships[0].agency if memberships else None)


def _send(user: User, agency: Agency | None, count: int, today: date) -> bool:
    subject, body = digest_mail(count)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=today, items=count)
            emails_enqueue([(user.email, subject, body, agency)])
    except IntegrityError:
        return False  # another run sent it first
    return True


def digest_send(*, today: date | None = None) -> int:
    """Send the day's digests not sent yet; returns how many this run sent."""
    today = today or timezone.localdate()
    if today.weekday() in WEEKEND:
        return 0
    already = set(DigestSent.objects.filter(day=today).values_list("user_id", flat=True))
    sent = 0
    for user in selectors.digest_candidates(today):
        if user.pk in already:
            continue
        count, agency = _due_for(user, today)
        if count and _send(user, agency, count, today):
            sent += 1
    DigestSent.objects.filter(day__lt=today - KEPT_FOR).delete()
    log.info("morning digest %s: %s sent", today, sent)
    return sent
