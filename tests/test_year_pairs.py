"""A folder with several years of one unit: consecutive years are paired and R11/R10 run on the pair
(issue 17 item 3, toolkit.count.pairs)."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit import form
from toolkit.check import check
from toolkit.table import Table

SAMPLE = Path(__file__).parent / "data" / "sample-emin-2024.json"


def _table(unit: str, year: int, carried_in: int, carried_out: int) -> Table:
    table = Table(unit, year)
    table.sec3["一"][0] = 5
    table.sec3["二"][0] = carried_in
    table.sec3["三.一"][0] = 5 + carried_in - carried_out
    table.sec3[form.CARRIED_OUT_KEY][0] = carried_out
    return table.with_totals()


def _write(folder: Path, name: str, table: Table) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(table.dumps(), encoding="utf-8")
    return path


def test_consecutive_years_of_one_unit_are_paired_and_r11_names_both(tmp_path: Path) -> None:
    folder = tmp_path / "历年"
    _write(folder, "2023.json", _table("示范县示范镇人民政府", 2023, 0, 3))
    _write(folder, "2024.json", _table("示范县示范镇人民政府", 2024, 2, 0))  # 2 ≠ last year's 3
    report = check([folder])
    assert all(f.findings == [] for f in report.files)
    r11 = [(f.rule, Path(f.path).name, f.key, f.column) for f in report.across]
    assert r11 == [
        ("R11", "2024.json", form.CARRIED_IN_KEY, "自然人"),  # the root cell, not its 总计
    ]
    assert "2023.json" in report.across[0].message and "2023 年" in report.across[0].message
    assert report.exit_code == 1


def test_agreeing_years_give_nothing_and_r10_runs_on_documents_counts(tmp_path: Path) -> None:
    folder = tmp_path / "历年"
    last = _table("示范县示范镇人民政府", 2023, 0, 3)
    last.sec2[form.SEC2_NORMATIVE_KEY] = [2, 0, 10]
    this = _table("示范县示范镇人民政府", 2024, 3, 0)
    this.sec2[form.SEC2_NORMATIVE_KEY] = [1, 1, 10]  # 10 + 1 − 1 = 10: R10 holds
    _write(folder, "a.json", last)
    _write(folder, "b.json", this)
    assert check([folder]).across == []
    this.sec2[form.SEC2_NORMATIVE_KEY] = [1, 0, 10]  # 10 + 1 − 0 = 11 ≠ 10
    _write(folder, "b.json", this)
    assert [(f.rule, f.key) for f in check([folder]).across] == [("R10", form.SEC2_NORMATIVE_KEY)]


def test_other_units_gaps_and_duplicates_are_not_paired(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    _write(folder, "a.json", _table("示范县示范镇人民政府", 2023, 0, 3))
    _write(folder, "b.json", _table("示范县东湖乡人民政府", 2024, 2, 0))  # another unit
    _write(folder, "c.json", _table("示范县示范镇人民政府", 2025, 2, 0))  # two years later
    assert [f.rule for f in check([folder]).across] == []
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data["year"] == 2024  # the sample alone pairs with nothing
    assert check([SAMPLE]).across == []


# --- published reports: check --previous and a folder of two years --------------------------------
LONG = [
    "本机关坚持以公开为常态、不公开为例外，全面推进行政决策、执行、管理、服务、结果公开。",
    "严格落实政府信息公开保密审查制度，确保上网信息不涉密、涉密信息不上网。",
    "进一步规范依申请公开办理流程，按时答复申请人，办理质量明显提高。",
    "加强政府网站和政务新媒体建设，及时更新政策文件和解读材料，方便群众查阅。",
]
NEW = [
    "本年度重点围绕优化营商环境公开惠企政策清单，集中发布减税降费操作指引二十余项。",
    "新建政策文件库，对现行有效的行政规范性文件逐件标注有效性，方便企业群众查询。",
    "组织开展政府开放日活动四次，邀请人大代表、政协委员和群众代表走进机关。",
    "针对申请量增加的情况，配备专人负责登记、办理和答复，全年没有逾期答复的申请。",
]


def _report(path: Path, table: Table, sentences: list[str]) -> Path:
    """A Word report (tests/document_fixtures.py) of ``table``'s year whose narrative paragraphs say
    ``sentences``."""
    import docx
    from document_fixtures import NARRATIVE, write_report_docx

    write_report_docx(table, path)
    document = docx.Document(str(path))
    document.paragraphs[1].text = f"{table.year}年政府信息公开工作年度报告"
    for paragraph in document.paragraphs:
        if paragraph.text == NARRATIVE:
            paragraph.text = "".join(sentences)
    document.save(str(path))
    return path


def _tables() -> tuple[Table, Table]:
    last = _table("示范县示范镇人民政府", 2023, 0, 3)
    this = _table("示范县示范镇人民政府", 2024, 3, 0)
    return last, this


def test_check_previous_with_last_years_report_gives_r13_and_repetition(tmp_path: Path) -> None:
    last, this = _tables()
    old = _report(tmp_path / "2023年报.docx", last, LONG)
    repeated = _report(tmp_path / "2024年报.docx", this, LONG)
    report = check([repeated], previous=old)
    (file,) = report.files
    assert file.kind == "report" and file.repetition == 1.0
    r13 = [f for f in file.findings if f.rule == "R13"]
    assert len(r13) == 1 and "2023年报.docx" in r13[0].message
    assert report.across == []  # the tables agree: 上年结转 3 = last year's 结转 3
    rewritten = _report(tmp_path / "2024年报-改写.docx", this, NEW)
    again = check([rewritten], previous=old)
    assert again.files[0].repetition == 0.0  # only the contact line is the same: the frame, left out
    assert [f.rule for f in again.files[0].findings if f.rule == "R13"] == []


def test_a_folder_of_two_years_of_reports_pairs_them(tmp_path: Path) -> None:
    last, this = _tables()
    this.sec3["二"][0] = 1  # last year carried 3 over
    this = this.with_totals()
    folder = tmp_path / "年报"
    folder.mkdir()
    _report(folder / "a.docx", last, LONG)
    _report(folder / "b.docx", this, LONG[:3] + NEW[:1])
    report = check([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    # three of the four narrative sentences repeat (the contact line too, but it is the frame)
    assert by_name["b.docx"].repetition == 0.75 and by_name["a.docx"].repetition is None
    assert [f.rule for f in by_name["b.docx"].findings if f.rule == "R13"] == ["R13"]
    assert {(f.rule, Path(f.path).name, f.column) for f in report.across} >= {("R11", "b.docx", "自然人")}


def test_check_previous_of_another_unit_or_year_is_noted_not_compared(tmp_path: Path) -> None:
    _, this = _tables()
    other = _table("示范县东湖乡人民政府", 2023, 0, 9)
    path = tmp_path / "this.json"
    path.write_text(this.dumps(), encoding="utf-8")
    last = tmp_path / "other.json"
    last.write_text(other.dumps(), encoding="utf-8")
    report = check([path], previous=last)
    assert report.across == [] and any("--previous" in n and "未做上年比较" in n for n in report.notes)
    same = tmp_path / "last.json"
    same.write_text(_table("示范县示范镇人民政府", 2023, 0, 9).dumps(), encoding="utf-8")
    assert [f.rule for f in check([path], previous=same).across] == ["R11"]


def test_a_pair_of_workbooks_names_this_years_cell(tmp_path: Path) -> None:
    """R11 of a year pair read from units' own workbooks points at this year's 二 cell."""
    from sample_layout import write_sample_layout

    folder = tmp_path / "两年"
    folder.mkdir()
    last, this = _tables()
    this.sec3["二"][0] = 2  # last year carried 3
    this.sec3["三.一"][0] -= 1
    write_sample_layout(folder / "2023.xlsx", last)
    write_sample_layout(folder / "2024.xlsx", this.with_totals())
    r11 = [f for f in check([folder]).across if f.rule == "R11"]
    assert [(Path(f.path).name, f.sheet, f.cell, f.column) for f in r11] == [
        ("2024.xlsx", "Sheet1", "D23", "自然人")
    ]
