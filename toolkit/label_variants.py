"""How units really write the official labels: known abbreviations, and characters that look like
the official ones but are not (data for the 统计表 reader; the official labels are in toolkit.form).

- ``ABBREVIATIONS``: short forms of row labels, seen in real reports (so marked in their note) or
  plausible ones a clerk types to fit a narrow column (a leaf without a clause); each is read as its
  row, with an R20 that shows the official wording. A short form is only listed when it cannot be
  mistaken for another row or for any official label (tests/test_label_drift.py holds them to that).
- ``HEADER_ABBREVIATIONS``: short forms of column headers (科研单位, 维持), read only where the
  headers around them pin the column.
- ``look_alike``: Kangxi radicals (⼀ U+2F00, ⾏ U+2F8F …), CJK radicals-supplement and CJK
  compatibility ideographs, which PDF text extraction produces and which look exactly like the
  ordinary character. NFKC (``form.normalize_label``) maps the Kangxi radicals and the
  compatibility ideographs; ``RADICAL_LOOK_ALIKES`` maps the supplement radicals NFKC leaves alone.
- ``WORD_VARIANTS``: everyday words typed for a word of the official labels (其它 for 其他, 合计 for
  总计); a label that differs from an official one only in such words is read as it, with an R20.
- ``official_texts``: every label, column, heading and 2019 marker of the form, normalised — a
  label equal to one of them is that label, never a typo of another.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from toolkit import form

__all__ = [
    "ABBREVIATIONS",
    "HEADER_ABBREVIATIONS",
    "RADICAL_LOOK_ALIKES",
    "WORD_VARIANTS",
    "Abbreviation",
    "abbreviation_index",
    "fold_look_alikes",
    "header_short_forms",
    "look_alike",
    "official_label",
    "official_texts",
    "official_words",
    "word_forms",
]


@dataclass(frozen=True)
class Abbreviation:
    """A short form of the label of row ``key`` (a section 三 key or a section 二 row)."""

    text: str  # as typed
    key: str
    note: str  # where it comes from


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    # 三.六's two long leaves: cut short in real district reports (issue 15)
    Abbreviation("1.逾期不补正", "三.六.1", "seen: real district reports (issue 15)"),
    Abbreviation("2.逾期不缴费", "三.六.2", "seen: real district reports (issue 15)"),
    Abbreviation("1.申请人无正当理由逾期不补正", "三.六.1", "plausible: the leaf without its second clause"),
    Abbreviation("1.申请人逾期不补正", "三.六.1", "plausible: 无正当理由 and the second clause left out"),
    Abbreviation(
        "2.申请人逾期未按收费通知要求缴纳费用", "三.六.2", "plausible: the leaf without its second clause"
    ),
    Abbreviation("2.逾期未缴纳费用", "三.六.2", "plausible: the leaf's own words, shortened"),
    # 三.五's long leaves
    Abbreviation("1.信访举报投诉类", "三.五.1", "plausible: the leaf without 申请"),
    Abbreviation("4.大量反复申请", "三.五.4", "plausible: the leaf without 无正当理由"),
    Abbreviation("5.要求确认或重新出具已获取信息", "三.五.5", "plausible: the leaf without 行政机关"),
    # 三.四's leaves
    Abbreviation("1.本机关不掌握相关信息", "三.四.1", "plausible: 政府信息 shortened to 信息"),
    Abbreviation("2.没有现成信息", "三.四.2", "plausible: the leaf without 需要另行制作"),
    Abbreviation("3.补正后仍不明确", "三.四.3", "plausible: the leaf without 申请内容"),
    # 三.三.2, and the rows outside the results
    Abbreviation("2.法律行政法规禁止公开", "三.三.2", "plausible: the leaf without 其他"),
    Abbreviation("一、本年新收申请数量", "一", "plausible: 政府信息公开 left out"),
    Abbreviation("二、上年结转申请数量", "二", "plausible: 政府信息公开 left out"),
)
#: (（二）部分公开, the bare 总计 and 规范性文件 are older known variants: ``form.LABEL_DRIFT``)

#: (short form, the official column header it stands for): headers cut to fit a narrow column.
#: Read only where the headers found around it pin that column (toolkit.read.stats_locate's
#: ``typo_header``), with an R20 showing the official wording.
HEADER_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("科研单位", form.SEC3_COLUMNS[2]),
    ("公益组织", form.SEC3_COLUMNS[3]),
    ("法律服务", form.SEC3_COLUMNS[4]),
    ("维持", form.SEC4_BLOCK_COLUMNS[0]),
    ("纠正", form.SEC4_BLOCK_COLUMNS[1]),
)


def header_short_forms(name: str) -> frozenset[str]:
    """The normalised short forms of the column header ``name`` (``HEADER_ABBREVIATIONS``)."""
    return frozenset(form.normalize_label(short) for short, head in HEADER_ABBREVIATIONS if head == name)


#: (the word as typed, the official word): everyday synonyms seen in hand-typed tables; the typed
#: word is never itself a word of an official label, so a label holding it is never official
WORD_VARIANTS: tuple[tuple[str, str], ...] = (
    ("其它", "其他"),  # 它 for 他: the everyday spelling (3.其它, the column 其它, 法人或其它组织)
    ("合计", "总计"),  # the total row or column (（七）合计, a bare 合计 below the results)
    ("共计", "总计"),
)


def word_forms(official: str) -> list[str]:
    """The normalised forms of ``official`` with one kind of its words typed as an everyday
    synonym (``WORD_VARIANTS``): ``3.其它`` for ``3.其他``; [] when it holds none of those words."""
    norm = form.normalize_label(official)
    return [norm.replace(word, typed) for typed, word in WORD_VARIANTS if word in norm]


def official_words(found: str) -> tuple[str, list[tuple[str, str]]]:
    """The normalised label ``found`` with each everyday synonym (``WORD_VARIANTS``) replaced by the
    official word, and the (typed, official) pairs replaced; (``found``, []) without any."""
    pairs = [(typed, word) for typed, word in WORD_VARIANTS if typed in found]
    for typed, word in pairs:
        found = found.replace(typed, word)
    return found, pairs


def official_label(key: str) -> str:
    """The official label of a row key: a section 三 row's label, or the section 二 row itself."""
    row = form.SEC3_ROW.get(key)
    if row is not None:
        return row.label
    if key in form.SEC2_KEYS:
        return key
    raise KeyError(key)


