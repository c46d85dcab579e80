"""A published report audited as an assessor does: the text against the tables, this year against last.

``audit_report`` is the one entry point for ``check`` (toolkit.rules.analyse) once a document has
been read (toolkit.read.document.Document) and its tables read from its grids:

- R15 (the year), R26 (the six parts), R27 (the contact line): toolkit.rules.frame;
- R14: every figure the narrative states bound to its cell (toolkit.rules.bind), ``narrative`` the
  ``--json`` entries ``{text, number, key, column, table_value, agrees}``;
- with last year's report: R13 and ``repetition`` (toolkit.rules.repeat), and with both years'
  tables R11 and R10 (toolkit.rules.years).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit import form
from toolkit.errors import UsageError
from toolkit.findings import FileReport, Finding
from toolkit.read.document import Document
from toolkit.rules.bind import Figure, bind_figures, figure_findings
from toolkit.rules.frame import contact_findings, part_findings, title_unit_year, year_findings
from toolkit.rules.repeat import repetition, repetition_findings
from toolkit.rules.years import check_previous_year
from toolkit.table import Table

__all__ = ["Audit", "audit_report", "tables_found"]


@dataclass
class Audit:
    """What the audit of one report found."""

    unit: str = ""  # from the title
    year: int | None = None  # the title's year, else the 统计期限's
    findings: list[Finding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    repetition: float | None = None  # with last year's report: the share of sentences repeated
    notes: list[str] = field(default_factory=list)

    @property
    def narrative(self) -> list[dict[str, Any]]:
        """The ``--json`` ``"narrative"``: one entry per figure bound."""
        return [figure.to_json() for figure in self.figures]

    def apply_to(self, report: FileReport, *, with_table: bool = True) -> None:
        """Put the audit into a file's report: its findings and notes after those already there, its
        unit and year where the report has none, ``narrative`` (when the document's tables were
        read: ``with_table``) and ``repetition``."""
        report.findings += self.findings
        report.notes += self.notes
        report.unit = report.unit or self.unit
        report.year = report.year or self.year
        if with_table:
            report.narrative = self.narrative
        if self.repetition is not None:
            report.repetition = self.repetition


def audit_report(
    doc: Document,
    table: Table | None,
    path: str,
    *,
    previous: Document | None = None,
    previous_table: Table | None = None,
) -> Audit:
    """Audit ``doc`` (read from ``path``, its tables ``table`` or None when none was found) and, given
    last year's report ``previous`` (and its tables ``previous_table``), compare the two years.
    Findings in order: R15, R26, R27, R14, then R13, R11, R10."""
    unit, _ = title_unit_year(doc.title)
    year, findings = year_findings(doc.title, doc.passages, path)
    audit = Audit(unit=unit or (table.unit if table else ""), year=year or (table.year if table else None))
    audit.findings += findings
    audit.findings += part_findings(doc.passages, path, table_texts=_table_texts(doc))
    audit.findings += contact_findings(doc.passages, path)
    if table is not None:
        audit.figures = bind_figures(doc.passages, table, year=audit.year)
        audit.findings += figure_findings(audit.figures, path)
    if previous is not None:
        audit.repetition = repetition(doc.passages, previous.passages)
        audit.findings += repetition_findings(doc.passages, previous.passages, path)
    if table is not None and previous_table is not None:
        this = table.with_totals()
        if this.year is None:
            this.year = audit.year
        try:
            audit.findings += check_previous_year(this, previous_table, path)
        except UsageError as err:
            audit.notes.append(f"未与上年报告的表格比较：{err}")
    return audit


def tables_found(table: Table) -> tuple[str, ...]:
    """The official tables of which ``table`` holds at least one cell (``表二``, ``表三``, ``表四``): a
    cell not found in a file is None (toolkit.read.stats)."""
    sec2 = [v for value in table.sec2.values() for v in (value if isinstance(value, list) else [value])]
    sec3 = [v for row in table.sec3.values() for v in row]
    held = (
        (form.SHEET_TABLE2, sec2),
        (form.SHEET_TABLE3, sec3),
        (form.SHEET_TABLE4, table.sec4),
    )
    return tuple(name for name, values in held if any(v is not None for v in values))


def _table_texts(doc: Document) -> list[str]:
    """The text cells of the document's tables (where a web page may put a part's heading)."""
    return [value for grid in doc.grids for row in grid.rows for value in row if isinstance(value, str)]
