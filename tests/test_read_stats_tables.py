"""Two sets of the official tables in one workbook (toolkit.read.stats_tables): the one of the
report's year is read and the other named in a note, identical copies are read once, and when
the tables cannot be told apart the file is refused — never the wrong table read silently.

Fixtures are made by code (sample_layout.write_stacked_layout): this year's and last year's tables
stacked on one sheet in both orders, one set per sheet, without years, repeated identically.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sample_layout import Sheet, save, write_sample_layout, write_stacked_layout
from typer.testing import CliRunner

from toolkit import form
from toolkit.cli import app
from toolkit.errors import UnreadableInput
from toolkit.read.stats import StatsRead, read_stats
from toolkit.table import Table

UNIT = "测试镇人民政府"
TITLE = "测试镇人民政府{}政府信息公开工作年度报告"


def table(received: int, year: int | None = None) -> Table:
    """A consistent table whose 本年新收 (自然人) is ``received``, all of it 予以公开."""
    t = Table(UNIT, year)
    t.sec3[form.RECEIVED_KEY][0] = received
    t.sec3["三.一"][0] = received
    t.sec4[0] = received % 3
    return t.with_totals()


THIS, LAST = table(10, 2024), table(5, 2023)


def unit_sheet(year: int) -> Sheet:
    sh = Sheet(form.SHEET_UNIT)
    sh.put(0, 0, form.UNIT_NAME)
    sh.put(0, 1, UNIT)
    sh.put(1, 0, form.UNIT_YEAR)
    sh.put(1, 1, year)
    return sh


def _read(path: Path) -> StatsRead:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return read_stats(book, str(path))
    finally:
        book.close()


def _received(read: StatsRead) -> int | None:
    return read.table.sec3[form.RECEIVED_KEY][form.TOTAL_COL]


def _other_notes(read: StatsRead) -> list[str]:
    return [n for n in read.notes if "另一张表" in n]


# ---------------------------------------------------------------------------------------
# Stacked on one sheet
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("this_first", [True, False], ids=["this-year-first", "last-year-first"])
@pytest.mark.parametrize(
    ("titles", "name", "extra", "expected"),
    [
        (("2024年", "2023年"), "统计表.xlsx", (), 2024),  # no 统计年度: the latest year
        (("2024年", "2023年度"), "统计表.xlsx", (2023,), 2023),  # 单位信息 says 2023
        (("2024年", "2023年"), "2023年统计表.xlsx", (), 2023),  # the file name says 2023
        (("2024年度", ""), "统计表.xlsx", (2024,), 2024),  # only this year's table has a year
        (("", "2023年"), "统计表.xlsx", (2024,), 2024),  # the other one says it is of 2023
    ],
    ids=["latest", "unit-sheet", "file-name", "only-this-titled", "only-last-titled"],
)
def test_stacked_tables_the_one_of_the_year_is_read(
    tmp_path: Path,
    this_first: bool,
    titles: tuple[str, str],
    name: str,
    extra: tuple[int, ...],
    expected: int,
) -> None:
    sets = [(THIS, TITLE.format(titles[0])), (LAST, TITLE.format(titles[1]))]
    if not this_first:
        sets.reverse()
    path, starts = write_stacked_layout(tmp_path / name, sets, extra=[unit_sheet(y) for y in extra])
    read = _read(path)
    assert _received(read) == (10 if expected == 2024 else 5)
    assert read.table.year == expected
    (note,) = _other_notes(read)
    read_at = starts[[0, 1][(expected == 2024) != this_first]]
    other_at = starts[[1, 0][(expected == 2024) != this_first]]
    assert f"第 {other_at[1]} 行起的表" in note.split("未读取")[0]
    assert f"第 {read_at[1]} 行起的表" in note.split("未读取")[1]
    assert [f.rule for f in read.findings if f.rule != "R20"] == []  # R20: the fixture's 规范性文件


@pytest.mark.parametrize("this_first", [True, False], ids=["this-year-first", "last-year-first"])
def test_stacked_tables_without_years_are_refused_naming_both(tmp_path: Path, this_first: bool) -> None:
    sets = [(THIS, TITLE.format("")), (LAST, TITLE.format(""))]
    if not this_first:
        sets.reverse()
    path, starts = write_stacked_layout(tmp_path / "统计表.xlsx", sets)
    with pytest.raises(UnreadableInput) as err:
        _read(path)
    assert err.value.reason == "ambiguous_tables"
    assert [f"第 {row} 行起" in err.value.message for _, row in starts] == [True, True]


def test_stacked_tables_both_of_the_report_year_are_refused(tmp_path: Path) -> None:
    sets = [(THIS, TITLE.format("2024年")), (LAST, TITLE.format("2024年"))]
    path, _ = write_stacked_layout(tmp_path / "统计表.xlsx", sets, extra=[unit_sheet(2024)])
    with pytest.raises(UnreadableInput) as err:
        _read(path)
    assert err.value.reason == "ambiguous_tables"


def test_tables_of_other_years_only_are_refused(tmp_path: Path) -> None:
    sets = [(THIS, TITLE.format("2022年")), (LAST, TITLE.format("2023年"))]
    path, _ = write_stacked_layout(tmp_path / "统计表.xlsx", sets, extra=[unit_sheet(2024)])
    with pytest.raises(UnreadableInput) as err:
        _read(path)
    assert err.value.reason == "ambiguous_tables"
    assert "2024" in err.value.message


@pytest.mark.parametrize("sheets", [None, ("统计表", "统计表 (2)")], ids=["stacked", "two-sheets"])
def test_a_table_repeated_identically_is_read_once_with_a_note(tmp_path: Path, sheets: tuple | None) -> None:
    sets = [(THIS, TITLE.format("")), (THIS, TITLE.format(""))]
    path, starts = write_stacked_layout(tmp_path / "统计表.xlsx", sets, sheets=sheets)
    single, _ = write_stacked_layout(tmp_path / "one.xlsx", sets[:1], sheets=sheets[:1] if sheets else None)
    read, once = _read(path), _read(single)
    assert read.table == once.table
    assert read.cells == once.cells  # the first copy's cells
    assert [(f.rule, f.sheet, f.cell) for f in read.findings] == [
        (f.rule, f.sheet, f.cell) for f in once.findings
    ]
    (note,) = _other_notes(read)
    assert f"工作表“{starts[1][0]}”第 {starts[1][1]} 行起" in note and "完全相同" in note


def test_identical_tables_of_two_years_are_read_as_the_latest(tmp_path: Path) -> None:
    """Copies with the same numbers under different years (a unit with all zeros both years)."""
    sets = [(THIS, TITLE.format("2023年")), (THIS, TITLE.format("2024年"))]
    path, starts = write_stacked_layout(tmp_path / "统计表.xlsx", sets)
    read = _read(path)
    assert read.table.year == 2024
    address = read.cells[("sec3", form.RECEIVED_KEY, 0)][1]
    assert int(address.lstrip("ABCDEFGHIJ")) > starts[1][1]  # read from the second, 2024 copy
    (note,) = _other_notes(read)
    assert f"第 {starts[0][1]} 行起" in note and "完全相同" in note


# ---------------------------------------------------------------------------------------
# One set per sheet; one section repeated
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "order", [("2023年", "2024年"), ("2024", "2023年度")], ids=["old-first", "new-first"]
)
def test_a_sheet_per_year(tmp_path: Path, order: tuple[str, str]) -> None:
    tables = {"2023": LAST, "2024": THIS}
    sets = [(tables[name[:4]], TITLE.format("")) for name in order]
    path, _ = write_stacked_layout(tmp_path / "统计表.xlsx", sets, sheets=order)
    assert _received(_read(path)) == 10
    with_unit, _ = write_stacked_layout(tmp_path / "u.xlsx", sets, sheets=order, extra=[unit_sheet(2023)])
    read = _read(with_unit)
    assert _received(read) == 5
    (note,) = _other_notes(read)
    assert "2024年" in note.split("未读取")[0]


def test_a_second_table_three_on_its_own_sheet(tmp_path: Path) -> None:
    """表二 and 表四 once, 表三 twice: the 表三 on the sheet named for last year is not read; the
    one without a year is, when the report's year is known."""
    main = write_sample_layout(tmp_path / "main.xlsx", THIS)
    copy, _ = write_stacked_layout(
        tmp_path / "copy.xlsx", [(LAST, "")], sheets=["表三（2023年）"], sections=("sec3",)
    )
    sheets = _sheets_of(main) + _sheets_of(copy)
    path = save(tmp_path / "统计表.xlsx", [*sheets, unit_sheet(2024)])
    read = _read(path)
    assert _received(read) == 10
    assert read.table.sec4 == THIS.sec4  # the shared 表四 is read
    (note,) = _other_notes(read)
    assert "表三（2023年）" in note
    no_year = save(tmp_path / "no-year.xlsx", sheets)
    with pytest.raises(UnreadableInput):
        _read(no_year)


