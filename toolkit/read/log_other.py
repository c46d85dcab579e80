"""The other sheets of a 台账: 单位信息 (the unit and its 统计年度), 复议诉讼 (the 行政复议 and
行政诉讼 cases of section 四, one ``ReviewRow`` each) and 主动公开 (the figures of section 二).

A missing sheet is a note, not an error: the figures it would give are unknown (or, for 复议诉讼,
there were no cases).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.cells import (
    cell_address,
    date_to_excel_serial,
    normalize_text,
    parse_count,
    parse_fee,
    snippet,
)
from toolkit.read.log_sheets import (
    SKIP_ABOVE_HEADER,
    SKIP_HEADER,
    SKIP_OTHER_COLUMNS,
    MergeFill,
    Reader,
    cell_at,
    empty,
    head_rows,
    header_or_raise,
    is_repeated_header,
    note_header,
    row_cells,
    rows_text,
    sheet_head,
    sheet_name,
    sheet_rows,
    within_budget,
)
from toolkit.read.log_values import (
    NUMBER_WORDS,
    PICK,
    id_text,
    read_choice,
    read_date,
    required_hint,
    why_not,
)
from toolkit.table import UnitInfo

#: how many rows of 单位信息 are searched for the labels
UNIT_SEARCH_ROWS = 40
#: section 二 labels are searched for in this many columns from the left
SEC2_LABEL_COLUMNS = 4
_YEAR = re.compile(r"([0-9]{4}) ?年?度?")


# ---- 单位信息 ---------------------------------------------------------------------------------
def _info_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(value)


def read_unit(book: Any, reader: Reader) -> tuple[UnitInfo, dict[str, tuple[str, str]], str]:
    sheet = sheet_name(book, form.SHEET_UNIT)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_UNIT}”工作表：单位名称和统计年度未知")
        return UnitInfo(), {}, ""
    labels = {form.normalize_label(f.label): f.label for f in form.UNIT_FIELDS}
    values: dict[str, Any] = {}
    cells: dict[str, tuple[str, str]] = {}
    for row0, row in enumerate(sheet_head(book, sheet, UNIT_SEARCH_ROWS)):
        if not row or not isinstance(row[0], str):
            continue
        label = labels.get(form.normalize_label(row[0]))
        if label is None or label in values:
            continue
        values[label] = row[1] if len(row) > 1 else ""
        cells[label] = (sheet, cell_address(row0, 1))
    year: int | None = None
    year_text = ""
    raw_year = values.get(form.UNIT_YEAR, "")
    if not empty(raw_year):
        year = _parse_year(raw_year, reader.date1904)
        if year is None:
            year_text = snippet(_info_text(raw_year))
    fields = {
        "name": form.UNIT_NAME,
        "level": form.UNIT_LEVEL,
        "contact": form.UNIT_CONTACT,
        "phone": form.UNIT_PHONE,
        "address": form.UNIT_ADDRESS,
        "postcode": form.UNIT_POSTCODE,
    }
    texts = {attr: _info_text(values.get(label, "")) for attr, label in fields.items()}
    return UnitInfo(year=year, **texts), cells, year_text


def _parse_year(value: Any, date1904: bool = False) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, date):  # 2024 typed into a cell formatted as a date shows 1905-07-16
        value = date_to_excel_serial(value, date1904=date1904)
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str):
        match = _YEAR.fullmatch(normalize_text(value))
        if not match:
            return None
        year = int(match.group(1))
    else:
        return None
    return year if year in form.YEARS else None


# ---- 复议诉讼 ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One 行政复议 / 行政诉讼 case (one row of 复议诉讼)."""

    row: int
    case_id: str | None
    case_type: str | None  # one of form.SEC4_BLOCKS, or None if blank/unknown
    filed: date | None
    concluded: date | None
    result: str | None  # one of form.SEC4_RESULTS, or None if blank (pending) or unknown
    cells: Mapping[str, str]


def read_reviews(book: Any, reader: Reader) -> tuple[list[ReviewRow], str | None, list[tuple[int, str]]]:
    """The rows of 复议诉讼, the sheet's name as spelled in the workbook (None: no such sheet),
    and the rows with content that are not cases (each with its reason: nothing is lost)."""
    sheet = sheet_name(book, form.SHEET_REVIEW)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_REVIEW}”工作表：按没有行政复议、行政诉讼案件处理")
        return [], None, []
    # streamed as 申请台账 is (``sheet_rows``), and refused before calamine holds it whole when it
    # has far more cells than any unit's 复议/诉讼 cases
    within_budget(reader, sheet, "登记行政复议、行政诉讼案件")
    rows, merged = sheet_rows(book, sheet)
    top, below = head_rows(rows)
    if not top and not below:
        return [], sheet, []
    header = header_or_raise(top, sheet, form.REVIEW_COLUMNS)
    note_header(header, sheet, form.REVIEW_COLUMNS, reader)
    cols = header.columns
    fill = MergeFill(merged, header.row0, max(cols.values()), sheet)
    labels = {form.normalize_label(name) for name in cols}
    reviews: list[ReviewRow] = []
    skipped = [(r + 1, SKIP_ABOVE_HEADER) for r, _ in top if r < header.row0]
    for row0, values in chain((r for r in top if r[0] > header.row0), below, rows):
        if fill.active:
            values = fill.apply(row0, values)
        if all(empty(values[c]) if c < len(values) else True for c in cols.values()):
            if any(not empty(v) for v in values):
                skipped.append((row0 + 1, SKIP_OTHER_COLUMNS))
            continue
        if is_repeated_header(values, cols, labels):
            skipped.append((row0 + 1, SKIP_HEADER))
            continue
        reviews.append(_review(row0, values, cols, sheet, reader))
    fill.note(sheet, reader)
    reasons: dict[str, list[int]] = {}
    for row, reason in skipped:
        reasons.setdefault(reason, []).append(row)
    for reason, rows_of in reasons.items():
        reader.notes.append(f"“{sheet}”第 {rows_text(rows_of)} 行{reason}，未作为案件统计")
    return reviews, sheet, skipped


