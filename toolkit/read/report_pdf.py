"""A published report as a PDF with a text layer (exported by Word, WPS or LibreOffice) → a
``Document``: its ruled tables as grids for the label-based 统计表 reader, its text as passages.

``read_pdf(data, path)``:

1. the gate (toolkit.gate.pdf) judges the bytes and the structure and opens the PDF;
2. each page is laid out once by pdfplumber (its characters) and its ruled tables found once by
   pdfplumber's ``find_tables`` (the lines strategy: Word/WPS tables are ruled). Each table's cell
   boxes give the grid: the distinct left/right edges of the cells are its column boundaries and
   their tops/bottoms its row boundaries, so a cell spanning several boundaries is a merged cell
   (its text at the top-left, the covered slots empty). Every character of the page is put once
   into the cell whose box holds its centre, or else into the text outside the tables. A page
   with more than MAX_EDGES ruling lines (a chart) is not searched for tables (a note says so);
3. a cell's text: its characters in lines (top to bottom) and each line left to right, a space
   where two Latin letters or digits stand apart; lines joined with nothing beside a CJK
   character (``商业⏎企业``, the vertical ``三⏎、⏎本⏎年⏎度…``) and with a space otherwise, so
   that two numbers never become one; spaces inside labels (WPS's ``只计这一情 形``) are left to
   the label reader, which ignores them;
4. a table that ends a page and a table that starts the next one with the same columns, with
   nothing between them but page numbers, running headers/footers or a ``续表`` mark, are one
   table: the next page's rows are appended, a repeated header (its first rows equal to the
   table's first rows) dropped, a row that Word let break across the boundary joined again, and
   a merged cell cut by the boundary (the vertical 三、本年度办理结果, a group cell) made whole;
   tables that follow each other with nothing between them (or only a 续表 mark or a caption of
   表二's sub-tables) are joined as Word's are (toolkit.read.document.join_tables): 表二 published
   as four tables, one per sub-table, is read whole;
5. the grids are named 表1, 表2… in document order; every row keeps its page and its row in the
   table as printed on that page (``第3页 第12行``) for findings; the text outside the tables becomes
   passages (paragraphs, ``第N页``), page numbers, running headers/footers and 续表 marks left
   out; the title is found among the first lines as for every document (``title_of``).

A PDF whose pages hold no characters at all is a scan and is refused (``pdf_no_text``): there is no
OCR here; so is one whose characters cannot be mapped to text (no ToUnicode, ``(cid:12)``), and
one where no table is found while some page is an image with (almost) no text: a typed cover page
before scanned tables.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.gate.pdf import MSG_CORRUPT, open_pdf
from toolkit.read.document import (
    MAX_TABLE_CELLS,
    MAX_TABLE_COLS,
    MAX_TABLE_ROWS,
    Document,
    Passage,
    heading_before,
    join_tables,
    set_heading,
    title_of,
)
from toolkit.read.stats_grid import Grid

__all__ = ["MSG_ROWS_ONLY", "read_pdf"]

MSG_NO_TEXT = (
    "PDF 没有可提取的文字（疑似扫描件或图片），无法读取表格；请提供由 Word/WPS 导出的 PDF 或原始文档"
)
MSG_SCANNED_PAGES = (
    "PDF 中没有找到表格，第{pages}页是图片（疑似扫描件），没有可提取的文字；"
    "请提供由 Word/WPS 导出的 PDF 或原始文档"
)
MSG_CID = "PDF 中的文字无法识别（字体缺少字符映射，提取出的是乱码），请提供由 Word/WPS 导出的 PDF 或原始文档"

EDGE_TOLERANCE = 1.5  # points: cell edges closer than this are one boundary
GAP = 3.0  # points: characters further apart than this on a line are separated by a space
FOOTER_LINE = re.compile(r"^[\s\-—–－·•.第页共/|]*\d+[\s\-—–－·•.第页共/|\d]*$")
#: the start of a numbered label: （四） (4) 四、 1. 1、 ①
_NEW_LABEL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+\s*[.．、]|[①-⑳])"
)
#: the mark above a table continued on a new page: 续表, 续表3, （续表）, 表3（续）
_CONTINUED = re.compile(r"^\s*[（(]?\s*(?:续\s*表|表\s*\S{0,3}\s*[（(]\s*续\s*[)）])\s*\S{0,3}\s*[)）]?\s*$")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_CID = "(cid:"
MARGIN = 0.08  # share of the page height at its top and bottom where running headers/footers sit
#: ruling lines on one page beyond which no table is looked for: pdfplumber pairs every vertical
#: with every horizontal one (a table page exported by Word/WPS has a few hundred; a chart more)
MAX_EDGES = 4000
SCANNED_CHARS = 20  # a page with fewer characters than this and an image is a scanned page
RULED_ROWS = 4  # horizontal lines of one length on a page that make a table without vertical lines
MSG_ROWS_ONLY = (
    "第{pages}页的表格只有横线、没有竖线，无法分列读取其中的数字，这些表格没有检查；"
    "请向发布单位索取 Word 文档或网页（或带完整表格线的 PDF）"
)
INDENT = 12.0  # points: a line starting further right than the margin starts a paragraph


# ---------------------------------------------------------------------------------------
# Characters → lines → text
# ---------------------------------------------------------------------------------------
def _wide(ch: str) -> bool:
    """A CJK character or full-width punctuation (not a full-width digit): nothing is put between
    it and its neighbour on the next line or across a gap."""
    return ch >= "\u2e80" and not ch.isdigit()


def _lines(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters in lines: sorted by top; a character more than half its size below the line's
    top starts a new line; each line sorted left to right."""
    out: list[list[dict[str, Any]]] = []
    line_top = 0.0
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if out and ch["top"] - line_top <= max(1.0, 0.5 * (ch["bottom"] - ch["top"])):
            out[-1].append(ch)
        else:
            out.append([ch])
            line_top = ch["top"]
    for line in out:
        line.sort(key=lambda c: c["x0"])
    return out


