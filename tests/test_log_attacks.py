"""The 台账 reader under attack (issue 14: v07, v08, v09, v10, v14, v15; issue 13 item 4).

One test (or a table of cases) per KIND of defect, not per reproduction file: numbers beyond any
plausible figure, case-log sheets beside 申请台账, a header found below the rows it heads, a
workbook counting its dates from 1904, merged ranges that would make reading quadratic, and the
other sheets held whole in memory. Each asserts what was read, where the findings point and that
the accounting adds up: every row with content is counted or listed as not counted.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from log_fixtures import LOG_NAMES, REVIEW_NAMES, case, open_book, read, review, write_log
from typer.testing import CliRunner

from toolkit import form
from toolkit.cli import app
from toolkit.count.cases import count_log
from toolkit.errors import UnreadableInput
from toolkit.read import log_other, log_sheets
from toolkit.read.log import read_log
from toolkit.read.log_sheets import SKIP_ABOVE_HEADER, SKIP_HEADER, MergeFill
from toolkit.rules.log import check_log

LOG = form.SHEET_LOG


def letter(name: str, columns: tuple[str, ...] = LOG_NAMES) -> str:
    return chr(ord("A") + columns.index(name))


def accounting_adds_up(log: Any) -> None:
    counted = count_log(log, 2024)
    assert counted.rows_read == counted.counted + len(counted.excluded)


# ---- v07: numbers beyond any plausible figure ----------------------------------------------------


@pytest.mark.parametrize(
    "fee",
    ["9" * 400, 110101199001011234, 13812349876, 1e308, form.MAX_CASE_FEE_YUAN + 1],
    ids=["400_digits", "id_number", "phone_number", "float_max", "just_above"],
)
def test_a_fee_above_the_bound_is_r5_at_its_cell_never_a_figure(tmp_path: Path, fee: Any) -> None:
    log = read(write_log(tmp_path / "fee.xlsx", [case(fee=fee), case(id="2024-002", fee=50)]))
    fee_cell = f"{letter(form.LOG_FEE)}2"
    assert [(f.rule, f.sheet, f.cell) for f in log.findings] == [("R5", LOG, fee_cell)]
    assert "合理上限" in log.findings[0].message
    assert [c.fee for c in log.cases] == [None, 50]


def test_a_fee_at_the_bound_is_a_fee(tmp_path: Path) -> None:
    log = read(write_log(tmp_path / "fee.xlsx", [case(fee=form.MAX_CASE_FEE_YUAN)]))
    assert log.findings == [] and log.cases[0].fee == form.MAX_CASE_FEE_YUAN


def test_a_count_above_the_bound_in_sec2_is_r7(tmp_path: Path) -> None:
    log = read(write_log(tmp_path / "sec2.xlsx", [case()], sec2={"行政许可": "9" * 400}))
    assert [(f.rule, f.key) for f in log.findings] == [("R7", "行政许可")]
    assert log.sec2["行政许可"] is None


def test_aggregate_of_an_overflowing_fee_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = write_log(tmp_path / "台账.xlsx", [case(fee="9" * 400)])
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(app, ["aggregate", str(path), "-o", str(out), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [(f["rule"], f["cell"]) for f in data["findings"]] == [("R5", f"{letter(form.LOG_FEE)}2")]
    assert not out.exists()


# ---- v08 / issue 13 item 4: every case-log sheet is read ----------------------------------------


@pytest.mark.parametrize(
    "second",
    ["申请台账 (2)", "申请台账（下半年）", "2024下半年", "申请台帐"],
    ids=["excel_copy", "half_year", "header_only", "variant_spelling"],
)
def test_a_second_case_log_sheet_is_read_too(tmp_path: Path, second: str) -> None:
    first = [case(id=f"H1-{i}", received=date(2024, 3, 1 + i)) for i in range(4)]
    more = [case(id=f"H2-{i}", received=date(2024, 8, 1 + i), concluded=date(2024, 8, 20)) for i in range(3)]
    more[1][form.LOG_APPLICANT_TYPE] = "路人"  # a finding on the second sheet
    log = read(write_log(tmp_path / "two.xlsx", first, more_logs=[(second, more)]))
    assert log.log_sheets == [LOG, second]
    assert [(c.sheet, c.row) for c in log.cases] == [(LOG, r) for r in (2, 3, 4, 5)] + [
        (second, r) for r in (2, 3, 4)
    ]
    assert [(f.rule, f.sheet, f.cell) for f in log.findings] == [
        ("L2", second, f"{letter(form.LOG_APPLICANT_TYPE)}3")
    ]
    assert log.rows_read == 7
    assert any(second in n and "已全部读取" in n for n in log.notes)
    counted = count_log(log, 2024)
    assert (counted.rows_read, counted.counted) == (7, 6)
    assert [(e.sheet, e.row) for e in counted.excluded] == [(second, 3)]


def test_the_same_id_on_two_case_log_sheets_is_l4_naming_both(tmp_path: Path) -> None:
    """A copy of the sheet kept by mistake is never counted twice unnoticed."""
    rows = [case(id="2024-001"), case(id="2024-002")]
    log = read(write_log(tmp_path / "copy.xlsx", rows, more_logs=[("申请台账 (2)", rows)]))
    findings = check_log(log)
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [
        ("L4", "申请台账 (2)", f"{letter(form.LOG_ID)}2"),
        ("L4", "申请台账 (2)", f"{letter(form.LOG_ID)}3"),
    ]
    assert f"{LOG}!{letter(form.LOG_ID)}2" in findings[0].message


def test_a_sheet_named_as_a_case_log_without_its_header_is_refused(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "odd.xlsx",
        [case()],
        more_logs=[("申请台账（旧）", [])],
        extra=[("申请台账（旧）", 0, 0, "去年的记录"), ("申请台账（旧）", 1, 0, "2023-001")],
    )
    with pytest.raises(UnreadableInput) as err:
        read(path)
    assert "申请台账（旧）" in err.value.message and "删除它或改名" in err.value.message


def test_an_extra_case_log_sheet_with_only_its_header_adds_no_row(tmp_path: Path) -> None:
    log = read(write_log(tmp_path / "empty.xlsx", [case()], more_logs=[("申请台账 (2)", [])]))
    assert log.log_sheets == [LOG, "申请台账 (2)"] and log.rows_read == 1 and log.findings == []


def test_an_empty_extra_case_log_sheet_is_a_note() -> None:
    header = _Sheet(list(LOG_NAMES), 1, [case().get(name, "") for name in LOG_NAMES])
    empty = _Sheet([], 0, [])
    empty.start = empty.end = None  # calamine: no used range at all
    book = _Book({LOG: header, "申请台账 (2)": empty})
    log = read_log(book, "fake.xlsx")  # type: ignore[arg-type]
    assert log.log_sheets == [LOG] and log.rows_read == 1
    assert any("申请台账 (2)" in n and "是空的" in n for n in log.notes)


# ---- v09: the first whole header, and nothing above it outside the accounting -----------------


def test_a_full_header_pasted_below_a_drifted_one_loses_no_row(tmp_path: Path) -> None:
    """Row 1's header has 备注 renamed; a full header pasted at row 5 must not take over."""
    columns = (*LOG_NAMES[:-1], "备注说明")
    rows = [
        case(id="N-1"),
        case(id="N-2"),
        case(id="N-3"),
        dict(zip(columns, LOG_NAMES, strict=True)),
        case(id="N-4"),
        case(id="N-5"),
    ]
    log = read(write_log(tmp_path / "below.xlsx", rows, columns=columns))
    assert log.header_row == 1
    assert [c.case_id for c in log.cases] == ["N-1", "N-2", "N-3", "N-4", "N-5"]
    assert log.skipped_rows == [(5, SKIP_HEADER, LOG)]
    assert log.rows_read == 6
    accounting_adds_up(log)


