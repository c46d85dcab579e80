"""Normalise single cell values read from a workbook (python-calamine types).

Pure functions, no I/O. Parsers never raise on bad user input: they return a
:class:`Parsed` holding either the value or a Chinese reason saying what is wrong
and how to fix it, with a stable code (``PARSE_CODES``) saying the same to a program.
Reasons quote at most ``SNIPPET_LIMIT`` characters of the cell; a caller that must not
quote the cell at all words its message from the code (and ``Parsed.detail``), never
from the reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar, get_args

from toolkit import form

__all__ = [
    "BLANK_NUMBER",
    "MAX_COLUMNS",
    "MAX_DATE",
    "MAX_ROWS",
    "MIN_DATE",
    "PARSE_CODES",
    "SNIPPET_LIMIT",
    "ParseCode",
    "Parsed",
    "cell_address",
    "column_letter",
    "compact_text",
    "date_to_excel_serial",
    "excel_serial_to_date",
    "is_blank",
    "normalize_text",
    "parse_address",
    "parse_count",
    "parse_date",
    "parse_fee",
    "snippet",
]

T = TypeVar("T")

#: Why a value could not be parsed: stable codes for programs, beside the Chinese reason
ParseCode = Literal[
    "blank",  # empty, or only spaces (空白)
    "boolean",  # TRUE/FALSE (逻辑值)
    "unknown_type",  # a cell type the parsers do not know (无法识别的内容)
    "odd_digits",  # digit-like symbols such as ① or ² (特殊数字符号)
    # numbers (parse_count, parse_fee)
    "negative",  # 负数
    "not_integer",  # a count with a fraction (不是整数)
    "invalid_number",  # NaN or infinity (不是有效数字)
    "too_large",  # above the cell's plausible bound, form.MAX_COUNT … (超出合理范围; see Parsed.detail)
    "with_unit",  # a fee with 元/万/万元 after it (带了单位)
    "date_not_number",  # a date or time where a number is wanted (是日期或时间)
    "not_a_number",  # any other text (不是数字)
    # dates (parse_date)
    "time_only",  # a time without a date (只有时间)
    "year_only",  # a year alone, as a number or text (只有年份)
    "not_a_date",  # a number with a fraction, NaN or infinity (数字…不是日期)
    "not_a_serial",  # a whole number that is no usable Excel serial (不能作为日期)
    "no_such_date",  # parts that name no day, such as 2024-02-30 (日期不存在; see Parsed.detail)
    "no_such_time",  # a time of day that does not exist, such as 25:61 (时间不存在)
    "out_of_range",  # a real date outside MIN_DATE … MAX_DATE (超出合理范围)
    "incomplete",  # any other text (不是完整的日期)
]
PARSE_CODES: tuple[str, ...] = get_args(ParseCode)

SNIPPET_LIMIT = 30
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384  # A … XFD

BLANK_NUMBER = "空白，无数据请填 0"
_DATE_EXAMPLE = "如 2024-03-05"
_NEED_DATE = f"请填写年月日齐全的日期（四位年份），{_DATE_EXAMPLE}"
_NEED_COUNT = "请只填写阿拉伯数字（如 12），不要带单位、逗号、空格或其他文字；无数据请填 0"
_NEED_FEE = "请只填写阿拉伯数字和小数点（单位：万元，如 0.5），不要带单位、逗号或其他文字；无数据请填 0"
_IS_DATE_NOT_NUMBER = "是日期或时间，不是数字：请把单元格格式改为“常规”或“数值”，再填写阿拉伯数字"

_WHITESPACE = re.compile(r"\s+")
_COUNT = re.compile(r"(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")
_NEGATIVE = re.compile(r"[-\u2212] ?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FEE = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_FEE_WITH_UNIT = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+) ?(?P<unit>万元|万|元)")
_DIGITS = re.compile(r"[0-9]+")
_TIME = r"(?:(?: ?T ?| )(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?:\.[0-9]{1,6})?)?)?"
_DATE_FORMS = (
    # 2024-03-05, 2024-3-5, 2024/3/5, 2024.3.5 (one separator kind; 。 is a Chinese-IME full stop)
    re.compile(r"(?P<y>[0-9]{4}) ?(?P<sep>[-/.。]) ?(?P<m>[0-9]{1,2}) ?(?P=sep) ?(?P<d>[0-9]{1,2})" + _TIME),
    # 2024年3月5日, 2024年3月5, 2024 年 3 月 5 日, 2024年3月5号
    re.compile(r"(?P<y>[0-9]{4}) ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2}) ?[日号]?" + _TIME),
    # 20240305
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})" + _TIME),
)

_EPOCH_1900 = date(1899, 12, 30)  # serials > 60 (Excel counts a fictitious 1900-02-29 as serial 60)
_EPOCH_1900_EARLY = date(1899, 12, 31)  # serials 1 … 59
_EPOCH_1904 = date(1904, 1, 1)


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """Either a value (``error is None``) or a Chinese reason and its code (``value is None``).

    ``detail`` is the part of the reason that quotes nothing of the cell, where there is one
    (``no_such_date``: 没有13月, 4月没有31日, 2023年不是闰年，2月没有29日); "" otherwise.
    """

    value: T | None
    error: str | None
    code: ParseCode | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if (self.value is None) == (self.error is None):
            raise ValueError("Parsed 需要恰好一个：value 或 error")
        if (self.error is None) != (self.code is None):
            raise ValueError("Parsed 的 error 和 code 须同时给出")

    @property
    def ok(self) -> bool:
        """True when parsing succeeded."""
        return self.error is None

    @classmethod
    def success(cls, value: T) -> Parsed[T]:
        """A successful result."""
        return cls(value, None)

    @classmethod
    def failure(cls, code: ParseCode, error: str, detail: str = "") -> Parsed[T]:
        """A failed result: its code and its Chinese reason."""
        return cls(None, error, code, detail)


# ---------------------------------------------------------------- text


def _strip_format_chars(text: str) -> str:
    """Drop format (Cf) and control (Cc) characters; whitespace controls stay for collapsing."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch.isspace())


