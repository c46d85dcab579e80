"""The ``xxgk`` command line: the only module that imports typer.

Each command parses its options, calls one library function, prints, and sets the exit code:
0 fine, 1 problems found, 2 usage error or unreadable input. Messages go to stderr in Chinese.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from toolkit import __version__
from toolkit.errors import OutputError, UnreadableInput, UsageError, XxgkError
from toolkit.files import shown

if TYPE_CHECKING:
    from toolkit.rules.workdays import Calendar

#: click's exceptions: typer 0.29 bundles click (typer._click) and exports only BadParameter, so the
#: module is found through it (with an unbundled click it is click.exceptions: the same classes)
_CLICK = sys.modules[typer.BadParameter.__module__]


class UnknownCommand(_CLICK.UsageError):  # type: ignore[name-defined]
    """``xxgk chek``: the name typed and the commands it is close to (typer words it in English)."""

    def __init__(self, name: str, matches: list[str], ctx: Any) -> None:
        super().__init__(f"no command {name}", ctx)
        self.name, self.matches = name, matches


class ExtraArguments(_CLICK.UsageError):  # type: ignore[name-defined]
    """``xxgk demo a b``: the arguments left over."""

    def __init__(self, extra: list[str], ctx: Any) -> None:
        super().__init__("extra arguments", ctx)
        self.extra = extra


class _Chinese:
    """Help in Chinese: typer's TyperCommand/TyperGroup (click's plain formatter, since
    ``rich_markup_mode=None``) with their usage line, section headings, help option and the
    [required]/[default: …] marks in Chinese (toolkit.console). Measured on typer 0.29.2, which bundles
    click 8 with these words hard-coded (no gettext): hence the pin ``typer>=0.29,<0.30``."""

    def get_help_option(self, ctx: Any) -> Any:
        from toolkit.console import HELP_OPTION_WORDS

        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_WORDS
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from toolkit.console import write_usage

        write_usage(formatter, ctx.command_path, ctx.command.get_params(ctx), isinstance(self, TyperGroup))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        from toolkit.console import write_help_sections

        write_help_sections(formatter, ctx.command.get_params(ctx), getattr(self, "commands", {}))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """click's parsing; a usage error raised by its option parser gets the context it lacks (so
        that the message can name the option's kind and the command's help), and a command's left-over
        arguments are refused here, in Chinese."""
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except _CLICK.UsageError as err:
            if err.ctx is None:
                err.ctx, err.cmd = ctx, ctx.command
            raise
        if rest and not isinstance(self, TyperGroup) and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest


class XxgkCommand(_Chinese, TyperCommand):
    allow_extra_args = True  # left-over arguments are refused by _Chinese.parse_args, in Chinese


class XxgkGroup(_Chinese, TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            raise UnknownCommand(name, difflib.get_close_matches(name, list(self.commands)), ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """click's ``main`` run with ``standalone_mode=False``, its usage errors printed in Chinese
        (exit 2, as click does) and the exit codes it would give otherwise kept."""
        call = functools.partial(
            super().main, args, prog_name, complete_var, windows_expand_args=windows_expand_args, **extra
        )
        if not standalone_mode:
            return call(standalone_mode=False)
        try:
            code = call(standalone_mode=False)
        except _CLICK.NoArgsIsHelpError as err:  # xxgk, xxgk template: the help, as a usage error
            typer.echo(err.ctx.get_help(), err=True)
            sys.exit(err.exit_code)
        except _CLICK.ClickException as err:  # usage errors (and a file option click could not open)
            from toolkit.console import usage_error_words

            typer.echo(usage_error_words(err), err=True)
            sys.exit(err.exit_code)
        except typer.Abort:  # end of input at a prompt (there are none yet)
            typer.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=XxgkGroup,
    name="xxgk",
    help="政府信息公开工作年度报告工具：台账模板、检查、统计汇总、年报生成。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,  # locals could hold applicants' data
    context_settings={"help_option_names": ["-h", "--help"]},
)
template_app = typer.Typer(
    cls=XxgkGroup,
    help="生成标准空白模板：log 依申请公开登记台账，stats 年报统计表，report 年度报告模板。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(template_app, name="template")

OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="文件", help="输出文件或文件夹（默认：当前文件夹下的标准文件名）"),
]
UnitOption = Annotated[str, typer.Option("--unit", metavar="单位名称", help="单位名称，写入“单位信息”")]
YearOption = Annotated[str | None, typer.Option("--year", metavar="年份", help="统计年度，4 位数字，如 2024")]
ForceOption = Annotated[bool, typer.Option("--force", help="输出文件已存在时用空白模板替换它（默认不覆盖）")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xxgk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="显示版本号并退出", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """政府信息公开工作年度报告工具。"""


def _fail(err: XxgkError) -> typer.Exit:
    typer.echo(f"错误：{shown(err)}", err=True)
    return typer.Exit(err.exit_code)


#: a refused or interrupted run of a command that reports on stdout still ends stdout with its outcome
#: (one line, or with --json a JSON object), set by the command for ``main``'s interrupt handler
_outcome: Callable[[str, str], None] | None = None
INTERRUPTED_WORDS = "已中断，没有写出不完整的文件。"


def _error_code(err: XxgkError) -> str:
    """The stable code of a refused run (``"reason"`` in --json)."""
    if isinstance(err, UnreadableInput):
        return err.reason
    if isinstance(err, OutputError):
        return "output"
    return "usage" if isinstance(err, UsageError) else "error"


def _outcome_writer(as_json: bool, words: str) -> Callable[[str, str], None]:
    """What a command prints on stdout when it cannot finish: ``words`` (未生成统计表, 未完成检查) with what
    happened in a few words (the reason itself is on stderr), or with --json ``{"ok": false, "error",
    "reason"}``, so that a script reading the last line, or a JSON consumer, always gets an answer."""

    def say(error: str, code: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed terminal or pipe: nobody to tell
            if as_json:
                _write_json({"ok": False, "error": shown(error), "reason": code})
            elif code == "interrupted":
                typer.echo(f"{words}：运行被中断。")
            else:
                typer.echo(f"{words}：没有完成，原因和改法见“错误：”一行。")

    return say


def _refuse(err: XxgkError, outcome: Callable[[str, str], None]) -> typer.Exit:
    exit_ = _fail(err)
    outcome(str(err), _error_code(err))
    return exit_


def parse_year(text: str | None) -> int | None:
    """``--year``: four digits (full-width digits and a trailing 年 accepted)."""
    if text is None:
        return None
    import unicodedata

    value = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise UsageError(f"--year 应为 4 位数字年份，如 2024（收到：{text[:10]}）")
    return int(value)


def _template(
    kind: str, output: Path | None, unit: str, year: str | None, force: bool, carry_over: Path | None = None
) -> None:
    from toolkit.write.templates import template

    try:
        path = template(kind, output, unit=unit, year=parse_year(year), force=force, carry_over=carry_over)
    except XxgkError as err:
        raise _fail(err) from None
    typer.echo(f"已生成：{path}")


@template_app.command("log", cls=XxgkCommand)
def template_log(
    output: OutputOption = None,
    unit: UnitOption = "",
    year: YearOption = None,
    force: ForceOption = False,
    carry_over: Annotated[
        Path | None,
        typer.Option(
            "--carry-over",
            metavar="上年台账",
            help="上年的台账：把上年 12 月 31 日仍未办结的申请和单位信息带入新台账（上年台账不会被修改）",
        ),
    ] = None,
) -> None:
    """生成依申请公开登记台账（每件申请登记一行）；新年度用 --carry-over 从上年台账结转未办结的申请。"""
    _template("log", output, unit, year, force, carry_over)


@template_app.command("stats", cls=XxgkCommand)
def template_stats(
    output: OutputOption = None, unit: UnitOption = "", year: YearOption = None, force: ForceOption = False
) -> None:
    """生成空白年报统计表（三张官方表格，总计自动计算，附勾稽关系校验）。"""
    _template("stats", output, unit, year, force)


@app.command("check", cls=XxgkCommand)
def check_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件…",
            help="要检查的台账、统计表（.xlsx）、JSON 表格、已发布的年度报告"
            "（.docx/.pdf/.html/.txt）、文件夹或 .zip 附件",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出检查结果（UTF-8）")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", metavar="文件夹", help="把标注了问题单元格的副本写到这个文件夹"),
    ] = None,
    holidays: Annotated[
        Path | None,
        typer.Option(
            "--holidays",
            metavar="节假日表",
            help="补充的节假日表（CSV：date,kind,name；kind 为 休 或 班），用于内置表没有的年份",
        ),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            metavar="汇总表",
            help="把检查结果汇总写入这个 .xlsx 工作簿：每个文件一行（单位、年度、错误和提醒数、第一个错误、"
            "重复率），另一张表列出全部问题",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="上年文件",
            help="本单位上年的统计表、JSON 表格或年度报告（.docx/.pdf/.html/.txt）：核对上年结转（R11）、"
            "规范性文件现行有效件数（R10），年度报告还比较正文与上年的重复率（R13）",
        ),
    ] = None,
) -> None:
    """检查台账、统计表或已发布的年度报告，逐条指出要修改的单元格。

    退出码：0 无错误，1 有错误，2 文件无法读取。"""
    from toolkit.check import check

    global _outcome
    _outcome = outcome = _outcome_writer(as_json, "未完成检查")
    try:
        report = check(
            paths,
            annotate_dir=annotate,
            calendar=_calendar(holidays),
            progress=_progress_printer(),
            summary=summary,
            previous=previous,
        )
    except XxgkError as err:
        raise _refuse(err, outcome) from None
    if as_json:
        _write_json(report.to_json())
    else:
        from toolkit.console import render

        typer.echo(render(report))
    raise typer.Exit(report.exit_code)


@app.command("aggregate", cls=XxgkCommand)
def aggregate_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件…", help="台账、统计表、文件夹或 .zip 附件（可混合）", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="统计表", help="输出的统计表（.xlsx）", show_default=False),
    ],
    year: YearOption = None,
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="单位名称", help="汇总后的单位名称（汇总多个单位时必填）")
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option("--roster", metavar="名单", help="应报送单位名单（.xlsx 或 .csv，“单位名称”一列）"),
    ] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", metavar="上年统计表", help="上年的统计表，用于核对上年结转")
    ] = None,
    previous_note: Annotated[
        str | None,
        typer.Option(
            "--previous-note",
            metavar="原因",
            help="上年结转与上年结转下年度不一致的原因（机构合并、统计范围变化），需与 --previous 同用："
            "R11 改为提醒，说明写入统计表“校验”表",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出结果（UTF-8）")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", metavar="文件夹", help="把标注了问题单元格的副本写到这个文件夹"),
    ] = None,
    holidays: Annotated[
        Path | None,
        typer.Option("--holidays", metavar="节假日表", help="补充的节假日表（CSV：date,kind,name）"),
    ] = None,
    info: Annotated[
        Path | None,
        typer.Option(
            "--info",
            metavar="单位信息表",
            help="汇总单位自己的“单位信息”（.xlsx：本级统计表、台账或 xxgk template stats 生成的统计表，"
            "填好单位名称、层级、通讯地址、邮政编码、联系电话），写入汇总统计表，年报的联系方式由此填写",
        ),
    ] = None,
) -> None:
    """把台账或下级单位的统计表汇总成官方统计表；任何输入有错误时不生成文件。

    退出码：0 成功，1 有错误，2 无法读取。
    """
    from toolkit.aggregate import aggregate

    global _outcome
    _outcome = outcome = _outcome_writer(as_json, "未生成统计表")
    try:
        result = aggregate(
            paths,
            output,
            year=parse_year(year),
            unit=unit,
            roster=roster,
            previous=previous,
            calendar=_calendar(holidays),
            annotate_dir=annotate,
            progress=_progress_printer(),
            previous_note=previous_note,
            info=info,
        )
    except XxgkError as err:
        raise _refuse(err, outcome) from None
    if as_json:
        _write_json(result.to_json())
    else:
        from toolkit.console import render_aggregate

        typer.echo(render_aggregate(result))
    raise typer.Exit(result.exit_code)


def _calendar(holidays: Path | None) -> Calendar | None:
    if holidays is None:
        return None
    from toolkit.rules.workdays import Calendar

    return Calendar.default().merged_with(Calendar.from_csv(holidays))


def _progress_printer() -> Callable[[int, int, str], None] | None:
    from toolkit.console import progress_printer

    return progress_printer()


def _write_json(data: object) -> None:
    """UTF-8 on stdout whatever the console's encoding. Names are shown decoded at the source
    (``files.shown``); should any text still hold an undecodable name, it is decoded here too, so the
    output is always valid UTF-8 JSON."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(_decoded(data), ensure_ascii=False, indent=1) + "\n"
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)


