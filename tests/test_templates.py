"""The blank templates: ``xxgk template log`` (台账) and ``xxgk template stats`` (统计表).

Every expected label comes from toolkit.form; every expected location from the layout functions
of toolkit.write.stats_workbook. Workbooks are generated under tmp_path, read back with openpyxl (layout,
validations, protection, print settings) and python-calamine (the cached values of formulas).
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner
from workbook_content import content_diff, workbook_content

from toolkit import __version__, cli, form
from toolkit.errors import UsageError
from toolkit.read.log_values import RESULT_CHOICES, grouped_result
from toolkit.rules.identities import Ref, identities
from toolkit.table import Table
from toolkit.write.stats_workbook import check_rows, sec3_cell, sec4_cell, write_stats_workbook
from toolkit.write.templates import DEFAULT_NAMES, default_name, template
from toolkit.write.xlsx import TEMPLATE_KINDS

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
UNIT, YEAR = "示范镇", 2024
MIN_PREPARED_ROWS = 2000
CJK = re.compile(r"[\u4e00-\u9fff]")
LIST_SOURCE = re.compile(
    r"^'?(?P<sheet>[^'!]+)'?!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+):\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+)$"
)
SHEET_REF = re.compile(r"'(?P<sheet>[^']+)'!(?P<a>\$?[A-Z]+\$?\d+)(?::(?P<b>\$?[A-Z]+\$?\d+))?")


# --- helpers --------------------------------------------------------------------------------------


def addr(row: int, col: int) -> str:
    """0-based (row, col) → ``J17``."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def cells_of(range_text: str) -> list[str]:
    min_col, min_row, max_col, max_row = range_boundaries(range_text.replace("$", ""))
    return [
        f"{get_column_letter(c)}{r}" for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
    ]


def validation_at(ws: Any, coord: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coord}: {len(found)} validations"
    return found[0]


def validated_cells(ws: Any) -> set[str]:
    return {
        c for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges for c in cells_of(rng.coord)
    }


def column_style(ws: Any, letter: str) -> Any:
    """The <col> element covering a column (openpyxl keys a run of equal columns by its first letter)."""
    index = range_boundaries(f"{letter}1")[0]
    found = [d for d in ws.column_dimensions.values() if d.min is not None and d.min <= index <= d.max]
    assert len(found) == 1, f"{ws.title}!{letter}: {len(found)} column definitions"
    return found[0]


def list_items(wb: Any, dv: Any) -> tuple[str, ...]:
    """The items of a list validation whose source is a one-column range on the lists sheet."""
    assert dv.type == "list"
    m = LIST_SOURCE.match(dv.formula1)
    assert m, dv.formula1
    assert m["sheet"] == form.SHEET_LISTS and m["c1"] == m["c2"], dv.formula1
    ws = wb[m["sheet"]]
    return tuple(ws[f"{m['c1']}{r}"].value for r in range(int(m["r1"]), int(m["r2"]) + 1))


def calamine_values(path: Path) -> dict[str, list[list[Any]]]:
    """sheet → rows of cached values (what Protected View, previews and phones show)."""
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def cached(values: dict[str, list[list[Any]]], sheet: str, row: int, col: int) -> Any:
    rows = values[sheet]
    if row >= len(rows) or col >= len(rows[row]):
        return None
    return rows[row][col]


