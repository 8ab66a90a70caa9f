"""Reads that depend on who asks, and the lists of agencies forms offer. Views fetch agencies, accounts,
memberships and undelivered e-mails only through these."""

from django.db.models import Q, QuerySet
from django.http import Http404

from agencies.models import Agency, Membership, OutboundEmail, User
from agencies.permissions import ACCOUNTS_MANAGE, can, subtree_ids


def memberships_of(user: User) -> list[Membership]:
    """The active memberships a user may act in, in a stable order."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__name", "role", "pk")
    )


def active_agencies() -> QuerySet[Agency]:
    """Every active agency by name: what a form offers to choose from (agencies are no personal data)."""
    return Agency.objects.filter(is_active=True).order_by("name")


def issuing_agencies() -> QuerySet[Agency]:
    """The active agencies that issue entitlement slips, by name."""
    return Agency.objects.filter(issues_entitlements=True, is_active=True).order_by("name")


def agency_subtree_ids(agency: Agency) -> set[int]:
    """The agency and all its teams (agencies are few; the tree is walked level by level)."""
    ids = {agency.pk}
    frontier = [agency.pk]
    while frontier:
        frontier = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.update(frontier)
    return ids


def account_agency(user: User) -> Agency | None:
    """The agency whose administrators answer for an account: that of its oldest active membership."""
    membership = user.memberships.filter(is_active=True).select_related("agency").order_by("pk").first()
    return membership.agency if membership else None


def managed_agency_ids(membership: Membership | None) -> set[int]:
    """Agencies whose accounts the acting membership may manage: none unless it is an agency admin."""
    if not can(membership, ACCOUNTS_MANAGE):
        return set()
    # Asked for twice per request (the permission check and the query): the subtree is kept with the membership.
    return subtree_ids(membership)


def managed_agencies(membership: Membership | None) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=managed_agency_ids(membership), is_active=True).order_by("name")


def accounts_visible_to(membership: Membership | None, *, search: str = "") -> QuerySet[Membership]:
    queryset = Membership.objects.filter(agency_id__in=managed_agency_ids(membership)).select_related("user", "agency")
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(user__username__icontains=search)
            | Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return queryset.order_by("-is_active", "user__last_name", "user__first_name", "pk")


def other_active_membership_count(membership: Membership) -> int:
    """The account's active memberships beside this one: with none left, deactivating this one locks it out."""
    return Membership.objects.filter(user_id=membership.user_id, is_active=True).exclude(pk=membership.pk).count()


def get_account_for_admin(membership: Membership | None, pk: int) -> Membership:
    """One managed membership, or 404: another agency's account looks exactly like a missing one."""
    try:
        return accounts_visible_to(membership).get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def abandoned_emails_visible_to(membership: Membership | None) -> QuerySet[OutboundEmail]:
    """The abandoned e-mails that concern the administrator's agency or its teams, newest first."""
    return (
        OutboundEmail.objects.filter(abandoned_at__isnull=False, agency_id__in=managed_agency_ids(membership))
        .select_related("agency")
        .order_by("-abandoned_at", "-pk")
    )


def abandoned_email_count_for(membership: Membership | None) -> int:
    """The navigation's count. Almost always no mail is abandoned at all: one query on the partial index answers
    that, before the agency tree is walked for the count."""
    if not OutboundEmail.objects.filter(abandoned_at__isnull=False).exists():
        return 0
    return abandoned_emails_visible_to(membership).count()


def get_abandoned_email_for_admin(membership: Membership | None, pk: int) -> OutboundEmail:
    """One abandoned e-mail of the administrator's agencies, or 404, like one of another agency or one sent."""
    try:
        return abandoned_emails_visible_to(membership).get(pk=pk)
    except OutboundEmail.DoesNotExist:
        raise Http404 from None
