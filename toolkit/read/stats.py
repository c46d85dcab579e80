"""Read a 统计表 workbook in any layout: ours, a unit's own Excel copy of the official tables,
a Word table pasted into Excel, a 2019 trial-format table or a hybrid.

Nothing is assumed about positions. The reader

1. reads every visible sheet once with python-calamine (values and merged ranges); a table found
   on no visible sheet is looked for on the hidden ones (never veryHidden ones, nor our own lists
   and stamp), with a note saying so;
2. finds the section 三 row labels anywhere, after ``form.normalize_label`` (line breaks, spaces,
   full/half-width brackets, （3） for （三）, 1、 for 1., traditional characters) and with the leaf
   numbering variants of ``form.sec3_row_by_label`` (（1）…, ①…, 1 …, no number), in the official
   row order (rows not recognised in between do not cut off the rows after them), and the seven
   column headers in the band of rows just above the first row label;
   when the headers are incomplete it takes the first seven columns right of the labels that hold
   any value (so an inserted empty column is skipped);
3. does the same for section 二 (the two document rows with three values under their column headers,
   the single-value rows under theirs or else the first filled cell right of the label, merged
   value cells included) and section 四 (the row of 15 numbers under the review/litigation headers,
   block by block);
4. tells the 2021 layout from the 2019 trial format and hybrids (R19), reports labels that are
   official only after normalisation (R20), and parses every number cell (R5/R6/R7).

Label drift (R20): a label whose normalised text equals an official label (or a known variant of
it, ``form.LABEL_DRIFT``) while its raw text, with whitespace and zero-width characters removed,
differs from the official label. So 规范性文件, （3）不予公开, 1、…, half-width brackets, full-width
digits, other quote marks and traditional characters are drift; 商业\\n企业 or 总 计 (Word wrapping
and stray spaces) are not. R20 is not reported for a section in the 2019 format (R19 covers it).

Findings for number cells: blank → R6; in section 二 a count that is not a whole number ≥ 0 → R7;
anything else unreadable (text, —, /, 元, negative, fraction) → R5. One finding per cell, except
that a section with more than ``MAX_BLANK_FINDINGS`` blanks gets one R6 for all of them (at the
first, with the count). Numbers stored as text ('12') and full-width digits ('１２') are read as
numbers without a finding — except in our own 统计表, whose totals are SUM formulas that leave
text out: there such a cell is R5 and unknown (None), and so are the formula totals over it.

Every official label is taken from ``toolkit.form``; none is spelled here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from toolkit import form
from toolkit.findings import Finding
from toolkit.form import STAMP_TEMPLATE, TEMPLATE_KINDS
from toolkit.read.cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    Parsed,
    cell_address,
    compact_text,
    is_blank,
    normalize_text,
    parse_count,
    parse_fee,
    snippet,
)
from toolkit.table import Sec2Value, Table, UnitInfo

__all__ = ["CellKey", "StatsRead", "looks_like_stats", "read_stats"]

CellKey = tuple[str, str | None, int]

OUR_TEMPLATE = TEMPLATE_KINDS["stats"][0]
FORM_2019 = "国办公开办函〔2019〕60号"
MAX_ROWS_READ = 10_000  # a 统计表 has well under 200 rows; a bigger sheet is read this far
MAX_ROWS_SNIFF = 400  # looks_like_stats looks at this many rows of each sheet
SEC3_HEADER_BAND = 6  # rows above the first section 三 row label searched for column headers
SEC2_HEADER_BAND = 4  # rows above a section 二 row searched for its column header
SEC4_HEADER_BAND = 4  # rows below the review header searched for the block and column headers
MAX_ROW_GAP = 12  # a label further than this below the previous one belongs to another table
MIN_SEC3_ROWS = 6  # section 三 row labels needed to call a sheet a section 三 table
MAX_BLANK_FINDINGS = 10  # blank cells reported one by one per section; more make one finding
BLANKS_SHOWN = 5  # addresses quoted in that one finding
_TEXT_NUMBER = "数字存成了文本，合计公式不会计入；请改为数字"

T2, T3, T4 = form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4
SECTION_SHORT = {"sec2": T2, "sec3": T3, "sec4": T4}
SECTION_NAME = {
    "sec2": f"{T2}（{form.SECTION_HEADINGS[1]}）",
    "sec3": f"{T3}（{form.SECTION_HEADINGS[2]}）",
    "sec4": f"{T4}（{form.SECTION_HEADINGS[3]}）",
}
#: rows of section 三 that only exist outside the result block (a log never holds them)
_FRAME_KEYS = (form.RECEIVED_KEY, form.CARRIED_IN_KEY, form.CARRIED_OUT_KEY)
_NEW_FORM_HINT = (
    f"{form.FORM_NAME}规定的格式自 2021 年度年报起使用，请按新格式重新填写"
    "（可用 xxgk template stats 生成标准统计表）"
)


# ---------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------
@dataclass
class StatsRead:
    path: str
    table: Table
    cells: dict[CellKey, tuple[str, str]]
    info: UnitInfo
    ours: bool
    layout: str  # "2021" | "2019" | "hybrid" | "unknown"
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# A sheet as a grid of values with its merged ranges
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Label:
    row: int
    col: int
    raw: str
    norm: str


class _Grid:
    def __init__(self, name: str, rows: list[list[Any]], merges: Iterable[Any] | None) -> None:
        self.name = name
        self.rows = rows
        self.height = len(rows)
        self.width = max((len(r) for r in rows), default=0)
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in merges or ():
            if r0 < self.height and c0 < self.width:
                self.merge_end[(r0, c0)] = (r1, c1)
        self.labels: list[_Label] = []
        self.by_norm: dict[str, list[_Label]] = {}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.strip():
                    label = _Label(r, c, value, form.normalize_label(value))
                    if label.norm:
                        self.labels.append(label)
                        self.by_norm.setdefault(label.norm, []).append(label)

    def value(self, r: int, c: int) -> Any:
        if 0 <= r < self.height and 0 <= c < len(self.rows[r]):
            v = self.rows[r][c]
            return None if v == "" else v
        return None

    def blank(self, r: int, c: int) -> bool:
        return is_blank(self.value(r, c))

    def end_col(self, r: int, c: int) -> int:
        return self.merge_end.get((r, c), (r, c))[1]

    def end_row(self, r: int, c: int) -> int:
        return self.merge_end.get((r, c), (r, c))[0]

    def find(self, official: str, rows: range | None = None, cols: range | None = None) -> list[_Label]:
        """Label cells equal to ``official`` after normalisation, optionally inside a window."""
        return [
            lab
            for lab in self.by_norm.get(form.normalize_label(official), ())
            if (rows is None or lab.row in rows) and (cols is None or lab.col in cols)
        ]

    def where(self, r: int, c: int) -> str:
        return cell_address(r, c)


VISIBLE, HIDDEN, VERY_HIDDEN = "visible", "hidden", "very_hidden"
#: our own hidden sheets: never searched for the tables
_OWN_HIDDEN = (form.SHEET_STAMP, form.SHEET_LISTS)


def _sheets(book: CalamineWorkbook) -> list[tuple[str, str]]:
    """(name, VISIBLE | HIDDEN | VERY_HIDDEN) of the worksheets, in workbook order (chart sheets
    left out)."""
    out = []
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        if meta.visible == SheetVisibleEnum.Visible:
            state = VISIBLE
        elif meta.visible == SheetVisibleEnum.Hidden:
            state = HIDDEN
        else:
            state = VERY_HIDDEN
        out.append((meta.name, state))
    return out


def _load(book: CalamineWorkbook, name: str, nrows: int) -> _Grid:
    sheet = book.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
    return _Grid(name, rows, getattr(sheet, "merged_cell_ranges", None))


def _stamp(book: CalamineWorkbook) -> str | None:
    """The template id in our hidden stamp sheet, if any."""
    if form.SHEET_STAMP not in book.sheet_names:
        return None
    try:
        rows = book.get_sheet_by_name(form.SHEET_STAMP).to_python(skip_empty_area=False, nrows=20)
    except Exception:  # a damaged stamp is no stamp
        return None
    for row in rows:
        if len(row) >= 2 and row[0] == STAMP_TEMPLATE:
            return str(row[1])
    return None


def _grids(
    book: CalamineWorkbook, nrows: int, notes: list[str] | None, state: str = VISIBLE
) -> Iterator[_Grid]:
    """The worksheets in ``state`` (VISIBLE, or HIDDEN: hidden but not veryHidden, our own hidden
    sheets left out), loaded."""
    for name, sheet_state in _sheets(book):
        if sheet_state != state or (state != VISIBLE and name in _OWN_HIDDEN):
            continue
        try:
            yield _load(book, name, nrows)
        except Exception:  # calamine errors on one damaged sheet: read the others
            if notes is not None:
                notes.append(
                    f"工作表“{snippet(name)}”无法读取，已跳过；如统计表在该表中，请另存为新的 .xlsx 后重试"
                )


# ---------------------------------------------------------------------------------------
# Locating rows by label, in the official order
# ---------------------------------------------------------------------------------------
def _find_rows(grid: _Grid, index: dict[str, str], order: tuple[str, ...]) -> dict[str, _Label]:
    """key → its label cell: the first hit below the previous key's row, not too far below it.

    How far is too far counts the keys in between that were not found: rows typed in a way not
    recognised (or missing) must not make the rows after them look like another table's."""
    hits: dict[str, list[_Label]] = {}
    for lab in grid.labels:
        key = index.get(lab.norm)
        if key is not None:
            hits.setdefault(key, []).append(lab)
    chosen: dict[str, _Label] = {}
    prev = -1
    skipped = 0  # keys of ``order`` since the previous chosen one that were not found
    for key in order:
        after = [lab for lab in hits.get(key, ()) if lab.row > prev]
        if not after:
            skipped += 1
            continue
        pick = min(after, key=lambda lab: (lab.row, lab.col))
        if prev >= 0 and pick.row - prev > MAX_ROW_GAP + skipped:
            skipped += 1
            continue
        chosen[key] = pick
        prev = pick.row
        skipped = 0
    return chosen


