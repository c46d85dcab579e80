"""The gate's reading of sheet XML (toolkit.gate.sheets), against calamine's own reading of it.

calamine (python-calamine) holds a sheet as a dense rectangle from its smallest to its largest
filled row and column, so the gate must know a rectangle that holds calamine's, whatever the order of
the rows, the order and quoting of the attributes, the prefix of the elements or the cells written
without r. A sheet whose cell tags are all written the usual way is scanned (the fast path), any other
is parsed as XML (the slow path), in chunks with seams between them. These tests hold both to a plain
reading of every cell by ElementTree with calamine's rules applied (``reference``), over chunk sizes and
every position of a chunk boundary, and refuse each way a sheet was found to make calamine allocate
hundreds of GB (each checked by hand to abort python-calamine 0.9.1 in a memory-limited subprocess; no
test here runs calamine on them): as too large, or, where calamine's reading would not follow the XML's
structure, as damaged.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from toolkit.errors import UnreadableInput
from toolkit.gate import sheets as sheet_reading
from toolkit.gate import workbook, zips
from toolkit.gate.sheets import SheetDamaged, SheetScan, column_letters, xml_extent
from toolkit.gate.workbook import inspect_workbook

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="%s" xmlns:x="%s" xmlns:r="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships"><dimension ref="A1"/><sheetFormatPr defaultRowHeight="15"/>'
    b"<sheetData>" % (MAIN, MAIN)
)
FOOT = b'</sheetData><pageMargins left="0.7" right="0.7" footer="0.3"/></worksheet>'
SKELETON = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheets/></workbook>',
}
U32 = 0xFFFF_FFFF
FAR = "A1:XFD1048576"  # what every far stray cell below makes of the sheet
FAR_CELLS = 1_048_576 * 16_384


# --- calamine's reading, by an XML parser ----------------------------------------------------------
def calamine_ref(text: str, *, row_only: bool = False) -> tuple[int, int]:
    """(row, column), 0-based, of a cell's r as calamine reads it: letters in either case, then
    digits, leading zeros and any length allowed, u32 arithmetic that wraps."""
    letters, digits = re.fullmatch(r"([A-Za-z]*)([0-9]+)", text).groups()
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    assert row_only or column
    return (int(digits) & U32) - 1, (column & U32) - 1 if column else 0


def reference(xml: bytes) -> tuple[tuple[int, int, int, int] | None, bool]:
    """((top, bottom, left, right) or None when no cell is filled, has formulas): calamine's rules
    applied to the elements of the first sheetData as ElementTree reads them (so only for
    well-formed parts): names without their prefix; a cell at its r (not x:r), or else one past the
    previous cell of the row; a row at its r, or else one past the previous row; a cell filled
    when it holds an element."""
    found: list[tuple[int, int]] = []
    row = column = 0
    state = "before"
    cell = None
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        name = element.tag.rpartition("}")[2]
        if state == "before":
            state = "in" if (event, name) == ("start", "sheetData") else state
        elif state == "in" and cell is not None:
            if event == "end" and element is cell[0]:
                if len(element):
                    found.append(cell[1])
                column = (cell[1][1] + 1) & U32
                cell = None
        elif state == "in" and name == "row":
            if event == "start" and "r" in element.attrib:
                row = calamine_ref(element.attrib["r"], row_only=True)[0]
            elif event == "end":
                row, column = (row + 1) & U32, 0
        elif state == "in" and name == "c" and event == "start":
            place = calamine_ref(element.attrib["r"]) if "r" in element.attrib else (row, column)
            cell = (element, place)
        elif state == "in" and (event, name) == ("end", "sheetData"):
            state = "after"
    formulas = b"<f>" in xml or b"<f " in xml
    if not found:
        return None, formulas
    rows = [r + 1 for r, _ in found]
    columns = [c for _, c in found]
    return (min(rows), max(rows), min(columns), max(columns)), formulas


def cells_of(extent: tuple[int, int, int, int] | None) -> int:
    return 0 if extent is None else (extent[1] - extent[0] + 1) * (extent[3] - extent[2] + 1)


def pieces(xml: bytes, chunk: int) -> list[bytes]:
    return [xml[i : i + chunk] for i in range(0, len(xml), chunk)] or [b""]


def scan(xml: bytes, chunk: int = 1 << 20, *, exact: bool = True) -> SheetScan:
    """The fast path over ``xml`` fed in ``chunk`` pieces (its exact pass by default)."""
    scanner = SheetScan(exact=exact)
    for piece in pieces(xml, chunk):
        scanner.feed(piece)
    scanner.finish()
    return scanner


def gate(xml: bytes, chunk: int = 1 << 20):
    """What the gate makes of ``xml`` as a sheet part (fast path, or the parse when the fast path
    cannot tell), shaped as reference()."""
    scanner = scan(xml, chunk)
    extent = xml_extent(pieces(xml, chunk)) if scanner.odd else scanner.extent
    if extent.right < 0:
        return None, scanner.extent.formulas
    return (extent.top, extent.bottom, extent.left, extent.right), scanner.extent.formulas


def damaged(xml: bytes, chunk: int = 1 << 20) -> bool:
    try:
        gate(xml, chunk)
    except SheetDamaged:
        return True
    return False


# --- sheets --------------------------------------------------------------------------------------
def col(n: int) -> bytes:
    return column_letters(n).encode()


def inline(ref: bytes, text: bytes) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def sheet(rows: list[tuple[int | None, list[bytes]]], prefix: bytes = b"") -> bytes:
    row = b"<%srow>%%s</%srow>" % (prefix, prefix)
    numbered = b'<%srow r="%%d">%%s</%srow>' % (prefix, prefix)
    body = b"".join(numbered % (r, b"".join(cells)) if r else row % b"".join(cells) for r, cells in rows)
    return HEAD + body + FOOT


def case_log(seed: int, n_rows: int = 300, width: int = 14, first: int = 1) -> list[tuple[int, list[bytes]]]:
    """A case log: a header row, then rows with text, dates, numbers, gaps and styled blanks."""
    rnd = random.Random(seed)
    rows = [(first, [inline(col(c) + b"%d" % first, "表头%d".encode() % c) for c in range(width)])]
    for r in range(first + 1, first + n_rows + 1):
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
                cells.append(b'<c r="%s" s="2" t="s"><v>%d</v></c>' % (ref, rnd.randint(0, 99)))
            else:
                cells.append(inline(ref, "申请内容/编号 %d".encode() % rnd.randint(0, 10**6)))
        rows.append((r, cells))
    return rows


def rewrite(rows, pattern: bytes, replacement) -> list[tuple[int | None, list[bytes]]]:
    return [(r, [re.sub(pattern, replacement, cell) for cell in cells]) for r, cells in rows]


def prefixed(xml: bytes) -> bytes:
    """The same sheet with every element of the main namespace written x:name."""
    return re.sub(rb"<(/?)(?!x:)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", xml)


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
    unnumbered = [(r, [re.sub(rb' r="[A-Z]+\d+"', b"", c) for c in cs]) for r, cs in case_log(2, 120)]
    pretty = sheet(case_log(9, 60)).replace(b"<row", b"\n  <row").replace(b"<c ", b"\n    <c ")
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
            [*log[:50], (400, [b'<c r="D400"><f t="shared" ref="D400:D401" si="0">A1</f><v>1</v></c>'])]
        ),
        "no cells": HEAD + FOOT,
        "only styled blanks": sheet([(r, [b'<c r="%s%d" s="1"/>' % (col(r), r)]) for r in range(1, 300)]),
        "long filled tag": sheet([*log[:30], (900, [long_tag])]),
        # columns widening one at a time, far apart: more widenings than one window searches for
        "many widenings": sheet(
            [(r, [inline(col(c) + b"%d" % r, b"x" * 1500)]) for r, c in enumerate(range(40), 1)]
        ),
        # outwards both ways: more than a window searches for, even with its first and last taken
        "widening both ways": sheet(
            [
                (r, [inline(col(20 + (r // 2 if r % 2 else -(r // 2))) + b"%d" % r, b"x" * 1500)])
                for r in range(1, 41)
            ]
        ),
        "narrowing leftwards": sheet(
            [(r, [inline(col(c) + b"%d" % r, b"x" * 700)]) for r, c in enumerate(range(40, 0, -1), 1)]
        ),
        # the four holes of the first fast gate, and what else makes calamine read a cell elsewhere
        "stray value first": sheet([far, *log]),
        "rows out of order": sheet(
            [*case_log(3, first=50)[:150], (7, [inline(b"C7", b"z")]), *case_log(3, first=50)[150:]]
        ),
        "attributes in any order": sheet(
            [
                *rewrite(log, rb'<c r="(\w+)"((?: \w+="[^"]*")*)', rb'<c\2 r="\1"'),
                (1_048_576, [b'<c s="0" r="XFD1048576"><v>1</v></c>']),
            ]
        ),
        "single quotes": sheet(rewrite(log, rb'r="(\w+)"', rb"r='\1'")),
        "prefixed elements": prefixed(sheet(log)),
        "prefixed stray value first": prefixed(sheet([far, *log])),
        "white space in tags": sheet(rewrite(log, rb'<c r="(\w+)"', rb'<c\n\t r = "\1"  ')),
        "lower-case and zero-padded references": sheet(
            rewrite(log, rb'r="([A-Z]+)(\d+)"', lambda m: b'r="%s00%s"' % (m[1].lower(), m[2]))
        ),
        "eight digits and four letters": sheet(
            [*log[:20], (12_345_678, [b'<c r="AAAA12345678"><v>1</v></c>'])]
        ),
        "Excel's cm and vm": sheet(
            [
                *log[:40],
                (
                    41,
                    [
                        b'<c r="B41" cm="1"><f t="array" ref="B41">A1:A2</f><v>1</v></c>',
                        b'<c r="C41" vm="1" t="e"><v>#VALUE!</v></c>',
                        b'<c r="Q41" s="1" t="n" cm="1"><v>2</v></c>',
                    ],
                ),
            ]
        ),
        "other attributes holding / and >": sheet(
            [
                *log[:40],
                (41, [b'<c r="B41" foo="a/b>c"><v>1</v></c>', b'<c r="R42" foo="/>" s="1"><v>1</v></c>']),
            ]
        ),
        "cells without r": sheet(unnumbered),
        "rows and cells without r": sheet([(None, cs) for _, cs in unnumbered]),
        "prefixed cells without r": prefixed(sheet([(None, cs) for _, cs in unnumbered])),
        "a cell without r after a far empty one": sheet(
            [*log[:10], (11, [b'<c r="A11"><v>1</v></c>', b'<c r="XFC11" s="1"/>', b"<c><v>1</v></c>"])]
        ),
        "cells without r in a far row": sheet(
            [*log[:10], (1_048_576, [b"<c><v>1</v></c>", b"<c/>", b"<c><v>2</v></c>"])]
        ),
        "x:r is not r": sheet([*log[:10], (500, [b'<c x:r="XFD1"><v>1</v></c>'])]),
        "pretty-printed": pretty,
        "rows written otherwise": sheet([*log[:5], (20, [b"<c><v>1</v></c>"])])
        .replace(b'<row r="20">', b'<row spans="1:3" r="20">')
        .replace(b"</sheetData>", b'<row r="30"/><row><c/><c><v>1</v></c></row></sheetData>'),
        "comments and CDATA": sheet(
            [
                (
                    1,
                    [b"<!-- <c r='XFD9'><v>1</v></c> -->", b"<c><is><t><![CDATA[<c r='ZZ9'>]]></t></is></c>"],
                ),
                (2, [b"<c><v>1</v></c><?pi <c r='ZZ8'>?>", b'<c r="AB2"><v>1</v></c>']),
            ]
        ),
        "text holding :c": sheet([*log[:5], (6, [inline(b"B6", b"ratio 3:c 4 x:c>y")])]),
    }


SHEETS = sheets()
CHUNKS = [7, 18, 61, 300, 512, 513, 4093, 1 << 20]


def test_the_reference_reads_the_sheets_as_calamine_does():
    """Spot checks of reference() itself, against what calamine was seen to do."""
    assert reference(SHEETS["stray value first"])[0][1:] == (1_048_576, 0, 16_383)
    assert reference(SHEETS["a cell without r after a far empty one"])[0][3] == 16_383
    assert reference(SHEETS["cells without r in a far row"])[0][1] == 1_048_576
    assert reference(SHEETS["x:r is not r"])[0][3] == 13  # at (500, A), inside the log's columns
    assert reference(SHEETS["eight digits and four letters"])[0][1:] == (12_345_678, 0, 18_278)


@pytest.mark.parametrize("name", sorted(SHEETS))
@pytest.mark.parametrize("chunk", CHUNKS)
def test_extent_matches_calamines(name, chunk):
    xml = SHEETS[name]
    assert gate(xml, chunk) == reference(xml)


#: the sheets whose every cell tag is written as writers write them (r first, one space apart)
USUAL = [
    "Excel's cm and vm",
    "case log",
    "formulas",
    "left edge found late",
    "many widenings",
    "narrowing leftwards",
    "no cells",
    "only styled blanks",
    "pretty-printed",
    "rows out of order",
    "shared formula",
    "stray value far away",
    "stray value first",
    "stray value in the middle of a row",
    "styled blanks far away",
    "text holding :c",
    "three-letter columns",
    "widening both ways",
]


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_only_sheets_in_the_usual_form_take_the_fast_path(name):
    """Parsing is for the odd sheet: it costs many times the scan."""
    assert scan(SHEETS[name], 4093).odd == (name not in USUAL)


def holds(outer, inner) -> bool:
    return inner.right < 0 or (
        (outer.top <= inner.top <= inner.bottom <= outer.bottom)
        and (outer.left <= inner.left <= inner.right <= outer.right)
    )


@pytest.mark.parametrize("name", sorted(SHEETS))
@pytest.mark.parametrize("chunk", [61, 4093, 1 << 20])
def test_the_first_scan_holds_the_exact_rectangle(name, chunk):
    """The first scan proves most windows inside a box with one search: its rectangle is larger,
    never smaller."""
    first, exact = scan(SHEETS[name], chunk, exact=False), scan(SHEETS[name], chunk)
    assert first.odd == exact.odd
    assert holds(first.extent, exact.extent)


class CountingFindall:
    """A stand-in for a compiled pattern that counts the windows read tag by tag."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.calls = 0

    def findall(self, data: bytes, *span: int) -> list:
        self.calls += 1
        return self.pattern.findall(data, *span)


