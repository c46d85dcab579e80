"""The number cells of the official tables: what is wrong with a value (R5/R6/R7), once.

``read_number`` says it for one value, wherever the value comes from (a 统计表 cell, a JSON table);
``NumberCells`` reads the number cells of a grid for the 统计表 reader, keeps their addresses and
gathers the findings.

Findings for number cells: blank → R6; in section 二 a count that is not a whole number ≥ 0 → R7;
anything else unreadable (text, —, /, 元, negative, fraction) → R5. Numbers stored as text ('12')
and full-width digits ('１２') are numbers — except where text is not a number (our own 统计表, whose
totals are SUM formulas that leave text out, and JSON): there such a value is R5. In the 统计表 one
finding per cell, except that a section with more than ``MAX_BLANK_FINDINGS`` blanks gets one R6 for
all of them (at the first, with the count).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.cells import MAX_COLUMNS, MAX_ROWS, Parsed, is_blank, parse_count, parse_fee, snippet
from toolkit.read.stats_grid import Grid
from toolkit.table import Table

__all__ = [
    "SECTION_NAME",
    "SECTION_SHORT",
    "CellKey",
    "NumberCells",
    "NumberRead",
    "all_cells",
    "cell_value",
    "is_number",
    "leaf_cells",
    "read_number",
    "unknown_cells",
]

#: (section "sec2" | "sec3" | "sec4", row key or None, column index): one number cell of the tables
CellKey = tuple[str, str | None, int]

T2, T3, T4 = form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4
SECTION_SHORT = {"sec2": T2, "sec3": T3, "sec4": T4}
SECTION_NAME = {
    "sec2": f"{T2}（{form.SECTION_HEADINGS[1]}）",
    "sec3": f"{T3}（{form.SECTION_HEADINGS[2]}）",
    "sec4": f"{T4}（{form.SECTION_HEADINGS[3]}）",
}
MAX_BLANK_FINDINGS = 10  # blank cells reported one by one per section; more make one finding
BLANKS_SHOWN = 5  # addresses quoted in that one finding
_TEXT_NUMBER = "数字存成了文本，合计公式不会计入；请改为数字"


@dataclass(frozen=True)
class NumberRead:
    """A value read as a number of the tables: the number, or the rule it breaks and why."""

    value: int | Decimal | None
    rule: str | None = None  # "R5" | "R6" | "R7" when the value is not a number of its cell
    error: str = ""  # what is wrong, in Chinese ("" when ``as_text``)
    as_text: bool = False  # a number stored as text where text is not a number


def read_number(value: object, section: str, kind: str, *, text: bool = True) -> NumberRead:
    """``value`` as a number of ``section`` ("sec2" | "sec3" | "sec4") of ``kind`` "count" (件数, a
    whole number ≥ 0) or "fee" (万元, a number ≥ 0).

    Blank → R6; in section 二 a count that is not a whole number ≥ 0 → R7; anything else → R5.
    ``text=False`` where text is never a number (our own 统计表, JSON): a number spelled as text is
    R5 there (``as_text``)."""
    parsed: Parsed[Any] = parse_fee(value) if kind == "fee" else parse_count(value)
    if parsed.ok:
        if text or not isinstance(value, str):
            return NumberRead(parsed.value)
        return NumberRead(None, "R5", as_text=True)
    if is_blank(value):
        rule = "R6"
    elif section == "sec2" and kind == "count":
        rule = "R7"
    else:
        rule = "R5"
    return NumberRead(None, rule, parsed.error or "")


@dataclass
class NumberCells:
    """Reads the number cells of the 统计表 for the reader: their addresses and findings."""

    path: str
    ours: bool  # our own 统计表: a number stored as text is not counted by its SUM totals
    cells: dict[CellKey, tuple[str, str]] = field(default_factory=dict)  # → (sheet, address)
    findings: list[Finding] = field(default_factory=list)
    #: blank number cells (R6) by section, in reading order; collapsed when too many
    blanks: dict[str, list[Finding]] = field(default_factory=dict)
    text_numbers: list[CellKey] = field(default_factory=list)  # numbers stored as text in ours

    def read(self, grid: Grid, r: int, c: int, ck: CellKey, what: str, column: str, kind: str) -> Any:
        """Parse one number cell; record its address and any R5/R6/R7 finding."""
        section, key, _ = ck
        if not (0 <= r < MAX_ROWS and 0 <= c < MAX_COLUMNS):
            return None  # a located column past Excel's last one: nothing there to read
        address = grid.where(r, c)
        self.cells[ck] = (grid.name, address)
        raw = grid.value(r, c)
        if kind == "count" and isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # calamine reads every number as float: show -1, not -1.0
        number = read_number(raw, section, kind, text=not self.ours)
        if number.rule is None:
            return number.value
        name = f"{SECTION_SHORT[section]} {what}·{column}" if what else f"{SECTION_SHORT[section]} {column}"
        if number.as_text:
            assert isinstance(raw, str)
            # our totals are SUM formulas, which leave text out: the typed number is not counted
            self.findings.append(
                Finding(
                    number.rule,
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
        unit = "只填写数字（单位：万元，可有小数）" if kind == "fee" else "填写 0 或正整数（件数）"
        finding = Finding(
            number.rule,
            self.path,
            f"{name}（{grid.name}!{address}）：{number.error}",
            f"请在 {grid.name}!{address} {unit}，没有数据请填 0",
            sheet=grid.name,
            cell=address,
            key=key,
            column=column,
        )
        self.findings.append(finding)
        if number.rule == "R6":
            self.blanks.setdefault(section, []).append(finding)
        return None

    def unknown_formula_totals(self, table: Table) -> None:
        """In our workbook the totals are SUM formulas over the leaves, and SUM leaves text out: a
        total over a number stored as text is as unknown as that number, so the identities that
        use it are skipped too instead of failing at the formula cells."""
        sec3 = table.sec3
        for section, key, i in self.text_numbers:
            if section == "sec3" and key is not None:
                sec3[key][form.TOTAL_COL] = None
                if key in form.RESULT_KEYS:
                    sec3[form.RESULTS_TOTAL_KEY][i] = None
                    sec3[form.RESULTS_TOTAL_KEY][form.TOTAL_COL] = None
            elif section == "sec4":
                table.sec4[min(t for t in form.SEC4_TOTAL_INDEXES if t >= i)] = None

    def collapsed(self) -> list[Finding]:
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
        return [summary.get(id(f), f) for f in self.findings if id(f) in summary or id(f) not in dropped]


# ---------------------------------------------------------------------------------------
# Cells that hold no number: a roll-up needs every one
# ---------------------------------------------------------------------------------------
UNKNOWN_SHOWN = 8  # rows or cells quoted in the finding for one section's unknown cells


MAX_SHOWN_INT = 2**1023  # an int a workbook's float can hold


def is_number(value: object) -> bool:
    """A number a table can hold and a workbook can show: int, float or Decimal, finite, not bool."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, int):
        return abs(value) <= MAX_SHOWN_INT  # beyond float range a workbook cannot show it (and float() fails)
    return math.isfinite(value)