def _sec3_index() -> dict[str, str]:
    """normalised label → section 三 row key, without the bare total (also a column header)."""
    bare_total = form.normalize_label(form.SEC3_TOTAL_COLUMN)
    return {k: v for k, v in form.sec3_row_by_label().items() if k != bare_total}


def _is_sec3(rows: dict[str, _Label]) -> bool:
    return len(rows) >= MIN_SEC3_ROWS and any(k in rows for k in _FRAME_KEYS)


def _pick_column(grid: _Grid, lab: _Label, data_rows: Iterable[int]) -> int:
    """The sheet column of a header cell: its own, or for a header merged across several
    columns the first of them that holds a value in the data rows."""
    end = grid.end_col(lab.row, lab.col)
    if end > lab.col:
        rows = list(data_rows)
        for c in range(lab.col, end + 1):
            if any(not grid.blank(r, c) for r in rows):
                return c
    return lab.col


def _used_columns(grid: _Grid, rows: Iterable[int], after: int) -> list[int]:
    """Columns right of ``after`` holding a value in any of ``rows``, left to right."""
    rows = list(rows)
    return [c for c in range(after + 1, grid.width) if any(not grid.blank(r, c) for r in rows)]


def _positional(used: list[int], width: int, after: int) -> list[int]:
    """The first ``width`` used columns; padded with the columns after them when too few."""
    cols = used[:width]
    nxt = (cols[-1] if cols else after) + 1
    while len(cols) < width:
        cols.append(nxt)
        nxt += 1
    return cols