def sheet_texts(ws: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def ref_cell(ref: Ref) -> tuple[str, str]:
    if ref.section == 3:
        assert ref.key is not None
        return form.SHEET_TABLE3, addr(*sec3_cell(ref.key, ref.col))
    return form.SHEET_TABLE4, addr(*sec4_cell(ref.col))


def referenced_cells(formula: str) -> list[tuple[str, str]]:
    """The cells a ``='表三'!$D$5+…`` or ``=SUM('表三'!$D$7:$D$27)`` formula adds up."""
    assert formula.startswith("="), formula
    body = formula[1:]
    m = re.fullmatch(r"SUM\((.*)\)", body)
    if m:
        body = m.group(1)
    out: list[tuple[str, str]] = []
    for term in body.split("+"):
        t = SHEET_REF.fullmatch(term)
        assert t, f"unexpected term {term!r} in {formula!r}"
        span = f"{t['a']}:{t['b']}" if t["b"] else f"{t['a']}:{t['a']}"
        out += [(t["sheet"], c) for c in cells_of(span)]
    return out


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def assert_print(ws: Any, *, orientation: str, title_rows: str | None) -> None:
    assert ws.page_setup.paperSize == 9, f"{ws.title}: not A4"
    assert ws.page_setup.orientation == orientation, ws.title
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ws.page_setup.fitToWidth in (None, 1), ws.title  # one page wide (None = the default 1)
    assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages down as needed
    assert ws.print_title_rows == title_rows, ws.title


def assert_protected(ws: Any) -> None:
    p = ws.protection
    assert p.sheet is True and p.password is None, ws.title
    # what stays allowed on a protected sheet (False = not protected)
    assert (p.insertRows, p.deleteRows, p.sort, p.autoFilter, p.formatColumns) == (False,) * 5, ws.title


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {
        "log": template("log", folder / "log.xlsx", unit=UNIT, year=YEAR),
        "stats": template("stats", folder / "stats.xlsx", unit=UNIT, year=YEAR),
        "log_blank": template("log", folder / "log_blank.xlsx"),
        "stats_blank": template("stats", folder / "stats_blank.xlsx"),
    }


@pytest.fixture(scope="module")
def log_wb(made: dict[str, Path]) -> Any:
    return openpyxl.load_workbook(made["log"])


@pytest.fixture(scope="module")
def stats_wb(made: dict[str, Path]) -> Any:
    return openpyxl.load_workbook(made["stats"])


@pytest.fixture(scope="module")
def stats_cached(made: dict[str, Path]) -> dict[str, list[list[Any]]]:
    return calamine_values(made["stats"])


@pytest.fixture(scope="module")
def workbooks(log_wb: Any, stats_wb: Any) -> dict[str, Any]:
    return {"log": log_wb, "stats": stats_wb}


CHOICE_COLUMNS = [
    pytest.param(sheet, i, c, id=f"{sheet}-{c.name}")
    for sheet, columns in ((form.SHEET_LOG, form.LOG_COLUMNS), (form.SHEET_REVIEW, form.REVIEW_COLUMNS))
    for i, c in enumerate(columns)
    if c.kind == "choice"
]
DATE_COLUMNS = [
    pytest.param(sheet, i, c, id=f"{sheet}-{c.name}")
    for sheet, columns in ((form.SHEET_LOG, form.LOG_COLUMNS), (form.SHEET_REVIEW, form.REVIEW_COLUMNS))
    for i, c in enumerate(columns)
    if c.kind == "date"
]
CASE_SHEETS = [
    pytest.param(form.SHEET_LOG, form.LOG_COLUMNS, id=form.SHEET_LOG),
    pytest.param(form.SHEET_REVIEW, form.REVIEW_COLUMNS, id=form.SHEET_REVIEW),
]


# --- the 台账 --------------------------------------------------------------------------------------


def test_log_sheets_in_order_with_states(log_wb: Any) -> None:
    assert [(ws.title, ws.sheet_state) for ws in log_wb.worksheets] == [
        (form.SHEET_GUIDE, "visible"),
        (form.SHEET_UNIT, "visible"),
        (form.SHEET_LOG, "visible"),
        (form.SHEET_SEC2, "visible"),
        (form.SHEET_REVIEW, "visible"),
        (form.SHEET_LISTS, "hidden"),
        (form.SHEET_STAMP, "veryHidden"),
    ]


@pytest.mark.parametrize(("sheet", "columns"), CASE_SHEETS)
def test_case_sheet_header_and_nothing_else(
    log_wb: Any, sheet: str, columns: tuple[form.LogColumn, ...]
) -> None:
    ws = log_wb[sheet]
    assert [c.value for c in ws[1]] == [c.name for c in columns]
    assert ws.max_row == 1  # below the header only the column styles: no stray cell overrides them
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(columns))}{ws.auto_filter.ref.split(':')[1][1:]}"


@pytest.mark.parametrize(("sheet", "columns"), CASE_SHEETS)
def test_case_sheet_header_comments_are_the_column_notes(
    log_wb: Any, sheet: str, columns: tuple[form.LogColumn, ...]
) -> None:
    ws = log_wb[sheet]
    comments = [ws.cell(1, i + 1).comment for i in range(len(columns))]
    assert [c.text if c else "" for c in comments] == [c.note for c in columns]


@pytest.mark.parametrize(("sheet", "columns"), CASE_SHEETS)
def test_case_sheet_validations_cover_the_prepared_rows(
    log_wb: Any, sheet: str, columns: tuple[form.LogColumn, ...]
) -> None:
    ws = log_wb[sheet]
    spans: dict[str, tuple[int, int]] = {}
    for dv in ws.data_validations.dataValidation:
        (rng,) = dv.sqref.ranges
        assert rng.min_col == rng.max_col, rng.coord
        spans[columns[rng.min_col - 1].name] = (rng.min_row, rng.max_row)
    validated = {c.name for c in columns if c.kind in ("choice", "date", "money")}
    assert set(spans) == validated
    assert {lo for lo, _ in spans.values()} == {2}  # never on the header row
    (last,) = {hi for _, hi in spans.values()}  # every column prepared down to the same row
    assert last >= MIN_PREPARED_ROWS + 1


@pytest.mark.parametrize(("sheet", "index", "column"), CHOICE_COLUMNS)
def test_case_dropdown_lists_are_the_form_choices(
    log_wb: Any, sheet: str, index: int, column: form.LogColumn
) -> None:
    ws = log_wb[sheet]
    dv = validation_at(ws, f"{get_column_letter(index + 1)}2")
    # 办理结果: each official label after its group (test_result_dropdown_shows_each_result_with_its_group)
    assert list_items(log_wb, dv) == (RESULT_CHOICES if column.name == form.LOG_RESULT else column.choices)
    assert dv.showErrorMessage is True and dv.errorStyle in (None, "stop")  # other text is refused
    assert not dv.showDropDown  # (True would hide the arrow)
    m = LIST_SOURCE.match(dv.formula1)
    assert m is not None
    assert log_wb[form.SHEET_LISTS][f"{m['c1']}1"].value == column.name  # each list headed by its column


