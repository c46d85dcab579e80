"""Working-day calendar with Chinese public holidays and 调休, for the statutory reply period (L6).

政府信息公开条例 第三十三条: reply within 20 working days from receipt; 延期 adds up to 20 more.
第三十条: after a request to 补正, the period counts from receipt of the 补正 material. The day of
receipt itself is not counted (开始的当日不计入).

The calendar is a table of exceptions to the Monday–Friday rule (``date,kind,name``; kind ``休``
for a weekday off, ``班`` for a weekend working day). The shipped table lives in
``toolkit/data/holidays.csv`` (regenerate with ``toolkit/data/make_holidays.py``); users can add
years it lacks with their own CSV. For a year the table does not cover the calendar falls back to
Monday–Friday; callers should check :meth:`Calendar.uncovered_years` and warn with
:func:`uncovered_warning` rather than guess silently. Standard library only.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from importlib import resources
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from toolkit.errors import UsageError

__all__ = [
    "EXTENSION_DAYS",
    "HOLIDAY",
    "REPLY_DAYS",
    "WORKDAY",
    "Calendar",
    "Entry",
    "uncovered_warning",
]

HOLIDAY = "休"
WORKDAY = "班"
REPLY_DAYS = 20  # 第三十三条第二款
EXTENSION_DAYS = 20  # 延长答复期限最长不得超过20个工作日

COLUMNS = ("date", "kind", "name")
_WEEKDAY_NAMES = "一二三四五六日"
_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_SHIPPED_NAME = "内置节假日表 holidays.csv"


class Entry(NamedTuple):
    """One row of the table (its date is the key)."""

    kind: str  # 休 or 班
    name: str  # holiday name, e.g. 国庆节; may be empty in a user's table


def uncovered_warning(years: Iterable[int]) -> str:
    """The Chinese warning for years the holiday table lacks (empty string when none)."""
    listed = "、".join(f"{year}" for year in sorted(set(years)))
    if not listed:
        return ""
    return f"{listed}年度节假日未知，按周一至周五计算，请在节假日表中补充"


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _parse_date(raw: str) -> date | None:
    """``2024-02-04``; also ``2024/2/4`` as Excel writes it back."""
    match = _DATE_RE.fullmatch(raw)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _weekend_count(first: date, last: date) -> int:
    """Number of Saturdays and Sundays in the closed range [first, last] (0 when empty)."""
    days = (last - first).days + 1
    if days <= 0:
        return 0
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 2
    start = first.weekday()
    count += sum(1 for offset in range(rest) if (start + offset) % 7 >= 5)
    return count


class Calendar:
    """Working days = Monday–Friday, minus ``休`` days, plus ``班`` days of the table.

    Instances are immutable; build them with :meth:`default`, :meth:`from_csv`,
    :meth:`from_rows` or :meth:`merged_with`.
    """

    def __init__(self, entries: Mapping[date, Entry] | None = None) -> None:
        """Build from already validated entries; prefer the ``from_*`` constructors."""
        table = dict(sorted((entries or {}).items()))
        self._entries: Mapping[date, Entry] = MappingProxyType(table)
        self._dates: list[date] = list(table)
        # prefix[i] = working-day correction of the first i entries (+1 per 班, -1 per 休)
        self._prefix: list[int] = [0]
        for entry in table.values():
            self._prefix.append(self._prefix[-1] + (1 if entry.kind == WORKDAY else -1))
        self._years: frozenset[int] = frozenset(day.year for day in table)

    # ---- construction -------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Calendar:
        """The shipped table (``toolkit/data/holidays.csv``), loaded once and cached."""
        return _default_calendar()

    @classmethod
    def from_csv(cls, path: str | PathLike[str]) -> Calendar:
        """A user's table: CSV with header ``date,kind,name`` (UTF-8, BOM allowed)."""
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UsageError("找不到节假日表文件，请检查路径", path=source) from None
        except UnicodeDecodeError:
            raise UsageError("节假日表不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”", path=source) from None
        except OSError as err:
            from toolkit.outputs import path_error

            raise path_error(err, source, "节假日表") from None
        return cls._from_text(text, source)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, str] | Sequence[str]],
        *,
        source: str = "节假日表",
    ) -> Calendar:
        """A table from rows without header: mappings with keys ``date, kind, name`` or
        sequences in that order. Errors name ``source`` and the 1-based row number."""
        return cls(_validate(((number, row) for number, row in enumerate(rows, start=1)), source))

    @classmethod
    def _from_text(cls, text: str, source: str) -> Calendar:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        names = [cell.strip().lower() for cell in header or []]
        missing = [column for column in COLUMNS if column not in names]
        if missing:
            raise UsageError(
                f"第1行：表头应为 date,kind,name，缺少 {','.join(missing)}",
                path=source,
            )
        index = [names.index(column) for column in COLUMNS]

        def numbered() -> Iterable[tuple[int, Sequence[str]]]:
            for row in reader:
                cells = [row[i] if i < len(row) else "" for i in index]
                yield reader.line_num, cells

        return cls(_validate(numbered(), source))

    def merged_with(self, other: Calendar) -> Calendar:
        """A new calendar: this table with ``other`` laid over it, date by date
        (``other`` wins where both list the same date)."""
        return Calendar({**self._entries, **other._entries})

    # ---- queries ------------------------------------------------------------------------------

    @property
    def entries(self) -> Mapping[date, Entry]:
        """The exceptions to Monday–Friday, in date order (read-only)."""
        return self._entries

    @property
    def years(self) -> frozenset[int]:
        """The years the table covers."""
        return self._years

    def covers(self, year: int) -> bool:
        """Whether the table has data for ``year`` (at least one entry in that year)."""
        return year in self._years

    def uncovered_years(self, dates: Iterable[date | None]) -> set[int]:
        """The years among ``dates`` (``None`` ignored) that the table does not cover."""
        return {day.year for day in dates if day is not None and not self.covers(day.year)}

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is an official working day (Mon–Fri for uncovered years)."""
        day = _as_date(day)
        entry = self._entries.get(day)
        if entry is not None:
            return entry.kind == WORKDAY
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` not counted; ``n == 0`` → ``start``)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = _as_date(start)
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open range (a, b]; 0 when ``b <= a``."""
        a, b = _as_date(a), _as_date(b)
        if b <= a:
            return 0
        first = a + timedelta(days=1)
        plain = (b - a).days - _weekend_count(first, b)
        lo = bisect.bisect_left(self._dates, first)
        hi = bisect.bisect_right(self._dates, b)
        return plain + self._prefix[hi] - self._prefix[lo]

    def reply_deadline(
        self,
        received: date,
        *,
        corrected: date | None = None,
        extended: bool = False,
    ) -> date:
        """Last day of the statutory reply period: 20 working days after the later of
        ``received`` and ``corrected`` (补正材料收到日), 40 when ``extended`` (延期)."""
        start = _as_date(received)
        if corrected is not None:
            start = max(start, _as_date(corrected))
        days = REPLY_DAYS + (EXTENSION_DAYS if extended else 0)
        cache = self.__dict__.setdefault("_deadlines", {})  # the same dates recur in every log
        key = (start, days)
        if key not in cache:
            cache[key] = self.add_working_days(start, days)
        return cache[key]

    def __repr__(self) -> str:
        span = f"{min(self._years)}–{max(self._years)}" if self._years else "无"
        return f"<Calendar {len(self._entries)} entries, years {span}>"


