"""The nightly retention job: applies the schedule (privacy.schedule) to every kind of record, idempotently.

Each person is erased in a transaction of their own, so that a failure leaves the others done; what is already
gone is not found again, so a second run on the same day does nothing. One run at a time (an advisory lock).
"""

import logging
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from agencies.models import User
from booklets.models import BookletEdition
from cases.models import AccessLog, Case, Person
from cases.models.choices import CaseStatus
from courses.models import Alert, AlertAction
from privacy.erasure import erase_person
from privacy.models import ErasureRecord, LegalHold, RecordKind, RetentionAction, RetentionRule, RetentionRun
from privacy.schedule import rule_in_force

log = logging.getLogger("ewg.audit")
BATCH = 5_000
ANONYMISED_PREFIX = "geloescht-"


def _versions(kind: str) -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(kind=kind).order_by("valid_from"))


def _due(kind: str, field: str, today: date, *, moment: bool = False) -> Q:
    """Records whose `field` date lies far enough back under the rule in force on that date. Dates before the
    first rule are judged by it (they are older than the schedule, not exempt from it). For a timestamp
    (`moment`), the bounds are the local midnights that begin those days, so that its index serves."""

    def bound(day: date):
        return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()) if moment else day

    def on_or_before(day: date) -> Q:
        return Q(**{f"{field}__lt": bound(day + timedelta(days=1))}) if moment else Q(**{f"{field}__lte": day})

    due = Q(pk__in=[])
    for number, (rule, following) in enumerate(pairwise([*_versions(kind), None])):
        window = on_or_before(today - relativedelta(months=rule.months))
        if number:
            window &= Q(**{f"{field}__gte": bound(rule.valid_from)})
        if following is not None:
            window &= Q(**{f"{field}__lt": bound(following.valid_from)})
        due |= window
    return due


def persons_due(today: date) -> QuerySet[Person]:
    """Persons whose cases are all closed and were closed long enough ago, and who are under no legal hold."""
    open_case = Case.objects.filter(person_id=OuterRef("pk"), status=CaseStatus.OPEN)
    held = LegalHold.objects.filter(person_id=OuterRef("pk"), released_at__isnull=True)
    return (
        Person.objects.annotate(last_closed=Max("cases__closed_on"))
        .filter(last_closed__isnull=False)
        .exclude(Exists(open_case))
        .exclude(Exists(held))
        .filter(_due(RecordKind.CLOSED_CASE, "last_closed", today))
    )


def _delete_in_batches(queryset, history=None, children: tuple = ()) -> int:
    """Delete the rows (and their history rows) a batch at a time, each batch its own transaction. `children`:
    (model, foreign-key column) of rows that hang on these, deleted first with their history rows."""
    done = 0
    while ids := list(queryset.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            for model, column in children:
                for hanging in (
                    model.history.filter(**{f"{column}__in": ids}),
                    model.objects.filter(**{f"{column}__in": ids}),
                ):
                    hanging._raw_delete(hanging.db)
            if history is not None:
                history.filter(id__in=ids)._raw_delete(history.db)
            rows = queryset.model.objects.filter(pk__in=ids)
            done += rows._raw_delete(rows.db)
    return done


def _moments(field: str, kind: str, today: date) -> Q:
    return _due(kind, field, today, moment=True)


def _anonymise_accounts(today: date) -> int:
    gone = User.objects.filter(is_active=False).exclude(username__startswith=ANONYMISED_PREFIX)
    last_seen = Q(last_login__isnull=False) & _moments("last_login", RecordKind.ACCOUNT, today)
    never = Q(last_login__isnull=True) & _moments("date_joined", RecordKind.ACCOUNT, today)
    done = 0
    for user_id in gone.filter(last_seen | never).values_list("pk", flat=True):
        with transaction.atomic():
            blank = {"first_name": "", "last_name": "", "email": "", "username": f"{ANONYMISED_PREFIX}{user_id}"}
            User.objects.filter(pk=user_id).update(**blank)
            User.history.filter(id=user_id).update(**blank)
            done += 1
    return done


def _superseded_editions(today: date) -> QuerySet[BookletEdition]:
    newer = BookletEdition.objects.filter(booklet_id=OuterRef("booklet_id"), number__gt=OuterRef("number")).filter(
        _moments("printed_at", RecordKind.BOOKLET_EDITION, today)
    )
    return BookletEdition.objects.filter(Exists(newer))


def apply_retention(*, today: date | None = None) -> dict[str, int]:
    """One run over the whole schedule; returns how many records of each kind it deleted or anonymised."""
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('retention-run'))")
        if not cursor.fetchone()[0]:
            log.info("retention run skipped: another run holds the lock")
            return {}
    try:
        return _run(today)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('retention-run'))")


def _run(today: date) -> dict[str, int]:
    run = RetentionRun.objects.create(today=today)
    done = dict.fromkeys(RecordKind.values, 0)
    reason = rule_in_force(RecordKind.CLOSED_CASE, today)
    for person_id in persons_due(today).values_list("pk", flat=True).iterator(chunk_size=BATCH):
        try:
            erase_person(person_id, reason=reason.legal_reason if reason else "", run=run)
        except ValidationError as refusal:  # held, reopened or erased since the query: tomorrow decides anew
            log.info("retention run: person %s kept: %s", person_id, refusal.messages)
            continue
        except DatabaseError:  # the person's transaction is rolled back; the others and the other kinds go on
            log.exception("retention run: person %s could not be erased", person_id)
            done["failed"] = done.get("failed", 0) + 1
            continue
        done[RecordKind.CLOSED_CASE] += 1
    done[RecordKind.ALERT] = _delete_in_batches(
        Alert.objects.filter(resolved_at__isnull=False).filter(_moments("resolved_at", RecordKind.ALERT, today)),
        Alert.history,
        children=((AlertAction, "alert_id"),),
    )
    done[RecordKind.ACCESS_LOG] = _delete_in_batches(
        AccessLog.objects.filter(_moments("at", RecordKind.ACCESS_LOG, today))
    )
    done[RecordKind.BOOKLET_EDITION] = _delete_in_batches(_superseded_editions(today), BookletEdition.history)
    done[RecordKind.ACCOUNT] = _anonymise_accounts(today)
    for kind in (RecordKind.ALERT, RecordKind.ACCESS_LOG, RecordKind.BOOKLET_EDITION, RecordKind.ACCOUNT):
        if done[kind]:
            rule = rule_in_force(kind, today)
            ErasureRecord.objects.create(
                run=run,
                kind=kind,
                action=rule.action if rule else RetentionAction.DELETE,
                subject=f"{done[kind]} × {RecordKind(kind).label}",
                reason=rule.legal_reason if rule else "",
            )
    run.done = {kind: count for kind, count in done.items() if count}
    run.finished_at = timezone.now()
    run.save(update_fields=["done", "finished_at"])
    log.info("retention run %s: %s", today.isoformat(), run.done)
    return run.done
