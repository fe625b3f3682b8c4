"""Multi-workspace installs through the real request path: an admin's browser follows
/slack/install to Slack's consent screen and back to /slack/oauth_redirect, the app exchanges the
code with the emulator's `oauth.v2.access`, keeps the bot token in the goal store, and from then on
answers that workspace's signed requests with it."""

from __future__ import annotations

import os
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from pydantic import ValidationError
from slack_bolt import App

from bot import oauth
from bot.app import Deps, create_app
from bot.sandbox import Emulator
from bot.server import HttpServer
from bot.settings import Settings
from storage import migrate
from storage.store import Store
from tests.bot.conftest import (
    SIGNING_SECRET,
    Clock,
    People,
    SlackReply,
    SlackTestClient,
    http_request,
)

ROOT = Path(__file__).resolve().parents[2]
STATE_COOKIE = "slack-app-oauth-state"


@pytest.fixture
def oauth_settings(emulator: Emulator) -> Settings:
    return Settings(
        slack_bot_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_client_id=emulator.client_id,
        slack_client_secret=emulator.client_secret,
        slack_app_token=None,
        slack_api_url=emulator.base_url,
    )


@pytest.fixture
def server(
    oauth_settings: Settings,
    store: Store,
    clock: Clock,
    serve: Callable[[App], HttpServer],
) -> HttpServer:
    deps = Deps(settings=oauth_settings, clock=clock, store=store)
    return serve(create_app(oauth_settings, deps, process_before_response=True))


class Browser:
    """The installing admin's browser: GETs with the cookies the app set."""

    def __init__(self, server: HttpServer) -> None:
        self.server = server
        self.cookies: SimpleCookie = SimpleCookie()

    def get(self, path: str, **query: str) -> SlackReply:
        target = f"{path}?{urlencode(query)}" if query else path
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        reply = http_request("GET", self.server.url, headers=headers, path=target)
        if "set-cookie" in reply.headers:
            self.cookies.load(reply.headers["set-cookie"])
        return reply

    def start_install(self) -> str:
        """Opens the install link; returns the state Slack's consent screen was given."""
        reply = self.get(oauth.INSTALL_PATH)
        assert reply.status == 302, reply.text
        state = parse_qs(urlsplit(reply.headers["location"]).query)["state"][0]
        assert self.cookies[STATE_COOKIE].value == state
        return state


def installed_token(settings: Settings, store: Store, team_id: str) -> str | None:
    return oauth.bot_token(oauth.installation_store(settings, store), team_id=team_id)


def test_install_link_sends_the_admin_to_slack_with_our_client_id_scopes_and_a_state(
    server: HttpServer, emulator: Emulator
) -> None:
    reply = Browser(server).get(oauth.INSTALL_PATH)

    assert reply.status == 302
    location = urlsplit(reply.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://slack.com/oauth/v2/authorize"
    )
    query = parse_qs(location.query)
    assert query["client_id"] == [emulator.client_id]
    assert query["scope"][0].split(",") == list(oauth.BOT_SCOPES)
    cookie: SimpleCookie = SimpleCookie(reply.headers["set-cookie"])
    assert cookie[STATE_COOKIE].value == query["state"][0]


def test_a_workspace_that_installs_can_use_target_help_with_its_own_token(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
) -> None:
    slack = SlackTestClient(server.url, emulator)
    before = slack.command("help", user=people.alice)
    assert "Summit: /target commands" not in before.text  # not installed: Bolt's reinstall note
    assert installed_token(oauth_settings, store, emulator.team_id) is None

    browser = Browser(server)
    state = browser.start_install()
    code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)
    finished = browser.get(oauth.REDIRECT_PATH, code=code, state=state)

    assert finished.status == 200, finished.text
    token = installed_token(oauth_settings, store, emulator.team_id)
    assert token is not None
    assert token != emulator.bot_token  # the install's own, not the sandbox's preset one
    emulator.clear_calls()

    after = slack.command("help", user=people.alice)

    assert after.status == 200
    assert after.json()["blocks"][0]["text"]["text"] == "Summit: /target commands"
    assert {call.token for call in emulator.calls()} == {token}


def test_a_forged_state_is_refused_and_no_code_is_exchanged(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
) -> None:
    browser = Browser(server)
    browser.start_install()
    code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)

    reply = browser.get(oauth.REDIRECT_PATH, code=code, state="forged-state")

    assert reply.status == 400
    assert emulator.calls("oauth.v2.access") == []
    assert installed_token(oauth_settings, store, emulator.team_id) is None


def test_a_redirect_without_the_state_cookie_is_refused(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
) -> None:
    state = Browser(server).start_install()
    code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)

    # Another browser (no cookie) arriving with a state it did not start: a login CSRF.
    reply = Browser(server).get(oauth.REDIRECT_PATH, code=code, state=state)

    assert reply.status == 400
    assert emulator.calls("oauth.v2.access") == []
    assert installed_token(oauth_settings, store, emulator.team_id) is None


def test_a_replayed_state_is_refused_after_the_install_it_was_issued_for(
    server: HttpServer, emulator: Emulator, people: People
) -> None:
    browser = Browser(server)
    state = browser.start_install()
    first = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)
    assert browser.get(oauth.REDIRECT_PATH, code=first, state=state).status == 200
    browser.cookies.load(f"{STATE_COOKIE}={state}")  # Bolt cleared it; an attacker keeps it
    second = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)

    replay = browser.get(oauth.REDIRECT_PATH, code=second, state=state)

    assert replay.status == 401
    assert "no longer valid" in replay.text
    assert len(emulator.calls("oauth.v2.access")) == 1


def test_bot_scopes_asked_for_are_the_manifests() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))

    assert sorted(oauth.BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def test_slack_scopes_setting_overrides_the_manifests() -> None:
    settings = Settings(slack_scopes="chat:write, commands")

    assert oauth.scopes(settings) == ["chat:write", "commands"]


def test_a_client_id_without_its_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValidationError, match="SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"):
        Settings(slack_client_id="123.456")


def test_oauth_needs_the_goal_store(oauth_settings: Settings, clock: Clock) -> None:
    with pytest.raises(ValueError, match="store"):
        create_app(oauth_settings, Deps(settings=oauth_settings, clock=clock))


def test_single_workspace_settings_keep_their_bot_token_whatever_the_environment_says(
    settings: Settings,
    clock: Clock,
    emulator: Emulator,
    people: People,
    serve: Callable[[App], HttpServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Bolt would read these itself, switch to OAuth and silently drop SLACK_BOT_TOKEN.
    monkeypatch.setenv("SLACK_CLIENT_ID", "123.456")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "secret")

    app = create_app(settings, Deps(settings=settings, clock=clock), process_before_response=True)
    reply = SlackTestClient(serve(app).url, emulator).command("help", user=people.alice)

    assert app.oauth_flow is None
    assert reply.json()["blocks"][0]["text"]["text"] == "Summit: /target commands"
    assert {call.token for call in emulator.calls()} == {emulator.bot_token}
    assert os.environ["SLACK_CLIENT_ID"] == "123.456"  # given back to the process


def test_bolts_tables_beside_ours_leave_our_migrations_with_nothing_to_do(
    oauth_settings: Settings, store: Store
) -> None:
    oauth.oauth_settings(oauth_settings, store)  # creates Bolt's three tables

    assert migrate.schema_diff(store.engine) == []
