"""Requests Slack did not send, through the real request path into a store-backed app: unsigned,
wrongly signed, stale and replayed commands, events, button clicks and modal submissions get 401
and change nothing; Slack's own event retries still get through to the event dedupe; and an OAuth
callback with a forged or reused state installs nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from slack_bolt import App, BoltRequest
from sqlalchemy import func, inspect, select, text

from bot import oauth
from bot.app import Deps, create_app
from bot.sandbox import Emulator
from bot.server import HttpServer
from bot.settings import Settings
from bot.views.modals import AMOUNT_BLOCK
from bot.views.prompt import BUTTONS_BLOCK, LOG_RESULT
from storage.models import SeenRequest
from storage.scope import unscoped
from storage.store import Store
from tests.bot.conftest import SIGNING_SECRET, Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.entries import deps, entries_of, give_target
from tests.bot.listeners.test_prompt_buttons import Prompt, submit
from tests.bot.store_dump import dump
from tests.bot.test_oauth import STATE_COOKIE, Browser

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture


@dataclass(frozen=True)
class Sent:
    """One request exactly as it went over the wire, to send again."""

    body: bytes
    content_type: str
    timestamp: int
    options: dict[str, Any]


class RecordingClient(SlackTestClient):
    """Signs and sends like Slack, and keeps the last request's bytes for a replay."""

    last: Sent | None = None
    hold = False  # sign and keep the request, but do not send it

    def send(
        self,
        body: bytes,
        *,
        content_type: str,
        timestamp: int | None = None,
        **options: Any,
    ) -> SlackReply:
        stamp = timestamp if timestamp is not None else int(time.time())
        self.last = Sent(body, content_type, stamp, options)
        if self.hold:
            return SlackReply(0, {}, b"", 0.0)
        return super().send(body, content_type=content_type, timestamp=stamp, **options)

    def replay(self, sent: Sent, **changes: Any) -> SlackReply:
        """`sent` again, byte for byte and with the same signature, unless `changes` say else."""
        options = {"timestamp": sent.timestamp, **sent.options, **changes}
        return SlackTestClient.send(self, sent.body, content_type=sent.content_type, **options)


@pytest.fixture
def slack(http_app: HttpServer, emulator: Emulator) -> RecordingClient:
    return RecordingClient(http_app.url, emulator)


def check_in(emulator: Emulator, people: People, text: str) -> dict[str, str]:
    channel = emulator.dm_channel(people.lei.id)
    message = emulator.post_as_user(people.lei.id, channel, text)
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": people.lei.id,
        "text": text,
        "ts": message.ts,
    }


# Each kind of request Slack sends, made once: each leaves a trace in the store (an entry) or
# in Slack (the click opens a modal).
def send_command(slack: RecordingClient, emulator: Emulator, people: People) -> SlackReply:
    return slack.command("log 5万", user=people.lei)


def send_event(slack: RecordingClient, emulator: Emulator, people: People) -> SlackReply:
    return slack.event(check_in(emulator, people, "今天签了5万"))


def send_click(slack: RecordingClient, emulator: Emulator, people: People) -> SlackReply:
    prompt = Prompt(emulator, people.lei)
    reply = slack.click(
        user=people.lei,
        action={"action_id": LOG_RESULT, "block_id": BUTTONS_BLOCK, "value": "2027-01-06"},
        channel=prompt.channel,
        message={"ts": prompt.ts, "text": "Today's target"},
    )
    return reply


def send_submission(slack: RecordingClient, emulator: Emulator, people: People) -> SlackReply:
    view = Prompt(emulator, people.lei).click(slack, LOG_RESULT)
    return submit(slack, people.lei, view, **{AMOUNT_BLOCK: "5万"})


