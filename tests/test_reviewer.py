"""The reviewer's year (issue 13 items 1, 2, 5; issue 14 v01–v03), through the command line.

Nothing counted twice (R25; the same unit twice is one R24 finding), nothing overwritten (``-o`` equal to
any input, ``template`` over an existing file, ``fill-report`` over its template), annotated copies that
never overwrite each other and never become inputs. Every test asserts the exit code, the rule and the
files named, and that no input's bytes changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_fixtures import case, write_log
from typer.testing import CliRunner

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.cli import app
from toolkit.count.roster import unit_key
from toolkit.table import Table, UnitInfo
from toolkit.write.stats_workbook import write_stats_workbook

COUNTY = "示范县人民政府"
TOWNS = ("示范县城关镇人民政府", "示范县东湖乡人民政府", "示范县西山镇人民政府", "示范县南岭乡人民政府")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: object) -> tuple[int, dict]:
    code, out, err = run(*args, "--json")
    assert out.startswith("{"), (code, out, err)
    return code, json.loads(out)


def digests(*roots: Path) -> dict[str, str]:
    """sha256 of every file below (or at) ``roots``: what 'no input's bytes changed' compares."""
    out = {}
    for root in roots:
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def town_log(folder: Path, unit: str, n: int = 3, name: str | None = None) -> Path:
    tag = unit_key(unit)[3:5]
    cases = [
        case(id=f"{tag}-{i}", received=date(2024, 2, 1 + i), concluded=date(2024, 2, 10 + i))
        for i in range(n)
    ]
    return write_log(folder / (name or f"{unit}.xlsx"), cases, unit=unit)


def stats_of(path: Path, unit: str, scope: str, received: int = 2) -> Path:
    """A 统计表 filled by hand (ours, but without the 来源/分单位 of an aggregate): ``scope`` declared."""
    table = Table(unit, 2024)
    table.sec3[form.RECEIVED_KEY][0] = received
    table.sec3["三.一"][0] = received
    return write_stats_workbook(table.with_totals(), path, UnitInfo(name=unit, year=2024, scope=scope))


def r25(data: dict) -> list[tuple[str, str]]:
    return [(f["rule"], Path(f["path"]).name) for f in data["findings"] if f["rule"] == "R25"]


# ---- 1. R25: nothing counted twice ------------------------------------------------------------------------


@pytest.mark.parametrize("unit", [COUNTY, "示范县全县", None])
def test_draft_rollup_left_in_the_folder_blocks_the_next_rollup(tmp_path: Path, unit: str | None) -> None:
    """Seen: aggregate in -o in/全县.xlsx, renamed 全县-初稿.xlsx and left; aggregate in -o 全县2.xlsx."""
    inbox = tmp_path / "in"
    a, b = town_log(inbox, TOWNS[0]), town_log(inbox, TOWNS[1])
    code, out, err = run("aggregate", inbox, "-o", inbox / "全县.xlsx", "--unit", unit or COUNTY)
    assert code == 0, out + err
    assert "在输入文件夹" in out  # said where the output went: the next run of this folder would read it
    draft = (inbox / "全县.xlsx").rename(inbox / "全县-初稿.xlsx")
    before = digests(inbox)
    second = tmp_path / "全县2.xlsx"
    code, data = run_json("aggregate", inbox, "-o", second, *(["--unit", unit] if unit else []))
    assert code == 1 and not data["ok"] and not second.exists()
    assert r25(data) == [("R25", draft.name)]
    (finding,) = [f for f in data["findings"] if f["rule"] == "R25"]
    assert str(a) in finding["message"] and str(b) in finding["message"] and str(draft) in finding["hint"]
    assert not [f for f in data["findings"] if f["rule"] in ("R24", "L4")]  # the root cause once
    assert digests(inbox) == before


def test_each_kind_of_double_counting_is_r25(tmp_path: Path) -> None:
    """(a) a 汇总 of the roll-up's own unit, (b) our output over inputs, (c) a 汇总 over an input's unit."""
    town = town_log(tmp_path / "logs", TOWNS[0])
    village = town_log(tmp_path / "logs", "示范县东湖乡赵家湾村民委员会")
    own_rollup = stats_of(tmp_path / "stats" / "全县汇总.xlsx", COUNTY, form.SCOPE_ROLLUP)
    township = stats_of(tmp_path / "stats" / "东湖乡汇总.xlsx", TOWNS[1], form.SCOPE_ROLLUP)
    ours = tmp_path / "stats" / "城关镇汇总.xlsx"
    assert aggregate([town], ours, unit="城关镇片区").ok
    before = digests(tmp_path)
    for inputs, blocked, partner in (
        ([town, own_rollup], own_rollup, town),
        ([town, village, ours], ours, town),
        ([town, village, township], township, village),
    ):
        out = tmp_path / "o.xlsx"
        code, data = run_json("aggregate", *inputs, "-o", out, "--unit", COUNTY)
        assert code == 1 and not out.exists(), data
        assert r25(data) == [("R25", blocked.name)]
        (finding,) = [f for f in data["findings"] if f["rule"] == "R25"]
        assert str(partner) in finding["message"] and str(blocked) in finding["hint"]
    assert digests(tmp_path) == before


