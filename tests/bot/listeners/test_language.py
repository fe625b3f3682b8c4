"""Which language a user is answered in, and how often Slack is asked."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient

from bot.listeners.language import UserLanguages
from bot.sandbox import Emulator
from tests.bot.conftest import Clock, People


def test_the_slack_locale_decides_and_is_remembered_per_user(
    emulator: Emulator, people: People, clock: Clock
) -> None:
    languages = UserLanguages(ttl=timedelta(hours=1))
    client = WebClient(token=emulator.bot_token, base_url=emulator.base_url)

    assert languages.lang_for(client, people.lei.id, now=clock()) == "zh-Hans"
    assert languages.lang_for(client, people.mei.id, now=clock()) == "zh-Hant"
    assert languages.lang_for(client, people.lei.id, now=clock()) == "zh-Hans"
    assert len(emulator.calls("users.info")) == 2

    languages.forget(people.lei.id)
    languages.lang_for(client, people.lei.id, now=clock())
    assert len(emulator.calls("users.info")) == 3


def test_an_unknown_user_is_answered_in_english_and_asked_again_soon(
    emulator: Emulator, clock: Clock
) -> None:
    languages = UserLanguages(failure_ttl=timedelta(minutes=1))
    client = WebClient(token=emulator.bot_token, base_url=emulator.base_url)

    assert languages.lang_for(client, "U0GHOST", now=clock()) == "en"
    languages.lang_for(client, "U0GHOST", now=clock() + timedelta(seconds=30))
    languages.lang_for(client, "U0GHOST", now=clock() + timedelta(minutes=2))

    assert len(emulator.calls("users.info")) == 2


def test_the_workspace_setting_wins_over_the_locale(
    emulator: Emulator, people: People, clock: Clock
) -> None:
    languages = UserLanguages(workspace_language=lambda team: "zh-Hans" if team else None)
    client = WebClient(token=emulator.bot_token, base_url=emulator.base_url)

    assert languages.lang_for(client, people.alice.id, now=clock(), team_id="T0SANDBOX") == (
        "zh-Hans"
    )
    assert emulator.calls("users.info") == []
    assert languages.lang_for(client, people.alice.id, now=clock()) == "en"
