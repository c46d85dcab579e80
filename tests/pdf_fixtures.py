"""Published reports as PDFs for the PDF reader's tests and benchmark: Word files made with
python-docx holding the three official tables (the structure and labels of toolkit.report.layout,
itself derived from toolkit.form: the vertical 三、本年度办理结果, 申请人情况 over seven columns…),
converted by LibreOffice headless as a unit's Word/WPS export would be.

- ``report_docx(table, ...)``: the .docx bytes of a short report around the three tables; options
  break 表三 across pages (with or without its header repeated, rows allowed to split, typed again
  under 续表), add a running header and page numbers, replace cell texts or labels.
- ``to_pdf(soffice, docx_files, out)``: every .docx converted in one soffice run (a private
  profile; export options such as OPEN_PASSWORD).
- ``scanned_pdf(pdf)``: an image-only copy of a PDF (a scan: no text layer), via pypdfium2 + Pillow;
  ``flate_image_pdf`` a scan stored losslessly; ``joined_pdf`` pages of several PDFs in one.
- Hostile PDFs written by hand: ``encrypted_pdf``, ``many_pages_pdf``, ``huge_stream_pdf``,
  ``indirect_filter_bomb_pdf``, ``encoded_bomb_pdf``, ``form_bomb_pdf``, ``many_lines_pdf``;
  ``text_pdf`` (a page of Latin text, any page box).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.report import variables as rv
from toolkit.report.layout import TableLayout, sec2_layout, sec3_layout, sec4_layout
from toolkit.table import Table

TIMEOUT = 300
TITLE = ("示范县示范镇人民政府", "2024年政府信息公开工作年度报告")
FILLER = "本机关坚持以公开为常态、不公开为例外，持续推进政府信息公开工作，主动回应社会关切。" * 3


def sample_table(seed: int = 0) -> Table:
    """A consistent table (every 勾稽 holds) whose numbers depend on ``seed``."""
    t = Table("示范县示范镇人民政府", 2024)
    k = seed % 7
    t.sec2["规章"] = [0, 0, 0]  # a township makes no 规章 (R8)
    t.sec2["行政规范性文件"] = [3, 1, 25 + seed % 11]
    t.sec2["行政许可"] = 120 + seed
    t.sec2["行政处罚"] = 45
    t.sec2["行政强制"] = 2
    t.sec2["行政事业性收费"] = 0
    t.sec3["一"] = [11 + k, 2, 0, 1, 1, 0, 0]
    t.sec3["二"] = [1, 0, 0, 0, 0, 0, 0]
    t.sec3["三.一"] = [6 + k, 1, 0, 0, 1, 0, 0]
    t.sec3["三.二"] = [2, 1, 0, 0, 0, 0, 0]
    t.sec3["三.四.1"] = [2, 0, 0, 1, 0, 0, 0]
    t.sec3["三.五.2"] = [1, 0, 0, 0, 0, 0, 0]
    t.sec3["四"] = [1, 0, 0, 0, 0, 0, 0]
    t.sec4 = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    return t.with_totals()


# ---------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------
def _cjk(run_or_style: Any, size: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = "SimSun"
    if size is not None:
        font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")


def _add_table(
    document: Any,
    layout: TableLayout,
    values: dict[str, str],
    *,
    repeat_header: bool,
    labels: dict[str, str] | None = None,
    rows_split: bool = False,
) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table = document.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, layout.widths_mm, strict=True):
        grid_col.w = Mm(width)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if not rows_split:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if repeat_header and r < layout.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c, cell in enumerate(row.cells):
            cell.width = Mm(layout.widths_mm[c])
    for spec in layout.cells:
        if spec.rowspan > 1 or spec.colspan > 1:
            table.cell(spec.row, spec.col).merge(
                table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1)
            )
    for spec in layout.cells:
        cell = table.cell(spec.row, spec.col)
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        text = values[spec.name] if spec.name else (labels or {}).get(spec.text, spec.text)
        for i, line in enumerate(text.split("\n")):  # a line break typed inside the cell
            run = cell.paragraphs[0].add_run(line)
            _cjk(run, 10.5)
            if i:
                run._r.addprevious(_break())


def _cut(layout: TableLayout, row: int) -> tuple[TableLayout, TableLayout]:
    """The layout as two tables: its rows before ``row`` and from ``row`` on, each under the header
    rows; a cell across the cut keeps its text above and is an empty cell below."""
    from dataclasses import replace

    head = layout.header_rows
    upper: list[Any] = []
    lower: list[Any] = []
    for cell in layout.cells:
        end = cell.row + cell.rowspan
        if cell.row < head:
            upper.append(cell)
            lower.append(cell)
        elif end <= row:
            upper.append(cell)
        elif cell.row >= row:
            lower.append(replace(cell, row=cell.row - row + head))
        else:
            upper.append(replace(cell, rowspan=row - cell.row))
            lower.append(replace(cell, row=head, rowspan=end - row, text="", name=None))
    return (
        TableLayout(layout.title, layout.widths_mm, head, tuple(upper)),
        TableLayout(layout.title, layout.widths_mm, head, tuple(lower)),
    )


def _sub_tables(layout: TableLayout) -> list[TableLayout]:
    """表二's layout as one layout per sub-table, from each caption row (one cell across the table
    holding a sub-table's 第…项) to the next."""
    from dataclasses import replace

    headers = {t.header for t in form.SEC2_TABLES}
    tops = sorted(c.row for c in layout.cells if c.colspan == layout.n_cols and c.text in headers)
    out = []
    for top, end in zip(tops, [*tops[1:], layout.n_rows], strict=True):
        cells = tuple(replace(c, row=c.row - top) for c in layout.cells if top <= c.row < end)
        out.append(TableLayout(layout.title, layout.widths_mm, 0, cells))
    return out


