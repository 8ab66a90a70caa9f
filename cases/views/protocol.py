"""The protocol of a case: who changed what (history tables) and who read what (access log)."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import selectors
from cases.models.choices import AccessAction
from cases.services.access import access_record

ROWS = 50


@require_GET
@transaction.atomic
def case_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_audit(request.user, request.membership, pk)
    access = selectors.lead_access_for_audit(request.membership, case)  # the header and tabs of the case's other tabs
    access_record(
        user=request.user, membership=request.membership, person=case.person, case=case, action=AccessAction.HISTORY
    )
    rows = selectors.protocol_changes(case, ROWS)
    changes = [
        {
            "when": row.history_date,
            "who": row.history_user,
            "what": row.instance_type._meta.verbose_name,  # not row.instance: it reads excluded fields anew
            "change": row.get_history_type_display(),
        }
        for row in rows
    ]
    reads = selectors.protocol_reads(case, ROWS)
    context = {
        "case": case,
        "person": case.person,
        "tab": "protocol",
        "changes": changes,
        "reads": reads,
        "access": access,
    }
    return render(request, "cases/case_protocol.html", context)
