"""Tests for toolkit.read.cells: text normalisation, number/fee/date parsing, cell addresses."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit import form
from toolkit.read.cells import (
    BLANK_NUMBER,
    MAX_DATE,
    MIN_DATE,
    PARSE_CODES,
    SNIPPET_LIMIT,
    Parsed,
    cell_address,
    column_letter,
    compact_text,
    date_to_excel_serial,
    excel_serial_to_date,
    is_blank,
    normalize_text,
    parse_address,
    parse_count,
    parse_date,
    parse_fee,
    snippet,
)

ZWSP = "\u200b"
ZWNJ = "\u200c"
BOM = "\ufeff"
IDEO_SPACE = "\u3000"
NBSP = "\u00a0"


def full_width(text: str) -> str:
    """ASCII digits and punctuation → their full-width forms (what a Chinese IME in 全角 mode types)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def assert_error(result: Parsed[object], code: str, *fragments: str) -> None:
    assert not result.ok
    assert result.value is None
    assert result.error
    assert result.code == code, (result.code, result.error)
    for fragment in fragments:
        assert fragment in result.error, (fragment, result.error)


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  abc  ", "abc"),
        ("商业\n企业", "商业 企业"),
        ("a\t\r\n b", "a b"),
        (f"{IDEO_SPACE}自然人{IDEO_SPACE}{IDEO_SPACE}", "自然人"),
        (f"a{NBSP}{NBSP}b", "a b"),
        (f"1{ZWSP}2", "12"),
        (f"{BOM}总计{ZWNJ}", "总计"),
        ("a\u2060b\u00adc\u200ed", "abcd"),  # word joiner, soft hyphen, LRM: all Cf
        ("１２３", "123"),
        ("ＡＢＣ", "ABC"),
        ("（一）", "(一)"),
        (f"{ZWSP}{IDEO_SPACE}\n", ""),
        (12, "12"),
        (3.5, "3.5"),
        (True, "True"),
        (date(2024, 3, 5), "2024-03-05"),
    ],
)
def test_normalize_text(raw: object, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("商业\n企业", "商业企业"),
        (f"社会公益{IDEO_SPACE}组织", "社会公益组织"),
        (" 法律 服务\r\n机构 ", "法律服务机构"),
        (f"其{ZWSP}他", "其他"),
        (None, ""),
        ("", ""),
    ],
)
def test_compact_text(raw: object, expected: str) -> None:
    assert compact_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        (IDEO_SPACE, True),
        (f"{ZWSP}{BOM}{NBSP}\n\t", True),
        ("0", False),
        (0, False),
        (0.0, False),
        (False, False),
        ("—", False),
        (f"{ZWSP}x", False),
    ],
)
def test_is_blank(raw: object, expected: bool) -> None:
    assert is_blank(raw) is expected


def test_snippet_cuts_long_text() -> None:
    assert snippet("短") == "短"
    long_text = "张" * 100
    cut = snippet(long_text)
    assert len(cut) == SNIPPET_LIMIT
    assert cut.endswith("…")
    assert snippet("x" * SNIPPET_LIMIT) == "x" * SNIPPET_LIMIT


# ---------------------------------------------------------------- Parsed


def test_parsed_is_immutable_and_exclusive() -> None:
    good = Parsed.success(3)
    bad: Parsed[int] = Parsed.failure("blank", "错误")
    assert good.ok and good.value == 3 and good.error is None and good.code is None
    assert not bad.ok and bad.value is None and bad.error == "错误" and bad.code == "blank"
    with pytest.raises(dataclasses.FrozenInstanceError):
        good.value = 4  # type: ignore[misc]
    with pytest.raises(ValueError):
        Parsed(None, None)
    with pytest.raises(ValueError):
        Parsed(1, "错误")
    with pytest.raises(ValueError):
        Parsed(None, "错误")  # a reason without its code
    with pytest.raises(ValueError):
        Parsed(1, None, "blank")  # a code without a reason
    assert Parsed.success(0).ok  # a falsy value is still a success
    assert Parsed.success(0) == Parsed(0, None)


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0, 0),
        (3, 3),
        (form.MAX_COUNT, form.MAX_COUNT),
        (float(form.MAX_COUNT), form.MAX_COUNT),
        (str(form.MAX_COUNT), form.MAX_COUNT),
        (3.0, 3),
        (0.0, 0),
        (-0.0, 0),
        (Decimal("4.00"), 4),
        ("0", 0),
        ("12", 12),
        ("007", 7),
        (" 12 ", 12),
        (f"{IDEO_SPACE}12{IDEO_SPACE}", 12),
        ("12\n", 12),
        ("１２", 12),
        (f"1{ZWSP}2", 12),
        (f"{BOM}5", 5),
        ("3.0", 3),
        ("3.00", 3),
        ("３．０", 3),
    ],
)
def test_parse_count_accepts(raw: object, expected: int) -> None:
    result = parse_count(raw)
    assert result == Parsed(expected, None)
    assert type(result.value) is int


