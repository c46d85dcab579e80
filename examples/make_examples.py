"""Generate the fictional county 示范县 (report year 2024) in examples/.

``python examples/make_examples.py`` regenerates every file in place; the output is the same,
byte for byte, on every run (fixed seed, fixed dates, xlsxwriter with a fixed document date).
Names, request texts and numbers are invented. Every official label comes from ``toolkit.form``.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.read.log_values import grouped_result
from toolkit.rules.workdays import Calendar
from toolkit.table import Table, UnitInfo
from toolkit.write.log_workbook import (  # the template's own writers
    log_lists,
    write_case_sheet,
    write_guide_sheet,
)
from toolkit.write.stats_workbook import write_stats_workbook
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

YEAR, SEED = 2024, 2024
COUNTY = "示范县人民政府"
MISSING_UNIT = "示范县南岭乡人民政府"  # on the roster, never submits (R24)
LOGS, STATS, PREVIOUS, ERRORS = "台账", "统计表", "上年", "with-errors"
ROSTER = "应报送单位名单.csv"
PREVIOUS_FILE = "示范县2023年统计表.xlsx"
CAL = Calendar.default()
TOWN, DEPARTMENT, COUNTY_LEVEL = (form.UNIT_LEVELS[i].label for i in (7, 6, 5))
PERSON, COMPANY, RESEARCH, CHARITY, LAW, OTHER = range(6)  # indexes of form.APPLICANT_TYPES
YES, NO = form.YES_NO
RESULT_LABEL = {key: grouped_result(key) for key in form.RESULT_KEYS}  # as the 台账 dropdown shows it
RESULT_KEY: dict[Any, str] = {label: key for key, label in RESULT_LABEL.items()}
POOL = {"三.一": 45, "三.二": 12, "三.四.1": 15, "三.四.2": 4, "三.五.1": 5, "三.五.2": 3, "三.六.3": 4}
APPLICANTS = (
    tuple(f"{s}某{t}" for s in "张王李赵刘陈杨黄周吴徐孙马朱胡郭" for t in ("", "某")),
    ("示范县某建材有限公司", "某置业有限公司", "某商贸有限公司", "某食品有限公司", "某物流有限公司"),
    ("某大学公共管理学院", "某农业科学研究所"),
    ("某环保公益协会", "某助学公益基金会"),
    ("某某律师事务所", "某法律服务所"),
    ("某村村民委员会", "某社区居民委员会", "某中学"),
)
REMARKS = {
    "三.四.1": "已告知申请人向负责该信息的机关申请",
    "三.四.3": "补正后仍无法确定所需信息",
    "三.五.1": "已转信访渠道办理",
    "三.五.2": "与前次申请内容相同",
    "三.六.1": "发出补正通知后，申请人逾期未补正",
    "三.六.2": "发出收费通知后，申请人逾期未缴费",
    "三.六.3": "申请人主动撤回申请",
}


@dataclass(frozen=True)
class Pick:
    """A case a unit must have (so the county shows every applicant type and most results)."""

    result: str | None = None  # a result key; None: drawn from POOL
    kind: int = PERSON
    extended: bool = False
    fee: int = 0  # 收费金额（元）


@dataclass(frozen=True)
class Unit:
    name: str
    code: str  # prefix of its 申请编号
    level: str
    contact: str
    phone: str
    address: str
    offices: tuple[str, ...]
    topics: tuple[str, ...]
    new: int  # applications received in 2024
    carried_in: int  # received in Nov/Dec 2023, concluded in Jan 2024
    carried_out: int  # received in Dec 2024, still pending
    sec2: tuple[tuple[int, int, int], int, int, int, str]  # 行政规范性文件, 许可, 处罚, 强制, fee 万元
    picks: tuple[Pick, ...] = ()
    reviews: tuple[tuple[int, date, date | None, int | None], ...] = ()  # block, filed, concluded, result

    def info(self) -> UnitInfo:
        return UnitInfo(
            self.name, YEAR, self.level, form.SCOPE_OWN, self.contact, self.phone, self.address, "836500"
        )

    def figures(self) -> dict[str, Any]:
        normative, *single = self.sec2
        return dict(
            zip(form.SEC2_KEYS, ([0, 0, 0], list(normative), *single[:3], Decimal(single[3])), strict=True)
        )


# fmt: off
UNITS: tuple[Unit, ...] = (
    Unit("示范县城关镇人民政府", "CG", TOWN, "陈某某", "0999-6210001", "示范县城关镇人民路1号",
         ("党政综合办公室", "社会事务办公室", "村镇建设办公室"),
         ("申请公开某村道路硬化项目资金使用情况", "申请公开某社区老旧小区改造实施方案",
          "申请公开某地块征收补偿安置方案", "申请公开某村集体经济收支明细"),
         18, 1, 2, ((1, 0, 4), 12, 8, 0, "0"),
         (Pick("三.四.1"), Pick("三.五.1"), Pick("三.六.3"), Pick("三.三.4"), Pick(kind=OTHER),
          Pick(kind=OTHER)),
         ((2, date(2024, 5, 20), date(2024, 9, 12), 0),)),
    Unit("示范县东湖乡人民政府", "DH", TOWN, "刘某", "0999-6230002", "示范县东湖乡东湖街8号",
         ("党政办公室", "农业农村服务中心"),
         ("申请公开某村土地承包经营权确权结果", "申请公开某村高标准农田建设项目验收材料"),
         9, 0, 0, ((0, 0, 2), 5, 3, 0, "0"),
         (Pick("三.四.1"), Pick("三.五.2"), Pick(kind=OTHER))),
    Unit("示范县西山镇人民政府", "XS", TOWN, "杨某某", "0999-6250003", "示范县西山镇府前路6号",
         ("党政综合办公室", "经济发展办公室"),
         ("申请公开某矿区生态修复工程资金拨付情况", "申请公开某村危房改造补助对象名单",
          "申请公开某村饮水安全工程招标文件"),
         12, 1, 0, ((1, 1, 3), 9, 6, 1, "0"),
         (Pick("三.四.2"), Pick("三.六.1"), Pick("三.五.1"), Pick(kind=COMPANY))),
    Unit("示范县教育局", "JY", DEPARTMENT, "周某", "0999-6120004", "示范县文化路12号",
         ("办公室", "基础教育股", "政策法规股"),
         ("申请公开某学区划片招生范围的确定依据", "申请公开某中学校舍改造项目预算",
          "申请公开2023年教师招聘考试成绩计算办法", "申请公开民办学校年检结果"),
         24, 1, 1, ((3, 1, 15), 46, 2, 0, "0"),
         (Pick("三.三.5"), Pick("三.三.6"), Pick("三.五.3"), Pick("三.二"), Pick(kind=RESEARCH),
          Pick("三.一", extended=True))),
    Unit("示范县自然资源局", "ZR", DEPARTMENT, "吴某某", "0999-6130005", "示范县建设路25号",
         ("办公室", "国土空间规划股", "不动产登记中心", "执法监察大队"),
         ("申请公开某地块国有建设用地使用权出让合同", "申请公开某乡镇国土空间总体规划图件",
          "申请公开某采矿权审批材料", "申请公开某村土地征收批复文件", "申请公开某宗地不动产登记簿"),
         36, 2, 3, ((2, 1, 11), 215, 37, 4, "35.62"),
         (Pick("三.三.2"), Pick("三.三.7"), Pick("三.四.3"), Pick("三.五.4"), Pick("三.六.2"),
          Pick("三.五.5"), Pick("三.二", LAW), Pick("三.一", CHARITY), Pick("三.一", COMPANY, fee=100),
          Pick("三.一", PERSON, fee=260), Pick("三.二", extended=True)),
         ((0, date(2023, 12, 18), date(2024, 2, 26), 0), (0, date(2024, 4, 8), date(2024, 6, 14), 0),
          (0, date(2024, 7, 1), date(2024, 8, 30), 1), (1, date(2024, 11, 11), None, None))),
    Unit("示范县市场监督管理局", "SJ", DEPARTMENT, "孙某", "0999-6140006", "示范县新华路3号",
         ("办公室", "登记注册股", "执法稽查大队"),
         ("申请公开某企业行政处罚决定书", "申请公开某食品抽检不合格产品处置情况",
          "申请公开某企业登记档案", "申请公开某投诉举报的处理结果"),
         28, 1, 1, ((1, 0, 6), 1830, 126, 18, "0"),
         (Pick("三.三.8", COMPANY), Pick("三.三.7"), Pick("三.三.4", COMPANY), Pick("三.五.5"),
          Pick(kind=LAW)),
         ((0, date(2024, 6, 3), date(2024, 7, 29), 2),)),
)
#: the unit that sends a hand-typed 统计表 instead of a 台账
TYPED = Unit("示范县住房和城乡建设局", "ZJ", DEPARTMENT, "马某", "0999-6150007", "示范县建设路9号",
             ("办公室", "房地产市场监管股"), ("申请公开某小区竣工验收备案材料",),
             20, 1, 1, ((2, 0, 9), 164, 21, 2, "0"), (Pick("三.二"), Pick("三.四.1"), Pick("三.三.6")))
# fmt: on


def working_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d for d in days if CAL.is_working_day(d)]


def dates(stage: str, pick: Pick, result: str, rng: random.Random) -> tuple[date, date | None, date | None]:
    """收到日期, 补正日期, 办结日期 of one application, replied in time (L6), by working days."""
    if stage == "out":  # received late in December, not concluded by 31 December
        return rng.choice(working_days(date(2024, 12, 16), date(2024, 12, 30))), None, None
    if stage == "in":  # received in Nov/Dec of last year, concluded in January
        span = (
            (date(2023, 11, 27), date(2023, 12, 1))
            if pick.extended
            else (date(2023, 12, 4), date(2023, 12, 27))
        )
        received = rng.choice(working_days(*span))
        least = CAL.working_days_between(received, date(2024, 1, 2))
        days = rng.randint(max(least, 25), 36) if pick.extended else rng.randint(least, 20)
        return received, None, CAL.add_working_days(received, days)
    if pick.extended:
        received = rng.choice(working_days(date(2024, 3, 1), date(2024, 9, 30)))
        return received, None, CAL.add_working_days(received, rng.randint(24, 36))
    received = rng.choice(working_days(date(2024, 1, 2), date(2024, 11, 22)))
    corrected = CAL.add_working_days(received, rng.randint(3, 8)) if result == "三.四.3" else None
    days = rng.randint(16, 20) if result == "三.六.1" else rng.randint(3, 18)
    return received, corrected, CAL.add_working_days(corrected or received, days)


def make_cases(unit: Unit, rng: random.Random) -> list[dict[str, Any]]:
    """The unit's 申请台账 rows: carried in from 2023, received in 2024, and still pending."""
    plans = [("in", Pick(extended=i == 1)) for i in range(unit.carried_in)]
    plans += [("new", p) for p in unit.picks] + [("new", Pick())] * (unit.new - len(unit.picks))
    plans += [("out", Pick())] * unit.carried_out
    rows: list[dict[str, Any]] = []
    for stage, pick in plans:
        kind = pick.kind if pick != Pick() else rng.choices(range(6), (70, 12, 1, 2, 4, 6))[0]
        result = pick.result or rng.choices(list(POOL), list(POOL.values()))[0]
        received, corrected, concluded = dates(stage, pick, result, rng)
        extended = pick.extended and concluded is not None  # replied after 20, within 40 working days
        remark = "；".join(
            t for t in ("经批准延长答复期限" if extended else "", REMARKS.get(result, "")) if t
        )
        rows.append({
            form.LOG_RECEIVED: received, form.LOG_APPLICANT_TYPE: form.APPLICANT_TYPES[kind],
            form.LOG_APPLICANT: rng.choice(APPLICANTS[kind]), form.LOG_CONTENT: rng.choice(unit.topics),
            form.LOG_METHOD: rng.choices(form.APPLY_METHODS, (30, 15, 45, 8, 1, 1))[0],
            form.LOG_CORRECTED: corrected, form.LOG_OFFICE: rng.choice(unit.offices),
        })  # fmt: skip
        reply = rng.choices(form.REPLY_METHODS, (20, 15, 30, 15, 20, 0))[0]
        if concluded is not None:
            rows[-1] |= {
                form.LOG_CONCLUDED: concluded, form.LOG_RESULT: RESULT_LABEL[result],
                form.LOG_EXTENDED: YES if extended else NO, form.LOG_REPLY_METHOD: reply,
                form.LOG_FEE: pick.fee or None, form.LOG_REMARK: remark or None,
            }  # fmt: skip
    rows.sort(key=lambda row: row[form.LOG_RECEIVED])
    first_old = rng.randint(40, 60)  # last year's cases keep last year's numbers
    for year, start in ((YEAR - 1, first_old), (YEAR, 1)):
        for n, row in enumerate((r for r in rows if r[form.LOG_RECEIVED].year == year), start=start):
            row[form.LOG_ID] = f"{unit.code}-{year}-{n:03d}"
    return rows


