"""The first gate every input workbook passes, before any parser touches it.

``inspect_workbook(path)`` reads the file's bytes once (into memory, and hashes them), never
modifies it and never extracts anything to disk. It refuses, with one line of Chinese that says
what is wrong and what to do, everything a parser should not see: missing or empty files,
encrypted workbooks, legacy .xls/.et, files that are not zips (CSV, HTML, PDF renamed .xlsx),
truncated or corrupt zips, zips that are not spreadsheets (.ods, .docx, plain .zip), zip bombs
(by declared size, ratio, member count, overlapping entries, nested archives and by *actual*
decompressed size) and XML with a DTD (entity bombs, external entities). Macros and external
links are not errors: they are reported in ``has_macros``/``external_links`` and ``notes``.

Messages never quote the file's contents (member names included): they may be hostile, and
principle 6 keeps applicants' data out of messages. For the same reason rejections are raised
``from None``: zipfile's own errors quote member names.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .errors import UnreadableInput

__all__ = [
    "MAX_FILE_SIZE",
    "MAX_MEMBER",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "RATIO_MIN_SIZE",
    "WorkbookFile",
    "inspect_workbook",
]

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30

#: declared total uncompressed size of all members (a full 1,048,576-row sheet is large)
MAX_TOTAL_UNCOMPRESSED = 4 * GiB
#: compression ratio above which a member is a bomb (only checked when it inflates past RATIO_MIN_SIZE)
MAX_RATIO = 200
RATIO_MIN_SIZE = 1 * MiB
#: uncompressed size of one member
MAX_MEMBER = 2 * GiB
#: number of members in the zip
MAX_MEMBERS = 10_000
#: size of the file itself (it is read into memory once)
MAX_FILE_SIZE = 1 * GiB

CHUNK = 1 * MiB  # decompression step: memory stays a few MiB whatever the member
MAX_RELS = 1 * MiB  # an externalLink .rels part larger than this is not read

#: the reader (calamine) holds a sheet as a dense rectangle from its first to its last filled
#: cell: one stray value at XFD1048576 would ask for hundreds of GB. A 1,048,576-row case log of
#: up to 28 columns fits under this limit.
MAX_SHEET_CELLS = 30_000_000
# A cell with content: <c r="B12" ...> (a self-closing <c .../> holds only a style). Excel, WPS,
# openpyxl and xlsxwriter write r first. The rest of the tag is read possessively and at most
# _TAG_REST bytes far: a tag whose rest runs longer (no real writer's does) counts as filled, which
# only errs towards a larger extent, and a hostile run of "<c r=..." without any ">" costs linear
# time instead of quadratic.
_TAG_REST = 256
_FILLED_END = rb'"[^>/]{0,%d}+[^/]' % _TAG_REST  # the next byte is ">" or a byte past the limit
_FILLED_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}' + _FILLED_END)
_FILLED_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})' + _FILLED_END)
#: the row of the LAST filled cell in a window: the greedy (?s:.*) makes the regex engine walk
#: back from the end of the window, so a window costs about nothing when it ends with a cell
_LAST_FILLED_ROW = re.compile(rb"(?s:.*)" + _FILLED_ROW.pattern)
#: the longest match of the patterns above; a window carries this many bytes into the next, so a
#: cell cut by a chunk boundary is seen whole (and one seen twice changes no extent)
_CELL_CARRY = len(b'<c r="XFD1048576"') + _TAG_REST + 1
_FORMULA = re.compile(rb"<f[ >]")
_WIDEN_SPAN = 1 * KiB  # see _Extent._widen; longer than any match, so a widening never comes up empty
_MAX_WIDENINGS = 16

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CD_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"

#: XML markers that real Office parts never carry, in every encoding an XML parser may accept
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_DTD_OVERLAP = max(len(m) for m in _DTD_MARKERS) - 1
_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: Office stores embedded documents (an .xlsx or .docx object in a sheet) and images here;
#: no reader of ours opens them, so archives there are not "nested archives" we would unpack
_OPAQUE_DIRS = ("xl/embeddings/", "xl/media/")
_ARCHIVE_SUFFIXES = (
    ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".jar",
    ".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".docx", ".docm", ".pptx", ".pptm", ".ods", ".odt",
)  # fmt: skip
_ARCHIVE_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")
_MACRO_SUFFIXES = (".xlsm", ".xltm")
_EXTERNAL_LINK = re.compile(r"xl/externallinks/([^/]+)\.xml")

# --- messages (one line each; never include file contents) ------------------------------------
MSG_MISSING = "文件不存在，请检查路径和文件名"
MSG_DIRECTORY = "这是一个文件夹，不是 Excel 文件；请指定其中的 .xlsx 文件"
MSG_NOT_REGULAR = "不是普通文件，无法作为 Excel 工作簿读取；请指定一个普通的 .xlsx 文件"
MSG_EMPTY = "文件是空的（0 字节），可能是邮件附件未下载完整，请重新获取文件"
MSG_CANNOT_READ = "无法读取文件（没有权限或被其他程序占用），请关闭 Excel/WPS 后再试"
MSG_TOO_LARGE = "文件过大（{size}，上限 {limit}），不像正常的报表，请核对文件"
MSG_ENCRYPTED = "文件已加密（设置了打开密码），请取消密码后另存再试"
MSG_LEGACY = "这是旧版 .xls（或 WPS .et）文件，请在 Excel/WPS 中另存为 .xlsx 后再试"
MSG_NOT_XLSX = "不是 Excel 工作簿（.xlsx）"
MSG_PDF = MSG_NOT_XLSX + "，而是 PDF 文件；请向报送单位索取 Excel 原表"
MSG_HTML = MSG_NOT_XLSX + "，而是改了扩展名的网页（HTML）文件；请用 Excel/WPS 打开后另存为 .xlsx 再试"
MSG_XML2003 = MSG_NOT_XLSX + "，而是 Excel 2003 XML 表格；请用 Excel/WPS 打开后另存为 .xlsx 再试"
MSG_ARCHIVE = MSG_NOT_XLSX + "，而是 RAR/7z 等压缩包；请先解压，再提交其中的 .xlsx 文件"
MSG_LOCKFILE = MSG_NOT_XLSX + "，而是 Excel/WPS 打开文件时生成的临时文件（~$ 开头），可忽略或删除"
MSG_OTHER = MSG_NOT_XLSX + "（可能是 CSV/文本等文件改了扩展名）；请用 Excel/WPS 打开后另存为 .xlsx 再试"
MSG_CORRUPT = "文件不完整或已损坏（可能是邮件附件未下载完整），请重新获取文件"
MSG_STRUCTURE = "文件结构异常（压缩包内条目重复或相互重叠），疑似恶意构造，已拒绝读取；请让报送单位重新导出"
MSG_ZIP_ENCRYPTED = "压缩包内容已加密，无法读取；请提交未加密的 .xlsx 文件"
MSG_COMPRESSION = "文件使用了 Excel 不会使用的压缩方式，请在 Excel/WPS 中另存为 .xlsx 后再试"
MSG_ODS = "这是 .ods 文件（OpenDocument 表格），请在 WPS/Excel 中另存为 .xlsx 后再试"
MSG_ODF = "这是 OpenDocument 文档，不是 Excel 工作簿（.xlsx）；请提交 Excel 文件"
MSG_DOCX = "这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）；请提交 Excel 文件"
MSG_PPTX = "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿（.xlsx）；请提交 Excel 文件"
MSG_XLSB = "这是二进制工作簿（.xlsb），请在 Excel/WPS 中另存为 .xlsx 后再试"
MSG_PLAIN_ZIP = "这是普通压缩包（.zip），不是 Excel 工作簿（.xlsx）；请先解压，再提交其中的 .xlsx 文件"
MSG_NO_WORKBOOK = (
    "缺少工作簿内容（xl/workbook.xml），不是有效的 .xlsx 文件；请在 Excel/WPS 中另存为 .xlsx 后再试"
)
MSG_BOMB = "文件疑似“压缩炸弹”（{detail}），已拒绝读取；如确为正常报表，请在 Excel/WPS 中另存后再试"
NESTED = "内含嵌套的压缩包"
MSG_DTD = (
    "文件包含不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝读取；请向报送单位索取用 Excel/WPS 另存的 .xlsx 原表"
)

MSG_SHEET_TOO_LARGE = (
    "工作表“{sheet}”的使用范围过大（{first}:{last}，约 {cells:,} 个单元格），可能是远处有零散的内容；"
    "请删除多余的行和列（或在新工作簿中只复制需要的内容）后另存再试"
)
NOTE_MACROS = "含宏（VBA），只读取数值，不运行宏"
NOTE_XLM = "含 Excel 4.0 宏表，只读取数值，不运行宏"
NOTE_EXTERNAL = "含外部链接，只读取缓存值"


@dataclass(frozen=True)
class WorkbookFile:
    """An input that passed the gate. ``notes`` are Chinese one-line remarks for the user."""

    path: Path
    size: int
    sha256: str
    has_macros: bool
    external_links: tuple[str, ...]
    notes: tuple[str, ...]
    has_formulas: bool = False  # a worksheet holds at least one formula (<f> element)


def inspect_workbook(
    path: str | os.PathLike[str],
    *,
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_member: int = MAX_MEMBER,
    max_members: int = MAX_MEMBERS,
    max_file_size: int = MAX_FILE_SIZE,
    max_sheet_cells: int = MAX_SHEET_CELLS,
) -> WorkbookFile:
    """Check that ``path`` is a readable, safe .xlsx/.xlsm; raise :class:`UnreadableInput` if not."""
    p = Path(path)

    def fail(message: str) -> UnreadableInput:
        return UnreadableInput(message, path=str(p))

    data = _read_once(p, max_file_size, fail)
    digest = hashlib.sha256(data).hexdigest()

    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data:
            raise fail(MSG_ENCRYPTED)
        raise fail(MSG_LEGACY)
    if not data.startswith(ZIP_MAGICS):
        raise fail(_not_a_zip_message(p, data))
    # Counting central-directory signatures is a cheap upper bound taken before zipfile builds
    # one ZipInfo object per entry (millions of entries would exhaust memory first).
    if data.count(_CD_SIGNATURE) > max_members:
        raise fail(MSG_BOMB.format(detail=f"压缩包内文件数超过上限 {max_members} 个"))

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error,
            NotImplementedError):  # fmt: skip
        raise fail(MSG_CORRUPT) from None
    with zf:
        infos = zf.infolist()
        _check_structure(zf, infos, data, max_members, fail)
        _check_declared_sizes(infos, max_total_uncompressed, max_ratio, max_member, fail)
        by_name = {info.filename.lower(): info for info in infos}
        _check_kind(zf, by_name, fail)
        for name in by_name:
            if name.endswith(_ARCHIVE_SUFFIXES) and not name.startswith(_OPAQUE_DIRS):
                raise fail(MSG_BOMB.format(detail=NESTED))
        has_formulas = False
        for info in infos:
            extent = _scan_member(data, info, fail)
            if extent is not None:
                has_formulas = has_formulas or extent.formulas
                if extent.cells > max_sheet_cells:
                    raise fail(extent.message(zf, info.filename))
        has_macros, notes = _macros(p, by_name)
        links = _external_links(zf, by_name)
    if links is not None:
        notes.append(NOTE_EXTERNAL)
    return WorkbookFile(
        path=p,
        size=len(data),
        sha256=digest,
        has_macros=has_macros,
        external_links=tuple(links or ()),
        notes=tuple(notes),
        has_formulas=has_formulas,
    )


# --- steps --------------------------------------------------------------------------------------


def _read_once(p: Path, max_file_size: int, fail) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise fail(MSG_MISSING) from None
    except OSError:  # permission on a parent folder, name too long, ...
        raise fail(MSG_CANNOT_READ) from None
    if stat.S_ISDIR(st.st_mode):
        raise fail(MSG_DIRECTORY)
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
        raise fail(MSG_NOT_REGULAR)
    if st.st_size > max_file_size:
        raise fail(MSG_TOO_LARGE.format(size=_size(st.st_size), limit=_size(max_file_size)))
    try:
        with p.open("rb") as f:
            # read(n) preallocates n bytes: ask for what stat() saw, then for any growth since.
            parts = [f.read(st.st_size + 1)]
            total = len(parts[0])
            while total <= max_file_size and (more := f.read(min(CHUNK, max_file_size + 1 - total))):
                parts.append(more)
                total += len(more)
    except FileNotFoundError:
        raise fail(MSG_MISSING) from None
    except OSError:
        raise fail(MSG_CANNOT_READ) from None
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if not data:
        raise fail(MSG_EMPTY)
    if len(data) > max_file_size:
        raise fail(MSG_TOO_LARGE.format(size=_size(len(data)), limit=_size(max_file_size)))
    return data


def _not_a_zip_message(p: Path, data: bytes) -> str:
    if p.name.startswith("~$"):
        return MSG_LOCKFILE
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return MSG_PDF
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh")):
        return MSG_ARCHIVE
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return MSG_XML2003
    if text.startswith((b"<!doctype html", b"<html")) or b"<table" in text or b"<html" in text:
        return MSG_HTML
    return MSG_OTHER


def _check_structure(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], data: bytes, max_members, fail):
    """Member count, duplicate names, overlapping entries (the "better zip bomb"), encryption and
    compression methods: everything that can be judged from the directories alone."""
    if len(infos) > max_members:
        raise fail(MSG_BOMB.format(detail=f"压缩包内有 {len(infos)} 个文件，超过上限 {max_members} 个"))
    # Part names are case-insensitive in OOXML; two readers could pick different copies.
    if len({info.filename.lower() for info in infos}) != len(infos):
        raise fail(MSG_STRUCTURE)
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for index, info in enumerate(ordered):
        start = info.header_offset
        if start < 0 or start + 30 > len(data) or data[start : start + 4] != _LOCAL_SIGNATURE:
            raise fail(MSG_CORRUPT)
        name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
        end = start + 30 + name_len + extra_len + info.compress_size
        limit = ordered[index + 1].header_offset if index + 1 < len(ordered) else zf.start_dir
        if end > limit:
            if end > len(data):
                raise fail(MSG_CORRUPT)
            raise fail(MSG_STRUCTURE)
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail(MSG_ZIP_ENCRYPTED)
        # Excel and WPS write only these two; zipfile's bzip2/lzma readers are not output-bounded.
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise fail(MSG_COMPRESSION)


def _check_declared_sizes(infos, max_total, max_ratio, max_member, fail) -> None:
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise fail(MSG_BOMB.format(detail=f"解压后共 {_size(total)}，超过上限 {_size(max_total)}"))
    for info in infos:
        if info.file_size > max_member:
            detail = f"单个部件解压后 {_size(info.file_size)}，超过上限 {_size(max_member)}"
            raise fail(MSG_BOMB.format(detail=detail))
        if info.file_size > RATIO_MIN_SIZE and info.file_size > max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise fail(MSG_BOMB.format(detail=f"压缩比 {ratio:.0f}:1，超过上限 {max_ratio:g}:1"))


def _check_kind(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], fail) -> None:
    mimetype = by_name.get("mimetype")
    if mimetype is not None and mimetype.file_size <= 256:
        try:
            with zf.open(mimetype) as member:
                kind = member.read(257)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
            raise fail(MSG_CORRUPT) from None
        if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            raise fail(MSG_ODS)
        if kind.startswith(b"application/vnd.oasis.opendocument."):
            raise fail(MSG_ODF)
    if "word/document.xml" in by_name:
        raise fail(MSG_DOCX)
    if "ppt/presentation.xml" in by_name:
        raise fail(MSG_PPTX)
    if "[content_types].xml" not in by_name:
        raise fail(MSG_PLAIN_ZIP)
    if "xl/workbook.bin" in by_name and "xl/workbook.xml" not in by_name:
        raise fail(MSG_XLSB)
    if "xl/workbook.xml" not in by_name:
        raise fail(MSG_NO_WORKBOOK)


@dataclass
class _Extent:
    """The rectangle of a worksheet's filled cells (1-based rows, 0-based columns)."""

    top: int = 0
    bottom: int = 0
    left: int = -1  # -1: no filled cell seen yet
    right: int = -1
    formulas: bool = False
    #: finds a filled cell whose column lies outside left..right (None: no column can)
    outside: re.Pattern[bytes] | None = _FILLED_LETTERS

    def scan(self, window: bytes) -> None:
        """Rows of a sheet are in order: the first filled cell gives the top, the last the bottom."""
        self._widen(window)
        # a memchr for the rare "f" spares most windows the regex
        if not self.formulas and b"f" in window and _FORMULA.search(window):
            self.formulas = True
        if not self.top and (first := _FILLED_ROW.search(window)):
            self.top = int(first.group(1))
        if last := _LAST_FILLED_ROW.match(window):
            self.bottom = max(self.bottom, int(last.group(1)))

    def _widen(self, window: bytes) -> None:
        """Take in the columns of the window's filled cells without reading every cell: search
        for one outside the known range; at each one found, take in the columns of the cells
        that follow it (a header row names most columns within a few hundred bytes) and search
        on from there with the wider range. A big sheet's windows after the first cost one search.
        After _MAX_WIDENINGS the rest of the window is read cell by cell, as every window once was."""
        pos = 0
        for _ in range(_MAX_WIDENINGS):
            if self.outside is None or not (hit := self.outside.search(window, pos)):
                return
            self._take(_FILLED_LETTERS.findall(window, hit.start(), hit.start() + _WIDEN_SPAN))
            pos = hit.start() + 1
        self._take(_FILLED_LETTERS.findall(window, pos))

    def _take(self, letters: list[bytes]) -> None:
        columns = [_column(name) for name in set(letters)]
        if not columns:
            return
        if self.right >= 0:
            columns += (self.left, self.right)
        self.left, self.right = min(columns), max(columns)
        self.outside = _outside_columns(self.left, self.right)

    @property
    def cells(self) -> int:
        if self.right < 0 or not self.top:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def message(self, zf: zipfile.ZipFile, part: str) -> str:
        from .formulas import sheet_parts

        sheet = sheet_parts(zf).get(part, part)
        first = f"{_letters(self.left)}{self.top}"
        last = f"{_letters(self.right)}{self.bottom}"
        return MSG_SHEET_TOO_LARGE.format(sheet=sheet, first=first, last=last, cells=self.cells)


