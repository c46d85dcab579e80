"""toolkit.read.stats: the 统计表 reader for any layout (ours, the sample report's, 2019, hybrids).

Addresses are asserted literally: the fixtures in sample_layout.py fix their rows (see its docstring).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sample_layout import (
    LEAVES,
    SAMPLE_SHEET,
    SINGLE_OTHER_2019,
    Sheet,
    put_text_cells,
    sample_table,
    save,
    table_2019,
    write_2019_layout,
    write_hybrid_layout,
    write_sample_layout,
)

from toolkit import form
from toolkit.read.stats import StatsRead, looks_like_stats, read_grids, read_stats
from toolkit.read.stats_grid import Grid, Sheets
from toolkit.read.stats_numbers import read_number
from toolkit.rules.table import check_table
from toolkit.table import Table, UnitInfo
from toolkit.write.stats_workbook import write_stats_workbook


def _read(path: Path) -> StatsRead:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return read_stats(book, str(path))
    finally:
        book.close()


def _looks(path: Path) -> bool:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return looks_like_stats(book)
    finally:
        book.close()


def _places(read: StatsRead, *rules: str) -> set[tuple[str, str | None, str | None]]:
    return {(f.rule, f.sheet, f.cell) for f in read.findings if not rules or f.rule in rules}


def _distinct_table() -> Table:
    """Every leaf a different number, so a column or row read from the wrong place shows."""
    t = sample_table()
    t.sec2 = {
        "规章": [1, 2, 3],
        "行政规范性文件": [4, 5, 6],
        "行政许可": 7,
        "行政处罚": 8,
        "行政强制": 9,
        "行政事业性收费": Decimal("7730.28"),
    }
    for r, key in enumerate(form.SEC3_KEYS):
        t.sec3[key] = [r * 10 + c for c in range(7)]
    t.sec4 = [100 + i for i in range(15)]
    return t.with_totals()


# ---------------------------------------------------------------------------------------
# Our own workbook
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", [sample_table(), _distinct_table()], ids=["sample", "distinct"])
def test_our_workbook_round_trips_exactly(tmp_path: Path, table: Table) -> None:
    path = write_stats_workbook(table, tmp_path / "统计表.xlsx")
    read = _read(path)
    assert read.table == table.with_totals()
    assert read.ours is True
    assert read.layout == "2021"
    assert read.findings == []
    assert read.notes == []
    assert read.cells[("sec3", "三.四.1", 6)] == (form.SHEET_TABLE3, "J17")
    assert read.cells[("sec3", "一", 0)] == (form.SHEET_TABLE3, "D5")
    assert read.cells[("sec2", "行政事业性收费", 0)] == (form.SHEET_TABLE2, "B15")
    assert read.cells[("sec4", None, 14)] == (form.SHEET_TABLE4, "O5")
    assert len(read.cells) == 10 + 25 * 7 + 15
    assert read.info.name == table.unit and read.info.year == table.year
    assert _looks(path)


def test_our_workbook_sample_keeps_its_total_recomputed(tmp_path: Path) -> None:
    read = _read(write_stats_workbook(sample_table(), tmp_path / "s.xlsx"))
    assert read.table.sec3["三.四.1"][6] == 1  # ours recomputes totals; the published 0 is not kept
    assert read.table.sec2["行政事业性收费"] == Decimal(0)


def test_unit_sheet_is_read_by_label_not_position(tmp_path: Path) -> None:
    unit = Sheet("单位信息")
    for r, (label, value) in enumerate(
        (
            ("说明", "请填写"),
            ("统计年度", "2024年"),
            ("联系电话", 9013353118),
            ("单位名称", "额敏县额敏镇人民政府"),
        )
    ):
        unit.put(r + 3, 1, label)
        unit.put(r + 3, 2, value)
    table = sample_table()
    table.unit, table.year = "标题里的单位", 2023  # the title says otherwise: 单位信息 wins
    read = _read(write_sample_layout(tmp_path / "u.xlsx", table, extra=[unit]))
    assert read.info == UnitInfo(name="额敏县额敏镇人民政府", year=2024, phone="9013353118")
    assert (read.table.unit, read.table.year) == ("额敏县额敏镇人民政府", 2024)


@pytest.mark.parametrize(
    ("typed", "year"),
    [(2019, 2019), ("2099年度", 2099), (2018, None), ("2100", None), (1995, None), ("二〇二四", None)],
)
def test_unit_year_outside_the_years_is_blank_with_a_note(
    tmp_path: Path, typed: object, year: int | None
) -> None:
    unit = Sheet("单位信息")
    unit.put(0, 0, "统计年度")
    unit.put(0, 1, typed)
    table = sample_table()
    table.year = None  # no year in the title either
    read = _read(write_sample_layout(tmp_path / "y.xlsx", table, extra=[unit]))
    assert read.info.year == year and read.table.year == year
    assert any("统计年度" in n for n in read.notes) is (year is None)
    assert year is None or year in form.YEARS


def test_title_year_outside_the_years_is_not_the_year(tmp_path: Path) -> None:
    table = sample_table()
    table.year = 1995
    read = _read(write_sample_layout(tmp_path / "t.xlsx", table))
    assert read.table.year is None
    assert read.table.unit == table.unit


# ---------------------------------------------------------------------------------------
# Grids, wherever they come from
# ---------------------------------------------------------------------------------------
def _plain_grids(path: Path) -> list[Grid]:
    """The visible sheets of a workbook as plain lists of values and merged ranges."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        grids = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
            merges = [((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
            grids.append(Grid(name, rows, merges))
        return grids
    finally:
        book.close()


@pytest.mark.parametrize("layout", ["sample", "2019", "hybrid"])
def test_grids_read_like_the_workbook(tmp_path: Path, layout: str) -> None:
    overrides = {("sec3", "一", 0): "—", ("sec4", None, 3): None}
    path = {
        "sample": lambda p: write_sample_layout(p, overrides=overrides),
        "2019": lambda p: write_2019_layout(p, year=2023),
        "hybrid": write_hybrid_layout,
    }[layout](tmp_path / "g.xlsx")
    from_book = _read(path)
    from_grids = read_grids(Sheets(_plain_grids(path)), str(path))
    assert from_grids.table == from_book.table
    assert from_grids.cells == from_book.cells
    assert from_grids.layout == from_book.layout
    assert from_grids.findings == from_book.findings
    assert from_grids.notes == from_book.notes


@pytest.mark.parametrize(
    ("value", "section", "kind", "text", "number", "rule"),
    [
        (3, "sec3", "count", True, 3, None),
        (3.0, "sec4", "count", True, 3, None),
        ("１２", "sec3", "count", True, 12, None),
        ("12", "sec3", "count", False, None, "R5"),  # text where text is not a number
        ("12", "sec2", "count", False, None, "R5"),
        (None, "sec3", "count", True, None, "R6"),
        ("  ", "sec2", "count", False, None, "R6"),
        ("", "sec4", "count", False, None, "R6"),
        ("—", "sec3", "count", True, None, "R5"),
        ("—", "sec2", "count", True, None, "R7"),
        (-1, "sec2", "count", True, None, "R7"),
        (1.5, "sec4", "count", True, None, "R5"),
        (True, "sec3", "count", False, None, "R5"),
        (Decimal("0.5"), "sec2", "fee", False, Decimal("0.5"), None),
        ("0.5", "sec2", "fee", True, Decimal("0.5"), None),
        ("5元", "sec2", "fee", True, None, "R5"),
        (Decimal("NaN"), "sec2", "fee", False, None, "R5"),
        (None, "sec2", "fee", False, None, "R6"),
    ],
)
def test_read_number_says_what_is_wrong_once(
    value: object, section: str, kind: str, text: bool, number: object, rule: str | None
) -> None:
    read = read_number(value, section, kind, text=text)
    assert (read.value, read.rule) == (number, rule)
    assert bool(read.error) is (rule is not None and not read.as_text)


# ---------------------------------------------------------------------------------------
# The sample report's layout: one sheet, pasted from Word
# ---------------------------------------------------------------------------------------
def test_sample_layout_reads_the_published_numbers(tmp_path: Path) -> None:
    path = write_sample_layout(tmp_path / "额敏镇.xlsx")
    read = _read(path)
    assert read.table == sample_table()  # numbers, unit and year (from the title)
    assert read.table.sec3["三.四.1"] == [1, 0, 0, 0, 0, 0, 0]  # the real error is read as published
    assert read.layout == "2021"
    assert read.ours is False
    assert read.cells[("sec3", "三.四.1", 6)] == (SAMPLE_SHEET, "J34")
    assert read.cells[("sec3", "一", 0)] == (SAMPLE_SHEET, "D22")
    assert read.cells[("sec3", "四", 6)] == (SAMPLE_SHEET, "J46")
    assert read.cells[("sec2", "规章", 2)] == (SAMPLE_SHEET, "D5")
    assert read.cells[("sec2", "行政许可", 0)] == (SAMPLE_SHEET, "B9")
    assert read.cells[("sec2", "行政事业性收费", 0)] == (SAMPLE_SHEET, "B16")
    assert read.cells[("sec4", None, 0)] == (SAMPLE_SHEET, "A52")
    assert read.cells[("sec4", None, 14)] == (SAMPLE_SHEET, "O52")
    assert _looks(path)


def test_sample_layout_drift_is_reported_at_its_cells(tmp_path: Path) -> None:
    read = _read(write_sample_layout(tmp_path / "s.xlsx"))
    # 规范性文件 (A6) and （3） 不予 公开 (B26); the line breaks of （四）无法\n提供 (B34),
    # （五）\n不予\n处理 (B37), （六）… (B42), 总\n计 (E50) and 总 计 (J51) are not drift
    assert _places(read) == {("R20", SAMPLE_SHEET, "A6"), ("R20", SAMPLE_SHEET, "B26")}
    by_cell = {f.cell: f for f in read.findings}
    normative = by_cell["A6"]
    assert normative.severity == "format" and normative.key == "行政规范性文件"
    assert "“规范性文件”" in normative.message and "“行政规范性文件”" in normative.message
    group = by_cell["B26"]
    assert "（3）不予公开" in group.message and "（三）不予公开" in group.message


@pytest.mark.parametrize(
    "relabel, cell",
    [
        ({"三.七": "总计"}, "B45"),  # a bare 总计 in the row-label column is the row （七）总计
        ({"三.四.1": "1、本机关不掌握相关政府信息"}, "C34"),
        ({"三.一": "(一)予以公开"}, "B24"),
        ({"一": "一、本年新收政府信息公開申請數量"}, "A22"),
    ],
    ids=["bare-total", "1、", "half-width", "traditional"],
)
def test_row_label_drift_is_read_and_reported(tmp_path: Path, relabel: dict[str, str], cell: str) -> None:
    table = _distinct_table()
    read = _read(write_sample_layout(tmp_path / "d.xlsx", table, relabel=relabel))
    assert read.table.sec3 == table.sec3
    key = next(iter(relabel))
    drift = [f for f in read.findings if f.rule == "R20" and f.cell == cell]
    assert len(drift) == 1 and drift[0].key == key
    assert form.SEC3_ROW[key].label in drift[0].message


def test_column_header_drift(tmp_path: Path) -> None:
    heads = {"法人或其他组织": "法人或者其他组织", "商业企业": "商业\n企业", "总计": "总  计", "其他": "其它"}
    table = _distinct_table()
    read = _read(write_sample_layout(tmp_path / "h.xlsx", table, heads=heads))
    assert read.table.sec3 == table.sec3
    # 法人或者其他组织 (E20) is drift; 商业\n企业 and 总  计 are only wrapping; 其它 (I21) is the
    # everyday spelling of 其他: its column is found under it, with an R20 (it was "缺少：其他")
    assert _places(read, "R20") == {
        ("R20", SAMPLE_SHEET, "A6"),
        ("R20", SAMPLE_SHEET, "B26"),
        ("R20", SAMPLE_SHEET, "E20"),
        ("R20", SAMPLE_SHEET, "I21"),
    }
    (other,) = [f for f in read.findings if f.cell == "I21"]
    assert other.column == "其他" and "“其它”应为“其他”" in other.message
    assert not any("列标题不完整" in n for n in read.notes)


def test_a_missing_row_stays_blank_with_a_note(tmp_path: Path) -> None:
    table = _distinct_table()
    read = _read(write_sample_layout(tmp_path / "m.xlsx", table, relabel={"三.五.4": "4.其他情形"}))
    assert read.table.sec3["三.五.4"] == [None] * 7
    assert read.table.sec3["三.五.5"] == table.sec3["三.五.5"]
    assert ("sec3", "三.五.4", 0) not in read.cells
    assert any("三.五.4" in n for n in read.notes)
    assert not any(f.rule in ("R5", "R6") for f in read.findings)


def _relabel_leaves(style: str) -> dict[str, str]:
    """Every numbered leaf row typed with another numbering: （1）… / （一）… / ①… / 1 … / none."""
    chinese = "一二三四五六七八"
    relabel = {}
    for group, leaves in LEAVES.items():
        for i, leaf in enumerate(leaves):
            text = leaf.split(".", 1)[1]
            relabel[f"{group}.{i + 1}"] = {
                "paren": f"（{i + 1}）{text}",
                "chinese": f"（{chinese[i]}）{text}",
                "circled": f"{chr(ord('①') + i)}{text}",
                "space": f"{i + 1} {text}",
                "bare": text,
            }[style]
    return relabel


@pytest.mark.parametrize("style", ["paren", "chinese", "circled", "space", "bare"])
def test_leaf_numbering_variants_are_read_and_reported(tmp_path: Path, style: str) -> None:
    table = _distinct_table()
    relabel = _relabel_leaves(style)
    path = write_sample_layout(tmp_path / "n.xlsx", table, relabel=relabel)
    assert _looks(path)  # was rejected as “找不到官方统计表”
    read = _read(path)
    assert read.layout == "2021"
    # a bare 其他 is the applicant column 其他 too: 三.六.3 without its number is not guessed
    unread = {"三.六.3"} if style == "bare" else set()
    for key in form.SEC3_KEYS:
        assert read.table.sec3[key] == ([None] * 7 if key in unread else table.sec3[key]), key
    # one numbering habit on every leaf is ONE finding listing the cells, at the first leaf (issue 15
    # item 5); this test asserted one finding per label before
    assert not any(f.rule == "R20" and f.key in relabel for f in read.findings)
    (numbering,) = [f for f in read.findings if f.rule == "R20" and f.cell == "C26"]
    count = len(relabel) - len(unread)
    assert numbering.message.startswith(f"{count} 个标签{'缺少序号' if style == 'bare' else '序号应写作'}")
    assert f"{SAMPLE_SHEET}!C26“{relabel['三.三.1'].replace(' ', '')}”" in numbering.message
    assert f"等 {count} 处" in numbering.message
    assert not any(f.rule in ("R5", "R6") for f in read.findings)
    assert any("三.六.3" in n for n in read.notes) == (style == "bare")


def test_unrecognised_leaf_rows_do_not_cut_off_the_rows_after_them(tmp_path: Path) -> None:
    """21 leaf rows typed beyond recognition: 三.七 and 四 are still this table's rows (they were
    dropped as ‘too far below’ 三.二, and with them the whole table)."""
    table = _distinct_table()
    relabel = {key: f"第{i}种情形" for i, key in enumerate(form.RESULT_KEYS[2:], start=1)}
    read = _read(write_sample_layout(tmp_path / "g.xlsx", table, relabel=relabel))
    assert read.table.sec3["三.七"] == table.sec3["三.七"]
    assert read.table.sec3["四"] == table.sec3["四"]
    assert read.cells[("sec3", "四", 0)] == (SAMPLE_SHEET, "D46")
    assert all(read.table.sec3[key] == [None] * 7 for key in relabel)
    assert any("未找到以下行" in n and "三.三.1" in n for n in read.notes)


# ---------------------------------------------------------------------------------------
# Column location
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"gap": 1},
        {"gap": 2, "headers": False},
        {"headers": False},
        {"order": (6, 0, 1, 2, 3, 4, 5)},
        {"order": (5, 4, 3, 2, 1, 0, 6), "gap": 1},
    ],
    ids=["plain", "empty-column", "empty-columns-no-headers", "no-headers", "total-first", "reversed"],
)
def test_columns_are_located(tmp_path: Path, options: dict) -> None:
    table = _distinct_table()
    read = _read(write_sample_layout(tmp_path / "c.xlsx", table, **options))
    assert read.table.sec3 == table.sec3
    assert read.table.sec2 == table.sec2
    assert read.table.sec4 == table.sec4
    assert _places(read, "R5", "R6", "R7") == set()
    headers_missing = any("列标题不完整" in n for n in read.notes)
    assert headers_missing == (options.get("headers") is False)


