"""The gate of a PDF report: what a PDF must pass before pdfplumber lays out a page of it.

pdfminer (under pdfplumber) parses lazily and without limits: it inflates a stream whole with
``zlib.decompress`` when it first needs it, follows the page tree wherever it leads and lays out
any page box. So the PDF is judged in two steps, each on what is cheap to know:

1. ``inspect_pdf(data, path)``, on the bytes alone: the size of the file, the ``%PDF-`` header, and
   every stream in the file inflated once in bounded steps (``zlib.decompressobj`` with a
   ``max_length``) from where its data starts until zlib itself finds its end — never beyond a
   limit, and never trusting a declared ``/Length`` (a bomb under-declares it): no stream may
   inflate past ``MAX_STREAM``, nor all of them together past ``MAX_INFLATED``. Streams encoded in
   ASCII (hex, base85) before Flate, run-length or LZW are decoded as pdfminer would, in bounded
   steps too.
2. ``open_pdf(data, path)``: pdfplumber opens the file (its cross-reference table); a file that asks
   for a password to open is refused (``encrypted``); so is (``pdf_unsafe``) one with more than
   ``MAX_OBJECTS`` objects, a stream that pdfminer resolves (a filter given by reference, an
   encrypted file's streams deciphered) inflating past the limits of step 1, more than
   ``MAX_PAGES`` pages (the page tree is walked lazily and the walk stops there), a page box larger
   than ``MAX_BOX`` points on a side, or a page whose content pdfminer would interpret is larger
   than ``MAX_PAGE_CONTENT``: its content streams plus, for each form XObject it invokes, the
   form's content each time (forms within forms, so that ten forms each invoking the next ten
   times are 10¹⁰ invocations, not ten; a form invoking itself is refused). It returns the opened
   PDF and its pages, ready for ``find_tables``.

A PDF protected only by a permissions ("owner") password opens without one, as in every PDF viewer,
and is read; ``OpenedPdf.notes`` says so. Messages never quote the file's contents.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from toolkit.errors import UnreadableInput

__all__ = [
    "MAX_BOX",
    "MAX_FILE_SIZE",
    "MAX_INFLATED",
    "MAX_OBJECTS",
    "MAX_PAGES",
    "MAX_PAGE_CONTENT",
    "MAX_STREAM",
    "OpenedPdf",
    "inspect_pdf",
    "open_pdf",
]

MiB = 1 << 20
#: the file itself (read into memory once); a report with photographs is a few MB
MAX_FILE_SIZE = 256 * MiB
#: one stream, inflated (a page's photograph as a Flate image is tens of MB at most)
MAX_STREAM = 128 * MiB
#: every stream of the file together, inflated, images left out (pdfminer never decodes them: a
#: scan of 40 pages stored as Flate images is refused for having no text, not as a bomb)
MAX_INFLATED = 512 * MiB
#: the content streams of one page, inflated: pdfminer interprets every byte of them in Python; a
#: page of text and tables exported by Word/WPS/LibreOffice is tens of KB
MAX_PAGE_CONTENT = 8 * MiB
#: pages of the report (a long one is 20–40)
MAX_PAGES = 1000
#: objects in the cross-reference tables (a 40-page report has a few thousand)
MAX_OBJECTS = 1_000_000
#: a side of a page box, in points (PDF's own implementation limit: 14,400 pt = 200 in = 5.08 m)
MAX_BOX = 14_400.0

CHUNK = 1 * MiB
_HEAD = 1024  # readers accept the header this far into the file

MSG_NOT_PDF = "不是 PDF 文件（文件开头没有 PDF 标记，可能是其他格式改了扩展名），请核对文件"
MSG_TOO_LARGE = "PDF 文件过大（{size}，上限 {limit}），不像正常的年度报告，请核对文件"
MSG_ENCRYPTED = "PDF 文件已加密（设置了打开密码），请取消密码后另存再试"
MSG_CORRUPT = "PDF 文件不完整或已损坏（可能是下载未完成），请重新获取文件"
MSG_BOMB = "PDF 文件中有数据流解压后过大（{what}超过 {limit}），疑似恶意构造，已拒绝读取；请重新导出 PDF"
MSG_PAGES = "PDF 页数过多（超过 {limit} 页），不像正常的年度报告，已拒绝读取"
MSG_OBJECTS = "PDF 对象数量过多（{count} 个，上限 {limit}），疑似恶意构造，已拒绝读取"
MSG_BOX = "PDF 第 {page} 页的页面尺寸异常（{width:.0f} × {height:.0f} 磅），疑似恶意构造，已拒绝读取"
MSG_PAGE_CONTENT = "PDF 第 {page} 页的内容过大（解压后超过 {limit}），疑似恶意构造，已拒绝读取"
NOTE_OWNER_PASSWORD = "PDF 设有权限密码（限制复制或打印），不需要打开密码，已照常读取"

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_DICT_BACK = 2048  # how far before ``stream`` its dictionary (and /Filter) is looked for
_ABBREVIATIONS = {b"Fl": b"FlateDecode", b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode"}
_ABBREVIATIONS |= {b"LZW": b"LZWDecode", b"RL": b"RunLengthDecode"}


def _size_text(n: float) -> str:
    return f"{n / MiB:.0f} MB" if n >= MiB else f"{n / 1024:.0f} KB"


def _unsafe(message: str, path: str) -> UnreadableInput:
    return UnreadableInput(message, path=path, reason="pdf_unsafe")


# ---------------------------------------------------------------------------------------
# Step 1: the bytes
# ---------------------------------------------------------------------------------------
def inspect_pdf(data: bytes, path: str) -> None:
    """Refuse (``UnreadableInput``) a file that is not a PDF, too large, or holds a stream that
    inflates past the limits. Reads nothing but ``data``."""
    if not data:
        raise UnreadableInput(
            "文件是空的（0 字节），可能是下载未完成，请重新获取文件", path=path, reason="empty"
        )
    if len(data) > MAX_FILE_SIZE:
        raise UnreadableInput(
            MSG_TOO_LARGE.format(size=_size_text(len(data)), limit=_size_text(MAX_FILE_SIZE)),
            path=path,
            reason="too_large",
        )
    if b"%PDF-" not in data[:_HEAD]:
        raise UnreadableInput(MSG_NOT_PDF, path=path, reason="not_a_pdf")
    total = streams = 0
    for match in _STREAM.finditer(data):
        start = match.start()
        if data[max(0, start - 3) : start] == b"end":
            continue
        streams += 1
        if streams > MAX_OBJECTS:
            raise _unsafe(MSG_OBJECTS.format(count=f"{MAX_OBJECTS} 以上", limit=MAX_OBJECTS), path)
        head = _head(data[max(0, start - _DICT_BACK) : start])
        # no /Filter, or one given by reference: try Flate (anything else fails at its first bytes)
        filters = _filters(head) or [b"FlateDecode"]
        size = _inflated_size(data, match.end(), filters, MAX_STREAM + 1)
        if size > MAX_STREAM:
            raise _unsafe(MSG_BOMB.format(what="单个数据流", limit=_size_text(MAX_STREAM)), path)
        if b"/Image" not in head:  # pdfminer never decodes an image: only the one-stream limit
            total += size
        if total > MAX_INFLATED:
            raise _unsafe(MSG_BOMB.format(what="全部数据流合计", limit=_size_text(MAX_INFLATED)), path)


def _head(before: bytes) -> bytes:
    """The dictionary of the stream whose data follows ``before``: what follows the last ``obj``."""
    return before[before.rfind(b"obj") + 1 :] if b"obj" in before else before


def _filters(head: bytes) -> list[bytes]:
    """The filters a stream's dictionary ``head`` names (its last ``/Filter``), decoding order."""
    found = list(_FILTER.finditer(head))
    if not found:
        return []
    names = _NAME.findall(found[-1].group(1))
    return [_ABBREVIATIONS.get(n, n) for n in names]