def test_rows_above_the_header_are_listed_as_not_counted(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "above.xlsx",
        [case()],
        header_row=4,
        extra=[(LOG, 1, 0, "2023-009"), (LOG, 1, 1, date(2024, 1, 5))],  # row 2: a stray row
    )
    log = read(path)
    assert log.header_row == 4 and [c.row for c in log.cases] == [5]
    assert log.skipped_rows == [(1, SKIP_ABOVE_HEADER, LOG), (2, SKIP_ABOVE_HEADER, LOG)]
    assert log.rows_read == 3
    accounting_adds_up(log)


# ---- v10: the workbook's date system ------------------------------------------------------------


def test_a_1904_workbook_reads_dates_typed_as_numbers_in_its_own_system(tmp_path: Path) -> None:
    day = date(2024, 3, 5)
    serial_1904 = (day - date(1904, 1, 1)).days
    rows = [
        case(id="A", received=serial_1904, concluded=None, result=None),  # a General cell
        case(id="B", received=day, concluded=None, result=None),  # a date cell: calamine converts it
        case(id="C", received=float(serial_1904) + 0.5, concluded=None, result=None),  # with a time
    ]
    log = read(write_log(tmp_path / "mac.xlsx", rows, date1904=True))
    assert log.findings == []
    assert [c.received for c in log.cases] == [day, day, day]
    ref = read(write_log(tmp_path / "pc.xlsx", [case(received=serial_1904 + 1462)]))
    assert ref.cases[0].received == day