def test_moved_columns_point_at_their_cells(tmp_path: Path) -> None:
    read = _read(write_sample_layout(tmp_path / "o.xlsx", _distinct_table(), order=(6, 0, 1, 2, 3, 4, 5)))
    assert read.cells[("sec3", "三.四.1", 6)] == (SAMPLE_SHEET, "D34")
    assert read.cells[("sec3", "三.四.1", 0)] == (SAMPLE_SHEET, "E34")


def test_empty_column_between_label_and_numbers(tmp_path: Path) -> None:
    read = _read(write_sample_layout(tmp_path / "g.xlsx", _distinct_table(), gap=1, headers=False))
    assert read.cells[("sec3", "一", 0)] == (SAMPLE_SHEET, "E22")
    assert read.cells[("sec3", "三.四.1", 6)] == (SAMPLE_SHEET, "K34")


# ---------------------------------------------------------------------------------------
# Number cells: R5, R6, R7
# ---------------------------------------------------------------------------------------
def test_bad_number_cells_are_reported_where_they_are(tmp_path: Path) -> None:
    overrides = {
        ("sec3", "三.一", 0): "—",
        ("sec3", "三.一", 1): "/",
        ("sec3", "三.三.1", 0): "3件",
        ("sec3", "三.三.2", 0): -1,
        ("sec3", "三.三.3", 0): 2.5,
        ("sec3", "三.三.4", 0): "无",
        ("sec3", "二", 3): None,
        ("sec4", None, 3): None,
        ("sec2", "行政事业性收费", 0): "500元",
        ("sec2", "规章", 1): "—",
        ("sec2", "行政许可", 0): 1.5,
    }
    read = _read(write_sample_layout(tmp_path / "bad.xlsx", overrides=overrides))
    assert _places(read, "R5", "R6", "R7") == {
        ("R5", SAMPLE_SHEET, "D24"),
        ("R5", SAMPLE_SHEET, "E24"),
        ("R5", SAMPLE_SHEET, "D26"),
        ("R5", SAMPLE_SHEET, "D27"),
        ("R5", SAMPLE_SHEET, "D28"),
        ("R5", SAMPLE_SHEET, "D29"),
        ("R6", SAMPLE_SHEET, "G23"),
        ("R6", SAMPLE_SHEET, "D52"),
        ("R5", SAMPLE_SHEET, "B16"),
        ("R7", SAMPLE_SHEET, "C5"),
        ("R7", SAMPLE_SHEET, "B9"),
    }
    for section, key, index in overrides:
        if section == "sec3":
            assert read.table.sec3[key][index] is None
        elif section == "sec4":
            assert read.table.sec4[index] is None
    assert read.table.sec2["行政事业性收费"] is None
    assert read.table.sec2["规章"] == [0, None, 0]
    assert read.table.sec2["行政许可"] is None
    found = {f.cell: f for f in read.findings if f.rule in ("R5", "R6", "R7")}
    assert all(f.severity == "error" for f in found.values())
    assert "“3件”" in found["D26"].message and found["D26"].key == "三.三.1"
    assert found["D26"].column == "自然人"
    assert "负数" in found["D27"].message and "不是整数" in found["D28"].message
    assert "0.05" in found["B16"].message  # 500 元 = 0.05 万元
    assert found["G23"].column == "社会公益组织" and "填 0" in found["G23"].message
    assert found["D52"].column == form.sec4_column_name(3)
    assert "D52" in found["D52"].hint


