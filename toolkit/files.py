"""Generic file helpers every writer shares: the atomic write, the OS's reason for a failed file operation in
Chinese, the fixed document date that makes every output the same bytes on every run, and ``shown``: how a
file's name is shown to a user or written to JSON."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from toolkit.errors import OutputError

FIXED_DATE = datetime(2021, 12, 1)  # the document date of every workbook and report we write


def document_day() -> date:
    """The day a document is dated by default (the 成文日期 of a report): today, or the day of
    ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention: fixed bytes on any day, and the
    hook tests use)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path``, then rename: an interrupted run leaves no half file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".xxgk-", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(
            f"无法写入（{os_reason(err)}），请检查目录是否存在、是否有写权限", path=str(path)
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        hint = (
            "文件可能正在 Excel/WPS 中打开，请关闭后重试"
            if isinstance(err, PermissionError)
            else "请检查磁盘空间和权限"
        )
        raise OutputError(f"无法写入（{os_reason(err)}），{hint}", path=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def os_reason(err: OSError) -> str:
    """The operating system's reason for a failed file operation, in Chinese."""
    import errno

    words = {
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "只读位置",
        errno.ENOTDIR: "路径中有一段不是文件夹",
        errno.EEXIST: "同名的文件夹或文件已存在",
        errno.EISDIR: "这是一个文件夹",
        errno.ENAMETOOLONG: "文件名太长",
        errno.ENOENT: "文件夹不存在",
    }
    return words.get(err.errno or 0, "系统错误")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: what separates the pieces of a text that are decoded on their own: path separators, the › of a zip's
#: member, spaces and the punctuation of our messages (bytes of a GBK name never decode to these)
_SEPARATORS = re.compile(r"(/| › |[\s：（）“”，；。、]+)")


def shown(text: object) -> str:
    """A path (or a message holding one) as it is shown to a user or written to JSON.

    On Linux a file name that is not UTF-8 (a GBK name unzipped without -O GBK) reaches Python with its
    bytes escaped as lone surrogates, which no console or JSON encoder accepts. Each such piece is decoded
    from its raw bytes: as UTF-8, else as GB18030 (the likely origin, a Windows name in China), else with
    replacement characters. Everything else is returned unchanged; the real path keeps being used to open
    the file."""
    text = str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return "".join(_decoded(piece) for piece in _SEPARATORS.split(text))


def _decoded(piece: str) -> str:
    try:
        piece.encode("utf-8")
        return piece
    except UnicodeEncodeError:
        pass
    try:
        raw = piece.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no decoding made: nothing to recover
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in piece)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")
