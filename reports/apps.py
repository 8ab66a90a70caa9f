from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register as register_demo
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from reports.demo import seed_figures

        register_nav(NavItem(_("Dashboard"), "reports:dashboard", permissions.DASHBOARD_READ, order=40))
        register_nav(NavItem(_("Committee reports"), "reports:report_list", permissions.REPORT_READ, order=45))
        register_demo("reports", seed_figures, order=50)
