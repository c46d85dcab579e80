"""Published reports (.docx, .html, .txt) read into the same tables and findings as a workbook (issue 16)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cli_helpers import run
from document_fixtures import (
    CONTACT,
    SAMPLE_TEXT,
    number_automatically,
    report_html,
    tab_separated,
    write_layout_workbook,
    write_report_docx,
)
from lxml import etree
from sample_layout import sample_table

from toolkit import form
from toolkit.check import check
from toolkit.findings import Finding
from toolkit.gate import documents
from toolkit.gate.documents import decode_text, inspect_document
from toolkit.read.document import MAX_TABLE_CELLS
from toolkit.read.report_text import read_text
from toolkit.report import variables as rv
from toolkit.rules.analyse import analyse_file
from toolkit.table import Table
from toolkit.write.stats_workbook import write_stats_workbook

T3_TOTAL = form.SEC3_TOTAL_COLUMN
ROOT = ("R2", "三.四.1", T3_TOTAL)  # the sample's one wrong cell


def tables_of(table: Table) -> dict[str, object]:
    data = table.to_json()
    return {key: data[key] for key in ("sec2", "sec3", "sec4")}


def rules(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.key, f.column) for f in analyse_file(path).report.findings]


def clean_table() -> Table:
    table = Table("示范县示范镇人民政府", 2024)
    table.sec3["一"][0], table.sec3["一"][1] = 5, 2
    table.sec3["二"][0] = 1
    table.sec3["三.一"][0], table.sec3["三.四.1"][1] = 4, 2
    table.sec3["四"][0] = 2
    table.sec4[0] = 1
    table.sec2["行政许可"] = 12
    return table.with_totals()


# ---- the same tables and findings as a workbook ------------------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    [{}, {"split_sec3_at": 12}, {"nested": True, "text_box": True}],
    ids=["plain", "sec3_split_by_a_page_break", "sec4_nested_and_a_text_box"],
)
def test_word_report_reads_as_the_equivalent_workbook(tmp_path: Path, layout: dict[str, object]) -> None:
    table = sample_table()
    book = write_layout_workbook(table, tmp_path / "统计表.xlsx")
    report = write_report_docx(table, tmp_path / "报告.docx", **layout)  # type: ignore[arg-type]
    from_book, from_report = analyse_file(book), analyse_file(report)
    assert from_report.report.kind == "report" and from_report.report.error is None
    assert tables_of(from_report.stats.table) == tables_of(from_book.stats.table) == tables_of(table)  # type: ignore[union-attr]
    assert rules(report) == rules(book) == [ROOT]
    assert from_report.stats.table.unit == "示范县示范镇人民政府" and from_report.stats.table.year == 2024  # type: ignore[union-attr]


def test_word_report_findings_point_at_the_table_and_row(tmp_path: Path) -> None:
    path = write_report_docx(sample_table(), tmp_path / "报告.docx", split_sec3_at=12)
    one = analyse_file(path)
    [finding] = one.report.findings
    # 表三 is the second table; its row 三.四.1 is row 4 of the part after the page break, 总计 column 10
    assert (finding.sheet, finding.cell) == ("表2", "续表（表3） 第4行 第10列")
    assert finding.location() == "报告.docx · 表2 续表（表3） 第4行 第10列"
    assert any("表2在分页处断开，后面的表3是它的续表" in note for note in one.report.notes)
    assert (
        one.report.notes[0].startswith("读取的统计表位置")
        and "表三：表2 第4行至续表（表3） 第16行" in one.report.notes[0]
    )


def test_clean_word_report_is_clean_like_our_own_workbook(tmp_path: Path) -> None:
    table = clean_table()
    ours = write_stats_workbook(table, tmp_path / "统计表.xlsx")
    report = write_report_docx(table, tmp_path / "报告.docx")
    assert rules(report) == rules(ours) == []
    assert tables_of(analyse_file(report).stats.table) == tables_of(table)  # type: ignore[union-attr]


def test_word_automatic_numbering_is_read_as_the_typed_numbers(tmp_path: Path) -> None:
    table = sample_table()
    path = number_automatically(write_report_docx(table, tmp_path / "报告.docx"))
    one = analyse_file(path)
    assert one.document is not None
    texts = [p.text for p in one.document.passages]
    assert [h for h in texts if h in form.SECTION_HEADINGS] == list(form.SECTION_HEADINGS)
    assert tables_of(one.stats.table) == tables_of(table)  # type: ignore[union-attr]
    assert rules(path) == [ROOT]


def test_our_own_report_reads_back_as_the_statistics_table(tmp_path: Path) -> None:
    table = clean_table()
    stats = write_stats_workbook(table, tmp_path / "统计表.xlsx")
    code, _out, _err, exc = run("fill-report", stats, "-o", tmp_path / "年度报告.docx", "--html")
    assert exc is None and code == 0
    for name in ("年度报告.docx", "年度报告.html"):
        one = analyse_file(tmp_path / name)
        # no table finding; the narrative audit notes the contact line the 统计表 did not fill
        assert (one.report.kind, [f.rule for f in one.report.findings]) == ("report", ["R27"])
        assert one.report.table is not None and one.report.table.to_json() == table.to_json()


def test_word_report_text_becomes_passages_in_order(tmp_path: Path) -> None:
    path = write_report_docx(sample_table(), tmp_path / "报告.docx", text_box=True)
    document = analyse_file(path).document
    assert document is not None and document.kind == "docx"
    assert document.title == "示范县示范镇人民政府2024年政府信息公开工作年度报告"
    texts = [p.text for p in document.passages]
    assert texts[:3] == ["示范县示范镇人民政府", "2024年政府信息公开工作年度报告", form.SECTION_HEADINGS[0]]
    assert [h for h in texts if h in form.SECTION_HEADINGS] == list(form.SECTION_HEADINGS)
    assert (document.passages[-1].text, document.passages[-1].where) == (CONTACT, "第12段 文本框")
    assert texts.count(CONTACT) == 1  # the text box's fallback copy is not read twice


@pytest.mark.parametrize("charset", ["gb2312", "utf-8"])
def test_web_page_with_rowspan_and_br_reads_as_the_word_report(tmp_path: Path, charset: str) -> None:
    table = sample_table()
    page = tmp_path / "报告.html"
    page.write_bytes(report_html(table, charset=charset))
    word = write_report_docx(table, tmp_path / "报告.docx")
    one = analyse_file(page)
    assert one.report.kind == "report"
    assert tables_of(one.stats.table) == tables_of(table)  # type: ignore[union-attr]
    assert rules(page) == rules(word) == [ROOT]
    assert [(f.sheet, f.cell) for f in one.report.findings] == [("表2", "第16行 第10列")]
    assert one.document is not None
    texts = " ".join(p.text for p in one.document.passages)
    assert "var s" not in texts and "content:" not in texts and "99" not in texts  # script and style
    assert one.document.title == "示范县示范镇人民政府2024年政府信息公开工作年度报告"
    assert inspect_document(page).charset == ("gb18030" if charset == "gb2312" else "utf-8")


@pytest.mark.parametrize("frame", ["framed", "long_cells"])
def test_web_page_set_in_a_layout_table_is_read_as_the_page(tmp_path: Path, frame: str) -> None:
    page = tmp_path / "报告.htm"
    page.write_bytes(report_html(sample_table(), charset="gbk", **{frame: True}))
    one = analyse_file(page)
    assert one.document is not None
    assert [g.name for g in one.document.grids] == ["表1", "表2", "表3"]  # the frame is no table
    assert rules(page) == [ROOT]
    texts = [p.text for p in one.document.passages]
    assert texts[-1] == CONTACT and "政务公开" in texts and form.SECTION_HEADINGS[5] in texts
    assert one.document.title == "示范县示范镇人民政府2024年政府信息公开工作年度报告"


def test_sample_report_as_published_text_is_r2_at_its_root_cell() -> None:
    one = analyse_file(SAMPLE_TEXT)
    assert one.report.kind == "report" and one.report.error is None
    errors = [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error]
    assert errors == [ROOT]
    assert tables_of(one.stats.table) == tables_of(sample_table())  # type: ignore[union-attr]
    drift = sorted(f.message.split("“")[-1].split("”")[0] for f in one.report.findings if f.rule == "R20")
    assert drift == sorted([form.SEC2_NORMATIVE_KEY, form.RESULT_GROUP["三.三"].label])
    [root] = [f for f in one.report.findings if f.is_error]
    assert (root.sheet, root.cell) == (
        "表2",
        "第204至214行 第10列",
    )  # lines 204–214: 1.本机关不掌握…, its 总计 last
    assert not [n for n in one.report.notes if "不完整" in n]  # headers found where they are
    assert one.stats.table.unit == "额敏县额敏镇" and one.stats.table.year == 2024  # type: ignore[union-attr]


def test_sample_text_with_tab_separated_rows_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(tab_separated(SAMPLE_TEXT.read_text(encoding="utf-8")), encoding="gb18030")
    one = analyse_file(path)
    assert tables_of(one.stats.table) == tables_of(sample_table())  # type: ignore[union-attr]
    assert [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error] == [ROOT]


def test_title_is_the_line_that_says_report() -> None:
    from toolkit.read.document import Passage, title_of

    lines = ["首页 > 政务公开", "某某县人民政府办公室", "2024年政府信息公开工作年度报告", "一、总体情况"]
    assert title_of([Passage(t, "") for t in lines]) == "某某县人民政府办公室2024年政府信息公开工作年度报告"
    assert title_of([Passage("某局2023年度政府信息公开工作年报", "")]) == "某局2023年度政府信息公开工作年报"
    assert title_of([Passage("首页 > 政务公开", ""), Passage("一、总体情况", "")]) == ""


def test_text_lines_outside_tables_are_passages_with_their_line() -> None:
    document = read_text(SAMPLE_TEXT.read_text(encoding="utf-8"), "x.txt")
    assert document.title == "额敏县额敏镇2024年政府信息公开工作年度报告"
    assert [g.name for g in document.grids] == ["表1", "表2", "表3"]
    headings = {p.text: p.where for p in document.passages if p.text in form.SECTION_HEADINGS}
    assert headings[form.SECTION_HEADINGS[2]] == "第58行"
    assert headings[form.SECTION_HEADINGS[5]] == "第401行"
    assert not any(p.text in ("不予", "公开", "计") for p in document.passages)  # wrapped cells stay cells


# ---- check --json and folders ----------------------------------------------------------------------


def test_check_json_has_kind_report_and_the_table_with_nulls(tmp_path: Path) -> None:
    table = sample_table()
    page = tmp_path / "报告.html"
    html = report_html(table, charset="utf-8").decode()
    cut = html.index(f"<strong>{form.SECTION_HEADINGS[3]}")  # the page without 表四
    page.write_text(html[:cut] + "</body></html>", encoding="utf-8")
    code, out, _err, exc = run("check", page, "--json")
    assert exc is None and code == 1
    [entry] = json.loads(out)["files"]
    assert entry["kind"] == "report"
    assert entry["table"]["sec3"]["三.四.1"] == [1, 0, 0, 0, 0, 0, 0]
    assert entry["table"]["sec4"] == [None] * form.SEC4_WIDTH
    assert entry["table"]["year"] == 2024
    assert [(f["rule"], f["key"], f["column"]) for f in entry["findings"] if f["severity"] == "error"] == [
        ROOT
    ]


def test_check_json_has_the_table_of_a_workbook_too(tmp_path: Path) -> None:
    book = write_stats_workbook(clean_table(), tmp_path / "统计表.xlsx")
    code, out, _err, exc = run("check", book, "--json")
    assert exc is None and code == 0
    [entry] = json.loads(out)["files"]
    assert entry["kind"] == "stats" and entry["table"]["sec3"]["一"] == [5, 2, 0, 0, 0, 0, 7]


def test_console_shows_where_each_table_was_found(tmp_path: Path) -> None:
    path = write_report_docx(sample_table(), tmp_path / "报告.docx")
    code, out, _err, exc = run("check", path)
    assert exc is None and code == 1
    assert "报告.docx（年度报告）" in out
    assert "报告.docx · 表2 第16行 第10列" in out
    assert "表二：表1 第3行至第14行；表三：表2 第4行至第28行；表四：表3 第4行" in out


def test_folder_of_reports_skips_documents_without_the_tables(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    write_report_docx(clean_table(), folder / "示范镇.docx")
    (folder / "说明.txt").write_text("请查收各单位年度报告。\n", encoding="utf-8")
    report = check([folder])
    assert [(Path(f.path).name, f.kind, f.error) for f in report.files] == [("示范镇.docx", "report", None)]
    assert [Path(s["path"]).name for s in report.skipped] == ["说明.txt"]
    assert report.exit_code == 0


def test_text_without_tables_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("请查收。\n", encoding="utf-8")
    one = analyse_file(path)
    assert (one.report.kind, one.report.reason) == ("report", "no_tables")


def test_report_whose_tables_are_pictures_is_audited_alone_and_not_added_up(tmp_path: Path) -> None:
    import re

    page = tmp_path / "报告.html"
    html = report_html(sample_table(), charset="utf-8").decode()
    page.write_text(
        re.sub(r"<table.*?</table>", '<p><img src="表.png"></p>', html, flags=re.S), encoding="utf-8"
    )
    one = analyse_file(page)
    assert (one.report.kind, one.report.error) == ("report", None)
    assert any("没有找到三张统计表" in note for note in one.report.notes)
    assert one.report.table is not None and one.report.table.sec4 == [None] * form.SEC4_WIDTH
    assert not [f for f in one.report.findings if f.is_error]
    code, _out, _err, exc = run("aggregate", page, "-o", tmp_path / "汇总.xlsx")
    assert exc is None and code == 1 and not (tmp_path / "汇总.xlsx").exists()


def test_aggregate_takes_a_reports_tables_as_a_statistics_table(tmp_path: Path) -> None:
    table = clean_table()
    report = write_report_docx(table, tmp_path / "报告.docx")
    out = tmp_path / "汇总.xlsx"
    code, stdout, _err, exc = run("aggregate", report, "-o", out, "--json")
    assert exc is None and code == 0, stdout
    data = json.loads(stdout)
    assert data["units"][0]["kind"] == "report"
    assert data["table"]["sec3"] == table.to_json()["sec3"]


# ---- hostile documents -------------------------------------------------------------------------------------


def docx_with(tmp_path: Path, document_xml: bytes, name: str = "x.docx") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("zip_bomb", "zip_bomb"),
        ("doctype", "xml_unsafe"),
        ("legacy_doc", "not_a_document"),
        ("not_a_zip", "not_a_document"),
        ("no_document_part", "not_a_document"),
        ("broken_xml", "corrupt"),
    ],
)
def test_hostile_word_documents_are_refused_with_a_reason(tmp_path: Path, case: str, reason: str) -> None:
    if case == "zip_bomb":  # 8 MiB of one letter: the ratio is far past the gate's limit
        body = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode() + b"a" * (8 << 20)
        path = docx_with(tmp_path, body)
    elif case == "doctype":
        lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        path = docx_with(tmp_path, f'{lol}<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode())
    elif case == "legacy_doc":
        path = tmp_path / "x.docx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    elif case == "not_a_zip":
        path = tmp_path / "x.docx"
        path.write_bytes(b"<html>not a word file</html>")
    elif case == "no_document_part":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
        path = tmp_path / "x.docx"
        path.write_bytes(buffer.getvalue())
    else:
        path = docx_with(tmp_path, f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode())
    code, out, _err, exc = run("check", path, "--json")
    assert exc is None and code == 2
    [entry] = json.loads(out)["files"]
    assert (entry["kind"], entry["reason"]) == ("report", reason)
    assert "\n" not in entry["error"]


def test_word_text_past_its_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_XML", 100_000)
    words = "".join(f"<w:p><w:r><w:t>第{n}段{n * 7919 % 10007}</w:t></w:r></w:p>" for n in range(8000))
    path = docx_with(tmp_path, f'<w:document xmlns:w="{W_NS}"><w:body>{words}</w:body></w:document>'.encode())
    assert analyse_file(path).report.reason == "zip_bomb"


def test_huge_page_and_binary_text_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(documents.LIMITS, "html", 1 << 20)
    page = tmp_path / "大.html"
    page.write_bytes(b"<html><body>" + b"<p>x</p>" * (200_000) + b"</body></html>")
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    assert analyse_file(page).report.reason == "too_large"
    assert analyse_file(junk).report.reason == "not_text"


def test_a_page_cannot_make_the_reader_build_a_huge_grid(tmp_path: Path) -> None:
    page = tmp_path / "宽.html"
    cells = '<td rowspan="65534" colspan="1000">1</td>' * 50
    page.write_text(f"<table>{'<tr>' + cells + '</tr>' * 3000}</table>", encoding="utf-8")
    one = analyse_file(page)
    assert one.report.reason == "no_tables"
    from toolkit.read.report_html import read_html

    document = read_html(page.read_text(encoding="utf-8"), "x")
    assert all(g.width <= 200 and g.height <= 5_000 for g in document.grids)
    assert sum(g.width * g.height for g in document.grids) <= MAX_TABLE_CELLS
    assert document.notes  # said so


@pytest.mark.parametrize("kind", ["html", "txt"])
def test_many_tables_of_empty_rows_cannot_make_huge_grids(kind: str) -> None:
    from toolkit.read.report_html import read_html

    if kind == "html":
        table = (
            '<table><tr><td colspan="100">1</td><td colspan="100">2</td></tr>'
            + "<tr></tr>" * 4_000
            + "</table>"
        )
        document = read_html(table * 30, "x")
    else:
        table = "\t".join(["1"] * 200) + "\n" + "\t1\n\n" * 4_000
        document = read_text(("说明\n" + table) * 30, "x")
    assert sum(g.width * g.height for g in document.grids) <= MAX_TABLE_CELLS
    assert document.notes


# ---- charsets and places ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "page", "text", "charset"),
    [
        ("一、总体情况".encode("utf-8-sig"), False, "一、总体情况", "utf-8"),
        (b"\xff\xfe" + "一、总体情况".encode("utf-16-le"), False, "一、总体情况", "utf-16-le"),
        ("一、总体情况".encode("gb18030"), False, "一、总体情况", "gb18030"),
        ('<meta charset="GBK"><p>镕</p>'.encode("gb18030"), True, '<meta charset="GBK"><p>镕</p>', "gb18030"),
        ('<meta content="text/html; charset=utf-8"><p>一</p>'.encode(), True, None, "utf-8"),
        (
            '<meta charset="gb2312"><p>一、总体情况</p>'.encode(),
            True,
            '<meta charset="gb2312"><p>一、总体情况</p>',
            "utf-8",
        ),
    ],
    ids=[
        "utf8_bom",
        "utf16_bom",
        "undeclared_gbk",
        "meta_gbk_is_gb18030",
        "meta_utf8",
        "meta_gb2312_but_utf8",
    ],
)
def test_charsets(data: bytes, page: bool, text: str | None, charset: str) -> None:
    decoded, used = decode_text(data, page=page)
    assert used == charset
    if text is not None:
        assert decoded == text


def test_a_finding_in_a_document_is_placed_by_table_and_row() -> None:
    in_doc = Finding("R2", "/x/报告.docx", "m", sheet="表3", cell="第3页 第12行 第7列")
    in_book = Finding("R2", "/x/统计表.xlsx", "m", sheet="表三", cell="H20")
    assert in_doc.location() == "报告.docx · 表3 第3页 第12行 第7列"
    assert in_book.location() == "统计表.xlsx · 表三!H20"


def test_word_cells_merged_the_old_way_with_hmerge() -> None:
    from toolkit.read.report_docx import read_docx

    def cell(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    rows = [
        cell("申请人情况", '<w:hMerge w:val="restart"/>') + cell("", "<w:hMerge/>") + cell("总计"),
        cell("自然人") + cell("其他") + cell("总计"),
    ]
    body = "".join(f"<w:tr>{row}</w:tr>" for row in rows)
    xml = f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl>{body}</w:tbl></w:body></w:document>'
    [grid] = read_docx(xml.encode(), "x.docx").grids
    assert grid.rows[0] == ["申请人情况", "", "总计"]
    assert grid.end_col(0, 0) == 1 and grid.end_col(0, 2) == 2
    assert grid.places == ["第1行", "第2行"]


def test_word_numbering_by_style_levels_and_formats() -> None:
    from toolkit.read.report_numbering import Numbering

    w = f'xmlns:w="{W_NS}"'

    def level(ilvl: int, fmt: str, text: str) -> str:
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
        )

    lists = (
        f'<w:numbering {w}><w:abstractNum w:abstractNumId="1">'
        + level(0, "chineseCounting", "%1、")
        + level(1, "chineseCounting", "（%2）")
        + level(2, "decimalEnclosedCircle", "%3")
        + '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    styles = (
        f'<w:styles {w}><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr>'
        '</w:pPr></w:style><w:style w:styleId="H2"><w:basedOn w:val="H1"/><w:pPr><w:numPr>'
        '<w:ilvl w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    numbering = Numbering.parse(lists.encode(), styles.encode())

    def paragraph(style: str = "", ilvl: str = "") -> etree._Element:
        props = f'<w:pStyle w:val="{style}"/>' if style else ""
        if ilvl:
            props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="7"/></w:numPr>'
        return etree.fromstring(f"<w:p {w}><w:pPr>{props}</w:pPr></w:p>")

    labels = [numbering.label(paragraph("H1")) for _ in range(11)]
    assert labels[0] == "一、" and labels[9] == "十、" and labels[10] == "十一、"
    assert [numbering.label(paragraph("H2")) for _ in range(2)] == ["（一）", "（二）"]
    assert numbering.label(paragraph(ilvl="2")) == "①"
    assert numbering.label(paragraph("H1")) == "十二、"
    assert numbering.label(paragraph("H2")) == "（一）"  # a level restarts under the next heading
    assert numbering.label(paragraph()) == ""


def test_xhtml_page_with_an_xml_declaration_is_read() -> None:
    from toolkit.read.report_html import read_html

    page = '<?xml version="1.0" encoding="gb2312"?><html><body><p>一、总体情况</p><table>'
    page += "<tr><td>自然人</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table></body></html>"
    document = read_html(page, "x.html")
    assert [p.text for p in document.passages] == ["一、总体情况"]
    assert [g.rows for g in document.grids] == [[["自然人", "总计"], ["1", "1"]]]


def test_word_sub_tables_joined_are_told_apart_without_a_page_break(tmp_path: Path) -> None:
    """表二 as four Word tables, one per sub-table, with only an empty paragraph between: they are read
    as one table, each row placed in its own Word table, and no page break is claimed."""
    import docx

    path = write_report_docx(sample_table(), tmp_path / "报告.docx", split_sec2=True)
    document = docx.Document(str(path))
    for number, label, value in ((1, form.SEC2_TABLES[1].rows[0], "-5"), (3, form.SEC2_FEE_KEY, "abc")):
        [row] = [row for row in document.tables[number].rows if row.cells[0].text == label]
        row.cells[1].text = value
    document.save(str(path))
    one = analyse_file(path)
    places = {f.rule: (f.sheet, f.cell) for f in one.report.findings if f.rule in ("R5", "R7")}
    assert places == {"R7": ("表1", "续表（表2） 第3行 第2列"), "R5": ("表1", "续表（表4） 第3行 第2列")}
    assert not any("分页" in note for note in one.report.notes)
    assert "表2后面紧接着的表3列数相同，按表1的续表合并读取（其中的行记为“续表（表3）”）" in one.report.notes


def test_web_page_with_sec2_as_four_tables_reads_them_all(tmp_path: Path) -> None:
    """表二 published as four tables, one per sub-table (第二十条第（一）（五）（六）（八）项), nothing
    between them: all four are read, and errors planted in the later ones are found where they are."""
    clean = tmp_path / "clean.html"
    clean.write_bytes(report_html(sample_table(), split_sec2=True))
    assert rules(clean) == [ROOT]
    assert not any("未找到" in note for note in analyse_file(clean).report.notes)
    bad = tmp_path / "bad.html"
    planted = {
        rv.sec2_name(form.SEC2_TABLES[1].rows[0], 0): "-5",
        rv.sec2_name(form.SEC2_FEE_KEY, 0): "abc",
    }
    bad.write_bytes(report_html(sample_table(), split_sec2=True, cells=planted))
    one = analyse_file(bad)
    places = {f.rule: (f.sheet, f.cell) for f in one.report.findings if f.rule in ("R5", "R7")}
    assert places == {"R7": ("表1", "续表（表2） 第3行 第2列"), "R5": ("表1", "续表（表4） 第3行 第2列")}
    assert "表3后面紧接着的表4，按表1的续表合并读取（其中的行记为“续表（表4）”）" in one.report.notes


def test_web_page_holding_two_reports_reads_the_one_of_its_year(tmp_path: Path) -> None:
    """This year's report and then last year's on one page, each with its own title above its
    tables: the year of each set of tables is its title's; this year's is read (the page's title),
    the other named in a note, and last year's text is not audited against this year's tables."""
    this = report_html(clean_table(), charset="utf-8").decode()
    last = report_html(sample_table(), charset="utf-8").decode().replace("2024年", "2023年")
    body = last[last.index("<body>") + len("<body>") : last.index("</body>")]
    page = tmp_path / "报告.html"
    page.write_text(this.replace("</body>", body + "</body>"), encoding="utf-8")
    one = analyse_file(page)
    assert one.report.error is None
    assert one.stats.table.year == 2024 and tables_of(one.stats.table) == tables_of(clean_table())  # type: ignore[union-attr]
    assert rules(page) == []
    assert any("（2023年）未读取" in note for note in one.report.notes)
    assert any("2023年政府信息公开工作年度报告”的正文" in note for note in one.report.notes)