def test_a_long_sheet_is_searched_not_read_tag_by_tag(monkeypatch):
    """A sheet written in order past row 99,999 is read tag by tag in one window only (where it
    leaves the first box), then searched for the second; a far stray cell in one more."""
    rows = [
        (r, [b'<c r="A%d" s="1"><v>%d</v></c><c r="N%d" t="s"><v>1</v></c>' % (r, r, r)])
        for r in range(1, 150_001)
    ]
    counting = CountingFindall(sheet_reading._CELL)
    monkeypatch.setattr(sheet_reading, "_CELL", counting)
    first = scan(sheet(rows), exact=False)
    assert (first.odd, first.box, counting.calls) == (False, 1, 1)
    assert holds(first.extent, scan(sheet(rows)).extent)
    counting.calls = 0
    first = scan(sheet([*rows, (1_048_576, [b'<c r="AB1048576"><v>1</v></c>'])]), exact=False)
    assert (first.odd, first.box, counting.calls) == (False, 2, 2)  # (no box holds column AB)
    assert first.extent.bottom >= 1_048_576 and first.extent.right == 27


STRAY_TAGS = {
    "inline": inline(b"XFD1048576", b"x"),
    "shared string": b'<c r="AB1048576" s="3" t="s"><v>2</v></c>',
    "long tag": b'<c r="XFD1048576"' + b" " * 250 + b"><v>1</v></c>",
    "formula": b'<c r="XFD1048576"><f>1+1</f></c>',
    "r after s": b'<c s="0" r="XFD1048576"><v>1</v></c>',
    "single quotes": b"<c r='XFD1048576' t='n'><v>1</v></c>",
    "prefixed": b'<x:c r="XFD1048576"><x:v>1</x:v></x:c>',
    "white space": b'<c\n  r = "XFD1048576"\t><v>1</v></c>',
    "lower case, leading zeros": b'<c r="xfd001048576"><v>1</v></c>',
    "a slash in a value": b'<c r="XFD1048576" foo="a/b"><v>1</v></c>',
    "without r after a far empty cell": b'<c r="XFC1048576" s="1"/><c><v>1</v></c>',
}