def _numbering_forms(text: str) -> list[str]:
    """``text`` and, for a numbered leaf (``1.逾期不补正``), the ``（1）…`` and ``1…`` forms (as
    ``form.sec3_row_by_label`` accepts them for the official leaves)."""
    norm = form.normalize_label(text)
    head, dot, rest = norm.partition(".")
    if dot and head.isdigit():
        return [norm, form.normalize_label(f"({head}){rest}"), f"{head}{rest}"]
    return [norm]


@cache
def abbreviation_index() -> dict[str, str]:
    """normalised short form (and its numbering forms) → row key."""
    index: dict[str, str] = {}
    for abbreviation in ABBREVIATIONS:
        for variant in _numbering_forms(abbreviation.text):
            index.setdefault(variant, abbreviation.key)
    return index


@cache
def official_texts() -> frozenset[str]:
    """Every label, column header, heading and 2019 marker of the form, normalised."""
    texts = (
        *(r.label for r in form.SEC3_ROWS),
        *(g.label for g in form.RESULT_GROUPS),
        *form.SEC3_COLUMNS,
        form.SEC3_APPLICANT_HEAD,
        form.SEC3_LEGAL_PERSON_GROUP,
        form.SEC3_RESULTS_HEAD,
        form.SEC3_NOTE,
        *form.SEC2_KEYS,
        *(t.header for t in form.SEC2_TABLES),
        *(c for t in form.SEC2_TABLES for c in t.columns),
        form.SEC2_CONTENT_LABEL,
        form.SEC4_LITIGATION,
        *form.SEC4_BLOCKS,
        *form.SEC4_BLOCK_COLUMNS,
        *form.SECTION_HEADINGS,
        *form.OVERVIEW_SUBHEADS,
        *form.LAYOUT_2019_MARKERS,
        *(f.label for f in form.UNIT_FIELDS),
    )
    return frozenset(form.normalize_label(t) for t in texts)


# ---------------------------------------------------------------------------------------
# Characters that look like another: what PDF text extraction leaves in a label
# ---------------------------------------------------------------------------------------
#: CJK radicals-supplement characters (U+2E80–U+2EFF) that NFKC leaves alone and that look like a
#: whole character (the simplified-form radicals); U+2E9F ⺟ and U+2EF3 ⻳ are mapped by NFKC
RADICAL_LOOK_ALIKES: dict[str, str] = {
    "\u2ea0": "民",  # ⺠
    "\u2ec4": "西",  # ⻄
    "\u2ec5": "见",  # ⻅
    "\u2ec6": "角",  # ⻆
    "\u2ec9": "贝",  # ⻉
    "\u2ecb": "车",  # ⻋
    "\u2ed3": "长",  # ⻓
    "\u2ed4": "门",  # ⻔
    "\u2ed8": "青",  # ⻘
    "\u2eda": "页",  # ⻚
    "\u2edb": "风",  # ⻛
    "\u2edc": "飞",  # ⻜
    "\u2ee2": "马",  # ⻢
    "\u2ee5": "鱼",  # ⻥
    "\u2ee6": "鸟",  # ⻦
    "\u2ee9": "黄",  # ⻩
    "\u2eec": "齐",  # ⻬
    "\u2eee": "齿",  # ⻮
    "\u2ef0": "龙",  # ⻰
}
_FOLD = str.maketrans(RADICAL_LOOK_ALIKES)

#: (first, last code point, what the block is called in a message)
_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x2F00, 0x2FDF, "康熙部首"),
    (0x2E80, 0x2EFF, "部首补充字符"),
    (0xF900, 0xFAFF, "兼容汉字"),
    (0x2F800, 0x2FA1F, "兼容汉字"),
)


def look_alike(ch: str) -> tuple[str, str] | None:
    """(the ordinary character, the name of the look-alike's block) when ``ch`` is a look-alike of
    an ordinary character; None otherwise (an ordinary character, or a radical nothing looks like)."""
    code = ord(ch)
    for first, last, name in _BLOCKS:
        if first <= code <= last:
            plain = RADICAL_LOOK_ALIKES.get(ch) or unicodedata.normalize("NFKC", ch)
            return (plain, name) if plain != ch and len(plain) == 1 else None
    return None


def fold_look_alikes(text: str) -> str:
    """``text`` (already NFKC) with the supplement radicals NFKC leaves alone replaced."""
    return text.translate(_FOLD)
