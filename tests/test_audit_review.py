"""Regressions from the third review of the narrative audit (issue 17): each test is a reviewer's
sentence from a realistic report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_narrative_audit import TITLE, passages

from toolkit import form
from toolkit.rules.bind import bind_figures, clean_text
from toolkit.rules.frame import year_findings
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
