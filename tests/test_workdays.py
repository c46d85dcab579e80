"""Working-day calendar with 调休 (toolkit.rules.workdays) and the shipped holiday table."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from toolkit.errors import UsageError
from toolkit.rules.workdays import Calendar, Entry, uncovered_warning

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.default()


def _shipped_text() -> str:
    return resources.files("toolkit.data").joinpath("holidays.csv").read_text(encoding="utf-8")


def _brute_between(calendar: Calendar, a: date, b: date) -> int:
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


# ---- known days (each checked against chinesecalendar 1.11.0) ------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-02-04", True),  # Sunday, 春节调休上班
        ("2024-02-12", False),  # Monday, 春节
        ("2024-09-28", False),  # ordinary Saturday
        ("2024-09-29", True),  # Sunday, 国庆调休上班
        ("2024-09-30", True),
        ("2024-10-01", False),
        ("2024-10-04", False),  # Friday in 国庆
        ("2024-10-07", False),  # Monday in 国庆
        ("2024-10-08", True),
        ("2024-10-12", True),  # Saturday, 国庆调休上班
        ("2024-10-13", False),
        ("2020-01-31", False),  # 2020 春节 extension (Friday)
        ("2025-01-26", True),  # Sunday before 2025 春节
        ("2025-02-08", True),  # Saturday after 2025 春节
        ("2026-01-04", True),  # Sunday, 元旦调休上班
    ],
)
def test_known_days(cal: Calendar, day: str, working: bool) -> None:
    assert cal.is_working_day(D(day)) is working


def test_entries_carry_names(cal: Calendar) -> None:
    assert cal.entries[D("2024-02-04")] == Entry("班", "春节")
    assert cal.entries[D("2024-10-07")] == Entry("休", "国庆节")
    assert cal.entries[D("2024-04-04")].name == "清明节"
    assert D("2024-10-08") not in cal.entries


def test_datetime_is_accepted(cal: Calendar) -> None:
    from datetime import datetime

    assert cal.is_working_day(datetime(2024, 10, 12, 9, 30)) is True
    assert cal.is_working_day(datetime(2024, 10, 1, 9, 30)) is False


# ---- add_working_days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "2024-09-27"),
        (1, "2024-09-29"),  # Saturday off, Sunday 班
        (2, "2024-09-30"),
        (3, "2024-10-08"),  # 10-01…10-07 off
        (7, "2024-10-12"),  # Saturday 班
        (8, "2024-10-14"),
    ],
)
def test_add_working_days_across_national_day(cal: Calendar, n: int, expected: str) -> None:
    assert cal.add_working_days(D("2024-09-27"), n) == D(expected)


def test_add_zero_on_a_holiday_returns_start(cal: Calendar) -> None:
    assert cal.add_working_days(D("2024-10-03"), 0) == D("2024-10-03")
    assert cal.add_working_days(D("2024-10-03"), 1) == D("2024-10-08")


def test_add_negative_is_refused(cal: Calendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(D("2024-10-03"), -1)


# ---- working_days_between -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2024-10-08", "2024-10-08", 0),  # empty range
        ("2024-10-09", "2024-10-08", 0),  # b before a
        ("2024-10-07", "2024-10-08", 1),  # b counted, a not
        ("2024-10-08", "2024-10-09", 1),
        ("2024-09-30", "2024-10-07", 0),  # the whole 国庆 holiday
        ("2024-09-27", "2024-09-29", 1),  # Saturday off, Sunday 班
        ("2024-09-28", "2024-10-12", 7),
        ("2023-12-31", "2024-12-31", 251),  # working days of 2024
    ],
)
def test_working_days_between(cal: Calendar, a: str, b: str, expected: int) -> None:
    assert cal.working_days_between(D(a), D(b)) == expected


def test_working_days_between_matches_day_by_day_count(cal: Calendar) -> None:
    starts = [D("2018-12-25") + timedelta(days=k * 37) for k in range(90)]  # into 2027
    for a in starts:
        for length in (0, 1, 2, 5, 6, 7, 8, 13, 30, 61, 400):
            b = a + timedelta(days=length)
            assert cal.working_days_between(a, b) == _brute_between(cal, a, b), (a, b)


def test_add_and_between_are_inverse(cal: Calendar) -> None:
    start = D("2024-01-01")
    for offset in range(0, 366, 5):
        a = start + timedelta(days=offset)
        for n in (1, 20, 40):
            end = cal.add_working_days(a, n)
            assert cal.working_days_between(a, end) == n
            assert cal.is_working_day(end)


# ---- reply_deadline ----------------------------------------------------------------------------


def test_reply_deadline_plain(cal: Calendar) -> None:
    # 09-23…27 (5), 09-29 班 (6), 09-30 (7), 10-08…11 (11), 10-12 班 (12), 10-14…18 (17), 10-21…23 (20)
    assert cal.reply_deadline(D("2024-09-20")) == D("2024-10-23")


def test_reply_deadline_counts_from_correction(cal: Calendar) -> None:
    assert cal.reply_deadline(D("2024-09-02"), corrected=D("2024-09-20")) == D("2024-10-23")
    # a correction date before receipt (a data-entry slip) does not shorten the period
    assert cal.reply_deadline(D("2024-09-20"), corrected=D("2024-09-02")) == D("2024-10-23")


def test_reply_deadline_extended(cal: Calendar) -> None:
    # 20 more working days after 2024-10-23; November 2024 has no holidays
    assert cal.reply_deadline(D("2024-09-20"), extended=True) == D("2024-11-20")
    assert cal.reply_deadline(D("2024-09-02"), corrected=D("2024-09-20"), extended=True) == D("2024-11-20")


def test_reply_deadline_received_on_holiday(cal: Calendar) -> None:
    # received during 国庆: 10-08…11 (4), 10-12 班 (5), 10-14…25 (15), 10-28…31 (19), 11-01 (20)
    deadline = cal.reply_deadline(D("2024-10-03"))
    assert deadline == D("2024-11-01")
    assert cal.working_days_between(D("2024-10-03"), deadline) == 20


def test_reply_deadline_across_spring_festival(cal: Calendar) -> None:
    # 01-30…02-02 (4), 02-04 班 (5), 02-05…09 (10; 除夕 02-09 is a working day),
    # 02-12…16 off, 02-18 班 (11), 02-19…23 (16), 02-26…29 (20)
    assert cal.is_working_day(D("2024-02-09"))
    deadline = cal.reply_deadline(D("2024-01-29"))
    assert cal.working_days_between(D("2024-01-29"), deadline) == 20
    assert deadline == D("2024-02-29")


# ---- uncovered years ---------------------------------------------------------------------------


def test_shipped_years(cal: Calendar) -> None:
    assert min(cal.years) == 2019
    assert cal.years == frozenset(range(2019, max(cal.years) + 1))
    assert max(cal.years) >= 2026
    assert cal.covers(2024)
    assert not cal.covers(2018)
    assert not cal.covers(2099)


def test_uncovered_year_falls_back_to_monday_to_friday(cal: Calendar) -> None:
    assert cal.is_working_day(D("2099-01-01"))  # Thursday, 元旦 unknown
    assert not cal.is_working_day(D("2099-01-03"))  # Saturday
    assert cal.add_working_days(D("2099-01-01"), 2) == D("2099-01-05")
    assert cal.reply_deadline(D("2099-09-30")) == D("2099-10-28")
    assert cal.working_days_between(D("2099-01-01"), D("2099-01-08")) == 5


def test_uncovered_years(cal: Calendar) -> None:
    received = D("2024-03-01")
    deadline = D("2099-01-20")
    assert cal.uncovered_years([received, None, deadline, D("2018-06-01")]) == {2018, 2099}
    assert cal.uncovered_years([received]) == set()
    assert cal.uncovered_years([]) == set()


def test_uncovered_warning() -> None:
    assert uncovered_warning({2099}) == "2099年度节假日未知，按周一至周五计算，请在节假日表中补充"
    assert uncovered_warning([2099, 2098, 2099]).startswith("2098、2099年度节假日未知")
    assert uncovered_warning(set()) == ""


# ---- user tables -------------------------------------------------------------------------------

USER_2099 = """date,kind,name
2099-01-01,休,元旦
2099/1/2,休,元旦
2099-01-04,班,元旦
"""


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "节假日.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_user_csv_merged_over_shipped(cal: Calendar, tmp_path: Path) -> None:
    path = _write(tmp_path, USER_2099, encoding="utf-8-sig")  # as Excel saves "CSV UTF-8"
    user = Calendar.from_csv(path)
    assert user.years == {2099}
    merged = cal.merged_with(user)
    assert merged.covers(2099) and merged.covers(2024)
    assert not merged.is_working_day(D("2099-01-01"))
    assert not merged.is_working_day(D("2099-01-02"))  # Excel-style date accepted
    assert merged.is_working_day(D("2099-01-04"))  # Sunday 班
    assert merged.entries[D("2099-01-04")] == Entry("班", "元旦")
    assert merged.is_working_day(D("2024-02-04"))  # shipped data still there
    assert merged.uncovered_years([D("2099-05-01")]) == set()
    # the cached shipped calendar is not changed
    assert not Calendar.default().covers(2099)
    assert Calendar.default() is Calendar.default()


def test_user_row_overrides_shipped_date(cal: Calendar) -> None:
    user = Calendar.from_rows([{"date": "2024-10-08", "kind": "休", "name": "特殊安排"}])
    merged = cal.merged_with(user)
    assert not merged.is_working_day(D("2024-10-08"))
    assert merged.add_working_days(D("2024-09-30"), 1) == D("2024-10-09")
    assert cal.is_working_day(D("2024-10-08"))


def test_from_rows_accepts_sequences_and_skips_blank_rows() -> None:
    user = Calendar.from_rows([("2099-10-01", "休", "国庆节"), ("", "", ""), ["2099-10-04", "班"]])
    assert user.entries == {D("2099-10-01"): Entry("休", "国庆节"), D("2099-10-04"): Entry("班", "")}


def test_columns_in_any_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,date,kind\n元旦,2099-01-01,休\n")
    assert not Calendar.from_csv(path).is_working_day(D("2099-01-01"))


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("2099-02-30,休,春节\n", 2, "日期“2099-02-30”无法识别"),
        ("2099-01-01,休,元旦\n20990102,休,元旦\n", 3, "日期“20990102”无法识别"),
        ("2099-01-01,假,元旦\n", 2, "类型“假”无法识别"),
        ("2099-01-05,班,元旦\n", 2, "2099-01-05 是星期一，本来就上班"),
        ("2099-01-03,休,元旦\n", 2, "2099-01-03 是星期六，本来就休息"),
        ("2099-01-01,休,元旦\n\n2099-01-01,休,元旦\n", 4, "与第2行重复"),
    ],
)
def test_user_csv_validation(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, "date,kind,name\n" + body)
    with pytest.raises(UsageError) as info:
        Calendar.from_csv(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert f"第{line}行" in message
    assert fragment in message
    assert info.value.path == str(path)


def test_user_csv_bad_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "日期,类型,名称\n2099-01-01,休,元旦\n")
    with pytest.raises(UsageError, match="第1行：表头应为 date,kind,name"):
        Calendar.from_csv(path)


def test_user_csv_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="找不到节假日表"):
        Calendar.from_csv(tmp_path / "nope.csv")


def test_user_csv_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, USER_2099, encoding="gbk")
    with pytest.raises(UsageError, match="不是 UTF-8 编码"):
        Calendar.from_csv(path)


def test_from_rows_error_names_source_and_row() -> None:
    with pytest.raises(UsageError) as info:
        Calendar.from_rows([("2099-01-01", "休", "元旦"), ("2099-01-10", "休", "")], source="我的表")
    assert str(info.value).startswith("我的表：第2行：2099-01-10 是星期六")


# ---- the shipped table --------------------------------------------------------------------------


def test_shipped_csv_format() -> None:
    text = _shipped_text()
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["date", "kind", "name"]
    dates = [row[0] for row in rows[1:]]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert {row[1] for row in rows[1:]} == {"休", "班"}
    assert {row[2] for row in rows[1:]} <= {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}


def test_shipped_csv_matches_chinesecalendar(cal: Calendar) -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    from toolkit.data import make_holidays

    for year in sorted(cal.years):
        day = date(year, 1, 1)
        while day.year == year:
            assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
            day += timedelta(days=1)
        shipped = [(d.isoformat(), e.kind, e.name) for d, e in cal.entries.items() if d.year == year]
        assert shipped == make_holidays.rows_for_year(year), year
    assert make_holidays.render(sorted(cal.years)) == _shipped_text()
