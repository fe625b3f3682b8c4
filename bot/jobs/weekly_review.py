"""The weekly ritual: a review thread per team, on the workspace's review day and time (Friday
by default) in the team manager's local time (the workspace's for a team without a manager).

The thread goes into the team's channel, or to the manager by DM for a team without one. It
names every rep of the team who has a target that week (`<@user>`), with the week's planned
amount, what they logged and the attainment, then asks the review questions. Reps' replies in
the thread are kept per rep by the message listener, which finds the review by its thread.

The week is the ISO week (Monday to Sunday) holding the review day. A run that starts late
catches up while it is still the review day, local to the manager; later, nothing stale is
sent. Each team's review goes out once per week through the outbox: its job key carries the
team, since two teams may share a channel or a manager, and its date is the week's Monday.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.core.pace import pace
from bot.core.periods import Period
from bot.i18n import DEFAULT_LANG, Lang, lang_setting
from bot.jobs.daily_prompts import member_lang
from bot.jobs.poster import Delivery, Post, Poster, isolated
from bot.jobs.report import JobReport
from bot.jobs.runner import Fanout, Slack, run_job
from bot.services.context import member_zone
from bot.services.plans import member_plan
from bot.views.review import RepWeek, WeeklyReview, build_weekly_review
from storage.actuals import daily_actuals
from storage.checkins import record_review, reviews
from storage.members import get_member, list_teams, team_members
from storage.outbox import outbox_posts
from storage.records import MemberRecord, OutboxRow, Owner, TeamRecord, WorkspaceRecord
from storage.store import Store
from storage.targets import active_targets

JOB = "weekly-review"
_DONE = frozenset({"sent", "skipped", "claimed"})
ZERO = Decimal("0.00")


def team_job(team_id: int) -> str:
    """The outbox job of one team's reviews: one row per team per week, wherever it goes."""
    return f"{JOB}/team-{team_id}"


def run_weekly_review(
    store: Store,
    slack: Slack,
    now: datetime,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Post every team's review thread due at `now` (aware) that was not posted yet."""
    return run_job(JOB, store, slack, now, partial(_in_workspace, store), sleep=sleep)


def _in_workspace(store: Store, poster: Poster, workspace: WorkspaceRecord) -> Fanout:
    with store.read() as session:
        teams = list_teams(session=session, workspace_id=workspace.id)
    deliveries: list[Delivery] = []
    for team in teams:
        deliveries += poster.reconcile(
            workspace_id=workspace.id,
            job=team_job(team.id),
            on_sent=partial(_record_review, team.id),
        )
    skipped = already = 0
    for team in teams:
        with store.read() as session:
            due = _due(session, workspace, team, poster.now)
        if due is None:
            continue
        if due.already:
            already += 1
            continue
        outcome = isolated(partial(_send, store, poster, workspace, due), due.to, due.week)
        if outcome is None:
            skipped += 1
        else:
            deliveries.append(outcome)
    return Fanout(deliveries, skipped=skipped, already=already)


@dataclass(frozen=True)
class _Due:
    """A team whose review for the week starting `week` is due at the run's `now`."""

    team: TeamRecord
    manager: MemberRecord | None
    today: date  # the manager's local review day
    week: date  # its ISO week's Monday
    to: str  # the team's channel, else the manager's user id (their DM); "" when neither
    already: bool  # posted (or being posted, or refused for good) before this run

    @property
    def span(self) -> Period:
        return Period(self.week, self.week + timedelta(days=6))


def _due(
    session: Session, workspace: WorkspaceRecord, team: TeamRecord, now: datetime
) -> _Due | None:
    """The team's review if it is the review day, past the review time, local to its manager."""
    manager = (
        get_member(session=session, workspace_id=workspace.id, member_id=team.manager_id)
        if team.manager_id is not None
        else None
    )
    zone = (
        member_zone(manager, workspace, workspace.tz)
        if manager is not None
        else _workspace_zone(workspace)
    )
    local = now.astimezone(zone)
    if local.weekday() != workspace.weekly_review_day or local.time() < workspace.weekly_review_at:
        return None
    today = local.date()
    week = today - timedelta(days=today.weekday())
    to = team.channel_id or (manager.slack_user_id if manager is not None else "")
    already = any(
        review.week_start == week
        for review in reviews(session=session, workspace_id=workspace.id, team_id=team.id)
    ) or any(
        row.status in _DONE
        for row in outbox_posts(
            session=session, workspace_id=workspace.id, job=team_job(team.id), local_date=week
        )
    )
    return _Due(team, manager, today, week, to, already)


def _send(store: Store, poster: Poster, workspace: WorkspaceRecord, due: _Due) -> Delivery | None:
    """Post one team's review; None when there is no one to review or nowhere to post it."""
    with store.read() as session:
        reps = _rep_weeks(session, workspace, due.team, due.span)
    if not reps or not due.to:
        return None
    lang = member_lang(due.manager, workspace) if due.manager else workspace_lang(workspace)
    message = build_weekly_review(
        WeeklyReview(due.team.name, due.span.start, due.span.end, tuple(reps)), lang
    )
    post = Post(
        workspace_id=workspace.id,
        job=team_job(due.team.id),
        recipient=due.to,
        local_date=due.week,
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    return poster.send(post, on_sent=partial(_record_review, due.team.id))


def _rep_weeks(
    session: Session, workspace: WorkspaceRecord, team: TeamRecord, week: Period
) -> list[RepWeek]:
    """Each active member of the team with a target that week: something planned in it, or
    something logged against a target covering it. Dimension splits are views of the same
    money and are left out, as `standings` does."""
    found: list[RepWeek] = []
    for member in team_members(session=session, workspace_id=workspace.id, team_id=team.id):
        if not member.active:
            continue
        targets = [
            target
            for target in active_targets(
                session=session,
                workspace_id=workspace.id,
                owner=Owner.member(member.id),
                overlapping=week,
            )
            if target.dimension is None
        ]
        if not targets:
            continue
        planned: dict[date, Decimal] = {}
        for target in targets:
            plan = member_plan(
                session=session, workspace=workspace, target=target, member_id=member.id
            )
            for day, amount in plan.days.items():
                if week.start <= day <= week.end:
                    planned[day] = planned.get(day, ZERO) + amount
        actuals = daily_actuals(
            session=session, workspace_id=workspace.id, member_id=member.id, between=week
        )
        week_pace = pace(planned, actuals, today=week.end)
        if week_pace.target_total == 0 and week_pace.actual_to_date == 0:
            continue  # away all week, or a period that only touches its weekend
        found.append(
            RepWeek(
                user_id=member.slack_user_id,
                target=week_pace.target_total,
                actual=week_pace.actual_to_date,
                attainment_pct=week_pace.attainment_total_pct,
                currency=targets[0].amount.currency or workspace.currency,
            )
        )
    return found


def _record_review(team_id: int, session: Session, row: OutboxRow, channel: str, ts: str) -> None:
    """The posted message is the review's thread (in the mark's transaction), so replies in it
    are read as that team's answers for the week."""
    record_review(
        session=session,
        workspace_id=row.workspace_id,
        team_id=team_id,
        week_start=row.local_date,
        channel_id=channel,
        thread_ts=ts,
        now=row.sent_at or row.claimed_at,
    )


def workspace_lang(workspace: WorkspaceRecord) -> Lang:
    return lang_setting(workspace.language) or DEFAULT_LANG


def _workspace_zone(workspace: WorkspaceRecord) -> ZoneInfo:
    try:
        return ZoneInfo(workspace.tz)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
