"""The year turns over (issue 13 item 8): ``xxgk template log --year 2025 --carry-over 2024台账.xlsx``.

Next year's 台账 starts with last year's pending cases, so that 二 (上年结转) of the new year equals
四 (结转下年度) of the old one by construction; the old 台账 is checked like ``check`` does, refused
with errors, and never modified.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from log_fixtures import PERSONAL, case, read, review, write_log
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from toolkit import form
from toolkit.cli import app
from toolkit.write.provenance import SHEET_TRACE

UNIT = "示范县东湖乡人民政府"
PENDING = ("H-002", "H-003", "H-004", "H-006")  # not concluded on 2024-12-31


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def aggregate_json(log: Path, out: Path) -> dict:
    code, stdout, stderr = run("aggregate", log, "-o", out, "--json")
    assert code == 0, (stdout, stderr)
    return json.loads(stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def last_year_log(path: Path) -> Path:
    natural, company, other = form.APPLICANT_TYPES[0], form.APPLICANT_TYPES[1], form.APPLICANT_TYPES[5]
    return write_log(
        path,
        [
            case(id="H-001"),  # concluded in 2024: stays behind
            case(id="H-002", concluded=None, result=None, office="城建办"),
            case(id="H-003", received=date(2024, 12, 20), concluded=date(2025, 1, 8), applicant_type=company),
            case(id="H-004", received=date(2023, 12, 11), concluded=None, result=None, applicant_type=other),
            case(id="H-005", received=date(2023, 11, 2), concluded=date(2024, 1, 5)),  # carried in, closed
            case(
                id="H-006", received=date(2024, 12, 30), concluded=None, result=None, applicant_type=natural
            ),
        ],
        unit=UNIT,
        reviews=[review(id="复-1"), review(id="复-2", concluded=None, result=None)],
    )


def trace_row(stats: Path, label: str) -> list[str]:
    """The case IDs behind one row of 表三, per applicant column, from the 明细 sheet."""
    rows = CalamineWorkbook.from_path(str(stats)).get_sheet_by_name(SHEET_TRACE).to_python()
    found = [r for r in rows if len(r) > 2 and r[2] == label]
    assert len(found) == 1, label
    return [str(v) for v in found[0][3 : 3 + len(form.APPLICANT_TYPES)]]


def test_next_year_carries_in_exactly_what_last_year_carried_out(tmp_path: Path) -> None:
    old = last_year_log(tmp_path / "2024台账.xlsx")
    before = digest(old)
    last = aggregate_json(old, tmp_path / "2024统计表.xlsx")

    new = tmp_path / "2025台账.xlsx"
    code, stdout, stderr = run("template", "log", "--year", "2025", "--carry-over", old, "-o", new)
    assert code == 0, (stdout, stderr)
    assert digest(old) == before
    now = aggregate_json(new, tmp_path / "2025统计表.xlsx")

    carried_out = last["table"]["sec3"][form.CARRIED_OUT_KEY]
    assert carried_out[form.TOTAL_COL] == len(PENDING)  # H-003 concluded in 2025, H-004 received in 2023
    assert now["table"]["sec3"][form.CARRIED_IN_KEY] == last["table"]["sec3"][form.CARRIED_OUT_KEY]
    assert now["table"]["sec3"][form.RECEIVED_KEY][form.TOTAL_COL] == 0
    assert now["accounting"]["excluded"] == []
    out_label = form.SEC3_ROW[form.CARRIED_OUT_KEY].label
    in_label = form.SEC3_ROW[form.CARRIED_IN_KEY].label
    assert trace_row(tmp_path / "2025统计表.xlsx", in_label) == trace_row(
        tmp_path / "2024统计表.xlsx", out_label
    )

    log = read(new)
    assert log.info.name == UNIT and log.info.year == 2025
    assert [c.case_id for c in log.cases] == list(PENDING)
    old_cases = {c.case_id: c for c in read(old).cases}
    for c in log.cases:
        was = old_cases[c.case_id]
        assert (c.received, c.applicant_type, c.concluded, c.result_key, c.office) == (
            was.received,
            was.applicant_type,
            was.concluded,
            was.result_key,
            was.office,
        )
    assert [r.case_id for r in log.reviews] == ["复-2"]
    # the unit's own columns, personal ones included: the 台账 stays with the unit
    rows = CalamineWorkbook.from_path(str(new)).get_sheet_by_name(form.SHEET_LOG).to_python()
    header = rows[0]
    for name, value in PERSONAL.items():
        assert rows[1][header.index(name)] == value
    assert rows[1][header.index(form.LOG_OFFICE)] == "城建办"
    assert rows[1][header.index(form.LOG_METHOD)] == form.APPLY_METHODS[0]
    guide = CalamineWorkbook.from_path(str(new)).get_sheet_by_name(form.SHEET_GUIDE).to_python()
    assert any("2024台账.xlsx" in str(v) and "第 2–5 行" in str(v) for row in guide for v in row)

    code, stdout, _ = run("check", new)
    assert code == 0, stdout


def test_the_year_defaults_to_the_next_one(tmp_path: Path) -> None:
    old = last_year_log(tmp_path / "2024台账.xlsx")
    code, stdout, stderr = run("template", "log", "--carry-over", old, "-o", tmp_path)
    assert code == 0, (stdout, stderr)
    made = tmp_path / f"{UNIT}2025年依申请公开登记台账.xlsx"
    assert made.is_file() and read(made).info.year == 2025


@pytest.mark.parametrize(
    ("cases", "extra", "word"),
    [
        ([case(id="X-1", concluded=date(2024, 3, 20), result=None)], [], "L1"),  # an error in the 台账
        ([case(id="X-1")], ["--year", "2026"], "2025"),  # not the next year
    ],
)
def test_refused_and_nothing_written(tmp_path: Path, cases: list, extra: list[str], word: str) -> None:
    old = write_log(tmp_path / "2024台账.xlsx", cases, unit=UNIT)
    before = digest(old)
    new = tmp_path / "2025台账.xlsx"
    code, _, stderr = run("template", "log", "--carry-over", old, "-o", new, *extra)
    assert code == 2
    assert word in stderr
    assert not new.exists()
    assert digest(old) == before


def test_never_overwrites_last_years_log(tmp_path: Path) -> None:
    old = last_year_log(tmp_path / "2024台账.xlsx")
    before = digest(old)
    code, _, stderr = run("template", "log", "--carry-over", old, "-o", old, "--force")
    assert code == 2 and "--carry-over" in stderr
    assert digest(old) == before


def test_a_stats_workbook_is_not_a_log(tmp_path: Path) -> None:
    old = last_year_log(tmp_path / "2024台账.xlsx")
    stats = tmp_path / "2024统计表.xlsx"
    aggregate_json(old, stats)
    before = digest(stats)
    code, _, stderr = run("template", "log", "--carry-over", stats, "-o", tmp_path / "new.xlsx")
    assert code == 2 and "不是台账" in stderr
    assert not (tmp_path / "new.xlsx").exists() and digest(stats) == before
