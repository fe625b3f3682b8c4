"""The weekly review, end to end: the job reads the store at a fixed `now`, posts each team's
thread through the Web API emulator, records it, and a rep's answer in the thread is kept.

The week under review is Monday 2026-03-02 to Sunday 03-08: five working days of March's
10,000 a day for each rep. Wang, the manager, lives in Shanghai and writes Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.cli import main
from bot.jobs.poster import EVENT_TYPE, outbox_key
from bot.jobs.weekly_review import run_weekly_review, team_job
from bot.sandbox import Emulator
from bot.sandbox.workspace import Message
from storage.actuals import log_actual
from storage.checkins import review_answers, reviews
from storage.members import add_team_members, create_team
from storage.outbox import claim_post, outbox_posts
from storage.records import ReviewRecord
from storage.store import Store
from storage.workspaces import update_workspace_settings
from tests.bot.conftest import People, SlackTestClient
from tests.bot.jobs.conftest import SET_UP, Sandbox, add_member
from tests.bot.listeners.entries import deps

__all__ = ["deps"]  # the store-backed app dependencies, for the thread-answer test's `slack`

WEEK = date(2026, 3, 2)
FRIDAY_1700 = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)  # 17:00 in Shanghai
THURSDAY_1700 = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
FRIDAY_1659 = datetime(2026, 3, 6, 8, 59, tzinfo=UTC)
SATURDAY_0900 = datetime(2026, 3, 7, 1, 0, tzinfo=UTC)  # the review day is over: too late


@dataclass(frozen=True)
class Teams:
    east: int  # channel #sales: Lei (a target), Mei (none), Wang (the manager, none)
    south: int  # no channel: Alice


@pytest.fixture
def teams(store: Store, sandbox: Sandbox, people: People) -> Teams:
    mei = add_member(store, sandbox.workspace_id, people.mei)
    with store.session() as session:
        update_workspace_settings(
            session=session,
            workspace_id=sandbox.workspace_id,
            actor="U04WANG",
            now=SET_UP,
            weekly_review_day=4,
            weekly_review_at=time(17, 0),
        )
        east = create_team(
            session=session,
            workspace_id=sandbox.workspace_id,
            name="华东",
            actor="U04WANG",
            now=SET_UP,
            channel_id=people.sales.id,
            manager_id=sandbox.wang,
        )
        south = create_team(
            session=session,
            workspace_id=sandbox.workspace_id,
            name="华南",
            actor="U04WANG",
            now=SET_UP,
            manager_id=sandbox.wang,
        )
        for team, members in ((east, [sandbox.lei, mei, sandbox.wang]), (south, [sandbox.alice])):
            add_team_members(
                session=session,
                workspace_id=sandbox.workspace_id,
                team_id=team.id,
                member_ids=members,
                actor="U04WANG",
                now=SET_UP,
            )
    return Teams(east.id, south.id)


def log(store: Store, sandbox: Sandbox, member_id: int, day: date, amount: str) -> None:
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=member_id,
            day=day,
            amount=Decimal(amount),
            idempotency_key=f"test:{member_id}:{day}:{amount}",
            source="checkin",
            actor="U02LILEI",
            now=SET_UP,
        )


def bot_messages(emulator: Emulator, channel: str) -> list[Message]:
    return [m for m in emulator.messages_to(channel) if m.user == emulator.bot_user_id]


def shown(message: Message) -> str:
    """Everything a reader sees in the message's blocks."""
    parts: list[str] = []
    for block in message.blocks:
        text: Any = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        for element in block.get("elements", []):
            parts.append(str(element.get("text", "")))
    return "\n".join(parts)


def recorded_reviews(store: Store, sandbox: Sandbox) -> dict[int, ReviewRecord]:
    with store.read() as session:
        return {r.team_id: r for r in reviews(session=session, workspace_id=sandbox.workspace_id)}


