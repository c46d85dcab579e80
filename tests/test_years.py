"""The cross-year rules R10 and R11 (toolkit.rules.years) on tables built in code, no files; and
last year's 统计表 read once by each command that uses them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import toolkit.aggregate
import toolkit.rules.analyse
from toolkit import form
from toolkit.errors import UsageError
from toolkit.findings import ERROR, WARNING
from toolkit.report.fill import fill_report
from toolkit.rules.years import check_previous_year
from toolkit.table import Table, UnitInfo
from toolkit.write.stats_workbook import write_stats_workbook

UNIT = "示范镇人民政府"
PATH = "上年/不存在的文件.xlsx"  # a label in the findings, never opened
NATURAL, OTHER, TOTAL = form.SEC3_COLUMNS[0], form.SEC3_COLUMNS[5], form.SEC3_TOTAL_COLUMN
RULES, NORMATIVE = form.SEC2_DOCUMENT_KEYS
IN_FORCE = form.SEC2_TABLES[0].columns[2]


def pair() -> tuple[Table, Table]:
    """Last year (2023) and this year (2024) of one unit, continuous: 3 natural persons' and one
    company's applications carried over; 规章 5 → 5 + 1 − 0 = 6, 行政规范性文件 10 → 10 + 2 − 3 = 9."""
    last, this = Table(UNIT, 2023), Table(UNIT, 2024)
    last.sec3[form.CARRIED_OUT_KEY][0] = 3
    last.sec3[form.CARRIED_OUT_KEY][1] = 1
    this.sec3[form.CARRIED_IN_KEY][0] = 3
    this.sec3[form.CARRIED_IN_KEY][1] = 1
    last.sec2[RULES], last.sec2[NORMATIVE] = [0, 0, 5], [4, 1, 10]
    this.sec2[RULES], this.sec2[NORMATIVE] = [1, 0, 6], [2, 3, 9]
    return this.with_totals(), last


def where(findings) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.rule, f.severity, f.key, f.column) for f in findings]


def test_continuous_years_give_no_findings() -> None:
    this, last = pair()
    assert check_previous_year(this, last, PATH) == []


def test_r11_fires_per_column_including_the_total() -> None:
    this, last = pair()
    this.sec3[form.CARRIED_IN_KEY][0] = 2  # one carried-over case not logged
    this.sec3[form.CARRIED_IN_KEY][5] = 1  # and one 其他 that last year did not carry out
    findings = check_previous_year(this.with_totals(), last, PATH)
    assert where(findings) == [
        ("R11", ERROR, form.CARRIED_IN_KEY, NATURAL),
        ("R11", ERROR, form.CARRIED_IN_KEY, OTHER),
    ]
    assert {f.path for f in findings} == {PATH}


def test_r11_compares_last_years_total_computed_from_its_leaves() -> None:
    this, last = pair()
    this.sec3[form.CARRIED_IN_KEY][0] = 4
    findings = check_previous_year(this.with_totals(), last, PATH)  # last year has no totals filled in
    assert where(findings) == [
        ("R11", ERROR, form.CARRIED_IN_KEY, NATURAL),  # the root cell, not its 总计
    ]


def test_r10_fires_per_document_row_after_r11() -> None:
    this, last = pair()
    this.sec2[RULES] = [1, 0, 5]  # 5 + 1 − 0 = 6 ≠ 5
    this.sec2[NORMATIVE] = [2, 3, 10]  # 10 + 2 − 3 = 9 ≠ 10
    this.sec3[form.CARRIED_IN_KEY][1] = 0
    findings = check_previous_year(this.with_totals(), last, PATH)
    assert where(findings) == [
        ("R11", ERROR, form.CARRIED_IN_KEY, form.SEC3_COLUMNS[1]),
        ("R10", WARNING, RULES, IN_FORCE),
        ("R10", WARNING, NORMATIVE, IN_FORCE),
    ]
    assert "5 + " in findings[1].message and "= 6" in findings[1].message


