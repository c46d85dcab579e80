"""Shared pieces for writing our workbooks with xlsxwriter: deterministic, safe, atomic.

- user text can never become a formula or a link (strings_to_formulas/urls off);
- a fixed document date, so the same inputs give the same bytes;
- formats made once per workbook; sheets shared by the 台账 and the 统计表 (单位信息,
  主动公开/表二, the hidden lists and the version stamp) are written here once.

Bulk plain text (the 明细 of a roll-up) is written by toolkit.write.textrows, which relies on
xlsxwriter's internals.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.files import FIXED_DATE, atomic_write
from toolkit.form import STAMP_FORM, STAMP_TEMPLATE, STAMP_VERSION, TEMPLATE_KINDS
from toolkit.gate.parts import sheet_parts as sheet_parts  # the one reader, for textrows and the tests
from toolkit.read.cells import cell_address, column_letter

FONT = "宋体"
TITLE_POINTS, TITLE_LINE_POINTS = 14, 21.0  # a sheet's title: its font size, the height of one line


def new_workbook() -> tuple[Any, io.BytesIO]:
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": 11},
        },
    )
    wb.set_properties({"created": FIXED_DATE, "author": "xxgk", "comments": form.FORM_NAME})
    wb.set_calc_mode("auto")
    return wb, buffer


def finish(wb: Any, buffer: io.BytesIO, path: Path) -> Path:
    """Close ``wb`` and save it at ``path`` atomically (toolkit.write.textrows.finish adds bulk rows)."""
    wb.close()
    atomic_write(path, buffer.getvalue())
    return path


CELL_UNITS = 32_767  # UTF-16 code units in a cell; xlsxwriter cuts a longer text there


def excel_length(text: str) -> int:
    """A text's length as Excel counts it: UTF-16 code units (a character beyond U+FFFF is two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


