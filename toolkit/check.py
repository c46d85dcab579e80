"""``xxgk check``: read filled workbooks, JSON tables or published reports and say exactly what to fix.

``check`` reads exactly what ``aggregate`` reads (toolkit.count.batch): files as given, folders searched,
.zip attachments unpacked (members shown as ``东湖乡报送材料.zip › 台账.xlsx``), each distinct content once,
in worker processes when there are many; every input analysed as ``aggregate`` analyses it
(toolkit.rules.analyse). Problems are findings; a file that cannot be read at all gets one line
(``FileReport.error``) and makes the exit code 2. What is wrong only across the inputs — the same unit
twice (R24), a table that already holds other inputs' cases (R25), the same case in two units (L4) — is
in ``CheckReport.across``: the reviewer's check shows what the roll-up will block on. So are the
cross-year rules (R11, R10) between two inputs of one unit a year apart (toolkit.count.pairs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.count.batch import across, read_inputs, unit_of
from toolkit.count.pairs import against_previous, consecutive_years
from toolkit.errors import UsageError
from toolkit.files import shown
from toolkit.findings import Finding, Report
from toolkit.gate.inputs import READABLE_WORDS, SKIP_EMPTY, SKIP_LOCK, extraction_folder
from toolkit.outputs import inside_folder, probe, refuse_overwriting
from toolkit.rules.analyse import Analysed, analyse_file, check_file

__all__ = ["Analysed", "CheckReport", "analyse_file", "check", "check_file", "describe"]

#: files the collector skips that are judged by the gate when named on the command line: check gives a verdict
#: on every file named (aggregate leaves them out, with a note)
_JUDGED_WHEN_NAMED = (SKIP_EMPTY, SKIP_LOCK)


@dataclass
class CheckReport(Report):
    """``Report`` with what concerns several inputs together (``across``) and every file not read
    (``skipped``: {"path", "reason"}, the full list; the console names the first few of each reason)."""

    across: list[Finding] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return super().ok and not any(f.is_error for f in self.across)

    @property
    def exit_code(self) -> int:
        if any(file.error for file in self.files):
            return 2
        return 0 if self.ok else 1

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["ok"] = self.ok
        out["across"] = [f.to_json() for f in self.across]
        out["skipped"] = list(self.skipped)
        return out


def check(
    paths: Sequence[Path | str],
    *,
    annotate_dir: Path | None = None,
    calendar: Any = None,
    progress: Callable[[int, int, str], None] | None = None,
    summary: Path | None = None,
    previous: Path | None = None,
) -> CheckReport:
    """Check each input; with ``annotate_dir``, write for each workbook with findings a copy whose
    problem cells are red and carry the finding as a comment (the inputs are never modified); with
    ``summary``, write the summary workbook there (toolkit.write.summary: one row per file, every
    finding), which must not be one of the inputs; with ``previous``, last year's file (any kind a
    check reads) compared with each input of the following year: R11/R10 on the tables, R13 and
    ``repetition`` on a published report's text (toolkit.count.pairs)."""
    if summary is not None:
        _refuse_summary(Path(summary), [*paths, *([previous] if previous is not None else [])])
    report = CheckReport()
    with extraction_folder() as workdir:
        inputs = read_inputs(paths, workdir, calendar=calendar, progress=progress)
        collected = inputs.collected
        given = {shown(Path(p)): Path(p) for p in paths}
        judged = [(d, r) for d, r in collected.skipped if d in given and r in _JUDGED_WHEN_NAMED]
        collected.skipped = [item for item in collected.skipped if item not in judged]
        report.files += [analyse_file(given[d], calendar=calendar, display=d).report for d, _ in judged]
        report.files += inputs.unreadable
        report.notes += collected.notes()
        report.skipped = collected.not_read()
        if not report.files and not inputs.analysed:
            detail = collected.skipped_detail()
            raise UsageError(
                f"没有找到可以检查的台账、统计表、JSON 表格或年度报告{READABLE_WORDS}"
                f"{detail}；请检查输入的文件或文件夹"
            )
        for _, one in inputs.analysed:
            describe(one)
        report.files += [one.report for _, one in inputs.analysed]
        if annotate_dir is not None:
            from toolkit.write.annotate import annotate_all

            annotate_all(inputs.analysed, Path(annotate_dir))
        for same_year in _by_year([(item, one) for item, one in inputs.analysed if not one.report.error]):
            names = [unit_of(one)[0] or Path(item.display).stem for item, one in same_year]
            covers = {item.display: _covered(item.path) for item, one in same_year if one.stats}
            report.across += across(same_year, names, covers, None).findings
        read = [(item, one) for item, one in inputs.analysed if not one.report.error]
        ones, displays = [one for _, one in read], [item.display for item, _ in read]
        pairs, paired, unpaired = consecutive_years(ones, displays)
        report.across, report.notes = report.across + pairs, report.notes + unpaired
        if previous is not None:
            report.across += _against_previous(ones, displays, Path(previous), paired, report, calendar)
    if summary is not None:
        from toolkit.write.summary import write_summary

        write_summary(report, Path(summary))
        folder = inside_folder(Path(summary), [Path(p) for p in paths])
        if folder is not None:
            report.notes.append(
                f"评估结果 {summary} 在输入文件夹 {folder} 中：再次检查这个文件夹前，请把它移到文件夹之外"
            )
    return report


