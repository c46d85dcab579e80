"""Shared pieces for writing our workbooks with xlsxwriter: deterministic, safe, atomic.

- user text can never become a formula or a link (strings_to_formulas/urls off);
- a fixed document date, so the same inputs give the same bytes;
- formats made once per workbook; sheets shared by the 台账 and the 统计表 (单位信息,
  主动公开/表二, the hidden lists and the version stamp) are written here once;
- bulk plain text (the 明细 of a roll-up) as TextRows, written into the sheet's XML after
  xlsxwriter closes, at a fraction of its cost per cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.files import FIXED_DATE, atomic_write
from toolkit.form import STAMP_FORM, STAMP_TEMPLATE, STAMP_VERSION, TEMPLATE_KINDS
from toolkit.read.cells import MAX_COLUMNS, MAX_ROWS, cell_address, column_letter, parse_address

FONT = "宋体"


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


def finish(wb: Any, buffer: io.BytesIO, path: Path, rows: Sequence[TextRows] = ()) -> Path:
    """Close ``wb``, write ``rows`` into its sheets, and save it at ``path`` atomically."""
    runs = _plain_runs(wb, rows)
    wb.close()
    data = buffer.getvalue()
    if runs:
        data = splice_rows(data, runs)
    atomic_write(path, data)
    return path


CELL_UNITS = 32_767  # UTF-16 code units in a cell; xlsxwriter cuts a longer text there


@dataclass(frozen=True)
class TextRows:
    """A block of rows of plain text cells, written into a sheet's XML after xlsxwriter closes.

    xlsxwriter keeps every cell as an object, looks each string up in the shared-string table and
    writes it out again at close: about 5 µs a cell, half a second for the 明细 of a thousand
    units. Bulk text needs none of that. The sheet itself — widths, styled headers, panes, print
    set-up — is still written by xlsxwriter; these rows go into its ``<sheetData>`` in row order,
    as inline strings (``""`` is no cell). The cells take no format, not even their column's or
    row's. Blocks must not overlap each other nor any row xlsxwriter wrote (ValueError).
    """

    sheet: str
    first_row: int  # 0-based, like xlsxwriter
    rows: Sequence[Sequence[str]]

    def __post_init__(self) -> None:
        if self.first_row < 0 or self.first_row + len(self.rows) > MAX_ROWS:
            raise ValueError(
                f"rows {self.first_row + 1}–{self.last_row + 1} of {self.sheet} are outside a sheet"
            )
        if max(map(len, self.rows), default=0) > MAX_COLUMNS:
            raise ValueError(f"a row of {self.sheet} is wider than a sheet")

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1


_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')
#: what Excel's string escaping (_xHHHH_) touches — control characters, U+FFFE/U+FFFF and texts
#: that look like an escape: readers undo it in shared strings but not all of them in inline
#: strings (openpyxl does not), so a row holding one is written by xlsxwriter
_ESCAPED_BY_EXCEL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')


def excel_length(text: str) -> int:
    """A text's length as Excel counts it: UTF-16 code units (a character beyond U+FFFF is two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _needs_xlsxwriter(row: Sequence[str]) -> bool:
    """A row Excel would escape, or with a text over a cell's limit (xlsxwriter cuts it, as before)."""
    joined = "".join(row)
    if joined.isprintable() and "_x" not in joined and len(joined) <= CELL_UNITS // 2:
        return False  # the usual case, at C speed
    if _ESCAPED_BY_EXCEL.search(joined):
        return True
    return any(len(t) > CELL_UNITS // 2 and excel_length(t) > CELL_UNITS for t in row)


def _disjoint(blocks: Sequence[TextRows]) -> list[TextRows]:
    """The non-empty blocks of one sheet in row order; ValueError if two share a row."""
    ordered = sorted((b for b in blocks if b.rows), key=lambda b: b.first_row)
    for before, after in pairwise(ordered):
        if after.first_row <= before.last_row:
            raise ValueError(f"blocks of {after.sheet} overlap at row {after.first_row + 1}")
    return ordered


def _plain_runs(wb: Any, blocks: Sequence[TextRows]) -> list[TextRows]:
    """The blocks cut into runs of rows to splice; a row that _needs_xlsxwriter is written by it."""
    by_sheet: dict[str, list[TextRows]] = {}
    for block in blocks:
        by_sheet.setdefault(block.sheet, []).append(block)
    runs: list[TextRows] = []
    for sheet, of_sheet in by_sheet.items():
        ws = wb.get_worksheet_by_name(sheet)
        if ws is None:
            raise ValueError(f"no sheet named {sheet}")
        # xlsxwriter's cells and row formats so far (its in-memory worksheet; not constant_memory)
        written = set(ws.table) | set(ws.row_info)
        for block in _disjoint(of_sheet):
            if any(block.first_row <= r <= block.last_row for r in written):
                raise ValueError(
                    f"rows {block.first_row + 1}–{block.last_row + 1} of {sheet} were already written"
                )
            rows = list(block.rows)
            start = 0
            for i, row in enumerate(rows):
                if _needs_xlsxwriter(row):
                    for c, text in enumerate(row):
                        if text:
                            ws.write_string(block.first_row + i, c, text)
                    if i > start:
                        runs.append(TextRows(sheet, block.first_row + start, rows[start:i]))
                    start = i + 1
            if start < len(rows):
                runs.append(TextRows(sheet, block.first_row + start, rows[start:]))
    return runs


def _inline_string(ref: str, text: str) -> str:
    """One cell as an inline string (a text without Excel's escapes: see _needs_xlsxwriter)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


class _Bounds:
    """The smallest range holding every cell written (0-based), for ``<dimension>``."""

    def __init__(self) -> None:
        self.top, self.left = MAX_ROWS, MAX_COLUMNS
        self.bottom = self.right = -1

    def add(self, top: int, left: int, bottom: int, right: int) -> None:
        self.top, self.left = min(self.top, top), min(self.left, left)
        self.bottom, self.right = max(self.bottom, bottom), max(self.right, right)


def _rows_xml(block: TextRows, bounds: _Bounds) -> bytes:
    letters = [column_letter(c) for c in range(max(map(len, block.rows), default=0))]
    out: list[str] = []
    for n, row in enumerate(block.rows, start=block.first_row + 1):
        joined = "".join(row)
        if not joined:
            continue
        if "&" in joined or "<" in joined or ">" in joined or not all(t.strip() == t for t in row):
            cells = "".join(_inline_string(f"{letters[c]}{n}", text) for c, text in enumerate(row) if text)
        else:
            cells = "".join(
                f'<c r="{letters[c]}{n}" t="inlineStr"><is><t>{text}</t></is></c>'
                for c, text in enumerate(row)
                if text
            )
        out.append(f'<row r="{n}">{cells}</row>')
        filled = [c for c, text in enumerate(row) if text]
        bounds.add(n - 1, filled[0], n - 1, filled[-1])
    return "".join(out).encode("utf-8")


def _splice_sheet(xml: bytes, blocks: Sequence[TextRows]) -> bytes:
    """Insert ``blocks`` into one sheet's ``<sheetData>`` (kept in row order) and widen its dimension."""
    start = xml.index(b"<sheetData")
    empty = xml.startswith(b"<sheetData/>", start)
    if empty:
        xml = xml[:start] + b"<sheetData></sheetData>" + xml[start + len(b"<sheetData/>") :]
    end = xml.index(b"</sheetData>", start)
    written = [(int(m.group(1)), m.start()) for m in _ROW_NUMBER.finditer(xml, start, end)]
    bounds = _Bounds()
    pieces: list[bytes] = []
    cut = 0
    for block in _disjoint(blocks):
        first, last = block.first_row + 1, block.last_row + 1
        if any(first <= r <= last for r, _ in written):
            raise ValueError(f"rows {first}–{last} of {block.sheet} were already written")
        at = next((pos for r, pos in written if r > last), end)
        pieces += [xml[cut:at], _rows_xml(block, bounds)]
        cut = at
    pieces.append(xml[cut:])
    xml = b"".join(pieces)
    if bounds.bottom < 0:
        return xml  # no cell written
    found = _DIMENSION.search(xml)
    if found is None:
        raise ValueError("the sheet has no <dimension>")
    if not empty:  # (an empty sheet's dimension is xlsxwriter's placeholder A1)
        first_col, first_row, last_col, last_row = found.groups()
        top, left = parse_address((first_col + first_row).decode())
        bottom, right = parse_address(((last_col or first_col) + (last_row or first_row)).decode())
        bounds.add(top, left, bottom, right)
    ref = cell(bounds.top, bounds.left)
    if (bounds.bottom, bounds.right) != (bounds.top, bounds.left):
        ref += ":" + cell(bounds.bottom, bounds.right)
    return xml[: found.start()] + b'<dimension ref="' + ref.encode() + b'"/>' + xml[found.end() :]


def sheet_parts(read: Callable[[str], bytes]) -> dict[str, str]:
    """Sheet name → its part in a package (``xl/worksheets/sheet1.xml``), from workbook.xml and
    its relationships; ``read`` gives a part's bytes by name (ZipFile.read, or a dict's)."""
    from xml.sax.saxutils import unescape

    def entries(name: str, tag: str) -> list[dict[str, str]]:
        text = read(name).decode("utf-8")
        return [dict(_ATTRIBUTE.findall(m)) for m in re.findall(rf"<{tag}\b([^>]*)>", text)]

    targets = {r["Id"]: r["Target"] for r in entries("xl/_rels/workbook.xml.rels", "Relationship")}
    parts: dict[str, str] = {}
    for sheet in entries("xl/workbook.xml", "sheet"):
        target = targets[sheet["r:id"]]
        name = unescape(sheet["name"], {"&quot;": '"', "&apos;": "'"})
        parts[name] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


def splice_rows(data: bytes, rows: Sequence[TextRows]) -> bytes:
    """The xlsx ``data`` with the blocks of ``rows`` written into their sheets (see TextRows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = sheet_parts(zin.read)
        by_part: dict[str, list[TextRows]] = {}
        for block in rows:
            if block.sheet not in parts:
                raise ValueError(f"no sheet named {block.sheet}")
            by_part.setdefault(parts[block.sheet], []).append(block)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():  # same names, order, dates and compression: same bytes each run
                body = zin.read(info)
                if info.filename in by_part:
                    body = _splice_sheet(body, by_part[info.filename])
                zout.writestr(info, body)
    return out.getvalue()


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
            title=wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
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


def print_setup(ws: Any, *, landscape: bool, repeat_rows: tuple[int, int] | None = None) -> None:
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
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 40, styles.input_text)
    ws.set_column(2, 2, 44)
    ws.merge_range(0, 0, 0, 2, form.SHEET_UNIT, styles.title)
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
                ws.write_string(i, 1, text, styles.input_text)
            else:
                ws.write_blank(i, 1, None, styles.input_text)
            if field.choices:
                ws.data_validation(i, 1, i, 1, list_validation(refs[field.label], field.label))
        ws.write_string(i, 2, field.note, styles.note)
    ws.set_row(0, 28)
    protect(ws)
    print_setup(ws, landscape=False)


def write_sec2_sheet(wb: Any, styles: Styles, name: str, sec2: dict[str, Any]) -> dict[tuple[str, int], str]:
    """Section 二 in the official layout (four sub-tables, each under a full-width header row).

    Every value is an input cell with number validation. Returns (row key, index) → cell address.
    """
    ws = wb.add_worksheet(name)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 3, 16)
    ws.merge_range(0, 0, 0, 3, form.SECTION_HEADINGS[1], styles.title)
    ws.set_row(0, 28)
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
