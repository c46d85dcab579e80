"""``xxgk fill-report``: the annual report, filled from the 统计表, so that no number in it can
disagree with the tables.

The steps, each in its own function:

1. **Read the 统计表** (``check.analyse_file``: the toolkit's own, a unit's own Excel copy of the
   official tables, or a JSON table). A 台账 is a usage error (aggregate it first). A table whose
   checks find an error (R1–R7 …, or a 2019/hybrid layout) is refused: ``ok=False`` with its
   findings, and nothing is written (a final output is never written from inputs with errors).
   The 信息处理费 charged comes from the aggregate's 来源 sheet (``provenance.FEE_LABEL``, in 元);
   without it the placeholder stays empty, with a note and an R16 warning.
2. **Last year's 统计表** (``previous``): read and checked the same way; R11/R10 against this year
   (``aggregate``'s check); it fills the 上年比较 placeholders (``…_较上年``).
3. **Check the template before rendering**: Jinja syntax errors (a ``{{ }}`` broken by Word's
   autocorrect) → one ``UsageError`` naming the paragraph; placeholders that are not documented
   names (``report_vars.variables()``) → one ``UsageError`` listing them with the closest known
   names; 上年比较 placeholders without ``previous`` → one ``UsageError``.
4. **Render** with docxtpl (autoescape, strict undefined) and check the narrative — the paragraphs
   outside the tables (R14/R15 warnings, never blocking):

   - R15 unfinished markers: every ``【…】`` left in the filled report;
   - R15 years: a year 2000–2099 written as a year (``2023年``, ``2023-05-01``) in the template's
     own text (not in a placeholder's value) other than the report year. Not reported: the next
     year (plans in 五、改进情况: ``2025年，我局将…``); an earlier year right after 上年/去年/上一年/
     较/比/同期 (``较2023年增加``); a year inside 《…》 (a document's title); a year followed by
     修订/修正/版/第 (``条例（2019年修订）``). File numbers such as ``〔2021〕30号`` and
     ``国务院令第711号`` are not years (no 年 follows) and are never reported;
   - R14 numbers: an Arabic number followed by 件/个/条/项/次/元/万元 typed into the template's own
     text (``收到申请17件``) that equals no figure of the tables or of the placeholder values
     (any number in any value counts, the fee in 元 and 万元 both); ordinals (``第3条``) and
     periods (``20个工作日``, ``3个月``) are not counts;
   - R16: the fee unknown (above); 三.六.2 > 0 while the report never mentions a 收费通知.

5. **Write** the .docx deterministically (``docx_util.normalize_docx``) and atomically; with
   ``html`` the web copy beside it (``report_html``); with ``pdf`` a PDF by LibreOffice headless
   (a temporary profile, a timeout; a note, not an error, when LibreOffice is missing or fails).

The default template is ``report_template.write_report_template`` written into a temporary folder
on each run: it is the code's own current template, it works installed (``workbooks/`` is not
package data), and it cannot drift from the committed copy. The inputs are read into memory and
never modified.
"""

from __future__ import annotations

import difflib
import html as html_lib
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput, UsageError
from toolkit.files import atomic_write
from toolkit.findings import ERROR, Finding
from toolkit.report import variables as report_vars
from toolkit.report.docx import normalize_docx
from toolkit.table import Table, UnitInfo
from toolkit.write.provenance import read_fee

__all__ = ["ReportResult", "fill_report"]

