"""``aggregate --info 单位信息.xlsx`` (issue 18 item 3): the roll-up's own 单位信息 (name, level, contact
details) goes into the county's 统计表, and fill-report fills the report's contact line from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import run
from log_fixtures import case, write_log
from python_calamine import CalamineWorkbook

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.errors import UsageError
from toolkit.read.stats import read_stats
from toolkit.table import Table, UnitInfo
from toolkit.write.stats_workbook import write_stats_workbook
from toolkit.write.templates import template

COUNTY = "示范县人民政府"
CONTACT = UnitInfo(
    name=COUNTY,
    year=2024,
    level="县级人民政府",
    contact="王明",
    phone="0713-1234567",
    address="示范县人民路1号",
    postcode="438000",
)


def _logs(tmp_path: Path) -> list[Path]:
    paths = []
    for n, name in enumerate(("甲镇人民政府", "乙镇人民政府")):
        cases = [
            case(id=f"{n}-{i}", received=date(2024, 2 + i, 3), concluded=date(2024, 2 + i, 13))
            for i in range(2)
        ]
        paths.append(write_log(tmp_path / f"{name}.xlsx", cases, unit=name))
    return paths


def _info_of(path: Path) -> UnitInfo:
    return read_stats(CalamineWorkbook.from_path(str(path)), str(path)).info


def _just_the_sheet(path: Path, rows: list[tuple[str, object]]) -> Path:
    """A small workbook holding only a 单位信息 sheet, as someone would make by hand."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = form.SHEET_UNIT
    sheet.append(["项目", "填写内容"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_without_info_a_rollup_has_no_contact_details(tmp_path: Path) -> None:
    result = aggregate(_logs(tmp_path), tmp_path / "县.xlsx", unit=COUNTY)
    assert result.ok
    info = _info_of(tmp_path / "县.xlsx")
    assert (info.name, info.scope, info.level, info.address, info.postcode, info.phone) == (
        COUNTY,
        form.SCOPE_ROLLUP,
        "",
        "",
        "",
        "",
    )


def test_info_from_our_stats_workbook_fills_the_rollups_unit_sheet(tmp_path: Path) -> None:
    given = write_stats_workbook(Table(COUNTY, 2024), tmp_path / "本级" / "单位信息.xlsx", CONTACT)
    result = aggregate(_logs(tmp_path), tmp_path / "县.xlsx", info=given)  # the name comes from --info
    assert result.ok, result.notes
    info = _info_of(tmp_path / "县.xlsx")
    assert info == UnitInfo(
        name=COUNTY,
        year=2024,
        level="县级人民政府",
        scope=form.SCOPE_ROLLUP,  # computed, whatever the --info sheet says
        contact="王明",
        phone="0713-1234567",
        address="示范县人民路1号",
        postcode="438000",
    )


def test_info_from_a_filled_template_or_a_sheet_alone_via_the_cli(tmp_path: Path) -> None:
    blank = template("stats", tmp_path / "模板.xlsx", unit=COUNTY, year=2024)
    book = openpyxl.load_workbook(blank)
    sheet = book[form.SHEET_UNIT]
    for row in sheet.iter_rows(min_row=1):
        if row[0].value == form.UNIT_ADDRESS:
            row[1].value = "示范县人民路1号"
        if row[0].value == form.UNIT_POSTCODE:
            row[1].value = "438000"
        if row[0].value == form.UNIT_PHONE:
            row[1].value = "0713-1234567"
    book.save(tmp_path / "填好的模板.xlsx")
    alone = _just_the_sheet(
        tmp_path / "只有单位信息.xlsx",
        [
            (form.UNIT_ADDRESS, "示范县人民路1号"),
            (form.UNIT_POSTCODE, 438000),
            (form.UNIT_PHONE, "0713-1234567"),
        ],
    )
    logs = [str(p) for p in _logs(tmp_path)]
    for n, given in enumerate((tmp_path / "填好的模板.xlsx", alone)):
        out = tmp_path / f"县{n}.xlsx"
        code, stdout, stderr, exception = run(
            "aggregate", *logs, "-o", out, "--unit", COUNTY, "--info", given
        )
        assert (code, exception) == (0, None), stderr + stdout
        info = _info_of(out)
        assert (info.name, info.address, info.postcode, info.phone) == (
            COUNTY,
            "示范县人民路1号",
            "438000",
            "0713-1234567",
        )


def test_fill_report_writes_the_contact_line_from_the_rollup(tmp_path: Path) -> None:
    import docx

    from toolkit.report.fill import fill_report

    given = write_stats_workbook(Table(COUNTY, 2024), tmp_path / "单位信息.xlsx", CONTACT)
    result = aggregate(_logs(tmp_path), tmp_path / "县.xlsx", info=given)
    filled = fill_report(tmp_path / "县.xlsx", tmp_path / "年报.docx")
    text = "\n".join(p.text for p in docx.Document(str(filled.docx)).paragraphs)
    assert result.ok and "地址：示范县人民路1号；邮编：438000；电话：0713-1234567" in text


def test_info_must_agree_with_unit_and_hold_a_unit_sheet(tmp_path: Path) -> None:
    logs = _logs(tmp_path)
    given = write_stats_workbook(Table(COUNTY, 2024), tmp_path / "单位信息.xlsx", CONTACT)
    with pytest.raises(UsageError, match="不一致"):
        aggregate(logs, tmp_path / "县.xlsx", unit="另一个县人民政府", info=given)
    empty = _just_the_sheet(tmp_path / "空.xlsx", [])
    with pytest.raises(UsageError, match=form.SHEET_UNIT):
        aggregate(logs, tmp_path / "县.xlsx", unit=COUNTY, info=empty)
    code, _, stderr, _ = run("aggregate", *logs, "-o", tmp_path / "县.xlsx", "--info", tmp_path / "没有.xlsx")
    assert code == 2 and "找不到 --info 指定的单位信息表" in stderr
    assert not (tmp_path / "县.xlsx").exists()


def test_info_of_another_year_gives_its_contact_details_and_a_note(tmp_path: Path) -> None:
    last = write_stats_workbook(
        Table(COUNTY, 2023), tmp_path / "上年.xlsx", UnitInfo(**{**CONTACT.__dict__, "year": 2023})
    )
    result = aggregate(_logs(tmp_path), tmp_path / "县.xlsx", info=last)
    assert result.ok and result.table.year == 2024
    assert any("2023" in note and "--info" in note for note in result.notes)
    assert _info_of(tmp_path / "县.xlsx").address == "示范县人民路1号"
