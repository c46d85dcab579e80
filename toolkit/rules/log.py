"""The case-log rules over the rows of a 台账 read by :mod:`toolkit.read.log` (spec/rules.md L1–L7).

``check_log`` returns the findings of the row rules only; the reading-level findings (a required
cell empty, an unknown label, a cell that is not a date) stay in ``LogRead.findings``. The caller
reports both. A rule is skipped for a cell that already has a reading-level finding, so each
problem is reported once, at its root cell.

Decisions (spec/rules.md is silent):
- A missing or unreadable 统计年度 is an **error** (L5, at the 统计年度 cell): without the year no
  application can be placed in 新收 / 上年结转 / 办结 / 结转下年度, so the 台账 cannot be counted.
  The year-dependent checks (L5 dates, the excluded list) are then skipped, and a note says so.
- A case concluded before the year began is not a finding: ``excluded_before_year`` lists it (the
  aggregate's accounting) and ``check_log`` adds one note naming the rows. L6 is not evaluated
  for such cases.
- L6 is evaluated for concluded cases only (a pending case's lateness depends on the day of the
  check); a reply on the deadline itself is in time. It is not evaluated for the results where the
  applicant's delay stopped the clock (``CLOCK_STOPPED``: 逾期不补正, 逾期不缴费).
- Findings name the sheets as the workbook spells them (``LogRead.log_sheet``/``review_sheet``:
  ``申请台帐``, ``申请台账 ``), so annotations land and the skip-flagged-cells check matches.
- Messages quote no cell text (a name pasted one column off must not reach them): dates, as
  parsed, and the 申请编号/案件编号 of L4 (cut by ``snippet``) are the only values shown.
- Rows of 复议诉讼 get the same L3 (审结日期 ≥ 提起日期), L4 (案件编号 unique) and L5 (提起日期 not
  after the year) as applications, besides L7.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.cells import compact_text, snippet
from toolkit.read.log import CaseRow, LogRead, ReviewRow
from toolkit.rules.workdays import EXTENSION_DAYS, REPLY_DAYS, Calendar, uncovered_warning

_DIGITS = re.compile(r"[0-9]+")

#: results after which the applicant's delay stopped the reply clock (逾期不补正, 逾期不缴费): no L6
CLOCK_STOPPED = frozenset(("三.六.1", "三.六.2"))

__all__ = ["check_log", "excluded_before_year", "reviews_excluded_before_year"]


def _year(log: LogRead, year: int | None) -> int | None:
    return year if year is not None else log.info.year


def excluded_before_year(log: LogRead, *, year: int | None = None) -> list[CaseRow]:
    """Applications concluded before 1 January of the 统计年度: not counted in this year's table.

    Empty when the year is unknown (``check_log`` reports that as L5).
    """
    y = _year(log, year)
    if y is None:
        return []
    first = date(y, 1, 1)
    return [c for c in log.cases if c.concluded is not None and c.concluded < first]


def reviews_excluded_before_year(log: LogRead, *, year: int | None = None) -> list[ReviewRow]:
    """复议/诉讼 cases concluded before the 统计年度: not counted in this year's section 四."""
    y = _year(log, year)
    if y is None:
        return []
    first = date(y, 1, 1)
    return [r for r in log.reviews if r.concluded is not None and r.concluded < first]


def check_log(log: LogRead, *, calendar: Calendar | None = None, year: int | None = None) -> list[Finding]:
    """The row rules L1 (办理结果/办结日期 pairing), L3 (date order), L4, L5, L6 and L7.

    ``year`` overrides the 统计年度 of 单位信息. Notes (the excluded rows, a calendar lacking a
    year, skipped checks) are appended to ``log.notes``.
    """
    rules = _Rules(log, calendar or Calendar.default(), _year(log, year))
    return rules.run()


