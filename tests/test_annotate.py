"""Annotated copies of macro workbooks (issue 14 v11): ``check --annotate`` on an .xlsm with findings prints
nothing on stderr (openpyxl's ``keep_vba`` held an open in-memory zip whose finaliser, run after its buffer
was gone, printed "Exception ignored in: ZipFile.__del__ … ValueError"), and the copy opens with its macros
kept; the input is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
from log_fixtures import case, write_log
from typer.testing import CliRunner

from toolkit import form
from toolkit.cli import app
from toolkit.write.annotate import RESULTS_SHEET, annotated_path

ROOT = Path(__file__).resolve().parents[1]
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2600)  # an OLE header: what Excel stores there


def macro_workbook(path: Path) -> Path:
    """A filled 台账 with an error (a date that does not exist), saved as Excel saves a macro workbook."""
    plain = write_log(path.with_suffix(".xlsx"), [case(id="M-1"), case(id="M-2", received="2024-02-30")])
    with zipfile.ZipFile(plain) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    plain.unlink()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", MACRO_MAIN
    )
    types = types.replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    parts["[Content_Types].xml"] = types.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
            ' Target="vbaProject.bin"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    parts["xl/vbaProject.bin"] = VBA
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def assert_macro_copy(copy: Path) -> None:
    with zipfile.ZipFile(copy) as zf:
        assert zf.read("xl/vbaProject.bin") == VBA
        assert MACRO_MAIN in zf.read("[Content_Types].xml").decode()
    wb = openpyxl.load_workbook(copy, keep_vba=True)
    try:
        assert wb.sheetnames[0] == RESULTS_SHEET and form.SHEET_LOG in wb.sheetnames
    finally:
        wb.vba_archive.close()


def run_check(source: Path, out: Path) -> tuple[int, str, str]:
    """``xxgk check SOURCE --annotate OUT`` in its own process: a finaliser's complaint reaches stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "check", str(source), "--annotate", str(out)],
        capture_output=True,
        cwd=out.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def test_annotating_a_macro_workbook_prints_nothing_on_stderr(tmp_path: Path) -> None:
    source = macro_workbook(tmp_path / "带宏台账.xlsm")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "标注"
    code, stdout, stderr = run_check(source, out)
    assert code == 1, stdout + stderr  # the date that does not exist
    assert stderr == ""
    assert "已写出标注副本" in stdout
    (copy,) = out.iterdir()
    assert copy.name == annotated_path(source, out).name and copy.suffix == ".xlsm"
    assert_macro_copy(copy)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_a_macro_workbook_openpyxl_cannot_load_gets_a_note_and_nothing_on_stderr(tmp_path: Path) -> None:
    """Read (calamine) but not loadable for the copy (openpyxl refuses its document properties): the zips
    openpyxl opened before it gave up are closed too."""
    source = macro_workbook(tmp_path / "带宏台账.xlsm")
    with zipfile.ZipFile(source) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    core = parts["docProps/core.xml"].decode()
    parts["docProps/core.xml"] = re.sub(r"(<dcterms:created[^>]*>)[^<]*", r"\1not a date", core).encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "标注"
    code, stdout, stderr = run_check(source, out)
    assert code == 1, stdout + stderr
    assert stderr == ""
    assert "未能写出标注副本" in stdout and not out.exists()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_a_whole_sheet_merged_range_gives_a_note_not_gigabytes(tmp_path: Path) -> None:
    """Found by the fuzzer: one <mergeCell ref="A8:XFD1048576"/> made openpyxl build 17 billion merged
    cells for the annotated copy (3.5 GB, 100 s; three such ranges were killed at 24 GB). The check
    itself is unaffected; the copy is refused before loading, with a note that says why."""
    import copy

    import test_fuzz as fuzz

    example = fuzz.Example("sample", copy.deepcopy(fuzz.bases()["sample"]))
    example.book.sheet("Sheet1").overlapping += ["A8:XFD1048576"]
    source = fuzz.write_book(example.book, tmp_path / "统计表.xlsx")
    before = source.read_bytes()
    result = CliRunner().invoke(app, ["check", str(source), "--annotate", str(tmp_path / "标注")])
    assert result.exit_code == 0, result.output  # (R20 format findings: a copy would be written)
    assert "合并单元格的范围过大" in result.output, result.output
    assert not (tmp_path / "标注").exists() or not any((tmp_path / "标注").iterdir())
    assert source.read_bytes() == before
