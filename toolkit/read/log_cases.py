"""The applications of a 台账: the rows of 申请台账, read as they stream by (see ``sheet_rows``).

Each row becomes a ``CaseRow`` (no personal field is ever loaded) or is listed as not an
application, with its reason. The same few values recur in every column, so what each value
parsed to is remembered for the process (``_DATES`` …). A ``LogRead`` sent by a worker process
carries its cases packed as plain tuples (``pack_cases``/``unpack_cases``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from functools import cache, partial
from itertools import chain
from operator import attrgetter
from typing import Any

from toolkit import form
from toolkit.read.cells import parse_fee
from toolkit.read.log_sheets import (
    SKIP_ABOVE_HEADER,
    SKIP_HEADER,
    SKIP_OTHER_COLUMNS,
    MergeFill,
    Reader,
    RowCells,
    Skipped,
    cell_at,
    empty,
    head_rows,
    header_or_raise,
    is_repeated_header,
    letters_of,
    note_header,
    rows_text,
    sheet_rows,
)
from toolkit.read.log_values import (
    CHOICES,
    DATE_HINT,
    DATE_WORDS,
    NUMBER_WORDS,
    PICK,
    id_text,
    parse_log_date,
    required_hint,
    result_index,
    why_not,
)

# why a row of 申请台账 with content is not an application (besides those of log_sheets)
_SKIP_ID_ONLY = f"在最后一件申请之后，只预先填了{form.LOG_ID}"
_SKIP_TOTAL = "合计行，不是申请"
#: a row below the last application with one of these in a text cell, and no valid 收到日期, is a
#: totals row (合计/总计/小计/汇总), not an application
_TOTAL_WORDS = ("合计", "总计", "小计", "汇总")  # 汇总: the totals row of an Excel table (插入 › 表格)


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
    sheet: str = form.SHEET_LOG  # the case-log sheet of the row, as spelled in the workbook

    def __reduce__(self) -> tuple[Any, ...]:
        # by position: half the unpickling time of the default (a dict of slots per case), which
        # the parent process pays for every case a worker read
        return (CaseRow, tuple(getattr(self, name) for name in self.__slots__))


_CASE_VALUES = tuple(f.name for f in fields(CaseRow) if f.name not in ("cells", "sheet"))  # CaseRow's order


def pack_cases(cases: list[CaseRow]) -> tuple[Any, ...]:
    """("rows", [(shared column letters, sheet, one tuple per case) for each run of cases of one
    sheet]) when every case's cells are a RowCells of its own row (as read_log makes them);
    ("cases", the list) otherwise."""
    values = attrgetter(*_CASE_VALUES)
    groups: list[tuple[dict[str, str], str, list[tuple[Any, ...]]]] = []
    letters: Any = None
    sheet: Any = None
    rows: list[tuple[Any, ...]] = []
    for c in cases:
        cells = c.cells
        if cells.__class__ is not RowCells or cells.row != c.row:
            return ("cases", cases)
        if cells.letters is not letters or c.sheet != sheet:
            letters, sheet, rows = cells.letters, c.sheet, []
            groups.append((letters, sheet, rows))
        rows.append(values(c))
    return ("rows", groups)


def unpack_cases(packed: tuple[Any, ...]) -> list[CaseRow]:
    if packed[0] == "cases":
        return packed[1]
    return [
        CaseRow(*(*values, RowCells(letters, values[0]), sheet))
        for letters, sheet, rows in packed[1]
        for values in rows
    ]


@dataclass
class SheetCases:
    """What ``read_cases`` read of one case-log sheet."""

    sheet: str
    cases: list[CaseRow]
    skipped: list[Skipped]  # rows with content that are not applications, each with its reason
    header_row: int  # 1-based
    blank_rows: int  # all-blank rows between the header and the last data row

    @property
    def rows_read(self) -> int:
        return len(self.cases) + len(self.skipped)


def read_cases(book: Any, sheet: str, reader: Reader, *, optional: bool = False) -> SheetCases | None:
    """The applications of one case-log sheet, read as the rows stream by (see ``sheet_rows``).

    A row whose 收到日期 is a real date is an application at once. Any other row with content is
    classified: a row above the header, a row with content only outside the header's columns, a
    repeated header, a row with only a 申请编号 or a 合计 row. The last two are applications too
    when an application follows them (L1 then says what is missing), so they are held until one
    does. Every row with content is a case or a ``Skipped`` row: nothing is outside the accounting.
    ``optional``: a sheet with no content at all is None (an empty extra sheet), not refused.
    """
    rows, merged = sheet_rows(book, sheet)
    top, below = head_rows(rows)
    if optional and not top and not below:
        return None
    header = header_or_raise(top, sheet, form.LOG_COLUMNS)
    note_header(header, sheet, form.LOG_COLUMNS, reader)
    cols = header.columns
    fill = MergeFill(merged, header.row0, max(cols.values()), sheet)
    id_col = cols[form.LOG_ID]
    header_labels = {form.normalize_label(name) for name in cols}
    personal = {c for name, c in cols.items() if form.LOG_COLUMN[name].personal}
    parser = _CaseParser(cols, sheet, reader)
    cases: list[CaseRow] = []
    skipped = [Skipped(r + 1, SKIP_ABOVE_HEADER, sheet) for r, _ in top if r < header.row0]
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
                skipped.append(Skipped(row0 + 1, kind, sheet))
                continue
        if held:  # rows that looked like none among applications: L1 says what is missing
            cases += [parser.case(r, v) for r, v, _ in held]
            held.clear()
        cases.append(parser.case(row0, values))
    skipped += [Skipped(r + 1, kind, sheet) for r, _, kind in held]
    skipped.sort()
    fill.note(sheet, reader)
    blank_rows = (last_row0 - header.row0 - data_rows) if data_rows else 0
    if blank_rows:
        reader.notes.append(f"“{sheet}”中有 {blank_rows} 个空行，已跳过")
    if skipped:
        reasons: dict[str, list[int]] = {}
        for row, reason, _ in skipped:
            reasons.setdefault(reason, []).append(row)
        for reason, rows_of in reasons.items():
            reader.notes.append(f"“{sheet}”第 {rows_text(rows_of)} 行{reason}，未作为申请统计")
    return SheetCases(sheet, cases, skipped, header.row0 + 1, blank_rows)


def _row_kind(
    values: list[Any], cols: dict[str, int], id_col: int, labels: set[str], personal: set[int]
) -> str:
    """Why a row with content is not an application, or '' when it is one."""
    filled = [c for c in cols.values() if c < len(values) and not empty(values[c])]
    if not filled:
        return SKIP_OTHER_COLUMNS
    if is_repeated_header(values, cols, labels):
        return SKIP_HEADER
    if filled == [id_col]:
        return _SKIP_ID_ONLY
    if _is_total_row(values, cols, personal):
        return _SKIP_TOTAL
    return ""


def _is_total_row(values: list[Any], cols: dict[str, int], personal: set[int]) -> bool:
    """A 合计/总计/小计 row: one of those words in a text cell (personal columns aside: a request
    may well mention a 合计) and no valid 收到日期. Only rows after the last application are
    skipped as such; a row like this among applications is read as one (and L1 says what is missing).
    """
    if parse_log_date(cell_at(values, cols.get(form.LOG_RECEIVED))).ok:
        return False
    for col0, value in enumerate(values):
        if col0 in personal or not isinstance(value, str):
            continue
        text = form.normalize_label(value)
        if any(word in text for word in _TOTAL_WORDS):
            return True
    return False


#: how many distinct values of one kind are remembered with their parsed outcome
_MEMO_LIMIT = 4096
_BLANK: tuple[None, None] = (None, None)
# What values parsed to, kept for the process: a roll-up reads a thousand 台账 with the same days,
# types and results in them. An outcome depends on the value only (never on the row or file).
_DATES: dict[Any, tuple[date | None, str | None]] = {}
_DATES_1904: dict[Any, tuple[date | None, str | None]] = {}  # a 1904 workbook's (other serials)
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

    def __init__(self, cols: dict[str, int], sheet: str, reader: Reader) -> None:
        self.cols = cols
        self.sheet = sheet
        self.reader = reader
        self.letters = letters_of(tuple(cols.items()))
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
        self.parse_result = partial(_choice_outcome, index=result_index())
        self.parse_yes_no = partial(_choice_outcome, index=_yes_no())
        self.dates, self.date_outcome = (
            (_DATES_1904, _date_outcome_1904) if reader.date1904 else (_DATES, _date_outcome)
        )

    def plainly_case(self, values: list[Any]) -> bool:
        """Whether the row's 收到日期 is a date (not text): such a row can be nothing but a case."""
        received = cell_at(values, self.c_received)
        if received.__class__ is str:
            return False
        day, _ = _memo(self.dates, self.date_outcome, received)
        return day is not None

    def case(self, row0: int, values: list[Any]) -> CaseRow:
        cells = RowCells(self.letters, row0 + 1)
        width = len(values)
        for name, c in self.required:
            if c >= width or empty(values[c]):
                self._add("L1", cells, name, f"必填项“{name}”为空", required_hint(form.LOG_COLUMN[name]))

        def raw(col0: int | None) -> Any:
            return values[col0] if col0 is not None and col0 < width else ""

        case_id = id_text(raw(self.c_id)) or None
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
        office = "" if office_raw == "" else _memo(_TEXTS, id_text, office_raw)
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
            self.sheet,
        )

    def _add(self, rule: str, cells: RowCells, name: str, message: str, hint: str) -> None:
        self.reader.add(rule, self.sheet, cells.get(name), name, message, hint)

    def _date(self, value: Any, name: str, cells: RowCells) -> date | None:
        if value == "":
            return None
        day, reason = _memo(self.dates, self.date_outcome, value)
        if reason is not None:
            self._add("L3", cells, name, f"“{name}”不是有效日期{reason}", DATE_HINT)
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
                f"“{name}”不是下拉列表中的选项（共 {len(CHOICES[name])} 项）",
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