@pytest.mark.parametrize(
    ("raw", "code", "fragments"),
    [
        (None, "blank", [BLANK_NUMBER]),
        ("", "blank", [BLANK_NUMBER]),
        ("  ", "blank", [BLANK_NUMBER]),
        (f"{ZWSP}{IDEO_SPACE}", "blank", [BLANK_NUMBER]),
        (True, "boolean", ["逻辑值", "阿拉伯数字"]),
        (False, "boolean", ["逻辑值"]),
        (-1, "negative", ["负数"]),
        (-2.0, "negative", ["负数"]),
        ("-3", "negative", ["负数"]),
        ("－3", "negative", ["负数"]),
        ("\u22123", "negative", ["负数"]),
        (2.5, "not_integer", ["不是整数"]),
        ("2.5", "not_integer", ["不是整数"]),
        ("2.50", "not_integer", ["不是整数"]),
        (Decimal("1.5"), "not_integer", ["不是整数"]),
        (float("nan"), "invalid_number", ["不是有效数字"]),
        (float("inf"), "invalid_number", ["不是有效数字"]),
        ("一", "not_a_number", ["请只填写阿拉伯数字", "无数据请填 0"]),
        ("—", "not_a_number", ["请只填写阿拉伯数字", "无数据请填 0"]),
        ("-", "not_a_number", ["请只填写阿拉伯数字", "无数据请填 0"]),
        ("/", "not_a_number", ["请只填写阿拉伯数字"]),
        ("无", "not_a_number", ["请只填写阿拉伯数字"]),
        ("12件", "not_a_number", ["“12件”", "请只填写阿拉伯数字"]),
        ("1_000", "not_a_number", ["“1_000”", "请只填写阿拉伯数字"]),
        ("1,000", "not_a_number", ["请只填写阿拉伯数字"]),
        ("1 000", "not_a_number", ["请只填写阿拉伯数字"]),
        ("3.", "not_a_number", ["请只填写阿拉伯数字"]),
        ("+3", "not_a_number", ["请只填写阿拉伯数字"]),
        ("1e3", "not_a_number", ["请只填写阿拉伯数字"]),
        ("\u0663", "not_a_number", ["请只填写阿拉伯数字"]),  # Arabic-Indic three: int() would accept it
        ("①", "odd_digits", ["特殊数字符号"]),
        ("3²", "odd_digits", ["特殊数字符号"]),
        (date(2024, 1, 3), "date_not_number", ["日期", "常规"]),
        (datetime(1900, 1, 3), "date_not_number", ["日期"]),
        (time(3, 0), "date_not_number", ["日期或时间"]),
        ([1], "unknown_type", ["无法识别"]),
        # above the plausible bound: an ID or phone number pasted into the cell, never a figure
        (form.MAX_COUNT + 1, "too_large", ["合理上限"]),
        (110101199001011234, "too_large", ["证件号码"]),
        ("13812349876", "too_large", ["合理上限"]),
        (1e308, "too_large", ["合理上限"]),
        (Decimal("1E+400"), "too_large", ["合理上限"]),
        # int() refuses 4,300 digits
        pytest.param("9" * 5000, "too_large", ["合理上限", "…"], id="5000_digits"),
        pytest.param(10**5000, "too_large", ["位数过多"], id="huge_int"),  # str() would refuse it
        pytest.param(-(10**5000), "negative", ["负数"], id="huge_negative_int"),
    ],
)
def test_parse_count_rejects(raw: object, code: str, fragments: list[str]) -> None:
    assert_error(parse_count(raw), code, *fragments)


def test_parse_count_never_echoes_long_text() -> None:
    secret = "申请人张三身份证号码110101199001011234住址北京市东城区某某街道某某号"
    result = parse_count(secret)
    assert_error(result, "not_a_number", "…")
    assert secret not in (result.error or "")
    assert secret[:SNIPPET_LIMIT] not in (result.error or "")
    assert secret[: SNIPPET_LIMIT - 1] + "…" in (result.error or "")


