"""Paths the file system cannot take, and file names made from data (issue 14 v12), through the command line.

- A path component over 255 bytes (86 Chinese characters) given to any command, as an input, an output, a
  folder, a roster, a template or last year's table, is refused with exit 2 and a Chinese message that says to
  shorten the name: never a traceback (``Path.exists()`` raises ENAMETOOLONG on Python 3.11), nothing written,
  no input changed. So are the other failures to look at a path (a loop of links, a folder that cannot be
  entered).
- A unit name that is unsafe as a file name ("/", "..", ":", control characters, 200 characters) in the
  default name of ``xxgk template log|stats --unit`` gives one safe file in the current folder, the unit
  kept whole inside the workbook.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import digests, run
from hypothesis import given, settings
from hypothesis import strategies as st
from log_fixtures import case, write_log

from toolkit import form
from toolkit.errors import UsageError
from toolkit.outputs import NAME_MAX_BYTES, output_file, probe, safe_file_name, safe_name
from toolkit.table import Table, UnitInfo
from toolkit.write.annotate import annotated_names
from toolkit.write.stats_workbook import write_stats_workbook
from toolkit.write.templates import default_name

LONG = "长" * 100  # 300 bytes: one component no file system takes
UNIT = "示范县城关镇人民政府"


def is_safe(name: str) -> bool:
    """No character a file system refuses or a path reads as a separator; no control or format character."""
    return not any(
        ch in '/\\:*?"<>|' or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with a filled 台账, its 统计表, a roster, a holidays table: the inputs every command reads."""
    folder = tmp_path / "in"
    write_log(folder / "台账.xlsx", [case(id="1")], unit=UNIT)
    table = Table(UNIT, 2024).with_totals()
    write_stats_workbook(table, folder / "统计表.xlsx", UnitInfo(name=UNIT, year=2024, scope=form.SCOPE_OWN))
    (folder / "名单.csv").write_text(f"{form.UNIT_NAME}\n{UNIT}\n", encoding="utf-8")
    return folder


#: (command line, with {in} for the inputs folder and {long} for a too-long component) — every place a
#: command takes a path
TOO_LONG = {
    "check file": ["check", "{long}.xlsx"],
    "check folder": ["check", "{long}/台账.xlsx"],
    "check holidays": ["check", "{in}/台账.xlsx", "--holidays", "{long}.csv"],
    "aggregate input": ["aggregate", "{long}.xlsx", "-o", "out.xlsx"],
    "aggregate -o": ["aggregate", "{in}/台账.xlsx", "-o", "{long}.xlsx"],
    "aggregate -o folder": ["aggregate", "{in}/台账.xlsx", "-o", "{long}/out.xlsx"],
    "aggregate roster": ["aggregate", "{in}/台账.xlsx", "-o", "out.xlsx", "--roster", "{long}.csv"],
    "aggregate previous": ["aggregate", "{in}/台账.xlsx", "-o", "out.xlsx", "--previous", "{long}.xlsx"],
    "fill-report stats": ["fill-report", "{long}.xlsx", "-o", "report.docx"],
    "fill-report -o": ["fill-report", "{in}/统计表.xlsx", "-o", "{long}.docx"],
    "fill-report template": ["fill-report", "{in}/统计表.xlsx", "-o", "report.docx", "-t", "{long}.docx"],
    "template log -o": ["template", "log", "-o", "{long}.xlsx"],
    "template stats -o folder": ["template", "stats", "-o", "{long}/统计表.xlsx"],
    "template report -o": ["template", "report", "-o", "{long}.docx"],
    "demo": ["demo", "{long}"],
}


def test_annotated_copies_into_a_folder_name_too_long_get_a_note_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = write_log(tmp_path / "台账.xlsx", [case(id="1", received="2024-02-30")], unit=UNIT)
    before = digests(tmp_path)
    code, out, err, exception = run("check", log, "--annotate", LONG)
    assert exception is None and code == 1, out + err
    assert "未能写出标注副本" in out and "文件名太长" in out and "改短" in out
    assert digests(tmp_path) == before