# ---------------------------------------------------------------------------------------
# Drift (R20)
# ---------------------------------------------------------------------------------------
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _squeeze(text: str) -> str:
    return "".join(
        ch for ch in text if not ch.isspace() and ch not in _INVISIBLE and unicodedata.category(ch) != "Cf"
    )


def _is_drift(raw: str, official: str) -> bool:
    return _squeeze(raw) != _squeeze(official)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


#: the number in front of a leaf label as typed: （1）（一）(1) 1. 1、 1 ① ⑴ ⒈
_LEAF_NUMBER = re.compile(
    r"^(?:[（(][0-9０-９〇一二三四五六七八九十]{1,2}[）)]|[0-9０-９]{1,2}[.、，,．]?|[\u2460-\u249b])"
)


def _numbering_reason(found: str, want: str) -> tuple[str, str, str] | None:
    """When a leaf label differs from the official one only in its number (（1）…, ①…, 1 …, or
    none): (the reason, the found text after its number, the official text after its number)."""
    official = re.match(r"^[0-9]{1,2}\.", want)
    if official is None or form.normalize_label(found) == form.normalize_label(want):
        return None
    typed = _LEAF_NUMBER.match(found)
    found_rest, want_rest = (found[typed.end() :] if typed else found), want[official.end() :]
    if form.normalize_label(found_rest) != form.normalize_label(want_rest):
        return None
    reason = f"缺少序号“{official[0]}”" if typed is None else f"序号应写作“{official[0]}”"
    return reason, found_rest, want_rest


def _drift_reasons(raw: str, official: str) -> str:
    found, want = _squeeze(raw), _squeeze(official)
    reasons = []
    numbering = _numbering_reason(found, want)
    if numbering is not None:  # the other reasons are about the text after the number
        reason, found, want = numbering
        reasons.append(reason)
    elif form.normalize_label(found) != form.normalize_label(official):
        reasons.append("用了简称或旧称")
    if re.match(r"^[（(][0-9０-９]+[）)]", found) and re.match(r"^（[〇一二三四五六七八九十]+）", want):
        reasons.append("序号应为中文数字")
    if re.match(r"^[0-9０-９]+[、，,．]", found):
        reasons.append("序号后应为“.”")
    if any(ch in found for ch in "()") and not any(ch in want for ch in "()"):
        reasons.append("用了半角括号")
    if re.search(r"[０-９]", found):
        reasons.append("用了全角数字")
    quotes = "\"'“”‘’「」『』"
    if [ch for ch in found if ch in quotes] != [ch for ch in want if ch in quotes]:
        reasons.append("引号不同")
    plain = unicodedata.normalize("NFKC", found)
    if len(plain) == len(want) and any(
        a != b and _is_cjk(a) and _is_cjk(b) for a, b in zip(plain, want, strict=True)
    ):
        reasons.append("用了繁体字")
    return "、".join(reasons) or "写法与官方表述不同"