def test_the_date_system_is_read_from_workbook_xml(tmp_path: Path) -> None:
    class Book:
        path = str(tmp_path / "w.xlsx")

    for xml, expected in (
        ('<workbookPr date1904="1"/>', True),
        ("<workbookPr date1904='true' defaultThemeVersion=\"1\"/>", True),
        ('<x:workbookPr date1904="1"/>', True),
        ('<workbookPr date1904="0"/>', False),
        ("<workbookPr/>", False),
    ):
        with zipfile.ZipFile(Book.path, "w") as z:
            z.writestr("xl/workbook.xml", f"<workbook>{xml}<sheets/></workbook>")
        assert log_sheets.read_package(Book()).date1904 is expected, xml
    Path(Book.path).write_bytes(b"not a zip")
    assert log_sheets.read_package(Book()).date1904 is False


# ---- v14: merged ranges cost what the cells read cost -------------------------------------------


def _merge_bomb(path: Path, n: int, column: str) -> Path:
    """A 台账 whose 申请台账 has ``n`` merged ranges {column}{r}:XFD1048576, one per case row."""
    rows = [case(id=f"M-{i}", received=date(2024, 1 + i % 12, 1 + i % 28)) for i in range(n)]
    write_log(path, rows)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"  # 单位信息, 申请台账, …
    xml = parts[sheet].decode()
    merges = "".join(f'<mergeCell ref="{column}{r}:XFD1048576"/>' for r in range(2, n + 2))
    xml = re.sub(r"</sheetData>", f'</sheetData><mergeCells count="{n}">{merges}</mergeCells>', xml, count=1)
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_overlapping_merged_ranges_over_the_header_columns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput) as err:
        read(_merge_bomb(tmp_path / "bomb.xlsx", 300, "A"))
    assert err.value.reason == "corrupt" and "互相重叠" in err.value.message


def test_merged_ranges_right_of_the_header_cost_nothing(tmp_path: Path) -> None:
    log = read(_merge_bomb(tmp_path / "bomb.xlsx", 300, "O"))
    assert len(log.cases) == 300 and log.findings == []


def test_merge_fill_work_is_bounded_by_the_cells_of_the_used_area() -> None:
    """Non-overlapping ranges: each cell of the header's columns is filled once at most, however
    far the ranges claim to run (clipped to the used area and the header's columns)."""
    rows, width = 2000, 14
    merged = [((r, 0), (r + 1, 16383)) for r in range(1, rows, 2)]  # A2:XFD3, A4:XFD5, …
    clipped = [((r0, c0), (min(r1, rows), c1)) for (r0, c0), (r1, c1) in merged]
    fill = MergeFill(clipped, 0, width - 1, LOG)
    for row0 in range(1, rows + 1):
        fill.apply(row0, ["x"] * width)
    assert 0 < fill.work <= rows * width


def test_overlap_is_judged_by_area_so_small_overlaps_still_read(tmp_path: Path) -> None:
    fill = MergeFill([((1, 0), (3, 0)), ((2, 0), (4, 0))], 0, 13, LOG)  # A2:A4 and A3:A5
    assert fill.active
    with pytest.raises(UnreadableInput):
        MergeFill([((r, 0), (1000, 13)) for r in range(1, 200)], 0, 13, LOG)


# ---- v15: the other sheets are streamed, never held ---------------------------------------------


class _Row(list):
    """A row handed out by the fake sheet, counting how many are alive at once."""

    alive = 0
    peak = 0

    def __init__(self, values: list[Any]) -> None:
        super().__init__(values)
        _Row.alive += 1
        _Row.peak = max(_Row.peak, _Row.alive)

    def __del__(self) -> None:
        _Row.alive -= 1


