"""A published report read from a document (.docx, .pdf, .html, .txt): its tables as grids and its
text as passages.

Every document reader (toolkit.read.docx / pdf / html / text) returns a ``Document``. Its grids go
to the same label-based 统计表 reader as a workbook's sheets (toolkit.read.stats.read_grids); its
passages (the text outside the tables, in reading order) go to the narrative rules (R13–R15,
R26, R27). A grid of a document carries ``places``: where each of its rows is in the document
(``第3页 第12行``), so that findings point into the document, not at an A1 address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.read.stats_grid import Grid

__all__ = ["DOCUMENT_KINDS", "Document", "Passage"]

#: suffix → kind of document
DOCUMENT_KINDS: dict[str, str] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
}


@dataclass(frozen=True)
class Passage:
    """One paragraph of the report's text (outside its tables) and where it is (``第2页``, ``第5段``)."""

    text: str
    where: str


@dataclass
class Document:
    """A report as read: its kind, its title (the first heading-like line), its tables as grids
    named ``表1``, ``表2``… in document order, and its text."""

    kind: str  # "docx" | "pdf" | "html" | "txt"
    title: str = ""
    grids: list[Grid] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # remarks on reading (a table continued, ...)
