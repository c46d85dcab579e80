"""The human-readable report of ``check``: grouped by file, counts first, then each finding with
``file · sheet!cell``, rule, message and how to fix it. Plain text, GBK-safe (√ ×). Also the command
line's own words (help layout, usage errors) in Chinese, for cli.py's command classes."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.findings import ERROR, FORMAT, SEVERITY_WORDS, FileReport, Finding, Report, cell_ref
from toolkit.read.cells import printable, snippet

if TYPE_CHECKING:
    from rich.progress import Progress

EXCLUDED_SHOWN = 10  # rows not counted printed on the console; all are in 来源 and --json
SAME_ERROR_SHOWN = 5  # unreadable files with the same reason printed one by one; the rest counted
MARK = {ERROR: "×", "warning": "!", "format": "·"}


def short_name(path: str) -> str:
    """The file's name, or for a member of a zip the zip's name and the member's path in it
    (``东湖乡报送材料.zip › 西山镇/台账.xlsx``): two members called 台账.xlsx stay apart."""
    head, sep, member = path.partition(" › ")
    return f"{Path(head).name}{sep}{member}" if sep else Path(path).name


def location(finding: Finding) -> str:
    """``台账.xlsx · 申请台账!D12`` (``Finding.location`` with a zip's member named in full)."""
    name = short_name(finding.path)
    if finding.sheet and finding.cell:
        return f"{name} · {cell_ref(finding.sheet, finding.cell)}"
    return f"{name} · {finding.sheet}" if finding.sheet else name


def finding_lines(finding: Finding, indent: str = "  ") -> list[str]:
    """``× 错误 L3  台账.xlsx · 申请台账!B12  …`` and the fix on the next line."""
    lines = [
        f"{indent}{MARK.get(finding.severity, '·')} {SEVERITY_WORDS[finding.severity]} {finding.rule}  "
        f"{location(finding)}  {finding.message}"
    ]
    if finding.hint:
        lines.append(f"{indent}    修改：{finding.hint}")
    return lines


def render_file(file: FileReport, across: int = 0) -> list[str]:
    """The lines of one input; ``across``: how many findings across files name it (listed after the
    files), so that a file they concern is never called clean."""
    name = short_name(file.path)
    kinds = {"log": "台账", "stats": "统计表", "json": "JSON 表格", "report": "年度报告"}
    kind = kinds.get(file.kind, file.kind)
    if file.error:
        return [f"× {file.path}：{file.error}"]
    unread = _unread(file)
    if not file.findings and across:
        lines = [f"! {name}（{kind}）：本文件未发现问题{unread}，与其他文件比较有 {across} 个问题（见下）"]
    elif not file.findings and unread:
        lines = [f"! {name}（{kind}）：未发现问题{unread}"]
    elif not file.findings:
        lines = [f"√ {name}（{kind}）：未发现问题"]
    else:
        formats = sum(f.severity == FORMAT for f in file.findings)
        counts = f"{file.errors} 个错误，{file.warnings - formats} 个提醒"
        if formats:
            counts += f"，{formats} 个格式问题"
        lines = [f"{'×' if file.errors else '!'} {name}（{kind}）：{counts}{'' if file.errors else unread}"]
    for finding in file.findings:
        lines += finding_lines(finding)
    lines += [f"  说明：{note}" for note in file.notes]
    return lines


def _cells(values: Any) -> list[Any]:
    if isinstance(values, dict):
        return [v for value in values.values() for v in _cells(value)]
    if isinstance(values, list):
        return [v for value in values for v in _cells(value)]
    return [values]


def _unread(file: FileReport) -> str:
    """``，但只读到表二、表四`` for a report or 统计表 whose official tables were not all read (a
    table not found, rows of one missing: their cells are null in the table read), "" otherwise:
    a file is never called clean where part of it was not checked."""
    if file.kind not in ("stats", "report") or file.table is None:
        return ""
    data = file.table.to_json()
    parts = {
        "表二": _cells(data.get("sec2")),
        "表三": _cells(data.get("sec3")),
        "表四": _cells(data.get("sec4")),
    }
    whole = [name for name, cells in parts.items() if cells and all(v is not None for v in cells)]
    some = [name for name, cells in parts.items() if any(v is not None for v in cells) and name not in whole]
    if len(whole) == len(parts):
        return ""
    if not whole and not some:
        return "，但没有读到统计表（只检查了正文）" if file.kind == "report" else "，但没有读到统计表的数字"
    read = "、".join([*whole, *(f"{name}的一部分" for name in some)])
    return f"，但只读到{read}（未读到的部分没有检查）"


def render_findings(findings: list[Finding], notes: list[str]) -> str:
    """Findings and notes not tied to one input file (fill-report's template checks)."""
    lines = [line for finding in findings for line in finding_lines(finding, indent="")]
    lines += [f"说明：{note}" for note in notes]
    return printable("\n".join(lines))


def render(report: Report) -> str:
    return printable(_render(report))


def _same_errors(files: list[FileReport]) -> tuple[set[int], list[str]]:
    """Unreadable files beyond the first few with the same reason: their ids (not printed one by one) and
    one line per reason counting them (--json lists them all)."""
    by_error: dict[str, list[FileReport]] = {}
    for file in files:
        if file.error:
            by_error.setdefault(file.error, []).append(file)
    hidden: set[int] = set()
    lines = []
    for error, same in by_error.items():
        if len(same) > SAME_ERROR_SHOWN:
            hidden.update(id(f) for f in same[SAME_ERROR_SHOWN:])
            lines += [f"× ……另有 {len(same) - SAME_ERROR_SHOWN} 个文件同样无法读取：{error}", ""]
    return hidden, lines


def _render(report: Report) -> str:
    lines: list[str] = []
    hidden, more = _same_errors(report.files)
    across = list(getattr(report, "across", []))
    for file in report.files:
        if id(file) not in hidden:
            lines += render_file(file, sum(f.path == file.path for f in across))
            lines.append("")
    lines += more
    for finding in across:
        lines += finding_lines(finding, indent="")
    if across:
        lines.append("")
    lines += [f"说明：{note}" for note in report.notes]
    unreadable = sum(1 for f in report.files if f.error)
    with_errors = sum(1 for f in report.files if f.errors)
    summary = f"共检查 {len(report.files)} 个文件：{with_errors} 个有错误"
    if unreadable:
        summary += f"，{unreadable} 个无法读取"
    partly = sum(1 for f in report.files if not f.error and _unread(f))
    if partly:
        summary += f"，{partly} 个的统计表没有全部读到（见各文件的说明）"
    across_errors = sum(1 for f in across if f.severity == ERROR)
    if across_errors:
        summary += f"，{across_errors} 个跨文件的错误（汇总时会因此不生成统计表）"
    summary += "。" if report.ok else "。请按上面的提示修改后重新检查。"
    lines.append(summary)
    return "\n".join(lines)


def render_aggregate(result: Any) -> str:
    """The aggregate's report: files with problems in full, clean files counted, then the outcome."""
    from toolkit import form

    lines: list[str] = []
    clean = 0
    hidden, more = _same_errors(result.files)
    for file in result.files:
        if id(file) in hidden:
            continue
        if file.error or file.findings:
            lines += render_file(file)
            lines.append("")
        else:
            clean += 1
    lines += more
    if clean:
        lines.append(f"√ {clean} 个文件没有发现问题")
    for finding in result.findings:
        lines += finding_lines(finding, indent="")
    lines += [f"说明：{note}" for note in result.notes]
    if result.rows_read:
        lines.append(
            f"读取 {result.rows_read} 行，计入 {result.counted} 行，未计入 {len(result.excluded)} 行"
        )
    for item in result.excluded[:EXCLUDED_SHOWN]:
        lines.append(f"  未计入：{Path(item.path).name} · {item.sheet} 第 {item.row} 行：{item.reason}")
    if len(result.excluded) > EXCLUDED_SHOWN:
        lines.append(f"  ……共 {len(result.excluded)} 行未计入，全部列在输出文件的“来源”页和 --json 中")
    if result.ok:
        t = result.table
        n = {key: t.sec3[key][form.TOTAL_COL] for key in form.SEC3_KEYS}
        lines.append(
            f"已生成：{result.output}（{t.unit} {t.year} 年，{len(result.units)} 个单位）："
            f"本年新收 {n[form.RECEIVED_KEY]} 件，上年结转 {n[form.CARRIED_IN_KEY]} 件，"
            f"办结 {n[form.RESULTS_TOTAL_KEY]} 件，结转下年度 {n[form.CARRIED_OUT_KEY]} 件"
        )
    else:
        lines.append("未生成统计表：请按上面的提示修改后重新汇总。")
    return printable("\n".join(line for line in lines if line is not None))


def progress_printer() -> Callable[[int, int, str], None] | None:
    """Progress on stderr when it is a terminal and there are many files: a rich bar on a UTF-8
    console, a plain counter elsewhere (GBK consoles cannot show every bar character)."""
    if not sys.stderr.isatty():
        return None
    bars: list[Progress] = []  # the bar, once started
    utf8 = (getattr(sys.stderr, "encoding", "") or "").lower().replace("-", "") == "utf8"

    def show(n: int, total: int, name: str) -> None:
        if total < 10:
            return
        if utf8:
            if not bars:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeElapsedColumn,
                )

                bar = Progress(
                    TextColumn("读取"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                bar.start()
                bar.add_task("读取", total=total)
                bars.append(bar)
            bar = bars[0]
            bar.update(bar.task_ids[0], completed=n)
            if n == total:
                bar.stop()
            return
        end = "\n" if n == total else ""
        sys.stderr.write(f"\r读取 {n}/{total} …" + end)
        sys.stderr.flush()

    return show


# ---------------------------------------------------------------------------------------
# The command line's own words: typer (0.29) bundles click with English help and usage errors.
# cli.py's command classes call these; this module never imports typer, so click's objects are
# read by their documented attributes (opts, metavar, required, …) and its exceptions by class name.
# ---------------------------------------------------------------------------------------
USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]…"
SECTION_ARGUMENTS, SECTION_OPTIONS, SECTION_COMMANDS = "参数", "选项", "命令"
HELP_OPTION_WORDS = "显示本说明并退出"
#: the value's kind when an option was declared without a metavar (typer would print <path>, <str>)
VALUE_WORDS = {"Path": "路径", "str": "文字", "int": "整数", "float": "数字", "bool": "是或否"}
#: pydantic's error types (typer 0.29 converts values with pydantic) → what the value should be
VALUE_ERRORS = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 是/否（true/false、1/0）",
    "date_parsing": "应为日期，如 2024-03-05",
    "date_from_datetime_parsing": "应为日期，如 2024-03-05",
    "datetime_parsing": "应为日期时间，如 2024-03-05 08:30",
    "greater_than": "太小",
    "greater_than_equal": "太小",
    "less_than": "太大",
    "less_than_equal": "太大",
}
#: click messages that carry no attribute to translate from, compared whole (tests/test_cli_chinese.py
#: checks that the installed typer still spells them so)
MISSING_COMMAND = "Missing command."


