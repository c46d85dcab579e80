"""Shared pieces for writing Word files (.docx): deterministic bytes, atomic writes, East-Asian fonts.

- ``save_docx(document, path)``: a python-docx ``Document``, a docxtpl ``DocxTemplate`` (anything
  with ``.save(stream)``) or raw .docx bytes → the file, written atomically (``files.atomic_write``)
  with the same bytes on every run (``normalize_docx``).
- ``set_run_fonts(run_or_style, east_asian=...)``: python-docx's ``font.name`` sets only
  ``w:ascii``, so Chinese text would keep the default (often Japanese or Western) font. This sets
  ``w:ascii``/``w:hAnsi``/``w:eastAsia``/``w:cs`` together and removes theme fonts that would
  override them.
- The 公文 fonts (GB/T 9704) and their fallbacks.

Font fallbacks (decision). A run's ``w:rFonts`` holds one name per script, so the fallback cannot
sit on the run. We keep the standard 公文 names on runs and styles — 方正小标宋简体, 仿宋_GB2312,
楷体_GB2312, 黑体 — because that is what government PCs have and what reviewers check, and we
declare each of them in ``word/fontTable.xml`` with ``w:altName`` = the font every Chinese Windows
ships (宋体, 仿宋, 楷体), ``w:charset`` 86 (GB2312) and a family. When the font is missing, Word
and WPS substitute by that entry (a Chinese serif/sans of the same family, the alternate name
first), never a Western font; LibreOffice falls back through fontconfig to a CJK font.
``FONT_FALLBACKS`` records the choice.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from toolkit.files import FIXED_DATE, atomic_write

# ---------------------------------------------------------------------------------------
# The 公文 fonts (GB/T 9704-2012) and their fallbacks
# ---------------------------------------------------------------------------------------
FONT_TITLE = "方正小标宋简体"  # 标题：2号小标宋
FONT_BODY = "仿宋_GB2312"  # 正文：3号仿宋
FONT_HEADING1 = "黑体"  # 一级标题「一、」：3号黑体
FONT_HEADING2 = "楷体_GB2312"  # 二级标题「（一）」：3号楷体
FONT_TABLE = FONT_BODY  # 表格：仿宋，字号小于正文
FONT_PAGE_NUMBER = "宋体"  # 页码：4号半角宋体阿拉伯数字
FONT_LATIN = "Times New Roman"  # only for text that has no Chinese font of its own

#: font → the font Word/WPS should substitute when it is missing (w:altName in fontTable.xml)
FONT_FALLBACKS: dict[str, str] = {
    FONT_TITLE: "宋体",
    FONT_BODY: "仿宋",
    FONT_HEADING2: "楷体",
    FONT_HEADING1: "SimHei",  # the same font under its English name
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "宋体": "SimSun",
}
#: w:family of each declared font: roman (serif: 宋/仿宋/楷) or swiss (sans: 黑体)
_FONT_FAMILY = {FONT_HEADING1: "swiss"}

# sizes in points (Chinese 号)
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_5 = 10.5  # 五号

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"


def qn(tag: str) -> str:
    """``w:rFonts`` → ``{namespace}rFonts`` (wordprocessingml only)."""
    prefix, _, local = tag.partition(":")
    if prefix != "w":
        from docx.oxml.ns import qn as docx_qn

        return docx_qn(tag)
    return _W + local


def _element(obj: Any) -> Any:
    """The lxml element behind a python-docx Run, Paragraph, style, or the element itself."""
    for attr in ("_r", "_p", "_element", "element"):
        el = getattr(obj, attr, None)
        if el is not None and hasattr(el, "tag"):
            return el
    if hasattr(obj, "tag"):
        return obj
    raise TypeError(f"not a python-docx run, paragraph or style: {type(obj).__name__}")


def _get_or_add(parent: Any, tag: str, *, first: bool = False) -> Any:
    child = parent.find(qn(tag))
    if child is None:
        child = etree.SubElement(parent, qn(tag)) if not first else etree.Element(qn(tag))
        if first:
            parent.insert(0, child)
    return child


def run_properties(obj: Any) -> Any:
    """The ``w:rPr`` of a run or a style (created when missing, in schema order)."""
    el = _element(obj)
    local = etree.QName(el).localname
    if local == "rPr":
        return el
    if local == "r":
        return _get_or_add(el, "w:rPr", first=True)
    if local == "style":
        rpr = el.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(el, qn("w:rPr"))  # rPr follows pPr in a style; tblPr after it
            tblpr = el.find(qn("w:tblPr"))
            if tblpr is not None:
                tblpr.addprevious(rpr)
        return rpr
    if local == "p":  # the paragraph mark's run properties
        ppr = _get_or_add(el, "w:pPr", first=True)
        return _get_or_add(ppr, "w:rPr")
    raise TypeError(f"cannot set fonts on <w:{local}>")


# the order of the rPr children we touch, as the schema wants them (CT_RPr sequence)
_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
_RPR_RANK = {name: i for i, name in enumerate(_RPR_ORDER)}


def _set_rpr_child(rpr: Any, local: str, attrs: dict[str, str] | None = None) -> Any:
    """Replace (or add) the rPr child ``local`` keeping the schema order."""
    old = rpr.find(qn(f"w:{local}"))
    new = etree.Element(qn(f"w:{local}"))
    for key, value in (attrs or {}).items():
        new.set(qn(f"w:{key}"), value)
    if old is not None:
        old.addprevious(new)
        rpr.remove(old)
        return new
    rank = _RPR_RANK.get(local, len(_RPR_ORDER))
    for child in rpr:
        other = _RPR_RANK.get(etree.QName(child).localname, len(_RPR_ORDER))
        if other > rank:
            child.addprevious(new)
            return new
    rpr.append(new)
    return new


def set_run_fonts(
    run_or_style: Any,
    *,
    east_asian: str,
    ascii: str | None = None,
    size_pt: float | None = None,
    bold: bool | None = None,
) -> None:
    """Set the fonts of a run, a paragraph mark or a style: ``w:eastAsia`` = ``east_asian``,
    ``w:ascii``/``w:hAnsi``/``w:cs`` = ``ascii`` (default: the East-Asian font too, so digits and
    Latin letters match the Chinese text), ``w:hint="eastAsia"`` (so quotes “” and other shared
    characters use the Chinese font), theme fonts removed. ``size_pt`` sets ``w:sz`` and
    ``w:szCs``; ``bold`` sets ``w:b`` and ``w:bCs`` (``False`` writes an explicit off)."""
    rpr = run_properties(run_or_style)
    latin = ascii or east_asian
    _set_rpr_child(
        rpr,
        "rFonts",
        {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin, "hint": "eastAsia"},
    )
    if bold is not None:
        for local in ("b", "bCs"):
            _set_rpr_child(rpr, local, None if bold else {"val": "0"})
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        for local in ("sz", "szCs"):
            _set_rpr_child(rpr, local, {"val": half_points})


def set_east_asian_language(rpr_owner: Any, lang: str = "zh-CN") -> None:
    """``w:lang w:eastAsia="zh-CN"`` (Chinese line breaking and punctuation rules; Latin text
    stays en-US for the spelling checker)."""
    rpr = run_properties(rpr_owner)
    _set_rpr_child(rpr, "lang", {"val": "en-US", "eastAsia": lang, "bidi": "ar-SA"})


def declare_fonts(document: Any, fonts: dict[str, str] | None = None) -> None:
    """Declare the 公文 fonts in ``word/fontTable.xml`` with their fallbacks (``w:altName``),
    charset GB2312 and family, so Word and WPS substitute a Chinese font when one is missing."""
    fonts = FONT_FALLBACKS if fonts is None else fonts
    part = next(
        (p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"),
        None,
    )
    if part is None:  # pragma: no cover - every python-docx document has one
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(part.blob, parser)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in fonts:
            root.remove(font)
    for name, alt in fonts.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), _FONT_FAMILY.get(name, "roman"))
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> Any:
    """Append a complex field (``PAGE``, ``NUMPAGES``…) to a paragraph; return the result run."""
    from docx.oxml import OxmlElement

    def fld_char(kind: str) -> Any:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    fld_char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld_char("separate")
    result = paragraph.add_run(placeholder)
    fld_char("end")
    return result


# ---------------------------------------------------------------------------------------
# Reading tables back: the merged layout (rowspan/colspan) of a Word table
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """One visible cell of a table: its top-left grid position, its spans and its text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def table_spans(table: Any) -> list[Span]:
    """The visible cells of a python-docx table (row by row, left to right) with their spans,
    from ``w:gridSpan`` and ``w:vMerge``: what a reader or a test compares with the official layout."""
    from docx.table import _Cell

    tbl = table._tbl
    origins: dict[tuple[int, int], list[Any]] = {}  # (row, col) → [row, col, rowspan, colspan, text]
    covering: dict[int, list[Any]] = {}  # grid column → the origin covering it in the previous row
    out: list[list[Any]] = []
    for r, tr in enumerate(tbl.tr_lst):
        col = tr.grid_before
        current: dict[int, list[Any]] = {}
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue" and col in covering:
                origin = covering[col]
                origin[2] = r - origin[0] + 1
            else:
                origin = [r, col, 1, span, _Cell(tc, table).text]
                origins[(r, col)] = origin
                out.append(origin)
            for c in range(col, col + span):
                current[c] = origin
            col += span
        covering = current
    return [Span(*o) for o in out]


