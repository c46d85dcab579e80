"""Published reports made by code, for the document readers' tests: a Word report (python-docx, merged
cells made with ``cell.merge``), a web page (rowspan/colspan, ``<br>`` inside labels, ``&nbsp;``, a
declared charset) and web text (the sample's own text). The official tables are laid out by
toolkit.report.layout (labels from toolkit.form) and filled from a ``Table``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import docx

from toolkit import form
from toolkit.report.layout import TableLayout, table_layouts
from toolkit.report.variables import table_values
from toolkit.table import Table

#: the sample report of spec/ as published (web text): its 三.四.1 总计 is wrong
SAMPLE_TEXT = Path(__file__).parent / "data" / "sample-report-emin-2024.txt"
TITLE_LINES = ("示范县示范镇人民政府", "2024年政府信息公开工作年度报告")
NARRATIVE = "本报告根据《中华人民共和国政府信息公开条例》编制。"
CONTACT = "如对本报告有疑问，请与示范镇人民政府联系（地址：示范路1号；邮编：830000；电话：0901-1234567）。"


def cell_texts(layout: TableLayout, numbers: dict[str, str]) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of every visible cell of ``layout``, numbers filled in."""
    return [(c.row, c.col, c.rowspan, c.colspan, numbers[c.name] if c.name else c.text) for c in layout.cells]


def numbers_of(table: Table) -> dict[str, str]:
    return table_values(table)


def write_report_docx(
    table: Table,
    path: Path,
    *,
    split_sec3_at: int | None = None,
    nested: bool = False,
    text_box: bool = False,
    split_sec2: bool = False,
) -> Path:
    """A Word report with the title, the six section headings, a paragraph each and the three
    official tables. ``split_sec3_at``: 表三 broken in two before that row (a page break between);
    ``nested``: 表四 inside a one-cell layout table; ``text_box``: the contact line in a text box;
    ``split_sec2``: 表二 as one Word table per sub-table (an empty paragraph between, no page break)."""
    document = docx.Document()
    for line in TITLE_LINES:
        document.add_paragraph(line)
    numbers = numbers_of(table)
    layouts = table_layouts()
    for heading in form.SECTION_HEADINGS:
        document.add_paragraph(heading)
        layout = layouts.get(heading)
        if layout is None:
            document.add_paragraph(NARRATIVE)
            continue
        cells = cell_texts(layout, numbers)
        width = len(layout.widths_mm)
        if heading == form.SECTION_HEADINGS[2] and split_sec3_at:
            _docx_table(document, [c for c in cells if c[0] < split_sec3_at], width, 0)
            document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            _docx_table(document, [c for c in cells if c[0] >= split_sec3_at], width, split_sec3_at)
        elif heading == form.SECTION_HEADINGS[1] and split_sec2:
            for top, bottom in sub_tables(cells, width):
                _docx_table(document, [c for c in cells if top <= c[0] < bottom], width, top)
                document.add_paragraph()
        elif heading == form.SECTION_HEADINGS[3] and nested:
            outer = document.add_table(rows=1, cols=1)
            inner_cell = outer.cell(0, 0)
            inner_cell.paragraphs[0].text = ""
            _fill(inner_cell.add_table(rows=layout.n_rows, cols=width), cells, 0)
        else:
            _docx_table(document, cells, width, 0)
    if text_box:
        _add_text_box(document, CONTACT)
    else:
        document.add_paragraph(CONTACT)
    document.save(str(path))
    return path


def sub_tables(cells: list[tuple[int, int, int, int, str]], width: int) -> list[tuple[int, int]]:
    """表二's sub-tables: (first row, row after the last) of each, a caption row (one cell across the
    table, its 第…项) starting each."""
    headers = {t.header for t in form.SEC2_TABLES}
    captions = sorted(r for r, _, _, cs, text in cells if cs == width and text in headers)
    end = max(r for r, _, _, _, _ in cells) + 1
    return list(zip(captions, [*captions[1:], end], strict=True))