def test_numbers_as_text_and_full_width_digits_are_numbers(tmp_path: Path) -> None:
    overrides = {
        ("sec3", "一", 0): "１",
        ("sec3", "一", 6): "1",
        ("sec3", "二", 0): " 0 ",
        ("sec4", None, 0): "０",
        ("sec2", "行政事业性收费", 0): "7730.28",
        ("sec2", "行政许可", 0): "１２",
    }
    read = _read(write_sample_layout(tmp_path / "text.xlsx", overrides=overrides))
    assert _places(read, "R5", "R6", "R7") == set()
    assert read.table.sec3["一"] == [1, 0, 0, 0, 0, 0, 1]
    assert read.table.sec3["二"][0] == 0 and read.table.sec4[0] == 0
    assert read.table.sec2["行政事业性收费"] == Decimal("7730.28")
    assert read.table.sec2["行政许可"] == 12


def test_numbers_as_text_in_our_workbook_are_r5_at_their_cells(tmp_path: Path) -> None:
    """Our totals are SUM formulas, which leave text out: '1 typed into a leaf is not counted, so
    the text cell is the finding (not R1/R2 at the formulas) and its value is unknown."""
    table = sample_table()  # 一 自然人 is 1: the case typed as '1 in 三.四.1 自然人
    table.sec3["三.四.1"][0] = 0  # so the formulas' cached totals are Excel's, without the text
    path = write_stats_workbook(table, tmp_path / "ours.xlsx")
    put_text_cells(path, form.SHEET_TABLE3, {"D17": "1"})  # 三.四.1 自然人
    put_text_cells(path, form.SHEET_TABLE4, {"A5": "２"})  # 行政复议·结果维持
    read = _read(path)
    assert read.ours is True
    assert _places(read) == {("R5", form.SHEET_TABLE3, "D17"), ("R5", form.SHEET_TABLE4, "A5")}
    found = {f.cell: f for f in read.findings}
    assert "数字存成了文本，合计公式不会计入；请改为数字" in found["D17"].message
    assert "“1”" in found["D17"].message and "“２”" in found["A5"].message
    assert (found["D17"].key, found["D17"].column) == ("三.四.1", form.SEC3_COLUMNS[0])
    sec3 = read.table.sec3
    assert sec3["三.四.1"][0] is None and read.table.sec4[0] is None
    # the SUM totals over them are unknown too: 三.四.1 总计, 三.七 自然人 and 总计, 行政复议·总计
    assert sec3["三.四.1"][6] is None and sec3["三.七"][0] is None and sec3["三.七"][6] is None
    assert read.table.sec4[4] is None and read.table.sec4[9] == 0
    assert sec3["三.七"][1] == 0 and sec3["一"] == [1, 0, 0, 0, 0, 0, 1]
    findings, notes = check_table(read.table, str(path), locate=lambda key: read.cells.get(key, (None, None)))
    assert [f for f in findings if f.rule in ("R1", "R2", "R3", "R4")] == []  # no finding at a formula
    assert any("跳过" in n for n in notes)


