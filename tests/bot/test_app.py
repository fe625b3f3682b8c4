"""The app through the real request path: signed HTTP in, Slack Web API calls out."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_bolt.error import BoltError

from bot.app import Deps, create_app
from bot.i18n import t
from bot.sandbox import Emulator
from bot.server import HttpServer, serve_http
from bot.settings import Settings
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient


def visible_text(reply: SlackReply) -> str:
    """What the user sees from an acknowledged command: text and every block's text."""
    assert reply.status == 200, reply.text
    if not reply.headers["content-type"].startswith("application/json"):
        return reply.text  # Slack shows a plain-text body as it is
    answer = reply.json()
    texts = [answer.get("text", "")]
    for block in answer.get("blocks", []):
        if "text" in block:
            texts.append(block["text"]["text"])
        texts.extend(element.get("text", "") for element in block.get("elements", []))
    return "\n".join(texts)


# -- /target help ---------------------------------------------------------------------------------


def test_help_in_english_lists_every_subcommand_with_an_example(
    slack: SlackTestClient, people: People
) -> None:
    reply = slack.command("help", user=people.alice)

    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Summit: /target commands"},
    }
    shown = visible_text(reply)
    for usage in (
        "/target set AMOUNT PERIOD",
        "/target log AMOUNT",
        "/target status",
        "/target plan [PERIOD]",
        "/target team",
        "/target help",
    ):
        assert usage in shown
    assert "Example: `/target set 5M 2027Q1 @alice`" in shown
    for word in ("设定/设置", "记录", "进度", "计划", "团队", "帮助"):  # the Chinese words work too
        assert word in shown


def test_help_in_simplified_chinese_for_a_zh_cn_user(
    slack: SlackTestClient, people: People
) -> None:
    shown = visible_text(slack.command("help", user=people.lei))

    assert "Summit /target 命令" in shown
    assert "/target 设定 金额 周期" in shown
    assert "示例：`/target 设定 500万 本季度 @alice`" in shown
    assert "也可以用英文" in shown
    for word in ("set", "log", "status", "plan", "team", "help"):
        assert word in shown


def test_help_in_traditional_chinese_for_a_zh_tw_user(
    slack: SlackTestClient, people: People
) -> None:
    shown = visible_text(slack.command("help", user=people.mei))

    assert "Summit /target 指令" in shown
    assert "範例" in shown


def test_chinese_alias_gives_help_in_the_users_own_language(
    slack: SlackTestClient, people: People
) -> None:
    assert "示例" in visible_text(slack.command("帮助", user=people.lei))
    assert "Example:" in visible_text(slack.command("帮助", user=people.alice))


def test_bare_target_shows_help(slack: SlackTestClient, people: People) -> None:
    assert "/target set AMOUNT PERIOD" in visible_text(slack.command("", user=people.alice))


# -- other subcommands ----------------------------------------------------------------------------


def test_unknown_subcommand_is_answered_with_a_pointer_to_help(
    slack: SlackTestClient, people: People
) -> None:
    english = visible_text(slack.command("dance 5M", user=people.alice))
    chinese = visible_text(slack.command("跳舞", user=people.lei))

    assert english == (
        "I don't know `/target dance`. Type `/target help` to see every command "
        "— for example `/target status`."
    )
    assert "我不认识 `/target 跳舞`" in chinese
    assert "`/target 帮助`" in chinese


def test_every_command_answers_within_three_seconds_through_the_thread_pool(
    settings: Settings,
    deps: Deps,
    emulator: Emulator,
    serve: Callable[[App], HttpServer],
    people: People,
) -> None:
    # Production's executor (Bolt's pool), not the inline one: the ack is what Slack times.
    slack = SlackTestClient(serve(create_app(settings, deps)).url, emulator)

    for text in ("help", "帮助", "set 500万 2027Q1", "log 3.5万", "status", "plan", "team", "?!"):
        started = time.perf_counter()
        reply = slack.command(text, user=people.lei)
        round_trip = time.perf_counter() - started

        assert reply.status == 200
        assert visible_text(reply).strip()
        assert round_trip < 3.0, f"/target {text} took {round_trip:.2f}s"


# -- language -------------------------------------------------------------------------------------


def test_users_locale_is_looked_up_once_and_remembered(
    slack: SlackTestClient, emulator: Emulator, people: People, clock: Clock
) -> None:
    slack.command("help", user=people.lei)
    slack.command("status", user=people.lei)
    lookups = emulator.calls("users.info")
    assert len(lookups) == 1
    assert lookups[0].args["user"] == people.lei.id
    assert lookups[0].args["include_locale"] in ("1", True)

    clock.advance(timedelta(hours=7))
    slack.command("help", user=people.lei)
    assert len(emulator.calls("users.info")) == 2


