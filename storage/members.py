"""Members (people, by Slack user id) and teams."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import bindparam, delete
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from storage.audit import audited_change, audited_insert, record_change, snapshot
from storage.errors import InvalidRequestError, NotFoundError
from storage.models import DmChannel, Member, Team, TeamMember
from storage.records import MemberRecord, Role, TeamRecord
from storage.scope import WORKSPACE_ID, scoped, scoped_by_parameter
from storage.sql import insert_ignore


def upsert_member(
    *,
    session: Session,
    workspace_id: str,
    slack_user_id: str,
    actor: str,
    now: datetime,
    display_name: str | None = None,
    tz: str | None = None,
    locale: str | None = None,
    role: Role | None = None,
) -> MemberRecord:
    """Create the member on first sight; afterwards update whatever is given (None: keep).

    A user's first two requests arriving together both see no member: the insert is
    `ON CONFLICT DO NOTHING`, so the second waits for the first to commit and then updates the
    member it made, rather than failing on the unique Slack id."""
    row = _member_row(session, workspace_id, slack_user_id=slack_user_id)
    changes = {"display_name": display_name, "tz": tz, "locale": locale, "role": role}
    if row is None:
        new_id = insert_ignore(
            session,
            Member,
            {
                "workspace_id": workspace_id,
                "slack_user_id": slack_user_id,
                "display_name": display_name or "",
                "tz": tz,
                "locale": locale,
                "role": role or "rep",
                "active": True,
                "created_at": now,
                "updated_at": now,
            },
            conflict=["workspace_id", "slack_user_id"],
        )
        row = _member_row(session, workspace_id, slack_user_id=slack_user_id)
        assert row is not None  # ours, or the one a concurrent first sight committed
        if new_id is not None:
            _audit(session, row, actor=actor, now=now, action="create", before=None)
            return member_record(row)
    if any(v is not None and getattr(row, k) != v for k, v in changes.items()):
        before = snapshot(row)
        for field, value in changes.items():
            if value is not None:
                setattr(row, field, value)
        row.updated_at = now
        session.flush()
        _audit(session, row, actor=actor, now=now, action="update", before=before)
    return member_record(row)


def set_manager(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    manager_id: int | None,
    actor: str,
    now: datetime,
) -> MemberRecord:
    """Make `manager_id` (a member of the same workspace) the manager of `member_id`."""
    row = _require_member(session, workspace_id, member_id)
    if manager_id is not None:
        _require_member(session, workspace_id, manager_id)
    before = snapshot(row)
    row.manager_id = manager_id
    row.updated_at = now
    session.flush()
    _audit(session, row, actor=actor, now=now, action="update", before=before)
    return member_record(row)


def deactivate_member(
    *, session: Session, workspace_id: str, member_id: int, actor: str, now: datetime
) -> MemberRecord:
    """A member who left: kept for history, no longer prompted or listed as active."""
    row = _require_member(session, workspace_id, member_id)
    before = snapshot(row)
    row.active = False
    row.updated_at = now
    session.flush()
    _audit(session, row, actor=actor, now=now, action="deactivate", before=before)
    return member_record(row)


def get_member(*, session: Session, workspace_id: str, member_id: int) -> MemberRecord | None:
    row = _member_row(session, workspace_id, member_id=member_id)
    return member_record(row) if row is not None else None


def member_by_slack_id(
    *, session: Session, workspace_id: str, slack_user_id: str
) -> MemberRecord | None:
    row = _member_row(session, workspace_id, slack_user_id=slack_user_id)
    return member_record(row) if row is not None else None


def members_by_slack_ids(
    *, session: Session, workspace_id: str, slack_user_ids: Iterable[str]
) -> dict[str, MemberRecord]:
    """The known members among `slack_user_ids`, in one query (for validating imports)."""
    wanted = sorted(set(slack_user_ids))
    if not wanted:
        return {}
    rows = session.execute(
        _MEMBERS_BY_SLACK_IDS, {WORKSPACE_ID: workspace_id, "slack_user_ids": wanted}
    ).scalars()
    return {row.slack_user_id: member_record(row) for row in rows}


# Every request reads its requester, and every command its mentioned users, with this.
_MEMBERS_BY_SLACK_IDS = scoped_by_parameter(
    select(Member).where(col(Member.slack_user_id).in_(bindparam("slack_user_ids", expanding=True)))
)


def dm_channels(*, session: Session, workspace_id: str) -> dict[str, str]:
    """The bot's DM channel with every user it was opened for: Slack user id -> channel id."""
    query = select(DmChannel)
    return {row.slack_user_id: row.channel_id for row in session.exec(scoped(query, workspace_id))}


