from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goal system")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register as register_demo
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from goals.demo import seed_goals
        from goals.indicators import course_start_within_8_weeks
        from goals.indicators import register as register_indicator

        # Every member of the project reads the goal system; an account without a membership has nothing to read.
        register_nav(NavItem(_("Goals"), "goals:goal_list", permissions.GOAL_READ, order=30))
        register_nav(NavItem(_("Working groups"), "goals:group_list", permissions.GOAL_READ, order=35))
        register_indicator(
            "course_start_within_8_weeks",
            _("Share of entitled persons who started an integration course within 8 weeks"),
            course_start_within_8_weeks,
        )
        register_demo("goals", seed_goals, order=40)
