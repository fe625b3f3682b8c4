"""Fault drills for the daily fan-out: Slack answering 5xx in bursts and not answering in time.

A 5xx or a timeout does not say whether the message was stored. The emulator plays both cases
(`after_serving`: stored, then the error or the silence). Whatever Slack did, every rep ends
with exactly one morning DM: the failed post is never retried blindly in the same run, and the
first run after its backoff (`storage.outbox.retry_delay`) looks for it in the conversation
(message metadata) before posting again.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from slack_sdk import WebClient

from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.jobs.report import JobReport
from bot.sandbox import Emulator, User
from bot.slack_client import make_client
from storage.outbox import outbox_posts, retry_delay
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # Monday 09:05 in New York, everyone is due
REPS = [User(f"U1FLT{i:03d}", f"rep{i}", tz="Asia/Shanghai", locale="zh-CN") for i in range(12)]
CLIENT_TIMEOUT_SECONDS = 1
HELD_SECONDS = 3  # longer than the client waits
MAX_RUNS = 8
STORM_MINUTES = 4


@pytest.fixture
def team(store: Store, emulator: Emulator, sandbox: Sandbox, people: People) -> list[User]:
    """Lei, Alice and twelve more reps, each with a March target: fourteen DMs due at NOW."""
    for rep in REPS:
        emulator.add_user(rep)
        member = add_member(store, sandbox.workspace_id, rep)
        give_target(store, sandbox.workspace_id, member, Decimal("22000"), MARCH)
    return [people.lei, people.alice, *REPS]


def prompts_received(emulator: Emulator, team: list[User]) -> dict[str, int]:
    """How many bot messages each rep's DM holds: what the reps actually saw."""
    return {
        rep.id: sum(1 for m in emulator.messages_to(rep.id) if m.user == emulator.bot_user_id)
        for rep in team
    }


def posts_per_channel(emulator: Emulator) -> Counter[str]:
    return Counter(call.args["channel"] for call in emulator.calls("chat.postMessage"))


def statuses(store: Store, sandbox: Sandbox) -> Counter[str]:
    with store.read() as session:
        rows = outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB)
    return Counter(row.status for row in rows)


def run_until_settled(store: Store, client: WebClient, start: datetime) -> list[JobReport]:
    """Run the job once a minute (as the scheduler would) until a run has nothing left to do."""
    reports = []
    for minute in range(MAX_RUNS):
        reports.append(run_daily_prompts(store, client, start + timedelta(minutes=minute)))
        if reports[-1].failed == 0:
            return reports
    raise AssertionError(f"still failing after {MAX_RUNS} runs: {reports[-1].summary()}")


def test_a_5xx_burst_loses_nothing_and_duplicates_nothing(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, team: list[User]
) -> None:
    # Six posts in a row fail: three never reached the API, three were stored before the 5xx.
    emulator.fail_next("chat.postMessage", status=503, times=3)
    emulator.fail_next("chat.postMessage", status=502, times=3, after_serving=True)

    first = run_daily_prompts(store, client, NOW)

    assert (first.posted, first.failed) == (len(team) - 6, 6)
    # No blind retry: each recipient's post was tried exactly once in this run.
    assert set(posts_per_channel(emulator).values()) == {1}
    assert sum(prompts_received(emulator, team).values()) == len(team) - 3

    emulator.clear_calls()
    # The scheduler's next tick leaves them alone: they wait out their backoff, and say so.
    waiting = run_daily_prompts(store, client, NOW + timedelta(minutes=1))
    assert (waiting.posted, waiting.failed) == (0, 6)
    assert all("next at 14:07 UTC" in (d.error or "") for d in waiting.details)
    assert emulator.calls("chat.postMessage") == []
    second = run_daily_prompts(store, client, NOW + retry_delay(1))

    # The three stored ones are found by their metadata, the three lost ones posted once.
    assert (second.reconciled, second.posted, second.failed) == (3, 3, 0)
    assert len(emulator.calls("chat.postMessage")) == 3
    assert set(prompts_received(emulator, team).values()) == {1}
    assert statuses(store, sandbox) == Counter({"sent": len(team)})


def test_a_5xx_while_looking_for_the_earlier_post_never_posts_blind(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, team: list[User]
) -> None:
    emulator.fail_next("chat.postMessage", status=500, times=1, after_serving=True)
    run_daily_prompts(store, client, NOW)
    # The retry cannot read the conversation (the client's own two retries fail as well).
    emulator.fail_next("conversations.history", status=503, times=3)
    emulator.clear_calls()

    blind_at = NOW + retry_delay(1)
    blind = run_daily_prompts(store, client, blind_at)

    assert (blind.posted, blind.failed) == (0, 1)
    assert emulator.calls("chat.postMessage") == []  # not knowing, it did not post
    later = run_daily_prompts(store, client, blind_at + retry_delay(2))
    assert (later.reconciled, later.posted, later.failed) == (1, 0, 0)
    assert set(prompts_received(emulator, team).values()) == {1}


@pytest.mark.parametrize("stored", [True, False], ids=["stored-then-silent", "lost-in-transit"])
def test_a_slack_timeout_ends_in_exactly_one_dm_whether_or_not_the_post_happened(
    store: Store, emulator: Emulator, sandbox: Sandbox, team: list[User], stored: bool
) -> None:
    client = make_client(emulator.bot_token, emulator.base_url, timeout=CLIENT_TIMEOUT_SECONDS)
    if stored:
        # Slack stores the message and answers too late.
        emulator.delay_next("chat.postMessage", HELD_SECONDS, times=2, after_serving=True)
    else:
        # The request hangs and is then refused: nothing is stored.
        emulator.delay_next("chat.postMessage", HELD_SECONDS, times=2)
        emulator.fail_next("chat.postMessage", status=504, times=2)

    first = run_daily_prompts(store, client, NOW, workers=1)

    assert (first.posted, first.failed) == (len(team) - 2, 2)
    assert all("Timeout" in (d.error or "") for d in first.details if d.outcome == "failed")
    later = run_until_settled(store, client, NOW + timedelta(minutes=1))

    settled = later[-1]
    assert (settled.reconciled, settled.posted) == ((2, 0) if stored else (0, 2))
    assert set(prompts_received(emulator, team).values()) == {1}
    assert statuses(store, sandbox) == Counter({"sent": len(team)})


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_5xx_storms_give_each_rep_exactly_one_dm(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    team: list[User],
    seed: int,
) -> None:
    chance = random.Random(seed)
    # The runs of the first minutes, once a minute, meet a burst each (a post that fails is
    # tried again in two minutes, so some posts meet two): a random mix of 5xx before and after
    # the message is stored, on the posts and on the look-ups. Then Slack recovers.
    for minute in range(STORM_MINUTES):
        emulator.clear_faults()
        for _ in range(chance.randint(1, len(team))):
            emulator.fail_next(
                "chat.postMessage",
                status=chance.choice([500, 502, 503, 504]),
                after_serving=chance.random() < 0.5,
            )
        if minute > 0 and chance.random() < 0.5:
            emulator.fail_next("conversations.history", status=503, times=3)
        run_daily_prompts(store, client, NOW + timedelta(minutes=minute))
    emulator.clear_faults()

    final = run_until_settled(store, client, NOW + timedelta(minutes=STORM_MINUTES))[-1]

    assert final.failed == 0, final.summary()
    received = prompts_received(emulator, team)
    assert [rep for rep, count in received.items() if count != 1] == [], received
    assert statuses(store, sandbox) == Counter({"sent": len(team)})
