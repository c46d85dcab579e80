"""Filling a checked template: every part that may hold a placeholder, filled exactly once.

docxtpl's own ``render`` fills the footnotes once per section of the document, so with two sections a
value already filled in was read again as template source (a unit name ``{{ 1/0 }}镇`` ended in a
traceback, ``{{本年新收}}镇`` was published as ``4镇``), and it leaves endnotes unfilled. Here the list
of parts is ours:

- ``template_parts`` lists each part once — 正文 (the body), 页眉, 页脚, 脚注, 尾注 (each distinct
  header/footer/footnotes/endnotes part, however many sections or relationships point at it) and the
  document properties docxtpl fills. The template check (``report.validate``) parses exactly this list.
- ``render`` fills each of them once, with docxtpl's own XML clean-up (``patch_xml``) and Jinja pass
  (``render_xml_part``), and parses every filled part back (a part that is no longer XML is refused).
- Values are never template source: each value goes into the XML with ``{`` and ``}`` written as
  character references, so even another pass over the filled XML would find no ``{{``, ``{%`` or
  ``{#`` in it (and docxtpl's ``{_{`` → ``{{`` clean-up cannot touch it); Word and every XML reader
  show the characters themselves. C0 control characters other than tab and line feed cannot be
  stored in XML and are dropped; a tab or line feed in a value becomes a tab or a line break, as
  docxtpl writes them.

This leans on docxtpl's internals (``DocxTemplate.patch_xml``, ``render_xml_part``, ``fix_tables``,
``fix_docpr_ids``, ``map_tree``): the reason is measured above (its ``render`` re-reads filled values as
template source), so pyproject.toml pins docxtpl to the minor version these steps were tested on (0.20).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.errors import UnreadableInput

__all__ = ["TemplatePart", "jinja_source", "render", "template_parts"]

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
#: the document properties docxtpl fills (plain text, not XML)
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
MAX_PROPERTY = 255  # python-docx refuses a longer document property
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


@dataclass(frozen=True)
class TemplatePart:
    """One place of the template that is filled: ``where`` names it in messages (Chinese)."""

    where: str
    kind: str  # "body" | "xml" (a header, footer, footnotes or endnotes part) | "property"
    raw: str  # the part's XML as stored (body: the <w:body> element), or the property's text
    target: Any  # the python-docx part, or the property's attribute name


def template_parts(tpl: Any, display: str) -> list[TemplatePart]:
    """Every part of ``tpl`` (an opened ``DocxTemplate``) that ``render`` fills, each once."""
    from docx.oxml import parse_xml
    from lxml import etree

    document_part = tpl.docx.part
    out = [TemplatePart("正文", "body", tpl.get_xml(), document_part)]
    seen: set[int] = set()
    for uri, where in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for rel in document_part.rels.values():
            if rel.is_external or rel.reltype != uri or id(rel.target_part) in seen:
                continue
            seen.add(id(rel.target_part))
            out.append(TemplatePart(where, "xml", tpl.get_part_xml(rel.target_part), rel.target_part))
    for content_type, where in ((FOOTNOTES, "脚注"), (ENDNOTES, "尾注")):
        for part in document_part.package.iter_parts():
            if part.content_type != content_type or id(part) in seen:
                continue
            seen.add(id(part))
            try:
                xml = tpl.xml_to_string(parse_xml(part.blob))
            except (etree.XMLSyntaxError, ValueError):
                raise UnreadableInput(
                    f"模板的{where}部分已损坏，无法读取；请在 Word/WPS 中打开模板并另存为 .docx 后再试",
                    path=display,
                ) from None
            out.append(TemplatePart(where, "xml", xml, part))
    props = tpl.docx.core_properties
    for attr in PROPERTIES:
        value = getattr(props, attr, None)
        if value:
            out.append(TemplatePart(f"文档属性 {attr}", "property", value, attr))
    return out


def jinja_source(tpl: Any, part: TemplatePart) -> str:
    """The Jinja source docxtpl makes of a part: cleaned XML, one line per paragraph."""
    if part.kind == "property":
        return part.raw
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(part.raw))


class _XmlText(str):
    """Text already escaped for XML: Jinja's autoescape takes it as it is (``__html__``)."""

    def __html__(self) -> str:
        return str(self)


def _inert(value: str) -> _XmlText:
    """A value as XML text that no template pass can read as source (see the module's docstring)."""
    text = html.escape(_CONTROL.sub("", value), quote=True)
    return _XmlText(text.replace("{", "&#123;").replace("}", "&#125;"))


def render(tpl: Any, parts: list[TemplatePart], context: Mapping[str, str], env: Any) -> None:
    """Fill every part of ``parts`` once, in place in ``tpl.docx``. Raises jinja2's ``TemplateError``
    (a placeholder that cannot be filled) and lxml's ``XMLSyntaxError`` (a part that is no longer XML)."""
    from docx.oxml import parse_xml
    from lxml import etree

    tpl.render_init()
    xml_values = {name: _inert(value) for name, value in context.items()}
    text_values = {name: _CONTROL.sub("", value) for name, value in context.items()}
    text_env = env.overlay(autoescape=False)  # properties are plain text: python-docx escapes them
    for part in parts:
        if part.kind == "property":
            filled = text_env.from_string(part.raw).render(text_values)
            setattr(tpl.docx.core_properties, part.target, filled[:MAX_PROPERTY])
            continue
        xml = tpl.render_xml_part(tpl.patch_xml(part.raw), part.target, xml_values, env)
        if part.kind == "body":
            tree = tpl.fix_tables(xml)
            tpl.fix_docpr_ids(tree)
            tpl.map_tree(tree)
            continue
        element = parse_xml(xml.encode("utf-8"))
        if hasattr(part.target, "_element"):  # an XmlPart (headers, footers): its element is its content
            part.target._element = element
        else:  # a plain part (footnotes, endnotes): its bytes are its content
            blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
            part.target._blob = blob
    tpl.is_rendered = True
