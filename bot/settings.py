"""Operator settings, read from the environment once at start-up (see README, "Configuration")."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every environment variable Summit reads. Field names map to upper-case variable names."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None  # present -> Socket Mode
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    database_url: str = "sqlite:///summit.db"
    summit_calendar: str = "cn"
    summit_tz: str = "Asia/Shanghai"
    summit_scheduler: Literal["on", "off"] = "on"