def test_legitimate_mixes_are_not_r25(tmp_path: Path) -> None:
    """A 本级 table of the roll-up's own unit is its own cases; a 汇总 of unknown units is a note."""
    town = town_log(tmp_path, TOWNS[0])
    own = stats_of(tmp_path / "县本级.xlsx", COUNTY, form.SCOPE_OWN)
    other = stats_of(tmp_path / "西山镇汇总.xlsx", "西山镇人民政府", form.SCOPE_ROLLUP)
    code, data = run_json("aggregate", town, own, other, "-o", tmp_path / "o.xlsx", "--unit", COUNTY)
    assert code == 0 and data["ok"] and not r25(data), data["findings"]
    code, out, _ = run("aggregate", town, own, other, "-o", tmp_path / "o2.xlsx", "--unit", COUNTY)
    assert code == 0 and "西山镇汇总.xlsx" in out and "无法确定它包含哪些单位" in out


def test_our_own_output_of_one_unit_beside_its_log_is_one_r24(tmp_path: Path) -> None:
    log = town_log(tmp_path / "in", TOWNS[0])
    assert aggregate([log], tmp_path / "in" / "城关镇统计表.xlsx").ok
    before = digests(tmp_path / "in")
    code, data = run_json("aggregate", tmp_path / "in", "-o", tmp_path / "o.xlsx", "--unit", COUNTY)
    assert code == 1 and not (tmp_path / "o.xlsx").exists()
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("R24", "error")]
    assert digests(tmp_path / "in") == before


@pytest.mark.parametrize(
    ("inputs", "rollup", "blocked", "unclear"),
    [
        # (a) a 汇总 (or a JSON table: scope unknown) of the roll-up's unit beside others; 本级 is its own
        (
            [("县.xlsx", COUNTY, "stats", "汇总", None), ("镇.xlsx", TOWNS[0], "log", "", None)],
            COUNTY,
            ["县.xlsx"],
            0,
        ),
        (
            [("县.json", COUNTY, "json", "", None), ("镇.xlsx", TOWNS[0], "log", "", None)],
            COUNTY,
            ["县.json"],
            0,
        ),
        ([("县.xlsx", COUNTY, "stats", "本级", None), ("镇.xlsx", TOWNS[0], "log", "", None)], COUNTY, [], 0),
        ([("县.xlsx", COUNTY, "stats", "汇总", None)], COUNTY, [], 0),  # alone, nothing is counted twice
        # (b) our output naming an input's unit, whatever its own name; its own unit is R24's
        (
            [("o.xlsx", "片区", "stats", "汇总", (TOWNS[0],)), ("镇.xlsx", TOWNS[0], "log", "", None)],
            None,
            ["o.xlsx"],
            0,
        ),
        (
            [("o.xlsx", TOWNS[0], "stats", "本级", (TOWNS[0],)), ("镇.xlsx", TOWNS[0], "log", "", None)],
            None,
            [],
            0,
        ),
        (
            [("o.xlsx", "片区", "stats", "汇总", (TOWNS[1],)), ("镇.xlsx", TOWNS[0], "log", "", None)],
            None,
            [],
            0,
        ),
        # (c) a declared 汇总 over a unit named under it; one whose units cannot be told is a note
        (
            [
                ("乡.xlsx", TOWNS[1], "stats", "汇总", None),
                ("村.xlsx", "示范县东湖乡赵家湾村", "log", "", None),
            ],
            None,
            ["乡.xlsx"],
            0,
        ),
        (
            [("县.xlsx", COUNTY, "stats", "汇总", None), ("局.xlsx", "示范县教育局", "log", "", None)],
            "市",
            ["县.xlsx"],
            0,
        ),
        ([("乡.xlsx", TOWNS[1], "stats", "汇总", None), ("镇.xlsx", TOWNS[0], "log", "", None)], None, [], 1),
    ],
)
def test_double_counting_cases(
    inputs: list[tuple], rollup: str | None, blocked: list[str], unclear: int
) -> None:
    from toolkit.count.overlap import Coverage, double_counting

    found = double_counting([Coverage(*row) for row in inputs], rollup)
    assert [(f.rule, f.path) for f in found.findings] == [("R25", path) for path in blocked]
    assert sorted(found.blocked) == blocked and len(found.unclear) == unclear


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Four units' 台账, and our outputs over subsets of them (made once, on demand)."""
    folder = tmp_path_factory.mktemp("pool")
    return {
        "logs": [town_log(folder, unit, n=2 + i) for i, unit in enumerate(TOWNS)],
        "folder": folder,
        "out": {},
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    inputs=st.sets(st.integers(0, 3), min_size=1),
    subset=st.sets(st.integers(0, 3), min_size=1),
    named=st.sampled_from([None, COUNTY, "片区", TOWNS[0]]),
    unit=st.sampled_from([COUNTY, "另一个汇总", TOWNS[1]]),
)
def test_any_inputs_plus_our_output_over_some_of_them_never_succeeds(
    pool: dict, inputs: set[int], subset: set[int], named: str | None, unit: str
) -> None:
    subset = subset & inputs or {min(inputs)}
    key = (tuple(sorted(subset)), named)
    if key not in pool["out"]:
        made = pool["folder"] / f"out-{len(pool['out'])}.xlsx"
        one = aggregate(
            [pool["logs"][i] for i in sorted(subset)],
            made,
            unit=named if len(subset) == 1 else named or COUNTY,
        )
        assert one.ok, one.all_findings
        pool["out"][key] = made
    given_paths = [pool["logs"][i] for i in sorted(inputs)] + [pool["out"][key]]
    result = aggregate(given_paths, pool["folder"] / "never.xlsx", unit=unit)
    assert not result.ok
    assert {f.rule for f in result.all_findings if f.is_error} & {"R24", "R25"}
    assert not (pool["folder"] / "never.xlsx").exists()


