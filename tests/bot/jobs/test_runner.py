"""Jobs with OAuth installs, through the real path: two workspaces install Summit through
/slack/install and /slack/oauth_redirect against the emulator, each gets its own bot token, and
the jobs post to each workspace with that workspace's token. A workspace that uninstalls is
skipped and reported, forgotten until it installs again, and never holds up the others."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot import oauth
from bot.app import Deps, create_app
from bot.cli import main
from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.jobs.report import NOT_INSTALLED, Unreachable
from bot.jobs.runner import workspace_clients
from bot.sandbox import Emulator
from bot.scheduler import tick
from bot.secrets import generate_key
from bot.server import HttpServer
from bot.settings import Settings
from bot.slack_client import make_client
from storage.outbox import outbox_posts
from storage.store import Store
from storage.workspaces import update_workspace_settings, upsert_workspace
from tests.bot.conftest import SIGNING_SECRET, Clock, People, SlackTestClient
from tests.bot.jobs.conftest import MARCH, MARCH_TARGET, SET_UP, Sandbox, add_member, give_target
from tests.bot.jobs.conftest import sandbox as sandbox  # the fixture, shared with the job tests
from tests.bot.test_oauth import Browser

SECOND = "T0SECOND"  # another workspace, installed beside the sandbox's
NEW_YORK_0905 = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # Monday: Alice, Lei and Mei are due
KEY = generate_key()


@pytest.fixture
def oauth_settings(emulator: Emulator) -> Settings:
    return Settings(
        slack_bot_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_client_id=emulator.client_id,
        slack_client_secret=emulator.client_secret,
        slack_api_url=emulator.base_url,
        summit_encryption_key=KEY,
    )


@pytest.fixture
def server(
    oauth_settings: Settings, store: Store, clock: Clock, serve: Callable[[App], HttpServer]
) -> HttpServer:
    deps = Deps(settings=oauth_settings, clock=clock, store=store)
    return serve(create_app(oauth_settings, deps, process_before_response=True))


@pytest.fixture
def second(store: Store, people: People, sandbox: Sandbox) -> int:
    """A second workspace in the store, with Mei (Taipei) and her March target."""
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=SECOND, name="Second", actor="U04WANG", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=SECOND,
            actor="U04WANG",
            now=SET_UP,
            calendar="cn",
            currency="CNY",
            tz="Asia/Shanghai",
        )
    mei = add_member(store, SECOND, people.mei)
    give_target(store, SECOND, mei, MARCH_TARGET, MARCH)
    return mei


def install(server: HttpServer, emulator: Emulator, people: People, team_id: str) -> str:
    """An admin of `team_id` installs Summit; the bot token Slack gave that install."""
    browser = Browser(server)
    state = browser.start_install()
    code = emulator.approve_install(
        user_id=people.wang.id, scopes=oauth.BOT_SCOPES, team_id=team_id
    )
    assert browser.get(oauth.REDIRECT_PATH, code=code, state=state).status == 200
    token = str(emulator.calls("oauth.v2.access")[-1].response["access_token"])
    return token


def tokens_used(emulator: Emulator, people: People) -> dict[str, set[str | None]]:
    """For each rep, the tokens of the calls that opened their DM and posted into it."""
    used: dict[str, set[str | None]] = {}
    for user in (people.alice, people.lei, people.mei):
        dm = emulator.dm_channel(user.id)
        used[user.id] = {
            call.token
            for call in emulator.calls()
            if call.args.get("users") == user.id or call.args.get("channel") == dm
        }
    return used


def test_each_installed_workspace_gets_its_prompts_with_its_own_token(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
) -> None:
    first_token = install(server, emulator, people, sandbox.workspace_id)
    second_token = install(server, emulator, people, SECOND)
    emulator.clear_calls()

    report = run_daily_prompts(store, workspace_clients(oauth_settings, store), NEW_YORK_0905)

    assert (report.posted, report.failed, report.unreachable) == (3, 0, ())
    assert len({first_token, second_token, emulator.bot_token}) == 3
    assert tokens_used(emulator, people) == {
        people.alice.id: {first_token},
        people.lei.id: {first_token},
        people.mei.id: {second_token},
    }
    assert [len(emulator.messages_to(u.id)) for u in (people.alice, people.lei, people.mei)] == [
        1,
        1,
        1,
    ]


def test_a_workspace_that_never_installed_is_reported_and_the_others_are_served(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
) -> None:
    install(server, emulator, people, sandbox.workspace_id)

    report = run_daily_prompts(store, workspace_clients(oauth_settings, store), NEW_YORK_0905)

    assert report.posted == 2
    assert report.unreachable == (Unreachable(SECOND, NOT_INSTALLED),)
    assert report.ok  # nothing failed: Summit is simply not there
    assert report.summary() == (
        "daily-prompts: posted 2, skipped 0, failed 0 (not installed in T0SECOND)"
    )
    assert emulator.messages_to(people.mei.id) == []


def test_an_uninstalled_workspace_is_skipped_reported_forgotten_and_served_again_on_reinstall(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
) -> None:
    install(server, emulator, people, sandbox.workspace_id)
    revoked = install(server, emulator, people, SECOND)
    emulator.revoke_token(revoked)  # the second workspace uninstalls Summit

    first = run_daily_prompts(store, workspace_clients(oauth_settings, store), NEW_YORK_0905)

    assert first.posted == 2  # the sandbox's reps, whatever happened to the other workspace
    assert first.unreachable == (Unreachable(SECOND, "token_revoked"),)
    assert not first.ok
    assert "token refused in T0SECOND (token_revoked)" in first.summary()
    assert oauth.bot_token(oauth.installation_store(oauth_settings, store), team_id=SECOND) is None
    with store.read() as session:  # the token was checked first: Mei's prompt lost no attempt
        assert outbox_posts(session=session, workspace_id=SECOND, job=JOB) == []

    emulator.clear_calls()
    later = run_daily_prompts(
        store, workspace_clients(oauth_settings, store), NEW_YORK_0905 + timedelta(minutes=1)
    )

    assert later.unreachable == (Unreachable(SECOND, NOT_INSTALLED),)
    assert later.ok
    assert [call for call in emulator.calls() if call.token == revoked] == []  # not retried

    renewed = install(server, emulator, people, SECOND)
    again = run_daily_prompts(
        store, workspace_clients(oauth_settings, store), NEW_YORK_0905 + timedelta(minutes=2)
    )

    assert (again.posted, again.unreachable) == (1, ())
    assert tokens_used(emulator, people)[people.mei.id] == {renewed}
    assert len(emulator.messages_to(people.mei.id)) == 1


def test_summit_jobs_run_posts_with_each_workspaces_token(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    store: Store,
    sandbox: Sandbox,
    second: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first_token = install(server, emulator, people, sandbox.workspace_id)
    second_token = install(server, emulator, people, SECOND)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    for name, value in {
        "DATABASE_URL": store.url,
        "SLACK_API_URL": emulator.base_url,
        "SLACK_CLIENT_ID": emulator.client_id,
        "SLACK_CLIENT_SECRET": emulator.client_secret,
        "SUMMIT_ENCRYPTION_KEY": KEY,
    }.items():
        monkeypatch.setenv(name, value)

    code = main(["jobs", "run", "daily-prompts", "--now", "2026-03-02T09:05-05:00"])

    assert (code, capsys.readouterr().out) == (0, "daily-prompts: posted 3, skipped 0, failed 0\n")
    used = tokens_used(emulator, people)
    assert used[people.mei.id] == {second_token}
    assert used[people.alice.id] == used[people.lei.id] == {first_token}


def test_the_scheduler_runs_the_jobs_with_oauth_installs(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
) -> None:
    install(server, emulator, people, sandbox.workspace_id)
    second_token = install(server, emulator, people, SECOND)

    result = tick(store, make_client, oauth_settings, lambda: NEW_YORK_0905)

    assert result.leader
    assert result.reports[0].job == JOB
    assert result.reports[0].posted == 3
    assert tokens_used(emulator, people)[people.mei.id] == {second_token}


def test_no_token_or_secret_reaches_the_logs_of_an_install_and_a_job_run(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    first_token = install(server, emulator, people, sandbox.workspace_id)
    revoked = install(server, emulator, people, SECOND)
    emulator.revoke_token(revoked)  # the warning path logs too
    report = run_daily_prompts(store, workspace_clients(oauth_settings, store), NEW_YORK_0905)
    assert report.posted == 2
    assert report.refused  # so the run logged its refusal

    secrets = [first_token, revoked, KEY, emulator.client_secret, SIGNING_SECRET]
    # slack_sdk logs its requests and answers at DEBUG (the tokens Slack hands out included);
    # bot.logs redacts those. Everything else, at any level, must carry none.
    ours = [record for record in caplog.records if not record.name.startswith("slack_sdk")]
    assert any(record.name.startswith("bot.") for record in ours)
    for record in ours:
        text = record.getMessage() + (record.exc_text or "")
        assert not [secret for secret in secrets if secret in text], record.name


def test_after_one_job_finds_a_token_refused_the_other_jobs_of_the_tick_skip_that_workspace(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
) -> None:
    install(server, emulator, people, sandbox.workspace_id)
    emulator.revoke_token(install(server, emulator, people, SECOND))

    result = tick(store, make_client, oauth_settings, lambda: NEW_YORK_0905)

    assert [(r.job, r.posted, r.unreachable) for r in result.reports] == [
        ("daily-prompts", 2, (Unreachable(SECOND, "token_revoked"),)),
        # 22:05 in Shanghai: Lei's evening question, in the sandbox only.
        ("evening-checkins", 1, (Unreachable(SECOND, NOT_INSTALLED),)),
        ("weekly-review", 0, (Unreachable(SECOND, NOT_INSTALLED),)),
        ("manager-summary", 0, (Unreachable(SECOND, NOT_INSTALLED),)),
        ("milestone-nudges", 0, (Unreachable(SECOND, NOT_INSTALLED),)),
    ]


def test_a_wrong_slack_bot_token_is_found_before_any_post_is_claimed_and_then_fixed(
    store: Store, emulator: Emulator, sandbox: Sandbox, people: People
) -> None:
    wrong = make_client("xoxb-not-this-one", emulator.base_url)

    refused = run_daily_prompts(store, wrong, NEW_YORK_0905)

    assert refused.unreachable == (Unreachable(sandbox.workspace_id, "invalid_auth"),)
    assert (refused.posted, refused.failed, refused.ok) == (0, 0, False)
    assert [call.method for call in emulator.calls()] == ["auth.test"]  # asked once, for all
    with store.read() as session:
        assert outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB) == []

    fixed = run_daily_prompts(
        store, make_client(emulator.bot_token, emulator.base_url), NEW_YORK_0905
    )

    assert (fixed.posted, fixed.unreachable) == (2, ())
    assert len(emulator.messages_to(people.alice.id)) == 1


def test_a_token_revoked_in_the_middle_of_a_run_gives_the_post_back_for_the_next_run(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    emulator.fail_next("conversations.open", status=200, error="token_revoked")

    cut_short = run_daily_prompts(store, client, NEW_YORK_0905, workers=1)

    assert cut_short.unreachable == (Unreachable(sandbox.workspace_id, "token_revoked"),)
    assert emulator.calls("chat.postMessage") == []
    with store.read() as session:
        [row] = outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB)
    assert (row.status, row.last_error) == ("failed", "slack: token_revoked")

    again = run_daily_prompts(store, client, NEW_YORK_0905 + timedelta(minutes=1))

    assert (again.posted, again.failed) == (2, 0)
    assert [len(emulator.messages_to(u.id)) for u in (people.alice, people.lei)] == [1, 1]


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0SUMMIT"]}},
    ],
    ids=["app_uninstalled", "tokens_revoked"],
)
def test_an_uninstall_event_forgets_the_workspace_so_jobs_skip_it_without_calling_slack(
    server: HttpServer,
    emulator: Emulator,
    people: People,
    oauth_settings: Settings,
    store: Store,
    sandbox: Sandbox,
    second: int,
    event: dict[str, object],
) -> None:
    first_token = install(server, emulator, people, sandbox.workspace_id)
    second_token = install(server, emulator, people, SECOND)
    emulator.revoke_token(first_token)  # Slack revokes the token with the uninstall

    reply = SlackTestClient(server.url, emulator).event(event)  # signed, for the sandbox

    assert reply.status == 200
    installations = oauth.installation_store(oauth_settings, store)
    assert oauth.bot_token(installations, team_id=sandbox.workspace_id) is None
    assert oauth.bot_token(installations, team_id=SECOND) == second_token
    emulator.clear_calls()

    report = run_daily_prompts(store, workspace_clients(oauth_settings, store), NEW_YORK_0905)

    # Known to be uninstalled: reported, not a failure, and not one call with the old token.
    assert report.unreachable == (Unreachable(sandbox.workspace_id, NOT_INSTALLED),)
    assert (report.posted, report.ok) == (1, True)
    assert {call.token for call in emulator.calls()} == {second_token}
    assert len(emulator.messages_to(people.mei.id)) == 1
