"""The web copy of the annual report: one standalone HTML5 page for the government website.

``write_report_html(document, values, table, path)`` writes a page that needs nothing else: UTF-8,
``lang="zh-CN"``, the CSS inline in one ``<style>``, no scripts, no external resources (no fonts,
images or links to fetch). Its content, in the order of the filled Word report:

- the title (``<h1>``: the first non-empty paragraph, or a paragraph in the Title style);
- the narrative paragraphs (``<p>``); the six section headings (``<h2>``) and the five sub-heads of
  section 一 (``<h3>``), recognised by their text (``form.SECTION_HEADINGS``/``form.OVERVIEW_SUBHEADS``)
  or by a Word heading style; a paragraph that starts with a sub-head keeps it in bold; right- or
  centre-aligned paragraphs (the signature and date) keep their alignment;
- at the place of each official table in the report, that table as a real ``<table>`` built from
  the layouts the Word template is built from (``layout``, derived from ``toolkit.form``) and the
  numbers — not scraped from the Word merges — with the official merged layout as
  ``rowspan``/``colspan``, labels in ``<th>`` and numbers as text in ``<td>``. The numbers
  are the placeholder values (``values``: exactly the text the Word report shows), else the table's.
  Section 二 may be one Word table or one per sub-table (``form.SEC2_TABLES``): each Word table
  becomes the sub-tables whose header rows it holds. Any other table of the report is copied as it
  is (text, with its merges).

Every text is escaped. The page is the same for the same inputs (deterministic).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.files import atomic_write
from toolkit.report import variables as report_vars
from toolkit.report.docx import FONT_BODY, FONT_HEADING1, FONT_HEADING2, FONT_TITLE
from toolkit.report.layout import TableLayout, sec2_layout, sec3_layout, sec4_layout
from toolkit.table import Table

__all__ = ["OfficialTable", "official_table", "report_html", "write_report_html"]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _SDT, _SDT_CONTENT, _TC, _T = (
    f"{{{_W_NS}}}{name}" for name in ("p", "tbl", "sdt", "sdtContent", "tc", "t")
)
MIN_SEC3_LABELS = 6  # section 三 row labels that make a Word table the official section 三 table

#: the fonts of the page, each 公文 font first (report.docx), then what Windows, macOS and Linux have
_TITLE_FONTS = (
    FONT_TITLE,
    "方正小标宋_GBK",
    "华文中宋",
    "STZhongsong",
    "宋体",
    "SimSun",
    "Noto Serif CJK SC",
    "serif",
)
_BODY_FONTS = (
    FONT_BODY,
    "仿宋",
    "FangSong",
    "STFangsong",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "serif",
)
_HEADING1_FONTS = (FONT_HEADING1, "SimHei", "Heiti SC", "Noto Sans CJK SC", "sans-serif")
_HEADING2_FONTS = (FONT_HEADING2, "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", "serif")
_GENERIC = ("serif", "sans-serif")


def _families(fonts: tuple[str, ...]) -> str:
    return ",".join(f if f in _GENERIC else f"'{f}'" for f in fonts)


_BORDER = "border:1px solid #000"
_CELL = f"{_BORDER};padding:0.2em 0.4em;vertical-align:middle;font-weight:normal"
_NO_BREAK_AFTER = "page-break-after:avoid;break-after:avoid"
_TEXT = f"font-family:{_families(_BODY_FONTS)};font-size:16pt;line-height:1.75;margin:0"
#: every element's look, written inline on the element (``style="…"``): a website's CMS often strips
#: ``<style>`` and ``<head>``, and the page must keep its borders, alignment and fonts there. The
#: ``<style>`` element repeats these rules by class (``CSS``) for readers that drop inline styles.
STYLES: dict[str, str] = {
    "main": "max-width:46em;margin:0 auto;padding:2em 1em",
    "h1": f"font-family:{_families(_TITLE_FONTS)};font-size:22pt;font-weight:normal;text-align:center;"
    f"line-height:1.4;margin:0.5em 0 1em;{_NO_BREAK_AFTER}",
    "h2": f"font-family:{_families(_HEADING1_FONTS)};font-size:16pt;font-weight:normal;line-height:1.75;"
    f"margin:1em 0 0;text-indent:2em;{_NO_BREAK_AFTER}",
    "h3": f"font-family:{_families(_HEADING2_FONTS)};font-size:16pt;font-weight:normal;line-height:1.75;"
    f"margin:0.5em 0 0;text-indent:2em;{_NO_BREAK_AFTER}",
    "p": f"{_TEXT};text-indent:2em;text-align:justify",
    "p.right": f"{_TEXT};text-indent:0;text-align:right",
    "p.center": f"{_TEXT};text-indent:0;text-align:center",
    "p.caption": f"{_TEXT};text-indent:2em;text-align:justify;{_NO_BREAK_AFTER}",
    "span.subhead": f"font-family:{_families(_HEADING2_FONTS)}",
    "div.table-wrap": "overflow-x:auto;margin:0.75em 0",
    "table": f"border-collapse:collapse;{_BORDER};margin:0 auto;font-family:{_families(_BODY_FONTS)};"
    "font-size:11pt;line-height:1.4;page-break-inside:auto",
    "tr": "page-break-inside:avoid;break-inside:avoid",
    "th": f"{_CELL};text-align:left",
    "th.center": f"{_CELL};text-align:center",
    "th.vertical": f"{_CELL};text-align:center;writing-mode:vertical-rl;letter-spacing:0.2em",
    "th.note": f"{_CELL};text-align:left;font-size:10pt",
    "td": f"{_CELL};text-align:center;white-space:nowrap",
    "td.text": f"{_CELL};text-align:left",
}


assert not any(ch in rules for rules in STYLES.values() for ch in '"<>&'), "written unescaped"


def _style(selector: str) -> str:
    """`` style="…"`` (and the class) of an element of the page, by its selector in ``STYLES``."""
    cls = selector.partition(".")[2]
    class_attr = f' class="{cls}"' if cls else ""
    return f'{class_attr} style="{STYLES[selector]}"'


#: the page's ``<style>``: the same rules by class, and what only a style sheet can say (the printed
#: page: A4, no header rows split from their table)
CSS = "\n".join(
    [
        "body{margin:0;background:#fff;color:#000}",
        "@page{size:A4;margin:25mm 20mm}",
        "@media print{main{max-width:none !important;padding:0 !important}}",
        "thead{display:table-header-group}",
        *(f"{selector}{{{rules}}}" for selector, rules in STYLES.items()),
    ]
)


# ---------------------------------------------------------------------------------------
# Recognising the official tables in a Word report
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfficialTable:
    """Which official table a Word table is: ``sec2`` (with the sub-tables it holds), ``sec3``, ``sec4``."""

    kind: str
    sec2_parts: tuple[int, ...] = ()


def _cell_texts(tbl: Any) -> list[str]:
    """The normalised text of every cell of a ``w:tbl`` element (nested tables included)."""
    return [form.normalize_label("".join(t.text or "" for t in tc.iter(_T))) for tc in tbl.iter(_TC)]


def official_table(tbl: Any) -> OfficialTable | None:
    """The official table a Word table (python-docx ``Table`` or ``w:tbl``) is, by its labels."""
    element = getattr(tbl, "_tbl", tbl)
    texts = set(_cell_texts(element))
    sec3_labels = sum(form.normalize_label(r.label) in texts for r in form.SEC3_ROWS)
    if sec3_labels >= MIN_SEC3_LABELS:
        return OfficialTable("sec3")
    if {
        form.normalize_label(x) for x in (form.SEC4_REVIEW, form.SEC4_LITIGATION, form.SEC4_BLOCKS[1])
    } <= texts:
        return OfficialTable("sec4")
    parts = tuple(i for i, t in enumerate(form.SEC2_TABLES) if form.normalize_label(t.header) in texts)
    if parts:
        return OfficialTable("sec2", parts)
    return None


# ---------------------------------------------------------------------------------------
# The official tables as HTML
# ---------------------------------------------------------------------------------------
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _th(text: str, *, rowspan: int = 1, colspan: int = 1, selector: str = "th", scope: str = "") -> str:
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if scope:
        attrs += f' scope="{scope}"'
    return f"<th{attrs}{_style(selector)}>{_e(text)}</th>"


def _td(text: str, *, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return f"<td{span}{_style('td')}>{_e(text)}</td>"


#: the look of a header cell by its layout role (``STYLES``): heads centred, row labels left
_SELECTORS = {
    "title": "th.center",
    "note": "th.note",
    "results": "th.vertical",
    "group": "th.center",
    "head": "th.center",
}


def _numbers(values: Mapping[str, str], table: Table) -> dict[str, str]:
    """The text of each number: the placeholder value when known, else the table's own."""
    numbers = report_vars.table_values(table.with_totals())
    numbers.update({name: text for name, text in values.items() if isinstance(text, str) and text != ""})
    return numbers


