"""``xxgk check`` end to end on workbooks: each mistake once, at the right cell; clean files pass;
unreadable files get one line and exit 2; annotated copies; the JSON contract."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from engine import recalculate, require_soffice
from log_fixtures import case, review, write_log
from sample_layout import write_2019_layout, write_sample_layout
from typer.testing import CliRunner

from toolkit import form
from toolkit.check import check
from toolkit.cli import app
from toolkit.table import Table
from toolkit.write.annotate import RESULTS_SHEET, annotated_path
from toolkit.write.stats_workbook import write_stats_workbook

DATA = Path(__file__).parent / "data"


def where(report) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.sheet, f.cell) for f in report.findings]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def unit_folder(tmp_path: Path) -> Path:
    """A county reviewer's folder: units' files, each with its typical mistake (or none)."""
    folder = tmp_path / "收到的附件"
    folder.mkdir()
    write_log(folder / "clean_log.xlsx", [case(id="A-1"), case(id="A-2", result=form.RESULT_LABELS[12])])
    write_log(folder / "date_as_text_in_wrong_form.xlsx", [case(id="B-1", received="3月5日")])
    write_log(folder / "unknown_result_label.xlsx", [case(id="C-1", result="已公开")])
    write_log(folder / "duplicated_case_id.xlsx", [case(id="D-1"), case(id="D-1")])
    write_log(
        folder / "review_result_while_pending.xlsx",
        [case(id="E-1")],
        reviews=[review(concluded=None, result="尚未审结")],
    )
    write_sample_layout(folder / "published_table_wrong_total.xlsx")
    write_stats_workbook(Table("示范县示范镇人民政府", 2024), folder / "clean_stats.xlsx")
    return folder


def test_each_mistake_is_found_once_at_the_right_cell(unit_folder: Path) -> None:
    report = check([unit_folder])
    by_file = {Path(f.path).name: [(x.rule, x.sheet, x.cell) for x in f.findings] for f in report.files}
    assert by_file == {
        "clean_log.xlsx": [],
        "clean_stats.xlsx": [],
        "date_as_text_in_wrong_form.xlsx": [("L3", form.SHEET_LOG, "B2")],
        "unknown_result_label.xlsx": [("L2", form.SHEET_LOG, "G2")],
        "duplicated_case_id.xlsx": [("L4", form.SHEET_LOG, "A3")],
        "review_result_while_pending.xlsx": [("L7", form.SHEET_REVIEW, "E2")],
        "published_table_wrong_total.xlsx": [
            ("R20", "Sheet1", "A6"),
            ("R20", "Sheet1", "B26"),
            ("R2", "Sheet1", "J34"),
        ],
    }
    kinds = {Path(f.path).name: f.kind for f in report.files}
    assert kinds["clean_stats.xlsx"] == "stats" and kinds["clean_log.xlsx"] == "log"
    assert report.exit_code == 1


def test_sample_workbook_root_finding_is_the_34_1_total(tmp_path: Path) -> None:
    path = write_sample_layout(tmp_path / "sample.xlsx")
    report = check([path])
    errors = [(f.rule, f.key, f.column) for f in report.findings if f.is_error]
    assert errors == [("R2", "三.四.1", form.SEC3_TOTAL_COLUMN)]
    drift = [f for f in report.findings if f.rule == "R20"]
    assert [f.severity for f in drift] == ["format", "format"]
    assert {form.SEC2_NORMATIVE_KEY, form.RESULT_GROUP["三.三"].label} <= {
        part for f in drift for part in (f.message.split("“")[-1].split("”")[0],)
    }


def test_2019_layout_is_r19_and_not_checked_further(tmp_path: Path) -> None:
    report = check([write_2019_layout(tmp_path / "old.xlsx")])
    assert [f.rule for f in report.findings] == ["R19"]
    assert report.exit_code == 0  # a format finding is not an error; the reviewer is told


def test_clean_file_passes_silently(tmp_path: Path) -> None:
    path = write_log(tmp_path / "ok.xlsx", [case(id="1")])
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("√ ok.xlsx") and "未发现问题" in lines[0]
    assert len(lines) == 2  # the file's line and the summary


def test_inputs_are_never_modified(unit_folder: Path, tmp_path: Path) -> None:
    before = {p: digest(p) for p in unit_folder.iterdir()}
    check([unit_folder], annotate_dir=tmp_path / "out")
    assert {p: digest(p) for p in unit_folder.iterdir()} == before


def test_json_output_equals_the_library_result(unit_folder: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(unit_folder), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == check([unit_folder]).to_json()


def test_annotated_copy_marks_cells_and_lists_findings(tmp_path: Path) -> None:
    path = write_log(tmp_path / "log.xlsx", [case(id="1", received="2024-02-30"), case(id="1")])
    out = tmp_path / "annotated"
    report = check([path], annotate_dir=out)
    copy = annotated_path(path, out)
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == RESULTS_SHEET
    for finding in report.findings:
        cell = wb[finding.sheet][finding.cell]
        assert cell.fill.start_color.rgb.endswith("FFC7CE")
        assert finding.rule in cell.comment.text
    listed = [row[1] for row in wb[RESULTS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [f.rule for f in report.findings]


@pytest.mark.slow
def test_annotated_copy_opens_in_libreoffice_with_its_comments(tmp_path: Path) -> None:
    require_soffice()
    path = write_log(tmp_path / "log.xlsx", [case(id="1", result="已公开")])
    check([path], annotate_dir=tmp_path / "out")
    copy = annotated_path(path, tmp_path / "out")
    sheets = recalculate(copy)  # LibreOffice loads it and exports every sheet
    assert RESULTS_SHEET in sheets and form.SHEET_LOG in sheets
    assert sheets[RESULTS_SHEET][1][1] == "L2"
    # round-trip through LibreOffice's own xlsx writer: the comment is still on the cell
    import subprocess

    from engine import soffice_path

    resaved = tmp_path / "lo"
    subprocess.run(
        [
            soffice_path(),
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(resaved),
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    wb = openpyxl.load_workbook(resaved / copy.name)
    assert "L2" in wb[form.SHEET_LOG]["G2"].comment.text


def _truncated(tmp_path: Path) -> Path:
    good = write_log(tmp_path / "good.xlsx", [case(id="1")])
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return bad


def _xls(tmp_path: Path) -> Path:
    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600 + "Workbook".encode("utf-16-le"))
    return path


def _encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "locked.xlsx"
    body = "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600 + body)
    return path


def _entity_bomb(tmp_path: Path) -> Path:
    good = write_log(tmp_path / "good.xlsx", [case(id="1")])
    bad = tmp_path / "bomb.xlsx"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><sst>&b;</sst>'
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, bomb.encode() if item.filename == "xl/sharedStrings.xml" else data)
    return bad


def _not_a_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "renamed.xlsx"
    path.write_text("申请编号,收到日期\n1,2024-03-05\n", encoding="utf-8")
    return path


def _no_cached_values(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1+1"
    path = tmp_path / "openpyxl-made.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_truncated, "不完整"),
        (_xls, "另存为 .xlsx"),
        (_encrypted, "加密"),
        (_entity_bomb, "不安全"),
        (_not_a_workbook, "不是 Excel 工作簿"),
        (_no_cached_values, "没有保存计算结果"),
    ],
    ids=["truncated", "xls", "encrypted", "xml-entity-bomb", "csv-renamed", "formula-without-value"],
)
def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, make, fragment: str) -> None:
    path = make(tmp_path)
    before = digest(path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    file_lines = [line for line in result.stdout.splitlines() if line.startswith("×")]
    assert len(file_lines) == 1 and fragment in file_lines[0] and str(path) in file_lines[0]
    assert "Traceback" not in result.output
    assert digest(path) == before


def test_xlsm_is_read_and_the_macros_noted(tmp_path: Path) -> None:
    good = write_log(tmp_path / "good.xlsx", [case(id="1")])
    xlsm = tmp_path / "with-macros.xlsm"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\0" * 64)
    report = check([xlsm])
    assert report.exit_code == 0 and report.files[0].kind == "log"
    assert any("宏" in note for note in report.files[0].notes)


def test_the_year_decides_what_is_checked(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "next-year.xlsx", [case(id="1", received=date(2025, 1, 3), concluded=None, result=None)]
    )
    assert where(check([path])) == [("L5", form.SHEET_LOG, "B2")]


def test_check_accepts_a_copy_of_our_template_blank(tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    shutil.copy(Path(__file__).parent.parent / "workbooks" / "依申请公开登记台账模板.xlsx", blank)
    report = check([blank])
    assert report.files[0].kind == "log"
    assert [f.rule for f in report.findings] == ["L5"]  # no 统计年度 yet: said once


def test_log_section2_gets_r8_for_a_township(tmp_path: Path) -> None:
    sec2 = Table().sec2
    sec2[form.SEC2_RULES_KEY] = [1, 0, 1]
    path = write_log(tmp_path / "rules.xlsx", [case(id="1")], sec2=sec2)
    report = check([path])
    assert [(f.rule, f.sheet) for f in report.findings] == [("R8", form.SHEET_SEC2)]
    assert report.findings[0].cell is not None


def test_holiday_table_option_extends_the_calendar(tmp_path: Path) -> None:
    # 2099 is not in the shipped table: a user table makes five weekdays of January holidays
    rows = "\n".join(f"2099-01-0{d},休,测试假期" for d in (2, 5, 6, 7, 8))
    holidays = tmp_path / "holidays.csv"
    holidays.write_text("date,kind,name\n" + rows + "\n", encoding="utf-8")
    path = write_log(
        tmp_path / "late.xlsx",
        [case(id="1", received=date(2099, 1, 1), concluded=date(2099, 2, 2))],
        year=2099,
    )
    plain = CliRunner().invoke(app, ["check", str(path), "--json"])
    with_table = CliRunner().invoke(app, ["check", str(path), "--json", "--holidays", str(holidays)])
    rules = [[f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]] for r in (plain, with_table)]
    assert rules == [["L6"], []]


def test_annotate_failure_keeps_the_report(tmp_path: Path) -> None:
    """A file openpyxl cannot load (an odd style calamine ignores) gets no copy, but its report stays."""
    good = write_log(tmp_path / "good.xlsx", [case(id="1", result="已公开")])
    odd = tmp_path / "odd-style.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = data.replace(b'<sz val="11"/>', b'<sz val="11pt"/>', 1)
            dst.writestr(item, data)
    report = check([odd], annotate_dir=tmp_path / "out")
    assert [(f.rule, f.cell) for f in report.findings] == [("L2", "G2")]
    assert any("未能写出标注副本" in note for note in report.files[0].notes)


def test_2019_layout_still_gets_r4_on_its_section_4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sample_layout

    broken = sample_layout.table_2019()
    broken.sec4[4] = 3  # 行政复议 总计 3, its four parts add up to 1
    monkeypatch.setattr(sample_layout, "table_2019", lambda: broken)
    report = check([write_2019_layout(tmp_path / "old.xlsx")])
    assert [(f.rule, f.column) for f in report.findings] == [("R19", None), ("R4", "行政复议·总计")]
    assert report.exit_code == 1