def review_rows(unit: Unit, cases: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unit's 复议诉讼 rows, each linked to the last refused application before it."""
    rows = []
    for n, (block, filed, concluded, result) in enumerate(unit.reviews, start=1):
        refused = [
            c[form.LOG_ID] for c in cases
            if c.get(form.LOG_RESULT) not in (None, RESULT_LABEL["三.一"]) and c[form.LOG_CONCLUDED] < filed
        ]  # fmt: skip
        rows.append({
            form.REVIEW_ID: f"{unit.code}-复议诉讼-{filed.year}-{n:02d}",
            form.REVIEW_TYPE: form.SEC4_BLOCKS[block], form.REVIEW_FILED: filed,
            form.REVIEW_CONCLUDED: concluded,
            form.REVIEW_RESULT: None if result is None else form.SEC4_RESULTS[result],
            form.REVIEW_APPLICATION: refused[-1] if refused else None, form.REVIEW_REMARK: "申请人对答复不服",
        })  # fmt: skip
    return rows


def count(unit: Unit, cases: Sequence[dict[str, Any]]) -> Table:
    """The unit's table, counted as spec/official-format.md "Counting conventions" says."""
    table = Table(unit.name, YEAR, sec2=unit.figures())
    for case in cases:
        col = form.APPLICANT_TYPES.index(case[form.LOG_APPLICANT_TYPE])
        opened = form.RECEIVED_KEY if case[form.LOG_RECEIVED].year == YEAR else form.CARRIED_IN_KEY
        closed = RESULT_KEY.get(case.get(form.LOG_RESULT), form.CARRIED_OUT_KEY)
        for key in (opened, closed):
            table.sec3[key][col] = (table.sec3[key][col] or 0) + 1
    for block, _, concluded, result in unit.reviews:
        column = form.SEC4_PENDING if concluded is None or result is None else form.SEC4_RESULTS[result]
        i = form.sec4_index(form.SEC4_BLOCKS[block], column)
        table.sec4[i] = (table.sec4[i] or 0) + 1
    return table.with_totals()


# ---- writing ------------------------------------------------------------------------------
def write_log(
    path: Path, unit: Unit, rows: Sequence[dict[str, Any]], reviews: Sequence[dict[str, Any]]
) -> None:
    """A filled 台账 in the layout of ``xxgk template log`` (guide, dropdowns, validations, stamp)."""
    wb, buffer = new_workbook()
    styles = Styles.create(wb)
    lists = log_lists()
    refs = list_refs(lists)
    write_guide_sheet(wb, styles)
    write_unit_sheet(wb, styles, unit.info().values(), refs, kind="log")
    write_case_sheet(wb, styles, form.SHEET_LOG, form.LOG_COLUMNS, refs)
    write_sec2_sheet(wb, styles, form.SHEET_SEC2, unit.figures())
    write_case_sheet(wb, styles, form.SHEET_REVIEW, form.REVIEW_COLUMNS, refs)
    write_lists(wb, lists, styles)
    write_stamp(wb, "log")
    money = wb.add_format({"border": 1, "locked": False, "num_format": "0.00"})
    for sheet, columns, data in (
        (form.SHEET_LOG, form.LOG_COLUMNS, rows),
        (form.SHEET_REVIEW, form.REVIEW_COLUMNS, reviews),
    ):
        ws = wb.get_worksheet_by_name(sheet)
        for r, row in enumerate(data, start=1):
            for c, column in enumerate(columns):
                value = row.get(column.name)
                if isinstance(value, date):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), styles.input_date)
                elif isinstance(value, int):
                    ws.write_number(r, c, value, money)
                elif value:
                    ws.write_string(r, c, value, styles.input_text)
    finish(wb, buffer, path)


