"""One cell of a 台账 as a value: dates (with a time of day, too), identifiers, dropdown choices,
and why a value is not one, in words that never quote the cell.

The parsers of :mod:`toolkit.read.cells` quote the cell in their reasons; a name or a request
text pasted one column off lands in any column of a 台账, so its messages are worded from the
parser's code (``Parsed.code``) and ``Parsed.detail`` instead: ``DATE_WORDS`` and
``NUMBER_WORDS``. A code with no words there leaves the reason out, and the message only says
what kind of value is expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from toolkit import form
from toolkit.read.cells import (
    MAX_DATE,
    MIN_DATE,
    Parsed,
    date_to_excel_serial,
    normalize_text,
    parse_date,
)
from toolkit.read.log_sheets import Reader, empty

PICK = "请从下拉列表选择"
DATE_HINT = "请填写年月日齐全的日期，如 2024-03-05（可把单元格格式设为“日期”）"
#: Excel serials of MIN_DATE and MAX_DATE (1900 and 1904 systems): a number with a fraction in
#: this range is a date with a time
_SERIALS = {
    system: (date_to_excel_serial(MIN_DATE, date1904=system), date_to_excel_serial(MAX_DATE, date1904=system))
    for system in (False, True)
}

GROUP_SEPARATOR = "："  # between a result's group label and its leaf label


def grouped_result(key: str) -> str:
    """The 办理结果 of ``key`` as the 台账's dropdown shows it: the official leaf label after its
    group's and ``GROUP_SEPARATOR`` (group 三.三's label, "：", then leaf 三.三.1's), so a filled cell
    says which group's "3." it is; 三.一 and 三.二 are their own group and stay as they are."""
    row = form.SEC3_ROW[key]
    assert row.group is not None, key
    group = form.RESULT_GROUP[row.group]
    return row.label if key == group.key else f"{group.label}{GROUP_SEPARATOR}{row.label}"


#: the 办理结果 dropdown of a 台账, in the official order (one per ``form.RESULT_KEYS``)
RESULT_CHOICES: tuple[str, ...] = tuple(grouped_result(key) for key in form.RESULT_KEYS)


@cache
def result_index() -> dict[str, str]:
    """normalised 办理结果 (as typed or picked in a 台账) → result key: the grouped dropdown texts
    (``RESULT_CHOICES``, with ``：``, ``:``, ``-`` or nothing between group and leaf, the group
    with or without its number) and every
    form the official labels are accepted in (``form.result_key_by_label``: older 台账). A leaf
    under the wrong group (三.三's label before 三.六.3's) is no option."""
    index = dict(form.result_key_by_label())
    for group in form.RESULT_GROUPS:
        for key in group.leaves:
            if key == group.key:
                continue
            leaf = form.SEC3_ROW[key].label  # its number, 1., also typed 1、 or 1，
            leaves = [leaf, *(re.sub(r"^(\d+)\.", rf"\g<1>{mark}", leaf) for mark in ("、", "，"))]
            for name in (group.label, group.short):
                for mark in (GROUP_SEPARATOR, "-", "—", "、", ""):
                    for written in leaves:
                        index.setdefault(form.normalize_label(f"{name}{mark}{written}"), key)
    return index


#: the choices of every dropdown column of 申请台账 and 复议诉讼 (for "共 N 项")
CHOICES: dict[str, tuple[str, ...]] = {
    c.name: RESULT_CHOICES if c.name == form.LOG_RESULT else c.choices
    for c in (*form.LOG_COLUMNS, *form.REVIEW_COLUMNS)
    if c.choices
}

#: why a value is not a date, by the parser's code (``no_such_date`` says it in ``Parsed.detail``)
DATE_WORDS: dict[str, str] = {
    "year_only": "只有年份，缺少月、日",
    "boolean": "是逻辑值（TRUE/FALSE）",
    "time_only": "只有时间，没有日期",
    "odd_digits": "含有特殊数字符号（如 ①、²）",
    "no_such_time": "其中的时间不存在",
    "out_of_range": "年份超出合理范围，请检查年份",
    "not_a_serial": "这个数字不能作为日期",
    "incomplete": "不是年月日齐全的日期",
}
#: why a value is not an amount or a count, by the parser's code
NUMBER_WORDS: dict[str, str] = {
    "negative": "不能是负数",
    "not_integer": "不是整数",
    "with_unit": "带了单位，只填数字即可",
    "boolean": "是逻辑值（TRUE/FALSE）",
    "date_not_number": "是日期或时间，不是数字",
    "odd_digits": "含有特殊数字符号（如 ①、²）",
}


def why_not(parsed: Parsed[Any], words: Mapping[str, str]) -> str:
    """'：' and why ``parsed`` failed, in words that quote nothing of the cell; '' when there are none."""
    if parsed.detail:
        return f"：{parsed.detail}"
    text = words.get(parsed.code or "")
    return f"：{text}" if text else ""


def parse_log_date(value: Any, *, date1904: bool = False) -> Parsed[date]:
    """``cells.parse_date``, and a date with a time held as a number.

    ``parse_date`` rejects a number with a fraction on purpose (in a count or a year 45356.6 is a
    slip). In a date column of a 台账 it is a date with a time of day in a cell of General format
    (an Excel serial with a fraction), or a ``timedelta`` that calamine gives for a duration
    format such as ``[h]:mm``: its integer part is the date. Only a finite number between the
    serials of ``MIN_DATE`` and ``MAX_DATE`` is cut so, so 3.5 or 2024.5 still are not dates.
    ``date1904``: the workbook's date system (``log_sheets.read_package``), for serials.
    """
    if isinstance(value, timedelta):
        value = value.days + value.seconds / 86400
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        first, last = _SERIALS[date1904]
        if first <= value < last + 1:
            value = math.floor(value)
    return parse_date(value, date1904=date1904)


def id_text(value: Any) -> str:
    """An identifier or short text cell as text (2024001.0 → '2024001', a date → '2024-03-05')."""
    if value.__class__ is str:  # a blank text normalises to ""
        return normalize_text(value)
    if empty(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return normalize_text(value)


def required_hint(column: form.LogColumn) -> str:
    if column.choices:
        return f"{PICK}：{'、'.join(column.choices)}" if len(column.choices) <= 8 else PICK
    return f"请填写{column.name}" + (f"（{column.note}）" if column.note else "")


def read_date(value: Any, name: str, cells: Mapping[str, str], sheet: str, reader: Reader) -> date | None:
    if empty(value):
        return None
    parsed = parse_log_date(value, date1904=reader.date1904)
    if parsed.ok:
        return parsed.value
    reason = why_not(parsed, DATE_WORDS)
    reader.add("L3", sheet, cells.get(name), name, f"“{name}”不是有效日期{reason}", DATE_HINT)
    return None


def read_choice(
    value: Any,
    name: str,
    index: dict[str, str],
    hint: str,
    cells: Mapping[str, str],
    sheet: str,
    reader: Reader,
    *,
    rule: str = "L2",
) -> str | None:
    if empty(value) or value is True or value is False:
        return None
    found = index.get(form.normalize_label(id_text(value)))
    if found is None:  # the text is not quoted: it may be a name or a request pasted one column off
        count = len(CHOICES.get(name, ()))
        options = f"（共 {count} 项）" if count else ""
        reader.add(rule, sheet, cells.get(name), name, f"“{name}”不是下拉列表中的选项{options}", hint)
    return found
