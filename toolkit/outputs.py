"""Outputs never replace what the user has (principle 5).

- An output path equal to an input (the same path spelled differently, a symlink, a hard link: compared by
  resolved path and by the file's identity) is refused before anything is read: ``refuse_overwriting``.
- A blank template is never written over an existing file unless asked to (``--force``): ``refuse_existing``.
- An annotated copy (``--annotate DIR``) is named ``…-检查标注.xlsx`` and carries a document property; a
  folder search of ``check`` or ``aggregate`` leaves such files out and says so, so that the copies never
  become inputs of the next run, wherever DIR is: ``is_annotated_copy``. A file named by the user is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from toolkit.errors import UsageError


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


def refuse_overwriting(output: Path, inputs: Sequence[tuple[Path | None, str]]) -> None:
    """Raise :class:`UsageError` when writing ``output`` would replace one of ``inputs``.

    ``inputs`` are (path, what it is in Chinese) — files given, folders given (every file below them
    counts), ``--previous``, ``--roster``. Only names and file identities are looked at, no content.
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
                    f"-o 指定的输出文件 {output} 就是输入文件夹 {path} 中的 {hit}，写出会覆盖它："
                    "请用 -o 指定输入文件夹之外的新文件名"
                )
        elif same_file(path, output):
            raise UsageError(
                f"-o 指定的输出文件 {output} 就是{what}（{path}），写出会覆盖它：请用 -o 指定一个新的文件名"
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
