"""Find formula cells saved without a cached value (as openpyxl and some generators write them).

calamine reads such a cell as '' — a blank where the file shows a number — so the checker must
know, and ask the user to open and save the file in Excel/WPS once (which computes them).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from toolkit.gate.parts import sheet_parts

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
CHUNK = 1 << 20
MAX_SCAN = 64 << 20  # sheets larger than this (uncompressed) are not scanned: too costly to read twice


_VALUE = re.compile(rb"<v>[^<]+</v>")


def _has_value(attributes: bytes, body: bytes) -> bool:
    """A cached value is present: a non-empty <v>, or an empty one on a string result."""
    if _VALUE.search(body):
        return True
    return b"<v" in body and b't="str"' in attributes


def formulas_without_values(source: Path | bytes, *, limit: int = 20) -> list[tuple[str, str]]:
    """Up to ``limit`` (sheet name, cell) of formula cells that carry no cached value, in the workbook at
    ``source`` (a path, or its bytes)."""
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
        for name, part in sheet_parts(zf.read).items():
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
