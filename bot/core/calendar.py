"""Working-day calendars: which days carry a sales target.

A calendar is a country's public holidays (from the `holidays` package) on top of its weekend, or
`none` for plain Monday to Friday. For China, statutory holidays carry no target and the weekend
make-up working days (调休) do; `holidays` lists those as `weekend_workdays`, and its
`is_working_day` honours them and each country's own weekend. A workspace can close extra days and
open extra working days (even on a weekend); a workspace override always wins over the country.

Provisional years. The library knows some years only by rule, not by an official schedule, and a
caller should say so to the user. A year is provisional when:

1. the library marks any holiday of that year as estimated (the country's `estimated_label`,
   e.g. "(estimated)", "（推定）", shown on lunar or Islamic dates it had to compute), or
2. the country swaps days off and working days by yearly decree, and the year lies after the last
   decree the library carries for it. A decree is a year with year-specific holidays or swaps
   (for China, the State Council notice with its make-up days). The practice must be regular
   (decrees in at least two of the last three years the library has) and current (the last one
   no more than two years older than the newest decree the library has for any country, i.e.
   the library was kept up to date for it). China has a decree every year from 2001 to 2026 in
   holidays 0.109, so 2027 (rule-based, no make-up days) and every later year are provisional
   while 2026 (official: make-up days on 01-04, 02-14, 02-28, ...) is not. A practice given up
   long ago (Ukraine after 2022) no longer counts, and one-off swaps never do. The rule errs on the
   side of warning: an official year that needs no decree (Taiwan 2026) is flagged too.
3. the year is outside the span the library covers for that country at all.

Per-year results are computed once, on first use, and kept on the calendar object: reuse one
calendar for all reps of a workspace.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

import holidays
from holidays import HolidayBase

from bot.core.errors import CalendarError

NO_HOLIDAYS = "none"
_SATURDAY = 5
# A country's decrees this many years older than the library's newest mean a practice given up.
_STALE_AFTER = 2

_CLOSED_NAME = {"en": "Workspace day off", "zh": "公司休息日"}


@dataclass(frozen=True)
class _Year:
    """One year of a calendar, overrides applied."""

    working: tuple[date, ...]  # sorted
    working_set: frozenset[date]
    provisional: bool


@dataclass(frozen=True)
class _LibraryYear:
    """What the `holidays` package says about one year, before workspace overrides."""

    working: frozenset[date]
    has_estimates: bool
    covered: bool


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of one country (or `none`) with a workspace's own closed and extra days.

    Build it with `make_calendar`. `code` is lower-case: `cn`, `us`, ... or `none`.
    """

    code: str
    closed: frozenset[date] = frozenset()
    extra_working: frozenset[date] = frozenset()
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False, compare=False)
    _library: dict[int, _LibraryYear] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _names: dict[tuple[int, str | None], Mapping[date, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", _checked_code(self.code))
        object.__setattr__(self, "closed", _checked_days(self.closed, "closed"))
        object.__setattr__(self, "extra_working", _checked_days(self.extra_working, "extra"))
        both = self.closed & self.extra_working
        if both:
            shown = ", ".join(sorted(d.isoformat() for d in both))
            raise CalendarError(
                "override_conflict",
                en=f"These days are marked both closed and working: {shown}.",
                zh=f"以下日期同时被设为休息日和工作日:{shown}。",
                example="closed 2027-02-15, working 2027-02-20",
            )

    def is_working_day(self, day: date) -> bool:
        return day in self._year(day.year).working_set

    def working_days(self, start: date, end: date) -> list[date]:
        """Every working day from `start` to `end`, both included, in order."""
        days: list[date] = []
        for year in range(start.year, end.year + 1):
            working = self._year(year).working
            lo = bisect.bisect_left(working, start) if year == start.year else 0
            hi = bisect.bisect_right(working, end) if year == end.year else len(working)
            days.extend(working[lo:hi])
        return days

    def is_provisional(self, year: int) -> bool:
        """True when the library only estimates this year (see the module notes for the rule)."""
        return self._year(year).provisional

    def provisional_years(self, start: date, end: date) -> list[int]:
        """The provisional years a span touches, so a caller can warn once per year."""
        return [year for year in range(start.year, end.year + 1) if self.is_provisional(year)]

    def holiday_name(self, day: date, *, lang: str = "en") -> str | None:
        """Why `day` is off: the public holiday's name, or None on a working day or a plain weekend.

        `lang` is a Summit locale (`en`, `zh-Hans`, `zh-Hant`); names come in the nearest language
        the country's data has, else in the country's own language.
        """
        if self.is_working_day(day):
            return None
        if self.code != NO_HOLIDAYS:
            name = self._holiday_names(day.year, _holiday_language(self.code, lang)).get(day)
            if name is not None:
                return name
        if day in self.closed:
            return _CLOSED_NAME["zh" if lang.startswith("zh") else "en"]
        return None

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> _Year:
        if self.code == NO_HOLIDAYS:
            days = _days_of(year)
            base = frozenset(d for d in days if d.weekday() < _SATURDAY)
            provisional = False
        else:
            base = self._library_year(year).working
            provisional = self._is_library_provisional(year)
        working = (base - self.closed) | {d for d in self.extra_working if d.year == year}
        return _Year(
            working=tuple(sorted(working)), working_set=frozenset(working), provisional=provisional
        )

    def _library_year(self, year: int) -> _LibraryYear:
        cached = self._library.get(year)
        if cached is None:
            cached = self._library[year] = _read_library_year(self.code, year)
        return cached

    def _is_library_provisional(self, year: int) -> bool:
        this = self._library_year(year)
        if not this.covered or this.has_estimates:
            return True
        last_decree = _last_decree(self.code.upper())
        return last_decree is not None and year > last_decree

    def _holiday_names(self, year: int, language: str | None) -> Mapping[date, str]:
        key = (year, language)
        cached = self._names.get(key)
        if cached is None:
            source = holidays.country_holidays(self.code.upper(), years=year, language=language)
            cached = self._names[key] = dict(source.items())
        return cached


def make_calendar(
    code: str = "cn", *, closed: Iterable[date] = (), extra_working: Iterable[date] = ()
) -> WorkCalendar:
    """The working-day calendar for an ISO country code (`cn`, `us`, `jp`, ...) or `none`.

    `closed` days never carry a target; `extra_working` days always do, even on a weekend.
    Raises CalendarError for an unknown code or a day given as both.
    """
    return WorkCalendar(code=code, closed=frozenset(closed), extra_working=frozenset(extra_working))


def _checked_code(code: str) -> str:
    normalized = code.strip().lower() if isinstance(code, str) else ""
    if normalized == NO_HOLIDAYS or normalized.upper() in _supported_countries():
        return normalized
    raise CalendarError(
        "unknown_calendar",
        en=f"Unknown calendar {code!r}: use an ISO country code, or `none` for Monday to Friday.",
        zh=f"无法识别的日历 {code!r}:请使用国家代码(如 cn),或用 none 表示周一至周五。",
        example="cn, us, jp, de, gb, hk, tw, sg, none",
    )


def _checked_days(days: Iterable[date], kind: str) -> frozenset[date]:
    checked = frozenset(days)
    for day in checked:
        # A datetime is a date too, but would never match a calendar day in a lookup.
        if not isinstance(day, date) or isinstance(day, datetime):
            raise CalendarError(
                f"bad_{kind}_day",
                en=f"{day!r} is not a calendar day.",
                zh=f"{day!r} 不是一个日期。",
                example="2027-02-15",
            )
    return checked


@cache
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year, 12, 31) - first).days + 1)]


