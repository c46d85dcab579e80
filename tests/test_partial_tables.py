"""Issue 15: no legitimate table refused. Partial 统计表 (表二 only, 表二 and the first rows of 表三,
表四 only, 表三 cut short), the 2019 trial format read (its 表二, its single （六） row as the group
total, R19 by year), a 台账 holding the official tables, and two stacked tables chosen with --year.

Fixtures are made here: the sample layout (tests/sample_layout.py) with rows cut away as a truncated
web page leaves them (addresses unchanged), and the 2019 layout edited with openpyxl."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import run
from log_fixtures import case, write_log
from python_calamine import CalamineWorkbook
from sample_layout import (
    Sheet,
    save,
    write_2019_layout,
    write_hybrid_layout,
    write_sample_layout,
    write_stacked_layout,
)

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.read.stats import looks_like_stats
from toolkit.rules.analyse import Analysed, analyse_file
from toolkit.rules.identities import identities
from toolkit.table import Table

T2, T3, T4 = form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4


def _table() -> Table:
    """A consistent table with distinct numbers."""
    t = Table("示范镇人民政府", 2024)
    t.sec2[form.SEC2_NORMATIVE_KEY] = [2, 1, 9]
    t.sec2["行政许可"], t.sec2["行政处罚"], t.sec2["行政强制"] = 12, 30, 3
    t.sec2[form.SEC2_FEE_KEY] = Decimal("0.5")
    t.sec3["一"] = [5, 1, 0, 0, 1, 0, 7]
    t.sec3["二"] = [1, 0, 0, 0, 0, 0, 1]
    t.sec3["三.一"] = [3, 1, 0, 0, 0, 0, 4]
    t.sec3["三.二"] = [1, 0, 0, 0, 1, 0, 2]
    t.sec3["三.四.1"] = [1, 0, 0, 0, 0, 0, 1]
    t.sec3["三.七"] = [5, 1, 0, 0, 1, 0, 7]
    t.sec3["四"] = [1, 0, 0, 0, 0, 0, 1]
    t.sec4[0], t.sec4[3], t.sec4[4] = 1, 1, 2
    return t


def _cut(src: Path, dst: Path, keep: range) -> Path:
    """``src``'s Sheet1 with only the rows in ``keep`` (same addresses): a page cut short."""
    book = CalamineWorkbook.from_path(str(src))
    sheet = book.get_sheet_by_name("Sheet1")
    rows = sheet.to_python(skip_empty_area=False)
    out = Sheet("Sheet1")
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        if r0 in keep and r1 in keep:
            out.merge(r0, c0, r1, c1, rows[r0][c0])
    for r in keep:
        for c, value in enumerate(rows[r] if r < len(rows) else []):
            if value != "" and (r, c) not in out.cells:
                out.put(r, c, value)
    book.close()
    return save(dst, [out])


#: the sample layout's rows (0-based): 表二 0–16, 表三 17–45 (一 on Excel row 22), 表四 46–52
PAGES = {
    "sec2-only": range(0, 17),
    "sec2-and-first-rows-of-sec3": range(0, 25),  # 一, 二, 三.一, 三.二
    "sec4-only": range(46, 53),
    "sec3-cut-after-三.四.1": range(17, 34),
}


def _page(tmp_path: Path, name: str) -> Path:
    # two wrong totals: 一·总计 (J22: 8, the applicant columns sum to 7) and 行政复议·总计 (E52: 3 ≠ 2)
    full = write_sample_layout(
        tmp_path / "full.xlsx", _table(), overrides={("sec3", "一", 6): 8, ("sec4", None, 4): 3}
    )
    return _cut(full, tmp_path / f"{name}.xlsx", PAGES[name])


def _places(one: Analysed, *rules: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.sheet, f.cell) for f in one.report.findings if f.rule in rules]


def _completeness(one: Analysed) -> str:
    (note,) = [n for n in one.report.notes if n.startswith("统计表不完整")]
    return note