LIST_VARIABLES = "xxgk template report --list-variables"
DEFAULT_TEMPLATE_NAME = "政府信息公开工作年度报告模板.docx"
DEFAULT_TEMPLATE_LABEL = "默认年报模板"
MAX_TEMPLATE_SIZE = 64 << 20  # a report template is well under 1 MB; photos make a few MB
MAX_TEMPLATE_UNCOMPRESSED = 256 << 20
MAX_TEMPLATE_RATIO = 200
SOFFICE_TIMEOUT = 180  # seconds
SNIPPET_CHARS = 18  # characters quoted on each side of a finding in a paragraph
NO_SOFFICE_NOTE = "未安装 LibreOffice，未生成 PDF（Debian：apt-get install libreoffice-writer-nogui）"
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
) -> ReportResult:
    """Fill the report template from the 统计表 ``stats`` into ``output`` (.docx).

    Raises ``UsageError`` (wrong arguments, a 台账 given, a template with unknown placeholders or
    broken syntax) and ``UnreadableInput``; returns ``ok=False`` with the findings when the
    统计表 (or last year's) has errors.
    """
    stats, output = Path(stats), Path(output)
    template = Path(template) if template is not None else None
    previous = Path(previous) if previous is not None else None
    _check_paths(stats, output, template, previous)
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
        before, findings = _read_previous(previous, source)
        result.findings += findings
        if any(f.is_error for f in findings):
            result.notes.append("上年统计表有错误或与本年不衔接，未生成年度报告：请按提示核对后重试")
            return result

    context = report_vars.values(source.table, source.info, fee_yuan=source.fee, previous=before)
    if source.fee is None:
        _fee_unknown(stats, result)
    with _template_file(template) as (template_path, display):
        data = _read_template(template_path, display)
    rendered = _render(data, display, context, year=source.year, table=source.table, default=template is None)
    result.findings += rendered.findings
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
    """The .docx (deterministic bytes, atomically), then the HTML and PDF copies beside it."""
    data = normalize_docx(rendered.data, title=_title(rendered.document, context))
    atomic_write(output, data)
    result.docx = output
    result.ok = True
    if html:
        from docx import Document

        from toolkit.report.html import write_report_html

        document = Document(io.BytesIO(data))
        result.html = write_report_html(document, context, table, output.with_suffix(".html"))
    if pdf:
        result.pdf = _convert_to_pdf(output, output.with_suffix(".pdf"), result.notes)


# ---------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------
def _check_paths(stats: Path, output: Path, template: Path | None, previous: Path | None) -> None:
    if output.suffix.lower() != ".docx":
        raise UsageError(f"输出文件应以 .docx 结尾：{output}")
    if output.is_dir():
        raise UsageError(f"输出应为 .docx 文件，不是文件夹：{output}")
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
        if not template.exists():
            raise UsageError(f"找不到模板文件：{template}（可用 xxgk template report 生成标准模板）")


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
    from toolkit.check import analyse_file

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


def _read_previous(previous: Path, source: _Source) -> tuple[Table | None, list[Finding]]:
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
    from toolkit.aggregate import _previous_year  # R11 and R10, as aggregate --previous checks them

    return table.with_totals(), _previous_year(source.table, previous)


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


def _environment() -> Any:
    """A sandboxed Jinja environment: a template is someone else's file (counties email them to
    their towns), so it may only name values — no attribute access, calls or filters."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _only_bare_names(parsed: Any, where: str, display: str) -> None:
    """Refuse any template syntax except ``{{名称}}``: no filters, expressions, tags or calls."""
    from jinja2 import nodes

    for node in parsed.find_all(nodes.Node):
        if isinstance(node, nodes.Template | nodes.Output | nodes.TemplateData | nodes.Name):
            continue
        raise UsageError(
            f"模板的“{where}”中有占位符之外的写法（如过滤器、运算或 {{% %}} 语句）："
            f"模板中只能使用 {{{{名称}}}} 形式的占位符，请改正后再试；全部可用的名称见 {LIST_VARIABLES}",
            path=display,
        )


def _open_template(data: bytes, display: str) -> Any:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # python-docx's errors name package parts; say it plainly
        raise UnreadableInput(
            "无法打开模板（文件可能已损坏），请在 Word/WPS 中打开并另存为 .docx 后再试", path=display
        ) from None
    return tpl


def _template_parts(tpl: Any) -> Iterator[tuple[str, str]]:
    """(where, Jinja source) of every part docxtpl renders: body, headers, footers, footnotes,
    document properties. Lines are split before each paragraph, as docxtpl renders them."""
    body = tpl.patch_xml(tpl.get_xml())
    yield "正文", re.sub(r"<w:p([ >])", r"\n<w:p\1", body)
    for uri, where in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for _, part in tpl.get_headers_footers(uri):
            yield where, re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_part_xml(part)))
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            yield "脚注", re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(blob))
    props = tpl.docx.core_properties
    # the properties docxtpl renders
    for attr in ("author", "comments", "identifier", "language", "subject", "title"):
        where = f"文档属性 {attr}"
        value = getattr(props, attr, None)
        if value:
            yield where, value


def _plain(xml_line: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", xml_line)).strip()


def _syntax_error(where: str, source: str, err: Any, display: str) -> UsageError:
    lines = source.splitlines()
    line = lines[err.lineno - 1] if err.lineno and 0 < err.lineno <= len(lines) else ""
    text = _plain(line)
    at = max(text.find("{"), 0)
    quoted = _around(text, at, at + 2, width=24) if text else ""
    place = f"{where}段落“{quoted}”" if quoted else where
    return UsageError(
        f"模板中的占位符写法有误（{place}）：占位符只能写成 {{{{名称}}}}，两边各两个半角花括号，"
        "名称中不能有空格、引号等符号（Word 的自动更正可能把引号改成了弯引号）；请改正后重试",
        path=display,
    )


TABLE_GROUPS = ("表二", "表三", "表四")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def _table_placeholders(tpl: Any) -> set[str]:
    """The placeholder names written inside the template's Word tables."""
    names: set[str] = set()
    for table in tpl.docx.tables:
        for row in table.rows:
            for cell in row.cells:
                names.update(_PLACEHOLDER.findall(cell.text))
    return names


