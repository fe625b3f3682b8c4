"""Standings built straight from the planning core, for the pure view tests: no store needed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from bot.core.calendar import make_calendar
from bot.core.decompose import decompose
from bot.core.funnel import NO_ACTIONS, actions_per_day
from bot.core.money import Money
from bot.core.pace import pace
from bot.core.periods import Period
from bot.core.rebalance import rebalance
from bot.services.plans import Standing
from storage.records import Owner, TargetRecord

MARCH_2026 = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")  # 22 working days in China
_CN = make_calendar("cn")


def standing_of(
    amount: str,
    actuals: Mapping[date, Decimal],
    *,
    today: date,
    period: Period = MARCH_2026,
    currency: str = "CNY",
) -> Standing:
    plan = decompose(Decimal(amount), period, _CN)
    spread = rebalance(plan.days, actuals, today=today)
    return Standing(
        target=TargetRecord(
            id=1,
            workspace_id="T0SANDBOX",
            owner=Owner.member(1),
            amount=Money(Decimal(amount), currency),
            period=period,
            weighting="even",
            dimension=None,
            part=None,
            parent_id=None,
            metrics={},
            plan_version=1,
            set_by="U04WANG",
            set_at=datetime(2026, 2, 27, tzinfo=UTC),
            superseded_by=None,
            superseded_at=None,
        ),
        plan=plan,
        actuals=dict(actuals),
        pace=pace(plan.days, actuals, today=today),
        rebalanced=spread,
        today_amount=spread.days.get(today, Decimal("0.00")),
        today_actions=actions_per_day(spread.days).get(today, NO_ACTIONS),
        provisional=False,
    )
