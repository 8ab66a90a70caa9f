from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Persons and cases")

    def ready(self) -> None:
        from agencies.demo import register
        from agencies.models import Role
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from cases.demo import seed_cases
        from cases.demo_courses import seed_courses

        register("cases", seed_cases, order=20)
        register("courses", seed_courses, order=30)
        case_roles = frozenset({Role.CASEWORKER, Role.COURSE_STAFF, Role.COORDINATOR, Role.VOLUNTEER})
        register_nav(NavItem(_("Cases"), "cases:case_list", case_roles, order=10))
        course_roles = frozenset({Role.CASEWORKER, Role.COORDINATOR, Role.COURSE_STAFF})
        register_nav(NavItem(_("Courses"), "cases:course_list", course_roles, order=20))
        register_nav(
            NavItem(_("Obstacle catalogue"), "cases:obstacle_catalogue", frozenset({Role.COORDINATOR}), order=50)
        )
        register_nav(
            NavItem(_("Alerts"), "cases:alert_inbox", frozenset({Role.CASEWORKER}), order=15, count=_open_alerts)
        )
        register_nav(NavItem(_("Issuing rule"), "cases:issuing_rules", frozenset({Role.COORDINATOR}), order=55))
        register_nav(NavItem(_("Access log"), "cases:access_log", frozenset({Role.DATA_PROTECTION_OFFICER}), order=60))


def _open_alerts(request) -> int:
    from cases.course_selectors import open_alert_count

    return open_alert_count(request.user, request.membership)
