"""Plans and standings: a target turned into a member's working days, and where they stand.

A member's plan is computed, not read back: the target, the workspace calendar and the member's
away days decide it, so it is the same wherever it is asked for. `write_plan` stores it (with
each day's actions) for the queries that work on plan rows: exports and weekly summaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlmodel import Session

from bot.core.calendar import WorkCalendar, make_calendar
from bot.core.decompose import Plan, decompose
from bot.core.funnel import NO_ACTIONS, Actions, actions_per_day
from bot.core.pace import Pace, pace
from bot.core.rebalance import Rebalanced, rebalance
from storage.actuals import daily_actuals
from storage.milestones import away_days
from storage.records import MemberRecord, Owner, TargetRecord, WorkspaceRecord
from storage.targets import active_targets, replace_plan

ZERO = Decimal("0.00")


def calendar_for(workspace: WorkspaceRecord) -> WorkCalendar:
    """The workspace's working-day calendar; one object per calendar code, so each year's
    holidays are worked out once per process."""
    return _calendar(workspace.calendar)


@lru_cache(maxsize=64)
def _calendar(code: str) -> WorkCalendar:
    return make_calendar(code)


def member_plan(
    *, session: Session, workspace: WorkspaceRecord, target: TargetRecord, member_id: int
) -> Plan:
    """The target spread over the member's working days in its period, away days left out."""
    away = away_days(
        session=session, workspace_id=workspace.id, member_id=member_id, between=target.period
    )
    return decompose(
        target.amount.amount,
        target.period,
        calendar_for(workspace),
        away=[record.day for record in away],
    )


def write_plan(
    *,
    session: Session,
    workspace: WorkspaceRecord,
    target: TargetRecord,
    member_id: int,
    now: datetime,
    actor: str | None = None,
) -> Plan:
    """Store the member's plan for `target` with each day's actions, replacing any earlier."""
    plan = member_plan(session=session, workspace=workspace, target=target, member_id=member_id)
    actions = actions_per_day(plan.days)
    replace_plan(
        session=session,
        workspace_id=workspace.id,
        target_id=target.id,
        days=plan.days,
        actions={day: asdict(found) for day, found in actions.items()},
        actor=actor or target.set_by,
        now=now,
    )
    return plan


def is_provisional(workspace: WorkspaceRecord, plan: Plan) -> bool:
    """Whether the plan's period touches a year whose holidays are only estimated."""
    return bool(calendar_for(workspace).provisional_years(plan.period.start, plan.period.end))


@dataclass(frozen=True)
class Standing:
    """One member's position on one active target on their local `today`."""

    target: TargetRecord
    plan: Plan
    actuals: Mapping[date, Decimal]
    pace: Pace
    rebalanced: Rebalanced
    today_amount: Decimal  # what today asks for, shortfall spread in (0 on a day off)
    today_actions: Actions
    provisional: bool

    @property
    def includes_shortfall(self) -> bool:
        """Today's number is above the plan's because earlier days fell short."""
        return self.today_amount > self.plan.amount_on(self.pace.today)


def standing_for(
    *,
    session: Session,
    workspace: WorkspaceRecord,
    target: TargetRecord,
    member_id: int,
    today: date,
) -> Standing:
    """The member's standing on one target (which need not cover `today`)."""
    plan = member_plan(session=session, workspace=workspace, target=target, member_id=member_id)
    actuals = daily_actuals(
        session=session, workspace_id=workspace.id, member_id=member_id, between=target.period
    )
    rebalanced = rebalance(plan.days, actuals, today=today)
    today_amount = rebalanced.days.get(today, ZERO)
    today_actions = actions_per_day(rebalanced.days).get(today, NO_ACTIONS)
    return Standing(
        target=target,
        plan=plan,
        actuals=actuals,
        pace=pace(plan.days, actuals, today=today),
        rebalanced=rebalanced,
        today_amount=today_amount,
        today_actions=today_actions,
        provisional=is_provisional(workspace, plan),
    )


def standings(
    *, session: Session, workspace: WorkspaceRecord, member: MemberRecord, today: date
) -> list[Standing]:
    """The member's standing on each of their active headline targets covering `today`.

    Dimension splits (by region, product line, ...) are views of the same money and are left out.
    """
    targets = active_targets(
        session=session, workspace_id=workspace.id, owner=Owner.member(member.id), on=today
    )
    return [
        standing_for(
            session=session, workspace=workspace, target=target, member_id=member.id, today=today
        )
        for target in targets
        if target.dimension is None
    ]
