"""A published report read from a document (.docx, .pdf, .html, .txt): its tables as grids and its
text as passages.

Every document reader (toolkit.read.docx / pdf / html / text) returns a ``Document``. Its grids go
to the same label-based 统计表 reader as a workbook's sheets (toolkit.read.stats.read_grids); its
passages (the text outside the tables, in reading order) go to the narrative rules (R13–R15,
R26, R27). A grid of a document carries ``places``: where each of its rows is in the document
(``第3页 第12行``), so that findings point into the document, not at an A1 address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit import form
from toolkit.read.stats_grid import Grid

__all__ = [
    "DOCUMENT_KINDS",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLS",
    "MAX_TABLE_ROWS",
    "Document",
    "Passage",
    "TableBuilder",
    "heading_before",
    "heading_of",
    "join_tables",
    "set_heading",
    "title_of",
]

#: a document's table is read this far (an official table has some 40 rows and 15 columns)
MAX_TABLE_ROWS = 5_000
MAX_TABLE_COLS = 200
#: cells read in one document, all tables together (a hostile page cannot make the reader build more)
MAX_TABLE_CELLS = 400_000
MAX_TITLE_LINE = 60  # a title line is short; the first longer line is the report's text
_FIRST_SECTION = re.compile(r"^\s*[一1][、.．]")
_YEAR = re.compile(r"(?:19|20)\d{2}年")
#: the mark above a table continuing the one before: 续表, 续上表, （续表）, 表3（续）
_CONTINUED = re.compile(r"^[（(]?(?:续上?表|表\S{0,3}[（(]续[)）])\S{0,3}[)）]?$|^续$")

#: suffix → kind of document
DOCUMENT_KINDS: dict[str, str] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",  # a page of a CMS with server-side includes (common on gov.cn)
    ".xhtml": "html",
    ".txt": "txt",
    # a Word file named .doc is often a .docx (read as one); a real .doc is refused by the gate with
    # the advice to save it as .docx, as is a .wps and a web archive (.mht)
    ".doc": "docx",
    ".wps": "docx",
    ".mht": "mht",
    ".mhtml": "mht",
}


@dataclass(frozen=True)
class Passage:
    """One paragraph of the report's text (outside its tables) and where it is (``第2页``, ``第5段``)."""

    text: str
    where: str


@dataclass
class Document:
    """A report as read: its kind, its title (the first heading-like line), its tables as grids
    named ``表1``, ``表2``… in document order, and its text."""

    kind: str  # "docx" | "pdf" | "html" | "txt"
    title: str = ""
    grids: list[Grid] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # remarks on reading (a table continued, ...)


def title_of(passages: list[Passage]) -> str:
    """The report's title: among the first short lines before the first part heading (``一、``…)
    or the first long paragraph, the one that says 报告 (or 年报), joined to the line before it when
    it does not itself start with the unit's name (a title is often set on two lines: unit, then year
    and 报告); "" when no such line is found."""
    lines: list[str] = []
    for passage in passages:
        text = "".join(passage.text.split())
        if not text:
            continue
        if _FIRST_SECTION.match(text) or len(text) > MAX_TITLE_LINE or len(lines) == 6:
            break
        lines.append(text)
    for i, line in enumerate(lines):
        if "报告" not in line and "年报" not in line:
            continue
        year = _YEAR.search(line)
        before = lines[i - 1] if i > 0 else ""
        if year is not None and year.start() > 0:
            return line
        if year is not None or _YEAR.search(before):  # the unit (and year) on the line before
            return before + line
    return ""


def heading_before(texts: list[str]) -> str:
    """The nearest title above a table (``texts``: the lines of text before it, in order): a short
    line saying 报告 (or 年报) and a year, as a report's title does; "" when there is none. A page
    holding this year's and last year's reports tells their tables apart by it."""
    for text in reversed(texts):
        squeezed = "".join(text.split())
        if (
            len(squeezed) <= MAX_TITLE_LINE
            and _YEAR.search(squeezed)
            and ("报告" in squeezed or "年报" in squeezed)
        ):
            return squeezed
    return ""


