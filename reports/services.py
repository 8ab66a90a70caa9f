"""Writes of the committee reports: create from the template, edit header and sections, add, remove, move and
rewrite sections from the data, edit the template, request a PDF version.

The PDF is rendered by a Celery task. Requesting a version writes the version row — with the content frozen at that
moment — in the request's transaction; the row is the outbox: after commit the task is handed to the broker, and
if the broker is down the periodic `report_versions_resume` hands it over later. Rendering claims the row with a
lock and holds a lease on it (reports.lease), so a redelivered task renders nothing twice, and a version whose worker
died is taken over within a minute. Before the layout, the worker puts in figures computed after the request and
stores them with the version (reports.version_figures): a version shows the data its requester saw, and says when.
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
from ewg.concurrent_edits import check_unchanged, version_of
from ewg.history import save_with_history as _save
from reports import lease, outline, periods, prefill, version_figures
from reports.aggregation import figures_compute, latest_run
from reports.models import (
    CommitteeReport,
    ReportKind,
    ReportSection,
    ReportTemplateSection,
    ReportVersion,
    SectionContent,
    VersionStatus,
)
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


def _check_earlier(report: CommitteeReport | None, earlier_reports, earlier_numbers: str) -> str:
    """The earlier submissions, checked; returns the typed numbers written as the reference writes them."""
    if report is not None and any(earlier.pk == report.pk for earlier in earlier_reports):
        raise ValidationError({"earlier_reports": _("A report cannot refer to itself.")})
    wrong = outline.invalid_numbers(earlier_numbers)
    if wrong:
        raise ValidationError(
            {
                "earlier_numbers": _(
                    "Not a submission number: %(numbers)s. Separate numbers with commas, e.g. 199/17, 067/18."
                )
                % {"numbers": ", ".join(wrong)}
            }
        )
    numbers = ", ".join(outline.split_numbers(earlier_numbers))
    if len(numbers) > CommitteeReport._meta.get_field("earlier_numbers").max_length:
        raise ValidationError({"earlier_numbers": _("Too many numbers: at most 200 characters.")})
    return numbers


def _new_section(report: CommitteeReport, position: int, draft: prefill.Draft, *, today: date) -> ReportSection:
    return ReportSection(
        report=report,
        position=position,
        title=draft.title,
        body=draft.body,
        body_html=to_html(draft.body),
        content=draft.content,
        template_text=draft.template_text,
        generated_hash=outline.text_hash(draft.body) if draft.content else "",
        generated_on=today if draft.content else None,
    )


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
    earlier_reports=(),
    earlier_numbers: str = "",
) -> CommitteeReport:
    """A new report with the proposal and the sections of the template (ReportTemplateSection), pre-filled from the
    data; it refers to the earlier submissions chosen or typed."""
    require(membership, REPORT_WRITE, user=actor)
    values = {"subject": subject, "number": number, "kind": kind, "period": period}
    _check_header(values)
    earlier_reports = list(earlier_reports)
    earlier_numbers = _check_earlier(None, earlier_reports, earlier_numbers)
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
                earlier_numbers=earlier_numbers,
                introduction=outline.INTRODUCTION,
                introduction_html=to_html(outline.INTRODUCTION),
                created_by=actor,
            )
            _save(report, actor=actor)
            if earlier_reports:
                report.earlier_reports.set(earlier_reports)
            for position, draft in enumerate(drafts, start=1):
                _save(_new_section(report, position, draft, today=today), actor=actor)
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
    introduction: str | None = None,
    earlier_reports=None,
    earlier_numbers: str | None = None,
    **header,
) -> CommitteeReport:
    """Change the header fields, the earlier submissions referred to, the introduction and the proposed resolution.
    Refused when someone else saved the header since `loaded_version` (ewg.concurrent_edits). Arguments left out
    (None) stay as they are."""
    require(membership, REPORT_WRITE, user=actor)
    values = {field: header.get(field, getattr(report, field)) for field in HEADER_FIELDS}
    _check_header(values)
    _check_text(proposal, "proposal")
    introduction = report.introduction if introduction is None else introduction
    _check_text(introduction, "introduction")
    earlier = list(report.earlier_reports.all()) if earlier_reports is None else list(earlier_reports)
    numbers = _check_earlier(report, earlier, report.earlier_numbers if earlier_numbers is None else earlier_numbers)
    values = {field: value.strip() if isinstance(value, str) else value for field, value in values.items()}
    texts = {"proposal": proposal, "introduction": introduction, "earlier_numbers": numbers}
    try:
        with transaction.atomic():
            report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
            check_unchanged(
                report, loaded_version=loaded_version, proposed={**values, **texts, "earlier_reports": earlier}
            )
            for field, value in {**values, **texts}.items():
                setattr(report, field, value)
            report.proposal_html = to_html(proposal)
            report.introduction_html = to_html(introduction)
            _save(report, actor=actor)
            if {e.pk for e in earlier} != set(report.earlier_reports.values_list("pk", flat=True)):
                report.earlier_reports.set(earlier)
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


def _locked_report(report: CommitteeReport) -> CommitteeReport:
    """The report's row, locked: the outline of one report changes one request at a time, so positions stay dense
    and unique (1, 2, 3, …) whoever adds, removes or moves a section at the same moment."""
    return CommitteeReport.objects.select_for_update().get(pk=report.pk)


def _check_current(section: ReportSection, loaded_version: str | None) -> None:
    """Refused when the section was changed (edited, moved, rewritten) since the user saw it: a position on the page
    may by now name another section."""
    if loaded_version is None or version_of(section) == loaded_version:
        return
    latest = section.history.order_by("-history_id").select_related("history_user").first()
    user = latest.history_user if latest else None
    raise ValidationError(
        _("The section was changed by %(name)s in the meantime; nothing was done. Check it and try again.")
        % {"name": (user.get_full_name() or user.get_username()) if user else _("someone")}
    )


def section_add(
    *,
    actor: User,
    membership: Membership | None,
    report: CommitteeReport,
    title: str,
    body: str = "",
    content: str = SectionContent.NONE,
    today: date,
) -> ReportSection:
    """A new section at the end of the reasons. With `content`, the data's text for it follows the given text."""
    require(membership, REPORT_WRITE, user=actor)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    if content not in SectionContent.values:
        raise ValidationError({"content": _("Choose what the data should contribute.")})
    _check_text(body, "body")
    with transaction.atomic():
        report = _locked_report(report)
        position = (report.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        text = prefill.body(body, content, period=periods.parse(report.period), today=today) if content else body
        draft = prefill.Draft(title=title.strip(), body=text, content=content, template_text=body)
        section = _new_section(report, position, draft, today=today)
        _save(section, actor=actor, reason=_("Section added"))
    return section


def section_remove(
    *, actor: User, membership: Membership | None, section: ReportSection, loaded_version: str | None = None
) -> None:
    """Remove a section; the ones after it move up, so the numbering has no gap. Versions already generated keep
    it: their content is frozen."""
    require(membership, REPORT_WRITE, user=actor)
    with transaction.atomic():
        report = _locked_report(section.report)
        section = _locked_section(report, section.pk)
        _check_current(section, loaded_version)
        position = section.position
        section._history_user = actor
        section._change_reason = _("Section removed")
        section.delete()
        for later in report.sections.filter(position__gt=position).order_by("position"):
            later.position -= 1
            _save(later, actor=actor, reason=_("Renumbered after a removal"), update_fields=["position"])


def _locked_section(report: CommitteeReport, section_pk: int) -> ReportSection:
    section = report.sections.select_for_update().filter(pk=section_pk).first()
    if section is None:
        raise ValidationError(_("The section no longer exists; nothing was done."))
    return section


def section_move(
    *,
    actor: User,
    membership: Membership | None,
    section: ReportSection,
    direction: str,
    loaded_version: str | None = None,
) -> ReportSection:
    """Swap a section with the one before ("up") or after it ("down")."""
    require(membership, REPORT_WRITE, user=actor)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    with transaction.atomic():
        report = _locked_report(section.report)
        section = _locked_section(report, section.pk)
        _check_current(section, loaded_version)
        target = section.position - 1 if direction == "up" else section.position + 1
        other = report.sections.select_for_update().filter(position=target).first()
        if other is None:
            message = _("The section is first already.") if direction == "up" else _("The section is last already.")
            raise ValidationError(message)
        # The unique constraint on the positions is checked at commit (deferred): the swap may pass through a tie.
        section.position, other.position = other.position, section.position
        _save(
            section,
            actor=actor,
            reason=_("Moved up") if direction == "up" else _("Moved down"),
            update_fields=["position"],
        )
        _save(
            other,
            actor=actor,
            reason=_("Moved down") if direction == "up" else _("Moved up"),
            update_fields=["position"],
        )
    return section


class EditedSinceGenerated(ValidationError):
    """Writing the section again from the data would overwrite what the coordinators wrote into it."""


def section_was_edited(section: ReportSection) -> bool:
    return bool(section.generated_hash) and outline.text_hash(section.body) != section.generated_hash


def section_regenerate(
    *,
    actor: User,
    membership: Membership | None,
    section: ReportSection,
    today: date,
    loaded_version: str | None = None,
    overwrite_edits: bool = False,
) -> ReportSection:
    """Write the section again from today's data: its template text with the data's text. A section edited since it
    was last written is overwritten only when `overwrite_edits` says the user saw that the edits will be lost."""
    require(membership, REPORT_WRITE, user=actor)
    if not section.content:
        raise ValidationError(_("This section has no text from the data."))
    with transaction.atomic():
        report = _locked_report(section.report)
        section = _locked_section(report, section.pk)
        _check_current(section, loaded_version)
        if section_was_edited(section) and not overwrite_edits:
            raise EditedSinceGenerated(_("The section was edited since it was written from the data."))
        text = prefill.body(section.template_text, section.content, period=periods.parse(report.period), today=today)
        section.body, section.body_html = text, to_html(text)
        section.generated_hash, section.generated_on = outline.text_hash(text), today
        _save(section, actor=actor, reason=_("Written again from the data"))
    return section


def template_section_update(
    *,
    actor: User,
    membership: Membership | None,
    template_section: ReportTemplateSection,
    title: str,
    default_text: str,
    loaded_version: str | None = None,
) -> ReportTemplateSection:
    """Change a section of the template. Reports made before keep their text; new reports start from this one."""
    require(membership, REPORT_WRITE, user=actor)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    _check_text(default_text, "default_text")
    with transaction.atomic():
        row = ReportTemplateSection.objects.select_for_update().get(pk=template_section.pk)
        proposed = {"title": title.strip(), "default_text": default_text}
        check_unchanged(row, loaded_version=loaded_version, proposed=proposed)
        row.title, row.default_text = title.strip(), default_text
        _save(row, actor=actor)
    return row


def _hand_over(version_id: int) -> None:
    from reports.tasks import report_version_render

    report_version_render.apply_async(args=[version_id])


def version_request(
    *, actor: User, membership: Membership | None, report: CommitteeReport, today: date
) -> ReportVersion:
    """A new numbered version with the content as it is now; the PDF follows from a worker, which first puts in
    figures computed after this request (reports.version_figures)."""
    from reports.content import freeze

    require(membership, REPORT_WRITE, user=actor)
    with transaction.atomic():
        report = CommitteeReport.objects.select_for_update().get(pk=report.pk)  # numbers versions one at a time
        number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ReportVersion(
            report=report,
            number=number,
            content=version_figures.to_recompute(freeze(report, version_number=number, today=today)),
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


def _with_fresh_figures(version: ReportVersion, token: UUID) -> dict:
    """The version's content with figures computed after it was requested: the latest run if it started since, else
    a new one. Stored before the rendering, so a worker that takes the version over renders the same figures. A
    computation that fails fails the version (the requester sees it and asks again), never an older run's figures."""
    if not version_figures.awaiting_run(version.content):
        return version.content
    _progress(version.pk, token, 2, _("Computing the figures"))
    run = latest_run()
    if run is None or run.started_at < version.requested_at:
        run = figures_compute(today=timezone.localdate(), requested_by=version.requested_by)
    content = version_figures.with_run(version.content, run)
    if not lease.owned(version.pk, token).update(content=content, lease_until=lease.expiry()):
        raise lease.LeaseLost
    return content


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
            content = _with_fresh_figures(version, token)
            pdf, pages = render(content, progress=lambda percent, step: _progress(version.pk, token, percent, step))
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