# ---------------------------------------------------------------- fee


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0, Decimal("0")),
        (3, Decimal("3")),
        (7730.28, Decimal("7730.28")),
        (0.1, Decimal("0.1")),
        (0.3, Decimal("0.3")),
        (1.1, Decimal("1.1")),
        (-0.0, Decimal("0.0")),
        (Decimal("0.05"), Decimal("0.05")),
        ("7730.28", Decimal("7730.28")),
        ("０.５", Decimal("0.5")),
        ("０．５", Decimal("0.5")),
        (" 0.50 ", Decimal("0.50")),
        (".5", Decimal("0.5")),
        ("5.", Decimal("5")),
        ("0", Decimal("0")),
        (f"1{ZWSP}2.5", Decimal("12.5")),
    ],
)
def test_parse_fee_accepts(raw: object, expected: Decimal) -> None:
    result = parse_fee(raw)
    assert result.ok, result.error
    assert isinstance(result.value, Decimal)
    assert result.value == expected
    assert str(result.value) == str(expected)  # exact digits, no float noise


def test_parse_fee_float_is_exact() -> None:
    assert parse_fee(7730.28).value == Decimal("7730.28")
    float_value = 7730.28
    assert Decimal(float_value) != Decimal("7730.28")  # the trap parse_fee avoids
    assert str(parse_fee(0.1).value) == "0.1"
    assert not str(parse_fee(-0.0).value).startswith("-")


@pytest.mark.parametrize(
    ("raw", "code", "fragments"),
    [
        (None, "blank", [BLANK_NUMBER]),
        ("", "blank", [BLANK_NUMBER]),
        (f"{IDEO_SPACE}", "blank", [BLANK_NUMBER]),
        (True, "boolean", ["逻辑值"]),
        (-1, "negative", ["负数"]),
        (-0.5, "negative", ["负数"]),
        ("-0.5", "negative", ["负数"]),
        (Decimal("-1"), "negative", ["负数"]),
        (float("nan"), "invalid_number", ["不是有效数字"]),
        (float("inf"), "invalid_number", ["不是有效数字"]),
        (float("-inf"), "invalid_number", ["不是有效数字"]),
        (Decimal("NaN"), "invalid_number", ["不是有效数字"]),
        ("nan", "not_a_number", ["不是数字"]),
        ("inf", "not_a_number", ["不是数字"]),
        ("500元", "with_unit", ["“500元”", "万元", "0.05"]),
        ("0.5万元", "with_unit", ["“0.5万元”", "万元", "只填数字 0.5"]),
        ("0.5 万元", "with_unit", ["万元"]),
        ("2万", "with_unit", ["万元", "只填数字 2"]),
        ("元", "not_a_number", ["不是数字"]),
        ("万元", "not_a_number", ["不是数字"]),
        ("7,730.28", "not_a_number", ["不是数字", "阿拉伯数字"]),
        ("—", "not_a_number", ["不是数字"]),
        ("/", "not_a_number", ["不是数字"]),
        ("无", "not_a_number", ["不是数字"]),
        ("1_000", "not_a_number", ["不是数字"]),
        ("1e3", "not_a_number", ["不是数字"]),
        ("½", "odd_digits", ["特殊数字符号"]),
        (date(2024, 1, 1), "date_not_number", ["日期"]),
        (form.MAX_FEE_WAN + 1, "too_large", ["合理上限"]),
        ("9" * 400, "too_large", ["合理上限", "…"]),  # beyond float range: it once crashed the writer
        (1e308, "too_large", ["合理上限"]),
    ],
)
def test_parse_fee_rejects(raw: object, code: str, fragments: list[str]) -> None:
    assert_error(parse_fee(raw), code, *fragments)


# ---------------------------------------------------------------- Excel serials


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (32874, date(1990, 1, 1)),
        (45292, date(2024, 1, 1)),
        (73415, date(2100, 12, 31)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_excel_serial_1900(serial: int, expected: date) -> None:
    assert excel_serial_to_date(serial) == expected
    assert date_to_excel_serial(expected) == serial


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (0, date(1904, 1, 1)),
        (1, date(1904, 1, 2)),
        (43830, date(2024, 1, 1)),
    ],
)
def test_excel_serial_1904(serial: int, expected: date) -> None:
    assert excel_serial_to_date(serial, date1904=True) == expected
    assert date_to_excel_serial(expected, date1904=True) == serial


