"""'Meine Aufgaben': the user's follow-ups due today, overdue or due within two weeks, grouped, and the open steps
of the support plans of the cases they manage or co-work. The page names persons, so it writes one access-log row
naming them all, like the case list."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.permissions import TASKS_READ, require_or_404
from cases.services.access import list_read_record
from followups import selectors
from followups.forms import RescheduleForm
from followups.services import may_close
from followups.views.case_tab import BACK_TO_TASKS


@require_GET
@transaction.atomic
def my_tasks(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, TASKS_READ)
    tasks = selectors.tasks_of(request.user, request.membership)
    list_read_record(
        user=request.user, membership=request.membership, person_ids=tasks.person_ids(), purpose=_("My tasks")
    )
    for followup in tasks.overdue + tasks.due_today + tasks.upcoming:
        followup.may_close = may_close(request.membership, request.user, followup)
    context = {
        "tasks": tasks,
        "today": tasks.today,
        "groups": [
            ("overdue", _("Overdue"), tasks.overdue),
            ("today", _("Today"), tasks.due_today),
            ("upcoming", _("Coming up"), tasks.upcoming),
        ],
        "back": BACK_TO_TASKS,
        "reschedule_form": RescheduleForm(),
        "shown": selectors.SHOWN,
    }
    return render(request, "followups/my_tasks.html", context)