def _validate(
    rows: Iterable[tuple[int, Mapping[str, str] | Sequence[str]]], source: str
) -> dict[date, Entry]:
    """Check the rows and turn them into entries; the first problem raises UsageError."""
    entries: dict[date, Entry] = {}
    first_line: dict[date, int] = {}
    for line, row in rows:
        if isinstance(row, Mapping):
            cells = [row.get(column) or "" for column in COLUMNS]
        else:
            cells = [*list(row)[:3], "", "", ""][:3]
        raw_date, kind, name = (str(cell).strip() for cell in cells)
        if not (raw_date or kind or name):
            continue  # blank line
        where = f"第{line}行"
        day = _parse_date(raw_date)
        if day is None:
            raise UsageError(f"{where}：日期“{raw_date}”无法识别，应写成 2024-10-01 这样的格式", path=source)
        if kind not in (HOLIDAY, WORKDAY):
            raise UsageError(f"{where}：类型“{kind}”无法识别，只能填“休”或“班”", path=source)
        weekday = f"星期{_WEEKDAY_NAMES[day.weekday()]}"
        if kind == WORKDAY and day.weekday() < 5:
            raise UsageError(
                f"{where}：{day.isoformat()} 是{weekday}，本来就上班，不应标“班”（“班”只用于周末调休上班）",
                path=source,
            )
        if kind == HOLIDAY and day.weekday() >= 5:
            raise UsageError(
                f"{where}：{day.isoformat()} 是{weekday}，本来就休息，不应标“休”（“休”只用于工作日放假）",
                path=source,
            )
        if day in entries:
            raise UsageError(f"{where}：{day.isoformat()} 与第{first_line[day]}行重复", path=source)
        entries[day] = Entry(kind, name)
        first_line[day] = line
    return entries


@functools.cache
def _default_calendar() -> Calendar:
    text = resources.files("toolkit.data").joinpath("holidays.csv").read_text(encoding="utf-8-sig")
    return Calendar._from_text(text, _SHIPPED_NAME)
