"""Helpers for tests that drive the CLI in-process and check that no input changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli import app


def run(*args: object) -> tuple[int, str, str, BaseException | None]:
    """exit code, stdout, stderr and the exception (None for a clean exit or a refusal) of ``xxgk ARGS``."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, exception


def digests(root: Path) -> dict[str, str]:
    """path under ``root`` → SHA-256 of every file: compare before and after a command."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
