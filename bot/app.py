"""Builds the Bolt app: one client, one error handler, the listeners of every kind.

Nothing happens at import. `create_app` talks to Slack once (`auth.test`, which checks the token
and learns the bot's user id) and returns an app ready to be served by `bot.server`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient

from bot.listeners import actions, commands, dedupe, errors, events, views
from bot.listeners.language import UserLanguages
from bot.listeners.views import split as split_modal
from bot.settings import Settings
from bot.slack_client import make_client
from storage.store import Store

ClientFactory = Callable[[str | None, str], WebClient]


@dataclass(frozen=True)
class Deps:
    """What listeners need besides the request, built once at start-up and passed in."""

    settings: Settings
    clock: Callable[[], datetime]  # aware datetimes; listeners never read the system clock
    client_factory: ClientFactory = make_client
    store: Store | None = None  # the goal store; None only for apps that never touch it
    languages: UserLanguages = field(default_factory=UserLanguages)


def create_app(settings: Settings, deps: Deps, *, process_before_response: bool = False) -> App:
    """The Bolt app for a single workspace (bot token + signing secret from `settings`).

    With `process_before_response` the HTTP answer waits until the listener has finished
    (Bolt otherwise answers as soon as `ack` is called and lets the listener run on). The
    sandbox and the tests use it so whatever the app does for a request is done when its answer
    arrives; in production it would spend Slack's 3 seconds on work the user is not waiting for.
    """
    if not settings.slack_bot_token or not settings.slack_signing_secret:
        raise ValueError("SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are both needed to serve Slack")
    app = App(
        client=deps.client_factory(settings.slack_bot_token, settings.slack_api_url),
        signing_secret=settings.slack_signing_secret,
        process_before_response=process_before_response,
    )
    errors.register(app, deps)
    dedupe.register(app, deps)
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)
    split_modal.register(app, deps)
    return app
