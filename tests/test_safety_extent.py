"""The gate's pass over worksheet XML, against a straightforward reading of every cell.

The gate finds a sheet's extent without materialising every cell (it searches for cells outside
the column range it already knows, and for the last filled cell from the end of each window),
and it reads members in chunks, with seams between them. These tests hold it to the plain
answer: every filled cell found, whatever the chunk boundaries cut.
"""

from __future__ import annotations

import io
import random
import re
import struct
import time
import zipfile

import pytest

from toolkit import safety
from toolkit.errors import UnreadableInput
from toolkit.safety import inspect_workbook

# The straightforward reading, with the pattern the gate used before it was made fast: every
# filled cell <c r="B12" ...> (a self-closing <c .../> holds only a style).
_EVERY_FILLED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')

HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1"/><sheetFormatPr defaultRowHeight="15"/><sheetData>'
)
FOOT = b'</sheetData><pageMargins left="0.7" right="0.7" footer="0.3"/></worksheet>'
SKELETON = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheets/></workbook>',
}


def reference(xml: bytes) -> tuple[tuple[int, int, int, int] | None, bool]:
    """((top, bottom, left, right) or None when no cell is filled, has formulas), from every
    filled cell."""
    cells = _EVERY_FILLED_CELL.findall(xml)
    formulas = b"<f>" in xml or b"<f " in xml
    if not cells:
        return None, formulas
    rows = [int(row) for _, row in cells]
    columns = [safety._column(letters) for letters, _ in cells]
    assert rows == sorted(rows)  # the sheets below keep their rows in order, as writers do
    return (rows[0], rows[-1], min(columns), max(columns)), formulas


