"""Who reads what of the reports. Aggregates and committee reports are for the steering group and the coordinators;
coordinators write the reports. Anyone else, and an account without an active membership, gets 404."""

from datetime import datetime

from django.db.models import F, QuerySet
from django.http import Http404

from agencies.models import Agency, Membership, User
from agencies.permissions import DASHBOARD_READ, REPORT_READ, REPORT_WRITE, can
from ewg.lookups import first_or_404
from goals.models import Goal
from reports.models import CommitteeReport, FigureRun, ReportSection, ReportTemplateSection, ReportVersion


def may_view_dashboard(user: User, membership: Membership | None) -> bool:
    return can(membership, DASHBOARD_READ, user=user)


def may_read_reports(user: User, membership: Membership | None) -> bool:
    return can(membership, REPORT_READ, user=user)


def may_write_reports(user: User, membership: Membership | None) -> bool:
    return can(membership, REPORT_WRITE, user=user)


def require(allowed: bool) -> None:
    """Not allowed answers like not found."""
    if not allowed:
        raise Http404


def dashboard_agencies(user: User, membership: Membership | None) -> QuerySet[Agency]:
    """The agencies the dashboard's filter offers: every active agency (figures are aggregates of all)."""
    if not may_view_dashboard(user, membership):
        return Agency.objects.none()
    return Agency.objects.filter(is_active=True).order_by("name")


def reports_visible_to(user: User, membership: Membership | None) -> QuerySet[CommitteeReport]:
    if not may_read_reports(user, membership):
        return CommitteeReport.objects.none()
    return CommitteeReport.objects.select_related("created_by")


def get_report_for_user(user: User, membership: Membership | None, pk: int) -> CommitteeReport:
    return first_or_404(reports_visible_to(user, membership).filter(pk=pk))


def get_version_for_user(user: User, membership: Membership | None, report_pk: int, number: int) -> ReportVersion:
    return first_or_404(
        ReportVersion.objects.filter(
            report__in=reports_visible_to(user, membership), report_id=report_pk, number=number
        )
        .select_related("report")
        .defer("pdf", "content")
    )


def section_of(report: CommitteeReport, position: int) -> ReportSection:
    """A section of a report the caller has already obtained through `get_report_for_user`."""
    return first_or_404(ReportSection.objects.filter(report=report, position=position).select_related("report"))


def sections_of(report: CommitteeReport) -> list[ReportSection]:
    """The sections of a report the caller has already obtained through `get_report_for_user`, in their order."""
    return list(ReportSection.objects.filter(report=report).order_by("position"))


def section_versions(sections: list[ReportSection]) -> dict[int, str]:
    """Section id -> the version the page shows it in (ewg.concurrent_edits): its latest history row, one query."""
    rows = (
        ReportSection.history.filter(id__in=[section.pk for section in sections])
        .order_by("id", "-history_id")
        .distinct("id")
        .values_list("id", "history_id")
    )
    return {section_id: str(history_id) for section_id, history_id in rows}


def earlier_report_choices(
    user: User, membership: Membership | None, report: CommitteeReport | None = None
) -> QuerySet[CommitteeReport]:
    """The reports a report may refer to: every other report the user reads, oldest first."""
    reports = reports_visible_to(user, membership).order_by("created_at", "pk")
    return reports.exclude(pk=report.pk) if report is not None else reports


def template_sections(user: User, membership: Membership | None) -> QuerySet[ReportTemplateSection]:
    """The template new reports start from; for those who write reports."""
    if not may_write_reports(user, membership):
        return ReportTemplateSection.objects.none()
    return ReportTemplateSection.objects.order_by("position")


def get_template_section_for_user(user: User, membership: Membership | None, position: int) -> ReportTemplateSection:
    return first_or_404(template_sections(user, membership).filter(position=position))


def version_pdf(version: ReportVersion) -> bytes:
    """The PDF of a version obtained through `get_version_for_user` (which leaves the file out)."""
    return ReportVersion.objects.filter(pk=version.pk).values_list("pdf", flat=True).get()


def version_content(version: ReportVersion) -> dict:
    """The frozen content of a version obtained through `get_version_for_user` (which leaves it out)."""
    return ReportVersion.objects.filter(pk=version.pk).values_list("content", flat=True).get()


# The dashboard's figures are aggregates of all agencies; these reads serve a page `may_view_dashboard` has cleared.


def agencies_by_pk() -> dict[int, Agency]:
    """Every agency with its name, inactive ones too: figures of past years may count an agency that closed since."""
    return {agency.pk: agency for agency in Agency.objects.only("name")}


def goal_with_target_for(indicator_function: str) -> Goal | None:
    """The goal with a target measured by the indicator function, the adopted one first (only its target)."""
    return (
        Goal.objects.filter(indicator__function=indicator_function, target_value__isnull=False)
        .order_by(F("adopted_on").desc(nulls_last=True), "pk")
        .only("target_value")
        .first()
    )


def figure_run_finished_since(user_id: int, since: datetime) -> bool:
    """Whether a computation the user asked for, started since then, has finished."""
    return FigureRun.objects.filter(requested_by_id=user_id, started_at__gte=since, finished_at__isnull=False).exists()
