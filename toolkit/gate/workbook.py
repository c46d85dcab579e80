"""The first gate every input workbook passes, before any parser touches it.

``inspect_workbook(path)`` reads the file's bytes once (into memory, and hashes them; the
:class:`WorkbookFile` it returns carries them, so that calamine reads the very bytes that were judged),
never modifies it and never extracts anything to disk. It refuses, with one line of Chinese that says
what is wrong and what to do, and a stable reason code (toolkit.errors.REASONS), everything a parser
should not see: missing or empty files, encrypted workbooks, legacy .xls/.et, files that are not zips
(CSV, HTML, PDF renamed .xlsx), truncated or corrupt zips, zips that are not spreadsheets (.ods, .docx,
plain .zip), zip bombs (toolkit.gate.zips: declared sizes, ratio, member count, overlapping entries,
nested archives and the *actual* decompressed size), XML with a DTD (entity bombs, external entities)
and sheets whose filled cells span more than ``max_sheet_cells`` (toolkit.gate.sheets: the reader holds
that rectangle in memory, so one stray value at XFD1048576 would abort the process), wherever the
workbook keeps them and however they are written. Macros and external links are not errors: they are
reported in ``has_macros``/``external_links`` and ``notes``.

Messages never quote the file's contents (member names included): they may be hostile, and
principle 6 keeps applicants' data out of messages. For the same reason rejections are raised
``from None``: zipfile's own errors quote member names.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from toolkit.errors import UnreadableInput
from toolkit.gate.parts import sheet_parts
from toolkit.gate.sheets import Extent, SheetDamaged, SheetScan, xml_extent
from toolkit.gate.zips import (
    ARCHIVE_MAGICS,
    ARCHIVE_SUFFIXES,
    CHUNK,
    DTD_OVERLAP,
    MAX_MEMBER,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_UNCOMPRESSED,
    RATIO_MIN_SIZE,
    ZipLimits,
    ZipRefused,
    declares_dtd,
    inflate,
    open_zip,
    size_text,
)
from toolkit.outputs import path_error

__all__ = [
    "MAX_FILE_SIZE",
    "MAX_MEMBER",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_TOTAL_UNCOMPRESSED",
    "RATIO_MIN_SIZE",
    "WorkbookFile",
    "inspect_workbook",
]

#: size of the file itself (it is read into memory once)
MAX_FILE_SIZE = 1 << 30
MAX_RELS = 1 << 20  # an externalLink .rels part larger than this is not read
#: the reader (calamine) holds a sheet as a dense rectangle from its first to its last filled
#: cell: one stray value at XFD1048576 would ask for hundreds of GB. A 1,048,576-row case log of
#: up to 28 columns fits under this limit.
MAX_SHEET_CELLS = 30_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: Office stores embedded documents (an .xlsx or .docx object in a sheet) and images here;
#: no reader of ours opens them, so archives there are not "nested archives" we would unpack
_OPAQUE_DIRS = ("xl/embeddings/", "xl/media/")
_SHEET_DATA = b"sheetData"
#: calamine decodes a part declared in UTF-16: no writer writes a sheet so, and the gate does not read one
_SHEET_DATA_UTF16 = ("sheetData".encode("utf-16-le"), "sheetData".encode("utf-16-be"))
_OVERLAP = max(DTD_OVERLAP, len(_SHEET_DATA_UTF16[0]) - 1)  # bytes a marker may span across two chunks
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
    """An input that passed the gate. ``notes`` are Chinese one-line remarks for the user; ``data``
    the bytes the gate judged (read calamine from them: the file may change on disk meanwhile)."""

    path: Path
    size: int
    sha256: str
    has_macros: bool
    external_links: tuple[str, ...]
    notes: tuple[str, ...]
    has_formulas: bool = False  # a worksheet holds at least one formula (<f> element)
    data: bytes = field(default=b"", repr=False, compare=False)


Fail = Callable[..., UnreadableInput]


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

    def fail(message: str, reason: str) -> UnreadableInput:
        return UnreadableInput(message, path=str(p), reason=reason)

    data = _read_once(p, max_file_size, fail)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data:
            raise fail(MSG_ENCRYPTED, "encrypted")
        raise fail(MSG_LEGACY, "xls")
    if not data.startswith(ZIP_MAGICS):
        raise fail(_not_a_zip_message(p, data), "not_a_workbook")
    limits = ZipLimits(max_members, max_total_uncompressed, max_member, max_ratio)
    try:
        zf = open_zip(data, limits)
    except ZipRefused as refused:
        raise fail(_zip_message(refused), refused.reason) from None
    with zf:
        infos = zf.infolist()
        by_name = {info.filename.lower(): info for info in infos}
        _check_kind(zf, by_name, fail)
        for name in by_name:
            if name.endswith(ARCHIVE_SUFFIXES) and not name.startswith(_OPAQUE_DIRS):
                raise fail(MSG_BOMB.format(detail=NESTED), "zip_bomb")
        read_at = _reader(data)
        has_formulas = False
        too_large = None  # a sheet over the limit, refused once every part has passed its checks
        for info in infos:
            try:
                extent = _scan_member(read_at, info, fail, max_sheet_cells)
            except ZipRefused as refused:
                raise fail(_zip_message(refused), refused.reason) from None
            except SheetDamaged:
                raise fail(MSG_CORRUPT, "corrupt") from None
            if extent is None:
                continue
            if too_large is None and extent.cells > max_sheet_cells:
                too_large = (info.filename, extent)
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                has_formulas = has_formulas or extent.formulas
        if too_large is not None:  # (its message reads the workbook's sheet names)
            raise fail(_too_large_message(zf, *too_large), "sheet_too_large")
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
        data=data,
    )


# --- steps --------------------------------------------------------------------------------------


def _read_once(p: Path, max_file_size: int, fail: Fail) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise fail(MSG_MISSING, "not_found") from None
    except OSError as err:  # permission on a parent folder (or a lock), name too long, ...
        words = MSG_CANNOT_READ if isinstance(err, PermissionError) else path_error(err, p, "文件").message
        raise fail(words, "os_error") from None
    if stat.S_ISDIR(st.st_mode):
        raise fail(MSG_DIRECTORY, "not_a_workbook")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
        raise fail(MSG_NOT_REGULAR, "not_a_workbook")
    if st.st_size > max_file_size:
        raise fail(
            MSG_TOO_LARGE.format(size=size_text(st.st_size), limit=size_text(max_file_size)), "too_large"
        )
    try:
        with p.open("rb") as f:
            # read(n) preallocates n bytes: ask for what stat() saw, then for any growth since.
            parts = [f.read(st.st_size + 1)]
            total = len(parts[0])
            while total <= max_file_size and (more := f.read(min(CHUNK, max_file_size + 1 - total))):
                parts.append(more)
                total += len(more)
    except FileNotFoundError:
        raise fail(MSG_MISSING, "not_found") from None
    except OSError:
        raise fail(MSG_CANNOT_READ, "os_error") from None
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if not data:
        raise fail(MSG_EMPTY, "empty")
    if len(data) > max_file_size:
        raise fail(
            MSG_TOO_LARGE.format(size=size_text(len(data)), limit=size_text(max_file_size)), "too_large"
        )
    return data


def _too_large_file(size: int, limit: int) -> str:
    return MSG_TOO_LARGE.format(size=size_text(size), limit=size_text(limit))


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


def _zip_message(refused: ZipRefused) -> str:
    kind = refused.kind
    if kind in ("members", "directory"):
        return MSG_BOMB.format(detail=f"压缩包内文件数超过上限 {refused.limit or MAX_MEMBERS} 个")
    if kind == "total":
        return MSG_BOMB.format(
            detail=f"解压后共 {size_text(refused.size)}，超过上限 {size_text(refused.limit)}"
        )
    if kind == "member":
        detail = f"单个部件解压后 {size_text(refused.size)}，超过上限 {size_text(refused.limit)}"
        return MSG_BOMB.format(detail=detail)
    if kind == "ratio":
        return MSG_BOMB.format(detail=f"压缩比 {refused.ratio:.0f}:1，超过上限 {refused.limit:g}:1")
    if kind == "inflated":
        return MSG_BOMB.format(detail="实际解压大小超过声明的大小")
    return {"overlap": MSG_STRUCTURE, "encrypted": MSG_ZIP_ENCRYPTED, "compression": MSG_COMPRESSION}.get(
        kind, MSG_CORRUPT
    )


def _check_kind(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], fail: Fail) -> None:
    mimetype = by_name.get("mimetype")
    if mimetype is not None and mimetype.file_size <= 256:
        try:
            with zf.open(mimetype) as member:
                kind = member.read(257)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise fail(MSG_CORRUPT, "corrupt") from None
        if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            raise fail(MSG_ODS, "not_a_workbook")
        if kind.startswith(b"application/vnd.oasis.opendocument."):
            raise fail(MSG_ODF, "not_a_workbook")
    for part, message in (
        ("word/document.xml", MSG_DOCX),
        ("ppt/presentation.xml", MSG_PPTX),
    ):
        if part in by_name:
            raise fail(message, "not_a_workbook")
    if "[content_types].xml" not in by_name:
        raise fail(MSG_PLAIN_ZIP, "not_a_workbook")
    if "xl/workbook.bin" in by_name and "xl/workbook.xml" not in by_name:
        raise fail(MSG_XLSB, "not_a_workbook")
    if "xl/workbook.xml" not in by_name:
        raise fail(MSG_NO_WORKBOOK, "not_a_workbook")


def _reader(data: bytes) -> Callable[[int, int], bytes]:
    def read_at(offset: int, n: int) -> bytes:
        return data[offset : offset + n]

    return read_at


def _scan_member(
    read_at: Callable[[int, int], bytes], info: zipfile.ZipInfo, fail: Fail, limit: int
) -> Extent | None:
    """Decompress one member in CHUNK steps and throw the bytes away (zips.inflate verifies its
    CRC and actual size): nested archives are spotted by their magic, XML parts must carry no DTD,
    and the extent of the filled cells calamine would read, were the member a sheet (any member may
    be one: calamine reads whatever part the workbook names, by whatever name), is returned for a
    member that holds "sheetData" (None for the others): of all its cells when that is within
    ``limit``, else of the filled ones."""
    name = info.filename.lower()
    opaque = name.startswith(_OPAQUE_DIRS)
    xml = name.endswith(_XML_SUFFIXES)
    scan = SheetScan()
    sheet = False
    tail = b""  # the end of the previous chunk (none before the first)
    for chunk in inflate(read_at, info):
        if tail:  # the seam where this chunk meets the previous one holds whatever the boundary cut in two
            seam = tail + chunk[:_OVERLAP]
        else:
            seam = b""
            if not opaque:
                if chunk.startswith(ARCHIVE_MAGICS):
                    raise fail(MSG_BOMB.format(detail=NESTED), "zip_bomb")
                xml = xml or _looks_like_xml(chunk)
        if xml and (declares_dtd(chunk) or (seam and declares_dtd(seam))):
            raise fail(MSG_DTD, "xml_unsafe")
        if not sheet:  # calamine reads no cell before the first "sheetData": nor does the scan
            sheet = _SHEET_DATA in chunk or _SHEET_DATA in seam
            if (b"\0" in chunk or b"\0" in seam) and any(m in chunk or m in seam for m in _SHEET_DATA_UTF16):
                raise SheetDamaged
        if sheet:
            scan.feed(chunk)
        tail = chunk[-_OVERLAP:] if len(chunk) >= _OVERLAP else (tail + chunk)[-_OVERLAP:]
    scan.finish()
    if not sheet:
        return None
    if not scan.odd and scan.extent.cells <= limit:
        return scan.extent
    if scan.odd:
        extent = xml_extent(inflate(read_at, info))
    else:  # over the limit with its empty cells: the filled ones decide
        filled = SheetScan(exact=True)
        for chunk in inflate(read_at, info):
            filled.feed(chunk)
        filled.finish()
        extent = filled.extent
    extent.formulas = scan.extent.formulas
    return extent


def _looks_like_xml(head: bytes) -> bool:
    text = head[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe \t\r\n\x00")
    return text.startswith(b"<")


def _too_large_message(zf: zipfile.ZipFile, part: str, extent: Extent) -> str:
    names = {_part_key(name): sheet for sheet, name in sheet_parts(zf.read).items()}
    sheet = names.get(_part_key(part), UNLISTED_SHEET)
    return MSG_SHEET_TOO_LARGE.format(sheet=sheet, first=extent.first, last=extent.last, cells=extent.cells)


def _part_key(name: str) -> str:
    """A part name as calamine matches it (any case, "\\" for "/")."""
    return name.replace("\\", "/").lstrip("/").lower()


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
        except (ParseError, DefusedXmlException, ValueError, zipfile.BadZipFile, OSError):
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