def _read_library_year(code: str, year: int) -> _LibraryYear:
    country = code.upper()
    entity = _entity(country)
    # Always name the language: left unset, holidays picks it from the process locale.
    source = holidays.country_holidays(country, years=year, language=entity.default_language)
    days = _days_of(year)
    estimated_mark = _estimated_mark(source)
    return _LibraryYear(
        working=frozenset(d for d in days if source.is_working_day(d)),
        has_estimates=bool(estimated_mark)
        and any(estimated_mark in name for name in source.values()),
        covered=entity.start_year <= year <= entity.end_year,
    )


@cache
def _entity(country: str) -> HolidayBase:
    return holidays.country_holidays(country)


@cache
def _decree_years(country: str) -> frozenset[int]:
    """Years with a decree for a country that swaps days by decree; empty for any other."""
    # Not `_entity`: this runs over every country once, and only the years need keeping.
    entity = holidays.country_holidays(country)
    if not getattr(entity, "has_substituted_holidays", False):
        return frozenset()
    # holidays keeps year-specific holidays and swaps in this mapping, keyed by year.
    decrees: Mapping[int, object] = getattr(entity, "special_public_holidays", {})
    return frozenset(decrees)


@cache
def _newest_decree() -> int:
    """The newest decree year the library carries for any country: how fresh its data is."""
    return max(
        (max(years) for c in _supported_countries() if (years := _decree_years(c))), default=0
    )


@cache
def _last_decree(country: str) -> int | None:
    """The last decree year of a regular, current practice of yearly decrees, else None."""
    years = _decree_years(country)
    if not years:
        return None
    last = max(years)
    regular = len(years & {last - 2, last - 1, last}) >= 2
    current = last >= _newest_decree() - _STALE_AFTER
    return last if regular and current else None


def _estimated_mark(source: HolidayBase) -> str:
    """The bare word the library puts in an estimated holiday's name, e.g. `estimated`, `推定`."""
    label: str = getattr(source, "estimated_label", "") or ""
    # The same trimming holidays applies itself when it looks for the mark in observed names.
    return source.tr(label).strip("%s ()（）") if label else ""


def _holiday_language(code: str, lang: str) -> str | None:
    entity = _entity(code.upper())
    supported = tuple(entity.supported_languages)
    wanted: tuple[str, ...]
    if lang.startswith("zh"):
        wanted = ("zh_TW", "zh_CN") if lang in ("zh-Hant", "zh-TW", "zh-HK") else ("zh_CN", "zh_TW")
    else:
        wanted = ("en_US", "en_GB", *(s for s in supported if s.startswith("en")))
    for language in wanted:
        if language in supported:
            return language
    return entity.default_language
