"""The one small exception hierarchy. Raise only when work cannot go on; problems in a
user's file are collected as findings instead. Messages are Chinese and say what to do."""

from __future__ import annotations


class XxgkError(Exception):
    """Base class: the CLI prints ``str(err)`` on one line and exits with ``exit_code``."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}：{message}" if path else message)


class UsageError(XxgkError):
    """Wrong arguments or options (exit 2)."""


class UnreadableInput(XxgkError):
    """An input file that cannot or must not be read (exit 2)."""


class OutputError(XxgkError):
    """An output that cannot be written (exit 2)."""
