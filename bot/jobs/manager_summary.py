"""The manager's Monday summary: last week and the period to date per rep, who is at risk and
why, what each rep answered in last week's review thread, and a chart of cumulative target
against actual, by DM at the manager's local morning.

A rep with no working day planned in the week (their target starts later, a holiday week) has
no line: ¥0 of ¥0 says nothing. A manager none of whose reps has a line gets no summary that
Monday; the outbox records it as skipped.

A manager here is anyone with reps (see `ReportingLines`). The summary is due from the
workspace's morning time (09:00 by default) on the manager's local Monday until their midnight,
so a late run catches up and a stale Monday is never sent.

Both the message and the chart go out at most once. The message goes through the `Poster`. The
chart has no message metadata to carry a key, so it has its own outbox row (`CHART_JOB`) claimed
before `files_upload_v2`; an upload whose mark was lost is found again by its comment (the same
words for the same week) in the manager's DM.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.charts import Series, cjk_font, cumulative_chart
from bot.core.periods import Period
from bot.i18n import Lang
from bot.jobs.daily_prompts import member_lang
from bot.jobs.poster import (
    Delivery,
    Outcome,
    Post,
    Poster,
    TokenRefused,
    give_back,
    refused_token,
    settle_error,
    settle_sent,
    unclaimed,
)
from bot.jobs.report import JobReport
from bot.jobs.reporting_lines import ReportingLines
from bot.jobs.runner import Fanout, Slack, run_job
from bot.services.context import member_zone
from bot.services.plans import standing_for
from bot.slack_client import without_repeating_retries
from bot.views.summary import (
    RepWeek,
    ReviewNotes,
    TeamSummary,
    build_manager_summary,
    chart_comment,
    chart_text,
)
from storage.checkins import review_answers, reviews
from storage.members import member_by_slack_id
from storage.outbox import (
    claim_post,
    mark_skipped,
    outbox_posts,
)
from storage.records import MemberRecord, OutboxRow, Owner, WorkspaceRecord
from storage.store import Store
from storage.targets import active_targets
from storage.workspaces import get_workspace

log = logging.getLogger(__name__)

JOB = "manager-summary"
CHART_JOB = "manager-summary-chart"
_DONE = frozenset({"sent", "skipped", "claimed"})
_MONDAY = 0
_ZERO = Decimal("0.00")
# Callers hold the job lock: every unmarked claim found at the start of a run was left behind.
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _Due:
    manager: MemberRecord
    monday: date  # the manager's local Monday
    reps: tuple[MemberRecord, ...]


@dataclass(frozen=True)
class _Gathered:
    summary: TeamSummary
    series: tuple[Series, ...]


def run_manager_summary(
    store: Store,
    slack: Slack,
    now: datetime,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Send every manager's summary (and chart) due at `now` (aware) that was not sent yet."""
    return run_job(JOB, store, slack, now, partial(_in_workspace, store), sleep=sleep)


def _in_workspace(store: Store, poster: Poster, workspace: WorkspaceRecord) -> Fanout:
    # The chart goes with the workspace's own client too.
    uploader = _ChartUploader(store, poster.client, poster.now, claimed_by=poster.claimed_by)
    deliveries = poster.reconcile(workspace_id=workspace.id, job=JOB)
    deliveries += poster.reconcile(workspace_id=workspace.id, job=CHART_JOB, locate=uploader.locate)
    with store.read() as session:
        due, already = _due_managers(session, workspace, poster.now)
    skipped = 0
    for item in due:
        sent = _summarize(store, poster, uploader, workspace, item)
        if sent is None:
            skipped += 1
        else:
            deliveries += sent
    return Fanout(deliveries, skipped=skipped, already=already)


def _due_managers(
    session: Session, workspace: WorkspaceRecord, now: datetime
) -> tuple[list[_Due], int]:
    """Managers on their local Monday past the morning time whose summary or chart is not out
    yet; and how many have both already."""
    lines = ReportingLines.load(session, workspace.id)
    due: list[_Due] = []
    already = 0
    done_cache: dict[date, set[tuple[str, str]]] = {}
    for manager_id in lines.manager_ids():
        manager = lines.members[manager_id]
        local = now.astimezone(member_zone(manager, workspace, workspace.tz))
        if local.weekday() != _MONDAY or local.time() < workspace.daily_prompt_at:
            continue
        monday = local.date()
        if monday not in done_cache:
            done_cache[monday] = {
                (row.job, row.recipient)
                for job in (JOB, CHART_JOB)
                for row in outbox_posts(
                    session=session, workspace_id=workspace.id, job=job, local_date=monday
                )
                if row.status in _DONE
            }
        done = done_cache[monday]
        if {(JOB, manager.slack_user_id), (CHART_JOB, manager.slack_user_id)} <= done:
            already += 1
            continue
        due.append(_Due(manager, monday, tuple(lines.reps_of(manager_id))))
    return due, already