def _date_outcome(value: Any, date1904: bool = False) -> tuple[date | None, str | None]:
    """(the date, None), (None, '：reason') when the value is not a date, or (None, None) if blank."""
    if empty(value):
        return _BLANK
    parsed = parse_log_date(value, date1904=date1904)
    if parsed.ok:
        return parsed.value, None
    return None, why_not(parsed, DATE_WORDS)


def _date_outcome_1904(value: Any) -> tuple[date | None, str | None]:
    return _date_outcome(value, True)


def _choice_outcome(value: Any, index: dict[str, str]) -> tuple[str | None, bool]:
    """(the option, False), (None, True) when not an option, or (None, False) when blank."""
    if empty(value) or value is True or value is False:
        return None, False
    found = index.get(form.normalize_label(id_text(value)))
    return found, found is None


def _fee_outcome(value: Any) -> tuple[Decimal | None, str | None]:
    if empty(value):
        return _BLANK
    parsed = parse_fee(value, maximum=form.MAX_CASE_FEE_YUAN)
    if parsed.ok:
        return parsed.value, None
    return None, why_not(parsed, NUMBER_WORDS)


_FEE_HINT = (
    "请只填写大于等于 0 的阿拉伯数字（单位：元，如 50 或 12.5），不要带“元”等文字；未收费的填 0 或留空"
)


@cache
def _choice_hint(name: str) -> str:
    if name == form.LOG_APPLICANT_TYPE:
        return f"{PICK}：{'、'.join(form.APPLICANT_TYPES)}"
    if name == form.LOG_RESULT:
        return f"{PICK}（共 {len(form.RESULT_LABELS)} 项，各项含义见“{form.SHEET_GUIDE}”）；尚未办结的留空"
    return f"{PICK}：{'、'.join(form.YES_NO)}；未延期的可留空"


@cache
def _yes_no() -> dict[str, str]:
    return {form.normalize_label(v): v for v in form.YES_NO}


@cache
def _applicant_types() -> dict[str, str]:
    return {form.normalize_label(t): t for t in form.APPLICANT_TYPES}