@pytest.mark.parametrize("where", ["last", "first"])
@pytest.mark.parametrize("tag", sorted(STRAY_TAGS))
def test_a_chunk_boundary_anywhere_in_a_stray_cell(tag, where):
    """The stray cell (in its own row, after the others or before them) with a chunk boundary
    at every byte of it and around it: the gate finds it."""
    chunk = 512
    stray = STRAY_TAGS[tag]

    def xml(pad: bytes) -> bytes:
        if where == "first":  # the padding as text in the stray cell's row, before it
            return sheet([(1_048_576, [pad, stray]), (1, [inline(b"A1", b"")]), (2, [inline(b"B2", b"")])])
        return sheet([(1, [inline(b"A1", b"")]), (2, [inline(b"B2", pad)]), (1_048_576, [stray])])

    unpadded = xml(b"").index(stray)
    for cut in range(-2, len(stray) + 2):  # the boundary falls ``cut`` bytes into the tag
        padded = xml(b"p" * ((-cut - unpadded) % chunk + chunk))
        assert (padded.index(stray) + cut) % chunk == 0
        expected = reference(padded)
        assert expected[0][1] == 1_048_576
        assert gate(padded, chunk) == expected, cut


def random_sheet(rnd: random.Random) -> bytes:
    """A sheet mixing every way of writing cells and rows that calamine reads, in random order."""
    prefix = rnd.choice([b"", b"", b"x:"])
    rows = []
    for _ in range(rnd.randint(1, 12)):
        r = rnd.choice([rnd.randint(1, 60), rnd.randint(1, 60), None, rnd.randint(1, 2_000_000)])
        plain = rnd.random() < 0.3
        cells = []
        for _ in range(rnd.randint(0, 8)):
            c, cr = rnd.choice([rnd.randint(0, 30), rnd.randint(0, 16383)]), rnd.randint(1, 60)
            ref = col(c) + b"%d" % cr
            ref = rnd.choice([ref, ref, ref.lower(), col(c) + b"00%d" % cr])
            q = rnd.choice([b'"', b'"', b"'"])
            attrs = rnd.sample(
                [b's="1"', b't="n"', b'x:r="ZZ9"', b'foo="a/b>"', b'vm="1"'], rnd.randint(0, 3)
            )
            if not plain and rnd.random() < 0.85:
                attrs.insert(rnd.randint(0, len(attrs)), b"r=" + q + ref + q)
            sep = rnd.choice([b" ", b" ", b"\n  ", b"\t"])
            head = b"<%sc" % prefix + b"".join(sep + a for a in attrs)
            if rnd.random() < 0.25:
                cells.append(head + b"/>")
            else:
                content = rnd.choice([b"<%sv>1</%sv>", b"<%sf>1+1</%sf>"]) % (prefix, prefix)
                cells.append(head + b">" + content + b"</%sc>" % prefix)
        rows.append((r, cells))
    return sheet(rows, prefix)


