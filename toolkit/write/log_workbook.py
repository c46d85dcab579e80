"""The 台账 (case-log) workbook: one row per application, with dropdowns, date validation,
protected headers, print settings, the 主动公开 figures, the 复议诉讼 cases and a version stamp."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.read.log_values import CHOICES, grouped_result
from toolkit.table import Table, UnitInfo
from toolkit.write.xlsx import (
    Styles,
    date_validation,
    fee_validation,
    finish,
    fit_row,
    list_refs,
    list_validation,
    new_workbook,
    print_setup,
    protect,
    write_lists,
    write_sec2_sheet,
    write_stamp,
    write_title,
    write_unit_sheet,
)

PREPARED_ROWS = 5000  # rows carrying dropdowns and validations in 申请台账 and 复议诉讼
GUIDE_WIDTHS = (14, 40, 42)  # the 填表说明's columns: section or group, item, explanation (portrait A4)


def log_lists() -> dict[str, tuple[str, ...]]:
    """The dropdown lists of a 台账 (name → items), in the order of its hidden list sheet."""
    lists: dict[str, tuple[str, ...]] = {}
    for column in (*form.LOG_COLUMNS, *form.REVIEW_COLUMNS):
        if column.choices:
            lists.setdefault(column.name, CHOICES[column.name])
    for field in form.UNIT_FIELDS:
        if field.choices and field.in_log:
            lists[field.label] = field.choices
    return lists


@dataclass
class CarriedRows:
    """Last year's pending cases for a new 台账 (``write.carry_over``): one list of values per row,
    in the order of ``form.LOG_COLUMNS`` / ``form.REVIEW_COLUMNS`` (None for a blank cell)."""

    source: str  # last year's 台账, by file name (for the 填表说明)
    year: int  # last year
    cases: list[list[Any]] = dataclasses.field(default_factory=list)
    reviews: list[list[Any]] = dataclasses.field(default_factory=list)


def write_log_workbook(path: Path, info: UnitInfo | None = None, carried: CarriedRows | None = None) -> Path:
    """Write a 台账 for ``info`` (unit name and year may be blank) at ``path``, atomically: blank, or
    started with last year's pending cases (``carried``)."""
    info = info or UnitInfo()
    wb, buffer = new_workbook()
    styles = Styles.create(wb)
    lists = log_lists()
    refs = list_refs(lists)

    write_guide_sheet(wb, styles, carried)
    write_unit_sheet(wb, styles, info.values(), refs, kind="log")
    write_case_sheet(wb, styles, form.SHEET_LOG, form.LOG_COLUMNS, refs, carried.cases if carried else ())
    write_sec2_sheet(wb, styles, form.SHEET_SEC2, Table().sec2)
    reviews = carried.reviews if carried else ()
    write_case_sheet(wb, styles, form.SHEET_REVIEW, form.REVIEW_COLUMNS, refs, reviews)
    write_lists(wb, lists, styles)
    write_stamp(wb, "log")
    return finish(wb, buffer, path)


def write_case_sheet(
    wb: Any,
    styles: Styles,
    name: str,
    columns: tuple[form.LogColumn, ...],
    refs: dict[str, str],
    rows: Sequence[Sequence[Any]] = (),
) -> None:
    """A case sheet: the header, dropdowns and validations on ``PREPARED_ROWS`` rows, and ``rows``
    (values in the order of ``columns``) written below the header in each column's format."""
    ws = wb.add_worksheet(name)
    required = wb.add_format(
        {
            "border": 1,
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#FCE4D6",
        }
    )
    last_row = max(PREPARED_ROWS, len(rows))
    # texts and choices wrap in their column (Excel and WPS fit the row as it is typed), so a long
    # 申请内容 or 办理结果 prints whole instead of running under the next column
    wrapped_text = wb.add_format(
        {"border": 1, "locked": False, "num_format": "@", "text_wrap": True, "valign": "vcenter"}
    )
    wrapped = wb.add_format({"locked": False, "text_wrap": True, "valign": "vcenter"})
    for c, column in enumerate(columns):
        fmt = {
            "date": styles.input_date,
            "money": wb.add_format({"locked": False, "num_format": "0.00", "valign": "vcenter"}),
            "text": wrapped_text,
        }.get(column.kind, wrapped)
        ws.set_column(c, c, column.width, fmt)
        ws.write_string(0, c, column.name, required if column.required else styles.header)
        if column.note:
            ws.write_comment(0, c, column.note, {"x_scale": 1.5, "author": "xxgk"})
        if column.kind == "choice":
            ws.data_validation(1, c, last_row, c, list_validation(refs[column.name], column.name))
        elif column.kind == "date":
            ws.data_validation(1, c, last_row, c, date_validation(column.name))
        elif column.kind == "money":
            ws.data_validation(1, c, last_row, c, fee_validation(column.name) | _yuan_message(column.name))
        for r, values in enumerate(rows, start=1):
            _write_value(ws, r, c, values[c], fmt)
    for r, values in enumerate(rows, start=1):  # carried rows: Excel fits only the rows typed in it
        texts = [(v, col.width) for v, col in zip(values, columns, strict=True) if isinstance(v, str)]
        fit_row(ws, r, *texts)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, last_row, len(columns) - 1)
    protect(ws)
    print_setup(ws, landscape=True, repeat_rows=(0, 0))


