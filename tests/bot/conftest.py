"""Slack fixtures: the Web API emulator, the real app against it, served over real HTTP, and a
client that sends Slack's signed requests to it.

A test reads as what happens in Slack: a user types a command, the app answers, and the test
asserts what the user saw (the HTTP body, the response_url, an ephemeral) and what the emulator
recorded.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from bot.app import Deps, create_app
from bot.sandbox import Channel, Emulator, User
from bot.server import HttpServer, serve_http
from bot.settings import Settings

SIGNING_SECRET = "sandbox-signing-secret"
SHANGHAI = ZoneInfo("Asia/Shanghai")


class People:
    """The sandbox team: reps writing English, Simplified and Traditional Chinese, a manager."""

    alice = User(
        "U01ALICE",
        "alice",
        real_name="Alice Smith",
        tz="America/New_York",
        tz_offset=-5 * 3600,
        locale="en-US",
    )
    lei = User("U02LILEI", "lilei", real_name="李雷", locale="zh-CN")
    mei = User("U03HANMEI", "hanmei", real_name="韓梅梅", tz="Asia/Taipei", locale="zh-TW")
    wang = User("U04WANG", "wang", real_name="王经理", locale="zh-CN", is_admin=True)
    sales = Channel("C0SALES", "sales", members=("U01ALICE", "U02LILEI", "U03HANMEI", "U04WANG"))


@dataclass
class Clock:
    """The app's clock: fixed until a test moves it."""

    now: datetime = field(default_factory=lambda: datetime(2027, 1, 6, 9, 0, tzinfo=SHANGHAI))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass(frozen=True)
class SlackReply:
    """What came back over HTTP for one request Slack sent."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed: float
    response_url: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class SlackTestClient:
    """Sends what Slack sends: signed slash commands, events and interactions, over HTTP."""

    def __init__(
        self,
        url: str,
        emulator: Emulator,
        *,
        signing_secret: str = SIGNING_SECRET,
        channel: str = "C0SALES",
    ) -> None:
        self.url = url
        self.emulator = emulator
        self.signing_secret = signing_secret
        self.channel = channel
        self._events = 0

    def command(
        self,
        text: str,
        *,
        user: User,
        command: str = "/target",
        channel: str | None = None,
        **send_options: Any,
    ) -> SlackReply:
        channel = channel or self.channel
        response_url = self.emulator.new_response_url(channel=channel, user=user.id)
        form = {
            "token": "legacy-verification-token",
            "team_id": self.emulator.team_id,
            "team_domain": "summit-sandbox",
            "channel_id": channel,
            "channel_name": "sales",
            "user_id": user.id,
            "user_name": user.name,
            "command": command,
            "text": text,
            "api_app_id": "A0SUMMIT",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{time.time_ns()}.trigger",
        }
        body = urlencode(form).encode()
        reply = self.send(body, content_type="application/x-www-form-urlencoded", **send_options)
        return SlackReply(reply.status, reply.headers, reply.body, reply.elapsed, response_url)

    def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        **send_options: Any,
    ) -> SlackReply:
        self._events += 1
        envelope = {
            "token": "legacy-verification-token",
            "team_id": self.emulator.team_id,
            "api_app_id": "A0SUMMIT",
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{self._events:010d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": self.emulator.team_id,
                    "user_id": self.emulator.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
        headers = dict(send_options.pop("headers", {}))
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self.send(
            json.dumps(envelope).encode(),
            content_type="application/json",
            headers=headers,
            **send_options,
        )

    def interaction(self, payload: Mapping[str, Any], **send_options: Any) -> SlackReply:
        body = {"team": {"id": self.emulator.team_id}, "api_app_id": "A0SUMMIT", **payload}
        return self.send(
            urlencode({"payload": json.dumps(body)}).encode(),
            content_type="application/x-www-form-urlencoded",
            **send_options,
        )

    def send(
        self,
        body: bytes,
        *,
        content_type: str,
        sign: bool = True,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
        path: str | None = None,
    ) -> SlackReply:
        """POST `body` as Slack would; `sign=False`, a `signature` or an old `timestamp` make
        the request one Slack did not send."""
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if sign:
            stamp = str(timestamp if timestamp is not None else int(time.time()))
            all_headers["X-Slack-Request-Timestamp"] = stamp
            all_headers["X-Slack-Signature"] = signature or SignatureVerifier(
                self.signing_secret
            ).generate_signature(timestamp=stamp, body=body.decode("utf-8"))
        return http_request("POST", self.url, body, all_headers, path=path)


def http_request(
    method: str,
    url: str,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    *,
    path: str | None = None,
) -> SlackReply:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    started = time.perf_counter()
    try:
        # A server may answer and hang up before reading all of an oversized body.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, path or parts.path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return SlackReply(
        response.status,
        {k.lower(): v for k, v in response.getheaders()},
        data,
        time.perf_counter() - started,
    )


@pytest.fixture
def people() -> People:
    return People()


@pytest.fixture
def emulator(people: People) -> Iterator[Emulator]:
    with Emulator() as slack:
        for user in (people.alice, people.lei, people.mei, people.wang):
            slack.add_user(user)
        slack.add_channel(people.sales)
        yield slack


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(emulator: Emulator) -> Settings:
    return Settings(
        slack_bot_token=emulator.bot_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token=None,
        slack_api_url=emulator.base_url,
    )


@pytest.fixture
def deps(settings: Settings, clock: Clock) -> Deps:
    return Deps(settings=settings, clock=clock)


@pytest.fixture
def slack_app(settings: Settings, deps: Deps) -> App:
    """The real app against the emulator, answering each request once its listener is done, so
    whatever the app does for a request has been recorded when the HTTP answer arrives."""
    return create_app(settings, deps, process_before_response=True)


@pytest.fixture
def serve() -> Iterator[Callable[[App], HttpServer]]:
    """Serve any app over real HTTP on a free port; closed after the test."""
    servers: list[HttpServer] = []

    def start(app: App) -> HttpServer:
        servers.append(serve_http(app, 0))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def http_app(slack_app: App, serve: Callable[[App], HttpServer]) -> HttpServer:
    return serve(slack_app)


@pytest.fixture
def slack(http_app: HttpServer, emulator: Emulator) -> SlackTestClient:
    return SlackTestClient(http_app.url, emulator)
