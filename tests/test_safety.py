"""The input gate: every fixture is built here, under tmp_path."""

from __future__ import annotations

import hashlib
import os
import struct
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from toolkit.errors import UnreadableInput
from toolkit.gate import workbook as safety
from toolkit.gate.workbook import WorkbookFile, inspect_workbook

MiB = 1 << 20
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORKBOOK_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'
)
SKELETON = {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK_XML}
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&lol9;</t></si></sst>"
)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
LINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"


# --- fixture builders ---------------------------------------------------------------------------


def good_xlsx(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("申请台账")
    ws.write_row(0, 0, ["申请编号", "收到日期", "申请人类型", "申请人"])
    for row in range(1, 200):
        ws.write_row(row, 0, [f"2024-{row:03d}", "2024年4月1日", "自然人", f"申请人{row}"])
    ws.write_formula(200, 0, "=ROWS(A2:A200)", None, 199)
    wb.close()
    return path


def make_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        with zipfile.ZipFile(path, "w", compression) as zf:
            for name, data in members.items() if isinstance(members, dict) else members:
                zf.writestr(name, data)
    return path


def rewrite(src: Path, dst: Path, *, replace=None, add=None, drop=()) -> Path:
    """Copy a zip member by member, replacing, adding or dropping some."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def zeros_member(path: Path, name: str, size: int, extra: dict[str, bytes] | None = None) -> Path:
    """A zip holding ``size`` zero bytes as ``name``, written in chunks (the file stays small)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in {**SKELETON, **(extra or {})}.items():
            zf.writestr(member, data)
        with zf.open(name, "w") as out:
            for _ in range(size // MiB):
                out.write(bytes(MiB))
    return path


def _cd_entry(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of ``name``'s central-directory entry and of its local header."""
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len] == name.encode():
            return pos, struct.unpack_from("<I", data, pos + 42)[0]
        pos = data.find(b"PK\x01\x02", pos + 46 + name_len + extra_len + comment_len)
    raise AssertionError(name)


def patch(path: Path, name: str, *, file_size=None, flag_bits=None, header_offset_of=None) -> Path:
    """Make the zip's headers lie about one member (central directory and local header alike)."""
    data = bytearray(path.read_bytes())
    cd, local = _cd_entry(bytes(data), name)
    if file_size is not None:
        struct.pack_into("<I", data, cd + 24, file_size)
        struct.pack_into("<I", data, local + 22, file_size)
    if flag_bits is not None:
        struct.pack_into("<H", data, cd + 8, flag_bits)
        struct.pack_into("<H", data, local + 6, flag_bits)
    if header_offset_of is not None:
        struct.pack_into("<I", data, cd + 42, _cd_entry(bytes(data), header_offset_of)[1])
    path.write_bytes(bytes(data))
    return path


def rejects(path: Path, fragment: str, reason: str, **limits) -> UnreadableInput:
    """The gate refuses ``path`` with words holding ``fragment`` and the code ``reason``."""
    with pytest.raises(UnreadableInput) as caught:
        inspect_workbook(path, **limits)
    err = caught.value
    assert fragment in err.message, err.message
    assert err.reason == reason, (err.reason, err.message)
    assert err.path == str(path)
    assert "\n" not in str(err)
    return err


# --- good files ---------------------------------------------------------------------------------


def test_good_workbook_passes(tmp_path):
    path = good_xlsx(tmp_path / "台账.xlsx")
    result = inspect_workbook(path)
    assert isinstance(result, WorkbookFile)
    assert result.path == path
    assert result.size == path.stat().st_size
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.data == path.read_bytes()  # calamine is opened from the bytes the gate judged
    assert result.has_macros is False
    assert result.external_links == ()
    assert result.notes == ()


def test_accepts_str_path(tmp_path):
    path = good_xlsx(tmp_path / "book.xlsx")
    assert inspect_workbook(str(path)).path == path


def test_embedded_document_is_not_a_nested_archive(tmp_path):
    inner = good_xlsx(tmp_path / "inner.xlsx").read_bytes()
    path = rewrite(
        good_xlsx(tmp_path / "a.xlsx"),
        tmp_path / "embedded.xlsx",
        add={"xl/embeddings/Microsoft_Excel_Worksheet1.xlsx": inner},
    )
    assert inspect_workbook(path).notes == ()


def test_svg_image_with_doctype_is_allowed(tmp_path):
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "svg.xlsx", add={"xl/media/image1.svg": svg})
    assert inspect_workbook(path).notes == ()


# --- the file itself ----------------------------------------------------------------------------


def test_missing(tmp_path):
    rejects(tmp_path / "没有.xlsx", "文件不存在", "not_found")


def test_directory(tmp_path):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    rejects(folder, "文件夹", "not_a_workbook")


def test_empty(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    rejects(path, "文件是空的", "empty")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    rejects(fifo, "不是普通文件", "not_a_workbook")  # and does not block


def test_file_too_large(tmp_path):
    rejects(good_xlsx(tmp_path / "big.xlsx"), "文件过大", "too_large", max_file_size=1000)


# --- not a zip ------------------------------------------------------------------------------------


def test_encrypted_ole(tmp_path):
    path = tmp_path / "加密.xlsx"
    body = bytearray(4096)
    body[1024:1024] = "EncryptionInfo".encode("utf-16-le")
    body[2048:2048] = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(safety.OLE_MAGIC + bytes(body))
    rejects(path, "文件已加密（设置了打开密码）", "encrypted")


def test_legacy_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(safety.OLE_MAGIC + bytes(1000) + "Workbook".encode("utf-16-le") + bytes(1000))
    err = rejects(path, "旧版 .xls", "xls")
    assert "另存为 .xlsx" in err.message


def test_csv_renamed(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_text("申请人,身份证号\n张三,110101199001011234\n", encoding="utf-8-sig")
    err = rejects(path, "不是 Excel 工作簿（.xlsx）", "not_a_workbook")
    assert "另存为 .xlsx" in err.message
    assert "张三" not in str(err) and "1101" not in str(err)  # never quote the file's contents


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("export.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
        (
            "x.xlsx",
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "2003",
        ),
        ("units.xlsx", b"Rar!\x1a\x07\x01\x00" + bytes(100), "RAR/7z"),
        ("~$台账.xlsx", b"\x0czhangsan" + bytes(150), "临时文件"),
    ],
)
def test_other_formats_renamed(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    err = rejects(path, fragment, "not_a_workbook")
    assert "不是 Excel 工作簿（.xlsx）" in err.message


# --- broken zips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.9, -10])
def test_truncated(tmp_path, keep):
    data = good_xlsx(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: int(len(data) * keep)] if keep > 0 else data[:keep])
    rejects(path, "文件不完整或已损坏", "corrupt")


def _flip_member_data(path: Path, name: str) -> None:
    data = bytearray(path.read_bytes())
    _, local = _cd_entry(bytes(data), name)
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    compressed = struct.unpack_from("<I", data, local + 18)[0]
    start = local + 30 + name_len + extra_len + compressed // 2
    for i in range(start, start + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_corrupted_deflated_member(tmp_path):
    path = good_xlsx(tmp_path / "bad.xlsx")
    _flip_member_data(path, "xl/worksheets/sheet1.xml")
    rejects(path, "文件不完整或已损坏", "corrupt")


def test_corrupted_stored_member_fails_crc(tmp_path):
    members = {**SKELETON, "xl/worksheets/sheet1.xml": b"<worksheet>" + b"<row/>" * 1000 + b"</worksheet>"}
    path = make_zip(tmp_path / "stored.xlsx", members, zipfile.ZIP_STORED)
    _flip_member_data(path, "xl/worksheets/sheet1.xml")
    rejects(path, "文件不完整或已损坏", "corrupt")


def test_header_declares_more_than_data_holds(tmp_path):
    members = {**SKELETON, "xl/worksheets/sheet1.xml": b"<worksheet>" + b"<row/>" * 1000 + b"</worksheet>"}
    path = make_zip(tmp_path / "short.xlsx", members)
    patch(path, "xl/worksheets/sheet1.xml", file_size=6012 + 500)
    rejects(path, "文件不完整或已损坏", "corrupt")


# --- zips that are not spreadsheets ---------------------------------------------------------------


def test_missing_workbook_part(tmp_path):
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "noworkbook.xlsx", drop={"xl/workbook.xml"})
    rejects(path, "xl/workbook.xml", "not_a_workbook")


def test_plain_zip(tmp_path):
    path = make_zip(tmp_path / "附件.xlsx", {"说明.txt": "请查收".encode()})
    rejects(path, "普通压缩包", "not_a_workbook")


def test_ods(tmp_path):
    path = tmp_path / "表.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", b"<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    rejects(path, "这是 .ods 文件", "not_a_workbook")


def test_docx(tmp_path):
    members = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}
    rejects(make_zip(tmp_path / "年报.xlsx", members), "Word 文档", "not_a_workbook")


def test_pptx(tmp_path):
    members = {"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p:presentation/>"}
    rejects(make_zip(tmp_path / "slides.xlsx", members), "PowerPoint", "not_a_workbook")


def test_xlsb(tmp_path):
    members = {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.bin": b"\x83\x01\x00"}
    rejects(make_zip(tmp_path / "b.xlsx", members), ".xlsb", "not_a_workbook")


# --- zip bombs ------------------------------------------------------------------------------------


def test_bomb_by_ratio(tmp_path):
    path = zeros_member(tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 50 * MiB)
    assert path.stat().st_size < 1 * MiB
    err = rejects(path, "压缩炸弹", "zip_bomb")
    assert "压缩比" in err.message


def test_bomb_by_declared_total(tmp_path):
    err = rejects(good_xlsx(tmp_path / "a.xlsx"), "压缩炸弹", "zip_bomb", max_total_uncompressed=1000)
    assert "超过上限" in err.message


def test_bomb_by_member_size(tmp_path):
    err = rejects(good_xlsx(tmp_path / "a.xlsx"), "压缩炸弹", "zip_bomb", max_member=1000)
    assert "单个部件" in err.message


def test_bomb_by_member_count(tmp_path):
    members = {**SKELETON, **{f"xl/media/{i}.bin": b"" for i in range(safety.MAX_MEMBERS)}}
    err = rejects(make_zip(tmp_path / "many.xlsx", members, zipfile.ZIP_STORED), "压缩炸弹", "zip_bomb")
    assert "10000" in err.message


def test_member_count_limit_is_a_parameter(tmp_path):
    rejects(good_xlsx(tmp_path / "a.xlsx"), "压缩炸弹", "zip_bomb", max_members=3)


def test_header_lies_about_size(tmp_path):
    """Declared 1,000 bytes, the deflate stream really holds 5 MiB: the declared-size checks pass,
    the streaming check catches it after at most one chunk."""
    path = zeros_member(tmp_path / "liar.xlsx", "xl/worksheets/sheet1.xml", 5 * MiB)
    patch(path, "xl/worksheets/sheet1.xml", file_size=1000)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1000  # zipfile believes the lie
    err = rejects(path, "压缩炸弹", "zip_bomb")
    assert "实际解压大小超过声明" in err.message


def test_overlapping_entries(tmp_path):
    members = {**SKELETON, "xl/worksheets/sheet1.xml": b"<a/>" * 100, "xl/worksheets/sheet2.xml": b"<b/>"}
    path = make_zip(tmp_path / "overlap.xlsx", members)
    patch(path, "xl/worksheets/sheet2.xml", header_offset_of="xl/worksheets/sheet1.xml")
    rejects(path, "条目重复或相互重叠", "zip_bomb")


def test_duplicate_names(tmp_path):
    members = [*SKELETON.items(), ("xl/sharedStrings.xml", b"<sst/>"), ("XL/sharedStrings.xml", b"<sst/>")]
    rejects(make_zip(tmp_path / "dup.xlsx", members), "条目重复或相互重叠", "zip_bomb")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("xl/worksheets/nested.zip", b"anything"),
        ("xl/printerSettings/printerSettings1.bin", b"PK\x03\x04" + bytes(100)),
        ("customXml/item1.bin", b"7z\xbc\xaf\x27\x1c" + bytes(100)),
    ],
)
def test_nested_archive(tmp_path, name, content):
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "nested.xlsx", add={name: content})
    err = rejects(path, "压缩炸弹", "zip_bomb")
    assert "嵌套" in err.message


