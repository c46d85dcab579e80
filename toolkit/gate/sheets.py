"""The extent of a sheet's filled cells, found before calamine reads the sheet.

What calamine allocates (python-calamine 0.9.x: calamine 0.3x over quick-xml; pinned in pyproject.toml
because of this module). A worksheet part is read as a stream of XML events, empty elements expanded
into start and end, end names not checked against start names, element names compared without their
prefix (the part before the first ":"). From the first start of ``sheetData`` to the first end of one:
a ``row`` start takes its ``r`` as the current row; a ``row`` end moves to the next row and to column
A; a ``c`` start is a cell at its ``r`` (which also moves the current column), or else at the current
row and column, and the next cell is one column to the right. Inside a cell only ``v``, ``f`` and
``is`` are read (anything else is an error), each up to its end. Every cell whose value is not empty
is kept, and the sheet becomes one dense rectangle from the smallest to the largest row and column
kept (``Range::from_sparse``): one value at XFD1048576 asks for 17 billion cells, hundreds of GB. The
``<dimension>`` element only reserves room for fewer than 100,000 cells, so a huge one costs nothing.

So the gate bounds that rectangle, in two ways:

- the fast path (``SheetScan``, every part holding "sheetData", as its bytes stream by): when every
  cell tag of the part is written as all writers write it, ``<c r="B12" s="1" t="s">`` (``r`` first,
  1 to 3 capital letters, 1 to 7 digits without a leading zero, then only ``s``, ``t``, ``cm``, ``vm``
  or ``ph``) and none is written with a prefix, every cell calamine can see sits at its own ``r``, and
  the rectangle of the tags contains calamine's. One search per chunk proves most sheets' tags all
  within A1:Z99999 (or A1:Z1099999); the tags of a chunk it does not prove are read one by one; when that
  rectangle is over the limit, a second scan takes only the tags that are not self-closing (a
  self-closing cell holds no value). Tags are found in the raw bytes, comments and all: a tag
  calamine never sees only widens the rectangle.
- the slow path (``xml_extent``, any other part): a standard streaming XML parse (expat, DTDs and
  entity declarations refused) that follows the rules above. For a well-formed part they read exactly
  as calamine reads, provided the cells hold plain content, which the parse requires and else
  refuses the part as damaged (``SheetDamaged``): a cell's children are ``v``, ``f`` or ``is``; no
  cell lies inside another; a ``v`` holds only text; an ``is`` holds no ``is``, and begins with ``t``
  when it is written with a prefix; no element name in the sheet data has two prefixes. (Where
  calamine's own loops would end a value elsewhere than its end tag — they do not count depth and
  compare some names with their prefix and some without — it could place cells elsewhere; those
  are exactly the constructs refused.) References are read as calamine reads them (letters in either
  case, then digits), but without its 32-bit wrapping: a larger number only widens the rectangle. A
  cell counts as filled when it holds any element, which again can only widen it.

A part that is not well-formed XML, or whose references calamine cannot read, is refused as damaged:
calamine would fail on it, and no writer makes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

__all__ = ["Extent", "SheetDamaged", "SheetScan", "column_letters", "xml_extent"]

#: a tag (or comment, CDATA section, ...) longer than this is not carried from chunk to chunk (no
#: writer's is): the part goes to the slow path
MAX_TOKEN = 4 << 20

#: a tag whose name begins with c but is longer (<col>, <cfRule>): every other "<c" may begin a cell
_LONGER_NAME = re.compile(rb"<c[^ \t\r\n/>]")
_ATTRIBUTES = rb'(?: (?:s|t|cm|vm|ph)="[^"<>]*+")*+'
#: a cell tag written as all writers write it; the last group is "/" for a self-closing (empty) one
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"' + _ATTRIBUTES + rb"(/?)>")
#: the boxes most sheets fit in, A1:Z99999 (2.6 million cells) and A1:Z1099999 (28.6 million, a full
#: 1,048,576-row sheet of up to 26 columns): one search finds a cell tag outside a box, or one not
#: written as most writers write it (its tail spelt out: the regex engine takes literal alternatives
#: fastest); a window it finds nothing in has all its cells in the box
BOX_COLUMNS = 26
_BOX_TAIL = (
    rb'(?:>| t="inlineStr">| t="s">| t="(?:s|str|n|b|e|d|inlineStr)"(?:>|/>| s="[0-9]{1,5}"/?>)'
    rb'| s="[0-9]{1,5}"(?:>|/>| t="[a-zA-Z]++"/?>)|/>)'
)
BOXES = tuple(
    (rows, re.compile(rb'<c(?! r="[A-Z]%s"%s)[ \t\r\n/>]' % (pattern, _BOX_TAIL)))
    for rows, pattern in ((99_999, rb"[1-9][0-9]{0,4}"), (1_099_999, rb"(?:[1-9][0-9]{0,5}|10[0-9]{5})"))
)
#: a prefixed element named c (<x:c ...>), or anything that may look like one; the first, quicker
#: pattern rules it out in most windows
_PREFIXED_CELL = (re.compile(rb":c[ \t\r\n/>]"), re.compile(rb"<[^ \t\r\n/>]*:c[ \t\r\n/>]"))
_FORMULA = re.compile(rb"<f[ >]")
_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")
_CELL_CHILDREN = ("v", "f", "is")


class SheetDamaged(Exception):
    """A sheet part the gate cannot follow calamine through (refused as a damaged file)."""


@dataclass
class Extent:
    """The rectangle of a part's filled cells: rows 1-based, columns 0-based (``right`` -1: none)."""

    top: int = 0
    bottom: int = 0
    left: int = 0
    right: int = -1
    formulas: bool = False  # the part holds a formula (<f> element)

    @property
    def cells(self) -> int:
        if self.right < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    @property
    def first(self) -> str:
        return f"{column_letters(self.left)}{self.top}"

    @property
    def last(self) -> str:
        return f"{column_letters(self.right)}{self.bottom}"

    def take(self, rows: Iterable[int], columns: Iterable[int]) -> None:
        """Widen the rectangle to rows and columns (at least one of each)."""
        rows, columns = list(rows), list(columns)
        if self.right >= 0:
            rows += (self.top, self.bottom)
            columns += (self.left, self.right)
        self.top, self.bottom = min(rows), max(rows)
        self.left, self.right = min(columns), max(columns)


