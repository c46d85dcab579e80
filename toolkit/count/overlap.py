"""R25: a roll-up never counts the same cases twice.

An input table blocks the roll-up (one finding per such file, naming the files it overlaps and saying
what to remove) when it is

(a) a roll-up of the roll-up's own unit (``--unit``) beside other inputs: a 统计表 or JSON table of that
    unit that does not declare itself 本级 (统计范围) — typically last round's output left in the folder.
    A 本级 table of the unit is its own cases, a legitimate part of its roll-up;
(b) one of our own roll-up outputs (its 来源/分单位 sheets name the units it holds) whose units are also
    among the inputs — a unit of its own name is left to R24 (the same unit twice);
(c) declared 汇总 (统计范围 in its 单位信息) and covering another input's unit. Without our 来源 sheet the
    units a 汇总 holds are not written down; they are taken to be those whose name begins with the 汇总
    unit's place name (示范县人民政府 → 示范县… ; 东湖乡人民政府 → 东湖乡…). A 汇总 whose units cannot be
    told gets a note instead (``unclear``).

A 台账 is never a roll-up: the same unit's 台账 twice is R24, the same case in two units' 台账 L4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from toolkit import form
from toolkit.count.roster import unit_key
from toolkit.findings import Finding

#: generic endings of a government unit's name: what is left is its place name
PLACE_SUFFIXES = ("人民政府办公室", "人民政府", "街道办事处", "办事处", "管理委员会", "管委会")
NAMED = 3  # files named in one message; the rest are counted


@dataclass(frozen=True)
class Coverage:
    """One input of a roll-up, as far as double counting goes."""

    path: str  # as shown to the user
    unit: str
    kind: str  # "log" | "stats" | "json"
    scope: str = ""  # 统计范围 declared in its 单位信息: 本级, 汇总, or "" (a JSON table: unknown)
    covers: tuple[str, ...] | None = None  # the units our own output names in 来源/分单位; None: not ours


@dataclass
class Overlaps:
    findings: list[Finding] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # paths of the inputs R25 blocks
    unclear: list[str] = field(default_factory=list)  # notes: 汇总 inputs whose units cannot be told


def place_name(unit: str) -> str:
    """``示范县人民政府`` → ``示范县``: the unit key without a generic ending."""
    key = unit_key(unit)
    for suffix in PLACE_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return key


def double_counting(inputs: Sequence[Coverage], rollup_unit: str | None) -> Overlaps:
    """The R25 findings of a roll-up of ``inputs`` under ``rollup_unit`` (None: not given)."""
    out = Overlaps()
    if len(inputs) < 2:
        return out
    rollup = unit_key(rollup_unit) if rollup_unit else None
    for n, table in enumerate(inputs):
        if table.kind == "log":
            continue
        own = unit_key(table.unit)
        others = [other for m, other in enumerate(inputs) if m != n]
        why, partners = "", []
        if table.covers is not None:
            covered = {unit_key(u) for u in table.covers} - {own}
            partners = [o for o in others if unit_key(o.unit) in covered]
            why = f"是 xxgk 汇总生成的统计表，它的“来源”中已经包含{_units(partners)}"
        if not partners and rollup is not None and own == rollup and table.scope != form.SCOPE_OWN:
            partners = [o for o in others if unit_key(o.unit) != own] or others
            why = f"是本次汇总单位“{rollup_unit}”自己的" + (
                f"汇总统计表（{form.UNIT_SCOPE}：{form.SCOPE_ROLLUP}），一般已包含下级单位的数字"
                if table.scope == form.SCOPE_ROLLUP
                else f"统计表，没有声明{form.UNIT_SCOPE}为{form.SCOPE_OWN}，可能是上次汇总的结果"
            )
        if not partners and table.scope == form.SCOPE_ROLLUP and table.covers is None:
            place = place_name(table.unit)
            partners = [o for o in others if (key := unit_key(o.unit)) != own and key.startswith(place)]
            why = f"声明为汇总（{form.UNIT_SCOPE}：{form.SCOPE_ROLLUP}），按单位名称包含{_units(partners)}"
            if not partners:
                out.unclear.append(
                    f"{table.path}（“{table.unit}”）声明为汇总统计表，无法确定它包含哪些单位："
                    "请确认其他输入的单位不在其中，否则会重复计算"
                )
        if not partners:
            continue
        out.blocked.add(table.path)
        out.findings.append(
            Finding(
                "R25",
                table.path,
                f"{table.path}（“{table.unit}”）{why}；与 {_files(partners)} 一起汇总会把同一批申请计算两次",
                f"请从输入中移除 {table.path}（如是上次汇总的输出或草稿，请移到输入文件夹之外），"
                "或移除它已包含的单位的文件，然后重新汇总",
            )
        )
    return out


def _units(items: Sequence[Coverage]) -> str:
    names = list(dict.fromkeys(item.unit for item in items))
    shown = "、".join(f"“{name}”" for name in names[:NAMED])
    return shown + (f"等 {len(names)} 个单位" if len(names) > NAMED else "")


def _files(items: Sequence[Coverage]) -> str:
    shown = "、".join(item.path for item in items[:NAMED])
    return shown + (f" 等 {len(items)} 个文件" if len(items) > NAMED else "")