def _layout_html(kind: str, label: str, layout: TableLayout, numbers: Mapping[str, str]) -> str:
    """An official table from its layout (the one the Word template is built from)."""
    rows: list[str] = []
    for cells in layout.rows():
        html_cells = []
        for cell in cells:
            if cell.role == "value":
                assert cell.name is not None
                html_cells.append(_td(numbers[cell.name], colspan=cell.colspan))
                continue
            selector = _SELECTORS.get(cell.role, "th")
            html_cells.append(
                _th(
                    cell.text, rowspan=cell.rowspan, colspan=cell.colspan, selector=selector, scope=cell.scope
                )
            )
        rows.append(f"<tr{_style('tr')}>" + "".join(html_cells) + "</tr>")
    head = "".join(rows[: layout.header_rows])
    return _table(kind, label, head, rows[layout.header_rows :])


def sec2_table_html(numbers: Mapping[str, str], parts: tuple[int, ...] | None = None) -> str:
    """Section 二's sub-tables (all, or those of ``parts``), each under its full-width header row."""
    return _layout_html("sec2", form.SECTION_HEADINGS[1], sec2_layout(parts), numbers)


def sec3_table_html(numbers: Mapping[str, str]) -> str:
    """Section 三 with the official merges: the 勾稽 note over the three label columns,
    申请人情况 › 自然人 | 法人或其他组织 (five types) | 总计, the vertical 三、本年度办理结果 cell and the
    group cells （三）…（六）."""
    return _layout_html("sec3", form.SECTION_HEADINGS[2], sec3_layout(), numbers)