# ---------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, book: CalamineWorkbook, path: str) -> None:
        self.book = book
        self.path = path
        self.notes: list[str] = []
        self.cell_findings: list[Finding] = []
        self.drift: list[Finding] = []
        self.cells: dict[CellKey, tuple[str, str]] = {}
        self.table = _blank_table()
        self.ours = _stamp(book) == OUR_TEMPLATE
        self.grids = list(_grids(book, MAX_ROWS_READ, self.notes))
        self._hidden_grids: list[_Grid] | None = None  # loaded when a table is not on a visible sheet
        self.hidden_used: dict[str, list[str]] = {}  # hidden sheet read → the tables found on it
        #: blank number cells (R6) by section, in reading order; collapsed when too many
        self.blanks: dict[str, list[Finding]] = {}
        self.text_numbers: list[CellKey] = []  # numbers stored as text in our workbook
        self._warn_long(self.grids)

    def _warn_long(self, grids: list[_Grid]) -> None:
        for grid in grids:
            if grid.height >= MAX_ROWS_READ:
                self.notes.append(
                    f"工作表“{snippet(grid.name)}”超过 {MAX_ROWS_READ} 行，只读取了前 {MAX_ROWS_READ} 行"
                )

    def tiers(self) -> Iterator[list[_Grid]]:
        """Where a table is looked for: the visible sheets, then (only when it is not on any of
        them) the hidden ones, veryHidden sheets excepted."""
        yield self.grids
        if self._hidden_grids is None:
            self._hidden_grids = list(_grids(self.book, MAX_ROWS_READ, self.notes, HIDDEN))
            self._warn_long(self._hidden_grids)
        yield self._hidden_grids

    def _found_on(self, grid: _Grid, section: str) -> None:
        """Remember that ``section`` was read from ``grid`` (for the note on hidden sheets)."""
        if grid not in self.grids:
            self.hidden_used.setdefault(grid.name, []).append(SECTION_SHORT[section])

    def _sheet_notes(self) -> None:
        for name, tables in self.hidden_used.items():
            self.notes.append(
                f"{'、'.join(tables)}在隐藏的工作表“{snippet(name)}”中，已读取；"
                "请在 Excel/WPS 中取消隐藏该工作表，再核对后报送"
            )
        skipped = [
            name
            for name, state in _sheets(self.book)
            if state != VISIBLE and name not in _OWN_HIDDEN and name not in self.hidden_used
        ]
        if skipped:
            self.notes.append(
                f"已跳过隐藏的工作表：{'、'.join(snippet(n) for n in skipped)}；"
                "如统计表在其中，请取消隐藏后重试"
            )

    # ---- findings --------------------------------------------------------------------------
    def _drift_check(
        self, grid: _Grid, lab: _Label, official: str, key: str | None, column: str | None
    ) -> None:
        if not _is_drift(lab.raw, official):
            return
        where = f"{grid.name}!{grid.where(lab.row, lab.col)}"
        self.drift.append(
            Finding(
                "R20",
                self.path,
                f"标签“{snippet(_squeeze(lab.raw))}”（{where}）不是官方表述"
                f"（{_drift_reasons(lab.raw, official)}），官方表述为“{snippet(official)}”",
                f"请把该单元格改为“{official}”（{form.FORM_NAME}）",
                sheet=grid.name,
                cell=grid.where(lab.row, lab.col),
                key=key,
                column=column,
            )
        )

    def _number(self, grid: _Grid, r: int, c: int, ck: CellKey, what: str, column: str, kind: str) -> Any:
        """Parse one number cell; record its address and any R5/R6/R7 finding."""
        section, key, _ = ck
        if not (0 <= r < MAX_ROWS and 0 <= c < MAX_COLUMNS):
            return None  # a located column past Excel's last one: nothing there to read
        address = grid.where(r, c)
        self.cells[ck] = (grid.name, address)
        raw = grid.value(r, c)
        if kind == "count" and isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # calamine reads every number as float: show -1, not -1.0
        parsed: Parsed[Any] = parse_fee(raw) if kind == "fee" else parse_count(raw)
        name = f"{SECTION_SHORT[section]} {what}·{column}" if what else f"{SECTION_SHORT[section]} {column}"
        if parsed.ok and self.ours and isinstance(raw, str):
            # our totals are SUM formulas, which leave text out: the typed number is not counted
            self.cell_findings.append(
                Finding(
                    "R5",
                    self.path,
                    f"{name}（{grid.name}!{address}）：“{snippet(raw.strip())}”{_TEXT_NUMBER}",
                    f"请在 {grid.name}!{address} 重新输入数字（不要在数字前加 ' ，"
                    "单元格格式用“常规”或“数值”）",
                    sheet=grid.name,
                    cell=address,
                    key=key,
                    column=column,
                )
            )
            self.text_numbers.append(ck)
            return None
        if parsed.ok:
            return parsed.value
        if is_blank(raw):
            rule = "R6"
        elif section == "sec2" and kind == "count":
            rule = "R7"
        else:
            rule = "R5"
        unit = "只填写数字（单位：万元，可有小数）" if kind == "fee" else "填写 0 或正整数（件数）"
        finding = Finding(
            rule,
            self.path,
            f"{name}（{grid.name}!{address}）：{parsed.error}",
            f"请在 {grid.name}!{address} {unit}，没有数据请填 0",
            sheet=grid.name,
            cell=address,
            key=key,
            column=column,
        )
        self.cell_findings.append(finding)
        if rule == "R6":
            self.blanks.setdefault(section, []).append(finding)
        return None

    def _unknown_formula_totals(self) -> None:
        """In our workbook the totals are SUM formulas over the leaves, and SUM leaves text out: a
        total over a number stored as text is as unknown as that number, so the identities that
        use it are skipped too instead of failing at the formula cells."""
        sec3 = self.table.sec3
        for section, key, i in self.text_numbers:
            if section == "sec3" and key is not None:
                sec3[key][form.TOTAL_COL] = None
                if key in form.RESULT_KEYS:
                    sec3[form.RESULTS_TOTAL_KEY][i] = None
                    sec3[form.RESULTS_TOTAL_KEY][form.TOTAL_COL] = None
            elif section == "sec4":
                self.table.sec4[min(t for t in form.SEC4_TOTAL_INDEXES if t >= i)] = None

    def _collapsed_cell_findings(self) -> list[Finding]:
        """The cell findings, a section's blanks (R6) in one finding when it has more than
        MAX_BLANK_FINDINGS of them (at its first blank cell)."""
        summary: dict[int, Finding] = {}
        dropped: set[int] = set()
        for section, blanks in self.blanks.items():
            if len(blanks) <= MAX_BLANK_FINDINGS:
                continue
            first = blanks[0]
            shown = "、".join(f.cell or "" for f in blanks[:BLANKS_SHOWN])
            more = f" 等（共 {len(blanks)} 处）" if len(blanks) > BLANKS_SHOWN else ""
            summary[id(first)] = Finding(
                "R6",
                self.path,
                f"{SECTION_NAME[section]}有 {len(blanks)} 个数字单元格空白：{first.sheet}!{shown}{more}",
                f"没有数据请填 0，不要留空：请在 {first.sheet} 中把这 {len(blanks)} 个空白单元格都填上数字",
                sheet=first.sheet,
                cell=first.cell,
            )
            dropped.update(id(f) for f in blanks)
        return [summary.get(id(f), f) for f in self.cell_findings if id(f) in summary or id(f) not in dropped]

    # ---- section 三 ------------------------------------------------------------------------
    def read_sec3(self) -> tuple[bool, _Grid | None, _Label | None]:
        """Returns (found, grid, the single 三.六 group cell of a 2019-style table or None)."""
        index = _sec3_index()
        best: tuple[_Grid, dict[str, _Label]] | None = None
        for grids in self.tiers():
            for grid in grids:
                rows = _find_rows(grid, index, form.SEC3_KEYS)
                if _is_sec3(rows) and (best is None or len(rows) > len(best[1])):
                    best = (grid, rows)
            if best is not None:
                break
        if best is None:
            self.notes.append(f"未找到{SECTION_NAME['sec3']}：没有识别出该表的行标签，其数字按空白处理")
            return False, None, None
        grid, rows = best
        self._found_on(grid, "sec3")
        label_right = max(grid.end_col(lab.row, lab.col) for lab in rows.values())
        label_cols = range(0, label_right + 1)
        self._bare_total(grid, rows, label_cols)
        top = min(lab.row for lab in rows.values())
        bottom = max(grid.end_row(lab.row, lab.col) for lab in rows.values())
        data_rows = [lab.row for lab in rows.values()]

        # group cells and the vertical results head (R20, and the single 三.六 row of 2019)
        body = range(top, bottom + 1)
        single_other: _Label | None = None
        for group in form.RESULT_GROUPS:
            if not group.has_group_cell:
                continue
            for lab in grid.find(group.label, body, label_cols):
                self._drift_check(grid, lab, group.label, None, None)
                if group.label == form.LAYOUT_2019_SINGLE_OTHER and not any(k in rows for k in group.leaves):
                    single_other = single_other or lab
        for lab in grid.find(form.SEC3_RESULTS_HEAD, body, label_cols):
            self._drift_check(grid, lab, form.SEC3_RESULTS_HEAD, None, None)

        # column headers in the band above the first row label
        band = range(max(0, top - SEC3_HEADER_BAND), top)
        right = range(label_right + 1, max(grid.width, label_right + 1))
        columns: dict[int, int] = {}
        for i, name in enumerate(form.SEC3_COLUMNS):
            found = grid.find(name, band, right)
            if found:
                lab = max(found, key=lambda lab: (lab.row, -lab.col))
                self._drift_check(grid, lab, name, None, name)
                columns[i] = _pick_column(grid, lab, data_rows)
        for head in (form.SEC3_LEGAL_PERSON_GROUP, form.SEC3_APPLICANT_HEAD):
            for lab in grid.find(head, band, right):
                self._drift_check(grid, lab, head, None, None)
        drift_group = [v for v, o in form.LABEL_DRIFT.items() if o == form.SEC3_LEGAL_PERSON_GROUP]
        for variant in drift_group:
            for lab in grid.by_norm.get(variant, ()):
                if lab.row in band and lab.col in right:
                    self._drift_check(grid, lab, form.SEC3_LEGAL_PERSON_GROUP, None, None)
        width = len(form.SEC3_COLUMNS)
        if len(columns) == width and len(set(columns.values())) == width:
            cols = [columns[i] for i in range(width)]
        else:
            missing = [form.SEC3_COLUMNS[i] for i in range(width) if i not in columns]
            why = f"缺少：{'、'.join(missing)}" if missing else "有重复"
            self.notes.append(
                f"{T3}的列标题不完整（{why}），已按行标签右侧依次的 {width} 个数字列读取"
                f"（{'、'.join(form.SEC3_COLUMNS)}），请核对列的顺序"
            )
            cols = _positional(_used_columns(grid, data_rows, label_right), width, label_right)

        for key, lab in rows.items():
            self._drift_check(grid, lab, form.SEC3_ROW[key].label, key, None)
            what = f"{key}“{snippet(form.SEC3_ROW[key].label, 16)}”"
            for i, c in enumerate(cols):
                self.table.sec3[key][i] = self._number(
                    grid, lab.row, c, ("sec3", key, i), what, form.SEC3_COLUMNS[i], "count"
                )
        missing_rows = [k for k in form.SEC3_KEYS if k not in rows]
        if single_other is not None:
            group = form.RESULT_GROUPS[-1]
            self.notes.append(
                f"{T3}“{group.label}”只有一行数字"
                f"（{grid.name}!{grid.where(single_other.row, single_other.col)}，"
                f"2019 年试行格式），2021 年格式分为 {len(group.leaves)} 行（{'、'.join(group.leaves)}）："
                "这几行的数字无法对应，未读取，按空白处理"
            )
            missing_rows = [k for k in missing_rows if k not in group.leaves]
        if missing_rows:
            self.notes.append(
                f"{T3}未找到以下行：{'、'.join(missing_rows)}，这些单元格按空白处理；请按官方格式补齐这些行"
            )
        return True, grid, single_other

    def _bare_total(self, grid: _Grid, rows: dict[str, _Label], label_cols: range) -> None:
        """Row 三.七 labelled with the bare total column word: accepted only below the result rows,
        in the label columns (above the rows it is the column header)."""
        if form.RESULTS_TOTAL_KEY in rows:
            return
        results = [rows[k].row for k in form.RESULT_KEYS if k in rows]
        if not results:
            return
        low = max(results)
        high = rows[form.CARRIED_OUT_KEY].row if form.CARRIED_OUT_KEY in rows else low + 3
        found = grid.find(form.SEC3_TOTAL_COLUMN, range(low + 1, high), label_cols)
        if found:
            rows[form.RESULTS_TOTAL_KEY] = found[0]

    # ---- section 二 ------------------------------------------------------------------------
    def read_sec2(self) -> tuple[str | None, list[tuple[_Grid, _Label, str]]]:
        """Returns (the section's format: "2021" | "2019" | None, the 2019 markers found)."""
        markers: list[tuple[_Grid, _Label, str]] = []
        best: tuple[_Grid, dict[str, _Label]] | None = None
        for grids in self.tiers():
            for grid in grids:
                for marker in form.LAYOUT_2019_MARKERS:
                    markers += [(grid, lab, marker) for lab in grid.find(marker)]
            markers.sort(key=lambda m: (grids.index(m[0]), m[1].row, m[1].col))
            for grid in grids:
                rows = _find_rows(grid, form.sec2_key_by_label(), form.SEC2_KEYS)
                if len(rows) >= 2 and (best is None or len(rows) > len(best[1])):
                    best = (grid, rows)
            if best is not None or markers:
                break
        if best is not None:
            self._found_on(best[0], "sec2")
        elif markers:
            self._found_on(markers[0][0], "sec2")
        if best is None:
            if markers:
                return "2019", markers
            self.notes.append(f"未找到{SECTION_NAME['sec2']}：没有识别出该表的行标签，其数字按空白处理")
            return None, markers
        grid, rows = best
        doc = form.SEC2_TABLES[0]
        doc_rows = [rows[k] for k in doc.rows if k in rows]
        doc_cols: list[int] | None = None
        header_labels: list[tuple[_Label, str]] = []
        if doc_rows:
            first = min(lab.row for lab in doc_rows)
            label_right = max(grid.end_col(lab.row, lab.col) for lab in doc_rows)
            band = range(max(0, first - SEC2_HEADER_BAND), first)
            right = range(label_right + 1, max(grid.width, label_right + 1))
            found = {}
            for i, name in enumerate(doc.columns):
                hits = grid.find(name, band, right)
                if hits:
                    lab = max(hits, key=lambda lab: lab.row)
                    header_labels.append((lab, name))
                    found[i] = _pick_column(grid, lab, [d.row for d in doc_rows])
            if len(found) == doc.width and len(set(found.values())) == doc.width:
                doc_cols = [found[i] for i in range(doc.width)]
        kind = "2021" if doc_cols is not None or not markers else "2019"
        if kind == "2019":
            self.notes.append(
                f"{T2}是 2019 年试行格式（栏目与 2021 年格式不同），其数字无法对应到 2021 年格式，"
                f"未读取，按空白处理；请按{form.FORM_NAME}格式重新填写{T2}"
            )
            return kind, markers

        # the 2021 section: labels (R20) and values
        for t in form.SEC2_TABLES:
            for lab in grid.find(t.header):
                self._drift_check(grid, lab, t.header, None, None)
        for lab in grid.find(form.SEC2_CONTENT_LABEL):
            self._drift_check(grid, lab, form.SEC2_CONTENT_LABEL, None, None)
        for lab, name in header_labels:
            self._drift_check(grid, lab, name, None, name)
        if doc_rows and doc_cols is None:
            label_right = max(grid.end_col(lab.row, lab.col) for lab in doc_rows)
            doc_cols = _positional(
                _used_columns(grid, [d.row for d in doc_rows], label_right), doc.width, label_right
            )
            self.notes.append(
                f"{T2}{'、'.join(doc.rows)}的列标题不完整，已按行标签右侧依次的 {doc.width} 个数字列读取"
                f"（{'、'.join(doc.columns)}），请核对"
            )
        for key, lab in rows.items():
            self._drift_check(grid, lab, key, key, None)
            t = form.sec2_table_of(key)
            if t.width > 1:
                assert doc_cols is not None
                values: list[Any] = [
                    self._number(grid, lab.row, c, ("sec2", key, i), key, t.columns[i], t.kind)
                    for i, c in enumerate(doc_cols)
                ]
                self.table.sec2[key] = values
            else:
                c = self._single_column(grid, lab, t)
                self.table.sec2[key] = self._number(
                    grid, lab.row, c, ("sec2", key, 0), key, t.columns[0], t.kind
                )
        missing = [k for k in form.SEC2_KEYS if k not in rows]
        if missing:
            self.notes.append(
                f"{T2}未找到以下行：{'、'.join(missing)}，这些单元格按空白处理；请按官方格式补齐"
            )
        return kind, markers

    def _single_column(self, grid: _Grid, lab: _Label, t: form.Sec2Table) -> int:
        """The value cell of a one-value section 二 row: under its column header when that is
        found just above, else the first filled cell right of the label (merged cells count once)."""
        end = grid.end_col(lab.row, lab.col)
        right = range(end + 1, max(grid.width, end + 1))
        hits = grid.find(t.columns[0], range(max(0, lab.row - SEC2_HEADER_BAND), lab.row), right)
        if hits:
            head = max(hits, key=lambda h: h.row)
            self._drift_check(grid, head, t.columns[0], None, t.columns[0])
            return _pick_column(grid, head, [lab.row])
        used = _used_columns(grid, [lab.row], end)
        return used[0] if used else end + 1

    # ---- section 四 ------------------------------------------------------------------------
    def read_sec4(self) -> bool:
        for grids in self.tiers():
            for grid in grids:
                for review in sorted(grid.find(form.SEC4_REVIEW), key=lambda lab: (lab.row, lab.col)):
                    near = range(max(0, review.row - 1), review.row + 2)
                    litigation = [
                        lab for lab in grid.find(form.SEC4_LITIGATION, near) if lab.col > review.col
                    ]
                    if litigation:
                        self._found_on(grid, "sec4")
                        self._sec4_at(grid, review, litigation[0])
                        return True
        self.notes.append(
            f"未找到{SECTION_NAME['sec4']}：没有识别出“{form.SEC4_REVIEW}”“{form.SEC4_LITIGATION}”表头，其数字按空白处理"
        )
        return False

    def _sec4_at(self, grid: _Grid, review: _Label, litigation: _Label) -> None:
        r0, c0 = review.row, review.col
        band = range(r0 + 1, r0 + 1 + SEC4_HEADER_BAND)
        self._drift_check(grid, review, form.SEC4_REVIEW, None, None)
        self._drift_check(grid, litigation, form.SEC4_LITIGATION, None, None)
        block_cells: list[_Label | None] = [review]
        for name in form.SEC4_BLOCKS[1:]:
            after = block_cells[-1].col if block_cells[-1] else c0
            hits = [lab for lab in grid.find(name, range(r0, band.stop)) if lab.col > after]
            pick = min(hits, key=lambda lab: (lab.col, lab.row)) if hits else None
            if pick:
                self._drift_check(grid, pick, name, None, None)
            block_cells.append(pick)
        header_cells: list[_Label] = [review, litigation]
        mapping: dict[int, int] = {}
        block = len(form.SEC4_BLOCK_COLUMNS)
        if all(block_cells):
            starts = [lab.col for lab in block_cells if lab]
            for b, lab in enumerate(block_cells):
                assert lab is not None
                end = grid.end_col(lab.row, lab.col)
                if end == lab.col:  # not merged: up to the next block
                    end = starts[b + 1] - 1 if b + 1 < len(starts) else lab.col + block - 1
                header_cells.append(lab)
                for j, name in enumerate(form.SEC4_BLOCK_COLUMNS):
                    hits = grid.find(name, band, range(lab.col, end + 1))
                    if hits:
                        head = min(hits, key=lambda h: (h.row, h.col))
                        self._drift_check(grid, head, name, None, form.sec4_column_name(b * block + j))
                        header_cells.append(head)
                        mapping[b * block + j] = head.col
        band_bottom = max(grid.end_row(lab.row, lab.col) for lab in header_cells)
        if len(mapping) == form.SEC4_WIDTH and len(set(mapping.values())) == form.SEC4_WIDTH:
            cols = [mapping[i] for i in range(form.SEC4_WIDTH)]
            row = band_bottom + 1
            for r in range(band_bottom + 1, band_bottom + 4):
                if any(not grid.blank(r, c) for c in cols):
                    row = r
                    break
        else:
            row = self._sec4_number_row(grid, r0)
            used = [
                c
                for c in range(c0, grid.width)
                if not grid.blank(row, c) or any(self._covered(grid, r, c) for r in range(r0, row))
            ]
            cols = _positional(used, form.SEC4_WIDTH, c0 - 1)
            self.notes.append(
                f"{T4}的列标题不完整，已按“{form.SEC4_REVIEW}”下方依次的 {form.SEC4_WIDTH} 个数字读取"
                f"（{'、'.join(form.SEC4_BLOCKS)} 各 {block} 列："
                f"{'、'.join(form.SEC4_BLOCK_COLUMNS)}），请核对"
            )
        for i, c in enumerate(cols):
            self.table.sec4[i] = self._number(
                grid, row, c, ("sec4", None, i), "", form.sec4_column_name(i), "count"
            )

    @staticmethod
    def _covered(grid: _Grid, r: int, c: int) -> bool:
        """Whether (r, c) holds a value or lies inside a merged cell that does."""
        if not grid.blank(r, c):
            return True
        for (mr, mc), (er, ec) in grid.merge_end.items():
            if mr <= r <= er and mc <= c <= ec and not grid.blank(mr, mc):
                return True
        return False

    @staticmethod
    def _sec4_number_row(grid: _Grid, r0: int) -> int:
        """The first row below the headers whose cells right of the block are mostly numbers."""
        for r in range(r0 + 1, r0 + 1 + SEC4_HEADER_BAND + 3):
            row = grid.rows[r] if r < grid.height else []
            numbers = sum(1 for v in row if v != "" and parse_count(v).ok)
            if numbers >= 5:
                return r
        return r0 + 1 + SEC4_HEADER_BAND

    # ---- unit information ------------------------------------------------------------------
    def unit_info(self) -> UnitInfo:
        if form.SHEET_UNIT not in self.book.sheet_names:
            return UnitInfo()
        try:
            grid = _load(self.book, form.SHEET_UNIT, 200)
        except Exception:
            self.notes.append(f"工作表“{form.SHEET_UNIT}”无法读取，单位信息按空白处理")
            return UnitInfo()
        attrs = {
            form.UNIT_NAME: "name",
            form.UNIT_YEAR: "year",
            form.UNIT_LEVEL: "level",
            form.UNIT_SCOPE: "scope",
            form.UNIT_CONTACT: "contact",
            form.UNIT_PHONE: "phone",
            form.UNIT_ADDRESS: "address",
            form.UNIT_POSTCODE: "postcode",
        }
        values: dict[str, Any] = {}
        for label, attr in attrs.items():
            hits = grid.find(label)
            if not hits:
                continue
            lab = min(hits, key=lambda h: (h.row, h.col))
            raw = grid.value(lab.row, grid.end_col(lab.row, lab.col) + 1)
            if attr == "year":
                year = _year(raw)
                if year is None and not is_blank(raw):
                    self.notes.append(
                        f"{form.SHEET_UNIT}“{form.UNIT_YEAR}”“{snippet(normalize_text(raw))}”"
                        "不是 4 位年份，按空白处理"
                    )
                values[attr] = year
            elif not is_blank(raw):
                values[attr] = _text(raw)
        return UnitInfo(**values)

    def title_info(self) -> tuple[str, int | None]:
        """Unit and year from labelled cells (unit name: …, year: 2024), or a title like
        ‘某某镇人民政府2024年政府信息公开工作年度报告’ above the tables."""
        unit, year = "", None
        label_unit = re.compile(rf"^(?:{form.UNIT_NAME}|填报单位|报送单位)[:：](?P<v>.+)$")
        label_year = re.compile(rf"^(?:{form.UNIT_YEAR}|统计年份|年度)[:：](?P<v>\d{{4}})年?度?$")
        title = re.compile(r"^(?P<unit>.*?)(?P<year>(?:19|20)\d{2})年度?政府信息公开")
        hidden_used = [g for g in self._hidden_grids or () if g.name in self.hidden_used]
        for grid in self.grids + hidden_used:
            for lab in grid.labels:
                if lab.row > 12:
                    break
                text = compact_text(lab.raw)
                if m := label_unit.match(text):
                    unit = unit or m["v"]
                elif m := label_year.match(text):
                    year = year or int(m["v"])
                elif m := title.match(text):
                    unit = unit or m["unit"]
                    year = year or int(m["year"])
        return unit, year

    # ---- the whole workbook ----------------------------------------------------------------
    def read(self) -> StatsRead:
        info = self.unit_info()
        sec2_kind, markers = self.read_sec2()
        sec3_found, sec3_grid, single_other = self.read_sec3()
        self.read_sec4()
        self._unknown_formula_totals()
        self._sheet_notes()
        unit, year = info.name, info.year
        if not unit or year is None:
            title_unit, title_year = self.title_info()
            unit = unit or title_unit
            year = year if year is not None else title_year
        self.table.unit, self.table.year = unit, year

        sec3_kind = "2019" if single_other is not None else ("2021" if sec3_found else None)
        kinds = {k for k in (sec2_kind, sec3_kind) if k}
        if not kinds:
            layout = "unknown"
        elif kinds == {"2019"}:
            layout = "2019"
        elif kinds == {"2021"} and not markers:
            layout = "2021"
        else:
            layout = "hybrid"
        head: list[Finding] = []
        if layout in ("2019", "hybrid"):
            r19 = self._r19(layout, sec2_kind, markers, sec3_grid, single_other, year)
            if r19 is not None:
                head.append(r19)
        if layout == "2019":
            self.drift = []  # the whole table must be redone in the 2021 format: R19 says so once
        return StatsRead(
            path=self.path,
            table=self.table,
            cells=self.cells,
            info=info,
            ours=self.ours,
            layout=layout,
            findings=head + self._collapsed_cell_findings() + self.drift,
            notes=self.notes,
        )

    def _r19(
        self,
        layout: str,
        sec2_kind: str | None,
        markers: list[tuple[_Grid, _Label, str]],
        sec3_grid: _Grid | None,
        single_other: _Label | None,
        year: int | None,
    ) -> Finding | None:
        what: list[str] = []
        place: tuple[str, str] | None = None
        if markers:
            names = list(dict.fromkeys(m for _, _, m in markers))
            grid, lab, _ = markers[0]
            place = (grid.name, grid.where(lab.row, lab.col))
            shown = "、".join(f"“{n}”" for n in names[:4]) + ("等" if len(names) > 4 else "")
            what.append(f"{T2}有 2019 年试行格式的栏目 {shown}（{place[0]}!{place[1]}）")
        if single_other is not None and sec3_grid is not None:
            address = sec3_grid.where(single_other.row, single_other.col)
            place = place or (sec3_grid.name, address)
            group = form.RESULT_GROUPS[-1]
            what.append(
                f"{T3}“{group.label}”只有一行（{sec3_grid.name}!{address}），没有分为 {len(group.leaves)} 行"
            )
        if layout == "2019":
            if year is not None and year <= 2020:
                self.notes.append(f"统计表是 2019 年试行格式（{FORM_2019}），{year} 年度适用该格式")
                return None
            message = f"统计表使用的是 2019 年试行格式（{FORM_2019}）：" + "；".join(what)
        else:
            parts = []
            if sec2_kind == "2021":
                parts.append(f"{T2}是 2021 年格式")
            if single_other is None and sec3_grid is not None:
                parts.append(f"{T3}是 2021 年格式")
            message = "统计表混用了 2021 年格式和 2019 年试行格式：" + "；".join(parts + what)
        return Finding(
            "R19",
            self.path,
            message,
            _NEW_FORM_HINT + f"：{T2}分为 " + "、".join(t.header for t in form.SEC2_TABLES) + " 四部分，"
            f"{T3}“{form.LAYOUT_2019_SINGLE_OTHER}”分为 {len(form.RESULT_GROUPS[-1].leaves)} 行",
            sheet=place[0] if place else None,
            cell=place[1] if place else None,
        )


