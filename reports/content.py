"""The frozen content of a report version: everything its PDF shows, as plain JSON data.

A version that went to the committee must never change: not when a goal is amended, a new figure run replaces the
old one (older runs are deleted) or an agency is renamed. So the moment a version is requested, `freeze` reads the
report, the figures and the goal system once and stores the texts the PDF will show; `reports.rendering.render`
lays out that dict and reads nothing else.

A committee submission is German, whatever language its requester uses in the app: the content is frozen in
DOCUMENT_LANGUAGE (dates, numbers, labels), and the rendering uses the same language.
"""

from datetime import date

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from goals.matrix import matrix_rows, matrix_title
from goals.models import Goal, GroupMember, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind
from goals.numbering import number_key
from reports import outline, periods, version_figures
from reports.aggregation import latest_run
from reports.models import CommitteeReport, ReportKind
from reports.text import to_html

# No setting names the city yet (agencies.demo names it only as an agency): the issuer printed on every report.
CITY_NAME = "Stadt Rheine"
DOCUMENT_LANGUAGE = "de"
SCHEMA = 2  # bump when the shape of the dict changes; rendering an older shape must keep working
# 2: "introduction_html", the reasons' opening (the reference to the earlier submissions and the line before section 1)
MARK = "X"  # a cell of the project structure where the agency has a member in the group

_GROUP_ORDER = {GroupKind.STEERING: 0, GroupKind.WORKING: 1, GroupKind.PROJECT: 2}


def _day(value: date | None) -> str:
    return formats.date_format(value, "d.m.Y") if value else ""


def _header(report: CommitteeReport, period: periods.Period | None) -> dict:
    return {
        "subject": report.subject,
        "number": report.number,
        "file_number": report.file_number,
        "kind": report.kind,
        "kind_label": str(ReportKind(report.kind).label) if report.kind in ReportKind.values else report.kind,
        "committee": report.committee,
        "meeting_date": _day(report.meeting_date),
        "period": report.period,
        "period_label": period.label if period else report.period,
    }


def _structure(agencies: dict[int, Agency], *, today: date) -> dict:
    """Anlage 1: the project's structure. Rows are all active agencies, the participants section 1 names, in their
    tree (an agency under an inactive one starts a tree of its own); columns the active groups of the goals app, the
    steering group first, then the working groups, then the project groups; a mark where the agency has a current
    member in the group. An agency without a member anywhere is listed all the same (`takes_part` False)."""
    groups = sorted(
        WorkingGroup.objects.filter(is_active=True).select_related("parent"),
        key=lambda g: (_GROUP_ORDER.get(g.kind, 9), g.parent.name.casefold() if g.parent else "", g.name.casefold()),
    )
    current = Q(joined_on__lte=today) & (Q(left_on=None) | Q(left_on__gt=today))
    seats = set(
        GroupMember.objects.filter(current, group__is_active=True, agency__is_active=True)
        .order_by()
        .values_list("agency_id", "group_id")
    )
    taking_part = {agency_id for agency_id, _group in seats}
    shown = {agency.pk for agency in agencies.values() if agency.is_active}
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies.values():
        if agency.pk in shown:
            parent = agency.parent_id if agency.parent_id in shown else None
            children.setdefault(parent, []).append(agency)
    rows = []

    def visit(parent: int | None, depth: int) -> None:
        for agency in sorted(children.get(parent, []), key=lambda a: (a.name.casefold(), a.pk)):
            marks = [MARK if (agency.pk, group.pk) in seats else "" for group in groups]
            rows.append({"name": agency.name, "depth": depth, "takes_part": agency.pk in taking_part, "marks": marks})
            visit(agency.pk, depth + 1)

    visit(None, 0)
    return {
        "kind": "structure",
        "caption": _(
            "Participating agencies and teams (rows) and the bodies of the project (columns); "
            "%(mark)s: a current member in the body"
        )
        % {"mark": MARK},
        "corner": _("Agency or team"),
        "columns": [group.name for group in groups],
        "rows": rows,
    }


def principles_in_annex_order() -> list[Goal]:
    """The Grundsatzziele of the active action fields in the order of their annexes (Anlage 2, 3, …): by the field's
    position, then by number. The report's text (reports.prefill) refers to the annexes in the same order."""
    return sorted(
        Goal.objects.filter(level=GoalLevel.PRINCIPLE, action_field__is_active=True).select_related(
            "action_field", "indicator", "responsible_agency", "responsible_group"
        ),
        key=lambda goal: (goal.action_field.position, goal.action_field.name, number_key(goal)),
    )


def _goal_matrices(*, today: date) -> list[dict]:
    """One goal matrix per Grundsatzziel of an active action field, by field position and number. A fixed number
    of queries per principal goal (goals.matrix.matrix_rows)."""
    matrices = []
    for principle in principles_in_annex_order():
        table = matrix_rows(principle, today=today)
        matrices.append(
            {
                "kind": "goal_matrix",
                "matrix_title": matrix_title(principle),
                "action_field": principle.action_field.name,
                "principle_number": principle.number,
                "statement": principle.statement,
                "header": list(table.header),
                "rows": [
                    {
                        "level": row.level,
                        "status": row.status,
                        "cells": [{"text": cell.text, "is_number": cell.is_number} for cell in row.cells],
                    }
                    for row in table.rows
                ],
            }
        )
    return matrices


def freeze(report: CommitteeReport, *, version_number: int, today: date) -> dict:
    """Everything the version's PDF shows, as JSON-serialisable data (strings, numbers, lists, dicts).

    Queries: the sections, the agencies, the latest run and its cells, the goals measured from the data (their key
    figures are read from their rows in the annexes, reports.version_figures), the groups and their members, the
    principal goals, then a fixed number per principal goal."""
    with translation.override(DOCUMENT_LANGUAGE):
        try:
            period = periods.parse(report.period)
        except ValueError:
            period = None
        agencies = {agency.pk: agency for agency in Agency.objects.all()}
        sections = [
            {"number": number, "title": section.title, "html": section.body_html}
            for number, section in enumerate(report.sections.order_by("position", "pk"), start=1)
        ]
        matrices = _goal_matrices(today=today)
        # "Anlage" is a fixed label of the city's form (as in the print template); the rest is translated.
        annexes = [{"number": 1, "title": "Anlage 1 " + _("Project structure"), **_structure(agencies, today=today)}]
        for number, matrix in enumerate(matrices, start=2):
            annexes.append({"number": number, "title": f"Anlage {number} – {matrix['matrix_title']}", **matrix})
        return {
            "schema": SCHEMA,
            "language": DOCUMENT_LANGUAGE,
            "city": CITY_NAME,
            "version": version_number,
            "printed_on": today.isoformat(),
            "printed_on_text": _day(today),
            "header": _header(report, period),
            "proposal_html": report.proposal_html,
            "introduction_html": to_html(outline.reference_for(report)) + report.introduction_html,
            "sections": sections,
            "figures": version_figures.frozen(period=period, agencies=agencies, run=latest_run(), annexes=annexes),
            "annex_titles": [annex["title"] for annex in annexes],
            "annexes": annexes,
        }
