"""Filled values are never template source, in every part of the report (issue 14, v13), and the
report's placeholders behave: endnotes are filled like footnotes, docxtpl's ``{{p 名称}}``/``{{r 名称}}``
forms are refused, and every file ``fill-report`` writes is checked before anything is written.

The hostile template has a placeholder line in the body, a table, two sections with their own headers
and footers, a footnote and an endnote, and in two document properties; the values put in it carry
Jinja syntax, docxtpl's own escapes, XML and control characters."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from engine import require_soffice
from lxml import etree
from test_fill_report import varied_table, write_template
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.errors import OutputError, UsageError
from toolkit.report import fill as report_fill
from toolkit.report.fill import fill_report
from toolkit.report.render import render, template_parts
from toolkit.report.validate import environment, open_template
from toolkit.table import UnitInfo
from toolkit.write.provenance import sources_sheet
from toolkit.write.stats_workbook import write_stats_workbook

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
LINE = "单位{{单位名称}}｜联系人{{联系人}}｜地址{{通讯地址}}"
NOTES = {
    "footnotes": ("footnote", "脚注：", "footnoteReference"),
    "endnotes": ("endnote", "尾注：", "endnoteReference"),
}
#: where each placeholder line stands → the zip member that must hold it, filled
PLACES = {
    "正文：": "word/document.xml",
    "表格：": "word/document.xml",
    "第二节正文：": "word/document.xml",
    "页眉一：": "header",
    "页眉二：": "header",
    "页脚一：": "footer",
    "页脚二：": "footer",
    "脚注：": "word/footnotes.xml",
    "尾注：": "word/endnotes.xml",
}
HOSTILE = [
    pytest.param(
        "{{本年新收}}镇人民政府",
        "{{ 1/0 }}",
        "{% for x in range(3) %}x{% endfor %}",
        id="placeholder-division-loop",
    ),
    pytest.param("{#未闭合的注释", "}}{_{{_%%_}", "<w:p>&amp;\"'换行", id="comment-docxtpl-escapes-xml"),
]


def write_stats(path: Path, name: str, contact: str, address: str) -> Path:
    unit = UnitInfo(name=name, year=2024, contact=contact, address=address)
    return write_stats_workbook(varied_table(), path, unit, [sources_sheet([], Decimal(0), [])])


def _note_part(kind: str, text: str) -> str:
    tag, _, _ = NOTES[kind]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W}">'
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        f'</w:p></w:{tag}><w:{tag} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{tag}></w:{kind}>'
    )


def with_notes(path: Path, footnote: str | None, endnote: str | None) -> Path:
    """Add a footnote and an endnote (their parts, relationships, content types and references)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    body = parts["word/document.xml"].decode()
    for kind, text in (("footnotes", footnote), ("endnotes", endnote)):
        if text is None:
            continue
        _, _, reference = NOTES[kind]
        parts[f"word/{kind}.xml"] = _note_part(kind, text).encode()
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdX{kind}" Target="{kind}.xml" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/{kind}"/></Relationships>',
        )
        types = types.replace(
            "</Types>",
            f'<Override PartName="/word/{kind}.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.wordprocessingml.{kind}+xml"/></Types>',
        )
        body = body.replace("</w:body>", f'<w:p><w:r><w:{reference} w:id="1"/></w:r></w:p></w:body>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def hostile_template(path: Path) -> Path:
    """The placeholder line in the body, a table, two sections' headers and footers, a footnote, an
    endnote, and two document properties."""
    document = docx.Document()
    document.add_paragraph("正文：" + LINE)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "表格：" + LINE
    first = document.sections[0]
    first.header.paragraphs[0].text = "页眉一：" + LINE
    first.footer.paragraphs[0].text = "页脚一：" + LINE
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.footer.is_linked_to_previous = False
    second.header.paragraphs[0].text = "页眉二：" + LINE
    second.footer.paragraphs[0].text = "页脚二：" + LINE
    document.add_paragraph("第二节正文：" + LINE)
    document.core_properties.subject = "{{单位名称}}"
    document.core_properties.comments = "联系人{{联系人}}"
    document.save(str(path))
    return with_notes(path, "脚注：" + LINE, "尾注：" + LINE)


def part_lines(path: Path) -> dict[str, list[str]]:
    """document/footnotes/endnotes member, or "header"/"footer" (all of them) → the text of each
    paragraph (tabs as \\t, breaks as \\n)."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            found = re.fullmatch(r"word/(document|header|footer|footnotes|endnotes)\d*\.xml", name)
            if found is None:
                continue
            key = found.group(1) if found.group(1) in ("header", "footer") else name
            for p in etree.fromstring(zf.read(name)).iter(f"{{{W}}}p"):
                pieces = [
                    node.text or ""
                    if node.tag == f"{{{W}}}t"
                    else "\t"
                    if node.tag == f"{{{W}}}tab"
                    else "\n"
                    for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br")
                ]
                out.setdefault(key, []).append("".join(pieces))
    return out


# ---------------------------------------------------------------------------------------
# Values are never template source, in any part
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "contact", "address"), HOSTILE)
def test_hostile_values_come_out_literally_in_every_part(
    tmp_path: Path, name: str, contact: str, address: str
) -> None:
    stats = write_stats(tmp_path / "s.xlsx", name, contact, address)
    result = fill_report(
        stats, tmp_path / "r.docx", template=hostile_template(tmp_path / "t.docx"), html=True
    )
    assert result.ok
    filled = f"单位{name}｜联系人{contact}｜地址{address}"
    lines = part_lines(result.docx)
    for place, member in PLACES.items():
        assert lines[member].count(place + filled) == 1, place
    assert not any("{{联系人}}" in line or "{{单位名称}}" in line for part in lines.values() for line in part)
    reopened = docx.Document(str(result.docx))  # python-docx opens it
    assert reopened.core_properties.subject == name
    assert reopened.core_properties.comments == f"联系人{contact}"
    assert len(reopened.sections) == 2
    assert "正文：单位" + name in html.unescape(result.html.read_text(encoding="utf-8"))


def test_a_placeholder_in_a_value_is_not_substituted_even_when_its_name_is_known(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "{{本年新收}}镇", "{{单位名称}}", "{{联系人}}")
    result = fill_report(stats, tmp_path / "r.docx", template=hostile_template(tmp_path / "t.docx"))
    notes = part_lines(result.docx)["word/footnotes.xml"]
    assert "脚注：单位{{本年新收}}镇｜联系人{{单位名称}}｜地址{{联系人}}" in notes


def test_a_long_name_fills_every_part_and_a_property_keeps_255_characters(tmp_path: Path) -> None:
    name = "某镇" + "长" * 300
    stats = write_stats(tmp_path / "s.xlsx", name, "张三", "人民路")
    result = fill_report(stats, tmp_path / "r.docx", template=hostile_template(tmp_path / "t.docx"))
    lines = part_lines(result.docx)
    assert f"尾注：单位{name}｜联系人张三｜地址人民路" in lines["word/endnotes.xml"]
    # a document property holds at most 255 characters (python-docx refuses more)
    assert docx.Document(str(result.docx)).core_properties.subject == name[:255]


def test_control_characters_in_a_value_are_dropped_not_written_into_the_xml(tmp_path: Path) -> None:
    """The 统计表 reader already turns them into spaces; the renderer does not rely on it."""
    tpl = open_template(hostile_template(tmp_path / "t.docx").read_bytes(), "t.docx")
    context = {"单位名称": "某\x07镇\x0c\x00", "联系人": "张\x1b三", "通讯地址": "人民路"}
    render(tpl, template_parts(tpl, "t.docx"), context, environment())
    tpl.docx.save(str(tmp_path / "r.docx"))
    lines = part_lines(tmp_path / "r.docx")
    for place, member in PLACES.items():
        assert f"{place}单位某镇｜联系人张三｜地址人民路" in lines[member], place
    assert docx.Document(str(tmp_path / "r.docx")).core_properties.subject == "某镇"


@pytest.mark.slow
def test_the_filled_hostile_report_converts_in_libreoffice(tmp_path: Path) -> None:
    require_soffice()
    stats = write_stats(tmp_path / "s.xlsx", "{{本年新收}}镇人民政府", "{{ 1/0 }}", "人民路<1>号")
    result = fill_report(stats, tmp_path / "r.docx", template=hostile_template(tmp_path / "t.docx"), pdf=True)
    assert result.pdf is not None and result.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(result.pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    flat = re.sub(r"\s+", "", text)
    for place in ("正文：", "页眉一：", "页脚二：", "第二节正文："):
        assert place + "单位{{本年新收}}镇人民政府｜联系人{{1/0}}｜地址人民路<1>号" in flat


# ---------------------------------------------------------------------------------------
# Endnotes are template parts like footnotes
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("footnote", "endnote", "where", "message"),
    [
        (None, "见{{不存在的名称}}", "尾注", "不是可用的名称"),
        ("见{{本年 新收}}", None, "脚注", "写法有误"),
        (None, "见{{本年新收|int}}", "尾注", "只能使用"),
    ],
)
def test_placeholders_in_notes_are_checked(
    tmp_path: Path, footnote: str | None, endnote: str | None, where: str, message: str
) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    template = with_notes(write_template(tmp_path / "t.docx", "收到申请{{本年新收}}件"), footnote, endnote)
    with pytest.raises(UsageError, match=message) as err:
        fill_report(stats, tmp_path / "r.docx", template=template)
    assert where in str(err.value) or "不是可用的名称" in str(err.value)
    assert not (tmp_path / "r.docx").exists()


# ---------------------------------------------------------------------------------------
# docxtpl's paragraph/run forms are refused
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{{p 单位名称}}", "{{单位名称}}"),
        ("收到申请{{r 本年新收}}件", "{{本年新收}}"),
        ("{{tr 本年新收}}", "{{本年新收}}"),
        ("{%p if 本年新收 %}有申请{%p endif %}", "{{名称}}"),
        ("{#p 说明 #}", "{{名称}}"),
    ],
)
def test_paragraph_and_run_placeholders_are_refused(tmp_path: Path, text: str, shown: str) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    template = write_template(tmp_path / "t.docx", "标题", text)
    with pytest.raises(UsageError) as err:
        fill_report(stats, tmp_path / "r.docx", template=template)
    message = str(err.value)
    assert shown in message and "正文" in message and "\n" not in message
    assert not (tmp_path / "r.docx").exists()


def test_a_run_placeholder_in_a_table_cell_or_header_names_the_part(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    document = docx.Document()
    document.add_paragraph("收到申请{{本年新收}}件")
    document.sections[0].header.paragraphs[0].text = "{{r 单位名称}}"
    document.save(str(tmp_path / "t.docx"))
    with pytest.raises(UsageError, match="页眉") as err:
        fill_report(stats, tmp_path / "r.docx", template=tmp_path / "t.docx")
    assert "{{单位名称}}" in str(err.value)


# ---------------------------------------------------------------------------------------
# Every target checked before anything is written
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("flag", "suffix"), [("html", ".html"), ("pdf", ".pdf")])
def test_a_copy_whose_target_is_a_folder_is_refused_before_anything_is_written(
    tmp_path: Path, flag: str, suffix: str
) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    (tmp_path / f"r{suffix}").mkdir()
    with pytest.raises(UsageError, match="文件夹") as err:
        fill_report(stats, tmp_path / "r.docx", **{flag: True})
    assert f"r{suffix}" in str(err.value)
    assert not (tmp_path / "r.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["s.xlsx", f"r{suffix}"])


def test_a_path_through_a_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="不是文件夹"):
        fill_report(stats, tmp_path / "a-file" / "sub" / "r.docx", html=True)


def test_a_write_failing_after_the_report_was_written_says_what_was_and_was_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "示范镇", "张三", "人民路")
    real_write = report_fill.atomic_write

    def failing(path: Path, data: bytes) -> None:
        if path.suffix == ".html":  # e.g. the disk filled up, or a folder appeared since the check
            raise OutputError("无法写入（磁盘空间不足），请检查磁盘空间和权限", path=str(path))
        real_write(path, data)

    monkeypatch.setattr(report_fill, "atomic_write", failing)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["fill-report", str(stats), "-o", str(out), "--html"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert f"已写入 年度报告 {out}" in said and f"未写入 网页版 {out.with_suffix('.html')}" in said
    assert "磁盘空间不足" in said and "Traceback" not in said
    assert out.is_file() and not out.with_suffix(".html").exists()
    docx.Document(str(out))  # the report that was written is whole


def test_the_default_template_publishes_a_hostile_unit_name_literally(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", "{{本年新收}}{{ 1/0 }}镇", "张三", "人民路")
    result = fill_report(stats, tmp_path / "r.docx")
    assert result.ok
    title = next(line for line in part_lines(result.docx)["word/document.xml"] if line.strip())
    assert title.startswith("{{本年新收}}{{ 1/0 }}镇")


def test_a_header_shared_by_two_sections_is_filled_once_and_stays_one_part(tmp_path: Path) -> None:
    """Two relationships to the same header part (a hostile or hand-edited template)."""
    document = docx.Document()
    document.add_paragraph("收到申请{{本年新收}}件")
    document.sections[0].header.paragraphs[0].text = "页眉：单位{{单位名称}}"
    document.add_section(WD_SECTION.NEW_PAGE)
    document.save(str(tmp_path / "t.docx"))
    with zipfile.ZipFile(tmp_path / "t.docx") as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    header_rel = re.search(r'<Relationship [^>]*Target="(header\d+\.xml)"[^>]*/>', rels)
    assert header_rel is not None
    twin = f'<Relationship Id="rIdTwin" Target="{header_rel.group(1)}" Type="{W_HEADER}"/>'
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", twin + "</Relationships>"
    ).encode()
    body = parts["word/document.xml"].decode()
    last = body.rindex("<w:sectPr")
    reference = '<w:headerReference w:type="default" r:id="rIdTwin"/>'
    body = body[:last] + re.sub(r"(<w:sectPr[^>]*>)", r"\1" + reference, body[last:], count=1)
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(tmp_path / "t.docx", "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    stats = write_stats(tmp_path / "s.xlsx", "{{本年新收}}镇", "张三", "人民路")
    result = fill_report(stats, tmp_path / "r.docx", template=tmp_path / "t.docx")
    with zipfile.ZipFile(result.docx) as zf:
        names = zf.namelist()
    assert len(names) == len(set(names))
    assert [h for h in names if "header" in h and h.endswith(".xml")] == [f"word/{header_rel.group(1)}"]
    assert part_lines(result.docx)["header"] == ["页眉：单位{{本年新收}}镇"]
    assert len(docx.Document(str(result.docx)).sections) == 2
