"""The hostile-input corpus: what really arrives in a county reviewer's mailbox, rebuilt by code.

``build_corpus(root)`` writes every kind of ``KINDS`` under ``root`` (a file, a folder or a zip per
kind) and returns ``{kind name: path}``. The same call always writes the same bytes (xlsxwriter with
a fixed document date, zips with fixed timestamps), so a failure reproduces exactly.

Three kinds need a program we do not depend on at run time, so their bytes are kept, small, in
``tests/corpus/files/`` and copied from there: the legacy ``.xls`` and the ``.ods`` (converted from
the valid 台账 by LibreOffice) and the password-protected workbook (ECMA-376 agile encryption, made
by msoffcrypto-tool, password 1234). ``--refresh-binaries`` rebuilds them (needs ``soffice`` and
``msoffcrypto``).

``KINDS`` is the table of outcomes each kind must get:

- ``check``: the exit code of ``xxgk check PATH`` (0 fine, 1 problems found, 2 unreadable);
- ``rule``: a rule ID that must be among check's findings (or ``""``);
- ``says``: a fragment that must appear in check's one-line error or in its notes (or ``""``);
- ``aggregate``: the exit code of ``xxgk aggregate PATH -o OUT`` (``--unit 测试汇总单位`` for a
  folder or a zip, which may hold several units);
- ``fill``: the exit code of ``xxgk fill-report PATH -o OUT.docx`` (a 统计表 read: 0 written, 1
  refused for its errors; anything else, a 台账 included: 2).

Run it: ``python tests/corpus/make_corpus.py OUTDIR`` (prints the table and what was built).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent
FILES = HERE / "files"
for _p in (str(TESTS), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from log_fixtures import PERSONAL, case, review, write_log  # noqa: E402
from sample_layout import put_text_cells, write_2019_layout, write_hybrid_layout, write_sample_layout  # noqa: E402

from toolkit import form
from toolkit.table import Table  # noqa: E402
from toolkit.write.xlsx import sheet_parts  # noqa: E402

MiB = 1 << 20
YEAR = 2024
UNIT = "示范镇人民政府"
AGG_UNIT = "测试汇总单位"
ZIP_DATE = (2024, 1, 15, 9, 30, 0)
T = form.APPLICANT_TYPES
R = form.RESULT_LABELS

#: our own applicants' data, besides log_fixtures.PERSONAL: none of it may leave the 台账
OWN_PERSONAL = {
    form.LOG_APPLICANT: "司马测试丙丁",
    form.LOG_CONTENT: "请公开李家庄拆迁安置协议全文及补偿标准",
    form.LOG_REMARK: "申请人电话13912345678，住址幸福路88号",
}
#: injected formulas as a hostile applicant types them (CSV/DDE injection)
INJECTED = {
    form.LOG_APPLICANT: "=cmd|' /C calc'!A0",
    form.LOG_CONTENT: '+HYPERLINK("http://evil.example/x","点击查看")',
    form.LOG_REMARK: "-2+3+cmd|' /C notepad'!A0",
    form.LOG_OFFICE: "@SUM(1+1)*cmd|' /C calc'!A0",
}
HTML_UNIT = "<img src=x onerror=alert(1)>示范镇人民政府"
CONTROL_UNIT = "示范\x1b]0;pwned\x07镇\x1b[2J人民政府"
INJECTED_ID = '=HYPERLINK("http://evil.example/id","2024-009")'
CONTROL = {
    form.LOG_APPLICANT: "控制\x07字符\x1b[31m甲",
    form.LOG_CONTENT: "请公开\x00\x08\x0b\x0c\x1b]0;标题\x07文件",
    form.LOG_REMARK: "换行\r\n制表\t\x85\u2028结束",
}


#: applicants' data typed into columns the template does not have (联系电话, 身份证号)
EXTRA_PERSONAL = ("13700001111", "110101199001011234")


def personal_values() -> list[str]:
    """Every applicant name, contact and request text the corpus puts into a 台账."""
    return [*PERSONAL.values(), *OWN_PERSONAL.values(), *EXTRA_PERSONAL]


def personal_needles() -> list[str]:
    """Distinctive pieces of the personal values: a leak of part of one is a leak."""
    needles: set[str] = set()
    for value in personal_values():
        needles.add(value)
        if not value[:6].isdigit():  # six digits could turn up in a hash
            needles.add(value[:6])
        needles.update(re.findall(r"[0-9]{8,}", value))
    return sorted(needles)


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------
def base_cases() -> list[dict[str, Any]]:
    """Six applications of every kind the counting knows: concluded, pending, carried in,
    corrected and extended, with a fee; applicants' data in every personal column."""
    return [
        case(id="2024-001"),
        case(
            id="2024-002",
            applicant_type=T[1],
            received=date(2024, 4, 1),
            concluded=date(2024, 4, 18),
            result=R[1],
            **OWN_PERSONAL,
        ),
        case(id="2024-003", received=date(2024, 6, 3), concluded=date(2024, 6, 20), result=R[10], fee=50),
        case(id="2024-004", applicant_type=T[5], received=date(2024, 12, 16), concluded=None, result=None),
        case(id="2023-045", received=date(2023, 12, 25), concluded=date(2024, 1, 12), **OWN_PERSONAL),
        case(
            id="2024-005",
            applicant_type=T[2],
            received=date(2024, 9, 2),
            corrected=date(2024, 9, 10),
            extended=form.YES_NO[0],
            concluded=date(2024, 10, 25),
            result=R[2],
        ),
    ]


def base_reviews() -> list[dict[str, Any]]:
    return [
        review(),
        review(
            id="复-2024-02", type=form.SEC4_BLOCKS[1], filed=date(2024, 8, 1), concluded=None, result=None
        ),
    ]


def valid_log(path: Path, cases: Sequence[dict[str, Any]] | None = None, **kw: Any) -> Path:
    kw.setdefault("unit", UNIT)
    kw.setdefault("year", YEAR)
    kw.setdefault("reviews", base_reviews())
    return write_log(path, base_cases() if cases is None else cases, **kw)


def valid_table(unit: str = UNIT) -> Table:
    """The table the valid 台账 counts to (with totals)."""
    from toolkit.check import analyse_file
    from toolkit.count.cases import count_log

    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        log = valid_log(Path(tmp) / "log.xlsx", unit=unit)
        analysed = analyse_file(log)
        assert analysed.log is not None and not analysed.report.error, analysed.report.error
        table = count_log(analysed.log, YEAR, unit).table.with_totals()
    return table


def valid_stats(path: Path, unit: str = "示范乡人民政府", name: str | None = None, **kw: Any) -> Path:
    """Our 统计表 as ``xxgk aggregate`` writes it (provenance sheets included); the 台账 it is made
    from is called ``name`` (default: the unit's name) and gets ``kw`` (cases, …)."""
    from toolkit.aggregate import aggregate

    name = name or f"{unit}.xlsx"
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp, contextlib.chdir(tmp):
        # relative paths: the 来源 sheet names the input as given, the same on every build
        valid_log(Path(name), unit=unit, **kw)
        result = aggregate([Path(name)], Path("统计表.xlsx"))
        assert result.ok, [f.message for f in result.all_findings]
        data = Path("统计表.xlsx").read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_parts(path: Path, parts: dict[str, bytes] | Iterable[tuple[str, bytes]], level: int = 6) -> Path:
    """A zip of ``parts`` with fixed timestamps (the same bytes every time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in items:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def normalize_zip(path: Path) -> Path:
    """Rewrite a workbook written with today's date (sample_layout, put_text_cells) with fixed
    document dates and zip timestamps, so the corpus is the same bytes on every build."""
    parts = read_parts(path)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = re.sub(
            rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
            rb"\g<1>2021-12-01T00:00:00Z\3",
            parts["docProps/core.xml"],
        )
    return write_parts(path, parts)


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The part name (xl/worksheets/sheetN.xml) of the sheet called ``sheet``."""
    return sheet_parts(parts.__getitem__)[sheet]


def edit_sheet(path: Path, sheet: str, edit: Callable[[str], str], dst: Path | None = None) -> Path:
    parts = read_parts(path)
    part = sheet_part(parts, sheet)
    new = edit(parts[part].decode())
    assert new != parts[part].decode(), f"edit of {sheet} changed nothing"
    parts[part] = new.encode()
    return write_parts(dst or path, parts)


def replace_cell(xml: str, address: str, new: str) -> str:
    """Replace the whole <c r="address" …>…</c> (or <c …/>) element with ``new``."""
    cell = re.compile(rf'<c r="{address}"(?: [^>]*)?(?:/>|>.*?</c>)')
    assert cell.search(xml), address
    return cell.sub(lambda _m: new, xml, count=1)


def column_of(name: str, columns: Sequence[str] | None = None) -> str:
    from toolkit.read.cells import column_letter

    return column_letter(list(columns or [c.name for c in form.LOG_COLUMNS]).index(name))


def _patch_member(data: bytearray, name: bytes, **fields: int) -> None:
    """Rewrite fields of one member's local and central headers (the zip then lies)."""
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            local = struct.unpack_from("<I", data, pos + 42)[0]
            if "file_size" in fields:
                struct.pack_into("<I", data, pos + 24, fields["file_size"])
                struct.pack_into("<I", data, local + 22, fields["file_size"])
            if "header_offset" in fields:
                struct.pack_into("<I", data, pos + 42, fields["header_offset"])
            return
        pos = data.find(b"PK\x01\x02", pos + 46 + name_len + extra_len + comment_len)
    raise AssertionError(name)


def _local_offset(data: bytes, name: bytes) -> int:
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len] == name:
            return struct.unpack_from("<I", data, pos + 42)[0]
        pos = data.find(b"PK\x01\x02", pos + 46 + name_len + extra_len + comment_len)
    raise AssertionError(name)


