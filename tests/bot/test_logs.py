"""Log lines as an operator reads them: JSON when asked, one object a line, saying which
workspace, user, request or job each is about, and never a token or a secret."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_bolt import Ack, App

from bot import oauth
from bot.app import Deps, create_app
from bot.cli import main
from bot.logs import (
    REDACTED,
    RedactSecrets,
    configure_logging,
    log_context,
    redact,
    secrets_of,
    unconfigure_logging,
)
from bot.sandbox import Emulator
from bot.server import HttpServer
from bot.settings import Settings
from storage.store import Store
from tests.bot.conftest import SIGNING_SECRET, People, SlackTestClient
from tests.bot.jobs.conftest import Sandbox
from tests.bot.jobs.conftest import sandbox as sandbox  # the fixture: reps with targets
from tests.bot.test_oauth import Browser

# Shaped like real ones, so only the redaction (not luck) keeps them out of the logs.
BOT_TOKEN = "xoxb-2417-90210-Zq8sEcReTbOtToKeN"
CLIENT_SECRET = "c1ient-secret-3f9a7e"


@pytest.fixture
def emulator(people: People) -> Iterator[Emulator]:
    with Emulator(bot_token=BOT_TOKEN) as slack:
        for user in (people.alice, people.lei, people.mei, people.wang):
            slack.add_user(user)
        slack.add_channel(people.sales)
        yield slack


def json_settings(emulator: Emulator, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": emulator.bot_token,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": emulator.base_url,
        "summit_log_format": "json",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
def output(emulator: Emulator) -> Iterator[io.StringIO]:
    """What `summit serve` would write to stderr with SUMMIT_LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = configure_logging(json_settings(emulator), stream=stream)
    try:
        yield stream
    finally:
        unconfigure_logging(handler)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    """Each line of the output, parsed: every one must be a JSON object."""
    parsed = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert all(isinstance(line, dict) for line in parsed)
    return parsed


# -- the format -----------------------------------------------------------------------------------


def test_a_json_line_has_time_level_logger_message_and_the_bound_context(
    output: io.StringIO,
) -> None:
    with log_context(workspace="T0SANDBOX", user="U01ALICE", job="daily-prompts", run="r1"):
        logging.getLogger("summit.test").warning("posted %d of %d", 2, 3)
    logging.getLogger("summit.test").warning("outside")

    inside, outside = lines(output)
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "summit.test"
    assert inside["message"] == "posted 2 of 3"
    assert inside["time"].endswith("+00:00")
    assert (inside["workspace"], inside["user"], inside["job"], inside["run"]) == (
        "T0SANDBOX",
        "U01ALICE",
        "daily-prompts",
        "r1",
    )
    assert "workspace" not in outside
    assert outside["message"] == "outside"


def test_a_traceback_goes_into_one_field_of_one_line(output: io.StringIO) -> None:
    try:
        raise RuntimeError("the store went away")
    except RuntimeError:
        logging.getLogger("summit.test").exception("job failed")

    [line] = lines(output)
    assert line["message"] == "job failed"
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the store went away" in line["exception"]


def test_text_format_appends_the_context_to_the_usual_line(emulator: Emulator) -> None:
    stream = io.StringIO()
    handler = configure_logging(json_settings(emulator, summit_log_format="text"), stream=stream)
    try:
        with log_context(workspace="T0SANDBOX", request_id="abc123"):
            logging.getLogger("summit.test").info("hello")
    finally:
        unconfigure_logging(handler)

    [line] = stream.getvalue().splitlines()
    assert line.endswith("INFO summit.test hello [workspace=T0SANDBOX request_id=abc123]")


def test_configuring_twice_keeps_one_handler_and_removing_restores_the_level(
    emulator: Emulator,
) -> None:
    root = logging.getLogger()
    level = root.level
    first = configure_logging(json_settings(emulator), stream=io.StringIO())
    second = configure_logging(json_settings(emulator, summit_log_level="DEBUG"))
    try:
        assert first not in root.handlers
        assert second in root.handlers
        assert root.level == logging.DEBUG
    finally:
        unconfigure_logging(second)
    assert second not in root.handlers
    assert root.level == level


# -- secrets --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "xoxb-2417-90210-Zq8sEcReT",
        "xoxp-1-2-3-abcDEF",
        "xapp-1-A0123-4567-f00d",
        "xoxe.xoxp-1-Mi0yLTEy",
        "xoxe-1-My0xLTIx",
    ],
)
def test_every_kind_of_slack_token_is_redacted(token: str) -> None:
    redacted = redact(f"Authorization: Bearer {token}; next")

    assert redacted == f"Authorization: Bearer {REDACTED}; next"


