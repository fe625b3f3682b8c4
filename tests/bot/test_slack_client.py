"""The bot's WebClient against the emulator: it rides out rate limits and passing 5xx."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.sandbox import Emulator
from bot.slack_client import make_client


def test_a_429_with_retry_after_is_waited_out_and_posts_once(emulator: Emulator) -> None:
    emulator.fail_next("chat.postMessage", status=429, retry_after=1)
    client = make_client(emulator.bot_token, emulator.base_url)

    client.chat_postMessage(channel="C0SALES", text="今日目标 6万")

    attempts = emulator.calls("chat.postMessage")
    assert [(a.status, a.error) for a in attempts] == [(429, "ratelimited"), (200, None)]
    assert [m.text for m in emulator.messages_to("C0SALES")] == ["今日目标 6万"]


def test_two_503s_then_success_posts_once(emulator: Emulator) -> None:
    emulator.fail_next("chat.postMessage", status=503, times=2)
    client = make_client(emulator.bot_token, emulator.base_url)

    client.chat_postMessage(channel="C0SALES", text="Today: 6k")

    assert [a.status for a in emulator.calls("chat.postMessage")] == [503, 503, 200]
    assert len(emulator.messages_to("C0SALES")) == 1


def test_a_bad_gateway_is_retried_too(emulator: Emulator) -> None:
    emulator.fail_next("users.info", status=502)
    client = make_client(emulator.bot_token, emulator.base_url)

    assert client.users_info(user="U01ALICE")["user"]["name"] == "alice"


def test_a_lasting_outage_surfaces_after_the_retries(emulator: Emulator) -> None:
    emulator.fail_next("chat.postMessage", status=500, times=5)
    client = make_client(emulator.bot_token, emulator.base_url, max_retries=1)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0SALES", text="hello")

    assert raised.value.response.status_code == 500
    assert len(emulator.calls("chat.postMessage")) == 2
    assert emulator.messages_to("C0SALES") == []


def test_a_slack_error_is_not_retried(emulator: Emulator) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)

    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_postMessage(channel="C0NOWHERE", text="hello")

    assert len(emulator.calls("chat.postMessage")) == 1


def test_a_base_url_without_its_trailing_slash_still_reaches_the_api(emulator: Emulator) -> None:
    client = make_client(emulator.bot_token, emulator.base_url.rstrip("/"))

    assert client.auth_test()["team_id"] == emulator.team_id
