"""Measuring one scenario: timings of warm, in-process runs (p50, p95), and for one more run the SQL it sent, each
SELECT's own execution time and rows read from EXPLAIN (ANALYZE, BUFFERS), sequential scans of tables over
100,000 rows, and the peak memory Python allocated (tracemalloc)."""

import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import plans

WARM_UP = 3
BIG_ROWS = 100_000
_SELECT = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)


def table_rows() -> dict[str, float]:
    """Estimated rows of every table (pg_class), for the sequential-scan flag."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def timings(call: Callable[[], object], runs: int) -> list[float]:
    for _ in range(WARM_UP):
        call()
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        measured.append((time.perf_counter() - started) * 1000)
    return measured


def summary(values: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(plans.percentile(values, 0.95), 2),
        "runs": len(values),
    }


def rows_read(plan: dict) -> int:
    """Rows the scans of a plan read: returned plus removed by a filter, times loops."""
    total = 0
    for _depth, node in plans.plan_nodes(plan):
        if "Relation Name" in node:
            loops = node.get("Actual Loops", 1)
            total += (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
    return int(total)


def seq_scans(plan: dict, tables: dict[str, float]) -> list[str]:
    return sorted(
        {
            f"Seq Scan on {node['Relation Name']} ({tables.get(node['Relation Name'], 0):,.0f} rows)"
            for _depth, node in plans.plan_nodes(plan)
            if node.get("Node Type") == "Seq Scan" and tables.get(node.get("Relation Name"), 0) > BIG_ROWS
        }
    )


def explain_queries(queries: list[dict], tables: dict[str, float]) -> dict:
    """The SQL of one run: its count, the SELECTs' execution time by EXPLAIN ANALYZE (other statements count with
    the time the client saw; they are not re-executed), rows read, and sequential scans of big tables."""
    sql_ms, read, flags = 0.0, 0, set()
    for query in queries:
        sql = query["sql"]
        if _SELECT.match(sql):
            figures, plan = plans.explain(sql)
            sql_ms += figures["execution_ms"]
            read += rows_read(plan)
            flags.update(seq_scans(plan, tables))
        else:
            sql_ms += float(query["time"]) * 1000
    return {"queries": len(queries), "sql_ms": round(sql_ms, 2), "rows_read": read, "seq_scans": sorted(flags)}


def one_run(call: Callable[[], object], tables: dict[str, float]) -> dict:
    """SQL figures and peak Python memory of one more run."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as captured:
            call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {**explain_queries(captured.captured_queries, tables), "peak_kib": round(peak / 1024)}


def measure(call: Callable[[], object], runs: int, tables: dict[str, float]) -> dict:
    return {**summary(timings(call, runs)), **one_run(call, tables)}


# How deep into the case list the "page at 90 % depth" scenario opens.
DEPTH = 0.9


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
