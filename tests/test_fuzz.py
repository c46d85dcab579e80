"""Property-based fuzzing (hypothesis): valid workbooks mutated cell by cell must keep the guarantees.

Three valid workbooks are the starting points: a filled 台账 (tests/log_fixtures.write_log, as the
corpus's valid_log), our 统计表 (toolkit.write.stats_workbook.write_stats_workbook) and a unit's own copy
of the tables (tests/sample_layout.write_sample_layout). Each is loaded once with openpyxl into a
plain model (sheets, cells, cached formula values, merged ranges). An example applies a few
mutations to the model — any cell set to a blank, a number, a date, a bool, junk text, control
characters, a 40,000-character string, a formula-looking text or a real formula; merged ranges;
header cells deleted; rows inserted or cleared; sheets renamed, hidden or deleted; applicants' data
typed into the personal columns — and writes it with xlsxwriter. Then ``check`` (with ``--annotate``),
``analyse_file`` and ``aggregate`` run on it, and the guarantees are judged:

- no exception escapes but the documented ``XxgkError`` (exit code 2); exit codes are 0, 1 or 2;
- the input is byte-identical and untouched afterwards;
- nothing lost: rows read = counted + excluded, and rows read = the rows with content under the
  申请台账 header in the model that was written;
- no partial output, no temp file; an aggregate that fails writes nothing;
- no applicant's data (the base's and the markers typed by the mutations) in any message, note,
  error, rendered report, JSON, 统计表 or the annotated copy's 检查结果 sheet;
- no formula of ours carries an injected text.

The normal test run tries ``XXGK_FUZZ_EXAMPLES`` examples (default 40, derandomized); ``python
benchmarks/fuzz.py --examples 10000`` runs many more and prints the counts.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from corpus import TEMP_GLOB, changed, formulas, leaks, snapshot, zip_text
from corpus.make_corpus import edit_sheet, personal_needles, valid_log, valid_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import form

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("XXGK_FUZZ_EXAMPLES", "40"))
MARKER = "隐私测试"  # every applicant's name the mutations type starts with this
NEEDLES = (*personal_needles(), MARKER)
PAYLOADS = ("cmd|", "evil.example")
HUGE = ("很长的申请内容" * 6000)[:40_000]
PERSONAL_COLUMNS = {c.name for c in form.LOG_COLUMNS if c.personal}
QUOTED_COLUMNS = {form.LOG_ID, form.REVIEW_ID}  # the only cells a message may quote
SHEET_NAMES = (
    "申请台帐",
    "申请台账 ",
    "Sheet1",
    "表三",
    "表 三",
    "统计表",
    "单位信息",
    "_xxgk",
    "复议诉讼",
    "主动公开",
    "2024年",
    "＝cmd",
    "引'号",
    "名字" * 15,
)
JUNK = (
    "",
    " ",
    "\u3000",
    "\u200b",
    "—",
    "/",
    "无",
    "N/A",
    "#N/A",
    "#REF!",
    "0",
    "-0",
    "1e308",
    "12件",
    "１２",
    "١٢",
    "①②",
    "12.5元",
    "三万元",
    "二〇二四年三月五日",
    "2024-02-30",
    "2024/3/5",
    "2024年3月5日",
    "20240305",
    "3月5日",
    "45356",
    "2024-03-05 25:61",
    "TRUE",
    "是",
    "否",
    "自然人",
    "商业企业",
    "其他",
    "（一）予以公开",
    "1.属于国家秘密",
    "行政复议",
    "结果维持",
    "当面申请",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example","x")',
    "合计",
    "总计",
    "小计",
    "\x07\x1b[2J",
    "\x00",
    "a\r\nb",
    "𠀀𠀁",
    "🙂",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%s%n",
    "{0}",
    "{{ 单位名称 }}",
    "2024",
    "2023",
    "２０２４年",
    HUGE,
)


# =================================================================================================
# The model of a workbook
# =================================================================================================
@dataclass(frozen=True)
class Formula:
    text: str  # without the leading =
    cached: Any


@dataclass
class Sheet:
    name: str
    state: str  # visible | hidden | veryHidden
    cells: dict[tuple[int, int], Any]
    merges: list[tuple[int, int, int, int]]  # 0-based first row, first col, last row, last col
    #: merged ranges that overlap each other or ``merges`` (xlsxwriter refuses them): patched into
    #: the sheet's XML after it is written, as A1 references
    overlapping: list[str] = field(default_factory=list)


@dataclass
class Book:
    sheets: list[Sheet]
    date1904: bool = False  # the workbook's date system (old Excel for Mac)

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def load_book(path: Path) -> Book:
    import openpyxl

    formulas_wb = openpyxl.load_workbook(path)
    values_wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws, wv in zip(formulas_wb.worksheets, values_wb.worksheets, strict=True):
        cells: dict[tuple[int, int], Any] = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or type(c).__name__ == "MergedCell":
                    continue
                value = c.value
                if c.data_type == "f":
                    value = Formula(str(value).removeprefix("="), wv.cell(c.row, c.column).value)
                cells[(c.row - 1, c.column - 1)] = value
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
        ]
        sheets.append(Sheet(ws.title, ws.sheet_state, cells, merges))
    return Book(sheets)


def write_book(book: Book, path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "in_memory": True,
            "date_1904": book.date1904,
        },
    )
    wb.set_properties({"created": datetime(2021, 12, 1)})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    visible = [s for s in book.sheets if s.state == "visible"]
    for sheet in book.sheets:
        ws = wb.add_worksheet(sheet.name)
        if sheet.state == "hidden" and visible:
            ws.hide()
        elif sheet.state == "veryHidden" and visible:
            ws.very_hidden()
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_range(r0, c0, r1, c1, None)
        for (r, c), value in sorted(sheet.cells.items()):
            _write(ws, r, c, value, day, moment)
    if visible:
        wb.worksheets()[book.sheets.index(visible[0])].activate()
    wb.close()
    for sheet in book.sheets:
        if sheet.overlapping:
            edit_sheet(path, sheet.name, lambda xml, refs=sheet.overlapping: _add_merges(xml, refs))
    return path


def _add_merges(xml: str, refs: list[str]) -> str:
    """The sheet's XML with the merged ranges ``refs`` added to its <mergeCells> (made if absent)."""
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    found = re.search(r'<mergeCells count="(\d+)">', xml)
    if found:
        head = f'<mergeCells count="{int(found.group(1)) + len(refs)}">'
        return xml[: found.start()] + head + cells + xml[found.end() :]
    block = f'<mergeCells count="{len(refs)}">{cells}</mergeCells>'
    if "<sheetData/>" in xml:  # an empty sheet
        return xml.replace("<sheetData/>", "<sheetData/>" + block, 1)
    return xml.replace("</sheetData>", "</sheetData>" + block, 1)


