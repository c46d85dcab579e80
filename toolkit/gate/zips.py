"""The zip container gate: one set of checks for every zip an input arrives in — a workbook (.xlsx/.xlsm,
toolkit.gate.workbook), a .zip e-mail attachment (toolkit.gate.inputs) and a Word report template
(toolkit.report.fill).

Everything here is judged before a byte is decompressed, from the directories alone (``open_zip``): the
number of entries (counted in the raw central directory before zipfile builds one object per entry),
duplicate names, overlapping entries (the "better zip bomb"), encryption, compression methods, and the
declared sizes (total, one member, compression ratio). ``inflate`` then streams one member in ``CHUNK``
steps straight from the archive, past its declared size, so that a header that under-declares its
stream (a bomb hiding from the size checks) is caught after at most one chunk, and verifies its CRC.

A refusal is a :class:`ZipRefused` with a ``kind`` and the numbers; each caller words it in Chinese for its
own users (a workbook, an attachment and a template say it differently), and ``reason`` is the stable
code of toolkit.errors.REASONS. Nothing here quotes a member's name: names may be hostile.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "ARCHIVE_MAGICS",
    "ARCHIVE_SUFFIXES",
    "CHUNK",
    "DTD_MARKERS",
    "MAX_MEMBER",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "RATIO_MIN_SIZE",
    "ZipLimits",
    "ZipRefused",
    "declares_dtd",
    "inflate",
    "open_zip",
    "reader",
    "size_text",
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
#: the central directory is read into memory by zipfile: 10,000 honest entries take well under 1 MiB
MAX_CENTRAL_DIRECTORY = 16 * MiB

CHUNK = 1 * MiB  # decompression step: memory stays a few MiB whatever the member
_INPUT_STEP = 64 * KiB  # compressed bytes fed to zlib at a time

CD_SIGNATURE = b"PK\x01\x02"
LOCAL_SIGNATURE = b"PK\x03\x04"
_ZIP64_TRAILER = 56 + 20  # zip64 end-of-central-directory record + locator
_END_ARCHIVE64 = b"PK\x06\x06"
_ECD_SIGNATURE, _ECD_SIZE, _ECD_LOCATION = 0, 5, 9  # fields of zipfile's end record
#: a member that is itself an archive (by name, or by its first bytes)
ARCHIVE_SUFFIXES = (
    ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".jar",
    ".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".docx", ".docm", ".pptx", ".pptm", ".ods", ".odt",
)  # fmt: skip
ARCHIVE_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")
#: XML markers that real Office parts never carry, in every encoding an XML parser may accept
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
DTD_OVERLAP = max(len(m) for m in DTD_MARKERS) - 1

#: kind of refusal → its code in toolkit.errors.REASONS
REASONS = {
    "members": "zip_bomb",  # more entries than the limit (``count`` and ``limit``)
    "directory": "zip_bomb",  # a central directory far larger than any honest one (``size``)
    "total": "zip_bomb",  # declared total uncompressed size (``size``, ``limit``)
    "member": "zip_bomb",  # declared size of one member (``size``, ``limit``)
    "ratio": "zip_bomb",  # compression ratio of one member (``ratio``, ``limit``)
    "inflated": "zip_bomb",  # a member inflates past its declared size (or the caller's cap)
    "overlap": "zip_bomb",  # duplicate names or entries whose data overlap
    "encrypted": "encrypted",  # a member encrypted inside the zip
    "compression": "corrupt",  # a compression method other than stored and deflated
    "corrupt": "corrupt",  # not a readable zip, or a member fails its CRC or size
}


@dataclass(frozen=True)
class ZipLimits:
    """What one zip may declare."""

    members: int = MAX_MEMBERS
    total: int = MAX_TOTAL_UNCOMPRESSED
    member: int = MAX_MEMBER
    ratio: float = MAX_RATIO
    ratio_min_size: int = RATIO_MIN_SIZE


class ZipRefused(Exception):
    """A zip (or one member) that must not be read; ``kind`` is a key of :data:`REASONS`."""

    def __init__(
        self, kind: str, *, count: int = 0, limit: float = 0, size: int = 0, ratio: float = 0
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.count = count
        self.limit = limit
        self.size = size
        self.ratio = ratio

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


def open_zip(
    source: bytes | Path,
    limits: ZipLimits = ZipLimits(),
    *,
    unique_names: bool = True,
    methods: bool = True,
    ratio_of: Callable[[zipfile.ZipInfo], bool] | None = None,
) -> zipfile.ZipFile:
    """The zip ``source`` (its bytes, or a path), after every check its directories allow; raise
    :class:`ZipRefused`. ``unique_names``: refuse two members whose names differ only in case (OOXML
    part names are case-insensitive: two readers could pick different copies); ``methods``: refuse
    members compressed otherwise than stored or deflated; ``ratio_of``: which members the ratio limit
    applies to (all by default: a member never decompressed cannot explode)."""
    with io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb") as fp:
        entries = _count_entries(fp)  # (an OSError is the caller's to word)
        if entries > limits.members:
            raise ZipRefused("members", count=entries, limit=limits.members)
        size = fp.seek(0, io.SEEK_END)
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error,
            NotImplementedError, UnicodeDecodeError):  # fmt: skip
        raise ZipRefused("corrupt") from None
    try:
        _check_directory(zf, size, limits, unique_names=unique_names, methods=methods, ratio_of=ratio_of)
    except BaseException:
        zf.close()
        raise
    return zf


def _count_entries(fp: BinaryIO) -> int:
    """Central-directory entries, counted in the raw directory before zipfile builds one object per
    entry (a small zip can declare millions). Returns 0 when there is no directory to count: zipfile
    then refuses the file itself."""
    # the same lookup zipfile does, and its fields (stable since Python 2)
    endrec = zipfile._EndRecData(fp)  # type: ignore[attr-defined]
    if not endrec:
        return 0
    size = endrec[_ECD_SIZE]
    end = endrec[_ECD_LOCATION]
    if endrec[_ECD_SIGNATURE] == _END_ARCHIVE64:
        end -= _ZIP64_TRAILER
    if size > MAX_CENTRAL_DIRECTORY:
        raise ZipRefused("directory", size=size)
    if end - size < 0:
        return 0
    fp.seek(end - size)
    return fp.read(size).count(CD_SIGNATURE)


def _check_directory(
    zf: zipfile.ZipFile,
    size: int,
    limits: ZipLimits,
    *,
    unique_names: bool,
    methods: bool,
    ratio_of: Callable[[zipfile.ZipInfo], bool] | None,
) -> None:
    infos = zf.infolist()
    if len(infos) > limits.members:
        raise ZipRefused("members", count=len(infos), limit=limits.members)
    if unique_names and len({info.filename.lower() for info in infos}) != len(infos):
        raise ZipRefused("overlap")
    if any(info.flag_bits & 0x1 for info in infos):
        raise ZipRefused("encrypted")
    read_at = reader(zf)
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for index, info in enumerate(ordered):
        start = info.header_offset
        local = read_at(start, 30) if start >= 0 else b""
        if len(local) < 30 or not local.startswith(LOCAL_SIGNATURE):
            raise ZipRefused("corrupt")
        name_len, extra_len = struct.unpack_from("<HH", local, 26)
        end = start + 30 + name_len + extra_len + info.compress_size
        limit = ordered[index + 1].header_offset if index + 1 < len(ordered) else zf.start_dir
        if end > limit:
            raise ZipRefused("corrupt" if end > size else "overlap")
    # Excel, WPS and Windows write only these two; zipfile's bzip2/lzma readers are not output-bounded.
    if methods and any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
        raise ZipRefused("compression")
    total = sum(info.file_size for info in infos)
    if total > limits.total:
        raise ZipRefused("total", size=total, limit=limits.total)
    for info in infos:
        if info.file_size > limits.member:
            raise ZipRefused("member", size=info.file_size, limit=limits.member)
        if ratio_of is not None and not ratio_of(info):
            continue
        compressed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_min_size and info.file_size > limits.ratio * compressed:
            raise ZipRefused("ratio", ratio=info.file_size / compressed, limit=limits.ratio)


def reader(zf: zipfile.ZipFile) -> Callable[[int, int], bytes]:
    """``read_at(offset, n)``: ``n`` raw bytes of the archive behind ``zf`` from ``offset``."""
    fp = zf.fp
    assert fp is not None

    def read_at(offset: int, n: int) -> bytes:
        fp.seek(offset)
        return fp.read(n)

    return read_at


def inflate(
    read_at: Callable[[int, int], bytes], info: zipfile.ZipInfo, cap: int | None = None
) -> Iterator[bytes]:
    """A member's bytes in chunks of CHUNK (the last one shorter, or a few bytes longer), inflated
    straight from the archive; raise :class:`ZipRefused` ("inflated" past ``cap``, by default its
    declared size; "corrupt" for a CRC or size mismatch or a damaged stream; "compression").

    It checks the local header as zipfile's reader does (``open_zip`` has already checked its
    signature and place, and refused encryption), but unlike that reader it does not stop at the
    declared size: the deflate stream runs to its real end, so that a header that under-declares
    what the stream holds is seen for what it is. It also skips zipfile's per-member overhead."""
    cap = info.file_size if cap is None else cap
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x60:
        raise ZipRefused("compression")  # also "compressed patched data" (bit 5), strong encryption (6)
    try:
        start = info.header_offset
        local = read_at(start, 30)
        (local_flags,) = struct.unpack_from("<H", local, 6)
        name_len, extra_len = struct.unpack_from("<HH", local, 26)
        raw = read_at(start + 30, name_len)
        local_name = raw.decode("ascii" if raw.isascii() else "utf-8" if local_flags & 0x800 else "cp437")
        begin = start + 30 + name_len + extra_len
        if info.compress_type == zipfile.ZIP_STORED:
            pieces: Iterator[bytes] = (
                read_at(begin + offset, min(CHUNK, info.compress_size - offset))
                for offset in range(0, info.compress_size, CHUNK)
            )
        else:
            pieces = _deflated(read_at, begin, info.compress_size)
        if local_name != info.orig_filename:  # two readers could read two different members
            raise zipfile.BadZipFile
        crc = 0
        actual = 0
        for chunk in pieces:
            actual += len(chunk)
            if actual > cap:
                raise ZipRefused("inflated", size=actual, limit=cap)
            crc = zlib.crc32(chunk, crc)
            yield chunk
        if actual != info.file_size or crc != info.CRC:
            raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, ValueError, UnicodeDecodeError):
        raise ZipRefused("corrupt") from None


