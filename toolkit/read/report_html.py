"""A published report as a web page (.html/.htm): its tables as grids, its text as passages.

The page's text (decoded by toolkit.gate.documents from its own charset) is parsed with lxml's HTML
parser (libxml2: fast, forgiving of CMS markup, no network, no entities expanded). Then

- every ``<table>`` in document order is a table (``表1``, ``表2``…), except a table used for the
  page's layout (one cell, or a cell holding a table or a long text: CMS pages set the whole article
  in one), whose content is read as the page's own, its tables included; ``rowspan``/``colspan``
  become merged ranges whose top-left cell holds the text; ``<br>`` and paragraphs inside a cell
  (``<p><span>``) become line breaks, ``&nbsp;`` a blank; each row's place is ``第N行`` of its table;
  tables that follow each other with no text between them are joined as Word's are
  (toolkit.read.document.join_tables: 表二 published as four tables is read whole);
- the text outside tables, block by block (``<p>``, ``<div>``, headings, list items, ``<br>``), becomes
  passages (``第N段``); scripts, styles, forms' options and comments are no text;
- the title is the line saying 报告 among the first short lines (toolkit.read.document.title_of), or
  else the page's ``<title>``.
"""

from __future__ import annotations

import re

from lxml import etree

from toolkit.read.document import (
    MAX_TABLE_CELLS,
    Document,
    Passage,
    TableBuilder,
    heading_before,
    join_tables,
    set_heading,
    title_of,
)
from toolkit.read.stats_grid import Grid

__all__ = ["read_html"]

_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
     "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center", "address",
     "figure", "figcaption", "caption", "hr", "form", "fieldset", "body", "html", "tr", "td", "th")
)  # fmt: skip
_NO_TEXT = frozenset(
    ("script", "style", "noscript", "template", "head", "select", "option", "textarea", "button", "svg",
     "math", "object", "iframe")
)  # fmt: skip
_ROWS = frozenset(("thead", "tbody", "tfoot"))
_CELLS = frozenset(("td", "th"))
_MAX_SPAN_TEXT = 6  # digits of a rowspan/colspan read
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LEADING_DIGITS = re.compile(r"\s*(\d+)")
#: a cell with more text is the page's layout (the longest official label has some 40 characters)
MAX_CELL_TEXT = 400


def read_html(text: str, path: str) -> Document:
    """The report in the page ``text`` (decoded by the gate)."""
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    # bytes in the one encoding the parser is told (an XHTML page's <?xml encoding?> would stop a str)
    root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser) if text.strip() else None
    reading = _Reading()
    if root is not None:
        reading.walk(root)
        reading.flush()
    notes: list[str] = []
    grids = [set_heading(g, h) for g, h in zip(reading.grids(), reading.headings, strict=True)]
    grids = join_tables(grids, reading.between, notes)
    doc = Document("html", grids=grids, passages=reading.passages, notes=notes)
    doc.title = title_of(doc.passages) or _page_title(root)
    if reading.truncated:
        doc.notes.append("网页中的表格过大，只读取了前面的部分")
    return doc


def _page_title(root: etree._Element | None) -> str:
    if root is None:
        return ""
    found = root.find(".//title")
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


class _Reading:
    def __init__(self) -> None:
        self.passages: list[Passage] = []
        self.buffer: list[str] = []
        self.tables: list[tuple[TableBuilder, str]] = []
        #: per table, the passages between it and the table before (None: a table in a cell)
        self.between: list[list[str] | None] = []
        self.mark = 0  # passages read when the last table ended
        self.headings: list[str] = []  # per table, the report title above it (heading_before)
        self.budget = [MAX_TABLE_CELLS]
        self.truncated = False

    def flush(self) -> None:
        for line in "".join(self.buffer).split("\n"):
            text = " ".join(line.replace("\xa0", " ").split())
            if text:
                self.passages.append(Passage(text, f"第{len(self.passages) + 1}段"))
        self.buffer = []

    def walk(self, root: etree._Element) -> None:
        """Depth first, without recursion (a page may nest thousands of elements)."""
        stack: list[tuple[etree._Element, bool]] = [(root, False)]
        while stack:
            node, closing = stack.pop()
            tag = _tag(node)
            if closing:
                if tag in _BLOCKS:
                    self.buffer.append("\n")
                if node.tail:
                    self.buffer.append(node.tail)
                continue
            if tag is None or tag in _NO_TEXT or _hidden(node):
                if tag is not None and node.tail:
                    self.buffer.append(node.tail)
                continue
            if tag == "table" and not _layout(node):
                self.flush()
                self.between.append([p.text for p in self.passages[self.mark :]] if self.tables else None)
                self.table(node)
                self.mark = len(self.passages)
                if node.tail:
                    self.buffer.append(node.tail)
                continue
            if tag == "br":
                self.buffer.append("\n" + (node.tail or ""))
                continue
            if tag in _BLOCKS:
                self.buffer.append("\n")
            if node.text:
                self.buffer.append(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))

    def table(self, table: etree._Element) -> None:
        self.headings.append(heading_before([p.text for p in self.passages]))
        builder = TableBuilder(self.budget)
        self.tables.append((builder, f"表{len(self.tables) + 1}"))
        nested: list[etree._Element] = []
        rows = _rows(table)
        rowspans = _rowspans(rows)
        for n, tr in enumerate(rows, start=1):
            if not builder.new_row(f"第{n}行"):
                break
            for cell in tr:
                if _tag(cell) in _CELLS and not _hidden(cell):
                    builder.put(_cell_text(cell, nested), _span(cell, "colspan"), rowspans.get(cell, 1))
        self.truncated = self.truncated or builder.truncated
        for inner in nested:
            self.between.append(None)
            self.table(inner)

    def grids(self) -> list[Grid]:
        grids = [builder.grid(name) for builder, name in self.tables]
        self.truncated = self.truncated or any(builder.truncated for builder, _ in self.tables)
        return grids


