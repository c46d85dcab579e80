"""The 2019 trial format (国办公开办函〔2019〕60号) as data: what a reader needs of its 表二.

Used for the 2019 and 2020 reports (and wrongly reused in some later years). Its 表二 has other
columns than the 2021 format, so its values are read into their own structure
(``toolkit.read.stats.StatsRead.sec2_2019``), never into the 2021 ``Table.sec2``:

- 第二十条 item (一): 规章, 规范性文件 under 本年新制作数量 · 本年新公开数量 · 对外公开总数量;
- 第二十条 item (五): 行政许可, 其他对外管理服务事项 and item (六): 行政处罚, 行政强制 under
  上一年项目数量 · 本年增/减 · 处理决定数量 (本年增/减 may be negative);
- 第二十条 item (八): 行政事业性收费 under 上一年项目数量 · 本年增/减;
- 第二十条 item (九): 政府集中采购 under 采购项目数量 · 采购总金额 (万元, decimals allowed).

Its 表三 is the 2021 one except that （六） group is one row; its 表四 is the 2021 one. Labels the
2021 form also has come from ``toolkit.form``; the 2019 ones from ``form.LAYOUT_2019_MARKERS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import form

__all__ = [
    "FORM_2019",
    "LAST_YEAR_2019",
    "SEC2_2019_KEYS",
    "SEC2_2019_RULES_KEY",
    "SEC2_TABLES_2019",
    "Sec2Table2019",
    "sec2_2019_key_by_label",
    "table_of",
]

FORM_2019 = "国办公开办函〔2019〕60号"
#: the last 统计年度 for which the 2019 trial format is the right one
LAST_YEAR_2019 = 2020

(
    _NEW_MADE,
    _NEW_PUBLISHED,
    _PUBLISHED_TOTAL,
    _LAST_YEAR_ITEMS,
    _CHANGE,
    _OTHER_SERVICES,
    _ITEM_9,
    _PROCUREMENT,
    _PROCUREMENT_ITEMS,
    _PROCUREMENT_AMOUNT,
) = form.LAYOUT_2019_MARKERS
_RULES, _NORMATIVE_2021, _LICENCE, _PENALTY, _COERCION, _FEE = form.SEC2_KEYS
#: the 2019 name of the 2021 行政规范性文件 row (the 2021 reader takes it as drift)
_NORMATIVE = next(v for v, o in form.LABEL_DRIFT.items() if o == _NORMATIVE_2021)
#: 处理决定数量: the 2021 column 本年处理决定数量 without 本年
_DECISIONS = form.SEC2_TABLES[1].columns[0].removeprefix("本年")


@dataclass(frozen=True)
class Sec2Table2019:
    """One sub-table of the 2019 表二: its header, columns, the kind of each column ("count": a
    whole number ≥ 0; "change": a whole number, maybe negative; "amount": 万元, decimals allowed)
    and its rows (each row's label is its key)."""

    header: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.columns)


_ITEMS = (_LAST_YEAR_ITEMS, _CHANGE, _DECISIONS)
_ITEM_KINDS = ("count", "change", "count")
SEC2_TABLES_2019: tuple[Sec2Table2019, ...] = (
    Sec2Table2019(
        form.SEC2_TABLES[0].header,
        (_NEW_MADE, _NEW_PUBLISHED, _PUBLISHED_TOTAL),
        ("count", "count", "count"),
        (_RULES, _NORMATIVE),
    ),
    Sec2Table2019(form.SEC2_TABLES[1].header, _ITEMS, _ITEM_KINDS, (_LICENCE, _OTHER_SERVICES)),
    Sec2Table2019(form.SEC2_TABLES[2].header, _ITEMS, _ITEM_KINDS, (_PENALTY, _COERCION)),
    Sec2Table2019(form.SEC2_TABLES[3].header, _ITEMS[:2], _ITEM_KINDS[:2], (_FEE,)),
    Sec2Table2019(_ITEM_9, (_PROCUREMENT_ITEMS, _PROCUREMENT_AMOUNT), ("count", "amount"), (_PROCUREMENT,)),
)
#: the 2019 表二 row keys, in order
SEC2_2019_KEYS: tuple[str, ...] = tuple(row for t in SEC2_TABLES_2019 for row in t.rows)
#: the row R8 looks at (规章: 本年新制作数量 > 0 means the unit made 规章)
SEC2_2019_RULES_KEY = _RULES


def sec2_2019_key_by_label() -> dict[str, str]:
    """normalised row label → 2019 row key (行政规范性文件 typed in a 2019 table is 规范性文件)."""
    index = {form.normalize_label(k): k for k in SEC2_2019_KEYS}
    index.setdefault(form.normalize_label(_NORMATIVE_2021), _NORMATIVE)
    return index


def table_of(key: str) -> Sec2Table2019:
    """The 2019 sub-table holding row ``key``."""
    return next(t for t in SEC2_TABLES_2019 if key in t.rows)
