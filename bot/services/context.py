"""Who is asking: the Slack user behind a request, as Summit knows them.

Slack is asked first (`users.info`), the store second, in one transaction: no transaction is held
open while waiting on the network. The requester's profile is remembered for a while
(`ProfileCache`): `users.info` is rate-limited per workspace (Tier 4, about 100 a minute), and
asking on every command would spend that allowance on answers that rarely change.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.i18n import Lang
from bot.settings import Settings
from bot.slack_client import one_try
from storage.members import members_by_slack_ids, upsert_member
from storage.records import MemberRecord, Role, WorkspaceRecord
from storage.store import Store
from storage.workspaces import get_workspace, update_workspace_settings, upsert_workspace

log = logging.getLogger(__name__)

UnusableReason = Literal["not_found", "bot", "deactivated", "other_workspace"]
# users.info is Tier 4 (100+ a minute): a few at once is well within it.
LOOKUPS_AT_ONCE: Final = 8
# The requester's lookup is made before the answer: one try, briefly (no 429 retry sleeping out
# Retry-After in a listener thread); the stored member is the fallback.
REQUESTER_LOOKUP_TIMEOUT_SECONDS: Final = 2
PROFILE_TTL: Final = timedelta(minutes=10)
# After a failed lookup (a 429 most likely), the stored member is used for this long.
PROFILE_FAILURE_TTL: Final = timedelta(seconds=30)
PROFILES_KEPT: Final = 10_000


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


class SlackBusyError(Exception):
    """Slack could not say who a mentioned user is just now (a 429, a 5xx, a timeout) and Summit
    does not know them yet; raised before anything is written, so nothing was."""

    def __init__(self, user_id: str) -> None:
        super().__init__(f"{user_id}: Slack did not answer users.info")
        self.user_id = user_id


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
    from_slack: bool = True  # False: Slack did not answer; go by the stored member


class ProfileCache:
    """Users' `users.info` profiles, each kept for `ttl` from the `now` it was fetched at
    (a failed lookup, remembered as None, for `failure_ttl`), at most `size` of them, the least
    recently used dropped first. Thread-safe: listeners run in a pool.

    A profile change (a new time zone, admin rights given or taken) reaches Summit within `ttl`.
    """

    def __init__(
        self,
        *,
        ttl: timedelta = PROFILE_TTL,
        failure_ttl: timedelta = PROFILE_FAILURE_TTL,
        size: int = PROFILES_KEPT,
    ) -> None:
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], tuple[_Profile | None, datetime, datetime]]
        self._entries = OrderedDict()

    def profile(
        self, client: WebClient, team_id: str, user_id: str, *, now: datetime
    ) -> _Profile | None:
        """The user's profile, from Slack when not known or too old; None when Slack could not
        say (the caller then goes by the stored member)."""
        key = (team_id, user_id)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[1] <= now < entry[2]:
                self._entries.move_to_end(key)
                return entry[0]
        profile = _look_up(one_try(client, timeout=REQUESTER_LOOKUP_TIMEOUT_SECONDS), user_id)
        self.remember(team_id, user_id, profile, now=now)
        return profile

    def known(self, team_id: str, user_id: str, *, now: datetime) -> _Profile | None:
        """The user's profile if Slack gave it within `ttl`; None otherwise (nothing is asked)."""
        with self._lock:
            entry = self._entries.get((team_id, user_id))
            if entry is None or entry[0] is None or not entry[1] <= now < entry[2]:
                return None
            self._entries.move_to_end((team_id, user_id))
            return entry[0]

    def remember(
        self, team_id: str, user_id: str, profile: _Profile | None, *, now: datetime
    ) -> None:
        """Keep what Slack just said about the user (None: it could not say)."""
        ttl = self._ttl if profile is not None else self._failure_ttl
        with self._lock:
            self._entries[(team_id, user_id)] = (profile, now, now + ttl)
            self._entries.move_to_end((team_id, user_id))
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


