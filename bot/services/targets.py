"""`/target set`: read the command, check who may set what, and write targets with their plans.

One call of `apply_set` is one store transaction: the mentioned members, every owner's target and
plan, the manager and team changes. A refusal or a replacement waiting for confirmation stores
the members alone; an error (a period without a working day) stores nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final, Literal

from sqlmodel import Session

from bot.core.allocate import allocate
from bot.core.decompose import Plan
from bot.core.errors import PlanningError
from bot.core.funnel import Actions, actions_per_day, as_numbers
from bot.core.money import MAX_INPUT_CHARS as MAX_AMOUNT_CHARS
from bot.core.money import Money, parse_amount
from bot.core.periods import MAX_INPUT_CHARS as MAX_PERIOD_CHARS
from bot.core.periods import Period, parse_period
from bot.services.authz import Refusal, may_set_for
from bot.services.context import Actor, MentionedUsers, store_members
from bot.services.plans import plan_of
from storage.members import adopt, get_member
from storage.records import MemberRecord, Owner, TargetRecord
from storage.store import Store
from storage.targets import active_targets, lock_owners, set_target

Mode = Literal["each", "split"]

# Slack escapes `<` and `>` inside an escape, so a label stops at either: `[^>]*` alone would scan
# from every unclosed `<@U1|` to the end of the text (quadratic; 4 s for 40,000 characters).
MENTION: Final = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")
# `<!channel>`, `<!here>`, `<!everyone>`, user groups (`<!subteam^S1|@sales>`) and the same
# words typed without Slack's escaping: a target is for named people only.
# One label run after the word, not one inside the group and another after it: two adjacent runs
# of one class split a long unterminated `<!subteam^...` every way (quadratic; fuzzed).
BROADCAST: Final = re.compile(
    r"<!(?:channel|here|everyone|subteam\^)[^<>]*>|@(?:channel|here|everyone)\b", re.IGNORECASE
)
_BARE_MENTION: Final = re.compile(r"(?<![\w<])@[\w.\-]+")
_MODE_WORDS: Final[Mapping[str, Mode]] = {
    "each": "each",
    "every": "each",
    "每人": "each",
    "各": "each",
    "各自": "each",
    "每個人": "each",
    "每个人": "each",
    "split": "split",
    "平分": "split",
    "分摊": "split",
    "分攤": "split",
    "均分": "split",
}


class MentionError(Exception):
    """A mention that names no one Summit can plan for: a broadcast, or an unescaped name."""

    def __init__(self, kind: Literal["broadcast", "unknown"], text: str) -> None:
        super().__init__(f"{kind}: {text}")
        self.kind = kind
        self.text = text


@dataclass(frozen=True)
class SetCommand:
    """`/target set AMOUNT PERIOD [@user ...] [each|split]`, read."""

    amount: Money
    period: Period
    user_ids: tuple[str, ...]  # mentioned Slack users in order; empty: the actor's own target
    mode: Mode
    mode_given: bool


def parse_set(text: str, *, today: date) -> SetCommand:
    """Read the command's text; raise PlanningError (amount, period) or MentionError."""
    broadcast = BROADCAST.search(text)
    if broadcast:
        raise MentionError("broadcast", broadcast.group(0))
    user_ids = tuple(dict.fromkeys(MENTION.findall(text)))
    rest = MENTION.sub(" ", text)
    bare = _BARE_MENTION.search(rest)
    if bare:
        raise MentionError("unknown", bare.group(0))
    words: list[str] = []
    mode: Mode = "each"
    mode_given = False
    for word in rest.split():
        found = _MODE_WORDS.get(word.casefold())
        if found is not None:
            mode, mode_given = found, True
        else:
            words.append(word)
    amount, period = _amount_and_period(words, today=today)
    return SetCommand(amount, period, user_ids, mode, mode_given)


