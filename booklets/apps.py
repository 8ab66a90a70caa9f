from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookletsConfig(AppConfig):
    name = "booklets"
    verbose_name = _("Companion booklet")

    def ready(self) -> None:
        from agencies import permissions
        from agencies.demo import register
        from booklets.demo import seed_booklet_consents
        from cases.tabs import CaseTab
        from cases.tabs import register as register_tab

        register("booklets", seed_booklet_consents, order=25)

        def visible(access, membership) -> bool:
            return permissions.can(membership, permissions.BOOKLET_PRINT, access.case)

        register_tab(CaseTab("booklet", _("Companion booklet"), "booklets:case_booklet", 50, visible))