def test_numbers_as_text_in_our_workbook_section_two(tmp_path: Path) -> None:
    path = write_stats_workbook(sample_table(), tmp_path / "ours2.xlsx")
    read = _read(path)
    fee = read.cells[("sec2", "行政事业性收费", 0)]
    put_text_cells(path, fee[0], {fee[1]: "0.5"})
    read = _read(path)
    assert _places(read) == {("R5", *fee)}
    assert read.table.sec2["行政事业性收费"] is None


def test_a_few_blank_cells_are_reported_one_by_one(tmp_path: Path) -> None:
    blanks = {("sec3", key, 0): None for key in form.SEC3_KEYS[:10]}
    read = _read(write_sample_layout(tmp_path / "b10.xlsx", overrides=blanks))
    r6 = [f for f in read.findings if f.rule == "R6"]
    assert [f.cell for f in r6] == [f"D{row}" for row in range(22, 32)]
    assert all(f.key is not None for f in r6)


def test_many_blank_cells_make_one_finding_per_section(tmp_path: Path) -> None:
    """A table typed with blanks for zeros: one R6 per section, not one per cell."""
    blanks: dict = {("sec3", key, c): None for key in form.RESULT_KEYS for c in range(6)}
    blanks |= {("sec4", None, i): None for i in range(11)}
    blanks |= {("sec2", "规章", 0): None, ("sec2", "行政许可", 0): None}
    read = _read(write_sample_layout(tmp_path / "b.xlsx", overrides=blanks))
    r6 = [f for f in read.findings if f.rule == "R6"]
    assert _places(read, "R6") == {
        ("R6", SAMPLE_SHEET, "D24"),  # section 三: 126 blanks, at the first
        ("R6", SAMPLE_SHEET, "A52"),  # section 四: 11 blanks, at the first
        ("R6", SAMPLE_SHEET, "B5"),  # section 二: 2 blanks, each reported
        ("R6", SAMPLE_SHEET, "B9"),
    }
    assert len(r6) == 4
    sec3 = next(f for f in r6 if f.cell == "D24")
    assert "126 个" in sec3.message and form.SHEET_TABLE3 in sec3.message
    assert "D24、E24、F24、G24、H24" in sec3.message
    assert "没有数据请填 0" in sec3.hint and sec3.severity == "error"
    assert "11 个" in next(f for f in r6 if f.cell == "A52").message
    assert read.table.sec3["三.一"][:6] == [None] * 6 and read.table.sec4[10] is None