def gate(
    xml: bytes, compression: int = zipfile.ZIP_DEFLATED
) -> tuple[tuple[int, int, int, int] | None, bool]:
    """What the gate's member pass makes of ``xml`` as a worksheet part, shaped as reference()."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    data = buf.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    extent = safety._scan_member(data, info, lambda message: UnreadableInput(message, path="x"))
    if extent.right < 0 or not extent.top:
        return None, extent.formulas
    return (extent.top, extent.bottom, extent.left, extent.right), extent.formulas


def col(n: int) -> bytes:
    return safety._letters(n).encode()


def inline(ref: bytes, text: bytes) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def sheet(rows: list[tuple[int, list[bytes]]]) -> bytes:
    body = b"".join(b'<row r="%d">%s</row>' % (r, b"".join(cells)) for r, cells in rows)
    return HEAD + body + FOOT


def case_log(seed: int, n_rows: int = 300, width: int = 14) -> list[tuple[int, list[bytes]]]:
    """A case log: a header row, then rows with text, dates, numbers, gaps and styled blanks."""
    rnd = random.Random(seed)
    rows = [(1, [inline(col(c) + b"1", "表头%d".encode() % c) for c in range(width)])]
    for r in range(2, n_rows + 2):
        cells = []
        for c in range(width):
            ref = col(c) + b"%d" % r
            kind = rnd.random()
            if kind < 0.15:
                continue  # no cell at all
            if kind < 0.25:
                cells.append(b'<c r="%s" s="%d"/>' % (ref, rnd.randint(1, 9)))  # styled, empty
            elif kind < 0.5:
                cells.append(b'<c r="%s" s="7"><v>%d</v></c>' % (ref, rnd.randint(40000, 46000)))
            elif kind < 0.6:
                cells.append(b'<c r="%s" t="s"><v>%d</v></c>' % (ref, rnd.randint(0, 99)))
            else:
                cells.append(inline(ref, "申请内容/编号 %d".encode() % rnd.randint(0, 10**6)))
        rows.append((r, cells))
    return rows


def sheets() -> dict[str, bytes]:
    log = case_log(1)
    last = log[-1][0]
    row, cells = log[100]
    far = (1_048_576, [inline(b"XFD1048576", b"x")])
    styled_far = [
        (last + 5, [b'<c r="ZZ%d" s="3"/>' % (last + 5)]),
        (1_048_576, [b'<c r="XFD1048576" s="1"/>']),
    ]
    narrow = [(r, [inline(col(c) + b"%d" % r, b"v") for c in range(4, 9)]) for r in range(2, 200)]
    long_tag = b'<c r="XFD900"' + b" " * 250 + b' t="s"><v>1</v></c>'
    return {
        "case log": sheet(log),
        "stray value far away": sheet([*log, far]),
        "styled blanks far away": sheet(log + styled_far),
        "stray value in the middle of a row": sheet(
            [*log[:100], (row, [*cells[:3], inline(b"AMJ%d" % row, b"y"), *cells[3:]]), *log[101:]]
        ),
        "three-letter columns": sheet(
            [
                (r, [inline(col(c) + b"%d" % r, b"v") for c in (702, 703, 5000, 16383) if (r + c) % 3])
                for r in range(3, 400)
            ]
        ),
        "left edge found late": sheet(
            [*narrow, (200, [b'<c r="B200"><v>1</v></c>']), (201, [b'<c r="A201" s="2"/>'])]
        ),
        "formulas": sheet([*log[:50], (400, [b'<c r="C400"><f>SUM(C2:C399)</f><v>3</v></c>'])]),
        "shared formula": sheet(
            [*log[:50], (400, [b'<c r="D400"><f t="shared" ref="D400:D401" si="0">A1</f></c>'])]
        ),
        "no cells": HEAD + FOOT,
        "only styled blanks": sheet([(r, [b'<c r="%s%d" s="1"/>' % (col(r), r)]) for r in range(1, 300)]),
        "long filled tag": sheet([*log[:30], (900, [long_tag])]),
        # columns widening one at a time, far apart: more widenings than one window searches for
        "many widenings": sheet(
            [(r, [inline(col(c) + b"%d" % r, b"x" * 1500)]) for r, c in enumerate(range(40), 1)]
        ),
        "narrowing leftwards": sheet(
            [(r, [inline(col(c) + b"%d" % r, b"x" * 700)]) for r, c in enumerate(range(40, 0, -1), 1)]
        ),
    }


SHEETS = sheets()
CHUNKS = [7, 18, 61, 274, 275, 1000, 4093, safety.CHUNK]


@pytest.mark.parametrize("name", sorted(SHEETS))
@pytest.mark.parametrize("chunk", CHUNKS)
def test_extent_matches_every_filled_cell(monkeypatch, name, chunk):
    monkeypatch.setattr(safety, "CHUNK", chunk)
    xml = SHEETS[name]
    assert gate(xml) == reference(xml)


@pytest.mark.parametrize("name", ["case log", "stray value far away", "formulas"])
def test_extent_of_a_stored_member(monkeypatch, name):
    monkeypatch.setattr(safety, "CHUNK", 1000)
    xml = SHEETS[name]
    assert gate(xml, zipfile.ZIP_STORED) == reference(xml)


@pytest.mark.parametrize("tag", [
    inline(b"XFD1048576", b"x"),
    b'<c r="AB1048576" s="3" t="s"><v>2</v></c>',
    b'<c r="XFD1048576"' + b" " * 250 + b"><v>1</v></c>",  # longer than the 256 bytes carried before
    b'<c r="XFD1048576"><f>1+1</f></c>',
])  # fmt: skip
def test_a_chunk_boundary_anywhere_in_a_stray_cell(monkeypatch, tag):
    chunk = 512
    monkeypatch.setattr(safety, "CHUNK", chunk)

    def xml(pad: bytes) -> bytes:
        return sheet([(1, [inline(b"A1", b"")]), (2, [inline(b"B2", pad)]), (1_048_576, [tag])])

    unpadded = xml(b"").index(tag)
    for cut in range(len(tag) + 2):  # the boundary falls ``cut`` bytes into the tag
        padded = xml(b"p" * ((-cut - unpadded) % chunk + chunk))
        assert (padded.index(tag) + cut) % chunk == 0
        assert gate(padded) == reference(padded), cut


def test_a_tag_too_long_for_a_writer_counts_as_filled():
    """Past 256 bytes the rest of a cell tag is not read: the cell counts as filled even when it
    turns out to be self-closing. This errs only towards a larger extent, and no writer emits it."""
    xml = sheet([(1, [inline(b"A1", b"")]), (1_048_576, [b'<c r="XFD1048576"' + b" " * 300 + b"/>"])])
    assert reference(xml) == ((1, 1, 0, 0), False)
    assert gate(xml) == ((1, 1_048_576, 0, 16383), False)


def test_a_hostile_run_of_open_tags_costs_linear_time():
    # "<c r=..." without any ">" sent the old pattern back over the rest of the run at every tag:
    # 400 kB took half a minute. 4 MB of it must not.
    xml = HEAD + b'<row r="1">' + b'<c r="A1" ' * 400_000 + b"</row>" + FOOT
    xml2 = HEAD + b'<row r="1">' + (b'<c r="A1" ' * 20 + b"/") * 20_000 + b"</row>" + FOOT
    start = time.perf_counter()
    gate(xml)
    gate(xml2)
    assert time.perf_counter() - start < 10


PAIRS = [(0, 0), (0, 13), (3, 3), (25, 26), (27, 700), (0, 16383), (702, 18277), (5, 18277)]


@pytest.mark.parametrize("left,right", PAIRS)
def test_outside_columns_pattern_is_exact(left, right):
    pattern = safety._outside_columns(left, right)
    if (left, right) == (0, 18277):
        assert pattern is None
    for column in range(18278):  # every name of one to three letters, A..ZZZ
        tag = b'<c r="%s7" t="s">' % col(column)
        found = pattern is not None and pattern.fullmatch(tag) is not None
        assert found == (column < left or column > right), (left, right, column)
    assert safety._outside_columns(0, 18277) is None


# --- the member reader and the DTD check across chunk boundaries ---------------------------------


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000, 123_457])
def test_member_chunks_are_zipfiles_bytes_in_chunk_steps(monkeypatch, compression, size):
    monkeypatch.setattr(safety, "CHUNK", 1000)
    payload = random.Random(size).randbytes(size // 2) + b"abc" * (size - size // 2)
    payload = payload[:size]
    data = _zip({"xl/media/blob.bin": payload}, compression)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    chunks = list(safety._member_chunks(data, info))
    assert b"".join(chunks) == payload
    assert all(len(chunk) == 1000 for chunk in chunks[:-1])


def test_local_header_naming_another_member_is_corrupt(tmp_path):
    data = bytearray(_zip({**SKELETON, "xl/styles.xml": b"<styleSheet/>"}))
    at = data.index(b"PK\x03\x04")  # the first local header
    while True:
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + name_len] == b"xl/styles.xml":
            break
        at = data.index(b"PK\x03\x04", at + 4)
    data[at + 30 : at + 30 + name_len] = b"xl/stylex.xml"  # the central directory still says styles
    path = tmp_path / "names.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert err.value.message == safety.MSG_CORRUPT


@pytest.mark.parametrize("marker", safety._DTD_MARKERS)
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_dtd_marker_cut_by_a_chunk_boundary_anywhere(monkeypatch, marker, part):
    chunk = 64
    monkeypatch.setattr(safety, "CHUNK", chunk)
    for cut in range(len(marker) + 1):
        lead = b'<?xml version="1.0"?>'.ljust(chunk * 3 - cut, b" ")
        data = _zip({**SKELETON, part: lead + marker + b" x><root/>"})
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
        with pytest.raises(UnreadableInput) as err:
            safety._scan_member(data, info, lambda message: UnreadableInput(message, path="x"))
        assert err.value.message == safety.MSG_DTD, cut


def test_has_formulas(tmp_path):
    with_formula = tmp_path / "f.xlsx"
    with_formula.write_bytes(_zip({**SKELETON, "xl/worksheets/sheet1.xml": SHEETS["formulas"]}))
    without = tmp_path / "n.xlsx"
    without.write_bytes(_zip({**SKELETON, "xl/worksheets/sheet1.xml": SHEETS["case log"]}))
    assert inspect_workbook(with_formula).has_formulas is True
    assert inspect_workbook(without).has_formulas is False