def remember_dm_channel(
    *, session: Session, workspace_id: str, slack_user_id: str, channel_id: str | None
) -> None:
    """Keep the bot's DM channel with a user as Slack gave it, or forget it (None: it no longer
    works, the next DM opens it again). Not audited: it records Slack's answer, not anyone's
    change."""
    session.execute(
        scoped(delete(DmChannel).where(col(DmChannel.slack_user_id) == slack_user_id), workspace_id)
    )
    if channel_id is not None:
        # Two runs opening the same DM at once (a prompt and a nudge): both found the same one.
        insert_ignore(
            session,
            DmChannel,
            {
                "workspace_id": workspace_id,
                "slack_user_id": slack_user_id,
                "channel_id": channel_id,
            },
            conflict=["workspace_id", "slack_user_id"],
        )


def list_members(
    *, session: Session, workspace_id: str, active_only: bool = True
) -> list[MemberRecord]:
    query = select(Member).order_by(col(Member.slack_user_id))
    if active_only:
        query = query.where(col(Member.active).is_(True))
    return [member_record(row) for row in session.exec(scoped(query, workspace_id))]


def create_team(
    *,
    session: Session,
    workspace_id: str,
    name: str,
    actor: str,
    now: datetime,
    channel_id: str | None = None,
    manager_id: int | None = None,
) -> TeamRecord:
    if manager_id is not None:
        _require_member(session, workspace_id, manager_id)
    row = Team(
        workspace_id=workspace_id,
        name=name,
        channel_id=channel_id,
        manager_id=manager_id,
        created_at=now,
    )
    audited_insert(
        session=session, row=row, workspace_id=workspace_id, actor=actor, entity="team", now=now
    )
    return _team(row, ())


def team_managed_by(*, session: Session, workspace_id: str, manager_id: int) -> TeamRecord | None:
    """The team `manager_id` manages (the first made, should there be several), or None."""
    row: Team | None = session.execute(
        _TEAM_MANAGED_BY, {WORKSPACE_ID: workspace_id, "manager_id": manager_id}
    ).scalar_one_or_none()
    return _teams(session, workspace_id, [row])[0] if row is not None else None


# A manager's every `/target set` and `/target status` looks for their team.
_TEAM_MANAGED_BY = scoped_by_parameter(
    select(Team).where(Team.manager_id == bindparam("manager_id")).order_by(col(Team.id)).limit(1)
)


def ensure_team_managed_by(
    *, session: Session, workspace_id: str, manager_id: int, actor: str, now: datetime
) -> TeamRecord:
    """The team `manager_id` manages, created on first use and named after them (their Slack id
    added when another manager's team has that name already).

    Concurrent first uses (two `/target set` of one manager at once) end with one team: the
    insert is `ON CONFLICT DO NOTHING` on the team's unique name, so the second waits for the
    first to commit and then finds its team, rather than failing on the unique constraint."""
    found = team_managed_by(session=session, workspace_id=workspace_id, manager_id=manager_id)
    if found is not None:
        return found
    manager = _require_member(session, workspace_id, manager_id)
    name = manager.display_name or manager.slack_user_id
    for candidate in (name, f"{name} ({manager.slack_user_id})"):
        new_id = insert_ignore(
            session,
            Team,
            {
                "workspace_id": workspace_id,
                "name": candidate,
                "manager_id": manager_id,
                "created_at": now,
            },
            conflict=["workspace_id", "name"],
        )
        if new_id is not None:
            row = _require_team(session, workspace_id, new_id)
            record_change(
                session=session,
                workspace_id=workspace_id,
                actor=actor,
                action="create",
                entity="team",
                entity_id=new_id,
                now=now,
                after=snapshot(row),
            )
            return _team(row, ())
        taken = team_by_name(session=session, workspace_id=workspace_id, name=candidate)
        if taken is not None and taken.manager_id == manager_id:
            return taken  # made by a concurrent first use of the same manager
    raise InvalidRequestError(f"no free team name for manager {manager_id} in {workspace_id}")


