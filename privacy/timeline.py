"""Who read and who changed one person's data, as one list newest first: the access log and every history table
that holds the person, merged.

Each source is asked for at most one page of rows from the cursor on, so a page costs one query per source
whatever the person's history holds; the export asks each source for everything. Rows are ordered by time, then
source, then id, so that rows of the same instant (one transaction writes several) page without loss or repeat.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, Role, User
from booklets.models import CompanionBooklet
from cases.models import (
    AccessLog,
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    Consent,
    Person,
    PersonalGoal,
    PlanStep,
    Referral,
    ResidenceStatus,
    SupportPlan,
)
from courses.models import Alert, AlertAction, AttendanceAgreement, Enrolment, Entitlement
from followups.models import FollowUp

READ = "read"
CHANGE = "change"
KINDS = ((READ, _("Reads")), (CHANGE, _("Changes")))  # the filter's choices
KIND_LABELS = {READ: _("Read access"), CHANGE: _("Change")}  # one row's kind


@dataclass(frozen=True)
class Filters:
    kind: str = ""  # READ, CHANGE or "" for both
    user_ids: tuple[int, ...] | None = None  # None: every user
    agency: Agency | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: at the instant `at`, after the first `seen` rows of that instant."""

    at: datetime
    seen: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.seen}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        moment, _sep, seen = (text or "").partition("~")
        try:
            at, seen = datetime.fromisoformat(moment), int(seen)
        except ValueError:
            return None
        return cls(at, seen) if timezone.is_aware(at) and seen >= 0 else None


@dataclass
class Event:
    at: datetime
    order: tuple[int, int]  # (source, id): the order among rows of the same instant
    kind: str
    user: User | None
    what: str
    case_id: int | None = None
    agency: Agency | None = None
    role: str = ""
    note: str = ""
    # Filled for changes, whose rows do not name the agency: the user's memberships at the time of the page.
    memberships: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def agency_label(self) -> str:
        """A read names the agency it was logged for; a change, the user's agencies (history rows name none)."""
        if self.kind == READ:
            return self.agency.name if self.agency else ""
        return " / ".join(membership.agency.name for membership in self.memberships)

    @property
    def role_label(self) -> str:
        if self.kind == READ:
            return str(Role(self.role).label) if self.role in Role.values else ""
        return " / ".join(str(membership.get_role_display()) for membership in self.memberships)


def _history_sources(person: Person, agency_ids: set[int]) -> list[QuerySet]:
    """Every history table that holds the person's data: the master data every agency shares, and what hangs on
    the cases the officer's agencies lead, the consents they recorded and the slips they issued."""
    cases = Case.objects.filter(person_id=person.pk, lead_agency_id__in=agency_ids).values("pk")
    return [
        Person.history.filter(id=person.pk),
        ResidenceStatus.history.filter(person_id=person.pk),
        BenefitPeriod.history.filter(person_id=person.pk),
        Consent.history.filter(person_id=person.pk, recording_agency_id__in=agency_ids),
        Case.history.filter(id__in=cases),
        CaseNote.history.filter(case_id__in=cases),
        CaseShare.history.filter(case_id__in=cases),
        Referral.history.filter(Q(case_id__in=cases) | Q(received_case_id__in=cases)),
        SupportPlan.history.filter(case_id__in=cases),
        PersonalGoal.history.filter(plan__case_id__in=cases),
        PlanStep.history.filter(goal__plan__case_id__in=cases),
        Entitlement.history.filter(person_id=person.pk, issuing_agency_id__in=agency_ids),
        Enrolment.history.filter(person_id=person.pk, entitlement__issuing_agency_id__in=agency_ids),
        AttendanceAgreement.history.filter(
            enrolment__person_id=person.pk, enrolment__entitlement__issuing_agency_id__in=agency_ids
        ),
        Alert.history.filter(agency_id__in=agency_ids).filter(
            Q(enrolment__person_id=person.pk) | Q(entitlement__person_id=person.pk)
        ),
        AlertAction.history.filter(agency_id__in=agency_ids).filter(
            Q(alert__enrolment__person_id=person.pk) | Q(alert__entitlement__person_id=person.pk)
        ),
        CompanionBooklet.history.filter(case_id__in=cases),
        FollowUp.history.filter(case_id__in=cases),
    ]


def reads_of(person: Person, agency_ids: set[int]) -> QuerySet[AccessLog]:
    """Reads of the person's data the officer's agencies are responsible for: anyone's reads of the cases they
    lead, and their own staff's other reads (alerts, lists and search results that showed the person)."""
    return AccessLog.objects.filter(
        Q(person_id=person.pk) | Q(persons__contains=[person.pk]),
        Q(case__lead_agency_id__in=agency_ids) | Q(case__isnull=True, agency_id__in=agency_ids),
    )


