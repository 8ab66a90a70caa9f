"""Writes of the committee reports: create from the template, edit header and sections, request a PDF version.

The PDF is rendered by a Celery task. Requesting a version writes the version row — with the content frozen at that
moment — in the request's transaction; the row is the outbox: after commit the task is handed to the broker, and
if the broker is down the periodic `report_versions_resume` hands it over later. Rendering claims the row with a
lock, so a redelivered task renders nothing twice.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import REPORT_WRITE, require
from ewg.history import save_with_history as _save
from reports import periods, prefill
from reports.models import CommitteeReport, ReportKind, ReportSection, ReportVersion, VersionStatus
from reports.text import MAX_LENGTH, to_html

logger = logging.getLogger(__name__)

HEADER_FIELDS = ("subject", "number", "file_number", "kind", "committee", "meeting_date", "period")
RESUME_AFTER_SECONDS = 90  # a queued version older than this was probably never handed to a worker


def _check_text(text: str, field: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ValidationError({field: _("The text is too long (at most %(max)s characters).") % {"max": MAX_LENGTH}})


def _check_header(values: dict) -> None:
    if not (values.get("subject") or "").strip():
        raise ValidationError({"subject": _("Enter the subject.")})
    if not (values.get("number") or "").strip():
        raise ValidationError({"number": _("Enter the submission number, for example 322/18.")})
    if values.get("kind") not in ReportKind.values:
        raise ValidationError({"kind": _("Choose the kind of submission.")})
    try:
        periods.parse(values.get("period") or "")
    except ValueError:
        raise ValidationError({"period": _("Choose a reporting period from the list.")}) from None


def report_create(
    *,
    actor: User,
    membership: Membership | None,
    subject: str,
    number: str,
    file_number: str = "",
    kind: str = ReportKind.DECISION,
    committee: str,
    meeting_date: date | None = None,
    period: str,
    today: date,
) -> CommitteeReport:
    """A new report with the proposal and the sections of the template, pre-filled from the data."""
    require(membership, REPORT_WRITE, user=actor)
    values = {"subject": subject, "number": number, "kind": kind, "period": period}
    _check_header(values)
    drafts = prefill.sections(period=periods.parse(period), today=today)
    try:
        with transaction.atomic():
            report = CommitteeReport(
                subject=subject.strip(),
                number=number.strip(),
                file_number=file_number.strip(),
                kind=kind,
                committee=committee.strip(),
                meeting_date=meeting_date,
                period=period,
                proposal=prefill.DEFAULT_PROPOSAL,
                proposal_html=to_html(prefill.DEFAULT_PROPOSAL),
                created_by=actor,
            )
            _save(report, actor=actor)
            for position, draft in enumerate(drafts, start=1):
                section = ReportSection(
                    report=report, position=position, title=draft.title, body=draft.body, body_html=to_html(draft.body)
                )
                _save(section, actor=actor)
    except IntegrityError:
        raise ValidationError({"number": _("A report with this submission number exists already.")}) from None
    return report


def report_update(
    *, actor: User, membership: Membership | None, report: CommitteeReport, proposal: str, **header
) -> CommitteeReport:
    """Change the header fields and the proposed resolution."""
    require(membership, REPORT_WRITE, user=actor)
    values = {field: header.get(field, getattr(report, field)) for field in HEADER_FIELDS}
    _check_header(values)
    _check_text(proposal, "proposal")
    try:
        with transaction.atomic():
            report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
            for field, value in values.items():
                setattr(report, field, value.strip() if isinstance(value, str) else value)
            report.proposal = proposal
            report.proposal_html = to_html(proposal)
            _save(report, actor=actor)
    except IntegrityError:
        raise ValidationError({"number": _("A report with this submission number exists already.")}) from None
    return report


def section_update(
    *, actor: User, membership: Membership | None, section: ReportSection, title: str, body: str
) -> ReportSection:
    require(membership, REPORT_WRITE, user=actor)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    _check_text(body, "body")
    with transaction.atomic():
        section = ReportSection.objects.select_for_update().get(pk=section.pk)
        section.title = title.strip()
        section.body = body
        section.body_html = to_html(body)
        _save(section, actor=actor)
    return section


def _hand_over(version_id: int) -> None:
    from reports.tasks import report_version_render

    report_version_render.apply_async(args=[version_id])


def version_request(
    *, actor: User, membership: Membership | None, report: CommitteeReport, today: date
) -> ReportVersion:
    """A new numbered version with the content as it is now; the PDF follows from a worker."""
    from reports.content import freeze

    require(membership, REPORT_WRITE, user=actor)
    with transaction.atomic():
        report = CommitteeReport.objects.select_for_update().get(pk=report.pk)  # numbers versions one at a time
        number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ReportVersion(
            report=report,
            number=number,
            content=freeze(report, version_number=number, today=today),
            requested_by=actor,
            step=_("Waiting for a worker"),
        )
        _save(version, actor=actor)
        # robust: a broker outage must not fail the request; report_versions_resume picks the row up later.
        transaction.on_commit(lambda: _hand_over(version.pk), robust=True)
    return version


def _progress(version_id: int, percent: int, step: str) -> None:
    # Its own short write outside any long transaction, so that the page polling it sees it at once. Progress is
    # transient display state and keeps no history; the status changes below do.
    ReportVersion.objects.filter(pk=version_id).update(progress=percent, step=step[:100])


def version_render(*, version_id: int) -> bool:
    """Render a queued version. Returns whether it rendered now; False when another worker has it or it is done."""
    from reports.rendering import render

    with transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update(skip_locked=True)
            .filter(pk=version_id, status=VersionStatus.QUEUED)
            .first()
        )
        if version is None:
            return False
        version._history_user = version.requested_by  # the worker acts on the requester's behalf
        version.status = VersionStatus.RENDERING
        version.progress, version.step = 5, _("Started")
        version.save(update_fields=["status", "progress", "step"])
    try:
        pdf, pages = render(version.content, progress=lambda percent, step: _progress(version.pk, percent, step))
    except Exception as error:
        logger.exception("report version %s failed", version.pk)
        version.status, version.error, version.finished_at = VersionStatus.FAILED, str(error)[:2000], timezone.now()
        version.step = _("Failed")
        version.save(update_fields=["status", "error", "finished_at", "step"])
        return False
    version.pdf, version.pages = pdf, pages
    version.status, version.progress, version.step = VersionStatus.DONE, 100, _("Ready")
    version.finished_at = timezone.now()
    version.save(update_fields=["pdf", "pages", "status", "progress", "step", "finished_at"])
    return True


def versions_to_resume() -> list[int]:
    """Queued versions whose hand-over to a worker was probably lost. A version still rendering long after the task
    time limit lost its worker: it is queued again (its content is frozen, so a second rendering is the same)."""
    now = timezone.now()
    lost = ReportVersion.objects.filter(
        status=VersionStatus.RENDERING, requested_at__lt=now - timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)
    )
    for version in lost:
        version._history_user = version.requested_by
        version.status, version.step = VersionStatus.QUEUED, _("Waiting for a worker")
        version.save(update_fields=["status", "step"])
    queued = ReportVersion.objects.filter(
        status=VersionStatus.QUEUED, requested_at__lt=now - timedelta(seconds=RESUME_AFTER_SECONDS)
    )
    return list(queued.order_by("requested_at").values_list("pk", flat=True)[:50])
