"""Slack event deduplication: an event id is handled once, however often Slack retries it.

Record the event in the same transaction as its effect. If handling fails the record rolls back
with it, and Slack's retry is handled afresh: the first delivery may never have arrived, so
retries must not be dropped blindly.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.models import ProcessedEvent
from storage.scope import scoped
from storage.sql import insert_ignore


def record_event(*, session: Session, workspace_id: str, event_id: str, now: datetime) -> bool:
    """True the first time `event_id` is seen (go on and handle it), False for a repeat."""
    new_id = insert_ignore(
        session,
        ProcessedEvent,
        {"workspace_id": workspace_id, "event_id": event_id, "received_at": now},
        conflict=["event_id"],
    )
    return new_id is not None


def was_processed(*, session: Session, workspace_id: str, event_id: str) -> bool:
    query = select(ProcessedEvent.id).where(ProcessedEvent.event_id == event_id)
    return session.exec(scoped(query, workspace_id)).first() is not None
