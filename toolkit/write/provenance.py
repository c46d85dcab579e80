"""The sheets ``aggregate`` adds to its 统计表: where every number came from.

- 来源: each input (path, unit, kind, sha256, rows read/counted/excluded) and the fee charged;
- 明细: every statistic traced to its case IDs (unit, case ID, row, column — never a name or text);
- 分单位: for a roll-up, each unit's key figures side by side, with a sum row equal to the table;
- 名单核对: for ``--roster``, the expected units and whether each submitted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.count.cases import Excluded, Traces
from toolkit.errors import OutputError
from toolkit.read.cells import MAX_ROWS
from toolkit.table import Table
from toolkit.write.textrows import TextRows
from toolkit.write.xlsx import Styles, cell, excel_length, fit_row, line_count, print_setup, row_height

SHEET_SOURCES, SHEET_TRACE, SHEET_UNITS, SHEET_ROSTER = "来源", "明细", "分单位", "名单核对"
FEE_LABEL = "依申请公开收取信息处理费（元）"
SOURCES_HEADS = ("文件", "单位", "类型", "SHA-256", "读取行数", "计入", "未计入")
UNITS_HEAD, UNITS_SUM = "单位", "合计"
SOURCES_HEADER_ROW = 2  # 0-based row of the 来源 table's headers; the fee is in row 0


@dataclass(frozen=True)
class SourceRow:
    path: str
    unit: str
    kind: str  # "台账" | "统计表" | "JSON 表格"
    sha256: str
    rows_read: int
    counted: int
    excluded: int


@dataclass(frozen=True)
class UnitFigures:
    unit: str
    table: Table  # with totals


def _header(ws: Any, styles: Styles, row: int, heads: Sequence[str], widths: Sequence[float] = ()) -> None:
    for c, head in enumerate(heads):
        ws.write_string(row, c, head, styles.header)
    if widths:
        fit_row(ws, row, *zip(heads, widths, strict=False))


def _columns(ws: Any, widths: Sequence[float]) -> None:
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)


SOURCES_WIDTHS = (40, 24, 10, 66, 10, 10, 10)
TRACE_WIDTHS = (24, 8, 36)  # 单位, 表, 行; then one column of case IDs per applicant type
TRACE_ID_WIDTH = 20
_PER_LINE = max(n for n in range(1, 99) if line_count("0" * n, TRACE_ID_WIDTH) == 1)  # ASCII per line
ROSTER_WIDTHS = (34, 12, 50)
UNITS_WIDTHS = (30, 11)  # 单位, then each figure


def sources_sheet(
    rows: Sequence[SourceRow],
    fee_yuan: Decimal | None,
    notes: Sequence[str],
    excluded: Sequence[Excluded] = (),
) -> Callable:
    """来源: the fee, each input with its counts, the notes, and every row not counted with its reason."""

    def add(wb: Any, styles: Styles) -> None:
        ws = wb.add_worksheet(SHEET_SOURCES)
        widths = SOURCES_WIDTHS
        _columns(ws, widths)
        ws.write_string(0, 0, FEE_LABEL, styles.header)
        if fee_yuan is None:
            unknown = "未知（输入中含统计表，没有台账的收费记录）"
            ws.write_string(0, 1, unknown, styles.label)
            fit_row(ws, 0, (FEE_LABEL, widths[0]), (unknown, widths[1]))
        else:
            ws.write_number(0, 1, float(fee_yuan), styles.total)
        _header(ws, styles, SOURCES_HEADER_ROW, SOURCES_HEADS, widths)
        for r, row in enumerate(rows, start=3):
            ws.write_string(r, 0, row.path, styles.label)
            ws.write_string(r, 1, row.unit, styles.label)
            ws.write_string(r, 2, row.kind, styles.label_center)
            ws.write_string(r, 3, row.sha256, styles.label)
            for c, n in enumerate((row.rows_read, row.counted, row.excluded), start=4):
                ws.write_number(r, c, n, styles.total)
            fit_row(ws, r, (row.path, widths[0]), (row.unit, widths[1]), (row.kind, widths[2]))
        r = len(rows) + 4
        for note in notes:  # across the table, wrapped: a note runs past no printed edge
            ws.merge_range(r, 0, r, len(widths) - 1, note, styles.wrap)
            fit_row(ws, r, (note, sum(widths)))
            r += 1
        if excluded:
            r += 1
            heads = ("未计入的行：文件", "工作表", "行", "原因")
            _header(ws, styles, r, heads, widths)
            for item in excluded:
                r += 1
                ws.write_string(r, 0, item.path, styles.label)
                ws.write_string(r, 1, item.sheet, styles.label)
                ws.write_number(r, 2, item.row, styles.label_center)
                ws.write_string(r, 3, item.reason, styles.label)
                fit_row(ws, r, (item.path, widths[0]), (item.sheet, widths[1]), (item.reason, widths[3]))
        ws.freeze_panes(3, 0)
        print_setup(ws, landscape=True, repeat_rows=(2, 2))

    return add


#: one case ID a line: a wrapped line would cut an ID such as 城关-2024-042 in two on paper
ID_SEPARATOR = "\n"
TRACE_LINES = 24  # printed lines in one cell of 明细 at most: 24 lines stay under Excel's 409 pt
CELL_TEXT_LIMIT = 32_000  # below xlsx.CELL_UNITS, the 32,767 UTF-16 code units of an Excel cell


def trace_grid(traces: Sequence[Traces], section: int) -> list[tuple[str, str, list[str]]]:
    """Rows of a trace sheet: (unit, row key, one text of joined case IDs per column).

    One row per unit and table row, the cases of each cell one a line (``ID_SEPARATOR``) — a 明细
    that stays small whatever the number of cases (a row per case would outgrow a sheet at
    1,048,575). A cell with more than ``TRACE_LINES`` lines continues on the next row, so that every
    row prints whole.
    """
    keys = form.SEC3_KEYS if section == 3 else form.SEC4_BLOCKS
    units: dict[str, list[Traces]] = {}
    for t in traces:
        units.setdefault(t.unit, []).append(t)
    rows: list[tuple[str, str, list[str]]] = []
    for unit, parts in units.items():
        for key in keys:
            found = [lists for t in parts if (lists := (t.sec3 if section == 3 else t.sec4).get(key))]
            if not found:
                continue
            if len(found) == 1:
                cells = found[0]
            else:
                cells = [[i for lists in found for i in lists[c]] for c in range(len(found[0]))]
            chunks = [_chunks(ids) for ids in cells]
            for n in range(max(len(c) for c in chunks)):
                rows.append((unit, key, [c[n] if n < len(c) else "" for c in chunks]))
    return rows


def _chunks(ids: list[str]) -> list[str]:
    """The texts of one cell's case IDs, one ID a line, cut into the cells of consecutive rows:
    at most ``TRACE_LINES`` printed lines (a row Excel can make high enough) and ``CELL_TEXT_LIMIT``
    units each."""
    if not ids:
        return []
    longest = max(map(len, ids))
    if longest * 2 <= _PER_LINE or (longest <= _PER_LINE and "".join(ids).isascii()):  # one line each
        return [ID_SEPARATOR.join(ids[i : i + TRACE_LINES]) for i in range(0, len(ids), TRACE_LINES)]
    out: list[str] = []
    current: list[str] = []
    size = lines = 0
    for case_id in ids:
        units = excel_length(case_id) + 1
        height = line_count(case_id, TRACE_ID_WIDTH)
        if current and (size + units > CELL_TEXT_LIMIT or lines + height > TRACE_LINES):
            out.append(ID_SEPARATOR.join(current))
            current, size, lines = [], 0, 0
        current.append(case_id)
        size += units
        lines += height
    if current:
        out.append(ID_SEPARATOR.join(current))
    return out


def trace_sheet(traces: Sequence[Traces]) -> Callable:
    """明细: every number of 表三 and 表四 traced to its case IDs (never names or request texts).

    The headers are xlsxwriter's; the rows (tens of thousands of cells for a county) are TextRows.
    """

    def add(wb: Any, styles: Styles) -> list[TextRows]:
        ws = wb.add_worksheet(SHEET_TRACE)
        widths = (*TRACE_WIDTHS, *(TRACE_ID_WIDTH,) * len(form.APPLICANT_TYPES))
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        for c, width in enumerate(widths):
            ws.set_column(c, c, width, wrap)
        blocks: list[TextRows] = []
        r = 0
        for section, sheet, columns in (
            (3, form.SHEET_TABLE3, form.APPLICANT_TYPES),
            (4, form.SHEET_TABLE4, form.SEC4_BLOCK_COLUMNS[:4]),
        ):
            _header(ws, styles, r, ("单位", "表", "行", *columns), widths)
            if section == 3:
                ws.freeze_panes(r + 1, 0)
            rows = [
                (unit, sheet, form.SEC3_ROW[key].label if section == 3 else key, *cells)
                for unit, key, cells in trace_grid(traces, section)
            ]
            if r + 1 + len(rows) > MAX_ROWS:
                raise OutputError(
                    f"“{SHEET_TRACE}”需要 {r + 1 + len(rows):,} 行，超过 Excel 工作表的 {MAX_ROWS:,} 行上限："
                    "请分批汇总（如按乡镇、部门分组），再汇总各组的统计表"
                )
            if rows:
                blocks.append(TextRows(SHEET_TRACE, r + 1, rows, wrap, _heights(rows, widths)))
            r += len(rows) + 2
        print_setup(ws, landscape=True, repeat_rows=(0, 0))
        return blocks

    return add


def _heights(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> list[float | None]:
    """The height of each row of wrapped texts (None: one line, the default). The unit, table and
    row label recur in every row of a unit: their lines are worked out once."""
    labels = len(TRACE_WIDTHS)
    known: dict[tuple[str, ...], int] = {}
    out: list[float | None] = []
    for row in rows:
        head = tuple(row[:labels])
        lines = known.get(head)
        if lines is None:
            lines = known[head] = max(line_count(t, w) for t, w in zip(head, widths, strict=False) if t)
        for text, width in zip(row[labels:], widths[labels:], strict=False):
            if text:
                lines = max(lines, line_count(text, width))
        out.append(row_height(lines) if lines > 1 else None)
    return out


def unit_columns() -> list[tuple[str, Callable[[Table], int]]]:
    """The key figures of the 分单位 sheet: (heading, how to read it from a table with totals)."""
    total = form.TOTAL_COL

    def row_total(key: str) -> Callable[[Table], int]:
        return lambda t: t.sec3[key][total] or 0

    def group_total(keys: tuple[str, ...]) -> Callable[[Table], int]:
        return lambda t: sum(t.sec3[k][total] or 0 for k in keys)

    columns: list[tuple[str, Callable[[Table], int]]] = [
        ("本年新收", row_total(form.RECEIVED_KEY)),
        ("上年结转", row_total(form.CARRIED_IN_KEY)),
    ]
    columns += [(group.short, group_total(group.leaves)) for group in form.RESULT_GROUPS]
    columns += [
        ("办理结果总计", row_total(form.RESULTS_TOTAL_KEY)),
        ("结转下年度", row_total(form.CARRIED_OUT_KEY)),
    ]
    for b, block in enumerate(form.SEC4_BLOCKS):
        index = form.SEC4_TOTAL_INDEXES[b]
        columns.append((f"{block}总计", _sec4_total(index)))
    made = form.SEC2_TABLES[0].columns[0]
    columns.append((f"{form.SEC2_NORMATIVE_KEY}{made}", _normative_made))
    return columns


def _sec4_total(index: int) -> Callable[[Table], int]:
    return lambda t: t.sec4[index] or 0


def _normative_made(table: Table) -> int:
    """行政规范性文件 制发 of a table (0 when unknown)."""
    value = table.sec2.get(form.SEC2_NORMATIVE_KEY)
    return (value[0] or 0) if isinstance(value, list) else 0


def units_sheet(units: Sequence[UnitFigures], total: Table) -> Callable:
    def add(wb: Any, styles: Styles) -> None:
        ws = wb.add_worksheet(SHEET_UNITS)
        columns = unit_columns()
        ws.set_column(0, 0, UNITS_WIDTHS[0])
        ws.set_column(1, len(columns), UNITS_WIDTHS[1])
        widths = (UNITS_WIDTHS[0], *(UNITS_WIDTHS[1],) * len(columns))
        _header(ws, styles, 0, (UNITS_HEAD, *(heading for heading, _ in columns)), widths)
        for r, figures in enumerate(units, start=1):
            ws.write_string(r, 0, figures.unit, styles.label)
            fit_row(ws, r, (figures.unit, UNITS_WIDTHS[0]))
            for c, (_, get) in enumerate(columns, start=1):
                ws.write_number(r, c, get(figures.table), styles.input_count)
        last = len(units)
        sum_row = last + 1
        ws.write_string(sum_row, 0, UNITS_SUM, styles.header)
        for c, (_, get) in enumerate(columns, start=1):
            formula = f"=SUM({cell(1, c)}:{cell(last, c)})"
            ws.write_formula(sum_row, c, formula, styles.total, get(total))
        ws.freeze_panes(1, 1)
        print_setup(ws, landscape=True, repeat_rows=(0, 0))

    return add


def roster_sheet(rows: Sequence[tuple[str, str, str]]) -> Callable:
    """rows: (expected unit, status, file)."""

    def add(wb: Any, styles: Styles) -> None:
        ws = wb.add_worksheet(SHEET_ROSTER)
        widths = ROSTER_WIDTHS
        _columns(ws, widths)
        _header(ws, styles, 0, ("单位", "情况", "文件"), widths)
        for r, (unit, status, path) in enumerate(rows, start=1):
            ws.write_string(r, 0, unit, styles.label)
            ws.write_string(r, 1, status, styles.label_center)
            ws.write_string(r, 2, path, styles.label)
            fit_row(ws, r, *zip((unit, status, path), widths, strict=True))
        ws.freeze_panes(1, 0)
        print_setup(ws, landscape=False, repeat_rows=(0, 0))

    return add


def read_fee(path: Path) -> Decimal | None:
    """The 信息处理费 charged (元) from the aggregate's 来源 sheet: ``FEE_LABEL`` in A1, the number in B1."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        if SHEET_SOURCES not in book.sheet_names:
            return None
        rows = book.get_sheet_by_name(SHEET_SOURCES).to_python(skip_empty_area=False, nrows=1)
    except Exception:  # the table itself was read: a broken provenance sheet only loses the fee
        return None
    if not rows or len(rows[0]) < 2 or form.normalize_label(rows[0][0]) != form.normalize_label(FEE_LABEL):
        return None
    value = rows[0][1]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        fee = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if not fee.is_finite() or fee < 0:
        return None
    return fee.quantize(Decimal("0.01")) if fee.as_tuple().exponent < -2 else fee  # type: ignore[operator]


