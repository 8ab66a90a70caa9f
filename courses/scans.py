"""The nightly scans: set-based queries over the new window that raise alerts to the obliging or issuing agency.

Each scan is one INSERT ... SELECT ... ON CONFLICT DO NOTHING: the unique constraints on (kind, subject,
window_start) decide that a scan run twice, or two runs at once, raise nothing twice. In the same transaction the
scan writes the alerts' history rows and the outbox e-mails (one per addressed agency and kind of alert), so no alert
and no e-mail is lost when Redis or the mail server is down.

Windows:
- non-attendance reads unexcused days *recorded* in [since, until) (entered or changed, late entries included),
  and checks every rolling window of the agreement's length that contains such a day;
- the deadline scans read the slips and enrolments whose deadline falls on a day in [day_from, day_to].
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from courses.figures import TARGET_DAYS
from courses.models import Alert, Enrolment, Entitlement, ScanRun
from courses.models.choices import AlertKind, EntitlementStatus
from courses.services.alert_mail import alert_mails_enqueue

NO_COURSE_DAYS = TARGET_DAYS  # Rheine's goal: a course within 8 weeks of the slip, as the figures measure it
NOT_STARTED_DAYS = 42  # § 7 Abs. 4 IntV: the course should start within six weeks of registration
EXPIRY_NOTICE_DAYS = 30
RECORDING_OVERLAP = timedelta(hours=1)

# Every rolling window that contains a newly recorded unexcused day and breaches the agreement ends on an unexcused
# day at most window_days - 1 after it (shift such a window's end back to its last unexcused day: it loses none).
# So: the candidate ends, their counts, the earliest breach per enrolment, unless an alert already covers it.
NON_ATTENDANCE_BREACHES_SQL = """
WITH new_days AS (
    SELECT DISTINCT r.enrolment_id, r.day
    FROM cases_attendancerecord r
    WHERE r.status = 'unexcused' AND r.recorded_at >= %(since)s AND r.recorded_at < %(until)s
        AND (%(only)s::integer[] IS NULL OR r.enrolment_id = ANY(%(only)s::integer[]))
), window_ends AS (
    SELECT DISTINCT a.enrolment_id, e.day AS window_end, a.window_days, a.max_unexcused_days, a.informed_agency_id
    FROM new_days n
    JOIN cases_attendanceagreement a ON a.enrolment_id = n.enrolment_id
    JOIN cases_attendancerecord e ON e.enrolment_id = n.enrolment_id AND e.status = 'unexcused'
        AND e.day BETWEEN n.day AND n.day + (a.window_days - 1)
), bounded AS (
    -- Days an earlier alert reported are not counted again: the window starts after the last alert before it ends.
    SELECT w.*, greatest(w.window_end - (w.window_days - 1), (
        SELECT max(x.window_end) + 1 FROM cases_alert x
        WHERE x.enrolment_id = w.enrolment_id AND x.kind = 'non_attendance' AND x.window_end < w.window_end
    )) AS window_start
    FROM window_ends w
), counted AS (
    SELECT w.*, (
        SELECT count(*) FROM cases_attendancerecord c
        WHERE c.enrolment_id = w.enrolment_id AND c.status = 'unexcused'
            AND c.day BETWEEN w.window_start AND w.window_end
    ) AS unexcused
    FROM bounded w
)
SELECT DISTINCT ON (b.enrolment_id)
    b.enrolment_id, b.window_start, b.window_end, b.informed_agency_id, b.unexcused
FROM counted b
WHERE b.unexcused > b.max_unexcused_days
    AND NOT EXISTS (
        SELECT 1 FROM cases_alert x
        WHERE x.enrolment_id = b.enrolment_id AND x.kind = 'non_attendance'
            AND x.window_start <= b.window_end AND x.window_end >= b.window_end
    )
ORDER BY b.enrolment_id, b.window_end
"""

# A slip whose 8 weeks ended in the window, not withdrawn, and no integration course of the person started in time.
NO_COURSE_SQL = """
SELECT s.id, s.issued_on, s.issued_on + %(days)s, s.issuing_agency_id, NULL::integer
FROM cases_entitlement s
WHERE s.issued_on BETWEEN %(day_from)s::date - %(days)s AND %(day_to)s::date - %(days)s
    AND s.status <> 'withdrawn'
    AND NOT EXISTS (
        SELECT 1 FROM cases_enrolment e JOIN cases_course c ON c.id = e.course_id
        WHERE e.person_id = s.person_id AND c.kind NOT IN ('basic', 'demand')
            AND e.started_on >= s.issued_on AND e.started_on <= s.issued_on + %(days)s
    )
