"""The first gate every input workbook passes, before any parser touches it.

``inspect_workbook(path)`` reads the file's bytes once (into memory, and hashes them), never
modifies it and never extracts anything to disk. It refuses, with one line of Chinese that says
what is wrong and what to do, everything a parser should not see: missing or empty files,
encrypted workbooks, legacy .xls/.et, files that are not zips (CSV, HTML, PDF renamed .xlsx),
truncated or corrupt zips, zips that are not spreadsheets (.ods, .docx, plain .zip), zip bombs
(by declared size, ratio, member count, overlapping entries, nested archives and by *actual*
decompressed size), XML with a DTD (entity bombs, external entities) and sheets whose filled
cells span more than ``max_sheet_cells`` (the reader holds that rectangle in memory: one stray
value at XFD1048576 would abort the process), wherever the workbook keeps them and however they
are written. Macros and external links are not errors: they are reported in
``has_macros``/``external_links`` and ``notes``.

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

from toolkit.errors import UnreadableInput

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
_INPUT_STEP = 64 * KiB  # compressed bytes fed to zlib at a time
MAX_RELS = 1 * MiB  # an externalLink .rels part larger than this is not read

#: the reader (calamine) holds a sheet as a dense rectangle from its first to its last filled
#: cell: one stray value at XFD1048576 would ask for hundreds of GB. A 1,048,576-row case log of
#: up to 28 columns fits under this limit.
MAX_SHEET_CELLS = 30_000_000

# How calamine (python-calamine 0.9.1: calamine 0.37, quick-xml 0.42) reads a sheet, each point
# checked against it on hand-made parts; the gate must see every cell it sees, where it sees it:
#
# - A sheet is any part the workbook's relationships name (any folder, any extension, "\" for
#   "/", any case), read from the first element named sheetData to the end of that element.
# - Element names are compared without their prefix (<x:c> is a cell, <x:row> a row); <a:b:c> is
#   not a cell. A start tag ends at the first ">" outside quotes; it is empty when "/" precedes it.
# - Attributes may come in any order, quoted either way, with white space around "=" or none
#   between them. A cell reads its attributes up to the third named exactly r, s or t (x:r is not
#   r) and takes the last r among them, so that with r, s or t repeated it may take none; a row
#   takes its first r.
# - r is read with no limit: letters in either case, then digits, leading zeros allowed, any
#   length (u32 arithmetic, wrapping). A row's r may carry letters, which it ignores.
# - A cell without r sits at (current row, one past the previous cell in the row); a row without
#   r is one past the previous row. A cell's own r moves the column on, never the row.
# - Inside a cell only <v>, <f> and <is> are read (with everything inside them); any other element
#   is an error, and end tags other than the cell's own are skipped ("</row>" included).
# - A self-closing <c .../> is empty. A cell with content is filled even when it reads as empty
#   (<is/>, <v> </v>); the gate counts every cell that is not self-closing as filled, which only
#   errs towards a larger extent.
#
# Almost every sheet is written one way (Excel, WPS, openpyxl, xlsxwriter, LibreOffice): cells as
# <c r="B12" s="1" t="s"> or <c r="B12" s="1"/>, r first, upper-case letters, 1 to 7 digits
# without leading zeros, then s and t (and Excel's cm, vm, ph), double-quoted, one space apart.
# Such a sheet (with a prefix on its elements too) is searched, not read cell by cell (see
# _Extent); a sheet with any other cell tag is read by _Calamine, which follows calamine tag by
# tag (and takes rows of cells without r at once).
_WS = rb"[ \t\r\n]"
#: a quoted attribute value; a raw "<" (which XML forbids there) ends it, so that every search
#: below stops at the next tag and costs linear time whatever the input
_QUOTED = rb"""(?:"[^"<]*+"|'[^'<]*+')"""
#: the rest of a tag up to its ">" (quote-aware)
_REST = rb"""(?:[^"'<>/]++|/(?!>)|%s)*+""" % _QUOTED
_CANON_REF = rb'r="([A-Z]{1,3})([1-9][0-9]{0,6})"'
#: calamine reads a cell's attributes up to the third named r, s or t: after r, one of s and t
#: and the end of the tag, or both (in any order), leave it no other r to read; Excel's cm, vm
#: and ph (dynamic arrays, rich values, phonetics) are not counted
_OTHER = rb'(?: (?:cm|vm|ph)="[^"<]*+")*+'
_CELL_TAIL = rb'%s(?:/?>| [st]="[^"<]*+"%s(?:/?>| [st]="))' % (_OTHER, _OTHER)
#: the same, spelt out as writers write it: literal alternatives cost the regex engine half as
#: much per cell as the general form (a cell that only the general form admits is looked at)
_CELL_TAIL_FAST = (
    rb'(?:>| t="inlineStr">| t="(?:s|str|n|b|e|d|inlineStr)"(?:>|/>| s=")'
    rb'| s="[0-9](?:"|[0-9](?:"|[0-9](?:"|[0-9](?:"|[0-9]"))))(?:>|/>| t=")|/>)'
)
#: a filled cell in the usual form (a self-closing <c .../> is empty)
_CANON_FILLED = re.compile(
    rb'<c %s%s(?:>| [st]="[^"<]*+"%s(?:>| [st]="[^"<]*+"%s>))' % (_CANON_REF, _OTHER, _OTHER, _REST)
)
#: the LAST such cell in a window: the greedy (?s:.*) makes the regex engine walk back from the
#: end of the window, so this costs about nothing when the window ends with a cell
_LAST_CANON_FILLED = re.compile(rb"(?s:.*)" + _CANON_FILLED.pattern)
#: after "<c": not a cell (a longer name: <col>, <cfRule>) or a self-closing, empty one
_NOT_FILLED = rb"(?![^ \t\r\n/>]|%s/>)" % _REST
#: a cell tag that is not self-closing: before the first filled cell, every one is of interest
_FILLED_OR_ODD_CELL = re.compile(rb"<c" + _NOT_FILLED)
#: a cell tag written any other way: calamine's reading must be followed tag by tag
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}"%s)%s' % (_CELL_TAIL, _NOT_FILLED))
#: a prefixed element named c (<x:c ...>): see _Extent._unprefix
_PREFIXED_CELL = re.compile(rb":c[ \t\r\n/>]")
_PREFIX = re.compile(rb"[A-Za-z_][A-Za-z0-9_.\-]{0,31}")
_HAS_WS = re.compile(_WS)
_PREFIX_LOOKBACK = 64
#: a window carries this many bytes into the next, so that a cell tag cut by a chunk boundary is
#: seen whole (and one seen twice changes no extent); a longer tag cut there is read exactly
_CELL_CARRY = 512
_FORMULA = re.compile(rb"<f[ >]")
_WIDEN_SPAN = 1 * KiB  # see _Extent._search: longer than any cell tag, so a widening takes in the hit
_MAX_WIDENINGS = 16
#: a tag, comment or other markup longer than this in a sheet is not followed (no writer's is),
#: nor more tags than _MAX_TAGS read one by one (about a minute; a sheet of cells without r is
#: read row by row): the part is refused as damaged (MSG_CORRUPT)
_MAX_TOKEN = 4 * MiB
_MAX_TAGS = 40_000_000
_U32 = 0xFFFF_FFFF

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
#: the sheet named in MSG_SHEET_TOO_LARGE when the workbook does not list the part by that name
UNLISTED_SHEET = "（工作簿未列出的部件）"
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
        too_large = None  # a sheet over the limit, refused once every part has passed its checks
        for info in infos:
            extent = _scan_member(data, info, fail, max_sheet_cells)
            if extent.lost:
                raise fail(MSG_CORRUPT)
            if too_large is None and extent.cells > max_sheet_cells:
                too_large = (info, extent)
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                has_formulas = has_formulas or extent.formulas
        if too_large is not None:  # (its message reads the workbook's sheet names)
            raise fail(too_large[1].message(zf, too_large[0].filename))
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
    """The filled cells of a part, as calamine would read them were the part a sheet.

    A part in the usual form (see _CANON_FILLED) is searched, not read cell by cell: one search
    per window finds a cell tag not in that form (``odd``: the part is then read by
    _exact_extent) or a filled cell outside a rectangle, with a pattern built from the rectangle
    (see _hits). At each cell found outside, the rectangle takes in the cells that follow it (a
    header row names most columns within a few hundred bytes) and the search goes on. Two
    rectangles serve:

    - with a ``limit`` (the first pass over every part): the columns of the filled cells seen and
      rows 1 to as many as ``limit`` allows for that width (_bound_rows). A sheet written in
      order finds nothing outside after its header, and a pattern serves whole sheets (and, cached,
      whole roll-ups); it proves the extent is within ``limit``, or gives up (``over``);
    - without (a second pass, when the first gave up): the exact rectangle, rows taken from each
      chunk's first and last filled cell before its windows are searched, so that a sheet written
      in order again finds nothing outside; a cell out of order is found wherever it is."""

    limit: int | None = None
    top: int = 0
    bottom: int = 0
    left: int = -1  # -1: no filled cell seen yet
    right: int = -1
    formulas: bool = False
    #: the part holds the bytes "sheetData": without them calamine reads no cell from it
    sheet_data: bool = False
    #: a cell tag not in the usual form was seen: the extent is found by _exact_extent
    odd: bool = False
    #: (with a limit) the extent may be over the limit: the exact one must be found
    over: bool = False
    #: (from _exact_extent) calamine places a cell where the gate cannot follow it
    lost: bool = False
    #: the prefix the part writes before c (<x:c ...>), once seen
    prefix: bytes | None = None
    #: finds a cell tag not in the usual form or a filled cell outside the rectangle
    hits: re.Pattern[bytes] = _FILLED_OR_ODD_CELL
    #: (with a limit) rows up to this pass the pattern unseen; no row so far is beyond ``ceiling``
    #: but for those seen (``seen``); ``settled`` once a window has let cells pass unseen
    rows: int = 0
    ceiling: int = 0
    seen: int = 0
    settled: bool = False

    def feed(self, seam: bytes, chunk: bytes, *, final: bool, following: bytes = b"") -> None:
        """Take in ``chunk``, the next piece of the part, and ``seam``, the bytes around where it
        meets the previous one (b"" for the first; ``final``: nothing comes after; ``following``:
        the piece after it, when known)."""
        if not self.formulas:  # a memchr for the rare "f" spares most windows the regex
            self.formulas = (b"f" in chunk and _FORMULA.search(chunk) is not None) or (
                b"f" in seam and _FORMULA.search(seam) is not None
            )
        if self.odd or self.over:
            return
        if self.prefix is not None or b":" in chunk or b":" in seam:
            if seam:
                seam = self._unprefix(seam)
            chunk = self._unprefix(chunk)
            if self.odd:
                return
        if self.limit is None and (head := _CANON_FILLED.search(chunk)) is not None:
            last = (_LAST_CANON_FILLED.match(chunk) or head).groups()
            cells = [head.groups(), last]
            # A new last row builds a new pattern; taking the next piece's last row with it
            # halves how often (any row taken is a filled cell's, whatever order follows).
            ahead = following and self.right >= 0 and int(last[1]) > self.bottom
            if ahead and (ahead := _LAST_CANON_FILLED.match(following)) is not None:
                cells.append(ahead.groups())
            self._take(cells)
        if seam:
            self._search(seam, final=False)
        self._search(chunk, final=final)

    def _search(self, window: bytes, *, final: bool) -> None:
        pos = 0
        for _ in range(_MAX_WIDENINGS):
            if (cell := self._next_hit(self.hits, window, pos, final)) is None:
                break
            span = _CANON_FILLED.findall(window, cell.end(), cell.end() + _WIDEN_SPAN)
            restart = self._take([cell.groups(), *span])
            pos = 0 if restart else cell.start() + 1
        else:  # a rectangle widened this often: take in the rest of the window cell by cell
            self._take(_CANON_FILLED.findall(window, pos), restart=False)
            self._next_hit(_ODD_CELL, window, pos, final)
        if self.limit is not None and self.right >= 0:
            self.settled = True
            self.ceiling = max(self.ceiling, self.rows)

    def _next_hit(
        self, pattern: re.Pattern[bytes], window: bytes, pos: int, final: bool
    ) -> re.Match[bytes] | None:
        """The next filled cell in the usual form that ``pattern`` finds from ``pos``, or None
        (when there is none, or a cell tag not in the usual form was found: ``odd``, or the limit
        cannot be kept: ``over``). A tag cut by the end of the window is left to the next window,
        which holds it whole."""
        while not self.over and (hit := pattern.search(window, pos)) is not None:
            at = hit.start()
            if (cell := _CANON_FILLED.match(window, at)) is not None:
                return cell
            if (
                final
                or at < len(window) - _CELL_CARRY
                or window.find(b">", at) >= 0
                or window.find(b"<", at + 1) >= 0
            ):
                self.odd = True
                return None
            pos = at + 1
        return None

    def _take(self, cells: list[tuple[bytes, bytes]], *, restart: bool = True) -> bool:
        """Take in filled cells (column letters, row digits). Returns whether the window must be
        searched again from its start (a bound's columns widened before any cell passed unseen)."""
        if not cells:
            return False
        columns = [_column(letters) for letters in {letters for letters, _ in cells}]
        rows = [int(digits) for digits in {digits for _, digits in cells}]
        if self.right >= 0:
            columns += (self.left, self.right)
        left, right = min(columns), max(columns)
        if self.limit is None:
            if self.right >= 0:
                rows += (self.top, self.bottom)
            rect = (left, right, min(rows), max(rows))
            if rect != (self.left, self.right, self.top, self.bottom):
                self.left, self.right, self.top, self.bottom = rect
                self.hits = _hits(*rect)
            return False
        self.seen = max(self.seen, *rows)
        width = right - left + 1
        widened = (left, right) != (self.left, self.right)
        if widened:
            if self.settled and max(self.ceiling, self.rows) * width > self.limit:
                self.over = True  # rows passed unseen may be too many for the new width
                return False
            self.left, self.right = left, right
            self.rows = _bound_rows(self.limit, width)
            self.hits = _bound_hits(left, right, self.rows)
        if self.seen * width > self.limit:
            self.over = True
        return widened and restart and not self.settled

    def _unprefix(self, window: bytes) -> bytes:
        """``window`` with the part's prefix taken off its tags (<x:c → "  <c", same length). A
        part that writes cells with two prefixes, or a name ending in ":c" that is not a plain
        prefix, is odd (read tag by tag)."""
        if self.prefix is not None:
            window = _strip_prefix(window, self.prefix)
        pos = 0
        while (hit := _PREFIXED_CELL.search(window, pos)) is not None:
            at = hit.start()
            pos = at + 1
            start = max(0, at - _PREFIX_LOOKBACK)
            lt = window.rfind(b"<", start, at)
            name = window[lt + 1 if lt >= 0 else start : at]
            if (
                name.startswith(b"/")
                or _HAS_WS.search(name)
                or (b">" in name and b'"' not in name and b"'" not in name)
            ):
                continue  # an end tag, or not the end of a name: calamine takes a name up to white space
            if lt < 0 and start == 0:
                continue  # text at the start of the part, or cut: the previous window holds it whole
            if lt < 0 or self.prefix is not None or not _PREFIX.fullmatch(name):
                self.odd = True
                return window
            self.prefix = name
            window = _strip_prefix(window, name)
        return window

    @property
    def cells(self) -> int:
        """The cells calamine would allocate (with a limit, 0: the pass proved them within it)."""
        if self.limit is not None or self.right < 0 or not self.top or not self.sheet_data:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def message(self, zf: zipfile.ZipFile, part: str) -> str:
        from toolkit.read.formulas import sheet_parts

        names = {_part_key(name): sheet for name, sheet in sheet_parts(zf).items()}
        sheet = names.get(_part_key(part), UNLISTED_SHEET)
        first = f"{_letters(self.left)}{self.top}"
        last = f"{_letters(self.right)}{self.bottom}"
        return MSG_SHEET_TOO_LARGE.format(sheet=sheet, first=first, last=last, cells=self.cells)


