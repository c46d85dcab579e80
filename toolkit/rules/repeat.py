"""R13: this year's narrative against last year's, and the pairing of a folder's reports by year.

A sentence is compared normalised: numbers (years included) masked as ``#``, punctuation and spaces
removed. Only long sentences count (``MIN_CHARS`` after normalising): short ones (a part's heading,
``无。``) repeat in every report by design, and so do the sentences of the report's frame (the title,
the 编制依据, the 统计期限, the contact line: toolkit.phrases.FRAME_SENTENCES), left out too.
``repetition`` is the share of this year's distinct long sentences found among last year's:
assessments deduct points above 50 % (spec/rules.md R13).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from toolkit import form, phrases
from toolkit.findings import Finding
from toolkit.read.document import Passage
from toolkit.rules.bind import clean_text, sentences

__all__ = [
    "MIN_CHARS",
    "REPEAT_LIMIT",
    "Dated",
    "is_frame_sentence",
    "normalise_sentence",
    "pair_by_year",
    "repeated_sentences",
    "repetition",
    "repetition_findings",
]

MIN_CHARS = 20  # a sentence shorter than this (normalised) is not compared
REPEAT_LIMIT = 0.5  # R13 above this share
EXAMPLES_SHOWN = 2

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|[〇零一二两三四五六七八九十百千万]+(?=[件条个项次年月日%])")


def normalise_sentence(sentence: str) -> str:
    """The form in which sentences are compared: numbers masked, only letters, CJK and ``#`` kept."""
    text = _NUMBER.sub("#", unicodedata.normalize("NFKC", sentence))
    return "".join(ch for ch in text if ch == "#" or unicodedata.category(ch)[0] in "LN")


@cache
def _frame() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in phrases.FRAME_SENTENCES))


def is_frame_sentence(sentence: str) -> bool:
    """Whether ``sentence`` (cleaned) is one of the report's frame, the same every year by design: the
    title, the 编制依据, the 统计期限, the contact line (toolkit.phrases.FRAME_SENTENCES)."""
    return _frame().search(sentence) is not None


def _long_sentences(passages: Iterable[Passage]) -> dict[str, str]:
    """normalised → first sentence as written, for every long sentence not of the frame, in reading
    order."""
    out: dict[str, str] = {}
    for passage in passages:
        for sentence in sentences(clean_text(passage.text)):
            if is_frame_sentence(sentence):
                continue
            norm = normalise_sentence(sentence)
            if len(norm) >= MIN_CHARS:
                out.setdefault(norm, sentence)
    return out


def repeated_sentences(this_year: Sequence[Passage], last_year: Sequence[Passage]) -> tuple[list[str], int]:
    """This year's long sentences also in last year's (as written), and how many long sentences this
    year has."""
    mine = _long_sentences(this_year)
    theirs = set(_long_sentences(last_year))
    return [sentence for norm, sentence in mine.items() if norm in theirs], len(mine)


def repetition(this_year: Sequence[Passage], last_year: Sequence[Passage]) -> float | None:
    """The share (0–1) of this year's long sentences repeated from last year's; None when this year
    has no long sentence."""
    repeated, total = repeated_sentences(this_year, last_year)
    return len(repeated) / total if total else None


def repetition_findings(
    this_year: Sequence[Passage], last_year: Sequence[Passage], path: str
) -> list[Finding]:
    """R13 when more than half of this year's narrative repeats last year's."""
    repeated, total = repeated_sentences(this_year, last_year)
    if not total or len(repeated) / total <= REPEAT_LIMIT:
        return []
    examples = "；".join(f"“{s[:30]}{'…' if len(s) > 30 else ''}”" for s in repeated[:EXAMPLES_SHOWN])
    return [
        Finding(
            "R13",
            path,
            f"正文有 {len(repeated)}/{total} 句（{len(repeated) / total:.0%}）与上年报告相同，如{examples}",
            "年度报告应写本年度的实际情况：请改写与上年相同的内容（评估对重复率超过 50% 的报告扣分）",
        )
    ]


# --- a folder of several years -------------------------------------------------------------------
@dataclass(frozen=True)
class Dated:
    """A report of a folder: its path, its unit and year (from its title, toolkit.rules.frame)."""

    path: str
    unit: str
    year: int | None


def _unit_key(unit: str) -> str:
    return form.normalize_label(unit)


def pair_by_year(reports: Sequence[Dated]) -> list[tuple[Dated, Dated]]:
    """(this year's, last year's) for every report whose unit also has a report of the year before.
    Units are compared as labels are (toolkit.form.normalize_label: no spaces, one kind of bracket);
    a unit or year unknown pairs nothing; a unit with two reports of one year pairs none of that
    year (which is last year's is not known)."""
    by_unit: dict[str, dict[int, list[Dated]]] = {}
    for report in reports:
        if report.unit and report.year is not None:
            by_unit.setdefault(_unit_key(report.unit), {}).setdefault(report.year, []).append(report)
    pairs: list[tuple[Dated, Dated]] = []
    for years in by_unit.values():
        for year in sorted(years):
            now, before = years[year], years.get(year - 1, [])
            if len(now) == 1 and len(before) == 1:
                pairs.append((now[0], before[0]))
    return pairs
