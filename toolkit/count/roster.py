"""``--roster``: the units a county expects to submit (xlsx or csv), compared with what arrived (R24)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from toolkit import form
from toolkit.errors import UnreadableInput
from toolkit.findings import ERROR, Finding
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


def read_roster(path: Path) -> list[str]:
    """Expected unit names, in the roster's order: the column headed 单位名称 (or the first column)."""
    path = Path(path)
    if not path.is_file():
        raise _refused("找不到名单文件", path)
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path)
    else:
        from toolkit.gate.workbook import inspect_workbook

        inspect_workbook(path)
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            rows = book.get_sheet_by_index(0).to_python()
        except Exception:
            raise UnreadableInput(
                "无法读取名单，请使用 .xlsx 或 .csv 文件", path=str(path), reason="roster"
            ) from None
    rows = [[normalize_text(v) for v in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise _refused("名单是空的，请每行填写一个单位名称", path)
    column, start = 0, 0
    for c, value in enumerate(rows[0]):
        if unit_key(value) == unit_key(form.UNIT_NAME) or value in ("单位", "单位全称"):
            column, start = c, 1
            break
    names = [row[column] for row in rows[start:] if column < len(row) and row[column]]
    if not names:
        raise UnreadableInput(
            f"名单中没有单位名称（请在“{form.UNIT_NAME}”列中每行填写一个单位）",
            path=str(path),
            reason="roster",
        )
    return names


def _refused(message: str, path: Path) -> UnreadableInput:
    return UnreadableInput(message, path=str(path), reason="roster")


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        raise UnreadableInput(
            "名单文件的编码无法识别，请另存为 UTF-8 的 CSV", path=str(path), reason="roster"
        )
    return [row for row in csv.reader(io.StringIO(text))]


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