@pytest.mark.parametrize("seed", range(12))
def test_random_sheets(seed):
    rnd = random.Random(seed)
    for _ in range(25):
        xml = random_sheet(rnd)
        chunk = rnd.choice([7, 61, 300, 4093, 1 << 20])
        assert gate(xml, chunk) == reference(xml), xml
        exact = scan(xml, chunk)
        assert exact.odd or holds(scan(xml, chunk, exact=False).extent, exact.extent)


def test_a_cell_with_a_value_element_counts_as_filled_even_when_calamine_reads_it_empty():
    """A cell tag that is not self-closing counts as filled on the fast path, and a cell holding any
    element on the slow one, even where calamine reads an empty value: this errs only towards a
    larger extent."""
    for far in (b'<c r="XFD1048576"></c>', b'<c r="XFD1048576"><v/></c>', b"<c r='XFD1048576'><v></v></c>"):
        assert gate(sheet([(1, [inline(b"A1", b"")]), (1_048_576, [far])]))[0] == (1, 1_048_576, 0, 16_383)
    # without any element, the slow path reads the cell as calamine does: empty
    xml = sheet([(1, [inline(b"A1", b"")]), (1_048_576, [b"<c r='XFD1048576'></c>"])])
    assert gate(xml)[0] == reference(xml)[0] == (1, 1, 0, 0)


