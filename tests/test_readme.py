"""The README starts with exactly two set-up commands, and CI runs the second one."""

from __future__ import annotations

from pathlib import Path

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
