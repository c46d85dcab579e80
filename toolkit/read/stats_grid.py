"""What the 统计表 reader reads: a table as a plain grid of cell values with its merged ranges.

A worksheet becomes a ``Grid`` (toolkit.read.stats does that with calamine); a document's table
can become one the same way. ``Sheets`` holds the grids to search, the visible ones first. Nothing
that reads the tables from a grid knows or cares where the grid came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit import form
from toolkit.read.cells import cell_address, is_blank

__all__ = ["Grid", "Label", "Sheets"]

#: a merged range: ((first row, first column), (last row, last column)), 0-based
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Label:
    """A text cell: where it is, its text as typed, and that text after ``form.normalize_label``."""

    row: int
    col: int
    raw: str
    norm: str


class Grid:
    """Rows of cell values (``""`` or None for an empty cell), 0-based, with the merged ranges and
    every text cell indexed by its normalised label."""

    def __init__(
        self,
        name: str,
        rows: list[list[Any]],
        merges: Iterable[Merge] | None = None,
        places: Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.rows = rows
        # a document's table: where each row is in the document (``第3页 第12行``), for findings
        self.places = list(places) if places is not None else None
        # a document's table: the report title above it (its year tells two reports on a page apart)
        self.heading = ""
        self.top = 0  # the first row of the part of the sheet this grid shows (``view``)
        self.height = len(rows)
        self.width = max((len(r) for r in rows), default=0)
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in merges or ():
            if r0 < self.height and c0 < self.width:
                self.merge_end[(r0, c0)] = (r1, c1)
        self.labels: list[Label] = []
        self.by_norm: dict[str, list[Label]] = {}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.strip():
                    label = Label(r, c, value, form.normalize_label(value))
                    if label.norm:
                        self.labels.append(label)
                        self.by_norm.setdefault(label.norm, []).append(label)

    def view(self, keep: Iterable[range]) -> Grid:
        """The same sheet with only the rows in ``keep`` (the others empty): a part of a sheet
        read as if it were a sheet of its own, every address unchanged."""
        rows_kept: set[int] = set()
        for band in keep:
            rows_kept.update(band)
        rows = [row if r in rows_kept else [] for r, row in enumerate(self.rows)]
        merges = [(start, end) for start, end in self.merge_end.items() if start[0] in rows_kept]
        grid = Grid(self.name, rows, merges, self.places)
        grid.heading = self.heading
        grid.top = min(rows_kept, default=0)
        return grid

    def value(self, r: int, c: int) -> Any:
        if 0 <= r < self.height and 0 <= c < len(self.rows[r]):
            v = self.rows[r][c]
            return None if v == "" else v
        return None

    def blank(self, r: int, c: int) -> bool:
        return is_blank(self.value(r, c))

    def end_col(self, r: int, c: int) -> int:
        """The last column of the merged cell at (r, c), or c."""
        return self.merge_end.get((r, c), (r, c))[1]

    def end_row(self, r: int, c: int) -> int:
        """The last row of the merged cell at (r, c), or r."""
        return self.merge_end.get((r, c), (r, c))[0]

    def covered(self, r: int, c: int) -> bool:
        """Whether (r, c) holds a value or lies inside a merged cell that does."""
        if not self.blank(r, c):
            return True
        for (mr, mc), (er, ec) in self.merge_end.items():
            if mr <= r <= er and mc <= c <= ec and not self.blank(mr, mc):
                return True
        return False

    def find(self, official: str, rows: range | None = None, cols: range | None = None) -> list[Label]:
        """Label cells equal to ``official`` after normalisation, optionally inside a window."""
        return [
            lab
            for lab in self.by_norm.get(form.normalize_label(official), ())
            if (rows is None or lab.row in rows) and (cols is None or lab.col in cols)
        ]

    def where(self, r: int, c: int) -> str:
        """The cell's address, as findings quote it (``Finding.cell``): A1 in a sheet; in a
        document's table the row's place (``第3页 第12行``) and the column's number."""
        if self.places is not None:
            row = self.places[r] if 0 <= r < len(self.places) else f"第{r + 1}行"
            return f"{row} 第{c + 1}列"
        return cell_address(r, c)

    def place(self, r: int, c: int) -> str:
        """The cell as a message names it: ``表三!B12`` in a sheet, ``表3 第3页 第12行 第2列`` in a
        document."""
        if self.places is not None:
            return f"{self.name} {self.where(r, c)}"
        return f"{self.name}!{self.where(r, c)}"


class Sheets:
    """The grids a table is looked for on: the visible ones, then — loaded only when a table is on
    none of them — the hidden ones (``hidden``), whose names are ``hidden_names``."""

    def __init__(
        self,
        visible: list[Grid],
        hidden: Callable[[], list[Grid]] = list,
        hidden_names: Sequence[str] = (),
    ) -> None:
        self.visible = visible
        self._load_hidden = hidden
        self._hidden: list[Grid] | None = None
        self.hidden_names = list(hidden_names)
        self.hidden_used: dict[str, list[str]] = {}  # hidden grid read → the tables found on it

    def tiers(self) -> Iterator[list[Grid]]:
        """The visible grids, then the hidden ones."""
        yield self.visible
        if self._hidden is None:
            self._hidden = self._load_hidden()
        yield self._hidden

    def found_on(self, grid: Grid, table: str) -> None:
        """Remember that ``table`` (its short name, 表二…) was read from ``grid``."""
        if grid not in self.visible:
            self.hidden_used.setdefault(grid.name, []).append(table)

    def used(self) -> list[Grid]:
        """The visible grids and the hidden ones a table was read from."""
        return self.visible + [g for g in self._hidden or () if g.name in self.hidden_used]

    def skipped(self) -> list[str]:
        """The hidden grids no table was read from."""
        return [name for name in self.hidden_names if name not in self.hidden_used]
