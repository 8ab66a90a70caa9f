"""The retention schedule read as the law reads it: the rule in force on a record's date, and the day a person's
record is due for erasure."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import Case, Person
from cases.models.choices import CaseStatus
from privacy.models import RecordKind, RetentionRule


@lru_cache(maxsize=1)
def _rules() -> tuple[RetentionRule, ...]:
    """The whole schedule (a dozen rows), read once per process; changed rows clear it (below)."""
    return tuple(RetentionRule.objects.order_by("kind", "-valid_from"))


@receiver([post_save, post_delete], sender=RetentionRule)
def _forget_rules(**_kwargs) -> None:
    _rules.cache_clear()


def rule_in_force(kind: str, on: date) -> RetentionRule | None:
    """The rule for a kind of record valid on the day; None before the schedule's first rule."""
    return next((rule for rule in _rules() if rule.kind == kind and rule.valid_from <= on), None)


def schedule_on(on: date) -> list[RetentionRule]:
    """The rule of every kind in force on the day, in the order of the kinds."""
    rules = (rule_in_force(kind, on) for kind in RecordKind.values)
    return [rule for rule in rules if rule is not None]


def ends_on(kind: str, start: date) -> date | None:
    """The day a record of the kind, counted from `start`, has been kept long enough (the rule of `start`)."""
    rule = rule_in_force(kind, start)
    return start + relativedelta(months=rule.months) if rule else None


def person_erasure_date(cases: list[Case]) -> date | None:
    """The day a person's record is due for erasure: kept from the closing of their last case; none while a case
    is open."""
    if not cases or any(case.status != CaseStatus.CLOSED for case in cases):
        return None
    return ends_on(RecordKind.CLOSED_CASE, max(case.closed_on for case in cases))


@dataclass(frozen=True)
class RetentionLine:
    """One kind of record of a person: how long it is kept, why, and (where known) until when."""

    rule: RetentionRule
    until: date | None


def retention_lines(person: Person, today: date) -> list[RetentionLine]:
    """The person's retention dates, kind by kind, for the subject-access report and the officer's pages."""
    due = person_erasure_date(list(person.cases.all()))
    lines = []
    for rule in schedule_on(today):
        if rule.kind == RecordKind.ACCOUNT:  # the staff's accounts, not the person's data
            continue
        until = due if rule.kind in _WITH_THE_PERSON else None
        lines.append(RetentionLine(rule=rule, until=until))
    return lines


_WITH_THE_PERSON = {RecordKind.CLOSED_CASE, RecordKind.NOTE, RecordKind.CONSENT, RecordKind.SLIP, RecordKind.ENROLMENT}
