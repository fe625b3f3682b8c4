"""Milestone nudges, risk alerts and celebrations, each sent at most once.

Run at each member's local morning (the workspace's prompt time, 09:00 by default), when
yesterday is closed:

- **Nudges**: 7 and 3 days before an open milestone, its owner gets a DM if they are behind
  pace: what they have won on the milestone's target so far against the milestone amount
  pro-rated by the plan (the share of the plan up to the milestone day that fell on days already
  closed). A milestone without an amount is "be on plan by then": the plan's sum up to its day.
  One DM per owner and day lists every milestone behind (outbox key: job, owner, date).
- **Risks**: the planning core's risks on each rep's targets (`Rebalanced.risks`) go to the rep's
  manager, once per risk: the outbox key carries the rep, target and risk code in the job and the
  risk's `ref` (the first missed day, the missed ISO week's Monday; the period's start for risks
  without one) as the date.
- **Celebrations**: when what was won by a milestone's day reaches its amount, the owner hears
  it once and the milestone is marked met; beating a whole period's target is celebrated once too.
- **Misses**: the first morning after a milestone's day (the owner's), if what was won by that
  day falls short, the owner and their manager each hear it once and it is marked missed.
  Amounts are in the currency of the target it is measured on, else the workspace's.

Each member is looked at once a local day: an outbox row of `CHECK_JOB` (never a message)
says so, so the scheduler's minute ticks cost one query after the morning's work is done. A
check with a failed post is taken up again by the next run. Milestones without an owner
(team-wide ones) are not nudged here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from sqlmodel import Session

from bot.core.allocate import CENT
from bot.core.rebalance import Risk
from bot.jobs.daily_prompts import member_lang
from bot.jobs.poster import Delivery, Outcome, Post, Poster, TokenRefused, isolated
from bot.jobs.report import JobReport
from bot.jobs.reporting_lines import ReportingLines
from bot.jobs.runner import Fanout, Slack, run_job
from bot.services.context import member_zone
from bot.services.plans import Standing, standing_for
from bot.views.nudge import (
    MilestoneGap,
    build_milestone_celebration,
    build_milestone_missed,
    build_milestone_nudge,
    build_period_celebration,
    build_risk_alert,
)
from storage.locks import LockLost
from storage.milestones import milestones, set_milestone_status
from storage.outbox import (
    claim_post,
    mark_failed,
    mark_skipped,
    outbox_posts,
    pending_unmarked,
)
from storage.records import (
    MemberRecord,
    MilestoneRecord,
    OutboxRow,
    Owner,
    TargetRecord,
    WorkspaceRecord,
)
from storage.store import Store
from storage.targets import active_targets, get_target

log = logging.getLogger(__name__)

JOB = "milestone-nudges"
RISK_JOB = "risk"  # + ":{member id}:{target id}:{risk code}"
MILESTONE_JOB = "milestone-met"  # + ":{milestone id}"
MISSED_JOB = "milestone-missed"  # + ":{milestone id}"; to the owner and to their manager
PERIOD_JOB = "period-beaten"  # + ":{target id}"
CHECK_JOB = "milestone-check"  # a member checked on a day: an outbox row, never a message
_POST_JOBS = (RISK_JOB, MILESTONE_JOB, MISSED_JOB, PERIOD_JOB, CHECK_JOB)
_DONE = frozenset({"sent", "skipped", "claimed"})
NUDGE_DAYS = (7, 3)
# A milestone found missed later than this (Summit was off, or it was set in the past) is marked
# missed without a message: news a month old is noise.
MISSED_NEWS_DAYS = 7
ZERO = Decimal("0.00")
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _Morning:
    """A member whose local morning it is, and their standings on that day."""

    member: MemberRecord
    today: date
    standings: tuple[Standing, ...]


def run_milestone_nudges(
    store: Store,
    slack: Slack,
    now: datetime,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Send every nudge, risk alert and celebration due at `now` (aware) not sent yet."""
    return run_job(JOB, store, slack, now, partial(_in_workspace, store), sleep=sleep)