def _strip_prefix(window: bytes, prefix: bytes) -> bytes:
    """``window`` with ``prefix`` taken off its start and end tags, keeping every byte's place."""
    pad = b" " * (len(prefix) + 1)
    return window.replace(b"<" + prefix + b":", pad + b"<").replace(b"</" + prefix + b":", pad + b"</")


def _bound_rows(limit: int, width: int) -> int:
    """How many rows a bound lets pass unseen at ``width`` columns: as many as ``limit`` allows
    at that width, but only half as many when half still covers a full sheet (1,048,576 rows), so
    that a column found after many rows keeps the bound (see _Extent._take); and when that is
    less than thrice a power of ten, only the rows with fewer digits (999,999 for a 1,048,576-row
    bound), which the regex engine checks at a third of the cost (the rest are looked at)."""
    rows = min(limit // width, max(limit // (2 * width), 1_048_576))
    shorter = 10 ** (len(str(rows)) - 1) - 1
    return shorter if 9 <= shorter < rows < 3 * (shorter + 1) else rows


@functools.lru_cache(maxsize=256)
def _bound_hits(left: int, right: int, rows: int) -> re.Pattern[bytes]:
    """A pattern for a cell tag not in the usual form, or a filled one outside columns
    ``left``..``right`` or below row ``rows``."""
    columns = _shortlex(_letters(left).encode(), _letters(right).encode(), b"A", b"A", b"Z")
    digits = b"%d" % rows
    if rows < 1:
        inside = b"(?!)"
    elif digits == b"9" * len(digits):
        inside = b"[1-9][0-9]{0,%d}+" % (len(digits) - 1)
    else:  # shorter rows first: the pattern serves whole sheets, most of whose rows are shorter
        inside = _shortlex(b"1", digits, b"1", b"0", b"9", shorter_first=True)
    return re.compile(rb'<c(?! r="%s%s"%s)%s' % (columns, inside, _CELL_TAIL_FAST, _NOT_FILLED))


@functools.lru_cache(maxsize=256)
def _hits(left: int, right: int, top: int, bottom: int) -> re.Pattern[bytes]:
    """A pattern for a cell tag not in the usual form, or a filled one outside columns
    ``left``..``right`` and rows ``top``..``bottom``."""
    columns = _shortlex(_letters(left).encode(), _letters(right).encode(), b"A", b"A", b"Z")
    rows = _shortlex(b"%d" % top, b"%d" % bottom, b"1", b"0", b"9")
    return re.compile(rb'<c(?! r="%s%s"%s)%s' % (columns, rows, _CELL_TAIL_FAST, _NOT_FILLED))


def _shortlex(
    low: bytes, high: bytes, first: bytes, least: bytes, most: bytes, *, shorter_first: bool = False
) -> bytes:
    """A pattern for the strings from ``low`` to ``high`` in shortlex order (shorter first, then
    alphabetical), written with characters ``least``..``most`` (the first one ``first``..``most``).
    Column names and row numbers order this way. The longest strings are tried first (most rows
    of a long sheet have as many digits as its last row), or last."""

    def run(lo: int, hi: int, n: int = 1) -> bytes:
        one = b"%c" % lo if lo == hi else b"[%c-%c]" % (lo, hi)
        return one if n == 1 else b"%s{%d}" % (one, n)

    def same(lo: bytes, hi: bytes) -> bytes:  # strings as long as lo and hi
        if not lo:
            return b""
        rest = len(lo) - 1
        if lo[0] == hi[0]:
            return lo[:1] + same(lo[1:], hi[1:])
        # the first character: hi's (with what may follow it), the ones between (with anything),
        # lo's; lo's and hi's join those between when anything may follow them. High first: the
        # rows of a sheet written in order are close to the last row known.
        low_full, high_full = lo[1:] == least * rest, hi[1:] == most * rest
        parts = [] if high_full else [hi[:1] + same(least * rest, hi[1:])]
        middle = (lo[0] if low_full else lo[0] + 1, hi[0] if high_full else hi[0] - 1)
        if middle[0] <= middle[1]:
            parts.append(run(*middle) + (run(least[0], most[0], rest) if rest else b""))
        if not low_full:
            parts.append(lo[:1] + same(lo[1:], most * rest))
        return parts[0] if len(parts) == 1 else b"(?:" + b"|".join(parts) + b")"

    if len(low) == len(high):
        return same(low, high)
    parts = [same(first + least * (len(high) - 1), high)]
    if len(high) - len(low) > 1:
        between = b"[%c-%c]{%d,%d}+" % (least[0], most[0], len(low), len(high) - 2)
        parts.append(run(first[0], most[0]) + between)
    parts.append(same(low, most * len(low)))
    return b"(?:" + b"|".join(parts[::-1] if shorter_first else parts) + b")"


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


def _part_key(name: str) -> str:
    """A part name as calamine matches it (any case, "\\" for "/")."""
    return name.replace("\\", "/").lstrip("/").lower()


def _scan_member(data: bytes, info: zipfile.ZipInfo, fail, limit: int | None = None) -> _Extent:
    """Decompress one member in CHUNK steps and throw the bytes away: the CRC is verified, the
    actual size must equal the declared one, nested archives are spotted by their magic and XML
    parts must carry no DTD. Memory stays bounded by a few CHUNKs whatever the member claims.
    Returns the extent of the filled cells calamine would read if the member were a sheet (any
    member may be one: calamine reads whatever part the workbook names, by whatever name): exact,
    or with a ``limit``, proven within it (``cells`` 0) unless it may be over it, when the exact
    one is found by a second pass."""
    name = info.filename.lower()
    extent = None  # made at the first "sheetData": calamine reads no cell before
    opaque = name.startswith(_OPAQUE_DIRS)
    scan_xml = name.endswith(_XML_SUFFIXES)
    carry = max(_DTD_OVERLAP, _CELL_CARRY)
    actual = 0
    tail = b""
    try:
        for chunk in _member_chunks(data, info):
            first = actual == 0
            if first and not opaque:
                if chunk.startswith(_ARCHIVE_MAGICS):
                    raise fail(MSG_BOMB.format(detail=NESTED))
                scan_xml = scan_xml or _looks_like_xml(chunk)
            actual += len(chunk)
            if actual > info.file_size:
                raise fail(MSG_BOMB.format(detail="实际解压大小超过声明的大小"))
            # The seam where this chunk meets the previous one holds whatever the boundary cut in
            # two; it is scanned first, then the chunk itself (not copied).
            seam = tail + chunk[:carry] if tail else b""
            if scan_xml:
                for window in (seam, chunk) if tail else (chunk,):
                    # every marker holds a "!", which a memchr rules out in most windows
                    if b"!" in window and any(marker in window for marker in _DTD_MARKERS):
                        raise fail(MSG_DTD)
            if extent is None and (b"sheetData" in chunk or b"sheetData" in seam):
                extent = _Extent(limit=limit, sheet_data=True)
            if extent is not None:  # (a part that under-declares its size is refused below)
                extent.feed(seam, chunk, final=actual == info.file_size)
            tail = chunk[-carry:] if len(chunk) >= carry else (tail + chunk)[-carry:]
        if actual != info.file_size:
            raise fail(MSG_CORRUPT)
        if extent is None:
            return _NO_CELLS
        if extent.odd or extent.over:
            formulas = extent.formulas
            if not extent.odd:
                extent = _canonical_extent(data, info)
            if extent.odd:
                extent = _exact_extent(data, info)
            extent.formulas = formulas
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, ValueError, RuntimeError):
        raise fail(MSG_CORRUPT) from None
    except NotImplementedError:
        raise fail(MSG_COMPRESSION) from None
    return extent


