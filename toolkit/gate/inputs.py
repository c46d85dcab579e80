"""Turn what a reviewer points ``xxgk aggregate`` at into a list of files to read.

Inputs are files, folders and .zip e-mail attachments made on Windows. ``collect_inputs`` takes
files as given (the reader judges them later), searches folders, and unpacks zips (and the zips
inside them, one level deep) into ``workdir``. It reads only bytes and names, never a cell.

Every input ends up in exactly one place (principle 3): ``files`` (distinct content, sorted by
``display``), ``duplicates`` (the same bytes seen again), ``skipped`` (lock files, __MACOSX, files
that are not workbooks, empty files) or ``errors`` (a zip that cannot or must not be unpacked, a
member that would escape ``workdir``). Reasons are one line of Chinese; they never quote the file's
contents (a name appears only in ``display``, with control characters removed).

Zips are hostile until proven otherwise (principle 7). Before anything is extracted, the zip passes the one
zip gate (toolkit.gate.zips, with this attachment's budget): at most ``MAX_ZIP_MEMBERS`` entries, no
encrypted or overlapping entries, declared sizes within ``MAX_ZIP_TOTAL`` and the compression-ratio
limit. Members are then streamed to disk in ``CHUNK`` steps with a hard cap at their declared size, so a
lying header costs neither memory nor disk. On disk, members get flat names made from their index
(``workdir/001/0003_台账.xlsx``): whatever a member is called, nothing is ever written outside
``workdir``; names such as ``../x`` or ``C:\\x`` are refused all the same.

Member names without the UTF-8 flag are decoded per member: the Info-ZIP Unicode Path field if
present, else strict UTF-8 (macOS writes UTF-8 without the flag), else GBK (Windows in China),
else GB18030, else cp437 as zipfile reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import struct
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.files import shown
from toolkit.gate.zips import CHUNK, MAX_RATIO, ZipLimits, ZipRefused, inflate, open_zip, reader, size_text
from toolkit.outputs import is_annotated_copy, probe, skipped_copies_notes

#: the files a folder is searched for (workbooks are then told apart by the gate and the readers)
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".et", ".ods", ".xlsb"}
#: published reports: read by the document readers; their tables count where a 统计表's do
DOCUMENT_SUFFIXES = {
    *(".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".txt")
}
CHECKABLE_SUFFIXES = WORKBOOK_SUFFIXES | {".json"} | DOCUMENT_SUFFIXES
#: what check and aggregate read, as their "nothing found" messages say it
READABLE_WORDS = "（.xlsx/.json，或年度报告 .docx/.pdf/.html/.txt；文件夹中的 .zip 附件也会读取）"

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL",
    "READABLE_WORDS",
    "SEARCHED_SUFFIXES",
    "Collected",
    "InputFile",
    "collect_inputs",
    "extraction_folder",
]

GiB = 1 << 30

#: entries in one zip given by the user, counting the entries of the zips inside it
MAX_ZIP_MEMBERS = 2_000
#: bytes written to disk for one zip given by the user, the zips inside it included
MAX_ZIP_TOTAL = 2 * GiB

ZIP_SUFFIX = ".zip"
#: what a folder search picks up
SEARCHED_SUFFIXES = frozenset(CHECKABLE_SUFFIXES | {ZIP_SUFFIX})
_OTHER_ARCHIVES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".arj", ".lzh")
_SYSTEM_FILES = ("thumbs.db", "desktop.ini", ".ds_store")
_MACOSX = "__macosx"
SEP = " › "

_UTF8_FLAG = 0x800
_UNICODE_PATH_EXTRA = 0x7075
_RAR_7Z_MAGICS = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_DRIVE = re.compile(r"[A-Za-z]:")
_MAX_DISPLAY = 240
#: files named in the notes per reason; the rest are counted (--json lists them all)
NOTES_SHOWN = 5
#: the extraction folders of runs: ``xxgk-inputs-<pid>-…`` in the system's temporary folder
EXTRACTION_PREFIX = "xxgk-inputs-"
#: an extraction folder of a process that is gone is removed at the next start once it is this old (s)
STALE_AFTER = 300

# --- reasons (one line each, Chinese; never quote contents) -------------------------------------
MSG_MISSING = "找不到文件或文件夹：{path}"
SKIP_LOCK = "Excel/WPS 打开文件时生成的临时文件（~$ 开头），已忽略"
SKIP_MACOSX = "苹果电脑压缩时附带的系统文件夹（__MACOSX，{count} 个条目），已忽略"
SKIP_SYSTEM = "系统生成的隐藏文件，已忽略"
SKIP_HIDDEN_DIR = "隐藏文件夹，未搜索"
SKIP_LINKED_DIR = "指向别处的文件夹链接，未搜索；如需读取，请直接指定该文件夹"
SKIP_LINK = "压缩包内的符号链接，未读取"
SKIP_NOT_REGULAR = "不是普通文件，未读取"
SKIP_OTHER = "不是 Excel 工作簿、JSON 表格或年度报告（.docx/.pdf/.html/.txt）（{suffix}），未读取"
SKIP_COPY = "--annotate 写出的标注副本，不作为检查或汇总的输入；如需检查它，请直接指定这个文件"
SKIP_EMPTY = "文件是空的（0 字节），已忽略；如应有内容，请重新获取附件"
ERR_CANNOT_READ = "无法读取文件（没有权限或被其他程序占用），请关闭 Excel/WPS 后再试"
ERR_CANNOT_LIST = "无法读取文件夹（没有权限）"
ERR_NOT_REGULAR = "不是普通文件，无法读取；请指定普通的 .xlsx 文件或文件夹"
ERR_CORRUPT_ZIP = "压缩包不完整或已损坏（可能是附件未下载完整），无法解压；请重新获取文件"
ERR_RAR = "这是 RAR/7z 等压缩包，无法直接读取；请先解压，再提交其中的文件"
ERR_OFFICE = "这不是普通压缩包，而是改了扩展名的 Office 文件（如 .xlsx）；请把扩展名改回后再试"
ERR_ENCRYPTED = "压缩包有密码，无法解压；请让报送单位发送不加密的压缩包"
ERR_TOO_MANY = "压缩包内条目过多（共 {count} 个，上限 {limit} 个），已拒绝解压；请分成几个压缩包发送"
ERR_STRUCTURE = "压缩包结构异常（条目相互重叠），疑似恶意构造，已拒绝解压；请让报送单位重新压缩"
ERR_BOMB = "压缩包疑似“压缩炸弹”（{detail}），已拒绝解压；请让报送单位重新压缩"
ERR_UNSAFE_NAME = "文件名是绝对路径或含“..”，会写到解压目录之外，疑似恶意构造，未解压；请让报送单位重新打包"
ERR_MEMBER_CORRUPT = "压缩包内的这个文件已损坏（校验失败或数据不完整），未解压；请重新获取压缩包"
ERR_MEMBER_BOMB = "压缩包内的这个文件实际大小超过声明的大小，疑似“压缩炸弹”，未解压"
ERR_COMPRESSION = (
    "这个文件使用了不支持的压缩方式，未解压；请用 Windows 的“发送到 → 压缩(zipped)文件夹”重新压缩"
)
ERR_TOO_DEEP = "压缩包里的压缩包里又有压缩包（只展开两层），未展开；请先解压，再提交其中的文件"


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``path`` is on disk (the original, or a member extracted into workdir)."""

    path: Path
    display: str
    sha256: str
    origin: str