@pytest.mark.parametrize(
    "tag",
    [
        b'<c r="B5" r="XFD1048576">',  # a repeated attribute is not XML (calamine's reading of it varies)
        b'<c r="XFD1048576" s="1" t="n" r="B5">',
        b'<c s="1" t="n" s="2" r="XFD1">',
    ],
)
def test_a_repeated_attribute_is_damaged(tag):
    assert damaged(sheet([(1, [inline(b"A1", b"")]), (1_048_576, [tag + b"<v>1</v></c>"])]))


@pytest.mark.parametrize(
    "cells",
    [
        b"<c><v>1<v>2</v></v></c>",  # an element inside a value: calamine ends the value elsewhere
        b"<c><v>1</c></v><c r='B1'><v>2</v></c>",  # not well nested
        b"<c><foo/></c>",  # a child calamine does not read
        b"<c><f><c r='XFD9'><v>1</v></c></f></c>",  # a cell inside a cell
        b"<c><is><t>a</t><is/></is></c>",  # an is inside an is
        b"<c><x:is></x:is></c>",  # a prefixed is calamine reads past (it must begin with t)
        b"<c><x:is><x:r><x:t>a</x:t></x:r></x:is></c>",
        b"<a:b:c><v>1</v></a:b:c>",  # two prefixes
    ],
)
def test_cells_calamine_may_read_otherwise_are_damaged(cells):
    assert damaged(sheet([(1, [inline(b"A1", b""), cells, b"<c><v>1</v></c>"])]))


def test_a_prefixed_inline_string_beginning_with_t_is_read():
    xml = prefixed(sheet([(1, [inline(b"A1", b"a")]), (3, [b"<c><is><t>b</t><r><t>c</t></r></is></c>"])]))
    assert gate(xml)[0] == reference(xml)[0] == (1, 3, 0, 0)