def set_heading(grid: Grid, heading: str) -> Grid:
    """Remember on a document's table the title above it (``heading_before``); returns ``grid``."""
    grid.heading = heading
    return grid


def heading_of(grid: Grid) -> str:
    """The title above a document's table (``set_heading``), "" for any other grid."""
    return grid.heading


class TableBuilder:
    """A document's table, cell by cell with its spans, into a ``Grid`` (the top-left cell of a merged
    range holds the value; the others are empty), whatever the document format.

    ``put`` places a cell at the next column of the current row not covered by a cell spanning down
    from a row above; ``extend_down`` continues downwards the merged cell that covers a column in the
    row above (Word's ``vMerge`` continue). Rows, columns and cells past the limits are dropped
    (``truncated``); ``budget`` (a one-item list) is the cells left to the whole document, the empty
    cells that make the grid a rectangle included."""

    def __init__(self, budget: list[int] | None = None) -> None:
        self.rows: list[list[str]] = []
        self.places: list[str] = []
        self.spans: dict[tuple[int, int], list[int]] = {}  # (r0, c0) → [r1, c1]
        self._down: list[tuple[int, int]] = []  # spans reaching below the current row
        self._covered: dict[int, int] = {}  # column of the current row covered from above → last column
        self._ending: list[tuple[int, int]] = []  # spans whose last row is the current row
        self._previous: list[tuple[int, int]] = []  # spans whose last row is the row above
        self.budget = budget if budget is not None else [MAX_TABLE_CELLS]
        self.charged = 0  # cells taken from the budget
        self._last: tuple[int, int] | None = None  # the last cell placed
        self.truncated = False

    def new_row(self, place: str) -> bool:
        """Start a row (``place``: where it is in the document); False when past the limits."""
        if len(self.rows) >= MAX_TABLE_ROWS or self.budget[0] <= 0:
            self.truncated = True
            return False
        r = len(self.rows)
        self.rows.append([])
        self.places.append(place)
        self._down = [key for key in self._down if self.spans[key][0] >= r]
        self._covered = {}
        for key in self._down:
            c1 = self.spans[key][1]
            for c in range(key[1], c1 + 1):
                self._covered[c] = c1
        self._previous, self._ending = self._ending, []
        return True

    def put(self, text: str, colspan: int = 1, rowspan: int = 1, skip: int = 0) -> int | None:
        """Place a cell in the current row after ``skip`` empty grid columns; return its column."""
        r = len(self.rows) - 1
        row = self.rows[r]
        c = len(row) + max(0, skip)
        while c in self._covered:
            c = self._covered[c] + 1
        colspan = max(1, min(colspan, MAX_TABLE_COLS - c))
        rowspan = max(1, min(rowspan, MAX_TABLE_ROWS))
        if c >= MAX_TABLE_COLS or self.budget[0] <= 0:
            self.truncated = True
            return None
        self.budget[0] -= colspan
        self.charged += colspan
        row.extend([""] * (c + colspan - len(row)))
        row[c] = text
        self.spans[(r, c)] = [r + rowspan - 1, c + colspan - 1]
        self._last = (r, c)
        if rowspan > 1:
            self._down.append((r, c))
        else:
            self._ending.append((r, c))
        return c

    def extend_down(self, colspan: int = 1, skip: int = 0) -> None:
        """Continue downwards into the current row the merged cell that covers the next column in
        the row above; an empty cell when there is none."""
        r = len(self.rows) - 1
        row = self.rows[r]
        c = len(row) + max(0, skip)
        for key in self._previous:
            end = self.spans[key]
            if key[1] <= c <= end[1]:
                end[0] = r
                self._ending.append(key)
                row.extend([""] * (end[1] + 1 - len(row)))
                return
        self.put("", colspan, skip=skip)

    def extend_right(self, colspan: int = 1) -> None:
        """Widen the current row's last cell by ``colspan`` columns (Word's old ``hMerge``)."""
        r = len(self.rows) - 1
        row = self.rows[r]
        if self._last is None or self._last[0] != r or len(row) + colspan > MAX_TABLE_COLS:
            self.put("", colspan)
            return
        self.spans[self._last][1] += colspan
        row.extend([""] * colspan)

    def grid(self, name: str) -> Grid:
        """The grid, a rectangle: rows past what the budget leaves for its empty cells are dropped."""
        width = max((len(row) for row in self.rows), default=0)
        height = len(self.rows)
        room = max(0, self.budget[0] + self.charged)
        if width and height * width > room:
            height = room // width
            self.truncated = True
        self.budget[0] -= height * width - self.charged
        self.charged = height * width
        rows = [row + [""] * (width - len(row)) for row in self.rows[:height]]
        merges = [
            ((r0, c0), (min(r1, height - 1), min(c1, width - 1)))
            for (r0, c0), (r1, c1) in self.spans.items()
            if (r1, c1) != (r0, c0) and r0 < height
        ]
        return Grid(name, rows, merges, self.places[:height])