@pytest.mark.parametrize(
    ("serial", "date1904"), [(60, False), (0, False), (-1, False), (-1, True), (10**10, False)]
)
def test_excel_serial_invalid(serial: int, date1904: bool) -> None:
    with pytest.raises(ValueError):
        excel_serial_to_date(serial, date1904=date1904)


def test_excel_serial_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        excel_serial_to_date(True)
    with pytest.raises(TypeError):
        excel_serial_to_date(45292.0)  # type: ignore[arg-type]


def test_date_to_serial_errors_and_datetime() -> None:
    assert date_to_excel_serial(datetime(2024, 1, 1, 13, 30)) == 45292
    with pytest.raises(ValueError):
        date_to_excel_serial(date(1899, 12, 31))
    with pytest.raises(ValueError):
        date_to_excel_serial(date(1903, 12, 31), date1904=True)


# ---------------------------------------------------------------- dates

D = date(2024, 3, 5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (D, D),
        (datetime(2024, 3, 5), D),
        (datetime(2024, 3, 5, 14, 30, 15), D),
        (datetime(2024, 3, 5, 23, 59, 59, 999999), D),
        (45356, D),
        (45356.0, D),
        ("45356", D),
        (" 45356 ", D),
        (45292, date(2024, 1, 1)),
        (Decimal("45292"), date(2024, 1, 1)),
        (20240305, D),  # typed into a General cell: Excel keeps it as a number
        (20240305.0, D),
        ("2024-03-05", D),
        ("2024-3-5", D),
        ("2024/3/5", D),
        ("2024/03/05", D),
        ("2024.3.5", D),
        ("2024.03.05", D),
        ("2024。3。5", D),
        ("2024 - 3 - 5", D),
        ("2024年3月5日", D),
        ("2024年03月05日", D),
        ("2024年3月5", D),
        ("2024年3月5号", D),
        ("2024 年 3 月 5 日", D),
        (f"2024年{IDEO_SPACE}3月{IDEO_SPACE}5日", D),
        ("２０２４年３月５日", D),
        ("２０２４－０３－０５", D),
        ("２０２４／３／５", D),
        ("２０２４．３．５", D),
        ("２０２４０３０５", D),
        ("20240305", D),
        ("2024-03-05 00:00:00", D),
        ("2024-03-05T00:00:00", D),
        ("2024/3/5 0:00", D),
        ("2024年3月5日 0:00", D),
        ("2024-03-05 14:30", D),
        ("2024-03-05 00:00:00.000", D),
        ("20240305 00:00", D),
        (f"{BOM}2024-03-05{ZWSP}", D),
        (" 2024-03-05\n", D),
        ("2024-02-29", date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1990-01-01", MIN_DATE),
        ("2100-12-31", MAX_DATE),
    ],
)
def test_parse_date_accepts(raw: object, expected: date) -> None:
    result = parse_date(raw)
    assert result == Parsed(expected, None)
    assert type(result.value) is date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (43830, date(2024, 1, 1)),
        (43830.0, date(2024, 1, 1)),
        ("43830", date(2024, 1, 1)),
        (45356 - 1462, D),
        ("2024-03-05", D),  # text and date cells do not depend on the date system
        (D, D),
        (20240305, D),
    ],
)
def test_parse_date_1904(raw: object, expected: date) -> None:
    assert parse_date(raw, date1904=True) == Parsed(expected, None)


def test_parse_date_1904_changes_serial_meaning() -> None:
    assert parse_date(45292).value == date(2024, 1, 1)
    assert parse_date(45292, date1904=True).value == date(2028, 1, 2)