def legacy_zip(path: Path, members: Sequence[tuple[str, bytes]], encoding: str = "gbk") -> Path:
    """A zip as Windows' built-in "send to compressed folder" writes it in China: member names in
    GBK, without the UTF-8 flag. zipfile always flags non-ASCII names as UTF-8, so the names are
    written as ASCII placeholders of the same byte length and patched afterwards."""
    placeholders = []
    for i, (name, _data) in enumerate(members):
        raw = name.encode(encoding)
        mark = f"@{i:03d}".encode()
        placeholder = (mark + b"_" * len(raw))[: len(raw)] if len(raw) >= len(mark) else None
        assert placeholder is not None, name
        placeholders.append((placeholder, raw))
    write_parts(
        path, [(p.decode(), data) for (p, _raw), (_n, data) in zip(placeholders, members, strict=True)]
    )
    data = path.read_bytes()
    for placeholder, raw in placeholders:
        assert data.count(placeholder) == 2, placeholder  # local header and central directory
        data = data.replace(placeholder, raw)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# The builders (one per kind; each writes ``target``)
# ---------------------------------------------------------------------------------------------
def b_valid_log(target: Path) -> None:
    valid_log(target)


def b_valid_stats(target: Path) -> None:
    valid_stats(target)


def b_valid_json(target: Path) -> None:
    table = valid_table("示范街道办事处")
    target.write_text(table.dumps(), encoding="utf-8")


