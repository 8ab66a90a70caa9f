import logging

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from agencies.models import Agency, Membership, OutboundEmail, User
from agencies.outbox import email_resend_as_system_administrator

audit = logging.getLogger("ewg.audit")

# What the Django admin is for (README): accounts, agencies, memberships, outgoing mail, and the sign-in lockouts to
# lift. What the installed libraries register besides (second-factor secrets, groups, sign-in logs) is removed.
ADMIN_MODELS = {
    "agencies.User",
    "agencies.Agency",
    "agencies.Membership",
    "agencies.OutboundEmail",
    "axes.AccessAttempt",
}


def restrict_admin_site() -> None:
    for model in list(admin.site._registry):
        if model._meta.label not in ADMIN_MODELS:
            admin.site.unregister(model)


class AuditedAdmin(SimpleHistoryAdmin):
    """Every page of the admin that shows accounts or mail is logged with its reader, as reads of case data are in
    the access log. Nothing is deleted here: accounts and agencies are deactivated, which keeps their history (and
    a delete page would list every related record)."""

    def changelist_view(self, request, extra_context=None):
        self._log(request, None)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._log(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._log(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _log(self, request, object_id) -> None:
        if request.method == "GET":
            audit.info(
                "admin read: user=%s model=%s object=%s", request.user.pk, self.model._meta.label, object_id or "list"
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["agency", "role", "is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class AccountAdmin(UserAdmin, AuditedAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]
    # The second factor is reset by the account's administrator on its account page, with a reason and history.
    readonly_fields = ["second_factor_due_on", "second_factor_enrolled_at"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Second factor"), {"fields": ["second_factor_due_on", "second_factor_enrolled_at"]}),
    ]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "parent",
        "issues_entitlements",
        "runs_courses",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    list_select_related = ["user", "agency"]
    search_fields = ["user__username", "user__last_name", "agency__name"]


class EmailStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("pending")), ("sent", _("sent")), ("abandoned", _("abandoned"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True, abandoned_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "abandoned":
            return queryset.filter(abandoned_at__isnull=False)
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(AuditedAdmin):
    list_display = ["to", "subject", "agency", "created_at", "state", "attempts"]
    list_filter = [EmailStateFilter]
    list_select_related = ["agency"]
    actions = ["send_again"]
    # No body: it may hold a password-reset link, which would let the reader sign in as the account.
    fields = readonly_fields = [
        "to",
        "subject",
        "agency",
        "message_id",
        "created_at",
        "available_at",
        "sent_at",
        "abandoned_at",
        "attempts",
        "last_error",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # mail is written by the product's own writes (agencies.outbox), never by hand

    @admin.display(description=_("state"))
    def state(self, email: OutboundEmail) -> str:
        if email.sent_at:
            return _("sent")
        return _("abandoned") if email.abandoned_at else _("pending")

    @admin.action(description=_("Send the chosen abandoned e-mails again"))
    def send_again(self, request, queryset):
        sent_again = 0
        for email in queryset.filter(abandoned_at__isnull=False):
            try:
                email_resend_as_system_administrator(actor=request.user, email=email)
            except ValidationError:  # sent again by someone else meanwhile
                continue
            sent_again += 1
        message = ngettext(
            "%(count)d e-mail is being sent again.", "%(count)d e-mails are being sent again.", sent_again
        )
        self.message_user(request, message % {"count": sent_again})
