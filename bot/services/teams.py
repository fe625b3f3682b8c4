"""Teams and managers: who is in whose team, which channel the team's reviews go to, who manages.

Each change is one store transaction, written only after every check passed, so a refusal
changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from slack_sdk import WebClient
from sqlmodel import Session

from bot.services.authz import Refusal, may_read, may_set_for
from bot.services.context import Actor, UnusableUserError, ensure_members, member_zone
from bot.services.plans import standings
from storage.members import (
    add_team_members,
    ensure_team_managed_by,
    get_member,
    remove_team_member,
    set_manager,
    team_managed_by,
    team_members,
    teams_of_member,
    update_team_channel,
    upsert_member,
)
from storage.records import MemberRecord, TeamRecord
from storage.store import Store

# `<#C123|sales>` as Slack escapes it, or `<#C123>` when the name is not known to the client.
# The label stops at `<` too (Slack escapes it), so unclosed `<#C1|` runs cannot go quadratic.
CHANNEL: Final = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^<>]*))?>")


class Refused(Exception):
    """A change the actor may not make, or cannot be made; nothing was written."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.refusal = Refusal(key, params)


@dataclass(frozen=True)
class Attainment:
    """A member's progress on their first active target, for the team view."""

    actual: Decimal
    total: Decimal
    currency: str | None
    pct: Decimal | None


@dataclass(frozen=True)
class TeamView:
    """The team as its members and manager see it; `attainment` only for whom the actor may
    read (a rep sees the roster, not colleagues' numbers)."""

    team: TeamRecord
    manager: MemberRecord | None
    members: tuple[MemberRecord, ...]
    attainment: Mapping[int, Attainment | None] = field(default_factory=dict)


def team_of(session: Session, actor: Actor) -> TeamRecord | None:
    """The team the actor manages, else the first one they belong to."""
    workspace_id, member_id = actor.workspace.id, actor.member.id
    managed = team_managed_by(session=session, workspace_id=workspace_id, manager_id=member_id)
    if managed is not None:
        return managed
    return next(
        iter(teams_of_member(session=session, workspace_id=workspace_id, member_id=member_id)), None
    )


def view_team(*, store: Store, actor: Actor, now: datetime, fallback_tz: str) -> TeamView | None:
    workspace = actor.workspace
    with store.read() as session:
        team = team_of(session, actor)
        if team is None:
            return None
        manager = (
            get_member(session=session, workspace_id=workspace.id, member_id=team.manager_id)
            if team.manager_id is not None
            else None
        )
        members = team_members(session=session, workspace_id=workspace.id, team_id=team.id)
        attainment: dict[int, Attainment | None] = {}
        for member in members:
            if may_read(actor, member) is not None:
                continue
            today = now.astimezone(member_zone(member, workspace, fallback_tz)).date()
            attainment[member.id] = _attainment(session, actor, member, today)
    return TeamView(team, manager, tuple(members), attainment)


def _attainment(
    session: Session, actor: Actor, member: MemberRecord, today: date
) -> Attainment | None:
    found = standings(session=session, workspace=actor.workspace, member=member, today=today)
    if not found:
        return None
    first = found[0]
    return Attainment(
        actual=first.pace.actual_to_date,
        total=first.pace.target_total,
        currency=first.target.amount.currency,
        pct=first.pace.attainment_total_pct,
    )


def add_to_team(
    *, store: Store, actor: Actor, members: Sequence[MemberRecord], now: datetime
) -> TeamRecord:
    """Put reps in the actor's team (created on first use) and make the actor their manager.

    Only managers build teams; a rep who reports to another manager moves only when an admin
    says so, and admins are not anyone's reps."""
    _require_manager(actor)
    for member in members:
        if member.id == actor.member.id:
            raise Refused("team.refused.self")
        if not actor.is_admin and member.role == "admin":
            raise Refused("set.refused.admin", user=member.slack_user_id)
    by = actor.member.slack_user_id
    with store.session() as session:
        for member in members:
            current = _fresh(session, member)
            if (
                not actor.is_admin
                and current.manager_id is not None
                and current.manager_id != actor.member.id
            ):
                other = get_member(
                    session=session, workspace_id=member.workspace_id, member_id=current.manager_id
                )
                raise Refused(
                    "team.refused.other_manager",
                    user=member.slack_user_id,
                    manager=other.slack_user_id if other is not None else "?",
                )
        team = ensure_team_managed_by(
            session=session,
            workspace_id=actor.workspace.id,
            manager_id=actor.member.id,
            actor=by,
            now=now,
        )
        for member in members:
            previous = _fresh(session, member).manager_id
            if previous == actor.member.id:
                continue
            # An admin moving a rep takes them out of the old manager's team: one rep, one
            # manager, one team's weekly review.
            for old in teams_of_member(
                session=session, workspace_id=actor.workspace.id, member_id=member.id
            ):
                if previous is not None and old.manager_id == previous:
                    remove_team_member(
                        session=session,
                        workspace_id=actor.workspace.id,
                        team_id=old.id,
                        member_id=member.id,
                        actor=by,
                        now=now,
                    )
            set_manager(
                session=session,
                workspace_id=member.workspace_id,
                member_id=member.id,
                manager_id=actor.member.id,
                actor=by,
                now=now,
            )
        return add_team_members(
            session=session,
            workspace_id=actor.workspace.id,
            team_id=team.id,
            member_ids=[member.id for member in members],
            actor=by,
            now=now,
        )


