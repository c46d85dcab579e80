"""A real engine recomputes our formulas: LibreOffice recalculates the 统计表 and every formula
must equal both its cached value and the value Python computed."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from engine import recalculate, require_soffice, value_at
from python_calamine import CalamineWorkbook

from toolkit import form
from toolkit.rules.identities import identities
from toolkit.table import Table
from toolkit.write.stats_workbook import check_rows, sec3_cell, sec4_cell, write_stats_workbook

DATA = Path(__file__).parent / "data"
FORMULA_SHEETS = (form.SHEET_TABLE3, form.SHEET_TABLE4, form.SHEET_CHECKS)


def sample_table() -> Table:
    """The published 额敏镇 2024 table, with its wrong cell (三.四.1 总计 = 0)."""
    return Table.loads((DATA / "sample-emin-2024.json").read_text(encoding="utf-8"))


def corrected_sample() -> Table:
    table = sample_table()
    table.sec3["三.四.1"][form.TOTAL_COL] = 1
    table.sec3[form.RESULTS_TOTAL_KEY][form.TOTAL_COL] = 1
    return table


def busy_table() -> Table:
    """A consistent table with varied numbers in the leaves, so every formula is exercised."""
    table = Table("示范县示范镇人民政府", 2024)
    n = 0
    for key in (*form.RESULT_KEYS, form.CARRIED_OUT_KEY, form.CARRIED_IN_KEY):
        for c in range(form.TOTAL_COL):
            n += 1
            table.sec3[key][c] = (n * 7) % 11 if key != form.CARRIED_IN_KEY else c % 2
    for c in range(form.TOTAL_COL):  # 一 = 三.七 + 四 − 二, so that R3 holds
        concluded = sum(table.sec3[k][c] for k in form.RESULT_KEYS)
        table.sec3[form.RECEIVED_KEY][c] = concluded + table.sec3[form.CARRIED_OUT_KEY][c] - c % 2
    for i in range(form.SEC4_WIDTH):
        table.sec4[i] = (i * 5) % 4
    return table.with_totals()


def formula_cells(path: Path) -> dict[tuple[str, int, int], str]:
    """(sheet, row0, col0) → formula, for every formula cell of the sheets that have them."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for name in FORMULA_SHEETS:
        for row in wb[name].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    cells[(name, c.row - 1, c.column - 1)] = c.value
    return cells


def cached_values(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in FORMULA_SHEETS}


def python_value(table: Table, sheet: str, row: int, col: int, check_map: dict) -> object:
    """The value Python computed for a formula cell."""
    if sheet == form.SHEET_TABLE3:
        for key in form.SEC3_KEYS:
            for c in range(len(form.SEC3_COLUMNS)):
                if sec3_cell(key, c) == (row, col):
                    return table.sec3[key][c]
    if sheet == form.SHEET_TABLE4:
        for i in range(form.SEC4_WIDTH):
            if sec4_cell(i) == (row, col):
                return table.sec4[i]
    if sheet == form.SHEET_CHECKS:
        if row in check_map:
            left, right, ok = check_map[row].evaluate(table)
            return {2: left, 3: right, 4: form.PASS if ok else form.FAIL}[col]
        failed = sum(not i.evaluate(table)[2] for i in identities())
        return f"全部{form.PASS}" if failed == 0 else f"有{failed}项{form.FAIL}"
    raise AssertionError(f"no Python value for {sheet}!{row},{col}")


def _as_number(text: object) -> object:
    if isinstance(text, float) and text.is_integer():
        return int(text)
    if isinstance(text, str) and text.lstrip("-").isdigit():
        return int(text)
    return text


@pytest.mark.parametrize("make_table", [corrected_sample, busy_table], ids=["corrected-sample", "busy"])
@pytest.mark.slow
def test_libreoffice_recalculation_equals_cached_and_python(tmp_path: Path, make_table) -> None:
    require_soffice()
    table = make_table()
    path = write_stats_workbook(table, tmp_path / "统计表.xlsx")
    formulas = formula_cells(path)
    assert len(formulas) >= 25 + 6 + 3 + 3 * len(identities())  # 总计 column, 三.七 row, 表四, 校验
    cached = cached_values(path)
    recalculated = recalculate(path)
    check_map = check_rows()
    expected_table = table.with_totals()
    mismatches = []
    for (sheet, row, col), formula in sorted(formulas.items()):
        want = python_value(expected_table, sheet, row, col, check_map)
        got_cached = _as_number(cached[sheet][row][col])
        got_engine = _as_number(value_at(recalculated, sheet, row, col))
        if not (want == got_cached == got_engine):
            mismatches.append((sheet, row + 1, col + 1, formula, want, got_cached, got_engine))
    assert mismatches == []
    verdict = value_at(recalculated, form.SHEET_CHECKS, 1, 1)
    assert verdict == f"全部{form.PASS}"


@pytest.mark.slow
def test_the_samples_published_numbers_fail_r2_and_r3_on_the_right_rows(tmp_path: Path) -> None:
    """The seed's numbers typed into the template (over the total formulas, as a unit pasting
    its published table does) make exactly the R2 rows 三.四.1 and 三.七 and the R3 总计 column fail."""
    require_soffice()
    template = write_stats_workbook(Table(), tmp_path / "blank.xlsx")
    published = sample_table()
    wb = openpyxl.load_workbook(template)
    ws = wb[form.SHEET_TABLE3]
    for key in form.SEC3_KEYS:
        for c, value in enumerate(published.sec3[key]):
            r, col = sec3_cell(key, c)
            ws.cell(row=r + 1, column=col + 1, value=value)
    typed = tmp_path / "typed.xlsx"
    wb.save(typed)

    recalculated = recalculate(typed)
    failed = []
    for row, identity in check_rows().items():
        result = value_at(recalculated, form.SHEET_CHECKS, row, 4)
        assert result in (form.PASS, form.FAIL)
        if result == form.FAIL:
            failed.append((identity.rule, identity.left[0].describe()))
    assert failed == [
        ("R2", f"三.四.1 {form.SEC3_TOTAL_COLUMN}"),
        ("R2", f"{form.RESULTS_TOTAL_KEY} {form.SEC3_TOTAL_COLUMN}"),
        ("R3", f"{form.RECEIVED_KEY} {form.SEC3_TOTAL_COLUMN}"),
    ]
    assert value_at(recalculated, form.SHEET_CHECKS, 1, 1) == f"有3项{form.FAIL}"
    # Python agrees with the engine on the same numbers
    python_failed = [
        (i.rule, i.left[0].describe()) for i in identities() if i.evaluate(published)[2] is False
    ]
    assert python_failed == failed


def test_sample_json_is_the_published_table() -> None:
    data = json.loads((DATA / "sample-emin-2024.json").read_text(encoding="utf-8"))
    assert data["sec3"]["三.四.1"] == [1, 0, 0, 0, 0, 0, 0]
    assert sample_table().with_totals().sec3["三.四.1"][form.TOTAL_COL] == 1
