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

`Ledger.at` sorts a plan and adds up what was due and won before `today` once; `pace_of` reads a
pace from it, and rebalancing reuses the same ledger instead of going over a year of days again.
"""

from __future__ import annotations

from bisect import bisect_left
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


@dataclass(frozen=True)
class Ledger:
    """A plan and what was won on it, split at `today` into closed days and days still open."""

    today: date
    plan: Mapping[date, Decimal]
    actuals: Mapping[date, Decimal]
    days: tuple[date, ...]  # the plan's days in order
    amounts: tuple[Decimal, ...]  # what is planned on each of `days`
    closed: int  # days[:closed] are before today
    target_to_date: Decimal  # planned on the closed days
    target_total: Decimal
    actual_closed: Decimal  # won before today, on any date

    @classmethod
    def at(
        cls, plan: Mapping[date, Decimal], actuals: Mapping[date, Decimal], *, today: date
    ) -> Ledger:
        """Sort the plan once and add up what was due and what was won before `today`."""
        listed = tuple(plan)
        days = tuple(sorted(listed))
        # A plan usually comes in date order already, and then its values are in order too.
        amounts = tuple(plan.values()) if days == listed else tuple([plan[day] for day in days])
        closed = bisect_left(days, today)
        target_to_date = sum(amounts[:closed], ZERO)
        return cls(
            today=today,
            plan=plan,
            actuals=actuals,
            days=days,
            amounts=amounts,
            closed=closed,
            target_to_date=target_to_date,
            # Going on from the closed days adds the same terms in the same order as a fresh sum.
            target_total=sum(amounts[closed:], target_to_date),
            actual_closed=sum((amount for day, amount in actuals.items() if day < today), ZERO),
        )


def pace(plan: Mapping[date, Decimal], actuals: Mapping[date, Decimal], *, today: date) -> Pace:
    """Cumulative target vs actual, attainment, run rate, forecasts and the daily amount needed."""
    return pace_of(Ledger.at(plan, actuals, today=today))


def pace_of(ledger: Ledger) -> Pace:
    """The pace read from a ledger: the same as `pace` on the plan and actuals it was built from."""
    today = ledger.today
    working_today = today in ledger.plan
    elapsed_days = ledger.closed
    first_after = elapsed_days + (1 if working_today else 0)
    remaining_days = len(ledger.days) - elapsed_days
    days_after = len(ledger.days) - first_after
    today_target = ledger.plan.get(today, ZERO)
    target_total = ledger.target_total
    target_to_date = ledger.target_to_date
    plan_after = sum(ledger.amounts[first_after:], ZERO)

    actual_closed = ledger.actual_closed
    today_actual = ledger.actuals.get(today, ZERO)
    actual_to_date = actual_closed + today_actual

    run_rate: Decimal | None = None
    forecast_linear: Decimal | None = None
    forecast_weighted: Decimal | None = None
    if elapsed_days:
        run_rate = actual_closed / elapsed_days
        forecast_linear = _cents(
            actual_closed
            + _today_expected(working_today, today_actual, run_rate)
            + run_rate * days_after
        )
        run_rate = _cents(run_rate)
    if target_to_date != 0:
        ratio = actual_closed / target_to_date
        forecast_weighted = _cents(
            actual_closed
            + _today_expected(working_today, today_actual, today_target * ratio)
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
        elapsed_days=elapsed_days,
        remaining_days=remaining_days,
        run_rate=run_rate,
        forecast_linear=forecast_linear,
        forecast_weighted=forecast_weighted,
        required_per_day=required_per_day,
        streak=_streak(ledger, until=first_after),
        status=status,
    )


def _today_expected(working: bool, logged: Decimal, typical: Decimal) -> Decimal:
    """What today adds by its end: what is logged, or a typical day if more and a working day."""
    return max(logged, typical) if working else logged


def _streak(ledger: Ledger, *, until: int) -> int:
    """Consecutive working days met, counting back from today (if already met) or yesterday.

    Only days[:until] count: the closed days, and today if it is a working day.
    Days planned at zero (time off, or a plan already beaten) neither extend nor break a streak.
    """
    days, amounts, actuals, today = ledger.days, ledger.amounts, ledger.actuals, ledger.today
    streak = 0
    for day, planned in zip(reversed(days[:until]), reversed(amounts[:until]), strict=True):
        if planned == ZERO:
            continue
        met = actuals.get(day, ZERO) >= planned
        if day == today and not met:
            continue  # today is not over: not met yet is not missed
        if not met:
            break
        streak += 1
    return streak
