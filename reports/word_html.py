"""The sanitised HTML of a report's texts (reports.text) as Word paragraphs, for the .docx of a version (reports.word).

Not an HTML engine: the texts can only hold the tags of reports.text.ALLOWED_TAGS, written by Markdown, so a walker
over those is enough — paragraphs, headings, bulleted and numbered lists (nested), bold, italic, underline, line
breaks, quotes, links and tables. Anything else is read for its text only.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

HEADER_FILL = "E6E9EE"  # the header rows' grey of the print stylesheet
TABLE_STYLE = "Table Grid"
_SPACE = re.compile(r"\s+")
_ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


def shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def keep_row_together(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def mark_header_row(row: _Row) -> None:
    """A real header row: repeated on every page by Word, bold on grey as in the PDF."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell in row.cells:
        shade(cell, HEADER_FILL)
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


@dataclass
class _Segment:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    line_break: bool = False


@dataclass
class _Cell:
    header: bool
    align: str | None
    segments: list[_Segment] = field(default_factory=list)


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    head_rows: int = 0
    in_head: bool = False


@dataclass
class _List:
    ordered: bool
    count: int = 0


class _Walker(HTMLParser):
    def __init__(self, container, heading_offset: int) -> None:
        super().__init__(convert_charrefs=True)
        self.container = container
        self.heading_offset = heading_offset
        self.paragraph: Paragraph | None = None
        self.fresh = True  # nothing written into the current paragraph yet
        self.bold = self.italic = self.underline = self.quote = 0
        self.lists: list[_List] = []
        self.table: _Table | None = None
        self.cell: _Cell | None = None
        self.links: list[tuple[str, list[str]]] = []

    # Blocks

    def _open(self, style: str | None = None) -> Paragraph:
        self.paragraph = self.container.add_paragraph(style=style)
        self.fresh = True
        return self.paragraph

    def _list_style(self, kind: str) -> str:
        depth = min(len(self.lists), 3)
        return kind if depth <= 1 else f"{kind} {depth}"

    def _body_style(self) -> str | None:
        if self.lists:
            return self._list_style("List Continue")
        return "Quote" if self.quote else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None and tag in ("thead", "tbody", "tr", "th", "td"):
            self._table_tag(tag, dict(attrs))
        elif tag == "table":
            self.table, self.paragraph = _Table(), None
        elif tag == "p":
            if self.cell is not None:
                if self.cell.segments:
                    self.cell.segments.append(_Segment("", line_break=True))
            elif not (self.lists and self.paragraph is not None and self.fresh):
                self._open(self._body_style())
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.cell is None:
            self._open(f"Heading {min(int(tag[1]) + self.heading_offset, 9)}")
        elif tag in ("ul", "ol"):
            self.lists.append(_List(ordered=tag == "ol"))
            self.paragraph = None
        elif tag == "li" and self.lists:
            current = self.lists[-1]
            current.count += 1
            if current.ordered:
                self._open(self._list_style("List Continue")).add_run(f"{current.count}. ")
            else:
                self._open(self._list_style("List Bullet"))
        elif tag == "br":
            self._break()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", []))
        elif tag == "hr" and self.cell is None:
            self.paragraph = None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td", "tr", "thead", "tbody") and self.table is not None:
            if tag in ("th", "td"):
                self.cell = None
            elif tag == "thead":
                self.table.in_head = False
        elif tag == "table" and self.table is not None:
            self._write_table(self.table)
            self.table = self.cell = None
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            if self.cell is None:
                self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "u":
            self.underline = max(self.underline - 1, 0)
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
            self.paragraph = None
        elif tag == "a" and self.links:
            href, texts = self.links.pop()
            address = href.removeprefix("mailto:")
            # A Word document keeps no link of ours: the address is written out where the text does not show it.
            if address and address not in "".join(texts):
                self._write(f" ({address})")

    # Text

    def handle_data(self, data: str) -> None:
        text = _SPACE.sub(" ", data)
        for _href, texts in self.links:
            texts.append(text)
        self._write(text)

    def _write(self, text: str) -> None:
        if self.table is not None:
            if self.cell is not None:
                if not self.cell.segments or self.cell.segments[-1].line_break:
                    text = text.lstrip()
                if text:
                    self.cell.segments.append(_Segment(text, self.bold > 0, self.italic > 0, self.underline > 0))
            return
        if self.paragraph is None:
            if not text.strip():
                return
            self._open(self._body_style())
        if self.fresh:
            text = text.lstrip()
        if not text:
            return
        run = self.paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.underline = bool(self.underline) or None
        self.fresh = False

    def _break(self) -> None:
        if self.cell is not None:
            self.cell.segments.append(_Segment("", line_break=True))
        elif self.table is None:
            (self.paragraph or self._open(self._body_style())).add_run().add_break()
            self.fresh = True

    # Tables

    def _table_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        table = self.table
        if tag == "thead":
            table.in_head = True
        elif tag == "tr":
            table.rows.append([])
            if table.in_head:
                table.head_rows += 1
        elif tag in ("th", "td"):
            if not table.rows:
                table.rows.append([])
            self.cell = _Cell(header=tag == "th", align=attrs.get("align"))
            table.rows[-1].append(self.cell)

    def _write_table(self, parsed: _Table) -> None:
        rows = [row for row in parsed.rows if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        table: Table = self.container.add_table(rows=0, cols=columns)
        table.style = TABLE_STYLE
        head_rows = parsed.head_rows or (1 if all(cell.header for cell in rows[0]) else 0)
        for index, cells in enumerate(rows):
            row = table.add_row()
            for cell, target in zip(cells, row.cells, strict=False):
                paragraph = target.paragraphs[0]
                if cell.align in _ALIGN:
                    paragraph.alignment = _ALIGN[cell.align]
                for segment in cell.segments:
                    if segment.line_break:
                        paragraph.add_run().add_break()
                        continue
                    run = paragraph.add_run(segment.text)
                    run.bold = segment.bold or cell.header or None
                    run.italic = segment.italic or None
                    run.underline = segment.underline or None
            if index < head_rows:
                mark_header_row(row)
        self.paragraph = None


def add_html(container, html: str, *, heading_offset: int = 0) -> None:
    """Write the HTML's blocks into `container` (the document or a table cell). `heading_offset` shifts the HTML's
    heading levels to the Word heading levels where the text sits (h3 of a text under a Heading 2 stays Heading 3
    with offset 0)."""
    walker = _Walker(container, heading_offset)
    walker.feed(html or "")
    walker.close()
    if walker.table is not None:  # an unclosed table still shows
        walker._write_table(walker.table)
