"""The formatted text of a report: written in a light markup (Markdown: paragraphs, **bold**, *italic*, lists,
headings, tables), stored as written and as sanitised HTML.

Sanitising happens on save, with an allow-list (nh3): whatever a user typed — raw HTML included — leaves only the
tags below, no attributes but a link's address, and only https and mailto links. No images, no styles: a PDF built
from the text has nothing to fetch.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3", "h4", "h5", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"align"}, "td": {"align"}}
MAX_LENGTH = 100_000  # characters of one text; a committee report's section is a few pages at most


def to_html(text: str) -> str:
    """Markdown to HTML, then sanitised. Headings start at level 3: the document's own title and sections use
    levels 1 and 2."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    rendered = (
        rendered.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    )
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer",
    )