def test_result_dropdown_shows_each_result_with_its_group(log_wb: Any) -> None:
    """（三）不予公开：1.属于国家秘密 …: a filled cell says which group its leaf is in (three groups
    have a 1., 2. and 3.; （六）'s 3.其他 alone says nothing); （一）and（二）are their own group."""
    ws = log_wb[form.SHEET_LOG]
    names = [c.value for c in ws[1]]
    result = validation_at(ws, f"{get_column_letter(names.index(form.LOG_RESULT) + 1)}2")
    applicant = validation_at(ws, f"{get_column_letter(names.index(form.LOG_APPLICANT_TYPE) + 1)}2")
    items = list_items(log_wb, result)
    expected = []
    for group in form.RESULT_GROUPS:
        for key in group.leaves:
            label = form.SEC3_ROW[key].label
            expected.append(label if key == group.key else f"{group.label}：{label}")
    assert items == tuple(expected)
    assert len(items) == 21 and len(set(items)) == 21
    assert "（三）不予公开：1.属于国家秘密" in items and "（六）其他处理：3.其他" in items
    assert items[:2] == form.RESULT_LABELS[:2]
    assert len(",".join(items)) > 255  # too long for an inline list: the hidden sheet's range holds it
    assert list_items(log_wb, applicant) == form.APPLICANT_TYPES


@pytest.mark.parametrize(("sheet", "index", "column"), DATE_COLUMNS)
def test_case_date_columns_have_date_validation(
    log_wb: Any, sheet: str, index: int, column: form.LogColumn
) -> None:
    ws = log_wb[sheet]
    letter = get_column_letter(index + 1)
    dv = validation_at(ws, f"{letter}2")
    assert dv.type == "date" and dv.operator in (None, "between")
    assert from_excel(float(dv.formula1)) <= datetime(2019, 1, 1)
    assert from_excel(float(dv.formula2)) >= datetime(2030, 12, 31)
    assert dv.showErrorMessage is True
    assert "yy" in column_style(ws, letter).number_format  # typed dates show as dates


def test_fee_column_accepts_non_negative_numbers(log_wb: Any) -> None:
    ws = log_wb[form.SHEET_LOG]
    index = [c.name for c in form.LOG_COLUMNS].index(form.LOG_FEE)
    dv = validation_at(ws, f"{get_column_letter(index + 1)}2")
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")


@pytest.mark.parametrize(("sheet", "columns"), CASE_SHEETS)
def test_case_sheet_protects_the_header_only(
    log_wb: Any, sheet: str, columns: tuple[form.LogColumn, ...]
) -> None:
    ws = log_wb[sheet]
    assert_protected(ws)
    for i in range(len(columns)):
        letter = get_column_letter(i + 1)
        assert ws[f"{letter}1"].protection.locked is True, f"{letter}1"
        # unwritten data cells take the column's style: it must be unlocked
        assert column_style(ws, letter).protection.locked is False, letter


@pytest.mark.parametrize(("sheet", "columns"), CASE_SHEETS)
def test_case_sheet_widths_and_print_settings(
    log_wb: Any, sheet: str, columns: tuple[form.LogColumn, ...]
) -> None:
    ws = log_wb[sheet]
    for i, column in enumerate(columns):
        width = column_style(ws, get_column_letter(i + 1)).width
        assert abs(width - column.width) < 1, (column.name, width)
    assert_print(ws, orientation="landscape", title_rows="$1:$1")


def test_guide_explains_every_result_and_applicant_type(log_wb: Any) -> None:
    rows = sheet_texts(log_wb[form.SHEET_GUIDE])
    result_rows = [r for r in rows if r[1] in RESULT_CHOICES]
    assert result_rows == [
        (group.short, grouped_result(key), form.SEC3_ROW[key].explain)
        for group in form.RESULT_GROUPS
        for key in group.leaves
    ]
    assert all(form.SEC3_ROW[key].explain for key in form.RESULT_KEYS)
    type_rows = [r for r in rows if r[1] in form.APPLICANT_TYPES]
    assert type_rows == [(None, t, form.APPLICANT_TYPE_NOTES[t]) for t in form.APPLICANT_TYPES]
    assert_protected(log_wb[form.SHEET_GUIDE])
    assert_print(log_wb[form.SHEET_GUIDE], orientation="portrait", title_rows=None)


@pytest.mark.parametrize("kind", ["log", "stats"])
def test_unit_sheet(workbooks: dict[str, Any], kind: str) -> None:
    wb = workbooks[kind]
    ws = wb[form.SHEET_UNIT]
    fields = [f for f in form.UNIT_FIELDS if kind == "stats" or f.in_log]
    assert [ws.cell(r, 1).value for r in range(3, 3 + len(fields))] == [f.label for f in fields]
    assert ws.cell(3 + len(fields), 1).value is None
    assert [ws.cell(r, 3).value for r in range(3, 3 + len(fields))] == [f.note for f in fields]
    values = {f.label: ws.cell(3 + i, 2).value for i, f in enumerate(fields)}
    assert values[form.UNIT_NAME] == UNIT
    assert values[form.UNIT_YEAR] == YEAR
    if kind == "stats":
        assert values[form.UNIT_SCOPE] == form.SCOPE_OWN
    year = validation_at(ws, f"B{3 + [f.label for f in fields].index(form.UNIT_YEAR)}")
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", None, "2019", "2099")
    for i, field in enumerate(fields):
        if field.choices:
            assert list_items(wb, validation_at(ws, f"B{3 + i}")) == field.choices, field.label
        assert ws.cell(3 + i, 2).protection.locked is False, field.label
        assert ws.cell(3 + i, 1).protection.locked is True, field.label
    assert len(ws.data_validations.dataValidation) == 1 + sum(1 for f in fields if f.choices)
    assert_protected(ws)
    assert_print(ws, orientation="portrait", title_rows=None)


