"""Reading a filled 台账 (toolkit.read.log) and the case-log rules L1–L7 (toolkit.rules.log).

Every fixture is a tiny workbook named after its defect, built by log_fixtures.write_log in the
layout of our template. Findings are compared as (rule, sheet, cell) tuples.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from log_fixtures import LOG_NAMES, PERSONAL, REVIEW_NAMES, case, open_book, read, review, write_log

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import Finding
from toolkit.read.log import CaseRow, ReviewRow, looks_like_log, read_log
from toolkit.rules.log import check_log, excluded_before_year, reviews_excluded_before_year
from toolkit.rules.workdays import Calendar
from toolkit.write.templates import template

LOG, REV, UNIT, SEC2 = form.SHEET_LOG, form.SHEET_REVIEW, form.SHEET_UNIT, form.SHEET_SEC2
NATURAL, COMPANY = form.APPLICANT_TYPES[0], form.APPLICANT_TYPES[1]
OPEN = form.RESULT_LABELS[0]  # （一）予以公开


def where(findings: list[Finding]) -> set[tuple[str, str | None, str | None]]:
    return {(f.rule, f.sheet, f.cell) for f in findings}


def all_findings(path: Path, **kwargs: Any) -> tuple[Any, list[Finding]]:
    log = read(path)
    return log, [*log.findings, *check_log(log, **kwargs)]


def letter(name: str, columns: tuple[str, ...] = LOG_NAMES) -> str:
    return chr(ord("A") + columns.index(name))


def cells(row: int, columns: tuple[str, ...] = LOG_NAMES) -> dict[str, str]:
    return {name: f"{letter(name, columns)}{row}" for name in columns}


# ---- a clean log ---------------------------------------------------------------------------------


def test_clean_log_reads_exact_rows_and_has_no_findings(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "clean.xlsx",
        [
            case(),
            case(
                id="2024-002",
                applicant_type=COMPANY,
                received=date(2024, 9, 20),
                corrected=date(2024, 9, 27),
                concluded=date(2024, 11, 20),
                result=form.SEC3_ROW["三.四.1"].label,
                extended=form.YES_NO[0],
                fee=12.5,
                office="",
            ),
            case(id="2024-003", received=date(2024, 12, 20), concluded=None, result=None, fee=None),
        ],
        reviews=[review(), review(id="复-2024-02", type=form.SEC4_BLOCKS[2], concluded=None, result=None)],
        sec2={"行政规范性文件": [3, 1, 12], "行政许可": 25, "行政事业性收费": 7730.28},
    )
    log, findings = all_findings(path)
    assert findings == []
    assert log.cases == [
        CaseRow(
            2,
            "2024-001",
            date(2024, 3, 5),
            NATURAL,
            date(2024, 3, 20),
            "三.一",
            None,
            False,
            Decimal(0),
            "党政办",
            cells(2),
        ),
        CaseRow(
            3,
            "2024-002",
            date(2024, 9, 20),
            COMPANY,
            date(2024, 11, 20),
            "三.四.1",
            date(2024, 9, 27),
            True,
            Decimal("12.5"),
            "",
            cells(3),
        ),
        CaseRow(
            4, "2024-003", date(2024, 12, 20), NATURAL, None, None, None, False, None, "党政办", cells(4)
        ),
    ]
    assert log.reviews == [
        ReviewRow(
            2,
            "复-2024-01",
            form.SEC4_BLOCKS[0],
            date(2024, 5, 6),
            date(2024, 7, 1),
            form.SEC4_RESULTS[0],
            cells(2, tuple(c.name for c in form.REVIEW_COLUMNS)),
        ),
        ReviewRow(
            3,
            "复-2024-02",
            form.SEC4_BLOCKS[2],
            date(2024, 5, 6),
            None,
            None,
            cells(3, tuple(c.name for c in form.REVIEW_COLUMNS)),
        ),
    ]
    assert log.info.name == "示范镇人民政府" and log.info.year == 2024
    assert log.info_cells[form.UNIT_YEAR] == (UNIT, "B4")
    assert log.template_version == 1
    assert log.rows_read == 3 and log.blank_rows == 0 and log.skipped_rows == []
    assert log.sec2 == {
        "规章": [0, 0, 0],
        "行政规范性文件": [3, 1, 12],
        "行政许可": 25,
        "行政处罚": 0,
        "行政强制": 0,
        "行政事业性收费": Decimal("7730.28"),
    }
    assert log.sec2_cells[("行政规范性文件", 2)] == (SEC2, "D5")
    assert log.sec2_cells[("行政事业性收费", 0)] == (SEC2, "B15")
    assert excluded_before_year(log) == [] and reviews_excluded_before_year(log) == []


def test_blank_template_reads_as_an_empty_log(tmp_path: Path) -> None:
    path = template("log", tmp_path / "blank.xlsx", unit="示范镇人民政府", year=2024)
    book = open_book(path)
    assert looks_like_log(book)
    log = read_log(book, str(path))
    assert (log.cases, log.reviews, log.findings, log.rows_read) == ([], [], [], 0)
    assert log.template_version == 1 and log.info.year == 2024
    assert check_log(log) == []


def test_blank_template_without_year_is_an_l5_error(tmp_path: Path) -> None:
    path = template("log", tmp_path / "no-year.xlsx")
    log, findings = all_findings(path)
    assert where(findings) == {("L5", UNIT, "B4")}
    assert "统计年度" in findings[0].message and "2024" in findings[0].hint
    assert excluded_before_year(log) == [] and any("统计年度未知" in n for n in log.notes)


def test_unreadable_year_is_an_l5_error_quoting_it(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "year-in-words.xlsx",
        [case(received=date(2031, 1, 1), concluded=None, result=None)],
        year="二〇二四",
    )
    log, findings = all_findings(path)
    assert log.info.year is None
    assert where(findings) == {("L5", UNIT, "B4")}  # no L5 on the date: the year is unknown
    assert "二〇二四" in findings[0].message


@pytest.mark.parametrize("text", ["2024", "2024年", "2024年度", " ２０２４ "])
def test_year_forms(tmp_path: Path, text: str) -> None:
    assert read(write_log(tmp_path / "y.xlsx", [case()], year=text)).info.year == 2024


def test_year_typed_into_a_date_formatted_cell(tmp_path: Path) -> None:
    # 2024 in a cell formatted as a date reads back as the date of serial 2024
    path = write_log(tmp_path / "y.xlsx", [case()], year=None, extra=[(UNIT, 3, 1, date(1905, 7, 16))])
    assert read(path).info.year == 2024


# ---- L3: dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        date(2024, 3, 5),
        datetime(2024, 3, 5, 10, 30),
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        "2024 年 3 月 5 日",
        "20240305",
        20240305,
        45356,
        "45356",
        "２０２４－０３－０５",
        "２０２４年３月５日",
    ],
    ids=repr,
)
def test_every_date_form_reads_as_the_same_date(tmp_path: Path, value: Any) -> None:
    log, findings = all_findings(write_log(tmp_path / "d.xlsx", [case(received=value)]))
    assert findings == []
    assert log.cases[0].received == date(2024, 3, 5)


@pytest.mark.parametrize("value", ["2024-02-30", "3月5日", "2024.3", "下周一", "2024-13-01"])
def test_not_a_date_is_l3_at_its_cell_and_nothing_else(tmp_path: Path, value: str) -> None:
    log, findings = all_findings(write_log(tmp_path / "bad-date.xlsx", [case(received=value)]))
    assert where(findings) == {("L3", LOG, "B2")}
    assert log.cases[0].received is None
    assert findings[0].column == form.LOG_RECEIVED and "2024-03-05" in findings[0].hint


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (form.LOG_RECEIVED, "2024", "：只有年份，缺少月、日"),
        (form.LOG_RECEIVED, "3月5日", "：不是年月日齐全的日期"),
        (form.LOG_RECEIVED, "2024-13-01", "：没有13月"),
        (form.LOG_FEE, "-5", "：不能是负数"),
        (form.LOG_FEE, "5元", "：带了单位，只填数字即可"),
        # the words come from the parser's code, never from the cell's text
        (form.LOG_RECEIVED, "只有年份", "：不是年月日齐全的日期"),
        (form.LOG_FEE, "负数", ""),
    ],
)
def test_why_a_cell_is_not_a_value_follows_the_parser_s_code(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    key = {form.LOG_RECEIVED: "received", form.LOG_FEE: "fee"}[column]
    log = read(write_log(tmp_path / "why.xlsx", [case(**{key: value})]))
    what = "有效日期" if column == form.LOG_RECEIVED else "有效金额"
    assert [f.message for f in log.findings if f.column == column] == [f"“{column}”不是{what}{reason}"]


def test_bad_concluded_date_is_l3_not_a_pairing_error(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "bad-concluded.xlsx", [case(concluded="2024-04-31")]))
    assert where(findings) == {("L3", LOG, "F2")}
    assert "4月没有31日" in findings[0].message


def test_concluded_before_received_is_l3(tmp_path: Path) -> None:
    _, findings = all_findings(
        write_log(tmp_path / "concluded-before-received.xlsx", [case(concluded=date(2024, 3, 1))])
    )
    assert where(findings) == {("L3", LOG, "F2")}
    assert "2024-03-01" in findings[0].message and "2024-03-05" in findings[0].message


def test_corrected_before_received_is_l3(tmp_path: Path) -> None:
    _, findings = all_findings(
        write_log(tmp_path / "corrected-before-received.xlsx", [case(corrected=date(2024, 3, 4))])
    )
    assert where(findings) == {("L3", LOG, "I2")}


# ---- L1 / L2 --------------------------------------------------------------------------------------


def test_missing_received_is_l1(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "no-received.xlsx", [case(received=None)]))
    assert where(findings) == {("L1", LOG, "B2")}


def test_missing_id_and_type_are_l1(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "no-id.xlsx", [case(id=None, applicant_type=" ")]))
    assert where(findings) == {("L1", LOG, "A2"), ("L1", LOG, "C2")}
    assert "请从下拉列表选择" in next(f.hint for f in findings if f.cell == "C2")


def test_result_without_concluded_is_l1_at_the_date(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "result-no-date.xlsx", [case(concluded=None)]))
    assert where(findings) == {("L1", LOG, "F2")}


def test_concluded_without_result_is_l1_at_the_result(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "date-no-result.xlsx", [case(result=None)]))
    assert where(findings) == {("L1", LOG, "G2")}
    assert "2024-03-20" in findings[0].message


def test_unknown_result_label_is_l2_only(tmp_path: Path) -> None:
    log, findings = all_findings(write_log(tmp_path / "unknown-result.xlsx", [case(result="已答复")]))
    assert where(findings) == {("L2", LOG, "G2")}
    assert "已答复" not in findings[0].message and "请从下拉列表选择" in findings[0].hint
    assert f"“{form.LOG_RESULT}”" in findings[0].message and "共 21 项" in findings[0].message
    assert log.cases[0].result_key is None


def test_unknown_applicant_type_is_l2(tmp_path: Path) -> None:
    _, findings = all_findings(write_log(tmp_path / "unknown-type.xlsx", [case(applicant_type="个人")]))
    assert where(findings) == {("L2", LOG, "C2")}
    assert findings[0].message == f"“{form.LOG_APPLICANT_TYPE}”不是下拉列表中的选项（共 6 项）"
    assert "个人" not in findings[0].message and "请从下拉列表选择" in findings[0].hint


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("予以公开", "三.一"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三.二"),
        ("1、本机关不掌握相关政府信息", "三.四.1"),
        ("不予公开-属于国家秘密", "三.三.1"),
        ("2. 重复申请", "三.五.2"),
    ],
)
def test_result_label_variants(tmp_path: Path, text: str, key: str) -> None:
    log, findings = all_findings(write_log(tmp_path / "variant.xlsx", [case(result=text)]))
    assert findings == [] and log.cases[0].result_key == key


def test_extended_other_than_yes_no_is_l2(tmp_path: Path) -> None:
    log, findings = all_findings(write_log(tmp_path / "extended.xlsx", [case(extended="延了")]))
    assert where(findings) == {("L2", LOG, "J2")} and log.cases[0].extended is False


def test_fee_with_unit_is_r5(tmp_path: Path) -> None:
    log, findings = all_findings(write_log(tmp_path / "fee.xlsx", [case(fee="50元")]))
    assert where(findings) == {("R5", LOG, "L2")} and log.cases[0].fee is None
    assert "元" in findings[0].hint


# ---- L4 / L5 --------------------------------------------------------------------------------------


def test_duplicate_id_is_l4_at_the_second_naming_the_first(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "duplicate-id.xlsx",
        [case(), case(id="2024-002"), case(id=" ２０２４-００１ ")],
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L4", LOG, "A4")}
    assert f"{LOG}!A2" in findings[0].message


def test_received_in_the_next_year_is_l5(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "received-next-year.xlsx",
        [case(received=date(2025, 1, 6), concluded=None, result=None)],
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L5", LOG, "B2")}
    assert "2025-01-06" in findings[0].message and "2024" in findings[0].message


def test_case_concluded_before_the_year_is_excluded_not_an_error(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "concluded-last-year.xlsx",
        [
            case(received=date(2023, 12, 1), concluded=date(2023, 12, 20)),
            case(id="2024-002", received=date(2023, 12, 15), concluded=date(2024, 1, 10)),
        ],
    )
    log, findings = all_findings(path)
    assert findings == []
    assert [c.row for c in excluded_before_year(log)] == [2]
    assert any("第 2 行" in n and "不计入" in n for n in log.notes)
    assert excluded_before_year(log, year=2023) == []


# ---- L6: the statutory reply period ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "corrected", "extended", "concluded", "late"),
    [
        # 国庆 2024: 20 working days from 9-20 (调休 9-29 and 10-12 count, 10-1…10-7 do not) end 10-23
        (date(2024, 9, 20), None, False, date(2024, 10, 23), None),
        (date(2024, 9, 20), None, False, date(2024, 10, 24), 1),
        # 补正: counted from 9-27 → 10-30
        (date(2024, 9, 20), date(2024, 9, 27), False, date(2024, 10, 30), None),
        (date(2024, 9, 20), date(2024, 9, 27), False, date(2024, 10, 31), 1),
        # 春节 2024: from 1-26 (调休 2-4 and 2-18 count, 2-12…2-16 do not) → 2-28
        (date(2024, 1, 26), None, False, date(2024, 2, 28), None),
        (date(2024, 1, 26), None, False, date(2024, 3, 1), 2),
        # 延期: 40 working days
        (date(2024, 1, 26), None, True, date(2024, 3, 27), None),
        (date(2024, 9, 20), None, True, date(2024, 11, 20), None),
        (date(2024, 9, 20), None, True, date(2024, 11, 21), 1),
    ],
)
def test_l6_reply_period_in_working_days(
    tmp_path: Path,
    received: date,
    corrected: date | None,
    extended: bool,
    concluded: date,
    late: int | None,
) -> None:
    flag = form.YES_NO[0] if extended else form.YES_NO[1]
    path = write_log(
        tmp_path / "late.xlsx",
        [case(received=received, corrected=corrected, extended=flag, concluded=concluded)],
    )
    log, findings = all_findings(path)
    if late is None:
        assert findings == []
    else:
        assert where(findings) == {("L6", LOG, "F2")}
        assert findings[0].severity == "warning"
        assert f"超出 {late} 个工作日" in findings[0].message
    assert not any("节假日未知" in n for n in log.notes)


@pytest.mark.parametrize(
    ("key", "late"),
    [("三.六.1", False), ("三.六.2", False), ("三.六.3", True), (form.RESULT_KEYS[0], True)],
)
def test_l6_not_for_results_where_the_applicant_stopped_the_clock(
    tmp_path: Path, key: str, late: bool
) -> None:
    """逾期不补正 and 逾期不缴费: the applicant's delay, not the office's; any other result is reminded."""
    path = write_log(
        tmp_path / "late.xlsx",
        [case(received=date(2024, 9, 20), concluded=date(2024, 11, 29), result=form.SEC3_ROW[key].label)],
    )
    _, findings = all_findings(path)
    assert where(findings) == ({("L6", LOG, "F2")} if late else set())


def test_l6_notes_a_calendar_lacking_the_year(tmp_path: Path) -> None:
    log = read(write_log(tmp_path / "x.xlsx", [case()]))
    assert check_log(log, calendar=Calendar.from_rows([])) == []
    assert any("2024年度节假日未知" in n for n in log.notes)


def test_l6_skipped_for_a_row_with_a_date_problem(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.xlsx", [case(received=date(2024, 1, 2), concluded=date(2024, 9, 1), corrected="不详")]
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L3", LOG, "I2")}


# ---- L7: 复议诉讼 -----------------------------------------------------------------------------------


def test_l7_bad_type_and_result(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "bad-review.xlsx",
        [case()],
        reviews=[review(type=form.SEC4_LITIGATION, result="驳回")],
    )
    log, findings = all_findings(path)
    assert where(findings) == {("L7", REV, "B2"), ("L7", REV, "E2")}
    assert log.reviews[0].case_type is None and log.reviews[0].result is None


def test_l7_pending_result_must_stay_empty(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.xlsx", [case()], reviews=[review(concluded=None, result=form.SEC4_PENDING)]
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L7", REV, "E2")}
    assert "尚未审结的留空" in findings[0].hint


def test_l7_concluded_and_result_both_or_neither(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "review-pairs.xlsx",
        [case()],
        reviews=[
            review(result=None),
            review(id="复-2", concluded=None),
            review(id="复-3", concluded=None, result=None),
            review(id="复-1", filed=date(2024, 7, 2)),
        ],
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L7", REV, "E2"), ("L7", REV, "D3"), ("L3", REV, "D5")}


def test_review_ids_unique_and_filed_in_year(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.xlsx",
        [case()],
        reviews=[review(), review(), review(id="复-9", filed=date(2025, 1, 2), concluded=None, result=None)],
    )
    _, findings = all_findings(path)
    assert where(findings) == {("L4", REV, "A3"), ("L5", REV, "C4")}


def test_review_concluded_before_year_is_excluded(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.xlsx",
        [case()],
        reviews=[review(filed=date(2023, 3, 1), concluded=date(2023, 6, 1))],
    )
    log, findings = all_findings(path)
    assert findings == [] and [r.row for r in reviews_excluded_before_year(log)] == [2]


# ---- layout: columns by name, header row, merged cells, blank rows ---------------------------------


def _without_cells(rows: list[CaseRow]) -> list[CaseRow]:
    return [dataclasses.replace(r, row=0, cells={}) for r in rows]


def test_columns_reordered_and_inserted_read_identically(tmp_path: Path) -> None:
    rows = [
        case(),
        case(id="2024-002", concluded=None, result=None, received="2024/6/1", fee=50),
        case(id="2024-003", result="已答复"),
    ]
    plain = read(write_log(tmp_path / "plain.xlsx", rows))
    shuffled_columns = ("序号", *reversed(LOG_NAMES[:7]), "联系电话", *LOG_NAMES[7:])
    numbered = [{"序号": i, **r} for i, r in enumerate(rows, start=1)]
    moved = read(write_log(tmp_path / "moved.xlsx", numbered, columns=shuffled_columns, header_row=3))
    assert _without_cells(moved.cases) == _without_cells(plain.cases)
    assert moved.header_row == 3
    assert moved.cases[0].cells[form.LOG_ID] == "H4"
    assert moved.cases[0].cells[form.LOG_RESULT] == "B4"
    assert where(moved.findings) == {("L2", LOG, "B6")}
    assert where(plain.findings) == {("L2", LOG, "G4")}


def test_drifted_header_texts_still_match(tmp_path: Path) -> None:
    columns = tuple(
        {form.LOG_FEE: "收费金额(元)", form.LOG_ID: "申请 编号", form.LOG_RECEIVED: "收到\n日期"}.get(n, n)
        for n in LOG_NAMES
    )
    rows = [{columns[LOG_NAMES.index(k)]: v for k, v in case(fee=5).items()}]
    log = read(write_log(tmp_path / "drift.xlsx", rows, columns=columns))
    assert log.findings == [] and log.cases[0].fee == Decimal(5) and log.cases[0].case_id == "2024-001"


def test_missing_optional_column_reads_and_notes(tmp_path: Path) -> None:
    columns = tuple(n for n in LOG_NAMES if n != form.LOG_CORRECTED)
    log = read(write_log(tmp_path / "no-corrected.xlsx", [case()], columns=columns))
    assert log.findings == [] and log.cases[0].corrected is None
    assert form.LOG_CORRECTED not in log.cases[0].cells
    assert any(form.LOG_CORRECTED in n for n in log.notes)


def test_missing_required_column_raises_listing_found_headers(tmp_path: Path) -> None:
    long_header = "这是一个特别长的自定义列名用来检查截断是否生效的测试文字"
    columns = (*(n for n in LOG_NAMES if n != form.LOG_RECEIVED), long_header)
    path = write_log(tmp_path / "no-received-column.xlsx", [case()], columns=columns)
    with pytest.raises(UnreadableInput) as err:
        read(path)
    message = err.value.message
    assert form.LOG_RECEIVED in message and "缺少" in message
    assert f"“{form.LOG_ID}”" in message and f"“{form.LOG_RESULT}”" in message
    assert long_header not in message and long_header[:10] in message
    assert err.value.path == str(path)


def test_no_header_at_all_raises_without_quoting_cells(tmp_path: Path) -> None:
    rows = [case()]
    path = write_log(tmp_path / "no-header.xlsx", rows, columns=("姓名", "内容", "备用"))
    with pytest.raises(UnreadableInput) as err:
        read(path)
    assert form.LOG_ID in err.value.message


def test_renamed_log_sheet_raises_listing_sheet_names(tmp_path: Path) -> None:
    path = write_log(tmp_path / "renamed.xlsx", [case()], log_sheet="2024年台账")
    book = open_book(path)
    assert looks_like_log(book)  # the stamp says so
    with pytest.raises(UnreadableInput) as err:
        read_log(book, str(path))
    message = err.value.message
    assert form.SHEET_LOG in message
    assert "“2024年台账”" in message and f"“{UNIT}”" in message
    assert "改名" in message


def test_merged_result_cells_fill_every_row(tmp_path: Path) -> None:
    rows = [case(id=f"2024-00{i}", result=OPEN if i == 1 else None) for i in range(1, 4)]
    path = write_log(tmp_path / "merged.xlsx", rows, merges=[(2, 4, form.LOG_RESULT)])
    log, findings = all_findings(path)
    assert findings == []
    assert [c.result_key for c in log.cases] == ["三.一"] * 3
    assert any("G2:G4" in n for n in log.notes)


def test_merge_into_empty_rows_makes_no_applications(tmp_path: Path) -> None:
    rows = [case(), *({} for _ in range(3))]
    log = read(write_log(tmp_path / "merged-down.xlsx", rows, merges=[(2, 5, form.LOG_RESULT)]))
    assert [c.row for c in log.cases] == [2]


def test_blank_and_numbered_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    columns = ("序号", *LOG_NAMES)
    rows = [{"序号": 1, **case()}, {}, {}, {"序号": 4, **case(id="2024-002")}, {"序号": 5}, {"序号": 6}]
    log, findings = all_findings(write_log(tmp_path / "gaps.xlsx", rows, columns=columns))
    assert findings == []
    assert [c.row for c in log.cases] == [2, 5]
    assert log.blank_rows == 2
    assert [s.row for s in log.skipped_rows] == [6, 7]
    assert log.rows_read == 4
    assert any("6–7" in n for n in log.notes)


def test_used_range_not_starting_at_a1_keeps_addresses(tmp_path: Path) -> None:
    rows = [case(id=f"2024-00{i}", result=OPEN if i == 1 else None) for i in range(1, 4)]
    path = write_log(
        tmp_path / "offset.xlsx",
        [*rows, case(id="2024-009", received="2024-02-30")],
        columns=("", *LOG_NAMES),
        header_row=3,
        title=False,
        merges=[(4, 6, form.LOG_RESULT)],
    )
    log = read(path)
    assert log.header_row == 3
    assert [c.row for c in log.cases] == [4, 5, 6, 7]
    assert [c.result_key for c in log.cases[:3]] == ["三.一"] * 3
    assert log.cases[0].cells[form.LOG_ID] == "B4"
    assert where(log.findings) == {("L3", LOG, "C7")}


def test_pre_numbered_rows_after_the_last_case_are_skipped(tmp_path: Path) -> None:
    rows = [
        case(),
        {form.LOG_ID: "2024-002"},
        case(id="2024-003"),
        *({form.LOG_ID: f"2024-{i:03}"} for i in range(4, 51)),
    ]
    log, findings = all_findings(write_log(tmp_path / "pre-numbered.xlsx", rows))
    assert [c.row for c in log.cases] == [2, 3, 4]
    assert where(findings) == {("L1", LOG, "B3"), ("L1", LOG, "C3")}
    assert [s.row for s in log.skipped_rows] == list(range(5, 52))
    assert log.rows_read == 50
    assert any("5–51" in n and form.LOG_ID in n for n in log.notes)


def test_repeated_header_row_is_skipped(tmp_path: Path) -> None:
    rows = [case(), dict(zip(LOG_NAMES, LOG_NAMES, strict=True)), case(id="2024-002")]
    log, findings = all_findings(write_log(tmp_path / "pasted.xlsx", rows))
    assert findings == [] and [c.row for c in log.cases] == [2, 4]
    assert log.skipped_rows == [(3, "重复的表头行", LOG)]


@pytest.mark.slow
def test_a_million_row_sheet_of_blanks_reads_as_its_one_case(tmp_path: Path) -> None:
    """A stray blank-looking cell far below makes calamine yield a million blank rows (and one
    of zero-width space): all are skipped, none is a case or a finding. (How fast is not asserted
    here — tests are not timed on this shared machine; it reads in about a second.)"""
    path = write_log(
        tmp_path / "huge.xlsx",
        [case()],
        extra=[(LOG, 1_048_575, 20, " "), (LOG, 500_000, 3, "\u200b")],
    )
    log, findings = all_findings(path)
    assert findings == [] and [c.row for c in log.cases] == [2] and log.rows_read == 1
    assert log.blank_rows == 0 and log.skipped_rows == []


def test_no_stamp_reads_with_version_none(tmp_path: Path) -> None:
    path = write_log(tmp_path / "own.xlsx", [case()], stamp=False)
    book = open_book(path)
    assert looks_like_log(book)
    assert read_log(book, str(path)).template_version is None


def test_looks_like_log(tmp_path: Path) -> None:
    stats = template("stats", tmp_path / "stats.xlsx", unit="示范镇人民政府", year=2024)
    assert not looks_like_log(open_book(stats))
    # a workbook of its own, renamed sheet, no stamp, but the headers of a 台账
    own = write_log(tmp_path / "own.xlsx", [case()], stamp=False, log_sheet="Sheet1")
    assert looks_like_log(open_book(own))


# ---- section 二 ---------------------------------------------------------------------------------


def test_sec2_bad_values(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "sec2.xlsx",
        [case()],
        sec2={"规章": [0, None, 0], "行政许可": "五件", "行政处罚": 2.5, "行政事业性收费": "3万元"},
    )
    log = read(path)
    assert where(log.findings) == {
        ("R6", SEC2, "C4"),
        ("R7", SEC2, "B8"),
        ("R7", SEC2, "B11"),
        ("R5", SEC2, "B15"),
    }
    assert log.sec2["规章"] == [0, None, 0]
    assert log.sec2["行政许可"] is None and log.sec2["行政事业性收费"] is None
    finding = next(f for f in log.findings if f.cell == "B8")
    assert finding.key == "行政许可" and "五件" not in finding.message  # never quoted
    assert finding.message == "行政许可 本年处理决定数量不是有效的件数"
    fee = next(f for f in log.findings if f.cell == "B15")
    assert "3万元" not in fee.message and "带了单位" in fee.message


# ---- personal data ------------------------------------------------------------------------------


def test_personal_data_never_in_messages(tmp_path: Path) -> None:
    name = PERSONAL[form.LOG_APPLICANT]
    rows = [
        case(),
        case(received="昨天", applicant_type="", result="其他"),
        case(concluded=date(2024, 1, 1), corrected="2024-02-30", fee="免费"),
        case(id="2024-009", received=date(2025, 2, 1), concluded=date(2025, 9, 1)),
        {form.LOG_APPLICANT: name, form.LOG_CONTENT: PERSONAL[form.LOG_CONTENT]},
    ]
    path = write_log(
        tmp_path / "personal.xlsx",
        rows,
        reviews=[review(type="复议", result=None)],
        merges=[(5, 6, form.LOG_APPLICANT)],
    )
    log, findings = all_findings(path)
    assert len(findings) >= 8
    texts = [f.message for f in findings] + [f.hint for f in findings] + log.notes
    for text in texts:
        for secret in PERSONAL.values():
            assert secret not in text and secret[:6] not in text
    # nor does the model hold them
    assert name not in repr(log)
    # a sheet without header whose first rows are applications: the error quotes no cell
    path = write_log(tmp_path / "no-header.xlsx", [{"x": name}], columns=("x",))
    with pytest.raises(UnreadableInput) as err:
        read(path)
    assert name not in str(err.value)


# ---- sheet names as spelled in the workbook -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [f"{LOG} ", LOG.replace("账", "帐"), f"{LOG.replace('账', '帐')} "],
    ids=["trailing-space", "zhang-variant", "variant-and-space"],
)
def test_findings_name_the_sheets_as_spelled(tmp_path: Path, name: str) -> None:
    review_sheet = f"{REV} "
    path = write_log(
        tmp_path / "spelled.xlsx",
        [
            case(result="已答复"),  # L2 only: no L1 pairing at the flagged cell
            case(id="2024-001", received=date(2025, 1, 6), concluded=None, result=None),
        ],
        reviews=[review(), review(filed=date(2025, 1, 2), concluded=None, result=None)],
        log_sheet=name,
        review_sheet=review_sheet,
        stamp=False,
    )
    book = open_book(path)
    assert looks_like_log(book)
    log, findings = all_findings(path)
    assert where(findings) == {
        ("L2", name, "G2"),
        ("L4", name, "A3"),
        ("L5", name, "B3"),
        ("L4", review_sheet, "A3"),
        ("L5", review_sheet, "C3"),
    }
    assert (log.log_sheet, log.review_sheet) == (name, review_sheet)
    assert f"{name}!A2" in next(f.message for f in findings if f.rule == "L4" and f.sheet == name)
    assert all(f.sheet in book.sheet_names for f in findings)


def test_no_review_sheet_reads_as_none(tmp_path: Path) -> None:
    path = write_log(tmp_path / "x.xlsx", [case()], review_sheet="其他")
    log, findings = all_findings(path)
    assert log.review_sheet is None and log.reviews == [] and findings == []
    assert log.log_sheet == LOG


# ---- a totals row at the bottom ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["合计", "总 计：", "小计（件）", "汇总"]
)  # 汇总: an Excel table's totals row
def test_totals_row_after_the_last_case_is_skipped(tmp_path: Path, word: str) -> None:
    columns = ("序号", *LOG_NAMES)
    rows = [
        {"序号": 1, **case()},
        {"序号": 2, **case(id="2024-002", fee=30)},
        {"序号": word, form.LOG_RECEIVED: 2, form.LOG_FEE: 30, form.LOG_OFFICE: 2},
        {},
        {form.LOG_ID: word, form.LOG_FEE: 30},
    ]
    log, findings = all_findings(write_log(tmp_path / "totals.xlsx", rows, columns=columns))
    assert findings == []
    assert [c.row for c in log.cases] == [2, 3]
    assert log.skipped_rows == [(4, "合计行，不是申请", LOG), (6, "合计行，不是申请", LOG)]
    assert log.rows_read == 4
    assert any("第 4、6 行合计行" in n and "未作为申请统计" in n for n in log.notes)


def test_totals_like_row_among_cases_or_with_a_date_is_a_case(tmp_path: Path) -> None:
    rows = [
        case(),
        {form.LOG_ID: "合计", form.LOG_FEE: 30},  # among applications: read as one, L1 says what is missing
        case(id="2024-003"),
        {form.LOG_ID: "合计", form.LOG_RECEIVED: date(2024, 5, 6)},  # a valid 收到日期: an application
        case(id="2024-005", **{form.LOG_CONTENT: "请公开上年度三公经费合计"}, received=None),
    ]
    log, findings = all_findings(write_log(tmp_path / "totals-among.xlsx", rows))
    assert [c.row for c in log.cases] == [2, 3, 4, 5, 6]
    assert log.skipped_rows == []
    assert ("L1", LOG, "B3") in where(findings) and ("L1", LOG, "B6") in where(findings)


# ---- a date with a time in a General cell -------------------------------------------------------------


@pytest.mark.parametrize("value", [45356.6, 45356.25, 45356.999])
def test_serial_with_a_time_reads_as_its_date(tmp_path: Path, value: float) -> None:
    path = write_log(tmp_path / "time.xlsx", [case(received=value, concluded=45371.5)])
    log, findings = all_findings(path)
    assert findings == []
    assert (log.cases[0].received, log.cases[0].concluded) == (date(2024, 3, 5), date(2024, 3, 20))


@pytest.mark.parametrize("value", [3.5, 2024.5, 20240305.5, 1e300])
def test_fraction_outside_the_serial_range_is_still_l3(tmp_path: Path, value: float) -> None:
    log, findings = all_findings(write_log(tmp_path / "frac.xlsx", [case(received=value)]))
    assert where(findings) == {("L3", LOG, "B2")} and log.cases[0].received is None


def test_duration_and_bounds_of_the_serial_range() -> None:
    from toolkit.read.cells import MAX_DATE, MIN_DATE, date_to_excel_serial
    from toolkit.read.log_values import parse_log_date

    assert parse_log_date(timedelta(days=45356, seconds=51840)).value == date(2024, 3, 5)
    assert parse_log_date(date_to_excel_serial(MIN_DATE) + 0.5).value == MIN_DATE
    assert parse_log_date(date_to_excel_serial(MAX_DATE) + 0.5).value == MAX_DATE
    assert not parse_log_date(date_to_excel_serial(MIN_DATE) - 0.5).ok
    assert not parse_log_date(date_to_excel_serial(MAX_DATE) + 1.5).ok
    assert not parse_log_date(float("nan")).ok


# ---- personal data pasted into every column ---------------------------------------------------------

#: a phone number typed as a number: the parsers' own reasons would echo it
PHONE = 13912345678


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s[i : i + 4] for s in secrets for i in range(len(s) - 3) if s[i : i + 4] in text]


def test_personal_data_in_any_column_never_reaches_a_message(tmp_path: Path) -> None:
    secrets: list[Any] = [*PERSONAL.values(), PHONE]
    rows = []
    for i, (column, secret) in enumerate(
        ((c, s) for c in LOG_NAMES for s in secrets if c not in PERSONAL), start=1
    ):
        rows.append(case(id=f"2024-{i:03}", **{column: secret}))
    reviews = []
    for i, (column, secret) in enumerate(
        ((c, s) for c in (c.name for c in form.REVIEW_COLUMNS) for s in secrets), start=1
    ):
        reviews.append(review(id=f"复-{i:03}", **{column: secret}))
    path = write_log(tmp_path / "pasted-off.xlsx", rows, reviews=reviews)
    log, findings = all_findings(path)
    rules = {f.rule for f in findings}
    assert {"L2", "L3", "R5", "L7"} <= rules, rules  # every kind of message about a cell was made
    assert len(findings) >= 30
    texts = [*log.notes]
    for f in findings:
        texts += [f.message, f.hint, json.dumps({**f.to_json(), "path": ""}, ensure_ascii=False)]
    words = [str(s) for s in secrets]
    leaks = {text: _leaks(text, words) for text in texts if _leaks(text, words)}
    assert leaks == {}
    # and the L3 reasons that carry no text of the cell are still given
    _, findings2 = all_findings(write_log(tmp_path / "x.xlsx", [case(received="2024-13-01")]))
    assert findings2[0].message == f"“{form.LOG_RECEIVED}”不是有效日期：没有13月"


def test_remembered_outcomes_keep_values_of_different_types_apart(tmp_path: Path) -> None:
    """Parsed outcomes are remembered per value for the whole process (log_cases._memo). 1, 1.0 and
    TRUE are equal as dictionary keys but not as cells: a TRUE fee or date is an error wherever a
    1 was read before it, in this workbook or an earlier one, and the other way round."""
    fee = dict(zip(("1", "bool", "1.0"), (1, True, 1.0), strict=True))
    first = read(write_log(tmp_path / "one.xlsx", [case(fee=fee["1"])]))
    assert first.findings == [] and first.cases[0].fee == Decimal(1)
    mixed = [case(id="a", fee=fee["bool"]), case(id="b", fee=fee["1.0"]), case(id="c", fee=True)]
    log = read(write_log(tmp_path / "two.xlsx", mixed))
    column = letter(form.LOG_FEE)
    assert where(log.findings) == {("R5", LOG, f"{column}2"), ("R5", LOG, f"{column}4")}
    assert [c.fee for c in log.cases] == [None, Decimal(1), None]
    dates = [case(id="d", corrected=True), case(id="e", corrected=45356), case(id="f", corrected=True)]
    log = read(write_log(tmp_path / "three.xlsx", dates))
    column = letter(form.LOG_CORRECTED)
    assert where(log.findings) == {("L3", LOG, f"{column}2"), ("L3", LOG, f"{column}4")}
    assert [c.corrected for c in log.cases] == [None, date(2024, 3, 5), None]


def test_reading_the_same_workbook_twice_gives_the_same_result(tmp_path: Path) -> None:
    rows = [
        case(id=f"2024-{i:03}", result="不是选项" if i % 3 else OPEN, fee="5元" if i % 4 else 0)
        for i in range(9)
    ]
    path = write_log(tmp_path / "twice.xlsx", rows)
    first, second = read(path), read(path)
    assert first.cases == second.cases and first.findings == second.findings and first.findings


def test_a_log_survives_pickling_as_sent_by_worker_processes(tmp_path: Path) -> None:
    import pickle

    rows = [case(id=f"2024-{i:03}", fee=i) for i in range(5)]
    log = read(write_log(tmp_path / "sent.xlsx", rows, reviews=[review()]))
    back = pickle.loads(pickle.dumps(log))
    assert back == log and back.cases[3].cells[form.LOG_FEE] == log.cases[3].cells[form.LOG_FEE]
    plain = dataclasses.replace(log, cases=[dataclasses.replace(log.cases[0], cells={"x": "A1"})])
    assert pickle.loads(pickle.dumps(plain)) == plain  # cells of another kind travel as they are
    empty = dataclasses.replace(log, cases=[])
    assert pickle.loads(pickle.dumps(empty)) == empty


def test_findings_of_held_rows_come_before_the_next_row_s(tmp_path: Path) -> None:
    """A row with only a 申请编号, or a 合计 row, is a case when an application follows it: its
    findings are reported in row order, before those of the application below it."""
    rows = [{form.LOG_ID: "2024-001"}, case(id="2024-002", result="乱填")]
    findings = read(write_log(tmp_path / "held.xlsx", rows)).findings
    assert [(f.rule, f.cell) for f in findings] == [
        ("L1", f"{letter(form.LOG_RECEIVED)}2"),
        ("L1", f"{letter(form.LOG_APPLICANT_TYPE)}2"),
        ("L2", f"{letter(form.LOG_RESULT)}3"),
    ]


def test_overlapping_merges_fill_in_the_workbook_s_order(tmp_path: Path) -> None:
    """Excel refuses to save overlapping merged ranges, but calamine reads them: each range is
    filled in the workbook's order, so a range whose top-left cell lies in an earlier range takes
    that range's value (as filling the whole sheet range by range does)."""
    import zipfile

    rows = [case(id=f"2024-{i}", result=form.RESULT_LABELS[i % 3]) for i in range(6)]
    source = write_log(tmp_path / "one-merge.xlsx", rows, merges=[(2, 4, form.LOG_RESULT)])
    column = letter(form.LOG_RESULT)
    path = tmp_path / "overlapping.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if b"<mergeCell " in data:
                data = data.replace(b'<mergeCells count="1">', b'<mergeCells count="2">')
                data = data.replace(
                    b"</mergeCells>", f'<mergeCell ref="{column}3:{column}5"/></mergeCells>'.encode()
                )
            zout.writestr(item, data)
    first = form.result_key_by_label()[form.normalize_label(form.RESULT_LABELS[0])]
    log = read(path)
    assert [c.result_key for c in log.cases][:4] == [first] * 4  # G3:G5 takes G2:G4's value at G3
    assert any(f"{column}2:{column}4" in n and f"{column}3:{column}5" in n for n in log.notes)


