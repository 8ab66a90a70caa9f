"""A report version as a Word document (.docx), for the council information system, which takes submissions as Word
files. The PDF/A stays the archival copy; both are laid out from the same frozen content (reports.content) and from
nothing else, so the .docx of a version never differs from its PDF in what it says.

The layout follows the PDF (templates/reports/pdf/report.html): the city's header block, the proposal, the reasons
in numbered sections, the key figures, the list of annexes and the annexes on landscape pages. Headings are Word
headings (Heading 1 for the parts, Heading 2 for the sections, Heading 3 and below inside a section's text), tables
are Word tables with a header row that repeats on every page.

The walker reads the content's keys defensively: sections and annexes are walked as they come (whatever their
number, order or nesting), optional keys may be missing, and an annex of an unknown kind still shows its table.
"""

from datetime import date, datetime, time
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports.content import DOCUMENT_LANGUAGE
from reports.word_html import TABLE_STYLE, add_html, keep_row_together, mark_header_row, shade

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"  # on every office computer; the PDF's Fira Sans is embedded there, a .docx only names its font
BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x55, 0x55, 0x55)
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
SECTION_LEVEL = 2  # the sections of the reasons are Heading 2, below "Begründung:"
# The goal matrix's column widths of the print stylesheet (mm); the goal text takes the rest of the landscape page.
MATRIX_WIDTHS = (20, 9, None, 32, 19, 14, 15, 31, 14, 15, 18)
MATRIX_FILLS = {"principle": "D9E2EF", "framework": "EEF2F7"}


def _text(value) -> str:
    return "" if value is None else str(value)


def _notes(block: dict) -> list[str]:
    """The footnotes and legends a block carries, under whichever of the keys the content uses."""
    notes: list[str] = []
    for key in ("note", "notes", "footnote", "footnotes", "legend"):
        value = block.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            notes.append(str(value))
        elif isinstance(value, list | tuple):
            notes.extend(str(item) for item in value if item)
    return notes


# Document setup


def _restyle(document) -> None:
    """Black headings in the body font: the default template's blue theme headings are not a city's letter."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    for name in ("Title", *(f"Heading {level}" for level in range(1, 7)), "Caption", "Quote"):
        style = styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None:
            style.element.rPr.remove(fonts)
        style.font.name = FONT
        style.font.color.rgb = BLACK
    styles["Title"].font.size = Pt(16)
    styles["Heading 1"].font.size = Pt(13)
    styles["Heading 2"].font.size = Pt(11.5)
    for level in range(3, 7):
        styles[f"Heading {level}"].font.size = Pt(10.5)


def _language(document, tag: str) -> None:
    """The document's language, for Word's spelling and hyphenation."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)


def _portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(18)


def _landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(14), Mm(16)
    section.left_margin = section.right_margin = Mm(12)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(section, content: dict, header: dict) -> None:
    """As the PDF's footer: the number and the version line, and "Seite X von Y"."""
    footer = section.footer.paragraphs[0]
    footer.text = f"Vorlage Nr. {_text(header.get('number'))} · {_version_line(content)}"
    pages = section.footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run(pgettext("page numbers", "Page") + " ")
    _field(pages, "PAGE")
    pages.add_run(" " + pgettext("page numbers", "of") + " ")
    _field(pages, "NUMPAGES")
    for paragraph in section.footer.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _properties(document, content: dict, header: dict) -> None:
    properties = document.core_properties
    properties.title = f"Vorlage Nr. {_text(header.get('number'))} – {_text(header.get('subject'))}"
    properties.subject = _text(header.get("subject"))
    properties.author = properties.last_modified_by = _text(content.get("city"))
    properties.category = _text(header.get("kind_label"))
    properties.language = LANGUAGE_TAGS.get(content.get("language") or DOCUMENT_LANGUAGE, "de-DE")
    properties.revision = int(content.get("version") or 1)
    properties.keywords = properties.comments = ""
    try:
        printed = datetime.combine(date.fromisoformat(content.get("printed_on") or ""), time())
    except ValueError:
        printed = None
    # The version's date, not the download's: two downloads of a version are the same document.
    properties.created = properties.modified = printed or datetime(2000, 1, 1)


# Parts of the document


def _version_line(content: dict) -> str:
    return f"{_('Version')} {_text(content.get('version'))} · {_('as of')} {_text(content.get('printed_on_text'))}"


