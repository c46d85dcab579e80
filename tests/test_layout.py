"""The package's shape, kept true by a test: stages import one way, no module grows past a reader's reach,
and no module reaches into another's private names (issue 12; style.md practice 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"
MAX_LINES = 700

#: the pipeline's order (DESIGN.md): a module may import its own stage, earlier stages and the foundation
STAGES = {"gate": 1, "read": 2, "rules": 3, "count": 4, "write": 5, "report": 6}
#: stage 0, imported by every stage
FOUNDATION = {
    "errors",
    "files",
    "outputs",
    "form",
    "form2019",
    "label_variants",
    "phrases",
    "table",
    "findings",
    "data",
}
COMMANDS = 7  # check, aggregate, cli, console, demo, frames: the top, which may use every stage


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1])


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) < 2:
        return 0  # toolkit itself: __version__
    head = parts[1]
    if head in STAGES:
        return STAGES[head]
    return 0 if head in FOUNDATION else COMMANDS


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every toolkit import in the file, lazy ones in functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "toolkit" or node.module.startswith("toolkit."):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    # ``from toolkit.read import log``: the module imported is toolkit.read.log
                    target = (
                        sub if (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists() else node.module
                    )
                    found.append((node.lineno, target, [alias.name]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("toolkit."):
                    found.append((node.lineno, alias.name, []))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "." * node.level + (node.module or ""), []))
    return found


def test_every_stage_is_a_folder_and_the_top_holds_only_the_foundation_and_the_commands() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(STAGES), folders
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top - FOUNDATION == {"check", "aggregate", "cli", "console", "demo", "frames"} - (
        {"frames"} - top
    ), top


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long_to_read(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by concern"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way_and_never_reach_private_names(path: Path) -> None:
    me = _name(path)
    wrong = []
    for line, target, names in _imports(path):
        if target.startswith("."):
            wrong.append(f"line {line}: relative import {target} (use toolkit.…)")
            continue
        if _rank(target) > _rank(me):
            wrong.append(f"line {line}: {me} (stage {_rank(me)}) imports {target} (stage {_rank(target)})")
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        if private and target != me:
            wrong.append(f"line {line}: {me} imports private {private} from {target}")
        if target.rsplit(".", 1)[-1].startswith("_") and target != me:
            wrong.append(f"line {line}: {me} imports the private module {target}")
    assert not wrong, "\n".join(wrong)
