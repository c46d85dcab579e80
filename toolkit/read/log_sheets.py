"""The sheets of a 台账 as the readers of :mod:`toolkit.read.log` see them.

Finding a sheet by its name as spelled in the workbook (``申请台帐``, ``申请台账 ``), its non-blank
rows (streamed, every sheet: none is held as Python lists), the header row found by the column names,
merged data cells filled as WPS "拆分并填充内容" would, the cell addresses of a row, and the
``Reader`` that collects the findings and notes of one workbook while its sheets are read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import Finding
from toolkit.gate.parts import sheet_parts
from toolkit.read.cells import cell_address, column_letter, is_blank, normalize_text, snippet

#: the header row is searched for in this many rows from the top
HEADER_SEARCH_ROWS = 10
_LIST_LIMIT = 24  # how many sheet names / header texts an error message lists
#: 台帐 is a common variant spelling of 台账: sheet names are compared with 帐 read as 账
_ZHANG, _ZHANG_VARIANT = "账", "帐"
# why a row with content is not a record (of 申请台账 and of 复议诉讼)
SKIP_OTHER_COLUMNS = "只有表头之外的列有内容，不是申请记录"
SKIP_HEADER = "重复的表头行"
SKIP_ABOVE_HEADER = "在表头行上方（标题、说明或表头之前的内容），不是记录"


class Skipped(NamedTuple):
    """A row with content that is not a record, and why (nothing is lost: the accounting lists it)."""

    row: int  # 1-based
    reason: str
    sheet: str  # as spelled in the workbook


class Reader:
    """Collects findings and notes while the sheets of one workbook are read."""

    def __init__(self, path: str, package: Package | None = None) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.package = package or Package()
        #: the workbook counts its dates from 1904 (``read_package``): serials are of that system
        self.date1904 = self.package.date1904

    def add(
        self, rule: str, sheet: str, cell: str | None, column: str | None, message: str, hint: str
    ) -> None:
        self.findings.append(Finding(rule, self.path, message, hint, sheet=sheet, cell=cell, column=column))


# ---------------------------------------------------------------------------------------------
# Cell addresses of a row
# ---------------------------------------------------------------------------------------------
class RowCells(Mapping[str, str]):
    """Column name → cell address of one row, computed on demand from the sheet's shared column
    letters (a dict of 14 strings per case cost a GB on a million-case 台账)."""

    __slots__ = ("letters", "row")

    def __init__(self, letters: dict[str, str], row: int) -> None:
        self.letters = letters
        self.row = row

    def __getitem__(self, name: str) -> str:
        return f"{self.letters[name]}{self.row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self.letters)

    def __contains__(self, name: object) -> bool:
        return name in self.letters

    def __len__(self) -> int:
        return len(self.letters)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (RowCells, (self.letters, self.row))


@cache
def letters_of(columns: tuple[tuple[str, int], ...]) -> dict[str, str]:
    """Column name → column letters, made once per header (shared by every row's RowCells)."""
    return {name: column_letter(c) for name, c in columns}


def row_cells(row0: int, cols: dict[str, int]) -> RowCells:
    """The cell addresses of the 0-based row ``row0`` under the header columns ``cols``."""
    return RowCells(letters_of(tuple(cols.items())), row0 + 1)


# ---------------------------------------------------------------------------------------------
# Sheets as grids
# ---------------------------------------------------------------------------------------------
def empty(value: Any) -> bool:
    """A cell with nothing in it: None, '' or only spaces and zero-width characters."""
    if value is None or value == "":
        return True
    if value.__class__ is not str:  # numbers, dates, booleans are never blank (hot path: every cell)
        return False
    return not value.strip() if value.isprintable() else is_blank(value)


def unreadable(message: str, reason: str = "unreadable") -> UnreadableInput:
    """The refusal of a workbook that cannot be read as a 台账 (``read_log`` adds its path)."""
    return UnreadableInput(message, reason=reason)


def sheet_key(name: object) -> str:
    """A sheet name as compared: ``form.normalize_label``, with 帐 read as 账 (申请台帐 = 申请台账)."""
    return form.normalize_label(name).replace(_ZHANG_VARIANT, _ZHANG)


def sheet_name(book: Any, wanted: str) -> str | None:
    """The name, as spelled in the workbook, of the sheet ``wanted`` (exactly, else after
    normalisation: ``申请台账 ``, ``申请台帐`` and ``申请 台账`` are all ``申请台账``)."""
    names = [str(n) for n in book.sheet_names]
    if wanted in names:
        return wanted
    target = sheet_key(wanted)
    for name in names:
        if sheet_key(name) == target:
            return name
    return None


_DATE1904 = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?workbookPr\b[^>]*?\bdate1904\s*=\s*["'](?:1|true)["']""")
_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_HEAD = 1 << 16  # workbookPr comes right after fileVersion, at the top of workbook.xml
#: filled cells a sheet that holds a few figures or cases (复议诉讼, 主动公开) may have: calamine holds
#: a sheet whole, at about 100 bytes a cell (22 million cells of 复议诉讼 took 2.4 GB), and these
#: sheets are small by nature. 1,000,000 cells are 140,000 复议/诉讼 cases of 7 columns.
SMALL_SHEET_CELLS = 1_000_000
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SCAN_CHUNK = 1 << 20
_MIN_CELL_BYTES = len(b"<c/>")


@dataclass
class Package:
    """What the workbook's zip says and calamine does not: its date system, and the filled cells
    of the small sheets (counted without loading them)."""

    date1904: bool = False
    cells: dict[str, int] = field(default_factory=dict)  # sheet name → filled cells (capped)


def read_package(
    book: Any, small: Iterable[str] = (), limit: int | None = None, *, data: bytes | None = None
) -> Package:
    """The ``Package`` facts of ``book`` (its bytes ``data``, as the gate judged them; else the file
    calamine opened, ``book.path``), its zip opened once: ``date1904`` from workbook.xml
    (``<workbookPr date1904="1"/>``, old Excel for Mac: calamine converts cells formatted as dates
    itself, but a date typed as a plain number is read by ``cells.parse_date``, which must know
    the system), and the filled cells of the sheets named ``small`` (counted up to just above
    ``limit``, ``SMALL_SHEET_CELLS``). Not an .xlsx (.xls, .xlsb read by calamine itself): the 1900
    system, and nothing counted (calamine reads those sheets as before)."""
    limit = SMALL_SHEET_CELLS if limit is None else limit
    source: Any = io.BytesIO(data) if data is not None else getattr(book, "path", None)
    package = Package()
    if not source:
        return package
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            part = _WORKBOOK_PART if _WORKBOOK_PART in names else None
            part = part or next((n for n in names if n.lower().endswith("/workbook.xml")), None)
            if part is None:
                return package
            with archive.open(part) as stream:
                package.date1904 = _DATE1904.search(stream.read(_WORKBOOK_HEAD)) is not None
            # a <c> tag takes 4 bytes at least: a part smaller than that many is within the limit
            big = {i.filename for i in archive.infolist() if i.file_size > _MIN_CELL_BYTES * limit}
            wanted = set(small) if big else set()
            if wanted:
                for sheet, sheet_part in sheet_parts(archive.read).items():
                    if sheet in wanted and sheet_part in big:
                        package.cells[sheet] = _count_cells(archive, sheet_part, limit)
    except Exception:  # the gate has judged the file; a part that cannot be scanned is read as before
        return package
    return package


def _count_cells(archive: zipfile.ZipFile, part: str, limit: int) -> int:
    count = 0
    tail = b""
    with archive.open(part) as stream:
        while count <= limit and (chunk := stream.read(_SCAN_CHUNK)):
            data = tail + chunk
            cut = max(0, len(data) - 64)  # a tag across chunks is counted with the next one
            count += len(_CELL_TAG.findall(data, 0, cut))
            tail = data[cut:]
    return count + len(_CELL_TAG.findall(tail))


def within_budget(reader: Reader, name: str, what: str) -> None:
    """Refuse (``sheet_too_large``) the small sheet ``name`` when it holds more than
    ``SMALL_SHEET_CELLS`` filled cells (``read_package``), before calamine loads it whole; ``what``
    says what the sheet is for."""
    if reader.package.cells.get(name, 0) > SMALL_SHEET_CELLS:
        raise unreadable(
            f"工作表“{snippet(name, 20)}”有超过 {SMALL_SHEET_CELLS:,} 个填写了内容的单元格，远多于{what}所需"
            f"（可能粘贴了大量无关内容），读取会占用过多内存：请删除多余的行和列后另存，再试",
            "sheet_too_large",
        )


Merged = list[tuple[tuple[int, int], tuple[int, int]]]
Row = tuple[int, list[Any]]  # (absolute 0-based row, values from column A)


def sheet_rows(book: Any, name: str) -> tuple[Iterator[tuple[int, list[Any]]], Merged]:
    """A sheet's non-blank rows, one at a time, as (absolute 0-based row, values from column A),
    and its merged ranges. Blank rows are dropped as they stream by, and no row is kept: a
    million-row 台账 is never held as Python lists (calamine's own range is already 0.8 GB).

    calamine's ``iter_rows`` yields rows from row 0 but columns from the used range's first
    column (0.9); older versions started at the used range's first row. When the used range
    starts below row 1, which convention this calamine follows is only known from the number of
    rows it yields, so such a sheet is read whole first.
    """
    try:
        sheet = book.get_sheet_by_name(name)
        start, end = sheet.start, sheet.end
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # calamine's own errors name internal parts; say it plainly
        raise _unreadable_sheet(name) from None
    if start is None or end is None:
        return iter(()), []
    # clipped to the used area: a range running to XFD1048576 covers no cell past the last one
    # read. One running past it keeps a second row (column) there: it is still a merge, noted as one.
    last_row, last_col = end
    merged = [
        ((r0, c0), (_clip(r0, r1, last_row), _clip(c0, c1, last_col)))
        for (r0, c0), (r1, c1) in ranges
        if r0 <= last_row and c0 <= last_col
    ]
    width = sheet.width
    col_offset = 0 if width == end[1] + 1 else start[1]
    if start[0] == 0:
        return _stream(sheet, name, width, 0, col_offset), merged
    kept = list(_stream(sheet, name, width, 0, col_offset, count=(counted := [0])))
    row_offset = 0 if counted[0] == end[0] + 1 else start[0]
    return iter([(row0 + row_offset, values) for row0, values in kept]), merged


def _clip(first: int, last: int, end: int) -> int:
    return last if last <= end else max(end, first + 1)


def _stream(
    sheet: Any, name: str, width: int, row_offset: int, col_offset: int, count: list[int] | None = None
) -> Iterator[tuple[int, list[Any]]]:
    blank = [""] * width
    pad = [""] * col_offset
    index = -1
    try:
        for index, values in enumerate(sheet.iter_rows()):
            if values == blank:
                continue
            for v in values:  # stops at the first filled cell: the first, in a row of a 台账
                if v != "" and not empty(v):
                    break
            else:
                continue
            yield index + row_offset, (pad + values if pad else values)
    except UnreadableInput:
        raise
    except Exception:
        raise _unreadable_sheet(name) from None
    if count is not None:
        count[0] = index + 1


def _unreadable_sheet(name: object) -> UnreadableInput:
    return unreadable(
        f"无法读取工作表“{snippet(str(name))}”（文件可能已损坏），请在 Excel/WPS 中打开并另存为 .xlsx 后再试"
    )


def sheet_head(book: Any, name: str, nrows: int) -> list[list[Any]]:
    """The first ``nrows`` rows of a sheet from A1 (cheap: never reads the whole sheet)."""
    try:
        sheet = book.get_sheet_by_name(name)
        return [list(r) for r in sheet.to_python(skip_empty_area=False, nrows=nrows)]
    except Exception:
        return []


# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------
@dataclass
class Header:
    row0: int
    columns: dict[str, int]  # column name → 0-based column
    texts: list[str]  # every non-blank header text of that row, as found
    duplicates: list[str]  # column names found more than once (the first is used)


def _header_names(columns: Sequence[form.LogColumn]) -> dict[str, str]:
    return {form.normalize_label(c.name): c.name for c in columns}


def find_header(rows: Iterable[tuple[int, list[Any]]], columns: Sequence[form.LogColumn]) -> Header | None:
    """The first row (among ``rows``) that is a whole header: every required column name and most
    of the known ones. Failing that, the row with the most known column names (its missing
    columns are then named by ``header_or_raise``); None when no row has any.

    The first whole header, not the fullest: a full header pasted further down (a repeated
    header) must not make the applications above it vanish (they are read under the first one,
    and the pasted header is listed as a repeated header row).
    """
    known = _header_names(columns)
    required = required_names(columns)
    best: Header | None = None
    for row0, values in rows:
        found: dict[str, int] = {}
        duplicates: list[str] = []
        texts: list[str] = []
        for col0, value in enumerate(values):
            if empty(value):
                continue
            texts.append(normalize_text(value))
            name = known.get(form.normalize_label(value)) if isinstance(value, str) else None
            if name is None:
                continue
            if name in found:
                duplicates.append(name)
            else:
                found[name] = col0
        if not found:
            continue
        if len(found) * 2 > len(known) and all(name in found for name in required):
            return Header(row0, found, texts, duplicates)
        if best is None or len(found) > len(best.columns):
            best = Header(row0, found, texts, duplicates)
    return best


def listing(items: Iterable[str]) -> str:
    items = [snippet(i, 20) for i in items]
    shown = "、".join(f"“{i}”" for i in items[:_LIST_LIMIT])
    if len(items) > _LIST_LIMIT:
        shown += f" 等 {len(items)} 个"
    return shown or "（无）"


def required_names(columns: Sequence[form.LogColumn]) -> list[str]:
    return [c.name for c in columns if c.required]


def head_rows(rows: Iterator[tuple[int, list[Any]]]) -> tuple[list[Row], list[Row]]:
    """Taken from the stream ``rows``: the rows above ``HEADER_SEARCH_ROWS`` (where the header is
    searched for), and the first row below them, if any (the rest stay in the stream)."""
    top: list[Row] = []
    for row0, values in rows:
        if row0 >= HEADER_SEARCH_ROWS:
            return top, [(row0, values)]
        top.append((row0, values))
    return top, []


def header_or_raise(
    top: list[tuple[int, list[Any]]], sheet: str, columns: Sequence[form.LogColumn]
) -> Header:
    """The header among the rows above ``HEADER_SEARCH_ROWS`` (``top``), or UnreadableInput."""
    header = find_header(top, columns)
    needed = required_names(columns)
    if header is None:
        # no known header at all: do not quote cells (the rows may be applications)
        raise unreadable(
            f"工作表“{sheet}”前 {HEADER_SEARCH_ROWS} 行中找不到表头（没有一个单元格是台账的列名）。"
            f"需要的列名：{'、'.join(needed)}等。请从模板复制表头行，粘贴到第 1 行后再试"
        )
    missing = [name for name in needed if name not in header.columns]
    if missing:
        raise unreadable(
            f"工作表“{sheet}”第 {header.row0 + 1} 行的表头缺少必填列：{'、'.join(missing)}。"
            f"找到的表头：{listing(header.texts)}。"
            f"请恢复这些列的列名（可从模板复制表头），不要改名或删除"
        )
    return header


def note_header(header: Header, sheet: str, columns: Sequence[form.LogColumn], reader: Reader) -> None:
    if header.row0:
        reader.notes.append(f"“{sheet}”的表头在第 {header.row0 + 1} 行")
    for name in header.duplicates:
        reader.notes.append(f"“{sheet}”中有两列都叫“{name}”，只读取了左边的一列")
    absent = [c.name for c in columns if c.name not in header.columns and not c.personal]
    if absent:
        reader.notes.append(f"“{sheet}”中没有这些列（按空白处理）：{'、'.join(absent)}")


def cell_at(values: list[Any], col0: int | None) -> Any:
    """The value in column ``col0`` of a row, or '' when the row is shorter or there is no column."""
    return values[col0] if col0 is not None and col0 < len(values) else ""


def is_repeated_header(values: list[Any], cols: dict[str, int], labels: set[str]) -> bool:
    received = cell_at(values, cols.get(form.LOG_RECEIVED))
    if received != "" and not isinstance(received, str):  # a date or a number: an application row
        return False
    hits = sum(
        1
        for c in cols.values()
        if c < len(values) and isinstance(values[c], str) and form.normalize_label(values[c]) in labels
    )
    return hits * 2 > len(cols)


# ---------------------------------------------------------------------------------------------
# Merged cells, and rows named in notes
# ---------------------------------------------------------------------------------------------
class MergeFill:
    """Merged ranges below the header, applied to rows as they stream by: every covered cell of
    a row with content of its own gets the range's top-left value, as WPS "拆分并填充内容" would
    (a merge running into empty rows must not make applications out of nothing).

    Only the header's columns are filled (``last_col``: a range is clipped there, and one right
    of it dropped), over the used area (``sheet_rows`` clips the rows). Ranges that do not overlap
    cover each cell of that box once at most, so the work (``work``, cells filled) is bounded by
    the cells read; ranges whose clipped areas add up to more than the box overlap one another
    (Excel repairs such a file as damaged) and the sheet is refused: a few hundred ranges
    ``A2:XFD1048576`` would otherwise cost hours.
    """

    def __init__(self, merged: Merged, header_row0: int, last_col: int, sheet: str = "") -> None:
        self.pending = sorted(
            (r0, c0, r1, min(c1, last_col), index)
            for index, ((r0, c0), (r1, c1)) in enumerate(merged)
            if r0 > header_row0 and c0 <= last_col and not (r0 == r1 and c0 == min(c1, last_col))
        )
        self.next = 0  # the first range of ``pending`` not yet started
        self.live: list[tuple[int, int, int, int, int, Any]] = []  # ..., index, top-left value
        self.filled: list[tuple[int, str]] = []  # (index in the workbook's list, "A3:A5")
        self.work = 0  # cells filled so far
        if self.pending:
            area = sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1, _ in self.pending)
            box = (max(m[2] for m in self.pending) - header_row0) * (last_col + 1)
            if area > box:
                raise unreadable(
                    f"工作表“{snippet(sheet)}”中的 {len(self.pending)} 个合并单元格互相重叠（文件可能已损坏，"
                    f"Excel 打开时也会提示修复）：请在 Excel/WPS 中选中整张表，取消合并单元格后另存，再试",
                    "corrupt",
                )

    @property
    def active(self) -> bool:
        return bool(self.next < len(self.pending) or self.live)

    def apply(self, row0: int, values: list[Any]) -> list[Any]:
        starting = []
        pending = self.pending
        while self.next < len(pending) and pending[self.next][0] <= row0:
            starting.append(pending[self.next])
            self.next += 1
        self.live = [m for m in self.live if m[2] >= row0]
        # In the workbook's order of ranges, as filling the whole sheet range by range does: a
        # range whose top-left cell lies in an earlier one (Excel refuses to save that; calamine
        # reads it) takes that range's value there.
        work = sorted([(m[4], m, False) for m in self.live] + [(m[4], m, True) for m in starting])
        for index, (r0, c0, r1, c1, *rest), new in work:
            if new:
                # a top-left row that never streamed by was blank: nothing to fill
                top_left = cell_at(values, c0) if r0 == row0 else ""
                if empty(top_left):
                    continue
                self.live.append((r0, c0, r1, c1, index, top_left))
                self.filled.append((index, f"{cell_address(r0, c0)}:{cell_address(r1, c1)}"))
            else:
                top_left = rest[1]
            if len(values) <= c1:
                values = values + [""] * (c1 + 1 - len(values))
            self.work += c1 - c0 + 1
            for c in range(c0, c1 + 1):
                if (row0, c) != (r0, c0):
                    values[c] = top_left
        return values

    def note(self, sheet: str, reader: Reader) -> None:
        if self.filled:
            ranges = [text for _, text in sorted(self.filled)]
            reader.notes.append(
                f"“{sheet}”中有合并单元格 {listing(ranges)}：已按每个合并区域左上角的内容计入其中每一行。"
                f"建议取消合并，每行分别填写"
            )


def rows_text(rows: Sequence[int]) -> str:
    """[3, 4, 5, 9] → '3–5、9' (at most a few runs, then 等)."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    text = "、".join(parts[:8])
    return text + (" 等" if len(parts) > 8 else "")
