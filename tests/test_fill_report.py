"""``fill_report``: the annual report filled from a 统计表 — the numbers of the three tables at the
right cells with the official merges, no Jinja left, the template check (unknown placeholders,
broken syntax), the narrative warnings (R14 typed numbers, R15 stale years and unfinished 【…】,
R16 fee), the HTML copy, the PDF, refusal of a table with errors, determinism, untouched inputs."""

from __future__ import annotations

import hashlib
import html
import random
import re
import subprocess
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from engine import require_soffice
from log_fixtures import case, write_log
from sample_layout import write_2019_layout, write_sample_layout

from toolkit import form
from toolkit.errors import UnreadableInput, UsageError
from toolkit.report import pdf as report_pdf
from toolkit.report import variables as report_vars
from toolkit.report.docx import FONT_BODY, qn, table_spans
from toolkit.report.fill import NO_SOFFICE_NOTE, fill_report
from toolkit.report.html import official_table
from toolkit.report.template import table_layouts
from toolkit.table import Table, UnitInfo
from toolkit.write.provenance import sources_sheet
from toolkit.write.stats_workbook import write_stats_workbook

UNIT = "示范县示范镇人民政府"
YEAR = 2024
DATA = Path(__file__).parent / "data"


# ---------------------------------------------------------------------------------------
# Fixtures: varied tables that pass every check, their 统计表, small templates
# ---------------------------------------------------------------------------------------
def varied_table(year: int = YEAR, seed: int = 7, carried_in: list[int] | None = None) -> Table:
    """A table with different numbers in (nearly) every cell, R1–R4 holding."""
    rng = random.Random(seed)
    t = Table(UNIT, year)
    for key in form.RESULT_KEYS:
        t.sec3[key][: form.TOTAL_COL] = [rng.randint(0, 9) for _ in range(form.TOTAL_COL)]
    t.sec3[form.CARRIED_IN_KEY][: form.TOTAL_COL] = carried_in or [rng.randint(0, 4) for _ in range(6)]
    t.sec3[form.CARRIED_OUT_KEY][: form.TOTAL_COL] = [rng.randint(0, 5) for _ in range(6)]
    for c in range(form.TOTAL_COL):
        concluded = sum(t.sec3[k][c] for k in form.RESULT_KEYS)
        received = concluded + t.sec3[form.CARRIED_OUT_KEY][c] - t.sec3[form.CARRIED_IN_KEY][c]
        if received < 0:
            t.sec3[form.CARRIED_OUT_KEY][c] -= received
            received = 0
        t.sec3[form.RECEIVED_KEY][c] = received
    t.sec4 = [rng.randint(0, 6) for _ in range(form.SEC4_WIDTH)]
    t.sec2 = {
        form.SEC2_RULES_KEY: [0, 0, 0],
        form.SEC2_NORMATIVE_KEY: [rng.randint(1, 9), rng.randint(1, 5), rng.randint(20, 40)],
        "行政许可": rng.randint(100, 300),
        "行政处罚": rng.randint(10, 99),
        "行政强制": rng.randint(1, 9),
        form.SEC2_FEE_KEY: Decimal("7730.28"),
    }
    return t.with_totals()


def info(year: int = YEAR) -> UnitInfo:
    return UnitInfo(
        name=UNIT,
        year=year,
        level=form.UNIT_LEVELS[-2].label,
        contact="李四",
        phone="0901-3456789",
        address="示范县人民路1号",
        postcode="834600",
    )


def write_stats(path: Path, table: Table, *, fee_yuan: Decimal | None = None, year: int = YEAR) -> Path:
    extra = [sources_sheet([], fee_yuan, [])] if fee_yuan is not None else []
    return write_stats_workbook(table, path, info(year), extra)


