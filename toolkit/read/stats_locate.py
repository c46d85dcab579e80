"""Where the official tables are in a grid: row labels in the official order, the label columns,
the column headers above the numbers, and the grid each section is on.

Nothing is assumed about positions: rows are found by their labels (after ``form.normalize_label``,
with the leaf numbering variants of ``form.sec3_row_by_label`` and the short forms of
``label_variants.ABBREVIATIONS``), in the official row order (rows not recognised in between do not
cut off the rows after them); columns by their headers in a band of rows above the first row label,
or — when the headers are incomplete — as the first columns right of the labels that hold any value.
A row or header not found is the one label with a typo of it (``stats_labels.is_typo_of``) at the
place the rows or headers found before and after it pin (``typo_rows``, ``typo_header``). Everyday
synonyms of a word of a label (``label_variants.WORD_VARIANTS``: 其它, 合计) find it too.

A row label found twice in one table, or out of the official order, is never read silently
(``RowLabels.misplaced``): of two cells with the same label the one whose place fits the official
order is read, the other is read as the row whose place it is when the rows around it pin exactly
that row, else not at all; a label out of order is read as its row. These functions only locate:
what is read there, and what is said about it, is toolkit.read.stats_sections' job.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit import form
from toolkit.label_variants import (
    WORD_VARIANTS,
    abbreviation_index,
    header_short_forms,
    official_label,
    word_forms,
)
from toolkit.read.cells import parse_count
from toolkit.read.stats_grid import Grid, Label
from toolkit.read.stats_labels import is_cut_of, is_typo_of

__all__ = [
    "DUPLICATE",
    "OUT_OF_ORDER",
    "SEC2_HEADER_BAND",
    "SEC3_HEADER_BAND",
    "SEC4_HEADER_BAND",
    "Marker",
    "Misplaced",
    "RowLabels",
    "Rows",
    "Sec4Headers",
    "add_bare_total",
    "find_label",
    "find_rows",
    "is_sec3",
    "label_right",
    "locate_sec2",
    "locate_sec3",
    "locate_sec4",
    "pick_column",
    "positional",
    "sec2_doc_headers",
    "sec2_single_header",
    "sec3_header_hits",
    "sec3_index",
    "sec4_headers",
    "sec4_number_row",
    "typo_header",
    "typo_rows",
    "used_columns",
    "usual_label_right",
]

SEC3_HEADER_BAND = 6  # rows above the first section 三 row label searched for column headers
SEC2_HEADER_BAND = 4  # rows above a section 二 row searched for its column header
SEC4_HEADER_BAND = 4  # rows below the review header searched for the block and column headers
MAX_ROW_GAP = 12  # a label further than this below the previous one belongs to another table
MIN_SEC3_ROWS = 6  # section 三 row labels needed to call a sheet a section 三 table
TYPO_ROWS = 4  # a typo of the first or last row of a table is looked for this many rows beside its neighbour
#: a grid and the row labels of a section found on it, by row key
Rows = tuple[Grid, dict[str, Label]]
#: a 2019 trial-format marker of section 二: (grid, its cell, the marker's text)
Marker = tuple[Grid, Label, str]
#: rows of section 三 that only exist outside the result block (a log never holds them)
_FRAME_KEYS = (form.RECEIVED_KEY, form.CARRIED_IN_KEY, form.CARRIED_OUT_KEY)
DUPLICATE = "duplicate"  # a second cell with the label of a row found elsewhere in the table
OUT_OF_ORDER = "out_of_order"  # a row's label above a row that comes before it in the official order


@dataclass(frozen=True)
class Misplaced:
    """A row label where the official order does not put it.

    ``kind`` DUPLICATE: ``lab`` repeats the label of row ``key``, read at ``other``; ``read_as`` is
    the row whose place ``lab`` is when the rows around it pin exactly that one (its values are
    read as that row), else None (its values are not read). ``kind`` OUT_OF_ORDER: ``lab`` is read
    as its own row ``key`` (``read_as``) though it stands above ``other``, a row it follows in the
    official order (or below one it comes before: ``before``)."""

    kind: str
    lab: Label
    key: str
    other: Label
    other_key: str
    read_as: str | None = None
    before: bool = False


class RowLabels(dict[str, Label]):
    """key → its label cell, in the official order; ``misplaced``: the row labels found twice or out
    of order in the table, each read (or not) as ``Misplaced`` says."""

    def __init__(self) -> None:
        super().__init__()
        self.misplaced: list[Misplaced] = []


# ---------------------------------------------------------------------------------------
# Rows by label, columns by header or by position
# ---------------------------------------------------------------------------------------
def find_label(
    grid: Grid, official: str, rows: range | None = None, cols: range | None = None
) -> list[Label]:
    """``grid.find``, and the cells holding ``official`` with a word typed as its everyday synonym
    (``label_variants.word_forms``: the column 其它, the column 合计)."""
    found = grid.find(official, rows, cols)
    for variant in word_forms(official):
        found += [
            lab
            for lab in grid.by_norm.get(variant, ())
            if (rows is None or lab.row in rows) and (cols is None or lab.col in cols)
        ]
    return sorted(found, key=lambda lab: (lab.row, lab.col))


def find_rows(grid: Grid, index: dict[str, str], order: tuple[str, ...], start: int = 0) -> RowLabels:
    """key → its label cell: the first hit below the previous key's row, not too far below it
    (from row ``start`` on: a second table below a first one); then a label with a typo where a
    key not found is expected (``typo_rows``).

    How far is too far counts the keys in between that were not found: rows typed in a way not
    recognised (or missing) must not make the rows after them look like another table's.

    A label found again inside the table (a copy-paste), or above a row it follows, is resolved
    and recorded in ``misplaced`` (``_misplaced``, ``_pin_duplicates``)."""
    hits: dict[str, list[Label]] = {}
    for lab in grid.labels:
        key = index.get(lab.norm)
        if key is not None and lab.row >= start:
            hits.setdefault(key, []).append(lab)
    chosen = RowLabels()
    prev = -1
    skipped = 0  # keys of ``order`` since the previous chosen one that were not found
    for key in order:
        after = [lab for lab in hits.get(key, ()) if lab.row > prev]
        if not after:
            skipped += 1
            continue
        pick = min(after, key=lambda lab: (lab.row, lab.col))
        if prev >= 0 and pick.row - prev > MAX_ROW_GAP + skipped:
            skipped += 1
            continue
        chosen[key] = pick
        prev = pick.row
        skipped = 0
    if chosen:
        greedy = dict(chosen)
        _misplaced(grid, hits, order, chosen)
        if len(chosen.misplaced) > len(order) // 2:  # not a table with a few rows mislabelled (a log)
            chosen.clear()
            chosen.update(greedy)
            chosen.misplaced = []
    if chosen and len(chosen) < len(order):
        typo_rows(grid, index, order, chosen)
    if chosen and len(chosen) < len(order):
        unlabelled_rows(grid, order, chosen)
    if chosen.misplaced:
        _pin_duplicates(grid, order, chosen)
    return chosen


def _neighbours(order: tuple[str, ...], chosen: dict[str, Label], i: int) -> tuple[str | None, str | None]:
    """The keys found nearest before and after ``order[i]`` (None where there is none)."""
    before = [k for k in order[:i] if k in chosen]
    after = [k for k in order[i + 1 :] if k in chosen]
    return (before[-1] if before else None), (after[0] if after else None)


def _misfit(grid: Grid, lab: Label, i: int, order: tuple[str, ...], chosen: dict[str, Label]) -> int:
    """How badly ``lab`` fits as row ``order[i]``: the difference between the rows between it and
    the rows found before and after it and the keys in between in the official order."""
    pos = {k: n for n, k in enumerate(order)}
    prev, nxt = _neighbours(order, chosen, i)
    cost = 0
    if prev is not None:
        p = chosen[prev]
        cost += abs((lab.row - grid.end_row(p.row, p.col) - 1) - (i - pos[prev] - 1))
    if nxt is not None:
        n = chosen[nxt]
        cost += abs((n.row - grid.end_row(lab.row, lab.col) - 1) - (pos[nxt] - i - 1))
    return cost


def _misplaced(grid: Grid, hits: dict[str, list[Label]], order: tuple[str, ...], chosen: RowLabels) -> None:
    """The labels of ``hits`` inside the table found (between its first and last row, in its label
    columns, on a row no chosen label is on; the first and last row's own label also up to
    ``TYPO_ROWS`` rows beyond them) that were not chosen: a second cell with a chosen key's label
    (of the two, the one whose place fits the order best is read: ``_misfit``), or a key's only
    cell out of order (read as that key). Both recorded in ``chosen.misplaced`` (``find_rows``
    forgets them all when they are more than half the rows: then the labels are not a table's with
    a few rows mislabelled, but, say, a case log's results column)."""
    first = min(chosen, key=lambda k: chosen[k].row)
    last = max(chosen, key=lambda k: chosen[k].row)
    top, bottom = chosen[first].row, chosen[last].row
    right = max(grid.end_col(lab.row, lab.col) for lab in chosen.values())
    taken = {lab.row for lab in chosen.values()}
    pos = {k: n for n, k in enumerate(order)}

    def inside(lab: Label, key: str) -> bool:
        low = top - TYPO_ROWS if key == first else top
        high = bottom + TYPO_ROWS if key == last else bottom
        return low <= lab.row <= high and lab.col <= right and lab.row not in taken

    for key in order:
        if key not in chosen:
            continue
        i = pos[key]
        prev, nxt = _neighbours(order, chosen, i)
        low = chosen[prev].row if prev is not None else -1
        high = chosen[nxt].row if nxt is not None else grid.height
        own = [
            lab
            for lab in hits.get(key, ())
            if lab is chosen[key] or (inside(lab, key) and low < lab.row < high)
        ]
        if len(own) > 1:
            chosen[key] = min(
                own, key=lambda lab: (_misfit(grid, lab, i, order, chosen), lab is not chosen[key])
            )
    taken = {lab.row for lab in chosen.values()}
    for key in order:
        extra = [lab for lab in hits.get(key, ()) if inside(lab, key) and lab.row not in taken]
        if not extra:
            continue
        if key in chosen:
            for lab in extra:
                chosen.misplaced.append(Misplaced(DUPLICATE, lab, key, chosen[key], key))
                taken.add(lab.row)
            continue
        lab = extra[0]
        i = pos[key]
        later = [k for k in order[i + 1 :] if k in chosen and chosen[k].row < lab.row]
        earlier = [k for k in order[:i] if k in chosen and chosen[k].row > lab.row]
        if later:  # below a row it comes before
            other_key, before = later[0], True
        else:
            other_key, before = earlier[-1] if earlier else order[0], False
        chosen[key] = lab
        taken.add(lab.row)
        chosen.misplaced.append(Misplaced(OUT_OF_ORDER, lab, key, chosen[other_key], other_key, key, before))
        for dup in extra[1:]:
            chosen.misplaced.append(Misplaced(DUPLICATE, dup, key, lab, key))
            taken.add(dup.row)
    ordered = {key: chosen[key] for key in order if key in chosen}
    chosen.clear()
    chosen.update(ordered)


def _pin_duplicates(grid: Grid, order: tuple[str, ...], chosen: RowLabels) -> None:
    """A duplicate label (``_misplaced``) standing where exactly one row is missing, between the
    rows found before and after it with no other row missing there (or above the second row of
    the order, below the last but one), is read as that row: the values in the row at that place
    are that row's, its label a copy of another row's."""
    pos = {k: n for n, k in enumerate(order)}
    unread = [m for m in chosen.misplaced if m.kind == DUPLICATE]
    for n, m in enumerate(chosen.misplaced):
        if m.kind != DUPLICATE:
            continue
        below = [k for k in chosen if chosen[k].row < m.lab.row]
        above = [k for k in chosen if chosen[k].row > m.lab.row]
        prev = max(below, key=lambda k: chosen[k].row) if below else None
        nxt = min(above, key=lambda k: chosen[k].row) if above else None
        # the one missing key between them, in the order
        at = pos[prev] + 1 if prev is not None else (pos[nxt] - 1 if nxt is not None else -1)
        if not 0 <= at < len(order) or order[at] in chosen:
            continue
        if (prev is None and at != 0) or (nxt is None and at != len(order) - 1):
            continue
        if nxt is not None and pos[nxt] != at + 1:
            continue
        low = chosen[prev].row if prev is not None else -1
        high = chosen[nxt].row if nxt is not None else grid.height
        if any(o is not m and low < o.lab.row < high for o in unread):
            continue
        gap = [order[at]]
        chosen[gap[0]] = m.lab
        chosen.misplaced[n] = Misplaced(DUPLICATE, m.lab, m.key, m.other, m.other_key, gap[0])
    ordered = {key: chosen[key] for key in order if key in chosen}
    chosen.clear()
    chosen.update(ordered)


def typo_rows(grid: Grid, index: dict[str, str], order: tuple[str, ...], chosen: dict[str, Label]) -> None:
    """Add to ``chosen`` each key not found whose place the keys found pin, when exactly one label
    there is a typo of the key's official label (``stats_labels.is_typo_of``) or that label cut
    short by a line wrap (``stats_labels.is_cut_of``: a clear prefix of it and of no other label).

    The place is strictly between the rows of the keys found before and after it (in ``order``),
    in the label columns of those two; for a key before the first key found or after the last one,
    only the one right next to it, within ``TYPO_ROWS`` rows. A label that is an official label or
    a known variant of any row is never a typo, nor a label as near to a known variant of another
    row. ``chosen`` is reordered to follow ``order``."""
    used = {(lab.row, lab.col) for lab in chosen.values()}
    added = True
    while added:  # a typo found next to the first or last key found makes its neighbour's place
        added = False
        found_at = [i for i, key in enumerate(order) if key in chosen]
        for i, key in enumerate(order):
            if key in chosen:
                continue
            before = [chosen[k] for k in order[:i] if k in chosen]
            after = [chosen[k] for k in order[i + 1 :] if k in chosen]
            prev, nxt = (before[-1] if before else None), (after[0] if after else None)
            if prev is not None and nxt is not None:
                rows = range(prev.row + 1, nxt.row)
            elif prev is not None and i == found_at[-1] + 1:
                rows = range(grid.end_row(prev.row, prev.col) + 1, prev.row + 1 + TYPO_ROWS)
            elif nxt is not None and i == found_at[0] - 1:
                rows = range(max(0, nxt.row - TYPO_ROWS), nxt.row)
            else:
                continue
            right = max(grid.end_col(n.row, n.col) for n in (prev, nxt) if n is not None)
            official = official_label(key)
            near = _labels_in(grid, rows)
            rivals = [variant for variant, other in index.items() if other != key] if near else []
            typos = [
                lab
                for lab in near
                if lab.col <= right
                and (lab.row, lab.col) not in used
                and lab.norm not in index
                and (is_typo_of(lab.norm, official, rivals) or is_cut_of(lab.norm, official, rivals))
            ]
            if len(typos) == 1:
                chosen[key] = typos[0]
                used.add((typos[0].row, typos[0].col))
                added = True
                break
    ordered = {key: chosen[key] for key in order if key in chosen}
    chosen.clear()
    chosen.update(ordered)


def unlabelled_rows(grid: Grid, order: tuple[str, ...], chosen: dict[str, Label]) -> None:
    """Add to ``chosen`` each key not found that is the only one missing between two keys found
    in the same label column, when exactly one row lies between them, its label cell is empty
    (left of it at most the label of the key's own result group, the first leaf's neighbour) and
    it holds a number right of the labels: that row is the key's, its label left out (a deleted
    or a merged-away label). Its ``Label`` has an empty text, so R20 names it (``drift_finding``).
    ``chosen`` is reordered to follow ``order``."""
    added = False
    for i, key in enumerate(order):
        if key in chosen or i == 0 or i == len(order) - 1:
            continue
        prev_key, next_key = order[i - 1], order[i + 1]
        if prev_key not in chosen or next_key not in chosen:
            continue
        prev, nxt = chosen[prev_key], chosen[next_key]
        row = grid.end_row(prev.row, prev.col) + 1
        if prev.col != nxt.col or row != nxt.row - 1 or grid.covered(row, prev.col):
            continue
        group = _group_label(key)
        if any(not grid.blank(row, c) and _norm(grid.value(row, c)) != group for c in range(prev.col)):
            continue  # a text or number left of the labels (but its group's label): not the table's own row
        numbers = [c for c in range(prev.col + 1, grid.width) if isinstance(grid.value(row, c), int | float)]
        texts = [
            lab
            for lab in _labels_in(grid, range(row, row + 1))
            if lab.col <= grid.end_col(prev.row, prev.col) and lab.norm != group
        ]
        if numbers and not texts:
            chosen[key] = Label(row, prev.col, "", "")
            added = True
    if added:
        ordered = {key: chosen[key] for key in order if key in chosen}
        chosen.clear()
        chosen.update(ordered)


def _group_label(key: str) -> str | None:
    """The normalised label of the result group a section 三 leaf row belongs to (None for others):
    it stands left of the group's first leaf, in the group label column."""
    group = form.RESULT_GROUP.get(key.rsplit(".", 1)[0])
    return form.normalize_label(group.label) if group is not None else None


def _norm(value: object) -> str | None:
    return form.normalize_label(value) if isinstance(value, str) else None


def _labels_in(grid: Grid, rows: range) -> list[Label]:
    """The label cells in ``rows`` (``grid.labels`` is in row order)."""
    start = bisect_left(grid.labels, rows.start, key=lambda lab: lab.row)
    stop = bisect_left(grid.labels, rows.stop, key=lambda lab: lab.row)
    return grid.labels[start:stop]


def pick_column(grid: Grid, lab: Label, data_rows: Iterable[int]) -> int:
    """The sheet column of a header cell: its own, or for a header merged across several
    columns the first of them that holds a value in the data rows."""
    end = grid.end_col(lab.row, lab.col)
    if end > lab.col:
        rows = list(data_rows)
        for c in range(lab.col, end + 1):
            if any(not grid.blank(r, c) for r in rows):
                return c
    return lab.col


def used_columns(grid: Grid, rows: Iterable[int], after: int) -> list[int]:
    """Columns right of ``after`` holding a value in any of ``rows``, left to right."""
    rows = list(rows)
    return [c for c in range(after + 1, grid.width) if any(not grid.blank(r, c) for r in rows)]


def positional(used: list[int], width: int, after: int) -> list[int]:
    """The first ``width`` used columns; padded with the columns after them when too few."""
    cols = used[:width]
    nxt = (cols[-1] if cols else after) + 1
    while len(cols) < width:
        cols.append(nxt)
        nxt += 1
    return cols


def label_right(grid: Grid, labels: Iterable[Label]) -> int:
    """The last column of the label cells (merged ones included): the numbers are right of it."""
    return max(grid.end_col(lab.row, lab.col) for lab in labels)


def usual_label_right(grid: Grid, labels: Iterable[Label]) -> int:
    """``label_right`` of a table's row labels, but a single label merged further right than all
    the others (over the first number column: a misaligned row) does not move the numbers' columns:
    then the last column of the other labels."""
    ends = sorted(grid.end_col(lab.row, lab.col) for lab in labels)
    if len(ends) >= MIN_SEC3_ROWS and ends[-1] > ends[-2]:
        return ends[-2]
    return ends[-1]


# ---------------------------------------------------------------------------------------
# Section 三
# ---------------------------------------------------------------------------------------
def sec3_index() -> dict[str, str]:
    """normalised label → section 三 row key, without the bare total (also a column header), with
    the known short forms (``label_variants.ABBREVIATIONS``) and everyday synonyms of their words
    (``label_variants.WORD_VARIANTS``: 3.其它, （七）合计)."""
    bare_total = form.normalize_label(form.SEC3_TOTAL_COLUMN)
    index = {k: v for k, v in form.sec3_row_by_label().items() if k != bare_total}
    for variant, key in abbreviation_index().items():
        if key in form.SEC3_ROW:
            index.setdefault(variant, key)
    for label, key in list(index.items()):
        for typed, word in WORD_VARIANTS:
            if word in label:
                index.setdefault(label.replace(word, typed), key)
    return index


def sec3_header_hits(
    grid: Grid, i: int, band: range, right: range, found: dict[int, Label] | None = None
) -> list[Label]:
    """The header cells of section 三 column ``i`` in the band: those equal to its name, or else the
    one typo or short form of it between the headers of the columns left and right of it
    (``typo_header``); ``found``: the headers located so far by column (a typo or short form among
    them pins its neighbour too)."""
    hits = find_label(grid, form.SEC3_COLUMNS[i], band, right)
    if hits:
        return hits
    found = found or {}
    left = found.get(i - 1) or _sec3_header(grid, i - 1, band, right)
    nxt = found.get(i + 1) or _sec3_header(grid, i + 1, band, right)
    if left is None and nxt is None:
        return []
    low = grid.end_col(left.row, left.col) + 1 if left else right.start
    high = nxt.col if nxt else low + 1
    typo = typo_header(grid, form.SEC3_COLUMNS[i], band, range(low, high))
    return [typo] if typo is not None else []


def _sec3_header(grid: Grid, j: int, band: range, right: range) -> Label | None:
    if not 0 <= j < len(form.SEC3_COLUMNS):
        return None
    hits = find_label(grid, form.SEC3_COLUMNS[j], band, right)
    return max(hits, key=lambda lab: (lab.row, -lab.col)) if hits else None


def is_sec3(rows: dict[str, Label]) -> bool:
    """Whether the row labels found make a section 三 table (not, say, a case log's results)."""
    return len(rows) >= MIN_SEC3_ROWS and any(k in rows for k in _FRAME_KEYS)


def locate_sec3(grids: list[Grid]) -> Rows | None:
    """The grid with the most section 三 row labels, and those labels by key."""
    index = sec3_index()
    best: Rows | None = None
    for grid in grids:
        rows = find_rows(grid, index, form.SEC3_KEYS)
        if is_sec3(rows) and (best is None or len(rows) > len(best[1])):
            best = (grid, rows)
    return best


def add_bare_total(grid: Grid, rows: dict[str, Label], label_cols: range) -> None:
    """Row 三.七 labelled with the bare total column word (or its everyday synonym, 合计): accepted
    only below the result rows, in the label columns (above the rows it is the column header)."""
    if form.RESULTS_TOTAL_KEY in rows:
        return
    results = [rows[k].row for k in form.RESULT_KEYS if k in rows]
    if not results:
        return
    low = max(results)
    high = rows[form.CARRIED_OUT_KEY].row if form.CARRIED_OUT_KEY in rows else low + 3
    found = find_label(grid, form.SEC3_TOTAL_COLUMN, range(low + 1, high), label_cols)
    if found:
        rows[form.RESULTS_TOTAL_KEY] = found[0]


# ---------------------------------------------------------------------------------------
# Section 二
# ---------------------------------------------------------------------------------------
def locate_sec2(grids: list[Grid]) -> tuple[Rows | None, list[Marker]]:
    """The grid with the most section 二 row labels (two at least) and those labels by key; and the
    2019 trial-format markers on the grids, in grid and reading order."""
    markers = [
        (grid, lab, marker)
        for grid in grids
        for marker in form.LAYOUT_2019_MARKERS
        for lab in grid.find(marker)
    ]
    markers.sort(key=lambda m: (grids.index(m[0]), m[1].row, m[1].col))
    best: Rows | None = None
    for grid in grids:
        rows = find_rows(grid, form.sec2_key_by_label(), form.SEC2_KEYS)
        if len(rows) >= 2 and (best is None or len(rows) > len(best[1])):
            best = (grid, rows)
    return best, markers


def sec2_doc_headers(grid: Grid, doc_rows: list[Label]) -> list[tuple[int, Label]]:
    """(column index, header cell) of the document table's column headers found in the band just
    above its first row, right of its labels; a header not found is a typo of its name between the
    headers found left and right of it (``typo_header``)."""
    doc = form.SEC2_TABLES[0]
    first = min(lab.row for lab in doc_rows)
    right_of = label_right(grid, doc_rows)
    band = range(max(0, first - SEC2_HEADER_BAND), first)
    right = range(right_of + 1, max(grid.width, right_of + 1))
    found: dict[int, Label] = {}
    for i, name in enumerate(doc.columns):
        hits = grid.find(name, band, right)
        if hits:
            found[i] = max(hits, key=lambda lab: lab.row)
    for i, name in enumerate(doc.columns):
        if i in found:
            continue
        left, next_ = found.get(i - 1), found.get(i + 1)
        if left is None and next_ is None:
            continue
        low = grid.end_col(left.row, left.col) + 1 if left else right_of + 1
        high = next_.col if next_ else low + 2
        typo = typo_header(grid, name, band, range(low, high))
        if typo is not None:
            found[i] = typo
    return sorted(found.items())


def typo_header(grid: Grid, name: str, rows: range, cols: range) -> Label | None:
    """The one label in the window that is a typo of the header ``name`` or a known short form of
    it (``label_variants.HEADER_ABBREVIATIONS``); None when there is none or more than one."""
    short = header_short_forms(name)
    typos = [
        lab
        for lab in _labels_in(grid, rows)
        if lab.col in cols and (lab.norm in short or is_typo_of(lab.norm, name))
    ]
    return typos[0] if len(typos) == 1 else None


def sec2_single_header(grid: Grid, lab: Label, t: form.Sec2Table) -> Label | None:
    """The column header of a one-value section 二 row in the band just above it, right of it (or
    the one typo of it there)."""
    end = grid.end_col(lab.row, lab.col)
    right = range(end + 1, max(grid.width, end + 1))
    band = range(max(0, lab.row - SEC2_HEADER_BAND), lab.row)
    hits = grid.find(t.columns[0], band, right)
    if hits:
        return max(hits, key=lambda h: h.row)
    return typo_header(grid, t.columns[0], band, right)


# ---------------------------------------------------------------------------------------
# Section 四
# ---------------------------------------------------------------------------------------
def locate_sec4(grids: list[Grid]) -> tuple[Grid, Label, Label] | None:
    """The first review header (reading order) with a litigation header right of it in about
    the same row: (grid, review, litigation). When there is none, one of the two with the one typo
    of the other beside it (``typo_header``)."""
    for grid in grids:
        for review in sorted(grid.find(form.SEC4_REVIEW), key=lambda lab: (lab.row, lab.col)):
            near = range(max(0, review.row - 1), review.row + 2)
            litigation = [lab for lab in grid.find(form.SEC4_LITIGATION, near) if lab.col > review.col]
            if litigation:
                return grid, review, litigation[0]
    for grid in grids:
        for review in sorted(grid.find(form.SEC4_REVIEW), key=lambda lab: (lab.row, lab.col)):
            near = range(max(0, review.row - 1), review.row + 2)
            typo = typo_header(grid, form.SEC4_LITIGATION, near, range(review.col + 1, grid.width))
            if typo is not None:
                return grid, review, typo
        for header in sorted(grid.find(form.SEC4_LITIGATION), key=lambda lab: (lab.row, lab.col)):
            near = range(max(0, header.row - 1), header.row + 2)
            typo = typo_header(grid, form.SEC4_REVIEW, near, range(0, header.col))
            if typo is not None:
                return grid, typo, header
    return None


@dataclass
class Sec4Headers:
    """Section 四's header cells under the review header: each block's cell (None when not found),
    and each of the 15 columns' header cell by column index."""

    blocks: list[Label | None]
    columns: dict[int, Label]


def sec4_headers(grid: Grid, review: Label) -> Sec4Headers:
    """The block headers right of ``review`` (in the rows of the band), and when all are found,
    the column headers inside each block. A header not found is the one typo of its name where it
    is expected (``typo_header``): a block right of the block before it; a column inside its block,
    between the columns found left and right of it."""
    r0, c0 = review.row, review.col
    band = range(r0 + 1, r0 + 1 + SEC4_HEADER_BAND)
    blocks: list[Label | None] = [review]
    for name in form.SEC4_BLOCKS[1:]:
        after = blocks[-1].col if blocks[-1] else c0
        hits = [lab for lab in grid.find(name, range(r0, band.stop)) if lab.col > after]
        if hits:
            blocks.append(min(hits, key=lambda lab: (lab.col, lab.row)))
        else:
            blocks.append(typo_header(grid, name, range(r0, band.stop), range(after + 1, grid.width)))
    columns: dict[int, Label] = {}
    block = len(form.SEC4_BLOCK_COLUMNS)
    if all(blocks):
        starts = [lab.col for lab in blocks if lab]
        for b, lab in enumerate(blocks):
            assert lab is not None
            end = grid.end_col(lab.row, lab.col)
            if end == lab.col:  # not merged: up to the next block
                end = starts[b + 1] - 1 if b + 1 < len(starts) else lab.col + block - 1
            for j, name in enumerate(form.SEC4_BLOCK_COLUMNS):
                hits = find_label(grid, name, band, range(lab.col, end + 1))
                if hits:
                    columns[b * block + j] = min(hits, key=lambda h: (h.row, h.col))
            for _ in range(2):  # a header found by its typo pins the one left of it too
                for j, name in enumerate(form.SEC4_BLOCK_COLUMNS):
                    left, right = columns.get(b * block + j - 1), columns.get(b * block + j + 1)
                    if b * block + j in columns or (left is None and right is None):
                        continue
                    low = grid.end_col(left.row, left.col) + 1 if left and j > 0 else lab.col
                    high = right.col if right and j < block - 1 else end + 1
                    typo = typo_header(grid, name, band, range(low, high))
                    if typo is not None:
                        columns[b * block + j] = typo
    return Sec4Headers(blocks, columns)


def sec4_number_row(grid: Grid, r0: int) -> int:
    """The first row below the headers whose cells right of the block are mostly numbers."""
    for r in range(r0 + 1, r0 + 1 + SEC4_HEADER_BAND + 3):
        row = grid.rows[r] if r < grid.height else []
        numbers = sum(1 for v in row if v != "" and parse_count(v).ok)
        if numbers >= 5:
            return r
    return r0 + 1 + SEC4_HEADER_BAND
