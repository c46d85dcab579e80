"""``xxgk template log --carry-over``: next year's 台账, started with last year's pending cases.

The year turns over: the applications still pending on 31 December of last year's 台账 (no 办结日期,
or one in the new year) are copied into a new 台账 for the next year with the 单位信息 — the
申请编号, 收到日期, 申请人类型 and every other column the unit keeps (申请人, 申请内容, 申请方式,
承办科室, 备注 …: the 台账 stays with the unit, DESIGN.md principle 6). Counted next year, each such
row lands in 二 (上年结转), so 二 of the new year equals 四 (结转下年度) of the old one by construction.
Pending 复议诉讼 cases are copied the same way (they count in the new year's 表四).

The old 台账 is read as ``check`` reads it (``rules.analyse.analyse_file``: gate, reader, rules); one
with errors is refused (its 四 is not a figure anyone can rely on) and it is never written to. The
values of its columns are then read from the bytes the gate passed; the dates, types and results are
written as the reader understood them, so the new 台账 counts exactly as the old one did.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput, UsageError
from toolkit.outputs import refuse_existing, refuse_overwriting
from toolkit.read.cells import parse_address
from toolkit.read.log import CaseRow, LogRead, ReviewRow
from toolkit.read.log_sheets import sheet_rows
from toolkit.read.log_values import grouped_result
from toolkit.rules.analyse import analyse_file
from toolkit.write.log_workbook import CarriedRows, write_log_workbook

__all__ = ["carried_log", "pending_cases", "pending_reviews"]

WHAT = "--carry-over 指定的上年台账"
ERRORS_SHOWN = 3


def pending_cases(log: LogRead, year: int) -> list[CaseRow]:
    """The applications of ``log`` in 结转下年度 of ``year``: received by 31 December and not
    concluded then (``count.cases``'s rule, for a 台账 without errors)."""
    last = date(year, 12, 31)
    return [
        c
        for c in log.cases
        if c.received is not None
        and c.received <= last
        and c.applicant_type is not None
        and (c.concluded is None or c.concluded > last)
    ]


def pending_reviews(log: LogRead, year: int) -> list[ReviewRow]:
    """The 复议诉讼 cases of ``log`` filed by 31 December of ``year`` and not concluded then."""
    last = date(year, 12, 31)
    return [
        r
        for r in log.reviews
        if r.filed is not None
        and r.filed <= last
        and r.case_type is not None
        and (r.concluded is None or r.concluded > last)
    ]


def carried_log(
    previous: Path | str,
    output: Path | str | None = None,
    *,
    unit: str = "",
    year: int | None = None,
    force: bool = False,
) -> Path:
    """Write next year's 台账, started from last year's 台账 ``previous``; return its path.

    ``year`` (default: the year after ``previous``'s 统计年度) must be that year; ``unit`` replaces
    the unit name. Raises ``UsageError`` when ``previous`` is not a 台账, has errors, or would be
    overwritten, and ``UnreadableInput`` when it cannot be read.
    """
    from toolkit.write.templates import default_name

    previous = Path(previous)
    log, data = _read_previous(previous)
    old_year = log.info.year
    assert old_year is not None  # a 台账 without its 统计年度 has an L5 error
    if year is None:
        year = old_year + 1
    elif year != old_year + 1:
        raise UsageError(
            f"{WHAT}是 {old_year} 年的，只能结转到 {old_year + 1} 年：请把 --year 改为 {old_year + 1}，"
            "或指定正确的上年台账"
        )
    if year not in form.YEARS:
        raise UsageError(f"统计年度 {year} 不合理，请填写 4 位年份，如 2025")
    info = dataclasses.replace(log.info, year=year, name=unit.strip() or log.info.name)
    path = Path(output) if output else Path(default_name("log", info.name, year))
    if path.is_dir():
        path = path / default_name("log", info.name, year)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应以 .xlsx 结尾：{path}")
    refuse_overwriting(path, [(previous, WHAT)])
    refuse_existing(path, force=force)
    carried = _carried_rows(log, data, old_year, previous.name)
    return write_log_workbook(path, info, carried)


def _read_previous(previous: Path) -> tuple[LogRead, bytes]:
    if not previous.is_file():
        raise UsageError(f"找不到{WHAT}：{previous}")
    analysed = analyse_file(previous)
    report = analysed.report
    if report.error:
        raise UnreadableInput(report.error, path=str(previous), reason=report.reason or "unreadable")
    if analysed.log is None:
        raise UsageError(
            f"{WHAT}应为依申请公开登记台账（xxgk template log 生成的），这个文件不是台账：{previous}"
        )
    errors = [f for f in report.findings if f.is_error]
    if errors:
        shown = "；".join(f"{f.location()} {f.rule}" for f in errors[:ERRORS_SHOWN])
        more = f" 等 {len(errors)} 处" if len(errors) > ERRORS_SHOWN else ""
        raise UsageError(
            f"{WHAT}有 {len(errors)} 处错误（{shown}{more}），结转的数字不可靠，没有生成新台账："
            f"请先运行 xxgk check {previous} 并改正后再结转"
        )
    from toolkit.gate.workbook import inspect_workbook

    return analysed.log, inspect_workbook(previous).data


def _carried_rows(log: LogRead, data: bytes, year: int, source: str) -> CarriedRows:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine's own errors name internal parts; say it plainly
        raise UnreadableInput(
            "无法读取上年台账（文件可能已损坏），请在 Excel/WPS 中打开并另存为 .xlsx 后再试", reason="corrupt"
        ) from None
    cases = pending_cases(log, year)
    reviews = pending_reviews(log, year)
    case_rows: list[list[Any]] = []
    for sheet in dict.fromkeys(c.sheet for c in cases):  # a 台账 may keep its cases on several sheets
        of_sheet = [(c.cells, _case_values(c)) for c in cases if c.sheet == sheet]
        case_rows += _values(book, sheet, form.LOG_COLUMNS, of_sheet)
    review_rows: list[list[Any]] = []
    if reviews and log.review_sheet is not None:
        items = [(r.cells, _review_values(r)) for r in reviews]
        review_rows = _values(book, log.review_sheet, form.REVIEW_COLUMNS, items)
    return CarriedRows(source, year, case_rows, review_rows)


def _case_values(case: CaseRow) -> dict[str, Any]:
    """The columns written as the reader understood them (dates parsed, labels normalised)."""
    values: dict[str, Any] = {
        form.LOG_ID: case.case_id,
        form.LOG_RECEIVED: case.received,
        form.LOG_APPLICANT_TYPE: case.applicant_type,
        form.LOG_CONCLUDED: case.concluded,
        form.LOG_RESULT: grouped_result(case.result_key) if case.result_key else None,
        form.LOG_CORRECTED: case.corrected,
    }
    if case.extended:
        values[form.LOG_EXTENDED] = form.YES_NO[0]
    if case.fee is not None:
        values[form.LOG_FEE] = case.fee
    return values


def _review_values(review: ReviewRow) -> dict[str, Any]:
    return {
        form.REVIEW_ID: review.case_id,
        form.REVIEW_TYPE: review.case_type,
        form.REVIEW_FILED: review.filed,
        form.REVIEW_CONCLUDED: review.concluded,
        form.REVIEW_RESULT: review.result,
    }


def _values(
    book: Any,
    sheet: str,
    columns: Sequence[form.LogColumn],
    items: Sequence[tuple[Mapping[str, str], Mapping[str, Any]]],
) -> list[list[Any]]:
    """One list per item, in the order of ``columns``: the parsed value where ``items`` has one,
    else the cell's own value (a merged cell's is its range's first cell)."""
    wanted: dict[tuple[int, int], tuple[int, int]] = {}  # cell → the cell holding its value
    for cells, parsed in items:
        for column in columns:
            address = cells.get(column.name)
            if address is not None and column.name not in parsed:
                wanted[parse_address(address)] = parse_address(address)
    rows, merged = sheet_rows(book, sheet)
    for (r0, c0), (r1, c1) in merged:
        for cell in wanted:
            if r0 <= cell[0] <= r1 and c0 <= cell[1] <= c1:
                wanted[cell] = (r0, c0)
    held = _rows_holding({row for row, _ in wanted.values()}, rows)
    out: list[list[Any]] = []
    for cells, parsed in items:
        values: list[Any] = []
        for column in columns:
            if column.name in parsed:
                values.append(parsed[column.name])
                continue
            address = cells.get(column.name)
            if address is None:
                values.append(None)
                continue
            row, col = wanted[parse_address(address)]
            line = held.get(row, [])
            values.append(line[col] if col < len(line) else None)
        out.append(values)
    return out


def _rows_holding(needed: set[int], rows: Iterable[tuple[int, list[Any]]]) -> dict[int, list[Any]]:
    """The rows ``needed`` of a streamed sheet (the others pass by)."""
    return {row: values for row, values in rows if row in needed}