@pytest.mark.parametrize(("kind", "template_id"), [("log", "xxgk-log"), ("stats", "xxgk-stats")])
def test_version_stamp(workbooks: dict[str, Any], kind: str, template_id: str) -> None:
    ws = workbooks[kind][form.SHEET_STAMP]
    assert ws.sheet_state == "veryHidden"
    assert sheet_texts(ws) == [
        ("template", template_id),
        ("version", TEMPLATE_KINDS[kind][1]),
        ("form", form.FORM_NAME),
    ]
    assert TEMPLATE_KINDS[kind][1] >= 1


@pytest.mark.parametrize(("kind", "sheet"), [("log", form.SHEET_SEC2), ("stats", form.SHEET_TABLE2)])
def test_sec2_sheet_layout_inputs_and_validation(workbooks: dict[str, Any], kind: str, sheet: str) -> None:
    ws = workbooks[kind][sheet]
    assert ws["A1"].value == form.SECTION_HEADINGS[1]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:D1" in merged
    inputs: set[str] = set()
    r = 2
    for table in form.SEC2_TABLES:
        assert ws[f"A{r}"].value == table.header and f"A{r}:D{r}" in merged, table.header
        header = [ws.cell(r + 1, c).value for c in range(1, 5)]
        if table.width == 1:
            assert header == [form.SEC2_CONTENT_LABEL, table.columns[0], None, None]
            assert f"B{r + 1}:D{r + 1}" in merged
        else:
            assert header == [form.SEC2_CONTENT_LABEL, *table.columns]
        for i, row in enumerate(table.rows, start=r + 2):
            assert ws[f"A{i}"].value == row
            assert ws[f"A{i}"].protection.locked is True
            if table.width == 1:
                assert f"B{i}:D{i}" in merged
            for c in range(table.width):
                coord = f"{get_column_letter(2 + c)}{i}"
                inputs.add(coord)
                cell = ws[coord]
                assert number(cell.value) and cell.value == 0, coord
                assert cell.protection.locked is False, coord
                dv = validation_at(ws, coord)
                expected_type = "decimal" if table.kind == "fee" else "whole"
                assert (dv.type, dv.operator, dv.formula1) == (expected_type, "greaterThanOrEqual", "0"), (
                    coord
                )
        r += 2 + len(table.rows)
    assert ws.max_row == r - 1
    assert validated_cells(ws) == inputs
    assert len(inputs) == sum(t.width * len(t.rows) for t in form.SEC2_TABLES)
    assert_protected(ws)
    assert_print(ws, orientation="portrait", title_rows=None)


def test_lists_sheet_holds_only_the_dropdown_lists(log_wb: Any) -> None:
    ws = log_wb[form.SHEET_LISTS]
    heads = [c.value for c in ws[1]]
    expected = {c.name: c.choices for c in (*form.LOG_COLUMNS, *form.REVIEW_COLUMNS) if c.choices}
    expected[form.LOG_RESULT] = RESULT_CHOICES  # the official labels after their groups
    expected |= {f.label: f.choices for f in form.UNIT_FIELDS if f.choices and f.in_log}
    assert heads == list(expected)
    for col, head in enumerate(heads, start=1):
        items = [ws.cell(r, col).value for r in range(2, ws.max_row + 1)]
        assert tuple(v for v in items if v is not None) == expected[head]
        assert items[len(expected[head]) :] == [None] * (len(items) - len(expected[head]))


# --- the 统计表 ------------------------------------------------------------------------------------


def test_stats_sheets_in_order_with_states(stats_wb: Any) -> None:
    assert [(ws.title, ws.sheet_state) for ws in stats_wb.worksheets] == [
        (form.SHEET_GUIDE, "visible"),
        (form.SHEET_UNIT, "visible"),
        (form.SHEET_TABLE2, "visible"),
        (form.SHEET_TABLE3, "visible"),
        (form.SHEET_TABLE4, "visible"),
        (form.SHEET_CHECKS, "visible"),
        (form.SHEET_LISTS, "hidden"),
        (form.SHEET_STAMP, "veryHidden"),
    ]


def sec3_row(key: str) -> int:
    """1-based worksheet row of a section 三 key."""
    return sec3_cell(key, 0)[0] + 1


def sec3_col(col: int) -> str:
    return get_column_letter(sec3_cell(form.SEC3_KEYS[0], col)[1] + 1)


