"""Pace and forecast: where a rep stands on any day, and where the period will end at this pace.

How `today` counts. Days before `today` are closed: what was due on them is `target_to_date`, and
being behind or ahead is judged against it. Today is still open: its plan is `today_target`, and
whatever is already logged for today counts as progress (`actual_to_date` includes it), so a rep
who catches up this afternoon is no longer shown behind. Remaining working days include today.

Forecasts read the rate of the closed days only (a half-finished today would drag it down), and
assume today ends with whichever is more: what is already logged, or a typical day at that rate.
Without a closed working day there is no rate yet, so run rate, forecasts and attainment to date
are None rather than a guess.

`plan` maps working days to their planned amounts (the output of the time decomposition);
`actuals` maps dates to amounts won (any date; a deal on a Saturday still counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.core.allocate import CENT

ZERO = Decimal(0)
_TENTH = Decimal("0.1")


class Status(StrEnum):
    AHEAD = "ahead"  # already past what is due by the end of today
    ON_TRACK = "on_track"  # everything due on closed days is done
    BEHIND = "behind"  # short of what was due by yesterday


@dataclass(frozen=True)
class Pace:
    """A rep's standing on `today`; money to the cent, percentages with one decimal."""

    today: date
    target_total: Decimal
    target_to_date: Decimal  # planned for the working days before today
    today_target: Decimal  # planned for today (0 on a day off)
    actual_to_date: Decimal  # everything won up to and including today
    today_actual: Decimal
    attainment_total_pct: Decimal | None  # actual_to_date / target_total; None for a zero target
    attainment_to_date_pct: Decimal | None  # actual_to_date / target_to_date; None before any due
    gap: Decimal  # target_to_date - actual_to_date: positive when behind, negative when ahead
    remaining: Decimal  # still to win for the whole period, never below 0
    elapsed_days: int  # working days before today
    remaining_days: int  # working days from today on, today included
    run_rate: Decimal | None  # per elapsed working day
    forecast_linear: Decimal | None  # at the run rate for the remaining days
    forecast_weighted: Decimal | None  # the remaining plan scaled by attainment so far
    required_per_day: Decimal | None  # to finish on target; None when no working day is left
    streak: int  # consecutive working days met, most recent first (today once it is met)
    status: Status


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(_TENTH, ROUND_HALF_UP)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def pace(plan: Mapping[date, Decimal], actuals: Mapping[date, Decimal], *, today: date) -> Pace:
    """Cumulative target vs actual, attainment, run rate, forecasts and the daily amount needed."""
    days = sorted(plan)
    closed = [day for day in days if day < today]
    after = [day for day in days if day > today]
    today_target = plan.get(today, ZERO)
    target_total = sum((plan[day] for day in days), ZERO)
    target_to_date = sum((plan[day] for day in closed), ZERO)
    plan_after = sum((plan[day] for day in after), ZERO)

    actual_closed = sum((amount for day, amount in actuals.items() if day < today), ZERO)
    today_actual = actuals.get(today, ZERO)
    actual_to_date = actual_closed + today_actual
    remaining_days = len(after) + (1 if today in plan else 0)

    run_rate: Decimal | None = None
    forecast_linear: Decimal | None = None
    forecast_weighted: Decimal | None = None
    if closed:
        run_rate = actual_closed / len(closed)
        forecast_linear = _cents(
            actual_closed
            + _today_expected(today in plan, today_actual, run_rate)
            + run_rate * len(after)
        )
        run_rate = _cents(run_rate)
    if target_to_date != 0:
        ratio = actual_closed / target_to_date
        forecast_weighted = _cents(
            actual_closed
            + _today_expected(today in plan, today_actual, today_target * ratio)
            + plan_after * ratio
        )

    still_needed = target_total - actual_to_date
    required_per_day: Decimal | None = None
    if remaining_days:
        # Rounded up: doing exactly this every remaining day reaches the target.
        required_per_day = max(still_needed / remaining_days, ZERO).quantize(CENT, ROUND_CEILING)

    if actual_to_date < target_to_date:
        status = Status.BEHIND
    elif actual_to_date > target_to_date + today_target:
        status = Status.AHEAD
    else:
        status = Status.ON_TRACK

    return Pace(
        today=today,
        target_total=target_total,
        target_to_date=target_to_date,
        today_target=today_target,
        actual_to_date=actual_to_date,
        today_actual=today_actual,
        attainment_total_pct=_pct(actual_to_date, target_total),
        attainment_to_date_pct=_pct(actual_to_date, target_to_date),
        gap=target_to_date - actual_to_date,
        remaining=max(still_needed, ZERO),
        elapsed_days=len(closed),
        remaining_days=remaining_days,
        run_rate=run_rate,
        forecast_linear=forecast_linear,
        forecast_weighted=forecast_weighted,
        required_per_day=required_per_day,
        streak=_streak(plan, actuals, days, today=today),
        status=status,
    )


def _today_expected(working: bool, logged: Decimal, typical: Decimal) -> Decimal:
    """What today adds by its end: what is logged, or a typical day if more and a working day."""
    return max(logged, typical) if working else logged


def _streak(
    plan: Mapping[date, Decimal], actuals: Mapping[date, Decimal], days: list[date], *, today: date
) -> int:
    """Consecutive working days met, counting back from today (if already met) or yesterday.

    Days planned at zero (time off, or a plan already beaten) neither extend nor break a streak.
    """
    streak = 0
    for day in reversed(days):
        if day > today or plan[day] == 0:
            continue
        met = actuals.get(day, ZERO) >= plan[day]
        if day == today and not met:
            continue  # today is not over: not met yet is not missed
        if not met:
            break
        streak += 1
    return streak
