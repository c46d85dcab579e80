"""Label drift (R20): why a label of the 统计表 is not the official wording.

A label whose normalised text equals an official label (or a known variant of it,
``form.LABEL_DRIFT``) while its raw text, with whitespace and zero-width characters removed, differs
from the official label is drift. So 规范性文件, （3）不予公开, 1、…, half-width brackets, full-width
digits, other quote marks and traditional characters are drift; 商业\\n企业 or 总 计 (Word wrapping
and stray spaces) are not. ``drift_reasons`` says in Chinese what differs.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.cells import snippet
from toolkit.read.stats_grid import Grid, Label

__all__ = ["drift_finding", "drift_reasons", "is_drift", "squeeze"]

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


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


#: the number in front of a leaf label as typed: （1）（一）(1) 1. 1、 1 ① ⑴ ⒈
_LEAF_NUMBER = re.compile(
    r"^(?:[（(][0-9０-９〇一二三四五六七八九十]{1,2}[）)]|[0-9０-９]{1,2}[.、，,．]?|[\u2460-\u249b])"
)


def _numbering_reason(found: str, want: str) -> tuple[str, str, str] | None:
    """When a leaf label differs from the official one only in its number (（1）…, ①…, 1 …, or
    none): (the reason, the found text after its number, the official text after its number)."""
    official = re.match(r"^[0-9]{1,2}\.", want)
    if official is None or form.normalize_label(found) == form.normalize_label(want):
        return None
    typed = _LEAF_NUMBER.match(found)
    found_rest, want_rest = (found[typed.end() :] if typed else found), want[official.end() :]
    if form.normalize_label(found_rest) != form.normalize_label(want_rest):
        return None
    reason = f"缺少序号“{official[0]}”" if typed is None else f"序号应写作“{official[0]}”"
    return reason, found_rest, want_rest


def drift_reasons(raw: str, official: str) -> str:
    """What differs between a drifting label and the official one, in Chinese (用了半角括号、…)."""
    found, want = squeeze(raw), squeeze(official)
    reasons = []
    numbering = _numbering_reason(found, want)
    if numbering is not None:  # the other reasons are about the text after the number
        reason, found, want = numbering
        reasons.append(reason)
    elif form.normalize_label(found) != form.normalize_label(official):
        reasons.append("用了简称或旧称")
    if re.match(r"^[（(][0-9０-９]+[）)]", found) and re.match(r"^（[〇一二三四五六七八九十]+）", want):
        reasons.append("序号应为中文数字")
    if re.match(r"^[0-9０-９]+[、，,．]", found):
        reasons.append("序号后应为“.”")
    if any(ch in found for ch in "()") and not any(ch in want for ch in "()"):
        reasons.append("用了半角括号")
    if re.search(r"[０-９]", found):
        reasons.append("用了全角数字")
    quotes = "\"'“”‘’「」『』"
    if [ch for ch in found if ch in quotes] != [ch for ch in want if ch in quotes]:
        reasons.append("引号不同")
    plain = unicodedata.normalize("NFKC", found)
    if len(plain) == len(want) and any(
        a != b and _is_cjk(a) and _is_cjk(b) for a, b in zip(plain, want, strict=True)
    ):
        reasons.append("用了繁体字")
    return "、".join(reasons) or "写法与官方表述不同"


def drift_finding(
    path: str, grid: Grid, lab: Label, official: str, key: str | None, column: str | None
) -> Finding | None:
    """R20 at ``lab`` when its text drifts from ``official``; None when it does not."""
    if not is_drift(lab.raw, official):
        return None
    where = grid.place(lab.row, lab.col)
    return Finding(
        "R20",
        path,
        f"标签“{snippet(squeeze(lab.raw))}”（{where}）不是官方表述"
        f"（{drift_reasons(lab.raw, official)}），官方表述为“{snippet(official)}”",
        f"请把该单元格改为“{official}”（{form.FORM_NAME}）",
        sheet=grid.name,
        cell=grid.where(lab.row, lab.col),
        key=key,
        column=column,
    )
