"""TextRows (toolkit.write.textrows): bulk text rows written into a sheet's XML after xlsxwriter closes.

The rows must read back exactly as if each cell had gone through ``write_string`` — in openpyxl,
in calamine and in LibreOffice — every part must stay well-formed XML, and the rows must land
between the rows xlsxwriter wrote, in order, or be refused.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from engine import recalculate
from python_calamine import CalamineWorkbook

from toolkit.write.textrows import TextRows, finish
from toolkit.write.xlsx import Styles, new_workbook

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
AWKWARD = [
    "plain",
    "甲、乙",
    "a & b < c > d",
    "]]> &amp; &lt;",
    "\"quoted\" 'single'",
    " leading space",
    "trailing space ",
    "   ",
    "\t",
    "\ttab first",
    "line\nbreak",
    "\n",
    "carriage\rreturn",
    "crlf\r\n",
    "nul\x00char",
    "bell\x07 and \x1f unit separator",
    "non-character \ufffe and \uffff",
    "_x0041_ looks escaped",
    "_X00e9_ mixed case",
    "_x004_ too short",
    "\u3000全角空格\u3000",
    "non\xa0breaking",
    "next line\x85 and line separator\u2028",
    "emoji 😀",
    "x" * 32_000,
    "x" * 40_000,  # over a cell: xlsxwriter cuts it, in bulk as cell by cell
    "😀" * 20_000,  # 20,000 characters, 40,000 UTF-16 units
]


LEFT_TO_XLSXWRITER = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _texts(rng: random.Random, count: int) -> list[list[str]]:
    rows = []
    for _ in range(count):
        width = rng.randint(1, 6)
        rows.append([rng.choice([*AWKWARD, "", "", "U0001-2024-0000001"]) for _ in range(width)])
    return rows


def _book(
    path: Path, blocks: list[TextRows], *, bulk: bool, sheet: str = "明细", hidden: bool = False
) -> Path:
    """One sheet with a styled header at row 0 and after each block; blocks in bulk or cell by cell."""
    wb, buffer = new_workbook()
    styles = Styles.create(wb)
    wb.add_worksheet("前")
    ws = wb.add_worksheet(sheet)
    if hidden:
        ws.hide()
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


def _sheet_xml(path: Path, number: int = 2) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{number}.xml")


def _dimension(path: Path) -> str:
    found = re.search(rb'<dimension ref="([^"]+)"/>', _sheet_xml(path))
    assert found is not None
    return found.group(1).decode()


def _assert_well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # raises on a character XML forbids


@pytest.mark.parametrize("seed", range(4))
def test_bulk_rows_read_back_as_cells_written_one_by_one(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    blocks = [TextRows("明细", 1, _texts(rng, 40)), TextRows("明细", 43, _texts(rng, 25))]
    by_cell = _book(tmp_path / "cells.xlsx", blocks, bulk=False)
    in_bulk = _book(tmp_path / "bulk.xlsx", blocks, bulk=True)
    _assert_well_formed(in_bulk)
    for read in (_openpyxl_rows, _calamine_rows):
        assert read(in_bulk, "明细") == read(by_cell, "明细")
        assert read(in_bulk, "前") == read(by_cell, "前") and read(in_bulk, "后") == read(by_cell, "后")
    # every row without a text Excel escapes or cuts went the bulk way, the others through xlsxwriter
    plain = [
        r
        for b in blocks
        for r in b.rows
        if not any(LEFT_TO_XLSXWRITER.search(t) or _units(t) > 32_767 for t in r)
    ]
    assert _sheet_xml(in_bulk).count(b't="inlineStr"') == sum(1 for r in plain for t in r if t) > 20
    assert _dimension(in_bulk) == _dimension(by_cell)
    assert openpyxl.load_workbook(in_bulk)["明细"]["A1"].font.b  # xlsxwriter's own header keeps its style
    # every text survives — but control characters, which openpyxl leaves as _xHHHH_, and texts
    # over a cell's limit, cut as xlsxwriter cuts them
    values = {v for row in _openpyxl_rows(in_bulk, "明细") for v in row if v}
    written = {t for b in blocks for row in b.rows for t in row if t and _units(t) <= 32_767}
    shown = {CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", t) for t in written}
    assert shown | {"单位", "小计"} <= values
    assert all(_units(v) <= 32_767 for v in values)


def test_rows_go_between_the_rows_xlsxwriter_wrote(tmp_path: Path) -> None:
    blocks = [TextRows("明细", 5, [["d"], ["e", "", "g"]]), TextRows("明细", 1, [["a"], [], ["c"]])]
    path = _book(tmp_path / "order.xlsx", blocks, bulk=True)
    rows = _calamine_rows(path, "明细")
    assert [r[0] for r in rows] == ["单位", "a", "", "c", "小计", "d", "e", "小计"]
    assert rows[6] == ["e", "", "g"]
    assert re.findall(rb'<row r="(\d+)"', _sheet_xml(path)) == [b"1", b"2", b"4", b"5", b"6", b"7", b"8"]
    assert _dimension(path) == "A1:C8"


@pytest.mark.parametrize(
    ("rows", "dimension"),
    [
        ([["", "", "c"]], "C6"),  # only the cells written count: no empty columns or rows
        ([["a", "", ""], [], ["", "b"]], "A6:B8"),
        ([[], [""]], None),  # nothing written: the sheet stays as xlsxwriter left it
    ],
)
def test_the_dimension_of_a_sheet_xlsxwriter_left_empty(tmp_path: Path, rows, dimension) -> None:
    wb, buffer = new_workbook()
    wb.add_worksheet("明细")
    path = finish(wb, buffer, tmp_path / "d.xlsx", [TextRows("明细", 5, rows)])
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    found = re.search(rb'<dimension ref="([^"]+)"/>', xml)
    assert found is not None
    assert found.group(1).decode() == (dimension or "A1")
    if dimension is None:
        assert b"<row" not in xml
    _assert_well_formed(path)


def test_a_sheet_name_that_needs_escaping_or_a_hidden_sheet_is_found(tmp_path: Path) -> None:
    name = "A&B \"<x>\" 'y' z"
    path = _book(tmp_path / "name.xlsx", [TextRows(name, 1, [["ok"]])], bulk=True, sheet=name)
    assert _calamine_rows(path, name)[1] == ["ok"]
    path = _book(tmp_path / "hidden.xlsx", [TextRows("明细", 1, [["ok"]])], bulk=True, hidden=True)
    assert _calamine_rows(path, "明细")[1] == ["ok"]


def _refused(tmp_path: Path, blocks: list[TextRows], match: str) -> None:
    wb, buffer = new_workbook()
    ws = wb.add_worksheet("明细")
    ws.write_string(2, 0, "已写")
    ws.set_row(9, 30)  # a row format only: xlsxwriter writes the row too
    with pytest.raises(ValueError, match=match):
        finish(wb, buffer, tmp_path / "x.xlsx", blocks)
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("blocks", "match"),
    [
        ([TextRows("明细", 1, [["a"], ["b"]])], "already written"),
        ([TextRows("明细", 1, [["a"], ["_x0041_"]])], "already written"),  # a row xlsxwriter would write
        ([TextRows("明细", 8, [["a"], ["b"]])], "already written"),  # over a row format
        ([TextRows("明细", 3, [["a"], ["b"], ["c"]]), TextRows("明细", 4, [["x"]])], "overlap"),
        ([TextRows("别的", 0, [["a"]])], "no sheet"),
    ],
)
def test_rows_over_written_rows_or_each_other_or_in_no_sheet_are_refused(
    tmp_path: Path, blocks, match
) -> None:
    _refused(tmp_path, blocks, match)


def test_rows_outside_a_sheet_are_refused() -> None:
    with pytest.raises(ValueError, match="outside a sheet"):
        TextRows("明细", 1_048_575, [["a"], ["b"]])
    with pytest.raises(ValueError, match="outside a sheet"):
        TextRows("明细", -1, [["a"]])
    with pytest.raises(ValueError, match="wider than a sheet"):
        TextRows("明细", 0, [["a"] * 16_385])
    assert TextRows("明细", 1_048_575, [["a"] * 16_384]).last_row == 1_048_575


@pytest.mark.slow
def test_libreoffice_reads_the_bulk_rows_as_the_cells_written_one_by_one(tmp_path: Path) -> None:
    rows = [
        ["甲", "a & b < c > d", ' "q" ', "]]>"],
        ["", "trailing ", "_x0041_", "\t"],
        ["U0001-2024-0000001", "non-character \ufffe", "line\nbreak", "   "],
        ["emoji 😀", "\u3000全角\u3000"],
    ]
    blocks = [TextRows("明细", 1, rows)]
    in_bulk = recalculate(_book(tmp_path / "bulk.xlsx", blocks, bulk=True))
    by_cell = recalculate(_book(tmp_path / "cells.xlsx", blocks, bulk=False))
    assert in_bulk == by_cell
    assert in_bulk["明细"][1][:2] == ["甲", "a & b < c > d"] and in_bulk["明细"][3][0] == "U0001-2024-0000001"


def test_sheet_parts_of_workbooks_other_writers_made(tmp_path: Path) -> None:
    from toolkit.write.xlsx import sheet_parts

    wb = openpyxl.Workbook()  # openpyxl: absolute targets, other attribute order
    wb.active.title = "申请台账"
    wb.create_sheet("A&B")
    wb.save(tmp_path / "o.xlsx")
    with zipfile.ZipFile(tmp_path / "o.xlsx") as z:
        parts = sheet_parts(z.read)
        assert set(parts) == {"申请台账", "A&B"}
        for name, part in parts.items():
            assert part.startswith("xl/worksheets/") and part in z.namelist(), name


def test_only_the_trace_sheet_makes_text_rows() -> None:
    """TextRows rely on xlsxwriter's internals (toolkit/write/textrows.py): keep them to the 明细."""
    package = Path(__file__).parent.parent / "toolkit"
    makers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"\bTextRows\(", path.read_text(encoding="utf-8"))
    )
    assert makers == ["write/provenance.py", "write/textrows.py"]


@pytest.mark.parametrize("awkward", [False, True])
def test_bulk_rows_take_their_style_and_heights(tmp_path: Path, awkward: bool) -> None:
    """A block's style (wrapping) and row heights, in bulk and for a row left to xlsxwriter alike."""
    wb, buffer = new_workbook()
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws = wb.add_worksheet("明细")
    ws.write_string(0, 0, "单位")
    first = "a\x07b" if awkward else "2024-001\n2024-002"
    rows = [[first, "x"], ["plain"], ["2024-003\n2024-004\n2024-005"]]
    path = finish(wb, buffer, tmp_path / "s.xlsx", [TextRows("明细", 1, rows, wrap, [33.0, None, 52.5])])
    sheet = openpyxl.load_workbook(path)["明细"]
    assert [sheet.row_dimensions[r].height for r in (2, 3, 4)] == [33.0, None, 52.5]
    for ref in ("A2", "B2", "A3", "A4"):
        assert sheet[ref].alignment.wrap_text is True, ref
        assert sheet[ref].alignment.vertical == "top", ref
    assert sheet["A4"].value == "2024-003\n2024-004\n2024-005"
    with pytest.raises(ValueError, match="heights"):
        TextRows("明细", 1, rows, wrap, [1.0])