def wrapped(text: str) -> str:
    """A label as Word wraps it in a narrow cell, pasted into Excel with its line breaks."""
    return text if len(text) < 4 else f"{text[: len(text) // 2]}\n{text[len(text) // 2 :]}"


def write_typed_stats(path: Path, table: Table, wrong: tuple[str, int, int] | None = None) -> None:
    """The three tables as a unit types them: one sheet, a Word table pasted into Excel (merged
    group cells, wrapped labels, 规范性文件 for 行政规范性文件). ``wrong``: (key, column, typed)."""
    wb, buffer = new_workbook()
    ws = wb.add_worksheet("Sheet1")
    box = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter", "align": "center"})
    for first, last, width in ((0, 0, 12), (1, 1, 14), (2, 2, 44), (3, 14, 10)):
        ws.set_column(first, last, width)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, f"{table.unit}{YEAR}年政府信息公开工作年度报告")
    ws.write_string(1, 0, form.SECTION_HEADINGS[1])
    drift = next(k for k, v in form.LABEL_DRIFT.items() if v == form.SEC2_NORMATIVE_KEY)
    r = 2
    for sub in form.SEC2_TABLES:
        ws.merge_range(r, 0, r, 3, sub.header, box)
        ws.write_string(r + 1, 0, form.SEC2_CONTENT_LABEL, box)
        if sub.width == 1:
            ws.merge_range(r + 1, 1, r + 1, 3, sub.columns[0], box)
        for c, column in enumerate(sub.columns if sub.width > 1 else (), start=1):
            ws.write_string(r + 1, c, column, box)
            ws.set_row(r + 1, 30)
        for r, key in enumerate(sub.rows, start=r + 2):  # noqa: B020 - r moves down the sheet
            ws.write_string(r, 0, drift if key == form.SEC2_NORMATIVE_KEY else key, box)
            value = table.sec2[key]
            if sub.width == 1:
                ws.merge_range(r, 1, r, 3, "", box)
            for c, v in enumerate(value if isinstance(value, list) else [value], start=1):
                ws.write_number(r, c, float(v or 0), box)
        r += 1
    ws.write_string(r, 0, form.SECTION_HEADINGS[2])
    r += 1
    ws.merge_range(r, 0, r + 2, 2, form.SEC3_NOTE, box)
    ws.merge_range(r, 3, r, 9, form.SEC3_APPLICANT_HEAD, box)
    ws.merge_range(r + 1, 3, r + 2, 3, form.SEC3_COLUMNS[0], box)
    ws.merge_range(r + 1, 4, r + 1, 8, form.SEC3_LEGAL_PERSON_GROUP, box)
    for c, column in enumerate(form.LEGAL_PERSON_TYPES, start=4):
        ws.write_string(r + 2, c, wrapped(column), box)
    ws.set_row(r, 30)
    ws.set_row(r + 2, 30)
    ws.merge_range(r + 1, 9, r + 2, 9, form.SEC3_TOTAL_COLUMN, box)
    top = r = r + 3
    for key in form.SEC3_KEYS:
        row = form.SEC3_ROW[key]
        group = form.RESULT_GROUP.get(row.group or "")
        if row.kind != "result" and row.kind != "total":
            ws.merge_range(r, 0, r, 2, row.label, box)
        elif group is None or not group.has_group_cell:
            ws.merge_range(r, 1, r, 2, row.label, box)
        else:
            if key == group.leaves[0]:
                ws.merge_range(r, 1, r + len(group.leaves) - 1, 1, wrapped(group.label), box)
            ws.write_string(r, 2, row.label, box)
            ws.set_row(r, 30 if len(row.label) > 21 else None)
        for c, value in enumerate(table.sec3[key]):
            ws.write_number(r, 3 + c, wrong[2] if wrong and wrong[:2] == (key, c) else value or 0, box)
        r += 1
    ws.merge_range(top + 2, 0, r - 2, 0, form.SEC3_RESULTS_HEAD, box)
    ws.write_string(r + 1, 0, form.SECTION_HEADINGS[3])
    r += 2
    ws.merge_range(r, 0, r, 4, form.SEC4_REVIEW, box)
    ws.set_row(r + 2, 30)
    ws.merge_range(r, 5, r, 14, form.SEC4_LITIGATION, box)
    for b, block in enumerate(form.SEC4_BLOCKS):
        if b:
            ws.merge_range(r + 1, 5 * b, r + 1, 5 * b + 4, block, box)
        for i, column in enumerate(form.SEC4_BLOCK_COLUMNS, start=5 * b):
            if b:
                ws.write_string(r + 2, i, column, box)
            else:
                ws.merge_range(r + 1, i, r + 2, i, column, box)
    for i, value in enumerate(table.sec4):
        ws.write_number(r + 3, i, value or 0, box)
    finish(wb, buffer, path)


