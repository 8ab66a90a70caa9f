"""What `make run` runs: the whole product on this machine, stopped as a whole.

    python -m ewg.launcher              migrate, load the demo, run the nightly jobs once, serve on PORT (8000)
    python ewg/launcher.py --check-port  only say whether PORT is free (standard library only: runs before install)

Without DATABASE_URL it starts the embedded PostgreSQL (ewg/embedded_db.py, data in var/postgres) and stops it again
when the server ends: on Ctrl-C, when the terminal closes (SIGHUP), on SIGTERM, and when `make` itself goes away.
Without REDIS_URL, tasks run in-process, so the jobs the night would run are run once at start; with it, two Celery
workers run beside the web server: one for mail, one with an embedded beat for the PDFs and the nightly jobs. DEBUG
stays off unless set, so the demo shows the product's own error pages, as its users see them.
"""

import argparse
import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8000
HOST = "127.0.0.1"
CHILD_STOP_SECONDS = 10


class Stop(Exception):
    """A signal asked the launcher to end."""


def say(message: str) -> None:
    """Print, and survive a closed terminal: the clean-up after SIGHUP must still stop the database."""
    with contextlib.suppress(OSError, ValueError):
        print(f"make run: {message}", flush=True)


def port_from_environment() -> int:
    raw = os.environ.get("PORT", "") or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"make run: PORT must be a port number from 1 to 65535, not {raw!r}.")
    return int(raw)


def port_problem(port: int) -> str | None:
    """Why the web server could not listen on HOST:port, or None when it can."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As runserver binds it: address reuse, so a port in TIME_WAIT after the last run counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            return (
                f"port {port} on {HOST} is taken ({error.strerror}). Stop what uses it, or choose another port: "
                f"PORT={port + 1} make run"
            )
    return None


def worker_commands(env: dict[str, str], var_dir: Path) -> list[tuple[str, ...]]:
    """Two Celery workers, so that a hung mail server holds back only mail: one process sends the mail one by one;
    two slots, with the embedded beat, take the PDFs and the nightly jobs. Together they consume every queue."""
    # Not at the top: `python ewg/launcher.py --check-port` runs as a script, where the package is not importable.
    from ewg.queues import JOBS, MAIL, PDF, prefix_from, queue_names

    queues = queue_names(prefix_from(env))
    celery = (sys.executable, "-m", "celery", "-A", "ewg", "worker", "--loglevel", "INFO")
    return [
        (*celery, "--hostname", "mail@%h", "--queues", queues[MAIL], "--pool", "solo", "--concurrency", "1"),
        (
            *celery, "--hostname", "work@%h", "--queues", f"{queues[PDF]},{queues[JOBS]}", "--concurrency", "2",
            "--beat", "--schedule", str(var_dir / "celerybeat-schedule"),
        ),
    ]  # fmt: skip


def _raise_stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


class Launcher:
    def __init__(self, port: int):
        self.port = port
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.env.setdefault("DEBUG", "false")
        self.env.setdefault("SITE_URL", f"http://{HOST}:{port}")  # the address in e-mailed links
        self.var_dir = Path(self.env.get("EWG_VAR_DIR") or BASE_DIR / "var")
        self.database = None
        self.children: list[subprocess.Popen] = []
        self.parent = os.getppid()

    def run(self) -> int:
        # static/ too: WhiteNoise looks there for collected files, and warns on every start while it is missing.
        (self.var_dir / "static").mkdir(parents=True, exist_ok=True)
        with self._only_run_here():
            # SIGINT too: a shell that starts `make run &` without job control hands it down ignored.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, _raise_stop)
            try:
                self._start()
                return self._serve()
            except Stop:
                return 0
            finally:
                self._stop()

    @contextlib.contextmanager
    def _only_run_here(self):
        """One `make run` per var/ folder: a second would share, and on leaving stop, the first one's database.
        An advisory lock ends with its process, so a killed run leaves nothing to clear."""
        with open(self.var_dir / "run.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SystemExit(f"make run: another `make run` serves from {self.var_dir} already.") from None
            yield

    def _start(self) -> None:
        started = time.monotonic()
        if not self.env.get("DATABASE_URL"):
            from ewg.embedded_db import EmbeddedPostgres

            self.database = EmbeddedPostgres(self.var_dir)
            self.env["DATABASE_URL"] = self.database.start()
            say(f"embedded PostgreSQL in {self.database.data_dir} ({time.monotonic() - started:.1f} s)")
        self._manage("migrate", "--noinput", "--verbosity", "0")
        self._manage("seed_demo")
        if not self.env.get("REDIS_URL"):
            # No worker and no beat: what the night would do (alerts, indicators, figures) happens now.
            self._manage("run_schedule")
        say(f"ready after {time.monotonic() - started:.1f} s")

    def _serve(self) -> int:
        if self.env.get("REDIS_URL"):
            for command in worker_commands(self.env, self.var_dir):
                self._spawn(*command)
        server = self._spawn(sys.executable, "manage.py", "runserver", f"{HOST}:{self.port}")
        say(f"http://{HOST}:{self.port}/ - Ctrl-C stops the server and the database")
        while True:
            if server.poll() is not None:
                return server.returncode
            if any(child.poll() is not None for child in self.children):
                say("a Celery worker ended; stopping")
                return 1
            if os.getppid() != self.parent:  # make was killed: nobody would stop us
                say("make ended; stopping")
                return 0
            time.sleep(0.5)

    def _manage(self, *arguments: str) -> None:
        done = subprocess.run([sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=self.env, check=False)  # noqa: S603
        if done.returncode != 0:
            raise SystemExit(f"make run: manage.py {arguments[0]} failed ({done.returncode}).")

    def _spawn(self, *command: str) -> subprocess.Popen:
        child = subprocess.Popen(command, cwd=BASE_DIR, env=self.env)  # noqa: S603
        self.children.append(child)
        return child

    def _stop(self) -> None:
        # Once stopping, a second Ctrl-C or the closing terminal must not cut the clean-up short.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        for child in self.children:
            try:
                child.wait(CHILD_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if self.database is not None:
            say("stopping the embedded PostgreSQL")
            self.database.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check-port", action="store_true", help="only check that PORT is free")
    args = parser.parse_args(argv)
    port = port_from_environment()
    problem = port_problem(port)
    if problem:
        print(f"make run: {problem}", file=sys.stderr)
        return 2
    if args.check_port:
        return 0
    return Launcher(port).run()


if __name__ == "__main__":
    sys.exit(main())
