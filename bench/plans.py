"""Reading measurements: percentiles and the EXPLAIN (ANALYZE, BUFFERS) plans of captured queries."""

import json
import math

from django.db import connection

# --- Measurement helpers ---------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


BIG_TABLES = ("cases_case", "cases_person")
BIG_ROWS = 100_000


def plan_nodes(plan: dict, depth: int = 0):
    yield depth, plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child, depth + 1)


def plan_outline(plan: dict) -> list[str]:
    """One line per plan node: type, index, relation, rows returned x loops, rows removed by filters."""
    lines = []
    for depth, node in plan_nodes(plan):
        text = node["Node Type"]
        if node.get("Index Name"):
            text += f" using {node['Index Name']}"
        if node.get("Relation Name"):
            text += f" on {node['Relation Name']}"
        if node.get("Subplan Name"):
            text = f"[{node['Subplan Name']}] " + text
        text += f" (rows={node.get('Actual Rows', '?')} loops={node.get('Actual Loops', '?')}"
        removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        if removed:
            text += f" removed={removed}"
        text += f" time={node.get('Actual Total Time', '?')}ms)"
        lines.append("  " * depth + text)
    return lines


def seq_scans_on_big_tables(plan: dict, table_rows: dict[str, float]) -> list[str]:
    """A Seq Scan on cases_case or cases_person when either holds more than 100,000 rows, and any other scan of them
    that reads more than 100,000 rows (an index walked without a bound is as bad as a Seq Scan)."""
    flags = []
    for _depth, node in plan_nodes(plan):
        relation = node.get("Relation Name")
        if relation not in BIG_TABLES:
            continue
        loops = node.get("Actual Loops", 1)
        read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        in_table = table_rows.get(relation, 0)
        if "Seq Scan" in node["Node Type"] and (in_table > BIG_ROWS or read > BIG_ROWS):
            flags.append(f"Seq Scan on {relation} ({in_table:,.0f} rows in table, {read:,} read)")
        elif read > BIG_ROWS:
            returned = node.get("Actual Rows", 0) * loops
            flags.append(f"{node['Node Type']} on {relation} reads {read:,} rows to return {returned:,}")
    return flags


def explain(sql: str, params=None) -> tuple[dict, dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of a query: its figures (times and buffers of the top node) and the plan itself."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    top = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    plan = top["Plan"]
    figures = {
        "execution_ms": round(top.get("Execution Time", 0), 2),
        "planning_ms": round(top.get("Planning Time", 0), 2),
        "shared_hit_blocks": plan.get("Shared Hit Blocks", 0),
        "shared_read_blocks": plan.get("Shared Read Blocks", 0),
    }
    return figures, plan
