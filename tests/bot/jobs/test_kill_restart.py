"""The `kill -9` drill: `summit jobs run daily-prompts` is killed in the middle of its fan-out,
with some DMs delivered by Slack but not yet marked sent, and run again. Every rep ends up with
exactly one DM and every outbox row is marked sent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import text

from bot.sandbox import Emulator, User
from storage.outbox import outbox_posts
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target
from tests.polling import wait_until

# Monday morning in New York, Monday evening in Shanghai: everyone is due, all for March 2.
NOW = "2026-03-02T09:05-05:00"
TODAY = date(2026, 3, 2)
REPS = [User(f"U1KILL{i:03d}", f"rep{i}", tz="Asia/Shanghai", locale="zh-CN") for i in range(30)]
POSTS_BEFORE_KILL = 8


def delivered(emulator: Emulator) -> Counter[str]:
    """How many morning prompts each DM channel received (429 answers are not deliveries)."""
    return Counter(call.args["channel"] for call in emulator.calls("chat.postMessage") if call.ok)


def job_command() -> list[str]:
    return [sys.executable, "-m", "bot", "jobs", "run", "daily-prompts", "--now", NOW]


def test_a_run_killed_mid_fan_out_and_run_again_sends_each_dm_exactly_once(
    store: Store, emulator: Emulator, sandbox: Sandbox, people: People
) -> None:
    for rep in REPS:
        emulator.add_user(rep)
        member = add_member(store, sandbox.workspace_id, rep)
        give_target(store, sandbox.workspace_id, member, Decimal("22000"), MARCH)
    recipients = [people.lei, people.alice, *REPS]
    # Thirty posts a second, no bursts: the fan-out takes seconds, so the kill lands inside it.
    emulator.rate_limit("chat.postMessage", per_second=30, burst=1)
    env = os.environ | {
        "DATABASE_URL": store.url,
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_API_URL": emulator.base_url,
    }

    first = subprocess.Popen(
        job_command(), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_until(
            lambda: sum(delivered(emulator).values()) >= POSTS_BEFORE_KILL,
            f"{POSTS_BEFORE_KILL} prompts from the first run",
        )
        # Hold the outbox's write lock: the first run can still reach Slack with the posts it
        # has claimed but can no longer mark them sent. Kill it once Slack holds a post the
        # outbox does not know was sent, the window "between the call and the mark".
        with store.session() as session:
            if not store.is_sqlite:
                session.execute(text("LOCK TABLE outbox_post IN EXCLUSIVE MODE"))
            sent = sum(
                1
                for row in outbox_posts(session=session, workspace_id=sandbox.workspace_id)
                if row.status == "sent"
            )
            wait_until(
                lambda: sum(delivered(emulator).values()) > sent,
                "a post delivered but not marked sent",
            )
            os.kill(first.pid, signal.SIGKILL)
            first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL

    before_restart = delivered(emulator)
    assert 0 < sum(before_restart.values()) < len(recipients), "the kill missed the fan-out"
    with store.read() as session:
        left = outbox_posts(session=session, workspace_id=sandbox.workspace_id)
    unmarked = {row.recipient for row in left if row.status == "claimed"}
    assert any(emulator.dm_channel(user) in before_restart for user in unmarked), (
        "no post was caught between the Slack call and the mark"
    )

    second = subprocess.run(
        job_command(), env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert second.returncode == 0, (second.stdout, second.stderr)
    assert "failed 0" in second.stdout
    assert "reconciled" in second.stdout
    assert delivered(emulator) == {emulator.dm_channel(user.id): 1 for user in recipients}
    with store.read() as session:
        rows = outbox_posts(session=session, workspace_id=sandbox.workspace_id, local_date=TODAY)
    assert {row.recipient: row.status for row in rows} == {user.id: "sent" for user in recipients}
    assert all(row.slack_ts for row in rows)