def _check_template(tpl: Any, context: Mapping[str, str], display: str) -> set[str]:
    """Parse every part; raise ``UsageError`` on a syntax error or an unknown placeholder."""
    from jinja2 import TemplateSyntaxError, meta

    env = _environment()
    used: set[str] = set()
    for where, source in _template_parts(tpl):
        try:
            parsed = env.parse(source)
        except TemplateSyntaxError as err:
            raise _syntax_error(where, source, err, display) from None
        except (RecursionError, MemoryError):
            raise UsageError(
                "模板中的占位符写法过于复杂，无法读取；请只使用 {{名称}} 形式的占位符", path=display
            ) from None
        _only_bare_names(parsed, where, display)
        used |= meta.find_undeclared_variables(parsed)
    known = [v.name for v in report_vars.variables()]
    unknown = sorted(used - set(known) - set(context))
    if unknown:
        described = []
        for name in unknown:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = f"（相近的有：{'、'.join(close)}）" if close else ""
            described.append(f"{{{{{name}}}}}{hint}")
        raise UsageError(
            f"模板中有 {len(unknown)} 个占位符不是可用的名称：{'；'.join(described)}。"
            f"请改为正确的名称，全部可用的占位符见 {LIST_VARIABLES}",
            path=display,
        )
    needs_previous = sorted(
        name for name in used if name not in context and name.endswith(report_vars.YOY_SUFFIX)
    )
    if needs_previous:
        names = "、".join(f"{{{{{n}}}}}" for n in needs_previous[:5])
        raise UsageError(
            f"模板使用了与上年比较的占位符 {names}："
            "请用 --previous 指定上年的统计表，或从模板中删去这些占位符",
            path=display,
        )
    missing = sorted(name for name in used if name not in context)
    if missing:  # a documented name without a value (not expected): say so rather than render blanks
        raise UsageError(f"统计表中没有模板所需的数据：{'、'.join(missing)}", path=display)
    in_tables = _table_placeholders(tpl)
    present = {v.group for v in report_vars.variables() if v.group in TABLE_GROUPS and v.name in in_tables}
    absent = [v for v in report_vars.variables() if v.group in present and v.name not in in_tables]
    if absent:  # a number typed over a placeholder, or a deleted row, would be published unchecked
        shown = "、".join(f"{v.meaning}（{{{{{v.name}}}}}）" for v in absent[:3])
        raise UsageError(
            f"模板的官方表格缺少 {len(absent)} 个占位符，如：{shown}。表格中的每个数字都必须是占位符，"
            "不能手工填写或删除行；请用 xxgk template report 重新生成模板中的表格",
            path=display,
        )
    return used


