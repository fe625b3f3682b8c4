"""Who is asking: the Slack user behind a request, as Summit knows them.

Slack is asked first (`users.info`), the store second, in one transaction: no transaction is held
open while waiting on the network.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import Lang
from bot.settings import Settings
from storage.members import members_by_slack_ids, upsert_member
from storage.records import MemberRecord, Role, WorkspaceRecord
from storage.store import Store
from storage.workspaces import get_workspace, update_workspace_settings, upsert_workspace

log = logging.getLogger(__name__)

UnusableReason = Literal["not_found", "bot", "deactivated", "other_workspace"]


@dataclass(frozen=True)
class Actor:
    """The Slack user behind a request, as Summit knows them."""

    workspace: WorkspaceRecord
    member: MemberRecord
    lang: Lang
    tz: ZoneInfo  # member's Slack tz, else workspace tz, else settings.summit_tz
    is_admin: bool  # Slack workspace admin/owner

    @property
    def is_manager(self) -> bool:
        return self.is_admin or self.member.role in ("manager", "admin")

    def today(self, now: datetime) -> date:
        """The member's local date at `now` (an aware datetime)."""
        return now.astimezone(self.tz).date()


class UnusableUserError(Exception):
    """A mentioned Slack user Summit cannot plan for: unknown, a bot, deactivated, or foreign."""

    def __init__(self, user_id: str, reason: UnusableReason) -> None:
        super().__init__(f"{user_id}: {reason}")
        self.user_id = user_id
        self.reason = reason


@dataclass(frozen=True)
class _Profile:
    """What `users.info` says about one user, reduced to what the store keeps."""

    user_id: str
    display_name: str | None
    tz: str | None
    locale: str | None
    is_admin: bool
    is_bot: bool
    deleted: bool
    team_id: str | None


def resolve_actor(
    *,
    store: Store,
    client: WebClient,
    team_id: str,
    user_id: str,
    now: datetime,
    lang: Lang,
    settings: Settings,
) -> Actor:
    """The requesting user, creating their workspace and member rows on first sight.

    A failed profile lookup does not stop the request: the member is then taken as the store
    knows them (their role included), which is what Summit decided last time.
    """
    profile = _look_up(client, user_id)
    stored = _unchanged(store, team_id, user_id, profile)
    if stored is not None:
        return Actor(
            workspace=stored[0],
            member=stored[1],
            lang=lang,
            tz=_zone(stored[1].tz, stored[0].tz, settings.summit_tz),
            is_admin=profile.is_admin if profile is not None else stored[1].role == "admin",
        )
    with store.session() as session:
        workspace = get_workspace(session=session, workspace_id=team_id)
        if workspace is None:
            upsert_workspace(
                session=session, workspace_id=team_id, name=team_id, actor=user_id, now=now
            )
            # A new workspace starts from the operator's defaults, not the schema's.
            workspace = update_workspace_settings(
                session=session,
                workspace_id=team_id,
                actor=user_id,
                now=now,
                calendar=settings.summit_calendar,
                tz=settings.summit_tz,
            )
        known = members_by_slack_ids(
            session=session, workspace_id=team_id, slack_user_ids=[user_id]
        ).get(user_id)
        role = _role(profile, known)
        member = upsert_member(
            session=session,
            workspace_id=team_id,
            slack_user_id=user_id,
            actor=user_id,
            now=now,
            display_name=profile.display_name if profile else None,
            tz=profile.tz if profile else None,
            locale=profile.locale if profile else None,
            role=role,
        )
    is_admin = profile.is_admin if profile is not None else member.role == "admin"
    return Actor(
        workspace=workspace,
        member=member,
        lang=lang,
        tz=_zone(member.tz, workspace.tz, settings.summit_tz),
        is_admin=is_admin,
    )


