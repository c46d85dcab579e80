"""A published report as web text (.txt): the text copied from a government page, tables rebuilt.

Copying a page (or saving a Word report as text) flattens each table in one of two ways, both read:

- **one cell per line**: every cell on a line of its own starting with a tab, a blank line after each
  row, a cell whose text wrapped continued on the next lines without a tab (``\\t（3）`` ``不予`` ``公开``),
  a merged cell written once (its continuation rows give an empty cell); the sample report of
  spec/ is written so;
- **tab-separated rows**: one line per row, cells separated by tabs.

A row of a table carries fewer cells than the table is wide where a cell spanned columns. The grid
is rebuilt so that the label-based 统计表 reader finds each row's label with its numbers to its right,
under their column headers:

- a row of numbers is aligned to the right (its numbers are the table's last columns) and its last
  text cell — the row label — spans the columns left over (``一、本年新收…`` over the group columns);
- a row of headers is laid over the row below it (rebuilt first, from the bottom up): each cell spans
  whole cells of the row below, a cell standing over an empty one (the continuation of a cell that
  spans two header rows) covering just that one, a cell over several headers (``法人或其他组织``)
  covering them all — the best such division, found by dynamic programming.

Each row's place is the lines of the file it is on (``第120行``, ``第204至214行``). The lines outside
tables are the passages (``第N行``); the title is the line saying 报告 among the first short lines.
"""

from __future__ import annotations

import functools
import re

from toolkit import form
from toolkit.read.cells import parse_count
from toolkit.read.document import MAX_TABLE_CELLS, MAX_TABLE_COLS, MAX_TABLE_ROWS, Document, Passage, title_of
from toolkit.read.stats_grid import Grid

__all__ = ["read_text"]

#: a line without a tab right after a cell continues that cell when it is this short (a wrapped label)
MAX_CONTINUATION = 12
#: a line without a tab between tab-separated rows is a row of one cell when it is this short
MAX_ONE_CELL_ROW = 40
MAX_ROW_LABELS = 4  # labels before a row's numbers; more are header rows run into it
MAX_ALIGNED_WIDTH = 40  # wider tables are laid out left to right without the search
MAX_ALIGNED_ROWS = 200  # header rows laid over the row below them in one document; the rest left to right
_WEIGHT = 10 * MAX_ALIGNED_WIDTH**2  # a better fit outweighs any evenness of widths
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_ARTIFACT = re.compile(r"\[bookmark: [^\]]{0,80}\]")
#: a row's cells: (line it is on, text)
Row = list[tuple[int, str]]
#: a rebuilt cell: (first column, last column, text)
Span = tuple[int, int, str]