def _line_text(line: Sequence[dict[str, Any]]) -> str:
    """A line's characters left to right, a space where two Latin letters or digits stand more
    than GAP apart (two numbers never touch); none beside a CJK character, where the gap is
    justified Chinese text spreading its characters or the automatic spacing Word and WPS put
    between Chinese and Latin text (``2024年`` stays whole). Space characters in the text are
    kept."""
    parts: list[str] = []
    right = None
    previous = ""
    for ch in line:
        text = ch["text"]
        if right is not None and ch["x0"] - right > GAP and not (_wide(previous) or _wide(text[:1])):
            parts.append(" ")
        parts.append(text)
        right = ch["x1"]
        previous = text[-1:] or previous
    return "".join(parts).strip()


def _join(lines: Iterable[str]) -> str:
    """Lines of one cell or paragraph as one text: nothing between lines beside a CJK character,
    a space otherwise."""
    text = ""
    for line in lines:
        if not line:
            continue
        if text and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


def _text(chars: Sequence[dict[str, Any]]) -> str:
    return _join(_line_text(line) for line in _lines(chars))


# ---------------------------------------------------------------------------------------
# One page's tables
# ---------------------------------------------------------------------------------------
def _edges(values: Iterable[float]) -> list[float]:
    """Distinct boundaries, values closer than EDGE_TOLERANCE taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """The boundary nearest to ``v``."""
    i = bisect_right(edges, v)
    if i > 0 and (i == len(edges) or v - edges[i - 1] <= edges[i] - v):
        return i - 1
    return i


@dataclass
class _Part:
    """One table as found on one page: its slots (rows × columns between boundaries), each cell's
    origin slot and end slot, and the characters each cell holds."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    ends: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    owner: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    chars: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return len(self.ys) - 1

    @property
    def width(self) -> int:
        return len(self.xs) - 1

    def holds(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= x < x1 and top <= y < bottom

    def add(self, ch: dict[str, Any], x: float, y: float) -> bool:
        c, r = bisect_right(self.xs, x) - 1, bisect_right(self.ys, y) - 1
        origin = self.owner.get((r, c))
        if origin is None:
            return False
        self.chars.setdefault(origin, []).append(ch)
        return True


def _part(table: Any, page: int, budget: list[int]) -> _Part | None:
    """The table as slots between its cells' edges; None for one without cells, or larger than a
    document's table may be (toolkit.read.document's limits, ``budget`` the cells left)."""
    boxes = table.cells
    xs = _edges(v for b in boxes for v in (b[0], b[2]))
    ys = _edges(v for b in boxes for v in (b[1], b[3]))
    if len(xs) < 2 or len(ys) < 2:
        return None
    slots = (len(xs) - 1) * (len(ys) - 1)
    if len(xs) - 1 > MAX_TABLE_COLS or len(ys) - 1 > MAX_TABLE_ROWS or slots > budget[0]:
        budget.append(page)  # the pages of tables left unread, after the count
        return None
    budget[0] -= slots
    part = _Part(page, tuple(table.bbox), xs, ys)
    for x0, top, x1, bottom in boxes:
        r0, c0 = _index(ys, top), _index(xs, x0)
        r1, c1 = _index(ys, bottom) - 1, _index(xs, x1) - 1
        if r1 < r0 or c1 < c0 or (r0, c0) in part.owner:
            continue
        part.ends[(r0, c0)] = (r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                part.owner.setdefault((r, c), (r0, c0))
    return part


@dataclass
class _Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    margin: bool = False  # in the top or bottom strip of the page, where running headers and footers sit


@dataclass
class _Page:
    number: int
    parts: list[_Part]
    lines: list[_Line]
    chars: int
    cid: int
    images: int
    crowded: bool  # too many lines to look for tables among
    #: no table found, but the page has a table ruled with horizontal lines only (no vertical ones)
    rows_only: bool = False


def _read_page(page: Any, path: str, budget: list[int]) -> _Page:
    crowded = False
    try:
        chars = page.chars
        crowded = len(page.edges) > MAX_EDGES
        tables = [] if crowded else page.find_tables()
    except Exception:  # pdfminer's errors on a damaged page quote its bytes
        raise UnreadableInput(MSG_CORRUPT, path=path, reason="corrupt") from None
    number = page.page_number
    parts = [p for p in (_part(t, number, budget) for t in tables) if p is not None]
    parts.sort(key=lambda p: (p.bbox[1], p.bbox[0]))
    outside: list[dict[str, Any]] = []
    cid = 0
    for ch in chars:
        text = ch["text"]
        if text.startswith(_CID):
            cid += 1
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for part in parts:
            if part.holds(x, y) and part.add(ch, x, y):
                break
        else:
            if not text.isspace():
                outside.append(ch)
    lines = []
    for line in _lines(outside):
        text = _line_text(line)
        if text:
            top, bottom = line[0]["top"], max(ch["bottom"] for ch in line)
            margin = top < MARGIN * page.height or bottom > (1 - MARGIN) * page.height
            lines.append(_Line(number, top, line[0]["x0"], line[-1]["x1"], text, margin))
    images = len(page.images)
    rows_only = not tables and not crowded and _ruled_rows_only(page.edges)
    page.close()
    return _Page(number, parts, lines, len(chars), cid, images, crowded, rows_only)


def _ruled_rows_only(edges: Sequence[dict[str, Any]]) -> bool:
    """Whether the page's lines are those of a table ruled with horizontal lines only (a 三线表 or a
    table whose vertical borders were removed): at least RULED_ROWS horizontal lines of one
    length and start, no vertical line. pdfplumber's lines strategy finds no cell there."""
    if any(e["orientation"] == "v" for e in edges):
        return False
    spans = Counter(
        (round(e["x0"]), round(e["x1"])) for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 100
    )
    return max(spans.values(), default=0) >= RULED_ROWS


# ---------------------------------------------------------------------------------------
# Tables across pages
# ---------------------------------------------------------------------------------------
@dataclass
class _Table:
    parts: list[_Part]


def _continues(before: _Part, after: _Part, between: Sequence[_Line]) -> list[float] | None:
    """``after`` (first on its page) continues ``before`` (last on the previous page): the columns
    of one are the columns of the other or finer (a header of merged cells on one page, the 15
    columns of 表四's numbers on the next) with the same outer edges, and nothing but page
    numbers, running headers or footers and a ``续表`` mark between them. The column boundaries
    of the whole (the finer ones), or None."""
    if after.page != before.page + 1:
        return None
    xs = _edges([*before.xs, *after.xs])
    if len(xs) > len(before.xs) and len(xs) > len(after.xs):
        return None  # each has a boundary the other lacks: two tables
    if (
        abs(before.xs[0] - after.xs[0]) > 2 * EDGE_TOLERANCE
        or abs(before.xs[-1] - after.xs[-1]) > 2 * EDGE_TOLERANCE
    ):
        return None
    if not all(
        line.margin or FOOTER_LINE.match(line.text) or _CONTINUED.match(line.text) for line in between
    ):
        return None
    return after.xs if len(after.xs) >= len(before.xs) else before.xs


def _refine(part: _Part, xs: list[float]) -> _Part:
    """``part`` on the finer column boundaries ``xs``: each cell spans the columns between its
    edges (a cell over what was one column may now span several)."""
    if len(xs) == len(part.xs):
        return part
    fine = _Part(part.page, part.bbox, list(xs), part.ys)
    for (r0, c0), (r1, c1) in part.ends.items():
        f0, f1 = _index(xs, part.xs[c0]), _index(xs, part.xs[c1 + 1]) - 1
        fine.ends[(r0, f0)] = (r1, max(f0, f1))
        for r in range(r0, r1 + 1):
            for c in range(f0, max(f0, f1) + 1):
                fine.owner.setdefault((r, c), (r0, f0))
        if (r0, c0) in part.chars:
            fine.chars[(r0, f0)] = part.chars[(r0, c0)]
    return fine


def _wrapped_number(lines: Sequence[Sequence[dict[str, Any]]], left: float, right: float) -> str | None:
    """One number that Word wrapped in a cell too narrow for it (``1523`` over ``0``), or None.
    It is one when every line holds digits only (no space, no gap: a line with two numbers is two
    values), and every line but the last fills the cell: the next line's first digit would not
    have fitted after it within the cell's padding (the space left of the first line). Two
    numbers on two lines of a wide cell (``1`` over ``2``) stay two."""
    if len(lines) < 2:
        return None
    texts = [_line_text(line) for line in lines]
    if not all(t.isdigit() and t.isascii() for t in texts):
        return None
    if any(b["x0"] - a["x1"] > GAP for line in lines for a, b in pairwise(line)):
        return None
    pad = max(0.0, lines[0][0]["x0"] - left)
    for line, following in pairwise(lines):
        step = following[0]["x1"] - following[0]["x0"]
        if line[-1]["x1"] + step <= right - pad + 0.5 or len(following) > len(line):
            return None
    return "".join(texts)


def _cell_text(part: _Part, origin: tuple[int, int]) -> str:
    chars = part.chars.get(origin, ())
    lines = _lines(chars)
    if len(lines) > 1:
        _, c1 = part.ends[origin]
        number = _wrapped_number(lines, part.xs[origin[1]], part.xs[c1 + 1])
        if number is not None:
            return number
    return _join(_line_text(line) for line in lines)


def _texts(part: _Part) -> list[list[str | None]]:
    """The part's slots as text: a cell's text at its origin, None in the slots it covers; a
    number wrapped in a narrow cell is one number (``_wrapped_number``)."""
    rows: list[list[str | None]] = [[None] * part.width for _ in range(part.height)]
    for origin in part.ends:
        r, c = origin
        rows[r][c] = _cell_text(part, origin)
    return rows


@dataclass
class _Built:
    rows: list[list[str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    ends: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: rows that are the lower part of a row broken across pages (their text moved up, or none)
    lower_parts: set[int] = field(default_factory=set)


def _signature(
    rows: list[list[str | None]], ends: dict[tuple[int, int], tuple[int, int]], n: int
) -> list[Any]:
    return [
        [(form.normalize_label(v) if v is not None else None, ends.get((r, c))) for c, v in enumerate(row)]
        for r, row in enumerate(rows[:n])
    ]


def _repeated_header(
    first: _Part, first_rows: list[list[str | None]], part: _Part, rows: list[list[str | None]]
) -> int:
    """How many of ``part``'s first rows repeat ``first``'s first rows (cells, text and spans)."""
    best = 0
    for n in range(1, min(len(rows), len(first_rows), 8)):
        if any(e[0] >= n for (r, _), e in part.ends.items() if r < n):
            continue  # a cell of the candidate header reaches below it
        if _signature(rows, part.ends, n) == _signature(first_rows, first.ends, n):
            best = n
    return best


def _build(table: _Table, notes: list[str], name: str) -> Grid:
    built = _Built()
    first = table.parts[0]
    first_rows = _texts(first)
    for k, part in enumerate(table.parts):
        rows = first_rows if k == 0 else _texts(part)
        skip = _repeated_header(first, first_rows, part, rows) if k else 0
        if k:
            notes.append(
                f"{name} 从第{table.parts[k - 1].page}页延续到第{part.page}页"
                + (f"（第{part.page}页重复的 {skip} 行表头已略去）" if skip else "")
            )
        offset = len(built.rows) - skip
        joined = k > 0
        for r in range(skip, part.height):
            built.rows.append([v or "" for v in rows[r]])
            built.places.append(f"第{part.page}页 第{r + 1}行")
        for (r0, c0), (r1, c1) in part.ends.items():
            if r0 >= skip:
                built.ends[(r0 + offset, c0)] = (r1 + offset, c1)
        if joined and part.height > skip:
            if _rejoin_split_row(built, offset + skip):
                notes.append(
                    f"{name} 有一行被分页截断（第{table.parts[k - 1].page}页与第{part.page}页），已合并读取"
                )
            _mend(built, offset + skip)
    merges = [(start, end) for start, end in built.ends.items() if end != start]
    return Grid(name, built.rows, merges, built.places)


def _cells_between(built: _Built, first: int, last: int | None) -> dict[int, int]:
    """First column → last column of the cells that start in row ``first`` and end in row
    ``last`` (any row: None)."""
    return {c0: c1 for (r0, c0), (r1, c1) in built.ends.items() if r0 == first and last in (None, r1)}


def _is_label(text: str) -> bool:
    return any(_wide(ch) for ch in text)


def _rejoin_split_row(built: _Built, top: int) -> bool:
    """A row that Word let break across the page boundary (its label's first lines and its
    numbers above, the rest of its label below, perhaps over several pages) is one row again.
    It is one when the cells ending just above ``top`` (a cell of that row, or a merged cell
    reaching down to it: a header cell spanning three header rows, cut after 结果维 with 持 on
    the next page) start the same columns at ``top`` (where ``top`` has more cells, they are
    empty); where both hold text it is a label's (CJK) on both sides; the lower text does not
    start a new numbered label; and one side holds no number at all: two rows of numbers are two
    rows. The lower part's text is appended to the upper cell's and the lower cells left empty
    (the row stays, empty and merged into the upper one by ``_mend``: no place in the grid
    moves)."""
    above = {c0: (r0, c1) for (r0, c0), (r1, c1) in built.ends.items() if r1 == top - 1 and r0 < top}
    below = _cells_between(built, top, None)
    if not above or any(below.get(c) != end for c, (_, end) in above.items()):
        return False
    lower = built.rows[top]
    if any(lower[c] for c in below if c not in above):
        return False
    pairs = [(built.rows[r0][c], lower[c]) for c, (r0, _) in above.items()]
    if not any(u for u, _ in pairs) or any(_NEW_LABEL.match(low) for _, low in pairs if low):
        return False
    if any(u and low and not (_is_label(u) and _is_label(low)) for u, low in pairs):
        return False
    numbers_above = any(u and not _is_label(u) for u, _ in pairs)
    if numbers_above and any(low and not _is_label(low) for _, low in pairs):
        return False
    for c, (r0, _) in above.items():
        if lower[c]:
            built.rows[r0][c] = _join((built.rows[r0][c], lower[c]))
            lower[c] = ""
    built.lower_parts.add(top)
    return True


def _mend(built: _Built, top: int) -> None:
    """Make whole a merged cell that a page boundary cut in two: in each column, the cell ending
    just above ``top`` and the one starting at ``top``, with the same columns, one of them empty
    and one of them spanning several rows, are one cell."""
    above: dict[int, tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in built.ends.items():
        if r1 == top - 1 and r0 < top:
            above[c0] = (r0, c1)
    for (r0, c0), (r1, c1) in list(built.ends.items()):
        if r0 != top or c0 not in above:
            continue
        start, end_col = above[c0]
        if end_col != c1:
            continue
        upper, lower = built.rows[start][c0], built.rows[top][c0]
        if upper and lower:
            continue
        if start == top - 1 and r1 == top and top not in built.lower_parts:
            continue  # two one-row cells: an empty cell is an empty cell
        built.rows[start][c0] = upper or lower
        built.rows[top][c0] = ""
        del built.ends[(top, c0)]
        built.ends[(start, c0)] = (r1, c1)


# ---------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------
def read_pdf(data: bytes, path: str) -> Document:
    """The report in ``data`` (a PDF's bytes) as a Document; ``path`` names it in messages.
    Raises ``UnreadableInput`` for what the gate refuses and for a PDF without a text layer."""
    opened = open_pdf(data, path)
    budget = [MAX_TABLE_CELLS]  # cells left; then the pages of tables too large to read
    pages = [_read_page(page, path, budget) for page in opened.pages]
    total = sum(p.chars for p in pages)
    if total == 0:
        raise UnreadableInput(MSG_NO_TEXT, path=path, reason="pdf_no_text")
    if sum(p.cid for p in pages) > total // 2:
        raise UnreadableInput(MSG_CID, path=path, reason="pdf_no_text")
    document = Document("pdf", notes=list(opened.notes))
    tables: list[_Table] = []
    before: list[list[str] | None] = []  # per table, the lines between it and the table before
    headings: list[str] = []  # per table, the report title above it
    between: list[_Line] = []
    lines: list[_Line] = []
    for page in pages:
        items: list[tuple[float, _Part | _Line]] = [(p.bbox[1], p) for p in page.parts]
        items += [(line.top, line) for line in page.lines]
        items.sort(key=lambda item: item[0])
        for _, item in items:
            if isinstance(item, _Line):
                lines.append(item)
                between.append(item)
                continue
            last = tables[-1].parts[-1] if tables else None
            xs = _continues(last, item, between) if last is not None else None
            if xs is not None:
                tables[-1].parts = [_refine(p, xs) for p in (*tables[-1].parts, item)]
            else:
                before.append(
                    [line.text for line in between if not line.margin and not FOOTER_LINE.match(line.text)]
                    if tables
                    else None
                )
                tables.append(_Table([item]))
                headings.append(heading_before([line.text for line in lines]))
            between = []
    grids = [
        set_heading(_build(table, document.notes, f"表{n}"), heading)
        for n, (table, heading) in enumerate(zip(tables, headings, strict=True), start=1)
    ]
    document.grids = join_tables(grids, before, document.notes)
    scanned = [p.number for p in pages if p.chars < SCANNED_CHARS and p.images]
    if scanned and not document.grids:  # a text cover page before scanned tables
        raise UnreadableInput(
            MSG_SCANNED_PAGES.format(pages=_pages_text(scanned)), path=path, reason="pdf_no_text"
        )
    if len(budget) > 1:
        document.notes.append(f"第{_pages_text(sorted(set(budget[1:])))}页的表格过大，不像统计表，未读取")
    rows_only = [p.number for p in pages if p.rows_only]
    if rows_only:
        document.notes.append(MSG_ROWS_ONLY.format(pages=_pages_text(rows_only)))
    crowded = [p.number for p in pages if p.crowded]
    if crowded:
        document.notes.append(f"第{_pages_text(crowded)}页线条过多（可能是图表），未在其中查找表格")
    empty = [p.number for p in pages if p.chars == 0 and p.images]  # (a blank page is blank)
    if empty:
        document.notes.append(f"第{_pages_text(empty)}页没有可提取的文字（可能是扫描的图片），未读取")
    document.passages = _passages(lines)
    document.title = title_of(document.passages)
    return document


def _pages_text(numbers: Sequence[int]) -> str:
    shown = "、".join(map(str, numbers[:10]))
    return shown + ("等" if len(numbers) > 10 else "")


def _passages(lines: list[_Line]) -> list[Passage]:
    """Lines into paragraphs: a line continues the paragraph when the one before reached the
    right margin and this one does not start indented or with a heading number."""
    pages_of: dict[str, set[int]] = {}
    for line in lines:
        if line.margin:
            pages_of.setdefault(line.text, set()).add(line.page)
    running = {text for text, pages in pages_of.items() if len(pages) > 1}  # headers and footers
    body = [
        line
        for line in lines
        if not FOOTER_LINE.match(line.text) and line.text not in running and not _CONTINUED.match(line.text)
    ]
    if not body:
        return []
    # the text's margins over the whole document: a page of short lines does not set its own
    left, right = min(line.x0 for line in body), max(line.x1 for line in body)
    out: list[Passage] = []
    current: list[str] = []
    where = ""
    previous: _Line | None = None
    for line in body:
        starts = (
            previous is None
            or previous.x1 < right - 2 * INDENT
            or line.x0 > left + INDENT
            or _HEADING.match(unicodedata.normalize("NFKC", line.text)) is not None
        )
        if starts and current:
            out.append(Passage(_join(current), where))
            current = []
        if not current:
            where = f"第{line.page}页"
        current.append(line.text)
        previous = line
    if current:
        out.append(Passage(_join(current), where))
    return out
