"""The table rules R1–R4 as data: each is a list of identities ``Σ left = Σ right``.

Defined once and used three ways: the stats workbook writes each identity as a live formula
on its 校验 sheet (with the Python result cached), and the checker evaluates the same
identities on a table read from a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import form
from toolkit.table import Count, Table


@dataclass(frozen=True)
class Ref:
    """One number cell of the tables: section 三 (key, column index) or section 四 (index)."""

    section: int  # 3 or 4
    key: str | None  # section 三 row key; None for section 四
    col: int

    def value(self, table: Table) -> Count:
        if self.section == 3:
            assert self.key is not None
            return table.sec3[self.key][self.col]
        return table.sec4[self.col]

    @property
    def column_name(self) -> str:
        return form.SEC3_COLUMNS[self.col] if self.section == 3 else form.sec4_column_name(self.col)

    def describe(self) -> str:
        """``三.四.1 总计`` / ``行政复议·总计``."""
        return f"{self.key} {self.column_name}" if self.section == 3 else self.column_name


@dataclass(frozen=True)
class Identity:
    rule: str
    title: str  # Chinese, for the 校验 sheet
    left: tuple[Ref, ...]
    right: tuple[Ref, ...]

    def evaluate(self, table: Table) -> tuple[Count, Count, bool | None]:
        """(Σ left, Σ right, holds) — holds is None when a cell involved is blank or unreadable."""
        lv = [r.value(table) for r in self.left]
        rv = [r.value(table) for r in self.right]
        if any(v is None or isinstance(v, bool) or not isinstance(v, int) for v in lv + rv):
            return None, None, None
        ls, rs = sum(lv), sum(rv)  # type: ignore[arg-type]
        return ls, rs, ls == rs


_TOTAL_ROW = form.SEC3_ROW[form.RESULTS_TOTAL_KEY].label


def _s3(key: str, col: int) -> Ref:
    return Ref(3, key, col)


def identities() -> tuple[Identity, ...]:
    """All identities of R1–R4, in the order the 校验 sheet shows them."""
    out: list[Identity] = []
    for c, name in enumerate(form.SEC3_COLUMNS):
        out.append(
            Identity(
                "R1",
                f"表三 {name}列：{_TOTAL_ROW} = 各项办理结果之和",
                (_s3(form.RESULTS_TOTAL_KEY, c),),
                tuple(_s3(k, c) for k in form.RESULT_KEYS),
            )
        )
    for row in form.SEC3_ROWS:
        out.append(
            Identity(
                "R2",
                f"表三 {row.label}：总计 = 六类申请人之和",
                (_s3(row.key, form.TOTAL_COL),),
                tuple(_s3(row.key, c) for c in range(form.TOTAL_COL)),
            )
        )
    for c, name in enumerate(form.SEC3_COLUMNS):
        out.append(
            Identity(
                "R3",
                f"表三 {name}列：第一项 + 第二项 = {_TOTAL_ROW} + 第四项",
                (_s3(form.RECEIVED_KEY, c), _s3(form.CARRIED_IN_KEY, c)),
                (_s3(form.RESULTS_TOTAL_KEY, c), _s3(form.CARRIED_OUT_KEY, c)),
            )
        )
    for b, block in enumerate(form.SEC4_BLOCKS):
        total = form.SEC4_TOTAL_INDEXES[b]
        out.append(
            Identity(
                "R4",
                f"表四 {block}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                (Ref(4, None, total),),
                tuple(Ref(4, None, i) for i in range(total - 4, total)),
            )
        )
    return tuple(out)