@pytest.mark.parametrize("blank", ["this", "last"])
def test_r10_skips_a_row_with_a_blank_figure(blank: str) -> None:
    this, last = pair()
    this.sec2[RULES] = [1, 0, 99]  # would fire
    if blank == "this":
        this.sec2[RULES] = [1, None, 99]
    else:
        last.sec2[RULES] = [0, 0, None]
    assert check_previous_year(this, last, PATH) == []


def test_another_year_is_a_usage_error() -> None:
    this, last = pair()
    last.year = 2022
    with pytest.raises(UsageError, match="2023"):
        check_previous_year(this, last, PATH)


def test_last_years_unit_info_wins_over_its_table() -> None:
    this, last = pair()
    last.year, last.unit = None, ""
    with pytest.raises(UsageError, match="2022"):
        check_previous_year(this, last, PATH, last_info=UnitInfo(name=UNIT, year=2022))
    with pytest.raises(UsageError, match="示范乡"):
        check_previous_year(this, last, PATH, last_info=UnitInfo(name="示范乡人民政府", year=2023))
    assert check_previous_year(this, last, PATH, last_info=UnitInfo(name=UNIT, year=2023)) == []


def test_another_unit_is_a_usage_error_but_spacing_and_width_are_not() -> None:
    this, last = pair()
    last.unit = "示范乡人民政府"
    with pytest.raises(UsageError, match="示范乡人民政府"):
        check_previous_year(this, last, PATH)
    last.unit = " 示范镇 人民政府 "
    assert check_previous_year(this, last, PATH) == []


def test_a_missing_year_or_unit_is_not_compared() -> None:
    this, last = pair()
    last.year, last.unit = None, ""
    assert check_previous_year(this, last, PATH) == []
    this.year, this.unit, last.year = None, "", 2000
    assert check_previous_year(this, last, PATH) == []


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, opened: list[str]) -> None:
    """Count the files ``module.analyse_file`` reads."""
    real = module.analyse_file

    def analyse_file(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, "analyse_file", analyse_file)


@pytest.fixture
def workbooks(tmp_path: Path) -> tuple[Path, Path]:
    """This year's and last year's 统计表, each consistent, with one R11 (自然人: 3 carried out,
    2 carried in)."""
    this, last = pair()
    this.sec3[form.CARRIED_IN_KEY][0] = 2
    this.sec3["三.一"][:2] = this.sec3[form.CARRIED_IN_KEY][:2]  # every case carried in was closed
    last.sec3[form.RECEIVED_KEY][:2] = last.sec3[form.CARRIED_OUT_KEY][:2]  # and received last year
    level = next(u.label for u in form.UNIT_LEVELS if u.can_make_rules)  # 规章 allowed (R8)
    info = UnitInfo(name=UNIT, year=2024, level=level)
    stats = write_stats_workbook(this.with_totals(), tmp_path / "2024.xlsx", info)
    info = UnitInfo(name=UNIT, year=2023, level=level)
    previous = write_stats_workbook(last.with_totals(), tmp_path / "2023.xlsx", info)
    return stats, previous


def test_aggregate_reads_last_year_once(
    workbooks: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats, previous = workbooks
    opened: list[str] = []
    counting(monkeypatch, toolkit.aggregate, opened)
    result = toolkit.aggregate.aggregate([stats], tmp_path / "o.xlsx", previous=previous)
    assert opened.count(previous.name) == 1
    assert where(result.findings) == [
        ("R11", ERROR, form.CARRIED_IN_KEY, NATURAL),  # the root cell, not its 总计
    ]


def test_fill_report_reads_last_year_once(
    workbooks: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats, previous = workbooks
    opened: list[str] = []
    counting(monkeypatch, toolkit.rules.analyse, opened)
    counting(monkeypatch, toolkit.aggregate, opened)  # where it used to read it a second time
    result = fill_report(stats, tmp_path / "r.docx", previous=previous)
    assert opened.count(previous.name) == 1
    assert not result.ok and result.docx is None
    assert [(f.rule, f.key, f.column, f.path) for f in result.findings] == [
        ("R11", form.CARRIED_IN_KEY, NATURAL, str(previous)),
    ]
