"""The production web server does not name its software or version (ASVS 5.0 V13.4.6)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_answers_without_naming_itself():
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ewg.settings_test"}
    server = subprocess.Popen(
        [str(GUNICORN), "ewg.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login/", timeout=5) as answer:
                    headers = answer.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert headers["Server"] == "ewg"