def _break() -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _page_number(paragraph: Any) -> None:
    """``— N —`` with N Word's PAGE field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph._p.append(paragraph.add_run(" —")._r)


def _paragraph(document: Any, text: str, size: float = 16) -> None:
    run = document.add_paragraph().add_run(text)
    _cjk(run, size)


def report_docx(
    table: Table,
    *,
    break_sec3_at: int | None = None,
    repeat_header: bool = True,
    page_break_before_sec3: bool = False,
    cells: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    running: str | None = None,
    rows_split: bool = False,
    continued_at: int | None = None,
    title: Sequence[str] = TITLE,
    split_sec2: bool = False,
) -> bytes:
    """A short report: title, 一 (a paragraph), 二 and its table, 三 and its table, 四 and its table,
    五, 六. ``break_sec3_at``: paragraphs of filler before 表三 so that it starts low on a page and
    continues on the next one (about 3–6 is enough on A4 with these sizes);
    ``page_break_before_sec3``: 三 starts a page, so that 表三 stands whole at the top of page 2;
    ``cells``: value cell texts that replace the table's (variable name of
    toolkit.report.variables → text, ``\n`` a line break); ``labels``: official label → the text
    printed instead; ``running``: a running header on every page, and the page number in the
    footer (``— 2 —``); ``rows_split``: 表三's rows may break across pages (Word's default);
    ``continued_at``: 表三 typed as two Word tables, the second from this grid row on, on a new page
    under a ``续表`` line with the header rows again (a merged cell across the cut is cut);
    ``split_sec2``: 表二 typed as four Word tables, one per sub-table (第…项 its first row), an
    empty paragraph between them."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _cjk(document.styles["Normal"], 16)
    if running is not None:
        _cjk(section.header.paragraphs[0].add_run(running), 10.5)
        _page_number(section.footer.paragraphs[0])
    values = rv.table_values(table) | (cells or {})
    for line in title:
        _paragraph(document, line, 22)
    _paragraph(document, "一、总体情况")
    _paragraph(document, "2024年，本机关共收到政府信息公开申请15件，全部按时答复。")
    _paragraph(document, "二、主动公开政府信息情况")
    for layout in _sub_tables(sec2_layout()) if split_sec2 else [sec2_layout()]:
        _add_table(document, layout, values, repeat_header=False, labels=labels)
        if split_sec2:
            document.add_paragraph()
    if page_break_before_sec3:
        from docx.enum.text import WD_BREAK

        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "三、收到和处理政府信息公开申请情况")
    for _ in range(break_sec3_at or 0):
        _paragraph(document, FILLER)
    sec3 = sec3_layout()
    parts = [sec3] if continued_at is None else list(_cut(sec3, continued_at))
    for i, layout in enumerate(parts):
        if i:
            from docx.enum.text import WD_BREAK

            paragraph = document.add_paragraph()
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            _cjk(paragraph.add_run("续表"), 10.5)
        _add_table(
            document, layout, values, repeat_header=repeat_header, labels=labels, rows_split=rows_split
        )
    _paragraph(document, "四、政府信息公开行政复议、行政诉讼情况")
    _add_table(document, sec4_layout(), values, repeat_header=False, labels=labels)
    _paragraph(document, "五、存在的主要问题及改进情况")
    _paragraph(document, "一是公开内容不够全面；二是解读形式较为单一。下一步将持续改进。")
    _paragraph(document, "六、其他需要报告的事项")
    _paragraph(document, "本年度未收取信息处理费。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------------------
#: LibreOffice's PDF export options: a password to open the file; only a permissions password
OPEN_PASSWORD = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
)
PERMISSIONS_PASSWORD = (
    'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
    '"PermissionPassword":{"type":"string","value":"owner"},"Changes":{"type":"long","value":"0"}}'
)


