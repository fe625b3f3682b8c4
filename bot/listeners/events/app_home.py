"""`app_home_opened`: publish the user's Home tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.views.home import HomeData, build_home_view

if TYPE_CHECKING:
    from bot.app import Deps


def build_home_listener(deps: Deps) -> Callable[..., None]:
    def app_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab is the DM; nothing to publish
        user_id = event["user"]
        lang = deps.languages.lang_for(
            client, user_id, now=deps.clock(), team_id=event.get("view", {}).get("team_id")
        )
        client.views_publish(user_id=user_id, view=build_home_view(HomeData(user_id, lang)))

    return app_home_opened