# ---- 2. nothing overwritten -------------------------------------------------------------------------------


def _spelled(path: Path) -> Path:
    return path.parent / ".." / path.parent.name / path.name


@pytest.mark.parametrize(
    "how",
    ["input file", "inside input folder", "previous", "roster", "symlink", "other spelling", "hard link"],
)
def test_output_equal_to_any_input_is_refused_before_reading(tmp_path: Path, how: str) -> None:
    inbox = tmp_path / "in"
    log = town_log(inbox, TOWNS[0])
    (inbox / "broken.xlsx").write_bytes(b"not a workbook")  # read, it would be a second complaint
    previous = stats_of(tmp_path / "上年统计表.xlsx", TOWNS[0], form.SCOPE_OWN)
    roster = tmp_path / "名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append([form.UNIT_NAME])
    wb.active.append([TOWNS[0]])
    wb.save(roster)
    args: list[object] = ["aggregate", inbox]
    if how == "input file":
        args, target = ["aggregate", log], log
    elif how == "inside input folder":
        target = log
    elif how == "previous":
        args += ["--previous", previous]
        target = previous
    elif how == "roster":
        args += ["--roster", roster]
        target = roster
    elif how == "symlink":
        (tmp_path / "link.xlsx").symlink_to(previous)
        args += ["--previous", previous]
        target = tmp_path / "link.xlsx"
    elif how == "other spelling":
        args += ["--roster", roster]
        target = _spelled(roster)
    else:
        os.link(roster, tmp_path / "hard.xlsx")
        args += ["--roster", roster]
        target = tmp_path / "hard.xlsx"
    before = digests(tmp_path)
    code, out, err = run(*args, "-o", target, "--unit", COUNTY)
    assert code == 2 and out == "", out + err
    assert "覆盖" in err and str(target) in err and "broken.xlsx" not in err
    assert digests(tmp_path) == before


def test_previous_year_table_survives_aggregate_onto_itself(tmp_path: Path) -> None:
    """v01: aggregate --previous X -o X."""
    log = town_log(tmp_path / "2024", TOWNS[0])
    previous = write_stats_workbook(
        Table(TOWNS[0], 2023), tmp_path / "上年统计表.xlsx", UnitInfo(name=TOWNS[0], year=2023)
    )
    before = digests(tmp_path)
    code, _out, err = run("aggregate", log, "-o", previous, "--previous", previous)
    assert code == 2 and "--previous" in err and str(previous) in err
    assert digests(tmp_path) == before