def _write(ws: Any, r: int, c: int, value: Any, day: Any, moment: Any) -> None:
    if value is None:
        ws.write_blank(r, c, None)
    elif isinstance(value, Formula):
        ws.write_formula(r, c, "=" + value.text, None, value.cached if value.cached is not None else 0)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, datetime):
        ws.write_datetime(r, c, value, moment)
    elif isinstance(value, date):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, str(value))


# =================================================================================================
# The starting points
# =================================================================================================
@cache
def bases() -> dict[str, Book]:
    """The three valid workbooks, as models (built once per process)."""
    from sample_layout import write_sample_layout

    from toolkit.table import UnitInfo
    from toolkit.write.stats_workbook import write_stats_workbook

    with tempfile.TemporaryDirectory(prefix="xxgk-fuzz-base-") as tmp:
        tmp = Path(tmp)
        log = valid_log(tmp / "log.xlsx")
        table = valid_table("示范乡人民政府")
        stats = write_stats_workbook(table, tmp / "stats.xlsx", UnitInfo(name=table.unit, year=table.year))
        sample = write_sample_layout(tmp / "sample.xlsx", valid_table("示范村委会"))
        return {"log": load_book(log), "stats": load_book(stats), "sample": load_book(sample)}


def _normal(name: str) -> str:
    return form.normalize_label(name).replace("帐", "账")


def log_header(sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    """The header row of a 申请台账-like sheet in the model, and its known columns."""
    names = {form.normalize_label(c.name): c.name for c in form.LOG_COLUMNS}
    for r in sorted({r for r, _c in sheet.cells}):
        row = {
            c: names.get(form.normalize_label(v))
            for (rr, c), v in sheet.cells.items()
            if rr == r and isinstance(v, str)
        }
        row = {c: n for c, n in row.items() if n}
        if form.LOG_ID in row.values():
            return r, row
        if r > 12:
            return None
    return None


def log_sheets(book: Book) -> list[Sheet]:
    return [s for s in book.sheets if _normal(s.name) == _normal(form.SHEET_LOG)]


# =================================================================================================
# Mutations (drawn and applied at once, so each draws its target from the current state)
# =================================================================================================
@dataclass
class Example:
    base: str
    book: Book
    ops: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    #: template syntax written into the unit name of the 统计表: fill-report runs, and the report
    #: must print it as typed (values are never template source)
    unit_template: str = ""

    def __repr__(self) -> str:
        return f"Example({self.base}: {'; '.join(self.ops) or 'no mutation'})"


def values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(JUNK),
        st.none(),
        st.integers(-(10**15), 10**15),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
        st.booleans(),
        st.dates(date(1900, 3, 1), date(2100, 12, 31)),
        st.datetimes(datetime(1900, 3, 1), datetime(2100, 12, 31)),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        st.builds(
            Formula,
            st.sampled_from(["1+1", "SUM(A1:A3)", "TODAY()", 'CONCATENATE("=","cmd")', "NA()", "1/0", "A1"]),
            st.one_of(st.integers(-5, 100), st.text(max_size=12), st.booleans(), st.just("")),
        ),
    )


