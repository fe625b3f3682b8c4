"""Milestones (dated checkpoints with an amount and an owner) and away days, as commands write
them. Days are read like periods (`2027-01-08`, `1月8日`, `2027-01-08..2027-01-12`) plus the
relative words people type for them (`today`, `明天`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from bot.core.decompose import Plan
from bot.core.errors import PeriodError
from bot.core.money import Money, parse_amount
from bot.core.periods import Period, parse_period
from bot.services.context import Actor
from bot.services.plans import write_plan
from bot.services.targets import BROADCAST, MENTION
from bot.services.teams import Refused
from storage.milestones import add_milestone, clear_away, set_away
from storage.records import MemberRecord, MilestoneRecord, Owner, TargetRecord
from storage.store import Store
from storage.targets import active_targets

# Longer than a quarter is not time off but a leave of absence, better handled by an admin.
MAX_AWAY_DAYS: Final = 92

_RELATIVE: Final[Mapping[str, int]] = {
    "today": 0,
    "今天": 0,
    "今日": 0,
    "tomorrow": 1,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "後天": 2,
}
_RELATIVE_WORD: Final = re.compile(
    "|".join(sorted((re.escape(word) for word in _RELATIVE), key=len, reverse=True)),
    re.IGNORECASE,
)


def read_days(text: str, *, today: date) -> Period:
    """The days `text` names, relative words resolved against the user's `today`; raises
    PeriodError with an example when they cannot be read."""
    resolved = _RELATIVE_WORD.sub(
        lambda found: (today + timedelta(days=_RELATIVE[found.group(0).casefold()])).isoformat(),
        text.strip(),
    )
    return parse_period(resolved, today=today)


def read_day(text: str, *, today: date) -> date:
    """One day; a longer period is refused with an example of a single date."""
    days = read_days(text, today=today)
    if days.start != days.end:
        raise PeriodError(
            "not_a_day",
            en=f"“{text}” is more than one day; a milestone falls on one date.",
            zh=f"“{text}”不止一天;里程碑只能落在某一天。",
            example="2027-01-31",
        )
    return days.start


@dataclass(frozen=True)
class MilestoneCommand:
    """`milestone add DATE AMOUNT [@owner] [title]`, read."""

    day: date
    amount: Money
    owner_id: str | None  # the mentioned Slack user; None: the actor
    title: str


def parse_milestone(text: str, *, today: date) -> MilestoneCommand:
    """Raises PeriodError/AmountError for an unreadable date or amount, Refused for a past
    date, a broadcast or several owners."""
    broadcast = BROADCAST.search(text)
    if broadcast:
        raise Refused("milestone.mention.broadcast", text=broadcast.group(0))
    owners = list(dict.fromkeys(MENTION.findall(text)))
    if len(owners) > 1:
        raise Refused("milestone.one_owner")
    words = MENTION.sub(" ", text).split()
    if len(words) < 2:
        raise Refused("milestone.usage")
    day = read_day(words[0], today=today)
    if day < today:
        raise Refused("milestone.past", day=day.isoformat())
    amount = parse_amount(words[1])
    return MilestoneCommand(day, amount, owners[0] if owners else None, " ".join(words[2:]))


def add_member_milestone(
    *,
    store: Store,
    actor: Actor,
    owner: MemberRecord,
    command: MilestoneCommand,
    title: str,
    now: datetime,
) -> MilestoneRecord:
    """Write the milestone, tied to the owner's active target on that day when there is one."""
    with store.session() as session:
        covering = [
            target
            for target in active_targets(
                session=session,
                workspace_id=actor.workspace.id,
                owner=Owner.member(owner.id),
                on=command.day,
            )
            if target.dimension is None
        ]
        return add_milestone(
            session=session,
            workspace_id=actor.workspace.id,
            title=title,
            day=command.day,
            actor=actor.member.slack_user_id,
            now=now,
            member_id=owner.id,
            target_id=covering[0].id if covering else None,
            amount=command.amount.amount,
        )


@dataclass(frozen=True)
class AwayChange:
    """Days marked (or cleared) and each affected target's plan, re-written."""

    days: tuple[date, ...]
    plans: tuple[tuple[TargetRecord, Plan], ...]


def change_away(
    *,
    store: Store,
    actor: Actor,
    member: MemberRecord,
    days: Period,
    clear: bool,
    now: datetime,
) -> AwayChange:
    """Mark (or clear) the member's away days and re-write every plan they touch, in one
    transaction: when a target would be left without a single working day the core's
    CalendarError rolls it all back."""
    length = (days.end - days.start).days + 1
    if length > MAX_AWAY_DAYS:
        raise Refused("away.cmd.too_long", days=length, limit=MAX_AWAY_DAYS)
    wanted = [days.start + timedelta(days=offset) for offset in range(length)]
    by = actor.member.slack_user_id
    with store.session() as session:
        change = clear_away if clear else set_away
        changed = change(
            session=session,
            workspace_id=actor.workspace.id,
            member_id=member.id,
            days=wanted,
            actor=by,
            now=now,
        )
        touched: Sequence[TargetRecord] = [
            target
            for target in active_targets(
                session=session,
                workspace_id=actor.workspace.id,
                owner=Owner.member(member.id),
                overlapping=days,
            )
            if target.dimension is None
        ]
        plans = tuple(
            (
                target,
                write_plan(
                    session=session,
                    workspace=actor.workspace,
                    target=target,
                    member_id=member.id,
                    now=now,
                    actor=by,
                ),
            )
            for target in (touched if changed else ())
        )
    return AwayChange(tuple(changed), plans)


def next_working_amount(plan: Plan, *, after: date) -> tuple[date, Decimal] | None:
    """The first planned working day from `after` on, and its amount."""
    return next(((day, amount) for day, amount in plan.days.items() if day >= after), None)
