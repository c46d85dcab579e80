"""pyproject.toml declares exactly the distributions that toolkit/ imports: an import of a package
that only arrives as another's dependency breaks when that one drops it, and a declared package
nobody imports is weight on every user's install."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).parent.parent
#: maintainers' scripts inside the package, never run by a user: their imports belong in the test extra
TOOLS = {"toolkit/data/make_holidays.py"}


def _name(requirement: str) -> str:
    """``python-docx>=1.1,<2`` → ``python-docx``, normalised as PyPI does."""
    name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {_name(r) for r in requirements}


def _imported_modules() -> dict[str, set[str]]:
    """Top-level module → the files of toolkit/ that import it (at any depth: lazy imports count)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def _third_party() -> dict[str, set[str]]:
    """Distribution (normalised) → the files that import one of its modules."""
    distributions = packages_distributions()
    out: dict[str, set[str]] = {}
    for module, files in _imported_modules().items():
        if module in sys.stdlib_module_names or module in ("toolkit", "__future__"):
            continue
        assert module in distributions, f"{module} (imported by {sorted(files)}) is not installed"
        for dist in distributions[module]:
            out.setdefault(_name(dist), set()).update(files)
    return out


def test_every_imported_distribution_is_declared() -> None:
    missing = {
        dist: sorted(files)
        for dist, files in _third_party().items()
        if dist not in _declared() and not (files <= TOOLS and dist in _declared("test"))
    }
    assert not missing, f"imported by toolkit/ but not in [project].dependencies: {missing}"


def test_every_declared_dependency_is_imported() -> None:
    used = {dist for dist, files in _third_party().items() if not files <= TOOLS}
    unused = _declared() - used
    assert not unused, f"in [project].dependencies but imported nowhere in toolkit/: {sorted(unused)}"


def test_the_xlsxwriter_pin_names_the_module_that_needs_it() -> None:
    """toolkit/write/textrows.py relies on xlsxwriter's internals: its minor version is pinned."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (line,) = [ln for ln in pyproject.splitlines() if ln.strip().startswith('"xlsxwriter')]
    assert re.search(r">=(\d+)\.(\d+),<\1\.\d+", line) and "textrows" in line, line
