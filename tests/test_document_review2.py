"""Defects of the third document review (each a regression test with its input made by code):
表二 published as four tables (one per sub-table), a PDF table ruled with horizontal lines only,
a page holding this year's and last year's reports, and year pairs not compared."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = require_soffice()
    folder = tmp_path_factory.mktemp("review2")
    sources = []
    for name, options in VARIANTS.items():
        source = folder / f"{name}.docx"
        source.write_bytes(report_docx(TABLE, **options))  # type: ignore[arg-type]
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