def test_friday_at_review_time_posts_one_thread_per_team_with_every_reps_week(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    teams: Teams,
    people: People,
) -> None:
    log(store, sandbox, sandbox.lei, date(2026, 3, 3), "35000")  # Tuesday's check-in
    log(store, sandbox, sandbox.lei, date(2026, 2, 27), "99000")  # last week: not this one

    report = run_weekly_review(store, client, FRIDAY_1700)

    assert (report.posted, report.skipped, report.failed) == (2, 0, 0)
    [east] = bot_messages(emulator, people.sales.id)
    body = shown(east)
    assert east.text == "华东 周复盘（2026-03-02 至 2026-03-08）：本周数据和四个问题"
    assert ":warning: <@U02LILEI>：完成 ¥3.5万 / 目标 ¥5万（70.0%）" in body
    assert people.mei.id not in body  # in the team, but no target this week
    assert people.wang.id not in body  # the manager has no target of his own
    for question in ("本周完成了哪些工作", "没有达成目标，原因", "哪些做法有效", "需要哪些支持"):
        assert question in body
    assert east.metadata == {
        "event_type": EVENT_TYPE,
        "event_payload": {
            "key": outbox_key(sandbox.workspace_id, team_job(teams.east), people.sales.id, WEEK)
        },
    }
    # The team without a channel: its review goes to the manager's DM instead.
    [south] = bot_messages(emulator, people.wang.id)
    assert ":warning: <@U01ALICE>：完成 ¥0 / 目标 ¥5万（0.0%）" in shown(south)
    assert people.lei.id not in shown(south)
    # Each thread is the team's review of the week, so answers in it can be found.
    assert {
        team: (r.week_start, r.channel_id, r.thread_ts)
        for team, r in recorded_reviews(store, sandbox).items()
    } == {
        teams.east: (WEEK, people.sales.id, east.ts),
        teams.south: (WEEK, emulator.dm_channel(people.wang.id), south.ts),
    }


def test_a_beaten_week_is_marked_met(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    teams: Teams,
    people: People,
) -> None:
    log(store, sandbox, sandbox.lei, date(2026, 3, 4), "60000")

    run_weekly_review(store, client, FRIDAY_1700)

    [east] = bot_messages(emulator, people.sales.id)
    assert ":white_check_mark: <@U02LILEI>：完成 ¥6万 / 目标 ¥5万（120.0%）" in shown(east)


def test_the_review_goes_out_at_the_managers_local_time_in_the_managers_language(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        team = create_team(
            session=session,
            workspace_id=sandbox.workspace_id,
            name="Americas",
            actor="U04WANG",
            now=SET_UP,
            channel_id=people.sales.id,
            manager_id=sandbox.alice,  # in New York, writing English
        )
        add_team_members(
            session=session,
            workspace_id=sandbox.workspace_id,
            team_id=team.id,
            member_ids=[sandbox.alice, sandbox.lei],
            actor="U04WANG",
            now=SET_UP,
        )
    shanghai_review_time = run_weekly_review(store, client, FRIDAY_1700)  # 04:00 in New York

    new_york_review_time = run_weekly_review(
        store,
        client,
        datetime(2026, 3, 6, 22, 0, tzinfo=UTC),  # Friday 17:00 EST
    )

    assert (shanghai_review_time.posted, new_york_review_time.posted) == (0, 1)
    [review] = bot_messages(emulator, people.sales.id)
    assert review.text.startswith("Weekly review for Americas, 2026-03-02 to 2026-03-08")
    assert ":warning: <@U01ALICE>: ¥0 of ¥50k (0.0%)" in shown(review)
    assert "<@U02LILEI>" in shown(review)


@pytest.mark.parametrize(
    "now",
    [THURSDAY_1700, FRIDAY_1659, SATURDAY_0900],
    ids=["thursday", "friday-before-time", "saturday-too-late"],
)
def test_outside_the_review_day_and_time_nothing_is_posted(
    store: Store, emulator: Emulator, client: WebClient, teams: Teams, now: datetime
) -> None:
    report = run_weekly_review(store, client, now)

    assert (report.posted, report.skipped, report.failed, report.already) == (0, 0, 0, 0)
    assert emulator.calls("chat.postMessage") == []


def test_a_second_run_posts_nothing_new(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, teams: Teams
) -> None:
    run_weekly_review(store, client, FRIDAY_1700)
    posts = len(emulator.calls("chat.postMessage"))

    again = run_weekly_review(store, client, datetime(2026, 3, 6, 12, 0, tzinfo=UTC))

    assert (again.posted, again.failed, again.already) == (0, 0, 2)
    assert len(emulator.calls("chat.postMessage")) == posts == 2
    assert len(recorded_reviews(store, sandbox)) == 2


def test_a_review_posted_by_a_run_that_died_before_marking_it_is_not_posted_again(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    teams: Teams,
    people: People,
) -> None:
    job = team_job(teams.east)
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=sandbox.workspace_id,
            job=job,
            recipient=people.sales.id,
            local_date=WEEK,
            now=FRIDAY_1700,
        )
    key = outbox_key(sandbox.workspace_id, job, people.sales.id, WEEK)
    delivered = client.chat_postMessage(
        channel=people.sales.id,
        text="华东 周复盘",
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
    )

    report = run_weekly_review(store, client, FRIDAY_1700)

    assert (report.reconciled, report.posted) == (1, 1)  # the other team's goes out as usual
    assert [m.ts for m in bot_messages(emulator, people.sales.id)] == [delivered["ts"]]
    # Found in Slack, it becomes the team's review thread all the same.
    assert recorded_reviews(store, sandbox)[teams.east].thread_ts == delivered["ts"]