KINDS: dict[str, Callable[[RecordingClient, Emulator, People], SlackReply]] = {
    "command": send_command,
    "event": send_event,
    "block_action": send_click,
    "view_submission": send_submission,
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_replayed_request_gets_401_and_changes_nothing(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store, kind: str
) -> None:
    give_target(store, emulator, people.lei)
    first = KINDS[kind](slack, emulator, people)
    assert first.status == 200, first.text
    assert slack.last is not None
    before, calls_before = dump(store, skip=()), len(emulator.calls())

    again = slack.replay(slack.last)

    assert again.status == 401
    assert dump(store, skip=()) == before
    assert len(emulator.calls()) == calls_before  # no listener ran: Slack was not called


def test_a_replayed_log_command_counts_once(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store
) -> None:
    give_target(store, emulator, people.lei)
    assert slack.command("log 5万", user=people.lei).status == 200
    assert slack.last is not None

    replies = [slack.replay(slack.last) for _ in range(3)]

    assert [reply.status for reply in replies] == [401, 401, 401]
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("50000.00")]


def test_concurrent_copies_of_one_request_are_let_in_once(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store
) -> None:
    give_target(store, emulator, people.lei)
    slack.hold = True  # signed but not sent: each copy below races to be the delivery
    slack.command("log 5万", user=people.lei)
    slack.hold = False
    sent = slack.last
    assert sent is not None

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(lambda _: slack.replay(sent).status, range(6)))

    assert statuses == [200, 401, 401, 401, 401, 401]
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("50000.00")]


def test_a_request_let_in_by_one_instance_is_refused_by_another_on_the_same_database(
    settings: Settings,
    clock: Clock,
    store: Store,
    emulator: Emulator,
    people: People,
    serve: Callable[[App], HttpServer],
    slack: RecordingClient,
) -> None:
    give_target(store, emulator, people.lei)
    with Store(store.url) as other_store:  # the second process's own engine and pool
        other_deps = Deps(settings=settings, clock=clock, store=other_store)
        other = serve(create_app(settings, other_deps, process_before_response=True))
        assert slack.command("log 5万", user=people.lei).status == 200
        assert slack.last is not None

        replayed = RecordingClient(other.url, emulator).replay(slack.last)

    assert replayed.status == 401
    assert len(entries_of(store, emulator, people.lei)) == 1


FORGERIES: dict[str, dict[str, Any]] = {
    "unsigned": {"sign": False},
    "wrong-signature": {"signature": "v0=" + "0" * 64},
    "stale": {"timestamp": int(time.time()) - 6 * 60},
    "signed-by-another-secret": {},  # filled in by the test: the right form, the wrong key
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_requests_slack_did_not_sign_get_401_and_change_nothing(
    slack: RecordingClient,
    emulator: Emulator,
    people: People,
    store: Store,
    kind: str,
    forgery: str,
) -> None:
    give_target(store, emulator, people.lei)
    # A genuine request of this kind, to take its exact bytes for the forgeries.
    assert KINDS[kind](slack, emulator, people).status == 200
    assert slack.last is not None
    genuine = slack.last
    before, calls_before = dump(store), len(emulator.calls())
    changes = dict(FORGERIES[forgery])
    if forgery == "signed-by-another-secret":
        slack.signing_secret = "an-attackers-guess"
        changes = {"timestamp": int(time.time())}
    elif forgery != "stale":
        changes["timestamp"] = int(time.time()) + 1  # not a replay: a new moment

    forged = slack.replay(genuine, **changes)

    assert forged.status == 401
    assert dump(store) == before
    assert len(emulator.calls()) == calls_before


# -- Slack's retries are deliveries, not replays --------------------------------------------------


def test_a_retry_signed_anew_reaches_the_dedupe_and_is_acknowledged_once(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store
) -> None:
    give_target(store, emulator, people.lei)
    event = check_in(emulator, people, "签了1万")
    assert slack.event(event, event_id="Ev0RETRY0001").status == 200
    assert slack.last is not None
    calls = len(emulator.calls())

    retry = slack.replay(
        slack.last,
        timestamp=slack.last.timestamp + 1,  # Slack signs each delivery when it sends it
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )

    assert retry.status == 200  # acknowledged (by the dedupe), so Slack stops retrying
    assert len(emulator.calls()) == calls
    assert len(entries_of(store, emulator, people.lei)) == 1


def test_a_retry_with_the_first_signature_is_a_delivery_of_its_own(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store
) -> None:
    give_target(store, emulator, people.lei)
    event = check_in(emulator, people, "签了2万")
    slack.event(event, event_id="Ev0RETRY0002")
    assert slack.last is not None

    # Were Slack ever to resend with the first delivery's timestamp, the retry number still
    # makes it a delivery of its own (passed on to the event_id dedupe, which counts nothing
    # twice); a copy of that retry is a replay again.
    headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    retry = slack.replay(slack.last, headers=headers)
    copy = slack.replay(slack.last, headers=headers)

    assert (retry.status, copy.status) == (200, 401)
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("20000.00")]


