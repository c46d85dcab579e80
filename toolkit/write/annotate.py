"""``--annotate DIR``: a copy of a checked workbook with every problem cell filled red and
carrying its findings as a comment, plus a first sheet listing all findings — the file a
reviewer emails back to the unit. The input file is never modified.

Copies are named after the input (``台账-检查标注.xlsx``); inputs of one run that share a file name
(``城关镇/台账.xlsx`` and ``东湖乡.zip › 台账.xlsx``) get the folder or zip they came from in the name
(``台账-城关镇-检查标注.xlsx``), and a short hash of the whole name if that is not enough, so no copy
replaces another's and the same run gives the same names. Each copy carries a document property
(toolkit.outputs) so that a later folder search does not read it as an input.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import OutputError
from toolkit.files import atomic_write
from toolkit.findings import SEVERITY_WORDS, FileReport, Finding
from toolkit.outputs import ANNOTATED_PROPERTY, ANNOTATED_SUFFIX, annotated_stamp, probe, safe_name, same_file
from toolkit.write.xlsx import line_count, row_height

RESULTS_SHEET = "检查结果"
RESULTS_WIDTHS = (8, 8, 16, 70, 44)  # 级别, 规则, 位置, 问题, 如何修改 (one A4 landscape page wide)
RED = "FFFFC7CE"
YELLOW = "FFFFEB9C"
FORMULA_STARTS = ("=", "+", "-", "@")
SUFFIX = ANNOTATED_SUFFIX
_PARTS = re.compile(r"\s*[\\/›]\s*")  # path separators and the zip-member mark of toolkit.gate.inputs
#: the bytes (UTF-8) of a copy's name given to the input's name and to its folder or zip: with the
#: marks added (a hash, "-检查标注", the suffix) the name stays within outputs.NAME_MAX_BYTES
_STEM_BYTES, _SOURCE_BYTES, _SUFFIX_BYTES = 120, 60, 16


def annotated_path(path: Path, out_dir: Path) -> Path:
    """The copy of ``path`` in ``out_dir`` when no run-wide name is given (see :func:`annotated_names`)."""
    return out_dir / annotated_names([(path, path.name)])[path.name]


def annotated_names(inputs: Sequence[tuple[Path, str]]) -> dict[str, str]:
    """display → the file name of its annotated copy, distinct (case-insensitively) within ``inputs``.

    ``inputs`` are (path on disk, display) of every input of the run, with or without findings, so the
    names depend only on what was given.
    """
    plan: dict[str, tuple[str, str, str]] = {}  # display → (stem, source label, suffix)
    for path, display in inputs:
        parts = [p for p in _PARTS.split(display) if p]
        last = parts[-1] if parts else Path(path).name
        suffix = Path(path).suffix or Path(last).suffix
        stem = last[: -len(suffix)] if suffix and last.lower().endswith(suffix.lower()) else last
        source = parts[-2] if len(parts) > 1 else ""
        if source.lower().endswith(".zip"):
            source = source[:-4]
        suffix = f".{safe_name(suffix[1:], _SUFFIX_BYTES)}" if suffix else ""
        plan[display] = (safe_name(stem, _STEM_BYTES) or "file", safe_name(source, _SOURCE_BYTES), suffix)

    def counts(names: dict[str, str]) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for name in names.values():
            out[name.casefold()] += 1
        return out

    names = {d: f"{stem}{SUFFIX}{suffix}" for d, (stem, _, suffix) in plan.items()}
    seen = counts(names)
    for display, (stem, source, suffix) in plan.items():
        if seen[names[display].casefold()] > 1 and source:
            names[display] = f"{stem}-{source}{SUFFIX}{suffix}"
    seen = counts(names)
    for display, (stem, source, suffix) in plan.items():
        if seen[names[display].casefold()] > 1:
            tag = hashlib.sha256(display.encode("utf-8", "surrogatepass")).hexdigest()[:6]
            middle = f"-{source}" if source else ""
            names[display] = f"{stem}{middle}-{tag}{SUFFIX}{suffix}"
    return names


def annotate_all(analysed: Sequence[tuple[Any, Any]], out_dir: Path) -> None:
    """An annotated copy of every input with findings (JSON tables aside), named apart by
    :func:`annotated_names`; ``analysed`` holds (the collected input, its ``rules.analyse.Analysed``)."""
    names = annotated_names([(item.path, item.display) for item, _ in analysed])
    for item, one in analysed:
        if one.report.findings and one.report.kind != "json":
            annotate_safely(item.path, one.report, out_dir, name=names[item.display])


def annotate_safely(path: Path, report: FileReport, out_dir: Path, *, name: str | None = None) -> None:
    """Write the annotated copy (as ``name`` in ``out_dir``, see :func:`annotated_names`), or add a
    note saying why none could be written: a copy is a convenience, the report must never be lost for it."""
    try:
        written = write_annotated(path, report.findings, out_dir, name=name, source=report.path)
    except OutputError as err:
        report.notes.append(f"未能写出标注副本：{err.message}")
    except Exception:  # openpyxl cannot load every file calamine reads (odd styles, WPS parts)
        report.notes.append("未能写出标注副本：这个文件的格式无法另存标注，请按上面的单元格位置修改")
    else:
        report.notes.append(f"已写出标注副本：{written}")
    finally:
        # an openpyxl workbook is a web of reference cycles: free it now, not at the next full
        # collection, which the command makes rare (cli._tune_gc): 10 annotated 30,000-row files
        # held 2.4 GB without this
        gc.collect()


def write_annotated(
    path: Path, findings: list[Finding], out_dir: Path, *, name: str | None = None, source: str | None = None
) -> Path:
    """Write the annotated copy into ``out_dir`` (as ``name``, or after the input) and return its path.

    The copy carries a tag of ``source`` (the input as shown; a hash, no path): a file already there under
    that name is replaced only if it is our copy of the same input (the same run again), else the copy
    takes a name with the tag in it — an earlier run's copy of another input, or a file of the user's,
    is never overwritten."""
    from openpyxl.reader.excel import ExcelReader

    tag = source_tag(source or str(path))
    _refuse_huge_merges(path)
    # openpyxl.load_workbook, with every zip it opens closed here, loaded or not: keep_vba copies the whole
    # package into an open in-memory zip whose finaliser, run later after its buffer is gone, printed
    # "Exception ignored in: ZipFile.__del__ … I/O operation on closed file" for every .xlsm
    reader = ExcelReader(path, keep_vba=path.suffix.lower() in (".xlsm", ".xltm"), rich_text=False)
    try:
        reader.read()
        buffer = _annotated_bytes(reader.wb, findings, tag)
    finally:
        reader.archive.close()
        wb = getattr(reader, "wb", None)
        if wb is not None and wb.vba_archive is not None:
            wb.vba_archive.close()
            wb.vba_archive = None
    target = _free_target(Path(out_dir) / name if name else annotated_path(path, out_dir), tag)
    if same_file(target, path):
        raise OutputError("标注副本不能覆盖原文件，请换一个输出文件夹", path=str(target))
    probe(target, "标注副本", output=True)  # a folder name too long: say so, not "check the disk"
    atomic_write(target, buffer)
    return target


MAX_MERGED_CELLS = 1_000_000  # openpyxl makes an object of every merged cell: ~1 KB each
_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]{1,7})(?::([A-Za-z]{1,3}[0-9]{1,7}))?"'
)


def _refuse_huge_merges(path: Path) -> None:
    """openpyxl expands each merged range cell by cell when it loads a sheet: one range such as
    A8:XFD1048576 (a whole sheet merged, which the readers clip to the used area) took 3.5 GB and 100 s,
    three of them more than 24 GB. The reader's copy is not affected; the annotated copy is refused here,
    before loading, with a note (the gate has bounded the file's size, so this scan is cheap)."""
    import zipfile

    from toolkit.read.cells import parse_address

    cells = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.lower().startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
                continue
            for found in _MERGE_REF.finditer(zf.read(info)):
                first = parse_address(found.group(1).decode().upper())
                last = parse_address((found.group(2) or found.group(1)).decode().upper())
                cells += (abs(last[0] - first[0]) + 1) * (abs(last[1] - first[1]) + 1)
    if cells > MAX_MERGED_CELLS:
        raise OutputError(
            f"合并单元格的范围过大（共约 {cells:,} 个单元格），无法另存标注副本；"
            "请取消整表或整列的合并后重新检查，或按上面的单元格位置直接修改",
            path=str(path),
        )


def _annotated_bytes(wb: Any, findings: list[Finding], tag: str) -> bytes:
    """The workbook ``wb`` with its problem cells marked, a first sheet of all findings and our property."""
    from openpyxl.comments import Comment
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill

    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet and finding.cell and finding.sheet in wb.sheetnames:
            by_cell[(finding.sheet, finding.cell)].append(finding)
    for (sheet, address), cell_findings in by_cell.items():
        cell = wb[sheet][address]
        errors = any(f.is_error for f in cell_findings)
        cell.fill = PatternFill(
            "solid", start_color=RED if errors else YELLOW, end_color=RED if errors else YELLOW
        )
        text = "\n".join(
            f"【{f.rule} {SEVERITY_WORDS[f.severity]}】{f.message}\n修改：{f.hint}" for f in cell_findings
        )
        comment = Comment(text[:30000], "xxgk")
        comment.width, comment.height = 420, 200
        cell.comment = comment

    ws = wb.create_sheet(_unique_title(wb, RESULTS_SHEET), 0)
    headers = ("级别", "规则", "位置", "问题", "如何修改")
    ws.append(headers)
    for finding in findings:
        where = f"{finding.sheet}!{finding.cell}" if finding.sheet and finding.cell else (finding.sheet or "")
        ws.append([SEVERITY_WORDS[finding.severity], finding.rule, where, finding.message, finding.hint])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # never a live formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", RESULTS_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        lines = max(line_count(str(v), w) for v, w in zip(row, RESULTS_WIDTHS, strict=True) if v)
        if lines > 1:
            ws.row_dimensions[r].height = row_height(lines)
    _print_setup(ws)
    ws.freeze_panes = "A2"
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False

    props = wb.custom_doc_props
    props.props = [
        p for p in props.props if p.name != ANNOTATED_PROPERTY
    ]  # a copy of a copy, named by the user
    props.append(StringProperty(name=ANNOTATED_PROPERTY, value=tag))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _print_setup(ws: Any) -> None:
    """The 检查结果 sheet on paper: A4 landscape, one page wide, the header row on every page, page numbers
    (as ``write.xlsx.print_setup`` does for the sheets xlsxwriter writes)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def source_tag(display: str) -> str:
    return hashlib.sha256(display.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _free_target(target: Path, tag: str) -> Path:
    """``target``, unless something other than our copy of this input is there: then a name with the tag."""
    base = target.name.removesuffix(target.suffix).removesuffix(SUFFIX)
    candidate, n = target, 0
    while os.path.lexists(candidate) and annotated_stamp(candidate) != tag:
        n += 1
        if n > 20:
            raise OutputError("标注副本的文件夹里同名文件太多，请换一个新的文件夹", path=str(target))
        extra = f"-{n}" if n > 1 else ""
        candidate = target.with_name(f"{base}-{tag[:6]}{extra}{SUFFIX}{target.suffix}")
    return candidate


def _unique_title(wb: Any, title: str) -> str:
    names = set(wb.sheetnames)
    n, candidate = 1, title
    while candidate in names:
        n += 1
        candidate = f"{title}{n}"
    return candidate
