"""The table rules R1–R4 (with root-cause analysis), R8 and R9 on a statistics table.

R1–R4 are evaluated through ``toolkit.rules.identities``. When one wrong cell breaks several
identities — a row's 总计 that disagrees with its applicant columns, and through it the 总计
column's R1 and R3 — the finding names that root cell once and lists the cascade in its
message, instead of reporting every broken identity.

The root-cause model: the applicant columns of the rows 一, 二, the 21 results and 四 are the
*leaves*; everything else is a total. The "true" totals are recomputed from the leaves. A
published total that differs from its true value is either a root (it disagrees with the cells
it is the sum of) or a cascade (it was summed from a wrong total and agrees with it).
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit import form
from toolkit.findings import Finding
from toolkit.read.levels import level_of
from toolkit.rules.identities import Identity, Ref, identities, true_totals, with_groups
from toolkit.table import Count, Table, UnitInfo

CellKey = tuple[str, str | None, int]
Locate = Callable[[CellKey], tuple[str | None, str | None]]


def _key(ref: Ref) -> CellKey:
    return ("sec3", ref.key, ref.col) if ref.section == 3 else ("sec4", None, ref.col)


def _terms(identity: Identity, table: Table, refs: tuple[Ref, ...]) -> str:
    """``自然人1+商业企业0+…`` — the named numbers of one side of an identity. The 21 result rows
    of R1 are shortened to their non-zero terms."""
    parts = []
    for ref in refs:
        value = ref.value(table)
        if identity.rule == "R2":
            name = ref.column_name
        elif identity.rule == "R4":
            name = form.SEC4_BLOCK_COLUMNS[ref.col % len(form.SEC4_BLOCK_COLUMNS)]
        else:
            name = f"{ref.key} "
        if identity.rule == "R1" and value == 0:
            continue
        parts.append(f"{name}{value}")
    if identity.rule == "R1":
        return (
            ("各项办理结果之和（" + "+".join(parts) + "，其余为0）") if parts else "各项办理结果之和（均为0）"
        )
    return "+".join(parts)


def _statement(identity: Identity, table: Table) -> str:
    """``表三 三.七 总计: 0 ≠ 自然人1+商业企业0+… = 1 (R2)`` (spec/rules.md "How to report")."""
    left, right, _ = identity.evaluate(table)
    if len(identity.left) == 1:
        target = identity.left[0]
        where = f"表三 {target.describe()}" if target.section == 3 else f"表四 {target.describe()}"
        return f"{where}：{left} ≠ {_terms(identity, table, identity.right)} = {right}（{identity.rule}）"
    return (
        f"表三 {identity.left[0].column_name}列：{_terms(identity, table, identity.left)} = {left} ≠ "
        f"{_terms(identity, table, identity.right)} = {right}（{identity.rule}）"
    )


def check_table(
    table: Table,
    path: str,
    *,
    locate: Locate | None = None,
    info: UnitInfo | None = None,
    groups: dict[str, list[Count]] | None = None,
) -> tuple[list[Finding], list[str]]:
    """Findings of R1–R4 (root causes only), R8 and R9, and notes on rules skipped for blanks.

    ``locate`` maps a cell key to (sheet, cell address) in the file, when known. ``groups``: the
    values of result groups printed as one row (the single （六） group of the 2019 layout and of
    hybrids), by group key: that row stands for its leaves in R1 and is checked by R2 itself, and
    a finding on it names its cell (``locate(("sec3", "三.六", col))``).
    """
    locate = locate or (lambda key: (None, None))
    findings: list[Finding] = []
    notes: list[str] = []
    sec2_table = table
    one_row = frozenset(groups or {})
    if groups:
        table = with_groups(table, groups)
    items = identities(one_row)
    results = {item: item.evaluate(table) for item in items}
    skipped = [item for item, (_, _, ok) in results.items() if ok is None]
    if skipped:
        names = "；".join(item.title for item in skipped[:5]) + (" 等" if len(skipped) > 5 else "")
        rules = dict.fromkeys(item.rule for item in skipped)
        by_rule = "、".join(f"{r} {sum(i.rule == r for i in skipped)} 项" for r in rules)
        notes.append(
            f"因存在空白、无法识别或没有读到的单元格，跳过 {len(skipped)} 项勾稽关系检查"
            f"（{by_rule}）：{names}"
        )
    failed = [item for item, (_, _, ok) in results.items() if ok is False]

    true = true_totals(table, one_row)
    roots: list[tuple[Identity, Ref, list[Identity]]] = []  # (identity, root cell, identities it explains)
    explained: set[Identity] = set()
    for item in failed:
        if item.rule == "R2" and item.left[0].key != form.RESULTS_TOTAL_KEY:
            leaf, columns = _wrong_leaf(item, table, failed, items)
            if leaf is not None:
                roots.append((item, leaf, columns))
                explained.update(columns)
    cascades: list[Identity] = []
    for item in failed:
        if item in explained or any(item is r[0] for r in roots):
            continue
        target = _blame(item, table, true, items)
        if target is None:
            cascades.append(item)
        else:
            roots.append((item, target, []))

    order = {item: n for n, item in enumerate(items)}
    roots.sort(key=lambda r: order[r[0]])
    merged: dict[Ref, tuple[Identity, Ref, list[Identity]]] = {}
    for item, target, also in roots:  # one finding per root cell
        if target in merged:
            merged[target][2].append(item)
        else:
            merged[target] = (item, target, list(also))
    roots = list(merged.values())
    related = _cascades_by_root(roots, cascades)
    for n, (item, target, also) in enumerate(roots):
        sheet, cell = locate(_key(target))
        message = _statement(item, table)
        if also:
            message = f"表三 {target.describe()} 可能填错：" + "；".join(
                _statement(i, table) for i in (item, *also)
            )
            if target == item.left[0]:
                message = "；".join(_statement(i, table) for i in (item, *also))
        if related[n]:
            message += "。由此引起：" + "；".join(_statement(i, table) for i in related[n])
        findings.append(
            Finding(
                item.rule,
                path,
                message,
                _hint(item),
                sheet=sheet,
                cell=cell,
                key=target.key,
                column=target.column_name,
            )
        )
    if cascades and not roots:  # cannot happen with a consistent model; never lose a failure
        for item in cascades:
            sheet, cell = locate(_key(item.left[0]))
            findings.append(
                Finding(item.rule, path, _statement(item, table), _hint(item), sheet=sheet, cell=cell)
            )

    findings += check_sec2(sec2_table, path, locate=locate, info=info)
    return findings, notes


def check_sec2(
    table: Table, path: str, *, locate: Locate | None = None, info: UnitInfo | None = None
) -> list[Finding]:
    """R8 and R9 on section 二 (also run on the 主动公开 sheet of a 台账)."""
    locate = locate or (lambda key: (None, None))
    return _r8(table, path, locate, info) + _r9(table, path, locate)


def _hint(item: Identity) -> str:
    return {
        "R1": f"核对各项办理结果的数字，{form.SEC3_ROW[form.RESULTS_TOTAL_KEY].label}应等于其上各行之和。",
        "R2": "核对该行各类申请人的数字和总计，改正其中错误的一个；总计应等于六类申请人之和。",
        "R3": "本年新收 + 上年结转 应等于 本年办理结果总计 + 结转下年度；核对本列各项。",
        "R4": "总计应等于结果维持、结果纠正、其他结果、尚未审结之和。",
    }[item.rule]


def _wrong_leaf(
    row_check: Identity, table: Table, failed: list[Identity], items: tuple[Identity, ...]
) -> tuple[Ref | None, list[Identity]]:
    """When a row's R2 fails together with R1/R3 of one applicant column, and changing that one
    leaf by the row's difference repairs all of them without breaking anything else, the leaf is
    the root (and the 总计 is right)."""
    left, right, _ = row_check.evaluate(table)
    assert left is not None and right is not None
    delta = left - right
    key = row_check.left[0].key
    assert key is not None
    before = set(failed)
    candidates: list[tuple[Ref, list[Identity]]] = []
    for c in range(form.TOTAL_COL):
        columns = [i for i in failed if i.rule in ("R1", "R3") and i.left[0].col == c]
        value = table.sec3[key][c]
        if not columns or value is None:
            continue
        trial = Table(
            table.unit, table.year, table.sec2, {k: list(v) for k, v in table.sec3.items()}, table.sec4
        )
        trial.sec3[key][c] = value + delta
        after = {i for i in items if i.evaluate(trial)[2] is False}
        if after <= before - {row_check, *columns}:
            candidates.append((Ref(3, key, c), columns))
    if len(candidates) == 1:
        return candidates[0]
    return None, []


def _cascades_by_root(
    roots: list[tuple[Identity, Ref, list[Identity]]], cascades: list[Identity]
) -> list[list[Identity]]:
    """Attach each cascade to the roots it follows from: a cascade in the 总计 column (R1/R3 on
    总计, R2 on 三.七) to the roots in the 总计 column or row 三.七; another to the roots in its
    column. A cascade no root claims goes to the first root, so none is lost."""
    related: list[list[Identity]] = [[] for _ in roots]
    for cascade in cascades:
        col = cascade.left[0].col
        claimed = False
        for n, (_, target, _) in enumerate(roots):
            in_total = target.col == form.TOTAL_COL or target.key == form.RESULTS_TOTAL_KEY
            if (col == form.TOTAL_COL and in_total) or (target.section == 3 and target.col == col):
                related[n].append(cascade)
                claimed = True
        if not claimed and roots:
            related[0].append(cascade)
    return related


def _blame(item: Identity, table: Table, true: Table, items: tuple[Identity, ...]) -> Ref | None:
    """The root cell of a failed identity, or None when its failure is a cascade of another root.

    A total is a root when its published value differs from its true value (recomputed from the
    leaves) *and* it does not merely repeat a sum of other published, wrong totals.
    """
    if item.rule == "R4":
        return item.left[0]
    if item.rule == "R3":
        col = item.left[0].col
        # a cascade when the identity holds once the totals are recomputed from the leaves, and
        # on the 总计 column whenever an applicant column fails too (总计 is their sum); otherwise
        # the leaves of the column disagree: point at the column's 四 (carried out)
        if item.evaluate(true)[2]:
            return None
        if col == form.TOTAL_COL and any(
            i.rule == "R3" and i.left[0].col != col and i.evaluate(table)[2] is False for i in items
        ):
            return None
        return Ref(3, form.CARRIED_OUT_KEY, col)
    target = item.left[0]  # R1: 三.七 of a column; R2: 总计 of a row
    if target.key == form.RESULTS_TOTAL_KEY and target.col == form.TOTAL_COL:
        # the doubly derived cell: a cascade if it agrees with one of its two published sums
        r1 = next(i for i in items if i.rule == "R1" and i.left[0].col == form.TOTAL_COL)
        r2 = next(i for i in items if i.rule == "R2" and i.left[0].key == form.RESULTS_TOTAL_KEY)
        if r1.evaluate(table)[2] or r2.evaluate(table)[2]:
            return None
        return target
    if item.rule == "R1" and target.col == form.TOTAL_COL and item.evaluate(true)[2]:
        return None  # R1 on the 总计 column: the result rows' 总计 cells are themselves wrong
    return target


def _r8(table: Table, path: str, locate: Locate, info: UnitInfo | None) -> list[Finding]:
    """R8: 规章 reported by a unit whose level (its 单位层级 cell, or failing that its name, when
    certain: toolkit.read.levels) cannot make 规章. A unit of unknown level gets no warning."""
    values = table.sec2.get(form.SEC2_RULES_KEY)
    if not isinstance(values, list) or not any(isinstance(v, int) and v > 0 for v in values):
        return []
    name = (info.name if info else "") or table.unit
    level = level_of(info.level if info else "", name)
    if level is None or level.can_make_rules:
        return []
    sheet, cell = locate(("sec2", form.SEC2_RULES_KEY, 0))
    if level.source == "cell":
        who = f"单位层级为“{level.label}”"
    else:
        who = f"未填写单位层级，从单位名称“{name}”看是{level.label.split('、')[0]}一级"
    return [
        Finding(
            "R8",
            path,
            f"表二 {form.SEC2_RULES_KEY}：{'/'.join(str(v) for v in values)}，{who}；"
            f"只有国务院部门、省级和设区的市级人民政府可以制定{form.SEC2_RULES_KEY}（R8）",
            f"如本单位不能制定{form.SEC2_RULES_KEY}，应填 0；"
            f"本单位制发的规范性文件请填在“{form.SEC2_NORMATIVE_KEY}”行。",
            sheet=sheet,
            cell=cell,
            key=form.SEC2_RULES_KEY,
        )
    ]


def _r9(table: Table, path: str, locate: Locate) -> list[Finding]:
    findings = []
    columns = form.SEC2_TABLES[0].columns
    for key in form.SEC2_DOCUMENT_KEYS:
        values = table.sec2.get(key)
        if not isinstance(values, list) or len(values) != 3:
            continue
        made, _, in_force = values
        if isinstance(made, int) and isinstance(in_force, int) and in_force < made:
            sheet, cell = locate(("sec2", key, 2))
            findings.append(
                Finding(
                    "R9",
                    path,
                    f"表二 {key}：{columns[2]} {in_force} < {columns[0]} {made}（R9）",
                    "本年制发的文件通常仍然有效，现行有效件数一般不少于本年制发件数，请核对。",
                    sheet=sheet,
                    cell=cell,
                    key=key,
                    column=columns[2],
                )
            )
    return findings