@pytest.mark.parametrize(
    ("name", "found", "errors"),
    [
        ("sec2-only", [T2], []),
        ("sec2-and-first-rows-of-sec3", [T2, T3], [("R2", "Sheet1", "J22")]),
        ("sec4-only", [T4], [("R4", "Sheet1", "E52")]),
        ("sec3-cut-after-三.四.1", [T3], [("R2", "Sheet1", "J22")]),
    ],
)
def test_a_partial_table_is_read_and_checked_as_far_as_it_goes(
    tmp_path: Path, name: str, found: list[str], errors: list[tuple[str, str, str]]
) -> None:
    path = _page(tmp_path, name)
    book = CalamineWorkbook.from_path(str(path))
    assert looks_like_stats(book)
    book.close()
    one = analyse_file(path)
    assert one.report.error is None and one.report.kind == "stats"
    assert one.stats is not None and one.stats.partial and one.stats.found == found
    assert _places(one, "R1", "R2", "R3", "R4", "R5", "R6") == errors
    table = one.stats.table
    if T2 in found:
        assert table.sec2[form.SEC2_NORMATIVE_KEY] == [2, 1, 9]
        assert (table.sec2["行政许可"], table.sec2[form.SEC2_FEE_KEY]) == (12, Decimal("0.5"))
    if T3 in found:
        assert table.sec3["一"] == [5, 1, 0, 0, 1, 0, 8]
        assert table.sec3["三.二"] == [1, 0, 0, 0, 1, 0, 2]
        assert table.sec3["四"] == [None] * 7  # not on the page: unknown, never 0
    if T4 in found:
        assert table.sec4[:5] == [1, 0, 0, 1, 3]
    else:
        assert table.sec4 == [None] * 15
    note = _completeness(one)
    assert "缺少" in note and all(t in note.split("缺少")[0] for t in found)
    skipped = [n for n in one.report.notes if "跳过" in n and "勾稽关系" in n]
    assert len(skipped) == 1  # the identities that need cells not read are named as skipped


def test_first_rows_of_table_three_are_named(tmp_path: Path) -> None:
    one = analyse_file(_page(tmp_path, "sec2-and-first-rows-of-sec3"))
    note = _completeness(one)
    assert "表三的 4 行（一、二、三.一、三.二）" in note and "表三的 21 行" in note and "表四" in note
    assert one.stats is not None and one.stats.cells[("sec3", "二", 0)] == ("Sheet1", "D23")


def test_a_partial_table_through_check_json(tmp_path: Path) -> None:
    path = _page(tmp_path, "sec4-only")
    code, out, _, exc = run("check", path, "--json")
    assert exc is None and code == 1  # read (no refusal), and its R4 error found
    (entry,) = json.loads(out)["files"]
    assert entry["kind"] == "stats" and "error" not in entry
    assert [(f["rule"], f["sheet"], f["cell"]) for f in entry["findings"]] == [("R4", "Sheet1", "E52")]
    assert any(n.startswith("统计表不完整：读取了表四；缺少表二、表三") for n in entry["notes"])
    assert any("跳过 39 项勾稽关系检查（R1 7 项、R2 25 项、R3 7 项）" in n for n in entry["notes"])
    code, out, _, exc = run("check", _page(tmp_path, "sec2-only"), "--json")
    assert exc is None and code == 0
    assert json.loads(out)["files"][0]["kind"] == "stats"


def test_aggregate_names_what_a_partial_table_lacks(tmp_path: Path) -> None:
    result = aggregate(
        [_page(tmp_path, "sec2-only")], tmp_path / "out.xlsx", year=2024, unit="示范镇人民政府"
    )
    assert not result.ok and not (tmp_path / "out.xlsx").exists()
    (file,) = result.files
    missing = [f for f in file.findings if f.rule == "R6" and f.severity == "error"]
    assert [f.message.split("（")[0] for f in missing] == [T3, T4]  # not refused as a 2019 table
    assert not any(f.rule == "R19" for f in file.findings)


def test_a_sheet_without_tables_is_still_refused(tmp_path: Path) -> None:
    sheet = Sheet("Sheet1")
    sheet.put(0, 0, "行政许可")
    sheet.put(1, 0, "行政处罚")  # two 表二 labels, no table header: not a table
    sheet.put(2, 0, "一、本年新收政府信息公开申请数量")  # a 表三 label without its column headers
    one = analyse_file(save(tmp_path / "notes.xlsx", [sheet]))
    assert one.report.reason == "not_recognised"


