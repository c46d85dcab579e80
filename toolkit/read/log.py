"""Read a filled 台账 (case-log workbook) into rows the counting and the rules can use.

The workbook is opened once by the caller (python-calamine) and passed in. Columns are found by
their header names (after ``form.normalize_label``), not by position, in a header row anywhere in
the first ``HEADER_SEARCH_ROWS`` rows; inserted, moved or extra columns read the same. Vertically
or horizontally merged data cells are filled with their top-left value, as WPS "拆分并填充内容"
would. Reading-level problems are findings (L1 required cell empty, L2 unknown applicant type or
result, L3 not a date, L7 unknown 复议诉讼 type or result, R5/R6/R7 for section 二 cells); a file
that cannot be read as a 台账 at all raises :class:`UnreadableInput`.

Personal data (申请人, 申请内容, 备注 and every column marked ``personal`` in ``form``) is looked
at only to know whether a row is empty: it is never stored, and never quoted in a message. Since
a name or a request text pasted one column off lands in any column, no message about a cell of a
台账 quotes that cell's text: it names the column and the cell, says what kind of value is
expected and, where a reason carries no text of the cell (``4月没有31日``), why the value is not
one. Only L4 quotes a 申请编号/案件编号 (cut by ``snippet``), an identifier and not personal data.

Findings name the sheets as they are spelled in the workbook (``LogRead.log_sheet`` and
``LogRead.review_sheet``), so a sheet called ``申请台帐`` or ``申请台账 `` is annotated where it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache, partial
from itertools import chain
from operator import attrgetter
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import Finding
from toolkit.read.cells import (
    MAX_DATE,
    MIN_DATE,
    Parsed,
    cell_address,
    column_letter,
    date_to_excel_serial,
    is_blank,
    normalize_text,
    parse_count,
    parse_date,
    parse_fee,
    snippet,
)
from toolkit.rules.log import check_log, excluded_before_year, reviews_excluded_before_year
from toolkit.table import UnitInfo
from toolkit.write.xlsx import STAMP_TEMPLATE, STAMP_VERSION, TEMPLATE_KINDS

__all__ = [
    "HEADER_SEARCH_ROWS",
    "CaseRow",
    "LogRead",
    "ReviewRow",
    "check_log",
    "excluded_before_year",
    "looks_like_log",
    "read_log",
    "reviews_excluded_before_year",
]

#: the header row is searched for in this many rows from the top
HEADER_SEARCH_ROWS = 10
#: how many rows of 单位信息 are searched for the labels
UNIT_SEARCH_ROWS = 40
#: section 二 labels are searched for in this many columns from the left
SEC2_LABEL_COLUMNS = 4
LOG_TEMPLATE_ID, LOG_TEMPLATE_VERSION = TEMPLATE_KINDS["log"]
_LIST_LIMIT = 24  # how many sheet names / header texts an error message lists

_PICK = "请从下拉列表选择"
# why a row of 申请台账 with content is not an application
_SKIP_OTHER_COLUMNS = "只有表头之外的列有内容，不是申请记录"
_SKIP_HEADER = "重复的表头行"
_SKIP_ID_ONLY = f"在最后一件申请之后，只预先填了{form.LOG_ID}"
_SKIP_TOTAL = "合计行，不是申请"
#: a row below the last application with one of these in a text cell, and no valid 收到日期, is a
#: totals row (合计/总计/小计), not an application
_TOTAL_WORDS = ("合计", "总计", "小计")
#: 台帐 is a common variant spelling of 台账: sheet names are compared with 帐 read as 账
_ZHANG, _ZHANG_VARIANT = "账", "帐"
#: Excel serials of MIN_DATE and MAX_DATE: a number with a fraction in this range is a date with a time
_SERIAL_FIRST, _SERIAL_LAST = date_to_excel_serial(MIN_DATE), date_to_excel_serial(MAX_DATE)
_DATE_HINT = "请填写年月日齐全的日期，如 2024-03-05（可把单元格格式设为“日期”）"
_YEAR = re.compile(r"([0-9]{4}) ?年?度?")


#: the choices of every dropdown column of 申请台账 and 复议诉讼 (for "共 N 项")
_CHOICES: dict[str, tuple[str, ...]] = {
    c.name: c.choices for c in (*form.LOG_COLUMNS, *form.REVIEW_COLUMNS) if c.choices
}

# Why a value is not a date / an amount / a count, keyed by a marker of the parser's reason
# (toolkit.read.cells). The parsers quote the cell; these fixed texts never do. A reason that matches
# no marker is left out of the message, which then only says what kind of value is expected.
_DATE_REASONS = (
    ("只有年份", "只有年份，缺少月、日"),
    ("逻辑值", "是逻辑值（TRUE/FALSE）"),
    ("只有时间", "只有时间，没有日期"),
    ("特殊数字符号", "含有特殊数字符号（如 ①、²）"),
    ("时间不存在", "其中的时间不存在"),
    ("超出合理范围", "年份超出合理范围，请检查年份"),
    ("不能作为日期", "这个数字不能作为日期"),
    ("不是完整的日期", "不是年月日齐全的日期"),
)
_NUMBER_REASONS = (
    ("负数", "不能是负数"),
    ("不是整数", "不是整数"),
    ("带了单位", "带了单位，只填数字即可"),
    ("逻辑值", "是逻辑值（TRUE/FALSE）"),
    ("日期或时间", "是日期或时间，不是数字"),
    ("特殊数字符号", "含有特殊数字符号（如 ①、²）"),
)
#: the reasons of a date that does not exist, as ``cells._build_date`` words them: numbers only
_NO_SUCH_DAY = re.compile(
    r"日期不存在：(没有[0-9]{1,2}月|[0-9]{1,2}月没有[0-9]{1,2}日|没有0日|[0-9]{4}年不是闰年，2月没有29日)（"
)


def _reason(error: str | None, reasons: Sequence[tuple[str, str]]) -> str:
    """'：' and a fixed reason for a parser's ``error`` (which quotes the cell), or ''."""
    if not error:
        return ""
    match = _NO_SUCH_DAY.match(error)
    if match:
        return f"：{match.group(1)}"
    for marker, text in reasons:
        if marker in error:
            return f"：{text}"
    return ""


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------
class RowCells(Mapping[str, str]):
    """Column name → cell address of one row, computed on demand from the sheet's shared column
    letters (a dict of 14 strings per case cost a GB on a million-case 台账)."""

    __slots__ = ("_letters", "_row")

    def __init__(self, letters: dict[str, str], row: int) -> None:
        self._letters = letters
        self._row = row

    def __getitem__(self, name: str) -> str:
        return f"{self._letters[name]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._letters)

    def __contains__(self, name: object) -> bool:
        return name in self._letters

    def __len__(self) -> int:
        return len(self._letters)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (RowCells, (self._letters, self._row))