def expected_sec3_merges() -> set[str]:
    first, last = sec3_col(0), sec3_col(form.TOTAL_COL)
    header_top = sec3_row(form.SEC3_KEYS[0]) - 3
    merges = {
        f"A{header_top - 1}:{last}{header_top - 1}",  # the section heading
        f"A{header_top}:C{header_top + 2}",  # the 勾稽 note
        f"{first}{header_top}:{last}{header_top}",  # 申请人情况
        f"{first}{header_top + 1}:{first}{header_top + 2}",  # 自然人
        f"{sec3_col(1)}{header_top + 1}:{sec3_col(form.TOTAL_COL - 1)}{header_top + 1}",  # 法人或其他组织
        f"{last}{header_top + 1}:{last}{header_top + 2}",  # 总计
        f"A{sec3_row(form.RESULT_KEYS[0])}:A{sec3_row(form.RESULTS_TOTAL_KEY)}",  # 三、本年度办理结果
    }
    for key in (form.RECEIVED_KEY, form.CARRIED_IN_KEY, form.CARRIED_OUT_KEY):
        merges.add(f"A{sec3_row(key)}:C{sec3_row(key)}")
    merges.add(f"B{sec3_row(form.RESULTS_TOTAL_KEY)}:C{sec3_row(form.RESULTS_TOTAL_KEY)}")
    for group in form.RESULT_GROUPS:
        if group.has_group_cell:
            merges.add(f"B{sec3_row(group.leaves[0])}:B{sec3_row(group.leaves[-1])}")
        else:
            merges.add(f"B{sec3_row(group.key)}:C{sec3_row(group.key)}")
    return merges


def test_table3_merged_header_layout(stats_wb: Any) -> None:
    merged = {str(r) for r in stats_wb[form.SHEET_TABLE3].merged_cells.ranges}
    assert merged == expected_sec3_merges()
    # the official layout, spelled out once as an anchor
    assert {
        "A2:C4",
        "D2:J2",
        "D3:D4",
        "E3:I3",
        "J3:J4",
        "A7:A28",
        "B9:B16",
        "B17:B19",
        "B20:B24",
        "B25:B27",
    } <= merged


def test_table3_labels(stats_wb: Any) -> None:
    ws = stats_wb[form.SHEET_TABLE3]
    header_top = sec3_row(form.SEC3_KEYS[0]) - 3
    assert ws["A1"].value == form.SECTION_HEADINGS[2]
    assert ws[f"A{header_top}"].value == form.SEC3_NOTE
    assert ws[f"{sec3_col(0)}{header_top}"].value == form.SEC3_APPLICANT_HEAD
    assert ws[f"{sec3_col(0)}{header_top + 1}"].value == form.APPLICANT_TYPES[0]
    assert ws[f"{sec3_col(1)}{header_top + 1}"].value == form.SEC3_LEGAL_PERSON_GROUP
    assert [ws[f"{sec3_col(c)}{header_top + 2}"].value for c in range(1, form.TOTAL_COL)] == list(
        form.LEGAL_PERSON_TYPES
    )
    assert ws[f"{sec3_col(form.TOTAL_COL)}{header_top + 1}"].value == form.SEC3_TOTAL_COLUMN
    assert ws[f"A{sec3_row(form.RESULT_KEYS[0])}"].value == form.SEC3_RESULTS_HEAD
    for group in form.RESULT_GROUPS:
        if group.has_group_cell:
            assert ws[f"B{sec3_row(group.leaves[0])}"].value == group.label
    for row in form.SEC3_ROWS:
        r = sec3_row(row.key)
        labels = (ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"C{r}"].value)
        if row.kind in ("received", "carried_in", "carried_out"):
            assert labels == (row.label, None, None), row.key
        elif row.kind == "total" or not form.RESULT_GROUP[row.group or ""].has_group_cell:
            assert labels[1:] == (row.label, None), row.key
        else:
            assert labels[2] == row.label, row.key
        for c in "ABC":
            assert ws[f"{c}{r}"].protection.locked is True


def test_table3_numbers_formulas_and_cached_values(stats_wb: Any, stats_cached: dict[str, Any]) -> None:
    ws = stats_wb[form.SHEET_TABLE3]
    expected = Table().with_totals()
    first, before_total = sec3_col(0), sec3_col(form.TOTAL_COL - 1)
    top, bottom = sec3_row(form.RESULT_KEYS[0]), sec3_row(form.RESULT_KEYS[-1])
    assert [sec3_row(k) for k in form.RESULT_KEYS] == list(range(top, bottom + 1))
    leaves: set[str] = set()
    for row in form.SEC3_ROWS:
        r = sec3_row(row.key)
        for c in range(len(form.SEC3_COLUMNS)):
            coord = f"{sec3_col(c)}{r}"
            cell = ws[coord]
            value = cached(stats_cached, form.SHEET_TABLE3, *sec3_cell(row.key, c))
            assert value == expected.sec3[row.key][c], coord
            if c == form.TOTAL_COL:
                assert cell.value == f"=SUM({first}{r}:{before_total}{r})", coord
            elif row.kind == "total":
                assert cell.value == f"=SUM({sec3_col(c)}{top}:{sec3_col(c)}{bottom})", coord
            else:
                leaves.add(coord)
                assert number(cell.value) and cell.value == 0, coord
                assert cell.protection.locked is False, coord
                dv = validation_at(ws, coord)
                assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), coord
                continue
            assert cell.protection.locked is True, coord
    assert validated_cells(ws) == leaves
    assert len(leaves) == (len(form.SEC3_ROWS) - 1) * form.TOTAL_COL
    # the example of the brief, literally
    assert ws["J17"].value == "=SUM(D17:I17)" and stats_cached[form.SHEET_TABLE3][16][9] == 0
    assert ws["D28"].value == "=SUM(D7:D27)"


