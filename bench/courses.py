"""Course-pipeline load data on top of the generated cases: slips, courses, enrolments, agreements and attendance.

Deterministic: three `random.Random` streams seeded from `seed` (the structure; the attendance profiles; the attendance
days), only `random()` drawn (its sequence is stable across Python versions, unlike `randint`/`choice`), every list
iterated in an explicit order, every date counted from `today`. Rows get explicit ids after the highest id present, so
the same seed and the same cases give the same rows, ids and timestamps included.

Loaded with COPY, without `save()` and without history rows: that is how generated rows are told apart from the
demo's course data, which went through the services (as generate_cases does for cases). Persons who hold demo course
data get nothing generated. Attendance is written day by day, as the application fills the table, so that a day's
rows lie together on disk. During the load the pipeline tables' foreign keys, and the attendance table's unique and
partial indexes, are dropped and then recreated from their own catalogue definitions (one pass over each table instead
of a check or index insert per row): exclusive locks, so not while the application is in use.

Attendance is recorded in the application from a go-live day on, chosen so that the total meets the target
(`attendance_days`); earlier course days were on paper. All course days in the application's time would be about
120 per case, the target is 50 (10 million at 200,000 cases).
"""

import itertools
import json
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from agencies import demo
from agencies.models import Agency, Membership, Role, User
from bench.names import Weighted, day_between
from cases.models import BenefitPeriod, Case, Person, ResidenceStatus
from cases.models.choices import Gender
from courses.models import (
    Alert,
    AttendanceAgreement,
    AttendanceCorrection,
    AttendanceRecord,
    Course,
    Enrolment,
    Entitlement,
    IssuingRule,
    ScanRun,
)
from courses.models.choices import (
    MAX_INTEGRATION_COURSE_SIZE,
    AttendanceStatus,
    CourseKind,
    DtzLevel,
    EnrolmentStatus,
    EntitlementKind,
    EntitlementStatus,
)
from courses.models.courses import default_valid_until
from courses.services.entitlements import OBLIGING_AGENCY_KINDS, RHEINE_ISSUING_RULE, default_legal_basis

DAYS_PER_CASE = 50  # 200,000 cases -> about 10 million attendance days
PIPELINE = (Entitlement, Course, Enrolment, AttendanceAgreement, AttendanceRecord, AttendanceCorrection, Alert, ScanRun)
BERLIN = ZoneInfo(settings.TIME_ZONE)

# Slips per case 0/1/2/3 (mean 1.9; about 1.5 fall before today); kinds 40/20/40; the chance that a slip of the
# kind leads to an enrolment.
SLIPS_PER_CASE = Weighted([0, 1, 2, 3], [0.06, 0.27, 0.37, 0.30])
SLIP_KINDS = Weighted(
    [EntitlementKind.ENTITLEMENT, EntitlementKind.ADMISSION, EntitlementKind.OBLIGATION], [0.4, 0.2, 0.4]
)
USE_CHANCE = {EntitlementKind.ENTITLEMENT: 0.55, EntitlementKind.ADMISSION: 0.5, EntitlementKind.OBLIGATION: 0.75}
WITHDRAWN = 0.04
VOLUNTARY_PER_CASE = 0.12  # a basic or demand-based course without a slip
PROVIDER_WEIGHTS = {"vhs": 3, "sprachinstitut": 2}  # other providers weigh 1
MAX_SPAN_DAYS = 28  # a course waits at most four weeks for more participants (matters only at small scale)

# The units of the generated integration courses and slips, typical of the years generated (the course law itself
# is dated data, courses.models.rules; the generator writes rows directly).
DEFAULT_TEACHING_UNITS = {
    CourseKind.GENERAL: 700,
    CourseKind.YOUTH: 1000,
    CourseKind.PARENTS: 1000,
    CourseKind.WOMEN: 1000,
    CourseKind.LITERACY: 1000,
    CourseKind.SECOND_SCRIPT: 1000,
    CourseKind.REMEDIAL: 1000,
    CourseKind.INTENSIVE: 500,
}


@dataclass(frozen=True)
class Schedule:
    key: str
    label: str
    weekdays: tuple[int, ...]  # ISO, 1 = Monday
    units_per_week: int
    evening: bool = False

    @property
    def mask(self) -> int:
        return sum(1 << (day - 1) for day in self.weekdays)


