"""Read a 统计表 workbook in any layout: ours, a unit's own Excel copy of the official tables,
a Word table pasted into Excel, a 2019 trial-format table or a hybrid.

Nothing is assumed about positions. The reader

1. reads every visible sheet once with python-calamine (values and merged ranges) into a plain
   ``Grid`` (toolkit.read.stats_grid); a table found on no visible sheet is looked for on the hidden
   ones (never veryHidden ones, nor our own lists and stamp), with a note saying so;
2. finds the section 三 row labels anywhere, after ``form.normalize_label`` (line breaks, spaces,
   full/half-width brackets, （3） for （三）, 1、 for 1., traditional characters) and with the leaf
   numbering variants of ``form.sec3_row_by_label`` (（1）…, ①…, 1 …, no number), in the official
   row order (rows not recognised in between do not cut off the rows after them), and the seven
   column headers in the band of rows just above the first row label;
   when the headers are incomplete it takes the first seven columns right of the labels that hold
   any value (so an inserted empty column is skipped) (toolkit.read.stats_locate);
3. does the same for section 二 (the two document rows with three values under their column headers,
   the single-value rows under theirs or else the first filled cell right of the label, merged
   value cells included) and section 四 (the row of 15 numbers under the review/litigation headers,
   block by block) (toolkit.read.stats_sections);
4. tells the 2021 layout from the 2019 trial format and hybrids (R19, here), reports labels that
   are official only after normalisation (R20, toolkit.read.stats_labels; not for a section in the
   2019 format: R19 covers it), and parses every number cell (R5/R6/R7,
   toolkit.read.stats_numbers).

A **partial** 统计表 is read too: 表二 alone, 表二 and the first rows of 表三, 表四 alone, 表三 cut
short (a web page truncated, a unit that sent one table). ``looks_like_stats`` accepts any one of
the official tables (``official_tables``); ``StatsRead.found`` names the tables read and a note
says what was read and what is missing; cells not found stay None, so the rules check what was
read and skip (with a note) the identities that need a missing cell.

**The 2019 trial format** is read, never converted: its 表二 into ``StatsRead.sec2_2019`` under its
own rows and columns (toolkit.form2019; ``cells_2019`` says where), the 2021 ``table.sec2`` left
blank; its single （六） group row (also in hybrids) into ``StatsRead.groups`` as the 三.六 group
total, which R1–R3 use in place of the three leaves (``check_table(groups=...)``). R19 knows the
year (单位信息's 统计年度, or a title with the year before or after the unit): for years up to 2020
the 2019 format is right (a note, no finding and no advice to redo it).

When the visible sheets hold more than one set of the tables (last year's pasted beside this
year's, a sheet per year, a copied sheet), the one of the report's year is read and the others
are named in a note, or the file is refused (``ambiguous_tables``): toolkit.read.stats_tables.

``read_grids`` is the reader without the workbook: grids in, the tables out. Every official label
is taken from ``toolkit.form``; none is spelled here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from toolkit import form, form2019
from toolkit.findings import Finding
from toolkit.form import STAMP_TEMPLATE, TEMPLATE_KINDS
from toolkit.read.cells import compact_text, is_blank, normalize_text, snippet
from toolkit.read.levels import level_from_cell
from toolkit.read.stats_grid import Grid, Sheets
from toolkit.read.stats_labels import group_drift
from toolkit.read.stats_locate import (
    SEC2_HEADER_BAND,
    Marker,
    find_rows,
    is_sec3,
    locate_sec4,
    sec3_index,
)
from toolkit.read.stats_numbers import T2, T3, T4, CellKey, NumberCells
from toolkit.read.stats_sections import Reading, Sec3Found, first_rows, read_sec2, read_sec3, read_sec4
from toolkit.read.stats_tables import candidates, choose, file_year
from toolkit.table import Table, UnitInfo

__all__ = ["CellKey", "StatsRead", "looks_like_stats", "read_grids", "read_stats", "read_unit_sheet"]

OUR_TEMPLATE = TEMPLATE_KINDS["stats"][0]
FORM_2019 = form2019.FORM_2019
MAX_ROWS_READ = 10_000  # a 统计表 has well under 200 rows; a bigger sheet is read this far
MAX_ROWS_SNIFF = 400  # looks_like_stats looks at this many rows of each sheet
MAX_ROWS_UNIT = 200  # rows of 单位信息 read
_NEW_FORM_HINT = (
    f"{form.FORM_NAME}规定的格式自 2021 年度年报起使用，请按新格式重新填写"
    "（可用 xxgk template stats 生成标准统计表）"
)


# ---------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------
@dataclass
class StatsRead:
    path: str
    table: Table
    cells: dict[CellKey, tuple[str, str]]
    info: UnitInfo
    ours: bool
    layout: str  # "2021" | "2019" | "hybrid" | "unknown"
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: result groups printed as one row (the single （六） group of 2019 and hybrids): group key →
    #: that row's values, the group total (its leaves stay None in ``table``); their cells are in
    #: ``cells`` under ("sec3", group key, column)
    groups: dict[str, list[Any]] = field(default_factory=dict)
    #: a 2019 trial-format 表二, under its own rows and columns (toolkit.form2019): row key → values;
    #: never converted into ``table.sec2`` (whose 2021 columns mean something else)
    sec2_2019: dict[str, list[Any]] = field(default_factory=dict)
    cells_2019: dict[CellKey, tuple[str, str]] = field(default_factory=dict)
    #: the tables found (表二, 表三, 表四) and whether the set is incomplete (a table, or rows of
    #: 表三, missing): a partial 统计表 is read and checked as far as it goes, with a note
    found: list[str] = field(default_factory=list)
    partial: bool = False


# ---------------------------------------------------------------------------------------
# The public functions
# ---------------------------------------------------------------------------------------
def read_stats(
    book: CalamineWorkbook, path: str, *, exclude: Collection[str] = (), year: int | None = None
) -> StatsRead:
    """Read the three official tables from an open workbook (see the module docstring).
    ``exclude``: sheets not to look at (a 台账's own sheets, when its workbook also holds the
    official tables); ``year``: the report's year when the caller knows it (``aggregate --year``),
    which chooses between several tables before the 统计年度 and the file name do."""
    ours = _stamp(book) == OUR_TEMPLATE
    notes: list[str] = []
    visible = list(_grids(book, MAX_ROWS_READ, notes, exclude=exclude))
    _warn_long(visible, notes)

    def hidden() -> list[Grid]:
        grids = list(_grids(book, MAX_ROWS_READ, notes, HIDDEN, exclude=exclude))
        _warn_long(grids, notes)
        return grids

    skipped = [
        name
        for name, state in _sheets(book)
        if state != VISIBLE and name not in _OWN_HIDDEN and name not in exclude
    ]
    unit = _unit_grid(book, notes)
    return read_grids(Sheets(visible, hidden, skipped), path, ours=ours, unit=unit, notes=notes, year=year)


def read_unit_sheet(book: CalamineWorkbook, notes: list[str]) -> UnitInfo | None:
    """The workbook's 单位信息 sheet (a 统计表's or a 台账's: the same labels), or None without one."""
    grid = _unit_grid(book, notes)
    return _unit_info(grid, notes) if grid is not None else None


