"""``xxgk aggregate``: exact counting, roll-ups, strictness, provenance, privacy, determinism."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from engine import recalculate, require_soffice, value_at
from hypothesis import given, settings
from hypothesis import strategies as st
from log_fixtures import PERSONAL, case, review, write_log
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.cli import app
from toolkit.count.cases import count_log
from toolkit.read.log import CaseRow, LogRead, ReviewRow
from toolkit.read.stats import read_stats
from toolkit.rules.identities import identities
from toolkit.table import Table, UnitInfo
from toolkit.write.provenance import (
    ID_SEPARATOR,
    SHEET_ROSTER,
    SHEET_SOURCES,
    SHEET_TRACE,
    SHEET_UNITS,
    unit_columns,
)

NATURAL, BUSINESS, RESEARCH, PUBLIC, LAW, OTHER = form.APPLICANT_TYPES
LABEL = {k: form.SEC3_ROW[k].label for k in form.RESULT_KEYS}
REVIEW, DIRECT, AFTER = form.SEC4_BLOCKS


def hand_log() -> list[dict]:
    cases = [
        case(id="A", received=date(2023, 12, 20), concluded=date(2024, 1, 10), result=LABEL["三.一"]),
        case(id="B", received=date(2023, 11, 1), concluded=date(2023, 12, 1), result=LABEL["三.一"]),
        case(
            id="C",
            received=date(2024, 3, 5),
            concluded=date(2024, 3, 20),
            result=LABEL["三.二"],
            applicant_type=BUSINESS,
        ),
        case(id="D", received=date(2024, 12, 20), concluded=None, result=None, applicant_type=RESEARCH),
        case(id="E", received=date(2023, 12, 30), concluded=None, result=None, applicant_type=OTHER),
        case(
            id="F",
            received=date(2024, 12, 1),
            concluded=date(2025, 1, 5),
            result=LABEL["三.一"],
            applicant_type=PUBLIC,
        ),
    ]
    day = date(2024, 2, 1)
    for n, key in enumerate(form.RESULT_KEYS):
        received = day + timedelta(days=7 * n)
        cases.append(
            case(
                id=f"L{n}",
                received=received,
                concluded=received + timedelta(days=2),
                result=LABEL[key],
                applicant_type=LAW,
            )
        )
    return cases


def hand_reviews() -> list[dict]:
    return [
        review(id="R1", type=REVIEW, filed=date(2024, 3, 1), concluded=date(2024, 5, 1), result="结果维持"),
        review(id="R2", type=DIRECT, filed=date(2024, 11, 1), concluded=None, result=None),
        review(id="R3", type=AFTER, filed=date(2023, 3, 1), concluded=date(2023, 6, 1), result="结果纠正"),
        review(id="R4", type=DIRECT, filed=date(2023, 10, 1), concluded=date(2024, 2, 1), result="结果纠正"),
    ]


def expected_hand_table() -> Table:
    t = Table("示范镇人民政府", 2024)
    col = form.APPLICANT_TYPES.index
    t.sec3["二"][col(NATURAL)] = 1  # A
    t.sec3["三.一"][col(NATURAL)] = 1  # A
    t.sec3["一"][col(BUSINESS)] = 1  # C
    t.sec3["三.二"][col(BUSINESS)] = 1
    t.sec3["一"][col(RESEARCH)] = 1  # D, pending
    t.sec3["四"][col(RESEARCH)] = 1
    t.sec3["二"][col(OTHER)] = 1  # E, carried in and still pending
    t.sec3["四"][col(OTHER)] = 1
    t.sec3["一"][col(PUBLIC)] = 1  # F, concluded next year
    t.sec3["四"][col(PUBLIC)] = 1
    t.sec3["一"][col(LAW)] = 21  # one of each result leaf
    for key in form.RESULT_KEYS:
        t.sec3[key][col(LAW)] += 1
    t.sec4[form.sec4_index(REVIEW, "结果维持")] = 1
    t.sec4[form.sec4_index(DIRECT, form.SEC4_PENDING)] = 1
    t.sec4[form.sec4_index(DIRECT, "结果纠正")] = 1
    return t.with_totals()


def test_hand_computed_log_gives_the_exact_table(tmp_path: Path) -> None:
    log = write_log(tmp_path / "示范镇.xlsx", hand_log(), reviews=hand_reviews())
    result = aggregate([log], tmp_path / "out.xlsx")
    assert result.ok, [f.message for f in result.all_findings]
    expected = expected_hand_table()
    assert result.table.sec3 == expected.sec3
    assert result.table.sec4 == expected.sec4
    # accounting: 27 applications + 4 cases read; B and R3 concluded last year are not counted
    assert (result.rows_read, result.counted) == (31, 29)
    assert {(e.sheet, e.reason[:5]) for e in result.excluded} == {
        (form.SHEET_LOG, "上年已办结"),
        (form.SHEET_REVIEW, "上年已审结"),
    }
    assert result.rows_read == result.counted + len(result.excluded)
    # the written workbook reads back as the same table
    back = read_stats(CalamineWorkbook.from_path(str(result.output)), str(result.output))
    assert back.table.sec3 == expected.sec3 and back.table.sec4 == expected.sec4
    assert back.info.scope == form.SCOPE_OWN


def test_trace_sheet_has_every_statistic_and_no_personal_data(tmp_path: Path) -> None:
    log = write_log(tmp_path / "示范镇.xlsx", hand_log(), reviews=hand_reviews())
    out = aggregate([log], tmp_path / "out.xlsx").output
    rows = list(openpyxl.load_workbook(out)[SHEET_TRACE].iter_rows(values_only=True))
    key_by_label = {form.SEC3_ROW[k].label: k for k in form.SEC3_KEYS}
    counted3: dict[tuple[str, str], int] = {}
    counted4: dict[tuple[str, str], int] = {}
    ids: set[str] = set()
    section, header = 0, ()
    for row in rows:
        if row[0] == "单位":
            section, header = section + 1, row
            continue
        if not row or row[0] is None:
            continue
        for column, text in zip(header[3:], row[3:], strict=False):
            if column and text:
                found = text.split(ID_SEPARATOR)
                ids.update(found)
                target = counted3 if section == 1 else counted4
                key = key_by_label[row[2]] if section == 1 else row[2]
                target[(key, column)] = target.get((key, column), 0) + len(found)
    expected = expected_hand_table()
    for key in form.SEC3_KEYS:
        if key == form.RESULTS_TOTAL_KEY:
            continue
        for c, column in enumerate(form.APPLICANT_TYPES):
            assert counted3.get((key, column), 0) == expected.sec3[key][c], (key, column)
    for i, value in enumerate(expected.sec4):
        if i not in form.SEC4_TOTAL_INDEXES:
            block, column = form.sec4_column_name(i).split("·")
            assert counted4.get((block, column), 0) == value, (block, column)
    assert ids >= {"A", "C", "D", "E", "F", "R1", "R2", "R4"}
    assert not {"B", "R3"} & ids
    assert_no_personal_data(out)


def test_trace_cells_longer_than_an_excel_cell_continue_on_the_next_row() -> None:
    from toolkit.count.cases import Traces
    from toolkit.write.provenance import CELL_TEXT_LIMIT, TRACE_LINES, trace_grid

    traces = Traces("单位")
    traces.ids(3, "一")[form.APPLICANT_TYPES.index(NATURAL)].extend(f"{n:010d}" for n in range(6000))
    rows = trace_grid([traces], 3)
    assert all(len(r[2][0]) <= CELL_TEXT_LIMIT for r in rows)  # 66,000 characters
    assert all(len(r[2][0].split(ID_SEPARATOR)) <= TRACE_LINES for r in rows)  # each row prints whole
    assert sum(len(r[2][0].split(ID_SEPARATOR)) for r in rows) == 6000
    # Excel counts UTF-16 units: an ID beyond U+FFFF takes two
    wide = Traces("单位")
    wide.ids(3, "一")[0].extend(f"𠀀{n:04d}𠀀" for n in range(6000))  # 7 characters, 9 units
    rows = trace_grid([wide], 3)
    assert all(len(r[2][0].encode("utf-16-le")) // 2 <= CELL_TEXT_LIMIT for r in rows)
    assert sum(len(r[2][0].split(ID_SEPARATOR)) for r in rows) == 6000
    # one ID longer than an Excel cell's limit allows per row still gets a row of its own
    long_ids = Traces("单位")
    long_ids.ids(3, "一")[0].extend("长" * 20_000 for _ in range(2))
    rows = trace_grid([long_ids], 3)
    assert [len(r[2][0]) for r in rows] == [20_000, 20_000]


def test_a_trace_longer_than_a_sheet_is_refused_in_chinese(tmp_path: Path, monkeypatch) -> None:
    from toolkit.errors import OutputError
    from toolkit.write import provenance

    monkeypatch.setattr(provenance, "MAX_ROWS", 4)  # a sheet of 4 rows: the 明细 of 3 units needs more
    with pytest.raises(OutputError, match="超过 Excel 工作表的 4 行上限：请分批汇总"):
        aggregate(unit_logs(tmp_path), tmp_path / "out.xlsx", unit="示范县", year=2024)
    assert not (tmp_path / "out.xlsx").exists()


def assert_no_personal_data(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        text = "".join(zf.read(name).decode("utf-8", "replace") for name in zf.namelist())
    for value in PERSONAL.values():
        assert value not in text


def unit_logs(tmp_path: Path) -> list[Path]:
    names = ("甲镇人民政府", "乙镇人民政府", "县交通运输局")
    paths = []
    for n, name in enumerate(names):
        cases = [
            case(
                id=f"{n}-{i}",
                received=date(2024, 1 + i, 3),
                concluded=date(2024, 1 + i, 13),
                applicant_type=form.APPLICANT_TYPES[(n + i) % 6],
            )
            for i in range(3 + n)
        ]
        cases.append(case(id=f"{n}-open", received=date(2024, 12, 28), concluded=None, result=None))
        paths.append(write_log(tmp_path / f"{name}.xlsx", cases, unit=name))
    return paths


def test_rollup_equals_sum_of_units_and_of_their_stats(tmp_path: Path) -> None:
    logs = unit_logs(tmp_path)
    separate = [aggregate([p], tmp_path / f"u{n}.xlsx") for n, p in enumerate(logs)]
    assert all(r.ok for r in separate)
    rollup = aggregate(logs, tmp_path / "county.xlsx", unit="示范县人民政府")
    assert rollup.ok
    total = separate[0].table + separate[1].table + separate[2].table
    assert rollup.table.sec3 == total.sec3 and rollup.table.sec4 == total.sec4
    from_stats = aggregate([r.output for r in separate], tmp_path / "county2.xlsx", unit="示范县人民政府")
    assert from_stats.ok
    assert from_stats.table.sec3 == rollup.table.sec3
    # the 分单位 sheet: one row per unit and a sum row equal to the table
    ws = openpyxl.load_workbook(rollup.output, data_only=True)[SHEET_UNITS]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:-1]] == sorted(r.table.unit for r in separate)  # inputs in path order
    assert list(rows[-1][1:]) == [get(rollup.table) for _, get in unit_columns()]
    assert read_stats(CalamineWorkbook.from_path(str(rollup.output)), "x").info.scope == form.SCOPE_ROLLUP


def test_rollup_needs_a_unit_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["aggregate", *map(str, unit_logs(tmp_path)), "-o", str(tmp_path / "c.xlsx")]
    )
    assert result.exit_code == 2 and "--unit" in result.stderr


def test_any_error_means_no_output(tmp_path: Path) -> None:
    good, bad = unit_logs(tmp_path)[:2]
    broken = write_log(tmp_path / "broken.xlsx", [case(id="X", received="2024.2.30")], unit="丙镇人民政府")
    out = tmp_path / "county.xlsx"
    result = aggregate([good, bad, broken], out, unit="示范县人民政府")
    assert not result.ok and result.exit_code == 1 and not out.exists()
    assert [(f.rule, f.path, f.cell) for f in result.all_findings if f.is_error] == [
        ("L3", str(broken), "B2")
    ]
    assert not list(tmp_path.glob(".xxgk-*"))  # no temp file left


def test_same_unit_twice_and_same_case_in_two_units(tmp_path: Path) -> None:
    first = write_log(tmp_path / "a.xlsx", [case(id="1")], unit="甲镇人民政府")
    again = write_log(tmp_path / "b.xlsx", [case(id="2")], unit="甲镇人民政府")
    shared = write_log(tmp_path / "c.xlsx", [case(id="1")], unit="乙镇人民政府")
    result = aggregate([first, again, shared], tmp_path / "o.xlsx", unit="县")
    assert not result.ok
    assert sorted((f.rule, Path(f.path).name, f.severity) for f in result.findings) == [
        ("L4", "c.xlsx", "error"),
        ("R24", "b.xlsx", "error"),
    ]


def test_same_file_twice_is_counted_once(tmp_path: Path) -> None:
    log = write_log(tmp_path / "a.xlsx", [case(id="1")])
    archive = tmp_path / "mail.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(log, "附件/a.xlsx")
    result = aggregate([log, archive], tmp_path / "o.xlsx")
    assert result.ok and result.table.sec3[form.RECEIVED_KEY][form.TOTAL_COL] == 1
    assert any("只计算一次" in note for note in result.notes)


def test_roster_lists_missing_and_unexpected_units(tmp_path: Path) -> None:
    logs = unit_logs(tmp_path)
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称\n甲镇人民政府\n乙镇人民政府\n丁镇人民政府\n", encoding="utf-8-sig")
    result = aggregate(logs, tmp_path / "c.xlsx", unit="示范县人民政府", roster=roster)
    assert result.ok  # coverage findings are warnings
    assert sorted((f.rule, f.message[:8]) for f in result.findings) == [
        ("R24", "“县交通运输局”"),
        ("R24", "名单中的“丁镇人"),
    ]
    rows = list(openpyxl.load_workbook(result.output)[SHEET_ROSTER].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [
        ("甲镇人民政府", "已报送"),
        ("乙镇人民政府", "已报送"),
        ("丁镇人民政府", "未报送"),
        ("县交通运输局", "名单外"),
    ]


def test_previous_year_carry_over_r11_and_r10(tmp_path: Path) -> None:
    last = Table("示范镇人民政府", 2023)
    last.sec3["四"][0] = 2  # two carried out last year
    last.sec2[form.SEC2_NORMATIVE_KEY] = [1, 0, 5]
    from toolkit.write.stats_workbook import write_stats_workbook

    previous = write_stats_workbook(last, tmp_path / "2023.xlsx", UnitInfo(name="示范镇人民政府", year=2023))
    sec2 = Table().sec2
    sec2[form.SEC2_NORMATIVE_KEY] = [2, 1, 5]  # 5 + 2 − 1 = 6 ≠ 5
    log = write_log(tmp_path / "2024.xlsx", hand_log(), sec2=sec2)  # carries in A (自然人) and E (其他)
    result = aggregate([log], tmp_path / "o.xlsx", previous=previous)
    assert not result.ok and result.output is None  # R11 is an error
    # 二 = 自然人 1, 其他 1 (总计 2) against last year's 四 = 自然人 2 (总计 2)
    assert {(f.rule, f.column) for f in result.findings} == {
        ("R10", "现行有效件数"),
        ("R11", NATURAL),
        ("R11", OTHER),
    }


def test_json_contract(tmp_path: Path) -> None:
    log = write_log(tmp_path / "示范镇.xlsx", hand_log(), reviews=hand_reviews())
    out = tmp_path / "o.xlsx"
    cli = CliRunner().invoke(app, ["aggregate", str(log), "-o", str(out), "--json"])
    assert cli.exit_code == 0
    data = json.loads(cli.stdout)
    assert set(data) == {"ok", "table", "findings", "units", "accounting", "errors", "skipped"}
    assert data["errors"] == [] and data["skipped"] == []  # unreadable inputs, each with its one-line reason
    assert data["ok"] is True
    assert Table.from_json(data["table"]).sec3 == expected_hand_table().sec3
    assert data["units"] == [{"unit": "示范镇人民政府", "path": str(log), "kind": "log"}]
    accounting = data["accounting"]
    assert accounting["rows_read"] == accounting["counted"] + len(accounting["excluded"])
    assert set(accounting["excluded"][0]) == {"path", "sheet", "row", "reason"}


def test_deterministic_bytes(tmp_path: Path) -> None:
    logs = unit_logs(tmp_path)
    a = aggregate(logs, tmp_path / "a.xlsx", unit="示范县人民政府").output
    b = aggregate(logs, tmp_path / "b.xlsx", unit="示范县人民政府").output
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_inputs_untouched(tmp_path: Path) -> None:
    logs = unit_logs(tmp_path)
    before = [p.read_bytes() for p in logs]
    aggregate(logs, tmp_path / "c.xlsx", unit="示范县人民政府", annotate_dir=tmp_path / "ann")
    assert [p.read_bytes() for p in logs] == before


@pytest.mark.slow
def test_libreoffice_recalculates_the_output(tmp_path: Path) -> None:
    require_soffice()
    result = aggregate(unit_logs(tmp_path), tmp_path / "c.xlsx", unit="示范县人民政府")
    sheets = recalculate(result.output)
    assert value_at(sheets, form.SHEET_CHECKS, 1, 1) == f"全部{form.PASS}"
    cached = CalamineWorkbook.from_path(str(result.output))
    for name in (form.SHEET_TABLE3, form.SHEET_TABLE4, SHEET_UNITS, form.SHEET_CHECKS):
        want = cached.get_sheet_by_name(name).to_python()
        for r, row in enumerate(want):
            for c, value in enumerate(row):
                if value == "":
                    continue
                engine = value_at(sheets, name, r, c)
                if isinstance(value, float):
                    assert float(engine) == value, (name, r, c)
                else:
                    assert engine == str(value), (name, r, c)
    assert cached.get_sheet_by_name(SHEET_SOURCES).to_python()[3][1] == "乙镇人民政府"


# ---- property: any valid log gives a table where R1–R4 hold --------------------------------
@st.composite
def valid_logs(draw) -> LogRead:
    year = 2024
    cases = []
    n = draw(st.integers(0, 40))
    for i in range(n):
        received = date(year - 1, 1, 1) + timedelta(days=draw(st.integers(0, 729)))
        state = draw(st.sampled_from(["open", "closed"]))
        concluded = None
        result = None
        if state == "closed":
            concluded = received + timedelta(days=draw(st.integers(0, 400)))
            result = draw(st.sampled_from(form.RESULT_KEYS))
        cases.append(
            CaseRow(
                row=i + 2,
                case_id=str(i),
                received=received,
                applicant_type=draw(st.sampled_from(form.APPLICANT_TYPES)),
                concluded=concluded,
                result_key=result,
                corrected=None,
                extended=False,
                fee=None,
                office="",
                cells={},
            )
        )
    reviews = []
    for i in range(draw(st.integers(0, 6))):
        filed = date(year - 1, 6, 1) + timedelta(days=draw(st.integers(0, 570)))
        closed = draw(st.booleans())
        reviews.append(
            ReviewRow(
                row=i + 2,
                case_id=f"R{i}",
                case_type=draw(st.sampled_from(form.SEC4_BLOCKS)),
                filed=filed,
                concluded=filed + timedelta(days=draw(st.integers(0, 300))) if closed else None,
                result=draw(st.sampled_from(form.SEC4_RESULTS)) if closed else None,
                cells={},
            )
        )
    return LogRead(
        path="x.xlsx",
        info=UnitInfo(name="单位", year=year),
        template_version=1,
        cases=cases,
        reviews=reviews,
        sec2=Table().sec2,
        sec2_cells={},
        rows_read=len(cases),
    )


@settings(max_examples=200, deadline=None)
@given(valid_logs())
def test_any_valid_log_gives_a_consistent_table(log: LogRead) -> None:
    counted = count_log(log, 2024)
    table = counted.table
    assert all(item.evaluate(table)[2] for item in identities())
    first, last = date(2024, 1, 1), date(2024, 12, 31)
    open_or_concluded = [
        c for c in log.cases if c.received <= last and (c.concluded is None or c.concluded >= first)
    ]
    total = form.TOTAL_COL
    assert table.sec3["三.七"][total] + table.sec3["四"][total] == len(open_or_concluded)
    assert counted.rows_read == counted.counted + len(counted.excluded)


@pytest.mark.parametrize("bad", ["2024-13-01", "不知道"])
def test_cli_strict_exit_1_with_findings(tmp_path: Path, bad: str) -> None:
    log = write_log(tmp_path / "a.xlsx", [case(id="1", received=bad)])
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(app, ["aggregate", str(log), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "L3" in result.stdout and "未生成统计表" in result.stdout


def test_parallel_reading_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.count.batch as module

    paths = [
        write_log(tmp_path / f"u{n:02d}.xlsx", [case(id=f"{n}-{i}") for i in range(3)], unit=f"单位{n:02d}")
        for n in range(module.PARALLEL_MIN_FILES + 2)
    ]
    parallel = aggregate(paths, tmp_path / "a.xlsx", unit="示范县人民政府")
    monkeypatch.setattr(module, "PARALLEL_MIN_FILES", 10_000)
    serial = aggregate(paths, tmp_path / "b.xlsx", unit="示范县人民政府")
    assert parallel.ok and serial.ok
    assert parallel.output.read_bytes() == serial.output.read_bytes()


def test_unwritable_output_is_one_chinese_line(tmp_path: Path) -> None:
    log = write_log(tmp_path / "a.xlsx", [case(id="1")])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["aggregate", str(log), "-o", str(blocker / "out.xlsx")])
    assert result.exit_code == 2
    assert "同名的文件夹或文件已存在" in result.stderr and "Errno" not in result.output


def test_year_and_unit_options_must_agree_with_the_inputs(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "丙镇.xlsx",
        [case(id="1", received=date(2023, 3, 5), concluded=date(2023, 3, 9))],
        unit="丙镇人民政府",
        year=2023,
    )
    runner = CliRunner()
    wrong_year = runner.invoke(app, ["aggregate", str(log), "-o", str(tmp_path / "a.xlsx"), "--year", "2024"])
    assert wrong_year.exit_code == 2 and "2023" in wrong_year.stderr and "丙镇.xlsx" in wrong_year.stderr
    assert not (tmp_path / "a.xlsx").exists()
    # --unit naming another unit makes a roll-up of the one unit, said and shown as such
    other = aggregate([log], tmp_path / "b.xlsx", unit="示范县人民政府")
    assert other.ok and any("汇总为“示范县人民政府”" in note for note in other.notes)
    book = CalamineWorkbook.from_path(str(other.output))
    assert read_stats(book, "b").info.scope == form.SCOPE_ROLLUP
    assert book.get_sheet_by_name(SHEET_UNITS).to_python()[1][0] == "丙镇人民政府"
    same = aggregate([log], tmp_path / "c.xlsx", unit="丙镇人民政府")
    assert (
        same.ok and read_stats(CalamineWorkbook.from_path(str(same.output)), "c").info.scope == form.SCOPE_OWN
    )


def test_previous_must_be_the_same_unit_last_year(tmp_path: Path) -> None:
    from toolkit.write.stats_workbook import write_stats_workbook

    log = write_log(tmp_path / "2024.xlsx", [case(id="1")], unit="示范镇人民政府")
    same_year = write_stats_workbook(
        Table("示范镇人民政府", 2024), tmp_path / "s.xlsx", UnitInfo(name="示范镇人民政府", year=2024)
    )
    other_unit = write_stats_workbook(
        Table("别的镇人民政府", 2023), tmp_path / "o.xlsx", UnitInfo(name="别的镇人民政府", year=2023)
    )
    for previous, words in ((same_year, "应为 2023 年"), (other_unit, "别的镇人民政府")):
        result = CliRunner().invoke(
            app, ["aggregate", str(log), "-o", str(tmp_path / "x.xlsx"), "--previous", str(previous)]
        )
        assert result.exit_code == 2 and words in result.stderr


class _Terminal(io.StringIO):
    """A stderr that is a terminal with the given encoding."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_progress_is_shown_on_a_terminal_for_many_files(monkeypatch, encoding: str) -> None:
    from toolkit import cli

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress_printer() is None  # not a terminal: nothing
    terminal = _Terminal(encoding)
    monkeypatch.setattr(sys, "stderr", terminal)
    show = cli._progress_printer()
    assert show is not None
    show(1, 3, "a.xlsx")  # few files: nothing
    assert terminal.getvalue() == ""
    for n in range(1, 13):
        show(n, 12, f"{n}.xlsx")
    if encoding == "gbk":  # a plain counter, on one line
        assert terminal.getvalue() == "".join(f"\r读取 {n}/12 …" for n in range(1, 13)) + "\n"
    else:  # rich's bar: drawn up to 12/12, then the cursor is shown again and the bar erased
        out = terminal.getvalue()
        assert "读取" in out and "12/12" in out
        assert out.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")
