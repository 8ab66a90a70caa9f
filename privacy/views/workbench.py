"""The data protection officer's workbench: find a person, see who read and who changed their data, export it."""

import csv

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.permissions import ACCESS_LOG_READ, require_or_404, subtree_ids
from cases.models.choices import AccessAction
from cases.services.access import access_record, list_read_record
from ewg.pagination import KeysetPage
from privacy import selectors
from privacy.forms import HoldForm, PersonSearchForm, ProtocolFilterForm, RestrictionForm
from privacy.schedule import person_erasure_date
from privacy.timeline import Cursor, Filters, events, next_cursor

PAGE_SIZE = 50


@require_GET
@transaction.atomic
def workbench(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, ACCESS_LOG_READ)
    form = PersonSearchForm(request.GET or None)
    persons = None
    if form.is_valid():
        auditable = selectors.persons_auditable_by(request.user, request.membership)
        persons = selectors.find_persons(auditable, form.cleaned_data["q"])
        list_read_record(
            user=request.user,
            membership=request.membership,
            person_ids=[person.pk for person in persons],
            purpose=_("Search of the data protection officer"),
        )
    status = 400 if form.errors else 200
    return render(request, "privacy/workbench.html", {"form": form, "persons": persons}, status=status)


def _filters(form: ProtocolFilterForm) -> Filters:
    if not form.is_valid():
        return Filters()
    data = form.cleaned_data
    return Filters(
        kind=data["kind"],
        user_ids=selectors.user_ids_named(data["user"]) if data["user"] else None,
        agency=data["agency"],
        since=data["since"],
        until=data["until"],
    )


@require_GET
@transaction.atomic
def person_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_audit(request.user, request.membership, pk)
    form = ProtocolFilterForm(request.GET or None)
    access_record(user=request.user, membership=request.membership, person=person, action=AccessAction.AUDIT)
    cursor = Cursor.parse(request.GET.get("before"))
    rows = events(person, subtree_ids(request.membership), _filters(form), cursor=cursor, limit=PAGE_SIZE + 1)
    page = KeysetPage(
        rows=rows[:PAGE_SIZE],
        next_cursor=str(next_cursor(cursor, rows[:PAGE_SIZE])) if len(rows) > PAGE_SIZE else None,
        is_first=cursor is None,
    )
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "person": person,
        "erase_on": person_erasure_date(list(person.cases.all())),
        "hold": selectors.active_hold(person),
        "hold_form": HoldForm(),
        "restriction_form": None if person.restricted_at else RestrictionForm(person=person),
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "export_query": urlencode({key: value for key, value in query.items() if value}),
    }
    return render(request, "privacy/person_protocol.html", context, status=400 if form.errors else 200)


@require_GET
@transaction.atomic
def person_protocol_csv(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_audit(request.user, request.membership, pk)
    form = ProtocolFilterForm(request.GET or None)
    access_record(
        user=request.user,
        membership=request.membership,
        person=person,
        action=AccessAction.EXPORT,
        purpose=_("Protocol of the person as CSV"),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protokoll-person-{person.pk}.csv"'
    response.write("\ufeff")  # spreadsheet programs read the umlauts as UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("When"), _("Kind of access"), _("Who"), _("Agency"), _("Role"), _("What"), _("Case"), _("Purpose or reason")]
    )
    for event in events(person, subtree_ids(request.membership), _filters(form)):
        writer.writerow(
            [
                date_format(timezone.localtime(event.at), "d.m.Y H:i:s"),
                event.kind_label,
                (event.user.get_full_name() or event.user.username) if event.user else "",
                event.agency_label,
                event.role_label,
                event.what,
                event.case_id or "",
                event.note,
            ]
        )
    return response
