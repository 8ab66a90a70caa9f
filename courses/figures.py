"""Figures of the course pipeline: the one definition of each measure that the dashboard, the goal indicators and the
committee report show. Aggregates only, never a person.

Each measure is a *source* here: SQL that yields one row per thing counted, over the period [%(start)s, %(end)s]
(days, inclusive) as of %(today)s, with the parameters of `params`:

- SLIPS: a slip (Berechtigungsschein) not withdrawn, by the day of issue and the issuing agency, with the days to the
  first start of an integration course of the person on or after that day, and its outcome against the 8 weeks
  (TARGET_DAYS): started in time, started later, still waiting (the 8 weeks are not over) or overdue.
- NON_ATTENDANCE_ALERTS: a non-attendance alert (Meldung wegen Nichtteilnahme), by the local day it was raised and the
  agency it went to (the obliging one), with its state and the hours it took to resolve.
- COURSE_DAYS: a recorded course day, by day, course provider and course kind, and whether the person was present;
  the attendance rate is the days present among the days recorded.

The nightly aggregation (reports.aggregation) groups these sources into the dashboard's cells and suppresses small
cells there; the committee report reads those cells. The functions below group the same sources for a period; the
goal indicators read them. Neither defines a measure of its own, so the key figures and the goals count alike.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from courses.models.choices import INTEGRATION_COURSE_KINDS

TARGET_DAYS = 56  # Rheine's goal: an integration course within 8 weeks of the slip

# The outcomes of a slip (SLIPS.outcome). Decided: the course has begun, or the 8 weeks are over without a start (a
# later start no longer counts as in time). The share in time is taken of the decided slips.
IN_TIME, LATE, WAITING, OVERDUE = "in_time", "late", "waiting", "overdue"
SLIP_OUTCOMES = (IN_TIME, LATE, WAITING, OVERDUE)
STARTED = (IN_TIME, LATE)
DECIDED = (IN_TIME, LATE, OVERDUE)

# The states of an alert (NON_ATTENDANCE_ALERTS.state).
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
ALERT_STATES = (OPEN, ACKNOWLEDGED, RESOLVED)


def params(*, start: date, end: date, today: date) -> dict:
    """The parameters of the sources for the days start to end (inclusive), as of today. Alerts are counted by the
    local day they were raised, as the period's days are local days."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return {
        "start": start,
        "end": end,
        "today": today,
        "target": TARGET_DAYS,
        "integration": sorted(INTEGRATION_COURSE_KINDS),
        "zone": settings.TIME_ZONE,
        "since": datetime.combine(start, time.min, zone),
        "until": datetime.combine(end + timedelta(days=1), time.min, zone),
    }


SLIPS = f"""
SELECT s.issued_on AS day, s.issuing_agency_id AS agency_id, s.person_id, started.days,
    CASE WHEN started.days <= %(target)s THEN '{IN_TIME}' WHEN started.days IS NOT NULL THEN '{LATE}'
        WHEN s.issued_on > %(today)s::date - %(target)s THEN '{WAITING}' ELSE '{OVERDUE}' END AS outcome
FROM cases_entitlement s CROSS JOIN LATERAL (
    SELECT min(e.started_on) - s.issued_on AS days
    FROM cases_enrolment e JOIN cases_course c ON c.id = e.course_id
    WHERE e.person_id = s.person_id AND e.started_on >= s.issued_on AND c.kind = ANY(%(integration)s)
) started
WHERE s.issued_on BETWEEN %(start)s AND %(end)s AND s.status <> 'withdrawn'
"""  # noqa: S608 - constant fragments only

NON_ATTENDANCE_ALERTS = f"""
SELECT (a.raised_at AT TIME ZONE %(zone)s)::date AS day, a.agency_id, e.person_id,
    CASE WHEN a.resolved_at IS NOT NULL THEN '{RESOLVED}' WHEN a.acknowledged_at IS NOT NULL THEN '{ACKNOWLEDGED}'
        ELSE '{OPEN}' END AS state,
    extract(epoch FROM a.resolved_at - a.raised_at) / 3600 AS hours_to_resolution
FROM cases_alert a JOIN cases_enrolment e ON e.id = a.enrolment_id
WHERE a.kind = 'non_attendance' AND a.raised_at >= %(since)s AND a.raised_at < %(until)s
"""  # noqa: S608 - constant fragments only

