"""Outputs never replace what the user has (principle 5).

- An output path equal to an input (the same path spelled differently, a symlink, a hard link: compared by
  resolved path and by the file's identity) is refused before anything is read: ``refuse_overwriting``.
- A blank template is never written over an existing file unless asked to (``--force``): ``refuse_existing``.
- An annotated copy (``--annotate DIR``) is named ``…-检查标注.xlsx`` and carries a document property; a
  folder search of ``check`` or ``aggregate`` leaves such files out and says so, so that the copies never
  become inputs of the next run, wherever DIR is: ``is_annotated_copy``. A file named by the user is read.
- A path the user names is looked at without a traceback: a name the file system cannot take (a component
  over 255 bytes), a folder on the way that cannot be entered, a loop of links become a Chinese
  :class:`UsageError` (:class:`OutputError` for an output): ``probe``, ``output_file``.
- A file name made from data (a unit name in ``template log --unit``, an input's name in an annotated copy's
  name) is one safe component of a bounded length: ``safe_name``.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from toolkit.errors import OutputError, UsageError
from toolkit.files import os_reason


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _resolved(path: Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file: the same resolved path, or the same file on disk
    (a symlink, a hard link, another spelling on a case-insensitive disk)."""
    ra, rb = _resolved(a), _resolved(b)
    if ra is not None and ra == rb:
        return True
    ia = _identity(a)
    return ia is not None and ia == _identity(b)


def _files_under(folder: Path) -> Iterable[Path]:
    """Every file below ``folder`` as a folder search sees it (links to folders not followed)."""
    for root, _dirs, names in os.walk(folder, onerror=lambda err: None):
        for name in names:
            yield Path(root) / name


def refuse_overwriting(
    output: Path, inputs: Sequence[tuple[Path | None, str]], *, option: str = "-o"
) -> None:
    """Raise :class:`UsageError` when writing ``output`` would replace one of ``inputs``.

    ``inputs`` are (path, what it is in Chinese) — files given, folders given (every file below them
    counts), ``--previous``, ``--roster``. Only names and file identities are looked at, no content.
    ``option`` names the output in the message (``-o``, ``--summary``).
    """
    output = Path(output)
    out_id = _identity(output)
    for path, what in inputs:
        if path is None:
            continue
        path = Path(path)
        if os.path.isdir(path):
            if out_id is None:
                continue  # an output that does not exist yet replaces nothing
            hit = next((p for p in _files_under(path) if _identity(p) == out_id), None)
            if hit is not None:
                raise UsageError(
                    f"{option} 指定的输出文件 {output} 就是输入文件夹 {path} 中的 {hit}，写出会覆盖它："
                    f"请用 {option} 指定输入文件夹之外的新文件名"
                )
        elif same_file(path, output):
            raise UsageError(
                f"{option} 指定的输出文件 {output} 就是{what}（{path}），写出会覆盖它："
                f"请用 {option} 指定一个新的文件名"
            )


def inside_folder(output: Path, folders: Iterable[Path]) -> Path | None:
    """The given folder that ``output`` would be written into (a later search of it reads the output)."""
    out = _resolved(Path(output))
    if out is None:
        return None
    for folder in folders:
        resolved = _resolved(Path(folder))
        if resolved is not None and os.path.isdir(folder) and out.is_relative_to(resolved):
            return Path(folder)
    return None


def refuse_existing(path: Path, *, force: bool) -> None:
    """A blank template never replaces an existing file (a filled 台账, a report) unless forced."""
    if force or not os.path.lexists(path):
        return
    if os.path.isdir(path):
        raise UsageError(f"{path} 是一个文件夹，不能写成文件：请用 -o 指定文件名")
    raise UsageError(
        f"{path} 已存在，为免覆盖其中已填写的内容，没有生成：请用 -o 指定新的文件名；"
        "确需用空白模板替换它时，加 --force"
    )


# ---- probing the paths the user names --------------------------------------------------------------------

PathKind = Literal["missing", "file", "folder", "other"]
#: the longest file name (one path component) the common file systems take: ext4 and most others count
#: 255 bytes of UTF-8, NTFS 255 UTF-16 units; 86 Chinese characters are 258 bytes
NAME_MAX_BYTES = 255


