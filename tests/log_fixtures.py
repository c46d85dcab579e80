"""Builders of filled 台账 workbooks for the tests: our layout, written directly with xlsxwriter.

The sheets are those of the standard template (单位信息, 申请台账, 主动公开, 复议诉讼, the hidden
lists and the version stamp), written by the same helpers as ``xxgk template log``; the case rows
are written as given, so a test can put text where a date belongs, reorder, insert or drop
columns, move the header down, merge cells or rename a sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from toolkit import form
from toolkit.table import Table, UnitInfo
from toolkit.write.log_workbook import log_lists
from toolkit.write.xlsx import (
    Styles,
    finish,
    list_refs,
    new_workbook,
    write_lists,
    write_sec2_sheet,
    write_stamp,
    write_unit_sheet,
)

LOG_NAMES: tuple[str, ...] = tuple(c.name for c in form.LOG_COLUMNS)
REVIEW_NAMES: tuple[str, ...] = tuple(c.name for c in form.REVIEW_COLUMNS)

#: distinctive personal data: must never appear in a message, hint or note
PERSONAL = {
    form.LOG_APPLICANT: "欧阳测试甲乙",
    form.LOG_CONTENT: "请公开王家村征地补偿款发放明细表",
    form.LOG_REMARK: "身份证号110101199001011234",
}


def case(**fields: Any) -> dict[str, Any]:
    """A clean concluded application; keyword names are the English aliases below."""
    row: dict[str, Any] = {
        form.LOG_ID: "2024-001",
        form.LOG_RECEIVED: date(2024, 3, 5),
        form.LOG_APPLICANT_TYPE: form.APPLICANT_TYPES[0],
        form.LOG_CONCLUDED: date(2024, 3, 20),
        form.LOG_RESULT: form.RESULT_LABELS[0],
        form.LOG_METHOD: form.APPLY_METHODS[0],
        form.LOG_REPLY_METHOD: form.REPLY_METHODS[0],
        form.LOG_EXTENDED: form.YES_NO[1],
        form.LOG_FEE: 0,
        form.LOG_OFFICE: "党政办",
        **PERSONAL,
    }
    aliases = {
        "id": form.LOG_ID,
        "received": form.LOG_RECEIVED,
        "applicant_type": form.LOG_APPLICANT_TYPE,
        "concluded": form.LOG_CONCLUDED,
        "result": form.LOG_RESULT,
        "corrected": form.LOG_CORRECTED,
        "extended": form.LOG_EXTENDED,
        "fee": form.LOG_FEE,
        "office": form.LOG_OFFICE,
    }
    for key, value in fields.items():
        row[aliases.get(key, key)] = value
    return row


def review(**fields: Any) -> dict[str, Any]:
    """A clean concluded 行政复议 case."""
    row: dict[str, Any] = {
        form.REVIEW_ID: "复-2024-01",
        form.REVIEW_TYPE: form.SEC4_BLOCKS[0],
        form.REVIEW_FILED: date(2024, 5, 6),
        form.REVIEW_CONCLUDED: date(2024, 7, 1),
        form.REVIEW_RESULT: form.SEC4_RESULTS[0],
        form.REVIEW_REMARK: PERSONAL[form.LOG_REMARK],
    }
    aliases = {
        "id": form.REVIEW_ID,
        "type": form.REVIEW_TYPE,
        "filed": form.REVIEW_FILED,
        "concluded": form.REVIEW_CONCLUDED,
        "result": form.REVIEW_RESULT,
    }
    for key, value in fields.items():
        row[aliases.get(key, key)] = value
    return row


def _write_value(ws: Any, row0: int, col0: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row0, col0, value)
    elif isinstance(value, datetime):
        ws.write_datetime(row0, col0, value, date_format)
    elif isinstance(value, date):
        ws.write_datetime(row0, col0, datetime(value.year, value.month, value.day), date_format)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row0, col0, float(value))
    else:
        ws.write_string(row0, col0, str(value))


def _write_rows(
    wb: Any,
    name: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    header_row: int,
    merges: Iterable[tuple[int, int, str]],
    title: bool = True,
) -> None:
    ws = wb.add_worksheet(name)
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    header0 = header_row - 1
    if header0 > 0 and title:
        ws.write_string(0, 0, f"{name}（示范）")
    for c, column in enumerate(columns):
        ws.write_string(header0, c, column)
    rows = list(rows)
    for r, values in enumerate(rows, start=header0 + 1):
        for c, column in enumerate(columns):
            _write_value(ws, r, c, values.get(column), date_format)
    for first, last, column in merges:  # 1-based Excel rows
        c = list(columns).index(column)
        value = rows[first - header_row - 1].get(column)
        ws.merge_range(first - 1, c, last - 1, c, "")
        _write_value(ws, first - 1, c, value, date_format)


def write_log(
    path: Path,
    cases: Sequence[Mapping[str, Any]],
    *,
    unit: str = "示范镇人民政府",
    year: int | str | None = 2024,
    reviews: Sequence[Mapping[str, Any]] = (),
    sec2: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    review_columns: Sequence[str] | None = None,
    header_row: int = 1,
    log_sheet: str = form.SHEET_LOG,
    review_sheet: str = form.SHEET_REVIEW,
    merges: Iterable[tuple[int, int, str]] = (),
    review_merges: Iterable[tuple[int, int, str]] = (),
    extra: Iterable[tuple[str, int, int, Any]] = (),
    stamp: bool = True,
    title: bool = True,
    more_logs: Iterable[tuple[str, Sequence[Mapping[str, Any]]]] = (),
    date1904: bool = False,
) -> Path:
    """A filled 台账 at ``path``.

    ``cases``/``reviews``: dicts keyed by column name; values are written as they are (a date as
    an Excel date, a str as text, a number as a number). ``columns`` orders the 申请台账 header
    (unknown names make extra columns; leaving a name out drops the column). ``sec2`` overrides
    section 二 values (key → value or list; a str is written as text, None as blank).
    ``merges``: (first row, last row, column) merged ranges of 申请台账, 1-based rows, holding the
    first row's value. ``title``: write a title in A1 above a lower header. ``extra``: (sheet,
    row0, col0, value) raw cells written last. ``log_sheet``/``review_sheet``: the names of the
    申请台账 and 复议诉讼 sheets. ``more_logs``: (sheet name, cases) of further case-log sheets
    with the standard header, after 申请台账. ``date1904``: the workbook counts dates from 1904
    (dates are written as such; a number stays the number it is).
    """
    wb, buffer = new_workbook()
    if date1904:
        wb.date_1904 = True  # as Workbook(options={"date_1904": True}): read by every add_worksheet
    styles = Styles.create(wb)
    lists = log_lists()
    refs = list_refs(lists)
    info = UnitInfo(name=unit, year=year if isinstance(year, int) else None)
    write_unit_sheet(wb, styles, info.values(), refs, kind="log")
    if isinstance(year, str):
        fields = [f.label for f in form.UNIT_FIELDS if f.in_log]
        wb.get_worksheet_by_name(form.SHEET_UNIT).write_string(2 + fields.index(form.UNIT_YEAR), 1, year)
    _write_rows(wb, log_sheet, columns or LOG_NAMES, cases, header_row, merges, title)
    for name, rows in more_logs:
        _write_rows(wb, name, LOG_NAMES, rows, 1, ())
    addresses = write_sec2_sheet(wb, styles, form.SHEET_SEC2, Table().sec2)
    if sec2:
        ws = wb.get_worksheet_by_name(form.SHEET_SEC2)
        blank = wb.add_format({"locked": False})
        for key, value in sec2.items():
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                row0, col0 = _address(addresses[(key, i)])
                if v is None:
                    ws.write_blank(row0, col0, None, blank)
                else:
                    _write_value(ws, row0, col0, v, None)
    _write_rows(wb, review_sheet, review_columns or REVIEW_NAMES, reviews, 1, review_merges)
    write_lists(wb, lists, styles)
    if stamp:
        write_stamp(wb, "log")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for sheet, row0, col0, value in extra:
        _write_value(wb.get_worksheet_by_name(sheet), row0, col0, value, date_format)
    return finish(wb, buffer, Path(path))


def _address(cell: str) -> tuple[int, int]:
    from toolkit.read.cells import parse_address

    return parse_address(cell)


def open_book(path: Path) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(path))


def read(path: Path) -> Any:
    """read_log of the workbook at ``path``."""
    from toolkit.read.log import read_log

    return read_log(open_book(path), str(path))
