"""``--roster``: the units a county expects to submit (xlsx or csv), compared with what arrived (R24)."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.files import os_reason
from toolkit.findings import ERROR, Finding
from toolkit.outputs import probe
from toolkit.read.cells import normalize_text

STATUS_OK, STATUS_MISSING, STATUS_UNEXPECTED, STATUS_DUPLICATE = "已报送", "未报送", "名单外", "重复报送"


#: traditional → simplified for the characters common in unit names (form.normalize_label has the
#: form's own labels' characters): 縣鄉鎮區 … so that 城關鎮人民政府 is 城关镇人民政府
_UNIT_TRADITIONAL = str.maketrans(
    "縣鄉鎮區辦處會員黨組織紀檢監審計財稅務農業資發廣電視體衛醫療險勞動環護資糧儲備運輸鐵橋濟應災園東門灣陽嶺關華興豐龍鳳峽灘鋪莊溝壩陳張劉楊黃趙葉蘇馬孫錢吳鄭廳場統規劃術學師範協聯鄰達遠衛軍鄧羅謝韓馮許彭蔣盧範",
    "县乡镇区办处会员党组织纪检监审计财税务农业资发广电视体卫医疗险劳动环护资粮储备运输铁桥济应灾园东门湾阳岭关华兴丰龙凤峡滩铺庄沟坝陈张刘杨黄赵叶苏马孙钱吴郑厅场统规划术学师范协联邻达远卫军邓罗谢韩冯许彭蒋卢范",
)
#: hyphen and dash variants → "-"; middle-dot variants → "·"
_UNIT_MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u00b7\u2022\u2027\u30fb\uff65\u2219", "\u00b7"),
    }
)


def unit_key(name: str) -> str:
    """How unit names are compared: form.normalize_label (NFKC: full/half width; no spaces; the form's
    traditional characters), then the traditional characters of unit names, one hyphen, one middle dot."""
    return form.normalize_label(name).translate(_UNIT_TRADITIONAL).translate(_UNIT_MARKS)


#: the suffixes read as text (one unit a line, or columns separated by "," ";" or a tab); others as workbooks
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: a roster of 10,000 units is about 300 KB; anything much larger is not a roster
MAX_ROSTER_BYTES = 4 << 20
#: the longest unit name accepted: real ones stay under 40 characters
MAX_NAME_CHARS = 100
#: how far down the header (单位名称) is looked for: a title and a note or two may stand above it
HEADER_ROWS = 10
#: headers of the unit-name column, compared by unit_key
_HEADERS = {
    unit_key(h) for h in (form.UNIT_NAME, "单位", "单位全称", "单位名", "名称", "报送单位", "应报送单位")
}
_HEADER_START = unit_key(form.UNIT_NAME)  # 单位名称（全称）, 单位名称(盖章)
#: a row above the first name that holds only a title: "2024年应报送单位名单"
_TITLE_WORDS = ("名单", "清单", "一览表", "目录")
_DELIMITERS = (",", "\t", ";")  # in this order of preference when a sample does not decide
_SAMPLE_LINES = 50

Rows = list[tuple[int, list[str]]]  # (row or line number, cells)
RawRows = list[tuple[int, list[Any]]]  # the same, cells as read (a workbook's numbers, dates, ...)


def read_roster(path: Path) -> list[str]:
    """Expected unit names, in the roster's order: the column headed 单位名称 (or 单位, 单位全称, 名称, …;
    a title and notes may stand above the header), or, without a header, the one column of names (under a
    title such as "2024年应报送单位名单").

    A .csv/.tsv/.txt roster may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 with a BOM, have any
    line ends (Excel for Mac saves CR alone) and "," ";" or tab separators. Anything that cannot be read
    that way is refused (:class:`UnreadableInput`, reason ``roster``) with what to fix, never guessed."""
    path = Path(path)
    kind = probe(path, "名单文件")
    if kind == "missing":
        raise _refused("找不到名单文件：请检查 --roster 后的路径", path)
    if kind != "file":
        raise _refused("这不是名单文件（是文件夹或特殊文件）：--roster 请指定 .xlsx 或 .csv 名单", path)
    rows = _text_rows(path) if path.suffix.lower() in TEXT_SUFFIXES else _workbook_rows(path)
    return _names(rows, path)


def _refused(message: str, path: Path) -> UnreadableInput:
    return UnreadableInput(message, path=str(path), reason="roster")


def _names(raw: RawRows, path: Path) -> list[str]:
    rows = [(n, [normalize_text(v) for v in cells]) for n, cells in raw]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise _refused(f"名单是空的：请在“{form.UNIT_NAME}”一列中每行填写一个单位", path)
    header = _header(rows[:HEADER_ROWS])
    if header is not None:
        at, column = header
        found = [(n, cells[column]) for n, cells in rows[at + 1 :] if column < len(cells) and cells[column]]
    else:
        while rows and _is_title(rows[0][1]):
            rows = rows[1:]
        wide = next((n for n, cells in rows if sum(1 for c in cells if c) > 1), None)
        if wide is not None:
            raise _refused(
                f"名单第 {wide} 行有多列，但找不到“{form.UNIT_NAME}”表头，不知道哪一列是单位名称："
                f"请在单位名称那一列的第一行填写“{form.UNIT_NAME}”",
                path,
            )
        found = [(n, next(c for c in cells if c)) for n, cells in rows]
    if not found:
        raise _refused(f"名单中没有单位名称：请在“{form.UNIT_NAME}”一列中每行填写一个单位", path)
    for n, name in found:
        if len(name) > MAX_NAME_CHARS:
            raise _refused(
                f"名单第 {n} 行的单位名称长达 {len(name)} 个字，不像单位名称：请检查这一行"
                "（是否少了一个引号，把后面几行连成了一格），每行只填一个单位的全称",
                path,
            )
    return [name for _, name in found]


def _header(rows: Rows) -> tuple[int, int] | None:
    """(index in ``rows``, column) of the header of unit names: a cell that is one of the usual headers;
    else, in a row of several headers (序号, 部门名称, 联系人), the one that ends in 名称."""
    for at, (_, cells) in enumerate(rows):
        for column, value in enumerate(cells):
            if value and (unit_key(value) in _HEADERS or unit_key(value).startswith(_HEADER_START)):
                return at, column
    for at, (_, cells) in enumerate(rows):
        if sum(1 for c in cells if c) > 1:
            for column, value in enumerate(cells):
                if unit_key(value).endswith("名称"):
                    return at, column
    return None


def _is_title(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) == 1 and any(word in filled[0] for word in _TITLE_WORDS)


def _workbook_rows(path: Path) -> RawRows:
    from toolkit.gate.workbook import inspect_workbook

    inspect_workbook(path)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        grid = book.get_sheet_by_index(0).to_python()
    except Exception:
        raise _refused("无法读取名单：请用 Excel/WPS 另存为 .xlsx 或 .csv 后再试", path) from None
    return [(n, list(row)) for n, row in enumerate(grid, start=1)]


def _text_rows(path: Path) -> Rows:
    try:
        size = path.stat().st_size
        if size > MAX_ROSTER_BYTES:
            from toolkit.gate.zips import size_text

            raise _refused(
                f"名单文件有 {size_text(size)}，不像单位名单（每行一个单位名称）：请检查是否选错了文件", path
            )
        data = path.read_bytes()
    except OSError as err:
        words = f"无法读取名单（{os_reason(err)}）：请检查文件权限，或关闭正在打开它的程序"
        raise _refused(words, path) from None
    text = _decode(data, path)
    if "\x00" in text:
        raise _refused("名单不是文本文件：请用 Excel/WPS 另存为 CSV 或 .xlsx 后再试", path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: Rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error:
        raise _refused(
            f"名单第 {reader.line_num} 行无法按 CSV 读取（可能有不成对的引号，或一格内容过长）："
            "请用 Excel/WPS 打开名单，检查这一行后另存为 CSV 或 .xlsx",
            path,
        ) from None
    return rows


def _decode(data: bytes, path: Path) -> str:
    """UTF-16 with a BOM (Excel's "Unicode 文本"), UTF-8 with or without a BOM, else GB18030 (a superset
    of GBK)."""
    encodings = ("utf-16",) if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ()
    for encoding in encodings or ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refused(
        "名单文件的编码无法识别：请用 Excel/WPS 另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再试", path
    )


def _delimiter(text: str) -> str:
    """The separator of a text roster: of "," tab ";", the one that splits the most of the first lines into
    several cells (a one-column roster has none: ","). Quotes are respected."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    best, best_count = _DELIMITERS[0], 0
    for delimiter in _DELIMITERS:
        try:
            count = sum(1 for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(row) > 1)
        except csv.Error:
            continue
        if count > best_count:
            best, best_count = delimiter, count
    return best