_NO_CELLS = _Extent()


def _canonical_extent(data: bytes, info: zipfile.ZipInfo) -> _Extent:
    """The exact extent of a part in the usual form (``odd`` if it is not), by a second pass."""
    extent = _Extent(sheet_data=True)
    tail = b""
    for chunk, following in _with_next(_member_chunks(data, info)):
        seam = tail + chunk[:_CELL_CARRY] if tail else b""
        extent.feed(seam, chunk, final=following is None, following=following or b"")
        if extent.odd:
            break
        tail = chunk[-_CELL_CARRY:] if len(chunk) >= _CELL_CARRY else (tail + chunk)[-_CELL_CARRY:]
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
        held: list[bytes] = []  # output not yet yielded, shorter than CHUNK together
        size = 0
        # The input is fed in small steps: what one call leaves unconsumed is copied by the next.
        step = min(CHUNK, _INPUT_STEP)
        for offset in range(0, len(compressed), step):
            pending = compressed[offset : offset + step]
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, CHUNK - size)
                pending = inflater.unconsumed_tail
                held.append(piece)
                size += len(piece)
                if size == CHUNK:
                    chunk = b"".join(held) if len(held) > 1 else held[0]
                    crc = zlib.crc32(chunk, crc)
                    yield chunk
                    held, size = [], 0
            if inflater.eof:  # what follows the end of the stream is not part of the member
                break
        if rest := inflater.flush():  # output zlib still holds back: at most part of one match
            held.append(rest)
        if held:
            chunk = b"".join(held) if len(held) > 1 else held[0]
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if crc != info.CRC:
        raise zipfile.BadZipFile


