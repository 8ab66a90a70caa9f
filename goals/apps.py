from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goal system")

    def ready(self) -> None:
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav

        register_nav(NavItem(_("Goals"), "goals:goal_list", None, order=30))
        register_nav(NavItem(_("Working groups"), "goals:group_list", None, order=35))
