"""Workbooks laid out as units type the official tables into Excel (fixtures for reader tests).

Labels are typed here on purpose, as a unit would type them (with their drift, line breaks and
merged cells): these fixtures must not be derived from toolkit.form.

- ``write_sample_layout``: the 额敏镇 2024 report's tables (spec/sample-report-emin-2024.txt) as
  pasted from Word: all three tables on ONE sheet, one after another, section headings as rows.
- ``write_2019_layout``: a 2019 trial-format table (国办公开办函〔2019〕60号), one sheet per table.
- ``write_hybrid_layout``: the 2021 section 二 with a section 三 whose （六）其他处理 is one row.
- ``put_text_cells``: numbers typed as text into a written workbook (e.g. our own 统计表).

Cell positions of the sample layout (0-based rows, as written below) are fixed, so tests can
assert addresses literally: section 三 row ``一`` is Excel row 22, its numbers in D…J.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

from toolkit.table import Table
from toolkit.write.xlsx import sheet_parts

SAMPLE_JSON = Path(__file__).parent / "data" / "sample-emin-2024.json"
SAMPLE_SHEET = "Sheet1"

SEC3_KEYS = (
    "一",
    "二",
    "三.一",
    "三.二",
    *(f"三.三.{i}" for i in range(1, 9)),
    *(f"三.四.{i}" for i in range(1, 4)),
    *(f"三.五.{i}" for i in range(1, 6)),
    *(f"三.六.{i}" for i in range(1, 4)),
    "三.七",
    "四",
)
SEC3_HEADS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
LEAVES = {
    "三.三": (
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ),
    "三.四": ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"),
    "三.五": (
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    "三.六": (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ),
}
#: group cells as typed in the sample (line breaks from Word; （3） is the sample's drift)
GROUP_CELLS = {
    "三.三": "（3） \n不予\n公开",
    "三.四": "（四）无法\n提供",
    "三.五": "（五）\n不予\n处理",
    "三.六": "（六）\n其他\n处理",
}
SEC4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结")

Overrides = dict[tuple[str, str | None, int], Any]


def sample_table() -> Table:
    """The published table of the sample report (its 三.四.1 总计 is 0: the real error)."""
    return Table.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


class Sheet:
    """Cells and merged ranges of one sheet, written at the end with xlsxwriter."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.hidden = False
        self.very_hidden = False

    def put(self, r: int, c: int, value: Any) -> None:
        self.cells[(r, c)] = value

    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Any) -> None:
        self.merges.append((r0, c0, r1, c1))
        self.cells[(r0, c0)] = value


def save(path: Path | str, sheets: Sequence[Sheet]) -> Path:
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    wrap = wb.add_format({"text_wrap": True, "border": 1, "valign": "vcenter"})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        if sheet.very_hidden:
            ws.very_hidden()
        elif sheet.hidden:
            ws.hide()
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_range(r0, c0, r1, c1, "", wrap)
        for (r, c), value in sorted(sheet.cells.items()):
            if value is None:
                ws.write_blank(r, c, None, wrap)
            elif isinstance(value, str):
                ws.write_string(r, c, value, wrap)
            elif isinstance(value, Decimal):
                ws.write_number(r, c, float(value), wrap)
            else:
                ws.write_number(r, c, value, wrap)
    wb.close()
    return Path(path)


def put_text_cells(path: Path | str, sheet: str, cells: dict[str, str]) -> Path:
    """Rewrite cells of ``sheet`` in a written .xlsx as text (inline strings), as a user typing
    '1 or pasting ２ leaves them; everything else, cached formula values included, is kept."""
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    part = sheet_parts(parts.__getitem__)[sheet]
    xml = parts[part].decode()
    for address, text in cells.items():
        cell = re.compile(rf'<c r="{address}"(?P<style> s="\d+")?(?:/>|>.*?</c>)')
        assert cell.search(xml), address
        inline = f'<is><t xml:space="preserve">{escape(text)}</t></is>'
        xml = cell.sub(
            lambda m, a=address, v=inline: f'<c r="{a}"{m["style"] or ""} t="inlineStr">{v}</c>', xml, count=1
        )
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _value(overrides: Overrides, key: tuple[str, str | None, int], default: Any) -> Any:
    return overrides.get(key, default)