def test_merged_review_cells_fill_every_row(tmp_path: Path) -> None:
    """复议诉讼 fills merged ranges the same way as 申请台账 (one mechanism, _MergeFill)."""
    reviews = [review(id=f"复-{i}", type=form.SEC4_BLOCKS[1] if i == 1 else None) for i in range(1, 4)]
    path = write_log(
        tmp_path / "merged-review.xlsx", [case()], reviews=reviews, review_merges=[(2, 4, form.REVIEW_TYPE)]
    )
    log, findings = all_findings(path)
    assert findings == []
    assert [r.case_type for r in log.reviews] == [form.SEC4_BLOCKS[1]] * 3
    column = letter(form.REVIEW_TYPE, REVIEW_NAMES)
    assert any(f"{column}2:{column}4" in n and REV in n for n in log.notes)


def test_the_reader_does_not_import_the_rules() -> None:
    """A reader returns data; the rules run on it (imports flow read → rules, never back)."""
    import subprocess
    import sys

    code = "import sys, toolkit.read.log; print(sorted(m for m in sys.modules if m.startswith('toolkit.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out.replace("'", '"'))
    assert "toolkit.read.log_cases" in loaded
    assert [m for m in loaded if m.startswith(("toolkit.rules", "toolkit.count", "toolkit.write"))] == []