def _inflated_size(data: bytes, start: int, filters: list[bytes], limit: int) -> int:
    """How many bytes the stream starting at ``start`` decodes to through ``filters``, counting
    no further than ``limit``. Unknown filters (images: DCT, JPX, CCITT, JBIG2) end the count:
    pdfminer does not decode them."""
    size = 0
    for chunk in _decode(data, start, filters, limit):
        size += len(chunk)
        if size >= limit:
            break
    return size


def _decode(data: bytes, start: int, filters: list[bytes], limit: int) -> Iterator[bytes]:
    """The stream starting at ``start`` decoded through ``filters``, in chunks, about ``limit``
    bytes at most; nothing for a filter pdfminer does not decode (images)."""
    chunks: Iterator[bytes] = _raw(data, start)
    for name in filters:
        if name == b"FlateDecode":
            chunks = _inflate(chunks, limit)
        elif name == b"ASCIIHexDecode":
            chunks = _ascii_hex(chunks)
        elif name == b"ASCII85Decode":
            chunks = _ascii85(chunks)
        elif name in (b"LZWDecode", b"RunLengthDecode"):
            chunks = _pdfminer_decode(chunks, name, limit)
        else:
            return iter(())
    return chunks


def _raw(data: bytes, start: int) -> Iterator[bytes]:
    for at in range(start, len(data), CHUNK):
        yield data[at : at + CHUNK]