@dataclass(frozen=True)
class Submitted:
    unit: str
    path: str


def compare_roster(
    expected: list[str], submitted: list[Submitted], roster_path: str
) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """R24 findings (missing, unexpected) and the 名单核对 rows (unit, status, file)."""
    findings: list[Finding] = []
    rows: list[tuple[str, str, str]] = []
    by_key: dict[str, list[Submitted]] = {}
    for item in submitted:
        by_key.setdefault(unit_key(item.unit), []).append(item)
    expected_keys = set()
    for name in expected:
        key = unit_key(name)
        if key in expected_keys:
            continue
        expected_keys.add(key)
        got = by_key.get(key, [])
        if not got:
            rows.append((name, STATUS_MISSING, ""))
            findings.append(
                Finding("R24", roster_path, f"名单中的“{name}”没有报送", "请联系该单位报送台账或统计表")
            )
        else:
            status = STATUS_OK if len(got) == 1 else STATUS_DUPLICATE
            rows.append((name, status, "；".join(s.path for s in got)))
    for key, items in by_key.items():
        if key not in expected_keys:
            for item in items:
                rows.append((item.unit, STATUS_UNEXPECTED, item.path))
                findings.append(
                    Finding(
                        "R24",
                        item.path,
                        f"“{item.unit}”不在名单中",
                        "请核对单位名称是否与名单一致（全称），或确认该单位是否应计入本次汇总",
                    )
                )
    return findings, rows


def duplicate_units(submitted: list[Submitted]) -> list[Finding]:
    """The same unit submitted in two different files: counting both would double its numbers."""
    findings = []
    seen: dict[str, Submitted] = {}
    for item in submitted:
        key = unit_key(item.unit)
        if key in seen:
            first = seen[key]
            findings.append(
                Finding(
                    "R24",
                    item.path,
                    f"“{item.unit}”重复报送：与 {first.path} 是同一单位",
                    "同一单位只能计入一次：请删除多余的文件，或核对单位信息中的单位名称",
                    severity=ERROR,
                )
            )
        else:
            seen[key] = item
    return findings
