"""The sections a new committee report starts with: the template's outline (ReportTemplateSection, the city's status
report 322/18: sections 1–7), each section's default text with the text the data gives (reports.prose) at its
marker. The coordinators then edit every word; a section can later be written again from newer data.

A committee submission is always German, so the text is, whatever language the coordinator uses in the app.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import translation

from goals.models import ActionField, WorkingGroup
from goals.models.choices import GoalLevel, GroupKind
from reports import outline, periods
from reports.models import ReportTemplateSection, SectionContent
from reports.prose import figures
from reports.prose.common import as_of, paragraphs
from reports.prose.goals import goals_and_results
from reports.prose.structure import structure

DEFAULT_PROPOSAL = (
    "Der Sozialausschuss nimmt die Ausführungen zum Sachstand des Projektes „Einwanderung gestalten“ zur Kenntnis."
)


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    content: str = ""  # a SectionContent value: what the data contributes
    template_text: str = ""


def _focus(*, period: periods.Period, today: date) -> str:
    """Section 2: the action fields that have a Grundsatzziel, and the working group of each."""
    fields = list(
        ActionField.objects.filter(is_active=True, goals__level=GoalLevel.PRINCIPLE)
        .distinct()
        .order_by("position", "name")
    )
    if not fields:
        return paragraphs("Es ist noch kein Handlungsfeld mit einem Grundsatzziel erfasst.", as_of(today))
    names = [f"„{field.name}“" for field in fields]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
    text = (
        f"Schwerpunktthema ist das Handlungsfeld {listed}."
        if len(fields) == 1
        else f"Schwerpunktthemen sind die Handlungsfelder {listed}."
    )
    working = WorkingGroup.objects.filter(is_active=True, kind=GroupKind.WORKING, action_fields__in=fields)
    groups = list(working.distinct().order_by("name").values_list("name", flat=True))
    if groups:
        text += " Zu den Schwerpunktthemen arbeiten: " + ", ".join(groups) + "."
    return paragraphs(text, as_of(today))


WRITERS = {
    SectionContent.TARGET_GROUP: figures.target_group,
    SectionContent.FOCUS: _focus,
    SectionContent.STRUCTURE: structure,
    SectionContent.GOALS: goals_and_results,
    SectionContent.OUTLOOK: figures.outlook,
    SectionContent.KEY_FIGURES: figures.key_figures,
}


def generate(content: str, *, period: periods.Period, today: date) -> str:
    """The text the data gives for a section ("" for a section of free text)."""
    writer = WRITERS.get(content)
    if writer is None:
        return ""
    with translation.override("de"):
        return writer(period=period, today=today)


def body(template_text: str, content: str, *, period: periods.Period, today: date) -> str:
    return outline.compose(template_text, generate(content, period=period, today=today))


def sections(*, period: periods.Period, today: date) -> list[Draft]:
    """The sections of the reasons (Begründung), in the template's order, with German text pre-filled from the
    data."""
    return [
        Draft(
            title=row.title,
            body=body(row.default_text, row.content, period=period, today=today),
            content=row.content,
            template_text=row.default_text,
        )
        for row in ReportTemplateSection.objects.order_by("position")
    ]