def _shift_rows(sheet: Sheet, at: int, n: int) -> None:
    sheet.cells = {((r + n if r >= at else r), c): v for (r, c), v in sheet.cells.items()}
    sheet.merges = [
        (r0 + n, c0, r1 + n, c1) if r0 >= at else (r0, c0, r1 + n if r1 >= at else r1, c1)
        for r0, c0, r1, c1 in sheet.merges
    ]


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _bounds(sheet: Sheet) -> tuple[int, int]:
    rows = max((r for r, _c in sheet.cells), default=0)
    cols = max((c for _r, c in sheet.cells), default=0)
    return rows, cols


def _personal_columns(sheet: Sheet) -> tuple[int, set[int]] | None:
    found = log_header(sheet)
    if found is None:
        return None
    row, columns = found
    return row, {c for c, name in columns.items() if name in PERSONAL_COLUMNS}


@st.composite
def examples(draw: Callable, base: str | None = None) -> Example:
    name = base or draw(st.sampled_from(("log", "log", "stats", "sample")))
    book = copy.deepcopy(bases()[name])
    example = Example(name, book)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(
            st.sampled_from(
                ("set", "set", "set", "set", "set", "personal", "merge", "rows", "clear", "sheet", *NEW_KINDS)
            )
        )
        sheet = book.sheets[draw(st.integers(0, len(book.sheets) - 1))]
        if op in NEW_KINDS:
            NEW_KINDS[op](draw, example, sheet)
        elif op == "set":
            where = draw(st.sampled_from(("filled", "filled", "header", "near", "far")))
            filled = sorted(sheet.cells)
            rows, cols = _bounds(sheet)
            if where == "filled" and filled:
                r, c = filled[draw(st.integers(0, len(filled) - 1))]
            elif where == "header" and filled:
                top = [rc for rc in filled if rc[0] <= min(r for r, _ in filled) + 2]
                r, c = top[draw(st.integers(0, len(top) - 1))]
            elif where == "far":
                r, c = draw(st.integers(0, 5000)), draw(st.integers(0, 60))
            else:
                r, c = draw(st.integers(0, rows + 5)), draw(st.integers(0, cols + 3))
            if any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, c0, r1, c1 in sheet.merges):
                continue  # a cell covered by a merged range cannot hold a value
            personal = _personal_columns(sheet)
            if personal and c in personal[1] and r > personal[0]:
                continue  # personal columns get personal data (op "personal"), not junk
            value = draw(values())
            sheet.cells[(r, c)] = value
            example.ops.append(f"{sheet.name}!{_address(r, c)} = {_show(value)}")
        elif op == "personal":
            logs = log_sheets(book)
            found = _personal_columns(logs[0]) if logs else None
            if not found or not found[1]:
                continue
            header, columns = found
            r = header + 1 + draw(st.integers(0, 12))
            c = draw(st.sampled_from(sorted(columns)))
            if any(r0 <= r <= r1 and c0 <= c <= c1 for r0, c0, r1, c1 in logs[0].merges):
                continue
            who = draw(st.sampled_from(("张三丰", "请公开某某合同", "电话13800001111")))
            marker = f"{MARKER}{len(example.markers):02d}{who}"
            logs[0].cells[(r, c)] = marker
            example.markers.append(marker)
            example.ops.append(f"{logs[0].name}!{_address(r, c)} = {marker!r}")
        elif op == "merge":
            rows, cols = _bounds(sheet)
            r0, c0 = draw(st.integers(0, rows + 2)), draw(st.integers(0, cols + 1))
            h, w = draw(st.integers(1, 4)), draw(st.integers(1, 3))
            personal = _personal_columns(sheet)
            if personal and c0 in personal[1]:
                w = 1  # a merge from a personal cell must not copy it into another column
            area = (r0, c0, r0 + h - 1, c0 + w - 1)
            if h * w == 1 or any(_overlaps(area, m) for m in sheet.merges):
                continue
            for r in range(area[0], area[2] + 1):
                for c in range(area[1], area[3] + 1):
                    if (r, c) != (r0, c0):
                        sheet.cells.pop((r, c), None)
            sheet.merges.append(area)
            example.ops.append(f"{sheet.name}!{_address(r0, c0)}:{_address(area[2], area[3])} merged")
        elif op == "rows":
            rows, _cols = _bounds(sheet)
            at, n = draw(st.integers(0, rows + 1)), draw(st.integers(1, 3))
            _shift_rows(sheet, at, n)
            example.ops.append(f"{sheet.name}: {n} rows inserted at {at + 1}")
        elif op == "clear":
            rows, _cols = _bounds(sheet)
            r = draw(st.integers(0, rows))
            sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] != r}
            sheet.merges = [m for m in sheet.merges if not (m[0] <= r <= m[2])]
            example.ops.append(f"{sheet.name}: row {r + 1} cleared")
        else:
            what = draw(st.sampled_from(("rename", "rename", "hide", "very_hide", "delete")))
            if what == "rename":
                new = draw(
                    st.one_of(
                        st.sampled_from(SHEET_NAMES),
                        st.text(
                            st.characters(
                                blacklist_categories=("Cs", "Cc"), blacklist_characters="[]:*?/\\'"
                            ),
                            min_size=1,
                            max_size=31,
                        ),
                    )
                )
                too_long = len(new.encode("utf-16-le")) > 62  # Excel counts UTF-16 units, at most 31
                if not new.strip() or too_long or any(s.name.lower() == new.lower() for s in book.sheets):
                    continue
                example.ops.append(f"sheet {sheet.name!r} renamed {new!r}")
                sheet.name = new
            elif what == "delete" and len(book.sheets) > 1:
                book.sheets.remove(sheet)
                example.ops.append(f"sheet {sheet.name!r} deleted")
            elif what in ("hide", "very_hide"):
                sheet.state = "hidden" if what == "hide" else "veryHidden"
                example.ops.append(f"sheet {sheet.name!r} {sheet.state}")
    return example


