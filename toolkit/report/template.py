"""The default report template (.docx): a 公文 (GB/T 9704) with the six sections, the three official
tables and ``{{name}}`` placeholders that ``fill-report`` fills from the 统计表.

Staff edit this file in Word or WPS to write their own narrative (the 【…】 places) around the
placeholders. Placeholders are bare ``{{名字}}`` only — no filters, no logic: Word's autocorrect
would break an expression — and every name is one of ``report_vars.variables()``.

Layout (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心
156 × 225 mm); title 2号方正小标宋简体 centred; body 3号仿宋_GB2312, first line indented two
characters, fixed line spacing 28.95 pt (22 lines a page); level-1 headings 3号黑体, level-2
headings 3号楷体_GB2312; tables 5号仿宋 so that 表三 fits the text width; page numbers 4号宋体
"— 1 —", odd pages right and even pages left, one character in from the edge.

The tables are built from ``toolkit.form`` through ``layout.table_layouts()`` (every cell with its
row, column, spans, label or placeholder), the same layouts the HTML copy is built from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.report import variables as rv
from toolkit.report.docx import (
    FONT_BODY,
    FONT_HEADING1,
    FONT_HEADING2,
    FONT_PAGE_NUMBER,
    FONT_TABLE,
    FONT_TITLE,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_5,
    add_field,
    declare_fonts,
    keep_next,
    keep_with_tables,
    qn,
    save_docx,
    set_east_asian_language,
    set_run_fonts,
)
from toolkit.report.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    LayoutCell,
    TableLayout,
    table_layouts,
)
from toolkit.report.variables import placeholder

#: the file name of the committed default template in workbooks/
REPORT_TEMPLATE_NAME = "政府信息公开工作年度报告模板.docx"
DEFAULT_NAME = REPORT_TEMPLATE_NAME  # the name ``xxgk template report`` writes by default
REPORT_TEMPLATE_TITLE = "政府信息公开工作年度报告模板"

#: 22 lines in the 225 mm 版心: 225 mm / 22 = 28.95 pt (579 twips)
LINE_PITCH_TWIPS = 579
TITLE_LINE_TWIPS = 700  # 35 pt for the 2号 title lines
FOOTER_DISTANCE_MM = 22  # the page number sits about 7 mm under the 版心
HEADER_DISTANCE_MM = 15
CELL_MARGIN_MM = 0.75  # left and right, so that 5-digit counts fit the narrow number columns

# the styles (built-in ones keep Word's navigation pane and outline working)
STYLE_BODY = "Normal"
STYLE_TITLE = "Title"
STYLE_HEADING1 = "Heading 1"
STYLE_HEADING2 = "Heading 2"
STYLE_TABLE_TEXT = "表格文字"
STYLE_SIGNATURE = "落款"
STYLE_FOOTER = "Footer"

# the texts of the opening paragraph and of section 六 that are not labels of the form
REGULATION = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
FORMAT_NOTICE = (
    "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
    f"（{form.FORM_NAME}）"
)
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
#: the marks around a place where the unit writes its own text (R15 warns when one is left)
NARRATIVE_OPEN, NARRATIVE_CLOSE = "【", "】"


def narrative(text: str) -> str:
    return f"{NARRATIVE_OPEN}{text}{NARRATIVE_CLOSE}"


# ---------------------------------------------------------------------------------------
# The text
# ---------------------------------------------------------------------------------------
def _section_name(heading: str) -> str:
    return heading.split("、", 1)[1]


def _numeral(heading: str) -> str:
    return heading.split("、", 1)[0]


def opening_paragraph() -> str:
    parts = [_section_name(h).replace("、", "和") for h in form.SECTION_HEADINGS]
    year, unit = placeholder("统计年度"), placeholder("单位名称")
    return (
        f"本报告根据{REGULATION}和{FORMAT_NOTICE}要求编制。"
        f"报告全文包括{'、'.join(parts)}，共{_numeral(form.SECTION_HEADINGS[-1])}个部分。"
        f"报告统计期限为{year}年1月1日至{year}年12月31日。"
        f"如对本报告有疑问，请与{unit}联系（地址：{placeholder('通讯地址')}；"
        f"邮编：{placeholder('邮政编码')}；电话：{placeholder('联系电话')}）。"
    )


def _proactive_sentence() -> str:
    rules, normative = form.SEC2_DOCUMENT_KEYS
    permit, penalty, coercion = tuple(k for k in form.SEC2_KEYS if k not in form.SEC2_DOCUMENT_KEYS)[:3]
    made, repealed, in_force = range(3)
    made_word, repealed_word, in_force_word = form.SEC2_SHORT_COLUMNS[0]

    def doc(key: str, index: int) -> str:
        return f"{key}{placeholder(rv.sec2_name(key, index))}件"

    def decision(key: str) -> str:
        return f"{key}决定{placeholder(rv.sec2_name(key, 0))}件"

    fee = form.SEC2_FEE_KEY
    return (
        f"{placeholder('统计年度')}年，本机关{made_word}{doc(rules, made)}、{doc(normative, made)}，"
        f"{repealed_word}{doc(rules, repealed)}、{doc(normative, repealed)}；"
        f"截至年底，{in_force_word}{doc(rules, in_force)}、{doc(normative, in_force)}。"
        f"本年作出{decision(permit)}、{decision(penalty)}、{decision(coercion)}，"
        f"收取{fee}{placeholder(rv.sec2_name(fee, 0))}万元。"
        + narrative(
            "请在此补充主动公开工作的具体做法和成效，如通过政府网站、政务新媒体等渠道主动公开政府信息的情况"
        )
    )


def _application_sentence() -> str:
    natural = form.APPLICANT_TYPES[0]
    legal = form.SEC3_LEGAL_PERSON_GROUP
    results = "、".join(f"{g.short}{placeholder(g.short)}件" for g in form.RESULT_GROUPS)
    carried_out = _section_name(form.SEC3_ROW[form.CARRIED_OUT_KEY].label)
    return (
        f"{placeholder('统计年度')}年，本机关收到政府信息公开申请{placeholder(rv.RECEIVED)}件"
        f"（其中{natural}申请{placeholder(rv.received_name(natural))}件、"
        f"{legal}申请{placeholder(rv.received_name(legal))}件），"
        f"{rv.CARRIED_IN}{placeholder(rv.CARRIED_IN)}件；办结{placeholder(rv.CLOSED)}件，其中{results}；"
        f"{carried_out}{placeholder(rv.CARRIED_OUT)}件。"
        + narrative("请在此补充依申请公开工作的具体做法，如申请渠道、办理流程、答复质量等")
    )


_OVERVIEW_NARRATIVES = (
    None,  # （一）: the proactive sentence
    None,  # （二）: the application sentence
    "请在此填写政府信息管理情况，如公开属性源头认定、保密审查、政策解读、规范性文件清理等",
    "请在此填写政府信息公开平台建设情况，如政府网站、政务新媒体、政务公开专区等",
    "请在此填写监督保障情况，如工作机构和人员、教育培训、考核评议、责任追究等",
)


def _review_sentence() -> str:
    def results(prefix: str) -> str:
        return "、".join(
            f"{column}{placeholder(f'{prefix}_{column}')}件" for column in form.SEC4_BLOCK_COLUMNS[:4]
        )

    return (
        f"{placeholder('统计年度')}年，本机关因政府信息公开工作被申请{form.SEC4_REVIEW}"
        f"{placeholder(rv.REVIEW_TOTAL)}件，其中{results(rv.REVIEW)}；"
        f"被提起{form.SEC4_LITIGATION}{placeholder(rv.LITIGATION_TOTAL)}件，其中{results(rv.LITIGATION)}。"
    )


def _yoy(name: str) -> str:
    return placeholder(name + rv.YOY_SUFFIX)


def application_comparison() -> str:
    """The year-on-year sentence of the applications (a paragraph of 上年比较 placeholders only:
    written with ``--previous``, left out without it)."""
    carried_out = _section_name(form.SEC3_ROW[form.CARRIED_OUT_KEY].label)
    return (
        f"本年收到政府信息公开申请数量{_yoy(rv.RECEIVED)}，办结数量{_yoy(rv.CLOSED)}，"
        f"{carried_out}数量{_yoy(rv.CARRIED_OUT)}。"
    )


def review_comparison() -> str:
    """The year-on-year sentence of section 四 (上年比较 placeholders only, as above)."""
    return (
        f"本年{form.SEC4_REVIEW}案件{_yoy(rv.REVIEW_TOTAL)}，"
        f"{form.SEC4_LITIGATION}案件{_yoy(rv.LITIGATION_TOTAL)}。"
    )


def _fee_sentence() -> str:
    return (
        f"本机关按照{FEE_RULES}规定的收费标准和要求，本年度收取信息处理费{placeholder(rv.FEE_CHARGED)}元。"
        + narrative(
            "请在此补充其他需要报告的事项，如人大代表建议和政协提案办理结果公开情况、"
            "年度政务公开工作要点落实情况等；没有的，请删除本括号内容"
        )
    )


def problems_subheads() -> tuple[str, str]:
    """（一）存在的主要问题, （二）改进情况: the two halves of section 五's heading."""
    problems, improvements = _section_name(form.SECTION_HEADINGS[4]).split("及")
    first, second = (_subhead_number(form.OVERVIEW_SUBHEADS[i]) for i in range(2))
    return f"{first}{problems}", f"{second}{improvements}"


