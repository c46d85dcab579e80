"""The gate of a published report (.docx, .html/.htm, .txt): what a document reader may see.

``inspect_document(path)`` reads the file once (never more than its kind's size limit) and refuses, with
one line of Chinese and a stable reason code (toolkit.errors.REASONS), what a parser should not see:

- a .docx goes through the one zip gate (toolkit.gate.zips: entry count, declared sizes, compression
  ratio, overlapping entries, encryption), must hold ``word/document.xml``, and that part is inflated
  in steps under a hard cap (``MAX_DOCUMENT_XML``) with every chunk scanned for DOCTYPE/ENTITY (an XML
  bomb or an external entity): ``DocumentFile.xml`` holds the part's bytes; the list definitions
  and the styles (``word/numbering.xml``, ``word/styles.xml``: the numbers Word shows before a heading)
  pass the same way (``DocumentFile.numbering``, ``.styles``); the reader parses no other part;
- a PDF is only read (under ``MAX_PDF_SIZE``): its structure is the PDF gate's (toolkit.gate.pdf);
- a web page (.html/.htm) or web text (.txt) larger than its limit is refused (``too_large``); its bytes
  are decoded here: a BOM first, then (a page) the charset its ``<meta>`` declares — GB2312/GBK are
  decoded as GB18030, their superset, unless the bytes are valid UTF-8 (a page re-encoded by its CMS
  keeps its old meta tag; GBK text is practically never valid UTF-8) — then UTF-8, then GB18030;
  binary junk (NUL bytes, control characters) or bytes no charset decodes are refused (``not_text``).
  ``DocumentFile.text`` holds the text.

Messages never quote the file's contents.
"""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import UnreadableInput
from toolkit.gate.pdf import MAX_FILE_SIZE as MAX_PDF_FILE
from toolkit.gate.zips import (
    CHUNK,
    DTD_OVERLAP,
    ZipLimits,
    ZipRefused,
    declares_dtd,
    inflate,
    open_zip,
    reader,
    size_text,
)

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_DOCUMENT_XML",
    "MAX_DOCX_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_PDF_SIZE",
    "MAX_TEXT_SIZE",
    "DocumentFile",
    "decode_text",
    "inspect_document",
]

MiB = 1 << 20
#: a Word report with its photos and scanned seals: a few MiB; anything past this is not a report
MAX_DOCX_SIZE = 200 * MiB
#: the text of a Word report (word/document.xml) is well under 1 MiB; past this it is a bomb
MAX_DOCUMENT_XML = 16 * MiB
#: a government web page, inline images included
MAX_PAGE_SIZE = 32 * MiB
#: the text of a report copied from a web page: some 20 KiB
MAX_TEXT_SIZE = 8 * MiB
#: a report exported to PDF: the PDF gate's own limit (one limit, its structure judged there too)
MAX_PDF_SIZE = MAX_PDF_FILE
#: what one .docx may declare (members, total and one member's size)
DOCX_LIMITS = ZipLimits(members=5_000, total=1 << 30, member=512 * MiB)
#: suffix → kind (as toolkit.read.document.DOCUMENT_KINDS; .pdf has its own gate)
DOCUMENT_SUFFIXES = {
    ".docx": "docx",
    ".doc": "docx",
    ".wps": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".mht": "mht",
    ".mhtml": "mht",
}
_DOCUMENT_PART = "word/document.xml"
_NUMBERING_PART = "word/numbering.xml"
_STYLES_PART = "word/styles.xml"
#: the list definitions and the styles of a report: some KiB each
MAX_NUMBERING_XML = 4 * MiB
#: a control character other than tab, line feed, form feed and carriage return: not text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.001
_META_CHARSET = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "hz-gb-2312", "csgb2312"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

