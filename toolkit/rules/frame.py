"""The frame of a published report: its year (R15), its six parts (R26) and its contact line (R27).

- R15: the year of the title (额敏县额敏镇2024年政府信息公开工作年度报告) = the year of the 统计期限
  (报告统计期限为2024年1月1日至2024年12月31日) = the year the text calls 本年. A sentence that uses
  last year as this year (``2023年，我镇…`` in a 2024 report: last year's report edited carelessly) is
  a warning at the sentence; comparisons (较2023年, 与2023年相比), dates (2023年12月), histories
  (2023年以来), revisions and titles (《…》, 2019年修订), last year's report and its carry-over are not.
- R26 (format): the six parts 一 … 六 (toolkit.form.SECTION_HEADINGS), each
  with its official heading (compared after toolkit.form.normalize_label), in order.
- R27: the contact line (地址、邮编、电话) is there and each of its fields filled in: the default
  template's ``（地址：；邮编：；电话：）`` is empty. A telephone number alone (联系方式：0731-88999371) is
  a contact line: the finding names the fields missing, never "no contact".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from toolkit import form, phrases
from toolkit.findings import Finding
from toolkit.read.document import Passage
from toolkit.rules.bind import clean_text, sentences

__all__ = [
    "contact_findings",
    "contact_line",
    "part_findings",
    "period_year",
    "title_unit_year",
    "year_findings",
]

_TITLE_YEAR = re.compile(r"(20\d\d)年度?")
_TITLE_TAIL = re.compile(
    r"(?:关于)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:的)?(?:报告|年报)$"
)
_ORDINALS = "一二三四五六"
#: a part's heading numbered as real reports number it (after normalize_label): 二、… 二.… (二．) 二,…
#: 第二部分… — read as that part with an R26 on its wording, never "missing"
_NUMBERED_HEADING = re.compile(r"^(?:第([一二三四五六])部分[、,.:]?|([一二三四五六])[、,.:])")


def title_unit_year(title: str) -> tuple[str, int | None]:
    """The unit and year a report's title names: ``额敏县额敏镇2024年政府信息公开工作年度报告`` →
    (``额敏县额敏镇``, 2024); ``某局关于2023年度政府信息公开工作的报告`` → (``某局``, 2023): the unit is
    the text before the year (and before 关于); ``2024年度某局政府信息公开工作年度报告`` → (``某局``,
    2024)."""
    text = clean_text(title).replace("\n", "")
    m = _TITLE_YEAR.search(text)
    year = int(m[1]) if m else None
    if m and text[: m.start()].strip("：:—-· "):
        unit = re.sub(r"关于$", "", text[: m.start()])
    else:
        rest = text[: m.start()] + text[m.end() :] if m else text
        unit = _TITLE_TAIL.sub("", rest)
    return unit.strip("：:—-·"), year


def period_year(passages: Sequence[Passage]) -> tuple[int | None, int | None, Passage | None]:
    """The years of the 统计期限 (start, end) and the passage that states it; (None, None, None) when
    the report does not state it."""
    for passage in passages:
        m = re.search(phrases.PERIOD, clean_text(passage.text))
        if m:
            return int(m[1]), int(m[2] or m[1]), passage
    return None, None, None


def year_findings(title: str, passages: Sequence[Passage], path: str) -> tuple[int | None, list[Finding]]:
    """The report's year (the title's, else the 统计期限's) and its R15 findings."""
    _, title_year = title_unit_year(title)
    start, end, stated = period_year(passages)
    findings: list[Finding] = []
    if stated is not None and start != end:
        findings.append(
            Finding(
                "R15",
                path,
                f"统计期限从 {start} 年跨到 {end} 年，年度报告的统计期限应为同一年的1月1日至12月31日",
                "请改正统计期限",
                sheet=stated.where or None,
            )
        )
    elif stated is not None and title_year is not None and end != title_year:
        findings.append(
            Finding(
                "R15",
                path,
                f"标题写的是 {title_year} 年度，而统计期限是 {end} 年",
                "请统一标题和统计期限的年份（多是沿用了上年报告的文字）",
                sheet=stated.where or None,
            )
        )
    year = title_year or end
    if year is not None:
        findings += _stale_findings(passages, year, path)
    return year, findings


def _stale_findings(passages: Sequence[Passage], year: int, path: str) -> list[Finding]:
    stale = re.compile(rf"(?<!\d){year - 1}年")
    findings = []
    for passage in passages:
        for sentence in sentences(clean_text(passage.text)):
            if re.search(phrases.PERIOD, sentence):
                continue
            for m in stale.finditer(sentence):
                before, after = sentence[max(m.start() - 4, 0) : m.start()], sentence[m.end() :]
                in_title = sentence.rfind("《", 0, m.start()) > sentence.rfind("》", 0, m.start())
                if in_title or re.search(phrases.STALE_NOT_BEFORE, before):
                    continue
                if re.match(phrases.STALE_NOT_AFTER, after):
                    continue
                quoted = sentence if len(sentence) <= 60 else sentence[max(m.start() - 10, 0) :][:60] + "…"
                findings.append(
                    Finding(
                        "R15",
                        path,
                        f"本报告是 {year} 年度，正文却写“{quoted}”，像是沿用了上年报告的文字",
                        f"请把“{year - 1}年”改为“{year}年”；如确是说上一年的情况，可忽略本提醒",
                        sheet=passage.where or None,
                    )
                )
                break  # one finding per sentence
    return findings


