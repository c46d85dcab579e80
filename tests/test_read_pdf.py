"""Published reports as PDFs (toolkit.read.report_pdf, toolkit.gate.pdf): the three official tables
read back from PDFs that LibreOffice exported from Word files (tests/pdf_fixtures.py) give the
numbers put in, through the same label-based 统计表 reader and table rules as a workbook; a wrong
cell is named by its page and row; scans, encrypted and hostile PDFs are refused with their codes.

The LibreOffice conversions run once per session (three soffice runs: the plain exports, one with
a password to open, one with a permissions password) into a temporary folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_helpers import run
from engine import require_soffice
from pdf_fixtures import (
    FILLER,
    OPEN_PASSWORD,
    PERMISSIONS_PASSWORD,
    encoded_bomb_pdf,
    encrypted_pdf,
    flate_image_pdf,
    form_bomb_pdf,
    huge_stream_pdf,
    indirect_filter_bomb_pdf,
    joined_pdf,
    many_lines_pdf,
    many_pages_pdf,
    report_docx,
    sample_table,
    scanned_pdf,
    text_pdf,
    to_pdf,
    wide_table_pdf,
)

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import Finding
from toolkit.gate import pdf as gate
from toolkit.read.document import MAX_TABLE_COLS, Document
from toolkit.read.report_pdf import read_pdf
from toolkit.read.stats import StatsRead, read_grids
from toolkit.read.stats_grid import Grid, Sheets
from toolkit.report import variables as rv
from toolkit.rules.table import check_table
from toolkit.table import Table

TABLE = sample_table()
TOTAL = form.TOTAL_COL
#: 三.四.1 总计 printed 0 instead of 3: the sample report's error (spec/official-format.md)
WRONG = {rv.sec3_name("三.四.1", TOTAL): "0"}
#: WPS's stray space inside a label, and two numbers typed on two lines of one cell
SPACED_LABEL = "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"
TYPED = {
    "labels": {form.SEC3_ROW["三.二"].label: SPACED_LABEL},
    "cells": {rv.sec3_name("三.六.3", 0): "1\n2"},
}
RUNNING = "示范县示范镇人民政府办公室"
#: a row Word lets break across pages: 60 empty lines inside its label, the numbers at its top
LEAF = form.SEC3_ROW["三.六.1"].label
TALL = {LEAF: LEAF[:16] + "\n" * 60 + LEAF[16:]}
VARIANTS = {
    "whole": {"page_break_before_sec3": True},
    "wrong": {"page_break_before_sec3": True, "cells": WRONG},
    "broken_repeated": {"break_sec3_at": 5, "repeat_header": True},
    "broken_plain": {"break_sec3_at": 5, "repeat_header": False},
    "typed": {"page_break_before_sec3": True, **TYPED},
    "running": {"break_sec3_at": 5, "repeat_header": True, "running": RUNNING},
    "split_row": {"page_break_before_sec3": True, "rows_split": True, "labels": TALL},
    "continued": {"page_break_before_sec3": True, "continued_at": 15},
}


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every variant's PDF, and ``open_password``/``permissions`` exports of the whole report."""
    soffice = require_soffice()
    folder = tmp_path_factory.mktemp("pdf-reports")
    sources = []
    for name, options in VARIANTS.items():
        source = folder / f"{name}.docx"
        source.write_bytes(report_docx(TABLE, **options))  # type: ignore[arg-type]
        sources.append(source)
    profile = folder / "profile"
    out = {p.stem: p.read_bytes() for p in to_pdf(soffice, sources, folder / "pdf", profile=profile)}
    for name, target in (("open_password", OPEN_PASSWORD), ("permissions", PERMISSIONS_PASSWORD)):
        (pdf,) = to_pdf(soffice, [sources[0]], folder / name, target, profile)
        out[name] = pdf.read_bytes()
    return out


@dataclass
class Checked:
    document: Document
    stats: StatsRead
    findings: list[Finding]


def check(data: bytes, path: str = "年报.pdf") -> Checked:
    """What ``check`` does with a PDF report's tables (toolkit/rules/analyse.py, _check_workbook)."""
    document = read_pdf(data, path)
    stats = read_grids(Sheets(document.grids), path)
    findings, _ = check_table(
        stats.table, path, locate=lambda key: stats.cells.get(key, (None, None)), info=stats.info
    )
    return Checked(document, stats, stats.findings + findings)