# ---------------------------------------------------------------------------------------
# A 台账 that also holds the official tables
# ---------------------------------------------------------------------------------------
def _log_with_tables(tmp_path: Path) -> Path:
    path = write_log(tmp_path / "台账.xlsx", [case()], unit="示范镇人民政府", year=2024)
    full = write_sample_layout(tmp_path / "tables.xlsx", _table(), overrides={("sec3", "一", 6): 8})
    rows = CalamineWorkbook.from_path(str(full)).get_sheet_by_name("Sheet1").to_python(skip_empty_area=False)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("统计表")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                ws.cell(r, c, value)
    wb.save(path)
    return path


def test_a_log_stays_a_log(tmp_path: Path) -> None:
    one = analyse_file(write_log(tmp_path / "台账.xlsx", [case()], sec2={"行政许可": 3}))
    assert one.report.kind == "log" and one.stats is None
    assert not any("官方统计表" in n for n in one.report.notes)


def test_a_log_holding_the_official_tables_is_checked_as_both(tmp_path: Path) -> None:
    path = _log_with_tables(tmp_path)
    one = analyse_file(path)
    assert one.report.kind == "log" and one.log is not None
    assert len(one.log.cases) == 1
    assert ("R2", "统计表", "J22") in _places(one, "R2")  # the 统计表's error, at its cell
    assert any("已一并检查" in n and "不再计入" in n for n in one.report.notes)
    # aggregate counts the 台账's one case, not the table's 7 applications as well
    out = tmp_path / "out.xlsx"
    result = aggregate([path], out, year=2024, unit="示范镇人民政府")
    assert not result.ok  # the 统计表 in it has an error: nothing is written
    fixed = _log_with_tables(tmp_path)
    wb = openpyxl.load_workbook(fixed)
    wb["统计表"]["J22"] = 7
    wb.save(fixed)
    result = aggregate([fixed], out, year=2024, unit="示范镇人民政府")
    assert result.ok and result.table is not None
    assert result.table.sec3["一"][form.TOTAL_COL] == 1
    assert [u.kind for u in result.units] == ["log"]


# ---------------------------------------------------------------------------------------
# The 2019 trial format
# ---------------------------------------------------------------------------------------
def _edited_2019(tmp_path: Path, cells: dict[tuple[str, str], object], year: int | None = None) -> Path:
    path = write_2019_layout(tmp_path / "2019.xlsx", year=year)
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in cells.items():
        wb[sheet][cell] = value
    wb.save(path)
    return path


def test_2019_section_two_is_read_under_its_own_columns(tmp_path: Path) -> None:
    one = analyse_file(_edited_2019(tmp_path, {("主动公开", "C8"): -3}, year=2020))
    assert one.stats is not None and one.stats.layout == "2019"
    read = one.stats.sec2_2019
    assert read["规章"] == [0, 0, 0] and read["规范性文件"] == [2, 2, 10]
    assert read["行政许可"] == [20, -3, 150]  # 本年增/减 may be negative
    assert read["其他对外管理服务事项"] == [5, 0, 30]
    assert read["行政事业性收费"] == [2, 0]
    assert read["政府集中采购"] == [3, Decimal("25.6")]
    assert one.stats.cells_2019[("sec2", "规章", 0)] == ("主动公开", "B4")
    # never converted into the 2021 columns
    assert all(v is None or v == [None] * 3 for v in one.stats.table.sec2.values())
    assert one.report.findings == []


@pytest.mark.parametrize(
    ("unit", "r8"),
    [("示范县城关镇人民政府", [("R8", "主动公开", "B4")]), ("示范市人民政府", [])],
)
def test_2019_rules_row_feeds_r8(tmp_path: Path, unit: str, r8: list[tuple[str, str, str]]) -> None:
    title = f"{unit}2020年政府信息公开工作年度报告"
    one = analyse_file(_edited_2019(tmp_path, {("主动公开", "A1"): title, ("主动公开", "B4"): 1}))
    assert one.stats is not None and one.stats.sec2_2019["规章"] == [1, 0, 0]
    assert _places(one, "R8", "R9") == r8


