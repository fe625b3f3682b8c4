"""The audit log: every change made through the query functions, who made it and when."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, event, insert
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, SQLModel, col, select

from storage.models import AuditLog
from storage.records import AuditRecord
from storage.scope import scoped

AUDIT_LOG_TABLE = cast(Table, AuditLog.__table__)  # type: ignore[attr-defined]  # set by SQLModel
_INSERT_ENTRIES = insert(AUDIT_LOG_TABLE).returning(AUDIT_LOG_TABLE.c.id)
# Where a session keeps the entries it will write when it commits.
_PENDING = "summit_audit_pending"
# Never copied into the log, even encrypted.
_SECRET_FIELDS = frozenset({"bot_token_encrypted"})


def snapshot(row: SQLModel) -> dict[str, Any]:
    """A JSON-ready copy of a row (dates and instants as ISO text) for `before`/`after`."""
    return row.model_dump(mode="json", exclude=set(_SECRET_FIELDS))


def record_change(
    *,
    session: Session,
    workspace_id: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    now: datetime,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append one entry; part of the caller's transaction, so it commits with the change.

    Entries wait in the session and go in with one statement when it commits (in the order
    recorded, after its other changes), or are dropped with a rollback: a `/target set` that
    adopts a rep records four, and each statement is a round trip on PostgreSQL."""
    session.info.setdefault(_PENDING, []).append(
        {
            "workspace_id": workspace_id,
            "at": now,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": dict(before) if before is not None else None,
            "after": dict(after) if after is not None else None,
        }
    )


@event.listens_for(OrmSession, "before_commit")
def _write_pending(session: OrmSession) -> None:
    entries = session.info.pop(_PENDING, None)
    if entries:
        session.flush()  # an entry may name a row still pending, e.g. a new workspace
        # Core, with RETURNING so that SQLAlchemy sends the entries as one multi-row INSERT
        # ("insertmanyvalues"): psycopg's plain executemany would send a statement per entry.
        session.connection().execute(_INSERT_ENTRIES, entries)


@event.listens_for(OrmSession, "after_transaction_end")
def _drop_pending(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # what a commit did not write goes with the transaction
        session.info.pop(_PENDING, None)


def audited_insert(
    *, session: Session, row: SQLModel, workspace_id: str, actor: str, entity: str, now: datetime
) -> None:
    """Add `row` and log its creation (flushed first, so the entry has its id)."""
    session.add(row)
    session.flush()
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="create",
        entity=entity,
        entity_id=getattr(row, "id", None),
        now=now,
        after=snapshot(row),
    )


@contextmanager
def audited_change(
    *,
    session: Session,
    row: SQLModel,
    workspace_id: str,
    actor: str,
    entity: str,
    entity_id: object,
    now: datetime,
    action: str = "update",
) -> Iterator[None]:
    """Log what the block changes in `row` as one entry, with the row as it was before and
    after; the change is flushed first, so `after` holds what the database will."""
    before = snapshot(row)
    yield
    session.add(row)
    session.flush()
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        now=now,
        before=before,
        after=snapshot(row),
    )


def audit_trail(
    *,
    session: Session,
    workspace_id: str,
    entity: str | None = None,
    entity_id: object | None = None,
    limit: int = 100,
) -> list[AuditRecord]:
    """The newest `limit` entries, newest first, optionally for one entity."""
    query = select(AuditLog)
    if entity is not None:
        query = query.where(AuditLog.entity == entity)
    if entity_id is not None:
        query = query.where(AuditLog.entity_id == str(entity_id))
    query = query.order_by(col(AuditLog.id).desc()).limit(limit)
    return [_record(row) for row in session.exec(scoped(query, workspace_id))]


def _record(row: AuditLog) -> AuditRecord:
    assert row.id is not None
    return AuditRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
    )