def _against_previous(
    ones: list[Analysed],
    displays: list[str],
    previous: Path,
    paired: set[int],
    report: CheckReport,
    calendar: Any,
) -> list[Finding]:
    """``--previous``: last year's file (a 统计表, JSON table, 台账 or published report) read once and
    compared with every input of the following year."""
    last = analyse_file(previous, calendar=calendar, display=shown(previous))
    if last.report.error:
        raise UsageError(f"--previous 指定的上年文件无法读取：{last.report.error}", path=str(previous))
    findings, compared = against_previous(ones, displays, last, shown(previous), paired)
    last_unit, last_year, _ = unit_of(last)
    if not compared:
        what = f"{last_unit or '未写单位名称'}，{last_year or '未写年度'}{'年' if last_year else ''}"
        report.notes.append(
            f"--previous 指定的上年文件（{what}）与输入中的文件不是同一单位的相邻年度，未做上年比较"
        )
    return findings


def _covered(path: Path) -> tuple[str, ...] | None:
    """The units one of our roll-up outputs names (toolkit.write.provenance), imported only when a
    统计表 is met: it brings the 台账 reader, which a check of one report does not need."""
    from toolkit.write.provenance import covered_units

    return covered_units(path)


def _refuse_summary(summary: Path, paths: Sequence[Path | str]) -> None:
    if summary.suffix.lower() != ".xlsx":
        raise UsageError(f"--summary 的文件应以 .xlsx 结尾：{summary}")
    if probe(summary, "--summary 指定的输出文件", output=True) in ("folder", "other"):
        raise UsageError(f"--summary 指定的 {summary} 不是文件：请指定一个 .xlsx 文件名")
    refuse_overwriting(summary, [(Path(p), "输入文件") for p in paths], option="--summary")


def describe(one: Analysed) -> None:
    """Fill in what the summary workbook shows of an input read without an error, where not yet known
    (a report's audit names its unit and year from its title): its unit and year, the layout of its
    tables and which official tables were found."""
    from toolkit.rules.audit import tables_found

    report = one.report
    if report.error or (one.log is None and one.stats is None and one.table is None):
        return
    unit, year, _ = unit_of(one)
    report.unit = report.unit or unit
    report.year = report.year or year
    if one.stats is not None:
        report.layout = report.layout or one.stats.layout
        report.tables = report.tables or tables_found(one.stats.table)
    elif one.table is not None:
        report.tables = report.tables or tables_found(one.table)


def _by_year(analysed: list[tuple[Any, Analysed]]) -> list[list[tuple[Any, Analysed]]]:
    """The inputs grouped by their 统计年度 (a roll-up is of one year: ``aggregate`` refuses a mix, so last
    year's 统计表 beside this year's 台账 is no double counting); an input without a year goes with the
    year most inputs have."""
    groups: dict[int | None, list[tuple[Any, Analysed]]] = {}
    for item, one in analysed:
        groups.setdefault(unit_of(one)[1], []).append((item, one))
    undated = groups.pop(None, [])
    if not groups:
        return [undated] if undated else []
    most = max(groups, key=lambda year: (len(groups[year]), year))
    groups[most] += undated
    return list(groups.values())
