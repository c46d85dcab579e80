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

The reader only reads: the row rules L1–L7 over what it returns are :func:`toolkit.rules.log.check_log`,
run by the caller. This module is the entry (``read_log``, ``looks_like_log``, ``LogRead``); the
sheets are read by ``log_sheets`` (finding sheets, rows, the header, merged cells), ``log_values``
(one cell as a date, an identifier, a choice), ``log_cases`` (申请台账) and ``log_other``
(单位信息, 复议诉讼, 主动公开).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import Finding
from toolkit.form import STAMP_TEMPLATE, STAMP_VERSION, TEMPLATE_KINDS
from toolkit.read.cells import normalize_text, parse_count, snippet
from toolkit.read.log_cases import CaseRow, SheetCases, pack_cases, read_cases, unpack_cases
from toolkit.read.log_other import ReviewRow, read_reviews, read_sec2, read_unit
from toolkit.read.log_sheets import (
    HEADER_SEARCH_ROWS,
    Reader,
    Skipped,
    find_header,
    listing,
    read_package,
    required_names,
    sheet_head,
    sheet_key,
    sheet_name,
    unreadable,
)
from toolkit.table import UnitInfo

__all__ = ["HEADER_SEARCH_ROWS", "CaseRow", "LogRead", "ReviewRow", "looks_like_log", "read_log"]

LOG_TEMPLATE_ID, LOG_TEMPLATE_VERSION = TEMPLATE_KINDS["log"]


@dataclass
class LogRead:
    """What ``read_log`` returns: the rows and figures of one 台账, and the reading-level findings
    and notes; the row rules over it are ``toolkit.rules.log.check_log``."""

    path: str
    info: UnitInfo
    template_version: int | None  # from the hidden stamp sheet; None when absent
    cases: list[CaseRow]
    reviews: list[ReviewRow]
    sec2: dict[str, Any]  # the shape of Table.sec2; None where blank or unreadable
    sec2_cells: dict[tuple[str, int], tuple[str, str]]  # (row key, index) → (sheet, cell)
    rows_read: int  # data rows of the case-log sheets with any content: len(cases) + len(skipped_rows)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: 单位信息 label → (sheet, cell) of its value, for every label found
    info_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the 统计年度 cell as found (cut), when it is filled but not a year; "" otherwise
    year_text: str = ""
    #: 1-based header row of 申请台账 (of ``log_sheet``)
    header_row: int = 1
    #: all-blank rows between the header and the last data row of the case-log sheets (skipped)
    blank_rows: int = 0
    #: rows of the case-log sheets with content that are not applications: (1-based row, reason, sheet)
    skipped_rows: list[Skipped] = field(default_factory=list)
    #: the name of the 申请台账 sheet as spelled in the workbook (申请台帐, a trailing space …)
    log_sheet: str = form.SHEET_LOG
    #: every case-log sheet read, ``log_sheet`` first (申请台账 (2), 申请台账（下半年）…): see
    #: ``case_log_sheets``; each case names its own (``CaseRow.sheet``)
    log_sheets: list[str] = field(default_factory=lambda: [form.SHEET_LOG])
    #: the name of the 复议诉讼 sheet as spelled in the workbook; None when there is none
    review_sheet: str | None = None
    #: rows of 复议诉讼 with content that are not cases: (1-based row, reason)
    review_skipped_rows: list[tuple[int, str]] = field(default_factory=list)

    # A worker process sends every LogRead it read to the parent: the cases travel as plain tuples
    # (a third of the pickling time of CaseRow objects) and are rebuilt on arrival.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["cases"] = pack_cases(self.cases)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["cases"] = unpack_cases(state["cases"])
        self.__dict__.update(state)


# ---------------------------------------------------------------------------------------------
# Recognising a 台账
# ---------------------------------------------------------------------------------------------
def _stamp(book: Any) -> tuple[str | None, Any]:
    name = sheet_name(book, form.SHEET_STAMP)
    if name is None:
        return None, None
    template_id: str | None = None
    version: Any = None
    for values in sheet_head(book, name, 10):
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
        if sheet_name(book, form.SHEET_LOG) is not None:
            return True
        return _header_sheet(book) is not None
    except Exception:
        return False


def _header_sheet(book: Any) -> str | None:
    """A sheet (of another name) whose first rows hold most of the required 申请台账 headers."""
    for name in book.sheet_names:
        if _log_header(book, str(name)):
            return str(name)
    return None


