"""The checks of a filled report's narrative (the paragraphs outside the tables): R14, R15, R16.

Warnings, never blocking (see ``fill`` for when they run):

- R15 unfinished markers: every ``【…】`` left in the filled report;
- R15 years: a year 2000–2099 written as a year (``2023年``, ``2023-05-01``) in the template's
  own text (not in a placeholder's value) other than the report year. Not reported: the next
  year (plans in 五、改进情况: ``2025年，我局将…``); an earlier year right after 上年/去年/上一年/
  较/比/同期 (``较2023年增加``); a year inside 《…》 (a document's title); a year followed by
  修订/修正/版/第 (``条例（2019年修订）``). File numbers such as ``〔2021〕30号`` and
  ``国务院令第711号`` are not years (no 年 follows) and are never reported;
- R14 numbers typed into the template's own text: a figure bound to the cell its sentence talks
  about (toolkit.rules.bind: ``收到申请17件`` → 表三 一 总计) that differs from that cell; an Arabic
  number followed by 件/个/条/项/次/元/万元 bound to no cell that equals no figure of the tables or
  of the placeholder values (any number in any value counts, the fee in 元 and 万元 both);
  ordinals (``第3条``) and periods (``20个工作日``, ``3个月``) are not counts;
- R16: 三.六.2 > 0 while the report never mentions a 收费通知.

The template's own text is read "literal" (placeholders kept and masked), the filled report
"rendered"; both as ``Paragraph`` lists from ``paragraphs(document, literal=...)``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.document import Passage
from toolkit.report.variables import LIST_VARIABLES
from toolkit.rules.bind import Figure, bind_figures
from toolkit.table import Table

__all__ = ["Paragraph", "around", "check_narrative", "paragraphs"]

SNIPPET_CHARS = 18  # characters quoted on each side of a finding in a paragraph


def check_narrative(
    literal: list[Paragraph],
    rendered: list[Paragraph],
    context: Mapping[str, str],
    *,
    year: int,
    table: Table,
    path: str,
    default: bool,
) -> list[Finding]:
    """R15 markers, R15 years, R14 numbers, R16 收费通知, in that order. ``literal``: the template's
    paragraphs (placeholders masked); ``rendered``: the filled report's; ``context``: the values."""
    return (
        _marker_findings(rendered, path, default)
        + _year_findings(literal, year, path)
        + _number_findings(literal, _figures(context), path, table=table, year=year)
        + _fee_notice_findings(rendered, table, path)
    )


@dataclass(frozen=True)
class Paragraph:
    """A paragraph outside the tables."""

    section: str  # the section heading it is under ('' before the first)
    text: str  # as written (literal: placeholders kept)
    plain: str  # full-width digits made ASCII; literal: every placeholder masked with _HOLE


_HOLE = "\ufffc"  # masks a placeholder (same length, so positions match the text): matches nothing
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_SECTION_NORMS = {form.normalize_label(h): h for h in form.SECTION_HEADINGS}


def paragraphs(document: Any, *, literal: bool) -> list[Paragraph]:
    """The paragraphs outside the tables (body level), each with the section it is under."""
    out: list[Paragraph] = []
    section = ""
    for paragraph in document.paragraphs:
        text = paragraph.text
        if not text.strip():
            continue
        norm = form.normalize_label(text)
        for heading_norm, heading in _SECTION_NORMS.items():
            if norm.startswith(heading_norm):
                section = heading
        plain = _JINJA.sub(lambda m: _HOLE * len(m.group(0)), text) if literal else text
        out.append(Paragraph(section, text, plain.translate(_DIGITS)))
    return out


def around(text: str, start: int, end: int, *, width: int = SNIPPET_CHARS) -> str:
    """``text[start:end]`` with ``width`` characters each side, … where cut: to quote in a message."""
    left = max(start - width, 0)
    right = min(end + width, len(text))
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def _where(paragraph: Paragraph) -> str:
    return f"“{paragraph.section}”中" if paragraph.section else "标题和开头部分"


_MARKER = re.compile(r"【[^【】]*(?:】|$)")


def _marker_findings(paragraphs: list[Paragraph], path: str, default: bool) -> list[Finding]:
    """One R15 per 【…】 left in a unit's template; with the default template (whose places are all
    still open, one cause) one R15 saying how many and where."""
    found = [(p, m.group(0)) for p in paragraphs for m in _MARKER.finditer(p.text)]
    if not found:
        return []
    if default:
        sections: dict[str, int] = {}
        for p, _ in found:
            sections[p.section] = sections.get(p.section, 0) + 1
        where = "，".join(f"{section or '开头部分'} {n} 处" for section, n in sections.items())
        return [
            Finding(
                "R15",
                path,
                f"使用的是默认模板，正文中有 {len(found)} 处【…】需要本单位填写（{where}）",
                "先用 xxgk template report 生成模板，在 Word/WPS 中把【…】换成本单位的实际情况，"
                "再用 -t 指定该模板重新生成",
            )
        ]
    findings = []
    for p, marker in found:
        quoted = marker if len(marker) <= 40 else marker[:39] + "…"
        findings.append(
            Finding(
                "R15",
                path,
                f"{_where(p)}还有未完成的内容：{quoted}",
                "在模板中把【…】换成本单位的实际情况后重新生成",
            )
        )
    return findings


