"""``xxgk aggregate``: from 台账 and sub-units' 统计表 to the official 统计表.

Strict: every input is read and checked (toolkit.rules.analyse); any error anywhere means no output, and
the findings say what each unit must fix. Otherwise the 台账 are counted (toolkit.count.cases), the
统计表 and JSON tables are added cell-wise, and the result is written with its provenance: which
inputs, which units, which case is behind every number.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.count.cases import Counted, Excluded, Traces, count_log, zero_sec3
from toolkit.count.overlap import Coverage, double_counting
from toolkit.count.roster import Submitted, compare_roster, duplicate_units, read_roster, unit_key
from toolkit.errors import UsageError
from toolkit.findings import ERROR, FileReport, Finding
from toolkit.outputs import inside_folder, is_annotated_copy, probe, refuse_overwriting, skipped_copies_notes
from toolkit.read.stats_numbers import unknown_cells
from toolkit.rules.analyse import Analysed, analyse_file
from toolkit.rules.years import check_previous_year
from toolkit.rules.years import previous_note as checked_note
from toolkit.table import Table, UnitInfo
from toolkit.write.provenance import (
    SourceRow,
    UnitFigures,
    covered_units,
    read_fee,
    roster_sheet,
    sources_sheet,
    trace_sheet,
    units_sheet,
)

KIND_WORDS = {"log": "台账", "stats": "统计表", "json": "JSON 表格"}


@dataclass
class UnitInput:
    unit: str
    path: str
    kind: str
    sha256: str
    table: Table | None = None
    counted: Counted | None = None


@dataclass
class AggregateResult:
    files: list[FileReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # across inputs: roster, duplicates, previous year
    units: list[UnitInput] = field(default_factory=list)
    table: Table | None = None
    output: Path | None = None
    rows_read: int = 0
    counted: int = 0
    excluded: list[Excluded] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def all_findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings] + self.findings

    @property
    def ok(self) -> bool:
        return self.output is not None

    @property
    def exit_code(self) -> int:
        if self.ok:
            return 0
        return 2 if any(file.error for file in self.files) else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "table": self.table.to_json() if self.table is not None and self.ok else None,
            "findings": [f.to_json() for f in self.all_findings],
            "units": [{"unit": u.unit, "path": u.path, "kind": u.kind} for u in self.units],
            "errors": [{"path": f.path, "message": f.error} for f in self.files if f.error],
            "accounting": {
                "rows_read": self.rows_read,
                "counted": self.counted,
                "excluded": [e.to_json() for e in self.excluded],
            },
        }


def aggregate(
    paths: Sequence[Path | str],
    output: Path,
    *,
    year: int | None = None,
    unit: str | None = None,
    roster: Path | None = None,
    previous: Path | None = None,
    calendar: Any = None,
    annotate_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    previous_note: str | None = None,
) -> AggregateResult:
    """Aggregate the inputs into the 统计表 at ``output`` (written only when nothing is wrong).

    ``previous_note`` explains why R11 against ``previous`` legitimately fails (a merger, a change of
    scope): R11 becomes a warning and the note goes into the 校验 sheet."""
    output = Path(output)
    note = checked_note(previous_note, previous)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应以 .xlsx 结尾：{output}")
    probe(output, "输出文件", output=True)
    refuse_overwriting(
        output,
        [(Path(p), "输入文件") for p in paths]
        + [(previous, "--previous 指定的上年统计表"), (roster, "--roster 指定的名单")],
    )
    result = AggregateResult()
    with tempfile.TemporaryDirectory(prefix="xxgk-inputs-") as workdir:
        from toolkit.gate.inputs import collect_inputs

        collected = _without_annotated_copies(collect_inputs(paths, Path(workdir)), paths, result.notes)
        analysed: list[tuple[Any, Analysed]] = []
        for display, reason, code in collected.errors:
            result.files.append(FileReport(display, "unknown", error=reason, reason=code))
        for kept, dropped in collected.duplicates:
            result.notes.append(f"{dropped.display} 与 {kept.display} 内容完全相同，只计算一次")
        for display, reason in collected.skipped:
            result.notes.append(f"跳过 {display}：{reason}")
        files = list(collected.files)
        if not files and not collected.errors:
            skipped = "；".join(f"{display}（{reason}）" for display, reason in collected.skipped[:5])
            detail = f"：{skipped}" if skipped else ""
            raise UsageError(
                f"没有找到可以汇总的台账或统计表（.xlsx/.json）{detail}；请检查输入的文件或文件夹"
            )
        for n, (item, one) in enumerate(zip(files, _analyse_all(files, calendar), strict=True), start=1):
            if progress:
                progress(n, len(files), item.display)
            result.files.append(one.report)
            analysed.append((item, one))
        if annotate_dir is not None:
            _annotate(analysed, Path(annotate_dir))
        if not any(f.error for f in result.files):
            _combine(
                result, analysed, output, year=year, unit=unit, roster=roster, previous=previous, note=note
            )
    folder = inside_folder(output, [Path(p) for p in paths])
    if result.ok and folder is not None:
        result.notes.append(
            f"输出文件 {output} 在输入文件夹 {folder} 中：再次汇总这个文件夹前，请把它移到文件夹之外"
        )
    return result


def _without_annotated_copies(collected: Any, paths: Sequence[Path | str], notes: list[str]) -> Any:
    """Leave out our annotated copies that a folder or zip search found (toolkit.outputs), with a note."""
    given = {str(Path(p)) for p in paths}
    skipped: list[str] = []

    def kept(item: Any) -> bool:
        if (item.origin in given and item.display == item.origin) or not is_annotated_copy(item.path):
            return True
        skipped.append(item.display)
        return False

    collected.files = [f for f in collected.files if kept(f)]
    collected.duplicates = [(a, b) for a, b in collected.duplicates if kept(b)]
    notes += skipped_copies_notes(skipped)
    return collected


PARALLEL_MIN_FILES = 16  # below this, starting worker processes costs more than it saves


def _analyse_one(path: Path, display: str, calendar: Any) -> Analysed:
    return analyse_file(path, calendar=calendar, display=display)


def _analyse_all(files: Sequence[Any], calendar: Any) -> Iterator[Analysed]:
    """Read and check every input, in order; on several cores, in worker processes (the files
    are independent; results come back in input order, so the output is the same)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_MIN_FILES or workers < 2:
        for item in files:
            yield _analyse_one(item.path, item.display, calendar)
        return
    from concurrent.futures import ProcessPoolExecutor

    # imported once, before the workers fork
    import toolkit.gate.workbook
    import toolkit.read.stats
    import toolkit.rules.table  # noqa: F401

    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(
            _analyse_one,
            [f.path for f in files],
            [f.display for f in files],
            [calendar] * len(files),
            chunksize=max(1, min(32, len(files) // (workers * 4))),
        )


def _annotate(analysed: list[tuple[Any, Analysed]], out_dir: Path) -> None:
    from toolkit.write.annotate import annotate_safely, annotated_names

    names = annotated_names([(item.path, item.display) for item, _ in analysed])
    for item, one in analysed:
        if one.report.findings and one.report.kind != "json":
            annotate_safely(item.path, one.report, out_dir, name=names[item.display])


def _unit_of(item: Any, one: Analysed) -> tuple[str, int | None, UnitInfo | None]:
    if one.log is not None:
        return one.log.info.name, one.log.info.year, one.log.info
    if one.stats is not None:
        info = one.stats.info
        return info.name or one.stats.table.unit, info.year or one.stats.table.year, info
    assert one.table is not None
    return one.table.unit, one.table.year, None


def _combine(
    result: AggregateResult,
    analysed: list[tuple[Any, Analysed]],
    output: Path,
    *,
    year: int | None,
    unit: str | None,
    roster: Path | None,
    previous: Path | None,
    note: str = "",
) -> None:
    if not analysed:
        raise UsageError("没有找到可以汇总的台账或统计表（.xlsx/.json）")
    submitted: list[Submitted] = []
    years: dict[int, list[str]] = {}
    infos: list[UnitInfo] = []
    coverage: list[Coverage] = []
    for item, one in analysed:
        name, unit_year, info = _unit_of(item, one)
        if not name:
            name = Path(item.display).stem
            result.notes.append(f"{item.display} 没有填写单位名称，暂以文件名“{name}”代替")
        result.units.append(UnitInput(name, item.display, one.report.kind, item.sha256))
        submitted.append(Submitted(name, item.display))
        scope = info.scope if info is not None and one.log is None else ""
        covers = covered_units(item.path) if one.stats is not None else None
        coverage.append(Coverage(item.display, name, one.report.kind, scope, covers))
        if info is not None:
            infos.append(info)
        if unit_year is not None:
            years.setdefault(unit_year, []).append(item.display)
        if one.stats is not None and one.stats.layout != "2021":
            one.report.findings.append(
                Finding(
                    "R19",
                    item.display,
                    "2019 年格式或混合格式的统计表不能参与汇总",
                    "请按 2021 年格式重新填写",
                    severity=ERROR,
                )
            )
        elif one.log is None:  # a 统计表 or JSON table: every cell is added, none may be unknown
            read, table = one.stats, one.stats.table if one.stats else one.table
            assert table is not None
            cells = read.cells if read is not None else None
            one.report.findings += unknown_cells(item.display, table, cells, one.report.findings)
    year = _decide_year(year, years)
    # R25 first: a file counted twice as a whole is one finding, not also R24 (a unit twice, a roster line)
    overlaps = double_counting(coverage, unit)
    result.findings += overlaps.findings
    result.notes += overlaps.unclear
    submitted = [s for s in submitted if s.path not in overlaps.blocked]
    result.findings += duplicate_units(submitted)
    result.findings += _duplicate_cases(analysed)
    roster_rows: list[tuple[str, str, str]] | None = None
    if roster is not None:
        findings, roster_rows = compare_roster(read_roster(roster), submitted, str(roster))
        result.findings += findings

    names = sorted({u.unit for u in result.units})
    if unit is None:
        if overlaps.blocked:
            return
        if len(names) > 1:
            raise UsageError(
                f"汇总 {len(names)} 个单位时，请用 --unit 指定汇总后的单位名称（如：示范县人民政府）"
            )
        unit = names[0]
    # one unit under its own name is 本级; any other name (a county with one unit in so far) is 汇总
    own = len(names) == 1 and unit_key(unit) == unit_key(names[0])
    scope = form.SCOPE_OWN if own else form.SCOPE_ROLLUP
    if not own and len(names) == 1:
        result.notes.append(f"只有“{names[0]}”一个单位，按 --unit 汇总为“{unit}”（统计范围：汇总）")

    # count and add, keeping each unit's own table for the breakdown
    total = Table(unit, year)
    zero_sec3(total)
    total.sec4 = [0] * form.SEC4_WIDTH
    traces: list[Traces] = []
    fee: Decimal | None = Decimal(0)
    sources: list[SourceRow] = []
    for (item, one), unit_input in zip(analysed, result.units, strict=True):
        if one.log is not None:
            counted = count_log(one.log, year, unit_input.unit)
            unit_input.counted = counted
            unit_input.table = counted.table
            traces.append(counted.traces)
            result.rows_read += counted.rows_read
            result.counted += counted.counted
            result.excluded += counted.excluded
            if fee is not None:
                fee += counted.fee_yuan
            rows = (counted.rows_read, counted.counted, len(counted.excluded))
        else:
            table = one.stats.table if one.stats is not None else one.table
            unit_input.table = table.with_totals()
            # a 统计表 made by aggregate carries its 台账's fee in 来源; otherwise the county's is unknown
            unit_fee = read_fee(item.path) if one.stats is not None else None
            result.notes.append(f"“{unit_input.unit}”报送的是统计表：它的数字在“明细”中无法追溯到申请编号")
            fee = fee + unit_fee if fee is not None and unit_fee is not None else None
            rows = (0, 0, 0)
        sources.append(
            SourceRow(item.display, unit_input.unit, KIND_WORDS[one.report.kind], item.sha256, *rows)
        )
        total = total.plus(unit_input.table)
    total = total.with_totals()
    total.unit, total.year = unit, year
    result.table = total

    checks_r11 = None
    if previous is not None:
        from toolkit.write.previous_year import previous_year_checks

        findings, last = _previous_year(total, previous, note)
        result.findings += findings
        carried_out = last.with_totals().sec3[form.CARRIED_OUT_KEY]
        checks_r11 = previous_year_checks(total.sec3[form.CARRIED_IN_KEY], carried_out, previous.name, note)

    if any(f.severity == ERROR for f in result.all_findings):
        return  # the console says once that nothing was written; --json has "ok": false

    single = infos[0] if len(infos) == 1 and scope == form.SCOPE_OWN else None
    info = UnitInfo(
        name=unit,
        year=year,
        level=single.level if single else "",
        scope=scope,
        contact=single.contact if single else "",
        phone=single.phone if single else "",
        address=single.address if single else "",
        postcode=single.postcode if single else "",
    )
    extra = [sources_sheet(sources, fee, result.notes, result.excluded), trace_sheet(traces)]
    if scope == form.SCOPE_ROLLUP:
        extra.append(units_sheet([UnitFigures(u.unit, u.table) for u in result.units if u.table], total))
    if roster_rows is not None:
        extra.append(roster_sheet(roster_rows))
    if checks_r11 is not None:
        extra.append(checks_r11)
    from toolkit.write.stats_workbook import write_stats_workbook

    result.output = write_stats_workbook(total, output, info, extra)


def _decide_year(year: int | None, years: dict[int, list[str]]) -> int:
    """The report year: the inputs' 统计年度, which must agree with each other and with --year."""
    if year is not None:
        wrong = {y: paths for y, paths in years.items() if y != year}
        if wrong:
            detail = "；".join(f"{y}年：{'、'.join(paths[:3])}" for y, paths in sorted(wrong.items()))
            raise UsageError(
                f"--year {year} 与输入文件“单位信息”中的统计年度不一致（{detail}）：请核对年度，"
                "或改正这些文件的统计年度"
            )
        return year
    if not years:
        raise UsageError("输入文件都没有填写统计年度，请用 --year 指定，如 --year 2024")
    if len(years) > 1:
        detail = "；".join(f"{y}年：{'、'.join(paths[:3])}" for y, paths in sorted(years.items()))
        raise UsageError(f"输入文件的统计年度不一致（{detail}），请核对各单位的“单位信息”")
    return next(iter(years))


def _duplicate_cases(analysed: list[tuple[Any, Analysed]]) -> list[Finding]:
    """The same application in two units' 台账 (same 申请编号, 收到日期 and 申请人类型): L4.

    Within one workbook that is L4 of the workbook's own checks, so one 台账 needs nothing here.
    ``seen`` keeps where each case was first met as (input, case): an address string per case
    would cost a million strings; addresses are made only for a duplicate.
    """
    logs = [(item, one.log) for item, one in analysed if one.log is not None]
    if len(logs) < 2:
        return []
    # the same unit's 台账 twice is one R24 finding (duplicate_units), not one L4 per case
    units = [unit_key(log.info.name) if log.info.name else None for _, log in logs]
    seen: dict[tuple[str, Any, Any], tuple[int, Any]] = {}
    findings: list[Finding] = []
    for n, (item, log) in enumerate(logs):
        for case in log.cases:
            if not case.case_id:
                continue
            key = (case.case_id, case.received, case.applicant_type)
            first = seen.setdefault(key, (n, case))
            if first[0] == n or (units[n] is not None and units[first[0]] == units[n]):
                continue
            first_item = logs[first[0]][0]
            first_cell = f"{first[1].sheet}!{first[1].cells.get(form.LOG_ID)}"
            findings.append(
                Finding(
                    "L4",
                    item.display,
                    f"申请编号“{case.case_id[:30]}”（收到日期 {case.received}）与 {first_item.display} "
                    f"{first_cell} 是同一件申请，汇总时会重复计算",
                    "同一件申请只能由一个单位登记：请与对方单位核对，删除多余的一行",
                    sheet=case.sheet,
                    cell=case.cells.get(form.LOG_ID),
                )
            )
    return findings


def _previous_year(table: Table, previous: Path, note: str = "") -> tuple[list[Finding], Table]:
    """Last year's 统计表 read once, then R11 and R10 against it (``rules.years``); and its table."""
    last = analyse_file(previous)
    if last.report.error:
        raise UsageError(f"上年统计表无法读取：{last.report.error}")
    if last.stats is not None:
        info = last.stats.info
        return check_previous_year(
            table, last.stats.table, str(previous), last_info=info, note=note
        ), last.stats.table
    if last.table is not None:
        return check_previous_year(table, last.table, str(previous), note=note), last.table
    raise UsageError(f"--previous 应为上年的统计表：{previous}")