# ---------------------------------------------------------------------------------------
# Section 二
# ---------------------------------------------------------------------------------------
def _sec2_2021(sh: Sheet, r: int, table: Table, ov: Overrides, normative: str = "规范性文件") -> int:
    sh.merge(r, 0, r, 3, "第二十条第（一）项")
    r += 1
    for c, text in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        sh.put(r, c, text)
    r += 1
    for key, label in (("规章", "规章"), ("行政规范性文件", normative)):
        sh.put(r, 0, label)
        values = table.sec2[key]
        assert isinstance(values, list)
        for i in range(3):
            sh.put(r, 1 + i, _value(ov, ("sec2", key, i), values[i]))
        r += 1
    for header, column, keys in (
        ("第二十条第（五）项", "本年处理决定数量", ("行政许可",)),
        ("第二十条第（六）项", "本年处理决定数量", ("行政处罚", "行政强制")),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", ("行政事业性收费",)),
    ):
        sh.merge(r, 0, r, 3, header)
        r += 1
        sh.put(r, 0, "信息内容")
        sh.merge(r, 1, r, 3, column)
        r += 1
        for key in keys:
            sh.put(r, 0, key)
            sh.merge(r, 1, r, 3, _value(ov, ("sec2", key, 0), table.sec2[key]))
            r += 1
    return r


def _sec2_2019(sh: Sheet, r: int) -> int:
    blocks = (
        (
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            (("规章", 0, 0, 0), ("规范性文件", 2, 2, 10)),
        ),
        (
            "第二十条第（五）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("行政许可", 20, 0, 150), ("其他对外管理服务事项", 5, 0, 30)),
        ),
        (
            "第二十条第（六）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("行政处罚", 3, 0, 12), ("行政强制", 1, 0, 2)),
        ),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", 2, 0),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", 3, 25.6),)),
    )
    for header, columns, rows in blocks:
        sh.merge(r, 0, r, 3, header)
        r += 1
        sh.put(r, 0, "信息内容")
        for c, text in enumerate(columns, start=1):
            sh.put(r, c, text)
        r += 1
        for label, *values in rows:
            sh.put(r, 0, label)
            for c, v in enumerate(values, start=1):
                sh.put(r, c, v)
            r += 1
    return r