@dataclass
class Collected:
    """Everything given, each in one list. ``skipped`` holds (display, reason); ``errors`` (display,
    reason, code): the Chinese words and their stable code (toolkit.errors.REASONS)."""

    files: list[InputFile] = field(default_factory=list)
    duplicates: list[tuple[InputFile, InputFile]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)  # our annotated copies a search found (not read)

    def notes(self, limit: int = NOTES_SHOWN) -> list[str]:
        """What the run says about the files it did not read, for the console:
        annotated copies, duplicates, skipped files grouped by reason (the first ``limit`` of each reason
        named, the rest counted).
        The full lists stay in ``duplicates``, ``skipped`` and ``copies`` (and in --json)."""
        notes = skipped_copies_notes(self.copies)
        notes += [
            f"{dropped.display} 与 {kept.display} 内容完全相同，只计算一次"
            for kept, dropped in self.duplicates[:limit]
        ]
        if len(self.duplicates) > limit:
            more = len(self.duplicates) - limit
            notes.append(f"……另有 {more} 个文件与已读取的文件内容完全相同，只计算一次")
        by_reason: dict[str, list[str]] = {}
        for display, reason in self.skipped:
            by_reason.setdefault(reason, []).append(display)
        for reason, displays in by_reason.items():
            notes += [f"跳过 {display}：{reason}" for display in displays[:limit]]
            if len(displays) > limit:
                notes.append(f"……另有 {len(displays) - limit} 个同类文件同样跳过：{reason}")
        return notes

    def skipped_detail(self) -> str:
        """The first skipped files with their reasons, for the message that nothing could be read."""
        shown = "；".join(f"{display}（{reason}）" for display, reason in self.skipped[:5])
        return f"：{shown}" if shown else ""

    def not_read(self) -> list[dict[str, str]]:
        """Every file found and not read, with the reason (for --json: the full list)."""
        out = [{"path": display, "reason": reason} for display, reason in self.skipped]
        out += [
            {"path": dropped.display, "reason": f"与 {kept.display} 内容完全相同，只计算一次"}
            for kept, dropped in self.duplicates
        ]
        out += [{"path": display, "reason": SKIP_COPY} for display in self.copies]
        return out


