"""DataFrames for analysts: the official tables (Table.to_frame), the findings (Report.flatten and
Report.to_frame) and a 台账's case rows (toolkit.frames.cases_frame) hold exactly what the library
read; and no command imports pandas on its way."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from log_fixtures import case, read, write_log

from toolkit import form
from toolkit.check import analyse_file, check
from toolkit.findings import FLAT_FIELDS, FileReport, Finding, Report
from toolkit.frames import CASE_COLUMNS, cases_frame
from toolkit.table import Table

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


def _cell(value: object) -> object:
    """A frame's cell as the table holds it: <NA> → None, numpy/pandas numbers → int or float."""
    return None if pd.isna(value) else value.item() if hasattr(value, "item") else value


def _read_table() -> Table:
    table = analyse_file(EXAMPLES / "上年" / "示范县2023年统计表.xlsx").stats.table
    assert any(v for row in table.sec3.values() for v in row)  # a table with figures
    return table


def test_table_frame_section_3_has_a_row_per_key_and_the_official_columns() -> None:
    table = _read_table()
    frame = table.to_frame()
    assert list(frame.index) == list(form.SEC3_KEYS) and frame.index.name == "key"
    assert list(frame.columns) == list(form.SEC3_COLUMNS)
    assert {str(t) for t in frame.dtypes} == {"Int64"}
    for key in form.SEC3_KEYS:
        assert [_cell(v) for v in frame.loc[key]] == table.sec3[key], key


def test_table_frame_sections_2_and_4() -> None:
    table = _read_table()
    table.sec2[form.SEC2_FEE_KEY] = Decimal("1.25")
    sec2 = table.to_frame(2)
    assert list(sec2.index) == list(form.SEC2_KEYS)
    for sub in form.SEC2_TABLES:
        for key in sub.rows:
            value = table.sec2[key]
            expected = [float(value)] if isinstance(value, Decimal) else value
            assert [_cell(sec2.loc[key, c]) for c in sub.columns] == (
                expected if isinstance(expected, list) else [expected]
            ), key
            others = [c for c in sec2.columns if c not in sub.columns]
            assert sec2.loc[key, others].isna().all(), key
    assert str(sec2[form.SEC2_TABLES[3].columns[0]].dtype) == "Float64"

    sec4 = table.to_frame(4)
    assert list(sec4.index) == list(form.SEC4_BLOCKS)
    assert list(sec4.columns) == list(form.SEC4_BLOCK_COLUMNS)
    assert [_cell(v) for v in sec4.to_numpy().ravel()] == table.sec4


def test_table_frame_keeps_unknown_and_odd_cells() -> None:
    table = Table("甲", 2024)
    table.sec3["一"][0] = None  # a blank cell in a published table
    table.sec3["二"][1] = "3件"  # a JSON table's text, before the rules reject it
    table.sec4[0] = float("nan")
    frame = table.to_frame()
    assert pd.isna(frame.loc["一", "自然人"]) and str(frame["自然人"].dtype) == "Int64"
    assert frame.loc["二", "商业企业"] == "3件" and frame["商业企业"].dtype == object
    assert frame["科研机构"].sum() == 0
    assert pd.isna(table.to_frame(4).loc[form.SEC4_REVIEW, "结果维持"])
    with pytest.raises(ValueError, match="2, 3 and 4"):
        table.to_frame(1)


def test_findings_join_onto_the_table_rows_by_key() -> None:
    report = check([EXAMPLES / "with-errors"])
    findings = report.to_frame()
    stats = next(f for f in report.files if f.kind == "stats")
    keyed = findings[findings["key"].isin(form.SEC3_KEYS) & (findings["path"] == stats.path)]
    assert len(keyed) > 0
    table = analyse_file(Path(stats.path)).stats.table.to_frame()
    joined = keyed.join(table, on="key")
    assert list(joined["key"]) == list(keyed["key"]) and "总计" in joined.columns


def test_flatten_gives_one_plain_row_per_finding_with_its_file() -> None:
    report = check([EXAMPLES / "with-errors"])
    rows = report.flatten()
    assert len(rows) == len(report.findings) > 0
    assert all(list(row) == list(FLAT_FIELDS) for row in rows)
    expected = [
        (file.kind, f.path, f.rule, f.severity, f.sheet, f.cell, f.key, f.column, f.message, f.hint)
        for file in report.files
        for f in file.findings
    ]
    order = ("kind", "path", "rule", "severity", "sheet", "cell", "key", "column", "message", "hint")
    assert [tuple(r[name] for name in order) for r in rows] == expected
    assert report.flatten(["rule", "path"]) == [{"rule": r["rule"], "path": r["path"]} for r in rows]
    with pytest.raises(ValueError, match="unknown fields"):
        report.flatten(["rule", "row"])


