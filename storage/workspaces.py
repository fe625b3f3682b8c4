"""Workspaces: one row per Slack workspace, with the settings its admins chose."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.audit import audited_change, audited_insert, record_change
from storage.errors import NotFoundError
from storage.models import Workspace
from storage.records import WorkspaceRecord


def upsert_workspace(
    *,
    session: Session,
    workspace_id: str,
    name: str,
    actor: str,
    now: datetime,
) -> WorkspaceRecord:
    """Create the workspace on first sight (install, first event); later calls update its name."""
    row = _row(session, workspace_id)
    if row is None:
        row = Workspace(id=workspace_id, name=name, created_at=now, updated_at=now)
        audited_insert(
            session=session,
            row=row,
            workspace_id=workspace_id,
            actor=actor,
            entity="workspace",
            now=now,
        )
    elif row.name != name:
        with audited_change(
            session=session,
            row=row,
            workspace_id=workspace_id,
            actor=actor,
            entity="workspace",
            entity_id=workspace_id,
            now=now,
        ):
            row.name = name
            row.updated_at = now
    return _record(row)


def update_workspace_settings(
    *,
    session: Session,
    workspace_id: str,
    actor: str,
    now: datetime,
    calendar: str | None = None,
    currency: str | None = None,
    language: str | None = None,
    tz: str | None = None,
    daily_prompt_at: time | None = None,
    evening_checkin_at: time | None = None,
    weekly_review_day: int | None = None,
    weekly_review_at: time | None = None,
) -> WorkspaceRecord:
    """Change the given settings (None leaves one as it is)."""
    row = _row(session, workspace_id)
    if row is None:
        raise NotFoundError("workspace", workspace_id, workspace_id=workspace_id)
    changes = {
        "calendar": calendar,
        "currency": currency,
        "language": language,
        "tz": tz,
        "daily_prompt_at": daily_prompt_at,
        "evening_checkin_at": evening_checkin_at,
        "weekly_review_day": weekly_review_day,
        "weekly_review_at": weekly_review_at,
    }
    with audited_change(
        session=session,
        row=row,
        workspace_id=workspace_id,
        actor=actor,
        entity="workspace",
        entity_id=workspace_id,
        now=now,
    ):
        for field, value in changes.items():
            if value is not None:
                setattr(row, field, value)
        row.updated_at = now
    return _record(row)


def set_bot_token(
    *, session: Session, workspace_id: str, encrypted_token: str | None, actor: str, now: datetime
) -> None:
    """Store the (already encrypted) bot token of a multi-workspace install; never audited in
    clear, the audit entry only says that it changed."""
    row = _row(session, workspace_id)
    if row is None:
        raise NotFoundError("workspace", workspace_id, workspace_id=workspace_id)
    row.bot_token_encrypted = encrypted_token
    row.updated_at = now
    session.flush()
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="set_token" if encrypted_token else "clear_token",
        entity="workspace",
        entity_id=workspace_id,
        now=now,
    )


def get_workspace(*, session: Session, workspace_id: str) -> WorkspaceRecord | None:
    row = _row(session, workspace_id)
    return _record(row) if row is not None else None


def bot_token(*, session: Session, workspace_id: str) -> str | None:
    """The encrypted bot token, for the scheduler (which has no request to take it from)."""
    row = _row(session, workspace_id)
    return row.bot_token_encrypted if row is not None else None


def list_workspace_ids(*, session: Session) -> list[str]:
    """Every workspace's id: the scheduler's and the CLI's entry point into per-workspace work."""
    return list(session.exec(select(Workspace.id).order_by(col(Workspace.id))))


def _row(session: Session, workspace_id: str) -> Workspace | None:
    row: Workspace | None = session.execute(
        _WORKSPACE, {"workspace_id": workspace_id}
    ).scalar_one_or_none()
    return row


# Read by every request (its language, calendar and currency): built once.
_WORKSPACE = select(Workspace).where(Workspace.id == bindparam("workspace_id"))


def _record(row: Workspace) -> WorkspaceRecord:
    return WorkspaceRecord(
        id=row.id,
        name=row.name,
        calendar=row.calendar,
        currency=row.currency,
        language=row.language,
        tz=row.tz,
        daily_prompt_at=row.daily_prompt_at,
        evening_checkin_at=row.evening_checkin_at,
        weekly_review_day=row.weekly_review_day,
        weekly_review_at=row.weekly_review_at,
    )
