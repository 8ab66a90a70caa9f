"""The template a new committee report starts from: the sections of the city's status reports, pre-filled with what
the data knows (participating agencies, project structure, goals and their measurements, key figures of the period,
activities due). The coordinators then edit every word. A committee submission is always German, so the text is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, translation

from agencies.models import Agency
from goals.models import Activity, Goal, WorkingGroup
from goals.models.choices import ActivityStatus, GoalLevel, GroupKind
from goals.numbering import number_key
from goals.status_of import with_status
from reports import dashboard, periods
from reports.aggregation import latest_run
from reports.content import principles_in_annex_order
from reports.models import CommitteeReport

OUTLOOK_DAYS = 183  # activities due in the next half year
DEFAULT_PROPOSAL = (
    "Der Sozialausschuss nimmt die Ausführungen zum Sachstand des Projektes „Einwanderung gestalten“ zur Kenntnis."
)


@dataclass(frozen=True)
class Draft:
    title: str
    body: str


def _date(day: date | None) -> str:
    return formats.date_format(day, "d.m.Y") if day else "–"


def _reference() -> Draft | None:
    earlier = list(CommitteeReport.objects.order_by("created_at").values_list("number", flat=True))
    if not earlier:
        return None
    numbers = ", ".join(earlier[:-1]) + (" und " if len(earlier) > 1 else "") + earlier[-1]
    plural = "den bisherigen Vorlagen" if len(earlier) > 1 else "der bisherigen Vorlage"
    return Draft("Bezug", f"Auf {plural} zum Sachstand des Projektes Nr. {numbers} wird verwiesen.")


def _agency_lines(agencies: list[Agency]) -> list[str]:
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


def _overview(principles: list[Goal]) -> Draft:
    fields = []
    for goal in principles:
        if goal.action_field.name not in fields:
            fields.append(goal.action_field.name)
    focus = " und ".join(f"„{name}“" for name in fields) if fields else "(noch keine Grundsatzziele beschlossen)"
    agencies = list(Agency.objects.filter(is_active=True).only("pk", "name", "parent_id"))
    groups = list(WorkingGroup.objects.filter(is_active=True).order_by("kind", "name"))
    steering = [group for group in groups if group.kind == GroupKind.STEERING]
    working = [group for group in groups if group.kind == GroupKind.WORKING]
    project = [group for group in groups if group.kind == GroupKind.PROJECT]
    structure = []
    for group in steering:
        meets = f" Sie tagt {group.meets}." if group.meets else ""
        structure.append(f"Die {group.name} ist das Entscheidungsorgan des Projektes.{meets}")
    if working:
        structure.append("Arbeitsgruppen: " + ", ".join(group.name for group in working) + ".")
    if project:
        structure.append("Projektgruppen: " + ", ".join(group.name for group in project) + ".")
    body = "\n".join(
        [
            "**1. Zielgruppe:** Im Blick sind insbesondere Zugewanderte mit einem Anspruch nach dem AsylbLG, "
            "dem SGB II oder dem SGB XII.",
            "",
            f"**2. Schwerpunktthemen:** {focus}.",
            "",
            "**3. Beteiligte Akteure, Aufbau und Projektstruktur** (siehe Anlage 1): Beteiligt sind",
            "",
            *_agency_lines(agencies),
            "",
            " ".join(structure),
        ]
    )
    return Draft("Kurzer Überblick über das Projekt", body)


def _goals(principles: list[Goal], today: date) -> Draft:
    frameworks = sorted(
        Goal.objects.filter(level=GoalLevel.FRAMEWORK, parent__in=principles).select_related("indicator"),
        key=number_key,
    )
    with_status([*principles, *frameworks], today=today)
    by_parent: dict[int, list[Goal]] = {}
    for framework in frameworks:
        by_parent.setdefault(framework.parent_id, []).append(framework)
    lines, field = [], None
    for annex, goal in enumerate(principles, start=2):
        if goal.action_field.name != field:
            field = goal.action_field.name
            lines += [f"### Handlungsfeld {field}", ""]
        lines.append(
            f"**Grundsatzziel {goal.number or ''}:** {goal.statement} "
            f"(Stand: {goal.status_label}; siehe Anlage {annex})"
        )
        lines.append("")
        for framework in by_parent.get(goal.pk, []):
            latest = framework.latest_measurement
            measured = (
                f", zuletzt gemessen {formats.number_format(latest.value)} am {_date(latest.measured_on)}"
                if latest
                else ""
            )
            lines.append(f"- Rahmenziel {framework.number}: {framework.statement} – {framework.status_label}{measured}")
        lines.append("")
    if not principles:
        lines.append("Es sind noch keine Ziele erfasst.")
    return Draft("Ziele und Ergebnisse", "\n".join(lines).strip())


def _figures(period: periods.Period) -> Draft:
    run = latest_run()
    if run is None:
        return Draft(f"Kennzahlen {period.label}", "Für diesen Zeitraum liegen noch keine Kennzahlen vor.")
    board = dashboard.build(run, period, None, {agency.pk: agency for agency in Agency.objects.all()})
    headline = board.headline
    alerts = board.table("alerts_by_agency").rows[-1][1]
    enrolments = board.table("enrolments_by_kind").rows[-1][1] if board.table("enrolments_by_kind").rows else None
    rows = [
        ("Ausgestellte Berechtigungsscheine", headline[0].text),
        ("Davon innerhalb von 8 Wochen ein Integrationskurs begonnen", headline[1].text),
        ("Anteil Kursbeginn innerhalb von 8 Wochen", headline[5].text),
        ("Median der Tage vom Schein bis zum Kursbeginn", headline[6].text),
        ("Meldungen wegen Nichtteilnahme", alerts[0].text),
        ("Davon erledigt", alerts[3].text),
        ("Median der Stunden bis zur Erledigung", alerts[4].text),
    ]
    if enrolments:
        rows += [("Kursanmeldungen", enrolments[0].text), ("Anwesenheitsquote", enrolments[3].text)]
    table = ["| Kennzahl | Wert |", "|---|---:|", *(f"| {label} | {value} |" for label, value in rows)]
    note = (
        f"Stand der Kennzahlen: {_date(run.today)}. Werte aus weniger als 5 Personen werden nicht ausgewiesen "
        "(„< 5“), ebenso ein weiterer Wert, aus dem sie sich errechnen ließen."
    )
    return Draft(f"Kennzahlen {period.label}", "\n".join([*table, "", note]))


def _outlook(today: date) -> Draft:
    due = (
        Activity.objects.filter(
            due_on__gte=today,
            due_on__lte=today + timedelta(days=OUTLOOK_DAYS),
            status__in=[ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS],
        )
        .select_related("goal", "responsible_agency")
        .order_by("due_on", "pk")
    )
    lines = [
        f"- bis {_date(activity.due_on)}: {activity.title}"
        + (f" ({activity.responsible_agency.name})" if activity.responsible_agency else "")
        + f" – zu Ergebnisziel {activity.goal.number}"
        for activity in due
    ]
    intro = "In den nächsten sechs Monaten stehen folgende Aktivitäten an:"
    return Draft("Aussichten / Weitere Schritte", "\n".join([intro, "", *lines]) if lines else intro + " keine.")


def sections(*, period: periods.Period, today: date) -> list[Draft]:
    """The sections of the reasons (Begründung), in order, with German text pre-filled from the data."""
    with translation.override("de"):
        principles = principles_in_annex_order()
        drafts = [
            _reference(),
            _overview(principles),
            _goals(principles, today),
            _figures(period),
            _outlook(today),
            Draft("Vorläufiges Fazit", "(Von der Projektkoordination zu ergänzen.)"),
        ]
    return [draft for draft in drafts if draft is not None]