def value_name(param: Any) -> str:
    """What an option's value or an argument is, in Chinese: its metavar (``文件…``, ``年份``), or
    else the kind of its type."""
    if param.metavar:
        return str(param.metavar)
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False):
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    annotation = getattr(descriptor, "annotation", None)
    word = VALUE_WORDS.get(getattr(annotation, "__name__", ""), "值")
    return f"{word}…" if param.nargs != 1 or getattr(param, "multiple", False) else word


def usage_pieces(params: list[Any], group: bool) -> str:
    """``[选项] 文件或文件夹…`` (a command) or ``[选项] 命令 [参数]…`` (a group)."""
    pieces = [OPTIONS_METAVAR]
    for param in params:
        if param.param_type_name == "argument" and not param.hidden:
            name = value_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if group:
        pieces.append(SUBCOMMAND_METAVAR)
    return " ".join(pieces)


def write_usage(formatter: Any, command_path: str, params: list[Any], group: bool) -> None:
    """``用法：xxgk check [选项] 文件…`` into click's help formatter."""
    formatter.write_usage(command_path, usage_pieces(params, group), prefix=USAGE_PREFIX)


def write_help_sections(formatter: Any, params: list[Any], commands: dict[str, Any]) -> None:
    """The 参数, 选项 and 命令 sections of ``--help`` into click's help formatter, lined up by columns."""
    sections: list[tuple[str, list[tuple[str, str] | None]]] = [
        (SECTION_ARGUMENTS, [help_record(p) for p in params if p.param_type_name == "argument"]),
        (SECTION_OPTIONS, [help_record(p) for p in params if p.param_type_name == "option"]),
        (
            SECTION_COMMANDS,
            [(n, c.get_short_help_str(limit=500)) for n, c in commands.items() if not c.hidden],
        ),
    ]
    for heading, found in sections:
        rows = [row for row in found if row is not None]
        if rows:
            with formatter.section(heading):
                lines = definition_lines(rows, formatter.width, formatter.current_indent)
                formatter.write("\n".join(lines) + "\n")


