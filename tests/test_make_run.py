"""`make run` on a bare machine: the launcher starts the embedded PostgreSQL in a folder of its own, migrates, loads
the demo, runs the nightly jobs in-process and serves; every demo persona then signs in over HTTP and walks its
pages. No DATABASE_URL, no REDIS_URL: the system PostgreSQL and Redis of the other tests are not used.

The tests of this module share one server and run in the order written; the last one stops it as Ctrl-C would.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agencies.demo import ACCOUNTS, DEMO_PASSWORD
from tests.agencies import test_access_matrix as agencies_matrix
from tests.cases import test_access_matrix as cases_matrix
from tests.courses import test_access_matrix_courses as courses_matrix
from tests.goals import test_access_matrix as goals_matrix
from tests.reports import test_access_matrix as reports_matrix

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 300
PAGES_PER_PERSONA = 30  # the crawl's bound: every persona's start page, navigation and what they link to
PROBES_PER_PERSONA = 20  # pages other personas reached, asked for by this one
SKIPPED = re.compile(r"^/(static|i18n|auth/logout|admin/logout)/|\.pdf$")

pytestmark = pytest.mark.embedded


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bare_environment(**extra: str) -> dict[str, str]:
    """This machine's environment without anything that would point the product at a configured service."""
    prefixes = ("DJANGO_", "DATABASE_", "REDIS_", "EWG_", "CELERY_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k not in ("DEBUG", "SITE_URL")}
    return {**env, **extra}


def run_bare(*command: str, **extra: str) -> subprocess.CompletedProcess:
    """A command of `make run`'s, to its end, in the bare environment."""
    return subprocess.run(
        command, cwd=ROOT, env=bare_environment(**extra), capture_output=True, text=True, timeout=120, check=False
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    content_type: str
    location: str
    data: bytes


@dataclass
class Browser:
    """A signed-in visitor over HTTP, who sees the redirects rather than following them."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, form: dict | None = None) -> Answer:
        data = None if form is None else urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf()}).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                raw, status, headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            raw, status, headers = error.read(), error.code, error.headers
        kind = headers.get("Content-Type", "")
        text = raw.decode(errors="replace") if kind.startswith("text/") else ""
        return Answer(status, text, kind, headers.get("Location", ""), raw)

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def sign_in(self, username: str) -> None:
        assert self.request("/auth/login/").status == 200
        answer = self.request("/auth/login/", {"username": username, "password": DEMO_PASSWORD})
        assert answer.status == 302, f"{username} could not sign in: {answer.status}"


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    var_dir: Path
    log: Path
    crawled: dict[str, dict[str, int]] = field(default_factory=dict)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def launch(var_dir: Path) -> Server:
    """`make run` after its install step, as a terminal's foreground job: a process group of its own."""
    port = free_port()
    log = var_dir.parent / f"launcher-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "ewg.launcher"],
            cwd=ROOT,
            env=bare_environment(EWG_VAR_DIR=str(var_dir), PORT=str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(f"http://127.0.0.1:{port}", process, var_dir, log)
    deadline = time.monotonic() + START_SECONDS
    while not signed_in_page_answers(running.base):
        if process.poll() is not None:
            pytest.fail(f"make run ended with {process.returncode}:\n{running.log_tail()}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGINT)
            pytest.fail(f"no sign-in page after {START_SECONDS} s:\n{running.log_tail()}")
        time.sleep(0.5)
    return running


@pytest.fixture(scope="module")
def server():
    # Not under pytest's own folder: another pytest run of the same account, started meanwhile, takes the search
    # permission off that folder again, and the embedded PostgreSQL, running as another account, could not reach
    # its data any more.
    folder = Path(tempfile.mkdtemp(prefix="ewg-make-run-"))
    running = launch(folder / "var")
    yield running
    if running.process.poll() is None:
        os.killpg(running.process.pid, signal.SIGINT)
        running.process.wait(60)
    shutil.rmtree(folder, ignore_errors=True)


def signed_in_page_answers(base: str) -> bool:
    try:
        return Browser(base).request("/auth/login/").status == 200
    except OSError:  # not listening yet
        return False


def expected_role_pages(username: str) -> dict[str, int]:
    """What the persona gets at the pages that decide a role, as the access tables of the apps say; the crawl
    below covers the rest."""
    cases, goals, reports = cases_matrix, goals_matrix, reports_matrix

    def role_page(name: str) -> int:
        _method, who, status = cases.ROLE_PAGES[name]
        return status if username == who else 404

    return {
        # The case table has one of the two course-staff accounts; the other has the same role.
        "/cases/": cases.MATRIX["vhs" if username == "sprachinstitut" else username][0],
        "/cases/access-log/": role_page("access_log"),
        "/cases/obstacles/": role_page("obstacle_catalogue"),
        "/cases/alerts/": courses_matrix.PAGES["alert_inbox"][username],
        "/cases/courses/": courses_matrix.PAGES["course_list"][username],
        "/cases/issuing-rules/": courses_matrix.PAGES["issuing_rules"][username],
        "/agency/accounts/": 200 if username == agencies_matrix.ADMIN else agencies_matrix.OTHERS["account_list"],
        "/goals/": 200 if username in goals.PAGES["goal_list"] else 404,
        "/reports/": 200 if username in reports.PAGES["dashboard"] else 404,
        "/reports/committee/": 200 if username in reports.PAGES["report_list"] else 404,
    }


USERNAMES = [account.username for account in ACCOUNTS]


def test_the_demo_runs_on_the_embedded_postgresql(server):
    assert (server.var_dir / "postgres" / "PG_VERSION").read_text().strip() == "18"
    log = server.log.read_text()
    assert "ready after" in log
    assert "nightly-scans:" in log  # no Redis: the jobs of the night ran once at start


def test_static_files_and_the_products_own_error_pages(server):
    visitor = Browser(server.base)
    assert visitor.request("/static/vendor/kern/kern.min.css").status == 200
    visitor.sign_in("jobcenter")
    missing = visitor.request("/cases/999999/")
    assert missing.status == 404
    assert "Seite nicht gefunden" in missing.body
    assert "URLconf" not in missing.body  # Django's technical 404 lists the URL patterns


@pytest.mark.parametrize("username", USERNAMES)
def test_each_persona_reaches_what_its_role_allows_and_nothing_fails(server, username):
    visitor = Browser(server.base)
    visitor.sign_in(username)
    expected = expected_role_pages(username)
    assert {path: visitor.request(path).status for path in expected} == expected

    # The pages the persona is shown links to, breadth first from the start page: each of them must work.
    seen: dict[str, int] = {}
    queue = ["/"]
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if path in seen:
            continue
        answer = visitor.request(path)
        seen[path] = answer.status
        for link in re.findall(r'href="(/[^"#]*)"', answer.body):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIPPED.search(link):
                queue.append(link)
    broken = {path: status for path, status in seen.items() if status not in (200, 302)}
    assert not broken, f"{username} is shown links that fail: {broken}"
    server.crawled[username] = seen


@pytest.mark.parametrize("username", USERNAMES)
def test_pages_of_the_others_answer_404_or_are_allowed_never_an_error(server, username):
    others = sorted({path for user, seen in server.crawled.items() if user != username for path in seen})
    assert others, "the crawl of the other personas found nothing"
    own = server.crawled.get(username, {})
    chosen = [path for path in others if path not in own]
    step = max(1, len(chosen) // PROBES_PER_PERSONA)
    visitor = Browser(server.base)
    visitor.sign_in(username)
    answers = {path: visitor.request(path).status for path in chosen[::step]}
    wrong = {path: status for path, status in answers.items() if status not in (200, 302, 404)}
    assert not wrong, f"{username} got {wrong}"


@pytest.mark.parametrize("username", ["jobcenter", "asyl", "abh"])
def test_the_nightly_scans_ran_and_the_agencies_see_their_alerts(server, username):
    visitor = Browser(server.base)
    visitor.sign_in(username)
    inbox = visitor.request("/cases/alerts/")
    alerts = set(re.findall(r'href="(/cases/alerts/\d+/)"', inbox.body))
    assert alerts, f"{username} has no alerts"
    assert visitor.request(sorted(alerts)[0]).status == 200


def test_the_steering_group_sees_the_dashboard_with_figures(server):
    visitor = Browser(server.base)
    visitor.sign_in("lenkung")
    dashboard = visitor.request("/reports/")
    assert dashboard.status == 200
    assert 'data-testid="as-of"' in dashboard.body
    assert "Noch keine Kennzahlen" not in dashboard.body


def test_recomputing_the_figures_happens_at_once_without_a_broker(server):
    visitor = Browser(server.base)
    visitor.sign_in("koordination")
    assert visitor.request("/reports/").status == 200
    refreshed = visitor.request("/reports/refresh/", {})
    assert refreshed.status == 302
    assert "Die Kennzahlen sind neu berechnet." in visitor.request(refreshed.location).body


def test_the_coordinator_generates_the_committee_report_pdf(server):
    visitor = Browser(server.base)
    visitor.sign_in("koordination")
    form = visitor.request("/reports/committee/new/")
    period = re.search(r'<select name="period"[^>]*>.*?<option value="([^"]+)"', form.body, re.S).group(1)
    kind = re.search(r'<select name="kind"[^>]*>.*?<option value="([^"]+)"', form.body, re.S).group(1)
    created = visitor.request(
        "/reports/committee/new/",
        {"subject": "Sachstand Einwanderung gestalten", "number": "322/18", "kind": kind, "period": period,
         "committee": "Sozialausschuss"},
    )  # fmt: skip
    assert created.status == 302, created.body[:2000]
    report = urllib.parse.urlsplit(created.location).path
    requested = visitor.request(f"{report}versions/", {})
    assert requested.status == 302
    # No broker: rendered in the request, and the page says so rather than "being generated".
    assert "Version 1 ist erzeugt." in visitor.request(requested.location).body
    pdf = visitor.request(f"{report}versions/1.pdf")
    assert pdf.status == 200
    assert pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_a_second_run_in_the_same_folder_is_refused(server):
    done = run_bare(sys.executable, "-m", "ewg.launcher", EWG_VAR_DIR=str(server.var_dir), PORT=str(free_port()))
    assert done.returncode != 0
    assert "another `make run` serves from" in done.stderr
    assert signed_in_page_answers(server.base)  # the first one serves on


def test_ctrl_c_stops_the_server_and_the_database(server):
    pid_file = server.var_dir / "postgres" / "postmaster.pid"
    assert pid_file.exists()
    os.killpg(server.process.pid, signal.SIGINT)  # what the terminal sends its foreground job on Ctrl-C
    assert server.process.wait(60) == 0, server.log_tail()
    assert not pid_file.exists(), "the embedded PostgreSQL still runs"


def test_the_next_run_keeps_the_data_and_a_closed_terminal_stops_it(server):
    assert server.process.poll() is not None, "runs after the Ctrl-C test"
    cluster = (server.var_dir / "postgres" / "PG_VERSION").stat().st_mtime_ns
    again = launch(server.var_dir)
    try:
        assert (server.var_dir / "postgres" / "PG_VERSION").stat().st_mtime_ns == cluster  # no second initdb
        visitor = Browser(again.base)
        visitor.sign_in("koordination")
        assert "322/18" in visitor.request("/reports/committee/").body  # the report of the first run
    finally:
        os.killpg(again.process.pid, signal.SIGHUP)  # the terminal closes
    assert again.process.wait(60) == 0, again.log_tail()
    assert not (server.var_dir / "postgres" / "postmaster.pid").exists(), "the embedded PostgreSQL still runs"


def test_a_taken_port_is_reported_before_anything_is_installed_or_migrated(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_bare("make", "--no-print-directory", "run", EWG_VAR_DIR=str(tmp_path / "var"), PORT=str(port))
    assert done.returncode != 0
    assert f"port {port} on 127.0.0.1 is taken" in done.stderr
    assert f"PORT={port + 1} make run" in done.stderr
    assert not (tmp_path / "var").exists()  # no database started, nothing migrated


@pytest.mark.parametrize("value", ["abc", "0", "70000"])
def test_a_port_that_is_no_port_is_refused(value):
    done = run_bare(sys.executable, "ewg/launcher.py", "--check-port", PORT=value)
    assert done.returncode != 0
    assert f"PORT must be a port number from 1 to 65535, not {value!r}" in done.stderr
