from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and accounts")

    def ready(self) -> None:
        from agencies import permissions, sessions  # noqa: F401 - sessions connects its sign-in signals
        from agencies.admin import restrict_admin_site
        from ewg import checks  # noqa: F401 - registers the product's deployment checks

        restrict_admin_site()  # after the admin has loaded every app's registrations (it is installed first)
        from agencies.navigation import NavItem, register

        register(NavItem(_("Start"), "home", None, order=0))
        register(NavItem(_("Accounts"), "agencies:account_list", permissions.ACCOUNTS_MANAGE, order=90))
        register(
            NavItem(
                _("Undelivered e-mails"),
                "agencies:undelivered_emails",
                permissions.ACCOUNTS_MANAGE,
                order=91,
                count=_undelivered_emails,
            )
        )
        register(NavItem(_("System administration"), "admin:index", None, order=99, superuser_only=True))


def _undelivered_emails(request) -> int:
    from agencies.selectors import abandoned_email_count_for

    return abandoned_email_count_for(request.membership)