@pytest.mark.parametrize(
    "rows",
    [
        b'<row r="x"><c><v>1</v></c></row>',  # calamine fails on this row's r
        b'<row r="2"><c r="1A"><v>1</v></c><c><v>1</v></c></row>',  # and on this cell's
        b'<row r="0"><c><v>1</v></c></row>',
        b'<row foo><c r="B2"><v>1</v></c></row><row><c><v>1</v></c></row>',  # not XML
        b'<row r="2"><c r="B2"><v>1</v></c><!foo><c><v>1</v></c></row>',
        b'<row r="2"><c r="B2"><v>1</v></c>',  # cut short
    ],
)
def test_what_calamine_fails_on_is_damaged(rows):
    assert damaged(HEAD + b'<row r="1"><c t="x" r="A1"><v>1</v></c></row>' + rows + FOOT)


def test_a_dtd_in_a_sheet_is_damaged():
    xml = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "x">]>' + SHEETS["cells without r"][39:]
    assert damaged(xml)


def test_a_tag_too_long_to_carry_goes_to_the_parse(monkeypatch):
    monkeypatch.setattr(sheet_reading, "MAX_TOKEN", 5000)
    xml = HEAD + b'<row r="1"><c r="A1" s="1"><v>1</v></c><!-- ' + b"x" * 20_000 + b" --></row>" + FOOT
    assert scan(xml, 1000).odd
    assert gate(xml, 1000) == reference(xml)
    monkeypatch.setattr(sheet_reading, "MAX_TOKEN", 50_000)
    assert not scan(xml, 1000).odd


@pytest.mark.slow
def test_hostile_runs_of_tags_are_read_once(monkeypatch):
    """Runs of open tags once sent a pattern back over the rest of the run at every tag (400 kB took
    half a minute). Every byte now passes the scan once and the parse at most once, and what the
    parse cannot follow is refused."""
    runs = {
        "cell tags without >": (HEAD + b'<row r="1">' + b'<c r="A1" ' * 400_000 + b"</row>" + FOOT, True),
        "and with /": (HEAD + b'<row r="1">' + (b'<c r="A1" ' * 20 + b"/") * 20_000 + b"</row>" + FOOT, True),
        "open cells": (HEAD + b'<row r="1">' + b"<c s='1'>" * 300_000 + b"</row>" + FOOT, True),
        "open elements in a value": (
            HEAD + b'<row r="1"><c><v>' + b"<a>" * 200_000 + b"</v></c></row>" + FOOT,
            True,
        ),
        "cells without r": (HEAD + b"<row>" + b"<c><v>1</v></c>" * 300_000 + b"</row>" + FOOT, False),
        "a long attribute": (
            HEAD + b'<row r="1"><c s="1" r="A1" foo="' + b"x" * 3_000_000 + b'"><v>1</v></c></row>' + FOOT,
            False,
        ),
    }
    scanned: list[int] = []
    parsed: list[int] = []
    window, parse = SheetScan._window, expat_parse_counter(parsed)

    def counted(self, data: bytes, start: int, end: int) -> None:
        scanned.append(end - start)
        window(self, data, start, end)

    monkeypatch.setattr(SheetScan, "_window", counted)
    monkeypatch.setattr(sheet_reading.expat, "ParserCreate", parse)
    for name, (xml, refused) in runs.items():
        scanned.clear()
        parsed.clear()
        assert damaged(xml, 1 << 20) == refused, name
        # each byte in one window at most, two windows a chunk at most (the tag cut by its start, the rest)
        assert sum(scanned) <= len(xml) and len(scanned) <= 2 * (len(xml) // (1 << 20) + 1), name
        assert sum(parsed) <= len(xml), name


def expat_parse_counter(parsed: list[int]):
    """A ParserCreate whose parsers count the bytes they are given."""
    create = sheet_reading.expat.ParserCreate

    class Counting:
        def __init__(self, *args):
            self.__dict__["_parser"] = create(*args)

        def __getattr__(self, name):
            return getattr(self._parser, name)

        def __setattr__(self, name, value):
            setattr(self._parser, name, value)

        def Parse(self, data, final=False):
            parsed.append(len(data))
            return self._parser.Parse(data, final)

    return Counting


def test_references_are_not_wrapped_as_calamine_wraps_them():
    """calamine's 32-bit arithmetic would put A4294967297 in row 1; the gate reads it where it says,
    which can only widen the rectangle."""
    xml = sheet([(1, [inline(b"A1", b"")]), (2, [b'<c r="a4294967297"><v>1</v></c>'])])
    assert gate(xml)[0] == (1, 4_294_967_297, 0, 0)


# --- whole workbooks: the holes, refused with the one-line message ---------------------------------
def book(path: Path, xml: bytes, part: str = "xl/worksheets/sheet1.xml", target: str | None = None) -> Path:
    """A workbook whose one sheet, 申请台账, is ``xml`` in ``part`` (named by ``target``)."""
    target = target if target is not None else part.removeprefix("xl/")
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="{target}"/></Relationships>'
    )
    book = (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="申请台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    root = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", SKELETON["[Content_Types].xml"])
        zf.writestr("_rels/.rels", root.encode())
        zf.writestr("xl/workbook.xml", book.encode())
        zf.writestr("xl/_rels/workbook.xml.rels", rels.encode())
        zf.writestr(part, xml)
    return path