def test_fee_is_an_exact_decimal(tmp_path: Path) -> None:
    table = sample_table()
    table.sec2["行政事业性收费"] = Decimal("7730.28")
    read = _read(write_sample_layout(tmp_path / "fee.xlsx", table))
    fee = read.table.sec2["行政事业性收费"]
    assert isinstance(fee, Decimal) and fee == Decimal("7730.28")


# ---------------------------------------------------------------------------------------
# 2019 and hybrid layouts (R19)
# ---------------------------------------------------------------------------------------
def test_2019_layout_is_reported_once_and_not_converted(tmp_path: Path) -> None:
    path = write_2019_layout(tmp_path / "2019.xlsx")
    read = _read(path)
    assert read.layout == "2019"
    assert [f.rule for f in read.findings] == ["R19"]
    r19 = read.findings[0]
    assert r19.severity == "format"
    assert (r19.sheet, r19.cell) == ("主动公开", "B3")  # 本年新制作数量
    assert "2019" in r19.message and "本年新制作数量" in r19.message and "（六）其他处理" in r19.message
    assert form.FORM_NAME in r19.hint
    # rows that do not exist in the file stay None; section 二 is not mapped at all
    for key in form.RESULT_GROUP["三.六"].leaves:
        assert read.table.sec3[key] == [None] * 7
    assert all(v is None or v == [None] * 3 for v in read.table.sec2.values())
    assert not any(k[0] == "sec2" for k in read.cells)
    expected = table_2019()
    for key in form.SEC3_KEYS:
        if key not in form.RESULT_GROUP["三.六"].leaves:
            assert read.table.sec3[key] == expected.sec3[key], key
    assert read.table.sec3["三.七"][0] == 3 and SINGLE_OTHER_2019[0] == 1  # includes the （六） row
    assert read.table.sec4 == expected.sec4
    assert any("（六）其他处理" in n for n in read.notes)
    assert any(form.SHEET_TABLE2 in n and "2019" in n for n in read.notes)
    assert _looks(path)


