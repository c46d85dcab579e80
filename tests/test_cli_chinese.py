"""The command line speaks Chinese (issue 18 item 5): every usage error kind and every command's --help,
with the exit codes click gives (2 for a usage error), on UTF-8 and GBK consoles."""

from __future__ import annotations

import enum
import inspect
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from cli_helpers import run
from typer.testing import CliRunner

from toolkit import cli, console
from toolkit.cli import XxgkCommand, XxgkGroup, app

#: ASCII words a Chinese user may see: the program, command names, formats, products, the holidays CSV's
#: column names. Option names (--json, -o), file suffixes (.xlsx) and rule IDs (R11) are removed first.
ALLOWED = {
    "xxgk",
    "check",
    "aggregate",
    "fill",
    "report",
    "demo",
    "template",
    "log",
    "stats",
    "json",
    "utf",
    "csv",
    "pdf",
    "excel",
    "wps",
    "word",
    "libreoffice",
    "zip",
    "date",
    "kind",
    "name",
}


def english_words(text: str) -> list[str]:
    """Runs of two or more ASCII letters in ``text`` that are not allowed: what a user would read as
    English."""
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # option names
    text = re.sub(r"\.[A-Za-z]+\b", " ", text)  # file suffixes
    text = re.sub(r"\bR\d+\b", " ", text)  # rule IDs
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED]


def _command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(root, ())
    return paths


def test_the_english_check_finds_english() -> None:
    assert english_words("Usage: xxgk check [OPTIONS] PATHS...") == ["Usage", "OPTIONS", "PATHS"]
    assert english_words("用法：xxgk check [选项] 文件…  --json  台账.xlsx  R11") == []


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "xxgk")
def test_every_help_is_in_chinese(path: tuple[str, ...]) -> None:
    code, out, err, exception = run(*path, "--help")
    assert (code, exception, err) == (0, None, "")
    assert out.startswith(f"{console.USAGE_PREFIX}{' '.join(('xxgk', *path))} [选项]")
    assert english_words(out) == [], out
    assert "显示本说明并退出" in out


def test_help_lines_up_chinese_names_and_says_what_is_required_and_the_default() -> None:
    out = run("aggregate", "-h")[1]
    assert "用法：xxgk aggregate [选项] 文件…\n" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  -")}
    columns = {console.display_width(re.match(r"  \S+(?: \S+)* {2,}", line)[0]) for line in rows.values()}
    assert len(columns) == 1, rows  # every help text starts in the same column
    assert "[必填]" in rows["-o,"] and "--year 年份" in out and "--info 单位信息表" in out
    demo = run("demo", "-h")[1]
    assert "用法：xxgk demo [选项] [文件夹]" in demo and "[默认：xxgk-demo]" in demo


#: (arguments, words the message must hold, the command whose --help the hint names)
USAGE_ERRORS = [
    (["chek"], ["没有“chek”这个命令", "check"], "xxgk"),
    (["template", "logg"], ["没有“logg”这个命令", "log"], "xxgk template"),
    (["check"], ["缺少文件…"], "xxgk check"),
    (["aggregate", "a.xlsx"], ["缺少选项 -o / --output"], "xxgk aggregate"),
    (["check", "--jsn", "a.xlsx"], ["没有 --jsn 这个选项", "--json？"], "xxgk check"),
    (["--foo"], ["没有 --foo 这个选项"], "xxgk"),
    (["aggregate", "a.xlsx", "-o"], ["选项 -o 后面缺少统计表"], "xxgk aggregate"),
    (["check", "a.xlsx", "--json=1"], ["选项 --json 是开关"], "xxgk check"),
    (["demo", "a", "b"], ["多出了参数：b"], "xxgk demo"),
    (["fill-report", "统计表.xlsx"], ["缺少选项 -o / --output"], "xxgk fill-report"),
]


@pytest.mark.parametrize(("args", "words", "command"), USAGE_ERRORS, ids=lambda v: str(v))
def test_each_usage_error_is_one_chinese_line_and_a_hint(
    args: list[str], words: list[str], command: str
) -> None:
    code, out, err, exception = run(*args)
    assert (code, exception, out) == (2, None, "")
    first, hint = err.rstrip("\n").split("\n")
    assert first.startswith("错误：") and all(w in first for w in words), first
    assert hint == f"用 {command} --help 查看用法和全部选项。"
    assert english_words(err.replace(args[-1], "")) == [], err  # what the user typed is shown as typed