def too_large(extent: str = FAR, cells: int = FAR_CELLS) -> str:
    first, last = extent.split(":")
    return workbook.MSG_SHEET_TOO_LARGE.format(sheet="申请台账", first=first, last=last, cells=cells)


A1 = (1, [inline(b"A1", "申请编号".encode())])
HOLES = {
    # the four found in the first fast gate
    "rows out of order": sheet([(1_048_576, [b'<c r="XFD1048576"><v>1</v></c>']), A1]),
    "r not the first attribute": sheet([A1, (1_048_576, [b'<c s="0" r="XFD1048576"><v>1</v></c>'])]),
    "single-quoted r": sheet([A1, (1_048_576, [b"<c r='XFD1048576'><v>1</v></c>"])]),
    "prefixed elements": prefixed(sheet([A1, (1_048_576, [b'<c r="XFD1048576"><v>1</v></c>'])])),
    # and the others found on the way
    "white space around =": sheet([A1, (1_048_576, [b'<c  r = "XFD1048576" ><v>1</v></c>'])]),
    "a tab before r": sheet([A1, (1_048_576, [b'<c\tr="XFD1048576"><v>1</v></c>'])]),
    "lower-case letters": sheet([A1, (1_048_576, [b'<c r="xfd1048576"><v>1</v></c>'])]),
    "leading zeros": sheet([A1, (1_048_576, [b'<c r="XFD0001048576"><v>1</v></c>'])]),
    "a slash in another attribute": sheet([A1, (1_048_576, [b'<c r="XFD1048576" foo="a/b"><v>1</v></c>'])]),
    "a cell without r after a far empty one": sheet(
        [
            (1, [A1[1][0], b'<c r="XFC1" s="1"/>', b"<c><v>1</v></c>"]),
            (1_048_576, [b'<c r="A1048576"><v>1</v></c>']),
        ]
    ),
    "cells without r in a far row": sheet(
        [(1, [b'<c r="XFD1"><v>1</v></c>']), (1_048_576, [b"<c><v>1</v></c>"])]
    ),
}
#: holes that are not XML: calamine's reading of them varies, and the gate refuses them as damaged
DAMAGED_HOLES = {
    "r given twice": sheet([A1, (1_048_576, [b'<c r="A1" r="XFD1048576"><v>1</v></c>'])]),
    "r hidden by a repeated s": sheet(
        [(1, [b'<c r="XFD1"><v>1</v></c>']), (1_048_576, [b'<c s="0" t="n" s="0" r="B2"><v>1</v></c>'])]
    ),
    "a value ended early": sheet(
        [A1, (2, [b'<c r="A2" t="str"><v><v></v><x:c></x:c><c r="XFD1048576"><v>1</v></c></v></c>'])]
    ),
}


@pytest.mark.parametrize("hole", sorted(HOLES))
def test_each_hole_is_refused(tmp_path, hole):
    path = book(tmp_path / "hole.xlsx", HOLES[hole])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert (err.value.message, err.value.reason) == (too_large(), "sheet_too_large")


@pytest.mark.parametrize("hole", sorted(DAMAGED_HOLES))
def test_each_hole_that_is_not_xml_is_refused_as_damaged(tmp_path, hole):
    path = book(tmp_path / "hole.xlsx", DAMAGED_HOLES[hole])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert (err.value.message, err.value.reason) == (workbook.MSG_CORRUPT, "corrupt")


def test_eight_digit_rows_and_four_letter_columns_are_refused(tmp_path):
    xml = sheet([A1, (99_999_999, [b'<c r="A99999999"><v>1</v></c>'])])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(book(tmp_path / "rows.xlsx", xml))
    assert err.value.message == too_large("A1:A99999999", 99_999_999)
    xml = sheet([A1, (2_000_000, [b'<c r="AAAA2000000"><v>1</v></c>'])])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(book(tmp_path / "columns.xlsx", xml))
    assert err.value.message == too_large("A1:AAAA2000000", 2_000_000 * 18_279)