def _tag(node: etree._Element) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def _layout(table: etree._Element) -> bool:
    """A table used for the page's layout, not a table of figures: it has one cell, or a cell of it
    holds a table or more text than any cell of the official tables (a CMS puts the article, tables
    and all, in such a frame)."""
    cells = [cell for row in _rows(table) for cell in row if _tag(cell) in _CELLS]
    if len(cells) <= 1:
        return True
    for cell in cells:
        size = 0
        for inner in cell.iter():
            if _tag(inner) == "table" and not _one_cell(inner):
                return True
            size += len(inner.text or "") + (len(inner.tail or "") if inner is not cell else 0)
            if size > MAX_CELL_TEXT:
                return True
    return False


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of a table inside a cell), head, body and foot in order."""
    rows: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in _ROWS and not _hidden(child):
            rows += [row for row in child if _tag(row) == "tr"]
    return [row for row in rows if not _hidden(row)]


def _one_cell(table: etree._Element) -> bool:
    """A table of one cell holding no table: inside a cell of a table, a wrapper around its text
    (``<td><table><tr><td>17</td></tr></table></td>``), not a table of its own."""
    cells = [cell for row in _rows(table) for cell in row if _tag(cell) in _CELLS]
    return len(cells) == 1 and not any(
        _tag(inner) == "table" for inner in cells[0].iter() if inner is not cells[0]
    )


def _hidden(node: etree._Element) -> bool:
    """An element a browser does not show: ``style="display:none"`` or ``visibility:hidden`` (a
    CMS's hidden copy of the tables for phones, a print version), the ``hidden`` attribute."""
    style = node.get("style")
    return node.get("hidden") is not None or (style is not None and _HIDDEN_STYLE.search(style) is not None)


def _span(cell: etree._Element, name: str) -> int:
    """A ``rowspan``/``colspan`` as browsers read it: its leading digits (``22px`` is 22, ``3.5`` is
    3); 1 when there are none or they say 0."""
    match = _LEADING_DIGITS.match(cell.get(name) or "")
    if match is None:
        return 1
    value = int(match.group(1)[:_MAX_SPAN_TEXT])
    return value if value > 0 else 1


def _rowspans(rows: list[etree._Element]) -> dict[etree._Element, int]:
    """Each cell's rowspan, a span stopped before a row whose own cells fill the table's width (its
    widest row): a rowspan one too many (``三、本年度办理结果`` reaching into the row 四、结转下年度…)
    pushes that row's cells one column right in a browser, and would shift its numbers out of
    their columns here; the rows the span rightly covers are read as a browser shows them. A span
    past the table's last row ends there (toolkit.read.document.TableBuilder)."""
    cells = [[cell for cell in tr if _tag(cell) in _CELLS and not _hidden(cell)] for tr in rows]
    widths = [sum(_span(cell, "colspan") for cell in row) for row in cells]
    width = max(widths, default=0)
    spans: dict[etree._Element, int] = {}
    active: list[tuple[etree._Element, int]] = []  # (cell, first row) of spans reaching this row
    for r, row in enumerate(cells):
        active = [(cell, r0) for cell, r0 in active if r0 + spans[cell] > r]
        if active and widths[r] >= width:
            for cell, r0 in active:
                spans[cell] = r - r0
            active = []
        for cell in row:
            spans[cell] = _span(cell, "rowspan")
            if spans[cell] > 1:
                active.append((cell, r))
    return spans


def _cell_text(cell: etree._Element, nested: list[etree._Element]) -> str:
    """A cell's text: line breaks for ``<br>`` and between blocks; tables inside go to ``nested``."""
    out: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(cell, False)]
    while stack:
        node, closing = stack.pop()
        tag = _tag(node)
        if closing:
            if tag in _BLOCKS:
                out.append("\n")
            if node is not cell and node.tail:
                out.append(node.tail)
            continue
        if tag == "table" and _one_cell(node) and not _hidden(node):
            tag = "div"  # a table of one cell inside a cell (an editor's wrapper): its text is the cell's
        if tag is None or tag in _NO_TEXT or tag == "table" or _hidden(node):
            if tag == "table" and not _hidden(node):
                nested.append(node)
            if node is not cell and node.tail and tag is not None:
                out.append(node.tail)
            continue
        if tag == "br":
            out.append("\n" + (node.tail or ""))
            continue
        if tag in _BLOCKS:
            out.append("\n")
        if node.text:
            out.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)
