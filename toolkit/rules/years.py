"""The cross-year rules of spec/rules.md: this year's tables against last year's.

- R11 (error): this year's 上年结转 (row 二) = last year's 结转下年度 (row 四), in every column; a
  warning when the unit explains the difference (``note``: ``--previous-note``, a merger or a change
  of scope);
- R10 (warning): 现行有效 of 规章 and 行政规范性文件 = last year's 现行有效 + 本年制发 − 本年废止.

A pure function of the two tables: reading last year's 统计表 (once) is the caller's job
(``aggregate --previous``, ``fill-report --previous``). Before the rules, the two tables must be the
same unit's, a year apart; otherwise the comparison means nothing and a ``UsageError`` says so.
"""

from __future__ import annotations

from toolkit import form
from toolkit.errors import UsageError
from toolkit.findings import WARNING, Finding
from toolkit.table import Table, UnitInfo

__all__ = ["NOTE_MAX_CHARS", "check_previous_year", "previous_note"]

NOTE_MAX_CHARS = 2000  # an explanation of a merger is a few sentences; a cell holds 32,767


def previous_note(note: str | None, previous: object) -> str:
    """``--previous-note`` as given (stripped; "" when not given). Raises ``UsageError`` without
    ``--previous`` (``previous`` None), for a blank note or one longer than ``NOTE_MAX_CHARS``."""
    if note is None:
        return ""
    if previous is None:
        raise UsageError(
            "--previous-note 说明的是本年上年结转与上年结转下年度的差异，需同时用 --previous 指定上年的统计表"
        )
    text = note.strip()
    if not text:
        raise UsageError(
            '--previous-note 的说明是空的：请写明原因，如 --previous-note "因乡镇合并，含原东湖乡结转的申请"'
        )
    if len(text) > NOTE_MAX_CHARS:
        raise UsageError(f"--previous-note 的说明有 {len(text)} 字，请精简到 {NOTE_MAX_CHARS} 字以内")
    return text


def check_previous_year(
    table: Table, last: Table, path: str, *, last_info: UnitInfo | None = None, note: str = ""
) -> list[Finding]:
    """R11 then R10 of ``table`` (this year, with totals) against ``last`` (last year's, read from
    ``path``; its 单位信息 ``last_info`` when it has one). The findings name ``path``. With a
    ``note`` (the unit's explanation of a merger or a change of scope) R11 is a warning.

    Raises ``UsageError`` when last year's table is of another year than ``table.year - 1`` or of
    another unit (names compared as ``form.normalize_label`` does; a missing name or year is not
    compared)."""
    before = last.with_totals()
    _check_same_unit(table, before, path, last_info)
    return _r11(table, before, path, note.strip()) + _r10(table, before, path)


def _check_same_unit(table: Table, before: Table, path: str, last_info: UnitInfo | None) -> None:
    last_year = (last_info.year if last_info is not None else None) or before.year
    if last_year is not None and table.year is not None and last_year != table.year - 1:
        raise UsageError(f"--previous 应为 {table.year - 1} 年的统计表，{path} 是 {last_year} 年的")
    last_unit = (last_info.name if last_info is not None else "") or before.unit
    if last_unit and table.unit and form.normalize_label(last_unit) != form.normalize_label(table.unit):
        raise UsageError(
            f"--previous 的单位“{last_unit}”与本次汇总的单位“{table.unit}”不同：请指定本单位上年的统计表"
        )


def _r11(table: Table, before: Table, path: str, note: str) -> list[Finding]:
    """R11: carried in = last year's carried out, every column where both are known; explained by
    ``note``, a warning. The root cell, not the cascade: the 总计 is reported only when no applicant
    column differs (a wrong applicant column makes its 总计 differ too)."""
    findings: list[Finding] = []
    carried_in, carried_out = table.sec3[form.CARRIED_IN_KEY], before.sec3[form.CARRIED_OUT_KEY]
    differ = [
        c
        for c in range(len(form.SEC3_COLUMNS))
        if carried_in[c] is not None and carried_out[c] is not None and carried_in[c] != carried_out[c]
    ]
    if any(c != form.TOTAL_COL for c in differ):
        differ = [c for c in differ if c != form.TOTAL_COL]
    for c, column in enumerate(form.SEC3_COLUMNS):
        if c in differ:
            findings.append(
                Finding(
                    "R11",
                    path,
                    f"本年“{form.SEC3_ROW[form.CARRIED_IN_KEY].label}”{column} {carried_in[c]} ≠ "
                    f"上年“{form.SEC3_ROW[form.CARRIED_OUT_KEY].label}”{column} {carried_out[c]}（R11）"
                    + ("，已用 --previous-note 说明" if note else ""),
                    (
                        "请确认说明写清了机构调整或统计范围的变化；说明已写入统计表“校验”表，"
                        f"年报中可用占位符 {{{{上年结转说明}}}} 引用（写在“{form.SECTION_HEADINGS[5]}”中）"
                    )
                    if note
                    else "上年结转应等于上年年报的结转下年度数：核对上年未办结的申请是否都登记在台账中；"
                    '如因机构调整、统计范围变化而不同，用 --previous-note "说明" 写明原因，'
                    f"并在年报“{form.SECTION_HEADINGS[5]}”中说明",
                    key=form.CARRIED_IN_KEY,
                    column=column,
                    severity=WARNING if note else "",
                )
            )
    return findings


def _r10(table: Table, before: Table, path: str) -> list[Finding]:
    """R10: 现行有效 continuity, for each document row whose figures are all known."""
    findings: list[Finding] = []
    made, repealed, in_force = form.SEC2_TABLES[0].columns
    for key in form.SEC2_DOCUMENT_KEYS:
        now, then = table.sec2.get(key), before.sec2.get(key)
        if not (isinstance(now, list) and isinstance(then, list)):
            continue
        made_now, repealed_now, in_force_now = now
        in_force_then = then[2]
        if made_now is None or repealed_now is None or in_force_now is None or in_force_then is None:
            continue
        expected = in_force_then + made_now - repealed_now
        if now[2] != expected:
            findings.append(
                Finding(
                    "R10",
                    path,
                    f"表二 {key} {in_force} {now[2]} ≠ 上年 {then[2]} + {made} {now[0]} − {repealed} {now[1]}"
                    f" = {expected}（R10）",
                    "现行有效件数一般等于上年现行有效件数加本年制发、减本年废止，请核对",
                    key=key,
                    column=in_force,
                )
            )
    return findings
