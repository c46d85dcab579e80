"""Defects a reviewer found in realistic published reports (each a regression test with its
input made by code): a number wrapped in a narrow PDF cell, text with one cell per line and no
blank lines, refusals with the wrong advice, incomplete reads shown as clean, a header cell cut
by a page break, bad rowspans, hidden copies of the tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.read import report_pdf


def _chars(text: str, x0: float, top: float, width: float = 7.0) -> list[dict[str, Any]]:
    return [
        {"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top, "bottom": top + 10.5}
        for i, ch in enumerate(text)
    ]


def _cell(lines: list[str], left: float = 214.2, right: float = 257.4, pad: float = 5.5) -> str:
    part = report_pdf._Part(1, (left, 70.0, right, 100.0), [left, right], [70.0, 100.0])
    part.ends[(0, 0)] = (0, 0)
    part.owner[(0, 0)] = (0, 0)
    part.chars[(0, 0)] = [ch for i, t in enumerate(lines) for ch in _chars(t, left + pad, 72.0 + 12.8 * i)]
    return report_pdf._cell_text(part, (0, 0))


def test_pdf_number_wrapped_in_a_narrow_cell_is_one_number() -> None:
    # Word wraps 15230 in a cell 43.2pt wide: 4 digits fill it, the 5th goes to the next line
    assert _cell(["1523", "0"]) == "15230"
    assert _cell(["1523", "06"]) == "152306"


def test_pdf_two_numbers_on_two_lines_are_never_glued() -> None:
    assert _cell(["1", "2"]) == "1 2"  # a wide cell: the first line does not fill it
    assert _cell(["12", "3"]) == "12 3"
    assert _cell(["1523", "0"], right=300.0) == "1523 0"
    assert _cell(["15 23", "0"]) == "15 23 0"  # two numbers on one line are two values
    assert _cell(["1523", "12345"]) == "1523 12345"  # a continuation longer than the first line


def _without_blank_lines_in_tables(text: str) -> str:
    """The sample as Word's plain-text export writes it: one cell per line, no blank line between rows."""
    lines = text.splitlines()
    kept = []
    for i, line in enumerate(lines):
        if not line.strip() and 0 < i < len(lines) - 1 and "\t" in lines[i - 1] and "\t" in lines[i + 1]:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def test_text_tables_without_blank_lines_between_rows_are_a_note_never_blanks(tmp_path: Path) -> None:
    from document_fixtures import SAMPLE_TEXT

    from toolkit.read.report_text import read_text
    from toolkit.rules.analyse import analyse_file

    text = _without_blank_lines_in_tables(SAMPLE_TEXT.read_text(encoding="utf-8"))
    document = read_text(text, "x.txt")
    assert document.grids == []
    assert any("没有空行" in note for note in document.notes)
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    one = analyse_file(path)
    assert not [f for f in one.report.findings if f.rule == "R6" or "空白" in f.message]