@pytest.mark.parametrize("args", [[], ["template"]])
def test_no_command_given_shows_the_chinese_help_as_a_usage_error(args: list[str]) -> None:
    code, out, err, _ = run(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"{console.USAGE_PREFIX}xxgk") and "命令:" in err
    assert english_words(err) == []


def test_a_gbk_console_shows_help_and_errors() -> None:
    """CliRunner with charset gbk: stdout fails on a character GBK lacks; stderr would show it escaped."""
    runner = CliRunner(charset="gbk")
    helped = runner.invoke(app, ["aggregate", "--help"])
    assert helped.exit_code == 0 and helped.exception is None and "用法：" in helped.stdout
    wrong = runner.invoke(app, ["check", "--jsn", "a.xlsx"])
    assert wrong.exit_code == 2 and "\\u" not in wrong.stderr and "没有 --jsn 这个选项" in wrong.stderr


# --- bad values: the CLI has no int/choice/existing-path option yet, so a small app shows the words ----
class Level(enum.StrEnum):
    county = "县级"
    town = "乡镇"


def _four_digits(value: str) -> str:
    if not (len(value) == 4 and value.isdigit()):
        raise typer.BadParameter("应为 4 位数字年份，如 2024")
    return value


def _toy_app() -> typer.Typer:
    toy = typer.Typer(cls=XxgkGroup, name="xxgk", add_completion=False, rich_markup_mode=None)

    @toy.command("count", cls=XxgkCommand)
    def count(
        n: Annotated[int, typer.Option("--n", metavar="件数")] = 1,
        level: Annotated[Level, typer.Option("--level", metavar="层级")] = Level.town,
        source: Annotated[Path, typer.Option("--source", metavar="文件", exists=True, dir_okay=False)] = Path(
            "x"
        ),
    ) -> None:
        typer.echo(f"{n} {level.value} {source}")

    @toy.command("year", cls=XxgkCommand)
    def year(
        value: Annotated[str, typer.Option("--year", metavar="年份", callback=_four_digits)] = "2024",
    ) -> None:
        typer.echo(value)

    @toy.command("other", cls=XxgkCommand)
    def other() -> None: ...

    return toy


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--n", "三"], "错误：选项 --n 的值“三”无效：应为整数"),
        (["--level", "省级"], "错误：选项 --level 的值“省级”无效：应为以下之一：县级、乡镇"),
        (
            ["--source", "没有这个文件.xlsx"],
            "错误：选项 --source 的值无效：应为一个存在、可以读写的文件，请检查路径",
        ),
    ],
)
def test_a_bad_value_names_the_option_the_value_and_what_it_should_be(args: list[str], line: str) -> None:
    result = CliRunner().invoke(_toy_app(), ["count", *args])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [line, "用 xxgk count --help 查看用法和全部选项。"]


def test_a_chinese_message_raised_by_a_callback_is_kept() -> None:
    result = CliRunner().invoke(_toy_app(), ["year", "--year", "24"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "错误：选项 --year：应为 4 位数字年份，如 2024"


def test_a_good_value_still_runs_and_exit_codes_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"")
    result = CliRunner().invoke(_toy_app(), ["count", "--n", "3", "--level", "县级", "--source", str(source)])
    assert (result.exit_code, result.stdout) == (0, f"3 县级 {source}\n")
    assert run("--version")[:2] == (0, f"xxgk {cli.__version__}\n")


def test_the_english_click_still_spells_what_console_compares() -> None:
    """``MISSING_COMMAND`` is compared whole: the bundled click must still use that text."""
    import typer.core

    assert console.MISSING_COMMAND in inspect.getsource(typer.core)


def test_a_real_gbk_console_gets_gbk_help_and_errors_and_the_exit_codes() -> None:
    """The console script's way (``main``: the console prepared for GBK), in a subprocess."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "toolkit.cli"]
    helped = subprocess.run([*command, "check", "-h"], capture_output=True, env=env, timeout=120)
    assert helped.returncode == 0 and "用法：" in helped.stdout.decode("gbk")  # strict: every byte is GBK
    wrong = subprocess.run([*command, "check", "--jsn", "a.xlsx"], capture_output=True, env=env, timeout=120)
    assert wrong.returncode == 2 and wrong.stdout == b""
    assert wrong.stderr.decode("gbk").startswith("错误：没有 --jsn 这个选项，是不是要用 --json？")
