"""Writes of the committee reports: create from the template, edit header and sections, request a PDF version.

The PDF is rendered by a Celery task. Requesting a version writes the version row — with the content frozen at that
moment — in the request's transaction; the row is the outbox: after commit the task is handed to the broker, and
if the broker is down the periodic `report_versions_resume` hands it over later. Rendering claims the row with a
lock and holds a lease on it (reports.lease), so a redelivered task renders nothing twice, and a version whose worker
died is taken over within a minute.
"""

import logging
from datetime import date, timedelta
from uuid import UUID, uuid4

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import REPORT_WRITE, require
from ewg.concurrent_edits import check_unchanged
from ewg.history import save_with_history as _save
from reports import lease, periods, prefill
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
    *,
    actor: User,
    membership: Membership | None,
    report: CommitteeReport,
    proposal: str,
    loaded_version: str | None = None,
    **header,
) -> CommitteeReport:
    """Change the header fields and the proposed resolution. Refused when someone else saved the header since
    `loaded_version` (ewg.concurrent_edits)."""
    require(membership, REPORT_WRITE, user=actor)
    values = {field: header.get(field, getattr(report, field)) for field in HEADER_FIELDS}
    _check_header(values)
    _check_text(proposal, "proposal")
    values = {field: value.strip() if isinstance(value, str) else value for field, value in values.items()}
    try:
        with transaction.atomic():
            report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
            check_unchanged(report, loaded_version=loaded_version, proposed={**values, "proposal": proposal})
            for field, value in values.items():
                setattr(report, field, value)
            report.proposal = proposal
            report.proposal_html = to_html(proposal)
            _save(report, actor=actor)
    except IntegrityError:
        raise ValidationError({"number": _("A report with this submission number exists already.")}) from None
    return report


def section_update(
    *,
    actor: User,
    membership: Membership | None,
    section: ReportSection,
    title: str,
    body: str,
    loaded_version: str | None = None,
) -> ReportSection:
    """Refused when someone else saved the section since `loaded_version` (ewg.concurrent_edits)."""
    require(membership, REPORT_WRITE, user=actor)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    _check_text(body, "body")
    with transaction.atomic():
        section = ReportSection.objects.select_for_update().get(pk=section.pk)
        check_unchanged(section, loaded_version=loaded_version, proposed={"title": title.strip(), "body": body})
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


def _progress(version_id: int, token: UUID, percent: int, step: str) -> None:
    # Its own short write outside any long transaction, so that the page polling it sees it at once. Progress is
    # transient display state and keeps no history; the status changes below do. Each step renews the lease.
    if not lease.owned(version_id, token).update(progress=percent, step=step[:100], lease_until=lease.expiry()):
        raise lease.LeaseLost


def _claim(version_id: int) -> ReportVersion | None:
    """The version, now rendered by the caller: a queued one, or one whose worker's lease ran out. None when it is
    done, or another worker holds it (the row lock, or a lease still running, decides)."""
    now = timezone.now()
    with transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update(skip_locked=True)
            .filter(Q(status=VersionStatus.QUEUED) | lease.abandoned(now), pk=version_id)
            .first()
        )
        if version is None:
            return None
        taken_over = version.status == VersionStatus.RENDERING
        version.status, version.render_token, version.lease_until = VersionStatus.RENDERING, uuid4(), lease.expiry(now)
        version.progress, version.step = 5, _("Started again after an interruption") if taken_over else _("Started")
        # The worker acts on the requester's behalf.
        _save(
            version,
            actor=version.requested_by,
            reason=_("Taken over: the previous worker stopped renewing its lease") if taken_over else "",
            update_fields=["status", "render_token", "lease_until", "progress", "step"],
        )
    return version


def _store(version: ReportVersion, **fields) -> bool:
    """The outcome of a rendering, unless another worker took the version over meanwhile (then nothing is stored)."""
    with transaction.atomic():
        current = lease.owned(version.pk, version.render_token).select_for_update().defer("content", "pdf").first()
        if current is None:
            logger.warning("report version %s was taken over by another worker; this rendering is dropped", version.pk)
            return False
        for name, value in {**fields, "lease_until": None}.items():
            setattr(current, name, value)
        _save(current, actor=current.requested_by, update_fields=[*fields, "lease_until"])
    return True


def version_render(*, version_id: int) -> bool:
    """Render a queued version, or take over one whose worker died. Returns whether it rendered now; False when
    another worker has it, took it over meanwhile, or it is done."""
    from reports.rendering import render

    version = _claim(version_id)
    if version is None:
        return False
    token = version.render_token
    try:
        with lease.kept(version.pk, token):
            pdf, pages = render(
                version.content, progress=lambda percent, step: _progress(version.pk, token, percent, step)
            )
    except lease.LeaseLost:
        logger.warning("report version %s was taken over by another worker; rendering stopped", version.pk)
        return False
    except Exception as error:
        logger.exception("report version %s failed", version.pk)
        _store(
            version, status=VersionStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now(), step=_("Failed")
        )
        return False
    return _store(
        version,
        pdf=pdf,
        pages=pages,
        status=VersionStatus.DONE,
        progress=100,
        step=_("Ready"),
        finished_at=timezone.now(),
    )


def versions_to_resume() -> list[int]:
    """Versions to render again: queued ones whose hand-over to a worker was probably lost, and those whose worker
    died (its lease ran out). Their content is frozen, so a second rendering is the same."""
    now = timezone.now()
    lost = Q(status=VersionStatus.QUEUED, requested_at__lt=now - timedelta(seconds=RESUME_AFTER_SECONDS))
    versions = ReportVersion.objects.filter(lost | lease.abandoned(now)).order_by("requested_at")
    return list(versions.values_list("pk", flat=True)[:50])
