"""One input, read and checked: the gate, the reader its kind calls for, then the rules.

``analyse_file`` is what ``check``, ``aggregate`` and ``fill-report`` all do to each input file (a 台账,
a 统计表, a JSON table or a published report): the safety gate (toolkit.gate) first, calamine opened once
on the bytes the gate read, the workbook recognised as a 台账 or a 统计表 and read (toolkit.read), then
its rules (toolkit.rules). A published report (.docx, .pdf, .html/.htm, .txt) is read into grids by its
document reader and those grids by the same 统计表 reader (``_check_document``): the same rules apply, and
``aggregate`` takes its tables where it takes a 统计表'. Problems are findings; a file that cannot be
read at all gets one line (``FileReport.error``, with its ``reason`` code).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import FileReport, Finding
from toolkit.read.cells import is_blank
from toolkit.read.document import DOCUMENT_KINDS, MAX_TITLE_LINE, Document
from toolkit.read.stats_numbers import read_number
from toolkit.table import Table

if TYPE_CHECKING:  # the readers are imported when a workbook is read: start-up stays light
    from toolkit.read.log import LogRead
    from toolkit.read.stats import StatsRead
    from toolkit.read.stats_grid import Grid

__all__ = ["Analysed", "analyse_file", "check_file", "json_value_findings"]


@dataclass
class Analysed:
    """One input, read and checked: its report, and what was read (for ``aggregate``)."""

    report: FileReport
    log: LogRead | None = None
    stats: StatsRead | None = None  # a 统计表, or the tables of a published report
    table: Table | None = None  # a JSON table
    document: Document | None = None  # a published report: its text (passages) and grids


def check_file(path: Path, *, calendar: Any = None) -> FileReport:
    return analyse_file(path, calendar=calendar).report


def analyse_file(
    path: Path, *, calendar: Any = None, display: str | None = None, year: int | None = None
) -> Analysed:
    """Read and check one input. ``display`` names it in findings (e.g. a member of a zip);
    ``year``: the report's year when the caller knows it (``aggregate --year``): it chooses
    between several tables stacked in one workbook."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        analysed = _check_json(path, name)
    elif suffix in DOCUMENT_KINDS:
        analysed = _check_document(path, name, DOCUMENT_KINDS[suffix], year)
    else:
        analysed = _analyse_workbook(path, name, calendar, year)
    # what was read, for --json ("table"): every 统计表, JSON table and report
    tables = analysed.stats.table if analysed.stats is not None else analysed.table
    if tables is not None and analysed.report.error is None:
        analysed.report.table = tables
    return analysed


def _analyse_workbook(path: Path, name: str, calendar: Any, year: int | None) -> Analysed:
    analysed = Analysed(FileReport(name, "stats"))
    report = analysed.report
    try:
        from toolkit.gate.workbook import inspect_workbook

        info = inspect_workbook(path)
        report.notes += list(info.notes)
        if info.has_formulas:
            _require_cached_values(path, info.data)
        book = _open(path, info.data)
        _check_workbook(book, analysed, calendar=calendar, data=info.data, year=year)
    except UnreadableInput as err:
        report.error, report.reason = err.message, err.reason
    return analysed


def _require_cached_values(path: Path, data: bytes) -> None:
    from toolkit.read.formulas import formulas_without_values

    missing = formulas_without_values(data)
    if missing:
        where = "、".join(f"{sheet}!{cell}" for sheet, cell in missing[:3])
        raise UnreadableInput(
            f"有公式单元格没有保存计算结果（如 {where}），无法读取其数值；"
            "请在 Excel/WPS 中打开、保存后再检查",
            path=str(path),
            reason="no_cached_values",
        )


def _open(path: Path, data: bytes) -> Any:
    """calamine over ``data``, the bytes the gate judged (not the file again: it may have changed)."""
    import io

    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine's own errors name internal parts; say it plainly
        raise UnreadableInput(
            "无法读取这个工作簿（文件可能已损坏），请在 Excel/WPS 中打开并另存为 .xlsx 后再试",
            path=str(path),
            reason="corrupt",
        ) from None


