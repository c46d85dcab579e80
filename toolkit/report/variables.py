"""The placeholders of the report template: names, meanings and values, derived from the form.

A report template (.docx) uses bare variable names only — ``{{本年新收}}``, ``{{表三_三_四_1_总计}}``
— so that Word's autocorrect cannot break them and staff can read them. Every value is text:
counts in Arabic digits (GB/T 15835), the fee in 万元 as written in the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from toolkit import form
from toolkit.table import Table, UnitInfo


@dataclass(frozen=True)
class Variable:
    name: str
    meaning: str  # Chinese, for ``xxgk template report --list-variables``
    group: str  # 单位信息 | 正文 | 表二 | 表三 | 表四 | 上年比较


def _key_id(key: str) -> str:
    return key.replace(".", "_")


def sec3_name(key: str, col: int) -> str:
    return f"表三_{_key_id(key)}_{form.SEC3_COLUMNS[col]}"


def sec4_name(index: int) -> str:
    block, column = divmod(index, len(form.SEC4_BLOCK_COLUMNS))
    return f"表四_{form.SEC4_BLOCKS[block]}_{form.SEC4_BLOCK_COLUMNS[column]}"


def sec2_name(key: str, index: int) -> str:
    short = form.SEC2_SHORT_COLUMNS[form.SEC2_TABLES.index(form.sec2_table_of(key))]
    return f"表二_{key}_{short[index]}"


UNIT_VARIABLES = {
    "单位名称": form.UNIT_NAME,
    "统计年度": form.UNIT_YEAR,
    "联系人": form.UNIT_CONTACT,
    "联系电话": form.UNIT_PHONE,
    "通讯地址": form.UNIT_ADDRESS,
    "邮政编码": form.UNIT_POSTCODE,
}
REVIEW_TOTAL = form.SEC4_SHORT_TOTALS[form.SEC4_REVIEW]
LITIGATION_TOTAL = form.SEC4_SHORT_TOTALS[form.SEC4_LITIGATION]
RECEIVED, CARRIED_IN, CLOSED, CARRIED_OUT = (
    form.SEC3_SHORT_ROWS[key]
    for key in (form.RECEIVED_KEY, form.CARRIED_IN_KEY, form.RESULTS_TOTAL_KEY, form.CARRIED_OUT_KEY)
)
REVIEW, LITIGATION = form.SEC4_SHORT[form.SEC4_REVIEW], form.SEC4_SHORT[form.SEC4_LITIGATION]


def received_name(applicant: str) -> str:
    """``新收_自然人``: the 本年新收 of one applicant type (or of 法人或其他组织, the five together)."""
    return f"{form.SEC3_RECEIVED_BY_TYPE}_{applicant}"


ISSUED = "成文日期"  # the date of the 落款: given (fill-report --date) or the day the report is made
FEE_CHARGED = "信息处理费"
FEE_UNKNOWN = "【请填写】"  # an unfinished marker: fill-report warns (R15) until the unit writes the fee
YOY_SUFFIX = "_较上年"
PREVIOUS_NOTE = "上年结转说明"  # --previous-note: why 上年结转 differs from last year's 结转下年度
#: the command that lists every placeholder (named in messages about a template)
LIST_VARIABLES = "xxgk template report --list-variables"


def _narrative() -> list[Variable]:
    total = form.SEC3_TOTAL_COLUMN
    out = [
        Variable(RECEIVED, f"{form.SEC3_ROW[form.RECEIVED_KEY].label}（{total}）", "正文"),
        Variable(CARRIED_IN, f"{form.SEC3_ROW[form.CARRIED_IN_KEY].label}（{total}）", "正文"),
        Variable(
            CLOSED,
            f"{form.SEC3_RESULTS_HEAD}{form.SEC3_ROW[form.RESULTS_TOTAL_KEY].label}（{total}）",
            "正文",
        ),
        Variable(CARRIED_OUT, f"{form.SEC3_ROW[form.CARRIED_OUT_KEY].label}（{total}）", "正文"),
    ]
    out += [Variable(g.short, f"{g.label}，各项之和（{total}）", "正文") for g in form.RESULT_GROUPS]
    out += [Variable(received_name(t), f"本年新收申请中{t}的件数", "正文") for t in form.APPLICANT_TYPES]
    out.append(
        Variable(
            received_name(form.SEC3_LEGAL_PERSON_GROUP),
            "本年新收申请中法人或其他组织的件数（五类之和）",
            "正文",
        )
    )
    out.append(Variable(REVIEW_TOTAL, f"{form.SEC4_REVIEW}总计", "正文"))
    out.append(Variable(LITIGATION_TOTAL, f"{form.SEC4_LITIGATION}总计（两类起诉之和）", "正文"))
    for column in form.SEC4_BLOCK_COLUMNS[:4]:
        out.append(Variable(f"{REVIEW}_{column}", f"{form.SEC4_REVIEW}{column}", "正文"))
        out.append(
            Variable(f"{LITIGATION}_{column}", f"{form.SEC4_LITIGATION}{column}（两类起诉之和）", "正文")
        )
    out.append(Variable(FEE_CHARGED, "本年依申请公开实际收取的信息处理费（元，来自台账）", "正文"))
    return out


def variables() -> list[Variable]:
    """Every documented placeholder, in the order ``--list-variables`` prints them."""
    out = [Variable(name, f"单位信息“{label}”", "单位信息") for name, label in UNIT_VARIABLES.items()]
    out.append(
        Variable(
            ISSUED, "落款的成文日期，如 2025年1月20日（默认为生成年报当天，可用 --date 指定）", "单位信息"
        )
    )
    out += _narrative()
    for table in form.SEC2_TABLES:
        for key in table.rows:
            for i, column in enumerate(table.columns):
                out.append(Variable(sec2_name(key, i), f"{table.header} {key} {column}", "表二"))
    for row in form.SEC3_ROWS:
        for c, column in enumerate(form.SEC3_COLUMNS):
            out.append(Variable(sec3_name(row.key, c), f"{row.label} {column}", "表三"))
    for i in range(form.SEC4_WIDTH):
        out.append(Variable(sec4_name(i), form.sec4_column_name(i), "表四"))
    for v in _narrative():
        if v.name != FEE_CHARGED:
            out.append(Variable(v.name + YOY_SUFFIX, f"{v.meaning}与上年比较（需 --previous）", "上年比较"))
    out.append(
        Variable(
            PREVIOUS_NOTE,
            f"{form.SEC3_ROW[form.CARRIED_IN_KEY].label}与上年“{form.SEC3_ROW[form.CARRIED_OUT_KEY].label}”"
            "不一致的原因（机构合并、统计范围变化；--previous-note 填写，没有时为空）",
            "上年比较",
        )
    )
    return out


def placeholder(name: str) -> str:
    """``{{name}}`` for a documented variable (a typo fails here, not in a clerk's report)."""
    if name not in _variable_names():
        raise KeyError(f"not a documented report variable: {name}")
    return "{{" + name + "}}"


@cache
def _variable_names() -> frozenset[str]:
    return frozenset(v.name for v in variables())


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def chinese_date(day: date) -> str:
    """``2025年1月20日``: a 成文日期 in Arabic digits, month and day without leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _compare(now: int, before: int) -> str:
    if now > before:
        return f"较上年增加{now - before}件"
    if now < before:
        return f"较上年减少{before - now}件"
    return "与上年持平"


def values(
    table: Table,
    info: UnitInfo,
    *,
    fee_yuan: Decimal | None = None,
    previous: Table | None = None,
    previous_note: str = "",
    issued: date | None = None,
) -> dict[str, str]:
    """name → text for every variable (上年比较 only with ``previous``; the fee only when known;
    ``{{上年结转说明}}`` always, empty without ``previous_note``; ``{{成文日期}}`` the day ``issued``,
    empty without it)."""
    t = table.with_totals()
    total = form.TOTAL_COL
    out: dict[str, str] = {}
    unit_values = info.values()
    for name, label in UNIT_VARIABLES.items():
        out[name] = _number(unit_values[label]) if unit_values[label] not in (None, "") else ""
    if not out["单位名称"]:
        out["单位名称"] = t.unit
    if not out["统计年度"] and t.year is not None:
        out["统计年度"] = str(t.year)
    out[ISSUED] = chinese_date(issued) if issued is not None else ""

    def narrative(tt: Table) -> dict[str, int | None]:
        n = {short: tt.sec3[key][total] for key, short in form.SEC3_SHORT_ROWS.items()}
        for g in form.RESULT_GROUPS:
            n[g.short] = sum(tt.sec3[k][total] or 0 for k in g.leaves)
        for c, name in enumerate(form.APPLICANT_TYPES):
            n[received_name(name)] = tt.sec3[form.RECEIVED_KEY][c]
        n[received_name(form.SEC3_LEGAL_PERSON_GROUP)] = _known_sum(tt.sec3[form.RECEIVED_KEY][1:total])
        review, direct, after = (form.SEC4_BLOCKS.index(b) * 5 for b in form.SEC4_BLOCKS)
        n[REVIEW_TOTAL] = tt.sec4[review + 4]
        n[LITIGATION_TOTAL] = _known_sum([tt.sec4[direct + 4], tt.sec4[after + 4]])
        for i, column in enumerate(form.SEC4_BLOCK_COLUMNS[:4]):
            n[f"{REVIEW}_{column}"] = tt.sec4[review + i]
            n[f"{LITIGATION}_{column}"] = _known_sum([tt.sec4[direct + i], tt.sec4[after + i]])
        return n

    now = narrative(t)
    out.update({k: _number(v) for k, v in now.items()})
    out[FEE_CHARGED] = _number(fee_yuan) if fee_yuan is not None else FEE_UNKNOWN
    out[PREVIOUS_NOTE] = previous_note
    out.update(table_values(t))
    if previous is not None:
        before = narrative(previous.with_totals())
        for name, value in now.items():
            out[name + YOY_SUFFIX] = _compare(value or 0, before[name] or 0)
    return out


def table_values(table: Table) -> dict[str, str]:
    """name → text of every number of the three tables (the 表二/表三/表四 variables), as ``table``
    holds them: give it a table with its totals."""
    out: dict[str, str] = {}
    for key in form.SEC2_KEYS:
        value = table.sec2[key]
        for i, v in enumerate(value if isinstance(value, list) else [value]):
            out[sec2_name(key, i)] = _number(v)
    for key in form.SEC3_KEYS:
        for c in range(len(form.SEC3_COLUMNS)):
            out[sec3_name(key, c)] = _number(table.sec3[key][c])
    for i in range(form.SEC4_WIDTH):
        out[sec4_name(i)] = _number(table.sec4[i])
    return out


def _known_sum(values: list[int | None]) -> int | None:
    """The sum of figures that are all known; None (shown empty) when one is not."""
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)
