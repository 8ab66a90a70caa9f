"""How page titles name a case: by its number, never by the person's name, for titles land in the browser history
and the window lists of shared workstations."""

from django.utils.translation import gettext as _

from ewg.titles import page_title


def case_title(case, part: str) -> str:
    """`part`: the page or the action, e.g. "Case notes" -> "Fall 42 – Verlaufseinträge"."""
    return page_title(_("Case %(number)s") % {"number": case.pk}, part)
