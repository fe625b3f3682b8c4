"""Milestones (dated checkpoints with an owner) and away days (days that carry no target)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam
from sqlmodel import Session, col, select

from bot.core.periods import Period
from storage.audit import audited_change, audited_insert, record_change
from storage.errors import NotFoundError
from storage.models import AwayDay, Member, Milestone, Target
from storage.records import AwayDayRecord, MilestoneRecord, MilestoneStatus
from storage.scope import WORKSPACE_ID, scoped, scoped_by_parameter
from storage.sql import insert_ignore
from storage.types import from_minor, to_minor


def add_milestone(
    *,
    session: Session,
    workspace_id: str,
    title: str,
    day: date,
    actor: str,
    now: datetime,
    member_id: int | None = None,
    target_id: int | None = None,
    amount: Decimal | None = None,
) -> MilestoneRecord:
    if member_id is not None:
        _require(session, workspace_id, Member, member_id)
    if target_id is not None:
        _require(session, workspace_id, Target, target_id)
    row = Milestone(
        workspace_id=workspace_id,
        target_id=target_id,
        member_id=member_id,
        title=title,
        day=day,
        amount_minor=to_minor(amount) if amount is not None else None,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    audited_insert(
        session=session,
        row=row,
        workspace_id=workspace_id,
        actor=actor,
        entity="milestone",
        now=now,
    )
    return _milestone(row)


def set_milestone_status(
    *,
    session: Session,
    workspace_id: str,
    milestone_id: int,
    status: MilestoneStatus,
    actor: str,
    now: datetime,
) -> MilestoneRecord:
    query = select(Milestone).where(Milestone.id == milestone_id)
    row = session.exec(scoped(query, workspace_id)).one_or_none()
    if row is None:
        raise NotFoundError("milestone", milestone_id, workspace_id=workspace_id)
    with audited_change(
        session=session,
        row=row,
        workspace_id=workspace_id,
        actor=actor,
        entity="milestone",
        entity_id=milestone_id,
        now=now,
    ):
        row.status = status
        row.updated_at = now
    return _milestone(row)


def milestones(
    *,
    session: Session,
    workspace_id: str,
    member_id: int | None = None,
    between: Period | None = None,
    status: MilestoneStatus | None = None,
) -> list[MilestoneRecord]:
    query = select(Milestone).order_by(col(Milestone.day), col(Milestone.id))
    if member_id is not None:
        query = query.where(Milestone.member_id == member_id)
    if between is not None:
        query = query.where(Milestone.day >= between.start, Milestone.day <= between.end)
    if status is not None:
        query = query.where(Milestone.status == status)
    return [_milestone(row) for row in session.exec(scoped(query, workspace_id))]


def set_away(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    days: Iterable[date],
    actor: str,
    now: datetime,
    reason: str | None = None,
) -> list[date]:
    """Mark days as away for a member; returns the days that were not marked already."""
    _require(session, workspace_id, Member, member_id)
    added = [
        day
        for day in sorted(set(days))
        if insert_ignore(
            session,
            AwayDay,
            {"workspace_id": workspace_id, "member_id": member_id, "day": day, "reason": reason},
            conflict=["workspace_id", "member_id", "day"],
        )
        is not None
    ]
    if added:
        record_change(
            session=session,
            workspace_id=workspace_id,
            actor=actor,
            action="set_away",
            entity="member",
            entity_id=member_id,
            now=now,
            after={"days": [day.isoformat() for day in added], "reason": reason},
        )
    return added


def clear_away(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    days: Iterable[date],
    actor: str,
    now: datetime,
) -> list[date]:
    """Unmark away days; returns the days that were marked."""
    wanted = sorted(set(days))
    query = select(AwayDay).where(AwayDay.member_id == member_id, col(AwayDay.day).in_(wanted))
    rows = list(session.exec(scoped(query, workspace_id)))
    for row in rows:
        session.delete(row)
    session.flush()
    removed = sorted(row.day for row in rows)
    if removed:
        record_change(
            session=session,
            workspace_id=workspace_id,
            actor=actor,
            action="clear_away",
            entity="member",
            entity_id=member_id,
            now=now,
            before={"days": [day.isoformat() for day in removed]},
        )
    return removed


def away_days(
    *,
    session: Session,
    workspace_id: str,
    member_id: int | None = None,
    between: Period | None = None,
) -> list[AwayDayRecord]:
    params: dict[str, object] = {WORKSPACE_ID: workspace_id}
    if member_id is not None:
        params["member_id"] = member_id
    if between is not None:
        params |= {"start": between.start, "end": between.end}
    rows = session.execute(_away_query(member_id is not None, between is not None), params)
    return [
        AwayDayRecord(
            id=row.id,
            workspace_id=row.workspace_id,
            member_id=row.member_id,
            day=row.day,
            reason=row.reason,
        )
        for row in rows.scalars()
        if row.id is not None
    ]


@cache
def _away_query(by_member: bool, by_period: bool) -> Select[Any]:
    """`away_days`' query for the filters given, built once (every plan reads it)."""
    query = select(AwayDay).order_by(col(AwayDay.member_id), col(AwayDay.day))
    if by_member:
        query = query.where(AwayDay.member_id == bindparam("member_id"))
    if by_period:
        query = query.where(AwayDay.day >= bindparam("start"), AwayDay.day <= bindparam("end"))
    return scoped_by_parameter(query)


def _require(
    session: Session, workspace_id: str, model: type[Member] | type[Target], row_id: int
) -> None:
    query = select(model.id).where(model.id == row_id)
    if session.exec(scoped(query, workspace_id)).one_or_none() is None:
        raise NotFoundError(model.__name__.lower(), row_id, workspace_id=workspace_id)


def _milestone(row: Milestone) -> MilestoneRecord:
    assert row.id is not None
    status: MilestoneStatus = row.status  # type: ignore[assignment]  # a CHECK constraint
    return MilestoneRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        target_id=row.target_id,
        member_id=row.member_id,
        title=row.title,
        day=row.day,
        amount=from_minor(row.amount_minor) if row.amount_minor is not None else None,
        status=status,
    )
