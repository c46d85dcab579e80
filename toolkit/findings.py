"""Findings are data: a problem in a user's file, with its rule ID, place, message and fix.

Rule IDs and severities are those of spec/rules.md. ``Finding.to_json()`` is the FINDING of the
``--json`` contract in DESIGN.md; ``Report.flatten()`` gives one plain row per finding (for a
summary sheet), ``Report.to_frame()`` the same as a pandas DataFrame.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.table import Table

ERROR, WARNING, FORMAT = "error", "warning", "format"

#: rule ID → severity (spec/rules.md: E error, W warning, F format)
SEVERITY: dict[str, str] = {
    **dict.fromkeys(("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R11", "R23", "R25"), ERROR),
    **dict.fromkeys(("R8", "R9", "R10", "R12", "R13", "R14", "R15", "R16", "R17", "R18", "R24"), WARNING),
    "R27": WARNING,
    **dict.fromkeys(("R19", "R20", "R26"), FORMAT),
    **dict.fromkeys(("L1", "L2", "L3", "L4", "L5", "L7"), ERROR),
    "L6": WARNING,
}
SEVERITY_WORDS = {ERROR: "错误", WARNING: "提醒", FORMAT: "格式"}
#: the keys of a row of ``Report.flatten()``, in order: the file, then the FINDING's own keys
FLAT_FIELDS: tuple[str, ...] = (
    "path",
    "kind",
    "rule",
    "severity",
    "sheet",
    "cell",
    "key",
    "column",
    "message",
    "hint",
)


_A1 = re.compile(r"^\$?[A-Z]{1,3}\$?\d+$")


def cell_ref(sheet: str, cell: str) -> str:
    """``申请台账!D12`` for a sheet's cell; ``表3 第12行 第7列`` for a place in a document's table
    (its cell is a place, not an A1 address)."""
    return f"{sheet}!{cell}" if _A1.match(cell) else f"{sheet} {cell}"


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    message: str
    hint: str = ""
    sheet: str | None = None
    cell: str | None = None
    key: str | None = None  # section 三 row key (三.四.1) or section 二 row
    column: str | None = None  # 总计, 商业企业, 行政复议·总计, or a case-log column name
    severity: str = ""  # derived from the rule when left empty

    def __post_init__(self) -> None:
        if self.rule not in SEVERITY:
            raise ValueError(f"unknown rule {self.rule}")
        if not self.severity:
            object.__setattr__(self, "severity", SEVERITY[self.rule])

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        """``台账.xlsx · 申请台账!D12`` — the file name, then sheet and cell where known; in a
        document, its table and place: ``报告.docx · 表3 第12行 第7列``."""
        name = Path(self.path).name
        if self.sheet and self.cell:
            return f"{name} · {cell_ref(self.sheet, self.cell)}"
        if self.sheet:
            return f"{name} · {self.sheet}"
        return name

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "sheet": self.sheet,
            "cell": self.cell,
            "key": self.key,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class FileReport:
    """What ``check`` found in one input file."""

    path: str
    kind: str  # "log" | "stats" | "json" | "report"
    findings: list[Finding] = field(default_factory=list)
    # what the file is, for the summary workbook (check --summary): its unit and year as read, the
    # layout of its tables (2021 | 2019 | hybrid | unknown), which official tables were found
    unit: str = ""
    year: int | None = None
    layout: str = ""
    tables: tuple[str, ...] = ()
    # a published report: the figures of its text bound to cells (--json "narrative"), and with
    # last year's report the share of its sentences repeated (--json "repetition")
    narrative: list[dict[str, Any]] | None = None
    repetition: float | None = None
    error: str | None = None  # the file could not be read at all (exit 2): the Chinese words
    reason: str | None = None  # ... and their stable ASCII code (errors.REASONS), set with ``error``
    notes: list[str] = field(default_factory=list)  # remarks: macros, skipped rules, ...
    #: the official tables as read (a 统计表, a JSON table, a published report): "table" in --json,
    #: the TABLE contract of DESIGN.md (a cell not found is null)
    table: Table | None = None

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "kind": self.kind,
            "findings": [f.to_json() for f in self.findings],
        }
        if self.narrative is not None:
            out["narrative"] = list(self.narrative)
        if self.repetition is not None:
            out["repetition"] = self.repetition
        if self.error is not None:
            out["error"] = self.error
            out["reason"] = self.reason or "unreadable"
        if self.notes:
            out["notes"] = list(self.notes)
        if self.table is not None:
            out["table"] = self.table.to_json()
        return out


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # remarks on the run: folders not read, ...

    @property
    def findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings]

    @property
    def ok(self) -> bool:
        return not any(file.error or file.errors for file in self.files)

    @property
    def exit_code(self) -> int:
        if any(file.error for file in self.files):
            return 2
        return 0 if self.ok else 1

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "files": [f.to_json() for f in self.files]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def flatten(self, fields: Sequence[str] = FLAT_FIELDS) -> list[dict[str, Any]]:
        """One plain row per finding, file by file, in the order found: ``{"path", "kind", "rule",
        "severity", "sheet", "cell", "key", "column", "message", "hint"}`` (FLAT_FIELDS), or only
        ``fields`` in their order. A file that could not be read has no finding: its words and
        code are ``files[i].error`` and ``.reason``."""
        unknown = [name for name in fields if name not in FLAT_FIELDS]
        if unknown:
            raise ValueError(f"unknown fields {unknown}: choose from {FLAT_FIELDS}")
        rows: list[dict[str, Any]] = []
        for file in self.files:
            for finding in file.findings:
                row = {"path": finding.path, "kind": file.kind, **finding.to_json()}
                rows.append({name: row[name] for name in fields})
        return rows

    def to_frame(self, fields: Sequence[str] = FLAT_FIELDS) -> pd.DataFrame:
        """``flatten(fields)`` as a pandas DataFrame, one row per finding (columns ``fields`` even
        when there is none), every column pandas' nullable strings (``<NA>`` for a null). pandas is
        imported here, not before."""
        import pandas as pd

        return pd.DataFrame(self.flatten(fields), columns=list(fields), dtype="string")