def test_unusual_compression_method(tmp_path):
    members = {**SKELETON, "xl/worksheets/sheet1.xml": b"<worksheet/>" * 100}
    rejects(make_zip(tmp_path / "bz.xlsx", members, zipfile.ZIP_BZIP2), "压缩方式", "corrupt")


def test_zip_level_encryption_flag(tmp_path):
    path = make_zip(tmp_path / "zipcrypto.xlsx", {**SKELETON, "xl/worksheets/sheet1.xml": b"<worksheet/>"})
    patch(path, "xl/worksheets/sheet1.xml", flag_bits=0x1)
    rejects(path, "压缩包内容已加密", "encrypted")


# --- XML declarations -----------------------------------------------------------------------------


def test_billion_laughs_shared_strings(tmp_path):
    src = good_xlsx(tmp_path / "a.xlsx")
    path = rewrite(src, tmp_path / "lol.xlsx", replace={"xl/sharedStrings.xml": BILLION_LAUGHS})
    rejects(path, "DOCTYPE/ENTITY", "xml_unsafe")


def test_doctype_hidden_after_padding(tmp_path):
    """A first-4-KB check could be dodged with a long comment before the DTD."""
    xxe = (
        b'<?xml version="1.0"?><!--'
        + b"x" * 20000
        + b'--><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'
    )
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "xxe.xlsx", replace={"xl/styles.xml": xxe})
    rejects(path, "DOCTYPE/ENTITY", "xml_unsafe")