def test_the_filter_redacts_arguments_tracebacks_and_configured_secrets() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s, secret %s", None, None)
    record.args = (BOT_TOKEN, CLIENT_SECRET)
    try:
        raise ValueError(f"bad secret {CLIENT_SECRET}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()

    RedactSecrets([CLIENT_SECRET, None, ""]).filter(record)

    assert record.getMessage() == f"token {REDACTED}, secret {REDACTED}"
    assert record.exc_text is not None
    assert CLIENT_SECRET not in record.exc_text
    assert f"bad secret {REDACTED}" in record.exc_text


def test_secrets_of_the_settings_include_keys_and_the_database_password(
    emulator: Emulator,
) -> None:
    settings = json_settings(
        emulator,
        slack_client_id="123.456",
        slack_client_secret=CLIENT_SECRET,
        summit_encryption_key=(
            "6pMNg5ZO2QbH0rjS2Pcq3yL3ufN2nP_ZCAv-oLh0Z8k=,"
            "Yc6ZtrPnOxnRbo4sGzGLk3KRDBJhPS1uQX0dk6jq4Jw="
        ),
        database_url="postgresql+psycopg://summit:pa55-w0rd-long@db:5432/summit",
    )

    found = secrets_of(settings)

    for secret in (
        BOT_TOKEN,
        SIGNING_SECRET,
        CLIENT_SECRET,
        "6pMNg5ZO2QbH0rjS2Pcq3yL3ufN2nP_ZCAv-oLh0Z8k=",
        "Yc6ZtrPnOxnRbo4sGzGLk3KRDBJhPS1uQX0dk6jq4Jw=",
        "pa55-w0rd-long",
    ):
        assert secret in found
    assert "123.456" not in found  # a client id is not a secret


# -- through real requests ------------------------------------------------------------------------


@pytest.fixture
def deps(settings: Settings, clock: Callable[[], Any], store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def background_app(settings: Settings, deps: Deps) -> App:
    """The app as `summit serve` builds it: listeners run on Bolt's pool after the ack."""
    return create_app(settings, deps)


def test_lines_logged_by_a_listener_on_the_pool_carry_the_requests_ids(
    output: io.StringIO,
    background_app: App,
    serve: Callable[[App], HttpServer],
    emulator: Emulator,
    people: People,
) -> None:
    done = threading.Event()

    @background_app.command("/probe")
    def probe(ack: Ack) -> None:
        ack()
        logging.getLogger("summit.probe").info("working on it")
        done.set()

    client = SlackTestClient(serve(background_app).url, emulator)
    assert client.command("", command="/probe", user=people.alice).status == 200
    assert done.wait(10)

    logged = lines(output)
    [received] = [line for line in logged if line["message"] == "slack request: command /probe"]
    [working] = [line for line in logged if line["logger"] == "summit.probe"]
    assert working["workspace"] == emulator.team_id
    assert working["user"] == people.alice.id
    assert working["request_id"] == received["request_id"]
    assert len(working["request_id"]) == 16


def test_two_requests_get_different_ids_and_an_event_carries_its_event_id(
    output: io.StringIO, slack: SlackTestClient, people: People
) -> None:
    slack.command("help", user=people.lei)
    slack.event({"type": "app_home_opened", "user": people.lei.id, "tab": "home"}, event_id="Ev01")

    received = [line for line in lines(output) if line["message"].startswith("slack request")]
    assert [line["message"] for line in received] == [
        "slack request: command /target",
        "slack request: event app_home_opened",
    ]
    assert received[0]["request_id"] != received[1]["request_id"]
    assert received[1]["event_id"] == "Ev01"
    assert all(line["user"] == people.lei.id for line in received)


def test_with_debug_logging_no_token_or_signing_secret_reaches_the_logs(
    sandbox: Sandbox,
    slack: SlackTestClient,
    store: Store,
    emulator: Emulator,
    people: People,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    handler = configure_logging(json_settings(emulator, summit_log_level="DEBUG"))
    try:
        slack.command("status", user=people.lei)
        slack.command("log 3.5万 拜访2家", user=people.lei)
        slack.event({"type": "app_home_opened", "user": people.lei.id, "tab": "home"})
        slack.event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "D0LEI",
                "user": people.lei.id,
                "text": f"签了2万 {BOT_TOKEN}",  # a rep pasting a token is not logged either
                "ts": "1767661200.000100",
            }
        )
    finally:
        unconfigure_logging(handler)
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", emulator.bot_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", emulator.base_url)
    monkeypatch.setenv("SUMMIT_LOG_FORMAT", "json")
    monkeypatch.setenv("SUMMIT_LOG_LEVEL", "DEBUG")
    code = main(["jobs", "run", "daily-prompts", "--now", "2026-03-02T09:05+08:00"])

    captured = capsys.readouterr()
    logged = captured.err
    assert code == 0
    assert captured.out.startswith("daily-prompts: posted ")
    assert "Sending a request - url:" in logged  # slack_sdk's DEBUG lines were there
    job_lines = [json.loads(line) for line in logged.splitlines() if '"job"' in line]
    assert job_lines
    assert all(line["job"] == "daily-prompts" for line in job_lines)
    for secret in (BOT_TOKEN, "Zq8sEcReTbOtToKeN", SIGNING_SECRET):
        assert secret not in logged


def test_an_oauth_install_at_debug_leaves_no_issued_token_or_client_secret_in_the_logs(
    emulator: Emulator,
    people: People,
    store: Store,
    clock: Callable[[], Any],
    serve: Callable[[App], HttpServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = json_settings(
        emulator,
        slack_bot_token=None,
        slack_client_id=emulator.client_id,
        slack_client_secret=emulator.client_secret,
        summit_encryption_key=Fernet.generate_key().decode(),
        summit_log_level="DEBUG",
    )
    server = serve(create_app(settings, Deps(settings=settings, clock=clock, store=store)))
    handler = configure_logging(settings)
    try:
        browser = Browser(server)
        state = browser.start_install()
        code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)
        assert browser.get(oauth.REDIRECT_PATH, code=code, state=state).status == 200
        token = oauth.bot_token(oauth.installation_store(settings, store), team_id=emulator.team_id)
        assert token is not None
        SlackTestClient(server.url, emulator).command("help", user=people.alice)
    finally:
        unconfigure_logging(handler)

    logged = capsys.readouterr().err
    assert "oauth.v2.access" in logged  # the exchange was logged, at DEBUG
    for secret in (token, emulator.client_secret, SIGNING_SECRET):
        assert secret not in logged
