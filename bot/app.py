"""Builds the Bolt app: one client, one error handler, the listeners of every kind.

Nothing happens at import. For a single workspace `create_app` talks to Slack once (`auth.test`,
which checks the token and learns the bot's user id); for OAuth installs (`bot.oauth`) it
creates the installation tables instead. It returns an app ready to be served by `bot.server`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Final

from slack_bolt import App
from slack_sdk import WebClient

from bot import logs
from bot.i18n import Lang, lang_setting
from bot.listeners import actions, commands, dedupe, errors, events, replay, views
from bot.listeners.language import UserLanguages
from bot.listeners.views import split as split_modal
from bot.services.context import profiles_for
from bot.settings import Settings
from bot.slack_client import make_client
from storage.store import Store
from storage.workspaces import get_workspace

log = logging.getLogger(__name__)

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
    """The Bolt app: for every workspace that installs it through OAuth when `settings` has a
    client id and secret (bot tokens then come from the installation store in `deps.store`), else
    for the single workspace of SLACK_BOT_TOKEN. The signing secret is needed either way.

    With `process_before_response` the HTTP answer waits until the listener has finished
    (Bolt otherwise answers as soon as `ack` is called and lets the listener run on). The
    sandbox and the tests use it so whatever the app does for a request is done when its answer
    arrives; in production it would spend Slack's 3 seconds on work the user is not waiting for.
    """
    if not settings.slack_signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is needed to serve Slack")
    if settings.multi_workspace:
        # Imported here: Bolt's SQLAlchemy stores need greenlet, which one workspace does not.
        from bot import oauth

        if deps.store is None:
            raise ValueError("OAuth installs are kept in the goal store: Deps needs a store")
        app = App(
            # No token: each request's comes from its team's installation.
            client=deps.client_factory(None, settings.slack_api_url),
            signing_secret=settings.slack_signing_secret,
            oauth_settings=oauth.oauth_settings(settings, deps.store),
            process_before_response=process_before_response,
            listener_executor=logs.listener_executor(),
        )
        # `app_uninstalled` and `tokens_revoked` forget the workspace's installation (and so
        # its bot token): jobs then skip it as not installed, without calling Slack.
        app.enable_token_revocation_listeners()
    else:
        if not settings.slack_bot_token:
            raise ValueError(
                "SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                "(OAuth installs) are needed to serve Slack"
            )
        with _hidden_from_bolt(BOLT_OAUTH_VARIABLES):
            app = App(
                client=deps.client_factory(settings.slack_bot_token, settings.slack_api_url),
                signing_secret=settings.slack_signing_secret,
                process_before_response=process_before_response,
                listener_executor=logs.listener_executor(),
            )
    if deps.store is not None and not deps.languages.follows_workspace:
        deps = replace(
            deps,
            languages=UserLanguages(
                workspace_language=partial(_workspace_lang, deps.store),
                profiles=profiles_for(deps.store),
            ),
        )
    logs.register(app)  # first: every line of the request carries its ids
    errors.register(app, deps)
    replay.register(app, deps)  # before dedupe: a replay is refused, not acknowledged
    dedupe.register(app, deps)
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)
    split_modal.register(app, deps)
    return app


# Bolt reads these itself: with both present it switches to OAuth, keeps installations in files
# under the home directory and drops the bot token it was given.
BOLT_OAUTH_VARIABLES: Final = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@contextmanager
def _hidden_from_bolt(names: tuple[str, ...]) -> Iterator[None]:
    """Settings decide the mode, not what Bolt finds in the environment: settings built for one
    workspace (the demo, tests, benchmarks) stay single-workspace whatever is exported."""
    hidden = {name: os.environ.pop(name) for name in names if name in os.environ}
    if hidden:
        log.warning("single-workspace settings: ignoring %s", ", ".join(sorted(hidden)))
    try:
        yield
    finally:
        os.environ.update(hidden)


def _workspace_lang(store: Store, team_id: str | None) -> Lang | None:
    """The language an admin set for the whole workspace (`/target settings`), if any."""
    if team_id is None:
        return None
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id=team_id)
    return lang_setting(workspace.language) if workspace is not None else None