class SheetScan:
    """The fast path over one part, fed its bytes in order: a rectangle that holds its filled cells,
    unless a cell tag is written otherwise (``odd``: the part needs ``xml_extent``). The rectangle is
    the first box of BOXES if one search finds every cell tag of a window in it (the next box once a
    window's cells lie beyond it), widened by the cells of the windows no box holds, read one by one;
    ``exact``: the rectangle of the filled cells, all read one by one (a second scan, for a part whose
    first rectangle is over the limit)."""

    def __init__(self, *, exact: bool = False) -> None:
        self.exact = exact
        self.extent = Extent()
        self.odd = False
        self.pending = b""  # a tag cut by the end of the last chunk, carried into the next
        self.tail = b""  # the last bytes of the last chunk (a formula tag cut in two)
        self.box = 0  # the box the next window is searched for (BOXES[box]); len(BOXES): none
        self.boxed = -1  # the largest box taken into the rectangle

    def feed(self, chunk: bytes) -> None:
        extent = self.extent
        if not extent.formulas:  # a memchr for the "f" that sheet data rarely holds spares the regex
            seam = self.tail + chunk[:2]
            extent.formulas = any(b"f" in text and _FORMULA.search(text) for text in (chunk, seam))
            self.tail = chunk[-2:] if len(chunk) >= 2 else (self.tail + chunk)[-2:]
        if self.odd:
            return
        start = 0
        if self.pending:  # the tag the last chunk ended in, whole
            close = chunk.find(b">")
            if close < 0:
                self.pending += chunk
                if len(self.pending) > MAX_TOKEN:  # no writer's tag is this long: the parse will judge
                    self.odd = True
                return
            self._window(self.pending + chunk[: close + 1], 0, len(self.pending) + close + 1)
            self.pending = b""
            start = close + 1
        end = len(chunk)
        lt = chunk.rfind(b"<", start)
        if lt >= 0 and chunk.find(b">", lt) < 0:
            self.pending = chunk[lt:]
            end = lt
        self._window(chunk, start, end)

    def finish(self) -> None:
        if self.pending:
            self._window(self.pending, 0, len(self.pending))
            self.pending = b""

    def _window(self, data: bytes, start: int, end: int) -> None:
        """The cell tags of ``data[start:end]`` (searched in place: a chunk is never copied)."""
        if self.odd:
            return
        if data.find(b":", start, end) >= 0 and all(p.search(data, start, end) for p in _PREFIXED_CELL):
            self.odd = True
            return
        if not self.exact and self.box < len(BOXES):
            rows, outside = BOXES[self.box]
            if outside.search(data, start, end) is None:
                if self.boxed < self.box and data.find(b"<c", start, end) >= 0:
                    self.boxed = self.box
                    self.extent.take((1, rows), (0, BOX_COLUMNS - 1))
                return
        tags = data.count(b"<c", start, end)
        if not tags or tags == len(longer := _LONGER_NAME.findall(data, start, end)):
            return
        cells = _CELL.findall(data, start, end)
        if len(cells) != tags - len(longer):
            self.odd = True
            return
        filled = [(letters, digits) for letters, digits, slash in cells if not (self.exact and slash)]
        if filled:
            letters, digits = zip(*filled, strict=True)
            self.extent.take(map(int, set(digits)), map(_column, set(letters)))
            if not self.exact:  # the next windows are searched for the smallest box that holds this one's
                if self.extent.right >= BOX_COLUMNS:
                    self.box = len(BOXES)
                while self.box < len(BOXES) and self.extent.bottom > BOXES[self.box][0]:
                    self.box += 1