def leaf_cells() -> Iterator[CellKey]:
    """Every cell of the tables that is typed, not computed: 表二, 表三 without its 总计 column
    and 三.七 row, 表四 without its 总计 columns."""
    for t in form.SEC2_TABLES:
        for key in t.rows:
            for i in range(t.width):
                yield ("sec2", key, i)
    for key in form.SEC3_KEYS:
        if key != form.RESULTS_TOTAL_KEY:
            for i in range(form.TOTAL_COL):
                yield ("sec3", key, i)
    for i in range(form.SEC4_WIDTH):
        if i not in form.SEC4_TOTAL_INDEXES:
            yield ("sec4", None, i)


def all_cells() -> Iterator[CellKey]:
    """Every number cell of the tables, totals included."""
    for t in form.SEC2_TABLES:
        for key in t.rows:
            for i in range(t.width):
                yield ("sec2", key, i)
    for key in form.SEC3_KEYS:
        for i in range(len(form.SEC3_COLUMNS)):
            yield ("sec3", key, i)
    for i in range(form.SEC4_WIDTH):
        yield ("sec4", None, i)


def cell_value(table: Table, ck: CellKey) -> Any:
    section, key, i = ck
    if section == "sec3":
        assert key is not None
        return table.sec3[key][i]
    if section == "sec4":
        return table.sec4[i]
    assert key is not None
    value = table.sec2[key]
    return value[i] if isinstance(value, list) else value


