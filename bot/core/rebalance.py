"""Re-planning after a missed (or beaten) day, and the risks a manager should hear about.

Days before `today` are closed. The shortfall is what they planned minus what was won on them (any
date before today, weekends included); it is spread over the remaining working days, today
included, in proportion to their original planned amounts, so a heavy day stays heavy. Today's own
logs count against today's new number, not against the shortfall, so nothing is counted twice.

No day is raised above `cap` times its original amount (150% by default): when the remaining days
cannot absorb the shortfall, they are filled to the cap and the rest is reported as unallocated with
a risk, rather than piling an impossible number on the rep. An over-achievement lowers the remaining
days the same way, in the same proportions, never below zero.

Several misses are the manager's business, not only the rep's: with `consecutive_misses` or more
missed working days in a row, the plan is still rebalanced (within the cap), so the rep keeps an
honest number for today, and a risk is raised so the manager is told instead of the days being
silently inflated. The same goes for a missed week and a low forecast.

`Rebalanced.days` holds only today and the days after it; closed days are left out (their plan is
history, kept in the original plan). Hence, whenever nothing is unallocated and the period is not
already beaten, sum(days) + actual before today == the original total, to the cent.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from operator import sub

from bot.core.allocate import CENT, allocate
from bot.core.errors import PlanningError
from bot.core.money import format_amount
from bot.core.pace import Ledger, Pace, pace_of
from bot.core.traditional import localized_zh

ZERO = Decimal(0)
_TENTH = Decimal("0.1")


class Severity(StrEnum):
    WARNING = "warning"  # worth a manager's look: the target is still reachable
    CRITICAL = "critical"  # the target cannot be met on the current plan


@dataclass(frozen=True)
class Risk:
    """A reason for a manager to step in, in both languages.

    `en` and `zh` (Simplified) are templates whose `{fields}` name the `amounts`, so each reader
    sees money written their own way (`18万`, `18萬`, `180k`) in the target's currency.
    """

    code: str
    severity: Severity
    en: str
    zh: str
    # What the risk is about (the first day of a run of misses, an ISO week), so a caller that
    # re-plans every day can tell a new risk from one it has already reported.
    ref: str = ""
    amounts: tuple[tuple[str, Decimal], ...] = ()

    def message(self, lang: str = "en", currency: str | None = None) -> str:
        money = {name: format_amount(amount, lang, currency) for name, amount in self.amounts}
        if lang.startswith("zh"):
            return localized_zh(self.zh.format(**money), lang)
        return self.en.format(**money)


@dataclass(frozen=True)
class RiskPolicy:
    """When a risk is raised.

    consecutive_misses: this many missed working days in a row, ending yesterday.
    week_threshold: the last complete ISO week won less than this share of its plan.
    forecast_threshold: the forecast for the period is below this share of the total...
    forecast_min_days: ...once at least this many working days are closed; a forecast from one
        missed Monday would alarm the manager about what rebalancing alone should handle.
    """

    consecutive_misses: int = 3
    week_threshold: Decimal = Decimal("0.8")
    forecast_threshold: Decimal = Decimal("0.8")
    forecast_min_days: int = 5

    def __post_init__(self) -> None:
        if (
            self.consecutive_misses < 1
            or self.forecast_min_days < 1
            or not all(
                t.is_finite() and 0 < t <= 1 for t in (self.week_threshold, self.forecast_threshold)
            )
        ):
            raise PlanningError(
                "bad_policy",
                en="Risk thresholds must be at least 1 day, and shares above 0 and at most 100%.",
                zh="风险阈值:连续天数至少为 1,比例须大于 0 且不超过 100%。",
                example="3 days, 80%, 80%",
            )


DEFAULT_POLICY = RiskPolicy()


@dataclass(frozen=True)
class Rebalanced:
    """The new plan from today on, what the closed days fell short by, and the risks.

    shortfall is negative when the closed days were beaten. unallocated is the part of a shortfall
    the capped days could not take.
    """

    days: dict[date, Decimal]
    shortfall: Decimal
    risks: tuple[Risk, ...]
    unallocated: Decimal = ZERO


def rebalance(
    plan: Mapping[date, Decimal],
    actuals: Mapping[date, Decimal],
    *,
    today: date,
    cap: Decimal = Decimal("1.5"),
    policy: RiskPolicy = DEFAULT_POLICY,
) -> Rebalanced:
    """Spread the closed days' shortfall (or surplus) over the days left, capped, and list risks."""
    if not cap.is_finite() or cap < 1:
        raise PlanningError(
            "bad_cap",
            en=f"The daily cap must be at least 100% of the plan; got {cap * 100}%.",
            zh=f"每日上限不能低于计划的 100%,收到的是 {cap * 100}%。",
            example="150%",
        )
    ledger = Ledger.at(plan, actuals, today=today)
    open_days = ledger.days[ledger.closed :]
    original = ledger.amounts[ledger.closed :]
    shortfall = ledger.target_to_date - ledger.actual_closed

    if shortfall > 0:
        # Days mostly repeat an amount (a month's days differ by a cent at most): one product each.
        ceiling = {amount: (cap * amount).quantize(CENT, ROUND_FLOOR) for amount in set(original)}
        ceilings = [ceiling[amount] for amount in original]
        new, unallocated = _fill(original, original, ceilings, shortfall)
    elif shortfall < 0:
        lowered, _ = _fill([-a for a in original], original, [ZERO] * len(original), -shortfall)
        new, unallocated = [-a for a in lowered], ZERO
    else:
        new, unallocated = list(original), ZERO

    risks: list[Risk] = []
    if unallocated > 0:
        risks.append(_unabsorbed_risk(shortfall, unallocated, has_days=bool(open_days)))
    risks.extend(_miss_risks(ledger, policy=policy))
    risks.extend(_forecast_risk(pace_of(ledger), policy=policy))
    return Rebalanced(
        days=dict(zip(open_days, new, strict=True)),
        shortfall=shortfall,
        risks=tuple(risks),
        unallocated=unallocated,
    )


