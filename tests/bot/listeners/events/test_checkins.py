"""Free-text check-ins: DMs to the bot and replies to daily prompts, their edits and deletions.

Each test writes a message in the emulator as the rep, then delivers the event Slack would send
for it, signed, to the real app; it asserts the store and what the bot answered in the thread.
The clock says Wednesday 2027-01-06 09:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from slack_sdk import WebClient

from bot.sandbox import Emulator, User
from bot.sandbox.workspace import Message
from storage.checkins import record_check_in, record_review, review_answers
from storage.members import create_team, member_by_slack_id
from storage.records import Counts
from storage.store import Store
from storage.workspaces import update_workspace_settings
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.entries import actual_audit, deps, entries_of, give_target

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture

NOW = Clock().now


def write(
    slack: SlackTestClient,
    user: User,
    text: str,
    *,
    channel: str | None = None,
    channel_type: str = "im",
    thread_ts: str | None = None,
) -> Message:
    """`user` writes `text` (in their DM with the bot unless told otherwise); Slack tells us."""
    emulator = slack.emulator
    channel = channel or emulator.dm_channel(user.id)
    message = emulator.post_as_user(user.id, channel, text, thread_ts=thread_ts)
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "channel_type": channel_type,
        "user": user.id,
        "text": text,
        "ts": message.ts,
        "client_msg_id": f"client-{message.ts}",
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    assert slack.event(event).status == 200
    return message


def edit(slack: SlackTestClient, message: Message, text: str) -> None:
    """The writer edits `message` to say `text`."""
    edited = {"type": "message", "user": message.user, "text": text, "ts": message.ts}
    if message.thread_ts:
        edited["thread_ts"] = message.thread_ts
    reply = slack.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": message.channel,
            "channel_type": "im",
            "ts": f"{float(message.ts) + 60:.6f}",
            "message": {**edited, "edited": {"user": message.user, "ts": message.ts}},
            "previous_message": {**edited, "text": message.text},
        }
    )
    assert reply.status == 200


def delete(slack: SlackTestClient, message: Message) -> None:
    previous = {"type": "message", "user": message.user, "text": message.text, "ts": message.ts}
    if message.thread_ts:
        previous["thread_ts"] = message.thread_ts
    reply = slack.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": message.channel,
            "channel_type": "im",
            "ts": f"{float(message.ts) + 120:.6f}",
            "deleted_ts": message.ts,
            "previous_message": previous,
        }
    )
    assert reply.status == 200


def bot_replies(emulator: Emulator, channel: str, thread_ts: str | None = None) -> list[str]:
    """What the bot wrote in a conversation (in one thread, if given), oldest first."""
    return [
        message.text
        for message in emulator.messages_to(channel)
        if message.bot_id and (thread_ts is None or message.thread_ts == thread_ts)
    ]


def post_prompt(
    store: Store, emulator: Emulator, user: User, day: date, text: str = "今日目标"
) -> str:
    """The daily-prompt job's part: a DM to `user`, remembered as their prompt for `day`."""
    bot = WebClient(token=emulator.bot_token, base_url=emulator.base_url)
    posted = bot.chat_postMessage(channel=user.id, text=text)
    with store.session() as session:
        member = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
        assert member is not None
        record_check_in(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member.id,
            day=day,
            kind="morning",
            channel_id=posted["channel"],
            message_ts=posted["ts"],
            now=NOW,
        )
    return str(posted["ts"])


# -- new messages ---------------------------------------------------------------------------------


