"""The table rules R1–R4 as data: each is a list of identities ``Σ left = Σ right``.

Defined once and used three ways: the stats workbook writes each identity as a live formula
on its 校验 sheet (with the Python result cached), and the checker evaluates the same
identities on a table read from a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


def result_terms(groups: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The keys of the result rows that make up 三.七: the 21 leaves, or — for a group printed as
    one row (``groups``, e.g. the single （六） group of the 2019 layout) — that group's key in
    place of its leaves. A table read with such a row holds its values under the group key in
    ``sec3`` (``with_groups``)."""
    out: list[str] = []
    for group in form.RESULT_GROUPS:
        if group.key in groups:
            out.append(group.key)
        else:
            out.extend(group.leaves)
    return tuple(out)


def row_keys(groups: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The section 三 rows whose 总计 R2 checks: the 25 rows, a one-row group in place of its leaves."""
    terms = result_terms(groups)
    return (form.RECEIVED_KEY, form.CARRIED_IN_KEY, *terms, form.RESULTS_TOTAL_KEY, form.CARRIED_OUT_KEY)


def with_groups(table: Table, groups: dict[str, list[Count]]) -> Table:
    """A copy of ``table`` whose ``sec3`` also holds the one-row groups' values under their group
    keys (for evaluating ``identities(frozenset(groups))``); the leaves stay as read (None)."""
    sec3 = {k: list(v) for k, v in table.sec3.items()}
    sec3.update({k: list(v) for k, v in groups.items()})
    return Table(table.unit, table.year, table.sec2, sec3, list(table.sec4))


def true_totals(table: Table, groups: frozenset[str] = frozenset()) -> Table:
    """Like ``Table.with_totals`` for a table read with one-row groups: 三.七 summed over
    ``result_terms(groups)``, every row's 总计 over its applicant columns, 表四's totals."""
    true = table.with_totals()
    if not groups:
        return true
    sec3 = {k: list(v) for k, v in table.sec3.items()}
    for row in sec3.values():
        row[form.TOTAL_COL] = _sum(row[: form.TOTAL_COL])
    terms = result_terms(groups)
    for c in range(form.TOTAL_COL):
        sec3[form.RESULTS_TOTAL_KEY][c] = _sum([sec3[k][c] for k in terms])
    sec3[form.RESULTS_TOTAL_KEY][form.TOTAL_COL] = _sum(sec3[form.RESULTS_TOTAL_KEY][: form.TOTAL_COL])
    return Table(table.unit, table.year, true.sec2, sec3, true.sec4)


def _sum(values: list[Count]) -> Count:
    if any(v is None or isinstance(v, bool) or not isinstance(v, int) for v in values):
        return None
    return sum(v for v in values if v is not None)


@cache
def identities(groups: frozenset[str] = frozenset()) -> tuple[Identity, ...]:
    """All identities of R1–R4, in the order the 校验 sheet shows them. ``groups``: result groups
    printed as one row (their group total stands for their leaves, see ``result_terms``)."""
    out: list[Identity] = []
    terms = result_terms(groups)
    for c, name in enumerate(form.SEC3_COLUMNS):
        out.append(
            Identity(
                "R1",
                f"表三 {name}列：{_TOTAL_ROW} = 各项办理结果之和",
                (_s3(form.RESULTS_TOTAL_KEY, c),),
                tuple(_s3(k, c) for k in terms),
            )
        )
    for key in row_keys(groups):
        label = form.SEC3_ROW[key].label if key in form.SEC3_ROW else form.RESULT_GROUP[key].label
        out.append(
            Identity(
                "R2",
                f"表三 {label}：总计 = 六类申请人之和",
                (_s3(key, form.TOTAL_COL),),
                tuple(_s3(key, c) for c in range(form.TOTAL_COL)),
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
