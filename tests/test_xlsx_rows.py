"""TextRows: bulk text rows written into a sheet's XML after xlsxwriter closes the workbook.

The rows must read back exactly as if each cell had gone through ``write_string`` — in openpyxl,
in calamine and in LibreOffice — and must land between the rows xlsxwriter wrote, in order.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from engine import recalculate
from python_calamine import CalamineWorkbook

from toolkit.xlsx import Styles, TextRows, finish, new_workbook

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
AWKWARD = [
    "plain",
    "甲、乙",
    "a & b < c > d",
    '"quoted"',
    " leading space",
    "trailing space ",
    "\ttab first",
    "line\nbreak",
    "carriage\rreturn",
    "nul\x00char",
    "bell\x07 and \x1f unit separator",
    "_x0041_ looks escaped",
    "_X00e9_ mixed case",
    "_x004_ too short",
    "\u3000全角空格\u3000",
    "non\xa0breaking",
    "emoji 😀",
    "x" * 5000,
]


def _texts(rng: random.Random, count: int) -> list[list[str]]:
    rows = []
    for _ in range(count):
        width = rng.randint(1, 6)
        rows.append([rng.choice([*AWKWARD, "", "", "U0001-2024-0000001"]) for _ in range(width)])
    return rows


def _book(path: Path, blocks: list[TextRows], *, bulk: bool, sheet: str = "明细") -> Path:
    """One sheet with a styled header at row 0 and after each block; blocks in bulk or cell by cell."""
    wb, buffer = new_workbook()
    styles = Styles.create(wb)
    wb.add_worksheet("前")
    ws = wb.add_worksheet(sheet)
    ws.write_string(0, 0, "单位", styles.header)
    for block in blocks:
        ws.write_string(block.last_row + 1, 0, "小计", styles.header)
        if not bulk:
            for r, row in enumerate(block.rows, start=block.first_row):
                for c, text in enumerate(row):
                    if text:
                        ws.write_string(r, c, text)
    wb.add_worksheet("后").write_string(0, 0, "末")
    return finish(wb, buffer, path, blocks if bulk else ())


def _openpyxl_rows(path: Path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def _calamine_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.mark.parametrize("seed", range(4))
def test_bulk_rows_read_back_as_cells_written_one_by_one(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    blocks = [TextRows("明细", 1, _texts(rng, 40)), TextRows("明细", 43, _texts(rng, 25))]
    by_cell = _book(tmp_path / "cells.xlsx", blocks, bulk=False)
    in_bulk = _book(tmp_path / "bulk.xlsx", blocks, bulk=True)
    for read in (_openpyxl_rows, _calamine_rows):
        assert read(in_bulk, "明细") == read(by_cell, "明细")
        assert read(in_bulk, "前") == read(by_cell, "前") and read(in_bulk, "后") == read(by_cell, "后")
    with zipfile.ZipFile(in_bulk) as z:  # the bulk path was taken (rows Excel escapes are the exception)
        assert z.read("xl/worksheets/sheet2.xml").count(b't="inlineStr"') > 50
    bulk_sheet = openpyxl.load_workbook(in_bulk)["明细"]
    assert bulk_sheet.dimensions == openpyxl.load_workbook(by_cell)["明细"].dimensions
    assert bulk_sheet["A1"].font.b  # xlsxwriter's own header keeps its style
    # every text survives exactly — but control characters, which openpyxl leaves as _xHHHH_
    values = {v for row in _openpyxl_rows(in_bulk, "明细") for v in row if v}
    written = {t for b in blocks for row in b.rows for t in row if t}
    assert values == {CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", t) for t in written} | {
        "单位",
        "小计",
    }


def test_rows_go_between_the_rows_xlsxwriter_wrote(tmp_path: Path) -> None:
    blocks = [TextRows("明细", 5, [["d"], ["e", "", "g"]]), TextRows("明细", 1, [["a"], [], ["c"]])]
    path = _book(tmp_path / "order.xlsx", blocks, bulk=True)
    rows = _calamine_rows(path, "明细")
    assert [r[0] for r in rows] == ["单位", "a", "", "c", "小计", "d", "e", "小计"]
    assert rows[6] == ["e", "", "g"]
    ws = openpyxl.load_workbook(path)["明细"]
    assert ws.dimensions == "A1:C8"


def test_a_sheet_name_that_needs_escaping_is_found(tmp_path: Path) -> None:
    path = _book(tmp_path / "name.xlsx", [TextRows('A&B "<x>"', 1, [["ok"]])], bulk=True, sheet='A&B "<x>"')
    assert _calamine_rows(path, 'A&B "<x>"')[1] == ["ok"]


def test_rows_that_overlap_a_written_row_or_name_no_sheet_are_refused(tmp_path: Path) -> None:
    wb, buffer = new_workbook()
    ws = wb.add_worksheet("明细")
    ws.write_string(2, 0, "已写")
    with pytest.raises(ValueError, match="already written"):
        finish(wb, buffer, tmp_path / "x.xlsx", [TextRows("明细", 1, [["a"], ["b"]])])
    wb, buffer = new_workbook()
    wb.add_worksheet("明细")
    with pytest.raises(ValueError, match="no sheet"):
        finish(wb, buffer, tmp_path / "y.xlsx", [TextRows("别的", 0, [["a"]])])
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


def test_libreoffice_reads_the_bulk_rows(tmp_path: Path) -> None:
    rows = [["甲", "a & b < c > d", ' "q" '], ["", "trailing ", "_x0041_"], ["U0001-2024-0000001"]]
    path = _book(tmp_path / "lo.xlsx", [TextRows("明细", 1, rows)], bulk=True)
    sheets = recalculate(path)
    assert sheets["明细"][:5] == [
        ["单位", "", ""],
        ["甲", "a & b < c > d", ' "q" '],
        ["", "trailing ", "_x0041_"],
        ["U0001-2024-0000001", "", ""],
        ["小计", "", ""],
    ]