"""

# Registered with a slip, six weeks passed in the window, still not started: to the obliging, else the issuing agency.
NOT_STARTED_SQL = """
SELECT e.id, e.registered_on, e.registered_on + %(days)s, COALESCE(s.obliging_agency_id, s.issuing_agency_id),
    NULL::integer
FROM cases_enrolment e JOIN cases_entitlement s ON s.id = e.entitlement_id
WHERE e.started_on IS NULL AND e.status = 'registered'
    AND e.registered_on BETWEEN %(day_from)s::date - %(days)s AND %(day_to)s::date - %(days)s
"""

# An unused slip that entered its last 30 days in the window.
SLIP_EXPIRING_SQL = """
SELECT s.id, s.valid_until - %(days)s, s.valid_until, s.issuing_agency_id, NULL::integer
FROM cases_entitlement s
WHERE s.status = 'issued'
    AND s.valid_until BETWEEN %(day_from)s::date + %(days)s AND %(day_to)s::date + %(days)s
    AND NOT EXISTS (SELECT 1 FROM cases_enrolment e WHERE e.entitlement_id = s.id)
"""


# § 8 Abs. 3 IntV: who hears of improper attendance: the obliging authority, or the jobcenter whose Kooperationsplan
# includes the course (§ 5a IntV). As Entitlement.informed_agency_id.
INFORMED = "(CASE WHEN s.kind = 'cooperation_plan' THEN s.issuing_agency_id ELSE s.obliging_agency_id END)"

# § 8 Abs. 3 IntV: the provider tells the obliging authority when an obliged participant does not attend properly;
# ending the course early is the plainest case. The day the enrolment ended falls in the window.
DROPPED_OUT_SQL = f"""
SELECT e.id, e.ended_on, e.ended_on, {INFORMED}, NULL::integer
FROM cases_enrolment e JOIN cases_entitlement s ON s.id = e.entitlement_id
WHERE {INFORMED} IS NOT NULL AND e.status = 'dropped'
    AND e.ended_on BETWEEN %(day_from)s AND %(day_to)s
"""  # noqa: S608 (constants only)

# Proper attendance includes sitting the final tests (§ 14 Abs. 6 IntV): an obliged participant completed the
# course in the window with neither a DTZ result nor a result of "Leben in Deutschland".
NO_FINAL_TEST_SQL = f"""
SELECT e.id, e.ended_on, e.ended_on, {INFORMED}, NULL::integer
FROM cases_enrolment e JOIN cases_entitlement s ON s.id = e.entitlement_id
WHERE {INFORMED} IS NOT NULL AND e.status = 'completed' AND e.dtz_level = '' AND e.lid_passed IS NULL
    AND e.ended_on BETWEEN %(day_from)s AND %(day_to)s
"""  # noqa: S608 (constants only)

# § 7 Abs. 2 IntV: an obliged person registers without delay and the obliging authority learns of it; a
# registration entered for a day in the window is that notice.
REGISTERED_SQL = """
SELECT e.id, e.registered_on, e.registered_on, s.obliging_agency_id, NULL::integer
FROM cases_enrolment e JOIN cases_entitlement s ON s.id = e.entitlement_id
WHERE s.obliging_agency_id IS NOT NULL AND e.registered_on BETWEEN %(day_from)s AND %(day_to)s
"""


@dataclass(frozen=True)
class Scan:
    kind: str
    subject: str  # the Alert column the first selected value fills
    sql: str
    days: int = 0


DEADLINE_SCANS = (
    Scan(AlertKind.NO_COURSE, "entitlement_id", NO_COURSE_SQL, NO_COURSE_DAYS),
    Scan(AlertKind.NOT_STARTED, "enrolment_id", NOT_STARTED_SQL, NOT_STARTED_DAYS),
    Scan(AlertKind.SLIP_EXPIRING, "entitlement_id", SLIP_EXPIRING_SQL, EXPIRY_NOTICE_DAYS),
    Scan(AlertKind.DROPPED_OUT, "enrolment_id", DROPPED_OUT_SQL),
    Scan(AlertKind.NO_FINAL_TEST, "enrolment_id", NO_FINAL_TEST_SQL),
    Scan(AlertKind.REGISTERED, "enrolment_id", REGISTERED_SQL),
)


def _history_statement() -> tuple[str, str]:
    """The historical table of Alert and the columns it shares with Alert (the same names, by construction)."""
    columns = ", ".join(field.column for field in Alert._meta.concrete_fields)
    return Alert.history.model._meta.db_table, columns


def _raise(kind: str, subject: str, select_sql: str, params: dict) -> list[tuple[int, int]]:
    """Insert the alerts the SELECT finds (subject id, window start, window end, agency, finding) and their history
    rows in one statement; return (alert id, agency id) of the new alerts. The caller holds the transaction and
    writes the e-mails (alert_mails_enqueue)."""
    if subject not in ("enrolment_id", "entitlement_id"):
        raise ValueError(subject)
    history_table, columns = _history_statement()
    # Every part is a constant of this module or the models' own metadata; the values travel as parameters.
    sql = f"""
        WITH found AS ({select_sql}), inserted AS (
            INSERT INTO cases_alert (kind, {subject}, window_start, window_end, agency_id, finding, raised_at,
                resolution_note)
            SELECT %(kind)s, found.*, %(now)s, '' FROM found
            ON CONFLICT DO NOTHING
            RETURNING *
        ), history AS (
            INSERT INTO {history_table} ({columns}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {columns}, %(now)s, 'nightly scan', '+', NULL FROM inserted
        )
        SELECT id, agency_id FROM inserted ORDER BY id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "kind": kind, "now": timezone.now()})
        return cursor.fetchall()


