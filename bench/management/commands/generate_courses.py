"""Load the integration-course pipeline at scale on top of the generated cases (run generate_cases first).

    manage.py generate_courses [--attendance-days N] [--seed 2018] [--today YYYY-MM-DD] [--replace] [--batch 500000]

For the persons that have cases: about 1.5 entitlement slips per case, about one enrolment per case in courses of the
course providers (about 20 enrolments per course), an attendance agreement for each obliged enrolment, and attendance
on the course days; by default 50 attendance days per case (10 million at 200,000 cases), reached by choosing the day
attendance was first recorded in the application. Deterministic: the same seed, the same cases and the same --today
give the same rows. The logic lives in bench/courses.py. Refused in production, and refused when generated course
data exists, unless --replace, which deletes it first. Generated rows are told apart from the demo's by having no
history rows; without demo course data --replace TRUNCATEs every course-pipeline table (alerts included).
"""

import json
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench import courses
from cases.models import Case


class Command(BaseCommand):
    help = "Generates slips, courses, enrolments and attendance for the generated cases, in bulk (not in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--attendance-days",
            type=int,
            default=None,
            help=f"attendance rows to load (default: {courses.DAYS_PER_CASE} per case)",
        )
        parser.add_argument("--seed", type=int, default=2018, help="random seed (same seed and cases, same rows)")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="the day to count from (ISO date)")
        parser.add_argument("--replace", action="store_true", help="delete the generated course data first")
        parser.add_argument("--batch", type=int, default=500_000, help="attendance rows per COPY chunk")

    def handle(self, *args, attendance_days, seed, today, replace, batch, **options):
        if settings.PRODUCTION:
            raise CommandError("Synthetic course data must not be loaded into a production system.")
        if batch < 1 or (attendance_days is not None and attendance_days < 0):
            raise CommandError("--batch must be positive and --attendance-days not negative.")
        cases = Case.objects.count()
        if not cases:
            raise CommandError("There are no cases: run generate_cases first.")
        existing = {table: count for table, count in courses.generated_counts().items() if count}
        if existing and not replace:
            listed = ", ".join(f"{count:,} in {table}" for table, count in existing.items())
            raise CommandError(
                f"Generated course data exists ({listed}). Run with --replace to delete it first (with its "
                "attendance and alerts; the demo's course data stays; without demo course data by TRUNCATE of "
                f"{', '.join(courses.pipeline_tables())})."
            )
        if attendance_days is None:
            attendance_days = courses.DAYS_PER_CASE * cases

        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        try:
            load = courses.CourseLoad(
                seed=seed,
                today=today or timezone.localdate(),
                attendance_days=attendance_days,
                batch=batch,
                log=self._log,
            )
            try:
                counts = load.run(replace=replace)
            except ValueError as error:  # the data this load builds on is missing or unexpected
                raise CommandError(str(error)) from error
            counts["seconds_analyze"] = round(courses.analyze(), 1)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts['entitlements']:,} slips, {counts['courses']:,} courses, "
                f"{counts['enrolments']:,} enrolments, {counts['agreements']:,} agreements, "
                f"{counts['attendance']:,} attendance days ({counts['corrections']:,} corrected, "
                f"{counts['late_entries']:,} entered late) for {counts['cases']:,} cases in {counts['seconds']:.1f} s "
                f"(attendance {counts['seconds_attendance']:.1f} s, indexes {counts['seconds_indexes']:.1f} s, "
                f"VACUUM/ANALYZE {counts['seconds_analyze']:.1f} s)."
            )
        )
        self.stdout.write(json.dumps(counts, default=str))

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
