"""Multi-workspace installs: Slack's OAuth flow, with Bolt's installation store in our database.

When SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, any workspace can install Summit at
`/slack/install`; Slack sends the installer back to `/slack/oauth_redirect`, where Bolt trades
the code for a bot token (`oauth.v2.access`) and saves it. Each request is then authorized by
looking up its team's bot token, and scheduled jobs, which have no request, ask `bot_token`.

Bolt's tables (`slack_installations`, `slack_bots`, `slack_oauth_states`) live in their own
MetaData, next to ours in the same database; Alembic is told to leave them alone
(`storage.migrate.include_object`) and `oauth_settings` creates them when missing.
"""

from __future__ import annotations

from typing import Final

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.settings import Settings
from storage.store import Store

INSTALL_PATH: Final = "/slack/install"
REDIRECT_PATH: Final = "/slack/oauth_redirect"
# Long enough for an admin to read Slack's consent screen, short enough that a leaked state
# link is soon worthless; each state is also consumed by its first use.
STATE_EXPIRATION_SECONDS: Final = 600

# The bot scopes of manifest.yml (a test keeps the two equal): an install asks for exactly what
# the app's Web API calls and events need.
BOT_SCOPES: Final = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "im:history",
    "im:read",
    "im:write",
    "users:read",
)


def scopes(settings: Settings) -> list[str]:
    """SLACK_SCOPES (comma-separated) if set, else the manifest's bot scopes."""
    if settings.slack_scopes:
        return [scope.strip() for scope in settings.slack_scopes.split(",") if scope.strip()]
    return list(BOT_SCOPES)


def installation_store(settings: Settings, store: Store) -> SQLAlchemyInstallationStore:
    """Bolt's installation store on the goal store's database, tables created when missing."""
    client_id = _client_id(settings)
    installations = SQLAlchemyInstallationStore(client_id, engine=store.engine)
    installations.create_tables()  # type: ignore[no-untyped-call]  # unannotated in slack_sdk
    return installations


def oauth_settings(settings: Settings, store: Store) -> OAuthSettings:
    """Everything Bolt's OAuth flow needs, every value from `settings` (never Bolt's own reading
    of the environment), stores on `store`'s database."""
    client_id = _client_id(settings)
    if not settings.slack_client_secret:
        raise ValueError("SLACK_CLIENT_SECRET is needed for OAuth installs")
    states = SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_SECONDS, engine=store.engine
    )
    states.create_tables()  # type: ignore[no-untyped-call]  # unannotated in slack_sdk
    return OAuthSettings(
        client_id=client_id,
        client_secret=settings.slack_client_secret,
        scopes=scopes(settings),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        # Straight on to Slack's consent screen (with the state cookie), no page in between.
        install_page_rendering_enabled=False,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store(settings, store),
        # Summit asks for no user scopes: the bot token is all a request or job ever needs.
        installation_store_bot_only=True,
        state_store=states,
    )


def bot_token(
    installations: SQLAlchemyInstallationStore, *, team_id: str, enterprise_id: str | None = None
) -> str | None:
    """The bot token a job posts to `team_id` with; None when that workspace has not installed
    Summit (or has uninstalled it)."""
    bot = installations.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    return bot.bot_token if bot is not None else None


def _client_id(settings: Settings) -> str:
    if not settings.slack_client_id:
        raise ValueError("SLACK_CLIENT_ID is needed for OAuth installs")
    return settings.slack_client_id