def write_template(path: Path, *paragraphs: str) -> Path:
    """A tiny report template: one paragraph per text (under a heading where the text is one)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_numbers(table: Table) -> dict[str, str]:
    """placeholder name → the number the report must show, straight from the table."""
    out: dict[str, str] = {}
    for key in form.SEC2_KEYS:
        value = table.sec2[key]
        for i, v in enumerate(value if isinstance(value, list) else [value]):
            out[report_vars.sec2_name(key, i)] = format(v, "f") if isinstance(v, Decimal) else str(v)
    for key in form.SEC3_KEYS:
        for c in range(len(form.SEC3_COLUMNS)):
            out[report_vars.sec3_name(key, c)] = str(table.sec3[key][c])
    for i in range(form.SEC4_WIDTH):
        out[report_vars.sec4_name(i)] = str(table.sec4[i])
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def document_text(path: Path) -> str:
    """All the text of a .docx's main part (tables included)."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The default template filled from a 统计表 whose 来源 sheet states the fee, with --html."""
    folder = tmp_path_factory.mktemp("report")
    table = varied_table()
    stats = write_stats(folder / "统计表.xlsx", table, fee_yuan=Decimal("35.5"))
    before = digest(stats)
    result = fill_report(stats, folder / "年度报告.docx", html=True)
    return {"table": table, "stats": stats, "result": result, "digest": before, "folder": folder}


# ---------------------------------------------------------------------------------------
# The filled default template
# ---------------------------------------------------------------------------------------
def test_default_report_is_written_with_only_marker_warnings(filled: dict[str, Any]) -> None:
    result = filled["result"]
    assert result.ok and result.docx and result.docx.is_file()
    assert result.html and result.html.is_file() and result.pdf is None
    # the default template's own text has no stale year and no typed number; only its 【…】 places
    assert {f.rule for f in result.findings} <= {"R15", "R16"}
    (markers,) = [f for f in result.findings if f.rule == "R15"]  # one cause, said once
    assert "【…】" in markers.message and form.SECTION_HEADINGS[4] in markers.message
    assert not [f for f in result.findings if f.rule == "R16" and "信息处理费" in f.message]


def test_three_tables_hold_the_numbers_with_the_official_merges(filled: dict[str, Any]) -> None:
    document = docx.Document(str(filled["result"].docx))
    expected = expected_numbers(filled["table"])
    layouts = list(table_layouts().values())
    tables = [t for t in document.tables if official_table(t) is not None]
    assert [official_table(t).kind for t in tables] == ["sec2", "sec3", "sec4"]
    for table, layout in zip(tables, layouts, strict=True):
        spans = {(s.row, s.col): s for s in table_spans(table)}
        assert sorted((s.row, s.col, s.rowspan, s.colspan) for s in spans.values()) == sorted(
            (c.row, c.col, c.rowspan, c.colspan) for c in layout.cells
        )
        for cell in layout.cells:
            text = squeeze(spans[(cell.row, cell.col)].text)
            if cell.name:
                assert text == expected[cell.name], (layout.title, cell.name)
            else:
                assert text == squeeze(cell.text)
    sec3_text = squeeze(" ".join(s.text for s in table_spans(tables[1])))
    for row in form.SEC3_ROWS:
        assert squeeze(row.label) in sec3_text


def test_narrative_numbers_are_arabic_and_from_the_table(filled: dict[str, Any]) -> None:
    table = filled["table"]
    text = document_text(filled["result"].docx)
    received = table.sec3[form.RECEIVED_KEY][form.TOTAL_COL]
    assert f"收到政府信息公开申请{received}件" in text
    assert "收取信息处理费35.5元" in text
    assert f"{YEAR}年1月1日至{YEAR}年12月31日" in text
    assert UNIT in text and "示范县人民路1号" in text


def test_no_placeholder_or_jinja_left(filled: dict[str, Any]) -> None:
    with zipfile.ZipFile(filled["result"].docx) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                for token in ("{{", "}}", "{%", "%}", "{#"):
                    assert token not in xml, (name, token)


def test_east_asian_font_is_set_on_body_text(filled: dict[str, Any]) -> None:
    document = docx.Document(str(filled["result"].docx))
    normal = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == FONT_BODY
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text


def test_the_stats_file_is_not_modified(filled: dict[str, Any]) -> None:
    assert digest(filled["stats"]) == filled["digest"]