def _inflate(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """zlib from the stream's start until zlib finds the end of its data (or it is damaged), in
    steps of at most CHUNK output bytes: never more than one step in memory."""
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for chunk in chunks:
            pending = chunk
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                produced += len(out)
                yield out
                if produced >= limit:
                    return
            if inflater.eof:
                return
    except zlib.error:
        return


def _until(chunks: Iterator[bytes], marker: bytes) -> bytes:
    """The stream's text up to ``marker`` (or ``endstream``): ASCII filters' input is text whose
    decoded size is at most its own."""
    text = bytearray()
    for chunk in chunks:
        text += chunk
        for end in (marker, b"endstream"):
            at = text.find(end)
            if at >= 0:
                return bytes(text[:at])
        if len(text) > MAX_STREAM * 2:
            break
    return bytes(text)


def _ascii_hex(chunks: Iterator[bytes]) -> Iterator[bytes]:
    text = re.sub(rb"[^0-9A-Fa-f]", b"", _until(chunks, b">"))
    try:
        yield binascii.unhexlify(text[: len(text) // 2 * 2])
    except binascii.Error:
        return


def _ascii85(chunks: Iterator[bytes]) -> Iterator[bytes]:
    text = re.sub(rb"\s", b"", _until(chunks, b"~>"))
    try:
        yield base64.a85decode(text)
    except ValueError:
        return


def _pdfminer_decode(chunks: Iterator[bytes], name: bytes, limit: int) -> Iterator[bytes]:
    """LZW and run-length as pdfminer decodes them; LZW step by step (a code can stand for 4 KB)."""
    raw = _until(chunks, b"endstream")
    if name == b"RunLengthDecode":  # at most 128 bytes out per 2 in
        from pdfminer.runlength import rldecode

        yield rldecode(raw[: limit // 64 + 2])
        return
    from pdfminer.lzw import LZWDecoder

    produced = 0
    try:
        for out in LZWDecoder(io.BytesIO(raw)).run():
            produced += len(out)
            yield out
            if produced >= limit:
                return
    except Exception:  # a damaged LZW stream ends its count
        return


# ---------------------------------------------------------------------------------------
# Step 2: the structure
# ---------------------------------------------------------------------------------------
@dataclass
class OpenedPdf:
    """A PDF that passed the gate: pdfplumber's ``PDF`` and its pages (pdfplumber ``Page``s, not laid
    out yet)."""

    pdf: Any
    pages: list[Any]
    notes: list[str] = field(default_factory=list)


def open_pdf(data: bytes, path: str) -> OpenedPdf:
    """``inspect_pdf``, then open with pdfplumber and judge the structure (see the module docstring)."""
    inspect_pdf(data, path)
    for name in ("pdfminer", "pdfplumber"):  # their warnings quote the file's structure on stderr
        logging.getLogger(name).setLevel(logging.ERROR)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as err:  # pdfminer's errors quote the file's bytes: say it plainly
        cause = err.__cause__ or err.__context__ or err
        if isinstance(err, PDFEncryptionError | PDFPasswordIncorrect) or isinstance(
            cause, PDFEncryptionError | PDFPasswordIncorrect
        ):
            raise UnreadableInput(MSG_ENCRYPTED, path=path, reason="encrypted") from None
        raise UnreadableInput(MSG_CORRUPT, path=path, reason="corrupt") from None
    opened = OpenedPdf(pdf, [])
    document = pdf.doc
    doctop = 0.0
    try:
        objects = sum(len(list(islice(xref.get_objids(), MAX_OBJECTS + 1))) for xref in document.xrefs)
        if objects > MAX_OBJECTS:
            raise _unsafe(MSG_OBJECTS.format(count=objects, limit=MAX_OBJECTS), path)
        if document.encryption is not None:
            opened.notes.append(NOTE_OWNER_PASSWORD)
        _streams(document, path)
        for number, page_obj in enumerate(PDFPage.create_pages(document), start=1):
            if number > MAX_PAGES:
                raise _unsafe(MSG_PAGES.format(limit=MAX_PAGES), path)
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
            width, height = page.width, page.height
            if not (0 < width <= MAX_BOX and 0 < height <= MAX_BOX):
                raise _unsafe(MSG_BOX.format(page=number, width=width, height=height), path)
            if _page_cost(page_obj) > MAX_PAGE_CONTENT:
                raise _unsafe(MSG_PAGE_CONTENT.format(page=number, limit=_size_text(MAX_PAGE_CONTENT)), path)
            opened.pages.append(page)
            doctop += height
    except UnreadableInput:
        raise
    except Exception:  # a damaged page tree or box
        raise UnreadableInput(MSG_CORRUPT, path=path, reason="corrupt") from None
    return opened


def _stream_chunks(stream: Any, limit: int) -> Iterator[bytes]:
    """A pdfminer stream decoded (deciphered first in an encrypted file) in chunks, about
    ``limit`` bytes at most; nothing for a non-stream or an image's encoding."""
    from pdfminer.pdftypes import PDFStream

    if not isinstance(stream, PDFStream) or stream.rawdata is None:
        return iter(())
    raw = stream.rawdata
    if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
        raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
    names = [str(getattr(f, "name", f)).encode("latin-1", "replace") for f, _ in stream.get_filters()]
    filters = [_ABBREVIATIONS.get(n, n) for n in names]
    return _decode(raw, 0, filters, limit) if filters else iter((raw[:limit],))


def _stream_bytes(stream: Any, limit: int) -> bytes:
    """A pdfminer stream decoded, cut at ``limit`` bytes (a page's or a form's content)."""
    out = bytearray()
    for chunk in _stream_chunks(stream, limit):
        out += chunk
        if len(out) >= limit:
            break
    return bytes(out[:limit])


def _stream_size(stream: Any, limit: int) -> int:
    """A pdfminer stream's decoded size, counted no further than ``limit``."""
    size = 0
    for chunk in _stream_chunks(stream, limit):
        size += len(chunk)
        if size >= limit:
            break
    return size


def _streams(document: Any, path: str) -> None:
    """Every stream of the file as pdfminer resolves it (filters given by reference and encrypted
    files included), decoded in bounded steps and counted against MAX_STREAM and MAX_INFLATED."""
    total = 0
    seen: set[int] = set()  # an object updated incrementally is listed by several tables
    for xref in document.xrefs:
        for objid in islice(xref.get_objids(), MAX_OBJECTS):
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception:  # a damaged or missing object: pdfminer skips it too
                continue
            size = 0
            with contextlib.suppress(Exception):  # a damaged stream decodes to nothing
                size = _stream_size(obj, MAX_STREAM + 1)
            if size > MAX_STREAM:
                raise _unsafe(MSG_BOMB.format(what="单个数据流", limit=_size_text(MAX_STREAM)), path)
            if size and getattr(obj.get("Subtype"), "name", None) != "Image":  # never decoded
                total += size
            if total > MAX_INFLATED:
                raise _unsafe(MSG_BOMB.format(what="全部数据流合计", limit=_size_text(MAX_INFLATED)), path)


_DO = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do(?![A-Za-z])")


def _page_cost(page_obj: Any) -> int:
    """The bytes of content pdfminer would interpret to lay the page out: its content streams and,
    for every form XObject they invoke, the form's own content each time it is invoked (forms
    inside forms counted through). Counting stops past MAX_PAGE_CONTENT; a form that invokes
    itself counts as past it."""
    from pdfminer.pdftypes import resolve1

    limit = MAX_PAGE_CONTENT + 1
    content = b"".join(_stream_bytes(resolve1(item), limit) for item in page_obj.contents)
    return _cost(content, page_obj.resources, {}, set(), limit)


def _cost(content: bytes, resources: Any, memo: dict[int, int], stack: set[int], limit: int) -> int:
    from pdfminer.pdftypes import PDFStream, resolve1

    total = len(content)
    if total >= limit or b"Do" not in content:
        return total
    resources = resolve1(resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return total
    counts: dict[bytes, int] = {}
    for name in _DO.findall(content):
        counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        form = resolve1(xobjects.get(name.decode("latin-1")))
        if not isinstance(form, PDFStream) or getattr(form.get("Subtype"), "name", None) != "Form":
            continue
        key = form.objid if form.objid is not None else id(form)
        if key in stack:
            return limit  # a form that invokes itself: pdfminer would recurse without end
        if key not in memo:
            stack.add(key)
            inner = _stream_bytes(form, limit)
            memo[key] = _cost(inner, form.get("Resources") or resources, memo, stack, limit)
            stack.discard(key)
        total += count * memo[key]
        if total >= limit:
            return total
    return total
