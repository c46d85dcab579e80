"""The summary workbook of ``check --summary 评估结果.xlsx``: a folder of reports in one workbook.

Sheet 1 (``SUMMARY_SHEET``): one row per file — the file, its kind, unit, year, layout, the tables
found, its counts of errors, warnings and format findings, its rule IDs, its first error in words,
the share of its narrative repeated from last year and a remark (a report whose tables were not
found: only its text checked); a file the collector skipped (empty, not a report) is a row saying
why. Sheet 2 (``FINDINGS_SHEET``): every finding — the file, its place, rule, severity, message and
fix; a file that could not be read is one row there too, and each finding across files (R11, R10,
R24, R25, L4) is listed right after the findings of the file it names. Both sheets have a header
row that stays in view, an autofilter and widths that fit the Chinese text (a CJK character is two
columns wide).
Written atomically with xlsxwriter (toolkit.write.xlsx), the same bytes for the same findings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.findings import ERROR, FORMAT, SEVERITY_WORDS, FileReport, Finding, Report
from toolkit.write.xlsx import finish, new_workbook

__all__ = [
    "FINDINGS_HEADERS",
    "FINDINGS_SHEET",
    "SUMMARY_HEADERS",
    "SUMMARY_SHEET",
    "display_width",
    "skipped_row",
    "summary_row",
    "write_summary",
]

SUMMARY_SHEET, FINDINGS_SHEET = "评估结果", "问题清单"
SUMMARY_HEADERS: tuple[str, ...] = (
    "文件",
    "类型",
    "单位",
    "年度",
    "格式",
    "找到的表",
    "错误",
    "提醒",
    "格式问题",
    "规则",
    "第一个错误",
    "重复率",
    "备注",
)
FINDINGS_HEADERS: tuple[str, ...] = ("文件", "位置", "规则", "严重程度", "说明", "建议")
KIND_WORDS = {"log": "台账", "stats": "统计表", "json": "JSON 表格", "report": "年度报告", "unknown": ""}
LAYOUT_WORDS = {"2021": "2021 版", "2019": "2019 版", "hybrid": "新旧混合", "unknown": "未识别"}
UNREADABLE_WORDS = "无法读取"
SKIPPED_WORDS = "未检查"
REPETITION_COLUMN = SUMMARY_HEADERS.index("重复率")
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in Excel's units (about one Latin character)
PERCENT = "0%"


def display_width(text: object) -> int:
    """How wide ``text`` shows in a cell: two for a wide (CJK) character, one for the others; the
    longest line of a multi-line text."""
    lines = str(text).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def summary_row(file: FileReport, across: Sequence[Finding] = ()) -> list[Any]:
    """The row of ``file`` on the summary sheet, under ``SUMMARY_HEADERS``. ``across``: the findings
    across files (R11 of a year pair, R24, R25, L4); those naming ``file`` count in its row too. 备注:
    what a reader must know of what was checked — a report whose tables were not found (pictures)
    had only its text checked."""
    findings = list(file.findings) + [f for f in across if f.path == file.path]
    formats = sum(f.severity == FORMAT for f in findings)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors - formats
    rules = "、".join(dict.fromkeys(f.rule for f in findings))
    first = next((f for f in findings if f.severity == ERROR), None)
    if file.error:
        first_error = f"{UNREADABLE_WORDS}：{file.error}"
    else:
        first_error = _described(first) if first is not None else ""
    return [
        file.path,
        KIND_WORDS.get(file.kind, file.kind),
        file.unit,
        file.year,
        LAYOUT_WORDS.get(file.layout, file.layout),
        "、".join(file.tables),
        errors,
        warnings,
        formats,
        rules,
        first_error,
        file.repetition,
        "；".join(_remarks(file)),
    ]


def _remarks(file: FileReport) -> list[str]:
    """The notes of ``file`` that change what its row means: its tables not found (only the text
    checked)."""
    from toolkit.rules.analyse import MSG_TABLES_NOT_FOUND

    return [note for note in file.notes if note == MSG_TABLES_NOT_FOUND]


def skipped_row(item: Mapping[str, str]) -> list[Any]:
    """The summary row of a file the collector skipped (empty, not a report): its path, and why."""
    row: list[Any] = [""] * len(SUMMARY_HEADERS)
    row[0], row[1] = item.get("path", ""), SKIPPED_WORDS
    row[-1] = item.get("reason", "")
    return row


def _described(finding: Finding) -> str:
    place = _place(finding)
    return f"{place}：{finding.message}" if place else finding.message


def _place(finding: Finding) -> str:
    """Where in the file: ``表三!H20``, ``第3页 表3`` (a document's place), ``三.四.1 总计``."""
    if finding.sheet and finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    parts = [finding.sheet, finding.key, finding.column]
    return " ".join(p for p in parts if p)


def _finding_row(f: Finding) -> list[Any]:
    return [f.path, _place(f), f.rule, SEVERITY_WORDS[f.severity], f.message, f.hint]


def _finding_rows(report: Report, across: Sequence[Finding]) -> list[list[Any]]:
    """Every finding, file by file: a file's own, then those across files that name it (R11, R10 of
    a year pair, R24 …) right after them; those naming no file of the report at the end."""
    rows: list[list[Any]] = []
    paths = {file.path for file in report.files}
    for file in report.files:
        if file.error:
            rows.append([file.path, "", file.reason or "", UNREADABLE_WORDS, file.error, ""])
        rows += [_finding_row(f) for f in file.findings]
        rows += [_finding_row(f) for f in across if f.path == file.path]
    rows += [_finding_row(f) for f in across if f.path not in paths]
    return rows


def write_summary(report: Report, path: Path, *, skipped: Sequence[Mapping[str, str]] | None = None) -> Path:
    """Write the summary workbook of ``report`` at ``path`` (atomically) and return ``path``.
    ``skipped``: the files the collector skipped ({"path", "reason"}; by default the report's own
    ``skipped`` when it has one), each a row saying why."""
    wb, buffer = new_workbook()
    header = wb.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "vcenter", "text_wrap": True}
    )
    text = wb.add_format({"valign": "top", "text_wrap": True})
    percent = wb.add_format({"valign": "top", "num_format": PERCENT})
    across = list(getattr(report, "across", []))
    rows = [summary_row(file, across) for file in report.files]
    rows += [skipped_row(item) for item in (getattr(report, "skipped", []) if skipped is None else skipped)]
    _sheet(wb, SUMMARY_SHEET, SUMMARY_HEADERS, rows, header, text, {REPETITION_COLUMN: percent})
    _sheet(wb, FINDINGS_SHEET, FINDINGS_HEADERS, _finding_rows(report, across), header, text, {})
    return finish(wb, buffer, Path(path))


def _sheet(
    wb: Any,
    name: str,
    headers: Sequence[str],
    rows: list[list[Any]],
    header: Any,
    text: Any,
    formats: dict[int, Any],
) -> None:
    ws = wb.add_worksheet(name)
    widths = [display_width(h) for h in headers]
    for c, title in enumerate(headers):
        ws.write_string(0, c, title, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            fmt = formats.get(c, text)
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), fmt)
                widths[c] = max(widths[c], display_width(value))
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