def update_team_channel(
    *,
    session: Session,
    workspace_id: str,
    team_id: int,
    channel_id: str | None,
    actor: str,
    now: datetime,
) -> TeamRecord:
    """Send the team's reviews and summaries to `channel_id`; audited when it changes."""
    row = _require_team(session, workspace_id, team_id)
    if row.channel_id != channel_id:
        with audited_change(
            session=session,
            row=row,
            workspace_id=workspace_id,
            actor=actor,
            entity="team",
            entity_id=team_id,
            now=now,
            action="set_channel",
        ):
            row.channel_id = channel_id
    return _teams(session, workspace_id, [row])[0]


def teams_of_member(*, session: Session, workspace_id: str, member_id: int) -> list[TeamRecord]:
    """The teams `member_id` is in, oldest first."""
    query = (
        select(Team)
        .join(TeamMember, col(TeamMember.team_id) == col(Team.id))
        .where(TeamMember.member_id == member_id)
        .order_by(col(Team.id))
    )
    return _teams(session, workspace_id, list(session.exec(scoped(query, workspace_id))))


def add_team_members(
    *,
    session: Session,
    workspace_id: str,
    team_id: int,
    member_ids: Iterable[int],
    actor: str,
    now: datetime,
) -> TeamRecord:
    """Add members (of this workspace) to a team; members already in it are left alone."""
    team = _require_team(session, workspace_id, team_id)
    current = set(_member_ids_of(session, workspace_id, [team_id])[team_id])
    added = sorted(set(member_ids) - current)
    for member_id in added:
        _require_member(session, workspace_id, member_id)
    return _add_checked(session, _team(team, tuple(sorted(current))), added, actor=actor, now=now)


def adopt(
    *,
    session: Session,
    workspace_id: str,
    member_id: int,
    manager_id: int,
    actor: str,
    now: datetime,
) -> tuple[MemberRecord, TeamRecord]:
    """Make `manager_id` the manager of `member_id` and put the member in the manager's team
    (made on first use): what assigning a target to a rep without a manager does.

    The same rows and audit as `set_manager`, `ensure_team_managed_by` and `add_team_members`
    one after another, in about half the statements: this is on `/target set`'s path."""
    found = session.execute(
        _MEMBERS_BY_ID, {WORKSPACE_ID: workspace_id, "ids": [member_id, manager_id]}
    ).scalars()
    rows = {row.id: row for row in found}
    for wanted in (member_id, manager_id):
        if wanted not in rows:
            raise NotFoundError("member", wanted, workspace_id=workspace_id)
    row = rows[member_id]
    before = snapshot(row)
    row.manager_id = manager_id
    row.updated_at = now
    session.flush()
    _audit(session, row, actor=actor, now=now, action="update", before=before)
    team = ensure_team_managed_by(
        session=session, workspace_id=workspace_id, manager_id=manager_id, actor=actor, now=now
    )
    added = [] if member_id in team.member_ids else [member_id]
    return member_record(row), _add_checked(session, team, added, actor=actor, now=now)


# What `adopt` reads first: the rep and the manager.
_MEMBERS_BY_ID = scoped_by_parameter(
    select(Member).where(col(Member.id).in_(bindparam("ids", expanding=True)))
)


def _add_checked(
    session: Session, team: TeamRecord, added: list[int], *, actor: str, now: datetime
) -> TeamRecord:
    """Add members known to be in the team's workspace and not in the team yet; audited."""
    if not added:
        return team
    for member_id in added:
        session.add(
            TeamMember(team_id=team.id, member_id=member_id, workspace_id=team.workspace_id)
        )
    session.flush()
    after = tuple(sorted({*team.member_ids, *added}))
    record_change(
        session=session,
        workspace_id=team.workspace_id,
        actor=actor,
        action="add_members",
        entity="team",
        entity_id=team.id,
        now=now,
        before={"member_ids": list(team.member_ids)},
        after={"member_ids": list(after)},
    )
    return replace(team, member_ids=after)


def remove_team_member(
    *,
    session: Session,
    workspace_id: str,
    team_id: int,
    member_id: int,
    actor: str,
    now: datetime,
) -> TeamRecord:
    team = _require_team(session, workspace_id, team_id)
    current = set(_member_ids_of(session, workspace_id, [team_id])[team_id])
    link = session.exec(
        scoped(
            select(TeamMember).where(
                TeamMember.team_id == team_id, TeamMember.member_id == member_id
            ),
            workspace_id,
        )
    ).one_or_none()
    if link is not None:
        session.delete(link)
        session.flush()
        record_change(
            session=session,
            workspace_id=workspace_id,
            actor=actor,
            action="remove_member",
            entity="team",
            entity_id=team_id,
            now=now,
            before={"member_ids": sorted(current)},
            after={"member_ids": sorted(current - {member_id})},
        )
    return _team(team, tuple(sorted(current - {member_id})))


