from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from cases.tabs import CaseTab
        from cases.tabs import register as register_tab
        from followups.badge import due_badge
        from followups.demo import seed_followups
        from followups.views.case_tab import may_see_followups

        register("followups", seed_followups, order=35)
        register_nav(NavItem(_("My tasks"), "followups:my_tasks", permissions.TASKS_READ, order=5, count=due_badge))
        register_tab(CaseTab("followups", _("Follow-ups"), "followups:case_followups", 35, may_see_followups))
