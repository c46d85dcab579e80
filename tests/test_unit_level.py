"""R8 means something (issue 15 item 4): the unit's level from its 单位层级 cell or, when certain,
from its name; a table that merely lacks a level cell gets no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_layout import sample_table, write_sample_layout

from toolkit import form
from toolkit.check import check
from toolkit.rules.levels import level_of
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
