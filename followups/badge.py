"""The number beside "Meine Aufgaben" in the navigation: the user's follow-ups and plan steps due today or overdue.
The rows are handed to the navigation, which counts them with the other numbers in one query (ewg.counting)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from agencies.permissions import TASKS_READ, can
from followups import selectors
from followups.models import FollowUp


def due_badge(request: HttpRequest) -> QuerySet:
    membership = getattr(request, "membership", None)
    if not can(membership, TASKS_READ, user=request.user):
        return FollowUp.objects.none()
    return selectors.due_items(request.user, membership, today=timezone.localdate())
