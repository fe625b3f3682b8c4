"""The outbox of scheduled posts: each (job, recipient, local date) goes out at most once.

The protocol, for every post a job makes:

1. `claim_post` in its own committed transaction, before calling Slack. It returns the row to
   send, or None when another process has it or it was already sent: then post nothing.
2. Call Slack.
3. `mark_sent` with the message ts (or `mark_failed` with the error) in a new transaction.

A crash between 1 and 3 leaves the row `claimed`; `pending_unmarked` lists those so a restart can
reconcile them (look for the message in the channel, then mark it sent or failed) instead of
posting twice.

A failed post backs off: `mark_failed` sets `next_attempt_at` to now + `retry_delay(attempts)`
(2, 4, 8, 16, then every 30 minutes), and no claim takes it before then. The scheduler ticks
every minute and every run asks for every post still due, so the backoff is what spaces the
retries: a Slack outage of an hour costs a post about six attempts, not all of them.

There is no deadline here because the jobs hold it: a job asks only for the posts of the
recipient's current local day (today's prompt, this evening's check-in, the review on its day),
so a post whose day is over is never claimed again. `DEFAULT_MAX_ATTEMPTS` is a backstop for a
post some job keeps asking for longer: at the 30-minute ceiling, 48 attempts span about a day.
`gave_up` tells a post out of attempts from one merely waiting for its next try, so a job can
report it as failed, not as already sent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.errors import InvalidRequestError, NotFoundError
from storage.models import OutboxPost
from storage.records import OutboxRow, OutboxStatus
from storage.scope import scoped
from storage.sql import insert_ignore

DEFAULT_MAX_ATTEMPTS = 48
MAX_RETRY_DELAY = timedelta(minutes=30)


def retry_delay(attempts: int) -> timedelta:
    """How long a post that failed its `attempts`-th attempt waits: 2^attempts minutes, at most
    `MAX_RETRY_DELAY`."""
    return min(timedelta(minutes=2 ** min(attempts, 16)), MAX_RETRY_DELAY)


def gave_up(row: OutboxRow, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> bool:
    """The post failed and will not be claimed again: its attempts are used up."""
    return row.status == "failed" and row.attempts >= max_attempts


def waiting(row: OutboxRow, now: datetime, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> bool:
    """The post failed and its next attempt is not due yet at `now`."""
    return (
        row.status == "failed"
        and not gave_up(row, max_attempts)
        and row.next_attempt_at is not None
        and row.next_attempt_at > now
    )


def claim_post(
    *,
    session: Session,
    workspace_id: str,
    job: str,
    recipient: str,
    local_date: date,
    now: datetime,
    claimed_by: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> OutboxRow | None:
    """Claim the post, or None if someone else holds it, it was sent or skipped, it failed and
    its next attempt is after `now`, or it failed `max_attempts` times already (`find_post` and
    `gave_up` / `waiting` tell which). Commit before calling Slack."""
    new_id = insert_ignore(
        session,
        OutboxPost,
        {
            "workspace_id": workspace_id,
            "job": job,
            "recipient": recipient,
            "local_date": local_date,
            "status": "claimed",
            "attempts": 1,
            "claimed_at": now,
            "claimed_by": claimed_by,
        },
        conflict=["workspace_id", "job", "recipient", "local_date"],
    )
    if new_id is not None:
        return _require(session, workspace_id, new_id)
    # Retrying a failed post: the conditional UPDATE is the claim, so two retriers cannot both win.
    retried = session.execute(
        scoped(
            update(OutboxPost)
            .where(
                col(OutboxPost.job) == job,
                col(OutboxPost.recipient) == recipient,
                col(OutboxPost.local_date) == local_date,
                col(OutboxPost.status) == "failed",
                col(OutboxPost.attempts) < max_attempts,
                or_(
                    col(OutboxPost.next_attempt_at).is_(None),
                    col(OutboxPost.next_attempt_at) <= now,
                ),
            )
            .values(
                status="claimed",
                attempts=col(OutboxPost.attempts) + 1,
                claimed_at=now,
                claimed_by=claimed_by,
                next_attempt_at=None,
            )
            .returning(col(OutboxPost.id))
            .execution_options(synchronize_session=False),
            workspace_id,
        )
    ).scalar_one_or_none()
    return _require(session, workspace_id, retried) if retried is not None else None


def mark_sent(
    *,
    session: Session,
    workspace_id: str,
    post_id: int,
    slack_ts: str,
    now: datetime,
    channel_id: str | None = None,
) -> OutboxRow:
    """Record Slack's message ts: the post is done for good."""
    return _mark(
        session,
        workspace_id,
        post_id,
        status="sent",
        marked_at=now,
        sent_at=now,
        slack_ts=slack_ts,
        channel_id=channel_id,
        last_error=None,
    )


