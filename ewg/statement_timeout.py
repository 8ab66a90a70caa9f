"""The statement timeout of the web process, passed in the connections' start-up options."""

from django.conf import settings


def with_statement_timeout(options: dict, seconds: float) -> dict:
    """A PostgreSQL connection's OPTIONS with the server cancelling each statement after `seconds` (0: never).

    Sent at connection start-up, so it costs no query and holds for the whole life of a persistent connection; a
    later `-c` overrides an earlier one. (Behind PgBouncer, which refuses start-up options, set it on the role.)
    """
    if not seconds:
        return dict(options)
    given = options.get("options", "")
    return {**options, "options": f"{given} -c statement_timeout={round(seconds * 1000)}".strip()}


def bound_web_statements() -> None:
    """Bound the statements of this process's connections by DATABASE_STATEMENT_TIMEOUT.

    Only the web entry points call it (gunicorn and runserver load ewg.wsgi), before their first request: Celery
    workers and management commands keep the server's default, as their nightly scans, figures and migrations run
    long statements on purpose. The connection handler holds this very OPTIONS dict, so every connection opened
    afterwards, and every reconnect of a persistent one, carries the bound.
    """
    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options.update(with_statement_timeout(options, settings.DATABASE_STATEMENT_TIMEOUT))
