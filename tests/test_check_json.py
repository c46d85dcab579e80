"""``xxgk check`` on JSON tables, the JSON contract, exit codes and the console report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit import form
from toolkit.check import check
from toolkit.cli import app
from toolkit.table import Table

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample-emin-2024.json"
FINDING_KEYS = {"rule", "severity", "path", "sheet", "cell", "key", "column", "message", "hint"}


def test_sample_json_gives_one_root_finding() -> None:
    report = check([SAMPLE])
    assert [(f.rule, f.key, f.column) for f in report.findings] == [("R2", "三.四.1", "总计")]
    assert report.files[0].kind == "json"
    assert report.exit_code == 1 and not report.ok


def test_corrected_json_passes(tmp_path: Path) -> None:
    table = Table.loads(SAMPLE.read_text(encoding="utf-8")).with_totals()
    path = tmp_path / "fixed.json"
    path.write_text(table.dumps(), encoding="utf-8")
    report = check([path])
    assert report.findings == [] and report.exit_code == 0


@pytest.mark.parametrize(
    ("value", "rule"),
    [("", "R6"), ("—", "R5"), ("12", "R5"), (-1, "R5"), (1.5, "R5"), (True, "R5")],
)
def test_bad_values_in_json_are_r5_r6_and_skip_their_rules(tmp_path: Path, value: object, rule: str) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    table = Table.from_json(data).with_totals().to_json()
    table["sec3"]["三.五.2"][1] = value
    path = tmp_path / "t.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    report = check([path])
    assert [(f.rule, f.key, f.column) for f in report.findings] == [(rule, "三.五.2", "商业企业")]
    assert any("跳过" in note for note in report.files[0].notes)


@pytest.mark.parametrize(("value", "rule"), [("", "R6"), ("—", "R7"), (-1, "R7"), (2.5, "R7"), ("7", "R5")])
def test_bad_section_two_counts_in_json(tmp_path: Path, value: object, rule: str) -> None:
    data = Table.loads(SAMPLE.read_text(encoding="utf-8")).with_totals().to_json()
    data["sec2"]["行政许可"] = value
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = check([path])
    assert [(f.rule, f.key) for f in report.findings] == [(rule, "行政许可")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "不是有效的 JSON"),
        ('{"sec2": {}, "sec3": {}, "sec4": []}', "sec3 缺少行"),
        ("[]", "顶层"),
    ],
)
def test_broken_json_is_unreadable_exit_2(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    report = check([path])
    assert report.exit_code == 2
    assert fragment in (report.files[0].error or "")


def test_cli_json_equals_library_result(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(SAMPLE), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == check([SAMPLE]).to_json()
    assert data["ok"] is False
    (file,) = data["files"]
    assert file["kind"] == "json" and file["path"] == str(SAMPLE)
    assert {tuple(sorted(f)) for f in file["findings"]} == {tuple(sorted(FINDING_KEYS))}
    assert file["findings"][0]["severity"] == "error"


def test_cli_console_report_names_rule_place_and_fix() -> None:
    result = CliRunner().invoke(app, ["check", str(SAMPLE)])
    assert result.exit_code == 1
    out = result.stdout
    assert "sample-emin-2024.json（JSON 表格）：1 个错误" in out
    assert "R2" in out and "修改：" in out
    assert f"三.四.1 {form.SEC3_TOTAL_COLUMN}：0 ≠" in out


def test_cli_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "找不到" in result.stderr


def test_folder_input_finds_each_file_once(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.json")
    (tmp_path / "sub").mkdir()
    shutil.copy(SAMPLE, tmp_path / "sub" / "b.json")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    report = check([tmp_path, tmp_path / "a.json"])
    # b.json has a.json's bytes: read once, as aggregate reads it, and said to be a duplicate
    assert sorted(Path(f.path).name for f in report.files) == ["a.json"]
    assert sorted(Path(s["path"]).name for s in report.skipped) == ["a.json", "b.json", "notes.txt"]


def _sample_with(tmp_path: Path, edit) -> Path:
    data = Table.loads(SAMPLE.read_text(encoding="utf-8")).with_totals().to_json()
    text = edit(json.dumps(data, ensure_ascii=False))
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fee", ['"NaN"', '"sNaN"', '"Infinity"', "-1", '"5元"'])
def test_bad_fee_is_r5_never_a_crash(tmp_path: Path, fee: str) -> None:
    path = _sample_with(tmp_path, lambda t: t.replace('"行政事业性收费": 0', f'"行政事业性收费": {fee}'))
    report = check([path])
    assert [(f.rule, f.key, f.column) for f in report.findings] == [
        ("R5", form.SEC2_FEE_KEY, form.SEC2_TABLES[3].columns[0])
    ]


def test_integral_decimals_are_whole_numbers(tmp_path: Path) -> None:
    path = _sample_with(
        tmp_path,
        lambda t: t.replace('"三.四.1": [1, 0, 0, 0, 0, 0, 1]', '"三.四.1": [1.0, 0, 0, 0, 0, 0, 1]'),
    )
    assert '"三.四.1": [1.0' in path.read_text(encoding="utf-8")
    assert check([path]).findings == []


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"sec2": {}, "sec3": {"一": [' + "9" * 5000 + "]}, " + '"sec4": []}'],
    ids=["deeply-nested", "huge-integer"],
)
def test_hostile_json_is_one_chinese_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "evil.json"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("×"))
    assert "JSON" in line and not any(word in line for word in ("Exceeds", "limit", "Error"))