def test_a_failed_locale_lookup_answers_in_english_without_retrying(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    emulator.fail_next("users.info", status=503, times=3)

    reply = slack.command("help", user=people.lei)

    assert "Example:" in visible_text(reply)
    assert len(emulator.calls("users.info")) == 1


# -- requests Slack did not send ------------------------------------------------------------------


@pytest.mark.parametrize(
    "forgery",
    [
        {"sign": False},
        {"signature": "v0=" + "0" * 64},
        {"timestamp": int(time.time()) - 6 * 60},
    ],
    ids=["unsigned", "wrong-signature", "stale"],
)
def test_requests_slack_did_not_sign_get_401_and_reach_no_listener(
    slack: SlackTestClient, emulator: Emulator, people: People, forgery: dict[str, Any]
) -> None:
    emulator.clear_calls()

    command = slack.command("help", user=people.alice, **forgery)
    event = slack.event(
        {"type": "app_home_opened", "user": people.alice.id, "tab": "home"}, **forgery
    )

    assert (command.status, event.status) == (401, 401)
    assert "Summit" not in command.text
    assert emulator.calls() == []
    assert emulator.responses() == []


# -- failures -------------------------------------------------------------------------------------


@pytest.fixture
def failing_app(slack_app: App) -> App:
    """The real app plus listeners that break, before and after acknowledging."""

    @slack_app.command("/boom")
    def boom_before_ack(ack: Ack) -> None:
        raise RuntimeError("database password is hunter2")

    @slack_app.command("/boom-later")
    def boom_after_ack(ack: Ack) -> None:
        ack()
        raise RuntimeError("database password is hunter2")

    @slack_app.event("reaction_added")
    def boom_in_event(event: dict[str, Any]) -> None:
        raise RuntimeError("database password is hunter2")

    return slack_app


@pytest.fixture
def failing(
    failing_app: App, serve: Callable[[App], HttpServer], emulator: Emulator
) -> SlackTestClient:
    return SlackTestClient(serve(failing_app).url, emulator)


def test_a_listener_that_raises_answers_with_a_friendly_ephemeral(
    failing: SlackTestClient, people: People
) -> None:
    english = failing.command("", command="/boom", user=people.alice)
    chinese = failing.command("", command="/boom", user=people.lei)

    assert english.status == 200
    assert english.json() == {"response_type": "ephemeral", "text": t("en", "error.generic")}
    assert chinese.json()["text"] == t("zh-Hans", "error.generic")
    assert "hunter2" not in english.text
    assert "Traceback" not in english.text


def test_a_failure_after_ack_is_told_through_the_response_url(
    failing: SlackTestClient, emulator: Emulator, people: People
) -> None:
    reply = failing.command("", command="/boom-later", user=people.alice)

    assert reply.status == 200
    [told] = emulator.responses(reply.response_url)
    assert told.payload["response_type"] == "ephemeral"
    assert told.text == t("en", "error.generic")


def test_a_failing_event_listener_tells_the_user_where_it_happened(
    failing: SlackTestClient, emulator: Emulator, people: People
) -> None:
    reply = failing.event(
        {
            "type": "reaction_added",
            "user": people.lei.id,
            "reaction": "tada",
            "item": {"type": "message", "channel": "C0SALES", "ts": "1798000000.000100"},
        }
    )

    assert reply.status == 200
    [told] = emulator.ephemerals(user=people.lei.id)
    assert (told.channel, told.text) == ("C0SALES", t("zh-Hans", "error.generic"))


def test_failures_are_logged_with_their_traceback(
    failing: SlackTestClient, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    failing.command("", command="/boom", user=people.alice)

    [record] = [r for r in caplog.records if r.name == "bot.listeners.errors"]
    assert record.exc_info is not None
    assert "hunter2" in str(record.exc_info[1])
    assert "/boom" in record.getMessage()


# -- events ---------------------------------------------------------------------------------------


def test_opening_the_home_tab_publishes_the_home_view_in_the_users_language(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    reply = slack.event({"type": "app_home_opened", "user": people.lei.id, "tab": "home"})

    assert reply.status == 200
    home = emulator.home_view(people.lei.id)
    assert home is not None
    assert home["type"] == "home"
    assert f"欢迎，<@{people.lei.id}>" in json.dumps(home, ensure_ascii=False)


def test_opening_the_messages_tab_publishes_nothing(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    slack.event({"type": "app_home_opened", "user": people.alice.id, "tab": "messages"})

    assert emulator.calls("views.publish") == []


def test_a_mention_is_answered_in_its_thread(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    slack.event(
        {
            "type": "app_mention",
            "user": people.alice.id,
            "text": f"<@{emulator.bot_user_id}> what can you do?",
            "channel": "C0SALES",
            "ts": "1798000000.000200",
        }
    )

    [answer] = emulator.messages_to("C0SALES")
    assert answer.thread_ts == "1798000000.000200"
    assert "`/target help`" in answer.text


def test_message_events_are_taken_without_a_reply(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    emulator.clear_calls()

    reply = slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": people.lei.id,
            "channel": emulator.dm_channel(people.lei.id),
            "text": "今天签了3.5万",
            "ts": "1798000000.000300",
        },
        retry_num=1,
    )

    assert reply.status == 200
    assert emulator.calls("chat.postMessage") == []


# -- construction ---------------------------------------------------------------------------------


def test_an_app_without_credentials_is_refused_at_start(deps: Deps) -> None:
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        create_app(Settings(slack_bot_token=None, slack_signing_secret="s"), deps)


def test_a_revoked_token_is_refused_at_start(
    emulator: Emulator, settings: Settings, clock: Clock
) -> None:
    revoked = settings.model_copy(update={"slack_bot_token": "xoxb-revoked"})

    with pytest.raises(BoltError, match="invalid_auth"):
        create_app(revoked, Deps(settings=revoked, clock=clock))


def test_a_failure_after_ack_keeps_the_answer_already_given_through_the_thread_pool(
    emulator: Emulator, people: People, deps: Deps, settings: Settings
) -> None:
    pooled = create_app(settings, deps)

    @pooled.command("/boom-later")
    def boom_after_ack(ack: Ack) -> None:
        ack("on it")
        raise RuntimeError("database password is hunter2")

    server = serve_http(pooled, 0)
    try:
        slack = SlackTestClient(server.url, emulator)
        replies = [slack.command("", command="/boom-later", user=people.alice) for _ in range(5)]
    finally:
        server.close()
        pooled.listener_runner.listener_executor.shutdown(wait=True)  # let the apologies out

    assert [(r.status, r.text) for r in replies] == [(200, "on it")] * 5
    assert all(r.elapsed < 1.0 for r in replies)
    assert [r.text for r in emulator.responses()] == [t("en", "error.generic")] * 5
