"""A report version's PDF, laid out from its frozen content (reports.content) and nothing else.

Two steps, so that the task can show progress: WeasyPrint lays out and paginates the document (most of the time),
then writes the PDF (fonts subset and embedded, tags, PDF/A metadata). The PDF is PDF/A-3b and tagged
(ewg.pdf.ARCHIVAL); every resource it names is one of the app's static files or is left out (ewg.pdf's fetcher).
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reports.content import DOCUMENT_LANGUAGE

TEMPLATE = "reports/pdf/report.html"

Progress = Callable[[int, str], None]


def _ignore(percent: int, step: str) -> None:
    pass


def render_html(content: dict) -> str:
    """The print document as HTML, in the language the content was frozen in."""
    with translation.override(content.get("language") or DOCUMENT_LANGUAGE):
        return render_to_string(
            TEMPLATE, {"content": content, "header": content["header"], "figures": content["figures"]}
        )


def render(content: dict, *, progress: Progress | None = None) -> tuple[bytes, int]:
    """The PDF of a frozen content and its number of pages. `progress(percent, step)` is told of each step; the step
    texts are in the document's language."""
    report = progress or _ignore
    with translation.override(content.get("language") or DOCUMENT_LANGUAGE):
        report(5, _("Preparing the document"))
        from ewg.pdf import ARCHIVAL, layout  # WeasyPrint takes over a second to import: only renders pay for it

        html = render_html(content)
        report(15, _("Laying out the pages"))
        document = layout(html, **ARCHIVAL)
        pages = len(document.pages)
        report(70, _("Writing the PDF (%(pages)s pages)") % {"pages": pages})
        pdf = document.write_pdf(**ARCHIVAL)
        report(100, _("Done"))
    return pdf, pages