def test_hybrid_layout(tmp_path: Path) -> None:
    read = _read(write_hybrid_layout(tmp_path / "hybrid.xlsx"))
    assert read.layout == "hybrid"
    r19 = [f for f in read.findings if f.rule == "R19"]
    assert len(r19) == 1
    assert (r19[0].sheet, r19[0].cell) == ("年报统计", "B40")
    assert "混用" in r19[0].message
    assert read.table.sec2["行政许可"] == 7  # the 2021 section 二 is read
    assert read.table.sec3["三.六.1"] == [None] * 7
    assert read.table.sec3["三.七"] == [3, 1, 0, 0, 0, 0, 4]


def test_hybrid_with_2019_section_two(tmp_path: Path) -> None:
    read = _read(write_hybrid_layout(tmp_path / "hybrid2.xlsx", old_section="sec2"))
    assert read.layout == "hybrid"
    assert [f.rule for f in read.findings if f.rule == "R19"] == ["R19"]
    assert read.table.sec2["行政许可"] is None  # 2019 columns are never mapped into 2021 rows
    assert read.table.sec3["三.六.1"] == [0] * 7  # the 2021 section 三 is read


@pytest.mark.parametrize("year, reported", [(2020, False), (2023, True)])
def test_2019_layout_is_legitimate_before_2021(tmp_path: Path, year: int, reported: bool) -> None:
    read = _read(write_2019_layout(tmp_path / "y.xlsx", year=year))
    assert read.table.year == year
    assert read.layout == "2019"
    assert [f.rule for f in read.findings] == (["R19"] if reported else [])
    assert reported or any(str(year) in n for n in read.notes)