def _amount_and_period(words: Sequence[str], *, today: date) -> tuple[Money, Period]:
    """The amount first and the period after (or the other way round), however many words each
    takes: `5M next quarter`, `本季度 500万`. When nothing fits, the error is the one for the
    usual order, amount first.

    A cut where either side is longer than its parser reads is not tried: on a long text every
    cut would otherwise join and refuse thousands of characters (quadratic; fuzzed)."""
    ends = [0]  # ends[i]: the length of words[:i] joined, plus one
    for word in words:
        ends.append(ends[-1] + len(word) + 1)

    def joined_length(start: int, stop: int) -> int:
        return ends[stop] - ends[start] - 1

    count = len(words)
    for cut in range(1, count):
        for (a_start, a_stop), (p_start, p_stop) in (
            ((0, cut), (cut, count)),
            ((count - cut, count), (0, count - cut)),
        ):
            if (
                joined_length(a_start, a_stop) > MAX_AMOUNT_CHARS
                or joined_length(p_start, p_stop) > MAX_PERIOD_CHARS
            ):
                continue
            amount_words, period_words = words[a_start:a_stop], words[p_start:p_stop]
            try:
                return (
                    parse_amount(" ".join(amount_words)),
                    parse_period(" ".join(period_words), today=today),
                )
            except PlanningError:
                continue
    amount = parse_amount(words[0] if words else "")
    return amount, parse_period(" ".join(words[1:]), today=today)


@dataclass(frozen=True)
class Assigned:
    """One owner's new target and plan."""

    member: MemberRecord
    target: TargetRecord
    plan: Plan
    actions: Mapping[date, Actions]  # each day's activities, as stored with the plan
    replaced: TargetRecord | None
    became_manager: bool  # the actor became this rep's manager just now


@dataclass(frozen=True)
class SetOutcome:
    """What `apply_set` did: assigned targets, or a refusal, or replacements awaiting a yes."""

    assigned: tuple[Assigned, ...] = ()
    refusal: Refusal | None = None
    to_replace: tuple[tuple[MemberRecord, TargetRecord], ...] = ()


def shares(command: SetCommand, count: int) -> list[Decimal]:
    """Each owner's amount: the whole for each, or an exact split adding back to the whole."""
    if command.mode == "split" and count > 1:
        return allocate(command.amount.amount, [1] * count)
    return [command.amount.amount] * count


