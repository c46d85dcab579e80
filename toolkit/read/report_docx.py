"""A published report as a Word document (.docx): its tables as grids, its text as passages.

Only ``word/document.xml`` is parsed, with lxml, from the bytes the gate inflated and judged
(toolkit.gate.documents: no DTD, a size cap): python-docx would open every part of the package and
costs more to import than the whole read. What Word keeps there:

- tables (``w:tbl``) in document order, named ``表1``, ``表2``…: a cell spanning columns
  (``w:gridSpan``, or the old ``w:hMerge`` some WPS versions write) or rows (``w:vMerge`` restart …
  continue) becomes one merged range whose top-left cell holds the text; ``w:gridBefore`` leaves its
  columns empty; a cell's paragraphs are joined with line breaks (the 统计表 reader normalises them
  away). Each row's place is ``第N行`` of its table;
- a table nested in a cell is a table of its own, numbered after the one around it; a table of one
  cell is a frame around text (a report set in a box): what is in it is read as the body's own;
- a table that continues one broken by a page (only empty paragraphs, a page break or 续表 between
  them, the same number of columns) is joined to it: its rows are ``续表 第N行``, with a note;
- a paragraph in one of Word's automatic lists gets the number Word shows before it (``一、``,
  ``（二）``, ``1.``: toolkit.read.report_numbering), in tables and outside;
- paragraphs outside tables become passages (``第N段``, counting the non-empty ones), text boxes
  (``w:txbxContent``) passages of their own after their paragraph; deleted text, field codes and the
  fallback copy of a drawing are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from toolkit.errors import UnreadableInput
from toolkit.read.document import (
    MAX_TABLE_CELLS,
    Document,
    Passage,
    TableBuilder,
    heading_before,
    set_heading,
    title_of,
)
from toolkit.read.report_numbering import Numbering
from toolkit.read.stats_grid import Grid

__all__ = ["read_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _CONTENT = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt", f"{W}sdtContent"
_TEXT, _TAB, _BREAKS = f"{W}t", f"{W}tab", (f"{W}br", f"{W}cr")
_BOX = f"{W}txbxContent"
_SKIPPED = {f"{W}delText", f"{W}instrText", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{MC}Fallback"}
_CONTINUED = {"续表", "续上表", "（续表）", "(续表)", "续"}
MSG_BROKEN = (
    "Word 文档的正文（word/document.xml）不是有效的 XML（文件可能已损坏），"
    "请在 Word/WPS 中另存为 .docx 后再试"
)


def read_docx(xml: bytes, path: str, numbering: bytes = b"", styles: bytes = b"") -> Document:
    """The report in ``word/document.xml`` (bytes that passed toolkit.gate.documents), with the
    numbers Word shows before list paragraphs (``numbering``, ``styles``: ``word/numbering.xml``,
    ``word/styles.xml``)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise UnreadableInput(MSG_BROKEN, path=path, reason="corrupt") from None
    body = root.find(f"{W}body")
    reading = _Reading(Numbering.parse(numbering, styles))
    if body is not None:
        reading.blocks(body)
    reading.finish()
    doc = Document("docx", grids=reading.grids, passages=reading.passages, notes=reading.notes)
    doc.title = title_of(doc.passages)
    if reading.truncated:
        doc.notes.append("文档中的表格过大，只读取了前面的部分")
    return doc


