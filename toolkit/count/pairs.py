"""This year against last across the inputs of one run: a folder holding several years of one unit.

``check`` pairs each input with the same unit's input of the year before, when each of the two is
the only input of its unit and year (else a note names the unit and the years not compared), and
runs the cross-year rules on the pair (R11, R10: toolkit.rules.years), and R13 on this year's
narrative when both are published reports (toolkit.rules.repeat). Units are compared as
``unit_key`` compares them (a roster's way); an input without a unit name or a 统计年度 is not
paired. A 台账 is counted into its table first.
``check --previous LAST_YEAR`` compares each input of the following year with the file given
(``against_previous``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit import form
from toolkit.count.batch import unit_of
from toolkit.count.roster import unit_key
from toolkit.findings import Finding
from toolkit.rules.analyse import Analysed
from toolkit.table import Table

__all__ = ["YearPair", "against_previous", "compare_years", "consecutive_years", "table_of", "year_pairs"]


@dataclass(frozen=True)
class YearPair:
    """Two inputs of one unit a year apart: indexes into the list given to ``year_pairs``."""

    this: int
    last: int
    unit: str
    year: int


def table_of(one: Analysed) -> Table | None:
    """The official table an analysed input holds: read (统计表, JSON table, report) or counted
    (台账, for its 统计年度); None when there is none or it has no year to be counted for."""
    if one.stats is not None:
        return one.stats.table
    if one.table is not None:
        return one.table
    if one.log is not None and one.log.info.year is not None:
        from toolkit.count.cases import count_log

        return count_log(one.log, one.log.info.year, one.log.info.name).table
    return None


def year_pairs(analysed: Sequence[Analysed], unpaired: list[YearPair] | None = None) -> list[YearPair]:
    """Consecutive years of one unit among ``analysed`` (inputs read without an error).
    ``unpaired`` (added to): the consecutive years of a unit left unpaired because one of the two
    years has several inputs (``this``/``last`` of such an entry: one input of each year)."""
    by_unit_year: dict[tuple[str, int], list[int]] = {}
    names: dict[str, str] = {}
    for n, one in enumerate(analysed):
        name, year, _ = unit_of(one)
        if not name or year is None:
            continue
        key = unit_key(name)
        names.setdefault(key, name)
        by_unit_year.setdefault((key, year), []).append(n)
    pairs = []
    for (key, year), these in sorted(by_unit_year.items()):
        before = by_unit_year.get((key, year - 1))
        if before is not None and len(these) == 1 and len(before) == 1:
            pairs.append(YearPair(these[0], before[0], names[key], year))
        elif before is not None and unpaired is not None:
            unpaired.append(YearPair(these[0], before[0], names[key], year))
    return pairs


#: files of one year named in the note on a pair not compared
MAX_NAMED = 3


def _unpaired_note(pair: YearPair, analysed: Sequence[Analysed], displays: Sequence[str]) -> str:
    key = unit_key(pair.unit)
    counts = []
    for year in (pair.year - 1, pair.year):
        files = [
            displays[n]
            for n, one in enumerate(analysed)
            if (name := unit_of(one)[0]) and unit_key(name) == key and unit_of(one)[1] == year
        ]
        if len(files) > 1:
            named = "、".join(files[:MAX_NAMED]) + ("等" if len(files) > MAX_NAMED else "")
            counts.append(f"{year} 年有 {len(files)} 个文件（{named}）")
    return (
        f"“{pair.unit}”的 {pair.year} 年与 {pair.year - 1} 年没有逐年比对（上年结转、重复文字等）："
        f"{'，'.join(counts)}，无法确定用哪一个；请每个年度只保留一个文件后重新检查"
    )


def consecutive_years(
    analysed: Sequence[Analysed], displays: Sequence[str]
) -> tuple[list[Finding], set[int], list[str]]:
    """R11 and R10 for every pair of ``year_pairs`` (and R13 on this year's report when both are
    published reports); each finding names this year's input (its message names last year's). Also
    the indexes of the inputs paired with their last year, and notes naming the units whose
    consecutive years were not compared (several inputs for one of the years)."""
    findings: list[Finding] = []
    paired: set[int] = set()
    unpaired: list[YearPair] = []
    pairs = year_pairs(analysed, unpaired)
    notes = [_unpaired_note(pair, analysed, displays) for pair in unpaired]
    for pair in pairs:
        findings += compare_years(
            analysed[pair.this], displays[pair.this], analysed[pair.last], displays[pair.last], pair
        )
        paired.add(pair.this)
    return findings, paired, notes


def against_previous(
    analysed: Sequence[Analysed], displays: Sequence[str], last: Analysed, last_display: str, skip: set[int]
) -> tuple[list[Finding], int]:
    """``check --previous``: every input of the year after ``last``'s (and of its unit, where both
    name one) compared with it, except those in ``skip`` (already paired within the inputs). Also how
    many inputs were compared."""
    last_name, last_year, _ = unit_of(last)
    if last_year is None:
        return [], 0
    findings: list[Finding] = []
    compared = 0
    for n, one in enumerate(analysed):
        name, year, _ = unit_of(one)
        if n in skip or year != last_year + 1:
            continue
        if name and last_name and unit_key(name) != unit_key(last_name):
            continue
        pair = YearPair(n, -1, name or last_name, year)
        findings += compare_years(one, displays[n], last, last_display, pair)
        compared += 1
    return findings, compared


def compare_years(
    this_one: Analysed, this: str, last_one: Analysed, last: str, pair: YearPair
) -> list[Finding]:
    """R11 and R10 between the two inputs' tables (found across files), and R13 with
    ``repetition`` on this year's report when both are published reports (this year's findings)."""
    from toolkit.rules.repeat import repetition, repetition_findings
    from toolkit.rules.years import check_previous_year

    findings: list[Finding] = []
    this_table, last_table = table_of(this_one), table_of(last_one)
    if this_table is not None and last_table is not None:
        dated_this, dated_last = _dated(this_table, pair), _dated(last_table, pair, before=True)
        cells = this_one.stats.cells if this_one.stats is not None else {}
        for f in check_previous_year(dated_this.with_totals(), dated_last, last):
            findings.append(_renamed(f, this, last, pair.year, _place(cells, f)))
    if this_one.document is not None and last_one.document is not None:
        report = this_one.report
        report.repetition = repetition(this_one.document.passages, last_one.document.passages)
        for f in repetition_findings(this_one.document.passages, last_one.document.passages, this):
            report.findings.append(_renamed(f, this, last, pair.year))
    return findings


def _dated(table: Table, pair: YearPair, *, before: bool = False) -> Table:
    """The table with the pair's unit and year (a 统计表's unit may be in its 单位信息 only)."""
    return Table(pair.unit, pair.year - 1 if before else pair.year, table.sec2, table.sec3, table.sec4)


def _place(cells: Mapping[Any, tuple[str, str]], f: Finding) -> tuple[str | None, str | None]:
    """Where this year's cell of an R11/R10 finding is in its file (sheet, cell), when it was read
    from one (a 统计表 or a report's table; a 台账's counted table has no such cell)."""
    if f.key in form.SEC3_KEYS and f.column in form.SEC3_COLUMNS:
        return cells.get(("sec3", f.key, form.SEC3_COLUMNS.index(f.column)), (None, None))
    if f.key in form.SEC2_DOCUMENT_KEYS and f.column in form.SEC2_TABLES[0].columns:
        return cells.get(("sec2", f.key, form.SEC2_TABLES[0].columns.index(f.column)), (None, None))
    return None, None


def _renamed(
    f: Finding, this: str, last: str, year: int, place: tuple[str | None, str | None] = (None, None)
) -> Finding:
    hint = f.hint
    if f.rule == "R11":  # the hint of aggregate --previous names its --previous-note
        hint = (
            "上年结转应等于上年年报的结转下年度数：核对两年的表格；如因机构调整、统计范围变化而不同，"
            f"应在年报“{form.SECTION_HEADINGS[5]}”中说明"
        )
    fields: dict[str, Any] = {
        "rule": f.rule,
        "path": this,
        "message": f"与 {year - 1} 年的 {last} 相比：{f.message}",
        "hint": hint,
        "sheet": place[0],
        "cell": place[1],
        "key": f.key,
        "column": f.column,
        "severity": f.severity,
    }
    return Finding(**fields)