SCHEDULES = {
    schedule.key: schedule
    for schedule in (
        Schedule("full", "Vollzeit", (1, 2, 3, 4, 5), 25),
        Schedule("part", "Teilzeit vormittags", (1, 2, 3, 4), 16),
        Schedule("basic-mw", "Mo/Mi", (1, 3), 8),
        Schedule("basic-tt", "Di/Do", (2, 4), 8),
        Schedule("evening", "Abendkurs Di/Do", (2, 4), 6, evening=True),
        Schedule("weekend", "Wochenendkurs Sa", (6,), 8, evening=True),
    )
}
# Per course kind: the schedules it runs in, weighted. Voluntary courses have no teaching units by law; these are usual.
FORMATS = {
    CourseKind.GENERAL: Weighted(["full", "part"], [0.7, 0.3]),
    CourseKind.YOUTH: Weighted(["full", "part"], [0.9, 0.1]),
    CourseKind.PARENTS: Weighted(["part", "full"], [0.7, 0.3]),
    CourseKind.WOMEN: Weighted(["part", "full"], [0.7, 0.3]),
    CourseKind.LITERACY: Weighted(["full", "part"], [0.6, 0.4]),
    CourseKind.INTENSIVE: Weighted(["full"], [1]),
    CourseKind.BASIC: Weighted(["basic-mw", "basic-tt"], [0.5, 0.5]),
    CourseKind.DEMAND: Weighted(["evening", "weekend"], [0.6, 0.4]),
}
VOLUNTARY_UNITS = {CourseKind.BASIC: 120, CourseKind.DEMAND: 80}
TITLES = {
    CourseKind.GENERAL: "Integrationskurs", CourseKind.YOUTH: "Jugendintegrationskurs",
    CourseKind.PARENTS: "Elternintegrationskurs", CourseKind.WOMEN: "Frauenintegrationskurs",
    CourseKind.LITERACY: "Alphabetisierungskurs", CourseKind.INTENSIVE: "Intensivkurs",
    CourseKind.BASIC: "Basissprachkurs", CourseKind.DEMAND: "Sprachtreff Beruf",
}  # fmt: skip
TARGET_GROUPS = {
    CourseKind.YOUTH: "Junge Erwachsene bis 27 Jahre", CourseKind.PARENTS: "Eltern, mit Kinderbetreuung",
    CourseKind.WOMEN: "Frauen, mit Kinderbetreuung", CourseKind.LITERACY: "Zweitschriftlernende und Alphabetisierung",
    CourseKind.DEMAND: "Berufstätige (abends und am Wochenende)",
}  # fmt: skip
DROP_REASONS = (
    "Arbeitsaufnahme", "Umzug in eine andere Stadt", "längere Krankheit", "nicht mehr erschienen",
    "Kinderbetreuung nicht gesichert", "Schwangerschaft", "Wechsel in einen anderen Kurs",
)  # fmt: skip

# Attendance: late entries and corrections (chances per row), evening hours of recording.
LATE_ENTRY = 0.015
SICK_NOTE = 0.10  # of unexcused days: corrected to excused when the certificate arrives
WRONGLY_PRESENT = 0.03  # of unexcused days: first marked present, then corrected
WRONGLY_UNEXCUSED = 0.001  # of present days: first marked unexcused, then corrected
DAY_SLOTS, EVENING_SLOTS = 48, 16  # 16:30-20:25 and 21:30-22:45 in 5-minute steps


@dataclass(slots=True)
class Slip:
    person_id: int
    kind: str
    issuer: Agency
    system: str
    issued_on: date
    valid_until: date
    course_kind: str
    fee_exemption: bool
    staff_id: int
    status: str = EntitlementStatus.ISSUED
    pk: int = 0


@dataclass(slots=True)
class Draft:
    """An enrolment before its course is known: who wants which course kind and schedule, from when."""

    index: int
    person_id: int
    slip: Slip | None
    kind: str
    schedule: Schedule
    provider: Agency
    registered_on: date
    desired: date
    course: "CourseDraft | None" = None
    started_on: date | None = None
    status: str = EnrolmentStatus.REGISTERED
    ended_on: date | None = None
    stopped_on: date | None = None  # the last day attended (interrupted, dropped)
    end_reason: str = ""
    dtz_level: str = ""
    lid_passed: bool | None = None
    pk: int = 0


@dataclass(slots=True)
class CourseDraft:
    provider: Agency
    kind: str
    schedule: Schedule
    starts_on: date
    ends_on: date
    capacity: int
    place: str
    members: list[Draft] = field(default_factory=list)
    pk: int = 0


@dataclass(slots=True)
class Plan:
    """One enrolment's attendance: its course days in [first, last] and its absence profile."""

    prefix: str  # "enrolment_id\t"
    course: int
    mask: int
    first: int  # ordinals
    last: int
    user: int
    slot0: int
    slots: int
    excused: float
    unexcused: float
    spell_from: int
    spell_to: int
    spell: float


# --- Calendar helpers ------------------------------------------------------------------------------------------------


@cache
def _remainder_days(mask: int, weekday: int, rest: int) -> int:
    return sum(1 for offset in range(rest) if mask >> ((weekday + offset) % 7) & 1)


def course_days(first: int, last: int, mask: int) -> int:
    """Course days in [first, last] (date ordinals; ordinal 1 is a Monday)."""
    if last < first:
        return 0
    weeks, rest = divmod(last - first + 1, 7)
    return weeks * mask.bit_count() + _remainder_days(mask, (first - 1) % 7, rest)


def next_course_day(day: date, schedule: Schedule) -> date:
    while day.isoweekday() not in schedule.weekdays:
        day += timedelta(days=1)
    return day


def previous_course_day(day: date, schedule: Schedule) -> date:
    while day.isoweekday() not in schedule.weekdays:
        day -= timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute), tzinfo=BERLIN)


def _dated(rows: list[tuple], day: date, default: str) -> str:
    """The value of the dated rows (valid_from, valid_until, value), sorted by valid_from, that is valid on day."""
    found = default
    for valid_from, valid_until, value in rows:
        if valid_from <= day and (valid_until is None or valid_until >= day):
            found = value
    return found


