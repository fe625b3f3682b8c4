"""The `database is locked` drill, short form: another process holds SQLite's write lock
(`BEGIN IMMEDIATE` on its own connection) for half a second while commands, a check-in DM and the
daily fan-out arrive. Each waits its turn: every user gets their real answer within Slack's
3 seconds, and once the lock is released everything is written exactly once, nothing half.

The long form (a lock held past Slack's 3 seconds) is benchmarks/drill_sqlite_locked.py.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date
from typing import Any

import pytest
from slack_bolt import App

from bot.core.periods import Period
from bot.jobs.daily_prompts import run_daily_prompts
from bot.jobs.report import JobReport
from bot.sandbox import Emulator, User
from bot.server import HttpServer
from bot.settings import Settings
from bot.slack_client import make_client
from storage.actuals import list_actuals
from storage.members import member_by_slack_id
from storage.records import Owner
from storage.store import Store
from storage.targets import active_targets
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.entries import serve_as_summit_serve
from tests.polling import wait_until

HOLD_SECONDS = 0.5  # how long the other process's transaction keeps the write lock
SLACK_ACK_SECONDS = 3.0

Q2 = Period(date(2027, 4, 1), date(2027, 6, 30), "2027Q2")


@pytest.fixture
def database_kind() -> str:
    """SQLite only: the lock under drill is SQLite's file lock."""
    return "sqlite"


@pytest.fixture
def served(
    settings: Settings,
    clock: Clock,
    store: Store,
    emulator: Emulator,
    people: People,
    serve: Callable[[App], HttpServer],
) -> SlackTestClient:
    """The app as `summit serve` runs it (answering on `ack`), on the store's SQLite file."""
    return serve_as_summit_serve(
        settings=settings,
        clock=clock,
        store=store,
        emulator=emulator,
        serve=serve,
        with_targets=(people.lei, people.alice),
        regulars=(people.lei, people.alice, people.mei, people.wang),
    )


def dm_check_in(slack: SlackTestClient, user: User, text: str) -> SlackReply:
    emulator = slack.emulator
    channel = emulator.dm_channel(user.id)
    message = emulator.post_as_user(user.id, channel, text)
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user.id,
        "text": text,
        "ts": message.ts,
        "client_msg_id": f"client-{message.ts}",
    }
    return slack.event(event)


def answered_in_thread(emulator: Emulator, user: User) -> bool:
    messages = emulator.messages_to(user.id)
    written = {m.ts for m in messages if m.user == user.id}
    return any(m.thread_ts in written for m in messages if m.user == emulator.bot_user_id)


def member_id(store: Store, emulator: Emulator, user: User) -> int:
    with store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
    assert member is not None
    return member.id


def test_a_short_write_lock_delays_everyone_a_little_and_loses_nothing(
    served: SlackTestClient, store: Store, emulator: Emulator, clock: Clock, people: People
) -> None:
    slack = served
    client = make_client(emulator.bot_token, emulator.base_url)
    work: dict[str, Callable[[], Any]] = {
        "log": lambda: slack.command("log 1万 deal A", user=people.lei),
        "status": lambda: slack.command("status", user=people.alice),
        "set": lambda: slack.command(f"set 50万 2027Q2 <@{people.mei.id}|mei>", user=people.wang),
        "check-in": lambda: dm_check_in(slack, people.alice, "closed 12k today, 3 calls"),
        "job": lambda: run_daily_prompts(store, client, clock().astimezone(UTC)),
    }
    other = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE workspace SET name = name")
    with ThreadPoolExecutor(len(work)) as pool:
        futures = {name: pool.submit(call) for name, call in work.items()}
        threading.Event().wait(HOLD_SECONDS)  # the other transaction's length: the fault
        other.rollback()
        other.close()
        done = {name: future.result() for name, future in futures.items()}
    # A DM event is acknowledged first and handled after: its reply in the thread says done.
    wait_until(lambda: answered_in_thread(emulator, people.alice), "the check-in's reply")

    replies = {name: reply for name, reply in done.items() if isinstance(reply, SlackReply)}
    assert {name: reply.status for name, reply in replies.items()} == dict.fromkeys(replies, 200)
    slow = {name: r.elapsed for name, r in replies.items() if r.elapsed > SLACK_ACK_SECONDS}
    assert slow == {}
    assert "1万" in replies["log"].json()["text"]
    assert "50万" in replies["set"].json()["text"]
    assert replies["status"].json()["text"]
    job = done["job"]
    assert isinstance(job, JobReport)
    assert (job.failed, job.posted) == (0, 2), job.summary()

    lei, alice, mei = (
        member_id(store, emulator, u) for u in (people.lei, people.alice, people.mei)
    )
    with store.read() as session:
        logged = list_actuals(session=session, workspace_id=emulator.team_id, member_id=lei)
        checked_in = list_actuals(session=session, workspace_id=emulator.team_id, member_id=alice)
        q2 = active_targets(
            session=session,
            workspace_id=emulator.team_id,
            owner=Owner.member(mei),
            overlapping=Q2,
        )
    assert [entry.amount for entry in logged] == [10000]
    assert [entry.amount for entry in checked_in] == [12000]
    assert [target.amount.amount for target in q2] == [500000]
    for rep in (people.lei, people.alice):
        prompts = [m for m in emulator.messages_to(rep.id) if m.metadata is not None]
        assert len(prompts) == 1
