"""Actual entries: what reps report winning and doing, idempotent per Slack message or event.

Edits stamp `edited_at`, deletes set `deleted_at`; both leave the entry in place and the before
and after in the audit log. Sums and lists ignore deleted entries unless asked.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from bot.core.periods import Period
from storage.audit import audited_change, record_change, snapshot
from storage.errors import InvalidRequestError, NotFoundError
from storage.models import ActualEntry, Member
from storage.records import ActualRecord, ActualSource, Counts, LoggedActual
from storage.scope import scoped
from storage.sql import insert_ignore
from storage.types import from_minor, to_minor

NO_COUNTS = Counts()


def log_actual(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    day: date,
    amount: Decimal,
    idempotency_key: str,
    source: ActualSource,
    actor: str,
    now: datetime,
    counts: Counts = NO_COUNTS,
    note: str | None = None,
) -> LoggedActual:
    """Record an entry for `day` (the rep's local date), once per `idempotency_key`.

    The key is the Slack event id or message ts (or an import row's key). A second call with the
    same key (a Slack retry) changes nothing and returns the first entry with `created=False`.
    """
    member = session.exec(
        scoped(select(Member.id).where(Member.id == member_id), workspace_id)
    ).one_or_none()
    if member is None:
        raise NotFoundError("member", member_id, workspace_id=workspace_id)
    _check_amounts(amount, counts)
    new_id = insert_ignore(
        session,
        ActualEntry,
        {
            "workspace_id": workspace_id,
            "member_id": member_id,
            "day": day,
            "amount_minor": to_minor(amount),
            "visits": counts.visits,
            "calls": counts.calls,
            "deals": counts.deals,
            "proposals": counts.proposals,
            "new_customers": counts.new_customers,
            "collections_minor": to_minor(counts.collections),
            "note": note,
            "source": source,
            "idempotency_key": idempotency_key,
            "created_by": actor,
            "created_at": now,
        },
        conflict=["workspace_id", "idempotency_key"],
    )
    row = _row(session, workspace_id, idempotency_key=idempotency_key)
    assert row is not None
    if new_id is None:
        return LoggedActual(entry=_record(row), created=False)
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="create",
        entity="actual",
        entity_id=new_id,
        now=now,
        after=snapshot(row),
    )
    return LoggedActual(entry=_record(row), created=True)


def edit_actual(
    *,
    session: Session,
    workspace_id: str,
    actual_id: int,
    actor: str,
    now: datetime,
    amount: Decimal | None = None,
    counts: Counts | None = None,
    note: str | None = None,
    day: date | None = None,
) -> ActualRecord:
    """Correct an entry (None leaves a field as it is); the old values go to the audit log."""
    row = _require(session, workspace_id, actual_id)
    if row.deleted_at is not None:
        raise InvalidRequestError(f"actual {actual_id} was deleted")
    _check_amounts(amount or Decimal(0), counts or Counts())
    with audited_change(
        session=session,
        row=row,
        workspace_id=workspace_id,
        actor=actor,
        entity="actual",
        entity_id=actual_id,
        now=now,
    ):
        if amount is not None:
            row.amount_minor = to_minor(amount)
        if counts is not None:
            row.visits = counts.visits
            row.calls = counts.calls
            row.deals = counts.deals
            row.proposals = counts.proposals
            row.new_customers = counts.new_customers
            row.collections_minor = to_minor(counts.collections)
        if note is not None:
            row.note = note
        if day is not None:
            row.day = day
        row.edited_at = now
    return _record(row)


def delete_actual(
    *, session: Session, workspace_id: str, actual_id: int, actor: str, now: datetime
) -> ActualRecord:
    """Soft-delete an entry: it stops counting but stays, with the deletion in the audit log."""
    row = _require(session, workspace_id, actual_id)
    if row.deleted_at is None:
        with audited_change(
            session=session,
            row=row,
            workspace_id=workspace_id,
            actor=actor,
            entity="actual",
            entity_id=actual_id,
            now=now,
            action="delete",
        ):
            row.deleted_at = now
    return _record(row)


def get_actual(*, session: Session, workspace_id: str, actual_id: int) -> ActualRecord | None:
    row = _row(session, workspace_id, actual_id=actual_id)
    return _record(row) if row is not None else None


def actual_by_key(
    *, session: Session, workspace_id: str, idempotency_key: str
) -> ActualRecord | None:
    row = _row(session, workspace_id, idempotency_key=idempotency_key)
    return _record(row) if row is not None else None


def list_actuals(
    *,
    session: Session,
    workspace_id: str,
    member_id: int | None = None,
    between: Period | None = None,
    include_deleted: bool = False,
) -> list[ActualRecord]:
    query = select(ActualEntry).order_by(col(ActualEntry.day), col(ActualEntry.id))
    if member_id is not None:
        query = query.where(ActualEntry.member_id == member_id)
    if between is not None:
        query = query.where(ActualEntry.day >= between.start, ActualEntry.day <= between.end)
    if not include_deleted:
        query = query.where(col(ActualEntry.deleted_at).is_(None))
    return [_record(row) for row in session.exec(scoped(query, workspace_id))]


def daily_actuals(
    *, session: Session, workspace_id: str, member_id: int, between: Period
) -> dict[date, Decimal]:
    """The member's amount won per day (deleted entries left out), for pace and forecasts."""
    query = (
        columns(col(ActualEntry.day), func.sum(col(ActualEntry.amount_minor)))
        .where(
            col(ActualEntry.member_id) == member_id,
            col(ActualEntry.day) >= between.start,
            col(ActualEntry.day) <= between.end,
            col(ActualEntry.deleted_at).is_(None),
        )
        .group_by(col(ActualEntry.day))
        .order_by(col(ActualEntry.day))
    )
    return {day: from_minor(total) for day, total in session.execute(scoped(query, workspace_id))}


def _check_amounts(amount: Decimal, counts: Counts) -> None:
    if amount < 0 or counts.collections < 0:
        raise InvalidRequestError("amounts cannot be negative")
    if min(counts.visits, counts.calls, counts.deals, counts.proposals, counts.new_customers) < 0:
        raise InvalidRequestError("counts cannot be negative")


def _row(
    session: Session,
    workspace_id: str,
    *,
    actual_id: int | None = None,
    idempotency_key: str | None = None,
) -> ActualEntry | None:
    query = select(ActualEntry)
    if actual_id is not None:
        query = query.where(ActualEntry.id == actual_id)
    if idempotency_key is not None:
        query = query.where(ActualEntry.idempotency_key == idempotency_key)
    return session.exec(scoped(query, workspace_id)).one_or_none()


def _require(session: Session, workspace_id: str, actual_id: int) -> ActualEntry:
    row = _row(session, workspace_id, actual_id=actual_id)
    if row is None:
        raise NotFoundError("actual", actual_id, workspace_id=workspace_id)
    return row


def _record(row: ActualEntry) -> ActualRecord:
    assert row.id is not None
    source: ActualSource = row.source  # type: ignore[assignment]  # guarded by a CHECK constraint
    return ActualRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        member_id=row.member_id,
        day=row.day,
        amount=from_minor(row.amount_minor),
        counts=Counts(
            visits=row.visits,
            calls=row.calls,
            deals=row.deals,
            proposals=row.proposals,
            new_customers=row.new_customers,
            collections=from_minor(row.collections_minor),
        ),
        note=row.note,
        source=source,
        idempotency_key=row.idempotency_key,
        created_by=row.created_by,
        created_at=row.created_at,
        edited_at=row.edited_at,
        deleted_at=row.deleted_at,
    )