def _subhead_number(subhead: str) -> str:
    return subhead[: subhead.index("）") + 1]


# ---------------------------------------------------------------------------------------
# Writing the document
# ---------------------------------------------------------------------------------------
def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _set_ppr(style_or_paragraph: Any, **attrs: dict[str, str] | None) -> None:
    """Replace pPr children (``spacing``, ``ind``, ``jc``…) of a style or paragraph, in schema order."""
    from docx.oxml import OxmlElement

    el = style_or_paragraph.element if hasattr(style_or_paragraph, "element") else style_or_paragraph
    ppr = el if el.tag == qn("w:pPr") else el.get_or_add_pPr()
    for local, values in attrs.items():
        tag = local.replace("_", "")
        for old in ppr.findall(qn(f"w:{tag}")):
            ppr.remove(old)
        if values is None:
            continue
        new = OxmlElement(f"w:{tag}")
        for key, value in values.items():
            new.set(qn(f"w:{key}"), value)
        ppr.insert_element_before(new, *_PPR_AFTER[tag])


_PPR_SEQUENCE = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_PPR_AFTER = {tag: tuple(f"w:{t}" for t in _PPR_SEQUENCE[i + 1 :]) for i, tag in enumerate(_PPR_SEQUENCE)}


def _exact(twips: int) -> dict[str, str]:
    return {"before": "0", "after": "0", "line": str(twips), "lineRule": "exact"}


