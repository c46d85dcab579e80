"""No ``None`` ever reaches a user (issue 13 item 6): an input 统计表 or JSON table with cells that
are unreadable, blank or not found blocks the roll-up with the cells named; no formula is written
with a cached value that is not a number; no summary line prints ``None``.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_fixtures import case, write_log
from python_calamine import CalamineWorkbook
from sample_layout import Sheet, save, write_sample_layout
from typer.testing import CliRunner

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.cli import app
from toolkit.errors import InternalError
from toolkit.table import Table
from toolkit.write.stats_workbook import write_stats_workbook

UNIT = "乙镇人民政府"


def clean_table(received: int = 3) -> Table:
    """A consistent table: ``received`` applications, all 予以公开, one review upheld."""
    t = Table(UNIT, 2024)
    t.sec3[form.RECEIVED_KEY][0] = received
    t.sec3["三.一"][0] = received
    t.sec4[0] = 1
    return t.with_totals()


def _log(tmp_path: Path) -> Path:
    cases = [case(id="A", received=date(2024, 3, 1), concluded=date(2024, 3, 5))]
    return write_log(tmp_path / "甲镇台账.xlsx", cases, unit="甲镇人民政府", year=2024)


def _aggregate(tmp_path: Path, *inputs: Path) -> tuple[int, str, dict, Path]:
    out = tmp_path / "全县.xlsx"
    args = ["aggregate", *map(str, inputs), "-o", str(out), "--unit", "示范县", "--year", "2024"]
    result = CliRunner().invoke(app, [*args, "--json"])
    text = CliRunner().invoke(app, args).stdout
    return result.exit_code, text, json.loads(result.stdout), out


def _places(data: dict, rule: str) -> set[tuple[str | None, str | None, str | None]]:
    return {(f["sheet"], f["cell"], f["key"]) for f in data["findings"] if f["rule"] == rule}


# ---------------------------------------------------------------------------------------
# Inputs with unknown cells block the roll-up, the cells named
# ---------------------------------------------------------------------------------------
def test_blank_and_garbage_cells_in_tables_three_and_four_block_with_their_cells(tmp_path: Path) -> None:
    overrides = {
        ("sec3", "一", 0): None,  # D22
        ("sec3", "三.一", 1): "—",  # E24
        ("sec4", None, 2): "abc",  # C52
        ("sec4", None, 3): None,  # D52
    }
    unit = write_sample_layout(tmp_path / "乙镇统计表.xlsx", clean_table(), overrides=overrides)
    code, text, data, out = _aggregate(tmp_path, _log(tmp_path), unit)
    assert code == 1 and not out.exists()
    assert {(f["rule"], f["sheet"], f["cell"]) for f in data["findings"] if f["rule"] in ("R5", "R6")} == {
        ("R6", "Sheet1", "D22"),
        ("R5", "Sheet1", "E24"),
        ("R5", "Sheet1", "C52"),
        ("R6", "Sheet1", "D52"),
    }
    assert "None" not in text and "Sheet1!D22" in text and "未生成统计表" in text


def test_rows_not_found_block_the_rollup_naming_the_rows(tmp_path: Path) -> None:
    relabel = {"三.五.2": "（乱码）", "三.五.3": "？？"}
    unit = write_sample_layout(tmp_path / "乙镇统计表.xlsx", clean_table(), relabel=relabel)
    code, text, data, out = _aggregate(tmp_path, _log(tmp_path), unit)
    assert code == 1 and not out.exists()
    assert _places(data, "R6") == {("Sheet1", None, "三.五.2")}
    (finding,) = [f for f in data["findings"] if f["rule"] == "R6"]
    assert "三.五.2" in finding["message"] and "三.五.3" in finding["message"]
    assert "None" not in text


def test_a_table_not_found_blocks_the_rollup(tmp_path: Path) -> None:
    """A workbook with 表二 and 表三 but no 表四: its 15 numbers are unknown, not 0."""
    full = write_sample_layout(tmp_path / "full.xlsx", clean_table())
    sheet = Sheet("Sheet1")
    rows = CalamineWorkbook.from_path(str(full)).get_sheet_by_name("Sheet1").to_python()
    for r, row in enumerate(rows[:47]):  # up to 四、结转下年度 (row 46), not 表四
        for c, v in enumerate(row):
            if v != "":
                sheet.put(r, c, int(v) if isinstance(v, float) else v)
    unit = save(tmp_path / "乙镇统计表.xlsx", [sheet])
    code, text, data, out = _aggregate(tmp_path, _log(tmp_path), unit)
    assert code == 1 and not out.exists()
    assert _places(data, "R6") == {(None, None, None)}
    assert "None" not in text


def test_json_with_text_and_null_cells_blocks_without_a_traceback(tmp_path: Path) -> None:
    data = clean_table().to_json()
    data["sec2"][form.SEC2_KEYS[2]] = "abc"  # text in a one-value row of 表二
    data["sec3"]["三.五.2"] = [None] * len(form.SEC3_COLUMNS)
    path = tmp_path / "乙镇.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text, result, out = _aggregate(tmp_path, _log(tmp_path), path)
    assert code == 1 and not out.exists()
    assert ("R7", form.SEC2_KEYS[2]) in {(f["rule"], f["key"]) for f in result["findings"]}
    # null cells are "not available" (one R6 naming the whole row blocks the roll-up), not 7 blanks
    r6 = [f for f in result["findings"] if f["rule"] == "R6"]
    assert [(f["key"], f["column"]) for f in r6] == [("三.五.2", None)] and "整行" in r6[0]["message"]
    assert "None" not in text and "Traceback" not in text


# ---------------------------------------------------------------------------------------
# The writer: never a cached value that is not a number
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "where", [("sec3", "三.五.2", 1), ("sec4", None, 5), ("sec2", form.SEC2_KEYS[2], 0)], ids=str
)
def test_writer_refuses_a_cell_that_is_not_a_number(tmp_path: Path, where: tuple) -> None:
    table = clean_table()
    section, key, i = where
    if section == "sec3":
        table.sec3[key][i] = None
    elif section == "sec4":
        table.sec4[i] = None
    else:
        table.sec2[key] = None
    with pytest.raises(InternalError) as err:
        write_stats_workbook(table, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    place = {"sec3": "表三!E21", "sec4": "表四!F5", "sec2": f"表二 {form.SEC2_KEYS[2]}"}[section]
    assert f"统计表中有不是数字的值：{place}（空值）；" in err.value.message  # the typed cell, not its totals
    assert "None" not in err.value.message


_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def assert_numbers_cached(path: Path) -> int:
    """Every formula and number cell of every sheet has a cached value that is a number (or, for
    a formula whose result is text, that text); returns the formulas seen."""
    formulas = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            for ref, attrs, body in _CELL.findall(z.read(name).decode()):
                kind = re.search(r'\bt="(\w+)"', attrs)
                value = re.search(r"<v>(.*?)</v>", body or "", re.S)
                if "<f>" in (body or ""):
                    formulas += 1
                    assert value is not None, (name, ref)
                if value is None or (kind and kind[1] in ("s", "inlineStr")):
                    continue
                if kind and kind[1] == "str":
                    assert value[1] and value[1] != "None", (name, ref, value[1])
                else:
                    float(value[1])  # raises on None, NaN is written as text by no writer
                    assert value[1] not in ("nan", "inf", "None"), (name, ref)
    openpyxl.load_workbook(path)  # the file that openpyxl refused had <v>None</v>
    return formulas


counts = st.integers(min_value=0, max_value=40)


@st.composite
def unit_tables(draw: st.DrawFn) -> Table:
    """A consistent unit table: results, 二 and 四 drawn, 一 = 三.七 + 四 − 二 kept ≥ 0."""
    t = Table(draw(st.sampled_from(["甲镇", "乙镇", "丙镇", "丁乡"])), 2024)
    for key in form.RESULT_KEYS:
        t.sec3[key] = [draw(counts) for _ in form.SEC3_COLUMNS]
    t.sec3[form.CARRIED_OUT_KEY] = [draw(counts) for _ in form.SEC3_COLUMNS]
    for c in range(form.TOTAL_COL):
        results = sum(t.sec3[k][c] or 0 for k in form.RESULT_KEYS) + (t.sec3[form.CARRIED_OUT_KEY][c] or 0)
        carried_in = draw(st.integers(min_value=0, max_value=results))
        t.sec3[form.CARRIED_IN_KEY][c] = carried_in
        t.sec3[form.RECEIVED_KEY][c] = results - carried_in
    t.sec4 = [draw(counts) for _ in range(form.SEC4_WIDTH)]
    return t.with_totals()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tables=st.lists(unit_tables(), min_size=1, max_size=3, unique_by=lambda t: t.unit),
    holes=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(form.SEC3_KEYS),
            st.integers(0, 5),
            st.sampled_from([None, "—"]),
        ),
        max_size=2,
    ),
)
def test_every_output_caches_numbers_and_unknown_input_cells_block(
    tmp_path_factory: pytest.TempPathFactory, tables: list[Table], holes: list
) -> None:
    """Any set of unit tables (JSON), some with cells knocked out: either no output at all, or
    an output whose every formula and number cell caches a number."""
    tmp = tmp_path_factory.mktemp("prop")
    knocked = False
    data = [t.to_json() for t in tables]
    for n, key, c, value in holes:
        if n < len(data) and key != form.RESULTS_TOTAL_KEY:
            data[n]["sec3"][key][c] = value
            knocked = True
    paths = []
    for n, item in enumerate(data):
        paths.append(tmp / f"{n}.json")
        paths[-1].write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    result = aggregate(paths, tmp / "out.xlsx", unit="示范县", year=2024)
    if knocked:
        assert result.output is None and not (tmp / "out.xlsx").exists()
        return
    assert result.output is not None, [f.to_json() for f in result.all_findings]
    assert assert_numbers_cached(result.output) > 0