# -------------------------------------------------------------------------------------------------
# The kinds of issue 14 (v08 second case log, v09 header below, v10 date1904, v14 overlapping merges,
# v07/v13 huge numbers and template syntax, v16 two stacked tables)
# -------------------------------------------------------------------------------------------------
SECOND_LOG_NAMES = ("申请台账 (2)", "申请台账（下半年）", "申请台帐2", "2024下半年", "Sheet2")
TITLES = ("2024年政府信息公开申请登记台账", "填报单位：示范镇", "注：本表由办公室填写", 2024, "单位：件")
BIG = (
    "9" * 400,
    "1" + "0" * 30,
    "1e309",
    "-1e400",
    1.7976931348623157e308,
    -1.7976931348623157e308,
    1e300,
    1e18,
    320102198507071234,
    "320102198507071234",
    4.9e-324,
)
TEMPLATES = (
    "{{ 1/0 }}",
    "{{本年新收}}",
    "{{ 单位名称 }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{p 名称}}",
    "{{r 名称}}",
    "{{ ''.__class__.__mro__ }}",
    "{#",
    "}}{{",
    "{%tr endfor %}",
)


def _second_log(draw: Callable, example: Example, _sheet: Sheet) -> None:
    """A copy of the 申请台账 header with some of its rows (or new ones) on a sheet of its own."""
    logs = log_sheets(example.book)
    found = log_header(logs[0]) if logs else None
    name = draw(st.sampled_from(SECOND_LOG_NAMES))
    if found is None or any(s.name.lower() == name.lower() for s in example.book.sheets):
        return
    header, _columns = found
    source = logs[0]
    rows = sorted({r for r, _c in source.cells if r > header})
    take = draw(st.lists(st.sampled_from(rows), max_size=8, unique=True)) if rows else []
    cells = {(0, c): v for (r, c), v in source.cells.items() if r == header}
    for i, r in enumerate(sorted(take)):
        cells.update({(1 + i, c): v for (rr, c), v in source.cells.items() if rr == r})
    at = draw(st.integers(0, len(example.book.sheets)))
    example.book.sheets.insert(at, Sheet(name, "visible", cells, []))
    example.ops.append(f"sheet {name!r} added with the 台账 header and {len(take)} of its rows")