@cache
def _letters_of(columns: tuple[tuple[str, int], ...]) -> dict[str, str]:
    return {name: column_letter(c) for name, c in columns}


def _row_cells(row0: int, cols: dict[str, int]) -> RowCells:
    return RowCells(_letters_of(tuple(cols.items())), row0 + 1)


@dataclass(slots=True)
class CaseRow:
    """One application (one row of 申请台账). No personal field is ever loaded.

    Read-only by convention: not ``frozen``, because a frozen dataclass costs 0.7 µs more to
    build, which is 0.7 s on a million-case 台账.
    """

    row: int  # 1-based Excel row
    case_id: str | None
    received: date | None
    applicant_type: str | None  # a label of form.APPLICANT_TYPES, or None if blank/unknown
    concluded: date | None
    result_key: str | None  # a key of form.RESULT_KEYS, or None if blank/unknown
    corrected: date | None
    extended: bool
    fee: Decimal | None  # 收费金额（元）
    office: str
    cells: Mapping[str, str]  # column name → "D12", for every column the sheet has

    def __reduce__(self) -> tuple[Any, ...]:
        # by position: half the unpickling time of the default (a dict of slots per case), which
        # the parent process pays for every case a worker read
        return (CaseRow, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One 行政复议 / 行政诉讼 case (one row of 复议诉讼)."""

    row: int
    case_id: str | None
    case_type: str | None  # one of form.SEC4_BLOCKS, or None if blank/unknown
    filed: date | None
    concluded: date | None
    result: str | None  # one of form.SEC4_RESULTS, or None if blank (pending) or unknown
    cells: Mapping[str, str]


@dataclass
class LogRead:
    path: str
    info: UnitInfo
    template_version: int | None  # from the hidden stamp sheet; None when absent
    cases: list[CaseRow]
    reviews: list[ReviewRow]
    sec2: dict[str, Any]  # the shape of Table.sec2; None where blank or unreadable
    sec2_cells: dict[tuple[str, int], tuple[str, str]]  # (row key, index) → (sheet, cell)
    rows_read: int  # data rows of 申请台账 with any content: len(cases) + len(skipped_rows)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: 单位信息 label → (sheet, cell) of its value, for every label found
    info_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the 统计年度 cell as found (cut), when it is filled but not a year; "" otherwise
    year_text: str = ""
    #: 1-based header row of 申请台账
    header_row: int = 1
    #: all-blank rows between the header and the last data row of 申请台账 (skipped)
    blank_rows: int = 0
    #: rows of 申请台账 with content that are not applications: (1-based row, reason)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    #: the name of the 申请台账 sheet as spelled in the workbook (申请台帐, a trailing space …)
    log_sheet: str = form.SHEET_LOG
    #: the name of the 复议诉讼 sheet as spelled in the workbook; None when there is none
    review_sheet: str | None = None
    #: rows of 复议诉讼 with content that are not cases: (1-based row, reason)
    review_skipped_rows: list[tuple[int, str]] = field(default_factory=list)

    # A worker process sends every LogRead it read to the parent: the cases travel as plain tuples
    # (a third of the pickling time of CaseRow objects) and are rebuilt on arrival.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["cases"] = _pack_cases(self.cases)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["cases"] = _unpack_cases(state["cases"])
        self.__dict__.update(state)


_CASE_VALUES = tuple(f.name for f in fields(CaseRow) if f.name != "cells")  # CaseRow's order


def _pack_cases(cases: list[CaseRow]) -> tuple[Any, ...]:
    """("rows", shared column letters, one tuple per case) when every case's cells are a RowCells
    of its own row over the same letters (as read_log makes them); ("cases", the list) otherwise."""
    letters = cases[0].cells._letters if cases and cases[0].cells.__class__ is RowCells else None
    if letters is not None and all(
        c.cells.__class__ is RowCells and c.cells._letters is letters and c.cells._row == c.row for c in cases
    ):
        values = attrgetter(*_CASE_VALUES)
        return ("rows", letters, [values(c) for c in cases])
    return ("cases", cases)


def _unpack_cases(packed: tuple[Any, ...]) -> list[CaseRow]:
    if packed[0] == "cases":
        return packed[1]
    _, letters, rows = packed
    return [CaseRow(*values, RowCells(letters, values[0])) for values in rows]


# ---------------------------------------------------------------------------------------------
# Sheets as grids
# ---------------------------------------------------------------------------------------------
def _empty(value: Any) -> bool:
    if value is None or value == "":
        return True
    if value.__class__ is not str:  # numbers, dates, booleans are never blank (hot path: every cell)
        return False
    return not value.strip() if value.isprintable() else is_blank(value)


@dataclass
class _Grid:
    """The non-blank rows of a sheet, aligned to absolute 0-based rows and columns."""

    rows: dict[int, list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]

    def value(self, row0: int, col0: int) -> Any:
        values = self.rows.get(row0)
        if values is None or col0 >= len(values):
            return ""
        return values[col0]


def _unreadable(message: str) -> UnreadableInput:
    return UnreadableInput(message)


def _sheet_key(name: object) -> str:
    """A sheet name as compared: ``form.normalize_label``, with 帐 read as 账 (申请台帐 = 申请台账)."""
    return form.normalize_label(name).replace(_ZHANG_VARIANT, _ZHANG)


def _sheet_name(book: Any, wanted: str) -> str | None:
    """The name, as spelled in the workbook, of the sheet ``wanted`` (exactly, else after
    normalisation: ``申请台账 ``, ``申请台帐`` and ``申请 台账`` are all ``申请台账``)."""
    names = [str(n) for n in book.sheet_names]
    if wanted in names:
        return wanted
    target = _sheet_key(wanted)
    for name in names:
        if _sheet_key(name) == target:
            return name
    return None


def _grid(book: Any, name: str) -> _Grid:
    """A sheet's non-blank rows, all held (small sheets: 复议诉讼, 主动公开)."""
    rows, merged = _rows(book, name)
    return _Grid(dict(rows), merged)


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def _rows(book: Any, name: str) -> tuple[Iterator[tuple[int, list[Any]]], Merged]:
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
        merged = [((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
    except Exception:  # calamine's own errors name internal parts; say it plainly
        raise _unreadable_sheet(name) from None
    if start is None or end is None:
        return iter(()), merged
    width = sheet.width
    col_offset = 0 if width == end[1] + 1 else start[1]
    if start[0] == 0:
        return _stream(sheet, name, width, 0, col_offset), merged
    kept = list(_stream(sheet, name, width, 0, col_offset, count=(counted := [0])))
    row_offset = 0 if counted[0] == end[0] + 1 else start[0]
    return iter([(row0 + row_offset, values) for row0, values in kept]), merged


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
                if v != "" and not _empty(v):
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
    return _unreadable(
        f"无法读取工作表“{snippet(str(name))}”（文件可能已损坏），请在 Excel/WPS 中打开并另存为 .xlsx 后再试"
    )


def _head(book: Any, name: str, nrows: int) -> list[list[Any]]:
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
class _Header:
    row0: int
    columns: dict[str, int]  # column name → 0-based column
    texts: list[str]  # every non-blank header text of that row, as found
    duplicates: list[str]  # column names found more than once (the first is used)


def _header_names(columns: Sequence[form.LogColumn]) -> dict[str, str]:
    return {form.normalize_label(c.name): c.name for c in columns}


def _find_header(rows: Iterable[tuple[int, list[Any]]], columns: Sequence[form.LogColumn]) -> _Header | None:
    """The row (among ``rows``) with the most known column names; None when none has any."""
    known = _header_names(columns)
    best: _Header | None = None
    for row0, values in rows:
        found: dict[str, int] = {}
        duplicates: list[str] = []
        texts: list[str] = []
        for col0, value in enumerate(values):
            if _empty(value):
                continue
            texts.append(normalize_text(value))
            name = known.get(form.normalize_label(value)) if isinstance(value, str) else None
            if name is None:
                continue
            if name in found:
                duplicates.append(name)
            else:
                found[name] = col0
        if found and (best is None or len(found) > len(best.columns)):
            best = _Header(row0, found, texts, duplicates)
            if len(found) == len(known):  # every column: no later row can have more
                break
    return best


def _listing(items: Iterable[str]) -> str:
    items = [snippet(i, 20) for i in items]
    shown = "、".join(f"“{i}”" for i in items[:_LIST_LIMIT])
    if len(items) > _LIST_LIMIT:
        shown += f" 等 {len(items)} 个"
    return shown or "（无）"


def _required(columns: Sequence[form.LogColumn]) -> list[str]:
    return [c.name for c in columns if c.required]


def _top_rows(grid: _Grid) -> list[tuple[int, list[Any]]]:
    return [(r, v) for r, v in sorted(grid.rows.items()) if r < HEADER_SEARCH_ROWS]


def _header_or_raise(
    top: list[tuple[int, list[Any]]], sheet: str, columns: Sequence[form.LogColumn]
) -> _Header:
    """The header among the rows above ``HEADER_SEARCH_ROWS`` (``top``), or UnreadableInput."""
    header = _find_header(top, columns)
    needed = _required(columns)
    if header is None:
        # no known header at all: do not quote cells (the rows may be applications)
        raise _unreadable(
            f"工作表“{sheet}”前 {HEADER_SEARCH_ROWS} 行中找不到表头（没有一个单元格是台账的列名）。"
            f"需要的列名：{'、'.join(needed)}等。请从模板复制表头行，粘贴到第 1 行后再试"
        )
    missing = [name for name in needed if name not in header.columns]
    if missing:
        raise _unreadable(
            f"工作表“{sheet}”第 {header.row0 + 1} 行的表头缺少必填列：{'、'.join(missing)}。"
            f"找到的表头：{_listing(header.texts)}。"
            f"请恢复这些列的列名（可从模板复制表头），不要改名或删除"
        )
    return header


# ---------------------------------------------------------------------------------------------
# Recognising a 台账
# ---------------------------------------------------------------------------------------------
def _stamp(book: Any) -> tuple[str | None, Any]:
    name = _sheet_name(book, form.SHEET_STAMP)
    if name is None:
        return None, None
    template_id: str | None = None
    version: Any = None
    for values in _head(book, name, 10):
        if len(values) < 2:
            continue
        if values[0] == STAMP_TEMPLATE:
            template_id = normalize_text(values[1])
        elif values[0] == STAMP_VERSION:
            version = values[1]
    return template_id, version


def looks_like_log(book: Any) -> bool:
    """Our stamp, a sheet named 申请台账, or a sheet whose first rows hold most required headers."""
    try:
        template_id, _ = _stamp(book)
        if template_id == LOG_TEMPLATE_ID:
            return True
        if _sheet_name(book, form.SHEET_LOG) is not None:
            return True
        return _header_sheet(book) is not None
    except Exception:
        return False


def _header_sheet(book: Any) -> str | None:
    """A sheet (of another name) whose first rows hold most of the required 申请台账 headers."""
    needed = _required(form.LOG_COLUMNS)
    for name in book.sheet_names:
        rows = list(enumerate(_head(book, name, HEADER_SEARCH_ROWS)))
        header = _find_header(rows, form.LOG_COLUMNS)
        if header is None:
            continue
        hits = sum(1 for n in needed if n in header.columns)
        if hits * 2 > len(needed) and len(header.columns) >= len(needed):
            return str(name)
    return None


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
class _Reader:
    """Collects findings and notes while the sheets of one workbook are read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.notes: list[str] = []

    def add(
        self, rule: str, sheet: str, cell: str | None, column: str | None, message: str, hint: str
    ) -> None:
        self.findings.append(Finding(rule, self.path, message, hint, sheet=sheet, cell=cell, column=column))


def read_log(book: Any, path: str) -> LogRead:
    """Read the 台账 in ``book`` (an open ``python_calamine.CalamineWorkbook``).

    Raises UnreadableInput when there is no 申请台账 sheet or a required column is missing.
    """
    try:
        return _read_log(book, path)
    except UnreadableInput as err:
        if err.path is not None:
            raise
        raise UnreadableInput(err.message, path=path, reason=err.reason) from None


def _read_log(book: Any, path: str) -> LogRead:
    reader = _Reader(path)
    log_sheet = _sheet_name(book, form.SHEET_LOG)
    if log_sheet is None:
        candidate = _header_sheet(book)
        names = _listing(str(n) for n in book.sheet_names)
        tip = (
            f"工作表“{snippet(candidate, 20)}”有台账的表头，如果它就是台账，请把它改名为“{form.SHEET_LOG}”"
            if candidate
            else f"请使用 xxgk template log 生成的台账，不要改动工作表名称“{form.SHEET_LOG}”"
        )
        raise _unreadable(f"找不到工作表“{form.SHEET_LOG}”。工作簿中的工作表：{names}。{tip}")

    template_id, version = _stamp(book)
    template_version = _template_version(template_id, version, reader)
    info, info_cells, year_text = _read_unit(book, reader)
    cases, rows_read, header_row, blank_rows, skipped = _read_cases(book, log_sheet, reader)
    reviews, review_sheet, review_skipped = _read_reviews(book, reader)
    sec2, sec2_cells = _read_sec2(book, reader)
    return LogRead(
        path=path,
        info=info,
        template_version=template_version,
        cases=cases,
        reviews=reviews,
        sec2=sec2,
        sec2_cells=sec2_cells,
        rows_read=rows_read,
        findings=reader.findings,
        notes=reader.notes,
        info_cells=info_cells,
        year_text=year_text,
        header_row=header_row,
        blank_rows=blank_rows,
        skipped_rows=skipped,
        log_sheet=log_sheet,
        review_sheet=review_sheet,
        review_skipped_rows=review_skipped,
    )


def _template_version(template_id: str | None, version: Any, reader: _Reader) -> int | None:
    if template_id != LOG_TEMPLATE_ID:
        return None
    parsed = parse_count(version)
    if not parsed.ok or parsed.value is None:
        return None
    if parsed.value > LOG_TEMPLATE_VERSION:
        reader.notes.append(
            f"这份台账用第 {parsed.value} 版模板制作，比本程序认识的第 {LOG_TEMPLATE_VERSION} 版新，"
            f"请升级 xxgk 后再检查"
        )
    return parsed.value


# ---- 单位信息 ---------------------------------------------------------------------------------
def _info_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(value)


def _read_unit(book: Any, reader: _Reader) -> tuple[UnitInfo, dict[str, tuple[str, str]], str]:
    sheet = _sheet_name(book, form.SHEET_UNIT)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_UNIT}”工作表：单位名称和统计年度未知")
        return UnitInfo(), {}, ""
    labels = {form.normalize_label(f.label): f.label for f in form.UNIT_FIELDS}
    values: dict[str, Any] = {}
    cells: dict[str, tuple[str, str]] = {}
    for row0, row in enumerate(_head(book, sheet, UNIT_SEARCH_ROWS)):
        if not row or not isinstance(row[0], str):
            continue
        label = labels.get(form.normalize_label(row[0]))
        if label is None or label in values:
            continue
        values[label] = row[1] if len(row) > 1 else ""
        cells[label] = (sheet, cell_address(row0, 1))
    year: int | None = None
    year_text = ""
    raw_year = values.get(form.UNIT_YEAR, "")
    if not _empty(raw_year):
        year = _parse_year(raw_year)
        if year is None:
            year_text = snippet(_info_text(raw_year))
    fields = {
        "name": form.UNIT_NAME,
        "level": form.UNIT_LEVEL,
        "contact": form.UNIT_CONTACT,
        "phone": form.UNIT_PHONE,
        "address": form.UNIT_ADDRESS,
        "postcode": form.UNIT_POSTCODE,
    }
    texts = {attr: _info_text(values.get(label, "")) for attr, label in fields.items()}
    return UnitInfo(year=year, **texts), cells, year_text


def _parse_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, date):  # 2024 typed into a cell formatted as a date shows 1905-07-16
        value = date_to_excel_serial(value)
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str):
        match = _YEAR.fullmatch(normalize_text(value))
        if not match:
            return None
        year = int(match.group(1))
    else:
        return None
    return year if year in form.YEARS else None


# ---- 申请台账 ---------------------------------------------------------------------------------
def _read_cases(
    book: Any, sheet: str, reader: _Reader
) -> tuple[list[CaseRow], int, int, int, list[tuple[int, str]]]:
    """The applications of 申请台账, read as the rows stream by (see ``_rows``).

    A row whose 收到日期 is a real date is an application at once. Any other row with content is
    classified: a row with content only outside the header's columns, a repeated header, a row
    with only a 申请编号 or a 合计 row. The last two are applications too when an application
    follows them (L1 then says what is missing), so they are held until one does.
    """
    rows, merged = _rows(book, sheet)
    top: list[tuple[int, list[Any]]] = []
    below: list[tuple[int, list[Any]]] = []
    for row0, values in rows:
        if row0 >= HEADER_SEARCH_ROWS:
            below.append((row0, values))
            break
        top.append((row0, values))
    header = _header_or_raise(top, sheet, form.LOG_COLUMNS)
    _note_header(header, sheet, form.LOG_COLUMNS, reader)
    fill = _MergeFill(merged, header.row0)
    cols = header.columns
    id_col = cols[form.LOG_ID]
    header_labels = {form.normalize_label(name) for name in cols}
    personal = {c for name, c in cols.items() if form.LOG_COLUMN[name].personal}
    parser = _CaseParser(cols, sheet, reader)
    cases: list[CaseRow] = []
    skipped: list[tuple[int, str]] = []
    held: list[tuple[int, list[Any], str]] = []  # ID-only and 合计 rows: cases if a case follows
    data_rows = 0
    last_row0 = header.row0
    for row0, values in chain((r for r in top if r[0] > header.row0), below, rows):
        data_rows += 1
        last_row0 = row0
        if fill.active:
            values = fill.apply(row0, values)
        if not parser.plainly_case(values):
            kind = _row_kind(values, cols, id_col, header_labels, personal)
            if kind in (_SKIP_ID_ONLY, _SKIP_TOTAL):
                held.append((row0, values, kind))
                continue
            if kind:
                skipped.append((row0 + 1, kind))
                continue
        if held:  # rows that looked like none among applications: L1 says what is missing
            cases += [parser.case(r, v) for r, v, _ in held]
            held.clear()
        cases.append(parser.case(row0, values))
    skipped += [(r + 1, kind) for r, _, kind in held]
    skipped.sort()
    fill.note(sheet, reader)
    blank_rows = (last_row0 - header.row0 - data_rows) if data_rows else 0
    if blank_rows:
        reader.notes.append(f"“{sheet}”中有 {blank_rows} 个空行，已跳过")
    if skipped:
        reasons: dict[str, list[int]] = {}
        for row, reason in skipped:
            reasons.setdefault(reason, []).append(row)
        for reason, rows_of in reasons.items():
            reader.notes.append(f"“{sheet}”第 {_rows_text(rows_of)} 行{reason}，未作为申请统计")
    return cases, len(cases) + len(skipped), header.row0 + 1, blank_rows, skipped


def _row_kind(
    values: list[Any], cols: dict[str, int], id_col: int, labels: set[str], personal: set[int]
) -> str:
    """Why a row with content is not an application, or '' when it is one."""
    filled = [c for c in cols.values() if c < len(values) and not _empty(values[c])]
    if not filled:
        return _SKIP_OTHER_COLUMNS
    if _is_repeated_header(values, cols, labels):
        return _SKIP_HEADER
    if filled == [id_col]:
        return _SKIP_ID_ONLY
    if _is_total_row(values, cols, personal):
        return _SKIP_TOTAL
    return ""


class _MergeFill:
    """Merged ranges below the header, applied to rows as they stream by: every covered cell of
    a row with content of its own gets the range's top-left value, as WPS "拆分并填充内容" would
    (a merge running into empty rows must not make applications out of nothing)."""

    def __init__(self, merged: Merged, header_row0: int) -> None:
        self.pending = sorted(
            (r0, c0, r1, c1, index)
            for index, ((r0, c0), (r1, c1)) in enumerate(merged)
            if r0 > header_row0 and not (r0 == r1 and c0 == c1)
        )
        self.live: list[tuple[int, int, int, int, int, Any]] = []  # ..., index, top-left value
        self.filled: list[tuple[int, str]] = []  # (index in the workbook's list, "A3:A5")

    @property
    def active(self) -> bool:
        return bool(self.pending or self.live)

    def apply(self, row0: int, values: list[Any]) -> list[Any]:
        starting = []
        while self.pending and self.pending[0][0] <= row0:
            starting.append(self.pending.pop(0))
        self.live = [m for m in self.live if m[2] >= row0]
        # In the workbook's order of ranges, as filling the whole sheet range by range does: a
        # range whose top-left cell lies in an earlier one (Excel refuses to save that; calamine
        # reads it) takes that range's value there.
        work = sorted([(m[4], m, False) for m in self.live] + [(m[4], m, True) for m in starting])
        for index, (r0, c0, r1, c1, *rest), new in work:
            if new:
                # a top-left row that never streamed by was blank: nothing to fill
                top_left = _cell(values, c0) if r0 == row0 else ""
                if _empty(top_left):
                    continue
                self.live.append((r0, c0, r1, c1, index, top_left))
                self.filled.append((index, f"{cell_address(r0, c0)}:{cell_address(r1, c1)}"))
            else:
                top_left = rest[1]
            if len(values) <= c1:
                values = values + [""] * (c1 + 1 - len(values))
            for c in range(c0, c1 + 1):
                if (row0, c) != (r0, c0):
                    values[c] = top_left
        return values

    def note(self, sheet: str, reader: _Reader) -> None:
        if self.filled:
            ranges = [text for _, text in sorted(self.filled)]
            reader.notes.append(
                f"“{sheet}”中有合并单元格 {_listing(ranges)}：已按每个合并区域左上角的内容计入其中每一行。"
                f"建议取消合并，每行分别填写"
            )


def _rows_text(rows: Sequence[int]) -> str:
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


def _is_total_row(values: list[Any], cols: dict[str, int], personal: set[int]) -> bool:
    """A 合计/总计/小计 row: one of those words in a text cell (personal columns aside: a request
    may well mention a 合计) and no valid 收到日期. Only rows after the last application are
    skipped as such; a row like this among applications is read as one (and L1 says what is missing).
    """
    if _parse_log_date(_cell(values, cols.get(form.LOG_RECEIVED))).ok:
        return False
    for col0, value in enumerate(values):
        if col0 in personal or not isinstance(value, str):
            continue
        text = form.normalize_label(value)
        if any(word in text for word in _TOTAL_WORDS):
            return True
    return False


def _cell(values: list[Any], col0: int | None) -> Any:
    return values[col0] if col0 is not None and col0 < len(values) else ""


def _is_repeated_header(values: list[Any], cols: dict[str, int], labels: set[str]) -> bool:
    received = _cell(values, cols.get(form.LOG_RECEIVED))
    if received != "" and not isinstance(received, str):  # a date or a number: an application row
        return False
    hits = sum(
        1
        for c in cols.values()
        if c < len(values) and isinstance(values[c], str) and form.normalize_label(values[c]) in labels
    )
    return hits * 2 > len(cols)


def _note_header(header: _Header, sheet: str, columns: Sequence[form.LogColumn], reader: _Reader) -> None:
    if header.row0:
        reader.notes.append(f"“{sheet}”的表头在第 {header.row0 + 1} 行，其上方各行未读取")
    for name in header.duplicates:
        reader.notes.append(f"“{sheet}”中有两列都叫“{name}”，只读取了左边的一列")
    absent = [c.name for c in columns if c.name not in header.columns and not c.personal]
    if absent:
        reader.notes.append(f"“{sheet}”中没有这些列（按空白处理）：{'、'.join(absent)}")


#: how many distinct values of one kind are remembered with their parsed outcome
_MEMO_LIMIT = 4096
_BLANK: tuple[None, None] = (None, None)
# What values parsed to, kept for the process: a roll-up reads a thousand 台账 with the same days,
# types and results in them. An outcome depends on the value only (never on the row or file).
_DATES: dict[Any, tuple[date | None, str | None]] = {}
_TYPES: dict[Any, tuple[str | None, bool]] = {}
_RESULTS: dict[Any, tuple[str | None, bool]] = {}
_YES_NO: dict[Any, tuple[str | None, bool]] = {}
_FEES: dict[Any, tuple[Decimal | None, str | None]] = {}
_TEXTS: dict[Any, str] = {}


class _CaseParser:
    """Turns rows of 申请台账 into CaseRows. The same few values recur in every column (21
    results, 5 applicant types, the days of a year, a few fees), so what each value parsed to
    is remembered (``_DATES`` …): a million rows cost a dictionary lookup per cell, not a parse.
    The outcome of a value is the same in every row; only the finding's cell differs.
    """

    def __init__(self, cols: dict[str, int], sheet: str, reader: _Reader) -> None:
        self.cols = cols
        self.sheet = sheet
        self.reader = reader
        self.letters = _letters_of(tuple(cols.items()))
        self.required = [(c.name, cols[c.name]) for c in form.LOG_COLUMNS if c.required and c.name in cols]
        get = cols.get
        self.c_id, self.c_received = get(form.LOG_ID), get(form.LOG_RECEIVED)
        self.c_concluded, self.c_corrected = get(form.LOG_CONCLUDED), get(form.LOG_CORRECTED)
        self.c_type, self.c_result = get(form.LOG_APPLICANT_TYPE), get(form.LOG_RESULT)
        self.c_extended, self.c_fee, self.c_office = (
            get(form.LOG_EXTENDED),
            get(form.LOG_FEE),
            get(form.LOG_OFFICE),
        )
        self.parse_type = partial(_choice_outcome, index=_applicant_types())
        self.parse_result = partial(_choice_outcome, index=form.result_key_by_label())
        self.parse_yes_no = partial(_choice_outcome, index=_yes_no())

    def plainly_case(self, values: list[Any]) -> bool:
        """Whether the row's 收到日期 is a date (not text): such a row can be nothing but a case."""
        received = _cell(values, self.c_received)
        if received.__class__ is str:
            return False
        day, _ = _memo(_DATES, _date_outcome, received)
        return day is not None

    def case(self, row0: int, values: list[Any]) -> CaseRow:
        cells = RowCells(self.letters, row0 + 1)
        width = len(values)
        for name, c in self.required:
            if c >= width or _empty(values[c]):
                self._add("L1", cells, name, f"必填项“{name}”为空", _required_hint(form.LOG_COLUMN[name]))

        def raw(col0: int | None) -> Any:
            return values[col0] if col0 is not None and col0 < width else ""

        case_id = _id_text(raw(self.c_id)) or None
        received = self._date(raw(self.c_received), form.LOG_RECEIVED, cells)
        concluded = self._date(raw(self.c_concluded), form.LOG_CONCLUDED, cells)
        corrected = self._date(raw(self.c_corrected), form.LOG_CORRECTED, cells)
        applicant_type = self._choice(
            raw(self.c_type), _TYPES, self.parse_type, form.LOG_APPLICANT_TYPE, cells
        )
        result_key = self._choice(raw(self.c_result), _RESULTS, self.parse_result, form.LOG_RESULT, cells)
        extended_raw = raw(self.c_extended)
        extended_text = self._choice(extended_raw, _YES_NO, self.parse_yes_no, form.LOG_EXTENDED, cells)
        fee_raw = raw(self.c_fee)
        fee, reason = _BLANK if fee_raw == "" else _memo(_FEES, _fee_outcome, fee_raw)
        if reason is not None:
            self._add("R5", cells, form.LOG_FEE, f"“{form.LOG_FEE}”不是有效金额{reason}", _FEE_HINT)
        office_raw = raw(self.c_office)
        office = "" if office_raw == "" else _memo(_TEXTS, _id_text, office_raw)
        return CaseRow(
            row0 + 1,
            case_id,
            received,
            applicant_type,
            concluded,
            result_key,
            corrected,
            extended_raw is True or extended_text == form.YES_NO[0],
            fee,
            office,
            cells,
        )

    def _add(self, rule: str, cells: RowCells, name: str, message: str, hint: str) -> None:
        self.reader.add(rule, self.sheet, cells.get(name), name, message, hint)

    def _date(self, value: Any, name: str, cells: RowCells) -> date | None:
        if value == "":
            return None
        day, reason = _memo(_DATES, _date_outcome, value)
        if reason is not None:
            self._add("L3", cells, name, f"“{name}”不是有效日期{reason}", _DATE_HINT)
        return day

    def _choice(
        self, value: Any, memo: dict[Any, tuple[str | None, bool]], parse: Any, name: str, cells: RowCells
    ) -> str | None:
        if value == "" or value is True or value is False:
            return None
        found, bad = _memo(memo, parse, value)
        if bad:  # the text is not quoted: it may be a name or a request pasted one column off
            self._add(
                "L2",
                cells,
                name,
                f"“{name}”不是下拉列表中的选项（共 {len(_CHOICES[name])} 项）",
                _choice_hint(name),
            )
        return found


def _memo(memo: dict[Any, Any], parse: Any, value: Any) -> Any:
    """``parse(value)``, remembered in ``memo`` (by class too: 1, 1.0 and True are equal keys)."""
    key = value if value.__class__ is str else (value.__class__, value)
    try:
        return memo[key]
    except KeyError:
        pass
    except TypeError:  # unhashable: not a value calamine gives, but never fail on it
        return parse(value)
    outcome = parse(value)
    if len(memo) < _MEMO_LIMIT:
        memo[key] = outcome
    return outcome


def _date_outcome(value: Any) -> tuple[date | None, str | None]:
    """(the date, None), (None, '：reason') when the value is not a date, or (None, None) if blank."""
    if _empty(value):
        return _BLANK
    parsed = _parse_log_date(value)
    if parsed.ok:
        return parsed.value, None
    return None, _reason(parsed.error, _DATE_REASONS)


def _choice_outcome(value: Any, index: dict[str, str]) -> tuple[str | None, bool]:
    """(the option, False), (None, True) when not an option, or (None, False) when blank."""
    if _empty(value) or value is True or value is False:
        return None, False
    found = index.get(form.normalize_label(_id_text(value)))
    return found, found is None


def _fee_outcome(value: Any) -> tuple[Decimal | None, str | None]:
    if _empty(value):
        return _BLANK
    parsed = parse_fee(value)
    if parsed.ok:
        return parsed.value, None
    return None, _reason(parsed.error, _NUMBER_REASONS)


_FEE_HINT = (
    "请只填写大于等于 0 的阿拉伯数字（单位：元，如 50 或 12.5），不要带“元”等文字；未收费的填 0 或留空"
)


@cache
def _choice_hint(name: str) -> str:
    if name == form.LOG_APPLICANT_TYPE:
        return f"{_PICK}：{'、'.join(form.APPLICANT_TYPES)}"
    if name == form.LOG_RESULT:
        return f"{_PICK}（共 {len(form.RESULT_LABELS)} 项，各项含义见“{form.SHEET_GUIDE}”）；尚未办结的留空"
    return f"{_PICK}：{'、'.join(form.YES_NO)}；未延期的可留空"


def _required_hint(column: form.LogColumn) -> str:
    if column.choices:
        return f"{_PICK}：{'、'.join(column.choices)}" if len(column.choices) <= 8 else _PICK
    return f"请填写{column.name}" + (f"（{column.note}）" if column.note else "")


@cache
def _yes_no() -> dict[str, str]:
    return {form.normalize_label(v): v for v in form.YES_NO}


@cache
def _applicant_types() -> dict[str, str]:
    return {form.normalize_label(t): t for t in form.APPLICANT_TYPES}


def _id_text(value: Any) -> str:
    """An identifier or short text cell as text (2024001.0 → '2024001', a date → '2024-03-05')."""
    if value.__class__ is str:  # a blank text normalises to ""
        return normalize_text(value)
    if _empty(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return normalize_text(value)


def _date(value: Any, name: str, cells: Mapping[str, str], sheet: str, reader: _Reader) -> date | None:
    if _empty(value):
        return None
    parsed = _parse_log_date(value)
    if parsed.ok:
        return parsed.value
    reason = _reason(parsed.error, _DATE_REASONS)
    reader.add("L3", sheet, cells.get(name), name, f"“{name}”不是有效日期{reason}", _DATE_HINT)
    return None


def _parse_log_date(value: Any) -> Parsed[date]:
    """``cells.parse_date``, and a date with a time held as a number.

    ``parse_date`` rejects a number with a fraction on purpose (in a count or a year 45356.6 is a
    slip). In a date column of a 台账 it is a date with a time of day in a cell of General format
    (an Excel serial with a fraction), or a ``timedelta`` that calamine gives for a duration
    format such as ``[h]:mm``: its integer part is the date. Only a finite number between the
    serials of ``MIN_DATE`` and ``MAX_DATE`` is cut so, so 3.5 or 2024.5 still are not dates.
    """
    if isinstance(value, timedelta):
        value = value.days + value.seconds / 86400
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and not value.is_integer()
        and _SERIAL_FIRST <= value < _SERIAL_LAST + 1
    ):
        value = math.floor(value)
    return parse_date(value)


def _choice(
    value: Any,
    name: str,
    index: dict[str, str],
    hint: str,
    cells: Mapping[str, str],
    sheet: str,
    reader: _Reader,
    *,
    rule: str = "L2",
) -> str | None:
    if _empty(value) or value is True or value is False:
        return None
    found = index.get(form.normalize_label(_id_text(value)))
    if found is None:  # the text is not quoted: it may be a name or a request pasted one column off
        count = len(_CHOICES.get(name, ()))
        options = f"（共 {count} 项）" if count else ""
        reader.add(rule, sheet, cells.get(name), name, f"“{name}”不是下拉列表中的选项{options}", hint)
    return found


# ---- 复议诉讼 ---------------------------------------------------------------------------------
def _read_reviews(book: Any, reader: _Reader) -> tuple[list[ReviewRow], str | None, list[tuple[int, str]]]:
    """The rows of 复议诉讼, the sheet's name as spelled in the workbook (None: no such sheet),
    and the rows with content that are not cases (each with its reason: nothing is lost)."""
    sheet = _sheet_name(book, form.SHEET_REVIEW)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_REVIEW}”工作表：按没有行政复议、行政诉讼案件处理")
        return [], None, []
    grid = _grid(book, sheet)
    if not grid.rows:
        return [], sheet, []
    header = _header_or_raise(_top_rows(grid), sheet, form.REVIEW_COLUMNS)
    _note_header(header, sheet, form.REVIEW_COLUMNS, reader)
    fill = _MergeFill(grid.merged, header.row0)
    cols = header.columns
    labels = {form.normalize_label(name) for name in cols}
    reviews: list[ReviewRow] = []
    skipped: list[tuple[int, str]] = []
    for row0 in sorted(r for r in grid.rows if r > header.row0):
        values = grid.rows[row0]
        if fill.active:
            values = fill.apply(row0, values)
        if all(_empty(values[c]) if c < len(values) else True for c in cols.values()):
            if any(not _empty(v) for v in values):
                skipped.append((row0 + 1, _SKIP_OTHER_COLUMNS))
            continue
        if _is_repeated_header(values, cols, labels):
            skipped.append((row0 + 1, _SKIP_HEADER))
            continue
        reviews.append(_review(row0, values, cols, sheet, reader))
    fill.note(sheet, reader)
    reasons: dict[str, list[int]] = {}
    for row, reason in skipped:
        reasons.setdefault(reason, []).append(row)
    for reason, rows in reasons.items():
        reader.notes.append(f"“{sheet}”第 {_rows_text(rows)} 行{reason}，未作为案件统计")
    return reviews, sheet, skipped


def _review(row0: int, values: list[Any], cols: dict[str, int], sheet: str, reader: _Reader) -> ReviewRow:
    cells = _row_cells(row0, cols)

    def raw(name: str) -> Any:
        return _cell(values, cols.get(name))

    for column in form.REVIEW_COLUMNS:
        if column.required and _empty(raw(column.name)) and column.name in cells:
            hint = _required_hint(column)
            reader.add("L1", sheet, cells[column.name], column.name, f"必填项“{column.name}”为空", hint)
    case_type = _choice(
        raw(form.REVIEW_TYPE),
        form.REVIEW_TYPE,
        {form.normalize_label(b): b for b in form.SEC4_BLOCKS},
        f"{_PICK}：{'、'.join(form.SEC4_BLOCKS)}",
        cells,
        sheet,
        reader,
        rule="L7",
    )
    result = _choice(
        raw(form.REVIEW_RESULT),
        form.REVIEW_RESULT,
        {form.normalize_label(r): r for r in form.SEC4_RESULTS},
        f"{_PICK}：{'、'.join(form.SEC4_RESULTS)}；尚未审结的留空",
        cells,
        sheet,
        reader,
        rule="L7",
    )
    return ReviewRow(
        row=row0 + 1,
        case_id=_id_text(raw(form.REVIEW_ID)) or None,
        case_type=case_type,
        filed=_date(raw(form.REVIEW_FILED), form.REVIEW_FILED, cells, sheet, reader),
        concluded=_date(raw(form.REVIEW_CONCLUDED), form.REVIEW_CONCLUDED, cells, sheet, reader),
        result=result,
        cells=cells,
    )


# ---- 主动公开 (section 二) --------------------------------------------------------------------
def _blank_sec2() -> dict[str, Any]:
    sec2: dict[str, Any] = {}
    for table in form.SEC2_TABLES:
        for key in table.rows:
            sec2[key] = [None] * table.width if table.width > 1 else None
    return sec2


def _read_sec2(book: Any, reader: _Reader) -> tuple[dict[str, Any], dict[tuple[str, int], tuple[str, str]]]:
    sec2 = _blank_sec2()
    cells: dict[tuple[str, int], tuple[str, str]] = {}
    sheet = _sheet_name(book, form.SHEET_SEC2)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_SEC2}”工作表：主动公开情况的数字未知")
        return sec2, cells
    grid = _grid(book, sheet)
    index = form.sec2_key_by_label()
    for row0, values in sorted(grid.rows.items()):
        found = _sec2_label(values, index)
        if found is None or (found[1], 0) in cells:
            continue
        c0, key = found
        table = form.sec2_table_of(key)
        parsed_values: list[Any] = []
        for i in range(table.width):
            col0 = c0 + 1 + i
            address = cell_address(row0, col0)
            cells[(key, i)] = (sheet, address)
            parsed_values.append(_sec2_value(grid.value(row0, col0), key, table, i, sheet, address, reader))
        sec2[key] = parsed_values if table.width > 1 else parsed_values[0]
    missing = [key for key in form.SEC2_KEYS if (key, 0) not in cells]
    if missing:
        reader.notes.append(f"“{sheet}”中找不到这些行：{'、'.join(missing)}，其数字按未知处理")
    return sec2, cells


def _sec2_label(values: list[Any], index: dict[str, str]) -> tuple[int, str] | None:
    """(column, row key) of the section 二 row label among the first cells of a row."""
    for c0, label in enumerate(values[:SEC2_LABEL_COLUMNS]):
        key = index.get(form.normalize_label(label)) if isinstance(label, str) else None
        if key is not None:
            return c0, key
    return None


def _sec2_value(
    value: Any, key: str, table: form.Sec2Table, index: int, sheet: str, address: str, reader: _Reader
) -> Any:
    column = table.columns[index]
    if _empty(value):
        reader.findings.append(
            Finding(
                "R6",
                reader.path,
                f"{key} {column}为空",
                "没有数据请填 0，不要留空",
                sheet=sheet,
                cell=address,
                key=key,
                column=column,
            )
        )
        return None
    parsed = parse_fee(value) if table.kind == "fee" else parse_count(value)
    if parsed.ok:
        return parsed.value
    kind = "有效金额" if table.kind == "fee" else "有效的件数"
    reader.findings.append(
        Finding(
            "R5" if table.kind == "fee" else "R7",
            reader.path,
            f"{key} {column}不是{kind}{_reason(parsed.error, _NUMBER_REASONS)}",
            "填写 0 或正数（单位：万元）" if table.kind == "fee" else "填写 0 或正整数",
            sheet=sheet,
            cell=address,
            key=key,
            column=column,
        )
    )
    return None
