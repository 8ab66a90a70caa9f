"""The outline of a committee report: sections a coordinator adds, removes, moves and writes again from the data, and
the template (Mustergliederung) new reports start from. For coordinators only; anyone else gets 404.

Removing a section, and writing again a section the coordinators edited, ask first on a confirmation page
(ewg.confirm); a section never edited since it was written from the data is written again at once.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ewg.concurrent_edits import version_of
from ewg.confirm import confirmation_page
from ewg.refusals import add_refusal, report_form_errors, run_and_report
from ewg.titles import page_title
from reports import selectors, services
from reports.forms import SectionActionForm, SectionAddForm, TemplateSectionForm


def _writer_report(request: HttpRequest, pk: int):
    selectors.require(selectors.may_write_reports(request.user, request.membership))
    return selectors.get_report_for_user(request.user, request.membership, pk)


def _at_section(report, section) -> str:
    return f"{report.get_absolute_url()}#section-{section.position}"


def _title(report, heading: str) -> str:
    """A confirmation page's title: the heading names the section by its number, which every report has."""
    return page_title(_("Submission %(number)s") % {"number": report.number}, heading)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = _writer_report(request, pk)
    form = SectionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(
                actor=request.user,
                membership=request.membership,
                report=report,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Section %(number)s was added.") % {"number": section.position})
            return redirect(_at_section(report, section))
    return render(request, "reports/section_add.html", {"form": form, "report": report})


def _action_form(request: HttpRequest, section) -> SectionActionForm:
    if request.method == "POST":
        return SectionActionForm(request.POST)
    return SectionActionForm(initial={"loaded_version": version_of(section)})


@require_http_methods(["GET", "POST"])
def section_remove(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """GET: what removing the section means; POST: it is removed."""
    report = _writer_report(request, pk)
    section = selectors.section_of(report, position)
    form = _action_form(request, section)
    if request.method == "GET" or not form.is_valid():
        later = len(selectors.sections_of(report)) - section.position
        consequences = [
            _("Section %(number)s “%(title)s” and its text are removed from the report.")
            % {"number": section.position, "title": section.title},
            _("The sections after it move up one number.") if later else "",
            _("Versions already generated keep the section as it was."),
        ]
        heading = _("Remove section %(number)s") % {"number": section.position}
        return confirmation_page(
            request,
            heading=heading,
            title=_title(report, heading),
            consequences=[sentence for sentence in consequences if sentence],
            cancel_url=_at_section(report, section),
            form=form,
        )
    remove = partial(
        services.section_remove,
        actor=request.user,
        membership=request.membership,
        section=section,
        loaded_version=form.cleaned_data["loaded_version"],
    )
    run_and_report(request, remove, _("The section was removed."))
    return redirect(f"{report.get_absolute_url()}#sections")


@require_POST
def section_move(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    report = _writer_report(request, pk)
    section = selectors.section_of(report, position)
    form = SectionActionForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(_at_section(report, section))
    move = partial(
        services.section_move,
        actor=request.user,
        membership=request.membership,
        section=section,
        direction=form.cleaned_data["direction"],
        loaded_version=form.cleaned_data["loaded_version"],
    )
    if run_and_report(request, move, _("The section was moved.")):
        section.refresh_from_db(fields=["position"])
    return redirect(_at_section(report, section))


def _regenerate_page(request: HttpRequest, report, section, form: SectionActionForm, edited: bool) -> HttpResponse:
    if edited:
        consequences = [
            _(
                "Section %(number)s “%(title)s” was edited since it was last written from the data. Writing it "
                "again replaces the whole text: these edits would be lost."
            )
            % {"number": section.position, "title": section.title},
            _("Copy what you want to keep before you confirm, or cancel and edit the section instead."),
        ]
    else:
        consequences = [
            _("Section %(number)s “%(title)s” is written again from the template and today's data.")
            % {"number": section.position, "title": section.title}
        ]
    form = SectionActionForm(
        initial={"loaded_version": form.data.get("loaded_version") or version_of(section), "overwrite_edits": True}
    )
    heading = _("Write section %(number)s again from the data") % {"number": section.position}
    return confirmation_page(
        request,
        heading=heading,
        title=_title(report, heading),
        consequences=consequences,
        cancel_url=_at_section(report, section),
        form=form,
        final=edited,
    )


@require_http_methods(["GET", "POST"])
def section_regenerate(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """GET: what writing the section again means. POST: done at once for a section nobody edited; for an edited one
    only once the user has confirmed that the edits will be lost."""
    report = _writer_report(request, pk)
    section = selectors.section_of(report, position)
    form = _action_form(request, section)
    edited = services.section_was_edited(section)
    if request.method == "GET" or not form.is_valid():
        return _regenerate_page(request, report, section, form, edited)
    try:
        services.section_regenerate(
            actor=request.user,
            membership=request.membership,
            section=section,
            today=timezone.localdate(),
            loaded_version=form.cleaned_data["loaded_version"],
            overwrite_edits=form.cleaned_data["overwrite_edits"],
        )
    except services.EditedSinceGenerated:
        return _regenerate_page(request, report, section, form, edited=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The section was written again from the data."))
    return redirect(_at_section(report, section))


# --- the template ---


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    selectors.require(selectors.may_write_reports(request.user, request.membership))
    rows = list(selectors.template_sections(request.user, request.membership))
    return render(request, "reports/template_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def template_section_edit(request: HttpRequest, position: int) -> HttpResponse:
    selectors.require(selectors.may_write_reports(request.user, request.membership))
    row = selectors.get_template_section_for_user(request.user, request.membership, position)
    initial = {"title": row.title, "default_text": row.default_text}
    form = TemplateSectionForm(request.POST or None, initial=initial, edited=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_section_update(
                actor=request.user, membership=request.membership, template_section=row, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Saved. New reports start from this text."))
            return redirect(reverse("reports:template_list") + f"#template-{row.position}")
    return render(request, "reports/template_section_form.html", {"form": form, "row": row})
