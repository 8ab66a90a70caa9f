"""Who reads what of the reports. Aggregates and committee reports are for the steering group and the coordinators;
coordinators write the reports. Anyone else, and an account without an active membership, gets 404."""

from django.db.models import QuerySet
from django.http import Http404

from agencies.models import Agency, Membership, Role, User
from ewg.lookups import first_or_404
from reports.models import CommitteeReport, ReportVersion

READERS = frozenset({Role.STEERING, Role.COORDINATOR})


def _acting(user: User, membership: Membership | None) -> bool:
    return membership is not None and membership.is_active and membership.user_id == user.pk and user.is_active


def may_view_dashboard(user: User, membership: Membership | None) -> bool:
    return _acting(user, membership) and membership.role in READERS


def may_read_reports(user: User, membership: Membership | None) -> bool:
    return may_view_dashboard(user, membership)


def may_write_reports(user: User, membership: Membership | None) -> bool:
    return _acting(user, membership) and membership.role == Role.COORDINATOR


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
