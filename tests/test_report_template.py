"""The default report template (``xxgk template report``): 公文 layout, fonts, the six sections,
the three official tables with their merges, and only documented bare ``{{name}}`` placeholders."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm

from toolkit import form
from toolkit.report import docx as docx_util
from toolkit.report import template as rt
from toolkit.report import variables as rv
from toolkit.report.docx import Span, qn, table_spans

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
VARIABLES = {v.name for v in rv.variables()}
BARE = re.compile(r"\{\{[^\s{}|.()\[\]'\"~+*/%<>=!,:;-]+\}\}")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rt.write_report_template(tmp_path_factory.mktemp("report") / "模板.docx")


@pytest.fixture(scope="module")
def document(template: Path) -> Any:
    return docx.Document(str(template))


def _xml_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def _body_paragraphs(document: Any) -> list[Any]:
    return list(document.paragraphs)


def _fonts(rpr_owner: Any) -> dict[str, str]:
    rpr = rpr_owner.find(qn("w:rPr")) if rpr_owner.tag != qn("w:rPr") else rpr_owner
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return {} if fonts is None else {k.split("}")[1]: v for k, v in fonts.attrib.items()}


def _size(rpr_owner: Any) -> float | None:
    sz = rpr_owner.find(qn("w:rPr")).find(qn("w:sz"))
    return None if sz is None else int(sz.get(qn("w:val"))) / 2


# ---------------------------------------------------------------------------------------
# Page and styles
# ---------------------------------------------------------------------------------------
def test_page_is_a4_with_gbt9704_margins(document: Any) -> None:
    section = document.sections[0]
    for actual, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(actual - Mm(mm)) < Mm(0.1), (actual.mm, mm)
    assert section.orientation == 0  # portrait


@pytest.mark.parametrize(
    ("style", "font", "size"),
    [
        ("Normal", "仿宋_GB2312", 16),
        ("Title", "方正小标宋简体", 22),
        ("Heading 1", "黑体", 16),
        ("Heading 2", "楷体_GB2312", 16),
        (rt.STYLE_TABLE_TEXT, "仿宋_GB2312", 10.5),
        ("Footer", "宋体", 14),
    ],
)
def test_styles_set_the_east_asian_font(document: Any, style: str, font: str, size: float) -> None:
    el = document.styles[style].element
    fonts = _fonts(el)
    assert fonts["eastAsia"] == font and fonts["ascii"] == font and fonts["hAnsi"] == font
    assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts)
    assert _size(el) == size
    b = el.find(qn("w:rPr")).find(qn("w:b"))
    assert b is None or b.get(qn("w:val")) == "0"  # 公文 headings are not bold


def test_body_paragraph_format(document: Any) -> None:
    ppr = document.styles["Normal"].element.find(qn("w:pPr"))
    spacing, ind = ppr.find(qn("w:spacing")), ppr.find(qn("w:ind"))
    assert spacing.get(qn("w:lineRule")) == "exact" and 28 * 20 <= int(spacing.get(qn("w:line"))) <= 29 * 20
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"
    title = document.styles["Title"].element.find(qn("w:pPr"))
    assert title.find(qn("w:jc")).get(qn("w:val")) == "center"
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_every_run_and_paragraph_mark_carries_the_east_asian_font(template: Path) -> None:
    parts = _xml_parts(template)
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = docx.oxml.parse_xml(parts[name].encode("utf-8"))
        runs = root.findall(".//" + qn("w:r"))
        assert runs
        for run in runs:
            assert _fonts(run).get("eastAsia"), (name, run.xpath("string(.)"))
        for p in root.findall(".//" + qn("w:p")):
            mark = p.find(qn("w:pPr") + "/" + qn("w:rPr"))
            assert mark is not None and _fonts(mark).get("eastAsia"), name


def test_fonts_are_declared_with_their_fallbacks(template: Path) -> None:
    table = _xml_parts(template)["word/fontTable.xml"]
    for font, fallback in docx_util.FONT_FALLBACKS.items():
        entry = re.search(rf'<w:font w:name="{re.escape(font)}">(.*?)</w:font>', table, re.S)
        assert entry, font
        assert f'<w:altName w:val="{fallback}"/>' in entry.group(1)
        assert '<w:charset w:val="86"/>' in entry.group(1)


def test_page_numbers_in_the_footers(template: Path) -> None:
    parts = _xml_parts(template)
    assert "<w:evenAndOddHeaders/>" in parts["word/settings.xml"]
    for name, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        root = docx.oxml.parse_xml(parts[name].encode("utf-8"))
        assert "".join(t.text for t in root.iter(qn("w:instrText"))).strip() == "PAGE"
        text = "".join(t.text for t in root.iter(qn("w:t")))
        assert text == "— 1 —"
        assert root.find(".//" + qn("w:jc")).get(qn("w:val")) == side


# ---------------------------------------------------------------------------------------
# Text: title, opening, headings, sentences, signature
# ---------------------------------------------------------------------------------------
def test_title_and_opening_paragraph(document: Any) -> None:
    paragraphs = _body_paragraphs(document)
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text.replace("\n", "") == "{{单位名称}}{{统计年度}}年政府信息公开工作年度报告"
    opening = next(p.text for p in paragraphs if p.text.startswith("本报告根据"))
    assert "《中华人民共和国政府信息公开条例》（国务院令第711号）" in opening
    assert f"（{form.FORM_NAME}）" in opening
    assert "报告统计期限为{{统计年度}}年1月1日至{{统计年度}}年12月31日" in opening
    for name in ("单位名称", "通讯地址", "邮政编码", "联系电话"):
        assert "{{" + name + "}}" in opening
    for heading in form.SECTION_HEADINGS:  # the six parts, in order
        part = heading.split("、", 1)[1].replace("、", "和")
        assert part in opening, part
    assert "共六个部分" in opening


def test_headings_exactly(document: Any) -> None:
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert tuple(by_style["Heading 1"]) == form.SECTION_HEADINGS
    assert tuple(by_style["Heading 2"]) == (*form.OVERVIEW_SUBHEADS, "（一）存在的主要问题", "（二）改进情况")


def _section_texts(document: Any) -> dict[str, list[str]]:
    """heading (level 1 or 2) → the body paragraphs under it."""
    out: dict[str, list[str]] = {}
    current = ""
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            current = p.text
            out[current] = []
        elif current and p.text:
            out[current].append(p.text)
    return out


def test_standard_sentences(document: Any) -> None:
    texts = _section_texts(document)
    proactive = "".join(texts[form.OVERVIEW_SUBHEADS[0]])
    for key in form.SEC2_KEYS:
        table = form.sec2_table_of(key)
        for i in range(table.width):
            assert "{{" + rv.sec2_name(key, i) + "}}" in proactive
    applications = "".join(texts[form.OVERVIEW_SUBHEADS[1]])
    assert applications.startswith(
        "{{统计年度}}年，本机关收到政府信息公开申请{{本年新收}}件（其中自然人申请{{新收_自然人}}件、"
        "法人或其他组织申请{{新收_法人或其他组织}}件），上年结转{{上年结转}}件；办结{{本年办结}}件，"
        "其中予以公开{{予以公开}}件、部分公开{{部分公开}}件、不予公开{{不予公开}}件、无法提供{{无法提供}}件、"
        "不予处理{{不予处理}}件、其他处理{{其他处理}}件；结转下年度继续办理{{结转下年度}}件。【"
    )
    review = "".join(texts[form.SECTION_HEADINGS[3]])
    for name in (rv.REVIEW_TOTAL, rv.LITIGATION_TOTAL, "复议_结果维持", "诉讼_尚未审结"):
        assert "{{" + name + "}}" in review
    other = "".join(texts[form.SECTION_HEADINGS[5]])
    assert "国办函〔2020〕109号" in other and "本年度收取信息处理费{{信息处理费}}元" in other


def test_narrative_places_are_marked(document: Any) -> None:
    texts = _section_texts(document)
    marked = [h for h, body in texts.items() if any(re.search(r"【[^】]+】", t) for t in body)]
    assert marked == [
        *form.OVERVIEW_SUBHEADS,
        "（一）存在的主要问题",
        "（二）改进情况",
        form.SECTION_HEADINGS[5],
    ]


def test_signature_block(document: Any) -> None:
    signature, last = [p for p in document.paragraphs if p.text][-2:]
    assert (signature.text, last.text) == ("{{单位名称}}", "{{成文日期}}")  # the 落款: name, then date
    assert signature.style.name == last.style.name == rt.STYLE_SIGNATURE
    jc = last.style.element.find(qn("w:pPr")).find(qn("w:jc"))
    assert jc.get(qn("w:val")) == "right"


# ---------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------
def test_placeholders_are_documented_and_complete(template: Path) -> None:
    used = rt.template_placeholders(template)
    assert used <= VARIABLES, used - VARIABLES
    groups = {v.name: v.group for v in rv.variables()}
    for group, count in (("表二", 10), ("表三", 175), ("表四", 15)):
        names = {n for n, g in groups.items() if g == group}
        assert len(names) == count and names <= used, (group, names - used)
    # the year-on-year sentences (written with --previous, left out without it: tests/test_publish.py)
    yoy = {n for n in used if groups[n] == "上年比较"}
    assert yoy == {
        n + rv.YOY_SUFFIX
        for n in (rv.RECEIVED, rv.CLOSED, rv.CARRIED_OUT, rv.REVIEW_TOTAL, rv.LITIGATION_TOTAL)
    }


def test_only_bare_placeholders_each_in_one_run(template: Path) -> None:
    for name, xml in _xml_parts(template).items():
        root = docx.oxml.parse_xml(xml.encode("utf-8"))
        texts = [t.text or "" for t in root.iter(qn("w:t"))]
        joined = "".join(texts)
        for bad in ("{%", "%}", "{#", "#}"):
            assert bad not in joined, name
        for text in texts:  # every tag whole inside one w:t, so Word/WPS edits cannot split it
            assert text.count("{{") == text.count("}}") == len(BARE.findall(text)), (name, text)
        assert joined.count("{{") == sum(len(BARE.findall(t)) for t in texts)


def test_fills_completely_with_docxtpl(template: Path) -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    tpl.render({name: "7" for name in VARIABLES})
    buffer = io.BytesIO()
    tpl.save(buffer)
    filled = docx.Document(io.BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in filled.paragraphs)
    cells = "\n".join(c.text for t in filled.tables for row in t.rows for c in row.cells)
    assert "{{" not in text + cells and "}}" not in text + cells
    assert "收到政府信息公开申请7件" in text


# ---------------------------------------------------------------------------------------
# The three tables: exact labels and the official merges
# ---------------------------------------------------------------------------------------
def _spans(document: Any, index: int) -> list[Span]:
    return [
        Span(s.row, s.col, s.rowspan, s.colspan, s.text.replace("\n", ""))
        for s in table_spans(document.tables[index])
    ]


def _ph(name: str) -> str:
    return "{{" + name + "}}"


def test_three_tables_under_their_headings(document: Any) -> None:
    body = document.element.body
    order = []
    for el in body.iterchildren():
        if el.tag == qn("w:tbl"):
            order.append("table")
        elif el.tag == qn("w:p") and el.xpath("string(.)") in form.SECTION_HEADINGS:
            order.append(el.xpath("string(.)"))
    h = form.SECTION_HEADINGS
    assert order == [h[0], h[1], "table", h[2], "table", h[3], "table", h[4], h[5]]
    assert len(document.tables) == 3


def test_table2_layout(document: Any) -> None:
    expected = []
    r = 0
    for table in form.SEC2_TABLES:
        expected.append(Span(r, 0, 1, 4, table.header))
        if table.width == 3:
            expected += [Span(r + 1, 0, 1, 1, "信息内容")]
            expected += [Span(r + 1, 1 + i, 1, 1, c) for i, c in enumerate(table.columns)]
        else:
            expected += [Span(r + 1, 0, 1, 1, "信息内容"), Span(r + 1, 1, 1, 3, table.columns[0])]
        r += 2
        for key in table.rows:
            expected.append(Span(r, 0, 1, 1, key))
            if table.width == 3:
                expected += [Span(r, 1 + i, 1, 1, _ph(rv.sec2_name(key, i))) for i in range(3)]
            else:
                expected.append(Span(r, 1, 1, 3, _ph(rv.sec2_name(key, 0))))
            r += 1
    assert _spans(document, 0) == expected
    assert r == 14


def test_table3_layout(document: Any) -> None:
    cols = form.SEC3_COLUMNS
    expected = [
        Span(0, 0, 3, 3, form.SEC3_NOTE),
        Span(0, 3, 1, 7, "申请人情况"),
        Span(1, 3, 2, 1, "自然人"),
        Span(1, 4, 1, 5, "法人或其他组织"),
        Span(1, 9, 2, 1, "总计"),
        *(
            Span(2, 4 + i, 1, 1, name)
            for i, name in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
        ),
    ]
    group_rows = {"三.三": 8, "三.四": 3, "三.五": 5, "三.六": 3}
    for r, row in enumerate(form.SEC3_ROWS, start=3):
        if row.key == "三.一":
            expected.append(Span(r, 0, 22, 1, "三、本年度办理结果"))  # （一）…（七）总计
        group = row.key.rsplit(".", 1)[0]
        if row.key in ("一", "二", "四"):
            expected.append(Span(r, 0, 1, 3, row.label))
        elif group in group_rows:
            if row.key.endswith(".1"):
                expected.append(Span(r, 1, group_rows[group], 1, form.RESULT_GROUP[group].label))
            expected.append(Span(r, 2, 1, 1, row.label))
        else:  # （一）予以公开 （二）部分公开 （七）总计
            expected.append(Span(r, 1, 1, 2, row.label))
        expected += [Span(r, 3 + c, 1, 1, _ph(rv.sec3_name(row.key, c))) for c in range(len(cols))]
    assert _spans(document, 1) == expected
    assert len(document.tables[1].rows) == 28


def test_table4_layout(document: Any) -> None:
    five = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    expected = [Span(0, 0, 1, 5, "行政复议"), Span(0, 5, 1, 10, "行政诉讼")]
    expected += [Span(1, i, 2, 1, c) for i, c in enumerate(five)]
    expected += [Span(1, 5, 1, 5, "未经复议直接起诉")]
    expected += [Span(2, 5 + i, 1, 1, c) for i, c in enumerate(five)]
    expected += [Span(1, 10, 1, 5, "复议后起诉")]
    expected += [Span(2, 10 + i, 1, 1, c) for i, c in enumerate(five)]
    expected += [Span(3, i, 1, 1, _ph(rv.sec4_name(i))) for i in range(15)]
    assert sorted(_spans(document, 2), key=lambda s: (s.row, s.col)) == sorted(
        expected, key=lambda s: (s.row, s.col)
    )


def test_layouts_match_the_document(document: Any) -> None:
    """The layouts exported for the HTML copy are what the Word tables show."""
    for index, layout in enumerate(rt.table_layouts().values()):
        cells = sorted(
            (Span(c.row, c.col, c.rowspan, c.colspan, c.content) for c in layout.cells),
            key=lambda s: (s.row, s.col),
        )
        assert cells == sorted(_spans(document, index), key=lambda s: (s.row, s.col))


def test_tables_fit_the_text_width(document: Any) -> None:
    text_width = Mm(210 - 28 - 26)
    for table in document.tables:
        grid = table._tbl.tblGrid.gridCol_lst
        assert abs(sum(col.w for col in grid) - text_width) < Mm(0.5)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    header_rows = [
        sum(1 for row in t.rows if row._tr.trPr.find(qn("w:tblHeader")) is not None) for t in document.tables
    ]
    assert header_rows == [0, 3, 3]


# ---------------------------------------------------------------------------------------
# Determinism and the committed file
# ---------------------------------------------------------------------------------------
def test_deterministic_bytes(template: Path, tmp_path: Path) -> None:
    again = rt.write_report_template(tmp_path / "again.docx")
    assert again.read_bytes() == template.read_bytes()
    with zipfile.ZipFile(template) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {docx_util.FIXED_DATE.timetuple()[:6]}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "2021-12-01T00:00:00Z" in core and "lastModifiedBy" not in core
    assert "<cp:revision>1</cp:revision>" in core


def test_committed_template_is_current(template: Path) -> None:
    committed = WORKBOOKS / rt.REPORT_TEMPLATE_NAME
    assert committed.exists(), "run: python -m toolkit.report.template workbooks"
    assert committed.read_bytes() == template.read_bytes(), "run: python -m toolkit.report.template workbooks"


def test_save_docx_normalises_any_document(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("测试")
    doc.core_properties.last_modified_by = "某人"
    a = docx_util.save_docx(doc, tmp_path / "a.docx")
    b = docx_util.save_docx(docx_util.docx_bytes(doc), tmp_path / "b.docx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(io.BytesIO(a.read_bytes())) as z:
        assert "某人" not in z.read("docProps/core.xml").decode("utf-8")
    assert not list(tmp_path.glob(".xxgk-*"))