# ---------------------------------------------------------------------------------------
# Section 三
# ---------------------------------------------------------------------------------------
def _sec3(
    sh: Sheet,
    r: int,
    table: Table,
    ov: Overrides,
    *,
    gap: int = 0,
    headers: bool = True,
    order: Sequence[int] | None = None,
    single_other: Sequence[int] | None = None,
    relabel: dict[str, str] | None = None,
    heads: dict[str, str] | None = None,
) -> int:
    """The section 三 table at row ``r`` (labels in A–C, numbers from D + gap)."""
    relabel = relabel or {}
    heads = heads or {}

    def head(text: str) -> str:
        return heads.get(text, text)

    first = 3 + gap
    last = first + 6
    order = tuple(order) if order is not None else tuple(range(7))
    if headers:
        sh.merge(r, 0, r + 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
        sh.merge(r, first, r, last, "申请人情况")
        if order == tuple(range(7)):
            sh.merge(r + 1, first, r + 2, first, head("自然人"))
            sh.merge(r + 1, first + 1, r + 1, last - 1, head("法人或其他组织"))
            for i, name in enumerate(SEC3_HEADS[1:6], start=1):
                sh.put(r + 2, first + i, head(name))
            sh.merge(r + 1, last, r + 2, last, head("总计"))
        else:  # columns moved: flat headers, no 法人 grouping
            for pos, i in enumerate(order):
                sh.merge(r + 1, first + pos, r + 2, first + pos, head(SEC3_HEADS[i]))
    r += 3

    def numbers(row: int, key: str, values: Sequence[Any]) -> None:
        for pos, i in enumerate(order):
            sh.put(row, first + pos, _value(ov, ("sec3", key, i), values[i]))

    rows: dict[str, int] = {}
    sh.merge(r, 0, r, 2, "一、本年新收政府信息公开申请数量")
    rows["一"] = r
    sh.merge(r + 1, 0, r + 1, 2, "二、上年结转政府信息公开申请数量")
    rows["二"] = r + 1
    r += 2
    results_top = r
    sh.merge(r, 1, r, 2, "（一）予以公开")
    rows["三.一"] = r
    sh.merge(r + 1, 1, r + 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    rows["三.二"] = r + 1
    r += 2
    for group in ("三.三", "三.四", "三.五"):
        leaves = LEAVES[group]
        sh.merge(r, 1, r + len(leaves) - 1, 1, GROUP_CELLS[group])
        for i, leaf in enumerate(leaves):
            sh.put(r + i, 2, leaf)
            rows[f"{group}.{i + 1}"] = r + i
        r += len(leaves)
    # the report's page break splits the vertical 三、本年度办理结果 cell in two
    sh.merge(results_top, 0, r - 1, 0, "三、本年度办理结果")
    second_top = r
    if single_other is None:
        leaves = LEAVES["三.六"]
        sh.merge(r, 1, r + len(leaves) - 1, 1, GROUP_CELLS["三.六"])
        for i, leaf in enumerate(leaves):
            sh.put(r + i, 2, leaf)
            rows[f"三.六.{i + 1}"] = r + i
        r += len(leaves)
    else:  # 2019: one numeric row
        sh.merge(r, 1, r, 2, "（六）其他处理")
        for pos, i in enumerate(order):
            sh.put(r, first + pos, single_other[i])
        r += 1
    sh.merge(r, 1, r, 2, "（七）总计")
    rows["三.七"] = r
    sh.merge(second_top, 0, r, 0, "三、本年度办理结果")
    r += 1
    sh.merge(r, 0, r, 2, "四、结转下年度继续办理")
    rows["四"] = r
    r += 1
    for key, row in rows.items():
        numbers(row, key, table.sec3[key])
        if key in relabel:
            sh.put(row, 2 if key.count(".") == 2 else (1 if key.startswith("三.") else 0), relabel[key])
    return r


# ---------------------------------------------------------------------------------------
# Section 四
# ---------------------------------------------------------------------------------------
def _sec4(sh: Sheet, r: int, table: Table, ov: Overrides) -> int:
    sh.merge(r, 0, r, 4, "行政复议")
    sh.merge(r, 5, r, 14, "行政诉讼")
    for c, name in enumerate(SEC4_COLUMNS):
        sh.merge(r + 1, c, r + 2, c, name)
    sh.merge(r + 1, 4, r + 2, 4, "总\n计")
    sh.merge(r + 1, 5, r + 1, 9, "未经复议直接起诉")
    sh.merge(r + 1, 10, r + 1, 14, "复议后起诉")
    for b, total in ((5, "总 计   "), (10, "总计")):
        for c, name in enumerate(SEC4_COLUMNS):
            sh.put(r + 2, b + c, name)
        sh.put(r + 2, b + 4, total)
    for i in range(15):
        sh.put(r + 3, i, _value(ov, ("sec4", None, i), table.sec4[i]))
    return r + 4


# ---------------------------------------------------------------------------------------
# The workbooks
# ---------------------------------------------------------------------------------------
def write_sample_layout(
    path: Path | str,
    table: Table | None = None,
    *,
    overrides: Overrides | None = None,
    gap: int = 0,
    headers: bool = True,
    order: Sequence[int] | None = None,
    relabel: dict[str, str] | None = None,
    heads: dict[str, str] | None = None,
    extra: Sequence[Sheet] = (),
    hidden: str | None = None,
) -> Path:
    """The sample report's three tables typed into one sheet (``Sheet1``).

    ``table``: the numbers (default: the published sample); ``overrides``: raw cell values by
    (section, key, index), e.g. ``{("sec3", "一", 0): "—"}``; ``gap``: empty columns inserted
    between the section 三 labels and its numbers; ``headers=False`` leaves out the section 三
    column headers; ``order``: the section 三 columns' sheet order (indexes of the official order);
    ``relabel``: section 三 row labels typed differently, by key; ``heads``: section 三 column
    headers typed differently (official text → typed text); ``extra``: more sheets after it;
    ``hidden="hidden"`` or ``"very_hidden"``: ``Sheet1`` is hidden so, after a visible ``封面``.
    Fixed rows: title 1, section 二 rows 2–16 (规章 row 5, 规范性文件 row 6, fee B16), section 三
    header rows 19–21 and ``一`` at row 22 … ``四`` at row 46, section 四 numbers on row 52.
    """
    table = table or sample_table()
    ov = overrides or {}
    sh = Sheet(SAMPLE_SHEET)
    sh.put(0, 0, f"{table.unit}{table.year}年政府信息公开工作年度报告")
    sh.put(1, 0, "二、主动公开政府信息情况")
    r = _sec2_2021(sh, 2, table, ov)
    sh.put(r + 1, 0, "三、收到和处理政府信息公开申请情况")
    r = _sec3(sh, r + 2, table, ov, gap=gap, headers=headers, order=order, relabel=relabel, heads=heads)
    sh.put(r + 1, 0, "四、政府信息公开行政复议、行政诉讼情况")
    _sec4(sh, r + 2, table, ov)
    if hidden is None:
        return save(path, [sh, *extra])
    cover = Sheet("封面")
    cover.put(0, 0, "说明：统计表在隐藏的工作表中")
    sh.hidden, sh.very_hidden = hidden == "hidden", hidden == "very_hidden"
    assert sh.hidden or sh.very_hidden, hidden
    return save(path, [cover, sh, *extra])


def table_2019() -> Table:
    """The numbers of the 2019 fixture (the （六） row holds 自然人 1, 商业企业 1)."""
    t = Table(unit="示范县示范局", year=2021)
    t.sec3["一"] = [3, 1, 0, 0, 0, 0, 4]
    t.sec3["三.一"] = [1, 0, 0, 0, 0, 0, 1]
    t.sec3["三.四.1"] = [1, 0, 0, 0, 0, 0, 1]
    t.sec3["三.七"] = [3, 1, 0, 0, 0, 0, 4]
    t.sec4[0] = 1
    t.sec4[4] = 1
    return t


SINGLE_OTHER_2019 = (1, 1, 0, 0, 0, 0, 2)


def write_2019_layout(path: Path | str, year: int | None = None) -> Path:
    """A 2019 trial-format table on three sheets (主动公开 / 依申请公开 / 复议诉讼情况).

    With ``year``, the first sheet's title row names the unit and that year."""
    table = table_2019()
    sec2, sec3, sec4 = Sheet("主动公开"), Sheet("依申请公开"), Sheet("复议诉讼情况")
    title = f"{table.unit}{year}年政府信息公开工作年度报告 " if year else ""
    sec2.put(0, 0, title + "二、主动公开政府信息情况")
    _sec2_2019(sec2, 1)
    sec3.put(0, 0, "三、收到和处理政府信息公开申请情况")
    _sec3(sec3, 1, table, {}, single_other=SINGLE_OTHER_2019)
    sec4.put(0, 0, "四、政府信息公开行政复议、行政诉讼情况")
    _sec4(sec4, 1, table, {})
    return save(path, [sec2, sec3, sec4])


def write_hybrid_layout(path: Path | str, *, old_section: str = "sec3") -> Path:
    """A hybrid on one sheet (年报统计). ``old_section="sec3"`` (default): the 2021 section 二
    (official labels) with a section 三 whose （六）其他处理 is one row; ``"sec2"``: the 2019
    section 二 with the 2021 section 三."""
    table = table_2019()
    table.sec2["行政许可"] = 7
    if old_section == "sec2":  # the 2021 section 三: the （六） row's cases are in its 3.其他 row
        table.sec3["三.六.3"] = list(SINGLE_OTHER_2019)
    sh = Sheet("年报统计")
    sh.put(0, 0, "二、主动公开政府信息情况")
    if old_section == "sec2":
        r = _sec2_2019(sh, 1)
    else:
        r = _sec2_2021(sh, 1, table, {}, normative="行政规范性文件")
    sh.put(r, 0, "三、收到和处理政府信息公开申请情况")
    single = SINGLE_OTHER_2019 if old_section == "sec3" else None
    r = _sec3(sh, r + 1, table, {}, single_other=single)
    sh.put(r, 0, "四、政府信息公开行政复议、行政诉讼情况")
    _sec4(sh, r + 1, table, {})
    return save(path, [sh])


def write_stacked_layout(
    path: Path | str,
    tables: Sequence[tuple[Table, str]],
    *,
    sheets: Sequence[str] | None = None,
    extra: Sequence[Sheet] = (),
    sections: Sequence[str] = ("sec2", "sec3", "sec4"),
) -> tuple[Path, list[tuple[str, int]]]:
    """Several sets of the tables (``sections`` of them), each under its title line, as units
    paste them: stacked on one sheet (``Sheet1``, three blank rows between) or, with ``sheets``,
    one set per named sheet. Returns the path and where each set starts: (sheet, 1-based row of
    its title)."""
    starts: list[tuple[str, int]] = []
    out: list[Sheet] = []
    sh = Sheet(SAMPLE_SHEET)
    r = 0
    for n, (table, title) in enumerate(tables):
        if sheets is not None:
            sh, r = Sheet(sheets[n]), 0
        if not out or out[-1] is not sh:
            out.append(sh)
        starts.append((sh.name, r + 1))
        sh.put(r, 0, title)
        r += 1
        if "sec2" in sections:
            sh.put(r, 0, "二、主动公开政府信息情况")
            r = _sec2_2021(sh, r + 1, table, {}) + 1
        if "sec3" in sections:
            sh.put(r, 0, "三、收到和处理政府信息公开申请情况")
            r = _sec3(sh, r + 1, table, {}) + 1
        if "sec4" in sections:
            sh.put(r, 0, "四、政府信息公开行政复议、行政诉讼情况")
            r = _sec4(sh, r + 1, table, {})
        r += 3
    return save(path, [*out, *extra]), starts
