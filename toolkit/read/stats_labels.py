"""Label drift (R20): why a label of the 统计表 is not the official wording, and which label a
typo stands for.

A label whose normalised text equals an official label (or a known variant of it,
``form.LABEL_DRIFT`` and ``label_variants.ABBREVIATIONS``) while its raw text, with whitespace and
zero-width characters removed, differs from the official label is drift. So 规范性文件, （3）不予公开,
1、…, half-width brackets, full-width digits, other quote marks, traditional characters and Kangxi
radicals pasted from a PDF (⼀ U+2F00 for 一) are drift; 商业\\n企业 or 总 计 (Word wrapping and stray
spaces) are not. ``drift_reasons`` says in Chinese what differs, naming a look-alike character
and its code point so a clerk can see what to retype.

A label a few characters away from one official label (``2.其他法律行政止公开``, ``现行有效件``) is
that label when the reader finds it where the label is expected (``typo_distance``: the number in
front must agree, the edits are bounded by the label's length, and no other official label is as
near); the reader decides where (toolkit.read.stats_locate). So is a label cut short by a line
wrap (``is_cut_of``: a long enough prefix of exactly one official label, its number agreeing),
said to be incomplete (标签不完整).

``group_drift`` makes one finding of drift of one kind repeated over many labels (half-width
brackets on every label, Kangxi radicals all over a pasted table, 1、 for 1. on every leaf), listing
the cells, each cell once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit import form
from toolkit.findings import Finding
from toolkit.label_variants import (
    HEADER_ABBREVIATIONS,
    WORD_VARIANTS,
    abbreviation_index,
    fold_look_alikes,
    look_alike,
    official_texts,
    official_words,
)
from toolkit.read.cells import snippet
from toolkit.read.stats_grid import Grid, Label

__all__ = [
    "GROUP_MIN",
    "DriftFinding",
    "drift_finding",
    "drift_reasons",
    "group_drift",
    "is_cut_of",
    "is_drift",
    "is_typo_of",
    "max_edits",
    "squeeze",
    "typo_distance",
]

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
GROUP_MIN = 3  # drift of one kind on this many labels or more is one finding
GROUP_SHOWN = 5  # cells a grouped finding names before "等 N 处"


def squeeze(text: str) -> str:
    """``text`` without whitespace and zero-width characters: a label as typed, its wrapping aside."""
    return "".join(
        ch for ch in text if not ch.isspace() and ch not in _INVISIBLE and unicodedata.category(ch) != "Cf"
    )


def is_drift(raw: str, official: str) -> bool:
    """Whether a label found by its normalised text is written otherwise than ``official``."""
    return squeeze(raw) != squeeze(official)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------------------------------
# Typos: a label a few characters from an official one
# ---------------------------------------------------------------------------------------
_CHINESE_NUMBERS = "〇一二三四五六七八九十"
#: the number in front of a normalised label: 1. / 1 (from ① or "1 ") / (一) / 一、
_NORM_NUMBER = re.compile(
    r"^(?:(\d{1,2})\.?|\(([〇一二三四五六七八九十]{1,2})\)|([〇一二三四五六七八九十]{1,2})、)"
)


def _number(text: str) -> tuple[int | None, str]:
    """(the number in front of a normalised label, the text after it); (None, text) without one."""
    m = _NORM_NUMBER.match(text)
    if m is None:
        return None, text
    digits, chinese = m[1], m[2] or m[3]
    if digits is not None:
        return int(digits), text[m.end() :]
    if len(chinese) == 2:  # 十一 … 十九 (二十 and above do not occur in the form)
        return 10 + _CHINESE_NUMBERS.index(chinese[1]), text[m.end() :]
    return _CHINESE_NUMBERS.index(chinese), text[m.end() :]


def max_edits(length: int) -> int:
    """How many characters a typo may differ by in a label of ``length`` characters (its number
    aside): none up to 3 (规章, 其他: too short to guess), then one per 4 characters, at most 3."""
    return 0 if length <= 3 else min(length // 4, 3)


def _edit_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` when it is above ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1] if previous[-1] <= bound else bound + 1


def typo_distance(norm: str, official: str) -> int | None:
    """The characters by which the normalised label ``norm`` differs from ``official`` when it may
    be a typo of it: the same number in front (or none on both), and within ``max_edits`` of the
    text after it. None when it may not."""
    number, rest = _number(fold_look_alikes(norm))
    want_number, want = _number(form.normalize_label(official))
    if number != want_number:
        return None
    bound = max_edits(len(want))
    if bound == 0:
        return None
    distance = _edit_distance(rest, want, bound)
    return distance if distance <= bound else None


def is_typo_of(norm: str, official: str, rivals: Iterable[str] = ()) -> bool:
    """Whether the normalised label ``norm`` is a typo of ``official`` and of no other label: it is
    not itself an official label, and every other official label, and every one of ``rivals``
    (normalised: the known variants of the other rows), is further from it."""
    if norm in official_texts():
        return False
    distance = typo_distance(norm, official)
    if distance is None:
        return False
    want = form.normalize_label(official)
    for other in (*official_texts(), *rivals):
        if other != want:
            d = typo_distance(norm, other)
            if d is not None and d <= distance:
                return False
    return True


CUT_MIN = 8  # characters after its number a label cut short must keep to stand for one label


def _cut_rest(norm: str, official: str) -> str | None:
    """The missing end of ``official`` when the normalised label ``norm`` is ``official`` cut
    short (a PDF line wrap: the same number in front, the text after it a strict prefix of the
    official text after it, at least ``CUT_MIN`` characters and half of it); else None."""
    number, rest = _number(fold_look_alikes(norm))
    want_number, want = _number(form.normalize_label(official))
    if number != want_number or len(rest) < max(CUT_MIN, len(want) // 2):
        return None
    if len(rest) >= len(want) or not want.startswith(rest):
        return None
    return want[len(rest) :]


def is_cut_of(norm: str, official: str, rivals: Iterable[str] = ()) -> bool:
    """Whether the normalised label ``norm`` is ``official`` cut short (``_cut_rest``) and no other
    official label, nor any of ``rivals`` (the known variants of the other rows), begins as it does."""
    if norm in official_texts() or _cut_rest(norm, official) is None:
        return False
    want = form.normalize_label(official)
    return not any(
        other != want and _cut_rest(norm, other) is not None for other in (*official_texts(), *rivals)
    )


def _typo_details(found: str, want: str) -> str:
    """What a typo changed, in Chinese: 缺少“法规禁”、“止”应为“禁止”、多了“的”."""
    a, b = fold_look_alikes(form.normalize_label(found)), form.normalize_label(want)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            parts.append(f"“{a[i1:i2]}”应为“{b[j1:j2]}”")
        elif op == "delete":
            parts.append(f"多了“{a[i1:i2]}”")
        elif op == "insert":
            parts.append(f"缺少“{b[j1:j2]}”")
    return "、".join(parts)


def _is_known_variant(found: str) -> bool:
    norm = form.normalize_label(found)
    return norm in form.LABEL_DRIFT or norm in abbreviation_index() or norm in form.sec3_row_by_label()


def _header_short_forms() -> frozenset[str]:
    return frozenset(form.normalize_label(short) for short, _ in HEADER_ABBREVIATIONS)


# ---------------------------------------------------------------------------------------
# Why a label drifts
# ---------------------------------------------------------------------------------------
#: the number in front of a leaf label as typed: （1）（一）(1) 1. 1、 1 ① ⑴ ⒈
_LEAF_NUMBER = re.compile(
    r"^(?:[（(][0-9０-９〇一二三四五六七八九十]{1,2}[）)]|[0-9０-９]{1,2}[.、，,．]?|[\u2460-\u249b])"
)

#: kinds of drift in the characters or the numbering (not the wording) that a clerk fixes all at
#: once — a typing habit or a paste —, and their words as a grouped finding says them; the
#: look-alike characters are the last kind
GROUPED_REASONS: dict[str, str] = {
    "half_width": "用了半角括号",
    "full_digits": "用了全角数字或全角“．”",
    "quotes": "引号不同",
    "traditional": "用了繁体字",
    "separator": "序号后应为“.”",
    "numbering": "序号应写作“1.”“2.”这样的数字加“.”",
    "no_number": "缺少序号（应为“1.”“2.”…）",
    "chinese_number": "序号应为中文数字",
}
_GROUP_HINTS: dict[str, str] = {
    "half_width": "请把这些单元格中的半角括号“()”改为全角括号“（）”",
    "full_digits": "请把这些单元格中的全角数字和全角“．”改为半角",
    "quotes": "请按官方表述改用中文引号“”",
    "traditional": "请把这些单元格中的繁体字改为简体字",
    "separator": "请把这些单元格中序号后的“、”等符号改为“.”",
    "numbering": "请按官方表述把这些单元格的序号改为“1.”“2.”…",
    "no_number": "请按官方表述在这些单元格的标签前补上序号“1.”“2.”…",
    "chinese_number": "请按官方表述把这些单元格的序号改为“（一）”“（二）”…",
    "look_alike": "这些字符多来自从 PDF 复制的文字，外观与汉字相同：请删除后用输入法重新输入",
}
LOOK_ALIKE = "look_alike"
#: the kind of an everyday synonym typed for an official word (``WORD_VARIANTS``), by the typed
#: word: ``word:合计`` — a habit too, grouped like the kinds above
WORD_KIND = "word:"
#: the kind of a column header's known short form (``HEADER_ABBREVIATIONS``): ``short:维持|结果维持``
SHORT_KIND = "short:"


def _numbering_reason(found: str, want: str) -> tuple[str, str, str, str] | None:
    """When a leaf label differs from the official one only in its number (（1）…, ①…, 1 …, or
    none): (the kind, the reason, the found text after its number, the official text after its
    number)."""
    official = re.match(r"^[0-9]{1,2}\.", want)
    if official is None or form.normalize_label(found) == form.normalize_label(want):
        return None
    typed = _LEAF_NUMBER.match(found)
    found_rest, want_rest = (found[typed.end() :] if typed else found), want[official.end() :]
    if form.normalize_label(found_rest) != form.normalize_label(want_rest):
        return None
    if typed is None:
        return "no_number", f"缺少序号“{official[0]}”", found_rest, want_rest
    return "numbering", f"序号应写作“{official[0]}”", found_rest, want_rest


def _look_alikes(text: str) -> list[str]:
    """The look-alike characters in ``text``, each once: ⼀（U+2F00，康熙部首）应为一（U+4E00）."""
    seen: dict[str, str] = {}
    for ch in text:
        found = look_alike(ch)
        if found is not None and ch not in seen:
            plain, block = found
            seen[ch] = f"{ch}（U+{ord(ch):04X}，{block}）应为{plain}（U+{ord(plain):04X}）"
    return list(seen.values())


def _reasons(raw: str, official: str) -> list[tuple[str, str]]:
    """(kind, what differs in Chinese) for each way a drifting label differs from the official one."""
    found, want = squeeze(raw), squeeze(official)
    odd = _look_alikes(found)
    reasons: list[tuple[str, str]] = []
    numbering = _numbering_reason(found, want)
    if numbering is not None:  # the other reasons are about the text after the number
        kind, reason, found, want = numbering
        reasons.append((kind, reason))
    elif fold_look_alikes(form.normalize_label(found)) != form.normalize_label(official):
        plain, words = official_words(fold_look_alikes(form.normalize_label(found)))
        if words:
            reasons += [(f"{WORD_KIND}{typed}", f"“{typed}”应为“{word}”") for typed, word in words]
        if plain != form.normalize_label(official):  # more than the synonyms differs
            cut = _cut_rest(plain, official)
            if cut is not None:
                reasons.append(("cut", f"标签不完整：缺少“{snippet(cut)}”，可能是换行时被截断"))
            elif plain in _header_short_forms():  # a header cut the same way in every block
                reasons.append((f"{SHORT_KIND}{plain}|{form.normalize_label(official)}", "用了简称或旧称"))
            elif _is_known_variant(plain):
                reasons.append(("short", "用了简称或旧称"))
            else:
                reasons.append(("typo", f"有错字或漏字：{_typo_details(plain, official)}"))
    if re.match(r"^[（(][0-9０-９]+[）)]", found) and re.match(r"^（[〇一二三四五六七八九十]+）", want):
        reasons.append(("chinese_number", "序号应为中文数字"))
    if re.match(r"^[0-9０-９]+[、，,]", found):
        reasons.append(("separator", "序号后应为“.”"))
    if any(ch in found for ch in "()") and not any(ch in want for ch in "()"):
        reasons.append(("half_width", GROUPED_REASONS["half_width"]))
    full = [
        what
        for what, pattern in (("数字", "[０-９]"), ("“．”", "^[0-9０-９]+．"))
        if re.search(pattern, found)
    ]
    if full:  # １． typed in a full-width input mode: one habit
        reasons.append(("full_digits", f"用了全角{'和全角'.join(full)}"))
    quotes = "\"'“”‘’「」『』"
    if [ch for ch in found if ch in quotes] != [ch for ch in want if ch in quotes]:
        reasons.append(("quotes", GROUPED_REASONS["quotes"]))
    plain = unicodedata.normalize("NFKC", found)
    if len(plain) == len(want) and any(
        a != b and _is_cjk(a) and form.normalize_label(a) == b for a, b in zip(plain, want, strict=True)
    ):
        reasons.append(("traditional", GROUPED_REASONS["traditional"]))
    if odd:
        reasons.append((LOOK_ALIKE, f"含有形近字符 {'、'.join(odd)}"))
    return reasons or [("other", "写法与官方表述不同")]


def drift_reasons(raw: str, official: str) -> str:
    """What differs between a drifting label and the official one, in Chinese (用了半角括号、…)."""
    return "、".join(text for _, text in _reasons(raw, official))


# ---------------------------------------------------------------------------------------
# The finding, and drift of one kind on many labels made one finding
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DriftFinding(Finding):
    """An R20 as the reader collects it: with the kinds of its drift, so that ``group_drift`` can
    make one finding of many labels drifting the same way. ``group_drift`` returns plain Findings."""

    kinds: tuple[str, ...] = ()
    place: str = ""  # 表三!B24
    shown: str = ""  # the label as typed, cut short
    odd: tuple[str, ...] = ()  # its look-alike characters, described


def drift_finding(
    path: str, grid: Grid, lab: Label, official: str, key: str | None, column: str | None
) -> Finding | None:
    """R20 at ``lab`` when its text drifts from ``official``; None when it does not. A label cell
    left empty (a row read by its place: ``stats_locate.unlabelled_rows``) is said to be empty."""
    where = grid.place(lab.row, lab.col)
    if not lab.raw.strip():
        return Finding(
            "R20",
            path,
            f"{where} 没有行标签，按所在位置读作“{snippet(official)}”（上下两行之间只缺这一行）",
            f"请在该单元格填写“{official}”，并核对这一行的数字（{form.FORM_NAME}）",
            sheet=grid.name,
            cell=grid.where(lab.row, lab.col),
            key=key,
            column=column,
        )
    if not is_drift(lab.raw, official):
        return None
    reasons = _reasons(lab.raw, official)
    shown = snippet(squeeze(lab.raw))
    return DriftFinding(
        "R20",
        path,
        f"标签“{shown}”（{where}）不是官方表述（{'、'.join(text for _, text in reasons)}），"
        f"官方表述为“{snippet(official)}”",
        f"请把该单元格改为“{official}”（{form.FORM_NAME}）",
        sheet=grid.name,
        cell=grid.where(lab.row, lab.col),
        key=key,
        column=column,
        kinds=tuple(kind for kind, _ in reasons),
        place=where,
        shown=shown,
        odd=tuple(_look_alikes(squeeze(lab.raw))),
    )


def _plain(f: Finding) -> Finding:
    return Finding(f.rule, f.path, f.message, f.hint, f.sheet, f.cell, f.key, f.column, f.severity)


def _groupable(f: Finding) -> tuple[str, ...]:
    """The kinds of a drift finding made only of kinds fixed all at once; () for any other."""
    if not isinstance(f, DriftFinding) or not f.kinds:
        return ()
    if all(
        kind in GROUPED_REASONS or kind == LOOK_ALIKE or kind.startswith((WORD_KIND, SHORT_KIND))
        for kind in f.kinds
    ):
        return f.kinds
    return ()


def _grouped(kind: str, members: list[DriftFinding]) -> Finding:
    first = members[0]
    hint = _GROUP_HINTS.get(kind, "")
    if kind == LOOK_ALIKE:
        odd = list(dict.fromkeys(d for f in members for d in f.odd))
        more_odd = f"等 {len(odd)} 种" if len(odd) > GROUP_SHOWN else ""
        reason = f"含有形近字符 {'、'.join(odd[:GROUP_SHOWN])}{more_odd}"
    elif kind.startswith(WORD_KIND):
        typed = kind.removeprefix(WORD_KIND)
        word = dict(WORD_VARIANTS)[typed]
        reason = f"把“{word}”写作“{typed}”"
        hint = f"请把这些单元格中的“{typed}”改为“{word}”"
    elif kind.startswith(SHORT_KIND):
        typed, official = kind.removeprefix(SHORT_KIND).split("|")
        reason = f"用了简称“{typed}”（官方表述为“{official}”）"
        hint = f"请把这些单元格中的“{typed}”改为“{official}”"
    else:
        reason = GROUPED_REASONS[kind]
    rest = "" if kind.startswith(SHORT_KIND) else "；其余文字与官方表述相同"
    cells = "、".join(f"{f.place}“{f.shown}”" for f in members[:GROUP_SHOWN])
    more = f"等 {len(members)} 处" if len(members) > GROUP_SHOWN else ""
    return Finding(
        "R20",
        first.path,
        f"{len(members)} 个标签{reason}：{cells}{more}{rest}",
        f"{hint}（{form.FORM_NAME}）",
        sheet=first.sheet,
        cell=first.cell,
    )


def _counts(findings: list[Finding]) -> list[str]:
    """The kinds found on ``GROUP_MIN`` of ``findings`` or more."""
    counts: dict[str, int] = {}
    for f in findings:
        for kind in _groupable(f):
            counts[kind] = counts.get(kind, 0) + 1
    return [kind for kind, n in counts.items() if n >= GROUP_MIN]


def _once_per_cell(findings: list[Finding]) -> list[Finding]:
    """``findings`` without the drift findings of a cell already reported (the first is kept)."""
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Finding] = []
    for f in findings:
        if isinstance(f, DriftFinding):
            cell = (f.path, f.sheet, f.cell)
            if cell in seen:
                continue
            seen.add(cell)
        out.append(f)
    return out


def group_drift(findings: list[Finding]) -> list[Finding]:
    """The R20 findings with drift of one kind in the characters or the numbering on ``GROUP_MIN``
    labels or more made one finding per kind (half-width brackets, full-width digits, quote marks,
    traditional characters, look-alike characters, 1、 or （1） for 1., a missing number), placed
    where its first label was and listing the cells; every other finding kept as it is (a wording
    or a typo is said label by label). Distinct kinds stay distinct findings; a label drifting in
    two such kinds is listed in both.

    A cell checked twice (a header two rows share) is one label: its drift findings after the first
    are dropped before anything is counted."""
    findings = _once_per_cell(findings)
    groupable = [f for f in findings if _groupable(f)]
    formed = set(_counts(groupable))
    while True:  # a label joins only when each of its kinds is common enough
        absorbed = [f for f in groupable if all(k in formed for k in _groupable(f))]
        now = set(_counts(absorbed))
        if now == formed:
            break
        formed = now
    if not absorbed:
        return [_plain(f) for f in findings]
    absorbed_ids = {id(f) for f in absorbed}
    out: list[Finding] = []
    done: set[str] = set()
    for f in findings:
        if id(f) not in absorbed_ids:
            out.append(_plain(f))
            continue
        for kind in _groupable(f):
            if kind not in done:
                done.add(kind)
                group = [m for m in absorbed if kind in _groupable(m)]
                out.append(_grouped(kind, [m for m in group if isinstance(m, DriftFinding)]))
    return out
