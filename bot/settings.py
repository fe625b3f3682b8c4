"""Operator settings, read from the environment once at start-up (see README, "Configuration")."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every environment variable Summit reads. Field names map to upper-case variable names."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None  # present -> Socket Mode
    # Both present -> multi-workspace: installs through OAuth, bot tokens kept in the database.
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: str | None = None  # comma-separated bot scopes; default: the manifest's
    slack_redirect_uri: str | None = None  # only needed when the app lists several
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    database_url: str = "sqlite:///summit.db"
    summit_calendar: str = "cn"
    summit_tz: str = "Asia/Shanghai"
    summit_scheduler: Literal["on", "off"] = "on"

    @model_validator(mode="after")
    def _client_credentials_come_in_pairs(self) -> Settings:
        # One without the other would silently fall back to a single workspace.
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            raise ValueError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be set together")
        return self

    @property
    def multi_workspace(self) -> bool:
        """Installs through OAuth (client id and secret set) rather than one SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id and self.slack_client_secret)