def xml_extent(chunks: Iterable[bytes]) -> Extent:
    """The slow path: the extent of the filled cells of a part given as ``chunks``, by a streaming
    XML parse; raise :class:`SheetDamaged` (see the module docstring)."""
    reading = _Reading()
    parser = expat.ParserCreate()  # no namespace processing: calamine compares names without prefix
    parser.StartElementHandler = reading.start
    parser.EndElementHandler = reading.end
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            if reading.done:
                break
        else:
            parser.Parse(b"", True)
    except expat.ExpatError:
        raise SheetDamaged from None
    return reading.extent


def _refuse(*args: Any) -> None:
    raise SheetDamaged


class _Reading:
    """calamine's reading of the sheet data, over the parser's events."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.started = False  # inside sheetData
        self.done = False
        self.row = 0  # the current row and column, 0-based
        self.col = 0
        self.cell: tuple[int, int] | None = None  # the open cell's place
        self.filled = False
        self.inside: list[str] = []  # local names of the elements open inside the cell
        self.awaiting_t = False  # a prefixed is was opened: its first child must be t

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.done:
            return
        local = name.partition(":")[2] if ":" in name else name
        if not self.started:
            self.started = local == "sheetData"
            return
        if ":" in local:
            raise SheetDamaged  # two prefixes
        if self.cell is not None:
            self._inside(name, local)
        elif local == "row":
            if (r := attributes.get("r")) is not None:
                self.row = _reference(r, row_only=True)[0]
        elif local == "c":
            if (r := attributes.get("r")) is not None:
                self.cell = _reference(r)
                self.col = self.cell[1]
            else:
                self.cell = (self.row, self.col)
            self.filled = False

    def _inside(self, name: str, local: str) -> None:
        inside = self.inside
        if local == "c" or (not inside and local not in _CELL_CHILDREN) or "v" in inside:
            raise SheetDamaged
        if (local == "is" and "is" in inside) or (self.awaiting_t and local != "t"):
            raise SheetDamaged
        self.awaiting_t = local == "is" and name != "is"  # a prefixed is must begin with t
        self.filled = True
        inside.append(local)

    def end(self, name: str) -> None:
        if self.done or not self.started:
            return
        if self.cell is not None:
            if self.inside:
                if self.awaiting_t:
                    raise SheetDamaged  # a prefixed is without t: calamine reads on past its end
                self.inside.pop()
                return
            if self.filled:
                self.extent.take((self.cell[0] + 1,), (self.cell[1],))
            self.col = self.cell[1] + 1
            self.cell = None
            return
        local = name.partition(":")[2] if ":" in name else name
        if local == "row":
            self.row += 1
            self.col = 0
        elif local == "sheetData":
            self.done = True


def _reference(text: str, *, row_only: bool = False) -> tuple[int, int]:
    """(row, column), 0-based, of a reference as calamine reads it (letters in either case, then
    digits; a row's letters are ignored), without its 32-bit wrapping; SheetDamaged where it fails."""
    match = _REFERENCE.fullmatch(text)
    if match is None or int(match.group(2)) == 0 or not (match.group(1) or row_only):
        raise SheetDamaged
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, max(col - 1, 0)


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def column_letters(col: int) -> str:
    """A 0-based column's letters (0 → A, 16,383 → XFD)."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
