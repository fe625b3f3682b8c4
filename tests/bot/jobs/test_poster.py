"""The exactly-once sender on its own: claims decide who posts, whatever the timing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from slack_sdk import WebClient

from bot.jobs.poster import EVENT_TYPE, Outcome, Post, Poster
from bot.sandbox import Emulator
from storage.outbox import claim_post, mark_failed, outbox_posts, retry_delay
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import Sandbox

NOW = datetime(2026, 3, 2, 1, 5, tzinfo=UTC)


def post_to(user_id: str, sandbox: Sandbox, *, thread_ts: str | None = None) -> Post:
    return Post(
        workspace_id=sandbox.workspace_id,
        job="test-job",
        recipient=user_id,
        local_date=date(2026, 3, 2),
        text="hello",
        thread_ts=thread_ts,
    )


def test_many_senders_of_one_post_deliver_it_once(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    emulator.delay_next("chat.postMessage", 0.1)  # the winner is still talking to Slack
    post = post_to(people.lei.id, sandbox)

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda _: Poster(store, client, NOW).send(post).outcome, range(6)))

    assert sorted(outcomes) == sorted([Outcome.POSTED] + [Outcome.ALREADY_DONE] * 5)
    [message] = emulator.messages_to(people.lei.id)
    assert message.metadata == {"event_type": EVENT_TYPE, "event_payload": {"key": post.key}}


def test_a_channel_post_goes_to_the_channel_itself(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    delivery = Poster(store, client, NOW).send(post_to(people.sales.id, sandbox))

    assert delivery.outcome is Outcome.POSTED
    assert delivery.channel == people.sales.id
    assert emulator.calls("conversations.open") == []
    [message] = emulator.messages_to(people.sales.id)
    assert message.ts == delivery.ts
    with store.read() as session:
        [row] = outbox_posts(session=session, workspace_id=sandbox.workspace_id)
    assert (row.status, row.channel_id, row.slack_ts) == ("sent", people.sales.id, delivery.ts)


def test_an_unmarked_thread_reply_is_found_in_its_thread(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    parent = client.chat_postMessage(channel=people.sales.id, text="weekly review")
    post = post_to(people.sales.id, sandbox, thread_ts=str(parent["ts"]))
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=post.workspace_id,
            job=post.job,
            recipient=post.recipient,
            local_date=post.local_date,
            now=NOW,
        )
    reply = client.chat_postMessage(
        channel=people.sales.id,
        thread_ts=str(parent["ts"]),
        text="hello",
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": post.key}},
    )

    settled = Poster(store, client, NOW).reconcile(
        workspace_id=sandbox.workspace_id, job=post.job, thread_of=lambda _row: str(parent["ts"])
    )

    assert [(d.outcome, d.ts) for d in settled] == [(Outcome.RECONCILED, reply["ts"])]
    assert Poster(store, client, NOW).send(post).outcome is Outcome.ALREADY_DONE
    assert len(emulator.messages_to(people.sales.id)) == 2  # the parent and the one reply


def test_a_retry_after_an_ambiguous_failure_looks_before_posting_again(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    # The first attempt reached Slack but its answer was lost (a timeout): recorded as failed.
    post = post_to(people.lei.id, sandbox)
    with store.session() as session:
        row = claim_post(
            session=session,
            workspace_id=post.workspace_id,
            job=post.job,
            recipient=post.recipient,
            local_date=post.local_date,
            now=NOW,
        )
        assert row is not None
        mark_failed(
            session=session,
            workspace_id=post.workspace_id,
            post_id=row.id,
            error="timeout",
            now=NOW,
        )
    landed = client.chat_postMessage(
        channel=people.lei.id,
        text="hello",
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": post.key}},
    )

    retry = Poster(store, client, NOW + retry_delay(1)).send(post)

    assert (retry.outcome, retry.ts) == (Outcome.RECONCILED, landed["ts"])
    assert len(emulator.messages_to(people.lei.id)) == 1
