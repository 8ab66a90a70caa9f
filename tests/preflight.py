"""Before the tests: are PostgreSQL, Redis and Chromium there? Stops at once with what is missing and how to fix it.

Installs Chromium from Debian's package when running as root and it is missing.
"""

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


def ensure_chromium() -> None:
    if os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        fail(
            "Chromium is missing for the browser tests.\n"
            "Install Debian's package as root (apt-get install chromium) or set CHROMIUM_PATH."
        )
    print("Installing Chromium from Debian's packages for the browser tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            fail(f"'{' '.join(command)}' failed: Chromium could not be installed.")
    if not shutil.which("chromium"):
        fail("Chromium was installed but is not on PATH.")


def main() -> None:
    check_postgres(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    check_redis(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    ensure_chromium()
    print("preflight: PostgreSQL, Redis and Chromium are ready.")


if __name__ == "__main__":
    main()
