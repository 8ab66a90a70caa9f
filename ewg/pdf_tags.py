"""Two things a tagged PDF needs that WeasyPrint's structure tree leaves out: /Lang where the language changes, and
/Scope on table header cells.

WeasyPrint (pinned in uv.lock) builds the structure tree from the HTML it laid out, but it writes the language only
once, into the catalog (from <html lang>), and it reads a <th>'s `scope` only to decide which cells the header heads
(/Headers), without writing the attribute /Scope. PDF/UA-1 (ISO 14289-1, 7.2) and WCAG 2.1 SC 3.1.2 ask for every
change of language to be marked on the content in that language, so that a screen reader switches its voice for the
Arabic line of a bilingual booklet; PDF/UA-1 (7.5) asks for table headers to say what they head.

Neither has an option in WeasyPrint, and once the tree is written nothing links a structure element to the HTML
element it came from: a finisher, or a second pass with pypdf, would have to guess it from the text. So the one
function that builds the tree, element by element, is wrapped: every structure element it returns for an HTML
element with a `lang` of its own gets /Lang, every <th> with a `scope` gets /Scope. Nothing else changes, and it
costs nothing measurable. tests/test_pdf_accessibility.py fails if a WeasyPrint upgrade breaks the wrapping.

`install()` is called by ewg.pdf, so every tagged PDF (PDF/UA and the tagged PDF/A) gets both.
"""

import pydyf
from weasyprint.css import AnonymousStyle
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags

# HTML's scope values -> the /Scope of a table header cell (ISO 32000-1, table 349).
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _own_element(box):
    """The HTML element a box is the principal box of, or None: anonymous boxes (the blocks WeasyPrint wraps around
    inline content, the parts of an implied table) and pseudo-elements (::marker, ::before) repeat their element's
    attributes, and their structure elements sit inside the element's own, which carries them once."""
    if isinstance(box, boxes.PageBox) or box.element is None or box.element_tag in (None, "html"):
        return None  # the page and <html>: the catalog's /Lang speaks for the whole document
    if isinstance(box.style, AnonymousStyle) or "::" in box.element_tag:
        return None
    return box.element


def _amend(structure_element, box) -> None:
    element = _own_element(box)
    if element is None:
        return
    lang = element.get("lang")
    if lang and "Lang" not in structure_element:
        structure_element["Lang"] = pydyf.String(lang)
    if structure_element["S"] == "/TH" and (scope := SCOPES.get((element.get("scope") or "").lower())):
        structure_element["A"]["Scope"] = scope


def _wrap(build_box_tree):
    def build_box_tree_with_lang_and_scope(box, parent, pdf, *args):
        # WeasyPrint's recursion calls the module's name, so every level comes through here.
        for structure_element in build_box_tree(box, parent, pdf, *args):
            _amend(structure_element, box)
            yield structure_element

    build_box_tree_with_lang_and_scope.wrapped = build_box_tree
    return build_box_tree_with_lang_and_scope


def install() -> None:
    """Wrap WeasyPrint's structure-tree builder, once per process."""
    if not hasattr(tags._build_box_tree, "wrapped"):
        tags._build_box_tree = _wrap(tags._build_box_tree)
