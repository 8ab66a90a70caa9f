"""Measure the case list, a deep page, filters, the detail and the name search, in-process, as a demo caseworker.

    manage.py measure_cases [--runs 30] [--user jobcenter] [--name Müller] [--output var/measure_cases.json]

Each page is requested through Django's test `Client` (the whole stack: middleware, session, views, templates,
database), 3 times to warm up and then `--runs` times; reported are the median and the p95 (nearest rank) in ms, the
SQL queries of one request, the rows shown, and for the page's main query (the first one reading cases_case) the
summary of `EXPLAIN (ANALYZE, BUFFERS)`, flagged when it contains a Seq Scan on cases_case or cases_person with more
than 100,000 rows, or any scan of them that reads more than 100,000 rows. Also: the CPU time of this process per
request (the rest is the database and waiting), the summed SQL time of one request, and the htmx partial of the list
(rows only, without the filter form and layout). Prints a markdown table and writes JSON. Every detail read writes
an access-log row, as in use. Refused in production (it logs in as a demo account and writes access-log rows).
"""

import json
import os
import re
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from agencies.models import User
from agencies.selectors import memberships_of
from bench import measure, names, plans
from cases.models import Case, CaseShare, Person
from cases.selectors import cases_visible_to, filter_by_name

WARM_UP = 3
TARGETS_MS = {"list": 50, "detail": 50, "search": 150}