def _deflated(read_at: Callable[[int, int], bytes], begin: int, size: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    held: list[bytes] = []  # output not yet yielded, shorter than CHUNK together
    got = 0
    for offset in range(0, size, _INPUT_STEP):
        pending = read_at(begin + offset, min(_INPUT_STEP, size - offset))
        if len(pending) < min(_INPUT_STEP, size - offset):
            raise zipfile.BadZipFile  # the archive ends inside the member
        while pending and not inflater.eof:
            piece = inflater.decompress(pending, CHUNK - got)
            pending = inflater.unconsumed_tail
            held.append(piece)
            got += len(piece)
            if got == CHUNK:
                yield b"".join(held) if len(held) > 1 else held[0]
                held, got = [], 0
        if inflater.eof:  # what follows the end of the stream is not part of the member
            break
    if rest := inflater.flush():  # output zlib still holds back: at most part of one window
        held.append(rest)
        got += len(rest)
    if got:
        yield b"".join(held)


def declares_dtd(window: bytes) -> bool:
    """Whether ``window`` holds a DOCTYPE or ENTITY declaration (in UTF-8 or UTF-16)."""
    # every marker holds a "!", which a memchr rules out in most windows
    return b"!" in window and any(marker in window for marker in DTD_MARKERS)


def size_text(n: float) -> str:
    """A size for a message: ``1.5 GiB``, ``300 KiB``, ``12 字节``."""
    for unit, scale in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{int(n)} 字节"