class _Reading:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.grids: list[Grid] = []
        self.passages: list[Passage] = []
        self.notes: list[str] = []
        self.paragraphs = 0
        self.budget = [MAX_TABLE_CELLS]  # cells left to the whole document
        self.truncated = False
        self.tables = 0
        # the last table read, while only empty paragraphs (or 续表) follow it: (builder, columns)
        self.open: tuple[TableBuilder, int, str] | None = None
        self.pending: list[tuple[TableBuilder, str]] = []  # tables read, in order, not yet grids
        self.headings: list[str] = []  # per pending table, the report title above it
        self.continued = 0  # continuation tables joined to the open table so far
        self.page_break = False  # a page break seen since the open table

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL and _layout(child):  # a frame around the text: read what is in it
                for tc in child.iter(_TC):
                    if tc.getparent() is not None and _owner(tc) is child:
                        self.blocks(tc)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag in (_SDT, _CONTENT) or child.tag == f"{W}customXml":
                self.blocks(child if child.tag != _SDT else _content(child))

    def paragraph(self, p: etree._Element) -> None:
        boxes: list[etree._Element] = []
        text = (self.numbering.label(p) + _text(p, boxes)).strip()
        if text and self.open is not None and _squeeze(text) not in _CONTINUED:
            self.open = None
        if self.open is not None and _breaks_page(p):
            self.page_break = True
        if text or boxes:  # a paragraph holding only a text box counts: the box is in it
            self.paragraphs += 1
        if text:
            self.passages.append(Passage(text, f"第{self.paragraphs}段"))
        for box in boxes:
            for inner in box.iter(_P):
                if box_text := _text(inner, []).strip():
                    self.passages.append(Passage(box_text, f"第{self.paragraphs}段 文本框"))

    def table(self, tbl: etree._Element) -> None:
        columns = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        self.tables += 1
        number = self.tables
        if self.open is not None and self.open[1] == columns and columns:
            builder, _, name = self.open
            last = f"表{number - 1}"
            if self.page_break or _breaks_page(tbl):
                self.notes.append(f"{last}在分页处断开，后面的表{number}是它的续表，已合并读取")
            else:
                self.notes.append(
                    f"{last}后面紧接着的表{number}列数相同，按{name}的续表合并读取"
                    f"（其中的行记为“续表（表{number}）”）"
                )
            self.continued += 1
            self.page_break = False
            # the place names the Word table the row is in: two continuations are told apart
            self._rows(tbl, builder, f"续表（表{number}） ")
            return
        builder = TableBuilder(self.budget)
        name = f"表{number}"
        self.pending.append((builder, name))
        self.headings.append(heading_before([p.text for p in self.passages]))
        self.continued = 0
        self.page_break = False
        self._rows(tbl, builder, "")
        self.open = (builder, columns, name)

    def _rows(self, tbl: etree._Element, builder: TableBuilder, prefix: str) -> None:
        nested: list[etree._Element] = []
        for n, tr in enumerate(_children(tbl, _TR), start=1):
            if not builder.new_row(f"{prefix}第{n}行"):
                break
            before = _val(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            for tc in _children(tr, _TC):
                span = _val(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                across = tc.find(f"{W}tcPr/{W}hMerge")
                if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                    builder.extend_down(span, skip=before)
                elif across is not None and across.get(f"{W}val", "continue") == "continue":
                    builder.extend_right(span)
                else:
                    builder.put(self._cell(tc, nested), span, skip=before)
                before = 0
        self.truncated = self.truncated or builder.truncated
        for inner in nested:  # numbered after the table around them
            self.open = None
            self.table(inner)

    def _cell(self, tc: etree._Element, nested: list[etree._Element]) -> str:
        lines: list[str] = []
        for child in tc:
            if child.tag == _P:
                lines.append((self.numbering.label(child) + _text(child, [])).strip())
            elif child.tag == _TBL:
                nested.append(child)
            elif child.tag == _SDT:
                for p in _content(child).iter(_P):
                    lines.append(_text(p, []).strip())
        return "\n".join(line for line in lines if line)

    def finish(self) -> None:
        self.grids = [
            set_heading(builder.grid(name), heading)
            for (builder, name), heading in zip(self.pending, self.headings, strict=True)
        ]
        self.truncated = self.truncated or any(builder.truncated for builder, _ in self.pending)


def _breaks_page(element: etree._Element) -> bool:
    """Whether a paragraph (or a table's first row) starts or holds a page break."""
    if element.tag == _TBL:
        first = element.find(_TR)
        if first is None:
            return False
        element = first
    for node in element.iter(f"{W}br", f"{W}lastRenderedPageBreak", f"{W}pageBreakBefore"):
        if node.tag != f"{W}br" or node.get(f"{W}type") == "page":
            return True
    return False


def _owner(tc: etree._Element) -> etree._Element | None:
    """The table a cell belongs to."""
    node = tc.getparent()
    while node is not None and node.tag != _TBL:
        node = node.getparent()
    return node


def _layout(tbl: etree._Element) -> bool:
    """A table used as a frame: one cell, holding paragraphs or tables (a report set inside a box)."""
    cells = [tc for tc in tbl.iter(_TC) if _owner(tc) is tbl]
    return len(cells) == 1


def _content(sdt: etree._Element) -> etree._Element:
    content = sdt.find(_CONTENT)
    return content if content is not None else etree.Element(_CONTENT)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``parent``'s children of ``tag``, looking through content controls (``w:sdt``) around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, f"{W}customXml"):
            yield from _children(_content(child) if child.tag == _SDT else child, tag)


def _val(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    raw = element.get(f"{W}val", "")
    return int(raw) if raw.isdigit() and len(raw) <= 4 else default


def _text(element: etree._Element, boxes: list[etree._Element]) -> str:
    """The text of a paragraph: runs, tabs as spaces, breaks as line breaks; text boxes are put in
    ``boxes`` (not in the text), deleted text, field codes and fallbacks skipped."""
    out: list[str] = []
    stack: list[etree._Element] = [element]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == _TEXT:
            out.append(node.text or "")
            continue
        if tag == _TAB:
            out.append(" ")
            continue
        if tag in _BREAKS:
            out.append("\n")
            continue
        if tag == _BOX:
            boxes.append(node)
            continue
        if tag in _SKIPPED or not isinstance(tag, str):
            continue
        stack.extend(reversed(node))
    return "".join(out)


def _squeeze(text: str) -> str:
    return "".join(text.split())
