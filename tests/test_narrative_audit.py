"""The narrative audit of a published report (issue 17): R14 bound to cells, R15, R26, R27, R13."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import form
from toolkit.findings import SEVERITY
from toolkit.read.document import Document, Passage
from toolkit.rules.audit import audit_report
from toolkit.rules.bind import bind_figures, chinese_number, clean_text
from toolkit.rules.frame import contact_findings, part_findings, period_year, title_unit_year, year_findings
from toolkit.rules.repeat import Dated, normalise_sentence, pair_by_year, repetition
from toolkit.table import Table

SAMPLE = Path(__file__).parent / "data" / "sample-report-emin-2024.txt"  # spec/ as published
SAMPLE_JSON = Path(__file__).parent / "data" / "sample-emin-2024.json"
CONTACT = "如对本报告有疑问，请与某县某局联系（地址：某县人民路1号；邮编：100000；电话：010-12345678）。"
TITLE = "某县某局2024年政府信息公开工作年度报告"


def passages(*texts: str) -> list[Passage]:
    return [Passage(text, f"第{n}段") for n, text in enumerate(texts, start=1)]


def report(*body: str, title: str = TITLE, contact: str = CONTACT) -> Document:
    """A report with the six official parts, the 统计期限, the contact line and ``body`` under 一."""
    opening = f"本报告统计期限为2024年1月1日至2024年12月31日。{contact}"
    heads = form.SECTION_HEADINGS
    texts = [opening, heads[0], *body, *heads[1:]]
    return Document("txt", title=title, passages=passages(*texts))


def table(**cells: int) -> Table:
    """A table with values (自然人 and 总计) by row key (三_三_1 for 三.三.1), section 四 by index
    (sec4_4=…)."""
    t = Table("某县某局", 2024)
    for name, value in cells.items():
        if name.startswith("sec4_"):
            t.sec4[int(name[5:])] = value
        else:
            t.sec3[name.replace("_", ".")][0] = value
            t.sec3[name.replace("_", ".")][form.TOTAL_COL] = value
    return t


def bound(text: str, t: Table | None = None) -> list[tuple[str | None, str, Decimal]]:
    figures = bind_figures(passages(text), t or Table(), year=2024)
    return [(f.cell.key, f.cell.column, f.number) for f in figures]


# --- R14: what binds where ---------------------------------------------------------------------------
TOTAL = form.SEC3_TOTAL_COLUMN
BINDINGS = [
    ("2024年，额敏镇收到一件有关依申请公开内容。", [("一", TOTAL, 1)]),
    (
        "全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度办理）。",
        [("一", TOTAL, 3119), ("三.七", TOTAL, 3050), ("二", TOTAL, 34), ("四", TOTAL, 103)],
    ),
    ("本年度新收政府信息公开申请12件，上年结转2件。", [("一", TOTAL, 12), ("二", TOTAL, 2)]),
    ("全年办结申请14件，结转下年度继续办理0件。", [("三.七", TOTAL, 14), ("四", TOTAL, 0)]),
    (
        "收到申请十二件，其中自然人申请10件、法人或其他组织两件。",
        [("一", TOTAL, 12), ("一", "自然人", 10), ("一", "法人或其他组织", 2)],
    ),
    (
        "对申请的办理结果：予以公开5件，部分公开2件，不予公开1件，无法提供3件，不予处理1件，其他处理2件。",
        [
            ("三.一", TOTAL, 5),
            ("三.二", TOTAL, 2),
            ("三.三", TOTAL, 1),
            ("三.四", TOTAL, 3),
            ("三.五", TOTAL, 1),
            ("三.六", TOTAL, 2),
        ],
    ),
    (
        "对申请人的申请，本机关不掌握相关政府信息2件，重复申请1件，申请人撤回申请1件。",
        [("三.四.1", TOTAL, 2), ("三.五.2", TOTAL, 1), ("三.六.3", TOTAL, 1)],
    ),
    (
        "本年度被申请行政复议2件，其中结果维持1件、尚未审结1件；被提起行政诉讼1起，结果纠正1起。",
        [
            (None, "行政复议·总计", 2),
            (None, "行政复议·结果维持", 1),
            (None, "行政复议·尚未审结", 1),
            (None, "行政诉讼·总计", 1),
            (None, "行政诉讼·结果纠正", 1),
        ],
    ),
    (
        "涉及政府信息公开的复议后起诉1件，未经复议直接起诉2件。",
        [(None, "复议后起诉·总计", 1), (None, "未经复议直接起诉·总计", 2)],
    ),
    (
        "本年制发行政规范性文件3件，废止2件，现行有效15件；制定规章0件。",
        [
            ("行政规范性文件", "本年制发件数", 3),
            ("行政规范性文件", "本年废止件数", 2),
            ("行政规范性文件", "现行有效件数", 15),
            ("规章", "本年制发件数", 0),
        ],
    ),
    (
        "本年度行政事业性收费金额为1.5万元。",
        [("行政事业性收费", "本年收费金额（单位：万元）", Decimal("1.5"))],
    ),
    ("行政事业性收费3000元。", [("行政事业性收费", "本年收费金额（单位：万元）", Decimal("0.3"))]),
    ("收到申请１２件。", [("一", TOTAL, 12)]),
    (
        "全区各行政机关共受理政府信息公开申请267件，答复263件，申请量比2021年同期上升1.52%。"
        "其中同意公开或部分公开共81件，公开率为30.80%。",
        [("一", TOTAL, 267), ("三.七", TOTAL, 263)],
    ),
    ("对申请不予公开中属于国家秘密的2件。", [("三.三.1", TOTAL, 2)]),
    (
        "主动公开市政府规章13件（含新制定5件，修改4件，废止4件）。",
        [("规章", "本年制发件数", 5), ("规章", "本年废止件数", 4)],
    ),
    (
        "本年度未收到政府信息公开申请，未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        [("一", TOTAL, 0), (None, "行政复议·总计", 0), (None, "行政诉讼·总计", 0)],
    ),
    ("本年度没有收到行政复议申请。", [(None, "行政复议·总计", 0)]),
    ("全年共办结收到的政府信息公开申请10件。", [("三.七", TOTAL, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), BINDINGS, ids=[b[0][:16] for b in BINDINGS])
def test_each_figure_is_bound_to_the_cell_its_sentence_talks_about(
    text: str, expected: list[tuple[str | None, str, int]]
) -> None:
    assert bound(text) == [(k, c, Decimal(n)) for k, c, n in expected]


NOT_BOUND = [
    "本年度主动公开政府信息1136条。",
    "向县政府备案行政规范性文件5件。",
    "通过政府网站发布信息320条，政务新媒体发布信息56件。",
    "报告统计期限为2024年1月1日至2024年12月31日。",
    "根据《条例》第十九条第3项，依法受理。",
    "收到申请数量较上年增加5件，同比下降3件。",
    "上年收到申请10件，2023年受理申请8件。",
    "本年度收取信息处理费0元。",
    "办结人大代表建议、政协提案12件。",
    "维持原状5件。",
    "收到数十件来信，逐一件件落实。",
    "上年未收到申请，未收到申请人补正材料。",
    "受理行政许可申请500件，办理群众诉求申请30件，收到投诉举报申请2件。",
    "本机关作为复议机关，全年受理行政复议案件120件，维持85件。",
    "推进高效办成一件事，减少申请材料。",
    "依申请公开工作有序开展。本年收到群众表扬信3件。",
    "依据《国务院办公厅关于印发政府信息公开信息处理费管理办法的通知》(国办函〔2020〕109号)答复申请1件",
]


@pytest.mark.parametrize("text", NOT_BOUND, ids=[t[:12] for t in NOT_BOUND])
def test_figures_of_other_counts_dates_items_and_comparisons_are_not_bound(text: str) -> None:
    if "109号" in text:  # the 1件 after the citation is bound, the numbers inside 《》 and 〔〕 are not
        assert bound(text) == [("三.七", TOTAL, Decimal(1))]
    else:
        assert bound(text) == []


# --- a reviewer's false bindings, each with real-style variants of its kind ---------------------------
REVIEW = "行政复议·"
SUIT = "行政诉讼·"
MADE, REPEALED = "本年制发件数", "本年废止件数"
#: a cue inside a longer phrase that negates it: 予以公开 in 不予以公开, 部分公开 in 不予部分公开, 受理 in
#: 不予受理, 办结 in 未办结, 答复 in 尚未答复, 同意公开 in 不同意公开
NEGATED = [
    ("对申请不予以公开1件。", [("三.三", TOTAL, 1)]),
    ("对申请作出不予以公开决定3件。", [("三.三", TOTAL, 3)]),
    ("对申请不予公开1件，其中不予以公开属于国家秘密的1件。", [("三.三", TOTAL, 1), ("三.三.1", TOTAL, 1)]),
    ("申请事项中不予以处理的2件。", [("三.五", TOTAL, 2)]),
    ("申请部分公开2件，不予部分公开1件。", [("三.二", TOTAL, 2)]),
    ("本年度共受理申请30件，不予受理2件。", [("一", TOTAL, 30)]),
    ("办结申请28件，未办结2件。", [("三.七", TOTAL, 28)]),
    ("答复申请28件，尚未答复2件。", [("三.七", TOTAL, 28)]),
    ("收到申请，不公开3件，不同意公开2件。", []),
    ("申请人未撤回申请2件。", []),
]
#: a sub-count of replies or a 补正, nearest the figure: no cell (never 三.七 or 一)
SUB_COUNTS = [
    ("全年答复申请20件，其中延期答复2件，当场答复5件。", [("三.七", TOTAL, 20)]),
    ("对申请当日答复5件。", []),
    ("全年办结申请20件，其中当场答复3件，延长答复期限4件，逾期答复1件。", [("三.七", TOTAL, 20)]),
    ("行政机关收到申请后补正的2件。", []),
    ("通知申请人补正3件。", []),
    ("收到申请人补正材料3件。", []),
    ("申请补正后予以公开2件。", [("三.一", TOTAL, 2)]),
    ("经补正后申请内容仍不明确的1件。", [("三.四.3", TOTAL, 1)]),
    ("申请人逾期不补正1件。", [("三.六.1", TOTAL, 1)]),
]
#: 纠错/败诉 is 结果纠正 (of 行政复议; of both suits' blocks for 行政诉讼), never a total
CORRECTED = [
    (
        "未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",
        [(None, REVIEW + "结果纠正", 0), (None, SUIT + "结果纠正", 0)],
    ),
    (
        "本年度未发生因政府信息公开被复议纠错、诉讼败诉的情况。",
        [(None, REVIEW + "结果纠正", 0), (None, SUIT + "结果纠正", 0)],
    ),
    ("未出现政府信息公开行政复议被纠正的情况。", [(None, REVIEW + "结果纠正", 0)]),
    ("未发生政府信息公开行政复议被维持或纠正的情况。", []),
    (
        "因政府信息公开被行政复议纠错1件，行政诉讼败诉1件。",
        [(None, REVIEW + "结果纠正", 1), (None, SUIT + "结果纠正", 1)],
    ),
    (
        "因政府信息公开工作被申请行政复议3件，其中被纠错1件。",
        [(None, REVIEW + "总计", 3), (None, REVIEW + "结果纠正", 1)],
    ),
    (
        "因政府信息公开被提起行政诉讼2件，其中败诉1件。",
        [(None, SUIT + "总计", 2), (None, SUIT + "结果纠正", 1)],
    ),
    ("未发生政府信息公开行政复议、行政诉讼。", [(None, REVIEW + "总计", 0), (None, SUIT + "总计", 0)]),
    ("本年度未收到行政复议申请。", [(None, REVIEW + "总计", 0)]),
]
#: section 二: the document nearest the figure; 其中规范性文件3件 takes the column of the count before
DOCUMENTS = [
    ("加强规范性文件管理，全年印发文件25件，其中规范性文件3件。", [("行政规范性文件", MADE, 3)]),
    ("全年制发文件120件，其中行政规范性文件4件。", [("行政规范性文件", MADE, 4)]),
    ("印发各类文件30件，含规范性文件2件。", [("行政规范性文件", MADE, 2)]),
    ("清理规范性文件20件，其中废止3件。", [("行政规范性文件", REPEALED, 3)]),
    ("印发通知15件，制定规章1件。", [("规章", MADE, 1)]),
    ("废止规章2件，规范性文件15件。", [("规章", REPEALED, 2)]),
]
REVIEWED = NEGATED + SUB_COUNTS + CORRECTED + DOCUMENTS


@pytest.mark.parametrize(("text", "expected"), REVIEWED, ids=[r[0][:16] for r in REVIEWED])
def test_a_figure_binds_the_cue_nearest_it_never_one_inside_another_phrase(
    text: str, expected: list[tuple[str | None, str, int]]
) -> None:
    assert bound(text) == [(k, c, Decimal(n)) for k, c, n in expected]


def test_the_reviewed_sentences_give_no_r14_where_the_table_agrees() -> None:
    t = table(三_一=5, 三_三_1=1, 三_七=6, sec4_1=1, sec4_4=1)
    t.sec2["行政规范性文件"] = [3, 0, 15]
    body = (
        "（二）依申请公开情况。本年度答复申请6件，其中予以公开5件，不予以公开1件；当场答复5件，延期答复2件。"
        "行政机关收到申请后补正的2件。",
        "加强规范性文件管理，全年印发文件25件，其中规范性文件3件。",
        "因政府信息公开被申请行政复议1件，被行政复议纠错1件；未发生行政诉讼败诉的情况。",
    )
    audit = audit_report(report(*body), t, "报告.docx")
    assert audit.findings == []
    assert [(e["key"], e["column"], e["number"]) for e in audit.narrative] == [
        ("三.七", TOTAL, 6),
        ("三.一", TOTAL, 5),
        ("三.三", TOTAL, 1),
        ("行政规范性文件", MADE, 3),
        (form.SEC4_REVIEW, TOTAL, 1),  # 表四: the block and its column
        (form.SEC4_REVIEW, form.SEC4_BLOCK_COLUMNS[1], 1),
        (form.SEC4_LITIGATION, form.SEC4_BLOCK_COLUMNS[1], 0),
    ]


def test_fill_report_gives_no_r14_for_the_reviewed_sentences() -> None:
    from toolkit.report.narrative import Paragraph, check_narrative

    t = table(三_一=5, 三_三_1=1, 三_七=6)
    heading = form.SECTION_HEADINGS[0]
    typed = [
        Paragraph(heading, text, text)
        for text in ("对申请予以公开5件，不予以公开1件。", "全年答复申请6件，其中当场答复5件。")
    ]
    context = {"予以公开": "5", "不予公开": "1", "本年办结": "6"}
    assert check_narrative(typed, typed, context, year=2024, table=t, path="r.docx", default=False) == []


def test_a_subset_word_is_no_scope_word() -> None:
    audit = audit_report(
        report("（二）依申请公开情况。收到申请17件，其中自然人17件。"), table(一=95), "r.txt"
    )
    assert [(f.rule, f.key) for f in audit.findings] == [("R14", "一"), ("R14", "一")]
    assert all("统计口径" not in f.message for f in audit.findings)
    scoped = audit_report(report("（二）依申请公开情况。全市收到申请17件。"), table(一=95), "r.txt")
    assert "“全市”" in scoped.findings[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105), ("三千", 3000)],
)
def test_chinese_numerals_count(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["零", "一二", "十十", "百十百"])
def test_what_is_no_plain_chinese_count(text: str) -> None:
    assert chinese_number(text) is None


def test_a_text_saying_17_where_the_table_says_95_is_one_r14_at_the_received_total() -> None:
    doc = report("（二）依申请公开情况。全县共收到政府信息公开申请17件，本级答复95件。")
    audit = audit_report(doc, table(一=95, 三_七=95), "报告.txt")
    r14 = [(f.rule, f.key, f.column, f.sheet) for f in audit.findings]
    assert r14 == [("R14", "一", TOTAL, "第3段")]
    message = audit.findings[0].message
    assert "17件" in message and "95" in message and "全县" in message and "本级" in message
    assert audit.narrative == [
        {
            "text": "全县共收到政府信息公开申请17件，本级答复95件",
            "number": 17,
            "key": "一",
            "column": TOTAL,
            "table_value": 95,
            "agrees": False,
        },
        {
            "text": "全县共收到政府信息公开申请17件，本级答复95件",
            "number": 95,
            "key": "三.七",
            "column": TOTAL,
            "table_value": 95,
            "agrees": True,
        },
    ]


def test_a_text_that_agrees_everywhere_gives_no_finding_and_binds_every_figure() -> None:
    t = table(一=12, 二=2, 三_一=5, 三_二=2, 三_四_1=3, 三_七=10, 四=4, sec4_0=1, sec4_4=1)
    t.sec3["一"][0], t.sec3["一"][1] = 10, 2
    t.sec2["行政规范性文件"] = [3, 0, 15]
    t.sec2["行政事业性收费"] = Decimal("1.5")
    body = (
        "（二）依申请公开情况。本年度新收政府信息公开申请12件，其中自然人10件、商业企业2件，上年结转2件。"
        "本年度办结10件，其中予以公开5件，部分公开2件，无法提供3件；结转下年度继续办理4件。",
        "本年制发行政规范性文件3件，现行有效15件。行政事业性收费1.5万元。",
        "被申请行政复议1件，结果维持1件。",
    )
    audit = audit_report(report(*body), t, "报告.docx")
    assert audit.findings == []
    assert [e["number"] for e in audit.narrative] == [12, 10, 2, 2, 10, 5, 2, 3, 4, 3, 15, 1.5, 1, 1]
    assert all(e["agrees"] is True for e in audit.narrative)


def test_the_sample_report_binds_its_one_figure_and_has_a_sound_frame() -> None:
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("\t")]
    doc = Document("txt", title=body[0] + body[1], passages=passages(*body[2:]))
    audit = audit_report(doc, Table.loads(SAMPLE_JSON.read_text(encoding="utf-8")), "sample.txt")
    assert (audit.unit, audit.year, audit.findings) == ("额敏县额敏镇", 2024, [])
    assert [(e["number"], e["key"], e["column"], e["agrees"]) for e in audit.narrative] == [
        (1, "一", TOTAL, True)
    ]


def test_an_unknown_cell_is_bound_but_neither_agrees_nor_disagrees() -> None:
    t = Table()
    t.sec3["一"][form.TOTAL_COL] = None
    audit = audit_report(report("收到申请3件。"), t, "r.txt")
    assert audit.findings == []
    assert [(e["key"], e["table_value"], e["agrees"]) for e in audit.narrative] == [("一", None, None)]


# --- R15 ------------------------------------------------------------------------------------------
def test_last_years_number_used_as_this_year_is_r15_at_its_sentence() -> None:
    doc = report("（一）主动公开情况。2023年，我局深入贯彻落实《条例》。")
    audit = audit_report(doc, None, "r.txt")
    assert [(f.rule, f.sheet) for f in audit.findings] == [("R15", "第3段")]
    assert "2023年" in audit.findings[0].hint


@pytest.mark.parametrize(
    "text",
    [
        "与2023年相比，申请数量有所增加。",
        "较2023年增加3件。",
        "根据《2023年政务公开工作要点》开展工作。",
        "2023年12月收到的申请结转至本年办理。",
        "2023年以来，我局持续推进政务公开。",
        "对照2023年度政府信息公开工作年度报告中的问题逐项整改。",
        "2024年，我局深入贯彻落实条例。",
        "在2023年基础上进一步扩大公开范围，2023年度报告中的问题已整改。",
        "申请数量同2023年同期相比有所下降。",
        "2025年，我局将进一步加强培训。",
    ],
)
def test_comparisons_dates_titles_and_this_years_numbers_are_no_stale_year(text: str) -> None:
    year, findings = year_findings(TITLE, passages(text), "r.txt")
    assert (year, findings) == (2024, [])


def test_a_title_and_a_period_of_different_years_are_r15() -> None:
    year, findings = year_findings(TITLE, passages("本报告统计期限为2023年1月1日至2023年12月31日。"), "r.txt")
    assert year == 2024
    assert [(f.rule, f.sheet) for f in findings] == [("R15", "第1段")]
    assert "2024" in findings[0].message and "2023" in findings[0].message


# --- R26 ------------------------------------------------------------------------------------------
def test_a_missing_part_is_r26_format() -> None:
    heads = list(form.SECTION_HEADINGS)
    findings = part_findings(passages(*(heads[:4] + heads[5:])), "r.txt")
    assert [(f.rule, f.severity) for f in findings] == [("R26", "format")]
    assert form.SECTION_HEADINGS[4] in findings[0].message


def test_a_part_with_the_2019_heading_is_r26_naming_the_official_one() -> None:
    heads = list(form.SECTION_HEADINGS)
    heads[3] = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    findings = part_findings(passages(*heads), "r.txt")
    assert [(f.rule, f.sheet) for f in findings] == [("R26", "第4段")]
    assert form.SECTION_HEADINGS[3] in findings[0].message


def test_a_heading_run_into_a_paragraph_or_in_a_tables_first_row_is_found() -> None:
    heads = list(form.SECTION_HEADINGS)
    texts = [heads[0], "主动公开情况良好。" + heads[1], *heads[3:]]
    assert part_findings(passages(*texts), "r.txt", table_texts=["", heads[2] + "\n"]) == []
    findings = part_findings(passages(*texts), "r.txt")
    assert [(f.rule, heads[2] in f.message) for f in findings] == [("R26", True)]


def test_parts_out_of_order_are_r26_and_normalised_headings_are_fine() -> None:
    heads = list(form.SECTION_HEADINGS)
    assert part_findings(passages(*[h.replace("、", "、 ") + "。" for h in heads]), "r.txt") == []
    swapped = [heads[0], heads[2], heads[1], *heads[3:]]
    findings = part_findings(passages(*swapped), "r.txt")
    assert [f.rule for f in findings] == ["R26"]
    assert "一、三、二、四、五、六" in findings[0].message


# --- R27 ------------------------------------------------------------------------------------------
def test_an_empty_contact_line_is_r27() -> None:
    findings = contact_findings(passages("请与本机关联系（地址：；邮编：；电话：）。"), "r.txt")
    assert [(f.rule, f.severity, f.sheet) for f in findings] == [("R27", "warning", "第1段")]
    assert "地址、邮编、电话" in findings[0].message


def test_a_partly_filled_contact_line_names_the_empty_field() -> None:
    findings = contact_findings(passages("（地址：某县人民路1号；邮编：【】；电话：0901-3353118）"), "r.txt")
    assert [f.rule for f in findings] == ["R27"]
    assert "邮编" in findings[0].message and "地址" not in findings[0].message


def test_a_contact_line_without_a_field_names_it_as_missing() -> None:
    (finding,) = contact_findings(passages("如有疑问请联系：联系电话：0901-3353118，地址：；"), "r.txt")
    assert finding.message == "联系方式中的地址没有填写，缺少邮编"
    (finding,) = contact_findings(passages("咨询电话：0901-3353118。"), "r.txt")
    assert finding.message == "联系方式中缺少地址、邮编"


def test_no_contact_line_at_all_is_r27_and_a_filled_one_is_fine() -> None:
    assert [f.rule for f in contact_findings(passages("一、总体情况"), "r.txt")] == ["R27"]
    assert contact_findings(passages(CONTACT), "r.txt") == []
    sample = "联系(地址：新疆塔城地区额敏县规划七路额敏镇人民政府；邮编834600;电话及传真：0901-3353118)"
    assert contact_findings(passages(sample), "r.txt") == []


def test_the_new_rules_have_their_severities() -> None:
    assert (SEVERITY["R26"], SEVERITY["R27"], SEVERITY["R13"]) == ("format", "warning", "warning")


# --- R13 ------------------------------------------------------------------------------------------
LAST_YEAR = (
    "本机关坚持以公开为常态、不公开为例外，推进行政决策、执行、管理、服务、结果公开。",
    "严格执行政府信息公开保密审查制度，明确审查工作程序和责任，确保上网信息不涉密。",
    "本年度共收到政府信息公开申请12件，均已按时答复，未发生行政复议和行政诉讼。",
)


def test_a_repeated_narrative_is_r13_with_its_share() -> None:
    this_year = (*LAST_YEAR[:2], LAST_YEAR[2].replace("12件", "15件"), "一、总体情况")
    audit = audit_report(
        report(*this_year),
        None,
        "2024.txt",
        previous=report(*LAST_YEAR, title="某县某局2023年政府信息公开工作年度报告"),
    )
    assert audit.repetition is not None and audit.repetition > 0.5
    assert [f.rule for f in audit.findings] == ["R13"]


def test_a_rewritten_narrative_is_no_r13() -> None:
    this_year = (
        "本年度聚焦企业群众关切，围绕优化营商环境重点领域加大主动公开力度。",
        "本年度全面梳理政府信息公开指南和目录，及时更新机构职能等基础信息。",
        *LAST_YEAR[1:2],
    )
    share = repetition(passages(*this_year), passages(*LAST_YEAR))
    assert share == pytest.approx(1 / 3)
    this, last = (
        Document("txt", passages=passages(*this_year)),
        Document("txt", passages=passages(*LAST_YEAR)),
    )
    assert "R13" not in [f.rule for f in audit_report(this, None, "r.txt", previous=last).findings]


def test_sentences_are_compared_with_numbers_masked_and_punctuation_removed() -> None:
    assert normalise_sentence("本年度共收到申请12件，均已答复。") == normalise_sentence(
        "本年度共收到申请 15 件,均已答复"
    )
    assert normalise_sentence("2024年，额敏镇收到一件申请") == "#年额敏镇收到#件申请"


def test_tables_of_two_years_get_r11_through_the_audit() -> None:
    last = table(四=3)
    last.year = 2023
    audit = audit_report(report(), table(二=2), "2024.txt", previous=report(), previous_table=last)
    assert [(f.rule, f.key, f.column) for f in audit.findings if f.rule != "R13"] == [
        ("R11", "二", "自然人"),  # the root cell: its 总计 differs because of it
    ]
    same_year = audit_report(report(), table(二=2), "2024.txt", previous_table=table(四=3))
    assert (same_year.findings, len(same_year.notes)) == ([], 1)


# --- titles and pairing ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "unit", "year"),
    [
        ("额敏县额敏镇2024年政府信息公开\n工作年度报告", "额敏县额敏镇", 2024),
        ("2023年度某市交通运输局政府信息公开工作年度报告", "某市交通运输局", 2023),
        ("某县人民政府关于2022年政府信息公开工作年度报告", "某县人民政府", 2022),
        ("工作总结", "工作总结", None),
    ],
)
def test_the_title_names_the_unit_and_the_year(title: str, unit: str, year: int | None) -> None:
    assert title_unit_year(title) == (unit, year)


def test_a_folders_reports_pair_by_unit_and_consecutive_years() -> None:
    reports = [
        Dated("a/2024.pdf", "某县某局", 2024),
        Dated("a/2023.pdf", "某县 某局", 2023),
        Dated("a/2022.docx", "某县某局", 2022),
        Dated("b/2024.pdf", "某县某镇", 2024),
        Dated("b/2022.pdf", "某县某镇", 2022),
        Dated("c/x.pdf", "", 2024),
    ]
    pairs = [(a.path, b.path) for a, b in pair_by_year(reports)]
    assert pairs == [("a/2023.pdf", "a/2022.docx"), ("a/2024.pdf", "a/2023.pdf")]


def test_a_text_saying_none_where_the_table_counts_some_is_r14() -> None:
    audit = audit_report(report("本年度未收到政府信息公开申请。"), table(一=5, 三_七=5), "r.txt")
    assert [(f.rule, f.key, f.column) for f in audit.findings] == [("R14", "一", TOTAL)]
    assert "未收到政府信息公开申请" in audit.findings[0].message and "为 5" in audit.findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "本年度报告中所列数据统计期限为2022年1月1日至12月31日。",
        "本报告中所列数据的统计时限自2022年1月1日至2022年12月31日。",
        "本年报中所列数据的统计期限自2022年1月1日起至12月31日止。",
        "报告统计期限为２０２２年１月１日至２０２２年１２月３１日。",
    ],
)
def test_the_period_is_read_as_reports_word_it(text: str) -> None:
    assert period_year(passages(text))[:2] == (2022, 2022)


def test_fill_report_binds_a_typed_number_to_its_cell_even_when_another_cell_holds_it() -> None:
    from toolkit.report.narrative import Paragraph, check_narrative

    t = table(一=95, 三_七=95, 三_一=17)
    heading = form.SECTION_HEADINGS[0]
    typed = [
        Paragraph(heading, text, text)
        for text in ("本年收到申请17件，予以公开17件。", "其中9999件另行统计。")
    ]
    context = {"本年新收": "95", "予以公开": "17"}  # 17 is a figure of the tables: the old check let it pass
    findings = check_narrative(typed, typed, context, year=2024, table=t, path="r.docx", default=False)
    assert [(f.rule, f.key, f.column) for f in findings] == [("R14", "一", TOTAL), ("R14", None, None)]
    assert "17件" in findings[0].message and "95" in findings[0].message
    assert "9999件" in findings[1].message


LONG_17 = "本年度共收到政府信息公开申请17件，均已按时答复，各项工作有序开展。"  # a long sentence


def test_an_audit_goes_into_the_files_report_and_its_json() -> None:
    from toolkit.findings import FileReport

    file = FileReport("报告.docx", "report")
    audit = audit_report(report(LONG_17), table(一=95), "报告.docx", previous=report(LONG_17))
    audit.apply_to(file)
    entry = file.to_json()
    assert (file.unit, file.year) == ("某县某局", 2024)
    assert [f["rule"] for f in entry["findings"]] == ["R14", "R13"]
    assert entry["narrative"] == audit.narrative and entry["narrative"][0]["table_value"] == 95
    assert entry["repetition"] == 1.0


ALPHABET = (
    "收到受理申请答复办结上年结转下年度顺延予以公开部分不予无法提供处理其他复议诉讼维持纠正"
    "规章规范性文件制发废止现行有效行政事业性收费元万件起一二两十百零0123456789，。；（）《》第较2023年"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_binds_without_error_and_only_counts_it_states(text: str) -> None:
    for figure in bind_figures(passages(text), table(一=3), year=2024):
        assert figure.number >= 0 and figure.sentence in clean_text(text)
        assert figure.cell.column and figure.to_json()["agrees"] in (True, False, None)
