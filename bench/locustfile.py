"""Locust users for the load run (bench/load.py): sign in, then read the case list and case pages.

Started by run_load, which passes everything through the environment:
PERFBENCH_USERNAME, PERFBENCH_PASSWORD, PERFBENCH_CASE_IDS (comma-separated case ids the user may see) and
PERFBENCH_THINK_SECONDS (the mean pause between two clicks; 0 for none) and PERFBENCH_WARM_UP_SECONDS (after which
the statistics start afresh).
"""

import os
import random

import gevent
from locust import HttpUser, between, constant, events, task

USERNAME = os.environ.get("PERFBENCH_USERNAME", "")
PASSWORD = os.environ.get("PERFBENCH_PASSWORD", "")
CASE_IDS = [int(pk) for pk in os.environ.get("PERFBENCH_CASE_IDS", "").split(",") if pk.strip()]
THINK_SECONDS = float(os.environ.get("PERFBENCH_THINK_SECONDS", "0") or 0)
WARM_UP_SECONDS = float(os.environ.get("PERFBENCH_WARM_UP_SECONDS", "0") or 0)


@events.test_start.add_listener
def _count_from_the_steady_state(environment, **_kwargs):
    # The 16 sign-ins at the start hash 16 passwords at once and hold the pages behind them for seconds: the
    # figures start after them, when every user reads cases.
    if WARM_UP_SECONDS:
        gevent.spawn_later(WARM_UP_SECONDS, environment.stats.reset_all)


def _expect_page(response, path: str) -> None:
    """A page counts only if it is the page asked for: a redirect to the login form is a failure, not a success."""
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}")
    elif not response.url.endswith(path):
        response.failure(f"ended at {response.url}")
    else:
        response.success()


class CaseReader(HttpUser):
    # With a pause, 16 people reading cases (the latency they see); without, a closed loop that measures what the
    # server can carry at most.
    wait_time = between(THINK_SECONDS * 0.5, THINK_SECONDS * 1.5) if THINK_SECONDS else constant(0)

    def on_start(self):
        # The target is a server on the loopback address; a proxy from the environment must not sit in between.
        self.client.trust_env = False
        # The real login form, as a person signs in: the GET sets the CSRF cookie whose value the POST returns.
        self.client.get("/auth/login/", name="/auth/login/")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/auth/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/auth/login/"},
            name="/auth/login/",
            catch_response=True,
        ) as response:
            # A failed login shows the form again (200); a successful one redirects to the start page.
            if "/auth/login/" in response.url:
                response.failure("login refused")
            else:
                response.success()

    @task
    def case_list_then_detail(self):
        # The usual path through the application: the list, then one case from it.
        with self.client.get("/cases/", name="/cases/", catch_response=True) as response:
            _expect_page(response, "/cases/")
        if CASE_IDS:
            pk = random.choice(CASE_IDS)  # noqa: S311 - spreads the reads, no security meaning
            with self.client.get(f"/cases/{pk}/", name="/cases/[id]/", catch_response=True) as response:
                _expect_page(response, f"/cases/{pk}/")