# ---------------------------------------------------------------------------------------
# Not a statistics table
# ---------------------------------------------------------------------------------------
def test_workbook_without_tables(tmp_path: Path) -> None:
    sheet = Sheet("Sheet1")
    sheet.put(0, 0, "工作总结")
    sheet.put(1, 0, "2024年，我单位认真贯彻落实政府信息公开条例。")
    log = Sheet("申请台账")  # result labels in a column, as in a case log: not a section 三 table
    for r, label in enumerate(("（一）予以公开", "1.属于国家秘密", "2.重复申请", "3.其他", "（一）予以公开")):
        log.put(r + 1, 6, label)
        log.put(r + 1, 0, f"2024-00{r}")
    path = save(tmp_path / "other.xlsx", [sheet, log])
    assert not _looks(path)
    read = _read(path)
    assert read.layout == "unknown"
    assert read.findings == []
    assert read.cells == {}
    assert all(v is None for row in read.table.sec3.values() for v in row)
    assert all(v is None for v in read.table.sec4)
    assert len(read.notes) == 3


def _sec3_labels_sheet(name: str) -> Sheet:
    sheet = Sheet(name)
    labels = (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "（七）总计",
        "四、结转下年度继续办理",
    )
    for r, text in enumerate(labels):
        sheet.put(r, 0, text)
        sheet.put(r, 1, 0)
    return sheet