def _tally(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return dict(sorted(counts.items()))


def _draw(rng: Random, low: int, high: int) -> int:
    """An integer in [low, high], one random() drawn."""
    return low + int(rng.random() * (high - low + 1))


# --- Database helpers ------------------------------------------------------------------------------------------------


# Generated rows are loaded without history rows; the demo's course data went through the services and has them.
# Slips, courses and enrolments are told apart so; agreements, attendance and corrections follow their enrolment.
ROOTS = (Entitlement, Course, Enrolment)


def _generated(model: type[models.Model], alias: str) -> str:
    history = model.history.model._meta.db_table
    return f"NOT EXISTS (SELECT 1 FROM {history} h WHERE h.id = {alias}.id)"  # noqa: S608 - names of this module


def generated_counts() -> dict[str, int]:
    """Generated slips, courses and enrolments (rows without a history row)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in ROOTS:
            table = model._meta.db_table
            cursor.execute(f"SELECT count(*) FROM {table} t WHERE {_generated(model, 't')}")  # noqa: S608 - constants
            counts[table] = cursor.fetchone()[0]
    return counts


def pipeline_tables() -> list[str]:
    """The course pipeline's tables and their history tables."""
    tables = []
    for model in PIPELINE:
        tables.append(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(history.model._meta.db_table)
    return tables


def delete_generated(log: Callable[[str], None]) -> None:
    """Deletes the generated course data (and the alerts raised about it); the demo's stays. Without demo course data
    by TRUNCATE of every pipeline table (fast, and the ids start at 1 again), else row by row."""
    with connection.cursor() as cursor:
        demo_rows = False
        for model in (*ROOTS, AttendanceAgreement):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {model.history.model._meta.db_table})")  # noqa: S608
            demo_rows = demo_rows or cursor.fetchone()[0]
        if not demo_rows:
            cursor.execute(f"TRUNCATE {', '.join(pipeline_tables())} RESTART IDENTITY")
            log("course pipeline tables truncated")
            return
        started = time.monotonic()
        # Table names and conditions are constants of this module; nothing here comes from outside.
        enrolments = f"SELECT e.id FROM cases_enrolment e WHERE {_generated(Enrolment, 'e')}"  # noqa: S608
        slips = f"SELECT s.id FROM cases_entitlement s WHERE {_generated(Entitlement, 's')}"  # noqa: S608
        alerts = f"SELECT id FROM cases_alert WHERE enrolment_id IN ({enrolments}) OR entitlement_id IN ({slips})"  # noqa: S608
        statements = [
            "DELETE FROM cases_attendancecorrection c USING cases_attendancerecord r "  # noqa: S608
            f"WHERE c.record_id = r.id AND r.enrolment_id IN ({enrolments})",
            f"DELETE FROM cases_attendancerecord WHERE enrolment_id IN ({enrolments})",  # noqa: S608
            f"DELETE FROM cases_attendanceagreement WHERE enrolment_id IN ({enrolments})",  # noqa: S608
            f"DELETE FROM cases_historicalalert WHERE id IN ({alerts})",  # noqa: S608
            f"DELETE FROM cases_alert WHERE id IN ({alerts})",  # noqa: S608
            f"DELETE FROM cases_enrolment WHERE id IN ({enrolments})",  # noqa: S608
            f"DELETE FROM cases_entitlement WHERE id IN ({slips})",  # noqa: S608
            f"DELETE FROM cases_course c WHERE {_generated(Course, 'c')}",  # noqa: S608
        ]
        for statement in statements:
            cursor.execute(statement)
        log(f"generated course data deleted (demo course data kept) in {time.monotonic() - started:.1f} s")


def max_ids() -> dict[type[models.Model], int]:
    """The highest id of each table written: generated ids follow (the demo's rows keep theirs)."""
    found = {}
    with connection.cursor() as cursor:
        for model in (Entitlement, Course, Enrolment, AttendanceAgreement, AttendanceRecord):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
            found[model] = cursor.fetchone()[0]
    return found


def copy_rows(model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """COPY tuples (the values of the named fields, explicit id first) into the model's table; returns the number of
    rows. A field neither named nor nullable stops the load: a new required field must be generated too."""
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    missing = [f.name for f in meta.concrete_fields if f not in fields and not f.null]
    if missing:
        raise ValueError(f"generate_courses does not fill {meta.db_table}: {', '.join(missing)}")
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        _restart_ids(cursor, meta.db_table)
    return count


def _restart_ids(cursor, table: str) -> None:
    """The id sequence continues after the highest id (the rows came with explicit ids)."""
    last = f"SELECT MAX(id) FROM {table}"  # noqa: S608 - a model's table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({last}), 1), ({last}) IS NOT NULL)", [table]
    )


def constraint_ddl(tables: list[str], *, all_indexes: list[str]) -> tuple[list[str], list[str]]:
    """The statements that drop and recreate the foreign keys of `tables`, and for `all_indexes` also their unique
    constraints and other indexes, read from the catalogue: recreated exactly as the migrations made them, under
    their names. Bulk rows then cost no per-row check or index insert; each comes back in one pass over the table.
    Primary keys stay (ids arrive in order; other tables reference them)."""
    drop, create_indexes, create_constraints = [], [], []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            kinds = ["u", "f"] if table in all_indexes else ["f"]
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = ANY(%s) ORDER BY contype DESC, conname",
                [table, kinds],
            )
            for name, definition in cursor.fetchall():
                drop.append(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                create_constraints.append(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            if table not in all_indexes:
                continue
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
                [table],
            )
            for name, definition in cursor.fetchall():
                drop.append(f"DROP INDEX {name}")
                create_indexes.append(definition)
    return drop, create_indexes + create_constraints


def analyze() -> float:
    started = time.monotonic()
    tables = ", ".join(model._meta.db_table for model in PIPELINE)
    with connection.cursor() as cursor:
        # In a test's transaction VACUUM cannot run; elsewhere it also sets the visibility map (index-only scans).
        cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")
    return time.monotonic() - started


# --- The load --------------------------------------------------------------------------------------------------------


class CourseLoad:
    def __init__(self, *, seed: int, today: date, attendance_days: int | None, batch: int, log: Callable[[str], None]):
        self.seed, self.today, self.batch, self.log = seed, today, batch, log
        self.target = attendance_days
        self.rng = Random(seed)  # noqa: S311 - synthetic data, not security
        self.counts: dict[str, object] = {}

    def run(self, *, replace: bool) -> dict:
        started = time.monotonic()
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Run the checks still pending (in tests: of the cases just generated) and check at once from now
                # on: ALTER TABLE refuses a table with pending checks.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if replace:
                delete_generated(self.log)
            self.base = max_ids()
            self._context()
            cases = self._cases()
            slips, drafts = self._drafts(cases)
            courses = self._courses(drafts)
            self._statuses(drafts)
            self.log(
                f"{len(cases):,} cases read, slips, courses and enrolments drawn in {time.monotonic() - started:.1f} s"
            )
            tables = [model._meta.db_table for model in PIPELINE if model not in (Alert, ScanRun)]
            drop, create = constraint_ddl(tables, all_indexes=[AttendanceRecord._meta.db_table])
            with connection.cursor() as cursor:
                for statement in drop:
                    cursor.execute(statement)
            self._write(slips, courses, drafts)
            self.log(f"slips, courses, enrolments written at {time.monotonic() - started:.1f} s")
            self._attendance(drafts)
            recreating = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for statement in create:
                    cursor.execute(statement)
            self.counts["seconds_indexes"] = round(time.monotonic() - recreating, 1)
            self.log(f"indexes and foreign keys recreated in {self.counts['seconds_indexes']:.1f} s")
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are initially deferred
        self.counts["seconds_load"] = round(time.monotonic() - started, 1)
        return self.counts

    # --- Who issues, who teaches ------------------------------------------------------------------------------------

    def _context(self) -> None:
        issuers = list(Agency.objects.filter(issues_entitlements=True, is_active=True).order_by("short_name"))
        providers = list(Agency.objects.filter(runs_courses=True, is_active=True).order_by("short_name"))
        if not issuers or not providers:
            raise ValueError("No agency issues slips or runs courses: load the demo agencies (seed_demo) first.")
        by_name = {agency.short_name: agency for agency in issuers}
        rules = {rule.benefit_system: rule.agency for rule in IssuingRule.objects.select_related("agency")}
        self.rule = {
            system: rules.get(system) or by_name.get(short_name) or issuers[0]
            for system, short_name in RHEINE_ISSUING_RULE.items()
        }
        self.providers = Weighted(providers, [PROVIDER_WEIGHTS.get(a.short_name, 1) for a in providers])
        issuing = sorted({agency.pk: agency for agency in self.rule.values()}.items())
        self.staff = {pk: self._staff(agency, Role.CASEWORKER) for pk, agency in issuing}
        self.staff |= {agency.pk: self._staff(agency, Role.COURSE_STAFF) for agency in providers}

    @staticmethod
    def _staff(agency: Agency, role: str) -> int:
        """The member who records for the agency: its first in that role, else a generated account (no password)."""
        found = (
            Membership.objects.filter(agency=agency, role=role, is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .first()
        )
        if found:
            return found
        user, _ = User.objects.get_or_create(
            username=f"gen-{agency.short_name}",
            defaults={
                "first_name": "Kursverwaltung" if role == Role.COURSE_STAFF else "Fallbearbeitung",
                "last_name": agency.name[:150],
                "email": f"gen-{agency.short_name}@{demo.MAIL_DOMAIN}",
                "password": make_password(None),
            },
        )
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
        return user.pk

    # --- Slips and the enrolments they lead to ----------------------------------------------------------------------

    def _cases(self) -> list[tuple]:
        # Persons who hold demo course data keep just that.
        taken = set(Entitlement.objects.values_list("person_id", flat=True))
        taken |= set(Enrolment.objects.values_list("person_id", flat=True))
        cases = [
            (person_id, opened_on)
            for person_id, opened_on in Case.objects.order_by("pk").values_list("person_id", "opened_on")
            if person_id not in taken
        ]
        person_ids = sorted({person_id for person_id, _ in cases})
        self.persons = {
            pk: (birth, gender)
            for pk, birth, gender in Person.objects.filter(pk__in=person_ids).values_list("pk", "birth_date", "gender")
        }
        self.benefits: dict[int, list] = {}
        for person_id, *row in BenefitPeriod.objects.order_by("person_id", "valid_from", "pk").values_list(
            "person_id", "valid_from", "valid_until", "system"
        ):
            self.benefits.setdefault(person_id, []).append(row)
        self.residences: dict[int, list] = {}
        for person_id, *row in ResidenceStatus.objects.order_by("person_id", "valid_from", "pk").values_list(
            "person_id", "valid_from", "valid_until", "kind"
        ):
            self.residences.setdefault(person_id, []).append(row)
        self.counts["cases"] = len(cases)
        return cases

    def _drafts(self, cases: list[tuple]) -> tuple[list[Slip], list[Draft]]:
        rng, today = self.rng, self.today
        slips: list[Slip] = []
        drafts: list[Draft] = []
        busy_until: dict[int, date] = {}  # a person does not attend two integration courses at once
        for person_id, opened_on in cases:
            anchor = max(opened_on, busy_until.get(person_id, opened_on))
            issued_on = anchor + timedelta(days=_draw(rng, 0, 150))
            for _ in range(SLIPS_PER_CASE.draw(rng)):
                if issued_on >= today:
                    break
                slip, draft = self._slip(person_id, issued_on, len(drafts))
                slips.append(slip)
                if draft:
                    drafts.append(draft)
                    weeks = self._weeks(draft.kind, draft.schedule)
                    issued_on = draft.desired + timedelta(days=7 * weeks + _draw(rng, 14, 200))
                else:
                    issued_on = slip.issued_on + timedelta(days=_draw(rng, 30, 300))
            busy_until[person_id] = issued_on
            if rng.random() < VOLUNTARY_PER_CASE:
                drafts.append(self._voluntary(person_id, opened_on, len(drafts)))
        return slips, [draft for draft in drafts if draft.registered_on <= today]

    def _slip(self, person_id: int, issued_on: date, index: int) -> tuple[Slip, Draft | None]:
        rng = self.rng
        system = _dated(self.benefits.get(person_id, []), issued_on, "none")
        kind = SLIP_KINDS.draw(rng)
        issuer = self.rule[system]
        if kind == EntitlementKind.OBLIGATION and issuer.kind not in OBLIGING_AGENCY_KINDS:
            kind = EntitlementKind.ENTITLEMENT  # only the jobcenter, ABH and asylum-benefits office may oblige
        birth, gender = self.persons[person_id]
        age = (issued_on - birth).days / 365.25 if birth else 40
        roll = rng.random()
        course_kind = (
            CourseKind.YOUTH if age < 27 and roll < 0.45
            else CourseKind.LITERACY if 0.45 <= roll < 0.55
            else CourseKind.WOMEN if gender == Gender.FEMALE and 0.55 <= roll < 0.63
            else CourseKind.PARENTS if 0.63 <= roll < 0.68
            else CourseKind.INTENSIVE if 0.68 <= roll < 0.71
            else CourseKind.GENERAL
        )  # fmt: skip
        slip = Slip(
            person_id=person_id, kind=kind, issuer=issuer, system=system, issued_on=issued_on,
            valid_until=default_valid_until(issued_on),
            course_kind=course_kind, fee_exemption=system != "none" and rng.random() < 0.8,
            staff_id=self.staff[issuer.pk],
        )  # fmt: skip
        use, late, delay_roll, register_roll = rng.random(), rng.random(), rng.random(), rng.random()
        if use >= USE_CHANCE[kind]:
            slip.status = EntitlementStatus.WITHDRAWN if use > 1 - WITHDRAWN else EntitlementStatus.ISSUED
            return slip, None
        # The course starts 2-9 weeks after the slip; one in seven waits longer, up to half a year.
        delay = 14 + int(delay_roll * 50) if late >= 0.14 else 64 + int(delay_roll * 120)
        valid_days = (slip.valid_until - issued_on).days
        registered_on = issued_on + timedelta(days=int(register_roll * min(28, delay - 7, valid_days)))
        return slip, self._draft(index, person_id, slip, course_kind, registered_on, issued_on + timedelta(delay))

    def _voluntary(self, person_id: int, opened_on: date, index: int) -> Draft:
        rng = self.rng
        kind = CourseKind.BASIC if rng.random() < 0.5 else CourseKind.DEMAND
        registered_on = day_between(rng, opened_on, min(self.today, opened_on + timedelta(days=365)))
        return self._draft(index, person_id, None, kind, registered_on, registered_on + timedelta(_draw(rng, 7, 42)))

    def _draft(self, index, person_id, slip, kind, registered_on, desired) -> Draft:
        schedule = SCHEDULES[FORMATS[kind].draw(self.rng)]
        provider = self.providers.draw(self.rng)
        return Draft(index, person_id, slip, kind, schedule, provider, registered_on, desired)

    @staticmethod
    def _weeks(kind: str, schedule: Schedule) -> int:
        units = DEFAULT_TEACHING_UNITS.get(kind) or VOLUNTARY_UNITS[kind]
        return math.ceil(units / schedule.units_per_week)

    # --- Courses: the drafts of one provider, kind and schedule, in order of their wished start ----------------------

    def _courses(self, drafts: list[Draft]) -> list[CourseDraft]:
        rng = self.rng
        courses: list[CourseDraft] = []

        def group_key(draft: Draft) -> tuple:
            return draft.provider.short_name, draft.kind, draft.schedule.key

        for _key, group in itertools.groupby(
            sorted(drafts, key=lambda d: (*group_key(d), d.desired, d.index)), group_key
        ):
            members: list[Draft] = []
            size = 0
            for draft in group:
                if members and (
                    len(members) >= size
                    or (draft.desired - members[0].desired).days > MAX_SPAN_DAYS
                    or any(member.person_id == draft.person_id for member in members)
                ):
                    courses.append(self._course(members))
                    members = []
                if not members:
                    integration = draft.kind in DEFAULT_TEACHING_UNITS
                    size = _draw(rng, 17, 25) if integration else _draw(rng, 12, 24)
                members.append(draft)
            if members:
                courses.append(self._course(members))
        courses.sort(key=lambda c: (c.starts_on, c.provider.short_name, c.kind, c.schedule.key, c.members[0].index))
        for pk, course in enumerate(courses, start=self.base[Course] + 1):
            course.pk = pk
        return courses

    def _course(self, members: list[Draft]) -> CourseDraft:
        rng = self.rng
        first = members[0]
        schedule, kind = first.schedule, first.kind
        starts_on = next_course_day(first.desired, schedule)
        ends_on = previous_course_day(starts_on + timedelta(days=7 * self._weeks(kind, schedule) - 1), schedule)
        if kind in DEFAULT_TEACHING_UNITS:
            capacity = max(len(members), (20, 22, 25, 25)[int(rng.random() * 4)])
            capacity = min(capacity, MAX_INTEGRATION_COURSE_SIZE)
        else:
            capacity = max(len(members), _draw(rng, 12, 30))
        place = f"{first.provider.name}, Raum {_draw(rng, 1, 12)}"
        course = CourseDraft(first.provider, kind, schedule, starts_on, ends_on, capacity, place, members)
        for member in members:  # those who wished to start later join the running course (Quereinstieg)
            member.course = course
            member.started_on = next_course_day(max(member.desired, starts_on), schedule)
        return course

    # --- Where each enrolment stands today ---------------------------------------------------------------------------

    def _statuses(self, drafts: list[Draft]) -> None:
        rng, today = self.rng, self.today
        yesterday = today - timedelta(days=1)
        for draft in sorted(drafts, key=lambda d: d.index):
            course = draft.course
            roll, day_roll, reason_roll, result_roll, lid_roll = (rng.random() for _ in range(5))
            if draft.started_on >= today:  # the course has not begun for this participant
                draft.started_on = None
                continue
            running = course.ends_on >= today
            if roll < 0.015:  # never came: still registered while the course runs, struck off after it
                if not running:
                    draft.status, draft.ended_on = EnrolmentStatus.DROPPED, draft.started_on
                    draft.end_reason = "nicht angetreten"
                draft.started_on = None
                continue
            span = (min(course.ends_on, yesterday) - draft.started_on).days + 1
            stop = draft.started_on + timedelta(days=int(day_roll * span))
            if running:
                status = (
                    EnrolmentStatus.ATTENDING if roll < 0.85 else EnrolmentStatus.INTERRUPTED if roll < 0.91
                    else EnrolmentStatus.DROPPED
                )  # fmt: skip
            else:
                status = (
                    EnrolmentStatus.COMPLETED if roll < 0.70 else EnrolmentStatus.DROPPED if roll < 0.93
                    else EnrolmentStatus.INTERRUPTED
                )  # fmt: skip
            draft.status = status
            if status == EnrolmentStatus.DROPPED:
                draft.ended_on = draft.stopped_on = stop
                draft.end_reason = DROP_REASONS[int(reason_roll * len(DROP_REASONS))]
            elif status == EnrolmentStatus.INTERRUPTED:
                draft.stopped_on = stop
            elif status == EnrolmentStatus.COMPLETED:
                draft.ended_on = course.ends_on
                if course.kind in DEFAULT_TEACHING_UNITS:
                    draft.dtz_level = (
                        DtzLevel.B1 if result_roll < 0.55 else DtzLevel.A2 if result_roll < 0.87 else DtzLevel.BELOW_A2
                    )
                    draft.lid_passed = lid_roll < 0.88

    # --- Writing the slips, courses, enrolments and agreements ------------------------------------------------------

    def _write(self, slips: list[Slip], courses: list[CourseDraft], drafts: list[Draft]) -> None:
        today = self.today
        slips.sort(key=lambda s: (s.issued_on, s.person_id))
        drafts.sort(key=lambda d: (d.registered_on, d.course.pk, d.person_id, d.index))
        used = {id(draft.slip) for draft in drafts if draft.slip}
        for pk, slip in enumerate(slips, start=self.base[Entitlement] + 1):
            slip.pk = pk
            if id(slip) in used:
                slip.status = EntitlementStatus.USED
            elif slip.status == EntitlementStatus.ISSUED and slip.valid_until < today:
                slip.status = EntitlementStatus.EXPIRED
        for pk, draft in enumerate(drafts, start=self.base[Enrolment] + 1):
            draft.pk = pk
        self.counts["entitlements_by_kind"] = _tally(s.kind for s in slips)
        self.counts["entitlements_by_status"] = _tally(s.status for s in slips)
        self.counts["enrolments_by_status"] = _tally(d.status for d in drafts)
        obligation, staff = EntitlementKind.OBLIGATION, self.staff
        self.counts["entitlements"] = copy_rows(
            Entitlement,
            ("id", "person", "kind", "legal_basis", "issuing_agency", "obliging_agency", "benefit_system",
             "issued_on", "valid_until", "course_kind", "teaching_units", "fee_exemption_requested", "status",
             "issued_by", "created_at", "admission_reference", "exception_reason"),
            ((s.pk, s.person_id, s.kind, default_legal_basis(s.kind, s.issuer.kind), s.issuer.pk,
              s.issuer.pk if s.kind == obligation else None, s.system, s.issued_on, s.valid_until, s.course_kind,
              DEFAULT_TEACHING_UNITS[s.course_kind], s.fee_exemption, s.status, s.staff_id, at(s.issued_on, 10),
              f"{s.pk:07d}-{s.issued_on:%y}" if s.kind == EntitlementKind.ADMISSION else "", "")
             for s in slips),
        )  # fmt: skip
        numbers = itertools.count(1)
        self.counts["courses"] = copy_rows(
            Course,
            ("id", "provider", "title", "kind", "federal_number", "starts_on", "ends_on", "weekdays", "place",
             "capacity", "teaching_units", "target_group", "created_at"),
            ((c.pk, c.provider.pk, f"{TITLES[c.kind]} {c.schedule.label} ab {c.starts_on:%d.%m.%Y}", c.kind,
              f"{c.starts_on:%y}/{next(numbers):05d}" if c.kind in DEFAULT_TEACHING_UNITS else "",
              c.starts_on, c.ends_on, json.dumps(c.schedule.weekdays), c.place, c.capacity,
              DEFAULT_TEACHING_UNITS.get(c.kind) or VOLUNTARY_UNITS[c.kind], TARGET_GROUPS.get(c.kind, ""),
              at(min(m.registered_on for m in c.members) - timedelta(days=14), 9))
             for c in courses),
        )  # fmt: skip
        self.counts["enrolments"] = copy_rows(
            Enrolment,
            ("id", "person", "course", "entitlement", "registered_on", "started_on", "ended_on", "status",
             "end_reason", "dtz_level", "lid_passed", "registered_by", "created_at"),
            ((d.pk, d.person_id, d.course.pk, d.slip.pk if d.slip else None, d.registered_on, d.started_on,
              d.ended_on, d.status, d.end_reason, d.dtz_level, d.lid_passed, staff[d.provider.pk],
              at(d.registered_on, 11))
             for d in drafts),
        )  # fmt: skip
        obliged = enumerate(
            (d for d in drafts if d.slip and d.slip.kind == obligation), self.base[AttendanceAgreement] + 1
        )
        self.counts["agreements"] = copy_rows(
            AttendanceAgreement,
            ("id", "enrolment", "max_unexcused_days", "window_days", "informed_agency"),
            ((pk, d.pk, 3, 28, d.slip.issuer.pk) for pk, d in obliged),  # the model's defaults: 3 days in 28
        )

    # --- Attendance ----------------------------------------------------------------------------------------------

    def _plans(self, drafts: list[Draft]) -> list[Plan]:
        """Each attending enrolment's course days and absence profile; drawn for all before the go-live day is
        chosen, so that --attendance-days changes which days are loaded, not how anyone attends."""
        rng = Random(self.seed + 1_000_003)  # noqa: S311
        last_day = (self.today - timedelta(days=1)).toordinal()
        plans = []
        for draft in drafts:  # in id order
            draws = [rng.random() for _ in range(6)]
            if draft.started_on is None:
                continue
            course = draft.course
            end = draft.stopped_on or course.ends_on
            first, last = draft.started_on.toordinal(), min(end.toordinal(), last_day)
            obliged = bool(draft.slip and draft.slip.kind == EntitlementKind.OBLIGATION)
            spell_from, spell_to, spell = 10**9, 0, 0.0
            if draft.status == EnrolmentStatus.DROPPED and draws[2] < 0.35:  # stopped coming before being struck off
                spell_from, spell_to, spell = last - 7 - int(draws[3] * 14), last, 0.6
            elif draws[2] > (0.95 if obliged else 0.97):  # a bad spell of a few weeks
                spell_from = first + int(draws[3] * (last - first + 1))
                spell_to, spell = spell_from + 14 + int(draws[4] * 21), 0.3 + 0.3 * draws[5]
            evening = course.schedule.evening
            plans.append(
                Plan(
                    prefix=f"{draft.pk}\t", course=course.pk, mask=course.schedule.mask, first=first, last=last,
                    user=self.staff[course.provider.pk], slot0=DAY_SLOTS if evening else 0,
                    slots=EVENING_SLOTS if evening else DAY_SLOTS, excused=0.07 * draws[0],
                    unexcused=0.06 * draws[1] ** 2, spell_from=spell_from, spell_to=spell_to, spell=spell,
                )
            )  # fmt: skip
        return plans

    def _go_live(self, plans: list[Plan]) -> int:
        """The first day recorded in the application (earlier course days were on paper): the latest day that still
        gives at least the target number of attendance days."""

        def total(go_live: int) -> int:
            return sum(course_days(max(p.first, go_live), p.last, p.mask) for p in plans)

        low = min((p.first for p in plans), default=self.today.toordinal())
        natural = total(low)
        self.counts["attendance_days_possible"] = natural
        if self.target is None or natural <= self.target:
            return low
        high = self.today.toordinal()
        while low < high:  # the latest go-live with total >= target
            middle = (low + high + 1) // 2
            if total(middle) >= self.target:
                low = middle
            else:
                high = middle - 1
        return low

    def _attendance(self, drafts: list[Draft]) -> None:
        plans = self._plans(drafts)
        go_live = self._go_live(plans)
        self.counts["attendance_from"] = date.fromordinal(go_live).isoformat()
        for plan in plans:
            plan.first = max(plan.first, go_live)
        plans = sorted((p for p in plans if course_days(p.first, p.last, p.mask)), key=lambda p: p.first)
        self.log(
            f"attendance: {len(plans):,} enrolments, recorded from {date.fromordinal(go_live):%d.%m.%Y} "
            f"({self.counts['attendance_days_possible']:,} course days in all, target {self.target or 'all'})"
        )
        started = time.monotonic()
        with connection.cursor() as cursor:
            corrections = self._copy_attendance(cursor, plans, go_live)
            _restart_ids(cursor, AttendanceRecord._meta.db_table)
            columns = "record_id, old_status, new_status, changed_by_id, changed_at, source"
            with cursor.copy(f"COPY {AttendanceCorrection._meta.db_table} ({columns}) FROM STDIN") as copy:
                copy.write("".join(corrections))
        self.counts["corrections"] = len(corrections)
        self.counts["seconds_attendance"] = round(time.monotonic() - started, 1)

    def _copy_attendance(self, cursor, plans: list[Plan], go_live: int) -> list[str]:
        """COPY the attendance rows day by day; returns the correction rows (as COPY text lines)."""
        random = Random(self.seed + 2_000_003).random  # noqa: S311
        today = self.today.toordinal()
        unexcused, excused, present = AttendanceStatus.UNEXCUSED, AttendanceStatus.EXCUSED, AttendanceStatus.PRESENT
        by_weekday: list[list[Plan]] = [[] for _ in range(7)]
        stamps = _Stamps()
        corrections: list[str] = []
        counts = dict.fromkeys([present, excused, unexcused, "late"], 0)
        lines: list[str] = []
        first_id = row = self.base[AttendanceRecord]
        next_plan, started = 0, time.monotonic()
        columns = "id, enrolment_id, day, status, recorded_by_id, recorded_at"
        with cursor.copy(f"COPY {AttendanceRecord._meta.db_table} ({columns}) FROM STDIN") as copy:
            for day in range(go_live, today):
                while next_plan < len(plans) and plans[next_plan].first <= day:
                    plan = plans[next_plan]
                    for weekday in range(7):
                        if plan.mask >> weekday & 1:
                            by_weekday[weekday].append(plan)
                    next_plan += 1
                weekday = (day - 1) % 7
                if not by_weekday[weekday]:
                    continue
                iso, evening = date.fromordinal(day).isoformat(), stamps.evening(day)
                keep = []
                for plan in by_weekday[weekday]:
                    if plan.last < day:
                        continue  # ended: dropped from the weekday's list
                    keep.append(plan)
                    row += 1
                    roll = random()
                    absent = plan.spell if plan.spell_from <= day <= plan.spell_to else plan.unexcused
                    status = unexcused if roll < absent else excused if roll < absent + plan.excused else present
                    slot = plan.slot0 + (plan.course + day) % plan.slots  # one time per course and day
                    stamp = evening[slot]
                    roll = random()
                    if roll < LATE_ENTRY:
                        later = day + 1 + int(random() * 10)
                        if later < today:
                            stamp = stamps.evening(later)[slot]
                            counts["late"] += 1
                    elif roll > 1 - (SICK_NOTE + WRONGLY_PRESENT if status == unexcused else WRONGLY_UNEXCUSED):
                        changed = day + 1 + int(random() * 10)
                        if changed < today:
                            if status == unexcused:
                                old, status = (present, unexcused) if roll < 1 - SICK_NOTE else (unexcused, excused)
                            else:
                                old = unexcused
                            stamp = stamps.daytime(changed)[slot % 24]
                            corrections.append(f"{row}\t{old}\t{status}\t{plan.user}\t{stamp}\tgrid\n")
                    counts[status] += 1
                    lines.append(f"{row}\t{plan.prefix}{iso}\t{status}\t{plan.user}\t{stamp}\n")
                by_weekday[weekday] = keep
                if len(lines) >= self.batch:
                    copy.write("".join(lines))
                    lines = []
                    self._progress(row - first_id, day, started)
            copy.write("".join(lines))
        self._progress(row - first_id, today - 1, started)
        self.counts["attendance"] = row - first_id
        self.counts["attendance_by_status"] = {key: counts[key] for key in (present, excused, unexcused)}
        self.counts["late_entries"] = counts["late"]
        return corrections

    def _progress(self, rows: int, day: int, started: float) -> None:
        elapsed = time.monotonic() - started
        self.log(
            f"{rows:>12,} attendance rows up to {date.fromordinal(day):%d.%m.%Y}  "
            f"{rows / max(elapsed, 1e-9):>9,.0f} rows/s  {elapsed:6.1f} s"
        )


class _Stamps:
    """recorded_at as COPY text, per day: the evening slots (16:30-22:45, local time with its UTC offset) and the
    daytime slots of corrections (9:00-12:50)."""

    def __init__(self):
        self._evening: dict[int, list[str]] = {}
        self._daytime: dict[int, list[str]] = {}

    def evening(self, day: int) -> list[str]:
        if day not in self._evening:
            base = date.fromordinal(day)
            minutes = [16 * 60 + 30 + 5 * i for i in range(DAY_SLOTS)] + [
                21 * 60 + 30 + 5 * i for i in range(EVENING_SLOTS)
            ]
            self._evening[day] = [at(base, m // 60, m % 60).isoformat(sep=" ") for m in minutes]
        return self._evening[day]

    def daytime(self, day: int) -> list[str]:
        if day not in self._daytime:
            base = date.fromordinal(day)
            self._daytime[day] = [at(base, 9 + i // 6, 10 * (i % 6)).isoformat(sep=" ") for i in range(24)]
        return self._daytime[day]