def test_doctype_in_utf16(tmp_path):
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>'
    content = b"\xff\xfe" + xml.encode("utf-16-le")
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "u16.xlsx", replace={"xl/styles.xml": content})
    rejects(path, "DOCTYPE/ENTITY", "xml_unsafe")


def test_doctype_in_rels_and_in_xml_without_xml_suffix(tmp_path):
    src = good_xlsx(tmp_path / "a.xlsx")
    rels = b'<?xml version="1.0"?><!DOCTYPE Relationships><Relationships/>'
    rejects(rewrite(src, tmp_path / "r.xlsx", replace={"_rels/.rels": rels}), "DOCTYPE/ENTITY", "xml_unsafe")
    odd = rewrite(src, tmp_path / "odd.xlsx", add={"xl/worksheets/sheet9.bin": rels})
    rejects(odd, "DOCTYPE/ENTITY", "xml_unsafe")


# --- macros and external links --------------------------------------------------------------------


def test_xlsm_with_vba_project(tmp_path):
    vba = safety.OLE_MAGIC + bytes(512)
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "宏.xlsm", add={"xl/vbaProject.bin": vba})
    result = inspect_workbook(path)
    assert result.has_macros is True
    assert result.notes == (safety.NOTE_MACROS,)
    assert "宏" in result.notes[0]


