"""How a page's title names what it is about and what the page does there: one pattern for every app, so that
translators decide the word order once."""

from django.utils.translation import gettext as _


def page_title(subject: str, part: str) -> str:
    """E.g. ("Fall 42", "Verlaufseinträge") -> "Fall 42 – Verlaufseinträge"."""
    return _("%(subject)s – %(part)s") % {"subject": subject, "part": part}
