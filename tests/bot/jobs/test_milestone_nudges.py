"""Milestone nudges, risk alerts and celebrations, end to end against the emulator and the store.

March 2026 asks 10,000 a working day of Lei (Shanghai, Chinese) and Alice (New York, English).
Each owns a milestone "March mid-point" on Friday 03-20 without an amount: be on plan by then,
150,000 over its 15 working days. Lei sold on 03-02..03-04 only; Alice every working day up to
03-12. Wang manages Lei. The runs are at 13:05 UTC: 09:05 in New York, 21:05 in Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.jobs.milestone_nudges import JOB, run_milestone_nudges
from bot.sandbox import Emulator
from storage.actuals import log_actual
from storage.members import set_manager
from storage.milestones import add_milestone, milestones
from storage.outbox import outbox_posts
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import SET_UP, Sandbox

MILESTONE_DAY = date(2026, 3, 20)


def at(day: int) -> datetime:
    """13:05 UTC on March `day`: the morning in New York, the evening in Shanghai."""
    return datetime(2026, 3, day, 13, 5, tzinfo=UTC)


def log(store: Store, sandbox: Sandbox, member: int, day: date, amount: str = "10000") -> None:
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=member,
            day=day,
            amount=Decimal(amount),
            idempotency_key=f"{member}-{day}-{amount}",
            source="slash",
            actor="test",
            now=SET_UP,
        )


def working_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]  # March 2026 has no holiday in China


@pytest.fixture
def race(store: Store, sandbox: Sandbox, people: People) -> Sandbox:
    with store.session() as session:
        set_manager(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=sandbox.lei,
            manager_id=sandbox.wang,
            actor=people.wang.id,
            now=SET_UP,
        )
        for member, title in ((sandbox.lei, "三月中检查点"), (sandbox.alice, "March mid-point")):
            add_milestone(
                session=session,
                workspace_id=sandbox.workspace_id,
                title=title,
                day=MILESTONE_DAY,
                actor=people.wang.id,
                now=SET_UP,
                member_id=member,
            )
    for day in working_days(date(2026, 3, 2), date(2026, 3, 4)):
        log(store, sandbox, sandbox.lei, day)
    for day in working_days(date(2026, 3, 2), date(2026, 3, 12)):
        log(store, sandbox, sandbox.alice, day)
    return sandbox


def dms(emulator: Emulator, user_id: str) -> list[Any]:
    return [m for m in emulator.messages_to(user_id) if m.user == emulator.bot_user_id]


def test_seven_days_before_only_the_rep_behind_pace_is_nudged(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    report = run_milestone_nudges(store, client, at(13))

    assert report.failed == 0
    [nudge] = dms(emulator, people.lei.id)
    # 9 of the milestone's 15 working days are closed: 90,000 due by now, 30,000 won.
    assert nudge.text == "距离三月中检查点还有 7 天：落后进度 ¥6万"
    assert "已完成 ¥3万，按进度此时应完成 ¥9万" in nudge.blocks[0]["text"]["text"]
    assert dms(emulator, people.alice.id) == []  # on pace: 90,000 of 90,000
    with store.read() as session:
        [row] = outbox_posts(session=session, workspace_id=race.workspace_id, job=JOB)
    assert (row.recipient, row.local_date, row.status) == (people.lei.id, date(2026, 3, 13), "sent")


def test_nudges_come_at_t_minus_7_and_t_minus_3_only(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    nudged_on = []
    for day in range(10, 21):
        emulator.clear_calls()
        run_milestone_nudges(store, client, at(day))
        if any(
            call.args["channel"] == emulator.dm_channel(people.lei.id)
            and "检查点" in call.args.get("text", "")
            for call in emulator.calls("chat.postMessage")
        ):
            nudged_on.append(day)

    assert nudged_on == [13, 17]
    assert all("检查点" not in m.text for m in dms(emulator, people.alice.id))


def test_running_again_the_same_day_sends_nothing_new(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox
) -> None:
    first = run_milestone_nudges(store, client, at(13))
    calls = len(emulator.calls("chat.postMessage"))
    again = run_milestone_nudges(store, client, at(13) + timedelta(hours=2))

    assert first.posted > 0
    assert (again.posted, again.failed) == (0, 0)
    assert len(emulator.calls("chat.postMessage")) == calls


def test_the_manager_hears_each_risk_once(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    run_milestone_nudges(store, client, at(13))
    first = [m.text for m in dms(emulator, people.wang.id)]
    run_milestone_nudges(store, client, at(16))  # Monday: the same run of misses, one week more
    later = [m.text for m in dms(emulator, people.wang.id)][len(first) :]

    # Lei missed 03-05..03-12 (one run), week 10 came short, and the forecast is low.
    assert len(first) == 3
    assert all(text.startswith(":warning: <@U02LILEI>（2026-03）有风险：") for text in first)
    assert any("已连续 6 个工作日未完成目标" in text for text in first)
    assert any("2026-W10 周仅完成计划的 60.0%（¥3万 / ¥5万）" in text for text in first)
    # Only what is new is news: week 11 missed, and now the shortfall (70,000) is more than
    # the 12 days left can take within their 150% cap. The run and the forecast were reported.
    assert len(later) == 2
    assert later[0].startswith(":rotating_light: <@U02LILEI>（2026-03）风险严重：")
    assert "还有 ¥1万 未分配" in later[0]  # in the target's currency, as in the summary
    assert "2026-W11" in later[1]
    # Alice has no manager and no risk; Lei's own DMs hold no risk alert.
    assert all("有风险" not in m.text for m in dms(emulator, people.lei.id))


def test_a_beaten_milestone_is_celebrated_once_and_marked_met(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    log(store, race, race.alice, date(2026, 3, 13), amount="60000")  # 150,000 by the 13th

    run_milestone_nudges(store, client, at(16))
    run_milestone_nudges(store, client, at(16) + timedelta(hours=1))
    run_milestone_nudges(store, client, at(17))

    celebrations = [m.text for m in dms(emulator, people.alice.id) if ":tada:" in m.text]
    assert celebrations == [":tada: Milestone *March mid-point* beaten: ¥150k of ¥150k. Well done!"]
    with store.read() as session:
        alices = milestones(session=session, workspace_id=race.workspace_id, member_id=race.alice)
    assert [m.status for m in alices] == ["met"]


def test_beating_the_whole_period_is_celebrated_once(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    log(store, race, race.alice, date(2026, 3, 13), amount="130000")  # 220,000 in all

    run_milestone_nudges(store, client, at(16))
    run_milestone_nudges(store, client, at(17))
    run_milestone_nudges(store, client, at(18))

    trophies = [m.text for m in dms(emulator, people.alice.id) if ":trophy:" in m.text]
    assert trophies == [":trophy: You beat your 2026-03 target: ¥220k of ¥220k. Congratulations!"]


# -- missed milestones ----------------------------------------------------------------------------


def missed_notes(emulator: Emulator, user_id: str) -> list[str]:
    return [m.text for m in dms(emulator, user_id) if m.text.startswith(":hourglass:")]


def statuses(store: Store, sandbox: Sandbox, member: int) -> list[str]:
    with store.read() as session:
        found = milestones(session=session, workspace_id=sandbox.workspace_id, member_id=member)
    return [m.status for m in found]


def test_a_milestone_missed_is_told_to_the_owner_and_manager_once_and_marked(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    run_milestone_nudges(store, client, at(20))  # the milestone's own day: not over yet
    assert statuses(store, race, race.lei) == ["open"]

    report = run_milestone_nudges(store, client, at(21))  # Saturday morning, both time zones
    run_milestone_nudges(store, client, at(21) + timedelta(hours=3))
    run_milestone_nudges(store, client, at(22))

    assert report.failed == 0
    # Lei won 30,000 of the 150,000 planned by 03-20; each in their own language, in ¥.
    assert missed_notes(emulator, people.lei.id) == [
        ":hourglass: 里程碑 *三月中检查点*（2026-03-20）未达成：完成 ¥3万 / ¥15万，差 ¥12万。"
        "需要什么支持来追上，请告诉经理。"
    ]
    assert missed_notes(emulator, people.wang.id) == [
        ":hourglass: <@U02LILEI> 未达成里程碑 *三月中检查点*（2026-03-20）："
        "完成 ¥3万 / ¥15万，差 ¥12万。"
    ]
    # Alice (no manager) won 90,000 by then: she alone hears it.
    assert missed_notes(emulator, people.alice.id) == [
        ":hourglass: Milestone *March mid-point* (2026-03-20) was missed: ¥90k of ¥150k, "
        "¥60k short. Tell your manager what would help you catch up."
    ]
    assert statuses(store, race, race.lei) == statuses(store, race, race.alice) == ["missed"]
    with store.read() as session:
        rows = [
            row
            for row in outbox_posts(session=session, workspace_id=race.workspace_id)
            if row.job.startswith("milestone-missed:")
        ]
    assert sorted((row.recipient, row.local_date, row.status) for row in rows) == [
        (people.alice.id, MILESTONE_DAY, "sent"),
        (people.lei.id, MILESTONE_DAY, "sent"),
        (people.wang.id, MILESTONE_DAY, "sent"),
    ]


def test_a_milestone_met_by_its_day_is_celebrated_not_missed(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    log(store, race, race.alice, date(2026, 3, 20), amount="60000")  # 150,000 on the day

    run_milestone_nudges(store, client, at(21))

    assert missed_notes(emulator, people.alice.id) == []
    assert any(":tada:" in m.text for m in dms(emulator, people.alice.id))
    assert statuses(store, race, race.alice) == ["met"]


def test_a_milestone_missed_long_ago_is_marked_without_a_message(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    run_milestone_nudges(store, client, at(31))  # 11 days after: stale news

    assert missed_notes(emulator, people.lei.id) == missed_notes(emulator, people.wang.id) == []
    assert statuses(store, race, race.lei) == ["missed"]


def test_a_miss_whose_messages_failed_stays_open_and_is_told_by_the_next_run(
    store: Store, emulator: Emulator, client: WebClient, race: Sandbox, people: People
) -> None:
    emulator.fail_next("chat.postMessage", status=503, times=100)  # Slack is down this morning
    first = run_milestone_nudges(store, client, at(21))
    emulator.clear_faults()

    assert first.failed > 0
    assert statuses(store, race, race.lei) == ["open"]
    assert missed_notes(emulator, people.lei.id) == []

    run_milestone_nudges(store, client, at(21) + timedelta(minutes=1))
    run_milestone_nudges(store, client, at(21) + timedelta(minutes=2))

    assert len(missed_notes(emulator, people.lei.id)) == 1
    assert len(missed_notes(emulator, people.wang.id)) == 1
    assert statuses(store, race, race.lei) == ["missed"]