_YEAR = re.compile(r"(?<![0-9.\-/])(20[0-9][0-9])(?=\s*年|[-./](?:0?[1-9]|1[0-2])[-./][0-9])")
_EARLIER = re.compile(r"(上年|去年|上一年|较|比|同期|对比)[（(]?\s*$")
_CITED_AFTER = re.compile(r"\s*年?\s*(修订|修正|版|第)")


def _in_title(text: str, at: int) -> bool:
    """Whether position ``at`` lies inside 《…》."""
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


def _year_findings(paragraphs: list[Paragraph], year: int, path: str) -> list[Finding]:
    findings = []
    for p in paragraphs:
        text = p.plain
        for m in _YEAR.finditer(text):
            found = int(m.group(1))
            if found in (year, year + 1):
                continue
            before, after = text[max(m.start() - 4, 0) : m.start()], text[m.end() :]
            if found < year and _EARLIER.search(before):
                continue
            if _in_title(text, m.start()) or _CITED_AFTER.match(after[:4]):
                continue
            findings.append(
                Finding(
                    "R15",
                    path,
                    f"{_where(p)}写有“{found}年”（{around(p.text, m.start(), m.end())}），"
                    f"而本报告是{year}年度",
                    "如是上一年报告留下的文字，请改为本年度（或写成 {{统计年度}}年，由统计表填写）；"
                    "与上年比较、引用文件文号或法规修订年份的，可忽略本提醒",
                )
            )
    return findings


_COUNT = re.compile(r"(?<![0-9.A-Za-z])([0-9]+(?:\.[0-9]+)?)\s*(万元|元|件|个|条|项|次)")
_PERIOD_AFTER = re.compile(r"\s*(工作日|自然日|月|小时|星期|工作)")


def _figures(context: Mapping[str, str]) -> set[Decimal]:
    """Every number the tables and placeholder values hold (table cells, sums, differences, fee)."""
    figures: set[Decimal] = set()
    for value in context.values():
        for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", str(value).translate(_DIGITS)):
            figures.add(Decimal(m.group(0)))
    return figures


def _number_findings(
    paragraphs: list[Paragraph], figures: set[Decimal], path: str, *, table: Table, year: int
) -> list[Finding]:
    """R14 for numbers typed into the template's own text: a figure bound to its cell
    (toolkit.rules.bind: 收到申请17件 → 表三 一 总计) that differs from the cell; a number bound to
    no cell that equals no figure of the tables or the placeholder values."""
    findings = []
    for p in paragraphs:
        text = p.plain
        bound = bind_figures([Passage(text, p.section)], table, year=year)
        findings += _bound_findings(p, bound, path)
        spelled = Counter(figure.spelled for figure in bound)
        for m in _COUNT.finditer(text):
            said = m.group(0).replace(" ", "")
            if spelled[said]:
                spelled[said] -= 1
                continue  # bound to its cell: compared above
            number, unit = Decimal(m.group(1)), m.group(2)
            if text[max(m.start() - 1, 0) : m.start()] == "第":
                continue  # an ordinal: 第3条
            if unit == "个" and _PERIOD_AFTER.match(text[m.end() : m.end() + 4]):
                continue  # a period: 20个工作日, 3个月
            scaled = {number}
            if unit == "元":
                scaled.add(number / 10000)
            elif unit == "万元":
                scaled.add(number * 10000)
            if any(n == f for n in scaled for f in figures):
                continue
            quoted = m.group(0).replace(" ", "")
            context_text = around(p.text, m.start(), m.end())
            findings.append(
                Finding(
                    "R14",
                    path,
                    f"{_where(p)}手工写的“{quoted}”（{context_text}）与统计表中的任何数字都不一致",
                    "年报中的数字应取自统计表：请改用占位符（如 {{本年新收}}，全部占位符见 "
                    f"{LIST_VARIABLES}）；如确是其他口径的数字（如备案件数），可忽略本提醒",
                )
            )
    return findings


def _bound_findings(p: Paragraph, bound: list[Figure], path: str) -> list[Finding]:
    findings = []
    for figure in bound:
        if figure.agrees is not False:
            continue
        at = p.plain.find(figure.spelled)
        quoted = around(p.text, at, at + len(figure.spelled)) if at >= 0 else figure.spelled
        findings.append(
            Finding(
                "R14",
                path,
                f"{_where(p)}手工写的“{figure.spelled}”（{quoted}）与{figure.cell.label}"
                f"（{_shown(figure.cell.value)}）不一致",
                "年报中的数字应取自统计表：请改用占位符（如 {{本年新收}}，全部占位符见 "
                f"{LIST_VARIABLES}）；如确是其他口径的数字（如全市、本级），可忽略本提醒",
                key=figure.cell.key,
                column=figure.cell.column,
            )
        )
    return findings


def _shown(value: Decimal | None) -> str:
    if value is None:
        return "空白"
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _fee_notice_findings(paragraphs: list[Paragraph], table: Table, path: str) -> list[Finding]:
    key = "三.六.2"
    count = table.sec3[key][form.TOTAL_COL] or 0
    if count <= 0 or any("收费通知" in p.plain for p in paragraphs):
        return []
    return [
        Finding(
            "R16",
            path,
            f"表三“{form.SEC3_ROW[key].label}”有 {count} 件，但年报正文没有提到收费通知",
            f"请在“{form.SECTION_HEADINGS[5]}”中说明本年发出收费通知及收取信息处理费的情况",
            key=key,
            column=form.SEC3_TOTAL_COLUMN,
        )
    ]
