"""A folder with several years of one unit: consecutive years are paired and R11/R10 run on the pair
(issue 17 item 3, toolkit.count.pairs)."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit import form
from toolkit.check import check
from toolkit.table import Table

SAMPLE = Path(__file__).parent / "data" / "sample-emin-2024.json"


def _table(unit: str, year: int, carried_in: int, carried_out: int) -> Table:
    table = Table(unit, year)
    table.sec3["一"][0] = 5
    table.sec3["二"][0] = carried_in
    table.sec3["三.一"][0] = 5 + carried_in - carried_out
    table.sec3[form.CARRIED_OUT_KEY][0] = carried_out
    return table.with_totals()


def _write(folder: Path, name: str, table: Table) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(table.dumps(), encoding="utf-8")
    return path


def test_consecutive_years_of_one_unit_are_paired_and_r11_names_both(tmp_path: Path) -> None:
    folder = tmp_path / "历年"
    _write(folder, "2023.json", _table("示范县示范镇人民政府", 2023, 0, 3))
    _write(folder, "2024.json", _table("示范县示范镇人民政府", 2024, 2, 0))  # 2 ≠ last year's 3
    report = check([folder])
    assert all(f.findings == [] for f in report.files)
    r11 = [(f.rule, Path(f.path).name, f.key, f.column) for f in report.across]
    assert r11 == [
        ("R11", "2024.json", form.CARRIED_IN_KEY, "自然人"),
        ("R11", "2024.json", form.CARRIED_IN_KEY, "总计"),
    ]
    assert "2023.json" in report.across[0].message and "2023 年" in report.across[0].message
    assert report.exit_code == 1


def test_agreeing_years_give_nothing_and_r10_runs_on_documents_counts(tmp_path: Path) -> None:
    folder = tmp_path / "历年"
    last = _table("示范县示范镇人民政府", 2023, 0, 3)
    last.sec2[form.SEC2_NORMATIVE_KEY] = [2, 0, 10]
    this = _table("示范县示范镇人民政府", 2024, 3, 0)
    this.sec2[form.SEC2_NORMATIVE_KEY] = [1, 1, 10]  # 10 + 1 − 1 = 10: R10 holds
    _write(folder, "a.json", last)
    _write(folder, "b.json", this)
    assert check([folder]).across == []
    this.sec2[form.SEC2_NORMATIVE_KEY] = [1, 0, 10]  # 10 + 1 − 0 = 11 ≠ 10
    _write(folder, "b.json", this)
    assert [(f.rule, f.key) for f in check([folder]).across] == [("R10", form.SEC2_NORMATIVE_KEY)]


def test_other_units_gaps_and_duplicates_are_not_paired(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    _write(folder, "a.json", _table("示范县示范镇人民政府", 2023, 0, 3))
    _write(folder, "b.json", _table("示范县东湖乡人民政府", 2024, 2, 0))  # another unit
    _write(folder, "c.json", _table("示范县示范镇人民政府", 2025, 2, 0))  # two years later
    assert [f.rule for f in check([folder]).across] == []
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data["year"] == 2024  # the sample alone pairs with nothing
    assert check([SAMPLE]).across == []