def read_text(text: str, path: str) -> Document:
    """The report in ``text`` (decoded by the gate)."""
    passages: list[Passage] = []
    tables: list[list[Row]] = []
    table: list[Row] | None = None
    row: Row | None = None
    after_cell = False  # the line before was a one-cell line
    cells = 0
    truncated = False
    lines = _join_broken_cells(text.splitlines())
    for n, raw in enumerate(lines, start=1):
        line = _ARTIFACT.sub("", raw).rstrip("\r\n")
        if "\t" in line:
            if table is None:
                table = []
                tables.append(table)
            fields = line.split("\t")
            if len(fields) == 2 and not fields[0].strip():  # one cell per line
                if row is None:
                    row = []
                    table.append(row)
                row.append((n, fields[1].strip()))
                after_cell = True
            else:  # a whole row, tab-separated
                table.append([(n, f.strip()) for f in fields])
                row, after_cell = None, False
            cells += len(fields)
            if cells > MAX_TABLE_CELLS or len(table) > MAX_TABLE_ROWS:
                truncated = True
                break
            continue
        stripped = line.strip()
        if not stripped:
            row, after_cell = None, False
            continue
        if after_cell and row and len(stripped) <= MAX_CONTINUATION and not _HEADING.match(stripped):
            line_no, before = row[-1]
            row[-1] = (line_no, f"{before}\n{stripped}" if before else stripped)
            continue
        if table and row is None and _inside(stripped, lines, n):  # a one-cell row between rows
            table.append([(n, stripped)])
            continue
        table, row, after_cell = None, None, False
        passages.append(Passage(stripped, f"第{n}行"))
    unseparated = [i for i, rows in enumerate(tables, start=1) if any(_runs_on(row) for row in rows)]
    tables = [rows for i, rows in enumerate(tables, start=1) if i not in unseparated]
    searches = [MAX_ALIGNED_ROWS]  # header rows left to lay over the row below them
    room = MAX_TABLE_CELLS  # cells of all grids, the empty ones that make them rectangles included
    grids = []
    for i, rows in enumerate(tables, start=1):
        width = min(max((len(row) for row in rows), default=0), MAX_TABLE_COLS)
        keep = min(len(rows), room // width) if width else 0
        if keep:
            grids.append(_grid(f"表{i}", rows[:keep], searches))
            room -= keep * width
        truncated = truncated or keep < len(rows)
    doc = Document("txt", grids=grids, passages=passages)
    doc.title = title_of(passages)
    if unseparated:
        doc.notes.append(
            "文本中有表格每个单元格占一行、但行与行之间没有空行，无法区分各行，未读取"
            f"（{len(unseparated)} 个表格）；请提供原始 Word 文档或网页，或在表格各行之间加空行"
        )
    if truncated:
        doc.notes.append("文本中的表格过大，只读取了前面的部分")
    return doc


@functools.cache
def _labels() -> frozenset[str]:
    """The official tables' labels and headers (normalized), and the section headings."""
    words = [r.label for r in form.SEC3_ROWS] + [g.label for g in form.RESULT_GROUPS]
    words += [*form.SEC3_COLUMNS, form.SEC3_APPLICANT_HEAD, form.SEC3_LEGAL_PERSON_GROUP]
    words += [form.SEC3_RESULTS_HEAD, form.SEC3_NOTE, form.SEC2_CONTENT_LABEL, form.SEC4_PENDING]
    words += [*form.SEC4_BLOCKS, *form.SEC4_RESULTS, *form.SECTION_HEADINGS]
    for sec2 in form.SEC2_TABLES:
        words += [sec2.header, *sec2.columns, *sec2.rows]
    return frozenset(form.normalize_label(w) for w in words)


def _broken(first: str, rest: str) -> bool:
    """Whether ``rest`` continues the cell ``first``: ``first`` is not a label of the tables but
    the start of one, and ``first + rest`` is (the start of) one (``总``+``计``, ``商业``+``企业``,
    ``三、本年度``+``办理结果``). Two whole labels (``行政诉讼``, ``结果维持``) are two cells."""
    if not first or not rest or len(rest) > MAX_CONTINUATION or _is_number(first) or _is_number(rest):
        return False
    head, joined = form.normalize_label(first), form.normalize_label(first + rest)
    if not head or head in _labels():
        return False
    return any(label.startswith(joined) for label in _labels())


def _one_cell_line(line: str) -> bool:
    return line.count("\t") == 1 and not line.split("\t")[0].strip()


def _join_broken_cells(lines: list[str]) -> list[str]:
    """A row copied from a browser where a cell holds a line break (``<br>``) runs over several
    lines: ``\t自然人\t法人或其他组织\t总`` then ``计``, ``\t\t商业`` then ``企业\t科研``, the
    row label ``三、本年度`` on a line of its own before ``办理结果\t（一）…\t12…``. A
    line whose last cell is cut (``_broken``) is joined to the next one, whose first cell finishes
    it, again while it is cut (``（三）`` ``不予`` ``公开\t1.属于…``); the lines joined are left
    blank (the row keeps the place of its first line). Only rows of a table are joined (a tab on
    one of the two lines), and not in a text of one cell per line (its own continuation rule)."""
    tabbed = [line for line in lines if "\t" in line]
    if not tabbed or 2 * sum(map(_one_cell_line, tabbed)) > len(tabbed):
        return lines
    out = list(lines)
    i = 0
    while i < len(out):
        k = i + 1
        while k < len(out):
            line, after = out[i], out[k]
            last = line.rstrip().rsplit("\t", 1)[-1].strip()
            first = after.split("\t", 1)[0].strip()
            if not (("\t" in line or "\t" in after) and _broken(last, first)):
                break
            out[i] = line.rstrip() + after.lstrip()
            out[k] = ""
            k += 1
        i = k
    return out


def _runs_on(row: Row) -> bool:
    """Whether a row of one cell per line runs over several rows of the table (copied without the
    blank line after each row): a label after a number, then a number again. A row of the table
    has its label(s) before its numbers; guessing where each row ends would misplace numbers
    (a row read wrong is worse than a table not read)."""
    seen_number = seen_label_after = False
    labels = 0  # the labels before the first number: a row has a few (三、… （三）… 1.…), not a header
    for _, text in row:
        if _is_number(text):
            if seen_label_after or labels > MAX_ROW_LABELS:
                return True
            seen_number = True
        elif text and seen_number:
            seen_label_after = True
        elif text:
            labels += 1
    return False


def _inside(stripped: str, lines: list[str], n: int) -> bool:
    """Whether a line without tabs after a tab-separated row (line ``n``) is a row of one cell: a short
    line, no section heading, with another tab-separated row after it (blank lines aside)."""
    if len(stripped) > MAX_ONE_CELL_ROW or _HEADING.match(stripped):
        return False
    for after in lines[n : n + 3]:
        if after.strip():
            return "\t" in after
    return False


def _grid(name: str, rows: list[Row], searches: list[int]) -> Grid:
    width = min(max(len(row) for row in rows), MAX_TABLE_COLS)
    laid: list[list[Span]] = [[] for _ in rows]
    below: list[Span] | None = None
    for r in range(len(rows) - 1, -1, -1):
        texts = [text for _, text in rows[r][:width]]
        laid[r] = _lay(texts, width, below, searches)
        below = laid[r]
    grid_rows: list[list[str]] = []
    merges = []
    for r, spans in enumerate(laid):
        cells = [""] * width
        for c0, c1, text in spans:
            cells[c0] = text
            if c1 > c0:
                merges.append(((r, c0), (r, c1)))
        grid_rows.append(cells)
    # a row of one cell per line spans lines: 第204至214行 (its column says which of them)
    places = [
        f"第{row[0][0]}行" if row[0][0] == row[-1][0] else f"第{row[0][0]}至{row[-1][0]}行" for row in rows
    ]
    return Grid(name, grid_rows, merges, places)


def _is_number(text: str) -> bool:
    return bool(text) and parse_count(text).ok


def _lay(texts: list[str], width: int, below: list[Span] | None, searches: list[int]) -> list[Span]:
    """One row's cells as spans over ``width`` columns (see the module docstring)."""
    n = len(texts)
    if n >= width:
        return [(c, c, text) for c, text in enumerate(texts)]
    if n == 1:
        return [(0, width - 1, texts[0])]
    numbers = [i for i, text in enumerate(texts) if _is_number(text)]
    words = [i for i, text in enumerate(texts) if text and not _is_number(text)]
    if numbers and (not words or max(words) < min(numbers)):
        extra = width - n
        wide = max(words) if words else -1  # the row label spans what is left over
        spans: list[Span] = []
        c = 0 if wide >= 0 else extra
        for i, text in enumerate(texts):
            end = c + extra if i == wide else c
            spans.append((c, end, text))
            c = end + 1
        return spans
    if below is None or width > MAX_ALIGNED_WIDTH or searches[0] <= 0:
        return [(c, c if c < n - 1 else width - 1, text) for c, text in enumerate(texts)]
    searches[0] -= 1
    return _over(texts, width, below)


def _over(texts: list[str], width: int, below: list[Span]) -> list[Span]:
    """The division of ``width`` columns into ``len(texts)`` spans that best sits on ``below``."""
    first = {c0: i for i, (c0, _, _) in enumerate(below)}
    last = {c1: i for i, (_, c1, _) in enumerate(below)}
    empties = [0]  # empty cells of ``below`` before each of its cells
    for _, _, text in below:
        empties.append(empties[-1] + (not text))

    def score(a: int, b: int) -> int:
        i, j = first.get(a), last.get(b)
        if i is None or j is None or j < i:
            return 0
        blank = empties[j + 1] - empties[i]
        if i == j:
            return 3 if blank else 2
        return 3 if not blank else 1

    n = len(texts)
    worst = -(1 << 62)
    # best[i][c]: the best score of the first i cells covering columns 0..c-1
    best = [[worst] * (width + 1) for _ in range(n + 1)]
    back = [[0] * (width + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for i in range(1, n + 1):
        for c in range(i, width - (n - i) + 1):
            for a in range(i - 1, c):
                if best[i - 1][a] == worst:
                    continue
                # ties go to the division into the most even widths (the blocks of a header)
                value = best[i - 1][a] + score(a, c - 1) * _WEIGHT - (c - a) ** 2
                if value > best[i][c]:
                    best[i][c], back[i][c] = value, a
    spans: list[Span] = []
    c = width
    for i in range(n, 0, -1):
        a = back[i][c]
        spans.append((a, c - 1, texts[i - 1]))
        c = a
    return spans[::-1]