def covered_units(path: Path) -> tuple[str, ...] | None:
    """The units a 统计表 made by ``aggregate`` holds, read back from its 来源 table (column 单位 below
    the headers) and its 分单位 sheet (column A above 合计); None when it carries neither (not ours)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = set(book.sheet_names)
        units: list[str] = []
        found = False
        if SHEET_SOURCES in names:
            rows = book.get_sheet_by_name(SHEET_SOURCES).to_python(skip_empty_area=False)
            head = rows[SOURCES_HEADER_ROW] if len(rows) > SOURCES_HEADER_ROW else []
            if tuple(str(v) for v in head[:2]) == SOURCES_HEADS[:2]:
                found = True
                for row in rows[SOURCES_HEADER_ROW + 1 :]:
                    if len(row) < 2 or not str(row[0]).strip():
                        break  # the notes follow after one blank row
                    units.append(str(row[1]).strip())
        if SHEET_UNITS in names:
            rows = book.get_sheet_by_name(SHEET_UNITS).to_python(skip_empty_area=False)
            if rows and rows[0] and str(rows[0][0]) == UNITS_HEAD:
                found = True
                for row in rows[1:]:
                    name = str(row[0]).strip() if row else ""
                    if not name or name == UNITS_SUM:
                        break
                    units.append(name)
    except Exception:  # the table itself was read: a broken provenance sheet only loses this check
        return None
    if not found:
        return None
    return tuple(dict.fromkeys(u for u in units if u))
