"""An .xlsx as plain, comparable data: tests compare workbooks by content, never by zip bytes.

``workbook_content(path)`` gives nested dicts and lists of plain values — sheet order and states,
every non-empty or unlocked cell (value or formula, cached value of a formula, number format,
lock), merged ranges, data validations, conditional formats, comments, sheet protection, freeze
panes, column widths and styles, row heights, autofilter and print settings — so that
``assert workbook_content(a) == workbook_content(b)`` means "the same workbook to a user", and
``content_diff(a, b)`` lists where two contents differ, for assertion messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["content_diff", "sheet_content", "workbook_content"]

_PROTECTION_FLAGS = (
    "sheet",
    "objects",
    "scenarios",
    "formatCells",
    "formatColumns",
    "formatRows",
    "insertColumns",
    "insertRows",
    "insertHyperlinks",
    "deleteColumns",
    "deleteRows",
    "selectLockedCells",
    "selectUnlockedCells",
    "sort",
    "autoFilter",
    "pivotTables",
)
_VALIDATION_FIELDS = (
    "type",
    "operator",
    "formula1",
    "formula2",
    "allowBlank",
    "showDropDown",
    "showErrorMessage",
    "showInputMessage",
    "errorStyle",
    "errorTitle",
    "error",
    "promptTitle",
    "prompt",
)


def workbook_content(path: Path | str) -> dict[str, Any]:
    """The content of the workbook at ``path`` (formulas and, beside them, their cached values)."""
    wb = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    try:
        props = wb.properties
        return {
            "sheet_order": [ws.title for ws in wb.worksheets],
            "active": wb.active.title if wb.active is not None else None,
            "defined_names": sorted((name, str(dn.attr_text)) for name, dn in wb.defined_names.items()),
            "properties": {
                "creator": props.creator,
                "created": props.created,
                "description": props.description,
            },
            "sheets": {ws.title: sheet_content(ws, cached[ws.title]) for ws in wb.worksheets},
        }
    finally:
        wb.close()
        cached.close()


def sheet_content(ws: Worksheet, cached: Worksheet | None = None) -> dict[str, Any]:
    """One sheet's content; ``cached`` is the same sheet loaded with ``data_only=True``."""
    cells: dict[str, dict[str, Any]] = {}
    for row in ws.iter_rows():
        for c in row:
            locked = c.protection.locked
            if c.value is None and locked and not c.comment:
                continue
            entry: dict[str, Any] = {"value": c.value, "format": c.number_format, "locked": locked}
            if c.data_type == "f":
                entry["cached"] = cached[c.coordinate].value if cached is not None else None
            cells[c.coordinate] = entry
    setup, margins = ws.page_setup, ws.page_margins
    fit = ws.sheet_properties.pageSetUpPr
    return {
        "state": ws.sheet_state,
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validations": sorted(
            (
                {"sqref": _sqref(dv.sqref), **{f: getattr(dv, f) for f in _VALIDATION_FIELDS}}
                for dv in ws.data_validations.dataValidation
            ),
            key=lambda v: (v["sqref"], str(v["type"])),
        ),
        "conditional_formats": sorted(
            (str(cf.sqref), rule.type, rule.operator, tuple(rule.formula or ()), rule.priority)
            for cf in ws.conditional_formatting
            for rule in cf.rules
        ),
        "comments": {
            c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None
        },
        "protection": {f: getattr(ws.protection, f) for f in _PROTECTION_FLAGS}
        | {"password": ws.protection.password},
        "freeze_panes": ws.freeze_panes,
        "autofilter": ws.auto_filter.ref,
        "columns": {
            letter: {
                "min": dim.min,
                "max": dim.max,
                "width": dim.width,
                "hidden": dim.hidden,
                "locked": dim.protection.locked,
                "format": dim.number_format,
            }
            for letter, dim in sorted(ws.column_dimensions.items())
        },
        "row_heights": {
            i: dim.height for i, dim in sorted(ws.row_dimensions.items()) if dim.height is not None
        },
        "print": {
            "paper_size": setup.paperSize,
            "orientation": setup.orientation,
            "fit_to_page": fit.fitToPage if fit is not None else None,
            "fit_to_width": setup.fitToWidth,
            "fit_to_height": setup.fitToHeight,
            "title_rows": ws.print_title_rows,
            "title_cols": ws.print_title_cols,
            "print_area": ws.print_area,
            "centered": ws.print_options.horizontalCentered,
            "margins": (margins.left, margins.right, margins.top, margins.bottom),
            "footer": ws.oddFooter.center.text,
            "header": ws.oddHeader.center.text,
        },
    }


def _sqref(sqref: Any) -> str:
    return " ".join(sorted(str(rng) for rng in sqref.ranges))


def content_diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two contents differ: ``["sheets/单位信息/cells/B3: None != '示范镇'", ...]``."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in [*a, *(k for k in b if k not in a)]:
            where = f"{path}/{key}" if path else str(key)
            if key not in a:
                out.append(f"{where}: only in the second")
            elif key not in b:
                out.append(f"{where}: only in the first")
            else:
                out += content_diff(a[key], b[key], where)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in content_diff(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]