def probe(path: Path | str, what: str, *, output: bool = False) -> PathKind:
    """What is at ``path``: nothing (or a folder on the way is missing), a file, a folder, or another kind
    (a FIFO, a device). Any other failure to look — a name too long for the file system, a folder on the way
    that cannot be entered, a loop of links — raises :class:`UsageError` (:class:`OutputError` when
    ``output``) naming ``what`` (Chinese: "输入文件", "-o 指定的输出文件") and how to fix it.

    Unlike ``Path.exists()`` and ``Path.is_dir()``, which raise such an OSError on Python 3.11."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as err:
        raise path_error(err, path, what, output=output) from None
    except ValueError:  # a NUL character: no file system takes it
        error = OutputError if output else UsageError
        raise error(f"{what}的路径中有不可用的控制字符：请检查路径后再试", path=_shown(path)) from None
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    return "file" if stat.S_ISREG(st.st_mode) else "other"


def path_error(
    err: OSError, path: Path | str, what: str, *, output: bool = False
) -> UsageError | OutputError:
    """The Chinese error for an OSError met while looking at or opening a path the user named."""
    if err.errno == errno.ENAMETOOLONG:
        reason, hint = "文件名太长", "请把文件名或文件夹名改短（每一段不超过 255 字节，约 85 个汉字）后再试"
    elif err.errno == errno.ELOOP:
        reason, hint = "符号链接循环", "请检查路径中的快捷方式（符号链接）"
    elif err.errno in (errno.EACCES, errno.EPERM):
        reason, hint = os_reason(err), "请检查这个文件及其所在文件夹的权限，或换一个位置"
    else:
        reason, hint = os_reason(err), "请检查路径是否正确"
    error = OutputError if output else UsageError
    return error(f"无法访问{what}（{reason}）：{hint}", path=_shown(path))


def _shown(path: Path | str) -> str:
    """A path for a message: at most 120 characters (a 4,000-character path says nothing more)."""
    text = str(path)
    return text if len(text) <= 120 else f"{text[:60]}…{text[-50:]}"


def output_file(output: Path | str | None, default: str, suffix: str, what: str) -> Path:
    """Where a command writes: ``output`` (a file, or an existing folder to hold ``default``), else
    ``default`` in the current folder. Refuses (:class:`UsageError`/:class:`OutputError`, in Chinese) a
    wrong suffix and a path the file system cannot take, before anything is made."""
    path = Path(output) if output else Path(default)
    if probe(path, what, output=True) == "folder":
        path = path / default
        probe(path, what, output=True)
    if path.suffix.lower() != suffix:
        raise UsageError(f"输出文件应以 {suffix} 结尾：{_shown(path)}")
    return path


#: characters no file name may hold on Windows (and "/" nowhere); control and format characters, lone
#: surrogates (an undecodable byte of a file name) and line separators are replaced as well
_UNSAFE_CHARS = set('<>:"/\\|?*')
_UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")
#: names Windows reserves for devices, whatever the suffix (``CON.xlsx`` cannot be made)
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(1, 10))}


def safe_name(text: str, budget: int = 120) -> str:
    """``text`` as a piece of a file name: unsafe characters replaced by "_", no leading or trailing dots
    or spaces, at most ``budget`` bytes of UTF-8 (cut at a character, never inside one). Never a path:
    the result holds no separator and is never "." or "..". May be "" (the caller supplies a default)."""
    text = "".join(
        "_" if ch in _UNSAFE_CHARS or unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
    )
    text = text.strip(" .")
    cut = text.encode("utf-8")[: max(budget, 0)].decode("utf-8", "ignore").strip(" .")
    return f"_{cut}" if cut.split(".")[0].upper() in _RESERVED else cut


def safe_file_name(prefix: str, rest: str) -> str:
    """A file name ``prefix`` + ``rest`` (``rest`` fixed text ending in the suffix, e.g. "2024年台账.xlsx")
    that is one safe component within :data:`NAME_MAX_BYTES`: ``prefix`` (data, such as a unit name) is made
    safe and shortened to fit; ``rest`` is kept whole."""
    room = NAME_MAX_BYTES - 15 - len(rest.encode("utf-8"))  # 15: room for a "-1" or a temp file's marks
    return safe_name(prefix, room) + rest


# ---- annotated copies ------------------------------------------------------------------------------------

#: the end of an annotated copy's name (``台账-检查标注.xlsx``) and the custom document property it carries
ANNOTATED_SUFFIX = "-检查标注"
ANNOTATED_PROPERTY = "xxgk-annotated"
_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_MAX = 1 << 20
NOTES_SHOWN = 5


def is_annotated_copy(path: Path | str) -> bool:
    """Whether ``path`` is an annotated copy we wrote: named ``…-检查标注.xlsx`` and carrying our document
    property (a copy the user renamed, or a file of theirs that happens to be so named, is read as usual).
    Reads at most the small docProps/custom.xml part, and only of files so named."""
    return Path(path).stem.endswith(ANNOTATED_SUFFIX) and annotated_stamp(path) is not None


def annotated_stamp(path: Path | str) -> str | None:
    """The value of our document property in the workbook at ``path`` ("" if unreadable); None when the
    file does not carry it (not one of our copies)."""
    import html
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(_CUSTOM_PART)
            if info.file_size > _CUSTOM_MAX:
                return None
            xml = zf.read(info).decode("utf-8", "replace")
    except Exception:  # not a zip, no such part, damaged: not ours; the gate judges the file
        return None
    at = xml.find(f'name="{ANNOTATED_PROPERTY}"')
    if at < 0:
        return None
    value = re.match(r"[^>]*>\s*<(?:\w+:)?lpwstr[^>]*>([^<]*)<", xml[at:])
    return html.unescape(value.group(1)) if value else ""


def skipped_copies_notes(displays: Sequence[str]) -> list[str]:
    """What a run says about the annotated copies its folder searches left out."""
    notes = [
        f"跳过 {display}：这是 --annotate 写出的标注副本，不作为检查或汇总的输入；"
        "如需检查它，请直接指定这个文件"
        for display in displays[:NOTES_SHOWN]
    ]
    if len(displays) > NOTES_SHOWN:
        notes.append(f"……另有 {len(displays) - NOTES_SHOWN} 个标注副本未读取")
    return notes