def _write_value(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _carried_lines(carried: CarriedRows | None) -> list[tuple[str, ...]]:
    """The 填表说明 of a 台账 started from last year's (``xxgk template log --carry-over``)."""
    if carried is None:
        return []
    y = carried.year
    n = len(carried.cases)
    where = f"第 2–{n + 1} 行" if n > 1 else "第 2 行"
    lines: list[tuple[str, ...]] = [
        (
            "",
            f"本台账由上年台账“{carried.source}”结转生成：“{form.SHEET_LOG}”"
            + (f"{where}是 {y} 年 12 月 31 日仍未办结的 {n} 件申请" if n else f"没有 {y} 年未办结的申请")
            + "，申请编号、收到日期、申请人类型及本单位填写的其他各列照录上年台账。",
        ),
        (
            "",
            f"这些申请的收到日期在 {y} 年，统计时计入“{form.SEC3_ROW[form.CARRIED_IN_KEY].label}”，"
            f"因此本年的上年结转等于 {y} 年年报的“{form.SEC3_ROW[form.CARRIED_OUT_KEY].label}”。"
            "办结后在原行填写办结日期和办理结果；不要删除这些行，也不要重复登记。",
        ),
    ]
    if carried.reviews:
        m = len(carried.reviews)
        rows = f"第 2–{m + 1} 行" if m > 1 else "第 2 行"
        lines.append(
            ("", f"“{form.SHEET_REVIEW}”{rows}是 {y} 年 12 月 31 日尚未审结的 {m} 件案件，审结后在原行填写。")
        )
    return lines


def _yuan_message(title: str) -> dict[str, str]:
    return {"error_message": f"“{title}”只能填写大于等于 0 的数字（单位：元），不要填写文字。"}


def write_guide_sheet(wb: Any, styles: Styles, carried: CarriedRows | None = None) -> None:
    ws = wb.add_worksheet(form.SHEET_GUIDE)
    widths = GUIDE_WIDTHS
    for c, width in enumerate(widths):
        ws.set_column(c, c, width, styles.wrap)
    bold = wb.add_format({"bold": True, "font_size": 12, "valign": "top"})
    rows: list[tuple[str, ...]] = [
        (f"依申请公开登记台账 填表说明（统计口径：{form.FORM_NAME}）",),
        (),
        ("一、怎么填",),
        ("", f"1. 先在“{form.SHEET_UNIT}”中填写单位名称、统计年度（4 位数字）和单位层级。"),
        ("", f"2. 每收到一件政府信息公开申请，在“{form.SHEET_LOG}”中登记一行；一件申请只登记一行。"),
        ("", "3. 橙色表头为必填项；带下拉箭头的单元格请从列表中选择，不要自己输入其他文字。"),
        ("", "4. 日期请填写为日期格式，如 2024-03-05；不要写成“3月5日”“2024.3”等。"),
        ("", "5. 办结日期和办理结果要么都填，要么都留空（留空表示尚未办结）。"),
        (
            "",
            f"6. 主动公开的数字填在“{form.SHEET_SEC2}”；"
            f"行政复议、行政诉讼案件逐件登记在“{form.SHEET_REVIEW}”。",
        ),
        ("", "7. 申请人姓名、申请内容、备注只在本单位留存，生成的统计表和年报不会包含这些内容。"),
        ("", "8. 填完后运行 xxgk check 检查；xxgk aggregate 自动生成官方统计表。"),
        (),
        ("二、跨年度的申请怎么登记",),
        (
            "",
            "上年收到、本年初仍未办结的申请：照常登记一行，收到日期填上年的实际日期，"
            "办结日期和办理结果填本年的办理情况，统计时自动计入“上年结转”。",
        ),
        ("", "本年 12 月 31 日仍未办结的申请：办结日期和办理结果留空，统计时自动计入“结转下年度继续办理”。"),
        ("", "上年已经办结的申请不要再登记；登记了也不会被统计，检查时会列出。"),
        *_carried_lines(carried),
        (),
        ("三、申请人类型",),
    ]
    rows += [("", t, form.APPLICANT_TYPE_NOTES[t]) for t in form.APPLICANT_TYPES]
    example = grouped_result(form.RESULT_GROUPS[2].leaves[0])
    rows += [
        (),
        ("四、办理结果（每件申请只选一项）",),
        (
            "",
            f"下拉选项在官方表格的名称前加上所属分类，如“{example}”，一看就知道是哪一类；"
            f"只填官方名称（如“{form.SEC3_ROW[form.RESULT_GROUPS[2].leaves[0]].label}”）的旧台账同样能统计。",
        ),
        ("分类", "办理结果（下拉选项）", "什么情况下选用"),
    ]
    for group in form.RESULT_GROUPS:
        for key in group.leaves:
            rows.append((group.short, grouped_result(key), form.SEC3_ROW[key].explain))
    rows += [(), ("五、各列说明",)]
    for column in form.LOG_COLUMNS:
        flag = "（必填）" if column.required else ""
        rows.append(("", f"{column.name}{flag}", column.note or ("从下拉列表选择" if column.choices else "")))
    for r, values in enumerate(rows):
        if r == 0:
            write_title(ws, 0, 2, values[0], styles, sum(widths))
        elif len(values) == 1:
            ws.write_string(r, 0, values[0], bold)
        elif len(values) == 2:  # an instruction: one text across columns B and C
            ws.merge_range(r, 1, r, 2, values[1], styles.wrap)
            fit_row(ws, r, (values[1], widths[1] + widths[2]))
        elif len(values) == 3:
            for c, text in enumerate(values):
                if text:
                    ws.write_string(r, c, text, styles.wrap)
            fit_row(ws, r, *zip(values, widths, strict=True))
    protect(ws)
    print_setup(ws, landscape=False)
