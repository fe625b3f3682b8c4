"""`/target log` and `/target undo` through the real request path, against a real SQLite store.

The clock says Wednesday 2027-01-06 09:00 in Shanghai (Tuesday evening in New York). Li Lei
(zh-CN, Shanghai) and Alice (en-US, New York) have targets for 2027Q1.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.sandbox import Emulator
from storage.records import Counts
from storage.store import Store
from tests.bot.conftest import People, SlackReply, SlackTestClient
from tests.bot.listeners.entries import actual_audit, deps, entries_of, give_target

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture


def answer(reply: SlackReply) -> str:
    """The ephemeral text the user saw in answer to their command."""
    assert reply.status == 200, reply.text
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    text: str = body["text"]
    return text


# -- /target log ----------------------------------------------------------------------------------


def test_log_in_chinese_records_today_with_visits_and_shows_the_pace(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    shown = answer(slack.command("记录 3.5万 拜访4家 华东客户", user=people.lei))

    [entry] = entries_of(store, emulator, people.lei)
    assert entry.day == date(2027, 1, 6)
    assert entry.amount == Decimal("35000.00")
    assert entry.counts == Counts(visits=4)
    assert entry.source == "slash"
    assert entry.note is not None
    assert "华东客户" in entry.note
    lines = shown.splitlines()
    assert lines[0] == "已记录 1月6日（周三）：¥3.5万（拜访4次）。"
    assert lines[1].startswith("今天：¥3.5万 / ")
    assert lines[2].startswith("2027Q1：已完成 ¥3.5万 / ¥500万（0.7%）")
    assert lines[3].startswith("下个工作日（1月7日（周四））需完成 ¥")


def test_glued_chinese_verb_reads_the_same(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    answer(slack.command("记录3.5万", user=people.lei))

    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("35000.00")]


def test_log_in_english_counts_for_the_users_own_local_date(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    shown = answer(slack.command("log 12k 5 calls Acme renewal", user=people.alice))

    [entry] = entries_of(store, emulator, people.alice)
    assert entry.day == date(2027, 1, 5)  # still Tuesday evening in New York
    assert entry.amount == Decimal("12000.00")
    assert entry.counts == Counts(calls=5)
    assert shown.splitlines()[0] == "Recorded $12k for Tue Jan 5 (5 calls)."
    assert "2027Q1: $12k of $600k (2.0%), on track." in shown
    assert "Next working day (Wed Jan 6) needs $" in shown


def test_proposals_are_recorded_and_shown_with_the_other_counts(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    shown = answer(slack.command("记录 签了3.5万，拜访4家，出方案2份", user=people.lei))

    [entry] = entries_of(store, emulator, people.lei)
    assert entry.counts == Counts(visits=4, proposals=2)
    assert "拜访4次" in shown.splitlines()[0]
    assert "方案2份" in shown.splitlines()[0]


def test_log_in_traditional_chinese_answers_in_traditional(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.mei, "3000000", currency="TWD")

    shown = answer(slack.command("記錄 3.5萬 拜訪2家", user=people.mei))

    [entry] = entries_of(store, emulator, people.mei)
    assert (entry.amount, entry.counts) == (Decimal("35000.00"), Counts(visits=2))
    assert shown.splitlines()[0] == "已記錄 1月6日（週三）：NT$3.5萬（拜訪2次）。"


def test_dated_log_counts_for_that_day(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    answer(slack.command("记录 2027-01-04 3万", user=people.lei))
    answer(slack.command("记录 昨天 2万 拜访2家", user=people.lei))
    shown = answer(slack.command("log yesterday 1万", user=people.lei))

    days = [(e.day, e.amount) for e in entries_of(store, emulator, people.lei)]
    assert days == [
        (date(2027, 1, 4), Decimal("30000.00")),
        (date(2027, 1, 5), Decimal("20000.00")),
        (date(2027, 1, 5), Decimal("10000.00")),
    ]
    assert shown.startswith("已记录 1月5日（周二）：¥1万。")
    assert "已完成 ¥6万 / ¥500万" in shown


def test_a_future_date_is_refused_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    shown = answer(slack.command("记录 2027-01-07 3万", user=people.lei))

    assert shown == "2027-01-07 还没到，只能记录今天或之前的日子。例如：`/target 记录 昨天 2万`。"
    assert entries_of(store, emulator, people.lei) == []


def test_a_date_outside_the_targets_period_is_refused(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    shown = answer(slack.command("log 2026-12-30 5k", user=people.alice))

    assert shown == (
        "2026-12-30 is outside your target's period (2027-01-01 to 2027-03-31). "
        "Example: `/target log 2027-01-01 12k`."
    )
    assert entries_of(store, emulator, people.alice) == []


def test_an_impossible_date_is_refused(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    shown = answer(slack.command("log 2027-02-30 5k", user=people.alice))

    assert shown.startswith("“2027-02-30” is not a date on the calendar.")
    assert entries_of(store, emulator, people.alice) == []


def test_a_bad_amount_is_answered_with_an_example_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    give_target(store, emulator, people.alice, "600000", currency="USD")

    give_target(store, emulator, people.mei, "3000000", currency="TWD")

    chinese = answer(slack.command("记录 拜访两三家", user=people.lei))
    english = answer(slack.command("log lots of money", user=people.alice))
    traditional = answer(slack.command("記錄 拜訪兩三家", user=people.mei))

    assert "正确示例:今天签了3.5万,拜访4家客户" in chinese
    assert "Example: closed 12k, 5 calls" in english
    assert "正確示例:今天簽了3.5萬,拜訪4家客戶" in traditional
    assert entries_of(store, emulator, people.lei) == []
    assert entries_of(store, emulator, people.alice) == []
    assert entries_of(store, emulator, people.mei) == []


def test_log_without_figures_explains_how(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    shown = answer(slack.command("log", user=people.alice))

    assert "`/target log 12k 5 visits Acme renewal`" in shown
    assert entries_of(store, emulator, people.alice) == []


def test_a_rep_without_a_target_is_recorded_and_told_how_to_set_one(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    shown = answer(slack.command("记录 2万", user=people.lei))

    assert [e.amount for e in entries_of(store, emulator, people.lei)] == [Decimal("20000.00")]
    assert shown == (
        "已记录 1月6日（周三）：2万。\n"
        "你还没有生效的目标，这条先记下，但暂不计入计划。设定目标：`/target 设定 500万 本季度`。"
    )


# -- /target undo ---------------------------------------------------------------------------------


def test_undo_takes_back_the_last_entry_and_shows_the_new_pace(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    answer(slack.command("记录 3万", user=people.lei))
    answer(slack.command("记录 昨天 2万", user=people.lei))

    shown = answer(slack.command("撤销", user=people.lei))

    assert shown.splitlines()[0] == "已撤销 1月5日（周二） 的 ¥2万。"
    assert "已完成 ¥3万 / ¥500万" in shown
    [kept] = entries_of(store, emulator, people.lei)
    assert kept.amount == Decimal("30000.00")
    [undone] = [
        e for e in entries_of(store, emulator, people.lei, include_deleted=True) if e.deleted_at
    ]
    assert undone.amount == Decimal("20000.00")  # kept in the store, no longer counting
    assert [record.action for record in actual_audit(store, emulator)][:1] == ["delete"]


def test_undo_with_nothing_left_says_so(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")
    answer(slack.command("log 5k", user=people.alice))

    first = answer(slack.command("undo", user=people.alice))
    second = answer(slack.command("undo", user=people.alice))

    assert first.startswith("Took back $5k for Tue Jan 5.")
    assert second == (
        "There is nothing to undo: you have no entries. Log one with `/target log 12k`."
    )
    assert entries_of(store, emulator, people.alice) == []