def test_vba_project_in_file_named_xlsx(tmp_path):
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "b.xlsx", add={"xl/vbaProject.bin": b"\x00"})
    assert inspect_workbook(path).has_macros is True


def test_xlsm_suffix_alone(tmp_path):
    path = good_xlsx(tmp_path / "a.xlsm")
    assert inspect_workbook(path).has_macros is True


def test_excel4_macro_sheet(tmp_path):
    path = rewrite(
        good_xlsx(tmp_path / "a.xlsx"), tmp_path / "xlm.xlsx", add={"xl/macrosheets/sheet1.xml": b"<xm/>"}
    )
    result = inspect_workbook(path)
    assert result.has_macros is True
    assert result.notes == (safety.NOTE_XLM,)


def _link_rels(target: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rId1" Type="{LINK_TYPE}" Target="{target}" TargetMode="External"/>'
        "</Relationships>"
    ).encode()


def test_external_links(tmp_path):
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    add = {}
    for number, target in [
        (10, "file:///\\\\server\\share\\汇总.xlsx"),
        (1, "file:///C:\\Users\\张三\\Desktop\\2023年%20台账.xlsx"),
        (2, "../乡镇/台账&#10;&#9;\u202e[31m.xlsx"),
    ]:
        add[f"xl/externalLinks/externalLink{number}.xml"] = link
        add[f"xl/externalLinks/_rels/externalLink{number}.xml.rels"] = _link_rels(target)
    path = rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "links.xlsx", add=add)
    result = inspect_workbook(path)
    assert result.external_links == (
        "file:///C:\\Users\\张三\\Desktop\\2023年 台账.xlsx",
        "../乡镇/台账[31m.xlsx",  # newline, tab and the bidi override dropped
        "file:///\\\\server\\share\\汇总.xlsx",
    )
    assert result.notes == (safety.NOTE_EXTERNAL,)
    assert result.has_macros is False


