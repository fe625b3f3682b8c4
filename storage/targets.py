"""Targets and their daily plans.

Setting a target for an owner, period, dimension and part that already has an active target
supersedes it: the old row stays, pointing at its successor. A plan is the target's working days
with the amount due on each; rewriting it (a rebalance) bumps `plan_version` and replaces all of
the target's rows in the caller's transaction, so readers see the old plan or the new one, never
a mix.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, cast

from sqlalchemy import Date, Select, Table, bindparam, delete, func, insert, update
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from bot.core.money import Money
from bot.core.periods import Period
from storage.audit import record_change, snapshot
from storage.errors import InvalidRequestError, NotFoundError
from storage.models import Member, PlanDay, Target, Team, Workspace
from storage.records import Owner, OwnerKind, PlanDayRecord, TargetRecord
from storage.scope import WORKSPACE_ID, scoped, scoped_by_parameter
from storage.types import from_minor, to_minor


def set_target(
    *,
    session: Session,
    workspace_id: str,
    owner: Owner,
    amount: Money,
    period: Period,
    actor: str,
    now: datetime,
    weighting: str = "even",
    dimension: str | None = None,
    part: str | None = None,
    parent_id: int | None = None,
    metrics: Mapping[str, Any] | None = None,
    plan: Mapping[date, Decimal] | None = None,
    plan_actions: Mapping[date, Mapping[str, Any]] | None = None,
    none_active: bool = False,
) -> TargetRecord:
    """Set (or replace) the owner's target for `period` (and `dimension`/`part`, if given).

    The currency is the amount's, or the workspace's when the user wrote none. With `plan` (and
    `plan_actions`), as `replace_plan` takes them, the new target is stored with its plan as
    version 1, the same rows and audit as `replace_plan` right after, minus reading back and
    deleting what cannot be there yet.

    `none_active` is the caller's word that it holds the owner's lock (`lock_owners`) and has
    read in this transaction that no active target of this period, dimension and part exists:
    the owner is then neither locked nor looked up again.
    """
    if amount.amount < 0:
        raise InvalidRequestError(f"negative target {amount.amount}")
    if plan is not None:
        _check_plan(period, plan)
    # The caller's currency when it gives one (`/target set` does): no need to read it.
    currency = amount.currency or _workspace_currency(session, workspace_id)
    if parent_id is not None and _target_row(session, workspace_id, parent_id) is None:
        raise NotFoundError("target", parent_id, workspace_id=workspace_id)
    previous: Sequence[Target] = ()
    if not none_active:
        _lock_owner(session, workspace_id, owner)
        previous = session.exec(
            scoped(
                select(Target).where(
                    *_owner_filter(owner),
                    Target.period_start == period.start,
                    Target.period_end == period.end,
                    col(Target.dimension).is_not_distinct_from(dimension),
                    col(Target.part).is_not_distinct_from(part),
                    col(Target.superseded_at).is_(None),
                ),
                workspace_id,
            )
        ).all()
    row = Target(
        workspace_id=workspace_id,
        owner_kind=owner.kind,
        member_id=owner.id if owner.kind == "member" else None,
        team_id=owner.id if owner.kind == "team" else None,
        amount_minor=to_minor(amount.amount),
        currency=currency,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        weighting=weighting,
        dimension=dimension,
        part=part,
        parent_id=parent_id,
        metrics=dict(metrics or {}),
        set_by=actor,
        set_at=now,
        plan_version=0 if plan is None else 1,
    )
    session.add(row)
    session.flush()
    for old in previous:
        before = snapshot(old)
        old.superseded_by = row.id
        old.superseded_at = now
        record_change(
            session=session,
            workspace_id=workspace_id,
            actor=actor,
            action="supersede",
            entity="target",
            entity_id=old.id,
            now=now,
            before=before,
            after=snapshot(old),
        )
    session.flush()
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="replace" if previous else "create",
        entity="target",
        entity_id=row.id,
        now=now,
        before=snapshot(previous[-1]) if previous else None,
        after=snapshot(row),
    )
    if plan is not None:
        assert row.id is not None
        _write_plan_rows(
            session,
            workspace_id=workspace_id,
            target_id=row.id,
            member_id=row.member_id,
            version=1,
            days=plan,
            actions=plan_actions,
            actor=actor,
            now=now,
            before=(0, 0, Decimal("0.00")),
        )
    return _record(row)


def get_target(*, session: Session, workspace_id: str, target_id: int) -> TargetRecord | None:
    row = _target_row(session, workspace_id, target_id)
    return _record(row) if row is not None else None


def active_targets(
    *,
    session: Session,
    workspace_id: str,
    owner: Owner | None = None,
    on: date | None = None,
    overlapping: Period | None = None,
) -> list[TargetRecord]:
    """Targets not superseded, optionally of one owner, covering day `on` or meeting a period."""
    params: dict[str, object] = {WORKSPACE_ID: workspace_id}
    if owner is not None and owner.kind != "workspace":
        params["owner_id"] = owner.id
    if on is not None:
        params["on"] = on
    if overlapping is not None:
        params |= {"start": overlapping.start, "end": overlapping.end}
    query = _active_query(owner.kind if owner else None, on is not None, overlapping is not None)
    return [_record(row) for row in session.execute(query, params).scalars()]


@cache
def _active_query(owner_kind: OwnerKind | None, by_day: bool, by_period: bool) -> Select[Any]:
    """`active_targets`' query for the filters given, built once: every command and job
    reads active targets, and building the query cost more than running it."""
    query = select(Target).where(col(Target.superseded_at).is_(None))
    if owner_kind is not None:
        query = query.where(*_owner_filter_by(owner_kind, bindparam("owner_id")))
    if by_day:
        day = bindparam("on", type_=Date)
        query = query.where(Target.period_start <= day, Target.period_end >= day)
    if by_period:
        query = query.where(
            Target.period_start <= bindparam("end"), Target.period_end >= bindparam("start")
        )
    return scoped_by_parameter(query.order_by(col(Target.period_start), col(Target.id)))


def target_history(
    *, session: Session, workspace_id: str, owner: Owner, period: Period | None = None
) -> list[TargetRecord]:
    """Every target the owner ever had (for a period, if given), oldest first."""
    query = select(Target).where(*_owner_filter(owner)).order_by(col(Target.set_at), col(Target.id))
    if period is not None:
        query = query.where(Target.period_start == period.start, Target.period_end == period.end)
    return [_record(row) for row in session.exec(scoped(query, workspace_id))]


def replace_plan(
    *,
    session: Session,
    workspace_id: str,
    target_id: int,
    days: Mapping[date, Decimal],
    actor: str,
    now: datetime,
    actions: Mapping[date, Mapping[str, Any]] | None = None,
) -> int:
    """Make `days` the target's whole plan; returns the new plan version.

    `days` maps each working day to its amount (the planning core's `Plan.days`); `actions` the
    same days to what has to be done (visits, calls, ...). Any earlier plan is replaced.
    """
    row = _target_row(session, workspace_id, target_id)
    if row is None:
        raise NotFoundError("target", target_id, workspace_id=workspace_id)
    _check_plan(Period(row.period_start, row.period_end), days)
    # The UPDATE takes the target's row lock first: two rebalances of one target queue up.
    version: int = session.execute(
        scoped(
            update(Target)
            .where(col(Target.id) == target_id)
            .values(plan_version=col(Target.plan_version) + 1)
            .returning(col(Target.plan_version))
            .execution_options(synchronize_session="evaluate"),
            workspace_id,
        )
    ).scalar_one()
    old_count, old_total = session.execute(
        scoped(
            select(func.count(), func.sum(PlanDay.amount_minor)).where(
                PlanDay.target_id == target_id
            ),
            workspace_id,
        )
    ).one()
    session.execute(
        scoped(
            delete(PlanDay)
            .where(col(PlanDay.target_id) == target_id)
            .execution_options(synchronize_session="evaluate"),
            workspace_id,
        )
    )
    _write_plan_rows(
        session,
        workspace_id=workspace_id,
        target_id=target_id,
        member_id=row.member_id,
        version=version,
        days=days,
        actions=actions,
        actor=actor,
        now=now,
        before=(version - 1, old_count, from_minor(old_total)),
    )
    return version


def _check_plan(period: Period, days: Mapping[date, Decimal]) -> None:
    outside = sorted(day for day in days if day not in period)
    if outside:
        raise InvalidRequestError(
            f"plan days {outside[:3]} are outside {period.start}..{period.end}"
        )
    if any(amount < 0 for amount in days.values()):
        raise InvalidRequestError("a plan day has a negative amount")


def _write_plan_rows(
    session: Session,
    *,
    workspace_id: str,
    target_id: int,
    member_id: int | None,
    version: int,
    days: Mapping[date, Decimal],
    actions: Mapping[date, Mapping[str, Any]] | None,
    actor: str,
    now: datetime,
    before: tuple[int, int, Decimal],  # the plan replaced: version, days, total
) -> None:
    """Insert a target's plan rows at `version` (the earlier ones are gone) and audit it."""
    day_actions = actions or {}
    rows = [
        {
            "workspace_id": workspace_id,
            "target_id": target_id,
            "member_id": member_id,
            "day": day,
            "amount_minor": to_minor(amount),
            "actions": dict(day_actions.get(day, {})),
            "plan_version": version,
        }
        for day, amount in sorted(days.items())
    ]
    if rows:
        _insert_plan_rows(session, rows)
    old_version, old_days, old_total = before
    record_change(
        session=session,
        workspace_id=workspace_id,
        actor=actor,
        action="replan",
        entity="plan",
        entity_id=target_id,
        now=now,
        before={"plan_version": old_version, "days": old_days, "total": str(old_total)},
        after={
            "plan_version": version,
            "days": len(rows),
            "total": str(sum(days.values(), Decimal("0.00"))),
        },
    )


PLAN_DAY_TABLE = cast(Table, PlanDay.__table__)  # type: ignore[attr-defined]  # set by SQLModel
_PLAN_COLUMNS = (
    "workspace_id",
    "target_id",
    "member_id",
    "day",
    "amount_minor",
    "actions",
    "plan_version",
)


def _insert_plan_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk-insert plan rows: COPY on PostgreSQL, one multi-row executemany on SQLite.

    A year of plans for a large team is hundreds of thousands of rows; psycopg's executemany
    costs a round trip per row, COPY streams them in one.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        # Core, not the ORM's bulk insert: the rows need no identity map, and the ORM's
        # per-row bookkeeping was most of a `/target set`'s time in the store.
        connection.execute(insert(PLAN_DAY_TABLE), rows)
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    columns = ", ".join(_PLAN_COLUMNS)
    with driver.cursor() as cursor, cursor.copy(f"COPY plan_day ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[name]) if name == "actions" else row[name]
                    for name in _PLAN_COLUMNS
                ]
            )


