"""R14 bound to cells: each figure a report's narrative states, bound to the table cell it talks about.

A figure is a number (Arabic, or Chinese: 一件, 两件, 十二件) followed by a unit of count (件, 起, 宗)
or of money (万元, 元). Sentences are split into clauses at ，；（）; within a clause each figure reads
the words since the figure before it (``before``), or, when those name nothing, the words up to the
next figure (``after``: 另有103件顺延到下年度办理). What the words name, most specific first:

1. section 四: a 复议/诉讼 block or a result (维持, 纠正/纠错/败诉, 其他结果, 尚未审结) — the result's
   block is the last one the sentence named before the figure; 行政诉讼 alone is both suits' blocks
   together (行政诉讼败诉1件: 结果纠正 of 未经复议直接起诉 + 复议后起诉);
2. section 二: 规章 / 行政规范性文件 with 制发 / 废止 / 现行有效 — the document named nearest the figure
   (全年印发文件25件 binds nothing: 文件 is no row); a row named after 其中/含 without a column takes
   the column named last before it (印发文件25件，其中规范性文件3件 → 行政规范性文件 制发 3); the fee
   (行政事业性收费, 万元 or 元);
3. a result group or leaf of section 三 (the official short names from toolkit.form: 予以公开 …
   其他处理, 属于国家秘密 …; Σ of the leaves for a group);
4. a row of section 三 in everyday words (新收/受理/收到 → 一, 上年结转 → 二, 办结/答复 → 三.七,
   结转下年度/顺延 → 四; the first in the phrase table's order), the column of an applicant type
   when one is named (自然人申请30件);
5. an applicant type alone (其中自然人30件): the row the sentence bound last.

A cue is no cue right after a negation (toolkit.phrases.NEGATIONS: 予以公开 in 不予以公开, 受理 in
不予受理, 办结 in 未办结), nor inside a longer cue (答复 in 延期答复). Where wording of a count the
tables do not hold (phrases.NOT_A_CELL: 延期答复, 当场答复, 补正) is nearest the figure, the figure
binds nothing (行政机关收到申请后补正的2件 is no 一).

A clause that says there were none binds a zero: 未收到政府信息公开申请 (一), 未发生行政复议、行政诉讼
(表四 totals), 未发生被行政复议纠错或行政诉讼败诉的情况 (表四 结果纠正, never the totals). Two results of
different groups together (同意公开或部分公开共81件) bind nothing.
Section 三 is bound only in passages that speak of applications (申请), and 一 (收到, 受理: everyday
verbs) only in sentences that do. Nothing is bound in a clause
about another count (备案, 主动公开, 信息处理费, … toolkit.phrases.OTHER_COUNTS), after a comparison
(较上年增加5件), for last year (上年收到10件, 2023年…), inside 《…》, or after 第. The phrase table
is toolkit.phrases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from toolkit import form, phrases
from toolkit.findings import Finding
from toolkit.read.document import Passage
from toolkit.table import Table

__all__ = [
    "Figure",
    "bind_figures",
    "chinese_number",
    "clean_text",
    "figure_findings",
    "sentences",
]

QUOTED_CHARS = 60  # a sentence longer than this is quoted around its figure
TOTAL = form.SEC4_BLOCK_COLUMNS.index(form.SEC3_TOTAL_COLUMN)  # a section 四 block's 总计

_FIGURE = re.compile(
    r"(?P<num>(?<![\d.])\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+)\s*"
    r"(?P<unit>" + "|".join(phrases.FEE_UNITS + phrases.COUNT_UNITS) + ")"
)
#: a number with ASCII thousands separators (1,048; 12,345): a Chinese comma (，) is never one
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_SENTENCE_END = re.compile(r"[。！？!?\n]+")
_CLAUSE_END = re.compile(r"[，,；;（）()]+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: NFKC makes ，（） ASCII: back to the full-width marks a Chinese sentence is quoted with
_FULL_WIDTH_MARKS = str.maketrans(",;:()!?", "，；：（）！？")


@dataclass(frozen=True)
class Cell:
    """A cell (or a sum of cells) of the tables, named as findings name cells."""

    key: str | None  # 一, 三.三, 规章 … (None for section 四, as in findings)
    column: str  # 总计, 自然人, 本年制发件数, 行政复议·总计, 行政诉讼·结果维持
    label: str  # how a message names it: 表三“一、…”总计
    value: Decimal | None
    block: str | None = None  # section 四: the block (行政复议, 行政诉讼 for both suits, 复议后起诉 …)


@dataclass(frozen=True)
class Figure:
    """A figure the narrative states, bound to its cell."""

    sentence: str
    spelled: str  # 3119件, 一件
    number: Decimal
    where: str
    cell: Cell
    scope: tuple[str, ...]  # the scope words of the sentence (本级, 全市, 代表区政府, …)

    @property
    def agrees(self) -> bool | None:
        """Whether the text says what the table holds (None when the cell is unknown)."""
        return None if self.cell.value is None else self.number == self.cell.value

    def to_json(self) -> dict[str, Any]:
        # section 四: the block as the key and the block's column (findings name it 行政复议·总计)
        block = self.cell.block
        return {
            "text": self.sentence,
            "number": _json_number(self.number),
            "key": self.cell.key if block is None else block,
            "column": self.cell.column if block is None else self.cell.column.rsplit("·", 1)[-1],
            "table_value": None if self.cell.value is None else _json_number(self.cell.value),
            "agrees": self.agrees,
        }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- text --------------------------------------------------------------------------------------
def clean_text(text: str) -> str:
    """NFKC (full-width digits made ASCII, Kangxi radicals ordinary characters), no spaces, zero-width
    characters or quotes; commas, semicolons, colons and brackets full-width."""
    text = _THOUSANDS.sub(lambda m: m[0].replace(",", ""), text)  # 1,048件
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_QUOTES)
    return re.sub(r"[ \t\u3000\xa0]+", "", text).translate(_FULL_WIDTH_MARKS)


def sentences(text: str) -> list[str]:
    """The sentences of a cleaned text (split at 。！？ and line ends), empty ones dropped."""
    return [s for s in _SENTENCE_END.split(text) if s]


_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """一 → 1, 两 → 2, 十二 → 12, 二十三 → 23, 一百零五 → 105; None for what is no plain count (零 alone,
    一二, 十十)."""
    if text in ("零", "〇"):
        return None
    total, digit, last_multiplier = 0, None, 10_000
    for ch in text:
        if ch in _DIGIT:
            if digit is not None and digit != 0:
                return None  # 一二: two digits in a row
            digit = _DIGIT[ch]
        elif ch in _MULTIPLIER:
            multiplier = _MULTIPLIER[ch]
            if multiplier >= last_multiplier:
                return None
            total += (1 if digit is None else digit) * multiplier
            digit, last_multiplier = None, multiplier
        else:
            return None
    return total + (digit or 0)


def _number(num: str) -> Decimal | None:
    if num[0].isdigit():
        return Decimal(num)
    value = chinese_number(num)
    return None if value is None else Decimal(value)


# --- the cues, built once from the form and the phrase table -----------------------------------------
@dataclass(frozen=True)
class _Cues:
    results: tuple[tuple[re.Pattern[str], str], ...]  # result leaf or group key
    rows: tuple[tuple[re.Pattern[str], str], ...]
    not_a_cell: tuple[tuple[re.Pattern[str], None], ...]  # section 三 wording of no cell (延期答复)
    applicants: tuple[tuple[re.Pattern[str], str], ...]  # → column name
    blocks: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]
    sec4_results: tuple[tuple[re.Pattern[str], int], ...]
    sec2_rows: tuple[tuple[re.Pattern[str], int], ...]
    sec2_columns: tuple[tuple[re.Pattern[str], int], ...]
    sec2_others: tuple[tuple[re.Pattern[str], None], ...]  # documents of no row (文件)


def _guarded(pattern: str) -> re.Pattern[str]:
    """``pattern`` not right after a negation (予以公开 is no cue in 不予以公开, 受理 none in 不予受理)."""
    guards = "".join(f"(?<!{re.escape(word)})" for word in phrases.NEGATIONS)
    return re.compile(f"{guards}(?:{pattern})")


@cache
def _cues() -> _Cues:
    results: list[tuple[str, str]] = []
    for group in form.RESULT_GROUPS:
        for key in group.leaves:
            if key == group.key:
                continue
            bare = re.sub(r"^\d+\.", "", form.SEC3_ROW[key].label).translate(_QUOTES)
            if bare not in form.APPLICANT_TYPES:  # 3.其他 is no cue: 其他 is a column too
                results.append((re.escape(bare), key))
    results += [(pattern, key) for key, pattern in phrases.RESULT_CUES]
    results += [(re.escape(g.short), g.key) for g in form.RESULT_GROUPS]
    applicants = [(re.escape(form.SEC3_LEGAL_PERSON_GROUP), form.SEC3_LEGAL_PERSON_GROUP)]
    applicants += [(re.escape(t), t) for t in form.APPLICANT_TYPES[:-1]]
    applicants += list(phrases.APPLICANT_CUES)
    return _Cues(
        results=tuple((_guarded(p), k) for p, k in results),
        rows=tuple((_guarded(p), k) for k, p in phrases.SEC3_ROW_CUES),
        not_a_cell=((re.compile(phrases.NOT_A_CELL), None),),
        applicants=tuple((re.compile(p), c) for p, c in applicants),
        blocks=tuple((re.compile(p), b) for p, b in phrases.SEC4_BLOCK_CUES),
        sec4_results=tuple((_guarded(p), i) for p, i in phrases.SEC4_RESULT_CUES),
        sec2_rows=tuple((re.compile(p), i) for p, i in phrases.SEC2_ROW_CUES),
        sec2_columns=tuple((_guarded(p), i) for p, i in phrases.SEC2_COLUMN_CUES),
        sec2_others=((re.compile(phrases.SEC2_OTHER_DOCUMENTS), None),),
    )


def _first(cues: Iterable[tuple[re.Pattern[str], Any]], text: str) -> Any:
    """The target of the first cue, in the phrase table's order, found in ``text`` (None if none)."""
    for pattern, target in cues:
        if pattern.search(text):
            return target
    return None


