"""Find formula cells saved without a cached value (as openpyxl and some generators write them).

calamine reads such a cell as '' — a blank where the file shows a number — so the checker must
know, and ask the user to open and save the file in Excel/WPS once (which computes them).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import defusedxml.ElementTree as ET

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
CHUNK = 1 << 20
MAX_SCAN = 64 << 20  # sheets larger than this (uncompressed) are not scanned: too costly to read twice


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part name (xl/worksheets/sheet1.xml) → sheet name."""
    try:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    out = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id"))
        if part:
            out[part] = sheet.get("name", "")
    return out


_VALUE = re.compile(rb"<v>[^<]+</v>")


def _has_value(attributes: bytes, body: bytes) -> bool:
    """A cached value is present: a non-empty <v>, or an empty one on a string result."""
    if _VALUE.search(body):
        return True
    return b"<v" in body and b't="str"' in attributes


def formulas_without_values(path: Path, *, limit: int = 20) -> list[tuple[str, str]]:
    """Up to ``limit`` (sheet name, cell) of formula cells that carry no cached value."""
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as zf:
        for part, name in sheet_parts(zf).items():
            try:
                info = zf.getinfo(part)
            except KeyError:
                continue
            if info.file_size > MAX_SCAN:
                continue
            data = zf.read(part)
            if b"<f" not in data:
                continue
            for match in _CELL.finditer(data):
                body = match.group(2) or b""
                if b"<f" in body and not _has_value(match.group(1), body):
                    ref = _REF.search(match.group(1))
                    found.append((name, ref.group(1).decode() if ref else "?"))
                    if len(found) >= limit:
                        return found
    return found