def non_attendance_breaches(*, since: datetime, until: datetime) -> list[tuple]:
    """The bare SELECT of the non-attendance scan (no writes): for measuring it against the scan."""
    with connection.cursor() as cursor:
        cursor.execute(NON_ATTENDANCE_BREACHES_SQL, {"since": since, "until": until, "only": None})
        return cursor.fetchall()


@transaction.atomic
def scan_non_attendance(*, since: datetime, until: datetime) -> int:
    """§ 8 Abs. 3 IntV: an obliged participant breached the attendance agreement -> the informed agency."""
    # Each pass raises the earliest breach per enrolment; a batch of late entries can hold several separate
    # breaches, and the next pass (which sees this pass's alerts) looks for more of the enrolments just raised.
    ids, only = [], None
    while True:
        params = {"since": since, "until": until, "only": only}
        found = _raise(AlertKind.NON_ATTENDANCE, "enrolment_id", NON_ATTENDANCE_BREACHES_SQL, params)
        if not found:
            break
        ids += found
        only = list(Enrolment.objects.filter(alerts__pk__in=[pk for pk, _agency in found]).values_list("pk", flat=True))
    alert_mails_enqueue(kind=AlertKind.NON_ATTENDANCE, raised=ids)
    ScanRun.objects.create(kind=AlertKind.NON_ATTENDANCE, window_start=since, window_end=until, raised=len(ids))
    return len(ids)


@transaction.atomic
def scan_deadline(scan: Scan, *, day_from: date, day_to: date) -> int:
    ids = _raise(scan.kind, scan.subject, scan.sql, {"day_from": day_from, "day_to": day_to, "days": scan.days})
    alert_mails_enqueue(kind=scan.kind, raised=ids)
    ScanRun.objects.create(
        kind=scan.kind, window_start=_midnight(day_from), window_end=_midnight(day_to + timedelta(days=1)),
        raised=len(ids),
    )  # fmt: skip
    return len(ids)


@transaction.atomic
def entitlements_expire(*, today: date) -> int:
    """Mark unused slips past their date as expired, with history rows (the list is one night's worth)."""
    expired = list(
        Entitlement.objects.select_for_update().filter(status=EntitlementStatus.ISSUED, valid_until__lt=today)
    )
    for slip in expired:
        slip.status = EntitlementStatus.EXPIRED
    bulk_update_with_history(expired, Entitlement, ["status"], default_change_reason="nightly scan")
    return len(expired)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _last_window_end(kind: str) -> datetime | None:
    return ScanRun.objects.filter(kind=kind).order_by("-window_end").values_list("window_end", flat=True).first()


def run_scans(*, now: datetime | None = None) -> dict[str, int]:
    """The nightly run: each scan continues where its last run ended, so a missed night is caught up.

    Attendance: everything recorded since the last run up to now. Deadlines: every day since the last run up to
    yesterday (a deadline falling today may still be met today). A first run looks back one day."""
    now = now or timezone.now()
    yesterday = timezone.localdate(now) - timedelta(days=1)
    raised = {"expired_slips": entitlements_expire(today=timezone.localdate(now))}
    last = _last_window_end(AlertKind.NON_ATTENDANCE)
    # The new window overlaps the last one: a row stamped before the last run's end but committed after it began
    # was invisible to that run. Reading it twice raises nothing twice (the constraints decide).
    since = last - RECORDING_OVERLAP if last else now - timedelta(days=1)
    raised[AlertKind.NON_ATTENDANCE] = scan_non_attendance(since=since, until=now) if since < now else 0
    for scan in DEADLINE_SCANS:
        last = _last_window_end(scan.kind)
        day_from = timezone.localdate(last) if last else yesterday
        raised[scan.kind] = scan_deadline(scan, day_from=day_from, day_to=yesterday) if day_from <= yesterday else 0
    return raised
