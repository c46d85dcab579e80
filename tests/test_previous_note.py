"""A legitimate break of R11 has a way through (issue 13 item 7): ``--previous-note TEXT``.

A merger or a change of scope makes this year's 上年结转 differ from last year's 结转下年度. With the
unit's explanation R11 is a warning, the explanation is in the 统计表's 校验 sheet (whose formula checks
stay as they are) and in the report as ``{{上年结转说明}}``; without ``--previous`` the option is a usage
error.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import docx
import pytest
from log_fixtures import case, write_log
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from toolkit import form
from toolkit.cli import app
from toolkit.write.previous_year import EXPLAINED
from toolkit.write.stats_workbook import check_rows

UNIT = "示范县东湖乡人民政府"
NOTE = "2024年3月原西山乡并入本乡，上年结转含原西山乡结转的1件申请。"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def years(tmp_path: Path) -> dict[str, Path]:
    """2023's 统计表 (one case carried out) and 2024's 台账 carrying in two: the merged unit's too."""
    pending = {"concluded": None, "result": None}
    log_2023 = write_log(
        tmp_path / "2023台账.xlsx",
        [
            case(id="A-1", received=date(2023, 3, 1), concluded=date(2023, 3, 9)),
            case(id="A-2", received=date(2023, 12, 1), **pending),
        ],
        unit=UNIT,
        year=2023,
    )
    stats_2023 = tmp_path / "2023统计表.xlsx"
    code, out, err = run("aggregate", log_2023, "-o", stats_2023)
    assert code == 0, (out, err)
    log_2024 = write_log(
        tmp_path / "2024台账.xlsx",
        [
            case(id="A-2", received=date(2023, 12, 1), concluded=date(2024, 1, 5)),
            case(id="X-7", received=date(2023, 12, 8), concluded=date(2024, 1, 9)),  # from the merged 西山乡
            case(id="B-1"),
        ],
        unit=UNIT,
    )
    return {"log": log_2024, "previous": stats_2023, "folder": tmp_path}


def test_without_a_note_r11_blocks(years: dict[str, Path]) -> None:
    out = years["folder"] / "2024统计表.xlsx"
    code, stdout, _ = run("aggregate", years["log"], "-o", out, "--previous", years["previous"], "--json")
    data = json.loads(stdout)
    assert code == 1 and not out.exists()
    r11 = [f for f in data["findings"] if f["rule"] == "R11"]
    # one finding at the root column: the 总计 it feeds is not reported again
    assert {(f["severity"], f["column"]) for f in r11} == {("error", form.APPLICANT_TYPES[0])}


def test_a_note_makes_r11_a_warning_and_goes_into_the_checks_sheet(years: dict[str, Path]) -> None:
    out = years["folder"] / "2024统计表.xlsx"
    before = digest(years["previous"])
    code, stdout, stderr = run(
        "aggregate",
        years["log"],
        "-o",
        out,
        "--previous",
        years["previous"],
        "--previous-note",
        NOTE,
        "--json",
    )
    assert code == 0, (stdout, stderr)
    data = json.loads(stdout)
    r11 = [f for f in data["findings"] if f["rule"] == "R11"]
    # one finding at the root column: the 总计 it feeds is not reported again
    assert {(f["severity"], f["column"]) for f in r11} == {("warning", form.APPLICANT_TYPES[0])}
    assert digest(years["previous"]) == before

    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(form.SHEET_CHECKS).to_python()
    # the formula checks of R1–R4 are untouched: same rows, all 通过, and the verdict counts only them
    for r0, identity in check_rows().items():
        assert (rows[r0][0], rows[r0][1], rows[r0][4]) == (identity.rule, identity.title, form.PASS)
    assert rows[1][1] == f"全部{form.PASS}"
    below = rows[max(check_rows()) + 1 :]
    r11_rows = [r for r in below if r[0] == "R11"]
    assert [(r[2], r[3], r[4]) for r in r11_rows] == [
        (2.0, 1.0, EXPLAINED),
        *[(0.0, 0.0, form.PASS)] * 5,
        (2.0, 1.0, EXPLAINED),
    ]
    assert [r[1] for r in below if r[0] == "说明"] == [NOTE]

    # the formula behind the result is live: it reads 表三's 上年结转
    import openpyxl

    ws = openpyxl.load_workbook(out)[form.SHEET_CHECKS]
    first = max(check_rows()) + 1 + below.index(r11_rows[0]) + 1
    assert str(ws.cell(first, 3).value).startswith(f"='{form.SHEET_TABLE3}'!")
    assert str(ws.cell(first, 5).value).startswith("=IF(")


def test_previous_is_written_as_checks_without_a_note_too(tmp_path: Path) -> None:
    log = write_log(tmp_path / "2024台账.xlsx", [case(id="B-1")], unit=UNIT)
    previous_log = write_log(
        tmp_path / "2023台账.xlsx",
        [case(id="A-1", received=date(2023, 3, 1), concluded=date(2023, 3, 9))],
        unit=UNIT,
        year=2023,
    )
    previous = tmp_path / "2023统计表.xlsx"
    assert run("aggregate", previous_log, "-o", previous)[0] == 0
    out = tmp_path / "2024统计表.xlsx"
    code, stdout, stderr = run("aggregate", log, "-o", out, "--previous", previous)
    assert code == 0, (stdout, stderr)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(form.SHEET_CHECKS).to_python()
    r11 = [r[4] for r in rows if r and r[0] == "R11"]
    assert r11 == [form.PASS] * len(form.SEC3_COLUMNS)
    assert not [r for r in rows if r and r[0] == "说明"]


@pytest.mark.parametrize("command", ["aggregate", "fill-report"])
def test_a_note_without_previous_is_a_usage_error(years: dict[str, Path], command: str) -> None:
    folder = years["folder"]
    target = folder / ("out.xlsx" if command == "aggregate" else "out.docx")
    source = years["log"] if command == "aggregate" else years["previous"]
    code, _, stderr = run(command, source, "-o", target, "--previous-note", NOTE)
    assert code == 2 and "--previous" in stderr
    assert not target.exists()


def test_the_report_quotes_the_note(years: dict[str, Path]) -> None:
    folder = years["folder"]
    stats = folder / "2024统计表.xlsx"
    args = ("--previous", years["previous"], "--previous-note", NOTE)
    assert run("aggregate", years["log"], "-o", stats, *args)[0] == 0
    template = folder / "模板.docx"
    document = docx.Document()
    document.add_paragraph("上年结转{{上年结转}}件。{{上年结转说明}}")
    document.save(str(template))

    report = folder / "年报.docx"
    code, stdout, _ = run("fill-report", stats, "-t", template, "-o", report, "--previous", years["previous"])
    assert code == 1 and "R11" in stdout and not report.exists()

    code, stdout, stderr = run("fill-report", stats, "-t", template, "-o", report, *args)
    assert code == 0, (stdout, stderr)
    text = "".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert f"上年结转2件。{NOTE}" in text

    plain = folder / "无上年.docx"
    code, stdout, stderr = run("fill-report", stats, "-t", template, "-o", plain)
    assert code == 0, (stdout, stderr)
    text = "".join(p.text for p in docx.Document(str(plain)).paragraphs)
    assert "上年结转2件。" in text and NOTE not in text


def test_the_placeholder_is_listed() -> None:
    code, stdout, _ = run("template", "report", "--list-variables")
    assert code == 0 and "{{上年结转说明}}" in stdout
