"""The morning ritual: each rep's number for the day, by DM, at their local prompt time.

Who is due at `now`: every active member with an active target, once their local clock has
passed the workspace's `daily_prompt_at`, on a working day of the workspace calendar (make-up
working days included) that is in their plan (away days are not), until their local midnight.
A run that starts late catches up with everyone still due today; yesterday is never sent.

The store decides what was sent: the outbox (see `bot.jobs.poster`). Each prompt is also
recorded as the member's morning check-in for that date, so replies in its thread count there.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from itertools import repeat

from sqlmodel import Session

from bot.core.pace import Status, pace
from bot.i18n import DEFAULT_LANG, Lang, lang_from_locale, lang_setting
from bot.jobs.poster import Delivery, Post, Poster, isolated
from bot.jobs.report import JobReport
from bot.jobs.runner import Fanout, Slack, run_job
from bot.services.context import member_zone
from bot.services.plans import Standing, calendar_for, standing_for
from bot.views.prompt import MorningPrompt, PaceFigures, TargetToday, build_morning_prompt
from storage.checkins import record_check_in
from storage.members import list_members, member_by_slack_id
from storage.outbox import outbox_posts
from storage.records import MemberRecord, OutboxRow, TargetRecord, WorkspaceRecord
from storage.store import Store
from storage.targets import active_targets

JOB = "daily-prompts"
DEFAULT_WORKERS = 8  # overlap planning and commits with other recipients' Slack waits
_DONE = frozenset({"sent", "skipped", "claimed"})


def run_daily_prompts(
    store: Store,
    slack: Slack,
    now: datetime,
    *,
    workers: int = DEFAULT_WORKERS,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Send every morning prompt due at `now` (aware) that was not sent yet."""
    return run_job(
        JOB, store, slack, now, partial(_in_workspace, store, workers=workers), sleep=sleep
    )


def _in_workspace(
    store: Store, poster: Poster, workspace: WorkspaceRecord, *, workers: int
) -> Fanout:
    reconciled = poster.reconcile(workspace_id=workspace.id, job=JOB, on_sent=_record_prompt)
    with store.read() as session:
        due, already = _due_members(session, workspace, poster.now)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(_prompt, repeat(store), repeat(poster), repeat(workspace), due))
    return Fanout(
        deliveries=[*reconciled, *(outcome for outcome in outcomes if outcome is not None)],
        skipped=sum(1 for outcome in outcomes if outcome is None),
        already=already,
    )


@dataclass(frozen=True)
class _Due:
    """A member whose prompt for their local `today` is due and not yet sent."""

    member: MemberRecord
    today: date
    targets: tuple[TargetRecord, ...]  # their headline targets covering today


def _due_members(
    session: Session, workspace: WorkspaceRecord, now: datetime
) -> tuple[list[_Due], int]:
    """Members past their local prompt time today, with a target covering today, whose prompt
    for today is not sent (or being sent) already; and how many were sent already. Days off
    and away days are told apart later, per member, and counted as skipped."""
    members = list_members(session=session, workspace_id=workspace.id)
    local_days: dict[int, date] = {}
    for member in members:
        local = now.astimezone(member_zone(member, workspace, workspace.tz))
        if local.time() >= workspace.daily_prompt_at:
            local_days[member.id] = local.date()
    if not local_days:
        return [], 0
    targets = _headline_targets(session, workspace, set(local_days.values()))
    done = _already_done(session, workspace, set(local_days.values()))
    due: list[_Due] = []
    already = 0
    for member in members:
        today = local_days.get(member.id)
        if today is None or (member.id, today) not in targets:
            continue
        if (member.slack_user_id, today) in done:
            already += 1
        else:
            due.append(_Due(member, today, tuple(targets[member.id, today])))
    return due, already


def _headline_targets(
    session: Session, workspace: WorkspaceRecord, days: set[date]
) -> dict[tuple[int, date], list[TargetRecord]]:
    """Each member's active targets covering each day, in one query a day rather than one a
    member. Dimension splits are views of the same money and are left out, as `standings`
    does."""
    found: dict[tuple[int, date], list[TargetRecord]] = defaultdict(list)
    for day in days:
        for target in active_targets(session=session, workspace_id=workspace.id, on=day):
            owner = target.owner
            if owner.kind == "member" and owner.id is not None and target.dimension is None:
                found[owner.id, day].append(target)
    return found


