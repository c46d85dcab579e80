"""Typos, abbreviations and look-alike characters in the labels of a unit's 统计表 (issue 15, items 3
and 5): read as their row where the neighbouring rows pin the place, each with an R20 that shows
the official wording; never guessed elsewhere; drift of one kind on many labels is one finding.

The fixtures are the three official tables built with openpyxl from ``toolkit.form`` (one sheet per
table, the official merged cells), with some labels changed. Cell addresses are fixed by the layout:
表三 row 一 is row 4, its numbers in D…J; the leaves are in column C, from 三.三.1 in row 8.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from toolkit import form
from toolkit.findings import Finding
from toolkit.label_variants import (
    ABBREVIATIONS,
    abbreviation_index,
    look_alike,
    official_label,
    official_texts,
)
from toolkit.read.stats import StatsRead, read_stats
from toolkit.read.stats_labels import GROUP_MIN, DriftFinding, drift_reasons, group_drift, is_typo_of

T2, T3, T4 = form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4
SEC2_VALUES: dict[str, Any] = {
    "规章": [1, 2, 3],
    "行政规范性文件": [4, 5, 6],
    "行政许可": 7,
    "行政处罚": 8,
    "行政强制": 9,
    "行政事业性收费": Decimal("1.5"),
}
#: section 三: every cell a different number (row index × 10 + column), so a row read from the
#: wrong place shows
SEC3_VALUES = {key: [r * 10 + c for c in range(7)] for r, key in enumerate(form.SEC3_KEYS)}
SEC4_VALUES = [100 + i for i in range(15)]
#: the Excel row of each section 三 key in the fixture
SEC3_ROW_AT = {key: 4 + i for i, key in enumerate(form.SEC3_KEYS)}
Mutate = Callable[[str], str]


def _label_column(key: str) -> str:
    if key.count(".") == 2:
        return "C"
    return "B" if key.startswith("三.") else "A"


def _cell(key: str) -> str:
    return f"{_label_column(key)}{SEC3_ROW_AT[key]}"


def write_tables(
    path: Path,
    *,
    rows: dict[str, str] | None = None,
    heads: dict[str, str] | None = None,
    mutate: Mutate = lambda text: text,
    extra: dict[str, str] | None = None,
) -> Path:
    """The official tables on 表二/表三/表四. ``rows``: row key → the label typed instead of the
    official one; ``heads``: official column header → the header typed; ``mutate``: applied to every
    label (after ``rows`` and ``heads``); ``extra``: more cells of 表三 (address → text)."""
    rows, heads = rows or {}, heads or {}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)

    def text(official: str, key: str | None = None) -> str:
        typed = rows.get(key, official) if key is not None else heads.get(official, official)
        return mutate(typed)

    # 表二
    ws = wb.create_sheet(T2)
    r = 1
    for t in form.SEC2_TABLES:
        ws.cell(r, 1, text(t.header))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.cell(r + 1, 1, text(form.SEC2_CONTENT_LABEL))
        for i, name in enumerate(t.columns):
            ws.cell(r + 1, 2 + i, text(name))
        r += 2
        for key in t.rows:
            ws.cell(r, 1, text(key, key))
            value = SEC2_VALUES[key]
            for i, v in enumerate(value if isinstance(value, list) else [value]):
                ws.cell(r, 2 + i, float(v) if isinstance(v, Decimal) else v)
            r += 1

    # 表三
    ws = wb.create_sheet(T3)
    ws.cell(1, 1, text(form.SEC3_NOTE))
    ws.merge_cells("A1:C3")
    ws.cell(1, 4, text(form.SEC3_APPLICANT_HEAD))
    ws.merge_cells("D1:J1")
    ws.cell(2, 4, text(form.SEC3_COLUMNS[0]))
    ws.merge_cells("D2:D3")
    ws.cell(2, 5, text(form.SEC3_LEGAL_PERSON_GROUP))
    ws.merge_cells("E2:I2")
    for i, name in enumerate(form.LEGAL_PERSON_TYPES):
        ws.cell(3, 5 + i, text(name))
    ws.cell(2, 10, text(form.SEC3_TOTAL_COLUMN))
    ws.merge_cells("J2:J3")
    for key in form.SEC3_KEYS:
        row = SEC3_ROW_AT[key]
        col = "ABC".index(_label_column(key)) + 1
        ws.cell(row, col, text(form.SEC3_ROW[key].label, key))
        if col < 3:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=3)
        for c, v in enumerate(SEC3_VALUES[key]):
            ws.cell(row, 4 + c, v)
    first, last = SEC3_ROW_AT["三.一"], SEC3_ROW_AT["三.七"]
    ws.cell(first, 1, text(form.SEC3_RESULTS_HEAD))
    ws.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
    for group in form.RESULT_GROUPS:
        if len(group.leaves) > 1:
            top, bottom = SEC3_ROW_AT[group.leaves[0]], SEC3_ROW_AT[group.leaves[-1]]
            ws.cell(top, 2, text(group.label))
            ws.merge_cells(start_row=top, start_column=2, end_row=bottom, end_column=2)
    for address, value in (extra or {}).items():
        ws[address] = value

    # 表四
    ws = wb.create_sheet(T4)
    ws.cell(1, 1, text(form.SEC4_REVIEW))
    ws.merge_cells("A1:E1")
    ws.cell(1, 6, text(form.SEC4_LITIGATION))
    ws.merge_cells("F1:O1")
    width = len(form.SEC4_BLOCK_COLUMNS)
    for j, name in enumerate(form.SEC4_BLOCK_COLUMNS):
        ws.cell(2, 1 + j, text(name))
        ws.merge_cells(start_row=2, start_column=1 + j, end_row=3, end_column=1 + j)
    for b, block in enumerate(form.SEC4_BLOCKS[1:], start=1):
        ws.cell(2, 1 + b * width, text(block))
        ws.merge_cells(start_row=2, start_column=1 + b * width, end_row=2, end_column=(b + 1) * width)
        for j, name in enumerate(form.SEC4_BLOCK_COLUMNS):
            ws.cell(3, 1 + b * width + j, text(name))
    for i, v in enumerate(SEC4_VALUES):
        ws.cell(4, 1 + i, v)
    wb.save(path)
    return path


def _read(path: Path) -> StatsRead:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return read_stats(book, str(path))
    finally:
        book.close()


def _drift(read: StatsRead) -> list[Finding]:
    return [f for f in read.findings if f.rule == "R20"]


def _assert_all_read(read: StatsRead) -> None:
    assert read.table.sec2 == SEC2_VALUES
    assert read.table.sec3 == SEC3_VALUES
    assert read.table.sec4 == SEC4_VALUES
    assert not any("未找到" in note for note in read.notes), read.notes


def test_the_official_tables_read_clean(tmp_path: Path) -> None:
    read = _read(write_tables(tmp_path / "clean.xlsx"))
    _assert_all_read(read)
    assert read.layout == "2021"
    assert read.findings == []


# ---------------------------------------------------------------------------------------
# Typos at the place of their row
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "typed", "cell", "what"),
    [
        ("三.三.2", "2.其他法律行政止公开", "C9", "缺少“法规禁”"),
        ("三.四.2", "2.没有现成信息需要另外制作", "C17", "“外”应为“行”"),
        ("三.五.5", "5.要求行政机关确认或重新出据已获取信息", "C23", "“据”应为“具”"),
        ("一", "一、本年新收政府信息公开申清数量", "A4", "“清”应为“请”"),  # the first row
        ("四", "四、结转下年度继续力理", "A28", "“力”应为“办”"),  # the last row
    ],
    ids=["missing-chars", "wrong-char", "homophone", "first-row", "last-row"],
)
def test_a_sec3_row_with_a_typo_is_read_with_r20(
    tmp_path: Path, key: str, typed: str, cell: str, what: str
) -> None:
    read = _read(write_tables(tmp_path / "typo.xlsx", rows={key: typed}))
    _assert_all_read(read)
    assert read.cells[("sec3", key, 0)] == (T3, f"D{cell[1:]}")
    drift = _drift(read)
    assert [(f.rule, f.sheet, f.cell, f.key) for f in drift] == [("R20", T3, cell, key)]
    message = drift[0].message
    assert f"“{typed}”" in message and f"“{form.SEC3_ROW[key].label}”" in message
    assert f"有错字或漏字：{what}" in message  # what to retype


def test_a_sec3_typo_message_names_the_characters_to_retype(tmp_path: Path) -> None:
    read = _read(write_tables(tmp_path / "t.xlsx", rows={"三.四.2": "2.没有现成信息需要另外制作"}))
    (finding,) = _drift(read)
    assert "有错字或漏字：“外”应为“行”" in finding.message
    assert finding.hint == f"请把该单元格改为“{form.SEC3_ROW['三.四.2'].label}”（{form.FORM_NAME}）"


@pytest.mark.parametrize(
    ("rows", "heads", "cell", "key", "column"),
    [
        ({"行政处罚": "行政处法"}, {}, "A10", "行政处罚", None),
        ({"行政事业性收费": "行政事业姓收费"}, {}, "A14", "行政事业性收费", None),
        ({}, {"现行有效件数": "现行有效件"}, "D2", None, "现行有效件数"),
        (
            {},
            {"本年收费金额（单位：万元）": "本年收费金额（万元）"},
            "B13",
            None,
            "本年收费金额（单位：万元）",
        ),
    ],
    ids=["row", "last-row", "doc-header", "fee-header"],
)
def test_a_sec2_label_with_a_typo_is_read_with_r20(
    tmp_path: Path,
    rows: dict[str, str],
    heads: dict[str, str],
    cell: str,
    key: str | None,
    column: str | None,
) -> None:
    read = _read(write_tables(tmp_path / "t2.xlsx", rows=rows, heads=heads))
    _assert_all_read(read)
    drift = _drift(read)
    assert [(f.rule, f.sheet, f.cell, f.key, f.column) for f in drift] == [("R20", T2, cell, key, column)]
    official = key or column
    assert official is not None and f"官方表述为“{official}”" in drift[0].message
    assert "有错字或漏字" in drift[0].message


@pytest.mark.parametrize(
    ("heads", "cell"),
    [
        ({"社会公益组织": "社会公益组识"}, "G3"),
        ({"科研机构": "科研机购"}, "F3"),
        ({"法律服务机构": "法律服务机关"}, "H3"),
    ],
)
def test_a_sec3_column_header_with_a_typo_is_read_with_r20(
    tmp_path: Path, heads: dict[str, str], cell: str
) -> None:
    read = _read(write_tables(tmp_path / "t3h.xlsx", heads=heads))
    _assert_all_read(read)
    assert not any("列标题不完整" in n for n in read.notes)
    (official,) = heads
    assert [(f.rule, f.sheet, f.cell, f.column) for f in _drift(read)] == [("R20", T3, cell, official)]


def test_the_column_of_a_typoed_header_is_the_one_under_it(tmp_path: Path) -> None:
    """现行有效件 over column D: 现行有效 is read from D even when a stray column holds numbers."""
    path = write_tables(tmp_path / "h.xlsx", heads={"现行有效件数": "现行有效件"})
    read = _read(path)
    assert read.cells[("sec2", "行政规范性文件", 2)] == (T2, "D4")
    assert not any("列标题不完整" in n for n in read.notes)


@pytest.mark.parametrize(
    ("heads", "cells"),
    [
        ({"未经复议直接起诉": "未经复议直接起述"}, [("F2", None)]),
        (
            {"结果纠正": "结果纠错"},
            [("B2", "行政复议·结果纠正"), ("G3", "未经复议直接起诉·结果纠正"), ("L3", "复议后起诉·结果纠正")],
        ),
    ],
    ids=["block", "column-in-every-block"],
)
def test_a_sec4_header_with_a_typo_is_read_with_r20(
    tmp_path: Path, heads: dict[str, str], cells: list[tuple[str, str | None]]
) -> None:
    read = _read(write_tables(tmp_path / "t4.xlsx", heads=heads))
    _assert_all_read(read)
    assert not any("列标题不完整" in n for n in read.notes)
    assert read.cells[("sec4", None, 14)] == (T4, "O4")
    drift = _drift(read)
    assert [(f.rule, f.sheet, f.cell, f.column) for f in drift] == [("R20", T4, c, col) for c, col in cells]
    (official,) = heads
    assert all(f"官方表述为“{official}”" in f.message for f in drift)


@pytest.mark.parametrize(
    ("heads", "cell"), [({"行政复议": "行政复义"}, "A1"), ({"行政诉讼": "行政诉松"}, "F1")]
)
def test_table_four_is_found_under_a_typoed_review_or_litigation_header(
    tmp_path: Path, heads: dict[str, str], cell: str
) -> None:
    read = _read(write_tables(tmp_path / "t4h.xlsx", heads=heads))
    _assert_all_read(read)
    (official,) = heads
    assert [(f.rule, f.sheet, f.cell) for f in _drift(read)] == [("R20", T4, cell)]
    assert f"官方表述为“{official}”" in _drift(read)[0].message


def test_typos_in_the_first_two_rows_are_both_read(tmp_path: Path) -> None:
    rows = {"一": "一、本年新收政府信息公开申清数量", "二": "二、上年结转政府信息公开申清数量"}
    read = _read(write_tables(tmp_path / "first2.xlsx", rows=rows))
    _assert_all_read(read)
    assert [(f.sheet, f.cell, f.key) for f in _drift(read)] == [(T3, "A4", "一"), (T3, "A5", "二")]


def test_a_sec4_header_as_near_two_columns_is_not_guessed(tmp_path: Path) -> None:
    read = _read(write_tables(tmp_path / "t4.xlsx", heads={"结果纠正": "结果维正"}))  # 结果维持 or 结果纠正
    assert any("列标题不完整" in n for n in read.notes)
    assert _drift(read) == []


# ---------------------------------------------------------------------------------------
# Abbreviations
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "cells"),
    [
        ({"三.六.1": "1.逾期不补正", "三.六.2": "2.逾期不缴费"}, {"三.六.1": "C24", "三.六.2": "C25"}),
        ({"三.二": "（二）部分公开"}, {"三.二": "B7"}),
        (
            {"三.五.4": "4.大量反复申请", "三.四.3": "（3）补正后仍不明确"},
            {"三.五.4": "C22", "三.四.3": "C18"},
        ),
    ],
    ids=["三.六", "三.二", "numbered-variants"],
)
def test_an_abbreviated_row_is_read_with_r20(
    tmp_path: Path, rows: dict[str, str], cells: dict[str, str]
) -> None:
    read = _read(write_tables(tmp_path / "a.xlsx", rows=rows))
    _assert_all_read(read)
    drift = _drift(read)
    assert sorted((f.rule, f.sheet, f.cell, f.key) for f in drift) == sorted(
        ("R20", T3, cell, key) for key, cell in cells.items()
    )
    for f in drift:
        assert f.key is not None and f"官方表述为“{form.SEC3_ROW[f.key].label[:20]}" in f.message
        assert "用了简称或旧称" in f.message


def test_the_abbreviations_are_data_that_cannot_be_mistaken() -> None:
    index = abbreviation_index()
    official = official_texts()
    rows = form.sec3_row_by_label()
    assert len({a.text for a in ABBREVIATIONS}) == len(ABBREVIATIONS)
    for abbreviation in ABBREVIATIONS:
        norm = form.normalize_label(abbreviation.text)
        assert abbreviation.note, abbreviation
        assert index[norm] == abbreviation.key
        official_label(abbreviation.key)  # a real row
        assert norm not in official, abbreviation  # never an official label itself
        assert rows.get(norm, abbreviation.key) == abbreviation.key  # never another row's variant


# ---------------------------------------------------------------------------------------
# Never misread
# ---------------------------------------------------------------------------------------
def test_a_typo_away_from_its_place_is_not_read(tmp_path: Path) -> None:
    """三.三.2 typed beyond recognition; its typo below the table (a note row) is not its place."""
    path = write_tables(
        tmp_path / "away.xlsx",
        rows={"三.三.2": "2.另一种情形"},
        extra={"C31": "2.其他法律行政止公开", "D31": 999},
    )
    read = _read(path)
    assert read.table.sec3["三.三.2"] == [None] * 7
    assert ("sec3", "三.三.2", 0) not in read.cells
    assert any("未找到以下行：三.三.2" in n for n in read.notes)
    assert not any(f.key == "三.三.2" for f in read.findings)
    assert read.table.sec3["三.三.3"] == SEC3_VALUES["三.三.3"]


def test_a_typo_at_the_place_of_another_row_is_not_read_as_its_own(tmp_path: Path) -> None:
    """The typo of 三.三.2 typed in the row of 三.五.2: neither row takes it (the number and the text
    must both fit the row expected there)."""
    read = _read(write_tables(tmp_path / "other.xlsx", rows={"三.五.2": "2.其他法律行政止公开"}))
    assert read.table.sec3["三.五.2"] == [None] * 7
    assert read.table.sec3["三.三.2"] == SEC3_VALUES["三.三.2"]
    assert any("三.五.2" in n for n in read.notes)
    assert _drift(read) == []


@pytest.mark.parametrize(
    ("rows", "unread"),
    [
        ({"行政处罚": "行政处制"}, "行政处罚"),  # as near 行政强制 as 行政处罚
        ({"三.三.2": "2.其他法律行政止公开", "三.三.3": "2.其他法律行政禁公开"}, "三.三.2"),  # two candidates
        ({"三.六.3": "3.其余"}, "三.六.3"),  # too short to guess
        ({"三.三.1": "(一)属于国家秘密密密"}, "三.三.1"),  # the number style of a group, and 3 extra
    ],
    ids=["as-near-another-label", "two-candidates", "too-short", "too-far"],
)
def test_an_ambiguous_or_distant_label_is_not_guessed(
    tmp_path: Path, rows: dict[str, str], unread: str
) -> None:
    read = _read(write_tables(tmp_path / "amb.xlsx", rows=rows))
    if unread in form.SEC3_ROW:
        assert read.table.sec3[unread] == [None] * 7
        assert read.table.sec3 == {**SEC3_VALUES, **{k: [None] * 7 for k in rows}}
    else:
        assert read.table.sec2[unread] is None
    assert any(unread in n and "未找到" in n for n in read.notes)
    assert not any(f.key == unread for f in read.findings)


def test_is_typo_of_is_strict() -> None:
    n = form.normalize_label
    assert is_typo_of(n("2.其他法律行政止公开"), "2.其他法律行政法规禁止公开")
    assert not is_typo_of(n("3.其他法律行政止公开"), "2.其他法律行政法规禁止公开")  # the number differs
    assert not is_typo_of(n("其他法律行政止公开"), "2.其他法律行政法规禁止公开")  # no number
    assert not is_typo_of(n("行政强制"), "行政处罚")  # an official label is itself
    assert not is_typo_of(n("其它"), form.SEC3_TOTAL_COLUMN)
    assert not is_typo_of(n("规费"), "规章")  # two characters: no room for a typo
    assert is_typo_of(n("行政许诺"), "行政许可")


# ---------------------------------------------------------------------------------------
# Characters you cannot see
# ---------------------------------------------------------------------------------------
KANGXI = {"一": "\u2f00", "行": "\u2f8f", "人": "\u2f08"}


def _kangxi(text: str) -> str:
    return "".join(KANGXI.get(ch, ch) for ch in text)


def test_one_kangxi_label_is_read_and_named_by_code_point(tmp_path: Path) -> None:
    label = form.SEC3_ROW["三.三.7"].label
    read = _read(write_tables(tmp_path / "k1.xlsx", rows={"三.三.7": _kangxi(label)}))
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert (finding.rule, finding.sheet, finding.cell, finding.key) == ("R20", T3, "C14", "三.三.7")
    assert "⾏（U+2F8F，康熙部首）应为行（U+884C）" in finding.message
    assert f"官方表述为“{label}”" in finding.message


def test_look_alike_characters_are_known() -> None:
    assert look_alike("\u2f00") == ("一", "康熙部首")
    assert look_alike("\u2ed3") == ("长", "部首补充字符")
    assert look_alike("\uf900") == ("豈", "兼容汉字")
    assert look_alike("一") is None and look_alike("a") is None
    reasons = drift_reasons("\u2f00、本年新收政府信息公开申请数量", form.SEC3_ROW["一"].label)
    assert reasons == "含有形近字符 ⼀（U+2F00，康熙部首）应为一（U+4E00）"


def test_kangxi_radicals_all_over_a_pasted_table_are_one_finding(tmp_path: Path) -> None:
    read = _read(write_tables(tmp_path / "k.xlsx", mutate=_kangxi))
    _assert_all_read(read)
    drift = _drift(read)
    assert [(f.rule, f.sheet, f.cell) for f in drift] == [("R20", T2, "A1")]  # 第二十条第（⼀）项 first
    message = drift[0].message
    assert "⾏（U+2F8F，康熙部首）应为行（U+884C）" in message
    assert "⼀（U+2F00，康熙部首）应为一（U+4E00）" in message
    assert "⼈（U+2F08，康熙部首）应为人（U+4EBA）" in message
    count = int(message.split(" 个标签")[0])
    assert count > GROUP_MIN and f"等 {count} 处" in message
    assert f"{T2}!A4“{_kangxi('行政规范性文件')}”" in message  # among the first five


def test_half_width_brackets_on_every_label_are_one_finding_listing_the_cells(tmp_path: Path) -> None:
    read = _read(write_tables(tmp_path / "hw.xlsx", mutate=lambda t: t.replace("（", "(").replace("）", ")")))
    _assert_all_read(read)
    drift = _drift(read)
    assert [(f.rule, f.sheet, f.cell) for f in drift] == [("R20", T2, "A1")]
    message = drift[0].message
    # 表二: the four 第二十条 headers and the fee header; 表三: the four groups, 三.一, 三.二, 三.七
    assert message.startswith("12 个标签用了半角括号：")
    assert f"{T2}!A1“第二十条第(一)项”" in message and "等 12 处" in message
    assert "全角括号" in drift[0].hint


def test_two_kinds_on_every_label_stay_two_findings(tmp_path: Path) -> None:
    def both(text: str) -> str:
        return _kangxi(text.replace("（", "(").replace("）", ")"))

    read = _read(write_tables(tmp_path / "two.xlsx", mutate=both))
    _assert_all_read(read)
    drift = _drift(read)
    assert len(drift) == 2
    assert {f.message.split("：")[0].split(" 个标签")[1][:6] for f in drift} == {
        "用了半角括号",
        "含有形近字符",
    }


def test_a_few_labels_of_one_kind_stay_separate(tmp_path: Path) -> None:
    rows = {"三.一": "(一)予以公开", "三.七": "(七)总计"}  # two: below GROUP_MIN
    read = _read(write_tables(tmp_path / "few.xlsx", rows=rows))
    _assert_all_read(read)
    assert sorted((f.rule, f.sheet, f.cell, f.key) for f in _drift(read)) == [
        ("R20", T3, "B27", "三.七"),
        ("R20", T3, "B6", "三.一"),
    ]


def test_traditional_characters_on_many_labels_are_one_finding(tmp_path: Path) -> None:
    def traditional(text: str) -> str:
        return text.replace("开", "開").replace("请", "請")

    read = _read(write_tables(tmp_path / "tr.xlsx", mutate=traditional))
    _assert_all_read(read)
    drift = _drift(read)
    # at the first label checked: the group cell （三）不予公開 (the group cells are checked first)
    assert [(f.rule, f.sheet, f.cell) for f in drift] == [("R20", T3, "B8")]
    assert drift[0].message.startswith(f"{len(_traditional_rows())} 个标签用了繁体字：{T3}!B8“")
    assert f"{T3}!A4“一、本年新收政府信息公開申請数量”" in drift[0].message
    assert "简体字" in drift[0].hint


def _traditional_rows() -> list[str]:
    """The labels the reader checks that hold 开 or 请."""
    groups = [g.label for g in form.RESULT_GROUPS if len(g.leaves) > 1]
    checked = [r.label for r in form.SEC3_ROWS] + groups + [form.SEC3_APPLICANT_HEAD]
    return [label for label in checked if "开" in label or "请" in label]


def test_a_numbering_habit_is_one_finding_listing_the_cells(tmp_path: Path) -> None:
    """1、 on every leaf is one habit: ONE finding listing the cells (issue 15 item 5), at the first
    leaf (it was one finding per label: 19)."""
    leaves = {key: form.SEC3_ROW[key].label.replace(".", "、", 1) for key in form.RESULT_KEYS[2:]}
    read = _read(write_tables(tmp_path / "sep.xlsx", rows=leaves))
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert (finding.sheet, finding.cell) == (T3, _cell("三.三.1"))
    assert finding.message.startswith(f"{len(leaves)} 个标签序号后应为“.”：{T3}!C8“1、属于国家秘密”")
    assert f"等 {len(leaves)} 处" in finding.message


def test_full_width_numbers_on_the_leaves_are_one_finding(tmp_path: Path) -> None:
    """１． (full-width digit and full stop, one input mode) on the leaves 1 and 2: one finding,
    not one per label and not a second one for the full stop."""
    read = _read(
        write_tables(tmp_path / "fw.xlsx", mutate=lambda t: t.replace("1.", "１．").replace("2.", "２．"))
    )
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert finding.message.startswith(f"8 个标签用了全角数字或全角“．”：{T3}!C8“１．属于国家秘密”")
    assert "序号后应为" not in finding.message


@pytest.mark.parametrize(
    ("style", "words"), [("paren", "序号应写作“1.”“2.”"), ("bare", "缺少序号")], ids=["（1）", "no-number"]
)
def test_other_numbering_habits_are_one_finding(tmp_path: Path, style: str, words: str) -> None:
    def renumber(text: str) -> str:
        for n in "123":
            text = text.replace(f"{n}.", f"（{n}）" if style == "paren" else "")
        return text

    leaves = [k for k in form.RESULT_KEYS[2:] if form.SEC3_ROW[k].label[0] in "12"]  # not a bare 其他
    read = _read(
        write_tables(tmp_path / "n.xlsx", rows={k: renumber(form.SEC3_ROW[k].label) for k in leaves})
    )
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert finding.cell == "C8" and finding.message.startswith(f"{len(leaves)} 个标签{words}")


def _drift_at(cell: str) -> DriftFinding:
    return DriftFinding(
        "R20",
        "x.xlsx",
        f"m {cell}",
        sheet=T2,
        cell=cell,
        kinds=("traditional",),
        place=f"{T2}!{cell}",
        shown="處",
    )


def test_a_cell_checked_twice_counts_once() -> None:
    """A header two rows share is checked twice: it is one label, before the count and before the
    threshold (it was "3 个标签…：表二!B6、表二!B9、表二!B9" for two cells)."""
    twice = group_drift([_drift_at("B6"), _drift_at("B9"), _drift_at("B9")])
    assert [(f.cell, f.message) for f in twice] == [("B6", "m B6"), ("B9", "m B9")]  # two: below GROUP_MIN
    grouped = group_drift([_drift_at("B6"), _drift_at("B9"), _drift_at("B9"), _drift_at("B12")])
    assert len(grouped) == 1 and grouped[0].message.startswith("3 个标签用了繁体字：")
    assert grouped[0].message.count(f"{T2}!B9") == 1


def test_traditional_characters_count_each_cell_once(tmp_path: Path) -> None:
    """處 for 处: the three 本年处理决定数量 headers of 表二, 行政处罚, two groups and two leaves of
    表三 — eight cells, each once."""
    read = _read(write_tables(tmp_path / "chu.xlsx", mutate=lambda t: t.replace("处", "處")))
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert finding.message.startswith("8 个标签用了繁体字：") and "等 8 处" in finding.message
    shown = finding.message.split("：", 1)[1].split("等")[0].split("、")
    assert len(shown) == len(set(shown)) == 5


# ---------------------------------------------------------------------------------------
# Everyday synonyms: 其它 for 其他, 合计 for 总计
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "heads", "expected"),
    [
        ({"三.六.3": "3.其它"}, {}, [(T3, "C26", "三.六.3", None, "“其它”应为“其他”")]),
        ({"三.七": "合计"}, {}, [(T3, "B27", "三.七", None, "“合计”应为“总计”")]),
        ({"三.七": "（七）合计"}, {}, [(T3, "B27", "三.七", None, "“合计”应为“总计”")]),
        ({}, {"其他": "其它"}, [(T3, "I3", None, "其他", "“其它”应为“其他”")]),
        (
            {},
            {"总计": "合计"},
            # the same word typed in four headers is one finding naming the four cells
            [
                (
                    T3,
                    "J2",
                    None,
                    None,
                    f"4 个标签把“总计”写作“合计”：{T3}!J2“合计”、{T4}!E2“合计”、{T4}!J3“合计”",
                )
            ],
        ),
        ({}, {"法人或其他组织": "法人或其它组织"}, [(T3, "E2", None, None, "“其它”应为“其他”")]),
    ],
    ids=["3.其它", "bare-合计", "（七）合计", "column-其它", "column-合计", "group-其它"],
)
def test_an_everyday_synonym_is_read_with_r20(
    tmp_path: Path,
    rows: dict[str, str],
    heads: dict[str, str],
    expected: list[tuple[str, str, str | None, str | None, str]],
) -> None:
    """Was dropped with "未找到三.六.3" / "未找到三.七" / "列标题不完整（缺少：其他）"."""
    read = _read(write_tables(tmp_path / "syn.xlsx", rows=rows, heads=heads))
    _assert_all_read(read)
    assert not any("列标题不完整" in n for n in read.notes)
    drift = _drift(read)
    assert [(f.sheet, f.cell, f.key, f.column) for f in drift] == [e[:4] for e in expected]
    assert all(e[4] in f.message for f, e in zip(drift, expected, strict=True))


# ---------------------------------------------------------------------------------------
# A row label twice in one table, or out of the official order: never read silently
# ---------------------------------------------------------------------------------------
def _label(key: str) -> str:
    return form.SEC3_ROW[key].label


@pytest.mark.parametrize(
    ("place", "copied", "other"),
    [
        ("三.三.7", "三.三.8", "C15"),
        ("一", "二", "A5"),
        ("三.七", "四", "A28"),
        ("三.五.2", "三.三.8", "C15"),
    ],
    ids=["next-row", "first-row", "last-row", "far-row"],
)
def test_a_copied_row_label_at_the_place_of_a_missing_row_is_read_as_that_row(
    tmp_path: Path, place: str, copied: str, other: str
) -> None:
    """三.三.7's row labelled with 三.三.8's label (a copy-paste): 三.三.8 is read from its own row
    (it was read from 三.三.7's, silently, and its real row ignored); the copy, pinned by the rows
    around it, is read as 三.三.7 with an R20 at it that says so."""
    read = _read(write_tables(tmp_path / "dup.xlsx", rows={place: _label(copied)}))
    _assert_all_read(read)
    (finding,) = _drift(read)
    assert (finding.rule, finding.sheet, finding.cell, finding.key) == ("R20", T3, _cell(place), place)
    assert f"与{T3}!{other}重复" in finding.message
    assert f"该位置应为{place}“{_label(place)}”，已按{place}读取" in finding.message


def test_copied_row_labels_not_pinned_are_reported_and_not_read(tmp_path: Path) -> None:
    """Two rows above 三.三.8 both labelled as 三.三.8: 三.三.8 is read from the row that fits the
    order; the two copies are reported at their cells and their values are not read."""
    rows = {"三.三.6": _label("三.三.8"), "三.三.7": _label("三.三.8")}
    read = _read(write_tables(tmp_path / "dup2.xlsx", rows=rows))
    assert read.table.sec3 == {**SEC3_VALUES, "三.三.6": [None] * 7, "三.三.7": [None] * 7}
    assert [(f.sheet, f.cell, f.key) for f in _drift(read)] == [
        (T3, "C13", "三.三.8"),
        (T3, "C14", "三.三.8"),
    ]
    assert all(f"与{T3}!C15重复" in f.message and "该行的数字未读取" in f.message for f in _drift(read))
    assert any("未找到以下行：三.三.6、三.三.7" in n for n in read.notes)


@pytest.mark.parametrize(
    ("first", "second", "cell"),
    [("三.五.2", "三.五.3", "C20"), ("三.六.1", "三.六.2", "C24")],
    ids=["swap", "swap-abbreviations"],
)
def test_swapped_row_labels_are_read_by_label_and_reported(
    tmp_path: Path, first: str, second: str, cell: str
) -> None:
    """Two rows with swapped labels: each is read as its label says, with an R20 at the label out
    of order (it was "未找到三.五.3" although the label is visibly there)."""
    typed = {first: _label(second), second: _label(first)}
    if first == "三.六.1":
        typed = {first: "2.逾期不缴费", second: "1.逾期不补正"}
    read = _read(write_tables(tmp_path / "swap.xlsx", rows=typed))
    assert read.table.sec3 == {**SEC3_VALUES, first: SEC3_VALUES[second], second: SEC3_VALUES[first]}
    assert not any("未找到" in n for n in read.notes)
    order = [f for f in _drift(read) if "行序" in f.message]
    assert [(f.sheet, f.cell, f.key) for f in order] == [(T3, cell, second)]
    assert f"应在{first}“" in order[0].message and f"已按标签读取为{second}" in order[0].message


def test_group_drift_leaves_other_findings_alone() -> None:
    other = Finding("R20", "x.xlsx", "m", sheet="表三", cell="A1")
    assert group_drift([other]) == [other]
    assert group_drift([]) == []


# --- a row whose label cell was left empty ----------------------------------------------------------
def test_an_unlabelled_row_between_two_found_rows_is_read_as_the_one_missing_row(tmp_path: Path) -> None:
    """The label of 三.三.2 deleted: the numbers of the row between 三.三.1 and 三.三.3 are that row's,
    read with an R20 at the empty label cell — never dropped with a note only."""
    from sample_layout import sample_table, write_sample_layout

    from toolkit.check import check

    table = sample_table().with_totals()
    table.sec3["三.三.2"][0] = 2  # a number to see read, and the rows it enters still add up
    table.sec3["一"][0] += 2
    table = table.with_totals()
    path = write_sample_layout(tmp_path / "t.xlsx", table, relabel={"三.三.2": ""})
    report = check([path])
    empty = [f for f in report.findings if "没有行标签" in f.message]
    assert [(f.rule, f.sheet, f.cell, f.key) for f in empty] == [("R20", "Sheet1", "C27", "三.三.2")]
    assert not [f for f in report.findings if f.is_error]
    assert not any("未找到" in note for note in report.files[0].notes)
    stats = read_stats(CalamineWorkbook.from_path(str(path)), str(path))
    assert stats.table.sec3["三.三.2"] == table.sec3["三.三.2"]


def test_two_unlabelled_rows_are_not_guessed(tmp_path: Path) -> None:
    from sample_layout import sample_table, write_sample_layout

    path = write_sample_layout(
        tmp_path / "t.xlsx", sample_table().with_totals(), relabel={"三.三.2": "", "三.三.3": ""}
    )
    stats = read_stats(CalamineWorkbook.from_path(str(path)), str(path))
    assert stats.table.sec3["三.三.2"] == [None] * len(form.SEC3_COLUMNS)
    assert any("三.三.2、三.三.3" in note for note in stats.notes)