def _render(
    data: bytes, display: str, context: dict[str, str], *, year: int, table: Table, default: bool
) -> _Rendered:
    from jinja2 import TemplateError

    tpl = _open_template(data, display)
    used = _check_template(tpl, context, display)
    literal = _narrative(tpl.docx, literal=True)
    try:
        tpl.render(context, _environment(), autoescape=True)
    except TemplateError:
        raise UsageError(
            f"模板无法填写（占位符写法有误），请对照 {LIST_VARIABLES} 检查模板中的 {{{{…}}}}", path=display
        ) from None
    buffer = io.BytesIO()
    tpl.save(buffer)
    from docx import Document

    # re-read: python-docx caches the body object that docxtpl's render replaced
    document = Document(io.BytesIO(buffer.getvalue()))
    path = DEFAULT_TEMPLATE_LABEL if default else display
    findings: list[Finding] = []
    notes: list[str] = []
    rendered = _narrative(document, literal=False)
    findings += _marker_findings(rendered, path, default)
    findings += _year_findings(literal, year, path)
    findings += _number_findings(literal, _figures(context), path)
    findings += _fee_notice_findings(rendered, table, path)
    if not used:
        notes.append("模板中没有任何占位符：年报正文和表格的数字不会取自统计表")
    notes += _missing_tables(document)
    return _Rendered(buffer.getvalue(), document, findings, notes)


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
# The narrative checks (R14, R15, R16)
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Paragraph:
    section: str  # the section heading it is under ('' before the first)
    text: str  # as written (literal: placeholders kept)
    plain: str  # full-width digits made ASCII; literal: every placeholder masked with _HOLE


_HOLE = "\ufffc"  # masks a placeholder (same length, so positions match the text): matches nothing
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_SECTION_NORMS = {form.normalize_label(h): h for h in form.SECTION_HEADINGS}


def _narrative(document: Any, *, literal: bool) -> list[_Paragraph]:
    """The paragraphs outside the tables (body level), each with the section it is under."""
    out: list[_Paragraph] = []
    section = ""
    for paragraph in document.paragraphs:
        text = paragraph.text
        if not text.strip():
            continue
        norm = form.normalize_label(text)
        for heading_norm, heading in _SECTION_NORMS.items():
            if norm.startswith(heading_norm):
                section = heading
        plain = _JINJA.sub(lambda m: _HOLE * len(m.group(0)), text) if literal else text
        out.append(_Paragraph(section, text, plain.translate(_DIGITS)))
    return out


def _around(text: str, start: int, end: int, *, width: int = SNIPPET_CHARS) -> str:
    left = max(start - width, 0)
    right = min(end + width, len(text))
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def _where(paragraph: _Paragraph) -> str:
    return f"“{paragraph.section}”中" if paragraph.section else "标题和开头部分"


_MARKER = re.compile(r"【[^【】]*(?:】|$)")


def _marker_findings(paragraphs: list[_Paragraph], path: str, default: bool) -> list[Finding]:
    """One R15 per 【…】 left in a unit's template; with the default template (whose places are all
    still open, one cause) one R15 saying how many and where."""
    found = [(p, m.group(0)) for p in paragraphs for m in _MARKER.finditer(p.text)]
    if not found:
        return []
    if default:
        sections: dict[str, int] = {}
        for p, _ in found:
            sections[p.section] = sections.get(p.section, 0) + 1
        where = "，".join(f"{section or '开头部分'} {n} 处" for section, n in sections.items())
        return [
            Finding(
                "R15",
                path,
                f"使用的是默认模板，正文中有 {len(found)} 处【…】需要本单位填写（{where}）",
                "先用 xxgk template report 生成模板，在 Word/WPS 中把【…】换成本单位的实际情况，"
                "再用 -t 指定该模板重新生成",
            )
        ]
    findings = []
    for p, marker in found:
        quoted = marker if len(marker) <= 40 else marker[:39] + "…"
        findings.append(
            Finding(
                "R15",
                path,
                f"{_where(p)}还有未完成的内容：{quoted}",
                "在模板中把【…】换成本单位的实际情况后重新生成",
            )
        )
    return findings


_YEAR = re.compile(r"(?<![0-9.\-/])(20[0-9][0-9])(?=\s*年|[-./](?:0?[1-9]|1[0-2])[-./][0-9])")
_EARLIER = re.compile(r"(上年|去年|上一年|较|比|同期|对比)[（(]?\s*$")
_CITED_AFTER = re.compile(r"\s*年?\s*(修订|修正|版|第)")


def _in_title(text: str, at: int) -> bool:
    """Whether position ``at`` lies inside 《…》."""
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