def _captions() -> frozenset[str]:
    """The captions of 表二's later sub-tables (第…项): a table starting with one
    continues 表二 whatever its width."""
    return frozenset(form.normalize_label(t.header) for t in form.SEC2_TABLES[1:])


def _caption(text: str) -> bool:
    return form.normalize_label(text) in _captions()


def _starts_sub_table(grid: Grid) -> bool:
    """A table whose first filled row is the caption of one of 表二's later sub-tables."""
    for row in grid.rows[:2]:
        cells = [v for v in row if isinstance(v, str) and v.strip()]
        if cells:
            return _caption(cells[0])
    return False


def join_tables(grids: list[Grid], between: list[list[str] | None], notes: list[str]) -> list[Grid]:
    """Tables that follow each other with nothing between them joined into one, as Word's reader
    joins them. ``between[i]``: the lines of text between table ``i`` and the one before (None:
    not one after the other, a table inside another's cell). Table ``i`` continues the one before
    when the lines between are only 续表 marks or a caption of one of 表二's sub-tables and it has
    the same width, or it (or the caption above it) is a sub-table of 表二 (its 第…项:
    表二 published as four tables, each of its own width). The rows of a joined table keep their
    place, named after their own table (``续表（表2） 第3行``); a note says which were joined."""
    out: list[Grid] = []
    last: Grid | None = None  # the table just before, as published
    for grid, lines in zip(grids, between, strict=True):
        texts = [text for text in (lines or []) if text.strip()]
        joins = (
            lines is not None
            and last is not None
            and bool(out)
            and grid.height > 0
            and all(_CONTINUED.match("".join(t.split())) or _caption(t) for t in texts)
            and (grid.width == last.width or _starts_sub_table(grid) or any(_caption(t) for t in texts))
        )
        if joins and last is not None:
            first = out[-1]
            notes.append(
                f"{last.name}后面紧接着的{grid.name}，按{first.name}的续表合并读取"
                f"（其中的行记为“续表（{grid.name}）”）"
            )
            out[-1] = _joined(first, grid)
        else:
            out.append(grid)
        last = grid
    return out


def _joined(first: Grid, grid: Grid) -> Grid:
    width = max(first.width, grid.width)
    rows = [[*row, *[""] * (width - len(row))] for row in (*first.rows, *grid.rows)]
    offset = first.height
    merges = [*first.merge_end.items()]
    merges += [((r0 + offset, c0), (r1 + offset, c1)) for (r0, c0), (r1, c1) in grid.merge_end.items()]
    own = grid.places or [f"第{r + 1}行" for r in range(grid.height)]
    places = [*(first.places or [f"第{r + 1}行" for r in range(first.height)])]
    places += [f"续表（{grid.name}） {place}" for place in own]
    return set_heading(Grid(first.name, rows, merges, places), heading_of(first))
