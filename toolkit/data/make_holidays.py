"""Regenerate ``holidays.csv`` (the shipped holiday table) from the ``chinesecalendar`` package.

Run from the repository root::

    pip install chinesecalendar
    python toolkit/data/make_holidays.py          # rewrite toolkit/data/holidays.csv
    python toolkit/data/make_holidays.py --check  # exit 1 when the file is out of date

The table lists only the exceptions to the Monday–Friday rule: ``休`` for a weekday that is a
public holiday, ``班`` for a Saturday or Sunday that is an official working day (调休). Every year
that chinesecalendar knows from ``FIRST_YEAR`` on is covered. The output depends only on the
installed chinesecalendar data, so running the script twice gives the same bytes.

chinesecalendar is needed only here and in the tests, never at run time.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date, timedelta
from pathlib import Path

FIRST_YEAR = 2019
HEADER = ("date", "kind", "name")
OUTPUT = Path(__file__).with_name("holidays.csv")

# chinesecalendar's own Chinese names drop the 节 of a few festivals; use the official ones.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def known_years(first_year: int = FIRST_YEAR) -> list[int]:
    """The consecutive years from ``first_year`` on that chinesecalendar has data for."""
    import chinese_calendar

    years: list[int] = []
    year = first_year
    while True:
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return years
        years.append(year)
        year += 1


def _name(value: str) -> str:
    import chinese_calendar

    if value in NAMES:
        return NAMES[value]
    return chinese_calendar.Holiday(value).chinese


def rows_for_year(year: int) -> list[tuple[str, str, str]]:
    """The table rows (date, kind, name) of one year, in date order."""
    import chinese_calendar

    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        weekend = day.weekday() >= 5
        workday = chinese_calendar.is_workday(day)
        if weekend and workday:
            rows.append((day.isoformat(), "班", _name(chinese_calendar.workdays[day])))
        elif not weekend and not workday:
            rows.append((day.isoformat(), "休", _name(chinese_calendar.holidays[day])))
        day += timedelta(days=1)
    return rows


def render(years: list[int]) -> str:
    """The CSV text for the given years (UTF-8 without BOM, ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for year in sorted(years):
        writer.writerows(rows_for_year(year))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 chinesecalendar 生成内置节假日表 holidays.csv")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="输出文件（默认覆盖内置表）")
    parser.add_argument("--check", action="store_true", help="只检查文件是否最新，不写入")
    args = parser.parse_args(argv)

    try:
        years = known_years()
    except ImportError:
        print("需要先安装 chinesecalendar：pip install chinesecalendar", file=sys.stderr)
        return 2
    if not years:
        print(f"chinesecalendar 没有 {FIRST_YEAR} 年及以后的数据", file=sys.stderr)
        return 2
    text = render(years)
    span = f"{years[0]}–{years[-1]}"
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} 不是最新的（应覆盖 {span} 年），请重新运行本脚本", file=sys.stderr)
            return 1
        print(f"{args.output} 是最新的（{span} 年）")
        return 0
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print(f"已写入 {args.output}（{span} 年，{text.count(chr(10)) - 1} 条）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
