"""The human-readable report of ``check``: grouped by file, counts first, then each finding with
``file · sheet!cell``, rule, message and how to fix it. Plain text, GBK-safe (√ ×)."""

from __future__ import annotations

from pathlib import Path

from .findings import ERROR, FORMAT, SEVERITY_WORDS, FileReport, Report

MARK = {ERROR: "×", "warning": "!", "format": "·"}


def render_file(file: FileReport) -> list[str]:
    name = Path(file.path).name
    kind = {"log": "台账", "stats": "统计表", "json": "JSON 表格"}.get(file.kind, file.kind)
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
        lines.append(
            f"  {MARK.get(finding.severity, '·')} {SEVERITY_WORDS[finding.severity]} {finding.rule}  "
            f"{finding.location()}  {finding.message}"
        )
        if finding.hint:
            lines.append(f"      修改：{finding.hint}")
    lines += [f"  说明：{note}" for note in file.notes]
    return lines


def render(report: Report) -> str:
    lines: list[str] = []
    for file in report.files:
        lines += render_file(file)
        lines.append("")
    unreadable = sum(1 for f in report.files if f.error)
    with_errors = sum(1 for f in report.files if f.errors)
    summary = f"共检查 {len(report.files)} 个文件：{with_errors} 个有错误"
    if unreadable:
        summary += f"，{unreadable} 个无法读取"
    summary += "。" if report.ok else "。请按上面的提示修改后重新检查。"
    lines.append(summary)
    return "\n".join(lines)
