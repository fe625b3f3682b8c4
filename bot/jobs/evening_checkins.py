"""The evening ritual: at the workspace's check-in time (18:00 by default), local to each rep, a
short question in the thread of that morning's prompt, for reps who have not reported today.

Only reps who got a morning prompt today are asked (so days off, away days and reps without a
target are left alone, by the morning's own rules). Their reply in the thread is read by the
check-in parser as that day's result. Sent once, through the outbox, like every post.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from itertools import repeat

from sqlmodel import Session

from bot.core.periods import Period
from bot.i18n import t
from bot.jobs.daily_prompts import DEFAULT_WORKERS, member_lang
from bot.jobs.poster import Delivery, Post, Poster, isolated
from bot.jobs.report import JobReport
from bot.jobs.runner import Fanout, Slack, run_job
from bot.services.context import member_zone
from storage.actuals import list_actuals
from storage.checkins import check_ins, record_check_in
from storage.members import list_members, member_by_slack_id
from storage.outbox import outbox_posts
from storage.records import CheckInRecord, MemberRecord, OutboxRow, WorkspaceRecord
from storage.store import Store

JOB = "evening-checkins"
_DONE = frozenset({"sent", "skipped", "claimed"})


@dataclass(frozen=True)
class _Due:
    member: MemberRecord
    today: date
    morning: CheckInRecord  # the prompt whose thread the question goes into


def run_evening_checkins(
    store: Store,
    slack: Slack,
    now: datetime,
    *,
    workers: int = DEFAULT_WORKERS,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Ask every rep whose evening question is due at `now` (aware) and not yet asked."""
    return run_job(
        JOB, store, slack, now, partial(_in_workspace, store, workers=workers), sleep=sleep
    )


def _in_workspace(
    store: Store, poster: Poster, workspace: WorkspaceRecord, *, workers: int
) -> Fanout:
    deliveries = poster.reconcile(
        workspace_id=workspace.id,
        job=JOB,
        on_sent=_record_reconciled,
        thread_of=partial(_morning_ts, store),
    )
    with store.read() as session:
        due, reported, already = _due(session, workspace, poster.now)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for outcome in pool.map(_ask, repeat(poster), repeat(workspace), due):
            assert outcome is not None
            deliveries.append(outcome)
    return Fanout(deliveries, skipped=reported, already=already)


def _due(
    session: Session, workspace: WorkspaceRecord, now: datetime
) -> tuple[list[_Due], int, int]:
    """Reps past their local check-in time who were prompted this morning and have not been
    asked yet; also how many of those already reported today, and how many were asked."""
    local_days: dict[int, date] = {}
    members = {m.id: m for m in list_members(session=session, workspace_id=workspace.id)}
    for someone in members.values():
        local = now.astimezone(member_zone(someone, workspace, workspace.tz))
        if local.time() >= workspace.evening_checkin_at:
            local_days[someone.id] = local.date()
    days = set(local_days.values())
    asked = {
        (row.recipient, row.local_date)
        for day in days
        for row in outbox_posts(session=session, workspace_id=workspace.id, job=JOB, local_date=day)
        if row.status in _DONE
    }
    due: list[_Due] = []
    reported = already = 0
    for day in days:
        for morning in check_ins(session=session, workspace_id=workspace.id, day=day):
            member = members.get(morning.member_id)
            if morning.kind != "morning" or member is None or local_days.get(member.id) != day:
                continue
            if (member.slack_user_id, day) in asked:
                already += 1
            elif list_actuals(
                session=session,
                workspace_id=workspace.id,
                member_id=member.id,
                between=Period(day, day),
            ):
                reported += 1
            else:
                due.append(_Due(member, day, morning))
    return due, reported, already


def _ask(poster: Poster, workspace: WorkspaceRecord, due: _Due) -> Delivery | None:
    return isolated(
        partial(_send_question, poster, workspace, due), due.member.slack_user_id, due.today
    )


def _send_question(poster: Poster, workspace: WorkspaceRecord, due: _Due) -> Delivery:
    lang = member_lang(due.member, workspace)
    post = Post(
        workspace_id=workspace.id,
        job=JOB,
        recipient=due.member.slack_user_id,
        local_date=due.today,
        text=t(lang, "evening.question"),
        thread_ts=due.morning.message_ts,
    )
    return poster.send(post, on_sent=partial(_record, due.member.id))


def _morning_ts(store: Store, row: OutboxRow) -> str | None:
    """The thread an unmarked question went into: that day's morning prompt."""
    with store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id=row.workspace_id, slack_user_id=row.recipient
        )
        if member is None:
            return None
        for found in check_ins(
            session=session, workspace_id=row.workspace_id, day=row.local_date, member_id=member.id
        ):
            if found.kind == "morning":
                return found.message_ts
    return None


def _record_reconciled(session: Session, row: OutboxRow, channel: str, ts: str) -> None:
    member = member_by_slack_id(
        session=session, workspace_id=row.workspace_id, slack_user_id=row.recipient
    )
    if member is not None:
        _record(member.id, session, row, channel, ts)


def _record(member_id: int, session: Session, row: OutboxRow, channel: str, ts: str) -> None:
    record_check_in(
        session=session,
        workspace_id=row.workspace_id,
        member_id=member_id,
        day=row.local_date,
        kind="evening",
        channel_id=channel,
        message_ts=ts,
        now=row.sent_at or row.claimed_at,
    )
