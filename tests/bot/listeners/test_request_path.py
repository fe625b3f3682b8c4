"""The request path under pressure, through Slack's signed HTTP into the app as `summit serve`
runs it (answering on `ack`) with a real store and the Web API emulator:

- a write lock held elsewhere past Slack's patience: the user is told in time, in their language,
  that Summit is busy and nothing was saved, and nothing is (no "ghost" write to be typed again)
  (events keep the long wait: tests/bot/jobs/test_drill_sqlite_locked.py);
- a requester's Slack profile is asked for once, not on every command, and a 429 on it answers
  from the stored member without sleeping out Retry-After;
- a manager's first `/target set`s arriving together build one team, and both succeed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from slack_bolt import App

from bot.core.periods import Period
from bot.i18n import t
from bot.listeners.replay import REQUEST_LOCK_WAIT_SECONDS
from bot.sandbox import Emulator, User
from bot.server import HttpServer
from bot.services.context import PROFILE_TTL
from bot.settings import Settings
from storage.actuals import list_actuals
from storage.members import list_teams, member_by_slack_id
from storage.records import Owner
from storage.store import Store
from storage.targets import active_targets
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.entries import serve_as_summit_serve

SLACK_ACK_SECONDS = 3.0
Q2 = Period(date(2027, 4, 1), date(2027, 6, 30), "2027Q2")
ZHAO = User("U05ZHAO", "zhao", real_name="赵六", locale="zh-CN")
QIAN = User("U06QIAN", "qian", real_name="钱七", locale="zh-CN")


@pytest.fixture
def served(
    settings: Settings,
    clock: Clock,
    store: Store,
    emulator: Emulator,
    people: People,
    serve: Callable[[App], HttpServer],
) -> SlackTestClient:
    """The app as `summit serve` runs it, everyone having used Summit before."""
    return serve_as_summit_serve(
        settings=settings,
        clock=clock,
        store=store,
        emulator=emulator,
        serve=serve,
        with_targets=(people.lei, people.alice),
        regulars=(people.lei, people.alice, people.wang),
    )


def text_of(reply: SlackReply) -> str:
    return str(reply.json()["text"])


def member_id(store: Store, emulator: Emulator, user: User) -> int:
    with store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
    assert member is not None
    return member.id


@contextmanager
def write_lock_held_elsewhere(store: Store) -> Iterator[None]:
    """Another process's transaction holds SQLite's write lock for the whole block."""
    other = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE workspace SET name = name")
        yield
    finally:
        other.rollback()
        other.close()


# -- a write lock held past Slack's 3 seconds (SQLite) -------------------------------------------


@pytest.mark.parametrize("database_kind", ["sqlite"])
def test_a_busy_store_answers_in_time_that_nothing_was_saved_and_saves_nothing(
    served: SlackTestClient, store: Store, emulator: Emulator, people: People, database_kind: str
) -> None:
    with write_lock_held_elsewhere(store), ThreadPoolExecutor(3) as pool:
        sent = {
            "log": pool.submit(served.command, "log 1万 deal A", user=people.lei),
            "status": pool.submit(served.command, "status", user=people.alice),
            "set": pool.submit(
                served.command, f"set 50万 2027Q2 <@{people.mei.id}|mei>", user=people.wang
            ),
        }
        replies = {name: future.result() for name, future in sent.items()}

    for reply in replies.values():
        assert reply.status == 200
        assert reply.elapsed < SLACK_ACK_SECONDS
        assert reply.elapsed >= REQUEST_LOCK_WAIT_SECONDS * 0.9  # it did wait for the lock
        assert reply.json()["response_type"] == "ephemeral"
    assert text_of(replies["log"]) == t("zh-Hans", "error.busy")
    assert text_of(replies["status"]) == t("en", "error.busy")
    assert text_of(replies["set"]) == t("zh-Hans", "error.busy")
    with store.read() as session:
        logged = list_actuals(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member_id(store, emulator, people.lei),
        )
        mei = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=people.mei.id
        )
        q2 = (
            active_targets(
                session=session,
                workspace_id=emulator.team_id,
                owner=Owner.member(mei.id),
                overlapping=Q2,
            )
            if mei is not None
            else []
        )
    assert logged == []
    assert q2 == []

    # Told nothing was saved, the rep types it again: it is recorded once.
    again = served.command("log 1万 deal A", user=people.lei)
    assert "1万" in text_of(again)
    with store.read() as session:
        logged = list_actuals(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member_id(store, emulator, people.lei),
        )
    assert len(logged) == 1


# -- the requester's Slack profile ----------------------------------------------------------------


def test_commands_from_one_user_ask_slack_for_their_profile_once_per_ttl(
    served: SlackTestClient, emulator: Emulator, people: People, clock: Clock
) -> None:
    emulator.clear_calls()  # their language and profile are known already (from `help`)
    for text in ("status", "log 1万", "plan", "status", "team"):
        assert served.command(text, user=people.lei).status == 200

    assert emulator.calls("users.info") == []

    clock.advance(PROFILE_TTL)  # then asked again, once
    for _ in range(3):
        served.command("status", user=people.lei)
    assert [call.args["user"] for call in emulator.calls("users.info")] == [people.lei.id]


def test_a_new_users_first_command_asks_slack_about_them_once(
    served: SlackTestClient, emulator: Emulator, store: Store
) -> None:
    """Their language and their profile come from the one `users.info` answer."""
    newcomer = User("U0NEWCOMER", "xiaozhang", locale="zh-CN", tz="Asia/Shanghai")
    emulator.add_user(newcomer)
    emulator.clear_calls()

    reply = served.command("status", user=newcomer)

    assert reply.status == 200
    assert [call.args["user"] for call in emulator.calls("users.info")] == [newcomer.id]
    assert text_of(reply) == t("zh-Hans", "status.none.own")
    with store.read() as session:
        stored = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=newcomer.id
        )
    assert stored is not None
    assert (stored.locale, stored.tz) == ("zh-CN", "Asia/Shanghai")


def test_a_rate_limited_profile_lookup_answers_promptly_from_the_stored_member(
    served: SlackTestClient, store: Store, emulator: Emulator, people: People, clock: Clock
) -> None:
    served.command("status", user=people.lei)
    clock.advance(PROFILE_TTL)  # the profile is too old: Slack is asked again, and says 429
    emulator.clear_calls()
    emulator.fail_next("users.info", error="ratelimited", status=429, retry_after=30, times=5)

    reply = served.command("log 2万", user=people.lei)

    assert reply.status == 200
    assert reply.elapsed < 1.0  # no sleeping out the 30 s Retry-After
    assert "2万" in text_of(reply)
    assert len(emulator.calls("users.info")) == 1  # one try, no retries
    # For a while after the 429 the stored member is used without asking again.
    assert "1万" in text_of(served.command("log 1万", user=people.lei))
    assert len(emulator.calls("users.info")) == 1


# -- a manager's first sets arriving together ----------------------------------------------------


def test_two_first_sets_of_one_manager_at_once_both_succeed_and_make_one_team(
    served: SlackTestClient, store: Store, emulator: Emulator, people: People
) -> None:
    for user in (ZHAO, QIAN):
        emulator.add_user(user)
    # Both commands look their rep up in Slack, then write: held until both have asked, their
    # transactions start together.
    emulator.gather_next("users.info", parties=2)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(served.command, f"set 50万 2027Q2 <@{ZHAO.id}|zhao>", user=people.wang)
        second = pool.submit(served.command, f"set 60万 2027Q2 <@{QIAN.id}|qian>", user=people.wang)
        replies = [first.result(), second.result()]

    assert [reply.status for reply in replies] == [200, 200]
    assert "50万" in text_of(replies[0])
    assert "60万" in text_of(replies[1])
    with store.read() as session:
        teams = list_teams(session=session, workspace_id=emulator.team_id)
    wang = member_id(store, emulator, people.wang)
    assert [team.manager_id for team in teams] == [wang]
    assert set(teams[0].member_ids) == {
        member_id(store, emulator, ZHAO),
        member_id(store, emulator, QIAN),
    }


def test_profile_cache_does_not_hide_a_new_admin_right_for_longer_than_its_ttl(
    served: SlackTestClient, emulator: Emulator, people: People, clock: Clock
) -> None:
    served.command("status", user=people.alice)  # her profile as it was: not an admin
    emulator.add_user(User(people.alice.id, "alice", real_name="Alice Smith", is_admin=True))
    clock.advance(PROFILE_TTL - timedelta(seconds=1))
    refused = served.command(f"set 5万 2027Q2 <@{people.lei.id}|lilei>", user=people.alice)
    clock.advance(timedelta(seconds=1))
    allowed = served.command(f"set 5万 2027Q2 <@{people.lei.id}|lilei>", user=people.alice)

    assert ":white_check_mark:" not in text_of(refused)  # not a manager, as Summit remembers her
    assert ":white_check_mark:" in text_of(allowed)


def test_a_rate_limited_mention_goes_by_the_stored_member_or_answers_busy(
    served: SlackTestClient, store: Store, emulator: Emulator, people: People, clock: Clock
) -> None:
    emulator.add_user(ZHAO)
    clock.advance(PROFILE_TTL)  # what Slack said about lei is stale: a mention asks again
    served.command("status", user=people.wang)  # the manager's own profile is known and fresh

    emulator.fail_next("users.info", error="ratelimited", status=429, retry_after=30)
    known = served.command(f"set 5万 2027Q2 <@{people.lei.id}|lilei>", user=people.wang)
    emulator.fail_next("users.info", error="ratelimited", status=429, retry_after=30)
    unknown = served.command(f"set 5万 2027Q2 <@{ZHAO.id}|zhao>", user=people.wang)

    assert known.elapsed < 1.0
    assert ":white_check_mark:" in text_of(known)  # lei is known to Summit: set as stored
    assert unknown.elapsed < 1.0
    assert text_of(unknown) == t("zh-Hans", "error.busy")  # who is zhao? Slack would not say
    with store.read() as session:
        zhao = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=ZHAO.id
        )
    assert zhao is None
    # Slack answering again, the same command goes through.
    assert ":white_check_mark:" in text_of(
        served.command(f"set 5万 2027Q2 <@{ZHAO.id}|zhao>", user=people.wang)
    )
