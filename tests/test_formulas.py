"""Formula cells saved without a cached value are found (calamine would read them as blanks)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from toolkit.read.formulas import formulas_without_values
from toolkit.table import Table
from toolkit.write.stats_workbook import write_stats_workbook


def test_openpyxl_formulas_have_no_cached_value(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"] = 1
    ws["B7"] = "=A1+1"
    ws["C1"] = "=公式文字"
    ws["C1"].data_type = "s"  # text that merely starts with "=" is not a formula
    path = tmp_path / "no-cache.xlsx"
    wb.save(path)
    assert formulas_without_values(path) == [("表三", "B7")]


def test_our_workbooks_cache_every_formula(tmp_path: Path) -> None:
    path = write_stats_workbook(Table(), tmp_path / "s.xlsx")
    assert formulas_without_values(path) == []


def test_the_bytes_the_gate_read_are_searched_as_the_file(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["C3"] = "=1+1"
    path = tmp_path / "bytes.xlsx"
    wb.save(path)
    assert formulas_without_values(path.read_bytes()) == formulas_without_values(path) == [("Sheet", "C3")]
