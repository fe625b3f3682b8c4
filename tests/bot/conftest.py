"""Slack fixtures: the Web API emulator, the real app against it, served over real HTTP, and a
client that sends Slack's signed requests to it.

A test reads as what happens in Slack: a user types a command, the app answers, and the test
asserts what the user saw (the HTTP body, the response_url, an ephemeral) and what the emulator
recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_bolt import App

from bot.app import Deps, create_app
from bot.sandbox import Channel, Emulator, User
from bot.sandbox.signed import SlackReply as SlackReply  # re-exported: tests import it here
from bot.sandbox.signed import SlackRequests
from bot.sandbox.signed import http_request as http_request
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


class SlackTestClient(SlackRequests):
    """The sandbox's signed-request sender, with the test workspace's secret and channel."""

    def __init__(
        self,
        url: str,
        emulator: Emulator,
        *,
        signing_secret: str = SIGNING_SECRET,
        channel: str = "C0SALES",
    ) -> None:
        super().__init__(url, emulator, signing_secret=signing_secret, channel=channel)


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
