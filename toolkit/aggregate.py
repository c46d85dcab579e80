"""``xxgk aggregate``: from 台账 and sub-units' 统计表 to the official 统计表.

Strict: every input is read and checked (toolkit.rules.analyse); any error anywhere means no output, and
the findings say what each unit must fix. Otherwise the 台账 are counted (toolkit.count.cases), the
统计表 and JSON tables are added cell-wise, and the result is written with its provenance: which
inputs, which units, which case is behind every number.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.count.batch import across, read_inputs, unit_of
from toolkit.count.cases import Counted, Excluded, Traces, count_log, zero_sec3
from toolkit.count.roster import compare_roster, read_roster, unit_key
from toolkit.errors import UsageError
from toolkit.findings import ERROR, FileReport, Finding
from toolkit.form2019 import LAST_YEAR_2019
from toolkit.gate.inputs import READABLE_WORDS, WORKBOOK_SUFFIXES, extraction_folder
from toolkit.outputs import inside_folder, probe, refuse_overwriting
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

KIND_WORDS = {"log": "台账", "stats": "统计表", "json": "JSON 表格", "report": "年度报告"}


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
    skipped: list[dict[str, str]] = field(default_factory=list)  # every file not read, with the reason

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
            "skipped": self.skipped,
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
    info: Path | None = None,
) -> AggregateResult:
    """Aggregate the inputs into the 统计表 at ``output`` (written only when nothing is wrong).

    ``previous_note`` explains why R11 against ``previous`` legitimately fails (a merger, a change of
    scope): R11 becomes a warning and the note goes into the 校验 sheet. ``info``: a workbook whose
    单位信息 sheet (our 统计表's or 台账's, or ``xxgk template stats`` filled in) describes the unit
    that rolls up: its name, level and contact details go into the output's 单位信息 (read_info)."""
    output = Path(output)
    note = checked_note(previous_note, previous)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应以 .xlsx 结尾：{output}")
    probe(output, "输出文件", output=True)
    refuse_overwriting(
        output,
        [(Path(p), "输入文件") for p in paths]
        + [(previous, "--previous 指定的上年统计表"), (roster, "--roster 指定的名单")]
        + [(info, "--info 指定的单位信息表")],
    )
    own_info = read_info(Path(info)) if info is not None else None
    result = AggregateResult()
    with extraction_folder() as workdir:
        inputs = read_inputs(paths, workdir, calendar=calendar, progress=progress, year=year)
        collected = inputs.collected
        result.files += inputs.unreadable
        result.notes += collected.notes()
        result.skipped = collected.not_read()
        if not collected.files and not collected.errors:
            detail = collected.skipped_detail()
            raise UsageError(
                f"没有找到可以汇总的台账或统计表{READABLE_WORDS}{detail}；请检查输入的文件或文件夹"
            )
        result.files += [one.report for _, one in inputs.analysed]
        if annotate_dir is not None:
            from toolkit.write.annotate import annotate_all

            annotate_all(inputs.analysed, Path(annotate_dir))
        if not any(f.error for f in result.files):
            _combine(
                result,
                inputs.analysed,
                output,
                year=year,
                unit=unit,
                roster=roster,
                previous=previous,
                note=note,
                own_info=own_info,
            )
    folder = inside_folder(output, [Path(p) for p in paths])
    if result.ok and folder is not None:
        result.notes.append(
            f"输出文件 {output} 在输入文件夹 {folder} 中：再次汇总这个文件夹前，请把它移到文件夹之外"
        )
    return result


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
    own_info: UnitInfo | None = None,
) -> None:
    if not analysed:
        raise UsageError(f"没有找到可以汇总的台账或统计表{READABLE_WORDS}")
    years: dict[int, list[str]] = {}
    infos: list[UnitInfo] = []
    for item, one in analysed:
        name, unit_year, info = unit_of(one)
        if not name:
            name = Path(item.display).stem
            result.notes.append(f"{item.display} 没有填写单位名称，暂以文件名“{name}”代替")
        result.units.append(UnitInput(name, item.display, one.report.kind, item.sha256))
        if info is not None:
            infos.append(info)
        if unit_year is not None:
            years.setdefault(unit_year, []).append(item.display)
        if one.stats is not None and one.stats.layout in ("2019", "hybrid"):
            one.report.findings.append(
                Finding(
                    "R19",
                    item.display,
                    "2019 年格式或混合格式的统计表不能参与汇总（汇总表是 2021 年格式，栏目不同，不能换算）",
                    "请报送该单位的台账，由台账汇总"
                    if unit_year is not None and unit_year <= LAST_YEAR_2019
                    else "请按 2021 年格式重新填写",
                    severity=ERROR,
                )
            )
        elif one.log is None:  # a 统计表 or JSON table: every cell is added, none may be unknown
            read, table = one.stats, one.stats.table if one.stats else one.table
            assert table is not None
            cells = read.cells if read is not None else None
            one.report.findings += unknown_cells(item.display, table, cells, one.report.findings)
    if own_info is not None:
        unit = _own_name(unit, own_info)
        if year is None and not years and own_info.year is not None:
            year = own_info.year  # nothing else says which year
    year = _decide_year(year, years)
    if own_info is not None and own_info.year not in (None, year):
        result.notes.append(
            f"--info 单位信息表的统计年度是 {own_info.year} 年，本次汇总 {year} 年："
            "只取其中的单位名称、层级和联系方式"
        )
    found = across(analysed, [u.unit for u in result.units], covers_of(analysed), unit)
    result.findings += found.findings
    result.notes += found.notes
    roster_rows: list[tuple[str, str, str]] | None = None
    if roster is not None:
        findings, roster_rows = compare_roster(read_roster(roster), found.submitted, str(roster))
        result.findings += findings

    names = sorted({u.unit for u in result.units})
    if unit is None:
        if found.blocked:
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
            assert table is not None  # an input that is neither a 台账 nor a table stopped at its error
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
    given = own_info or UnitInfo()
    info = UnitInfo(
        name=unit,
        year=year,
        scope=scope,
        **{  # --info first, then a single unit's own 单位信息
            attr: getattr(given, attr) or (getattr(single, attr) if single else "")
            for attr in ("level", "contact", "phone", "address", "postcode")
        },
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


def read_info(path: Path) -> UnitInfo:
    """``--info``: the 单位信息 sheet of a workbook (our 统计表 or 台账, or a workbook with just that sheet,
    e.g. ``xxgk template stats`` filled in), through the safety gate. Refused (exit 2) when it has none."""
    from python_calamine import CalamineWorkbook

    from toolkit.gate.workbook import inspect_workbook
    from toolkit.read.stats import read_unit_sheet

    what = "--info 指定的单位信息表"
    kind = probe(path, what)
    if kind != "file":
        words = "找不到 " if kind == "missing" else "这不是文件："
        raise UsageError(
            f"{words}{what}，请检查路径（应为含“{form.SHEET_UNIT}”工作表的 .xlsx）", path=str(path)
        )
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UsageError(
            f"{what}应为含“{form.SHEET_UNIT}”工作表的 Excel 工作簿（.xlsx），"
            f"这是 {path.suffix + ' ' if path.suffix else '没有扩展名的'}文件",
            path=str(path),
        )
    checked = inspect_workbook(path)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    except Exception:
        raise UsageError(f"{what}无法读取：请用 Excel/WPS 打开后另存为 .xlsx 再试", path=str(path)) from None
    found = read_unit_sheet(book, [])
    if found is None or found == UnitInfo(scope=found.scope):
        raise UsageError(
            f"{what}中没有填写“{form.SHEET_UNIT}”工作表：可用 xxgk template stats 生成统计表，"
            f"在其中的“{form.SHEET_UNIT}”填写单位名称、通讯地址、邮政编码、联系电话后再用 --info 指定",
            path=str(path),
        )
    return found


def _own_name(unit: str | None, own: UnitInfo) -> str | None:
    """The roll-up's name: --unit, or the --info sheet's 单位名称; both given, they must agree."""
    if own.name and unit is not None and unit_key(own.name) != unit_key(unit):
        raise UsageError(
            f"--unit“{unit}”与 --info 单位信息表中的单位名称“{own.name}”不一致：请改正其中一个，或不写 --unit"
        )
    return unit if unit is not None else (own.name or None)


def covers_of(analysed: Sequence[tuple[Any, Analysed]]) -> dict[str, tuple[str, ...] | None]:
    """For each 统计表 among the inputs, the units it holds if it is one of our roll-ups (R25)."""
    return {item.display: covered_units(item.path) for item, one in analysed if one.stats is not None}


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


def _previous_year(table: Table, previous: Path, note: str = "") -> tuple[list[Finding], Table]:
    """Last year's 统计表 read once, then R11 and R10 against it (``rules.years``); and its table."""
    last = analyse_file(previous, year=table.year - 1 if table.year else None)
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
