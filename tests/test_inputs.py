"""collect_inputs: files, folders and Windows e-mail zips; every fixture is built under tmp_path."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from toolkit.errors import UsageError
from toolkit.gate import inputs
from toolkit.gate.inputs import Collected, InputFile, collect_inputs

MiB = 1 << 20
GBK_NAME = "示范镇/依申请公开台账.xlsx"


# --- fixture builders ---------------------------------------------------------------------------


def workbook_bytes(text: str) -> bytes:
    """A small real .xlsx whose content depends on ``text``."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    wb.add_worksheet("申请台账").write_row(0, 0, ["申请编号", text])
    wb.close()
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_zip(path: Path, members, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """``members``: (name, data) pairs. A ``str`` (or ZipInfo) name is written the usual way
    (zipfile sets the UTF-8 flag when it is not ASCII); a ``bytes`` name is stored raw *without*
    the flag, as Windows' "compressed folder" does with GBK names. (Built in one pass: appending
    would make zipfile rewrite the raw names as flagged UTF-8.)"""
    raw_names: dict[bytes, bytes] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression) as zf:
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        for index, (name, data) in enumerate(members):
            if isinstance(name, bytes):
                placeholder = f"@{index}@".ljust(len(name), "#")
                assert len(placeholder) == len(name)
                raw_names[placeholder.encode()] = name
                name = placeholder
            zf.writestr(name, data)
    blob = path.read_bytes()
    for placeholder, raw in raw_names.items():
        assert blob.count(placeholder) == 2  # local header and central directory
        blob = blob.replace(placeholder, raw)
    path.write_bytes(blob)
    return path


def _entry(data: bytes, name: bytes) -> tuple[int, int]:
    """Offsets of ``name``'s central-directory entry and of its local header."""
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len] == name:
            return pos, struct.unpack_from("<I", data, pos + 42)[0]
        pos = data.find(b"PK\x01\x02", pos + 46 + name_len + extra_len + comment_len)
    raise AssertionError(name)


def patch(path: Path, name: str, *, file_size=None, flag_bits=None, header_offset_of=None) -> Path:
    """Make the zip's headers lie about one member."""
    data = bytearray(path.read_bytes())
    cd, local = _entry(bytes(data), name.encode())
    if file_size is not None:
        struct.pack_into("<I", data, cd + 24, file_size)
        struct.pack_into("<I", data, local + 22, file_size)
    if flag_bits is not None:
        struct.pack_into("<H", data, cd + 8, flag_bits)
        struct.pack_into("<H", data, local + 6, flag_bits)
    if header_offset_of is not None:
        struct.pack_into("<I", data, cd + 42, _entry(bytes(data), header_offset_of.encode())[1])
    path.write_bytes(bytes(data))
    return path