def help_record(param: Any) -> tuple[str, str] | None:
    """One row of ``--help``: the option's names and value (or the argument's name), and its help with
    [必填] or [默认：…]."""
    if param.hidden:
        return None
    if param.param_type_name == "argument":
        name = value_name(param)
    else:
        name = ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda o: o.startswith("--")))
        if not param.is_flag:
            name += f" {value_name(param)}"
    extra = []
    default = param.default
    show = param.show_default
    if isinstance(show, str):
        extra.append(f"默认：{show}")
    elif (
        show is not False
        and not getattr(param, "is_flag", False)
        and default not in (None, "", (), [])
        and not callable(default)
    ):
        extra.append(f"默认：{default}")
    if param.required:
        extra.append("必填")
    words = param.help or ""
    if extra:
        words = f"{words}  [{'；'.join(extra)}]".strip()
    return name, words


CLOSING = "，。；：、）」』”！？"  # never at the start of a wrapped line


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_width(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken between Chinese characters or at spaces."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[!-~]+| +|.", text):
        if line and display_width(line + token) > width and token not in CLOSING:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines or [""]


def definition_lines(rows: list[tuple[str, str]], width: int, indent: int) -> list[str]:
    """click's two-column list (``HelpFormatter.write_dl``) measured in columns, not characters, so
    that Chinese names and help line up."""
    first = min(max(display_width(name) for name, _ in rows), 30)
    column = indent + first + 2
    lines = []
    for name, words in rows:
        wrapped = wrap_width(words, max(width - column, 20))
        pad = first - display_width(name) + 2
        if pad < 2:  # a name too long for the column: its help starts on the next line
            lines.append(" " * indent + name)
            lines += [" " * column + w for w in wrapped]
            continue
        lines.append(" " * indent + name + " " * pad + wrapped[0])
        lines += [" " * column + w for w in wrapped[1:]]
    return [line.rstrip() for line in lines]