def _in_workspace(store: Store, poster: Poster, workspace: WorkspaceRecord) -> Fanout:
    deliveries = _reconcile(store, poster, workspace.id)
    with store.read() as session:
        lines = ReportingLines.load(session, workspace.id)
        due, checked = _due(session, workspace, lines, poster.now)
        open_milestones = milestones(session=session, workspace_id=workspace.id, status="open")
    for member, today in due:
        owned = [m for m in open_milestones if m.member_id == member.id]
        deliveries += _check(store, poster, workspace, lines, member, today, owned)
    return Fanout(deliveries, already=checked)


def _reconcile(store: Store, poster: Poster, workspace_id: str) -> list[Delivery]:
    """Settle the unmarked posts of a run that died, for each of this job's keys; a check left
    unfinished is simply done again."""
    with store.read() as session:
        pending = [
            row
            for row in pending_unmarked(
                session=session, workspace_id=workspace_id, claimed_before=_END_OF_TIME
            )
            if row.job == JOB or row.job.split(":")[0] in _POST_JOBS
        ]
    settled: list[Delivery] = []
    for job in sorted({row.job for row in pending if row.job != CHECK_JOB}):
        hook = _milestone_met if job.startswith(MILESTONE_JOB + ":") else None
        settled += poster.reconcile(workspace_id=workspace_id, job=job, on_sent=hook)
    for row in pending:
        if row.job == CHECK_JOB:
            _finish_check(store, row, poster.now, failed=True)
    return settled


def _due(
    session: Session, workspace: WorkspaceRecord, lines: ReportingLines, now: datetime
) -> tuple[list[tuple[MemberRecord, date]], int]:
    """Members past their local morning time not checked yet today; and how many were."""
    local_days: dict[int, date] = {}
    for member in lines.members.values():
        local = now.astimezone(member_zone(member, workspace, workspace.tz))
        if local.time() >= workspace.daily_prompt_at:
            local_days[member.id] = local.date()
    checked = {
        (row.recipient, row.local_date)
        for day in set(local_days.values())
        for row in outbox_posts(
            session=session, workspace_id=workspace.id, job=CHECK_JOB, local_date=day
        )
        if row.status in _DONE
    }
    due: list[tuple[MemberRecord, date]] = []
    for member_id, today in sorted(local_days.items()):
        member = lines.members[member_id]
        if (member.slack_user_id, today) not in checked:
            due.append((member, today))
    return due, len(local_days) - len(due)


def _check(
    store: Store,
    poster: Poster,
    workspace: WorkspaceRecord,
    lines: ReportingLines,
    member: MemberRecord,
    today: date,
    owned: list[MilestoneRecord],
) -> list[Delivery]:
    """Everything due for one member this morning, once a day: the check itself has an outbox
    row (never a message), so later runs that day skip the member without reading their plan."""
    with store.session() as session:
        marker = claim_post(
            session=session,
            workspace_id=workspace.id,
            job=CHECK_JOB,
            recipient=member.slack_user_id,
            local_date=today,
            now=poster.now,
            claimed_by=poster.claimed_by,
        )
    if marker is None:
        return []
    deliveries: list[Delivery] = []
    try:
        with store.read() as session:
            morning = _morning(session, workspace, member, today)
        deliveries += _for_member(store, poster, workspace, lines, morning)
        for milestone in owned:
            found = isolated(
                partial(_celebrate_milestone, store, poster, workspace, morning, milestone),
                member.slack_user_id,
                today,
            )
            deliveries += [found] if found is not None else []
        for milestone in owned:
            if milestone.day < today:
                deliveries += _missed(store, poster, workspace, lines, morning, milestone)
        found = isolated(
            partial(_nudge, store, poster, workspace, morning, owned),
            member.slack_user_id,
            today,
        )
        deliveries += [found] if found is not None else []
    except (TokenRefused, LockLost):
        # The whole workspace's, or the whole run's: this member is checked again later.
        _finish_check(store, marker, poster.now, failed=True)
        raise
    except Exception as error:
        log.exception("%s on %s: unexpected error", member.slack_user_id, today)
        deliveries.append(
            Delivery(member.slack_user_id, today, Outcome.FAILED, error=type(error).__name__)
        )
    failed = any(d.outcome is Outcome.FAILED for d in deliveries)
    _finish_check(store, marker, poster.now, failed=failed)
    return deliveries