# One cache per store: in a process that is one per app (what "per process" means in practice);
# a test's fresh store starts with an empty one.
_caches: weakref.WeakKeyDictionary[Store, ProfileCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def profiles_for(store: Store) -> ProfileCache:
    """The profile cache of the app whose goal store is `store`."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = ProfileCache()
        return cache


def resolve_actor(
    *,
    store: Store,
    client: WebClient,
    team_id: str,
    user_id: str,
    now: datetime,
    lang: Lang,
    settings: Settings,
    profiles: ProfileCache | None = None,
    known: Requester | None = None,
) -> Actor:
    """The requesting user, creating their workspace and member rows on first sight.

    Their Slack profile comes from `profiles` (by default the store's `profiles_for`), asked of
    Slack once per `PROFILE_TTL`. A failed profile lookup (a 429 included) does not stop the
    request nor make it wait: the member is then taken as the store knows them (their role
    included), which is what Summit decided last time. `known` is this request's
    `read_requester`, when the caller has already read it.
    """
    cache = profiles if profiles is not None else profiles_for(store)
    profile = cache.profile(client, team_id, user_id, now=now)
    stored = _unchanged(
        known if known is not None else read_requester(store, team_id, user_id), profile
    )
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
        current = members_by_slack_ids(
            session=session, workspace_id=team_id, slack_user_ids=[user_id]
        ).get(user_id)
        role = _role(profile, current)
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


@dataclass(frozen=True)
class Requester:
    """The requesting user's workspace and member as stored (None where there is none yet)."""

    workspace: WorkspaceRecord | None
    member: MemberRecord | None


# Where a request's context holds its Requester when it was read with the replay check.
REQUESTER: Final = "summit_requester"


def read_requester(store: Store, team_id: str, user_id: str) -> Requester:
    """One read of what a request needs first: the workspace (its language setting) and the
    member behind the request. A command reads it once for both its language and its actor."""
    with store.read() as session:
        return requester_in(session, team_id, user_id)


def requester_in(session: Session, team_id: str, user_id: str) -> Requester:
    """`read_requester` in the caller's transaction."""
    workspace = get_workspace(session=session, workspace_id=team_id)
    if workspace is None:
        return Requester(None, None)
    member = members_by_slack_ids(
        session=session, workspace_id=team_id, slack_user_ids=[user_id]
    ).get(user_id)
    return Requester(workspace, member)


def _unchanged(
    known: Requester, profile: _Profile | None
) -> tuple[WorkspaceRecord, MemberRecord] | None:
    """The workspace and member as stored, when the profile would change nothing in them.

    Most commands come from people Summit already knows whose profile has not changed; reading
    them keeps such a request off the store's write lock, which concurrent commands would
    otherwise queue for (on SQLite every write transaction takes it, changes or not)."""
    workspace, member = known.workspace, known.member
    if workspace is None or member is None:
        return None
    if profile is not None and _differs(profile, member):
        return None
    return workspace, member


def _differs(profile: _Profile, member: MemberRecord) -> bool:
    """Whether storing `profile` would change the stored `member`."""
    wanted = {
        "display_name": profile.display_name,
        "tz": profile.tz,
        "locale": profile.locale,
        "role": _role(profile, member),
    }
    # The same test as upsert_member's: a None keeps what is stored.
    return any(
        value is not None and getattr(member, name) != value for name, value in wanted.items()
    )


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
    profiles = look_up_members(
        client=client, workspace_id=workspace_id, slack_user_ids=slack_user_ids
    )
    with store.session() as session:
        return store_members(
            session=session, workspace_id=workspace_id, profiles=profiles, now=now, actor=actor
        )


@dataclass(frozen=True)
class MentionedUsers:
    """Mentioned users as Slack describes them, each one Summit can plan for, in order."""

    profiles: tuple[_Profile, ...]

    @property
    def user_ids(self) -> tuple[str, ...]:
        return tuple(profile.user_id for profile in self.profiles)


def look_up_members(
    *,
    client: WebClient,
    workspace_id: str,
    slack_user_ids: Iterable[str],
    profiles: ProfileCache | None = None,
    now: datetime | None = None,
) -> MentionedUsers:
    """Ask Slack about each mentioned user (`users.info`), before any transaction opens.

    Raises UnusableUserError for the first user that is unknown to Slack, a bot, deactivated or
    from another workspace. Several users are asked about at once: one after another, a target
    for eight reps would wait for eight Slack round trips in a row. Each is asked once, briefly
    (a user waits on the answer): a user Slack does not answer for just now is taken as the
    store knows them when the command writes (`store_members`). With `profiles` (and `now`),
    a user Slack described within the cache's ttl is not asked again, and the answers are kept.
    """
    wanted = list(dict.fromkeys(slack_user_ids))
    found: dict[str, _Profile | Exception] = {}
    if profiles is not None and now is not None:
        for user_id in wanted:
            known = profiles.known(workspace_id, user_id, now=now)
            if known is not None:
                found[user_id] = known
    asked = [user_id for user_id in wanted if user_id not in found]
    quick = one_try(client, timeout=REQUESTER_LOOKUP_TIMEOUT_SECONDS)
    if len(asked) > 1:
        with ThreadPoolExecutor(min(len(asked), LOOKUPS_AT_ONCE)) as pool:
            answers = list(pool.map(partial(_strict_look_up, quick), asked))
    else:
        answers = [_strict_look_up(quick, user_id) for user_id in asked]
    for user_id, answer in zip(asked, answers, strict=True):
        found[user_id] = answer
        if (
            profiles is not None
            and now is not None
            and isinstance(answer, _Profile)
            and answer.from_slack
        ):
            profiles.remember(workspace_id, user_id, answer, now=now)
    kept: list[_Profile] = []
    for user_id in wanted:
        profile = found[user_id]
        if isinstance(profile, Exception):
            raise profile  # the first failure in the order the users were mentioned
        if profile.is_bot:
            raise UnusableUserError(user_id, "bot")
        if profile.deleted:
            raise UnusableUserError(user_id, "deactivated")
        if profile.team_id is not None and profile.team_id != workspace_id:
            raise UnusableUserError(user_id, "other_workspace")
        kept.append(profile)
    return MentionedUsers(tuple(kept))


def _strict_look_up(client: WebClient, user_id: str) -> _Profile | Exception:
    """The user's profile (one not `from_slack` when Slack failed for a passing reason), or the
    error to raise once the users before them are judged."""
    try:
        profile = _look_up(client, user_id, strict=True)
    except SlackApiError as error:
        if error.response.status_code == 429 or error.response.status_code >= 500:
            return _unanswered(user_id)
        return error
    except (SlackClientError, OSError):  # a timeout or a lost connection
        return _unanswered(user_id)
    except UnusableUserError as error:
        return error
    assert profile is not None  # strict lookups raise instead
    return profile


def _unanswered(user_id: str) -> _Profile:
    return _Profile(
        user_id=user_id,
        display_name=None,
        tz=None,
        locale=None,
        is_admin=False,
        is_bot=False,
        deleted=False,
        team_id=None,
        from_slack=False,
    )


def store_members(
    *,
    session: Session,
    workspace_id: str,
    profiles: MentionedUsers,
    now: datetime,
    actor: str = "summit",
) -> dict[str, MemberRecord]:
    """The looked-up users' members, created on first sight or brought up to date, in the
    caller's transaction (so a command writes its members and its change together).

    Raises SlackBusyError for a user Slack did not answer for and the store does not know."""
    known = members_by_slack_ids(
        session=session, workspace_id=workspace_id, slack_user_ids=profiles.user_ids
    )
    stored: dict[str, MemberRecord] = {}
    for profile in profiles.profiles:
        current = known.get(profile.user_id)
        if not profile.from_slack or (current is not None and not _differs(profile, current)):
            if current is None:
                raise SlackBusyError(profile.user_id)
            stored[profile.user_id] = current
            continue
        stored[profile.user_id] = upsert_member(
            session=session,
            workspace_id=workspace_id,
            slack_user_id=profile.user_id,
            actor=actor,
            now=now,
            display_name=profile.display_name,
            tz=profile.tz,
            locale=profile.locale,
            role=_role(profile, current),
        )
    return stored


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