@pytest.mark.parametrize(
    ("raw", "code", "fragments"),
    [
        ("2024-02-30", "no_such_date", ["日期不存在", "2月没有30日"]),
        ("2023-02-29", "no_such_date", ["日期不存在", "2023年不是闰年", "2月没有29日"]),
        ("1900-02-29", "no_such_date", ["日期不存在", "2月没有29日"]),
        ("2024-04-31", "no_such_date", ["日期不存在", "4月没有31日"]),
        ("2024-13-01", "no_such_date", ["日期不存在", "没有13月"]),
        ("2024-00-10", "no_such_date", ["日期不存在", "没有0月"]),
        ("2024-01-00", "no_such_date", ["日期不存在", "没有0日"]),
        ("2024年2月30日", "no_such_date", ["日期不存在", "2月没有30日"]),
        ("20240230", "no_such_date", ["日期不存在", "2月没有30日"]),
        (20241301, "no_such_date", ["日期不存在", "没有13月"]),
        ("24-3-5", "incomplete", ["完整", "2024-03-05"]),
        ("24年3月5日", "incomplete", ["完整", "2024-03-05"]),
        ("3月5日", "incomplete", ["完整", "年月日", "2024-03-05"]),
        ("2024-03", "incomplete", ["完整", "2024-03-05"]),
        ("2024年3月", "incomplete", ["完整", "2024-03-05"]),
        ("2024/3-5", "incomplete", ["完整"]),  # mixed separators
        ("5/3/2024", "incomplete", ["完整"]),
        ("二〇二四年三月五日", "incomplete", ["完整"]),
        ("待定", "incomplete", ["完整"]),
        ("202403", "incomplete", ["完整"]),
        ("2024", "year_only", ["只有年份", "2024-03-05"]),
        (2024, "year_only", ["只有年份"]),
        ("2024-03-05 25:00", "no_such_time", ["时间不存在"]),
        ("2024-03-05 10:61", "no_such_time", ["时间不存在"]),
        ("2024-03-05 下午", "incomplete", ["完整"]),
        ("2024-03-05 00:00 +08:00", "incomplete", ["完整"]),
        (None, "blank", ["空白", "2024-03-05"]),
        ("", "blank", ["空白"]),
        (f"{ZWSP} ", "blank", ["空白"]),
        (True, "boolean", ["逻辑值"]),
        (False, "boolean", ["逻辑值"]),
        (time(0, 0), "time_only", ["只有时间"]),
        ([2024, 3, 5], "unknown_type", ["无法识别"]),
        ("②⓪②④-03-05", "odd_digits", ["特殊数字符号"]),
        (60, "not_a_serial", ["不能作为日期", "不存在的 1900-02-29", "2024-03-05"]),
        (61, "not_a_serial", ["不能作为日期", "1900-03-01"]),
        (1, "not_a_serial", ["不能作为日期", "1900-01-01"]),
        (0, "not_a_serial", ["不能作为日期"]),
        (-5, "not_a_serial", ["不能作为日期"]),
        ("60", "not_a_serial", ["不能作为日期"]),
        (32873, "not_a_serial", ["不能作为日期", "1989-12-31"]),
        (73416, "not_a_serial", ["不能作为日期", "2101-01-01"]),
        (99999, "not_a_serial", ["不能作为日期"]),
        (10**12, "not_a_serial", ["不能作为日期"]),
        (45292.5, "not_a_date", ["不是日期"]),
        (2024.03, "not_a_date", ["不是日期"]),
        (float("nan"), "not_a_date", ["不是日期"]),
        ("45292.0", "incomplete", ["完整"]),
        (date(1989, 12, 31), "out_of_range", ["超出合理范围", "1989-12-31"]),
        (datetime(2101, 1, 1), "out_of_range", ["超出合理范围"]),
        ("1900-01-01", "out_of_range", ["超出合理范围"]),
        ("2101-01-01", "out_of_range", ["超出合理范围"]),
        (date(1900, 1, 3), "out_of_range", ["超出合理范围"]),  # 3 typed into a date-formatted cell
    ],
)
def test_parse_date_rejects(raw: object, code: str, fragments: list[str]) -> None:
    assert_error(parse_date(raw), code, *fragments)


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("2024-13-01", "没有13月"),
        (20240001, "没有0月"),
        ("2024-04-31", "4月没有31日"),
        ("2024年1月0日", "没有0日"),
        ("2023-02-29", "2023年不是闰年，2月没有29日"),
    ],
)
def test_a_date_that_does_not_exist_says_why_without_the_cell(raw: object, detail: str) -> None:
    result = parse_date(raw)
    assert (result.code, result.detail) == ("no_such_date", detail)
    assert str(raw) in (result.error or "") and str(raw) not in result.detail


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(max_size=12)))
def test_every_failure_has_a_known_code(raw: object) -> None:
    for result in (parse_count(raw), parse_fee(raw), parse_date(raw)):
        assert result.ok or result.code in PARSE_CODES, (raw, result)
        assert result.ok == (result.code is None)
        assert not result.detail or result.code in ("no_such_date", "too_large")


