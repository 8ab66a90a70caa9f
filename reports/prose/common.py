"""Small pieces every block of the report's prose uses: dates, the data-date line, the note on hidden figures."""

from datetime import date

from django.utils import formats

from goals.matrix import Cell
from goals.models import Goal
from goals.models.choices import GoalLevel
from reports import suppression
from reports.dashboard import Shown

LEVEL = {GoalLevel.PRINCIPLE: "Grundsatzziel", GoalLevel.FRAMEWORK: "Rahmenziel", GoalLevel.RESULT: "Ergebnisziel"}


def day(value: date | None) -> str:
    return formats.date_format(value, "d.m.Y") if value else "–"


def as_of(value: date) -> str:
    """The line that closes each generated block: which day the data it tells of is from."""
    return f"*Stand der Daten: {day(value)}*"


def hidden_note(shown: list[Shown]) -> str:
    """The footnote of a paragraph with hidden figures ("" when it has none): the one every figure has."""
    if not any(value.hidden for value in shown):
        return ""
    return suppression.footnote() + "."


def quantity(value, unit: str) -> str:
    """A goal's value with its unit, as the goal matrix writes the number ("58 %", "15 Personen")."""
    text = Cell(value).text
    return f"{text} {unit}".strip() if unit else text


def goal_name(goal: Goal) -> str:
    return f"{LEVEL.get(goal.level, 'Ziel')} {goal.number}".strip()


def paragraphs(*blocks: str) -> str:
    return "\n\n".join(block.strip() for block in blocks if block and block.strip())


def ended(sentence: str) -> str:
    """The sentence with its full stop, unless it ends in one already (or in a closing quote: „… Woche.“)."""
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "!", "?", "“", ":")) else sentence + "."


def listed(items: list[str]) -> str:
    """ "A", "A und B", "A, B und C"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]
