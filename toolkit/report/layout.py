"""The three official tables as layouts: every visible cell with its grid row and column, its
spans, its label or placeholder, its role and its header scope — derived from ``toolkit.form``.

One source for both copies of the report: the Word template builds its tables from these layouts
(``template``: merges, widths, header rows repeated on each page) and the web copy its
``<table>``s (``html``: ``rowspan``/``colspan``, ``<th scope>``, classes). A change of the form
changes both.

The widths are millimetres of the 公文 page (GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm; 版心 156 × 225 mm); each table is as wide as the text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from toolkit import form
from toolkit.report import variables as rv

__all__ = ["LayoutCell", "TableLayout", "sec2_layout", "sec3_layout", "sec4_layout", "table_layouts"]

# page (GB/T 9704-2012 5.2.1 / 5.2.2), in millimetres
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156

#: the roles of a cell: a column head; the full-width head of a section 二 sub-table; the 勾稽 note;
#: the vertical 三、本年度办理结果; a result group （三）…（六）; a row label; a number
ROLES = ("head", "title", "note", "results", "group", "label", "value")


@dataclass(frozen=True)
class LayoutCell:
    """One visible cell of an official table."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str = ""  # the label (every cell but a value)
    name: str | None = None  # the variable of a value cell
    role: str = "label"  # one of ROLES
    scope: str = ""  # of a header cell: "col" | "colgroup" | "row" | "rowgroup" ("" for the note)

    @property
    def content(self) -> str:
        return rv.placeholder(self.name) if self.name else self.text