def collect_inputs(paths: Sequence[Path | str], workdir: Path) -> Collected:
    """Files as given, folders searched, zips unpacked into ``workdir`` (which the caller creates
    and deletes); each distinct content once. Raise :class:`UsageError` if a path does not exist."""
    given = [(Path(raw), probe(raw, "输入的文件或文件夹")) for raw in paths]
    for path, kind in given:
        if kind == "missing":
            raise UsageError(MSG_MISSING.format(path=shown(path)))
    collector = _Collector(Path(workdir))
    for path, kind in given:
        if kind == "folder":
            collector.folder(path)
        else:
            collector.given_file(path)
    return collector.result()


# --- collection ----------------------------------------------------------------------------------


class _ArchiveError(Exception):
    """A zip refused as a whole; ``message`` is the Chinese reason, ``reason`` its code (errors.REASONS)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class _MemberError(_ArchiveError):
    """One member that cannot be extracted."""


@dataclass
class _Budget:
    """What one zip given by the user (with the zips inside it) may still use."""

    members: int
    size: int


@dataclass
class _Member:
    index: int
    info: zipfile.ZipInfo
    name: str  # the decoded name, as stored
    parts: list[str]  # its path components ("" and "." dropped)
    kind: str  # see _classify, plus "dir", "unsafe", "macosx", "link"


class _Collector:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.found: list[InputFile] = []
        self.skipped: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str, str]] = []
        self.copies: list[str] = []
        self.slots = 0

    def result(self) -> Collected:
        out = Collected()
        kept: dict[str, InputFile] = {}
        for item in sorted(self.found, key=lambda f: (f.display, f.origin, str(f.path))):
            first = kept.get(item.sha256)
            if first is None:
                kept[item.sha256] = item
                out.files.append(item)
            else:
                out.duplicates.append((first, item))
        out.skipped = sorted(self.skipped)
        out.errors = sorted(self.errors)
        out.copies = sorted(self.copies)
        return out

    # --- files and folders ---------------------------------------------------------------------

    def given_file(self, path: Path) -> None:
        """A file named by the user: taken whatever its suffix, except lock files."""
        display = shown(path)
        if path.name.startswith("~$"):
            self.skipped.append((display, SKIP_LOCK))
            return
        self._file(path, display, given=True)

    def folder(self, root: Path) -> None:
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(folder.iterdir(), key=lambda p: p.name)
            except OSError:
                self.errors.append((shown(folder), ERR_CANNOT_LIST, "os_error"))
                continue
            subfolders = []
            for entry in entries:
                display = shown(entry)
                try:
                    is_dir = entry.is_dir()
                    is_link = entry.is_symlink()
                except OSError:
                    self.errors.append((display, ERR_CANNOT_READ, "os_error"))
                    continue
                if is_dir:
                    lowered = entry.name.lower()
                    if is_link:
                        self.skipped.append((display, SKIP_LINKED_DIR))
                    elif lowered == _MACOSX:
                        self.skipped.append((display, SKIP_MACOSX.format(count=_count_files(entry))))
                    elif entry.name.startswith("."):
                        self.skipped.append((display, SKIP_HIDDEN_DIR))
                    else:
                        subfolders.append(entry)
                    continue
                kind = _classify(entry.name)
                if kind in ("workbook", "zip"):
                    self._file(entry, display, given=False)
                else:
                    self._not_read(display, kind, entry.name)
            stack.extend(reversed(subfolders))

    def _file(self, path: Path, display: str, *, given: bool) -> None:
        try:
            st = path.stat()
        except OSError:
            self.errors.append((display, ERR_CANNOT_READ, "os_error"))
            return
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block, a device never end
            if given:
                self.errors.append((display, ERR_NOT_REGULAR, "not_a_workbook"))
            else:
                self.skipped.append((display, SKIP_NOT_REGULAR))
            return
        if st.st_size == 0:
            self.skipped.append((display, SKIP_EMPTY))
            return
        if path.suffix.lower() == ZIP_SUFFIX:
            self.slots += 1
            slot = self.workdir / f"{self.slots:03d}"
            while slot.exists():  # a reused workdir: never overwrite
                self.slots += 1
                slot = self.workdir / f"{self.slots:03d}"
            self._zip(path, display, str(path), slot, depth=0, budget=_Budget(MAX_ZIP_MEMBERS, MAX_ZIP_TOTAL))
            return
        if not given and is_annotated_copy(path):
            self.copies.append(display)  # written by --annotate: never an input of the next run
            return
        try:
            digest = _sha256(path)
        except OSError:
            self.errors.append((display, ERR_CANNOT_READ, "os_error"))
            return
        self.found.append(InputFile(path=path, display=display, sha256=digest, origin=str(path)))

    def _not_read(self, display: str, kind: str, name: str) -> None:
        if kind == "lock":
            self.skipped.append((display, SKIP_LOCK))
        elif kind == "system":
            self.skipped.append((display, SKIP_SYSTEM))
        elif kind == "archive":
            self.errors.append((display, ERR_RAR, "archive"))
        else:
            suffix = Path(name.rstrip(" .")).suffix.lower()
            self.skipped.append((display, SKIP_OTHER.format(suffix=suffix or "无扩展名")))

    # --- zips ----------------------------------------------------------------------------------

    def _zip(self, path: Path, display: str, origin: str, slot: Path, depth: int, budget: _Budget) -> None:
        """Unpack one zip into ``slot``; an inner zip (depth 1) is unpacked but not the zips in it."""
        try:
            zf, members = _open_zip(path, budget)
        except _ArchiveError as err:
            self.errors.append((display, err.message, err.reason))
            return
        with zf:
            macosx = 0
            for member in members:
                member_display = display + SEP + _display_name(member)
                if member.kind == "dir":
                    continue
                if member.kind == "macosx":
                    macosx += 1
                elif member.kind == "unsafe":
                    self.errors.append((member_display, ERR_UNSAFE_NAME, "archive"))
                elif member.kind == "link":
                    self.skipped.append((member_display, SKIP_LINK))
                elif member.kind not in ("workbook", "zip"):
                    self._not_read(member_display, member.kind, member.parts[-1])
                elif member.info.file_size == 0:
                    self.skipped.append((member_display, SKIP_EMPTY))
                elif member.kind == "zip" and depth > 0:
                    self.errors.append((member_display, ERR_TOO_DEEP, "archive"))
                else:
                    self._member(zf, member, member_display, origin, slot, depth, budget)
            if macosx:
                self.skipped.append((display + SEP + "__MACOSX/", SKIP_MACOSX.format(count=macosx)))

    def _member(
        self,
        zf: zipfile.ZipFile,
        member: _Member,
        member_display: str,
        origin: str,
        slot: Path,
        depth: int,
        budget: _Budget,
    ) -> None:
        slot.mkdir(parents=True, exist_ok=True)
        target = slot / _disk_name(member.index, member.parts[-1])
        # Belt and braces: _disk_name has no separators, so this always holds.
        if not target.resolve().is_relative_to(self.workdir.resolve()):
            self.errors.append((member_display, ERR_UNSAFE_NAME, "archive"))
            return
        try:
            digest = _extract(zf, member.info, target, budget)
        except _MemberError as err:
            self.errors.append((member_display, err.message, err.reason))
            return
        if member.kind == "zip":
            self._zip(target, member_display, origin, slot / f"{member.index:04d}", depth + 1, budget)
            target.unlink()
        elif is_annotated_copy(target):
            self.copies.append(member_display)
            target.unlink()
        else:
            self.found.append(InputFile(path=target, display=member_display, sha256=digest, origin=origin))


def _open_zip(path: Path, budget: _Budget) -> tuple[zipfile.ZipFile, list[_Member]]:
    """Everything that can be judged before extracting a byte (toolkit.gate.zips, with this attachment's
    budget); raise :class:`_ArchiveError`."""
    try:
        with path.open("rb") as fp:
            if fp.read(8).startswith(_RAR_7Z_MAGICS):
                raise _ArchiveError(ERR_RAR, "archive")
        limits = ZipLimits(members=budget.members, total=budget.size, member=budget.size, ratio=MAX_RATIO)
        zf = open_zip(path, limits, unique_names=False, methods=False, ratio_of=_decompressed)
    except OSError:
        raise _ArchiveError(ERR_CANNOT_READ, "os_error") from None
    except ZipRefused as refused:
        raise _ArchiveError(_refusal_message(refused, budget), refused.reason) from None
    infos = zf.infolist()
    members = [_plan(index, info) for index, info in enumerate(infos, 1)]
    names = {m.name.lower() for m in members}
    if "[content_types].xml" in names or "mimetype" in names:
        zf.close()
        raise _ArchiveError(ERR_OFFICE, "archive")
    budget.members -= len(infos)
    return zf, members


def _decompressed(info: zipfile.ZipInfo) -> bool:
    """Whether a member is ever decompressed (the ratio limit applies to those only)."""
    return _plan(0, info).kind in ("workbook", "zip")


def _refusal_message(refused: ZipRefused, budget: _Budget) -> str:
    kind = refused.kind
    if kind == "members":
        used = MAX_ZIP_MEMBERS - budget.members  # by the zip around this one
        return ERR_TOO_MANY.format(count=used + refused.count, limit=MAX_ZIP_MEMBERS)
    if kind == "directory":
        return ERR_BOMB.format(detail=f"目录区 {size_text(refused.size)}，异常庞大")
    if kind in ("total", "member"):
        return ERR_BOMB.format(
            detail=f"解压后共 {size_text(refused.size)}，超过上限 {size_text(MAX_ZIP_TOTAL)}"
        )
    if kind == "ratio":
        return ERR_BOMB.format(detail=f"压缩比 {refused.ratio:.0f}:1，超过上限 {MAX_RATIO:g}:1")
    return {"encrypted": ERR_ENCRYPTED, "overlap": ERR_STRUCTURE}.get(kind, ERR_CORRUPT_ZIP)


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: _Budget) -> str:
    """Stream one member to ``target`` in CHUNK steps, never past its declared size nor the
    budget; return the SHA-256 of its bytes. Raise :class:`_MemberError` (nothing left on disk)."""
    digest = hashlib.sha256()
    written = 0
    try:
        with target.open("xb") as out:
            for chunk in inflate(reader(zf), info, cap=min(info.file_size, budget.size)):
                written += len(chunk)
                digest.update(chunk)
                out.write(chunk)
    except ZipRefused as refused:
        target.unlink(missing_ok=True)
        if refused.kind == "inflated":
            raise _MemberError(ERR_MEMBER_BOMB, "zip_bomb") from None
        if refused.kind == "compression":
            # zipfile's bzip2/lzma readers are not output-bounded; Deflate64 it cannot read at all.
            raise _MemberError(ERR_COMPRESSION, "archive") from None
        raise _MemberError(ERR_MEMBER_CORRUPT, "corrupt") from None
    except OSError:
        target.unlink(missing_ok=True)
        raise _MemberError(ERR_MEMBER_CORRUPT, "corrupt") from None
    finally:
        budget.size -= written
    return digest.hexdigest()


# --- names ---------------------------------------------------------------------------------------


def _plan(index: int, info: zipfile.ZipInfo) -> _Member:
    name = _member_name(info)
    raw_parts = re.split(r"[\\/]", name)
    parts = [part for part in raw_parts if part not in ("", ".")]
    if _unsafe(name, raw_parts):
        kind = "unsafe"
    elif not parts or info.is_dir() or name.endswith(("/", "\\")):
        kind = "dir"
    elif parts[0].lower() == _MACOSX:
        kind = "macosx"
    elif info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        kind = "link"
    else:
        kind = _classify(parts[-1])
    return _Member(index=index, info=info, name=name, parts=parts, kind=kind)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it (see the module docstring for the order)."""
    name = info.orig_filename
    if not info.flag_bits & _UTF8_FLAG:
        raw = name.encode("cp437")  # zipfile decoded the raw bytes as cp437: this undoes it exactly
        name = _unicode_path(info.extra, raw) or _decode(raw) or name
    return name.split("\0", 1)[0]  # as zipfile does: a NUL ends the name


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), when it matches the raw name's CRC."""
    pos = 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        matches = len(body) >= 5 and body[0] == 1 and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw)
        if kind == _UNICODE_PATH_EXTRA and matches:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        pos += 4 + size
    return None


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _unsafe(name: str, raw_parts: list[str]) -> bool:
    """An absolute name (``/x``, ``\\x``, ``C:x``) or one with a ``..`` component (including the
    ``.. .`` that Windows trims to ``..``)."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    return any(".." in part and not part.strip(". ") for part in raw_parts)


def _classify(name: str) -> str:
    name = name.rstrip(" .")  # as Windows trims them: "台账.xlsx." is 台账.xlsx
    lowered = name.lower()
    if name.startswith("~$"):
        return "lock"
    if name.startswith(".") or lowered in _SYSTEM_FILES:
        return "system"  # AppleDouble ._x, .DS_Store, LibreOffice .~lock.x#, Thumbs.db
    suffix = Path(lowered).suffix
    if suffix in CHECKABLE_SUFFIXES:
        return "workbook"
    if suffix == ZIP_SUFFIX:
        return "zip"
    if suffix in _OTHER_ARCHIVES:
        return "archive"
    return "other"


def _display_name(member: _Member) -> str:
    text = member.name if member.kind == "unsafe" else "/".join(member.parts)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    return text if len(text) <= _MAX_DISPLAY else text[: _MAX_DISPLAY - 1] + "…"


def _disk_name(index: int, name: str) -> str:
    """``0003_台账.xlsx``: unique by index, legal on Windows and Linux, short, suffix kept."""
    clean = "".join(
        "_" if ch in _WINDOWS_FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in name
    ).rstrip(" .")
    stem, dot, suffix = clean.rpartition(".")
    if not dot or not stem or len(suffix) > 8:
        stem, suffix = clean, ""
    else:
        suffix = "." + suffix
    stem = stem[:60].rstrip(" .")
    return f"{index:04d}_{stem or 'file'}{suffix}"


# --- helpers -------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _count_files(folder: Path) -> int:
    try:
        return sum(1 for p in folder.rglob("*") if not p.is_dir())
    except OSError:
        return 0


# --- the extraction folder -----------------------------------------------------------------------


@contextlib.contextmanager
def extraction_folder() -> Iterator[Path]:
    """A new folder to unpack zips into (``workdir`` of :func:`collect_inputs`), removed afterwards.

    Its name carries the process id (``xxgk-inputs-<pid>-…``): the folder of a run that was killed (SIGKILL,
    a power cut) holds copies of 台账 with applicants' data, so every start removes those of processes
    that are gone, once they are older than ``STALE_AFTER`` seconds."""
    remove_stale_folders()
    with tempfile.TemporaryDirectory(prefix=f"{EXTRACTION_PREFIX}{os.getpid()}-") as workdir:
        yield Path(workdir)


def remove_stale_folders(root: Path | None = None, *, now: float | None = None) -> list[Path]:
    """Remove the extraction folders of dead runs in ``root`` (the temporary folder); return them."""
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = [p for p in root.iterdir() if p.name.startswith(EXTRACTION_PREFIX)]
    except OSError:
        return []
    for folder in candidates:
        pid = folder.name[len(EXTRACTION_PREFIX) :].split("-", 1)[0]
        try:
            st = folder.lstat()
        except OSError:
            continue
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if not (stat.S_ISDIR(st.st_mode) and mine and pid.isdigit() and now - st.st_mtime > STALE_AFTER):
            continue
        if _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill ends the process: never ask there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):  # another user's process (EPERM), or Windows' semantics
        return True
    return True