def _log_header(book: Any, name: str) -> bool:
    """Whether the first rows of the sheet ``name`` hold most of the required 申请台账 headers."""
    needed = required_names(form.LOG_COLUMNS)
    rows = list(enumerate(sheet_head(book, name, HEADER_SEARCH_ROWS)))
    header = find_header(rows, form.LOG_COLUMNS)
    if header is None:
        return False
    hits = sum(1 for n in needed if n in header.columns)
    return hits * 2 > len(needed) and len(header.columns) >= len(needed)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def read_log(book: Any, path: str, *, data: bytes | None = None) -> LogRead:
    """Read the 台账 in ``book`` (an open ``python_calamine.CalamineWorkbook``); ``data``: the
    workbook's bytes calamine read (for its date system and sheet sizes: ``read_package``), when
    the book was not opened from a path.

    Raises UnreadableInput when there is no 申请台账 sheet or a required column is missing.
    """
    try:
        return _read_log(book, path, data)
    except UnreadableInput as err:
        if err.path is not None:
            raise
        raise UnreadableInput(err.message, path=path, reason=err.reason) from None


def _read_log(book: Any, path: str, data: bytes | None) -> LogRead:
    small = [sheet_name(book, form.SHEET_REVIEW), sheet_name(book, form.SHEET_SEC2)]
    reader = Reader(path, read_package(book, [name for name in small if name], data=data))
    log_sheet = sheet_name(book, form.SHEET_LOG)
    if log_sheet is None:
        candidate = _header_sheet(book)
        names = listing(str(n) for n in book.sheet_names)
        tip = (
            f"工作表“{snippet(candidate, 20)}”有台账的表头，如果它就是台账，请把它改名为“{form.SHEET_LOG}”"
            if candidate
            else f"请使用 xxgk template log 生成的台账，不要改动工作表名称“{form.SHEET_LOG}”"
        )
        raise unreadable(f"找不到工作表“{form.SHEET_LOG}”。工作簿中的工作表：{names}。{tip}")

    template_id, version = _stamp(book)
    template_version = _template_version(template_id, version, reader)
    info, info_cells, year_text = read_unit(book, reader)
    parts: list[SheetCases] = []
    for name in case_log_sheets(book, log_sheet):
        try:
            part = read_cases(book, name, reader, optional=name != log_sheet)
        except UnreadableInput as err:
            if name == log_sheet:
                raise
            raise unreadable(
                f"{err.message}。（工作表“{snippet(name, 20)}”的名称或表头像申请台账，"
                f"它的每一行都要计入统计；如果它不是申请台账，请删除它或改名后再试）",
                err.reason,
            ) from None
        if part is None:
            reader.notes.append(f"工作表“{snippet(name, 20)}”是空的，没有申请记录")
        else:
            parts.append(part)
    if len(parts) > 1:
        reader.notes.append(
            f"申请记录分布在 {len(parts)} 张工作表中：{listing(p.sheet for p in parts)}，已全部读取"
            f"（{form.LOG_ID}在各表之间也不能重复）"
        )
    cases = [case for part in parts for case in part.cases]
    skipped = [row for part in parts for row in part.skipped]
    reviews, review_sheet, review_skipped = read_reviews(book, reader)
    sec2, sec2_cells = read_sec2(book, reader)
    return LogRead(
        path=path,
        info=info,
        template_version=template_version,
        cases=cases,
        reviews=reviews,
        sec2=sec2,
        sec2_cells=sec2_cells,
        rows_read=sum(part.rows_read for part in parts),
        findings=reader.findings,
        notes=reader.notes,
        info_cells=info_cells,
        year_text=year_text,
        header_row=parts[0].header_row,
        blank_rows=sum(part.blank_rows for part in parts),
        skipped_rows=skipped,
        log_sheet=log_sheet,
        log_sheets=[part.sheet for part in parts],
        review_sheet=review_sheet,
        review_skipped_rows=review_skipped,
    )


#: the template's own sheets besides 申请台账: never case logs, whatever their first rows hold
_NOT_CASE_LOGS = (
    form.SHEET_GUIDE,
    form.SHEET_UNIT,
    form.SHEET_SEC2,
    form.SHEET_REVIEW,
    form.SHEET_LISTS,
    form.SHEET_STAMP,
)


def case_log_sheets(book: Any, log_sheet: str) -> list[str]:
    """The sheets whose rows are applications: ``log_sheet`` first, then, in the workbook's order,
    every other sheet named as one (``申请台账 (2)`` from Excel's "move or copy", ``申请台账（下半年）``,
    ``申请台帐`` beside ``申请台账``) or holding the 台账 header in its first rows (a sheet named
    ``2024下半年``). Reading them all is what a user who split the log expects; an ignored sheet
    would lose its applications without a word. A copy kept by mistake is not counted twice
    unnoticed: its 申请编号 repeat those of the other sheet (L4, an error)."""
    prefix = sheet_key(form.SHEET_LOG)
    others = {sheet_key(n) for n in _NOT_CASE_LOGS}
    sheets = [log_sheet]
    for name in map(str, book.sheet_names):
        if name == log_sheet:
            continue
        key = sheet_key(name)
        if key.startswith(prefix) or (key not in others and _log_header(book, name)):
            sheets.append(name)
    return sheets


def _template_version(template_id: str | None, version: Any, reader: Reader) -> int | None:
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
