"""The protocol of a case: who changed what (history tables) and who read what (access log)."""

from itertools import chain

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import selectors
from cases.models import AccessLog, CaseNote, CaseShare, Consent
from cases.models.choices import AccessAction
from cases.services.access import access_record

ROWS = 50


@require_GET
@transaction.atomic
def case_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_audit(request.user, request.membership, pk)
    access_record(
        user=request.user, membership=request.membership, person=case.person, case=case, action=AccessAction.HISTORY
    )
    rows = sorted(
        chain(
            case.history.select_related("history_user")[:ROWS],
            case.person.history.select_related("history_user")[:ROWS],
            CaseNote.history.filter(case_id=case.pk).select_related("history_user")[:ROWS],
            CaseShare.history.filter(case_id=case.pk).select_related("history_user")[:ROWS],
            Consent.history.filter(person_id=case.person_id).select_related("history_user")[:ROWS],
        ),
        key=lambda row: row.history_date,
        reverse=True,
    )[:ROWS]
    changes = [
        {
            "when": row.history_date,
            "who": row.history_user,
            "what": row.instance_type._meta.verbose_name,  # not row.instance: it reads excluded fields anew
            "change": row.get_history_type_display(),
        }
        for row in rows
    ]
    reads = AccessLog.objects.filter(case=case).select_related("user", "agency").order_by("-at")[:ROWS]
    context = {
        "case": case,
        "person": case.person,
        "tab": "protocol",
        "changes": changes,
        "reads": reads,
        "access": None,
    }
    return render(request, "cases/case_protocol.html", context)