def _check_workbook(
    book: Any, analysed: Analysed, *, calendar: Any, data: bytes | None = None, year: int | None = None
) -> None:
    """A 台账, a 统计表 (whole or partial, any layout), or both in one workbook.

    A workbook holding a 台账 and also the official tables on other sheets (a unit that put its
    统计表 into its 台账 workbook) is checked as both, in one report whose ``kind`` stays ``log``:
    the 台账 is what ``aggregate`` counts (its cases), the tables are checked but never counted (a
    note says so), so nothing is counted twice. ``year``: the report's year given by the caller
    (``aggregate --year``), which chooses between several tables on one sheet."""
    from toolkit.read.log import looks_like_log, read_log
    from toolkit.read.stats import looks_like_stats, read_stats
    from toolkit.rules.log import check_log
    from toolkit.rules.table import check_sec2

    report = analysed.report
    path = report.path
    if looks_like_log(book):
        report.kind = "log"
        log = read_log(book, path, data=data)
        analysed.log = log
        report.findings += log.findings
        report.findings += check_log(log, calendar=calendar)
        figures = Table(log.info.name, log.info.year, sec2=log.sec2)
        report.findings += check_sec2(
            figures,
            path,
            locate=_sec2_locator(log),
            info=log.info,
        )
        report.notes += log.notes
        own = _log_sheets(log)
        if looks_like_stats(book, exclude=own):
            stats = read_stats(book, path, exclude=own, year=year or log.info.year)
            if stats.found:
                _check_stats(stats, report)
                report.notes.append(
                    f"工作簿中除台账外还有官方统计表（{'、'.join(stats.found)}），已一并检查；"
                    "汇总时只计入台账中的申请，不再计入这些统计表，以免重复计算"
                )
        return
    tables = read_stats(book, path, year=year) if looks_like_stats(book) else None
    if tables is not None and (tables.found or tables.ours):
        analysed.stats = tables
        _check_stats(tables, report)
        return
    names = "、".join(str(n) for n in book.sheet_names[:8])
    raise UnreadableInput(
        f"既不是依申请公开登记台账，也找不到官方统计表（工作表：{names}），"
        f"请使用 xxgk template log 或 xxgk template stats 生成的模板",
        path=path,
        reason="not_recognised",
    )


def _check_stats(stats: StatsRead, report: FileReport) -> None:
    """The findings and notes of a 统计表 as read, and its table rules on what was read: R1–R3
    wherever every cell an identity needs was read (a single （六） group row stands for its three
    rows, ``StatsRead.groups``), R4 on 表四, R8/R9 on a 2021 表二; the identities skipped are
    named in a note."""
    from toolkit.rules.table import check_table

    report.findings += stats.findings
    report.notes += stats.notes
    findings, notes = check_table(
        stats.table,
        report.path,
        locate=lambda key: stats.cells.get(key, (None, None)),
        info=stats.info,
        groups=stats.groups,
    )
    report.findings += findings
    report.notes += notes
    report.findings += _r8_2019(stats, report.path)


def _r8_2019(stats: StatsRead, path: str) -> list[Finding]:
    """R8 on a 2019 trial-format 表二: its 规章 row (本年新制作数量 · 本年新公开数量 · 对外公开总数量)
    reported by a unit that cannot make 规章. Only R8 (whether the unit reports 规章 at all means
    the same in both formats); R9 compares 2021 columns and is not run on 2019 ones."""
    from toolkit.form2019 import SEC2_2019_RULES_KEY
    from toolkit.rules.table import check_sec2

    values = stats.sec2_2019.get(SEC2_2019_RULES_KEY)
    if not values:
        return []
    figures = Table(stats.table.unit, stats.table.year, sec2=dict(stats.table.sec2))
    figures.sec2[form.SEC2_RULES_KEY] = list(values)
    found = check_sec2(
        figures, path, locate=lambda key: stats.cells_2019.get(key, (None, None)), info=stats.info
    )
    return [f for f in found if f.rule == "R8"]


def _log_sheets(log: LogRead) -> set[str]:
    """The sheets of a 台账 workbook that belong to the 台账 (never read as official tables)."""
    own = {form.SHEET_GUIDE, form.SHEET_UNIT, form.SHEET_LOG, form.SHEET_SEC2, form.SHEET_REVIEW}
    own |= {form.SHEET_LISTS, form.SHEET_STAMP, log.log_sheet}
    own |= {sheet for sheet, _ in log.sec2_cells.values()}
    own |= {sheet for sheet, _ in log.info_cells.values()}
    own |= {skipped.sheet for skipped in log.skipped_rows}
    own |= set(log.log_sheets)
    if log.review_sheet:
        own.add(log.review_sheet)
    return own