def _fill(
    values: Sequence[Decimal],
    weights: Sequence[Decimal],
    ceilings: Sequence[Decimal],
    extra: Decimal,
) -> tuple[list[Decimal], Decimal]:
    """Add `extra` to `values` in proportion to `weights`, none past its ceiling; return the rest.

    Water-filling: allocate over the days with room left, clip those that overflow, and offer
    the overflow again to the others. Each round either places everything or fills at least one
    day, so it ends within len(values) rounds. Lowering days for an over-achievement is the same
    routine on negated values with a ceiling of 0, weighted by the original amounts.

    Each step of a round is a comprehension over the free days, not one loop doing every step
    day by day: that is over twice as fast in CPython, and a year has some 250 days per rep.
    """
    result = list(values)
    free = [i for i, weight in enumerate(weights) if weight > ZERO]
    left = extra
    while left > 0:
        free = [i for i in free if result[i] < ceilings[i]]
        if not free:
            break
        parts = allocate(left, [weights[i] for i in free])
        rooms = [ceilings[i] - result[i] for i in free]
        taken = [part if part <= room else room for part, room in zip(parts, rooms, strict=True)]
        left = sum(map(sub, parts, taken), ZERO)
        for i, amount in zip(free, taken, strict=True):
            result[i] += amount
    return result, left


def _unabsorbed_risk(shortfall: Decimal, unallocated: Decimal, *, has_days: bool) -> Risk:
    if not has_days:
        return Risk(
            "no_days_left",
            Severity.CRITICAL,
            en="No working days are left to make up the shortfall of {shortfall}.",
            zh="已没有剩余工作日来弥补 {shortfall} 的缺口。",
            amounts=(("shortfall", shortfall),),
        )
    return Risk(
        "cap_hit",
        Severity.CRITICAL,
        en=(
            "The shortfall of {shortfall} cannot be absorbed by the remaining days "
            "within their daily cap: {unallocated} is unallocated."
        ),
        zh="{shortfall} 的缺口无法在每日上限内由剩余工作日消化：还有 {unallocated} 未分配。",
        amounts=(("shortfall", shortfall), ("unallocated", unallocated)),
    )


def _miss_risks(ledger: Ledger, *, policy: RiskPolicy) -> list[Risk]:
    risks: list[Risk] = []
    days, amounts, actuals = ledger.days, ledger.amounts, ledger.actuals
    # Only the current run of misses (ending with the last closed day) counts: an old run that
    # was followed by a met day has already been reported and made up for.
    run, run_start = 0, ledger.today
    closed = ledger.closed
    for day, amount in zip(reversed(days[:closed]), reversed(amounts[:closed]), strict=True):
        if amount <= ZERO:
            continue  # a day off is neither met nor missed
        if actuals.get(day, ZERO) >= amount:
            break
        run, run_start = run + 1, day
    if run >= policy.consecutive_misses:
        risks.append(
            Risk(
                "consecutive_misses",
                Severity.WARNING,
                en=f"{run} working days in a row were missed.",
                zh=f"已连续 {run} 个工作日未完成目标。",
                ref=run_start.isoformat(),
            )
        )

    monday = _last_closed_week(days, today=ledger.today)
    if monday is not None:
        week = [monday + timedelta(days=n) for n in range(7)]
        planned = sum(amounts[bisect_left(days, week[0]) : bisect_right(days, week[-1])], ZERO)
        won = sum((actuals.get(day, ZERO) for day in week), ZERO)
        if planned > 0 and won < planned * policy.week_threshold:
            iso = monday.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
            pct = (won * 100 / planned).quantize(_TENTH, ROUND_HALF_UP)
            risks.append(
                Risk(
                    "missed_week",
                    Severity.WARNING,
                    en=f"Week {label} reached {pct}% of its plan ({{won}} of {{planned}}).",
                    zh=f"{label} 周仅完成计划的 {pct}%（{{won}} / {{planned}}）。",
                    ref=label,
                    amounts=(("won", won), ("planned", planned)),
                )
            )
    return risks


def _last_closed_week(days: Sequence[date], *, today: date) -> date | None:
    """The Monday of the latest ISO week whose planned days are all before today."""
    this_monday = today - timedelta(days=today.weekday())
    before = bisect_left(days, this_monday)
    if not before:
        return None
    last = days[before - 1]
    return last - timedelta(days=last.weekday())


def _forecast_risk(standing: Pace, *, policy: RiskPolicy) -> list[Risk]:
    if standing.elapsed_days < policy.forecast_min_days:
        return []
    # The weighted forecast follows the plan's shape (seasonality, ramps); fall back to the rate.
    forecast = standing.forecast_weighted
    if forecast is None:
        forecast = standing.forecast_linear
    total = standing.target_total
    if forecast is None or total <= 0 or forecast >= total * policy.forecast_threshold:
        return []
    pct = (forecast * 100 / total).quantize(_TENTH, ROUND_HALF_UP)
    return [
        Risk(
            "forecast_low",
            Severity.WARNING,
            en=f"At this pace the period ends at {{forecast}}, {pct}% of the target {{total}}.",
            zh=f"按当前进度，本期预计完成 {{forecast}}，仅为目标 {{total}} 的 {pct}%。",
            amounts=(("forecast", forecast), ("total", total)),
        )
    ]
