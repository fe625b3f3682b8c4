"""Check-ins (the morning plan and evening check-in messages) and weekly review threads, with
the replies they collect. Each post is recorded once per key; replies once per Slack event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.audit import record_change
from storage.errors import NotFoundError
from storage.models import CheckIn, CheckInReply, Member, ReviewAnswer, Team, WeeklyReview
from storage.records import (
    CheckInKind,
    CheckInRecord,
    CheckInReplyRecord,
    ReviewAnswerRecord,
    ReviewRecord,
)
from storage.scope import scoped
from storage.sql import insert_ignore


def record_check_in(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    day: date,
    kind: CheckInKind,
    channel_id: str,
    message_ts: str,
    now: datetime,
) -> CheckInRecord:
    """Remember the check-in message of `kind` sent to a member for `day` (the first one wins)."""
    _require(session, workspace_id, Member, member_id)
    insert_ignore(
        session,
        CheckIn,
        {
            "workspace_id": workspace_id,
            "member_id": member_id,
            "day": day,
            "kind": kind,
            "channel_id": channel_id,
            "message_ts": message_ts,
            "created_at": now,
        },
        conflict=["workspace_id", "member_id", "day", "kind"],
    )
    query = select(CheckIn).where(
        CheckIn.member_id == member_id, CheckIn.day == day, CheckIn.kind == kind
    )
    return _check_in(session.exec(scoped(query, workspace_id)).one())


def check_in_by_message(
    *, session: Session, workspace_id: str, channel_id: str, message_ts: str
) -> CheckInRecord | None:
    """The check-in a thread reply belongs to (Slack gives the parent's channel and ts)."""
    query = select(CheckIn).where(
        CheckIn.channel_id == channel_id, CheckIn.message_ts == message_ts
    )
    row = session.exec(scoped(query, workspace_id)).first()
    return _check_in(row) if row is not None else None


def check_ins(
    *,
    session: Session,
    workspace_id: str,
    day: date | None = None,
    member_id: int | None = None,
) -> list[CheckInRecord]:
    query = select(CheckIn).order_by(col(CheckIn.day), col(CheckIn.member_id), col(CheckIn.kind))
    if day is not None:
        query = query.where(CheckIn.day == day)
    if member_id is not None:
        query = query.where(CheckIn.member_id == member_id)
    return [_check_in(row) for row in session.exec(scoped(query, workspace_id))]


def add_check_in_reply(
    *,
    session: Session,
    workspace_id: str,
    check_in_id: int,
    event_id: str,
    text: str,
    actor: str,
    now: datetime,
    actual_id: int | None = None,
) -> bool:
    """Keep a reply (and the actual entry it was read as); False if this event was seen before."""
    _require(session, workspace_id, CheckIn, check_in_id)
    return _create_once(
        session,
        CheckInReply,
        {
            "workspace_id": workspace_id,
            "check_in_id": check_in_id,
            "event_id": event_id,
            "text": text,
            "actual_id": actual_id,
            "received_at": now,
        },
        entity="check_in_reply",
        audited={"check_in_id": check_in_id, "text": text, "actual_id": actual_id},
        actor=actor,
        now=now,
    )


def check_in_replies(
    *, session: Session, workspace_id: str, check_in_id: int
) -> list[CheckInReplyRecord]:
    query = (
        select(CheckInReply)
        .where(CheckInReply.check_in_id == check_in_id)
        .order_by(col(CheckInReply.received_at), col(CheckInReply.id))
    )
    return [_reply(row) for row in session.exec(scoped(query, workspace_id))]


def record_review(
    *,
    session: Session,
    workspace_id: str,
    team_id: int,
    week_start: date,
    channel_id: str,
    thread_ts: str,
    now: datetime,
) -> ReviewRecord:
    """Remember the review thread of a team's week (the first one recorded wins)."""
    _require(session, workspace_id, Team, team_id)
    insert_ignore(
        session,
        WeeklyReview,
        {
            "workspace_id": workspace_id,
            "team_id": team_id,
            "week_start": week_start,
            "channel_id": channel_id,
            "thread_ts": thread_ts,
            "created_at": now,
        },
        conflict=["workspace_id", "team_id", "week_start"],
    )
    query = select(WeeklyReview).where(
        WeeklyReview.team_id == team_id, WeeklyReview.week_start == week_start
    )
    return _review(session.exec(scoped(query, workspace_id)).one())


def review_by_thread(
    *, session: Session, workspace_id: str, channel_id: str, thread_ts: str
) -> ReviewRecord | None:
    query = select(WeeklyReview).where(
        WeeklyReview.channel_id == channel_id, WeeklyReview.thread_ts == thread_ts
    )
    row = session.exec(scoped(query, workspace_id)).first()
    return _review(row) if row is not None else None


def reviews(
    *,
    session: Session,
    workspace_id: str,
    team_id: int | None = None,
    week_start: date | None = None,
) -> list[ReviewRecord]:
    query = select(WeeklyReview).order_by(col(WeeklyReview.week_start), col(WeeklyReview.team_id))
    if team_id is not None:
        query = query.where(WeeklyReview.team_id == team_id)
    if week_start is not None:
        query = query.where(WeeklyReview.week_start == week_start)
    return [_review(row) for row in session.exec(scoped(query, workspace_id))]


def add_review_answer(
    *,
    session: Session,
    workspace_id: str,
    review_id: int,
    member_id: int,
    event_id: str,
    text: str,
    actor: str,
    now: datetime,
    message_ts: str | None = None,
) -> bool:
    """Keep a member's answer in a review thread (the reply `message_ts`); False if this event
    was seen before."""
    _require(session, workspace_id, WeeklyReview, review_id)
    _require(session, workspace_id, Member, member_id)
    return _create_once(
        session,
        ReviewAnswer,
        {
            "workspace_id": workspace_id,
            "review_id": review_id,
            "member_id": member_id,
            "event_id": event_id,
            "message_ts": message_ts,
            "text": text,
            "answered_at": now,
        },
        entity="review_answer",
        audited={"review_id": review_id, "member_id": member_id, "text": text},
        actor=actor,
        now=now,
    )


def edit_review_answer(
    *,
    session: Session,
    workspace_id: str,
    review_id: int,
    message_ts: str,
    text: str,
    actor: str,
    now: datetime,
) -> bool:
    """The reply `message_ts` was edited: its answer now says `text`. False when no answer is
    kept for that reply."""
    row = _answer_to(session, workspace_id, review_id, message_ts)
    if row is None:
        return False
    before = {"text": row.text}
    row.text = text
    session.add(row)
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="update",
        entity="review_answer",
        entity_id=row.id,
        now=now,
        before=before,
        after={"text": text},
    )
    return True