def test_parse_date_1904_range() -> None:
    assert_error(parse_date(0, date1904=True), "not_a_serial", "1904-01-01", "不能作为日期")
    assert_error(parse_date(60, date1904=True), "not_a_serial", "不能作为日期")


def test_parse_date_never_echoes_long_text() -> None:
    secret = "收到日期见附件：申请人李四 13800138000 北京市海淀区某某路某某号某某室"
    result = parse_date(secret)
    assert_error(result, "incomplete", "…")
    assert secret[:SNIPPET_LIMIT] not in (result.error or "")


DATE_TEXT_FORMS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month}月{d.day}",
    lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: f"{d.year}/{d.month}/{d.day} 0:00",
)


@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE))
def test_every_form_round_trips(day: date) -> None:
    for spell in DATE_TEXT_FORMS:
        text = spell(day)
        assert parse_date(text) == Parsed(day, None), text
        assert parse_date(full_width(text)) == Parsed(day, None), full_width(text)
    serial = date_to_excel_serial(day)
    assert excel_serial_to_date(serial) == day
    assert parse_date(serial) == Parsed(day, None)
    assert parse_date(float(serial)) == Parsed(day, None)
    assert parse_date(str(serial)) == Parsed(day, None)
    serial1904 = date_to_excel_serial(day, date1904=True)
    assert serial1904 == serial - 1462
    assert parse_date(serial1904, date1904=True) == Parsed(day, None)
    assert parse_date(datetime.combine(day, time(9, 15))) == Parsed(day, None)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serial_is_consecutive(day: date) -> None:
    serial = date_to_excel_serial(day)
    assert excel_serial_to_date(serial) == day
    if day < date(9999, 12, 31):
        assert date_to_excel_serial(day + timedelta(days=1)) == serial + 1


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("index0", "letters"),
    [
        (0, "A"),
        (7, "H"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
    ],
)
def test_column_letter(index0: int, letters: str) -> None:
    assert column_letter(index0) == letters


def test_column_letter_max() -> None:
    assert column_letter(16383) == "XFD"


@pytest.mark.parametrize("bad", [-1, 16384, True, 1.0])
def test_column_letter_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        column_letter(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "row0", "col0"),
    [
        ("A1", 0, 0),
        ("H20", 19, 7),
        ("Z1", 0, 25),
        ("AA1", 0, 26),
        ("AB7", 6, 27),
        ("XFD1048576", 1048575, 16383),
    ],
)
def test_address_round_trip(address: str, row0: int, col0: int) -> None:
    assert cell_address(row0, col0) == address
    assert parse_address(address) == (row0, col0)
    assert cell_address(*parse_address(address)) == address


@pytest.mark.parametrize(("address", "expected"), [("h20", (19, 7)), ("$H$20", (19, 7)), (" aa1 ", (0, 26))])
def test_parse_address_lenient_forms(address: str, expected: tuple[int, int]) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize(
    "bad", ["", "A", "20", "A0", "A01", "XFE1", "A1048577", "AAAA1", "H-1", "1A", "Ｈ２０"]
)
def test_parse_address_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_address(bad)


@pytest.mark.parametrize(("row0", "col0"), [(-1, 0), (1048576, 0), (0, -1), (0, 16384)])
def test_cell_address_rejects(row0: int, col0: int) -> None:
    with pytest.raises(ValueError):
        cell_address(row0, col0)


@given(st.integers(0, 1048575), st.integers(0, 16383))
def test_address_property(row0: int, col0: int) -> None:
    assert parse_address(cell_address(row0, col0)) == (row0, col0)


def test_parse_fee_takes_the_bound_of_its_cell() -> None:
    """A 台账's 收费金额 is in 元 per application: its own, lower bound (an ID number is no fee)."""
    assert parse_fee(form.MAX_CASE_FEE_YUAN, maximum=form.MAX_CASE_FEE_YUAN).value == form.MAX_CASE_FEE_YUAN
    too_much = parse_fee("110101199001011234", maximum=form.MAX_CASE_FEE_YUAN)
    assert (too_much.code, too_much.detail) == ("too_large", too_much.detail)
    assert "1,000,000" in too_much.detail and "1101" not in too_much.detail  # detail quotes no cell
    assert parse_fee(form.MAX_CASE_FEE_YUAN + 1).ok  # within the table's bound in 万元