def test_a_table_only_on_a_hidden_sheet_is_read_with_a_note(tmp_path: Path) -> None:
    path = write_sample_layout(tmp_path / "hidden.xlsx", hidden="hidden")
    assert _looks(path)
    read = _read(path)
    assert read.table == sample_table()
    assert read.layout == "2021"
    assert read.cells[("sec3", "一", 0)] == (SAMPLE_SHEET, "D22")
    assert _places(read) == {("R20", SAMPLE_SHEET, "A6"), ("R20", SAMPLE_SHEET, "B26")}
    assert any(f"表二、表三、表四在隐藏的工作表“{SAMPLE_SHEET}”中" in n for n in read.notes)
    assert not any("已跳过" in n for n in read.notes)


def test_very_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    path = write_sample_layout(tmp_path / "very.xlsx", hidden="very_hidden")
    assert not _looks(path)
    read = _read(path)
    assert read.layout == "unknown"
    assert read.cells == {}
    assert any(f"隐藏的工作表：{SAMPLE_SHEET}；" in n for n in read.notes)


def test_hidden_sheets_are_skipped_when_a_visible_sheet_holds_the_table(tmp_path: Path) -> None:
    cover = Sheet("封面")
    cover.put(0, 0, "统计表")
    shown = save(tmp_path / "shown.xlsx", [cover, _sec3_labels_sheet("表")])
    assert _looks(shown)
    copy = _sec3_labels_sheet("旧表")
    copy.put(0, 1, 99)
    copy.hidden = True
    both = save(tmp_path / "both.xlsx", [cover, _sec3_labels_sheet("表"), copy])
    read = _read(both)
    assert read.table.sec3["一"][0] == 0  # the visible table, not the hidden copy's 99
    assert {sheet for sheet, _ in read.cells.values()} == {"表"}
    assert any("隐藏的工作表：旧表；" in n for n in read.notes)