@pytest.mark.parametrize(
    "part,target",
    [
        ("xl/other/sheet1.xml", None),  # calamine reads any part the workbook names
        ("xl/worksheets/sheet1", None),
        ("xl/worksheets/sheet1.bin", None),
        ("xl\\worksheets\\sheet1.xml", "worksheets/sheet1.xml"),  # a zip written on Windows
        ("XL/Worksheets/Sheet1.XML", "worksheets/sheet1.xml"),
        ("xl/macrosheets/sheet1.xml", None),
    ],
)
def test_a_sheet_anywhere_is_read(tmp_path, part, target):
    path = book(tmp_path / "part.xlsx", HOLES["rows out of order"], part, target)
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert err.value.message == too_large()


def test_a_part_the_workbook_does_not_name_is_refused_without_its_name(tmp_path):
    path = book(tmp_path / "orphan.xlsx", sheet([A1]))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/stray/part9.xml", HOLES["rows out of order"])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert err.value.message == too_large().replace("申请台账", workbook.UNLISTED_SHEET)
    assert "part9" not in err.value.message


def test_a_lost_cell_is_refused_as_damaged(tmp_path):
    xml = sheet([(1, [A1[1][0], b"<c><v>1<v>2</v></v></c>", b"<c><v>1</v></c>"])])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(book(tmp_path / "lost.xlsx", xml))
    assert (err.value.message, err.value.reason) == (workbook.MSG_CORRUPT, "corrupt")


def test_the_limit_is_the_rectangle_of_filled_cells(tmp_path):
    """Through the whole gate, on both paths and stored or deflated: a sheet is refused exactly when
    its rectangle is over the limit."""
    for name in ("case log", "cells without r", "three-letter columns", "styled blanks far away"):
        xml = SHEETS[name]
        cells = cells_of(reference(xml)[0])
        for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            path = tmp_path / f"{compression}.xlsx"
            path.write_bytes(_zip({**SKELETON, "xl/worksheets/sheet1.xml": xml}, compression))
            inspect_workbook(path, max_sheet_cells=cells)
            with pytest.raises(UnreadableInput) as err:
                inspect_workbook(path, max_sheet_cells=cells - 1)
            assert err.value.reason == "sheet_too_large", name


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param(prefixed(sheet(case_log(4, 2000, 20))), id="prefixed"),
        pytest.param(SHEETS["rows and cells without r"], id="without r"),
        pytest.param(SHEETS["pretty-printed"], id="pretty-printed"),
        pytest.param(
            sheet([*case_log(5, 50), (1_048_576, [b'<c r="AB1048576" t="s"><v>1</v></c>'])]), id="AB1048576"
        ),
    ],
)
def test_sheets_written_otherwise_pass(tmp_path, xml):
    path = book(tmp_path / "fine.xlsx", xml)
    assert inspect_workbook(path).path == path


# --- the member reader and the DTD check across chunk boundaries ---------------------------------
def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000, 123_457])
def test_inflate_gives_zipfiles_bytes_in_chunk_steps(monkeypatch, compression, size):
    monkeypatch.setattr(zips, "CHUNK", 1000)
    payload = random.Random(size).randbytes(size // 2) + b"abc" * (size - size // 2)
    payload = payload[:size]
    data = _zip({"xl/media/blob.bin": payload}, compression)
    zf = zipfile.ZipFile(io.BytesIO(data))
    chunks = list(zips.inflate(zips.reader(zf), zf.infolist()[0]))
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
    assert (err.value.message, err.value.reason) == (workbook.MSG_CORRUPT, "corrupt")


@pytest.mark.parametrize("marker", zips.DTD_MARKERS)
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_dtd_marker_cut_by_a_chunk_boundary_anywhere(tmp_path, monkeypatch, marker, part):
    chunk = 64
    monkeypatch.setattr(zips, "CHUNK", chunk)
    for cut in range(len(marker) + 1):
        lead = b'<?xml version="1.0"?>'.ljust(chunk * 3 - cut, b" ")
        path = tmp_path / f"dtd{cut}.xlsx"
        path.write_bytes(_zip({**SKELETON, part: lead + marker + b" x><root/>"}))
        with pytest.raises(UnreadableInput) as err:
            inspect_workbook(path)
        assert (err.value.message, err.value.reason) == (workbook.MSG_DTD, "xml_unsafe"), cut


def test_has_formulas(tmp_path):
    with_formula = tmp_path / "f.xlsx"
    with_formula.write_bytes(_zip({**SKELETON, "xl/worksheets/sheet1.xml": SHEETS["formulas"]}))
    without = tmp_path / "n.xlsx"
    without.write_bytes(_zip({**SKELETON, "xl/worksheets/sheet1.xml": SHEETS["case log"]}))
    assert inspect_workbook(with_formula).has_formulas is True
    assert inspect_workbook(without).has_formulas is False