#: quick-xml's markup: a start tag runs to the first ">" outside quotes
_START_TAG = re.compile(rb"""<((?:[^"'>]++|"[^"]*+"|'[^']*+')*+)>""")
_MARKUP_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
#: one attribute as quick-xml reads it: a key up to "=" or white space, "=", a quoted value
_ATTRIBUTE = re.compile(rb"""[ \t\r\n]*+([^ \t\r\n=]++)[ \t\r\n]*+=[ \t\r\n]*+(?:"([^"]*+)"|'([^']*+)')""")
#: any r="…" in a tag calamine may fail to parse (the gate then counts every one)
_ANY_R = re.compile(rb"""(?:^|[ \t\r\n"'])r[ \t\r\n]*+=[ \t\r\n]*+(?:"([^"]*+)"|'([^']*+)')""")
_CELL_CHILDREN = (b"v", b"f", b"is")


def _plain_row() -> re.Pattern[bytes]:
    """A row of cells without r, each empty or holding a plain <v>, <f> or <is><t> (as writers
    that leave r out write them), all with the row's prefix: such a row is taken in at once."""
    attr = rb"""[ \t\r\n]++[^ \t\r\n=/>"'<]++[ \t\r\n]*+=[ \t\r\n]*+(?:"[^"<]*+"|'[^'<]*+')"""
    attr_not_r = attr.replace(rb"[ \t\r\n]++", rb"[ \t\r\n]++(?!r[ \t\r\n=])", 1)
    attrs = rb"(?:%s)*+[ \t\r\n]*+" % attr
    ws = rb"[ \t\r\n]*+"
    child = (
        rb"<\1v>[^<]*+</\1v>|<\1v/>|<\1f%s>[^<]*+</\1f>|<\1f%s/>|<\1is/>"
        rb"|<\1is>(?:%s<\1t%s>[^<]*+</\1t>)?+%s</\1is>" % (attrs, attrs, ws, attrs, ws)
    )
    cell = rb"<\1c(?:%s)*+[ \t\r\n]*+(?:/>|>(?:%s(?:%s))*+%s</\1c>)" % (attr_not_r, ws, child, ws)
    return re.compile(
        rb"<((?:[A-Za-z_][A-Za-z0-9_.\-]{0,31}:)?)row(%s)>((?:%s%s)*+)%s</\1row>" % (attrs, ws, cell, ws)
    )