# ---- published reports --------------------------------------------------------------------
#: the section a number cell is in → the table's short name (表二/表三/表四)
_SECTION_TABLES = {"sec2": form.SHEET_TABLE2, "sec3": form.SHEET_TABLE3, "sec4": form.SHEET_TABLE4}
#: a report's title: the unit before the year (and before 关于), 某局关于2023年度政府信息公开工作的报告
_TITLE = re.compile(r"^(?P<unit>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?:关于)?(?:政府信息公开|政务公开)")
_LINES = re.compile(r"至\d+行$")
_FROM = re.compile(r"第\d+至(?=\d+行$)")
MSG_NO_PDF = "这个版本不能读取 PDF 报告，请提交报告的 Word 文档（.docx）或网页"
MSG_TABLES_NOT_FOUND = (
    "报告中没有找到三张统计表（表格可能是图片），只检查了正文；请向发布单位索取含表格文字的 Word 文档或网页"
)
#: the tables were seen but could not be read (the reader's note says why: a table without vertical lines)
MSG_TABLES_UNREADABLE = "报告中的统计表没有读出（原因见上一条说明），只检查了正文"
_UNREADABLE_TABLES = "没有竖线"
MSG_NO_TABLES = (
    f"在报告中没有找到政府信息公开工作年度报告的三张统计表（{'、'.join(_SECTION_TABLES.values())}），无法检查；"
    "请确认这是年度报告全文，表格没有做成图片"
)


def read_document(path: Path, kind: str, display: str) -> Document:
    """A published report through its gate and its reader (toolkit.gate.documents,
    toolkit.read.report_docx / report_html / report_text; a PDF: toolkit.read.report_pdf).
    Raise :class:`UnreadableInput`."""
    from toolkit.gate.documents import inspect_document

    if kind == "pdf":
        # the PDF reader (its own gate inside) is imported by name: only a PDF pays for it
        try:
            pdf = importlib.import_module("toolkit.read.report_pdf")
        except ModuleNotFoundError:  # a build without the PDF reader
            raise UnreadableInput(MSG_NO_PDF, path=display, reason="not_a_document") from None
        document: Document = pdf.read_pdf(inspect_document(path, kind="pdf").data, display)
        return document
    gated = inspect_document(path, kind=kind)
    if kind == "docx":
        from toolkit.read.report_docx import read_docx

        return read_docx(gated.xml, display, gated.numbering, gated.styles)
    if kind == "html":
        from toolkit.read.report_html import read_html

        return read_html(gated.text, display)
    from toolkit.read.report_text import read_text

    return read_text(gated.text, display)


def _check_document(path: Path, name: str, kind: str, year: int | None = None) -> Analysed:
    """A published report: its grids read as a 统计表 (the same reader, the same table rules), then its
    text audited against them (toolkit.rules.audit: R15, R26, R27, R14). The first note says where each
    table was found. A document in which no table is found is audited alone when it reads as a report
    (a title saying 报告, or the official part headings: tables pasted as pictures), else refused."""
    from toolkit.read.stats import read_grids
    from toolkit.read.stats_grid import Sheets
    from toolkit.rules.audit import audit_report

    analysed = Analysed(FileReport(name, "report"))
    report = analysed.report
    try:
        document = read_document(path, kind, name)
        analysed.document = document
        stats = read_grids(Sheets(document.grids), name, unit=_title_grid(document.title), year=year)
        if not stats.found and not _reads_as_report(document):
            raise UnreadableInput(MSG_NO_TABLES, path=name, reason="no_tables")
    except UnreadableInput as err:
        report.error, report.reason = err.message, err.reason
        return analysed
    report.notes += [*_found_where(stats.cells), *document.notes]
    document = _this_report(document, stats.table.year if stats.found else None, report.notes)
    analysed.stats = stats  # (none found: every cell unknown, which aggregate refuses to add)
    if stats.found:
        _check_stats(stats, report)
    elif any(_UNREADABLE_TABLES in note for note in document.notes):
        report.notes.append(MSG_TABLES_UNREADABLE)
    else:
        report.notes.append(MSG_TABLES_NOT_FOUND)
    audit_report(document, stats.table if stats.found else None, name).apply_to(
        report, with_table=bool(stats.found)
    )
    return analysed


