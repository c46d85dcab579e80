"""Defects of the third document review (each a regression test with its input made by code):
表二 published as four tables (one per sub-table), a PDF table ruled with horizontal lines only,
a page holding this year's and last year's reports, and year pairs not compared."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from engine import require_soffice
from pdf_fixtures import report_docx, sample_table, to_pdf

from toolkit import form
from toolkit.report import variables as rv
from toolkit.rules.analyse import analyse_file

TABLE = sample_table()
#: errors planted in 表二's later sub-tables: a negative count and a fee that is no number
PLANTED = {rv.sec2_name(form.SEC2_TABLES[1].rows[0], 0): "-5", rv.sec2_name(form.SEC2_FEE_KEY, 0): "abc"}
VARIANTS: dict[str, dict[str, object]] = {
    "sec2_four": {"split_sec2": True, "page_break_before_sec3": True},
    "sec2_four_err": {"split_sec2": True, "page_break_before_sec3": True, "cells": PLANTED},
}


#: a wrong cell planted in 表三
WRONG = {rv.sec3_name("三.四.1", 0): "99"}


def rows_only(data: bytes) -> bytes:
    """The Word report ``data`` with its tables ruled by horizontal lines only (no vertical borders,
    no table style): as some units lay their tables out."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        properties = table._tbl.tblPr
        for old in [*properties.findall(qn("w:tblBorders")), *properties.findall(qn("w:tblStyle"))]:
            properties.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side, value in (("top", "single"), ("left", "nil"), ("bottom", "single"), ("right", "nil"),
                            ("insideH", "single"), ("insideV", "nil")):  # fmt: skip
            border = OxmlElement(f"w:{side}")
            border.set(qn("w:val"), value)
            border.set(qn("w:sz"), "4" if value == "single" else "0")
            borders.append(border)
        properties.append(borders)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = require_soffice()
    folder = tmp_path_factory.mktemp("review2")
    sources = []
    for name, options in VARIANTS.items():
        source = folder / f"{name}.docx"
        source.write_bytes(report_docx(TABLE, **options))  # type: ignore[arg-type]
        sources.append(source)
    source = folder / "hrules_err.docx"
    source.write_bytes(rows_only(report_docx(TABLE, cells=WRONG)))
    sources.append(source)
    return {p.stem: p for p in to_pdf(soffice, sources, folder / "pdf")}


@pytest.mark.slow
def test_pdf_sec2_as_four_tables_is_read_whole(pdfs: dict[str, Path]) -> None:
    clean = analyse_file(pdfs["sec2_four"])
    assert clean.stats.table.to_json()["sec2"] == TABLE.to_json()["sec2"]  # type: ignore[union-attr]
    assert not any("未找到" in note for note in clean.report.notes)
    bad = analyse_file(pdfs["sec2_four_err"])
    places = {f.rule: (f.sheet, f.cell) for f in bad.report.findings if f.rule in ("R5", "R7")}
    assert places == {
        "R7": ("表1", "续表（表2） 第1页 第3行 第2列"),
        "R5": ("表1", "续表（表4） 第1页 第3行 第2列"),
    }


@pytest.mark.slow
def test_pdf_table_without_vertical_lines_is_said_unread_not_clean(pdfs: dict[str, Path]) -> None:
    """A table ruled with horizontal lines only: not read (no columns), and the report says why,
    never that the tables may be pictures; the file is not shown as checked clean."""
    one = analyse_file(pdfs["hrules_err"])
    notes = one.report.notes
    assert any("只有横线、没有竖线，无法分列读取" in note for note in notes)
    assert not any("表格可能是图片" in note for note in notes)
    assert not one.stats.found  # type: ignore[union-attr]


def test_years_not_paired_for_several_files_of_one_year_are_named(tmp_path: Path) -> None:
    """Two inputs of one unit for 2024 and one for 2023: the years are not compared (which 2024
    file?), and a note says so, naming the unit, the years and the files."""
    from toolkit.check import check
    from toolkit.table import Table

    folder = tmp_path / "历年"
    folder.mkdir()
    unit = "示范县示范镇人民政府"
    for name, year, new in (("2023.json", 2023, 0), ("2024.json", 2024, 0), ("2024副本.json", 2024, 1)):
        table = Table(unit, year)
        table.sec3["一"][0] = table.sec3[form.CARRIED_OUT_KEY][0] = new  # the copy differs
        (folder / name).write_text(table.with_totals().dumps(), encoding="utf-8")
    report = check([folder])
    [note] = [note for note in report.notes if "没有逐年比对" in note]
    assert f"“{unit}”的 2024 年与 2023 年没有逐年比对" in note
    assert "2024 年有 2 个文件" in note and "2024副本.json" in note


def test_the_last_line_counts_files_whose_tables_were_not_all_read() -> None:
    """A report whose tables were not read is no clean file, in its own line and in the last one."""
    from toolkit.check import CheckReport
    from toolkit.console import render
    from toolkit.findings import FileReport
    from toolkit.read.stats_sections import blank_table

    unread = FileReport("年报.pdf", "report")
    unread.table = blank_table()
    text = render(CheckReport(files=[unread]))
    assert "没有读到统计表" in text.splitlines()[0]
    assert text.splitlines()[-1].startswith("共检查 1 个文件：0 个有错误，1 个的统计表没有全部读到")
