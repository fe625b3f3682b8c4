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
import sqlalchemy
import yaml
from cryptography.fernet import Fernet
from pydantic import SecretStr, ValidationError
from slack_bolt import App

from bot import oauth
from bot.app import Deps, create_app
from bot.cli import main
from bot.sandbox import Emulator
from bot.secrets import generate_key
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
KEY = generate_key()
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
        summit_encryption_key=KEY,
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


# -- tokens at rest ---------------------------------------------------------------------------


def stored_tokens(store: Store) -> list[str]:
    """Every token value in Bolt's two tables, read raw: what a database dump would show."""
    with store.engine.connect() as connection:
        return [
            value
            for table in ("slack_installations", "slack_bots")
            for row in connection.execute(sqlalchemy.text(f"SELECT * FROM {table}")).mappings()
            for name in oauth.TOKEN_FIELDS
            if (value := row.get(name))
        ]


def install_through_the_browser(server: HttpServer, emulator: Emulator, people: People) -> str:
    browser = Browser(server)
    state = browser.start_install()
    code = emulator.approve_install(user_id=people.wang.id, scopes=oauth.BOT_SCOPES)
    assert browser.get(oauth.REDIRECT_PATH, code=code, state=state).status == 200
    return str(emulator.calls("oauth.v2.access")[-1].response["access_token"])


def test_an_installed_bot_token_is_stored_encrypted_and_read_back_decrypted(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
) -> None:
    token = install_through_the_browser(server, emulator, people)

    stored = stored_tokens(store)

    assert len(stored) == 2  # the installation's row and the bot's
    assert not [value for value in stored if token in value or value.startswith("xox")]
    assert {Fernet(KEY.encode()).decrypt(value.encode()).decode() for value in stored} == {token}
    assert installed_token(oauth_settings, store, emulator.team_id) == token


def test_oauth_without_an_encryption_key_refuses_to_start(
    emulator: Emulator,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("SUMMIT_ENCRYPTION_KEY", raising=False)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", emulator.client_id)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", emulator.client_secret)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("DATABASE_URL", store.url)

    code = main(["serve"])

    error = capsys.readouterr().err
    assert code == 2
    assert error.startswith("summit: error: bad environment: ")
    assert "SUMMIT_ENCRYPTION_KEY is needed with SLACK_CLIENT_ID" in error
    assert "Fernet.generate_key()" in error  # how to make one
    assert "Traceback" not in error


def test_a_malformed_key_is_refused_without_being_repeated() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(summit_encryption_key=f"{KEY},not-a-fernet-key-at-all")

    assert "key 2 of 2 is not a Fernet key" in str(refused.value)
    assert "not-a-fernet-key-at-all" not in str(refused.value)
    assert KEY not in str(refused.value)


def test_rotate_key_reencrypts_every_token_so_the_old_key_can_be_dropped(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = install_through_the_browser(server, emulator, people)
    new_key = generate_key()
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SUMMIT_ENCRYPTION_KEY", f"{new_key},{KEY}")  # the new one first

    code = main(["db", "rotate-key"])

    assert (code, capsys.readouterr().out) == (
        0,
        "re-encrypted 2 stored token(s) with the newest key\n",
    )
    only_new = oauth_settings.model_copy(update={"summit_encryption_key": SecretStr(new_key)})
    assert installed_token(only_new, store, emulator.team_id) == token
    assert installed_token(oauth_settings, store, emulator.team_id) is None  # old key: unreadable


def test_rotate_key_with_keys_that_cannot_open_a_token_changes_nothing(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    install_through_the_browser(server, emulator, people)
    before = stored_tokens(store)
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SUMMIT_ENCRYPTION_KEY", generate_key())  # the old key dropped too soon

    code = main(["db", "rotate-key"])

    assert code == 2
    assert "cannot be decrypted with any key" in capsys.readouterr().err
    assert stored_tokens(store) == before


def test_tokens_stored_before_encryption_still_work_and_rotate_key_seals_them(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = install_through_the_browser(server, emulator, people)
    with store.engine.begin() as connection:  # as an older Summit left them
        for table in ("slack_installations", "slack_bots"):
            connection.execute(
                sqlalchemy.text(f"UPDATE {table} SET bot_token = :token"), {"token": token}
            )
    assert installed_token(oauth_settings, store, emulator.team_id) == token
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SUMMIT_ENCRYPTION_KEY", KEY)

    assert main(["db", "rotate-key"]) == 0

    assert not [value for value in stored_tokens(store) if token in value]
    assert installed_token(oauth_settings, store, emulator.team_id) == token


def test_a_token_no_key_opens_counts_as_not_installed_and_is_logged_without_the_value(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_through_the_browser(server, emulator, people)
    [stored, _] = stored_tokens(store)
    other_key = oauth_settings.model_copy(
        update={"summit_encryption_key": SecretStr(generate_key())}
    )

    assert installed_token(other_key, store, emulator.team_id) is None
    assert "cannot be decrypted" in caplog.text
    assert stored not in caplog.text
