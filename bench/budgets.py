"""The budgets of the benchmark (set for scale L on a 2-core machine) and the markdown table of a run."""

import json
from pathlib import Path

PAGE_MS = 50
PAGE_RATIO = 3
SEARCH_MS = 150
DASHBOARD_MS = 200
SCAN_MS = 10_000
SCAN_RATIO = 1.5
PDF_30_MS = 5_000
LOAD_P95_MS = 100


def other_scales(directory: Path, scale: str) -> dict[str, dict]:
    """The latest reports of the other scales in the same directory, for the query-count comparison."""
    found = {}
    for path in sorted(directory.glob("perfbench-*.json")):
        other = path.stem.removeprefix("perfbench-")
        if other != scale:
            try:
                found[other] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return found


def _check(name: str, passed: bool | None, detail: str) -> dict:
    return {"budget": name, "result": "n/a" if passed is None else "PASS" if passed else "FAIL", "detail": detail}


def evaluate(report: dict, *, others: dict[str, dict]) -> list[dict]:
    results = report["results"]
    checks = []
    for result in results:
        kind, p50 = result["kind"], result["p50_ms"]
        name = f"{result['label']} ({result.get('user', '')})".replace(" ()", "")
        if kind in ("list", "detail"):
            ok = p50 < PAGE_MS and (result["ratio"] or 0) <= PAGE_RATIO
            checks.append(_check(f"{name}: p50 < {PAGE_MS} ms and ≤ {PAGE_RATIO}× bound", ok,
                                 f"{p50:.1f} ms, {result['ratio']}×"))  # fmt: skip
        elif kind == "search":
            checks.append(_check(f"{name}: p50 < {SEARCH_MS} ms", p50 < SEARCH_MS, f"{p50:.1f} ms"))
        elif kind == "dashboard":
            checks.append(_check(f"{name}: p50 < {DASHBOARD_MS} ms", p50 < DASHBOARD_MS, f"{p50:.1f} ms"))
        elif kind == "scan":
            ok = p50 < SCAN_MS and (result["ratio"] or 0) <= SCAN_RATIO
            checks.append(
                _check(f"{name}: < 10 s and ≤ {SCAN_RATIO}× its SQL", ok, f"{p50:.1f} ms, {result['ratio']}×")
            )
        elif kind == "pdf_30":
            checks.append(_check(f"{name}: < 5 s", p50 < PDF_30_MS, f"{p50 / 1000:.2f} s"))
    mine = {(r["scenario"], r.get("user")): r.get("queries") for r in results if r.get("url")}
    if others:
        differing = []
        for scale, other in sorted(others.items()):
            theirs = {(r["scenario"], r.get("user")): r.get("queries") for r in other["results"] if r.get("url")}
            differing += [
                f"{key[0]} ({key[1]}): {mine[key]} here, {theirs[key]} at {scale}"
                for key in sorted(set(mine) & set(theirs))
                if mine[key] != theirs[key]
            ]
        checks.append(_check(f"queries per request identical at {report['scale']}, {', '.join(sorted(others))}",
                             not differing, "; ".join(differing) or "all equal"))  # fmt: skip
    else:
        checks.append(_check("queries per request identical across scales", None, "no other scale measured yet"))
    load = report.get("load")
    if load and not load.get("error"):
        pages = page_figures(load)
        ok = load["failures"] == 0 and pages["p95_ms"] is not None and pages["p95_ms"] < LOAD_P95_MS
        checks.append(_check(f"load run (paced): no errors, p95 of the case pages < {LOAD_P95_MS} ms", ok,
                             f"{pages['rps']} req/s, p95 {pages['p95_ms']} ms, {load['failures']} errors"))  # fmt: skip
    elif load:
        checks.append(_check("load run (paced)", False, load["error"]))
    saturation = report.get("load_saturation")
    if saturation and saturation.get("error"):
        checks.append(_check("load run (saturation)", False, saturation["error"]))
    elif saturation:
        pages = page_figures(saturation)
        detail = f"{pages['rps']} req/s at most, p95 {pages['p95_ms']} ms, {saturation['failures']} errors"
        checks.append(_check("load run (saturation): no errors", saturation["failures"] == 0, detail))
    return checks


