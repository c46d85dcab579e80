"""Which part of an OOXML package holds which sheet: one reader for the gate (naming a sheet in its
messages), the formula check (toolkit.read.formulas) and the writer's splice (toolkit.write.xlsx)."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ["sheet_parts"]


def sheet_parts(read: Callable[[str], bytes]) -> dict[str, str]:
    """Sheet name → its part in a package (``xl/worksheets/sheet1.xml``), from workbook.xml and its
    relationships, whatever the attribute order, prefixes or target form (relative or absolute);
    ``read`` gives a part's bytes by name (ZipFile.read, or a dict's). Empty when the workbook or its
    relationships are missing or unreadable."""
    try:
        workbook = fromstring(read("xl/workbook.xml"), forbid_dtd=True)
        rels = fromstring(read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except (KeyError, ParseError, DefusedXmlException, ValueError):
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter() if _local(rel.tag) == "Relationship"
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), None)
        target = targets.get(rid)
        if target:
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