def test_word_and_web_page_suffixes_get_the_right_reader_or_advice(tmp_path: Path) -> None:
    from document_fixtures import report_html, write_report_docx
    from sample_layout import sample_table

    from toolkit.gate.documents import MSG_DOC, MSG_MHT
    from toolkit.gate.inputs import collect_inputs
    from toolkit.rules.analyse import analyse_file

    table = sample_table()
    docx = write_report_docx(table, tmp_path / "报告.docx").read_bytes()
    page = report_html(table)
    (tmp_path / "renamed.doc").write_bytes(docx)  # a .docx saved under the old name
    (tmp_path / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    (tmp_path / "page.shtml").write_bytes(page)
    (tmp_path / "page.xhtml").write_bytes(page + b"<!-- xhtml -->")  # not a duplicate
    (tmp_path / "page.mht").write_bytes(b"MIME-Version: 1.0\r\n\r\n" + page)
    for name in ("renamed.doc", "page.shtml", "page.xhtml"):
        one = analyse_file(tmp_path / name)
        assert one.report.kind == "report" and one.report.error is None, name
        assert [(f.rule, f.key) for f in one.report.findings if f.is_error] == [("R2", "三.四.1")], name
    assert analyse_file(tmp_path / "legacy.doc").report.error == MSG_DOC
    assert analyse_file(tmp_path / "page.mht").report.error == MSG_MHT
    found = {f.path.name for f in collect_inputs([tmp_path], tmp_path / "work").files}
    assert {"renamed.doc", "legacy.doc", "page.shtml", "page.xhtml", "page.mht"} <= found


def test_text_copied_from_a_browser_with_line_breaks_inside_cells(tmp_path: Path) -> None:
    """A browser copies a cell holding <br> as two lines: the row runs over several lines and the
    row label 三、本年度 stands on a line of its own (not a section heading)."""
    from document_fixtures import SAMPLE_TEXT, tab_separated
    from test_read_documents import ROOT, tables_of

    from toolkit.rules.analyse import analyse_file

    text = tab_separated(SAMPLE_TEXT.read_text(encoding="utf-8"))
    broken = (
        text.replace("\t总计\n", "\t总\n计\n", 1)
        .replace("\t\t商业企业\t科研机构\t", "\t\t商业\n企业\t科研\n机构\t", 1)
        .replace("三、本年度办理结果\t", "三、本年度\n办理结果\t", 1)
    )
    assert broken.count("\n") == text.count("\n") + 4
    path = tmp_path / "报告.txt"
    path.write_text(broken, encoding="utf-8")
    one = analyse_file(path)
    assert [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error] == [ROOT]
    assert tables_of(one.stats.table) == tables_of(analyse_file(SAMPLE_TEXT).stats.table)  # type: ignore[union-attr]
    assert not [n for n in one.report.notes if "未找到" in n or "不完整" in n]


def test_console_never_calls_an_incomplete_read_clean() -> None:
    from sample_layout import sample_table

    from toolkit.console import render_file
    from toolkit.findings import FileReport

    whole = FileReport("报告.html", "report", table=sample_table())
    assert render_file(whole)[0] == "√ 报告.html（年度报告）：未发现问题"
    partial = sample_table()
    partial.sec3["一"] = [None] * 7  # type: ignore[list-item]
    partial.sec4 = [None] * 15  # type: ignore[list-item]
    headline = render_file(FileReport("报告.html", "report", table=partial))[0]
    assert headline.startswith("! ") and "但只读到表二、表三的一部分" in headline and "未发现问题" in headline
    none = sample_table()
    none.sec2 = {k: None for k in none.sec2}  # type: ignore[misc]
    none.sec3 = {k: [None] * 7 for k in none.sec3}  # type: ignore[misc]
    none.sec4 = [None] * 15  # type: ignore[list-item]
    assert "没有读到统计表" in render_file(FileReport("报告.txt", "report", table=none))[0]


def _built(rows: list[list[str]], ends: dict[tuple[int, int], tuple[int, int]]) -> Any:
    built = report_pdf._Built(rows=[list(r) for r in rows])
    for r, row in enumerate(rows):
        for c in range(len(row)):
            built.ends.setdefault((r, c), (r, c))
    for start, end in ends.items():
        for r in range(start[0], end[0] + 1):
            for c in range(start[1], end[1] + 1):
                built.ends.pop((r, c), None)
        built.ends[start] = end
    return built


def test_pdf_header_cell_cut_by_a_page_break_is_joined_again() -> None:
    # 表四's header: 结果维持 spans two header rows on page 5 and Word broke it after 结果维; the
    # block's sub-header 结果维持 (one row) broke after 结果. Page 6 starts with 持 / 维持.
    built = _built(
        [["结果维", "未经复议直接起诉"], ["", "结果"], ["持", "维持"], ["1", "2"]],
        {(0, 0): (1, 0)},
    )
    assert report_pdf._rejoin_split_row(built, 2)
    report_pdf._mend(built, 2)
    assert built.rows[0][0] == "结果维持" and built.rows[1][1] == "结果维持"
    assert built.rows[2] == ["", ""] and built.ends[(0, 0)] == (2, 0)


def test_pdf_rows_of_numbers_on_two_pages_stay_two_rows() -> None:
    built = _built([["三、本年度办理结果", "2.其他", "0"], ["", "3.危及", "1"]], {})
    assert not report_pdf._rejoin_split_row(built, 1)
    built = _built([["（三）不予公开", "0"], ["", "1"]], {})
    assert not report_pdf._rejoin_split_row(built, 1)


@pytest.mark.parametrize("span", ["23", "22px", " 22 ", "22.0", "30"])
def test_html_rowspan_read_as_browsers_do_and_one_too_many_clamped(tmp_path: Path, span: str) -> None:
    """rowspan="22px" is 22 in a browser; a rowspan one too many (23: the vertical
    三、本年度办理结果 reaching into the full row 四) stops before the row it would push aside."""
    from document_fixtures import report_html
    from sample_layout import sample_table
    from test_read_documents import ROOT, tables_of

    from toolkit.rules.analyse import analyse_file

    page = report_html(sample_table(), charset="utf-8")
    assert page.count(b'<td rowspan="22">') == 1
    path = tmp_path / "报告.html"
    path.write_bytes(page.replace(b'<td rowspan="22">', f'<td rowspan="{span}">'.encode()))
    one = analyse_file(path)
    assert [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error] == [ROOT]
    assert tables_of(one.stats.table) == tables_of(sample_table())  # type: ignore[union-attr]


def test_html_hidden_copy_of_the_tables_is_not_read(tmp_path: Path) -> None:
    """A CMS page follows each table with a copy for phones, hidden (display:none): a browser
    shows one set of tables, and so does the reader."""
    import re

    from document_fixtures import report_html
    from sample_layout import sample_table
    from test_read_documents import ROOT

    from toolkit.rules.analyse import analyse_file

    page = report_html(sample_table(), charset="utf-8").decode()
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    assert len(tables) == 3
    for i, table in enumerate(tables):
        hidden = ('<div style="DISPLAY: none">', "<div hidden>", '<section style="visibility:hidden">')[i]
        close = "</section>" if "section" in hidden else "</div>"
        page = page.replace(table, table + hidden + table + close, 1)
    path = tmp_path / "报告.html"
    path.write_text(page, encoding="utf-8")
    one = analyse_file(path)
    assert one.report.error is None
    assert [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error] == [ROOT]
    assert one.document is not None and len(one.document.grids) == 3


def test_a_table_in_pieces_is_one_table_and_a_report_is_never_a_workbook() -> None:
    from toolkit.errors import UnreadableInput
    from toolkit.read.stats_grid import Grid
    from toolkit.read.stats_tables import Candidate, candidates, choose
    from toolkit.table import Table

    header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    first = Grid("表1", [header, ["规章", "0", "0", "0"], ["行政规范性文件", "3", "1", "12"]], [], None)
    rows = [["信息内容", "本年处理决定数量"], ["行政许可", "1256"], ["行政处罚", "87"], ["行政强制", "5"]]
    rest = Grid("表2", rows, [], None)
    assert candidates([first, rest]) == []  # 表二 broken into two tables: its pieces, not two 表二
    assert candidates([first, first]) != []  # a copy is still a second table
    a, b = Table("x", 2024), Table("x", 2024)
    b.sec3["一"] = [1, 0, 0, 0, 0, 0, 1]
    found = [Candidate([], [], None, "表1", 0), Candidate([], [], None, "表4", 2)]
    with pytest.raises(UnreadableInput) as refused:
        choose(found, [a, b], None, "", "目录/报告.pdf")
    message = refused.value.message
    assert (
        message.startswith("报告中有 2 张数字不同的统计表（表1第 1 行起的表")
        and "工作簿" not in message
        and "工作表" not in message
    )
    with pytest.raises(UnreadableInput) as refused:
        choose(found, [a, b], None, "", "统计表.xlsx")
    assert refused.value.message.startswith("工作簿中有 2 张数字不同的统计表（工作表“表1”")


def test_pdf_table_continued_with_finer_columns_is_one_table() -> None:
    """表四's header (merged cells: 7 columns) ends a page, its numbers (15 columns) start the next."""
    coarse = report_pdf._Part(
        5, (50.0, 700.0, 500.0, 780.0), [50.0, 80.0, 200.0, 500.0], [700.0, 740.0, 780.0]
    )
    coarse.ends = {(0, 0): (1, 0), (0, 1): (0, 2), (1, 1): (1, 1), (1, 2): (1, 2)}
    fine = report_pdf._Part(
        6, (50.0, 60.0, 500.0, 90.0), [50.0, 80.0, 140.0, 200.0, 350.0, 500.0], [60.0, 90.0]
    )
    assert report_pdf._continues(coarse, fine, []) == fine.xs
    refined = report_pdf._refine(coarse, fine.xs)
    assert refined.width == 5 and refined.ends[(0, 1)] == (0, 4) and refined.ends[(1, 1)] == (1, 2)
    assert refined.ends[(1, 3)] == (1, 4) and refined.owner[(1, 4)] == (1, 3)
    other = report_pdf._Part(6, (50.0, 60.0, 500.0, 90.0), [50.0, 100.0, 500.0], [60.0, 90.0])
    assert report_pdf._continues(coarse, other, []) is None  # each has an edge the other lacks


def test_html_table_of_one_cell_inside_a_cell_is_that_cell_text(tmp_path: Path) -> None:
    """An editor wraps one number of 表三 in a table of one cell: 表三 is still a table of figures
    (not the page's layout), the number its cell's."""
    from document_fixtures import report_html
    from sample_layout import sample_table
    from test_read_documents import ROOT, tables_of

    from toolkit.rules.analyse import analyse_file

    table = sample_table()
    page = report_html(table, charset="utf-8").decode()
    row = page.index("一、本年新收")
    cell = page.index("<td>", row)
    end = page.index("</td>", cell)
    wrapped = page[: cell + 4] + "<table><tr><td>" + page[cell + 4 : end] + "</td></tr></table>" + page[end:]
    path = tmp_path / "报告.html"
    path.write_text(wrapped, encoding="utf-8")
    one = analyse_file(path)
    assert [(f.rule, f.key, f.column) for f in one.report.findings if f.is_error] == [ROOT]
    assert tables_of(one.stats.table) == tables_of(table)  # type: ignore[union-attr]
