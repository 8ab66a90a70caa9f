"""One case: overview, notes, export. Every read of a person's data writes one access-log row, in the same
transaction as the read."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors
from cases.forms import (
    BenefitForm,
    GoalForm,
    NoteForm,
    PhaseForm,
    ResidenceForm,
    StepForm,
    TopicsForm,
)
from cases.models.choices import AccessAction, CaseKind, CaseStatus, DataCategory
from cases.services.access import access_record
from cases.services.cases import case_note_add
from ewg.refusals import add_refusal

NOTES_SHOWN = 50


def _read(request: HttpRequest, pk: int, action: str) -> selectors.CaseAccess:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    _record_read(request, access, action)
    return access


def _record_read(request: HttpRequest, access: selectors.CaseAccess, action: str) -> None:
    access_record(
        user=request.user, membership=request.membership, person=access.case.person, case=access.case, action=action
    )


@require_GET
@transaction.atomic
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = _read(request, pk, AccessAction.DETAIL)
    return render(request, "cases/case_detail.html", _overview(access, {}))


def overview_with_errors(request: HttpRequest, access: selectors.CaseAccess, **sent: forms.Form) -> HttpResponse:
    """The case overview again after one of its small forms was sent with errors or refused by the service (status
    400): that form as sent, with its errors, in place of the empty one, named as in the page (residence_form,
    benefit_form, goal_form, step_form, phase_form, topics_form); the rest of the page as case_detail shows it. It
    is a read of the case like case_detail's, and logged the same way, in the view's transaction."""
    _record_read(request, access, AccessAction.DETAIL)
    return render(request, "cases/case_detail.html", _overview(access, sent), status=400)


def _overview(access: selectors.CaseAccess, sent: dict[str, forms.Form]) -> dict:
    """The overview's context. `sent`: forms sent with errors, shown instead of the lead's empty ones."""
    case = access.case
    lead = access.is_lead
    # Fields of action and obstacles are counselling content: shown where the case notes are (data category).
    topics_visible = access.may_see(DataCategory.NOTES)
    obstacles = list(case.obstacles.all()) if topics_visible else []
    forms_shown = {
        "phase_form": PhaseForm(initial={"phase": case.phase}) if lead and case.phase else None,
        "topics_form": TopicsForm(case=case, initial={"action_fields": case.action_fields, "obstacles": obstacles})
        if lead
        else None,
        "residence_form": ResidenceForm(prefix="residence") if lead else None,
        "benefit_form": BenefitForm(prefix="benefit") if lead else None,
        "goal_form": GoalForm(prefix="goal") if lead and case.kind == CaseKind.CASE_MANAGEMENT else None,
    }
    forms_shown.update((name, form) for name, form in sent.items() if name in forms_shown)
    return {
        "topics_visible": topics_visible,
        "access": access,
        "case": case,
        "person": case.person,
        "tab": "overview",
        "residence": list(case.person.residence_statuses.all()[:10])
        if access.may_see(DataCategory.RESIDENCE)
        else None,
        "benefits": list(case.person.benefit_periods.all()[:10]) if access.may_see(DataCategory.BENEFITS) else None,
        "obstacles": obstacles,
        "plan_goals": _plan_goals(access, sent.get("step_form")),
        "may_close": lead and case.status == CaseStatus.OPEN,
        "may_reopen": lead and case.status == CaseStatus.CLOSED,
        "may_correct": lead,
        **forms_shown,
    }


def _plan_goals(access: selectors.CaseAccess, sent_step: forms.Form | None) -> list | None:
    """The support plan's goals with their steps (two queries), for those who may read the case's notes; each goal
    with its form for a new step (the one sent with errors for its goal, by its prefix)."""
    case = access.case
    if case.kind != CaseKind.CASE_MANAGEMENT or not access.may_see(DataCategory.NOTES):
        return None
    goals = list(selectors.plan_goals(case))
    if access.is_lead:
        for goal in goals:
            prefix = f"step{goal.pk}"
            is_sent = sent_step is not None and sent_step.prefix == prefix
            goal.step_form = sent_step if is_sent else StepForm(prefix=prefix)
    return goals


@require_http_methods(["GET", "POST"])
@transaction.atomic
def case_notes(request: HttpRequest, pk: int) -> HttpResponse:
    access = _read(request, pk, AccessAction.NOTES)
    if not access.may_see(DataCategory.NOTES):
        raise Http404
    form = NoteForm(request.POST or None) if access.is_lead or access.is_coworker else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                case_note_add(actor=request.user, membership=request.membership, case=access.case, **form.cleaned_data)
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("The entry was saved."))
                return redirect("cases:case_notes", pk=pk)
    notes = access.case.notes.select_related("author", "agency")[:NOTES_SHOWN]
    context = {
        "access": access,
        "case": access.case,
        "person": access.case.person,
        "tab": "notes",
        "notes": notes,
        "form": form,
    }
    return render(request, "cases/case_notes.html", context, status=400 if form is not None and form.errors else 200)


def _cell(value) -> str:
    """A CSV cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@transaction.atomic
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    access = _read(request, pk, AccessAction.EXPORT)
    case, person = access.case, access.case.person
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fall-{case.pk}.csv"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    rows = [
        (_("Family name"), person.family_name),
        (_("Given names"), person.given_names),
        (_("Date of birth"), person.birth_date),
        (_("Kind of case"), case.get_kind_display()),
        (_("Status"), case.get_status_display()),
        (_("Lead agency"), case.lead_agency.name),
        (_("Opened on"), case.opened_on),
    ]
    if access.may_see(DataCategory.RESIDENCE):
        rows += [
            (_("Residence status"), s.get_kind_display() + f" ({s.valid_from})")
            for s in person.residence_statuses.all()
        ]
    if access.may_see(DataCategory.BENEFITS):
        rows += [
            (_("Benefit system"), p.get_system_display() + f" ({p.valid_from})") for p in person.benefit_periods.all()
        ]
    if access.may_see(DataCategory.NOTES):
        rows += [(f"{n.occurred_on} {n.get_kind_display()}", n.text) for n in case.notes.all()[:NOTES_SHOWN]]
    for label, value in rows:
        writer.writerow([_cell(label), _cell(value)])
    return response