def remove_review_answer(
    *,
    session: Session,
    workspace_id: str,
    review_id: int,
    message_ts: str,
    actor: str,
    now: datetime,
) -> bool:
    """The reply `message_ts` was deleted, and its answer goes with it. False when no answer is
    kept for that reply."""
    row = _answer_to(session, workspace_id, review_id, message_ts)
    if row is None:
        return False
    session.delete(row)
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="delete",
        entity="review_answer",
        entity_id=row.id,
        now=now,
        before={"review_id": review_id, "member_id": row.member_id, "text": row.text},
    )
    return True


def _answer_to(
    session: Session, workspace_id: str, review_id: int, message_ts: str
) -> ReviewAnswer | None:
    _require(session, workspace_id, WeeklyReview, review_id)
    query = select(ReviewAnswer).where(
        ReviewAnswer.review_id == review_id, ReviewAnswer.message_ts == message_ts
    )
    return session.exec(scoped(query, workspace_id)).one_or_none()


def review_answers(
    *, session: Session, workspace_id: str, review_id: int
) -> list[ReviewAnswerRecord]:
    query = (
        select(ReviewAnswer)
        .where(ReviewAnswer.review_id == review_id)
        .order_by(col(ReviewAnswer.answered_at), col(ReviewAnswer.id))
    )
    return [_answer(row) for row in session.exec(scoped(query, workspace_id))]


def _create_once(
    session: Session,
    model: type[CheckInReply] | type[ReviewAnswer],
    values: dict[str, Any],
    *,
    entity: str,
    audited: dict[str, Any],
    actor: str,
    now: datetime,
) -> bool:
    """Insert a row keyed by its Slack event (once per event) and audit its creation; False if
    the event was seen before."""
    new_id = insert_ignore(session, model, values, conflict=["workspace_id", "event_id"])
    if new_id is None:
        return False
    record_change(
        session=session,
        workspace_id=values["workspace_id"],
        actor=actor,
        action="create",
        entity=entity,
        entity_id=new_id,
        now=now,
        after=audited,
    )
    return True


def _require(
    session: Session,
    workspace_id: str,
    model: type[CheckIn] | type[Member] | type[Team] | type[WeeklyReview],
    row_id: int,
) -> None:
    query = select(model.id).where(model.id == row_id)
    if session.exec(scoped(query, workspace_id)).one_or_none() is None:
        raise NotFoundError(model.__name__.lower(), row_id, workspace_id=workspace_id)


def _check_in(row: CheckIn) -> CheckInRecord:
    assert row.id is not None
    kind: CheckInKind = row.kind  # type: ignore[assignment]  # guarded by a CHECK constraint
    return CheckInRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        member_id=row.member_id,
        day=row.day,
        kind=kind,
        channel_id=row.channel_id,
        message_ts=row.message_ts,
    )


def _reply(row: CheckInReply) -> CheckInReplyRecord:
    assert row.id is not None
    return CheckInReplyRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        check_in_id=row.check_in_id,
        event_id=row.event_id,
        text=row.text,
        actual_id=row.actual_id,
        received_at=row.received_at,
    )


def _review(row: WeeklyReview) -> ReviewRecord:
    assert row.id is not None
    return ReviewRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        team_id=row.team_id,
        week_start=row.week_start,
        channel_id=row.channel_id,
        thread_ts=row.thread_ts,
    )


def _answer(row: ReviewAnswer) -> ReviewAnswerRecord:
    assert row.id is not None
    return ReviewAnswerRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        review_id=row.review_id,
        member_id=row.member_id,
        event_id=row.event_id,
        text=row.text,
        answered_at=row.answered_at,
    )