def test_a_chinese_dm_is_recorded_with_its_visits_and_confirmed_in_the_thread(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    message = write(slack, people.lei, "今天签了3.5万,拜访4家客户")

    [entry] = entries_of(store, emulator, people.lei)
    assert (entry.day, entry.amount, entry.counts) == (
        date(2027, 1, 6),
        Decimal("35000.00"),
        Counts(visits=4),
    )
    assert entry.source == "checkin"
    [confirmation] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert confirmation.startswith("已记录 1月6日（周三）：¥3.5万（拜访4次）。\n今天：¥3.5万 / ")
    assert "2027Q1：已完成 ¥3.5万 / ¥500万" in confirmation


def test_an_english_dm_counts_for_the_writers_local_date(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    message = write(slack, people.alice, "closed 12k, 5 calls")

    [entry] = entries_of(store, emulator, people.alice)
    assert (entry.day, entry.amount, entry.counts) == (
        date(2027, 1, 5),
        Decimal("12000.00"),
        Counts(calls=5),
    )
    [confirmation] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert confirmation.startswith("Recorded $12k for Tue Jan 5 (5 calls).")


def test_the_workspace_language_an_admin_chose_answers_an_english_users_check_in(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")
    with store.session() as session:
        update_workspace_settings(
            session=session,
            workspace_id=emulator.team_id,
            actor=people.wang.id,
            now=NOW,
            language="zh-Hans",
        )

    message = write(slack, people.alice, "closed 12k, 5 calls")

    [confirmation] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert confirmation.startswith("已记录 1月5日（周二）：$1.2万")


def test_a_reply_to_a_daily_prompt_counts_for_the_prompts_day(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    prompt_ts = post_prompt(store, emulator, people.lei, date(2027, 1, 5))

    message = write(slack, people.lei, "签了2万", thread_ts=prompt_ts)

    [entry] = entries_of(store, emulator, people.lei)
    assert (entry.day, entry.amount) == (date(2027, 1, 5), Decimal("20000.00"))
    [confirmation] = bot_replies(emulator, message.channel, thread_ts=prompt_ts)
    assert confirmation.startswith("已记录 1月5日（周二）：¥2万。")


def test_an_unreadable_message_gets_an_example_and_records_nothing(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    message = write(slack, people.lei, "今天客户很多")

    assert entries_of(store, emulator, people.lei) == []
    [answer] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert answer.startswith("没看懂这条汇报，所以没有记录。")
    assert "今天签了3.5万,拜访4家客户" in answer


def test_a_check_in_without_a_target_is_kept_and_the_rep_told_to_set_one(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    message = write(slack, people.lei, "回款12万")

    [entry] = entries_of(store, emulator, people.lei)
    assert (entry.amount, entry.counts.collections) == (Decimal("0.00"), Decimal("120000.00"))
    [answer] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert "`/target 设定 500万 本季度`" in answer


def test_channel_chatter_and_bot_messages_are_ignored(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    in_channel = emulator.post_as_user(people.lei.id, "C0SALES", "签了5万")
    from_a_bot = {
        "type": "message",
        "subtype": "bot_message",
        "channel": emulator.dm_channel(people.lei.id),
        "channel_type": "im",
        "bot_id": "B0OTHER",
        "text": "签了5万",
        "ts": "1800000000.000100",
    }

    assert (
        slack.event(
            {
                "type": "message",
                "channel": "C0SALES",
                "channel_type": "channel",
                "user": people.lei.id,
                "text": in_channel.text,
                "ts": in_channel.ts,
            }
        ).status
        == 200
    )
    assert slack.event(from_a_bot).status == 200

    assert entries_of(store, emulator, people.lei) == []
    assert emulator.calls("chat.postMessage") == []


# -- edits and deletions --------------------------------------------------------------------------


def test_an_edit_updates_the_entry(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    message = write(slack, people.lei, "今天签了3.5万,拜访4家客户")

    edit(slack, message, "今天签了5万,拜访4家客户")

    [entry] = entries_of(store, emulator, people.lei)
    assert (entry.amount, entry.counts.visits) == (Decimal("50000.00"), 4)
    assert entry.edited_at is not None
    assert [record.action for record in actual_audit(store, emulator)][:2] == ["update", "create"]
    replies = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert replies[-1].startswith("已更新 1月6日（周三） 的记录：¥5万（拜访4次）。")
    assert "已完成 ¥5万 / ¥500万" in replies[-1]


def test_an_unreadable_edit_keeps_the_entry_and_says_so(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    message = write(slack, people.lei, "今天签了3.5万")

    edit(slack, message, "今天签了好几单")

    [entry] = entries_of(store, emulator, people.lei)
    assert entry.amount == Decimal("35000.00")
    assert entry.edited_at is None
    replies = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert replies[-1].startswith("没看懂修改后的消息，1月6日（周三） 的记录仍为 ¥3.5万。")


def test_editing_an_unreadable_message_into_a_readable_one_records_it(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")
    message = write(slack, people.alice, "closed a big one")

    edit(slack, message, "closed 20k")

    assert [e.amount for e in entries_of(store, emulator, people.alice)] == [Decimal("20000.00")]


def test_a_deleted_message_no_longer_counts(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    kept = write(slack, people.lei, "签了1万")
    message = write(slack, people.lei, "签了3.5万")

    delete(slack, message)

    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("10000.00")]
    [gone] = [
        e for e in entries_of(store, emulator, people.lei, include_deleted=True) if e.deleted_at
    ]
    assert gone.amount == Decimal("35000.00")
    assert actual_audit(store, emulator)[0].action == "delete"
    answer = bot_replies(emulator, message.channel)[-1]
    assert answer.startswith("消息已删除，1月6日（周三） 的 ¥3.5万 不再计入。")
    assert "已完成 ¥1万 / ¥500万" in answer
    assert kept.ts != message.ts


# -- weekly review threads ------------------------------------------------------------------------


def open_review(store: Store, emulator: Emulator) -> tuple[int, str]:
    """The weekly-review job's part: a thread in the team channel, remembered as the review."""
    bot = WebClient(token=emulator.bot_token, base_url=emulator.base_url)
    thread_ts = str(bot.chat_postMessage(channel="C0SALES", text="本周复盘")["ts"])
    with store.session() as session:
        team = create_team(
            session=session, workspace_id=emulator.team_id, name="华东", actor="U04WANG", now=NOW
        )
        review = record_review(
            session=session,
            workspace_id=emulator.team_id,
            team_id=team.id,
            week_start=date(2027, 1, 4),
            channel_id="C0SALES",
            thread_ts=thread_ts,
            now=NOW,
        )
    emulator.clear_calls()
    return review.id, thread_ts


def answers_to(store: Store, emulator: Emulator, review_id: int) -> list[str]:
    with store.read() as session:
        answers = review_answers(
            session=session, workspace_id=emulator.team_id, review_id=review_id
        )
    return [answer.text for answer in answers]


def test_a_reply_in_a_review_thread_is_kept_as_an_answer_not_an_entry(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    review_id, thread_ts = open_review(store, emulator)

    message = write(
        slack,
        people.lei,
        "本周签了20万，下周需要技术支持",
        channel="C0SALES",
        channel_type="channel",
        thread_ts=thread_ts,
    )

    assert answers_to(store, emulator, review_id) == ["本周签了20万，下周需要技术支持"]
    assert entries_of(store, emulator, people.lei) == []
    # Kept: said with a reaction on the answer, not with a reply in the team's thread.
    assert emulator.calls("chat.postMessage") == []
    assert emulator.reactions_on("C0SALES", message.ts) == ["memo"]


def test_a_retried_delivery_of_an_answer_keeps_it_and_reacts_once(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    review_id, thread_ts = open_review(store, emulator)
    text = "差在两个客户延期"
    message = emulator.post_as_user(people.lei.id, "C0SALES", text, thread_ts=thread_ts)
    event = {
        "type": "message",
        "channel": "C0SALES",
        "channel_type": "channel",
        "user": people.lei.id,
        "text": text,
        "ts": message.ts,
        "thread_ts": thread_ts,
    }

    assert slack.event(event, event_id="EvREVIEW1").status == 200
    assert slack.event(event, event_id="EvREVIEW1", retry_num=1).status == 200

    assert answers_to(store, emulator, review_id) == [text]
    assert len(emulator.calls("reactions.add")) == 1


def test_an_edited_answer_is_rewritten_and_a_deleted_one_is_gone(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    review_id, thread_ts = open_review(store, emulator)
    first = write(
        slack,
        people.lei,
        "差在两个客户延期",
        channel="C0SALES",
        channel_type="channel",
        thread_ts=thread_ts,
    )
    second = write(
        slack,
        people.lei,
        "需要技术支持",
        channel="C0SALES",
        channel_type="channel",
        thread_ts=thread_ts,
    )

    edit(slack, first, "差在三个客户延期，下周补回")
    assert answers_to(store, emulator, review_id) == ["差在三个客户延期，下周补回", "需要技术支持"]

    delete(slack, second)
    assert answers_to(store, emulator, review_id) == ["差在三个客户延期，下周补回"]
    # Neither the edit nor the deletion is a check-in, and neither is answered in the thread.
    assert entries_of(store, emulator, people.lei) == []
    assert emulator.calls("chat.postMessage") == []


def test_an_answer_is_kept_even_when_the_reaction_fails(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    review_id, thread_ts = open_review(store, emulator)
    emulator.fail_next("reactions.add", status=200, error="missing_scope")

    message = write(
        slack,
        people.lei,
        "需要市场部的案例资料",
        channel="C0SALES",
        channel_type="channel",
        thread_ts=thread_ts,
    )

    assert answers_to(store, emulator, review_id) == ["需要市场部的案例资料"]
    assert [call.error for call in emulator.calls("reactions.add")] == ["missing_scope"]
    assert emulator.reactions_on("C0SALES", message.ts) == []