def zeros_zip(path: Path, name: str, size: int, extra=()) -> Path:
    """A zip holding ``size`` zero bytes as ``name``, written in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in extra:
            zf.writestr(member, data)
        with zf.open(name, "w") as out:
            for _ in range(size // MiB):
                out.write(bytes(MiB))
    return path


def displays(result: Collected) -> list[str]:
    return [f.display for f in result.files]


def reasons(pairs) -> dict[str, str]:
    return dict(pairs)


def coded(errors) -> dict[str, tuple[str, str]]:
    """display → (the Chinese reason, its code)."""
    return {display: (reason, code) for display, reason, code in errors}


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def assert_inside(result: Collected, workdir: Path, originals=()) -> None:
    root = workdir.resolve()
    for item in result.files:
        if item.path in originals:
            continue
        assert item.path.resolve().is_relative_to(root), item.path
        assert item.path.is_file()
        assert hashlib.sha256(item.path.read_bytes()).hexdigest() == item.sha256


@pytest.fixture
def workdir(tmp_path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


# --- files and folders --------------------------------------------------------------------------


def test_folder_searched_recursively_and_junk_reported(tmp_path, workdir):
    root = tmp_path / "附件"
    a = write(root / "示范镇" / "台账.xlsx", workbook_bytes("a"))
    b = write(root / "示范镇" / "二级" / "统计表.xlsx", workbook_bytes("b"))
    c = write(root / "东湖乡" / "表.json", b'{"rows": []}')
    write(root / "~$台账.xlsx", b"lock")
    write(root / "示范镇" / "~$统计表.xlsx", b"lock")
    # reports (.docx, .txt, ...) are inputs since issue 16: the reader skips those without the tables
    docx = write(root / "说明.docx", b"PK docx")
    txt = write(root / "东湖乡" / "readme.txt", b"text")
    write(root / "说明.pptx", b"PK pptx")
    write(root / "空表.xlsx", b"")
    write(root / "__MACOSX" / "示范镇" / "._台账.xlsx", b"apple")
    write(root / ".DS_Store", b"apple")

    result = collect_inputs([root], workdir)

    assert displays(result) == sorted(str(p) for p in (a, b, c, docx, txt))
    for item in result.files:
        assert item.path == Path(item.display)  # the original, not a copy
        assert item.origin == item.display
        assert item.sha256 == hashlib.sha256(item.path.read_bytes()).hexdigest()
    skipped = reasons(result.skipped)
    assert skipped[str(root / "~$台账.xlsx")] == inputs.SKIP_LOCK
    assert skipped[str(root / "示范镇" / "~$统计表.xlsx")] == inputs.SKIP_LOCK
    assert "（.pptx）" in skipped[str(root / "说明.pptx")]
    assert skipped[str(root / "空表.xlsx")] == inputs.SKIP_EMPTY
    assert "__MACOSX，1 个条目" in skipped[str(root / "__MACOSX")]
    assert skipped[str(root / ".DS_Store")] == inputs.SKIP_SYSTEM
    assert len(result.skipped) == 6
    assert result.errors == [] and result.duplicates == []
    assert files_under(workdir) == []  # nothing copied


def test_given_files_taken_whatever_their_suffix_except_lock_files(tmp_path, workdir):
    csv = write(tmp_path / "台账.csv", "申请编号\n1\n".encode())
    lock = write(tmp_path / "~$台账.xlsx", b"lock")
    empty = write(tmp_path / "空.xlsx", b"")
    result = collect_inputs([str(csv), lock, empty], workdir)
    assert [(f.path, f.display, f.origin) for f in result.files] == [(csv, str(csv), str(csv))]
    assert result.skipped == sorted([(str(lock), inputs.SKIP_LOCK), (str(empty), inputs.SKIP_EMPTY)])


def test_missing_path_is_a_usage_error_before_any_work(tmp_path, workdir):
    good = make_zip(tmp_path / "附件.zip", [("a.xlsx", workbook_bytes("a"))])
    with pytest.raises(UsageError) as caught:
        collect_inputs([good, tmp_path / "没有这个文件.zip"], workdir)
    assert "找不到文件或文件夹" in str(caught.value)
    assert "没有这个文件.zip" in str(caught.value)
    assert files_under(workdir) == []


def test_same_file_given_twice_is_counted_once(tmp_path, workdir):
    a = write(tmp_path / "台账.xlsx", workbook_bytes("a"))
    result = collect_inputs([a, a], workdir)
    assert len(result.files) == 1
    assert [(kept.display, dropped.display) for kept, dropped in result.duplicates] == [(str(a), str(a))]


def test_other_archives_in_a_folder_are_errors(tmp_path, workdir):
    root = tmp_path / "附件"
    write(root / "东湖乡.rar", b"Rar!\x1a\x07\x00 data")
    result = collect_inputs([root], workdir)
    assert result.files == []
    assert result.errors == [(str(root / "东湖乡.rar"), inputs.ERR_RAR, "archive")]


# --- zip names ------------------------------------------------------------------------------------


def test_gbk_member_name_without_utf8_flag(tmp_path, workdir):
    raw = GBK_NAME.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # so the GBK path is what decodes it
    data = workbook_bytes("示范镇")
    archive = make_zip(tmp_path / "附件.zip", [(raw, data)])
    with zipfile.ZipFile(archive) as zf:
        (info,) = zf.infolist()
        assert not info.flag_bits & 0x800
        assert info.filename != GBK_NAME  # zipfile alone shows cp437 mojibake

    result = collect_inputs([archive], workdir)

    (item,) = result.files
    assert item.display == f"{archive} › {GBK_NAME}"
    assert item.origin == str(archive)
    assert item.path.read_bytes() == data
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.path.suffix == ".xlsx"
    assert item.path.name.endswith("依申请公开台账.xlsx")
    assert_inside(result, workdir)
    assert result.errors == result.skipped == []


def test_mixed_name_encodings_in_one_zip(tmp_path, workdir):
    unicode_extra_name = "单位丁/台账.xlsx".encode()
    ascii_name = b"unit-d.xlsx"
    extra = struct.pack("<HHB", 0x7075, 5 + len(unicode_extra_name), 1)
    extra += struct.pack("<I", zlib.crc32(ascii_name)) + unicode_extra_name
    info_zip = zipfile.ZipInfo(ascii_name.decode())  # Info-ZIP: ASCII name plus a Unicode Path field
    info_zip.extra = extra
    archive = make_zip(
        tmp_path / "附件.zip",
        [
            ("单位甲/台账.xlsx".encode("gbk"), workbook_bytes("甲")),  # Windows, no flag
            ("单位乙/台账.xlsx", workbook_bytes("乙")),  # UTF-8 with the flag
            ("单位丙/统计表.xlsx".encode(), workbook_bytes("丙")),  # macOS: UTF-8, no flag
            ("readme.md", b"text"),  # (a .txt would be a report to read since issue 16)
            (info_zip, workbook_bytes("丁")),
        ],
    )
    with zipfile.ZipFile(archive) as zf:
        flags = {i.orig_filename: bool(i.flag_bits & 0x800) for i in zf.infolist()}
    assert flags["单位乙/台账.xlsx"] is True
    assert list(flags.values()).count(True) == 1

    result = collect_inputs([archive], workdir)

    assert displays(result) == [
        f"{archive} › {name}"
        for name in ("单位丁/台账.xlsx", "单位丙/统计表.xlsx", "单位乙/台账.xlsx", "单位甲/台账.xlsx")
    ]
    assert result.skipped == [(f"{archive} › readme.md", inputs.SKIP_OTHER.format(suffix=".md"))]
    assert_inside(result, workdir)


def test_zip_slip_names_never_escape_workdir(tmp_path, workdir):
    evil = [
        "../evil.xlsx",
        "/abs.xlsx",
        "C:\\x.xlsx",
        "a/../../evil2.xlsx",
        "..\\evil3.xlsx",
        "\\\\server\\share\\evil4.xlsx",
        "d:evil5.xlsx",
    ]
    odd = ["CON.xlsx", 'ab:c?"<>|*.xlsx', "trailing. .xlsx. ", "./单位/./ok.xlsx", "x" * 300 + ".xlsx"]
    members = [(name, workbook_bytes(name)) for name in evil + odd]
    archive = make_zip(tmp_path / "附件.zip", members)

    result = collect_inputs([archive], workdir)

    assert sorted(result.errors) == sorted(
        (f"{archive} › {name}", inputs.ERR_UNSAFE_NAME, "archive") for name in evil
    )
    assert len(result.files) == len(odd)
    assert f"{archive} › 单位/ok.xlsx" in displays(result)
    assert_inside(result, workdir)
    for item in result.files:
        name = item.path.name
        assert not set('<>:"\\|?*') & set(name) and name == name.rstrip(" .")
        assert len(name.encode()) < 100
    outside = [p for p in tmp_path.rglob("*evil*")]
    assert outside == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work", "附件.zip"]


def test_macosx_junk_lock_files_and_folders_in_a_zip(tmp_path, workdir):
    archive = make_zip(
        tmp_path / "附件.zip",
        [
            ("示范镇/", b""),
            ("示范镇/台账.xlsx", workbook_bytes("a")),
            ("__MACOSX/示范镇/._台账.xlsx", b"apple"),
            ("__MACOSX/._示范镇", b"apple"),
            ("示范镇/~$台账.xlsx", b"lock"),
            ("示范镇/.~lock.台账.xlsx#", b"lock"),
            ("示范镇/说明.jpg", b"\xff\xd8\xff"),  # (a .pdf is a report to read since issue 16)
            ("示范镇/空.xlsx", b""),
        ],
    )
    result = collect_inputs([archive], workdir)
    assert displays(result) == [f"{archive} › 示范镇/台账.xlsx"]
    assert reasons(result.skipped) == {
        f"{archive} › __MACOSX/": inputs.SKIP_MACOSX.format(count=2),
        f"{archive} › 示范镇/~$台账.xlsx": inputs.SKIP_LOCK,
        f"{archive} › 示范镇/.~lock.台账.xlsx#": inputs.SKIP_SYSTEM,
        f"{archive} › 示范镇/说明.jpg": inputs.SKIP_OTHER.format(suffix=".jpg"),
        f"{archive} › 示范镇/空.xlsx": inputs.SKIP_EMPTY,
    }
    assert result.errors == []


# --- nesting and duplicates -----------------------------------------------------------------------


def test_zip_of_zips_is_unpacked_one_level_deep(tmp_path, workdir):
    unit_a = make_zip(
        tmp_path / "build" / "a.zip", [("台账.xlsx", workbook_bytes("a")), ("__MACOSX/._x", b"")]
    )
    deepest = make_zip(tmp_path / "build" / "deep.zip", [("x.xlsx", workbook_bytes("deep"))])
    unit_b = make_zip(
        tmp_path / "build" / "b.zip",
        [("统计表.xlsx", workbook_bytes("b")), ("更深.zip", deepest.read_bytes())],
    )
    county = make_zip(
        tmp_path / "县汇总.zip",
        [
            ("示范镇.zip".encode("gbk"), unit_a.read_bytes()),
            ("单位/东湖乡.zip", unit_b.read_bytes()),
            ("汇总说明.xlsx", workbook_bytes("county")),
        ],
    )

    result = collect_inputs([county], workdir)

    assert displays(result) == [
        f"{county} › 单位/东湖乡.zip › 统计表.xlsx",
        f"{county} › 汇总说明.xlsx",
        f"{county} › 示范镇.zip › 台账.xlsx",
    ]
    assert {f.origin for f in result.files} == {str(county)}
    assert result.errors == [(f"{county} › 单位/东湖乡.zip › 更深.zip", inputs.ERR_TOO_DEEP, "archive")]
    assert result.skipped == [(f"{county} › 示范镇.zip › __MACOSX/", inputs.SKIP_MACOSX.format(count=1))]
    assert_inside(result, workdir)
    assert [p for p in files_under(workdir) if p.suffix == ".zip"] == []  # inner zips removed


def test_same_workbook_as_file_and_inside_a_zip_counted_once(tmp_path, workdir):
    data = workbook_bytes("示范镇")
    loose = write(tmp_path / "mail" / "台账.xlsx", data)
    archive = make_zip(tmp_path / "mail" / "附件.zip", [(GBK_NAME.encode("gbk"), data)])
    other = write(tmp_path / "mail" / "东湖乡.xlsx", workbook_bytes("东湖乡"))

    result = collect_inputs([loose, archive, other], workdir)

    assert len(result.files) == 2
    (pair,) = result.duplicates
    kept, dropped = pair
    assert kept.sha256 == dropped.sha256 == hashlib.sha256(data).hexdigest()
    assert sorted([kept.display, dropped.display]) == [kept.display, dropped.display]
    assert {kept.display, dropped.display} == {str(loose), f"{archive} › {GBK_NAME}"}
    assert kept in result.files and dropped not in result.files


def test_folder_holding_zips(tmp_path, workdir):
    root = tmp_path / "附件"
    make_zip(root / "示范镇.zip", [("台账.xlsx", workbook_bytes("a"))])
    write(root / "东湖乡" / "统计表.xlsx", workbook_bytes("b"))
    result = collect_inputs([root], workdir)
    assert displays(result) == [str(root / "东湖乡" / "统计表.xlsx"), f"{root / '示范镇.zip'} › 台账.xlsx"]
    assert result.files[1].origin == str(root / "示范镇.zip")


# --- broken and hostile zips ------------------------------------------------------------------------


def test_truncated_and_fake_zips_are_errors(tmp_path, workdir):
    good = make_zip(tmp_path / "好.zip", [("a.xlsx", workbook_bytes("a"))])
    truncated = write(tmp_path / "半截.zip", good.read_bytes()[: good.stat().st_size // 2])
    text = write(tmp_path / "文本.zip", "不是压缩包".encode())
    rar = write(tmp_path / "东湖乡.zip", b"Rar!\x1a\x07\x00 data")
    renamed = write(tmp_path / "台账.zip", workbook_bytes("x"))

    result = collect_inputs([truncated, text, rar, renamed, good], workdir)

    assert displays(result) == [f"{good} › a.xlsx"]
    assert coded(result.errors) == {
        str(truncated): (inputs.ERR_CORRUPT_ZIP, "corrupt"),
        str(text): (inputs.ERR_CORRUPT_ZIP, "corrupt"),
        str(rar): (inputs.ERR_RAR, "archive"),
        str(renamed): (inputs.ERR_OFFICE, "archive"),
    }
    for _, reason, _ in result.errors:
        assert "\n" not in reason


def test_encrypted_zip_is_an_error(tmp_path, workdir):
    archive = make_zip(
        tmp_path / "加密.zip", [("a.xlsx", workbook_bytes("a")), ("b.xlsx", workbook_bytes("b"))]
    )
    patch(archive, "b.xlsx", flag_bits=0x1)
    result = collect_inputs([archive], workdir)
    assert result.files == []
    assert result.errors == [(str(archive), inputs.ERR_ENCRYPTED, "encrypted")]
    assert "压缩包有密码" in inputs.ERR_ENCRYPTED
    assert files_under(workdir) == []


def test_corrupt_member_is_an_error_for_that_member(tmp_path, workdir):
    archive = make_zip(
        tmp_path / "附件.zip",
        [("a.xlsx", workbook_bytes("a")), ("b.xlsx", workbook_bytes("b"))],
        zipfile.ZIP_STORED,
    )
    data = bytearray(archive.read_bytes())
    _, local = _entry(bytes(data), b"b.xlsx")
    data[local + 30 + len(b"b.xlsx") + 100] ^= 0xFF  # flip a byte inside b.xlsx: CRC fails
    archive.write_bytes(bytes(data))
    result = collect_inputs([archive], workdir)
    assert displays(result) == [f"{archive} › a.xlsx"]
    assert result.errors == [(f"{archive} › b.xlsx", inputs.ERR_MEMBER_CORRUPT, "corrupt")]
    assert [p.name for p in files_under(workdir)] == ["0001_a.xlsx"]  # no half file left


def test_overlapping_entries_are_refused(tmp_path, workdir):
    archive = make_zip(
        tmp_path / "附件.zip", [("a.xlsx", workbook_bytes("a")), ("b.xlsx", workbook_bytes("b"))]
    )
    patch(archive, "b.xlsx", header_offset_of="a.xlsx")
    result = collect_inputs([archive], workdir)
    assert result.files == []
    assert result.errors == [(str(archive), inputs.ERR_STRUCTURE, "zip_bomb")]


def test_zip_bomb_by_ratio_is_refused_with_bounded_memory(tmp_path, workdir):
    archive = zeros_zip(tmp_path / "炸弹.zip", "bomb.xlsx", 32 * MiB, extra=[("a.xlsx", workbook_bytes("a"))])
    assert archive.stat().st_size < MiB
    tracemalloc.start()
    try:
        result = collect_inputs([archive], workdir)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB
    assert result.files == []
    ((display, reason, code),) = result.errors
    assert display == str(archive) and code == "zip_bomb"
    assert "压缩炸弹" in reason and "压缩比" in reason
    assert files_under(workdir) == []


def test_lying_header_is_capped_at_the_declared_size(tmp_path, workdir):
    archive = zeros_zip(tmp_path / "炸弹.zip", "bomb.xlsx", 32 * MiB, extra=[("a.xlsx", workbook_bytes("a"))])
    patch(archive, "bomb.xlsx", file_size=1000)  # passes every declared-size check
    tracemalloc.start()
    try:
        result = collect_inputs([archive], workdir)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB
    assert displays(result) == [f"{archive} › a.xlsx"]
    assert result.errors == [(f"{archive} › bomb.xlsx", inputs.ERR_MEMBER_BOMB, "zip_bomb")]
    assert sum(p.stat().st_size for p in files_under(workdir)) < 100_000


def test_declared_total_over_the_limit_is_refused(tmp_path, workdir, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_ZIP_TOTAL", 10_000)
    archive = make_zip(tmp_path / "大.zip", [("a.xlsx", bytes(6_000)), ("b.xlsx", bytes(6_000))])
    result = collect_inputs([archive], workdir)
    ((display, reason, code),) = result.errors
    assert display == str(archive) and "压缩炸弹" in reason and "解压后共" in reason and code == "zip_bomb"
    assert result.files == []


def test_too_many_members(tmp_path, workdir):
    members = [(f"f{i}.txt", b"x") for i in range(inputs.MAX_ZIP_MEMBERS + 1)]
    archive = make_zip(tmp_path / "多.zip", members, zipfile.ZIP_STORED)
    result = collect_inputs([archive], workdir)
    assert result.errors == [
        (str(archive), inputs.ERR_TOO_MANY.format(count=2001, limit=inputs.MAX_ZIP_MEMBERS), "zip_bomb")
    ]
    assert result.skipped == []


def test_member_limit_counts_the_zips_inside(tmp_path, workdir, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_ZIP_MEMBERS", 5)
    inner = make_zip(
        tmp_path / "build" / "inner.zip", [(f"{i}.xlsx", workbook_bytes(str(i))) for i in range(4)]
    )
    outer = make_zip(
        tmp_path / "外.zip", [("inner.zip", inner.read_bytes()), ("a.xlsx", workbook_bytes("a"))]
    )
    result = collect_inputs([outer], workdir)
    assert displays(result) == [f"{outer} › a.xlsx"]
    assert result.errors == [
        (f"{outer} › inner.zip", inputs.ERR_TOO_MANY.format(count=6, limit=5), "zip_bomb")
    ]


# --- determinism ------------------------------------------------------------------------------------


def _snapshot(result: Collected, workdir: Path):
    def rel(item: InputFile) -> str:
        return (
            item.path.relative_to(workdir).as_posix() if item.path.is_relative_to(workdir) else str(item.path)
        )

    return (
        [(f.display, f.sha256, f.origin, rel(f)) for f in result.files],
        [(k.display, d.display) for k, d in result.duplicates],
        result.skipped,
        result.errors,
    )


def test_same_inputs_same_result(tmp_path):
    root = tmp_path / "附件"
    shared = workbook_bytes("shared")
    write(root / "示范镇" / "台账.xlsx", shared)
    write(root / "~$台账.xlsx", b"lock")
    inner = make_zip(tmp_path / "build" / "inner.zip", [("统计表.xlsx", workbook_bytes("inner"))])
    make_zip(
        root / "县.zip",
        [
            (GBK_NAME.encode("gbk"), shared),
            ("单位/东湖乡.zip", inner.read_bytes()),
            ("../evil.xlsx", b"x"),
            ("说明.pptx", b"pptx"),  # (a .docx is a report to read since issue 16)
            ("同名.xlsx", workbook_bytes("1")),
            ("同名.xlsx", workbook_bytes("2")),
        ],
    )
    loose = write(tmp_path / "东湖乡.xlsx", workbook_bytes("loose"))
    first_dir, second_dir = tmp_path / "w1", tmp_path / "w2"
    first = collect_inputs([root, loose], first_dir)
    second = collect_inputs([root, loose], second_dir)
    assert _snapshot(first, first_dir) == _snapshot(second, second_dir)
    assert len(first.files) == 5 and len(first.duplicates) == 1
    assert [f.display for f in first.files] == sorted(f.display for f in first.files)

    # a reused workdir never overwrites what an earlier call extracted
    before = {f.path: f.path.read_bytes() for f in first.files}
    again = collect_inputs([root, loose], first_dir)
    assert {f.display for f in again.files} == {f.display for f in first.files}
    assert {f.path for f in again.files if f.path.is_relative_to(first_dir)}.isdisjoint(before)
    assert all(path.read_bytes() == data for path, data in before.items())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_files_are_never_opened(tmp_path, workdir):
    root = tmp_path / "附件"
    write(root / "台账.xlsx", workbook_bytes("a"))
    pipe = root / "管道.xlsx"
    os.mkfifo(pipe)  # opening it would block forever
    result = collect_inputs([root, pipe], workdir)
    assert displays(result) == [str(root / "台账.xlsx")]
    assert result.skipped == [(str(pipe), inputs.SKIP_NOT_REGULAR)]
    assert result.errors == [(str(pipe), inputs.ERR_NOT_REGULAR, "not_a_workbook")]