def looks_like_stats(book: CalamineWorkbook, *, exclude: Collection[str] = ()) -> bool:
    """Cheap test: our 统计表 stamp, or — in a visible sheet, or else a hidden (not veryHidden)
    one, ``exclude`` left out — one of the official tables: section 三 row labels (in order, with
    一/二/四), or the first rows of section 三 (一 or 二) under its column headers, or a section 二
    under its sub-table headers (2021 or 2019 trial format), or the section 四 headers. A partial
    统计表 (a web page cut short, a unit that sent one table) is a 统计表."""
    stamp = _stamp(book)
    if stamp == OUR_TEMPLATE:
        return True
    if stamp is not None and not exclude:  # another template of ours (a 台账): only its other sheets
        return False
    return any(
        official_tables(grid)
        for state in (VISIBLE, HIDDEN)
        for grid in _grids(book, MAX_ROWS_SNIFF, None, state, exclude=exclude)
    )


def official_tables(grid: Grid) -> list[str]:
    """The official tables (表二, 表三, 表四) recognisable on ``grid``, whole or in part."""
    found = []
    if _sec2_on(grid):
        found.append(T2)
    if is_sec3(find_rows(grid, sec3_index(), form.SEC3_KEYS)) or first_rows(grid) is not None:
        found.append(T3)
    if locate_sec4([grid]) is not None:
        found.append(T4)
    return found