class _Rules:
    def __init__(self, log: LogRead, calendar: Calendar, year: int | None) -> None:
        self.log = log
        self.calendar = calendar
        self.year = year
        self.findings: list[Finding] = []
        # cells that already carry a reading-level finding: rules over them are skipped
        self.flagged = {(f.sheet, f.cell) for f in log.findings if f.cell}
        # their rows (of any sheet): most rows have none, and skip the per-cell look-ups
        self.flagged_rows = {_row_number(cell) for _, cell in self.flagged}
        self.l6_years: set[int] = set()

    # ---- helpers ---------------------------------------------------------------------------
    def add(
        self, rule: str, sheet: str, cell: str | None, column: str | None, message: str, hint: str
    ) -> None:
        self.findings.append(
            Finding(rule, self.log.path, message, hint, sheet=sheet, cell=cell, column=column)
        )

    def bad(self, sheet: str, cells: Mapping[str, str], name: str) -> bool:
        return (sheet, cells.get(name)) in self.flagged

    def note(self, text: str) -> None:
        if text and text not in self.log.notes:
            self.log.notes.append(text)

    # ---- the run ---------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        self.check_year()
        before = excluded_before_year(self.log, year=self.year)
        excluded = {(c.sheet, c.row) for c in before}
        first_ids: dict[str, tuple[str, Mapping[str, str]]] = {}  # across every case-log sheet
        for case in self.log.cases:
            sheet = case.sheet
            flagged = case.row in self.flagged_rows
            self.pairing(case, sheet, flagged)
            ordered = self.order(case, sheet, flagged)
            self.unique(case.case_id, case.cells, form.LOG_ID, sheet, first_ids)
            self.after_year(case.received, case.cells, form.LOG_RECEIVED, sheet)
            if ordered and (sheet, case.row) not in excluded:
                self.deadline(case, sheet)
        self.check_reviews()
        by_sheet: dict[str, list[int]] = {}
        for case in before:
            by_sheet.setdefault(case.sheet, []).append(case.row)
        for sheet, rows_of in by_sheet.items() if self.year is not None else ():
            rows = "、".join(str(r) for r in sorted(rows_of))
            self.note(
                f"“{sheet}”第 {rows} 行的申请在 {self.year} 年之前已办结，不计入 {self.year} 年度统计"
                f"（属于上一年度的申请，可以从本年台账中删除）"
            )
        uncovered = self.calendar.uncovered_years(date(y, 1, 1) for y in self.l6_years)
        if uncovered:
            self.note(f"答复期限检查（L6）：{uncovered_warning(uncovered)}")
        return self.findings

    # ---- 统计年度 ----------------------------------------------------------------------------
    def check_year(self) -> None:
        if self.year is not None:
            return
        sheet, cell = self.log.info_cells.get(form.UNIT_YEAR, (form.SHEET_UNIT, None))
        if self.log.year_text:
            message = f"“{form.UNIT_YEAR}”填写的“{self.log.year_text}”不是年份，无法判断哪些申请属于本年度"
        else:
            message = f"“{form.UNIT_YEAR}”为空，无法判断哪些申请属于本年度"
        self.add(
            "L5",
            sheet,
            cell,
            form.UNIT_YEAR,
            message,
            f"请在“{form.SHEET_UNIT}”中填写 4 位数字的统计年度，如 2024",
        )
        self.note("统计年度未知：已跳过“收到日期不晚于统计年度”的检查，也未列出上年已办结的申请")

    # ---- L1: 办理结果 and 办结日期 both or neither --------------------------------------------
    def pairing(self, case: CaseRow, sheet: str, flagged: bool = True) -> None:
        cells = case.cells
        if flagged and (
            self.bad(sheet, cells, form.LOG_CONCLUDED) or self.bad(sheet, cells, form.LOG_RESULT)
        ):
            return  # the unreadable cell is reported already; whether it was meant as filled is unknown
        concluded_filled = case.concluded is not None
        result_filled = case.result_key is not None
        if concluded_filled and not result_filled and form.LOG_RESULT in cells:
            shown = f" {case.concluded.isoformat()}" if case.concluded else ""
            self.add(
                "L1",
                sheet,
                cells[form.LOG_RESULT],
                form.LOG_RESULT,
                f"已填写“{form.LOG_CONCLUDED}”{shown}，但“{form.LOG_RESULT}”为空",
                f"请从下拉列表选择{form.LOG_RESULT}；尚未办结的，{form.LOG_CONCLUDED}和{form.LOG_RESULT}都留空",
            )
        elif result_filled and not concluded_filled and form.LOG_CONCLUDED in cells:
            self.add(
                "L1",
                sheet,
                cells[form.LOG_CONCLUDED],
                form.LOG_CONCLUDED,
                f"已填写“{form.LOG_RESULT}”，但“{form.LOG_CONCLUDED}”为空",
                f"请填写{form.LOG_CONCLUDED}（答复申请人的日期）；尚未办结的，两项都留空",
            )

    # ---- L3: dates in order ------------------------------------------------------------------
    def order(self, case: CaseRow, sheet: str, flagged: bool = True) -> bool:
        """办结日期 and 补正日期 not before 收到日期; True when every date needed for L6 is sound."""
        received = case.received
        if received is None:
            return False
        ok = case.concluded is not None
        for name, day in ((form.LOG_CONCLUDED, case.concluded), (form.LOG_CORRECTED, case.corrected)):
            if day is not None and day < received:
                ok = False
                self.add(
                    "L3",
                    sheet,
                    case.cells.get(name),
                    name,
                    f"“{name}” {day.isoformat()} 早于“{form.LOG_RECEIVED}” {received.isoformat()}",
                    f"请核对这两个日期：{name}不能早于{form.LOG_RECEIVED}",
                )
        if flagged and any(
            self.bad(sheet, case.cells, n)
            for n in (form.LOG_CORRECTED, form.LOG_EXTENDED, form.LOG_CONCLUDED)
        ):
            ok = False
        return ok

    # ---- L4: identifiers unique ----------------------------------------------------------------
    def unique(
        self,
        case_id: str | None,
        cells: Mapping[str, str],
        name: str,
        sheet: str,
        first: dict[str, tuple[str, Mapping[str, str]]],
    ) -> None:
        """L4. ``first`` keeps the sheet and cells of the first row of each ID (an address string
        per row would cost a million strings); the addresses are made only for a duplicate."""
        if not case_id or name not in cells:
            return
        key = compact_text(case_id).casefold()
        if key not in first:
            first[key] = (sheet, cells)
            return
        first_sheet, first_cells = first[key]
        self.add(
            "L4",
            sheet,
            cells[name],
            name,
            f"“{name}”“{snippet(case_id)}”与 {first_sheet}!{first_cells[name]} 重复",
            f"{name}在本工作簿内必须唯一：如果是同一件申请登记了两次，请删除多余的一行；"
            f"如果是不同的申请，请改用不同的编号",
        )

    # ---- L5: not after the year ------------------------------------------------------------------
    def after_year(self, day: date | None, cells: Mapping[str, str], name: str, sheet: str) -> None:
        if self.year is None or day is None or day.year <= self.year:
            return
        self.add(
            "L5",
            sheet,
            cells.get(name),
            name,
            f"“{name}” {day.isoformat()} 晚于统计年度 {self.year} 年",
            f"{day.year} 年的案件请登记在 {day.year} 年度的台账中；如果是日期填错了，请改正"
            f"（统计年度在“{form.SHEET_UNIT}”中）",
        )

    # ---- L6: reply within the statutory period -------------------------------------------------
    def deadline(self, case: CaseRow, sheet: str) -> None:
        received, concluded = case.received, case.concluded
        if received is None or concluded is None or case.result_key in CLOCK_STOPPED:
            return
        corrected = case.corrected
        due = self.calendar.reply_deadline(received, corrected=corrected, extended=case.extended)
        years = self.l6_years
        years.add(received.year)
        years.add(concluded.year)
        years.add(due.year)
        if corrected is not None:
            years.add(corrected.year)
        if concluded <= due:
            return
        late = self.calendar.working_days_between(due, concluded)
        if corrected is not None and corrected > received:
            start = f"{form.LOG_CORRECTED} {corrected.isoformat()}"
        else:
            start = f"{form.LOG_RECEIVED} {received.isoformat()}"
        days = REPLY_DAYS + (EXTENSION_DAYS if case.extended else 0)
        extension = "（已延期）" if case.extended else ""
        self.add(
            "L6",
            sheet,
            case.cells.get(form.LOG_CONCLUDED),
            form.LOG_CONCLUDED,
            f"“{form.LOG_CONCLUDED}” {concluded.isoformat()} 晚于法定答复期限 {due.isoformat()}"
            f"（自{start}起 {days} 个工作日{extension}），超出 {late} 个工作日",
            f"请核对{form.LOG_RECEIVED}、{form.LOG_CORRECTED}和{form.LOG_CONCLUDED}；"
            f"经批准延长答复期限的，在“{form.LOG_EXTENDED}”中选“{form.YES_NO[0]}”；"
            f"确属逾期答复的，请在年报“{form.SECTION_HEADINGS[4]}”中如实说明",
        )

    # ---- 复议诉讼 ----------------------------------------------------------------------------------
    def check_reviews(self) -> None:
        sheet = self.log.review_sheet or form.SHEET_REVIEW
        first_ids: dict[str, tuple[str, Mapping[str, str]]] = {}
        for review in self.log.reviews:
            self.review_pairing(review, sheet)
            self.review_order(review, sheet)
            self.unique(review.case_id, review.cells, form.REVIEW_ID, sheet, first_ids)
            self.after_year(review.filed, review.cells, form.REVIEW_FILED, sheet)

    def review_pairing(self, review: ReviewRow, sheet: str) -> None:
        cells = review.cells
        if self.bad(sheet, cells, form.REVIEW_CONCLUDED) or self.bad(sheet, cells, form.REVIEW_RESULT):
            return
        concluded_filled = review.concluded is not None
        result_filled = review.result is not None
        if concluded_filled == result_filled:
            return
        if concluded_filled:
            target, message = (
                form.REVIEW_RESULT,
                f"已填写“{form.REVIEW_CONCLUDED}”，但“{form.REVIEW_RESULT}”为空",
            )
        else:
            target, message = (
                form.REVIEW_CONCLUDED,
                f"已填写“{form.REVIEW_RESULT}”，但“{form.REVIEW_CONCLUDED}”为空",
            )
        self.add(
            "L7",
            sheet,
            cells.get(target),
            target,
            message,
            f"已审结的案件，{form.REVIEW_CONCLUDED}和{form.REVIEW_RESULT}（{'、'.join(form.SEC4_RESULTS)}）"
            f"都要填写；尚未审结的，两项都留空",
        )

    def review_order(self, review: ReviewRow, sheet: str) -> None:
        if review.filed is None or review.concluded is None or review.concluded >= review.filed:
            return
        self.add(
            "L3",
            sheet,
            review.cells.get(form.REVIEW_CONCLUDED),
            form.REVIEW_CONCLUDED,
            f"“{form.REVIEW_CONCLUDED}” {review.concluded.isoformat()} 早于“{form.REVIEW_FILED}” "
            f"{review.filed.isoformat()}",
            f"请核对这两个日期：{form.REVIEW_CONCLUDED}不能早于{form.REVIEW_FILED}",
        )


def _row_number(cell: str | None) -> int | None:
    """12 for "D12" (the first row of a range); None for no cell."""
    digits = _DIGITS.search(cell) if cell else None
    return int(digits.group()) if digits else None