def plan_days(
    *,
    session: Session,
    workspace_id: str,
    target_id: int | None = None,
    member_id: int | None = None,
    between: Period | None = None,
) -> list[PlanDayRecord]:
    """Plan rows of one target, or of a member's active targets, by day."""
    query = select(PlanDay).order_by(col(PlanDay.day), col(PlanDay.target_id))
    if target_id is not None:
        query = query.where(PlanDay.target_id == target_id)
    if member_id is not None:
        active = scoped(
            select(Target.id).where(
                Target.member_id == member_id, col(Target.superseded_at).is_(None)
            ),
            workspace_id,
        )
        query = query.where(col(PlanDay.target_id).in_(active))
    if between is not None:
        query = query.where(PlanDay.day >= between.start, PlanDay.day <= between.end)
    return [_plan_record(row) for row in session.exec(scoped(query, workspace_id))]


def member_plan(
    *, session: Session, workspace_id: str, member_id: int, between: Period
) -> dict[date, Decimal]:
    """What the member has to reach each day: the plan of their active headline targets.

    Headline targets are those without a dimension; a split by region or product line is a view
    of the same money and is not added on top.
    """
    query = (
        columns(col(PlanDay.day), func.sum(col(PlanDay.amount_minor)))
        .join(Target, col(Target.id) == col(PlanDay.target_id))
        .where(
            col(PlanDay.member_id) == member_id,
            col(PlanDay.day) >= between.start,
            col(PlanDay.day) <= between.end,
            col(Target.superseded_at).is_(None),
            col(Target.dimension).is_(None),
        )
        .group_by(col(PlanDay.day))
        .order_by(col(PlanDay.day))
    )
    return {day: from_minor(total) for day, total in session.execute(scoped(query, workspace_id))}