def _letterhead(document, content: dict, header: dict) -> None:
    city = document.add_paragraph()
    run = city.add_run(_text(content.get("city")))
    run.bold, run.font.size = True, Pt(16)
    document.add_paragraph(f"Vorlage Nr. {_text(header.get('number'))}", style="Title")
    line = document.add_paragraph().add_run(_version_line(content))
    line.font.size, line.font.color.rgb = Pt(8.5), GREY


def _header_block(document, header: dict) -> None:
    """Betreff, Vorlage, Aktenzeichen, Art, committee, meeting date, period: the form's labels are German, as in the
    PDF; the others are translated."""
    rows = [
        ("Betreff", header.get("subject")),
        ("Vorlage", header.get("number")),
        ("Aktenzeichen", header.get("file_number") or "–"),
        ("Art", header.get("kind_label") or header.get("kind")),
        (_("Committee"), header.get("committee")),
    ]
    if header.get("meeting_date"):
        rows.append((_("Meeting date"), header["meeting_date"]))
    rows.append((_("Reporting period"), header.get("period_label") or header.get("period")))
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(38), Mm(129)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(_text(value))


def _proposal(document, content: dict) -> None:
    document.add_heading("Beschlussvorschlag/Empfehlung:", level=1)
    if content.get("proposal_html"):
        add_html(document, content["proposal_html"])
    else:
        document.add_paragraph("–")


def _section_title(section: dict) -> str:
    number, title = section.get("number"), _text(section.get("title"))
    return f"{number}. {title}" if number not in (None, "") else title


def _sections(document, sections: list, level: int) -> None:
    for section in sections:
        if not isinstance(section, dict):
            continue
        document.add_heading(_section_title(section), level=min(level, 9))
        # The texts' own headings start at h3 under a section at Heading 2.
        add_html(document, section.get("html") or "", heading_offset=level - SECTION_LEVEL)
        children = section.get("sections") or section.get("subsections") or section.get("children") or []
        _sections(document, children, level + 1)


def _data_table(document, header: list, rows: list[list], *, font: Pt | None = None):
    """A table with a header row; the first column of the body in bold, as the PDF's row headers."""
    table = document.add_table(rows=0, cols=max(1, len(header), *(len(row) for row in rows)))
    table.style = TABLE_STYLE
    if header:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, header, strict=False)):
            cell.paragraphs[0].add_run(_text(text))
            if index and rows:  # a header stands over its numbers: aligned as they are
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        mark_header_row(table.rows[0])
    for values in rows:
        row = table.add_row()
        keep_row_together(row)
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=False)):
            run = cell.paragraphs[0].add_run(_text(text))
            run.bold = index == 0 or None
            if index:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if font is not None:
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = font
    return table


def _small(document, text: str, *, style: str | None = None) -> None:
    run = document.add_paragraph(style=style).add_run(text)
    run.font.size = Pt(8.5)


def _figures(document, figures: dict, header: dict) -> None:
    document.add_heading(_("Key figures"), level=1)
    if not figures.get("available"):
        document.add_paragraph(_text(figures.get("note")) or "–")
        return
    # The figures' time as the PDF states it: when the run finished; in versions frozen before that, only the day.
    when = _text(figures.get("computed_text")) or f"{_('as of')} {_text(figures.get('as_of'))}"
    _small(document, f"{_('Reporting period')} {_text(header.get('period_label'))} · {_('all agencies')} · {when}")
    for table in figures.get("tables") or []:
        document.add_paragraph(_text(table.get("title")), style="Caption")
        _data_table(document, table.get("columns") or [], table.get("rows") or [], font=Pt(8))
        for note in _notes(table):
            _small(document, note)
    for note in _notes(figures):
        _small(document, note)


def _annex_list(document, content: dict) -> None:
    document.add_heading("Anlagen:", level=1)
    titles = content.get("annex_titles") or [annex.get("title") for annex in content.get("annexes") or []]
    for title in titles or ["–"]:
        document.add_paragraph(_text(title))