def to_pdf(
    soffice: str, docx_files: Sequence[Path], out: Path, target: str = "pdf", profile: Path | None = None
) -> list[Path]:
    """Convert every .docx to PDF into ``out`` in one soffice run, with a private profile (a new
    one, removed after, unless ``profile`` is given: reusing one saves LibreOffice's first start);
    ``target``: the --convert-to argument (export options such as OPEN_PASSWORD)."""
    out.mkdir(parents=True, exist_ok=True)
    own = profile is None
    profile = Path(tempfile.mkdtemp(prefix="xxgk-lo-pdf-")) if profile is None else profile
    try:
        result = subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, docx_files),
            ],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    finally:
        if own:
            shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out / (p.stem + ".pdf") for p in docx_files]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice wrote no PDF for {missing}: {result.stderr.decode(errors='replace')}")
    return pdfs


# ---------------------------------------------------------------------------------------
# Scans and hostile PDFs
# ---------------------------------------------------------------------------------------
def scanned_pdf(pdf: bytes, scale: float = 0.5) -> bytes:
    """An image-only PDF of ``pdf``'s pages (what a scanner gives): rendered, then saved by Pillow."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=scale).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=72 * scale)
    return out.getvalue()


def _pdf(objects: Sequence[bytes], *, trailer_extra: bytes = b"") -> bytes:
    """A PDF file from its objects' bodies (object i+1 = objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: Sequence[str] = ("Hello",), *, box: tuple[int, int] = (595, 842)) -> bytes:
    """A one-page PDF with a few lines of Latin text (Helvetica)."""
    content = (
        b"BT /F1 12 Tf 72 720 Td "
        + b" ".join(b"(%s) Tj 0 -14 Td" % line.encode("latin-1") for line in lines)
        + b" ET"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % box,
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def many_pages_pdf(n: int) -> bytes:
    """``n`` pages that all share one content stream (a small file, many pages)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        _stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET"),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    objects += [page] * n
    return _pdf(objects)


def huge_stream_pdf(inflated: int = 512 << 20) -> bytes:
    """One page whose content stream is a few hundred KB deflated and ``inflated`` bytes inflated
    (a stream bomb)."""
    compressor = zlib.compressobj(1)  # the fastest: the bomb is still 200 times smaller
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(inflated >> 20)) + compressor.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(data, b"/Filter /FlateDecode "),
        ]
    )


def encrypted_pdf() -> bytes:
    """A PDF with an /Encrypt dictionary in its trailer (RC4 40-bit, standard security handler)."""
    body = text_pdf()
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"00" * 32, b"00" * 32)
    # rebuild with the encrypt dictionary as object 6
    objects = []
    for i in range(1, 6):
        start = body.index(b"%d 0 obj\n" % i) + len(b"%d 0 obj\n" % i)
        end = body.index(b"\nendobj", start)
        objects.append(body[start:end])
    objects.append(encrypt)
    return _pdf(objects, trailer_extra=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (b"ab" * 16, b"ab" * 16))


def form_bomb_pdf(depth: int = 9, fanout: int = 10, *, cycle: bool = False) -> bytes:
    """One page that invokes form XObject 1 ``fanout`` times, form 1 invokes form 2 ``fanout``
    times, and so on ``depth`` forms deep: a few hundred bytes that pdfminer would interpret
    ``fanout ** depth`` times over. ``cycle``: the last form invokes the first (endless)."""
    first = 4  # object number of form 1
    forms = []
    for level in range(depth):
        last = level == depth - 1
        target = first if (last and cycle) else first + level + 1
        calls = b"" if last and not cycle else b" ".join([b"/X Do"] * fanout)
        body = b"BT /F1 1 Tf (x) Tj ET " + calls
        resources = b"/Resources << /XObject << /X %d 0 R >> >>" % target if calls else b""
        forms.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] %s " % resources))
    page_content = _stream(b" ".join([b"/X Do"] * fanout))
    n = first + depth
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /XObject << /X %d 0 R >> >> >>" % (n, first),
            *forms,
            page_content,
        ]
    )


def indirect_filter_bomb_pdf(inflated: int) -> bytes:
    """A content stream whose /Filter is given by reference (``/Filter 5 0 R``), inflating to
    ``inflated`` bytes."""
    compressor = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(inflated >> 20)) + compressor.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"" + data, b"/Filter 5 0 R "),
            b"/FlateDecode",
        ]
    )


def joined_pdf(*pdfs: bytes) -> bytes:
    """The pages of ``pdfs`` one after another in one PDF (pypdfium2)."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    for data in pdfs:
        source = pypdfium2.PdfDocument(data)
        out.import_pages(source)
        source.close()
    buffer = io.BytesIO()
    out.save(buffer)
    out.close()
    return buffer.getvalue()


def flate_image_pdf(side: int = 2048) -> bytes:
    """One page showing one grey image of ``side`` × ``side`` pixels stored with Flate (a scan
    saved losslessly): ``side²`` bytes once inflated."""
    compressor = zlib.compressobj(1)
    row = bytes(range(256)) * (side // 256)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    image = _stream(
        data,
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode " % (side, side),
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im 5 0 R >> >> >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im Do Q"),
            image,
        ]
    )