def mark_failed(
    *,
    session: Session,
    workspace_id: str,
    post_id: int,
    error: str,
    now: datetime,
    retry_at: datetime | None = None,
) -> OutboxRow:
    """Record why the post failed; a claim at or after `retry_at` may take it again (default:
    `now` + `retry_delay` of the attempts so far; see `claim_post`)."""
    row = _row(session, workspace_id, post_id)
    if retry_at is None:
        retry_at = now + retry_delay(row.attempts)
    return _mark(
        session,
        workspace_id,
        post_id,
        status="failed",
        marked_at=now,
        last_error=error[:2000],
        next_attempt_at=retry_at,
    )


def mark_skipped(
    *, session: Session, workspace_id: str, post_id: int, reason: str, now: datetime
) -> OutboxRow:
    """Nothing to post after all (the rep is away, no plan today): never try again."""
    return _mark(
        session, workspace_id, post_id, status="skipped", marked_at=now, last_error=reason[:2000]
    )


def pending_unmarked(
    *, session: Session, workspace_id: str, claimed_before: datetime
) -> list[OutboxRow]:
    """Claimed before `claimed_before` and never marked: what a restart has to reconcile."""
    query = (
        select(OutboxPost)
        .where(OutboxPost.status == "claimed", OutboxPost.claimed_at < claimed_before)
        .order_by(col(OutboxPost.claimed_at), col(OutboxPost.id))
    )
    return [_record(row) for row in session.exec(scoped(query, workspace_id))]


def find_post(
    *, session: Session, workspace_id: str, job: str, recipient: str, local_date: date
) -> OutboxRow | None:
    """The outbox row of one post, if it was ever claimed."""
    query = select(OutboxPost).where(
        OutboxPost.job == job,
        OutboxPost.recipient == recipient,
        OutboxPost.local_date == local_date,
    )
    row = session.exec(
        scoped(query, workspace_id).execution_options(populate_existing=True)
    ).one_or_none()
    return _record(row) if row is not None else None


def outbox_posts(
    *,
    session: Session,
    workspace_id: str,
    job: str | None = None,
    local_date: date | None = None,
) -> list[OutboxRow]:
    """The outbox rows, optionally of one job and one day (for reports and `jobs run`)."""
    query = select(OutboxPost).order_by(
        col(OutboxPost.local_date), col(OutboxPost.job), col(OutboxPost.id)
    )
    if job is not None:
        query = query.where(OutboxPost.job == job)
    if local_date is not None:
        query = query.where(OutboxPost.local_date == local_date)
    return [_record(row) for row in session.exec(scoped(query, workspace_id))]


def _mark(
    session: Session, workspace_id: str, post_id: int, *, status: OutboxStatus, **values: object
) -> OutboxRow:
    row = _row(session, workspace_id, post_id)
    if row.status == "sent" and status != "sent":
        raise InvalidRequestError(f"outbox post {post_id} was already sent")
    row.status = status
    for field, value in values.items():
        setattr(row, field, value)
    session.flush()
    return _record(row)


def _row(session: Session, workspace_id: str, post_id: int) -> OutboxPost:
    # populate_existing: a claim renewed by UPDATE may be in the identity map with older values.
    query = select(OutboxPost).where(OutboxPost.id == post_id)
    row = session.exec(
        scoped(query, workspace_id).execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFoundError("outbox post", post_id, workspace_id=workspace_id)
    return row


def _require(session: Session, workspace_id: str, post_id: int) -> OutboxRow:
    # populate_existing: a claim renewed by UPDATE may be in the identity map with older values.
    query = select(OutboxPost).where(OutboxPost.id == post_id)
    row = session.exec(scoped(query, workspace_id).execution_options(populate_existing=True)).one()
    return _record(row)


def _record(row: OutboxPost) -> OutboxRow:
    assert row.id is not None
    status: OutboxStatus = row.status  # type: ignore[assignment]  # guarded by a CHECK constraint
    return OutboxRow(
        id=row.id,
        workspace_id=row.workspace_id,
        job=row.job,
        recipient=row.recipient,
        local_date=row.local_date,
        status=status,
        attempts=row.attempts,
        last_error=row.last_error,
        claimed_at=row.claimed_at,
        claimed_by=row.claimed_by,
        marked_at=row.marked_at,
        sent_at=row.sent_at,
        channel_id=row.channel_id,
        slack_ts=row.slack_ts,
        next_attempt_at=row.next_attempt_at,
    )