def _structure(document, annex: dict) -> None:
    """Anlage 1: agencies (rows, indented as a tree) × bodies (columns), a mark where the agency has a member."""
    if annex.get("caption"):
        _small(document, annex["caption"])
    columns = annex.get("columns") or []
    table = _data_table(document, [annex.get("corner") or "", *columns], [], font=Pt(8))
    for entry in annex.get("rows") or []:
        row = table.add_row()
        keep_row_together(row)
        cells = row.cells
        name = cells[0].paragraphs[0]
        name.paragraph_format.left_indent = Mm(4 * min(int(entry.get("depth") or 0), 4))
        run = name.add_run(_text(entry.get("name")))
        if not entry.get("takes_part", True):
            run.font.color.rgb = GREY  # a parent agency shown for the tree only
        for cell, mark in zip(cells[1:], entry.get("marks") or [], strict=False):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraphs[0].add_run(_text(mark))
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def _goal_matrix(document, annex: dict, width: int) -> None:
    """The goal matrix: principal and framework goals on a tint, numbers right-aligned, empty cells as a dash."""
    header = annex.get("header") or []
    table = _data_table(document, header, [], font=Pt(8))
    entries = annex.get("rows") or []
    numbers = {
        index
        for entry in entries
        for index, value in enumerate(entry.get("cells") or [])
        if isinstance(value, dict) and value.get("is_number")
    }
    if header:
        for index in numbers & set(range(len(header))):  # a header stands over its numbers: aligned as they are
            table.rows[0].cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for entry in entries:
        row = table.add_row()
        keep_row_together(row)
        level = entry.get("level")
        for cell, value in zip(row.cells, entry.get("cells") or [], strict=False):
            value = value if isinstance(value, dict) else {"text": value}
            paragraph = cell.paragraphs[0]
            if value.get("is_number"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(_text(value.get("text")) or "–")
            run.font.size = Pt(7.5 if level == "activity" else 8)
            run.bold = level in MATRIX_FILLS or None
            if level in MATRIX_FILLS:
                shade(cell, MATRIX_FILLS[level])
    if len(header) == len(MATRIX_WIDTHS):
        fixed = sum(w for w in MATRIX_WIDTHS if w)
        widths = [Mm(w or max(width - fixed, 40)) for w in MATRIX_WIDTHS]
        table.autofit = False
        for row in table.rows:
            for cell, cell_width in zip(row.cells, widths, strict=False):
                cell.width = cell_width


def _generic_table(document, annex: dict) -> None:
    """An annex of a kind this module does not know yet: its header and rows as they come."""
    header = annex.get("header") or annex.get("columns") or []
    rows = []
    for entry in annex.get("rows") or []:
        if isinstance(entry, dict):
            entry = entry.get("cells") or entry.get("values") or []
        rows.append([cell.get("text") if isinstance(cell, dict) else cell for cell in entry])
    if header or rows:
        _data_table(document, header, rows, font=Pt(8))


def _annexes(document, annexes: list) -> None:
    """Each annex on a new landscape page, as the PDF's annex pages."""
    if not annexes:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _landscape(section)
    width = round((section.page_width - section.left_margin - section.right_margin) / Mm(1))
    for index, annex in enumerate(annexes):
        heading = document.add_heading(_text(annex.get("title")), level=1)
        heading.paragraph_format.page_break_before = index > 0
        kind = annex.get("kind")
        if kind == "structure":
            _structure(document, annex)
        elif kind == "goal_matrix":
            _goal_matrix(document, annex, width)
        else:
            _generic_table(document, annex)
        if annex.get("html"):
            add_html(document, annex["html"], heading_offset=-1)
        for note in _notes(annex):
            _small(document, note)


def build(content: dict) -> bytes:
    """The .docx of a frozen content, in the language it was frozen in."""
    language = content.get("language") or DOCUMENT_LANGUAGE
    header = content.get("header") or {}
    with translation.override(language):
        document = Document()
        _restyle(document)
        _language(document, LANGUAGE_TAGS.get(language, "de-DE"))
        _portrait(document.sections[0])
        _footer(document.sections[0], content, header)
        _properties(document, content, header)
        _letterhead(document, content, header)
        _header_block(document, header)
        _proposal(document, content)
        document.add_heading("Begründung:", level=1)
        # The reasons' opening (reference to the earlier submissions), in the content since its schema 2.
        add_html(document, content.get("introduction_html") or "")
        _sections(document, content.get("sections") or [], SECTION_LEVEL)
        _figures(document, content.get("figures") or {}, header)
        _annex_list(document, content)
        _annexes(document, content.get("annexes") or [])
        buffer = BytesIO()
        document.save(buffer)
    return buffer.getvalue()
