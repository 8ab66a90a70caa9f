"""The dashboard of aggregated figures for the steering group and the coordinators: the page, each table as CSV and
XLSX, and the coordinators' "recompute now". Anyone else gets 404 on all three.

Everything shown comes from the stored cells of the latest run (`reports.dashboard.build`), where small cells are
already hidden; the page links to no person and no case. A fixed number of queries, whatever the data size.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.models import Agency
from goals.charts import render_line_chart
from reports import exports, periods, selectors
from reports.aggregation import latest_run
from reports.charts import render_bar_chart
from reports.dashboard import EXPORTABLE, Dashboard, Table, build, dash_legend, goals_table
from reports.periods import Period
from reports.suppression import footnote
from reports.tasks import figures_compute_on_demand

TARGET_FUNCTION = "course_start_within_8_weeks"  # the goal indicator the headline answers
HEADLINE = ("issued", "in_time", "late", "waiting", "overdue", "share", "median")  # reports.dashboard._slip_row
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Selection:
    """The filters, checked: a period the filter offers (else the current year), an agency it offers (else all)."""

    period: Period
    agency: Agency | None
    periods: list[Period]
    agencies: list[Agency]

    @property
    def query(self) -> str:
        params = {"period": self.period.key}
        if self.agency is not None:
            params["agency"] = str(self.agency.pk)
        return urlencode(params)


@dataclass(frozen=True)
class Panel:
    table: Table
    has_hidden: bool
    csv_url: str
    xlsx_url: str


def _selection(request: HttpRequest) -> Selection:
    selectors.require(selectors.may_view_dashboard(request.user, request.membership))
    offered = periods.choices(timezone.localdate())
    period = next((choice for choice in offered if choice.key == request.GET.get("period")), offered[0])
    agencies = list(selectors.dashboard_agencies(request.user, request.membership))
    agency = next((choice for choice in agencies if str(choice.pk) == request.GET.get("agency")), None)
    return Selection(period, agency, offered, agencies)


def _dashboard(selection: Selection) -> Dashboard:
    return build(latest_run(), selection.period, selection.agency, selectors.agencies_by_pk())


def _target() -> Decimal | None:
    """The target share (in percent) of the goal measured by the 8-weeks indicator, the adopted one first."""
    goal = selectors.goal_with_target_for(TARGET_FUNCTION)
    return goal.target_value if goal else None


def _panel(table: Table, selection: Selection) -> Panel:
    def url(fmt: str) -> str:
        return f"{reverse('reports:dashboard_export', args=[table.name, fmt])}?{selection.query}"

    hidden = any(cell.hidden for _label, cells in table.rows for cell in cells)
    return Panel(table, hidden, url("csv"), url("xlsx"))


def _percent(share: float) -> Decimal:
    return Decimal(str(round(100 * share, 1)))


def _charts(board: Dashboard, target: Decimal | None) -> dict:
    if board.run is None:
        return {}
    points = [(month, _percent(share)) for month, share in board.monthly_share]
    # One month makes no line: the big number says it already.
    line = render_line_chart(points=points, target=target, unit="%") if len(points) > 1 else ""
    bars = []
    for name, row in board.table("slips_by_agency").rows:
        share = row[5]
        bars.append(
            (name, None, _("not shown")) if share.number is None else (name, _percent(share.number), share.text)
        )
    bar = ""
    if any(value is not None for _name, value, _text in bars):  # only "not shown" bars: the table says it better
        bar = render_bar_chart(
            chart_id="chart-share-by-agency",
            title=_("Share started within 8 weeks by issuing agency"),
            bars=bars,
            target=float(target) if target is not None else None,
            unit="%",
        )
    return {"line_chart": line, "bar_chart": bar, "target": target}


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    selection = _selection(request)
    board = _dashboard(selection)
    tables = [*board.tables.values(), goals_table(today=timezone.localdate())]
    context = {
        "board": board,
        "selection": selection,
        "panels": [_panel(table, selection) for table in tables],
        "headline": dict(zip(HEADLINE, board.headline, strict=True)) if board.headline else None,
        "may_refresh": selectors.may_write_reports(request.user, request.membership),
        "hidden_footnote": footnote(),
        "dash_legend": dash_legend(),
        **_charts(board, _target() if board.run is not None else None),
    }
    return render(request, "reports/dashboard.html", context)


def _selection_text(selection: Selection | None, as_of: str) -> str:
    if selection is None:
        return f"{_('as of')}: {as_of}"
    agency = selection.agency.name if selection.agency else _("All agencies")
    return f"{_('Period')}: {selection.period.label} · {_('Agency')}: {agency} · {_('as of')}: {as_of}"


@require_GET
def dashboard_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    selection = _selection(request)
    if name not in EXPORTABLE or fmt not in FORMATS:
        raise Http404
    if name == "goals_by_status":
        today = timezone.localdate()
        table, stem = goals_table(today=today), f"{name}-{today:%Y%m%d}"
        subtitle = _selection_text(None, formats.date_format(today, "d.m.Y"))  # goals are read live, unfiltered
    else:
        board = _dashboard(selection)
        if name not in board.tables:
            raise Http404  # no run yet
        table = board.table(name)
        agency = f"-{selection.agency.pk}" if selection.agency else ""
        stem = f"{name}-{selection.period.key}{agency}"
        subtitle = _selection_text(
            selection, formats.date_format(timezone.localtime(board.run.finished_at), "d.m.Y H:i")
        )
    content = exports.write_csv(table) if fmt == "csv" else exports.write_xlsx(table, selection=subtitle)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    # The name is built from checked parts only (a table name of EXPORTABLE, a period key, a number).
    response["Content-Disposition"] = f'attachment; filename="ewg-{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def figures_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a new computation of all figures; the page shows the new run once the worker has finished it."""
    selectors.require(selectors.may_write_reports(request.user, request.membership))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user_id = request.user.pk
    asked = timezone.now()
    # robust: a broker outage must not fail the request; the nightly run computes the figures anyway.
    transaction.on_commit(lambda: figures_compute_on_demand.delay(user_id), robust=True)
    # Without a broker the run has finished in this request already (tasks run in-process).
    if selectors.figure_run_finished_since(user_id, asked):
        messages.success(request, _("The figures have been recomputed."))
    else:
        messages.success(request, _("The figures are being recomputed. Reload the page in a few minutes to see them."))
    back = {key: request.POST[key] for key in ("period", "agency") if request.POST.get(key)}
    return redirect(f"{reverse('reports:dashboard')}?{urlencode(back)}" if back else reverse("reports:dashboard"))