def b_broken_json(target: Path) -> None:
    text = valid_table().dumps()
    target.write_text(text[: len(text) // 2], encoding="utf-8")


def b_deep_json(target: Path) -> None:
    target.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def b_sample_layout(target: Path) -> None:
    write_sample_layout(target)  # the published sample: 三.四.1 总计 is 0 (a real error)
    normalize_zip(target)


def b_sample_consistent(target: Path) -> None:
    write_sample_layout(target, valid_table("示范村委会"))
    normalize_zip(target)


def b_sample_fullwidth(target: Path) -> None:
    table = valid_table("示范社区")
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    overrides = {
        ("sec3", "一", 0): str(table.sec3["一"][0]).translate(fw),
        ("sec3", "一", 6): str(table.sec3["一"][6]).translate(fw),
        ("sec4", None, 0): str(table.sec4[0]).translate(fw),
    }
    write_sample_layout(target, table, overrides=overrides)
    normalize_zip(target)


def b_sample_hidden(target: Path) -> None:
    write_sample_layout(target, valid_table("示范林场"), hidden="hidden")
    normalize_zip(target)


def b_sample_merged_numbers(target: Path) -> None:
    """A unit merged two number cells of a data row (D22:E22) in its own copy of the table."""
    table = valid_table("示范水库管理处")
    write_sample_layout(target, table)
    normalize_zip(target)
    from sample_layout import SAMPLE_SHEET

    def merge(xml: str) -> str:
        cells = '<mergeCell ref="D22:E22"/>'
        xml = replace_cell(xml, "E22", '<c r="E22" s="1"/>')  # Excel keeps only the top-left value
        return re.sub(
            r'<mergeCells count="(\d+)">', lambda m: f'<mergeCells count="{int(m[1]) + 1}">' + cells, xml
        )

    edit_sheet(target, SAMPLE_SHEET, merge)


def b_layout_2019(target: Path) -> None:
    write_2019_layout(target, year=YEAR)
    normalize_zip(target)


def b_layout_hybrid(target: Path) -> None:
    write_hybrid_layout(target)
    normalize_zip(target)


def b_layout_hybrid_sec2(target: Path) -> None:
    write_hybrid_layout(target, old_section="sec2")
    normalize_zip(target)


def b_stats_text_number(target: Path) -> None:
    valid_stats(target)
    put_text_cells(target, form.SHEET_TABLE3, {"D5": "十二"})
    normalize_zip(target)


def b_stats_wrong_total(target: Path) -> None:
    """Our 统计表 with one leaf changed by hand and the cached totals left as they were."""
    valid_stats(target)

    def bump(xml: str) -> str:
        return re.sub(
            r'(<c r="D7"[^>]*>)<v>(\d+)</v>', lambda m: f"{m[1]}<v>{int(m[2]) + 3}</v>", xml, count=1
        )

    edit_sheet(target, form.SHEET_TABLE3, bump)


def b_stats_formula_no_cache(target: Path) -> None:
    """Our 统计表 saved by a generator that writes formulas without cached values."""
    valid_stats(target)

    def strip(xml: str) -> str:
        return re.sub(r"(<c [^>]*>)(<f>[^<]*</f>)<v>[^<]*</v>", r"\1\2", xml)

    edit_sheet(target, form.SHEET_TABLE3, strip)


def b_binary(name: str, variant: int = 0) -> Callable[[Path], None]:
    """A kept binary; ``variant`` > 0 makes other bytes of the same content (two identical files
    would be read once by ``aggregate``): trailing NULs after an OLE file, a rewritten zip."""

    def build(target: Path) -> None:
        data = (FILES / name).read_bytes()
        if variant and data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                write_parts(target, {i.filename: zf.read(i) for i in zf.infolist()}, level=variant)
            return
        target.write_bytes(data + bytes(variant))

    return build


def b_xlsm_macro(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    _as_xlsm(tmp, target)
    tmp.unlink()


def _as_xlsm(source: Path, target: Path) -> None:
    """``source`` (.xlsx) made a macro workbook with a VBA project, written to ``target``."""
    parts = read_parts(source)
    ct = parts["[Content_Types].xml"].decode()
    ct = ct.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    parts["[Content_Types].xml"] = ct.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId99" '
            'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    # an OLE compound file header and a VBA "Attribute VB_Name" / Shell payload as a macro virus has
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b'Attribute VB_Name = "ThisWorkbook"\r\n'
    vba += b'Sub Workbook_Open()\r\n  Shell "cmd /c calc"\r\nEnd Sub\r\n' + bytes(2048)
    parts["xl/vbaProject.bin"] = vba
    write_parts(target, parts)


def b_renamed_as(suffix_source: str) -> Callable[[Path], None]:
    def build(target: Path) -> None:
        shutil.copyfile(FILES / suffix_source, target)

    return build


def b_csv_as_xlsx(target: Path) -> None:
    lines = [",".join(c.name for c in form.LOG_COLUMNS)]
    row = case()
    lines.append(",".join(str(row.get(c.name, "")) for c in form.LOG_COLUMNS))
    target.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def b_csv_gbk_as_xls(target: Path) -> None:
    lines = ["申请编号\t收到日期\t申请人", f"2024-001\t2024-03-05\t{PERSONAL[form.LOG_APPLICANT]}"]
    target.write_bytes("\r\n".join(lines).encode("gbk"))


def b_html_as_xls(target: Path) -> None:
    html = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
        "<table><tr><td>申请编号</td><td>申请人</td></tr>"
        f"<tr><td>2024-001</td><td>{PERSONAL[form.LOG_APPLICANT]}</td></tr></table></body></html>"
    )
    target.write_text(html, encoding="utf-8")


def b_xml2003_as_xls(target: Path) -> None:
    xml = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="申请台账"><Table><Row><Cell><Data ss:Type="String">'
        f"{PERSONAL[form.LOG_APPLICANT]}</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    target.write_text(xml, encoding="utf-8")


def b_pdf_as_xlsx(target: Path) -> None:
    target.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def b_docx_as_xlsx(target: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(f"申请人：{PERSONAL[form.LOG_APPLICANT]}")
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps the time: rewrite with fixed timestamps
    with zipfile.ZipFile(buffer) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts = {k: re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", v) for k, v in parts.items()}
    write_parts(target, parts)


def b_xlsb(target: Path) -> None:
    write_parts(
        target,
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"/>',
            "xl/workbook.bin": b"\x83\x01\x00" + bytes(64),
        },
    )


def b_rar_as_zip(target: Path) -> None:
    target.write_bytes(b"Rar!\x1a\x07\x01\x00" + bytes(120))


def b_zero_bytes(target: Path) -> None:
    target.write_bytes(b"")


def b_lock_file(target: Path) -> None:
    owner = "张三".encode("utf-16-le")
    target.write_bytes(bytes([2]) + owner.ljust(52, b"\x20") + bytes(110))


def b_folder_with_lock(target: Path) -> None:
    target.mkdir(parents=True)
    valid_log(target / "台账.xlsx")
    b_lock_file(target / "~$台账.xlsx")
    (target / "Thumbs.db").write_bytes(b"\x00" * 64)
    (target / "说明.txt").write_text("这是报送说明。", encoding="utf-8")


def b_truncated(target: Path) -> None:
    tmp = target.with_suffix(".full")
    valid_log(tmp)
    data = tmp.read_bytes()
    tmp.unlink()
    target.write_bytes(data[: len(data) * 2 // 3])


def b_no_central_directory(target: Path) -> None:
    """Cut just before the central directory: every local entry is intact, the index is gone."""
    tmp = target.with_suffix(".full")
    valid_log(tmp)
    data = tmp.read_bytes()
    tmp.unlink()
    target.write_bytes(data[: data.find(b"PK\x01\x02")])


def _with_big_member(target: Path, size: int) -> str:
    """The valid 台账 whose 申请台账 sheet XML is padded (inside <sheetData>) to ``size`` bytes of
    whitespace: valid XML, absurdly compressible. Returns the part name."""
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    part = sheet_part(parts, form.SHEET_LOG)
    xml = parts[part]
    pad = size - len(xml)
    at = xml.index(b"<sheetData>") + len(b"<sheetData>")
    parts[part] = xml[:at] + b" " * pad + xml[at:]
    write_parts(target, parts, level=9)
    return part


def b_zip_bomb_ratio(target: Path) -> None:
    _with_big_member(target, 64 * MiB)


def b_zip_bomb_declared(target: Path) -> None:
    """A member that declares 4 GiB uncompressed (the headers say so; the data is small)."""
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    part = sheet_part(parts, form.SHEET_LOG)
    write_parts(target, parts)
    data = bytearray(target.read_bytes())
    _patch_member(data, part.encode(), file_size=0xFFFF_FFF0)
    target.write_bytes(bytes(data))


def b_zip_bomb_lying(target: Path) -> None:
    """A member whose headers declare 2 KiB while its stream inflates to 64 MiB."""
    part = _with_big_member(target, 64 * MiB)
    data = bytearray(target.read_bytes())
    _patch_member(data, part.encode(), file_size=2048)
    target.write_bytes(bytes(data))


def b_zip_bomb_overlap(target: Path) -> None:
    """The "better zip bomb": central-directory entries that share one local entry."""
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    write_parts(target, parts)
    data = bytearray(target.read_bytes())
    first = _local_offset(bytes(data), b"[Content_Types].xml")
    _patch_member(data, b"docProps/app.xml", header_offset=first)
    target.write_bytes(bytes(data))


def b_zip_bomb_members(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    items = list(parts.items()) + [(f"xl/media/junk{i:05d}.bin", b"") for i in range(12_000)]
    write_parts(target, items, level=1)


def b_nested_archive(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("zeros.bin", ZIP_DATE), bytes(MiB), compress_type=zipfile.ZIP_DEFLATED)
    parts["xl/inner.zip"] = inner.getvalue()
    tmp.unlink()
    write_parts(target, parts)


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&lol9;</t></si></sst>"
)


def b_entity_bomb(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    parts["xl/sharedStrings.xml"] = BILLION_LAUGHS
    write_parts(target, parts)


def b_external_entity(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    xml = parts["xl/sharedStrings.xml"]
    parts["xl/sharedStrings.xml"] = xml.replace(
        b"?>", b'?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1
    )
    write_parts(target, parts)


def b_wps_dimension(target: Path) -> None:
    """WPS writes <dimension ref="A1"/> whatever the sheet holds."""
    valid_log(target)
    for sheet in (form.SHEET_LOG, form.SHEET_REVIEW, form.SHEET_UNIT, form.SHEET_SEC2):
        edit_sheet(
            target, sheet, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml)
        )


def b_no_dimension(target: Path) -> None:
    valid_log(target)
    edit_sheet(target, form.SHEET_LOG, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', "", xml))


def b_sheet_variant(target: Path) -> None:
    valid_log(target, log_sheet="申请台帐 ")


def b_sheet_renamed(target: Path) -> None:
    valid_log(target, log_sheet="Sheet1", stamp=False)


def b_sheet_missing(target: Path) -> None:
    """The 申请台账 sheet deleted (the 复议诉讼, 主动公开 and 单位信息 sheets and the stamp remain)."""
    tmp = target.with_suffix(".tmp.xlsx")
    valid_log(tmp, log_sheet="ToDelete")
    parts = read_parts(tmp)
    tmp.unlink()
    part = sheet_part(parts, "ToDelete")
    book = parts["xl/workbook.xml"].decode()
    book = re.sub(r'<sheet name="ToDelete"[^>]*/>', "", book)
    parts["xl/workbook.xml"] = book.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = re.sub(rf'<Relationship Id="rId\d+" [^>]*Target="{part.removeprefix("xl/")}"/>', "", rels)
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = re.sub(
        rf'<Override PartName="/{part}"[^>]*/>'.encode(), b"", parts["[Content_Types].xml"]
    )
    del parts[part]
    parts["docProps/app.xml"] = re.sub(
        rb"<HeadingPairs>.*</TitlesOfParts>", b"", parts["docProps/app.xml"], flags=re.S
    )
    write_parts(target, parts)


def b_column_missing(target: Path) -> None:
    names = [c.name for c in form.LOG_COLUMNS if c.name != form.LOG_RECEIVED]
    valid_log(target, columns=names)


def b_header_cell_deleted(target: Path) -> None:
    names = [c.name if c.name != form.LOG_APPLICANT_TYPE else "" for c in form.LOG_COLUMNS]
    valid_log(target, columns=names)


def b_column_extra(target: Path) -> None:
    names = [c.name for c in form.LOG_COLUMNS]
    names[3:3] = ["经办人"]
    names += ["联系电话", "身份证号"]
    cases = base_cases()
    for row in cases:
        row["经办人"] = "李科员"
        row["联系电话"] = "13700001111"
        row["身份证号"] = "110101199001011234"
    valid_log(target, cases, columns=names)


def b_column_duplicated(target: Path) -> None:
    names = [c.name for c in form.LOG_COLUMNS] + [form.LOG_RESULT]
    valid_log(target, columns=names)


def b_columns_reordered(target: Path) -> None:
    names = [c.name for c in form.LOG_COLUMNS][::-1]
    valid_log(target, columns=names)


def b_header_lower(target: Path) -> None:
    valid_log(target, header_row=3)


def b_merged_data(target: Path) -> None:
    """Rows 2–3 share one merged 申请人类型 and one merged 承办科室 (same values, as staff do)."""
    cases = base_cases()
    cases[1][form.LOG_APPLICANT_TYPE] = cases[0][form.LOG_APPLICANT_TYPE]
    cases[1][form.LOG_OFFICE] = cases[0][form.LOG_OFFICE]
    valid_log(target, cases, merges=[(2, 3, form.LOG_APPLICANT_TYPE), (2, 3, form.LOG_OFFICE)])


def b_merged_into_blank(target: Path) -> None:
    """A merge running from the last application down into empty rows: no rows from nothing."""
    cases = base_cases()
    valid_log(target, cases, merges=[(len(cases) + 1, len(cases) + 8, form.LOG_OFFICE)])


def b_hidden_rows(target: Path) -> None:
    valid_log(target)

    def hide(xml: str) -> str:
        for r in (3, 4):
            xml = re.sub(rf'<row r="{r}"( |>)', rf'<row r="{r}" hidden="1"\1', xml, count=1)
        return xml

    edit_sheet(target, form.SHEET_LOG, hide)


def b_hidden_log_sheet(target: Path) -> None:
    valid_log(target)
    parts = read_parts(target)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        f'<sheet name="{form.SHEET_LOG}"'.encode(), f'<sheet name="{form.SHEET_LOG}" state="hidden"'.encode()
    )
    write_parts(target, parts)


def b_formula_no_cache(target: Path) -> None:
    """收费金额 and 收到日期 as formulas saved without a cached value (openpyxl, some exporters)."""
    valid_log(target)
    fee, received = column_of(form.LOG_FEE), column_of(form.LOG_RECEIVED)

    def edit(xml: str) -> str:
        xml = replace_cell(xml, f"{fee}2", f'<c r="{fee}2"><f>10*5</f></c>')
        return replace_cell(xml, f"{received}3", f'<c r="{received}3" s="1"><f>DATE(2024,4,1)</f></c>')

    edit_sheet(target, form.SHEET_LOG, edit)


def b_formula_cached(target: Path) -> None:
    """Formulas with cached values (Excel's normal save): read as their values."""
    valid_log(target)
    fee = column_of(form.LOG_FEE)
    edit_sheet(
        target,
        form.SHEET_LOG,
        lambda xml: replace_cell(xml, f"{fee}2", f'<c r="{fee}2"><f>0*5</f><v>0</v></c>'),
    )


def b_external_link(target: Path) -> None:
    valid_log(target)
    parts = read_parts(target)
    office = column_of(form.LOG_OFFICE)
    part = sheet_part(parts, form.SHEET_LOG)
    xml = replace_cell(
        parts[part].decode(), f"{office}2", f'<c r="{office}2" t="str"><f>[1]科室!A1</f><v>党政办</v></c>'
    )
    parts[part] = xml.encode()
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/externalLinks/externalLink1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="{ns}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="科室"/></sheetNames><sheetDataSet>'
        '<sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>党政办</v></cell></row></sheetData>'
        "</sheetDataSet></externalBook></externalLink>"
    ).encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        b'Target="file:///C:/Users/%E5%BC%A0%E4%B8%89/Desktop/%E7%A7%91%E5%AE%A4.xlsx" '
        b'TargetMode="External"/>'
        b"</Relationships>"
    )
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    book = parts["xl/workbook.xml"].decode()
    book = book.replace(
        "</sheets>", '</sheets><externalReferences><externalReference r:id="rId98"/></externalReferences>'
    )
    parts["xl/workbook.xml"] = book.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
        b'ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.externalLink+xml"/></Types>',
    )
    write_parts(target, parts)


def b_text_in_number(target: Path) -> None:
    cases = base_cases()
    cases[0][form.LOG_FEE] = "五十元"
    cases[2][form.LOG_FEE] = "50元"
    cases[3][form.LOG_FEE] = "-10"
    valid_log(target, cases)


def b_numbers_as_text(target: Path) -> None:
    """Fees, dates and section 二 figures typed as text (a leading apostrophe): all readable."""
    cases = base_cases()
    cases[2][form.LOG_FEE] = "50"
    cases[0][form.LOG_RECEIVED] = "45356"  # an Excel serial typed as text: 2024-03-05
    valid_log(target, cases, sec2={"规章": ["0", "1", "2"], "行政许可": "12"})


def b_sec2_bad(target: Path) -> None:
    valid_log(target, sec2={"规章": [None, "一", -1], "行政许可": "很多", "行政事业性收费": "三万元"})


FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def b_fullwidth_digits(target: Path) -> None:
    cases = base_cases()
    for row in cases:
        for name in (form.LOG_RECEIVED, form.LOG_CONCLUDED, form.LOG_CORRECTED):
            if isinstance(row.get(name), date):
                row[name] = row[name].isoformat().translate(FULLWIDTH)
        row[form.LOG_ID] = row[form.LOG_ID].translate(FULLWIDTH)
    cases[2][form.LOG_FEE] = "５０"
    valid_log(target, cases, year="２０２４")


GOOD_DATE_TEXTS = (
    "2024-03-05",
    "2024/3/5",
    "2024.3.5",
    "2024。3。5",
    "2024年3月5日",
    "2024 年 3 月 5 号",
    "20240305",
    20240305,
    "2024-03-05 10:30",
    "2024-3-5T09:00:00",
    45356,
    45356.4375,
    "２０２４年３月５日",
    "\u200b2024-03-05\u00a0",
)


def b_dates_text_valid(target: Path) -> None:
    cases = [
        case(id=f"2024-{i:03d}", received=text, concluded=date(2024, 3, 20))
        for i, text in enumerate(GOOD_DATE_TEXTS, 1)
    ]
    valid_log(target, cases)


#: one per reason the reader gives for a cell that is not a date (toolkit.read.log_values.DATE_WORDS)
BAD_DATE_TEXTS = (
    "2024",  # 只有年份
    True,  # 逻辑值
    "10:30",  # 只有时间 / not complete
    "2024-0③-05",  # 特殊数字符号
    "2024-03-05 25:61",  # 时间不存在
    "1985-06-01",  # 超出合理范围
    "2350-01-01",  # 超出合理范围
    3.5,  # 不能作为日期
    "3月5日",  # 不是完整的日期
    "2024年3月",
    "下周一",
    "2024-03",
    "二〇二四年三月五日",
    "—",
)


def b_dates_text_invalid(target: Path) -> None:
    cases = [case(id=f"2024-{i:03d}", received=text) for i, text in enumerate(BAD_DATE_TEXTS, 1)]
    valid_log(target, cases)


IMPOSSIBLE_DATES = (
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-04-31",
    "2024-03-00",
    "2024年6月31日",
    "20241301",
)


def b_dates_impossible(target: Path) -> None:
    cases = [case(id=f"2024-{i:03d}", received=text) for i, text in enumerate(IMPOSSIBLE_DATES, 1)]
    valid_log(target, cases)


def b_dates_order(target: Path) -> None:
    cases = base_cases()
    cases[0][form.LOG_CONCLUDED] = date(2024, 3, 1)  # before 收到日期 2024-03-05
    valid_log(target, cases)


def b_dates_other_years(target: Path) -> None:
    """Applications of 2022 and 2023, concluded before 2024: listed as not counted, with reasons."""
    cases = base_cases()
    cases += [
        case(id="2022-017", received=date(2022, 5, 9), concluded=date(2022, 5, 30)),
        case(id="2023-003", received=date(2023, 2, 1), concluded=date(2023, 2, 20)),
        case(id="2023-044", received=date(2023, 12, 11), concluded=None, result=None),
    ]
    valid_log(target, cases)


def b_dates_future(target: Path) -> None:
    cases = base_cases()
    cases += [
        case(id="2025-001", received=date(2025, 1, 6), concluded=date(2025, 1, 20)),
        case(id="2030-001", received=date(2030, 3, 5), concluded=None, result=None),
    ]
    valid_log(target, cases)


def b_late_reply(target: Path) -> None:
    cases = base_cases()
    cases[0][form.LOG_CONCLUDED] = date(2024, 6, 28)  # received 2024-03-05: far beyond 20 working days
    valid_log(target, cases)


def b_dup_ids_one_file(target: Path) -> None:
    cases = base_cases()
    cases[1][form.LOG_ID] = cases[0][form.LOG_ID]
    cases[2][form.LOG_ID] = " " + cases[0][form.LOG_ID].upper() + " "
    valid_log(target, cases)


def b_dup_ids_across_units(target: Path) -> None:
    target.mkdir(parents=True)
    valid_log(target / "东湖乡台账.xlsx", unit="示范县东湖乡人民政府")
    valid_log(target / "西山镇台账.xlsx", unit="示范县西山镇人民政府")


def b_two_years(target: Path) -> None:
    target.mkdir(parents=True)
    valid_log(target / "甲.xlsx", unit="甲单位")
    valid_log(
        target / "乙.xlsx",
        unit="乙单位",
        year=2023,
        reviews=[],
        cases=[case(id="2023-001", received=date(2023, 3, 6), concluded=date(2023, 3, 21))],
    )


def b_year_missing(target: Path) -> None:
    valid_log(target, year=None)


def b_year_text(target: Path) -> None:
    valid_log(target, year="二〇二四年")


def b_unit_missing(target: Path) -> None:
    valid_log(target, unit="")


def b_template_newer(target: Path) -> None:
    """Made with a newer template than this program knows (stamp version 99)."""
    valid_log(target)
    edit_sheet(target, form.SHEET_STAMP, lambda xml: replace_cell(xml, "B2", '<c r="B2"><v>99</v></c>'))


def b_totals_row(target: Path) -> None:
    cases = base_cases()
    cases.append({form.LOG_ID: "合计", form.LOG_APPLICANT_TYPE: "", form.LOG_FEE: 50})
    valid_log(target, cases)


def b_repeated_header(target: Path) -> None:
    cases = base_cases()
    header = {c.name: c.name for c in form.LOG_COLUMNS}
    cases[3:3] = [header]
    valid_log(target, cases)


def b_only_header(target: Path) -> None:
    valid_log(target, [], reviews=[])


def b_notes_outside_columns(target: Path) -> None:
    """A note typed to the right of the table and under it (not an application, listed as such)."""
    width = len(form.LOG_COLUMNS)
    valid_log(
        target,
        extra=[
            (form.SHEET_LOG, 3, width + 1, "此行已核对"),
            (form.SHEET_LOG, 20, width + 2, "填表人：李科员"),
            (form.SHEET_REVIEW, 4, 9, "复议材料在档案室"),
        ],
    )


def b_empty_workbook(target: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(target))
    wb.set_properties({"created": datetime(2021, 12, 1)})
    wb.add_worksheet("Sheet1")
    wb.close()


def b_no_sheets(target: Path) -> None:
    tmp = target.with_suffix(".tmp.xlsx")
    b_empty_workbook(tmp)
    parts = read_parts(tmp)
    tmp.unlink()
    parts["xl/workbook.xml"] = re.sub(
        rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"], flags=re.S
    )
    write_parts(target, parts)


def b_unrelated_workbook(target: Path) -> None:
    """A real workbook of something else (a budget sheet sent by mistake)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(target))
    wb.set_properties({"created": datetime(2021, 12, 1)})
    ws = wb.add_worksheet("2024年预算")
    ws.write_row(0, 0, ["科目", "金额（万元）"])
    for r, (name, amount) in enumerate((("办公费", 12.5), ("差旅费", 3.2), ("会议费", 1.0)), start=1):
        ws.write_row(r, 0, [name, amount])
    wb.close()


def b_million_rows(target: Path) -> None:
    """A 申请台账 whose last filled cell is in row 1,048,576 (a stray 申请编号 typed at the bottom)."""
    valid_log(target, extra=[(form.SHEET_LOG, 1_048_575, 0, "2024-999")])


def b_million_rows_wide(target: Path) -> None:
    """The last filled cell at AB1048576: a used range of 29 million cells, under the gate's limit."""
    valid_log(target, extra=[(form.SHEET_LOG, 1_048_575, 27, "x")])


def b_far_cell(target: Path) -> None:
    """One stray value at XFD1048576: a used range of 17 billion cells."""
    valid_log(target, extra=[(form.SHEET_LOG, 1_048_575, 16_383, "x")])


_FAR_CELL = '<c r="XFD1048576" t="s">'
_FAR_ROW = re.compile(r'<row r="1048576"[^>]*>.*?</row>')


def _far_cell_written(target: Path, edit: Callable[[str], str]) -> None:
    """The far stray value, its sheet rewritten by ``edit``: ways of writing the same cell that
    calamine reads where the value is (each once slipped through the gate and aborted calamine)."""
    b_far_cell(target)
    edit_sheet(target, form.SHEET_LOG, edit)


def b_far_cell_first(target: Path) -> None:
    """The stray value's row written before row 1: rows out of order."""

    def edit(xml: str) -> str:
        row = _FAR_ROW.search(xml)
        assert row, "far row"
        return xml.replace(row[0], "").replace("<sheetData>", "<sheetData>" + row[0], 1)

    _far_cell_written(target, edit)


def b_far_cell_attributes(target: Path) -> None:
    """The stray value's r after its other attributes: <c t="s" r="XFD1048576">."""
    _far_cell_written(target, lambda xml: xml.replace(_FAR_CELL, '<c t="s" r="XFD1048576">'))


def b_far_cell_quotes(target: Path) -> None:
    """The stray value's attributes in single quotes: <c r='XFD1048576' t='s'>."""
    _far_cell_written(target, lambda xml: xml.replace(_FAR_CELL, "<c r='XFD1048576' t='s'>"))


def b_far_cell_prefixed(target: Path) -> None:
    """The whole sheet written with a prefix for its namespace (<x:row>, <x:c>), as some
    writers do."""

    def edit(xml: str) -> str:
        xml = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", xml)
        return xml.replace(' xmlns="', ' xmlns:x="', 1)

    _far_cell_written(target, edit)


def b_formula_injection(target: Path) -> None:
    cases = base_cases()
    for row in cases:
        row.update(INJECTED)
    cases[0][form.LOG_ID] = INJECTED_ID
    cases[1][form.LOG_ID] = INJECTED_ID  # a duplicate: L4 quotes the 申请编号
    valid_log(target, cases, unit="=cmd|' /C calc'!A0示范镇")


def b_formula_injection_valid(target: Path) -> None:
    cases = base_cases()
    for row in cases:
        row.update(INJECTED)
    cases[0][form.LOG_ID] = INJECTED_ID
    valid_log(target, cases, unit="@示范镇人民政府")


def b_control_chars(target: Path) -> None:
    cases = base_cases()
    for row in cases:
        row.update(CONTROL)
    cases[0][form.LOG_ID] = "2024-\x1b[2J001"
    cases[1][form.LOG_ID] = "2024-\x1b[2J001"
    cases[2][form.LOG_ID] = "2024-\r\n003"
    cases[2][form.LOG_OFFICE] = "党政\x1b[8m办"
    valid_log(target, cases, unit="示范\x1b[31m镇\x07人民政府")


def b_long_text(target: Path) -> None:
    """40,000-character texts in every text column, the unit name and a 申请编号 (duplicated)."""
    marker = "@@LONG@@"
    cases = base_cases()
    for row in cases:
        row[form.LOG_CONTENT] = marker + "C"
        row[form.LOG_REMARK] = marker + "R"
        row[form.LOG_OFFICE] = marker + "O"
    cases[0][form.LOG_ID] = marker + "I"
    cases[1][form.LOG_ID] = marker + "I"
    valid_log(target, cases, unit=marker + "U")
    parts = read_parts(target)
    sst = parts["xl/sharedStrings.xml"].decode()
    fills = {
        "C": OWN_PERSONAL[form.LOG_CONTENT],
        "R": PERSONAL[form.LOG_REMARK],
        "O": "科",
        "I": "2024-",
        "U": "示范镇",
    }
    for key, text in fills.items():
        long = (text * (40_000 // len(text) + 1))[:40_000]
        sst = sst.replace(marker + key, escape(long))
    parts["xl/sharedStrings.xml"] = sst.encode()
    write_parts(target, parts)


def b_chinese_paths(target: Path) -> None:
    folder = target / "二〇二四 年报" / "下级 单位（第一批）"
    folder.mkdir(parents=True)
    valid_log(folder / "台账 最终版 v2 (1).xlsx", unit="示范县 城关镇 人民政府")
    valid_stats(target / "二〇二四 年报" / "示范乡 统计表【定稿】.xlsx")


def b_gbk_zip(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx", unit="示范县东湖乡人民政府").read_bytes()
        b = valid_stats(Path(tmp) / "b.xlsx", unit="示范县教育局").read_bytes()
    legacy_zip(target, [("东湖乡/台账 2024年.xlsx", a), ("教育局统计表（定稿）.xlsx", b)])


def b_mac_zip(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx", unit="示范县西山镇人民政府").read_bytes()
    write_parts(
        target,
        [
            ("西山镇/台账.xlsx", a),
            ("__MACOSX/西山镇/._台账.xlsx", b"\x00\x05\x16\x07" + bytes(60)),
            ("西山镇/.DS_Store", bytes(64)),
            ("西山镇/~$台账.xlsx", b"\x02" + bytes(161)),
        ],
    )


def b_zip_traversal(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx", unit="示范县南山镇人民政府").read_bytes()
    write_parts(target, [("../../evil.xlsx", a), ("C:/Windows/evil.xlsx", a), ("南山镇.xlsx", a)])


def b_zip_nested_deep(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx", unit="示范县北岭乡人民政府").read_bytes()
        inner = write_parts(Path(tmp) / "inner.zip", [("北岭乡.xlsx", a)]).read_bytes()
        middle = write_parts(Path(tmp) / "middle.zip", [("inner.zip", inner)]).read_bytes()
    write_parts(target, [("middle.zip", middle), ("北岭乡.xlsx", a)])


def b_zip_of_bomb(target: Path) -> None:
    """A zip attachment whose member inflates 64 MiB of nothing."""
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        bomb = Path(tmp) / "bomb.xlsx"
        _with_big_member(bomb, 65 * MiB)  # not the bytes of zip_bomb_ratio: both are read
        data = bomb.read_bytes()
    write_parts(target, [("炸弹.xlsx", data)])


def b_zip_encrypted(target: Path) -> None:
    """A zip whose entries carry the encryption flag (a password-protected attachment)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx").read_bytes()
    write_parts(target, [("台账.xlsx", a)])
    data = bytearray(target.read_bytes())
    pos = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, pos + 8, 1)
    struct.pack_into("<H", data, 6, 1)
    target.write_bytes(bytes(data))


def b_fifo(target: Path) -> None:
    """A named pipe called .xlsx (a mount or a device can look like this): reading it would block."""
    os.mkfifo(target)


def b_json_gbk(target: Path) -> None:
    """A JSON table saved in GBK by a Windows editor."""
    target.write_bytes(valid_table("示范镇").dumps().encode("gbk"))


def b_html_injection(target: Path) -> None:
    cases = base_cases()
    for row in cases:
        row[form.LOG_OFFICE] = "<script>alert('办公室')</script>"
    valid_log(target, cases, unit=HTML_UNIT)


def b_unit_control(target: Path) -> None:
    valid_log(target, unit=CONTROL_UNIT)


# ---------------------------------------------------------------------------------------------
# The 台账 reader under attack (issue 14: v07, v08, v09, v10, v14, v15)
# ---------------------------------------------------------------------------------------------
def b_fee_overflow(target: Path) -> None:
    """收费金额 beyond float range, and an ID number pasted there: R5 at the cell, never a fee."""
    cases = base_cases()
    cases[0][form.LOG_FEE] = "9" * 400
    cases[2][form.LOG_FEE] = 110101199001011234
    valid_log(target, cases, sec2={"行政许可": 10.0**300})


def _second_half() -> list[dict[str, Any]]:
    return [
        case(id=f"2024-1{i:02d}", received=date(2024, 8, 1 + i), concluded=date(2024, 8, 20 + i))
        for i in range(3)
    ]


def b_second_log_sheet(target: Path) -> None:
    """Applications on Excel's copy of the sheet (申请台账 (2)): read too, not dropped."""
    valid_log(target, more_logs=[("申请台账 (2)", _second_half())])


def b_header_sheet_log(target: Path) -> None:
    """A half-year sheet of another name (2024下半年) with the 台账 header: read too."""
    valid_log(target, more_logs=[("2024下半年", _second_half())])


def b_header_below(target: Path) -> None:
    """Row 1's header has 备注 renamed; a full header pasted further down with more rows under it."""
    names = [c.name for c in form.LOG_COLUMNS]
    columns = [*names[:-1], "备注说明"]
    cases = [{("备注说明" if k == form.LOG_REMARK else k): v for k, v in c.items()} for c in base_cases()]
    header = dict(zip(columns, names, strict=True))
    more = [{("备注说明" if k == form.LOG_REMARK else k): v for k, v in c.items()} for c in _second_half()]
    valid_log(target, [*cases, header, *more], columns=columns)


def b_date1904(target: Path) -> None:
    """A 1904 workbook (old Excel for Mac) with 办结日期 typed as plain serials of its system: read
    with the 1900 epoch they would fall four years before 收到日期 (L3)."""
    cases = base_cases()
    for c in cases:
        if c.get(form.LOG_CONCLUDED):
            c[form.LOG_CONCLUDED] = (c[form.LOG_CONCLUDED] - date(1904, 1, 1)).days
    valid_log(target, cases, date1904=True)


def b_merge_overlap(target: Path) -> None:
    """300 merged ranges A{r}:XFD1048576, each over every later one (reading them once took N²)."""
    cases = [case(id=f"M-{i:03d}", received=date(2024, 1 + i % 12, 1 + i % 28)) for i in range(300)]
    valid_log(target, cases)
    merges = "".join(f'<mergeCell ref="A{r}:XFD1048576"/>' for r in range(2, 302))
    block = f'</sheetData><mergeCells count="300">{merges}</mergeCells>'
    edit_sheet(target, form.SHEET_LOG, lambda xml: xml.replace("</sheetData>", block, 1))


def b_dense_review(target: Path) -> None:
    """复议诉讼 with 1,050,000 filled cells (150,000 rows of 7 text cells): far more than any unit's
    cases, refused before the reader holds it (a million rows took 2.4 GB)."""
    valid_log(target)
    cell = '<c r="{c}{r}" t="inlineStr"><is><t>x</t></is></c>'
    rows = "".join(
        f'<row r="{r}">' + "".join(cell.format(c=c, r=r) for c in "ABCDEFG") + "</row>"
        for r in range(10, 150_010)
    )
    edit_sheet(target, form.SHEET_REVIEW, lambda xml: xml.replace("</sheetData>", rows + "</sheetData>", 1))


# ---------------------------------------------------------------------------------------------
# More kinds of issue 14 (v05, v11, v13, v14 at scale, v16)
# ---------------------------------------------------------------------------------------------
#: template syntax typed into a unit name and text cells: published as typed, never rendered (v13)
TEMPLATE_UNIT = "{{ 1/0 }}{{本年新收}}示范乡人民政府"
TEMPLATE_LOG_UNIT = "{{本年新收}}{% if true %}镇{% endif %}人民政府"
TEMPLATE_TEXT = "{{ 1/0 }}{{单位名称}}{%p endif %}"
#: a file name in GBK bytes, as a zip unpacked on Linux without -O GBK leaves it (v05)
GBK_NAME = "东湖乡台账（定稿）".encode("gbk") + b".xlsx"


def b_template_unit_stats(target: Path) -> None:
    """Our 统计表 whose unit name holds template syntax (``{{ 1/0 }}`` once crashed fill-report)."""
    valid_stats(target, unit=TEMPLATE_UNIT, name="模板语法.xlsx")


def b_template_text_log(target: Path) -> None:
    """A 台账 with template syntax in the unit name and in 承办科室 (the whole flow publishes it)."""
    cases = base_cases()
    for row in cases:
        row[form.LOG_OFFICE] = TEMPLATE_TEXT
    valid_log(target, cases, unit=TEMPLATE_LOG_UNIT)


def footnote_template(path: Path) -> Path:
    """The default report template with a footnote quoting {{单位名称}} and a second section:
    docxtpl renders footnotes once per section, so a value rendered into one was rendered again."""
    from toolkit.report.template import write_report_template

    write_report_template(path)
    parts = read_parts(path)
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        "</w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:t>报送单位：{{单位名称}}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    parts["word/footnotes.xml"] = footnotes.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdF9" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    doc = parts["word/document.xml"].decode()
    found = re.search(r"<w:sectPr[ >].*?</w:sectPr>", doc, re.S)
    assert found, "the template has a section"
    doc = doc.replace(
        "<w:body>",
        '<w:body><w:p><w:r><w:t>注</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        f"<w:p><w:pPr>{found.group(0)}</w:pPr></w:p>",
        1,
    )
    parts["word/document.xml"] = doc.encode()
    return write_parts(path, parts)


def stacked_layout(target: Path, tables: Sequence[Table], *, years: bool = True) -> Path:
    """A unit's own copy of the tables typed twice into one sheet, one set below the other (last
    year's above this year's, as a unit keeps them); ``years=False``: titles without the year."""
    from sample_layout import SAMPLE_SHEET, Sheet, _sec2_2021, _sec3, _sec4, save

    sh = Sheet(SAMPLE_SHEET)
    r = 0
    for table in tables:
        sh.put(r, 0, f"{table.unit}{table.year if years else ''}{'年' if years else ''}政府信息公开工作年度报告")
        sh.put(r + 1, 0, "二、主动公开政府信息情况")
        r = _sec2_2021(sh, r + 2, table, {})
        sh.put(r + 1, 0, "三、收到和处理政府信息公开申请情况")
        r = _sec3(sh, r + 2, table, {})
        sh.put(r + 1, 0, "四、政府信息公开行政复议、行政诉讼情况")
        r = _sec4(sh, r + 2, table, {}) + 3
    save(target, [sh])
    return normalize_zip(target)


def _last_year(table: Table) -> Table:
    import copy

    before = copy.deepcopy(table)
    before.year = table.year - 1
    before.sec2["行政许可"] = 7  # this year's is 0: a wrong table read shows
    return before


def b_two_tables_years(target: Path) -> None:
    """2023's and 2024's tables stacked in one sheet, each titled with its year: 2024's is read."""
    table = valid_table("示范村委会")
    stacked_layout(target, [_last_year(table), table])


def b_two_tables_no_year(target: Path) -> None:
    """Two different sets of tables stacked in one sheet, no year in either title: refused."""
    table = valid_table("示范村委会")
    stacked_layout(target, [_last_year(table), table], years=False)


def b_merge_overlap_1000(target: Path) -> None:
    """1,000 merged ranges A{r}:XFD1048576, each over every later one (~30 min when read as N²)."""
    cases = [case(id=f"M-{i:04d}", received=date(2024, 1 + i % 12, 1 + i % 28)) for i in range(1000)]
    valid_log(target, cases)
    merges = "".join(f'<mergeCell ref="A{r}:XFD1048576"/>' for r in range(2, 1002))
    block = f'</sheetData><mergeCells count="1000">{merges}</mergeCells>'
    edit_sheet(target, form.SHEET_LOG, lambda xml: xml.replace("</sheetData>", block, 1))


def b_xlsm_finding(target: Path) -> None:
    """A macro workbook (.xlsm) with a duplicated 申请编号: annotating it once printed a traceback."""
    tmp = target.with_suffix(".tmp.xlsx")
    b_dup_ids_one_file(tmp)
    _as_xlsm(tmp, target)
    tmp.unlink()


def b_gbk_file_name(target: Path) -> None:
    """A folder holding a 台账 whose file name is GBK bytes (not UTF-8)."""
    target.mkdir()
    valid_log(Path(os.fsdecode(os.path.join(os.fsencode(target), GBK_NAME))), unit="示范县东湖乡人民政府")


def b_gbk_file_name_zip(target: Path) -> None:
    """A folder holding a zip whose file name is GBK bytes, with a GBK-named member inside."""
    target.mkdir()
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        a = valid_log(Path(tmp) / "a.xlsx", unit="示范县东湖乡人民政府").read_bytes()
    name = os.fsdecode(os.path.join(os.fsencode(target), "报送材料".encode("gbk") + b".zip"))
    legacy_zip(Path(name), [("东湖乡台账（定稿）.xlsx", a)])


# ---------------------------------------------------------------------------------------------
# The table of kinds
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str
    path: str  # relative to the corpus root: a file, or a folder (built whole by ``build``)
    build: Callable[[Path], None]
    check: int  # exit code of `xxgk check PATH`
    aggregate: int  # exit code of `xxgk aggregate PATH -o OUT --unit …`
    rule: str = ""  # a rule ID that must be among check's findings
    says: str = ""  # a fragment of check's one-line error or of a note
    fill: int = 2  # exit code of `xxgk fill-report PATH -o OUT.docx` (a 台账 or a folder: 2)
    about: str = ""


def _k(name, path, build, check, aggregate, rule="", says="", fill=2, about=""):
    return Kind(name, path, build, check, aggregate, rule, says, fill, about)


KINDS: tuple[Kind, ...] = (
    # --- the good ones (the baseline every mutation starts from) ---------------------------------
    _k("valid_log", "台账/示范镇人民政府.xlsx", b_valid_log, 0, 0, about="a clean 台账"),
    _k("valid_stats", "统计表/示范乡统计表.xlsx", b_valid_stats, 0, 0, about="our 统计表", fill=0),
    _k("valid_json", "统计表/示范街道.json", b_valid_json, 0, 0, about="a JSON table", fill=0),
    _k(
        "sample_layout",
        "统计表/额敏镇2024.xlsx",
        b_sample_layout,
        1,
        1,
        rule="R2",
        about="a unit's own copy of the tables, one sheet, with the published error",
        fill=1,
    ),
    _k(
        "sample_consistent",
        "统计表/示范村委会.xlsx",
        b_sample_consistent,
        0,
        0,
        about="a unit's own copy of the tables, consistent",
        fill=0,
    ),
    _k(
        "sample_fullwidth",
        "统计表/示范社区全角.xlsx",
        b_sample_fullwidth,
        0,
        0,
        about="full-width digits typed as text in a unit's table",
        fill=0,
    ),
    _k(
        "sample_hidden_sheet",
        "统计表/示范林场.xlsx",
        b_sample_hidden,
        0,
        0,
        says="隐藏",
        about="the tables on a hidden sheet behind a cover sheet",
        fill=0,
    ),
    _k(
        "sample_merged_numbers",
        "统计表/示范水库.xlsx",
        b_sample_merged_numbers,
        1,
        1,
        about="two number cells of a data row merged",
        fill=1,
    ),
    _k(
        "layout_2019",
        "统计表/2019版.xlsx",
        b_layout_2019,
        0,
        1,
        rule="R19",
        about="the 2019 trial format",
        fill=1,
    ),
    _k(
        "layout_hybrid",
        "统计表/混合版.xlsx",
        b_layout_hybrid,
        0,
        2,
        rule="R19",
        about="2021 section 二 with a 2019 section 三",
        fill=1,
    ),
    _k(
        "layout_hybrid_sec2",
        "统计表/混合版二.xlsx",
        b_layout_hybrid_sec2,
        0,
        2,
        rule="R19",
        about="2019 section 二 with a 2021 section 三",
        fill=1,
    ),
    _k(
        "stats_text_number",
        "统计表/文本数字.xlsx",
        b_stats_text_number,
        1,
        1,
        rule="R5",
        about="text in a number cell of our 统计表",
        fill=1,
    ),
    _k(
        "stats_wrong_total",
        "统计表/总计不符.xlsx",
        b_stats_wrong_total,
        1,
        1,
        rule="R2",
        about="a leaf changed by hand, totals not recalculated",
        fill=1,
    ),
    _k(
        "stats_formula_no_cache",
        "统计表/公式无缓存.xlsx",
        b_stats_formula_no_cache,
        2,
        2,
        says="表三!J5",
        about="our 统计表 re-saved by a generator without cached values",
    ),
    _k("broken_json", "统计表/损坏.json", b_broken_json, 2, 2, says="不是有效的 JSON"),
    _k("deep_json", "统计表/嵌套.json", b_deep_json, 2, 2, says="嵌套"),
    _k("json_gbk", "统计表/GBK编码.json", b_json_gbk, 2, 2, says="UTF-8", about="a JSON table saved in GBK"),
    # --- not a workbook we can read ----------------------------------------------------------------
    _k(
        "encrypted",
        "格式/加密台账.xlsx",
        b_binary("encrypted.xlsx"),
        2,
        2,
        says="已加密",
        about="ECMA-376 agile encryption, password 1234",
    ),
    _k("xls", "格式/台账.xls", b_binary("legacy.xls"), 2, 2, says="旧版 .xls"),
    _k("et_renamed", "格式/台账.et", b_binary("legacy.xls", 1), 2, 2, says="WPS .et", about="WPS .et (OLE)"),
    _k("xls_named_xlsx", "格式/另存错了.xlsx", b_binary("legacy.xls", 2), 2, 2, says="旧版 .xls"),
    _k("ods", "格式/台账.ods", b_binary("log.ods"), 2, 2, says=".ods"),
    _k("ods_named_xlsx", "格式/其实是ods.xlsx", b_binary("log.ods", 1), 2, 2, says=".ods"),
    _k(
        "xlsm_macro",
        "格式/带宏台账.xlsm",
        b_xlsm_macro,
        0,
        0,
        says="含宏",
        about="a VBA project that shells out",
    ),
    _k("xlsb", "格式/二进制.xlsb", b_xlsb, 2, 2, says=".xlsb"),
    _k("csv_as_xlsx", "格式/导出.xlsx", b_csv_as_xlsx, 2, 2, says="CSV"),
    _k("csv_gbk_as_xls", "格式/导出GBK.xls", b_csv_gbk_as_xls, 2, 2, says="CSV"),
    _k("html_as_xls", "格式/系统导出.xls", b_html_as_xls, 2, 2, says="网页"),
    _k("xml2003_as_xls", "格式/2003.xls", b_xml2003_as_xls, 2, 2, says="2003 XML"),
    _k("pdf_as_xlsx", "格式/扫描件.xlsx", b_pdf_as_xlsx, 2, 2, says="PDF"),
    _k("docx_as_xlsx", "格式/报告.xlsx", b_docx_as_xlsx, 2, 2, says="Word"),
    _k("rar_as_zip", "格式/附件.zip", b_rar_as_zip, 2, 2, says="RAR"),
    _k("zero_bytes", "格式/空文件.xlsx", b_zero_bytes, 2, 2, says="0 字节"),
    _k("fifo", "格式/管道.xlsx", b_fifo, 2, 2, says="不是普通文件", about="a named pipe: must not block"),
    _k("lock_file", "格式/~$台账.xlsx", b_lock_file, 2, 2, says="临时文件"),
    _k(
        "folder_with_lock",
        "带临时文件的文件夹",
        b_folder_with_lock,
        0,
        0,
        about="a folder with the workbook, its ~$ lock file, Thumbs.db and a .txt",
    ),
    _k("truncated", "损坏/截断.xlsx", b_truncated, 2, 2, says="损坏"),
    _k("no_central_directory", "损坏/无目录.xlsx", b_no_central_directory, 2, 2, says="损坏"),
    _k("empty_workbook", "损坏/空工作簿.xlsx", b_empty_workbook, 2, 2, says="既不是"),
    _k("no_sheets", "损坏/无工作表.xlsx", b_no_sheets, 2, 2),
    _k("unrelated_workbook", "损坏/预算表.xlsx", b_unrelated_workbook, 2, 2, says="既不是"),
    # --- bombs --------------------------------------------------------------------------------------
    _k(
        "zip_bomb_ratio",
        "炸弹/压缩比.xlsx",
        b_zip_bomb_ratio,
        2,
        2,
        says="压缩炸弹",
        about="64 MiB of whitespace in a sheet, ratio ~1000:1",
    ),
    _k(
        "zip_bomb_declared",
        "炸弹/声明4G.xlsx",
        b_zip_bomb_declared,
        2,
        2,
        says="压缩炸弹",
        about="a member declaring 4 GiB",
    ),
    _k(
        "zip_bomb_lying",
        "炸弹/谎报大小.xlsx",
        b_zip_bomb_lying,
        2,
        2,
        says="压缩炸弹",
        about="declares 2 KiB, inflates to 64 MiB",
    ),
    _k("zip_bomb_overlap", "炸弹/重叠.xlsx", b_zip_bomb_overlap, 2, 2, says="结构异常"),
    _k("zip_bomb_members", "炸弹/条目过多.xlsx", b_zip_bomb_members, 2, 2, says="压缩炸弹"),
    _k("nested_archive", "炸弹/嵌套压缩包.xlsx", b_nested_archive, 2, 2, says="嵌套"),
    _k(
        "entity_bomb",
        "炸弹/实体.xlsx",
        b_entity_bomb,
        2,
        2,
        says="DOCTYPE/ENTITY",
        about="billion laughs in sharedStrings.xml",
    ),
    _k("external_entity", "炸弹/外部实体.xlsx", b_external_entity, 2, 2, says="DOCTYPE/ENTITY"),
    _k(
        "far_cell",
        "炸弹/远处单元格.xlsx",
        b_far_cell,
        2,
        2,
        says="“申请台账”的使用范围过大（A1:XFD1048576",
        about="one value at XFD1048576",
    ),
    *(
        _k(
            name,
            f"炸弹/远处单元格_{label}.xlsx",
            build,
            2,
            2,
            says="“申请台账”的使用范围过大（A1:XFD1048576",
            about=f"one value at XFD1048576, {about}",
        )
        for name, label, build, about in (
            ("far_cell_first", "行序颠倒", b_far_cell_first, "its row before row 1"),
            ("far_cell_attributes", "属性顺序", b_far_cell_attributes, "r after t"),
            ("far_cell_quotes", "单引号", b_far_cell_quotes, "in single quotes"),
            ("far_cell_prefixed", "命名空间前缀", b_far_cell_prefixed, "elements written x:c"),
        )
    ),
    _k(
        "million_rows",
        "结构/百万行.xlsx",
        b_million_rows,
        0,
        0,
        says="1048576",
        about="last filled cell in row 1,048,576",
    ),
    _k(
        "million_rows_wide",
        "结构/百万行宽.xlsx",
        b_million_rows_wide,
        0,
        0,
        says="1048576",
        about="last filled cell at AB1048576",
    ),
    # --- structure ----------------------------------------------------------------------------------
    _k(
        "wps_dimension",
        "结构/WPS尺寸.xlsx",
        b_wps_dimension,
        0,
        0,
        about='<dimension ref="A1"/> on every sheet',
    ),
    _k("no_dimension", "结构/无尺寸.xlsx", b_no_dimension, 0, 0),
    _k(
        "sheet_variant",
        "结构/申请台帐.xlsx",
        b_sheet_variant,
        0,
        0,
        about="sheet 申请台帐 (variant, trailing space)",
    ),
    _k("sheet_renamed", "结构/Sheet1.xlsx", b_sheet_renamed, 2, 2, says="改名为"),
    _k("sheet_missing", "结构/缺工作表.xlsx", b_sheet_missing, 2, 2, says="找不到工作表"),
    _k("hidden_log_sheet", "结构/隐藏工作表.xlsx", b_hidden_log_sheet, 0, 0),
    _k(
        "column_missing",
        "结构/缺列.xlsx",
        b_column_missing,
        2,
        2,
        says="“申请台账”第 1 行的表头缺少必填列：收到日期",
    ),
    _k(
        "header_cell_deleted",
        "结构/表头被删.xlsx",
        b_header_cell_deleted,
        2,
        2,
        says="缺少必填列：申请人类型",
    ),
    _k("column_extra", "结构/多列.xlsx", b_column_extra, 0, 0),
    _k("column_duplicated", "结构/重复列.xlsx", b_column_duplicated, 0, 0, says="两列都叫"),
    _k("columns_reordered", "结构/列顺序.xlsx", b_columns_reordered, 0, 0),
    _k("header_lower", "结构/表头第3行.xlsx", b_header_lower, 0, 0, says="第 3 行"),
    _k("merged_data", "结构/合并单元格.xlsx", b_merged_data, 0, 0, says="合并单元格"),
    _k("merged_into_blank", "结构/合并到空行.xlsx", b_merged_into_blank, 0, 0, says="合并单元格"),
    _k("hidden_rows", "结构/隐藏行.xlsx", b_hidden_rows, 0, 0),
    _k("formula_no_cache", "结构/公式无缓存.xlsx", b_formula_no_cache, 2, 2, says="申请台账!L2"),
    _k("formula_cached", "结构/公式有缓存.xlsx", b_formula_cached, 0, 0),
    _k("external_link", "结构/外部链接.xlsx", b_external_link, 0, 0, says="外部链接"),
    _k("totals_row", "结构/合计行.xlsx", b_totals_row, 0, 0, says="合计行"),
    _k("repeated_header", "结构/重复表头.xlsx", b_repeated_header, 0, 0, says="重复的表头行"),
    _k("only_header", "结构/只有表头.xlsx", b_only_header, 0, 0),
    _k("notes_outside_columns", "结构/表外备注.xlsx", b_notes_outside_columns, 0, 0, says="表头之外"),
    _k("template_newer", "结构/新版模板.xlsx", b_template_newer, 0, 0, says="升级"),
    # --- values -------------------------------------------------------------------------------------
    _k("text_in_number", "数值/收费写文字.xlsx", b_text_in_number, 1, 1, rule="R5"),
    _k("numbers_as_text", "数值/文本数字.xlsx", b_numbers_as_text, 0, 0),
    _k("sec2_bad", "数值/主动公开乱填.xlsx", b_sec2_bad, 1, 1, rule="R7"),
    _k("fullwidth_digits", "数值/全角数字.xlsx", b_fullwidth_digits, 0, 0),
    _k("dates_text_valid", "日期/文本日期.xlsx", b_dates_text_valid, 0, 0, about="every accepted text form"),
    _k(
        "dates_text_invalid",
        "日期/无效日期.xlsx",
        b_dates_text_invalid,
        1,
        1,
        rule="L3",
        about="one cell per reason a value is not a date",
    ),
    _k("dates_impossible", "日期/不存在的日期.xlsx", b_dates_impossible, 1, 1, rule="L3"),
    _k("dates_order", "日期/日期颠倒.xlsx", b_dates_order, 1, 1, rule="L3"),
    _k("dates_other_years", "日期/往年.xlsx", b_dates_other_years, 0, 0, says="之前已办结"),
    _k("dates_future", "日期/未来.xlsx", b_dates_future, 1, 1, rule="L5"),
    _k("late_reply", "日期/逾期.xlsx", b_late_reply, 0, 0, rule="L6"),
    _k("year_missing", "单位/无年度.xlsx", b_year_missing, 1, 2, rule="L5"),
    _k("year_text", "单位/年度文字.xlsx", b_year_text, 1, 2, rule="L5"),
    _k("unit_missing", "单位/无单位名称.xlsx", b_unit_missing, 0, 0),
    _k("dup_ids_one_file", "重复/同一文件.xlsx", b_dup_ids_one_file, 1, 1, rule="L4"),
    _k("dup_ids_across_units", "重复/跨单位", b_dup_ids_across_units, 1, 1, rule="L4"),
    _k("two_years", "重复/不同年度", b_two_years, 0, 2),
    # --- hostile text -------------------------------------------------------------------------------
    _k(
        "formula_injection",
        "注入/公式注入.xlsx",
        b_formula_injection,
        1,
        1,
        rule="L4",
        about="=, +, -, @ in every text column, the unit name and a duplicated 申请编号",
    ),
    _k("formula_injection_valid", "注入/公式注入无错.xlsx", b_formula_injection_valid, 0, 0),
    _k(
        "control_chars",
        "注入/控制字符.xlsx",
        b_control_chars,
        1,
        1,
        rule="L4",
        about="BEL, ESC sequences, NUL, CR/LF in every text column and a duplicated 申请编号",
    ),
    _k(
        "unit_control",
        "注入/单位名称控制字符.xlsx",
        b_unit_control,
        0,
        0,
        about="terminal escape sequences in the unit name",
    ),
    _k("html_injection", "注入/网页注入.xlsx", b_html_injection, 0, 0, about="HTML in the unit name"),
    _k("long_text", "注入/超长文本.xlsx", b_long_text, 1, 1, rule="L4", about="40,000-character cells"),
    # --- names, folders and zips ----------------------------------------------------------------------
    _k("chinese_paths", "中文 文件夹", b_chinese_paths, 0, 0, about="Chinese names with spaces and brackets"),
    _k(
        "gbk_zip",
        "压缩包/报送材料 GBK.zip",
        b_gbk_zip,
        0,
        0,
        about="member names in GBK, no UTF-8 flag",
    ),
    # check reads a zip as aggregate does (issue 13 item 3): the same outcome
    _k("mac_zip", "压缩包/苹果电脑.zip", b_mac_zip, 0, 0, says="__MACOSX", about="__MACOSX, .DS_Store, ~$"),
    _k("zip_traversal", "压缩包/路径穿越.zip", b_zip_traversal, 2, 2, says="解压目录之外"),
    _k("zip_nested_deep", "压缩包/三层.zip", b_zip_nested_deep, 2, 2, says="只展开两层"),
    _k("zip_of_bomb", "压缩包/内含炸弹.zip", b_zip_of_bomb, 2, 2, says="压缩炸弹"),
    _k("zip_encrypted", "压缩包/加密.zip", b_zip_encrypted, 2, 2, says="加密"),
    # --- the 台账 reader under attack (issue 14: v07 … v15) -------------------------------------------
    _k("fee_overflow", "数值/收费超大.xlsx", b_fee_overflow, 1, 1, rule="R5", about="400 digits, ID number"),
    _k("second_log_sheet", "结构/第二张台账.xlsx", b_second_log_sheet, 0, 0, says="已全部读取"),
    _k("header_sheet_log", "结构/下半年台账.xlsx", b_header_sheet_log, 0, 0, says="已全部读取"),
    _k("header_below", "结构/表头在下方.xlsx", b_header_below, 0, 0, says="重复的表头行"),
    _k("date1904", "日期/1904日期系统.xlsx", b_date1904, 0, 0, about="dates as serials of the 1904 system"),
    _k("merge_overlap", "炸弹/重叠合并.xlsx", b_merge_overlap, 2, 2, says="互相重叠"),
    _k("dense_review", "炸弹/复议诉讼过密.xlsx", b_dense_review, 2, 2, says="个填写了内容的单元格"),
    _k("merge_overlap_1000", "炸弹/千个重叠合并.xlsx", b_merge_overlap_1000, 2, 2, says="互相重叠"),
    # --- more of issue 14: template syntax (v13), two tables (v16), .xlsm (v11), GBK names (v05) ---
    _k(
        "template_unit_stats",
        "模板语法/统计表单位名称.xlsx",
        b_template_unit_stats,
        0,
        0,
        fill=0,
        about="{{ 1/0 }} and {{本年新收}} in the unit name: published as typed",
    ),
    _k(
        "template_text_log",
        "模板语法/台账.xlsx",
        b_template_text_log,
        0,
        0,
        about="template syntax in the unit name and 承办科室",
    ),
    _k(
        "two_tables_years",
        "统计表/两年两表.xlsx",
        b_two_tables_years,
        0,
        0,
        says="（2023年）未读取",
        fill=0,
        about="2023's and 2024's tables stacked in one sheet: 2024's read, the other named",
    ),
    _k(
        "two_tables_no_year",
        "统计表/两表无年份.xlsx",
        b_two_tables_no_year,
        2,
        2,
        says="Sheet1",
        about="two different sets of tables in one sheet, no year: refused, both places named",
    ),
    _k("xlsm_finding", "格式/带宏台账有错.xlsm", b_xlsm_finding, 1, 1, rule="L4", about="annotating an .xlsm"),
    _k("gbk_file_name", "文件名/GBK文件名", b_gbk_file_name, 0, 0, about="a file name in GBK bytes"),
    _k(
        "gbk_file_name_zip",
        "文件名/GBK压缩包",
        b_gbk_file_name_zip,
        0,
        0,
        about="a zip whose file name is GBK bytes, in a folder (check reads zips: v04)",
    ),
)
#: kinds whose fix is on another branch, not yet merged into main (issue 14): their tests are
#: ``xfail(strict=False)`` and they stay out of the whole-corpus batch runs (one traceback there
#: fails every batch test) until it lands — then delete the entry
PENDING: dict[str, str] = {}  # (v05 and v11 landed: their kinds are judged like every other)
KIND = {k.name: k for k in KINDS}
assert len(KIND) == len(KINDS), "kind names must be unique"
assert set(PENDING) <= set(KIND)

#: the stable code (toolkit.errors.REASONS) of every kind refused as unreadable (check exits 2), in
#: ``--json``'s "reason"; the 台账 whose layout cannot be read are the read stage's and left out
REASON: dict[str, str] = {
    "stats_formula_no_cache": "no_cached_values",
    "formula_no_cache": "no_cached_values",
    "broken_json": "json_syntax",
    "deep_json": "json_shape",
    "json_gbk": "json_encoding",
    "encrypted": "encrypted",
    "zip_encrypted": "encrypted",
    "two_tables_no_year": "ambiguous_tables",
    **dict.fromkeys(("xls", "et_renamed", "xls_named_xlsx"), "xls"),
    **dict.fromkeys(
        (
            "ods", "ods_named_xlsx", "xlsb", "csv_as_xlsx", "csv_gbk_as_xls", "html_as_xls", "xml2003_as_xls",
            "pdf_as_xlsx", "docx_as_xlsx", "fifo", "lock_file",
        ),
        "not_a_workbook",
    ),  # fmt: skip
    **dict.fromkeys(("rar_as_zip", "zip_traversal", "zip_nested_deep"), "archive"),
    "zip_of_bomb": "zip_bomb",
    "zero_bytes": "empty",
    "truncated": "corrupt",
    "no_central_directory": "corrupt",
    **dict.fromkeys(("empty_workbook", "no_sheets", "unrelated_workbook"), "not_recognised"),
    **dict.fromkeys(
        (
            "zip_bomb_ratio", "zip_bomb_declared", "zip_bomb_lying", "zip_bomb_overlap", "zip_bomb_members",
            "nested_archive",
        ),
        "zip_bomb",
    ),  # fmt: skip
    **dict.fromkeys(("entity_bomb", "external_entity"), "xml_unsafe"),
    **dict.fromkeys(
        ("far_cell", "far_cell_first", "far_cell_attributes", "far_cell_quotes", "far_cell_prefixed"),
        "sheet_too_large",
    ),
}
assert set(REASON) <= {k.name for k in KINDS if k.check == 2}, "a reason for a kind check reads"


def build_corpus(root: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Write the corpus (or the named kinds) under ``root``; return kind name → path."""
    root = Path(root)
    built: dict[str, Path] = {}
    for kind in KINDS if names is None else [KIND[n] for n in names]:
        target = root / kind.path
        target.parent.mkdir(parents=True, exist_ok=True)
        kind.build(target)
        assert target.exists(), kind.name
        built[kind.name] = target
    return built


# ---------------------------------------------------------------------------------------------
# The kept binaries
# ---------------------------------------------------------------------------------------------
def refresh_binaries(files: Path = FILES) -> None:
    """Rebuild tests/corpus/files/ (needs LibreOffice and msoffcrypto-tool)."""
    import msoffcrypto.format.ooxml  # type: ignore[import-not-found]

    files.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to refresh the binaries"
    with tempfile.TemporaryDirectory(prefix="xxgk-corpus-") as tmp:
        log = valid_log(Path(tmp) / "log.xlsx")
        for fmt, name in (("xls:MS Excel 97", "legacy.xls"), ("ods", "log.ods")):
            out = Path(tmp) / fmt.split(":")[0]
            subprocess.run(
                [soffice, "--headless", "--norestore", "--convert-to", fmt, "--outdir", str(out), str(log)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copyfile(next(out.iterdir()), files / name)
        with log.open("rb") as src, (files / "encrypted.xlsx").open("wb") as dst:
            msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("1234", dst)
    for path in sorted(files.iterdir()):
        assert path.stat().st_size < 50_000, path
        print(f"{path.name}: {path.stat().st_size} bytes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, nargs="?", help="where to build the corpus")
    parser.add_argument("--refresh-binaries", action="store_true", help="rebuild tests/corpus/files/")
    args = parser.parse_args(argv)
    if args.refresh_binaries:
        refresh_binaries()
    if args.outdir is None:
        return 0
    built = build_corpus(args.outdir)
    for kind in KINDS:
        print(
            f"{kind.name:24} check={kind.check} aggregate={kind.aggregate} "
            f"{kind.rule or kind.says:12} {built[kind.name]}"
        )
    print(f"{len(KINDS)} kinds in {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