def number_automatically(path: Path) -> Path:
    """The report at ``path`` with Word's automatic numbering where the text had typed numbers: the six
    headings (``%1、`` in Chinese counting) and the three leaves of 三.四 (``%1.``, a list of their own
    starting at 1). Returns ``path``."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document(str(path))
    lists = document.part.numbering_part.element
    for abstract, fmt, text in (("90", "chineseCounting", "%1、"), ("91", "decimal", "%1.")):
        lists.insert(
            0,
            parse_xml(
                f'<w:abstractNum {w} w:abstractNumId="{abstract}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
            ),
        )
    lists.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    lists.append(
        parse_xml(
            f'<w:num {w} w:numId="91"><w:abstractNumId w:val="91"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )

    def numbered(paragraph: docx.text.paragraph.Paragraph, typed: str, num_id: str) -> None:
        paragraph.text = paragraph.text[len(typed) :]
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        )

    for paragraph in document.paragraphs:
        if paragraph.text in form.SECTION_HEADINGS:
            numbered(paragraph, paragraph.text.split("、")[0] + "、", "90")
    leaves = {form.SEC3_ROW[key].label for key in form.RESULT_GROUP["三.四"].leaves}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraph = cell.paragraphs[0]
                if paragraph.text in leaves:  # (a merged cell comes back once per column: numbered once)
                    numbered(paragraph, paragraph.text.split(".")[0] + ".", "91")
    document.save(str(path))
    return path


def _docx_table(
    document: docx.document.Document, cells: list[tuple[int, int, int, int, str]], width: int, top: int
) -> None:
    rows = max(r for r, _, _, _, _ in cells) - top + 1
    _fill(document.add_table(rows=rows, cols=width), cells, top)


def _fill(tbl: docx.table.Table, cells: list[tuple[int, int, int, int, str]], top: int) -> None:
    for r, c, rs, cs, text in cells:
        cell = tbl.cell(r - top, c)
        if rs > 1 or cs > 1:
            last = min(r - top + rs - 1, len(tbl.rows) - 1)
            cell = cell.merge(tbl.cell(last, c + cs - 1))
        cell.text = text


def _add_text_box(document: docx.document.Document, text: str) -> None:
    """A paragraph holding a text box (wps:txbx / w:txbxContent) with ``text``."""
    from docx.oxml import parse_xml

    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent>"
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document.add_paragraph()._p.append(parse_xml(xml))


def report_html(
    table: Table,
    *,
    charset: str = "gb2312",
    breaks: bool = True,
    framed: bool = False,
    long_cells: bool = False,
    split_sec2: bool = False,
    cells: dict[str, str] | None = None,
) -> bytes:
    """A government CMS page: the title, the headings in ``<p><span>``, the three tables with
    rowspan/colspan (labels with ``<br>`` where Word wrapped them, ``&nbsp;`` in empty cells),
    a script and a style that are no text, encoded in ``charset`` and declared in a meta tag.
    ``framed``: the article inside a layout table beside a menu cell, as many CMS pages set it;
    ``split_sec2``: 表二 as one table per sub-table, nothing between them; ``cells``: variable name
    (toolkit.report.variables) → the text printed instead of its number."""
    numbers = numbers_of(table) | (cells or {})
    parts = [
        "<!DOCTYPE html><html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{escape(''.join(TITLE_LINES))}</title>",
        "<style>td { border: 1px solid #000 } .x:after { content: '一、总体情况' }</style>",
        "<script>var s = '一、本年新收政府信息公开申请数量 99';</script></head><body>",
        '<div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div>',
    ]
    if framed:
        parts.append('<table width="100%"><tr><td class="menu">政务公开</td><td class="article">')
    elif long_cells:  # the article beside a menu: no table inside, only a long text
        parts.append(
            "<table><tr><td>政务公开</td><td><p>" + escape(NARRATIVE * 20) + "</p></td></tr></table>"
        )
    parts += [f'<p style="text-align:center"><span>{escape(line)}</span></p>' for line in TITLE_LINES]
    layouts = table_layouts()
    for heading in form.SECTION_HEADINGS:
        parts.append(f"<p><span><strong>{escape(heading)}</strong></span></p>")
        layout = layouts.get(heading)
        if layout is None:
            parts.append(f"<p>{escape(NARRATIVE)}</p>")
            continue
        parts.append('<table border="1" cellspacing="0"><tbody>')
        texts = cell_texts(layout, numbers)
        starts = (
            {top for top, _ in sub_tables(texts, len(layout.widths_mm))}
            if split_sec2 and heading == form.SECTION_HEADINGS[1]
            else set()
        )
        for r in range(layout.n_rows):
            if r in starts and r:
                parts.append('</tbody></table>\n<table border="1" cellspacing="0"><tbody>')
            parts.append("<tr>")
            for row, _, rs, cs, text in sorted(texts, key=lambda c: (c[0], c[1])):
                if row != r:
                    continue
                shown = escape(text).replace("\n", "<br>")
                if breaks and len(text) > 8 and "\n" not in text:  # Word wrapped it: a <br> inside
                    shown = escape(text[:4]) + "<br/>" + escape(text[4:])
                shown = shown or "&nbsp;"
                span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                parts.append(f'<td{span}><p style="margin:0"><span>{shown}</span></p></td>')
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append(f"<p>{escape(CONTACT)}</p>")
    if framed:
        parts.append("</td></tr></table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode(charset)


def write_layout_workbook(table: Table, path: Path) -> Path:
    """The same official tables typed into one Excel sheet (merged cells as in the report), numbers as
    numbers: the workbook a report is compared with."""
    import xlsxwriter

    numbers = numbers_of(table)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("Sheet1")
    top = 0
    for heading, layout in table_layouts().items():
        sheet.write(top, 0, heading)
        top += 1
        for r, c, rs, cs, text in cell_texts(layout, numbers):
            value: object = int(text) if text.isdigit() else text
            if rs > 1 or cs > 1:
                sheet.merge_range(top + r, c, top + r + rs - 1, c + cs - 1, "")
            sheet.write(top + r, c, value)
        top += layout.n_rows + 1
    book.close()
    return path


def tab_separated(text: str) -> str:
    """The sample's text with each table row on one line, cells separated by tabs (the other way a
    copied table comes out)."""
    out: list[str] = []
    row: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t") and line.count("\t") == 1:
            row.append(line[1:].strip())
            continue
        if row and not line.strip():
            out.append("\t".join(row))
            row = []
            continue
        if row and line.strip() and not line.startswith("\t"):  # a wrapped cell goes on
            row[-1] += line.strip()
            continue
        out.append(line)
    if row:
        out.append("\t".join(row))
    return "\n".join(out) + "\n"