def sec4_table_html(numbers: Mapping[str, str]) -> str:
    """Section 四: 行政复议 (5) | 行政诉讼 (10: 未经复议直接起诉 5 | 复议后起诉 5), one row of 15 numbers."""
    return _layout_html("sec4", form.SECTION_HEADINGS[3], sec4_layout(), numbers)


def _table(kind: str, label: str, head: str, body: list[str]) -> str:
    thead = f"<thead>{head}</thead>" if head else ""
    return (
        f'<div{_style("div.table-wrap")}><table{_style("table")} aria-label="{_e(label)}"'
        f' data-table="{kind}">'
        f"{thead}<tbody>{''.join(body)}</tbody></table></div>"
    )


def _other_table_html(table: Any) -> str:
    """A table that is not an official one, as it is in the report (text and merges)."""
    from toolkit.report.docx import table_spans

    rows: dict[int, list[str]] = {}
    for span in table_spans(table):
        cell = f"<td{_spans(span.rowspan, span.colspan)}{_style('td.text')}>{_text_html(span.text)}</td>"
        rows.setdefault(span.row, []).append(cell)
    body = "".join(f"<tr{_style('tr')}>{''.join(cells)}</tr>" for _, cells in sorted(rows.items()))
    return f"<div{_style('div.table-wrap')}><table{_style('table')}><tbody>{body}</tbody></table></div>"


def _spans(rowspan: int, colspan: int) -> str:
    out = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return out + (f' colspan="{colspan}"' if colspan > 1 else "")


# ---------------------------------------------------------------------------------------
# The narrative
# ---------------------------------------------------------------------------------------
_SECTIONS = {form.normalize_label(h) for h in form.SECTION_HEADINGS}
_SUBHEADS = {form.normalize_label(h) for h in form.OVERVIEW_SUBHEADS}


def _text_html(text: str) -> str:
    lines = text.replace("\t", " ").split("\n")
    return "<br>".join(_e(line) for line in lines)


