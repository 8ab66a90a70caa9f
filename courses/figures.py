"""Figures of the course pipeline for the dashboard and the goal indicators: aggregates only, never a person.

These are set-based reads over a period; the dashboard (reports) stores their results nightly and suppresses small
cells there. "Started" means the first start of an integration course of the person on or after the slip's day.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from courses.models.choices import INTEGRATION_COURSE_KINDS

TARGET_DAYS = 56  # Rheine's goal: an integration course within 8 weeks of the slip

_SLIPS_SQL = """
WITH slips AS MATERIALIZED (  -- computed once, not once per use of `days`
    SELECT s.id, s.issuing_agency_id, date_trunc('month', s.issued_on)::date AS month, s.issued_on, (
        SELECT min(e.started_on) FROM cases_enrolment e JOIN cases_course c ON c.id = e.course_id
        WHERE e.person_id = s.person_id AND e.started_on >= s.issued_on AND c.kind = ANY(%(kinds)s)
    ) - s.issued_on AS days
    FROM cases_entitlement s
    WHERE s.issued_on BETWEEN %(start)s AND %(end)s AND s.status <> 'withdrawn'
)
SELECT month, issuing_agency_id, count(*) AS issued,
    count(*) FILTER (WHERE days IS NOT NULL) AS started,
    count(*) FILTER (WHERE days <= %(target)s) AS within_target,
    -- decided: started in time, or the target day has passed (a later start no longer counts as in time)
    count(*) FILTER (WHERE days <= %(target)s OR issued_on <= %(today)s::date - %(target)s) AS decided,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
FROM slips GROUP BY month, issuing_agency_id ORDER BY month, issuing_agency_id
"""


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
    params = {
        "start": start,
        "end": end,
        "today": today,
        "target": TARGET_DAYS,
        "kinds": sorted(INTEGRATION_COURSE_KINDS),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SLIPS_SQL, params)
        return [SlipToStart(*row) for row in cursor.fetchall()]


def share_started_within_target(*, start: date, end: date, today: date) -> float | None:
    """The goal indicator: of the slips issued in the period whose 8 weeks are decided, the share started in time."""
    rows = slip_to_start(start=start, end=end, today=today)
    decided = sum(row.decided for row in rows)
    return sum(row.within_target for row in rows) / decided if decided else None


_ALERTS_SQL = """
SELECT agency_id, kind, count(*) AS raised,
    count(*) FILTER (WHERE resolved_at IS NULL) AS open,
    count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - raised_at) / 3600)
        FILTER (WHERE resolved_at IS NOT NULL) AS median_hours_to_resolution
FROM cases_alert
WHERE raised_at >= %(start)s AND raised_at < %(end)s
GROUP BY agency_id, kind ORDER BY agency_id, kind
"""


@dataclass(frozen=True)
class AlertFigures:
    agency_id: int
    kind: str
    raised: int
    open: int
    resolved: int
    median_hours_to_resolution: float | None


def alerts_by_agency(*, start, end) -> list[AlertFigures]:
    """Alerts raised in [start, end) (datetimes), open and resolved, and the median time to resolution."""
    with connection.cursor() as cursor:
        cursor.execute(_ALERTS_SQL, {"start": start, "end": end})
        return [AlertFigures(*row) for row in cursor.fetchall()]


_ATTENDANCE_SQL = """
SELECT c.kind, count(*) AS days,
    count(*) FILTER (WHERE a.status = 'present') AS present,
    count(*) FILTER (WHERE a.status = 'excused') AS excused,
    count(*) FILTER (WHERE a.status = 'unexcused') AS unexcused
FROM cases_attendancerecord a
JOIN cases_enrolment e ON e.id = a.enrolment_id
JOIN cases_course c ON c.id = e.course_id
WHERE a.day BETWEEN %(start)s AND %(end)s
GROUP BY c.kind ORDER BY c.kind
"""


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
    with connection.cursor() as cursor:
        cursor.execute(_ATTENDANCE_SQL, {"start": start, "end": end})
        return [AttendanceFigures(*row) for row in cursor.fetchall()]
