"""A queue per kind of work (ewg/queues.py): mail, PDFs and the other jobs never wait for each other's slots."""

import json

import pytest
import redis
from django.conf import settings

from ewg import queues
from ewg.celery import app
from ewg.launcher import worker_commands

PREFIX = settings.CELERY_TASK_DEFAULT_QUEUE  # the test run's own (CELERY_QUEUE)


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_the_queue_names_follow_the_prefix_of_the_run():
    assert set(settings.CELERY_TASK_QUEUES) == {PREFIX, f"{PREFIX}-mail", f"{PREFIX}-pdf"}
    assert queues.queue_names("ewg") == {"jobs": "ewg", "mail": "ewg-mail", "pdf": "ewg-pdf"}


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("agencies.tasks.outbox_send", f"{PREFIX}-mail"),
        ("agencies.tasks.outbox_relay", f"{PREFIX}-mail"),
        ("reports.tasks.report_version_render", f"{PREFIX}-pdf"),
        ("reports.tasks.report_versions_resume", f"{PREFIX}-pdf"),
        ("courses.tasks.scans_run_nightly", PREFIX),
        ("goals.tasks.indicators_record_nightly", PREFIX),
        ("reports.tasks.figures_compute_nightly", PREFIX),
        ("reports.tasks.figures_compute_on_demand", PREFIX),
    ],
)
def test_each_task_goes_to_the_queue_of_its_kind(task, queue):
    app.loader.import_default_modules()
    assert task in app.tasks  # a renamed task would fall silently into the default queue
    assert queue_of(task) == queue


def test_every_routed_task_exists():
    app.loader.import_default_modules()
    assert set(queues.ROUTES) <= set(app.tasks)


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_pdf_task_sent_to_the_broker_waits_in_the_pdf_queue():
    """Through the real broker: the message lands in the PDF queue's list in Redis, not in the mail queue's."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    pdf, mail = f"{PREFIX}-pdf", f"{PREFIX}-mail"
    client.delete(pdf, mail)
    try:
        app.send_task("reports.tasks.report_version_render", args=[0])
        [raw] = client.lrange(pdf, 0, -1)
        assert json.loads(raw)["headers"]["task"] == "reports.tasks.report_version_render"
        assert client.llen(mail) == 0
    finally:
        client.delete(pdf, mail)
        client.close()


def test_make_run_starts_a_mail_worker_of_its_own_and_consumes_every_queue(tmp_path):
    commands = worker_commands({"CELERY_QUEUE": "probe"}, tmp_path)
    consumed = [command[command.index("--queues") + 1].split(",") for command in commands]
    assert consumed == [["probe-mail"], ["probe-pdf", "probe"]]
    assert sum("--beat" in command for command in commands) == 1
