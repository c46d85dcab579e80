"""What a county publishes and prints (issue 18, items 2 and 3).

The web copy in a real browser (headless Chromium from Debian's packages): with its ``<style>``
removed, as a CMS does, the tables still have their borders (and the check fails on a page whose
inline borders were removed too); every table cell carries its border, padding and alignment
inline; printed, the first page holds the complete title. The Word report: the contact line (R27),
the 成文日期 in the 落款, headings and captions kept with their tables, the font warning of
``--pdf``, the year-on-year sentences of the default template with ``--previous``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from cli_helpers import run
from engine import require_soffice
from test_fill_report import (
    UNIT,
    YEAR,
    document_text,
    info,
    squeeze,
    varied_table,
    write_stats,
    write_template,
)

from toolkit import form
from toolkit.errors import UsageError
from toolkit.report import pdf as report_pdf
from toolkit.report.docx import FONT_BODY, FONT_HEADING1, FONT_HEADING2, FONT_TITLE, qn
from toolkit.report.fill import fill_report
from toolkit.report.pdf import OFFICIAL_FONTS, font_note
from toolkit.write.stats_workbook import write_stats_workbook

BROWSER_TIMEOUT = 120  # seconds
WINDOW = (1200, 4400)  # wide and tall enough for the whole default report
DARK = 96  # a grey level at or below this is ink
LONG_RULE = 300  # pixels: a dark horizontal run this long is a table border, never text
TALL_RULE = 150  # pixels: a dark vertical run this tall is a table border


# ---------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------
def browser_path() -> str | None:
    """Debian's headless Chromium (chromium-headless-shell), or the full chromium."""
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


def require_browser() -> str:
    """The browser; in CI its absence fails the test, elsewhere it skips it."""
    path = browser_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium 未安装：CI 必须安装 chromium-headless-shell")
        pytest.skip("headless Chromium not installed (set CI to make this a failure)")
    return path


def browse(page: Path, work: Path, *args: str) -> None:
    """Run headless Chromium on ``page`` with a private profile (and no sandbox as root)."""
    command = [
        require_browser(),
        "--headless",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
        *(["--no-sandbox"] if os.geteuid() == 0 else []),
        *args,
        page.as_uri(),
    ]
    subprocess.run(
        command, capture_output=True, timeout=BROWSER_TIMEOUT, check=True, stdin=subprocess.DEVNULL
    )


def screenshot(page: Path, work: Path) -> Path:
    out = work / f"{page.stem}.png"
    browse(page, work, f"--screenshot={out}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert out.is_file()
    return out


def print_to_pdf(page: Path, work: Path) -> Path:
    out = work / f"{page.stem}.pdf"
    browse(page, work, f"--print-to-pdf={out}", "--no-pdf-header-footer")
    assert out.is_file()
    return out


def pdf_page_text(pdf: Path, page: int, *, layout: bool = False) -> str:
    """The text of one page (``layout``: lines in the page's visual order, table rows as rows)."""
    return subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page),
            "-l",
            str(page),
            *(["-layout"] if layout else []),
            "-enc",
            "UTF-8",
            str(pdf),
            "-",
        ],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")


def rules(png: Path) -> tuple[int, int]:
    """(rows holding a dark horizontal run ≥ LONG_RULE px, columns holding a dark vertical run ≥
    TALL_RULE px) of a screenshot: text never makes such runs, table borders do."""
    from PIL import Image

    with Image.open(png) as image:
        ink = image.convert("L").point(lambda v: 0 if v <= DARK else 255)
        upright = ink.tobytes()
        turned = ink.transpose(Image.Transpose.ROTATE_90).tobytes()
        width, height = ink.size
    horizontal = re.compile(b"\x00{%d,}" % LONG_RULE)
    vertical = re.compile(b"\x00{%d,}" % TALL_RULE)
    rows = sum(bool(horizontal.search(upright, y * width, (y + 1) * width)) for y in range(height))
    columns = sum(bool(vertical.search(turned, x * height, (x + 1) * height)) for x in range(width))
    return rows, columns


def without_style_element(page: str) -> str:
    """What a CMS that strips ``<style>`` publishes."""
    stripped = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    assert "<style" not in stripped and "border" in stripped
    return stripped


def without_inline_borders(page: str) -> str:
    """The negative control: the same page with the borders taken out of the inline styles."""
    stripped = re.sub(r"(?<![-\w])border:[^;\"]*;?", "", page)
    assert re.search(r"(?<![-\w])border:", stripped) is None
    return stripped


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("web")
    table = varied_table()
    stats = write_stats(folder / "统计表.xlsx", table, fee_yuan=Decimal(0))
    result = fill_report(stats, folder / "年度报告.docx", html=True)
    assert result.ok and result.html is not None
    page = result.html.read_text(encoding="utf-8")
    return {"folder": folder, "page": page, "table": table}