def _summarize(
    store: Store, poster: Poster, uploader: _ChartUploader, workspace: WorkspaceRecord, due: _Due
) -> list[Delivery] | None:
    """Send one manager's summary, then the chart; None when no rep had a target to show."""
    recipient = due.manager.slack_user_id
    try:
        lang = member_lang(due.manager, workspace)
        with store.read() as session:
            gathered = _gather(session, workspace, due, lang)
        if not gathered.summary.reps:
            # No rep had a working day planned in the week (the team's first week, a holiday
            # week): nothing to sum up. Recorded, so later ticks today do not look again.
            _skip(store, poster, workspace.id, recipient, due.monday)
            return None
        message = build_manager_summary(gathered.summary, lang)
        post = Post(
            workspace_id=workspace.id,
            job=JOB,
            recipient=recipient,
            local_date=due.monday,
            text=message["text"],
            blocks=tuple(message["blocks"]),
        )
        summary = poster.send(post)
        if summary.outcome in (Outcome.FAILED, Outcome.SKIPPED):
            return [summary]  # the chart waits for its message, so it never arrives alone
        week = gathered.summary.week
        png = cumulative_chart(gathered.series, chart_text(week, lang), font=cjk_font())
        chart = uploader.send(
            workspace_id=workspace.id,
            recipient=recipient,
            monday=due.monday,
            png=png,
            title=chart_text(week, lang).title,
            comment=chart_comment(week, lang),
        )
        return [summary, chart]
    except TokenRefused:
        raise  # the whole workspace's, not this manager's
    except Exception as error:
        # One manager's bad data or a bug must not cost the other managers their summary.
        log.exception("%s on %s: unexpected error", recipient, due.monday)
        return [Delivery(recipient, due.monday, Outcome.FAILED, error=type(error).__name__)]


def _gather(session: Session, workspace: WorkspaceRecord, due: _Due, lang: Lang) -> _Gathered:
    monday = due.monday
    week = Period(monday - timedelta(days=7), monday - timedelta(days=1))
    reps: list[RepWeek] = []
    series: list[Series] = []
    for rep in due.reps:
        targets = [
            target
            for target in active_targets(
                session=session,
                workspace_id=workspace.id,
                owner=Owner.member(rep.id),
                overlapping=Period(week.start, monday),
            )
            if target.dimension is None  # splits are views of the same money
        ]
        for target in targets:
            standing = standing_for(
                session=session,
                workspace=workspace,
                target=target,
                member_id=rep.id,
                today=monday,
            )
            plan, actuals, pace = standing.plan.days, standing.actuals, standing.pace
            if not any(week.start <= day <= week.end for day in plan):
                continue  # not a working day of this target in the week: ¥0 of ¥0 says nothing
            label = target.period.label or (
                f"{target.period.start.isoformat()}..{target.period.end.isoformat()}"
            )
            reps.append(
                RepWeek(
                    user_id=rep.slack_user_id,
                    name=rep.display_name,
                    period_label=label,
                    currency=target.amount.currency,
                    week_target=_sum_over(plan, week),
                    week_actual=_sum_over(actuals, week),
                    to_date_target=pace.target_to_date,
                    to_date_actual=pace.actual_to_date,
                    period_target=pace.target_total,
                    risks=standing.rebalanced.risks,
                )
            )
            last = min(monday - timedelta(days=1), target.period.end)
            if last >= target.period.start:
                name = rep.display_name if len(targets) == 1 else f"{rep.display_name} {label}"
                series.append(_cumulative(name, Period(target.period.start, last), plan, actuals))
    notes = _review_notes(session, workspace, week, due.reps)
    return _Gathered(TeamSummary(week=week, reps=tuple(reps), notes=notes), tuple(series))


def _review_notes(
    session: Session, workspace: WorkspaceRecord, week: Period, reps: Sequence[MemberRecord]
) -> tuple[ReviewNotes, ...]:
    """Each rep's answers in the review threads of `week`, in the order of `reps`; a rep in two
    teams who wrote the same words in both threads is quoted once."""
    said: dict[int, list[str]] = {rep.id: [] for rep in reps}
    for review in reviews(session=session, workspace_id=workspace.id, week_start=week.start):
        for answer in review_answers(
            session=session, workspace_id=workspace.id, review_id=review.id
        ):
            texts = said.get(answer.member_id)
            if texts is not None and answer.text.strip() and answer.text not in texts:
                texts.append(answer.text)
    return tuple(
        ReviewNotes(rep.slack_user_id, tuple(said[rep.id])) for rep in reps if said[rep.id]
    )


def _skip(store: Store, poster: Poster, workspace_id: str, recipient: str, monday: date) -> None:
    """Record the manager's summary and chart of `monday` as skipped: nothing to send."""
    for job in (JOB, CHART_JOB):
        with store.session() as session:
            row = claim_post(
                session=session,
                workspace_id=workspace_id,
                job=job,
                recipient=recipient,
                local_date=monday,
                now=poster.now,
                claimed_by=poster.claimed_by,
            )
            if row is not None:
                mark_skipped(
                    session=session,
                    workspace_id=workspace_id,
                    post_id=row.id,
                    reason="no working day planned in the week",
                    now=poster.now,
                )


