"""Regressions from the third review of the narrative audit (issue 17): each test is a reviewer's
sentence from a realistic report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_audit import TITLE, passages

from toolkit import form
from toolkit.read.document import Document
from toolkit.rules.analyse import _TITLE
from toolkit.rules.audit import audit_report
from toolkit.rules.bind import bind_figures, clean_text, sentences
from toolkit.rules.frame import contact_findings, title_unit_year, year_findings
from toolkit.rules.repeat import Dated, is_frame_sentence, pair_by_year, repetition
from toolkit.table import Table


# --- R15: last year's rectification and assessment are no stale year -------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "（一）2023年度存在问题整改情况。",
        "2023年度政务公开第三方评估中，我局位列全区第一。",
        "（一）根据2023年度评估反馈，我局对照问题清单逐项整改。",
        "2023年度绩效考核中指出的问题已全部整改。",
    ],
)
def test_last_years_assessment_and_rectification_are_no_stale_year(text: str) -> None:
    assert year_findings(TITLE, passages(text), "r.txt") == (2024, [])


def test_last_year_used_as_this_year_is_still_r15() -> None:
    _, findings = year_findings(TITLE, passages("2023年，我局坚持以公开为常态、不公开为例外。"), "r.txt")
    assert [f.rule for f in findings] == ["R15"]


# --- R14: the cell a figure talks about -----------------------------------------------------------
def reviewed_table() -> Table:
    """The reviewer's tables: 一 48 (自然人 40, 法人或其他组织 8), 二 3, 三.七 47, 四 4."""
    t = Table("某县某局", 2024)
    for key, natural, firm in (("一", 40, 8), ("二", 3, 0), ("三.七", 43, 4), ("四", 0, 4)):
        t.sec3[key][0], t.sec3[key][1], t.sec3[key][form.TOTAL_COL] = natural, firm, natural + firm
    for c in range(2, form.TOTAL_COL):
        for key in ("一", "二", "三.七", "四"):
            t.sec3[key][c] = 0
    return t


def figures(text: str) -> list[tuple[str | None, str, Decimal, bool | None]]:
    return [
        (f.cell.key, f.cell.column, f.number, f.agrees)
        for f in bind_figures(passages(text), reviewed_table(), year=2024)
    ]


TOTAL = form.SEC3_TOTAL_COLUMN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 结转 after the figure wins over a 收到 saying when the cases arrived
        (
            "全年共收到政府信息公开申请48件，办结47件，另有4件因在年底收到，尚在法定答复期限内，结转至下一年度办理。",
            [("一", TOTAL, 48, True), ("三.七", TOTAL, 47, True), ("四", TOTAL, 4, True)],
        ),
        (
            "全年共收到政府信息公开申请48件，办结47件，4件为12月下旬收到的申请，尚在答复期内。",
            [("一", TOTAL, 48, True), ("三.七", TOTAL, 47, True)],
        ),
        # a total that includes the carry-over is 一 + 二
        (
            "全年共受理政府信息公开申请51件（含上年度结转申请3件），答复47件，另有4件顺延到下年度办理。",
            [
                ("一+二", TOTAL, 51, True),
                ("二", TOTAL, 3, True),
                ("三.七", TOTAL, 47, True),
                ("四", TOTAL, 4, True),
            ],
        ),
        (
            "新收政府信息公开申请48件，办结47件，9件结转至2025年继续办理。",
            [("一", TOTAL, 48, True), ("三.七", TOTAL, 47, True), ("四", TOTAL, 9, False)],
        ),
        (
            "全年共收到政府信息公开申请48件，办结47件，尚有7件正在办理中，将结转下年度继续办理。",
            [("一", TOTAL, 48, True), ("三.七", TOTAL, 47, True), ("四", TOTAL, 7, False)],
        ),
        (
            "本年度新收政府信息公开申请48件，已全部答复，无结转下年度的申请。",
            [("一", TOTAL, 48, True), ("四", TOTAL, 0, False)],
        ),
        ("全年共收到政府信息公开申请1,048件。", [("一", TOTAL, 1048, False)]),
    ],
)
def test_the_reviewers_sentences_bind_to_their_cells(text: str, expected: list[tuple]) -> None:
    assert figures(text) == expected


