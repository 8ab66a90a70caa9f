from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.navigation import NavItem, register

        register(NavItem(_("Data protection"), "privacy:workbench", permissions.ACCESS_LOG_READ, order=58))
        register(NavItem(_("Merges"), "privacy:merges", permissions.PERSON_MERGE_CONFIRM, order=59))