# ---------------------------------------------------------------------------------------
# The HTML copy
# ---------------------------------------------------------------------------------------
class _Page(HTMLParser):
    """Tags, headings and every table as rows of (tag, attrs, text) cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.tables: list[list[list[tuple[str, dict[str, str | None], str]]]] = []
        self._cell: list[Any] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, dict(attrs), ""]
        elif tag in ("h1", "h2", "h3"):
            self._heading = [tag, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(tuple(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[2] += data
        if self._heading is not None:
            self._heading[1] += data


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def numbers(rows: list[list[tuple[str, dict, str]]]) -> list[list[str]]:
    return [[text for tag, _, text in row if tag == "td"] for row in rows if any(c[0] == "td" for c in row)]


def test_html_is_standalone_with_the_sections_in_order(filled: dict[str, Any]) -> None:
    path = filled["result"].html
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE html>")
    page = parse_page(path)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(("src" in attrs or "href" in attrs) for _, attrs in page.tags)
    assert ("html", {"lang": "zh-CN"}) in page.tags
    assert "<script" not in raw.lower() and "http" not in raw and "url(" not in raw
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert h2 == list(form.SECTION_HEADINGS)
    h3 = [text for tag, text in page.headings if tag == "h3"]
    assert h3[: len(form.OVERVIEW_SUBHEADS)] == list(form.OVERVIEW_SUBHEADS)
    assert page.headings[0][0] == "h1" and UNIT in page.headings[0][1]


def test_html_tables_hold_the_numbers_with_rowspan_and_colspan(filled: dict[str, Any]) -> None:
    table = filled["table"]
    page = parse_page(filled["result"].html)
    assert len(page.tables) == 3
    sec2, sec3, sec4 = page.tables
    expected2 = []
    for key in form.SEC2_KEYS:
        value = table.sec2[key]
        values = value if isinstance(value, list) else [value]
        expected2.append([format(v, "f") if isinstance(v, Decimal) else str(v) for v in values])
    assert numbers(sec2) == expected2
    assert numbers(sec3) == [[str(v) for v in table.sec3[key]] for key in form.SEC3_KEYS]
    assert numbers(sec4) == [[str(v) for v in table.sec4]]
    labels = [text for row in sec3 for tag, _, text in row if tag == "th"]
    for row in form.SEC3_ROWS:
        assert row.label in labels
    spans = {
        (text, attrs.get("rowspan"), attrs.get("colspan"))
        for rows in page.tables
        for row in rows
        for _, attrs, text in row
    }
    results_rows = str(len(form.RESULT_KEYS) + 1)
    assert (form.SEC3_RESULTS_HEAD, results_rows, None) in spans
    assert (form.SEC3_NOTE, "3", "3") in spans
    assert (form.SEC3_LEGAL_PERSON_GROUP, None, "5") in spans
    assert (form.RESULT_GROUP["三.三"].label, "8", None) in spans
    assert (form.SEC4_LITIGATION, None, "10") in spans
    assert (form.SEC2_TABLES[0].header, None, "4") in spans


def test_html_escapes_text(tmp_path: Path) -> None:
    stats = write_stats_workbook(
        varied_table(), tmp_path / "s.xlsx", UnitInfo(name="<b>某&局</b>", year=YEAR)
    )
    template = write_template(tmp_path / "t.docx", "{{单位名称}}年报", "一、总体情况", "<script>x</script>")
    result = fill_report(stats, tmp_path / "r.docx", template=template, html=True)
    raw = result.html.read_text(encoding="utf-8")
    assert "<script" not in raw and "<b>" not in raw
    assert "&lt;b&gt;某&amp;局&lt;/b&gt;" in raw
    assert "<b>某&局</b>年报" in document_text(result.docx)


# ---------------------------------------------------------------------------------------
# The template check
# ---------------------------------------------------------------------------------------
def test_unknown_placeholders_give_one_clear_error(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table())
    template = write_template(
        tmp_path / "t.docx", "本年收到申请{{本年新收数}}件", "办结{{ 本年办结 }}件", "{{不存在的名字}}"
    )
    with pytest.raises(UsageError) as err:
        fill_report(stats, tmp_path / "r.docx", template=template)
    message = str(err.value)
    assert "{{本年新收数}}" in message and "{{不存在的名字}}" in message
    assert "{{本年办结}}" not in message
    assert "相近的有：本年新收" in message
    assert "xxgk template report --list-variables" in message
    assert "\n" not in message
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize(
    "broken",
    ["收到申请{{本年 新收}}件", "收到申请{{本年新收件", "{% if %}收到申请{{本年新收}}件"],
)
def test_broken_jinja_gives_one_chinese_line_naming_the_paragraph(tmp_path: Path, broken: str) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table())
    template = write_template(tmp_path / "t.docx", "标题", "第一段没有问题", broken)
    with pytest.raises(UsageError) as err:
        fill_report(stats, tmp_path / "r.docx", template=template)
    message = str(err.value)
    assert "\n" not in message and "占位符" in message
    assert "收到申请" in message or "{%" in message
    assert "Traceback" not in message and "expected token" not in message


def test_placeholder_split_across_runs_by_word_is_healed(tmp_path: Path) -> None:
    table = varied_table()
    stats = write_stats(tmp_path / "s.xlsx", table, fee_yuan=Decimal(0))
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text in ("收到申请{{本年", "新收}}件，其中", "99", "98件另行统计。"):
        paragraph.add_run(text).bold = text == "99"  # formatting changes split a text into runs
    document.save(str(tmp_path / "t.docx"))
    result = fill_report(stats, tmp_path / "r.docx", template=tmp_path / "t.docx")
    received = table.sec3[form.RECEIVED_KEY][form.TOTAL_COL]
    assert f"收到申请{received}件，其中9998件另行统计。" in document_text(result.docx)
    assert [(f.rule, "9998件" in f.message) for f in result.findings if f.rule == "R14"] == [("R14", True)]


def test_year_over_year_placeholders_need_previous(tmp_path: Path) -> None:
    this_year = varied_table(seed=3)
    stats = write_stats(tmp_path / "s.xlsx", this_year)
    template = write_template(tmp_path / "t.docx", "收到申请{{本年新收}}件，{{本年新收_较上年}}。")
    with pytest.raises(UsageError, match="--previous"):
        fill_report(stats, tmp_path / "r.docx", template=template)


def test_previous_fills_the_year_over_year_phrases(tmp_path: Path) -> None:
    last = varied_table(YEAR - 1, seed=11)
    now = varied_table(seed=12, carried_in=list(last.sec3[form.CARRIED_OUT_KEY][: form.TOTAL_COL]))
    previous = write_stats(tmp_path / "上年.xlsx", last, year=YEAR - 1)
    stats = write_stats(tmp_path / "本年.xlsx", now)
    template = write_template(tmp_path / "t.docx", "收到申请{{本年新收}}件，{{本年新收_较上年}}。")
    result = fill_report(stats, tmp_path / "r.docx", template=template, previous=previous)
    assert result.ok
    a, b = now.sec3[form.RECEIVED_KEY][form.TOTAL_COL], last.sec3[form.RECEIVED_KEY][form.TOTAL_COL]
    phrase = f"较上年增加{a - b}件" if a > b else f"较上年减少{b - a}件" if a < b else "与上年持平"
    assert f"收到申请{a}件，{phrase}。" in document_text(result.docx)
    assert not [f for f in result.findings if f.rule == "R14"]  # the difference is a figure too


def test_previous_of_the_wrong_year_or_not_carried_over(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "本年.xlsx", varied_table(seed=12))
    template = write_template(tmp_path / "t.docx", "收到申请{{本年新收}}件")
    wrong_year = write_stats(tmp_path / "旧.xlsx", varied_table(YEAR - 2), year=YEAR - 2)
    with pytest.raises(UsageError, match=str(YEAR - 1)):
        fill_report(stats, tmp_path / "r.docx", template=template, previous=wrong_year)
    last = varied_table(YEAR - 1, seed=11)
    last.sec3[form.CARRIED_OUT_KEY][0] += 50  # last year's carry-over ≠ this year's carried in
    last.sec3[form.RECEIVED_KEY][0] += 50  # (last year's own table still adds up)
    previous = write_stats(tmp_path / "上年.xlsx", last.with_totals(), year=YEAR - 1)
    result = fill_report(stats, tmp_path / "r.docx", template=template, previous=previous)
    assert not result.ok and "R11" in {f.rule for f in result.findings}
    assert not (tmp_path / "r.docx").exists()


# ---------------------------------------------------------------------------------------
# The narrative checks
# ---------------------------------------------------------------------------------------
def narrative_findings(tmp_path: Path, *paragraphs: str, table: Table | None = None) -> list:
    stats = write_stats(tmp_path / "s.xlsx", table or varied_table(), fee_yuan=Decimal(0))
    template = write_template(
        tmp_path / "t.docx", "{{单位名称}}{{统计年度}}年政府信息公开工作年度报告", *paragraphs
    )
    result = fill_report(stats, tmp_path / "r.docx", template=template)
    assert result.ok
    return [f for f in result.findings if f.rule in ("R14", "R15")]


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("2023年，本机关收到申请{{本年新收}}件。", ["R15"]),
        ("报告期为2022-01-01至今。", ["R15"]),
        ("{{统计年度}}年，本机关收到申请{{本年新收}}件。", []),
        (f"{YEAR}年，本机关收到申请{{{{本年新收}}}}件。", []),
        (f"{YEAR + 1}年，我镇将继续做好政务公开工作。", []),
        (f"申请数量较{YEAR - 1}年有所增加。", []),
        (f"上年（{YEAR - 1}年）共收到申请若干。", []),
        ("根据《中华人民共和国政府信息公开条例》（2019年修订）和国办公开办函〔2021〕30号。", []),
        ("按《2022年政务公开工作要点》和国务院令第711号办理。", []),
    ],
)
def test_years_in_the_narrative(tmp_path: Path, text: str, rules: list[str]) -> None:
    assert [f.rule for f in narrative_findings(tmp_path, text)] == rules


def test_stale_year_warning_names_the_section_and_the_year(tmp_path: Path) -> None:
    (finding,) = narrative_findings(
        tmp_path, "五、存在的主要问题及改进情况", "2021年，我镇存在公开不及时的问题。"
    )
    assert finding.rule == "R15" and finding.severity == "warning"
    assert "2021年" in finding.message and str(YEAR) in finding.message
    assert form.SECTION_HEADINGS[4] in finding.message


def test_unfinished_marker_gives_r15_quoting_it(tmp_path: Path) -> None:
    findings = narrative_findings(
        tmp_path, "六、其他需要报告的事项", "本年无其他事项。【请在此填写其他事项】"
    )
    assert [(f.rule, "【请在此填写其他事项】" in f.message) for f in findings] == [("R15", True)]


def test_typed_numbers_that_match_no_figure_give_r14(tmp_path: Path) -> None:
    table = varied_table()
    received = table.sec3[form.RECEIVED_KEY][form.TOTAL_COL]
    findings = narrative_findings(
        tmp_path,
        f"本年共收到申请{received}件，其中9999件已办结。",
        "均在20个工作日内答复，依据条例第3条，收取费用０元。",
        "收到申请{{本年新收}}件。",
        table=table,
    )
    assert [f.rule for f in findings] == ["R14"]
    assert "9999件" in findings[0].message


def test_typed_fee_in_wan_yuan_matches_the_table(tmp_path: Path) -> None:
    assert narrative_findings(tmp_path, "收取行政事业性收费7730.28万元。") == []
    assert [f.rule for f in narrative_findings(tmp_path, "收取行政事业性收费12.5万元。")] == ["R14"]


def test_numbers_inside_tables_are_not_narrative(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table(), fee_yuan=Decimal(0))
    document = docx.Document()
    document.add_paragraph("{{单位名称}}{{统计年度}}年报告")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "2019年备案8888件"
    document.save(str(tmp_path / "t.docx"))
    result = fill_report(stats, tmp_path / "r.docx", template=tmp_path / "t.docx")
    assert not [f for f in result.findings if f.rule in ("R14", "R15")]


# ---------------------------------------------------------------------------------------
# The fee (R16)
# ---------------------------------------------------------------------------------------
def test_fee_charged_comes_from_the_case_log(tmp_path: Path) -> None:
    from toolkit.aggregate import aggregate

    log = write_log(
        tmp_path / "台账.xlsx",
        [case(id="2024-001", fee=20), case(id="2024-002", fee=Decimal("15.5")), case(id="2024-003")],
    )
    stats = tmp_path / "统计表.xlsx"
    assert aggregate([log], stats).output == stats
    template = write_template(tmp_path / "t.docx", "本年度收取信息处理费{{信息处理费}}元。")
    result = fill_report(stats, tmp_path / "r.docx", template=template)
    assert result.ok and not [f for f in result.findings if f.rule == "R16"]
    assert "本年度收取信息处理费35.5元。" in document_text(result.docx)


def test_unknown_fee_is_a_marker_to_fill_with_a_note_r16_and_r15(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table())  # a hand-filled 统计表: no 来源 sheet
    template = write_template(tmp_path / "t.docx", "本年度收取信息处理费{{信息处理费}}元。")
    result = fill_report(stats, tmp_path / "r.docx", template=template)
    assert result.ok
    assert [f.rule for f in result.findings if f.path == str(stats)] == ["R16"]
    assert "R15" in [f.rule for f in result.findings]  # the 【请填写】 marker left in the text
    assert any("信息处理费" in note for note in result.notes)
    assert "本年度收取信息处理费【请填写】元。" in document_text(result.docx)


def test_fee_notices_must_be_mentioned_when_fees_went_unpaid(tmp_path: Path) -> None:
    table = varied_table()
    assert table.sec3["三.六.2"][form.TOTAL_COL] > 0
    stats = write_stats(tmp_path / "s.xlsx", table, fee_yuan=Decimal(0))
    quiet = write_template(tmp_path / "quiet.docx", "本年度收取信息处理费{{信息处理费}}元。")
    said = write_template(tmp_path / "said.docx", "本年发出收费通知{{表三_三_六_2_总计}}件。")
    assert [f.rule for f in fill_report(stats, tmp_path / "a.docx", template=quiet).findings] == ["R16"]
    assert fill_report(stats, tmp_path / "b.docx", template=said).findings == []


# ---------------------------------------------------------------------------------------
# Refusals and usage errors
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("make", "blocking"),
    [
        (lambda folder: DATA / "sample-emin-2024.json", [("R2", "三.四.1")]),  # the real published error
        (lambda folder: write_sample_layout(folder / "own_copy_wrong_total.xlsx"), [("R2", "三.四.1")]),
        (lambda folder: write_2019_layout(folder / "layout_2019.xlsx"), [("R19", None)]),
    ],
)
def test_a_table_whose_checks_fail_is_refused(tmp_path: Path, make: Any, blocking: list) -> None:
    source = tmp_path / "in"
    source.mkdir()
    stats = make(source)
    before = digest(stats)
    out = tmp_path / "out"
    result = fill_report(stats, out / "r.docx", html=True, pdf=True)
    assert not result.ok and result.docx is None and result.html is None and result.pdf is None
    assert [(f.rule, f.key) for f in result.findings if f.is_error] == blocking
    assert not out.exists()
    assert digest(stats) == before


def test_a_case_log_is_a_usage_error(tmp_path: Path) -> None:
    log = write_log(tmp_path / "台账.xlsx", [case()])
    with pytest.raises(UsageError, match="aggregate"):
        fill_report(log, tmp_path / "r.docx")


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("broken.xlsx", b"not a workbook at all", UnreadableInput),
        ("missing.xlsx", None, UnreadableInput),
    ],
)
def test_unreadable_stats(tmp_path: Path, name: str, content: bytes | None, error: type) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error):
        fill_report(path, tmp_path / "r.docx")


def test_bad_template_and_output_paths(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table())
    with pytest.raises(UsageError, match=r"\.docx"):
        fill_report(stats, tmp_path / "r.pdf")
    with pytest.raises(UsageError, match=r"另存为 \.docx"):
        fill_report(stats, tmp_path / "r.docx", template=tmp_path / "old.doc")
    with pytest.raises(UsageError, match="找不到模板"):
        fill_report(stats, tmp_path / "r.docx", template=tmp_path / "none.docx")
    template = write_template(tmp_path / "t.docx", "{{本年新收}}")
    with pytest.raises(UsageError, match="覆盖"):
        fill_report(stats, template, template=template)
    (tmp_path / "garbage.docx").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(UnreadableInput):
        fill_report(stats, tmp_path / "r.docx", template=tmp_path / "garbage.docx")


# ---------------------------------------------------------------------------------------
# Determinism, untouched inputs, PDF
# ---------------------------------------------------------------------------------------
def test_same_inputs_give_the_same_bytes_and_inputs_are_untouched(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "s.xlsx", varied_table(seed=5), fee_yuan=Decimal(12))
    template = write_template(tmp_path / "t.docx", "{{单位名称}}{{统计年度}}年报告", "收到申请{{本年新收}}件")
    before = (digest(stats), digest(template), stats.stat().st_mtime_ns, template.stat().st_mtime_ns)
    first = fill_report(stats, tmp_path / "a" / "r.docx", template=template, html=True)
    second = fill_report(stats, tmp_path / "b" / "r.docx", template=template, html=True)
    assert first.docx.read_bytes() == second.docx.read_bytes()
    assert first.html.read_bytes() == second.html.read_bytes()
    issued = "2025-01-20"  # the 落款's date is the day of making by default: a midnight between runs
    default_a = fill_report(stats, tmp_path / "c" / "r.docx", issued=issued)
    default_b = fill_report(stats, tmp_path / "d" / "r.docx", issued=issued)
    assert default_a.docx.read_bytes() == default_b.docx.read_bytes()
    after = (digest(stats), digest(template), stats.stat().st_mtime_ns, template.stat().st_mtime_ns)
    assert before == after
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".xxgk-")]
    assert leftovers == []


def test_pdf_without_libreoffice_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_pdf, "soffice", lambda: None)
    stats = write_stats(tmp_path / "s.xlsx", varied_table(), fee_yuan=Decimal(0))
    template = write_template(tmp_path / "t.docx", "收到申请{{本年新收}}件")
    result = fill_report(stats, tmp_path / "r.docx", template=template, pdf=True)
    assert result.ok and result.docx.is_file() and result.pdf is None
    assert NO_SOFFICE_NOTE in result.notes
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
def test_pdf_holds_the_headings_labels_and_numbers(filled: dict[str, Any], tmp_path: Path) -> None:
    require_soffice()
    table = filled["table"]
    result = fill_report(filled["stats"], tmp_path / "年度报告.docx", pdf=True)
    assert result.pdf == tmp_path / "年度报告.pdf" and result.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(result.pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    flat = squeeze(text)
    for heading in form.SECTION_HEADINGS:
        assert heading in flat
    for row in form.SEC3_ROWS:
        # the label (wrapped or not), then its seven numbers
        label = r"\s*".join(map(re.escape, squeeze(row.label)))
        values = r"\s+".join(str(v) for v in table.sec3[row.key])
        assert re.search(label + r"\s+" + values + r"(?!\d)", text), row.key
    assert re.search(r"(?<!\d)" + r"\s+".join(str(v) for v in table.sec4) + r"(?!\d)", text)
    for key in form.SEC2_DOCUMENT_KEYS:
        assert re.search(re.escape(key) + r"\s+" + r"\s+".join(map(str, table.sec2[key])), text)
    assert "7730.28" in text


# ---------------------------------------------------------------------------------------
# A template is someone else's file: only bare {{名称}} placeholders, tables fully placeholders
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "{{本年新收|int + 1}}",
        "{{本年新收|foo}}",
        "{% for x in range(10**9) %}x{% endfor %}",
        "{{ 本年新收 ~ 上年结转 }}",
    ],
    ids=["code-execution", "arithmetic", "unknown-filter", "loop", "concatenation"],
)
def test_only_bare_placeholders_are_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    stats = write_stats(tmp_path / "s.xlsx", varied_table())
    template = write_template(tmp_path / "evil.docx", f"收到申请{text}件。")
    with pytest.raises(UsageError) as err:
        fill_report(stats, tmp_path / "out.docx", template=template)
    assert "只能使用" in str(err.value) or "不是可用的名称" in str(err.value)
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out.docx").exists()


def test_a_number_typed_over_a_table_placeholder_is_refused(tmp_path: Path) -> None:
    from toolkit.report.template import write_report_template

    stats = write_stats(tmp_path / "s.xlsx", varied_table())
    template = write_report_template(tmp_path / "t.docx")
    document = docx.Document(str(template))
    target = "{{" + report_vars.sec3_name(form.RECEIVED_KEY, form.TOTAL_COL) + "}}"
    cells = [c for t in document.tables for r in t.rows for c in r.cells if c.text.strip() == target]
    assert cells
    for paragraph in cells[0].paragraphs:
        for run in paragraph.runs:
            run.text = ""
        paragraph.runs[0].text = "17"
    edited = tmp_path / "typed.docx"
    document.save(str(edited))
    with pytest.raises(UsageError) as err:
        fill_report(stats, tmp_path / "out.docx", template=edited)
    assert report_vars.sec3_name(form.RECEIVED_KEY, form.TOTAL_COL) in str(err.value)
    assert not (tmp_path / "out.docx").exists()