# -- the store's memory ---------------------------------------------------------------------------


def test_each_accepted_request_is_remembered_once(
    slack: RecordingClient, emulator: Emulator, people: People, store: Store
) -> None:
    slack.command("help", user=people.alice)
    slack.command("help", user=people.alice)
    assert slack.last is not None
    slack.replay(slack.last)

    with store.read() as session:
        query = unscoped(select(func.count()).select_from(SeenRequest), "global table")
        assert session.execute(query).scalar_one() == 2


def test_a_socket_mode_command_has_no_signature_to_remember_and_reads_who_asks_itself(
    slack_app: App, emulator: Emulator, people: People, store: Store
) -> None:
    # Over Socket Mode the WebSocket is the authentication: no replay record, and the command
    # reads the workspace and the asking member itself (over HTTP that read shares the replay
    # check's transaction).
    give_target(store, emulator, people.lei)
    body = {
        "command": "/target",
        "text": "status",
        "user_id": people.lei.id,
        "team_id": emulator.team_id,
        "channel_id": "D1",
        "response_url": f"{emulator.base_url}respond",
        "trigger_id": "t1",
    }

    response = slack_app.dispatch(BoltRequest(body=body, mode="socket_mode"))

    assert response.status == 200
    reply = json.loads(response.body)
    assert reply["text"] == "*你的进度*"  # in lei's language, with lei's target
    assert "500万" in json.dumps(reply["blocks"], ensure_ascii=False)
    with store.read() as session:
        query = unscoped(select(func.count()).select_from(SeenRequest), "global table")
        assert session.execute(query).scalar_one() == 0


# -- OAuth callbacks: no signature, a single-use state --------------------------------------------


@pytest.fixture
def oauth_server(
    emulator: Emulator, store: Store, clock: Clock, serve: Callable[[App], HttpServer]
) -> HttpServer:
    settings = oauth_settings(emulator)
    deps = Deps(settings=settings, clock=clock, store=store)
    return serve(create_app(settings, deps, process_before_response=True))


ENCRYPTION_KEY = Fernet.generate_key().decode()


def oauth_settings(emulator: Emulator) -> Settings:
    return Settings(
        slack_bot_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_client_id=emulator.client_id,
        slack_client_secret=emulator.client_secret,
        slack_app_token=None,
        slack_api_url=emulator.base_url,
        summit_encryption_key=SecretStr(ENCRYPTION_KEY),  # installed tokens are sealed at rest
    )


def installations(store: Store) -> list[tuple[Any, ...]]:
    """Bolt's installation and bot rows: what an OAuth callback would have added to."""
    found = set(inspect(store.engine).get_table_names())
    rows: list[tuple[Any, ...]] = []
    with store.engine.connect() as connection:
        for name in ("slack_installations", "slack_bots"):
            if name in found:
                rows.extend(tuple(row) for row in connection.execute(text(f"SELECT * FROM {name}")))
    return rows


@pytest.mark.parametrize("how", ["forged", "reused", "no-cookie"])
def test_an_oauth_callback_with_a_bad_state_installs_nothing(
    oauth_server: HttpServer, emulator: Emulator, people: People, store: Store, how: str
) -> None:
    browser = Browser(oauth_server)
    state = browser.start_install()
    if how == "reused":
        first = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)
        assert browser.get(oauth.REDIRECT_PATH, code=first, state=state).status == 200
        browser.cookies.load(f"{STATE_COOKIE}={state}")
    elif how == "forged":
        state = "forged-state"
    else:
        browser = Browser(oauth_server)
    before = installations(store)
    exchanges = len(emulator.calls("oauth.v2.access"))
    code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)

    reply = browser.get(oauth.REDIRECT_PATH, code=code, state=state)

    assert reply.status in (400, 401)
    assert len(emulator.calls("oauth.v2.access")) == exchanges  # the code was never traded
    assert installations(store) == before