def lock_owners(*, session: Session, workspace_id: str, member_ids: Collection[int]) -> None:
    """Row-lock members whose targets the caller is about to read and then set, as
    `_lock_owner` does for one, in one statement. On SQLite nothing is sent: its BEGIN IMMEDIATE
    already serializes writers."""
    if session.get_bind().dialect.name == "sqlite" or not member_ids:
        return
    query = select(Member.id).where(col(Member.id).in_(sorted(member_ids)))
    session.exec(scoped(query, workspace_id).with_for_update()).all()


def _lock_owner(session: Session, workspace_id: str, owner: Owner) -> None:
    """Check (and row-lock, on PostgreSQL) the owner in the workspace.

    The lock makes two concurrent `set_target` calls for one owner take turns, so both cannot
    supersede the same old target and leave two active ones. SQLite's BEGIN IMMEDIATE already
    serializes writers.
    """
    if owner.kind == "member":
        query: Any = scoped(select(Member.id).where(Member.id == owner.id), workspace_id)
    elif owner.kind == "team":
        query = scoped(select(Team.id).where(Team.id == owner.id), workspace_id)
    else:
        query = select(Workspace.id).where(Workspace.id == workspace_id)
    if session.exec(query.with_for_update()).one_or_none() is None:
        key = workspace_id if owner.id is None else owner.id
        raise NotFoundError(owner.kind, key, workspace_id=workspace_id)