def page_figures(load: dict) -> dict:
    """The case list and case pages of a load run, without the sign-ins at its start (16 password hashes at once
    take seconds and say nothing about the pages): their requests per second and the worse of their p95s."""
    pages = [figures for name, figures in load.get("by_name", {}).items() if name.startswith("GET /cases/")]
    p95s = [figures["p95_ms"] for figures in pages if figures["p95_ms"] is not None]
    return {"rps": round(sum(figures["rps"] for figures in pages), 1), "p95_ms": max(p95s) if p95s else None}


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.1f}"


def markdown(report: dict) -> str:
    data = report["data"]
    lines = [
        f"## perfbench {report['scale']}",
        "",
        f"{data['cases']:,} cases, {data['persons']:,} persons, {data['slips']:,} slips, {data['enrolments']:,} "
        f"enrolments, {data['attendance_days']:,} attendance days; {report['runs']} timed runs per scenario "
        f"({report['pdf_runs']} per PDF) after warm-up, in-process; {report['cpus']} CPUs, load average "
        f"{', '.join(str(value) for value in report['load_average'])}.",
        "",
        "| Scenario | User | p50 ms | p95 ms | Lower bound ms | Ratio | Queries | SQL ms | Rows read | Peak KiB "
        "| Seq scans > 100k rows |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['label']} | {r.get('user', '–')} | {_ms(r['p50_ms'])} | {_ms(r['p95_ms'])} | "
            f"{_ms(r['lower_bound_ms'])} | {r['ratio'] if r['ratio'] is not None else '–'} | "
            f"{r['queries'] if r.get('queries') is not None else '–'} | {_ms(r.get('sql_ms'))} | "
            f"{r['rows_read']:,} | {r['peak_kib'] if r.get('peak_kib') is not None else '–'} | "
            f"{'; '.join(r.get('seq_scans') or []) or 'none'} |"
            if r.get("rows_read") is not None
            else f"| {r['label']} | {r.get('user', '–')} | {_ms(r['p50_ms'])} | {_ms(r['p95_ms'])} | "
            f"{_ms(r['lower_bound_ms'])} | {r['ratio']} | – | – | – | – | – |"
        )
    for key, title in (("load", "paced"), ("load_saturation", "saturation, no pauses")):
        load = report.get(key)
        if not load:
            continue
        pause = f"{load.get('think_seconds') or 0:g} s between clicks" if load.get("think_seconds") else "no pauses"
        pause += f", counted after {load['warm_up_seconds']} s of sign-ins" if load.get("warm_up_seconds") else ""
        lines += ["", f"Load run, {title} (gunicorn, {load.get('workers')} workers; locust, headless, {pause}):",
                  "", f"- {load.get('users')} users, {load.get('seconds')} s: {load.get('requests')} requests, "
                  f"{load.get('rps')} req/s, p50 {load.get('p50_ms')} ms, p95 {load.get('p95_ms')} ms, "
                  f"{load.get('failures')} errors" + (f" — {load['error']}" if load.get("error") else "")]  # fmt: skip
        for name, figures in sorted(load.get("by_name", {}).items()):
            lines.append(
                f"- {name}: {figures['requests']} requests, {figures['rps']} req/s, p50 {figures['p50_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, {figures['failures']} errors"
            )
        lines += [f"- error {f['request']}: {f['count']} × {f['error']}" for f in load.get("failure_kinds") or []]
    lines += ["", "| Budget | Result | Measured |", "|---|---|---|"]
    lines += [f"| {check['budget']} | {check['result']} | {check['detail']} |" for check in report["budgets"]]
    return "\n".join(lines) + "\n"