_SINGLE = {"before": "0", "after": "0", "line": "240", "lineRule": "auto"}


def _indent_chars(chars: int, size_pt: float) -> dict[str, str]:
    """A first-line indent of ``chars`` characters (w:firstLineChars wins in Word/WPS; w:firstLine
    is the same distance for readers that ignore it)."""
    return {"firstLineChars": str(chars * 100), "firstLine": str(round(chars * size_pt * 20))}


_NO_INDENT = {"left": "0", "right": "0", "firstLineChars": "0", "firstLine": "0"}


def _reset_style(style: Any) -> None:
    """Drop a built-in style's own paragraph and run properties (theme fonts, colours, borders)."""
    el = style.element
    for local in ("pPr", "rPr"):
        for old in el.findall(qn(f"w:{local}")):
            el.remove(old)


def _define_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    # document defaults: Chinese language, the body font
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr_default, east_asian=FONT_BODY, size_pt=SIZE_3)
    set_east_asian_language(rpr_default)
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_ppr(ppr_default, spacing=_SINGLE)

    body = styles[STYLE_BODY]
    _reset_style(body)
    set_run_fonts(body, east_asian=FONT_BODY, size_pt=SIZE_3)
    _set_ppr(body, spacing=_exact(LINE_PITCH_TWIPS), ind=_indent_chars(2, SIZE_3), jc={"val": "both"})

    title = styles[STYLE_TITLE]
    _reset_style(title)
    set_run_fonts(title, east_asian=FONT_TITLE, size_pt=SIZE_2, bold=False)
    _set_ppr(title, spacing=_exact(TITLE_LINE_TWIPS), ind=_NO_INDENT, jc={"val": "center"})

    for name, font in ((STYLE_HEADING1, FONT_HEADING1), (STYLE_HEADING2, FONT_HEADING2)):
        heading = styles[name]
        level = "0" if name == STYLE_HEADING1 else "1"
        _reset_style(heading)
        set_run_fonts(heading, east_asian=font, size_pt=SIZE_3, bold=False)
        _set_ppr(
            heading,
            keepNext={},
            keepLines={},
            spacing=_exact(LINE_PITCH_TWIPS),
            ind=_indent_chars(2, SIZE_3),
            jc={"val": "both"},
            outlineLvl={"val": level},
        )
    # the linked character styles of the built-ins carry theme fonts and colours too
    for name, font in (
        ("Heading 1 Char", FONT_HEADING1),
        ("Heading 2 Char", FONT_HEADING2),
        ("Title Char", FONT_TITLE),
    ):
        if name in [s.name for s in styles]:
            _reset_style(styles[name])
            set_run_fonts(styles[name], east_asian=font, bold=False)

    table_text = styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = body
    table_text.quick_style = True
    set_run_fonts(table_text, east_asian=FONT_TABLE, size_pt=SIZE_5)
    _set_ppr(table_text, spacing=_SINGLE, ind=_NO_INDENT, jc={"val": "center"})

    signature = styles.add_style(STYLE_SIGNATURE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = body
    signature.quick_style = True
    _set_ppr(signature, ind={**_NO_INDENT, "rightChars": "400", "right": str(round(4 * SIZE_3 * 20))})
    _set_ppr(signature, jc={"val": "right"})

    footer = styles[STYLE_FOOTER]
    _reset_style(footer)
    set_run_fonts(footer, east_asian=FONT_PAGE_NUMBER, size_pt=SIZE_4)
    _set_ppr(footer, spacing=_SINGLE, ind=_NO_INDENT)

    table_grid = styles["Table Grid"]
    set_run_fonts(table_grid, east_asian=FONT_TABLE, size_pt=SIZE_5)


def _clean_package(document: Any) -> None:
    """Drop what python-docx's default template carries that a Chinese 公文 should not: the
    English thumbnail, Word 2010's stale stylesWithEffects, the sample bibliography; set the theme's
    East-Asian language to Chinese."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.rels.pop(rid)
    settings = document.settings.element
    for local in ("savePreviewPicture", "rsids", "attachedTemplate"):
        for el in settings.findall(qn(f"w:{local}")):
            settings.remove(el)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _page_setup(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE_MM), Mm(FOOTER_DISTANCE_MM)
    section.gutter = 0
    # page numbers "— 1 —" (GB/T 9704 7.5): odd pages right, even pages left, one character in
    document.settings.odd_and_even_pages_header_footer = True
    indent = str(round(SIZE_4 * 20))
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[STYLE_FOOTER]
        _set_ppr(paragraph._p, ind={**_NO_INDENT, side: indent}, jc={"val": side})
        _run(paragraph, "— ", FONT_PAGE_NUMBER, SIZE_4)
        set_run_fonts(add_field(paragraph, "PAGE"), east_asian=FONT_PAGE_NUMBER, size_pt=SIZE_4)
        _run(paragraph, " —", FONT_PAGE_NUMBER, SIZE_4)
        for run in paragraph.runs:
            set_run_fonts(run, east_asian=FONT_PAGE_NUMBER, size_pt=SIZE_4)
        set_run_fonts(paragraph._p, east_asian=FONT_PAGE_NUMBER, size_pt=SIZE_4)


def _run(paragraph: Any, text: str, font: str, size: float) -> Any:
    run = paragraph.add_run(text)
    set_run_fonts(run, east_asian=font, size_pt=size)
    return run


def _paragraph(document: Any, text: str, style: str, font: str, size: float = SIZE_3) -> Any:
    paragraph = document.add_paragraph(style=document.styles[style])
    if text:
        _run(paragraph, text, font, size)
    set_run_fonts(paragraph._p, east_asian=font, size_pt=size)  # the paragraph mark
    return paragraph


def _add_table(document: Any, layout: TableLayout) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    layout.check()
    table = document.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(_twips(w) for w in layout.widths_mm)))
    width.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(width, "w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(_twips(CELL_MARGIN_MM)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for grid_col, width_mm in zip(table._tbl.tblGrid.gridCol_lst, layout.widths_mm, strict=True):
        grid_col.w = Mm(width_mm)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < layout.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c, cell in enumerate(row.cells):
            cell.width = Mm(layout.widths_mm[c])
    for spec in layout.cells:  # merge first: a merge moves the merged cells' paragraphs around
        if spec.rowspan > 1 or spec.colspan > 1:
            table.cell(spec.row, spec.col).merge(
                table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1)
            )
    for spec in layout.cells:
        _fill_cell(table.cell(spec.row, spec.col), spec)
    style_id = document.styles[STYLE_TABLE_TEXT].style_id
    for p in table._tbl.iter(qn("w:p")):  # every paragraph, those of covered cells too
        p.style = style_id
        set_run_fonts(p, east_asian=FONT_TABLE, size_pt=SIZE_5)
    # a row of heads (a 表二 sub-table's heading and its 信息内容 row) stays with the row below it
    for r, cells in enumerate(layout.rows()):
        if cells and all(cell.role in _HEADING_ROLES for cell in cells):
            for p in table._tbl.tr_lst[r].iter(qn("w:p")):
                keep_next(p)
    return table


_HEADING_ROLES = ("title", "head", "note")


def _fill_cell(cell: Any, spec: LayoutCell) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # a merge gathers one empty paragraph per merged cell: keep only the first
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = paragraphs[0]
    if spec.role == "label":
        _set_ppr(paragraph._p, jc={"val": "left"})
    if spec.role == "group" and spec.text.startswith("（"):
        # a group label breaks after its number (（三）⏎不予…), as in the official table's narrow column
        number = _subhead_number(spec.text)
        _run(paragraph, number, FONT_TABLE, SIZE_5).add_break()
        _run(paragraph, spec.text[len(number) :], FONT_TABLE, SIZE_5)
    else:
        _run(paragraph, spec.content, FONT_TABLE, SIZE_5)


def build_report_template() -> Any:
    """The default report template as a python-docx Document."""
    import docx

    document = docx.Document()
    core = document.core_properties
    core.title, core.author, core.comments = REPORT_TEMPLATE_TITLE, "xxgk", form.FORM_NAME
    _clean_package(document)
    declare_fonts(document)
    _define_styles(document)
    _page_setup(document)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the default template's empty first paragraph
        body.remove(p)

    title = _paragraph(document, "", STYLE_TITLE, FONT_TITLE, SIZE_2)
    _run(title, placeholder("单位名称"), FONT_TITLE, SIZE_2).add_break()
    _run(title, f"{placeholder('统计年度')}年政府信息公开工作年度报告", FONT_TITLE, SIZE_2)
    _paragraph(document, "", STYLE_BODY, FONT_BODY)  # 标题下空一行
    _paragraph(document, opening_paragraph(), STYLE_BODY, FONT_BODY)

    headings = form.SECTION_HEADINGS
    layouts = table_layouts()
    sentences = (_proactive_sentence(), _application_sentence())
    for heading in headings:
        _paragraph(document, heading, STYLE_HEADING1, FONT_HEADING1)
        if heading == headings[0]:
            for i, subhead in enumerate(form.OVERVIEW_SUBHEADS):
                _paragraph(document, subhead, STYLE_HEADING2, FONT_HEADING2)
                text = sentences[i] if i < len(sentences) else narrative(_OVERVIEW_NARRATIVES[i] or "")
                _paragraph(document, text, STYLE_BODY, FONT_BODY)
                if i == 1:
                    _paragraph(document, application_comparison(), STYLE_BODY, FONT_BODY)
        elif heading == headings[3]:
            _paragraph(document, _review_sentence(), STYLE_BODY, FONT_BODY)
            _paragraph(document, review_comparison(), STYLE_BODY, FONT_BODY)
        elif heading == headings[4]:
            problems, improvements = problems_subheads()
            _paragraph(document, problems, STYLE_HEADING2, FONT_HEADING2)
            _paragraph(
                document, narrative("请在此填写本机关政府信息公开工作存在的主要问题"), STYLE_BODY, FONT_BODY
            )
            _paragraph(document, improvements, STYLE_HEADING2, FONT_HEADING2)
            _paragraph(
                document,
                narrative("请在此填写针对上述问题采取的改进措施和下一步工作打算"),
                STYLE_BODY,
                FONT_BODY,
            )
        elif heading == headings[5]:
            _paragraph(document, _fee_sentence(), STYLE_BODY, FONT_BODY)
        if heading in layouts:
            _add_table(document, layouts[heading])
    _paragraph(document, "", STYLE_BODY, FONT_BODY)
    _paragraph(document, "", STYLE_BODY, FONT_BODY)
    _paragraph(document, placeholder("单位名称"), STYLE_SIGNATURE, FONT_BODY)
    _paragraph(document, placeholder(rv.ISSUED), STYLE_SIGNATURE, FONT_BODY)
    keep_with_tables(document)
    return document


def write_report_template(path: Path | str) -> Path:
    """Write the default report template to ``path`` (deterministic bytes, atomic)."""
    return save_docx(build_report_template(), Path(path))


def write_standard_report_template(folder: Path | str) -> Path:
    """(Re)generate workbooks/政府信息公开工作年度报告模板.docx: ``python -m toolkit.report.template``."""
    return write_report_template(Path(folder) / REPORT_TEMPLATE_NAME)


def template_placeholders(path: Path | str) -> set[str]:
    """The variables a report template uses, in every part ``fill-report`` fills (body, tables,
    headers, footers, footnotes, endnotes, document properties: ``render.template_parts``)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, meta

    from toolkit.report.render import jinja_source, template_parts

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    env = Environment()
    used: set[str] = set()
    for part in template_parts(tpl, str(path)):
        used |= meta.find_undeclared_variables(env.parse(jinja_source(tpl, part)))
    return used


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(write_standard_report_template(Path(sys.argv[1] if len(sys.argv) > 1 else "workbooks")))