def test_table3_print_and_protection(stats_wb: Any) -> None:
    ws = stats_wb[form.SHEET_TABLE3]
    header_top = sec3_row(form.SEC3_KEYS[0]) - 3
    assert_protected(ws)
    assert_print(ws, orientation="portrait", title_rows=f"${header_top}:${header_top + 2}")
    assert ws.freeze_panes == f"{sec3_col(0)}{sec3_row(form.SEC3_KEYS[0])}"


def test_table4_layout_formulas_and_inputs(stats_wb: Any, stats_cached: dict[str, Any]) -> None:
    ws = stats_wb[form.SHEET_TABLE4]
    assert ws["A1"].value == form.SECTION_HEADINGS[3]
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "A1:O1",
        "A2:E2",
        "F2:O2",
        "A3:A4",
        "B3:B4",
        "C3:C4",
        "D3:D4",
        "E3:E4",
        "F3:J3",
        "K3:O3",
    }
    assert (ws["A2"].value, ws["F2"].value) == (form.SEC4_REVIEW, form.SEC4_LITIGATION)
    assert [ws.cell(3, c).value for c in range(1, 6)] == list(form.SEC4_BLOCK_COLUMNS)
    assert (ws["F3"].value, ws["K3"].value) == form.SEC4_BLOCKS[1:]
    assert [ws.cell(4, c).value for c in range(6, 16)] == list(form.SEC4_BLOCK_COLUMNS) * 2
    leaves = set()
    for i in range(form.SEC4_WIDTH):
        r, c = sec4_cell(i)
        coord = addr(r, c)
        cell = ws[coord]
        assert cached(stats_cached, form.SHEET_TABLE4, r, c) == 0, coord
        if i in form.SEC4_TOTAL_INDEXES:
            assert cell.value == f"=SUM({addr(r, c - 4)}:{addr(r, c - 1)})", coord
            assert cell.protection.locked is True, coord
        else:
            leaves.add(coord)
            assert number(cell.value) and cell.value == 0, coord
            assert cell.protection.locked is False, coord
            dv = validation_at(ws, coord)
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), coord
    assert [addr(*sec4_cell(i)) for i in form.SEC4_TOTAL_INDEXES] == ["E5", "J5", "O5"]
    assert validated_cells(ws) == leaves
    assert_protected(ws)
    assert_print(ws, orientation="landscape", title_rows=None)


def test_checks_sheet_one_formula_row_per_identity(stats_wb: Any, stats_cached: dict[str, Any]) -> None:
    ws = stats_wb[form.SHEET_CHECKS]
    rows = check_rows()
    assert list(rows.values()) == list(identities())
    assert sorted(rows) == list(range(min(rows), min(rows) + len(rows)))
    assert {item.rule for item in rows.values()} == {"R1", "R2", "R3", "R4"}
    first, last = min(rows) + 1, max(rows) + 1
    assert ws.max_row == last
    for r0, item in rows.items():
        r = r0 + 1
        assert (ws[f"A{r}"].value, ws[f"B{r}"].value) == (item.rule, item.title)
        assert sorted(referenced_cells(ws[f"C{r}"].value)) == sorted(ref_cell(x) for x in item.left), r
        assert sorted(referenced_cells(ws[f"D{r}"].value)) == sorted(ref_cell(x) for x in item.right), r
        assert ws[f"E{r}"].value == f'=IF(C{r}=D{r},"{form.PASS}","{form.FAIL}")'
        assert [cached(stats_cached, form.SHEET_CHECKS, r0, c) for c in (2, 3, 4)] == [0, 0, form.PASS], r
    conclusion = ws["B2"].value
    assert conclusion.startswith("=IF(") and f'COUNTIF(E{first}:E{last},"{form.FAIL}")' in conclusion
    assert cached(stats_cached, form.SHEET_CHECKS, 1, 1) == f"全部{form.PASS}"
    assert_protected(ws)
    assert_print(ws, orientation="portrait", title_rows=f"${first - 1}:${first - 1}")


def filled_table(*, consistent: bool) -> Table:
    """Distinct non-zero leaves; ``consistent`` makes R3 hold (一 + 二 = 三.七 + 四) in every column."""
    table = Table(unit=UNIT, year=YEAR)
    for i, key in enumerate(form.SEC3_KEYS):
        if key != form.RESULTS_TOTAL_KEY:
            table.sec3[key][: form.TOTAL_COL] = [(i * 7 + c * 3) % 11 + 1 for c in range(form.TOTAL_COL)]
    if consistent:
        for c in range(form.TOTAL_COL):
            results = sum(table.sec3[k][c] for k in form.RESULT_KEYS)  # type: ignore[misc]
            table.sec3[form.RECEIVED_KEY][c] = results + table.sec3[form.CARRIED_OUT_KEY][c] - 1  # type: ignore[operator]
            table.sec3[form.CARRIED_IN_KEY][c] = 1
    table.sec4 = [i + 1 for i in range(form.SEC4_WIDTH)]
    return table


