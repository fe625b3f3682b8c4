"""Multi-workspace installs: Slack's OAuth flow, with Bolt's installation store in our database.

When SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, any workspace can install Summit at
`/slack/install`; Slack sends the installer back to `/slack/oauth_redirect`, where Bolt trades
the code for a bot token (`oauth.v2.access`) and saves it. Each request is then authorized by
looking up its team's bot token, and scheduled jobs, which have no request, ask `bot_token`
(through `InstalledClients`, one client per workspace).

Tokens are sealed at rest (`bot.secrets`, key SUMMIT_ENCRYPTION_KEY): `SealedInstallationStore`
encrypts them on the way into Bolt's tables and decrypts them on the way out, so the columns never
hold a usable token. `reseal_tokens` re-encrypts every stored one with the newest key
(`summit db rotate-key`).

Bolt's tables (`slack_installations`, `slack_bots`, `slack_oauth_states`) live in their own
MetaData, next to ours in the same database; Alembic is told to leave them alone
(`storage.migrate.include_object`) and `oauth_settings` creates them when missing.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, TypeVar

import sqlalchemy
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.secrets import TokenCipher, UnreadableToken
from bot.settings import Settings
from bot.slack_client import make_client
from storage.store import Store

log = logging.getLogger(__name__)

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
    "reactions:write",
    "users:read",
)


def scopes(settings: Settings) -> list[str]:
    """SLACK_SCOPES (comma-separated) if set, else the manifest's bot scopes."""
    if settings.slack_scopes:
        return [scope.strip() for scope in settings.slack_scopes.split(",") if scope.strip()]
    return list(BOT_SCOPES)


# The token fields of Bolt's models and tables; all of them are sealed.
TOKEN_FIELDS: Final = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")

_Sealable = TypeVar("_Sealable", Bot, Installation)


class SealedInstallationStore(InstallationStore):
    """Bolt's SQLAlchemy installation store with every token encrypted in its columns."""

    def __init__(self, tables: SQLAlchemyInstallationStore, cipher: TokenCipher) -> None:
        self.tables = tables
        self._cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return self.tables.logger

    def save(self, installation: Installation) -> None:
        # Bolt's store also saves the installation's bot, from the sealed copy.
        self.tables.save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        self.tables.save_bot(self._sealed(bot))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self.tables.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found, team_id)

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.tables.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found, team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.tables.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.tables.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    def _sealed(self, entity: _Sealable) -> _Sealable:
        sealed = copy.copy(entity)  # the caller's object keeps its plaintext
        for name in TOKEN_FIELDS:
            value = getattr(sealed, name, None)
            if value:
                setattr(sealed, name, self._cipher.seal(value))
        return sealed

    def _opened(self, entity: _Sealable | None, team_id: str | None) -> _Sealable | None:
        """`entity` with its tokens decrypted; None (as if not installed) when they cannot be:
        the workspace then has to install again, or the operator to restore the key."""
        if entity is None:
            return None
        try:
            for name in TOKEN_FIELDS:
                value = getattr(entity, name, None)
                if value:
                    setattr(entity, name, self._cipher.open(value))
        except UnreadableToken as error:
            log.error("workspace %s: %s; treating it as not installed", team_id, error)
            return None
        return entity


def installation_store(settings: Settings, store: Store) -> SealedInstallationStore:
    """Bolt's installation store on the goal store's database, tables created when missing,
    tokens sealed with SUMMIT_ENCRYPTION_KEY."""
    return SealedInstallationStore(_tables(_client_id(settings), store), settings.token_cipher())


def reseal_tokens(cipher: TokenCipher, store: Store) -> int:
    """Re-encrypt every stored token with `cipher`'s newest key (sealing plaintext ones left
    from before encryption), in one transaction; how many values were rewritten. Raises
    `UnreadableToken` (and changes nothing) when a value opens with none of the keys."""
    # Every client id's rows: the tables are read directly, not through a store's queries.
    tables = _tables("", store)
    rewritten = 0
    with store.engine.begin() as connection:
        for table in (tables.installations, tables.bots):
            columns = [table.c[name] for name in TOKEN_FIELDS if name in table.c]
            for row in connection.execute(sqlalchemy.select(table.c.id, *columns)).mappings():
                changes = {
                    column.name: cipher.reseal(row[column.name])
                    for column in columns
                    if row[column.name]
                }
                if changes:
                    connection.execute(
                        table.update().where(table.c.id == row["id"]).values(**changes)
                    )
                    rewritten += len(changes)
    return rewritten


@dataclass(frozen=True)
class InstalledClients:
    """The client each workspace's jobs post with: its own installed bot token."""

    installations: InstallationStore
    base_url: str
    client_factory: Callable[[str | None, str], WebClient] = make_client

    def client_for(self, workspace_id: str) -> WebClient | None:
        token = bot_token(self.installations, team_id=workspace_id)
        return None if token is None else self.client_factory(token, self.base_url)

    def refused(self, workspace_id: str, client: WebClient, error: str) -> None:
        """Slack refused the workspace's token: Summit was uninstalled there (or the token
        revoked). Forget the installation, as Slack's `tokens_revoked` event would have us
        do, so that later runs skip the workspace without calling Slack; installing again
        stores a new token."""
        # Only the token that was refused: a reinstall since the run began keeps its new one.
        if bot_token(self.installations, team_id=workspace_id) == client.token:
            self.installations.delete_bot(enterprise_id=None, team_id=workspace_id)
            self.installations.delete_installation(enterprise_id=None, team_id=workspace_id)
        log.warning(
            "workspace %s: Slack refused its bot token (%s), so Summit was uninstalled there; "
            "its installation is removed and its jobs are skipped until it installs again",
            workspace_id,
            error,
        )


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
    installations: InstallationStore, *, team_id: str, enterprise_id: str | None = None
) -> str | None:
    """The bot token a job posts to `team_id` with; None when that workspace has not installed
    Summit (or has uninstalled it)."""
    bot = installations.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    return bot.bot_token if bot is not None else None


def _tables(client_id: str, store: Store) -> SQLAlchemyInstallationStore:
    tables = SQLAlchemyInstallationStore(client_id, engine=store.engine)
    tables.create_tables()  # type: ignore[no-untyped-call]  # unannotated in slack_sdk
    return tables


def _client_id(settings: Settings) -> str:
    if not settings.slack_client_id:
        raise ValueError("SLACK_CLIENT_ID is needed for OAuth installs")
    return settings.slack_client_id