# --- R26: the six parts ---------------------------------------------------------------------------
def _heading_norm(text: str) -> str:
    return form.normalize_label(text).rstrip("。.:：")


def part_findings(
    passages: Sequence[Passage], path: str, *, table_texts: Sequence[str] = ()
) -> list[Finding]:
    """R26: each of the six parts with its official heading, in order. A heading is found at the start
    of a passage or inside one (a PDF's paragraph may run on into it), or in ``table_texts`` (the
    cells of the document's tables: some web pages put a part's heading in its table's first row;
    such a heading is there, its order unknown)."""
    officials = [_heading_norm(h) for h in form.SECTION_HEADINGS]
    exact: dict[int, tuple[int, int]] = {}  # part → (passage, offset)
    near: dict[int, list[int]] = {}
    for at, passage in enumerate(passages):
        norm = _heading_norm(passage.text)
        hits = [(norm.find(official), i) for i, official in enumerate(officials) if official in norm]
        for offset, i in hits:
            exact.setdefault(i, (at, offset))
        numbered = _NUMBERED_HEADING.match(norm)
        if not hits and numbered and 2 < len(norm) <= 40:
            near.setdefault(_ORDINALS.index(numbered[1] or numbered[2]), []).append(at)
    in_tables = {
        i for i, official in enumerate(officials) for text in table_texts if official in _heading_norm(text)
    }
    findings: list[Finding] = []
    placed: list[tuple[int, tuple[int, int]]] = []  # (part, where)
    for i, heading in enumerate(form.SECTION_HEADINGS):
        if i in exact:
            placed.append((i, exact[i]))
        elif i in in_tables:
            continue
        elif i in near:
            at = near[i][0]
            placed.append((i, (at, 0)))
            findings.append(
                Finding(
                    "R26",
                    path,
                    f"第{_ORDINALS[i]}部分的标题是“{passages[at].text.strip()[:40]}”，官方格式为“{heading}”",
                    f"请按国办公开办函〔2021〕30号的格式把标题改为“{heading}”",
                    sheet=passages[at].where or None,
                )
            )
        else:
            findings.append(
                Finding(
                    "R26",
                    path,
                    f"没有找到第{_ORDINALS[i]}部分“{heading}”",
                    "年度报告应有六个部分："
                    + "、".join(h.split("、", 1)[1] for h in form.SECTION_HEADINGS)
                    + "；请补上这一部分（没有内容的也应写明“无”或“0”）",
                )
            )
    order = [part for part, _ in sorted(placed, key=lambda item: item[1])]
    if order != sorted(order):
        shown = "、".join(_ORDINALS[part] for part in order)
        findings.append(
            Finding(
                "R26",
                path,
                f"六个部分的顺序不对：正文中的顺序是 {shown}",
                f"请按{form.SECTION_HEADINGS[0]} … {form.SECTION_HEADINGS[-1]}的顺序排列",
            )
        )
    return findings


# --- R27: the contact line ------------------------------------------------------------------------
_VALUE_END = r"(?=[；;，,。）)\n]|$)"


def _contact_fields(text: str) -> dict[str, str]:
    """field name → its value in ``text`` (``""`` when written but empty), for the fields written."""
    labels = "|".join(f"(?:{pattern})" for _, pattern in phrases.CONTACT_FIELDS)
    found: dict[str, str] = {}
    for name, pattern in phrases.CONTACT_FIELDS:
        m = re.search(rf"(?:{pattern})[:：]?(?P<value>.*?)(?=(?:{labels})|[；;，,。）)\n]|$)", text)
        if m and name not in found:
            value = m["value"]
            found[name] = "" if re.fullmatch(phrases.EMPTY_VALUE, value) else value
    if "电话" not in found and "联系" in text:
        # 请与区人社局联系，联系方式：0731-88999371; 请拨打0731-88999371: a phone alone is a contact
        phone = re.search(phrases.PHONE_NUMBER, text)
        if phone:
            found["电话"] = phone[0]
    return found


def contact_line(passages: Sequence[Passage]) -> tuple[Passage, dict[str, str]] | None:
    """The passage with most contact fields and its fields (name → value, ``""`` when empty); None
    when no passage has one."""
    best: tuple[Passage, dict[str, str]] | None = None
    for passage in passages:
        fields = _contact_fields(clean_text(passage.text))
        if fields and (best is None or len(fields) > len(best[1])):
            best = (passage, fields)
    return best


def contact_findings(passages: Sequence[Passage], path: str) -> list[Finding]:
    """R27: a finding when no passage has a contact line, or when one of 地址、邮编、电话 is missing or
    empty in the one that has most of them."""
    best = contact_line(passages)
    names = [name for name, _ in phrases.CONTACT_FIELDS]
    if best is None:
        return [
            Finding(
                "R27",
                path,
                f"没有找到本机关的联系方式（{'、'.join(names)}）",
                "请在报告开头写明“如对本报告有疑问，请与…联系（地址：…；邮编：…；电话：…）”",
            )
        ]
    passage, fields = best
    empty = [name for name in names if name in fields and not fields[name]]
    missing = [name for name in names if name not in fields]
    if not empty and not missing:
        return []
    said = [f"{'、'.join(empty)}没有填写"] if empty else []
    said += [f"缺少{'、'.join(missing)}"] if missing else []
    return [
        Finding(
            "R27",
            path,
            f"联系方式中的{'，'.join(said)}" if empty else f"联系方式中{said[0]}",
            "请填上本机关的地址、邮编和电话，方便公众咨询",
            sheet=passage.where or None,
        )
    ]
