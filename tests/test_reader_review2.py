"""The second reader review: rows and headers a reviewer's workbooks lost or misread.

Official labels are never spelled here: they come from toolkit.form (tests/test_form.py)."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook
from sample_layout import sample_table, write_sample_layout

from toolkit import form
from toolkit.check import check
from toolkit.label_variants import official_label
from toolkit.read.stats import read_stats
from toolkit.read.stats_labels import is_cut_of


def _cut(key: str, keep: int) -> str:
    """The official label of ``key`` cut after ``keep`` characters (a PDF line wrap)."""
    return official_label(key)[:keep]


# --- 1. a row label cut short by a line wrap ------------------------------------------------------
def test_a_label_cut_short_is_read_as_its_row_with_r20(tmp_path: Path) -> None:
    table = sample_table().with_totals()
    table.sec3["三.六.1"][0] += 1
    table.sec3["一"][0] += 1
    table = table.with_totals()
    cut = {"三.二": _cut("三.二", 20), "三.五.5": _cut("三.五.5", 14), "三.六.1": _cut("三.六.1", 22)}
    path = write_sample_layout(tmp_path / "t.xlsx", table, relabel=cut)
    report = check([path])
    cut_findings = [f for f in report.findings if "标签不完整" in f.message]
    assert sorted(f.key or "" for f in cut_findings) == sorted(cut)
    assert all(f.rule == "R20" for f in cut_findings)
    assert not [f for f in report.findings if f.is_error]
    assert not any("未找到" in note for note in report.files[0].notes)
    stats = read_stats(CalamineWorkbook.from_path(str(path)), str(path))
    for key in cut:
        assert stats.table.sec3[key] == table.sec3[key]


def test_is_cut_of_is_strict() -> None:
    official = official_label("三.六.1")
    assert is_cut_of(form.normalize_label(official[:20]), official)
    assert not is_cut_of(form.normalize_label(official[:5]), official)  # too short to tell
    assert not is_cut_of(form.normalize_label(official), official)  # the label itself
    assert not is_cut_of(form.normalize_label("9" + official[1:20]), official)  # another number


# --- 1. a row whose label cell is empty, next to its group's label ----------------------------------
def test_an_unlabelled_first_leaf_beside_its_group_label_is_read(tmp_path: Path) -> None:
    table = sample_table().with_totals()
    table.sec3["一"][0] += 3
    table.sec3["三.四.1"][0] += 3
    table = table.with_totals()
    path = write_sample_layout(tmp_path / "t.xlsx", table, relabel={"三.四.1": ""})
    report = check([path])
    empty = [f for f in report.findings if "没有行标签" in f.message]
    assert [(f.rule, f.key) for f in empty] == [("R20", "三.四.1")]
    assert not [f for f in report.findings if f.is_error]
    stats = read_stats(CalamineWorkbook.from_path(str(path)), str(path))
    assert stats.table.sec3["三.四.1"] == table.sec3["三.四.1"]


# --- 2. one row's label merged over the first number column -------------------------------------
def test_a_row_label_merged_over_the_first_number_column_moves_no_other_row(tmp_path: Path) -> None:
    import openpyxl

    table = sample_table().with_totals()
    path = write_sample_layout(tmp_path / "t.xlsx", table)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    want = form.normalize_label(official_label(form.CARRIED_OUT_KEY))
    row = next(
        r for r in range(1, ws.max_row + 1) if form.normalize_label(str(ws.cell(r, 1).value or "")) == want
    )
    numbers = [ws.cell(row, c).value for c in range(4, 11)]
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row == row and merged.min_col == 1:
            ws.unmerge_cells(str(merged))
    for c in range(4, 12):
        ws.cell(row, c).value = None
    for c, v in enumerate(numbers, start=5):
        ws.cell(row, c).value = v
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    wb.save(path)
    report = check([path])
    over = [f for f in report.findings if "合并到了数字列" in f.message]
    assert [(f.rule, f.key) for f in over] == [("R20", form.CARRIED_OUT_KEY)]
    # the other rows are read under their headers: no blank or sum finding outside the odd row
    assert not [f for f in report.findings if f.rule in ("R6", "R1", "R2") and f.key != form.CARRIED_OUT_KEY]
    stats = read_stats(CalamineWorkbook.from_path(str(path)), str(path))
    assert stats.table.sec3[form.RECEIVED_KEY] == table.sec3[form.RECEIVED_KEY]


# --- 4. shortened column headers, and one word typed in several headers ---------------------------
def _heads_workbook(tmp_path: Path, heads: dict[str, str]) -> Path:
    return write_sample_layout(tmp_path / "t.xlsx", sample_table().with_totals(), heads=heads)


def test_shortened_sec3_headers_are_read_as_their_columns_with_r20(tmp_path: Path) -> None:
    from toolkit.label_variants import HEADER_ABBREVIATIONS

    shorts = {head: short for short, head in HEADER_ABBREVIATIONS if head in form.SEC3_COLUMNS}
    assert len(shorts) == 3
    report = check([_heads_workbook(tmp_path, shorts)])
    notes = report.files[0].notes
    assert not any("列标题不完整" in note for note in notes)
    for head, short in shorts.items():
        found = [f for f in report.findings if f"“{short}”" in f.message]
        assert [f.rule for f in found] == ["R20"] and f"官方表述为“{head}”" in found[0].message


def test_a_short_form_away_from_its_place_is_not_read(tmp_path: Path) -> None:
    from toolkit.label_variants import HEADER_ABBREVIATIONS

    # the short form of column 3 typed where column 2's header is: not that column's
    shorts = dict(HEADER_ABBREVIATIONS)
    heads = {form.SEC3_COLUMNS[2]: next(s for s, h in shorts.items() if h == form.SEC3_COLUMNS[3])}
    report = check([_heads_workbook(tmp_path, heads)])
    assert any("列标题不完整" in note for note in report.files[0].notes)


def test_shortened_sec4_headers_in_every_block_are_one_finding_each(tmp_path: Path) -> None:
    from test_label_drift import write_tables

    from toolkit.label_variants import HEADER_ABBREVIATIONS

    shorts = {head: short for short, head in HEADER_ABBREVIATIONS if head in form.SEC4_BLOCK_COLUMNS}
    read = read_stats(*_open(write_tables(tmp_path / "t.xlsx", heads=shorts)))
    assert not any("列标题不完整" in note for note in read.notes)
    r20 = [f for f in read.findings if f.rule == "R20"]
    for head, short in shorts.items():
        found = [f for f in r20 if f"简称“{short}”" in f.message]
        assert len(found) == 1 and f"3 个标签用了简称“{short}”（官方表述为“{head}”）" in found[0].message
    assert all(v is not None for v in read.table.sec4)


def _open(path: Path) -> tuple[CalamineWorkbook, str]:
    return CalamineWorkbook.from_path(str(path)), str(path)