def _sheets_of(path: Path) -> list[Sheet]:
    """The sheets of a written workbook as ``Sheet`` objects (values and merges)."""
    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        ws = book.get_sheet_by_name(name)
        sh = Sheet(name)
        for r, row in enumerate(ws.to_python(skip_empty_area=False)):
            for c, v in enumerate(row):
                if v != "":
                    sh.put(r, c, int(v) if isinstance(v, float) and v.is_integer() else v)
        for (r0, c0), (r1, c1) in ws.merged_cell_ranges or ():
            sh.merges.append((r0, c0, r1, c1))
        out.append(sh)
    return out


def test_one_table_is_read_as_before(tmp_path: Path) -> None:
    path, _ = write_stacked_layout(tmp_path / "统计表.xlsx", [(THIS, TITLE.format("2023年"))])
    read = _read(path)
    assert _received(read) == 10 and _other_notes(read) == []


# ---------------------------------------------------------------------------------------
# Through the CLI: check and aggregate
# ---------------------------------------------------------------------------------------
def test_check_and_aggregate_refuse_tables_that_cannot_be_told_apart(tmp_path: Path) -> None:
    sets = [(LAST, TITLE.format("")), (THIS, TITLE.format(""))]
    path, _ = write_stacked_layout(tmp_path / "一页两表.xlsx", sets)
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(path), "--json"])
    assert checked.exit_code == 2
    (entry,) = json.loads(checked.stdout)["files"]
    assert entry["reason"] == "ambiguous_tables"
    out = tmp_path / "out.xlsx"
    args = ["aggregate", str(path), "-o", str(out), "--year", "2024", "--unit", UNIT]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert not out.exists()


def test_aggregate_reads_this_years_sheet(tmp_path: Path) -> None:
    sets = [(LAST, TITLE.format("")), (THIS, TITLE.format(""))]
    path, _ = write_stacked_layout(tmp_path / "两个工作表.xlsx", sets, sheets=["2023年", "2024年"])
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        app, ["aggregate", str(path), "-o", str(out), "--year", "2024", "--unit", UNIT, "--json"]
    )
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["table"]["sec3"][form.RECEIVED_KEY][form.TOTAL_COL] == 10
