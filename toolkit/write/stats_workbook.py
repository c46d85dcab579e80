"""The 统计表 workbook: the three official tables, a 校验 sheet, 单位信息 and a version stamp.

Leaves are input cells; every total is a live formula whose cached value is the number Python
computed, so Protected View, mail previews and phones show the right figure. The 校验 sheet
writes each identity of R1–R4 (toolkit.rules.identities) as a formula showing 通过/不通过.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.errors import InternalError
from toolkit.read.cells import snippet
from toolkit.read.stats_numbers import all_cells, cell_value, is_number, leaf_cells
from toolkit.rules.identities import Identity, Ref, identities
from toolkit.table import Table, UnitInfo
from toolkit.write.textrows import TextRows, finish
from toolkit.write.xlsx import (
    Styles,
    cell,
    count_validation,
    fit_row,
    list_refs,
    new_workbook,
    print_setup,
    protect,
    write_lists,
    write_sec2_sheet,
    write_stamp,
    write_title,
    write_unit_sheet,
)

# ---- the layout of 表三 and 表四 (0-based rows and columns) -------------------------------
SEC3_FIRST_ROW = 4  # row 5: 一、本年新收…
SEC3_FIRST_COL = 3  # column D: 自然人
SEC3_LABEL_COLS = 3  # A: 三、本年度办理结果 · B: group · C: leaf label
SEC4_ROW = 4  # row 5: the 15 numbers
LABEL_WIDTH = 44  # the leaf-label column of 表三
README_WIDTH = 76  # the one column of the 填表说明 (below xlsx.PRINTABLE_WIDTH["portrait"])
CHECK_WIDTHS = (7, 62, 10, 10, 10)  # 校验: 规则, 检查内容, 左边, 右边, 结果


def sec3_cell(key: str, col: int) -> tuple[int, int]:
    return SEC3_FIRST_ROW + form.SEC3_KEYS.index(key), SEC3_FIRST_COL + col


def sec4_cell(index: int) -> tuple[int, int]:
    return SEC4_ROW, index


def ref_address(ref: Ref) -> str:
    """``'表三'!$J$17`` for a Ref."""
    if ref.section == 3:
        assert ref.key is not None
        r, c = sec3_cell(ref.key, ref.col)
        return f"'{form.SHEET_TABLE3}'!{cell(r, c, absolute=True)}"
    r, c = sec4_cell(ref.col)
    return f"'{form.SHEET_TABLE4}'!{cell(r, c, absolute=True)}"


#: adds a sheet to the workbook; may return rows for ``finish`` to write in bulk (TextRows)
ExtraSheet = Callable[[Any, Styles], Sequence[TextRows] | None]


def write_stats_workbook(
    table: Table, path: Path, info: UnitInfo | None = None, extra: Sequence[ExtraSheet] = ()
) -> Path:
    """Write ``table`` (totals recomputed from its leaves) as a 统计表 at ``path``, atomically.

    ``extra`` adds sheets after 校验 (the aggregate's 来源, 明细, 分单位 …): each is called with the
    workbook and its styles.
    """
    table = table.with_totals()
    _require_numbers(table, path)
    info = info or UnitInfo(name=table.unit, year=table.year)
    wb, buffer = new_workbook()
    styles = Styles.create(wb)
    lists = {f.label: f.choices for f in form.UNIT_FIELDS if f.choices}
    _write_readme(wb, styles)
    write_unit_sheet(wb, styles, info.values(), list_refs(lists), kind="stats")
    write_sec2_sheet(wb, styles, form.SHEET_TABLE2, table.sec2)
    _write_sec3(wb, styles, table)
    _write_sec4(wb, styles, table)
    _write_checks(wb, styles, table)
    bulk: list[TextRows] = []
    for add_sheet in extra:
        bulk += add_sheet(wb, styles) or ()
    write_lists(wb, lists, styles)
    write_stamp(wb, "stats")
    wb.worksheets()[1].activate()
    return finish(wb, buffer, path, bulk)


def _write_readme(wb: Any, styles: Styles) -> None:
    ws = wb.add_worksheet(form.SHEET_GUIDE)
    # one column, narrower than the page: LibreOffice does not shrink a page of one column, so a
    # wider one (it was 100) printed with the start of every line cut off (xlsx.PRINTABLE_WIDTH)
    width = README_WIDTH
    ws.set_column(0, 0, width, styles.wrap)
    lines = (
        f"政府信息公开工作年度报告统计表（{form.FORM_NAME} 格式）",
        "",
        f"1. 在“{form.SHEET_UNIT}”中填写单位名称、统计年度、单位层级和统计范围。",
        f"2. “{form.SHEET_TABLE2}”“{form.SHEET_TABLE3}”“{form.SHEET_TABLE4}”中白色单元格为填写项，"
        "没有数据请填 0，不要留空，"
        "不要填写“—”“/”或文字。",
        "3. 灰色单元格（各总计）是公式，自动计算，不要改写。",
        f"4. “{form.SHEET_CHECKS}”逐项核对勾稽关系，全部显示“{form.PASS}”后再报送。",
        "5. 本表只含统计数字，不含申请人姓名、联系方式和申请内容，可以报送上级。",
        "6. 由依申请公开登记台账生成本表：xxgk aggregate 台账.xlsx -o 统计表.xlsx",
    )
    for i, line in enumerate(lines):
        if i == 0:
            write_title(ws, 0, 0, line, styles, width)
        else:
            ws.write_string(i, 0, line, styles.wrap)
            fit_row(ws, i, (line, width))
    protect(ws)
    print_setup(ws, landscape=False)


def _write_sec3(wb: Any, styles: Styles, table: Table) -> None:
    ws = wb.add_worksheet(form.SHEET_TABLE3)
    first, last_col = SEC3_FIRST_COL, SEC3_FIRST_COL + len(form.SEC3_COLUMNS) - 1
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, LABEL_WIDTH)
    ws.set_column(first, last_col, 10)
    write_title(ws, 0, last_col, form.SECTION_HEADINGS[2], styles, 5 + 9 + LABEL_WIDTH + 10 * 7)
    # header: the 勾稽 note over the label columns, 申请人情况 over the seven number columns
    ws.merge_range(1, 0, 3, SEC3_LABEL_COLS - 1, form.SEC3_NOTE, styles.header)
    ws.merge_range(1, first, 1, last_col, form.SEC3_APPLICANT_HEAD, styles.header)
    ws.merge_range(2, first, 3, first, form.SEC3_COLUMNS[0], styles.header)
    ws.merge_range(2, first + 1, 2, last_col - 1, form.SEC3_LEGAL_PERSON_GROUP, styles.header)
    for c, name in enumerate(form.LEGAL_PERSON_TYPES, start=first + 1):
        ws.write_string(3, c, name, styles.header)
    ws.merge_range(2, last_col, 3, last_col, form.SEC3_TOTAL_COLUMN, styles.header)
    ws.set_row(1, 36)
    ws.set_row(3, 30)

    # label cells: merged exactly as the official table
    results = [sec3_cell(k, 0)[0] for k in (*form.RESULT_KEYS, form.RESULTS_TOTAL_KEY)]
    ws.merge_range(results[0], 0, results[-1], 0, form.SEC3_RESULTS_HEAD, styles.header_vertical)
    groups_done: set[str] = set()
    for row in form.SEC3_ROWS:
        r, _ = sec3_cell(row.key, 0)
        if row.kind in ("received", "carried_in", "carried_out"):
            ws.merge_range(r, 0, r, SEC3_LABEL_COLS - 1, row.label, styles.label)
        elif row.kind == "total" or (row.group and not form.RESULT_GROUP[row.group].has_group_cell):
            ws.merge_range(r, 1, r, SEC3_LABEL_COLS - 1, row.label, styles.label)
        else:
            assert row.group is not None
            group = form.RESULT_GROUP[row.group]
            if group.key not in groups_done:
                groups_done.add(group.key)
                top = sec3_cell(group.leaves[0], 0)[0]
                bottom = sec3_cell(group.leaves[-1], 0)[0]
                ws.merge_range(top, 1, bottom, 1, group.label, styles.label_center)
            ws.write_string(r, 2, row.label, styles.label)
        label_width = (
            LABEL_WIDTH
            if row.kind == "result" and row.group and form.RESULT_GROUP[row.group].has_group_cell
            else (9 + LABEL_WIDTH)
        )
        fit_row(ws, r, (row.label, label_width))

    # numbers: leaves as inputs, totals as formulas with their computed values
    for row in form.SEC3_ROWS:
        r, _ = sec3_cell(row.key, 0)
        values = table.sec3[row.key]
        for c in range(len(form.SEC3_COLUMNS)):
            col = first + c
            if c == form.TOTAL_COL:
                formula = f"=SUM({cell(r, first)}:{cell(r, col - 1)})"
                ws.write_formula(r, col, formula, styles.total, _known(values[c]))
            elif row.kind == "total":
                top, bottom = sec3_cell(form.RESULT_KEYS[0], c)[0], sec3_cell(form.RESULT_KEYS[-1], c)[0]
                formula = f"=SUM({cell(top, col)}:{cell(bottom, col)})"
                ws.write_formula(r, col, formula, styles.total, _known(values[c]))
            else:
                _input(ws, r, col, values[c], styles)
                ws.data_validation(r, col, r, col, count_validation(f"{row.label} {form.SEC3_COLUMNS[c]}"))
    ws.freeze_panes(4, SEC3_LABEL_COLS)
    protect(ws)
    print_setup(ws, landscape=False, repeat_rows=(1, 3))


def _write_sec4(wb: Any, styles: Styles, table: Table) -> None:
    ws = wb.add_worksheet(form.SHEET_TABLE4)
    width = form.SEC4_WIDTH
    block = len(form.SEC4_BLOCK_COLUMNS)
    ws.set_column(0, width - 1, 9)
    write_title(ws, 0, width - 1, form.SECTION_HEADINGS[3], styles, 9 * width)
    ws.merge_range(1, 0, 1, block - 1, form.SEC4_REVIEW, styles.header)
    ws.merge_range(1, block, 1, width - 1, form.SEC4_LITIGATION, styles.header)
    for c, name in enumerate(form.SEC4_BLOCK_COLUMNS):
        ws.merge_range(2, c, 3, c, name, styles.header)
    for b, name in enumerate(form.SEC4_BLOCKS[1:], start=1):
        ws.merge_range(2, b * block, 2, b * block + block - 1, name, styles.header)
        for c, col_name in enumerate(form.SEC4_BLOCK_COLUMNS):
            ws.write_string(3, b * block + c, col_name, styles.header)
    ws.set_row(2, 30)
    for i in range(width):
        r, c = sec4_cell(i)
        if i in form.SEC4_TOTAL_INDEXES:
            ws.write_formula(
                r, c, f"=SUM({cell(r, c - 4)}:{cell(r, c - 1)})", styles.total, _known(table.sec4[i])
            )
        else:
            _input(ws, r, c, table.sec4[i], styles)
            ws.data_validation(r, c, r, c, count_validation(form.sec4_column_name(i)))
    protect(ws)
    print_setup(ws, landscape=True)


def _write_checks(wb: Any, styles: Styles, table: Table) -> None:
    ws = wb.add_worksheet(form.SHEET_CHECKS)
    for c, column_width in enumerate(CHECK_WIDTHS):
        ws.set_column(c, c, column_width)
    write_title(ws, 0, 4, "勾稽关系校验", styles, sum(CHECK_WIDTHS))
    items = identities()
    first_item = 4
    last_item = first_item + len(items) - 1
    results = [item.evaluate(table) for item in items]
    all_pass = all(ok for _, _, ok in results)
    ws.write_string(1, 0, "结论", styles.header)
    fail_count = f'COUNTIF({cell(first_item, 4)}:{cell(last_item, 4)},"{form.FAIL}")'
    ws.merge_range(1, 1, 1, 4, "", styles.label)
    ws.write_formula(
        1,
        1,
        f'=IF({fail_count}=0,"全部{form.PASS}","有"&{fail_count}&"项{form.FAIL}")',
        styles.label,
        f"全部{form.PASS}" if all_pass else f"有{sum(not ok for _, _, ok in results)}项{form.FAIL}",
    )
    for c, head in enumerate(("规则", "检查内容", "左边", "右边", "结果")):
        ws.write_string(first_item - 1, c, head, styles.header)
    for i, (item, (left, right, ok)) in enumerate(zip(items, results, strict=True)):
        r = first_item + i
        ws.write_string(r, 0, item.rule, styles.label_center)
        ws.write_string(r, 1, item.title, styles.label)
        fit_row(ws, r, (item.title, CHECK_WIDTHS[1]))
        ws.write_formula(r, 2, _sum_formula(item.left), styles.total, _known(left))
        ws.write_formula(r, 3, _sum_formula(item.right), styles.total, _known(right))
        ws.write_formula(
            r,
            4,
            f'=IF({cell(r, 2)}={cell(r, 3)},"{form.PASS}","{form.FAIL}")',
            styles.label_center,
            form.PASS if ok else form.FAIL,
        )
    red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    green = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
    for fmt, word in ((red, form.FAIL), (green, form.PASS)):
        ws.conditional_format(
            first_item,
            4,
            last_item,
            4,
            {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": fmt},
        )
    ws.freeze_panes(first_item, 0)
    protect(ws)
    print_setup(ws, landscape=False, repeat_rows=(first_item - 1, first_item - 1))


def check_rows() -> dict[int, Identity]:
    """0-based row of the 校验 sheet → the identity written there (for readers and tests)."""
    return {4 + i: item for i, item in enumerate(identities())}


def _sum_formula(refs: tuple[Ref, ...]) -> str:
    """``='表三'!$J$17``, ``=SUM('表三'!$D$7:$D$27)`` for a contiguous run, else a ``+`` chain."""
    if len(refs) == 1:
        return f"={ref_address(refs[0])}"
    cells = [sec3_cell(r.key, r.col) if r.section == 3 else sec4_cell(r.col) for r in refs]  # type: ignore[arg-type]
    rows = [rc[0] for rc in cells]
    cols = [rc[1] for rc in cells]
    same_sheet = len({r.section for r in refs}) == 1
    down = len(set(cols)) == 1 and rows == list(range(rows[0], rows[0] + len(rows)))
    across = len(set(rows)) == 1 and cols == list(range(cols[0], cols[0] + len(cols)))
    if same_sheet and (down or across):
        first, last = ref_address(refs[0]), ref_address(refs[-1]).split("!")[1]
        return f"=SUM({first}:{last})"
    return "=" + "+".join(ref_address(r) for r in refs)


def _require_numbers(table: Table, path: Path) -> None:
    """Every cell a number, before anything is written: a formula cached with a value that is not
    a number (``<v>None</v>``) makes a file Excel repairs and openpyxl refuses, and a blank typed
    cell in an output 统计表 is a number lost. The callers never pass one (aggregate blocks an input
    with unknown cells, R6): this is the last line of defence."""
    bad = []
    leaves = [ck for ck in leaf_cells() if not is_number(cell_value(table, ck))]
    # the typed cells that are not numbers, else (a defect in the totals) the totals that are not
    for section, key, i in leaves or all_cells():
        value = cell_value(table, (section, key, i))
        if not is_number(value):
            if section == "sec3":
                assert key is not None
                where = f"{form.SHEET_TABLE3}!{cell(*sec3_cell(key, i))}"
            elif section == "sec4":
                where = f"{form.SHEET_TABLE4}!{cell(*sec4_cell(i))}"
            else:
                where = f"{form.SHEET_TABLE2} {key}"
            bad.append(f"{where}（{_described(value)}）")
    if bad:
        shown = "、".join(bad[:5]) + (f" 等 {len(bad)} 处" if len(bad) > 5 else "")
        raise InternalError(f"统计表中有不是数字的值：{shown}", path=str(path))


def _described(value: Any) -> str:
    return "空值" if value is None else f"“{snippet(str(value), 20)}”"


def _known(value: Any) -> Any:
    """``value``, a number (``_require_numbers`` saw every cell): never a cached None, never a 0
    that stands for an unknown."""
    if not is_number(value):
        raise InternalError(f"校验结果不是数字（{_described(value)}）")
    return value


def _input(ws: Any, r: int, c: int, value: Any, styles: Styles) -> None:
    if value is None:
        ws.write_blank(r, c, None, styles.input_count)
    else:
        ws.write_number(r, c, value, styles.input_count)