MSG_MISSING = "文件不存在，请检查路径和文件名"
MSG_NOT_REGULAR = "不是普通文件，无法读取；请指定报告文件"
MSG_EMPTY = "文件是空的（0 字节），可能是附件未下载完整，请重新获取文件"
MSG_CANNOT_READ = "无法读取文件（没有权限或被其他程序占用），请关闭 Word/WPS 后再试"
MSG_TOO_LARGE = "文件过大（{size}，{kind}上限 {limit}），不像正常的年度报告，请核对文件"
MSG_DOC = "这是旧版 Word .doc（或 WPS .wps）文件，请在 Word/WPS 中另存为 .docx 后再试"
MSG_MHT = (
    "这是“单个文件网页”（.mht/.mhtml，网页连同图片打包的格式），无法直接读取；"
    "请在浏览器中打开后另存为“网页，仅 HTML”（.html），或提交报告的 .docx/.pdf"
)
MSG_NOT_DOCX = (
    "不是 Word 文档（.docx）（可能是其他格式的文件改了扩展名），请在 Word/WPS 中另存为 .docx 后再试"
)
MSG_DOCX_BOMB = "Word 文档疑似“压缩炸弹”（{detail}），已拒绝读取；请让发布单位重新导出"
MSG_DOCX_STRUCTURE = "Word 文档结构异常（压缩包内条目重复或相互重叠），疑似恶意构造，已拒绝读取"
MSG_DOCX_ENCRYPTED = "Word 文档已加密（设置了打开密码），请取消密码后另存再试"
MSG_DOCX_CORRUPT = "Word 文档不完整或已损坏（可能是附件未下载完整），请重新获取文件"
MSG_DTD = "Word 文档包含不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝读取；请在 Word/WPS 中另存为 .docx 后再试"
MSG_BINARY = (
    "不是文本文件（含有二进制内容），无法作为网页或网页文本读取；请提交报告的 .docx、.pdf、网页或文本"
)
MSG_UNDECODABLE = "文本的字符编码无法识别（不是 UTF-8、GB18030/GBK 或 UTF-16），请另存为 UTF-8 编码后再试"

#: raise it: the Chinese words and the reason code
Fail = Callable[[str, str], UnreadableInput]

KIND_WORDS = {"docx": "Word 文档", "html": "网页", "txt": "文本", "pdf": "PDF 文档"}
LIMITS = {"docx": MAX_DOCX_SIZE, "html": MAX_PAGE_SIZE, "txt": MAX_TEXT_SIZE, "pdf": MAX_PDF_SIZE}


@dataclass(frozen=True)
class DocumentFile:
    """A document that passed the gate: its kind ("docx" | "html" | "txt"), for a .docx the bytes of
    ``word/document.xml`` (``xml``), for a page or a text its decoded ``text`` and the ``charset``
    it was decoded with."""

    path: Path
    kind: str
    size: int
    xml: bytes = field(default=b"", repr=False)
    numbering: bytes = field(default=b"", repr=False)  # a .docx's word/numbering.xml (its lists)
    styles: bytes = field(default=b"", repr=False)  # ... and word/styles.xml (numbered headings)
    text: str = field(default="", repr=False)
    charset: str = ""
    data: bytes = field(default=b"", repr=False)  # a PDF's bytes, for the PDF gate and reader


def inspect_document(path: str | Path, *, kind: str | None = None) -> DocumentFile:
    """Check that ``path`` is a safe document of its kind (by suffix unless ``kind`` is given) and
    return what its reader needs; raise :class:`UnreadableInput`."""
    p = Path(path)
    kind = kind or DOCUMENT_SUFFIXES[p.suffix.lower()]

    def fail(message: str, reason: str) -> UnreadableInput:
        return UnreadableInput(message, path=str(p), reason=reason)

    if kind == "mht":
        raise fail(MSG_MHT, "not_a_document")
    data = _read(p, LIMITS[kind], kind, fail)
    if kind == "pdf":
        return DocumentFile(p, kind, len(data), data=data)
    if kind == "docx":
        xml, numbering, styles = _docx_parts(data, fail)
        return DocumentFile(p, kind, len(data), xml=xml, numbering=numbering, styles=styles)
    text, charset = decode_text(data, page=kind == "html", fail=fail)
    return DocumentFile(p, kind, len(data), text=text, charset=charset)


def _read(p: Path, limit: int, kind: str, fail: Fail) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise fail(MSG_MISSING, "not_found") from None
    except OSError:
        raise fail(MSG_CANNOT_READ, "os_error") from None
    if not stat.S_ISREG(st.st_mode):
        raise fail(MSG_NOT_REGULAR, "not_a_document")
    words = KIND_WORDS[kind]
    if st.st_size > limit:
        raise fail(
            MSG_TOO_LARGE.format(size=size_text(st.st_size), kind=words, limit=size_text(limit)), "too_large"
        )
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)  # never more than the limit, whatever the file grew to
    except OSError:
        raise fail(MSG_CANNOT_READ, "os_error") from None
    if not data:
        raise fail(MSG_EMPTY, "empty")
    if len(data) > limit:
        raise fail(
            MSG_TOO_LARGE.format(size=size_text(len(data)), kind=words, limit=size_text(limit)), "too_large"
        )
    return data


