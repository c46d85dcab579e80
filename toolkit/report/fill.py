"""``xxgk fill-report``: the annual report, filled from the 统计表, so that no number in it can
disagree with the tables.

The steps, each in its own function or module:

1. **Read the 统计表** (``rules.analyse.analyse_file``: the toolkit's own, a unit's own Excel copy of the
   official tables, or a JSON table). A 台账 is a usage error (aggregate it first). A table whose
   checks find an error (R1–R7 …, or a 2019/hybrid layout) is refused: ``ok=False`` with its
   findings, and nothing is written (a final output is never written from inputs with errors).
   The 信息处理费 charged comes from the aggregate's 来源 sheet (``provenance.FEE_LABEL``, in 元);
   without it the placeholder stays empty, with a note and an R16 warning.
2. **Last year's 统计表** (``previous``): read once and checked the same way; R11/R10 against this
   year (``rules.years``, as ``aggregate --previous``); it fills the 上年比较 placeholders
   (``…_较上年``).
3. **Check the template before rendering** (``report.validate``): broken ``{{ }}`` syntax, unknown
   placeholders, 上年比较 placeholders without ``previous``, official tables missing placeholders —
   each one ``UsageError``.
4. **Render** (``report.render``: each part once, values never template source; docxtpl's
   Jinja pass, autoescape, strict undefined) and check the narrative — the paragraphs
   outside the tables (``report.narrative``: R14/R15/R16 warnings, never blocking).
5. **Write** the .docx deterministically (``docx.normalize_docx``) and atomically; with ``html``
   the web copy beside it (``report.html``); with ``pdf`` a PDF by LibreOffice headless
   (``report.pdf``: a note, not an error, when LibreOffice is missing or fails).

The default template is ``report.template.write_report_template`` written into a temporary folder
on each run: it is the code's own current template, it works installed (``workbooks/`` is not
package data), and it cannot drift from the committed copy. The inputs are read into memory and
never modified.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.errors import OutputError, UnreadableInput, UsageError
from toolkit.files import atomic_write, document_day, os_reason
from toolkit.findings import ERROR, Finding
from toolkit.outputs import probe
from toolkit.report import variables as report_vars
from toolkit.report.docx import keep_with_tables, normalize_docx
from toolkit.report.narrative import around, check_narrative, paragraphs
from toolkit.report.pdf import NO_SOFFICE_NOTE, docx_to_pdf
from toolkit.report.render import render, template_parts
from toolkit.report.validate import check_template, environment, open_template
from toolkit.report.variables import LIST_VARIABLES
from toolkit.rules.years import check_previous_year
from toolkit.rules.years import previous_note as previous_note_text
from toolkit.table import Table, UnitInfo
from toolkit.write.provenance import read_fee

__all__ = ["NO_SOFFICE_NOTE", "ReportResult", "fill_report"]

DEFAULT_TEMPLATE_NAME = "政府信息公开工作年度报告模板.docx"
DEFAULT_TEMPLATE_LABEL = "默认年报模板"
MAX_TEMPLATE_SIZE = 64 << 20  # a report template is well under 1 MB; photos make a few MB
MAX_TEMPLATE_UNCOMPRESSED = 256 << 20
MAX_TEMPLATE_RATIO = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class ReportResult:
    """What ``fill_report`` did. ``ok`` is False when the inputs had errors and nothing was written."""

    docx: Path | None = None
    html: Path | None = None
    pdf: Path | None = None
    findings: list[Finding] = field(default_factory=list)  # R14/R15/R16 warnings, or the blocking errors
    notes: list[str] = field(default_factory=list)
    ok: bool = False


def fill_report(
    stats: Path | str,
    output: Path | str,
    *,
    template: Path | str | None = None,
    html: bool = False,
    pdf: bool = False,
    previous: Path | str | None = None,
    previous_note: str | None = None,
    issued: date | str | None = None,
) -> ReportResult:
    """Fill the report template from the 统计表 ``stats`` into ``output`` (.docx).

    ``issued`` is the 成文日期 of the 落款 (``{{成文日期}}``): a date, or text such as 2025-01-20 or
    2025年1月20日; by default the day the report is made (``files.document_day``).

    ``previous_note`` explains why R11 against ``previous`` legitimately fails (a merger, a change of
    scope): R11 becomes a warning and the note fills ``{{上年结转说明}}``.

    Raises ``UsageError`` (wrong arguments, a 台账 given, a template with unknown placeholders or
    broken syntax) and ``UnreadableInput``; returns ``ok=False`` with the findings when the
    统计表 (or last year's) has errors.
    """
    stats, output = Path(stats), Path(output)
    template = Path(template) if template is not None else None
    previous = Path(previous) if previous is not None else None
    note = previous_note_text(previous_note, previous)
    day = _issued(issued)
    targets = [
        output,
        *([output.with_suffix(".html")] if html else []),
        *([output.with_suffix(".pdf")] if pdf else []),
    ]
    _check_paths(stats, output, template, previous, targets)
    result = ReportResult()

    source = _read_source(stats)
    result.notes += source.notes
    if source.blocking:
        result.findings += source.findings
        result.notes.append("统计表有错误，未生成年度报告：请按提示修改统计表后重试")
        return result
    if source.warnings:
        result.notes.append(f"统计表有 {source.warnings} 条提醒（不影响生成年报），可用 xxgk check 查看")

    before: Table | None = None
    if previous is not None:
        before, findings = _read_previous(previous, source, note)
        result.findings += findings
        if any(f.is_error for f in findings):
            result.notes.append("上年统计表有错误或与本年不衔接，未生成年度报告：请按提示核对后重试")
            return result

    context = report_vars.values(
        source.table, source.info, fee_yuan=source.fee, previous=before, previous_note=note, issued=day
    )
    if source.fee is None:
        _fee_unknown(stats, result)
    with _template_file(template) as (template_path, display):
        data = _read_template(template_path, display)
    rendered = _render(data, display, context, year=source.year, table=source.table, default=template is None)
    result.findings += rendered.findings
    result.findings += _contact_findings(stats, display, rendered, context, template is None)
    result.notes += rendered.notes
    _write(rendered, context, source.table, output, html=html, pdf=pdf, result=result)
    return result


def _fee_unknown(stats: Path, result: ReportResult) -> None:
    six = form.SECTION_HEADINGS[5]
    result.notes.append(f"统计表中没有信息处理费的记录，年报“{six}”中的信息处理费需要手工填写")
    result.findings.append(
        Finding(
            "R16",
            str(stats),
            "统计表中没有本年实际收取的信息处理费（只有用台账汇总生成的统计表才有），"
            "年报中的占位符 {{信息处理费}} 填为“【请填写】”",
            f"请在年报“{six}”中手工写明本年实际收取的信息处理费（未收费的写“0元”）",
        )
    )


def _write(
    rendered: _Rendered,
    context: Mapping[str, str],
    table: Table,
    output: Path,
    *,
    html: bool,
    pdf: bool,
    result: ReportResult,
) -> None:
    """The .docx (deterministic bytes), the HTML and PDF copies: all made in memory first, then each
    written atomically. The targets were checked before anything was read (``_check_targets``); should
    a write still fail after another one succeeded, the error says which files were written and which
    were not."""
    data = normalize_docx(rendered.data, title=_title(rendered.document, context))
    outputs: list[tuple[str, Path, bytes]] = [("年度报告", output, data)]
    if html:
        from docx import Document

        from toolkit.report.html import report_html

        page = report_html(Document(io.BytesIO(data)), context, table)
        outputs.append((_WHAT[".html"], output.with_suffix(".html"), page.encode("utf-8")))
    if pdf:
        made = docx_to_pdf(data, result.notes)
        if made is not None:
            outputs.append((_WHAT[".pdf"], output.with_suffix(".pdf"), made))
    written: list[tuple[str, Path]] = []
    for what, path, content in outputs:
        try:
            atomic_write(path, content)
        except OutputError as err:
            if not written:
                raise
            done = "、".join(f"{w} {p}" for w, p in written)
            left = "、".join(f"{w} {p}" for w, p, _ in outputs[len(written) :])
            raise OutputError(
                f"只完成了一部分：已写入 {done}；未写入 {left}（{err}）。"
                "请按提示处理后重新运行 fill-report（已写入的文件会被覆盖）"
            ) from None
        written.append((what, path))
    result.docx = output
    result.html = next((p for w, p in written if w == _WHAT[".html"]), None)
    result.pdf = next((p for w, p in written if w == _WHAT[".pdf"]), None)
    result.ok = True


# ---------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------
_WHAT = {".docx": "年度报告", ".html": "网页版", ".pdf": "PDF"}


def _check_paths(
    stats: Path, output: Path, template: Path | None, previous: Path | None, targets: list[Path]
) -> None:
    if output.suffix.lower() != ".docx":
        raise UsageError(f"输出文件应以 .docx 结尾：{output}")
    _check_targets(targets)
    inputs = [p for p in (stats, template, previous) if p is not None]
    written = {output.resolve(), output.with_suffix(".html").resolve(), output.with_suffix(".pdf").resolve()}
    for path in inputs:
        if path.resolve() in written:
            raise UsageError(f"输出文件不能覆盖输入文件：{path}；请用 -o 指定另一个文件名")
    if template is not None:
        suffix = template.suffix.lower()
        if suffix in (".doc", ".wps", ".dot", ".rtf", ".odt"):
            raise UsageError(f"模板应为 .docx 文件：请在 Word/WPS 中将 {template.name} 另存为 .docx 后再试")
        if suffix != ".docx":
            raise UsageError(f"模板应为 Word 文档（.docx）：{template}")
        if probe(template, "报告模板") == "missing":
            raise UsageError(f"找不到模板文件：{template}（可用 xxgk template report 生成标准模板）")


def _check_targets(targets: list[Path]) -> None:
    """Every file this run will write (the .docx, and the .html/.pdf beside it when asked), checked
    before anything is read or written: none is a folder, and each can be written where it goes."""
    for target in targets:
        what = _WHAT[target.suffix.lower()]
        try:
            if target.is_dir():
                beside = "" if target.suffix.lower() == ".docx" else f"（{what}写在年报旁边，与年报同名）"
                raise UsageError(
                    f"{what}的输出位置是一个文件夹{beside}：{target}；"
                    "请用 -o 换一个年报文件名，或移走这个文件夹"
                )
            if target.exists() and not os.access(target, os.W_OK):
                raise OutputError(
                    f"{what}的输出文件是只读的，无法覆盖：{target}；请取消只读或用 -o 换一个年报文件名"
                )
            folder = target.parent
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            if not folder.is_dir():
                raise UsageError(f"{what}的输出路径中的“{folder}”是文件，不是文件夹：请用 -o 换一个位置")
            if not os.access(folder, os.W_OK | os.X_OK):
                raise OutputError(
                    f"没有权限在文件夹“{folder}”中写入{what}：请用 -o 换一个有写权限的位置", path=str(target)
                )
        except OSError as err:
            raise OutputError(
                f"无法写入{what}（{os_reason(err)}）：请用 -o 换一个位置或更短的文件名", path=str(target)
            ) from None


# ---------------------------------------------------------------------------------------
# The 统计表
# ---------------------------------------------------------------------------------------
@dataclass
class _Source:
    table: Table  # with totals
    info: UnitInfo
    year: int
    fee: Decimal | None
    findings: list[Finding]
    notes: list[str]
    blocking: bool
    warnings: int = 0


def _analyse(path: Path, what: str) -> Any:
    from toolkit.rules.analyse import analyse_file

    analysed = analyse_file(path)
    report = analysed.report
    if report.error:
        raise UnreadableInput(report.error, path=str(path))
    if report.kind == "log":
        raise UsageError(
            f"这是依申请公开登记台账，不是{what}："
            "请先用 xxgk aggregate 台账.xlsx -o 统计表.xlsx 汇总成统计表",
            path=str(path),
        )
    return analysed


def _table_of(analysed: Any, path: Path) -> tuple[Table, UnitInfo, list[Finding]]:
    report = analysed.report
    findings = list(report.findings)
    if analysed.stats is not None:
        read = analysed.stats
        table, info = read.table, read.info
        if read.layout != "2021":
            findings.append(
                Finding(
                    "R19",
                    str(path),
                    "统计表不是 2021 年版格式（国办公开办函〔2021〕30号），不能生成年度报告",
                    "请按 2021 年版格式重新填写（可用 xxgk template stats 生成标准统计表）",
                    severity=ERROR,
                )
            )
    else:
        table = analysed.table
        info = UnitInfo(name=table.unit, year=table.year)
    return table, info, findings


def _read_source(stats: Path) -> _Source:
    analysed = _analyse(stats, "统计表")
    table, info, findings = _table_of(analysed, stats)
    blocking = any(f.is_error for f in findings)
    year = info.year or table.year
    if not blocking and year is None:
        raise UsageError(
            "统计表没有填写统计年度：请在“单位信息”中填写统计年度（如 2024）后再生成年报", path=str(stats)
        )
    if not blocking and not (info.name or table.unit):
        analysed.report.notes.append("统计表没有填写单位名称，年报标题中的单位名称将为空")
    fee = read_fee(stats) if analysed.stats is not None else None
    return _Source(
        table=table.with_totals(),
        info=info,
        year=year or 0,
        fee=fee,
        findings=findings,
        notes=list(analysed.report.notes),
        blocking=blocking,
        warnings=sum(not f.is_error for f in findings),
    )


def _read_previous(previous: Path, source: _Source, note: str = "") -> tuple[Table | None, list[Finding]]:
    analysed = _analyse(previous, "上年的统计表")
    table, info, findings = _table_of(analysed, previous)
    last_year = info.year or table.year
    if last_year is not None and last_year != source.year - 1:
        raise UsageError(
            f"--previous 应为 {source.year - 1} 年的统计表，这份是 {last_year} 年的", path=str(previous)
        )
    errors = [f for f in findings if f.is_error]
    if errors:
        return None, errors
    before = table.with_totals()
    return before, check_previous_year(source.table, before, str(previous), last_info=info, note=note)


# ---------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------
@contextmanager
def _template_file(template: Path | None) -> Iterator[tuple[Path, str]]:
    """The template's path and its name for messages; the default one in a temporary folder."""
    if template is not None:
        yield template, str(template)
        return
    from toolkit.report.template import write_report_template

    with tempfile.TemporaryDirectory(prefix="xxgk-report-") as folder:
        path = Path(folder) / DEFAULT_TEMPLATE_NAME
        write_report_template(path)
        yield path, DEFAULT_TEMPLATE_LABEL


def _read_template(path: Path, display: str) -> bytes:
    """The template's bytes, after the checks a hostile or broken .docx needs (the zip container's by
    the one zip gate, toolkit.gate.zips)."""
    from toolkit.gate.zips import DTD_OVERLAP, ZipLimits, ZipRefused, declares_dtd, inflate, open_zip, reader

    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_SIZE:
            raise UnreadableInput(
                f"模板文件过大（{size >> 20} MB），不像正常的年报模板", path=display, reason="too_large"
            )
        data = path.read_bytes()
    except OSError:
        raise UnreadableInput(
            "无法读取模板（没有权限或被其他程序占用），请关闭 Word/WPS 后再试",
            path=display,
            reason="os_error",
        ) from None
    if not data:
        raise UnreadableInput("模板文件是空的（0 字节）", path=display, reason="empty")
    if data.startswith(_OLE_MAGIC):
        raise UnreadableInput(
            "模板是旧版 .doc 文件或设置了打开密码：请在 Word/WPS 中取消密码、另存为 .docx 后再试",
            path=display,
        )
    try:
        with open_zip(data, ZipLimits(total=MAX_TEMPLATE_UNCOMPRESSED, ratio=MAX_TEMPLATE_RATIO)) as zf:
            infos = zf.infolist()
            if "word/document.xml" not in {i.filename.lower() for i in infos}:
                raise UnreadableInput(
                    "不是 Word 文档（.docx），请在 Word/WPS 中另存为 .docx 后再试", path=display
                )
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                tail = b""
                for chunk in inflate(reader(zf), info):
                    if declares_dtd(tail + chunk[:DTD_OVERLAP]) or declares_dtd(chunk):
                        raise UnreadableInput(
                            "模板包含不安全的 XML 声明（DOCTYPE），已拒绝读取",
                            path=display,
                            reason="xml_unsafe",
                        )
                    tail = chunk[-DTD_OVERLAP:]
    except ZipRefused as refused:
        if refused.reason == "zip_bomb" and refused.kind != "overlap":
            raise UnreadableInput(
                "模板文件疑似“压缩炸弹”，已拒绝读取", path=display, reason="zip_bomb"
            ) from None
        raise UnreadableInput(
            "模板不是有效的 Word 文档（.docx），文件可能已损坏；请在 Word/WPS 中另存为 .docx 后再试",
            path=display,
            reason="corrupt",
        ) from None
    return data


@dataclass
class _Rendered:
    data: bytes
    document: Any
    findings: list[Finding]
    notes: list[str]
    used: set[str] = field(default_factory=set)  # the placeholders the template uses


def _render(
    data: bytes, display: str, context: dict[str, str], *, year: int, table: Table, default: bool
) -> _Rendered:
    """Check the template (``validate``), fill it, check the narrative (``narrative``)."""
    from jinja2 import TemplateError
    from lxml.etree import XMLSyntaxError

    tpl = open_template(data, display)
    notes: list[str] = []
    if not any(name.endswith(report_vars.YOY_SUFFIX) for name in context):
        left_out = _drop_comparisons(tpl.docx)
        if left_out and not default:
            notes.append(
                f"没有用 --previous 指定上年的统计表：模板中 {left_out} 段与上年比较的文字"
                "（只含 …_较上年 占位符）未写入年报"
            )
    parts = template_parts(tpl, display)
    used = check_template(tpl, context, display, parts)
    literal = paragraphs(tpl.docx, literal=True)
    try:
        render(tpl, parts, context, environment())
    except (TemplateError, XMLSyntaxError):
        raise UsageError(
            f"模板无法填写（占位符写法有误），请对照 {LIST_VARIABLES} 检查模板中的 {{{{…}}}}", path=display
        ) from None
    keep_with_tables(tpl.docx)
    buffer = io.BytesIO()
    tpl.docx.save(buffer)
    from docx import Document

    # re-read: python-docx caches the body object that docxtpl's render replaced
    document = Document(io.BytesIO(buffer.getvalue()))
    path = DEFAULT_TEMPLATE_LABEL if default else display
    rendered = paragraphs(document, literal=False)
    findings = check_narrative(literal, rendered, context, year=year, table=table, path=path, default=default)
    if not used:
        notes.append("模板中没有任何占位符：年报正文和表格的数字不会取自统计表")
    notes += _missing_tables(document)
    return _Rendered(buffer.getvalue(), document, findings, notes, used)


def _title(document: Any, context: Mapping[str, str]) -> str:
    for paragraph in document.paragraphs:
        text = "".join(paragraph.text.split())
        if text:
            return text
    return f"{context.get('单位名称', '')}{context.get('统计年度', '')}年政府信息公开工作年度报告"


def _missing_tables(document: Any) -> list[str]:
    from toolkit.report.html import official_table

    kinds: set[str] = set()
    for table in document.tables:
        which = official_table(table)
        if which is not None:
            kinds.add(which.kind)
    names = {
        "sec2": form.SECTION_HEADINGS[1],
        "sec3": form.SECTION_HEADINGS[2],
        "sec4": form.SECTION_HEADINGS[3],
    }
    return [
        f"模板中没有“{name}”的官方表格，年报缺少这张表" for kind, name in names.items() if kind not in kinds
    ]


# ---------------------------------------------------------------------------------------
# The 成文日期, the year-on-year paragraphs, the contact line (R27)
# ---------------------------------------------------------------------------------------
def _issued(issued: date | str | None) -> date:
    """The 成文日期: the one given (a date or its text), else today (``files.document_day``)."""
    if issued is None:
        return document_day()
    if isinstance(issued, date):
        return issued
    from toolkit.read.cells import parse_date

    parsed = parse_date(issued.strip())
    if parsed.value is None:
        raise UsageError(
            f"成文日期“{issued}”不是有效的日期（{parsed.error}），请写成 2025-01-20 或 2025年1月20日"
        )
    return parsed.value


_PLACEHOLDER_NAME = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")


def _drop_comparisons(document: Any) -> int:
    """Without last year's table, leave out each body paragraph whose placeholders are all 上年比较
    ones (``…_较上年``: a year-on-year sentence, as in the default template); a paragraph mixing them
    with other placeholders stays, and the template check then asks for ``--previous``. Returns how
    many were left out."""
    dropped = 0
    for paragraph in list(document.paragraphs):
        names = _PLACEHOLDER_NAME.findall(paragraph.text)
        if names and all(name.endswith(report_vars.YOY_SUFFIX) for name in names):
            paragraph._p.getparent().remove(paragraph._p)
            dropped += 1
    return dropped


#: the contact line's placeholders (地址、邮编、电话) and the 单位信息 labels they come from
_CONTACT = {name: report_vars.UNIT_VARIABLES[name] for name in ("通讯地址", "邮政编码", "联系电话")}
#: a contact label followed by nothing (a colon, then punctuation or the end): 「（地址：；邮编：；电话：）」
_EMPTY_CONTACT = re.compile(r"(地址|邮编|邮政编码|电话|联系电话)[:：]\s*(?=[；;，,。）)]|$)")


def _contact_findings(
    stats: Path, display: str, rendered: _Rendered, context: Mapping[str, str], default: bool
) -> list[Finding]:
    """R27: the report's contact line (地址、邮编、电话) left empty. From placeholders the 统计表 leaves
    empty: where to fill them in its 单位信息 (sheet and cells); else from the filled text itself
    (a template with an empty 「地址：」 typed in): where in the template."""
    empty = [name for name in _CONTACT if name in rendered.used and not context.get(name, "").strip()]
    if empty:
        labels = [_CONTACT[name] for name in empty]
        cells = _unit_cells(stats, labels)
        where = "、".join(f"{label}（{cells[label]}）" if label in cells else label for label in labels)
        first = next((cells[label] for label in labels if label in cells), None)
        if not cells:  # a JSON table, or a unit's own workbook without a 单位信息 sheet
            return [
                Finding(
                    "R27",
                    str(stats),
                    f"年报开头的联系方式不完整：统计表中没有{where}（没有“{form.SHEET_UNIT}”工作表），"
                    "年报中这些位置是空的",
                    "请在报告模板中直接写明地址、邮编和电话（xxgk template report 生成模板，-t 指定），"
                    f"或改用带“{form.SHEET_UNIT}”的统计表（xxgk template stats）",
                )
            ]
        return [
            Finding(
                "R27",
                str(stats),
                f"年报开头的联系方式不完整：统计表“{form.SHEET_UNIT}”中没有填写{where}，年报中这些位置是空的",
                f"请在统计表的“{form.SHEET_UNIT}”工作表填写{where}后重新生成年报"
                f"{'' if default else '，或在报告模板中直接写明'}",
                sheet=form.SHEET_UNIT,
                cell=first,
            )
        ]
    for paragraph in paragraphs(rendered.document, literal=False):
        if match := _EMPTY_CONTACT.search(paragraph.text):
            quoted = around(paragraph.text, *match.span())
            return [
                Finding(
                    "R27",
                    display,
                    f"年报的联系方式不完整：“{match.group(1)}”后面是空的（{quoted}）",
                    "请在报告模板中写明地址、邮编和电话，或改用占位符 "
                    f"{{{{通讯地址}}}}、{{{{邮政编码}}}}、{{{{联系电话}}}}（取自统计表的“{form.SHEET_UNIT}”）",
                )
            ]
    return []


def _unit_cells(stats: Path, labels: list[str]) -> dict[str, str]:
    """label → the cell right of it in the 统计表's 单位信息 sheet (``B9``), where that sheet exists."""
    from python_calamine import CalamineWorkbook

    from toolkit.read.cells import cell_address

    if stats.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        book = CalamineWorkbook.from_path(str(stats))
        if form.SHEET_UNIT not in book.sheet_names:
            return {}
        rows = book.get_sheet_by_name(form.SHEET_UNIT).to_python(nrows=60)
    except Exception:  # the 统计表 was read once already; the cells are only a help to find the place
        return {}
    wanted = {form.normalize_label(label): label for label in labels}
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            label = wanted.get(form.normalize_label(value)) if isinstance(value, str) else None
            if label is not None and label not in out:
                out[label] = cell_address(r, c + 1)
    return out
