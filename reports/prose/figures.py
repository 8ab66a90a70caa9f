"""The report's prose about figures: cases opened by benefit system (section 1), case management (section 5) and the
key-figure table a coordinator may add as a section. All read the dashboard's tables of the latest finished run,
so the text says what the dashboard and the annexes say, hidden cells included, with the run's day as data date."""

from datetime import date, timedelta

from agencies.models import Agency
from goals.models import Activity, Meeting
from goals.models.choices import ActivityStatus
from reports import dashboard, version_figures
from reports.aggregation import latest_run
from reports.periods import Period
from reports.prose.common import as_of, day, goal_name, hidden_note, paragraphs

OUTLOOK_DAYS = 183  # activities due in the next half year
NO_FIGURES = "Für diesen Zeitraum liegen noch keine Kennzahlen vor."


def _board(period: Period) -> dashboard.Dashboard | None:
    run = latest_run()
    if run is None:
        return None
    return dashboard.build(run, period, None, {agency.pk: agency for agency in Agency.objects.all()})


def _by_key(table: dashboard.Table) -> tuple[list[tuple[str, dashboard.Shown, dashboard.Shown]], tuple]:
    """A "cases, persons" table as (label, cases, persons) rows and its total row."""
    rows = [(label, values[0], values[1]) for label, values in table.rows]
    return rows[:-1], rows[-1]


def target_group(*, period: Period, today: date) -> str:
    board = _board(period)
    if board is None:
        return paragraphs(NO_FIGURES, as_of(today))
    rows, (_label, cases, persons) = _by_key(board.table("cases_by_benefit"))
    if cases.number == 0:
        return paragraphs(f"Im Berichtszeitraum {period.label} wurden keine Fälle eröffnet.", as_of(board.run.today))
    parts = ", ".join(f"{label} {shown.text}" for label, shown, _persons in rows)
    text = (
        f"Im Berichtszeitraum {period.label} wurden {cases.text} Fälle für {persons.text} Personen eröffnet. "
        f"Nach dem Leistungssystem der Personen heute: {parts}."
    )
    shown = [cases, persons, *(value for _label, value, _persons in rows)]
    return paragraphs(text, hidden_note(shown), as_of(board.run.today))


def _case_management(period: Period, today: date) -> str:
    board = _board(period)
    if board is None:
        return paragraphs("**Case Management**", NO_FIGURES, as_of(today))
    rows, (_label, cases, persons) = _by_key(board.table("case_phases"))
    if cases.number == 0:
        text = f"Im Berichtszeitraum {period.label} wurden keine Fälle im Case Management eröffnet."
        return paragraphs("**Case Management**", text, as_of(board.run.today))
    phases = ", ".join(f"{label} {shown.text}" for label, shown, _persons in rows)
    text = (
        f"Im Berichtszeitraum {period.label} wurden {cases.text} Fälle im Case Management eröffnet "
        f"({persons.text} Personen). Nach ihrer Phase heute: {phases}."
    )
    shown = [cases, persons, *(value for _label, value, _persons in rows)]
    return paragraphs("**Case Management**", text, hidden_note(shown), as_of(board.run.today))


def _activities_due(today: date) -> str:
    due = (
        Activity.objects.filter(
            due_on__gte=today,
            due_on__lte=today + timedelta(days=OUTLOOK_DAYS),
            status__in=[ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS],
            goal__action_field__is_active=True,
        )
        .select_related("goal__action_field", "responsible_agency")
        .order_by("due_on", "pk")
    )
    lines = [
        f"- bis {day(activity.due_on)}: {activity.title}"
        + (f" ({activity.responsible_agency.name})" if activity.responsible_agency else "")
        + f" – zu {goal_name(activity.goal)} „{activity.goal.action_field.name}“"
        for activity in due
    ]
    intro = "**Anstehende Aktivitäten** in den nächsten sechs Monaten:"
    return "\n".join([intro, "", *lines]) if lines else intro + " keine."


def _meetings_ahead(today: date) -> str:
    ahead = Meeting.objects.filter(held_on__gt=today, group__is_active=True).select_related("group")
    lines = [f"- {meeting.group.name}, {day(meeting.held_on)}" for meeting in ahead.order_by("held_on", "pk")[:20]]
    return "\n".join(["**Nächste Sitzungen:**", "", *lines]) if lines else ""


def outlook(*, period: Period, today: date) -> str:
    return paragraphs(_case_management(period, today), _activities_due(today), _meetings_ahead(today), as_of(today))


def _goal_measures(period_share: dashboard.Shown, today: date) -> list[tuple[str, dashboard.Shown]]:
    """The share started within 8 weeks as the goal matrix shows it (one source: reports.version_figures), with its
    goal, annex and day of measurement; the period's share only where no goal measures it."""
    measures = version_figures.goal_measures_now(today=today)
    if not measures:
        return [("Anteil Kursbeginn innerhalb von 8 Wochen", period_share)]
    return [
        (f"{indicator} – {goal}, gemessen am {measured_on}", dashboard.Shown(value))
        for indicator, value, measured_on, goal in measures["rows"]
    ]


def key_figures(*, period: Period, today: date) -> str:
    """The key figures of the period as a table "| Kennzahl | Wert |"."""
    board = _board(period)
    if board is None:
        return paragraphs(NO_FIGURES, as_of(today))
    headline = board.headline
    alerts = board.table("alerts_by_agency").rows[-1][1]
    enrolments = board.table("enrolments_by_kind").rows[-1][1] if board.table("enrolments_by_kind").rows else None
    rows = [
        ("Ausgestellte Berechtigungsscheine", headline[0]),
        ("Davon innerhalb von 8 Wochen ein Integrationskurs begonnen", headline[1]),
        *_goal_measures(headline[5], today),
        ("Median der Tage vom Schein bis zum Kursbeginn", headline[6]),
        ("Meldungen wegen Nichtteilnahme", alerts[0]),
        ("Davon erledigt", alerts[3]),
        ("Median der Stunden bis zur Erledigung", alerts[4]),
    ]
    if enrolments:
        rows += [("Kursanmeldungen", enrolments[0]), ("Anwesenheitsquote", enrolments[3])]
    table = ["| Kennzahl | Wert |", "|---|---:|", *(f"| {label} | {value.text} |" for label, value in rows)]
    return paragraphs("\n".join(table), hidden_note([value for _label, value in rows]), as_of(board.run.today))
