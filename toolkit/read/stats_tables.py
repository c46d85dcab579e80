"""More than one set of the official tables in one workbook: which one is read.

Units paste last year's tables above or below this year's (a common copy-paste), keep a sheet per
year, or copy a sheet (表三 and 表三 (2)). Reading the first one silently would report last year's
figures as this year's, so:

1. every section (表二, 表三, 表四) is found as often as it occurs on the visible grids
   (``find_parts``); when none occurs twice there is one table and nothing here applies;
2. the sections that occur more than once are grouped into candidate tables in reading order (a
   section met again starts the next candidate); the sections that occur once are shared by every
   candidate. Each candidate sees its own rows of each sheet and the shared ones, through
   ``Grid.view`` (addresses unchanged) (``candidates``);
3. a candidate's year is read from the text above its sections (``2024年…``, ``…2023年度…``,
   ``统计年度：2024``) and, for a sheet that holds no other candidate, from the sheet's name; in a
   published report, else from the report title above its first table (a page holding this
   year's and last year's reports, each under its own title);
4. ``choose`` picks one from the tables read: candidates with the same numbers are one table (read
   once, with a note); otherwise the one of the report's year (单位信息's 统计年度, else a year in
   the file name), or — with no such year — the latest when every candidate's year is known. The
   others are named in a note. When they cannot be told apart the file is refused
   (``ambiguous_tables``) with every place named: never the wrong table read silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.read.cells import compact_text, parse_fee, snippet
from toolkit.read.stats_grid import Grid, Label
from toolkit.read.stats_locate import find_rows, is_sec3, label_right, sec3_index, sec4_number_row
from toolkit.table import Table

__all__ = ["Candidate", "Part", "candidates", "choose", "file_year", "find_parts"]

MAX_PARTS = 20  # occurrences of one section looked for on one sheet (each search reads the sheet's labels)
NUMBER_COLUMNS_LOOKED_AT = 10  # columns right of the row labels looked at for numbers
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)年")  # 2024年, 2023年度
_YEAR_LABEL = re.compile(r"年度?[:：]((?:19|20)\d{2})(?!\d)")  # 统计年度：2024
_YEAR_BARE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # a sheet or file name: 2024, 2023年


@dataclass(frozen=True)
class Part:
    """One section (``sec2`` | ``sec3`` | ``sec4``) found on grid number ``grid``: its first and
    last row (0-based)."""

    section: str
    grid: int
    top: int
    bottom: int
    #: the rows it holds (表二's and 表三's row keys): a table printed in pieces has pieces of it
    keys: frozenset[str] = frozenset()


@dataclass
class Candidate:
    """One of several tables: its own sections, the grids as it sees them, its year when it says
    one, and where it starts (sheet name, 0-based row) for the messages."""

    own: list[Part]
    views: list[Grid]
    year: int | None
    sheet: str
    row: int
    texts: list[str] = field(default_factory=list)
    #: in a published report (its grids are the document's tables 表1, 表2…, not worksheets)
    document: bool = False

    @property
    def place(self) -> str:
        if self.document:
            return f"{snippet(self.sheet)}第 {self.row + 1} 行起"
        return f"工作表“{snippet(self.sheet)}”第 {self.row + 1} 行起"

    def described(self) -> str:
        return f"{self.place}的表（{self.year}年）" if self.year else f"{self.place}的表（未写明年度）"


# ---------------------------------------------------------------------------------------
# Finding the sections, as often as they occur
# ---------------------------------------------------------------------------------------
def find_parts(grid: Grid, g: int) -> list[Part]:
    """Every occurrence of a section on ``grid`` (number ``g``), top to bottom."""
    parts: list[Part] = []
    for section, index, keys in (
        ("sec2", form.sec2_key_by_label(), form.SEC2_KEYS),
        ("sec3", sec3_index(), form.SEC3_KEYS),
    ):
        start = 0
        for _ in range(MAX_PARTS):
            rows = find_rows(grid, index, keys, start)
            if not (is_sec3(rows) if section == "sec3" else len(rows) >= 2):
                break
            top = min(lab.row for lab in rows.values())
            bottom = max(grid.end_row(lab.row, lab.col) for lab in rows.values())
            if _holds_numbers(grid, list(rows.values())):
                parts.append(Part(section, g, top, bottom, frozenset(rows)))
            start = bottom + 1
    last = -1
    for review in sorted(grid.find(form.SEC4_REVIEW), key=lambda lab: (lab.row, lab.col)):
        if review.row <= last or sum(p.section == "sec4" for p in parts) >= MAX_PARTS:
            continue
        near = range(max(0, review.row - 1), review.row + 2)
        if any(lab.col > review.col for lab in grid.find(form.SEC4_LITIGATION, near)):
            last = sec4_number_row(grid, review.row)
            parts.append(Part("sec4", g, review.row, last))
    return sorted(parts, key=lambda p: (p.top, p.section))


def _pieces(parts: list[Part], section: str) -> bool:
    """Whether the occurrences of ``section`` are pieces of one table, not several tables: each
    holds rows no other holds (表二 broken across pages into its first sub-table and the rest, each
    page's piece a table of its own in a PDF)."""
    seen: set[str] = set()
    for part in (p for p in parts if p.section == section):
        if not part.keys or part.keys & seen:
            return False
        seen |= part.keys
    return True


def _holds_numbers(grid: Grid, labels: list[Label]) -> bool:
    """Whether the cells right of the row labels are a table's numbers (some numbers, no more
    other texts than numbers), not, say, lists of case IDs under the same labels (our 明细)."""
    right = label_right(grid, labels)
    numbers = others = 0
    for lab in labels:
        for c in range(right + 1, min(grid.width, right + 1 + NUMBER_COLUMNS_LOOKED_AT)):
            if not grid.blank(lab.row, c):
                if parse_fee(grid.value(lab.row, c)).ok:
                    numbers += 1
                else:
                    others += 1
    return numbers > 0 and numbers >= others


def candidates(grids: Sequence[Grid]) -> list[Candidate]:
    """The candidate tables on ``grids`` (see the module docstring); [] when no section occurs
    twice (one table: read as it is)."""
    parts = [p for g, grid in enumerate(grids) for p in find_parts(grid, g)]
    repeated = {s for s, n in Counter(p.section for p in parts).items() if n > 1 and not _pieces(parts, s)}
    if not repeated:
        return []
    groups: list[list[Part]] = []
    for p in parts:
        if p.section in repeated:
            if not groups or any(q.section == p.section for q in groups[-1]):
                groups.append([])
            groups[-1].append(p)
    owner = {p: i for i, group in enumerate(groups) for p in group}  # shared parts: no owner
    # each grid cut into segments between parts of different owners (None: shared)
    segments: list[list[tuple[range, int | None]]] = []
    for g, grid in enumerate(grids):
        on = [p for p in parts if p.grid == g]
        cut: list[tuple[range, int | None]] = []
        start = 0
        for i, p in enumerate(on):
            nxt = on[i + 1] if i + 1 < len(on) else None
            if nxt is not None and owner.get(nxt) == owner.get(p):
                continue
            end = grid.height if nxt is None else max(start, min(p.bottom + 1, nxt.top))
            cut.append((range(start, end), owner.get(p)))
            start = end
        segments.append(cut or [(range(0, grid.height), None)])

    found = []
    for i, group in enumerate(groups):
        views: list[Grid] = []
        texts: list[str] = []
        years: set[int] = set()
        for g, grid in enumerate(grids):
            keep = [band for band, who in segments[g] if who in (i, None)]
            if not keep:
                continue
            views.append(grid if len(keep) == len(segments[g]) else grid.view(keep))
            for band, who in segments[g]:
                if who != i:
                    continue
                tops = [p.top for p in group if p.grid == g and p.top in band]
                head = range(band.start, min(tops, default=band.stop))
                texts += [lab.raw for lab in grid.labels if lab.row in head]
            if all(who in (i, None) for _, who in segments[g]):
                years.update(_years(_YEAR_BARE, grid.name))
        for text in texts:
            years.update(_years(_YEAR_WORD, text) | _years(_YEAR_LABEL, text))
        first = group[0]
        if not years:  # a document's table: the year of the report title above it
            years.update(_years(_YEAR_WORD, grids[first.grid].heading))
        grid = grids[first.grid]
        band = next((b for b, who in segments[first.grid] if who == i and first.top in b), range(0))
        row = next((r for r in band if any(v not in (None, "") for v in grid.rows[r])), first.top)
        found.append(
            Candidate(group, views, next(iter(years)) if len(years) == 1 else None, grid.name, row, texts)
        )
    return found


def _years(pattern: re.Pattern[str], text: str) -> set[int]:
    return {int(m) for m in pattern.findall(compact_text(text)) if int(m) in form.YEARS}


def file_year(path: str) -> int | None:
    """The one year written in the file's name (``2024年统计表.xlsx``), if there is exactly one."""
    years = _years(_YEAR_BARE, PurePath(path).name)
    return next(iter(years)) if len(years) == 1 else None


# ---------------------------------------------------------------------------------------
# Choosing one
# ---------------------------------------------------------------------------------------
def _same_numbers(a: Table, b: Table) -> bool:
    return (a.sec2, a.sec3, a.sec4) == (b.sec2, b.sec3, b.sec4)


def choose(
    found: Sequence[Candidate], tables: Sequence[Table], target: int | None, source: str, path: str
) -> tuple[int, list[str]]:
    """The candidate to read (its index) and the notes naming the others; raises
    ``UnreadableInput`` (``ambiguous_tables``) when they cannot be told apart. ``target``: the
    report's year, from ``source`` (单位信息 or the file name), when known. A published report
    (``path`` a document's) is called 报告, its tables 表N, never 工作簿/工作表."""
    document = _is_document(path)
    for candidate in found:
        candidate.document = document
    book = "报告" if document else "工作簿"
    distinct: list[int] = []
    same: dict[int, int] = {}  # candidate → the first candidate with the same numbers
    for i, table in enumerate(tables):
        twin = next((j for j in distinct if _same_numbers(table, tables[j])), None)
        if twin is None:
            distinct.append(i)
            same[i] = i
        else:
            same[i] = twin
    years = [c.year for c in found]
    why = ""
    pick: int | None = None
    if len(distinct) == 1:  # copies: the one of the report's year, else the latest that says one
        dated = [(y, -i) for i, y in enumerate(years) if y is not None and (target is None or y == target)]
        pick = -max(dated)[1] if dated else 0
    elif target is not None:
        matching = [i for i in distinct if years[i] == target]
        unknown = [i for i in distinct if years[i] is None]
        if len(matching) == 1:
            pick = matching[0]
        elif not matching and len(unknown) == 1:
            pick = unknown[0]  # every other table says it is of another year
        why = f"按{source}的统计年度 {target} 年"
    elif all(y is not None for y in (years[i] for i in distinct)):
        known = [(years[i] or 0, i) for i in distinct]
        if len({y for y, _ in known}) == len(known):
            pick = max(known)[1]
            why = f"{book}{_NO_YEAR[book]}，按其中最新的 {years[pick]} 年"
    if pick is None:
        raise _refusal(found, [i for i in distinct], target, path, book)
    chosen = found[pick]
    notes = []
    for i, other in enumerate(found):
        if i == pick:
            continue
        if same[i] == same[pick]:
            notes.append(
                f"{other.place}的另一张表与{chosen.place}的表数字完全相同，只读取了一次；"
                "请删除重复的表后再报送"
            )
        else:
            notes.append(
                f"{other.described()}未读取：{why}读取了{chosen.described()}；"
                "如另一张表不属于本年度，请删除它后再报送"
            )
    return pick, notes


_NO_YEAR = {"工作簿": "没有填写统计年度", "报告": "没有写明统计年度"}


def _is_document(path: str) -> bool:
    from toolkit.read.document import DOCUMENT_KINDS

    return PurePath(path.rpartition(" › ")[2] or path).suffix.lower() in DOCUMENT_KINDS


def _refusal(
    found: Sequence[Candidate], distinct: list[int], target: int | None, path: str, book: str = "工作簿"
) -> UnreadableInput:
    places = "；".join(found[i].described() for i in distinct)
    if target is not None:
        what = f"无法确定哪一张是 {target} 年度的"
    else:
        what = f"{book}{_NO_YEAR[book]}，也无法从标题看出各表的年度"
    example = target or max((c.year for c in found if c.year), default=None) or "2024"
    return UnreadableInput(
        f"{book}中有 {len(distinct)} 张数字不同的统计表（{places}），{what}，未读取以免读错："
        f"请删除不属于本年度的表（或把它移到另一个文件），或在每张表上方的标题中写明年度"
        f"（如“{example}年政府信息公开工作年度报告”），然后重新检查",
        path=path,
        reason="ambiguous_tables",
    )
