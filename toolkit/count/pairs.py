"""This year against last across the inputs of one run: a folder holding several years of one unit.

``check`` pairs each input with the same unit's input of the year before, when each of the two is
the only input of its unit and year, and runs the cross-year rules on the pair (R11, R10:
toolkit.rules.years). Units are compared as ``unit_key`` compares them (a roster's way); an input
without a unit name or a 统计年度 is not paired. A 台账 is counted into its table first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toolkit import form
from toolkit.count.batch import unit_of
from toolkit.count.roster import unit_key
from toolkit.findings import Finding
from toolkit.rules.analyse import Analysed
from toolkit.table import Table

__all__ = ["YearPair", "consecutive_years", "table_of", "year_pairs"]


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


def year_pairs(analysed: Sequence[Analysed]) -> list[YearPair]:
    """Consecutive years of one unit among ``analysed`` (inputs read without an error)."""
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
    return pairs


def consecutive_years(analysed: Sequence[Analysed], displays: Sequence[str]) -> list[Finding]:
    """R11 and R10 for every pair of ``year_pairs``; each finding names this year's input (its
    message names last year's)."""
    from toolkit.rules.years import check_previous_year

    findings: list[Finding] = []
    for pair in year_pairs(analysed):
        this, last = table_of(analysed[pair.this]), table_of(analysed[pair.last])
        if this is None or last is None:
            continue
        this = _dated(this, pair)
        last = _dated(last, pair, before=True)
        for f in check_previous_year(this.with_totals(), last, displays[pair.last]):
            findings.append(_renamed(f, displays[pair.this], displays[pair.last], pair.year))
    return findings


def _dated(table: Table, pair: YearPair, *, before: bool = False) -> Table:
    """The table with the pair's unit and year (a 统计表's unit may be in its 单位信息 only)."""
    return Table(pair.unit, pair.year - 1 if before else pair.year, table.sec2, table.sec3, table.sec4)


def _renamed(f: Finding, this: str, last: str, year: int) -> Finding:
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
        "key": f.key,
        "column": f.column,
        "severity": f.severity,
    }
    return Finding(**fields)