def _this_report(document: Document, year: int | None, notes: list[str]) -> Document:
    """The document with only the text of the report whose tables were read, when it holds several
    reports, each under its own title with a different year (a page with this year's and last
    year's reports): the other report's text is not audited against this year's tables (a note
    says so). The document as it is otherwise."""
    titles: list[tuple[int, int, str]] = []  # (passage, year, title)
    for i, passage in enumerate(document.passages):
        text = "".join(passage.text.split())
        match = _TITLE.match(text)
        if match is not None and len(text) <= MAX_TITLE_LINE and "报告" in text:
            titles.append((i, int(match.group("year")), text))
    if year is None or len({y for _, y, _ in titles}) < 2:
        return document
    starts = [0, *(i for i, _, _ in titles[1:])]
    ends = [*starts[1:], len(document.passages)]
    kept = [k for k, (_, y, _) in enumerate(titles) if y == year]
    if len(kept) != 1:
        return document
    k = kept[0]
    others = "、".join(f"“{t}”" for n, (_, _, t) in enumerate(titles) if n != k)
    notes.append(
        f"报告中还有{others}的正文，与本年度的统计表无关，未据此检查；只检查了“{titles[k][2]}”的正文"
    )
    return Document(
        document.kind,
        title=document.title,
        grids=document.grids,
        passages=document.passages[starts[k] : ends[k]],
        notes=document.notes,
    )


def _reads_as_report(document: Document) -> bool:
    """A title saying 报告, or at least two of the official part headings."""
    headings = set(form.SECTION_HEADINGS)
    return bool(document.title) or sum(p.text.replace(" ", "") in headings for p in document.passages) >= 2


def _title_grid(title: str) -> Grid | None:
    """The unit and year a report's title names (``某某镇人民政府2024年政府信息公开工作年度报告``),
    as the 单位信息 the 统计表 reader takes."""
    from toolkit.read.stats_grid import Grid

    found = _TITLE.match(title)
    if found is None:
        return None
    return Grid(form.SHEET_UNIT, [[form.UNIT_NAME, found["unit"]], [form.UNIT_YEAR, found["year"]]])


def _found_where(cells: dict[Any, tuple[str, str]]) -> list[str]:
    """``表三：表2 第4行至第28行``: the document's table (and rows) each official table was read from."""
    spots: dict[str, dict[str, list[str]]] = {}
    for (section, _, _), (grid, cell) in cells.items():
        row = cell.rsplit(" 第", 1)[0]
        spots.setdefault(_SECTION_TABLES[section], {}).setdefault(grid, []).append(row)
    parts = []
    for table, grids in spots.items():
        where = []
        for grid, rows in grids.items():
            # a row on several lines (第204至214行): from the first line of the first to the last of the last
            first, last = _LINES.sub("行", rows[0]), _FROM.sub("第", rows[-1])
            span = first if first == last else f"{first}至{last}"
            where.append(f"{grid} {span}")
        parts.append(f"{table}：{'、'.join(where)}")
    return [f"读取的统计表位置（{'；'.join(parts)}）"] if parts else []