def _already_done(
    session: Session, workspace: WorkspaceRecord, days: set[date]
) -> set[tuple[str, date]]:
    return {
        (row.recipient, row.local_date)
        for day in days
        for row in outbox_posts(session=session, workspace_id=workspace.id, job=JOB, local_date=day)
        if row.status in _DONE
    }


def _prompt(store: Store, poster: Poster, workspace: WorkspaceRecord, due: _Due) -> Delivery | None:
    return isolated(
        partial(_send_prompt, store, poster, workspace, due),
        due.member.slack_user_id,
        due.today,
    )


def _send_prompt(
    store: Store, poster: Poster, workspace: WorkspaceRecord, due: _Due
) -> Delivery | None:
    """Send one member's prompt; None when there is nothing to send them today."""
    member, today = due.member, due.today
    if not calendar_for(workspace).is_working_day(today):
        return None
    with store.read() as session:
        found = [
            standing
            for standing in (
                standing_for(
                    session=session,
                    workspace=workspace,
                    target=target,
                    member_id=member.id,
                    today=today,
                )
                for target in due.targets
            )
            if today in standing.plan.days  # not an away day, not before or after the plan
        ]
    if not found:
        return None
    lang = member_lang(member, workspace)
    prompt = MorningPrompt(
        user_id=member.slack_user_id,
        day=today,
        targets=tuple(_target_today(standing, today) for standing in found),
    )
    message = build_morning_prompt(prompt, lang)
    post = Post(
        workspace_id=workspace.id,
        job=JOB,
        recipient=member.slack_user_id,
        local_date=today,
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    return poster.send(post, on_sent=partial(_record_check_in, member.id))


def _target_today(standing: Standing, today: date) -> TargetToday:
    target = standing.target
    month_plan = {
        day: amount
        for day, amount in standing.plan.days.items()
        if (day.year, day.month) == (today.year, today.month)
    }
    month_actuals = _in_month(standing.actuals, today)
    month = pace(month_plan, month_actuals, today=today)
    period = standing.pace
    return TargetToday(
        period_label=target.period.label
        or f"{target.period.start.isoformat()}..{target.period.end.isoformat()}",
        currency=target.amount.currency,
        amount=standing.today_amount,
        planned=standing.plan.amount_on(today),
        visits=standing.today_actions.visits,
        proposals=standing.today_actions.proposals,
        signings=standing.today_actions.signings,
        month=PaceFigures(month.target_total, month.actual_to_date, month.attainment_total_pct),
        period=PaceFigures(period.target_total, period.actual_to_date, period.attainment_total_pct),
        behind=period.status is Status.BEHIND,
        provisional=standing.provisional,
    )


def _in_month(actuals: Mapping[date, Decimal], today: date) -> dict[date, Decimal]:
    return {
        day: amount
        for day, amount in actuals.items()
        if (day.year, day.month) == (today.year, today.month)
    }


def _record_prompt(session: Session, row: OutboxRow, channel: str, ts: str) -> None:
    """A reconciled prompt: find its member, then record it like a fresh one."""
    member = member_by_slack_id(
        session=session, workspace_id=row.workspace_id, slack_user_id=row.recipient
    )
    if member is not None:
        _record_check_in(member.id, session, row, channel, ts)


def _record_check_in(
    member_id: int, session: Session, row: OutboxRow, channel: str, ts: str
) -> None:
    """The prompt becomes the member's morning check-in for its date (in the mark's
    transaction), so a reply in its thread is read as that day's result."""
    record_check_in(
        session=session,
        workspace_id=row.workspace_id,
        member_id=member_id,
        day=row.local_date,
        kind="morning",
        channel_id=channel,
        message_ts=ts,
        now=row.sent_at or row.claimed_at,
    )


def member_lang(member: MemberRecord, workspace: WorkspaceRecord) -> Lang:
    """The workspace's language when an admin chose one, else the member's Slack locale."""
    chosen = lang_setting(workspace.language)
    if chosen is not None:
        return chosen
    return lang_from_locale(member.locale) if member.locale else DEFAULT_LANG
