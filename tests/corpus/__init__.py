"""The hostile-input corpus (``make_corpus``) and the oracles every guarantee test shares.

The oracles judge what a command printed or wrote, never how it did it:

- ``output_problems``: tracebacks and Python exception names in what the user sees;
- ``control_characters``: terminal control characters (a hostile cell can carry escape sequences);
- ``snapshot``/``changed``: input files byte-identical (SHA-256) and untouched (mtime);
- ``leaks``: applicants' data in a text;
- ``zip_text``/``formulas``: the text and the formulas of an .xlsx/.docx we wrote;
- ``content_rows``: the rows of a sheet that hold anything, read from the XML (not by our readers).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from html import unescape
from pathlib import Path

#: what a traceback or a leaked exception looks like to a user
_TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+"
    r"|\b[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Interrupt|Exit)\b"
    r"|\bBadZipFile\b|\bStopIteration\b|\bpython_calamine\b|\bopenpyxl\b|\bxlsxwriter\b|\bzipfile\b"
    r"|\bdefusedxml\b|\bdocxtpl\b|\bjinja2\b|\bSegmentation fault\b|\bcore dumped\b|\bKilled\b",
    re.M,
)
#: the tmp files of toolkit.files.atomic_write
TEMP_GLOB = ".xxgk-*.tmp"


def output_problems(text: str) -> list[str]:
    """The lines of ``text`` that show a traceback or a Python exception's name."""
    return [line for line in text.splitlines() if _TRACEBACK.search(line)]


def control_characters(text: str) -> list[str]:
    """Lines holding a control character other than the line break (ESC, BEL, NUL, C1 …)."""
    found = []
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        if any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in line):
            found.append(repr(line[:200]))
    return found


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() or p.is_fifo())
        elif path.exists() or path.is_fifo():
            out.append(path)
    return out


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[str, int, int]]:
    """path → (sha256, size, mtime_ns) of every file at or under ``paths`` (FIFOs: their stat only)."""
    out: dict[str, tuple[str, int, int]] = {}
    for path in _files(paths):
        st = path.stat()
        digest = "fifo" if path.is_fifo() else hashlib.sha256(path.read_bytes()).hexdigest()
        out[str(path)] = (digest, st.st_size, st.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[str, int, int]], after: dict[str, tuple[str, int, int]]) -> list[str]:
    """Files changed, added or removed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def leaks(text: str, needles: Iterable[str]) -> list[str]:
    return [needle for needle in needles if needle in text]


def zip_text(path: Path) -> str:
    """Every XML/HTML part of a zip (.xlsx/.docx) as plain text: tags removed, entities decoded, so
    text split over runs reads whole. A non-zip file (.html) is read as text."""
    path = Path(path)
    if not zipfile.is_zipfile(path):
        return unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8", errors="replace")))
    parts = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml", ".html")):
                xml = zf.read(info).decode("utf-8", errors="replace")
                parts.append(unescape(re.sub(r"<[^>]+>", "", xml)))
    return "\n".join(parts)


def formulas(path: Path) -> list[tuple[str, str]]:
    """(part, formula text) of every <f> element in the worksheets of an .xlsx."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8", errors="replace")
                found += [(name, unescape(f)) for f in re.findall(r"<f(?:\s[^>]*)?>(.*?)</f>", xml, re.S)]
    return found


# --- rows, read from the XML ---------------------------------------------------------------------
_ROW = re.compile(r"<row [^>]*?r=\"(\d+)\"[^>]*?(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_T = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_V = re.compile(r"<v>(.*?)</v>", re.S)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(raw: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), unescape(raw))


def _blank(text: str) -> bool:
    from toolkit.read.cells import is_blank

    return is_blank(text)


def sheet_xml(path: Path, sheet: str) -> tuple[str, list[str]]:
    """The worksheet XML of ``sheet`` and the shared strings of the workbook."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        found = None
        for m in re.finditer(r"<sheet ([^>]*?)/>", book):
            attrs = m[1]
            name = re.search(r'name="([^"]*)"', attrs)
            if name and unescape(name[1]) == sheet:
                found = re.search(r'r:id="([^"]+)"', attrs)
        assert found, sheet
        target = re.search(rf'<Relationship [^>]*Id="{found[1]}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{found[1]}"', rels
        )
        assert target, found[1]
        part = target[1].lstrip("/") if target[1].startswith("/") else "xl/" + target[1]
        xml = zf.read(part).decode("utf-8", errors="replace")
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            sst = zf.read("xl/sharedStrings.xml").decode("utf-8", errors="replace")
            for si in re.findall(r"<si>(.*?)</si>", sst, re.S):
                shared.append("".join(_ooxml_text(t) for t in _T.findall(si)))
    return xml, shared


def content_rows(path: Path, sheet: str, below: int) -> list[int]:
    """1-based rows of ``sheet`` after row ``below`` that hold at least one non-blank value, read
    straight from the XML (a cell's own value; merged ranges do not fill anything)."""
    xml, shared = sheet_xml(path, sheet)
    rows = []
    for row in _ROW.finditer(xml):
        number = int(row[1])
        if number <= below or not row[2]:
            continue
        for cell in _CELL.finditer(row[2]):
            attrs, body = cell[1], cell[2] or ""
            kind = re.search(r'\bt="([^"]+)"', attrs)
            kind = kind[1] if kind else "n"
            if kind == "inlineStr":
                text = "".join(_ooxml_text(t) for t in _T.findall(body))
            else:
                value = _V.search(body)
                if value is None:
                    continue
                text = shared[int(value[1])] if kind == "s" else _ooxml_text(value[1])
            if not _blank(text):
                rows.append(number)
                break
    return rows