def _blank_table() -> Table:
    """A table with every cell None: a cell not found in the file stays unknown, never 0."""
    sec2: dict[str, Sec2Value] = {}
    for t in form.SEC2_TABLES:
        for row in t.rows:
            sec2[row] = [None] * t.width if t.width > 1 else None
    return Table(
        "",
        None,
        sec2,
        {k: [None] * len(form.SEC3_COLUMNS) for k in form.SEC3_KEYS},
        [None] * form.SEC4_WIDTH,
    )


def _year(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        value = raw
    else:
        text = compact_text(raw).removesuffix("年度").removesuffix("年")
        if not re.fullmatch(r"\d{4}", text):
            return None
        value = int(text)
    if value != int(value) or not 1990 <= int(value) <= 2100:
        return None
    return int(value)


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return normalize_text(raw)


# ---------------------------------------------------------------------------------------
# The public functions
# ---------------------------------------------------------------------------------------
def read_stats(book: CalamineWorkbook, path: str) -> StatsRead:
    """Read the three official tables from an open workbook (see the module docstring)."""
    return _Reader(book, path).read()


def looks_like_stats(book: CalamineWorkbook) -> bool:
    """Cheap test: our 统计表 stamp, or section 三 row labels (in order, with 一/二/四) in a visible
    sheet, or else in a hidden (not veryHidden) one."""
    stamp = _stamp(book)
    if stamp is not None:
        return stamp == OUR_TEMPLATE
    index = _sec3_index()
    return any(
        _is_sec3(_find_rows(grid, index, form.SEC3_KEYS))
        for state in (VISIBLE, HIDDEN)
        for grid in _grids(book, MAX_ROWS_SNIFF, None, state)
    )