@functools.lru_cache(maxsize=64)
def _outside_columns(left: int, right: int) -> re.Pattern[bytes] | None:
    """A pattern for a filled cell whose column (1 to 3 letters) is before ``left`` or after
    ``right``, or None when no such column exists (A..ZZZ). Columns order by length, then
    alphabetically, so "before XY" is any shorter name, or same length and smaller at the first
    letter that differs; "after" mirrors it."""
    alternatives: list[bytes] = []
    low, high = _letters(left).encode(), _letters(right).encode()
    if len(low) > 1:
        alternatives.append(b"[A-Z]{1,%d}" % (len(low) - 1))
    for i, ch in enumerate(low):
        if ch > ord("A"):
            alternatives.append(low[:i] + b"[A-%c][A-Z]{%d}" % (ch - 1, len(low) - i - 1))
    if len(high) < 3:
        alternatives.append(b"[A-Z]{%d,3}" % (len(high) + 1))
    for i, ch in enumerate(high):
        if ch < ord("Z"):
            alternatives.append(high[:i] + b"[%c-Z][A-Z]{%d}" % (ch + 1, len(high) - i - 1))
    if not alternatives:
        return None
    return re.compile(rb'<c r="(?:' + b"|".join(alternatives) + rb")[0-9]{1,7}" + _FILLED_END)


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _scan_member(data: bytes, info: zipfile.ZipInfo, fail) -> _Extent | None:
    """Decompress one member in CHUNK steps and throw the bytes away: the CRC is verified, the
    actual size must equal the declared one, nested archives are spotted by their magic and XML
    parts must carry no DTD. Memory stays bounded by a few CHUNKs whatever the member claims.
    For a worksheet, returns the extent of its filled cells."""
    name = info.filename.lower()
    extent = _Extent() if name.startswith("xl/worksheets/") and name.endswith(".xml") else None
    opaque = name.startswith(_OPAQUE_DIRS)
    scan_xml = name.endswith(_XML_SUFFIXES)
    carry = _DTD_OVERLAP if extent is None else max(_DTD_OVERLAP, _CELL_CARRY)
    actual = 0
    tail = b""
    try:
        for chunk in _member_chunks(data, info):
            if actual == 0 and not opaque:
                if chunk.startswith(_ARCHIVE_MAGICS):
                    raise fail(MSG_BOMB.format(detail=NESTED))
                scan_xml = scan_xml or _looks_like_xml(chunk)
            actual += len(chunk)
            if actual > info.file_size:
                raise fail(MSG_BOMB.format(detail="实际解压大小超过声明的大小"))
            if scan_xml:
                # The seam where this chunk meets the previous one holds whatever the boundary
                # cut in two; it is scanned first, then the chunk itself (not copied).
                seam = tail + chunk[:carry]
                for window in (seam, chunk) if tail else (chunk,):
                    # every marker holds a "!", which a memchr rules out in most windows
                    if b"!" in window and any(marker in window for marker in _DTD_MARKERS):
                        raise fail(MSG_DTD)
                    if extent is not None:
                        extent.scan(window)
                tail = chunk[-carry:] if len(chunk) >= carry else seam[-carry:]
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, ValueError, RuntimeError):
        raise fail(MSG_CORRUPT) from None
    except NotImplementedError:
        raise fail(MSG_COMPRESSION) from None
    if actual != info.file_size:
        raise fail(MSG_CORRUPT)
    return extent


