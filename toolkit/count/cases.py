"""Counting a 台账 into the official table (spec/official-format.md, "Counting conventions").

For the 统计年度 Y, an application (one row) counts
- in 一 when received in Y, or in 二 when received earlier and not concluded on 1 January Y;
- in its result row when concluded in Y, or in 四 when not concluded on 31 December Y;
each by its applicant type. So every counted row lands once in 一 or 二 and once in 三 or 四, and
一 + 二 = 三.七 + 四 holds in every column. A 复议/诉讼 case counts in its block: by result when
concluded in Y, in 尚未审结 when filed by 31 December Y and not concluded then.

Nothing is lost: a row is either counted (and traced to its cells in the table) or excluded
with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from toolkit import form
from toolkit.read.log import LogRead
from toolkit.table import Table


@dataclass
class Traces:
    """The case IDs behind every counted cell of one unit's 表三 and 表四 (never names or request
    texts): row key (表三) or block (表四) → one list of IDs per column (表三: the applicant types;
    表四: the four columns of a block), in the order the cases were read. Lists, not an object
    per contribution: a million cases make two million contributions.
    """

    unit: str
    sec3: dict[str, list[list[str]]] = field(default_factory=dict)
    sec4: dict[str, list[list[str]]] = field(default_factory=dict)

    def ids(self, section: int, key: str) -> list[list[str]]:
        """The per-column ID lists of a row (made empty on first use)."""
        rows = self.sec3 if section == 3 else self.sec4
        lists = rows.get(key)
        if lists is None:
            width = len(form.APPLICANT_TYPES) if section == 3 else len(form.SEC4_BLOCK_COLUMNS[:4])
            lists = rows[key] = [[] for _ in range(width)]
        return lists


@dataclass(frozen=True)
class Excluded:
    path: str
    sheet: str
    row: int
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "sheet": self.sheet, "row": self.row, "reason": self.reason}


@dataclass
class Counted:
    table: Table
    traces: Traces = field(default_factory=lambda: Traces(""))
    excluded: list[Excluded] = field(default_factory=list)
    rows_read: int = 0
    counted: int = 0
    fee_yuan: Decimal = Decimal(0)  # 信息处理费 actually charged in Y (收费金额 of cases concluded in Y)


def count_log(log: LogRead, year: int, unit: str | None = None) -> Counted:
    """Count one 台账 for ``year``; the log must have passed its checks (no errors)."""
    unit = unit if unit is not None else log.info.name
    table = Table(unit, year, sec2=_sec2(log))
    zero_sec3(table)
    table.sec4 = [0] * form.SEC4_WIDTH
    counted = Counted(table, Traces(unit))
    traces = counted.traces
    first, last = date(year, 1, 1), date(year, 12, 31)
    type_index = {t: i for i, t in enumerate(form.APPLICANT_TYPES)}
    sec3: dict[str, list[int]] = {key: [0] * len(row) for key, row in table.sec3.items()}  # as zero_sec3

    counted.rows_read = log.rows_read + len(log.reviews) + len(log.review_skipped_rows)
    for row, why, sheet in log.skipped_rows:
        counted.excluded.append(Excluded(log.path, sheet, row, why))
    for row, why in log.review_skipped_rows:
        counted.excluded.append(Excluded(log.path, log.review_sheet or form.SHEET_REVIEW, row, why))
    for case in log.cases:
        reason = _case_exclusion(case.received, case.concluded, case.applicant_type, first, last)
        if reason:
            counted.excluded.append(Excluded(log.path, case.sheet, case.row, reason))
            continue
        assert case.received is not None and case.applicant_type is not None
        col = type_index[case.applicant_type]
        case_id = case.case_id or f"第{case.row}行"
        opened = form.RECEIVED_KEY if case.received >= first else form.CARRIED_IN_KEY
        if case.concluded is not None and case.concluded <= last:
            if case.result_key is None:  # L1 would have stopped this; never count a guess
                counted.excluded.append(Excluded(log.path, case.sheet, case.row, "办结但没有办理结果"))
                continue
            closed = case.result_key
            if case.fee:
                counted.fee_yuan += case.fee
        else:
            closed = form.CARRIED_OUT_KEY
        for key in (opened, closed):
            sec3[key][col] += 1
            (traces.sec3.get(key) or traces.ids(3, key))[col].append(case_id)
        counted.counted += 1
    table.sec3 = cast(dict[str, list[int | None]], sec3)  # whole numbers, counted in place above

    for review in log.reviews:
        reason = _review_exclusion(
            review.filed, review.concluded, review.case_type, review.result, first, last
        )
        if reason:
            counted.excluded.append(
                Excluded(log.path, log.review_sheet or form.SHEET_REVIEW, review.row, reason)
            )
            continue
        assert review.case_type is not None
        pending = review.concluded is None or review.concluded > last
        column = form.SEC4_PENDING if pending else review.result
        assert column is not None
        index = form.sec4_index(review.case_type, column)
        table.sec4[index] = (table.sec4[index] or 0) + 1
        column_index = form.SEC4_BLOCK_COLUMNS.index(column)
        traces.ids(4, review.case_type)[column_index].append(review.case_id or f"第{review.row}行")
        counted.counted += 1
    counted.table = table.with_totals()
    return counted


def zero_sec3(table: Table) -> None:
    table.sec3 = {k: [0] * len(form.SEC3_COLUMNS) for k in form.SEC3_KEYS}


def _sec2(log: LogRead) -> dict:
    sec2 = {}
    for key, value in log.sec2.items():
        sec2[key] = list(value) if isinstance(value, list) else value
    return sec2


def _case_exclusion(
    received: date | None, concluded: date | None, applicant_type: str | None, first: date, last: date
) -> str | None:
    if received is None:
        return "收到日期空白或无法识别"
    if applicant_type is None:
        return "申请人类型空白或无法识别"
    if received > last:
        return f"收到日期 {received.isoformat()} 晚于统计年度"
    if concluded is not None and concluded < first:
        return f"上年已办结（办结日期 {concluded.isoformat()}），不计入本年"
    return None


def _review_exclusion(
    filed: date | None,
    concluded: date | None,
    case_type: str | None,
    result: str | None,
    first: date,
    last: date,
) -> str | None:
    if filed is None:
        return "提起日期空白或无法识别"
    if case_type is None:
        return "案件类型空白或无法识别"
    if filed > last:
        return f"提起日期 {filed.isoformat()} 晚于统计年度"
    if concluded is not None and concluded < first:
        return f"上年已审结（审结日期 {concluded.isoformat()}），不计入本年"
    if concluded is not None and concluded <= last and result is None:
        return "已审结但没有审结结果"
    return None
