"""``xxgk check``: read filled workbooks (or JSON tables) and say exactly what to fix.

Every input is analysed as ``aggregate`` analyses it (toolkit.rules.analyse: the safety gate, the reader
its kind calls for, its rules). Problems are findings; a file that cannot be
read at all gets one line (``FileReport.error``) and makes the exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import UsageError
from toolkit.findings import Report
from toolkit.gate.inputs import CHECKABLE_SUFFIXES
from toolkit.outputs import probe
from toolkit.rules.analyse import Analysed, analyse_file, check_file

__all__ = ["Analysed", "analyse_file", "check", "check_file", "expand_inputs"]


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders searched recursively for workbooks and JSON tables; each file once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path, kind = Path(raw), probe(raw, "输入的文件或文件夹")
        if kind == "folder":
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in CHECKABLE_SUFFIXES
                and not p.name.startswith(("~$", "."))
            )
            candidates = found
        elif kind != "missing":
            candidates = [path]
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
        for p in candidates:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                out.append(p)
    return out


def check(
    paths: Sequence[Path | str],
    *,
    annotate_dir: Path | None = None,
    calendar: Any = None,
) -> Report:
    """Check each input; with ``annotate_dir``, write for each workbook with findings a copy whose
    problem cells are red and carry the finding as a comment (the inputs are never modified)."""
    from toolkit.outputs import is_annotated_copy, skipped_copies_notes

    report = Report()
    # our annotated copies found in a folder are not inputs (toolkit.outputs); files named are read
    given = {str(Path(p)) for p in paths}
    inputs: list[Path] = []
    skipped: list[str] = []
    for path in expand_inputs(paths):
        if str(path) not in given and is_annotated_copy(path):
            skipped.append(str(path))
        else:
            inputs.append(path)
    report.notes += skipped_copies_notes(skipped)
    names: dict[str, str] = {}
    if annotate_dir is not None:
        from toolkit.write.annotate import annotated_names

        names = annotated_names([(path, str(path)) for path in inputs])
    for path in inputs:
        file_report = check_file(path, calendar=calendar)
        report.files.append(file_report)
        if annotate_dir is not None and file_report.findings and file_report.kind != "json":
            from toolkit.write.annotate import annotate_safely

            annotate_safely(path, file_report, Path(annotate_dir), name=names[str(path)])
    return report
