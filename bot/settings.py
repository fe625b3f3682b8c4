"""Operator settings, read from the environment once at start-up (see README, "Configuration")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.secrets import GENERATE_COMMAND, TokenCipher


class Settings(BaseSettings):
    """Every environment variable Summit reads. Field names map to upper-case variable names."""

    # hide_input_in_errors: a validation error would otherwise quote every variable it was
    # given, secrets included.
    model_config = SettingsConfigDict(
        env_file=None, extra="ignore", case_sensitive=False, hide_input_in_errors=True
    )

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
    summit_web_workers: int = Field(
        default=1,
        description="How many processes serve Slack's HTTP requests on PORT (they share the "
        "port; the scheduler runs in the supervising process only). HTTP mode only: Socket "
        "Mode always runs one process.",
    )
    summit_log_format: Literal["text", "json"] = "text"  # json: one object per line
    summit_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Fernet keys sealing the bot tokens of OAuth installs, comma-separated, newest first
    # (`bot.secrets`); required with SLACK_CLIENT_ID. A SecretStr: never in a repr or a log.
    summit_encryption_key: SecretStr | None = None

    @field_validator("summit_web_workers", mode="before")
    @classmethod
    def _a_number_of_processes(cls, value: object) -> object:
        # Checked here rather than by `ge=1`, so the operator reads what to write instead of
        # pydantic's "greater than or equal to 1" or "unable to parse string as an integer".
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise PydanticCustomError(
                "web_workers",
                "give a whole number of processes, 1 or more (not {given})",
                {"given": repr(text)},
            )
        return int(text)

    @model_validator(mode="after")
    def _client_credentials_come_in_pairs(self) -> Settings:
        # One without the other would silently fall back to a single workspace.
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            raise ValueError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be set together")
        return self

    @model_validator(mode="after")
    def _installed_tokens_are_sealed(self) -> Settings:
        # Refuse rather than generate one: a key printed at start-up and lost with the process
        # would leave every stored token unreadable after the next restart.
        if self.multi_workspace and self.summit_encryption_key is None:
            raise ValueError(
                "SUMMIT_ENCRYPTION_KEY is needed with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: "
                "it encrypts the installed workspaces' bot tokens; "
                f"make one with {GENERATE_COMMAND}"
            )
        if self.summit_encryption_key is not None:
            self.token_cipher()  # a malformed key is refused now, not at the first install
        return self

    def token_cipher(self) -> TokenCipher:
        """The cipher of SUMMIT_ENCRYPTION_KEY; ValueError when it is not set."""
        if self.summit_encryption_key is None:
            raise ValueError("SUMMIT_ENCRYPTION_KEY is not set")
        return TokenCipher.from_setting(self.summit_encryption_key.get_secret_value())

    @property
    def multi_workspace(self) -> bool:
        """Installs through OAuth (client id and secret set) rather than one SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id and self.slack_client_secret)
