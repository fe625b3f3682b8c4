"""Benchmark: a year's target for 10,000 reps, down to working days, with one missed week each.

Each rep gets a 2026 target on the Chinese calendar with monthly (seasonal) weights, misses one
whole week (a different week per rep, nothing logged), and is rebalanced the Monday after. All
plans and new plans stay in memory, as a job building them in one go would hold them. Prints
reps/s, seconds and peak memory. Goal: under 5 s and under 500 MB on a 2-core machine.

    .venv/bin/python benchmarks/bench_decompose.py [--reps N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.core.allocate import CENT
from bot.core.calendar import make_calendar
from bot.core.decompose import Monthly, decompose
from bot.core.periods import Period
from bot.core.rebalance import rebalance

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
# A typical Chinese B2B year: a light February (春节), strong quarter ends.
SEASONALITY = Monthly(
    {
        1: Decimal(8),
        2: Decimal(5),
        3: Decimal(10),
        4: Decimal(8),
        5: Decimal(8),
        6: Decimal(10),
        7: Decimal(7),
        8: Decimal(7),
        9: Decimal(9),
        10: Decimal(6),
        11: Decimal(9),
        12: Decimal(13),
    }
)
FIRST_MONDAY = date(2026, 1, 5)


@dataclass(frozen=True)
class Figures:
    decompose_seconds: float
    rebalance_seconds: float
    working_days: int

    @property
    def seconds(self) -> float:
        return self.decompose_seconds + self.rebalance_seconds


def run(reps: int) -> Figures:
    """Plan and rebalance `reps` reps, keeping every plan and every new plan in memory."""
    calendar = make_calendar("cn")
    targets = [Decimal(1_000_000 + 1_000 * (rep % 500)).quantize(CENT) for rep in range(reps)]

    started = time.perf_counter()
    plans = [decompose(target, YEAR, calendar, weighting=SEASONALITY) for target in targets]
    decomposed = time.perf_counter()

    rebalanced = []
    for rep, (target, plan) in enumerate(zip(targets, plans, strict=True)):
        # Rep `rep` misses ISO week (rep % 50) + 1 entirely and is re-planned the Monday after.
        missed_monday = FIRST_MONDAY + timedelta(weeks=rep % 50)
        today = missed_monday + timedelta(weeks=1)
        actuals = {day: amount for day, amount in plan.days.items() if day < missed_monday}
        result = rebalance(plan.days, actuals, today=today)
        # What was won plus what is left is still the target, unless a risk says otherwise.
        if not result.unallocated:
            assert sum(result.days.values()) + sum(actuals.values()) == target
        rebalanced.append(result)
    finished = time.perf_counter()

    return Figures(
        decompose_seconds=decomposed - started,
        rebalance_seconds=finished - decomposed,
        working_days=sum(len(plan.days) for plan in plans),
    )


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    args = parser.parse_args(argv)

    figures = run(args.reps)
    print(f"reps:          {args.reps:,} (2026, CN calendar, monthly weights, 1 missed week each)")
    print(f"working days:  {figures.working_days:,}")
    print(f"decompose:     {figures.decompose_seconds:.2f} s")
    print(f"rebalance:     {figures.rebalance_seconds:.2f} s")
    print(f"total:         {figures.seconds:.2f} s")
    print(f"reps/s:        {args.reps / figures.seconds:,.0f}")
    print(f"peak memory:   {peak_rss_mb():.0f} MB (max RSS of the process, all plans held at once)")


if __name__ == "__main__":
    main()