@pytest.mark.parametrize("args", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_a_name_too_long_is_refused_with_how_to_fix_it(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = digests(tmp_path)
    code, out, err, exception = run(*(a.format(**{"in": inputs, "long": LONG}) for a in args))
    assert exception is None, repr(exception)
    assert code == 2, out + err
    assert "文件名太长" in err and ("改短" in err or "更短" in err), err
    assert digests(tmp_path) == before  # nothing written, no input changed


def test_a_loop_of_links_is_refused_not_a_traceback(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    before = digests(inputs)
    commands = (
        ["check", "a.xlsx"],
        ["aggregate", "a.xlsx", "-o", "o.xlsx"],
        ["template", "log", "-o", "a.xlsx"],
    )
    for args in commands:
        code, out, err, exception = run(*args)
        assert exception is None, (args, repr(exception))
        assert code == 2 and "符号链接循环" in err, (args, out + err)
    assert digests(inputs) == before and not (tmp_path / "o.xlsx").exists()


def test_a_folder_that_cannot_be_entered_is_refused(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder listed but not entered (no x permission; root enters every folder, so the refusal is the
    operating system's answer, given here by a stand-in for os.stat)."""
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="没有权限"):
        probe(tmp_path / "locked" / "台账.xlsx", "输入文件")
    for args in (["check", "locked/台账.xlsx"], ["aggregate", "locked", "-o", "o.xlsx"]):
        code, out, err, exception = run(*args)
        assert exception is None, (args, repr(exception))
        assert code == 2 and "没有权限" in err, (args, out + err)


def test_probe_tells_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    assert probe(tmp_path, "x") == "folder"
    assert probe(tmp_path / "f.txt", "x") == "file"
    assert probe(tmp_path / "none", "x") == "missing"
    assert probe(tmp_path / "f.txt" / "below", "x") == "missing"  # a file on the way: nothing there
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo")
        assert probe(tmp_path / "fifo", "x") == "other"


def test_output_file_puts_the_default_name_in_a_folder_and_checks_the_suffix(tmp_path: Path) -> None:
    assert output_file(tmp_path, "模板.xlsx", ".xlsx", "输出文件") == tmp_path / "模板.xlsx"
    assert output_file(None, "模板.xlsx", ".xlsx", "输出文件") == Path("模板.xlsx")
    with pytest.raises(UsageError, match=r"\.docx"):
        output_file(tmp_path / "a.xlsx", "模板.docx", ".docx", "输出文件")


# ---- file names made from unit names ------------------------------------------------------------------

UNSAFE_UNITS = {
    "slash": "示范县/城关镇",
    "parent": "../../城关镇",
    "dots": "..",
    "backslash": "C:\\Windows\\城关镇",
    "windows marks": '城关镇*?"<>|:',
    "control": "城关镇\t\n\x7f人民政府",
    "too long": "城关镇" * 60,
    "device name": "CON",
}


@pytest.mark.parametrize("kind", ["log", "stats"])
@pytest.mark.parametrize("unit", UNSAFE_UNITS.values(), ids=UNSAFE_UNITS.keys())
def test_unit_names_unsafe_as_file_names_give_one_safe_file_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, unit: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err, exception = run("template", kind, "--unit", unit, "--year", "2024")
    assert exception is None and code == 0, out + err
    made = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(made) == 1 and made[0].parent == work, made  # one file, here, nowhere else
    name = made[0].name
    assert len(name.encode("utf-8")) <= NAME_MAX_BYTES
    assert is_safe(name) and not name.startswith(".")
    assert name.endswith(default_name(kind, "", 2024))
    assert name in out
    wb = openpyxl.load_workbook(made[0])
    kept = [c.value for row in wb[form.SHEET_UNIT].iter_rows() for c in row if c.value == unit.strip()]
    assert kept or unit.strip() != unit, "the unit's own name is kept whole inside the workbook"


def test_a_safe_unit_name_is_used_as_it_is() -> None:
    assert default_name("log", UNIT, 2024) == f"{UNIT}2024年依申请公开登记台账.xlsx"
    assert default_name("stats", "", None) == "政府信息公开年报统计表模板.xlsx"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=300))
def test_safe_name_is_one_bounded_component(text: str, budget: int) -> None:
    name = safe_name(text, budget)
    assert len(name.encode("utf-8")) <= budget + 1  # + 1: the "_" before a Windows device name
    assert is_safe(name)
    assert name not in (".", "..") and not name.startswith((".", " ")) and not name.endswith((".", " "))
    full = safe_file_name(text, "2024年依申请公开登记台账.xlsx")
    assert len(full.encode("utf-8")) <= NAME_MAX_BYTES and full.endswith("2024年依申请公开登记台账.xlsx")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=4))
def test_annotated_copy_names_stay_within_the_limit(parts: list[str]) -> None:
    display = " › ".join(parts) + ".xlsx"
    (name,) = annotated_names([(Path("x.xlsx"), display)]).values()
    assert len(name.encode("utf-8")) <= NAME_MAX_BYTES - 30  # room for the tag of a taken name
    assert is_safe(name)