def _header_down(draw: Callable, example: Example, _sheet: Sheet) -> None:
    """The 申请台账 header moved down with a title, a note or junk in the rows above it."""
    logs = log_sheets(example.book)
    if not logs:
        return
    sheet = logs[draw(st.integers(0, len(logs) - 1))]
    n = draw(st.integers(1, 12))  # beyond the rows searched for the header too
    _shift_rows(sheet, 0, n)
    for r in sorted(set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n)))):
        c = draw(st.integers(0, 6))
        value = draw(st.one_of(st.sampled_from(TITLES), values()))
        sheet.cells[(r, c)] = value
        example.ops.append(f"{sheet.name}!{_address(r, c)} = {_show(value)} above the header")
    example.ops.append(f"{sheet.name}: header moved down {n} rows")


def _date1904(draw: Callable, example: Example, _sheet: Sheet) -> None:
    """The workbook in the 1904 date system; some dates of 申请台账 typed as plain serials of it."""
    example.book.date1904 = True
    example.ops.append("date1904")
    logs = log_sheets(example.book)
    if not logs or not draw(st.booleans()):
        return
    dates = [rc for rc, v in logs[0].cells.items() if isinstance(v, date)]
    for rc in draw(st.lists(st.sampled_from(dates), max_size=6, unique=True)) if dates else []:
        value = logs[0].cells[rc]
        day = value.date() if isinstance(value, datetime) else value
        logs[0].cells[rc] = (day - date(1904, 1, 1)).days
        example.ops.append(f"{logs[0].name}!{_address(*rc)} = {logs[0].cells[rc]} (a 1904 serial)")


def _overlap(draw: Callable, example: Example, sheet: Sheet) -> None:
    """Merged ranges overlapping each other (and maybe the sheet's own), a few or 1,000, each over
    the next ones. Bounded to the used area and a few rows below it: a range to XFD1048576 makes
    ``check --annotate`` (openpyxl) exhaust memory, a known defect this run must not trip over."""
    rows, cols = _bounds(sheet)
    n = draw(st.sampled_from((2, 3, 10, 50, 1000)))
    r0 = draw(st.integers(0, rows + 2))
    for i in range(n):
        first = _address(r0 + i % 40, 0)
        last = _address(r0 + i % 40 + draw(st.integers(1, 8)), cols + 2)
        sheet.overlapping.append(f"{first}:{last}")
    example.ops.append(f"{sheet.name}: {n} overlapping merged ranges from row {r0 + 1}")


def _big(draw: Callable, example: Example, sheet: Sheet) -> None:
    """Numbers beyond float range or ID numbers in a cell; template syntax in text (the unit name)."""
    value: Any = draw(st.sampled_from(BIG + TEMPLATES))
    info = example.book.sheet(form.SHEET_UNIT)
    unit = info is not None and info.cells.get((2, 0)) == "单位名称" and draw(st.booleans())
    if unit and info is not None:
        sheet, (r, c) = info, (2, 1)
        if isinstance(value, str) and value in TEMPLATES:
            value = f"{value}{info.cells.get((2, 1)) or ''}"
            example.unit_template = value if example.base == "stats" else ""
    else:
        filled = sorted(sheet.cells)
        if not filled:
            return
        r, c = filled[draw(st.integers(0, len(filled) - 1))]
        personal = _personal_columns(sheet)
        if personal and c in personal[1] and r > personal[0]:
            return
        if isinstance(value, str) and value in TEMPLATES and isinstance(sheet.cells[(r, c)], str):
            value = draw(st.sampled_from((value + sheet.cells[(r, c)], sheet.cells[(r, c)] + value)))
    sheet.cells[(r, c)] = value
    example.ops.append(f"{sheet.name}!{_address(r, c)} = {_show(value)}")


def _stack(draw: Callable, example: Example, sheet: Sheet) -> None:
    """A second copy of a sheet's tables stacked below them: the same year, another year or none."""
    if example.base == "log" or not sheet.cells:
        return
    rows = max([_bounds(sheet)[0], *(m[2] for m in sheet.merges)])
    gap = rows + draw(st.integers(1, 6))
    year = draw(st.sampled_from(("same", "2023", "none")))
    changed_numbers = draw(st.booleans())
    for (r, c), v in list(sheet.cells.items()):
        if isinstance(v, str) and year != "same":
            v = v.replace("2024", year) if year == "2023" else v.replace("2024年", "").replace("2024", "")
        elif isinstance(v, int) and not isinstance(v, bool) and changed_numbers and v != 2024:
            v = v + 1
        elif v == 2024 and year != "same":
            v = 2023 if year == "2023" else None
        if v is not None:
            sheet.cells[(r + gap, c)] = v
    sheet.merges += [(r0 + gap, c0, r1 + gap, c1) for r0, c0, r1, c1 in sheet.merges]
    example.ops.append(
        f"{sheet.name}: its tables stacked again at row {gap + 1} (year {year}, numbers "
        f"{'changed' if changed_numbers else 'kept'})"
    )