def normalize_text(value: object) -> str:
    """NFKC, drop format characters (Cf), collapse whitespace runs to one space, strip."""
    if value is None:
        return ""
    return _normalize_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=65536)
def _normalize_text(text: str) -> str:
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # fast path: NFKC and Cf stripping change nothing
        return " ".join(text.split())
    if text.isprintable():  # no Cf or control characters (they are not printable)
        return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    text = _strip_format_chars(text)
    text = unicodedata.normalize("NFKC", text)
    text = _strip_format_chars(text)
    return _WHITESPACE.sub(" ", text).strip()


def compact_text(value: object) -> str:
    """normalize_text, then remove all whitespace ('商业\\n企业' → '商业企业')."""
    if value.__class__ is str and value.isascii() and value.isprintable() and " " not in value:
        return value  # hot path (every 申请编号 for L4): nothing to normalise or remove
    return _WHITESPACE.sub("", normalize_text(value))


def is_blank(value: object) -> bool:
    """None, '' or a string of only whitespace / zero-width characters."""
    if value is None:
        return True
    if isinstance(value, str):
        if value.isprintable():  # printable: blank only if nothing but ordinary spaces
            return not value.strip()
        return normalize_text(value) == ""
    return False


def printable(text: str) -> str:
    """``text`` with control characters (C0/C1, e.g. terminal escape sequences) shown as '?'."""
    if text.isprintable():
        return text
    return "".join("?" if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text)