def test_a_sentence_of_sub_counts_continues_the_row_of_the_sentence_before() -> None:
    text = "全年共收到政府信息公开申请48件。其中，自然人45件，法人或其他组织3件。"
    assert figures(text) == [
        ("一", TOTAL, 48, True),
        ("一", "自然人", 45, False),
        ("一", form.SEC3_LEGAL_PERSON_GROUP, 3, False),
    ]
    # without 其中 a new sentence starts afresh
    assert figures("全年共收到政府信息公开申请48件。自然人45件。") == [("一", TOTAL, 48, True)]


def test_a_chinese_comma_between_digits_is_no_thousands_separator() -> None:
    assert clean_text("申请1,048件，12,345件") == "申请1048件，12345件"
    assert clean_text("分别为3，125件") == "分别为3，125件"


# --- R13: the frame repeats by design ----------------------------------------------------------------
FRAME_2023 = (
    "某县某镇2023年政府信息公开工作年度报告",
    "本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    "如对本报告有疑问，请与某镇党政办公室联系（地址：某镇人民路1号；邮编：100000；电话：010-12345678）。",
)


def test_the_title_the_basis_the_period_and_the_contact_line_are_left_out_of_the_repetition() -> None:
    last = (
        *FRAME_2023,
        "2023年，镇政府坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，保障群众知情权。",
        "全年通过镇政府网站主动公开各类信息一百余条，及时回应群众关切和社会热点问题。",
    )
    this = (
        *(text.replace("2023", "2024") for text in FRAME_2023),
        "2024年，镇党委政府把政务公开作为密切联系群众的重要抓手，在各村便民服务站设置公开栏并按月更新内容。",
        "全年通过镇政府网站主动公开各类信息一百余条，及时回应群众关切和社会热点问题。",
    )
    assert repetition(passages(*this), passages(*last)) == pytest.approx(1 / 2)
    assert all(is_frame_sentence(clean_text(s)) for text in FRAME_2023 for s in sentences(clean_text(text)))
    assert not is_frame_sentence("全年通过镇政府网站主动公开各类信息一百余条")


def test_a_repeated_narrative_quotes_narrative_sentences_not_the_title() -> None:
    body = (
        "2024年，区人社局坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开。",
        "全年通过区政府门户网站、微信公众号等渠道主动公开各类信息，及时回应群众关切。",
    )
    this = Document(
        "txt",
        title=FRAME_2023[0].replace("2023", "2024"),
        passages=passages(FRAME_2023[0].replace("2023", "2024"), *body),
    )
    last = Document("txt", title=FRAME_2023[0], passages=passages(FRAME_2023[0], *body))
    findings = audit_report(this, None, "2024.txt", previous=last).findings
    r13 = [f for f in findings if f.rule == "R13"]
    assert len(r13) == 1 and "2/2" in r13[0].message and "年度报告" not in r13[0].message


# --- titles -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "unit", "year"),
    [
        (
            "长沙市岳麓区人力资源和社会保障局关于2023年度政府信息公开工作的报告",
            "长沙市岳麓区人力资源和社会保障局",
            2023,
        ),
        (
            "长沙市岳麓区人力资源和社会保障局2024年政府信息公开工作年度报告",
            "长沙市岳麓区人力资源和社会保障局",
            2024,
        ),
        ("某局政府信息公开工作的报告", "某局", None),
    ],
)
def test_the_unit_is_the_text_before_the_year_and_before_guanyu(
    title: str, unit: str, year: int | None
) -> None:
    assert title_unit_year(title) == (unit, year)
    found = _TITLE.match(title)
    assert found is None if year is None else (found["unit"], int(found["year"])) == (unit, year)