def numbers(table: Table) -> dict[str, object]:
    data = table.to_json()
    return {"sec2": data["sec2"], "sec3": data["sec3"], "sec4": data["sec4"]}


def refused(data: bytes) -> str:
    with pytest.raises(UnreadableInput) as caught:
        read_pdf(data, "报告.pdf")
    assert caught.value.exit_code == 2 and "\n" not in caught.value.message
    return caught.value.reason


def rows_of(grid: Grid, label: str) -> list[int]:
    return [lab.row for lab in grid.find(label)]


# ---------------------------------------------------------------------------------------
# Tables read back
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "variant", ["whole", "broken_repeated", "broken_plain", "running", "split_row", "continued"]
)
def test_the_tables_read_back_are_the_numbers_put_in(pdfs: dict[str, bytes], variant: str) -> None:
    checked = check(pdfs[variant])
    assert numbers(checked.stats.table) == numbers(TABLE)
    assert checked.stats.layout == "2021"
    assert [(f.rule, f.cell) for f in checked.findings] == []
    assert [g.name for g in checked.document.grids] == ["表1", "表2", "表3"]


@pytest.mark.slow
def test_a_table_standing_on_one_page_keeps_its_rows_and_merges(pdfs: dict[str, bytes]) -> None:
    sec3 = check(pdfs["whole"]).document.grids[1]
    assert sec3.height == 3 + len(form.SEC3_ROWS) and sec3.width == 3 + len(form.SEC3_COLUMNS)
    assert {place.split()[0] for place in sec3.places or ()} == {"第2页"}
    (head,) = sec3.find(form.SEC3_RESULTS_HEAD)  # the vertical head, one character per line
    assert sec3.rows[head.row][0] == form.SEC3_RESULTS_HEAD
    results = [r.key for r in form.SEC3_ROWS if r.kind in ("result", "total")]
    assert sec3.merge_end[(head.row, 0)] == (head.row + len(results) - 1, 0)
    (applicants,) = sec3.find(form.SEC3_APPLICANT_HEAD)
    assert (applicants.row, applicants.col) == (0, 3)
    assert sec3.merge_end[(0, 3)] == (0, 3 + len(form.SEC3_COLUMNS) - 1)
    (note,) = sec3.find(form.SEC3_NOTE)  # wrapped over two lines in its cell
    assert sec3.merge_end[(0, 0)] == (2, 2) and (note.row, note.col) == (0, 0)


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["broken_repeated", "broken_plain", "running"])
def test_a_table_broken_across_pages_is_one_grid_whose_rows_keep_their_page(
    pdfs: dict[str, bytes], variant: str
) -> None:
    document = check(pdfs[variant]).document
    sec3 = document.grids[1]
    assert sec3.height == 3 + len(form.SEC3_ROWS)  # a repeated header is dropped
    pages = [place.split()[0] for place in sec3.places or ()]
    assert pages == sorted(pages) and len(set(pages)) == 2, pages
    first, second = sorted(set(pages))
    assert any(n.startswith(f"表2 从{first}延续到{second}") for n in document.notes), document.notes
    # the rows on the second page are numbered as printed there: after the repeated header or not
    top = pages.index(second)
    expected = 1 if variant == "broken_plain" else 4
    assert sec3.places is not None and sec3.places[top] == f"{second} 第{expected}行"
    # the vertical head is one merged cell over both pages
    (head,) = sec3.find(form.SEC3_RESULTS_HEAD)
    assert sec3.merge_end[(head.row, 0)][0] == sec3.height - 2
    # every group cell is whole, its label at its first leaf
    for group in form.RESULT_GROUPS:
        if group.has_group_cell:
            (cell,) = sec3.find(group.label)
            assert rows_of(sec3, form.SEC3_ROW[group.leaves[0]].label) == [cell.row]
            assert sec3.merge_end[(cell.row, 1)][0] - cell.row == len(group.leaves) - 1


