"""LibreOffice headless as a real spreadsheet engine for tests (recipes.md).

``recalculate(book)`` opens an .xlsx with a profile that forces recalculation on load and
returns every sheet's recalculated values as text, read from LibreOffice's CSV export.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

RECALC_ITEM = (
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
    '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>'
)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
TIMEOUT = 180


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice binary; in CI its absence fails the test, elsewhere it skips it."""
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) 未安装：CI 必须安装 libreoffice-calc-nogui")
        pytest.skip("LibreOffice not installed (set CI to make this a failure)")
    return path


@cache
def _profile() -> Path:
    """A fresh LibreOffice profile that recalculates xlsx formulas on load."""
    soffice = require_soffice()
    root = Path(tempfile.mkdtemp(prefix="xxgk-lo-profile-"))
    work = Path(tempfile.mkdtemp(prefix="xxgk-lo-init-"))
    seed = work / "seed.csv"
    seed.write_text("1\n", encoding="utf-8")
    _run(
        [
            soffice,
            f"-env:UserInstallation={root.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(work),
            str(seed),
        ]
    )
    registry = root / "user" / "registrymodifications.xcu"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("</oor:items>", RECALC_ITEM + "</oor:items>"), encoding="utf-8")
    return root


def _run(args: list[str]) -> None:
    result = subprocess.run(
        [args[0], "--headless", "--norestore", *args[1:]],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"soffice failed: {result.stderr.decode(errors='replace')}")


def recalculate(book: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``book`` as recalculated by LibreOffice: sheet name → rows of cell text."""
    soffice = require_soffice()
    out = Path(tempfile.mkdtemp(prefix="xxgk-lo-out-"))
    _run(
        [
            soffice,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            str(book),
        ]
    )
    sheets: dict[str, list[list[str]]] = {}
    prefix = book.stem + "-"
    for path in sorted(out.glob("*.csv")):
        name = path.stem[len(prefix) :] if path.stem.startswith(prefix) else path.stem
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[name] = list(csv.reader(fh))
    shutil.rmtree(out, ignore_errors=True)
    if not sheets:
        raise RuntimeError(f"LibreOffice wrote no CSV for {book}")
    return sheets


def value_at(sheets: dict[str, list[list[str]]], sheet: str, row: int, col: int) -> str:
    """The recalculated text at 0-based (row, col), '' beyond the exported area."""
    rows = sheets[sheet]
    if row >= len(rows) or col >= len(rows[row]):
        return ""
    return rows[row][col]