@pytest.mark.parametrize("kind", ["log", "stats", "report"])
def test_template_never_replaces_an_existing_file_without_force(tmp_path: Path, kind: str) -> None:
    suffix = ".docx" if kind == "report" else ".xlsx"
    target = tmp_path / f"本单位{suffix}"
    assert run("template", kind, "-o", target)[0] == 0
    target.write_bytes(
        b"a year of entries"
    )  # the clerk's filled file (a template again would be equal bytes)
    before = digests(tmp_path)
    code, _, err = run("template", kind, "-o", target)
    assert code == 2 and "--force" in err and str(target) in err
    assert digests(tmp_path) == before
    # -o a folder holding the default name: the same
    code, _, _ = run("template", kind, "-o", tmp_path)
    assert code == 0
    default = next(p for p in tmp_path.iterdir() if p != target)
    default.write_bytes(b"another year of entries")
    before = digests(tmp_path)
    code, _, err = run("template", kind, "-o", tmp_path)
    assert code == 2 and str(default.name) in err and digests(tmp_path) == before
    target.write_bytes(b"scribbled over")
    code, _out, _ = run("template", kind, "-o", target, "--force")
    assert code == 0 and target.read_bytes() != b"scribbled over"


@pytest.mark.parametrize("how", ["same", "symlink", "hard link", "other spelling"])
def test_fill_report_never_writes_over_its_template(tmp_path: Path, how: str) -> None:
    stats = tmp_path / "s" / "统计表.xlsx"
    assert aggregate([town_log(tmp_path / "logs", TOWNS[0])], stats).ok
    template = tmp_path / "t" / "模板.docx"
    assert run("template", "report", "-o", template)[0] == 0
    target = {
        "same": template,
        "other spelling": _spelled(template),
    }.get(how, tmp_path / "t" / "别名.docx")
    if how == "symlink":
        target.symlink_to(template)
    elif how == "hard link":
        os.link(template, target)
    before = digests(tmp_path)
    code, out, err = run("fill-report", stats, "-t", template, "-o", target)
    assert code == 2 and "覆盖" in err, out + err
    assert digests(tmp_path) == before


# ---- annotated copies -------------------------------------------------------------------------------------


def _broken_log(path: Path, unit: str, tag: str) -> Path:
    return write_log(path, [case(id=f"{tag}-1"), case(id=f"{tag}-2", received="2024-02-30")], unit=unit)


