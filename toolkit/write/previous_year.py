"""The cross-year check in the 统计表's 校验 sheet (``aggregate --previous``): R11 per column, and the
unit's explanation (``--previous-note``) when a merger or a change of scope breaks it.

Written below the formula checks of R1–R4 (``stats_workbook.check_rows``), which stay as they are:
their 结论 cell counts only their own rows. Each R11 row shows this year's 上年结转 as a live
formula on 表三 and last year's 结转下年度 as a number (last year's workbook is not linked), the
result as a formula with its cached value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from toolkit import form
from toolkit.write.stats_workbook import CHECK_WIDTHS, ExtraSheet, check_rows, sec3_cell
from toolkit.write.xlsx import Styles, cell, fit_row

__all__ = ["EXPLAINED", "previous_year_checks"]

EXPLAINED = "已说明"  # the result of an R11 row that differs, with the unit's explanation


def previous_year_checks(
    carried_in: Sequence[int | None], carried_out: Sequence[int | None], previous: str, note: str
) -> ExtraSheet:
    """Adds the R11 rows (this year's 二 against last year's 四, read from ``previous``) and the
    ``note`` to the 校验 sheet."""

    def add(wb: Any, styles: Styles) -> None:
        ws = wb.get_worksheet_by_name(form.SHEET_CHECKS)
        r = max(check_rows()) + 2
        into = form.SEC3_ROW[form.CARRIED_IN_KEY].label
        out = form.SEC3_ROW[form.CARRIED_OUT_KEY].label
        heading = f"跨年度核对（上年统计表：{previous}；不计入上方结论）"
        ws.merge_range(r, 0, r, 4, heading, styles.header)
        fit_row(ws, r, (heading, sum(CHECK_WIDTHS)))
        for c, head in enumerate(("规则", "检查内容", "本年", "上年", "结果")):
            ws.write_string(r + 1, c, head, styles.header)
        for i, column in enumerate(form.SEC3_COLUMNS):
            row = r + 2 + i
            now, before = carried_in[i] or 0, carried_out[i] or 0
            t_row, t_col = sec3_cell(form.CARRIED_IN_KEY, i)
            otherwise = EXPLAINED if note else form.FAIL
            ws.write_string(row, 0, "R11", styles.label_center)
            title = f"本年“{into}”{column} = 上年“{out}”{column}"
            ws.write_string(row, 1, title, styles.label)
            fit_row(ws, row, (title, CHECK_WIDTHS[1]))
            ws.write_formula(
                row, 2, f"='{form.SHEET_TABLE3}'!{cell(t_row, t_col, absolute=True)}", styles.total, now
            )
            ws.write_number(row, 3, before, styles.total)
            ws.write_formula(
                row,
                4,
                f'=IF({cell(row, 2)}={cell(row, 3)},"{form.PASS}","{otherwise}")',
                styles.label_center,
                form.PASS if now == before else otherwise,
            )
        if note:
            row = r + 2 + len(form.SEC3_COLUMNS)
            ws.write_string(row, 0, "说明", styles.label_center)
            ws.merge_range(row, 1, row, 4, note, styles.wrap)
            fit_row(ws, row, (note, sum(CHECK_WIDTHS[1:])))

    return add
