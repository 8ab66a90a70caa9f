"""The settings refuse bad environment values, and production values pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ewg.embedded_db import EmbeddedPostgres
from ewg.env import env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "EWG_ENVIRONMENT": "production",
    "SECRET_KEY": "kG7#pQ2!vX9@mL4$wR8^tY1&uI5*oP3(aS6)dF0_hJ2+zC7-bN4=eM9~qW5",
    "ALLOWED_HOSTS": "ewg.rheine.example",
    "CSRF_TRUSTED_ORIGINS": "https://ewg.rheine.example",
    "SITE_URL": "https://ewg.rheine.example",
    "DATABASE_URL": "postgres://ewg:secret@db.rheine.example:5432/ewg",
    "REDIS_URL": "redis://redis.rheine.example:6379/0",
    "EMAIL_URL": "smtp+tls://ewg:secret@mail.rheine.example:587",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EWG_", "DATABASE", "REDIS"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "ewg.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_debug():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must not be true" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_default_needs_no_environment(tmp_path):
    result = run_manage("check", env={"EWG_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_without_database_url_development_uses_the_embedded_postgresql_of_make_run(tmp_path):
    show = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])"
    result = run_manage("shell", "-c", show, env={"EWG_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        # Beside the data unless that path is too long for a socket (a deep temporary directory): then under /tmp.
        str(EmbeddedPostgres(tmp_path).socket_dir),
        "ewg",
    ]


@pytest.mark.parametrize("value", ["yes", "Flase", "on", "2"])
def test_boolean_variables_accept_only_true_or_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("False", False), ("1", True), ("0", False)])
def test_boolean_variables(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", not expected) is expected


@pytest.mark.parametrize("value", ["ten", "-5", "3.5"])
def test_integer_variables_are_checked(monkeypatch, value):
    monkeypatch.setenv("SOME_NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_unknown_environment_name_is_refused():
    result = run_manage("check", env={"EWG_ENVIRONMENT": "prod"})
    assert result.returncode != 0
    assert "EWG_ENVIRONMENT" in result.stderr


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("CONTENT_SECURITY_POLICY", "default-src 'self'; script-src 'self' 'unsafe-inline'", "ewg.E002"),
        ("SESSION_COOKIE_AGE", 8 * 3600, "ewg.E003"),
        ("SESSION_ABSOLUTE_SECONDS", 7 * 24 * 3600, "ewg.E004"),
        ("SECOND_FACTOR_GRACE_DAYS", 90, "ewg.E005"),
    ],
)
def test_the_products_deployment_checks_refuse_weakened_settings(settings, setting, value, error):
    from ewg.checks import security_settings

    assert security_settings(None) == []
    setattr(settings, setting, value)
    assert [found.id for found in security_settings(None)] == [error]


def test_the_deployment_checks_refuse_a_missing_second_factor(settings):
    from ewg.checks import security_settings

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "agencies.second_factor.SecondFactorMiddleware"]
    assert [found.id for found in security_settings(None)] == ["ewg.E001"]


def test_the_production_cookies_carry_the_host_prefix_and_stay_away_from_scripts():
    names = "SESSION_COOKIE_NAME CSRF_COOKIE_NAME LANGUAGE_COOKIE_NAME"
    flags = "SESSION_COOKIE_HTTPONLY CSRF_COOKIE_HTTPONLY LANGUAGE_COOKIE_HTTPONLY LANGUAGE_COOKIE_SECURE"
    wanted = f"{names} {flags} MESSAGE_STORAGE".split()
    script = f"from django.conf import settings as s; print(*[getattr(s, n) for n in {wanted!r}])"
    result = run_manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split()  # after the shell's own notes
    assert all(name.startswith("__Host-") for name in values[:3]), values
    assert values[3:7] == ["True"] * 4
    assert values[7] == "django.contrib.messages.storage.session.SessionStorage"  # no message cookie