def _sec2_on(grid: Grid) -> bool:
    """A section 二 on ``grid``: two of its rows with a sub-table header (第二十条第（…）项) or the
    document columns just above them, or two different 2019 trial-format column labels."""
    markers = {m for m in form.LAYOUT_2019_MARKERS if grid.find(m)}
    if len(markers) >= 2:
        return True
    rows = find_rows(grid, form.sec2_key_by_label(), form.SEC2_KEYS)
    if len(rows) < 2:
        return False
    first = min(lab.row for lab in rows.values())
    band = range(max(0, first - SEC2_HEADER_BAND), first)
    heads = (*(t.header for t in form.SEC2_TABLES), *form.SEC2_TABLES[0].columns)
    return any(grid.find(h, band) for h in heads)


def read_grids(
    sheets: Sheets,
    path: str,
    *,
    ours: bool = False,
    unit: Grid | None = None,
    notes: list[str] | None = None,
    year: int | None = None,
) -> StatsRead:
    """Read the three official tables from grids, wherever they came from. ``ours``: the grids are
    our own 统计表 (numbers stored as text are not counted there); ``unit``: its 单位信息 sheet;
    ``notes``: the notes so far (added to); ``year``: the report's year given by the caller
    (``aggregate --year``): it chooses between several tables first.

    When the visible grids hold more than one set of the tables, the one of the report's year is
    read and the others named in a note, or the file is refused (toolkit.read.stats_tables)."""
    notes = notes if notes is not None else []
    info = _unit_info(unit, notes) if unit is not None else UnitInfo()
    info, year_cell = _pair_info(sheets.visible, info)
    level = form.normalize_label(info.level)
    if level and level not in _FIELD_TEXTS and level_from_cell(info.level) is None:
        notes.append(
            f"{form.UNIT_LEVEL}“{snippet(info.level)}”不是下拉列表中的选项，未能识别；"
            f"请从下拉列表选择（{'、'.join(u.label for u in form.UNIT_LEVELS)}）"
        )
    # in our own 统计表 the tables are on their sheets (or copies of them); 明细 lists case IDs
    tables = (form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4)
    found = candidates([g for g in sheets.visible if not ours or g.name.startswith(tables)])
    if not found:
        return _read_one(sheets, path, ours, info, notes, None)
    reads = [
        _read_one(Sheets(c.views, list, sheets.hidden_names), path, ours, info, list(notes), c.year)
        for c in found
    ]
    target: int | None
    if year is not None:
        target, source = year, "--year 指定"
    elif info.year is not None:
        target, source = info.year, year_cell or form.SHEET_UNIT
    else:
        target, source = file_year(path), "文件名"
    pick, more = choose(found, [r.table for r in reads], target, source, path)
    chosen = reads[pick]
    chosen.notes += more
    notes[:] = chosen.notes
    return chosen


def _read_one(
    sheets: Sheets, path: str, ours: bool, info: UnitInfo, notes: list[str], year_hint: int | None
) -> StatsRead:
    """One set of the tables from ``sheets``; ``year_hint``: the year its own title says."""
    rd = Reading(path, sheets, NumberCells(path, ours), notes=notes)
    sec2_kind, markers = read_sec2(rd)
    sec3 = read_sec3(rd)
    sec4_found = read_sec4(rd)
    rd.numbers.unknown_formula_totals(rd.table)
    _sheet_notes(sheets, rd.notes)
    unit_name, year = info.name, info.year
    if not unit_name or year is None:
        title_unit, title_year = _title_info(sheets.used())
        unit_name = unit_name or title_unit
        year = year if year is not None else (year_hint or title_year)
    rd.table.unit, rd.table.year = unit_name, year

    single_other = sec3.single_other if sec3 else None
    sec3_kind = "2019" if single_other is not None else ("2021" if sec3 else None)
    kinds = {k for k in (sec2_kind, sec3_kind) if k}
    if not kinds:
        layout = "unknown"
    elif kinds == {"2019"}:
        layout = "2019"
    elif kinds == {"2021"} and not markers:
        layout = "2021"
    else:
        layout = "hybrid"
    head: list[Finding] = []
    if layout in ("2019", "hybrid"):
        r19 = _r19(path, rd.notes, layout, sec2_kind, markers, sec3, year)
        if r19 is not None:
            head.append(r19)
    # a table in the 2019 format must be redone in the 2021 format: R19 says so once
    drift = [] if layout == "2019" else group_drift(rd.drift)
    found, partial = _completeness(rd.notes, sec2_kind, sec3, sec4_found)
    return StatsRead(
        path=path,
        table=rd.table,
        cells=rd.numbers.cells,
        info=info,
        ours=ours,
        layout=layout,
        findings=head + rd.numbers.collapsed() + drift,
        notes=rd.notes,
        groups=sec3.groups if sec3 else {},
        sec2_2019=rd.sec2_2019,
        cells_2019=rd.cells_2019,
        found=found,
        partial=partial,
    )


