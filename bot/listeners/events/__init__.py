"""Events API listeners. Every event registered here must be subscribed in manifest.yml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.listeners.events.app_home import build_home_listener
from bot.listeners.events.app_mention import build_mention_listener
from bot.listeners.events.messages import build_message_listener

if TYPE_CHECKING:
    from bot.app import Deps


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(build_home_listener(deps))
    app.event("app_mention")(build_mention_listener(deps))
    app.event("message")(build_message_listener(deps))