def remove_from_team(
    *, store: Store, actor: Actor, members: Sequence[MemberRecord], now: datetime
) -> TeamRecord:
    """Take reps out of the actor's team; they no longer report to the actor."""
    _require_manager(actor)
    by = actor.member.slack_user_id
    with store.session() as session:
        team = team_of(session, actor)
        if team is None or team.manager_id != actor.member.id:
            raise Refused("team.refused.no_team")
        for member in members:
            if member.id not in team.member_ids:
                raise Refused("team.refused.not_in_team", user=member.slack_user_id)
        for member in members:
            team = remove_team_member(
                session=session,
                workspace_id=actor.workspace.id,
                team_id=team.id,
                member_id=member.id,
                actor=by,
                now=now,
            )
            if _fresh(session, member).manager_id == actor.member.id:
                set_manager(
                    session=session,
                    workspace_id=member.workspace_id,
                    member_id=member.id,
                    manager_id=None,
                    actor=by,
                    now=now,
                )
        return team


def set_team_channel(*, store: Store, actor: Actor, channel_id: str, now: datetime) -> TeamRecord:
    """Send the actor's team's reviews and summaries to `channel_id` (already checked with
    Slack: it exists and the bot is in it)."""
    _require_manager(actor)
    by = actor.member.slack_user_id
    with store.session() as session:
        team = ensure_team_managed_by(
            session=session,
            workspace_id=actor.workspace.id,
            manager_id=actor.member.id,
            actor=by,
            now=now,
        )
        return update_team_channel(
            session=session,
            workspace_id=actor.workspace.id,
            team_id=team.id,
            channel_id=channel_id,
            actor=by,
            now=now,
        )


def make_manager(
    *, store: Store, actor: Actor, member: MemberRecord, now: datetime
) -> MemberRecord:
    """Admins only: a manager may build a team and set their reps' targets. Making managers is
    kept to admins so that the set of people who can read others' numbers stays the admins'
    decision."""
    if not actor.is_admin:
        raise Refused("manager.refused.not_admin")
    if member.role == "admin":
        raise Refused("manager.already_admin", user=member.slack_user_id)
    with store.session() as session:
        return upsert_member(
            session=session,
            workspace_id=member.workspace_id,
            slack_user_id=member.slack_user_id,
            actor=actor.member.slack_user_id,
            now=now,
            role="manager",
        )


def owner_for(
    *, store: Store, client: WebClient, actor: Actor, user_id: str | None, now: datetime
) -> MemberRecord:
    """Whose days or milestone a command changes: the actor's own (no mention), or a mentioned
    rep's when the actor may set that rep's numbers. Raises Refused otherwise."""
    if user_id is None or user_id == actor.member.slack_user_id:
        return actor.member
    if not actor.is_manager:
        raise Refused("set.refused.not_manager", user=user_id)
    try:
        owner = ensure_members(
            store=store,
            client=client,
            workspace_id=actor.workspace.id,
            slack_user_ids=[user_id],
            now=now,
            actor=actor.member.slack_user_id,
        )[user_id]
    except UnusableUserError as error:
        raise Refused(f"set.user.{error.reason}", user=error.user_id) from error
    with store.read() as session:
        manager = (
            get_member(session=session, workspace_id=actor.workspace.id, member_id=owner.manager_id)
            if owner.manager_id is not None
            else None
        )
    refusal = may_set_for(actor, owner, manager=manager, existing=None)
    if refusal is not None:
        raise Refused(refusal.key, **refusal.params)
    return owner


def _require_manager(actor: Actor) -> None:
    if not actor.is_manager:
        raise Refused("team.refused.not_manager")


def _fresh(session: Session, member: MemberRecord) -> MemberRecord:
    """The member as the store has them now, inside the writing transaction."""
    found = get_member(session=session, workspace_id=member.workspace_id, member_id=member.id)
    assert found is not None  # members are never deleted, only deactivated
    return found