@dataclass(frozen=True)
class TableLayout:
    title: str  # 表二 | 表三 | 表四 (our name, not printed)
    widths_mm: tuple[float, ...]
    header_rows: int  # repeated at the top of each page (Word); the <thead> (HTML)
    cells: tuple[LayoutCell, ...]

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.widths_mm)

    def rows(self) -> list[list[LayoutCell]]:
        """The cells that start in each grid row, left to right."""
        out: list[list[LayoutCell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def check(self) -> None:
        """Every grid slot is covered by exactly one cell."""
        seen: set[tuple[int, int]] = set()
        for c in self.cells:
            assert c.role in ROLES, (self.title, c)
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    assert (r, k) not in seen, (self.title, r, k)
                    seen.add((r, k))
        assert len(seen) == self.n_rows * self.n_cols, self.title
        assert abs(sum(self.widths_mm) - TEXT_WIDTH_MM) < 0.01, self.title


def _value_widths(label_mm: tuple[float, ...], n_values: int) -> tuple[float, ...]:
    each = (TEXT_WIDTH_MM - sum(label_mm)) / n_values
    return (*label_mm, *([each] * n_values))


def sec2_layout(parts: Collection[int] | None = None) -> TableLayout:
    """表二: four sub-tables (or those of ``parts``, indexes of ``form.SEC2_TABLES``), each under a
    full-width header row; 信息内容 then the value columns; a single value spans the three value
    columns."""
    grid = max(t.width for t in form.SEC2_TABLES)
    cells: list[LayoutCell] = []
    r = 0
    for index, table in enumerate(form.SEC2_TABLES):
        if parts is not None and index not in parts:
            continue
        span = grid // table.width
        assert span * table.width == grid
        cells.append(LayoutCell(r, 0, 1, grid + 1, table.header, role="title", scope="colgroup"))
        r += 1
        cells.append(LayoutCell(r, 0, 1, 1, form.SEC2_CONTENT_LABEL, role="head", scope="col"))
        for i, column in enumerate(table.columns):
            cells.append(LayoutCell(r, 1 + i * span, 1, span, column, role="head", scope="col"))
        r += 1
        for key in table.rows:
            cells.append(LayoutCell(r, 0, 1, 1, key, role="label", scope="row"))
            for i in range(table.width):
                cells.append(LayoutCell(r, 1 + i * span, 1, span, name=rv.sec2_name(key, i), role="value"))
            r += 1
    return TableLayout("表二", _value_widths((45,), grid), 0, tuple(cells))


def sec3_layout() -> TableLayout:
    """表三: the 勾稽 note in the merged top-left cell; 申请人情况 over the seven columns;
    自然人 and 总计 spanning two header rows, 法人或其他组织 over its five; the vertical
    results head spanning every result row and the results total; the group cells (三)…(六)
    spanning their leaves; rows without a group cell span the label columns they need."""
    label_cols = 3  # results head | group | leaf
    first_value = label_cols
    columns = form.SEC3_COLUMNS
    head_rows = 3
    cells = [
        LayoutCell(0, 0, head_rows, label_cols, form.SEC3_NOTE, role="note"),
        LayoutCell(0, first_value, 1, len(columns), form.SEC3_APPLICANT_HEAD, role="head", scope="colgroup"),
    ]
    legal = [c for c, name in enumerate(columns) if name in form.LEGAL_PERSON_TYPES]
    assert legal == list(range(legal[0], legal[0] + len(legal)))
    cells.append(
        LayoutCell(
            1,
            first_value + legal[0],
            1,
            len(legal),
            form.SEC3_LEGAL_PERSON_GROUP,
            role="head",
            scope="colgroup",
        )
    )
    for c, name in enumerate(columns):
        if c in legal:
            cells.append(LayoutCell(2, first_value + c, 1, 1, name, role="head", scope="col"))
        else:
            cells.append(LayoutCell(1, first_value + c, 2, 1, name, role="head", scope="col"))

    under_results = [row for row in form.SEC3_ROWS if row.kind in ("result", "total")]
    r = head_rows
    for row in form.SEC3_ROWS:
        if row.kind in ("result", "total"):
            if row is under_results[0]:
                cells.append(
                    LayoutCell(
                        r, 0, len(under_results), 1, form.SEC3_RESULTS_HEAD, role="results", scope="rowgroup"
                    )
                )
            group = form.RESULT_GROUP.get(row.group or "")
            if group is not None and group.has_group_cell:
                if row.key == group.leaves[0]:
                    cells.append(
                        LayoutCell(r, 1, len(group.leaves), 1, group.label, role="group", scope="rowgroup")
                    )
                cells.append(LayoutCell(r, 2, 1, 1, row.label, role="label", scope="row"))
            else:
                cells.append(LayoutCell(r, 1, 1, 2, row.label, role="label", scope="row"))
        else:
            cells.append(LayoutCell(r, 0, 1, label_cols, row.label, role="label", scope="row"))
        for c in range(len(columns)):
            cells.append(LayoutCell(r, first_value + c, 1, 1, name=rv.sec3_name(row.key, c), role="value"))
        r += 1
    return TableLayout("表三", _value_widths((7, 17, 50), len(columns)), head_rows, tuple(cells))


def sec4_layout() -> TableLayout:
    """表四: 行政复议 (5) | 行政诉讼 (10: 未经复议直接起诉 5 | 复议后起诉 5); the five 行政复议 columns
    span the two lower header rows; one row of 15 values."""
    block = len(form.SEC4_BLOCK_COLUMNS)
    review, *litigation = form.SEC4_BLOCKS
    assert review == form.SEC4_REVIEW
    cells = [
        LayoutCell(0, 0, 1, block, form.SEC4_REVIEW, role="head", scope="colgroup"),
        LayoutCell(0, block, 1, block * len(litigation), form.SEC4_LITIGATION, role="head", scope="colgroup"),
    ]
    for i, column in enumerate(form.SEC4_BLOCK_COLUMNS):
        cells.append(LayoutCell(1, i, 2, 1, column, role="head", scope="col"))
    for b, name in enumerate(litigation, start=1):
        cells.append(LayoutCell(1, b * block, 1, block, name, role="head", scope="colgroup"))
        for i, column in enumerate(form.SEC4_BLOCK_COLUMNS):
            cells.append(LayoutCell(2, b * block + i, 1, 1, column, role="head", scope="col"))
    for i in range(form.SEC4_WIDTH):
        cells.append(LayoutCell(3, i, 1, 1, name=rv.sec4_name(i), role="value"))
    return TableLayout("表四", _value_widths((), form.SEC4_WIDTH), 3, tuple(cells))


def table_layouts() -> dict[str, TableLayout]:
    """The three official tables, keyed by the section heading they sit under."""
    headings = form.SECTION_HEADINGS
    return {headings[1]: sec2_layout(), headings[2]: sec3_layout(), headings[3]: sec4_layout()}
