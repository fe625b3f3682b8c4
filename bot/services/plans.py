"""Plans and standings: a target turned into a member's working days, and where they stand.

A member's plan is computed, not read back: the target, the workspace calendar and the member's
away days decide it, so it is the same wherever it is asked for. `write_plan` stores it (with
each day's actions) for the queries that work on plan rows: exports and weekly summaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlmodel import Session

from bot.core.calendar import WorkCalendar, make_calendar
from bot.core.decompose import Even, Plan, Weighting, decompose
from bot.core.funnel import NO_ACTIONS, Actions, actions_by_day, actions_per_day
from bot.core.pace import Pace, pace
from bot.core.periods import Period
from bot.core.rebalance import Rebalanced, rebalance
from storage.actuals import daily_actuals
from storage.milestones import away_days
from storage.records import MemberRecord, Owner, TargetRecord, WorkspaceRecord
from storage.target_import import parse_weighting
from storage.targets import active_targets, replace_plan

ZERO = Decimal("0.00")
EVEN: Weighting = Even()


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
    """The target spread over the member's working days in its period under the target's own
    weighting, away days left out."""
    return plan_of(
        session=session,
        workspace=workspace,
        member_id=member_id,
        amount=target.amount.amount,
        period=target.period,
        weighting=weighting_of(target),
    )


def plan_of(
    *,
    session: Session,
    workspace: WorkspaceRecord,
    member_id: int,
    amount: Decimal,
    period: Period,
    weighting: Weighting = EVEN,
) -> Plan:
    """The plan a target of `amount` over `period` has for the member: what `member_plan` gives
    once the target is stored (so `/target set` can store the two together)."""
    away = away_days(
        session=session, workspace_id=workspace.id, member_id=member_id, between=period
    )
    return decompose(
        amount,
        period,
        calendar_for(workspace),
        weighting=weighting,
        away=[record.day for record in away],
    )


def weighting_of(target: TargetRecord) -> Weighting:
    """The weighting the target was set with (`ramp`, `thirds:40/35/25`, ... from an import).

    Only checked text is ever stored, so text that names no weighting is a broken row: it is
    refused rather than quietly planned as even, which would move money between the rep's days.
    """
    weighting = parse_weighting(target.weighting)
    if weighting is None:
        raise ValueError(f"target {target.id} has an unknown weighting {target.weighting!r}")
    return weighting


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
    replace_plan(
        session=session,
        workspace_id=workspace.id,
        target_id=target.id,
        days=plan.days,
        actions=actions_by_day(plan.days),
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