def _member_chunks(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks of CHUNK (the last one shorter, or a few bytes longer), inflated
    straight from the archive in memory; raises zipfile.BadZipFile if the CRC does not match.

    It checks the local header as zipfile's reader does (_check_structure has already checked its
    signature, that it lies inside the file, and refused encryption and other compression
    methods), but unlike that reader it does not stop at the declared size: the deflate stream
    runs to its real end, so a header that under-declares what the stream holds (a bomb hiding
    from the size checks) is seen for what it is. It also skips zipfile's per-member overhead,
    which is most of the cost of a small workbook."""
    start = info.header_offset
    (local_flags,) = struct.unpack_from("<H", data, start + 6)
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    if info.flag_bits & 0x60:  # "compressed patched data" (bit 5), strong encryption (bit 6)
        raise NotImplementedError
    local_name = data[start + 30 : start + 30 + name_len].decode("utf-8" if local_flags & 0x800 else "cp437")
    if local_name != info.orig_filename:  # two readers could read two different members
        raise zipfile.BadZipFile
    begin = start + 30 + name_len + extra_len
    compressed = memoryview(data)[begin : begin + info.compress_size]
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(compressed), CHUNK):
            chunk = compressed[offset : offset + CHUNK].tobytes()
            crc = zlib.crc32(chunk, crc)
            yield chunk
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        held = b""  # output not yet yielded, shorter than CHUNK
        for offset in range(0, len(compressed), CHUNK):  # the input too is fed CHUNK at a time
            pending = compressed[offset : offset + CHUNK]
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, CHUNK - len(held))
                pending = inflater.unconsumed_tail
                held = held + piece if held else piece
                if len(held) == CHUNK:
                    crc = zlib.crc32(held, crc)
                    yield held
                    held = b""
            if inflater.eof:  # what follows the end of the stream is not part of the member
                break
        held += inflater.flush()  # output zlib still holds back: at most part of one match
        if held:
            crc = zlib.crc32(held, crc)
            yield held
    if crc != info.CRC:
        raise zipfile.BadZipFile


def _looks_like_xml(head: bytes) -> bool:
    text = head[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe \t\r\n\x00")
    return text.startswith(b"<")


def _macros(p: Path, by_name: dict[str, zipfile.ZipInfo]) -> tuple[bool, list[str]]:
    notes: list[str] = []
    vba = "xl/vbaproject.bin" in by_name or p.suffix.lower() in _MACRO_SUFFIXES
    xlm = any(name.startswith("xl/macrosheets/") for name in by_name)
    if vba:
        notes.append(NOTE_MACROS)
    if xlm:
        notes.append(NOTE_XLM)
    return vba or xlm, notes


def _external_links(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo]) -> list[str] | None:
    """The targets of ``xl/externalLinks/*.xml`` (from their .rels), or None when there are none."""
    parts = []
    for name in by_name:
        match = _EXTERNAL_LINK.fullmatch(name)
        if match:
            parts.append(match.group(1))
    if not parts:
        return None
    parts.sort(key=_natural_key)
    targets: list[str] = []
    for stem in parts:
        rels = by_name.get(f"xl/externallinks/_rels/{stem}.xml.rels")
        if rels is None or rels.file_size > MAX_RELS:
            continue
        try:
            root = fromstring(zf.read(rels), forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError, zipfile.BadZipFile, zlib.error):
            continue
        for element in root.iter():
            if element.tag.rpartition("}")[2] != "Relationship":
                continue
            target = _clean(element.get("Target", ""))
            if target and target not in targets:
                targets.append(target)
    return targets


# --- helpers --------------------------------------------------------------------------------------


def _clean(target: str) -> str:
    """Percent-decode a link target and drop control/format characters (a hostile target could
    otherwise carry newlines or terminal escapes into whatever prints it)."""
    text = unquote(target.strip())
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))[:2048]


def _natural_key(text: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _size(n: float) -> str:
    for unit, scale in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{int(n)} 字节"