@pytest.mark.slow
def test_a_wrong_cell_is_found_at_its_page_and_row(pdfs: dict[str, bytes]) -> None:
    checked = check(pdfs["wrong"], "报告.pdf")
    errors = [(f.rule, f.sheet, f.cell, f.key, f.column) for f in checked.findings if f.is_error]
    # 三.四.1: the 16th row of 表三 on page 2 (3 header rows, 一, 二, （一）, （二）, 8 of （三）)
    assert errors == [("R2", "表2", "第2页 第16行 第10列", "三.四.1", form.SEC3_TOTAL_COLUMN)], errors


@pytest.mark.slow
def test_spaces_inside_labels_are_ignored_and_numbers_never_glued(pdfs: dict[str, bytes]) -> None:
    checked = check(pdfs["typed"])
    sec3 = checked.document.grids[1]
    (spaced,) = [lab for lab in sec3.labels if lab.norm == form.normalize_label(SPACED_LABEL)]
    assert " " in spaced.raw  # the space was read, the label still found
    assert checked.stats.table.sec3["三.二"] == TABLE.sec3["三.二"]
    (leaf,) = rows_of(sec3, form.SEC3_ROW["三.六.3"].label)
    assert sec3.rows[leaf][3] == "1 2"  # two lines of one cell: a space, not 12
    assert checked.stats.table.sec3["三.六.3"][0] is None
    assert ("R5", f"{sec3.places[leaf]} 第4列") in {(f.rule, f.cell) for f in checked.findings}  # type: ignore[index]


@pytest.mark.slow
def test_the_text_outside_the_tables_is_passages_and_the_title(pdfs: dict[str, bytes]) -> None:
    document = check(pdfs["whole"]).document
    assert document.kind == "pdf"
    # Word's automatic spacing between Chinese and digits is a gap, not a space: 2024年 stays whole
    assert document.title == "示范县示范镇人民政府2024年政府信息公开工作年度报告"
    texts = [p.text for p in document.passages]
    headings = [t for t in texts if t[:2] in {h[:2] for h in form.SECTION_HEADINGS}]
    assert headings == list(form.SECTION_HEADINGS)
    assert "2024年，本机关共收到政府信息公开申请15件，全部按时答复。" in texts
    where = {p.text: p.where for p in document.passages}
    assert where[form.SECTION_HEADINGS[0]] == "第1页" and where[form.SECTION_HEADINGS[2]] == "第2页"
    assert not any(t in texts for t in form.SEC3_KEYS)  # no table text among the passages


# ---------------------------------------------------------------------------------------
# Refused
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_scan_is_refused_for_having_no_text(pdfs: dict[str, bytes]) -> None:
    assert refused(scanned_pdf(pdfs["whole"])) == "pdf_no_text"


@pytest.mark.slow
def test_a_pdf_with_a_password_to_open_is_refused_one_with_a_permissions_password_read(
    pdfs: dict[str, bytes],
) -> None:
    assert refused(pdfs["open_password"]) == "encrypted"
    checked = check(pdfs["permissions"])
    assert numbers(checked.stats.table) == numbers(TABLE)
    assert gate.NOTE_OWNER_PASSWORD in checked.document.notes


def test_a_hand_made_encrypted_pdf_is_refused() -> None:
    assert refused(encrypted_pdf()) == "encrypted"


def test_an_image_only_pdf_is_refused() -> None:
    assert refused(scanned_pdf(text_pdf(["Scanned 12"]), scale=1)) == "pdf_no_text"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 not a pdf", "not_a_pdf"),
        (b"%PDF-1.7\n garbage", "corrupt"),
        (text_pdf(box=(20_000, 842)), "pdf_unsafe"),
        (text_pdf(box=(0, 842)), "pdf_unsafe"),
    ],
    ids=["empty", "zip", "truncated", "huge_box", "empty_box"],
)
def test_what_is_not_a_sound_pdf_is_refused(data: bytes, reason: str) -> None:
    assert refused(data) == reason


def test_too_many_pages_are_refused_without_laying_them_out() -> None:
    assert len(many_pages_pdf(gate.MAX_PAGES)) < 200_000
    assert refused(many_pages_pdf(gate.MAX_PAGES + 1)) == "pdf_unsafe"
    document = read_pdf(many_pages_pdf(3), "三页.pdf")
    assert [p.where for p in document.passages] == ["第1页"]  # one paragraph over three pages
    assert document.passages[0].text == "page page page"