def _docx_parts(data: bytes, fail: Fail) -> tuple[bytes, bytes, bytes]:
    """``word/document.xml`` of a .docx, inflated under ``MAX_DOCUMENT_XML``, its list numbering and
    its styles (``word/numbering.xml``, ``word/styles.xml``; b"" when missing), all free of DTDs."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise fail(MSG_DOCX_ENCRYPTED, "encrypted")
        raise fail(MSG_DOC, "not_a_document")
    if not data.startswith(b"PK\x03\x04"):
        raise fail(MSG_NOT_DOCX, "not_a_document")
    try:
        zf = open_zip(data, DOCX_LIMITS, unique_names=False)
    except ZipRefused as refused:
        raise fail(_zip_words(refused), refused.reason) from None
    with zf:
        by_name = {info.filename.lower(): info for info in zf.infolist()}
        if _DOCUMENT_PART not in by_name:
            raise fail(MSG_NOT_DOCX, "not_a_document")
        document = _part(zf, by_name[_DOCUMENT_PART], MAX_DOCUMENT_XML, fail)
        lists, styles = (
            _part(zf, by_name[name], MAX_NUMBERING_XML, fail) if name in by_name else b""
            for name in (_NUMBERING_PART, _STYLES_PART)
        )
    return document, lists, styles


def _part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, fail: Fail) -> bytes:
    """One XML part, inflated in steps under ``limit`` with every chunk scanned for a DTD."""
    if info.file_size > limit:
        detail = f"文档部件解压后 {size_text(info.file_size)}，超过上限 {size_text(limit)}"
        raise fail(MSG_DOCX_BOMB.format(detail=detail), "zip_bomb")
    parts: list[bytes] = []
    tail = b""
    try:
        for chunk in inflate(reader(zf), info, cap=min(info.file_size, limit)):
            if declares_dtd(chunk) or (tail and declares_dtd(tail + chunk[:DTD_OVERLAP])):
                raise fail(MSG_DTD, "xml_unsafe")
            tail = chunk[-DTD_OVERLAP:]
            parts.append(chunk)
    except ZipRefused as refused:
        raise fail(_zip_words(refused), refused.reason) from None
    return b"".join(parts)


def _zip_words(refused: ZipRefused) -> str:
    kind = refused.kind
    if kind in ("members", "directory", "total", "member", "ratio", "inflated"):
        detail = {
            "members": "压缩包内条目过多",
            "directory": "目录区异常庞大",
            "total": f"解压后共 {size_text(refused.size)}",
            "member": f"单个部件解压后 {size_text(refused.size)}",
            "ratio": f"压缩比 {refused.ratio:.0f}:1",
            "inflated": "实际解压大小超过声明或上限",
        }[kind]
        return MSG_DOCX_BOMB.format(detail=detail)
    return {"overlap": MSG_DOCX_STRUCTURE, "encrypted": MSG_DOCX_ENCRYPTED}.get(kind, MSG_DOCX_CORRUPT)


def _plain_fail(message: str, reason: str) -> UnreadableInput:
    return UnreadableInput(message, reason=reason)


# ---------------------------------------------------------------------------------------
# The charset of a page or a text
# ---------------------------------------------------------------------------------------
def decode_text(data: bytes, *, page: bool = False, fail: Fail | None = None) -> tuple[str, str]:
    """``data`` as text and the charset used: a BOM, else (``page``) the ``<meta>`` charset, else
    UTF-8, else GB18030. Raise ``fail(message, reason)`` (an :class:`UnreadableInput`) for binary
    junk or bytes no charset decodes."""
    fail = fail or _plain_fail
    tried: list[str] = []
    for bom, name in _BOMS:
        if data.startswith(bom):
            tried = [name]
            data = data[len(bom) :]
            break
    else:
        if b"\0" in data[:CHUNK]:
            raise fail(MSG_BINARY, "not_text")
        if page and (m := _META_CHARSET.search(data[:8192])):
            declared = m.group(1).decode("ascii").lower()
            if declared in _GB:  # GB2312/GBK as GB18030, their superset; a page re-encoded in UTF-8
                tried += ["utf-8", "gb18030"]  # by a CMS keeps its old meta: valid UTF-8 is UTF-8
            else:
                tried.append(declared)
        tried += ["utf-8", "gb18030"]
    for name in dict.fromkeys(tried):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        controls = len(_CONTROL.findall(text))
        if controls > max(8, len(text) * _MAX_CONTROL_SHARE):
            raise fail(MSG_BINARY, "not_text")
        return _CONTROL.sub("", text), name
    raise fail(MSG_UNDECODABLE, "not_text")
