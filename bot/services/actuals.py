"""Recording what a rep won and did: log, undo, edit and delete entries, and where they stand.

Every function works inside the caller's transaction (`session`), so a listener can put the
Slack event's dedupe record in the same transaction as the entry it caused. Pace is always read
for the member's local `today`, whatever day the entry is for: a deal logged for yesterday
changes today's standing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from bot.core.checkin import CheckIn, parse_check_in
from bot.core.rebalance import rebalance
from bot.services.context import Actor
from bot.services.plans import Standing, standings
from storage.actuals import (
    actual_by_key,
    delete_actual,
    edit_actual,
    list_actuals,
    log_actual,
)
from storage.records import ActualRecord, ActualSource, Counts, Owner, TargetRecord
from storage.targets import active_targets

ZERO = Decimal("0.00")


class EntryRefused(Exception):
    """An entry Summit will not take. `key` names the catalogue message; `params` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Outlook:
    """The member's standing on their active target today, and what the next working day asks
    for once today is closed as it stands (None when today is the period's last working day)."""

    standing: Standing
    next_day: date | None
    next_amount: Decimal


@dataclass(frozen=True)
class EntryResult:
    entry: ActualRecord
    changed: bool  # False: this message or command was recorded before; nothing changed now
    outlook: Outlook | None  # None: no active target covers the member's today
    # The text was longer than a check-in is read (checkin.MAX_CHECK_IN_CHARS): only its start
    # counted and was kept, and the user is told so.
    text_cut: bool = False


def counts_of(reading: CheckIn) -> Counts:
    """The activity figures the store keeps."""
    return Counts(
        visits=reading.visits,
        calls=reading.calls,
        deals=reading.deals,
        proposals=reading.proposals,
        new_customers=reading.new_customers,
        collections=reading.collections,
    )


def check_day(*, session: Session, actor: Actor, day: date, today: date) -> None:
    """Refuse a day in the future, or outside every active target covering today."""
    if day > today:
        raise EntryRefused("log.future", day=day.isoformat(), today=today.isoformat())
    current = _active_headline_targets(session, actor, today)
    if current and not any(day in target.period for target in current):
        period = current[0].period
        raise EntryRefused(
            "log.outside_period",
            day=day.isoformat(),
            start=period.start.isoformat(),
            end=period.end.isoformat(),
        )


def record_entry(
    *,
    session: Session,
    actor: Actor,
    day: date,
    today: date,
    reading: CheckIn,
    key: str,
    source: ActualSource,
    now: datetime,
) -> EntryResult:
    """Record `reading` for `day` once per `key` (a Slack message or command invocation)."""
    logged = log_actual(
        session=session,
        workspace_id=actor.workspace.id,
        member_id=actor.member.id,
        day=day,
        amount=reading.amount,
        idempotency_key=key,
        source=source,
        actor=actor.member.slack_user_id,
        now=now,
        counts=counts_of(reading),
        note=reading.note or None,
    )
    return EntryResult(
        logged.entry,
        logged.created,
        outlook(session=session, actor=actor, today=today),
        text_cut=reading.truncated,
    )


def undo_last(*, session: Session, actor: Actor, today: date, now: datetime) -> EntryResult | None:
    """Take back the member's most recently made entry still counting; None if there is none."""
    entries = list_actuals(
        session=session, workspace_id=actor.workspace.id, member_id=actor.member.id
    )
    if not entries:
        return None
    # Ids grow with each insert: the highest is the last one made, whatever day it is for.
    last = max(entries, key=lambda entry: entry.id)
    removed = delete_actual(
        session=session,
        workspace_id=actor.workspace.id,
        actual_id=last.id,
        actor=actor.member.slack_user_id,
        now=now,
    )
    return EntryResult(removed, True, outlook(session=session, actor=actor, today=today))


def find_entry(*, session: Session, actor: Actor, key: str) -> ActualRecord | None:
    """The member's entry recorded under `key` (deleted ones included); None for anyone else's."""
    entry = actual_by_key(session=session, workspace_id=actor.workspace.id, idempotency_key=key)
    if entry is None or entry.member_id != actor.member.id:
        return None
    return entry


def edit_entry(
    *,
    session: Session,
    actor: Actor,
    entry: ActualRecord,
    reading: CheckIn,
    day: date,
    today: date,
    now: datetime,
) -> EntryResult:
    """Replace an entry's figures (and day) with a fresh reading of the edited message."""
    edited = edit_actual(
        session=session,
        workspace_id=actor.workspace.id,
        actual_id=entry.id,
        actor=actor.member.slack_user_id,
        now=now,
        amount=reading.amount,
        counts=counts_of(reading),
        note=reading.note,
        day=day,
    )
    return EntryResult(
        edited, True, outlook(session=session, actor=actor, today=today), text_cut=reading.truncated
    )


def delete_entry(
    *, session: Session, actor: Actor, entry: ActualRecord, today: date, now: datetime
) -> EntryResult:
    """Stop counting an entry (kept, marked deleted, audited)."""
    removed = delete_actual(
        session=session,
        workspace_id=actor.workspace.id,
        actual_id=entry.id,
        actor=actor.member.slack_user_id,
        now=now,
    )
    return EntryResult(
        removed, entry.deleted_at is None, outlook(session=session, actor=actor, today=today)
    )


def outlook(*, session: Session, actor: Actor, today: date) -> Outlook | None:
    """Where the member stands today on their (first) active target, and the next day's need."""
    found = standings(session=session, workspace=actor.workspace, member=actor.member, today=today)
    if not found:
        return None
    standing = found[0]
    next_day = next((day for day in standing.plan.days if day > today), None)
    if next_day is None:
        return Outlook(standing, None, ZERO)
    # Tomorrow's number as if today ended now: today's shortfall (or surplus) spread forward.
    ahead = rebalance(standing.plan.days, standing.actuals, today=next_day)
    return Outlook(standing, next_day, ahead.days.get(next_day, ZERO))


def _active_headline_targets(session: Session, actor: Actor, today: date) -> list[TargetRecord]:
    return [
        target
        for target in active_targets(
            session=session,
            workspace_id=actor.workspace.id,
            owner=Owner.member(actor.member.id),
            on=today,
        )
        if target.dimension is None
    ]


_DATED = re.compile(
    r"\s*(?:(?P<iso>[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})(?![0-9])"
    r"|(?P<before>前天|前日|day before yesterday\b)|(?P<yesterday>昨天|昨日|yesterday\b))"
    r"\s*[,，:：]?\s*",
    re.IGNORECASE,
)


def read_entry(text: str, *, today: date, default: date | None = None) -> tuple[date, CheckIn]:
    """A check-in with an optional leading day (`2027-01-05 3万`, `昨天签了2万`, `yesterday 12k`,
    relative to `today`); without one it is for `default` (else `today`). Raises CheckInError
    for unreadable figures and EntryRefused for an impossible date."""
    day = default or today
    match = _DATED.match(text)
    if match is not None:
        if match.group("iso"):
            day = _iso_day(match.group("iso"))
        else:
            day = today - timedelta(days=2 if match.group("before") else 1)
        text = text[match.end() :]
    return day, parse_check_in(text)


def _iso_day(written: str) -> date:
    year, month, day = (int(part) for part in re.split(r"[-/.]", written))
    try:
        return date(year, month, day)
    except ValueError:
        raise EntryRefused("log.bad_date", day=written) from None