def apply_set(
    *,
    store: Store,
    actor: Actor,
    command: SetCommand,
    mentioned: MentionedUsers | None,
    now: datetime,
    confirmed: bool = False,
) -> SetOutcome:
    """Check and write, in one transaction: all owners' targets, or nothing.

    The owners are the `mentioned` users (looked up in Slack beforehand, stored here as
    members), else the actor. Without `confirmed`, replacing an active target for the same
    period is not done but reported in `to_replace`. Permissions are checked on fresh rows
    inside the transaction, so a confirmation clicked later is judged on the state at the click.
    Everything slow that needs no lock (Slack calls, the reply) happens outside it: on SQLite a
    write transaction holds the one write lock, which concurrent commands queue for.
    """
    workspace_id = actor.workspace.id
    by = actor.member.slack_user_id
    with store.session() as session:
        if mentioned is not None and mentioned.profiles:
            found = store_members(
                session=session, workspace_id=workspace_id, profiles=mentioned, now=now, actor=by
            )
            owners = [found[user_id] for user_id in mentioned.user_ids]
        else:
            own = get_member(session=session, workspace_id=workspace_id, member_id=actor.member.id)
            assert own is not None  # members are never deleted, only deactivated
            owners = [own]
        # Before reading their targets: a concurrent set for the same rep waits for this one.
        lock_owners(
            session=session, workspace_id=workspace_id, member_ids=[owner.id for owner in owners]
        )
        fresh: list[MemberRecord] = []
        existing: list[TargetRecord | None] = []
        for member in owners:
            current, meeting = _headlines(session, workspace_id, member.id, command.period)
            # A rep's own target may not replace, nor sit inside, one somebody else set them.
            by_others = next((t for t in meeting if t.set_by != member.slack_user_id), current)
            # Only a refusal names the manager: none to read when it is the actor (or nobody).
            manager = (
                get_member(session=session, workspace_id=workspace_id, member_id=member.manager_id)
                if member.manager_id not in (None, actor.member.id)
                else None
            )
            refusal = may_set_for(actor, member, manager=manager, existing=by_others)
            if refusal is not None:
                return SetOutcome(refusal=refusal)
            fresh.append(member)
            existing.append(current)
        pending = tuple((m, e) for m, e in zip(fresh, existing, strict=True) if e is not None)
        if pending and not confirmed:
            return SetOutcome(to_replace=pending)
        amounts = shares(command, len(fresh))
        assigned: list[Assigned] = []
        for member, current, amount in zip(fresh, existing, amounts, strict=True):
            # An admin answers to no one in Summit, so setting their target adopts no one.
            became_manager = (
                member.id != actor.member.id
                and member.manager_id is None
                and member.role != "admin"
            )
            if became_manager:
                member, _ = adopt(
                    session=session,
                    workspace_id=workspace_id,
                    member_id=member.id,
                    manager_id=actor.member.id,
                    actor=by,
                    now=now,
                )
            plan = plan_of(
                session=session,
                workspace=actor.workspace,
                member_id=member.id,
                amount=amount,
                period=command.period,
            )
            actions = actions_per_day(plan.days)
            # Stored with the target: the same rows `write_plan` would write after it.
            target = set_target(
                session=session,
                workspace_id=workspace_id,
                owner=Owner.member(member.id),
                amount=Money(amount, command.amount.currency or actor.workspace.currency),
                period=command.period,
                actor=by,
                now=now,
                plan=plan.days,
                plan_actions=as_numbers(actions),
                none_active=current is None,
            )
            assigned.append(Assigned(member, target, plan, actions, current, became_manager))
    return SetOutcome(assigned=tuple(assigned))


def _headlines(
    session: Session, workspace_id: str, member_id: int, period: Period
) -> tuple[TargetRecord | None, list[TargetRecord]]:
    """The member's active target for exactly this period, and every active one meeting it
    (dimension splits left out: they are views of a headline target's money)."""
    meeting = [
        target
        for target in active_targets(
            session=session,
            workspace_id=workspace_id,
            owner=Owner.member(member_id),
            overlapping=period,
        )
        if target.dimension is None
    ]
    same = next(
        (t for t in meeting if (t.period.start, t.period.end) == (period.start, period.end)),
        None,
    )
    return same, meeting


def encode_pending(command: SetCommand) -> str:
    """The change a Replace button carries: everything needed to redo it on the click.

    The period travels as its dates, not as typed: `本季度` clicked on the first day of the next
    quarter must still mean the quarter the manager saw.
    """
    return json.dumps(
        {
            "amount": str(command.amount.amount),
            "currency": command.amount.currency,
            "period": command.period.label,
            "start": command.period.start.isoformat(),
            "end": command.period.end.isoformat(),
            "users": list(command.user_ids),
            "mode": command.mode,
            "mode_given": command.mode_given,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_pending(value: str) -> SetCommand:
    """The change a button carried; ValueError when it is not one (never user-typed)."""
    try:
        data = json.loads(value)
        mode = data["mode"]
        if mode not in ("each", "split"):
            raise ValueError(f"unknown mode {mode!r}")
        users = tuple(str(user) for user in data["users"])
        if not all(MENTION.fullmatch(f"<@{user}>") for user in users):
            raise ValueError("bad user id")
        return SetCommand(
            amount=Money(Decimal(data["amount"]), data["currency"]),
            period=Period(
                date.fromisoformat(data["start"]),
                date.fromisoformat(data["end"]),
                str(data["period"]),
            ),
            user_ids=users,
            mode=mode,
            mode_given=bool(data["mode_given"]),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise ValueError(f"not a pending target change: {value[:80]!r}") from error