def _last(cues: Iterable[tuple[re.Pattern[str], Any]], text: str) -> Any:
    """The target of the cue matched last in ``text`` (the one nearest its end)."""
    best: tuple[int, Any] | None = None
    for pattern, target in cues:
        for m in pattern.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), target)
    return None if best is None else best[1]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str  # which cues matched: "result", "row", "none" (wording of no cell), …
    target: Any


def _matches(text: str, **kinds: Iterable[tuple[re.Pattern[str], Any]]) -> list[_Match]:
    """Every cue of ``kinds`` matched in ``text``, without those inside a longer match (答复 in
    延期答复, 补正 in 逾期不补正, 文件 in 规范性文件), in reading order."""
    found = [
        _Match(m.start(), m.end(), kind, target)
        for kind, cues in kinds.items()
        for pattern, target in cues
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    outer = [
        a
        for a in found
        if not any(b.start <= a.start and a.end <= b.end and b.end - b.start > a.end - a.start for b in found)
    ]
    return sorted(outer, key=lambda m: (m.start, m.end))


def _nearest(matches: Sequence[_Match], *, before: bool) -> _Match:
    """The match nearest the figure: the last before it, or the first after it."""
    return max(matches, key=lambda m: m.end) if before else min(matches, key=lambda m: m.start)


# --- cells ---------------------------------------------------------------------------------------
def _add(values: Iterable[Any]) -> Decimal | None:
    total = Decimal(0)
    for v in values:
        if v is None or isinstance(v, bool) or not isinstance(v, (int, Decimal, float)):
            return None
        total += Decimal(str(v)) if isinstance(v, float) else Decimal(v)
    return total


def _sec3_cell(table: Table, key: str, column: str) -> Cell:
    keys = form.RESULT_GROUP[key].leaves if key in form.RESULT_GROUP else (key,)
    if column == form.SEC3_LEGAL_PERSON_GROUP:
        columns = [form.SEC3_COLUMNS.index(t) for t in form.LEGAL_PERSON_TYPES]
    else:
        columns = [form.SEC3_COLUMNS.index(column)]
    value = _add(table.sec3[k][c] for k in keys for c in columns)
    row = form.SEC3_ROW[key].label if key in form.SEC3_ROW else form.RESULT_GROUP[key].label
    return Cell(key, column, f"{form.SHEET_TABLE3}“{row}”{column}", value)


def _sec4_cell(table: Table, blocks: tuple[int, ...], result: int) -> Cell:
    """Column ``result`` of the section 四 ``blocks`` (their sum: 行政诉讼 is both suits' blocks)."""
    width = len(form.SEC4_BLOCK_COLUMNS)
    if len(blocks) == len(form.SEC4_BLOCKS):  # 行政复议、行政诉讼共3件
        block = f"{form.SEC4_REVIEW}和{form.SEC4_LITIGATION}"
        name = f"{block}·{form.SEC4_BLOCK_COLUMNS[result]}"
    elif len(blocks) > 1:
        block = form.SEC4_LITIGATION
        name = f"{form.SEC4_LITIGATION}·{form.SEC4_BLOCK_COLUMNS[result]}"
    else:
        block = form.SEC4_BLOCKS[blocks[0]]
        name = form.sec4_column_name(blocks[0] * width + result)
    value = _add(table.sec4[b * width + result] for b in blocks)
    return Cell(None, name, f"{form.SHEET_TABLE4} {name}", value, block)


def _sec2_cell(table: Table, row: int, column: int) -> Cell:
    key = form.SEC2_DOCUMENT_KEYS[row]
    name = form.SEC2_TABLES[0].columns[column]
    raw = table.sec2[key]
    value = _add([raw[column]]) if isinstance(raw, list) else None
    return Cell(key, name, f"{form.SHEET_TABLE2}“{key}”{name}", value)


def _fee_cell(table: Table) -> Cell:
    key = form.SEC2_FEE_KEY
    name = form.SEC2_TABLES[3].columns[0]
    return Cell(key, name, f"{form.SHEET_TABLE2}“{key}”{name}", _add([table.sec2[key]]))


# --- binding -------------------------------------------------------------------------------------
def bind_figures(passages: Sequence[Passage], table: Table, *, year: int | None = None) -> list[Figure]:
    """Every figure of ``passages`` bound to its cell of ``table``, in reading order (see the module's
    docstring). ``year``: the report's year — a figure after another year (2023年收到…) is not bound."""
    figures: list[Figure] = []
    for passage in passages:
        text = clean_text(passage.text)
        about = _About(
            re.search(phrases.SEC3_SUBJECT, text) is not None,
            re.search(phrases.SEC4_SUBJECT, text) is not None,
        )
        state = _State()
        for sentence in sentences(text):
            # 其中，自然人45件…: a sentence of sub-counts continues the row the sentence before bound
            state = _State(state.row if re.search(phrases.SUBSET, sentence) else None)
            figures += _bind_sentence(sentence, passage.where, table, year, about, state)
    return figures


@dataclass(frozen=True)
class _About:
    """What a passage speaks of: applications (section 三 may bind), disclosure (section 四 may)."""

    applications: bool
    disclosure: bool


@dataclass
class _State:
    row: str | None = None  # the section 三 row the sentence bound last (for 其中自然人30件)


def _bind_sentence(
    sentence: str, where: str, table: Table, year: int | None, about: _About, state: _State
) -> list[Figure]:
    if not _FIGURE.search(sentence) and not re.search(
        f"{phrases.NONE_RECEIVED}|{phrases.NONE_CASES}|{phrases.NONE_CARRIED_OUT}", sentence
    ):
        return []
    scope = tuple(w for w in phrases.SCOPE_WORDS if w in sentence)
    starts = [m.start() for m in _FIGURE.finditer(sentence)]
    out: list[Figure] = []
    offset = 0
    for clause in _CLAUSE_END.split(sentence):
        start = sentence.find(clause, offset)
        offset = start + len(clause)
        if re.search(phrases.OTHER_COUNTS, clause):
            continue
        matches = list(_FIGURE.finditer(clause))
        if not matches:
            zeros = _none(clause, table, year, about)
            out += [Figure(sentence, said, Decimal(0), where, cell, scope) for said, cell in zeros]
        previous_end = 0
        for i, m in enumerate(matches):
            before = clause[previous_end : m.start()]
            after = clause[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(clause)]
            previous_end = m.end()
            if _not_a_figure(clause, m, before, year):
                continue
            number = _number(m["num"])
            if number is None:
                continue
            head = sentence[: start + m.start()]
            end = start + m.end()
            tail = sentence[end : next((at for at in starts if at >= end), len(sentence))]
            cell = _bind(m["unit"], before, after, head, sentence, table, state, about, tail)
            if (
                cell is not None
                and cell.key == form.RECEIVED_KEY
                and re.search(phrases.INCLUDES_CARRIED_IN, sentence[end:])
            ):
                cell = _received_and_carried_in(table, cell.column)
            if cell is not None:
                if m["unit"] == "元" and cell.key == form.SEC2_FEE_KEY:
                    number = number / 10000
                out.append(Figure(sentence, m.group(0), number, where, cell, scope))
    return out


def _none(clause: str, table: Table, year: int | None, about: _About) -> list[tuple[str, Cell]]:
    """The zeros a clause states in words: 未收到政府信息公开申请 (一 总计), 未发生行政复议、行政诉讼
    (表四 行政复议·总计, 行政诉讼·总计), 未发生被行政复议纠错或行政诉讼败诉的情况 (行政复议·结果纠正,
    行政诉讼·结果纠正: the result named, never the totals); not for last year (上年未收到…)."""
    out: list[tuple[str, Cell]] = []
    received = re.search(phrases.NONE_RECEIVED, clause)
    if received is not None and re.search(r"复议|诉讼|起诉", received[0]):
        received = None  # 没有收到行政复议申请: section 四's
    cases = re.search(phrases.NONE_CASES, clause)
    for m in (received, cases):
        if m is not None and _last_year(clause[: m.start()], year):
            return []
    if received is not None and about.applications:
        out.append((received[0], _sec3_cell(table, form.RECEIVED_KEY, form.SEC3_TOTAL_COLUMN)))
    carried = re.search(phrases.NONE_CARRIED_OUT, clause)
    if carried is not None and about.applications and not _last_year(clause[: carried.start()], year):
        out.append((carried[0], _sec3_cell(table, form.CARRIED_OUT_KEY, form.SEC3_TOTAL_COLUMN)))
    if cases is not None and about.disclosure:
        rest = clause[cases.start() :]
        # 未发生…被行政复议纠错或行政诉讼败诉: about a result, not the totals
        results = {i for pattern, i in _cues().sec4_results if pattern.search(rest)}
        if len(results) > 1:
            return out  # 未发生…维持或纠正: no one column
        column = results.pop() if results else TOTAL
        for word, blocks in ((form.SEC4_REVIEW, (0,)), (form.SEC4_LITIGATION, (1, 2))):
            short = form.SEC4_SHORT[word]  # 未发生复议、诉讼 as well
            if short in rest:
                said = rest[: rest.index(short) + len(short)] if column == TOTAL else rest
                out.append((said, _sec4_cell(table, blocks, column)))
    return out


def _last_year(before: str, year: int | None) -> bool:
    """Whether ``before`` puts what follows in another year (上年收到…, 2023年受理…)."""
    if re.search(phrases.LAST_YEAR, before):
        return True
    return any(int(y) != year for y in re.findall(r"(20\d\d)年", before)) if year else False


def _not_a_figure(clause: str, m: re.Match[str], before: str, year: int | None) -> bool:
    if m["num"][0].isdigit():
        if clause[max(m.start() - 1, 0) : m.start()] == "第":
            return True
    else:
        before_char, after_char = clause[m.start() - 1 : m.start()], clause[m.end() : m.end() + 1]
        if (
            before_char and before_char in phrases.NOT_A_COUNT_BEFORE
        ) or after_char == phrases.NOT_A_COUNT_AFTER:
            return True
    if clause.rfind("《", 0, m.start()) > clause.rfind("》", 0, m.start()):
        return True
    return re.search(phrases.COMPARISON, before) is not None or _last_year(before, year)


def _bind(
    unit: str,
    before: str,
    after: str,
    head: str,
    sentence: str,
    table: Table,
    state: _State,
    about: _About,
    tail: str = "",
) -> Cell | None:
    """The cell a figure talks about. ``tail``: the sentence after the figure up to the next figure
    (across clauses), read when the figure's own clause names it only after it."""
    cues = _cues()
    if unit in phrases.FEE_UNITS:
        return _fee_cell(table) if re.search(phrases.FEE_CUE, sentence) else None
    # the words that name the figure: before it, or (naming nothing) after it
    is_before = _names_something(before)
    words = before if is_before else after
    # 1. section 四
    result = _first(cues.sec4_results, words)
    block_here = _last(cues.blocks, words)
    if (block_here is not None or result is not None) and about.disclosure:
        block = block_here if block_here is not None else _last(cues.blocks, head)
        if re.search(phrases.SEC4_BOTH, words):
            if re.search(phrases.SEC4_EACH, words + after[:3]):
                return None  # 行政复议、行政诉讼各1件: each, not a cell
            block = tuple(range(len(form.SEC4_BLOCKS)))
        if block is not None:
            return _sec4_cell(table, block, TOTAL if result is None else result)
    # 2. section 二: the document nearest the figure (全年印发文件25件 is no 行政规范性文件 count)
    sec2_column = _first(cues.sec2_columns, words)
    if sec2_column is None and re.search(phrases.SUBSET, words) and _sec2_row(words) is not None:
        sec2_column = _last(cues.sec2_columns, head)  # 印发文件25件，其中规范性文件3件
    if sec2_column is not None:
        sec2_row = _sec2_row(head + words)
        if sec2_row is not None:
            return _sec2_cell(table, sec2_row, sec2_column)
        return None
    if not about.applications:
        return None
    applicant = _applicant(words)
    # 3. a result group or leaf; 4. a row
    named, key = _sec3_key(words, before=is_before)
    if named and key is None:
        return None  # 同意公开或部分公开共81件, 其中延期答复2件: no cell
    if key == form.RECEIVED_KEY and not re.search(phrases.SEC3_SUBJECT, sentence):
        key = None  # 收到表扬信3件: receiving is applications only in a sentence about them
    if not is_before and key in (None, form.RECEIVED_KEY):
        # named only after the figure: carrying over wins (另有4件因在年底收到，…结转至下一年度办理;
        # 尚有7件正在办理中，将结转下年度继续办理); 收到 after a figure says when cases arrived
        # (4件为12月下旬收到的申请), it is no 一
        carried = _sec3_key(tail, before=False)[1] == form.CARRIED_OUT_KEY
        key = form.CARRIED_OUT_KEY if carried else None
    if key is not None:
        if key in form.SEC3_SHORT_ROWS:
            state.row = key
        return _sec3_cell(table, key, applicant or form.SEC3_TOTAL_COLUMN)
    # 5. an applicant type alone: the row bound last
    if applicant is not None and state.row is not None:
        return _sec3_cell(table, state.row, applicant)
    return None


def _received_and_carried_in(table: Table, column: str) -> Cell:
    """一 + 二 of ``column``: a total the text says includes last year's carry-over."""
    received, carried_in = (
        _sec3_cell(table, form.RECEIVED_KEY, column),
        _sec3_cell(table, form.CARRIED_IN_KEY, column),
    )
    value = _add([received.value, carried_in.value])
    key = f"{form.RECEIVED_KEY}+{form.CARRIED_IN_KEY}"
    return Cell(key, column, f"{received.label}与{carried_in.label}之和", value)


def _sec2_row(text: str) -> int | None:
    """The section 二 row of the document named nearest the end of ``text`` (None for 文件, 通知 …)."""
    cues = _cues()
    found = _matches(text, row=cues.sec2_rows, none=cues.sec2_others)
    return _nearest(found, before=True).target if found else None


def _sec3_key(words: str, *, before: bool) -> tuple[bool, str | None]:
    """Whether ``words`` name something of section 三, and the result or row key they name: a result
    before a row (予以公开5件 in a sentence about replies); none when wording of no cell is the
    nearest to the figure (其中延期答复2件, 收到申请后补正的2件) or two results of different groups
    are named; else the row first in the phrase table's order (办结收到的申请10件 is 三.七)."""
    cues = _cues()
    found = _matches(words, result=cues.results, row=cues.rows, none=cues.not_a_cell)
    if not found:
        return False, None
    nearest = _nearest(found, before=before)
    if nearest.kind == "none":
        return True, None
    results = {m.target for m in found if m.kind == "result"}
    if results:
        return True, _most_specific(results)
    rows = {m.target for m in found if m.kind == "row"}
    return True, next(key for _, key in cues.rows if key in rows)


def _most_specific(keys: set[str]) -> str | None:
    """The one result the words name: a leaf named with its own group (不予公开中属于国家秘密的) is
    the leaf; results of different groups together name no cell."""
    if len(keys) == 1:
        return next(iter(keys))
    leaves = [k for k in keys if k not in form.RESULT_GROUP or not form.RESULT_GROUP[k].has_group_cell]
    groups = {k for k in keys if k not in leaves}
    if len(leaves) == 1 and all(form.SEC3_ROW[leaves[0]].group == g for g in groups):
        return leaves[0]
    return None


def _names_something(words: str) -> bool:
    cues = _cues()
    groups: tuple[tuple[tuple[re.Pattern[str], Any], ...], ...] = (
        cues.results,
        cues.rows,
        cues.not_a_cell,
        cues.applicants,
        cues.blocks,
        cues.sec4_results,
        cues.sec2_rows,
        cues.sec2_columns,
        cues.sec2_others,
    )
    return any(pattern.search(words) for group in groups for pattern, _ in group) or bool(
        re.search(phrases.FEE_CUE, words)
    )


def _applicant(words: str) -> str | None:
    """The applicant column named in ``words``; None for none or for several (自然人、法人申请5件)."""
    named = {column for pattern, column in _cues().applicants if pattern.search(words)}
    return named.pop() if len(named) == 1 else None


# --- findings ------------------------------------------------------------------------------------
def figure_findings(figures: Sequence[Figure], path: str) -> list[Finding]:
    """One R14 warning per figure that differs from its cell."""
    findings = []
    for figure in figures:
        if figure.agrees is not False:
            continue
        scope = f"；句中有“{'、'.join(figure.scope)}”，可能说的是另一统计口径" if figure.scope else ""
        findings.append(
            Finding(
                "R14",
                path,
                f"正文“{_quoted(figure)}”写的是 {figure.spelled}，"
                f"而{figure.cell.label}为 {_shown(figure.cell.value)}{scope}",
                "请核对正文与表格，按表格改正正文中的数字（或改正表格）；"
                "如正文说的是另一统计口径（如全市、本级、备案件数），可忽略本提醒",
                sheet=figure.where or None,
                key=figure.cell.key,
                column=figure.cell.column,
            )
        )
    return findings


def _quoted(figure: Figure) -> str:
    text = figure.sentence
    if len(text) <= QUOTED_CHARS:
        return text
    at = text.find(figure.spelled)
    left = max(at - QUOTED_CHARS // 2, 0)
    right = min(left + QUOTED_CHARS, len(text))
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _shown(value: Decimal | None) -> str:
    if value is None:
        return "空白"
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
