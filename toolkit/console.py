"""The human-readable report of ``check``: grouped by file, counts first, then each finding with
``file · sheet!cell``, rule, message and how to fix it. Plain text, GBK-safe (√ ×)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.findings import ERROR, FORMAT, SEVERITY_WORDS, FileReport, Finding, Report, cell_ref
from toolkit.read.cells import printable

EXCLUDED_SHOWN = 10  # rows not counted printed on the console; all are in 来源 and --json
SAME_ERROR_SHOWN = 5  # unreadable files with the same reason printed one by one; the rest counted
MARK = {ERROR: "×", "warning": "!", "format": "·"}


def short_name(path: str) -> str:
    """The file's name, or for a member of a zip the zip's name and the member's path in it
    (``东湖乡报送材料.zip › 西山镇/台账.xlsx``): two members called 台账.xlsx stay apart."""
    head, sep, member = path.partition(" › ")
    return f"{Path(head).name}{sep}{member}" if sep else Path(path).name


def location(finding: Finding) -> str:
    """``台账.xlsx · 申请台账!D12`` (``Finding.location`` with a zip's member named in full)."""
    name = short_name(finding.path)
    if finding.sheet and finding.cell:
        return f"{name} · {cell_ref(finding.sheet, finding.cell)}"
    return f"{name} · {finding.sheet}" if finding.sheet else name


def finding_lines(finding: Finding, indent: str = "  ") -> list[str]:
    """``× 错误 L3  台账.xlsx · 申请台账!B12  …`` and the fix on the next line."""
    lines = [
        f"{indent}{MARK.get(finding.severity, '·')} {SEVERITY_WORDS[finding.severity]} {finding.rule}  "
        f"{location(finding)}  {finding.message}"
    ]
    if finding.hint:
        lines.append(f"{indent}    修改：{finding.hint}")
    return lines


def render_file(file: FileReport) -> list[str]:
    name = short_name(file.path)
    kind = {"log": "台账", "stats": "统计表", "json": "JSON 表格", "report": "年度报告"}.get(
        file.kind, file.kind
    )
    if file.error:
        return [f"× {file.path}：{file.error}"]
    if not file.findings:
        lines = [f"√ {name}（{kind}）：未发现问题"]
    else:
        formats = sum(f.severity == FORMAT for f in file.findings)
        counts = f"{file.errors} 个错误，{file.warnings - formats} 个提醒"
        if formats:
            counts += f"，{formats} 个格式问题"
        lines = [f"{'×' if file.errors else '!'} {name}（{kind}）：{counts}"]
    for finding in file.findings:
        lines += finding_lines(finding)
    lines += [f"  说明：{note}" for note in file.notes]
    return lines


def render_findings(findings: list[Finding], notes: list[str]) -> str:
    """Findings and notes not tied to one input file (fill-report's template checks)."""
    lines = [line for finding in findings for line in finding_lines(finding, indent="")]
    lines += [f"说明：{note}" for note in notes]
    return printable("\n".join(lines))


def render(report: Report) -> str:
    return printable(_render(report))


def _same_errors(files: list[FileReport]) -> tuple[set[int], list[str]]:
    """Unreadable files beyond the first few with the same reason: their ids (not printed one by one) and
    one line per reason counting them (--json lists them all)."""
    by_error: dict[str, list[FileReport]] = {}
    for file in files:
        if file.error:
            by_error.setdefault(file.error, []).append(file)
    hidden: set[int] = set()
    lines = []
    for error, same in by_error.items():
        if len(same) > SAME_ERROR_SHOWN:
            hidden.update(id(f) for f in same[SAME_ERROR_SHOWN:])
            lines += [f"× ……另有 {len(same) - SAME_ERROR_SHOWN} 个文件同样无法读取：{error}", ""]
    return hidden, lines


def _render(report: Report) -> str:
    lines: list[str] = []
    hidden, more = _same_errors(report.files)
    for file in report.files:
        if id(file) not in hidden:
            lines += render_file(file)
            lines.append("")
    lines += more
    across = list(getattr(report, "across", []))
    for finding in across:
        lines += finding_lines(finding, indent="")
    if across:
        lines.append("")
    lines += [f"说明：{note}" for note in report.notes]
    unreadable = sum(1 for f in report.files if f.error)
    with_errors = sum(1 for f in report.files if f.errors)
    summary = f"共检查 {len(report.files)} 个文件：{with_errors} 个有错误"
    if unreadable:
        summary += f"，{unreadable} 个无法读取"
    across_errors = sum(1 for f in across if f.severity == ERROR)
    if across_errors:
        summary += f"，{across_errors} 个跨文件的错误（汇总时会因此不生成统计表）"
    summary += "。" if report.ok else "。请按上面的提示修改后重新检查。"
    lines.append(summary)
    return "\n".join(lines)


def render_aggregate(result: Any) -> str:
    """The aggregate's report: files with problems in full, clean files counted, then the outcome."""
    from toolkit import form

    lines: list[str] = []
    clean = 0
    hidden, more = _same_errors(result.files)
    for file in result.files:
        if id(file) in hidden:
            continue
        if file.error or file.findings:
            lines += render_file(file)
            lines.append("")
        else:
            clean += 1
    lines += more
    if clean:
        lines.append(f"√ {clean} 个文件没有发现问题")
    for finding in result.findings:
        lines += finding_lines(finding, indent="")
    lines += [f"说明：{note}" for note in result.notes]
    if result.rows_read:
        lines.append(
            f"读取 {result.rows_read} 行，计入 {result.counted} 行，未计入 {len(result.excluded)} 行"
        )
    for item in result.excluded[:EXCLUDED_SHOWN]:
        lines.append(f"  未计入：{Path(item.path).name} · {item.sheet} 第 {item.row} 行：{item.reason}")
    if len(result.excluded) > EXCLUDED_SHOWN:
        lines.append(f"  ……共 {len(result.excluded)} 行未计入，全部列在输出文件的“来源”页和 --json 中")
    if result.ok:
        t = result.table
        n = {key: t.sec3[key][form.TOTAL_COL] for key in form.SEC3_KEYS}
        lines.append(
            f"已生成：{result.output}（{t.unit} {t.year} 年，{len(result.units)} 个单位）："
            f"本年新收 {n[form.RECEIVED_KEY]} 件，上年结转 {n[form.CARRIED_IN_KEY]} 件，"
            f"办结 {n[form.RESULTS_TOTAL_KEY]} 件，结转下年度 {n[form.CARRIED_OUT_KEY]} 件"
        )
    else:
        lines.append("未生成统计表：请按上面的提示修改后重新汇总。")
    return printable("\n".join(line for line in lines if line is not None))