@pytest.mark.parametrize("consistent", [True, False], ids=["consistent", "inconsistent"])
def test_filled_workbook_caches_the_computed_values(tmp_path: Path, consistent: bool) -> None:
    table = filled_table(consistent=consistent)
    path = write_stats_workbook(table, tmp_path / "filled.xlsx")
    values = calamine_values(path)
    computed = table.with_totals()
    for key in form.SEC3_KEYS:
        got = [cached(values, form.SHEET_TABLE3, *sec3_cell(key, c)) for c in range(len(form.SEC3_COLUMNS))]
        assert got == computed.sec3[key], key
    assert [cached(values, form.SHEET_TABLE4, *sec4_cell(i)) for i in range(form.SEC4_WIDTH)] == computed.sec4
    outcomes = []
    for r0, item in check_rows().items():
        left = sum(ref.value(computed) for ref in item.left)  # type: ignore[misc]
        right = sum(ref.value(computed) for ref in item.right)  # type: ignore[misc]
        ok = form.PASS if left == right else form.FAIL
        assert [cached(values, form.SHEET_CHECKS, r0, c) for c in (2, 3, 4)] == [left, right, ok], item.title
        outcomes.append(ok)
    assert (form.FAIL in outcomes) is not consistent
    fails = outcomes.count(form.FAIL)
    assert cached(values, form.SHEET_CHECKS, 1, 1) == (
        f"有{fails}项{form.FAIL}" if fails else f"全部{form.PASS}"
    )


def test_inconsistent_leaf_fails_exactly_r3_for_its_column_and_total(tmp_path: Path, stats_wb: Any) -> None:
    table = Table()
    table.sec3[form.CARRIED_OUT_KEY][0] = 5  # 四、结转下年度 自然人 without any case received
    path = write_stats_workbook(table, tmp_path / "bad.xlsx")
    values = calamine_values(path)
    results = {r0: cached(values, form.SHEET_CHECKS, r0, 4) for r0 in check_rows()}
    failing = {r0 for r0, v in results.items() if v == form.FAIL}
    expected = {
        r0
        for r0, item in check_rows().items()
        if item.rule == "R3" and item.left[0].col in (0, form.TOTAL_COL)
    }
    assert len(expected) == 2
    assert failing == expected
    assert set(results.values()) == {form.PASS, form.FAIL}
    for r0 in expected:
        assert [cached(values, form.SHEET_CHECKS, r0, c) for c in (2, 3)] == [0, 5]
    assert cached(values, form.SHEET_CHECKS, 1, 1) == f"有2项{form.FAIL}"
    # the same live formula as in the blank template: only its cached result differs
    assert (
        openpyxl.load_workbook(path)[form.SHEET_CHECKS]["B2"].value == stats_wb[form.SHEET_CHECKS]["B2"].value
    )


@pytest.mark.parametrize(
    ("sheet", "orientation"),
    [(form.SHEET_UNIT, "portrait"), (form.SHEET_TABLE2, "portrait"), (form.SHEET_TABLE4, "landscape")],
)
def test_stats_print_settings(stats_wb: Any, sheet: str, orientation: str) -> None:
    assert_print(stats_wb[sheet], orientation=orientation, title_rows=None)


@pytest.mark.parametrize(
    "kind",
    ["log", "stats"],
)
def test_every_visible_sheet_is_print_ready(workbooks: dict[str, Any], kind: str) -> None:
    visible = [ws for ws in workbooks[kind].worksheets if ws.sheet_state == "visible"]
    not_a4 = [ws.title for ws in visible if ws.page_setup.paperSize != 9]
    not_fitted = [ws.title for ws in visible if not ws.sheet_properties.pageSetUpPr.fitToPage]
    assert (not_a4, not_fitted) == ([], [])


def test_stats_guide_is_protected(stats_wb: Any) -> None:
    assert_protected(stats_wb[form.SHEET_GUIDE])


# --- determinism and the committed templates --------------------------------------------------------


@pytest.mark.parametrize("kind", ["log", "stats"])
@pytest.mark.parametrize("named", [False, True], ids=["blank", "named"])
def test_generation_is_byte_for_byte_repeatable(tmp_path: Path, kind: str, named: bool) -> None:
    options: dict[str, Any] = {"unit": UNIT, "year": YEAR} if named else {}
    first = template(kind, tmp_path / "a.xlsx", **options)
    second = template(kind, tmp_path / "b.xlsx", **options)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("kind", ["log", "stats"])
def test_committed_templates_equal_generated(tmp_path: Path, kind: str) -> None:
    committed = WORKBOOKS / DEFAULT_NAMES[kind]
    assert committed.is_file(), f"missing {committed}; run: python -m toolkit.write.templates workbooks"
    fresh = template(kind, tmp_path / DEFAULT_NAMES[kind])
    diff = content_diff(workbook_content(committed), workbook_content(fresh))
    hint = "python -m toolkit.write.templates workbooks"
    assert diff == [], f"{committed.name} is out of date ({hint}): {diff[:10]}"
    assert committed.read_bytes() == fresh.read_bytes(), "same content, different bytes"