def _workspace_currency(session: Session, workspace_id: str) -> str:
    currency = session.exec(
        select(Workspace.currency).where(Workspace.id == workspace_id)
    ).one_or_none()
    if currency is None:
        raise NotFoundError("workspace", workspace_id, workspace_id=workspace_id)
    return currency


def _owner_filter(owner: Owner) -> list[Any]:
    return _owner_filter_by(owner.kind, owner.id)


def _owner_filter_by(kind: OwnerKind, owner_id: Any) -> list[Any]:
    """The criteria for targets of an owner of `kind` whose id is `owner_id` (a value or a
    bind parameter)."""
    if kind == "member":
        return [Target.owner_kind == "member", Target.member_id == owner_id]
    if kind == "team":
        return [Target.owner_kind == "team", Target.team_id == owner_id]
    return [Target.owner_kind == "workspace"]


def _target_row(session: Session, workspace_id: str, target_id: int) -> Target | None:
    query = select(Target).where(Target.id == target_id)
    return session.exec(scoped(query, workspace_id)).one_or_none()


def _record(row: Target) -> TargetRecord:
    assert row.id is not None
    kind: OwnerKind = row.owner_kind  # type: ignore[assignment]  # guarded by a CHECK constraint
    owner_id = row.member_id if kind == "member" else row.team_id
    return TargetRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        owner=Owner(kind, owner_id),
        amount=Money(from_minor(row.amount_minor), row.currency),
        period=Period(row.period_start, row.period_end, row.period_label),
        weighting=row.weighting,
        dimension=row.dimension,
        part=row.part,
        parent_id=row.parent_id,
        metrics=dict(row.metrics),
        plan_version=row.plan_version,
        set_by=row.set_by,
        set_at=row.set_at,
        superseded_by=row.superseded_by,
        superseded_at=row.superseded_at,
    )


def _plan_record(row: PlanDay) -> PlanDayRecord:
    return PlanDayRecord(
        target_id=row.target_id,
        member_id=row.member_id,
        day=row.day,
        amount=from_minor(row.amount_minor),
        actions=dict(row.actions),
        plan_version=row.plan_version,
    )
