import pytest

from bot.settings import Settings


def test_defaults_match_the_operator_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "PORT", "SLACK_API_URL", "SUMMIT_CALENDAR", "SUMMIT_SCHEDULER"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///summit.db"
    assert settings.port == 3000
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.summit_calendar == "cn"
    assert settings.summit_scheduler == "on"


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@localhost/summit")
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("SUMMIT_SCHEDULER", "off")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@localhost/summit"
    assert settings.port == 8080
    assert settings.summit_scheduler == "off"