class _Sheet:
    def __init__(self, header: list[Any], rows: int, filler: list[Any]) -> None:
        self.header, self.rows, self.filler = header, rows, filler
        self.width = max(len(header), len(filler))
        self.start, self.end = (0, 0), (rows, self.width - 1)
        self.merged_cell_ranges: list[Any] = []

    def _pad(self, values: list[Any]) -> list[Any]:
        return values + [""] * (self.width - len(values))

    def iter_rows(self) -> Any:
        yield _Row(self._pad(self.header))
        for _ in range(self.rows):
            yield _Row(self._pad(self.filler))

    def to_python(self, **_: Any) -> list[list[Any]]:
        return [self._pad(self.header)]


class _Book:
    path = ""

    def __init__(self, sheets: dict[str, _Sheet]) -> None:
        self.sheets = sheets
        self.sheet_names = list(sheets)

    def get_sheet_by_name(self, name: str) -> _Sheet:
        return self.sheets[name]


def test_dense_review_and_sec2_sheets_are_streamed_row_by_row() -> None:
    filler = ["x"] * 21
    n = 20_000
    review_row = [review(id="复-1").get(name, "") for name in REVIEW_NAMES]
    book = _Book(
        {
            form.SHEET_REVIEW: _Sheet(list(REVIEW_NAMES), n, [*review_row[:1], *filler]),
            form.SHEET_SEC2: _Sheet(["主动公开情况"], n, filler),
        }
    )
    reader = log_sheets.Reader("fake.xlsx")
    _Row.alive = _Row.peak = 0
    reviews, _, skipped = log_other.read_reviews(book, reader)
    assert len(reviews) + len(skipped) == n  # every row accounted for …
    assert _Row.peak < 20  # … and never more than a few of them held at once
    _Row.alive = _Row.peak = 0
    log_other.read_sec2(book, reader)
    assert _Row.peak < 20


def test_a_review_sheet_with_far_more_cells_than_cases_is_refused_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews = [review(id=f"复-{i}") for i in range(20)]
    path = write_log(tmp_path / "dense.xlsx", [case()], reviews=reviews)
    package = log_sheets.read_package(open_book(path), [form.SHEET_REVIEW], limit=30)
    assert package.cells == {form.SHEET_REVIEW: len(REVIEW_NAMES) + 20 * 6}  # the header, 6 cells a case
    assert log_sheets.read_package(open_book(path), [form.SHEET_REVIEW]).cells == {}  # too small to count
    assert len(read(path).reviews) == 20
    monkeypatch.setattr(log_sheets, "SMALL_SHEET_CELLS", 100)
    with pytest.raises(UnreadableInput) as err:
        read(path)
    assert err.value.reason == "sheet_too_large" and form.SHEET_REVIEW in err.value.message


def test_filled_cells_counts_every_spelling_of_a_cell_tag(tmp_path: Path) -> None:
    path = tmp_path / "tags.xlsx"
    write_log(path, [case()])
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    body = '<c r="A1"/><c r="B1"><v>1</v></c><x:c r="C1" t="s"><x:v>0</x:v></x:c><col min="1"/><cols/>'
    parts["xl/worksheets/sheet3.xml"] = (
        f"<worksheet><sheetData><row>{body}</row></sheetData></worksheet>".encode()
    )
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    names = [str(n) for n in open_book(path).sheet_names]
    assert log_sheets.read_package(open_book(path), [names[2]], limit=5).cells == {names[2]: 3}


def test_a_json_table_with_a_count_beyond_float_range_is_refused_without_a_traceback(tmp_path: Path) -> None:
    """The same kind through a JSON table (its counts pass the same bounds, via read_number)."""
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "aggregate",
            str(write_log(tmp_path / "ok.xlsx", [case()])),
            "-o",
            str(tmp_path / "a.xlsx"),
            "--json",
        ],
    )
    table = json.loads(made.stdout)["table"]
    table["sec2"]["行政许可"] = 10**400
    source = tmp_path / "t.json"
    source.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    checked = runner.invoke(app, ["check", str(source), "--json"])
    assert checked.exit_code == 1
    assert [(f["rule"], f["key"]) for f in json.loads(checked.stdout)["files"][0]["findings"]] == [
        ("R7", "行政许可")
    ]
    out = tmp_path / "o.xlsx"
    aggregated = runner.invoke(app, ["aggregate", str(source), "-o", str(out)])
    assert aggregated.exit_code == 1, aggregated.output
    # CliRunner turns an exception into exit code 1 too: only SystemExit is a refusal
    assert aggregated.exception is None or isinstance(aggregated.exception, SystemExit)
    assert not out.exists()