def test_content_comparison_sees_a_changed_cell(made: dict[str, Path]) -> None:
    """The content structure is fine-grained enough to tell a named 台账 from the blank one."""
    diff = content_diff(workbook_content(made["log_blank"]), workbook_content(made["log"]))
    assert diff == [
        f"sheets/{form.SHEET_UNIT}/cells/B3/value: None != {UNIT!r}",
        f"sheets/{form.SHEET_UNIT}/cells/B4/value: None != {YEAR!r}",
    ]


# --- the library entry point and the CLI --------------------------------------------------------------

runner = CliRunner()


def run_xxgk(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the console script ``xxgk`` (toolkit.cli:main) in-process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["xxgk", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out.out, out.err


@pytest.mark.parametrize("kind", ["log", "stats"])
@pytest.mark.parametrize("named", [False, True], ids=["blank", "named"])
def test_cli_output_folder_uses_the_default_name(tmp_path: Path, kind: str, named: bool) -> None:
    options = ["--unit", UNIT, "--year", str(YEAR)] if named else []
    result = runner.invoke(cli.app, ["template", kind, "-o", str(tmp_path), *options])
    assert result.exit_code == 0, result.output
    name = default_name(kind, UNIT, YEAR) if named else default_name(kind)
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert str(tmp_path / name) in result.output
    if not named:
        assert name == DEFAULT_NAMES[kind]


@pytest.mark.parametrize("kind", ["log", "stats"])
def test_cli_writes_what_the_library_writes(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "cli.xlsx"
    result = runner.invoke(cli.app, ["template", kind, "-o", str(out), "--unit", UNIT, "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    library = template(kind, tmp_path / "lib.xlsx", unit=UNIT, year=YEAR)
    assert out.read_bytes() == library.read_bytes()


def test_cli_without_output_writes_into_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli.app, ["template", "stats"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [DEFAULT_NAMES["stats"]]


@pytest.mark.parametrize("year", ["1999", "24", "2100"])
def test_cli_bad_year_exits_2_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    code, out, err = run_xxgk(
        monkeypatch, capsys, "template", "log", "-o", str(tmp_path / "t.xlsx"), "--year", year
    )
    assert code == 2
    assert CJK.search(err) and year in err and "Traceback" not in err
    assert out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("year", ["二〇二四", "24", "2024.5", "abcd"])
def test_cli_non_numeric_year_exits_2_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    code, _, err = run_xxgk(
        monkeypatch, capsys, "template", "log", "-o", str(tmp_path / "t.xlsx"), "--year", year
    )
    assert code == 2
    assert list(tmp_path.iterdir()) == []
    assert CJK.search(err.replace(year, "")), err


@pytest.mark.parametrize("year", ["2024", "２０２４", "2024年"])
def test_cli_year_accepts_full_width_digits_and_nian(tmp_path: Path, year: str) -> None:
    from typer.testing import CliRunner

    from toolkit.cli import app

    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["template", "stats", "-o", str(out), "--year", year])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out)["单位信息"]["B4"].value == 2024


@pytest.mark.parametrize("name", ["台账.xls", "台账.csv", "台账"])
def test_cli_output_must_end_in_xlsx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = run_xxgk(monkeypatch, capsys, "template", "log", "-o", str(tmp_path / name))
    assert code == 2
    assert CJK.search(err) and ".xlsx" in err and "Traceback" not in err
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_cli_success_through_the_console_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_xxgk(monkeypatch, capsys, "template", "stats", "-o", str(tmp_path))
    assert (code, err) == (0, "")
    assert (tmp_path / DEFAULT_NAMES["stats"]).is_file() and DEFAULT_NAMES["stats"] in out


@pytest.mark.parametrize("kind", ["report", "LOG", ""])
def test_library_rejects_unknown_kind(tmp_path: Path, kind: str) -> None:
    if kind == "report" and "report" in DEFAULT_NAMES:
        pytest.skip("the report template exists now")
    with pytest.raises(UsageError):
        template(kind, tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("year", [2019, 2099])
def test_library_accepts_the_boundary_years(tmp_path: Path, year: int) -> None:
    path = template("log", tmp_path / "x.xlsx", year=year)
    assert openpyxl.load_workbook(path)[form.SHEET_UNIT]["B4"].value == year


def test_cli_version() -> None:
    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"xxgk {__version__}"


@pytest.mark.parametrize(("kind", "command"), [("log", cli.template_log), ("stats", cli.template_stats)])
def test_cli_template_help_is_chinese(kind: str, command: Any) -> None:
    result = runner.invoke(cli.app, ["template", kind, "--help"])
    assert result.exit_code == 0
    assert command.__doc__.strip() in result.output
    for option in ("--output", "--unit", "--year"):
        line = next(x for x in result.output.splitlines() if option in x)
        assert CJK.search(line), line
    group = runner.invoke(cli.app, ["template", "--help"])
    assert group.exit_code == 0 and CJK.search(group.output)
    assert kind in group.output