def many_lines_pdf(n: int) -> bytes:
    """One page with a line of text and ``n`` short crossing strokes (a chart, or a trap for table
    finding)."""
    strokes = b"".join(
        b"%d 100 m %d 700 l 50 %d m 550 %d l " % (50 + i % 500, 50 + i % 500, 100 + i % 600, 100 + i % 600)
        for i in range(n // 2)
    )
    content = b"BT /F1 12 Tf 72 760 Td (Chart) Tj ET " + strokes + b"S"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def encoded_bomb_pdf(inflated: int, encoding: str) -> bytes:
    """One page whose content stream decodes to ``inflated`` spaces through ``encoding``:
    ``"hex"`` (ASCIIHex then Flate), ``"a85"`` (ASCII85 then Flate) or ``"rl"`` (run-length)."""
    import base64

    if encoding == "rl":
        runs, rest = divmod(inflated, 128)
        data = (b"\x81 " * runs) + (bytes([257 - rest]) + b" " if rest > 1 else b"") + b"\x80"
        filters = b"/RunLengthDecode"
    else:
        compressor = zlib.compressobj(1)
        chunk = b" " * (1 << 20)
        flate = b"".join(compressor.compress(chunk) for _ in range(inflated >> 20)) + compressor.flush()
        if encoding == "hex":
            data, filters = flate.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
        else:
            data, filters = base64.a85encode(flate) + b"~>", b"[/ASCII85Decode /FlateDecode]"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(data, b"/Filter %s " % filters),
        ]
    )


def wide_table_pdf(columns: int) -> bytes:
    """One wide page with a line of text and a ruled table of two rows and ``columns`` columns."""
    width = 40 + 7 * columns
    rules = b"".join(b"%d 100 m %d 140 l " % (20 + 7 * i, 20 + 7 * i) for i in range(columns + 1))
    rules += b"".join(b"20 %d m %d %d l " % (y, 20 + 7 * columns, y) for y in (100, 120, 140))
    content = b"BT /F1 12 Tf 20 200 Td (Wide) Tj ET 0.5 w " + rules + b"S"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 300] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % width,
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