COURSE_DAYS = """
SELECT a.day, c.provider_id AS agency_id, c.kind AS course_kind, e.person_id, a.status,
    (a.status = 'present')::int AS present
FROM cases_attendancerecord a
JOIN cases_enrolment e ON e.id = a.enrolment_id JOIN cases_course c ON c.id = e.course_id
WHERE a.day BETWEEN %(start)s AND %(end)s
"""


def _among(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def _rows(sql: str, values: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


_SLIPS_BY_MONTH_SQL = f"""
SELECT date_trunc('month', day)::date AS month, agency_id, count(*) AS issued,
    count(*) FILTER (WHERE outcome IN {_among(STARTED)}) AS started,
    count(*) FILTER (WHERE outcome = '{IN_TIME}') AS within_target,
    count(*) FILTER (WHERE outcome IN {_among(DECIDED)}) AS decided,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
FROM ({SLIPS}) slips GROUP BY 1, 2 ORDER BY 1, 2
"""  # noqa: S608 - constant fragments only


@dataclass(frozen=True)
class SlipToStart:
    month: date
    issuing_agency_id: int
    issued: int
    started: int
    within_target: int
    decided: int
    median_days: float | None  # of the slips that led to a start

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.decided if self.decided else None


def slip_to_start(*, start: date, end: date, today: date) -> list[SlipToStart]:
    """Days from slip to course start, by month of issue and issuing agency."""
    rows = _rows(_SLIPS_BY_MONTH_SQL, params(start=start, end=end, today=today))
    return [SlipToStart(*row) for row in rows]


def share_started_within_target(*, start: date, end: date, today: date) -> float | None:
    """The goal indicator: of the slips issued in the period whose 8 weeks are decided, the share started in time."""
    rows = slip_to_start(start=start, end=end, today=today)
    decided = sum(row.decided for row in rows)
    return sum(row.within_target for row in rows) / decided if decided else None


_ALERTS_BY_AGENCY_SQL = f"""
SELECT agency_id, count(*) AS raised,
    count(*) FILTER (WHERE state = '{OPEN}') AS open,
    count(*) FILTER (WHERE state = '{ACKNOWLEDGED}') AS acknowledged,
    count(*) FILTER (WHERE state = '{RESOLVED}') AS resolved,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_to_resolution) AS median_hours_to_resolution
FROM ({NON_ATTENDANCE_ALERTS}) alerts GROUP BY agency_id ORDER BY agency_id
"""  # noqa: S608 - constant fragments only


@dataclass(frozen=True)
class AlertFigures:
    agency_id: int
    raised: int
    open: int
    acknowledged: int
    resolved: int
    median_hours_to_resolution: float | None  # of the resolved ones


def alerts_by_agency(*, start: date, end: date) -> list[AlertFigures]:
    """Non-attendance alerts raised on the (local) days start to end, by the agency they went to, by state, and the
    median time to resolution."""
    rows = _rows(_ALERTS_BY_AGENCY_SQL, params(start=start, end=end, today=end))
    return [AlertFigures(*row) for row in rows]


_ATTENDANCE_BY_KIND_SQL = f"""
SELECT course_kind, count(*) AS days, sum(present)::int AS present,
    count(*) FILTER (WHERE status = 'excused') AS excused,
    count(*) FILTER (WHERE status = 'unexcused') AS unexcused
FROM ({COURSE_DAYS}) course_days GROUP BY course_kind ORDER BY course_kind
"""  # noqa: S608 - constant fragments only


@dataclass(frozen=True)
class AttendanceFigures:
    course_kind: str
    days: int
    present: int
    excused: int
    unexcused: int

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.days if self.days else None


def attendance_by_course_kind(*, start: date, end: date) -> list[AttendanceFigures]:
    """Recorded course days by course kind in the period; the rate counts present days among all recorded ones."""
    rows = _rows(_ATTENDANCE_BY_KIND_SQL, params(start=start, end=end, today=end))
    return [AttendanceFigures(*row) for row in rows]