class Command(BaseCommand):
    help = "Measures the case list, deep page, filters, detail and name search (median, p95, queries, plans)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="measured runs per page (after 3 warm-up runs)")
        parser.add_argument("--user", default="jobcenter", help="the demo account to measure as")
        parser.add_argument("--name", default="", help="family name to search for (default: one with an umlaut)")
        parser.add_argument("--output", default="", help="JSON file (default: var/measure_cases.json)")

    def handle(self, *args, runs: int, user: str, name: str, output: str, **options):
        if settings.PRODUCTION:
            raise CommandError("Measurements log in as a demo account; not in production.")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        account = User.objects.filter(username=user).first()
        memberships = memberships_of(account) if account else []
        if not memberships:
            raise CommandError(f"No active account {user!r}: run generate_cases (or seed_demo) first.")
        membership = memberships[0]
        self.table_rows = self._table_rows()
        scenarios = self._scenarios(account, membership, name)

        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], DEBUG=False):
            client = Client()
            client.force_login(account)
            results = [self._measure(client, runs, **scenario) for scenario in scenarios]

        report = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average": os.getloadavg(),
            "database": "postgresql",
            "user": user,
            "agency": membership.agency.short_name,
            "runs": runs,
            "data": {
                "persons": Person.objects.count(),
                "cases": Case.objects.count(),
                "active_shares": CaseShare.objects.filter(revoked_at__isnull=True).count(),
                "cases_visible_to_user": scenarios[0]["visible"],
            },
            "targets_ms": TARGETS_MS,
            "results": results,
        }
        path = Path(output) if output else Path(settings.VAR_DIR) / "measure_cases.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        self.stdout.write(self._markdown(report))
        self.stdout.write(f"\nJSON written to {path}")

    # --- What to measure ------------------------------------------------------------------------------------------

    def _scenarios(self, account: User, membership, name: str) -> list[dict]:
        visible = cases_visible_to(account, membership)
        newest_first = visible.order_by("-opened_on", "-id")
        total = visible.count()
        list_url = reverse("cases:case_list")

        def listing(**params) -> str:
            return f"{list_url}?{urlencode(params)}" if params else list_url

        # The row at 90 % depth, by one query; its cursor is what "next page" links carry there.
        deep = newest_first.values_list("opened_on", "pk")[int(total * measure.DEPTH)] if total else None
        cursor = f"{deep[0].isoformat()}_{deep[1]}" if deep else ""
        detail_pk = (
            newest_first.filter(lead_agency_id=membership.agency_id).values_list("pk", flat=True).first()
            or newest_first.values_list("pk", flat=True).first()
        )
        if not name:  # the most common German name if the user sees one, else the newest with an umlaut, else any
            family_names = newest_first.values_list("person__family_name", flat=True)
            name = (
                ("Müller" if family_names.filter(person__family_name="Müller").exists() else None)
                or family_names.filter(person__family_name__regex=r"[äöüÄÖÜß]").first()
                or family_names.first()
                or "Müller"
            )
        variant = names.germanised(name) if names.germanised(name) != name else names.plain(name)
        misspelt = names.one_letter_wrong(name)
        scenarios = [
            {"key": "list_first", "label": "Case list, first page", "target": "list", "url": listing()},
            {
                "key": "list_first_htmx",
                "label": "Case list, first page, htmx partial (rows only, no filter form)",
                "target": "list",
                "url": listing(),
                "htmx": True,
            },
            {
                "key": "list_deep",
                "label": f"Case list, page at {measure.DEPTH:.0%} depth",
                "target": "list",
                "url": listing(after=cursor),
            },
            {
                "key": "list_filtered",
                "label": "Case list, status=open & kind=counselling & field=language",
                "target": "list",
                "url": listing(status="open", kind="counselling", field="language"),
            },
        ]
        if detail_pk:
            scenarios.append(
                {
                    "key": "detail",
                    "label": f"Case detail ({detail_pk})",
                    "target": "detail",
                    "url": reverse("cases:case_detail", args=[detail_pk]),
                }
            )
        for key, label, query in (
            ("search_exact", "Name search, exact", name),
            ("search_umlaut", "Name search, umlaut variant", variant),
            ("search_typo", "Name search, one letter wrong", misspelt),
        ):
            scenarios.append(
                {
                    "key": key,
                    "label": f"{label}: q={query}",
                    "target": "search",
                    "url": listing(q=query),
                    "matches": filter_by_name(visible, query).count(),
                }
            )
        for scenario in scenarios:
            scenario["visible"] = total
        return scenarios

    # --- Measuring ------------------------------------------------------------------------------------------------

    def _measure(
        self,
        client: Client,
        runs: int,
        *,
        key: str,
        label: str,
        target: str,
        url: str,
        visible: int,
        htmx: bool = False,
        **extra,
    ) -> dict:
        headers = {"HX-Request": "true"} if htmx else {}
        for _ in range(WARM_UP):
            self._get(client, url, headers)
        timings, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            self._get(client, url, headers)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = self._get(client, url, headers)
        queries = captured.captured_queries
        main = next((q["sql"] for q in queries if re.search(r'\bFROM "cases_case"', q["sql"])), None)
        median = statistics.median(timings)
        result = {
            "key": key,
            "label": label,
            "url": url,
            "median_ms": round(median, 2),
            "p95_ms": round(plans.percentile(timings, 0.95), 2),
            "min_ms": round(min(timings), 2),
            "max_ms": round(max(timings), 2),
            "python_cpu_median_ms": round(statistics.median(cpu), 2),
            "sql_ms_one_request": round(sum(float(query["time"]) for query in queries) * 1000, 2),
            "target_ms": TARGETS_MS[target],
            "meets_target": median < TARGETS_MS[target],
            "queries": len(queries),
            "rows_shown": len(set(re.findall(self._detail_link(), response.content.decode()))),
            **extra,
            "main_query": main,
            "explain": self._explain(main) if main else None,
        }
        self.stdout.write(f"  {label}: median {result['median_ms']} ms, p95 {result['p95_ms']} ms")
        self.stdout.flush()
        return result

    @staticmethod
    def _get(client: Client, url: str, headers: dict | None = None):
        response = client.get(url, headers=headers or {})
        if response.status_code != 200:
            raise CommandError(f"GET {url} answered {response.status_code}")
        return response

    @staticmethod
    def _detail_link() -> str:
        prefix = reverse("cases:case_detail", args=[1]).removesuffix("1/")
        return rf'href="{re.escape(prefix)}(\d+)/"'

    def _table_rows(self) -> dict[str, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
                [list(plans.BIG_TABLES)],
            )
            return dict(cursor.fetchall())

    def _explain(self, sql: str) -> dict:
        figures, plan = plans.explain(sql)  # the query Django just ran
        return {
            **figures,
            "plan_flags": plans.seq_scans_on_big_tables(plan, self.table_rows),
            "plan": plans.plan_outline(plan),
        }

    # --- Report ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _markdown(report: dict) -> str:
        data = report["data"]
        lines = [
            "",
            f"Measured as `{report['user']}` ({report['agency']}), {report['runs']} runs after {WARM_UP} warm-up runs; "
            f"{data['persons']:,} persons, {data['cases']:,} cases, {data['active_shares']:,} active shares, "
            f"{data['cases_visible_to_user']:,} cases visible to the user; load average "
            f"{', '.join(f'{load:.2f}' for load in report['load_average'])}. Python CPU: this process only; "
            "SQL ms (all): the queries of one request as the client saw them.",
            "",
            "| Measurement | Median ms | p95 ms | Target ms | Python CPU ms | Queries | SQL ms (all) | Rows "
            "| Main query ms (EXPLAIN) | Buffers hit/read | Flags |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for result in report["results"]:
            explain = result["explain"] or {}
            flags = list(explain.get("plan_flags", []))
            if not result["meets_target"]:
                flags.insert(0, "**over target**")
            rows = f"{result['rows_shown']}"
            if "matches" in result:
                rows += f" of {result['matches']:,}"
            lines.append(
                f"| {result['label']} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | {result['target_ms']} | "
                f"{result['python_cpu_median_ms']:.1f} | {result['queries']} | {result['sql_ms_one_request']:.1f} | "
                f"{rows} | {explain.get('execution_ms', '–')} | "
                f"{explain.get('shared_hit_blocks', '–')}/{explain.get('shared_read_blocks', '–')} | "
                f"{'; '.join(flags) or 'ok'} |"
            )
        for result in report["results"]:
            if result["explain"]:
                lines += ["", f"Plan of {result['key']} (main query):", "```", *result["explain"]["plan"], "```"]
        return "\n".join(lines)