def test_report_frame_is_the_flattened_rows() -> None:
    finding = Finding("R2", "a.xlsx", "总计不对", sheet="表三", cell="J9", key="三.一", column="总计")
    report = Report(
        [
            FileReport("a.xlsx", "stats", [finding, Finding("R19", "a.xlsx", "格式")]),
            FileReport("b.xlsx", "log", error="无法读取", reason="corrupt"),
        ]
    )
    frame = report.to_frame()
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == report.flatten()
    assert {str(t) for t in frame.dtypes} == {"string"}
    assert list(frame["rule"]) == ["R2", "R19"] and list(frame["severity"]) == ["error", "format"]
    assert list(report.to_frame(["path", "cell"]).columns) == ["path", "cell"]
    empty = Report([FileReport("c.xlsx", "log")]).to_frame()
    assert empty.empty and list(empty.columns) == list(FLAT_FIELDS)


def test_cases_frame_columns_are_the_case_row_attributes() -> None:
    """A new attribute of a case row belongs in the frame too: add it to CASE_COLUMNS."""
    from toolkit.read.log import CaseRow

    attributes = tuple(f.name for f in dataclasses.fields(CaseRow) if f.name != "cells")
    assert ("path", *attributes) == CASE_COLUMNS


def test_cases_frame_holds_every_case_as_read() -> None:
    log = analyse_file(EXAMPLES / "台账" / "示范县教育局.xlsx").log
    frame = cases_frame(log)
    assert len(frame) == len(log.cases) > 10 and list(frame.columns) == list(CASE_COLUMNS)
    for (_, row), c in zip(frame.iterrows(), log.cases, strict=True):
        assert row["path"] == log.path and row["row"] == c.row and row["case_id"] == c.case_id
        assert row["received"].date() == c.received
        assert (row["concluded"].date() if not pd.isna(row["concluded"]) else None) == c.concluded
        assert row["applicant_type"] == c.applicant_type and row["extended"] == c.extended
    assert Counter(frame["result_key"].dropna()) == Counter(c.result_key for c in log.cases if c.result_key)


def test_cases_frame_blank_and_odd_values(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    write_log(
        path,
        [
            case(id="A-1", fee=12.5, corrected=date(2024, 3, 8)),
            case(id="A-2", result=None, applicant_type=None, concluded=date(9999, 12, 31), fee=None),
        ],
    )
    frame = cases_frame(read(path))
    assert list(frame["case_id"]) == ["A-1", "A-2"]
    assert frame["fee"].iloc[0] == 12.5 and pd.isna(frame["fee"].iloc[1])
    assert frame["corrected"].iloc[0].date() == date(2024, 3, 8) and pd.isna(frame["corrected"].iloc[1])
    assert pd.isna(frame["concluded"].iloc[1])  # a year out of range is unreadable
    assert pd.isna(frame["result_key"].iloc[1]) and pd.isna(frame["applicant_type"].iloc[1])
    empty = tmp_path / "empty.xlsx"
    write_log(empty, [])
    blank = cases_frame(read(empty))
    assert blank.empty and list(blank.columns) == list(CASE_COLUMNS)
    assert str(blank["received"].dtype).startswith("datetime64")


def _imported_modules(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    """Run ``xxgk ARGS`` as its console script does, and list every module it imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from toolkit.cli import run; run()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    modules = {
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    }
    return done.returncode, modules


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "examples/with-errors"], 1),
        (["check", "examples/台账", "--json"], 0),
        (["aggregate", "examples/台账", "examples/统计表", "-o", "{tmp}/out.xlsx", "--unit", "示范县"], 0),
    ],
    ids=["check", "check-json", "aggregate"],
)
def test_commands_never_import_pandas(tmp_path: Path, args: list[str], code: int) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    returncode, modules = _imported_modules(args, ROOT)
    assert returncode == code
    assert {"toolkit.cli", "toolkit.rules.analyse"} <= modules  # the command ran and imports were listed
    assert not {m for m in modules if m == "pandas" or m.startswith("pandas.")}