def _year_findings(paragraphs: list[_Paragraph], year: int, path: str) -> list[Finding]:
    findings = []
    for p in paragraphs:
        text = p.plain
        for m in _YEAR.finditer(text):
            found = int(m.group(1))
            if found in (year, year + 1):
                continue
            before, after = text[max(m.start() - 4, 0) : m.start()], text[m.end() :]
            if found < year and _EARLIER.search(before):
                continue
            if _in_title(text, m.start()) or _CITED_AFTER.match(after[:4]):
                continue
            findings.append(
                Finding(
                    "R15",
                    path,
                    f"{_where(p)}写有“{found}年”（{_around(p.text, m.start(), m.end())}），"
                    f"而本报告是{year}年度",
                    "如是上一年报告留下的文字，请改为本年度（或写成 {{统计年度}}年，由统计表填写）；"
                    "与上年比较、引用文件文号或法规修订年份的，可忽略本提醒",
                )
            )
    return findings


_COUNT = re.compile(r"(?<![0-9.A-Za-z])([0-9]+(?:\.[0-9]+)?)\s*(万元|元|件|个|条|项|次)")
_PERIOD_AFTER = re.compile(r"\s*(工作日|自然日|月|小时|星期|工作)")


def _figures(context: Mapping[str, str]) -> set[Decimal]:
    """Every number the tables and placeholder values hold (table cells, sums, differences, fee)."""
    figures: set[Decimal] = set()
    for value in context.values():
        for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", str(value).translate(_DIGITS)):
            figures.add(Decimal(m.group(0)))
    return figures


def _number_findings(paragraphs: list[_Paragraph], figures: set[Decimal], path: str) -> list[Finding]:
    findings = []
    for p in paragraphs:
        text = p.plain
        for m in _COUNT.finditer(text):
            number, unit = Decimal(m.group(1)), m.group(2)
            if text[max(m.start() - 1, 0) : m.start()] == "第":
                continue  # an ordinal: 第3条
            if unit == "个" and _PERIOD_AFTER.match(text[m.end() : m.end() + 4]):
                continue  # a period: 20个工作日, 3个月
            scaled = {number}
            if unit == "元":
                scaled.add(number / 10000)
            elif unit == "万元":
                scaled.add(number * 10000)
            if any(n == f for n in scaled for f in figures):
                continue
            quoted = m.group(0).replace(" ", "")
            context_text = _around(p.text, m.start(), m.end())
            findings.append(
                Finding(
                    "R14",
                    path,
                    f"{_where(p)}手工写的“{quoted}”（{context_text}）与统计表中的任何数字都不一致",
                    "年报中的数字应取自统计表：请改用占位符（如 {{本年新收}}，全部占位符见 "
                    f"{LIST_VARIABLES}）；如确是其他口径的数字（如备案件数），可忽略本提醒",
                )
            )
    return findings


def _fee_notice_findings(paragraphs: list[_Paragraph], table: Table, path: str) -> list[Finding]:
    key = "三.六.2"
    count = table.sec3[key][form.TOTAL_COL] or 0
    if count <= 0 or any("收费通知" in p.plain for p in paragraphs):
        return []
    return [
        Finding(
            "R16",
            path,
            f"表三“{form.SEC3_ROW[key].label}”有 {count} 件，但年报正文没有提到收费通知",
            f"请在“{form.SECTION_HEADINGS[5]}”中说明本年发出收费通知及收取信息处理费的情况",
            key=key,
            column=form.SEC3_TOTAL_COLUMN,
        )
    ]


# ---------------------------------------------------------------------------------------
# PDF by LibreOffice
# ---------------------------------------------------------------------------------------
def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert_to_pdf(docx: Path, target: Path, notes: list[str]) -> Path | None:
    """``docx`` → ``target`` by LibreOffice headless; a note (and None) when it cannot."""
    soffice = _soffice()
    if soffice is None:
        notes.append(NO_SOFFICE_NOTE)
        return None
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as folder:
        work = Path(folder)
        profile, out = work / "profile", work / "out"
        out.mkdir()
        source = work / "report.docx"
        shutil.copyfile(docx, source)
        args = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            subprocess.run(
                args, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            notes.append(f"LibreOffice 转换超时（{SOFFICE_TIMEOUT} 秒），未生成 PDF")
            return None
        except OSError:
            notes.append("无法运行 LibreOffice，未生成 PDF")
            return None
        produced = out / "report.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            notes.append("LibreOffice 未能转换出 PDF，可在 Word/WPS 中打开年报后另存为 PDF")
            return None
        atomic_write(target, produced.read_bytes())
    return target
