"""``xxgk check FOLDER --summary 评估结果.xlsx``: one row per file, every finding, read back with openpyxl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import digests, run

from toolkit.check import check
from toolkit.findings import FileReport, Finding, Report
from toolkit.write.summary import (
    FINDINGS_HEADERS,
    FINDINGS_SHEET,
    SUMMARY_HEADERS,
    SUMMARY_SHEET,
    display_width,
    write_summary,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The examples' workbooks with mistakes and a clean 统计表, as a reviewer's folder."""
    inbox = tmp_path / "收到的附件"
    shutil.copytree(EXAMPLES / "with-errors", inbox)
    shutil.copy(EXAMPLES / "统计表" / "示范县住房和城乡建设局.xlsx", inbox / "住建局-正确.xlsx")
    return inbox


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_the_summary_has_one_row_per_file_and_every_finding(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "评估结果.xlsx"
    code, stdout, _, exception = run("check", folder, "--summary", out, "--json")
    assert exception is None and code == 1
    result = json.loads(stdout)
    summary = rows(out, SUMMARY_SHEET)
    assert summary[0] == SUMMARY_HEADERS
    by_file = {row[0]: dict(zip(SUMMARY_HEADERS, row, strict=True)) for row in summary[1:]}
    assert set(by_file) == {f["path"] for f in result["files"]}
    for entry in result["files"]:
        row = by_file[entry["path"]]
        own = entry["findings"] + [f for f in result["across"] if f["path"] == entry["path"]]
        severities = [f["severity"] for f in own]
        assert (row["错误"], row["提醒"], row["格式问题"]) == (
            severities.count("error"),
            severities.count("warning"),
            severities.count("format"),
        )
        assert row["规则"] == ("、".join(dict.fromkeys(f["rule"] for f in own)) or None)
    wrong_total = next(row for path, row in by_file.items() if "总计填错" in str(path))
    assert (wrong_total["类型"], wrong_total["单位"], wrong_total["年度"]) == (
        "统计表",
        "示范县住房和城乡建设局",
        2024,
    )
    assert (wrong_total["格式"], wrong_total["找到的表"]) == ("2021 版", "表二、表三、表四")
    assert str(wrong_total["第一个错误"]).startswith("Sheet1!J33：表三 三.四.1 总计")
    clean = next(row for path, row in by_file.items() if "正确" in str(path))
    assert (clean["错误"], clean["提醒"], clean["第一个错误"], clean["重复率"]) == (0, 0, None, None)
    log = next(row for path, row in by_file.items() if "收到日期写成文本" in str(path))
    assert (log["类型"], log["单位"], log["规则"]) == ("台账", "示范县东湖乡人民政府", "L3")

    listed = rows(out, FINDINGS_SHEET)
    assert listed[0] == FINDINGS_HEADERS
    # each finding across files right after the findings of the file it names
    paths = {entry["path"] for entry in result["files"]}
    expected = [
        (f["path"], f["rule"])
        for entry in result["files"]
        for f in entry["findings"] + [a for a in result["across"] if a["path"] == entry["path"]]
    ] + [(f["path"], f["rule"]) for f in result["across"] if f["path"] not in paths]
    assert [(row[0], row[2]) for row in listed[1:]] == expected
    assert ("Sheet1!J33", "R2", "错误") in [(row[1], row[2], row[3]) for row in listed[1:]]


def test_both_sheets_filter_keep_their_header_in_view_and_fit_their_text(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "评估结果.xlsx"
    run("check", folder, "--summary", out)
    book = openpyxl.load_workbook(out)
    for name, headers in ((SUMMARY_SHEET, SUMMARY_HEADERS), (FINDINGS_SHEET, FINDINGS_HEADERS)):
        sheet = book[name]
        last = openpyxl.utils.get_column_letter(len(headers))
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert sheet.freeze_panes == "A2"
        unit_column = sheet.column_dimensions["A"]
        longest = max(display_width(row[0]) for row in sheet.iter_rows(values_only=True))
        assert unit_column.width >= min(longest, 60)
    units = book[SUMMARY_SHEET].column_dimensions["C"].width
    assert units >= display_width("示范县住房和城乡建设局")


def test_the_summary_never_replaces_an_input_and_must_be_an_xlsx(folder: Path, tmp_path: Path) -> None:
    before = digests(folder)
    target = next(folder.glob("*.xlsx"))
    code, _, stderr, exception = run("check", folder, "--summary", target)
    assert (exception, code) == (None, 2)
    assert "--summary" in stderr
    code, _, stderr, _ = run("check", folder, "--summary", tmp_path / "评估结果.csv")
    assert code == 2 and ".xlsx" in stderr
    assert digests(folder) == before
    assert not (tmp_path / "评估结果.csv").exists()


def test_a_summary_written_into_the_input_folder_is_noted(folder: Path) -> None:
    report = check([folder], summary=folder / "评估结果.xlsx")
    assert (folder / "评估结果.xlsx").is_file()
    assert any("评估结果" in note and "移到文件夹之外" in note for note in report.notes)


def published(path: str = "报告/某县某局2024.pdf") -> FileReport:
    file = FileReport(path, "report", unit="某县某局", year=2024, layout="2021", tables=("表三", "表四"))
    file.findings = [
        Finding(
            "R14",
            path,
            "正文写的是 17件，而表三一总计为 95",
            "请核对",
            sheet="第3段",
            key="一",
            column="总计",
        ),
        Finding("R26", path, "没有找到第五部分", "请补上"),
        Finding("R2", path, "表三 三.七 总计 1 ≠ 0", "改正", sheet="第3页 表3", key="三.七", column="总计"),
    ]
    file.repetition = 0.625
    file.narrative = [
        {
            "text": "收到申请17件",
            "number": 17,
            "key": "一",
            "column": "总计",
            "table_value": 95,
            "agrees": False,
        }
    ]
    return file


def test_a_report_row_carries_its_unit_year_counts_and_repetition(tmp_path: Path) -> None:
    unreadable = FileReport("报告/扫描件.pdf", "report", error="PDF 没有文字层（扫描件）", reason="no_text")
    report = Report([published(), unreadable])
    out = write_summary(report, tmp_path / "评估结果.xlsx")
    summary = rows(out, SUMMARY_SHEET)
    assert summary[1] == (
        "报告/某县某局2024.pdf",
        "年度报告",
        "某县某局",
        2024,
        "2021 版",
        "表三、表四",
        1,
        1,
        1,
        "R14、R26、R2",
        "第3页 表3 三.七 总计：表三 三.七 总计 1 ≠ 0",
        0.625,
        None,
    )
    assert summary[2][:2] == ("报告/扫描件.pdf", "年度报告")
    assert summary[2][10] == "无法读取：PDF 没有文字层（扫描件）"
    book = openpyxl.load_workbook(out)
    assert book[SUMMARY_SHEET]["L2"].number_format == "0%"
    listed = rows(out, FINDINGS_SHEET)
    assert [row[1:4] for row in listed[1:]] == [
        ("第3段 一 总计", "R14", "提醒"),
        (None, "R26", "格式"),
        ("第3页 表3 三.七 总计", "R2", "错误"),
        (None, "no_text", "无法读取"),
    ]


def test_the_same_findings_give_the_same_bytes(tmp_path: Path) -> None:
    a = write_summary(Report([published()]), tmp_path / "a.xlsx")
    b = write_summary(Report([published()]), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_json_carries_narrative_and_repetition_only_for_reports_that_have_them() -> None:
    entry = published().to_json()
    assert entry["repetition"] == 0.625
    assert entry["narrative"][0]["agrees"] is False
    assert "narrative" not in FileReport("台账.xlsx", "log").to_json()
    assert "repetition" not in FileReport("台账.xlsx", "log").to_json()


@pytest.mark.parametrize(("text", "width"), [("文件", 4), ("R14", 3), ("表三 一", 7), ("ab\n文件名", 6)])
def test_display_width_counts_a_cjk_character_as_two(text: str, width: int) -> None:
    assert display_width(text) == width


def test_a_file_named_only_by_findings_across_files_is_counted_and_not_called_clean(tmp_path: Path) -> None:
    """R11 of a year pair names this year's file: its summary row counts it, the console does not
    print it as clean."""
    from toolkit import form
    from toolkit.table import Table

    folder = tmp_path / "两年"
    folder.mkdir()
    for year, carried_in, carried_out in ((2023, 0, 3), (2024, 2, 0)):
        table = Table("示范县示范镇人民政府", year)
        table.sec3["一"][0] = 5
        table.sec3["二"][0] = carried_in
        table.sec3["三.一"][0] = 5 + carried_in - carried_out
        table.sec3[form.CARRIED_OUT_KEY][0] = carried_out
        (folder / f"{year}.json").write_text(table.with_totals().dumps(), encoding="utf-8")
    out = tmp_path / "评估结果.xlsx"
    code, stdout, _, exception = run("check", folder, "--summary", out)
    assert exception is None and code == 1
    by_name = {
        Path(str(row[0])).name: dict(zip(SUMMARY_HEADERS, row, strict=True))
        for row in rows(out, SUMMARY_SHEET)[1:]
    }
    assert (by_name["2024.json"]["错误"], by_name["2024.json"]["规则"]) == (1, "R11")
    assert by_name["2023.json"]["错误"] == 0
    assert "√ 2024.json" not in stdout and "与其他文件比较有 1 个问题" in stdout
