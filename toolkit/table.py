"""The statistics table in memory: the JSON table shape of spec/official-format.md.

A ``Table`` holds every cell of the three official tables as read or computed; a cell that
was blank or unreadable in a published table is ``None`` — ``null`` in the JSON shape, where a
whole row or section may also be ``null`` (``Table.from_json``, ``Table.missing_cells``).
``with_totals()`` recomputes every total from the leaves — the only way the toolkit ever produces a total.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from toolkit import form

if TYPE_CHECKING:
    import pandas as pd

Count = int | None
Sec2Value = list[Count] | Count | Decimal


@dataclass(frozen=True)
class UnitInfo:
    """单位信息 of a workbook (not part of the JSON table except name and year)."""

    name: str = ""
    year: int | None = None
    level: str = ""
    scope: str = form.SCOPE_OWN
    contact: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""

    def values(self) -> dict[str, object]:
        """label → value, in the order of form.UNIT_FIELDS."""
        by_label: dict[str, object] = {
            form.UNIT_NAME: self.name,
            form.UNIT_YEAR: self.year,
            form.UNIT_LEVEL: self.level,
            form.UNIT_SCOPE: self.scope,
            form.UNIT_CONTACT: self.contact,
            form.UNIT_PHONE: self.phone,
            form.UNIT_ADDRESS: self.address,
            form.UNIT_POSTCODE: self.postcode,
        }
        return {f.label: by_label[f.label] for f in form.UNIT_FIELDS}


def _zero_sec2() -> dict[str, Sec2Value]:
    sec2: dict[str, Sec2Value] = {}
    for t in form.SEC2_TABLES:
        for row in t.rows:
            if t.kind == "fee":
                sec2[row] = Decimal(0)
            elif t.width == 1:
                sec2[row] = 0
            else:
                sec2[row] = [0] * t.width
    return sec2


@dataclass
class Table:
    unit: str = ""
    year: int | None = None
    sec2: dict[str, Sec2Value] = field(default_factory=_zero_sec2)
    sec3: dict[str, list[Count]] = field(
        default_factory=lambda: {k: [0] * len(form.SEC3_COLUMNS) for k in form.SEC3_KEYS}
    )
    sec4: list[Count] = field(default_factory=lambda: [0] * form.SEC4_WIDTH)

    # ---- totals -------------------------------------------------------------------------
    def with_totals(self) -> Table:
        """A copy whose totals (总计 column, 三.七 row, section 四 总计) are computed from the leaves.

        A total over a leaf that is not a number (None) is None: a total of unknown parts is unknown.
        """
        sec3 = {k: list(v) for k, v in self.sec3.items()}
        for c in range(form.TOTAL_COL):
            sec3[form.RESULTS_TOTAL_KEY][c] = _sum(sec3[k][c] for k in form.RESULT_KEYS)
        for row in sec3.values():
            row[form.TOTAL_COL] = _sum(row[: form.TOTAL_COL])
        sec4 = list(self.sec4)
        for t in form.SEC4_TOTAL_INDEXES:
            sec4[t] = _sum(sec4[t - 4 : t])
        return Table(self.unit, self.year, _copy_sec2(self.sec2), sec3, sec4)

    def __add__(self, other: Table) -> Table:
        """Cell-wise sum (a roll-up); totals recomputed."""
        return self.plus(other).with_totals()

    def plus(self, other: Table) -> Table:
        """Cell-wise sum of the leaves; its totals are left as the sums of the totals (call
        ``with_totals`` once at the end of a long roll-up instead of at every step)."""
        sec2: dict[str, Sec2Value] = {}
        for key in form.SEC2_KEYS:
            a, b = self.sec2[key], other.sec2[key]
            if isinstance(a, list) and isinstance(b, list):
                sec2[key] = [_add(x, y) for x, y in zip(a, b, strict=True)]
            else:
                sec2[key] = _add(a, b)
        sec3 = {
            k: [_add(x, y) for x, y in zip(self.sec3[k], other.sec3[k], strict=True)] for k in form.SEC3_KEYS
        }
        sec4 = [_add(x, y) for x, y in zip(self.sec4, other.sec4, strict=True)]
        return Table(self.unit, self.year, sec2, sec3, sec4)

    # ---- JSON ---------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        sec2: dict[str, Any] = {}
        for key, value in self.sec2.items():
            sec2[key] = _fee_to_json(value) if key == form.SEC2_FEE_KEY else value
        return {
            "unit": self.unit,
            "year": self.year,
            "sec2": sec2,
            "sec3": {k: list(self.sec3[k]) for k in form.SEC3_KEYS},
            "sec4": list(self.sec4),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        """Build a table from the JSON shape; raises ValueError (Chinese message) on a wrong shape.

        Cell values are taken as they are (checking them is the rules' job); only the shape is
        enforced: all 25 section 三 keys with 7 values, 15 section 四 values, the six section 二 keys.
        ``null`` means "not available" (a cell of a published table that is blank or could not be
        read) and may stand for a cell, a whole row (``"三.二": null``) or a whole section
        (``"sec4": null``): each of its cells is then None. See ``missing_cells``.
        """
        if not isinstance(data, dict):
            raise ValueError("JSON 顶层应为对象（{…}）")
        missing = [k for k in ("sec2", "sec3", "sec4") if k not in data]
        if missing:
            raise ValueError(f"JSON 缺少字段：{'、'.join(missing)}（没有数据的部分请写 null）")
        width3 = len(form.SEC3_COLUMNS)
        sec3_in = data["sec3"]
        if sec3_in is None:
            sec3_in = dict.fromkeys(form.SEC3_KEYS)
        if not isinstance(sec3_in, dict):
            raise ValueError("sec3 应为对象，键为行号（如 “三.四.1”）")
        absent = [k for k in form.SEC3_KEYS if k not in sec3_in]
        if absent:
            raise ValueError(f"sec3 缺少行：{'、'.join(absent)}（没有数据的行请写 null）")
        unknown = [k for k in sec3_in if k not in form.SEC3_KEYS]
        if unknown:
            raise ValueError(f"sec3 含有未知行：{'、'.join(map(str, unknown))}")
        sec3: dict[str, list[Count]] = {}
        for k in form.SEC3_KEYS:
            row = sec3_in[k]
            if row is None:
                row = [None] * width3
            if not isinstance(row, list) or len(row) != width3:
                raise ValueError(f"sec3 “{k}” 应为 7 个数的列表")
            sec3[k] = list(row)
        sec4 = data["sec4"]
        if sec4 is None:
            sec4 = [None] * form.SEC4_WIDTH
        if not isinstance(sec4, list) or len(sec4) != form.SEC4_WIDTH:
            raise ValueError("sec4 应为 15 个数的列表")
        sec2_in = data["sec2"]
        if sec2_in is None:
            sec2_in = dict.fromkeys(form.SEC2_KEYS)
        if not isinstance(sec2_in, dict):
            raise ValueError("sec2 应为对象")
        sec2: dict[str, Sec2Value] = {}
        for key in form.SEC2_KEYS:
            if key not in sec2_in:
                raise ValueError(f"sec2 缺少 “{key}”（没有数据请写 null）")
            value = sec2_in[key]
            width = form.sec2_table_of(key).width
            if width > 1 and value is None:
                value = [None] * width
            if width > 1 and (not isinstance(value, list) or len(value) != width):
                raise ValueError(f"sec2 “{key}” 应为 {width} 个数的列表")
            if (
                key == form.SEC2_FEE_KEY
                and isinstance(value, (int, float, str))
                and not isinstance(value, bool)
            ):
                with contextlib.suppress(ArithmeticError):
                    value = Decimal(str(value))
            sec2[key] = value
        year = data.get("year")
        return cls(
            str(data.get("unit") or ""), year if isinstance(year, int) else None, sec2, sec3, list(sec4)
        )

    @classmethod
    def loads(cls, text: str) -> Table:
        return cls.from_json(json.loads(text, parse_float=Decimal))

    def missing_cells(self) -> list[tuple[str, str, str | None]]:
        """The cells that are None ("not available"), as (table, row key, column): ``("表三",
        "三.二", "商业企业")``; a row or a 表四 block none of whose cells is known is one entry with
        column None."""
        out: list[tuple[str, str, str | None]] = []
        for key in form.SEC2_KEYS:
            value = self.sec2[key]
            values = value if isinstance(value, list) else [value]
            columns = form.sec2_table_of(key).columns
            if values and all(v is None for v in values):
                out.append(("表二", key, None))
            else:
                out += [("表二", key, columns[i]) for i, v in enumerate(values) if v is None]
        for key in form.SEC3_KEYS:
            row = self.sec3[key]
            if all(v is None for v in row):
                out.append(("表三", key, None))
            else:
                out += [("表三", key, form.SEC3_COLUMNS[i]) for i, v in enumerate(row) if v is None]
        width = len(form.SEC4_BLOCK_COLUMNS)
        for b, block in enumerate(form.SEC4_BLOCKS):
            part = self.sec4[b * width : (b + 1) * width]
            if all(v is None for v in part):
                out.append(("表四", block, None))
            else:
                out += [("表四", block, form.SEC4_BLOCK_COLUMNS[i]) for i, v in enumerate(part) if v is None]
        return out

    # ---- pandas -------------------------------------------------------------------------
    def to_frame(self, section: int = 3) -> pd.DataFrame:
        """One official table as a DataFrame: one row per official row key, the form's columns.

        - 3 (表三, the default): index the 25 row keys (``三.一`` … ``四``), columns 自然人 … 总计;
        - 2 (表二): index the six row keys (规章 … 行政事业性收费), columns the value columns of
          its four sub-tables in order; a row has values under its own sub-table's columns only;
        - 4 (表四): index the three blocks (行政复议, 未经复议直接起诉, 复议后起诉), columns
          结果维持 … 总计.

        The index is named ``key``, like a finding's key (``Report.to_frame()``), so findings join
        onto the rows. Counts are nullable integers (``<NA>`` where a cell is unknown), the fee a
        float. Totals are as held: ``with_totals().to_frame()`` for computed ones. Row labels are
        in toolkit.form (``form.SEC3_ROW[key].label``). pandas is imported here, not before.
        """
        import pandas as pd

        if section == 3:
            rows = {k: list(self.sec3[k]) for k in form.SEC3_KEYS}
            return _frame(pd, rows, form.SEC3_COLUMNS, counts=form.SEC3_COLUMNS)
        if section == 4:
            width = len(form.SEC4_BLOCK_COLUMNS)
            rows = {b: list(self.sec4[i * width : (i + 1) * width]) for i, b in enumerate(form.SEC4_BLOCKS)}
            return _frame(pd, rows, form.SEC4_BLOCK_COLUMNS, counts=form.SEC4_BLOCK_COLUMNS)
        if section == 2:
            columns = tuple(dict.fromkeys(c for t in form.SEC2_TABLES for c in t.columns))
            counts = tuple(dict.fromkeys(c for t in form.SEC2_TABLES if t.kind != "fee" for c in t.columns))
            rows2: dict[str, list[Any]] = {}
            for table in form.SEC2_TABLES:
                for key in table.rows:
                    value = self.sec2[key]
                    values = value if isinstance(value, list) else [value]
                    own = dict(zip(table.columns, values, strict=True))
                    rows2[key] = [own.get(c) for c in columns]
            return _frame(pd, rows2, columns, counts=counts)
        raise ValueError(f"section {section}: the official tables are 2, 3 and 4")


def _frame(
    pd: Any, rows: dict[str, list[Any]], columns: tuple[str, ...], *, counts: tuple[str, ...]
) -> pd.DataFrame:
    """Rows (key → values under ``columns``) as a frame: ``counts`` as nullable integers, the
    other columns (the fee) as nullable floats; a column holding anything else (a JSON table's
    text or 2.5, before the rules reject it) is left as the objects it holds."""
    data: dict[str, Any] = {}
    for i, column in enumerate(columns):
        values = [row[i] for row in rows.values()]
        if column in counts and all(v is None or (_finite(v) and v == int(v)) for v in values):
            data[column] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        elif column not in counts and all(v is None or _finite(v) for v in values):
            data[column] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        else:
            data[column] = pd.array(values, dtype=object)
    return pd.DataFrame(data, index=pd.Index(list(rows), name="key"))


def _finite(value: Any) -> bool:
    """A number that is not a bool, NaN or infinite."""
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _add(x: Any, y: Any) -> Any:
    """``_sum((x, y))``; two whole numbers (nearly every cell of a roll-up) added directly."""
    if type(x) is int and type(y) is int:
        return x + y
    return _sum((x, y))


def _sum(values: Any) -> Count:
    """The sum, or None when a value is not a number (None, or text a JSON table held): a total of
    unknown parts is unknown, never a crash and never a partial sum."""
    total = 0
    for v in values:
        if type(v) is not int and not _finite(v):  # a whole number (not a bool) needs no more test
            return None
        total += v
    return total


def _copy_sec2(sec2: dict[str, Sec2Value]) -> dict[str, Sec2Value]:
    return {k: list(v) if isinstance(v, list) else v for k, v in sec2.items()}


def _fee_to_json(value: Any) -> Any:
    """A fee as a JSON number without float noise: integral → int, else the decimal's float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