def _completeness(
    notes: list[str], sec2_kind: str | None, sec3: Sec3Found | None, sec4_found: bool
) -> tuple[list[str], bool]:
    """The tables found, and whether the set is partial; a note saying what was read and what is
    missing when some of it is (and at least one table was found)."""
    found: list[str] = []
    missing: list[str] = []
    (found if sec2_kind else missing).append(T2)
    if sec3 is None:
        missing.append(T3)
    elif sec3.missing:
        found.append(f"{T3}的 {len(sec3.keys_read)} 行（{'、'.join(sec3.keys_read)}）")
        missing.append(f"{T3}的 {len(sec3.missing)} 行（{'、'.join(sec3.missing)}）")
    else:
        found.append(T3)
    (found if sec4_found else missing).append(T4)
    partial = bool(found and missing)
    if partial:
        notes.append(
            f"统计表不完整：读取了{'、'.join(found)}；缺少{'、'.join(missing)}。"
            "已检查读到的部分（空白、数字格式和能完整取数的勾稽关系），缺少的单元格按空白处理，"
            "依赖它们的勾稽关系未检查；请补齐后重新检查"
        )
    return [f for f in (T2, T3, T4) if any(x.startswith(f) for x in found)], partial


# ---------------------------------------------------------------------------------------
# The workbook as grids (python-calamine)
# ---------------------------------------------------------------------------------------
VISIBLE, HIDDEN, VERY_HIDDEN = "visible", "hidden", "very_hidden"
#: our own hidden sheets: never searched for the tables
_OWN_HIDDEN = (form.SHEET_STAMP, form.SHEET_LISTS)


def _sheets(book: CalamineWorkbook) -> list[tuple[str, str]]:
    """(name, VISIBLE | HIDDEN | VERY_HIDDEN) of the worksheets, in workbook order (chart sheets
    left out)."""
    out = []
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        if meta.visible == SheetVisibleEnum.Visible:
            state = VISIBLE
        elif meta.visible == SheetVisibleEnum.Hidden:
            state = HIDDEN
        else:
            state = VERY_HIDDEN
        out.append((meta.name, state))
    return out


def _load(book: CalamineWorkbook, name: str, nrows: int) -> Grid:
    sheet = book.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
    return Grid(name, rows, getattr(sheet, "merged_cell_ranges", None))


def _stamp(book: CalamineWorkbook) -> str | None:
    """The template id in our hidden stamp sheet, if any."""
    if form.SHEET_STAMP not in book.sheet_names:
        return None
    try:
        rows = book.get_sheet_by_name(form.SHEET_STAMP).to_python(skip_empty_area=False, nrows=20)
    except Exception:  # a damaged stamp is no stamp
        return None
    for row in rows:
        if len(row) >= 2 and row[0] == STAMP_TEMPLATE:
            return str(row[1])
    return None


def _grids(
    book: CalamineWorkbook,
    nrows: int,
    notes: list[str] | None,
    state: str = VISIBLE,
    *,
    exclude: Collection[str] = (),
) -> Iterator[Grid]:
    """The worksheets in ``state`` (VISIBLE, or HIDDEN: hidden but not veryHidden, our own hidden
    sheets left out), loaded; the sheets named in ``exclude`` are not even loaded (a 台账's own
    sheets, when its workbook is searched for official tables: most of a roll-up's reading time)."""
    for name, sheet_state in _sheets(book):
        if sheet_state != state or (state != VISIBLE and name in _OWN_HIDDEN) or name in exclude:
            continue
        try:
            yield _load(book, name, nrows)
        except Exception:  # calamine errors on one damaged sheet: read the others
            if notes is not None:
                notes.append(
                    f"工作表“{snippet(name)}”无法读取，已跳过；如统计表在该表中，请另存为新的 .xlsx 后重试"
                )


def _warn_long(grids: list[Grid], notes: list[str]) -> None:
    for grid in grids:
        if grid.height >= MAX_ROWS_READ:
            notes.append(
                f"工作表“{snippet(grid.name)}”超过 {MAX_ROWS_READ} 行，只读取了前 {MAX_ROWS_READ} 行"
            )