def _review(row0: int, values: list[Any], cols: dict[str, int], sheet: str, reader: Reader) -> ReviewRow:
    cells = row_cells(row0, cols)

    def raw(name: str) -> Any:
        return cell_at(values, cols.get(name))

    for column in form.REVIEW_COLUMNS:
        if column.required and empty(raw(column.name)) and column.name in cells:
            hint = required_hint(column)
            reader.add("L1", sheet, cells[column.name], column.name, f"必填项“{column.name}”为空", hint)
    case_type = read_choice(
        raw(form.REVIEW_TYPE),
        form.REVIEW_TYPE,
        {form.normalize_label(b): b for b in form.SEC4_BLOCKS},
        f"{PICK}：{'、'.join(form.SEC4_BLOCKS)}",
        cells,
        sheet,
        reader,
        rule="L7",
    )
    result = read_choice(
        raw(form.REVIEW_RESULT),
        form.REVIEW_RESULT,
        {form.normalize_label(r): r for r in form.SEC4_RESULTS},
        f"{PICK}：{'、'.join(form.SEC4_RESULTS)}；尚未审结的留空",
        cells,
        sheet,
        reader,
        rule="L7",
    )
    return ReviewRow(
        row=row0 + 1,
        case_id=id_text(raw(form.REVIEW_ID)) or None,
        case_type=case_type,
        filed=read_date(raw(form.REVIEW_FILED), form.REVIEW_FILED, cells, sheet, reader),
        concluded=read_date(raw(form.REVIEW_CONCLUDED), form.REVIEW_CONCLUDED, cells, sheet, reader),
        result=result,
        cells=cells,
    )


# ---- 主动公开 (section 二) --------------------------------------------------------------------
def _blank_sec2() -> dict[str, Any]:
    sec2: dict[str, Any] = {}
    for table in form.SEC2_TABLES:
        for key in table.rows:
            sec2[key] = [None] * table.width if table.width > 1 else None
    return sec2


def read_sec2(book: Any, reader: Reader) -> tuple[dict[str, Any], dict[tuple[str, int], tuple[str, str]]]:
    sec2 = _blank_sec2()
    cells: dict[tuple[str, int], tuple[str, str]] = {}
    sheet = sheet_name(book, form.SHEET_SEC2)
    if sheet is None:
        reader.notes.append(f"没有“{form.SHEET_SEC2}”工作表：主动公开情况的数字未知")
        return sec2, cells
    within_budget(reader, sheet, "填写主动公开情况")
    rows, _ = sheet_rows(book, sheet)  # streamed: only the rows with a label are looked at
    index = form.sec2_key_by_label()
    for row0, values in rows:
        found = _sec2_label(values, index)
        if found is None or (found[1], 0) in cells:
            continue
        c0, key = found
        table = form.sec2_table_of(key)
        parsed_values: list[Any] = []
        for i in range(table.width):
            col0 = c0 + 1 + i
            address = cell_address(row0, col0)
            cells[(key, i)] = (sheet, address)
            parsed_values.append(_sec2_value(cell_at(values, col0), key, table, i, sheet, address, reader))
        sec2[key] = parsed_values if table.width > 1 else parsed_values[0]
    missing = [key for key in form.SEC2_KEYS if (key, 0) not in cells]
    if missing:
        reader.notes.append(f"“{sheet}”中找不到这些行：{'、'.join(missing)}，其数字按未知处理")
    return sec2, cells


def _sec2_label(values: list[Any], index: dict[str, str]) -> tuple[int, str] | None:
    """(column, row key) of the section 二 row label among the first cells of a row."""
    for c0, label in enumerate(values[:SEC2_LABEL_COLUMNS]):
        key = index.get(form.normalize_label(label)) if isinstance(label, str) else None
        if key is not None:
            return c0, key
    return None


def _sec2_value(
    value: Any, key: str, table: form.Sec2Table, index: int, sheet: str, address: str, reader: Reader
) -> Any:
    column = table.columns[index]
    if empty(value):
        reader.findings.append(
            Finding(
                "R6",
                reader.path,
                f"{key} {column}为空",
                "没有数据请填 0，不要留空",
                sheet=sheet,
                cell=address,
                key=key,
                column=column,
            )
        )
        return None
    parsed = parse_fee(value) if table.kind == "fee" else parse_count(value)
    if parsed.ok:
        return parsed.value
    kind = "有效金额" if table.kind == "fee" else "有效的件数"
    reader.findings.append(
        Finding(
            "R5" if table.kind == "fee" else "R7",
            reader.path,
            f"{key} {column}不是{kind}{why_not(parsed, NUMBER_WORDS)}",
            "填写 0 或正数（单位：万元）" if table.kind == "fee" else "填写 0 或正整数",
            sheet=sheet,
            cell=address,
            key=key,
            column=column,
        )
    )
    return None