@dataclass
class Styles:
    """The formats of one workbook (xlsxwriter formats belong to a workbook)."""

    title: Any
    header: Any
    header_vertical: Any
    label: Any
    label_center: Any
    input_count: Any
    input_fee: Any
    input_text: Any
    input_date: Any
    total: Any
    text: Any
    note: Any
    wrap: Any

    @classmethod
    def create(cls, wb: Any) -> Styles:
        border = {"border": 1, "valign": "vcenter"}
        header = {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        return cls(
            title=wb.add_format(
                {
                    "bold": True,
                    "font_size": TITLE_POINTS,
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                }
            ),
            header=wb.add_format(header),
            header_vertical=wb.add_format({**header, "rotation": 270}),
            label=wb.add_format({**border, "text_wrap": True}),
            label_center=wb.add_format({**border, "text_wrap": True, "align": "center"}),
            input_count=wb.add_format({**border, "align": "center", "num_format": "0", "locked": False}),
            input_fee=wb.add_format({**border, "align": "center", "num_format": "0.00##", "locked": False}),
            input_text=wb.add_format({**border, "locked": False, "num_format": "@"}),
            input_date=wb.add_format({**border, "locked": False, "num_format": "yyyy-mm-dd"}),
            total=wb.add_format({**border, "align": "center", "num_format": "0", "bg_color": "#F2F2F2"}),
            text=wb.add_format({"valign": "top"}),
            note=wb.add_format({"font_color": "#595959", "text_wrap": True, "valign": "top"}),
            wrap=wb.add_format({"text_wrap": True, "valign": "top"}),
        )


def protect(ws: Any) -> None:
    """Protect a sheet without a password: locked cells (labels, formulas) cannot be typed over
    by accident; input cells are unlocked; everything else stays allowed."""
    ws.protect(
        "",
        {
            "format_cells": True,
            "format_columns": True,
            "format_rows": True,
            "insert_rows": True,
            "delete_rows": True,
            "sort": True,
            "autofilter": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


#: the height of one line of wrapped 11-pt text: 宋体 needs 14.25 pt in Excel, the CJK fonts LibreOffice
#: draws for it about 15.7 (measured on the 明细 of a roll-up): the higher, plus a margin
LINE_POINTS = 16.5
#: the widest single column (in Excel's character units) a page prints whole, with the margins of
#: print_setup. LibreOffice does not shrink a page that holds one column, and draws 宋体 with a
#: substitute whose digits are wider than Excel's unit: a column of 100 (then 88) printed with the
#: start of every line cut off (measured: 80 prints whole on A4 portrait). Keep every column narrower;
#: a wider table is shrunk to the page by fit_to_pages only when it has several columns.
PRINTABLE_WIDTH = {"portrait": 78.0, "landscape": 114.0}


def text_units(text: str) -> int:
    """How wide ``text`` prints in column units: a CJK character (3 bytes of UTF-8) is 2, ASCII 1
    (at C speed: the 明细 of a county has tens of thousands of cells)."""
    if text.isascii():
        return len(text)
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def line_count(text: str, width: float) -> int:
    """The lines ``text`` wraps to in a column ``width`` units wide (line breaks kept); a margin for
    the padding and for lines broken at a word rather than at the last character that fits."""
    per_line = max(2, int(width * 0.92) - 1)
    if "\n" not in text:
        return max(1, -(-text_units(text) // per_line))
    parts = text.split("\n")
    if text.isascii() and max(map(len, parts)) <= per_line:  # (明细: a case ID a line)
        return len(parts)
    return sum(max(1, -(-text_units(part) // per_line)) for part in parts)


def fit_row(ws: Any, row: int, *cells: tuple[str, float], points: float = LINE_POINTS) -> None:
    """Give ``row`` the height its wrapped texts need: LibreOffice and WPS do not autofit a row
    xlsxwriter wrote. ``cells``: (text, the width of its column or merged range)."""
    lines = max((line_count(text, width) for text, width in cells if text), default=1)
    if lines > 1:
        ws.set_row(row, row_height(lines, points))


MAX_ROW_POINTS = 409.0  # Excel's highest row


def row_height(lines: int, points: float = LINE_POINTS) -> float:
    return min(MAX_ROW_POINTS, points * lines + 3)


def write_title(ws: Any, row: int, last_col: int, text: str, styles: Styles, width: float) -> None:
    """A sheet's title merged over columns 0–``last_col`` (``width`` units together), wrapped when
    it is longer than the page is wide."""
    if last_col:
        ws.merge_range(row, 0, row, last_col, text, styles.title)
    else:
        ws.write_string(row, 0, text, styles.title)
    lines = line_count(text, width * 11 / TITLE_POINTS)
    ws.set_row(row, max(28.0, TITLE_LINE_POINTS * lines + 4))


def print_setup(ws: Any, *, landscape: bool, repeat_rows: tuple[int, int] | None = None) -> None:
    """A4, one page wide (as many down as needed), headers repeated on every page, page numbers."""
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")
    if repeat_rows:
        ws.repeat_rows(*repeat_rows)


def write_stamp(wb: Any, kind: str) -> None:
    template_id, version = TEMPLATE_KINDS[kind]
    ws = wb.add_worksheet(form.SHEET_STAMP)
    ws.write_string(0, 0, STAMP_TEMPLATE)
    ws.write_string(0, 1, template_id)
    ws.write_string(1, 0, STAMP_VERSION)
    ws.write_number(1, 1, version)
    ws.write_string(2, 0, STAMP_FORM)
    ws.write_string(2, 1, form.FORM_NAME)
    ws.very_hidden()


def list_refs(lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """name → the absolute range that ``write_lists`` gives that list (for validations)."""
    refs: dict[str, str] = {}
    for col, (name, values) in enumerate(lists.items()):
        letter = column_letter(col)
        refs[name] = f"='{form.SHEET_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
    return refs


def write_lists(wb: Any, lists: dict[str, tuple[str, ...]], styles: Styles) -> None:
    """The hidden sheet with one dropdown list per column, in the order of ``list_refs``."""
    ws = wb.add_worksheet(form.SHEET_LISTS)
    for col, (name, values) in enumerate(lists.items()):
        ws.write_string(0, col, name, styles.header)
        for row, item in enumerate(values, start=1):
            ws.write_string(row, col, item)
        ws.set_column(col, col, max(12, *(len(v) * 2 for v in values)))
    ws.hide()


def list_validation(source: str, title: str) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": source,
        "error_type": "stop",
        "error_title": "请从下拉列表中选择",
        "error_message": f"“{title}”只能填写下拉列表中的选项。",
    }


def count_validation(title: str) -> dict[str, Any]:
    return {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "error_type": "stop",
        "error_title": "请填写整数",
        "error_message": f"“{title}”只能填写 0 或正整数（阿拉伯数字），没有请填 0。",
    }


def fee_validation(title: str) -> dict[str, Any]:
    return {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "error_type": "stop",
        "error_title": "请填写数字",
        "error_message": f"“{title}”只能填写大于等于 0 的数字，单位为万元，不要填写“元”“万元”等文字。",
    }


def date_validation(title: str) -> dict[str, Any]:
    return {
        "validate": "date",
        "criteria": "between",
        "minimum": datetime(2000, 1, 1),
        "maximum": datetime(2099, 12, 31),
        "error_type": "stop",
        "error_title": "请填写日期",
        "error_message": f"“{title}”请填写日期，如 2024-03-05。",
    }


def write_unit_sheet(
    wb: Any, styles: Styles, values: dict[str, object], refs: dict[str, str], *, kind: str
) -> None:
    """单位信息: label, value (input), how to fill it."""
    ws = wb.add_worksheet(form.SHEET_UNIT)
    widths = (14, 40, 40)
    wrapped = wb.add_format(
        {"border": 1, "locked": False, "num_format": "@", "text_wrap": True, "valign": "vcenter"}
    )
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1], styles.input_text)
    ws.set_column(2, 2, widths[2])
    write_title(ws, 0, 2, form.SHEET_UNIT, styles, sum(widths))
    ws.write_string(1, 0, "项目", styles.header)
    ws.write_string(1, 1, "填写内容", styles.header)
    ws.write_string(1, 2, "说明", styles.header)
    fields = [f for f in form.UNIT_FIELDS if kind == "stats" or f.in_log]
    for i, field in enumerate(fields, start=2):
        ws.write_string(i, 0, field.label, styles.label)
        value = values.get(field.label)
        if field.label == form.UNIT_YEAR:
            if isinstance(value, int):
                ws.write_number(i, 1, value, styles.input_count)
            else:
                ws.write_blank(i, 1, None, styles.input_count)
            ws.data_validation(
                i,
                1,
                i,
                1,
                {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": form.YEARS[0],
                    "maximum": form.YEARS[-1],
                    "error_title": "请填写年度",
                    "error_message": "统计年度请填写 4 位数字，如 2024。",
                },
            )
        else:
            text = "" if value in (None, "") else str(value)
            if text:
                ws.write_string(i, 1, text, wrapped)
            else:
                ws.write_blank(i, 1, None, wrapped)
            if field.choices:
                ws.data_validation(i, 1, i, 1, list_validation(refs[field.label], field.label))
        ws.write_string(i, 2, field.note, styles.note)
        shown = "" if value is None else str(value)
        fit_row(ws, i, (field.label, widths[0]), (shown, widths[1]), (field.note, widths[2]))
    protect(ws)
    print_setup(ws, landscape=False)


def write_sec2_sheet(wb: Any, styles: Styles, name: str, sec2: dict[str, Any]) -> dict[tuple[str, int], str]:
    """Section 二 in the official layout (four sub-tables, each under a full-width header row).

    Every value is an input cell with number validation. Returns (row key, index) → cell address.
    """
    ws = wb.add_worksheet(name)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 3, 16)
    write_title(ws, 0, 3, form.SECTION_HEADINGS[1], styles, 22 + 3 * 16)
    addresses: dict[tuple[str, int], str] = {}
    r = 1
    for table in form.SEC2_TABLES:
        ws.merge_range(r, 0, r, 3, table.header, styles.header)
        r += 1
        ws.write_string(r, 0, form.SEC2_CONTENT_LABEL, styles.header)
        if table.width == 1:
            ws.merge_range(r, 1, r, 3, table.columns[0], styles.header)
        else:
            for c, col in enumerate(table.columns, start=1):
                ws.write_string(r, c, col, styles.header)
        r += 1
        fmt = styles.input_fee if table.kind == "fee" else styles.input_count
        for row in table.rows:
            ws.write_string(r, 0, row, styles.label)
            value = sec2[row]
            values = value if isinstance(value, list) else [value]
            if table.width == 1:
                ws.merge_range(r, 1, r, 3, "", fmt)
            for i, v in enumerate(values):
                _write_number(ws, r, 1 + i, v, fmt)
                addresses[(row, i)] = cell(r, 1 + i)
                title = f"{row} {table.columns[i]}"
                check = fee_validation(title) if table.kind == "fee" else count_validation(title)
                ws.data_validation(r, 1 + i, r, 1 + i, check)
            r += 1
    protect(ws)
    print_setup(ws, landscape=False)
    return addresses


def _write_number(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def cell(row: int, col: int, *, absolute: bool = False) -> str:
    """0-based (row, col) → ``H20`` (or ``$H$20``)."""
    if absolute:
        return f"${column_letter(col)}${row + 1}"
    return cell_address(row, col)
