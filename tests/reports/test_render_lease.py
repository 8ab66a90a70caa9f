"""A report version whose worker dies mid-render is taken over once the worker's lease on it has run out, not after
the task's time limit; it is still rendered exactly once, and a worker that lost the version stores nothing."""

import signal
import threading
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports import lease, services
from reports.content import freeze
from reports.models import CommitteeReport, ReportVersion, VersionStatus
from reports.tasks import report_version_render, report_versions_resume
from tests.celery_worker import start_worker, stop_worker, wait_for

TODAY = timezone.localdate()
PARAGRAPH = "Die Teilnahme an den Integrationskursen wurde je Träger ausgewertet. " * 12


def report_with_version(personas, *, sections: int = 0) -> ReportVersion:
    """A report and its first version, queued; `sections` long sections (twenty pages each) make the layout take
    a few seconds. The row is written directly: requesting it would render it in this process at once."""
    koordination, membership = personas.koordination, personas.membership("koordination")
    report = services.report_create(
        actor=koordination, membership=membership, today=TODAY, subject="Sachstand", number="322/18",
        kind="decision", committee="Sozialausschuss", period=str(TODAY.year),
    )  # fmt: skip
    for section in report.sections.all()[:sections]:
        body = "\n\n".join(f"{number}. {PARAGRAPH}" for number in range(110))
        services.section_update(actor=koordination, membership=membership, section=section, title="Lang", body=body)
    return ReportVersion.objects.create(
        report=report, number=1, content=freeze(report, version_number=1, today=TODAY), requested_by=koordination
    )


def statuses(version: ReportVersion) -> list[str]:
    return list(version.history.order_by("history_id").values_list("status", flat=True))


def left_by_a_dead_worker(version: ReportVersion, *, lease_left: timedelta) -> uuid.UUID:
    """The row as a worker leaves it when it dies while rendering."""
    token = uuid.uuid4()
    ReportVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.RENDERING, render_token=token, lease_until=timezone.now() + lease_left, progress=70
    )
    return token


def status_row(client, version: ReportVersion) -> str:
    url = reverse("reports:version_status", args=[version.report_id, version.number])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_version_is_taken_over_only_once_the_lease_has_run_out(personas):
    version = report_with_version(personas)
    token = left_by_a_dead_worker(version, lease_left=timedelta(seconds=20))

    assert services.version_render(version_id=version.pk) is False  # the redelivered task: the owner may live
    assert version.pk not in services.versions_to_resume()
    version.refresh_from_db()
    assert (version.status, version.render_token) == (VersionStatus.RENDERING, token)

    with time_machine.travel(timezone.now() + timedelta(seconds=21), tick=True):
        assert services.versions_to_resume() == [version.pk]
        assert report_versions_resume() == 1  # the sweep takes it over
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE
    assert version.render_token != token
    assert version.lease_until is None
    assert version.pages >= 1
    takeover = version.history.filter(history_change_reason__startswith="Übernommen").get()
    assert takeover.status == VersionStatus.RENDERING
    assert takeover.history_user == personas.koordination
    assert services.version_render(version_id=version.pk) is False


@pytest.mark.django_db
def test_a_worker_that_lost_its_lease_stores_nothing(personas):
    version = report_with_version(personas)
    stale = left_by_a_dead_worker(version, lease_left=timedelta(seconds=-1))
    stale_worker_view = ReportVersion.objects.get(pk=version.pk)  # what the stale worker holds in memory

    assert report_version_render(version.pk) is True  # redelivered: takes over and renders
    version.refresh_from_db()
    pdf = bytes(version.pdf)

    # The stale worker wakes up: its next progress step stops it, its final save changes nothing.
    with pytest.raises(lease.LeaseLost):
        services._progress(version.pk, stale, 100, "Fertig")
    assert services._store(stale_worker_view, pdf=b"%PDF-stale", pages=1, status=VersionStatus.DONE) is False
    assert services._store(stale_worker_view, status=VersionStatus.FAILED, error="zu spät") is False
    version.refresh_from_db()
    assert bytes(version.pdf) == pdf
    assert (version.status, version.error) == (VersionStatus.DONE, "")
    assert statuses(version).count(VersionStatus.DONE) == 1