def _decoded(data: object) -> object:
    if isinstance(data, str):
        return shown(data)
    if isinstance(data, dict):
        return {shown(k) if isinstance(k, str) else k: _decoded(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_decoded(v) for v in data]
    return data


@template_app.command("report", cls=XxgkCommand)
def template_report(
    output: OutputOption = None,
    list_variables: Annotated[
        bool, typer.Option("--list-variables", help="列出模板中可以使用的全部占位符及其含义")
    ] = False,
    force: ForceOption = False,
) -> None:
    """生成年度报告模板（Word），在 Word/WPS 中编辑正文，数字用 {{占位符}}。"""
    if list_variables:
        from toolkit.report.variables import variables

        group = None
        for variable in variables():
            if variable.group != group:
                group = variable.group
                typer.echo(f"【{group}】")
            typer.echo(f"  {{{{{variable.name}}}}}  {variable.meaning}")
        return
    from toolkit.outputs import output_file, refuse_existing
    from toolkit.report.template import DEFAULT_NAME, write_report_template

    try:
        path = output_file(output, DEFAULT_NAME, ".docx", "输出文件")
        refuse_existing(path, force=force)
        written = write_report_template(path)
    except XxgkError as err:
        raise _fail(err) from None
    typer.echo(f"已生成：{written}")


@app.command("fill-report", cls=XxgkCommand)
def fill_report_command(
    stats: Annotated[
        Path,
        typer.Argument(
            metavar="统计表", help="统计表（xxgk aggregate 生成的或官方格式的 .xlsx）", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="文件", help="输出的年度报告（.docx）", show_default=False),
    ],
    template: Annotated[
        Path | None,
        typer.Option("-t", "--template", metavar="模板", help="报告模板（.docx，默认使用标准模板）"),
    ] = None,
    html: Annotated[bool, typer.Option("--html", help="同时生成网页版（.html）")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时生成 PDF（需要安装 LibreOffice）")] = False,
    previous: Annotated[
        Path | None,
        typer.Option("--previous", metavar="上年统计表", help="上年的统计表，用于“较上年增加/减少”"),
    ] = None,
    previous_note: Annotated[
        str | None,
        typer.Option(
            "--previous-note",
            metavar="原因",
            help="上年结转与上年结转下年度不一致的原因，需与 --previous 同用：R11 改为提醒，"
            "年报中用 {{上年结转说明}} 引用",
        ),
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option("--date", help="落款的成文日期，如 2025-01-20 或 2025年1月20日（默认为当天）"),
    ] = None,
) -> None:
    """用统计表填写年度报告：正文和表格中的数字都来自统计表。退出码：0 成功，1 统计表有错误，2 无法读取。"""
    from toolkit.outputs import refuse_overwriting
    from toolkit.report.fill import fill_report

    try:
        inputs = [(stats, "统计表"), (template, "报告模板"), (previous, "--previous 指定的上年统计表")]
        for written in (output, output.with_suffix(".html"), output.with_suffix(".pdf")):
            refuse_overwriting(written, inputs)
        result = fill_report(
            stats,
            output,
            template=template,
            html=html,
            pdf=pdf,
            previous=previous,
            previous_note=previous_note,
            issued=issued,
        )
    except XxgkError as err:
        raise _fail(err) from None
    from toolkit.console import render_findings

    text = render_findings(result.findings, result.notes)
    if text:
        typer.echo(text)
    if not result.ok:
        typer.echo("未生成年度报告：统计表有错误，请先用 xxgk check 检查并修改。")
        raise typer.Exit(1)
    for path in (result.docx, result.html, result.pdf):
        if path is not None:
            typer.echo(f"已生成：{path}")


@app.command("demo", cls=XxgkCommand)
def demo_command(
    folder: Annotated[Path, typer.Argument(metavar="文件夹", help="输出文件夹")] = Path("xxgk-demo"),
) -> None:
    """用内置的示范县数据演示全流程：模板、检查、汇总、年度报告。"""
    from toolkit.demo import demo

    typer.echo(f"示范县 2024 年政府信息公开年报全流程演示，输出到：{folder}")
    try:
        demo(folder, say=typer.echo)
    except XxgkError as err:
        raise _fail(err) from None
    typer.echo(
        f"完成。用 Excel/WPS 打开上面的文件查看；README 中“在示例数据上试一试”的命令可以在 {folder} 中运行，"
        "各命令的用法见 xxgk --help。"
    )


def _prepare_console() -> None:
    """On a GBK (or other non-UTF-8) console, never crash on a character it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


INTERRUPTED = 130  # typer's exit code for Ctrl-C


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (kill, a CI timeout) and SIGHUP (a closed terminal window or SSH session) unwind like
    Ctrl-C, so that an atomic write removes its temp file instead of leaving half a file beside the
    output, the extraction folder is removed and worker processes are ended."""
    raise KeyboardInterrupt


def _interrupted() -> None:
    """Say so (if anyone still listens: after SIGHUP the terminal is gone) and exit 2."""
    with contextlib.suppress(OSError, ValueError):
        typer.echo(INTERRUPTED_WORDS, err=True)
    if _outcome is not None:
        _outcome(INTERRUPTED_WORDS, "interrupted")
    sys.exit(2)


def _tune_gc() -> None:
    """A run keeps a Python object per case and makes almost no reference cycles, so Python's
    default collector thresholds make it walk the growing heap again and again: 15 % of a
    1,000-file roll-up, 13 % of a million-case 台账 (benchmarks/). Collections become rare, not
    off; objects alive at start-up are left out of them. Done here, for the command only: a
    program that imports toolkit keeps its own settings."""
    import gc

    gc.freeze()
    gc.set_threshold(100_000, 20, 10)


def main() -> None:
    import signal

    global _outcome
    _outcome = None
    _tune_gc()
    _prepare_console()
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):  # not on Windows
        signal.signal(signal.SIGHUP, _terminate)
    try:
        app()
    except XxgkError as err:
        typer.echo(f"错误：{shown(err)}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as exit_:
        if exit_.code == INTERRUPTED:  # typer turned Ctrl-C into Exit(130)
            _interrupted()
        raise


def run() -> None:
    """The console script: ``main``, then leave without tearing the interpreter down.

    Freeing every object one by one at exit costs 0.05 s after a 1,000-file roll-up and does
    nothing a finished command needs: outputs are written atomically and closed, temporary
    folders removed, worker processes joined (all before ``main`` returns), and the standard
    streams are flushed here. A traceback (a bug) still takes the ordinary way out.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exit_:
        code = exit_.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): print it, exit 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (xxgk … | head)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