def test_external_link_without_rels_still_noted(tmp_path):
    dde = b'<externalLink xmlns="x"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
    add = {"xl/externalLinks/externalLink1.xml": dde}
    result = inspect_workbook(rewrite(good_xlsx(tmp_path / "a.xlsx"), tmp_path / "dde.xlsx", add=add))
    assert result.external_links == ()
    assert result.notes == (safety.NOTE_EXTERNAL,)


# --- never modifies, bounded memory ---------------------------------------------------------------


def test_inputs_are_never_modified(tmp_path):
    good = good_xlsx(tmp_path / "good.xlsx")
    macro = rewrite(good, tmp_path / "m.xlsm", add={"xl/vbaProject.bin": b"\x00"})
    bomb = zeros_member(tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 20 * MiB)
    broken = tmp_path / "cut.xlsx"
    broken.write_bytes(good.read_bytes()[:1000])
    paths = [good, macro, bomb, broken]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    listing = sorted(tmp_path.rglob("*"))
    inspect_workbook(good)
    inspect_workbook(macro)
    for rejected in (bomb, broken):
        with pytest.raises(UnreadableInput):
            inspect_workbook(rejected)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before
    assert sorted(tmp_path.rglob("*")) == listing  # nothing extracted next to the inputs


def _peak_extra(func) -> int:
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        func()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_memory_bounded_on_bomb(tmp_path):
    path = zeros_member(tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 50 * MiB)

    def rejected():
        with pytest.raises(UnreadableInput):
            inspect_workbook(path)

    assert _peak_extra(rejected) < 64 * MiB
    # With the ratio limit lifted every one of the 50 MiB is really decompressed and scanned.
    result = []
    peak = _peak_extra(lambda: result.append(inspect_workbook(path, max_ratio=10**9)))
    assert result[0].notes == ()
    assert peak < 64 * MiB


def test_memory_bounded_on_lying_header(tmp_path):
    path = zeros_member(tmp_path / "liar.xlsx", "xl/worksheets/sheet1.xml", 50 * MiB)
    patch(path, "xl/worksheets/sheet1.xml", file_size=1000)

    def rejected():
        with pytest.raises(UnreadableInput, match="实际解压大小"):
            inspect_workbook(path)

    assert _peak_extra(rejected) < 64 * MiB


# --- the extent of a sheet's filled cells (calamine holds it as a dense rectangle) ---------------
def _sheet_with(tmp_path: Path, cells: list[tuple[int, int, object]], name: str = "申请台账") -> Path:
    import xlsxwriter

    path = tmp_path / "extent.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(name)
    fmt = wb.add_format({"bold": True})
    for row, col, value in cells:
        if value is None:
            ws.write_blank(row, col, None, fmt)  # a styled, empty cell: <c r=".." s=".."/>
        else:
            ws.write(row, col, value)
    wb.close()
    return path


def test_a_stray_value_far_away_is_refused_with_the_sheet_and_range(tmp_path: Path) -> None:
    path = _sheet_with(tmp_path, [(0, 0, "申请编号"), (1_048_575, 16_383, "x")])
    with pytest.raises(UnreadableInput) as err:
        inspect_workbook(path)
    assert "申请台账" in str(err.value) and "A1:XFD1048576" in str(err.value)


def test_styled_empty_cells_far_away_do_not_count(tmp_path: Path) -> None:
    path = _sheet_with(tmp_path, [(0, 0, "申请编号"), (1_048_575, 16_383, None)])
    assert inspect_workbook(path).notes == ()


def test_the_cell_limit_is_a_rectangle_of_filled_cells(tmp_path: Path) -> None:
    path = _sheet_with(tmp_path, [(4, 2, 1), (9, 5, 2)])  # C5:F10 = 6 rows x 4 columns
    inspect_workbook(path, max_sheet_cells=24)
    with pytest.raises(UnreadableInput):
        inspect_workbook(path, max_sheet_cells=23)
