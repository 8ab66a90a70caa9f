"""Before the tests: are PostgreSQL, Redis and Chromium there? Stops at once with what is missing and how to fix it.

Installs Chromium from Debian's package when running as root and it is missing.
"""

import ctypes.util
import os
import shutil
import subprocess
import sys

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ewg"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def fail(message: str) -> None:
    print(f"\nmake test: {message}\n", file=sys.stderr)
    sys.exit(1)


def check_postgres(url: str) -> None:
    import psycopg
    from environ import Env

    config = Env.db_url_config(url)
    try:
        # The maintenance database: the test database itself is created by the test run.
        psycopg.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg.Error as error:
        fail(
            f"PostgreSQL is not reachable at {config.get('HOST')}:{config.get('PORT')} ({error}).\n"
            "Start it (Debian: pg_ctlcluster 15 main start) or point DATABASE_URL at a server."
        )


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        fail(
            f"Redis is not reachable at {url} ({error}).\n"
            "Start it (redis-server --daemonize yes --bind 127.0.0.1) or point REDIS_URL at a server."
        )


def _chromium_found() -> bool:
    return bool(os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser"))


# Debian package -> how to tell it is there. Chromium drives the browser tests; poppler's pdftotext and pdftoppm
# read the generated PDFs back; HarfBuzz's subsetter lets WeasyPrint embed only the glyphs a PDF uses.
PACKAGES = {
    "chromium": _chromium_found,
    "poppler-utils": lambda: bool(shutil.which("pdftotext") and shutil.which("pdftoppm")),
    "libharfbuzz-subset0": lambda: bool(ctypes.util.find_library("harfbuzz-subset")),
}


def ensure_packages() -> None:
    missing = [package for package, found in PACKAGES.items() if not found()]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        fail(f"Missing for the tests: {', '.join(missing)}.\nInstall Debian's packages as root (apt-get install ...).")
    print(f"Installing {', '.join(missing)} from Debian's packages for the tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        done = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"'{' '.join(command)}' failed: {', '.join(missing)} could not be installed.\n{done.stderr[-2000:]}")
    still = [package for package, found in PACKAGES.items() if not found()]
    if still:
        fail(f"Installed but still not found: {', '.join(still)}.")


def main() -> None:
    check_postgres(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    check_redis(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    ensure_packages()
    print("preflight: PostgreSQL, Redis, Chromium and poppler are ready.")


if __name__ == "__main__":
    main()