def snippet(text: str, limit: int = SNIPPET_LIMIT) -> str:
    """At most ``limit`` characters of ``text``, cut with '…' (cells may hold personal data);
    control characters shown as '?' so a message cannot drive the user's terminal."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    return f"“{snippet(text)}”"


def _has_odd_digits(raw: str) -> bool:
    """True when raw text holds digit-like symbols (①, ², ⒓) that NFKC would turn into digits.

    Only ASCII and full-width digits are accepted: '3①' must not silently become 31.
    """
    for ch in raw:
        if "0" <= ch <= "9" or "０" <= ch <= "９":
            continue
        if any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", ch)):
            return True
    return False


def _odd_digits_error(text: str) -> str:
    return f"{_quote(text)}含有特殊数字符号（如 ①、²）：请只填写阿拉伯数字 0-9"


# ---------------------------------------------------------------- numbers


def _number_repr(value: float | Decimal) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _int_repr(value: int) -> str:
    """str(value), but never of an integer too long for it (Python refuses 4,300 digits)."""
    return str(value) if value.bit_length() <= 128 else "（位数过多的数字）"


def _too_large(shown: str, maximum: int | Decimal, what: str) -> Parsed[Any]:
    detail = f"大于合理上限 {maximum:,}，可能误填了证件号码、电话号码等"
    return Parsed.failure("too_large", f"{_quote(shown)}{detail}：请核对后填写{what}", detail)


def parse_count(value: object, *, maximum: int = form.MAX_COUNT) -> Parsed[int]:
    """A whole number ≥ 0 (件数), at most ``maximum`` (above it: ``too_large``)."""
    if value is None:
        return Parsed.failure("blank", BLANK_NUMBER)
    if isinstance(value, bool):
        return Parsed.failure("boolean", "是逻辑值（TRUE/FALSE），不是数字：请只填写阿拉伯数字，无数据请填 0")
    if isinstance(value, int):
        if value < 0:
            return Parsed.failure("negative", f"{_quote(_int_repr(value))}是负数：件数只能是 0 或正整数")
        if value > maximum:
            return _too_large(_int_repr(value), maximum, "件数")
        return Parsed.success(value)
    if isinstance(value, float | Decimal):
        return _count_from_number(value, maximum)
    if isinstance(value, date | time):
        return Parsed.failure("date_not_number", _IS_DATE_NOT_NUMBER)
    if not isinstance(value, str):
        return Parsed.failure(
            "unknown_type", f"无法识别的内容（{type(value).__name__}）：请只填写阿拉伯数字，无数据请填 0"
        )
    text = normalize_text(value)
    if not text:
        return Parsed.failure("blank", BLANK_NUMBER)
    if _has_odd_digits(value):
        return Parsed.failure("odd_digits", _odd_digits_error(text))
    match = _COUNT.fullmatch(text)
    if match:
        if match["frac"] and match["frac"].strip("0"):
            return Parsed.failure("not_integer", f"{_quote(text)}不是整数：件数只能是 0 或正整数")
        digits = match["int"].lstrip("0") or "0"
        if len(digits) > len(str(maximum)) or int(digits) > maximum:  # int() only of a short text
            return _too_large(text, maximum, "件数")
        return Parsed.success(int(digits))
    if _NEGATIVE.fullmatch(text):
        return Parsed.failure("negative", f"{_quote(text)}是负数：件数只能是 0 或正整数")
    return Parsed.failure("not_a_number", f"{_quote(text)}不是数字：{_NEED_COUNT}")


def _count_from_number(value: float | Decimal, maximum: int) -> Parsed[int]:
    shown = _number_repr(value)
    finite = math.isfinite(value) if isinstance(value, float) else value.is_finite()
    if not finite:
        return Parsed.failure("invalid_number", "不是有效数字：请只填写阿拉伯数字，无数据请填 0")
    if value < 0:
        return Parsed.failure("negative", f"{_quote(shown)}是负数：件数只能是 0 或正整数")
    if value > maximum:
        return _too_large(shown, maximum, "件数")
    if value != int(value):
        return Parsed.failure("not_integer", f"{_quote(shown)}不是整数：件数只能是 0 或正整数")
    return Parsed.success(int(value))


def parse_fee(value: object, *, maximum: int | Decimal = form.MAX_FEE_WAN) -> Parsed[Decimal]:
    """A number ≥ 0 in 万元, as an exact Decimal (never via float arithmetic), at most ``maximum``
    (above it: ``too_large``; a 台账 passes its own bound in 元, ``form.MAX_CASE_FEE_YUAN``)."""
    if value is None:
        return Parsed.failure("blank", BLANK_NUMBER)
    if isinstance(value, bool):
        return Parsed.failure(
            "boolean", "是逻辑值（TRUE/FALSE），不是数字：请只填写数字（单位：万元），无数据请填 0"
        )
    if isinstance(value, date | time):
        return Parsed.failure("date_not_number", _IS_DATE_NOT_NUMBER)
    if isinstance(value, int):
        return _fee_result(Decimal(value), _int_repr(value), maximum)
    if isinstance(value, float):
        if not math.isfinite(value):
            return Parsed.failure("invalid_number", "不是有效数字：请只填写数字（单位：万元），无数据请填 0")
        return _fee_result(Decimal(repr(value)), repr(value), maximum)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return Parsed.failure("invalid_number", "不是有效数字：请只填写数字（单位：万元），无数据请填 0")
        return _fee_result(value, str(value), maximum)
    if not isinstance(value, str):
        return Parsed.failure(
            "unknown_type", f"无法识别的内容（{type(value).__name__}）：请只填写数字（单位：万元）"
        )
    text = normalize_text(value)
    if not text:
        return Parsed.failure("blank", BLANK_NUMBER)
    if _has_odd_digits(value):
        return Parsed.failure("odd_digits", _odd_digits_error(text))
    if _FEE.fullmatch(text):
        return _fee_result(Decimal(text), text, maximum)
    if _NEGATIVE.fullmatch(text):
        return Parsed.failure("negative", f"{_quote(text)}是负数：费用只能是 0 或正数（单位：万元）")
    unit = _FEE_WITH_UNIT.fullmatch(text)
    if unit:
        return Parsed.failure("with_unit", _unit_error(text, Decimal(unit["num"]), unit["unit"]))
    return Parsed.failure("not_a_number", f"{_quote(text)}不是数字：{_NEED_FEE}")


def _fee_result(amount: Decimal, shown: str, maximum: int | Decimal) -> Parsed[Decimal]:
    if amount < 0:
        return Parsed.failure("negative", f"{_quote(shown)}是负数：费用只能是 0 或正数（单位：万元）")
    if amount > maximum:
        return _too_large(shown, maximum, "金额")
    if amount.is_zero():
        amount = amount.copy_abs()  # -0.0 → 0.0
    return Parsed.success(amount)


def _unit_error(text: str, number: Decimal, unit: str) -> str:
    if unit == "元":
        in_wan = snippet(f"{(number / 10000).normalize():f}")
        return (
            f"{_quote(text)}带了单位“元”：本栏单位是万元，请换算后只填数字"
            f"（{snippet(str(number))} 元 = {in_wan} 万元，应填 {in_wan}）"
        )
    return f"{_quote(text)}带了单位“{unit}”：本栏单位已是万元，只填数字 {snippet(str(number))} 即可"


# ---------------------------------------------------------------- dates


def excel_serial_to_date(serial: int, *, date1904: bool = False) -> date:
    """Excel serial → date. 1900 system: 1 = 1900-01-01, 60 = the fictitious 1900-02-29 (ValueError)."""
    if isinstance(serial, bool) or not isinstance(serial, int):
        raise TypeError("Excel 日期序号必须是整数")
    try:
        if date1904:
            if serial < 0:
                raise ValueError(f"Excel 日期序号 {serial} 无效（1904 日期系统从 0 开始）")
            return _EPOCH_1904 + timedelta(days=serial)
        if serial < 1:
            raise ValueError(f"Excel 日期序号 {serial} 无效（1900 日期系统从 1 开始）")
        if serial == 60:
            raise ValueError("Excel 日期序号 60 对应不存在的 1900-02-29")
        epoch = _EPOCH_1900_EARLY if serial < 60 else _EPOCH_1900
        return epoch + timedelta(days=serial)
    except OverflowError:
        raise ValueError(f"Excel 日期序号 {serial} 超出 9999-12-31") from None


def date_to_excel_serial(day: date, *, date1904: bool = False) -> int:
    """date (or datetime: its date) → Excel serial; inverse of :func:`excel_serial_to_date`."""
    if isinstance(day, datetime):
        day = day.date()
    if date1904:
        if day < _EPOCH_1904:
            raise ValueError("1904 日期系统不能表示 1904-01-01 之前的日期")
        return (day - _EPOCH_1904).days
    if day < date(1900, 1, 1):
        raise ValueError("1900 日期系统不能表示 1900-01-01 之前的日期")
    if day < date(1900, 3, 1):
        return (day - _EPOCH_1900_EARLY).days
    return (day - _EPOCH_1900).days


def _in_range(day: date) -> Parsed[date]:
    if MIN_DATE <= day <= MAX_DATE:
        return Parsed.success(day)
    return Parsed.failure(
        "out_of_range",
        f"日期 {day.isoformat()} 超出合理范围（{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）"
        "：请检查年份",
    )


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _build_date(year: int, month: int, day: int, shown: str) -> Parsed[date]:
    """A date from parts, or a reason naming why it does not exist."""
    if not 1 <= month <= 12:
        return Parsed.failure(
            "no_such_date",
            f"日期不存在：没有{month}月（{_quote(shown)}），请核对后重新填写，{_DATE_EXAMPLE}",
            f"没有{month}月",
        )
    last = _days_in_month(year, month)
    if not 1 <= day <= last:
        if month == 2 and day == 29:
            reason = f"{year}年不是闰年，2月没有29日"
        elif day == 0:
            reason = "没有0日"
        else:
            reason = f"{month}月没有{day}日"
        return Parsed.failure(
            "no_such_date", f"日期不存在：{reason}（{_quote(shown)}），请核对后重新填写", reason
        )
    return _in_range(date(year, month, day))


def _date_from_serial(serial: int, shown: str, date1904: bool) -> Parsed[date]:
    if MIN_DATE.year <= serial <= MAX_DATE.year:
        return Parsed.failure("year_only", f"{_quote(shown)}只有年份：{_NEED_DATE}")
    if 10_000_000 <= serial <= 99_999_999:  # typed 20240305 into a General cell: a number, not text
        digits = str(serial)
        return _build_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]), shown)
    try:
        day = excel_serial_to_date(serial, date1904=date1904)
    except ValueError as exc:
        return Parsed.failure("not_a_serial", f"数字{_quote(shown)}不能作为日期（{exc}）：{_NEED_DATE}")
    if MIN_DATE <= day <= MAX_DATE:
        return Parsed.success(day)
    return Parsed.failure(
        "not_a_serial",
        f"数字{_quote(shown)}不能作为日期（按 Excel 日期序号是 {day.isoformat()}，"
        f"超出 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）：{_NEED_DATE}",
    )


def _valid_time(hour: str | None, minute: str | None, second: str | None) -> bool:
    if hour is None:
        return True
    return int(hour) <= 23 and int(minute or 0) <= 59 and int(second or 0) <= 59


def parse_date(value: object, *, date1904: bool = False) -> Parsed[date]:
    """A date from a date/datetime cell, an Excel serial, or text (2024-03-05, 2024年3月5日, 20240305 …).

    Any accepted date must lie in MIN_DATE … MAX_DATE.
    """
    if value is None:
        return Parsed.failure("blank", f"空白：{_NEED_DATE}")
    if isinstance(value, bool):
        return Parsed.failure("boolean", f"是逻辑值（TRUE/FALSE），不是日期：{_NEED_DATE}")
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, time):
        return Parsed.failure("time_only", f"只有时间，没有日期：{_NEED_DATE}")
    if isinstance(value, int):
        return _date_from_serial(value, str(value), date1904)
    if isinstance(value, float | Decimal):
        shown = _number_repr(value)
        finite = math.isfinite(value) if isinstance(value, float) else value.is_finite()
        if not finite or value != int(value):
            return Parsed.failure("not_a_date", f"数字{_quote(shown)}不是日期：{_NEED_DATE}")
        return _date_from_serial(int(value), shown, date1904)
    if not isinstance(value, str):
        return Parsed.failure("unknown_type", f"无法识别的内容（{type(value).__name__}）：{_NEED_DATE}")
    return _date_from_text(value, date1904)


def _date_from_text(raw: str, date1904: bool) -> Parsed[date]:
    text = normalize_text(raw)
    if not text:
        return Parsed.failure("blank", f"空白：{_NEED_DATE}")
    if _has_odd_digits(raw):
        return Parsed.failure("odd_digits", _odd_digits_error(text))
    if _DIGITS.fullmatch(text) and len(text) <= 5:
        return _date_from_serial(int(text), text, date1904)
    for pattern in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            if not _valid_time(match["h"], match["mi"], match["s"]):
                return Parsed.failure(
                    "no_such_time", f"{_quote(text)}中的时间不存在：请只填写日期，{_DATE_EXAMPLE}"
                )
            return _build_date(int(match["y"]), int(match["m"]), int(match["d"]), text)
    return Parsed.failure("incomplete", f"{_quote(text)}不是完整的日期：{_NEED_DATE}")


# ---------------------------------------------------------------- addresses

_ADDRESS = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")


@lru_cache(maxsize=1024)
def column_letter(index0: int) -> str:
    """0-based column index → letters: 0 → 'A', 25 → 'Z', 26 → 'AA', 16383 → 'XFD'."""
    if isinstance(index0, bool) or not isinstance(index0, int) or not 0 <= index0 < MAX_COLUMNS:
        raise ValueError(f"列号 {index0!r} 超出 Excel 范围（0 至 {MAX_COLUMNS - 1}）")
    letters = ""
    number = index0 + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_address(row0: int, col0: int) -> str:
    """0-based (row, column) → 'A1' style: (19, 7) → 'H20'."""
    if isinstance(row0, bool) or not isinstance(row0, int) or not 0 <= row0 < MAX_ROWS:
        raise ValueError(f"行号 {row0!r} 超出 Excel 范围（0 至 {MAX_ROWS - 1}）")
    return f"{column_letter(col0)}{row0 + 1}"


def parse_address(address: str) -> tuple[int, int]:
    """'H20' → (19, 7): 0-based (row, column). Accepts lower case and '$' anchors."""
    match = _ADDRESS.fullmatch(address.strip().upper())
    if not match:
        raise ValueError(f"无法识别的单元格地址 {snippet(address)!r}，应形如 H20")
    letters, digits = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - ord("A") + 1)
    row, col = int(digits) - 1, col - 1
    if col >= MAX_COLUMNS or row >= MAX_ROWS:
        raise ValueError(f"单元格地址 {address!r} 超出 Excel 范围（最大 XFD{MAX_ROWS}）")
    return row, col
