"""`app_mention`: someone wrote @Summit in a channel; point them at `/target help`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Say
from slack_sdk import WebClient

from bot.i18n import t

if TYPE_CHECKING:
    from bot.app import Deps


def build_mention_listener(deps: Deps) -> Callable[..., None]:
    def app_mention(event: dict[str, Any], say: Say, client: WebClient) -> None:
        user_id = event.get("user")
        if not user_id:
            return
        lang = deps.languages.lang_for(client, user_id, now=deps.clock(), team_id=event.get("team"))
        say(
            text=t(lang, "mention.hint", user=user_id),
            thread_ts=event.get("thread_ts") or event.get("ts"),
        )

    return app_mention
