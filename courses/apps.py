from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Integration courses")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from cases.tabs import CaseTab
        from cases.tabs import register as register_tab
        from courses.demo import seed_courses
        from courses.views.case_tab import may_see_courses

        register("courses", seed_courses, order=30)
        register_nav(NavItem(_("Courses"), "courses:course_list", permissions.COURSE_READ, order=20))
        register_nav(
            NavItem(_("Alerts"), "courses:alert_inbox", permissions.ALERT_HANDLE, order=15, count=_open_alerts)
        )
        register_tab(CaseTab("courses", _("Integration course"), "courses:case_courses", 30, may_see_courses))
        register_nav(NavItem(_("Issuing rule"), "courses:issuing_rules", permissions.ISSUING_RULES_MANAGE, order=55))


def _open_alerts(request):
    from courses.selectors import open_alerts

    return open_alerts(request.user, request.membership)
