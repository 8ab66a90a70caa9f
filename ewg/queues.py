"""The Celery queues: one per kind of work, each with worker slots of its own (docker-compose.yml, ewg.launcher), so
that a hung mail server cannot hold back a PDF, nor a long nightly scan the e-mail of a password reset.

The names derive from CELERY_QUEUE (the prefix; the tests give each run its own): `<prefix>` itself carries the nightly
jobs, the on-demand figures and any task not routed here; `<prefix>-mail` the outbox; `<prefix>-pdf` the rendering
of committee reports. Standard library only: the launcher reads the names before Django is set up.
"""

DEFAULT_PREFIX = "ewg"
JOBS = "jobs"
MAIL = "mail"
PDF = "pdf"

ROUTES = {
    "agencies.tasks.outbox_send": MAIL,
    "agencies.tasks.outbox_relay": MAIL,
    "reports.tasks.report_version_render": PDF,
    "reports.tasks.report_versions_resume": PDF,
}


def queue_names(prefix: str) -> dict[str, str]:
    """Kind of work -> queue name."""
    return {JOBS: prefix, MAIL: f"{prefix}-mail", PDF: f"{prefix}-pdf"}


def task_queues(prefix: str) -> dict[str, dict[str, str]]:
    """Celery's `task_queues`: declared, so that a worker started without -Q consumes every one of them."""
    return {name: {"exchange": name, "routing_key": name} for name in queue_names(prefix).values()}


def task_routes(prefix: str) -> dict[str, dict[str, str]]:
    names = queue_names(prefix)
    return {task: {"queue": names[kind]} for task, kind in ROUTES.items()}


def prefix_from(environ) -> str:
    """The prefix as the settings read it: CELERY_QUEUE, unless unset or empty."""
    return environ.get("CELERY_QUEUE") or DEFAULT_PREFIX