_PLAIN_ROW = _plain_row()


class _Calamine:
    """calamine's reading of a sheet part, tag by tag: which cells it fills, and where (the rules
    at MAX_SHEET_CELLS). It is exact for every part whose cells hold their <v>, <f> and <is> well
    nested. Where calamine's reading cannot be followed any more (a cell whose content is not
    well nested, same-named elements inside one another, a tag calamine fails to parse), cells
    with an r still count where r puts them, and a filled cell without r after that point makes
    the part ``lost`` (refused as damaged)."""

    def __init__(self) -> None:
        self.extent = _Extent(sheet_data=True)
        self.pending = b""
        self.phase = 0  # 0: before sheetData, 1: in it, 2: inside a cell, 3: done
        self.row = 0  # calamine's row_index and col_index (0-based, u32)
        self.col = 0
        self.stack: list[bytes] = []  # elements open inside the current cell, and their names
        self.open: set[bytes] = set()
        self.adrift = False  # calamine's reading may differ from here on
        self.tags = 0

    def feed(self, chunk: bytes, *, final: bool) -> None:
        data = self.pending + chunk if self.pending else chunk
        pos, end = 0, len(data)
        while self.phase < 3 and (lt := data.find(b"<", pos)) >= 0:
            nxt = data[lt + 1 : lt + 2]
            if nxt in (b"!", b"?"):
                opener = next((o for o in _MARKUP_END if data.startswith(o, lt)), None)
                if opener is None:
                    if nxt == b"!" and end - lt < 9 and not final:
                        break  # may be the start of "<!--" or "<![CDATA["
                    self._lose()  # a DOCTYPE or junk: quick-xml's reading is not followed here
                    return
                close = data.find(_MARKUP_END[opener], lt + len(opener))
                if close < 0:
                    break
                pos = close + len(_MARKUP_END[opener])
            elif nxt == b"/":
                close = data.find(b">", lt + 2)
                if close < 0:
                    break
                self._end(data[lt + 2 : close].rstrip(b" \t\r\n"))
                pos = close + 1
            elif not nxt:
                break
            elif self.phase == 1 and not self.adrift and (row := _PLAIN_ROW.match(data, lt)) is not None:
                self._plain_row(row)
                pos = row.end()
            else:
                tag = _START_TAG.match(data, lt)
                if tag is None:
                    break
                self._start(tag.group(1))
                pos = tag.end()
                self.tags += 1
                if self.tags > _MAX_TAGS:
                    self._lose()
        else:
            pos = end
        self.pending = data[pos:] if self.phase < 3 else b""
        if final:
            self.pending = b""  # cut short: calamine fails at the end of the part
        elif len(self.pending) > _MAX_TOKEN:
            self._lose()

    def _lose(self) -> None:
        self.extent.lost = True
        self.phase = 3

    def _start(self, content: bytes) -> None:
        empty = content.endswith(b"/")
        if empty:
            content = content[:-1]
        name_end = m.start() if (m := _HAS_WS.search(content)) else len(content)
        name = content[:name_end]
        local = name[name.find(b":") + 1 :]
        if self.phase == 1:
            if local == b"c":
                self._cell(content[name_end:], empty)
            elif local == b"row":
                self._row(content[name_end:])
                if empty:
                    self._end(b"row")
        elif self.phase == 2:
            if self.adrift:
                if local == b"c" and not empty:
                    self._fill_any(content[name_end:])  # calamine may take it for a cell
            elif name in self.open if self.stack else local not in _CELL_CHILDREN:
                self.adrift = True  # same names nested (calamine counts depth otherwise) or an error
            elif not empty:
                self.stack.append(name)
                self.open.add(name)
        elif local == b"sheetData":
            self.phase = 3 if empty else 1

    def _end(self, name: bytes) -> None:
        local = name[name.find(b":") + 1 :]
        if self.phase == 1:
            if local == b"row":
                self.row = (self.row + 1) & _U32
                self.col = 0
            elif local == b"sheetData" and not self.adrift:
                self.phase = 3
        elif self.phase == 2:
            if self.stack and not self.adrift:
                if self.stack[-1] == name:
                    self.open.discard(self.stack.pop())
                    return
                self.adrift = True  # not well nested: calamine may end this cell elsewhere
            if local == b"c":
                self.col = (self.col + 1) & _U32
                self.phase = 1
                self.stack.clear()
                self.open.clear()

    def _plain_row(self, row: re.Match[bytes]) -> None:
        """A row matched by _PLAIN_ROW: its cells sit at the columns that follow one another."""
        prefix, cells = row.group(1), row.group(3)
        self._row(row.group(2))
        start, end = b"<" + prefix + b"c", b"</" + prefix + b"c>"
        if (first := cells.find(end)) >= 0:
            if self.adrift:
                self.extent.lost = True
            last = cells.rfind(end)
            count = cells.count(start)
            self._fill(self.row, (self.col + cells.count(start, 0, first) - 1) & _U32)
            self._fill(self.row, (self.col + count - 1 - cells.count(start, last)) & _U32)
        self._end(prefix + b"row")

    def _row(self, attributes: bytes) -> None:
        value, ok = _row_r(attributes)
        if value is not None:
            row = _cell_ref(value, row_only=True)
            if row is None:
                self.adrift = True  # calamine fails
            else:
                self.row = row[0]
        elif not ok:
            self.adrift = True

    def _cell(self, attributes: bytes, empty: bool) -> None:
        value, ok = _cell_r(attributes)
        if ok and value is not None:
            place = _cell_ref(value)
            if place is None:
                self.adrift = True  # calamine fails
            else:
                self.col = place[1]
                if not empty:
                    self._fill(*place)
        elif not empty:
            if not ok:  # calamine may fail, or take an r the gate did not parse, or none
                self._fill_any(attributes, required=False)
            if self.adrift:
                self.extent.lost = True  # a filled cell where calamine's row or column is unknown
            self._fill(self.row, self.col)
        if not ok:
            self.adrift = True
        if empty:
            self.col = (self.col + 1) & _U32
        else:
            self.phase = 2

    def _fill_any(self, attributes: bytes, *, required: bool = True) -> None:
        """Count every r of a filled cell tag that calamine may read otherwise than the gate;
        without one (``required``), the cell's place is unknown."""
        places = [_cell_ref(a or b) for a, b in _ANY_R.findall(attributes)]
        for place in places:
            if place is not None:
                self._fill(*place)
        if required and not any(places):
            self.extent.lost = True

    def _fill(self, row: int, col: int) -> None:
        e = self.extent
        row += 1
        if e.right < 0:
            e.top = e.bottom = row
            e.left = e.right = col
        else:
            e.top, e.bottom = min(e.top, row), max(e.bottom, row)
            e.left, e.right = min(e.left, col), max(e.right, col)