def _finish_check(store: Store, marker: OutboxRow, now: datetime, *, failed: bool) -> None:
    """A check with a failed post is claimed again by a later run (the posts already made are
    then found done); else it is over for the day."""
    with store.session() as session:
        if failed:
            mark_failed(
                session=session,
                workspace_id=marker.workspace_id,
                post_id=marker.id,
                error="a post failed",
                now=now,
            )
        else:
            mark_skipped(
                session=session,
                workspace_id=marker.workspace_id,
                post_id=marker.id,
                reason="checked",
                now=now,
            )


def _morning(
    session: Session, workspace: WorkspaceRecord, member: MemberRecord, today: date
) -> _Morning:
    """The member's standing on each headline target in force on their `today`."""
    targets = active_targets(
        session=session, workspace_id=workspace.id, owner=Owner.member(member.id), on=today
    )
    standings = tuple(
        standing_for(
            session=session,
            workspace=workspace,
            target=target,
            member_id=member.id,
            today=today,
        )
        for target in targets
        if target.dimension is None
    )
    return _Morning(member, today, standings)


def _for_member(
    store: Store,
    poster: Poster,
    workspace: WorkspaceRecord,
    lines: ReportingLines,
    morning: _Morning,
) -> list[Delivery]:
    """The member's risk alerts to their manager and their period celebrations."""
    deliveries: list[Delivery] = []
    manager = lines.manager_of(morning.member.id)
    for standing in morning.standings:
        target = standing.target
        if manager is not None:
            for risk in standing.rebalanced.risks:
                found = isolated(
                    partial(_alert, poster, workspace, morning.member, manager, target, risk),
                    manager.slack_user_id,
                    morning.today,
                )
                deliveries += [found] if found is not None else []
        pace = standing.pace
        if pace.target_total > 0 and pace.actual_to_date >= pace.target_total:
            found = isolated(
                partial(_celebrate_period, poster, workspace, morning.member, standing),
                morning.member.slack_user_id,
                morning.today,
            )
            deliveries += [found] if found is not None else []
    return deliveries