def get_team(*, session: Session, workspace_id: str, team_id: int) -> TeamRecord | None:
    row = session.exec(scoped(select(Team).where(Team.id == team_id), workspace_id)).one_or_none()
    return _teams(session, workspace_id, [row])[0] if row is not None else None


def team_by_name(*, session: Session, workspace_id: str, name: str) -> TeamRecord | None:
    row = session.exec(scoped(select(Team).where(Team.name == name), workspace_id)).one_or_none()
    return _teams(session, workspace_id, [row])[0] if row is not None else None


def list_teams(*, session: Session, workspace_id: str) -> list[TeamRecord]:
    rows = list(session.exec(scoped(select(Team).order_by(col(Team.name)), workspace_id)))
    return _teams(session, workspace_id, rows)


def team_members(*, session: Session, workspace_id: str, team_id: int) -> list[MemberRecord]:
    query = (
        select(Member)
        .join(TeamMember, col(TeamMember.member_id) == col(Member.id))
        .where(TeamMember.team_id == team_id)
        .order_by(col(Member.slack_user_id))
    )
    return [member_record(row) for row in session.exec(scoped(query, workspace_id))]


def _member_row(
    session: Session,
    workspace_id: str,
    *,
    member_id: int | None = None,
    slack_user_id: str | None = None,
) -> Member | None:
    query = select(Member)
    if member_id is not None:
        query = query.where(Member.id == member_id)
    if slack_user_id is not None:
        query = query.where(Member.slack_user_id == slack_user_id)
    return session.exec(scoped(query, workspace_id)).one_or_none()


def _require_member(session: Session, workspace_id: str, member_id: int) -> Member:
    row = _member_row(session, workspace_id, member_id=member_id)
    if row is None:
        raise NotFoundError("member", member_id, workspace_id=workspace_id)
    return row


def _require_team(session: Session, workspace_id: str, team_id: int) -> Team:
    row = session.exec(scoped(select(Team).where(Team.id == team_id), workspace_id)).one_or_none()
    if row is None:
        raise NotFoundError("team", team_id, workspace_id=workspace_id)
    return row


def _member_ids_of(
    session: Session, workspace_id: str, team_ids: list[int]
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if team_ids:
        rows = session.execute(_MEMBER_IDS_OF, {WORKSPACE_ID: workspace_id, "team_ids": team_ids})
        for team_id, member_id in rows:
            found[team_id].append(member_id)
    return found


_MEMBER_IDS_OF = scoped_by_parameter(
    columns(col(TeamMember.team_id), col(TeamMember.member_id))
    .where(col(TeamMember.team_id).in_(bindparam("team_ids", expanding=True)))
    .order_by(col(TeamMember.member_id))
)


def _teams(session: Session, workspace_id: str, rows: list[Team]) -> list[TeamRecord]:
    ids = _member_ids_of(session, workspace_id, [row.id for row in rows if row.id is not None])
    return [_team(row, tuple(ids[row.id] if row.id is not None else ())) for row in rows]


def _audit(
    session: Session,
    row: Member,
    *,
    actor: str,
    now: datetime,
    action: str,
    before: dict[str, object] | None,
) -> None:
    record_change(
        session=session,
        workspace_id=row.workspace_id,
        actor=actor,
        action=action,
        entity="member",
        entity_id=row.id,
        now=now,
        before=before,
        after=snapshot(row),
    )


def member_record(row: Member) -> MemberRecord:
    assert row.id is not None
    role: Role = row.role  # type: ignore[assignment]  # guarded by a CHECK constraint
    return MemberRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        slack_user_id=row.slack_user_id,
        display_name=row.display_name,
        tz=row.tz,
        locale=row.locale,
        role=role,
        manager_id=row.manager_id,
        active=row.active,
    )


def _team(row: Team, member_ids: tuple[int, ...]) -> TeamRecord:
    assert row.id is not None
    return TeamRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        channel_id=row.channel_id,
        manager_id=row.manager_id,
        member_ids=member_ids,
    )