# ---------------------------------------------------------------------------------------
# The web copy, read as HTML
# ---------------------------------------------------------------------------------------
class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def elements(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.elements


def declarations(style: str) -> dict[str, str]:
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (part.partition(":") for part in style.split(";") if part.strip())
    )


def test_every_table_cell_has_its_border_padding_and_alignment_inline(web: dict[str, Any]) -> None:
    cells = [(tag, attrs) for tag, attrs in elements(web["page"]) if tag in ("td", "th")]
    assert len(cells) > 200  # 表三 alone has 25 rows of 7 numbers
    for tag, attrs in cells:
        style = declarations(attrs.get("style", ""))
        assert style.get("border") == "1px solid #000", (tag, attrs)
        assert style.get("padding"), (tag, attrs)
        assert style.get("text-align") in ("left", "center"), (tag, attrs)
    numbers = [declarations(a["style"]) for t, a in cells if t == "td"]
    assert {s["text-align"] for s in numbers} == {"center"}
    tables = [declarations(a["style"]) for t, a in elements(web["page"]) if t == "table"]
    assert len(tables) == 3
    assert all(s["border-collapse"] == "collapse" for s in tables)


@pytest.mark.parametrize(
    ("tag", "font"),
    [
        ("h1", "方正小标宋简体"),
        ("h2", "黑体"),
        ("h3", "楷体_GB2312"),
        ("p", "仿宋_GB2312"),
        ("table", "仿宋_GB2312"),
    ],
)
def test_the_official_fonts_are_named_inline(web: dict[str, Any], tag: str, font: str) -> None:
    styles = [declarations(a.get("style", "")) for t, a in elements(web["page"]) if t == tag]
    assert styles
    for style in styles:
        assert style["font-family"].split(",")[0] == f"'{font}'", style
        assert "serif" in style["font-family"].split(",")[-1]


def test_the_title_is_one_centred_heading_and_nothing_forces_a_page_break(web: dict[str, Any]) -> None:
    page = web["page"]
    (title,) = re.findall(r"<h1 [^>]*>(.*?)</h1>", page)
    assert title == f"{UNIT}<br>{YEAR}年政府信息公开工作年度报告"
    assert f"<title>{UNIT}{YEAR}年政府信息公开工作年度报告</title>" in page
    h1 = next(declarations(a["style"]) for t, a in elements(page) if t == "h1")
    assert h1["text-align"] == "center"
    assert "page-break-before" not in page and "break-before" not in page