NEW_KINDS: dict[str, Callable[[Callable, Example, Sheet], None]] = {
    "second_log": _second_log,
    "header_down": _header_down,
    "date1904": _date1904,
    "overlap": _overlap,
    "big": _big,
    "stack": _stack,
}


def _address(r: int, c: int) -> str:
    from toolkit.read.cells import cell_address

    return cell_address(r, c)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# =================================================================================================
# Running one example and judging the guarantees
# =================================================================================================
KINDS_OF_VIOLATION = (
    "tracebacks",
    "bad_exits",
    "inputs_changed",
    "rows_lost",
    "leaks",
    "partial_outputs",
    "formulas_injected",
    "templates_rendered",
)


@dataclass
class Outcome:
    violations: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS_OF_VIOLATION})
    #: rows with content under the 复议诉讼 header that are neither reviews nor listed: the known
    #: issue of test_corpus.test_bug_review_row_outside_the_columns_is_dropped_silently, counted apart
    review_rows_dropped: int = 0
    check_exit: int | None = None
    aggregate_exit: int | None = None

    def add(self, kind: str, text: str) -> None:
        self.violations[kind].append(text)

    @property
    def ok(self) -> bool:
        return not any(self.violations.values())


def _content_rows(sheet: Sheet, below0: int) -> int:
    from toolkit.read.cells import is_blank

    def blank(v: Any) -> bool:
        if isinstance(v, Formula):
            v = v.cached
        return v is None or (isinstance(v, str) and is_blank(v))

    return len({r for (r, _c), v in sheet.cells.items() if r > below0 and not blank(v)})


def _review_header(sheet: Sheet) -> int | None:
    """The row of the 复议诉讼 header (the one holding 案件编号) in the model, if any."""
    wanted = form.normalize_label(form.REVIEW_ID)
    rows = [
        r for (r, _c), v in sheet.cells.items() if isinstance(v, str) and form.normalize_label(v) == wanted
    ]
    return min(rows, default=None)


