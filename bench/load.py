"""The load run: gunicorn on 127.0.0.1 and headless locust against the case list and case pages.

Traffic goes only to the loopback address, and both processes are bounded in time: locust by `-t` and by the
coreutils `timeout` around it, gunicorn by being stopped in a `finally`.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings

HOST = "127.0.0.1"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# gunicorn and locust come from the virtual environment that runs this code (the project's .venv).
BIN = Path(sys.executable).parent
HEALTH_WAIT_SECONDS = 30


def run_load(
    *,
    database_url: str,
    username: str,
    password: str,
    case_ids: list[int],
    seconds: int = 60,
    users: int = 16,
    think_seconds: float = 0,
    warm_up_seconds: int = 10,
    workers: int = 3,
    port: int | None = None,
) -> dict:
    """Serve the project from `database_url` and let `users` signed-in users read the case list and cases.

    `case_ids` must be visible to `username`. They travel to locust in an environment variable, which Linux limits
    to 128 KiB (some 15,000 ids): pass a sample for large databases. Times are in ms, rps per second of the run;
    the logins at the start are among the requests (their own rows in by_name show how long they took).
    """
    result = {
        "users": users,
        "think_seconds": think_seconds,
        "warm_up_seconds": warm_up_seconds,
        "seconds": seconds,
        "workers": workers,
        "requests": None,
        "failures": None,
        "rps": None,
        "p50_ms": None,
        "p95_ms": None,
        "by_name": {},
        "error": None,
    }
    port = port or _free_port()
    with tempfile.TemporaryDirectory(prefix="perfbench-load-") as tmp:
        server_log = Path(tmp) / "gunicorn.log"
        try:
            server = _start_gunicorn(database_url, workers, port, server_log)
        except OSError as error:  # gunicorn not installed in this environment
            result["error"] = f"gunicorn could not start: {error}"
            return result
        try:
            if not _wait_healthy(server, port):
                result["error"] = f"gunicorn did not become healthy on port {port}:\n{_tail(server_log)}"
                return result
            error = _run_locust(
                port, Path(tmp) / "load", users=users, seconds=seconds, username=username, password=password,
                case_ids=case_ids, think_seconds=think_seconds, warm_up_seconds=warm_up_seconds,
            )  # fmt: skip
            stats = Path(tmp) / "load_stats.csv"
            if stats.exists():
                result.update(_read_stats(stats))
                result["failure_kinds"] = _read_failures(Path(tmp) / "load_failures.csv")
            elif error is None:
                error = "locust wrote no statistics"
            result["error"] = error
        finally:
            _stop(server)
    return result


def _free_port() -> int:
    # The kernel hands out a free port; it is released again for gunicorn at once, a race no one here runs into.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)  # keeps PATH, SECRET_KEY and REDIS_URL if the caller has them
    env.update(
        DJANGO_SETTINGS_MODULE="ewg.settings",
        DATABASE_URL=database_url,
        # The development profile with DEBUG off: production settings would demand HTTPS (SSL redirect, Secure and
        # __Host- cookies that a plain-http client never sends back), e-mail and Redis, and the hashed static
        # manifest from collectstatic. Only HTML pages are measured, so none of that changes the figures.
        EWG_ENVIRONMENT="development",
        DEBUG="false",
        # The Host header locust sends; pinned so that a caller's production ALLOWED_HOSTS cannot refuse it.
        ALLOWED_HOSTS=HOST,
    )
    return env


def _start_gunicorn(database_url: str, workers: int, port: int, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "ewg.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--graceful-timeout=5",  # a stop should not wait for the default 30 s
        f"--error-logfile={log}",
    ]
    # Its own process group, so that the workers can be killed together should the master not stop.
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - fixed command, no shell
            command, cwd=settings.BASE_DIR, env=_server_env(database_url), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait_healthy(server: subprocess.Popen, port: int) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy from the env
    deadline = time.monotonic() + HEALTH_WAIT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False  # gunicorn gave up (bad settings, port taken): no point in waiting
        try:
            with opener.open(f"http://{HOST}:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass  # not listening yet, or 503 while the database is not reachable
        time.sleep(0.5)
    return False


def _run_locust(
    port: int,
    csv_prefix: Path,
    *,
    users: int,
    seconds: int,
    username: str,
    password: str,
    case_ids: list[int],
    think_seconds: float,
    warm_up_seconds: int,
) -> str | None:
    env = dict(os.environ)
    env.update(
        PERFBENCH_USERNAME=username,
        PERFBENCH_PASSWORD=password,
        PERFBENCH_CASE_IDS=",".join(str(pk) for pk in case_ids),
        PERFBENCH_THINK_SECONDS=str(think_seconds),
        PERFBENCH_WARM_UP_SECONDS=str(warm_up_seconds),
    )
    command = [
        # A hard bound on top of -t: a minute for start and shutdown, then TERM, and KILL ten seconds later.
        "timeout", "--kill-after=10", str(warm_up_seconds + seconds + 60),
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(users), "-t", f"{warm_up_seconds + seconds}s",
        "--host", f"http://{HOST}:{port}", "--csv", str(csv_prefix), "--only-summary",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode in (124, 137):
        return f"locust did not finish within {warm_up_seconds + seconds + 60} s and was stopped"
    # Exit code 1 means some requests failed; they are counted in the statistics, so it is no error of the run.
    if done.returncode not in (0, 1):
        return f"locust exited with {done.returncode}:\n{done.stderr[-2000:]}"
    return None


def _read_stats(path: Path) -> dict:
    """The figures from locust's <prefix>_stats.csv: one row per request name and the "Aggregated" row."""
    by_name = {}
    total = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            figures = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                # Locust keeps response times in rounded buckets (to 10 ms above 100 ms), so these are approximate.
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                by_name[f"{row['Type']} {row['Name']}"] = figures
    return {**total, "by_name": by_name}


def _read_failures(path: Path, limit: int = 5) -> list[dict]:
    """What went wrong, by request and message (locust's <prefix>_failures.csv), the most frequent first."""
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        rows = [
            {"request": f"{row['Method']} {row['Name']}", "error": row["Error"][:300], "count": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda row: -row["count"])[:limit]


def _number(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def _stop(server: subprocess.Popen) -> None:
    # TERM lets gunicorn finish its requests and stop its workers; KILL the whole group if it does not.
    if server.poll() is None:
        server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _tail(path: Path, chars: int = 2000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""
