"""Word's automatic numbering, as the reader of a report sees it: a part heading typed without its ``一、``
with a list level whose text is ``%1、`` in ``chineseCounting``.

A paragraph in a list (``w:numPr``: a list instance ``w:numId`` and a level ``w:ilvl``) shows a label made
from its level's text (``w:lvlText``, ``%1``…``%9`` standing for the counters of levels 1…9) in each
level's format (``w:numFmt``), counted from the level's start (``w:start``, or the instance's
``w:startOverride``). Counting follows Word: one counter per abstract list (instances without a start of
their own continue it), a level restarting whenever a level above it counts on. Formats not spelled out
here (bullets, ``none``) give no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

__all__ = ["Numbering"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
MAX_LEVELS = 9


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class Numbering:
    """The lists of a document (from ``word/numbering.xml``) and their counters so far."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstract id → level → _Level
    instances: dict[str, tuple[str, dict[int, int]]] = field(
        default_factory=dict
    )  # numId → (abstract, starts)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    styles: dict[str, tuple[str, str]] = field(default_factory=dict)  # paragraph style → (numId, ilvl)

    @classmethod
    def parse(cls, xml: bytes, styles: bytes = b"") -> Numbering:
        """The lists in ``xml`` and the list each paragraph style is in (``styles``: word/styles.xml;
        a heading style is often numbered), from bytes that passed the gate; none when unparsable."""
        numbering = cls()
        root = _parse(xml)
        if root is None:
            return numbering
        numbering.styles = _styles(_parse(styles))
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = _Level(
                    _val(lvl.find(f"{W}numFmt"), "decimal"),
                    _val(lvl.find(f"{W}lvlText"), ""),
                    _int(_val(lvl.find(f"{W}start"), "1"), 1),
                )
            numbering.levels[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            starts = {
                _int(override.get(f"{W}ilvl"), 0): _int(_val(override.find(f"{W}startOverride"), ""), 1)
                for override in num.iter(f"{W}lvlOverride")
                if override.find(f"{W}startOverride") is not None
            }
            numbering.instances[num.get(f"{W}numId", "")] = (_val(num.find(f"{W}abstractNumId"), ""), starts)
        return numbering

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows before ``paragraph`` (``一、``, ``（二）``, ``3.``), counting it; ""."""
        if not self.instances:
            return ""
        props = paragraph.find(f"{W}pPr/{W}numPr")
        style = self.styles.get(_val(paragraph.find(f"{W}pPr/{W}pStyle"), ""), ("", "0"))
        if props is None and not style[0]:
            return ""
        num_id = _val(props.find(f"{W}numId"), style[0]) if props is not None else style[0]
        ilvl_text = _val(props.find(f"{W}ilvl"), style[1]) if props is not None else style[1]
        ilvl = min(_int(ilvl_text, 0), MAX_LEVELS - 1)
        if num_id not in self.instances:
            return ""
        abstract, starts = self.instances[num_id]
        levels = self.levels.get(abstract, {})
        key = f"{abstract}#{num_id}" if starts else abstract
        counters = self.counters.setdefault(key, [None] * MAX_LEVELS)
        start = starts.get(ilvl, levels.get(ilvl, _Level()).start)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for n in range(1, MAX_LEVELS + 1):
            if f"%{n}" in text:
                shown = counters[n - 1]
                fmt = levels.get(n - 1, _Level()).fmt
                at = starts.get(n - 1, levels.get(n - 1, _Level()).start)
                text = text.replace(f"%{n}", _format(shown if shown is not None else at, fmt))
        return text


def _parse(xml: bytes) -> etree._Element | None:
    if not xml:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None


def _styles(root: etree._Element | None) -> dict[str, tuple[str, str]]:
    """Paragraph style id → (numId, ilvl) of the list it puts its paragraphs in, following ``basedOn``."""
    if root is None:
        return {}
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        props = style.find(f"{W}pPr/{W}numPr")
        if props is not None:
            own[sid] = (_val(props.find(f"{W}numId"), "") or None, _val(props.find(f"{W}ilvl"), "") or None)
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = _val(parent, "")
    out: dict[str, tuple[str, str]] = {}
    for sid in set(own) | set(based):
        num_id, ilvl, seen, at = None, None, set(), sid
        while at and at not in seen:  # the nearest style that says each
            seen.add(at)
            mine = own.get(at, (None, None))
            num_id = num_id or mine[0]
            ilvl = ilvl or mine[1]
            at = based.get(at, "")
        if num_id and num_id != "0":
            out[sid] = (num_id, ilvl or "0")
    return out


def _val(element: etree._Element | None, default: str) -> str:
    if element is None:
        return default
    value = element.get(f"{W}val")
    return default if value is None else value


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw is not None and raw.isdigit() and len(raw) <= 6 else default


def _format(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt``."""
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")):
        return _chinese(n)
    if fmt == "ideographDigital":
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = ""
        for value, digits in _ROMAN:
            while n >= value:
                roman, n = roman + digits, n - value
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(n)


def _chinese(n: int) -> str:
    """一 … 九十九 (十一, 二十, 二十一); larger numbers in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")
