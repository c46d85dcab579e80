"""Read each official table from the grids: 表二 (主动公开), 表三 (依申请) and 表四 (复议诉讼).

Each reader finds its section (toolkit.read.stats_locate), reads its number cells
(toolkit.read.stats_numbers: R5/R6/R7), reports labels that are official only after normalisation
(toolkit.read.stats_labels: R20), and row labels found twice or out of the official order (R20,
``report_misplaced``), and notes what it could not find. They share one ``Reading``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from toolkit import form, form2019
from toolkit.findings import Finding
from toolkit.label_variants import official_label
from toolkit.read.cells import snippet
from toolkit.read.stats_grid import Grid, Label, Sheets
from toolkit.read.stats_labels import drift_finding
from toolkit.read.stats_locate import (
    DUPLICATE,
    SEC2_HEADER_BAND,
    SEC3_HEADER_BAND,
    Marker,
    Misplaced,
    add_bare_total,
    find_label,
    find_rows,
    label_right,
    locate_sec2,
    locate_sec3,
    locate_sec4,
    pick_column,
    positional,
    sec2_doc_headers,
    sec2_single_header,
    sec3_header_hits,
    sec3_index,
    sec4_headers,
    sec4_number_row,
    used_columns,
    usual_label_right,
)
from toolkit.read.stats_numbers import SECTION_NAME, SECTION_SHORT, T2, T3, T4, NumberCells
from toolkit.table import Sec2Value, Table

__all__ = [
    "Reading",
    "Sec3Found",
    "blank_table",
    "first_rows",
    "misplaced_finding",
    "misplaced_message",
    "read_sec2",
    "read_sec3",
    "read_sec4",
]


def blank_table() -> Table:
    """A table with every cell None: a cell not found in the file stays unknown, never 0."""
    sec2: dict[str, Sec2Value] = {}
    for t in form.SEC2_TABLES:
        for row in t.rows:
            sec2[row] = [None] * t.width if t.width > 1 else None
    return Table(
        "",
        None,
        sec2,
        {k: [None] * len(form.SEC3_COLUMNS) for k in form.SEC3_KEYS},
        [None] * form.SEC4_WIDTH,
    )


@dataclass
class Reading:
    """What the section readers share: where they look, the table they fill, what they say."""

    path: str
    sheets: Sheets
    numbers: NumberCells
    table: Table = field(default_factory=blank_table)
    notes: list[str] = field(default_factory=list)
    drift: list[Finding] = field(default_factory=list)  # R20, in reading order
    #: a 2019 trial-format 表二 (toolkit.form2019): row key → values under its own columns; never
    #: mapped into the 2021 ``table.sec2``; and where each value was read (("sec2", row, i) → place)
    sec2_2019: dict[str, list[Any]] = field(default_factory=dict)
    cells_2019: dict[tuple[str, str | None, int], tuple[str, str]] = field(default_factory=dict)

    def check_label(self, grid: Grid, lab: Label, official: str, key: str | None, column: str | None) -> None:
        """R20 when the label at ``lab`` is not written as ``official``."""
        finding = drift_finding(self.path, grid, lab, official, key, column)
        if finding is not None:
            self.drift.append(finding)

    def report_misplaced(self, grid: Grid, rows: dict[str, Label]) -> set[tuple[int, int]]:
        """R20 at each row label found twice or out of the official order (``find_rows``: a
        ``RowLabels``); returns the cells read as another row than their label names (their
        label is not checked against that row's wording: this finding says what is wrong)."""
        pinned: set[tuple[int, int]] = set()
        for m in getattr(rows, "misplaced", ()):
            self.drift.append(misplaced_finding(self.path, grid, m))
            if m.kind == DUPLICATE and m.read_as is not None:
                pinned.add((m.lab.row, m.lab.col))
        return pinned


def _official(key: str) -> str:
    """The official label of a row key (a 2019 section 二 row is its own label)."""
    try:
        return official_label(key)
    except KeyError:
        return key


def _named(key: str) -> str:
    """A row as a message names it: 三.三.7“7.…” for section 三, the label alone for section 二."""
    label = _official(key)
    return f"“{label}”" if label == key else f"{key}“{snippet(label)}”"


def misplaced_message(grid: Grid, m: Misplaced) -> tuple[str, str]:
    """(message, hint) for a row label found twice or out of the official order."""
    shown = f"标签“{snippet(m.lab.raw.strip())}”（{grid.place(m.lab.row, m.lab.col)}）"
    other = f"{grid.place(m.other.row, m.other.col)}"
    if m.kind == DUPLICATE and m.read_as is not None:
        want = _official(m.read_as)
        return (
            f"{shown}与{other}重复（同一行标签出现了两次）；按官方行序该位置应为{_named(m.read_as)}，"
            f"已按{m.read_as}读取该行的数字，请改正标签并核对这一行的数字",
            f"请把该单元格改为“{want}”（{form.FORM_NAME}）",
        )
    if m.kind == DUPLICATE:
        return (
            f"{shown}与{other}重复（同一行标签出现了两次）：已按位置符合官方行序的{other}读取{m.key}，"
            "该行的数字未读取，请核对该行应填的标签和数字",
            f"请改正重复的行标签，按官方格式逐行填写（{form.FORM_NAME}）",
        )
    where = "之前" if m.before else "之后"
    return (
        f"{shown}与官方格式的行序不同：按官方格式该行应在{_named(m.other_key)}（{other}）{where}；"
        f"已按标签读取为{m.key}，请核对这几行的标签和数字是否对应",
        f"请按官方格式的行序排列各行（{form.FORM_NAME}）",
    )


def misplaced_finding(path: str, grid: Grid, m: Misplaced) -> Finding:
    """R20 at a row label found twice or out of the official order (``misplaced_message``)."""
    message, hint = misplaced_message(grid, m)
    return Finding(
        "R20",
        path,
        message,
        hint,
        sheet=grid.name,
        cell=grid.where(m.lab.row, m.lab.col),
        key=m.read_as or m.key,
    )


# ---------------------------------------------------------------------------------------
# Section 三
# ---------------------------------------------------------------------------------------
@dataclass
class Sec3Found:
    """Section 三 as read: its grid, the single 三.六 group cell of a 2019-style table, the values
    of such one-row groups by group key (their group total: ``check_table(groups=...)``), and
    the rows read and the rows missing (a table cut short: only its first rows)."""

    grid: Grid
    single_other: Label | None
    groups: dict[str, list[Any]] = field(default_factory=dict)
    keys_read: list[str] = field(default_factory=list)  # rows read (a one-row group by its key)
    missing: list[str] = field(default_factory=list)  # rows not found (a one-row group's leaves left out)


def read_sec3(rd: Reading) -> Sec3Found | None:
    """Section 三 into ``rd.table``; None when it is on no grid."""
    best = None
    for grids in rd.sheets.tiers():
        best = locate_sec3(grids) or _first_rows(grids)
        if best is not None:
            break
    if best is None:
        rd.notes.append(f"未找到{SECTION_NAME['sec3']}：没有识别出该表的行标签，其数字按空白处理")
        return None
    grid, rows = best
    rd.sheets.found_on(grid, SECTION_SHORT["sec3"])
    right_of = usual_label_right(grid, rows.values())
    label_cols = range(0, right_of + 1)
    add_bare_total(grid, rows, label_cols)
    top = min(lab.row for lab in rows.values())
    bottom = max(grid.end_row(lab.row, lab.col) for lab in rows.values())
    data_rows = [lab.row for lab in rows.values()]

    # group cells and the vertical results head (R20, and the single 三.六 row of 2019)
    body = range(top, bottom + 1)
    single_other: Label | None = None
    for group in form.RESULT_GROUPS:
        if not group.has_group_cell:
            continue
        for lab in find_label(grid, group.label, body, label_cols):
            rd.check_label(grid, lab, group.label, None, None)
            if group.label == form.LAYOUT_2019_SINGLE_OTHER and not any(k in rows for k in group.leaves):
                single_other = single_other or lab
    for lab in grid.find(form.SEC3_RESULTS_HEAD, body, label_cols):
        rd.check_label(grid, lab, form.SEC3_RESULTS_HEAD, None, None)

    cols = _sec3_columns(rd, grid, data_rows, top, right_of)
    for key, lab in rows.items():
        _label_over_numbers(rd, grid, key, lab, cols)
    pinned = rd.report_misplaced(grid, rows)
    for key, lab in rows.items():
        if (lab.row, lab.col) not in pinned:
            rd.check_label(grid, lab, form.SEC3_ROW[key].label, key, None)
        what = f"{key}“{snippet(form.SEC3_ROW[key].label, 16)}”"
        for i, c in enumerate(cols):
            rd.table.sec3[key][i] = rd.numbers.read(
                grid, lab.row, c, ("sec3", key, i), what, form.SEC3_COLUMNS[i], "count"
            )
    missing_rows = [k for k in form.SEC3_KEYS if k not in rows]
    groups: dict[str, list[Any]] = {}
    if single_other is not None:
        group = form.RESULT_GROUPS[-1]
        what = f"{group.key}“{snippet(group.label, 16)}”"
        groups[group.key] = [
            rd.numbers.read(
                grid, single_other.row, c, ("sec3", group.key, i), what, form.SEC3_COLUMNS[i], "count"
            )
            for i, c in enumerate(cols)
        ]
        rd.notes.append(
            f"{T3}“{group.label}”只有一行数字"
            f"（{grid.place(single_other.row, single_other.col)}，"
            f"2019 年试行格式），已按该组的合计读取并参与勾稽关系检查；"
            f"2021 年格式分为 {len(group.leaves)} 行（{'、'.join(group.leaves)}），"
            "这几行的数字无法区分，按空白处理"
        )
        missing_rows = [k for k in missing_rows if k not in group.leaves]
    if missing_rows:
        rd.notes.append(
            f"{T3}未找到以下行：{'、'.join(missing_rows)}，这些单元格按空白处理；请按官方格式补齐这些行"
        )
    keys_read = [k for k in form.SEC3_KEYS if k in rows]
    if groups:
        keys_read.insert(
            keys_read.index(form.RESULTS_TOTAL_KEY)
            if form.RESULTS_TOTAL_KEY in keys_read
            else len(keys_read),
            *groups,
        )
    return Sec3Found(grid, single_other, groups, keys_read, missing_rows)


def _label_over_numbers(rd: Reading, grid: Grid, key: str, lab: Label, cols: list[int]) -> None:
    """R20 at a row label merged over the first number column (``usual_label_right``: the columns
    come from the other rows): its numbers are read under the headers, those right of them are
    named, so that no value is dropped unsaid."""
    end = grid.end_col(lab.row, lab.col)
    if not cols or end < cols[0]:
        return
    over = [c for c in cols if c <= end]
    beyond = [c for c in range(cols[-1] + 1, grid.width) if not grid.blank(lab.row, c)]
    spill = f"，表格右侧还有数字（{'、'.join(grid.where(lab.row, c) for c in beyond)}）" if beyond else ""
    rd.drift.append(
        Finding(
            "R20",
            rd.path,
            f"{T3} {key}“{snippet(form.SEC3_ROW[key].label, 16)}”的行标签"
            f"（{grid.place(lab.row, lab.col)}）合并到了数字列"
            f"（{'、'.join(form.SEC3_COLUMNS[cols.index(c)] for c in over)}）{spill}："
            "该行的数字可能整体错开了列，已按列标题读取",
            f"请取消该标签跨到数字列的合并，并把该行数字对齐到对应的列标题下（{form.FORM_NAME}）",
            sheet=grid.name,
            cell=grid.where(lab.row, lab.col),
            key=key,
        )
    )


def first_rows(grid: Grid) -> dict[str, Label] | None:
    """The row labels of a section 三 cut short (a web page truncated after its first rows) on
    ``grid``: row 一 or 二 found, under at least one applicant column header; else None."""
    rows = find_rows(grid, sec3_index(), form.SEC3_KEYS)
    frame = [rows[k] for k in (form.RECEIVED_KEY, form.CARRIED_IN_KEY) if k in rows]
    if not frame:
        return None
    top = min(lab.row for lab in frame)
    band = range(max(0, top - SEC3_HEADER_BAND), top)
    if not any(find_label(grid, c, band) for c in form.SEC3_COLUMNS[:-1]):
        return None
    return rows


def _first_rows(grids: list[Grid]) -> tuple[Grid, dict[str, Label]] | None:
    """The grid with most of the row labels of a section 三 cut short (``first_rows``)."""
    best: tuple[Grid, dict[str, Label]] | None = None
    for grid in grids:
        rows = first_rows(grid)
        if rows is not None and (best is None or len(rows) > len(best[1])):
            best = (grid, rows)
    return best


def _sec3_columns(rd: Reading, grid: Grid, data_rows: list[int], top: int, right_of: int) -> list[int]:
    """The seven number columns: under their headers in the band above the first row label, or
    else the first seven columns right of the labels that hold any value (with a note)."""
    band = range(max(0, top - SEC3_HEADER_BAND), top)
    right = range(right_of + 1, max(grid.width, right_of + 1))
    columns: dict[int, int] = {}
    heads: dict[int, Label] = {}
    for i, name in enumerate(form.SEC3_COLUMNS):
        found = sec3_header_hits(grid, i, band, right, heads)
        if found:
            lab = max(found, key=lambda lab: (lab.row, -lab.col))
            rd.check_label(grid, lab, name, None, name)
            heads[i] = lab
            columns[i] = pick_column(grid, lab, data_rows)
    for head in (form.SEC3_LEGAL_PERSON_GROUP, form.SEC3_APPLICANT_HEAD):
        for lab in find_label(grid, head, band, right):
            rd.check_label(grid, lab, head, None, None)
    drift_group = [v for v, o in form.LABEL_DRIFT.items() if o == form.SEC3_LEGAL_PERSON_GROUP]
    for variant in drift_group:
        for lab in grid.by_norm.get(variant, ()):
            if lab.row in band and lab.col in right:
                rd.check_label(grid, lab, form.SEC3_LEGAL_PERSON_GROUP, None, None)
    width = len(form.SEC3_COLUMNS)
    if len(columns) == width and len(set(columns.values())) == width:
        return [columns[i] for i in range(width)]
    missing = [form.SEC3_COLUMNS[i] for i in range(width) if i not in columns]
    why = f"缺少：{'、'.join(missing)}" if missing else "有重复"
    rd.notes.append(
        f"{T3}的列标题不完整（{why}），已按行标签右侧依次的 {width} 个数字列读取"
        f"（{'、'.join(form.SEC3_COLUMNS)}），请核对列的顺序"
    )
    return positional(used_columns(grid, data_rows, right_of), width, right_of)


# ---------------------------------------------------------------------------------------
# Section 二
# ---------------------------------------------------------------------------------------
def read_sec2(rd: Reading) -> tuple[str | None, list[Marker]]:
    """Section 二 into ``rd.table``. Returns (the section's format: "2021" | "2019" | None, the
    2019 markers found)."""
    best = None
    markers: list[Marker] = []
    for grids in rd.sheets.tiers():
        best, markers = locate_sec2(grids)
        if best is not None or markers:
            break
    if best is not None:
        rd.sheets.found_on(best[0], SECTION_SHORT["sec2"])
    elif markers:
        rd.sheets.found_on(markers[0][0], SECTION_SHORT["sec2"])
    if best is None:
        if markers:
            _read_sec2_2019(rd, markers[0][0])
            return "2019", markers
        rd.notes.append(f"未找到{SECTION_NAME['sec2']}：没有识别出该表的行标签，其数字按空白处理")
        return None, markers
    grid, rows = best
    doc = form.SEC2_TABLES[0]
    doc_rows = [rows[k] for k in doc.rows if k in rows]
    doc_cols: list[int] | None = None
    headers = sec2_doc_headers(grid, doc_rows) if doc_rows else []
    found = {i: pick_column(grid, lab, [d.row for d in doc_rows]) for i, lab in headers}
    if len(found) == doc.width and len(set(found.values())) == doc.width:
        doc_cols = [found[i] for i in range(doc.width)]
    kind = "2021" if doc_cols is not None or not markers else "2019"
    if kind == "2019":
        _read_sec2_2019(rd, markers[0][0])
        return kind, markers

    # the 2021 section: labels (R20) and values
    for t in form.SEC2_TABLES:
        for lab in grid.find(t.header):
            rd.check_label(grid, lab, t.header, None, None)
    for lab in grid.find(form.SEC2_CONTENT_LABEL):
        rd.check_label(grid, lab, form.SEC2_CONTENT_LABEL, None, None)
    for i, lab in headers:
        rd.check_label(grid, lab, doc.columns[i], None, doc.columns[i])
    if doc_rows and doc_cols is None:
        right_of = label_right(grid, doc_rows)
        doc_cols = positional(used_columns(grid, [d.row for d in doc_rows], right_of), doc.width, right_of)
        rd.notes.append(
            f"{T2}{'、'.join(doc.rows)}的列标题不完整，已按行标签右侧依次的 {doc.width} 个数字列读取"
            f"（{'、'.join(doc.columns)}），请核对"
        )
    pinned = rd.report_misplaced(grid, rows)
    for key, lab in rows.items():
        if (lab.row, lab.col) not in pinned:
            rd.check_label(grid, lab, key, key, None)
        t = form.sec2_table_of(key)
        if t.width > 1:
            assert doc_cols is not None
            values: list[Any] = [
                rd.numbers.read(grid, lab.row, c, ("sec2", key, i), key, t.columns[i], t.kind)
                for i, c in enumerate(doc_cols)
            ]
            rd.table.sec2[key] = values
        else:
            c = _single_column(rd, grid, lab, t)
            rd.table.sec2[key] = rd.numbers.read(
                grid, lab.row, c, ("sec2", key, 0), key, t.columns[0], t.kind
            )
    missing = [k for k in form.SEC2_KEYS if k not in rows]
    if missing:
        rd.notes.append(f"{T2}未找到以下行：{'、'.join(missing)}，这些单元格按空白处理；请按官方格式补齐")
    return kind, markers


def _read_sec2_2019(rd: Reading, grid: Grid) -> None:
    """A 2019 trial-format 表二 into ``rd.sec2_2019`` (its own rows and columns, toolkit.form2019):
    each sub-table's columns under their headers in the band above its first row (else the first
    used columns right of the labels, with a note); blanks and unreadable cells are R6/R5 as in a
    2021 表二; 本年增/减 may be negative."""
    cells = NumberCells(rd.path, rd.numbers.ours)
    rows = find_rows(grid, form2019.sec2_2019_key_by_label(), form2019.SEC2_2019_KEYS)
    above = -1  # the last row of the previous sub-table: its headers are not this one's
    for t in form2019.SEC2_TABLES_2019:
        labels = [rows[k] for k in t.rows if k in rows]
        if not labels:
            continue
        first = min(lab.row for lab in labels)
        right_of = label_right(grid, labels)
        band = range(max(above + 1, first - SEC2_HEADER_BAND), first)
        right = range(right_of + 1, max(grid.width, right_of + 1))
        found: dict[int, int] = {}
        for i, name in enumerate(t.columns):
            hits = grid.find(name, band, right)
            if hits:
                found[i] = pick_column(grid, max(hits, key=lambda h: h.row), [lab.row for lab in labels])
        if len(found) == t.width and len(set(found.values())) == t.width:
            cols = [found[i] for i in range(t.width)]
        else:
            cols = positional(used_columns(grid, [lab.row for lab in labels], right_of), t.width, right_of)
            rd.notes.append(
                f"{T2}（2019 年试行格式）{'、'.join(t.rows)}的列标题不完整，已按行标签右侧依次的 "
                f"{t.width} 个数字列读取（{'、'.join(t.columns)}），请核对"
            )
        for key in t.rows:
            if key not in rows:
                continue
            lab = rows[key]
            rd.sec2_2019[key] = [
                _read_2019_value(cells, grid, lab.row, c, ("sec2", key, i), t.columns[i], t.kinds[i])
                for i, c in enumerate(cols)
            ]
        above = max(grid.end_row(lab.row, lab.col) for lab in labels)
    for m in getattr(rows, "misplaced", ()):  # the drift of a 2019 table is not reported: a note
        rd.notes.append(f"{T2}（2019 年试行格式）：{misplaced_message(grid, m)[0]}")
    rd.numbers.findings += cells.findings
    rd.numbers.blanks.setdefault("sec2", []).extend(cells.blanks.get("sec2", []))
    rd.cells_2019.update(cells.cells)
    read = [k for k in form2019.SEC2_2019_KEYS if k in rd.sec2_2019]
    missing = [k for k in form2019.SEC2_2019_KEYS if k not in rd.sec2_2019]
    rd.notes.append(
        f"{T2}是 2019 年试行格式（{form2019.FORM_2019}，栏目与 2021 年格式不同）：已按 2019 年格式的栏目读取"
        f"（{'、'.join(read) or '无'}），不换算为 2021 年格式的栏目，2021 年格式的{T2}各项按空白处理"
        + (f"；未找到以下行：{'、'.join(missing)}" if missing else "")
    )


_NEGATIVE = re.compile(r"-(\d{1,9})")


def _read_2019_value(
    cells: NumberCells, grid: Grid, r: int, c: int, ck: tuple[str, str | None, int], column: str, kind: str
) -> Any:
    """One number of a 2019 表二: a count, an amount (万元) or a change (本年增/减, maybe negative)."""
    _, key, _ = ck
    if kind == "change":
        raw = grid.value(r, c)
        negative: int | None = None
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw < 0 and float(raw).is_integer():
            negative = int(raw)
        elif isinstance(raw, str):
            text = unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-").replace(" ", "")
            if m := _NEGATIVE.fullmatch(text):
                negative = -int(m[1])
        if negative is not None:
            cells.cells[ck] = (grid.name, grid.where(r, c))
            return negative
    return cells.read(grid, r, c, ck, key or "", column, "fee" if kind == "amount" else "count")


def _single_column(rd: Reading, grid: Grid, lab: Label, t: form.Sec2Table) -> int:
    """The value cell of a one-value section 二 row: under its column header when that is found
    just above, else the first filled cell right of the label (merged cells count once)."""
    head = sec2_single_header(grid, lab, t)
    if head is not None:
        rd.check_label(grid, head, t.columns[0], None, t.columns[0])
        return pick_column(grid, head, [lab.row])
    end = grid.end_col(lab.row, lab.col)
    used = used_columns(grid, [lab.row], end)
    return used[0] if used else end + 1


# ---------------------------------------------------------------------------------------
# Section 四
# ---------------------------------------------------------------------------------------
def read_sec4(rd: Reading) -> bool:
    """Section 四 into ``rd.table``; False when it is on no grid."""
    for grids in rd.sheets.tiers():
        found = locate_sec4(grids)
        if found is not None:
            grid, review, litigation = found
            rd.sheets.found_on(grid, SECTION_SHORT["sec4"])
            _sec4_at(rd, grid, review, litigation)
            return True
    rd.notes.append(
        f"未找到{SECTION_NAME['sec4']}：没有识别出“{form.SEC4_REVIEW}”“{form.SEC4_LITIGATION}”表头，其数字按空白处理"
    )
    return False


def _sec4_at(rd: Reading, grid: Grid, review: Label, litigation: Label) -> None:
    r0, c0 = review.row, review.col
    headers = sec4_headers(grid, review)
    rd.check_label(grid, review, form.SEC4_REVIEW, None, None)
    rd.check_label(grid, litigation, form.SEC4_LITIGATION, None, None)
    for name, lab in zip(form.SEC4_BLOCKS[1:], headers.blocks[1:], strict=True):
        if lab is not None:
            rd.check_label(grid, lab, name, None, None)
    block = len(form.SEC4_BLOCK_COLUMNS)
    header_cells: list[Label] = [review, litigation]
    if all(headers.blocks):
        header_cells += [lab for lab in headers.blocks if lab]
    for i, head in headers.columns.items():
        rd.check_label(grid, head, form.SEC4_BLOCK_COLUMNS[i % block], None, form.sec4_column_name(i))
        header_cells.append(head)
    band_bottom = max(grid.end_row(lab.row, lab.col) for lab in header_cells)
    mapping = {i: head.col for i, head in headers.columns.items()}
    if len(mapping) == form.SEC4_WIDTH and len(set(mapping.values())) == form.SEC4_WIDTH:
        cols = [mapping[i] for i in range(form.SEC4_WIDTH)]
        row = band_bottom + 1
        for r in range(band_bottom + 1, band_bottom + 4):
            if any(not grid.blank(r, c) for c in cols):
                row = r
                break
    else:
        row = sec4_number_row(grid, r0)
        used = [
            c
            for c in range(c0, grid.width)
            if not grid.blank(row, c) or any(grid.covered(r, c) for r in range(r0, row))
        ]
        cols = positional(used, form.SEC4_WIDTH, c0 - 1)
        rd.notes.append(
            f"{T4}的列标题不完整，已按“{form.SEC4_REVIEW}”下方依次的 {form.SEC4_WIDTH} 个数字读取"
            f"（{'、'.join(form.SEC4_BLOCKS)} 各 {block} 列："
            f"{'、'.join(form.SEC4_BLOCK_COLUMNS)}），请核对"
        )
    for i, c in enumerate(cols):
        rd.table.sec4[i] = rd.numbers.read(
            grid, row, c, ("sec4", None, i), "", form.sec4_column_name(i), "count"
        )
