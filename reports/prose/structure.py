"""Section 3 of the status report from the data: the participating agencies, the steering group, the working and
project groups, and the meetings they held in the reporting period."""

import re
from datetime import date

from django.db.models import Prefetch, Q

from agencies.models import Agency
from goals.models import GroupMember, Meeting, WorkingGroup
from goals.models.choices import GroupKind, GroupRole
from reports.periods import Period
from reports.prose.common import as_of, day, ended, listed, paragraphs

_AGENDA_NUMBER = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*")


def agency_lines(agencies: list[Agency]) -> list[str]:
    """The agencies as a nested list, each under its parent, by name."""
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        children.setdefault(agency.parent_id, []).append(agency)
    known = {agency.pk for agency in agencies}
    lines: list[str] = []

    def walk(agency: Agency, depth: int) -> None:
        lines.append(f"{'    ' * depth}- {agency.name}")
        for child in sorted(children.get(agency.pk, []), key=lambda entry: entry.name):
            walk(child, depth + 1)

    for root in sorted((a for a in agencies if a.parent_id not in known), key=lambda entry: entry.name):
        walk(root, 0)
    return lines


def _agenda(meeting: Meeting) -> str:
    items = [_AGENDA_NUMBER.sub("", line).strip() for line in meeting.agenda.splitlines()]
    return "; ".join(item for item in items if item)


def _seats(group: WorkingGroup) -> list[GroupMember]:
    return list(group.current_members)


def _steering(group: WorkingGroup) -> str:
    seats = _seats(group)
    agencies = list(dict.fromkeys(seat.agency.name for seat in seats))
    text = f"Die {group.name} ist das Entscheidungsorgan des Projektes"
    text += f" und tagt {group.meets}." if group.meets else "."
    if agencies:
        text += " " + ended("Mitglieder sind Leitungskräfte von: " + "; ".join(agencies))
    volunteers = group.volunteer_members  # prefetched by structure()
    if volunteers:
        text += " Das Ehrenamt ist vertreten (" + "; ".join(dict.fromkeys(s.agency.name for s in volunteers)) + ")."
    return text


def _working(groups: list[WorkingGroup]) -> str:
    if not groups:
        return ""
    described = []
    for group in groups:
        details = [", ".join(f"„{field.name}“" for field in group.action_fields.all())]
        if group.meets:
            details.append(f"tagt {group.meets}")
        agencies = {seat.agency_id for seat in _seats(group)}
        if agencies:
            details.append(f"Mitglieder aus {len(agencies)} Stellen")
        described.append(f"{group.name} ({'; '.join(detail for detail in details if detail)})")
    return (
        "Zu den Schwerpunktthemen arbeiten die Arbeitsgruppen "
        + listed(described)
        + ". Mitglieder sind Mitarbeiterinnen und Mitarbeiter der operativen Ebene."
    )


def _project(groups: list[WorkingGroup]) -> str:
    if not groups:
        return ""
    described = [f"{group.name} (zur {group.parent.name})" if group.parent else group.name for group in groups]
    return "Projektgruppen: " + listed(described) + "."


def _meetings(groups: list[WorkingGroup], meetings: list[Meeting], period: Period) -> str:
    lines = [f"Sitzungen im Berichtszeitraum {period.label}:", ""]
    by_group: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_group.setdefault(meeting.group_id, []).append(meeting)
    for group in groups:
        for meeting in by_group.get(group.pk, []):
            agenda = _agenda(meeting)
            lines.append(f"- {group.name}, {day(meeting.held_on)}" + (f": {agenda}" if agenda else ""))
    silent = [group.name for group in groups if group.pk not in by_group]
    if len(lines) == 2:
        return f"Im Berichtszeitraum {period.label} haben die Gruppen des Projektes keine Sitzung erfasst."
    if silent:
        lines += ["", "Ohne Sitzung im Berichtszeitraum: " + ", ".join(silent) + "."]
    return "\n".join(lines)


def structure(*, period: Period, today: date) -> str:
    """Agencies, bodies and the meetings of the period. A fixed number of queries."""
    agencies = list(Agency.objects.filter(is_active=True).only("pk", "name", "parent_id"))
    current = Q(joined_on__lte=today) & (Q(left_on=None) | Q(left_on__gt=today))
    groups = list(
        WorkingGroup.objects.filter(is_active=True)
        .select_related("parent")
        .prefetch_related(
            "action_fields",
            Prefetch(
                "members",
                queryset=GroupMember.objects.filter(current).select_related("agency").order_by("pk"),
                to_attr="current_members",
            ),
            Prefetch(
                "members",
                queryset=GroupMember.objects.filter(current, role=GroupRole.VOLUNTEER_REPRESENTATIVE)
                .select_related("agency")
                .order_by("pk"),
                to_attr="volunteer_members",
            ),
        )
    )
    order = {GroupKind.STEERING: 0, GroupKind.WORKING: 1, GroupKind.PROJECT: 2}
    groups.sort(key=lambda g: (order.get(g.kind, 9), g.parent.name if g.parent else "", g.name))
    meetings = list(
        Meeting.objects.filter(group__in=groups, held_on__gte=period.start, held_on__lte=period.end).order_by(
            "held_on", "pk"
        )
    )
    steering = [group for group in groups if group.kind == GroupKind.STEERING]
    return paragraphs(
        "\n".join(agency_lines(agencies)),
        *(_steering(group) for group in steering),
        _working([group for group in groups if group.kind == GroupKind.WORKING]),
        _project([group for group in groups if group.kind == GroupKind.PROJECT]),
        _meetings(groups, meetings, period),
        as_of(today),
    )
