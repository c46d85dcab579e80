"""The ``xxgk`` command line: the only module that imports typer.

Each command parses its options, calls one library function, prints, and sets the exit code:
0 fine, 1 problems found, 2 usage error or unreadable input. Messages go to stderr in Chinese.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import UsageError, XxgkError

app = typer.Typer(
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
    help="生成标准空白模板：log 依申请公开登记台账，stats 年报统计表。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(template_app, name="template")

OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="输出文件或文件夹（默认：当前文件夹下的标准文件名）")
]
UnitOption = Annotated[str, typer.Option("--unit", help="单位名称，写入“单位信息”")]
YearOption = Annotated[str | None, typer.Option("--year", help="统计年度，4 位数字，如 2024")]


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
    typer.echo(f"错误：{err}", err=True)
    return typer.Exit(err.exit_code)


def parse_year(text: str | None) -> int | None:
    """``--year``: four digits (full-width digits and a trailing 年 accepted)."""
    if text is None:
        return None
    import unicodedata

    value = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise UsageError(f"--year 应为 4 位数字年份，如 2024（收到：{text[:10]}）")
    return int(value)


def _template(kind: str, output: Path | None, unit: str, year: str | None) -> None:
    from .templates import template

    try:
        path = template(kind, output, unit=unit, year=parse_year(year))
    except XxgkError as err:
        raise _fail(err) from None
    typer.echo(f"已生成：{path}")


@template_app.command("log")
def template_log(output: OutputOption = None, unit: UnitOption = "", year: YearOption = None) -> None:
    """生成依申请公开登记台账（每件申请登记一行）。"""
    _template("log", output, unit, year)


@template_app.command("stats")
def template_stats(output: OutputOption = None, unit: UnitOption = "", year: YearOption = None) -> None:
    """生成空白年报统计表（三张官方表格，总计自动计算，附勾稽关系校验）。"""
    _template("stats", output, unit, year)


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="要检查的台账、统计表（.xlsx）、JSON 表格或文件夹", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出检查结果（UTF-8）")] = False,
    annotate: Annotated[
        Path | None, typer.Option("--annotate", help="把标注了问题单元格的副本写到这个文件夹")
    ] = None,
    holidays: Annotated[
        Path | None,
        typer.Option(
            "--holidays", help="补充的节假日表（CSV：date,kind,name；kind 为 休 或 班），用于内置表没有的年份"
        ),
    ] = None,
) -> None:
    """检查台账或统计表，逐条指出要修改的单元格。退出码：0 无错误，1 有错误，2 文件无法读取。"""
    from .check import check

    try:
        report = check(paths, annotate_dir=annotate, calendar=_calendar(holidays))
    except XxgkError as err:
        raise _fail(err) from None
    if as_json:
        _write_json(report.to_json())
    else:
        from .console import render

        typer.echo(render(report))
    raise typer.Exit(report.exit_code)


@app.command("aggregate")
def aggregate_command(
    paths: Annotated[
        list[Path], typer.Argument(help="台账、统计表、文件夹或 .zip 附件（可混合）", show_default=False)
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的统计表（.xlsx）", show_default=False)],
    year: YearOption = None,
    unit: Annotated[str | None, typer.Option("--unit", help="汇总后的单位名称（汇总多个单位时必填）")] = None,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="应报送单位名单（.xlsx 或 .csv，“单位名称”一列）")
    ] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="上年的统计表，用于核对上年结转")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出结果（UTF-8）")] = False,
    annotate: Annotated[
        Path | None, typer.Option("--annotate", help="把标注了问题单元格的副本写到这个文件夹")
    ] = None,
    holidays: Annotated[
        Path | None, typer.Option("--holidays", help="补充的节假日表（CSV：date,kind,name）")
    ] = None,
) -> None:
    """把台账或下级单位的统计表汇总成官方统计表；任何输入有错误时不生成文件。

    退出码：0 成功，1 有错误，2 无法读取。
    """
    from .aggregate import aggregate

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
        )
    except XxgkError as err:
        raise _fail(err) from None
    if as_json:
        _write_json(result.to_json())
    else:
        from .console import render_aggregate

        typer.echo(render_aggregate(result))
    raise typer.Exit(result.exit_code)


def _calendar(holidays: Path | None) -> object:
    if holidays is None:
        return None
    from .workdays import Calendar

    return Calendar.default().merged_with(Calendar.from_csv(holidays))


def _progress_printer() -> object:
    """A progress line on stderr when it is a terminal (a reviewer's folder of many files)."""
    if not sys.stderr.isatty():
        return None

    def show(n: int, total: int, name: str) -> None:
        if total < 10:
            return
        end = "\n" if n == total else ""
        sys.stderr.write(f"\r读取 {n}/{total} …" + end)
        sys.stderr.flush()

    return show


def _write_json(data: object) -> None:
    """UTF-8 on stdout whatever the console's encoding."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)


def _prepare_console() -> None:
    """On a GBK (or other non-UTF-8) console, never crash on a character it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    _prepare_console()
    try:
        app()
    except XxgkError as err:
        typer.echo(f"错误：{err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