def _unit_grid(book: CalamineWorkbook, notes: list[str]) -> Grid | None:
    """The 单位信息 sheet, when there is one that can be read."""
    if form.SHEET_UNIT not in book.sheet_names:
        return None
    try:
        return _load(book, form.SHEET_UNIT, MAX_ROWS_UNIT)
    except Exception:
        notes.append(f"工作表“{form.SHEET_UNIT}”无法读取，单位信息按空白处理")
        return None


def _sheet_notes(sheets: Sheets, notes: list[str]) -> None:
    for name, tables in sheets.hidden_used.items():
        notes.append(
            f"{'、'.join(tables)}在隐藏的工作表“{snippet(name)}”中，已读取；"
            "请在 Excel/WPS 中取消隐藏该工作表，再核对后报送"
        )
    skipped = sheets.skipped()
    if skipped:
        notes.append(
            f"已跳过隐藏的工作表：{'、'.join(snippet(n) for n in skipped)}；如统计表在其中，请取消隐藏后重试"
        )


# ---------------------------------------------------------------------------------------
# Unit and year
# ---------------------------------------------------------------------------------------
def _unit_info(grid: Grid, notes: list[str]) -> UnitInfo:
    """The 单位信息 values right of their labels."""
    attrs = {
        form.UNIT_NAME: "name",
        form.UNIT_YEAR: "year",
        form.UNIT_LEVEL: "level",
        form.UNIT_SCOPE: "scope",
        form.UNIT_CONTACT: "contact",
        form.UNIT_PHONE: "phone",
        form.UNIT_ADDRESS: "address",
        form.UNIT_POSTCODE: "postcode",
    }
    values: dict[str, Any] = {}
    for label, attr in attrs.items():
        hits = grid.find(label)
        if not hits:
            continue
        lab = min(hits, key=lambda h: (h.row, h.col))
        raw = grid.value(lab.row, grid.end_col(lab.row, lab.col) + 1)
        if attr == "year":
            year = _year(raw)
            if year is None and not is_blank(raw):
                notes.append(
                    f"{form.SHEET_UNIT}“{form.UNIT_YEAR}”“{snippet(normalize_text(raw))}”"
                    "不是 4 位年份，按空白处理"
                )
            values[attr] = year
        elif not is_blank(raw):
            values[attr] = _text(raw)
    return UnitInfo(**values)


#: the 单位信息 fields also read from a label/value pair of cells on the tables' own sheets
_PAIRS = {form.UNIT_NAME: "name", form.UNIT_YEAR: "year", form.UNIT_LEVEL: "level"}
PAIR_REACH = 3  # columns right of a label searched for its value
#: the 单位信息 labels and the hints our template shows beside them: never a unit's value
_FIELD_TEXTS = {form.normalize_label(t) for f in form.UNIT_FIELDS for t in (f.label, f.note)}


def _pair_info(grids: list[Grid], info: UnitInfo) -> tuple[UnitInfo, str]:
    """``info`` with its name, year and level, where empty, taken from a pair of cells on the
    tables' sheets (``单位层级 | 县级人民政府``, ``统计年度 | 2023``: the label, its value in one of
    the next columns of its row); and the cell the year came from (``Sheet!B1``), or ""."""
    found: dict[str, Any] = {}
    year_cell = ""
    for grid in grids:
        for label, attr in _PAIRS.items():
            if attr in found or getattr(info, attr) not in ("", None):
                continue
            for lab in grid.find(label):
                end = grid.end_col(lab.row, lab.col)
                col = next(
                    (c for c in range(end + 1, end + 1 + PAIR_REACH) if not grid.blank(lab.row, c)), None
                )
                if col is None:
                    continue
                raw = grid.value(lab.row, col)
                if isinstance(raw, str) and form.normalize_label(raw) in _FIELD_TEXTS:
                    continue  # a header row (单位名称 | 统计年度 | …), not a pair
                value = _year(raw) if attr == "year" else (_text(raw) if isinstance(raw, str) else None)
                if value:
                    found[attr] = value
                    if attr == "year":
                        year_cell = grid.place(lab.row, col)
                    break
    return (replace(info, **found) if found else info), year_cell


