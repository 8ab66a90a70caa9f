"""Committee reports: list, create from the template, edit header and sections, request a PDF version, follow its
progress, download it as PDF or Word. Coordinators write; the steering group reads and downloads. Anyone else gets
404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ewg.refusals import add_refusal
from reports import outline, periods, selectors, services
from reports.forms import HeaderForm, ReportEditForm, SectionForm
from reports.models import ReportVersion, VersionStatus

POLL_SECONDS = 1


def _report(request: HttpRequest, pk: int):
    return selectors.get_report_for_user(request.user, request.membership, pk)


def _require_writer(request: HttpRequest) -> None:
    selectors.require(selectors.may_write_reports(request.user, request.membership))


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    selectors.require(selectors.may_read_reports(request.user, request.membership))
    reports = selectors.reports_visible_to(request.user, request.membership)
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports[:200], "can_write": selectors.may_write_reports(request.user, request.membership)},
    )


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    earlier = selectors.earlier_report_choices(request.user, request.membership)
    form = HeaderForm(request.POST or None, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, membership=request.membership, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The report was created from the template. Check and complete the text."))
            return redirect("reports:report_detail", report.pk)
    return render(request, "reports/report_form.html", {"form": form})


def _versions(report) -> list[ReportVersion]:
    return list(report.versions.defer("pdf", "content").select_related("requested_by"))


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    sections = selectors.sections_of(report)
    versions = selectors.section_versions(sections)
    for section in sections:
        section.loaded_version = versions.get(section.pk, "")
        section.edited = services.section_was_edited(section)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "period": periods.parse(report.period),
            "reference": outline.reference_for(report),
            "sections": sections,
            "last_position": sections[-1].position if sections else 0,
            "versions": _versions(report),
            "can_write": selectors.may_write_reports(request.user, request.membership),
            "poll_seconds": POLL_SECONDS,
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    report = _report(request, pk)
    initial = {field: getattr(report, field) for field in (*services.HEADER_FIELDS, "proposal", "introduction")}
    initial.update(earlier_numbers=report.earlier_numbers, earlier_reports=list(report.earlier_reports.all()))
    earlier = selectors.earlier_report_choices(request.user, request.membership, report)
    form = ReportEditForm(request.POST or None, initial=initial, edited=report, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                actor=request.user, membership=request.membership, report=report, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:report_detail", report.pk)
    return render(request, "reports/report_edit.html", {"form": form, "report": report})


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    _require_writer(request)
    report = _report(request, pk)
    section = selectors.section_of(report, position)
    form = SectionForm(request.POST or None, initial={"title": section.title, "body": section.body}, edited=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                actor=request.user, membership=request.membership, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{report.get_absolute_url()}#section-{section.position}")
    return render(request, "reports/section_form.html", {"form": form, "report": report, "section": section})


@require_POST
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    report = _report(request, pk)
    try:
        version = services.version_request(
            actor=request.user, membership=request.membership, report=report, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # Without a broker the PDF was rendered in this request already (tasks run in-process).
        version.refresh_from_db(fields=["status"])
        if version.status == VersionStatus.DONE:
            messages.success(request, _("Version %(number)s has been generated.") % {"number": version.number})
        else:
            messages.success(request, _("Version %(number)s is being generated.") % {"number": version.number})
    return redirect(f"{report.get_absolute_url()}#versions")


@require_GET
def version_status(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The row of one version, polled by the page while it is being generated."""
    version = selectors.get_version_for_user(request.user, request.membership, pk, number)
    return render(
        request,
        "reports/_version_row.html",
        {"report": version.report, "version": version, "poll_seconds": POLL_SECONDS},
    )


@require_GET
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = selectors.get_version_for_user(request.user, request.membership, pk, number)
    if version.status != VersionStatus.DONE:
        raise Http404
    pdf = selectors.version_pdf(version)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(version, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def version_docx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The version as a Word document for the council information system, built from the same frozen content as its
    PDF; offered once the PDF is, so both formats of a version come from one finished freeze."""
    version = selectors.get_version_for_user(request.user, request.membership, pk, number)
    if version.status != VersionStatus.DONE:
        raise Http404
    from reports import word  # python-docx takes a third of a second to import: only downloads pay for it

    response = HttpResponse(word.build(selectors.version_content(version)), content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(version, "docx")}"'
    response["Cache-Control"] = "no-store"
    return response


def _file_name(version: ReportVersion, extension: str) -> str:
    """Built from the submission number's letters and digits only (it may hold "/")."""
    stem = "".join(character if character.isalnum() else "-" for character in version.report.number).strip("-")
    return f"vorlage-{stem or version.report.pk}-v{version.number}.{extension}"