# ---- JSON tables ------------------------------------------------------------------------
def _check_json(path: Path, name: str) -> Analysed:
    analysed = Analysed(FileReport(name, "json"))
    report = analysed.report
    try:
        text = path.read_text(encoding="utf-8-sig")
        table = Table.loads(text)
    except RecursionError:
        report.error = "JSON 嵌套层次过深，不是统计表的格式；请提交 xxgk 统计表 JSON 格式的文件"
        report.reason = "json_shape"
        return analysed
    except UnicodeDecodeError:
        report.error = "文件不是 UTF-8 编码，请用编辑器另存为 UTF-8 编码的 JSON 后再试"
        report.reason = "json_encoding"
        return analysed
    except OSError:
        report.error = "无法读取文件（没有权限或被其他程序占用），请检查后再试"
        report.reason = "os_error"
        return analysed
    except json.JSONDecodeError as err:
        report.error = f"不是有效的 JSON（第 {err.lineno} 行第 {err.colno} 列），请检查格式"
        report.reason = "json_syntax"
        return analysed
    except ValueError as err:
        detail = str(err) if _is_chinese(str(err)) else "数值无法识别"
        report.error = f"JSON 表格结构不对：{detail}"
        report.reason = "json_shape"
        return analysed
    missing = table.missing_cells()  # before the rules turn offending cells into None
    report.findings += json_value_findings(table, name)
    if missing:
        report.notes.append(_missing_note(missing))
    from toolkit.rules.table import check_table

    findings, notes = check_table(table, name)
    report.findings += findings
    report.notes += notes
    analysed.table = table
    return analysed


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _whole(value: Any) -> Any:
    """An integral Decimal/float from JSON (``1.0``) is the whole number it spells."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _missing_note(missing: list[tuple[str, str, str | None]]) -> str:
    """One note for every ``null`` cell of a JSON table: "not available", not a blank (R6)."""
    shown = [f"{t} {key}" + (f" {column}" if column else " 整行") for t, key, column in missing[:8]]
    more = f" 等 {len(missing)} 处" if len(missing) > 8 else ""
    return (
        f"JSON 表格中以下单元格为 null（无数据）：{'、'.join(shown)}{more}；"
        "这些单元格未检查，用到它们的勾稽关系也未检查"
    )


def json_value_findings(table: Table, path: str) -> list[Finding]:
    """R5/R6/R7 for the values of a JSON table (``read_number``: text is never a number in JSON);
    offending cells of sections 三 and 四 become None so the identities that depend on them are
    skipped (and said to be). A ``null`` cell is "not available" (the JSON contract): no finding
    here, one note for all of them (``Table.missing_cells``)."""
    findings: list[Finding] = []
    for key in form.SEC3_KEYS:
        table.sec3[key] = [_whole(v) for v in table.sec3[key]]
        for c, value in enumerate(table.sec3[key]):
            if value is None:
                continue
            rule = read_number(value, "sec3", "count", text=False).rule
            if rule:
                findings.append(
                    Finding(
                        rule,
                        path,
                        f"表三 {key} {form.SEC3_COLUMNS[c]}：{_describe(value)}",
                        "没有数据请填 0，不要留空" if rule == "R6" else "填写 0 或正整数",
                        key=key,
                        column=form.SEC3_COLUMNS[c],
                    )
                )
                table.sec3[key][c] = None
    table.sec4 = [_whole(v) for v in table.sec4]
    for i, value in enumerate(table.sec4):
        if value is None:
            continue
        rule = read_number(value, "sec4", "count", text=False).rule
        if rule:
            name = form.sec4_column_name(i)
            findings.append(
                Finding(rule, path, f"表四 {name}：{_describe(value)}", "填写 0 或正整数", column=name)
            )
            table.sec4[i] = None
    for key in form.SEC2_KEYS:
        raw = table.sec2[key]
        kind = form.sec2_table_of(key).kind
        values: list[Any] = raw if isinstance(raw, list) else [raw]
        if kind == "count":
            values = [_whole(v) for v in values]
            table.sec2[key] = values if isinstance(raw, list) else values[0]
        for i, value in enumerate(values):
            if value is None:
                continue
            rule = read_number(value, "sec2", kind, text=False).rule
            if rule:
                column = form.sec2_table_of(key).columns[i]
                findings.append(
                    Finding(
                        rule,
                        path,
                        f"表二 {key} {column}：{_describe(value)}",
                        "填写大于等于 0 的数字",
                        key=key,
                        column=column,
                    )
                )
    return findings


def _describe(value: Any) -> str:
    if is_blank(value):
        return "空白"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return f"“{text[:30]}”不是大于等于 0 的整数"


def _sec2_locator(log: LogRead) -> Callable[[tuple[Any, ...]], tuple[str | None, str | None]]:
    """Where a section 二 figure of a 台账 sits: (row key, index) → (sheet, cell), or (None, None)."""
    cells: dict[tuple[Any, ...], tuple[str | None, str | None]] = {**log.sec2_cells}
    return lambda key: cells.get((key[1], key[2]), (None, None))