def test_a_title_written_on_two_centred_paragraphs_stays_whole(tmp_path: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    document = docx.Document()
    for text in ("{{单位名称}}", "{{统计年度}}年政府信息公开工作年度报告"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("本报告根据条例编制。")
    document.add_paragraph("示范县示范镇人民政府").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    template = tmp_path / "模板.docx"
    document.save(str(template))
    page = fill_report(stats, tmp_path / "年度报告.docx", template=template, html=True).html.read_text(
        encoding="utf-8"
    )
    assert re.findall(r"<h1 [^>]*>(.*?)</h1>", page) == [f"{UNIT}<br>{YEAR}年政府信息公开工作年度报告"]
    assert f"<title>{UNIT}{YEAR}年政府信息公开工作年度报告</title>" in page
    paragraphs = re.findall(r"<p ([^>]*)>(.*?)</p>", page)
    assert [text for _, text in paragraphs] == ["本报告根据条例编制。", UNIT]
    assert "text-align:right" in paragraphs[1][0] and "text-align:justify" in paragraphs[0][0]


# ---------------------------------------------------------------------------------------
# The web copy in a real browser
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_tables_keep_their_borders_when_a_cms_strips_the_style_element(web: dict[str, Any]) -> None:
    folder: Path = web["folder"]
    published = folder / "published.html"
    published.write_text(without_style_element(web["page"]), encoding="utf-8")
    control = folder / "control.html"
    control.write_text(without_inline_borders(without_style_element(web["page"])), encoding="utf-8")
    rows, columns = rules(screenshot(published, folder))
    # 表三 alone has 29 full-width row boundaries and 11 column borders, 表二 and 表四 add more
    assert rows >= 30, rows
    assert columns >= 8, columns
    # the check can fail: the same page without its inline borders has no rule at all
    assert rules(screenshot(control, folder)) == (0, 0)


@pytest.mark.slow
def test_printed_the_first_page_holds_the_complete_title(web: dict[str, Any]) -> None:
    folder: Path = web["folder"]
    for name, page in (("full", web["page"]), ("stripped", without_style_element(web["page"]))):
        path = folder / f"print-{name}.html"
        path.write_text(page, encoding="utf-8")
        pdf = print_to_pdf(path, folder)
        first = squeeze(pdf_page_text(pdf, 1))
        assert f"{UNIT}{YEAR}年政府信息公开工作年度报告" in first, name
        assert form.SECTION_HEADINGS[0] in first, name


# ---------------------------------------------------------------------------------------
# The Word report: the contact line (R27)
# ---------------------------------------------------------------------------------------
def unit_cell(stats: Path, label: str) -> str:
    """The cell right of ``label`` in the workbook's 单位信息 sheet, read independently (openpyxl)."""
    import openpyxl

    book = openpyxl.load_workbook(stats, read_only=True)
    try:
        for row in book[form.SHEET_UNIT].iter_rows():
            for cell in row:
                if cell.value == label:
                    return f"{get_column_letter(cell.column + 1)}{cell.row}"
    finally:
        book.close()
    raise AssertionError(label)


def get_column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter as letter

    return letter(index)


def r27(findings: list[Any]) -> list[tuple[str, str | None, str | None, str]]:
    return [(f.rule, f.sheet, f.cell, f.severity) for f in findings if f.rule == "R27"]


def test_an_empty_contact_line_is_r27_naming_the_cells_to_fill(tmp_path: Path) -> None:
    stats = write_stats_workbook(
        varied_table(), tmp_path / "统计表.xlsx", dataclasses.replace(info(), address="", postcode="")
    )
    result = fill_report(stats, tmp_path / "年度报告.docx")
    assert result.ok
    address = unit_cell(stats, form.UNIT_ADDRESS)
    assert r27(result.findings) == [("R27", form.SHEET_UNIT, address, "warning")]
    (finding,) = [f for f in result.findings if f.rule == "R27"]
    assert finding.path == str(stats)
    assert f"{form.UNIT_ADDRESS}（{address}）" in finding.message
    assert f"{form.UNIT_POSTCODE}（{unit_cell(stats, form.UNIT_POSTCODE)}）" in finding.message
    assert form.UNIT_PHONE not in finding.message  # the phone is filled
    assert "（地址：；邮编：；" in squeeze(document_text(result.docx))


def test_a_filled_contact_line_gives_no_r27(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx")
    assert result.ok and r27(result.findings) == []
    text = document_text(result.docx)
    assert "地址：示范县人民路1号；邮编：834600；电话：0901-3456789" in text


def test_an_empty_contact_typed_in_a_template_is_r27_on_the_template(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    template = write_template(
        tmp_path / "模板.docx", "如有疑问，请与我局联系（地址：；电话：{{联系电话}}）。"
    )
    result = fill_report(stats, tmp_path / "年度报告.docx", template=template)
    assert r27(result.findings) == [("R27", None, None, "warning")]
    assert [f.path for f in result.findings if f.rule == "R27"] == [str(template)]


def test_a_json_table_has_no_contact_details_r27_says_to_write_them_in_the_template(tmp_path: Path) -> None:
    stats = tmp_path / "统计表.json"
    stats.write_text(json.dumps(varied_table().to_json(), ensure_ascii=False), encoding="utf-8")
    result = fill_report(stats, tmp_path / "年度报告.docx")
    assert result.ok and r27(result.findings) == [("R27", None, None, "warning")]
    (finding,) = [f for f in result.findings if f.rule == "R27"]
    assert all(label in finding.message for label in (form.UNIT_ADDRESS, form.UNIT_POSTCODE, form.UNIT_PHONE))
    assert "模板" in finding.hint


def test_fill_report_prints_r27(tmp_path: Path) -> None:
    stats = write_stats_workbook(
        varied_table(), tmp_path / "统计表.xlsx", dataclasses.replace(info(), phone="")
    )
    code, out, _, error = run("fill-report", stats, "-o", tmp_path / "年度报告.docx", "--date", "2025-01-20")
    assert (code, error) == (0, None)
    assert "R27" in out and unit_cell(stats, form.UNIT_PHONE) in out


# ---------------------------------------------------------------------------------------
# The Word report: the 落款's 成文日期
# ---------------------------------------------------------------------------------------
def signature(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()][-2:]


@pytest.mark.parametrize("given", [date(2025, 1, 20), "2025-01-20", "2025年1月20日", "2025.1.20"])
def test_the_signature_carries_the_date_given(tmp_path: Path, given: date | str) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx", issued=given)
    assert signature(result.docx) == [UNIT, "2025年1月20日"]


def test_the_signature_date_defaults_to_the_day_of_making(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2025, 2, 3, 12, tzinfo=UTC).timestamp())))
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx")
    assert signature(result.docx) == [UNIT, "2025年2月3日"]
    code, _, _, _ = run("fill-report", stats, "-o", tmp_path / "cli.docx")
    assert code == 0 and signature(tmp_path / "cli.docx") == [UNIT, "2025年2月3日"]


def test_a_date_that_is_no_date_is_a_usage_error(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    with pytest.raises(UsageError, match="成文日期"):
        fill_report(stats, tmp_path / "年度报告.docx", issued="2025-02-30")
    code, _, err, _ = run("fill-report", stats, "-o", tmp_path / "r.docx", "--date", "明天")
    assert code == 2 and "成文日期" in err
    assert not (tmp_path / "年度报告.docx").exists() and not (tmp_path / "r.docx").exists()


# ---------------------------------------------------------------------------------------
# The Word report: headings and captions kept with their tables
# ---------------------------------------------------------------------------------------
def keeps_with_next(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return paragraph.paragraph_format.keep_with_next is True or (
        ppr is not None and ppr.find(qn("w:keepNext")) is not None
    )


def before_table(document: Any, table: Any) -> Any:
    from docx.text.paragraph import Paragraph

    previous = table._tbl.getprevious()
    assert previous.tag == qn("w:p")
    return Paragraph(previous, document._body)


def check_kept(path: Path) -> list[str]:
    """The text of the paragraph before each table, each checked to keep with the table; every row
    whole; the header rows kept with the first row of numbers."""
    document = docx.Document(str(path))
    captions = []
    for table in document.tables:
        caption = before_table(document, table)
        assert keeps_with_next(caption), caption.text
        captions.append(caption.text)
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
            if tr_pr.find(qn("w:tblHeader")) is not None:
                assert all(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs)
    return captions


def test_the_default_report_keeps_each_table_with_its_heading(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx")
    captions = check_kept(result.docx)
    assert captions[:2] == [form.SECTION_HEADINGS[1], form.SECTION_HEADINGS[2]]
    assert captions[2].startswith(f"{YEAR}年，本机关因政府信息公开工作被申请")


def test_a_caption_of_a_units_template_is_kept_with_its_table(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    document = docx.Document()
    document.add_paragraph("{{单位名称}}{{统计年度}}年政府信息公开工作年度报告")
    document.add_paragraph("表1 本年度依申请公开工作情况")
    document.add_paragraph("")
    document.add_table(rows=3, cols=2).cell(0, 0).text = "收到申请"
    document.add_paragraph("以上。")
    template = tmp_path / "模板.docx"
    document.save(str(template))
    result = fill_report(stats, tmp_path / "年度报告.docx", template=template)
    filled = docx.Document(str(result.docx))
    texts = {p.text: keeps_with_next(p) for p in filled.paragraphs}
    assert texts["表1 本年度依申请公开工作情况"] and texts[""]
    assert not texts["以上。"] and not texts[f"{UNIT}{YEAR}年政府信息公开工作年度报告"]
    check_kept(result.docx)


@pytest.mark.slow
def test_printed_no_page_ends_with_a_heading_or_a_table_head(tmp_path: Path) -> None:
    """Through LibreOffice to PDF: the last line of every page but the last is neither a heading
    nor a head row of a table (seen: 表二's 第二十条第（五）项 alone at the bottom of page 2)."""
    require_soffice()
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx", pdf=True, issued=date(2025, 1, 20))
    assert result.pdf is not None
    heads = {squeeze(h) for h in (*form.SECTION_HEADINGS, *form.OVERVIEW_SUBHEADS)}
    heads |= {squeeze(t.header) for t in form.SEC2_TABLES}
    pages = int(re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", result.pdf.read_bytes(), re.S)[1])
    assert pages >= 3
    for number in range(1, pages):
        text = pdf_page_text(result.pdf, number, layout=True)
        lines = [squeeze(line) for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"—\d+—", line)]  # the page number
        assert lines[-1] not in heads, (number, lines[-1])
        assert not lines[-1].startswith(form.SEC2_CONTENT_LABEL), (number, lines[-1])


# ---------------------------------------------------------------------------------------
# The Word report: --previous with the default template
# ---------------------------------------------------------------------------------------
def phrase(now: int, before: int) -> str:
    return (
        f"较上年增加{now - before}件"
        if now > before
        else f"较上年减少{before - now}件"
        if now < before
        else "与上年持平"
    )


def test_previous_writes_the_year_on_year_sentences_of_the_default_template(tmp_path: Path) -> None:
    last = varied_table(YEAR - 1, seed=11)
    now = varied_table(seed=12, carried_in=list(last.sec3[form.CARRIED_OUT_KEY][: form.TOTAL_COL]))
    previous = write_stats(tmp_path / "上年.xlsx", last, year=YEAR - 1)
    stats = write_stats(tmp_path / "本年.xlsx", now)
    result = fill_report(stats, tmp_path / "年度报告.docx", previous=previous)
    assert result.ok
    text = squeeze(document_text(result.docx))
    total = form.TOTAL_COL

    def change(key: str) -> str:
        return phrase(now.sec3[key][total], last.sec3[key][total])

    assert (
        f"本年收到政府信息公开申请数量{change(form.RECEIVED_KEY)}，办结数量{change(form.RESULTS_TOTAL_KEY)}，"
        f"结转下年度继续办理数量{change(form.CARRIED_OUT_KEY)}。"
    ) in text
    review = phrase(now.sec4[4], last.sec4[4])
    litigation = phrase(now.sec4[9] + now.sec4[14], last.sec4[9] + last.sec4[14])
    assert f"本年{form.SEC4_REVIEW}案件{review}，{form.SEC4_LITIGATION}案件{litigation}。" in text
    assert not [f for f in result.findings if f.rule == "R14"]


def test_without_previous_the_default_template_leaves_the_comparison_out(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    result = fill_report(stats, tmp_path / "年度报告.docx")
    assert result.ok
    text = document_text(result.docx)
    assert "较上年" not in text and "与上年持平" not in text and "{{" not in text
    assert not [n for n in result.notes if "--previous" in n]


def test_a_units_comparison_paragraph_is_left_out_with_a_note(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    template = write_template(
        tmp_path / "模板.docx", "收到申请{{本年新收}}件。", "本年收到申请{{本年新收_较上年}}。", "以上。"
    )
    result = fill_report(stats, tmp_path / "年度报告.docx", template=template)
    assert [
        p for p in docx.Document(str(result.docx)).paragraphs if p.text
    ] and "较上年" not in document_text(result.docx)
    assert [n for n in result.notes if "--previous" in n and "1 段" in n]


# ---------------------------------------------------------------------------------------
# --pdf: the official fonts
# ---------------------------------------------------------------------------------------
def test_missing_official_fonts_are_named_with_their_substitutes() -> None:
    replaced = {font: "Noto Serif CJK SC" for font in OFFICIAL_FONTS}
    note = font_note({"DejaVu Sans", "Noto Serif CJK SC"}, replaced)
    assert note is not None
    for font in OFFICIAL_FONTS:
        assert f"{font}（用“Noto Serif CJK SC”代替）" in note
    some = font_note({"黑体", "SimHei", "仿宋_GB2312"}, {FONT_TITLE: "Noto Serif CJK SC"})
    assert some is not None
    assert (
        f"{FONT_TITLE}（用“Noto Serif CJK SC”代替）" in some and f"{FONT_HEADING2}（用其他字体代替）" in some
    )
    assert FONT_BODY not in some and FONT_HEADING1 not in some
    assert font_note(set(OFFICIAL_FONTS) | {"DejaVu Sans"}, {}) is None


def test_installed_fonts_are_read_from_fontconfig() -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig not installed")
    fonts = report_pdf.installed_fonts()
    assert fonts is not None and fonts  # every machine that renders text has a font
    assert all("," not in name and name == name.strip() for name in fonts)


@pytest.mark.slow
def test_pdf_warns_which_official_fonts_were_substituted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_soffice()
    monkeypatch.setattr(report_pdf, "installed_fonts", lambda: {"Noto Serif CJK SC"})
    monkeypatch.setattr(report_pdf, "substitutes", lambda fonts: dict.fromkeys(fonts, "Noto Serif CJK SC"))
    stats = write_stats(tmp_path / "统计表.xlsx", varied_table())
    template = write_template(tmp_path / "模板.docx", "收到申请{{本年新收}}件")
    result = fill_report(stats, tmp_path / "年度报告.docx", template=template, pdf=True)
    assert result.pdf is not None and result.pdf.is_file()
    (note,) = [n for n in result.notes if "公文字体" in n]
    assert all(f"{font}（用“Noto Serif CJK SC”代替）" in note for font in OFFICIAL_FONTS)