def test_a_missing_channel_is_recorded_and_other_teams_still_get_their_review(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        for name, channel, member in (
            ("Alpha", "C0GONE", sandbox.lei),  # first by name; the channel was deleted
            ("Beta", people.sales.id, sandbox.alice),
        ):
            team = create_team(
                session=session,
                workspace_id=sandbox.workspace_id,
                name=name,
                actor="U04WANG",
                now=SET_UP,
                channel_id=channel,
                manager_id=sandbox.wang,
            )
            add_team_members(
                session=session,
                workspace_id=sandbox.workspace_id,
                team_id=team.id,
                member_ids=[member],
                actor="U04WANG",
                now=SET_UP,
            )

    report = run_weekly_review(store, client, FRIDAY_1700)
    again = run_weekly_review(store, client, FRIDAY_1700)

    assert (report.posted, report.failed) == (1, 1)
    [beta] = bot_messages(emulator, people.sales.id)
    assert "<@U01ALICE>" in shown(beta)
    with store.read() as session:
        rows = {
            row.recipient: (row.status, row.last_error)
            for row in outbox_posts(session=session, workspace_id=sandbox.workspace_id)
        }
    assert rows == {
        "C0GONE": ("skipped", "slack: channel_not_found"),
        people.sales.id: ("sent", None),
    }
    # Refused for good: not retried on the next run.
    assert (again.posted, again.failed, again.already) == (0, 0, 2)


def test_a_reps_answer_in_the_thread_is_kept_against_that_rep(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    teams: Teams,
    people: People,
    slack: SlackTestClient,
) -> None:
    run_weekly_review(store, client, FRIDAY_1700)
    [east] = bot_messages(emulator, people.sales.id)
    answer = "本周签了3.5万，差在两个客户延期；下周需要技术支持"

    written = emulator.post_as_user(people.lei.id, people.sales.id, answer, thread_ts=east.ts)
    reply = slack.event(
        {
            "type": "message",
            "channel": people.sales.id,
            "channel_type": "channel",
            "user": people.lei.id,
            "text": answer,
            "ts": written.ts,
            "thread_ts": east.ts,
        }
    )

    assert reply.status == 200
    review = recorded_reviews(store, sandbox)[teams.east]
    with store.read() as session:
        answers = review_answers(
            session=session, workspace_id=sandbox.workspace_id, review_id=review.id
        )
    assert [(a.member_id, a.text) for a in answers] == [(sandbox.lei, answer)]


@pytest.fixture
def environment(store: Store, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", emulator.bot_token)
    monkeypatch.setenv("SLACK_API_URL", emulator.base_url)


@pytest.mark.usefixtures("environment", "teams")
def test_summit_jobs_run_weekly_review_posts_once(
    emulator: Emulator, people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["jobs", "run", "weekly-review", "--now", "2026-03-06T17:05+08:00"]

    first = main(argv)
    first_out = capsys.readouterr().out
    second = main(argv)
    second_out = capsys.readouterr().out

    assert (first, first_out) == (0, "weekly-review: posted 2, skipped 0, failed 0\n")
    assert (second, second_out) == (
        0,
        "weekly-review: posted 0, skipped 0, failed 0 (already sent 2)\n",
    )
    assert len(bot_messages(emulator, people.sales.id)) == 1