# ---------------------------------------------------------------------------------------
# Deterministic, atomic saving
# ---------------------------------------------------------------------------------------
_ZIP_DATE = FIXED_DATE.timetuple()[:6]
_W3CDTF = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_FIRST_MEMBERS = ("[Content_Types].xml", "_rels/.rels")


def docx_bytes(document: Any) -> bytes:
    """The .docx bytes of a python-docx Document, a docxtpl DocxTemplate, or bytes as they are."""
    if isinstance(document, bytes | bytearray):
        return bytes(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _normalize_core(xml: bytes, *, title: str | None, creator: str | None) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)

    def child(prefix: str, local: str) -> Any:
        tag = f"{{{_CORE_NS[prefix]}}}{local}"
        el = root.find(tag)
        if el is None:
            el = etree.SubElement(root, tag)
        return el

    for prefix, local in (("cp", "lastModifiedBy"), ("cp", "lastPrinted")):
        for el in root.findall(f"{{{_CORE_NS[prefix]}}}{local}"):
            root.remove(el)
    child("cp", "revision").text = "1"
    for local in ("created", "modified"):
        el = child("dcterms", local)
        el.text = _W3CDTF
        el.set(f"{{{_CORE_NS['xsi']}}}type", "dcterms:W3CDTF")
    if title is not None:
        child("dc", "title").text = title
    if creator is not None:
        child("dc", "creator").text = creator
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _member_order(name: str) -> tuple[int, str]:
    return (_FIRST_MEMBERS.index(name) if name in _FIRST_MEMBERS else len(_FIRST_MEMBERS), name)