def test_2019_blank_is_r6_at_its_cell(tmp_path: Path) -> None:
    one = analyse_file(_edited_2019(tmp_path, {("主动公开", "C5"): None}, year=2020))
    assert _places(one, "R6") == [("R6", "主动公开", "C5")]
    (r6,) = [f for f in one.report.findings if f.rule == "R6"]
    assert (r6.key, r6.column) == ("规范性文件", "本年新公开数量")
    assert one.stats is not None and one.stats.sec2_2019["规范性文件"] == [2, None, 10]


@pytest.mark.parametrize(
    ("title", "year", "reported"),
    [
        ("示范县示范局2020年政府信息公开工作年度报告", 2020, False),  # the year after the unit
        ("2020年示范县示范局政府信息公开工作年度报告", 2020, False),  # the year first
        ("2019年度示范县示范局政府信息公开工作年度报告", 2019, False),
        ("2022年示范县示范局政府信息公开工作年度报告", 2022, True),
        ("示范县示范局2022年度政府信息公开工作年度报告", 2022, True),
    ],
)
def test_r19_knows_the_year_from_the_title(tmp_path: Path, title: str, year: int, reported: bool) -> None:
    one = analyse_file(_edited_2019(tmp_path, {("主动公开", "A1"): title}))
    assert one.stats is not None and one.stats.table.year == year
    assert one.stats.table.unit == "示范县示范局"
    r19 = [(f.rule, f.sheet, f.cell) for f in one.report.findings if f.rule == "R19"]
    assert r19 == ([("R19", "主动公开", "B3")] if reported else [])
    said = [f.message + f.hint for f in one.report.findings] + one.report.notes
    if reported:
        assert any("重新填写" in s for s in said)
    else:  # the 2019 form was right: no advice to redo it, a note that it applies
        assert not any("重新填写" in s or "按新格式" in s for s in said)
        assert any(f"{year} 年度适用该格式" in n for n in one.report.notes)


def test_2019_without_a_year_says_when_it_would_be_right(tmp_path: Path) -> None:
    one = analyse_file(write_2019_layout(tmp_path / "2019.xlsx"))
    (r19,) = [f for f in one.report.findings if f.rule == "R19"]
    assert (r19.sheet, r19.cell) == ("主动公开", "B3")
    assert "未能确定统计年度" in r19.message and r19.hint.startswith("如为 2021 年度及以后的年报")


def test_2019_unit_sheet_year_decides(tmp_path: Path) -> None:
    path = write_2019_layout(tmp_path / "2019.xlsx", year=2022)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(form.SHEET_UNIT)
    ws["A1"], ws["B1"], ws["A2"], ws["B2"] = form.UNIT_NAME, "示范县示范局", form.UNIT_YEAR, 2020
    wb.save(path)
    one = analyse_file(path)
    assert one.stats is not None and one.stats.table.year == 2020
    assert not [f for f in one.report.findings if f.rule == "R19"]


# ---------------------------------------------------------------------------------------
# The single （六）其他处理 row: the group total
# ---------------------------------------------------------------------------------------
def test_single_other_row_is_read_as_the_group_total(tmp_path: Path) -> None:
    one = analyse_file(write_2019_layout(tmp_path / "2019.xlsx", year=2020))
    assert one.stats is not None
    assert one.stats.groups == {"三.六": [1, 1, 0, 0, 0, 0, 2]}
    assert one.stats.cells[("sec3", "三.六", 6)] == ("依申请公开", "J25")
    assert one.report.findings == []  # R1–R3 checked (三.七 = 三.一 + 三.四.1 + the （六） row) and hold
    assert not any("跳过" in n for n in one.report.notes)


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("J25", 5, ("R2", "依申请公开", "J25")),  # the row's 总计 (2) typed as 5
        ("D25", 3, ("R2", "依申请公开", "D25")),  # 自然人 3: the row and the 自然人 column break
    ],
)
def test_a_wrong_single_other_row_is_caught_at_its_cell(
    tmp_path: Path, cell: str, value: int, expected: tuple[str, str, str]
) -> None:
    one = analyse_file(_edited_2019(tmp_path, {("依申请公开", cell): value}, year=2020))
    assert _places(one, "R1", "R2", "R3") == [expected]
    (finding,) = [f for f in one.report.findings if f.rule == expected[0]]
    assert finding.key == "三.六"
    assert one.report.error is None


