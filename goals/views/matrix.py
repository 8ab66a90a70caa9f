"""The goal matrix of one Grundsatzziel: on the web, as a workbook and as a print layout. All three lay out the same
`goals.matrix.MatrixTable`. Every member reads it; anything but a visible Grundsatzziel answers 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from goals import selectors
from goals.matrix import MatrixTable, file_stem, matrix_rows, write_xlsx
from goals.models import Goal
from goals.models.choices import GoalLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _principle(request: HttpRequest, pk: int) -> Goal:
    goal = selectors.get_goal_for_user(request.user, request.membership, pk)
    if goal.level != GoalLevel.PRINCIPLE:
        raise Http404
    return goal


def _table(request: HttpRequest, pk: int) -> MatrixTable:
    return matrix_rows(_principle(request, pk), today=timezone.localdate())


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # a snapshot of today's status; never serve a stale copy from a cache
    return response


@require_GET
def goal_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "goals/matrix.html", {"table": _table(request, pk)})


@require_GET
def goal_matrix_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(request, pk)
    return _download(write_xlsx(table), XLSX, f"{file_stem(table.principle)}.xlsx")


@require_GET
def goal_matrix_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(request, pk)
    from ewg.pdf import ACCESSIBLE, render_pdf  # WeasyPrint takes over a second to import: only PDF requests pay

    html = render_to_string("goals/pdf/matrix.html", {"table": table, "printed_on": timezone.localdate()})
    content = render_pdf(html, **ACCESSIBLE)
    return _download(content, "application/pdf", f"{file_stem(table.principle)}.pdf", inline=True)