def test_a_stream_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = huge_stream_pdf(gate.MAX_STREAM + (1 << 20))
    assert len(bomb) < gate.MAX_STREAM // 100  # a small file
    assert refused(bomb) == "pdf_unsafe"


def test_a_page_whose_content_inflates_past_its_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate, "MAX_PAGE_CONTENT", 4 << 20)
    assert refused(huge_stream_pdf(8 << 20)) == "pdf_unsafe"
    monkeypatch.setattr(gate, "MAX_PAGE_CONTENT", 16 << 20)
    # under the limit it passes the gate and is laid out: 8 MB of spaces, a page without text
    assert refused(huge_stream_pdf(8 << 20)) == "pdf_no_text"


def test_all_streams_together_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate, "MAX_INFLATED", 3 << 20)
    assert refused(huge_stream_pdf(4 << 20)) == "pdf_unsafe"


def test_forms_invoking_forms_are_counted_through_and_a_form_invoking_itself_refused() -> None:
    bomb = form_bomb_pdf(9, 10)  # 10⁹ invocations in under 3 KB
    assert len(bomb) < 3072
    assert refused(bomb) == "pdf_unsafe"
    assert refused(form_bomb_pdf(3, 2, cycle=True)) == "pdf_unsafe"
    document = read_pdf(form_bomb_pdf(2, 3), "表单.pdf")  # 3 + 9 small forms: read
    assert document.passages[0].text.startswith("x")


def test_a_filter_given_by_reference_does_not_hide_a_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate, "MAX_STREAM", 2 << 20)
    assert refused(indirect_filter_bomb_pdf(4 << 20)) == "pdf_unsafe"


def test_a_typed_cover_page_before_scanned_pages_is_refused_for_having_no_text() -> None:
    cover = text_pdf(["Annual report 2024", "Government information disclosure"])
    scan = scanned_pdf(text_pdf(["Table 1 2 3"]), scale=1)
    assert refused(joined_pdf(cover, scan)) == "pdf_no_text"
    assert read_pdf(joined_pdf(cover, cover), "两页.pdf").grids == []  # text only: read, no tables


@pytest.mark.slow
def test_running_headers_and_page_numbers_are_not_passages(pdfs: dict[str, bytes]) -> None:
    document = check(pdfs["running"]).document
    texts = [p.text for p in document.passages]
    assert not [t for t in texts if RUNNING in t.replace(" ", "") or "—" in t], texts
    assert document.title.replace(" ", "") == "示范县示范镇人民政府2024年政府信息公开工作年度报告"


@pytest.mark.slow
def test_a_row_broken_across_pages_is_one_row_again(pdfs: dict[str, bytes]) -> None:
    document = check(pdfs["split_row"]).document
    sec3 = document.grids[1]
    (leaf,) = sec3.find(LEAF)  # its label whole again, in the row that holds its numbers
    assert sec3.rows[leaf.row][3:] == [str(v) for v in TABLE.sec3["三.六.1"]]
    pages = {place.split()[0] for place in sec3.places or ()}
    assert len(pages) >= 2
    assert any("有一行被分页截断" in note for note in document.notes), document.notes


def test_a_scan_stored_as_flate_images_is_a_scan_not_a_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    scan = flate_image_pdf(2048)  # 4 MB of pixels
    monkeypatch.setattr(gate, "MAX_INFLATED", 1 << 20)  # images are not counted in the total ...
    assert refused(scan) == "pdf_no_text"
    monkeypatch.setattr(gate, "MAX_STREAM", 2 << 20)  # ... but each is under the one-stream limit
    assert refused(scan) == "pdf_unsafe"


def test_a_page_of_too_many_lines_is_not_searched_for_tables() -> None:
    document = read_pdf(many_lines_pdf(20_000), "图表.pdf")
    assert document.grids == [] and [p.text for p in document.passages] == ["Chart"]
    assert any(note.startswith("第1页线条过多") for note in document.notes), document.notes


