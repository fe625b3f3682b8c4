"""Periods: the span of days a target covers, and reading them from what users type.

Explicit periods (`2027Q1`, `2027年3月`, `2027-01-01..2027-03-31`) are always the whole span, past
or future. Relative ones (`next month`, `本季度`, `Q1`) are read against the `today` the caller
passes; nothing here reads the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.errors import PeriodError
from bot.core.money import chinese_integer


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive span of calendar days. `label` is the canonical text (e.g. `2027Q1`)."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends {self.end} before it starts {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_SPAN_YEARS = 5
MAX_INPUT_CHARS = 200


# --- Building periods -------------------------------------------------------------------------


def year(number: int) -> Period:
    """The calendar year, labelled `2027`."""
    return Period(date(number, 1, 1), date(number, 12, 31), f"{number}")


def half(number: int, which: int) -> Period:
    """H1 (January-June) or H2 (July-December), labelled `2027H1`."""
    if which not in (1, 2):
        raise _error(
            "half",
            en=f"There is no half-year H{which}; a year has H1 and H2.",
            zh=f"没有第 {which} 个半年,一年只有上半年(H1)和下半年(H2)。",
            example="2027H1",
        )
    first = 1 if which == 1 else 7
    return Period(date(number, first, 1), _month_end(number, first + 5), f"{number}H{which}")


def quarter(number: int, which: int) -> Period:
    """Quarter 1-4, labelled `2027Q1`."""
    if not 1 <= which <= 4:
        raise _error(
            "quarter",
            en=f"There is no quarter {which}; quarters are Q1 to Q4.",
            zh=f"没有第 {which} 季度,季度只有 Q1 到 Q4。",
            example="2027Q1",
        )
    first = 3 * which - 2
    return Period(date(number, first, 1), _month_end(number, first + 2), f"{number}Q{which}")


def month(number: int, which: int) -> Period:
    """A calendar month, labelled `2027-03`."""
    if not 1 <= which <= 12:
        raise _error(
            "month",
            en=f"There is no month {which}; months are 1 to 12.",
            zh=f"没有 {which} 月,月份只有 1 到 12。",
            example="2027-03",
        )
    return Period(date(number, which, 1), _month_end(number, which), f"{number}-{which:02d}")


def iso_week(number: int, which: int) -> Period:
    """ISO week `which` of ISO year `number`, Monday to Sunday, labelled `2027-W05`."""
    weeks = date(number, 12, 28).isocalendar().week
    if not 1 <= which <= weeks:
        raise _error(
            "week",
            en=f"{number} has no ISO week {which}; its weeks run from W01 to W{weeks}.",
            zh=f"{number} 年没有第 {which} 周(ISO 周为 W01 到 W{weeks})。",
            example="2027-W05",
        )
    monday = date.fromisocalendar(number, which, 1)
    return Period(monday, monday + timedelta(days=6), f"{number}-W{which:02d}")


def single_day(day: date) -> Period:
    """One day, labelled `2027-01-15`."""
    return Period(day, day, day.isoformat())


def span(start: date, end: date) -> Period:
    """An explicit range of days, labelled `2027-01-01..2027-03-31`."""
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def year_of(day: date) -> Period:
    return year(day.year)


def half_of(day: date) -> Period:
    return half(day.year, 1 if day.month <= 6 else 2)


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def month_of(day: date) -> Period:
    return month(day.year, day.month)


def week_of(day: date) -> Period:
    """The ISO week (Monday to Sunday) containing `day`; its label uses the ISO year."""
    iso = day.isocalendar()
    return iso_week(iso.year, iso.week)


def _month_end(number: int, which: int) -> date:
    following = date(number + 1, 1, 1) if which == 12 else date(number, which + 1, 1)
    return following - timedelta(days=1)


# --- Reading periods --------------------------------------------------------------------------


def parse_period(text: str, *, today: date) -> Period:
    """Read a period as a user writes it; raise PeriodError saying what is wrong."""
    if len(text) > MAX_INPUT_CHARS:
        raise _error(
            "too_long",
            en=f"That is too long for a period ({len(text)} characters).",
            zh=f"时间段太长了({len(text)} 个字符)。",
            example="2027Q1",
        )
    cleaned = " ".join(unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).split()).lower()
    if not cleaned:
        raise _error(
            "empty",
            en="The period is missing.",
            zh="没有填写时间段。",
            example="2027Q1",
        )
    parts = _RANGE_SEPARATOR.split(cleaned)
    if len(parts) == 2 and parts[0] and parts[1]:
        return _range(_single(parts[0], today, cleaned), _single(parts[1], today, cleaned))
    if len(parts) > 1:
        raise _unreadable(cleaned)
    return _single(cleaned, today, cleaned)


# Not a bare hyphen: dates and `2027-Q1` contain one.
_RANGE_SEPARATOR = re.compile(r" ?(?:\.\.|~|至|到|—|–| to ) ?")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Traditional characters users in Taiwan and Hong Kong write in period names.
_TRADITIONAL = str.maketrans("這個週號兩", "这个周号两")

_Relative = tuple[str, int]

_EN_RELATIVE = re.compile(r"(this|current|next|last|previous) (year|quarter|month|week)")
_EN_OFFSETS = {"this": 0, "current": 0, "next": 1, "last": -1, "previous": -1}

_CN_RELATIVE: dict[str, _Relative] = {
    **dict.fromkeys(["今年", "本年", "本年度", "今年度"], ("year", 0)),
    **dict.fromkeys(["明年", "明年度"], ("year", 1)),
    **dict.fromkeys(["去年", "去年度"], ("year", -1)),
    **dict.fromkeys(["本季度", "这个季度", "这季度", "本季", "当季", "当季度"], ("quarter", 0)),
    **dict.fromkeys(["下季度", "下个季度", "下一季度", "下一个季度", "下季"], ("quarter", 1)),
    **dict.fromkeys(["上季度", "上个季度", "上一季度", "上一个季度", "上季"], ("quarter", -1)),
    **dict.fromkeys(["本月", "这个月", "这月", "当月"], ("month", 0)),
    **dict.fromkeys(["下个月", "下月", "下一个月"], ("month", 1)),
    **dict.fromkeys(["上个月", "上月", "上一个月"], ("month", -1)),
    **dict.fromkeys(["本周", "这周", "这个星期", "本星期", "这星期", "这个礼拜"], ("week", 0)),
    **dict.fromkeys(["下周", "下个星期", "下星期", "下一周", "下个礼拜"], ("week", 1)),
    **dict.fromkeys(["上周", "上个星期", "上星期", "上一周", "上个礼拜"], ("week", -1)),
}
_CN_YEAR_WORDS = {"今年": 0, "本年": 0, "明年": 1, "去年": -1}

_YEAR = re.compile(r"([0-9]{4})")
_QUARTER = re.compile(r"([0-9]{4}) ?-? ?q([0-9]{1,3})|q([0-9]{1,3})(?: ?-? ?([0-9]{4}))?")
_HALF = re.compile(r"([0-9]{4}) ?-? ?h([0-9]{1,3})|h([0-9]{1,3})(?: ?-? ?([0-9]{4}))?")
_MONTH = re.compile(r"([0-9]{4})[-/.]([0-9]{1,3})")
_WEEK = re.compile(r"([0-9]{4}) ?-? ?w([0-9]{1,3})")
_DAY = re.compile(r"([0-9]{4})[-/.]([0-9]{1,3})[-/.]([0-9]{1,3})|([0-9]{4})([0-9]{2})([0-9]{2})")
# 2027年 / 今年, then 上半年 | 第一季度 | Q1 | 3月 [15日]; each part optional, not both absent.
_CN_NUMBER = "[0-9]{1,3}|[零〇一二两三四五六七八九十]{1,4}"
_CN_FORM = re.compile(
    r"(?:([0-9]{4}) ?年度?|(今年|本年|明年|去年))? ?"
    r"(?:(上半年|下半年)|第?(" + _CN_NUMBER + r") ?季度?|q([0-9]{1,3})|h([0-9]{1,3})"
    r"|(" + _CN_NUMBER + r") ?月份?(?: ?(" + _CN_NUMBER + r") ?[日号])?)?"
)
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_EN_MONTH = re.compile(r"([a-z]{3,9})\.?(?: ([0-9]{4}))?")


def _single(text: str, today: date, shown: str) -> Period:
    relative = _CN_RELATIVE.get(text)
    if relative is None and (found := _EN_RELATIVE.fullmatch(text)):
        relative = (found[2], _EN_OFFSETS[found[1]])
    if relative is not None:
        return _relative(*relative, today)
    for pattern, build in _FORMS:
        found = pattern.fullmatch(text)
        if found:
            return build(found, today)
    if (found := _CN_FORM.fullmatch(text)) and any(found.groups()):
        return _chinese(found, today, shown)
    raise _unreadable(shown)


def _relative(unit: str, offset: int, today: date) -> Period:
    _check_year(today.year)
    if unit == "year":
        return year(_check_year(today.year + offset))
    if unit == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + offset
        return quarter(_check_year(index // 4), index % 4 + 1)
    if unit == "month":
        index = today.year * 12 + today.month - 1 + offset
        return month(_check_year(index // 12), index % 12 + 1)
    week = week_of(today + timedelta(weeks=offset))
    _check_year(week.start.year)
    return week


def _year_form(found: re.Match[str], today: date) -> Period:
    return year(_check_year(int(found[1])))


def _quarter_form(found: re.Match[str], today: date) -> Period:
    if found[1]:
        return quarter(_check_year(int(found[1])), int(found[2]))
    return quarter(_check_year(int(found[4]) if found[4] else today.year), int(found[3]))


def _half_form(found: re.Match[str], today: date) -> Period:
    if found[1]:
        return half(_check_year(int(found[1])), int(found[2]))
    return half(_check_year(int(found[4]) if found[4] else today.year), int(found[3]))


def _month_form(found: re.Match[str], today: date) -> Period:
    return month(_check_year(int(found[1])), int(found[2]))


def _week_form(found: re.Match[str], today: date) -> Period:
    return iso_week(_check_year(int(found[1])), int(found[2]))


def _day_form(found: re.Match[str], today: date) -> Period:
    numbers = found.groups()[:3] if found[1] else found.groups()[3:]
    return single_day(_date(*(int(n) for n in numbers)))


def _month_name_form(found: re.Match[str], today: date) -> Period:
    number = _MONTH_NAMES.get(found[1])
    if number is None:
        raise _unreadable(found[0])
    return month(_check_year(int(found[2]) if found[2] else today.year), number)


_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date], Period]], ...] = (
    (_YEAR, _year_form),
    (_QUARTER, _quarter_form),
    (_MONTH, _month_form),
    (_DAY, _day_form),
    (_WEEK, _week_form),
    (_HALF, _half_form),
    (_EN_MONTH, _month_name_form),
)


def _chinese(found: re.Match[str], today: date, shown: str) -> Period:
    digits, word, halfword, cn_quarter, q, h, cn_month, cn_day = found.groups()
    if digits:
        number = _check_year(int(digits))
    else:
        number = _check_year(today.year + _CN_YEAR_WORDS[word] if word else today.year)
    if halfword:
        return half(number, 1 if halfword == "上半年" else 2)
    if cn_quarter or q:
        return quarter(number, _small_number(cn_quarter or q, shown))
    if h:
        return half(number, int(h))
    if cn_month:
        which = _small_number(cn_month, shown)
        if cn_day:
            month(number, which)  # names a bad month before a bad day
            return single_day(_date(number, which, _small_number(cn_day, shown)))
        return month(number, which)
    return year(number)


def _small_number(text: str, shown: str) -> int:
    if text.isascii():
        return int(text)
    value = chinese_integer(text)
    if value is None:
        raise _unreadable(shown)
    return value


def _range(first: Period, last: Period) -> Period:
    if last.start < first.start:
        raise _error(
            "reversed",
            en=f"The range ends ({last.end}) before it starts ({first.start}).",
            zh=f"时间段的结束日({last.end})早于开始日({first.start})。",
            example="2027-01-01..2027-03-31",
        )
    limit = _years_later(first.start, MAX_SPAN_YEARS)
    if last.end >= limit:
        raise _error(
            "range_too_long",
            en=f"A period can cover at most {MAX_SPAN_YEARS} years; "
            f"{first.start}..{last.end} is longer.",
            zh=f"时间段最长 {MAX_SPAN_YEARS} 年,{first.start} 至 {last.end} 超出了。",
            example="2027-01-01..2027-03-31",
        )
    return span(first.start, last.end)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return date(day.year + years, 3, 1)


def _date(number: int, which: int, day: int) -> date:
    _check_year(number)
    month(number, which)
    try:
        return date(number, which, day)
    except ValueError:
        raise _error(
            "day",
            en=f"{number}-{which:02d}-{day:02d} is not a date in the calendar.",
            zh=f"{number} 年 {which} 月没有 {day} 日。",
            example="2027-01-15",
        ) from None


def _check_year(number: int) -> int:
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise _error(
            "year_out_of_range",
            en=f"Years run from {MIN_YEAR} to {MAX_YEAR}; {number} is outside.",
            zh=f"年份须在 {MIN_YEAR} 到 {MAX_YEAR} 之间,{number} 不在范围内。",
            example="2027",
        )
    return number


def _unreadable(shown: str) -> PeriodError:
    quoted = shown if len(shown) <= 40 else f"{shown[:39]}…"
    return _error(
        "unreadable",
        en=f"“{quoted}” is not a period I can read.",
        zh=f"无法识别时间段“{quoted}”。",
        # Answer in the notation the user was writing in.
        example="2027年第一季度" if _CJK.search(shown) else "2027Q1",
    )


def _error(code: str, *, en: str, zh: str, example: str) -> PeriodError:
    return PeriodError(code, en=en, zh=zh, example=example)