def _cell_r(text: bytes) -> tuple[bytes | None, bool]:
    """The r calamine takes from a cell tag's attributes ``text`` (after the name): it reads them
    up to the third named r, s or t and keeps the last r among those. And whether the attributes
    it reads are well-formed (else what it does is not followed)."""
    value, counted, pos = None, 0, 0
    while counted < 3 and (m := _ATTRIBUTE.match(text, pos)) is not None:
        if m.group(1) in (b"r", b"s", b"t"):
            counted += 1
            if m.group(1) == b"r":
                value = m.group(2) if m.group(2) is not None else m.group(3)
        pos = m.end()
    return value, counted == 3 or not text[pos:].strip(b" \t\r\n")


def _row_r(text: bytes) -> tuple[bytes | None, bool]:
    """The r calamine takes from a row tag's attributes: the first. And whether the attributes
    up to it (all, without one) are well-formed."""
    pos = 0
    while (m := _ATTRIBUTE.match(text, pos)) is not None:
        if m.group(1) == b"r":
            return (m.group(2) if m.group(2) is not None else m.group(3)), True
        pos = m.end()
    return None, not text[pos:].strip(b" \t\r\n")


def _cell_ref(ref: bytes, *, row_only: bool = False) -> tuple[int, int] | None:
    """(row, column), 0-based, as calamine reads a cell's r: letters in either case then digits,
    u32 arithmetic that wraps; None where calamine fails. ``row_only``: a row's r (letters
    ignored, column 0)."""
    row = col = 0
    digits = True
    power = 1
    for ch in reversed(ref):
        if 48 <= ch <= 57:
            if not digits:
                return None
            row = (row + (ch - 48) * power) & _U32
            power = power * 10 & _U32
        elif 65 <= ch <= 90 or 97 <= ch <= 122:
            if digits:
                digits = False
                power = 1
            col = (col + ((ch & 0xDF) - 64) * power) & _U32
            power = power * 26 & _U32
        else:
            return None
    if row == 0 or (col == 0 and not row_only):
        return None
    return row - 1, (col - 1) & _U32 if col else 0


def _exact_extent(data: bytes, info: zipfile.ZipInfo) -> _Extent:
    reader = _Calamine()
    for chunk, following in _with_next(_member_chunks(data, info)):
        reader.feed(chunk, final=following is None)
        if reader.phase == 3:
            break
    return reader.extent


def _with_next(items: Iterator[bytes]) -> Iterator[tuple[bytes, bytes | None]]:
    """``items``, each with the one after it (None after the last)."""
    previous = next(items, None)
    for item in items:
        yield previous, item  # type: ignore[misc]
        previous = item
    if previous is not None:
        yield previous, None


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