def normalize_docx(data: bytes, *, title: str | None = None, creator: str | None = None) -> bytes:
    """The same document with reproducible bytes: core properties fixed (created/modified =
    ``files.FIXED_DATE``, revision 1, no lastModifiedBy/lastPrinted; ``title``/``creator`` when
    given), every zip member dated ``FIXED_DATE``, ``[Content_Types].xml`` then ``_rels/.rels``
    first and the other members in name order, one compression level."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist() if not info.is_dir()]
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in sorted(members, key=lambda m: _member_order(m[0])):
            if name in seen:  # a duplicated member: keep the first, as Word does
                continue
            seen.add(name)
            if name == "docProps/core.xml":
                content = _normalize_core(content, title=title, creator=creator)
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()


def save_docx(document: Any, path: Path | str, *, title: str | None = None) -> Path:
    """Save a Document / DocxTemplate / .docx bytes to ``path`` deterministically and atomically."""
    path = Path(path)
    atomic_write(path, normalize_docx(docx_bytes(document), title=title))
    return path


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")


def placeholders_in(texts: Iterable[str]) -> list[str]:
    """The bare ``{{name}}`` placeholders in some texts, in order of appearance."""
    return [m.group(1) for text in texts for m in _PLACEHOLDER.finditer(text)]


# ---------------------------------------------------------------------------------------
# Pagination: a table's heading never left alone at the bottom of a page
# ---------------------------------------------------------------------------------------
def keep_next(p: Any) -> None:
    """``w:keepNext`` on a ``w:p`` (right after its style, as the schema orders pPr)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is not None:
        return
    keep = etree.Element(qn("w:keepNext"))
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(keep)
    else:
        ppr.insert(0, keep)


def _row_flag(tr: Any, local: str) -> None:
    """``w:cantSplit`` (or another empty flag) in a row's ``w:trPr``."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = etree.Element(qn("w:trPr"))
        after = tr.find(qn("w:tblPrEx"))
        if after is not None:
            after.addnext(trpr)
        else:
            tr.insert(0, trpr)
    if trpr.find(qn(f"w:{local}")) is None:
        trpr.insert(0, etree.Element(qn(f"w:{local}")))


def keep_with_tables(document: Any) -> None:
    """Keep each table of the body with what introduces it, and its rows whole: the paragraphs
    between the previous table or text paragraph and the table (its heading, its caption, the
    empty lines) get ``keepNext``, so Word, WPS and LibreOffice move them to the next page with the
    table; every row gets ``cantSplit``; the paragraphs of the repeated header rows keep with the
    first data row."""
    body = document.element.body
    for tbl in body.iter(qn("w:tbl")):
        if tbl.getparent() is not body:
            continue
        previous = tbl.getprevious()
        while previous is not None and previous.tag == qn("w:p"):
            keep_next(previous)
            text = "".join(t.text or "" for t in previous.iter(qn("w:t")))
            if text.strip():
                break
            previous = previous.getprevious()
        for tr in tbl.findall(qn("w:tr")):
            _row_flag(tr, "cantSplit")
            trpr = tr.find(qn("w:trPr"))
            if trpr is not None and trpr.find(qn("w:tblHeader")) is not None:
                for p in tr.iter(qn("w:p")):
                    keep_next(p)