def _alert(
    poster: Poster,
    workspace: WorkspaceRecord,
    rep: MemberRecord,
    manager: MemberRecord,
    target: TargetRecord,
    risk: Risk,
) -> Delivery:
    message = build_risk_alert(
        rep.slack_user_id,
        _label(target),
        risk,
        member_lang(manager, workspace),
        target.amount.currency,
    )
    post = Post(
        workspace_id=workspace.id,
        job=f"{RISK_JOB}:{rep.id}:{target.id}:{risk.code}",
        recipient=manager.slack_user_id,
        local_date=_risk_day(risk, target),
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    return poster.send(post)


def _risk_day(risk: Risk, target: TargetRecord) -> date:
    """The day that tells this risk from an earlier one of the same kind on the same target."""
    ref = risk.ref
    try:
        if "-W" in ref:
            year, week = ref.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if ref:
            return date.fromisoformat(ref)
    except ValueError:
        log.warning("unreadable risk ref %r on target %s", ref, target.id)
    return target.period.start


def _celebrate_period(
    poster: Poster, workspace: WorkspaceRecord, member: MemberRecord, standing: Standing
) -> Delivery:
    target, pace = standing.target, standing.pace
    message = build_period_celebration(
        _label(target),
        pace.actual_to_date,
        pace.target_total,
        target.amount.currency,
        member_lang(member, workspace),
    )
    post = Post(
        workspace_id=workspace.id,
        job=f"{PERIOD_JOB}:{target.id}",
        recipient=member.slack_user_id,
        local_date=target.period.end,
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    return poster.send(post)


@dataclass(frozen=True)
class _Progress:
    """A milestone measured on its target's plan."""

    amount: Decimal  # the milestone's amount, or the plan up to its day
    expected: Decimal  # the amount pro-rated to the days closed by `today`
    won_by_today: Decimal
    won_by_day: Decimal  # won up to the milestone's day
    currency: str | None


def _progress(
    store: Store,
    workspace: WorkspaceRecord,
    morning: _Morning,
    milestone: MilestoneRecord,
) -> _Progress | None:
    """How the owner stands on the milestone, or None without a target to measure it on."""
    standing = _standing_for_milestone(store, workspace, morning, milestone)
    if standing is None:
        return None
    plan, actuals = standing.plan.days, standing.actuals
    start = standing.target.period.start
    planned_by_day = _sum(plan, start, milestone.day)
    amount = milestone.amount if milestone.amount is not None else planned_by_day
    closed_end = min(morning.today, milestone.day)
    planned_closed = sum((value for day, value in plan.items() if start <= day < closed_end), ZERO)
    expected = (
        (amount * planned_closed / planned_by_day).quantize(CENT, ROUND_HALF_UP)
        if planned_by_day > 0
        else amount
    )
    return _Progress(
        amount=amount,
        expected=expected,
        won_by_today=_sum(actuals, start, morning.today),
        won_by_day=_sum(actuals, start, milestone.day),
        currency=standing.target.amount.currency,
    )


def _standing_for_milestone(
    store: Store, workspace: WorkspaceRecord, morning: _Morning, milestone: MilestoneRecord
) -> Standing | None:
    """The standing on the milestone's own target, else on the owner's target covering its day."""
    for standing in morning.standings:
        if standing.target.id == milestone.target_id:
            return standing
    with store.read() as session:
        target = (
            get_target(session=session, workspace_id=workspace.id, target_id=milestone.target_id)
            if milestone.target_id is not None
            else None
        )
        if target is None or not target.active:
            covering = [
                found
                for found in active_targets(
                    session=session,
                    workspace_id=workspace.id,
                    owner=Owner.member(morning.member.id),
                    on=milestone.day,
                )
                if found.dimension is None
            ]
            target = covering[0] if covering else None
        if target is None:
            return None
        return standing_for(
            session=session,
            workspace=workspace,
            target=target,
            member_id=morning.member.id,
            today=morning.today,
        )


def _celebrate_milestone(
    store: Store,
    poster: Poster,
    workspace: WorkspaceRecord,
    morning: _Morning,
    milestone: MilestoneRecord,
) -> Delivery | None:
    progress = _progress(store, workspace, morning, milestone)
    if progress is None or progress.amount <= 0:
        return None
    won = progress.won_by_day if morning.today > milestone.day else progress.won_by_today
    if won < progress.amount:
        return None
    message = build_milestone_celebration(
        milestone.title,
        won,
        progress.amount,
        progress.currency,
        member_lang(morning.member, workspace),
    )
    post = Post(
        workspace_id=workspace.id,
        job=f"{MILESTONE_JOB}:{milestone.id}",
        recipient=morning.member.slack_user_id,
        local_date=milestone.day,
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    delivery = poster.send(post, on_sent=_milestone_met)
    if delivery.outcome is Outcome.ALREADY_DONE:
        return None  # celebrated before; the milestone was marked met with it
    return delivery


def _milestone_met(session: Session, row: OutboxRow, channel: str, ts: str) -> None:
    """The celebration went out: the milestone is met (in the same transaction as the mark)."""
    milestone_id = int(row.job.split(":")[1])
    set_milestone_status(
        session=session,
        workspace_id=row.workspace_id,
        milestone_id=milestone_id,
        status="met",
        actor="summit",
        now=row.sent_at or row.claimed_at,
    )


def _missed(
    store: Store,
    poster: Poster,
    workspace: WorkspaceRecord,
    lines: ReportingLines,
    morning: _Morning,
    milestone: MilestoneRecord,
) -> list[Delivery]:
    """A milestone whose day is over (the owner's `today` is later) without its amount won: the
    owner and their manager hear it once, then it is marked missed.

    The manager's message goes first and the status changes last, once neither message failed:
    a failure leaves the milestone open, so the next run sends what is missing (the outbox
    keeps what was sent from going twice)."""
    progress = _progress(store, workspace, morning, milestone)
    if progress is None or progress.amount <= 0 or progress.won_by_day >= progress.amount:
        return []  # not measurable, or met (celebrated above)
    owner = morning.member
    deliveries: list[Delivery] = []
    if (morning.today - milestone.day).days <= MISSED_NEWS_DAYS:
        currency = progress.currency or workspace.currency
        manager = lines.manager_of(owner.id)
        to = [(manager, owner.slack_user_id)] if manager is not None else []
        for recipient, about in [*to, (owner, None)]:
            message = build_milestone_missed(
                milestone.title,
                milestone.day,
                progress.won_by_day,
                progress.amount,
                currency,
                member_lang(recipient, workspace),
                owner_id=about,
            )
            post = Post(
                workspace_id=workspace.id,
                job=f"{MISSED_JOB}:{milestone.id}",
                recipient=recipient.slack_user_id,
                local_date=milestone.day,
                text=message["text"],
                blocks=tuple(message["blocks"]),
            )
            found = isolated(partial(poster.send, post), recipient.slack_user_id, morning.today)
            deliveries += [found] if found is not None else []
    if any(d.outcome is Outcome.FAILED for d in deliveries):
        return deliveries
    with store.session() as session:
        still_open = milestones(
            session=session, workspace_id=workspace.id, member_id=owner.id, status="open"
        )
        if any(found.id == milestone.id for found in still_open):  # not cancelled meanwhile
            set_milestone_status(
                session=session,
                workspace_id=workspace.id,
                milestone_id=milestone.id,
                status="missed",
                actor="summit",
                now=poster.now,
            )
    return [d for d in deliveries if d.outcome is not Outcome.ALREADY_DONE]


def _nudge(
    store: Store,
    poster: Poster,
    workspace: WorkspaceRecord,
    morning: _Morning,
    open_milestones: list[MilestoneRecord],
) -> Delivery | None:
    """One DM listing the owner's milestones 7 or 3 days out that they are behind on."""
    gaps: list[MilestoneGap] = []
    for milestone in open_milestones:
        days_left = (milestone.day - morning.today).days
        if milestone.member_id != morning.member.id or days_left not in NUDGE_DAYS:
            continue
        progress = _progress(store, workspace, morning, milestone)
        if progress is None or progress.won_by_today >= progress.expected:
            continue  # on pace (or beaten): nothing to nudge about
        if progress.won_by_today >= progress.amount:
            continue
        gaps.append(
            MilestoneGap(
                title=milestone.title,
                day=milestone.day,
                days_left=days_left,
                amount=progress.amount,
                expected=progress.expected,
                actual=progress.won_by_today,
                currency=progress.currency,
            )
        )
    if not gaps:
        return None
    message = build_milestone_nudge(gaps, member_lang(morning.member, workspace))
    post = Post(
        workspace_id=workspace.id,
        job=JOB,
        recipient=morning.member.slack_user_id,
        local_date=morning.today,
        text=message["text"],
        blocks=tuple(message["blocks"]),
    )
    return poster.send(post)


def _sum(amounts: Mapping[date, Decimal], start: date, end: date) -> Decimal:
    return sum((value for day, value in amounts.items() if start <= day <= end), ZERO)


def _label(target: TargetRecord) -> str:
    period = target.period
    return period.label or f"{period.start.isoformat()}..{period.end.isoformat()}"
