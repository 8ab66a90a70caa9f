"""Who reads what of the reports. Aggregates and committee reports are for the steering group and the coordinators;
coordinators write the reports. Anyone else, and an account without an active membership, gets 404."""

from django.db.models import QuerySet
from django.http import Http404

from agencies.models import Agency, Membership, User
from agencies.permissions import DASHBOARD_READ, REPORT_READ, REPORT_WRITE, can
from ewg.lookups import first_or_404
from reports.models import CommitteeReport, ReportVersion


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
