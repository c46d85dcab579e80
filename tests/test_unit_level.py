"""R8 means something (issue 15 item 4): the unit's level from its 单位层级 cell or, when certain,
from its name; a table that merely lacks a level cell gets no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_layout import sample_table, write_sample_layout

from toolkit import form
from toolkit.check import check
from toolkit.read.levels import level_of
from toolkit.rules.table import check_table
from toolkit.table import Table, UnitInfo

TOWNSHIP = next(u.label for u in form.UNIT_LEVELS if u.label.startswith("乡镇"))


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("额敏县额敏镇人民政府", TOWNSHIP),
        ("某市某区某乡人民政府", TOWNSHIP),
        ("示范县城关镇", TOWNSHIP),
        ("某区城关街道办事处", TOWNSHIP),
        ("示范县人民政府", "县级人民政府"),
        ("某旗人民政府", "县级人民政府"),
        ("上海市浦东新区人民政府", "县级人民政府"),
        ("示范县教育局", "县级政府部门"),
        ("示范县住房和城乡建设局", "县级政府部门"),  # 城乡 is not a 乡
        ("某市某区人民政府办公室", "县级政府部门"),
    ],
)
def test_level_certain_from_the_name(name: str, label: str) -> None:
    level = level_of("", name)
    assert level is not None and (level.label, level.source, level.can_make_rules) == (label, "name", False)


@pytest.mark.parametrize(
    "name",
    [
        "某市人民政府",  # a 设区的市 or a 县级市: not known
        "某省人民政府",
        "新疆维吾尔自治区人民政府",  # 自治区 is not a 区
        "塔城地区行政公署",  # nor is 地区
        "某自治州人民政府",
        "某县级市人民政府",
        "某市经济技术开发区管理委员会",
        "国家税务总局",
        "北京市教育委员会",
        "",
    ],
)
def test_level_unknown_from_the_name(name: str) -> None:
    assert level_of("", name) is None


def test_the_level_cell_wins_over_the_name() -> None:
    level = level_of("设区的市级人民政府", "示范县额敏镇人民政府")
    assert level is not None and (level.source, level.can_make_rules) == ("cell", True)
    unknown_cell = level_of("市级", "示范县额敏镇人民政府")  # not an official level: the name decides
    assert unknown_cell is not None and unknown_cell.label == TOWNSHIP


def _with_rules(unit: str) -> Table:
    table = Table(unit, 2024).with_totals()
    table.sec2[form.SEC2_RULES_KEY] = [2, 0, 5]
    return table


def test_r8_for_a_town_by_its_name_and_not_for_a_city_without_a_level() -> None:
    town = check_table(_with_rules("额敏县额敏镇人民政府"), "x")[0]
    assert [(f.rule, f.key) for f in town] == [("R8", form.SEC2_RULES_KEY)]
    assert "额敏县额敏镇人民政府" in town[0].message and "未填写单位层级" in town[0].message
    assert check_table(_with_rules("某市人民政府"), "x")[0] == []
    # a name in the 单位信息 is used before the table's own unit
    info = UnitInfo(name="示范县人民政府")
    assert [f.rule for f in check_table(_with_rules("某市人民政府"), "x", info=info)[0]] == ["R8"]


def _workbook(tmp_path: Path, unit: str) -> Path:
    table = sample_table().with_totals()
    table.unit = unit
    table.sec2[form.SEC2_RULES_KEY] = [1, 0, 1]
    return write_sample_layout(tmp_path / f"{unit}.xlsx", table)


def test_a_real_city_report_without_a_level_cell_gets_no_r8(tmp_path: Path) -> None:
    report = check([_workbook(tmp_path, "某某市人民政府")])
    assert report.files[0].kind == "stats" and report.exit_code == 0
    assert [f.rule for f in report.findings if f.rule != "R20"] == []  # the sample's labels drift


def test_a_town_report_with_rules_gets_r8_at_the_rules_cell(tmp_path: Path) -> None:
    report = check([_workbook(tmp_path, "示范县示范镇人民政府")])
    r8 = [(f.rule, f.sheet, f.cell) for f in report.findings if f.rule != "R20"]
    assert r8 == [("R8", "Sheet1", "B5")]


# --- the second reader review ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "rules"), [("乡镇", False), ("街道", False), ("县级", False), ("区级", False)]
)
def test_a_short_form_of_a_level_is_recognised(cell: str, rules: bool) -> None:
    level = level_of(cell, "某某管理委员会")
    assert level is not None and (level.label, level.source, level.can_make_rules) == (cell, "cell", rules)


@pytest.mark.parametrize("cell", ["省级", "市级", "高级"])
def test_an_ambiguous_or_unknown_level_cell_is_not_recognised(cell: str) -> None:
    assert level_of(cell, "某某管理委员会") is None


@pytest.mark.parametrize("name", ["某某市县域经济发展局", "某某市区域合作办公室"])
def test_a_county_area_or_a_region_is_no_county(name: str) -> None:
    assert level_of("", name) is None


def _put(path: Path, cells: dict[tuple[int, int], object]) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    for (row, col), value in cells.items():
        ws.cell(row, col).value = value
    wb.save(path)
    return path


def test_a_level_pair_on_the_table_sheet_is_read(tmp_path: Path) -> None:
    path = _put(_workbook(tmp_path, "某某市人民政府"), {(1, 20): form.UNIT_LEVEL, (1, 21): "县级人民政府"})
    report = check([path])
    assert [f.rule for f in report.findings if f.rule == "R8"] == ["R8"]
    assert "单位层级为“县级人民政府”" in next(f.message for f in report.findings if f.rule == "R8")


def test_a_short_level_in_the_unit_sheet_gives_r8_and_an_unknown_one_a_note(tmp_path: Path) -> None:
    path = _put(_workbook(tmp_path, "某某市人民政府"), {(1, 20): form.UNIT_LEVEL, (1, 21): "乡镇"})
    assert [f.rule for f in check([path]).findings if f.rule == "R8"] == ["R8"]
    path = _put(_workbook(tmp_path, "某某市人民政府"), {(1, 20): form.UNIT_LEVEL, (1, 21): "省级"})
    report = check([path])
    assert not [f for f in report.findings if f.rule == "R8"]
    assert any("未能识别" in note for note in report.files[0].notes)


def test_a_year_pair_on_a_stacked_sheet_chooses_the_table(tmp_path: Path) -> None:
    from sample_layout import write_stacked_layout

    older = sample_table().with_totals()
    newer = sample_table().with_totals()
    newer.sec2[form.SEC2_RULES_KEY] = [0, 0, 7]
    path, _ = write_stacked_layout(
        tmp_path / "t.xlsx",
        [
            (newer, "某某市人民政府2024年政府信息公开工作年度报告"),
            (older, "某某市人民政府2023年政府信息公开工作年度报告"),
        ],
    )
    _put(path, {(1, 20): form.UNIT_YEAR, (1, 21): 2023})
    report = check([path])
    assert report.files[0].table is not None and report.files[0].table.year == 2023
    assert any("2023" in note and "未读取" in note for note in report.files[0].notes)
    assert not any("没有填写统计年度" in note for note in report.files[0].notes)
