"""A report template checked before it is rendered: its placeholders and their syntax.

A template is someone else's file (counties email them to their towns) edited in Word/WPS, whose
autocorrect breaks ``{{ }}``. Before anything is filled, ``check_template``:

- parses every part that is filled (``render.template_parts``: body, headers, footers, footnotes,
  endnotes, document properties): docxtpl's ``{{p 名称}}``/``{{r 名称}}`` (and ``tr``/``tc``) forms →
  one ``UsageError`` saying to write ``{{名称}}`` (they replace the Word paragraph, run, row or cell
  around them and give a document Word calls damaged when the value is text); a Jinja syntax
  error → one ``UsageError`` naming the paragraph; anything but a bare ``{{名称}}`` (filters,
  expressions, tags) → one ``UsageError``;
- placeholders that are not documented names (``variables.variables()``) → one ``UsageError``
  listing them with the closest known names; 上年比较 placeholders without last year's table
  (``…_较上年``) → one ``UsageError``;
- an official table of the template that lacks some of its placeholders (a number typed over
  one, a row deleted) → one ``UsageError``: such a number would be published unchecked.

Rendering uses the same sandboxed environment (``environment()``): no attribute access, calls or
filters.
"""

from __future__ import annotations

import difflib
import html as html_lib
import io
import re
from collections.abc import Mapping
from typing import Any

from toolkit.errors import UnreadableInput, UsageError
from toolkit.report import variables as report_vars
from toolkit.report.narrative import around
from toolkit.report.render import TemplatePart, jinja_source, template_parts
from toolkit.report.variables import LIST_VARIABLES

__all__ = ["check_template", "environment", "open_template"]


def environment() -> Any:
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


def open_template(data: bytes, display: str) -> Any:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # python-docx's errors name package parts; say it plainly
        raise UnreadableInput(
            "无法打开模板（文件可能已损坏），请在 Word/WPS 中打开并另存为 .docx 后再试", path=display
        ) from None
    return tpl


#: docxtpl's paragraph/run/row/cell forms ({{p 名称}}, {{r 名称}}, {{tr …}}, {{tc …}}, and as {% %}/{# #}):
#: they take the Word element around them away and expect rich content in its place, so a plain text value
#: gives a document Word calls damaged
_STRUCTURAL = re.compile(r"\{([{%#])(tr|tc|p|r)\s+(.{0,200}?)\s*[}%#]\}", re.S)


def _structural(part: TemplatePart, display: str) -> None:
    """Refuse docxtpl's ``{{p 名称}}``/``{{r 名称}}`` forms: the report fills text only."""
    if part.kind == "property":
        return
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", part.raw))
    found = _STRUCTURAL.search(text)
    if found is None:
        return
    opening, kind, inner = found.groups()
    closing = {"{": "}}", "%": "%}", "#": "#}"}[opening]
    written = f"{{{opening}{kind} {inner[:40]}{closing}"
    fix = (
        f"请改写为 {{{{{inner[:40]}}}}}（名称前不加 {kind} 和空格）"
        if opening == "{"
        else "请删去它：模板中只能使用 {{名称}} 形式的占位符"
    )
    raise UsageError(
        f"模板的“{part.where}”中有 {written}：这是 docxtpl 替换整段、整行或整个单元格的写法，"
        f"本工具只填写文字，这样会生成 Word 无法打开的文档；{fix}",
        path=display,
    )


def _plain(xml_line: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", xml_line)).strip()


def _syntax_error(where: str, source: str, err: Any, display: str) -> UsageError:
    lines = source.splitlines()
    line = lines[err.lineno - 1] if err.lineno and 0 < err.lineno <= len(lines) else ""
    text = _plain(line)
    at = max(text.find("{"), 0)
    quoted = around(text, at, at + 2, width=24) if text else ""
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


def check_template(
    tpl: Any, context: Mapping[str, str], display: str, parts: list[TemplatePart] | None = None
) -> set[str]:
    """Parse every part; raise ``UsageError`` on a syntax error, a form other than ``{{名称}}`` or an
    unknown placeholder. Returns the names used."""
    from jinja2 import TemplateSyntaxError, meta

    env = environment()
    used: set[str] = set()
    for part in template_parts(tpl, display) if parts is None else parts:
        _structural(part, display)
        where, source = part.where, jinja_source(tpl, part)
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
