"""Decomposition by time: a target over a period, down to every working day.

Working days are the atoms. Each working day gets a weight from the weighting mode, then ONE
largest-remainder split (`allocate`) turns the total into cents per day. Quarters, months, ISO weeks
(including a week that straddles two months) and month thirds are sums of their days, so every
level adds back exactly to the total and to its parent.

Weighting modes (the weight of each working day of the calendar; weights are relative):

- `Even`: the same weight for every working day.
- `Monthly`: a month's share spread evenly over the working days of that whole calendar month, so a
  period that covers part of a month gets the matching part of its share. A month without a
  working day in the period simply has no days to carry its share, which is then spread over the
  other months in proportion to theirs. A period with working days in a month the shares do not
  name is refused (SplitError).
- `Thirds`: 上旬 (days 1-10), 中旬 (11-20), 下旬 (21-end). Months weigh as under `Even` (by their
  working days); within a month the three shares are spread over each third's working days. A
  third without working days passes its share to the month's other thirds.
- `Ramp`: weights rise (or fall) linearly from `start` on the first working day of the period to
  `end` on the last, for sales-cycle lag.

Away days (a rep's PTO) are not atoms: they get nothing and, since the weights are relative, their
share moves to the rep's other working days in proportion to those days' weights. The weights
themselves are computed on the calendar alone, so being away does not reshape the other days.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

from bot.core.allocate import CENT, allocate
from bot.core.calendar import WorkCalendar
from bot.core.errors import CalendarError, SplitError
from bot.core.periods import Period

ZERO = Decimal("0.00")
THIRD_NAMES = ("上旬", "中旬", "下旬")  # days 1-10, 11-20, 21-end of a month


def _share(value: Decimal | int, en: str, zh: str) -> Decimal:
    try:
        share = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        share = Decimal("NaN")
    if not share.is_finite() or share < 0:
        raise SplitError(
            "bad_share",
            en=f"The {en} share {value} must be a number of at least 0.",
            zh=f"{zh}的比例 {value} 必须是不小于 0 的数。",
            example="1月 30%, 2月 20%, 3月 50%",
        )
    return share


def _positive_sum(shares: Collection[Decimal], en: str, zh: str) -> None:
    if sum(shares, Decimal(0)) <= 0:
        raise SplitError(
            "zero_shares",
            en=f"The {en} shares add up to zero.",
            zh=f"{zh}的比例之和为零。",
            example="1月 30%, 2月 20%, 3月 50%",
        )


@dataclass(frozen=True)
class Even:
    """Every working day weighs the same."""


@dataclass(frozen=True)
class Monthly:
    """Seasonality: a relative share per month number (1-12), e.g. a light February for 春节."""

    shares: Mapping[int, Decimal]

    def __post_init__(self) -> None:
        checked: dict[int, Decimal] = {}
        for month, value in self.shares.items():
            if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
                raise SplitError(
                    "bad_month",
                    en=f"{month!r} is not a month number from 1 to 12.",
                    zh=f"{month!r} 不是 1 到 12 之间的月份。",
                    example="1: 30%, 2: 20%, 3: 50%",
                )
            checked[month] = _share(value, f"month {month}", f"{month} 月")
        _positive_sum(checked.values(), "monthly", "各月")
        object.__setattr__(self, "shares", MappingProxyType(dict(sorted(checked.items()))))

    def __hash__(self) -> int:
        return hash(tuple(self.shares.items()))

    @classmethod
    def from_history(cls, actuals: Mapping[date, Decimal]) -> Monthly:
        """Shares in proportion to what was won in each month (e.g. last year's actuals).

        The months from the first to the last month of the history get a share (0 for a month
        with no deals, and the same month in two years adds up); months outside it get none, so a
        period reaching beyond the history is refused rather than silently given nothing.
        """
        if not actuals:
            raise SplitError(
                "no_history",
                en="There is no history to derive monthly shares from.",
                zh="没有可用于推算月度比例的历史数据。",
                example="2026-01-05: 12000, 2026-02-10: 8000",
            )
        first, last = min(actuals), max(actuals)
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        totals = {(first.month - 1 + i) % 12 + 1: Decimal(0) for i in range(min(span, 12))}
        for day, amount in actuals.items():
            totals[day.month] += amount
        for month, total in totals.items():
            if total < 0:
                raise SplitError(
                    "negative_history",
                    en=f"Month {month} of the history adds up to {total}, below zero.",
                    zh=f"历史数据中 {month} 月合计为 {total},小于零。",
                    example="2026-01-05: 12000, 2026-02-10: 8000",
                )
        return cls(totals)


@dataclass(frozen=True)
class Thirds:
    """Shares for 上旬 (days 1-10), 中旬 (11-20) and 下旬 (21-end) within each month."""

    early: Decimal
    mid: Decimal
    late: Decimal

    def __post_init__(self) -> None:
        for name, label in zip(("early", "mid", "late"), THIRD_NAMES, strict=True):
            object.__setattr__(self, name, _share(getattr(self, name), f"{name} ({label})", label))
        _positive_sum((self.early, self.mid, self.late), "early/mid/late", "上旬/中旬/下旬")


@dataclass(frozen=True)
class Ramp:
    """Weights rising linearly from `start` on the first working day to `end` on the last."""

    start: Decimal = Decimal(1)
    end: Decimal = Decimal(2)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _share(self.start, "ramp start", "起始权重"))
        object.__setattr__(self, "end", _share(self.end, "ramp end", "结束权重"))
        _positive_sum((self.start, self.end), "ramp", "起止权重")


Weighting = Even | Monthly | Thirds | Ramp


@dataclass(frozen=True)
class Plan:
    """A target decomposed to working days; every coarser view is the exact sum of its days.

    `days` holds every working day of the period the rep works, in date order, including any with
    a zero amount (a month with a zero share); closed and away days are absent.
    """

    period: Period
    days: Mapping[date, Decimal]
    # Integer weights in `days` order, as decompose computed them; empty for a plan built
    # elsewhere (e.g. read back from the store), whose weights are then its amounts.
    _weights: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.days, MappingProxyType):
            object.__setattr__(self, "days", MappingProxyType(dict(sorted(self.days.items()))))

    @property
    def total(self) -> Decimal:
        return sum(self.days.values(), ZERO)

    def amount_on(self, day: date) -> Decimal:
        """The target for `day`: 0 on a closed or away day and outside the period."""
        return self.days.get(day, ZERO)

    def by_quarter(self) -> dict[str, Decimal]:
        """Totals per calendar quarter, keyed `2027Q1`."""
        return self._group(lambda d: f"{d.year}Q{(d.month - 1) // 3 + 1}")

    def by_month(self) -> dict[str, Decimal]:
        """Totals per calendar month, keyed `2027-01`."""
        return self._group(lambda d: f"{d.year}-{d.month:02d}")

    def by_week(self) -> dict[str, Decimal]:
        """Totals per ISO week, keyed `2027-W05`; a week straddling two months is one key."""
        return self._group(_iso_week)

    def by_third(self) -> dict[str, Decimal]:
        """Totals per month third, keyed `2027-01 上旬` / `2027-01 中旬` / `2027-01 下旬`."""
        return self._group(lambda d: f"{d.year}-{d.month:02d} {THIRD_NAMES[_third(d)]}")

    def weights(self) -> dict[date, Fraction]:
        """Each day's share of the total as decompose weighed it (the shares add up to 1).

        Use these to spread a change "in the same weighting". A plan built from stored amounts
        reports its amounts' proportions instead.
        """
        raw: Collection[int | Decimal] = self._weights or tuple(self.days.values())
        total = sum(raw)
        if total == 0:
            return {day: Fraction(0) for day in self.days}
        return {day: Fraction(w) / Fraction(total) for day, w in zip(self.days, raw, strict=True)}

    def _group(self, key: Callable[[date], str]) -> dict[str, Decimal]:
        # Every bucket the period touches is listed, so a week of holidays shows up as 0.
        groups: dict[str, Decimal] = {key(day): ZERO for day in _each_day(self.period)}
        for day, amount in self.days.items():
            groups[key(day)] += amount
        return groups


def decompose(
    total: Decimal,
    period: Period,
    calendar: WorkCalendar,
    *,
    weighting: Weighting = Even(),
    away: Collection[date] = (),
) -> Plan:
    """Split `total` over the working days of `period` under `weighting`, skipping `away` days.

    Raises CalendarError when no working day is left, SplitError for a negative or non-cent total
    or shares that do not cover the period.
    """
    if not total.is_finite() or total < 0:
        raise SplitError(
            "bad_total",
            en=f"A target must be an amount of at least 0; got {total}.",
            zh=f"目标金额不能小于 0,收到的是 {total}。",
            example="500万",
        )
    working, weights = _atoms(weighting, calendar, period.start, period.end)
    if not working:
        raise CalendarError(
            "no_working_days",
            en=f"{_describe(period)} has no working day on the {calendar.code} calendar: "
            "only weekends and holidays.",
            zh=f"{_describe(period)} 在 {calendar.code} 日历上没有工作日,全是周末或节假日。",
            example="2027Q1",
        )
    away_days = set(away)
    if away_days:
        kept = [(day, w) for day, w in zip(working, weights, strict=True) if day not in away_days]
        if not kept:
            raise CalendarError(
                "all_away",
                en=f"Every working day of {_describe(period)} is marked away: "
                "there is no day left to carry the target.",
                zh=f"{_describe(period)} 的每个工作日都在休假,没有可以承担目标的日子。",
                example="away 2027-02-01..2027-02-05",
            )
        working, weights = tuple(d for d, _ in kept), tuple(w for _, w in kept)
    if not any(weights):
        raise SplitError(
            "no_weight_left",
            en=f"The shares give no weight to any working day of {_describe(period)}.",
            zh=f"按所给比例,{_describe(period)} 的工作日分不到任何目标。",
            example="1月 30%, 2月 20%, 3月 50%",
        )
    amounts = allocate(total, weights)
    return Plan(
        period=period,
        days=MappingProxyType(dict(zip(working, amounts, strict=True))),
        _weights=tuple(weights),
    )


@dataclass(frozen=True)
class NaiveBreakdown:
    """The back-of-envelope figures: per month, per week and per day, each rounded to the cent.

    They are rates, not a split: they do not add back to the total, and they ignore the calendar.
    """

    month: Decimal
    week: Decimal
    day: Decimal


def naive_breakdown(
    total: Decimal, *, months: int, weeks_per_month: int, days_per_week: int
) -> NaiveBreakdown:
    """The plain arithmetic behind "500万 a quarter: ~170万 a month, 42.5万 a week, 6万 a day".

    Each figure is divided from the total directly (not from the rounded figure above it).
    """
    for value, en, zh in (
        (months, "months", "月数"),
        (weeks_per_month, "weeks per month", "每月周数"),
        (days_per_week, "days per week", "每周天数"),
    ):
        if value < 1:
            raise SplitError(
                "bad_count",
                en=f"The number of {en} must be at least 1; got {value}.",
                zh=f"{zh}至少为 1,收到的是 {value}。",
                example="3 months, 4 weeks per month, 7 days per week",
            )
    per_month = total / months
    per_week = per_month / weeks_per_month
    per_day = per_week / days_per_week
    return NaiveBreakdown(
        month=per_month.quantize(CENT, ROUND_HALF_UP),
        week=per_week.quantize(CENT, ROUND_HALF_UP),
        day=per_day.quantize(CENT, ROUND_HALF_UP),
    )


@lru_cache(maxsize=1024)
def _atoms(
    weighting: Weighting, calendar: WorkCalendar, start: date, end: date
) -> tuple[tuple[date, ...], tuple[int, ...]]:
    """The working days from `start` to `end` and their integer weights.

    Cached: a team's reps share the calendar, the period and usually the weighting, so planning
    10,000 of them computes the weights once. Everything in the key is frozen and compares by value.
    """
    working = calendar.working_days(start, end)
    if not working:
        return (), ()
    return tuple(working), tuple(_weights(weighting, working, calendar))


def _weights(weighting: Weighting, working: list[date], calendar: WorkCalendar) -> list[int]:
    """Integer weights for `working` (all the calendar's working days in the period)."""
    if isinstance(weighting, Even):
        return [1] * len(working)
    if isinstance(weighting, Ramp):
        return _ramp_weights(weighting, len(working))
    # Monthly and Thirds give every day of a group (a month, a month third) the same weight: work
    # out one exact weight per group, then scale them all to integers once.
    group_of: Callable[[date], tuple[int, int, int]]
    if isinstance(weighting, Monthly):
        group_weight = _monthly_group_weights(weighting, working, calendar)
        group_of = _month_key
    else:
        group_weight = _thirds_group_weights(weighting, working, calendar)
        group_of = _third_key
    common = math.lcm(*(w.denominator for w in group_weight.values()))
    scaled = {group: w.numerator * (common // w.denominator) for group, w in group_weight.items()}
    return [scaled[group_of(day)] for day in working]


def _monthly_group_weights(
    weighting: Monthly, working: list[date], calendar: WorkCalendar
) -> dict[tuple[int, int, int], Fraction]:
    months = sorted({_month_key(day) for day in working})
    missing = sorted({month for _, month, _ in months} - set(weighting.shares))
    if missing:
        shown = ", ".join(str(m) for m in missing)
        raise SplitError(
            "months_missing",
            en=f"The monthly shares do not cover month {shown} of the period.",
            zh=f"月度比例缺少本期包含的月份:{shown} 月。",
            example="1: 30%, 2: 20%, 3: 50%",
        )
    weights: dict[tuple[int, int, int], Fraction] = {}
    for key in months:
        year, month, _ = key
        days_in_month = len(calendar.working_days(*_month_span(year, month)))
        weights[key] = Fraction(weighting.shares[month]) / days_in_month
    return weights


def _thirds_group_weights(
    weighting: Thirds, working: list[date], calendar: WorkCalendar
) -> dict[tuple[int, int, int], Fraction]:
    shares = (Fraction(weighting.early), Fraction(weighting.mid), Fraction(weighting.late))
    weights: dict[tuple[int, int, int], Fraction] = {}
    for year, month, _ in sorted({_month_key(day) for day in working}):
        per_third = [0, 0, 0]
        for day in calendar.working_days(*_month_span(year, month)):
            per_third[_third(day)] += 1
        # Thirds without working days drop out; the others keep their relative shares.
        live_share = sum((s for s, n in zip(shares, per_third, strict=True) if n), Fraction(0))
        month_weight = sum(per_third)
        for third, (share, count) in enumerate(zip(shares, per_third, strict=True)):
            if count:
                weights[(year, month, third)] = (
                    month_weight * share / live_share / count if live_share else Fraction(0)
                )
    return weights


def _ramp_weights(ramp: Ramp, count: int) -> list[int]:
    if count == 1:
        return [1]
    start, end = Fraction(ramp.start), Fraction(ramp.end)
    common = math.lcm(start.denominator, end.denominator)
    a, b = int(start * common), int(end * common)
    # Day i of n weighs start + (end - start) * i / (n - 1); scaled by (n - 1) to stay integral.
    return [a * (count - 1) + (b - a) * i for i in range(count)]


def _month_key(day: date) -> tuple[int, int, int]:
    return (day.year, day.month, 0)


def _third_key(day: date) -> tuple[int, int, int]:
    return (day.year, day.month, _third(day))


def _third(day: date) -> int:
    return min((day.day - 1) // 10, 2)


def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _iso_week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _each_day(period: Period) -> Iterator[date]:
    for offset in range(period.days):
        yield period.start + timedelta(days=offset)


def _describe(period: Period) -> str:
    return period.label or f"{period.start.isoformat()}..{period.end.isoformat()}"


__all__ = [
    "THIRD_NAMES",
    "Even",
    "Monthly",
    "NaiveBreakdown",
    "Plan",
    "Ramp",
    "Thirds",
    "Weighting",
    "decompose",
    "naive_breakdown",
]