def _bounds(filters: Filters) -> tuple[datetime | None, datetime | None]:
    zone = timezone.get_current_timezone()
    since = datetime.combine(filters.since, time.min, zone) if filters.since else None
    until = datetime.combine(filters.until, time.max, zone) if filters.until else None
    return since, until


def _narrowed(rows: QuerySet, filters: Filters, before: datetime | None, *, at: str, user: str) -> QuerySet:
    """The rows within the filter's period and users, at or before `before` (`at` and `user` name their fields)."""
    since, until = _bounds(filters)
    if since:
        rows = rows.filter(**{f"{at}__gte": since})
    if until:
        rows = rows.filter(**{f"{at}__lte": until})
    if before:
        rows = rows.filter(**{f"{at}__lte": before})
    if filters.user_ids is not None:
        rows = rows.filter(**{f"{user}__in": filters.user_ids})
    return rows


def _filtered_reads(
    person: Person, agency_ids: set[int], filters: Filters, before: datetime | None
) -> QuerySet[AccessLog]:
    reads = _narrowed(reads_of(person, agency_ids), filters, before, at="at", user="user_id")
    if filters.agency is not None:
        reads = reads.filter(agency=filters.agency)
    return reads.select_related("user", "agency").order_by("-at", "-id")


def _filtered_changes(source: QuerySet, filters: Filters, before: datetime | None) -> QuerySet:
    rows = _narrowed(source, filters, before, at="history_date", user="history_user_id")
    if filters.agency is not None:
        # History rows do not name the agency: the changes by its members stand for it.
        members = Membership.objects.filter(agency=filters.agency).values("user_id")
        rows = rows.filter(history_user_id__in=members)
    return rows.select_related("history_user").order_by("-history_date", "-history_id")


def _read_event(row: AccessLog) -> Event:
    return Event(
        at=row.at,
        order=(0, row.pk),
        kind=READ,
        user=row.user,
        what=row.get_action_display(),
        case_id=row.case_id,
        agency=row.agency,
        role=row.role,
        note=row.purpose,
    )


def _change_event(source: int, row) -> Event:
    model = row.instance_type._meta  # not row.instance: it would read excluded fields anew
    return Event(
        at=row.history_date,
        order=(source, row.history_id),
        kind=CHANGE,
        user=row.history_user,
        what=f"{model.verbose_name}: {row.get_history_type_display()}",
        case_id=getattr(row, "case_id", None) or (row.id if model.model_name == "case" else None),
        note=row.history_change_reason or "",
    )


def events(
    person: Person,
    agency_ids: set[int],
    filters: Filters,
    *,
    cursor: Cursor | None = None,
    limit: int | None = None,
) -> list[Event]:
    """The person's reads and changes within the officer's agencies (`agency_ids`) matching the filters, newest
    first: at most `limit` from the cursor on."""
    before, skip = (cursor.at, cursor.seen) if cursor else (None, 0)
    wanted = limit + skip if limit else None
    parts = []
    if filters.kind in ("", READ):
        reads = _filtered_reads(person, agency_ids, filters, before)
        parts.append(_read_event(row) for row in (reads[:wanted] if wanted else reads.iterator()))
    if filters.kind in ("", CHANGE):
        for source, rows in enumerate(_history_sources(person, agency_ids), start=1):
            rows = _filtered_changes(rows, filters, before)
            parts.append(_change_event(source, row) for row in (rows[:wanted] if wanted else rows.iterator()))
    merged = sorted(chain.from_iterable(parts), key=lambda event: (event.at, event.order), reverse=True)
    merged = merged[skip:]  # the rows of the cursor's instant that the pages before showed
    merged = merged[:limit] if limit else merged
    _add_memberships(merged)
    return merged


def next_cursor(cursor: Cursor | None, page: list[Event]) -> Cursor:
    """Where the page after `page` (which began at `cursor`) starts."""
    last = page[-1].at
    seen = sum(1 for event in page if event.at == last)
    if cursor and cursor.at == last:
        seen += cursor.seen
    return Cursor(last, seen)


def _add_memberships(events_: list[Event]) -> None:
    """The agencies and roles of the users who changed something (one query for the page)."""
    user_ids = {event.user.pk for event in events_ if event.kind == CHANGE and event.user}
    if not user_ids:
        return
    by_user: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(user_id__in=user_ids).select_related("agency"):
        by_user.setdefault(membership.user_id, []).append(membership)
    for event in events_:
        if event.kind == CHANGE and event.user:
            event.memberships = by_user.get(event.user.pk, [])
