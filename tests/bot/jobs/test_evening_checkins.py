"""The evening question: in the thread of the morning prompt, at 18:00 local, only for reps who
have not reported today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from slack_sdk import WebClient

from bot.jobs.daily_prompts import run_daily_prompts
from bot.jobs.evening_checkins import JOB, run_evening_checkins
from bot.jobs.poster import EVENT_TYPE, outbox_key
from bot.sandbox import Emulator
from storage.actuals import log_actual
from storage.checkins import check_in_by_message, check_ins
from storage.outbox import claim_post
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import Sandbox

MONDAY = date(2026, 3, 2)
SHANGHAI_0905 = datetime(2026, 3, 2, 1, 5, tzinfo=UTC)
SHANGHAI_1805 = datetime(2026, 3, 2, 10, 5, tzinfo=UTC)


def prompted(store: Store, client: WebClient) -> None:
    """Monday's morning prompts have gone out in Shanghai (Lei); New York (Alice) is asleep."""
    assert run_daily_prompts(store, client, SHANGHAI_0905).posted == 1


def test_a_rep_who_has_not_reported_is_asked_in_the_morning_thread_at_six(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    prompted(store, client)
    [morning] = emulator.messages_to(people.lei.id)

    early = run_evening_checkins(store, client, SHANGHAI_1805 - timedelta(minutes=10))
    report = run_evening_checkins(store, client, SHANGHAI_1805)
    again = run_evening_checkins(store, client, SHANGHAI_1805 + timedelta(minutes=1))

    assert early.posted == 0
    assert (report.posted, again.posted, again.already) == (1, 0, 1)
    [_, question] = emulator.messages_to(people.lei.id)
    assert question.thread_ts == morning.ts
    assert question.text.startswith("今天进展如何？")
    assert question.metadata == {
        "event_type": EVENT_TYPE,
        "event_payload": {"key": outbox_key(sandbox.workspace_id, JOB, people.lei.id, MONDAY)},
    }
    # A reply in that thread belongs to Monday's check-in.
    with store.read() as session:
        parent = check_in_by_message(
            session=session,
            workspace_id=sandbox.workspace_id,
            channel_id=morning.channel,
            message_ts=morning.ts,
        )
        kinds = {c.kind for c in check_ins(session=session, workspace_id=sandbox.workspace_id)}
    assert parent is not None
    assert (parent.member_id, parent.day) == (sandbox.lei, MONDAY)
    assert kinds == {"morning", "evening"}


def test_a_rep_who_reported_or_got_no_prompt_is_not_asked(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    prompted(store, client)
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=sandbox.lei,
            day=MONDAY,
            amount=Decimal("35000"),
            idempotency_key="lei-monday",
            source="checkin",
            actor=people.lei.id,
            now=SHANGHAI_1805 - timedelta(hours=1),
        )

    report = run_evening_checkins(store, client, SHANGHAI_1805)

    assert (report.posted, report.skipped) == (0, 1)
    assert len(emulator.messages_to(people.lei.id)) == 1  # the morning prompt only
    assert emulator.messages_to(people.wang.id) == []  # no target, no prompt, no question


def test_an_unmarked_question_found_in_the_thread_is_not_asked_twice(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    prompted(store, client)
    [morning] = emulator.messages_to(people.lei.id)
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=sandbox.workspace_id,
            job=JOB,
            recipient=people.lei.id,
            local_date=MONDAY,
            now=SHANGHAI_1805,
        )
    asked = client.chat_postMessage(
        channel=morning.channel,
        thread_ts=morning.ts,
        text="今天进展如何？",
        metadata={
            "event_type": EVENT_TYPE,
            "event_payload": {"key": outbox_key(sandbox.workspace_id, JOB, people.lei.id, MONDAY)},
        },
    )

    report = run_evening_checkins(store, client, SHANGHAI_1805 + timedelta(minutes=1))

    assert (report.reconciled, report.posted) == (1, 0)
    assert [m.ts for m in emulator.messages_to(people.lei.id)] == [morning.ts, asked["ts"]]
