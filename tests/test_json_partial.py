"""Partial JSON tables (issue 15 item 6): ``null`` means "not available" — the table is read, the
missing cells are said once, the rules that need them are skipped with a note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit import form
from toolkit.check import check
from toolkit.cli import app
from toolkit.table import Table

SAMPLE = Path(__file__).parent / "data" / "sample-emin-2024.json"


def _correct() -> dict:
    return Table.loads(SAMPLE.read_text(encoding="utf-8")).with_totals().to_json()


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _missing_notes(report) -> list[str]:
    return [n for n in report.files[0].notes if "null" in n]


def test_null_rows_are_one_note_not_a_finding_per_cell(tmp_path: Path) -> None:
    data = _correct()
    for key in ("三.三.1", "三.三.2", "三.三.3", "三.三.4"):
        data["sec3"][key] = None
    data["sec4"] = None
    report = check([_write(tmp_path, data)])
    file = report.files[0]
    assert file.error is None and file.kind == "json"
    assert report.findings == [] and report.exit_code == 0
    (note,) = _missing_notes(report)
    # four rows of 表三 and the three blocks of 表四, each listed once as a whole
    assert note.count("整行") == 7 and "表三 三.三.1 整行" in note and "表四 复议后起诉 整行" in note
    # the identities needing those rows (R1 for every column) are skipped and said to be
    assert any("跳过" in n and "勾稽" in n for n in file.notes)


def test_a_null_cell_skips_only_its_rules_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    data = _correct()
    data["sec3"]["三.五.2"][1] = None  # not available
    data["sec3"]["三.一"][0] += 1  # a real error elsewhere: R2 on 三.一 must still be found
    report = check([_write(tmp_path, data)])
    assert [(f.rule, f.key) for f in report.findings if f.rule != "R3" and f.rule != "R1"][:1] == [
        ("R2", "三.一")
    ]
    assert all(f.rule != "R6" for f in report.findings)
    (note,) = _missing_notes(report)
    assert "表三 三.五.2 商业企业" in note


def test_many_missing_cells_are_shown_in_part_with_their_count(tmp_path: Path) -> None:
    data = _correct()
    for key in form.SEC3_KEYS[:10]:
        data["sec3"][key][0] = None
    (note,) = _missing_notes(check([_write(tmp_path, data)]))
    assert note.count("自然人") == 8 and "等 10 处" in note


def test_null_sections_and_section_two(tmp_path: Path) -> None:
    data = _correct()
    data["sec2"][form.SEC2_RULES_KEY] = None
    data["sec2"]["行政许可"] = None
    report = check([_write(tmp_path, data)])
    assert report.findings == []
    (note,) = _missing_notes(report)
    assert f"表二 {form.SEC2_RULES_KEY} 整行" in note and "表二 行政许可 整行" in note
    whole = _correct()
    whole["sec3"] = None
    table = Table.from_json(whole)
    assert all(v is None for row in table.sec3.values() for v in row)
    assert ("表三", form.RESULTS_TOTAL_KEY, None) in table.missing_cells()


def test_blank_text_is_still_r6(tmp_path: Path) -> None:
    data = _correct()
    data["sec3"]["三.五.2"][1] = ""
    report = check([_write(tmp_path, data)])
    assert [(f.rule, f.key, f.column) for f in report.findings] == [("R6", "三.五.2", "商业企业")]
    assert _missing_notes(report) == []


@pytest.mark.parametrize("bad", [{"sec3": {}}, {"sec4": [0, 0]}])
def test_a_missing_row_is_still_a_shape_error_that_says_to_write_null(tmp_path: Path, bad: dict) -> None:
    data = _correct()
    data.update(bad)
    report = check([_write(tmp_path, data)])
    assert report.files[0].reason == "json_shape" and report.exit_code == 2
    if "sec3" in bad:
        assert "null" in (report.files[0].error or "")


def test_cli_json_carries_the_missing_note(tmp_path: Path) -> None:
    data = _correct()
    data["sec3"]["四"] = None
    result = CliRunner().invoke(app, ["check", str(_write(tmp_path, data)), "--json"])
    out = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout
    (entry,) = out["files"]
    assert entry["findings"] == [] and any("表三 四 整行" in n for n in entry["notes"])