def test_a_hybrid_single_other_row_is_checked(tmp_path: Path) -> None:
    path = write_hybrid_layout(tmp_path / "hybrid.xlsx")  # the 2021 表二, the single （六） row on row 40
    assert analyse_file(path).report.findings[0].rule == "R19"
    assert _places(analyse_file(path), "R1", "R2", "R3") == []
    wb = openpyxl.load_workbook(path)
    wb["年报统计"]["J40"] = 1  # 总计 1 ≠ 自然人1 + 商业企业1
    wb.save(path)
    one = analyse_file(path)
    assert _places(one, "R1", "R2", "R3") == [("R2", "年报统计", "J40")]
    assert one.stats is not None and one.stats.groups["三.六"] == [1, 1, 0, 0, 0, 0, 1]


def test_identities_with_a_group_total() -> None:
    items = identities(frozenset({"三.六"}))
    r1 = next(i for i in items if i.rule == "R1")
    assert [ref.key for ref in r1.right][-1] == "三.六" and len(r1.right) == 19
    assert sum(i.rule == "R2" for i in items) == 23
    assert len(identities()) == 7 + 25 + 7 + 3  # the 校验 sheet's identities are unchanged


# ---------------------------------------------------------------------------------------
# Two stacked tables: the year chooses, --year first
# ---------------------------------------------------------------------------------------
def _stacked_table(received: int, year: int) -> Table:
    t = Table("测试镇人民政府", year)
    t.sec3["一"][0] = received
    t.sec3["三.一"][0] = received
    return t.with_totals()


def _stacked(tmp_path: Path, name: str = "统计表.xlsx", extra: list[Sheet] | None = None) -> Path:
    sets = [
        (_stacked_table(10, 2024), "测试镇人民政府2024年政府信息公开工作年度报告"),
        (_stacked_table(5, 2023), "2023年测试镇人民政府政府信息公开工作年度报告"),  # the year first
    ]
    path, _ = write_stacked_layout(tmp_path / name, sets, extra=extra or [])
    return path


def test_stacked_tables_aggregate_year_chooses(tmp_path: Path) -> None:
    path = _stacked(tmp_path)
    out = tmp_path / "out.xlsx"
    for year, received in ((2023, 5), (2024, 10)):
        result = aggregate([path], out, year=year, unit="测试镇人民政府")
        assert result.ok, [f.message for f in result.findings]
        assert result.table is not None and result.table.sec3["一"][form.TOTAL_COL] == received
        notes = [n for file in result.files for n in file.notes if "未读取" in n]
        assert len(notes) == 1 and f"--year 指定的统计年度 {year} 年" in notes[0]


def test_stacked_tables_cli_aggregate_year(tmp_path: Path) -> None:
    path = _stacked(tmp_path)
    out = tmp_path / "out.xlsx"
    code, stdout, _, exc = run(
        "aggregate", path, "-o", out, "--year", 2023, "--unit", "测试镇人民政府", "--json"
    )
    assert exc is None and code == 0, stdout
    assert json.loads(stdout)["table"]["sec3"]["一"][form.TOTAL_COL] == 5


@pytest.mark.parametrize(
    ("name", "unit_year", "received", "year"),
    [
        ("统计表.xlsx", None, 10, 2024),  # no year anywhere: the latest
        ("2023年统计表.xlsx", None, 5, 2023),  # the file name
        ("统计表.xlsx", 2023, 5, 2023),  # the 单位信息
    ],
)
def test_stacked_tables_year_from_unit_title_or_file_name(
    tmp_path: Path, name: str, unit_year: int | None, received: int, year: int
) -> None:
    extra = []
    if unit_year is not None:
        sheet = Sheet(form.SHEET_UNIT)
        sheet.put(0, 0, form.UNIT_YEAR)
        sheet.put(0, 1, unit_year)
        extra.append(sheet)
    one = analyse_file(_stacked(tmp_path, name, extra))
    assert one.stats is not None
    assert one.stats.table.sec3["一"][form.TOTAL_COL] == received and one.stats.table.year == year
    assert sum("未读取" in n for n in one.report.notes) == 1