def previous_year(carried: list[int], sec2: dict[str, Any], rng: random.Random) -> Table:
    """Last year's county table: its 四 is what the units carried into 2024, its 现行有效 what
    2024's 现行有效, 制发 and 废止 imply (R10)."""
    table = Table(COUNTY, YEAR - 1)
    received, before = [96, 14, 1, 1, 4, 9], [2, 1, 0, 0, 0, 0]
    for c in range(6):
        table.sec3[form.RECEIVED_KEY][c], table.sec3[form.CARRIED_IN_KEY][c] = received[c], before[c]
        table.sec3[form.CARRIED_OUT_KEY][c] = carried[c]
        for _ in range(received[c] + before[c] - carried[c]):
            key = rng.choices(list(POOL), list(POOL.values()))[0]
            table.sec3[key][c] = (table.sec3[key][c] or 0) + 1
    made, repealed, in_force = sec2[form.SEC2_NORMATIVE_KEY]
    table.sec2 = dict(zip(form.SEC2_KEYS, ([0, 0, 0], [7, 2, in_force - made + repealed], 2104, 188, 21,
                                          Decimal("31.08")), strict=True))  # fmt: skip
    table.sec4 = [2, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    return table.with_totals()


#: with-errors/: unit → (file name, row, column, the value typed there) — one mistake per file
LOG_MISTAKES: dict[str, tuple[str, int, str, Callable[[list[dict[str, Any]]], str]]] = {
    "示范县东湖乡人民政府": (
        "示范县东湖乡人民政府台账-收到日期写成文本.xlsx", 4, form.LOG_RECEIVED,
        lambda rows: "{0.month}月{0.day}日".format(rows[4][form.LOG_RECEIVED]),
    ),
    "示范县教育局": ("示范县教育局台账-办理结果不是下拉选项.xlsx", 6, form.LOG_RESULT, lambda rows: "已答复"),
    "示范县西山镇人民政府": (
        "示范县西山镇人民政府台账-申请编号重复.xlsx", 8, form.LOG_ID, lambda rows: rows[7][form.LOG_ID],
    ),
}  # fmt: skip
WRONG_TOTAL_FILE = f"{TYPED.name}统计表-总计填错.xlsx"
WRONG_TOTAL_KEY = "三.四.1"  # like the real sample: one 总计 cell one short


def main(out_dir: Path | None = None) -> dict[str, Table]:
    """Write every example file under ``out_dir`` (default: beside this script); return each
    unit's table as counted here."""
    out = Path(out_dir) if out_dir is not None else Path(__file__).resolve().parent
    for sub in (LOGS, STATS, PREVIOUS, ERRORS):
        for old in (out / sub).glob("*.xlsx"):
            old.unlink()
    rng = random.Random(SEED)
    tables: dict[str, Table] = {}
    for unit in (*UNITS, TYPED):
        cases = make_cases(unit, rng)
        tables[unit.name] = table = count(unit, cases)
        if unit is TYPED:
            write_typed_stats(out / STATS / f"{unit.name}.xlsx", table)
            total = table.sec3[WRONG_TOTAL_KEY][form.TOTAL_COL] or 0
            write_typed_stats(
                out / ERRORS / WRONG_TOTAL_FILE, table, (WRONG_TOTAL_KEY, form.TOTAL_COL, total - 1)
            )
            continue
        reviews = review_rows(unit, cases)
        write_log(out / LOGS / f"{unit.name}.xlsx", unit, cases, reviews)
        if unit.name in LOG_MISTAKES:
            name, row, column, typed = LOG_MISTAKES[unit.name]
            cases[row] = cases[row] | {column: typed(cases)}
            write_log(out / ERRORS / name, unit, cases, reviews)
    county = sum(tables.values(), Table(COUNTY, YEAR))
    carried = [v or 0 for v in county.sec3[form.CARRIED_IN_KEY][: form.TOTAL_COL]]
    last = previous_year(carried, county.sec2, random.Random(SEED - 1))
    info = UnitInfo(COUNTY, YEAR - 1, COUNTY_LEVEL, form.SCOPE_ROLLUP, "赵某某", "0999-6100000",
                    "示范县人民路100号", "836500")  # fmt: skip
    write_stats_workbook(last, out / PREVIOUS / PREVIOUS_FILE, info)
    text = io.StringIO(newline="")
    csv.writer(text).writerows([[form.UNIT_NAME], *([name] for name in [*tables, MISSING_UNIT])])
    (out / ROSTER).write_bytes(text.getvalue().encode("utf-8-sig"))
    return tables


def summary(table: Table) -> str:
    """``新收 19，上年结转 1，办结 19，结转 1，复议诉讼 1`` (the 总计 column and section 四)."""
    words = zip(("新收", "上年结转", "办结", "结转"), ("一", "二", "三.七", "四"), strict=True)
    sec3 = "，".join(f"{word} {table.sec3[key][form.TOTAL_COL]}" for word, key in words)
    return f"{sec3}，复议诉讼 {sum(table.sec4[i] or 0 for i in form.SEC4_TOTAL_INDEXES)}"


if __name__ == "__main__":
    made = main()
    for unit_name, unit_table in made.items():
        print(f"{unit_name}：{summary(unit_table)}")
    print(f"{COUNTY}（合计）：{summary(sum(made.values(), Table(COUNTY, YEAR)))}")
