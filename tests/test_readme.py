"""The README starts with exactly two set-up commands, CI runs the second one, its examples print what
it shows, and it names every command and option of the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("```sh") < text.index("\n## ")
    commands = _setup_commands()
    assert len(commands) == 2
    assert "xxgk" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_ci_type_checks_the_package_after_installing_it() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install, tests = "python3 -m pip install -e '.[test]'", _setup_commands()[1]
    assert lines.index(install) < lines.index("python3 -m mypy") < lines.index(tests)
    assert "mypy" in (ROOT / "README.md").read_text(encoding="utf-8")


def _console_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for chunk in text.split("```console\n")[1:]:
        body = chunk.split("```", 1)[0].rstrip("\n")
        command, _, output = body.partition("\n")
        assert command.startswith("$ xxgk ")
        blocks.append((command[2:], output))
    return blocks


def _python_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_commands_print_what_the_readme_shows(tmp_path, monkeypatch) -> None:
    """Each ```console block is run from a copy of the repository's examples, in order."""
    import shlex
    import shutil

    from typer.testing import CliRunner

    from toolkit.cli import app

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = _console_blocks()
    assert len(blocks) >= 4
    for command, expected in blocks:
        result = CliRunner().invoke(app, shlex.split(command)[1:])
        assert result.stdout.rstrip("\n") == expected, command


def test_readme_library_snippet_runs(tmp_path, monkeypatch, capsys) -> None:
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(_python_snippet(), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("[(") and "申请台账" in printed[0]
    assert printed[1] == "（一）予以公开"
    assert (tmp_path / "统计表.xlsx").exists()


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the click tree under ``command`` (groups too), with its path of names."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _mentions(text: str, name: str) -> bool:
    """``name`` (an option such as ``-o`` or ``--json``) as a whole word in ``text``."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def _lines_about(text: str, path: tuple[str, ...]) -> str:
    """The README lines that show ``xxgk PATH``, also as ``xxgk template log\\|stats\\|report``."""
    words = [rf"(?:[\w-]+\\?\|)*{re.escape(word)}(?![\w-])" for word in path]
    pattern = re.compile(r"xxgk" + "".join(rf"\s+{w}" for w in words))
    return "\n".join(line for line in text.splitlines() if pattern.search(line))


def test_every_command_and_option_is_in_the_readme() -> None:
    """A command or option the README does not show is one nobody finds: document it in the table
    of commands (in Chinese), on a line that shows the command."""
    import typer

    from toolkit.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    help_names = root.get_help_option(root.make_context("xxgk", [], resilient_parsing=True)).opts
    missing = [] if any(_mentions(text, name) for name in help_names) else ["/".join(help_names)]
    for path, command in _commands(root):
        about = _lines_about(text, path) if path else text
        if path and not getattr(command, "commands", None) and not about:
            missing.append(f"xxgk {' '.join(path)}")
        for param in command.params:
            if param.param_type_name == "option" and not param.hidden:
                names = [*param.opts, *param.secondary_opts]
                if not any(_mentions(about, name) for name in names):
                    missing.append(f"xxgk {' '.join(path)} {'/'.join(names)}".replace("  ", " "))
    assert not missing, f"not in README.md: {missing}"
