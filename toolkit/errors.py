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


#: Why an input was refused: a stable ASCII code beside the Chinese words (``FileReport.reason``,
#: ``"reason"`` in ``--json``), so that other systems act on it without parsing the message. Codes are only
#: ever added, never renamed.
REASONS: dict[str, str] = {
    "unreadable": "the file cannot be read (a reason not covered below)",
    "not_found": "no such file",
    "os_error": "the operating system refused to read it (permissions, a lock, ...)",
    "empty": "the file is empty",
    "too_large": "the file is larger than any real input",
    "encrypted": "a password-protected workbook, or a PDF that asks for a password to open",
    "xls": "a legacy .xls (OLE) workbook",
    "not_a_workbook": "not an .xlsx/.xlsm workbook (another format, or a renamed file)",
    "corrupt": "a damaged zip or workbook",
    "zip_bomb": "compressed sizes or ratios beyond the gate's limits",
    "xml_unsafe": "a DOCTYPE/entity declaration in the XML (an XML bomb)",
    "sheet_too_large": "a sheet whose extent or cell count is beyond the gate's limits",
    "no_cached_values": "formulas saved without their computed values",
    "not_recognised": "neither a 台账 nor the official tables",
    "ambiguous_tables": "two or more different sets of the official tables whose years cannot be told apart",
    "template_version": "a 台账 or 统计表 template of a version this release does not read",
    "json_syntax": "not valid JSON",
    "json_encoding": "JSON not in UTF-8",
    "json_shape": "JSON that is not the TABLE shape of spec/official-format.md",
    "roster": "a roster that cannot be read",
    "archive": "a .zip attachment that cannot be opened",
    "not_a_document": "a report named .docx/.html/.txt that is not one (another format, a legacy .doc)",
    "not_text": "a web page or web text that is binary junk or in no charset the gate decodes",
    "no_tables": "a published report in which none of the three official tables was found",
    "not_a_pdf": "a file named .pdf that is not a PDF",
    "pdf_unsafe": "a PDF beyond the gate's limits (stream bombs, too many pages or objects, huge pages)",
    "pdf_no_text": "a PDF without a text layer (a scan): nothing to read without OCR",
}


class UnreadableInput(XxgkError):
    """An input file that cannot or must not be read (exit 2). ``reason`` is a code of :data:`REASONS`."""

    def __init__(self, message: str, *, path: str | None = None, reason: str = "unreadable") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason code {reason}")
        self.reason = reason
        super().__init__(message, path=path)


class OutputError(XxgkError):
    """An output that cannot be written (exit 2)."""


class InternalError(XxgkError):
    """A defect of xxgk caught before it reaches a file (exit 2): say so and stop, write nothing."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(
            f"内部错误：{message}；没有写出任何文件。这是 xxgk 的缺陷，请把输入文件和这条信息发给维护者",
            path=path,
        )
