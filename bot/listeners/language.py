"""Which language to answer a user in, from their Slack locale, remembered for a while."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum, auto
from typing import Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.i18n import DEFAULT_LANG, Lang, lang_from_locale, lang_setting
from bot.services.context import ProfileCache
from bot.slack_client import one_try
from storage.records import WorkspaceRecord

log = logging.getLogger(__name__)

# Looking a locale up happens before ack(): one try, briefly. A 429 retry that sleeps
# Retry-After would blow Slack's 3-second budget; English for a minute is the better answer.
LOOKUP_TIMEOUT_SECONDS = 2

WorkspaceLanguage = Callable[[str | None], Lang | None]


class NotRead(Enum):
    """The workspace's language setting, not read by the caller: `UserLanguages` reads it."""

    NOT_READ = auto()


NOT_READ: Final = NotRead.NOT_READ


class UserLanguages:
    """Each user's language: the workspace setting when there is one (`workspace_language`,
    wired to the store), else their Slack locale via `users.info(include_locale=True)`,
    cached per user for `ttl` (`failure_ttl` after a failed lookup). Thread-safe.

    With `profiles` (the app's `ProfileCache`), the locale comes from the profile kept there,
    which the request's actor is then read from without asking Slack again."""

    def __init__(
        self,
        *,
        workspace_language: WorkspaceLanguage | None = None,
        profiles: ProfileCache | None = None,
        ttl: timedelta = timedelta(hours=6),
        failure_ttl: timedelta = timedelta(minutes=1),
    ) -> None:
        self._workspace_language = workspace_language
        self._profiles = profiles
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._lock = threading.Lock()
        self._cache: dict[tuple[str | None, str], tuple[Lang, datetime]] = {}

    @property
    def follows_workspace(self) -> bool:
        return self._workspace_language is not None

    def lang_for(
        self,
        client: WebClient,
        user_id: str | None,
        *,
        now: datetime,
        team_id: str | None = None,
        locale: str | None = None,
        workspace: WorkspaceRecord | NotRead | None = NOT_READ,
    ) -> Lang:
        """The language to answer `user_id` in. `locale`, when the caller has just read it from
        Slack (a stored member's profile), spares a `users.info` call; `workspace`, as the
        caller has just read it from the store (None: not stored yet), spares reading it again."""
        if self._workspace_language is not None:
            if isinstance(workspace, NotRead):
                chosen = self._workspace_language(team_id)
            else:
                chosen = lang_setting(workspace.language) if workspace is not None else None
            if chosen is not None:
                return chosen
        if not user_id:
            return DEFAULT_LANG
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        if locale:
            lang, ttl = lang_from_locale(locale), self._ttl
        elif self._profiles is not None and team_id is not None:
            # The profile the request is about to need anyway: one `users.info`, not two.
            profile = self._profiles.profile(client, team_id, user_id, now=now)
            lang, ttl = (
                (lang_from_locale(profile.locale), self._ttl)
                if profile is not None
                else (DEFAULT_LANG, self._failure_ttl)
            )
        else:
            lang, ttl = self._look_up(client, user_id)
        with self._lock:
            self._cache[key] = (lang, now + ttl)
        return lang

    def forget(self, user_id: str, *, team_id: str | None = None) -> None:
        """Drop a cached language, e.g. on a `user_change` event."""
        with self._lock:
            self._cache.pop((team_id, user_id), None)

    def _look_up(self, client: WebClient, user_id: str) -> tuple[Lang, timedelta]:
        quick = one_try(client, timeout=LOOKUP_TIMEOUT_SECONDS)
        try:
            response = quick.users_info(user=user_id, include_locale=True)
        except (SlackClientError, OSError) as error:
            log.warning("locale lookup for %s failed, answering in English: %s", user_id, error)
            return DEFAULT_LANG, self._failure_ttl
        user = response.get("user") or {}
        return lang_from_locale(user.get("locale")), self._ttl