def _sum_over(amounts: Mapping[date, Decimal], span: Period) -> Decimal:
    return sum((amount for day, amount in amounts.items() if span.start <= day <= span.end), _ZERO)


def _cumulative(
    name: str, span: Period, plan: Mapping[date, Decimal], actuals: Mapping[date, Decimal]
) -> Series:
    days: list[date] = []
    target: list[Decimal] = []
    actual: list[Decimal] = []
    planned = won = _ZERO
    day = span.start
    while day <= span.end:
        planned += plan.get(day, _ZERO)
        won += actuals.get(day, _ZERO)
        days.append(day)
        target.append(planned)
        actual.append(won)
        day += timedelta(days=1)
    return Series(name, tuple(days), tuple(target), tuple(actual))


@dataclass
class _ChartUploader:
    """Uploads each manager's weekly chart at most once (claim, upload, mark; see the module
    doc), with the outbox rows of `CHART_JOB`."""

    store: Store
    client: WebClient
    now: datetime
    claimed_by: str

    def __post_init__(self) -> None:
        # A retried completeUploadExternal after a 5xx could share the file twice.
        self._client = without_repeating_retries(self.client)

    def send(
        self,
        *,
        workspace_id: str,
        recipient: str,
        monday: date,
        png: bytes,
        title: str,
        comment: str,
    ) -> Delivery:
        with self.store.session() as session:
            row = claim_post(
                session=session,
                workspace_id=workspace_id,
                job=CHART_JOB,
                recipient=recipient,
                local_date=monday,
                now=self.now,
                claimed_by=self.claimed_by,
            )
        if row is None:
            return unclaimed(self.store, workspace_id, CHART_JOB, recipient, monday, self.now)
        filename = chart_filename(monday)
        try:
            channel = self._dm(recipient)
            if row.attempts > 1:
                found = self._find(channel, comment, filename)
                if found is not None:
                    self._mark_sent(row, channel, found)
                    return Delivery(recipient, monday, Outcome.RECONCILED, channel, found)
            response = self._client.files_upload_v2(
                channel=channel,
                file=png,
                filename=filename,
                title=title,
                initial_comment=comment,
            )
        except SlackApiError as error:
            refused = refused_token(error)
            if refused is not None:
                raise give_back(self.store, row, refused, now=self.now) from None
            return self._record_error(row, str(error.response.get("error") or "unknown_error"))
        except (SlackClientError, OSError) as error:
            return self._record_error(row, f"{type(error).__name__}: {error}")
        files: list[Any] = response.get("files") or [response.get("file") or {}]
        file_id = str(files[0].get("id") or "uploaded")
        self._mark_sent(row, channel, file_id)
        return Delivery(recipient, monday, Outcome.POSTED, channel, file_id)

    def locate(self, row: OutboxRow) -> tuple[str, str | None]:
        """Where a claimed chart would be: the manager's DM, and the message sharing it there
        (None if it never got there); for `Poster.reconcile`."""
        with self.store.read() as session:
            comment = _comment_for(session, row)
        try:
            channel = self._dm(row.recipient)
            return channel, self._find(channel, comment, chart_filename(row.local_date))
        except SlackApiError as error:
            refused = refused_token(error)
            if refused is not None:
                raise refused from None
            raise

    def _dm(self, user_id: str) -> str:
        return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def _find(self, channel: str, comment: str | None, filename: str) -> str | None:
        """The ts of the bot's message in `channel` sharing this week's chart."""
        response = self.client.conversations_history(channel=channel, limit=200)
        for message in response.get("messages") or []:
            files = message.get("files") or []
            if not files:
                continue
            names = {str(found.get("name")) for found in files if found.get("name")}
            if filename in names or (comment is not None and message.get("text") == comment):
                return str(message["ts"])
        return None

    def _mark_sent(self, row: OutboxRow, channel: str, ref: str) -> None:
        settle_sent(self.store, row, channel, ref[:32], now=self.now)

    def _record_error(self, row: OutboxRow, error: str) -> Delivery:
        return settle_error(self.store, row, error, now=self.now)


def chart_filename(monday: date) -> str:
    return f"summit-summary-{monday.isoformat()}.png"


def _comment_for(session: Session, row: OutboxRow) -> str | None:
    """The comment the chart of `row` was uploaded with, in its manager's language."""
    manager = member_by_slack_id(
        session=session, workspace_id=row.workspace_id, slack_user_id=row.recipient
    )
    workspace = get_workspace(session=session, workspace_id=row.workspace_id)
    if manager is None or workspace is None:
        return None
    monday = row.local_date
    week = Period(monday - timedelta(days=7), monday - timedelta(days=1))
    return chart_comment(week, member_lang(manager, workspace))
