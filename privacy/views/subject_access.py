"""The subject-access report (Art. 15 DSGVO) of a person as a PDF, for the lead caseworker and the data protection
officer; its production is logged in the same transaction."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models.choices import AccessAction
from cases.services.access import access_record
from privacy.subject_access import person_for_subject_access, subject_access_report, subject_access_scope
from privacy.subject_access_pdf import render_html


@require_GET
@transaction.atomic
def subject_access_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_subject_access(request.user, request.membership, pk)
    access_record(user=request.user, membership=request.membership, person=person, action=AccessAction.SUBJECT_ACCESS)
    report = subject_access_report(
        person,
        subject_access_scope(request.user, request.membership),
        producer=request.membership.agency,
        today=timezone.localdate(),
    )
    from ewg.pdf import ACCESSIBLE, render_pdf  # WeasyPrint takes over a second to import: only PDF requests pay

    html = render_html(report, producer=request.user, producer_agency=request.membership.agency)
    response = HttpResponse(render_pdf(html, **ACCESSIBLE), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="auskunft-art15-person-{person.pk}.pdf"'
    response["Cache-Control"] = "no-store"  # personal data: no copy in browser or proxy caches
    return response