def _title_info(grids: list[Grid]) -> tuple[str, int | None]:
    """Unit and year from labelled cells (unit name: …, year: 2024), or a title like
    ‘某某镇人民政府2024年政府信息公开工作年度报告’ or ‘2019年上海市某某区政府信息公开工作年度报告’
    (the year in either order) above the tables."""
    unit, year = "", None
    label_unit = re.compile(rf"^(?:{form.UNIT_NAME}|填报单位|报送单位)[:：](?P<v>.+)$")
    label_year = re.compile(rf"^(?:{form.UNIT_YEAR}|统计年份|年度)[:：](?P<v>\d{{4}})年?度?$")
    title = re.compile(r"^(?P<unit>.*?)(?P<year>(?:19|20)\d{2})年度?政府信息公开")
    # the year first: ‘2019年上海市某某区政府信息公开工作年度报告’
    year_first = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?P<unit>.+?)政府信息公开")
    for grid in grids:
        for lab in grid.labels:
            if lab.row > grid.top + 12:
                break
            text = compact_text(lab.raw)
            if m := label_unit.match(text):
                unit = unit or m["v"]
            elif m := label_year.match(text):
                year = year or _in_years(int(m["v"]))
            elif m := title.match(text) or year_first.match(text):
                unit = unit or m["unit"]
                year = year or _in_years(int(m["year"]))
    return unit, year


def _year(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        value = raw
    else:
        text = compact_text(raw).removesuffix("年度").removesuffix("年")
        if not re.fullmatch(r"\d{4}", text):
            return None
        value = int(text)
    if value != int(value):
        return None
    return _in_years(int(value))


def _in_years(year: int) -> int | None:
    """``year`` when it is a 统计年度 (``form.YEARS``), else None."""
    return year if year in form.YEARS else None


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return normalize_text(raw)


# ---------------------------------------------------------------------------------------
# The format (R19)
# ---------------------------------------------------------------------------------------
def _r19(
    path: str,
    notes: list[str],
    layout: str,
    sec2_kind: str | None,
    markers: list[Marker],
    sec3: Sec3Found | None,
    year: int | None,
) -> Finding | None:
    """R19 for a table in the 2019 trial format (from 2021 on; a note before) or a hybrid."""
    sec3_grid = sec3.grid if sec3 else None
    single_other = sec3.single_other if sec3 else None
    what: list[str] = []
    place: tuple[str, str] | None = None
    if markers:
        names = list(dict.fromkeys(m for _, _, m in markers))
        grid, lab, _ = markers[0]
        place = (grid.name, grid.where(lab.row, lab.col))
        shown = "、".join(f"“{n}”" for n in names[:4]) + ("等" if len(names) > 4 else "")
        what.append(f"{T2}有 2019 年试行格式的栏目 {shown}（{grid.place(lab.row, lab.col)}）")
    if single_other is not None and sec3_grid is not None:
        address = sec3_grid.where(single_other.row, single_other.col)
        place = place or (sec3_grid.name, address)
        group = form.RESULT_GROUPS[-1]
        what.append(
            f"{T3}“{group.label}”只有一行（{sec3_grid.place(single_other.row, single_other.col)}），"
            f"没有分为 {len(group.leaves)} 行"
        )
    if layout == "2019":
        if year is not None and year <= form2019.LAST_YEAR_2019:
            notes.append(f"统计表是 2019 年试行格式（{FORM_2019}），{year} 年度适用该格式")
            return None
        message = f"统计表使用的是 2019 年试行格式（{FORM_2019}）：" + "；".join(what)
        if year is None:
            message += (
                f"。未能确定统计年度：{form2019.LAST_YEAR_2019} 年度及以前的年报使用该格式是对的，"
                f"请在“{form.SHEET_UNIT}”中填写{form.UNIT_YEAR}，或在标题中写明年度"
            )
    else:
        parts = []
        if sec2_kind == "2021":
            parts.append(f"{T2}是 2021 年格式")
        if single_other is None and sec3_grid is not None:
            parts.append(f"{T3}是 2021 年格式")
        message = "统计表混用了 2021 年格式和 2019 年试行格式：" + "；".join(parts + what)
    hint = (
        _NEW_FORM_HINT + f"：{T2}分为 " + "、".join(t.header for t in form.SEC2_TABLES) + " 四部分，"
        f"{T3}“{form.LAYOUT_2019_SINGLE_OTHER}”分为 {len(form.RESULT_GROUPS[-1].leaves)} 行"
    )
    if layout == "2019" and year is None:
        hint = f"如为 {form2019.LAST_YEAR_2019 + 1} 年度及以后的年报：{hint}"
    return Finding(
        "R19",
        path,
        message,
        hint,
        sheet=place[0] if place else None,
        cell=place[1] if place else None,
    )