def _unchanged(
    store: Store, team_id: str, user_id: str, profile: _Profile | None
) -> tuple[WorkspaceRecord, MemberRecord] | None:
    """The workspace and member as stored, when the profile would change nothing in them.

    Most commands come from people Summit already knows whose profile has not changed; reading
    them keeps such a request off the store's write lock, which concurrent commands would
    otherwise queue for (on SQLite every write transaction takes it, changes or not)."""
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id=team_id)
        if workspace is None:
            return None
        member = members_by_slack_ids(
            session=session, workspace_id=team_id, slack_user_ids=[user_id]
        ).get(user_id)
    if member is None:
        return None
    if profile is None:
        return workspace, member
    wanted = {
        "display_name": profile.display_name,
        "tz": profile.tz,
        "locale": profile.locale,
        "role": _role(profile, member),
    }
    # The same test as upsert_member's: a None keeps what is stored.
    if any(value is not None and getattr(member, name) != value for name, value in wanted.items()):
        return None
    return workspace, member


def ensure_members(
    *,
    store: Store,
    client: WebClient,
    workspace_id: str,
    slack_user_ids: Iterable[str],
    now: datetime,
    actor: str = "summit",
) -> dict[str, MemberRecord]:
    """Members for mentioned users, created on first sight, in the order given.

    Raises UnusableUserError for the first user that is unknown to Slack, a bot, deactivated or
    from another workspace; nothing is written then.
    """
    wanted = list(dict.fromkeys(slack_user_ids))
    profiles: list[_Profile] = []
    for user_id in wanted:
        profile = _look_up(client, user_id, strict=True)
        assert profile is not None  # strict lookups raise instead
        if profile.is_bot:
            raise UnusableUserError(user_id, "bot")
        if profile.deleted:
            raise UnusableUserError(user_id, "deactivated")
        if profile.team_id is not None and profile.team_id != workspace_id:
            raise UnusableUserError(user_id, "other_workspace")
        profiles.append(profile)
    found: dict[str, MemberRecord] = {}
    with store.session() as session:
        known = members_by_slack_ids(
            session=session, workspace_id=workspace_id, slack_user_ids=wanted
        )
        for profile in profiles:
            found[profile.user_id] = upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=profile.user_id,
                actor=actor,
                now=now,
                display_name=profile.display_name,
                tz=profile.tz,
                locale=profile.locale,
                role=_role(profile, known.get(profile.user_id)),
            )
    return found


def member_zone(member: MemberRecord, workspace: WorkspaceRecord, fallback: str) -> ZoneInfo:
    """Where the member lives: their Slack tz, else the workspace's, else `fallback`."""
    return _zone(member.tz, workspace.tz, fallback)


def _role(profile: _Profile | None, known: MemberRecord | None) -> Role | None:
    """Slack admins and owners are admins; a lost admin right falls back to rep (a manager made
    by Summit stays one). None keeps what the store has."""
    if profile is None:
        return None
    if profile.is_admin:
        return "admin"
    if known is not None and known.role == "admin":
        return "rep"
    return None


def _look_up(client: WebClient, user_id: str, *, strict: bool = False) -> _Profile | None:
    try:
        response = client.users_info(user=user_id, include_locale=True)
    except SlackApiError as error:
        if strict and error.response.get("error") in ("user_not_found", "users_not_found"):
            raise UnusableUserError(user_id, "not_found") from error
        if strict:
            raise
        log.warning("users.info for %s failed: %s", user_id, error)
        return None
    except (SlackClientError, OSError) as error:
        if strict:
            raise
        log.warning("users.info for %s failed: %s", user_id, error)
        return None
    user: Mapping[str, Any] = response.get("user") or {}
    profile: Mapping[str, Any] = user.get("profile") or {}
    name = (
        profile.get("real_name")
        or user.get("real_name")
        or profile.get("display_name")
        or user.get("name")
    )
    return _Profile(
        user_id=user_id,
        display_name=str(name) if name else None,
        tz=user.get("tz") or None,
        locale=user.get("locale") or None,
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        deleted=bool(user.get("deleted")),
        team_id=user.get("team_id") or None,
    )


def _zone(*names: str | None) -> ZoneInfo:
    for name in names:
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown time zone %r", name)
    return ZoneInfo("UTC")