@pytest.mark.parametrize("encoding", ["hex", "a85", "rl"])
def test_streams_encoded_in_text_or_runs_are_counted_decoded(
    monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    monkeypatch.setattr(gate, "MAX_STREAM", 2 << 20)
    with pytest.raises(UnreadableInput) as caught:  # on the bytes alone, before pdfminer opens it
        gate.inspect_pdf(encoded_bomb_pdf(4 << 20, encoding), "编码.pdf")
    assert caught.value.reason == "pdf_unsafe"
    gate.inspect_pdf(encoded_bomb_pdf(1 << 20, encoding), "编码.pdf")  # under the limit: passes
    assert refused(encoded_bomb_pdf(1 << 20, encoding)) == "pdf_no_text"  # and pdfminer reads it


@pytest.mark.slow
def test_a_table_typed_again_under_a_continued_mark_is_one_table(pdfs: dict[str, bytes]) -> None:
    document = check(pdfs["continued"]).document
    sec3 = document.grids[1]
    assert sec3.height == 3 + len(form.SEC3_ROWS)
    assert sec3.places is not None and sec3.places[15] == "第3页 第4行"  # 三.四.1 under the header
    (head,) = sec3.find(form.SEC3_RESULTS_HEAD)
    assert sec3.merge_end[(head.row, 0)][0] == sec3.height - 2  # the cut head made whole
    assert "表2 从第2页延续到第3页（第3页重复的 3 行表头已略去）" in document.notes
    assert "续表" not in [p.text for p in document.passages]


@pytest.mark.slow
def test_a_paragraph_over_several_lines_and_pages_is_one_passage(pdfs: dict[str, bytes]) -> None:
    document = check(pdfs["broken_repeated"]).document
    fillers = [p for p in document.passages if p.text.startswith(FILLER[:10])]
    assert [p.text for p in fillers] == [FILLER] * VARIANTS["broken_repeated"]["break_sec3_at"]
    assert {p.where for p in fillers} <= {"第1页", "第2页"}


def test_a_table_larger_than_a_document_table_may_be_is_left_unread() -> None:
    assert [g.width for g in read_pdf(wide_table_pdf(12), "窄表.pdf").grids] == [12]
    document = read_pdf(wide_table_pdf(MAX_TABLE_COLS + 1), "宽表.pdf")
    assert document.grids == []
    assert any(note.startswith("第1页的表格过大") for note in document.notes), document.notes


# ---------------------------------------------------------------------------------------
# Through xxgk check (toolkit/rules/analyse.py dispatches a .pdf to read_pdf)
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_check_json_of_a_pdf_report_gives_its_table_and_the_wrong_cell(
    pdfs: dict[str, bytes], tmp_path: Path
) -> None:
    (tmp_path / "正确.pdf").write_bytes(pdfs["broken_repeated"])
    (tmp_path / "有误.pdf").write_bytes(pdfs["wrong"])
    code, out, _, exception = run("check", tmp_path / "正确.pdf", tmp_path / "有误.pdf", "--json")
    assert exception is None and code == 1
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    right, wrong = files["正确.pdf"], files["有误.pdf"]
    assert right["kind"] == wrong["kind"] == "report"
    assert numbers(Table.from_json(right["table"])) == numbers(TABLE)
    assert [f["rule"] for f in right["findings"] if f["severity"] == "error"] == []
    errors = [(f["rule"], f["sheet"], f["cell"], f["key"], f["column"]) for f in wrong["findings"]]
    assert ("R2", "表2", "第2页 第16行 第10列", "三.四.1", form.SEC3_TOTAL_COLUMN) in errors


def test_check_refuses_a_hostile_pdf_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "炸弹.pdf").write_bytes(form_bomb_pdf(9, 10))
    (tmp_path / "扫描.pdf").write_bytes(scanned_pdf(text_pdf(["Scanned 12"]), scale=1))
    code, out, _, exception = run("check", tmp_path, "--json")
    assert exception is None and code == 2
    reasons = {Path(f["path"]).name: f.get("reason") for f in json.loads(out)["files"]}
    assert reasons == {"炸弹.pdf": "pdf_unsafe", "扫描.pdf": "pdf_no_text"}
