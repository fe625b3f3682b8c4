"""The morning prompt, end to end: the job reads the store at a fixed `now`, DMs through the Web
API emulator, and records what it sent in the outbox and as the morning check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from slack_sdk import WebClient

from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.jobs.poster import EVENT_TYPE, outbox_key
from bot.sandbox import Emulator, User
from bot.views.prompt import AWAY_TODAY, LOG_RESULT, NEED_HELP
from storage.actuals import log_actual
from storage.checkins import check_ins
from storage.members import dm_channels, remember_dm_channel
from storage.milestones import set_away
from storage.outbox import claim_post, outbox_posts
from storage.records import OutboxRow
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, SET_UP, Sandbox, add_member, give_target

MONDAY = date(2026, 3, 2)
SHANGHAI_0905 = datetime(2026, 3, 2, 1, 5, tzinfo=UTC)  # Monday 09:05 in Shanghai
NEW_YORK_0905 = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # Monday 09:05 in New York (EST)


def dms(emulator: Emulator, user: User) -> list[Any]:
    return [m for m in emulator.messages_to(user.id) if m.user == emulator.bot_user_id]


def outbox(store: Store, sandbox: Sandbox) -> list[OutboxRow]:
    with store.read() as session:
        return outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB)


def button_ids(blocks: Any) -> list[str]:
    return [
        element["action_id"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_a_working_day_sends_each_rep_one_dm_with_the_days_number(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    report = run_daily_prompts(store, client, NEW_YORK_0905)

    assert (report.posted, report.failed) == (2, 0)
    [to_lei] = dms(emulator, people.lei)
    [to_alice] = dms(emulator, people.alice)
    assert dms(emulator, people.wang) == []  # a manager without a target gets nothing
    # 220,000 over March's 22 working days: 10,000 a day, in each rep's own language.
    assert to_lei.text == "早上好！今天的目标：¥1万"
    assert to_alice.text == "Good morning! Today's target: ¥10k"
    alice_blocks = " ".join(
        str(block.get("text", {}).get("text", "")) for block in to_alice.blocks
    ) + " ".join(
        str(element.get("text", ""))
        for block in to_alice.blocks
        if block["type"] == "context"
        for element in block["elements"]
    )
    assert "visits" in alice_blocks
    assert "proposals" in alice_blocks
    assert "This month: ¥0 of ¥220k" in alice_blocks
    assert button_ids(to_alice.blocks) == [LOG_RESULT, AWAY_TODAY, NEED_HELP]
    assert to_lei.metadata == {
        "event_type": EVENT_TYPE,
        "event_payload": {"key": outbox_key(sandbox.workspace_id, JOB, people.lei.id, MONDAY)},
    }
    # The outbox holds each post as sent with its ts, and each prompt is the rep's check-in.
    rows = {row.recipient: row for row in outbox(store, sandbox)}
    assert {user: (row.status, row.slack_ts) for user, row in rows.items()} == {
        people.lei.id: ("sent", to_lei.ts),
        people.alice.id: ("sent", to_alice.ts),
    }
    with store.read() as session:
        recorded = check_ins(session=session, workspace_id=sandbox.workspace_id, day=MONDAY)
    assert {(c.member_id, c.kind, c.channel_id, c.message_ts) for c in recorded} == {
        (sandbox.lei, "morning", to_lei.channel, to_lei.ts),
        (sandbox.alice, "morning", to_alice.channel, to_alice.ts),
    }


def test_a_chinese_public_holiday_sends_nothing(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox
) -> None:
    spring_festival = datetime(2026, 2, 17, 1, 5, tzinfo=UTC)  # Tuesday, 09:05 in Shanghai

    report = run_daily_prompts(store, client, spring_festival)

    # Lei's Tuesday and Alice's Monday evening (past her 09:00) are both Spring Festival days.
    assert (report.posted, report.skipped, report.failed) == (0, 2, 0)
    assert emulator.calls("chat.postMessage") == []


def test_a_make_up_working_day_on_a_saturday_sends_the_prompt(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    make_up_saturday = datetime(2026, 2, 14, 1, 5, tzinfo=UTC)  # 09:05 in Shanghai

    report = run_daily_prompts(store, client, make_up_saturday)

    # Alice, in New York, is on Friday evening, a working day too.
    assert report.posted == 2
    assert len(dms(emulator, people.lei)) == 1
    days = {row.recipient: row.local_date for row in outbox(store, sandbox)}
    assert days == {people.lei.id: date(2026, 2, 14), people.alice.id: date(2026, 2, 13)}


def test_each_rep_is_prompted_at_nine_in_their_own_time_zone(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    def sent_to() -> tuple[int, int]:
        return len(dms(emulator, people.lei)), len(dms(emulator, people.alice))

    run_daily_prompts(store, client, SHANGHAI_0905 - timedelta(minutes=10))  # 08:55 Shanghai
    assert sent_to() == (0, 0)
    run_daily_prompts(store, client, SHANGHAI_0905)
    assert sent_to() == (1, 0)  # New York is still on Sunday evening
    run_daily_prompts(store, client, NEW_YORK_0905 - timedelta(minutes=10))  # 08:55 New York
    assert sent_to() == (1, 0)
    run_daily_prompts(store, client, NEW_YORK_0905)
    assert sent_to() == (1, 1)
    assert {row.local_date for row in outbox(store, sandbox)} == {MONDAY}


def test_a_late_run_catches_up_until_local_midnight_and_never_sends_a_stale_day(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    shanghai_2350 = datetime(2026, 3, 2, 15, 50, tzinfo=UTC)

    run_daily_prompts(store, client, shanghai_2350)
    assert len(dms(emulator, people.lei)) == 1  # 23:50: still Monday, caught up

    # Tuesday 00:10 in Shanghai, before 09:00: Monday is over for Lei and Tuesday not due yet.
    emulator.clear_calls()
    run_daily_prompts(store, client, datetime(2026, 3, 2, 16, 10, tzinfo=UTC))
    assert [c.args["channel"] for c in emulator.calls("chat.postMessage")] != [
        emulator.dm_channel(people.lei.id)
    ]
    assert len(dms(emulator, people.lei)) == 1


def test_an_away_day_and_a_rep_without_a_target_get_nothing(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        set_away(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=sandbox.lei,
            days=[MONDAY],
            actor=people.lei.id,
            now=SET_UP,
        )

    report = run_daily_prompts(store, client, NEW_YORK_0905)

    assert (report.posted, report.skipped) == (1, 1)
    assert dms(emulator, people.lei) == []
    assert dms(emulator, people.wang) == []
    assert len(dms(emulator, people.alice)) == 1


def test_running_twice_posts_nothing_new(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox
) -> None:
    first = run_daily_prompts(store, client, NEW_YORK_0905)
    second = run_daily_prompts(store, client, NEW_YORK_0905 + timedelta(minutes=1))

    assert first.posted == 2
    assert (second.posted, second.already, second.failed) == (0, 2, 0)
    assert len(emulator.calls("chat.postMessage")) == 2


def test_the_next_morning_includes_the_missed_days_shortfall_and_says_so(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=sandbox.alice,
            day=MONDAY,
            amount=Decimal("10000"),
            idempotency_key="met-monday",
            source="slash",
            actor=people.alice.id,
            now=NEW_YORK_0905,
        )
    tuesday_0905_shanghai = SHANGHAI_0905 + timedelta(days=1)
    tuesday_0905_new_york = NEW_YORK_0905 + timedelta(days=1)

    run_daily_prompts(store, client, tuesday_0905_shanghai)
    run_daily_prompts(store, client, tuesday_0905_new_york)

    # Lei logged nothing on Monday: 10,000 spread over the 21 days left, the odd cent to the
    # earliest day, is 476.20 more today.
    [to_lei] = dms(emulator, people.lei)
    assert to_lei.text == "早上好！今天的目标：¥1.05万"
    assert "其中 ¥476.20 用于补上前几天的缺口（今天原计划：¥1万）。" in str(to_lei.blocks)
    # (Alice's first DM is Monday's, caught up on Monday evening in New York.)
    to_alice = dms(emulator, people.alice)[-1]
    assert to_alice.text == "Good morning! Today's target: ¥10k"
    assert "make up" not in str(to_alice.blocks)
    assert "This month: ¥10k of ¥220k (4.5%)" in str(to_alice.blocks)


def test_an_unmarked_claim_whose_message_is_in_slack_is_recorded_not_sent_again(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    # A run claimed Lei's post, got it into Slack, and died before marking it.
    crashed_at = SHANGHAI_0905 - timedelta(minutes=1)
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=sandbox.workspace_id,
            job=JOB,
            recipient=people.lei.id,
            local_date=MONDAY,
            now=crashed_at,
        )
    key = outbox_key(sandbox.workspace_id, JOB, people.lei.id, MONDAY)
    delivered = client.chat_postMessage(
        channel=people.lei.id,
        text="早上好！今天的目标：¥1万",
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
    )
    emulator.clear_calls()

    report = run_daily_prompts(store, client, SHANGHAI_0905)

    assert (report.reconciled, report.posted) == (1, 0)
    assert emulator.calls("chat.postMessage") == []
    assert len(dms(emulator, people.lei)) == 1
    [row] = outbox(store, sandbox)
    assert (row.status, row.slack_ts) == ("sent", delivered["ts"])
    with store.read() as session:
        [check_in] = check_ins(session=session, workspace_id=sandbox.workspace_id, day=MONDAY)
    assert check_in.message_ts == delivered["ts"]


def test_an_unmarked_claim_whose_message_never_arrived_is_posted_once(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=sandbox.workspace_id,
            job=JOB,
            recipient=people.lei.id,
            local_date=MONDAY,
            now=SHANGHAI_0905 - timedelta(minutes=1),
        )

    report = run_daily_prompts(store, client, SHANGHAI_0905)
    again = run_daily_prompts(store, client, SHANGHAI_0905 + timedelta(minutes=1))

    assert report.posted == 1
    assert again.posted == 0
    assert len(dms(emulator, people.lei)) == 1
    [row] = outbox(store, sandbox)
    assert (row.status, row.attempts) == ("sent", 2)


def test_rate_limits_during_the_fan_out_lose_nothing(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    # More 429s in a row than the client's retry handler takes: the poster waits them out.
    emulator.fail_next("chat.postMessage", status=429, retry_after=1, times=3)

    report = run_daily_prompts(store, client, NEW_YORK_0905, workers=1)

    assert (report.posted, report.failed) == (2, 0)
    assert len(dms(emulator, people.lei)) == 1
    assert len(dms(emulator, people.alice)) == 1
    refused = [c for c in emulator.calls("chat.postMessage") if c.status == 429]
    assert len(refused) == 3


def test_a_recipient_slack_does_not_know_is_recorded_and_the_others_still_get_theirs(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    gone = User("U09GONE", "gone", tz="Asia/Shanghai", locale="zh-CN")  # never added to Slack
    give_target(
        store,
        sandbox.workspace_id,
        add_member(store, sandbox.workspace_id, gone),
        Decimal("22000"),
        MARCH,
    )

    report = run_daily_prompts(store, client, NEW_YORK_0905)
    again = run_daily_prompts(store, client, NEW_YORK_0905 + timedelta(minutes=1))

    assert (report.posted, report.failed) == (2, 1)
    assert not report.ok
    [failure] = [d for d in report.details if d.recipient == gone.id]
    assert failure.error == "user_not_found"
    rows = {row.recipient: row for row in outbox(store, sandbox)}
    assert (rows[gone.id].status, rows[gone.id].last_error) == ("skipped", "slack: user_not_found")
    assert len(dms(emulator, people.lei)) == 1
    assert len(dms(emulator, people.alice)) == 1
    assert (again.posted, again.failed) == (0, 0)  # recorded for good, not retried


def test_a_server_error_is_recorded_and_the_next_run_sends_it(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    emulator.fail_next("chat.postMessage", status=503)

    report = run_daily_prompts(store, client, SHANGHAI_0905)
    # A 5xx may come after Slack stored the message: the post is not repeated blindly...
    assert len(emulator.calls("chat.postMessage")) == 1
    # ...nor on the scheduler's next tick: it backs off first (and the run says it failed).
    waiting = run_daily_prompts(store, client, SHANGHAI_0905 + timedelta(minutes=1))
    assert (waiting.posted, waiting.failed, waiting.already) == (0, 1, 0)
    assert len(emulator.calls("chat.postMessage")) == 1
    retry = run_daily_prompts(store, client, SHANGHAI_0905 + timedelta(minutes=2))

    assert (report.posted, report.failed) == (0, 1)
    # ...the next attempt looks in the conversation first, then posts.
    assert emulator.calls("conversations.history")
    assert (retry.posted, retry.failed) == (1, 0)
    assert len(dms(emulator, people.lei)) == 1
    [row] = outbox(store, sandbox)
    assert (row.status, row.attempts) == ("sent", 2)


def stored_dm_channels(store: Store, sandbox: Sandbox) -> dict[str, str]:
    with store.read() as session:
        return dm_channels(session=session, workspace_id=sandbox.workspace_id)


def test_a_reps_dm_is_opened_once_and_found_in_the_store_every_morning_after(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    # Slack allows about 50 conversations.open a minute: a morning of 10,000 reps must not need
    # 10,000 of them every day.
    run_daily_prompts(store, client, NEW_YORK_0905)
    opened_on_monday = [call.args["users"] for call in emulator.calls("conversations.open")]

    tuesday = run_daily_prompts(store, client, NEW_YORK_0905 + timedelta(days=1))

    assert sorted(opened_on_monday) == sorted([people.lei.id, people.alice.id])
    assert len(emulator.calls("conversations.open")) == 2  # none on Tuesday
    assert tuesday.posted == 2
    for rep in (people.lei, people.alice):
        monday_dm, tuesday_dm = dms(emulator, rep)
        assert monday_dm.channel == tuesday_dm.channel == emulator.dm_channel(rep.id)
    assert stored_dm_channels(store, sandbox) == {
        rep.id: emulator.dm_channel(rep.id) for rep in (people.lei, people.alice)
    }


def test_a_stored_dm_channel_slack_no_longer_knows_is_opened_afresh_the_next_morning(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        remember_dm_channel(
            session=session,
            workspace_id=sandbox.workspace_id,
            slack_user_id=people.lei.id,
            channel_id="D0GONE",
        )

    monday = run_daily_prompts(store, client, NEW_YORK_0905)
    tuesday = run_daily_prompts(store, client, NEW_YORK_0905 + timedelta(days=1))

    [lost] = [d for d in monday.details if d.recipient == people.lei.id]
    assert lost.error == "channel_not_found"
    assert tuesday.posted == 2
    [to_lei] = dms(emulator, people.lei)  # Tuesday's, in the DM opened again
    assert to_lei.channel == emulator.dm_channel(people.lei.id)
    assert stored_dm_channels(store, sandbox)[people.lei.id] == to_lei.channel