def test_two_years_of_titles_with_and_without_guanyu_pair() -> None:
    reports = [
        Dated("a.txt", *title_unit_year("某局关于2023年度政府信息公开工作的报告")),
        Dated("b.txt", *title_unit_year("某局2024年政府信息公开工作年度报告")),
    ]
    assert [(a.path, b.path) for a, b in pair_by_year(reports)] == [("b.txt", "a.txt")]


def test_last_years_report_named_with_guanyu_is_no_stale_year() -> None:
    text = (
        "针对《关于2023年度政府信息公开工作的报告》中的问题，2023年度政府信息公开工作的报告指出的问题已整改。"
    )
    assert year_findings(TITLE, passages(text), "r.txt") == (2024, [])


# --- the summary workbook ---------------------------------------------------------------------------
def test_the_summary_remarks_tables_not_found_lists_skipped_files_and_puts_findings_across_by_their_file(
    tmp_path: Path,
) -> None:
    import openpyxl

    from toolkit.check import CheckReport
    from toolkit.findings import FileReport, Finding
    from toolkit.rules.analyse import MSG_TABLES_NOT_FOUND
    from toolkit.write.summary import FINDINGS_SHEET, SUMMARY_HEADERS, SUMMARY_SHEET, write_summary

    pictures = FileReport("img.txt", "report", notes=[MSG_TABLES_NOT_FOUND])
    last, this = FileReport("2023.txt", "report"), FileReport("2024.txt", "report")
    this.findings.append(Finding("R14", "2024.txt", "正文写的是 9件", "请核对"))
    report = CheckReport([pictures, last, this])
    report.across.append(Finding("R11", "2024.txt", "本年上年结转 3 ≠ 上年结转下年度 4", "请核对"))
    report.skipped = [{"path": "empty.txt", "reason": "文件是空的（0 字节），已忽略"}]
    out = write_summary(report, tmp_path / "评估结果.xlsx")
    book = openpyxl.load_workbook(out)
    summary = {
        row[0]: dict(zip(SUMMARY_HEADERS, row, strict=True))
        for row in book[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True)
    }
    assert summary["img.txt"]["备注"] == MSG_TABLES_NOT_FOUND
    assert (summary["empty.txt"]["类型"], summary["empty.txt"]["备注"]) == (
        "未检查",
        "文件是空的（0 字节），已忽略",
    )
    listed = [(row[0], row[2]) for row in book[FINDINGS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [("2024.txt", "R14"), ("2024.txt", "R11")]
    # the skipped files may be given too
    again = write_summary(CheckReport([last]), tmp_path / "b.xlsx", skipped=report.skipped)
    names = [
        row[0] for row in openpyxl.load_workbook(again)[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["2023.txt", "empty.txt"]


# --- R11: the root cell -----------------------------------------------------------------------------
def test_r11_names_the_wrong_column_not_the_total_it_feeds_and_the_total_when_only_it_differs() -> None:
    from toolkit.rules.years import check_previous_year

    last = Table("某县某局", 2023)
    last.sec3["四"] = [3, 1, 0, 0, 0, 0, 4]
    this = Table("某县某局", 2024)
    this.sec3["二"] = [2, 1, 0, 0, 0, 0, 3]  # 自然人 wrong, and with it the 总计
    found = [(f.rule, f.key, f.column) for f in check_previous_year(this, last, "2023.xlsx")]
    assert found == [("R11", "二", "自然人")]
    this.sec3["二"] = [3, 1, 0, 0, 0, 0, 5]  # every column agrees, only the 总计 differs
    found = [(f.rule, f.key, f.column) for f in check_previous_year(this, last, "2023.xlsx")]
    assert found == [("R11", "二", TOTAL)]


# --- R27: a phone alone is a contact ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "如对本报告有疑问，请与区人社局办公室联系，联系方式：0731-88999371。",
        "如对本报告有疑问，请与区人社局办公室联系，请拨打0731-88999371。",
        "如对本报告有疑问，请与区人社局联系，电话0731-88999371。",
    ],
)
def test_a_phone_alone_is_a_contact_line_missing_only_the_address_and_postcode(text: str) -> None:
    findings = contact_findings(passages(text), "r.txt")
    assert [f.message for f in findings] == ["联系方式中缺少地址、邮编"]


def test_a_number_that_is_no_phone_is_no_contact() -> None:
    assert [f.rule for f in contact_findings(passages("全年共收到申请48件，联系群众2024次。"), "r.txt")] == [
        "R27"
    ]
    assert (
        contact_findings(
            passages("如有疑问请联系（地址：某路1号；邮编：100000；联系方式：010-12345678）"), "r"
        )
        == []
    )


# --- the narrative of 表四 ------------------------------------------------------------------------------
def test_narrative_entries_of_table_four_name_their_block_and_column() -> None:
    t = Table("某县某局", 2024)
    t.sec4[:] = [2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 1, 1, 0, 0, 2]
    text = "本年度因政府信息公开工作被申请行政复议4件，其中结果维持2件；行政诉讼3件，其中复议后起诉2件。"
    got = [
        (e["key"], e["column"], e["number"])
        for e in (f.to_json() for f in bind_figures(passages(text), t, year=2024))
    ]
    assert got == [
        (form.SEC4_REVIEW, TOTAL, 4),
        (form.SEC4_REVIEW, form.SEC4_BLOCK_COLUMNS[0], 2),
        (form.SEC4_LITIGATION, TOTAL, 3),
        (form.SEC4_BLOCKS[2], TOTAL, 2),
    ]
    assert all(
        e["key"] is not None for e in (f.to_json() for f in bind_figures(passages(text), t, year=2024))
    )


# --- the second document review: 其中上年结转, 复议和诉讼 together ------------------------------------
def test_a_total_with_its_carry_over_after_qizhong_is_one_plus_two() -> None:
    assert figures("全年受理依申请公开51件（其中上年结转3件），已全部按期答复。")[0] == (
        "一+二",
        TOTAL,
        51,
        True,
    )


def _with_review_and_suits(review: int, suits: int) -> Table:
    t = reviewed_table()
    width = len(form.SEC4_BLOCK_COLUMNS)
    t.sec4 = [0] * form.SEC4_WIDTH
    t.sec4[width - 1] = review
    t.sec4[2 * width - 1] = suits
    return t


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "因政府信息公开引起的行政复议、行政诉讼案件共3件。",
            [(f"{form.SEC4_REVIEW}和{form.SEC4_LITIGATION}", 3, True)],
        ),
        (
            "因政府信息公开被申请行政复议和提起行政诉讼共4件。",
            [(f"{form.SEC4_REVIEW}和{form.SEC4_LITIGATION}", 4, False)],
        ),
        ("因政府信息公开被申请行政复议、提起行政诉讼各1件。", []),  # each: no one cell says it
        ("因政府信息公开被申请行政复议2件。", [(form.SEC4_REVIEW, 2, True)]),
    ],
)
def test_review_and_suits_named_together_are_their_sum(
    text: str, expected: list[tuple[str, int, bool]]
) -> None:
    table = _with_review_and_suits(2, 1)
    under = passages(form.SECTION_HEADINGS[3], text)  # under part 四: about disclosure cases
    found = [(f.cell.block, f.number, f.agrees) for f in bind_figures(under, table, year=2024)]
    assert found == expected


@pytest.mark.parametrize(
    "numbered", ["二．主动公开政府信息情况", "第二部分 主动公开政府信息情况", "二.主动公开情况"]
)
def test_a_part_numbered_otherwise_is_read_as_that_part_with_its_wording_noted(numbered: str) -> None:
    from toolkit.read.document import Passage
    from toolkit.rules.frame import part_findings

    heads = list(form.SECTION_HEADINGS)
    heads[1] = numbered
    findings = part_findings([Passage(h, f"第{n}段") for n, h in enumerate(heads, start=1)], "r.txt")
    assert [(f.rule, f.sheet) for f in findings] == [("R26", "第2段")]
    assert "没有找到" not in findings[0].message and form.SECTION_HEADINGS[1] in findings[0].message
