"""Bulk plain text rows (the 明细 of a roll-up), written into a sheet's XML after xlsxwriter closes.

xlsxwriter keeps every cell as an object, looks each string up in the shared-string table and
writes it out again at close: about 5 µs a cell, half a second for the 明细 of a thousand units.
``TextRows`` skips all that: ``finish`` closes the workbook with xlsxwriter, then splices the rows
into the finished sheet part as inline strings. Only the 明细 sheet (toolkit.write.provenance)
makes them; the 统计表 writer hands them to ``finish``.

This leans on xlsxwriter beyond its documented API, so pyproject.toml pins xlsxwriter's minor
version. When moving the pin, check each of these (tests/test_xlsx_rows.py, and the same-bytes
tests of aggregate, cover them):

- ``Worksheet.table`` (row → {col → cell}) and ``Worksheet.row_info`` (row → set_row's format):
  the rows xlsxwriter holds before close (its in-memory mode, not ``constant_memory``); a block
  over one of them is refused, and a row Excel would escape is handed back to ``write_string``;
- the worksheet XML it writes: one ``<dimension ref="B2"/>`` or ``ref="A1:D9"`` before
  ``<sheetData>``, which is ``<sheetData/>`` when the sheet has no row (its dimension is then a
  placeholder, replaced); each row opens with ``<row r="N"`` (``r`` its first attribute), and
  the rows come in ascending order;
- its zip (in-memory mode): every part dated 1980-01-01, so copying the entries one by one,
  with their ``ZipInfo``, keeps a run's bytes the same;
- ``write_string``'s handling of what is left to it: Excel's ``_xHHHH_`` escaping in shared
  strings, and texts over 32,767 UTF-16 units cut at the limit;
- ``Format._get_xf_index()``: a block's style gets its XF index (the ``s`` of its cells) from it,
  once before close (which registers the format, so it is written to styles.xml) and once after.

Everything else (sheet name → part, via workbook.xml and its relationships) is plain OOXML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from toolkit.files import atomic_write
from toolkit.read.cells import MAX_COLUMNS, MAX_ROWS, cell_address, column_letter, parse_address
from toolkit.write.xlsx import CELL_UNITS, excel_length, sheet_parts


@dataclass(frozen=True)
class TextRows:
    """A block of rows of plain text cells, written into a sheet's XML after xlsxwriter closes.

    The sheet itself — widths, styled headers, panes, print set-up — is still written by
    xlsxwriter; these rows go into its ``<sheetData>`` in row order, as inline strings (``""`` is
    no cell). The cells take ``style`` only (not their column's or row's format). Blocks must not overlap
    each other nor any row xlsxwriter wrote (ValueError).
    """

    sheet: str
    first_row: int  # 0-based, like xlsxwriter
    rows: Sequence[Sequence[str]]
    #: the xlsxwriter Format of every cell (wrapping, borders), or none; its XF index is taken
    #: before the workbook closes, so the format is written to the workbook's styles
    style: Any = None
    #: each row's height in points (None: the default), for wrapped text LibreOffice and WPS do not fit
    heights: Sequence[float | None] | None = None

    def __post_init__(self) -> None:
        if self.heights is not None and len(self.heights) != len(self.rows):
            raise ValueError(f"{len(self.heights)} heights for {len(self.rows)} rows of {self.sheet}")
        if self.first_row < 0 or self.first_row + len(self.rows) > MAX_ROWS:
            raise ValueError(
                f"rows {self.first_row + 1}–{self.last_row + 1} of {self.sheet} are outside a sheet"
            )
        if max(map(len, self.rows), default=0) > MAX_COLUMNS:
            raise ValueError(f"a row of {self.sheet} is wider than a sheet")

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1


def finish(wb: Any, buffer: io.BytesIO, path: Path, rows: Sequence[TextRows] = ()) -> Path:
    """Close ``wb``, write ``rows`` into its sheets, and save it at ``path`` atomically."""
    runs = _plain_runs(wb, rows)
    wb.close()
    data = buffer.getvalue()
    if runs:
        data = splice_rows(data, runs)
    atomic_write(path, data)
    return path


def splice_rows(data: bytes, rows: Sequence[TextRows]) -> bytes:
    """The xlsx ``data`` with the blocks of ``rows`` written into their sheets (see TextRows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = sheet_parts(zin.read)
        by_part: dict[str, list[TextRows]] = {}
        for block in rows:
            if block.sheet not in parts:
                raise ValueError(f"no sheet named {block.sheet}")
            by_part.setdefault(parts[block.sheet], []).append(block)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():  # same names, order, dates and compression: same bytes each run
                body = zin.read(info)
                if info.filename in by_part:
                    body = _splice_sheet(body, by_part[info.filename])
                zout.writestr(info, body)
    return out.getvalue()


_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+\d+)(?::([A-Z]+\d+))?"/>')
#: what Excel's string escaping (_xHHHH_) touches — control characters, U+FFFE/U+FFFF and texts
#: that look like an escape: readers undo it in shared strings but not all of them in inline
#: strings (openpyxl does not), so a row holding one is written by xlsxwriter
_ESCAPED_BY_EXCEL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _needs_xlsxwriter(row: Sequence[str]) -> bool:
    """A row Excel would escape, or with a text over a cell's limit (xlsxwriter cuts it, as before)."""
    joined = "".join(row)
    printable = joined.isprintable() or joined.replace("\n", "").isprintable()  # 明细: one case ID a line
    if printable and "_x" not in joined and len(joined) <= CELL_UNITS // 2:
        return False  # the usual case, at C speed
    if _ESCAPED_BY_EXCEL.search(joined):
        return True
    return any(len(t) > CELL_UNITS // 2 and excel_length(t) > CELL_UNITS for t in row)


def _disjoint(blocks: Sequence[TextRows]) -> list[TextRows]:
    """The non-empty blocks of one sheet in row order; ValueError if two share a row."""
    ordered = sorted((b for b in blocks if b.rows), key=lambda b: b.first_row)
    for before, after in pairwise(ordered):
        if after.first_row <= before.last_row:
            raise ValueError(f"blocks of {after.sheet} overlap at row {after.first_row + 1}")
    return ordered


def _plain_runs(wb: Any, blocks: Sequence[TextRows]) -> list[TextRows]:
    """The blocks cut into runs of rows to splice; a row that _needs_xlsxwriter is written by it."""
    by_sheet: dict[str, list[TextRows]] = {}
    for block in blocks:
        by_sheet.setdefault(block.sheet, []).append(block)
    runs: list[TextRows] = []
    for sheet, of_sheet in by_sheet.items():
        ws = wb.get_worksheet_by_name(sheet)
        if ws is None:
            raise ValueError(f"no sheet named {sheet}")
        # xlsxwriter's cells and row formats so far (its in-memory worksheet; not constant_memory)
        written = set(ws.table) | set(ws.row_info)
        for block in _disjoint(of_sheet):
            if any(block.first_row <= r <= block.last_row for r in written):
                raise ValueError(
                    f"rows {block.first_row + 1}–{block.last_row + 1} of {sheet} were already written"
                )
            rows = list(block.rows)
            heights = list(block.heights) if block.heights is not None else None
            if block.style is not None:
                block.style._get_xf_index()  # registered now, so that it is written to the styles

            start = 0
            for i, row in enumerate(rows):
                if _needs_xlsxwriter(row):
                    for c, text in enumerate(row):
                        if text:
                            ws.write_string(block.first_row + i, c, text, block.style)
                    if heights is not None and heights[i] is not None:
                        ws.set_row(block.first_row + i, heights[i])
                    if i > start:
                        runs.append(_part(block, start, i))
                    start = i + 1
            if start < len(rows):
                runs.append(_part(block, start, len(rows)))
    return runs


def _part(block: TextRows, start: int, stop: int) -> TextRows:
    """Rows ``start``–``stop`` (0-based, within the block) of ``block``, as a block."""
    heights = block.heights[start:stop] if block.heights is not None else None
    return TextRows(block.sheet, block.first_row + start, block.rows[start:stop], block.style, heights)


def _inline_string(ref: str, text: str, style: str = "") -> str:
    """One cell as an inline string (a text without Excel's escapes: see _needs_xlsxwriter)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


class _Bounds:
    """The smallest range holding every cell written (0-based), for ``<dimension>``."""

    def __init__(self) -> None:
        self.top, self.left = MAX_ROWS, MAX_COLUMNS
        self.bottom = self.right = -1

    def add(self, top: int, left: int, bottom: int, right: int) -> None:
        self.top, self.left = min(self.top, top), min(self.left, left)
        self.bottom, self.right = max(self.bottom, bottom), max(self.right, right)


def _rows_xml(block: TextRows, bounds: _Bounds) -> bytes:
    letters = [column_letter(c) for c in range(max(map(len, block.rows), default=0))]
    style = f' s="{block.style._get_xf_index()}"' if block.style is not None else ""
    heights = block.heights
    out: list[str] = []
    for i, row in enumerate(block.rows):
        n = block.first_row + 1 + i
        joined = "".join(row)
        if not joined:
            continue
        if "&" in joined or "<" in joined or ">" in joined or not all(t.strip() == t for t in row):
            cells = "".join(
                _inline_string(f"{letters[c]}{n}", text, style) for c, text in enumerate(row) if text
            )
        else:
            cells = "".join(
                f'<c r="{letters[c]}{n}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
                for c, text in enumerate(row)
                if text
            )
        height = heights[i] if heights is not None else None
        size = f' ht="{height:g}" customHeight="1"' if height is not None else ""
        out.append(f'<row r="{n}"{size}>{cells}</row>')
        filled = [c for c, text in enumerate(row) if text]
        bounds.add(n - 1, filled[0], n - 1, filled[-1])
    return "".join(out).encode("utf-8")


def _splice_sheet(xml: bytes, blocks: Sequence[TextRows]) -> bytes:
    """Insert ``blocks`` into one sheet's ``<sheetData>`` (kept in row order) and widen its dimension."""
    start = xml.index(b"<sheetData")
    empty = xml.startswith(b"<sheetData/>", start)
    if empty:
        xml = xml[:start] + b"<sheetData></sheetData>" + xml[start + len(b"<sheetData/>") :]
    end = xml.index(b"</sheetData>", start)
    written = [(int(m.group(1)), m.start()) for m in _ROW_NUMBER.finditer(xml, start, end)]
    bounds = _Bounds()
    pieces: list[bytes] = []
    cut = 0
    for block in _disjoint(blocks):
        first, last = block.first_row + 1, block.last_row + 1
        if any(first <= r <= last for r, _ in written):
            raise ValueError(f"rows {first}–{last} of {block.sheet} were already written")
        at = next((pos for r, pos in written if r > last), end)
        pieces += [xml[cut:at], _rows_xml(block, bounds)]
        cut = at
    pieces.append(xml[cut:])
    xml = b"".join(pieces)
    if bounds.bottom < 0:
        return xml  # no cell written
    found = _DIMENSION.search(xml)
    if found is None:
        raise ValueError("the sheet has no <dimension>")
    if not empty:  # (an empty sheet's dimension is xlsxwriter's placeholder A1)
        first_cell, last_cell = found.group(1).decode(), (found.group(2) or found.group(1)).decode()
        bounds.add(*parse_address(first_cell), *parse_address(last_cell))
    ref = cell_address(bounds.top, bounds.left)
    if (bounds.bottom, bounds.right) != (bounds.top, bounds.left):
        ref += ":" + cell_address(bounds.bottom, bounds.right)
    return xml[: found.start()] + b'<dimension ref="' + ref.encode() + b'"/>' + xml[found.end() :]