@pytest.mark.django_db(transaction=True)
def test_two_tasks_for_the_same_version_at_once_render_it_once(personas):
    version = report_with_version(personas)
    start = threading.Barrier(2)
    results: list[bool] = []

    def task():
        try:
            start.wait()
            results.append(services.version_render(version_id=version.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=task) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert statuses(version) == [VersionStatus.QUEUED, VersionStatus.RENDERING, VersionStatus.DONE]


def rendering_step(version: ReportVersion, lines: list[str], *, percent: int) -> None:
    """Waits until the worker has reached the step."""
    wait_for(lambda: ReportVersion.objects.get(pk=version.pk).progress >= percent, seconds=60, lines=lines)


@pytest.fixture
def short_lease_worker(django_db_setup, tmp_path):
    """A worker of its own (the test kills or stops it) with a lease of three seconds, renewed every half second."""
    process, queue, lines = start_worker(tmp_path, REPORT_RENDER_LEASE_SECONDS="3")
    yield process, queue, lines
    stop_worker(process)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_killed_worker_s_version_is_taken_over_and_rendered(personas, login, short_lease_worker):
    from ewg.celery import app

    process, queue, lines = short_lease_worker
    version = report_with_version(personas, sections=3)
    app.send_task("reports.tasks.report_version_render", args=[version.pk], queue=queue)
    rendering_step(version, lines, percent=15)  # laying out the pages: one long step without progress calls

    # The lease is renewed during the long step, with no progress call in between.
    first = ReportVersion.objects.get(pk=version.pk)
    wait_for(lambda: ReportVersion.objects.get(pk=version.pk).lease_until > first.lease_until, seconds=2, lines=lines)
    assert ReportVersion.objects.get(pk=version.pk).progress == 15

    process.kill()  # SIGKILL: no goodbye, the task stays unacknowledged
    process.wait(timeout=10)
    version.refresh_from_db()
    assert version.status == VersionStatus.RENDERING
    dead_token = version.render_token
    client = login(personas.lenkung)
    assert "hx-get" in status_row(client, version)  # the page keeps polling

    wait_for(lambda: version.pk in services.versions_to_resume(), seconds=10, lines=lines)  # three seconds, at most
    assert report_version_render(version.pk) is True  # the task, redelivered
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE
    assert version.render_token != dead_token
    assert version.pages > 40
    assert statuses(version) == [
        VersionStatus.QUEUED, VersionStatus.RENDERING, VersionStatus.RENDERING, VersionStatus.DONE
    ]  # fmt: skip
    row = status_row(client, version)
    assert "hx-get" not in row  # polling ends with the download link
    assert reverse("reports:version_pdf", args=[version.report_id, 1]) in row


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_worker_that_wakes_up_after_the_takeover_leaves_the_result_alone(personas, short_lease_worker):
    from ewg.celery import app

    process, queue, lines = short_lease_worker
    version = report_with_version(personas, sections=1)
    app.send_task("reports.tasks.report_version_render", args=[version.pk], queue=queue)
    rendering_step(version, lines, percent=15)
    process.send_signal(signal.SIGSTOP)  # SIGSTOP: the worker hangs mid-render and renews nothing
    wait_for(lambda: version.pk in services.versions_to_resume(), seconds=10, lines=lines)
    assert report_version_render(version.pk) is True
    version.refresh_from_db()
    owner, pdf = version.render_token, bytes(version.pdf)

    process.send_signal(signal.SIGCONT)  # SIGCONT: the stale worker carries on, and notices at its next step
    wait_for(lambda: any("rendering stopped" in line for line in lines), seconds=60, lines=lines)
    version.refresh_from_db()
    assert (version.status, version.render_token, bytes(version.pdf)) == (VersionStatus.DONE, owner, pdf)
    assert statuses(version).count(VersionStatus.DONE) == 1
    assert CommitteeReport.objects.count() == 1