def _copy_ids(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[form.SHEET_LOG]
    return {row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row and row[0]}


def test_annotated_copies_of_same_named_inputs_never_overwrite_each_other(tmp_path: Path) -> None:
    """v03: 城关镇/台账.xlsx and 东湖乡/台账.xlsx; and the same through zips with aggregate."""
    inbox = tmp_path / "收件箱"
    a = _broken_log(inbox / "城关镇" / "台账.xlsx", TOWNS[0], "CG")
    b = _broken_log(inbox / "东湖乡" / "台账.xlsx", TOWNS[1], "DH")
    before = digests(inbox)
    names = []
    for _ in range(2):  # the same run twice gives the same names
        out = tmp_path / "标注"
        shutil.rmtree(out, ignore_errors=True)
        code, data = run_json("check", inbox, "--annotate", out)
        assert code == 1
        copies = sorted(p.name for p in out.iterdir())
        names.append(copies)
        assert len(copies) == 2 and len({c.casefold() for c in copies}) == 2
        written = [n for f in data["files"] for n in f.get("notes", []) if "标注副本" in n]
        assert sorted(Path(n.split("：", 1)[1]).name for n in written) == copies
        ids = {p.name: _copy_ids(p) for p in out.iterdir()}
        assert sorted(map(frozenset, ids.values()), key=sorted) == sorted(
            [frozenset({"CG-1", "CG-2"}), frozenset({"DH-1", "DH-2"})], key=sorted
        )
        assert any("城关镇" in name and ids[name] == {"CG-1", "CG-2"} for name in ids)
    assert names[0] == names[1]
    zips = tmp_path / "zips"
    zips.mkdir()
    for name, src in (("城关镇.zip", a), ("东湖乡.zip", b)):
        with zipfile.ZipFile(zips / name, "w") as z:
            z.write(src, "台账.xlsx")
    before_zips = digests(zips)
    code, _, _ = run(
        "aggregate", zips, "-o", tmp_path / "o.xlsx", "--unit", COUNTY, "--annotate", tmp_path / "z"
    )
    assert code == 1
    copies = {p.name: _copy_ids(p) for p in (tmp_path / "z").iterdir()}
    assert copies == {
        "台账-城关镇-检查标注.xlsx": {"CG-1", "CG-2"},
        "台账-东湖乡-检查标注.xlsx": {"DH-1", "DH-2"},
    }
    assert digests(inbox) == before and digests(zips) == before_zips


def test_annotated_copies_of_separate_runs_never_overwrite_each_other(tmp_path: Path) -> None:
    """Two runs into one folder, each with another unit's 台账.xlsx; and a file of the user's at the name."""
    a = _broken_log(tmp_path / "城关镇" / "台账.xlsx", TOWNS[0], "CG")
    b = _broken_log(tmp_path / "东湖乡" / "台账.xlsx", TOWNS[1], "DH")
    out = tmp_path / "标注"
    out.mkdir()
    (out / "台账-检查标注.xlsx").write_bytes(b"the reviewer's own notes")
    before = digests(a, b, out)
    assert run("check", a, "--annotate", out)[0] == 1
    assert run("check", b, "--annotate", out)[0] == 1
    assert run("check", a, "--annotate", out)[0] == 1  # the same run again: its own copy, replaced
    copies = {p.name: p for p in out.iterdir() if p.name != "台账-检查标注.xlsx"}
    assert len(copies) == 2 and sorted(map(frozenset, map(_copy_ids, copies.values())), key=sorted) == sorted(
        [frozenset({"CG-1", "CG-2"}), frozenset({"DH-1", "DH-2"})], key=sorted
    )
    assert {k: v for k, v in digests(a, b, out).items() if k in before} == before


@pytest.mark.parametrize("where", ["subfolder", "the folder itself"])
def test_annotated_copies_never_become_inputs_of_the_next_run(tmp_path: Path, where: str) -> None:
    inbox = tmp_path / "in"
    bad = _broken_log(inbox / "东湖乡.xlsx", TOWNS[1], "DH")
    town_log(inbox, TOWNS[0])
    out = inbox / "标注" if where == "subfolder" else inbox
    code, _ = run_json("check", inbox, "--annotate", out)
    assert code == 1
    (copy,) = out.glob("*-检查标注.xlsx")
    before = digests(inbox)
    code, data = run_json("check", inbox)
    assert code == 1
    assert sorted(Path(f["path"]).name for f in data["files"]) == sorted(["东湖乡.xlsx", f"{TOWNS[0]}.xlsx"])
    assert any(str(copy) in note for note in data["notes"])
    code, data = run_json("aggregate", inbox, "-o", tmp_path / "o.xlsx", "--unit", COUNTY)
    assert code == 1 and {(f["rule"], f["path"]) for f in data["findings"]} == {("L3", str(bad))}
    assert [f["path"] for f in data["units"]] == sorted([str(bad), str(inbox / f"{TOWNS[0]}.xlsx")])
    # named explicitly, a copy is read (a unit may send one back corrected)
    code, data = run_json("check", copy)
    assert [Path(f["path"]).name for f in data["files"]] == [copy.name]
    assert digests(inbox) == before


# ---- 5. one problem, one finding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("示范县城关镇人民政府", "示范縣城關鎮 人民政府"),
        ("示范县城关镇人民政府", "示范县城关镇人民政府\u3000"),
        ("示范县-城关镇人民政府", "示范县—城关镇人民政府"),
        ("示范县（城关镇）人民政府", "示范县(城关镇)人民政府"),
    ],
)
def test_same_unit_sent_twice_is_one_r24(tmp_path: Path, first: str, second: str) -> None:
    """A re-saved copy (other bytes, the name spelled otherwise): one R24 naming both files, no L4s."""
    inbox = tmp_path / "in"
    one = town_log(inbox, first, name="城关镇台账.xlsx")
    again = town_log(inbox, second, name="城关镇台账（重发）.xlsx")
    assert _copy_ids(one) == _copy_ids(again)
    before = digests(inbox)
    code, out, _ = run("aggregate", inbox, "-o", tmp_path / "o.xlsx", "--unit", COUNTY)
    assert code == 1 and out.count("未生成") == 1
    code, data = run_json("aggregate", inbox, "-o", tmp_path / "o.xlsx", "--unit", COUNTY)
    findings = data["findings"]  # every finding, of the files and across them
    assert [(f["rule"], f["severity"]) for f in findings] == [("R24", "error")]
    named = {Path(findings[0]["path"]).name} | {
        n for n in (one.name, again.name) if n in findings[0]["message"]
    }
    assert named == {one.name, again.name}
    assert not (tmp_path / "o.xlsx").exists() and digests(inbox) == before
