"""`/target plan [PERIOD]` (计划): your plan by month, week and working day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.core.errors import PlanningError
from bot.core.periods import Period, parse_period
from bot.i18n import t
from bot.listeners.commands.set import actor_of, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.plans import calendar_for, member_plan
from bot.views.plan import build_plan_blocks, plan_text
from storage.records import Owner, TargetRecord
from storage.targets import active_targets

if TYPE_CHECKING:
    from bot.app import Deps


def show_plan(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    today = actor.today(request.now)
    asked: Period | None = None
    if request.line.rest:
        try:
            asked = parse_period(request.line.rest, today=today)
        except PlanningError as error:
            return Reply(text=error.message(lang))
    with store_of(deps).read() as session:
        targets = [
            target
            for target in active_targets(
                session=session,
                workspace_id=actor.workspace.id,
                owner=Owner.member(actor.member.id),
            )
            if target.dimension is None
        ]
        target = _choose(targets, asked, today)
        if target is None:
            key = "plan.none.period" if asked is not None else "status.none.own"
            shown = asked.label if asked is not None else ""
            return Reply(text=t(lang, key, period=shown, user=actor.member.slack_user_id))
        plan = member_plan(
            session=session, workspace=actor.workspace, target=target, member_id=actor.member.id
        )
    view = _within(asked, target.period) if asked is not None else target.period
    total, currency = target.amount.amount, target.amount.currency
    return Reply(
        text=plan_text(lang, total=total, plan=plan, currency=currency),
        blocks=build_plan_blocks(
            lang,
            total=total,
            plan=plan,
            view=view,
            currency=currency,
            calendar=calendar_for(actor.workspace),
            today=today,
        ),
    )


def _choose(targets: list[TargetRecord], asked: Period | None, today: date) -> TargetRecord | None:
    """The target to show: the shortest one holding the asked period, else the first meeting it;
    without a period the one covering today (the shortest), else the next to start."""
    if asked is not None:
        meeting = [
            t for t in targets if t.period.start <= asked.end and t.period.end >= asked.start
        ]
        holding = [
            t for t in meeting if t.period.start <= asked.start and t.period.end >= asked.end
        ]
        return min(holding or meeting, key=lambda t: t.period.days, default=None)
    covering = [t for t in targets if today in t.period]
    if covering:
        return min(covering, key=lambda t: t.period.days)
    upcoming = [t for t in targets if t.period.start > today]
    return min(upcoming, key=lambda t: t.period.start, default=None)


def _within(asked: Period, period: Period) -> Period:
    start, end = max(asked.start, period.start), min(asked.end, period.end)
    label = asked.label if (start, end) == (asked.start, asked.end) else ""
    return Period(start, end, label)