def column_name(ck: CellKey) -> str:
    section, key, i = ck
    if section == "sec3":
        return form.SEC3_COLUMNS[i]
    if section == "sec4":
        return form.sec4_column_name(i)
    assert key is not None
    return form.sec2_table_of(key).columns[i]


def unknown_cells(
    path: str, table: Table, cells: dict[CellKey, tuple[str, str]] | None, findings: Sequence[Finding]
) -> list[Finding]:
    """R6 for the typed cells of an input table that hold no number and that no finding names yet
    (a row or a whole table not found in the file, a JSON value missing): a roll-up adds every cell,
    so it cannot go on without them. One finding per section, naming its rows and cells.

    ``cells``: where each cell of a 统计表 was read (a cell read at its address and not a number
    already has its R5/R6/R7 there: ``NumberCells.read``), None for a JSON table; ``findings``: the
    input's findings so far."""
    rules = ("R5", "R6", "R7")
    read_at = cells or {}
    named = {(f.key, f.column) for f in findings if f.rule in rules}
    missing: dict[str, list[CellKey]] = {}
    for ck in leaf_cells():
        if is_number(cell_value(table, ck)) or ck in read_at or (ck[1], column_name(ck)) in named:
            continue
        missing.setdefault(ck[0], []).append(ck)
    out = []
    for section, keys in missing.items():
        sheets = [place[0] for ck, place in read_at.items() if ck[0] == section]
        sheet = sheets[0] if sheets else None
        widths: dict[str | None, int] = {}
        for ck in leaf_cells():
            if ck[0] == section:
                widths[ck[1]] = widths.get(ck[1], 0) + 1
        rows: dict[str | None, list[CellKey]] = {}
        for ck in keys:
            rows.setdefault(ck[1], []).append(ck)
        shown: list[str] = []
        for key, row in rows.items():
            if key is not None and len(row) == widths[key]:
                label = form.SEC3_ROW[key].label if section == "sec3" else key
                shown.append(f"{key}“{snippet(label, 12)}”整行" if label != key else f"{key} 整行")
            else:
                shown += [f"{key}·{column_name(ck)}" if key else column_name(ck) for ck in row]
        listing = "、".join(shown[:UNKNOWN_SHOWN]) + (
            f" 等 {len(shown)} 项" if len(shown) > UNKNOWN_SHOWN else ""
        )
        if not cells:
            where = "JSON 表格中这些值为空（null）或缺失"
        elif sheet is None:
            where = "文件中没有找到该表"
        else:
            where = f"工作表“{snippet(sheet)}”中没有找到这些行或单元格"
        out.append(
            Finding(
                "R6",
                path,
                f"{SECTION_NAME[section]}有 {len(keys)} 个数字没有读到（{where}）：{listing}",
                "汇总要把每个单元格的数字相加，不能按 0 计算：请按官方格式补齐这些行和单元格"
                "（行标签照官方表格填写），没有数据的填 0，然后重新汇总",
                sheet=sheet,
                key=keys[0][1],
            )
        )
    return out