def run_example(example: Example, work: Path) -> Outcome:
    """Write the example, run check (with --annotate), analyse_file and aggregate on it, judge."""
    from toolkit.aggregate import aggregate
    from toolkit.check import analyse_file, check
    from toolkit.console import render, render_aggregate
    from toolkit.errors import XxgkError

    outcome = Outcome()
    needles = (*NEEDLES, *example.markers)
    path = write_book(example.book, work / "输入 工作簿.xlsx")
    before = snapshot([path])
    said: list[str] = []  # everything a user could read

    def guarded(what: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except XxgkError as err:
            if err.exit_code != 2:
                outcome.add("bad_exits", f"{what}: {type(err).__name__} exit {err.exit_code}")
            said.append(str(err))
            return err
        except Exception:
            outcome.add("tracebacks", f"{what}: {traceback.format_exc()[-1500:]}")
            return None

    # check --annotate, as the CLI does it, rendered and as JSON
    annotate = work / "标注"
    report = guarded("check", lambda: check([path], annotate_dir=annotate))
    if report is not None and not isinstance(report, XxgkError):
        outcome.check_exit = report.exit_code
        if report.exit_code not in (0, 1, 2):
            outcome.add("bad_exits", f"check exit {report.exit_code}")
        said.append(guarded("render", lambda: render(report)) or "")
        said.append(guarded("json", lambda: json.dumps(report.to_json(), ensure_ascii=False)) or "")
    # what was read (the row oracle)
    analysed = guarded("analyse_file", lambda: analyse_file(path))
    if analysed is not None and not isinstance(analysed, XxgkError) and analysed.log is not None:
        log = analysed.log
        # every row with content of every case-log sheet but its header row (rows above it too)
        read = [example.book.sheet(name) for name in log.log_sheets]
        expected = sum(_content_rows(sheet, -1) - 1 for sheet in read if sheet is not None)
        if expected != log.rows_read:
            sheets = "、".join(log.log_sheets)
            outcome.add("rows_lost", f"{sheets}: {expected} rows with content, rows_read {log.rows_read}")
        for sheet in example.book.sheets:  # a sheet named as a case log is read (or the file refused)
            named = _normal(sheet.name).startswith(_normal(form.SHEET_LOG))
            if named and sheet.name not in log.log_sheets and _content_rows(sheet, -1):
                outcome.add("rows_lost", f"sheet {sheet.name!r} has content and was not read")
        review = example.book.sheet(log.review_sheet) if log.review_sheet else None
        head = _review_header(review) if review is not None else None
        if head is not None:
            accounted = len(log.reviews) + len(log.review_skipped_rows)
            outcome.review_rows_dropped = max(0, _content_rows(review, head) - accounted)
            if outcome.review_rows_dropped:  # fixed: every 复议诉讼 row is a case or listed as skipped
                outcome.add(
                    "rows_lost", f"复议诉讼: {outcome.review_rows_dropped} rows neither read nor listed"
                )
    # aggregate, as the CLI does it
    out = work / "输出"
    target = out / "统计表.xlsx"
    result = guarded("aggregate", lambda: aggregate([path], target))
    if isinstance(result, XxgkError):
        outcome.aggregate_exit = result.exit_code  # a usage error (no year, several units …): exit 2
    if result is not None and not isinstance(result, XxgkError):
        outcome.aggregate_exit = result.exit_code
        if result.exit_code not in (0, 1, 2):
            outcome.add("bad_exits", f"aggregate exit {result.exit_code}")
        if result.rows_read != result.counted + len(result.excluded):
            outcome.add(
                "rows_lost", f"rows_read {result.rows_read} ≠ {result.counted} + {len(result.excluded)}"
            )
        said.append(guarded("render_aggregate", lambda: render_aggregate(result)) or "")
        said.append(guarded("aggregate json", lambda: json.dumps(result.to_json(), ensure_ascii=False)) or "")
        if result.ok != target.exists():
            outcome.add("partial_outputs", f"aggregate ok={result.ok}, output exists={target.exists()}")
    elif target.exists():
        outcome.add("partial_outputs", "aggregate raised but wrote its output")
    # fill-report when the unit name holds template syntax: published as typed, never rendered
    info = example.book.sheet(form.SHEET_UNIT)
    report_dir = work / "年报"
    docx = report_dir / "年度报告.docx"
    if example.unit_template and info is not None and info.cells.get((2, 1)) == example.unit_template:
        from toolkit.report.fill import fill_report

        filled = guarded("fill-report", lambda: fill_report(path, docx))
        if filled is not None and not isinstance(filled, XxgkError):
            said.extend([*filled.notes, *(f.message for f in filled.findings)])
            if filled.ok != docx.exists():
                outcome.add("partial_outputs", f"fill-report ok={filled.ok}, report exists={docx.exists()}")
            if docx.exists() and example.unit_template.strip() not in zip_text(docx):
                outcome.add("templates_rendered", f"{example.unit_template!r} not in the report as typed")
        elif docx.exists():
            outcome.add("partial_outputs", "fill-report raised but wrote its report")
    # outputs: no temp file; no personal data; no injected formula
    for folder in (out, annotate, report_dir):
        if folder.exists() and list(folder.glob(TEMP_GLOB)):
            outcome.add("partial_outputs", f"temp file left in {folder.name}")
    written = [target] if target.exists() else []
    texts = [("said", "\n".join(s for s in said if isinstance(s, str)))]
    if target.exists():
        texts.append(("统计表", zip_text(target)))
    if docx.exists():
        texts.append(("年度报告", zip_text(docx)))
    for copy_ in sorted(annotate.glob("*.xlsx")) if annotate.exists() else []:
        written.append(copy_)
        texts.append(("检查结果", guarded("read annotated", lambda c=copy_: _results_sheet(c)) or ""))
    for what, text in texts:
        found = leaks(text, needles)
        if found:
            outcome.add("leaks", f"{what}: {found}")
    for book in written:
        bad = [f for _part, f in formulas(book) if any(p in f for p in PAYLOADS)]
        if bad:
            outcome.add("formulas_injected", f"{book.name}: {bad[:3]}")
    if changed(before, snapshot([path])):
        outcome.add("inputs_changed", "the input workbook changed")
    return outcome


def _results_sheet(path: Path) -> str:
    """The 检查结果 sheet and the comments of an annotated copy: what xxgk added to it."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cells = [str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None]
    comments = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    return "\n".join(cells + comments)


def judge(example: Example) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="xxgk-fuzz-") as tmp:
        return run_example(example, Path(tmp))


# =================================================================================================
# The tests
# =================================================================================================
@pytest.mark.parametrize("base", ["log", "stats", "sample"])
def test_the_bases_are_valid_after_the_round_trip(base, tmp_path):
    """Rewritten without a mutation, each base reads clean: every finding comes from a mutation."""
    from toolkit.check import check

    path = write_book(copy.deepcopy(bases()[base]), tmp_path / f"{base}.xlsx")
    report = check([path])
    assert report.exit_code == 0, [(f.rule, f.message) for f in report.findings] + [
        f.error for f in report.files
    ]
    assert report.files[0].kind == ("log" if base == "log" else "stats")


def test_the_oracle_sees_the_personal_data_of_the_base(tmp_path):
    path = write_book(copy.deepcopy(bases()["log"]), tmp_path / "log.xlsx")
    text = zip_text(path)
    assert [n for n in NEEDLES if n not in text] == ["13700001111", MARKER]  # (only in corpus column_extra)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(example=examples())
def test_mutated_workbooks_keep_every_guarantee(example):
    outcome = judge(example)
    assert outcome.ok, {k: v for k, v in outcome.violations.items() if v}


@settings(
    max_examples=max(5, EXAMPLES // 4),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(example=examples("log"), data=st.data())
def test_personal_markers_typed_anywhere_in_the_log_never_leave_it(example, data):
    """The personal columns of the 台账, filled with fresh markers on top of the mutations."""
    logs = log_sheets(example.book)
    found = _personal_columns(logs[0]) if logs else None
    if found and found[1]:
        header, columns = found
        for i in range(data.draw(st.integers(1, 5))):
            r = header + 1 + data.draw(st.integers(0, 10))
            c = data.draw(st.sampled_from(sorted(columns)))
            if not any(r0 <= r <= r1 and c0 <= c <= c1 for r0, c0, r1, c1 in logs[0].merges):
                marker = f"{MARKER}{90 + i}号申请人"
                logs[0].cells[(r, c)] = marker
                example.markers.append(marker)
    outcome = judge(example)
    assert not outcome.violations["leaks"], outcome.violations["leaks"]


def test_a_violation_is_seen(tmp_path, monkeypatch):
    """The judge is not blind: a message quoting an applicant is reported as a leak."""
    from toolkit.read import log_cases as read_log

    example = Example("log", copy.deepcopy(bases()["log"]))
    real = read_log.id_text
    monkeypatch.setattr(read_log, "id_text", lambda v: "欧阳测试甲乙" if real(v) else real(v))
    outcome = run_example(example, tmp_path)
    assert outcome.violations["leaks"], outcome


def test_the_row_oracle_counts_what_the_reader_should(tmp_path):
    example = Example("log", copy.deepcopy(bases()["log"]))
    sheet = log_sheets(example.book)[0]
    sheet.cells[(30, 20)] = "表格外的备注"  # a row with content only outside the columns
    sheet.cells[(31, 0)] = "  "  # blank
    outcome = run_example(example, tmp_path)
    assert outcome.ok, outcome.violations


def test_reproduce_a_failing_example_by_its_ops():
    """An example prints its mutations, so a failure can be rebuilt by hand."""
    example = Example("stats", copy.deepcopy(bases()["stats"]), ops=["表三!D5 = '十二'"])
    example.book.sheet(form.SHEET_TABLE3).cells[(4, 3)] = "十二"
    outcome = judge(example)
    assert outcome.ok and outcome.check_exit == 1
    assert "表三!D5" in repr(example)


def test_bug_fill_report_on_a_table_with_a_blank_row_of_table_four(tmp_path):
    """Row 2 of 表四 cleared: check finds nothing wrong, so fill-report must write the report or
    refuse the table in words; it ended in a TypeError (None + None in the litigation total)."""
    from toolkit.errors import XxgkError
    from toolkit.report.fill import fill_report

    example = Example("stats", copy.deepcopy(bases()["stats"]), ops=["表四: row 2 cleared"])
    sheet = example.book.sheet(form.SHEET_TABLE4)
    assert sheet is not None
    sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] != 1}
    sheet.merges = [m for m in sheet.merges if not (m[0] <= 1 <= m[2])]
    path = write_book(example.book, tmp_path / "统计表.xlsx")
    with contextlib.suppress(XxgkError):
        fill_report(path, tmp_path / "年度报告.docx")


def test_a_rendered_template_is_seen(tmp_path, monkeypatch):
    """The judge is not blind to v13: a unit name published rendered (not as typed) is reported."""
    from toolkit.report import fill

    example = Example("stats", copy.deepcopy(bases()["stats"]))
    info = example.book.sheet(form.SHEET_UNIT)
    assert info is not None
    example.unit_template = info.cells[(2, 1)] = "{{本年新收}}示范乡人民政府"
    assert judge(example).ok  # published as typed
    real = fill.report_vars.values

    def rendered(*args: Any, **kw: Any) -> dict[str, Any]:
        out = real(*args, **kw)
        out["单位名称"] = "5示范乡人民政府"
        return out

    monkeypatch.setattr(fill.report_vars, "values", rendered)
    assert run_example(example, tmp_path).violations["templates_rendered"]