def usage_error_words(err: Any) -> str:
    """A usage error (click's, or cli.py's own) as one Chinese line and where to read the usage."""
    ctx = getattr(err, "ctx", None)
    path = ctx.command_path if ctx is not None else "xxgk"
    return f"错误：{_usage_error_line(err)}\n用 {path} --help 查看用法和全部选项。"


def _usage_error_line(err: Any) -> str:
    kind = {cls.__name__ for cls in type(err).__mro__}
    message = str(getattr(err, "message", "") or "")
    if "UnknownCommand" in kind:
        line = f"没有“{err.name}”这个命令"
        if err.matches:
            line += f"，是不是要用 {'、'.join(err.matches)}？"
        return line
    if "ExtraArguments" in kind:
        return f"多出了参数：{' '.join(err.extra)}（含空格的路径请用引号括起来）"
    if "NoSuchOption" in kind:
        line = f"没有 {err.option_name} 这个选项"
        if err.possibilities:
            line += f"，是不是要用 {'、'.join(sorted(err.possibilities))}？"
        return line
    if "BadOptionUsage" in kind:
        param = _option(err.ctx, err.option_name)
        if param is not None and param.is_flag:
            return f"选项 {err.option_name} 是开关，后面不能跟值"
        what = value_name(param) if param is not None else "值"
        return f"选项 {err.option_name} 后面缺少{what}"
    if "MissingParameter" in kind and err.param is not None:
        param = err.param
        about = f"（{param.help}）" if param.help else ""
        if param.param_type_name == "argument":
            return f"缺少{value_name(param)}{about}"
        return f"缺少选项 {' / '.join(param.opts)}{about}"
    if "BadParameter" in kind:
        return _bad_value(err)
    if "BadArgumentUsage" in kind:
        return "参数的个数不对"
    if message == MISSING_COMMAND:
        return "缺少命令"
    return printable(message) if _chinese(message) else "命令行有误"


def _chinese(message: str) -> bool:
    """A message written by us (in Chinese), not one of click's English ones (which may quote a Chinese
    value): Chinese characters and no English word besides option names and file suffixes."""
    words = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*|\.[A-Za-z]+\b", " ", message)
    return re.search("[\u4e00-\u9fff]", message) is not None and re.search("[A-Za-z]{3}", words) is None


def _option(ctx: Any, name: str) -> Any:
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", []):
        if name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _bad_value(err: Any) -> str:
    """``选项 --n 的值“x”无效：应为整数``: from the value's type (typer's type descriptor) and the
    converter's structured error (pydantic's ``errors()``), never from the English message."""
    param = err.param
    if param is None:
        where = "参数"
    elif param.param_type_name == "argument":
        where = value_name(param)
    else:
        where = f"选项 {' / '.join(param.opts)}"
    message = str(err.message or "")
    if _chinese(message):  # raised by us, in Chinese
        return f"{where}：{message}"
    cause = err.__cause__
    errors = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    first = errors[0] if errors else {}
    value = first.get("input")
    shown_value = f"“{snippet(str(value), 30)}”" if isinstance(value, str | int | float) else ""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False):
        choices = "、".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
        why = f"应为以下之一：{choices}"
    elif first:
        why = VALUE_ERRORS.get(str(first.get("type")), "格式不对")
    else:
        why = _path_words(getattr(descriptor, "parameter_info", None))
    return f"{where} 的值{shown_value}无效：{why}"


def _path_words(info: Any) -> str:
    """A path refused by its declared checks (exists, file_okay, dir_okay, readable, writable)."""
    if info is None:
        return "格式不对"
    file_ok, dir_ok = getattr(info, "file_okay", True), getattr(info, "dir_okay", True)
    kind = "文件" if file_ok and not dir_ok else "文件夹" if dir_ok and not file_ok else "文件或文件夹"
    return f"应为一个存在、可以读写的{kind}，请检查路径"
