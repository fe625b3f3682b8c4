"""Slack's retries: an event handled once is not handled again, and a check-in is kept even when
Slack fails its confirmation."""

from __future__ import annotations

from decimal import Decimal

from bot.sandbox import Emulator
from storage.events import was_processed
from storage.store import Store
from tests.bot.conftest import People, SlackTestClient
from tests.bot.listeners.entries import deps, entries_of, give_target

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture


def check_in_event(emulator: Emulator, people: People, text: str) -> dict[str, str]:
    channel = emulator.dm_channel(people.lei.id)
    message = emulator.post_as_user(people.lei.id, channel, text)
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": people.lei.id,
        "text": text,
        "ts": message.ts,
    }


def confirmations(emulator: Emulator) -> list[str]:
    return [str(call.args["text"]) for call in emulator.calls("chat.postMessage") if call.ok]


def test_a_retried_event_is_acknowledged_and_recorded_once(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    event = check_in_event(emulator, people, "今天签了3.5万,拜访4家客户")

    first = slack.event(event, event_id="Ev0RETRIED01")
    calls_before_retry = len(emulator.calls())
    retry = slack.event(event, event_id="Ev0RETRIED01", retry_num=1)

    assert (first.status, retry.status) == (200, 200)
    assert len(emulator.calls()) == calls_before_retry  # skipped before any work, Slack untouched
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("35000.00")]
    assert len(confirmations(emulator)) == 1


def test_a_check_in_whose_confirmation_slack_fails_is_kept_once(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    event = check_in_event(emulator, people, "今天签了3.5万")
    # Slack fails the confirmation, the client's own retries included. Bolt has acknowledged
    # the event already, so Slack will not send it again: the check-in must be kept anyway.
    emulator.fail_next("chat.postMessage", status=500, times=3)

    first = slack.event(event, event_id="Ev0FAILED001")
    assert first.status == 200
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("35000.00")]
    with store.read() as session:
        assert was_processed(
            session=session, workspace_id=emulator.team_id, event_id="Ev0FAILED001"
        )
    assert confirmations(emulator) == []

    # Should a retry come anyway (the answer was lost in transit), it counts nothing twice.
    retry = slack.event(event, event_id="Ev0FAILED001", retry_num=1, retry_reason="http_error")

    assert retry.status == 200
    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("35000.00")]


def test_different_events_are_each_handled(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    slack.event(check_in_event(emulator, people, "签了1万"), event_id="Ev0FIRST0001")
    slack.event(check_in_event(emulator, people, "签了2万"), event_id="Ev0SECOND001")

    amounts = [e.amount for e in entries_of(store, emulator, people.lei)]
    assert amounts == [Decimal("10000.00"), Decimal("20000.00")]


def test_commands_pass_through_untouched(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    slack.command("记录 1万", user=people.lei)
    slack.command("记录 1万", user=people.lei)

    assert len(entries_of(store, emulator, people.lei)) == 2