def _blocks(document: Any) -> Iterator[tuple[str, Any]]:
    """("p", Paragraph) and ("tbl", Table) in document order, content controls opened."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    def walk(parent: Any) -> Iterator[tuple[str, Any]]:
        for child in parent.iterchildren():
            if child.tag == _P:
                yield "p", Paragraph(child, document._body)
            elif child.tag == _TBL:
                yield "tbl", DocxTable(child, document._body)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _style_level(paragraph: Any) -> int | None:
    """0 for the Title style, n for "Heading n"/"标题 n", None otherwise."""
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return None
    lowered = name.strip().lower()
    if lowered in ("title", "标题"):
        return 0
    for prefix in ("heading ", "标题 "):
        if lowered.startswith(prefix) and lowered[len(prefix) :].isdigit():
            return int(lowered[len(prefix) :])
    return None


def _alignment(paragraph: Any) -> str:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = paragraph.paragraph_format.alignment
    if align is None:
        try:
            style = paragraph.style
            while style is not None and align is None:
                align = style.paragraph_format.alignment
                style = style.base_style
        except (KeyError, AttributeError, ValueError):
            align = None
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        return "right"
    if align == WD_ALIGN_PARAGRAPH.CENTER:
        return "center"
    return ""


def _paragraph_html(paragraph: Any, text: str, state: dict[str, Any], *, before_table: bool = False) -> str:
    """One paragraph of the report as HTML; "" for a line of the title (``state["title"]`` gathers them:
    a title written on two paragraphs, the unit then the year, stays one ``<h1>``)."""
    norm = form.normalize_label(text)
    level = _style_level(paragraph)
    title_open = state.pop("title_open", False)
    if norm in _SECTIONS:
        state["heading_seen"] = True
        return f"<h2{_style('h2')}>{_text_html(text)}</h2>"
    if norm in _SUBHEADS:
        return f"<h3{_style('h3')}>{_text_html(text)}</h3>"
    align = _alignment(paragraph)
    if not state["title"] and (level == 0 or not state["heading_seen"]):
        state["title"], state["title_open"] = [text], True
        return ""
    if title_open and (level == 0 or align == "center"):
        state["title"].append(text)
        state["title_open"] = True
        return ""
    if level is not None and level >= 1:
        tag = f"h{min(level + 1, 6)}"
        return f"<{tag}{_style('h3')}>{_text_html(text)}</{tag}>"
    selector = f"p.{align}" if align else "p.caption" if before_table else "p"
    for sub in form.OVERVIEW_SUBHEADS:
        if text.startswith(sub):
            rest = text[len(sub) :]
            return (
                f"<p{_style(selector)}><span{_style('span.subhead')}>{_e(sub)}</span>{_text_html(rest)}</p>"
            )
    return f"<p{_style(selector)}>{_text_html(text)}</p>"


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------
def _open(source: Any) -> Any:
    if isinstance(source, str | Path):
        from docx import Document

        return Document(str(source))
    if isinstance(source, bytes | bytearray):
        from docx import Document

        return Document(io.BytesIO(bytes(source)))
    return source


def report_html(source: Any, values: Mapping[str, str], table: Table) -> str:
    """The HTML page of a filled report (a .docx path, its bytes or a python-docx Document)."""
    document = _open(source)
    numbers = _numbers(values, table)
    blocks: list[tuple[str, Any]] = []  # ("tbl", its HTML) | ("p", (paragraph, text))
    for kind, block in _blocks(document):
        if kind == "tbl":
            blocks.append(("tbl", _table_html(block, numbers)))
        elif text := block.text.strip():
            blocks.append(("p", (block, text)))
    parts: list[str] = []
    state: dict[str, Any] = {"title": [], "heading_seen": False}
    title_at = -1
    for i, (kind, item) in enumerate(blocks):
        if kind == "tbl":
            parts.append(item)
            state.pop("title_open", None)
            continue
        before_table = i + 1 < len(blocks) and blocks[i + 1][0] == "tbl"
        had_title = bool(state["title"])
        paragraph, text = item
        made = _paragraph_html(paragraph, text, state, before_table=before_table)
        if not had_title and state["title"]:
            title_at = len(parts)
            parts.append("")
        elif made:
            parts.append(made)
    lines: list[str] = state["title"]
    if title_at >= 0:
        parts[title_at] = f"<h1{_style('h1')}>{'<br>'.join(_text_html(line) for line in lines)}</h1>"
    title = "".join(lines) if lines else _default_title(values, table)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="xxgk">\n'
        f"<title>{_e(''.join(title.split()))}</title>\n"
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n<main{_style('main')}>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


def _table_html(block: Any, numbers: Mapping[str, str]) -> str:
    which = official_table(block)
    if which is None:
        return _other_table_html(block)
    if which.kind == "sec2":
        return sec2_table_html(numbers, which.sec2_parts)
    if which.kind == "sec3":
        return sec3_table_html(numbers)
    return sec4_table_html(numbers)


def _default_title(values: Mapping[str, str], table: Table) -> str:
    unit = values.get("单位名称") or table.unit
    year = values.get("统计年度") or (str(table.year) if table.year else "")
    return f"{unit}{year}年政府信息公开工作年度报告" if year else f"{unit}政府信息公开工作年度报告"


def write_report_html(source: Any, values: Mapping[str, str], table: Table, path: Path | str) -> Path:
    """Write the HTML copy of a filled report at ``path`` (UTF-8, atomically); return the path."""
    path = Path(path)
    atomic_write(path, report_html(source, values, table).encode("utf-8"))
    return path
