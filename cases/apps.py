from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Persons and cases")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register
        from agencies.navigation import NavItem
        from agencies.navigation import register as register_nav
        from cases.demo import seed_cases
        from cases.tabs import CaseTab
        from cases.tabs import register as register_tab

        register("cases", seed_cases, order=20)
        register_nav(NavItem(_("Cases"), "cases:case_list", permissions.CASE_READ, order=10))
        register_nav(
            NavItem(_("Obstacle catalogue"), "cases:obstacle_catalogue", permissions.OBSTACLES_MANAGE, order=50)
        )
        register_nav(NavItem(_("Access log"), "cases:access_log", permissions.ACCESS_LOG_READ, order=60))
        register_nav(
            NavItem(
                _("Referrals"), "cases:referral_inbox", permissions.REFERRAL_ANSWER, order=12, count=_open_referrals
            )
        )

        def always(access, membership) -> bool:
            return True

        def lead(access, membership) -> bool:
            return access.is_lead

        register_tab(CaseTab("overview", _("Overview"), "cases:case_detail", 10, always))
        register_tab(
            CaseTab("notes", _("Case notes"), "cases:case_notes", 20, lambda access, m: "notes" in access.categories)
        )
        register_tab(CaseTab("sharing", _("Consent and sharing"), "cases:case_sharing", 40, lead))
        register_tab(CaseTab("protocol", _("Protocol"), "cases:case_protocol", 90, lead))


def _open_referrals(request):
    from cases.selectors import referrals_awaiting_answer

    return referrals_awaiting_answer(request.user, request.membership)
